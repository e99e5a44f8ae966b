//! The library's public surface stays what its callers use: the binary (src/main.rs and
//! src/cmd/), these integration tests and the benches.
//!
//! Read from the source text: every `pub` item at the top of src/lib.rs and of each `pub mod`
//! under it (recursively), and every name a `pub use` there re-exports. `pub(crate)` and
//! `pub(super)` are not public; methods and fields go with their type. The list below is the
//! answer, so making something more public is a deliberate edit of it, and a name kept public
//! for callers that no caller names any more is noticed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::support::repo;

/// The public paths callers name (`qingdan::…` in src/main.rs, src/cmd/, tests/, benches/).
const NAMED: &[&str] = &[
    "InputEncoding",
    // How `build` and `serve` use the build cache (`--no-cache`, QINGDAN_CACHE).
    "CacheMode",
    "Memory",
    "Options",
    "Report",
    "base",
    "base::codes",
    "base::codes::Code",
    "base::diagnostics",
    "base::diagnostics::Diagnostic",
    "base::diagnostics::Diagnostics",
    "base::diagnostics::Pos",
    "base::diagnostics::SourceTexts",
    "base::diagnostics::escape_controls",
    "base::diagnostics::render_human",
    "base::diagnostics::render_json",
    "base::message",
    "base::message::Lang",
    "base::message::Message",
    "base::output_file",
    "base::output_file::OutputFile",
    "base::progress",
    "base::progress::Progress",
    "base::progress::Wanted",
    "build",
    "build_with",
    "check",
    "decode",
    "decode::content",
    "decode::content::ATTACHMENT_KEYS",
    "decode::content::CATEGORY_KEYS",
    "decode::content::CHANNEL_KEYS",
    "decode::content::CONTACT_KEYS",
    "decode::content::CORRECTION_KEYS",
    "decode::content::DELTA_KEYS",
    "decode::content::EXCLUDE_KEYS",
    "decode::content::FEEDBACK_KEYS",
    "decode::content::FOOTER_KEYS",
    "decode::content::ITEM_KEYS",
    "decode::content::LIST_DECL_KEYS",
    "decode::content::LIST_VERSION_KEYS",
    "decode::content::LANGUAGE_KEYS",
    "decode::content::PLACES_FILE_KEYS",
    "decode::content::PLACE_FOOTER_KEYS",
    "decode::content::PLACE_KEYS",
    "decode::content::POLICY_KEYS",
    "decode::content::PROMISE_KEYS",
    "decode::content::REFER_TO_KEYS",
    "decode::content::RELATED_KEYS",
    "decode::content::SEARCH_KEYS",
    "decode::content::SITE_KEYS",
    "decode::content::VALIDITY_KEYS",
    "decode::content::VERSION_KEYS",
    "decode::load",
    "decode::load::load",
    "derive",
    "derive::history",
    "derive::history::FieldValue",
    "derive::history::History",
    "derive::history::ItemChange",
    "derive::history::Presence",
    "derive::history::StatusChange",
    "derive::history::compare",
    "derive::history::derive",
    "derive::plan",
    "derive::plan::plan",
    "emit",
    "emit::html",
    "emit::html::render",
    "emit::html::render_each",
    "emit::markdown",
    "emit::markdown::escape",
    "emit::markdown::to_plain",
    "emit::minify_theme",
    "emit::textdiff",
    "emit::textdiff::diff",
    "emit::textdiff::list_changes",
    "emit::textdiff::to_terminal",
    "import",
    "import::HeaderMap",
    "import::Summary",
    "import::import",
    "import::read",
    "model",
    "model::ATTACHMENT_EXTENSIONS",
    "model::Content",
    "model::Item",
    "model::Text",
    "model::places::OVERRIDABLE",
    "msg!",
    "read",
    "read::read_content",
    "staff_language",
    "validate",
    "validate::MAX_ID_LEN",
    "validate::validate",
    "write",
    "write::manifest",
    "write::manifest::entry",
    "write::manifest::manifest_file",
    "write::manifest::verify",
    "write::output",
    "write::output::Staging",
    "write::output::create_new_file",
    "write::output::write_atomically",
    "write::output::write_files",
];

