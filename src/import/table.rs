//! Finding the list in a grid as people lay it out: title and document-number rows above the
//! header, a header recognised by the column names real lists use, section rows (一、保留的
//! 证明事项), blank, numbering and subtotal rows, several tables one after another.
//!
//! The column names are `HEADERS` (documented in docs/import.md); `--map 列名=field` adds
//! more. A column nobody knows is reported with its sheet, row and column, never dropped
//! silently.

use std::collections::HashMap;

use super::grid::{Grid, Unreadable};
use crate::emit::spreadsheet::{Field, CANCELLED_COLUMNS, ISSUED_COLUMNS};
use crate::model::Status;

/// Column names of published lists and the field each holds (besides the names qingdan's own
/// spreadsheets use, `ISSUED_COLUMNS` and `CANCELLED_COLUMNS`).
pub(super) const HEADERS: &[(&str, Field)] = &[
    ("序号", Field::Number),
    ("序", Field::Number),
    ("no", Field::Number),
    ("证明名称", Field::Name),
    ("证明事项名称", Field::Name),
    ("事项名称", Field::Name),
    ("证明事项", Field::Name),
    ("名称", Field::Name),
    ("name", Field::Name),
    ("类别", Field::Category),
    ("事项类别", Field::Category),
    ("分类", Field::Category),
    ("状态", Field::Status),
    ("清单类型", Field::Status),
    ("status", Field::Status),
    ("证明用途", Field::Purpose),
    ("用途", Field::Purpose),
    ("办理用途", Field::Purpose),
    ("证明事项用途", Field::Purpose),
    ("设定依据", Field::Basis),
    ("实施依据", Field::Basis),
    ("依据", Field::Basis),
    ("法律依据", Field::Basis),
    ("政策依据", Field::Basis),
    ("basis", Field::Basis),
    ("索要单位", Field::RequestedBy),
    ("索取单位", Field::RequestedBy),
    ("索要部门", Field::RequestedBy),
    ("要求出具证明事项的单位", Field::RequestedBy),
    ("要求出具证明的单位", Field::RequestedBy),
    ("出具单位", Field::Issuer),
    ("出具主体", Field::Issuer),
    ("出具部门", Field::Issuer),
    ("开具单位", Field::Issuer),
    ("issuer", Field::Issuer),
    ("办理材料", Field::Materials),
    ("所需材料", Field::Materials),
    ("申请材料", Field::Materials),
    ("办理步骤", Field::Steps),
    ("办理流程", Field::Steps),
    ("具体流程", Field::Steps),
    ("办理时限", Field::TimeLimit),
    ("承诺时限", Field::TimeLimit),
    ("时限", Field::TimeLimit),
    ("收费", Field::Fee),
    ("收费标准", Field::Fee),
    ("是否收费", Field::Fee),
    ("替代方式", Field::Alternative),
    ("替代途径", Field::Alternative),
    ("取消后办理方式", Field::Alternative),
    ("备注", Field::Alternative),
    ("alternative", Field::Alternative),
    ("申请方式", Field::Apply),
    ("办理方式", Field::Apply),
    ("apply", Field::Apply),
    ("办理地点", Field::Office),
    ("受理地点", Field::Office),
    ("办理地址", Field::Office),
    ("office", Field::Office),
    ("办理时间", Field::Hours),
    ("受理时间", Field::Hours),
    ("hours", Field::Hours),
    ("适用对象", Field::Applicants),
    ("服务对象", Field::Applicants),
    ("applicants", Field::Applicants),
    ("线上办理渠道", Field::Online),
    ("网上办理渠道", Field::Online),
    ("网上办理", Field::Online),
    ("online", Field::Online),
    ("替代办理部门", Field::ReferAgency),
    ("办理部门", Field::ReferAgency),
    ("refer_to.agency", Field::ReferAgency),
    ("refer_to.address", Field::ReferAddress),
    ("refer_to.phone", Field::ReferPhone),
    ("refer_to.hours", Field::ReferHours),
    ("告知承诺条件", Field::PromiseConditions),
    ("承诺条件", Field::PromiseConditions),
    ("promise.conditions", Field::PromiseConditions),
    ("虚假承诺后果", Field::PromiseConsequences),
    ("promise.consequences", Field::PromiseConsequences),
    ("事后核查", Field::PromiseVerifiedBy),
    ("核查部门", Field::PromiseVerifiedBy),
    ("promise.verified_by", Field::PromiseVerifiedBy),
    ("取消依据", Field::CancelBasis),
    ("取消理由", Field::CancelBasis),
    ("cancel_basis", Field::CancelBasis),
    ("编号", Field::Id),
    ("id", Field::Id),
];

