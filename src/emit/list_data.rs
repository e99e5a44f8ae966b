//! The files of the other lists besides their pages: per kind, the open data
//! `data/lists/<kind>.json` (every version), the list in force as `data/lists/<kind>.csv`
//! (UTF-8 with BOM, CRLF, as `data/certificates.csv`) and `data/lists/<kind>.xlsx` (one per
//! language, as the certificate workbooks), and the Atom feed `lists/<kind>/atom.xml` (one
//! entry per version) in every language. Everything comes from the content, never the clock,
//! so rebuilds are byte-identical.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};
use serde::Serialize;

use super::counts;
use crate::base::codes::Code;
use crate::base::diagnostics::Diagnostic;
use crate::base::output_file::OutputFile;
use crate::derive::lists::{history, ListHistory};
use crate::emit::dates::is_chinese;
use crate::emit::markdown::{escape, to_html_absolute};
use crate::model::lists::{KindList, ListField, ListKind, ListVersion};
use crate::model::{Content, LangMap, Text};
use crate::msg;

/// The list's name on this site in language `lang`: its `title`, else the kind's standard name.
pub(crate) fn title(content: &Content, list: &KindList, lang: usize) -> String {
    let code = &content.site.languages[lang].code;
    match &list.decl.title {
        Some(t) => t.get_or(code, content.site.default_language()).to_string(),
        None => {
            let [zh, en] = list.kind().standard_name();
            (if is_chinese(code) { zh } else { en }).to_string()
        }
    }
}

/// `data/lists/<kind>.<ext>`.
pub(crate) fn path(list: &KindList, ext: &str) -> String {
    format!("data/lists/{}.{ext}", list.kind().as_str())
}

fn lang_prefix(content: &Content, lang: usize) -> String {
    match lang {
        0 => String::new(),
        _ => format!("{}/", content.site.languages[lang].code),
    }
}

/// The workbook of the list in force in language `lang`: `data/lists/<kind>.xlsx`, with the
/// language code before `.xlsx` for all but the default (as `data/certificates.en.xlsx`).
pub(crate) fn xlsx_path(content: &Content, list: &KindList, lang: usize) -> String {
    match lang {
        0 => path(list, "xlsx"),
        _ => path(list, &format!("{}.xlsx", content.site.languages[lang].code)),
    }
}

/// The feed of language `lang`: `lists/<kind>/atom.xml`, under `<code>/` for all but the default.
pub(crate) fn feed_path(content: &Content, list: &KindList, lang: usize) -> String {
    format!(
        "{}lists/{}/atom.xml",
        lang_prefix(content, lang),
        list.kind().as_str()
    )
}

/// The column headings of a kind in Chinese or English, after 序号.
fn heading(kind: ListKind, field: ListField, zh: bool) -> &'static str {
    match (kind, field, zh) {
        (ListKind::Burdens, ListField::Name, true) => "事项",
        (ListKind::Burdens, ListField::Responsible, true) => "应由谁承担",
        (ListKind::Burdens, ListField::Responsible, false) => "Who should do it",
        (_, ListField::Name, true) => "事项名称",
        (_, ListField::Content, true) => "事项内容",
        (_, ListField::Reason, true) => "不应承担的原因",
        (_, ListField::Responsible, true) => "责任主体",
        (_, ListField::Basis, true) => "依据",
        (_, ListField::Name, false) => "Item",
        (_, ListField::Content, false) => "What it involves",
        (_, ListField::Reason, false) => "Why not",
        (_, ListField::Responsible, false) => "Responsible",
        (_, ListField::Basis, false) => "Basis",
    }
}

/// Every file of every kind, each kind's as one job of the build.
pub(crate) fn files(content: &Content, k: usize) -> Result<Vec<OutputFile>, Diagnostic> {
    let list = &content.lists[k];
    let Some(current) = list.versions.last() else {
        return Ok(Vec::new());
    };
    let history = history(list);
    let mut files = vec![
        OutputFile {
            path: path(list, "json"),
            bytes: json(list),
        },
        OutputFile {
            path: path(list, "csv"),
            bytes: csv(content, list, current),
        },
    ];
    for lang in 0..content.site.languages.len() {
        let bytes = xlsx(content, list, current, lang).map_err(|e| {
            let e = e.to_string();
            Diagnostic::error(
                &current.file,
                Some(current.date.pos),
                Code::SpreadsheetFailed,
                msg!(
                    "这份清单的 Excel 表格无法生成：{e}",
                    "this list's Excel workbook cannot be made: {e}"
                ),
            )
            .help(msg!(
                "Excel 一个单元格最多 32767 个字符：检查这一版本有没有异常长的文字",
                "an Excel cell holds at most 32,767 characters: check the version for an unusually long text"
            ))
        })?;
        files.push(OutputFile {
            path: xlsx_path(content, list, lang),
            bytes,
        });
        files.push(atom(content, list, &history, lang));
    }
    Ok(files)
}

