//! The site speaks as a Chinese government site speaks (issue 17): Chinese conventions on
//! every zh-CN page of the shipped sample (dates, spacing, brackets, 出具), English pages that
//! say the Chinese text is authoritative, and sentences that fit the item they describe.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::support::*;

/// The shipped sample, built once for every test of this module.
fn sample() -> &'static BTreeMap<String, String> {
    static PAGES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        build_ok(&repo().join("content"), out.path());
        pages(out.path())
    })
}

fn page(path: &str) -> scraper::Html {
    html(
        sample()
            .get(path)
            .unwrap_or_else(|| panic!("no page {path}")),
    )
}

/// What a reader sees of a page, block by block (a paragraph, a list entry, a heading, the
/// `<title>`): text without scripts and styles, and without attributes (where
/// machine-readable dates belong). Spacing is judged inside a block: the line break between
/// two blocks is not a space in the text.
fn visible_blocks(doc: &scraper::Html) -> Vec<String> {
    const BLOCKS: &[&str] = &[
        "title",
        "p",
        "li",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "div",
        "td",
        "th",
        "figcaption",
        "label",
        "button",
        "nav",
        "section",
        "main",
        "header",
        "footer",
        "body",
        "ul",
        "ol",
        "dl",
        "form",
        "article",
        "figure",
        "table",
        "tr",
    ];
    // Block → its index in `blocks`, in document order.
    let mut index = std::collections::HashMap::new();
    let mut blocks: Vec<String> = Vec::new();
    for node in doc.tree.root().descendants() {
        let scraper::Node::Text(t) = node.value() else {
            continue;
        };
        let parent = node
            .parent()
            .and_then(|p| p.value().as_element().map(|e| e.name()));
        if matches!(parent, Some("script" | "style")) {
            continue;
        }
        let block = node.ancestors().find(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| BLOCKS.contains(&e.name()))
        });
        if let Some(block) = block {
            let i = *index.entry(block.id()).or_insert_with(|| {
                blocks.push(String::new());
                blocks.len() - 1
            });
            blocks[i].push_str(t);
        }
    }
    blocks
}

