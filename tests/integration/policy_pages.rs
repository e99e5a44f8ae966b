//! Policy interpretations as government sites publish them (issue 18): the metadata block,
//! the repealed notice, the links between a version and its 解读, images (图解) and the
//! question-and-answer form. Over `tests/fixtures/policy-pages`, which uses every key.

use std::fs;
use std::path::Path;

use crate::support::*;

fn built() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    build_ok(&fixture("policy-pages"), out.path());
    out
}

fn page(site: &Path, rel: &str) -> scraper::Html {
    html(&fs::read_to_string(site.join(rel)).unwrap())
}

fn texts(doc: &scraper::Html, css: &str) -> Vec<String> {
    select(doc, css)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// `qingdan check` of the fixture after `change` (run on a copy): what it reported.
fn checked(change: impl FnOnce(&Path)) -> (std::process::Output, Vec<Reported>) {
    let dir = copy_fixture("policy-pages");
    change(dir.path());
    check_json(dir.path())
}

/// The one problem reported with `code`, insisting on it.
fn only<'r>(list: &'r [Reported], code: &str) -> &'r Reported {
    let found: Vec<&Reported> = list.iter().filter(|r| r.code == code).collect();
    assert_eq!(found.len(), 1, "one `{code}` expected: {list:#?}");
    found[0]
}

fn at(r: &Reported, file: &str, line: u64, column: u64) {
    assert!(r.file.ends_with(file), "{r:?}");
    assert_eq!((r.line, r.column), (Some(line), Some(column)), "{r:?}");
    assert!(!r.help.is_empty(), "{r:?}");
}

#[test]
fn the_metadata_block_is_shown_in_the_usual_order_in_both_languages() {
    let out = built();
    let zh = page(out.path(), "policy/full/index.html");
    assert_eq!(
        texts(&zh, ".policy-meta dt"),
        [
            "索引号",
            "发文机关",
            "成文日期",
            "发布日期",
            "文号",
            "有效性",
            "信息来源",
            "解读机关"
        ]
    );
    assert_eq!(
        texts(&zh, ".policy-meta dd"),
        [
            "003043524/202303-00012",
            "测试区民政局",
            "中共测试区委组织部",
            "2023年2月20日",
            "2023年2月22日",
            "测民〔2023〕3号",
            "已废止（2025年1月1日）",
            "测试区民政局办公室",
            "测试区民政局",
        ]
    );
    let dates: Vec<&str> = select(&zh, ".policy-meta time")
        .iter()
        .map(|t| t.value().attr("datetime").unwrap())
        .collect();
    assert_eq!(dates, ["2023-02-20", "2023-02-22"]);
    let en = page(out.path(), "en/policy/full/index.html");
    assert_eq!(
        texts(&en, ".policy-meta dt"),
        [
            "Index no.",
            "Issued by",
            "Date written",
            "Published",
            "Document no.",
            "Validity",
            "Source",
            "Interpreting department"
        ]
    );
    let values = texts(&en, ".policy-meta dd");
    assert_eq!(values[1], "Test District Civil Affairs Bureau");
    assert_eq!(values[6], "Repealed (1 January 2025)");
    // In force, and nothing shown for a key left out.
    let qa = page(out.path(), "policy/questions/index.html");
    assert_eq!(
        texts(&qa, ".policy-meta dt"),
        ["发布日期", "文号", "有效性"]
    );
    assert_eq!(texts(&qa, ".policy-meta dd")[2], "现行有效");
}

#[test]
fn a_repealed_interpretation_says_so_at_the_top() {
    let out = built();
    let zh = page(out.path(), "policy/full/index.html");
    let notice = texts(&zh, "article.policy > h1 + p.notice.repealed");
    assert_eq!(
        notice,
        ["本解读所解读的文件已于2025年1月1日废止，本页仅供查阅。"]
    );
    let en = page(out.path(), "en/policy/full/index.html");
    assert!(texts(&en, "article.policy > h1 + p.repealed")[0]
        .contains("was repealed on 1 January 2025"));
    let in_force = page(out.path(), "policy/questions/index.html");
    assert!(select(&in_force, ".repealed").is_empty());
}