#[derive(Serialize)]
struct ListJson<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a LangMap>,
    /// Oldest first.
    versions: Vec<VersionJson<'a>>,
}

#[derive(Serialize)]
struct VersionJson<'a> {
    date: String,
    title: &'a LangMap,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued_by: Option<&'a LangMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a LangMap>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<NoteJson<'a>>,
    items: Vec<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Serialize)]
struct NoteJson<'a> {
    id: &'a str,
    text: &'a LangMap,
}

fn json(list: &KindList) -> Vec<u8> {
    let versions = (list.versions.iter())
        .map(|v| VersionJson {
            date: v.date.value.to_string(),
            title: &v.title.values,
            document: v.document.as_ref().map(|d| d.value.as_str()),
            issued_by: v.issued_by.as_ref().map(|t| &t.values),
            summary: v.summary.as_ref().map(|t| &t.values),
            notes: (v.notes.iter())
                .map(|(id, t)| NoteJson {
                    id: &id.value,
                    text: &t.values,
                })
                .collect(),
            items: (v.items.iter())
                .map(|item| {
                    let mut map = serde_json::Map::new();
                    map.insert("id".into(), item.id.value.clone().into());
                    for (field, text) in &item.fields {
                        let value = serde_json::to_value(&text.values).expect("plain data");
                        map.insert(field.key().into(), value);
                    }
                    map
                })
                .collect(),
        })
        .collect();
    let value = ListJson {
        kind: list.kind().as_str(),
        title: list.decl.title.as_ref().map(|t| &t.values),
        versions,
    };
    let mut bytes = serde_json::to_vec_pretty(&value).expect("plain data serializes");
    bytes.push(b'\n');
    bytes
}

/// The list in force as CSV in the default language: 序号, id, then the kind's columns.
fn csv(content: &Content, list: &KindList, version: &ListVersion) -> Vec<u8> {
    let default = content.site.default_language();
    let kind = list.kind();
    let mut out = String::from("\u{FEFF}");
    let mut header = vec!["序号".to_string(), "id".to_string()];
    header.extend(
        kind.fields()
            .iter()
            .map(|&f| heading(kind, f, true).to_string()),
    );
    crate::emit::export::push_row(&mut out, header);
    for (n, item) in version.items.iter().enumerate() {
        let mut row = vec![(n + 1).to_string(), item.id.value.clone()];
        row.extend(kind.fields().iter().map(|&f| {
            item.get(f)
                .map(|t| t.get_or(default, default).to_string())
                .unwrap_or_default()
        }));
        crate::emit::export::push_row(&mut out, row);
    }
    out.into_bytes()
}

/// The list in force as a workbook in language `lang`: its title, its document line, then a
/// numbered table.
fn xlsx(
    content: &Content,
    list: &KindList,
    version: &ListVersion,
    lang: usize,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let code = &content.site.languages[lang].code;
    let default = content.site.default_language();
    let zh = lang == 0 || is_chinese(code);
    let plain = |t: &Text| t.get_or(code, default).to_string();
    let kind = list.kind();
    let mut book = Workbook::new();
    use chrono::Datelike;
    let date = version.date.value;
    let created = ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)
        .or_else(|_| ExcelDateTime::from_ymd(1900, 1, 1))?;
    book.set_properties(
        &DocProperties::new()
            .set_title(plain(&version.title))
            .set_creation_datetime(&created),
    );
    let ws = book.add_worksheet();
    ws.set_name(if zh { "清单" } else { "List" })?;
    let last = kind.fields().len() as u16;
    let title_format = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let count = version.items.len();
    let title = match zh {
        true => format!("{}（共{count}项）", plain(&version.title)),
        false => format!("{} ({})", plain(&version.title), counts::items(count)),
    };
    ws.merge_range(
        0,
        0,
        0,
        last,
        &crate::emit::spreadsheet::fit_cell(title),
        &title_format,
    )?;
    let doc = version.document.as_ref().map(|d| d.value.as_str());
    let line = match zh {
        true => {
            let mut parts: Vec<String> = doc.map(|d| format!("文号：{d}")).into_iter().collect();
            parts.push(format!("发布日期：{}", date.format("%Y年%-m月%-d日")));
            parts.join("　")
        }
        false => {
            let mut parts: Vec<String> =
                doc.map(|d| format!("Document: {d}")).into_iter().collect();
            parts.push(format!("Date: {date}"));
            parts.join("; ")
        }
    };
    ws.merge_range(1, 0, 1, last, &line, &Format::new())?;
    let header = Format::new().set_bold().set_text_wrap();
    let rows = crate::emit::spreadsheet::TITLE_ROWS;
    ws.write_string_with_format(rows, 0, if zh { "序号" } else { "No." }, &header)?;
    ws.set_column_width(0, 6)?;
    for (c, &field) in kind.fields().iter().enumerate() {
        let c = c as u16 + 1;
        ws.write_string_with_format(rows, c, heading(kind, field, zh), &header)?;
        ws.set_column_width(c, if field == ListField::Name { 28 } else { 40 })?;
    }
    ws.set_freeze_panes(rows + 1, 0)?;
    let wrap = Format::new().set_text_wrap();
    for (n, item) in version.items.iter().enumerate() {
        let row = rows + 1 + n as u32;
        ws.write_string_with_format(row, 0, (n + 1).to_string(), &wrap)?;
        for (c, &field) in kind.fields().iter().enumerate() {
            if let Some(t) = item.get(field) {
                let cell = crate::emit::spreadsheet::fit_cell(plain(t));
                ws.write_string_with_format(row, c as u16 + 1, cell, &wrap)?;
            }
        }
    }
    book.save_to_buffer()
}

