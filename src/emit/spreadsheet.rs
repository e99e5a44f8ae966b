//! Spreadsheet downloads: every version (and the current list) as an XLSX workbook per
//! language, and every version as a CSV, under `data/`.
//!
//! - `data/certificates.xlsx`, `data/versions/<date>.xlsx`: the default language;
//!   `data/certificates.<lang>.xlsx`, `data/versions/<date>.<lang>.xlsx`: each other language
//! - `data/versions/<date>.csv`: the version as `data/certificates.csv` has the current list
//!
//! A workbook is laid out as a district publishes its list: one sheet for the 保留 list
//! (status `issued`) and one for the 不再出具 list (`cancelled`), each with a title and a
//! document-number block above a frozen header row in the official column order, and a last
//! column 编号 holding the item id, so that `qingdan import` of the file keeps every identity.
//! `COLUMNS` is that order, and the import reads its names back. `online`, `refer_to` and
//! `promise` are cells of their own (`service_cell`), the same in the CSV, and channels read
//! back with `parse_channels`.
//!
//! rust_xlsxwriter writes the document's creation time into the file: it is set to the
//! version's date, and the zip entries carry a fixed time, so every rebuild is byte-identical.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};

use crate::base::codes::Code;
use crate::base::diagnostics::Diagnostic;
use crate::base::output_file::OutputFile;
use crate::emit::markdown::to_plain;
use crate::model::{Channel, Content, Item, Status, Text, Version};
use crate::msg;

/// What a column of the published tables holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Field {
    /// 序号: the row's number in its table (not kept: the order is the rows' order).
    Number,
    Name,
    Category,
    /// 状态: only in the CSV and in sheets that mix both lists.
    Status,
    Purpose,
    Basis,
    RequestedBy,
    Issuer,
    Materials,
    Steps,
    TimeLimit,
    Fee,
    /// 申请方式: where and how to apply (issued items).
    Apply,
    /// 办理地点, 办理时间, 适用对象 (issued items).
    Office,
    Hours,
    Applicants,
    Alternative,
    /// 取消依据: the basis of a cancellation.
    CancelBasis,
    /// 线上办理渠道: `名称：https://…`, one a line.
    Online,
    /// `refer_to`: the agency to go to instead, its address, telephone and hours.
    ReferAgency,
    ReferAddress,
    ReferPhone,
    ReferHours,
    /// `promise` (告知承诺): its conditions, the consequences of a false promise, who checks.
    PromiseConditions,
    PromiseConsequences,
    PromiseVerifiedBy,
    /// 证明式样: where the item's certificate template is published, from the site's root.
    Specimen,
    /// 编号: the item's id.
    Id,
}

/// One column of a published table: what it holds and its header in Chinese and English.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub field: Field,
    pub zh: &'static str,
    pub en: &'static str,
}

const fn col(field: Field, zh: &'static str, en: &'static str) -> Column {
    Column { field, zh, en }
}

/// The 保留 sheet's columns, in the order real lists use (docs/open-data.md).
pub(crate) const ISSUED_COLUMNS: &[Column] = &[
    col(Field::Number, "序号", "No."),
    col(Field::Name, "证明名称", "Certificate"),
    col(Field::Category, "类别", "Category"),
    col(Field::Purpose, "证明用途", "Purpose"),
    col(Field::Basis, "设定依据", "Legal basis"),
    col(Field::RequestedBy, "索要单位", "Requested by"),
    col(Field::Issuer, "出具单位", "Issued by"),
    col(Field::Materials, "办理材料", "Materials"),
    col(Field::Steps, "办理步骤", "Steps"),
    col(Field::TimeLimit, "办理时限", "Time limit"),
    col(Field::Fee, "收费", "Fee"),
    col(Field::Apply, "申请方式", "How to apply"),
    col(Field::Office, "办理地点", "Office"),
    col(Field::Hours, "办理时间", "Office hours"),
    col(Field::Applicants, "适用对象", "Who may apply"),
    col(Field::Alternative, "备注", "Remarks"),
    col(Field::Online, "线上办理渠道", "Online channels"),
    col(
        Field::PromiseConditions,
        "告知承诺条件",
        "Commitment: conditions",
    ),
    col(
        Field::PromiseConsequences,
        "虚假承诺后果",
        "Commitment: if it is false",
    ),
    col(
        Field::PromiseVerifiedBy,
        "事后核查",
        "Commitment: checked by",
    ),
    col(Field::Specimen, "证明式样", "Certificate template"),
    col(Field::Id, "编号", "ID"),
];

