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
//! an error, never skipped silently (but a folder in `policy/`, which holds its images).

mod controls;
mod lists;
mod open;
mod place_folders;
mod text_memo;
mod theme_dir;

pub(crate) use place_folders::PlaceFolder;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::base::message::Message;
use crate::msg;

pub(crate) use open::{Limit, Problem, Words};
/// What `serve` keeps of the content's texts between builds.
pub(crate) use text_memo::TextMemo;
pub(crate) use theme_dir::{read as read_theme, resolve as resolve_theme};

/// `site.yaml` and each version file. A province's largest version is about 25 MB.
pub(crate) const YAML_LIMIT: Limit = Limit {
    bytes: 256 << 20,
    kind: Words {
        zh: "YAML 文件",
        en: "a YAML file",
    },
    help: Words {
        zh: "这么大的文件不会是证明事项清单：请确认是不是选错了文件",
        en: "a file this large is not a list of certificates: check that it is the right file",
    },
};

/// Each policy interpretation.
pub(crate) const MARKDOWN_LIMIT: Limit = Limit {
    bytes: 1 << 20,
    kind: Words {
        zh: "政策解读文件",
        en: "a policy file",
    },
    help: Words {
        zh: "政策解读只有几页文字：请删减，或者分成几个政策解读文件",
        en: "a policy interpretation is a few pages of text: shorten it, or split it into several policy files",
    },
};

/// A file the content names and the site publishes as it is (the footer emblem).
pub(crate) const ASSET_LIMIT: Limit = Limit {
    bytes: 50 << 20,
    kind: Words {
        zh: "图片",
        en: "an image",
    },
    help: Words {
        zh: "请换一张小一些的图片：标识只显示几厘米高，几千字节就够了",
        en: "use a smaller image; the emblem is shown a few centimetres high, and a few kilobytes are enough",
    },
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
    /// `places.yaml`, when there is one.
    pub places: Option<SourceFile>,
    /// `lists/<kind>/*.yaml`, sorted by path (`lists`).
    pub lists: Vec<SourceFile>,
    /// The folders of `places/`: each place's dated deltas from its parent's list.
    pub place_folders: Vec<PlaceFolder>,
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
    read_content_kept(root, encoding, diags, None)
}

/// `read_content`, taking the texts of files not written since from `memo` (`serve`'s builds)
/// and keeping the others there.
pub(crate) fn read_content_kept(
    root: &Path,
    encoding: InputEncoding,
    diags: &mut Diagnostics,
    memo: Option<&TextMemo>,
) -> Sources {
    let mut sources = Sources {
        root: root.to_path_buf(),
        ..Sources::default()
    };
    let canon_root = match root.canonicalize() {
        Ok(canon) if canon.is_dir() => canon,
        _ => {
            diags.push(
                Diagnostic::error(
                    root,
                    None,
                    Code::ContentMissing,
                    msg!("内容文件夹不存在", "the content folder does not exist"),
                )
                .help(msg!(
                    "用 `--content 文件夹` 指定存放 site.yaml 的文件夹（默认为 `content`）",
                    "pass the folder that holds site.yaml with `--content DIR` (default: `content`)"
                )),
            );
            return sources;
        }
    };
    let content = Folder {
        root,
        canon: &canon_root,
        encoding,
        memo,
    };
    sources.site = content.read_text("site.yaml", YAML_LIMIT, diags);
    let versions = texts_in(root, "certificates", "yaml", diags);
    let versions_found = versions.len();
    sources.versions = content.read_all(&versions, YAML_LIMIT, diags);
    let policies = texts_in(root, "policy", "md", diags);
    sources.policies = content.read_all(&policies, MARKDOWN_LIMIT, diags);
    // Optional: a folder without it builds as before. Anything at that name (a link, a
    // folder) is read under the same rules, and refused, as every other content file.
    if root.join("places.yaml").symlink_metadata().is_ok() {
        sources.places = content.read_text("places.yaml", YAML_LIMIT, diags);
    }
    let lists = lists::files(root, diags);
    sources.lists = content.read_all(&lists, YAML_LIMIT, diags);
    sources.place_folders = place_folders::read_place_folders(&content, diags);
    if let Some(memo) = memo {
        // A file gone from the content (a version renamed, a policy removed) is forgotten.
        let read = (sources.site.iter())
            .chain(&sources.versions)
            .chain(&sources.policies)
            .chain(&sources.places)
            .chain(&sources.lists)
            .chain(sources.place_folders.iter().flat_map(|p| &p.files));
        memo.keep_only(read.map(|f| f.path.as_path()).collect());
    }
    // Counted as listed, not as read: a file that could not be read has its own error.
    if versions_found == 0 && root.join("certificates").is_dir() {
        diags.push(
            Diagnostic::error(
                &root.join("certificates"),
                None,
                Code::NoVersion,
                msg!("没有找到版本文件", "no version file found"),
            )
            .help(msg!(
                "按公布的清单添加版本文件，例如 `certificates/2023-02-21.yaml`",
                "add the list as published, e.g. `certificates/2023-02-21.yaml`"
            )),
        );
    }
    sources
}

