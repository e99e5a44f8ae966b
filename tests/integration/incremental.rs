//! Incremental builds (issue 21): a build keeps the files of every job (a page, a workbook, a
//! version's open data) whose key the build cache beside the output
//! (`<output>.qingdan-cache/`) holds, without running it (src/emit/html/job_keys.rs). Its
//! output is always byte-identical to a cold build (`--no-cache`, into a new folder) of the
//! same content, through sequences of edits of every kind of content file, on the sample, the
//! city sample with its places' sections and synthetic content full of renames; every build
//! here also runs with `QINGDAN_CACHE=verify` (support.rs), so each job the cache would keep is
//! made again and must match. A damaged cache or an output file edited since is never trusted;
//! and a cached build killed at any point leaves nothing that changes what a later build
//! makes.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::support::*;

use crate::sizes::synth;
use crate::unchanged_files::{site_files, two_contents};

fn cache_file(site: &Path) -> PathBuf {
    let name = site.file_name().unwrap().to_str().unwrap();
    site.with_file_name(format!("{name}.qingdan-cache"))
        .join("jobs.bin")
}

fn cold(content: &Path, output: &Path) {
    let out = qingdan()
        .args(["-q", "build", "--no-cache", "--content"])
        .arg(content)
        .arg("--output")
        .arg(output)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

fn inodes(dir: &Path) -> BTreeMap<String, u64> {
    let files = tree(dir).into_keys();
    files
        .map(|p| {
            let ino = fs::metadata(dir.join(&p)).unwrap().ino();
            (p, ino)
        })
        .collect()
}

/// Replace the first occurrence of `find` in a file of `dir`.
fn replace_first(dir: &Path, rel: &str, find: &str, replace: &str) {
    let path = dir.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(find), "`{find}` in {rel}");
    fs::write(&path, text.replacen(find, replace, 1)).unwrap();
}

/// The paths whose files differ between two sites: missing from `got`, other bytes, or in
/// `got` only.
fn differing(got: &BTreeMap<String, Vec<u8>>, want: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let changed = want.iter().filter(|(p, b)| got.get(*p) != Some(*b));
    let extra = got.keys().filter(|p| !want.contains_key(*p));
    changed.map(|(p, _)| p).chain(extra).cloned().collect()
}

/// The incremental build in `site` equals a cold build of the same content, file for file,
/// and every file whose bytes did not change since `before` is still the same file (inode).
fn assert_same_as_cold(
    step: &str,
    content: &Path,
    site: &Path,
    before: &BTreeMap<String, Vec<u8>>,
    before_inodes: &BTreeMap<String, u64>,
) {
    let scratch = tempfile::tempdir().unwrap();
    let fresh = scratch.path().join("cold");
    cold(content, &fresh);
    let got = site_files(site);
    let differ = differing(&got, &site_files(&fresh));
    assert!(
        differ.is_empty(),
        "{step}: differs from a cold build: {differ:?}"
    );
    let now = inodes(site);
    let moved: Vec<_> = (got.iter())
        .filter(|(p, b)| before.get(*p) == Some(*b) && !p.ends_with("manifest.json"))
        .filter(|(p, _)| before_inodes.get(*p) != now.get(*p))
        .map(|(p, _)| p.as_str())
        .collect();
    assert!(
        moved.is_empty(),
        "{step}: unchanged files written again: {moved:?}"
    );
}

/// One edit of the content folder.
type Edit = Box<dyn Fn(&Path)>;

