//! Cross-checks on the other lists (`model::lists`), as on the certificate versions: a
//! version's date is its file's, no two versions share a date, ids are addresses and unique in
//! a version, notes name an item of the version or one it removes, document numbers follow
//! GB/T 9704, and texts are in configured languages.

use std::collections::{HashMap, HashSet};

use super::document_number::check_document_number;
use super::{check_text_langs, language_codes, MAX_ID_LEN};
use crate::base::codes::Code;
use crate::base::diagnostics::{suggestion, Diagnostic, Diagnostics};
use crate::model::lists::{KindList, ListVersion};
use crate::model::{is_slug, Content};
use crate::msg;

pub(super) fn check(content: &Content, diags: &mut Diagnostics) {
    let langs = language_codes(content);
    for list in &content.lists {
        check_dates(list, diags);
        for (v, version) in list.versions.iter().enumerate() {
            let before = v.checked_sub(1).map(|b| &list.versions[b]);
            // Notes of an incomplete version may name the items that did not decode.
            check_version(version, before.filter(|_| version.complete), diags);
            for t in version.texts() {
                check_text_langs(&version.file, t, &langs, diags);
            }
            if let Some(document) = &version.document {
                check_document_number(&version.file, document, diags);
            }
        }
    }
}

fn check_dates(list: &KindList, diags: &mut Diagnostics) {
    let mut seen: HashMap<chrono::NaiveDate, &std::path::Path> = HashMap::new();
    for version in &list.versions {
        let (file, date) = (&version.file, version.date.value);
        if let Some(mismatch) = super::date_mismatch(file, &version.date, version.file_date) {
            diags.push(mismatch);
        }
        if let Some(other) = seen.insert(date, file) {
            let other = other.display();
            diags.push(
                Diagnostic::error(
                    file,
                    Some(version.date.pos),
                    Code::DuplicateDate,
                    msg!(
                        "这份清单的另一个版本日期与此相同：{other}",
                        "another version of this list has the same date: {other}"
                    ),
                )
                .help(msg!(
                    "每个版本要有自己的日期",
                    "each version needs its own date"
                )),
            );
        }
    }
}

fn check_version(version: &ListVersion, before: Option<&ListVersion>, diags: &mut Diagnostics) {
    let file = version.file.as_path();
    let mut lines: HashMap<&str, u32> = HashMap::new();
    for item in &version.items {
        let id = &item.id.value;
        if !is_slug(id) || id.len() > MAX_ID_LEN {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(item.id.pos),
                    Code::InvalidId,
                    msg!(
                        "id `{id}` 不能用作事项的固定网址",
                        "the id `{id}` cannot be a permanent address"
                    ),
                )
                .help(msg!(
                    "id 只用小写字母 a-z、数字和单个连字符（不能有 `/`、`.` 或空格），最多{MAX_ID_LEN}个字符，例如 `census-assistance`",
                    "an id uses lowercase letters a-z, digits and single hyphens (no `/`, `.` or spaces), at most {MAX_ID_LEN} characters, e.g. `census-assistance`"
                )),
            );
        }
        if let Some(line) = lines.insert(id, item.id.pos.line) {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(item.id.pos),
                    Code::DuplicateId,
                    msg!(
                        "id `{id}` 在这个版本里用了两次（第一次在第{line}行）",
                        "the id `{id}` is used twice in this version (first on line {line})"
                    ),
                )
                .help(msg!(
                    "每个事项要有自己的 id；一个 id 永远只属于一个事项",
                    "give each item its own id; an id belongs to one item forever"
                )),
            );
        }
    }
    let removed: HashSet<&str> = (before.iter())
        .flat_map(|b| b.items.iter().map(|i| i.id.value.as_str()))
        .filter(|id| !lines.contains_key(id))
        .collect();
    let notes = match version.complete {
        true => &version.notes[..],
        false => &[],
    };
    for (id, _) in notes {
        let value = id.value.as_str();
        if lines.contains_key(value) || removed.contains(value) {
            continue;
        }
        let known: Vec<&str> = lines.keys().chain(removed.iter()).copied().collect();
        let mut help = msg!(
            "说明的键写本版本中某个事项的 id，或本版本删去的事项的 id",
            "key a note by the id of an item in this version or of one it removes"
        );
        if let Some(s) = suggestion(value, known.iter().copied()) {
            help = s.then(&help);
        }
        diags.push(
            Diagnostic::error(
                file,
                Some(id.pos),
                Code::NoteUnknownItem,
                msg!(
                    "调整说明对应的事项 `{value}` 不在这个版本里，也不是这个版本删去的",
                    "the note's item `{value}` is neither in this version nor removed by it"
                ),
            )
            .help(help),
        );
    }
}
