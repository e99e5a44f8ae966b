//! places.yaml (issue 20, first slice): the tree of places, its located errors in both
//! languages, the place picker and a page per place, `data/places.json`, and a content folder
//! without places.yaml building the site it built before.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::support::*;

/// The shipped sample (which has places.yaml), built once for this module.
fn sample() -> &'static (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    static SITE: OnceLock<(tempfile::TempDir, BTreeMap<String, Vec<u8>>)> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        build_ok(&repo().join("content"), out.path());
        let files = tree(out.path());
        (out, files)
    })
}

fn page(path: &str) -> scraper::Html {
    let bytes = (sample().1.get(path)).unwrap_or_else(|| panic!("no page {path}"));
    html(std::str::from_utf8(bytes).unwrap())
}

fn hrefs(doc: &scraper::Html, css: &str) -> Vec<String> {
    select(doc, css)
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect()
}

/// A places.yaml with one of each mistake, each at a line and column the test knows.
const MISTAKES: &str = "\
places:
  - id: district
    level: district
    code: \"340403\"
    name: 田家庵区
  - id: street
    parnet: district
    level: township
    name: 街道
  - id: street
    parent: district
    level: township
    name: 重复
  - id: orphan
    parent: nowhere
    level: community
    name: 孤立
  - id: loop-a
    parent: loop-b
    level: community
    name: 甲
  - id: loop-b
    parent: loop-a
    level: community
    name: 乙
  - id: upward
    parent: district
    level: city
    name: 上级
    code: \"34040\"
  - id: Bad_Id
    parent: district
    level: shequ
    name: 错误
    phone: 电话
  - id: Also_Bad
    parent: district
    level: community
    name: 错误
";

