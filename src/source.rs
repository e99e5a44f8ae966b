//! The one place that reads the file system: content files, theme overrides and assets.
//!
//! Every read error names the path. Text files are checked for UTF-8 here (a file saved as
//! GBK/GB18030 or UTF-16 is named as such, with the fix); a byte-order mark is dropped and CRLF
//! line endings become LF, because that is how staff's editors save files.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};

/// A text file, read and normalised.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to the user: the content directory joined with `rel`.
    pub path: PathBuf,
    /// The path relative to the content directory, with `/` separators.
    pub rel: String,
    /// Shared with the diagnostics' copy of the sources (`load::SourceTexts`), not cloned.
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

/// Read `site.yaml`, `certificates/*.yaml` and `policy/*.md` under `root`.
pub fn read_content(root: &Path, encoding: InputEncoding) -> (Sources, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut sources = Sources {
        root: root.to_path_buf(),
        ..Sources::default()
    };
    if !root.is_dir() {
        diags.push(
            Diagnostic::error(root, None, "the content folder does not exist").help(
                "pass the folder that holds site.yaml with `--content DIR` (default: `content`)",
            ),
        );
        return (sources, diags);
    }
    sources.site = read_text(root, "site.yaml", encoding, &mut diags);
    for (dir, ext, list) in [
        ("certificates", "yaml", &mut sources.versions),
        ("policy", "md", &mut sources.policies),
    ] {
        let mut texts = Vec::new();
        for rel in list_files(root, dir, &mut diags) {
            if rel.ends_with(&format!(".{ext}")) {
                texts.push(rel);
            } else if rel.ends_with(".yml") && ext == "yaml" {
                diags.push(
                    Diagnostic::error(&root.join(&rel), None, "version files end in `.yaml`")
                        .help("rename the file to end in `.yaml`"),
                );
            }
        }
        // A province's versions are hundreds of megabytes: read and check them in parallel.
        let read: Vec<(Option<SourceFile>, Diagnostics)> = texts
            .par_iter()
            .map(|rel| {
                let mut diags = Diagnostics::default();
                (read_text(root, rel, encoding, &mut diags), diags)
            })
            .collect();
        for (file, file_diags) in read {
            list.extend(file);
            diags.extend(file_diags);
        }
    }
    if sources.versions.is_empty() && root.join("certificates").is_dir() {
        diags.push(
            Diagnostic::error(&root.join("certificates"), None, "no version file found")
                .help("add the list as published, e.g. `certificates/2023-02-21.yaml`"),
        );
    }
    (sources, diags)
}

/// File names (relative to `root`, `dir/name`) directly inside `root/dir`, sorted.
fn list_files(root: &Path, dir: &str, diags: &mut Diagnostics) -> Vec<String> {
    let path = root.join(dir);
    let entries = match fs::read_dir(&path) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(
                Diagnostic::error(&path, None, format!("cannot read the folder: {e}")).help(
                    format!("create the `{dir}/` folder inside the content folder"),
                ),
            );
            return Vec::new();
        }
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.'))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    names.sort();
    names
}

fn read_text(
    root: &Path,
    rel: &str,
    encoding: InputEncoding,
    diags: &mut Diagnostics,
) -> Option<SourceFile> {
    let path = root.join(rel);
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(
                &path,
                None,
                format!("cannot read the file: {e}"),
            ));
            return None;
        }
    };
    match decode_text(bytes, encoding) {
        Ok(text) => Some(SourceFile {
            path,
            rel: rel.to_string(),
            text: Arc::new(text),
        }),
        Err(d) => {
            diags.push(Diagnostic { file: path, ..d });
            None
        }
    }
}

/// Bytes to text: UTF-8 (BOM dropped, CRLF to LF), or a diagnostic naming the encoding the
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
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
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
    Err(Diagnostic::error(
        Path::new(""),
        Some(crate::diagnostics::Pos::new(line, 1)),
        format!("the file is not UTF-8; it looks like {looks_like}"),
    )
    .help(
        "save it as UTF-8 (in Notepad: Save As → Encoding: UTF-8), or convert it with \
         `iconv -f GB18030 -t UTF-8 FILE > FILE.utf8 && mv FILE.utf8 FILE`, \
         or build with `--input-encoding gb18030`",
    ))
}

/// Every file under `dir`, as (relative path with `/`, bytes), sorted. Used for a theme folder
/// that overrides the default theme.
pub fn read_tree(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) -> Result<(), Diagnostic> {
        let entries = fs::read_dir(dir).map_err(|e| {
            Diagnostic::error(dir, None, format!("cannot read the theme folder: {e}"))
        })?;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out)?;
            } else {
                let bytes = fs::read(&path)
                    .map_err(|e| Diagnostic::error(&path, None, format!("cannot read: {e}")))?;
                let rel = path
                    .strip_prefix(base)
                    .expect("walk stays under base")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((rel, bytes));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

/// A binary file inside the content folder (the footer emblem).
pub fn read_binary(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    fs::read(path).map_err(|e| Diagnostic::error(path, None, format!("cannot read the file: {e}")))
}
