//! Rebuilding into an output folder (issue 21): a file whose bytes did not change is the
//! previous build's file, with its inode and modification time, so upload tools skip it; the
//! site is still byte-identical to a build into a new folder; `changes.json` and `changes.txt`
//! list what was added, changed and removed; and a build killed at any point leaves the whole
//! previous site or the whole new one.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::support::*;

use crate::sizes::synth;

const LISTS: [&str; 2] = ["changes.json", "changes.txt"];

/// A time no build writes at: every file of a previous build is given it, so a file that
/// still has it afterwards was not written again, however fast the rebuild was.
fn long_ago() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000)
}

fn age(site: &Path) {
    for path in tree(site).keys() {
        let file = fs::File::options()
            .write(true)
            .open(site.join(path))
            .unwrap();
        file.set_modified(long_ago()).unwrap();
    }
}

/// The site without its change lists: what a build into a new folder must equal.
pub(crate) fn site_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = tree(dir);
    files.retain(|path, _| !LISTS.contains(&path.as_str()));
    files
}

fn changes(site: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(site.join("changes.json")).unwrap()).unwrap()
}

fn list(value: &serde_json::Value, key: &str) -> Vec<String> {
    let items = value[key].as_array().unwrap_or_else(|| panic!("{key}"));
    items
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    qingdan::write::manifest::entry(bytes).sha256
}

/// `changes.txt` as it must be for a site that was `before` and is `after`.
fn expected_text(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> String {
    let mut lines = BTreeMap::new();
    for (path, bytes) in after {
        match before.get(path) {
            None => lines.insert(path, '+'),
            Some(old) if old != bytes => lines.insert(path, '~'),
            Some(_) => None,
        };
    }
    for path in before.keys().filter(|p| !after.contains_key(*p)) {
        lines.insert(path, '-');
    }
    lines
        .iter()
        .map(|(p, sign)| format!("{sign} {p}\n"))
        .collect()
}

#[test]
fn a_rebuild_keeps_the_files_whose_bytes_did_not_change_and_lists_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let site = tmp.path().join("site");
    build_ok(&content, &site);
    age(&site);
    let before = site_files(&site);
    let inodes: BTreeMap<String, u64> = before
        .keys()
        .map(|p| (p.clone(), fs::metadata(site.join(p)).unwrap().ino()))
        .collect();

    // One field of one item in the newest version.
    edit(
        &content,
        "certificates/2025-09-01.yaml",
        "银行、不动产登记机构、公证机构等",
        "银行、不动产登记机构等",
    );
    build_ok(&content, &site);
    let cold = tmp.path().join("cold");
    build_ok(&content, &cold);
    let after = site_files(&site);
    assert!(after == site_files(&cold), "byte-identical to a cold build");

    let mut rewritten = Vec::new();
    for (path, bytes) in &after {
        let meta = fs::metadata(site.join(path)).unwrap();
        let kept = meta.modified().unwrap() == long_ago();
        let same_file = inodes.get(path) == Some(&meta.ino());
        assert_eq!(
            kept, same_file,
            "{path}: the time and the inode tell the same"
        );
        match before.get(path) == Some(bytes) {
            true => assert!(kept, "{path} has the same bytes and was written again"),
            false => rewritten.push(path.as_str()),
        }
    }
    // The item's pages in both languages, the pages and open data of the newest version that
    // show the field, and the manifest: a few of the site's files, never all of them.
    assert!(rewritten.contains(&"items/marital-status/index.html"));
    assert!(rewritten.contains(&"manifest.json"));
    // An older version's list says nothing that depends on the newest one (not even how many
    // items changed since: the comparison page says that), so none of its pages is rewritten.
    let older: Vec<&&str> = (rewritten.iter())
        .filter(|p| p.contains("versions/") && !p.contains("2025-09-01"))
        .filter(|p| !p.contains("/changes/"))
        .collect();
    assert!(
        older.is_empty(),
        "older versions' pages rewritten: {older:?}"
    );
    assert!(
        rewritten.len() * 5 < after.len(),
        "{} of {} files: {rewritten:?}",
        rewritten.len(),
        after.len()
    );

    let text = fs::read_to_string(site.join("changes.txt")).unwrap();
    assert_eq!(text, expected_text(&before, &after));
    assert!(text.lines().all(|l| l.starts_with("~ ")), "{text}");
    let listed = changes(&site);
    assert_eq!(list(&listed, "changed"), rewritten);
    assert!(list(&listed, "added").is_empty() && list(&listed, "removed").is_empty());
    assert_eq!(
        listed["previous_manifest_sha256"],
        sha256(&before["manifest.json"])
    );
    assert_eq!(listed["manifest_sha256"], sha256(&after["manifest.json"]));
    let verify = qingdan().arg("verify").arg(&site).output().unwrap();
    assert!(verify.status.success(), "{}", stdout(&verify));
}

