//! Test support shared by the unit tests of several modules, so that none imports another
//! module's `tests`: the minimal fixture site (`tests/fixtures/minimal`), optionally with
//! extra files, loaded and validated through the real pipeline; the repository's own YAML
//! texts; and small random edits of a text for the tests that compare two readers on mutants.

use std::path::{Path, PathBuf};

use crate::decode::load::Loaded;
use crate::derive::history::History;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The minimal fixture plus `extra` (relative path, text) files, checked, with its history.
pub(crate) fn load_minimal(extra: &[(&str, &str)]) -> (Loaded, History) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal"),
        dir.path(),
    );
    for (rel, text) in extra {
        std::fs::write(dir.path().join(rel), text).unwrap();
    }
    let options = crate::Options::read_only(dir.path().to_path_buf(), Default::default());
    let (loaded, _) = crate::check(&options)
        .unwrap_or_else(|r| panic!("the fixture is invalid: {:?}", r.diagnostics));
    let history = crate::derive::history::derive(&loaded.content);
    (loaded, history)
}

/// The minimal fixture's latest version, `certificates/2023-02-21.yaml`, as text.
pub(crate) fn minimal_latest_text() -> String {
    std::fs::read_to_string(repo().join("tests/fixtures/minimal/certificates/2023-02-21.yaml"))
        .unwrap()
}

/// The minimal fixture's two versions followed by `2024-01-01.yaml`, made from the latest as
/// `qingdan new-version` makes it, with each `(find, replace)` edit (each `find` once).
pub(crate) fn minimal_with_next(edits: &[(&str, &str)]) -> Vec<crate::model::Version> {
    let mut text = minimal_latest_text().replace("date: 2023-02-21", "date: 2024-01-01");
    for (find, replace) in edits {
        assert_eq!(text.matches(find).count(), 1, "`{find}` once in {text}");
        text = text.replacen(find, replace, 1);
    }
    let (loaded, _) = load_minimal(&[("certificates/2024-01-01.yaml", text.as_str())]);
    (loaded.content.versions.into_iter())
        .map(std::sync::Arc::unwrap_or_clone)
        .collect()
}

/// The repository's root folder.
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "node_modules") {
                files(&path, out);
            }
        } else {
            out.push(path);
        }
    }
}

/// The YAML texts of a folder, with the line offset `content` gives them: whole `.yaml` and
/// `.yml` files, and the front matter of `.md` files.
pub(crate) fn yaml_texts(dir: &Path) -> Vec<(PathBuf, String, usize)> {
    let mut paths = Vec::new();
    files(dir, &mut paths);
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        match ext {
            "yaml" | "yml" => out.push((path, text, 0)),
            "md" => {
                let Some(rest) = text.strip_prefix("---\n") else {
                    continue;
                };
                if let Some(end) = rest.find("\n---\n") {
                    out.push((path, rest[..end + 1].to_string(), 1));
                }
            }
            _ => {}
        }
    }
    out
}

/// `text` with one to three small random edits of the kinds that move a YAML text in and out
/// of what the fast reader handles: a syntax character inserted, removed or replaced, a line
/// doubled, indented or dedented, the input cut short. The caller seeds `rng`, so that the
/// mutants are the same on every run.
pub(crate) fn mutate(rng: &mut fastrand::Rng, text: &str) -> String {
    const CHARS: &[char] = &[
        ':', ' ', '#', '\'', '"', '-', '\n', '\\', ' ', '\t', '[', ']', '{', '}', '&', '*', '!',
        '|', '>', '?', ',', '%', '@', '`', '~', '.', '\r', 'a', 'Z', '0', 'é', '中', '文', '+',
        '2', 'n', 'u', 'x', '\u{feff}',
    ];
    let boundary = |s: &str, mut i: usize| {
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let mut s = text.to_string();
    for _ in 0..1 + rng.usize(..3) {
        let i = boundary(&s, rng.usize(..=s.len()));
        let line_start = s[..i].rfind('\n').map_or(0, |p| p + 1);
        let line_end = s[i..].find('\n').map_or(s.len(), |p| i + p + 1);
        match rng.usize(..15) {
            0..=3 => s.insert(i, CHARS[rng.usize(..CHARS.len())]),
            4 | 5 if i < s.len() => {
                s.remove(i);
            }
            6..=8 if i < s.len() => {
                s.remove(i);
                s.insert(i, CHARS[rng.usize(..CHARS.len())]);
            }
            9 => {
                let line = s[line_start..line_end].to_string();
                s.insert_str(line_start, &line);
            }
            10 | 11 => s.insert_str(line_start, if rng.bool() { " " } else { "  " }),
            // Ends of input: inside a line, after a line break or after trailing spaces.
            12 => {
                s.truncate(i);
                if rng.bool() {
                    s.push_str(["\n", " ", "  ", "\n  "][rng.usize(..4)]);
                }
            }
            _ => {
                for _ in 0..1 + rng.usize(..2) {
                    if s[line_start..].starts_with(' ') {
                        s.remove(line_start);
                    }
                }
            }
        }
    }
    s
}
