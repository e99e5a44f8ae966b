//! The city sample, examples/huainan (issue 20): a city's list with three districts that
//! inherit it (one overrides facts, one excludes an item, one adds an item), townships and
//! communities under them, and two other list kinds. It checks without a warning, and what a
//! resident of each district reads follows the city's adjustments and the district's own.

use std::path::PathBuf;

use crate::support::*;

fn huainan() -> PathBuf {
    repo().join("examples/huainan")
}

/// The visible text of a built page (tags dropped, whitespace folded), for reading sentences.
fn text(out: &std::path::Path, rel: &str) -> String {
    let path = out.join(rel);
    let page = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let doc = html(&page);
    let body: String = select(&doc, "main")[0].text().collect();
    body.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_city_sample_checks_without_a_single_warning() {
    let (out, list) = check_json(&huainan());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(list.is_empty(), "examples/huainan reports: {list:#?}");
}

#[test]
fn each_district_follows_the_city_s_adjustment_and_keeps_its_own() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&huainan(), out.path());
    let out = out.path();

    // The city's 2024 adjustment stops one certificate; every district's changelog has it as
    // an adjustment that came with the city's list, with the city's document number.
    for district in ["tianjiaan", "datong", "xiejiaji"] {
        let zh = text(
            out,
            &format!("places/{district}/changelog/2024-03-15/index.html"),
        );
        assert!(
            zh.contains("随市级清单2024年3月15日调整"),
            "{district}: {zh}"
        );
        assert!(zh.contains("淮民〔2024〕2号"), "{district}: {zh}");
        assert!(
            zh.contains("婚姻登记档案丢失的婚姻状况证明"),
            "{district}: {zh}"
        );
        let en = text(
            out,
            &format!("en/places/{district}/changelog/2024-03-15/index.html"),
        );
        assert!(en.contains("Follows the city list"), "{district}: {en}");
        let item = text(
            out,
            &format!("places/{district}/items/marriage-record-lost/index.html"),
        );
        assert!(item.contains("不再出具"), "{district}: {item}");
        // The item's own timeline says the change came with the city's list.
        assert!(item.contains("随市级清单调整"), "{district}: {item}");
    }

    // Tianjia'an's own rules: where and when to apply for proof of residence, marked as its.
    let residence = text(out, "places/tianjiaan/items/residence/index.html");
    assert!(
        residence.contains("办理地点（田家庵区规定）"),
        "{residence}"
    );
    assert!(
        residence.contains("居住地社区党群服务中心一楼综合窗口"),
        "{residence}"
    );
    let city = text(out, "items/residence/index.html");
    assert!(
        !city.contains("居住地社区党群服务中心"),
        "the city's page has no district rule"
    );
    // Its 2024 rule shortens a time limit from that day on, an adjustment of its own.
    let own = text(out, "places/tianjiaan/changelog/2024-06-01/index.html");
    assert!(own.contains("田民〔2024〕7号"), "{own}");
    assert!(!own.contains("随市级清单"), "{own}");
    let rights = text(
        out,
        "places/tianjiaan/items/property-rights-source/index.html",
    );
    assert!(rights.contains("7个工作日（含公示期）"), "{rights}");
    assert!(
        !rights.contains("随市级清单调整"),
        "its own change: {rights}"
    );

    // A district's pages give the district's phone to ask, not the city's.
    let asked = text(out, "places/datong/items/adoption/index.html");
    assert!(asked.contains("0554-0000300"), "{asked}");
    assert!(!asked.contains("0554-0000100"), "{asked}");

    // Datong does not apply one certificate, and says why on its section's home.
    let datong = text(out, "places/datong/index.html");
    assert!(datong.contains("本地不适用的事项"), "{datong}");
    assert!(datong.contains("权属来源证明"), "{datong}");
    assert!(
        datong.contains("不动产登记机构直接调取宅基地审批档案"),
        "{datong}"
    );

    // Xiejiaji adds a certificate the city does not list.
    let added = text(out, "places/xiejiaji/items/land-contract-change/index.html");
    assert!(added.contains("本事项为谢家集区增列"), "{added}");
    assert!(!out.join("items/land-contract-change").exists());
    assert!(!out
        .join("places/tianjiaan/items/land-contract-change")
        .exists());
}

