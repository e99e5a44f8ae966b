//! The citizen's search as the generator writes it: the index loaded as a script file with its
//! synonym and traditional-character tables, its size budget, site.yaml `search`, and the
//! check of synonym groups. (How it matches is tested in Chromium:
//! tests/browser/search-queries.test.mjs.)

use std::io::Write;

use crate::support::*;

/// The script's global: the JSON after `window.qingdanSearchIndex = `.
fn index_js(out: &std::path::Path, prefix: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(out.join(format!("{prefix}search-index.js"))).unwrap();
    let json = text
        .strip_prefix("window.qingdanSearchIndex = ")
        .and_then(|t| t.trim_end().strip_suffix(';'))
        .expect("search-index.js sets window.qingdanSearchIndex");
    serde_json::from_str(json).unwrap()
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap().len()
}

#[test]
fn the_samples_index_with_its_tables_stays_under_30_kb_gzip_per_language() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&repo().join("content"), out.path());
    for prefix in ["", "en/"] {
        let bytes = std::fs::read(out.path().join(format!("{prefix}search-index.js"))).unwrap();
        let size = gzip_len(&bytes);
        assert!(
            size < 30 * 1024,
            "{prefix}search-index.js is {size} bytes gzip"
        );
        let index = index_js(out.path(), prefix);
        assert!(index["items"].as_array().unwrap().len() >= 30);
        assert!(index["synonyms"].as_array().unwrap().len() >= 10);
    }
}

#[test]
fn the_index_script_carries_rows_synonyms_and_the_traditional_characters_it_needs() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&fixture("minimal"), out.path());
    let index = index_js(out.path(), "");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("search.json")).unwrap()).unwrap();
    assert_eq!(
        index["items"], json["items"],
        "the same rows as search.json"
    );
    let groups = index["synonyms"].as_array().unwrap();
    assert!(groups
        .iter()
        .any(|g| g == &serde_json::json!(["领养", "收养", "抱养"])));
    let [trad, simp] = [0, 1].map(|i| index["traditional"][i].as_str().unwrap().to_string());
    let at = trad
        .chars()
        .position(|c| c == '親')
        .expect("親 of 亲属关系证明");
    assert_eq!(simp.chars().nth(at), Some('亲'));
    assert!(!trad.contains('龍'), "only characters that can match");
    // The home page loads it as a script file: no fetch, which file:// blocks.
    let home = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(
        home.contains("data-index=search-index.js")
            || home.contains("data-index=\"search-index.js\"")
    );
}

#[test]
fn site_yaml_search_adds_synonyms_and_the_rule_for_certificates_not_on_the_list() {
    let content = copy_fixture("minimal");
    edit(
        content.path(),
        "site.yaml",
        "categories:",
        "search:\n  synonyms:\n    - [租屋, 租房]\n  not_on_list:\n    zh-CN: 清单以外的证明，村（居）民委员会一律不出具。\n    en: Committees issue no certificate that is not on this list.\ncategories:",
    );
    let out = tempfile::tempdir().unwrap();
    build_ok(content.path(), out.path());
    let index = index_js(out.path(), "");
    let groups = index["synonyms"].as_array().unwrap();
    assert_eq!(groups.last().unwrap(), &serde_json::json!(["租屋", "租房"]));
    for (prefix, rule) in [
        ("", "清单以外的证明，村（居）民委员会一律不出具。"),
        (
            "en/",
            "Committees issue no certificate that is not on this list.",
        ),
    ] {
        let doc =
            html(&std::fs::read_to_string(out.path().join(format!("{prefix}index.html"))).unwrap());
        assert_eq!(text_of(&doc, "#search-empty .not-on-list"), rule);
    }
    // Without it, no empty paragraph.
    let plain = tempfile::tempdir().unwrap();
    build_ok(&fixture("minimal"), plain.path());
    let doc = html(&std::fs::read_to_string(plain.path().join("index.html")).unwrap());
    assert!(select(&doc, ".not-on-list").is_empty());
}

#[test]
fn check_warns_about_a_synonym_group_that_matches_no_item() {
    let content = copy_fixture("minimal");
    edit(
        content.path(),
        "site.yaml",
        "categories:",
        // 婚姻家庭 is only a category's name: the index holds it, so the group is used.
        "search:\n  synonyms:\n    - [租房, 租屋]\n    - [火星, 外星]\n    - [婚姻家庭, 婚姻]\ncategories:",
    );
    let (out, reported) = check_json(content.path());
    assert!(out.status.success(), "a warning only: {}", stderr(&out));
    let warned: Vec<_> = reported
        .iter()
        .filter(|r| r.message.contains("synonym group"))
        .collect();
    assert_eq!(warned.len(), 1, "{reported:?}");
    assert_eq!(warned[0].severity, "warning");
    assert!(warned[0].message.contains("火星, 外星"));
    assert_eq!(warned[0].line, Some(17));
    let zh = qingdan_in("zh-CN")
        .args(["check", "--content"])
        .arg(content.path())
        .output()
        .unwrap();
    assert!(
        stderr(&zh).contains("同义词组“火星、外星”"),
        "{}",
        stderr(&zh)
    );
}

#[test]
fn a_synonym_group_of_one_word_is_an_error() {
    let content = copy_fixture("minimal");
    edit(
        content.path(),
        "site.yaml",
        "categories:",
        "search:\n  synonyms:\n    - [租房]\ncategories:",
    );
    let (out, reported) = check_json(content.path());
    assert!(!out.status.success());
    assert!(
        reported
            .iter()
            .any(|r| r.severity == "error" && r.message.contains("at least two words")),
        "{reported:?}"
    );
}
