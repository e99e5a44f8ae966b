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
