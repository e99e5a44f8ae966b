//! The text of the version file the import writes: the latest version's heading (title,
//! document number, issuer, summary) marked for editing as `new-version` marks them, `notes`
//! emptied, then the items, each guess above its item as a `# 请确认：` comment.
//!
//! Texts are written as YAML double-quoted strings (JSON's escapes, which YAML shares), so
//! that any cell, with line breaks, colons or quotes in it, reads back as it was.

use super::item::{OutItem, OutText};
use crate::base::message::Lang;
use crate::model::{Content, Status, Text, Version};

/// The file for `date`, from the `base` version's heading (its document number replaced by
/// `document`, the one the imported file's title block gives, if any) and `items`; the comments in
/// `lang`, the file named `source` in its first line.
pub(super) fn render(
    content: &Content,
    base: &Version,
    date: chrono::NaiveDate,
    items: &[OutItem],
    document: Option<&str>,
    source: &str,
    lang: Lang,
) -> String {
    let site = &content.site;
    let text = |t: &Text| inline(&OutText::from_text(t, site));
    let mut out = String::new();
    let zh = lang == Lang::Zh;
    let say = |zh_text: &str, en_text: &str| {
        if zh {
            zh_text.to_string()
        } else {
            en_text.to_string()
        }
    };
    out.push_str("# yaml-language-server: $schema=../../schema/version.schema.json\n");
    out.push_str(&format!(
        "# {}\n",
        say(
            &format!("由 `qingdan import` 从“{source}”生成，以 {} 版为底稿。逐条看过 `# 请确认：` 后删去这些注释。", base.date.value),
            &format!("made by `qingdan import` from “{source}”, starting from the {} version. Check every `# 请确认：` (to confirm), then delete those comments.", base.date.value),
        )
    ));
    out.push_str(&format!("date: {date}\n"));
    let confirm = |what_zh: &str, what_en: &str| format!("# 请确认：{}\n", say(what_zh, what_en));
    out.push_str(&confirm("本次调整的标题", "the title of this adjustment"));
    out.push_str(&format!("title: {}\n", text(&base.title)));
    out.push_str(&confirm(
        "文号，例如 田民〔2026〕1号",
        "the document number (文号), e.g. 田民〔2026〕1号",
    ));
    let document = document.or(base.document.as_ref().map(|d| d.value.as_str()));
    match document {
        Some(d) => out.push_str(&format!("document: {}\n", quote(d))),
        None => out.push_str("# document: \"\"\n"),
    }
    if let Some(t) = &base.issued_by {
        out.push_str(&format!("issued_by: {}\n", text(t)));
    }
    if let Some(t) = &base.summary {
        out.push_str(&confirm("调整说明", "what this adjustment changes and why"));
        out.push_str(&format!("summary: {}\n", text(t)));
    }
    out.push_str(&format!(
        "# {}\n",
        say(
            "请写明每个变化的事项为什么调整，一行一个事项编号：编号: { zh-CN: ..., en: ... }",
            "say why items change in this adjustment, one line per item id: id: { zh-CN: ..., en: ... }",
        )
    ));
    out.push_str("notes: {}\nitems:\n");
    for item in items {
        out.push('\n');
        for q in &item.questions {
            out.push_str(&format!("  # 请确认：{}\n", q.get(lang).replace('\n', " ")));
        }
        item_text(&mut out, item);
    }
    out
}

fn item_text(out: &mut String, item: &OutItem) {
    out.push_str(&format!("  - id: {}\n", item.id));
    if let Some(from) = &item.renamed_from {
        out.push_str(&format!("    renamed_from: {from}\n"));
    }
    out.push_str(&format!("    name: {}\n", inline(&item.name)));
    out.push_str(&format!("    category: {}\n", item.category));
    let status = match item.status {
        Status::Issued => "issued",
        Status::Cancelled => "cancelled",
    };
    out.push_str(&format!("    status: {status}\n"));
    let one = |out: &mut String, key: &str, t: &Option<OutText>| {
        if let Some(t) = t {
            out.push_str(&format!("    {key}: {}\n", inline(t)));
        }
    };
    let list = |out: &mut String, key: &str, ts: &[OutText]| {
        if !ts.is_empty() {
            out.push_str(&format!("    {key}:\n"));
            for t in ts {
                out.push_str(&format!("      - {}\n", inline(t)));
            }
        }
    };
    one(out, "purpose", &item.purpose);
    one(out, "basis", &item.basis);
    one(out, "requested_by", &item.requested_by);
    one(out, "issuer", &item.issuer);
    list(out, "materials", &item.materials);
    list(out, "steps", &item.steps);
    one(out, "time_limit", &item.time_limit);
    one(out, "fee", &item.fee);
    one(out, "apply", &item.apply);
    one(out, "office", &item.office);
    one(out, "hours", &item.hours);
    one(out, "applicants", &item.applicants);
    one(out, "alternative", &item.alternative);
    one(out, "cancel_basis", &item.cancel_basis);
    list(out, "keywords", &item.keywords);
    if let Some((title, file)) = &item.specimen {
        out.push_str(&attachment_line("    specimen", title, file));
    }
    service_text(out, item);
}

/// `online`, `refer_to` and `promise`, each part that is there.
fn service_text(out: &mut String, item: &OutItem) {
    if !item.online.is_empty() {
        out.push_str("    online:\n");
        for c in &item.online {
            let (name, url) = (inline(&c.name), quote(&c.url));
            out.push_str(&format!("      - {{ name: {name}, url: {url} }}\n"));
        }
    }
    let part = |out: &mut String, key: &str, t: &Option<OutText>| {
        if let Some(t) = t {
            out.push_str(&format!("      {key}: {}\n", inline(t)));
        }
    };
    if let Some(r) = &item.refer_to {
        out.push_str("    refer_to:\n");
        part(out, "agency", &r.agency);
        part(out, "address", &r.address);
        if let Some(phone) = &r.phone {
            out.push_str(&format!("      phone: {}\n", quote(phone)));
        }
        part(out, "hours", &r.hours);
    }
    if let Some(p) = &item.promise {
        out.push_str("    promise:\n");
        part(out, "conditions", &p.conditions);
        part(out, "consequences", &p.consequences);
        part(out, "verified_by", &p.verified_by);
        if let Some((title, file)) = &p.form {
            out.push_str(&attachment_line("      form", title, file));
        }
    }
}

/// `<key>: { title: …, file: "…" }` and a line break, `key` indented as it goes.
fn attachment_line(key: &str, title: &Option<OutText>, file: &str) -> String {
    let title = title.as_ref().map(|t| format!("title: {}, ", inline(t)));
    let title = title.unwrap_or_default();
    format!("{key}: {{ {title}file: {} }}\n", quote(file))
}

/// `{ zh-CN: "…", en: "…" }`.
fn inline(text: &OutText) -> String {
    let pairs: Vec<String> = (text.0.iter())
        .map(|(code, t)| format!("{code}: {}", quote(t)))
        .collect();
    format!("{{ {} }}", pairs.join(", "))
}

/// A YAML double-quoted scalar.
fn quote(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}
