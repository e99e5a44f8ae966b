//! Helpers shared by the scenarios: run the binary, read an output tree, parse pages.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// The `qingdan` binary under test, speaking English: most tests match English messages.
/// Tests of the Chinese messages ask for them with `--lang` or `qingdan_in`.
pub fn qingdan() -> Command {
    qingdan_in("en")
}

/// The `qingdan` binary under test with `QINGDAN_LANG` set to `lang` (`""`: unset).
pub fn qingdan_in(lang: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_qingdan"));
    // Every build of the tests that finds a cache beside its output makes each job again and
    // fails if one the cache would keep differs (src/emit/html/job_keys.rs).
    command.env("QINGDAN_CACHE", "verify");
    match lang {
        "" => command.env_remove("QINGDAN_LANG"),
        lang => command.env("QINGDAN_LANG", lang),
    };
    command
}

/// Run `qingdan build` and return its output.
pub fn build(content: &Path, output: &Path) -> Output {
    qingdan()
        .arg("build")
        .arg("--content")
        .arg(content)
        .arg("--output")
        .arg(output)
        .output()
        .expect("qingdan runs")
}

/// Build and insist on success.
pub fn build_ok(content: &Path, output: &Path) {
    let out = build(content, output);
    assert!(
        out.status.success(),
        "build of {} failed:\n{}",
        content.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Copy a fixture into a temporary folder so a test may edit it.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture(name), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Replace exactly one occurrence of `find` in a file of `dir`.
pub fn edit(dir: &Path, rel: &str, find: &str, replace: &str) {
    let path = dir.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(
        text.matches(find).count(),
        1,
        "`{find}` must occur once in {rel}"
    );
    fs::write(&path, text.replacen(find, replace, 1)).unwrap();
}

/// Every file of a tree: relative path → bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The HTML pages of a tree: relative path → text.
pub fn pages(dir: &Path) -> BTreeMap<String, String> {
    tree(dir)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).expect("pages are UTF-8")))
        .collect()
}

pub fn html(text: &str) -> scraper::Html {
    scraper::Html::parse_document(text)
}

pub fn select<'a>(doc: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = scraper::Selector::parse(css).unwrap();
    doc.select(&sel).collect()
}

pub fn text_of(doc: &scraper::Html, css: &str) -> String {
    select(doc, css)
        .iter()
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The records of a CSV file as a spreadsheet's reader (the `csv` crate) sees them, header
/// first, after checking what Excel and WPS need and that reader forgives: a UTF-8 BOM, and
/// the text exactly as a standard writer makes it from those cells (so CRLF after every
/// record, a line break inside a quoted cell being part of the cell).
pub fn csv_records(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a UTF-8 BOM");
    let records: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text)
        .records()
        .map(|record| {
            let record = record.expect("a well-formed UTF-8 record");
            record.iter().map(String::from).collect()
        })
        .collect();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for record in &records {
        writer.write_record(record).unwrap();
    }
    assert!(
        writer.into_inner().unwrap() == text,
        "the text a standard CSV writer makes, with CRLF after every record"
    );
    records
}

/// One diagnostic as printed by `--message-format json`.
#[derive(Debug, Clone)]
pub struct Reported {
    /// The class of problem, e.g. `unknown-key`.
    pub code: String,
    pub severity: String,
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub message: String,
    pub help: String,
}

/// The diagnostics a command printed as JSON lines on stdout.
pub fn reported(printed: &str) -> Vec<Reported> {
    printed
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let text = |k: &str| v[k].as_str().unwrap_or("").to_string();
            Reported {
                code: text("code"),
                severity: text("severity"),
                file: text("file"),
                line: v["line"].as_u64(),
                column: v["column"].as_u64(),
                message: text("message"),
                help: text("help"),
            }
        })
        .collect()
}

/// `qingdan check --message-format json`: the process's output and the problems it printed.
pub fn check_json(content: &Path) -> (std::process::Output, Vec<Reported>) {
    let out = qingdan()
        .args(["check", "--message-format", "json", "--content"])
        .arg(content)
        .output()
        .unwrap();
    let list = reported(&stdout(&out));
    (out, list)
}

/// Whether `text` holds the Chinese build summary's start, `已生成N个页面、`, with no space
/// around the number (the count of pages grows with every page kind, so it is not fixed here).
pub fn says_pages_built(text: &str) -> bool {
    text.match_indices("已生成").any(|(at, _)| {
        let rest = &text[at + "已生成".len()..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && rest[digits..].starts_with("个页面、")
    })
}

/// The names in `dir` (sorted) but the build caches beside outputs (`<output>.qingdan-cache`):
/// what tests of "nothing left beside the output" compare.
pub fn names_beside(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".qingdan-cache"))
        .collect();
    names.sort();
    names
}
