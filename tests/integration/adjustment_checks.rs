//! The warnings about an adjustment as staff make one: `qingdan new-version` copied the
//! document number, title and summary; a version that changes nothing; a published version
//! edited or renamed after a build; a Chinese text changed beside its old English; document
//! numbers not in the GB/T 9704 form. Each through the binary, in JSON, with its code, where
//! it points and its Chinese message.

use std::fs;
use std::path::Path;

use crate::support::*;

/// `qingdan check` in Chinese and JSON over `content`, comparing with the last build in
/// `output` (never the working directory's `output/`, which a developer's build may fill).
fn check_zh(content: &Path, output: &Path) -> (std::process::Output, Vec<Reported>) {
    let out = qingdan()
        .args([
            "check",
            "--lang",
            "zh-CN",
            "--message-format",
            "json",
            "--content",
        ])
        .arg(content)
        .arg("--output")
        .arg(output)
        .output()
        .unwrap();
    let list = said(content, &stdout(&out));
    (out, list)
}

/// The problems printed, each `file` made relative to the content folder.
fn said(content: &Path, printed: &str) -> Vec<Reported> {
    let root = content.display().to_string();
    (reported(printed).into_iter())
        .map(|d| Reported {
            file: (d.file.strip_prefix(&root).unwrap_or(&d.file))
                .trim_start_matches('/')
                .into(),
            ..d
        })
        .collect()
}

/// The warnings with `code`.
fn with_code<'a>(list: &'a [Reported], code: &str) -> Vec<&'a Reported> {
    list.iter().filter(|d| d.code == code).collect()
}

/// The 1-based line of `rel` in `dir` that contains `needle`, and the column (in characters)
/// where `needle` starts.
fn line_col(dir: &Path, rel: &str, needle: &str) -> (u64, u64) {
    let text = fs::read_to_string(dir.join(rel)).unwrap();
    let (n, line) = (text.lines().enumerate())
        .find(|(_, l)| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` in {rel}"));
    let col = line[..line.find(needle).unwrap()].chars().count();
    (n as u64 + 1, col as u64 + 1)
}

const ADJUSTMENT_CODES: &[&str] = &[
    "copied-from-previous-version",
    "version-changes-nothing",
    "published-version-edited",
    "published-version-missing",
    "stale-translation",
    "document-number-form",
];

#[test]
fn the_sample_and_the_fixture_carry_none_of_these_warnings() {
    let none = tempfile::tempdir().unwrap();
    for content in [repo().join("content"), fixture("minimal")] {
        let (out, list) = check_zh(&content, none.path());
        assert!(out.status.success(), "{}", stderr(&out));
        let found: Vec<&Reported> = (list.iter())
            .filter(|d| ADJUSTMENT_CODES.contains(&d.code.as_str()))
            .collect();
        assert!(found.is_empty(), "{}: {found:#?}", content.display());
    }
}

#[test]
fn right_after_new_version_check_names_the_copied_fields_and_the_unchanged_list() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let made = qingdan()
        .args(["new-version", "2026-03-01", "--content"])
        .arg(&content)
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", stderr(&made));
    let (out, list) = check_zh(&content, &dir.path().join("output"));
    assert!(out.status.success(), "{}", stderr(&out));
    let rel = "certificates/2026-03-01.yaml";
    let copied = with_code(&list, "copied-from-previous-version");
    let at: Vec<(&str, Option<u64>, Option<u64>)> = (copied.iter())
        .map(|d| (d.file.as_str(), d.line, d.column))
        .collect();
    let (title, _) = line_col(&content, rel, "title:");
    let (document, document_col) = line_col(&content, rel, "\"田民〔2025〕36号\"");
    let (summary, _) = line_col(&content, rel, "summary:");
    assert_eq!(
        at,
        [
            (rel, Some(title + 1), Some(3)),
            (rel, Some(document), Some(document_col)),
            (rel, Some(summary + 1), Some(3)),
        ],
        "{copied:#?}"
    );
    assert!(copied.iter().all(|d| d.severity == "warning"));
    assert_eq!(
        copied[0].message,
        "本版本的标题（`title`）与上一版本（2025年9月1日）的相同"
    );
    assert_eq!(
        copied[1].message,
        "本版本的文号 `田民〔2025〕36号` 与上一版本（2025年9月1日）的相同"
    );
    assert!(
        copied[1].help.contains("`田民〔2026〕5号`") && copied[1].help.contains("`# EDIT`"),
        "{}",
        copied[1].help
    );
    assert_eq!(
        copied[2].message,
        "本版本的调整说明（`summary`）与上一版本（2025年9月1日）的相同"
    );
    let nothing = with_code(&list, "version-changes-nothing");
    let [nothing] = &nothing[..] else {
        panic!("{list:#?}")
    };
    let (date, _) = line_col(&content, rel, "date: 2026-03-01");
    assert_eq!(
        (nothing.file.as_str(), nothing.line, nothing.column),
        (rel, Some(date), Some(7))
    );
    assert!(
        nothing
            .message
            .starts_with("本版本（2026年3月1日）与上一版本（2025年9月1日）相比没有任何调整"),
        "{}",
        nothing.message
    );
}