#[test]
fn bad_validity_and_dates_are_located_errors() {
    let full = "policy/full.md";
    let cases: &[(&str, &str, &str, u64, u64)] = &[
        (
            "validity: { status: repealed, date: 2025-01-01 }",
            "validity: { status: repealed }",
            "bad-validity",
            11,
            21,
        ),
        (
            "validity: { status: repealed, date: 2025-01-01 }",
            "validity: { status: abolished }",
            "bad-validity",
            11,
            21,
        ),
        (
            "validity: { status: repealed, date: 2025-01-01 }",
            "validity: { status: in_force, date: 2025-01-01 }",
            "bad-validity",
            11,
            37,
        ),
        (
            "validity: { status: repealed, date: 2025-01-01 }",
            "validity: { status: repealed, date: 2025-13-01 }",
            "bad-date",
            11,
            37,
        ),
        (
            "validity: { status: repealed, date: 2025-01-01 }",
            "validity: { status: repealed, date: 2023-01-01 }",
            "policy-date-order",
            11,
            37,
        ),
        (
            "validity: { status: repealed, date: 2025-01-01 }",
            "validity: repealed",
            "not-a-map",
            11,
            11,
        ),
        (
            "written: 2023-02-20",
            "written: 2023-02-30",
            "bad-date",
            10,
            10,
        ),
        (
            "written: 2023-02-20",
            "written: 2023-03-01",
            "policy-date-order",
            10,
            10,
        ),
        (
            "issuers:\n  - 测试区民政局\n  - 中共测试区委组织部",
            "issuers: 测试区民政局",
            "not-a-list",
            7,
            10,
        ),
    ];
    for &(find, replace, code, line, column) in cases {
        let (out, list) = checked(|dir| edit(dir, full, find, replace));
        assert_eq!(out.status.code(), Some(1), "{replace}: {list:#?}");
        let r = only(&list, code);
        assert_eq!(r.severity, "error", "{r:?}");
        at(r, full, line, column);
    }
    // An index number of an odd shape is only a warning: the build goes on.
    let (out, list) = checked(|dir| {
        edit(
            dir,
            full,
            "003043524/202303-00012",
            "003043524／202303－00012",
        )
    });
    assert_eq!(out.status.code(), Some(0), "{list:#?}");
    let r = only(&list, "index-number-form");
    assert_eq!(r.severity, "warning");
    at(r, full, 6, 15);
    assert!(r.help.contains("ASCII"), "{r:?}");
    // The message in Chinese names the key's value too.
    let dir = copy_fixture("policy-pages");
    edit(
        dir.path(),
        full,
        "status: repealed, date: 2025-01-01",
        "status: repealed",
    );
    let zh = qingdan_in("zh-CN")
        .args(["check", "--message-format", "json", "--content"])
        .arg(dir.path())
        .output()
        .unwrap();
    let r = reported(&stdout(&zh));
    assert!(
        only(&r, "bad-validity").message.contains("废止日期"),
        "{r:#?}"
    );
}

#[test]
fn a_version_and_its_interpretation_link_to_each_other() {
    let out = built();
    let site = out.path();
    // `full` names 2023-02-21 in `versions`; `questions` shares 测民〔2022〕1号 with 2022-06-30.
    for (rel, title, policy) in [
        ("versions/2023-02-21/index.html", "全部字段的解读", "full"),
        ("changelog/2023-02-21/index.html", "全部字段的解读", "full"),
        ("versions/2022-06-30/index.html", "问答式解读", "questions"),
        ("changelog/2022-06-30/index.html", "问答式解读", "questions"),
    ] {
        let doc = page(site, rel);
        let links = select(&doc, ".interpretations a");
        assert_eq!(links.len(), 1, "{rel}");
        assert_eq!(
            links[0].value().attr("href"),
            Some(format!("../../policy/{policy}/index.html").as_str()),
            "{rel}"
        );
        assert_eq!(links[0].text().collect::<String>(), title);
        assert!(
            text_of(&doc, ".interpretations").starts_with("政策解读："),
            "{rel}"
        );
    }
    let en = page(site, "en/versions/2023-02-21/index.html");
    assert_eq!(
        texts(&en, ".interpretations a"),
        ["An interpretation with every field"]
    );
    for (policy, version, title) in [
        ("full", "2023-02-21", "第一次调整"),
        ("questions", "2022-06-30", "首次公布"),
    ] {
        let doc = page(site, &format!("policy/{policy}/index.html"));
        let links = select(&doc, ".policy-versions a");
        assert_eq!(links.len(), 1, "{policy}");
        assert_eq!(
            links[0].value().attr("href"),
            Some(format!("../../versions/{version}/index.html").as_str())
        );
        assert_eq!(links[0].text().collect::<String>(), title);
        assert!(text_of(&doc, ".policy-versions").starts_with("本解读对应的清单："));
    }
    crate::links::check_links(site, "https://example.gov.cn/test/");
}

