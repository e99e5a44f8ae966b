//! History you can trust: changelogs that show the change itself, item timelines, rename
//! chains, `qingdan diff`, compare pages and URLs that never disappear.

use std::path::Path;

use crate::support::*;

fn sample_site() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    build_ok(&repo().join("content"), out.path());
    out
}

fn page(site: &Path, rel: &str) -> scraper::Html {
    html(&std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}")))
}

fn diff_json(args: &[&str]) -> serde_json::Value {
    let out = qingdan()
        .arg("diff")
        .args(args)
        .args(["--format", "json", "--content"])
        .arg(repo().join("content"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn change<'a>(diff: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no change for {id}: {diff:#}"))
}

#[test]
fn changelog_shows_each_kind_of_change_with_field_diffs() {
    let site = sample_site();
    let doc = page(site.path(), "changelog/2024-03-15/index.html");
    assert!(
        text_of(&doc, ".section-readded").contains("农村土地承包经营权"),
        "re-added item"
    );
    assert!(
        text_of(&doc, ".section-reinstated").contains("婚姻登记档案"),
        "reinstated item"
    );
    assert!(
        text_of(&doc, ".section-removed").contains("分居"),
        "removed item"
    );
    let cancelled = text_of(&doc, ".section-cancelled");
    assert!(
        cancelled.contains("健康证明")
            && cancelled.contains("不再出具")
            // The page is this adjustment's: its date is not said again on every entry.
            && !cancelled.contains("自2024年3月15日起"),
        "{cancelled}"
    );
    let renamed = text_of(&doc, ".section-renamed");
    assert!(renamed.contains("原名称"), "{renamed}");
    let counts = text_of(&doc, "ul.counts");
    for want in [
        "新增2项",
        "不再出具1项",
        "恢复出具1项",
        "移出1项",
        "更名1项",
    ] {
        assert!(
            counts.replace('\n', " ").contains(want),
            "{want} in {counts}"
        );
    }
    // Text fields: an inline diff; list fields: entries removed and added; notes beside them.
    assert!(
        !select(&doc, ".section-changed dl.diffs del").is_empty()
            || !select(&doc, ".section-changed dl.diffs ins").is_empty()
    );
    assert!(
        !select(&doc, "dl.diffs ul.list-diff li.added").is_empty(),
        "list entries added"
    );
    assert!(
        !select(&doc, ".section-changed .note").is_empty(),
        "notes stand beside their items"
    );
    let en = page(site.path(), "en/changelog/2024-03-15/index.html");
    let cancelled = text_of(&en, ".section-cancelled");
    assert!(cancelled.contains("No longer issued"), "{cancelled}");
    assert!(!cancelled.contains("from 15 March 2024"), "{cancelled}");
}

#[test]
fn first_version_reads_as_the_initial_publication() {
    let site = sample_site();
    let doc = page(site.path(), "changelog/2022-06-30/index.html");
    assert!(text_of(&doc, ".initial").contains("首次公布"));
    assert!(select(&doc, ".change-section").is_empty());
}

#[test]
fn item_timelines_show_gaps_renames_and_removal() {
    let site = sample_site();
    let land = text_of(
        &page(site.path(), "items/land-contract-change/index.html"),
        ".timeline",
    );
    assert!(
        land.contains("2023年2月21日") && land.contains("移出清单"),
        "{land}"
    );
    assert!(
        land.contains("重新列入清单（上次列入：2022年6月30日）"),
        "{land}"
    );
    // The whole chain tenancy → residence-and-tenancy → residence leads to the current item.
    for old in ["tenancy", "residence-and-tenancy"] {
        let doc = page(site.path(), &format!("items/{old}/index.html"));
        let link = select(&doc, ".verdict a");
        assert_eq!(
            link[0].value().attr("href"),
            Some("../../items/residence/index.html"),
            "{old}"
        );
    }
    let residence = text_of(
        &page(site.path(), "items/residence/index.html"),
        ".timeline",
    );
    assert!(
        residence.contains("由“居住及租住证明”更名而来"),
        "{residence}"
    );
    let separation = page(site.path(), "items/separation/index.html");
    assert!(text_of(&separation, ".verdict").contains("已于2024年3月15日移出清单"));
    assert!(
        text_of(&separation, ".notice").contains("现已失效"),
        "last content marked as no longer in force"
    );
}

#[test]
fn diff_command_compares_any_two_versions() {
    let d = diff_json(&["2023-02-21", "2024-03-15"]);
    assert_eq!(change(&d, "separation")["kind"], "removed");
    assert_eq!(
        change(&d, "student-activities")["renamed_from"],
        "student-practice"
    );
    assert_eq!(change(&d, "health")["status_change"], "cancelled");
    assert_eq!(
        change(&d, "marriage-record-lost")["status_change"],
        "reinstated"
    );
    let adoption = change(&d, "adoption");
    assert_eq!(adoption["fields"][0]["field"], "basis");
    assert_ne!(
        adoption["fields"][0]["before"],
        adoption["fields"][0]["after"]
    );
    // Default: the two latest versions.
    let latest = diff_json(&[]);
    assert_eq!(
        (latest["from"].as_str(), latest["to"].as_str()),
        (Some("2024-03-15"), Some("2025-09-01"))
    );
    assert_eq!(
        change(&latest, "residence")["renamed_from"],
        "residence-and-tenancy"
    );
    // Across several versions, the rename chain is followed.
    let all = diff_json(&["2022-06-30", "2025-09-01"]);
    assert_eq!(change(&all, "residence")["renamed_from"], "tenancy");
}

#[test]
fn diff_command_prints_plain_text_off_a_terminal_and_rejects_unknown_dates() {
    let out = qingdan()
        .args(["diff", "2023-02-21", "2024-03-15", "--content"])
        .arg(repo().join("content"))
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(out.status.success());
    assert!(
        !text.contains('\x1b'),
        "no colour codes when not on a terminal"
    );
    assert!(text.contains("- removed   separation"), "{text}");
    assert!(
        text.contains("[-") || text.contains("{+"),
        "inline markers: {text}"
    );
    let bad = qingdan()
        .args(["diff", "2023-02-20", "--content"])
        .arg(repo().join("content"))
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let err = stderr(&bad);
    assert!(
        err.contains("no version dated `2023-02-20`")
            && err.contains("2022-06-30, 2023-02-21, 2024-03-15, 2025-09-01"),
        "{err}"
    );
}

#[test]
fn past_versions_link_to_a_comparison_with_the_current_list() {
    let site = sample_site();
    let version = page(site.path(), "versions/2022-06-30/index.html");
    let link = select(
        &version,
        "a[href$='versions/2022-06-30/changes/index.html']",
    );
    assert_eq!(link.len(), 1, "link to the comparison");
    let compare = page(site.path(), "versions/2022-06-30/changes/index.html");
    assert!(
        text_of(&compare, "h1").contains("2022年6月30日")
            && text_of(&compare, "h1").contains("2025年9月1日")
    );
    assert!(
        text_of(&compare, ".section-renamed").contains("居（租）住证明")
            || text_of(&compare, ".section-renamed").contains("居住")
    );
    assert!(
        !site
            .path()
            .join("versions/2025-09-01/changes/index.html")
            .exists(),
        "nothing to compare for the current list"
    );
}

#[test]
fn urls_survive_every_later_version() {
    let versions: Vec<String> = {
        let mut v: Vec<String> = std::fs::read_dir(repo().join("content/certificates"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    };
    let mut previous: Option<Vec<String>> = None;
    for k in 1..=versions.len() {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("content"), dir.path());
        for later in &versions[k..] {
            std::fs::remove_file(dir.path().join("certificates").join(later)).unwrap();
        }
        let out = tempfile::tempdir().unwrap();
        build_ok(dir.path(), out.path());
        let urls: Vec<String> = tree(out.path())
            .into_keys()
            .filter(|p| p.ends_with(".html") || p.ends_with(".xml") || p.ends_with(".json"))
            .filter(|p| p != "manifest.json")
            .collect();
        if let Some(prev) = &previous {
            let lost: Vec<&String> = prev.iter().filter(|u| !urls.contains(u)).collect();
            assert!(
                lost.is_empty(),
                "URLs of step {} missing at step {}: {lost:?}",
                k - 1,
                k
            );
        }
        previous = Some(urls);
    }
}

#[test]
fn rename_cycles_and_double_claims_are_refused() {
    let dir = copy_fixture("minimal");
    std::fs::write(
        dir.path().join("certificates/2024-01-01.yaml"),
        "date: 2024-01-01\ntitle: 第二次调整\nitems:\n  - id: tenancy\n    renamed_from: residence\n    name: 租住证明\n    category: housing\n    status: issued\n    keywords: [租房]\n  - id: kinship\n    name: 亲属关系证明\n    category: family\n    status: cancelled\n    alternative: 出示户口簿。\n    keywords: [亲戚]\n",
    )
    .unwrap();
    let out = qingdan()
        .args(["check", "--message-format", "json", "--content"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("the renames form a cycle"), "{text}");
    assert!(
        text.contains("2024-01-01.yaml\",\"line\":5"),
        "cycle reported where it closes: {text}"
    );

    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "    keywords: [亲戚关系]\n",
        "    keywords: [亲戚关系]\n    renamed_from: tenancy\n",
    );
    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "  - id: kinship\n",
        "  - id: kinship-new\n",
    );
    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "  kinship:",
        "  kinship-new:",
    );
    let out = qingdan()
        .args(["check", "--message-format", "json", "--content"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("already continues `tenancy`"), "{text}");
}

/// Every version page lists that version's items as they were then: each name and status as
/// the version's open-data file has it, in both languages, across all pages of the list. The
/// sample renames items and cancels and reinstates others between versions, so a page that
/// showed an item as another version had it would fail here.
#[test]
fn version_pages_show_each_item_as_that_version_had_it() {
    let site = sample_site();
    let mut checked = 0;
    for entry in std::fs::read_dir(site.path().join("data/versions")).unwrap() {
        let path = entry.unwrap().path();
        // Beside the JSON are each version's CSV and workbooks.
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let date = path.file_stem().unwrap().to_str().unwrap().to_string();
        let data: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        // An item the version has exactly as an earlier one refers to that version's file.
        let in_full = |i: &serde_json::Value| -> serde_json::Value {
            let Some(same_as) = i["same_as"].as_str() else {
                return i.clone();
            };
            let file = site.path().join(format!("data/versions/{same_as}.json"));
            let there: serde_json::Value =
                serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
            let items = there["items"].as_array().unwrap();
            items.iter().find(|x| x["id"] == i["id"]).unwrap().clone()
        };
        let items: Vec<serde_json::Value> = data["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(in_full)
            .collect();
        for (prefix, lang) in [("", "zh-CN"), ("en/", "en")] {
            let mut want: Vec<(String, String, String)> = items
                .iter()
                .map(|i| {
                    let name = i["name"][lang].as_str().or(i["name"]["zh-CN"].as_str());
                    (
                        i["id"].as_str().unwrap().to_string(),
                        name.unwrap().to_string(),
                        i["status"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            let mut shown = Vec::new();
            let mut rel = format!("{prefix}versions/{date}/index.html");
            loop {
                let doc = page(site.path(), &rel);
                for li in select(&doc, "ul.items > li") {
                    let a = li.select(&scraper::Selector::parse("a").unwrap()).next();
                    let a = a.expect("an item link");
                    let href = a.value().attr("href").unwrap();
                    let id = href.trim_end_matches("/index.html").rsplit('/').next();
                    let badge = li
                        .select(&scraper::Selector::parse(".badge").unwrap())
                        .next();
                    let class = badge.unwrap().value().attr("class").unwrap();
                    let status = if class.contains("badge-issued") {
                        "issued"
                    } else {
                        "cancelled"
                    };
                    let name: String = a.text().collect();
                    shown.push((id.unwrap().to_string(), name, status.to_string()));
                }
                let next = select(&doc, "a[rel=next]");
                let Some(next) = next.first() else { break };
                let dir = Path::new(&rel).parent().unwrap();
                let href = next.value().attr("href").unwrap();
                rel = normalize(&dir.join(href));
            }
            // The untranslated marker follows a fallback name: compare the name's start.
            want.sort();
            shown.sort();
            assert_eq!(want.len(), shown.len(), "{prefix}versions/{date}/");
            for (w, s) in want.iter().zip(&shown) {
                assert_eq!((&w.0, &w.2), (&s.0, &s.2), "{prefix}versions/{date}/");
                assert!(
                    s.1.starts_with(&w.1),
                    "{prefix}versions/{date}/: {s:?} {w:?}"
                );
            }
            checked += shown.len();
        }
    }
    assert!(checked > 200, "{checked}");
}

/// `a/b/../c` → `a/c`, as a browser resolves a relative link.
fn normalize(path: &Path) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.to_str().unwrap().split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}
