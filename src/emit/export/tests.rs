use super::*;
use std::collections::BTreeMap;
use std::path::Path;

/// A third version on top of tests/fixtures/minimal: old-item back on the list, hostile
/// and awkward cells for the CSV.
const THIRD: &str = r#"date: 2024-03-15
title: { zh-CN: 第二次调整, en: Second adjustment }
issued_by: 测试区民政局
notes:
  old-item: { zh-CN: 重新列入。 }
items:
  - id: kinship
    name: { zh-CN: 亲属关系证明, en: Proof of kinship }
    category: family
    status: cancelled
    basis: "《中华人民共和国民法典》第**1045**条\n\n<script>alert(1)</script>"
    alternative: { zh-CN: "出示**户口簿**，或到派出所开具。", en: Show your **household register**. }
    materials: ['=HYPERLINK("http://evil.example/")', "身份证", "@SUM(1)"]
    time_limit: "-1 天"
    fee: "+10 元"
    cancel_basis: 民发〔2020〕20号
    keywords: [亲戚关系]
  - id: residence
    name: { zh-CN: 居（租）住证明, en: Proof of residence }
    category: housing
    status: issued
    purpose: "办理居住证\n或\"落户\""
    apply: 向居住地社区居民委员会申请
    fee: "+5 元"
    keywords: [租房, 住址证明]
  - id: old-item
    name: '旧证明, "加引号"'
    category: housing
    status: issued
    keywords: [旧]
"#;

/// Every open-data file: the current list (JSON and CSV), each version, the changelog.
fn export(content: &Content, history: &History) -> Vec<OutputFile> {
    let items = Items::new(content);
    super::files(content)
        .into_iter()
        .flat_map(|file| data_file(content, history, &items, file))
        .collect()
}

#[test]
fn a_fields_value_is_what_the_whole_item_has_under_its_key() {
    // Every item of the fixture and the third version (with and without optional fields),
    // every field.
    let (loaded, _) = crate::fixture::load_minimal(&[("certificates/2024-03-15.yaml", THIRD)]);
    let content = &loaded.content;
    let mut checked = 0;
    for item in content.versions.iter().flat_map(|v| &v.items) {
        let json = item_json(content, item);
        let whole = serde_json::to_value(&json).unwrap();
        for f in Field::ALL {
            let want = whole.get(f.key()).cloned().unwrap_or(Value::Null);
            assert_eq!(field_json(&json, f), want, "{} {}", item.id.value, f.key());
            checked += 1;
        }
    }
    assert!(checked >= 14 * 5, "{checked}");
}

/// The minimal fixture plus `extra` files, loaded through the real pipeline, exported.
fn files(extra: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
    let (loaded, history) = crate::fixture::load_minimal(extra);
    let out = export(&loaded.content, &history);
    let n = out.len();
    let map: BTreeMap<String, Vec<u8>> = out.into_iter().map(|f| (f.path, f.bytes)).collect();
    assert_eq!(map.len(), n, "paths are unique");
    map
}

fn three() -> BTreeMap<String, Vec<u8>> {
    files(&[("certificates/2024-03-15.yaml", THIRD)])
}

fn parse(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Value {
    let bytes = &files[path];
    assert!(bytes.ends_with(b"}\n"), "{path} ends with a newline");
    serde_json::from_slice(bytes).unwrap()
}

/// The records of a CSV text as a spreadsheet's reader (the `csv` crate) sees them, after
/// checking what that reader forgives: the text is exactly what a standard writer makes of
/// those cells, so every record ends in CRLF, cells are quoted only where needed, quotes
/// are doubled and no stray quote stands inside a cell.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|record| record.unwrap().iter().map(String::from).collect())
        .collect();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in &rows {
        writer.write_record(row).unwrap();
    }
    let rewritten = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    assert_eq!(rewritten, text, "the text a standard CSV writer makes");
    rows
}

#[test]
fn writes_every_file() {
    let files = three();
    let paths: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        [
            "data/certificates.csv",
            "data/certificates.json",
            "data/changes.json",
            "data/versions/2022-06-30.json",
            "data/versions/2023-02-21.json",
            "data/versions/2024-03-15.json",
        ]
    );
    assert_eq!(
        files["data/certificates.json"],
        files["data/versions/2024-03-15.json"]
    );
}