/// Public because they are in the signatures or fields of what callers name (a crate-private
/// type there would be a private type in a public interface); callers use them without naming
/// them.
const IN_SIGNATURES: &[&str] = &[
    "decode::load::Memory",
    // The build cache's side of `emit::html::render_each` (benches pass `None`).
    "emit::html::JobCache",
    "emit::html::JobKey",
    "emit::html::Reuse",
    // `model::Version::item_digests`.
    "model::ItemDigest",
    "Summary",
    "base::diagnostics::Severity",
    "base::diagnostics::Stopped",
    "base::progress::Snapshot",
    "base::progress::Stage",
    "decode::load::Loaded",
    "derive::history::Counts",
    "derive::history::Field",
    "derive::history::ItemHistory",
    "derive::history::ItemRef",
    "derive::history::Line",
    "derive::history::VersionChanges",
    "derive::lists",
    "derive::lists::ListPage",
    "derive::plan::Page",
    "derive::plan::PageKind",
    "derive::plan::PagePlan",
    "derive::plan::TablePage",
    "emit::textdiff::Piece",
    "model::Attachment",
    "model::Category",
    "model::Channel",
    "model::Contact",
    "model::Correction",
    "model::Footer",
    "model::LangMap",
    "model::Language",
    "model::Policy",
    "model::PolicyDoc",
    "model::PolicyForm",
    "model::PolicyImage",
    "model::PolicyMeta",
    "model::Promise",
    "model::ReferTo",
    "model::Related",
    "model::SearchSettings",
    "model::Site",
    "model::Spanned",
    "model::Status",
    "model::Validity",
    "model::Version",
    "model::lists",
    "model::lists::KindList",
    "model::lists::ListDecl",
    "model::lists::ListField",
    "model::lists::ListItem",
    "model::lists::ListKind",
    "model::lists::ListVersion",
    "model::places",
    "model::places::Exclusion",
    "model::places::Level",
    "model::places::Override",
    "model::places::Place",
    "model::places::PlaceDelta",
    "model::places::PlaceDeltas",
    "model::places::Places",
    "model::places::inherit",
    "model::places::inherit::Dropped",
    "model::places::inherit::Excluded",
    "model::places::inherit::Inherited",
    "model::places::inherit::ItemSource",
    "model::places::inherit::ListOn",
    "model::places::inherit::Listed",
    "model::places::inherit::Section",
    "model::places::inherit::VersionSource",
    "write::manifest::Differences",
    "write::manifest::Entry",
    "write::output::Written",
];

/// The file of module `name` declared in `parent` (`src/lib.rs`, `src/a.rs` or `src/a/mod.rs`).
fn module_file(parent: &Path, name: &str) -> PathBuf {
    let stem = parent.file_stem().unwrap();
    let dir = match stem == "lib" || stem == "mod" {
        true => parent.parent().unwrap().to_path_buf(),
        false => parent.with_extension(""),
    };
    let flat = dir.join(format!("{name}.rs"));
    match flat.exists() {
        true => flat,
        false => dir.join(name).join("mod.rs"),
    }
}

/// The names a `pub use` statement (from `pub use` to its `;`) re-exports.
fn reexported(statement: &str) -> Vec<String> {
    let body = statement
        .trim_start_matches("pub use")
        .trim_end_matches(';');
    let (prefix, list) = match body.split_once('{') {
        Some((prefix, rest)) => (prefix, rest.trim_end().trim_end_matches('}')),
        None => ("", body),
    };
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            let s = match s {
                "self" => prefix.trim().trim_end_matches("::"),
                s => s,
            };
            let name = match s.split_once(" as ") {
                Some((_, alias)) => alias,
                None => s.rsplit("::").next().unwrap(),
            };
            name.trim().to_string()
        })
        .collect()
}

