//! Every page kind exists in every language, with the content it promises.

use crate::support::*;

#[test]
fn every_page_kind_exists_in_both_languages() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&fixture("minimal"), &out.path().join("site"));
    let site = out.path().join("site");
    for prefix in ["", "en/"] {
        for page in [
            "index.html",
            "changelog/index.html",
            "changelog/2022-06-30/index.html",
            "changelog/2023-02-21/index.html",
            "versions/2022-06-30/index.html",
            "versions/2023-02-21/index.html",
            "items/kinship/index.html",
            "items/residence/index.html",
            "items/tenancy/index.html",
            "items/old-item/index.html",
            "policy/interpretation/index.html",
        ] {
            let path = site.join(format!("{prefix}{page}"));
            assert!(path.is_file(), "missing {prefix}{page}");
            let doc = html(&std::fs::read_to_string(&path).unwrap());
            let lang = select(&doc, "html")[0]
                .value()
                .attr("lang")
                .unwrap()
                .to_string();
            assert_eq!(
                lang,
                if prefix.is_empty() { "zh-CN" } else { "en" },
                "{prefix}{page}"
            );
            assert_eq!(select(&doc, "h1").len(), 1, "one h1 on {prefix}{page}");
            let footer = text_of(&doc, "footer");
            assert!(
                footer.contains("3404030000") && footer.contains("皖ICP备12345678号"),
                "footer ids on {prefix}{page}"
            );
            assert!(
                footer.contains("皖公网安备"),
                "police record on {prefix}{page}"
            );
            let switch = select(&doc, "nav.languages a");
            assert_eq!(switch.len(), 2, "language switcher on {prefix}{page}");
        }
    }
    assert!(site.join("404.html").is_file());
}

#[test]
fn item_pages_answer_first_then_history() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(&fixture("minimal"), &site);
    let read = |p: &str| html(&std::fs::read_to_string(site.join(p)).unwrap());

    let kinship = read("items/kinship/index.html");
    let verdict = text_of(&kinship, ".verdict");
    assert!(verdict.contains("不再出具"), "{verdict}");
    assert!(
        verdict.contains("户口簿"),
        "alternative shown in the verdict: {verdict}"
    );
    let history = text_of(&kinship, ".history");
    assert!(
        history.contains("2022年6月30日") && history.contains("2023年2月21日"),
        "{history}"
    );
    assert!(
        history.contains("按民发〔2020〕20号取消"),
        "note beside the change: {history}"
    );

    let residence = read("en/items/residence/index.html");
    assert!(text_of(&residence, ".verdict").contains("Can issue"));
    // `purpose` was written in Chinese only: shown with its lang and a visible note.
    let marked = select(&residence, "dd span[lang=zh-CN]");
    assert!(marked
        .iter()
        .any(|e| e.text().collect::<String>() == "办理居住证"));
    assert!(text_of(&residence, "dd").contains("not yet translated"));

    let tenancy = read("items/tenancy/index.html");
    let verdict = text_of(&tenancy, ".verdict");
    assert!(verdict.contains("已更名"), "{verdict}");
    let successor = select(&tenancy, ".verdict a");
    assert_eq!(
        successor[0].value().attr("href"),
        Some("../../items/residence/index.html")
    );

    let old = read("items/old-item/index.html");
    assert!(text_of(&old, ".verdict").contains("已于2023年2月21日移出清单"));
}

#[test]
fn home_splits_issued_and_cancelled_and_shows_latest_adjustment() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(&fixture("minimal"), &site);
    let home = html(&std::fs::read_to_string(site.join("index.html")).unwrap());
    let issued = text_of(&home, ".issued-list");
    let cancelled = text_of(&home, ".cancelled-list");
    assert!(issued.contains("居（租）住证明") && !issued.contains("亲属关系证明"));
    assert!(cancelled.contains("亲属关系证明") && cancelled.contains("户口簿"));
    let latest = text_of(&home, ".latest");
    assert!(
        latest.contains("2023年2月21日") && latest.contains("测民〔2023〕3号"),
        "{latest}"
    );
    assert!(!select(&home, "a[href='policy/interpretation/index.html']").is_empty());
}

#[test]
fn changelog_lists_each_kind_of_change_with_notes() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(&fixture("minimal"), &site);
    let first =
        html(&std::fs::read_to_string(site.join("changelog/2022-06-30/index.html")).unwrap());
    assert!(text_of(&first, "main").contains("首次公布"));
    let page =
        html(&std::fs::read_to_string(site.join("en/changelog/2023-02-21/index.html")).unwrap());
    let cancelled = text_of(&page, ".section-cancelled");
    assert!(
        cancelled.contains("Proof of kinship")
            && cancelled.contains("Cancelled under the 2020 national list")
    );
    assert!(text_of(&page, ".section-renamed").contains("Proof of tenancy"));
    assert!(text_of(&page, ".section-removed").contains("旧证明"));
    let meta = text_of(&page, "dl.meta");
    assert!(meta.contains("测民〔2023〕3号"));
    let index = html(&std::fs::read_to_string(site.join("changelog/index.html")).unwrap());
    let dates: Vec<(&str, String)> = select(&index, "ol.versions time")
        .iter()
        .map(|t| (t.value().attr("datetime").unwrap(), t.text().collect()))
        .collect();
    assert_eq!(
        dates,
        [
            ("2023-02-21", "2023年2月21日".to_string()),
            ("2022-06-30", "2022年6月30日".to_string())
        ],
        "newest first"
    );
}

#[test]
fn policy_page_has_metadata_contact_and_table() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(&fixture("minimal"), &site);
    let zh = html(&std::fs::read_to_string(site.join("policy/interpretation/index.html")).unwrap());
    let meta = text_of(&zh, ".meta");
    assert!(
        meta.contains("测民〔2023〕3号")
            && meta.contains("2023年2月22日")
            && meta.contains("测试区民政局")
    );
    assert!(text_of(&zh, ".contact").contains("0554-1234567"));
    assert_eq!(select(&zh, ".body table").len(), 1);
    assert!(
        select(&zh, "form").is_empty(),
        "no feedback form without feedback.action"
    );
    // No English file: the Chinese text is shown, marked.
    let en =
        html(&std::fs::read_to_string(site.join("en/policy/interpretation/index.html")).unwrap());
    assert_eq!(select(&en, "article.policy[lang=zh-CN]").len(), 1);
    assert!(text_of(&en, ".untranslated").contains("not yet translated"));
}

#[test]
fn feedback_form_appears_when_configured() {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        "site.yaml",
        "categories:",
        "feedback:\n  action: https://portal.example.gov.cn/feedback\ncategories:",
    );
    let out = tempfile::tempdir().unwrap();
    build_ok(dir.path(), out.path());
    let page = html(
        &std::fs::read_to_string(out.path().join("policy/interpretation/index.html")).unwrap(),
    );
    let form = select(&page, "form");
    assert_eq!(
        form[0].value().attr("action"),
        Some("https://portal.example.gov.cn/feedback")
    );
    for id in ["fb-name", "fb-contact", "fb-content"] {
        assert_eq!(
            select(&page, &format!("label[for={id}]")).len(),
            1,
            "label for {id}"
        );
    }
}

#[test]
fn the_shipped_sample_builds_with_every_item_page() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&repo().join("content"), out.path());
    let items: Vec<String> = std::fs::read_dir(out.path().join("items"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(items.len() >= 20, "{items:?}");
    for id in &items {
        assert!(out
            .path()
            .join("en/items")
            .join(id)
            .join("index.html")
            .is_file());
    }
}
