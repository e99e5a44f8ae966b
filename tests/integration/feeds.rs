//! The Atom feeds and the open data, read back with real parsers.

use crate::support::*;

#[test]
fn atom_feeds_parse_and_follow_the_atom_rules() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&repo().join("content"), out.path());
    for (prefix, lang) in [("", "zh-CN"), ("en/", "en")] {
        let xml = std::fs::read_to_string(out.path().join(format!("{prefix}changelog/atom.xml")))
            .unwrap();
        let feed: atom_syndication::Feed = xml.parse().unwrap_or_else(|e| panic!("{prefix}: {e}"));
        assert_eq!(feed.lang.as_deref(), Some(lang));
        // RFC 4287 §4.1.1: id, title, updated; an author; a self link is recommended.
        assert!(
            feed.id.starts_with("https://www.example.gov.cn/zmsx/"),
            "{}",
            feed.id
        );
        assert!(!feed.title.value.is_empty());
        assert_eq!(
            feed.updated.to_rfc3339(),
            "2025-09-15T00:00:00+00:00",
            "the latest version or correction, never the build clock"
        );
        assert!(!feed.authors.is_empty());
        assert!(feed
            .links
            .iter()
            .any(|l| l.rel == "self" && l.href.ends_with(&format!("{prefix}changelog/atom.xml"))));
        // One entry per version, newest first, each with a stable id, a date and full content;
        // the sample's correction has an entry of its own, on its date, above them.
        let (corrections, versions): (Vec<_>, Vec<_>) =
            (feed.entries.iter()).partition(|e| e.id.contains("#correction-"));
        assert_eq!(
            corrections
                .iter()
                .map(|e| e.id.as_str())
                .collect::<Vec<_>>(),
            [format!(
                "https://www.example.gov.cn/zmsx/{prefix}changelog/2025-09-01/#correction-1"
            )]
        );
        assert_eq!(feed.entries[0].id, corrections[0].id);
        let dates: Vec<String> = versions
            .iter()
            .map(|e| e.updated.format("%Y-%m-%d").to_string())
            .collect();
        assert_eq!(
            dates,
            ["2025-09-01", "2024-03-15", "2023-02-21", "2022-06-30"]
        );
        let mut ids: Vec<&str> = versions.iter().map(|e| e.id.as_str()).collect();
        ids.dedup();
        assert_eq!(ids.len(), 4, "unique entry ids");
        for e in &versions {
            let date = e.updated.format("%Y-%m-%d").to_string();
            assert_eq!(
                e.id,
                format!("https://www.example.gov.cn/zmsx/{prefix}changelog/{date}/")
            );
            assert!(e
                .links
                .iter()
                .any(|l| l.rel == "alternate" && l.href == e.id));
            let content = e
                .content
                .as_ref()
                .and_then(|c| c.value.as_deref())
                .unwrap_or_default();
            assert!(
                content.len() > 200,
                "{date}: the full changelog, not only a link"
            );
            assert!(
                !content.contains("href=\"../") && !content.contains("href=\"items/"),
                "links in the feed are absolute"
            );
        }
        let adjustment = &versions[1];
        let content = adjustment
            .content
            .as_ref()
            .unwrap()
            .value
            .as_deref()
            .unwrap();
        assert!(
            content.contains(if lang == "en" {
                "Proof of good health"
            } else {
                "健康证明"
            }),
            "changed items are in the entry"
        );
    }
    let home = std::fs::read_to_string(out.path().join("en/items/kinship/index.html")).unwrap();
    let doc = html(&home);
    let link = select(&doc, "link[rel=alternate][type='application/atom+xml']");
    assert_eq!(
        link[0].value().attr("href"),
        Some("../../../en/changelog/atom.xml"),
        "every page links its language's feed"
    );
}

#[test]
fn open_data_files_are_complete_and_excel_ready() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&repo().join("content"), out.path());
    let data = out.path().join("data");
    let current: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.join("certificates.json")).unwrap()).unwrap();
    assert_eq!(current["date"], "2025-09-01");
    let items = current["items"].as_array().unwrap();
    assert_eq!(
        items.len(),
        current["item_count"].as_u64().unwrap() as usize
    );
    for v in ["2022-06-30", "2023-02-21", "2024-03-15", "2025-09-01"] {
        assert!(data.join(format!("versions/{v}.json")).is_file(), "{v}");
    }
    let changes: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.join("changes.json")).unwrap()).unwrap();
    assert_eq!(changes["versions"].as_array().unwrap().len(), 4);

    let csv = std::fs::read(data.join("certificates.csv")).unwrap();
    // A UTF-8 BOM for Excel and WPS, CRLF after every record, one row per item.
    let records = csv_records(&csv);
    assert_eq!(
        records[0].join(","),
        "序号,事项名称,类别,状态,证明用途,设定依据,索要单位,出具主体,办理材料,办理步骤,办理时限,收费,申请方式,办理地点,办理时间,适用对象,替代方式,取消依据,线上办理渠道,替代办理部门,替代办理部门地址,替代办理部门电话,替代办理部门办公时间,告知承诺条件,虚假承诺后果,事后核查,证明式样,编号"
    );
    assert_eq!(records.len(), 1 + items.len());
    for (record, item) in records[1..].iter().zip(items) {
        assert_eq!(record[1], item["name"]["zh-CN"].as_str().unwrap());
    }
    let home = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(
        home.contains("data/certificates.csv"),
        "the home page links the downloads"
    );
    let changelog = std::fs::read_to_string(out.path().join("changelog/index.html")).unwrap();
    assert!(
        changelog.contains("../data/changes.json"),
        "the changelog links the downloads"
    );
}
