//! The other lists (issue 20, "several lists"): site.yaml's `lists:` and the folders
//! `lists/<kind>/`, their located errors, and what a kind publishes: its list in force as a
//! numbered table, its versions with their changes (old → new), item pages with timelines,
//! the feed, the open data and the search index. The fixture `list-kinds` has an assistance
//! list of three versions (an item added, one removed, one changed) and a burdens list.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use crate::support::*;

fn site() -> &'static (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    static SITE: OnceLock<(tempfile::TempDir, BTreeMap<String, Vec<u8>>)> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        build_ok(&fixture("list-kinds"), out.path());
        let files = tree(out.path());
        (out, files)
    })
}

fn file(path: &str) -> &'static [u8] {
    site()
        .1
        .get(path)
        .unwrap_or_else(|| panic!("no file {path}"))
}

fn page(path: &str) -> scraper::Html {
    html(std::str::from_utf8(file(path)).unwrap())
}

fn hrefs(doc: &scraper::Html, css: &str) -> Vec<String> {
    select(doc, css)
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect()
}

/// The page `href` (relative to the page at `from`) leads to, from the output root.
fn resolve(from: &str, href: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in href.split('#').next().unwrap().split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

const SITE_LISTS: &str = "lists:
  - kind: assistance
  - kind: burdens
  - kind: asistance
  - kind: burdens
  - kind: duties
";

const BAD_ASSISTANCE: &str = "date: 2024-06-02
title: 测试区村（社区）依法协助政府工作事项清单（2024年6月调整）
items:
  - id: census
    name: 协助开展人口普查
    reason: 不需要
  - id: census
    name: 重复的事项
  - id: nameless
    content: 没有名称
";

const BAD_BURDENS: &str = "date: 2024-06-01
title: 测试区不应由村（社区）承担的工作事项清单
items:
  - id: law-enforcement
    name: 行政执法
";

/// The fixture with one of each mistake; the texts written, by file.
fn mistakes() -> (tempfile::TempDir, Vec<(&'static str, String)>) {
    let dir = copy_fixture("list-kinds");
    let root = dir.path();
    let site = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    let at = site.find("lists:").unwrap();
    let site = format!("{}{SITE_LISTS}", &site[..at]);
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("site.yaml", &site);
    write("lists/assistance/2024-06-01.yaml", BAD_ASSISTANCE);
    write("lists/burdens/2024-06-01.yaml", BAD_BURDENS);
    write(
        "lists/opinions/2024-01-01.yaml",
        "date: 2024-01-01\ntitle: 清单\nitems: []\n",
    );
    write("lists/2024-01-01.yaml", "date: 2024-01-01\n");
    write(
        "lists/dutys/2024-01-01.yaml",
        "date: 2024-01-01\ntitle: 清单\nitems: []\n",
    );
    let files = vec![
        ("site.yaml", site),
        ("2024-06-01.yaml", BAD_ASSISTANCE.to_string()),
    ];
    (dir, files)
}

fn check_in(lang: &str, content: &Path) -> Vec<Reported> {
    let out = qingdan_in(lang)
        .args(["check", "--message-format", "json", "--content"])
        .arg(content)
        .output()
        .unwrap();
    assert!(!out.status.success(), "the mistakes fail the check");
    reported(&stdout(&out))
}

#[test]
fn every_mistake_in_the_lists_is_located_with_how_to_fix_it() {
    let (dir, texts) = mistakes();
    let found = check_in("en", dir.path());
    let (site, assistance) = (&texts[0].1, &texts[1].1);
    let at = |text: &str, needle: &str, nth: usize| {
        let (offset, _) = text.match_indices(needle).nth(nth).unwrap();
        let before = &text[..offset];
        let line = before.matches('\n').count() as u64 + 1;
        let col = before.rsplit('\n').next().unwrap().chars().count() as u64 + 1;
        (line, col)
    };
    let value = |text: &str, needle: &str, nth: usize| {
        let (line, col) = at(text, needle, nth);
        (line, col + needle.len() as u64)
    };
    let expected = [
        ("unknown-list-kind", "site.yaml", value(site, "kind: ", 2)),
        ("duplicate-list-kind", "site.yaml", value(site, "kind: ", 3)),
        (
            "list-without-version",
            "site.yaml",
            value(site, "kind: ", 4),
        ),
        (
            "unknown-key",
            "2024-06-01.yaml",
            at(assistance, "reason", 0),
        ),
        (
            "duplicate-id",
            "2024-06-01.yaml",
            value(assistance, "id: ", 1),
        ),
        (
            "missing-field",
            "2024-06-01.yaml",
            at(assistance, "id: nameless", 0),
        ),
        ("date-mismatch", "2024-06-01.yaml", (1, 7)),
    ];
    for (code, file, (line, column)) in expected {
        let hit = found.iter().find(|r| {
            r.code == code
                && r.file.ends_with(file)
                && (r.line, r.column) == (Some(line), Some(column))
        });
        let hit =
            hit.unwrap_or_else(|| panic!("no `{code}` at {file}:{line}:{column} in {found:#?}"));
        assert!(!hit.help.is_empty(), "{hit:?} says how to fix it");
    }
    let kind = found
        .iter()
        .find(|r| r.code == "unknown-list-kind" && r.file.ends_with("site.yaml"));
    assert!(
        kind.unwrap().help.contains("`assistance`"),
        "the nearest kind: {kind:?}"
    );
    let key = found.iter().find(|r| r.code == "unknown-key").unwrap();
    assert!(
        key.help.contains("id, name, content, responsible, basis"),
        "names the keys an assistance item may have: {key:?}"
    );
    let reason = found
        .iter()
        .find(|r| r.code == "missing-field" && r.file.ends_with("burdens/2024-06-01.yaml"))
        .unwrap_or_else(|| panic!("a burden without its reason: {found:#?}"));
    assert!(reason.message.contains("`reason`"), "{reason:?}");
    let folder = found
        .iter()
        .find(|r| r.code == "unknown-list-kind" && r.file.contains("dutys"));
    let folder = folder.unwrap_or_else(|| panic!("a folder of no kind: {found:#?}"));
    assert!(
        folder.help.contains("`duties`"),
        "the nearest kind: {folder:?}"
    );
    let stray = found.iter().find(|r| r.code == "list-layout");
    let stray = stray.unwrap_or_else(|| panic!("a file directly in lists/: {found:#?}"));
    assert!(stray.file.ends_with("2024-01-01.yaml"), "{stray:?}");
    let undeclared = found.iter().find(|r| r.code == "undeclared-list").unwrap();
    assert!(undeclared.file.contains("opinions"), "{undeclared:?}");
    assert!(
        undeclared.help.contains("`- kind: opinions`"),
        "{undeclared:?}"
    );
    // In Chinese, once: the message and the help say it in the staff's words.
    let zh = check_in("zh-CN", dir.path());
    let undeclared = zh.iter().find(|r| r.code == "undeclared-list").unwrap();
    assert_eq!(
        undeclared.message,
        "站点设置（site.yaml）没有列出 `opinions` 清单，`lists/opinions/` 里的文件不会发布"
    );
    assert!(undeclared
        .help
        .starts_with("在 site.yaml 的 `lists:` 下加上 `- kind: opinions`"));
}

#[test]
fn a_content_folder_without_lists_has_no_list_pages_or_files() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&fixture("minimal"), out.path());
    let files = tree(out.path());
    assert!(
        !files.keys().any(|p| p.contains("lists/")),
        "no lists output"
    );
    let home = std::str::from_utf8(&files["index.html"]).unwrap();
    assert!(!home.contains("lists/index.html"));
}