/// Escape for XML text and attributes, leaving out characters XML does not allow.
fn xml(s: &str) -> String {
    s.chars()
        .filter(|c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..))
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// The Atom feed of one kind in language `lang`: one entry per version, newest first, with
/// what it added, removed and changed.
fn atom(content: &Content, list: &KindList, history: &ListHistory, lang: usize) -> OutputFile {
    let site = &content.site;
    let code = &site.languages[lang].code;
    let default = site.default_language();
    let zh = is_chinese(code);
    let plain = |t: &Text| t.get_or(code, default).to_string();
    let kind = list.kind().as_str();
    let base = format!(
        "{}{}lists/{kind}/",
        site.base_url.value,
        lang_prefix(content, lang)
    );
    let name = title(content, list, lang);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml(code)
    ));
    out.push_str(&format!("  <id>{}versions/</id>\n", xml(&base)));
    out.push_str(&format!(
        "  <title>{} · {}</title>\n",
        xml(&plain(&site.title)),
        xml(&name)
    ));
    if let Some(latest) = list.versions.last() {
        out.push_str(&format!(
            "  <updated>{}T00:00:00Z</updated>\n",
            latest.date.value
        ));
    }
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml(&format!(
            "{}{}",
            site.base_url.value,
            feed_path(content, list, lang)
        ))
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}versions/\"/>\n",
        xml(&base)
    ));
    out.push_str(&format!(
        "  <author>\n    <name>{}</name>\n  </author>\n",
        xml(&plain(&site.publisher))
    ));
    for (v, version) in list.versions.iter().enumerate().rev() {
        let url = format!("{base}versions/{}/", version.date.value);
        let changes = &history.versions[v];
        let mut html = String::new();
        if let Some(d) = &version.document {
            let label = if zh { "文号：" } else { "Document: " };
            html.push_str(&format!("<p>{label}{}</p>", escape(&d.value)));
        }
        if let Some(summary) = &version.summary {
            html.push_str(&to_html_absolute(&plain(summary), &url));
        }
        let names = |items: Vec<&crate::model::lists::ListItem>| -> String {
            let names: Vec<String> = items.iter().map(|i| escape(&plain(i.name()))).collect();
            names.join(if zh { "、" } else { ", " })
        };
        if v == 0 {
            let n = version.items.len();
            html.push_str(&match zh {
                true => format!("<p>首次公布，共{n}项。</p>"),
                false => format!("<p>First published, with {}.</p>", counts::items(n)),
            });
        } else {
            let before = &list.versions[v - 1];
            let parts = [
                (
                    ["新增", "Added"],
                    changes.added.iter().map(|&n| &version.items[n]).collect(),
                ),
                (
                    ["删去", "Removed"],
                    changes.removed.iter().map(|&o| &before.items[o]).collect(),
                ),
                (
                    ["调整", "Changed"],
                    (changes.changed.iter())
                        .map(|(n, _)| &version.items[*n])
                        .collect::<Vec<_>>(),
                ),
            ];
            for ([label_zh, label_en], items) in parts {
                if items.is_empty() {
                    continue;
                }
                html.push_str(&match zh {
                    true => format!("<p>{label_zh}：{}</p>", names(items)),
                    false => format!("<p>{label_en}: {}</p>", names(items)),
                });
            }
        }
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <id>{}</id>\n", xml(&url)));
        out.push_str(&format!(
            "    <title>{}</title>\n",
            xml(&plain(&version.title))
        ));
        out.push_str(&format!(
            "    <updated>{}T00:00:00Z</updated>\n",
            version.date.value
        ));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml(&url)
        ));
        out.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            xml(&html)
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    OutputFile {
        path: feed_path(content, list, lang),
        bytes: out.into_bytes(),
    }
}
