//! Reading one file the content names, and nothing else: no symbolic links, no pipes or
//! devices, nothing outside the content folder, nothing larger than its limit.
//!
//! A link `emblem.png -> /etc/passwd` would publish that file; `/dev/zero` or a named pipe would
//! hang the build or exhaust memory. So every component of the path is refused if it is a link,
//! the path must canonicalize inside the content folder, and the file is opened without following
//! a link and without blocking (a pipe opens at once), then checked on the opened handle (no gap
//! between a check and the open for the file to be swapped in), and read up to its limit plus
//! one byte, so a file that grows while it is read cannot exhaust memory either.

use std::fs::{self, File, FileType};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use crate::base::codes::Code;
use crate::base::message::Message;
use crate::msg;

/// A fixed text of ours in both languages: what a `const` can hold (a `Message` is made when
/// it is shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Words {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Words {
    pub(crate) fn message(self) -> Message {
        Message::new(self.zh, self.en)
    }
}

/// How large a file of one kind may be, and what to say when it is larger.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limit {
    pub bytes: u64,
    /// The kind of file, for the message: “YAML 文件”, "a YAML file".
    pub kind: Words,
    /// How to fix a file over the limit.
    pub help: Words,
}

/// Why a file was not read. `describe` turns it into words.
#[derive(Debug)]
pub(crate) enum Problem {
    /// This path (the file or a folder on the way to it) is a symbolic link.
    Link(PathBuf),
    /// Not a regular file: a folder, a named pipe, a device, a socket.
    NotRegular(PathBuf, Words),
    /// Resolves outside the content folder (which only a link could do).
    Outside(PathBuf),
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: Limit,
    },
    Io(PathBuf, io::Error),
}

impl Problem {
    /// The file or folder the problem is with.
    pub(crate) fn path(&self) -> &Path {
        match self {
            Problem::Link(p)
            | Problem::NotRegular(p, _)
            | Problem::Outside(p)
            | Problem::TooLarge { path: p, .. }
            | Problem::Io(p, _) => p,
        }
    }

    /// The class of problem, for tools.
    pub(crate) fn code(&self) -> Code {
        match self {
            Problem::Link(_) => Code::FileLink,
            Problem::NotRegular(..) => Code::NotAFile,
            Problem::Outside(_) => Code::OutsideContent,
            Problem::TooLarge { .. } => Code::FileTooLarge,
            Problem::Io(..) => Code::ReadFailed,
        }
    }

    /// What is wrong and how to fix it.
    pub(crate) fn describe(&self) -> (Message, Message) {
        match self {
            Problem::Link(path) => {
                let path = path.display();
                let (to_zh, to_en) = match fs::read_link(self.path()) {
                    Ok(t) => (
                        format!("（指向 `{}`）", t.display()),
                        format!(" (to `{}`)", t.display()),
                    ),
                    Err(_) => Default::default(),
                };
                (
                    Message::new(
                        format!("`{path}` 是符号链接{to_zh}；qingdan 只读取内容文件夹里真实的文件和文件夹"),
                        format!("`{path}` is a symbolic link{to_en}; qingdan reads only real files and folders inside the content folder"),
                    ),
                    msg!(
                        "把链接换成它所指的文件或文件夹的副本",
                        "replace the link by a copy of the file or folder it points to"
                    ),
                )
            }
            Problem::NotRegular(path, what) => {
                let path = path.display();
                (
                    Message::new(
                        format!("`{path}` 是{}，不是普通文件", what.zh),
                        format!("`{path}` is {}, not a regular file", what.en),
                    ),
                    msg!(
                        "把它换成普通文件，或者删除它",
                        "replace it by a regular file, or remove it"
                    ),
                )
            }
            Problem::Outside(path) => {
                let path = path.display();
                (
                    msg!(
                        "`{path}` 指向内容文件夹以外的位置",
                        "`{path}` resolves to a place outside the content folder"
                    ),
                    msg!(
                        "把文件放在内容文件夹里，不要使用链接",
                        "keep the file inside the content folder, without links"
                    ),
                )
            }
            Problem::TooLarge { size, limit, .. } => {
                let (size, most) = (size_words(*size), human(limit.bytes));
                (
                    Message::new(
                        format!("文件大小为{}；{}最大为{}", size.zh, limit.kind.zh, most.zh),
                        format!(
                            "the file is {}; {} may be at most {}",
                            size.en, limit.kind.en, most.en
                        ),
                    ),
                    limit.help.message(),
                )
            }
            Problem::Io(path, e) => {
                let path = path.display();
                (
                    msg!("无法读取 `{path}`：{e}", "cannot read `{path}`: {e}"),
                    msg!(
                        "请检查文件是否存在、是否有权限读取",
                        "check that the file exists and that you may read it"
                    ),
                )
            }
        }
    }
}