/// The problems of `chinese_problems` in every block of a page.
pub(crate) fn page_problems(text: &str) -> Vec<String> {
    visible_blocks(&html(text))
        .iter()
        .flat_map(|b| chinese_problems(b))
        .collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Each problem of Chinese typography in `text`, with the passage around it.
fn chinese_problems(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let around = |i: usize| -> String {
        let from = i.saturating_sub(12);
        chars[from..(i + 12).min(chars.len())].iter().collect()
    };
    let mut problems = Vec::new();
    for i in 0..chars.len() {
        // An ISO date: dddd-dd-dd.
        let digits = |r: std::ops::Range<usize>| {
            r.clone()
                .all(|j| chars.get(j).is_some_and(char::is_ascii_digit))
        };
        if digits(i..i + 4)
            && chars.get(i + 4) == Some(&'-')
            && digits(i + 5..i + 7)
            && chars.get(i + 7) == Some(&'-')
            && digits(i + 8..i + 10)
        {
            problems.push(format!("ISO date: {}", around(i)));
        }
        // Spaces between a CJK character and a digit, in either order.
        if chars[i] == ' ' || chars[i] == '\u{a0}' {
            let mut a = i;
            while a > 0 && (chars[a - 1] == ' ' || chars[a - 1] == '\u{a0}') {
                a -= 1;
            }
            let mut b = i;
            while b < chars.len() && (chars[b] == ' ' || chars[b] == '\u{a0}') {
                b += 1;
            }
            if a > 0 && b < chars.len() && a == i {
                let (x, y) = (chars[a - 1], chars[b]);
                if (is_cjk(x) && y.is_ascii_digit()) || (x.is_ascii_digit() && is_cjk(y)) {
                    problems.push(format!("space between Chinese and a digit: {}", around(i)));
                }
            }
        }
        // Half-width brackets next to Chinese.
        if matches!(chars[i], '(' | ')') {
            let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
            let after = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if before.is_some_and(|&c| is_cjk(c)) || after.is_some_and(|&c| is_cjk(c)) {
                problems.push(format!("half-width bracket in Chinese: {}", around(i)));
            }
        }
        if chars[i] == '开' && chars.get(i + 1) == Some(&'具') {
            problems.push(format!("开具 (write 出具): {}", around(i)));
        }
    }
    problems
}

#[test]
fn the_checks_find_what_they_look_for() {
    for bad in [
        "已于 2023-02-21 移出清单",
        "共 33 项",
        "5 个工作日",
        "可以出具 (9项)",
        "不再开具这项证明",
    ] {
        assert!(!chinese_problems(bad).is_empty(), "{bad}");
    }
    for good in [
        "已于2023年2月21日移出清单",
        "共33项",
        "可以出具（9项）",
        "Proof of kinship (2 items)",
        "联系电话：0554-2698921",
    ] {
        assert_eq!(chinese_problems(good), Vec::<String>::new(), "{good}");
    }
}

#[test]
fn every_chinese_page_of_the_sample_follows_chinese_conventions() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (path, text) in sample() {
        if path.starts_with("en/") {
            continue;
        }
        checked += 1;
        for p in page_problems(text) {
            problems.push(format!("{path}: {p}"));
        }
    }
    assert!(checked > 40, "{checked} pages");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn dates_are_written_out_in_each_language() {
    let zh = page("versions/2023-02-21/index.html");
    assert_eq!(text_of(&zh, "h1"), "截至2023年2月21日的清单");
    let en = page("en/versions/2023-02-21/index.html");
    assert_eq!(text_of(&en, "h1"), "The list as of 21 February 2023");
    // Machine-readable dates stay ISO in `<time datetime>`.
    let item = page("items/kinship/index.html");
    let times = select(&item, "ol.timeline time");
    assert!(times
        .iter()
        .any(|t| t.value().attr("datetime") == Some("2025-09-01")
            && t.text().collect::<String>() == "2025年9月1日"));
    for (path, text) in sample().iter().filter(|(p, _)| p.starts_with("en/")) {
        let problems: Vec<String> = page_problems(text)
            .into_iter()
            .filter(|p| p.starts_with("ISO date"))
            .collect();
        assert!(problems.is_empty(), "{path}: {problems:?}");
    }
}

#[test]
fn english_pages_say_once_that_the_chinese_text_is_authoritative() {
    for (path, text) in sample() {
        let notes = select(&html(text), ".authoritative").len();
        match path.starts_with("en/") {
            true => assert_eq!(notes, 1, "{path}"),
            false => assert_eq!(notes, 0, "{path}"),
        }
    }
    let home = page("en/index.html");
    assert!(text_of(&home, ".authoritative").contains("The Chinese text is authoritative"));
    // One term per concept: the badge says what the committee can do (short enough to stay
    // on one line of a phone at the largest text size).
    assert!(text_of(&home, ".badge-issued").contains("Can issue"));
    assert!(!text_of(&home, ".badge-issued").contains("Issued"));
    let nav = text_of(&home, "nav.main-nav");
    assert!(
        nav.contains("Adjustments") && nav.contains("Policy interpretation"),
        "{nav}"
    );
}

#[test]
fn fees_are_shown_only_when_the_content_gives_one_for_an_issued_item() {
    let fee_rows = |path: &str| {
        let p = page(path);
        select(&p, "dl.details dt")
            .iter()
            .filter(|dt| dt.text().collect::<String>() == "收费标准")
            .count()
    };
    assert_eq!(
        fee_rows("items/adoption/index.html"),
        1,
        "fee: 免费 is written"
    );
    assert_eq!(
        fee_rows("items/marriage-record-lost/index.html"),
        0,
        "no fee written"
    );
    for cancelled in ["kinship", "no-criminal-record", "poor-student"] {
        let path = format!("items/{cancelled}/index.html");
        assert_eq!(fee_rows(&path), 0, "{path}");
    }
    // Nothing says "free" of a certificate the committee no longer issues.
    assert!(!visible_blocks(&page("items/kinship/index.html"))
        .concat()
        .contains("免费"));
}

#[test]
fn the_way_to_apply_comes_from_the_item() {
    let vetting = page("items/party-member-vetting/index.html");
    let how = text_of(&vetting, ".verdict-how");
    assert!(how.starts_with("申请方式：本人无需申请"), "{how}");
    assert!(!visible_blocks(&vetting)
        .concat()
        .contains("向户籍所在地或居住地"));
    let residence = text_of(&page("items/residence/index.html"), ".verdict-how");
    assert_eq!(residence, "申请方式：向实际居住地的村（居）民委员会申请。");
}

#[test]
fn an_issued_item_without_apply_gets_no_template_sentence() {
    let site = copy_fixture("minimal");
    let out = tempfile::tempdir().unwrap();
    build_ok(site.path(), out.path());
    let residence =
        html(&std::fs::read_to_string(out.path().join("items/residence/index.html")).unwrap());
    assert_eq!(select(&residence, ".verdict-how").len(), 0);
    assert_eq!(text_of(&residence, ".verdict-word").trim(), "✓ 可以出具");
}

#[test]
fn a_cancelled_item_says_no_once_then_what_to_do_and_on_what_basis() {
    let kinship = page("items/kinship/index.html");
    let verdict = text_of(&kinship, ".verdict");
    assert_eq!(
        text_of(&kinship, ".verdict-how"),
        "村（居）民委员会已不再出具此项证明。"
    );
    assert_eq!(
        text_of(&kinship, ".verdict .alternative-heading"),
        "替代方式"
    );
    let alternative = text_of(&kinship, ".verdict .alternative");
    assert!(
        !alternative
            .trim_start()
            .starts_with("村（居）民委员会不再出具"),
        "{alternative}"
    );
    assert!(!verdict.contains("请改为"), "{verdict}");
    let basis = text_of(&kinship, ".cancel-basis");
    assert!(
        basis.starts_with("取消依据：") && basis.contains("民发〔2020〕20号"),
        "{basis}"
    );
    // The cancellation's basis is not labelled 设定依据.
    let labels: Vec<String> = select(&kinship, "dl.details dt")
        .iter()
        .map(|dt| dt.text().collect())
        .collect();
    assert!(!labels.contains(&"设定依据".to_string()), "{labels:?}");
    // Where the sample gives no real basis, no label at all.
    let only_child = page("items/only-child/index.html");
    assert_eq!(select(&only_child, ".cancel-basis").len(), 0);
    assert!(!visible_blocks(&only_child).concat().contains("设定依据"));
}

#[test]
fn no_cancelled_item_says_no_twice() {
    // Every item no longer issued, not only the first: the verdict says it, the alternative
    // goes straight to where to go instead.
    let mut checked = 0;
    for (path, _) in sample().iter().filter(|(p, _)| {
        p.starts_with("items/") && p.ends_with("/index.html") && p.matches('/').count() == 2
    }) {
        let doc = page(path);
        let alternative = text_of(&doc, ".verdict .alternative");
        assert!(!alternative.contains("不再出具"), "{path}: {alternative}");
        checked += usize::from(!alternative.is_empty());
    }
    assert!(checked > 10, "only {checked} items with an alternative");
}

#[test]
fn a_timeline_entry_does_not_repeat_its_date_and_separates_events() {
    let health = page("items/health/index.html");
    let timeline = text_of(&health, "ol.timeline");
    assert!(timeline.contains("2024年3月15日 不再出具"), "{timeline}");
    assert!(!timeline.contains("自2024年3月15日起"), "{timeline}");
    let residence = page("items/residence/index.html");
    let entries: Vec<String> = select(&residence, "ol.timeline > li")
        .iter()
        .map(|li| li.text().collect())
        .filter(|t: &String| t.contains("更名而来") && t.contains("调整内容"))
        .collect();
    assert!(
        !entries.is_empty(),
        "the sample renames and changes residence at once"
    );
    assert!(
        entries.iter().all(|e| e.contains("更名而来；调整内容")),
        "events of one date are separated by ；: {entries:?}"
    );
}

#[test]
fn a_removed_item_says_why_and_where_to_go_at_the_top() {
    let page = page("items/household-separation/index.html");
    // No stray dash before the answer, and the date written out.
    assert_eq!(text_of(&page, ".verdict-word"), "已于2023年2月21日移出清单");
    // The reason is in the verdict box, before the details.
    assert!(!text_of(&page, ".verdict .note").is_empty());
    // The note on the content shown links the version that content comes from.
    let link = select(&page, "p.notice a");
    assert_eq!(link.len(), 1);
    assert_eq!(
        link[0].value().attr("href"),
        Some("../../versions/2022-06-30/index.html")
    );
    assert_eq!(link[0].text().collect::<String>(), "2022年6月30日");
}

#[test]
fn an_old_version_page_does_not_call_itself_the_latest_adjustment() {
    let old = page("versions/2022-06-30/index.html");
    let text = visible_blocks(&old).concat();
    assert!(!text.contains("最近一次"), "{text}");
    assert_eq!(text_of(&old, "dl.meta dt").lines().next(), Some("发布文件"));
}

#[test]
fn the_changelog_keeps_items_added_as_not_issued_apart_and_shows_an_alternative_once() {
    let log = page("changelog/2025-09-01/index.html");
    let added_cancelled = text_of(&log, "section.section-added_cancelled");
    assert!(
        added_cancelled.contains("新列入不再出具清单的证明事项"),
        "{added_cancelled}"
    );
    assert!(added_cancelled.contains("独生子女证明"));
    assert!(!text_of(&log, "section.section-added").contains("独生子女证明"));
    // Newly cancelled: its alternative once, whole, not also as an inserted diff.
    let cancelled = select(&log, "section.section-cancelled li.change");
    let poor = cancelled
        .iter()
        .find(|li| li.text().collect::<String>().contains("贫困学生证明"))
        .expect("poor-student is cancelled in 2025");
    let doc = html(&poor.html());
    assert_eq!(select(&doc, ".alternative").len(), 1);
    assert!(!text_of(&doc, "dl.diffs dt").contains("替代方式"));
}

#[test]
fn short_values_read_as_was_and_now() {
    let log = page("changelog/2024-03-15/index.html");
    let short = text_of(&log, ".short-diff");
    assert!(short.contains("原：3个工作日 现：1个工作日"), "{short}");
}

#[test]
fn a_rewritten_text_is_shown_old_above_new() {
    let site = copy_fixture("minimal");
    edit(
        site.path(),
        "certificates/2023-02-21.yaml",
        "    purpose: 办理居住证\n",
        "    purpose: 子女入学时向学校说明实际居住地址\n",
    );
    edit(
        site.path(),
        "certificates/2022-06-30.yaml",
        "    keywords: [租房]\n",
        "    purpose: 办理居住证和申请公共租赁住房\n    keywords: [租房]\n",
    );
    let out = tempfile::tempdir().unwrap();
    build_ok(site.path(), out.path());
    let log =
        html(&std::fs::read_to_string(out.path().join("changelog/2023-02-21/index.html")).unwrap());
    assert_eq!(text_of(&log, ".rewrite-old .rewrite-label"), "修改前");
    assert!(text_of(&log, ".rewrite-old").contains("办理居住证和申请公共租赁住房"));
    assert!(text_of(&log, ".rewrite-new").contains("子女入学时向学校说明实际居住地址"));
    assert_eq!(select(&log, ".rewrite del, .rewrite ins").len(), 0);
}

#[test]
fn the_csv_says_nothing_about_fees_it_was_not_given() {
    let out = tempfile::tempdir().unwrap();
    build_ok(&repo().join("content"), out.path());
    let rows = csv_records(&std::fs::read(out.path().join("data/certificates.csv")).unwrap());
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (name, status, fee, apply) = (col("事项名称"), col("状态"), col("收费"), col("申请方式"));
    for row in &rows[1..] {
        if row[status] == "取消出具" {
            assert_eq!(row[fee], "", "{}", row[name]);
        }
    }
    let adoption = rows.iter().find(|r| r[name].starts_with("收养人")).unwrap();
    assert_eq!(adoption[fee], "免费");
    assert!(adoption[apply].starts_with("向户籍所在地"));
}
