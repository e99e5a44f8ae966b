//! `qingdan diff`: the changes between two versions, for a person at a terminal (coloured on
//! a TTY, plain otherwise) or for tools (`--format json`).

use serde::Serialize;

use qingdan::derive::history::{self, FieldValue, History, ItemChange, Presence, StatusChange};
use qingdan::emit::markdown::to_plain;
use qingdan::emit::textdiff;
use qingdan::model::{Content, Item, Text};

/// Find a version by its date (`YYYY-MM-DD`); the error lists the versions that exist.
pub fn version_index(content: &Content, date: &str) -> Result<usize, String> {
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
            format!(
                "there is no version dated `{date}`; the versions are: {}",
                dates.join(", ")
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

/// The changes from version `from` to version `to` for a terminal.
pub fn text_report(
    content: &Content,
    history: &History,
    from: usize,
    to: usize,
    color: bool,
) -> String {
    let lang = content.site.default_language();
    let changes = history::compare(content, history, from, to);
    let paint = |code: &str, s: &str| match color {
        true => format!("\x1b[{code}m{s}\x1b[0m"),
        false => s.to_string(),
    };
    // Content may hold characters a terminal acts on (escape sequences, bidi overrides).
    let shown = |s: String| qingdan::base::diagnostics::escape_controls(&s).into_owned();
    let (vf, vt) = (&content.versions[from], &content.versions[to]);
    let mut out = format!(
        "{} {} → {}{}\n",
        paint("1", "Changes"),
        vf.date.value,
        vt.date.value,
        vt.document
            .as_ref()
            .map(|d| format!(" ({})", shown(d.value.clone())))
            .unwrap_or_default()
    );
    if changes.is_empty() {
        out.push_str("no item changed\n");
        return out;
    }
    for c in &changes {
        let (before, after) = items(content, history, c);
        let item = after.or(before).expect("a change has an item");
        let (mark, code) = match c.presence {
            Presence::Added | Presence::Readded { .. } => ("+", "32"),
            Presence::Removed => ("-", "31"),
            Presence::Renamed { .. } => (">", "36"),
            Presence::Kept => ("~", "33"),
        };
        out.push_str(&format!(
            "{} {:<9} {} {}",
            paint(code, mark),
            kind(c),
            c.id,
            shown(text(&item.name, lang))
        ));
        if let Presence::Renamed { from } = &c.presence {
            out.push_str(&format!(" (was {from})"));
        }
        match c.status {
            Some(StatusChange::Cancelled) => out.push_str(&paint("31", " — no longer issued")),
            Some(StatusChange::Reinstated) => out.push_str(&paint("32", " — issued again")),
            None => {}
        }
        out.push('\n');
        let (Some(b), Some(a)) = (before, after) else {
            continue;
        };
        for f in &c.fields {
            let strings = |v| strings(v, lang).into_iter().map(shown).collect::<Vec<_>>();
            let (x, y) = (strings(f.value(b)), strings(f.value(a)));
            match f.value(a) {
                FieldValue::List(_) => {
                    let xs: Vec<&str> = x.iter().map(String::as_str).collect();
                    let ys: Vec<&str> = y.iter().map(String::as_str).collect();
                    let (removed, added) = textdiff::list_changes(&xs, &ys);
                    out.push_str(&format!("    {}:\n", f.key()));
                    for r in removed {
                        out.push_str(&format!("      {}\n", paint("31", &format!("- {r}"))));
                    }
                    for a in added {
                        out.push_str(&format!("      {}\n", paint("32", &format!("+ {a}"))));
                    }
                }
                _ => {
                    let pieces = textdiff::diff(&x.concat(), &y.concat());
                    out.push_str(&format!(
                        "    {}: {}\n",
                        f.key(),
                        textdiff::to_terminal(&pieces, color)
                    ));
                }
            }
        }
    }
    out
}

/// Exit 0 with the report printed; 1 when the content has errors; 2 when the dates given do
/// not name two versions in order.
pub(crate) fn run(args: crate::DiffArgs, global: crate::Global) -> std::process::ExitCode {
    let options = qingdan::Options::read_only(args.content, global.encoding);
    match qingdan::check(&options) {
        Ok((loaded, _)) => print_diff(&loaded.content, args.from, args.to, args.format),
        Err(report) => {
            let what_now = qingdan::msg!("请先修改内容中的错误", "fix the content first");
            crate::cmd::report::fail(&report, global, &what_now)
        }
    }
}

/// Compare the two versions named (or the two latest) and print the changes.
fn print_diff(
    content: &Content,
    from: Option<String>,
    to: Option<String>,
    format: crate::DiffFormat,
) -> std::process::ExitCode {
    use qingdan::base::diagnostics::escape_controls as shown;
    use std::io::IsTerminal;
    use std::process::ExitCode;
    let n = content.versions.len();
    let date = |i: usize| content.versions[i].date.value.to_string();
    let (from, to) = match (from, to) {
        (Some(f), Some(t)) => (f, t),
        (Some(f), None) => (f, date(n - 1)),
        (None, _) if n < 2 => {
            eprintln!(
                "error: there is only one version ({}); nothing to compare",
                shown(&date(0))
            );
            return ExitCode::from(2);
        }
        (None, _) => (date(n - 2), date(n - 1)),
    };
    let (a, b) = match (version_index(content, &from), version_index(content, &to)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {}", shown(&e));
            return ExitCode::from(2);
        }
    };
    if a >= b {
        eprintln!(
            "error: `{}` must be earlier than `{}`",
            shown(&from),
            shown(&to)
        );
        return ExitCode::from(2);
    }
    let history = history::derive(content);
    match format {
        crate::DiffFormat::Json => print!("{}", json(content, &history, a, b)),
        crate::DiffFormat::Text => print!(
            "{}",
            text_report(content, &history, a, b, std::io::stdout().is_terminal())
        ),
    }
    ExitCode::SUCCESS
}
