//! The command-line contract other tools rely on: commands, defaults, exit codes.

use crate::support::*;

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["frobnicate"][..],
        &["build", "--no-such-flag"],
        &["check", "--content"],
    ] {
        let out = qingdan().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn check_writes_nothing_and_prints_coverage() {
    let dir = copy_fixture("minimal");
    let before = tree(dir.path());
    let out = qingdan()
        .arg("check")
        .arg("--content")
        .arg(dir.path())
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("translation zh-CN: 23 of 23 texts (100%)"),
        "{text}"
    );
    assert!(
        text.contains("translation en: 14 of 23 texts (61%)"),
        "{text}"
    );
    assert_eq!(tree(dir.path()), before, "check writes nothing");
    let out = qingdan()
        .args(["check", "--translations", "--content"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("2023-02-21.yaml:19:14: items.residence has no `en` text"),
        "{text}"
    );
}

#[test]
fn defaults_are_content_and_output_in_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("minimal"), &dir.path().join("content"));
    let out = qingdan()
        .arg("build")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join("output/index.html").is_file());
    assert!(stderr(&out).contains("built 25 pages"), "{}", stderr(&out));
}

#[test]
fn works_from_any_directory_with_the_embedded_theme() {
    let dir = tempfile::tempdir().unwrap();
    let out = qingdan()
        .arg("build")
        .arg("--content")
        .arg(fixture("minimal"))
        .arg("--output")
        .arg(dir.path().join("site"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let css: Vec<String> = tree(&dir.path().join("site"))
        .into_keys()
        .filter(|k| k.ends_with(".css"))
        .collect();
    assert_eq!(css.len(), 1);
    assert!(
        std::fs::metadata(dir.path().join("site").join(&css[0]))
            .unwrap()
            .len()
            > 1000,
        "the embedded stylesheet is written"
    );
}

#[test]
fn a_missing_content_folder_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let out = qingdan()
        .args(["build", "--content", "nope"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the content folder does not exist"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn new_version_copies_the_latest_and_never_overwrites() {
    let dir = copy_fixture("minimal");
    let run = |date: &str| {
        qingdan()
            .args(["new-version", date, "--content"])
            .arg(dir.path())
            .output()
            .unwrap()
    };
    let made = run("2024-05-01");
    assert!(made.status.success(), "{}", stderr(&made));
    let text = std::fs::read_to_string(dir.path().join("certificates/2024-05-01.yaml")).unwrap();
    assert!(
        text.starts_with("date: 2024-05-01\n# EDIT: the title"),
        "{text}"
    );
    assert!(
        text.contains("notes: {}") && text.contains("  - id: residence"),
        "{text}"
    );
    let check = qingdan()
        .arg("check")
        .arg("--content")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "the new version checks: {}",
        stderr(&check)
    );
    let again = run("2024-06-01");
    assert!(again.status.success());
    std::fs::remove_file(dir.path().join("certificates/2024-06-01.yaml")).unwrap();
    let older = run("2024-04-01");
    assert_eq!(older.status.code(), Some(1));
    assert!(
        stderr(&older).contains("not after the latest version (2024-05-01)"),
        "{}",
        stderr(&older)
    );
    // The same date as the latest is refused too, so an existing file is never overwritten.
    let same = run("2024-05-01");
    assert_eq!(same.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("certificates/2024-05-01.yaml")).unwrap(),
        text
    );
    let bad = run("2024-13-01");
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn schema_prints_and_writes_the_editor_schemas() {
    let out = qingdan().args(["schema", "version"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        printed["$schema"],
        "http://json-schema.org/draft-07/schema#"
    );
    assert_eq!(
        stdout(&out),
        std::fs::read_to_string(repo().join("schema/version.schema.json")).unwrap()
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.json"), "{}").unwrap();
    let out = qingdan()
        .args(["schema", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for name in ["site", "version", "policy"] {
        let file = format!("schema/{name}.schema.json");
        assert_eq!(
            std::fs::read(dir.path().join(format!("{name}.schema.json"))).unwrap(),
            std::fs::read(repo().join(&file)).unwrap(),
            "{file}"
        );
    }
    assert!(dir.path().join("keep.json").exists(), "other files stay");

    let out = qingdan().arg("schema").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a kind or --out is needed");
}
