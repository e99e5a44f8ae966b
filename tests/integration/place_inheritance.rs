//! Places whose lists inherit from their parent's with dated local deltas
//! (`places/<id>/<date>.yaml`, issue 20): the located errors of the delta files in both
//! languages, and the warning when a parent drops an item a delta still adjusts.

use std::fs;
use std::path::Path;

use crate::support::*;

/// A delta file of `xiejiaji` with one of each mistake, each at a line and column the test
/// knows.
const MISTAKES: &str = "\
date: 2023-06-02
summery: 写错的键
add:
  - id: kinship
    name: 亲属关系证明
    category: family
    status: issued
    keywords: [证明]
exclude:
  - id: land-contrakt
    reason: 本区没有
  - id: residence
override:
  - id: kinsihp
    office: 社区
  - id: residence
    name: 改名
";

fn check_mistakes(lang: &str) -> Vec<Reported> {
    let dir = copy_fixture("places-inherit");
    let root = dir.path();
    fs::write(root.join("places/xiejiaji/2023-06-01.yaml"), MISTAKES).unwrap();
    fs::create_dir_all(root.join("places/xiejiaj")).unwrap();
    fs::write(
        root.join("places/xiejiaj/2024-01-01.yaml"),
        "date: 2024-01-01\n",
    )
    .unwrap();
    fs::create_dir_all(root.join("places/city")).unwrap();
    fs::write(
        root.join("places/city/2024-01-01.yaml"),
        "date: 2024-01-01\n",
    )
    .unwrap();
    let out = qingdan_in(lang)
        .args(["check", "--message-format", "json", "--content"])
        .arg(root)
        .output()
        .unwrap();
    assert!(!out.status.success(), "mistakes fail the check");
    reported(&stdout(&out))
}

#[test]
fn every_mistake_in_a_delta_file_is_located_in_english_and_chinese() {
    let expected: &[(&str, &str, Option<u64>, Option<u64>)] = &[
        (
            "delta-date-mismatch",
            "xiejiaji/2023-06-01.yaml",
            Some(1),
            Some(7),
        ),
        ("unknown-key", "xiejiaji/2023-06-01.yaml", Some(2), Some(1)),
        (
            "added-in-parent-list",
            "xiejiaji/2023-06-01.yaml",
            Some(4),
            Some(9),
        ),
        (
            "not-in-parent-list",
            "xiejiaji/2023-06-01.yaml",
            Some(10),
            Some(9),
        ),
        (
            "missing-field",
            "xiejiaji/2023-06-01.yaml",
            Some(12),
            Some(5),
        ),
        (
            "not-in-parent-list",
            "xiejiaji/2023-06-01.yaml",
            Some(14),
            Some(9),
        ),
        (
            "not-overridable",
            "xiejiaji/2023-06-01.yaml",
            Some(17),
            Some(5),
        ),
        (
            "unknown-delta-place",
            "xiejiaj/2024-01-01.yaml",
            Some(1),
            Some(1),
        ),
        ("root-place-delta", "city/2024-01-01.yaml", Some(1), Some(1)),
    ];
    for lang in ["en", "zh-CN"] {
        let found = check_mistakes(lang);
        for &(code, file, line, column) in expected {
            let hit = found
                .iter()
                .find(|r| r.code == code && r.line == line && r.column == column);
            let hit = hit.unwrap_or_else(|| {
                panic!("{lang}: no `{code}` at {line:?}:{column:?} in {found:#?}")
            });
            assert!(hit.file.ends_with(file), "{hit:?}");
            assert!(!hit.help.is_empty(), "{hit:?} says how to fix it");
            let words: String = (hit.message.split('`').step_by(2)).collect();
            let han = words
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            assert_eq!(han, lang == "zh-CN", "{hit:?} is in the language asked for");
        }
    }
    let en = check_mistakes("en");
    let find = |code: &str, line: u64| {
        en.iter()
            .find(|r| r.code == code && r.line == Some(line))
            .unwrap_or_else(|| panic!("no {code} on line {line}: {en:#?}"))
    };
    assert!(find("unknown-key", 2).help.contains("`summary`"));
    assert!(find("not-in-parent-list", 10)
        .help
        .contains("`land-contract`"));
    assert!(find("not-in-parent-list", 14).help.contains("`kinship`"));
    assert!(find("added-in-parent-list", 4).help.contains("`override`"));
    let allowed = &find("not-overridable", 17).help;
    assert!(
        allowed.contains("`office`") && allowed.contains("`refer_to`"),
        "{allowed}"
    );
    assert!(find("unknown-delta-place", 1).help.contains("`xiejiaji`"));
    let zh = check_mistakes("zh-CN");
    let root = zh.iter().find(|r| r.code == "root-place-delta").unwrap();
    assert!(root.message.contains("`certificates/`"), "{root:?}");
    assert!(root.help.contains("版本文件"), "{root:?}");
}