#[test]
fn a_sequence_of_edits_built_with_the_cache_equals_cold_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let site = tmp.path().join("site");
    build_ok(&content, &site);
    assert!(
        cache_file(&site).is_file(),
        "the cache is beside the output"
    );
    let theme_strings = fs::read_to_string(repo().join("themes/default/i18n/zh-CN.yaml")).unwrap();
    let newest = "certificates/2025-09-01.yaml";
    let saved = fs::read(content.join(newest)).unwrap();
    let steps: Vec<(&str, Edit)> = vec![
        ("nothing changed", Box::new(|_: &Path| {})),
        (
            "an item's field in the newest version",
            Box::new(move |c: &Path| replace_first(c, newest, "working days", "business days")),
        ),
        (
            "a version removed",
            Box::new(move |c: &Path| fs::remove_file(c.join(newest)).unwrap()),
        ),
        (
            "a new version file",
            Box::new(move |c: &Path| fs::write(c.join(newest), &saved).unwrap()),
        ),
        (
            "site.yaml",
            Box::new(|c: &Path| {
                replace_first(c, "site.yaml", "出具证明事项公开", "出具证明事项公开网")
            }),
        ),
        (
            "a theme folder",
            Box::new(move |c: &Path| {
                fs::create_dir_all(c.join("my-theme/i18n")).unwrap();
                let strings = theme_strings.replacen("nav_home: 首页", "nav_home: 本站首页", 1);
                fs::write(c.join("my-theme/i18n/zh-CN.yaml"), strings).unwrap();
                replace_first(
                    c,
                    "site.yaml",
                    "\ncategories:",
                    "\ntheme: my-theme\ncategories:",
                );
            }),
        ),
        (
            "a theme file edited",
            Box::new(|c: &Path| {
                replace_first(
                    c,
                    "my-theme/i18n/zh-CN.yaml",
                    "nav_home: 本站首页",
                    "nav_home: 首页（本站）",
                )
            }),
        ),
        (
            "a policy page",
            Box::new(|c: &Path| {
                replace_first(
                    c,
                    "policy/village-organizations.md",
                    "压减证明事项，规范出具流程",
                    "压减证明事项，规范出具证明的流程",
                )
            }),
        ),
        (
            "places.yaml",
            Box::new(|c: &Path| replace_first(c, "places.yaml", "0554-0000001", "0554-0000009")),
        ),
    ];
    for (step, change) in steps {
        let before = site_files(&site);
        let before_inodes = inodes(&site);
        change(&content);
        build_ok(&content, &site);
        assert_same_as_cold(step, &content, &site, &before, &before_inodes);
    }
}

/// The text of `rel` in `dir` with `change` made to it.
fn rewrite(dir: &Path, rel: &str, change: impl FnOnce(String) -> String) {
    let path = dir.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, change(text)).unwrap();
}

/// The item blocks of a version file: where each `  - id:` line starts, and the end.
fn item_starts(text: &str) -> Vec<usize> {
    let mut starts: Vec<usize> = text
        .match_indices("\n  - id: ")
        .map(|(i, _)| i + 1)
        .collect();
    starts.push(text.len());
    starts
}

/// Build `content` into a site with the cache, then after each of `steps` build it again
/// and compare it with a cold build (every build here also checks the cache's keys).
fn edits_equal_cold_builds(content: &Path, steps: Vec<(&str, Edit)>) {
    let site = content.with_file_name("site");
    build_ok(content, &site);
    for (step, change) in steps {
        let before = site_files(&site);
        let before_inodes = inodes(&site);
        change(content);
        build_ok(content, &site);
        assert_same_as_cold(step, content, &site, &before, &before_inodes);
    }
}

