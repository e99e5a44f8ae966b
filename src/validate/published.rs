//! Published versions stay as they were published: each build records the SHA-256 of every
//! version file it read (in the output's `manifest.json`, `sources`), and the next `check` or
//! `build` warns when an older version's file no longer has that hash, or is gone.
//!
//! A published version is a public record: its pages, its open data and other sites' links
//! point at what it said on its date. A change to the list is a new version, which the
//! changelog shows, and a mistake is a dated correction beside it; an edit to an old file
//! silently rewrites history. The newest version is left out:
//! staff still correct it between building and uploading.
//!
//! A correction (更正) is the one edit a published version takes: its `corrections` list is
//! dated and shown as such, so the hash is taken of the file without it (`as_published`). A
//! version file with no `corrections` hashes as it is, so records made before corrections
//! existed still match.
//!
//! The other lists' version files are recorded and checked alike (`lists`).
//!
//! The record arrives as plain data (this layer does not read the output folder): the hashes
//! the last build recorded, and those of the files read now.

use std::collections::BTreeMap;
use std::path::Path;

use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Content;
use crate::msg;

use super::adjustments::date_message;

pub(crate) mod lists;

/// Version files by their path in the content folder (`certificates/2023-02-21.yaml`), each
/// with the SHA-256 of its text as qingdan reads it (lowercase hex).
pub(crate) type Hashes = BTreeMap<String, String>;

/// What the last build recorded and where.
pub(crate) struct Record<'a> {
    pub hashes: &'a Hashes,
    /// The manifest the record was read from, named in the help.
    pub manifest: &'a Path,
}

/// Warn for every version but the newest whose file differs from `record`, and for every file
/// in `record` that `current` (the version files read now) no longer has.
pub(crate) fn check(content: &Content, record: &Record, current: &Hashes, diags: &mut Diagnostics) {
    if record.hashes.is_empty() {
        return;
    }
    let manifest = record.manifest.display().to_string();
    let older = content.versions.len().saturating_sub(1);
    for version in &content.versions[..older] {
        if !edited(&content.root, &version.file, record, current) {
            continue;
        }
        let when = date_message(version.date.value);
        let (zh_when, en_when) = (&when.zh, &when.en);
        diags.push(
            Diagnostic::warning(
                &version.file,
                Some(version.date.pos),
                Code::PublishedVersionEdited,
                msg!(
                    "这个已公布的版本（{zh_when}）在上次生成网站之后被修改过",
                    "this published version ({en_when}) was edited after the last build published it"
                ),
            )
            .help(msg!(
                "已公布的版本不应再修改：请把这个文件改回公布时的样子；公布后发现的错误，在文件末尾的 `corrections` 中写明更正；要调整清单，请用 `qingdan new-version` 新建一个版本，在新版本中修改，并在 `notes` 中说明原因；上次生成网站时的记录在 `{manifest}`",
                "a published version should not be edited: put this file back as it was published; write a mistake found after publication as a dated correction under `corrections` at the end of the file, and publish a change to the list as a new version (`qingdan new-version DATE`), saying why in its `notes`; the last build's record is `{manifest}`"
            )),
        );
    }
    for rel in record
        .hashes
        .keys()
        .filter(|rel| !lists::is_list_version(rel))
    {
        if current.contains_key(rel) {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                &content.root.join(rel),
                None,
                Code::PublishedVersionMissing,
                msg!(
                    "已公布的版本 `{rel}` 不在内容文件夹中了（被删除或改名）",
                    "the published version `{rel}` is no longer in the content folder (deleted or renamed)"
                ),
            )
            .help(msg!(
                "已公布的版本不应删除或改名，否则网站上它的页面和链接会消失：请把文件按原名放回；要移出或更正事项，请用 `qingdan new-version` 新建一个版本；上次生成网站时的记录在 `{manifest}`",
                "a published version is not deleted or renamed, or its pages and links leave the site: put the file back under its name; to remove or correct items, publish a new version (`qingdan new-version DATE`); the last build's record is `{manifest}`"
            )),
        );
    }
    lists::check(content, record, current, diags);
}

