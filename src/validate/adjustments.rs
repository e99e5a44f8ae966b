//! The newest version judged as an adjustment of the one before it: what `qingdan new-version`
//! copies forward and a clerk forgets to rewrite (the document number, title and summary), a
//! version that changes nothing, and texts whose translation was left behind
//! (`stale_translation`); with them, every version's document number (`document_number`).
//!
//! Only the newest pair is judged: older versions are published and not edited any more
//! (`published`), so a warning about them could not be acted on. Each check is a function of
//! two versions, so that the spreadsheet import can judge the version it makes against the
//! latest one before writing it.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::base::message::Message;
use crate::model::{
    same_channels, same_opt_by, Attachment, Content, Item, Promise, ReferTo, Text, Version,
};
use crate::msg;

use super::{document_number, stale_translation};

/// Every check of this module and its siblings over the decoded content.
pub(super) fn check(content: &Content, diags: &mut Diagnostics) {
    document_number::check(content, diags);
    let Some((previous, newest)) = newest_pair(content) else {
        return;
    };
    let default = content.site.default_language();
    copied_from_previous(previous, newest, default, diags);
    changes_nothing(previous, newest, diags);
    stale_translation::check(previous, newest, default, diags);
}

/// The two latest versions, when they are the two latest the content folder holds: a version
/// file that did not decode (reported) may lie between them or after them.
fn newest_pair(content: &Content) -> Option<(&Version, &Version)> {
    let [.., previous, newest] = &content.versions[..] else {
        return None;
    };
    let damaged_after =
        (content.damage.versions.iter()).any(|d| d.is_none_or(|d| d > previous.date.value));
    (!damaged_after).then_some((previous, newest))
}

/// A version's date as staff read it in each language: 2025年9月1日, 2025-09-01 (the name of
/// its file).
pub(super) fn date_message(date: NaiveDate) -> Message {
    let (y, m, d) = (date.year(), date.month(), date.day());
    msg!("{y}年{m}月{d}日", "{date}")
}

/// Where the `lang` text of `text` is written: its key in a map of languages, else the text.
pub(super) fn lang_pos(text: &Text, lang: &str) -> Pos {
    (text.lang_positions())
        .find(|(code, _)| *code == lang)
        .map_or(text.pos, |(_, pos)| pos)
}

/// `version` still has `previous`'s document number, title or summary (in the default
/// language): what `qingdan new-version` copies and marks `# EDIT`.
pub(super) fn copied_from_previous(
    previous: &Version,
    version: &Version,
    default: &str,
    diags: &mut Diagnostics,
) {
    let file = version.file.as_path();
    let when = date_message(previous.date.value);
    let (zh_when, en_when) = (&when.zh, &when.en);
    let edit_line = msg!(
        "（由 `qingdan new-version` 新建的文件中，`# EDIT` 注释标出了要改的地方）",
        "(in a file `qingdan new-version` made, a `# EDIT` comment marks the place)"
    );
    if let (Some(old), Some(new)) = (&previous.document, &version.document) {
        if old.value == new.value {
            let value = &new.value;
            let year = version.date.value.year();
            let agency = (value.split_once('〔').map(|(a, _)| a))
                .filter(|a| !a.is_empty())
                .unwrap_or("田民");
            diags.push(
                Diagnostic::warning(
                    file,
                    Some(new.pos),
                    Code::CopiedFromPreviousVersion,
                    msg!(
                        "本版本的文号 `{value}` 与上一版本（{zh_when}）的相同",
                        "this version's `document` number `{value}` is the previous version's ({en_when})"
                    ),
                )
                .help(
                    msg!(
                        "写上公布本次调整的文件的文号，例如 `{agency}〔{year}〕5号`",
                        "write the number of the document that publishes this adjustment, e.g. `{agency}〔{year}〕5号`"
                    )
                    .then(&edit_line),
                ),
            );
        }
    }
    let texts = [
        (
            "title",
            Some(&previous.title),
            Some(&version.title),
            msg!("标题", "title"),
            msg!("写上本次调整的标题", "write the title of this adjustment"),
        ),
        (
            "summary",
            previous.summary.as_ref(),
            version.summary.as_ref(),
            msg!("调整说明", "summary"),
            msg!(
                "写明本次调整了哪些事项、为什么调整",
                "say what this adjustment changes and why"
            ),
        ),
    ];
    for (key, old, new, what, fix) in texts {
        let (Some(old), Some(new)) = (old, new) else {
            continue;
        };
        if old.get(default).is_none() || old.get(default) != new.get(default) {
            continue;
        }
        let (zh_what, en_what) = (&what.zh, &what.en);
        diags.push(
            Diagnostic::warning(
                file,
                Some(lang_pos(new, default)),
                Code::CopiedFromPreviousVersion,
                msg!(
                    "本版本的{zh_what}（`{key}`）与上一版本（{zh_when}）的相同",
                    "this version's {en_what} (`{key}`) is the previous version's ({en_when})"
                ),
            )
            .help(fix.then(&edit_line)),
        );
    }
}