#[test]
fn a_version_with_its_own_title_and_number_but_the_same_items_changes_nothing() {
    let content = copy_fixture("minimal");
    let latest = fs::read_to_string(content.path().join("certificates/2023-02-21.yaml")).unwrap();
    let next = latest
        .replace("date: 2023-02-21", "date: 2024-01-01")
        .replace(
            "第一次调整, en: First adjustment",
            "第二次调整, en: Second adjustment",
        )
        .replace("测民〔2023〕3号", "测民〔2024〕1号")
        .replace(
            "summary: { zh-CN: 取消亲属关系证明。, en: Kinship proof is cancelled. }",
            "summary: { zh-CN: 重新公布。, en: Published again. }",
        );
    fs::write(content.path().join("certificates/2024-01-01.yaml"), next).unwrap();
    let none = tempfile::tempdir().unwrap();
    let (out, list) = check_zh(content.path(), none.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let found: Vec<&Reported> = (list.iter())
        .filter(|d| ADJUSTMENT_CODES.contains(&d.code.as_str()))
        .collect();
    let [d] = &found[..] else { panic!("{list:#?}") };
    assert_eq!(
        (d.code.as_str(), d.file.as_str(), d.line, d.column),
        (
            "version-changes-nothing",
            "certificates/2024-01-01.yaml",
            Some(1),
            Some(7)
        )
    );
    assert_eq!(
        d.message,
        "本版本（2024年1月1日）与上一版本（2023年2月21日）相比没有任何调整：没有新增、移出、更名、取消、恢复或修改任何事项"
    );
    assert!(d.help.contains("`items`"), "{}", d.help);
}

#[test]
fn an_old_version_edited_or_renamed_after_a_build_is_named_until_the_next_build() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let output = dir.path().join("site");
    copy_dir(&fixture("minimal"), &content);
    build_ok(&content, &output);
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(output.join("manifest.json")).unwrap()).unwrap();
    let recorded = &manifest["sources"]["versions"];
    assert_eq!(
        recorded.as_object().unwrap().keys().collect::<Vec<_>>(),
        [
            "certificates/2022-06-30.yaml",
            "certificates/2023-02-21.yaml"
        ]
    );
    assert_eq!(
        manifest["sources"]["base_url"],
        "https://example.gov.cn/test/"
    );
    let (_, list) = check_zh(&content, &output);
    assert!(
        with_code(&list, "published-version-edited").is_empty(),
        "{list:#?}"
    );

    // The newest version is still corrected freely; an older one is not.
    edit(
        &content,
        "certificates/2023-02-21.yaml",
        "办理居住证",
        "办理居住证等",
    );
    edit(
        &content,
        "certificates/2022-06-30.yaml",
        "keywords: [旧]",
        "keywords: [旧, 老]",
    );
    let (out, list) = check_zh(&content, &output);
    assert!(out.status.success(), "{}", stderr(&out));
    let edited = with_code(&list, "published-version-edited");
    let [d] = &edited[..] else {
        panic!("{list:#?}")
    };
    assert_eq!(
        (d.file.as_str(), d.line, d.column),
        ("certificates/2022-06-30.yaml", Some(1), Some(7))
    );
    assert_eq!(
        d.message,
        "这个已公布的版本（2022年6月30日）在上次生成网站之后被修改过"
    );
    assert!(
        d.help.starts_with("已公布的版本不应再修改") && d.help.contains("`qingdan new-version`"),
        "{}",
        d.help
    );
    // The build says it too, then records the file as it published it.
    let built = qingdan()
        .args(["build", "--message-format", "json", "--content"])
        .arg(&content)
        .arg("--output")
        .arg(&output)
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", stderr(&built));
    let codes: Vec<String> = said(&content, &stdout(&built))
        .into_iter()
        .map(|d| d.code)
        .collect();
    assert!(
        codes.contains(&"published-version-edited".to_string()),
        "{codes:?}"
    );
    let (_, list) = check_zh(&content, &output);
    assert!(
        with_code(&list, "published-version-edited").is_empty(),
        "{list:#?}"
    );

    // Renamed: the published name is gone.
    fs::rename(
        content.join("certificates/2022-06-30.yaml"),
        content.join("certificates/2022-07-01.yaml"),
    )
    .unwrap();
    edit(
        &content,
        "certificates/2022-07-01.yaml",
        "date: 2022-06-30",
        "date: 2022-07-01",
    );
    let (out, list) = check_zh(&content, &output);
    assert!(out.status.success(), "{}", stderr(&out));
    let gone = with_code(&list, "published-version-missing");
    let [d] = &gone[..] else { panic!("{list:#?}") };
    assert_eq!(
        (d.file.as_str(), d.line, d.column),
        ("certificates/2022-06-30.yaml", None, None)
    );
    assert_eq!(
        d.message,
        "已公布的版本 `certificates/2022-06-30.yaml` 不在内容文件夹中了（被删除或改名）"
    );
}

