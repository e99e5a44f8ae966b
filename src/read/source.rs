//! The one place that reads the file system: content files, theme overrides and assets.
//!
//! Every read error names the path. Text files are checked for UTF-8 here (a file saved as
//! GBK/GB18030 or UTF-16 is named as such, with the fix); a byte-order mark is dropped and CRLF
//! line endings become LF, because that is how staff's editors save files. Characters YAML
//! forbids (a NUL, which made the parser stop early) are errors at their line and column.
//!
//! Nothing outside the content folder is read, no symbolic link is followed, and every file has
//! a size limit (`open`), so a content folder can neither publish `/etc/passwd` nor hang the
//! build on `/dev/zero`; an entry of `certificates/` or `policy/` that is not a regular file is
//! an error, never skipped silently.

mod controls;
mod open;
mod theme_dir;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::base::diagnostics::{Diagnostic, Diagnostics};

pub use open::{Limit, Problem};
pub use theme_dir::{read as read_theme, resolve as resolve_theme};

/// `site.yaml` and each version file. A province's largest version is about 25 MB.
pub const YAML_LIMIT: Limit = Limit {
    bytes: 256 << 20,
    kind: "a YAML file",
    help: "a file this large is not a list of certificates: check that it is the right file",
};

/// Each policy interpretation.
pub const MARKDOWN_LIMIT: Limit = Limit {
    bytes: 1 << 20,
    kind: "a policy file",
    help: "a policy interpretation is a few pages of text: shorten it, or split it into several policy files",
};

/// A file the content names and the site publishes as it is (the footer emblem).
pub const ASSET_LIMIT: Limit = Limit {
    bytes: 50 << 20,
    kind: "an image",
    help: "use a smaller image; the emblem is shown a few centimetres high, and a few kilobytes are enough",
};

/// A text file, read and normalised.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to the user: the content directory joined with `rel`.
    pub path: PathBuf,
    /// The path relative to the content directory, with `/` separators.
    pub rel: String,
    /// Shared with the diagnostics' copy of the sources (`diagnostics::SourceTexts`), not cloned.
    /// An `Arc<String>`, not `Arc<str>`: the text read is moved in, where making an `Arc<str>`
    /// would copy it (a province's 236 MB of YAML).
    pub text: Arc<String>,
}

/// Everything the content directory holds, read but not yet parsed.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub root: PathBuf,
    pub site: Option<SourceFile>,
    /// `certificates/*.yaml`, sorted by file name.
    pub versions: Vec<SourceFile>,
    /// `policy/*.md`, sorted by file name.
    pub policies: Vec<SourceFile>,
}

/// How to treat bytes that are not UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputEncoding {
    #[default]
    Utf8,
    /// Decode GBK/GB18030 files (as some Windows editors save them) instead of refusing them.
    Gb18030,
}

/// Read `site.yaml`, `certificates/*.yaml` and `policy/*.md` under `root`; what cannot be read
/// goes into `diags` (as every stage reports) and is left out of the `Sources`.
pub fn read_content(root: &Path, encoding: InputEncoding, diags: &mut Diagnostics) -> Sources {
    let mut sources = Sources {
        root: root.to_path_buf(),
        ..Sources::default()
    };
    let canon_root = match root.canonicalize() {
        Ok(canon) if canon.is_dir() => canon,
        _ => {
            diags.push(
                Diagnostic::error_en(root, None, "the content folder does not exist").help(
                    "pass the folder that holds site.yaml with `--content DIR` (default: `content`)",
                ),
            );
            return sources;
        }
    };
    let content = Folder {
        root,
        canon: &canon_root,
        encoding,
    };
    sources.site = content.read_text("site.yaml", YAML_LIMIT, diags);
    let mut versions_found = 0;
    for (dir, ext, limit, list) in [
        ("certificates", "yaml", YAML_LIMIT, &mut sources.versions),
        ("policy", "md", MARKDOWN_LIMIT, &mut sources.policies),
    ] {
        let mut texts = Vec::new();
        for rel in list_files(root, dir, diags) {
            if rel.ends_with(&format!(".{ext}")) {
                texts.push(rel);
            } else if rel.ends_with(".yml") && ext == "yaml" {
                diags.push(
                    Diagnostic::error_en(&root.join(&rel), None, "version files end in `.yaml`")
                        .help("rename the file to end in `.yaml`"),
                );
            }
        }
        if dir == "certificates" {
            versions_found = texts.len();
        }
        // A province's versions are hundreds of megabytes: read and check them in parallel.
        let read: Vec<(Option<SourceFile>, Diagnostics)> = texts
            .par_iter()
            .map(|rel| {
                let mut diags = Diagnostics::default();
                (content.read_text(rel, limit, &mut diags), diags)
            })
            .collect();
        for (file, file_diags) in read {
            list.extend(file);
            diags.extend(file_diags);
        }
    }
    // Counted as listed, not as read: a file that could not be read has its own error.
    if versions_found == 0 && root.join("certificates").is_dir() {
        diags.push(
            Diagnostic::error_en(&root.join("certificates"), None, "no version file found")
                .help("add the list as published, e.g. `certificates/2023-02-21.yaml`"),
        );
    }
    sources
}

