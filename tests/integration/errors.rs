//! Bad input: each error class is refused with file, line and column and a fix, the command
//! exits 1, and a previous output survives untouched.
use crate::support::*;

/// Apply `edits` to a copy of the minimal fixture and expect an error in `file` at `line`
/// (and `column` when given) whose message contains `message` and help contains `help`.
struct Case {
    name: &'static str,
    edits: &'static [(&'static str, &'static str, &'static str)],
    file: &'static str,
    line: u64,
    column: Option<u64>,
    message: &'static str,
    help: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "yaml syntax",
        edits: &[(
            "certificates/2023-02-21.yaml",
            "title: { zh-CN: 第一次调整, en: First adjustment }",
            "title: { zh-CN: 第一次调整, en: First adjustment",
        )],
        file: "certificates/2023-02-21.yaml",
        line: 3,
        column: None,
        message: "YAML syntax error",
        help: "closed by `}`",
    },
    Case {
        name: "unknown key",
        edits: &[(
            "certificates/2023-02-21.yaml",
            "    purpose: 办理居住证",
            "    purpse: 办理居住证",
        )],
        file: "certificates/2023-02-21.yaml",
        line: 19,
        column: Some(5),
        message: "unknown key `purpse`",
        help: "did you mean `purpose`?",
    },
    Case {
        name: "missing required field",
        edits: &[(
            "certificates/2023-02-21.yaml",
            "    category: housing\n",
            "",
        )],
        file: "certificates/2023-02-21.yaml",
        line: 14,
        column: Some(5),
        message: "missing the required field `category`",
        help: "category ids",
    },
    Case {
        name: "id with a path",
        edits: &[(
            "certificates/2023-02-21.yaml",
            "  - id: residence",
            "  - id: ../residence",
        )],
        file: "certificates/2023-02-21.yaml",
        line: 14,
        column: Some(9),
        message: "cannot be a permanent address",
        help: "lowercase letters",
    },
    Case {
        name: "id with a slash",
        edits: &[(
            "certificates/2023-02-21.yaml",
            "  - id: residence",
            "  - id: a/b",
        )],
        file: "certificates/2023-02-21.yaml",
        line: 14,
        column: Some(9),
        message: "cannot be a permanent address",
        help: "no `/`",
    },
    Case {
        name: "duplicate id",
        edits: &[(
            "certificates/2023-02-21.yaml",
            "  - id: residence",
            "  - id: kinship",
        )],
        file: "certificates/2023-02-21.yaml",
        line: 14,
        column: Some(9),
        message: "used twice",
        help: "its own id",
    },
    Case {
        name: "unknown category",
        edits: &[(
            "certificates/2023-02-21.yaml",
            "category: housing",
            "category: housng",
        )],
        file: "certificates/2023-02-21.yaml",
        line: 17,
        column: Some(15),
        message: "unknown category `housng`",
        help: "did you mean `housing`?",
    },
    Case {
        name: "cancelled without alternative",
        edits: &[(
            "certificates/2023-02-21.yaml",
            "    alternative: { zh-CN: 出示**户口簿**。, en: Show your **household register**. }\n",
            "",
        )],
        file: "certificates/2023-02-21.yaml",
        line: 11,
        column: Some(13),
        message: "has no `alternative` (替代方式)",
        help: "where to go instead",
    },
    Case {
        name: "date differs from the file name",
        edits: &[(
            "certificates/2023-02-21.yaml",
            "date: 2023-02-21",
            "date: 2023-02-22",
        )],
        file: "certificates/2023-02-21.yaml",
        line: 1,
        column: Some(7),
        message: "differs from the file name",
        help: "date: 2023-02-21",
    },
    Case {
        name: "renamed_from an id still listed",
        edits: &[(
            "certificates/2023-02-21.yaml",
            "renamed_from: tenancy",
            "renamed_from: kinship",
        )],
        file: "certificates/2023-02-21.yaml",
        line: 15,
        column: Some(19),
        message: "still listed in this version",
        help: "remove the item `kinship`",
    },
    Case {
        name: "renamed_from an id never published",
        edits: &[(
            "certificates/2023-02-21.yaml",
            "renamed_from: tenancy",
            "renamed_from: tenancyy",
        )],
        file: "certificates/2023-02-21.yaml",
        line: 15,
        column: Some(19),
        message: "never published",
        help: "did you mean `tenancy`?",
    },
    Case {
        name: "note for an id the version does not list or remove",
        edits: &[(
            "certificates/2023-02-21.yaml",
            "  kinship: { zh-CN: 按民发",
            "  kinshp: { zh-CN: 按民发",
        )],
        file: "certificates/2023-02-21.yaml",
        line: 6,
        column: Some(3),
        message: "the note for `kinshp` names no item of this version",
        help: "did you mean `kinship`?",
    },
    Case {
        name: "unconfigured language code",
        edits: &[(
            "certificates/2023-02-21.yaml",
            "title: { zh-CN: 第一次调整, en: First adjustment }",
            "title: { zh-CN: 第一次调整, eng: First adjustment }",
        )],
        file: "certificates/2023-02-21.yaml",
        line: 2,
        column: Some(24),
        message: "language code `eng` is not configured",
        help: "did you mean `en`?",
    },
    Case {
        name: "status that does not exist",
        edits: &[(
            "certificates/2023-02-21.yaml",
            "status: cancelled",
            "status: canceled",
        )],
        file: "certificates/2023-02-21.yaml",
        line: 11,
        column: Some(13),
        message: "`status: canceled` is not a status",
        help: "did you mean `cancelled`?",
    },
    Case {
        name: "tab indentation",
        edits: &[(
            "site.yaml",
            "  phone: 0554-1234567",
            "\tphone: 0554-1234567",
        )],
        file: "site.yaml",
        line: 9,
        column: Some(1),
        message: "a tab is used for indentation",
        help: "spaces",
    },
    Case {
        name: "unknown key in site.yaml",
        edits: &[("site.yaml", "publisher:", "publsher:")],
        file: "site.yaml",
        line: 6,
        column: Some(1),
        message: "unknown key `publsher`",
        help: "did you mean `publisher`?",
    },
];