#[test]
fn csv_encoding_headers_quoting_and_guard() {
    let files = three();
    let bytes = &files["data/certificates.csv"];
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.starts_with(
        "序号,事项名称,类别,状态,证明用途,设定依据,索要单位,出具主体,办理材料,办理步骤,办理时限,收费,申请方式,办理地点,办理时间,适用对象,替代方式,取消依据,线上办理渠道,替代办理部门,替代办理部门地址,替代办理部门电话,替代办理部门办公时间,告知承诺条件,虚假承诺后果,事后核查,证明式样,编号\r\n"
    ));
    let rows = parse_csv(text);
    assert_eq!(rows[0], CSV_HEADERS);
    assert_eq!(rows.len(), 4, "header and three items");
    assert!(rows.iter().all(|r| r.len() == CSV_HEADERS.len()));
    let kinship = &rows[1];
    assert_eq!(kinship[0], "1");
    assert_eq!(kinship[1], "亲属关系证明");
    assert_eq!(kinship[2], "婚姻家庭");
    assert_eq!(kinship[3], "取消出具");
    assert_eq!(kinship[4], "");
    assert_eq!(kinship[5], "《中华人民共和国民法典》第1045条");
    assert_eq!(
        kinship[8],
        "'=HYPERLINK(\"http://evil.example/\")；身份证；@SUM(1)"
    );
    assert_eq!(kinship[10], "'-1 天");
    // Cancelled: no fee, though the item still carries one.
    assert_eq!(kinship[11], "");
    assert_eq!(kinship[12], "");
    assert_eq!(kinship[16], "出示户口簿，或到派出所开具。");
    assert_eq!(kinship[17], "民发〔2020〕20号");
    // No specimen.
    assert_eq!(kinship[26], "");
    assert_eq!(kinship[27], "kinship");
    let residence = &rows[2];
    assert_eq!(residence[0], "2");
    assert_eq!(residence[3], "保留出具");
    assert_eq!(residence[4], "办理居住证\n或\"落户\"");
    assert_eq!(residence[11], "'+5 元");
    assert_eq!(residence[12], "向居住地社区居民委员会申请");
    assert_eq!(residence[17], "");
    assert_eq!(rows[3][1], "旧证明, \"加引号\"");
    // No `fee`: the CSV says nothing rather than "免费" (which only the content may say).
    assert_eq!(rows[3][11], "");
    // The raw text: quoted and doubled quotes.
    assert!(text.contains(",\"旧证明, \"\"加引号\"\"\","), "{text}");
    assert!(text.contains("\"'=HYPERLINK(\"\"http://evil.example/\"\")；身份证；@SUM(1)\""));
    assert!(!text.contains("<script"));
}

#[test]
fn csv_cells() {
    assert_eq!(csv_cell("plain"), "plain");
    assert_eq!(csv_cell("a,b"), "\"a,b\"");
    assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_cell("a\r\nb"), "\"a\r\nb\"");
    assert_eq!(csv_cell("=1+1"), "'=1+1");
    assert_eq!(csv_cell("@x"), "'@x");
    assert_eq!(csv_cell("+x"), "'+x");
    assert_eq!(csv_cell("-x"), "'-x");
    assert_eq!(csv_cell("=a,b"), "\"'=a,b\"");
    assert_eq!(csv_cell("a=b"), "a=b");
}

#[test]
fn markdown_becomes_plain_text() {
    assert_eq!(
        crate::emit::markdown::to_plain("**加粗**和*强调*"),
        "加粗和强调"
    );
    assert_eq!(
        crate::emit::markdown::to_plain("一段\n\n- 甲\n- 乙\n\n<script>x()</script>"),
        "一段\n甲\n乙"
    );
    assert_eq!(
        crate::emit::markdown::to_plain("[链接](https://x.example/) &amp; `代码`"),
        "链接 & 代码"
    );
}