/// The 不再出具 sheet's columns: what the certificate was for and where to go instead.
pub(crate) const CANCELLED_COLUMNS: &[Column] = &[
    col(Field::Number, "序号", "No."),
    col(Field::Name, "证明名称", "Certificate"),
    col(Field::Category, "类别", "Category"),
    col(Field::Purpose, "证明用途", "Purpose"),
    col(Field::Basis, "设定依据", "Legal basis"),
    col(Field::RequestedBy, "索要单位", "Requested by"),
    col(Field::Issuer, "出具单位", "Issued by"),
    col(Field::Materials, "办理材料", "Materials"),
    col(Field::Steps, "办理步骤", "Steps"),
    col(Field::TimeLimit, "办理时限", "Time limit"),
    col(Field::Alternative, "替代方式", "Alternative"),
    col(Field::CancelBasis, "取消依据", "Basis of cancellation"),
    col(Field::Online, "线上办理渠道", "Online channels"),
    col(Field::ReferAgency, "替代办理部门", "Go instead to"),
    col(Field::ReferAddress, "替代办理部门地址", "Its address"),
    col(Field::ReferPhone, "替代办理部门电话", "Its telephone"),
    col(
        Field::ReferHours,
        "替代办理部门办公时间",
        "Its office hours",
    ),
    col(
        Field::PromiseConditions,
        "告知承诺条件",
        "Commitment: conditions",
    ),
    col(
        Field::PromiseConsequences,
        "虚假承诺后果",
        "Commitment: if it is false",
    ),
    col(
        Field::PromiseVerifiedBy,
        "事后核查",
        "Commitment: checked by",
    ),
    col(Field::Specimen, "证明式样", "Certificate template"),
    col(Field::Id, "编号", "ID"),
];

/// The sheets' names, per status, in Chinese and English.
pub(crate) const ISSUED_SHEET: (&str, &str) = ("保留清单", "Issued");
pub(crate) const CANCELLED_SHEET: (&str, &str) = ("不再出具清单", "No longer issued");

/// Rows above the header: the title and the document-number block.
pub(crate) const TITLE_ROWS: u32 = 2;

/// Path of the current list's workbook in the language at `lang` (0 is the default).
pub(crate) fn current_xlsx_path(content: &Content, lang: usize) -> String {
    format!("data/certificates{}.xlsx", lang_suffix(content, lang))
}

/// Path of version `v`'s workbook in the language at `lang`.
pub(crate) fn version_xlsx_path(content: &Content, v: usize, lang: usize) -> String {
    let date = content.versions[v].date.value;
    format!("data/versions/{date}{}.xlsx", lang_suffix(content, lang))
}

/// Path of version `v`'s CSV.
pub(crate) fn version_csv_path(content: &Content, v: usize) -> String {
    format!("data/versions/{}.csv", content.versions[v].date.value)
}

fn lang_suffix(content: &Content, lang: usize) -> String {
    match lang {
        0 => String::new(),
        _ => format!(".{}", content.site.languages[lang].code),
    }
}

/// One of a version's spreadsheets, each made as a job of its own so that a large version's
/// workbooks are made side by side: its CSV (`lang` is `None`), or its workbook in the
/// language at `lang` (and, for the latest version, the current list's workbook).
pub(super) fn version_files(
    content: &Content,
    csv: impl Fn(&Version) -> Vec<u8>,
    v: usize,
    lang: Option<usize>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let version = &content.versions[v];
    let Some(lang) = lang else {
        return Ok(vec![OutputFile {
            path: version_csv_path(content, v),
            bytes: csv(version),
        }]);
    };
    let bytes = xlsx(content, version, lang).map_err(|e| {
        let e = e.to_string();
        Diagnostic::error(
            &version.file,
            Some(version.date.pos),
            Code::SpreadsheetFailed,
            msg!(
                "这一版本的 Excel 表格无法生成：{e}",
                "this version's Excel workbook cannot be made: {e}"
            ),
        )
        .help(msg!(
            "Excel 一张工作表最多 1048576 行：检查这一版本的事项是否多得异常",
            "an Excel sheet holds at most 1,048,576 rows: check whether this version has an \
             unusual number of items"
        ))
    })?;
    let mut files = Vec::with_capacity(2);
    if v + 1 == content.versions.len() {
        files.push(OutputFile {
            path: current_xlsx_path(content, lang),
            bytes: bytes.clone(),
        });
    }
    files.push(OutputFile {
        path: version_xlsx_path(content, v, lang),
        bytes,
    });
    Ok(files)
}

