//! CSV files as spreadsheets save them: UTF-8 with or without a byte-order mark, or the
//! GBK / GB18030 that Excel and WPS write on Chinese Windows; comma- or tab-separated, quoted
//! cells with commas, quotes and line breaks in them (RFC 4180).

use super::grid::{Document, Grid};
use crate::base::message::Message;
use crate::msg;

/// The text of a CSV file: UTF-8 when it is (a BOM is dropped), else GB18030 (which GBK is a
/// part of); an error when it is neither.
pub(super) fn decode(bytes: &[u8]) -> Result<String, Message> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    match had_errors {
        false => Ok(text.into_owned()),
        true => Err(msg!(
            "文件既不是UTF-8也不是GBK（GB18030）编码，无法读取",
            "the file is neither UTF-8 nor GBK (GB18030) text"
        )),
    }
}

/// The file as one grid named `name`.
pub(super) fn read(bytes: &[u8], name: &str) -> Result<Document, Message> {
    let text = decode(bytes)?;
    let first_line = text.lines().next().unwrap_or_default();
    let sep = match first_line.contains('\t') && !first_line.contains(',') {
        true => '\t',
        false => ',',
    };
    Ok(Document {
        grids: vec![Grid {
            name: name.to_string(),
            caption: name.to_string(),
            rows: parse(&text, sep),
        }],
        unreadable: Vec::new(),
    })
}

/// Records of `text` split at `sep`, quotes as RFC 4180 has them, CRLF or LF.
pub(super) fn parse(text: &str, sep: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, c) if c == sep => row.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_cells_keep_commas_quotes_and_line_breaks() {
        let rows = parse("a,\"b,\"\"c\"\"\nd\"\r\ne,f", ',');
        assert_eq!(rows, vec![vec!["a", "b,\"c\"\nd"], vec!["e", "f"]]);
    }

    #[test]
    fn gbk_utf8_and_a_bom_decode_alike() {
        let (gbk, _, _) = encoding_rs::GBK.encode("序号,证明名称");
        assert_eq!(decode(&gbk).unwrap(), "序号,证明名称");
        assert_eq!(decode("\u{FEFF}序号".as_bytes()).unwrap(), "序号");
        assert!(decode(&[0xFF, 0xFF, 0xFF]).is_err());
    }
}
