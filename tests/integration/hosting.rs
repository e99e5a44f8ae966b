//! The hosting contract: sitemap, robots.txt, canonical and hreflang links, hashed assets,
//! the manifest and `qingdan verify`, precompressed siblings.

use crate::support::*;

#[test]
fn sitemap_lists_every_page_with_language_alternates() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&fixture("minimal"), out.path());
    let sitemap = std::fs::read_to_string(out.path().join("sitemap.xml")).unwrap();
    let pages: Vec<String> = pages(out.path())
        .into_keys()
        .filter(|p| p != "404.html")
        .collect();
    assert_eq!(
        sitemap.matches("<url>").count(),
        pages.len(),
        "one <url> per page"
    );
    for page in &pages {
        let url = format!(
            "https://example.gov.cn/test/{}",
            page.trim_end_matches("index.html")
        );
        assert!(
            sitemap.contains(&format!("<loc>{url}</loc>")),
            "{url} missing from the sitemap"
        );
    }
    assert!(sitemap.contains(r#"<xhtml:link rel="alternate" hreflang="en" href="https://example.gov.cn/test/en/items/kinship/"/>"#));
    assert!(sitemap
        .contains(r#"hreflang="x-default" href="https://example.gov.cn/test/items/kinship/""#));
    assert!(!sitemap.contains("<lastmod></lastmod>"));
    let robots = std::fs::read_to_string(out.path().join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://example.gov.cn/test/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn every_page_has_canonical_and_hreflang_links() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&fixture("minimal"), out.path());
    for (path, text) in pages(out.path()) {
        let doc = html(&text);
        let canonical = select(&doc, "link[rel=canonical]");
        assert_eq!(canonical.len(), 1, "{path}");
        let href = canonical[0].value().attr("href").unwrap();
        assert!(
            href.starts_with("https://example.gov.cn/test/"),
            "{path}: {href}"
        );
        let langs: Vec<&str> = select(&doc, "link[rel=alternate][hreflang]")
            .iter()
            .map(|l| l.value().attr("hreflang").unwrap())
            .collect();
        assert_eq!(langs, ["zh-CN", "en", "x-default"], "{path}");
    }
}

#[test]
fn css_and_js_names_carry_a_content_hash() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&fixture("minimal"), out.path());
    let assets: Vec<String> = tree(&out.path().join("assets")).into_keys().collect();
    for a in &assets {
        if a.ends_with(".css") || a.ends_with(".js") {
            let stem = a.rsplit_once('.').unwrap().0;
            let hash = stem.rsplit_once('.').unwrap().1;
            assert!(
                hash.len() == 10 && hash.chars().all(|c| c.is_ascii_hexdigit()),
                "{a}"
            );
        }
    }
    assert_eq!(
        assets
            .iter()
            .filter(|a| a.ends_with(".css") || a.ends_with(".js"))
            .count(),
        2
    );
}

#[test]
fn manifest_lists_every_file_and_verify_names_each_difference() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(&fixture("minimal"), &site);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("manifest.json")).unwrap()).unwrap();
    let listed: Vec<&String> = manifest["files"].as_object().unwrap().keys().collect();
    // Not the lists of what changed since the previous build (docs/hosting.md).
    let files: Vec<String> = tree(&site)
        .into_keys()
        .filter(|p| !["manifest.json", "changes.json", "changes.txt"].contains(&p.as_str()))
        .collect();
    assert_eq!(listed, files.iter().collect::<Vec<_>>());
    let index = &manifest["files"]["index.html"];
    assert_eq!(
        index["size"].as_u64().unwrap(),
        std::fs::metadata(site.join("index.html")).unwrap().len()
    );
    assert_eq!(index["sha256"].as_str().unwrap().len(), 64);

    let ok = qingdan().arg("verify").arg(&site).output().unwrap();
    assert!(ok.status.success(), "{}", stdout(&ok));
    assert!(stdout(&ok).contains("match manifest.json"));

    std::fs::remove_file(site.join("items/kinship/index.html")).unwrap();
    std::fs::write(site.join("index.html"), "tampered").unwrap();
    std::fs::write(site.join("uploaded-by-mistake.txt"), "x").unwrap();
    let bad = qingdan().arg("verify").arg(&site).output().unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let text = stdout(&bad);
    assert!(text.contains("missing: items/kinship/index.html"), "{text}");
    assert!(text.contains("altered: index.html"), "{text}");
    assert!(text.contains("extra: uploaded-by-mistake.txt"), "{text}");

    let none = qingdan().arg("verify").arg(out.path()).output().unwrap();
    assert_eq!(
        none.status.code(),
        Some(1),
        "a folder without manifest is not verified"
    );
}

