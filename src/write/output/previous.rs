//! What the output folder held before this build: the previous site, the operator's own files
//! in it, and what killed builds left beside it.
//!
//! Only a folder holding qingdan's `manifest.json` is replaced; anything in it the manifest
//! does not list (`.git/`, `.htaccess`, a search engine's verification file) belongs to the
//! operator and is carried into the new site. Staging folders are named `.NAME.new-PID` and
//! `.NAME.old-PID`, so the next build can tell which are left over and by which process.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::in_place::Touched;
use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::base::message::Message;
use crate::msg;
use crate::write::manifest::{self, Manifest, MANIFEST};

/// The two kinds of folder a build puts beside its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Temp {
    /// The site being written.
    New,
    /// The previous site, moved aside by the two-rename swap.
    Old,
}

/// The name of this process's `kind` folder for the output named `name`.
pub(super) fn temp_name(name: &str, kind: Temp, pid: u32) -> String {
    match kind {
        Temp::New => format!(".{name}.new-{pid}"),
        Temp::Old => format!(".{name}.old-{pid}"),
    }
}

/// The kind and process of a folder named by `temp_name` for the output `name`, if it is one.
fn parse_temp(file: &str, name: &str) -> Option<(Temp, u32)> {
    let rest = file.strip_prefix('.')?.strip_prefix(name)?;
    let (kind, pid) = match (rest.strip_prefix(".new-"), rest.strip_prefix(".old-")) {
        (Some(pid), _) => (Temp::New, pid),
        (_, Some(pid)) => (Temp::Old, pid),
        _ => return None,
    };
    let digits = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    Some((kind, pid.parse().ok().filter(|_| digits)?))
}

/// Whether a process `pid` exists (ours counts as gone: this build has made nothing yet).
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
        let found = unsafe { libc::kill(pid, 0) } == 0;
        found || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// Remove what earlier, killed builds of this output left beside it: their `.NAME.new-PID`
/// and `.NAME.old-PID` folders, unless that process is still running. A kill between the two
/// renames of the fallback swap leaves no output but the previous site in `.NAME.old-PID`:
/// that site is first put back. Runs under the output's lock. Returns what to warn about.
pub(super) fn sweep(out: &Path, parent: &Path, name: &str) -> Vec<Diagnostic> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut left: Vec<(Temp, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let (kind, pid) = parse_temp(e.file_name().to_str()?, name)?;
            (!alive(pid)).then(|| (kind, e.path()))
        })
        .collect();
    let mut warnings = Vec::new();
    if fs::symlink_metadata(out).is_err() {
        let newest = left
            .iter()
            .enumerate()
            .filter(|(_, (kind, _))| *kind == Temp::Old)
            .filter_map(|(i, (_, dir))| {
                let path = dir.join(MANIFEST);
                manifest::parse(&fs::read(&path).ok()?).ok()?;
                Some((fs::metadata(&path).ok()?.modified().ok()?, i))
            })
            .max();
        if let Some((_, i)) = newest {
            let (_, from) = left.remove(i);
            if fs::rename(&from, out).is_ok() {
                let from = from.display();
                warnings.push(
                    Diagnostic::warning(
                        out,
                        None,
                        Code::SiteRestored,
                        msg!(
                            "上一次生成在替换输出文件夹时被中断；已从 {from} 恢复原网站",
                            "a build was stopped while it swapped the output; the previous site is back from {from}"
                        ),
                    )
                    .help(msg!(
                        "无需处理：这次生成会照常替换它",
                        "nothing to do: this build replaces it as usual"
                    )),
                );
            }
        }
    }
    for (_, dir) in left {
        let _ = fs::remove_dir_all(dir);
    }
    warnings
}

