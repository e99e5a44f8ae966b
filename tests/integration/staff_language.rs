//! The commands speak to staff in Chinese or English (issue 17): `--lang`, else
//! `QINGDAN_LANG`, else the site's default language (Chinese for the fixtures), else Chinese.
//! Each command's Chinese form is checked here; the English forms are in cli.rs, hosting.rs,
//! history.rs and serve.rs. Also: the JSON problems tools read carry a stable `code`.

use std::path::Path;
use std::process::Output;

use crate::support::*;

/// `qingdan ARGS` with `QINGDAN_LANG` unset: the language comes from the content (or is
/// Chinese).
fn unset(args: &[&str]) -> Output {
    qingdan_in("").args(args).output().unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The JSON objects among the lines of `text`, each of which must be one.
fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

#[test]
fn check_and_build_speak_the_sites_default_language_unless_told_otherwise() {
    let dir = copy_fixture("minimal");
    let content = path(dir.path());
    let check = unset(&["check", "--content", content]);
    assert!(check.status.success(), "{}", stderr(&check));
    let text = stdout(&check);
    assert!(
        text.contains("内容检查通过：2个版本、1篇政策解读、0处警告"),
        "{text}"
    );
    assert!(
        text.contains("en 译文：共23项文本，已有14项（61%）"),
        "{text}"
    );
    assert!(!text.contains("content OK"), "{text}");

    // QINGDAN_LANG=en gives English; --lang wins over it, either way.
    let en = qingdan_in("en")
        .args(["check", "--content", content])
        .output()
        .unwrap();
    assert!(
        stdout(&en).contains("content OK: 2 versions"),
        "{}",
        stdout(&en)
    );
    let zh = qingdan_in("en")
        .args(["check", "--lang", "zh-CN", "--content", content])
        .output()
        .unwrap();
    assert!(stdout(&zh).contains("内容检查通过"), "{}", stdout(&zh));
    let en = qingdan_in("zh-CN")
        .args(["--lang", "en", "check", "--content", content])
        .output()
        .unwrap();
    assert!(stdout(&en).contains("content OK"), "{}", stdout(&en));

    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("out");
    let build = unset(&["build", "-v", "--content", content, "--output", path(&out)]);
    assert!(build.status.success(), "{}", stderr(&build));
    let text = stderr(&build);
    assert!(says_pages_built(&text), "{text}");
    assert!(text.contains("读取并检查内容"), "stage names: {text}");
    assert!(!text.contains("built "), "{text}");

    // A failed check ends with the count and what to do, in Chinese.
    edit(
        dir.path(),
        "site.yaml",
        "publisher:",
        "publisher_name: x\npublisher:",
    );
    let failed = unset(&["check", "--content", content]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        stderr(&failed).contains("错误：发现1处错误、0处警告；请按上面的提示修改"),
        "{}",
        stderr(&failed)
    );
}

#[test]
fn a_language_qingdan_does_not_speak_is_refused_in_both() {
    let out = qingdan().args(["--lang", "fr", "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(
        text.contains("`fr` 不是可用的语言：请写 zh-CN 或 en")
            && text.contains("not a language qingdan speaks: use zh-CN or en"),
        "{text}"
    );
    // In the environment it is said to be ignored, and the site's language is used.
    let dir = copy_fixture("minimal");
    let out = qingdan_in("fr")
        .args(["check", "--content", path(dir.path())])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let warning = stderr(&out);
    assert!(
        warning.contains("QINGDAN_LANG 的值 `fr` 不是可用的语言")
            && warning.contains("QINGDAN_LANG=`fr` is not a language qingdan speaks"),
        "{warning}"
    );
    assert!(stdout(&out).contains("内容检查通过"), "{}", stdout(&out));
}

#[test]
fn check_translations_names_each_field_in_file_order() {
    let dir = copy_fixture("minimal");
    // Missing in site.yaml (read first) and, within one item, a name above its purpose.
    edit(
        dir.path(),
        "site.yaml",
        "title: { zh-CN: 测试区证明事项, en: Test district certificates }",
        "title: 测试区证明事项",
    );
    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "name: { zh-CN: 居（租）住证明, en: Proof of residence }",
        "name: 居（租）住证明",
    );
    let run = |lang: &str| {
        let out = qingdan_in(lang)
            .args(["check", "--translations", "--content", path(dir.path())])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let text = run("en");
    let listed: Vec<(String, u32, u32)> = text
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(|l| {
            let mut parts = l.trim().splitn(4, ':');
            let mut next = || parts.next().unwrap().to_string();
            (next(), next().parse().unwrap(), next().parse().unwrap())
        })
        .collect();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted, "not in file order:\n{text}");
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no `{needle}` in\n{text}"))
    };
    let name = line_of("2023-02-21.yaml:16:11: items[1].name (`residence`) has no `en` text");
    let purpose = line_of("2023-02-21.yaml:19:14: items[1].purpose (`residence`) has no `en` text");
    assert!(name < purpose, "{text}");
    assert!(line_of("site.yaml:1:8: title has no `en` text") > purpose);
    line_of("items[1].keywords[1] (`residence`) has no `en` text");

    let text = run("zh-CN");
    assert!(
        text.contains(
            "2023-02-21.yaml:19:14: 事项 `residence`（第2项）的 `purpose` 没有 `en` 译文"
        ),
        "{text}"
    );
    assert!(
        text.contains("缺少文件 `policy/interpretation.en.md`"),
        "{text}"
    );
}

