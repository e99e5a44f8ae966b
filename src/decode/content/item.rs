//! Decoding one certificate item (an entry of a version's `items`) into `Item`.
//!
//! Apart from the version file around it because each item is decoded on its own, often in
//! parallel and from its text cut out of the file.

use std::path::Path;

use super::read_map::{scalar, text, MapReader};
use super::service::Reader;
use crate::base::codes::Code;
use crate::base::diagnostics::{suggestion, Diagnostic, Diagnostics};
use crate::base::intern::Interner;
use crate::model::{Item, Spanned, Status, Text};
use crate::msg;
use crate::yaml::{Node, Value};

pub const ITEM_KEYS: &[&str] = &[
    "id",
    "name",
    "category",
    "status",
    "purpose",
    "basis",
    "requested_by",
    "issuer",
    "materials",
    "steps",
    "time_limit",
    "fee",
    "apply",
    "office",
    "hours",
    "applicants",
    "keywords",
    "alternative",
    "cancel_basis",
    "online",
    "refer_to",
    "promise",
    "renamed_from",
    "specimen",
];

/// One entry of a version's `items`; `None` (reported) without a usable id or category.
pub(super) fn decode_item(
    path: &Path,
    node: &Node,
    lang: &str,
    interner: &Interner,
    diags: &mut Diagnostics,
) -> Option<Item> {
    let m = MapReader::new(path, node, ["事项", "an item"], ITEM_KEYS, diags)?.sharing(interner);
    let id = m.required(
        "id",
        || {
            msg!(
                "加上 `id: 英文短名`：事项的永久网址，用小写字母、数字和连字符，例如 `id: proof-of-kinship`",
                "add `id: some-name`: the item's permanent address (lowercase letters, digits, hyphens)"
            )
        },
        diags,
    );
    let name = m.required(
        "name",
        || {
            msg!(
                "加上证明名称，例如 `name: {{ zh-CN: 亲属关系证明, en: Proof of kinship }}`",
                "add the certificate's name (事项名称), e.g. `name: {{ zh-CN: 亲属关系证明, en: Proof of kinship }}`"
            )
        },
        diags,
    );
    let category = m.required(
        "category",
        || {
            msg!(
                "加上 `category:`，写 site.yaml 中某个类别的 id",
                "add `category:` with one of the category ids from site.yaml"
            )
        },
        diags,
    );
    let status = m.required(
        "status",
        || {
            msg!(
                "加上 `status: issued`（村（居）委会出具）或 `status: cancelled`（不再出具）",
                "add `status: issued` (the committee issues it) or `status: cancelled` (it no longer does)"
            )
        },
        diags,
    );
    let id = id.and_then(|n| scalar(path, n, "id", diags));
    let name = name.and_then(|n| text(path, n, "name", lang, Some(interner), diags));
    let category = category.and_then(|n| scalar(path, n, "category", diags));
    let status = (status.and_then(|n| scalar(path, n, "status", diags)))
        .and_then(|s| status_value(path, s, diags));
    let service = Reader {
        path,
        lang,
        interner,
    };
    let online = service.online(m.get("online"), diags);
    let refer_to = service.refer_to(
        m.get("refer_to"),
        m.key_pos("refer_to"),
        status.as_ref().map(|s| s.value),
        diags,
    );
    let promise = service.promise(m.get("promise"), diags);
    let item = Item {
        pos: node.pos,
        online,
        refer_to,
        promise,
        purpose: m.text("purpose", lang, diags),
        basis: m.text("basis", lang, diags),
        requested_by: m.text("requested_by", lang, diags),
        issuer: m.text("issuer", lang, diags),
        materials: m.text_list("materials", lang, diags),
        steps: m.text_list("steps", lang, diags),
        time_limit: m.text("time_limit", lang, diags),
        fee: m.text("fee", lang, diags),
        apply: m.text("apply", lang, diags),
        office: m.text("office", lang, diags),
        hours: m.text("hours", lang, diags),
        applicants: m.text("applicants", lang, diags),
        cancel_basis: m.text("cancel_basis", lang, diags),
        keywords: stand_in_list(m.text_list("keywords", lang, diags), m.get("keywords")),
        alternative: (m.text("alternative", lang, diags))
            .or_else(|| m.get("alternative").map(|_| Text::default())),
        renamed_from: m.string("renamed_from", diags),
        specimen: super::publication::specimen(path, &m, lang, interner, diags),
        id: id?,
        // A missing or unusable name or status was reported above. Stand-ins that add no
        // problem of their own (`issued`: a cancelled item would need an alternative) keep
        // the item, so that validation reports its other problems in the same run; the errors
        // stop every build, so they never reach a page. Likewise an unusable `alternative` or
        // `keywords` is not also reported as missing.
        name: name.unwrap_or_default(),
        category: category?,
        status: status.unwrap_or(Spanned {
            value: Status::Issued,
            pos: node.pos,
        }),
    };
    Some(item)
}

/// The status `s` names (reported when it names none).
fn status_value(
    path: &Path,
    s: Spanned<String>,
    diags: &mut Diagnostics,
) -> Option<Spanned<Status>> {
    let value = match s.value.as_str() {
        "issued" => Status::Issued,
        "cancelled" => Status::Cancelled,
        other => {
            let d = Diagnostic::error(
                path,
                Some(s.pos),
                Code::UnknownStatus,
                msg!(
                    "`status: {other}` 不是可用的状态",
                    "`status: {other}` is not a status"
                ),
            );
            let help = match (chinese_status(other), suggestion(other, ["issued", "cancelled"])) {
                (Some(meant), _) => msg!(
                    "状态要写英文词：“{other}”请写成 `status: {meant}`",
                    "a status is written in English: for “{other}” write `status: {meant}`"
                ),
                (None, Some(s)) => s.then(&msg!(
                    "状态只能是 `issued` 或 `cancelled`",
                    "A status is `issued` or `cancelled`"
                )),
                (None, None) => msg!(
                    "状态只能是 `issued`（村（居）委会出具）或 `cancelled`（不再出具）",
                    "a status is `issued` (the committee issues it) or `cancelled` (it no longer does)"
                ),
            };
            diags.push(d.help(help));
            return None;
        }
    };
    Some(Spanned { value, pos: s.pos })
}

/// The status a Chinese word for one means, as staff write them from the published lists
/// (保留 / 可以出具 for the list of certificates issued, 取消 / 不再出具 for the other).
fn chinese_status(word: &str) -> Option<&'static str> {
    let word = word.trim();
    let cancelled = ["取消", "不再", "不予", "不得", "不出具", "负面", "停止"];
    let issued = ["出具", "保留", "可以", "可开", "能开", "继续"];
    if cancelled.iter().any(|w| word.contains(w)) {
        Some("cancelled")
    } else if issued.iter().any(|w| word.contains(w)) {
        Some("issued")
    } else {
        None
    }
}

/// `list` as decoded from `node`, or a stand-in entry when `node` held entries that all
/// failed to decode (reported): an empty list means "none written" to the checks.
fn stand_in_list(mut list: Vec<Text>, node: Option<&Node>) -> Vec<Text> {
    let written = node.is_some_and(|n| !matches!(&n.value, Value::Seq(l) if l.is_empty()));
    if list.is_empty() && written {
        list.push(Text::default());
    }
    list
}
