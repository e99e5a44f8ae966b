//! `qingdan new-version DATE`: start the next adjustment from a copy of the latest version.
//!
//! The copy is made on the text, not through the model, so comments and layout stay as staff
//! wrote them: `date` is set, `notes` (which explain the previous adjustment) are emptied,
//! `effective`, `attachments` and `corrections` (which belong to the previous publication) are
//! left out, and `title`, `document` and `summary` are marked for editing.
//!
//! The date is typed by hand, often unpadded (2026-3-1): it is read strictly and the file is
//! named with the padded form, the only one `check` accepts as a version file name.

use chrono::NaiveDate;

use qingdan::base::codes::Code;
use qingdan::base::diagnostics::{escape_controls as shown, Diagnostic, Diagnostics};
use qingdan::base::message::{Lang, Message};
use qingdan::msg;

use crate::cmd::report::{print_list, refuse};

/// The `# EDIT:` comment above each top-level key whose value describes one publication and
/// must be rewritten for the next. The marker stays `# EDIT` in both languages: staff (and
/// the staff guide) search for it.
fn edit_comment(key: &str) -> Option<Message> {
    Some(match key {
        "title" => msg!(
            "请改写本次调整的标题",
            "the title of this adjustment (本次调整的标题)"
        ),
        "document" => msg!(
            "请改写文号，例如 田民〔2026〕1号",
            "the document number (文号), e.g. 田民〔2026〕1号"
        ),
        "summary" => msg!(
            "请改写调整说明：本次调整改了什么、为什么",
            "what this adjustment changes and why (调整说明)"
        ),
        _ => return None,
    })
}

/// The date a person typed for the new version: YYYY-MM-DD, or with a one-digit month or day
/// (2026-3-1), surrounding spaces ignored. An error says what is wrong with it.
pub fn parse_date(typed: &str) -> Result<NaiveDate, Message> {
    let example = msg!(
        "请写成 YYYY-MM-DD，例如 2026-03-01",
        "write it as YYYY-MM-DD, e.g. 2026-03-01"
    );
    let text = typed.trim();
    let not_a_date = || msg!("`{text}` 不是日期；", "`{text}` is not a date;").then(&example);
    let parts: Vec<&str> = text.split('-').collect();
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let [y, m, d] = parts[..] else {
        return Err(not_a_date());
    };
    if !(digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2)) {
        return Err(not_a_date());
    }
    let (year, month, day) = (
        y.parse().unwrap_or(0),
        m.parse().unwrap_or(0),
        d.parse().unwrap_or(0),
    );
    if !(1..=12).contains(&month) {
        let no_month = msg!(
            "`{text}` 的月份不对：没有{month}月；",
            "`{text}` has no month {month};"
        );
        return Err(no_month.then(&example));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        let no_day = msg!(
            "`{text}` 的日期不对：{y}年{month}月没有{day}日；",
            "`{text}`: {y}-{month:02} has no day {day};"
        );
        no_day.then(&example)
    })
}