/// The field names `--map 列名=field` accepts, and `ignore` for a column to leave out.
pub(super) const FIELD_KEYS: &[(&str, Option<Field>)] = &[
    ("number", Some(Field::Number)),
    ("name", Some(Field::Name)),
    ("category", Some(Field::Category)),
    ("status", Some(Field::Status)),
    ("purpose", Some(Field::Purpose)),
    ("basis", Some(Field::Basis)),
    ("requested_by", Some(Field::RequestedBy)),
    ("issuer", Some(Field::Issuer)),
    ("materials", Some(Field::Materials)),
    ("steps", Some(Field::Steps)),
    ("time_limit", Some(Field::TimeLimit)),
    ("fee", Some(Field::Fee)),
    ("alternative", Some(Field::Alternative)),
    ("apply", Some(Field::Apply)),
    ("office", Some(Field::Office)),
    ("hours", Some(Field::Hours)),
    ("applicants", Some(Field::Applicants)),
    ("cancel_basis", Some(Field::CancelBasis)),
    ("online", Some(Field::Online)),
    ("refer_to.agency", Some(Field::ReferAgency)),
    ("refer_to.address", Some(Field::ReferAddress)),
    ("refer_to.phone", Some(Field::ReferPhone)),
    ("refer_to.hours", Some(Field::ReferHours)),
    ("promise.conditions", Some(Field::PromiseConditions)),
    ("promise.consequences", Some(Field::PromiseConsequences)),
    ("promise.verified_by", Some(Field::PromiseVerifiedBy)),
    ("id", Some(Field::Id)),
    ("ignore", None),
];

/// Column names → field (`None`: a column to leave out), after `normalize_header`.
#[derive(Debug, Clone)]
pub struct HeaderMap {
    names: HashMap<String, Option<Field>>,
}

impl Default for HeaderMap {
    fn default() -> HeaderMap {
        let mut names = HashMap::new();
        let ours = ISSUED_COLUMNS.iter().chain(CANCELLED_COLUMNS);
        for c in ours {
            names.insert(normalize_header(c.zh), Some(c.field));
            names.insert(normalize_header(c.en), Some(c.field));
        }
        for (name, field) in HEADERS {
            names.insert(normalize_header(name), Some(*field));
        }
        HeaderMap { names }
    }
}

impl HeaderMap {
    /// Add `列名=field` as typed after `--map`; the error names what is wrong.
    pub fn add(&mut self, typed: &str) -> Result<(), String> {
        let (name, key) = typed
            .split_once('=')
            .or_else(|| typed.split_once('＝'))
            .ok_or_else(|| format!("`{typed}`"))?;
        let field = FIELD_KEYS
            .iter()
            .find(|(k, _)| *k == key.trim())
            .ok_or_else(|| format!("`{}`", key.trim()))?;
        self.names.insert(normalize_header(name), field.1);
        Ok(())
    }

    fn get(&self, cell: &str) -> Option<Option<Field>> {
        self.names.get(&normalize_header(cell)).copied()
    }
}

/// A header as compared: no spaces or line breaks, half-width, lowercase, without the marks
/// people add (`*`, `：`, a trailing `.`).
pub(super) fn normalize_header(text: &str) -> String {
    super::names::half_width(text)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | ':' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// One row of the list, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Row {
    pub sheet: String,
    /// 1-based.
    pub row: usize,
    /// From the section, sheet or table it is in, or its own 状态 cell.
    pub status: Option<Status>,
    /// Each recognised column's cell, trimmed (empty cells included: they empty the field).
    pub cells: Vec<(Field, String)>,
}

impl Row {
    pub(super) fn get(&self, field: Field) -> Option<&str> {
        (self.cells.iter())
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.as_str())
    }
}

/// A header cell no name maps to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct UnknownColumn {
    pub sheet: String,
    pub row: usize,
    pub col: usize,
    pub name: String,
}

/// What the table finder found in a file's grids.
#[derive(Debug, Clone, Default)]
pub(super) struct Found {
    pub rows: Vec<Row>,
    pub unknown_columns: Vec<UnknownColumn>,
    /// Grids in which no header row was found.
    pub without_header: Vec<String>,
    /// Whether the headers were English (then the texts are read as English).
    pub english_headers: bool,
    /// The document number (文号) written above the first table, if one is.
    pub document: Option<String>,
}