/// The workbook of `version` in the language at `lang`.
pub(crate) fn xlsx(
    content: &Content,
    version: &Version,
    lang: usize,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let sheet = Sheeter {
        content,
        version,
        lang: &content.site.languages[lang].code,
        zh: lang == 0 || content.site.languages[lang].code.starts_with("zh"),
    };
    let mut book = Workbook::new();
    let date = version.date.value;
    use chrono::Datelike;
    // Excel's dates start in 1900; an earlier one (no real list has one) stands at its start,
    // never at the clock's time, so that rebuilds stay byte-identical.
    let created = ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)
        .or_else(|_| ExcelDateTime::from_ymd(1900, 1, 1))?;
    book.set_properties(
        &DocProperties::new()
            .set_title(sheet.plain(&version.title))
            .set_creation_datetime(&created),
    );
    for status in [Status::Issued, Status::Cancelled] {
        sheet.fill(book.add_worksheet(), status)?;
    }
    book.save_to_buffer()
}

struct Sheeter<'a> {
    content: &'a Content,
    version: &'a Version,
    lang: &'a str,
    /// Headers and fixed words in Chinese (else English).
    zh: bool,
}

impl Sheeter<'_> {
    fn plain(&self, text: &Text) -> String {
        text.get_or(self.lang, self.content.site.default_language())
            .to_string()
    }

    fn words<'w>(&self, pair: (&'w str, &'w str)) -> &'w str {
        if self.zh {
            pair.0
        } else {
            pair.1
        }
    }

    fn fill(&self, ws: &mut Worksheet, status: Status) -> Result<(), rust_xlsxwriter::XlsxError> {
        let (name, columns) = match status {
            Status::Issued => (ISSUED_SHEET, ISSUED_COLUMNS),
            Status::Cancelled => (CANCELLED_SHEET, CANCELLED_COLUMNS),
        };
        ws.set_name(self.words(name))?;
        let items: Vec<&Item> = (self.version.items.iter())
            .filter(|i| i.status.value == status)
            .collect();
        let last = (columns.len() - 1) as u16;
        let title_format = Format::new()
            .set_bold()
            .set_font_size(14)
            .set_align(FormatAlign::Center);
        let list = match (status, self.zh) {
            (Status::Issued, true) => "保留的证明事项",
            (Status::Cancelled, true) => "不再出具的证明事项",
            (Status::Issued, false) => "certificates the committees issue",
            (Status::Cancelled, false) => "certificates no longer issued",
        };
        let title = match self.zh {
            true => format!(
                "{}：{list}（共{}项）",
                self.plain(&self.version.title),
                items.len()
            ),
            false => format!(
                "{}: {list} ({})",
                self.plain(&self.version.title),
                super::counts::items(items.len())
            ),
        };
        ws.merge_range(0, 0, 0, last, &fit_cell(title), &title_format)?;
        ws.merge_range(
            1,
            0,
            1,
            last,
            &fit_cell(self.document_line()),
            &Format::new(),
        )?;
        let header = Format::new().set_bold().set_text_wrap();
        for (c, column) in columns.iter().enumerate() {
            let text = self.words((column.zh, column.en));
            ws.write_string_with_format(TITLE_ROWS, c as u16, text, &header)?;
            ws.set_column_width(c as u16, width(column.field))?;
        }
        ws.set_freeze_panes(TITLE_ROWS + 1, 0)?;
        let wrap = Format::new().set_text_wrap();
        for (n, item) in items.iter().enumerate() {
            let row = TITLE_ROWS + 1 + n as u32;
            for (c, column) in columns.iter().enumerate() {
                let value = match column.field {
                    Field::Number => (n + 1).to_string(),
                    _ => self.cell(item, column.field),
                };
                if !value.is_empty() {
                    ws.write_string_with_format(row, c as u16, fit_cell(value), &wrap)?;
                }
            }
        }
        Ok(())
    }

    /// 文号, 发布机关, date and 施行日期, as the head of an official table carries them.
    fn document_line(&self) -> String {
        let v = self.version;
        let date = v.date.value;
        let effective = v.effective.as_ref().map(|e| e.value);
        let mut parts = Vec::new();
        let doc = v.document.as_ref().map(|d| d.value.as_str());
        let issuer = v.issued_by.as_ref().map(|t| self.plain(t));
        match self.zh {
            true => {
                parts.extend(doc.map(|d| format!("文号：{d}")));
                parts.extend(issuer.map(|i| format!("发布机关：{i}")));
                parts.push(format!("发布日期：{}", date.format("%Y年%-m月%-d日")));
                parts
                    .extend(effective.map(|e| format!("施行日期：{}", e.format("%Y年%-m月%-d日"))));
                parts.join("　")
            }
            false => {
                parts.extend(doc.map(|d| format!("Document: {d}")));
                parts.extend(issuer.map(|i| format!("Issuing authority: {i}")));
                parts.push(format!("Date: {date}"));
                parts.extend(effective.map(|e| format!("Effective: {e}")));
                parts.join("; ")
            }
        }
    }

    fn cell(&self, item: &Item, field: Field) -> String {
        let opt = |t: &Option<Text>| t.as_ref().map(|t| self.plain(t)).unwrap_or_default();
        // Markdown as the CSV shows it: plain text, one line per paragraph or list entry.
        let md = |t: &Option<Text>| {
            (t.as_ref())
                .map(|t| crate::emit::markdown::to_plain(&self.plain(t)))
                .unwrap_or_default()
        };
        let list = |ts: &[Text]| {
            let lines: Vec<String> = ts.iter().map(|t| self.plain(t)).collect();
            lines.join("\n")
        };
        match field {
            Field::Number => String::new(),
            Field::Name => self.plain(&item.name),
            Field::Category => {
                let id = &item.category.value;
                (self.content.site.category_name(id)).map_or_else(|| id.clone(), |c| self.plain(c))
            }
            Field::Status => match (item.status.value, self.zh) {
                (Status::Issued, true) => "保留出具".into(),
                (Status::Cancelled, true) => "取消出具".into(),
                (Status::Issued, false) => "issued".into(),
                (Status::Cancelled, false) => "cancelled".into(),
            },
            Field::Purpose => opt(&item.purpose),
            Field::Basis => md(&item.basis),
            Field::RequestedBy => opt(&item.requested_by),
            Field::Issuer => opt(&item.issuer),
            Field::Materials => list(&item.materials),
            Field::Steps => list(&item.steps),
            Field::TimeLimit => opt(&item.time_limit),
            Field::Fee => opt(&item.fee),
            Field::Apply => opt(&item.apply),
            Field::Office => opt(&item.office),
            Field::Hours => opt(&item.hours),
            Field::Applicants => opt(&item.applicants),
            Field::Alternative => md(&item.alternative),
            Field::CancelBasis => md(&item.cancel_basis),
            Field::Specimen => super::export::specimen_path(item),
            Field::Id => item.id.value.clone(),
            service => {
                let plain = |t: &Text| self.plain(t);
                service_cell(item, service, &plain, self.zh).unwrap_or_default()
            }
        }
    }
}