/// Read a file the content names (the footer emblem) at `root/rel`, within `limit`, under the
/// same rules as the content's own files.
pub fn read_asset(root: &Path, rel: &Path, limit: Limit) -> Result<Vec<u8>, Problem> {
    let canon_root = root
        .canonicalize()
        .map_err(|e| Problem::Io(root.to_path_buf(), e))?;
    open::read_inside(root, &canon_root, rel, limit)
}

/// File names (relative to `root`, `dir/name`) directly inside `root/dir`, sorted. Hidden files
/// (editors' swap files) are passed over; any other entry that is not a regular file is an
/// error naming it.
fn list_files(root: &Path, dir: &str, diags: &mut Diagnostics) -> Vec<String> {
    let path = root.join(dir);
    if let Ok(m) = fs::symlink_metadata(&path) {
        if m.file_type().is_symlink() {
            let (message, help) = Problem::Link(path.clone()).describe();
            diags.push(Diagnostic::error_en(&path, None, message).help(help));
            return Vec::new();
        }
    }
    let entries = match fs::read_dir(&path) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(
                Diagnostic::error_en(&path, None, format!("cannot read the folder: {e}")).help(
                    format!("create the `{dir}/` folder inside the content folder"),
                ),
            );
            return Vec::new();
        }
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                diags.push(Diagnostic::error_en(
                    &path,
                    None,
                    format!("cannot read the folder: {e}"),
                ));
                continue;
            }
        };
        let entry_path = entry.path();
        // Hidden files (editors' swap files, `.DS_Store`) are not content.
        if entry.file_name().as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let Ok(name) = entry.file_name().into_string() else {
            diags.push(
                Diagnostic::error_en(&entry_path, None, "the file name is not valid UTF-8")
                    .help("rename it: a version is named by its date, e.g. `2023-02-21.yaml`, a policy file by its slug"),
            );
            continue;
        };
        let problem = match entry.file_type() {
            Ok(t) if t.is_file() => {
                names.push(format!("{dir}/{name}"));
                continue;
            }
            Ok(t) if t.is_dir() => {
                diags.push(
                    Diagnostic::error_en(
                        &entry_path,
                        None,
                        format!("`{dir}/{name}` is a folder; `{dir}/` holds only files"),
                    )
                    .help(format!("move the folder out of `{dir}/`")),
                );
                continue;
            }
            Ok(t) if t.is_symlink() => Problem::Link(entry_path),
            Ok(t) => Problem::NotRegular(entry_path, open::irregular(&t).unwrap_or("not a file")),
            Err(e) => Problem::Io(entry_path, e),
        };
        let (message, help) = problem.describe();
        diags.push(Diagnostic::error_en(problem.path(), None, message).help(help));
    }
    names.sort();
    names
}

/// The content folder as given (for messages) and canonicalized (to check files stay in it).
struct Folder<'a> {
    root: &'a Path,
    canon: &'a Path,
    encoding: InputEncoding,
}

