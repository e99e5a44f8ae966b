//! Staff hear Chinese: the binary, run with `--lang zh-CN` on broken content, says each class
//! of problem in Chinese, with its stable `code` in `--message-format json` and its place.
use std::path::Path;

use crate::support::*;

/// Run `qingdan ARGS --lang zh-CN --message-format json` and read the problems it prints.
fn said_in_chinese(args: &[&str], paths: &[&Path]) -> (std::process::Output, Vec<Reported>) {
    let mut command = qingdan();
    command.args(args);
    for (flag, path) in ["--content", "--output"].iter().zip(paths) {
        command.arg(flag).arg(path);
    }
    let out = command
        .args(["--lang", "zh-CN", "--message-format", "json"])
        .output()
        .unwrap();
    let list = reported(&stdout(&out));
    (out, list)
}

fn check_in_chinese(content: &Path) -> Vec<Reported> {
    let (out, list) = said_in_chinese(&["check"], &[content]);
    assert_eq!(out.status.code(), Some(1), "{list:#?}");
    list
}

/// The one problem of class `code`.
fn the<'a>(list: &'a [Reported], code: &str) -> &'a Reported {
    let found: Vec<&Reported> = list.iter().filter(|d| d.code == code).collect();
    assert_eq!(found.len(), 1, "one `{code}` in {list:#?}");
    found[0]
}

const VERSION: &str = "certificates/2023-02-21.yaml";

#[test]
fn a_category_written_by_its_chinese_name_is_named_with_the_id_to_write() {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        VERSION,
        "    category: family",
        "    category: 婚姻家庭",
    );
    let list = check_in_chinese(dir.path());
    let d = the(&list, "category-by-name");
    assert!(d.file.ends_with(VERSION), "{d:?}");
    assert_eq!((d.line, d.column), (Some(10), Some(15)), "{d:?}");
    assert_eq!(
        d.message,
        "写的是类别名称“婚姻家庭”，这里要写类别的 id：`family`"
    );
    assert_eq!(d.help, "写成 `category: family`");
    // In English too, and by its English name.
    edit(dir.path(), VERSION, "婚姻家庭", "Family");
    let (_, list) = check_json(dir.path());
    let d = list.iter().find(|d| d.line == Some(10)).expect("reported");
    assert_eq!(
        d.message,
        "`Family` is the name of the category `family`: write its id here"
    );
    assert_eq!(d.help, "write `category: family`");
}

#[test]
fn an_unknown_category_a_duplicate_id_and_a_missing_alternative_are_said_in_chinese() {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        VERSION,
        "    category: housing",
        "    category: housin",
    );
    edit(dir.path(), VERSION, "  - id: residence", "  - id: kinship");
    edit(
        dir.path(),
        VERSION,
        "    alternative: { zh-CN: 出示**户口簿**。, en: Show your **household register**. }\n",
        "",
    );
    let list = check_in_chinese(dir.path());
    let d = the(&list, "unknown-category");
    assert_eq!((d.line, d.column), (Some(16), Some(15)), "{d:?}");
    assert_eq!(d.message, "类别 `housin` 不存在");
    assert!(d.help.starts_with("是不是要写 `housing`？"), "{d:?}");
    let d = the(&list, "duplicate-id");
    assert_eq!((d.line, d.column), (Some(13), Some(9)), "{d:?}");
    assert_eq!(
        d.message,
        "id `kinship` 在这个版本里用了两次（第一次在第8行）"
    );
    let d = the(&list, "missing-alternative");
    assert_eq!((d.line, d.column), (Some(11), Some(13)), "{d:?}");
    assert!(
        d.message
            .starts_with("不再出具的事项 `kinship` 没有写替代方式"),
        "{d:?}"
    );
    assert!(list.iter().all(|d| d.file.ends_with(VERSION)), "{list:#?}");
}