/// The list's rows in every grid; a cell in `unreadable` is left out of its row, so that the
/// item keeps what it had there.
pub(super) fn find(grids: &[Grid], unreadable: &[Unreadable], map: &HeaderMap) -> Found {
    let mut found = Found::default();
    let (mut zh_headers, mut en_headers) = (0, 0);
    for grid in grids {
        let mut columns: Option<Vec<(usize, Field)>> = None;
        let mut status = status_in(&grid.caption).or_else(|| status_in(&grid.name));
        let mut above = String::new();
        for (r, cells) in grid.rows.iter().enumerate() {
            let texts: Vec<&str> = cells.iter().map(|c| c.trim()).collect();
            if let Some(header) = header(&texts, map) {
                for &(_, text) in &header.known {
                    match text.is_ascii() {
                        true => en_headers += 1,
                        false => zh_headers += 1,
                    }
                }
                found
                    .unknown_columns
                    .extend(header.unknown.iter().map(|&(col, name)| UnknownColumn {
                        sheet: grid.name.clone(),
                        row: r + 1,
                        col,
                        name: name.to_string(),
                    }));
                // The rows above a header (title, document number) may say which list it is.
                status = status_in(&above).or(status);
                columns = Some(header.columns);
                above.clear();
                continue;
            }
            let distinct: Vec<&str> = distinct_values(&texts);
            let Some(cols) = &columns else {
                if found.document.is_none() {
                    found.document = distinct.iter().find_map(|t| document_number(t));
                }
                above.push_str(&distinct.join(" "));
                above.push('\n');
                continue;
            };
            if distinct.is_empty() {
                continue;
            }
            // A section row (一、保留的证明事项): one value over the whole row.
            if is_section(&texts, cols, &distinct) {
                if let Some(s) = status_in(distinct[0]) {
                    status = Some(s);
                }
                continue;
            }
            let row = Row {
                sheet: grid.name.clone(),
                row: r + 1,
                status,
                cells: cols
                    .iter()
                    .filter(|&&(c, _)| {
                        !(unreadable.iter())
                            .any(|u| u.sheet == grid.name && u.row == r + 1 && u.col == c)
                    })
                    .map(|&(c, f)| (f, clean(texts.get(c).copied().unwrap_or_default())))
                    .collect(),
            };
            let name = row.get(Field::Name).unwrap_or_default();
            let numbering = name.chars().all(|c| c.is_ascii_digit());
            let subtotal = ["合计", "小计", "共计", "总计"]
                .iter()
                .any(|w| texts.first().is_some_and(|t| t.starts_with(w)) || name.starts_with(w));
            if numbering || subtotal {
                continue;
            }
            let own = row.get(Field::Status).and_then(status_in);
            found.rows.push(Row {
                status: own.or(row.status),
                ..row
            });
        }
        if columns.is_none() {
            found.without_header.push(grid.name.clone());
        }
    }
    found.english_headers = en_headers > zh_headers;
    found
}

struct Header<'t> {
    columns: Vec<(usize, Field)>,
    known: Vec<(usize, &'t str)>,
    unknown: Vec<(usize, &'t str)>,
}

/// The row as a header, when it names the certificate and at least one more field.
fn header<'t>(texts: &[&'t str], map: &HeaderMap) -> Option<Header<'t>> {
    let mut columns: Vec<(usize, Field)> = Vec::new();
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for (c, text) in texts.iter().enumerate() {
        if text.is_empty() {
            continue;
        }
        match map.get(text) {
            Some(Some(field)) if !columns.iter().any(|(_, f)| *f == field) => {
                columns.push((c, field));
                known.push((c, *text));
            }
            // A second column for a field already read (备注 beside 替代方式), or the copy
            // of a merged header cell: reported unless it repeats the cell before.
            Some(Some(_)) if c > 0 && texts[c - 1] == *text => {}
            Some(Some(_)) => unknown.push((c, *text)),
            Some(None) => known.push((c, *text)),
            None => unknown.push((c, *text)),
        }
    }
    let names = columns.iter().any(|(_, f)| *f == Field::Name);
    (names && columns.len() >= 2).then_some(Header {
        columns,
        known,
        unknown,
    })
}

/// A section row (一、保留的证明事项, 附件2 …): one value, over several columns or outside the
/// name's, or one that names a list and reads as a heading.
fn is_section(texts: &[&str], cols: &[(usize, Field)], distinct: &[&str]) -> bool {
    let [value] = distinct else { return false };
    let at = |c: usize| texts.get(c).copied().unwrap_or_default();
    let filled = cols.iter().filter(|(c, _)| !at(*c).is_empty()).count();
    let name = cols.iter().find(|(_, f)| *f == Field::Name);
    let name_empty = name.is_none_or(|(c, _)| at(*c).is_empty());
    let heading = value.starts_with(['一', '二', '三', '四', '五', '六']) && value.contains('、')
        || value.starts_with("附件");
    filled != 1 || name_empty || heading && status_in(value).is_some()
}

/// The row's non-empty values, each once, in order.
fn distinct_values<'t>(texts: &[&'t str]) -> Vec<&'t str> {
    let mut seen: Vec<&str> = Vec::new();
    for t in texts {
        if !t.is_empty() && !seen.contains(t) {
            seen.push(t);
        }
    }
    seen
}