/// The files of `root/dir` that end in `.ext`, by their paths in the content folder; a version
/// file ending in `.yml` is an error.
fn texts_in(root: &Path, dir: &str, ext: &str, diags: &mut Diagnostics) -> Vec<String> {
    let mut texts = Vec::new();
    for rel in list_files(root, dir, diags) {
        if rel.ends_with(&format!(".{ext}")) {
            texts.push(rel);
        } else if rel.ends_with(".yml") && ext == "yaml" {
            diags.push(
                Diagnostic::error(
                    &root.join(&rel),
                    None,
                    Code::WrongExtension,
                    msg!(
                        "版本文件名以 `.yaml` 结尾，不是 `.yml`",
                        "version files end in `.yaml`"
                    ),
                )
                .help(msg!(
                    "把文件改名，以 `.yaml` 结尾",
                    "rename the file to end in `.yaml`"
                )),
            );
        }
    }
    texts
}

impl Folder<'_> {
    /// The texts `rels`, each within `limit`, in their order. A province's versions are
    /// hundreds of megabytes: they are read and checked in parallel.
    fn read_all(&self, rels: &[String], limit: Limit, diags: &mut Diagnostics) -> Vec<SourceFile> {
        let read: Vec<(Option<SourceFile>, Diagnostics)> = rels
            .par_iter()
            .map(|rel| {
                let mut diags = Diagnostics::default();
                (self.read_text(rel, limit, &mut diags), diags)
            })
            .collect();
        let mut files = Vec::new();
        for (file, file_diags) in read {
            files.extend(file);
            diags.extend(file_diags);
        }
        files
    }
}