#[test]
fn edits_of_items_built_with_the_cache_equal_cold_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let newest = "certificates/2025-09-01.yaml";
    let earlier = "certificates/2024-03-15.yaml";
    let steps: Vec<(&str, Edit)> = vec![
        (
            "an item's name in the newest version",
            Box::new(move |c: &Path| {
                replace_first(
                    c,
                    newest,
                    "zh-CN: 收养人婚姻状况",
                    "zh-CN: 收养人的婚姻状况",
                )
            }),
        ),
        (
            "an item added to the newest version",
            Box::new(move |c: &Path| {
                rewrite(c, newest, |t| {
                    let starts = item_starts(&t);
                    let first =
                        t[starts[0]..starts[1]].replacen("id: adoption", "id: adoption-abroad", 1);
                    let first =
                        first.replacen("zh-CN: 收养人的婚姻状况", "zh-CN: 涉外收养人的婚姻状况", 1);
                    format!("{}{first}{}", &t[..starts[1]], &t[starts[1]..])
                })
            }),
        ),
        (
            "an item given a new id (renamed_from)",
            Box::new(move |c: &Path| {
                replace_first(
                    c,
                    newest,
                    "  - id: adoption\n",
                    "  - id: adoption-status\n    renamed_from: adoption\n",
                )
            }),
        ),
        (
            "an item removed from the newest version",
            Box::new(move |c: &Path| {
                rewrite(c, newest, |t| {
                    let starts = item_starts(&t);
                    let n = starts.len();
                    format!("{}{}", &t[..starts[n - 3]], &t[starts[n - 2]..])
                })
            }),
        ),
        (
            "the items of the newest version reordered",
            Box::new(move |c: &Path| {
                rewrite(c, newest, |t| {
                    let starts = item_starts(&t);
                    let (a, b, c2) = (starts[1], starts[2], starts[3]);
                    format!("{}{}{}{}", &t[..a], &t[b..c2], &t[a..b], &t[c2..])
                })
            }),
        ),
        (
            "a note of the newest version",
            Box::new(move |c: &Path| {
                replace_first(c, newest, "学生资助认定已可通过", "学生资助认定现已可通过")
            }),
        ),
        (
            "an item of an earlier version (a warning)",
            Box::new(move |c: &Path| replace_first(c, earlier, "working days", "business days")),
        ),
    ];
    edits_equal_cold_builds(&content, steps);
}

#[test]
fn edits_of_a_city_with_places_sections_built_with_the_cache_equal_cold_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("examples/huainan"), &content);
    let steps: Vec<(&str, Edit)> = vec![
        (
            "an item's field in the city's newest version",
            Box::new(|c: &Path| {
                replace_first(
                    c,
                    "certificates/2025-09-01.yaml",
                    "3 working days",
                    "3 business days",
                )
            }),
        ),
        (
            "a place's own adjustment",
            Box::new(|c: &Path| {
                replace_first(
                    c,
                    "places/tianjiaan/2024-06-01.yaml",
                    "下午14:30—17:30（示例）",
                    "下午14:30—18:00（示例）",
                )
            }),
        ),
        (
            "a list of another kind",
            Box::new(|c: &Path| {
                let rel = "lists/assistance/2024-03-15.yaml";
                rewrite(c, rel, |t| t.replacen("zh-CN: ", "zh-CN: （示例）", 3))
            }),
        ),
    ];
    edits_equal_cold_builds(&content, steps);
}

/// An id given by `renamed_from` in a version before the newest and still in the newest.
fn renamed_earlier(content: &Path, files: &[String]) -> String {
    let newest = fs::read_to_string(content.join(files.last().unwrap())).unwrap();
    for file in &files[1..files.len() - 1] {
        let text = fs::read_to_string(content.join(file)).unwrap();
        for (at, _) in text.match_indices("renamed_from:") {
            let start = text[..at].rfind("  - id: ").unwrap() + "  - id: ".len();
            let id = text[start..].lines().next().unwrap().trim();
            if newest.contains(&format!("  - id: {id}\n")) {
                return id.to_string();
            }
        }
    }
    panic!("no item renamed before the newest version is still listed");
}