/// The public paths of the module in `file`, each prefixed with `prefix`; into `out`.
fn public_paths(file: &Path, prefix: &str, out: &mut BTreeSet<String>) {
    let text = std::fs::read_to_string(file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let path_of = |name: &str| match prefix.is_empty() {
        true => name.to_string(),
        false => format!("{prefix}::{name}"),
    };
    let mut lines = text.lines();
    let mut test_only = false;
    let mut exported_macro = false;
    while let Some(line) = lines.next() {
        // An item under `#[cfg(test)]` is not in the library a caller links.
        if line.starts_with("#[cfg(test)]") {
            test_only = true;
            continue;
        }
        if line.starts_with("#[macro_export]") {
            exported_macro = true;
            continue;
        }
        if line.starts_with("#[") || line.starts_with("//") || line.trim().is_empty() {
            continue;
        }
        let (skip, exported) = (test_only, exported_macro);
        (test_only, exported_macro) = (false, false);
        if let Some(rest) = line.strip_prefix("macro_rules! ") {
            if exported && !skip {
                out.insert(format!("{}!", rest.trim_end_matches(" {")));
            }
            // A macro used once to declare a type (`base::codes`'s `Code`): its `pub enum` or
            // `pub struct` lines are the module's items.
            for body in lines.by_ref().take_while(|l| !l.starts_with('}')) {
                let body = body.trim_start();
                for kind in ["pub enum ", "pub struct "] {
                    if let Some(name) = body.strip_prefix(kind) {
                        let name = name.split(|c: char| !(c.is_alphanumeric() || c == '_'));
                        out.insert(path_of(name.into_iter().next().unwrap()));
                    }
                }
            }
            continue;
        }
        if skip || !line.starts_with("pub ") {
            continue;
        }
        if line.starts_with("pub use ") {
            let mut statement = line.to_string();
            while !statement.trim_end().ends_with(';') {
                statement.push_str(lines.next().expect("a `pub use` ends with `;`"));
            }
            out.extend(reexported(&statement).iter().map(|n| path_of(n)));
            continue;
        }
        let words: Vec<&str> = line
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        let qualifiers = ["pub", "async", "unsafe", "extern"];
        let mut rest = words.iter().skip_while(|w| qualifiers.contains(w));
        let (kind, name) = match (rest.next(), rest.next(), rest.next()) {
            (Some(&"const"), Some(&"fn"), Some(name)) => ("fn", *name),
            (Some(kind), Some(name), _) => (*kind, *name),
            _ => panic!("cannot read the public item `{line}` in {}", file.display()),
        };
        let path = path_of(name);
        if kind == "mod" {
            assert!(
                line.trim_end().ends_with(';'),
                "inline `pub mod` in {}: give it a file of its own so this test reads it",
                file.display()
            );
            public_paths(&module_file(file, name), &path, out);
        }
        out.insert(path);
    }
}

/// Where the callers are: the binary, the integration tests and the benches.
fn caller_text() -> String {
    let root = repo();
    let mut files = vec![root.join("src/main.rs")];
    let mut dirs = vec![
        root.join("src/cmd"),
        root.join("tests"),
        root.join("benches"),
    ];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with(file!()) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect()
}

#[test]
fn the_public_surface_is_what_the_binary_tests_and_benches_use() {
    let mut found = BTreeSet::new();
    public_paths(&repo().join("src/lib.rs"), "", &mut found);
    let listed: BTreeSet<String> = NAMED
        .iter()
        .chain(IN_SIGNATURES)
        .map(|s| s.to_string())
        .collect();
    let added: Vec<&String> = found.difference(&listed).collect();
    let gone: Vec<&String> = listed.difference(&found).collect();
    assert!(
        added.is_empty() && gone.is_empty(),
        "the library's public paths changed.\n  newly public: {added:?}\n  no longer public: \
         {gone:?}\nMake an item `pub(crate)` unless the binary, a test or a bench needs it; if \
         one does, add its path to NAMED (or IN_SIGNATURES) in {}",
        file!()
    );
}

#[test]
fn every_named_public_path_is_named_by_a_caller() {
    let callers = caller_text();
    let named_word = |word: &str| {
        callers.match_indices(word).any(|(at, _)| {
            let before = callers[..at].chars().next_back();
            let after = callers[at + word.len()..].chars().next();
            let is_ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            !is_ident(before) && !is_ident(after)
        })
    };
    let unused: Vec<&str> = NAMED
        .iter()
        .copied()
        .filter(|path| !named_word(path.rsplit("::").next().unwrap().trim_end_matches('!')))
        .collect();
    assert!(
        unused.is_empty(),
        "public for callers, but no caller names them any more: {unused:?}; make them \
         `pub(crate)` (or delete them if nothing uses them) and drop them from NAMED"
    );
    assert!(
        callers.contains("qingdan::"),
        "the callers were not found under src/cmd, tests and benches"
    );
}