#[test]
fn the_lists_are_linked_from_the_home_page_and_the_site_map() {
    for (from, css) in [("index.html", "main a"), ("site-map/index.html", "main a")] {
        let links = hrefs(&page(from), css);
        assert!(
            links.iter().any(|h| resolve(from, h) == "lists/index.html"),
            "{from}: {links:?}"
        );
    }
    let index = page("lists/index.html");
    let links: Vec<String> = (hrefs(&index, "main h2 a").iter())
        .map(|h| resolve("lists/index.html", h))
        .collect();
    assert_eq!(
        links,
        ["lists/assistance/index.html", "lists/burdens/index.html"],
        "in the order site.yaml declares them"
    );
    // The kind's standard name, or the site's own `title`.
    let names = text_of(&index, "main h2");
    assert!(
        names.contains("村（社区）依法协助政府工作事项清单"),
        "{names}"
    );
    assert!(
        names.contains("测试区不应由村（社区）承担的工作事项清单"),
        "{names}"
    );
}

#[test]
fn the_list_in_force_is_a_numbered_table_with_its_document_and_downloads() {
    let doc = page("lists/assistance/index.html");
    let heads = text_of(&doc, "table thead th");
    assert_eq!(heads, "序号\n事项名称\n事项内容\n责任主体\n依据");
    let rows = select(&doc, "table tbody tr");
    assert_eq!(rows.len(), 3);
    let first = rows[0].text().collect::<String>();
    assert!(first.starts_with("1协助开展人口普查"), "{first}");
    assert!(text_of(&doc, "dl.meta").contains("测民〔2024〕5号"));
    assert!(text_of(&doc, "dl.meta").contains("2024年3月15日"));
    // A burden's columns are its own.
    let burdens = page("lists/burdens/index.html");
    assert_eq!(
        text_of(&burdens, "table thead th"),
        "序号\n事项\n不应承担的原因\n应由谁承担\n依据"
    );
    // Every link of the page leads to a file of the site.
    for href in hrefs(&doc, "main a") {
        let target = resolve("lists/assistance/index.html", &href);
        assert!(site().1.contains_key(&target), "{href} → {target}");
    }
    let downloads: Vec<String> = (hrefs(&doc, "section.downloads a").iter())
        .map(|h| resolve("lists/assistance/index.html", h))
        .collect();
    for path in [
        "data/lists/assistance.xlsx",
        "data/lists/assistance.csv",
        "data/lists/assistance.json",
        "lists/assistance/atom.xml",
    ] {
        assert!(
            downloads.iter().any(|d| d == path),
            "{path} in {downloads:?}"
        );
    }
    let english = page("en/lists/assistance/index.html");
    assert!(text_of(&english, "table thead th").starts_with("No.\nItem"));
    assert!(site().1.contains_key("en/lists/assistance/atom.xml"));
    assert!(site().1.contains_key("data/lists/assistance.en.xlsx"));
}

