//! The cells of one sheet or one document table as text, the common ground every reader
//! (`sheets`, `csv`, `docx`) hands to the table finder (`table`).
//!
//! Positions stay the ones the clerk sees (row 1 is the first row, column A the first), so a
//! cell the report names can be found in the file.

/// One sheet of a workbook, one CSV file or one table of a document, row by row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// The sheet's name, the file's name, or `表格2` for a document's second table.
    pub name: String,
    /// The paragraph just above a document table (e.g. 附件2 不再出具的证明事项); the sheet
    /// name does that work for a sheet.
    pub caption: String,
    /// Row by row (row 1 first), each cell's text (empty for an empty cell); merged cells hold
    /// the merged value in every cell they cover.
    pub rows: Vec<Vec<String>>,
}

impl Grid {
    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .map_or("", String::as_str)
    }
}

/// A cell whose value could not be read as text (a formula error, a date, a picture).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub sheet: String,
    /// 1-based, as the spreadsheet numbers rows.
    pub row: usize,
    /// 0-based; shown as a letter (`column_letter`).
    pub col: usize,
    /// What was there, e.g. `#N/A` or `2026-03-01`.
    pub what: String,
}

/// Everything read from one file.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub grids: Vec<Grid>,
    pub unreadable: Vec<Unreadable>,
}

/// The spreadsheet letter of a 0-based column: A … Z, AA, AB …
pub(super) fn column_letter(col: usize) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// Fill every cell of a merged region with the value of its first cell, as the clerk reads
/// it: a 索要单位 merged over three rows belongs to each of them.
///
/// The region comes from the file as written: its corners may be in either order and may
/// lie far outside the data (`A1:XFD1048576` is 17 billion cells). Only the part over the
/// cells the sheet has is filled, so a merge never grows the grid.
pub(super) fn fill_merged(rows: &mut [Vec<String>], start: (usize, usize), end: (usize, usize)) {
    let (top, bottom) = (start.0.min(end.0), start.0.max(end.0));
    let (left, right) = (start.1.min(end.1), start.1.max(end.1));
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if top >= rows.len() || left >= width {
        return;
    }
    let (bottom, right) = (bottom.min(rows.len() - 1), right.min(width - 1));
    let value = rows[top].get(left).cloned().unwrap_or_default();
    for row in &mut rows[top..=bottom] {
        if row.len() <= right {
            row.resize(right + 1, String::new());
        }
        for cell in &mut row[left..=right] {
            cell.clone_from(&value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merge_as_written_never_panics_or_grows_the_grid() {
        let grid = || vec![vec!["a".to_string(), "b".into()], vec!["c".into()]];
        // Corners in the wrong order are the same region.
        let mut rows = grid();
        fill_merged(&mut rows, (1, 1), (0, 0));
        assert_eq!(rows, [["a", "a"], ["a", "a"]]);
        // A region over the whole sheet fills only the cells there are.
        let mut rows = grid();
        fill_merged(&mut rows, (0, 0), (1_048_575, 16_383));
        assert_eq!(rows, [["a", "a"], ["a", "a"]]);
        // One that starts outside the data fills nothing.
        let mut rows = grid();
        fill_merged(&mut rows, (5, 0), (9, 3));
        assert_eq!(rows, grid());
    }

    #[test]
    fn columns_are_lettered_as_spreadsheets_letter_them() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn a_merged_region_gives_its_value_to_every_cell() {
        let mut rows = vec![vec!["甲".to_string(), "x".into()], vec!["".into()]];
        fill_merged(&mut rows, (0, 0), (1, 0));
        assert_eq!(rows[1][0], "甲");
        assert_eq!(rows[0][1], "x");
    }
}
