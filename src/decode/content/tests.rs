//! Tests of decoding: a version read item by item against the same read whole, the nesting
//! limit around a cut-out item, interning, and the small model helpers (`LangMap`, slugs).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::versions::{version_file_date, ItemCache, VersionDecoder};
use crate::base::diagnostics::Diagnostics;
use crate::base::intern::Interner;
use crate::model::{is_slug, LangMap};
use crate::read::source::SourceFile;
use crate::yaml;

/// A version file read item by item, reusing items decoded before (`ItemCache`), gives
/// what reading it whole gives: the same `Version` down to every position (compared by
/// `Debug`, which unlike `==` shows them all) and the same problems in the same order. On
/// the repository's version files, on pieces of them and on mutants of those, each read
/// after its seed so that unchanged items are reused at moved lines.
#[test]
fn a_version_read_item_by_item_is_the_version_read_whole() {
    let file = |text: &str| SourceFile {
        path: PathBuf::from("content/certificates/2023-01-01.yaml"),
        rel: "certificates/2023-01-01.yaml".into(),
        text: Arc::new(text.to_string()),
    };
    fn decoder<'s>() -> VersionDecoder<'s, 'static> {
        VersionDecoder {
            default_lang: "zh-CN",
            interner: Interner::default(),
            cache: ItemCache::default(),
        }
    }
    let whole = |f: &SourceFile| {
        let mut diags = Diagnostics::default();
        let date = version_file_date(f, &mut diags);
        let version = decoder().whole(f, date, &mut diags);
        format!("{version:#?}\n{diags:#?}")
    };
    // `None` when the file was not cut.
    fn by_item<'s>(f: &'s SourceFile, decoder: &VersionDecoder<'s, '_>) -> Option<String> {
        let mut diags = Diagnostics::default();
        let date = version_file_date(f, &mut diags);
        let split = yaml::split_seq(&f.text, "items")?;
        let (mut version, own) = decoder.by_item(f, &split, date)?;
        diags.extend(own);
        // Only a file cut item by item knows its items' digests: one per item when all
        // decoded, none otherwise; the rest is as read whole.
        if let Some(v) = version.as_mut() {
            let digests = std::mem::take(&mut v.item_digests);
            let expected = if v.complete { v.items.len() } else { 0 };
            assert_eq!(digests.len(), expected);
            let distinct: std::collections::HashSet<_> = digests.iter().collect();
            let ids: std::collections::HashSet<_> = v.items.iter().map(|i| &i.id.value).collect();
            assert!(distinct.len() >= ids.len().min(digests.len()));
        }
        Some(format!("{version:#?}\n{diags:#?}"))
    }

    let mut seeds = Vec::new();
    for dir in ["content", "tests"] {
        for (path, text, _) in crate::fixture::yaml_texts(&crate::fixture::repo().join(dir)) {
            if path.parent().is_some_and(|p| p.ends_with("certificates")) {
                let lines: Vec<&str> = text.split_inclusive('\n').collect();
                let starts: Vec<usize> = (0..lines.len())
                    .filter(|&i| lines[i].starts_with("  - id:"))
                    .collect();
                if let (Some(&first), Some(&last)) = (starts.first(), starts.last()) {
                    // The header, three items, and the lines after the last item.
                    let end = starts.get(3).copied().unwrap_or(last);
                    let piece = [&lines[..end], &lines[last..]].concat().concat();
                    assert!(first < end);
                    seeds.push(piece);
                }
                seeds.push(text);
            }
        }
    }
    assert!(seeds.len() >= 8, "only {} version seeds", seeds.len());
    for seed in &seeds {
        let f = file(seed);
        let reader = decoder();
        let first = by_item(&f, &reader).expect("every version file of the repository is cut");
        assert_eq!(first, whole(&f));
        // Read again, every item now comes from the cache.
        assert_eq!(by_item(&f, &reader).as_ref(), Some(&first));
    }

    let mut rng = fastrand::Rng::with_seed(0x2545_f491_4f6c_dd1d);
    let (mut tried, mut cut) = (0, 0);
    let small: Vec<&String> = seeds.iter().filter(|s| s.len() < 20_000).collect();
    assert!(small.len() >= 4, "only {} small seeds", small.len());
    for _ in 0..1500 {
        let seed = small[rng.usize(..small.len())];
        let mutant = crate::fixture::mutate(&mut rng, seed);
        let (seed, mutant) = (file(seed), file(&mutant));
        let reader = decoder();
        by_item(&seed, &reader);
        tried += 1;
        if let Some(read) = by_item(&mutant, &reader) {
            cut += 1;
            assert_eq!(read, whole(&mutant), "mutant:\n{}", mutant.text);
        }
    }
    println!("{cut} of {tried} mutants read item by item");
    // The fast parse takes about a third of the mutants; if few were cut, this proved little.
    assert!(cut * 4 > tried, "only {cut} of {tried} mutants were cut");
}

