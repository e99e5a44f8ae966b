//! The list as an official document (issue 18): the numbered 保留 and 不再出具 tables of each
//! version and of the current list, their printable 公示版, the footer's portal-compliance
//! links on every page, the site map and contact pages, and the warning on a retained item
//! whose 设定依据 cites no law.

use std::path::Path;

use crate::support::*;

fn read(site: &Path, rel: &str) -> scraper::Html {
    let path = site.join(rel);
    html(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}")))
}

fn texts(doc: &scraper::Html, css: &str) -> Vec<String> {
    select(doc, css)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn attr(doc: &scraper::Html, css: &str, name: &str) -> Vec<String> {
    select(doc, css)
        .iter()
        .filter_map(|e| e.value().attr(name).map(str::to_string))
        .collect()
}

/// The minimal fixture with the retained item's basis, requesting and issuing units and a
/// note, so that every column has something in it.
fn fixture_with_columns() -> tempfile::TempDir {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "    purpose: 办理居住证\n",
        "    purpose: 办理居住证\n    basis: 《居住证暂行条例》第九条\n    requested_by: { zh-CN: 公安派出所, en: Police station }\n    issuer: { zh-CN: 居住地社区居民委员会, en: Residents' committee }\n",
    );
    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "notes:\n",
        "notes:\n  residence: { zh-CN: 更名。, en: Renamed. }\n",
    );
    dir
}

const ISSUED_ZH: [&str; 7] = [
    "序号",
    "证明名称",
    "证明用途",
    "设定依据",
    "索要单位",
    "出具单位",
    "备注",
];
const CANCELLED_ZH: [&str; 6] = [
    "序号",
    "证明名称",
    "证明用途",
    "设定依据",
    "索要单位",
    "替代方式",
];

#[test]
fn each_version_and_the_current_list_have_numbered_tables_in_the_official_columns() {
    let dir = fixture_with_columns();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(dir.path(), &site);

    for rel in ["table/index.html", "versions/2023-02-21/table/index.html"] {
        let doc = read(&site, rel);
        assert_eq!(texts(&doc, "h1"), ["第一次调整"], "{rel}");
        let meta = text_of(&doc, "dl.official-meta");
        assert!(
            meta.contains("文号") && meta.contains("测民〔2023〕3号"),
            "{rel}: {meta}"
        );
        assert!(
            meta.contains("发布日期") && meta.contains("2023年2月21日"),
            "{rel}"
        );

        let issued_head = texts(&doc, "table.official-issued thead th");
        assert_eq!(issued_head, ISSUED_ZH, "{rel}");
        assert_eq!(
            select(&doc, "table.official-issued thead th[scope=col]").len(),
            7
        );
        assert!(text_of(&doc, "table.official-issued caption").contains("附件1"));
        let row = texts(&doc, "table.official-issued tbody tr:first-child > *");
        assert_eq!(
            row,
            [
                "1",
                "居（租）住证明",
                "办理居住证",
                "《居住证暂行条例》第九条",
                "公安派出所",
                "居住地社区居民委员会",
                "更名。"
            ],
            "{rel}"
        );
        assert_eq!(
            select(&doc, "table.official-issued tbody th[scope=row] a").len(),
            1,
            "the name is the row's header and links to the item"
        );

        assert_eq!(
            texts(&doc, "table.official-cancelled thead th"),
            CANCELLED_ZH
        );
        assert!(text_of(&doc, "table.official-cancelled caption").contains("附件2"));
        let row = texts(&doc, "table.official-cancelled tbody tr:first-child > *");
        assert_eq!(row[0], "1");
        assert_eq!(row[1], "亲属关系证明");
        assert!(row[5].contains("户口簿"), "the alternative: {row:?}");
        // The scrolling container is a named, focusable region.
        assert_eq!(
            attr(
                &doc,
                "div.table-scroll[role=region][tabindex='0']",
                "aria-labelledby"
            ),
            ["caption-issued", "caption-cancelled"]
        );
    }

    // The first version: three retained items numbered 1 to 3, and an empty 不再出具 table
    // that says so.
    let doc = read(&site, "versions/2022-06-30/table/index.html");
    assert_eq!(
        texts(&doc, "table.official-issued tbody td.num"),
        ["1", "2", "3"]
    );
    assert!(select(&doc, "table.official-cancelled tbody tr").is_empty());
    assert!(text_of(&doc, ".official-empty").contains("没有"));
    assert!(
        text_of(&doc, "p.notice").contains("现行清单"),
        "a past version says so"
    );

    // English headings on the English pages.
    let doc = read(&site, "en/table/index.html");
    assert_eq!(
        texts(&doc, "table.official-issued thead th"),
        [
            "No.",
            "Certificate",
            "Purpose",
            "Legal basis",
            "Requested by",
            "Issued by",
            "Remarks"
        ]
    );
    assert_eq!(
        texts(&doc, "table.official-cancelled thead th")
            .last()
            .unwrap(),
        "What to do instead"
    );
    assert!(text_of(&doc, "table.official-issued tbody").contains("Police station"));
    assert!(text_of(&doc, "dl.official-meta").contains("Document no."));
}