impl Folder<'_> {
    fn read_text(&self, rel: &str, limit: Limit, diags: &mut Diagnostics) -> Option<SourceFile> {
        let path = self.root.join(rel);
        let bytes = match open::read_inside(self.root, self.canon, Path::new(rel), limit) {
            Ok(b) => b,
            Err(problem) => {
                let (message, help) = problem.describe();
                diags.push(Diagnostic::error_en(&path, None, message).help(help));
                return None;
            }
        };
        let mut text = match decode_text(bytes, self.encoding) {
            Ok(text) => text,
            Err(d) => {
                diags.push(Diagnostic { file: path, ..d });
                return None;
            }
        };
        let found = forbidden_characters(&path, &text);
        if !found.is_empty() {
            // Kept, with the characters made visible, so the rest of the file is still checked
            // and the messages can show the lines.
            text = text.replace(controls::is_forbidden, "\u{FFFD}");
            diags.extend(found);
        }
        Some(SourceFile {
            path,
            rel: rel.to_string(),
            text: Arc::new(text),
        })
    }
}

/// An error at each character of `text` that YAML forbids, up to `controls::CAP`; the last says
/// how many there are in all when there are more.
pub fn forbidden_characters(path: &Path, text: &str) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let (found, total) = controls::forbidden(text);
    let shown = found.len();
    for (i, (pos, c)) in found.into_iter().enumerate() {
        let more = match total - shown {
            n if n > 0 && i + 1 == shown => format!(" ({n} more after this one)"),
            _ => String::new(),
        };
        diags.push(
            Diagnostic::error_en(
                path,
                Some(pos),
                format!("the control character {} is not allowed here{more}", controls::name(c)),
            )
            .help("delete it: control characters are invisible in most editors and usually come from text copied out of another program"),
        );
    }
    diags
}

/// Bytes to text: UTF-8 (BOM dropped, CRLF and a lone CR to LF), or a diagnostic naming the encoding the
/// bytes look like. The diagnostic's `file` is left empty for the caller to fill.
pub fn decode_text(mut bytes: Vec<u8>, encoding: InputEncoding) -> Result<String, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    // simdutf8 checks a province's 236 MB several times faster than std, which was 2.4 % of
    // the build (perf); std's check then runs only on invalid files, for its error details.
    let text = match simdutf8::basic::from_utf8(&bytes) {
        // SAFETY: simdutf8 has just validated these exact bytes as UTF-8.
        Ok(_) => unsafe { String::from_utf8_unchecked(bytes) },
        Err(_) => not_utf8(bytes, encoding)?,
    };
    // Line ends become `\n`: Windows' CRLF, and a lone CR (old Mac files, text pasted from
    // some programs), which YAML also counts as a line break; kept, it made every line after
    // it one off in the messages.
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

/// Bytes that are not UTF-8: decoded as GB18030 when asked to and they look like it, else a
/// diagnostic naming the encoding they look like and the first line that is not UTF-8.
fn not_utf8(bytes: Vec<u8>, encoding: InputEncoding) -> Result<String, Diagnostic> {
    let valid_up_to = match std::str::from_utf8(&bytes) {
        Ok(_) => return Ok(String::from_utf8(bytes).expect("checked just above")),
        Err(e) => e.valid_up_to(),
    };
    let looks_like = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        "UTF-16"
    } else {
        let (_, _, had_errors) = encoding_rs::GB18030.decode(&bytes);
        if had_errors {
            "an unknown encoding"
        } else {
            "GBK/GB18030"
        }
    };
    if encoding == InputEncoding::Gb18030 && looks_like == "GBK/GB18030" {
        return Ok(encoding_rs::GB18030.decode(&bytes).0.into_owned());
    }
    let line = 1 + bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count();
    Err(Diagnostic::error_en(
        Path::new(""),
        Some(crate::base::diagnostics::Pos::new(line, 1)),
        format!("the file is not UTF-8; it looks like {looks_like}"),
    )
    .help(
        "save it as UTF-8 (in Notepad: Save As → Encoding: UTF-8), or convert it with \
         `iconv -f GB18030 -t UTF-8 FILE > FILE.utf8 && mv FILE.utf8 FILE`, \
         or build with `--input-encoding gb18030`",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_end_becomes_a_line_feed() {
        let text = decode_text(
            b"\xEF\xBB\xBFa: 1\r\nb: 2\rc: 3\n".to_vec(),
            InputEncoding::Utf8,
        );
        assert_eq!(text.unwrap(), "a: 1\nb: 2\nc: 3\n");
    }
}
