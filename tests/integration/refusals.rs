//! Hostile and broken content (issue 15): YAML that would expand or nest without bound,
//! constructs content never uses, empty and oversized texts, addresses that leave the site,
//! and errors that used to be repeated by later checks. Each is refused once, with file, line
//! and column, and the command exits 1 (never aborts).

use std::path::Path;

use crate::support::*;

/// Check a copy of the minimal fixture after `change`; every diagnostic must carry a line and
/// a column.
fn check_changed(change: impl FnOnce(&Path)) -> (Option<i32>, Vec<Reported>) {
    let dir = copy_fixture("minimal");
    change(dir.path());
    let (out, list) = check_json(dir.path());
    let root = format!("{}/", dir.path().display());
    let list: Vec<Reported> = list
        .into_iter()
        .map(|d| Reported {
            file: d.file.trim_start_matches(&root).to_string(),
            ..d
        })
        .collect();
    for d in &list {
        assert!(
            d.line.is_some() && d.column.is_some(),
            "no position: {d:#?}\n{}",
            stderr(&out)
        );
    }
    (out.status.code(), list)
}

fn write(dir: &Path, rel: &str, text: &str) {
    std::fs::write(dir.join(rel), text).unwrap();
}

fn edits<'e>(edits: &'e [(&'e str, &'e str, &'e str)]) -> impl FnOnce(&Path) + 'e {
    move |dir| {
        for (file, find, replace) in edits {
            edit(dir, file, find, replace);
        }
    }
}

/// An expected error: file, line, column and part of the message.
type Want = (&'static str, u64, u64, &'static str);

/// Exactly these errors, in order.
fn expect(got: (Option<i32>, Vec<Reported>), want: &[Want]) {
    let (code, list) = got;
    let found: Vec<(String, u64, u64, String)> = list
        .iter()
        .map(|d| {
            (
                d.file.clone(),
                d.line.unwrap(),
                d.column.unwrap(),
                d.message.clone(),
            )
        })
        .collect();
    let matches = found.len() == want.len()
        && found
            .iter()
            .zip(want)
            .all(|(f, w)| f.0 == w.0 && f.1 == w.1 && f.2 == w.2 && f.3.contains(w.3));
    assert!(matches, "want {want:#?}\ngot {found:#?}");
    assert!(list.iter().all(|d| !d.help.is_empty()), "{list:#?}");
    assert_eq!(code, Some(1));
}

const V1: &str = "certificates/2022-06-30.yaml";
const V2: &str = "certificates/2023-02-21.yaml";

/// A 600-byte "billion laughs" (9^9 copies of a word) used to take gigabytes and abort.
#[test]
fn an_alias_bomb_is_refused_at_its_first_anchor() {
    let mut bomb =
        String::from("date: 2022-06-30\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..=9 {
        let list = vec![format!("*l{}", level - 1); 9].join(", ");
        bomb.push_str(&format!("l{level}: &l{level} [{list}]\n"));
    }
    expect(
        check_changed(|dir| write(dir, V1, &bomb)),
        &[(V1, 2, 5, "an anchor (`&l0`) is not allowed")],
    );
    // An anchor and alias that would be harmless are refused all the same, at the `&`.
    expect(
        check_changed(edits(&[(
            V1,
            "    keywords: [旧]",
            "    keywords: &k [旧]\n    fee: *k",
        )])),
        &[(V1, 19, 15, "an anchor (`&k`)")],
    );
}

/// 100,000 levels of each compact form used to overflow the stack (exit 134, no file named).
#[test]
fn deep_nesting_is_refused_where_it_passes_the_limit() {
    const N: usize = 100_000;
    for (text, line, col) in [
        (
            format!("date: 2022-06-30\nitems:\n  - {}x\n", "- ".repeat(N)),
            3,
            Some(129),
        ),
        (
            format!(
                "date: 2022-06-30\nitems: {}{}\n",
                "[".repeat(N),
                "]".repeat(N)
            ),
            2,
            Some(263),
        ),
        (
            format!(
                "date: 2022-06-30\nitems: {}x{}\n",
                "{a: ".repeat(N),
                "}".repeat(N)
            ),
            2,
            None,
        ),
    ] {
        let (code, list) = check_changed(|dir| write(dir, V1, &text));
        assert_eq!((code, list.len()), (Some(1), 1), "{list:#?}");
        let d = &list[0];
        assert_eq!((d.file.as_str(), d.line), (V1, Some(line)), "{d:#?}");
        assert!(col.is_none_or(|c| d.column == Some(c)), "{d:#?}");
        assert!(d.message.contains("nest more than 64 levels"), "{d:#?}");
    }
}

#[test]
fn tags_are_refused() {
    expect(
        check_changed(edits(&[
            (
                V2,
                "    purpose: 办理居住证",
                "    purpose: !!binary aGVsbG8=",
            ),
            (V1, "    keywords: [旧]", "    keywords: [!foo 旧]"),
            (
                "policy/interpretation.md",
                "department: 测试区民政局",
                "department: !!str 测试区民政局",
            ),
        ])),
        &[
            (V1, 19, 16, "a tag (`!foo`) is not allowed"),
            (V2, 19, 14, "a tag (`!!binary`) is not allowed"),
            (
                "policy/interpretation.md",
                4,
                13,
                "a tag (`!!str`) is not allowed",
            ),
        ],
    );
}

#[test]
fn a_language_given_twice_in_one_text_is_refused_at_the_second() {
    expect(
        check_changed(edits(&[
            (
                V2,
                "name: { zh-CN: 亲属关系证明, en: Proof of kinship }",
                "name: { zh-CN: 甲, en: a, zh-CN: 乙 }",
            ),
            (
                "site.yaml",
                "publisher: { zh-CN: 测试区民政局, en: Test District Civil Affairs Bureau }",
                "publisher:\n  zh-CN: 甲\n  en: b\n  zh-CN: 乙",
            ),
            (V2, "notes:\n", "notes:\n  kinship: 先前的说明\n"),
        ])),
        &[
            (V2, 7, 3, "the note for `kinship` is given twice"),
            (V2, 10, 30, "the language `zh-CN` is given twice in `name`"),
            (
                "site.yaml",
                9,
                3,
                "the language `zh-CN` is given twice in `publisher`",
            ),
        ],
    );
}

#[test]
fn empty_texts_are_refused() {
    expect(
        check_changed(edits(&[
            (
                "site.yaml",
                "title: { zh-CN: 测试区证明事项, en: Test district certificates }",
                "title: \"\"",
            ),
            (
                "site.yaml",
                "  - { code: en, name: English }",
                "  - { code: en, name: \" \" }",
            ),
            (
                "site.yaml",
                "{ id: housing, name: { zh-CN: 居住, en: Housing } }",
                "{ id: housing, name: { zh-CN: 居住, en: '' } }",
            ),
            (
                V2,
                "name: { zh-CN: 居（租）住证明, en: Proof of residence }",
                "name: ''",
            ),
            (V2, "    purpose: 办理居住证", "    purpose: \"  \""),
            (
                "policy/interpretation.md",
                "title: 政策解读测试",
                "title: \" \"",
            ),
        ])),
        &[
            (V2, 16, 11, "`name` is empty"),
            (V2, 19, 14, "`purpose` is empty"),
            ("policy/interpretation.md", 2, 8, "`title` is empty"),
            ("site.yaml", 1, 8, "`title` is empty"),
            ("site.yaml", 5, 23, "`name` is empty"),
            ("site.yaml", 16, 43, "the `en` text of `name` is empty"),
        ],
    );
}

/// Each refused address says why; https:// addresses and, for the form, a path are accepted.
#[test]
fn addresses_must_be_https_or_a_path_on_the_site() {
    expect(
        check_changed(edits(&[
            ("site.yaml", "base_url: https://example.gov.cn/test/", "base_url: http://example.gov.cn/test/"),
            ("site.yaml", "categories:", "feedback:\n  action: //evil.example/steal\ncategories:"),
            (
                "site.yaml",
                "  police_record: 皖公网安备 34040302000001号",
                "  police_record: 皖公网安备 34040302000001号\n  error_report_url: \"javascript:alert(1)\"",
            ),
            ("policy/interpretation.md", "url: https://www.gov.cn/doc.html", "url: \"data:text/html,x\""),
        ])),
        &[
            ("policy/interpretation.md", 7, 25, "`data:` addresses are not allowed"),
            ("site.yaml", 2, 11, "plain http:// is not encrypted"),
            ("site.yaml", 14, 21, "`javascript:` addresses are not allowed"),
            ("site.yaml", 16, 11, "`feedback.action: //evil.example/steal` is not an allowed address"),
        ],
    );
    for action in [
        "/\\evil.example/steal",
        "http://portal.example.gov.cn/f",
        "feedback",
    ] {
        let (code, list) = check_changed(edits(&[(
            "site.yaml",
            "categories:",
            &format!("feedback:\n  action: '{action}'\ncategories:"),
        )]));
        assert_eq!(code, Some(1), "{action}: {list:#?}");
        assert!(list[0].message.contains("feedback.action"), "{list:#?}");
    }
    let (code, list) = check_changed(edits(&[(
        "site.yaml",
        "categories:",
        "feedback:\n  action: /feedback\ncategories:",
    )]));
    assert_eq!((code, list.len()), (Some(0), 0), "{list:#?}");
}

#[test]
fn a_text_field_holds_at_most_100_kib() {
    let limit = 100 * 1024;
    let (code, list) = check_changed(|dir| {
        let mut text = std::fs::read_to_string(dir.join(V1)).unwrap();
        text.push_str(&format!("    fee: {}\n", "费".repeat(limit / 3)));
        write(dir, V1, &text);
    });
    assert_eq!((code, list.len()), (Some(0), 0), "{list:#?}");
    expect(
        check_changed(|dir| {
            let mut text = std::fs::read_to_string(dir.join(V1)).unwrap();
            text.push_str(&format!("    fee: {}\n", "x".repeat(limit + 1)));
            write(dir, V1, &text);
        }),
        &[(
            V1,
            20,
            10,
            "`fee` is 101 KiB long; a text field holds at most 100 KiB",
        )],
    );
}

/// A part that does not decode is reported once: checks that depend on it (ids published in
/// that version, the configured languages and categories, a policy's original) do not report
/// its absence again.
#[test]
fn an_error_is_not_repeated_by_the_checks_that_depend_on_it() {
    let translation = "---\ntitle: Interpretation\ndate: 2023-02-22\n---\n\nText.\n";
    type Change = Box<dyn FnOnce(&Path)>;
    let cases: Vec<(Change, Vec<Want>)> = vec![
        // The earlier version published `tenancy`, which the later one renames.
        (
            Box::new(edits(&[(V1, "title: { zh-CN: 首次公布, en: First list }", "title: { zh-CN: 首次公布, en: First list")])),
            vec![(V1, 3, 9, "YAML syntax error")],
        ),
        (
            Box::new(edits(&[(V1, "  - id: tenancy\n", "  - idd: tenancy\n")])),
            vec![(V1, 10, 5, "missing the required field `id`"), (V1, 10, 5, "unknown key `idd`")],
        ),
        (
            Box::new(edits(&[(V1, "    category: housing\n    status: issued\n    keywords: [租房]", "    status: issued\n    keywords: [租房]")])),
            vec![(V1, 10, 5, "missing the required field `category`")],
        ),
        // A note names an item of its own version that did not decode.
        (
            Box::new(edits(&[(V2, "  - id: kinship\n", "  - id: [kinship]\n")])),
            vec![(V2, 8, 9, "`id` must be a single value")],
        ),
        (
            Box::new(|dir: &Path| {
                write(dir, V1, "- a\n");
                write(dir, V2, "- a\n");
            }),
            vec![(V1, 1, 1, "must be a map"), (V2, 1, 1, "must be a map")],
        ),
        (
            Box::new(|dir: &Path| {
                let text = std::fs::read_to_string(dir.join("site.yaml")).unwrap();
                write(dir, "site.yaml", &text[..text.find("categories:").unwrap()]);
            }),
            vec![("site.yaml", 1, 1, "missing the required field `categories`")],
        ),
        (
            Box::new(edits(&[("site.yaml", "  - { id: housing, name: { zh-CN: 居住, en: Housing } }", "  - { id: housing }")])),
            vec![("site.yaml", 16, 7, "a category is missing the required field `name`")],
        ),
        (
            Box::new(|dir: &Path| {
                edit(dir, "site.yaml", "  - { code: en, name: English }", "  - en");
                write(dir, "policy/interpretation.en.md", translation);
            }),
            vec![("site.yaml", 5, 5, "a language must be a map")],
        ),
        // The translation of a policy whose original is broken is not "without the original".
        (
            Box::new(|dir: &Path| {
                edit(dir, "policy/interpretation.md", "date: 2023-02-22", "date: 2023-22-22");
                write(dir, "policy/interpretation.en.md", translation);
            }),
            vec![("policy/interpretation.md", 3, 7, "`date: 2023-22-22` is not a date")],
        ),
        (
            Box::new(edits(&[(V2, "    alternative: { zh-CN: 出示**户口簿**。, en: Show your **household register**. }", "    alternative: { en: Show your **household register**. }")])),
            vec![(V2, 12, 18, "`alternative` has no text in the default language")],
        ),
        (
            Box::new(edits(&[(V2, "    keywords: [租房, 住址证明]", "    keywords: { a: b }")])),
            vec![(V2, 20, 15, "`keywords` must be a list")],
        ),
        // Problems with a file's name are placed at its start.
        (
            Box::new(|dir: &Path| {
                std::fs::rename(dir.join(V1), dir.join("certificates/2022-6-30.yaml")).unwrap();
                write(dir, "policy/other.en.md", translation);
            }),
            vec![
                ("certificates/2022-6-30.yaml", 1, 1, "the file name `2022-6-30.yaml` is not a date"),
                ("policy/other.en.md", 1, 1, "is a translation without the original"),
            ],
        ),
    ];
    for (change, want) in cases {
        expect(check_changed(change), &want);
    }
}
