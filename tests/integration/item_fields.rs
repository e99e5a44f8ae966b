//! Item fields that real lists carry (issue 18): 办理地点 (`office`), 办理时间 (`hours`) and
//! 适用对象 (`applicants`). Each is decoded, shown on the item page under its label, carried by
//! the open data (JSON, CSV, the 保留清单 sheet, the changelog's field list), described by the
//! editor schema, and a value that is not a text is reported where it is.

use std::path::Path;

use calamine::{open_workbook_auto, Reader};
use serde_json::{json, Value};

use crate::support::{
    build_ok, check_json, copy_fixture, csv_records, edit, html, qingdan_in, repo, text_of,
};

/// Each new text field: key, its label on the page and its column header, and a value.
const TEXT_FIELDS: [(&str, &str, &str); 3] = [
    ("office", "办理地点", "社区党群服务中心一楼便民服务窗口"),
    ("hours", "办理时间", "工作日上午9:00—12:00"),
    ("applicants", "适用对象", "本社区户籍居民"),
];

/// The minimal fixture with `lines` added to the issued item `residence` of the last version.
fn with_lines(lines: &str) -> tempfile::TempDir {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "    purpose: 办理居住证\n",
        &format!("    purpose: 办理居住证\n{lines}"),
    );
    dir
}

fn text_fields_yaml() -> String {
    TEXT_FIELDS
        .iter()
        .map(|(key, _, value)| format!("    {key}: {value}\n"))
        .collect()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn office_hours_and_applicants_show_on_the_item_page_and_in_the_open_data() {
    let dir = with_lines(&text_fields_yaml());
    let (out, problems) = check_json(dir.path());
    assert!(out.status.success() && problems.is_empty(), "{problems:?}");
    let site = tempfile::tempdir().unwrap();
    build_ok(dir.path(), site.path());

    let page = std::fs::read_to_string(site.path().join("items/residence/index.html")).unwrap();
    let details = text_of(&html(&page), "dl.details");
    for (_, label, value) in TEXT_FIELDS {
        assert!(
            details.contains(&format!("{label}{value}")),
            "{label}: {details}"
        );
    }

    let data = site.path().join("data");
    let current = read_json(&data.join("certificates.json"));
    let item = (current["items"].as_array().unwrap().iter())
        .find(|i| i["id"] == "residence")
        .unwrap();
    for (key, _, value) in TEXT_FIELDS {
        assert_eq!(item[key]["zh-CN"], value, "{key}");
    }
    // The open-data schema describes the new members (it refuses unknown ones).
    let schema = read_json(&repo().join("schema/open-data.schema.json"));
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let problems: Vec<String> = validator
        .iter_errors(&current)
        .map(|e| e.to_string())
        .collect();
    assert!(problems.is_empty(), "{problems:?}");
    let changes = read_json(&data.join("changes.json"));
    assert!(validator.is_valid(&changes));
    let changed: Vec<&str> = (changes["versions"].as_array().unwrap().iter())
        .flat_map(|v| v["changes"].as_array().unwrap())
        .filter(|c| c["id"] == "residence")
        .flat_map(|c| c["fields"].as_array().unwrap())
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for (key, _, _) in TEXT_FIELDS {
        assert!(changed.contains(&key), "{key} in {changed:?}");
    }

    let records = csv_records(&std::fs::read(data.join("certificates.csv")).unwrap());
    let row = records
        .iter()
        .find(|r| r.last().unwrap() == "residence")
        .unwrap();
    for (_, label, value) in TEXT_FIELDS {
        let at = records[0].iter().position(|h| h == label).expect(label);
        assert_eq!(row[at], value, "{label}");
    }

    let mut book = open_workbook_auto(data.join("certificates.xlsx")).unwrap();
    let issued = book.worksheet_range("保留清单").unwrap();
    let rows: Vec<Vec<String>> = (issued.rows())
        .map(|r| r.iter().map(|d| d.to_string()).collect())
        .collect();
    let row = rows
        .iter()
        .find(|r| r.last().unwrap() == "residence")
        .unwrap();
    for (_, label, value) in TEXT_FIELDS {
        let at = rows[2].iter().position(|h| h == label).expect(label);
        assert_eq!(row[at], value, "{label}");
    }
}

#[test]
fn the_editor_schema_takes_the_text_fields_and_refuses_other_shapes() {
    let schema = read_json(&repo().join("schema/version.schema.json"));
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let version = |field: Value| {
        let mut item = json!({ "id": "residence", "name": "居住证明", "category": "housing", "status": "issued" });
        for (key, _, _) in TEXT_FIELDS {
            item[key] = field.clone();
        }
        json!({ "date": "2023-02-21", "title": "第一次调整", "items": [item] })
    };
    assert!(validator.is_valid(&version(json!("本社区户籍居民"))));
    assert!(validator.is_valid(&version(
        json!({ "zh-CN": "本社区户籍居民", "en": "Residents" })
    )));
    assert!(!validator.is_valid(&version(json!(["一楼", "二楼"]))));
}

#[test]
fn a_text_field_given_as_a_list_is_reported_where_it_is_in_chinese() {
    for (key, _, _) in TEXT_FIELDS {
        let dir = with_lines(&format!("    {key}: [一楼, 二楼]\n"));
        let out = qingdan_in("zh-CN")
            .args(["check", "--message-format", "json", "--content"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(!out.status.success(), "{key}");
        let problems = crate::support::reported(&crate::support::stdout(&out));
        let problem = problems
            .iter()
            .find(|p| p.message.contains(key))
            .expect(key);
        assert!(
            problem.file.ends_with("certificates/2023-02-21.yaml"),
            "{problem:?}"
        );
        // The line after `purpose: 办理居住证` (line 19 of the fixture), at the list.
        let column = "    : ".len() + key.len() + 1;
        assert_eq!(problem.line, Some(20), "{problem:?}");
        assert_eq!(problem.column, Some(column as u64), "{problem:?}");
        assert_eq!(problem.code, "not-a-text", "{problem:?}");
        let chinese = |c: &char| ('\u{4e00}'..='\u{9fff}').contains(c);
        assert!(problem.message.chars().any(|c| chinese(&c)), "{problem:?}");
    }
}