#[test]
fn the_home_page_and_every_version_page_link_to_the_tables_and_the_notice() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(&fixture("minimal"), &site);
    for prefix in ["", "en/"] {
        let home = read(&site, &format!("{prefix}index.html"));
        let links = attr(&home, ".official-links a", "href");
        // Relative links start from the output root (`../en/…` from the English home).
        let up = if prefix.is_empty() { "" } else { "../en/" };
        assert_eq!(
            links,
            [
                format!("{up}table/index.html"),
                format!("{up}table/notice/index.html")
            ],
            "{prefix}"
        );
        // Every version page links to its tables; the current one also to the 公示版, which
        // exists for the list in force only.
        for (date, notice) in [("2022-06-30", false), ("2023-02-21", true)] {
            let page = read(&site, &format!("{prefix}versions/{date}/index.html"));
            let links = attr(&page, ".official-links a", "href");
            let mut want = vec![format!("../../{up}versions/{date}/table/index.html")];
            if notice {
                want.push(format!("../../{up}table/notice/index.html"));
            }
            assert_eq!(links, want);
            for l in &links {
                let target = site.join(format!("{prefix}versions/{date}/{l}"));
                assert!(target.is_file(), "{}", target.display());
            }
        }
    }
}

#[test]
fn long_tables_are_split_into_pages_and_keep_counting() {
    let dir = copy_fixture("minimal");
    let mut items = String::new();
    for i in 1..=130 {
        let status = if i <= 70 { "issued" } else { "cancelled" };
        items.push_str(&format!(
            "  - id: item-{i}\n    name: 证明{i}\n    category: family\n    status: {status}\n    keywords: [词{i}]\n{}",
            if i > 70 { "    alternative: 出示户口簿。\n" } else { "" }
        ));
    }
    std::fs::write(
        dir.path().join("certificates/2024-01-01.yaml"),
        format!("date: 2024-01-01\ntitle: 长清单\ndocument: 测民〔2024〕1号\nitems:\n{items}"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(dir.path(), &site);

    let first = read(&site, "table/index.html");
    let numbers = |doc: &scraper::Html, table: &str| {
        texts(doc, &format!("table.official-{table} tbody td.num"))
            .iter()
            .map(|n| n.parse::<usize>().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(numbers(&first, "issued"), (1..=70).collect::<Vec<_>>());
    assert_eq!(numbers(&first, "cancelled"), (1..=30).collect::<Vec<_>>());
    assert!(text_of(&first, "table.official-cancelled caption").contains("共60项"));
    assert_eq!(
        attr(&first, "a[rel=next]", "href"),
        ["../table/page/2/index.html"]
    );
    let second = read(&site, "table/page/2/index.html");
    assert!(select(&second, "table.official-issued").is_empty());
    assert_eq!(numbers(&second, "cancelled"), (31..=60).collect::<Vec<_>>());
    assert!(site
        .join("versions/2024-01-01/table/page/2/index.html")
        .is_file());
    assert!(site.join("table/notice/page/2/index.html").is_file());
    assert!(!site
        .join("versions/2024-01-01/table/notice/index.html")
        .exists());
    assert!(!site
        .join("versions/2022-06-30/table/notice/index.html")
        .exists());
    assert!(!site.join("table/page/3/index.html").exists());
}

#[test]
fn the_notice_board_version_carries_the_heading_phone_date_and_a_qr_code() {
    let dir = fixture_with_columns();
    edit(
        dir.path(),
        "site.yaml",
        "  phone: 0554-1234567\n",
        "  phone: 0554-1234567\n  supervision_phone: \"0554-7654321\"\n",
    );
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(dir.path(), &site);
    for (prefix, phone_label) in [("", "监督举报电话"), ("en/", "Complaints hotline")] {
        let rel = format!("{prefix}table/notice/index.html");
        let doc = read(&site, &rel);
        assert_eq!(
            select(&doc, "article.notice-sheet.notice-portrait").len(),
            1,
            "short rows print in portrait"
        );
        let contact = text_of(&doc, ".notice-contact");
        assert!(
            contact.contains(phone_label) && contact.contains("0554-7654321"),
            "{rel}"
        );
        assert!(
            contact.contains("2023年2月21日") || contact.contains("21 February 2023"),
            "{rel}: {contact}"
        );
        assert_eq!(attr(&doc, ".notice-qr img", "src"), ["qr.svg"]);
        let qr =
            std::fs::read_to_string(site.join(format!("{prefix}table/notice/qr.svg"))).unwrap();
        assert!(
            qr.starts_with("<svg") || qr.contains("<svg"),
            "{prefix} QR code"
        );
        // Each table's header repeats the title and document number on every printed page.
        for head in texts(&doc, "thead tr.running-head") {
            assert!(head.contains("测民〔2023〕3号"), "{rel}: {head}");
        }
        assert_eq!(select(&doc, "thead tr.running-head").len(), 2);
        // No links in the rows of a printed table.
        assert!(select(&doc, "tbody a").is_empty());
    }

    // A long basis turns the notice to landscape.
    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "    basis: 《居住证暂行条例》第九条\n",
        &format!("    basis: 《居住证暂行条例》第九条{}\n", "规定".repeat(60)),
    );
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(dir.path(), &site);
    let doc = read(&site, "table/notice/index.html");
    assert_eq!(select(&doc, "article.notice-landscape").len(), 1);
    let css = std::fs::read_dir(site.join("assets"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "css"))
        .unwrap();
    let css = std::fs::read_to_string(css).unwrap();
    assert!(css.contains("@page notice-landscape{size:A4 landscape"));
    assert!(css.contains(".official-table thead{display:table-header-group}"));
}

/// The minimal fixture with every footer element configured.
fn fixture_with_footer() -> tempfile::TempDir {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        "site.yaml",
        "  police_record: 皖公网安备 34040302000001号\n",
        "  police_record: 皖公网安备 34040302000001号\n  conac_id: 0A1B2C3D4E5F60718293A4B5C6D7E8F9\n  error_report_url: https://zfwzgl.www.gov.cn/exposure/jiucuo.html\n",
    );
    edit(
        dir.path(),
        "site.yaml",
        "contact:\n",
        "operator: { zh-CN: 测试区数据资源管理局, en: Test District Data Bureau }\nfeedback: { action: https://example.gov.cn/feedback }\ncontact:\n",
    );
    dir
}

#[test]
fn every_page_footer_carries_the_compliance_links_in_their_exact_form() {
    let dir = fixture_with_footer();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(dir.path(), &site);
    for (rel, up, url) in [
        ("index.html", "", "https%3A%2F%2Fexample.gov.cn%2Ftest%2F"),
        (
            "items/kinship/index.html",
            "../../",
            "https%3A%2F%2Fexample.gov.cn%2Ftest%2Fitems%2Fkinship%2F",
        ),
        (
            "en/versions/2023-02-21/table/index.html",
            "../../../../",
            "https%3A%2F%2Fexample.gov.cn%2Ftest%2Fen%2Fversions%2F2023-02-21%2Ftable%2F",
        ),
    ] {
        let doc = read(&site, rel);
        let hrefs = attr(&doc, "footer a", "href");
        let has = |h: &str| hrefs.iter().any(|x| x == h);
        assert!(
            has("https://bszs.conac.cn/sitename?method=show&id=0A1B2C3D4E5F60718293A4B5C6D7E8F9"),
            "{rel}: {hrefs:?}"
        );
        assert!(
            has("https://beian.mps.gov.cn/#/query/webSearch?code=34040302000001"),
            "{rel}"
        );
        assert!(select(&doc, "footer .police-record svg.police-badge").len() == 1);
        assert!(
            has(&format!(
                "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=3404030000&url={url}"
            )),
            "{rel}: {hrefs:?}"
        );
        let lang = if rel.starts_with("en/") { "en/" } else { "" };
        let links = attr(&doc, "footer .footer-links a", "href");
        assert_eq!(
            links,
            [
                format!("{up}{lang}site-map/index.html"),
                format!("{up}{lang}contact/index.html"),
                "#display-settings".to_string()
            ],
            "{rel}"
        );
        for h in &links[..2] {
            let target = site.join(rel).parent().unwrap().join(h);
            assert!(target.is_file(), "{rel}: {h}");
        }
        assert_eq!(select(&doc, "#display-settings").len(), 1);
        let publisher = text_of(&doc, "footer .publisher");
        assert!(
            publisher.contains("测试区民政局") && publisher.contains("测试区数据资源管理局")
                || publisher.contains("Test District Data Bureau"),
            "{rel}: {publisher}"
        );
    }
    let doc = read(&site, "index.html");
    let links = texts(&doc, "footer .footer-links a");
    assert_eq!(links, ["网站地图", "联系我们", "无障碍 / 适老版"]);
    assert!(text_of(&doc, "footer .publisher").contains("承办单位：测试区数据资源管理局"));

    // The 404 page, shown at any path, links with absolute addresses.
    let doc = read(&site, "404.html");
    assert!(attr(&doc, "footer .footer-links a", "href")
        .contains(&"https://example.gov.cn/test/site-map/".to_string()));
}

#[test]
fn without_the_new_keys_the_footer_still_links_the_record_and_no_emblem() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(&fixture("minimal"), &site);
    let doc = read(&site, "index.html");
    let hrefs = attr(&doc, "footer a", "href");
    assert!(
        hrefs.contains(&"https://beian.mps.gov.cn/#/query/webSearch?code=34040302000001".into())
    );
    assert!(!hrefs
        .iter()
        .any(|h| h.contains("conac") || h.contains("jiucuo")));
    assert!(select(&doc, "footer .operator").is_empty());
}

#[test]
fn the_site_map_links_every_section_and_every_version() {
    let dir = fixture_with_footer();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(dir.path(), &site);
    for prefix in ["", "en/"] {
        let rel = format!("{prefix}site-map/index.html");
        let doc = read(&site, &rel);
        let base = site.join(&rel);
        let base = base.parent().unwrap();
        let targets: Vec<String> = attr(&doc, "main a", "href")
            .into_iter()
            .filter(|h| !h.starts_with('#'))
            .map(|h| {
                let path = base.join(&h);
                assert!(path.exists(), "{rel}: {h}");
                let path = std::path::absolute(path).unwrap();
                let mut parts: Vec<String> = Vec::new();
                for c in path.components() {
                    match c {
                        std::path::Component::ParentDir => {
                            parts.pop();
                        }
                        std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into()),
                        _ => {}
                    }
                }
                let root = std::path::absolute(&site).unwrap();
                let depth = root
                    .components()
                    .filter(|c| matches!(c, std::path::Component::Normal(_)))
                    .count();
                parts[depth..].join("/")
            })
            .collect();
        for want in [
            "index.html",
            "changelog/index.html",
            "table/index.html",
            "table/notice/index.html",
            "versions/2022-06-30/index.html",
            "versions/2023-02-21/index.html",
            "changelog/2022-06-30/index.html",
            "changelog/2023-02-21/index.html",
            "versions/2022-06-30/table/index.html",
            "versions/2023-02-21/table/index.html",
            "versions/2022-06-30/changes/index.html",
            "policy/interpretation/index.html",
            "contact/index.html",
        ] {
            let want = format!("{prefix}{want}");
            assert!(targets.contains(&want), "{rel} links {want}: {targets:?}");
        }
        assert!(
            targets.iter().any(|t| t.starts_with("data/")),
            "{rel}: downloads"
        );
        assert!(attr(&doc, "main a", "href").contains(&"#display-settings".to_string()));
    }
}