#[test]
fn the_same_content_again_writes_nothing_and_a_new_folder_gets_everything_as_added() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_ok(&fixture("minimal"), &site);
    let first = changes(&site);
    let files = site_files(&site);
    assert_eq!(
        list(&first, "added"),
        files.keys().cloned().collect::<Vec<_>>()
    );
    assert!(first["previous_manifest_sha256"].is_null());
    assert_eq!(
        fs::read_to_string(site.join("changes.txt")).unwrap(),
        expected_text(&BTreeMap::new(), &files)
    );
    // The operator's file is named in the manifest (`kept`): only the manifest changes.
    fs::write(site.join(".htaccess"), "mine").unwrap();
    build_ok(&fixture("minimal"), &site);
    assert_eq!(list(&changes(&site), "changed"), ["manifest.json"]);
    let files = site_files(&site);
    age(&site);

    let again = build(&fixture("minimal"), &site);
    assert!(again.status.success(), "{}", stderr(&again));
    for path in files.keys() {
        let modified = fs::metadata(site.join(path)).unwrap().modified().unwrap();
        assert_eq!(modified, long_ago(), "{path} was written again");
    }
    assert_eq!(fs::read_to_string(site.join("changes.txt")).unwrap(), "");
    let second = changes(&site);
    for key in ["added", "changed", "removed"] {
        assert!(list(&second, key).is_empty(), "{key}: {second}");
    }
    let manifest = sha256(&files["manifest.json"]);
    assert_eq!(second["previous_manifest_sha256"], manifest);
    assert_eq!(second["manifest_sha256"], manifest);
    // The lists are qingdan's: not the operator's files, not extra for `verify`.
    assert!(
        !stderr(&again).contains("changes.json"),
        "{}",
        stderr(&again)
    );
    let verify = qingdan().arg("verify").arg(&site).output().unwrap();
    assert!(verify.status.success(), "{}", stdout(&verify));
    assert!(
        stdout(&verify).contains("1 kept file"),
        "{}",
        stdout(&verify)
    );
    let written = fs::read_to_string(site.join("manifest.json")).unwrap();
    assert!(written.contains(r#""changes": ["#), "{written}");
}

#[test]
fn files_the_build_no_longer_writes_are_listed_as_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let precompressed = qingdan()
        .args(["build", "--precompress", "--content"])
        .arg(fixture("minimal"))
        .arg("--output")
        .arg(&site)
        .output()
        .unwrap();
    assert!(precompressed.status.success(), "{}", stderr(&precompressed));
    let before = site_files(&site);
    build_ok(&fixture("minimal"), &site);
    let after = site_files(&site);
    let listed = changes(&site);
    let gone: Vec<String> = before
        .keys()
        .filter(|p| p.ends_with(".gz") || p.ends_with(".br"))
        .cloned()
        .collect();
    assert!(!gone.is_empty());
    assert_eq!(list(&listed, "removed"), gone);
    assert_eq!(list(&listed, "changed"), ["manifest.json"]);
    assert!(list(&listed, "added").is_empty());
    assert_eq!(
        fs::read_to_string(site.join("changes.txt")).unwrap(),
        expected_text(&before, &after)
    );
}

/// Synthetic content big enough that a build takes a while, and the same with one item's
/// field edited in the newest version.
pub(crate) fn two_contents(dir: &Path) -> [std::path::PathBuf; 2] {
    let params = synth::Params {
        items: 200,
        versions: 3,
        seed: 7,
    };
    let first = dir.join("a");
    synth::write_content(&params, &first, None).unwrap();
    let second = dir.join("b");
    copy_dir(&first, &second);
    let newest = fs::read_dir(second.join("certificates"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .max()
        .unwrap();
    let text = fs::read_to_string(&newest).unwrap();
    let at = text.find("working days").expect("a time limit in English");
    fs::write(
        &newest,
        format!("{}business days{}", &text[..at], &text[at + 12..]),
    )
    .unwrap();
    [first, second]
}

#[test]
fn a_build_killed_at_any_point_leaves_the_previous_site_or_the_new_one_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let contents = two_contents(tmp.path());
    let colds: Vec<_> = contents
        .iter()
        .enumerate()
        .map(|(i, content)| {
            let cold = tmp.path().join(format!("cold-{i}"));
            build_ok(content, &cold);
            site_files(&cold)
        })
        .collect();
    assert!(colds[0] != colds[1]);
    let parent = tmp.path().join("out");
    let site = parent.join("site");
    let started = std::time::Instant::now();
    build_ok(&contents[0], &site);
    // Only to spread the kills over a build; no assertion depends on when they land.
    let whole = started.elapsed();
    let mut now = 0;
    for (round, percent) in [5u32, 20, 40, 60, 75, 85, 95, 105].into_iter().enumerate() {
        let next = 1 - now;
        let mut child = qingdan()
            .arg("build")
            .arg("--content")
            .arg(&contents[next])
            .arg("--output")
            .arg(&site)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole * percent / 100);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let found = site_files(&site);
        assert!(
            found == colds[now] || found == colds[next],
            "round {round} ({percent} %): the output is neither site whole"
        );
        // The next build finishes what was killed, from whichever site is there.
        build_ok(&contents[next], &site);
        assert!(
            site_files(&site) == colds[next],
            "round {round}: as a cold build"
        );
        let verify = qingdan().arg("verify").arg(&site).output().unwrap();
        assert!(verify.status.success(), "{}", stdout(&verify));
        let left = names_beside(&parent);
        assert_eq!(left, ["site"], "round {round}: nothing left beside it");
        now = next;
    }
}
