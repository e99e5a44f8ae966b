//! The mistakes Chinese staff make when they type YAML, as `check` reports them in Chinese:
//! each at its own line and column, with a stable `code` in JSON and a fix in words staff
//! use. And the language rule: `--lang`, else `QINGDAN_LANG`, else the site's default
//! language, else Chinese.

use std::path::Path;

use crate::support::{copy_fixture, edit, qingdan_in, reported, stderr, stdout, Reported};

/// `check --message-format json` in `lang` (QINGDAN_LANG): the exit code and the problems.
fn check(content: &Path, lang: &str) -> (Option<i32>, Vec<Reported>) {
    let out = qingdan_in(lang)
        .args(["check", "--message-format", "json", "--content"])
        .arg(content)
        .output()
        .unwrap();
    (out.status.code(), reported(&stdout(&out)))
}

const VERSION: &str = "certificates/2023-02-21.yaml";

/// The fixture with `edits` made, checked in Chinese.
fn checked(edits: &[(&str, &str, &str)]) -> (tempfile::TempDir, Option<i32>, Vec<Reported>) {
    let dir = copy_fixture("minimal");
    for (file, find, replace) in edits {
        edit(dir.path(), file, find, replace);
    }
    let (code, lines) = check(dir.path(), "zh-CN");
    (dir, code, lines)
}

fn only(lines: &[Reported]) -> &Reported {
    assert_eq!(lines.len(), 1, "{lines:#?}");
    &lines[0]
}

#[test]
fn a_full_width_colon_after_a_key_is_named_where_it_is() {
    let (dir, code, lines) = checked(&[(VERSION, "    status: issued", "    status： issued")]);
    assert_eq!(code, Some(1));
    let d = only(&lines);
    assert_eq!(d.code, "full-width-syntax");
    assert!(d.file.ends_with(VERSION), "{d:?}");
    assert_eq!(
        (d.line.unwrap(), d.column.unwrap()),
        (18, 11),
        "at the colon itself: {d:?}"
    );
    assert!(d.message.contains("`status` 后面是全角冒号“：”"), "{d:?}");
    assert!(d.help.contains("`status: `"), "{d:?}");
    drop(dir);
}

#[test]
fn full_width_spaces_and_commas_in_structure_are_named() {
    let (_dir, code, lines) = checked(&[
        (
            VERSION,
            "    purpose: 办理居住证",
            "\u{3000}\u{3000}purpose: 办理居住证",
        ),
        (
            VERSION,
            "name: { zh-CN: 亲属关系证明, en: Proof of kinship }",
            "name: { zh-CN: 亲属关系证明， en: Proof of kinship }",
        ),
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(lines.iter().all(|d| d.code == "full-width-syntax"));
    let comma = lines.iter().find(|d| d.line == Some(9)).expect("the comma");
    assert_eq!(comma.column, Some(26), "{comma:?}");
    assert!(comma.message.contains("全角逗号“，”"), "{comma:?}");
    let indent = lines
        .iter()
        .find(|d| d.line == Some(19))
        .expect("the indent");
    assert_eq!(indent.column, Some(1), "{indent:?}");
    assert!(indent.message.contains("缩进中有全角空格"), "{indent:?}");
}

#[test]
fn a_comma_that_splits_an_unquoted_english_text_says_how_to_quote_it() {
    let (_dir, code, lines) = checked(&[(
        VERSION,
        "en: Proof of kinship }",
        "en: Proof of kinship, relatives }",
    )]);
    assert_eq!(code, Some(1));
    let d = only(&lines);
    assert_eq!(d.code, "comma-split-text");
    assert_eq!(d.line, Some(9));
    assert!(d.message.contains("逗号把文字截成了两段"), "{d:?}");
    assert!(
        d.help.contains(r#"`en: "Proof of kinship, relatives"`"#),
        "{d:?}"
    );
}

#[test]
fn a_status_in_chinese_names_the_english_word() {
    let (_dir, code, lines) = checked(&[(VERSION, "status: issued", "status: 可以出具")]);
    assert_eq!(code, Some(1));
    let d = only(&lines);
    assert_eq!(d.code, "unknown-status");
    assert!(
        d.message.contains("`status: 可以出具` 不是可用的状态"),
        "{d:?}"
    );
    assert!(d.help.contains("`status: issued`"), "{d:?}");
    let (_dir, _, lines) = checked(&[(VERSION, "status: cancelled", "status: 不再出具")]);
    assert!(
        only(&lines).help.contains("`status: cancelled`"),
        "{lines:?}"
    );
}

#[test]
fn the_language_is_the_flag_else_the_variable_else_the_site_default_else_chinese() {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        VERSION,
        "purpose: 办理居住证",
        "purpse: 办理居住证",
    );
    let human = |lang: &str, flag: Option<&str>| {
        let mut command = qingdan_in(lang);
        command.arg("check").arg("--content").arg(dir.path());
        if let Some(flag) = flag {
            command.args(["--lang", flag]);
        }
        stderr(&command.output().unwrap())
    };
    // The fixture's default language is Chinese.
    let default = human("", None);
    assert!(
        default.contains("错误[unknown-key]: 事项中没有 `purpse` 这个键"),
        "{default}"
    );
    assert!(
        default.contains("修改方法：是不是要写 `purpose`？"),
        "{default}"
    );
    assert!(default.contains("发现1处错误"), "{default}");
    let english = human("en", None);
    assert!(
        english.contains("error[unknown-key]: unknown key `purpse` in an item"),
        "{english}"
    );
    assert!(
        human("en", Some("zh-CN")).contains("错误[unknown-key]"),
        "the flag wins"
    );
    assert!(
        human("zh-CN", Some("en")).contains("error[unknown-key]"),
        "the flag wins"
    );
    // A site whose default language is English speaks English unless told otherwise.
    let site = std::fs::read_to_string(dir.path().join("site.yaml")).unwrap();
    let zh = site.find("  - { code: zh-CN").expect("zh-CN is listed");
    let en = site.find("  - { code: en").expect("en is listed");
    let (zh_line, en_line) = (
        &site[zh..zh + site[zh..].find('\n').unwrap() + 1],
        &site[en..en + site[en..].find('\n').unwrap() + 1],
    );
    let swapped = site
        .replacen(zh_line, "@@", 1)
        .replacen(en_line, zh_line, 1)
        .replacen("@@", en_line, 1);
    std::fs::write(dir.path().join("site.yaml"), swapped).unwrap();
    assert!(human("", None).contains("error[unknown-key]"));
    assert!(human("zh", None).contains("错误[unknown-key]"));
}

#[test]
fn a_yaml_syntax_error_is_explained_in_chinese() {
    let (_dir, code, lines) = checked(&[(
        VERSION,
        "title: { zh-CN: 第一次调整, en: First adjustment }",
        "title: { zh-CN: 第一次调整, en: First adjustment",
    )]);
    assert_eq!(code, Some(1));
    let d = only(&lines);
    assert_eq!(d.code, "yaml-syntax");
    assert!(d.message.contains("花括号或方括号没有闭合"), "{d:?}");
    assert!(d.help.contains("半角逗号"), "{d:?}");
}
