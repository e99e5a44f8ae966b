//! The sample tells the truth (issue 18): `check` finds nothing to warn about in it (no
//! retained item rests on a basis that cites no law), and every page says that the site holds
//! sample data, through the site's `notice`, which a published site leaves out.

use crate::support::*;

#[test]
fn the_sample_checks_without_a_single_warning() {
    let (out, list) = check_json(&repo().join("content"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(list.is_empty(), "the sample content reports: {list:#?}");
}

#[test]
fn every_page_of_the_sample_says_that_it_is_a_sample() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&repo().join("content"), out.path());
    let pages = pages(out.path());
    assert!(pages.len() > 50, "only {} pages", pages.len());
    for (rel, text) in &pages {
        let doc = html(text);
        let notice = select(&doc, "body > .site-notice[role=note]");
        assert_eq!(notice.len(), 1, "{rel}: one notice at the top");
        let said: String = notice[0].text().collect();
        let english = rel.starts_with("en/");
        let expected = if english {
            "Sample site"
        } else {
            "示例站点"
        };
        assert!(said.contains(expected), "{rel}: the notice says {said:?}");
        // After the page's own content (the answer comes first on a phone) and before the
        // footer, so that every page, printed or not, ends by saying it.
        let at = text.find("site-notice").unwrap();
        assert!(at > text.find("</main>").unwrap(), "{rel}");
        assert!(at < text.find("site-footer").unwrap(), "{rel}");
    }
}

#[test]
fn a_site_without_a_notice_shows_none_and_a_notice_is_text_not_markup() {
    let site = copy_fixture("minimal");
    let out = tempfile::tempdir().unwrap();
    build_ok(site.path(), out.path());
    for (rel, text) in pages(out.path()) {
        assert!(
            !text.contains("site-notice"),
            "{rel} shows a notice the content did not give"
        );
    }

    edit(
        site.path(),
        "site.yaml",
        "publisher:",
        "notice: { zh-CN: \"试运行<script>alert(1)</script>\", en: On trial }\npublisher:",
    );
    build_ok(site.path(), out.path());
    let home = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    let doc = html(&home);
    assert_eq!(
        text_of(&doc, ".site-notice"),
        "试运行<script>alert(1)</script>"
    );
    assert!(!home.contains("<script>alert"), "the notice is escaped");
    let en = std::fs::read_to_string(out.path().join("en/index.html")).unwrap();
    assert_eq!(text_of(&html(&en), ".site-notice"), "On trial");
}
