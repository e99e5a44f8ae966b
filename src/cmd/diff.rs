//! `qingdan diff`: the changes between two versions, for a person at a terminal (coloured on
//! a TTY, plain otherwise, headings and kinds of change in the run's language) or for tools
//! (`--format json`, whose problems are JSON diagnostics with a `code` too).

use std::path::Path;

use serde::Serialize;

use qingdan::base::codes::Code;
use qingdan::base::diagnostics::Diagnostic;
use qingdan::base::message::{Lang, Message};
use qingdan::msg;

use qingdan::derive::history::{self, FieldValue, History, ItemChange, Presence, StatusChange};
use qingdan::emit::markdown::to_plain;
use qingdan::emit::textdiff;
use qingdan::model::{Content, Item, Text};

/// Find a version by its date (`YYYY-MM-DD`); the error lists the versions that exist.
pub fn version_index(content: &Content, date: &str) -> Result<usize, Message> {
    content
        .versions
        .iter()
        .position(|v| v.date.value.to_string() == date)
        .ok_or_else(|| {
            let dates: Vec<String> = content
                .versions
                .iter()
                .map(|v| v.date.value.to_string())
                .collect();
            let (zh, en) = (dates.join("、"), dates.join(", "));
            msg!(
                "没有日期为 `{date}` 的版本；现有的版本是：{zh}",
                "there is no version dated `{date}`; the versions are: {en}"
            )
        })
}

fn text(t: &Text, lang: &str) -> String {
    t.get(lang).unwrap_or_default().to_string()
}

/// A field's value as plain strings in `lang`: one for text, several for lists.
fn strings(value: FieldValue<'_>, lang: &str) -> Vec<String> {
    match value {
        FieldValue::Text(t) => t.map(|t| text(t, lang)).into_iter().collect(),
        FieldValue::Markdown(t) => t.map(|t| to_plain(&text(t, lang))).into_iter().collect(),
        FieldValue::List(list) => list.iter().map(|t| text(t, lang)).collect(),
        FieldValue::Category(id) => vec![id.to_string()],
        FieldValue::Lines(lines) => (lines.iter())
            .map(|l| match l.part {
                "channel" => l.shown(lang, lang, to_plain),
                part => format!("{part}: {}", l.shown(lang, lang, to_plain)),
            })
            .collect(),
        FieldValue::File(file) => file.map(|f| f.file.value.clone()).into_iter().collect(),
    }
}

#[derive(Serialize)]
struct JsonField {
    field: &'static str,
    before: Vec<String>,
    after: Vec<String>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    id: &'a str,
    name: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    renamed_from: Option<&'a str>,
    status_change: Option<&'static str>,
    fields: Vec<JsonField>,
}

#[derive(Serialize)]
struct JsonDiff<'a> {
    from: String,
    to: String,
    language: &'a str,
    changes: Vec<JsonChange<'a>>,
}

fn kind(c: &ItemChange) -> &'static str {
    match c.presence {
        Presence::Added => "added",
        Presence::Readded { .. } => "readded",
        Presence::Removed => "removed",
        Presence::Renamed { .. } => "renamed",
        Presence::Kept => "changed",
    }
}

/// The kind of change as a person reads it in `lang`.
fn kind_word(c: &ItemChange, lang: Lang) -> &'static str {
    match (kind(c), lang) {
        (word, Lang::En) => word,
        ("added", Lang::Zh) => "新增",
        ("readded", Lang::Zh) => "重新列入",
        ("removed", Lang::Zh) => "移出",
        ("renamed", Lang::Zh) => "更名",
        (_, Lang::Zh) => "修改",
    }
}

/// `text` followed by spaces to fill `width` terminal columns (a Chinese character fills
/// two), so that a column of kinds lines up in either language.
fn padded(text: &str, width: usize) -> String {
    let wide =
        |c: char| ('\u{2e80}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ff60}').contains(&c);
    let used: usize = text.chars().map(|c| if wide(c) { 2 } else { 1 }).sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

fn items<'c>(
    content: &'c Content,
    history: &History,
    c: &ItemChange,
) -> (Option<&'c Item>, Option<&'c Item>) {
    (
        c.before.map(|r| history.item(content, r)),
        c.after.map(|r| history.item(content, r)),
    )
}