#[test]
fn edits_of_synthetic_content_with_renames_built_with_the_cache_equal_cold_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    let params = synth::Params {
        items: 60,
        versions: 6,
        seed: 5,
    };
    synth::write_content(&params, &content, None).unwrap();
    let mut files: Vec<String> = fs::read_dir(content.join("certificates"))
        .unwrap()
        .map(|e| format!("certificates/{}", e.unwrap().file_name().to_str().unwrap()))
        .collect();
    files.sort();
    let text = files
        .iter()
        .map(|f| fs::read_to_string(content.join(f)).unwrap());
    assert!(
        text.clone().any(|t| t.contains("renamed_from:")),
        "the content has renames"
    );
    let (newest, middle) = (
        files[files.len() - 1].clone(),
        files[files.len() / 2].clone(),
    );
    let saved = fs::read(content.join(&newest)).unwrap();
    let gone = newest.clone();
    let back = newest.clone();
    let renamed = newest.clone();
    let files_for_rename = files.clone();
    let steps: Vec<(&str, Edit)> = vec![
        (
            "an item's field in the newest version",
            Box::new(move |c: &Path| replace_first(c, &newest, "working days", "business days")),
        ),
        (
            "an item's field in a middle version",
            Box::new(move |c: &Path| replace_first(c, &middle, "working days", "business days")),
        ),
        (
            "the name, in the newest version, of an item renamed in an earlier one",
            // The earlier version's changelog says "renamed to" the name as last listed.
            Box::new(move |c: &Path| {
                let id = renamed_earlier(c, &files_for_rename);
                rewrite(c, &renamed, |t| {
                    let at = t.find(&format!("  - id: {id}\n")).expect("still listed");
                    let name = at + t[at..].find("zh-CN: ").unwrap() + "zh-CN: ".len();
                    format!("{}（新）{}", &t[..name], &t[name..])
                })
            }),
        ),
        (
            "the newest version removed",
            Box::new(move |c: &Path| fs::remove_file(c.join(&gone)).unwrap()),
        ),
        (
            "the newest version back",
            Box::new(move |c: &Path| fs::write(c.join(&back), &saved).unwrap()),
        ),
    ];
    edits_equal_cold_builds(&content, steps);
}

/// A version's table pages, and the pages of a comparison with the current version, are kept
/// by what is on each page and what the pages share (the ids in page order; for the tables
/// also whether the 公示版 is landscape): edits that change one row or entry, the orientation,
/// a status, the order and an id, on lists of two pages of each.
#[test]
fn edits_of_lists_of_two_pages_built_with_the_cache_equal_cold_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&fixture("minimal"), &content);
    let (first, newest) = (
        "certificates/2022-06-30.yaml",
        "certificates/2023-02-21.yaml",
    );
    let generated = |purpose: &str| {
        let mut items = String::new();
        for n in 0..160 {
            let (category, status) = match n {
                n if n >= 150 => ("housing", "cancelled\n    alternative: 出示户口簿"),
                n if n % 2 == 0 => ("family", "issued"),
                _ => ("housing", "issued"),
            };
            items.push_str(&format!(
                "  - id: gen-{n}\n    name: {{ zh-CN: 第{n}项证明, en: Proof {n} }}\n    \
                 category: {category}\n    status: {status}\n    purpose: {purpose}{n}\n"
            ));
        }
        items
    };
    // Every generated item is in both versions with another purpose: the comparison of the
    // first with the current one has over a hundred entries.
    rewrite(&content, first, |t| t + &generated("原用途"));
    rewrite(&content, newest, |t| t + &generated("用途"));
    let long = "用于".repeat(60);
    let steps: Vec<(&str, Edit)> = vec![
        (
            "a row and an entry of the second pages",
            Box::new(move |c: &Path| {
                replace_first(c, newest, "purpose: 用途140\n", "purpose: 用途140（改）\n")
            }),
        ),
        (
            "a long text that makes the 公示版 landscape",
            Box::new(move |c: &Path| {
                replace_first(
                    c,
                    newest,
                    "purpose: 用途141\n",
                    &format!("purpose: {long}\n"),
                )
            }),
        ),
        (
            "an item cancelled",
            Box::new(move |c: &Path| {
                replace_first(
                    c,
                    newest,
                    "status: issued\n    purpose: 用途4\n",
                    "status: cancelled\n    alternative: 出示身份证\n    purpose: 用途4\n",
                )
            }),
        ),
        (
            "an item moved to another category",
            Box::new(move |c: &Path| {
                replace_first(
                    c,
                    newest,
                    "category: family\n    status: issued\n    purpose: 用途6\n",
                    "category: housing\n    status: issued\n    purpose: 用途6\n",
                )
            }),
        ),
        (
            "an item given a new id",
            Box::new(move |c: &Path| {
                replace_first(
                    c,
                    newest,
                    "  - id: gen-130\n",
                    "  - id: gen-130-new\n    renamed_from: gen-130\n",
                )
            }),
        ),
        (
            "the item's old name where it was renamed from",
            Box::new(move |c: &Path| {
                replace_first(c, first, "zh-CN: 第130项证明", "zh-CN: 第130项证明（原）")
            }),
        ),
        (
            "an entry no longer a change",
            Box::new(move |c: &Path| {
                replace_first(c, newest, "purpose: 用途145\n", "purpose: 原用途145\n")
            }),
        ),
    ];
    edits_equal_cold_builds(&content, steps);
    let site = content.with_file_name("site");
    for second in [
        "table/page/2/index.html",
        "versions/2022-06-30/changes/page/2/index.html",
    ] {
        assert!(site.join(second).is_file(), "{second}: a second page");
    }
    let notice = fs::read_to_string(site.join("table/notice/index.html")).unwrap();
    assert!(notice.contains("landscape"), "the 公示版 is landscape");
}