#[test]
fn a_version_shows_what_it_added_removed_and_changed_old_to_new() {
    let added = page("lists/assistance/versions/2023-09-01/index.html");
    let changes = text_of(&added, "section.list-changes");
    assert!(changes.contains("新增事项"), "{changes}");
    assert!(changes.contains("协助开展高龄津贴资格认证"), "{changes}");
    assert!(
        changes.contains("按区政府部署新增。"),
        "the note: {changes}"
    );
    assert!(changes.contains("删去事项"), "{changes}");
    assert!(changes.contains("协助开展农户家庭调查"), "{changes}");
    assert!(
        text_of(&added, "p.notice").contains("历史版本"),
        "a past version says so"
    );
    let changed = page("lists/assistance/versions/2024-03-15/index.html");
    assert!(
        select(&changed, "p.notice").is_empty(),
        "the newest is in force"
    );
    let old = text_of(&changed, "ul.list-diff li.removed");
    let new = text_of(&changed, "ul.list-diff li.added");
    assert!(old.contains("原为：汛期协助巡查堤坝。"), "{old}");
    assert!(new.contains("改为：汛期协助巡查堤坝和山塘水库。"), "{new}");
    assert_eq!(text_of(&changed, "dl.diffs dt"), "事项内容");
    let first = page("lists/assistance/versions/2023-01-10/index.html");
    assert!(text_of(&first, "section.list-changes").contains("首次公布，共3项。"));
    // The changelog: newest first, each with its counts.
    let log = page("lists/assistance/versions/index.html");
    let dates: Vec<String> = (select(&log, "ol.versions time").iter())
        .map(|t| t.value().attr("datetime").unwrap().to_string())
        .collect();
    assert_eq!(dates, ["2024-03-15", "2023-09-01", "2023-01-10"]);
    assert!(text_of(&log, "ul.counts").contains("新增事项1项"));
}

#[test]
fn an_item_page_keeps_its_timeline_after_the_item_is_removed() {
    let from = "lists/assistance/items/old-survey/index.html";
    let doc = page(from);
    assert!(text_of(&doc, "p.notice").contains("2023年9月1日"));
    let timeline = text_of(&doc, "ol.timeline");
    assert!(timeline.contains("列入清单"), "{timeline}");
    assert!(timeline.contains("从清单中删去"), "{timeline}");
    assert!(
        timeline.contains("不再需要村（社区）协助"),
        "the note: {timeline}"
    );
    for href in hrefs(&doc, "ol.timeline a") {
        let target = resolve(from, &href);
        assert!(site().1.contains_key(&target), "{href} → {target}");
    }
    let changed = page("lists/assistance/items/flood-watch/index.html");
    assert!(text_of(&changed, "ol.timeline").contains("内容调整"));
    assert!(text_of(&changed, "dl.meta").contains("汛期协助巡查堤坝和山塘水库。"));
}

