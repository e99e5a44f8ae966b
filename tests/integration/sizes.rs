//! Page weight (issue 7): no generated page exceeds 200 KB, on synthetic content large enough
//! that unpaginated or coarsely paginated comparison pages would.

use std::path::{Path, PathBuf};

use crate::support::*;

#[path = "../../benches/common/synth.rs"]
pub(crate) mod synth;

const PAGE_BUDGET: u64 = 200 * 1024;

fn pages(dir: &Path, out: &mut Vec<(u64, PathBuf)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            pages(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push((entry.metadata().unwrap().len(), path));
        }
    }
}

#[test]
fn no_page_exceeds_200_kb_and_long_comparisons_are_paginated() {
    // 400 items over 15 versions: the comparison of the first version with the current one
    // has about 300 entries of accumulated field diffs, 206 KB on one 250-entry page.
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let params = synth::Params {
        items: 400,
        versions: 15,
        seed: 42,
    };
    synth::write_content(&params, &content, None).unwrap();
    let site = dir.path().join("site");
    build_ok(&content, &site);

    let mut all = Vec::new();
    pages(&site, &mut all);
    let (largest, path) = all.iter().max().unwrap();
    assert!(
        *largest <= PAGE_BUDGET,
        "{} is {largest} bytes",
        path.display()
    );

    // The first page keeps the stable URL; later pages are `page/N/` below it.
    let rel = |p: &Path| {
        p.strip_prefix(&site)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/")
    };
    let second: Vec<String> = all
        .iter()
        .map(|(_, p)| rel(p))
        .filter(|p| p.starts_with("versions/") && p.ends_with("/changes/page/2/index.html"))
        .collect();
    assert!(!second.is_empty(), "some comparison needs a second page");
    for p in &second {
        let first = site.join(p.replace("page/2/", ""));
        assert!(first.is_file(), "{} has no first page", p);
        let doc = html(&std::fs::read_to_string(&first).unwrap());
        assert!(
            !select(&doc, "a[rel='next'][href$='/changes/page/2/index.html']").is_empty(),
            "the first page of {p} links to the second"
        );
    }
    assert!(all.iter().all(|(_, p)| !rel(p).contains("/page/1/")));
}

/// The version files of `site`, oldest first: (date, parsed JSON, bytes).
fn version_files(site: &Path) -> Vec<(String, serde_json::Value, u64)> {
    let mut files: Vec<(String, serde_json::Value, u64)> =
        std::fs::read_dir(site.join("data/versions"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .map(|p| {
                let bytes = std::fs::read(&p).unwrap();
                let date = p.file_stem().unwrap().to_string_lossy().into_owned();
                (
                    date,
                    serde_json::from_slice(&bytes).unwrap(),
                    bytes.len() as u64,
                )
            })
            .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

#[test]
fn version_files_share_unchanged_items_and_still_hold_every_version_whole() {
    // Issue 21: the province's ten version files were 248 MB, each the whole list although
    // about 95 % of the items are the same from one version to the next. The newest version
    // and data/certificates.json keep every item; an earlier version refers each item it has
    // exactly as an earlier version to that version's file.
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let params = synth::Params {
        items: 150,
        versions: 6,
        seed: 7,
    };
    synth::write_content(&params, &content, None).unwrap();
    let site = dir.path().join("site");
    build_ok(&content, &site);

    let files = version_files(&site);
    assert_eq!(files.len(), 6);
    let current = std::fs::read(site.join("data/certificates.json")).unwrap();
    let (newest_date, newest, newest_bytes) = files.last().unwrap();
    assert_eq!(
        current.len() as u64,
        *newest_bytes,
        "certificates.json is the newest"
    );
    assert!(newest["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i.get("same_as").is_none()));
    // Before: six whole lists, about six times the current one.
    let total: u64 = files.iter().map(|f| f.2).sum();
    assert!(
        total * 2 < current.len() as u64 * 5,
        "{total} bytes of version files for a {} byte list",
        current.len()
    );

    // Each version, its references replaced by the items they name, is the whole list: the
    // same ids and names in the same order as its CSV, and every item has every key an item
    // must have.
    for (date, version, _) in &files {
        let items = version["items"].as_array().unwrap();
        assert_eq!(
            version["item_count"].as_u64().unwrap() as usize,
            items.len()
        );
        let whole: Vec<&serde_json::Value> = (items.iter())
            .map(|item| {
                let Some(same_as) = item.get("same_as").and_then(|s| s.as_str()) else {
                    return item;
                };
                assert!(
                    same_as < date.as_str() && date != newest_date,
                    "{date}: {item}"
                );
                let (_, there, _) = files.iter().find(|f| f.0 == same_as).unwrap();
                (there["items"].as_array().unwrap().iter())
                    .find(|i| i["id"] == item["id"] && i.get("same_as").is_none())
                    .unwrap_or_else(|| panic!("{date}: {same_as} has no {item} in full"))
            })
            .collect();
        let csv =
            csv_records(&std::fs::read(site.join(format!("data/versions/{date}.csv"))).unwrap());
        assert_eq!(csv.len() - 1, whole.len(), "{date}");
        for (row, item) in csv[1..].iter().zip(&whole) {
            assert_eq!(row[27], item["id"].as_str().unwrap(), "{date}");
            assert_eq!(row[1], item["name"]["zh-CN"].as_str().unwrap(), "{date}");
            for key in [
                "url",
                "name",
                "category",
                "status",
                "materials",
                "steps",
                "keywords",
            ] {
                assert!(
                    item.get(key).is_some(),
                    "{date}: {} has no {key}",
                    item["id"]
                );
            }
        }
    }
    assert!(
        (files.iter()).any(|f| f.1["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i.get("same_as").is_some())),
        "some earlier version refers to an earlier one"
    );
}