#[test]
fn versions_must_exist_and_be_of_the_same_document() {
    let full = "policy/full.md";
    let (out, list) = checked(|dir| {
        edit(
            dir,
            full,
            "versions: [2023-02-21]",
            "versions: [2023-02-21, 2024-05-01]",
        )
    });
    assert_eq!(out.status.code(), Some(1));
    let r = only(&list, "policy-unknown-version");
    at(r, full, 13, 24);
    assert!(r.help.contains("2022-06-30, 2023-02-21"), "{r:?}");
    let (_, list) = checked(|dir| {
        edit(
            dir,
            full,
            "versions: [2023-02-21]",
            "versions: [2022-06-30]",
        )
    });
    let r = only(&list, "policy-version-document");
    at(r, full, 13, 12);
    assert!(r.message.contains("测民〔2022〕1号") && r.message.contains("测民〔2023〕3号"));
    let (_, list) =
        checked(|dir| edit(dir, full, "versions: [2023-02-21]", "versions: 2023-02-21"));
    at(only(&list, "not-a-list"), full, 13, 11);
}

#[test]
fn an_image_is_published_as_it_is_with_its_size_and_text() {
    let out = built();
    let site = out.path();
    let source = fs::read(fixture("policy-pages/policy/images/flow.png")).unwrap();
    for (rel, alt) in [
        ("policy/full/index.html", "图解：起草过程分三步"),
        (
            "en/policy/full/index.html",
            "Diagram: the drafting in three steps",
        ),
    ] {
        let doc = page(site, rel);
        let images = select(&doc, ".body img");
        assert_eq!(images.len(), 1, "{rel}");
        let img = images[0].value();
        let src = img.attr("src").unwrap();
        let published = Path::new(rel).parent().unwrap().join(src);
        let published = site.join(published);
        assert_eq!(fs::read(&published).unwrap(), source, "{src}");
        assert!(
            src.ends_with("assets/content/policy/images/flow.png"),
            "{src}"
        );
        assert_eq!(img.attr("alt"), Some(alt));
        assert_eq!(
            (img.attr("width"), img.attr("height")),
            (Some("48"), Some("16"))
        );
        assert_eq!(img.attr("loading"), Some("lazy"));
        assert_eq!(img.attr("decoding"), Some("async"));
    }
}

#[test]
fn an_image_without_alt_text_is_an_error_at_its_place() {
    let full = "policy/full.md";
    let (out, list) = checked(|dir| edit(dir, full, "![图解：起草过程分三步]", "![ ]"));
    assert_eq!(out.status.code(), Some(1));
    let r = only(&list, "image-alt");
    at(r, full, 20, 1);
    assert!(r.message.contains("images/flow.png"), "{r:?}");
    // Further along a line, the column counts characters.
    let (_, list) = checked(|dir| {
        edit(
            dir,
            full,
            "正文第二段。",
            "正文第二段。![](images/flow.png)",
        )
    });
    at(only(&list, "image-alt"), full, 24, 7);
}