#[test]
fn the_feed_has_an_entry_per_version_and_the_open_data_every_version() {
    let feed = std::str::from_utf8(file("lists/assistance/atom.xml")).unwrap();
    let parsed: atom_syndication::Feed = feed.parse().expect("valid Atom");
    assert_eq!(parsed.entries().len(), 3);
    assert_eq!(
        parsed.entries()[0].title().as_str(),
        "测试区村（社区）依法协助政府工作事项清单（2024年版）"
    );
    let english: atom_syndication::Feed = std::str::from_utf8(file("en/lists/assistance/atom.xml"))
        .unwrap()
        .parse()
        .expect("valid Atom");
    assert_eq!(english.lang(), Some("en"));
    assert!(
        feed.contains("<id>https://example.gov.cn/test/lists/assistance/versions/2024-03-15/</id>")
    );
    assert!(feed.contains("调整：协助做好防汛巡查"), "{feed}");
    let json: serde_json::Value =
        serde_json::from_slice(file("data/lists/assistance.json")).unwrap();
    assert_eq!(json["kind"], "assistance");
    let versions = json["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 3);
    assert_eq!(versions[2]["document"], "测民〔2024〕5号");
    assert_eq!(
        versions[2]["items"][1]["content"]["zh-CN"],
        "汛期协助巡查堤坝和山塘水库。"
    );
    let csv = file("data/lists/burdens.csv");
    assert!(csv.starts_with("\u{FEFF}".as_bytes()), "UTF-8 with BOM");
    let records = csv_records(csv);
    assert_eq!(
        records[0],
        ["序号", "id", "事项", "不应承担的原因", "应由谁承担", "依据"]
    );
    assert_eq!(records.len(), 3);
    assert!(file("data/lists/assistance.xlsx").starts_with(b"PK"));
    let sitemap = std::str::from_utf8(file("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.gov.cn/test/lists/assistance/items/census/</loc>")
    );
}

#[test]
fn the_search_index_finds_the_assistance_items() {
    let index: serde_json::Value = serde_json::from_slice(file("search.json")).unwrap();
    let found: Vec<&str> = (index["items"].as_array().unwrap().iter())
        .filter(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .take(6)
                .any(|v| v.as_str().is_some_and(|s| s.contains("协助")))
        })
        .map(|row| row[0].as_str().unwrap())
        .collect();
    for href in [
        "lists/assistance/items/census/index.html",
        "lists/assistance/items/flood-watch/index.html",
    ] {
        assert!(found.contains(&href), "{href} in {found:?}");
    }
}

/// The global `search-index.js` sets: the JSON after `window.qingdanSearchIndex = `.
fn index_script(bytes: &[u8]) -> serde_json::Value {
    let text = std::str::from_utf8(bytes).unwrap();
    let json = text
        .strip_prefix("window.qingdanSearchIndex = ")
        .and_then(|t| t.trim_end().strip_suffix(';'))
        .expect("search-index.js sets window.qingdanSearchIndex");
    serde_json::from_str(json).unwrap()
}

