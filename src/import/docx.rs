//! The tables of a Word document (DOCX): `word/document.xml` read with quick-xml, each
//! top-level table a `Grid` captioned by the paragraph above it (附件1 保留的证明事项 …).
//!
//! Paragraphs and line breaks inside a cell become line breaks; a cell spanning columns
//! (`gridSpan`) or continuing a vertical merge (`vMerge`) holds the merged value, as a merged
//! cell of a sheet does. A table inside a cell is read as that cell's text.

use std::io::Read;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::grid::{Document, Grid};
use crate::base::message::Message;
use crate::msg;

/// At most this much XML is read from a document (a list of a few hundred rows is a few MB).
const MAX_XML: u64 = 64 << 20;

/// Every table of the DOCX in `bytes`.
pub(super) fn read(bytes: Vec<u8>) -> Result<Document, Message> {
    let bad = |e: &dyn std::fmt::Display| {
        msg!(
            "无法作为Word文档（DOCX）打开：{e}",
            "cannot be opened as a Word document (DOCX): {e}"
        )
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let entry = zip.by_name("word/document.xml").map_err(|e| bad(&e))?;
    let mut xml = String::new();
    entry
        .take(MAX_XML)
        .read_to_string(&mut xml)
        .map_err(|e| bad(&e))?;
    tables(&xml).map_err(|e| bad(&e))
}

#[derive(Default)]
struct Cell {
    text: String,
    span: usize,
    /// Continues the vertical merge of the cell above.
    merged_up: bool,
}

/// The tables of a `document.xml`.
pub(super) fn tables(xml: &str) -> Result<Document, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut walk = Walk::default();
    loop {
        let event = reader.read_event()?;
        match &event {
            Event::Start(e) => walk.start(e, false),
            Event::Empty(e) => walk.start(e, true),
            Event::Text(t) if walk.in_text => walk.push(&t.xml10_content()),
            Event::GeneralRef(r) if walk.in_text => {
                let text = match r.resolve_char_ref()? {
                    Some(c) => c.to_string(),
                    None => match r.xml10_content().as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => format!("&{other};"),
                    },
                };
                walk.push(&text);
            }
            Event::End(e) => walk.end(e.local_name().as_ref()),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(walk.doc)
}

/// Where the reading of a `document.xml` is: how deep in tables, the paragraph outside
/// tables (the next table's caption), and the table, row and cell being read.
#[derive(Default)]
struct Walk {
    doc: Document,
    depth: usize,
    paragraph: String,
    caption: String,
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    cell: Option<Cell>,
    in_text: bool,
}

impl Walk {
    /// An element opens (or is `empty`).
    fn start(&mut self, e: &BytesStart, empty: bool) {
        let top = self.depth == 1;
        match e.local_name().as_ref() {
            "tbl" if !empty => {
                self.depth += 1;
                if self.depth == 1 {
                    self.rows.clear();
                }
            }
            "tr" if top && !empty => self.row.clear(),
            "tc" if top && !empty => {
                self.cell = Some(Cell {
                    span: 1,
                    ..Cell::default()
                })
            }
            "gridSpan" if top => {
                if let Some(c) = self.cell.as_mut() {
                    c.span = val(e).and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
                }
            }
            "vMerge" if top => {
                if let Some(c) = self.cell.as_mut() {
                    c.merged_up = val(e).is_none_or(|v| v == "continue");
                }
            }
            "t" if !empty => self.in_text = true,
            "br" | "cr" => self.push("\n"),
            "tab" => self.push("\t"),
            _ => {}
        }
    }

    /// An element closes: a paragraph, cell, row or table is complete.
    fn end(&mut self, name: &str) {
        let top = self.depth == 1;
        match name {
            "t" => self.in_text = false,
            "p" => match self.cell.as_mut() {
                Some(c) => c.text.push('\n'),
                None if self.depth == 0 => {
                    let text = std::mem::take(&mut self.paragraph);
                    if !text.trim().is_empty() {
                        self.caption = text.trim().to_string();
                    }
                }
                None => {}
            },
            "tc" if top => {
                if let Some(c) = self.cell.take() {
                    let col = self.row.len();
                    let text = match c.merged_up {
                        true => self.rows.last().and_then(|r| r.get(col)).cloned(),
                        false => None,
                    };
                    let text = text.unwrap_or_else(|| c.text.trim_end().to_string());
                    self.row.extend(std::iter::repeat_n(text, c.span));
                }
            }
            "tr" if top => self.rows.push(std::mem::take(&mut self.row)),
            "tbl" => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    self.doc.grids.push(Grid {
                        name: format!("表格{}", self.doc.grids.len() + 1),
                        caption: std::mem::take(&mut self.caption),
                        rows: std::mem::take(&mut self.rows),
                    });
                }
            }
            _ => {}
        }
    }

    /// Text goes to the open cell, else to the paragraph outside tables.
    fn push(&mut self, text: &str) {
        match &mut self.cell {
            Some(c) => c.text.push_str(text),
            None => self.paragraph.push_str(text),
        }
    }
}

/// The `w:val` attribute of an element.
fn val(e: &BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "val")
        .map(|a| a.value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_spans_merges_and_captions() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
<w:p><w:r><w:t>附件2 不再出具</w:t></w:r></w:p>
<w:tbl>
<w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>A&amp;B</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>甲</w:t><w:br/><w:t>乙</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>一</w:t></w:r></w:p><w:p><w:r><w:t>二</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
</w:tbl></w:body></w:document>"#;
        let doc = tables(xml).unwrap();
        let grid = &doc.grids[0];
        assert_eq!(grid.caption, "附件2 不再出具");
        assert_eq!(grid.rows[0], vec!["序号", "A&B", "A&B"]);
        assert_eq!(grid.rows[1], vec!["1", "甲\n乙", ""]);
        assert_eq!(grid.rows[2], vec!["1", "一\n二", ""]);
    }
}