/// Read a file the content names (the footer emblem) at `root/rel`, within `limit`, under the
/// same rules as the content's own files.
pub(crate) fn read_asset(root: &Path, rel: &Path, limit: Limit) -> Result<Vec<u8>, Problem> {
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
            diags.push(problem_at(&Problem::Link(path)));
            return Vec::new();
        }
    }
    let entries = match fs::read_dir(&path) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(cannot_read_folder(&path, &e).help(msg!(
                "在内容文件夹里建立 `{dir}/` 文件夹",
                "create the `{dir}/` folder inside the content folder"
            )));
            return Vec::new();
        }
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                diags.push(cannot_read_folder(&path, &e));
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
                name_not_utf8(&entry_path).help(msg!(
                    "请重新命名：版本文件以日期命名，例如 `2023-02-21.yaml`；政策解读文件以英文短名（slug）命名",
                    "rename it: a version is named by its date, e.g. `2023-02-21.yaml`, a policy file by its slug"
                )),
            );
            continue;
        };
        let problem = match entry.file_type() {
            Ok(t) if t.is_file() => {
                names.push(format!("{dir}/{name}"));
                continue;
            }
            // The images of policy bodies live in folders of `policy/` (`images/flow.png`),
            // read only when a body names them (`decode::policy_images`).
            Ok(t) if t.is_dir() && dir == "policy" => continue,
            Ok(t) if t.is_dir() => {
                diags.push(
                    Diagnostic::error(
                        &entry_path,
                        None,
                        Code::NotAFile,
                        msg!(
                            "`{dir}/{name}` 是文件夹；`{dir}/` 里只能放文件",
                            "`{dir}/{name}` is a folder; `{dir}/` holds only files"
                        ),
                    )
                    .help(msg!(
                        "把这个文件夹移出 `{dir}/`",
                        "move the folder out of `{dir}/`"
                    )),
                );
                continue;
            }
            Ok(t) if t.is_symlink() => Problem::Link(entry_path),
            Ok(t) => Problem::NotRegular(entry_path, open::irregular(&t).unwrap_or(open::FILE)),
            Err(e) => Problem::Io(entry_path, e),
        };
        diags.push(problem_at(&problem));
    }
    names.sort();
    names
}

/// The error for `problem`, at its file.
pub(crate) fn problem_at(problem: &Problem) -> Diagnostic {
    let (message, help) = problem.describe();
    Diagnostic::error(problem.path(), None, problem.code(), message).help(help)
}

fn cannot_read_folder(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        path,
        None,
        Code::ReadFailed,
        msg!("无法读取文件夹：{e}", "cannot read the folder: {e}"),
    )
}

/// The error for a file `path` whose name is not UTF-8 (the caller adds how to rename it).
pub(crate) fn name_not_utf8(path: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        None,
        Code::FileNameNotUtf8,
        msg!(
            "文件名不是有效的 UTF-8 编码",
            "the file name is not valid UTF-8"
        ),
    )
}

/// The content folder as given (for messages) and canonicalized (to check files stay in it).
struct Folder<'a> {
    root: &'a Path,
    canon: &'a Path,
    encoding: InputEncoding,
    /// The texts read by earlier builds of this process (`serve`), if it keeps them.
    memo: Option<&'a TextMemo>,
}

impl Folder<'_> {
    fn read_text(&self, rel: &str, limit: Limit, diags: &mut Diagnostics) -> Option<SourceFile> {
        let path = self.root.join(rel);
        let mut stamp = None;
        let read = open::read_inside_unless(self.root, self.canon, Path::new(rel), limit, |meta| {
            let memo = self.memo?;
            stamp = text_memo::Stamp::of(meta);
            memo.recall(&path, stamp?)
        });
        let forget = || self.memo.map(|memo| memo.forget(&path));
        let bytes = match read {
            Ok(open::Opened::Bytes(b)) => b,
            Ok(open::Opened::Known(kept)) => {
                diags.extend(kept.diags);
                return Some(SourceFile {
                    path,
                    rel: rel.to_string(),
                    text: kept.text,
                });
            }
            Err(problem) => {
                forget();
                diags.push(Diagnostic {
                    file: path,
                    ..problem_at(&problem)
                });
                return None;
            }
        };
        let mut text = match decode_text(bytes, self.encoding) {
            Ok(text) => text,
            Err(d) => {
                forget();
                diags.push(Diagnostic { file: path, ..d });
                return None;
            }
        };
        let found = forbidden_characters(&path, &text);
        if !found.is_empty() {
            // Kept, with the characters made visible, so the rest of the file is still checked
            // and the messages can show the lines.
            text = text.replace(controls::is_forbidden, "\u{FFFD}");
        }
        let text = Arc::new(text);
        if let (Some(memo), Some(stamp)) = (self.memo, stamp) {
            let diags = found.clone();
            let kept = text_memo::Kept {
                stamp,
                text: text.clone(),
                diags,
            };
            memo.remember(&path, kept);
        }
        diags.extend(found);
        Some(SourceFile {
            path,
            rel: rel.to_string(),
            text,
        })
    }
}