/// The changes from version `from` to version `to` as one JSON document.
pub fn json(content: &Content, history: &History, from: usize, to: usize) -> String {
    let lang = content.site.default_language();
    let changes = history::compare(content, history, from, to);
    let out = JsonDiff {
        from: content.versions[from].date.value.to_string(),
        to: content.versions[to].date.value.to_string(),
        language: lang,
        changes: changes
            .iter()
            .map(|c| {
                let (before, after) = items(content, history, c);
                let item = after.or(before).expect("a change has an item");
                JsonChange {
                    id: &c.id,
                    name: text(&item.name, lang),
                    kind: kind(c),
                    renamed_from: match &c.presence {
                        Presence::Renamed { from } => Some(from),
                        _ => None,
                    },
                    status_change: c.status.map(StatusChange::as_str),
                    fields: c
                        .fields
                        .iter()
                        .map(|f| JsonField {
                            field: f.key(),
                            before: before
                                .map(|b| strings(f.value(b), lang))
                                .unwrap_or_default(),
                            after: after.map(|a| strings(f.value(a), lang)).unwrap_or_default(),
                        })
                        .collect(),
                }
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&out).expect("the diff serializes");
    s.push('\n');
    s
}

/// The changes from version `from` to version `to` for a terminal, in `say` (the staff's
/// language; the content is shown in the site's default language).
pub fn text_report(
    content: &Content,
    history: &History,
    (from, to): (usize, usize),
    color: bool,
    say: Lang,
) -> String {
    let t = Terminal {
        color,
        say,
        lang: content.site.default_language(),
    };
    let changes = history::compare(content, history, from, to);
    let (vf, vt) = (&content.versions[from], &content.versions[to]);
    let document = vt.document.as_ref().map(|d| t.shown(d.value.clone()));
    let (a, b) = (vf.date.value, vt.date.value);
    let heading = match document {
        Some(doc) => msg!("{a} → {b} 的变化（{doc}）", "Changes {a} → {b} ({doc})"),
        None => msg!("{a} → {b} 的变化", "Changes {a} → {b}"),
    };
    let mut out = format!("{}\n", t.paint("1", heading.get(say)));
    if changes.is_empty() {
        let none = msg!("没有事项发生变化", "no item changed");
        out.push_str(&format!("{}\n", none.get(say)));
        return out;
    }
    for c in &changes {
        let (before, after) = items(content, history, c);
        let item = after.or(before).expect("a change has an item");
        out.push_str(&t.item_line(c, item));
        let (Some(b), Some(a)) = (before, after) else {
            continue;
        };
        for f in &c.fields {
            out.push_str(&t.field_lines(f, b, a));
        }
    }
    out
}

/// How the report is written: in colour or not, in the staff's language `say`, with the
/// content's texts in its default language `lang`.
struct Terminal<'a> {
    color: bool,
    say: Lang,
    lang: &'a str,
}

impl Terminal<'_> {
    /// `s` in the terminal colour `code`, when colour is on.
    fn paint(&self, code: &str, s: &str) -> String {
        match self.color {
            true => format!("\x1b[{code}m{s}\x1b[0m"),
            false => s.to_string(),
        }
    }

    /// Content may hold characters a terminal acts on (escape sequences, bidi overrides).
    fn shown(&self, s: String) -> String {
        qingdan::base::diagnostics::escape_controls(&s).into_owned()
    }

    /// One item's line: its mark, kind, id and name, a rename and a change of status.
    fn item_line(&self, c: &ItemChange, item: &Item) -> String {
        let say = self.say;
        let (mark, code) = match c.presence {
            Presence::Added | Presence::Readded { .. } => ("+", "32"),
            Presence::Removed => ("-", "31"),
            Presence::Renamed { .. } => (">", "36"),
            Presence::Kept => ("~", "33"),
        };
        let mut line = format!(
            "{} {} {} {}",
            self.paint(code, mark),
            padded(kind_word(c, say), 9),
            c.id,
            self.shown(text(&item.name, self.lang))
        );
        if let Presence::Renamed { from } = &c.presence {
            line.push_str(msg!("（原为 `{from}`）", " (was {from})").get(say));
        }
        let status = match c.status {
            Some(StatusChange::Cancelled) => {
                Some(("31", msg!("——不再出具", " — no longer issued")))
            }
            Some(StatusChange::Reinstated) => Some(("32", msg!("——恢复出具", " — issued again"))),
            None => None,
        };
        if let Some((code, said)) = status {
            line.push_str(&self.paint(code, said.get(say)));
        }
        line.push('\n');
        line
    }

    /// One changed field of an item, `b`efore and `a`fter: a list as lines removed and added,
    /// a text as an inline diff.
    fn field_lines(&self, f: &history::Field, b: &Item, a: &Item) -> String {
        let strings = |v| {
            let list = strings(v, self.lang).into_iter();
            list.map(|s| self.shown(s)).collect::<Vec<_>>()
        };
        let (x, y) = (strings(f.value(b)), strings(f.value(a)));
        match f.value(a) {
            FieldValue::List(_) | FieldValue::Lines(_) => {
                let xs: Vec<&str> = x.iter().map(String::as_str).collect();
                let ys: Vec<&str> = y.iter().map(String::as_str).collect();
                let (removed, added) = textdiff::list_changes(&xs, &ys);
                let mut out = format!("    {}:\n", f.key());
                for r in removed {
                    let r = self.paint("31", &format!("- {r}"));
                    out.push_str(&format!("      {r}\n"));
                }
                for a in added {
                    let a = self.paint("32", &format!("+ {a}"));
                    out.push_str(&format!("      {a}\n"));
                }
                out
            }
            _ => {
                let pieces = textdiff::diff(&x.concat(), &y.concat());
                let shown = textdiff::to_terminal(&pieces, self.color);
                format!("    {}: {shown}\n", f.key())
            }
        }
    }
}