#[test]
fn current_list_json() {
    let files = three();
    let current = parse(&files, "data/certificates.json");
    assert_eq!(current["date"], "2024-03-15");
    assert_eq!(current["title"]["en"], "Second adjustment");
    assert_eq!(current["issued_by"]["zh-CN"], "测试区民政局");
    assert!(current.get("document").is_none());
    assert_eq!(current["item_count"], 3);
    let kinship = &current["items"][0];
    assert_eq!(kinship["id"], "kinship");
    assert_eq!(kinship["url"], "https://example.gov.cn/test/items/kinship/");
    assert_eq!(
        kinship["name"],
        serde_json::json!({"en": "Proof of kinship", "zh-CN": "亲属关系证明"})
    );
    assert_eq!(
        kinship["category"],
        serde_json::json!({"id": "family", "name": {"en": "Family", "zh-CN": "婚姻家庭"}})
    );
    assert_eq!(kinship["status"], "cancelled");
    assert_eq!(
        kinship["materials"][1],
        serde_json::json!({"zh-CN": "身份证"})
    );
    assert_eq!(kinship["fee"], serde_json::json!({"zh-CN": "+10 元"}));
    assert!(
        kinship.get("purpose").is_none(),
        "absent fields are omitted"
    );
    assert_eq!(current["items"][1]["steps"], serde_json::json!([]));
    let v2 = parse(&files, "data/versions/2023-02-21.json");
    assert_eq!(v2["document"], "测民〔2023〕3号");
    assert_eq!(v2["items"][1]["renamed_from"], "tenancy");
    // Key order follows the documentation, not the alphabet.
    let text = String::from_utf8(files["data/certificates.json"].clone()).unwrap();
    let pos = |k: &str| text.find(&format!("\"{k}\":")).unwrap();
    assert!(pos("date") < pos("title") && pos("title") < pos("item_count"));
    assert!(pos("id") < pos("url") && pos("url") < pos("name") && pos("status") < pos("materials"));
}

#[test]
fn changes_json() {
    let files = three();
    let changes = parse(&files, "data/changes.json");
    assert_eq!(
        changes["site"],
        serde_json::json!({
            "title": {"en": "Test district certificates", "zh-CN": "测试区证明事项"},
            "base_url": "https://example.gov.cn/test/"
        })
    );
    let versions = changes["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 3);
    assert_eq!(versions[0]["initial"], true);
    assert_eq!(versions[0]["changes"], serde_json::json!([]));
    assert_eq!(versions[1]["initial"], false);
    assert_eq!(
        versions[1]["url"],
        "https://example.gov.cn/test/changelog/2023-02-21/"
    );
    assert_eq!(
        versions[1]["counts"],
        serde_json::json!({"added": 0, "removed": 1, "renamed": 1, "cancelled": 1, "reinstated": 0, "changed": 2})
    );
    let find = |v: usize, id: &str| {
        versions[v]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("{id} in version {v}"))
            .clone()
    };
    let kinship = find(1, "kinship");
    assert_eq!(kinship["kind"], "kept");
    assert_eq!(kinship["status_change"], "cancelled");
    assert_eq!(
        kinship["note"]["en"],
        "Cancelled under the 2020 national list."
    );
    assert_eq!(
        kinship["fields"],
        serde_json::json!([{
            "field": "alternative",
            "before": null,
            "after": {"en": "Show your **household register**.", "zh-CN": "出示**户口簿**。"}
        }])
    );
    let residence = find(1, "residence");
    assert_eq!(residence["kind"], "renamed");
    assert_eq!(residence["from"], "tenancy");
    assert_eq!(residence["status_change"], Value::Null);
    let fields = residence["fields"].as_array().unwrap();
    assert_eq!(fields[0]["field"], "name");
    assert_eq!(fields[0]["before"]["zh-CN"], "租住证明");
    assert_eq!(fields[0]["after"]["zh-CN"], "居（租）住证明");
    assert_eq!(fields[1]["field"], "purpose");
    assert_eq!(fields[1]["before"], Value::Null);
    assert_eq!(
        fields[1]["after"],
        serde_json::json!({"zh-CN": "办理居住证"})
    );
    assert_eq!(fields[2]["field"], "keywords");
    assert_eq!(fields[2]["before"], serde_json::json!([{"zh-CN": "租房"}]));
    let removed = find(1, "old-item");
    assert_eq!(removed["kind"], "removed");
    assert_eq!(removed["fields"], serde_json::json!([]));
    assert!(removed.get("from").is_none() && removed.get("last_seen").is_none());
    let readded = find(2, "old-item");
    assert_eq!(readded["kind"], "readded");
    assert_eq!(readded["last_seen"], "2022-06-30");
    assert_eq!(readded["note"], serde_json::json!({"zh-CN": "重新列入。"}));
    assert!(versions[1]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["id"] != "tenancy"));
}

#[test]
fn deterministic() {
    assert_eq!(three(), three());
}

// ---- validation against schema/open-data.schema.json -------------------------------