/// The cell of `field` for `item`, when `field` is one of `online`, `refer_to` and `promise`
/// (the same in the CSV and the workbooks, so that the import reads both alike) (`None` for the
/// others). `plain` gives a text in the sheet's language; `zh` picks the colon.
pub(crate) fn service_cell(
    item: &Item,
    field: Field,
    plain: &dyn Fn(&Text) -> String,
    zh: bool,
) -> Option<String> {
    let opt = |t: Option<&Text>| t.map(plain).unwrap_or_default();
    let md = |t: Option<&Text>| t.map(|t| to_plain(&plain(t))).unwrap_or_default();
    let refer = item.refer_to.as_ref();
    let promise = item.promise.as_ref();
    Some(match field {
        Field::Online => channels(&item.online, plain, zh),
        Field::ReferAgency => opt(refer.map(|r| &r.agency)),
        Field::ReferAddress => opt(refer.and_then(|r| r.address.as_ref())),
        Field::ReferPhone => (refer.and_then(|r| r.phone.as_ref()))
            .map(|p| p.value.clone())
            .unwrap_or_default(),
        Field::ReferHours => opt(refer.and_then(|r| r.hours.as_ref())),
        Field::PromiseConditions => md(promise.map(|p| &p.conditions)),
        Field::PromiseConsequences => md(promise.map(|p| &p.consequences)),
        Field::PromiseVerifiedBy => opt(promise.map(|p| &p.verified_by)),
        _ => return None,
    })
}