#[test]
fn no_cache_neither_reads_nor_writes_the_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&fixture("minimal"), &content);
    let site = tmp.path().join("site");
    cold(&content, &site);
    assert!(!cache_file(&site).exists(), "--no-cache writes no cache");
    build_ok(&content, &site);
    let cache = fs::read(cache_file(&site)).unwrap();
    cold(&content, &site);
    assert_eq!(
        fs::read(cache_file(&site)).unwrap(),
        cache,
        "left as it was"
    );
}

#[test]
fn a_damaged_cache_or_an_output_file_edited_since_is_not_trusted() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let site = tmp.path().join("site");
    build_ok(&content, &site);
    let (before, before_inodes) = (site_files(&site), inodes(&site));
    // Every byte of the cache file flipped in turn would be slow; a few places and a cut.
    let good = fs::read(cache_file(&site)).unwrap();
    for (i, at) in [0, 30, good.len() / 3, good.len() / 2, good.len() - 1]
        .into_iter()
        .enumerate()
    {
        let mut bad = good.clone();
        bad[at] ^= 1;
        if i == 4 {
            bad.truncate(good.len() / 2);
        }
        fs::write(cache_file(&site), &bad).unwrap();
        build_ok(&content, &site);
        assert_same_as_cold("damaged cache", &content, &site, &before, &before_inodes);
    }
    // An output page edited by hand since (same size): the cache names it, its hash on disk
    // no longer matches, so it is rendered again.
    let page = "items/adoption/index.html";
    let path = site.join(page);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replacen("<title>", "<TITLE>", 1)).unwrap();
    build_ok(&content, &site);
    let rendered = fs::read_to_string(&path).unwrap();
    assert_eq!(rendered, text, "the page is rendered again");
    let (before, before_inodes) = (site_files(&site), inodes(&site));
    build_ok(&content, &site);
    assert_same_as_cold("after the edit", &content, &site, &before, &before_inodes);
}

