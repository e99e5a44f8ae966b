//! `qingdan import` (issue 22) and the spreadsheets the build publishes (issue 18): bureau
//! spreadsheets, a GBK CSV and a Word table made here in the shapes real lists take, each
//! imported into a copy of a fixture; the written version file and the report checked; and
//! the round trip through the published XLSX, which must change no item.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::{Format, Workbook};

use crate::support::{build_ok, copy_dir, copy_fixture, qingdan, qingdan_in, repo, stderr, stdout};

/// Run `qingdan import FILE --date DATE --content DIR` (plus `extra`) in Chinese.
fn import(content: &Path, file: &Path, date: &str, extra: &[&str]) -> std::process::Output {
    qingdan_in("zh-CN")
        .arg("import")
        .arg(file)
        .args(["--date", date, "--content"])
        .arg(content)
        .args(extra)
        .output()
        .unwrap()
}

fn version_file(content: &Path, date: &str) -> String {
    fs::read_to_string(content.join(format!("certificates/{date}.yaml"))).unwrap()
}

/// The ids `qingdan diff FROM TO --format json` reports as changed.
fn changes(content: &Path, from: &str, to: &str) -> String {
    let out = qingdan()
        .args(["diff", from, to, "--format", "json", "--content"])
        .arg(content)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// The bureau's sheet: a title and a document number above the header, a merged title,
/// section rows, two tables in one sheet, a renamed row, a new row, a line break in a cell
/// and a column nobody knows.
fn bureau_xlsx(path: &Path) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("附件").unwrap();
    let plain = Format::new();
    ws.merge_range(0, 0, 0, 4, "测试区出具证明事项清单（2026年版）", &plain)
        .unwrap();
    ws.write_string(1, 0, "测民〔2026〕1号").unwrap();
    for (c, h) in ["序号", "证明事项名称", "证明用途", "办理材料", "联系人"]
        .iter()
        .enumerate()
    {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    ws.merge_range(3, 0, 3, 4, "一、保留的证明事项", &plain)
        .unwrap();
    let rows: [[&str; 5]; 2] = [
        ["1", "居住证明", "办理居住证", "身份证\n租房合同", "张三"],
        ["2", "健康证明", "办理入学", "体检报告", "李四"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(4 + r as u32, c as u16, *v).unwrap();
        }
    }
    ws.write_string(7, 0, "附件2 不再出具的证明事项").unwrap();
    for (c, h) in ["序号", "证明名称", "替代方式"].iter().enumerate() {
        ws.write_string(8, c as u16, *h).unwrap();
    }
    ws.write_number(9, 0, 1).unwrap();
    ws.write_string(9, 1, "亲属关系证明").unwrap();
    ws.write_string(9, 2, "出示户口簿。").unwrap();
    book.save(path).unwrap();
}

#[test]
fn a_bureau_spreadsheet_becomes_a_version_with_every_guess_marked() {
    let dir = copy_fixture("minimal");
    let file = dir.path().join("附件.xlsx");
    bureau_xlsx(&file);
    let out = import(dir.path(), &file, "2026-3-1", &[]);
    let (said, warned) = (stdout(&out), stderr(&out));
    assert!(out.status.success(), "{said}\n{warned}");
    let text = version_file(dir.path(), "2026-03-01");
    assert!(text.contains("date: 2026-03-01\n"), "{text}");
    // The document number comes from the title block above the table.
    assert!(text.contains("document: \"测民〔2026〕1号\"\n"), "{text}");
    // The near name is a proposed rename, with its evidence, and keeps the English.
    assert!(
        text.contains("  - id: ju-zhu-zheng-ming\n    renamed_from: residence\n"),
        "{text}"
    );
    assert!(text.contains("去掉括号里的文字后名称相同"), "{text}");
    assert!(
        text.contains(r#"name: { zh-CN: "居住证明", en: "Proof of residence" }"#),
        "{text}"
    );
    // The line break in the cell made two materials.
    assert!(
        text.contains(
            "    materials:\n      - { zh-CN: \"身份证\" }\n      - { zh-CN: \"租房合同\" }\n"
        ),
        "{text}"
    );
    // The new row: a pinyin id, issued (from its section), its category to confirm.
    assert!(text.contains("  - id: jian-kang-zheng-ming\n    name: { zh-CN: \"健康证明\" }\n    category: family\n    status: issued\n"), "{text}");
    assert!(text.contains("# 请确认：附件第6行：没有类别"), "{text}");
    // The second table of the sheet is the cancelled list; the alternative is unchanged (its
    // Markdown kept) although the cell shows it plain.
    assert!(text.contains("  - id: kinship\n"), "{text}");
    assert!(text.contains("status: cancelled\n    alternative: { zh-CN: \"出示**户口簿**。\", en: \"Show your **household register**.\" }"), "{text}");
    // English texts and keywords the sheet lacks are kept.
    assert!(text.contains(r#"- { zh-CN: "住址证明" }"#), "{text}");
    // The report: counts, the rename with its evidence, the stale English, the column.
    assert!(
        said.contains("读取3行，对上原有事项1项，新增1项，移出0项，疑似更名1项"),
        "{said}"
    );
    assert!(
        said.contains(
            "疑似更名：附件第5行“居住证明”（`ju-zhu-zheng-ming`）← “居（租）住证明”（`residence`）"
        ),
        "{said}"
    );
    assert!(
        said.contains("译文未更新：`ju-zhu-zheng-ming` 的 `name` 中文改了，`en` 的文字还是旧的"),
        "{said}"
    );
    assert!(
        said.contains("新增：附件第6行“健康证明”，编号 `jian-kang-zheng-ming`"),
        "{said}"
    );
    assert!(
        warned.contains("附件第3行E列“联系人”不是认识的列名"),
        "{warned}"
    );
    assert!(
        warned.contains("import-unknown-column") || warned.contains("不认识的列"),
        "{warned}"
    );
    // Then the check ran on the content with the new file.
    assert!(said.contains("内容检查通过：3个版本"), "{said}");
}

#[test]
fn a_mapped_column_is_read_and_the_file_is_never_overwritten() {
    let dir = copy_fixture("minimal");
    let file = dir.path().join("附件.xlsx");
    bureau_xlsx(&file);
    let out = import(dir.path(), &file, "2026-03-01", &["--map", "联系人=ignore"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("联系人"), "{}", stderr(&out));
    let before = version_file(dir.path(), "2026-03-01");
    let again = import(dir.path(), &file, "2026-03-01", &[]);
    assert_eq!(again.status.code(), Some(1), "{}", stdout(&again));
    assert_eq!(version_file(dir.path(), "2026-03-01"), before);
    let early = import(dir.path(), &file, "2023-02-21", &[]);
    assert_eq!(early.status.code(), Some(1));
    assert!(
        stderr(&early).contains("不晚于最新版本（2026-03-01）"),
        "{}",
        stderr(&early)
    );
    let bad = import(dir.path(), &file, "2026-03-02", &["--map", "联系人=phone"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("`phone` 不对"), "{}", stderr(&bad));
}

#[test]
fn a_gbk_csv_with_a_dropped_row_reports_the_removed_item() {
    let dir = copy_fixture("minimal");
    let file = dir.path().join("清单.csv");
    let csv = "序号,证明名称,类别,状态,证明用途\r\n1,居（租）住证明,居住,保留出具,\"办理居住证\r\n或积分落户\"\r\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(csv);
    assert!(!unmappable);
    fs::write(&file, &gbk).unwrap();
    let out = import(dir.path(), &file, "2026-03-01", &[]);
    let said = stdout(&out);
    assert!(out.status.success(), "{said}\n{}", stderr(&out));
    let text = version_file(dir.path(), "2026-03-01");
    assert!(!text.contains("id: kinship"), "{text}");
    assert!(
        text.contains("  - id: residence\n    renamed_from: tenancy\n"),
        "{text}"
    );
    assert!(
        text.contains(r#"purpose: { zh-CN: "办理居住证\n或积分落户" }"#),
        "{text}"
    );
    assert!(said.contains("对上原有事项1项，新增0项，移出1项"), "{said}");
    assert!(
        said.contains("移出：“亲属关系证明”（`kinship`）在表格里没有找到"),
        "{said}"
    );
}

/// A DOCX whose body is `body` (WordprocessingML).
fn docx(path: &Path, body: &str) {
    let file = fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip.write_all(doc.as_bytes()).unwrap();
    zip.finish().unwrap();
}

fn tc(text: &str) -> String {
    format!("<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
}

#[test]
fn the_tables_of_a_word_attachment_are_read_with_their_captions() {
    let dir = copy_fixture("minimal");
    let file = dir.path().join("附件.docx");
    let row = |cells: &[&str]| {
        format!(
            "<w:tr>{}</w:tr>",
            cells.iter().map(|c| tc(c)).collect::<String>()
        )
    };
    let body = format!(
        "<w:p><w:r><w:t>附件1 保留的证明事项</w:t></w:r></w:p><w:tbl>{}{}</w:tbl>\
         <w:p><w:r><w:t>附件2 不再出具的证明事项</w:t></w:r></w:p><w:tbl>{}{}</w:tbl>",
        row(&["序号", "证明名称", "出具单位"]),
        row(&["1", "居（租）住证明", "村（居）民委员会"]),
        row(&["序号", "证明名称", "替代方式"]),
        row(&["1", "亲属关系证明", "出示户口簿或结婚证。"]),
    );
    docx(&file, &body);
    let out = import(dir.path(), &file, "2026-03-01", &[]);
    let said = stdout(&out);
    assert!(out.status.success(), "{said}\n{}", stderr(&out));
    let text = version_file(dir.path(), "2026-03-01");
    assert!(
        text.contains(r#"issuer: { zh-CN: "村（居）民委员会" }"#),
        "{text}"
    );
    assert!(text.contains("status: cancelled\n    alternative: { zh-CN: \"出示户口簿或结婚证。\", en: \"Show your **household register**.\" }"), "{text}");
    assert!(said.contains("对上原有事项2项"), "{said}");
    assert!(
        said.contains("译文未更新：`kinship` 的 `alternative`"),
        "{said}"
    );
}

#[test]
fn the_summary_speaks_english_when_asked() {
    let dir = copy_fixture("minimal");
    let file = dir.path().join("list.xlsx");
    bureau_xlsx(&file);
    let out = qingdan()
        .arg("import")
        .arg(&file)
        .args(["--date", "2026-03-01", "--lang", "en", "--content"])
        .arg(dir.path())
        .output()
        .unwrap();
    let said = stdout(&out);
    assert!(
        said.contains("3 rows read, 1 matched, 1 new, 0 removed, 1 proposed renames"),
        "{said}"
    );
    assert!(
        stderr(&out).contains("“联系人” is not a known column name"),
        "{}",
        stderr(&out)
    );
}

/// Import the XLSX the build publishes for the latest version: no item may change.
fn round_trip(content: &Path) {
    let work = tempfile::tempdir().unwrap();
    let (site, out) = (work.path().join("content"), work.path().join("out"));
    copy_dir(content, &site);
    build_ok(&site, &out);
    let latest = fs::read_dir(site.join("certificates"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .max()
        .unwrap()
        .trim_end_matches(".yaml")
        .to_string();
    let version = format!("data/versions/{latest}.xlsx");
    let files = [
        ("data/certificates.xlsx", "2099-01-01"),
        (version.as_str(), "2099-01-02"),
        // The English workbook: its texts are read as English, untranslated ones as shown.
        ("data/certificates.en.xlsx", "2099-01-03"),
        // The published CSV (UTF-8 with BOM, 状态 column, lists joined with ；).
        ("data/certificates.csv", "2099-01-04"),
    ];
    for (file, date) in files {
        let got = import(&site, &out.join(file), date, &[]);
        assert!(got.status.success(), "{}\n{}", stdout(&got), stderr(&got));
        assert!(
            stdout(&got).contains("新增0项，移出0项，疑似更名0项"),
            "{}",
            stdout(&got)
        );
        let diff = changes(&site, &latest, date);
        assert!(!diff.contains("\"kind\""), "{file}: {diff}");
        fs::remove_file(site.join(format!("certificates/{date}.yaml"))).unwrap();
    }
}

#[test]
fn the_published_xlsx_imports_back_unchanged_for_the_sample() {
    round_trip(&repo().join("content"));
}

#[test]
fn the_published_xlsx_imports_back_unchanged_for_the_minimal_fixture() {
    round_trip(&crate::support::fixture("minimal"));
}

#[test]
fn the_published_workbooks_read_back_in_a_real_reader() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    build_ok(&crate::support::fixture("minimal"), &out);
    let path = out.join("data/certificates.xlsx");
    let mut book = open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names(), vec!["保留清单", "不再出具清单"]);
    let issued = book.worksheet_range("保留清单").unwrap();
    let cell = |r: &calamine::Range<Data>, row: usize, col: usize| {
        r.get((row, col)).map(|d| d.to_string()).unwrap_or_default()
    };
    assert!(
        cell(&issued, 0, 0).contains("第一次调整"),
        "{:?}",
        issued.rows().next()
    );
    assert!(cell(&issued, 1, 0).contains("文号：测民〔2023〕3号"));
    let row_of = |range: &calamine::Range<calamine::Data>, n: usize| -> Vec<String> {
        let row = range.rows().nth(n).unwrap();
        row.iter().map(|d| d.to_string()).collect()
    };
    let header = row_of(&issued, 2);
    assert_eq!(header[..3], ["序号", "证明名称", "类别"]);
    assert_eq!(header.last().unwrap(), "编号");
    let first = row_of(&issued, 3);
    assert_eq!(first[1], "居（租）住证明");
    assert_eq!(first.last().unwrap(), "residence");
    let cancelled = book.worksheet_range("不再出具清单").unwrap();
    let row = row_of(&cancelled, 3);
    assert_eq!(row.last().unwrap(), "kinship");
    assert!(row.contains(&"出示户口簿。".to_string()), "{row:?}");
    // The header row is frozen (calamine does not say; the sheet's XML does).
    let mut zip = zip::ZipArchive::new(fs::File::open(&path).unwrap()).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(
        sheet.contains(
            r#"<pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{sheet}"
    );
    // English, every version, and a CSV per version with ids and steps.
    let mut en = open_workbook_auto(out.join("data/certificates.en.xlsx")).unwrap();
    assert_eq!(en.sheet_names(), vec!["Issued", "No longer issued"]);
    let header = en.worksheet_range("Issued").unwrap();
    assert_eq!(cell(&header, 2, 1), "Certificate");
    assert_eq!(cell(&header, 3, 1), "Proof of residence");
    for date in ["2022-06-30", "2023-02-21"] {
        assert!(out.join(format!("data/versions/{date}.xlsx")).is_file());
        assert!(out.join(format!("data/versions/{date}.en.xlsx")).is_file());
        let csv = crate::support::csv_records(
            &fs::read(out.join(format!("data/versions/{date}.csv"))).unwrap(),
        );
        assert!(
            csv[0].contains(&"办理步骤".to_string()) && csv[0].last().unwrap() == "编号",
            "{:?}",
            csv[0]
        );
    }
    let csv =
        crate::support::csv_records(&fs::read(out.join("data/versions/2022-06-30.csv")).unwrap());
    assert_eq!(csv[1].last().unwrap(), "kinship");
}

#[test]
fn a_cell_that_holds_no_text_is_named_and_leaves_the_item_as_it_was() {
    let dir = copy_fixture("minimal");
    let file = dir.path().join("清单.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in ["证明名称", "证明用途", "编号"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "居（租）住证明").unwrap();
    let broken = rust_xlsxwriter::Formula::new("=NA()").set_result("#N/A");
    ws.write_formula(1, 1, broken).unwrap();
    ws.write_string(1, 2, "residence").unwrap();
    ws.write_string(2, 0, "亲属关系证明").unwrap();
    ws.write_string(2, 2, "kinship").unwrap();
    book.save(&file).unwrap();
    let out = import(dir.path(), &file, "2026-03-01", &[]);
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    assert!(
        stderr(&out).contains("Sheet1第2行B列读不出文字（#N/A）"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("读不出的单元格1个"),
        "{}",
        stdout(&out)
    );
    let text = version_file(dir.path(), "2026-03-01");
    assert!(
        text.contains(r#"purpose: { zh-CN: "办理居住证" }"#),
        "{text}"
    );
}

/// The same bureau sheet saved as Excel 97-2003 (`.xls`) and OpenDocument (`.ods`), the other
/// formats staff are sent (made by tests/fixtures/import/make.py with xlwt and odfpy, since
/// no Rust crate writes them), reads as the XLSX does.
#[test]
fn the_bureau_sheet_reads_the_same_from_xls_and_ods() {
    for name in ["bureau.xls", "bureau.ods"] {
        let dir = copy_fixture("minimal");
        let file = dir.path().join(name);
        fs::copy(repo().join("tests/fixtures/import").join(name), &file).unwrap();
        let out = import(dir.path(), &file, "2026-03-01", &[]);
        let (said, warned) = (stdout(&out), stderr(&out));
        assert!(out.status.success(), "{name}: {said}\n{warned}");
        let text = version_file(dir.path(), "2026-03-01");
        assert!(
            text.contains("document: \"测民〔2026〕1号\"\n"),
            "{name}: {text}"
        );
        assert!(
            text.contains("  - id: ju-zhu-zheng-ming\n    renamed_from: residence\n"),
            "{name}: {text}"
        );
        assert!(
            text.contains(
                "    materials:\n      - { zh-CN: \"身份证\" }\n      - { zh-CN: \"租房合同\" }\n"
            ),
            "{name}: the line break in the cell makes two materials: {text}"
        );
        assert!(
            text.contains("  - id: jian-kang-zheng-ming\n"),
            "{name}: {text}"
        );
        assert!(text.contains("  - id: kinship\n"), "{name}: {text}");
        assert!(
            said.contains("读取3行，对上原有事项1项，新增1项，移出0项，疑似更名1项"),
            "{name}: {said}"
        );
        assert!(
            warned.contains("“联系人”不是认识的列名"),
            "{name}: {warned}"
        );
    }
}
