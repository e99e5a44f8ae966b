//! Files the content publishes (a version's attachments, an item's 证明式样), a version's
//! 施行日期 and its dated corrections (更正), on the fixture `attachments` (the minimal site
//! with each of them).

use std::fs;
use std::path::Path;

use crate::support::*;

/// The page at `page` (a path in the output) links `href`: the file it leads to, from the root.
fn target(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for piece in href.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The links to attachments on `page` of `out`: (file from the root, link text, kind and size).
fn attachment_links(out: &Path, page: &str) -> Vec<(String, String, String)> {
    let doc = html(&fs::read_to_string(out.join(page)).unwrap());
    select(&doc, ".attachment")
        .iter()
        .map(|e| {
            let a = e
                .select(&scraper::Selector::parse("a").unwrap())
                .next()
                .unwrap();
            let href = a.value().attr("href").unwrap();
            assert!(href.starts_with("../"), "{page}: {href} is not relative");
            let meta = e
                .select(&scraper::Selector::parse(".attachment-meta").unwrap())
                .map(|m| m.text().collect::<String>())
                .collect::<String>();
            (target(page, href), a.text().collect(), meta)
        })
        .collect()
}

#[test]
fn attachments_are_copied_byte_for_byte_and_linked_with_their_kind_and_size() {
    let out = tempfile::tempdir().unwrap();
    let content = fixture("attachments");
    build_ok(&content, out.path());
    let notice = fs::read(content.join("files/notice.pdf")).unwrap();
    let specimen = fs::read(content.join("files/specimen.pdf")).unwrap();
    for (path, bytes) in [
        ("versions/2022-06-30/files/1-notice.pdf", &notice),
        ("versions/2023-02-21/files/1-notice.pdf", &notice),
        ("versions/2023-02-21/files/2-specimen.pdf", &specimen),
        ("items/tenancy/files/specimen-2022-06-30.pdf", &specimen),
        ("items/residence/files/specimen-2023-02-21.pdf", &specimen),
    ] {
        assert_eq!(&fs::read(out.path().join(path)).unwrap(), bytes, "{path}");
    }
    let kb = format!("{} KB", notice.len().div_ceil(1024));
    let notice_link = |date: &str| {
        (
            format!("versions/{date}/files/1-notice.pdf"),
            "关于调整证明事项清单的通知".to_string(),
            format!("（PDF，{kb}）"),
        )
    };
    for page in [
        "versions/2023-02-21/index.html",
        "changelog/2023-02-21/index.html",
    ] {
        let links = attachment_links(out.path(), page);
        assert_eq!(links.len(), 2, "{page}: {links:?}");
        assert_eq!(links[0], notice_link("2023-02-21"), "{page}");
        assert_eq!(links[1].0, "versions/2023-02-21/files/2-specimen.pdf");
        assert_eq!(links[1].1, "清单附件");
    }
    // In English, from one folder deeper, with the title's translation.
    let links = attachment_links(out.path(), "en/changelog/2022-06-30/index.html");
    assert_eq!(
        links,
        [(
            "versions/2022-06-30/files/1-notice.pdf".to_string(),
            "Notice publishing the list".to_string(),
            format!(" (PDF, {kb})")
        )]
    );
    // The item page links its specimen, titled by the content or by the page's word for it.
    let specimen_kb = format!("{} KB", specimen.len().div_ceil(1024));
    assert_eq!(
        attachment_links(out.path(), "items/residence/index.html"),
        [(
            "items/residence/files/specimen-2023-02-21.pdf".to_string(),
            "居（租）住证明式样".to_string(),
            format!("（PDF，{specimen_kb}）")
        )]
    );
    let doc = html(&fs::read_to_string(out.path().join("items/tenancy/index.html")).unwrap());
    assert_eq!(text_of(&doc, ".attachment a"), "下载证明式样");
    assert!(text_of(&doc, "dl.details").contains("证明式样"));
}

#[test]
fn the_open_data_names_each_specimen_and_the_version_s_files_and_dates() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&fixture("attachments"), out.path());
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.path().join("data/certificates.json")).unwrap())
            .unwrap();
    assert_eq!(json["effective"], "2023-03-01");
    assert_eq!(
        json["attachments"][0]["url"],
        "https://example.gov.cn/test/versions/2023-02-21/files/1-notice.pdf"
    );
    assert_eq!(json["attachments"][0]["media_type"], "application/pdf");
    let residence = (json["items"].as_array().unwrap().iter())
        .find(|i| i["id"] == "residence")
        .unwrap();
    assert_eq!(
        residence["specimen"]["url"],
        "https://example.gov.cn/test/items/residence/files/specimen-2023-02-21.pdf"
    );
    let old: serde_json::Value = serde_json::from_slice(
        &fs::read(out.path().join("data/versions/2022-06-30.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(old["corrections"][0]["date"], "2022-07-15");
    // A specimen given or changed in a version is a change of the item, in the changelog.
    let changes: serde_json::Value =
        serde_json::from_slice(&fs::read(out.path().join("data/changes.json")).unwrap()).unwrap();
    let renamed = (changes["versions"][1]["changes"].as_array().unwrap().iter())
        .find(|c| c["id"] == "residence")
        .unwrap();
    let specimen = (renamed["fields"].as_array().unwrap().iter())
        .find(|f| f["field"] == "specimen")
        .unwrap();
    assert_eq!(
        specimen["before"]["url"],
        "https://example.gov.cn/test/items/tenancy/files/specimen-2022-06-30.pdf"
    );
    assert_eq!(specimen["after"]["title"]["zh-CN"], "居（租）住证明式样");
    // The open-data schema describes the new members (it refuses unknown ones).
    let schema: serde_json::Value =
        serde_json::from_slice(&fs::read(repo().join("schema/open-data.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    for doc in [&json, &old, &changes] {
        let problems: Vec<String> = validator.iter_errors(doc).map(|e| e.to_string()).collect();
        assert!(problems.is_empty(), "{problems:?}");
    }
    // The spreadsheets' 证明式样 column, just before 编号, holds the path from the site's root.
    let rows = csv_records(&fs::read(out.path().join("data/certificates.csv")).unwrap());
    let n = rows[0].len();
    assert_eq!(&rows[0][n - 2..], ["证明式样", "编号"]);
    let row = rows.iter().find(|r| r[n - 1] == "residence").unwrap();
    assert_eq!(row[n - 2], "items/residence/files/specimen-2023-02-21.pdf");
    let row = rows.iter().find(|r| r[n - 1] == "kinship").unwrap();
    assert_eq!(row[n - 2], "");
    // The workbook's title block carries the 施行日期 beside the date of publication.
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(out.path().join("data/certificates.xlsx")).unwrap();
    let sheet = book.worksheet_range("保留清单").unwrap();
    let block = sheet.get_value((1, 0)).unwrap().to_string();
    assert!(
        block.contains("发布日期：2023年2月21日　施行日期：2023年3月1日"),
        "{block}"
    );
    let header: Vec<String> = (0..sheet.width())
        .map(|c| sheet.get_value((2, c as u32)).unwrap().to_string())
        .collect();
    assert_eq!(&header[header.len() - 2..], ["证明式样", "编号"]);
}

#[test]
fn a_list_imported_from_the_published_workbook_keeps_each_specimen() {
    let work = tempfile::tempdir().unwrap();
    let (site, out) = (work.path().join("content"), work.path().join("out"));
    copy_dir(&fixture("attachments"), &site);
    build_ok(&site, &out);
    let got = qingdan()
        .arg("import")
        .arg(out.join("data/certificates.xlsx"))
        .args(["--date", "2099-01-01", "--content"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(got.status.success(), "{}", stderr(&got));
    let written = fs::read_to_string(site.join("certificates/2099-01-01.yaml")).unwrap();
    assert!(
        written.contains(
            "    specimen: { title: { zh-CN: \"居（租）住证明式样\", en: \"Template of the proof of residence\" }, file: \"files/specimen.pdf\" }\n"
        ),
        "{written}"
    );
    let (out, list) = check_json(&site);
    assert!(out.status.success(), "{list:#?}");
}

#[test]
fn rebuilding_with_attachments_is_byte_identical() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    build_ok(&fixture("attachments"), a.path());
    build_ok(&fixture("attachments"), b.path());
    assert!(tree(a.path()) == tree(b.path()));
}

#[test]
fn the_effective_date_stands_beside_the_publication_date() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&fixture("attachments"), out.path());
    for page in [
        "versions/2023-02-21/index.html",
        "changelog/2023-02-21/index.html",
        "versions/2023-02-21/table/index.html",
        "table/index.html",
    ] {
        let doc = html(&fs::read_to_string(out.path().join(page)).unwrap());
        let meta = text_of(&doc, "dl.meta");
        assert!(
            meta.contains("发布日期2023年2月21日") && meta.contains("施行日期2023年3月1日"),
            "{page}: {meta}"
        );
    }
    let doc =
        html(&fs::read_to_string(out.path().join("en/versions/2023-02-21/index.html")).unwrap());
    assert!(text_of(&doc, "dl.meta").contains("Effective from1 March 2023"));
}

#[test]
fn corrections_are_shown_as_such_with_their_dates_and_reach_the_feed() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&fixture("attachments"), out.path());
    for page in [
        "versions/2022-06-30/index.html",
        "changelog/2022-06-30/index.html",
    ] {
        let doc = html(&fs::read_to_string(out.path().join(page)).unwrap());
        assert_eq!(text_of(&doc, "#corrections h2"), "更正", "{page}");
        let entry = text_of(&doc, "#corrections #correction-1");
        assert!(
            entry.contains("更正日期：2022年7月15日")
                && entry.contains("第2项“租住证明”的办理时限更正为3个工作日。"),
            "{page}: {entry}"
        );
        let time = select(&doc, "#correction-1 time");
        assert_eq!(time[0].value().attr("datetime"), Some("2022-07-15"));
    }
    // A version without corrections has no such block.
    let doc =
        html(&fs::read_to_string(out.path().join("changelog/2023-02-21/index.html")).unwrap());
    assert!(select(&doc, "#corrections").is_empty());
    // The changelog index marks the corrected version, and only it.
    let doc = html(&fs::read_to_string(out.path().join("changelog/index.html")).unwrap());
    let marks = select(&doc, ".corrected a");
    assert_eq!(marks.len(), 1);
    assert_eq!(
        marks[0].value().attr("href"),
        Some("../changelog/2022-06-30/index.html#corrections")
    );
    assert_eq!(
        marks[0].text().collect::<String>(),
        "最近一次更正：2022年7月15日"
    );
    // The feed has an entry for the correction, on its own date, linking to it.
    let xml = fs::read_to_string(out.path().join("changelog/atom.xml")).unwrap();
    let feed: atom_syndication::Feed = xml.parse().unwrap();
    let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(
        ids,
        [
            "https://example.gov.cn/test/changelog/2023-02-21/",
            "https://example.gov.cn/test/changelog/2022-06-30/#correction-1",
            "https://example.gov.cn/test/changelog/2022-06-30/",
        ]
    );
    let entry = &feed.entries()[1];
    assert_eq!(entry.title().as_str(), "2022年7月15日更正：首次公布");
    assert_eq!(entry.updated().to_rfc3339(), "2022-07-15T00:00:00+00:00");
    let body = entry.content().and_then(|c| c.value()).unwrap();
    assert!(body.contains("办理时限更正为3个工作日"), "{body}");
}

/// Where `needle` is in `rel` of `dir`: its line and column (1-based, in characters).
fn line_col(dir: &Path, rel: &str, needle: &str) -> (u64, u64) {
    let text = fs::read_to_string(dir.join(rel)).unwrap();
    let (n, line) = (text.lines().enumerate())
        .find(|(_, l)| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` in {rel}"));
    let col = line[..line.find(needle).unwrap()].chars().count();
    (n as u64 + 1, col as u64 + 1)
}

#[test]
fn every_unusable_attachment_is_an_error_at_the_line_that_names_it() {
    let site = copy_fixture("attachments");
    let dir = site.path();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.pdf"), b"%PDF-1.4 secret").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.pdf"),
        dir.join("files/link.pdf"),
    )
    .unwrap();
    fs::write(dir.join("files/run.exe"), b"MZ\x90\x00").unwrap();
    fs::write(
        dir.join("files/picture.pdf"),
        b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR",
    )
    .unwrap();
    // 20 MiB and one byte, made sparse: nothing that large is written or read.
    let big = fs::File::create(dir.join("files/big.pdf")).unwrap();
    big.set_len((20 << 20) + 1).unwrap();
    let cases = [
        ("/etc/passwd.pdf", "attachment-path"),
        ("../outside.pdf", "attachment-path"),
        ("files/link.pdf", "file-link"),
        ("files/gone.pdf", "attachment-missing"),
        ("files/run.exe", "attachment-kind"),
        ("files/picture.pdf", "attachment-content"),
        ("files/big.pdf", "file-too-large"),
    ];
    let entries: String = (cases.iter())
        .map(|(file, _)| format!("  - title: 附件\n    file: \"{file}\"\n"))
        .collect();
    edit(
        dir,
        "certificates/2023-02-21.yaml",
        "attachments:\n",
        &format!("attachments:\n{entries}"),
    );
    let (out, list) = check_json(dir);
    assert!(!out.status.success());
    let rel = "certificates/2023-02-21.yaml";
    for (file, code) in cases {
        let (line, col) = line_col(dir, rel, &format!("\"{file}\""));
        let found: Vec<&Reported> = (list.iter())
            .filter(|d| d.line == Some(line) && d.file.ends_with(rel))
            .collect();
        let [d] = &found[..] else {
            panic!("{file}: {list:#?}")
        };
        assert_eq!(
            (d.code.as_str(), d.column, d.severity.as_str()),
            (code, Some(col), "error"),
            "{file}"
        );
        assert!(!d.help.is_empty(), "{file}");
    }
    assert_eq!(list.len(), cases.len(), "{list:#?}");
    // The link's target was not published anywhere: the build stops.
    let site_out = tempfile::tempdir().unwrap();
    assert!(!build(dir, &site_out.path().join("out")).status.success());
}

#[test]
fn attachment_errors_say_what_to_do_in_chinese() {
    let site = copy_fixture("attachments");
    let dir = site.path();
    fs::write(dir.join("files/picture.pdf"), b"\x89PNG\r\n\x1A\n").unwrap();
    edit(
        dir,
        "certificates/2023-02-21.yaml",
        "file: ./files/specimen.pdf",
        "file: files/picture.pdf",
    );
    edit(
        dir,
        "certificates/2022-06-30.yaml",
        "file: files/notice.pdf",
        "file: files/通知.pdf",
    );
    let out = qingdan_in("zh-CN")
        .args(["check", "--message-format", "json", "--content"])
        .arg(dir)
        .output()
        .unwrap();
    let list = reported(&stdout(&out));
    let by_code = |code: &str| {
        list.iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("{list:#?}"))
    };
    let d = by_code("attachment-content");
    assert_eq!(
        d.message,
        "附件 `files/picture.pdf` 的内容不是 PDF 文件：这类文件以 %PDF- 开头"
    );
    assert!(d.help.contains("另存为"), "{}", d.help);
    let d = by_code("attachment-missing");
    assert_eq!(d.message, "附件 `files/通知.pdf` 不存在");
}

#[test]
fn an_effective_date_or_a_correction_before_the_version_is_an_error_at_its_line() {
    let site = copy_fixture("attachments");
    let dir = site.path();
    edit(
        dir,
        "certificates/2023-02-21.yaml",
        "effective: 2023-03-01",
        "effective: 2023-02-20",
    );
    edit(
        dir,
        "certificates/2022-06-30.yaml",
        "  - date: 2022-07-15\n",
        "  - date: 2022-06-01\n    text: 更早。\n  - date: 2022-07-15\n",
    );
    fs::write(
        dir.join("certificates/2022-06-30.yaml"),
        fs::read_to_string(dir.join("certificates/2022-06-30.yaml")).unwrap()
            + "  - date: 2022-07-10\n    text: 次序颠倒。\n",
    )
    .unwrap();
    let (out, list) = check_json(dir);
    assert!(!out.status.success());
    let codes: Vec<(&str, Option<u64>, Option<u64>)> = (list.iter())
        .map(|d| (d.code.as_str(), d.line, d.column))
        .collect();
    let at = |rel: &str, needle: &str| {
        let (line, col) = line_col(dir, rel, needle);
        (Some(line), Some(col))
    };
    let old = "certificates/2022-06-30.yaml";
    let (l1, c1) = at("certificates/2023-02-21.yaml", "2023-02-20");
    let (l2, c2) = at(old, "2022-06-01");
    let (l3, c3) = at(old, "2022-07-10");
    assert_eq!(
        codes,
        [
            ("correction-date", l2, c2),
            ("correction-date", l3, c3),
            ("effective-before-date", l1, c1),
        ],
        "{list:#?}"
    );
    let d = list
        .iter()
        .find(|d| d.code == "effective-before-date")
        .unwrap();
    assert_eq!(
        d.message,
        "the effective date (2023-02-20) is before this version's publication date (2023-02-21)"
    );
}

#[test]
fn a_correction_added_to_a_published_version_is_not_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let output = dir.path().join("site");
    copy_dir(&fixture("attachments"), &content);
    build_ok(&content, &output);
    let check = || {
        let out = qingdan()
            .args(["check", "--message-format", "json", "--content"])
            .arg(&content)
            .arg("--output")
            .arg(&output)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        reported(&stdout(&out))
    };
    let old = content.join("certificates/2022-06-30.yaml");
    let text = fs::read_to_string(&old).unwrap();
    fs::write(
        &old,
        format!("{text}  - date: 2022-08-01\n    text: 第二条更正。\n"),
    )
    .unwrap();
    let list = check();
    assert!(
        !list.iter().any(|d| d.code == "published-version-edited"),
        "{list:#?}"
    );
    // Any other edit of the published version is still named.
    edit(
        &content,
        "certificates/2022-06-30.yaml",
        "keywords: [旧]",
        "keywords: [旧, 老]",
    );
    let list = check();
    assert!(
        list.iter().any(|d| d.code == "published-version-edited"),
        "{list:#?}"
    );
}

#[test]
fn the_translation_report_counts_attachment_titles_and_corrections() {
    let site = copy_fixture("attachments");
    let dir = site.path();
    edit(
        dir,
        "certificates/2022-06-30.yaml",
        "    text: { zh-CN: 第2项“租住证明”的办理时限更正为3个工作日。, en: The time limit of item 2 is corrected to 3 working days. }",
        "    text: 第2项“租住证明”的办理时限更正为3个工作日。",
    );
    let out = qingdan()
        .args(["check", "--translations", "--content"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stdout(&out);
    for missing in [
        "certificates/2023-02-21.yaml:8:12: attachments[1].title has no `en` text",
        "certificates/2022-06-30.yaml:28:11: corrections[0].text has no `en` text",
    ] {
        assert!(said.contains(missing), "{missing}: {said}");
    }
}

#[test]
fn a_promise_s_form_is_published_and_linked_in_its_section_and_the_open_data() {
    let site = copy_fixture("attachments");
    let dir = site.path();
    let promise = "    promise:\n      conditions: 本人书面承诺。\n      consequences: 承诺不实的，记入信用记录。\n      verified_by: 公安机关\n      form: { file: files/promise.pdf }\n";
    edit(
        dir,
        "certificates/2023-02-21.yaml",
        "    keywords: [亲戚关系]\n",
        &format!("    keywords: [亲戚关系]\n{promise}"),
    );
    let out = tempfile::tempdir().unwrap();
    build_ok(dir, out.path());
    let published = "items/kinship/files/promise-2023-02-21.pdf";
    assert_eq!(
        fs::read(out.path().join(published)).unwrap(),
        fs::read(dir.join("files/promise.pdf")).unwrap(),
        "the 承诺书 is published as it is"
    );
    let page = "items/kinship/index.html";
    let doc = html(&fs::read_to_string(out.path().join(page)).unwrap());
    let link = select(&doc, ".promise .promise-form a");
    assert_eq!(link.len(), 1, "one link in the 告知承诺 section");
    let href = link[0].value().attr("href").unwrap();
    assert_eq!(target(page, href), published);
    assert_eq!(text_of(&doc, ".promise-form a"), "下载承诺书");
    assert!(text_of(&doc, ".promise-form .attachment-meta").contains("PDF"));
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.path().join("data/certificates.json")).unwrap())
            .unwrap();
    let kinship = (json["items"].as_array().unwrap().iter())
        .find(|i| i["id"] == "kinship")
        .unwrap();
    let form = &kinship["promise"]["form"];
    assert!(form["url"].as_str().unwrap().ends_with(published), "{form}");
    assert_eq!(form["media_type"], "application/pdf");

    // A form that is not there is an error at its `file`.
    edit(
        dir,
        "certificates/2023-02-21.yaml",
        "form: { file: files/promise.pdf }",
        "form: { file: files/no-such-promise.pdf }",
    );
    let (out, list) = check_json(dir);
    assert!(!out.status.success());
    let (line, column) = line_col(
        dir,
        "certificates/2023-02-21.yaml",
        "files/no-such-promise.pdf",
    );
    assert!(
        list.iter().any(|d| d.code == "attachment-missing"
            && d.file.ends_with("2023-02-21.yaml")
            && d.line == Some(line)
            && d.column == Some(column)),
        "{list:#?}"
    );
}