/// A version file's text as it was published: without its top-level `corrections` block (the
/// `corrections:` line and the lines under it, up to the next top-level key), and, when the
/// block ends the file, without the blank lines before it, so that corrections appended at the
/// end leave the rest hashing as it did.
pub(crate) fn as_published(text: &str) -> std::borrow::Cow<'_, str> {
    let is_key = |line: &str| {
        line.strip_prefix("corrections")
            .map(str::trim_start)
            .is_some_and(|rest| rest.starts_with(':'))
    };
    // Found without cutting the whole text into lines: a province's version file has a
    // million of them, and most files have no corrections.
    let bytes = text.as_bytes();
    let line_end =
        |at: usize| memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n + 1);
    let starts_line = |at: usize| at == 0 || bytes[at - 1] == b'\n';
    let Some(start) = memchr::memmem::find_iter(bytes, b"corrections")
        .find(|&at| starts_line(at) && is_key(&text[at..line_end(at)]))
    else {
        return std::borrow::Cow::Borrowed(text);
    };
    // The block runs while lines are indented, blank, comments or entries of a list written at
    // the first column (`- date: ...`).
    let inside = |line: &str| {
        line.trim().is_empty() || line.starts_with([' ', '#']) || line.starts_with("- ")
    };
    let mut end = line_end(start);
    while end < bytes.len() && inside(&text[end..line_end(end)]) {
        end = line_end(end);
    }
    let mut from = start;
    if end == bytes.len() {
        // The blank lines before a block that ends the file go with it.
        while from > 0 {
            let before = memchr::memrchr(b'\n', &bytes[..from - 1]).map_or(0, |n| n + 1);
            if !text[before..from].trim().is_empty() {
                break;
            }
            from = before;
        }
    }
    std::borrow::Cow::Owned([&text[..from], &text[end..]].concat())
}

/// Whether `file`, a published version's file the last build recorded, reads otherwise now
/// (a file the record does not name, or no longer under `root`, is not "edited").
fn edited(root: &Path, file: &Path, record: &Record, current: &Hashes) -> bool {
    let Some(rel) = relative(root, file) else {
        return false;
    };
    (record.hashes.get(&rel)).is_some_and(|recorded| current.get(&rel) != Some(recorded))
}