fn check_mistakes(lang: &str) -> Vec<Reported> {
    let dir = copy_fixture("minimal");
    std::fs::write(dir.path().join("places.yaml"), MISTAKES).unwrap();
    let out = qingdan_in(lang)
        .args(["check", "--message-format", "json", "--content"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success(), "mistakes fail the check");
    reported(&stdout(&out))
}

#[test]
fn every_mistake_in_places_yaml_is_located_in_english_and_chinese() {
    let expected: &[(&str, u64, u64)] = &[
        ("unknown-key", 7, 5),
        ("place-root", 6, 9),
        ("duplicate-place", 10, 9),
        ("unknown-parent-place", 15, 13),
        ("place-cycle", 19, 13),
        ("place-level-order", 24, 12),
        ("place-level-order", 28, 12),
        ("bad-division-code", 30, 11),
        ("unknown-place-level", 33, 12),
        ("bad-phone", 35, 12),
    ];
    for lang in ["en", "zh-CN"] {
        let found = check_mistakes(lang);
        for &(code, line, column) in expected {
            let hit = found
                .iter()
                .find(|r| r.code == code && r.line == Some(line) && r.column == Some(column));
            let hit = hit
                .unwrap_or_else(|| panic!("{lang}: no `{code}` at {line}:{column} in {found:#?}"));
            assert!(hit.file.ends_with("places.yaml"), "{hit:?}");
            assert!(!hit.help.is_empty(), "{hit:?} says how to fix it");
            // The words of the message, without the values it quotes in backticks.
            let words: String = (hit.message.split('`').step_by(2)).collect();
            let han = words
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            assert_eq!(han, lang == "zh-CN", "{hit:?} is in the language asked for");
        }
        // An id that is not an address, reported at the id.
        assert!(
            found
                .iter()
                .any(|r| r.code == "invalid-place-id" && r.line == Some(36)),
            "{found:#?}"
        );
    }
    let en = check_mistakes("en");
    let typo = en.iter().find(|r| r.code == "unknown-key").unwrap();
    assert!(typo.help.contains("`parent`"), "suggests the key: {typo:?}");
    let cycle = en.iter().find(|r| r.code == "place-cycle").unwrap();
    assert!(
        cycle.message.contains("loop-a → loop-b → loop-a"),
        "{cycle:?}"
    );
    let orphan = en
        .iter()
        .find(|r| r.code == "unknown-parent-place")
        .unwrap();
    assert!(orphan.message.contains("`nowhere`"), "{orphan:?}");
    let level = en.iter().find(|r| r.code == "unknown-place-level").unwrap();
    assert!(level.help.contains("community"), "{level:?}");
    let zh = check_mistakes("zh-CN");
    let level = zh.iter().find(|r| r.code == "unknown-place-level").unwrap();
    assert!(level.message.contains("`level: shequ`"), "{level:?}");
    let duplicate = zh.iter().find(|r| r.code == "duplicate-place").unwrap();
    assert!(duplicate.message.contains("第6行"), "{duplicate:?}");
}

#[test]
fn a_code_outside_its_parents_is_a_warning_and_the_site_builds() {
    let dir = copy_fixture("minimal");
    let places = "places:\n  - { id: district, level: district, code: \"340403\", name: 区 }\n  - { id: street, parent: district, level: township, code: \"340999001000\", name: 街道 }\n";
    std::fs::write(dir.path().join("places.yaml"), places).unwrap();
    let (out, found) = check_json(dir.path());
    assert!(out.status.success(), "{found:#?}");
    let warning = found
        .iter()
        .find(|r| r.code == "division-code-prefix")
        .unwrap();
    assert_eq!((warning.line, warning.column), (Some(3), Some(60)));
    assert_eq!(warning.severity, "warning");
    assert!(warning.message.contains("`340403`"), "{warning:?}");
}

#[test]
fn the_picker_lists_every_place_as_nested_lists_and_links_each_page() {
    let picker = page("places/index.html");
    let links = hrefs(&picker, "nav.place-tree a");
    assert_eq!(links.len(), 11, "{links:?}");
    assert_eq!(
        links[0], "../places/tianjiaan/index.html",
        "the top place first"
    );
    // Communities sit three lists deep: district › township › community.
    let deep = text_of(&picker, "nav.place-tree ul ul ul a");
    for name in ["龙湖社区", "民强社区", "淮滨社区", "泉山村"] {
        assert!(deep.contains(name), "{name} in {deep}");
    }
    for href in &links {
        let target = href.trim_start_matches("../");
        assert!(sample().1.contains_key(target), "{target}");
    }
    let english = page("en/places/index.html");
    assert!(text_of(&english, "nav.place-tree").contains("Longhu Community"));
    // Without JavaScript: the list is there in the HTML, and nothing hides it.
    let hidden = select(&picker, "nav.place-tree[hidden], nav.place-tree [hidden]");
    assert!(hidden.is_empty(), "nothing on the picker is hidden");
}

#[test]
fn a_community_page_shows_where_it_is_its_contact_facts_and_the_list() {
    let doc = page("places/longhu/index.html");
    let crumbs = text_of(&doc, "nav.breadcrumb li");
    assert_eq!(crumbs, "田家庵区\n朝阳街道\n龙湖社区");
    assert_eq!(
        hrefs(&doc, "nav.breadcrumb a"),
        [
            "../../places/tianjiaan/index.html",
            "../../places/chaoyang/index.html"
        ]
    );
    assert_eq!(text_of(&doc, "h1"), "龙湖社区");
    let facts = text_of(&doc, "dl.place-facts");
    for fact in [
        "村（社区）",
        "朝阳街道示例路3号",
        "0554-0000011",
        "工作日上午8:30",
    ] {
        assert!(facts.contains(fact), "{fact} in {facts}");
    }
    assert_eq!(hrefs(&doc, "dl.place-facts a"), ["tel:05540000011"]);
    let list = text_of(&doc, "section.place-list");
    assert!(list.contains("田家庵区"), "{list}");
    assert!(list.contains("田民〔2025〕"), "names the document: {list}");
    let items = hrefs(&doc, "section.place-list ul.items a");
    assert!(items.len() >= 10, "{items:?}");
    for href in &items {
        let target = href.trim_start_matches("../../");
        assert!(sample().1.contains_key(target), "{href}");
    }
    let home = hrefs(&doc, "ul.place-list-links a");
    assert_eq!(home[0], "../../index.html");
    // A township lists its communities; the top place its townships.
    let street = page("places/chaoyang/index.html");
    assert_eq!(
        hrefs(&street, "ul.place-children a"),
        [
            "../../places/longhu/index.html",
            "../../places/minqiang/index.html",
            "../../places/xinhua/index.html"
        ]
    );
    let district = page("places/tianjiaan/index.html");
    assert!(text_of(&district, "dl.place-facts").contains("340403"));
    assert_eq!(hrefs(&district, "ul.place-children a").len(), 3);
    let english = page("en/places/longhu/index.html");
    assert_eq!(
        text_of(&english, "nav.breadcrumb li"),
        "Tianjia'an District\nChaoyang Subdistrict\nLonghu Community"
    );
    assert!(text_of(&english, "dl.place-facts").contains("Village or community"));
}

#[test]
fn the_home_page_site_map_sitemap_and_open_data_lead_to_the_places() {
    let home = page("index.html");
    let link = select(&home, "p.places-link a");
    assert_eq!(link.len(), 1);
    assert_eq!(link[0].value().attr("href"), Some("places/index.html"));
    assert_eq!(link[0].text().collect::<String>(), "查找我所在的村（社区）");
    let english = page("en/index.html");
    assert_eq!(
        text_of(&english, "p.places-link a"),
        "Find my village or community"
    );
    let map = page("site-map/index.html");
    assert!(hrefs(&map, "nav.site-map a").contains(&"../places/index.html".to_string()));
    let sitemap = std::str::from_utf8(&sample().1["sitemap.xml"]).unwrap();
    for url in [
        "zmsx/places/</loc>",
        "zmsx/places/longhu/</loc>",
        "zmsx/en/places/longhu/</loc>",
    ] {
        assert!(sitemap.contains(url), "{url}");
    }
    let json: serde_json::Value = serde_json::from_slice(&sample().1["data/places.json"]).unwrap();
    assert_eq!(json["place_count"], 11);
    let places = json["places"].as_array().unwrap();
    assert_eq!(places[0]["id"], "tianjiaan");
    assert_eq!(places[0]["code"], "340403");
    assert!(places[0].get("parent").is_none());
    let longhu = places.iter().find(|p| p["id"] == "longhu").unwrap();
    assert_eq!(longhu["parent"], "chaoyang");
    assert_eq!(longhu["level"], "community");
    assert_eq!(longhu["name"]["zh-CN"], "龙湖社区");
    assert_eq!(longhu["phone"], "0554-0000011");
    assert_eq!(longhu["list_from"], "tianjiaan");
    assert_eq!(
        longhu["url"],
        "https://www.example.gov.cn/zmsx/places/longhu/"
    );
}

/// Without places.yaml the site is the one it was: no place page, style sheet or data
/// file, and every other file byte for byte what the build with places makes, except the
/// pages that link to the places and the lists of files and pages.
#[test]
fn without_places_yaml_the_site_is_what_it_was() {
    let content = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), content.path());
    std::fs::remove_file(content.path().join("places.yaml")).unwrap();
    let out = tempfile::tempdir().unwrap();
    build_ok(content.path(), out.path());
    let without = tree(out.path());
    let with = &sample().1;
    for path in without.keys() {
        assert!(!path.contains("places"), "{path} without places.yaml");
    }
    let links_to_places = [
        "index.html",
        "en/index.html",
        "site-map/index.html",
        "en/site-map/index.html",
        "sitemap.xml",
        "manifest.json",
        // What a build into an empty folder added: every file, the place pages among them.
        "changes.json",
        "changes.txt",
    ];
    for (path, bytes) in &without {
        if links_to_places.contains(&path.as_str()) {
            assert!(with[path] != *bytes, "{path} links to the places with them");
            assert!(
                !String::from_utf8_lossy(bytes).contains("places/"),
                "{path}"
            );
            continue;
        }
        assert!(with.get(path) == Some(bytes), "{path} is not the same");
    }
    let added: Vec<&String> = (with.keys())
        .filter(|p| !without.contains_key(*p))
        .collect();
    assert!(added.iter().all(|p| p.contains("places")), "{added:?}");
    assert!(added.contains(&&"data/places.json".to_string()));
}

#[test]
fn a_site_with_places_builds_byte_identical_twice() {
    let dir = copy_fixture("minimal");
    std::fs::copy(
        repo().join("content/places.yaml"),
        dir.path().join("places.yaml"),
    )
    .unwrap();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    build_ok(dir.path(), a.path());
    build_ok(dir.path(), b.path());
    let (ta, tb) = (tree(a.path()), tree(b.path()));
    assert!(ta.contains_key("places/longhu/index.html"));
    assert!(ta == tb, "two builds differ");
    crate::links::check_links(a.path(), "https://example.gov.cn/test/");
}

#[test]
fn the_places_schema_is_printed_and_committed() {
    let out = qingdan().args(["schema", "places"]).output().unwrap();
    assert!(out.status.success());
    let committed = std::fs::read_to_string(repo().join("schema/places.schema.json")).unwrap();
    assert_eq!(stdout(&out), committed);
    let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
    let place = &schema["properties"]["places"]["items"];
    assert_eq!(place["additionalProperties"], false);
    assert!(place["properties"]["parent"].is_object());
}