/// The manifest of the site in `out` and its own size and SHA-256, `None` when there is no
/// output or it is an empty folder; an error for anything else, which qingdan did not write
/// and so never replaces. `shown` is the output as the user gave it.
pub(super) fn previous_site(
    shown: &Path,
    out: &Path,
) -> Result<Option<(Manifest, manifest::Entry)>, Diagnostic> {
    let meta = match fs::symlink_metadata(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(cannot_read(shown, &e)),
        Ok(meta) => meta,
    };
    if !meta.is_dir() {
        return Err(Diagnostic::error(
            shown,
            None,
            Code::OutputNotFolder,
            msg!(
                "输出路径已经存在，但不是文件夹",
                "the output path exists and is not a folder"
            ),
        )
        .help(msg!(
            "请换一个 `--output` 文件夹",
            "choose another `--output` folder"
        )));
    }
    let foreign = |why: Message| {
        Diagnostic::error(
            shown,
            None,
            Code::OutputNotOurs,
            Message::new(
                format!("输出文件夹不是空的，也不是 qingdan 生成的网站（{}）；生成时会替换其中的全部内容", why.zh),
                format!("the output folder is not empty and is not a site qingdan built ({}); a build would replace everything in it", why.en),
            ),
        )
        .help(msg!(
            "请指定一个空的或新的 `--output` 文件夹；如果这个文件夹里的东西都不需要了，也可以自己把它删除",
            "choose an empty or new `--output` folder, or delete this folder yourself if nothing in it is needed"
        ))
    };
    let path = out.join(MANIFEST);
    match fs::read(&path) {
        Ok(bytes) => match manifest::parse(&bytes) {
            Ok(manifest) => Ok(Some((manifest, manifest::entry(&bytes)))),
            Err(e) => Err(foreign(msg!(
                "其中的 {MANIFEST} 不是 qingdan 写的：{e}",
                "its {MANIFEST} is not qingdan's: {e}"
            ))),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut entries = fs::read_dir(out).map_err(|e| cannot_read(shown, &e))?;
            match entries.next() {
                None => Ok(None),
                Some(_) => Err(foreign(msg!("其中没有 {MANIFEST}", "it has no {MANIFEST}"))),
            }
        }
        Err(e) => Err(cannot_read(&path, &e)),
    }
}

fn cannot_read(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        path,
        None,
        Code::ReadFailed,
        msg!("无法读取：{e}", "cannot read: {e}"),
    )
}