/// The text of the new version file made from `latest` (the latest version's text), its
/// `# EDIT:` comments in `lang`.
pub fn next_version_text(latest: &str, date: NaiveDate, lang: Lang) -> String {
    let mut out = String::with_capacity(latest.len() + 400);
    let mut in_notes = false;
    // Inside a block of the previous publication's own, left out of the copy.
    let mut dropping = false;
    for line in latest.lines() {
        let top_key = (!line.starts_with([' ', '\t', '#', '-']))
            .then(|| line.split_once(':').map(|(k, _)| k.trim()))
            .flatten();
        if let Some(key) = top_key {
            in_notes = false;
            dropping = matches!(key, "effective" | "attachments" | "corrections");
            if dropping {
                continue;
            }
            if key == "date" {
                out.push_str(&format!("date: {date}\n"));
                continue;
            }
            if key == "notes" {
                in_notes = true;
                let (why, example) = match lang {
                    Lang::Zh => (
                        "逐项说明本次调整的原因，每个事项一行，写事项的 id：",
                        "事项id: { zh-CN: ..., en: ... }",
                    ),
                    Lang::En => (
                        "say why items change in this adjustment, one line per item id:",
                        "item-id: { zh-CN: ..., en: ... }",
                    ),
                };
                out.push_str(&format!("# EDIT: {why}\n#   {example}\nnotes: {{}}\n"));
                continue;
            }
            if let Some(what) = edit_comment(key) {
                out.push_str(&format!("# EDIT: {}\n", what.get(lang)));
            }
        } else if in_notes || dropping {
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
    let content = args.content.as_path();
    let folder = content.join("certificates");
    let refusal = |code, message| Diagnostic::error(&folder, None, code, message);
    let new_date = match parse_date(&args.date) {
        Ok(d) => d,
        Err(e) => return refuse(refusal(Code::NewVersionDate, e), global, 2),
    };
    let mut diags = Diagnostics::default();
    let sources = qingdan::read::read_content(content, global.encoding, &mut diags);
    let latest = sources.versions.iter().max_by_key(|f| f.rel.clone());
    let Some(latest) = latest else {
        print_list(&diags.sorted(), &Default::default(), global);
        let message = msg!(
            "没有可以作为起点的版本文件",
            "no version file to start from"
        );
        let help = msg!(
            "`certificates/` 中至少要有一个版本文件，例如 `certificates/2023-02-21.yaml`",
            "`certificates/` needs at least one version file, e.g. `certificates/2023-02-21.yaml`"
        );
        return refuse(
            refusal(Code::NewVersionNoVersion, message).help(help),
            global,
            1,
        );
    };
    let latest_date = latest
        .rel
        .trim_start_matches("certificates/")
        .trim_end_matches(".yaml");
    // Both are written YYYY-MM-DD (version file names are checked), so their order as text
    // is their order as dates.
    let date = new_date.to_string();
    if date.as_str() <= latest_date {
        let message = msg!(
            "{date} 不晚于最新版本（{latest_date}）；新版本的日期必须更晚",
            "{date} is not after the latest version ({latest_date}); a new version needs a later date"
        );
        let help = msg!(
            "请写一个晚于 {latest_date} 的日期",
            "give a date after {latest_date}"
        );
        let problem = refusal(Code::NewVersionNotAfter, message).help(help);
        return refuse(problem, global, 1);
    }
    let path = folder.join(format!("{date}.yaml"));
    let text = next_version_text(&latest.text, new_date, global.lang);
    write_new_version(&path, &text, latest_date, global)
}

/// Create the file (never overwriting one) and say what to edit next.
fn write_new_version(
    path: &std::path::Path,
    text: &str,
    latest_date: &str,
    global: crate::Global,
) -> std::process::ExitCode {
    match qingdan::write::output::create_new_file(path, text) {
        Ok(()) => {
            let path = shown(&path.display().to_string()).into_owned();
            let from = shown(latest_date);
            let made = msg!(
                "已创建 {path}（复制自 {from} 版）：请先改写标有 `# EDIT` 的几行，再修改事项，然后运行 `qingdan check`",
                "created {path} from {from}: edit the lines marked `# EDIT`, then the items, then run `qingdan check`"
            );
            println!("{}", made.get(global.lang));
            std::process::ExitCode::SUCCESS
        }
        Err(d) => refuse(d, global, 1),
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
            assert!(e.en.contains(says), "{typed:?}: {}", e.en);
            assert!(e.zh.contains("请写成 YYYY-MM-DD"), "{typed:?}: {}", e.zh);
        }
    }

    #[test]
    fn leaves_out_the_previous_publication_s_dates_files_and_corrections() {
        let old = "date: 2023-02-21\ntitle: x\neffective: 2023-03-01\nattachments:\n  - title: 通知\n    file: files/a.pdf\nitems:\n  - id: a\n    name: 甲\ncorrections:\n- date: 2023-03-10\n  text: 更正。\n";
        let date = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        let new = next_version_text(old, date, Lang::En);
        for gone in [
            "effective",
            "attachments",
            "files/a.pdf",
            "corrections",
            "更正。",
        ] {
            assert!(!new.contains(gone), "{gone}: {new}");
        }
        assert!(new.ends_with("items:\n  - id: a\n    name: 甲\n"), "{new}");
    }

    #[test]
    fn sets_the_date_empties_notes_and_marks_what_to_edit() {
        let old = "# yaml-language-server: $schema=x\ndate: 2023-02-21\ntitle: { zh-CN: 旧 }\ndocument: 田民〔2023〕3号\nnotes:\n  a: 因为\n  b: { zh-CN: 说明 }\nitems:\n  - id: a\n    name: 甲\n";
        let date = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        let new = next_version_text(old, date, Lang::En);
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
        let zh = next_version_text(old, date, Lang::Zh);
        assert!(
            zh.starts_with("# yaml-language-server: $schema=x\ndate: 2026-01-05\n# EDIT: 请改写本次调整的标题\ntitle:"),
            "{zh}"
        );
        assert!(zh.contains("# EDIT: 请改写文号") && zh.contains("# EDIT: 逐项说明"));
        // The rest is the same file.
        let strip = |t: &str| {
            t.lines()
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(strip(&zh), strip(&new));
    }
}