#[test]
fn a_cached_build_killed_at_any_point_changes_no_later_build() {
    let tmp = tempfile::tempdir().unwrap();
    let contents = two_contents(tmp.path());
    let colds: Vec<_> = contents
        .iter()
        .enumerate()
        .map(|(i, content)| {
            let dir = tmp.path().join(format!("cold-{i}"));
            cold(content, &dir);
            site_files(&dir)
        })
        .collect();
    let site = tmp.path().join("site");
    build_ok(&contents[0], &site);
    // How long a whole cached build takes here, to spread the kills over it.
    let started = std::time::Instant::now();
    build_ok(&contents[1], &site);
    let whole = started.elapsed().as_micros().max(1000) as u64;
    // Random points, a new seed each run; a failure names it.
    let seed = fastrand::u64(..);
    let mut random = fastrand::Rng::with_seed(seed);
    for round in 0..12 {
        let content = &contents[round % 2];
        // Not `qingdan()`, whose QINGDAN_CACHE=verify runs every job: killed here are builds
        // that keep jobs from the cache, as staff run them.
        let mut child = Command::new(env!("CARGO_BIN_EXE_qingdan"))
            .env("QINGDAN_LANG", "en")
            .args(["-q", "build", "--content"])
            .arg(content)
            .arg("--output")
            .arg(&site)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(random.u64(0..whole + whole / 4)));
        let _ = child.kill(); // SIGKILL, unless it has finished
        let _ = child.wait();
        // Then a normal build of either content equals its cold build.
        let next = (round / 2) % 2;
        build_ok(&contents[next], &site);
        let differ = differing(&site_files(&site), &colds[next]);
        assert!(differ.is_empty(), "round {round} (seed {seed}): {differ:?}");
    }
}

/// A build with the cache updates the output in place: it renames its new and changed files in
/// behind a marker beside the output (src/write/output/in_place.rs). Stopped halfway, it leaves
/// the marker, some files of the new site and the rest of the old one; the next build of either
/// content must equal its cold build, and its `changes.txt` must list every file that differs
/// from the last complete build's, so that an upload by it is right.
#[test]
fn a_build_stopped_while_it_updated_the_output_is_followed_by_a_whole_one() {
    let tmp = tempfile::tempdir().unwrap();
    let contents = two_contents(tmp.path());
    for next in 0..2 {
        let round = tmp.path().join(format!("round-{next}"));
        let (site, done) = (round.join("site"), round.join("done"));
        build_ok(&contents[0], &site);
        let complete = site_files(&site);
        // Where the update of `site` to the second content was going: the files it moves.
        build_ok(&contents[0], &done);
        build_ok(&contents[1], &done);
        let changes = fs::read_to_string(done.join("changes.txt")).unwrap();
        let moves: Vec<&str> = (changes.lines())
            .filter_map(|l| l.strip_prefix("+ ").or_else(|| l.strip_prefix("~ ")))
            .chain(["changes.json", "changes.txt"])
            .collect();
        assert!(moves.len() > 4, "{changes}");
        let mut marker = String::from("qingdan: updating this output in place\n");
        for rel in &moves {
            marker.push_str(rel);
            marker.push('\n');
        }
        fs::write(round.join(".site.updating"), marker).unwrap();
        for rel in moves.iter().step_by(2) {
            let to = site.join(rel);
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            let _ = fs::remove_file(&to);
            fs::copy(done.join(rel), &to).unwrap();
        }
        let out = qingdan()
            .args(["build", "--content"])
            .arg(&contents[next])
            .arg("--output")
            .arg(&site)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("[update-stopped]"),
            "{}",
            stderr(&out)
        );
        let fresh = round.join("cold");
        cold(&contents[next], &fresh);
        let got = site_files(&site);
        let differ = differing(&got, &site_files(&fresh));
        assert!(differ.is_empty(), "content {next}: {differ:?}");
        assert!(!round.join(".site.updating").exists());
        let listed = fs::read_to_string(site.join("changes.txt")).unwrap();
        let listed: Vec<&str> = listed.lines().map(|l| &l[2..]).collect();
        let unlisted: Vec<&String> = (got.iter())
            .filter(|(p, b)| complete.get(*p) != Some(*b) && !listed.contains(&p.as_str()))
            .map(|(p, _)| p)
            .collect();
        assert!(unlisted.is_empty(), "content {next}: {unlisted:?}");
        // And the build after it updates in place again.
        let inode = fs::metadata(&site).unwrap().ino();
        build_ok(&contents[1 - next], &site);
        assert_eq!(fs::metadata(&site).unwrap().ino(), inode);
    }
}