#[test]
fn the_search_box_index_holds_the_list_items_apart_with_their_lists_names() {
    for (prefix, assistance, burdens) in [
        (
            "",
            "村（社区）依法协助政府工作事项清单",
            "测试区不应由村（社区）承担的工作事项清单",
        ),
        (
            "en/",
            "Work village and community committees do to assist the government under law",
            "Test district: work committees should not be given",
        ),
    ] {
        let index = index_script(file(&format!("{prefix}search-index.js")));
        let lists = index["lists"].as_array().expect("a `lists` array");
        let row = |href: &str| {
            (lists.iter())
                .find(|r| r[0] == href)
                .unwrap_or_else(|| panic!("{prefix}: no row {href} in {lists:?}"))
        };
        let census = row("lists/assistance/items/census/index.html");
        assert_eq!(census[2], "list");
        assert_eq!(census[3], assistance);
        assert_eq!(census[6], "", "listed today");
        let name = if prefix.is_empty() {
            "协助开展人口普查"
        } else {
            "Help with the population census"
        };
        assert_eq!(census[1], name);
        assert_eq!(
            row("lists/burdens/items/law-enforcement/index.html")[3],
            burdens
        );
        // Removed in the version of 2023年9月1日: the row says when.
        let removed = row("lists/assistance/items/old-survey/index.html");
        assert!(removed[6].as_str().unwrap().contains("2023"), "{removed:?}");
        assert_eq!(lists.len(), 6, "every list item ever listed, once");
        // The certificates' rows stay certificates only.
        let items = index["items"].as_array().unwrap();
        assert!(items
            .iter()
            .all(|r| r[0].as_str().unwrap().starts_with("items/")));
        // A query in traditional characters folds for the list items' characters too.
        let [trad, simp] = [0, 1].map(|i| index["traditional"][i].as_str().unwrap().to_string());
        let at = (trad.chars().position(|c| c == '壩')).expect("壩 of 堤壩, in a list item only");
        assert_eq!(simp.chars().nth(at), Some('坝'));
    }
    // The home page gives the script the label before a list's name.
    let home = page("index.html");
    let form = select(&home, "form.search");
    assert_eq!(form[0].value().attr("data-list"), Some("所属清单："));
}

#[test]
fn without_lists_the_search_box_index_is_the_certificates_alone() {
    let content = copy_fixture("list-kinds");
    std::fs::remove_dir_all(content.path().join("lists")).unwrap();
    let site = content.path().join("site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    let cut = text.find("lists:").unwrap();
    std::fs::write(&site, &text[..cut]).unwrap();
    let out = tempfile::tempdir().unwrap();
    build_ok(content.path(), out.path());
    let without = index_script(&std::fs::read(out.path().join("search-index.js")).unwrap());
    let with = index_script(file("search-index.js"));
    assert!(without.get("lists").is_none(), "{without}");
    assert_eq!(without["items"], with["items"]);
    assert_eq!(without["synonyms"], with["synonyms"]);
    let trad = |i: &serde_json::Value| i["traditional"][0].as_str().unwrap().contains('壩');
    assert!(trad(&with) && !trad(&without), "壩 comes from a list item");
}

#[test]
fn a_synonym_group_found_only_in_a_list_item_is_used() {
    let content = copy_fixture("list-kinds");
    edit(
        content.path(),
        "site.yaml",
        "categories:",
        "search:\n  synonyms:\n    - [人口普查, 人口调查]\n    - [火星, 外星]\ncategories:",
    );
    let (out, reported) = check_json(content.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let warned: Vec<_> = (reported.iter())
        .filter(|r| r.code == "synonym-matches-nothing")
        .collect();
    assert_eq!(warned.len(), 1, "{reported:?}");
    assert!(warned[0].message.contains("火星"), "{warned:?}");
}

#[test]
fn every_chinese_list_page_follows_chinese_conventions() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (path, bytes) in &site().1 {
        if !path.starts_with("lists/") || !path.ends_with(".html") {
            continue;
        }
        checked += 1;
        let text = std::str::from_utf8(bytes).unwrap();
        for p in crate::voice::page_problems(text) {
            problems.push(format!("{path}: {p}"));
        }
    }
    assert!(checked >= 12, "{checked} pages");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `qingdan check` in Chinese and JSON over `content` against the last build in `output`;
/// the problems with `code`, each file relative to the content folder.
fn published_warnings(content: &Path, output: &Path, code: &str) -> Vec<Reported> {
    let out = qingdan()
        .args(["check", "--lang", "zh-CN", "--message-format", "json"])
        .arg("--content")
        .arg(content)
        .arg("--output")
        .arg(output)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let root = content.display().to_string();
    (reported(&stdout(&out)).into_iter())
        .filter(|d| d.code == code)
        .map(|d| Reported {
            file: (d.file.strip_prefix(&root).unwrap_or(&d.file))
                .trim_start_matches('/')
                .into(),
            ..d
        })
        .collect()
}

#[test]
fn a_published_list_version_edited_or_removed_after_a_build_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (content, output) = (dir.path().join("content"), dir.path().join("site"));
    copy_dir(&fixture("list-kinds"), &content);
    build_ok(&content, &output);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(output.join("manifest.json")).unwrap()).unwrap();
    let recorded: Vec<&String> = (manifest["sources"]["versions"].as_object().unwrap().keys())
        .filter(|k| k.starts_with("lists/"))
        .collect();
    assert_eq!(
        recorded,
        [
            "lists/assistance/2023-01-10.yaml",
            "lists/assistance/2023-09-01.yaml",
            "lists/assistance/2024-03-15.yaml",
            "lists/burdens/2023-01-10.yaml",
        ]
    );
    assert!(published_warnings(&content, &output, "published-version-edited").is_empty());

    // The newest version of a list is still corrected freely; an older one is not.
    let edit_in = |rel: &str, find: &str, replace: &str| edit(&content, rel, find, replace);
    edit_in(
        "lists/assistance/2024-03-15.yaml",
        "汛期协助巡查堤坝和山塘水库。",
        "汛期协助巡查堤坝、山塘和水库。",
    );
    edit_in(
        "lists/assistance/2023-09-01.yaml",
        "汛期协助巡查堤坝。",
        "汛期协助巡查堤坝和河道。",
    );
    let edited = published_warnings(&content, &output, "published-version-edited");
    let [d] = &edited[..] else {
        panic!("{edited:#?}")
    };
    assert_eq!(d.severity, "warning");
    assert_eq!(
        (d.file.as_str(), d.line, d.column),
        ("lists/assistance/2023-09-01.yaml", Some(1), Some(7))
    );
    assert_eq!(
        d.message,
        "这个已公布的清单版本（2023年9月1日）在上次生成网站之后被修改过"
    );
    assert!(
        d.help.starts_with("已公布的清单版本不应再修改") && d.help.contains("`lists/assistance/`"),
        "{}",
        d.help
    );

    // Removed (the newest too): its pages would leave the site.
    std::fs::remove_file(content.join("lists/assistance/2024-03-15.yaml")).unwrap();
    let gone = published_warnings(&content, &output, "published-version-missing");
    let [d] = &gone[..] else { panic!("{gone:#?}") };
    assert_eq!(
        (d.file.as_str(), d.line, d.column),
        ("lists/assistance/2024-03-15.yaml", None, None)
    );
    assert_eq!(
        d.message,
        "已公布的清单版本 `lists/assistance/2024-03-15.yaml` 不在内容文件夹中了（被删除或改名）"
    );
    // Once built, the record is what was published now.
    build_ok(&content, &output);
    assert!(published_warnings(&content, &output, "published-version-missing").is_empty());
    assert!(published_warnings(&content, &output, "published-version-edited").is_empty());
}

