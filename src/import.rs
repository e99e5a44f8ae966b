//! Importing a list from the spreadsheet or document staff were sent (`qingdan import`):
//! XLSX, XLS, ODS (`sheets`), CSV in UTF-8 or GBK (`csv`), the tables of a DOCX (`docx`), all
//! read into `grid::Grid`s; the list found in them (`table`); its rows matched to the latest
//! version's items (`reconcile`, with `names`); the new version file written as text
//! (`version_file`) and what the clerk must check said (`summary`).
//!
//! This layer stands above `emit`: it reads back the column names of the spreadsheets the
//! build publishes (`emit::spreadsheet`) and compares cells with the plain text the build
//! shows (`emit::markdown`). It writes nothing: the command writes the file it returns.

mod csv;
mod docx;
mod grid;
mod item;
mod names;
mod reconcile;
mod sheets;
mod summary;
mod table;
mod version_file;

use std::path::Path;

use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::base::message::{Lang, Message};
use crate::model::Content;
use crate::msg;

/// What an import made of the file: the new version file's counts and what to confirm.
pub use summary::Summary;
pub use table::HeaderMap;

/// Read every grid of the file at `path`, by its extension.
pub fn read(path: &Path) -> Result<grid::Document, Diagnostic> {
    let fail = |m: Message| {
        Diagnostic::error(path, None, Code::ImportFile, m).help(msg!(
            "请导入 .xlsx、.xls、.ods、.csv 或 .docx 文件；WPS 的 .et、.wps 文件请先另存为 .xlsx 或 .docx",
            "import a .xlsx, .xls, .ods, .csv or .docx file; save WPS .et or .wps files as .xlsx or .docx first"
        ))
    };
    // A list is kilobytes; a file far larger is not one, and reading it whole would take
    // the machine's memory.
    const MAX_BYTES: u64 = 64 << 20;
    let shown = path.display();
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| {
        std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_BYTES + 1), &mut bytes)
    });
    read.map_err(|e| {
        fail(msg!(
            "无法读取 `{shown}`：{e}",
            "cannot read `{shown}`: {e}"
        ))
    })?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(fail(msg!(
            "`{shown}` 超过64 MiB，不像是一份清单",
            "`{shown}` is over 64 MiB, too large to be a list"
        )));
    }
    let ext = (path.extension().and_then(|e| e.to_str()))
        .unwrap_or_default()
        .to_ascii_lowercase();
    let name = (path.file_name().and_then(|n| n.to_str()))
        .unwrap_or_default()
        .to_string();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => sheets::read(bytes),
        "csv" | "txt" => csv::read(&bytes, &name),
        "docx" => docx::read(bytes),
        _ => Err(msg!(
            "不认识扩展名为 `.{ext}` 的文件",
            "a `.{ext}` file is not one the import reads"
        )),
    }
    .map_err(fail)
}

/// The new version file for `date` made from `doc` and the content's latest version, and
/// what the clerk must check; problems with the file (unknown columns, unreadable cells, no
/// table) are pushed to `diags`, the file being `path`.
pub fn import(
    content: &Content,
    doc: &grid::Document,
    map: &HeaderMap,
    date: chrono::NaiveDate,
    path: &Path,
    lang: Lang,
    diags: &mut Diagnostics,
) -> Option<(String, Summary)> {
    let base = content.versions.last()?;
    let found = table::find(&doc.grids, &doc.unreadable, map);
    let sheet_lang = match found.english_headers {
        true => (content.site.languages.iter())
            .find(|l| l.code.starts_with("en"))
            .map_or(content.site.default_language(), |l| l.code.as_str()),
        false => content.site.default_language(),
    };
    for c in &found.unknown_columns {
        let (sheet, row, col, name) = (&c.sheet, c.row, grid::column_letter(c.col), &c.name);
        diags.push(
            Diagnostic::warning(path, None, Code::ImportUnknownColumn, msg!(
                "{sheet}第{row}行{col}列“{name}”不是认识的列名，这一列没有导入",
                "{sheet} row {row} column {col}: “{name}” is not a known column name; the column was not imported"
            ))
            .help(msg!(
                "如果这一列要导入，加上 `--map {name}=字段`（字段见 docs/import.md），例如 `--map {name}=purpose`；不需要就加 `--map {name}=ignore`",
                "to import it, add `--map {name}=FIELD` (fields in docs/import.md), e.g. `--map {name}=purpose`; to leave it out, `--map {name}=ignore`"
            )),
        );
    }
    for u in &doc.unreadable {
        let (sheet, row, col, what) = (&u.sheet, u.row, grid::column_letter(u.col), &u.what);
        diags.push(
            Diagnostic::warning(
                path,
                None,
                Code::ImportUnreadableCell,
                msg!(
                    "{sheet}第{row}行{col}列读不出文字（{what}），这一格没有导入，事项保留原来的内容",
                    "{sheet} row {row} column {col} holds no text ({what}); the cell was not imported and the item keeps what it had"
                ),
            )
            .help(msg!(
                "把这个单元格改成文字（设置为“文本”格式后重新输入），再导入一次",
                "make the cell text (format it as Text and type it again), then import again"
            )),
        );
    }
    if found.rows.is_empty() {
        diags.push(
            Diagnostic::error(path, None, Code::ImportNoTable, msg!(
                "文件里没有找到清单表格：没有一行同时有“证明名称”和另一个认识的列名",
                "no list table in the file: no row holds “证明名称” (the certificate's name) and another known column name"
            ))
            .help(msg!(
                "表头要有“证明名称”（或“证明事项名称”“事项名称”）一列；列名不同的，用 `--map 列名=name` 说明",
                "the header needs a name column (证明名称, 证明事项名称 or 事项名称); for other names, say `--map COLUMN=name`"
            )),
        );
        return None;
    }
    let outcome = reconcile::reconcile(content, base, &found.rows, sheet_lang);
    let source = (path.file_name().and_then(|n| n.to_str())).unwrap_or_default();
    let document = found.document.as_deref();
    let text = version_file::render(content, base, date, &outcome.items, document, source, lang);
    let summary = Summary {
        base_date: base.date.value,
        rows_read: found.rows.len(),
        sheet_lang: sheet_lang.to_string(),
        unknown_columns: found.unknown_columns.len(),
        unreadable: doc.unreadable.len(),
        without_header: found.without_header,
        outcome,
    };
    Some((text, summary))
}
