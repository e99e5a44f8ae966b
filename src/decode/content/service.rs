//! Decoding an item's `online` (线上办理渠道), `refer_to` (where to go instead) and `promise`
//! (告知承诺): small maps inside an item, each with its own keys, checked as they are read
//! (an address as the site's other addresses, a telephone as the site's contact numbers).

use std::path::Path;

use super::checks::{address_problem, refused_address, Also};
use super::read_map::{MapReader, Named};
use super::site::phone_ok;
use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::base::intern::Interner;
use crate::model::{Channel, Promise, ReferTo, Status, Text};
use crate::msg;
use crate::yaml::{Node, Value};

/// The keys of one entry of `online`.
pub const CHANNEL_KEYS: &[&str] = &["name", "url"];
/// The keys of `refer_to`.
pub const REFER_TO_KEYS: &[&str] = &["agency", "address", "phone", "hours"];
/// The keys of `promise`: its three texts and the 承诺书 (`form`) to download.
pub const PROMISE_KEYS: &[&str] = &["conditions", "consequences", "verified_by", "form"];

/// What an item's service fields decode with: its file, default language and interner.
pub(super) struct Reader<'a> {
    pub path: &'a Path,
    pub lang: &'a str,
    pub interner: &'a Interner,
}

impl Reader<'_> {
    fn map<'n>(
        &'n self,
        node: &'n Node<'n>,
        what: Named,
        keys: &[&str],
        diags: &mut Diagnostics,
    ) -> Option<MapReader<'n>> {
        Some(MapReader::new(self.path, node, what, keys, diags)?.sharing(self.interner))
    }

    /// A required text of `m`, with `example` as the help when it is missing.
    fn required_text(
        &self,
        m: &MapReader,
        key: &str,
        example: impl FnOnce() -> crate::base::message::Message,
        diags: &mut Diagnostics,
    ) -> Option<Text> {
        m.required(key, example, diags)?;
        m.text(key, self.lang, diags)
    }

    /// `online`: a list of `{ name, url }`, each address an `https://` one.
    pub(super) fn online(&self, node: Option<&Node>, diags: &mut Diagnostics) -> Vec<Channel> {
        let Some(node) = node else {
            return Vec::new();
        };
        let Value::Seq(entries) = &node.value else {
            let [found_zh, found_en] = node.kind_name();
            diags.push(
                Diagnostic::error(
                    self.path,
                    Some(node.pos),
                    Code::NotAList,
                    msg!(
                        "`online` 应当是列表，这里却是{found_zh}",
                        "`online` must be a list, found {found_en}"
                    ),
                )
                .help(msg!(
                    "每个渠道单独一行，以“- ”开头，例如 `- {{ name: 安徽政务服务网, url: \"https://www.ahzwfw.gov.cn/\" }}`",
                    "write each channel on its own line starting with `- `, e.g. \
                     `- {{ name: 安徽政务服务网, url: \"https://www.ahzwfw.gov.cn/\" }}`"
                )),
            );
            return Vec::new();
        };
        entries
            .iter()
            .filter_map(|entry| self.channel(entry, diags))
            .collect()
    }

    fn channel(&self, node: &Node, diags: &mut Diagnostics) -> Option<Channel> {
        let m = self.map(
            node,
            ["线上办理渠道", "an online channel"],
            CHANNEL_KEYS,
            diags,
        )?;
        let name = self.required_text(
            &m,
            "name",
            || {
                msg!(
                    "加上渠道名称，例如 `name: 安徽政务服务网`",
                    "add the channel's name, e.g. `name: 安徽政务服务网`"
                )
            },
            diags,
        );
        let hint = || {
            msg!(
                "加上渠道的网址，例如 `url: \"https://www.ahzwfw.gov.cn/\"`",
                "add the channel's address, e.g. `url: \"https://www.ahzwfw.gov.cn/\"`"
            )
        };
        m.required("url", hint, diags);
        let url = m.string("url", diags).filter(|url| {
            let problem = address_problem(&url.value, Also::Nothing);
            if let Some(problem) = &problem {
                diags.push(refused_address(
                    self.path,
                    url.pos,
                    "url",
                    &url.value,
                    problem,
                    Also::Nothing,
                    "https://www.ahzwfw.gov.cn/",
                ));
            }
            problem.is_none()
        });
        Some(Channel {
            pos: node.pos,
            name: name?,
            url: url?,
        })
    }

    /// `refer_to`: the agency to go to instead; warned about (at its `key`) on an issued item.
    pub(super) fn refer_to(
        &self,
        node: Option<&Node>,
        key: Option<Pos>,
        status: Option<Status>,
        diags: &mut Diagnostics,
    ) -> Option<ReferTo> {
        let node = node?;
        let m = self.map(node, ["`refer_to`", "`refer_to`"], REFER_TO_KEYS, diags)?;
        let agency = self.required_text(
            &m,
            "agency",
            || {
                msg!(
                    "加上要去的部门，例如 `agency: 户籍所在地公安派出所`",
                    "add the agency to go to, e.g. `agency: 户籍所在地公安派出所`"
                )
            },
            diags,
        );
        let phone = (m.string("phone", diags)).filter(|p| phone_ok(self.path, "phone", p, diags));
        if status == Some(Status::Issued) {
            diags.push(
                Diagnostic::warning(
                    self.path,
                    Some(key.unwrap_or(node.pos)),
                    Code::ReferToOnIssued,
                    msg!(
                        "仍由村（居）民委员会出具的事项写了 `refer_to`（改到哪里办理）",
                        "an item the committee still issues has `refer_to` (where to go instead)"
                    ),
                )
                .help(msg!(
                    "`refer_to` 只用于不再出具的事项。这项证明仍然出具的，删去 `refer_to`；已不再出具的，把 `status` 改为 `cancelled`，并写明替代方式（`alternative`）",
                    "`refer_to` is for items no longer issued. If the committee still issues this \
                     certificate, remove `refer_to`; if it no longer does, write \
                     `status: cancelled` and give the `alternative`"
                )),
            );
        }
        Some(ReferTo {
            pos: node.pos,
            agency: agency?,
            address: m.text("address", self.lang, diags),
            phone,
            hours: m.text("hours", self.lang, diags),
        })
    }

    /// `promise`: the written commitment (告知承诺), all three parts required.
    pub(super) fn promise(&self, node: Option<&Node>, diags: &mut Diagnostics) -> Option<Promise> {
        let node = node?;
        let m = self.map(node, ["`promise`", "`promise`"], PROMISE_KEYS, diags)?;
        let conditions = self.required_text(
            &m,
            "conditions",
            || {
                msg!(
                    "加上 `conditions:`：谁可以承诺、承诺什么内容",
                    "add `conditions:`: who may make the promise and what it says"
                )
            },
            diags,
        );
        let consequences = self.required_text(
            &m,
            "consequences",
            || {
                msg!(
                    "加上 `consequences:`：承诺不实要承担什么后果",
                    "add `consequences:`: what happens when the promise proves false"
                )
            },
            diags,
        );
        let verified_by = self.required_text(
            &m,
            "verified_by",
            || {
                msg!(
                    "加上 `verified_by:`：由哪个部门事后核查",
                    "add `verified_by:`: who checks the promise afterwards"
                )
            },
            diags,
        );
        let form = (m.get("form")).and_then(|node| {
            super::publication::promise_form(self.path, node, self.lang, self.interner, diags)
        });
        Some(Promise {
            pos: node.pos,
            conditions: conditions?,
            consequences: consequences?,
            verified_by: verified_by?,
            form,
        })
    }
}