#[test]
fn an_english_count_of_one_is_one_item_and_the_chinese_reads_as_before() {
    // 2023-09-01 added elder-care, removed old-survey and changed nothing else; the list had 3.
    let en = page("en/lists/assistance/versions/2023-09-01/index.html");
    let headings: Vec<String> = (select(&en, "main h3").iter())
        .map(|h| h.text().collect::<String>())
        .collect();
    assert!(
        headings.iter().any(|h| h.ends_with(" (1 item)")),
        "{headings:?}"
    );
    assert!(
        headings.iter().all(|h| !h.contains("1 items")),
        "{headings:?}"
    );
    assert!(text_of(&en, "caption").ends_with(" (3 items)"));
    let zh = page("lists/assistance/versions/2023-09-01/index.html");
    let headings: Vec<String> = (select(&zh, "main h3").iter())
        .map(|h| h.text().collect::<String>())
        .collect();
    assert!(
        headings.contains(&"新增事项（共1项）".to_string()),
        "{headings:?}"
    );
    assert!(text_of(&zh, "caption").ends_with("（共3项）"));
    // The spreadsheets' titles: the certificates no longer issued on 2023-02-21 are one.
    use calamine::Reader;
    let title = |rel: &str| {
        let path = site().0.path().join(rel);
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
        let sheets = book.sheet_names();
        (sheets.iter())
            .map(|s| book.worksheet_range(s).unwrap())
            .map(|range| range.get((0, 0)).map(|c| c.to_string()).unwrap_or_default())
            .collect::<Vec<String>>()
    };
    let en_titles = title("data/versions/2023-02-21.en.xlsx");
    assert!(
        en_titles
            .iter()
            .any(|t| t.ends_with("no longer issued (1 item)")),
        "{en_titles:?}"
    );
    let zh_titles = title("data/versions/2023-02-21.xlsx");
    assert!(
        zh_titles
            .iter()
            .any(|t| t.ends_with("不再出具的证明事项（共1项）")),
        "{zh_titles:?}"
    );
}
