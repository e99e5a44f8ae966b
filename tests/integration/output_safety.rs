//! The output folder as operators meet it: a mistyped `--output` never deletes the content, a
//! folder qingdan did not build is never replaced, the operator's own files in the output
//! survive every build, killed builds leave nothing behind, and two builds never mix.

use std::fs;
use std::path::Path;

use crate::support::*;

/// A process id no system gives out (Linux's `pid_max` is at most 2^22).
const DEAD: u32 = 999_999_999;

/// What is in `dir` but the build cache beside the output (its own tests are in
/// incremental.rs).
fn names(dir: &Path) -> Vec<String> {
    names_beside(dir)
}

fn build_with(content: &Path, output: &Path, flags: &[&str]) -> std::process::Output {
    qingdan()
        .arg("build")
        .args(flags)
        .arg("--content")
        .arg(content)
        .arg("--output")
        .arg(output)
        .output()
        .unwrap()
}

#[test]
fn an_output_that_is_contains_or_lies_inside_the_content_is_refused_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&fixture("minimal"), &content);
    let before = tree(&content);
    for (output, says) in [
        (content.clone(), "the output folder is the content folder"),
        (
            tmp.path().to_path_buf(),
            "the output folder contains the content folder",
        ),
        (
            content.join("output"),
            "the output folder is inside the content folder",
        ),
        (
            content.join("new/deeper"),
            "the output folder is inside the content folder",
        ),
        (
            tmp.path().join("x/../content"),
            "the output folder is the content folder",
        ),
    ] {
        let result = build(&content, &output);
        assert_eq!(result.status.code(), Some(1), "{}", output.display());
        assert!(stderr(&result).contains(says), "{}", stderr(&result));
        assert!(
            tree(&content) == before,
            "{}: the content changed",
            output.display()
        );
        assert_eq!(names(tmp.path()), ["content"], "nothing created beside it");
    }
}

#[test]
fn a_folder_qingdan_did_not_build_is_refused_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("Documents");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("thesis.docx"), "years of work").unwrap();
    let result = build(&fixture("minimal"), &out);
    assert_eq!(result.status.code(), Some(1));
    let text = stderr(&result);
    assert!(text.contains("is not a site qingdan built"), "{text}");
    assert!(
        text.contains("choose an empty or new `--output` folder"),
        "{text}"
    );
    assert_eq!(names(&out), ["thesis.docx"]);
    assert_eq!(names(tmp.path()), ["Documents"]);
    // `--clean` is no way round it.
    let result = build_with(&fixture("minimal"), &out, &["--clean"]);
    assert_eq!(result.status.code(), Some(1));
    assert_eq!(names(&out), ["thesis.docx"]);
}

#[test]
fn the_operators_files_survive_builds_with_a_warning_and_clean_removes_them() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_ok(&fixture("minimal"), &site);
    fs::create_dir_all(site.join(".git/refs")).unwrap();
    fs::write(site.join(".git/refs/main"), "0123abcd\n").unwrap();
    fs::write(site.join(".htaccess"), "ErrorDocument 404 /404.html\n").unwrap();
    fs::write(
        site.join("google0123456789abcdef.html"),
        "google-site-verification",
    )
    .unwrap();
    let mtime = |p: &str| fs::metadata(site.join(p)).unwrap().modified().unwrap();
    let before = (mtime(".htaccess"), mtime(".git/refs/main"));
    for _ in 0..2 {
        let result = build(&fixture("minimal"), &site);
        assert!(result.status.success(), "{}", stderr(&result));
        let text = stderr(&result);
        assert!(text.contains("warning"), "{text}");
        assert!(
            text.contains(".git/, .htaccess, google0123456789abcdef.html"),
            "{text}"
        );
        assert!(text.contains("--clean"), "{text}");
        assert_eq!(
            fs::read_to_string(site.join(".htaccess")).unwrap(),
            "ErrorDocument 404 /404.html\n"
        );
        assert_eq!(
            fs::read_to_string(site.join(".git/refs/main")).unwrap(),
            "0123abcd\n"
        );
        assert_eq!((mtime(".htaccess"), mtime(".git/refs/main")), before);
        assert!(site.join("index.html").is_file());
        let verify = qingdan().arg("verify").arg(&site).output().unwrap();
        assert!(verify.status.success(), "{}", stdout(&verify));
        assert!(
            stdout(&verify).contains("3 kept files"),
            "{}",
            stdout(&verify)
        );
    }
    let manifest = fs::read_to_string(site.join("manifest.json")).unwrap();
    assert!(
        !manifest.contains("\".htaccess\":"),
        "kept files are not in `files`"
    );

    let result = build_with(&fixture("minimal"), &site, &["--clean"]);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(!stderr(&result).contains("warning"), "{}", stderr(&result));
    assert!(!site.join(".git").exists() && !site.join(".htaccess").exists());
    assert!(!site.join("google0123456789abcdef.html").exists());
    let verify = qingdan().arg("verify").arg(&site).output().unwrap();
    assert!(verify.status.success(), "{}", stdout(&verify));
    assert_eq!(names(tmp.path()), ["site"]);
}