/// A cell's text: trimmed, line breaks as `\n`, no trailing spaces on a line.
fn clean(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_matches([' ', '\u{3000}', '\t']))
        .collect();
    lines.join("\n").trim_matches('\n').to_string()
}

/// A document number (文号) in a title-block text: the word holding `〔YYYY〕` and ending in
/// 号, e.g. 测民〔2026〕1号 in “文号：测民〔2026〕1号　发布机关：…”.
pub(super) fn document_number(text: &str) -> Option<String> {
    let open = text.find('〔')?;
    let start = text[..open]
        .rfind(|c: char| c.is_whitespace() || matches!(c, '：' | ':' | '（' | '('))
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let end = open + text[open..].find('号')? + '号'.len_utf8();
    let number = text[start..end].trim();
    (number.contains('〕') && number.chars().count() <= 30).then(|| number.to_string())
}

/// Which list a title, sheet name, section row or 状态 cell speaks of: the word nearest its
/// end wins (a document "关于取消…的通知" heading the table of retained items ends with 保留).
pub(super) fn status_in(text: &str) -> Option<Status> {
    const CANCELLED: &[&str] = &[
        "不再出具",
        "不应出具",
        "不得出具",
        "取消",
        "负面",
        "no longer issued",
        "no longer",
        "cancelled",
    ];
    const ISSUED: &[&str] = &["保留", "正面", "可以出具", "issued"];
    let lower = text.to_lowercase();
    let last = |text: &str, words: &[&str]| words.iter().filter_map(|w| text.rfind(w)).max();
    // "no longer issued" holds "issued": the cancelled phrases are masked before the issued
    // words are looked for.
    let mut masked = lower.clone();
    for w in CANCELLED {
        masked = masked.replace(w, &"#".repeat(w.len()));
    }
    match (last(&lower, CANCELLED), last(&masked, ISSUED)) {
        (Some(c), Some(i)) if i > c => Some(Status::Issued),
        (Some(_), _) => Some(Status::Cancelled),
        (None, Some(_)) => Some(Status::Issued),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid {
            name: "Sheet1".into(),
            caption: "Sheet1".into(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect(),
        }
    }

    #[test]
    fn titles_sections_subtotals_and_two_tables() {
        let g = grid(&[
            &["某区出具证明事项清单", "某区出具证明事项清单", ""],
            &["序号", "证明事项名称", "用途"],
            &[
                "一、保留的证明事项",
                "一、保留的证明事项",
                "一、保留的证明事项",
            ],
            &["1", "甲证明", "办甲"],
            &["", "", ""],
            &["合计", "1项", ""],
            &["附件2 不再出具", "", ""],
            &["序号", "名称", "替代方式"],
            &["1", "乙证明", "查档案"],
        ]);
        let found = find(&[g], &[], &HeaderMap::default());
        assert_eq!(found.rows.len(), 2, "{:?}", found.rows);
        assert_eq!(found.rows[0].status, Some(Status::Issued));
        assert_eq!(found.rows[0].get(Field::Purpose), Some("办甲"));
        assert_eq!(found.rows[1].status, Some(Status::Cancelled));
        assert_eq!(found.rows[1].row, 9);
        assert_eq!(found.rows[1].get(Field::Alternative), Some("查档案"));
    }

    #[test]
    fn a_document_number_is_found_in_the_title_block() {
        let found = document_number("文号：测民〔2026〕1号　发布机关：测试区民政局");
        assert_eq!(found.as_deref(), Some("测民〔2026〕1号"));
        assert_eq!(
            document_number("田民〔2025〕36号").as_deref(),
            Some("田民〔2025〕36号")
        );
        assert_eq!(document_number("某区出具证明事项清单"), None);
    }

    #[test]
    fn the_last_list_word_in_a_title_decides() {
        assert_eq!(
            status_in("关于取消一批证明的通知：保留的证明事项"),
            Some(Status::Issued)
        );
        assert_eq!(status_in("不再出具清单"), Some(Status::Cancelled));
        assert_eq!(status_in("Sheet1"), None);
        assert_eq!(status_in("No longer issued"), Some(Status::Cancelled));
        assert_eq!(status_in("Issued"), Some(Status::Issued));
    }

    #[test]
    fn an_unknown_column_is_reported_and_map_adds_names() {
        let g = grid(&[&["证明名称", "用途", "联系人"], &["甲", "办甲", "张三"]]);
        let found = find(std::slice::from_ref(&g), &[], &HeaderMap::default());
        assert_eq!(found.unknown_columns[0].name, "联系人");
        assert_eq!(found.unknown_columns[0].col, 2);
        let mut map = HeaderMap::default();
        map.add("联系人=ignore").unwrap();
        assert!(find(&[g], &[], &map).unknown_columns.is_empty());
        assert!(map.add("联系人=nothing").is_err());
    }
}