#[test]
fn a_file_saved_as_gbk_gets_the_chinese_menus_of_the_editors_staff_have() {
    let dir = copy_fixture("minimal");
    let path = dir.path().join(VERSION);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, encoding_rs::GBK.encode(&text).0).unwrap();
    let list = check_in_chinese(dir.path());
    let d = the(&list, "not-utf8");
    assert!(d.file.ends_with(VERSION), "{d:?}");
    // The first line that is not UTF-8: the title's Chinese.
    assert_eq!((d.line, d.column), (Some(2), Some(1)), "{d:?}");
    assert_eq!(d.message, "文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码");
    for part in [
        "Windows 记事本点“文件 → 另存为”，在“编码”中选“UTF-8”",
        "WPS 文字、WPS 表格点“文件 → 另存为”",
        "`--input-encoding gb18030`",
    ] {
        assert!(d.help.contains(part), "{part}: {d:?}");
    }
    assert!(
        !d.help.contains("Notepad") && !d.help.contains("iconv"),
        "{d:?}"
    );
}

#[test]
fn files_the_content_may_not_hold_are_said_in_chinese() {
    let dir = copy_fixture("minimal");
    // A policy file over its 1 MiB limit, a version file that is a link, a NUL.
    let big = format!("---\ntitle: 大\n---\n{}", "字".repeat(350_000));
    let size = big.len();
    std::fs::write(dir.path().join("policy/big.md"), big).unwrap();
    std::os::unix::fs::symlink(
        dir.path().join(VERSION),
        dir.path().join("certificates/2024-01-01.yaml"),
    )
    .unwrap();
    edit(
        dir.path(),
        VERSION,
        "    purpose: 办理居住证",
        "    purpose: 办理\0居住证",
    );
    let list = check_in_chinese(dir.path());
    let d = the(&list, "file-too-large");
    assert!(d.file.ends_with("policy/big.md"), "{d:?}");
    assert_eq!(
        d.message,
        format!("文件大小为1.0 MiB（{size}字节）；政策解读文件最大为1 MiB")
    );
    assert!(d.help.starts_with("政策解读只有几页文字"), "{d:?}");
    let d = the(&list, "file-link");
    assert!(d.file.ends_with("certificates/2024-01-01.yaml"), "{d:?}");
    assert!(d.message.contains("是符号链接（指向 `"), "{d:?}");
    let d = the(&list, "control-character");
    assert_eq!((d.line, d.column), (Some(19), Some(16)), "{d:?}");
    assert_eq!(d.message, "这里不能有控制字符 U+0000（空字符 NUL）");
}

#[test]
fn a_missing_theme_is_said_at_its_line_in_chinese() {
    let dir = copy_fixture("minimal");
    let site = dir.path().join("site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, format!("{text}theme: my-theme\n")).unwrap();
    let list = check_in_chinese(dir.path());
    let d = the(&list, "theme-missing");
    assert!(d.file.ends_with("site.yaml"), "{d:?}");
    assert_eq!(d.line, Some(text.lines().count() as u64 + 1), "{d:?}");
    assert!(
        d.message.starts_with("主题文件夹 `") && d.message.ends_with("my-theme` 不存在"),
        "{d:?}"
    );
}

#[test]
fn an_output_folder_qingdan_did_not_build_is_refused_in_chinese() {
    let content = copy_fixture("minimal");
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("论文.docx"), "多年的心血").unwrap();
    let (status, list) = said_in_chinese(&["build"], &[content.path(), out.path()]);
    assert_eq!(status.status.code(), Some(1), "{list:#?}");
    let d = the(&list, "output-not-ours");
    assert_eq!(d.severity, "error");
    assert_eq!(Path::new(&d.file), out.path());
    assert_eq!(d.line, None);
    assert_eq!(
        d.message,
        "输出文件夹不是空的，也不是 qingdan 生成的网站（其中没有 manifest.json）；生成时会替换其中的全部内容"
    );
    assert!(
        d.help.starts_with("请指定一个空的或新的 `--output` 文件夹"),
        "{d:?}"
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("论文.docx")).unwrap(),
        "多年的心血",
        "left alone"
    );
}

#[test]
fn the_human_form_says_the_class_and_the_fix_in_chinese() {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        VERSION,
        "    category: family",
        "    category: 居住",
    );
    let out = qingdan()
        .args(["check", "--lang", "zh-CN", "--content"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = stderr(&out) + &stdout(&out);
    assert!(text.contains("[category-by-name]"), "{text}");
    assert!(
        text.contains("写的是类别名称“居住”，这里要写类别的 id：`housing`"),
        "{text}"
    );
    assert!(text.contains("写成 `category: housing`"), "{text}");
}