/// `schema/open-data.schema.json` as a validator (draft 2020-12, formats checked), for the
/// whole schema or, with `def`, for one of its `$defs` (`version`, `changes`): the same
/// document with that definition at the top, so that its `$ref`s resolve within it.
fn validator(def: Option<&str>) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/open-data.schema.json");
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    if let Some(def) = def {
        let root = schema.as_object_mut().unwrap();
        assert!(root.remove("oneOf").is_some());
        root.insert("$ref".into(), format!("#/$defs/{def}").into());
    }
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// Every way `value` breaks the schema, one line each with where.
fn errors(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn files_match_the_schema() {
    let (version, changes, whole) = (
        validator(Some("version")),
        validator(Some("changes")),
        validator(None),
    );
    for files in [three(), files(&[])] {
        for (path, bytes) in &files {
            if !path.ends_with(".json") {
                continue;
            }
            let value: Value = serde_json::from_slice(bytes).unwrap();
            let def = if path == CHANGES_JSON {
                &changes
            } else {
                &version
            };
            assert_eq!(errors(def, &value), Vec::<String>::new(), "{path}");
            // The top level accepts every file too.
            assert_eq!(errors(&whole, &value), Vec::<String>::new(), "{path}");
        }
    }
}

#[test]
fn schema_is_strict() {
    let (version, changes) = (validator(Some("version")), validator(Some("changes")));
    let files = three();
    let good: Value = serde_json::from_slice(&files[CERTIFICATES_JSON]).unwrap();
    assert!(version.is_valid(&good));
    let bad = |edit: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        edit(&mut v);
        !version.is_valid(&v)
    };
    assert!(bad(&|v| v["extra"] = Value::Bool(true)));
    assert!(bad(&|v| v["items"][0]["status"] = "maybe".into()));
    assert!(bad(&|v| v["items"][0]["name"] = serde_json::json!({})));
    assert!(bad(&|v| v["items"][0]["id"] = "Bad Id".into()));
    assert!(bad(&|v| v["items"][0]["id"] = "old--item".into()));
    assert!(bad(&|v| v["date"] = "2024-3-15".into()));
    assert!(bad(&|v| v["date"] = "2024-13-45".into()));
    assert!(bad(
        &|v| v["items"][0]["url"] = "ftp://example.gov.cn/".into()
    ));
    assert!(bad(&|v| v["items"][0]["url"] = "https://a b/".into()));
    assert!(bad(&|v| {
        v["items"][0].as_object_mut().unwrap().remove("url");
    }));
    assert!(bad(&|v| v["items"][0]["purpose"] = Value::Null));
    let good: Value = serde_json::from_slice(&files[CHANGES_JSON]).unwrap();
    assert!(changes.is_valid(&good));
    let bad = |edit: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        edit(&mut v);
        !changes.is_valid(&v)
    };
    assert!(bad(
        &|v| v["versions"][1]["changes"][0]["kind"] = "moved".into()
    ));
    assert!(bad(&|v| {
        v["versions"][1]["changes"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|c| c["kind"] == "renamed")
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove("from");
    }));
    assert!(bad(&|v| v["versions"][1]["changes"][0]["from"] = "x".into()));
    assert!(bad(
        &|v| v["versions"][1]["changes"][0]["fields"] =
            serde_json::json!([{"field": "colour", "before": null, "after": null}])
    ));
    assert!(bad(&|v| v["versions"][0]["initial"] = "yes".into()));
}

