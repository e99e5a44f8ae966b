//! Workbooks (XLSX, XLSM, XLSB, XLS, ODS) through calamine: every sheet as a `Grid`, merged
//! regions filled, numbers written as the clerk typed them (`12`, not `12.0`).

use calamine::{open_workbook_auto_from_rs, Data, Reader, Sheets};

use super::grid::{fill_merged, Document, Grid, Unreadable};
use crate::base::message::Message;
use crate::msg;

/// Every sheet of the workbook in `bytes`.
pub(super) fn read(bytes: Vec<u8>) -> Result<Document, Message> {
    let mut book = open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
        msg!(
            "无法作为电子表格打开：{e}",
            "cannot be opened as a spreadsheet: {e}"
        )
    })?;
    let mut doc = Document::default();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| {
            msg!(
                "无法读取工作表“{name}”：{e}",
                "cannot read the sheet `{name}`: {e}"
            )
        })?;
        let (top, left) = range
            .start()
            .map_or((0, 0), |(r, c)| (r as usize, c as usize));
        let mut rows: Vec<Vec<String>> = vec![Vec::new(); top];
        for (r, row) in range.rows().enumerate() {
            let mut cells = vec![String::new(); left];
            for (c, value) in row.iter().enumerate() {
                let text = match text(value) {
                    Ok(text) => text,
                    Err(what) => {
                        doc.unreadable.push(Unreadable {
                            sheet: name.clone(),
                            row: top + r + 1,
                            col: left + c,
                            what,
                        });
                        String::new()
                    }
                };
                cells.push(text);
            }
            rows.push(cells);
        }
        for (start, end) in merged(&mut book, &name) {
            fill_merged(&mut rows, start, end);
        }
        doc.grids.push(Grid {
            name: name.clone(),
            caption: name,
            rows,
        });
    }
    Ok(doc)
}

/// The merged regions of a sheet, where the format records them (XLSX and XLS).
fn merged<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    name: &str,
) -> Vec<((usize, usize), (usize, usize))> {
    let regions = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    };
    let at = |(r, c): (u32, u32)| (r as usize, c as usize);
    regions.iter().map(|d| (at(d.start), at(d.end))).collect()
}

/// A cell as the text a clerk sees in it; what it cannot show as text, described.
fn text(value: &Data) -> Result<String, String> {
    Ok(match value {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::DateTime(d) => return Err(format!("date/time {}", d.as_f64())),
        Data::Error(e) => return Err(format!("{e}")),
    })
}