#[test]
fn delta_folders_without_places_yaml_are_an_error() {
    let dir = copy_fixture("places-inherit");
    fs::remove_file(dir.path().join("places.yaml")).unwrap();
    let (out, found) = check_json(dir.path());
    assert!(!out.status.success());
    let hit = found
        .iter()
        .find(|r| r.code == "deltas-without-places")
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert!(hit.help.contains("places.yaml"), "{hit:?}");
}

#[test]
fn a_parent_dropping_an_overridden_item_is_a_warning_at_the_override() {
    let (out, found) = check_json(&fixture("places-inherit"));
    assert!(out.status.success(), "{found:#?}");
    let warnings: Vec<_> = found.iter().filter(|r| r.severity == "warning").collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    let hit = warnings[0];
    assert_eq!(hit.code, "parent-dropped-item");
    assert!(
        hit.file.ends_with("places/xiejiaji/2023-06-01.yaml"),
        "{hit:?}"
    );
    assert_eq!((hit.line, hit.column), (Some(20), Some(9)), "{hit:?}");
    assert!(hit.message.contains("2025-01-20") && hit.message.contains("`residence`"));
}

/// The fixture, built once for the tests of its pages.
fn built() -> &'static (
    tempfile::TempDir,
    std::collections::BTreeMap<String, String>,
) {
    use std::sync::OnceLock;
    static SITE: OnceLock<(
        tempfile::TempDir,
        std::collections::BTreeMap<String, String>,
    )> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        build_ok(&fixture("places-inherit"), out.path());
        let pages = pages(out.path());
        (out, pages)
    })
}

fn built_page(path: &str) -> scraper::Html {
    let text = (built().1.get(path)).unwrap_or_else(|| panic!("no page {path}"));
    html(text)
}