#[test]
fn lang_map_behaves_like_a_sorted_map() {
    let mut m = LangMap::default();
    let mut b = BTreeMap::new();
    for (k, v) in [("zh-CN", "一"), ("en", "one"), ("fr", "un"), ("en", "One")] {
        m.insert(k, v.into());
        b.insert(k, v.to_string());
    }
    assert_eq!(m.len(), 3);
    assert_eq!(m.get("en"), Some("One"));
    assert!(m.contains_key("fr") && !m.contains_key("de"));
    assert!(m.iter().eq(b.iter().map(|(k, v)| (*k, v.as_str()))));
    assert_eq!(
        serde_json::to_string(&m).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

/// An item cut out of its file is nested as deep as in the whole file: one nested to the
/// limit only within the item reads the same both ways (refused, not cut and accepted).
#[test]
fn the_nesting_limit_counts_the_levels_around_a_cut_out_item() {
    let mut text = String::from("date: 2023-01-01\ntitle: 标题\nitems:\n  - id: x\n    fee:\n");
    // Root map, `items`, the item, then maps down to one level past the limit.
    for depth in 4..=yaml::MAX_DEPTH {
        text.push_str(&format!("{}k:\n", "  ".repeat(depth)));
    }
    text.push_str(&format!("{}k: v\n", "  ".repeat(yaml::MAX_DEPTH + 1)));
    let f = SourceFile {
        path: PathBuf::from("content/certificates/2023-01-01.yaml"),
        rel: "certificates/2023-01-01.yaml".into(),
        text: Arc::new(text),
    };
    let decoder = VersionDecoder {
        default_lang: "zh-CN",
        interner: Interner::default(),
        cache: ItemCache::default(),
    };
    let split = yaml::split_seq(&f.text, "items").expect("the items are cut");
    assert!(decoder.by_item(&f, &split, None).is_none());
    let mut diags = Diagnostics::default();
    assert!(decoder.whole(&f, None, &mut diags).is_none());
    let d = diags.iter().next().unwrap();
    assert!(d.message.en.contains("nest more than"), "{d:?}");
}

#[test]
fn slugs() {
    assert!(is_slug("kinship"));
    assert!(is_slug("a-1-b"));
    for bad in ["", "A", "a--b", "-a", "a-", "a/b", "..", "a.b", "名称"] {
        assert!(!is_slug(bad), "{bad}");
    }
}

#[test]
fn versions_share_one_copy_of_each_text() {
    let (loaded, _) = crate::fixture::load_minimal(&[]);
    let versions = &loaded.content.versions;
    assert!(versions.len() >= 2, "the fixture has several versions");
    let (old, new) = (&versions[0], &versions[versions.len() - 1]);
    let mut shared = 0;
    for item in &new.items {
        let Some(before) = old.items.iter().find(|i| i.id.value == item.id.value) else {
            continue;
        };
        for ((_, a), (_, b)) in before.name.values.iter().zip(item.name.values.iter()) {
            // The same allocation: `iter` lends the shared text itself.
            if a == b {
                assert!(std::ptr::eq(a, b), "{a} is stored twice");
                shared += 1;
            }
        }
    }
    assert!(shared > 0, "some names repeat between the versions");
    let interner = Interner::default();
    let (a, b) = (
        interner.get("亲属关系证明"),
        interner.get(&String::from("亲属关系证明")),
    );
    assert!(Arc::ptr_eq(&a, &b));
    assert!(!Arc::ptr_eq(&a, &interner.get("Proof of kinship")));
}
