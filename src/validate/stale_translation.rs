//! Translations left behind: a text whose default-language (Chinese) wording changed from one
//! version to the next while its English (or other) wording stayed word for word the same.
//!
//! Staff edit the Chinese and often forget the English beside it; the English page then says
//! what the list said before. The same words may still be right (a punctuation fix), so this
//! is a warning, given per item and per field, at the changed text of the newer version.

use std::collections::HashMap;
use std::path::Path;

use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::base::message::Message;
use crate::model::{Item, Text, Version};
use crate::msg;

use super::adjustments::{date_message, lang_pos};

/// Every text of `version` (its title, issuing authority and summary, and each item's fields)
/// against the same text in `previous`, the version before it. An item is found in `previous`
/// by its id, or by the id it was `renamed_from`.
pub(super) fn check(previous: &Version, version: &Version, default: &str, diags: &mut Diagnostics) {
    let stale = Stale {
        file: &version.file,
        default,
        when: date_message(previous.date.value),
    };
    let this_version = |field: &str| msg!("本版本的 `{field}`", "this version's `{field}`");
    stale.text(
        &this_version("title"),
        &previous.title,
        &version.title,
        diags,
    );
    for (key, old, new) in [
        ("issued_by", &previous.issued_by, &version.issued_by),
        ("summary", &previous.summary, &version.summary),
    ] {
        if let (Some(old), Some(new)) = (old, new) {
            stale.text(&this_version(key), old, new, diags);
        }
    }
    let before: HashMap<&str, &Item> = (previous.items.iter())
        .map(|item| (item.id.value.as_str(), item))
        .collect();
    for item in &version.items {
        let earlier = before.get(item.id.value.as_str()).or_else(|| {
            let from = item.renamed_from.as_ref()?;
            before.get(from.value.as_str())
        });
        if let Some(earlier) = earlier {
            stale.item(earlier, item, diags);
        }
    }
}

/// What every warning of one version pair shares.
struct Stale<'a> {
    file: &'a Path,
    default: &'a str,
    /// The previous version's date.
    when: Message,
}

