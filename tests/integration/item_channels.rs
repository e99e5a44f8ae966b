//! An item's online channels (`online`, 线上办理渠道), where to go instead (`refer_to`) and
//! its written commitment (`promise`, 告知承诺), issue 18: decoded with located errors, shown
//! on the item page (the verdict of a cancelled item calls the agency, not the district),
//! carried by the JSON, the CSV and the workbooks, compared in the changelog, and read back by
//! `qingdan import`. The `channels` fixture is the minimal one with all three (2023-02-21:
//! `kinship` cancelled with `refer_to` and `promise`, `residence` issued with `online`).

use std::path::Path;

use calamine::{open_workbook_auto, Reader};
use serde_json::{json, Value};

use crate::support::*;

const FILE: &str = "certificates/2023-02-21.yaml";
const CHANNEL_URL: &str = "https://zwfw.example.gov.cn/";

/// `qingdan check` in Chinese on `dir`: the problems it reported.
fn problems_in_chinese(dir: &Path) -> Vec<Reported> {
    let out = qingdan_in("zh-CN")
        .args(["check", "--message-format", "json", "--content"])
        .arg(dir)
        .output()
        .unwrap();
    reported(&stdout(&out))
}

/// The 1-based line of `dir`'s version file holding `needle`, and the column (in characters)
/// where `needle` starts.
fn position(dir: &Path, needle: &str) -> (u64, u64) {
    let text = std::fs::read_to_string(dir.join(FILE)).unwrap();
    let (n, line) = (text.lines().enumerate())
        .find(|(_, l)| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in the file"));
    let at = line.find(needle).unwrap();
    (n as u64 + 1, line[..at].chars().count() as u64 + 1)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn built(dir: &Path) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    build_ok(dir, site.path());
    site
}

fn page(site: &Path, rel: &str) -> scraper::Html {
    html(&std::fs::read_to_string(site.join(rel)).unwrap())
}

#[test]
fn an_address_that_is_not_https_is_reported_where_it_is() {
    let dir = copy_fixture("channels");
    edit(dir.path(), FILE, "url: https://zwfw", "url: http://zwfw");
    let problems = problems_in_chinese(dir.path());
    let p = (problems.iter())
        .find(|p| p.code == "bad-address")
        .unwrap_or_else(|| panic!("{problems:?}"));
    assert_eq!(p.severity, "error");
    assert!(p.file.ends_with(FILE), "{p:?}");
    let (line, column) = position(dir.path(), "http://zwfw");
    assert_eq!((p.line, p.column), (Some(line), Some(column)), "{p:?}");
    assert!(p.message.contains("http://zwfw.example.gov.cn/"), "{p:?}");
    assert!(p.message.contains("不加密"), "{p:?}");
    assert!(p.help.contains("https://"), "{p:?}");
}

#[test]
fn refer_to_on_an_issued_item_is_a_warning_that_says_what_to_do() {
    let dir = copy_fixture("channels");
    edit(
        dir.path(),
        FILE,
        "    purpose: 办理居住证\n",
        "    purpose: 办理居住证\n    refer_to:\n      agency: 公安派出所\n",
    );
    let problems = problems_in_chinese(dir.path());
    let p = (problems.iter())
        .find(|p| p.code == "refer-to-on-issued")
        .unwrap_or_else(|| panic!("{problems:?}"));
    assert_eq!(p.severity, "warning");
    // At the `refer_to:` key, on the line after `purpose`.
    let (line, _) = position(dir.path(), "purpose: 办理居住证");
    assert_eq!((p.line, p.column), (Some(line + 1), Some(5)), "{p:?}");
    assert!(p.message.contains("`refer_to`"), "{p:?}");
    assert!(
        p.help.contains("删去 `refer_to`") && p.help.contains("`cancelled`"),
        "{p:?}"
    );
    // A warning: the site still builds, and the issued item's page does not send anyone away.
    let site = built(dir.path());
    let residence = page(site.path(), "items/residence/index.html");
    assert!(select(&residence, ".refer-to").is_empty());
}

#[test]
fn unknown_keys_inside_refer_to_and_promise_are_named_with_the_nearest_key() {
    let dir = copy_fixture("channels");
    edit(
        dir.path(),
        FILE,
        "      address:\n",
        "      telephone: \"0554-1\"\n      address:\n",
    );
    edit(dir.path(), FILE, "      verified_by:", "      verify_by:");
    let problems = problems_in_chinese(dir.path());
    for (key, nearest, what) in [
        ("telephone", "phone", "`refer_to`"),
        ("verify_by", "verified_by", "`promise`"),
    ] {
        let p = (problems.iter())
            .find(|p| p.code == "unknown-key" && p.message.contains(key))
            .unwrap_or_else(|| panic!("{key}: {problems:?}"));
        let (line, column) = position(dir.path(), &format!("{key}:"));
        assert_eq!((p.line, p.column), (Some(line), Some(column)), "{p:?}");
        assert!(p.message.contains(what), "{p:?}");
        assert!(p.help.contains(&format!("`{nearest}`")), "{p:?}");
    }
    // The promise now lacks `verified_by`, which is required.
    assert!(
        (problems.iter()).any(|p| p.code == "missing-field" && p.message.contains("verified_by")),
        "{problems:?}"
    );
}

#[test]
fn a_refer_to_phone_is_checked_like_the_sites_numbers() {
    let dir = copy_fixture("channels");
    edit(
        dir.path(),
        FILE,
        "      address:\n",
        "      phone: 请到窗口咨询\n      address:\n",
    );
    let problems = problems_in_chinese(dir.path());
    let p = (problems.iter())
        .find(|p| p.code == "bad-phone")
        .unwrap_or_else(|| panic!("{problems:?}"));
    let (line, column) = position(dir.path(), "请到窗口咨询");
    assert_eq!((p.line, p.column), (Some(line), Some(column)), "{p:?}");
}

#[test]
fn the_item_page_shows_channels_the_agency_and_the_commitment_in_both_languages() {
    let site = built(&fixture("channels"));
    let zh = page(site.path(), "items/residence/index.html");
    // In the answer at the top, and among the details, as links named after the channel.
    assert_eq!(text_of(&zh, ".verdict-online"), "网上办理：测试政务服务网");
    for css in [".verdict-online a", "dl.details a"] {
        let links = select(&zh, css);
        assert_eq!(links.len(), 1, "{css}");
        assert_eq!(links[0].value().attr("href"), Some(CHANNEL_URL));
    }
    assert!(text_of(&zh, "dl.details").contains("线上办理渠道测试政务服务网"));
    let en = page(site.path(), "en/items/residence/index.html");
    assert_eq!(
        text_of(&en, ".verdict-online"),
        "Apply online: Test government services"
    );

    let zh = page(site.path(), "items/kinship/index.html");
    let refer = text_of(&zh, ".verdict .refer-to");
    for part in [
        "办理部门",
        "户籍所在地公安派出所",
        "地址：测试路1号",
        "办公时间：工作日9:00—17:00",
    ] {
        assert!(refer.contains(part), "{part}: {refer}");
    }
    assert_eq!(text_of(&zh, "#promise-heading"), "告知承诺");
    let headings: Vec<String> = (select(&zh, ".promise h3").iter())
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(headings, ["承诺条件", "虚假承诺的后果", "事后核查"]);
    assert_eq!(
        select(&zh, ".promise-conditions strong")[0]
            .text()
            .collect::<String>(),
        "亲属关系"
    );
    assert_eq!(text_of(&zh, ".promise-verified-by"), "要求证明的单位");

    let en = page(site.path(), "en/items/kinship/index.html");
    assert!(text_of(&en, ".verdict .refer-to").contains("The police station of your hukou"));
    assert_eq!(
        text_of(&en, "#promise-heading"),
        "Written commitment (告知承诺)"
    );
    let headings: Vec<String> = (select(&en, ".promise h3").iter())
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(
        headings,
        [
            "Conditions",
            "If the commitment proves false",
            "Checked afterwards by"
        ]
    );
    assert!(text_of(&en, ".promise-consequences").contains("credit record"));
}

#[test]
fn a_cancelled_items_verdict_calls_the_agency_not_the_district() {
    // The fixture's agency gives no telephone: the district's number stays.
    let site = built(&fixture("channels"));
    let kinship = page(site.path(), "items/kinship/index.html");
    let tel: Vec<&str> = (select(&kinship, ".verdict a[href^='tel:']").iter())
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(tel, ["tel:05541234567"]);

    let dir = copy_fixture("channels");
    edit(
        dir.path(),
        FILE,
        "      address:\n",
        "      phone: \"0554-7654321\"\n      address:\n",
    );
    let site = built(dir.path());
    for rel in ["items/kinship/index.html", "en/items/kinship/index.html"] {
        let kinship = page(site.path(), rel);
        let tel: Vec<&str> = (select(&kinship, ".verdict a[href^='tel:']").iter())
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert_eq!(tel, ["tel:05547654321"], "{rel}");
        let verdict = text_of(&kinship, ".verdict");
        assert!(verdict.contains("0554-7654321"), "{verdict}");
        assert!(!verdict.contains("0554-1234567"), "{verdict}");
    }
    let kinship = page(site.path(), "items/kinship/index.html");
    assert_eq!(
        text_of(&kinship, ".verdict-phone"),
        "联系电话：0554-7654321"
    );
    // An issued item still gives the district's number.
    let residence = page(site.path(), "items/residence/index.html");
    let tel = select(&residence, ".verdict a[href^='tel:']");
    assert_eq!(tel[0].value().attr("href"), Some("tel:05541234567"));
}

#[test]
fn the_open_data_carries_the_three_fields() {
    let site = built(&fixture("channels"));
    let data = site.path().join("data");
    let current = read_json(&data.join("certificates.json"));
    let item = |id: &str| {
        (current["items"].as_array().unwrap().iter())
            .find(|i| i["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        item("residence")["online"],
        json!([{ "name": { "en": "Test government services", "zh-CN": "测试政务服务网" }, "url": CHANNEL_URL }])
    );
    let kinship = item("kinship");
    assert_eq!(
        kinship["refer_to"]["agency"]["zh-CN"],
        "户籍所在地公安派出所"
    );
    assert_eq!(kinship["refer_to"]["address"]["en"], "1 Test Road");
    assert!(kinship["refer_to"].get("phone").is_none());
    assert_eq!(kinship["promise"]["verified_by"]["zh-CN"], "要求证明的单位");
    assert!(kinship.get("online").is_none(), "no channels: no member");
    let schema = read_json(&repo().join("schema/open-data.schema.json"));
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&current)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");

    // The CSV: the columns before 编号, channels as `名称：网址`.
    let records = csv_records(&std::fs::read(data.join("certificates.csv")).unwrap());
    let header = &records[0];
    let at = |name: &str| header.iter().position(|h| h == name).expect(name);
    assert_eq!(header.last().unwrap(), "编号");
    assert!(at("线上办理渠道") < at("编号") && at("取消依据") < at("线上办理渠道"));
    let row = |id: &str| records.iter().find(|r| r.last().unwrap() == id).unwrap();
    assert_eq!(
        row("residence")[at("线上办理渠道")],
        format!("测试政务服务网：{CHANNEL_URL}")
    );
    let kinship = row("kinship");
    assert_eq!(kinship[at("替代办理部门")], "户籍所在地公安派出所");
    assert_eq!(kinship[at("替代办理部门地址")], "测试路1号");
    assert_eq!(kinship[at("替代办理部门电话")], "");
    assert_eq!(kinship[at("替代办理部门办公时间")], "工作日9:00—17:00");
    assert_eq!(kinship[at("告知承诺条件")], "本人书面承诺亲属关系属实。");
    assert_eq!(kinship[at("虚假承诺后果")], "承诺不实的，记入信用记录。");
    assert_eq!(kinship[at("事后核查")], "要求证明的单位");

    // The workbooks, read back with a real reader: each sheet's columns end with them.
    for (file, issued, cancelled, headers) in [
        (
            "certificates.xlsx",
            "保留清单",
            "不再出具清单",
            ["线上办理渠道", "替代办理部门", "告知承诺条件", "事后核查"],
        ),
        (
            "certificates.en.xlsx",
            "Issued",
            "No longer issued",
            [
                "Online channels",
                "Go instead to",
                "Commitment: conditions",
                "Commitment: checked by",
            ],
        ),
    ] {
        let mut book = open_workbook_auto(data.join(file)).unwrap();
        let rows = |range: calamine::Range<calamine::Data>| -> Vec<Vec<String>> {
            (range.rows())
                .map(|r| r.iter().map(|d| d.to_string()).collect())
                .collect()
        };
        let cancelled = rows(book.worksheet_range(cancelled).unwrap());
        let header = &cancelled[2];
        let at = |name: &str| header.iter().position(|h| h == name).expect(name);
        let kinship = cancelled
            .iter()
            .find(|r| r.last().unwrap() == "kinship")
            .unwrap();
        assert!(
            kinship[at(headers[1])].contains("公安派出所")
                || kinship[at(headers[1])].contains("police station")
        );
        assert!(!kinship[at(headers[2])].is_empty(), "{file}");
        // The commitment's columns end the item's own; then 证明式样 and 编号.
        let next = header[at(headers[3]) + 1].as_str();
        assert!(
            next == "证明式样" || next == "Certificate template",
            "{file}: {header:?}"
        );
        assert!(at(headers[3]) + 2 == header.len() - 1, "{file}: {header:?}");
        let issued = rows(book.worksheet_range(issued).unwrap());
        let header = &issued[2];
        let at = |name: &str| header.iter().position(|h| h == name).expect(name);
        let residence = issued
            .iter()
            .find(|r| r.last().unwrap() == "residence")
            .unwrap();
        assert!(
            residence[at(headers[0])].ends_with(CHANNEL_URL),
            "{file}: {residence:?}"
        );
        assert!(
            !header.iter().any(|h| h == headers[1]),
            "no agency column for issued items"
        );
    }
}

#[test]
fn the_changelog_shows_a_change_in_each_field() {
    let dir = copy_fixture("channels");
    let site = built(dir.path());
    let changes = read_json(&site.path().join("data/changes.json"));
    let fields = |id: &str| -> Vec<String> {
        (changes["versions"][1]["changes"].as_array().unwrap().iter())
            .filter(|c| c["id"] == id)
            .flat_map(|c| c["fields"].as_array().unwrap())
            .map(|f| f["field"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(fields("residence").contains(&"online".to_string()));
    let kinship = fields("kinship");
    assert!(kinship.contains(&"refer_to".to_string()) && kinship.contains(&"promise".to_string()));
    let schema = read_json(&repo().join("schema/open-data.schema.json"));
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&changes)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");

    // The changelog page lists the added channel as a line of its own.
    let zh = page(site.path(), "changelog/2023-02-21/index.html");
    let text = text_of(&zh, "main");
    assert!(text.contains("线上办理渠道"), "{text}");
    assert!(
        text.contains(&format!("测试政务服务网 {CHANNEL_URL}")),
        "{text}"
    );
    assert!(text.contains("办理部门：户籍所在地公安派出所"), "{text}");

    // A later version that changes only the agency's telephone and a channel's address.
    std::fs::write(
        dir.path().join("certificates/2024-01-01.yaml"),
        std::fs::read_to_string(dir.path().join(FILE))
            .unwrap()
            .replace("date: 2023-02-21", "date: 2024-01-01")
            .replace(
                "title: { zh-CN: 第一次调整, en: First adjustment }",
                "title: { zh-CN: 第二次调整, en: Second adjustment }",
            )
            .replace("测民〔2023〕3号", "测民〔2024〕1号")
            .replace(
                "      address:\n",
                "      phone: \"0554-7654321\"\n      address:\n",
            )
            .replace(CHANNEL_URL, "https://zwfw.example.gov.cn/new/"),
    )
    .unwrap();
    let out = qingdan()
        .args([
            "diff",
            "2023-02-21",
            "2024-01-01",
            "--format",
            "json",
            "--content",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let diff: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let text = diff.to_string();
    assert!(
        text.contains("\"refer_to\"") && text.contains("phone: 0554-7654321"),
        "{text}"
    );
    assert!(
        text.contains("\"online\"") && text.contains("https://zwfw.example.gov.cn/new/"),
        "{text}"
    );
    let site = built(dir.path());
    let page = page(site.path(), "changelog/2024-01-01/index.html");
    let added = text_of(&page, "main");
    assert!(added.contains("联系电话：0554-7654321"), "{added}");
}

#[test]
fn import_reads_the_columns_back() {
    let dir = copy_fixture("channels");
    let site = built(dir.path());
    let csv = std::fs::read_to_string(site.path().join("data/certificates.csv")).unwrap();
    // Give the agency a telephone and the issued item a second channel, as a clerk would.
    let records = csv_records(csv.as_bytes());
    let header = &records[0];
    let phone = header.iter().position(|h| h == "替代办理部门电话").unwrap();
    let online = header.iter().position(|h| h == "线上办理渠道").unwrap();
    let mut lines: Vec<String> = Vec::new();
    for record in &records {
        let mut record = record.clone();
        match record.last().unwrap().as_str() {
            "kinship" => record[phone] = "0554-7654321".into(),
            "residence" => record[online].push_str("\n第二渠道：https://second.example.gov.cn/"),
            _ => {}
        }
        let cells: Vec<String> = (record.iter())
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect();
        lines.push(cells.join(","));
    }
    let file = dir.path().join("edited.csv");
    std::fs::write(&file, lines.join("\r\n")).unwrap();
    let out = qingdan_in("zh-CN")
        .arg("import")
        .arg(&file)
        .args(["--date", "2024-01-01", "--content"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    let written = std::fs::read_to_string(dir.path().join("certificates/2024-01-01.yaml")).unwrap();
    assert!(
        written.contains("      phone: \"0554-7654321\"\n"),
        "{written}"
    );
    assert!(
        written.contains("url: \"https://second.example.gov.cn/\""),
        "{written}"
    );
    // Kept as they were: the promise, the agency's translation, the first channel's name.
    assert!(written.contains("verified_by: { zh-CN: \"要求证明的单位\", en: \"The office that asked for the proof\" }"), "{written}");
    assert!(
        written.contains("en: \"Test government services\""),
        "{written}"
    );
    let (out, problems) = check_json(dir.path());
    assert!(out.status.success(), "{problems:?}");
}

#[test]
fn the_editor_schema_describes_the_fields() {
    let schema = read_json(&repo().join("schema/version.schema.json"));
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let version = |extra: Value| {
        let mut item = json!({ "id": "kinship", "name": "亲属关系证明", "category": "family", "status": "cancelled", "alternative": "出示户口簿" });
        for (k, v) in extra.as_object().unwrap() {
            item[k] = v.clone();
        }
        json!({ "date": "2023-02-21", "title": "调整", "items": [item] })
    };
    let good = json!({
        "online": [{ "name": "安徽政务服务网", "url": "https://www.ahzwfw.gov.cn/" }],
        "refer_to": { "agency": "公安派出所", "phone": "0554-110" },
        "promise": { "conditions": "甲", "consequences": "乙", "verified_by": "丙" },
    });
    assert!(validator.is_valid(&version(good)));
    for bad in [
        json!({ "online": [{ "name": "网", "url": "http://www.ahzwfw.gov.cn/" }] }),
        json!({ "refer_to": { "address": "某路" } }),
        json!({ "refer_to": { "agency": "所", "telephone": "1" } }),
        json!({ "promise": { "conditions": "甲", "consequences": "乙" } }),
    ] {
        assert!(!validator.is_valid(&version(bad.clone())), "{bad}");
    }
}