#[test]
fn the_contact_page_shows_the_contact_and_a_personal_information_notice_beside_the_form() {
    let dir = fixture_with_footer();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(dir.path(), &site);
    let doc = read(&site, "contact/index.html");
    assert_eq!(texts(&doc, "h1"), ["联系我们"]);
    assert!(text_of(&doc, "main").contains("0554-1234567"));
    let notice = text_of(&doc, "#privacy-notice");
    for word in ["姓名", "联系方式", "留言内容", "测试区民政局", "答复"] {
        assert!(notice.contains(word), "{word}: {notice}");
    }
    assert_eq!(attr(&doc, "form", "aria-describedby"), ["privacy-notice"]);
    let doc = read(&site, "en/contact/index.html");
    let notice = text_of(&doc, "#privacy-notice");
    assert!(notice.contains("Test District Civil Affairs Bureau") && notice.contains("name"));
    // Item pages carry the form too, with the same notice.
    let doc = read(&site, "items/kinship/index.html");
    assert_eq!(select(&doc, "#privacy-notice").len(), 1);
}

/// `check --message-format json`'s problems as (severity, code, file, message).
fn problems(content: &Path, lang: &str) -> Vec<(String, String, String, String)> {
    let out = qingdan_in(lang)
        .args(["check", "--message-format", "json", "--content"])
        .arg(content)
        .output()
        .unwrap();
    stdout(&out)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
            (s("severity"), s("code"), s("file"), s("message"))
        })
        .collect()
}