fn diagnostics_for(case: &Case) -> (std::process::Output, Vec<Reported>, tempfile::TempDir) {
    let dir = copy_fixture("minimal");
    for (file, find, replace) in case.edits {
        edit(dir.path(), file, find, replace);
    }
    let (out, list) = check_json(dir.path());
    (out, list, dir)
}

#[test]
fn each_error_class_is_reported_with_file_line_and_fix() {
    let mut failures = Vec::new();
    for case in CASES {
        let (out, list, dir) = diagnostics_for(case);
        let want_file = dir.path().join(case.file).display().to_string();
        let found = list.iter().any(|d| {
            d.severity == "error"
                && d.file == want_file
                && d.line == Some(case.line)
                && case.column.is_none_or(|c| d.column == Some(c))
                && d.message.contains(case.message)
                && d.help.contains(case.help)
        });
        if out.status.code() != Some(1) || !found {
            failures.push(format!(
                "{}: exit {:?}, got {:#?}",
                case.name,
                out.status.code(),
                list
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn human_output_shows_the_source_line_and_a_marker() {
    let case = &CASES[1];
    let dir = copy_fixture("minimal");
    for (file, find, replace) in case.edits {
        edit(dir.path(), file, find, replace);
    }
    let out = qingdan()
        .arg("check")
        .arg("--content")
        .arg(dir.path())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("2023-02-21.yaml:19:5"), "{err}");
    assert!(
        err.contains("purpse: 办理居住证"),
        "the offending line is shown: {err}"
    );
    assert!(err.contains("^^^^^^"), "a marker under it: {err}");
    assert!(err.contains("help: did you mean `purpose`?"), "{err}");
}

/// Characters a terminal acts on instead of showing: controls but line feed and tab, and
/// the bidi overrides and isolates.
fn raw_controls(text: &str) -> Vec<char> {
    let acts = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    text.chars().filter(|&c| acts(c)).collect()
}

#[test]
fn control_characters_in_content_reach_the_terminal_escaped() {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "category: housing",
        // YAML's own escapes: the raw characters are refused when the file is read, but a
        // double-quoted string may still spell them.
        r#"category: "\e[31mhous\aing\u202e\x9b""#,
    );
    let out = qingdan()
        .arg("check")
        .arg("--content")
        .arg(dir.path())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        raw_controls(&err).is_empty(),
        "raw control characters: {err:?}"
    );
    assert!(
        err.contains("\\u{1b}[31mhous\\u{7}ing\\u{202e}\\u{9b}"),
        "{err}"
    );
    // The column is the one in the file, counting each escaped character once.
    assert!(err.contains("2023-02-21.yaml:17:15"), "{err}");

    let (out, list) = check_json(dir.path());
    assert!(raw_controls(&stdout(&out)).is_empty(), "{:?}", stdout(&out));
    // Printing such a character on a page is refused too, at the same place.
    assert!(
        list.iter()
            .any(|d| d.line == Some(17) && d.message.contains("U+001B")),
        "{list:?}"
    );
    let d = (list.iter())
        .find(|d| d.line == Some(17) && d.message.contains("unknown category"))
        .expect("reported");
    assert!(
        d.message.contains("\u{1b}[31mhous\u{7}ing"),
        "JSON keeps the text: {d:?}"
    );
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "category: housing",
        "category: housng",
    );
    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "    purpose: 办理居住证",
        "    purpse: 办理居住证",
    );
    edit(
        dir.path(),
        "certificates/2022-06-30.yaml",
        "  - id: old-item",
        "  - id: Old_Item",
    );
    edit(dir.path(), "site.yaml", "publisher:", "publsher:");
    let (out, list) = check_json(dir.path());
    assert_eq!(out.status.code(), Some(1));
    // site.yaml cannot be used without its publisher, so the version files are not checked
    // against it; fix that one first and the rest appear together.
    assert!(list.iter().any(|d| d.message.contains("publsher")));
    edit(dir.path(), "site.yaml", "publsher:", "publisher:");
    let (_, list) = check_json(dir.path());
    for want in ["housng", "purpse", "Old_Item"] {
        assert!(
            list.iter().any(|d| d.message.contains(want)),
            "{want} missing from {list:#?}"
        );
    }
}

