//! A link walker over the built sites: every internal link is relative and resolves to a
//! file of the output (and its `#fragment` to an id on that page).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::support::*;

/// Resolve `href` relative to the page at `from` (a path like `en/items/x/index.html`).
fn resolve(from: &str, href: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if href.ends_with('/') || path.is_empty() {
        path = format!(
            "{}index.html",
            if path.is_empty() {
                String::new()
            } else {
                format!("{path}/")
            }
        );
    }
    Some(path)
}

pub fn check_links(site: &Path, base_url: &str) {
    let files = tree(site);
    let pages = pages(site);
    let ids: BTreeMap<&String, BTreeSet<String>> = pages
        .iter()
        .map(|(p, text)| {
            let doc = html(text);
            let ids = select(&doc, "[id]")
                .iter()
                .map(|e| e.value().attr("id").unwrap().to_string())
                .collect();
            (p, ids)
        })
        .collect();
    let mut problems = Vec::new();
    for (page, text) in &pages {
        if page == "404.html" {
            // Served for any missing URL at any depth, so it links with absolute base_url URLs.
            continue;
        }
        let doc = html(text);
        for el in select(&doc, "[href], [src], form[action]") {
            let v = el.value();
            let url = v
                .attr("href")
                .or(v.attr("src"))
                .or(v.attr("action"))
                .unwrap();
            let rel = v.attr("rel").unwrap_or("");
            let is_head_link = v.name() == "link" && (rel == "canonical" || rel == "alternate");
            if url.starts_with(base_url) {
                if !is_head_link {
                    problems.push(format!("{page}: absolute internal link {url}"));
                }
                continue;
            }
            if url.starts_with("http://")
                || url.starts_with("https://")
                || url.starts_with("tel:")
                || url.starts_with("mailto:")
            {
                continue;
            }
            if url.starts_with('/') {
                problems.push(format!(
                    "{page}: root-relative link {url} breaks under a sub-path"
                ));
                continue;
            }
            let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
            let target = if path.is_empty() {
                Some(page.clone())
            } else {
                resolve(page, path)
            };
            match target {
                Some(t) if files.contains_key(&t) => {
                    if !fragment.is_empty() && t.ends_with(".html") && !ids[&t].contains(fragment) {
                        problems.push(format!("{page}: {url}: no id `{fragment}` on {t}"));
                    }
                }
                _ => problems.push(format!("{page}: broken link {url}")),
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} link problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn no_broken_or_absolute_internal_links_in_the_fixture() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&fixture("minimal"), out.path());
    check_links(out.path(), "https://example.gov.cn/test/");
}

#[test]
fn no_broken_or_absolute_internal_links_in_the_sample() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&repo().join("content"), out.path());
    check_links(out.path(), "https://www.example.gov.cn/zmsx/");
}

#[test]
fn the_walker_notices_a_broken_link() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&fixture("minimal"), out.path());
    std::fs::remove_dir_all(out.path().join("items/kinship")).unwrap();
    let caught =
        std::panic::catch_unwind(|| check_links(out.path(), "https://example.gov.cn/test/"));
    assert!(caught.is_err(), "a missing page must be reported");
}