#[test]
fn new_version_says_and_writes_its_comments_in_chinese() {
    let dir = copy_fixture("minimal");
    let content = path(dir.path());
    let made = unset(&["new-version", "2026-3-1", "--content", content]);
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(
        stdout(&made)
            .contains("2026-03-01.yaml（复制自 2023-02-21 版）：请先改写标有 `# EDIT` 的几行"),
        "{}",
        stdout(&made)
    );
    let text = std::fs::read_to_string(dir.path().join("certificates/2026-03-01.yaml")).unwrap();
    for comment in [
        "date: 2026-03-01\n# EDIT: 请改写本次调整的标题\ntitle:",
        "# EDIT: 请改写文号，例如 田民〔2026〕1号\ndocument:",
        "# EDIT: 请改写调整说明：本次调整改了什么、为什么\nsummary:",
        "# EDIT: 逐项说明本次调整的原因，每个事项一行，写事项的 id：\n",
    ] {
        assert!(text.contains(comment), "no `{comment}` in\n{text}");
    }
    assert!(!text.contains("the title of this adjustment"), "{text}");
    let check = unset(&["check", "--content", content]);
    assert!(check.status.success(), "{}", stderr(&check));

    let earlier = unset(&["new-version", "2026-02-01", "--content", content]);
    assert_eq!(earlier.status.code(), Some(1));
    assert!(
        stderr(&earlier).contains("2026-02-01 不晚于最新版本（2026-03-01）"),
        "{}",
        stderr(&earlier)
    );
    let bad = unset(&["new-version", "2026-2-30", "--content", content]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("2026年2月没有30日；请写成 YYYY-MM-DD"),
        "{}",
        stderr(&bad)
    );
    // English comments when asked for.
    let en = unset(&[
        "new-version",
        "2026-04-01",
        "--lang",
        "en",
        "--content",
        content,
    ]);
    assert!(stdout(&en).starts_with("created "), "{}", stdout(&en));
    let text = std::fs::read_to_string(dir.path().join("certificates/2026-04-01.yaml")).unwrap();
    assert!(
        text.contains("# EDIT: the title of this adjustment"),
        "{text}"
    );
}

#[test]
fn verify_reports_in_chinese() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(&fixture("minimal"), &site);
    // verify reads no content: without QINGDAN_LANG it speaks Chinese.
    let ok = unset(&["verify", path(&site)]);
    assert!(ok.status.success(), "{}", stdout(&ok));
    assert!(
        stdout(&ok).contains("个文件与 manifest.json 一致"),
        "{}",
        stdout(&ok)
    );
    std::fs::remove_file(site.join("items/kinship/index.html")).unwrap();
    std::fs::write(site.join("index.html"), "tampered").unwrap();
    std::fs::write(site.join("uploaded-by-mistake.txt"), "x").unwrap();
    let bad = unset(&["verify", path(&site)]);
    assert_eq!(bad.status.code(), Some(1));
    let text = stdout(&bad);
    for line in [
        "缺少：items/kinship/index.html",
        "被改动：index.html",
        "多出：uploaded-by-mistake.txt",
        "：缺少1个、多出1个、被改动1个文件",
    ] {
        assert!(text.contains(line), "no `{line}` in {text}");
    }
    let none = unset(&["verify", path(out.path())]);
    assert_eq!(none.status.code(), Some(1));
    assert!(
        stderr(&none).contains("错误[manifest-unreadable]: 无法读取 `manifest.json`"),
        "{}",
        stderr(&none)
    );
}