#[test]
fn an_item_with_a_bad_status_or_no_name_still_has_its_other_problems_reported() {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "    category: family\n    status: cancelled",
        "    category: famly\n    status: maybe",
    );
    let (out, list) = check_json(dir.path());
    assert_eq!(out.status.code(), Some(1));
    for want in ["`status: maybe` is not a status", "famly"] {
        assert!(
            list.iter().any(|d| d.message.contains(want)),
            "{want} missing from {list:#?}"
        );
    }
    // The stand-in status adds no problem of its own: the item was cancelled (with an
    // alternative) and nothing complains about it as issued.
    assert_eq!(list.len(), 2, "{list:#?}");

    // A missing name and a missing status likewise.
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "    name: { zh-CN: 居（租）住证明, en: Proof of residence }\n    category: housing\n    status: issued\n",
        "    category: housng\n",
    );
    let (_, list) = check_json(dir.path());
    for want in ["`name`", "`status`", "housng"] {
        assert!(
            list.iter().any(|d| d.message.contains(want)),
            "{want} missing from {list:#?}"
        );
    }
    assert_eq!(list.len(), 3, "{list:#?}");
}

#[test]
fn a_file_saved_as_gbk_is_named_as_such() {
    let dir = copy_fixture("minimal");
    let utf8 = std::fs::read_to_string(dir.path().join("site.yaml")).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&utf8);
    std::fs::write(dir.path().join("site.yaml"), &gbk).unwrap();
    let (out, list) = check_json(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let d = list
        .iter()
        .find(|d| d.file.ends_with("site.yaml"))
        .expect("reported");
    assert!(
        d.message.contains("not UTF-8") && d.message.contains("GBK/GB18030"),
        "{d:?}"
    );
    assert!(
        d.help.contains("Notepad") && d.help.contains("--input-encoding gb18030"),
        "{d:?}"
    );
    assert!(d.line.is_some());
    // ... and accepted when asked to.
    let out = qingdan()
        .args(["check", "--input-encoding", "gb18030", "--content"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn bom_and_crlf_are_accepted() {
    let dir = copy_fixture("minimal");
    for rel in [
        "site.yaml",
        "certificates/2023-02-21.yaml",
        "policy/interpretation.md",
    ] {
        let path = dir.path().join(rel);
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace('\n', "\r\n");
        std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
    }
    let out = qingdan()
        .arg("check")
        .arg("--content")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_failed_build_leaves_the_previous_output_intact() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(&fixture("minimal"), &site);
    let before = tree(&site);
    for case in CASES {
        let dir = copy_fixture("minimal");
        for (file, find, replace) in case.edits {
            edit(dir.path(), file, find, replace);
        }
        let result = build(dir.path(), &site);
        assert_eq!(result.status.code(), Some(1), "{}", case.name);
        assert!(
            stderr(&result).contains("previous site is unchanged"),
            "{}",
            case.name
        );
        assert!(
            tree(&site) == before,
            "{}: the previous output changed",
            case.name
        );
    }
    let leftovers = names_beside(out.path());
    assert_eq!(
        leftovers.len(),
        1,
        "no staging folder left behind: {leftovers:?}"
    );
}

#[test]
fn unsafe_urls_in_content_are_refused() {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        "policy/interpretation.md",
        "url: https://www.gov.cn/doc.html",
        "url: \"javascript:alert(1)\"",
    );
    let (out, list) = check_json(dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        list.iter()
            .any(|d| d.message.contains("javascript:alert(1)") && d.line == Some(7)),
        "{list:#?}"
    );
}

#[test]
fn warnings_do_not_stop_a_build() {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "测民〔2023〕3号",
        "测民(2023)3号",
    );
    let (out, list) = check_json(dir.path());
    assert!(out.status.success());
    assert!(
        list.iter()
            .any(|d| d.severity == "warning" && d.help.contains("〔〕")),
        "{list:#?}"
    );
}
