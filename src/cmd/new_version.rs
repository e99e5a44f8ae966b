//! `qingdan new-version DATE`: start the next adjustment from a copy of the latest version.
//!
//! The copy is made on the text, not through the model, so comments and layout stay as staff
//! wrote them: `date` is set, `notes` (which explain the previous adjustment) are emptied, and
//! `title`, `document` and `summary` are marked for editing.
//!
//! The date is typed by hand, often unpadded (2026-3-1): it is read strictly and the file is
//! named with the padded form, the only one `check` accepts as a version file name.

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

/// The date a person typed for the new version: YYYY-MM-DD, or with a one-digit month or day
/// (2026-3-1), surrounding spaces ignored. An error says what is wrong with it.
pub fn parse_date(typed: &str) -> Result<NaiveDate, String> {
    let example = "write it as YYYY-MM-DD, e.g. 2026-03-01";
    let text = typed.trim();
    let parts: Vec<&str> = text.split('-').collect();
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let [y, m, d] = parts[..] else {
        return Err(format!("`{text}` is not a date; {example}"));
    };
    if !(digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2)) {
        return Err(format!("`{text}` is not a date; {example}"));
    }
    let (year, month, day) = (
        y.parse().unwrap_or(0),
        m.parse().unwrap_or(0),
        d.parse().unwrap_or(0),
    );
    if !(1..=12).contains(&month) {
        return Err(format!("`{text}` has no month {month}; {example}"));
    }
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("`{text}`: {y}-{month:02} has no day {day}; {example}"))
}

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

/// Exit 0 when the new version file was created; 2 for a date that cannot be read; 1 when
/// there is nothing to copy, the date is not after the latest, or the file cannot be written.
pub(crate) fn run(args: &crate::NewVersionArgs, global: crate::Global) -> std::process::ExitCode {
    use qingdan::base::diagnostics::escape_controls as shown;
    use std::process::ExitCode;
    let content = args.content.as_path();
    let new_date = match parse_date(&args.date) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {}", shown(&e));
            return ExitCode::from(2);
        }
    };
    let mut diags = qingdan::base::diagnostics::Diagnostics::default();
    let sources = qingdan::read::source::read_content(content, global.encoding, &mut diags);
    let latest = sources.versions.iter().max_by_key(|f| f.rel.clone());
    let Some(latest) = latest else {
        for d in diags.sorted() {
            eprintln!("{d}");
        }
        eprintln!(
            "error: no version file to start from in {}",
            shown(&content.join("certificates").display().to_string())
        );
        return ExitCode::from(1);
    };
    let latest_date = latest
        .rel
        .trim_start_matches("certificates/")
        .trim_end_matches(".yaml");
    // Both are written YYYY-MM-DD (version file names are checked), so their order as text
    // is their order as dates.
    let date = new_date.to_string();
    if date.as_str() <= latest_date {
        eprintln!(
            "error: {date} is not after the latest version ({}); a new version needs a later date",
            shown(latest_date)
        );
        return ExitCode::from(1);
    }
    let path = content.join("certificates").join(format!("{date}.yaml"));
    write_new_version(
        &path,
        &next_version_text(&latest.text, new_date),
        latest_date,
    )
}

/// Create the file (never overwriting one) and say what to edit next.
fn write_new_version(
    path: &std::path::Path,
    text: &str,
    latest_date: &str,
) -> std::process::ExitCode {
    use qingdan::base::diagnostics::escape_controls as shown;
    use std::process::ExitCode;
    match qingdan::write::output::create_new_file(path, text) {
        Ok(()) => {
            println!(
                "created {} from {}: edit the lines marked `# EDIT`, then the items, then run `qingdan check`",
                shown(&path.display().to_string()),
                shown(latest_date)
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{d}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_padded_and_unpadded_dates_only() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for (typed, want) in [
            ("2026-03-01", date(2026, 3, 1)),
            ("2026-3-1", date(2026, 3, 1)),
            ("2026-12-9", date(2026, 12, 9)),
            (" 2026-01-01", date(2026, 1, 1)),
            ("2024-02-29\n", date(2024, 2, 29)),
        ] {
            assert_eq!(parse_date(typed), Ok(want), "{typed:?}");
        }
        for (typed, says) in [
            ("2026-02-30", "2026-02 has no day 30"),
            ("2025-02-29", "2025-02 has no day 29"),
            ("2026-13-01", "has no month 13"),
            ("2026-00-01", "has no month 0"),
            ("2026-01-00", "has no day 0"),
            ("26-3-1", "is not a date"),
            ("2026-003-1", "is not a date"),
            ("2026/03/01", "is not a date"),
            ("2026-03-01-", "is not a date"),
            ("2026-+3-1", "is not a date"),
            ("2026-03-01x", "is not a date"),
            ("２０２６-03-01", "is not a date"),
            ("2026 -03-01", "is not a date"),
            ("", "is not a date"),
        ] {
            let e = parse_date(typed).unwrap_err();
            assert!(e.contains(says), "{typed:?}: {e}");
        }
    }

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
