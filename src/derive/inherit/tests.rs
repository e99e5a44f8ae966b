//! Tests of the sections derived from the places-inherit fixture: lists over dates,
//! exclusions, overrides and additions, a grandchild of a sectioned place, provenance, and an
//! adjustment ended by the list above.

use std::path::Path;

use super::*;
use crate::model::places::inherit::ItemSource;

/// The places-inherit fixture, plus `extra` files, checked; its sections.
fn sections_of(extra: &[(&str, &str)]) -> (Content, Vec<Content>) {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/places-inherit");
    copy(&from, dir.path());
    for (rel, text) in extra {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let options = crate::Options::read_only(dir.path().to_path_buf(), Default::default());
    let (loaded, _) = crate::check(&options)
        .unwrap_or_else(|r| panic!("the fixture is invalid: {:?}", r.diagnostics));
    let sections = sections(&loaded.content);
    (loaded.content, sections)
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        match entry.file_type().unwrap().is_dir() {
            true => copy(&entry.path(), &target),
            false => drop(std::fs::copy(entry.path(), target).unwrap()),
        }
    }
}

fn place(content: &Content, id: &str) -> usize {
    content.places.as_ref().unwrap().index()[id]
}

fn of<'s>(sections: &'s [Content], content: &Content, id: &str) -> &'s Content {
    let i = place(content, id);
    (sections.iter())
        .find(|s| s.section.as_ref().unwrap().place == i)
        .unwrap()
}

fn dates(section: &Content) -> Vec<String> {
    (section.versions.iter())
        .map(|v| v.date.value.to_string())
        .collect()
}

fn ids(version: &Version) -> Vec<&str> {
    version.items.iter().map(|i| i.id.value.as_str()).collect()
}

fn zh(text: &Option<Text>) -> Option<&str> {
    text.as_ref().and_then(|t| t.get("zh-CN"))
}

#[test]
fn a_place_inherits_each_list_above_and_its_own_deltas_over_dates() {
    let (content, sections) = sections_of(&[]);
    assert_eq!(sections.len(), 2, "two places have folders");
    let xie = of(&sections, &content, "xiejiaji");
    assert_eq!(
        dates(xie),
        ["2023-01-10", "2023-06-01", "2024-03-15", "2025-01-20"]
    );
    // Before its first delta: the city's list unchanged.
    assert_eq!(
        ids(&xie.versions[0]),
        ["kinship", "residence", "land-contract"]
    );
    // Its delta: land-contract excluded, mining-residence added.
    assert_eq!(
        ids(&xie.versions[1]),
        ["kinship", "residence", "mining-residence"]
    );
    // The city's 2024 adjustment, inherited with the delta still in force.
    assert_eq!(
        ids(&xie.versions[2]),
        ["kinship", "residence", "guardianship", "mining-residence"]
    );
    let tian = of(&sections, &content, "tianjiaan");
    assert_eq!(
        dates(tian),
        ["2023-01-10", "2024-03-15", "2024-06-01", "2025-01-20"]
    );
    assert_eq!(
        tian.site.title.get("zh-CN"),
        Some("示例市出具证明事项清单：田家庵区")
    );
}

#[test]
fn exclusions_carry_their_reason_and_overrides_their_place() {
    let (content, sections) = sections_of(&[]);
    let (city, xie_i) = (place(&content, "city"), place(&content, "xiejiaji"));
    let xie = of(&sections, &content, "xiejiaji");
    let version = &xie.versions[1];
    let source = &xie.section.as_ref().unwrap().versions[1];
    let excluded = &source.excluded;
    assert_eq!(excluded.len(), 1);
    assert_eq!(excluded[0].item.id.value, "land-contract");
    assert_eq!(excluded[0].place, xie_i);
    assert_eq!(
        excluded[0].reason.get("zh-CN"),
        Some("本区已无农村土地承包经营户。")
    );
    let kinship = &version.items[0];
    assert_eq!(zh(&kinship.office), Some("谢家集区各社区便民服务站"));
    assert_eq!(
        source.items["kinship"],
        ItemSource {
            origin: city,
            overridden: vec![("office", xie_i)]
        }
    );
    assert_eq!(source.items["mining-residence"].origin, xie_i);
    // Before the delta, the city's office.
    assert_eq!(
        zh(&xie.versions[0].items[0].office),
        Some("村（居）民委员会")
    );
}

#[test]
fn each_version_records_whether_it_is_inherited_own_or_both() {
    let (content, sections) = sections_of(&[]);
    let city = place(&content, "city");
    let xie = of(&sections, &content, "xiejiaji");
    let sources = &xie.section.as_ref().unwrap().versions;
    assert!(sources[0].inherited.is_some() && !sources[0].own);
    assert!(sources[1].inherited.is_none() && sources[1].own);
    assert_eq!(
        xie.versions[1].document.as_ref().unwrap().value,
        "谢民〔2023〕5号"
    );
    let inherited = sources[2].inherited.as_ref().unwrap();
    assert_eq!(inherited.from, city);
    assert_eq!(inherited.document.as_deref(), Some("示民〔2024〕2号"));
    assert!(!sources[2].own);
    // A delta on the day of the city's version: both.
    let (content, sections) = sections_of(&[(
        "places/tianjiaan/2024-03-15.yaml",
        "date: 2024-03-15\ndocument: 田民〔2024〕2号\n",
    )]);
    let tian = of(&sections, &content, "tianjiaan");
    let both = &tian.section.as_ref().unwrap().versions[1];
    assert!(both.own && both.inherited.is_some());
    assert_eq!(
        tian.versions[1].document.as_ref().unwrap().value,
        "田民〔2024〕2号"
    );
}

#[test]
fn a_dropped_item_ends_the_override_with_a_note_on_that_date() {
    let (content, sections) = sections_of(&[]);
    let xie = of(&sections, &content, "xiejiaji");
    let sources = &xie.section.as_ref().unwrap().versions;
    assert!(sources[..3].iter().all(|s| s.ended.is_empty()));
    assert_eq!(sources[3].ended.len(), 1);
    assert_eq!(sources[3].ended[0].id, "residence");
    assert!(!ids(&xie.versions[3]).contains(&"residence"));
    let note = xie.versions[3].note("residence").unwrap();
    assert!(note.get("zh-CN").unwrap().contains("谢家集区"), "{note:?}");
}

#[test]
fn a_grandchild_inherits_its_sectioned_parent_with_its_facts() {
    let delta = "date: 2024-04-01\noverride:\n  - id: kinship\n    hours: 周一至周五\n";
    let (content, sections) = sections_of(&[("places/pingshan/2024-04-01.yaml", delta)]);
    let (city, xie, ping) = (
        place(&content, "city"),
        place(&content, "xiejiaji"),
        place(&content, "pingshan"),
    );
    let section = of(&sections, &content, "pingshan");
    assert_eq!(
        dates(section),
        [
            "2023-01-10",
            "2023-06-01",
            "2024-03-15",
            "2024-04-01",
            "2025-01-20"
        ]
    );
    let sources = &section.section.as_ref().unwrap().versions;
    assert_eq!(sources[1].inherited.as_ref().unwrap().from, xie);
    assert_eq!(
        sources[1].inherited.as_ref().unwrap().document.as_deref(),
        Some("谢民〔2023〕5号")
    );
    let kinship = &sources[3].items["kinship"];
    assert_eq!(kinship.origin, city);
    assert_eq!(kinship.overridden, vec![("office", xie), ("hours", ping)]);
    assert!(sources[3].own);
    assert_eq!(sources[3].excluded[0].place, xie);
    assert_eq!(sources[3].items["mining-residence"].origin, xie);
}