/// Channels one a line, `名称：https://…` (`Name: https://…` in English).
fn channels(online: &[Channel], plain: &dyn Fn(&Text) -> String, zh: bool) -> String {
    let colon = if zh { "：" } else { ": " };
    let lines: Vec<String> = (online.iter())
        .map(|c| format!("{}{colon}{}", plain(&c.name), c.url.value))
        .collect();
    lines.join("\n")
}

/// A channels cell read back: each line's name and address (`None` for a line that names no
/// `http(s)://` address, which the import reports).
pub(crate) fn parse_channels(cell: &str) -> Vec<Option<(String, String)>> {
    (cell.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let lower = line.to_ascii_lowercase();
            let at = lower.find("https://").or_else(|| lower.find("http://"))?;
            let name =
                line[..at].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：'));
            let url = line[at..].trim();
            (!name.is_empty()).then(|| (name.to_string(), url.to_string()))
        })
        .collect()
}

/// Excel holds at most 32,767 characters in a cell; a longer text (no real list has one) is
/// cut there and says so, rather than making a workbook Excel refuses to open.
pub(crate) fn fit_cell(value: String) -> String {
    // Excel counts a cell's length in UTF-16 units: a character beyond the BMP (CJK
    // Extension B, 𠀀) counts twice.
    const MAX: usize = 32_767;
    const CUT: &str = "……（全文见网页）";
    if value.encode_utf16().count() <= MAX {
        return value;
    }
    let room = MAX - CUT.encode_utf16().count();
    let mut used = 0;
    let kept = value.chars().take_while(|c| {
        used += c.len_utf16();
        used <= room
    });
    kept.chain(CUT.chars()).collect()
}

/// Column widths (in characters) that fit the usual text of each column.
fn width(field: Field) -> f64 {
    match field {
        Field::Number => 6.0,
        Field::Name => 24.0,
        Field::Category | Field::Status | Field::TimeLimit | Field::Fee => 12.0,
        Field::Id => 20.0,
        Field::RequestedBy | Field::Issuer | Field::ReferPhone => 16.0,
        _ => 36.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_channels_cell_reads_back_as_written() {
        let cell =
            "安徽政务服务网：https://www.ahzwfw.gov.cn/\nAnhui app: https://example.gov.cn/app\n";
        assert_eq!(
            parse_channels(cell),
            vec![
                Some(("安徽政务服务网".into(), "https://www.ahzwfw.gov.cn/".into())),
                Some(("Anhui app".into(), "https://example.gov.cn/app".into())),
            ]
        );
        assert_eq!(parse_channels("皖事通"), vec![None]);
        assert_eq!(parse_channels("https://x.example/"), vec![None]);
    }

    #[test]
    fn a_text_longer_than_a_cell_holds_is_cut_and_says_so() {
        let long = "甲".repeat(40_000);
        let cut = fit_cell(long);
        assert_eq!(cut.chars().count(), 32_767);
        assert!(cut.ends_with("（全文见网页）"));
        assert_eq!(fit_cell("乙".into()), "乙");
        // Excel counts UTF-16 units: 20,000 characters beyond the BMP are 40,000 of them.
        let wide = fit_cell("\u{20000}".repeat(20_000));
        assert!(wide.encode_utf16().count() <= 32_767, "{}", wide.len());
        assert!(wide.ends_with("（全文见网页）"));
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        ws.write_string(0, 0, wide)
            .expect("Excel takes the cut text");
    }

    #[test]
    fn a_version_before_1900_still_makes_a_workbook() {
        let (loaded, _) = crate::fixture::load_minimal(&[]);
        let mut content = loaded.content;
        std::sync::Arc::make_mut(&mut content.versions[0])
            .date
            .value = chrono::NaiveDate::from_ymd_opt(1899, 1, 1).unwrap();
        let bytes = xlsx(&content, &content.versions[0], 0).unwrap();
        assert_eq!(bytes, xlsx(&content, &content.versions[0], 0).unwrap());
    }

    #[test]
    fn a_workbook_is_dated_by_its_version_not_by_the_clock() {
        let (loaded, _) = crate::fixture::load_minimal(&[]);
        let content = &loaded.content;
        let bytes = xlsx(content, &content.versions[0], 0).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut core = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core)
            .unwrap();
        assert!(core.contains("2022-06-30T00:00:00Z"), "{core}");
    }
}