#[test]
fn a_community_page_gives_its_district_s_list_and_the_other_lists_are_published() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&huainan(), out.path());
    let out = out.path();

    let longhu = std::fs::read_to_string(out.join("places/longhu/index.html")).unwrap();
    let said = text(out, "places/longhu/index.html");
    assert!(said.contains("本地适用田家庵区的现行清单"), "{said}");
    assert!(
        said.contains("0554-0000211"),
        "the community's own phone: {said}"
    );
    assert!(
        longhu.contains("href=\"../../places/tianjiaan/items/residence/index.html\""),
        "the community's list links to its district's item pages"
    );

    let lists = text(out, "lists/index.html");
    assert!(lists.contains("依法协助政府工作事项清单"), "{lists}");
    let added = text(out, "lists/assistance/versions/2024-03-15/index.html");
    assert!(
        added.contains("协助做好与居民利益有关的公共卫生工作"),
        "{added}"
    );
    let item = text(out, "lists/assistance/items/public-health/index.html");
    assert!(
        item.contains("《中华人民共和国城市居民委员会组织法》第三条"),
        "{item}"
    );
    let burdens = text(out, "lists/burdens/index.html");
    assert!(
        burdens.contains("行政执法由法定的行政执法机关实施"),
        "{burdens}"
    );
}

#[test]
fn every_chinese_page_of_the_city_sample_is_written_as_a_government_site_writes() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&huainan(), out.path());
    let mut problems = Vec::new();
    for (rel, page) in pages(out.path()) {
        if rel.starts_with("en/") {
            continue;
        }
        for p in crate::voice::page_problems(&page) {
            problems.push(format!("{rel}: {p}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_district_built_on_its_own_shows_its_own_portal_s_identifiers() {
    let whole = tempfile::tempdir().unwrap();
    build_ok(&huainan(), whole.path());
    let alone = tempfile::tempdir().unwrap();
    let done = qingdan()
        .args(["build", "--place", "tianjiaan", "--content"])
        .arg(huainan())
        .arg("--output")
        .arg(alone.path())
        .output()
        .unwrap();
    assert!(done.status.success(), "{}", stderr(&done));
    let footer = |root: &std::path::Path, rel: &str| {
        let page = std::fs::read_to_string(root.join(rel)).unwrap();
        text_of(&html(&page), "footer")
    };
    // Its home links the place pages' style sheet, which it publishes too.
    let home = std::fs::read_to_string(alone.path().join("index.html")).unwrap();
    let sheets: Vec<String> = select(&html(&home), "link[rel=stylesheet]")
        .iter()
        .map(|l| l.value().attr("href").unwrap().to_string())
        .collect();
    assert!(sheets.iter().any(|h| h.contains("places.")), "{sheets:?}");
    for href in &sheets {
        assert!(alone.path().join(href).is_file(), "{href} is not published");
    }
    // On its own, the district's portal: its identifiers.
    let own = footer(alone.path(), "index.html");
    assert!(own.contains("3404030000"), "{own}");
    assert!(own.contains("皖ICP备00000000号-3"), "{own}");
    assert!(!own.contains("3404000000"), "{own}");
    // Inside the city's site, the same pages are the city site's: the city's identifiers.
    let inside = footer(whole.path(), "places/tianjiaan/index.html");
    assert!(inside.contains("3404000000"), "{inside}");
    assert!(!inside.contains("皖ICP备00000000号-3"), "{inside}");
}

#[test]
fn the_open_data_of_places_says_whose_list_applies_in_each() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&huainan(), out.path());
    let text = std::fs::read_to_string(out.path().join("data/places.json")).unwrap();
    let places: serde_json::Value = serde_json::from_str(&text).unwrap();
    let list_from = |id: &str| {
        (places["places"].as_array().unwrap().iter())
            .find(|p| p["id"] == id)
            .unwrap_or_else(|| panic!("no place {id}"))["list_from"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // The city's own list; a district with local rules has its own; the places within a
    // district follow their district's.
    assert_eq!(list_from("huainan"), "huainan");
    assert_eq!(list_from("tianjiaan"), "tianjiaan");
    assert_eq!(list_from("longhu"), "tianjiaan");
    assert_eq!(list_from("chaoyang"), "tianjiaan");
    assert_eq!(list_from("shangyao-cun"), "datong");
    assert_eq!(list_from("caijiagang-shequ"), "xiejiaji");
}
