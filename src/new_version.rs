//! `qingdan new-version DATE`: start the next adjustment from a copy of the latest version.
//!
//! The copy is made on the text, not through the model, so comments and layout stay as staff
//! wrote them: `date` is set, `notes` (which explain the previous adjustment) are emptied, and
//! `title`, `document` and `summary` are marked for editing.

use chrono::NaiveDate;

/// Top-level keys whose values describe one publication and must be rewritten for the next.
const TO_EDIT: &[(&str, &str)] = &[
    ("title", "the title of this adjustment (本次调整的标题)"),
    (
        "document",
        "the document number (文号), e.g. 田民〔2026〕1号",
    ),
    ("summary", "what this adjustment changes and why (调整说明)"),
];

/// The text of the new version file made from `latest` (the latest version's text).
pub fn next_version_text(latest: &str, date: NaiveDate) -> String {
    let mut out = String::with_capacity(latest.len() + 400);
    let mut in_notes = false;
    for line in latest.lines() {
        let top_key = (!line.starts_with([' ', '\t', '#', '-']))
            .then(|| line.split_once(':').map(|(k, _)| k.trim()))
            .flatten();
        if let Some(key) = top_key {
            in_notes = false;
            if key == "date" {
                out.push_str(&format!("date: {date}\n"));
                continue;
            }
            if key == "notes" {
                in_notes = true;
                out.push_str(
                    "# EDIT: say why items change in this adjustment, one line per item id:\n",
                );
                out.push_str("#   item-id: { zh-CN: ..., en: ... }\n");
                out.push_str("notes: {}\n");
                continue;
            }
            if let Some((_, what)) = TO_EDIT.iter().find(|(k, _)| *k == key) {
                out.push_str(&format!("# EDIT: {what}\n"));
            }
        } else if in_notes {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_the_date_empties_notes_and_marks_what_to_edit() {
        let old = "# yaml-language-server: $schema=x\ndate: 2023-02-21\ntitle: { zh-CN: 旧 }\ndocument: 田民〔2023〕3号\nnotes:\n  a: 因为\n  b: { zh-CN: 说明 }\nitems:\n  - id: a\n    name: 甲\n";
        let new = next_version_text(old, NaiveDate::from_ymd_opt(2026, 1, 5).unwrap());
        assert!(
            new.starts_with(
                "# yaml-language-server: $schema=x\ndate: 2026-01-05\n# EDIT: the title"
            ),
            "{new}"
        );
        assert!(new.contains("# EDIT: the document number"));
        assert!(
            new.contains("notes: {}\nitems:\n  - id: a\n    name: 甲\n"),
            "{new}"
        );
        assert!(!new.contains("因为"));
    }
}