/// What `serve` builds with: the cache, and the decoded version files kept in memory between
/// builds (`qingdan::Memory`), in this process.
fn build_in_memory(
    content: &Path,
    site: &Path,
    memory: &std::sync::Arc<qingdan::Memory>,
) -> Result<qingdan::Summary, qingdan::Report> {
    let options = qingdan::Options {
        content: content.to_path_buf(),
        output: site.to_path_buf(),
        encoding: qingdan::InputEncoding::Utf8,
        precompress: false,
        clean: false,
        place: None,
        cache: qingdan::CacheMode::Verify,
        memory: Some(memory.clone()),
    };
    qingdan::build(&options)
}

/// The problems of a run, in order, as text.
fn problems(report: &qingdan::Report) -> Vec<String> {
    let list = report.diagnostics.clone().sorted();
    list.iter().map(|d| format!("{d:?}")).collect()
}

#[test]
fn builds_that_keep_the_decoded_versions_in_memory_equal_cold_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let site = tmp.path().join("site");
    let memory = std::sync::Arc::new(qingdan::Memory::default());
    build_in_memory(&content, &site, &memory).expect("the first build");
    let newest = "certificates/2025-09-01.yaml";
    let earlier = "certificates/2024-03-15.yaml";
    let saved = fs::read(content.join(newest)).unwrap();
    let steps: Vec<(&str, Edit)> = vec![
        ("nothing changed", Box::new(|_: &Path| {})),
        (
            "an item's field in the newest version",
            Box::new(move |c: &Path| replace_first(c, newest, "working days", "business days")),
        ),
        (
            "an item of an earlier version (a warning)",
            Box::new(move |c: &Path| replace_first(c, earlier, "working days", "business days")),
        ),
        (
            "a version removed",
            Box::new(move |c: &Path| fs::remove_file(c.join(newest)).unwrap()),
        ),
        (
            "the version back",
            Box::new(move |c: &Path| fs::write(c.join(newest), &saved).unwrap()),
        ),
        (
            "an edit that breaks the newest version",
            Box::new(move |c: &Path| {
                replace_first(
                    c,
                    newest,
                    "    category: ",
                    "    colour: blue\n    category: ",
                )
            }),
        ),
        (
            "the break mended",
            Box::new(move |c: &Path| replace_first(c, newest, "    colour: blue\n", "")),
        ),
        (
            "a plain text in an item",
            Box::new(move |c: &Path| {
                replace_first(
                    c,
                    newest,
                    "    requested_by:\n      zh-CN: 民政部门收养登记机关\n      en: The adoption registry of the civil affairs department\n",
                    "    requested_by: 民政部门收养登记机关\n",
                )
            }),
        ),
        (
            // A plain text is in the default language: every item decodes anew, none from
            // what the memory had decoded before.
            "the default language changed",
            Box::new(|c: &Path| {
                replace_first(
                    c,
                    "site.yaml",
                    "  - { code: zh-CN, name: 中文 }\n  - { code: en, name: English }",
                    "  - { code: en, name: English }\n  - { code: zh-CN, name: 中文 }",
                )
            }),
        ),
    ];
    for (step, change) in steps {
        let before = site_files(&site);
        let before_inodes = inodes(&site);
        change(&content);
        // Checked against the last build's record of the published versions, as a build is.
        let fresh = qingdan::check(&qingdan::Options {
            output: site.clone(),
            ..qingdan::Options::read_only(content.clone(), qingdan::InputEncoding::Utf8)
        });
        match (build_in_memory(&content, &site, &memory), fresh) {
            (Ok(summary), Ok((_, report))) => {
                assert_eq!(problems(&summary.report), problems(&report), "{step}");
                assert_same_as_cold(step, &content, &site, &before, &before_inodes);
            }
            (Err(kept), Err(fresh)) => {
                assert!(kept.diagnostics.error_count() > 0, "{step}");
                assert_eq!(problems(&kept), problems(&fresh), "{step}");
            }
            (kept, fresh) => panic!(
                "{step}: with the memory {}, without it {}",
                kept.is_ok(),
                fresh.is_ok()
            ),
        }
    }
}