#[test]
fn a_sectioned_place_gets_its_full_section_in_every_language() {
    let pages = &built().1;
    for lang in ["", "en/"] {
        for page in [
            "places/xiejiaji/index.html",
            "places/xiejiaji/changelog/index.html",
            "places/xiejiaji/changelog/2023-06-01/index.html",
            "places/xiejiaji/versions/2024-03-15/index.html",
            "places/xiejiaji/items/mining-residence/index.html",
            "places/xiejiaji/items/kinship/index.html",
            "places/xiejiaji/table/index.html",
            "places/tianjiaan/changelog/2024-06-01/index.html",
        ] {
            assert!(pages.contains_key(&format!("{lang}{page}")), "{lang}{page}");
        }
        // A place without a folder keeps its one page.
        assert!(pages.contains_key(&format!("{lang}places/pingshan/index.html")));
    }
    let dir = built().0.path();
    for file in [
        "places/xiejiaji/data/certificates.csv",
        "places/xiejiaji/data/versions/2023-06-01.json",
        "places/xiejiaji/changelog/atom.xml",
        "en/places/xiejiaji/changelog/atom.xml",
    ] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    // The section is the place's list: its addition listed, its exclusion not.
    let home = built_page("places/xiejiaji/index.html");
    let links: Vec<String> = select(&home, "a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    let added = "../../places/xiejiaji/items/mining-residence/index.html";
    assert!(links.iter().any(|h| h == added), "{links:?}");
    // Assets are the site's one copy.
    assert!(!dir.join("places/xiejiaji/assets").exists());
    let css: Vec<String> = select(&home, "link[rel=stylesheet]")
        .iter()
        .map(|l| l.value().attr("href").unwrap().to_string())
        .collect();
    assert!(
        css.iter().all(|h| h.starts_with("../../assets/")),
        "{css:?}"
    );
}

#[test]
fn every_link_of_the_sectioned_site_resolves() {
    crate::links::check_links(built().0.path(), "https://example.gov.cn/city/");
}

#[test]
fn every_chinese_page_of_the_sections_follows_chinese_conventions() {
    let mut problems = Vec::new();
    for (path, text) in &built().1 {
        if path.starts_with("en/") || !path.starts_with("places/") {
            continue;
        }
        for p in crate::voice::page_problems(text) {
            problems.push(format!("{path}: {p}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn main_text(path: &str) -> String {
    let doc = built_page(path);
    let text = text_of(&doc, "main");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_changelog_says_which_adjustments_are_inherited_and_which_are_the_places_own() {
    let inherited = main_text("places/xiejiaji/changelog/2024-03-15/index.html");
    assert!(
        inherited.contains("随市级清单2024年3月15日调整"),
        "{inherited}"
    );
    assert!(inherited.contains("示民〔2024〕2号"), "{inherited}");
    let own = main_text("places/xiejiaji/changelog/2023-06-01/index.html");
    assert!(
        own.contains("本级调整") && own.contains("谢民〔2023〕5号"),
        "{own}"
    );
    assert!(!own.contains("随市级清单"), "{own}");
    let en = main_text("en/places/xiejiaji/changelog/2024-03-15/index.html");
    assert!(
        en.contains("Follows the city list as adjusted on 15 March 2024"),
        "{en}"
    );
    // The city drops an item the district overrode: the district's changelog says so.
    let ended = main_text("places/xiejiaji/changelog/2025-01-20/index.html");
    assert!(ended.contains("本地调整自同日终止"), "{ended}");
    // The city's own changelog is as before: no provenance.
    let city = main_text("changelog/2024-03-15/index.html");
    assert!(
        !city.contains("随市级清单") && !city.contains("本级调整"),
        "{city}"
    );
}

#[test]
fn an_item_page_says_whose_list_it_is_on_and_whose_rule_each_local_fact_is() {
    let kinship = main_text("places/xiejiaji/items/kinship/index.html");
    assert!(
        kinship.contains("本事项列入示例市出具证明事项清单"),
        "{kinship}"
    );
    assert!(kinship.contains("办理地点（谢家集区规定）"), "{kinship}");
    assert!(
        kinship.contains("谢家集区各社区便民服务站（谢家集区规定）"),
        "{kinship}"
    );
    let added = main_text("places/xiejiaji/items/mining-residence/index.html");
    assert!(added.contains("本事项为谢家集区增列"), "{added}");
    let fee = main_text("places/tianjiaan/items/guardianship/index.html");
    assert!(fee.contains("收费标准（田家庵区规定）"), "{fee}");
    assert!(fee.contains("不收费（田家庵区规定）"), "{fee}");
    // The city's own item page says nothing of places.
    let city = main_text("items/kinship/index.html");
    assert!(!city.contains("本事项列入"), "{city}");
}

#[test]
fn the_section_home_shows_the_place_and_what_does_not_apply_there() {
    let home = main_text("places/xiejiaji/index.html");
    assert!(home.contains("示例路1号（示例地址）"), "{home}");
    assert!(home.contains("平山街道"), "a child place: {home}");
    assert!(home.contains("本地不适用的事项"), "{home}");
    assert!(home.contains("土地承包经营证明"), "{home}");
    assert!(home.contains("本区已无农村土地承包经营户。"), "{home}");
}

#[test]
fn a_place_without_a_section_shows_its_nearest_sectioned_ancestors_list() {
    let links = |path: &str| -> Vec<String> {
        select(&built_page(path), ".place-list a")
            .iter()
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .filter(|h| h.contains("/items/"))
            .collect()
    };
    // The grandchild community of a sectioned district: the district's list and items.
    for page in [
        "places/pingshan/index.html",
        "places/lishan/index.html",
        "en/places/lishan/index.html",
    ] {
        let items = links(page);
        assert!(!items.is_empty(), "{page}");
        assert!(
            items.iter().all(|h| h.contains("places/xiejiaji/items/")),
            "{page}: {items:?}"
        );
        assert!(
            items
                .iter()
                .any(|h| h.ends_with("items/mining-residence/index.html")),
            "{page}"
        );
    }
    let chaoyang = links("places/chaoyang/index.html");
    assert!(
        chaoyang
            .iter()
            .all(|h| h.contains("places/tianjiaan/items/")),
        "{chaoyang:?}"
    );
    let text = main_text("places/lishan/index.html");
    assert!(text.contains("谢家集区"), "{text}");
    // The place keeps its address and its canonical URL.
    let doc = built_page("places/lishan/index.html");
    let canonical = select(&doc, "link[rel=canonical]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(canonical, "https://example.gov.cn/city/places/lishan/");
}

#[test]
fn build_place_makes_one_sections_complete_site_with_the_whole_sites_canonical_links() {
    let out = tempfile::tempdir().unwrap();
    let done = qingdan()
        .args(["build", "--place", "xiejiaji", "--content"])
        .arg(fixture("places-inherit"))
        .arg("--output")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(done.status.success(), "{}", stderr(&done));
    let site = out.path();
    for file in [
        "index.html",
        "items/mining-residence/index.html",
        "en/changelog/2024-03-15/index.html",
        "data/certificates.csv",
        "changelog/atom.xml",
        "sitemap.xml",
        "404.html",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    assert!(!site.join("places").exists(), "no other place's pages");
    assert!(site.join("assets").is_dir(), "its own copy of the assets");
    let page = |rel: &str| html(&fs::read_to_string(site.join(rel)).unwrap());
    let canonical = |doc: &scraper::Html| {
        select(doc, "link[rel=canonical]")[0]
            .value()
            .attr("href")
            .unwrap()
            .to_string()
    };
    assert_eq!(
        canonical(&page("en/items/kinship/index.html")),
        "https://example.gov.cn/city/en/places/xiejiaji/items/kinship/"
    );
    assert_eq!(
        canonical(&page("index.html")),
        "https://example.gov.cn/city/places/xiejiaji/"
    );
    let added = page("items/mining-residence/index.html");
    assert!(text_of(&added, "main").contains("本事项为谢家集区增列"));
    // Its own links all resolve inside it; the whole site's place pages are absolute links.
    crate::links::check_links(site, "https://standalone.invalid/");
    // Its site map lists the whole site's addresses, so robots.txt names where the whole site
    // publishes that same site map.
    let robots = fs::read_to_string(site.join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://example.gov.cn/city/places/xiejiaji/sitemap.xml\n"),
        "{robots}"
    );
    assert!(
        !robots.contains("Sitemap: https://example.gov.cn/city/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn build_place_of_a_place_without_a_section_names_the_ones_there_are() {
    let out = tempfile::tempdir().unwrap();
    let done = qingdan_in("zh-CN")
        .args([
            "build",
            "--message-format",
            "json",
            "--place",
            "pingshan",
            "--content",
        ])
        .arg(fixture("places-inherit"))
        .arg("--output")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(!done.status.success());
    let found = reported(&stdout(&done));
    let hit = found
        .iter()
        .find(|r| r.code == "no-such-section")
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert!(hit.message.contains("`--place pingshan`"), "{hit:?}");
    assert!(
        hit.help.contains("tianjiaan") && hit.help.contains("xiejiaji"),
        "{hit:?}"
    );
}

#[test]
fn each_section_has_a_site_map_that_robots_txt_names() {
    let dir = built().0.path();
    let robots = fs::read_to_string(dir.join("robots.txt")).unwrap();
    for id in ["xiejiaji", "tianjiaan"] {
        let line = format!("Sitemap: https://example.gov.cn/city/places/{id}/sitemap.xml");
        assert!(robots.contains(&line), "{robots}");
        let map = fs::read_to_string(dir.join(format!("places/{id}/sitemap.xml"))).unwrap();
        assert!(map.contains(&format!(
            "<loc>https://example.gov.cn/city/en/places/{id}/changelog/</loc>"
        )));
    }
    // The pages of places without a section are in the site map of the section they show.
    let map = fs::read_to_string(dir.join("places/xiejiaji/sitemap.xml")).unwrap();
    assert!(
        map.contains("<loc>https://example.gov.cn/city/places/lishan/</loc>"),
        "{map}"
    );
}

#[test]
fn an_inherited_version_keeps_the_documents_of_the_list_above() {
    let dir = copy_fixture("attachments");
    let root = dir.path();
    fs::write(
        root.join("places.yaml"),
        "places:\n  - id: district\n    level: district\n    name: 测试区\n  - id: street\n    parent: district\n    level: township\n    name: 测试街道\n",
    )
    .unwrap();
    fs::create_dir_all(root.join("places/street")).unwrap();
    fs::write(
        root.join("places/street/2023-03-10.yaml"),
        "date: 2023-03-10\ndocument: 测街〔2023〕1号\noverride:\n  - id: kinship\n    hours: 工作日\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    build_ok(root, out.path());
    let page = fs::read_to_string(
        out.path()
            .join("places/street/changelog/2023-02-21/index.html"),
    )
    .unwrap();
    let doc = html(&page);
    let files: Vec<String> = select(&doc, "a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| h.contains("files/"))
        .map(str::to_string)
        .collect();
    assert!(!files.is_empty(), "the city's document is linked: {page}");
    crate::links::check_links(out.path(), "https://example.gov.cn/test/");
}

#[test]
fn an_added_item_and_a_document_number_are_checked_as_in_a_version_file() {
    let dir = copy_fixture("places-inherit");
    let root = dir.path();
    fs::write(
        root.join("places/tianjiaan/2024-06-01.yaml"),
        "date: 2024-06-01\ndocument: 田民[2024]7号\nadd:\n  - id: local-one\n    name: 本地证明\n    category: houseing\n    status: cancelled\n    keywords: [证明]\n",
    )
    .unwrap();
    let (out, found) = check_json(root);
    assert!(!out.status.success());
    let at = |code: &str| {
        found
            .iter()
            .find(|r| r.code == code && r.file.ends_with("tianjiaan/2024-06-01.yaml"))
            .unwrap_or_else(|| panic!("no {code}: {found:#?}"))
    };
    assert_eq!(at("unknown-category").line, Some(6));
    assert_eq!(at("document-number-form").line, Some(2));
    assert_eq!(at("missing-alternative").line, Some(7));
}

#[test]
fn an_item_excluded_from_the_start_is_named_without_a_page_and_places_are_not_repeated() {
    let dir = copy_fixture("places-inherit");
    let root = dir.path();
    fs::write(
        root.join("places/tianjiaan/2023-01-10.yaml"),
        "date: 2023-01-10\nexclude:\n  - id: land-contract\n    reason: 本区没有承包户。\n",
    )
    .unwrap();
    // Each delta is complete: the later one excludes it too.
    fs::write(
        root.join("places/tianjiaan/2024-06-01.yaml"),
        "date: 2024-06-01\nexclude:\n  - id: land-contract\n    reason: 本区没有承包户。\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    build_ok(root, out.path());
    let site = out.path();
    let home = html(&fs::read_to_string(site.join("places/tianjiaan/index.html")).unwrap());
    assert!(text_of(&home, ".excluded-items").contains("土地承包经营证明"));
    assert!(!site.join("places/tianjiaan/items/land-contract").exists());
    assert!(site.join("data/places.json").is_file());
    assert!(!site.join("places/tianjiaan/data/places.json").exists());
    crate::links::check_links(site, "https://example.gov.cn/city/");
}

#[test]
fn the_changelog_index_of_a_section_says_it_too() {
    let index = main_text("places/xiejiaji/changelog/index.html");
    assert!(index.contains("随市级清单2024年3月15日调整"), "{index}");
    assert!(index.contains("本级调整：谢民〔2023〕5号"), "{index}");
    let city = main_text("changelog/index.html");
    assert!(!city.contains("随市级清单"), "{city}");
}

#[test]
fn absolute_urls_of_a_section_name_its_pages_in_the_whole_site() {
    let whole = "https://example.gov.cn/city/places/xiejiaji/items/kinship/";
    let data = fs::read_to_string(
        built()
            .0
            .path()
            .join("places/xiejiaji/data/certificates.json"),
    )
    .unwrap();
    assert!(data.contains(&format!("\"url\":\"{whole}\"")), "{data}");
    // Built on its own: permalinks, JSON-LD, the feed and the open data still name the whole
    // site's URLs.
    let out = tempfile::tempdir().unwrap();
    let done = qingdan()
        .args(["build", "--place", "xiejiaji", "--content"])
        .arg(fixture("places-inherit"))
        .arg("--output")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(done.status.success(), "{}", stderr(&done));
    let read = |rel: &str| fs::read_to_string(out.path().join(rel)).unwrap();
    let item = read("items/kinship/index.html");
    assert!(
        item.contains(&format!("\"url\":\"{whole}\"")),
        "JSON-LD: {item}"
    );
    assert!(
        text_of(&html(&item), "main").contains(whole),
        "the permalink"
    );
    assert!(read("data/certificates.json").contains(&format!("\"url\":\"{whole}\"")));
    let feed = read("en/changelog/atom.xml");
    assert!(
        feed.contains("href=\"https://example.gov.cn/city/en/places/xiejiaji/changelog/atom.xml\""),
        "{feed}"
    );
}

#[test]
fn a_place_that_names_its_own_home_is_canonical_there_in_both_builds() {
    let content = copy_fixture("places-inherit");
    edit(
        content.path(),
        "places.yaml",
        "  - id: xiejiaji\n",
        "  - id: xiejiaji\n    home: https://xjj.example.gov.cn/zmsx/\n",
    );
    let canonical = |root: &Path, rel: &str| {
        let doc = html(&fs::read_to_string(root.join(rel)).unwrap());
        select(&doc, "link[rel=canonical]")[0]
            .value()
            .attr("href")
            .unwrap()
            .to_string()
    };
    // Inside the whole site: the section's pages name the place's portal.
    let whole = tempfile::tempdir().unwrap();
    build_ok(content.path(), whole.path());
    assert_eq!(
        canonical(
            whole.path(),
            "places/xiejiaji/items/mining-residence/index.html"
        ),
        "https://xjj.example.gov.cn/zmsx/items/mining-residence/"
    );
    assert_eq!(
        canonical(whole.path(), "en/places/xiejiaji/index.html"),
        "https://xjj.example.gov.cn/zmsx/en/"
    );
    let robots = fs::read_to_string(whole.path().join("robots.txt")).unwrap();
    assert!(!robots.contains("places/xiejiaji/sitemap.xml"), "{robots}");
    // The other section keeps the whole site's address.
    let other = fs::read_dir(whole.path().join("places"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|name| {
            name != "xiejiaji"
                && whole
                    .path()
                    .join("places")
                    .join(name)
                    .join("items")
                    .is_dir()
        })
        .expect("another section");
    let other_home = canonical(whole.path(), &format!("places/{other}/index.html"));
    assert_eq!(
        other_home,
        format!("https://example.gov.cn/city/places/{other}/")
    );

    // Built on its own: the same addresses, its robots.txt names its own site map, and its
    // links to the whole site's place pages go to the whole site.
    let alone = tempfile::tempdir().unwrap();
    let done = qingdan()
        .args(["build", "--place", "xiejiaji", "--content"])
        .arg(content.path())
        .arg("--output")
        .arg(alone.path())
        .output()
        .unwrap();
    assert!(done.status.success(), "{}", stderr(&done));
    assert_eq!(
        canonical(alone.path(), "items/mining-residence/index.html"),
        "https://xjj.example.gov.cn/zmsx/items/mining-residence/"
    );
    let robots = fs::read_to_string(alone.path().join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://xjj.example.gov.cn/zmsx/sitemap.xml\n"),
        "{robots}"
    );
    let sitemap = fs::read_to_string(alone.path().join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://xjj.example.gov.cn/zmsx/items/mining-residence/</loc>"));
    assert!(
        !sitemap.contains("example.gov.cn/city/"),
        "only the portal's own addresses"
    );
    let home = fs::read_to_string(alone.path().join("index.html")).unwrap();
    assert!(
        home.contains("https://example.gov.cn/city/places/"),
        "the picker is the whole site's"
    );
    crate::links::check_links(alone.path(), "https://standalone.invalid/");
}

#[test]
fn a_place_s_home_must_be_an_https_address_ending_with_a_slash() {
    let content = copy_fixture("places-inherit");
    edit(
        content.path(),
        "places.yaml",
        "  - id: xiejiaji\n",
        "  - id: xiejiaji\n    home: http://xjj.example.gov.cn/zmsx\n",
    );
    let (out, list) = check_json(content.path());
    assert!(!out.status.success());
    let hit = list
        .iter()
        .find(|d| d.file.ends_with("places.yaml") && d.message.contains("home"))
        .unwrap_or_else(|| panic!("{list:#?}"));
    assert_eq!(hit.line, Some(7), "{hit:?}");
}

fn section_json(rel: &str) -> serde_json::Value {
    let path = built().0.path().join(rel);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// The item `id` of a version file's `items`, in full or as a reference.
fn item_of<'v>(version: &'v serde_json::Value, id: &str) -> &'v serde_json::Value {
    (version["items"].as_array().unwrap().iter())
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item {id}: {version}"))
}

#[test]
fn a_sections_versions_say_what_they_follow_and_what_is_the_places_own() {
    let data = "places/xiejiaji/data/";
    let first = section_json(&format!("{data}versions/2023-01-10.json"));
    assert_eq!(
        first["provenance"],
        serde_json::json!({"follows": {"place": "city", "level": "city", "date": "2023-01-10", "document": "示民〔2023〕1号"}})
    );
    let own = section_json(&format!("{data}versions/2023-06-01.json"));
    assert_eq!(
        own["provenance"]["own"],
        serde_json::json!({"place": "xiejiaji", "document": "谢民〔2023〕5号"})
    );
    assert!(own["provenance"].get("follows").is_none(), "{own}");
    let excluded = &own["provenance"]["excluded"][0];
    assert_eq!(
        (&excluded["id"], &excluded["place"]),
        (&"land-contract".into(), &"xiejiaji".into())
    );
    assert_eq!(excluded["reason"]["zh-CN"], "本区已无农村土地承包经营户。");
    let inherited = section_json(&format!("{data}versions/2024-03-15.json"));
    assert_eq!(inherited["provenance"]["follows"]["date"], "2024-03-15");
    assert_eq!(
        inherited["provenance"]["follows"]["document"],
        "示民〔2024〕2号"
    );
    assert!(inherited["provenance"].get("own").is_none());
    // changes.json says the same of each version, and links the section's changelog.
    let changes = section_json(&format!("{data}changes.json"));
    let versions = changes["versions"].as_array().unwrap();
    let entry = versions.iter().find(|v| v["date"] == "2024-03-15").unwrap();
    assert_eq!(entry["provenance"], inherited["provenance"]);
    assert_eq!(
        entry["url"],
        "https://example.gov.cn/city/places/xiejiaji/changelog/2024-03-15/"
    );
}

#[test]
fn a_sections_items_say_whose_list_they_are_on_and_whose_rules_they_follow() {
    let current = section_json("places/xiejiaji/data/certificates.json");
    let provenance = |id: &str| item_of(&current, id)["provenance"].clone();
    assert_eq!(
        provenance("mining-residence"),
        serde_json::json!({"listed_by": "xiejiaji"})
    );
    assert_eq!(
        provenance("kinship"),
        serde_json::json!({"listed_by": "city", "local_rules": {"office": "xiejiaji"}})
    );
    // The city drops `residence` in 2025: its local rule is in the district's own version.
    let own = section_json("places/xiejiaji/data/versions/2023-06-01.json");
    assert_eq!(
        item_of(&own, "residence")["provenance"],
        serde_json::json!({"listed_by": "city", "local_rules": {"hours": "xiejiaji"}})
    );
    let tianjiaan = section_json("places/tianjiaan/data/certificates.json");
    assert_eq!(
        item_of(&tianjiaan, "guardianship")["provenance"],
        serde_json::json!({"listed_by": "city", "local_rules": {"fee": "tianjiaan"}})
    );
    // The top place's open data is the site's as without places: no provenance anywhere.
    let site = built().0.path();
    for rel in ["data/certificates.json", "data/changes.json"] {
        let text = fs::read_to_string(site.join(rel)).unwrap();
        assert!(!text.contains("provenance"), "{rel}");
    }
}

#[test]
fn references_to_earlier_versions_resolve_in_the_sections_own_data_folder() {
    let site = built().0.path();
    let mut references = 0;
    for place in ["xiejiaji", "tianjiaan"] {
        let folder = site.join(format!("places/{place}/data/versions"));
        for file in fs::read_dir(&folder).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let version: serde_json::Value =
                serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
            for item in version["items"].as_array().unwrap() {
                let Some(date) = item.get("same_as").and_then(|d| d.as_str()) else {
                    continue;
                };
                references += 1;
                let earlier = folder.join(format!("{date}.json"));
                let text = fs::read_to_string(&earlier)
                    .unwrap_or_else(|_| panic!("{path:?} refers to {earlier:?}"));
                let earlier: serde_json::Value = serde_json::from_str(&text).unwrap();
                let full = item_of(&earlier, item["id"].as_str().unwrap());
                assert!(full.get("same_as").is_none(), "{full}");
                assert!(full.get("provenance").is_some(), "{full}");
            }
        }
    }
    assert!(
        references > 0,
        "the sections' older versions refer to earlier ones"
    );
}

#[test]
fn a_sections_feed_says_which_entries_follow_the_list_above() {
    let site = built().0.path();
    let read = |rel: &str| fs::read_to_string(site.join(rel)).unwrap();
    let zh = read("places/xiejiaji/changelog/atom.xml");
    assert!(
        zh.contains("<title>2024年3月15日 示例市出具证明事项清单（2024年调整） · 随市级清单2024年3月15日调整</title>"),
        "{zh}"
    );
    assert!(
        zh.contains("&lt;p&gt;随市级清单2024年3月15日调整&lt;/p&gt;"),
        "{zh}"
    );
    let own = zh
        .split("<entry>")
        .find(|e| e.contains("2023-06-01"))
        .unwrap();
    assert!(
        !own.contains("随市级清单"),
        "the place's own adjustment: {own}"
    );
    let en = read("en/places/xiejiaji/changelog/atom.xml");
    assert!(
        en.contains(" · Follows the city list as adjusted on 15 March 2024</title>"),
        "{en}"
    );
    assert!(!read("changelog/atom.xml").contains("随市级清单"));
}

#[test]
fn a_sections_open_data_follows_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_slice(&fs::read(repo().join("schema/open-data.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let data = built().0.path().join("places/xiejiaji/data");
    let mut files = vec![data.join("certificates.json"), data.join("changes.json")];
    for file in fs::read_dir(data.join("versions")).unwrap() {
        let path = file.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    for path in files {
        let doc: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let problems: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(problems.is_empty(), "{path:?}: {problems:?}");
    }
}

#[test]
fn a_sections_home_has_the_place_pages_style_sheet_and_the_sites_home_does_not() {
    let sheets = |path: &str| -> Vec<String> {
        (select(&built_page(path), "link[rel=stylesheet]").iter())
            .filter_map(|l| l.value().attr("href"))
            .map(str::to_string)
            .collect()
    };
    let section = sheets("places/xiejiaji/index.html");
    assert!(
        section
            .iter()
            .any(|h| h.starts_with("../../assets/places.")),
        "the breadcrumb and the excluded items are styled as on a place page: {section:?}"
    );
    let place = sheets("places/lishan/index.html");
    assert!(section.iter().all(|h| place.contains(h)), "{place:?}");
    let home = sheets("index.html");
    assert!(home.iter().all(|h| !h.contains("places.")), "{home:?}");
}
