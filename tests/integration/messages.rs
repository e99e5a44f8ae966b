//! Every message the tool prints exists in Chinese, and every class of problem is known to
//! the staff guide.
//!
//! Read from the sources: each `msg!("中文", "English")` must start with a Chinese text (a
//! copy of the English in the first slot would compile and print English to Chinese staff);
//! each `Code` in src/base/codes.rs must be used by some message and listed, with its code,
//! in docs/staff-guide.md, the page a clerk reads to find what a message means.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::support::repo;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let path = e.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(&repo().join("src"), &mut files);
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

fn has_han(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The first string literal after `at` (a plain `"..."` with escapes), or `None` when the
/// next token is not one.
fn first_literal(text: &str) -> Option<String> {
    let rest = text.trim_start();
    let mut chars = rest.strip_prefix('"')?.chars();
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                out.extend(chars.next());
            }
            '"' => return Some(out),
            c => out.push(c),
        }
    }
    None
}

#[test]
fn every_message_is_said_in_chinese_first() {
    let mut english_only = Vec::new();
    let mut count = 0;
    for (path, text) in sources() {
        // The macro's own definition and its doc comments.
        if path.ends_with("base/message.rs") {
            continue;
        }
        for (at, _) in text.match_indices("msg!(") {
            let line = text[..at].matches('\n').count() + 1;
            let Some(zh) = first_literal(&text[at + "msg!(".len()..]) else {
                english_only.push(format!("{}:{line}: not a literal", path.display()));
                continue;
            };
            count += 1;
            // A text of placeholders and punctuation only (`"{path}"`) has nothing to say.
            let words = zh.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
            let ascii_words = zh
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| w.len() > 2);
            if !has_han(&zh) && (words || ascii_words) {
                english_only.push(format!("{}:{line}: {zh:?}", path.display()));
            }
        }
    }
    assert!(
        count > 100,
        "only {count} messages found: is the scan still right?"
    );
    assert!(
        english_only.is_empty(),
        "messages whose first (Chinese) text is not Chinese:\n{}",
        english_only.join("\n")
    );
}

/// `(code, Chinese title, variant)` of every class in src/base/codes.rs.
fn codes() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(repo().join("src/base/codes.rs")).unwrap();
    let start = text.find("codes! {").expect("the list of codes");
    let mut found = Vec::new();
    for line in text[start..].lines().skip(1) {
        let line = line.trim();
        if line == "}" {
            break;
        }
        let Some((variant, rest)) = line.split_once(" = ") else {
            continue;
        };
        let literals: Vec<&str> = rest.split('"').skip(1).step_by(2).collect();
        found.push((
            literals[0].to_string(),
            literals[1].to_string(),
            variant.to_string(),
        ));
    }
    found
}

#[test]
fn every_class_of_problem_is_used_and_in_the_staff_guide() {
    let codes = codes();
    assert!(codes.len() > 30, "{codes:?}");
    let used: BTreeSet<String> = sources()
        .iter()
        .filter(|(p, _)| !p.ends_with("base/codes.rs"))
        .flat_map(|(_, text)| {
            text.match_indices("Code::")
                .map(|(at, _)| {
                    text[at + "Code::".len()..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let guide = std::fs::read_to_string(repo().join("docs/staff-guide.md")).unwrap();
    let mut problems = Vec::new();
    for (code, title, variant) in &codes {
        if !used.contains(variant) {
            problems.push(format!("`{code}` ({variant}) is used by no message"));
        }
        if !guide.contains(&format!("`{code}`")) {
            problems.push(format!("`{code}` ({title}) is not in docs/staff-guide.md"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
