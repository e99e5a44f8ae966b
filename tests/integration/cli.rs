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
        text.contains("2023-02-21.yaml:19:14: items[1].purpose (`residence`) has no `en` text"),
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
    assert!(stderr(&out).contains("built 37 pages"), "{}", stderr(&out));
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
fn new_version_takes_dates_as_staff_type_them_and_names_the_file_padded() {
    let dir = copy_fixture("minimal");
    let run = |date: &str| {
        qingdan()
            .args(["new-version", date, "--content"])
            .arg(dir.path())
            .output()
            .unwrap()
    };
    let certificates = dir.path().join("certificates");
    let files = || {
        let mut names: Vec<String> = std::fs::read_dir(&certificates)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = files();
    for (date, says) in [
        ("2026-02-30", "2026-02 has no day 30"),
        ("2026-13-01", "has no month 13"),
        ("2026-3-x", "is not a date"),
        ("26-3-1", "is not a date"),
        ("2026/3/1", "is not a date"),
        ("", "is not a date"),
    ] {
        let out = run(date);
        assert_eq!(out.status.code(), Some(2), "{date:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{date:?}: {}", stderr(&out));
        assert_eq!(files(), before, "{date:?} wrote a file");
    }
    let made = run("2026-3-1");
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(
        stdout(&made).contains("2026-03-01.yaml"),
        "{}",
        stdout(&made)
    );
    let text = std::fs::read_to_string(certificates.join("2026-03-01.yaml")).unwrap();
    assert!(text.starts_with("date: 2026-03-01\n"), "{text}");
    // Spaces around a date pasted from elsewhere are not part of it.
    let spaced = run(" 2026-04-01 ");
    assert!(spaced.status.success(), "{}", stderr(&spaced));
    let earlier = run(" 2026-3-15");
    assert_eq!(earlier.status.code(), Some(1));
    assert!(
        stderr(&earlier).contains("2026-03-15 is not after the latest version (2026-04-01)"),
        "{}",
        stderr(&earlier)
    );
    let mut want = before.clone();
    want.extend(["2026-03-01.yaml".to_string(), "2026-04-01.yaml".to_string()]);
    assert_eq!(files(), want);
    let check = qingdan()
        .arg("check")
        .arg("--content")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn diff_shows_control_characters_in_content_escaped() {
    let dir = copy_fixture("minimal");
    let file = "certificates/2023-02-21.yaml";
    edit(
        dir.path(),
        file,
        "居（租）住证明",
        // Control characters are refused in content (raw ones when the file is read, escaped
        // ones as values), but the characters that reorder text may stand in a text.
        r#""居住\u202e证明\u2066""#,
    );
    edit(
        dir.path(),
        file,
        "purpose: 办理居住证",
        r#"purpose: "办理\u2067居住证""#,
    );
    let out = qingdan()
        .args(["diff", "--content"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let raw: Vec<char> = (text.chars())
        .filter(|&c| {
            c.is_control() && c != '\n'
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    assert!(raw.is_empty(), "{raw:?} in {text:?}");
    assert!(text.contains("居住\\u{202e}证明\\u{2066}"), "{text}");
    assert!(text.contains("办理\\u{2067}居住证"), "{text}");
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
    for name in ["site", "version", "policy", "places", "list"] {
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

#[test]
fn a_terminal_gets_a_progress_bar_and_a_pipe_does_not() {
    let dir = copy_fixture("minimal");
    // Beside the content, not inside it: a build refuses an output inside its content.
    let site = tempfile::tempdir().unwrap();
    let out_dir = site.path().join("out");
    // `script` (util-linux) runs the build on a pseudo-terminal. The bar normally waits a
    // second before it appears; the hidden knob makes it draw at once.
    let command = format!(
        "{} build --content {} --output {}",
        env!("CARGO_BIN_EXE_qingdan"),
        dir.path().display(),
        out_dir.display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("QINGDAN_PROGRESS_AFTER_MS", "0")
        .env("QINGDAN_LANG", "en")
        .output()
        .expect("`script` (util-linux, Debian package bsdutils) is needed for this test");
    assert!(out.status.success(), "{}", stderr(&out));
    let tty = stdout(&out);
    assert!(
        tty.contains("building"),
        "no progress bar on a terminal: {tty}"
    );
    assert!(tty.contains("\x1b[2K"), "the bar clears its line: {tty:?}");
    assert!(tty.contains("built 37 pages"), "{tty}");

    let out = qingdan()
        .args(["build", "--content"])
        .arg(dir.path())
        .arg("--output")
        .arg(&out_dir)
        .env("QINGDAN_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    assert!(out.status.success());
    let piped = stderr(&out);
    assert!(
        !piped.contains("building") && !piped.contains('\r'),
        "{piped:?}"
    );
    assert!(piped.contains("built 37 pages"), "{piped}");
}

#[test]
fn quiet_prints_only_problems_and_verbose_adds_stage_timings() {
    let dir = copy_fixture("minimal");
    // Beside the content, not inside it: a build refuses an output inside its content.
    let site = tempfile::tempdir().unwrap();
    let out_dir = site.path().join("out");
    let run = |flag: &str| {
        qingdan()
            .args(["build", flag, "--content"])
            .arg(dir.path())
            .arg("--output")
            .arg(&out_dir)
            .output()
            .unwrap()
    };
    let quiet = run("--quiet");
    assert!(quiet.status.success());
    assert!(!stderr(&quiet).contains("built "), "{}", stderr(&quiet));
    assert!(stdout(&quiet).is_empty());

    let verbose = run("--verbose");
    assert!(verbose.status.success());
    let text = stderr(&verbose);
    for stage in ["load", "history", "render", "minify", "write"] {
        assert!(
            text.lines().any(|l| l.trim_start().starts_with(stage)),
            "no `{stage}` timing in {text}"
        );
    }
    assert!(text.contains("built 37 pages"), "{text}");

    let both = run("-qv");
    assert_eq!(
        both.status.code(),
        Some(2),
        "--quiet and --verbose conflict"
    );

    // A failed build under --quiet still says what is wrong.
    edit(
        dir.path(),
        "site.yaml",
        "publisher:",
        "publisher_name: x\npublisher:",
    );
    let failed = run("-q");
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        stderr(&failed).contains("publisher_name"),
        "{}",
        stderr(&failed)
    );

    let check = qingdan()
        .args(["check", "-q", "--content"])
        .arg(copy_fixture("minimal").path())
        .output()
        .unwrap();
    assert!(check.status.success());
    assert!(stdout(&check).is_empty(), "{}", stdout(&check));
}

#[test]
fn the_commands_in_the_staff_guide_usage_and_readme_exist() {
    let mut seen = std::collections::BTreeSet::new();
    for doc in ["docs/staff-guide.md", "docs/usage.md", "README.md"] {
        let text = std::fs::read_to_string(repo().join(doc)).unwrap();
        let mut in_code = false;
        for line in text.lines() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
                continue;
            }
            let Some(rest) = line.trim_start().strip_prefix("qingdan ") else {
                continue;
            };
            let sub = rest.split_whitespace().next().unwrap_or("");
            if !in_code || sub.starts_with('-') || sub.is_empty() {
                continue;
            }
            seen.insert(sub.to_string());
        }
    }
    for sub in [
        "build",
        "check",
        "diff",
        "new-version",
        "serve",
        "verify",
        "schema",
        "import",
    ] {
        assert!(seen.contains(sub), "the docs never show `qingdan {sub}`");
    }
    for sub in &seen {
        let out = qingdan().args([sub.as_str(), "--help"]).output().unwrap();
        assert!(
            out.status.success(),
            "the docs show `qingdan {sub}`, which does not exist"
        );
    }
}
