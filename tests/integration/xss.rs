//! Untrusted text: every field and every Markdown body carries active content; none of it
//! may reach a page.

use crate::support::*;

const PROBE: &str = "<script>alert(1)</script><img src=x onerror=alert(2)><iframe src=javascript:alert(3)></iframe>";

fn assert_clean(site: &std::path::Path) {
    for (path, text) in pages(site) {
        let doc = html(&text);
        for script in select(&doc, "script") {
            let v = script.value();
            let is_ours = v.attr("src").is_some_and(|s| s.contains("assets/qingdan."));
            let is_data = v.attr("type") == Some("application/ld+json");
            assert!(is_ours || is_data, "{path}: foreign <script>");
            if is_data {
                let body: String = script.text().collect();
                assert!(
                    !body.to_lowercase().contains("</script"),
                    "{path}: JSON-LD breaks out"
                );
            }
        }
        assert!(
            select(&doc, "iframe, object, embed").is_empty(),
            "{path}: embedded content"
        );
        // What the sanitizer leaves stays valid HTML: a link that lost its address is gone,
        // not left as `<a rel>`, and no image lost its `src`.
        for a in select(&doc, "a") {
            let v = a.value();
            assert!(
                v.attr("href").is_some(),
                "{path}: <a> without href: {}",
                a.html()
            );
        }
        for img in select(&doc, "img") {
            assert!(img.value().attr("src").is_some(), "{path}: {}", img.html());
        }
        for el in select(&doc, "*") {
            for (name, value) in el.value().attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{path}: event handler {name}={value}"
                );
                assert!(
                    !value.trim().to_lowercase().starts_with("javascript:"),
                    "{path}: javascript: URL in {name}"
                );
            }
        }
        assert!(
            text.contains("&lt;script>")
                || text.contains("&lt;script&gt;")
                || !text.contains("alert(1)"),
            "{path}: the probe must be escaped, not dropped silently"
        );
    }
}

#[test]
fn probes_in_every_field_and_markdown_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path();
    std::fs::create_dir_all(c.join("certificates")).unwrap();
    std::fs::create_dir_all(c.join("policy")).unwrap();
    let p = PROBE.replace('"', "\\\"");
    // URLs cannot contain spaces; this probe tries to break out of the attribute instead.
    let u = "\\\"><script>alert(1)</script>";
    let t = format!("{{ zh-CN: \"{p}\", en: \"{p}\" }}");
    std::fs::write(
        c.join("site.yaml"),
        format!(
            "title: {t}\nbase_url: https://example.gov.cn/x/\nlanguages:\n  - {{ code: zh-CN, name: \"{p}\" }}\n  - {{ code: en, name: English }}\n\
             publisher: {t}\ncontact:\n  department: {t}\n  phone: \"{p}\"\n  person: {t}\n  address: {t}\n\
             footer:\n  site_code: \"{p}\"\n  icp: \"{p}\"\n  police_record: \"{p}\"\n  error_report_url: \"https://x.example/?q={u}\"\n\
             feedback:\n  action: \"https://x.example/f?{u}\"\n\
             categories:\n  - {{ id: family, name: {t} }}\n"
        ),
    )
    .unwrap();
    let md = "\"<script>alert(1)</script>\\n\\n<a href='javascript:alert(1)' onclick='x()'>link</a> [md](javascript:alert(2)) <iframe src=x></iframe> <img src=x onerror=alert(3)>\"";
    let mt = format!("{{ zh-CN: {md}, en: {md} }}");
    let item = |id: &str, status: &str| {
        format!(
            "  - id: {id}\n    name: {t}\n    category: family\n    status: {status}\n    purpose: {t}\n    basis: {mt}\n    requested_by: {t}\n    issuer: {t}\n    materials: [{t}]\n    steps: [{t}]\n    time_limit: {t}\n    fee: {t}\n    keywords: [{t}]\n    alternative: {mt}\n"
        )
    };
    std::fs::write(
        c.join("certificates/2022-06-30.yaml"),
        format!("date: 2022-06-30\ntitle: {t}\ndocument: \"{p}\"\nissued_by: {t}\nsummary: {mt}\nitems:\n{}{}", item("a", "issued"), item("gone", "issued")),
    )
    .unwrap();
    std::fs::write(
        c.join("certificates/2023-02-21.yaml"),
        format!("date: 2023-02-21\ntitle: {t}\nsummary: {mt}\nnotes:\n  a: {mt}\n  gone: {mt}\nitems:\n{}", item("a", "cancelled")),
    )
    .unwrap();
    std::fs::write(
        c.join("policy/p.md"),
        format!("---\ntitle: \"{p}\"\ndate: 2023-02-22\ndepartment: \"{p}\"\ndocument: \"{p}\"\nrelated:\n  - {{ title: \"{p}\", url: \"https://gov.example/?{u}\" }}\n---\n\n<script>alert(1)</script>\n\n<div onmouseover=\"alert(1)\">x</div>\n\n[a](javascript:alert(1))\n\n<iframe src=\"https://evil.example\"></iframe>\n"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    build_ok(c, out.path());
    assert_clean(out.path());
}

#[test]
fn the_checker_catches_an_injected_script() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&fixture("minimal"), out.path());
    let page = out.path().join("items/kinship/index.html");
    let text = std::fs::read_to_string(&page)
        .unwrap()
        .replace("</h1>", "</h1><script>alert(1)</script>");
    std::fs::write(&page, text).unwrap();
    assert!(std::panic::catch_unwind(|| assert_clean(out.path())).is_err());
}