/// `version` lists the same items as `previous`, each as it was: no item added, removed,
/// renamed, cancelled, reinstated or changed. (The order of the items is not a change.)
pub(super) fn changes_nothing(previous: &Version, version: &Version, diags: &mut Diagnostics) {
    // An item that did not decode (reported) would look removed.
    if !previous.complete || !version.complete || previous.items.len() != version.items.len() {
        return;
    }
    let before: HashMap<&str, &Item> = (previous.items.iter())
        .map(|item| (item.id.value.as_str(), item))
        .collect();
    let unchanged = (version.items.iter()).all(|item| {
        before
            .get(item.id.value.as_str())
            .is_some_and(|old| same_item(old, item))
    });
    if !unchanged {
        return;
    }
    let (now, then) = (
        date_message(version.date.value),
        date_message(previous.date.value),
    );
    let (zh_now, en_now, zh_then, en_then) = (&now.zh, &now.en, &then.zh, &then.en);
    diags.push(
        Diagnostic::warning(
            &version.file,
            Some(version.date.pos),
            Code::VersionChangesNothing,
            msg!(
                "本版本（{zh_now}）与上一版本（{zh_then}）相比没有任何调整：没有新增、移出、更名、取消、恢复或修改任何事项",
                "this version ({en_now}) changes nothing compared with the previous one ({en_then}): no item is added, removed, renamed, cancelled, reinstated or changed"
            ),
        )
        .help(msg!(
            "在 `items` 中写上本次的调整（新增、取消、修改事项），在 `notes` 中说明原因；如果清单并不调整，请删除这个版本文件",
            "make this adjustment's changes in `items` (add, cancel or change items) and say why in `notes`; if the list does not change, delete this version file"
        )),
    );
}

/// The same item in two versions, wherever it is written: every field but positions.
fn same_item(a: &Item, b: &Item) -> bool {
    // Destructured, so that a new field cannot be forgotten here.
    let Item {
        pos: _,
        id,
        name,
        category,
        status,
        purpose,
        basis,
        requested_by,
        issuer,
        materials,
        steps,
        time_limit,
        fee,
        keywords,
        alternative,
        apply,
        office,
        hours,
        applicants,
        cancel_basis,
        online,
        refer_to,
        promise,
        renamed_from,
        specimen,
    } = a;
    let same_opt = |x: &Option<Text>, y: &Option<Text>| match (x, y) {
        (Some(x), Some(y)) => x.same_as(y),
        (x, y) => x.is_none() && y.is_none(),
    };
    let same_list =
        |x: &[Text], y: &[Text]| x.len() == y.len() && x.iter().zip(y).all(|(x, y)| x.same_as(y));
    id.value == b.id.value
        && name.same_as(&b.name)
        && category.value == b.category.value
        && status.value == b.status.value
        && same_opt(purpose, &b.purpose)
        && same_opt(basis, &b.basis)
        && same_opt(requested_by, &b.requested_by)
        && same_opt(issuer, &b.issuer)
        && same_list(materials, &b.materials)
        && same_list(steps, &b.steps)
        && same_opt(time_limit, &b.time_limit)
        && same_opt(fee, &b.fee)
        && same_list(keywords, &b.keywords)
        && same_opt(alternative, &b.alternative)
        && same_opt(apply, &b.apply)
        && same_opt(office, &b.office)
        && same_opt(hours, &b.hours)
        && same_opt(applicants, &b.applicants)
        && same_opt(cancel_basis, &b.cancel_basis)
        && same_channels(online, &b.online)
        && same_opt_by(refer_to, &b.refer_to, ReferTo::same_as)
        && same_opt_by(promise, &b.promise, Promise::same_as)
        && renamed_from.as_ref().map(|r| &r.value) == b.renamed_from.as_ref().map(|r| &r.value)
        && same_specimen(specimen, &b.specimen)
}