#[test]
fn diff_speaks_chinese_and_its_json_stays_json() {
    let dir = copy_fixture("minimal");
    let content = path(dir.path());
    let out = unset(&["diff", "--content", content]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for said in [
        "2022-06-30 → 2023-02-21 的变化（测民〔2023〕3号）",
        "~ 修改      kinship 亲属关系证明——不再出具",
        "> 更名      residence 居（租）住证明（原为 `tenancy`）",
        "- 移出      old-item 旧证明",
    ] {
        assert!(text.contains(said), "no `{said}` in\n{text}");
    }
    let unknown = unset(&["diff", "2020-01-01", "--content", content]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown)
            .contains("没有日期为 `2020-01-01` 的版本；现有的版本是：2022-06-30、2023-02-21"),
        "{}",
        stderr(&unknown)
    );

    // With --format json, problems are JSON diagnostics on standard output, with a code.
    let json = |args: &[&str]| {
        let out = qingdan()
            .arg("diff")
            .args(args)
            .args(["--format", "json", "--content", content])
            .output()
            .unwrap();
        (out.status.code(), json_lines(&stdout(&out)))
    };
    let (code, lines) = json(&["2023-02-21", "2022-06-30"]);
    assert_eq!(code, Some(2));
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["code"], "diff-order");
    assert_eq!(
        lines[0]["message"],
        "`2023-02-21` must be earlier than `2022-06-30`"
    );
    edit(
        dir.path(),
        "site.yaml",
        "publisher:",
        "publisher_name: x\npublisher:",
    );
    let (code, lines) = json(&[]);
    assert_eq!(code, Some(1));
    assert!(!lines.is_empty());
    for line in &lines {
        assert_eq!(line["severity"], "error", "{line}");
        assert!(
            line["code"].as_str().is_some_and(|c| !c.is_empty()),
            "{line}"
        );
        assert!(
            line["file"].as_str().unwrap().ends_with("site.yaml"),
            "{line}"
        );
    }
}

#[test]
fn message_format_json_carries_the_code_of_each_class() {
    let dir = copy_fixture("minimal");
    let content = path(dir.path());
    let run = |args: &[&str]| {
        let out = qingdan()
            .args(["--message-format", "json"])
            .args(args)
            .output()
            .unwrap();
        json_lines(&stdout(&out))
    };
    let lines = run(&["new-version", "2020-01-01", "--content", content]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["code"], "new-version-not-after");
    assert_eq!(lines[0]["help"], "give a date after 2023-02-21");
    let lines = run(&["new-version", "2020-13-01", "--content", content]);
    assert_eq!(lines[0]["code"], "new-version-date");
    let lines = run(&["verify", content]);
    assert_eq!(lines[0]["code"], "manifest-unreadable");
    assert!(lines[0]["file"]
        .as_str()
        .unwrap()
        .ends_with("manifest.json"));
    edit(
        dir.path(),
        "site.yaml",
        "publisher:",
        "publisher_name: x\npublisher:",
    );
    let lines = run(&["check", "--content", content]);
    assert!(!lines.is_empty());
    for line in lines {
        assert!(
            line["code"].as_str().is_some_and(|c| !c.is_empty()),
            "{line}"
        );
    }
}

#[test]
fn the_progress_bar_speaks_chinese() {
    let dir = copy_fixture("minimal");
    let site = tempfile::tempdir().unwrap();
    let command = format!(
        "{} build --content {} --output {}",
        env!("CARGO_BIN_EXE_qingdan"),
        dir.path().display(),
        site.path().join("out").display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("QINGDAN_PROGRESS_AFTER_MS", "0")
        .env("QINGDAN_LANG", "zh-CN")
        .output()
        .expect("`script` (util-linux, Debian package bsdutils) is needed for this test");
    assert!(out.status.success(), "{}", stderr(&out));
    let tty = stdout(&out);
    assert!(tty.contains("正在生成"), "{tty}");
    assert!(says_pages_built(&tty), "{tty}");
}