#[test]
fn check_warns_when_a_retained_items_basis_cites_no_law() {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "    purpose: 办理居住证\n",
        "    purpose: 办理居住证\n    basis: 本区有关工作要求；测民〔2023〕3号。\n",
    );
    // A past version's basis is as it was published: not warned about.
    edit(
        dir.path(),
        "certificates/2022-06-30.yaml",
        "    keywords: [租房]\n",
        "    keywords: [租房]\n    basis: 有关要求\n",
    );
    // Nor a cancelled item's.
    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "    alternative:",
        "    basis: 原有要求\n    alternative:",
    );
    let found: Vec<_> = problems(dir.path(), "en")
        .into_iter()
        .filter(|p| p.1 == "basis-cites-no-law")
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    let (severity, _, file, message) = &found[0];
    assert_eq!(severity, "warning");
    assert!(file.ends_with("2023-02-21.yaml"), "{file}");
    assert!(
        message.contains("`residence`") && message.contains("《…》"),
        "{message}"
    );
    let zh = problems(dir.path(), "zh-CN");
    assert!(zh
        .iter()
        .any(|p| p.1 == "basis-cites-no-law" && p.3.contains("设定依据没有引用法律")));

    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "    basis: 本区有关工作要求；测民〔2023〕3号。\n",
        "    basis: 《居住证暂行条例》第九条\n",
    );
    assert!(problems(dir.path(), "en")
        .iter()
        .all(|p| p.1 != "basis-cites-no-law"));
}

#[test]
fn malformed_compliance_identifiers_are_reported_at_their_line() {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        "site.yaml",
        "  police_record: 皖公网安备 34040302000001号\n",
        "  police_record: 皖公网安备号\n  conac_id: \"id=12/34\"\n",
    );
    edit(
        dir.path(),
        "site.yaml",
        "  phone: 0554-1234567\n",
        "  phone: 0554-1234567\n  supervision_phone: 请拨打热线\n",
    );
    let found = problems(dir.path(), "en");
    let of = |code: &str, severity: &str, key: &str| {
        found
            .iter()
            .any(|p| p.1 == code && p.0 == severity && p.3.contains(key))
    };
    assert!(of("bad-identifier", "error", "`conac_id`"), "{found:?}");
    assert!(
        of("bad-identifier", "warning", "`police_record`"),
        "{found:?}"
    );
    assert!(of("bad-phone", "error", "`supervision_phone`"), "{found:?}");
    let zh = problems(dir.path(), "zh-CN");
    assert!(zh
        .iter()
        .any(|p| p.1 == "bad-phone" && p.3.contains("不是电话号码")));
}