#[test]
fn version_files_share_unchanged_items_and_read_as_serialized_in_full() {
    // A fourth version republishes the third with one item changed, a fifth the fourth with
    // another one changed.
    let fourth = THIRD
        .replace("date: 2024-03-15", "date: 2024-06-01")
        .replace("keywords: [旧]", "keywords: [旧, 新]");
    let fifth = fourth
        .replace("date: 2024-06-01", "date: 2024-09-01")
        .replace("keywords: [亲戚关系]", "keywords: [亲戚关系, 亲属]");
    let (loaded, history) = crate::fixture::load_minimal(&[
        ("certificates/2024-03-15.yaml", THIRD),
        ("certificates/2024-06-01.yaml", &fourth),
        ("certificates/2024-09-01.yaml", &fifth),
    ]);
    let content = &loaded.content;
    let items = Items::new(content);
    let total: usize = content.versions.iter().map(|v| v.items.len()).sum();
    assert_eq!(
        items.fragments.len(),
        total - 4,
        "the two unchanged items of the fourth and of the fifth version are not serialized again"
    );
    let x = Exporter {
        content,
        history: &history,
    };
    let newest = content.versions.len() - 1;
    let files: Vec<String> = (0..content.versions.len())
        .map(|v| {
            let got = data_file(content, &history, &items, DataFile::Version(v));
            String::from_utf8(got[got.len() - 1].bytes.clone()).unwrap()
        })
        .collect();
    let parsed: Vec<Value> = files
        .iter()
        .map(|f| serde_json::from_str(f).unwrap())
        .collect();
    // The schema describes a file with references (`#/$defs/item_reference`) and nothing else:
    // a reference with another key is refused.
    let schema = validator(Some("version"));
    for (v, file) in parsed.iter().enumerate() {
        assert_eq!(errors(&schema, file), Vec::<String>::new(), "version {v}");
    }
    let mut bad = (parsed.iter())
        .find(|f| f.to_string().contains("\"same_as\""))
        .unwrap()
        .clone();
    let reference = (bad["items"].as_array_mut().unwrap().iter_mut())
        .find(|i| i.get("same_as").is_some())
        .unwrap();
    reference["name"] = serde_json::json!({"zh-CN": "亲属关系证明"});
    assert!(!errors(&schema, &bad).is_empty());
    let mut references = 0;
    for v in 0..content.versions.len() {
        // The reference: the version serialized with its items, nothing shared.
        let whole = x.version_with(
            v,
            content.versions[v]
                .items
                .iter()
                .map(|i| item_json(content, i))
                .collect(),
        );
        // Every item the file refers to an earlier version is in that version's file in full,
        // exactly as this version has it: nothing is lost.
        let mut value = parsed[v].clone();
        for entry in value["items"].as_array_mut().unwrap() {
            let Some(date) = entry.get("same_as").and_then(Value::as_str) else {
                continue;
            };
            assert!(
                v != newest,
                "the newest version's file has every item in full"
            );
            assert_eq!(entry.as_object().unwrap().len(), 2, "{entry}");
            let u = (content.versions.iter())
                .position(|w| w.date.value.to_string() == date)
                .unwrap();
            assert!(u < v, "version {v} refers to an older file, not to {date}");
            let there = (parsed[u]["items"].as_array().unwrap().iter())
                .find(|i| i["id"] == entry["id"])
                .unwrap();
            assert!(there.get("same_as").is_none(), "{date} has {entry} in full");
            *entry = there.clone();
            references += 1;
        }
        assert_eq!(value, serde_json::to_value(&whole).unwrap(), "version {v}");
        // The file pretty-printed but each item on one line of its own, in list order.
        let got = &files[v];
        let lines: Vec<&str> = got.lines().filter(|l| l.starts_with("    {")).collect();
        assert_eq!(lines.len(), content.versions[v].items.len(), "version {v}");
        for (line, item) in lines.iter().zip(&content.versions[v].items) {
            let one: Value = serde_json::from_str(line.trim().trim_end_matches(',')).unwrap();
            assert_eq!(one["id"], item.id.value.as_str(), "version {v}");
        }
        assert!(got.starts_with("{\n  \"date\": ") && got.ends_with("\n  ]\n}\n"));
    }
    // Every item an earlier version has exactly as the version before is a reference.
    let earlier: usize = (0..newest).map(|v| content.versions[v].items.len()).sum();
    let full_earlier = (items.first.iter()).filter(|&&v| v < newest).count();
    assert_eq!(references, earlier - full_earlier);
    assert_eq!(references, 2, "the fourth version's kinship and residence");
}

/// `data/places.json` of the sample's places.yaml matches `#/$defs/places` and the whole
/// schema, which refuses a place with a key it does not describe; without places.yaml there
/// is no such file.
#[test]
fn places_file_matches_the_schema() {
    assert!(!files(&[]).contains_key(places::PLACES_JSON));
    let sample = include_str!("../../../content/places.yaml");
    let files = files(&[("places.yaml", sample)]);
    let value: Value = serde_json::from_slice(&files[places::PLACES_JSON]).unwrap();
    let (def, whole) = (validator(Some("places")), validator(None));
    assert_eq!(errors(&def, &value), Vec::<String>::new());
    assert_eq!(errors(&whole, &value), Vec::<String>::new());
    assert_eq!(value["places"][0]["level"], "district");
    let mut bad = value.clone();
    bad["places"][1]["extra"] = Value::Bool(true);
    assert!(!def.is_valid(&bad));
    let mut bad = value;
    bad["places"][1]["level"] = "village".into();
    assert!(!def.is_valid(&bad));
}