#[test]
fn an_operators_file_at_a_path_the_site_writes_stops_the_build() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_ok(&fixture("minimal"), &site);
    // As if an earlier build had not written robots.txt and the operator had put one there.
    let path = site.join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    manifest["files"]
        .as_object_mut()
        .unwrap()
        .remove("robots.txt");
    fs::write(&path, serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
    fs::write(
        site.join("robots.txt"),
        "User-agent: *\nDisallow: /private/\n",
    )
    .unwrap();
    let before = tree(&site);
    let result = build(&fixture("minimal"), &site);
    assert_eq!(result.status.code(), Some(1));
    let text = stderr(&result);
    assert!(text.contains("robots.txt"), "{text}");
    assert!(
        text.contains("never overwrites a file it did not write"),
        "{text}"
    );
    assert!(text.contains("move or delete it"), "{text}");
    assert!(tree(&site) == before, "the previous output changed");
    assert_eq!(names(tmp.path()), ["site"]);
}

#[test]
fn what_killed_builds_left_is_removed_and_a_site_moved_aside_comes_back() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_ok(&fixture("minimal"), &site);
    fs::write(site.join(".htaccess"), "mine").unwrap();
    for left in [format!(".site.new-{DEAD}"), ".site.old-999999998".into()] {
        fs::create_dir_all(tmp.path().join(&left).join("items")).unwrap();
        fs::write(tmp.path().join(&left).join("items/index.html"), "half").unwrap();
    }
    // A build still running (this test's process), and another output's folder: kept.
    let running = format!(".site.new-{}", std::process::id());
    fs::create_dir(tmp.path().join(&running)).unwrap();
    fs::create_dir(tmp.path().join(format!(".other.new-{DEAD}"))).unwrap();
    build_ok(&fixture("minimal"), &site);
    let kept = [format!(".other.new-{DEAD}"), running.clone(), "site".into()];
    assert_eq!(names(tmp.path()), kept);

    // A build killed between the two renames of the fallback swap: no output, the previous
    // site in `.site.old-PID`. The next build puts it back first, so nothing of it is lost.
    fs::rename(&site, tmp.path().join(format!(".site.old-{DEAD}"))).unwrap();
    let result = build(&fixture("minimal"), &site);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(
        stderr(&result).contains("the previous site is back"),
        "{}",
        stderr(&result)
    );
    assert_eq!(fs::read_to_string(site.join(".htaccess")).unwrap(), "mine");
    assert_eq!(names(tmp.path()), kept);
}

#[test]
fn a_second_build_into_a_locked_output_fails_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_ok(&fixture("minimal"), &site);
    let before = tree(&site);
    let lock = fs::File::create(tmp.path().join(".site.lock")).unwrap();
    lock.try_lock().unwrap();
    let result = build(&fixture("minimal"), &site);
    assert_eq!(result.status.code(), Some(1));
    let text = stderr(&result);
    assert!(text.contains("another build is writing"), "{text}");
    assert!(text.contains("wait for it to finish or stop it"), "{text}");
    assert!(tree(&site) == before);
    assert!(
        tmp.path().join(".site.lock").is_file(),
        "a held lock is never removed"
    );
    drop(lock);
    build_ok(&fixture("minimal"), &site);
}
