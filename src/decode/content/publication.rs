//! What a version says about its publication besides the list, and the files the content names:
//! `effective` (施行日期), `corrections` (更正), `attachments` (the 红头文件 and its annexes),
//! and an item's `specimen` (证明式样).
//!
//! Only the shape is read here, with the rules that concern one version's own dates (施行日期 and
//! every 更正 on or after the publication date, corrections in order). The files themselves are
//! read and checked later, by `decode::attachments`, where the content folder is at hand.

use std::path::Path;

use chrono::NaiveDate;

use super::read_map::{date, text, MapReader};
use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::base::intern::Interner;
use crate::model::{Attachment, Correction, Spanned};
use crate::msg;
use crate::yaml::{Node, Value};

/// The keys of an entry of a version's `attachments` and of an item's `specimen`.
pub const ATTACHMENT_KEYS: &[&str] = &["title", "file"];
/// The keys of an entry of a version's `corrections`.
pub const CORRECTION_KEYS: &[&str] = &["date", "text"];

/// A date written as `YYYY-MM-DD`, for a message: 2023年2月21日 / 2023-02-21.
fn when(d: NaiveDate) -> (String, String) {
    (d.format("%Y年%-m月%-d日").to_string(), d.to_string())
}

/// `effective`, which must not be before the version's `date`.
pub(super) fn effective(
    path: &Path,
    map: &MapReader,
    published: Option<NaiveDate>,
    diags: &mut Diagnostics,
) -> Option<Spanned<NaiveDate>> {
    let node = map.get("effective")?;
    let value = date(path, node, "effective", diags)?;
    if let Some(published) = published.filter(|&p| value < p) {
        let ((zh, en), (pub_zh, pub_en)) = (when(value), when(published));
        diags.push(
            Diagnostic::error(
                path,
                Some(node.pos),
                Code::EffectiveBeforeDate,
                msg!(
                    "施行日期（{zh}）早于这一版本的发布日期（{pub_zh}）",
                    "the effective date ({en}) is before this version's publication date ({pub_en})"
                ),
            )
            .help(msg!(
                "清单自发布之日或以后的某一天起施行：`effective` 写文件规定的施行日期，不早于 `date`；与发布日期相同时可以不写",
                "a list takes effect on or after the day it is published: write the date the document sets in `effective`, not before `date`; leave it out when it is the same day"
            )),
        );
        return None;
    }
    Some(Spanned {
        value,
        pos: node.pos,
    })
}

/// `corrections`: dated, on or after the version's `date`, oldest first.
pub(super) fn corrections(
    path: &Path,
    map: &MapReader,
    published: Option<NaiveDate>,
    lang: &str,
    interner: &Interner,
    diags: &mut Diagnostics,
) -> Vec<Correction> {
    let mut out: Vec<Correction> = Vec::new();
    for node in entries(path, map, "corrections", diags) {
        let Some(m) = MapReader::new(path, node, ["更正", "a correction"], CORRECTION_KEYS, diags)
        else {
            continue;
        };
        let m = m.sharing(interner);
        let date_node = m.required(
            "date",
            || {
                msg!(
                    "加上 `date: 年-月-日`：发布这条更正的日期",
                    "add `date: YYYY-MM-DD`: the day this correction is published"
                )
            },
            diags,
        );
        let text_node = m.required(
            "text",
            || {
                msg!(
                    "加上 `text:`，写明更正的内容，例如“第3项‘办理时限’中的‘5个工作日’更正为‘3个工作日’。”",
                    "add `text:` saying what is corrected, e.g. “In item 3, the time limit of 5 working days is corrected to 3.”"
                )
            },
            diags,
        );
        let day = date_node.and_then(|n| date(path, n, "date", diags));
        let body = text_node.and_then(|n| text(path, n, "text", lang, Some(interner), diags));
        let (Some(day), Some(date_node), Some(body)) = (day, date_node, body) else {
            continue;
        };
        if let Some(published) = published.filter(|&p| day < p) {
            let ((zh, en), (pub_zh, pub_en)) = (when(day), when(published));
            diags.push(
                Diagnostic::error(
                    path,
                    Some(date_node.pos),
                    Code::CorrectionDate,
                    msg!(
                        "更正日期（{zh}）早于这一版本的发布日期（{pub_zh}）",
                        "the correction's date ({en}) is before this version's publication date ({pub_en})"
                    ),
                )
                .help(msg!(
                    "更正是在版本发布以后作出的：`date` 写发布更正的日期，不早于版本的 `date`",
                    "a correction comes after the version is published: its `date` is the day the correction is published, not before the version's `date`"
                )),
            );
            continue;
        }
        if let Some(last) = out.last().filter(|last| day < last.date.value) {
            let ((zh, en), (last_zh, last_en)) = (when(day), when(last.date.value));
            diags.push(
                Diagnostic::error(
                    path,
                    Some(date_node.pos),
                    Code::CorrectionDate,
                    msg!(
                        "更正日期（{zh}）早于它上面那条更正的日期（{last_zh}）",
                        "the correction's date ({en}) is before the date of the correction above it ({last_en})"
                    ),
                )
                .help(msg!(
                    "更正按日期先后排列：新的更正写在 `corrections` 列表的最后",
                    "corrections are listed oldest first: add a new one at the end of `corrections`"
                )),
            );
            continue;
        }
        out.push(Correction {
            date: Spanned {
                value: day,
                pos: date_node.pos,
            },
            text: body,
        });
    }
    out
}