/// Exit 0 with the report printed; 1 when the content has errors; 2 when the dates given do
/// not name two versions in order. With `--format json` the problems are JSON lines too.
pub(crate) fn run(args: crate::DiffArgs, global: crate::Global) -> std::process::ExitCode {
    let global = match args.format {
        crate::DiffFormat::Json => crate::Global {
            message_format: crate::MessageFormat::Json,
            ..global
        },
        crate::DiffFormat::Text => global,
    };
    let options = qingdan::Options::read_only(args.content.clone(), global.encoding);
    match qingdan::check(&options) {
        Ok((loaded, _)) => match versions(&loaded.content, &args) {
            Ok((a, b)) => print_diff(&loaded.content, (a, b), args.format, global.lang),
            Err(problem) => crate::cmd::report::refuse(problem, global, 2),
        },
        Err(report) => {
            let what_now = msg!("请先修改内容中的错误", "fix the content first");
            crate::cmd::report::fail(&report, global, &what_now)
        }
    }
}

/// The indexes of the two versions named (or the two latest), or why they cannot be compared.
fn versions(content: &Content, args: &crate::DiffArgs) -> Result<(usize, usize), Diagnostic> {
    // A diagnostic is printed with the characters a terminal would act on escaped, so the
    // dates typed can go into it as they are.
    let folder = args.content.join("certificates");
    let refuse = |code, message| Diagnostic::error(Path::new(&folder), None, code, message);
    let n = content.versions.len();
    let date = |i: usize| content.versions[i].date.value.to_string();
    let (from, to) = match (&args.from, &args.to) {
        (Some(f), Some(t)) => (f.clone(), t.clone()),
        (Some(f), None) => (f.clone(), date(n - 1)),
        (None, _) if n < 2 => {
            let only = date(0);
            let message = msg!(
                "只有一个版本（{only}），没有可以比较的",
                "there is only one version ({only}); nothing to compare"
            );
            return Err(refuse(Code::DiffOneVersion, message));
        }
        (None, _) => (date(n - 2), date(n - 1)),
    };
    let (a, b) = (version_index(content, &from), version_index(content, &to));
    let (a, b) = match (a, b) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            let help = msg!(
                "请写列出的版本日期之一，格式为 YYYY-MM-DD",
                "give one of the dates listed, as YYYY-MM-DD"
            );
            return Err(refuse(Code::DiffUnknownVersion, e).help(help));
        }
    };
    if a >= b {
        let message = msg!(
            "`{from}` 必须早于 `{to}`",
            "`{from}` must be earlier than `{to}`"
        );
        let help = msg!(
            "先写较早的日期，再写较晚的日期",
            "give the earlier date first"
        );
        return Err(refuse(Code::DiffOrder, message).help(help));
    }
    Ok((a, b))
}

/// Print the changes from version `a` to version `b`.
fn print_diff(
    content: &Content,
    (a, b): (usize, usize),
    format: crate::DiffFormat,
    lang: Lang,
) -> std::process::ExitCode {
    use std::io::IsTerminal;
    let history = history::derive(content);
    match format {
        crate::DiffFormat::Json => print!("{}", json(content, &history, a, b)),
        crate::DiffFormat::Text => {
            let color = std::io::stdout().is_terminal();
            print!("{}", text_report(content, &history, (a, b), color, lang))
        }
    }
    std::process::ExitCode::SUCCESS
}