impl Stale<'_> {
    /// Each text field of `item` against the same field of `earlier`; list fields (materials,
    /// steps) entry by entry when both have as many entries. Keywords are not translations of
    /// each other but words people search for, in whatever language they type.
    fn item(&self, earlier: &Item, item: &Item, diags: &mut Diagnostics) {
        let id = &item.id.value;
        let field = |key: &str| msg!("事项 `{id}` 的 `{key}`", "`{key}` of the item `{id}`");
        self.text(&field("name"), &earlier.name, &item.name, diags);
        let single = [
            ("purpose", &earlier.purpose, &item.purpose),
            ("basis", &earlier.basis, &item.basis),
            ("requested_by", &earlier.requested_by, &item.requested_by),
            ("issuer", &earlier.issuer, &item.issuer),
            ("time_limit", &earlier.time_limit, &item.time_limit),
            ("fee", &earlier.fee, &item.fee),
            ("alternative", &earlier.alternative, &item.alternative),
            ("apply", &earlier.apply, &item.apply),
            ("office", &earlier.office, &item.office),
            ("hours", &earlier.hours, &item.hours),
            ("applicants", &earlier.applicants, &item.applicants),
            ("cancel_basis", &earlier.cancel_basis, &item.cancel_basis),
        ];
        for (key, old, new) in single {
            if let (Some(old), Some(new)) = (old, new) {
                self.text(&field(key), old, new, diags);
            }
        }
        // The parts of `refer_to` and `promise`, and a channel's name at the same address.
        fn parts(i: &Item) -> Vec<(String, &Text)> {
            let refer = i.refer_to.iter().flat_map(|r| r.texts());
            let promise = i.promise.iter().flat_map(|p| p.texts());
            let refer = refer.map(|(k, t)| (format!("refer_to.{k}"), t));
            refer
                .chain(promise.map(|(k, t)| (format!("promise.{k}"), t)))
                .collect()
        }
        let before = parts(earlier);
        for (key, new) in parts(item) {
            if let Some((_, old)) = before.iter().find(|(k, _)| *k == key) {
                self.text(&field(&key), old, new, diags);
            }
        }
        for channel in &item.online {
            let same_url = earlier
                .online
                .iter()
                .find(|c| c.url.value == channel.url.value);
            if let Some(old) = same_url {
                self.text(&field("online.name"), &old.name, &channel.name, diags);
            }
        }
        for (key, old, new) in [
            ("materials", &earlier.materials, &item.materials),
            ("steps", &earlier.steps, &item.steps),
        ] {
            if old.len() != new.len() {
                continue;
            }
            for (n, (old, new)) in (1..).zip(old.iter().zip(new)) {
                let entry = msg!(
                    "事项 `{id}` 的 `{key}` 第{n}条",
                    "entry {n} of `{key}` of the item `{id}`"
                );
                self.text(&entry, old, new, diags);
            }
        }
    }

    /// The warning for one text, `what` naming it, if its default-language wording changed
    /// and the wording in another language did not.
    fn text(&self, what: &Message, old: &Text, new: &Text, diags: &mut Diagnostics) {
        let default = self.default;
        match (old.get(default), new.get(default)) {
            (Some(a), Some(b)) if a != b => {}
            _ => return,
        }
        let unchanged: Vec<&str> = (new.values.iter())
            .filter(|&(code, text)| code != default && old.get(code) == Some(text))
            .map(|(code, _)| code)
            .collect();
        if unchanged.is_empty() {
            return;
        }
        let zh_langs = unchanged
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>();
        let (zh_langs, en_langs) = (zh_langs.join("、"), zh_langs.join(", "));
        let (zh_what, en_what) = (&what.zh, &what.en);
        let (zh_when, en_when) = (&self.when.zh, &self.when.en);
        diags.push(
            Diagnostic::warning(
                self.file,
                Some(lang_pos(new, default)),
                Code::StaleTranslation,
                msg!(
                    "{zh_what}：`{default}` 文本已修改，{zh_langs} 文本却与上一版本（{zh_when}）的相同，译文可能没有更新",
                    "{en_what} changed in `{default}` since the previous version ({en_when}), but its {en_langs} text did not: the translation may be stale"
                ),
            )
            .help(msg!(
                "按修改后的 `{default}` 文本更新 {zh_langs} 译文；如果译文仍然准确，可以不改",
                "update the {en_langs} text to say what the new `{default}` text says; if it still does, leave it as it is"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostics::Pos;
    use crate::fixture::{minimal_latest_text as latest_text, minimal_with_next as with_next};

    fn stale(edits: &[(&str, &str)]) -> Vec<Diagnostic> {
        let versions = with_next(edits);
        let mut diags = Diagnostics::default();
        check(&versions[1], &versions[2], "zh-CN", &mut diags);
        diags.sorted()
    }

    #[test]
    fn a_chinese_text_changed_beside_an_unchanged_english_one_is_named_by_item_and_field() {
        let found = stale(&[(
            "name: { zh-CN: 亲属关系证明, en: Proof of kinship }",
            "name: { zh-CN: 亲属关系的证明, en: Proof of kinship }",
        )]);
        let [d] = &found[..] else { panic!("{found:?}") };
        assert_eq!(
            (d.code, d.pos),
            (Code::StaleTranslation, Some(Pos::new(9, 13)))
        );
        assert_eq!(
            d.message.zh,
            "事项 `kinship` 的 `name`：`zh-CN` 文本已修改，`en` 文本却与上一版本（2023年2月21日）的相同，译文可能没有更新"
        );
        assert_eq!(
            d.message.en,
            "`name` of the item `kinship` changed in `zh-CN` since the previous version (2023-02-21), but its `en` text did not: the translation may be stale"
        );
    }

    #[test]
    fn the_versions_own_texts_and_renamed_items_are_compared_too() {
        let found = stale(&[
            (
                "zh-CN: 第一次调整, en: First adjustment",
                "zh-CN: 第二次调整, en: First adjustment",
            ),
            (
                "  - id: kinship\n    name: { zh-CN: 亲属关系证明,",
                "  - id: kin\n    renamed_from: kinship\n    name: { zh-CN: 亲属证明,",
            ),
            (
                "alternative: { zh-CN: 出示**户口簿**。,",
                "alternative: { zh-CN: 出示**居民户口簿**。,",
            ),
        ]);
        let said: Vec<(u32, &str)> = found
            .iter()
            .map(|d| {
                (
                    d.pos.unwrap().line,
                    d.message.zh.split('：').next().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            said,
            [
                (2, "本版本的 `title`"),
                (10, "事项 `kin` 的 `name`"),
                (13, "事项 `kin` 的 `alternative`"),
            ]
        );
    }

    #[test]
    fn a_text_translated_anew_or_untouched_or_in_one_language_is_not_reported() {
        for edits in [
            &[][..],
            &[(
                "name: { zh-CN: 亲属关系证明, en: Proof of kinship }",
                "name: { zh-CN: 亲属关系的证明, en: Proof of a family relationship }",
            )],
            &[("en: Proof of kinship", "en: Proof of family ties")],
            // A text in Chinese only has no translation to fall behind.
            &[("purpose: 办理居住证", "purpose: 办理居住证明")],
        ] {
            assert_eq!(stale(edits), [], "{edits:?}");
        }
    }

    #[test]
    fn list_entries_are_compared_one_by_one() {
        let edit = |materials: &str| {
            (
                "    purpose: 办理居住证\n",
                format!("    purpose: 办理居住证\n    materials:\n{materials}"),
            )
        };
        let before = edit(
            "      - { zh-CN: 身份证, en: ID card }\n      - { zh-CN: 租房合同, en: Lease }\n",
        );
        let after =
            "      - { zh-CN: 身份证, en: ID card }\n      - { zh-CN: 房屋租赁合同, en: Lease }\n";
        // Both versions with materials: the earlier one is the fixture's latest, edited.
        let mut text = latest_text();
        text = text.replacen(before.0, &before.1, 1);
        let later = text
            .replacen("date: 2023-02-21", "date: 2024-01-01", 1)
            .replacen("租房合同, en: Lease", "房屋租赁合同, en: Lease", 1);
        let (loaded, _) = crate::fixture::load_minimal(&[
            ("certificates/2023-02-21.yaml", text.as_str()),
            ("certificates/2024-01-01.yaml", later.as_str()),
        ]);
        assert!(later.contains(after));
        let versions = &loaded.content.versions;
        let mut diags = Diagnostics::default();
        check(&versions[1], &versions[2], "zh-CN", &mut diags);
        let found = diags.sorted();
        let [d] = &found[..] else { panic!("{found:?}") };
        assert!(
            d.message
                .zh
                .starts_with("事项 `residence` 的 `materials` 第2条："),
            "{}",
            d.message.zh
        );
        assert!(d
            .message
            .en
            .starts_with("entry 2 of `materials` of the item `residence`"));
    }
}