/// What in `out` the build that wrote `manifest` did not write: relative paths, a folder
/// none of whose files it wrote as one entry ending in `/`, sorted.
/// The files a stopped update in place put there (`touched`) are the build's too.
pub(super) fn foreign_files(
    out: &Path,
    manifest: &Manifest,
    touched: &Touched,
) -> Result<Vec<String>, Diagnostic> {
    let mut ours_dirs = HashSet::new();
    for path in manifest.files.keys().chain(touched.paths()) {
        let mut end = path.len();
        while let Some(i) = path[..end].rfind('/') {
            if !ours_dirs.insert(&path[..i]) {
                break;
            }
            end = i;
        }
    }
    let mut found = Vec::new();
    let mut folders = vec![String::new()];
    while let Some(rel) = folders.pop() {
        let dir = out.join(&rel);
        let entries = fs::read_dir(&dir).map_err(|e| cannot_read(&dir, &e))?;
        for entry in entries {
            let entry = entry.map_err(|e| cannot_read(&dir, &e))?;
            let Some(file) = entry.file_name().to_str().map(str::to_string) else {
                return Err(Diagnostic::error(
                    &entry.path(),
                    None,
                    Code::FileNameNotUtf8,
                    msg!("文件名不是有效的 UTF-8 编码", "the name is not valid UTF-8"),
                )
                .help(msg!(
                    "请给文件改名或者移走；否则生成时无法保留它",
                    "rename or move the file; the build cannot keep it otherwise"
                )));
            };
            let path = match rel.is_empty() {
                true => file,
                false => format!("{rel}/{file}"),
            };
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir && ours_dirs.contains(path.as_str()) {
                folders.push(path);
            } else if is_dir {
                found.push(format!("{path}/"));
            } else if path != MANIFEST
                && !manifest.files.contains_key(&path)
                && !manifest.is_change_list(&path)
                && !touched.paths().contains(&path)
            {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Put the operator's `files` (as `foreign_files` lists them) from `out` into `staging`,
/// untouched: hard links, so the bytes, modification times and owners stay and the previous
/// site stays whole until the swap (moving them would empty it before the swap, and a build
/// stopped in between would lose them). Where a link is refused the file is copied with its
/// modification time. A path the new site writes is never overwritten: it is an error, as is
/// any file the new site needs as a folder. `shown` is the output as the user gave it.
pub(super) fn carry(
    shown: &Path,
    out: &Path,
    staging: &Path,
    files: &[String],
) -> Result<(), Diagnostics> {
    let mut errors = Diagnostics::default();
    for entry in files {
        let rel = entry.trim_end_matches('/');
        let mut parent = staging.to_path_buf();
        let mut blocked = None;
        let ancestors: Vec<&str> = rel.split('/').collect();
        for (i, part) in ancestors[..ancestors.len() - 1].iter().enumerate() {
            parent.push(part);
            match fs::symlink_metadata(&parent) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => {
                    blocked = Some(ancestors[..=i].join("/"));
                    break;
                }
                Err(_) => {
                    if let Err(e) = fs::create_dir(&parent) {
                        errors.push(super::write_failed(
                            &parent,
                            msg!("无法建立：{e}", "cannot create: {e}"),
                        ));
                        break;
                    }
                }
            }
        }
        if let Some(file) = blocked {
            let clash = msg!(
                "要在它所在的文件夹 `{file}` 的位置写入一个文件",
                "writes a file at `{file}`, the folder it is in"
            );
            errors.push(collision(shown, rel, &clash));
            continue;
        }
        link_tree(shown, &out.join(rel), &staging.join(rel), rel, &mut errors);
    }
    match errors.is_empty() {
        true => Ok(()),
        false => Err(errors),
    }
}

/// `carry` one file or folder `rel`, from `from` to `to`.
fn link_tree(shown: &Path, from: &Path, to: &Path, rel: &str, errors: &mut Diagnostics) {
    let cannot = |e: std::io::Error| {
        super::write_failed(
            &shown.join(rel),
            msg!("无法保留这个文件：{e}", "cannot keep this file: {e}"),
        )
    };
    let meta = match fs::symlink_metadata(from) {
        Ok(meta) => meta,
        Err(e) => return errors.push(cannot(e)),
    };
    let there = fs::symlink_metadata(to).ok();
    let clash = |there: &fs::Metadata| match there.is_dir() {
        true => collision(
            shown,
            rel,
            &msg!("有一个同名的文件夹", "has a folder of that name"),
        ),
        false => collision(
            shown,
            rel,
            &msg!("要写入一个同名的文件", "writes a file of that name"),
        ),
    };
    if !meta.is_dir() {
        match &there {
            Some(m) => errors.push(clash(m)),
            None => {
                if let Err(e) = link_or_copy(from, to, &meta) {
                    errors.push(cannot(e));
                }
            }
        }
        return;
    }
    match there {
        Some(m) if !m.is_dir() => return errors.push(clash(&m)),
        Some(_) => {}
        None => {
            if let Err(e) = fs::create_dir(to) {
                return errors.push(cannot(e));
            }
        }
    }
    let entries = match fs::read_dir(from) {
        Ok(entries) => entries,
        Err(e) => return errors.push(cannot(e)),
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let child = format!("{rel}/{}", name.to_string_lossy());
        link_tree(shown, &from.join(&name), &to.join(&name), &child, errors);
    }
    // After its entries, whose creation touched it (and which a read-only folder would
    // refuse): a private folder stays private. A folder the new site shares stays the new
    // site's.
    if there.is_none() {
        if let Err(e) = fs::set_permissions(to, meta.permissions()) {
            errors.push(cannot(e));
        }
        if let Ok(time) = meta.modified() {
            let _ = fs::File::open(to).and_then(|f| f.set_modified(time));
        }
    }
}

/// Hard-link `from` to `to`; where that is refused (another file system, a file of another
/// owner under `fs.protected_hardlinks`), copy it with its modification time.
pub(super) fn link_or_copy(from: &Path, to: &Path, meta: &fs::Metadata) -> std::io::Result<()> {
    let Err(refused) = fs::hard_link(from, to) else {
        return Ok(());
    };
    if meta.file_type().is_symlink() {
        #[cfg(unix)]
        return std::os::unix::fs::symlink(fs::read_link(from)?, to);
    }
    if !meta.is_file() {
        return Err(refused);
    }
    fs::copy(from, to)?;
    let copy = fs::OpenOptions::new().write(true).open(to)?;
    copy.set_modified(meta.modified()?)
}

/// The error for an operator's file `rel` where the new site writes (`clash` says what).
fn collision(shown: &Path, rel: &str, clash: &Message) -> Diagnostic {
    Diagnostic::error(
        &shown.join(rel),
        None,
        Code::KeptFileClash,
        Message::new(
            format!("`{rel}` 不是以前的生成写入的，而新网站{}；生成时绝不覆盖不是它写入的文件", clash.zh),
            format!("`{rel}` was not written by an earlier build, and the new site {}; the build never overwrites a file it did not write", clash.en),
        ),
    )
    .help(msg!(
        "请把它移走或删除，再重新生成",
        "move or delete it, then build again"
    ))
}