/// `bytes` as KiB or MiB, as the limits are written.
pub(super) fn human(bytes: u64) -> Message {
    const MIB: u64 = 1 << 20;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        Message::verbatim(format!("{} MiB", bytes / MIB))
    } else if bytes >= MIB {
        Message::verbatim(format!("{:.1} MiB", bytes as f64 / MIB as f64))
    } else if bytes >= 1024 {
        Message::verbatim(format!("{:.1} KiB", bytes as f64 / 1024.0))
    } else {
        msg!("{bytes}字节", "{bytes} bytes")
    }
}

/// A size exactly, and readably when it is large: "1.0 MiB (1048577 bytes)".
fn size_words(bytes: u64) -> Message {
    match bytes {
        0..1024 => human(bytes),
        _ => {
            let h = human(bytes);
            Message::new(
                format!("{}（{bytes}字节）", h.zh),
                format!("{} ({bytes} bytes)", h.en),
            )
        }
    }
}

pub(super) const SYMBOLIC_LINK: Words = Words {
    zh: "符号链接",
    en: "a symbolic link",
};
pub(super) const FOLDER: Words = Words {
    zh: "文件夹",
    en: "a folder",
};
pub(super) const FILE: Words = Words {
    zh: "文件",
    en: "a file",
};
pub(super) const NAMED_PIPE: Words = Words {
    zh: "命名管道（FIFO）",
    en: "a named pipe (FIFO)",
};
const SPECIAL: Words = Words {
    zh: "特殊文件",
    en: "not a regular file",
};

/// What kind of non-regular entry `t` is, for messages; `None` for a regular file.
pub(super) fn irregular(t: &FileType) -> Option<Words> {
    if t.is_file() {
        return None;
    }
    if t.is_symlink() {
        return Some(SYMBOLIC_LINK);
    }
    if t.is_dir() {
        return Some(FOLDER);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some(NAMED_PIPE);
        }
        if t.is_socket() {
            return Some(Words {
                zh: "套接字（socket）",
                en: "a socket",
            });
        }
        if t.is_block_device() || t.is_char_device() {
            return Some(Words {
                zh: "设备文件",
                en: "a device",
            });
        }
    }
    Some(SPECIAL)
}

/// Read `root/rel`: `rel` must be relative and plain (no `..`), no component may be a link, and
/// the file must be a regular file of at most `limit` bytes. `canon_root` is `root`
/// canonicalized.
pub(super) fn read_inside(
    root: &Path,
    canon_root: &Path,
    rel: &Path,
    limit: Limit,
) -> Result<Vec<u8>, Problem> {
    match read_inside_unless(root, canon_root, rel, limit, |_| None::<()>)? {
        Opened::Bytes(bytes) => Ok(bytes),
        Opened::Known(()) => unreachable!("nothing is known without being asked for"),
    }
}

/// What `read_inside_unless` gave: the file's bytes, or what the caller already knew of it.
pub(super) enum Opened<T> {
    Bytes(Vec<u8>),
    Known(T),
}

/// `read_inside`, unless `known` recognises the opened file by its metadata, once every check
/// has passed: then what it gives instead of the bytes.
pub(super) fn read_inside_unless<T>(
    root: &Path,
    canon_root: &Path,
    rel: &Path,
    limit: Limit,
    known: impl FnOnce(&fs::Metadata) -> Option<T>,
) -> Result<Opened<T>, Problem> {
    let path = no_links(root, rel)?;
    let canon = path
        .canonicalize()
        .map_err(|e| Problem::Io(path.clone(), e))?;
    if !canon.starts_with(canon_root) {
        return Err(Problem::Outside(path));
    }
    read_regular_unless(&path, limit, known)
}

/// `root/rel`, after checking that `rel` is plain and that no component below `root` is a
/// symbolic link (a link inside the folder could be repointed at any time; refusing all of
/// them is one rule staff can follow).
pub(super) fn no_links(root: &Path, rel: &Path) -> Result<PathBuf, Problem> {
    let mut path = root.to_path_buf();
    for c in rel.components() {
        match c {
            Component::Normal(name) => path.push(name),
            Component::CurDir => continue,
            _ => return Err(Problem::Outside(root.join(rel))),
        }
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => return Err(Problem::Link(path)),
            Ok(_) => {}
            Err(e) => return Err(Problem::Io(path, e)),
        }
    }
    Ok(path)
}