/// An error at each character of `text` that YAML forbids, up to `controls::CAP`; the last says
/// how many there are in all when there are more.
pub(crate) fn forbidden_characters(path: &Path, text: &str) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let (found, total) = controls::forbidden(text);
    let shown = found.len();
    for (i, (pos, c)) in found.into_iter().enumerate() {
        let more = match total - shown {
            n if n > 0 && i + 1 == shown => msg!("（后面还有{n}个）", " ({n} more after this one)"),
            _ => Message::default(),
        };
        let name = controls::name(c);
        diags.push(
            Diagnostic::error(
                path,
                Some(pos),
                Code::ControlCharacter,
                Message::new(
                    format!("这里不能有控制字符 {}{}", name.zh, more.zh),
                    format!("the control character {} is not allowed here{}", name.en, more.en),
                ),
            )
            .help(msg!(
                "删除它：控制字符在多数编辑器里看不见，通常来自从其他程序复制过来的文字",
                "delete it: control characters are invisible in most editors and usually come from text copied out of another program"
            )),
        );
    }
    diags
}

/// Bytes to text: UTF-8 (BOM dropped, CRLF and a lone CR to LF), or a diagnostic naming the encoding the
/// bytes look like. The diagnostic's `file` is left empty for the caller to fill.
pub(crate) fn decode_text(
    mut bytes: Vec<u8>,
    encoding: InputEncoding,
) -> Result<String, Diagnostic> {
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
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    let gbk = !utf16 && !encoding_rs::GB18030.decode(&bytes).2;
    if encoding == InputEncoding::Gb18030 && gbk {
        return Ok(encoding_rs::GB18030.decode(&bytes).0.into_owned());
    }
    let message = match (utf16, gbk) {
        (true, _) => msg!(
            "文件不是 UTF-8 编码，看起来是 UTF-16 编码",
            "the file is not UTF-8; it looks like UTF-16"
        ),
        (_, true) => msg!(
            "文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码",
            "the file is not UTF-8; it looks like GBK/GB18030"
        ),
        _ => msg!(
            "文件不是 UTF-8 编码，也看不出是哪种编码",
            "the file is not UTF-8; it looks like an unknown encoding"
        ),
    };
    let line = 1 + bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count();
    // Staff edit content in Windows Notepad, WPS Writer and WPS Spreadsheets, in Chinese:
    // the help names their menus as they read them.
    let save_as = msg!(
        "把文件另存为 UTF-8 编码：Windows 记事本点“文件 → 另存为”，在“编码”中选“UTF-8”再保存；WPS 文字、WPS 表格点“文件 → 另存为”，文件类型选“纯文本”，编码选“UTF-8”",
        "save it as UTF-8: in Windows Notepad, File → Save As → Encoding: UTF-8; in WPS Writer or WPS Spreadsheets, File → Save As, type Plain Text, encoding UTF-8"
    );
    let help = match gbk {
        true => Message::new(
            format!(
                "{}；或者在命令后加上 `--input-encoding gb18030`，按 GBK/GB18030 读取",
                save_as.zh
            ),
            format!(
                "{}; or build with `--input-encoding gb18030` to read it as GBK/GB18030",
                save_as.en
            ),
        ),
        false => save_as,
    };
    Err(Diagnostic::error(
        Path::new(""),
        Some(Pos::new(line, 1)),
        Code::NotUtf8,
        message,
    )
    .help(help))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file not written since the last read is taken from the memo, with its problems; one
    /// written is read again; and every rule of reading still holds for a file the memo has.
    #[test]
    fn the_texts_kept_between_builds_are_those_of_files_not_written_since() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("certificates")).unwrap();
        let version = root.join("certificates/2024-01-01.yaml");
        fs::write(root.join("site.yaml"), "title: x\n").unwrap();
        fs::write(&version, "date: 2024-01-01\nnote: a\u{7}b\n").unwrap();
        let memo = TextMemo::default();
        let read = |diags: &mut Diagnostics| {
            let sources = read_content_kept(root, InputEncoding::Utf8, diags, Some(&memo));
            sources.versions.into_iter().next().map(|f| f.text)
        };
        let (mut first, mut again) = (Diagnostics::default(), Diagnostics::default());
        let text = read(&mut first).unwrap();
        let kept = read(&mut again).unwrap();
        assert!(Arc::ptr_eq(&text, &kept), "not read again");
        assert_eq!(format!("{first:?}"), format!("{again:?}"));
        assert!(again.error_count() > 0, "the control character, again");

        fs::write(&version, "date: 2024-01-01\nnote: ab\n").unwrap();
        let mut diags = Diagnostics::default();
        let text = read(&mut diags).unwrap();
        assert_eq!(*text, "date: 2024-01-01\nnote: ab\n");
        assert!(diags.error_count() < first.error_count(), "{diags:?}");

        assert_eq!(memo.len(), 2, "site.yaml and the version");
        let policy = root.join("policy");
        fs::create_dir(&policy).unwrap();
        fs::write(policy.join("a.md"), "# a\n").unwrap();
        read(&mut Diagnostics::default());
        assert_eq!(memo.len(), 3);
        fs::remove_file(policy.join("a.md")).unwrap();
        read(&mut Diagnostics::default());
        assert_eq!(memo.len(), 2, "a file gone is forgotten");

        #[cfg(unix)]
        {
            let elsewhere = dir.path().join("elsewhere.yaml");
            fs::rename(&version, &elsewhere).unwrap();
            std::os::unix::fs::symlink(&elsewhere, &version).unwrap();
            let mut diags = Diagnostics::default();
            assert_eq!(read(&mut diags), None, "a link is refused, kept or not");
            assert!(diags.iter().any(|d| d.code == Code::FileLink), "{diags:?}");
        }
    }

    #[test]
    fn every_line_end_becomes_a_line_feed() {
        let text = decode_text(
            b"\xEF\xBB\xBFa: 1\r\nb: 2\rc: 3\n".to_vec(),
            InputEncoding::Utf8,
        );
        assert_eq!(text.unwrap(), "a: 1\nb: 2\nc: 3\n");
    }

    /// Staff read the help in Chinese: the menus of the editors they have, as they read them,
    /// and the option that reads the file as it is; no English menu, no Unix command.
    #[test]
    fn a_gbk_file_is_named_with_the_chinese_menus_that_fix_it() {
        let (gbk, _, _) = encoding_rs::GBK.encode("a: 1\ntitle: 居住证明\n");
        let d = decode_text(gbk.into_owned(), InputEncoding::Utf8).unwrap_err();
        assert_eq!(d.code, Code::NotUtf8);
        assert_eq!(d.pos, Some(Pos::new(2, 1)));
        assert_eq!(
            d.message.zh,
            "文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码"
        );
        let help = d.help.unwrap();
        for part in [
            "Windows 记事本点“文件 → 另存为”，在“编码”中选“UTF-8”",
            "WPS 文字、WPS 表格",
            "`--input-encoding gb18030`",
        ] {
            assert!(help.zh.contains(part), "{part}: {}", help.zh);
        }
        for english in ["Notepad", "iconv", "Save As"] {
            assert!(!help.zh.contains(english), "{english}: {}", help.zh);
        }
        // A file the option would not help with is not told to use it.
        let d = decode_text(b"\xFF\xFEa\x00".to_vec(), InputEncoding::Utf8).unwrap_err();
        assert!(d.message.en.ends_with("UTF-16"), "{}", d.message.en);
        assert!(!d.help.unwrap().zh.contains("--input-encoding"));
    }
}