#[test]
fn precompress_writes_gzip_and_brotli_siblings_listed_in_the_manifest() {
    let out = tempfile::tempdir().unwrap();
    let result = qingdan()
        .args(["build", "--precompress", "--content"])
        .arg(fixture("minimal"))
        .arg("--output")
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    assert!(result.status.success(), "{}", stderr(&result));
    let files = tree(&out.path().join("site"));
    for (path, bytes) in &files {
        let compressible = [".html", ".css", ".js", ".json", ".xml", ".svg"]
            .iter()
            .any(|e| path.ends_with(e));
        let lists = ["manifest.json", "changes.json"];
        if compressible && !lists.contains(&path.as_str()) {
            let gz = &files[&format!("{path}.gz")];
            let mut back = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back)
                .unwrap();
            assert!(&back == bytes, "{path}.gz decompresses to the file");
            assert!(files.contains_key(&format!("{path}.br")), "{path}.br");
        }
    }
    let manifest = String::from_utf8(files["manifest.json"].clone()).unwrap();
    assert!(manifest.contains("\"index.html.br\"") && manifest.contains("\"index.html.gz\""));
    let verify = qingdan()
        .arg("verify")
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    assert!(verify.status.success());
}

#[test]
fn footer_pieces_are_optional_and_leave_no_empty_markup() {
    let dir = copy_fixture("minimal");
    edit(dir.path(), "site.yaml", "footer:\n  site_code: \"3404030000\"\n  icp: 皖ICP备12345678号\n  police_record: 皖公网安备 34040302000001号\n", "");
    let out = tempfile::tempdir().unwrap();
    build_ok(dir.path(), out.path());
    let doc = html(&std::fs::read_to_string(out.path().join("index.html")).unwrap());
    assert!(select(&doc, "footer ul.identifiers").is_empty());
    assert!(select(&doc, "footer img").is_empty());
    for el in select(&doc, "footer *") {
        let empty = el.text().all(|t| t.trim().is_empty())
            && el.value().name() != "img"
            && el.children().next().is_none();
        assert!(!empty, "empty <{}> in the footer", el.value().name());
    }
}

#[test]
fn emblem_and_error_report_link_when_configured() {
    let dir = copy_fixture("minimal");
    std::fs::write(dir.path().join("emblem.png"), b"\x89PNG\r\n\x1a\nfake").unwrap();
    edit(dir.path(), "site.yaml", "footer:\n", "footer:\n  emblem: emblem.png\n  error_report_url: https://zfwzgl.www.gov.cn/exposure/jiucuo.html\n");
    let out = tempfile::tempdir().unwrap();
    build_ok(dir.path(), out.path());
    assert!(out.path().join("assets/content/emblem.png").is_file());
    let doc =
        html(&std::fs::read_to_string(out.path().join("en/items/kinship/index.html")).unwrap());
    let img = select(&doc, "footer img");
    assert_eq!(
        img[0].value().attr("src"),
        Some("../../../assets/content/emblem.png")
    );
    assert!(!img[0].value().attr("alt").unwrap_or("").is_empty());
    // With the site code and this page's address (issue 18; tests/integration/official.rs).
    let link = select(
        &doc,
        "footer a[href='https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=3404030000&url=https%3A%2F%2Fexample.gov.cn%2Ftest%2Fen%2Fitems%2Fkinship%2F']",
    );
    assert_eq!(link.len(), 1);

    edit(
        dir.path(),
        "site.yaml",
        "emblem: emblem.png",
        "emblem: ../outside.png",
    );
    let result = build(dir.path(), out.path());
    assert_eq!(result.status.code(), Some(1));
    assert!(stderr(&result).contains("must be a file inside the content folder"));
}

#[test]
fn not_found_page_is_bilingual_with_absolute_links() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&fixture("minimal"), out.path());
    let doc = html(&std::fs::read_to_string(out.path().join("404.html")).unwrap());
    let main = text_of(&doc, "main");
    assert!(
        main.contains("您访问的页面不存在") && main.contains("This page does not exist"),
        "{main}"
    );
    assert_eq!(
        select(&doc, "main a[lang=en]").len(),
        1,
        "the English message is marked as English"
    );
    // Every reference, not only links: the stylesheet, the script and the feed's `<link>` too.
    let mut checked = 0;
    for (selector, attr) in [
        ("a[href]", "href"),
        ("link[href]", "href"),
        ("script[src]", "src"),
    ] {
        for e in select(&doc, selector) {
            let url = e.value().attr(attr).unwrap();
            let works_anywhere =
                url.starts_with("https://") || url.starts_with("tel:") || url.starts_with('#');
            assert!(
                works_anywhere,
                "404.html works at any depth: {selector} {url}"
            );
            checked += 1;
        }
    }
    assert!(select(&doc, "link[rel=alternate][type='application/atom+xml']").len() == 1);
    assert!(checked > 10, "{checked}");
}