/// `file`'s path inside the content folder `root`, with `/` between its parts.
pub(crate) fn relative(root: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostics::Pos;

    fn hashes(entries: &[(&str, &str)]) -> Hashes {
        (entries.iter())
            .map(|(rel, hash)| (rel.to_string(), hash.to_string()))
            .collect()
    }

    fn warnings(recorded: &Hashes, current: &Hashes) -> Vec<Diagnostic> {
        let (loaded, _) = crate::fixture::load_minimal(&[]);
        let record = Record {
            hashes: recorded,
            manifest: Path::new("output/manifest.json"),
        };
        let mut diags = Diagnostics::default();
        check(&loaded.content, &record, current, &mut diags);
        let root = &loaded.content.root;
        (diags.sorted().into_iter())
            .map(|d| Diagnostic {
                file: d.file.strip_prefix(root).unwrap().to_path_buf(),
                ..d
            })
            .collect()
    }

    const OLD: &str = "certificates/2022-06-30.yaml";
    const NEWEST: &str = "certificates/2023-02-21.yaml";

    #[test]
    fn an_older_version_whose_hash_changed_is_reported_at_its_date() {
        let found = warnings(
            &hashes(&[(OLD, "a"), (NEWEST, "b")]),
            &hashes(&[(OLD, "c"), (NEWEST, "b")]),
        );
        let [d] = &found[..] else { panic!("{found:?}") };
        assert_eq!(
            (d.code, d.file.as_path(), d.pos),
            (
                Code::PublishedVersionEdited,
                Path::new(OLD),
                Some(Pos::new(1, 7))
            )
        );
        assert_eq!(
            d.message.zh,
            "这个已公布的版本（2022年6月30日）在上次生成网站之后被修改过"
        );
        let help = d.help.as_ref().unwrap();
        assert!(
            help.zh.contains("`qingdan new-version`")
                && help.zh.ends_with("`output/manifest.json`")
        );
        assert!(
            help.en
                .starts_with("a published version should not be edited"),
            "{}",
            help.en
        );
    }

    #[test]
    fn the_newest_version_an_unrecorded_one_and_an_unchanged_one_are_not_reported() {
        let current = hashes(&[(OLD, "a"), (NEWEST, "b")]);
        assert_eq!(
            warnings(&hashes(&[(OLD, "a"), (NEWEST, "edited")]), &current),
            []
        );
        assert_eq!(warnings(&hashes(&[(NEWEST, "b")]), &current), []);
        // No record (no build yet, or a manifest from before qingdan recorded sources).
        assert_eq!(warnings(&Hashes::new(), &hashes(&[(OLD, "x")])), []);
    }

    /// `as_published` as it was first written (every line cut out first), which the hashes
    /// recorded by earlier builds were taken with: the faster one must give the same text.
    fn as_published_by_lines(text: &str) -> String {
        let is_key = |line: &str| {
            line.strip_prefix("corrections")
                .map(str::trim_start)
                .is_some_and(|rest| rest.starts_with(':'))
        };
        let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
        let Some(start) = lines.iter().position(|l| is_key(l)) else {
            return text.to_string();
        };
        let inside = |line: &str| {
            line.trim().is_empty() || line.starts_with([' ', '#']) || line.starts_with("- ")
        };
        let end = (start + 1..lines.len())
            .find(|&i| !inside(lines[i]))
            .unwrap_or(lines.len());
        let mut from = start;
        if end == lines.len() {
            while from > 0 && lines[from - 1].trim().is_empty() {
                from -= 1;
            }
        }
        lines.drain(from..end);
        lines.concat()
    }

    #[test]
    fn the_published_text_is_the_one_earlier_builds_hashed() {
        let pieces = [
            "date: 2023-02-21\n",
            "corrections:\n",
            "corrections :\n",
            "corrections_note: x\n",
            "  corrections: nested\n",
            "  - date: 2023-03-01\n",
            "- date: 2023-03-02\n",
            "    text: 更正\n",
            "# comment\n",
            "\n",
            "   \n",
            "items:\n",
            "title: x",
            "x corrections: y\n",
            "\r\n",
        ];
        let mut rng = fastrand::Rng::with_seed(21);
        for _ in 0..20_000 {
            let n = rng.usize(0..9);
            let text: String = (0..n).map(|_| pieces[rng.usize(..pieces.len())]).collect();
            assert_eq!(
                as_published(&text),
                as_published_by_lines(&text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn corrections_are_left_out_of_what_was_published() {
        let published = "date: 2023-02-21\ntitle: x\nitems:\n  - id: a\n";
        assert_eq!(as_published(published), published);
        let appended =
            format!("{published}\ncorrections:\n  - date: 2023-03-01\n    text: 更正。\n# 注\n");
        assert_eq!(as_published(&appended), published);
        let at_column_one = format!("{published}corrections:\n- date: 2023-03-01\n  text: x\n");
        assert_eq!(as_published(&at_column_one), published);
        let inserted =
            "date: 2023-02-21\ncorrections:\n  - date: 2023-03-01\n    text: x\ntitle: x\n";
        assert_eq!(as_published(inserted), "date: 2023-02-21\ntitle: x\n");
        // Anything else edited still differs.
        let edited = appended.replace("title: x", "title: y");
        assert_ne!(as_published(&edited), published);
    }

    #[test]
    fn a_recorded_version_that_is_gone_is_reported_by_its_name() {
        let gone = "certificates/2021-01-01.yaml";
        let current = hashes(&[(OLD, "a"), (NEWEST, "b")]);
        let found = warnings(&hashes(&[(gone, "z"), (OLD, "a")]), &current);
        let [d] = &found[..] else { panic!("{found:?}") };
        assert_eq!(
            (d.code, d.file.as_path(), d.pos),
            (Code::PublishedVersionMissing, Path::new(gone), None)
        );
        assert_eq!(
            d.message.zh,
            "已公布的版本 `certificates/2021-01-01.yaml` 不在内容文件夹中了（被删除或改名）"
        );
    }
}