/// `attachments`: each with its `title` and `file`.
pub(super) fn attachments(
    path: &Path,
    map: &MapReader,
    lang: &str,
    interner: &Interner,
    diags: &mut Diagnostics,
) -> Vec<Attachment> {
    entries(path, map, "attachments", diags)
        .iter()
        .filter_map(|node| attachment(path, node, "attachments", true, lang, interner, diags))
        .collect()
}

/// An item's `specimen`: its `file`, and a `title` if the template has a name of its own.
pub(super) fn specimen(
    path: &Path,
    map: &MapReader,
    lang: &str,
    interner: &Interner,
    diags: &mut Diagnostics,
) -> Option<Attachment> {
    let node = map.get("specimen")?;
    attachment(path, node, "specimen", false, lang, interner, diags)
}

/// A `promise`'s `form`: the 承诺书 file, and a `title` if it has a name of its own.
pub(super) fn promise_form(
    path: &Path,
    node: &Node,
    lang: &str,
    interner: &Interner,
    diags: &mut Diagnostics,
) -> Option<Attachment> {
    attachment(path, node, "form", false, lang, interner, diags)
}

/// One attachment's map; `titled`: its `title` is required.
fn attachment(
    path: &Path,
    node: &Node,
    key: &str,
    titled: bool,
    lang: &str,
    interner: &Interner,
    diags: &mut Diagnostics,
) -> Option<Attachment> {
    let what = match titled {
        true => ["附件", "an attachment"],
        false if key == "form" => ["承诺书", "a commitment form"],
        false => ["证明式样", "a specimen"],
    };
    let m = MapReader::new(path, node, what, ATTACHMENT_KEYS, diags)?.sharing(interner);
    let title = match titled {
        true => m
            .required(
                "title",
                || {
                    msg!(
                        "加上 `title:`，写附件的名称，例如 `title: 关于公布村（社区）出具证明事项清单的通知`",
                        "add `title:` naming the file, e.g. `title: Notice publishing the list`"
                    )
                },
                diags,
            )
            .and_then(|n| text(path, n, "title", lang, Some(interner), diags)),
        false => m.text("title", lang, diags),
    };
    let file = m
        .required(
            "file",
            || {
                msg!(
                    "加上 `file:`，写文件在内容文件夹中的路径，例如 `file: files/2025-notice.pdf`",
                    "add `file:` with the file's path in the content folder, e.g. `file: files/2025-notice.pdf`"
                )
            },
            diags,
        )
        .and_then(|n| super::read_map::scalar(path, n, key, diags))?;
    if titled && title.is_none() {
        return None;
    }
    Some(Attachment {
        pos: node.pos,
        title,
        file,
        published: None,
    })
}

/// The entries of the list under `key` (reported when it is not a list).
fn entries<'a>(
    path: &Path,
    map: &MapReader<'a>,
    key: &str,
    diags: &mut Diagnostics,
) -> &'a [Node<'a>] {
    let Some(node) = map.get(key) else {
        return &[];
    };
    match &node.value {
        Value::Seq(list) => list,
        _ => {
            diags.push(super::read_map::not_a_list(path, node, key));
            &[]
        }
    }
}