#[test]
fn a_manifest_without_sources_or_for_another_site_gives_no_warning_and_still_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let output = dir.path().join("site");
    copy_dir(&fixture("minimal"), &content);
    build_ok(&content, &output);
    edit(
        &content,
        "certificates/2022-06-30.yaml",
        "keywords: [旧]",
        "keywords: [旧, 老]",
    );
    let path = output.join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    manifest["sources"]["base_url"] = "https://other.gov.cn/".into();
    fs::write(&path, serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
    let (_, list) = check_zh(&content, &output);
    assert!(
        with_code(&list, "published-version-edited").is_empty(),
        "{list:#?}"
    );
    // As a manifest of an earlier qingdan: no record at all.
    manifest.as_object_mut().unwrap().remove("sources");
    fs::write(&path, serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
    let (_, list) = check_zh(&content, &output);
    assert!(
        with_code(&list, "published-version-edited").is_empty(),
        "{list:#?}"
    );
    let verified = qingdan().arg("verify").arg(&output).output().unwrap();
    assert!(verified.status.success(), "{}", stderr(&verified));
    // And the next build records it again.
    build_ok(&content, &output);
    let manifest: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    assert!(manifest["sources"]["versions"]["certificates/2022-06-30.yaml"].is_string());
}

#[test]
fn a_chinese_text_changed_beside_its_old_english_is_named_at_the_chinese() {
    let content = copy_fixture("minimal");
    let latest = fs::read_to_string(content.path().join("certificates/2023-02-21.yaml")).unwrap();
    let next = latest
        .replace("date: 2023-02-21", "date: 2024-01-01")
        .replace(
            "第一次调整, en: First adjustment",
            "第二次调整, en: Second adjustment",
        )
        .replace("测民〔2023〕3号", "测民〔2024〕1号")
        .replace(
            "{ zh-CN: 居（租）住证明, en: Proof of residence }",
            "{ zh-CN: 居住证明, en: Proof of residence }",
        );
    let rel = "certificates/2024-01-01.yaml";
    fs::write(content.path().join(rel), next).unwrap();
    let none = tempfile::tempdir().unwrap();
    let (out, list) = check_zh(content.path(), none.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let stale = with_code(&list, "stale-translation");
    let [d] = &stale[..] else { panic!("{list:#?}") };
    let (line, col) = line_col(content.path(), rel, "zh-CN: 居住证明");
    assert_eq!(
        (d.file.as_str(), d.line, d.column),
        (rel, Some(line), Some(col))
    );
    assert_eq!(
        d.message,
        "事项 `residence` 的 `name`：`zh-CN` 文本已修改，`en` 文本却与上一版本（2023年2月21日）的相同，译文可能没有更新"
    );
    assert!(
        d.help.starts_with("按修改后的 `zh-CN` 文本更新 `en` 译文"),
        "{}",
        d.help
    );
}

#[test]
fn document_numbers_not_in_the_gb_t_9704_form_are_named_with_the_right_form() {
    let none = tempfile::tempdir().unwrap();
    for (written, says, right) in [
        (
            "测民〔2023〕03号",
            "序号不编虚位（1不编为01）",
            "测民〔2023〕3号",
        ),
        ("测民〔2023〕第3号", "序号前不加“第”字", "测民〔2023〕3号"),
        (
            "测民[2023]3号",
            "年份要用六角括号〔〕括入，不用 `[]`",
            "测民〔2023〕3号",
        ),
        (
            "〔2023〕3号",
            "年份前缺少发文机关代字（如 `田民`）",
            "田民〔2025〕36号",
        ),
    ] {
        let content = copy_fixture("minimal");
        let rel = "certificates/2023-02-21.yaml";
        edit(
            content.path(),
            rel,
            "document: 测民〔2023〕3号",
            &format!("document: \"{written}\""),
        );
        let (out, list) = check_zh(content.path(), none.path());
        assert!(out.status.success(), "{}", stderr(&out));
        let found = with_code(&list, "document-number-form");
        let [d] = &found[..] else {
            panic!("{written}: {list:#?}")
        };
        assert_eq!(
            (d.severity.as_str(), d.file.as_str(), d.line, d.column),
            ("warning", rel, Some(3), Some(11)),
            "{written}"
        );
        assert_eq!(
            d.message,
            format!("文号 `{written}` 不符合GB/T 9704-2012的格式：{says}"),
        );
        assert!(
            d.help.ends_with(&format!("应写作 `{right}`")),
            "{written}: {}",
            d.help
        );
    }
}