#[test]
fn images_from_elsewhere_or_of_other_kinds_are_refused() {
    let full = "policy/full.md";
    let cases: &[(&str, &str)] = &[
        ("https://example.org/flow.png", "image-path"),
        ("//example.org/flow.png", "image-path"),
        ("/etc/flow.png", "image-path"),
        ("../site.yaml", "image-path"),
        ("images/../../site.png", "image-path"),
        ("images/流程.png", "image-path"),
        ("images/flow.svg", "image-kind"),
        ("images/flow.bmp", "image-kind"),
        ("images/text.png", "image-kind"),
        ("images/big.png", "file-too-large"),
        ("images/missing.png", "read-failed"),
    ];
    for &(src, code) in cases {
        let (out, list) = checked(|dir| {
            let images = dir.join("policy/images");
            fs::write(
                images.join("flow.svg"),
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            )
            .unwrap();
            fs::write(images.join("text.png"), "not an image").unwrap();
            let mut big = fs::read(images.join("flow.png")).unwrap();
            big.resize((5 << 20) + 1, 0);
            fs::write(images.join("big.png"), big).unwrap();
            edit(dir, full, "](images/flow.png)", &format!("]({src})"));
        });
        assert_eq!(out.status.code(), Some(1), "{src}: {list:#?}");
        at(only(&list, code), full, 20, 1);
    }
    // A link inside the folder that leads out of it is not followed.
    #[cfg(unix)]
    {
        let (_, list) = checked(|dir| {
            fs::remove_file(dir.join("policy/images/flow.png")).unwrap();
            std::os::unix::fs::symlink(dir.join("site.yaml"), dir.join("policy/images/flow.png"))
                .unwrap();
        });
        let here: Vec<Reported> = list
            .into_iter()
            .filter(|r| r.file.ends_with(full))
            .collect();
        at(only(&here, "file-link"), full, 20, 1);
    }
}

#[test]
fn a_question_and_answer_interpretation_lists_its_questions_with_anchors() {
    let out = built();
    let doc = page(out.path(), "policy/questions/index.html");
    let questions = [
        "第一个问题是什么？",
        "第二个问题是什么？",
        "第三个问题是什么？",
    ];
    // The table of contents at the top links each question by its place.
    let toc: Vec<(String, String)> = select(&doc, "nav.questions-toc ol > li > a")
        .iter()
        .map(|a| {
            (
                a.value().attr("href").unwrap().to_string(),
                a.text().collect(),
            )
        })
        .collect();
    assert_eq!(
        toc,
        (1..=3)
            .map(|n| (format!("#q{n}"), questions[n - 1].to_string()))
            .collect::<Vec<_>>()
    );
    let nav = select(&doc, "nav.questions-toc")[0];
    let label = nav.value().attr("aria-labelledby").unwrap();
    assert_eq!(select(&doc, &format!("#{label}")).len(), 1);
    // Each question is a section named by its heading, which carries the anchor.
    let sections = select(&doc, ".body > section.question");
    assert_eq!(sections.len(), 3);
    for (n, section) in sections.iter().enumerate() {
        let id = format!("q{}", n + 1);
        assert_eq!(section.value().attr("aria-labelledby"), Some(id.as_str()));
        let heading = section
            .first_child()
            .and_then(scraper::ElementRef::wrap)
            .unwrap();
        assert_eq!(heading.value().name(), "h2");
        assert_eq!(heading.value().attr("id"), Some(id.as_str()));
        assert_eq!(heading.text().collect::<String>(), questions[n]);
    }
    assert_eq!(select(&doc, "#q1").len(), 1, "anchors are unique");
    // The answer keeps its own headings and code; the introduction stands before the questions.
    assert_eq!(texts(&doc, "#q1 + .answer h3"), ["答案里的小标题"]);
    assert!(text_of(&doc, "#q2 + .answer").contains("## 代码块里的这一行不是问题"));
    assert_eq!(texts(&doc, ".body > p"), ["以下是常见问题。"]);
    // A page without `form` is prose, as before.
    let prose = page(out.path(), "policy/full/index.html");
    assert!(select(&prose, ".questions-toc, section.question").is_empty());
    assert_eq!(select(&prose, ".body > h2").len(), 2);
    crate::links::check_links(out.path(), "https://example.gov.cn/test/");
}

#[test]
fn the_form_is_checked() {
    let qa = "policy/questions.md";
    let (out, list) = checked(|dir| edit(dir, qa, "form: questions", "form: faq"));
    assert_eq!(out.status.code(), Some(1));
    at(only(&list, "unknown-form"), qa, 6, 7);
    let (_, list) = checked(|dir| {
        let text = fs::read_to_string(dir.join(qa)).unwrap();
        let front = &text[..text.rfind("---\n").unwrap() + 4];
        fs::write(dir.join(qa), format!("{front}\n只有一段文字。\n")).unwrap();
    });
    at(only(&list, "no-questions"), qa, 6, 7);
}