/// The same specimen: the same file and title, wherever written.
fn same_specimen(a: &Option<Attachment>, b: &Option<Attachment>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.file.value == b.file.value
                && match (&a.title, &b.title) {
                    (Some(x), Some(y)) => x.same_as(y),
                    (x, y) => x.is_none() && y.is_none(),
                }
        }
        (a, b) => a.is_none() && b.is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostics::Diagnostic;
    use crate::fixture::{minimal_latest_text as latest_text, minimal_with_next as with_next};

    fn copied(versions: &[Version]) -> Vec<Diagnostic> {
        let mut diags = Diagnostics::default();
        copied_from_previous(&versions[1], &versions[2], "zh-CN", &mut diags);
        diags.sorted()
    }

    fn nothing(versions: &[Version]) -> Vec<Diagnostic> {
        let mut diags = Diagnostics::default();
        changes_nothing(&versions[1], &versions[2], &mut diags);
        diags.sorted()
    }

    #[test]
    fn a_copy_of_the_latest_version_carries_its_document_title_and_summary() {
        let versions = with_next(&[]);
        let found = copied(&versions);
        let at: Vec<(Code, Option<Pos>)> = found.iter().map(|d| (d.code, d.pos)).collect();
        let code = Code::CopiedFromPreviousVersion;
        assert_eq!(
            at,
            [
                (code, Some(Pos::new(2, 10))),
                (code, Some(Pos::new(3, 11))),
                (code, Some(Pos::new(4, 12))),
            ]
        );
        assert_eq!(
            found[0].message.zh,
            "本版本的标题（`title`）与上一版本（2023年2月21日）的相同"
        );
        assert_eq!(
            found[1].message.zh,
            "本版本的文号 `测民〔2023〕3号` 与上一版本（2023年2月21日）的相同"
        );
        assert_eq!(
            found[1].message.en,
            "this version's `document` number `测民〔2023〕3号` is the previous version's (2023-02-21)"
        );
        let help = found[1].help.as_ref().unwrap();
        assert!(
            help.zh
                .starts_with("写上公布本次调整的文件的文号，例如 `测民〔2024〕5号`"),
            "{}",
            help.zh
        );
        assert!(
            found[2].message.en.contains("summary (`summary`)"),
            "{}",
            found[2].message.en
        );
        assert!(found.iter().all(|d| !d.is_error()));
    }

    #[test]
    fn rewritten_fields_are_not_reported_and_only_the_default_language_counts() {
        let versions = with_next(&[
            ("document: 测民〔2023〕3号", "document: 测民〔2024〕1号"),
            (
                "zh-CN: 第一次调整, en: First adjustment",
                "zh-CN: 第二次调整, en: First adjustment",
            ),
            (
                "summary: { zh-CN: 取消亲属关系证明。, en: Kinship proof is cancelled. }\n",
                "",
            ),
        ]);
        assert_eq!(copied(&versions), []);
        // The English alone rewritten: the title is still the previous one.
        let versions = with_next(&[("en: First adjustment", "en: Second adjustment")]);
        let codes: Vec<Pos> = copied(&versions).iter().filter_map(|d| d.pos).collect();
        assert_eq!(codes, [Pos::new(2, 10), Pos::new(3, 11), Pos::new(4, 12)]);
    }

    #[test]
    fn a_version_that_only_reorders_its_items_changes_nothing() {
        let versions = with_next(&[]);
        let found = nothing(&versions);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].code, found[0].pos),
            (Code::VersionChangesNothing, Some(Pos::new(1, 7)))
        );
        assert!(found[0]
            .message
            .zh
            .starts_with("本版本（2024年1月1日）与上一版本（2023年2月21日）相比没有任何调整"));
        // The same items in the other order, each now on other lines.
        let text = latest_text();
        let (head, items) = text.split_once("  - id: kinship\n").unwrap();
        let (kinship, residence) = items.split_once("  - id: residence\n").unwrap();
        let reordered = format!("{head}  - id: residence\n{residence}  - id: kinship\n{kinship}")
            .replace("date: 2023-02-21", "date: 2024-01-01");
        let (loaded, _) =
            crate::fixture::load_minimal(&[("certificates/2024-01-01.yaml", reordered.as_str())]);
        let versions: Vec<Version> = (loaded.content.versions.iter())
            .map(|v| Version::clone(v))
            .collect();
        assert_eq!(nothing(&versions).len(), 1);
    }

    #[test]
    fn any_change_to_an_item_is_a_change() {
        for edit in [
            // changed
            ("purpose: 办理居住证", "purpose: 办理居住证明"),
            ("keywords: [租房, 住址证明]", "keywords: [租房]"),
            // cancelled
            ("status: issued", "status: cancelled\n    alternative: 出示租房合同。"),
            // reinstated
            ("status: cancelled\n    alternative: { zh-CN: 出示**户口簿**。, en: Show your **household register**. }\n", "status: issued\n"),
            // renamed
            ("  - id: residence\n    renamed_from: tenancy\n", "  - id: residence-proof\n    renamed_from: residence\n"),
            // removed
            ("  - id: kinship\n    name: { zh-CN: 亲属关系证明, en: Proof of kinship }\n    category: family\n    status: cancelled\n    alternative: { zh-CN: 出示**户口簿**。, en: Show your **household register**. }\n    keywords: [亲戚关系]\n", ""),
        ] {
            let versions = with_next(&[edit]);
            assert_eq!(nothing(&versions), [], "{edit:?}");
        }
        // added
        let versions = with_next(&[(
            "items:\n",
            "items:\n  - id: birth\n    name: 出生证明\n    category: family\n    status: issued\n    keywords: [出生]\n",
        )]);
        assert_eq!(nothing(&versions), []);
    }

    #[test]
    fn only_the_newest_pair_is_judged() {
        // The minimal fixture's own versions: published, different, so nothing to say; and a
        // single version has nothing to be compared with.
        let (loaded, _) = crate::fixture::load_minimal(&[]);
        let mut diags = Diagnostics::default();
        check(&loaded.content, &mut diags);
        assert!(diags.is_empty(), "{:?}", diags.sorted());
        let mut content = loaded.content;
        content.versions.truncate(1);
        check(&content, &mut diags);
        assert!(diags.is_empty());
    }
}