/// Open `path` without following a link or blocking on a pipe, check the opened handle is a
/// regular file within `limit`, and read it.
pub(super) fn read_regular(path: &Path, limit: Limit) -> Result<Vec<u8>, Problem> {
    match read_regular_unless(path, limit, |_| None::<()>)? {
        Opened::Bytes(bytes) => Ok(bytes),
        Opened::Known(()) => unreachable!("nothing is known without being asked for"),
    }
}

/// `read_regular`, unless `known` recognises the checked file by its metadata.
fn read_regular_unless<T>(
    path: &Path,
    limit: Limit,
    known: impl FnOnce(&fs::Metadata) -> Option<T>,
) -> Result<Opened<T>, Problem> {
    let file = open_no_follow(path).map_err(|e| opening_error(path, e))?;
    let meta = file
        .metadata()
        .map_err(|e| Problem::Io(path.to_path_buf(), e))?;
    if let Some(what) = irregular(&meta.file_type()) {
        return Err(Problem::NotRegular(path.to_path_buf(), what));
    }
    if meta.len() > limit.bytes {
        return Err(Problem::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            limit,
        });
    }
    if let Some(kept) = known(&meta) {
        return Ok(Opened::Known(kept));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit.bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Problem::Io(path.to_path_buf(), e))?;
    // The file grew after it was checked: still no more than the limit plus one byte read.
    if bytes.len() as u64 > limit.bytes {
        return Err(Problem::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(Opened::Bytes(bytes))
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> io::Result<File> {
    // Windows opens a link's target; refuse links by looking first (named pipes and devices
    // are not files in a folder there).
    if fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(io::Error::other("is a symbolic link"));
    }
    File::open(path)
}

/// An open refused because the file is a link (it was swapped in after the checks) is named
/// as a link, not as an obscure "too many levels of symbolic links".
fn opening_error(path: &Path, e: io::Error) -> Problem {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Problem::Link(path.to_path_buf()),
        _ => Problem::Io(path.to_path_buf(), e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: Limit = Limit {
        bytes: 8,
        kind: Words {
            zh: "测试文件",
            en: "a test file",
        },
        help: Words {
            zh: "把它改小",
            en: "make it smaller",
        },
    };

    #[test]
    fn a_regular_file_within_its_limit_is_read() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), b"12345678").unwrap();
        let canon = dir.path().canonicalize().unwrap();
        let bytes = read_inside(dir.path(), &canon, Path::new("a.txt"), SMALL).unwrap();
        assert_eq!(bytes, b"12345678");
    }

    #[test]
    fn one_byte_over_the_limit_is_refused_with_both_sizes() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), b"123456789").unwrap();
        let canon = dir.path().canonicalize().unwrap();
        let err = read_inside(dir.path(), &canon, Path::new("a.txt"), SMALL).unwrap_err();
        assert_eq!(err.code(), Code::FileTooLarge);
        let (message, help) = err.describe();
        assert_eq!(
            message.en,
            "the file is 9 bytes; a test file may be at most 8 bytes"
        );
        assert_eq!(message.zh, "文件大小为9字节；测试文件最大为8字节");
        assert_eq!(help.en, "make it smaller");
    }

    #[cfg(unix)]
    #[test]
    fn links_anywhere_on_the_path_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("content");
        fs::create_dir_all(root.join("real")).unwrap();
        fs::write(root.join("real/a.txt"), b"x").unwrap();
        std::os::unix::fs::symlink(root.join("real"), root.join("linked")).unwrap();
        std::os::unix::fs::symlink(root.join("real/a.txt"), root.join("a.txt")).unwrap();
        let canon = root.canonicalize().unwrap();
        for rel in ["linked/a.txt", "a.txt"] {
            let err = read_inside(&root, &canon, Path::new(rel), SMALL).unwrap_err();
            assert!(matches!(err, Problem::Link(_)), "{rel}: {err:?}");
        }
        let err = read_inside(&root, &canon, Path::new("../content/a.txt"), SMALL).unwrap_err();
        assert!(matches!(err, Problem::Outside(_)), "{err:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read_regular(&fifo, SMALL).unwrap_err();
        assert!(matches!(err, Problem::NotRegular(_, NAMED_PIPE)), "{err:?}");
    }
}
