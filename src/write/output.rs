//! The one place that writes the file system: the finished site, swapped in atomically.
//!
//! Files go to a staging folder beside the output; only when every file is written does it
//! take the output's place (`swap`). A failed or interrupted build leaves the previous site
//! untouched (unlike generators that delete the output first). A build with the cache, whose
//! files are mostly the previous site's, writes only the new and changed ones there and moves
//! them into the output instead (`in_place`, behind a marker the next build heeds).
//!
//! Before anything is written the output is checked (`guard`: never the content or theme
//! folder; `previous`: never a folder qingdan did not build) and locked against a second build
//! (`lock`); files in it that no build wrote are carried into the new site
//! (`previous::carry`). A file whose bytes the previous site already holds at its path is that
//! file, linked (`reuse`): it keeps its modification time, so upload tools skip it. The staging
//! folder also gets the list of what changed (`write::changes`).

mod guard;
mod in_place;
mod lock;
mod previous;
mod reuse;
mod swap;

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::base::message::Message;
use crate::base::output_file::OutputFile;
use crate::base::progress::Progress;
use crate::msg;
use crate::write::changes::Changes;
use crate::write::manifest::{self, MANIFEST};
use previous::Temp;
use reuse::Reuse;
pub(crate) use reuse::Stamp;

/// What a build wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// The files of the site, the manifest among them (not the change lists).
    pub files: usize,
    pub bytes: u64,
    /// How many of `files` are the previous site's files, kept because their bytes are the
    /// same (`changes.json` lists the others).
    pub unchanged: usize,
    /// The counts of `changes.json`'s lists.
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
}

/// Create a new file with `text`; never overwrites an existing file.
pub fn create_new_file(path: &Path, text: &str) -> Result<(), Diagnostic> {
    use std::io::Write;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Diagnostic::error(
                path,
                None,
                Code::FileExists,
                msg!("文件已存在", "the file already exists"),
            )
            .help(msg!(
                "版本文件不会被覆盖：请修改这个文件，或者换一个日期",
                "a version file is never overwritten; edit it, or choose another date"
            )),
            _ => write_failed(
                path,
                msg!("无法建立文件：{e}", "cannot create the file: {e}"),
            ),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| cannot_write(path, &e))
}

/// The error for an output file or folder that could not be written, created or moved.
pub(crate) fn write_failed(path: &Path, message: Message) -> Diagnostic {
    Diagnostic::error(path, None, Code::WriteFailed, message)
}

fn cannot_write(path: &Path, e: &std::io::Error) -> Diagnostic {
    write_failed(path, msg!("无法写入：{e}", "cannot write: {e}"))
}

/// `cannot create: {e}`, for a folder.
fn cannot_create(path: &Path, e: &std::io::Error) -> Diagnostic {
    write_failed(path, msg!("无法建立：{e}", "cannot create: {e}"))
}

fn cannot_create_folder(path: &Path, e: &std::io::Error) -> Diagnostic {
    write_failed(
        path,
        msg!("无法建立文件夹：{e}", "cannot create the folder: {e}"),
    )
}

/// Write `files` into the folder `dir` (created if missing), replacing files of the same name
/// and leaving the folder's other files alone: for `qingdan schema --out`.
pub fn write_files(dir: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    fs::create_dir_all(dir).map_err(|e| cannot_create_folder(dir, &e))?;
    for f in files {
        let path = dir.join(&f.path);
        fs::write(&path, &f.bytes).map_err(|e| cannot_write(&path, &e))?;
    }
    Ok(())
}

/// Write `files` and their manifest into `out` atomically. The build streams its files into a
/// `Staging` instead; this is kept public for the write stage of benches/stages.rs.
pub fn write_atomically(
    out: &Path,
    files: &[OutputFile],
    progress: &Progress,
) -> Result<Written, Diagnostics> {
    let staging = Staging::begin(out)?;
    let entries = files
        .par_iter()
        .map(|f| {
            staging.write(f)?;
            progress.step();
            Ok((f.path.clone(), manifest::entry(&f.bytes)))
        })
        .collect::<Result<Vec<_>, Diagnostic>>()?;
    staging.write(&staging.manifest(entries))?;
    staging.commit()
}

/// A folder a build must leave alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protected {
    Content,
    Theme,
}

impl Protected {
    /// What the folder is, for messages: “内容文件夹”, "content folder".
    fn name(self) -> Message {
        match self {
            Protected::Content => msg!("内容文件夹", "content folder"),
            Protected::Theme => msg!("主题文件夹", "theme folder"),
        }
    }
}

/// Where a build writes and what it must leave alone.
#[derive(Debug, Clone)]
pub(crate) struct Request<'a> {
    /// The output folder as the user gave it.
    pub out: &'a Path,
    /// Folders the output may not be, contain or lie inside, with what each is: the swap
    /// would delete them.
    pub protected: Vec<(Protected, PathBuf)>,
    /// Also drop the files in the previous output that no build wrote, instead of keeping them.
    pub clean: bool,
    /// Put only the new and changed files into the previous site (`in_place`), rather than
    /// swapping in a whole new tree; a build with the cache asks for it. Not with `clean`.
    pub in_place: bool,
}

/// A site being written: a staging folder beside the output folder that files go into as
/// they are rendered, from any thread, and that replaces the output folder only on `commit`.
///
/// Streaming the files (instead of collecting the whole site in memory first) keeps a
/// province's 700 MB of output out of memory and overlaps writing with rendering. Dropped
/// without `commit` (an error, a panic), it removes itself and the previous site stays.
///
/// The staging folder starts empty while the previous site stays whole beside it until the
/// swap, so a file whose bytes the previous site holds at the same path is hard-linked from
/// it (`reuse`) instead of written, as `previous::carry` does for the operator's files: it
/// keeps its modification time, and the site is the same as if written. An incremental build
/// that knows a file is unchanged without rendering it would link it the same way.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    /// The output as the user gave it, for messages.
    shown: PathBuf,
    /// The output, resolved (`guard::resolve`).
    out: PathBuf,
    parent: PathBuf,
    name: String,
    files: AtomicUsize,
    bytes: AtomicU64,
    /// Every path written or being written, and the folders they need (relative, `/`).
    paths: Mutex<Paths>,
    /// Folders created on disk so far.
    folders: Mutex<HashSet<String>>,
    /// The operator's files in the previous output, carried into this one on `commit`.
    carried: Vec<String>,
    /// The files of the previous site, for keeping those that did not change.
    previous: reuse::Previous,
    /// Whether the commit updates the previous site in place (`in_place`): then only the files
    /// that are new or changed are written into the staging folder, and the others stay where
    /// they are.
    in_place: bool,
    /// The files written into the staging folder, when updating in place.
    staged: Mutex<Vec<String>>,
    /// The SHA-256 of the previous site's manifest, if there is one.
    previous_manifest: Option<String>,
    /// Files written (not kept) at a path where the previous site had one.
    changed: Mutex<Vec<String>>,
    unchanged: AtomicUsize,
    /// The SHA-256 of the manifest written, for `changes.json`.
    manifest_sha256: Mutex<Option<String>>,
    warnings: Vec<Diagnostic>,
    swap: swap::Method,
    committed: bool,
    /// Last, so it is released after `Drop` has removed the staging folder.
    _lock: lock::OutputLock,
}

#[derive(Debug, Default)]
struct Paths {
    files: HashSet<String>,
    folders: HashSet<String>,
}

impl Staging {
    /// Begin writing into `out`, keeping the operator's files in it (the build uses
    /// `begin_with`; benches/e2e.rs and `write_atomically` use this).
    pub fn begin(out: &Path) -> Result<Staging, Diagnostic> {
        Staging::begin_with(&Request {
            out,
            protected: Vec::new(),
            clean: false,
            in_place: false,
        })
    }

    /// Check the output folder, lock it, clear what killed builds left beside it, read what
    /// the previous site there holds, and create the empty staging folder.
    pub(crate) fn begin_with(request: &Request) -> Result<Staging, Diagnostic> {
        let shown = request.out;
        let out = guard::resolve(shown)?;
        guard::refuse_overlap(shown, &out, &request.protected)?;
        let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
            return Err(Diagnostic::error(
                shown,
                None,
                Code::OutputNotFolder,
                msg!("输出路径没有文件夹名", "the output path has no folder name"),
            )
            .help(msg!(
                "请指定一个 `--output` 文件夹，例如 `output`",
                "choose an `--output` folder such as `output`"
            )));
        };
        let parent = parent.to_path_buf();
        let name = name.to_string_lossy().into_owned();
        fs::create_dir_all(&parent).map_err(|e| cannot_create_folder(&parent, &e))?;
        let lock = lock::OutputLock::take(shown, &parent, &name)?;
        let mut warnings = previous::sweep(&out, &parent, &name);
        let site = previous::previous_site(shown, &out)?;
        // What an update in place that was stopped may have put there.
        let stopped = site
            .as_ref()
            .and_then(|_| in_place::stopped(&parent, &name));
        let touched = stopped.clone().unwrap_or_default();
        let carried = match &site {
            Some((manifest, _)) if !request.clean => {
                previous::foreign_files(&out, manifest, &touched)?
            }
            _ => Vec::new(),
        };
        let mut previous = match &site {
            Some((manifest, own)) => reuse::Previous::new(&out, manifest, own.size),
            None => reuse::Previous::default(),
        };
        if stopped.is_some() {
            warnings.push(
                Diagnostic::warning(
                    shown,
                    None,
                    Code::UpdateStopped,
                    msg!(
                        "上一次生成在更新输出文件夹时被中断；这次生成重新写出它动过的文件，并整体替换网站",
                        "a build was stopped while it updated the output; this build writes the files it touched again and replaces the whole site"
                    ),
                )
                .help(msg!(
                    "无需处理；上传前请以这次生成的 changes.txt 为准",
                    "nothing to do; upload by this build's changes.txt"
                )),
            );
        }
        previous.distrust(touched);
        let in_place = request.in_place && !request.clean && site.is_some() && stopped.is_none();
        let previous_manifest = site.map(|(_, own)| own.sha256);
        let dir = parent.join(previous::temp_name(&name, Temp::New, std::process::id()));
        fs::create_dir(&dir).map_err(|e| cannot_create(&dir, &e))?;
        let mut staging = Staging {
            dir,
            shown: shown.to_path_buf(),
            out,
            parent,
            name,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            paths: Mutex::default(),
            folders: Mutex::default(),
            carried,
            previous,
            in_place,
            staged: Mutex::default(),
            previous_manifest,
            changed: Mutex::default(),
            unchanged: AtomicUsize::new(0),
            manifest_sha256: Mutex::default(),
            warnings,
            swap: swap::Method::Exchange,
            committed: false,
            _lock: lock,
        };
        if !staging.carried.is_empty() {
            let list = staging.carried.join(", ");
            staging.warnings.push(
                Diagnostic::warning(
                    shown,
                    None,
                    Code::KeptFiles,
                    msg!(
                        "输出文件夹里有不是 qingdan 生成的文件，已原样保留：{list}",
                        "kept what no build of qingdan wrote in the output folder: {list}"
                    ),
                )
                .help(msg!(
                    "这些文件每次生成都原样保留，不列入 manifest.json；加上 `--clean` 会删除它们",
                    "these files are carried into every new build untouched and are not in manifest.json; `--clean` removes them"
                )),
            );
        }
        Ok(staging)
    }

    /// The output folder, resolved.
    pub(crate) fn out(&self) -> &Path {
        &self.out
    }

    /// The warnings of `begin_with` (files kept, a site restored), once.
    pub(crate) fn take_warnings(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.warnings)
    }

    /// `manifest.json` for the written files with these paths and entries, naming the
    /// operator's files this build keeps.
    pub fn manifest(
        &self,
        entries: impl IntoIterator<Item = (String, manifest::Entry)>,
    ) -> OutputFile {
        manifest::manifest_keeping(entries, self.carried.clone())
    }

    /// `manifest`, also recording what the site was built from.
    pub(crate) fn manifest_recording(
        &self,
        entries: impl IntoIterator<Item = (String, manifest::Entry)>,
        sources: manifest::Sources,
    ) -> OutputFile {
        manifest::manifest_recording(entries, self.carried.clone(), Some(sources))
    }

    /// Write one file (its folders are created as needed), or link the previous site's file
    /// at its path if that holds the same bytes; safe to call from many threads. Two files
    /// for one path are an error, never one written over the other.
    pub fn write(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        self.put(file).map(drop)
    }

    /// `write`, and the stamp of the file written, for a build cache (`write::cache`).
    pub(crate) fn write_stamped(&self, file: &OutputFile) -> Result<Stamp, Diagnostic> {
        let path = self.put(file)?;
        let meta = fs::symlink_metadata(&path).map_err(|e| cannot_write(&path, &e))?;
        Ok(Stamp::of(&meta).unwrap_or_default())
    }

    /// `write`; the file's path in the staging folder (or, updating in place, in the output
    /// if the previous site holds it already).
    fn put(&self, file: &OutputFile) -> Result<PathBuf, Diagnostic> {
        self.reserve(&file.path)?;
        let path = self.dir.join(&file.path);
        let cannot = |e: std::io::Error| cannot_write(&path, &e);
        if file.path == MANIFEST {
            *lock(&self.manifest_sha256) = Some(manifest::entry(&file.bytes).sha256);
        }
        let same = || self.previous.same_bytes(&file.path, &file.bytes).is_some();
        if self.in_place && same() {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            self.files.fetch_add(1, Ordering::Relaxed);
            self.bytes
                .fetch_add(file.bytes.len() as u64, Ordering::Relaxed);
            return Ok(self.out.join(&file.path));
        }
        self.make_folder(&file.path)?;
        let reused = match self.in_place {
            true => Reuse::Write,
            false => self.previous.reuse(&file.path, &file.bytes, &path),
        };
        if self.in_place {
            lock(&self.staged).push(file.path.clone());
        }
        match reused {
            Reuse::Linked => {}
            Reuse::Copy(time) => write_in_pieces(&path, &file.bytes)
                .and_then(|written| written.set_modified(time))
                .map_err(cannot)?,
            Reuse::Write => drop(write_in_pieces(&path, &file.bytes).map_err(cannot)?),
        }
        if reused != Reuse::Write {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        } else if self.previous.had(&file.path) {
            lock(&self.changed).push(file.path.clone());
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes
            .fetch_add(file.bytes.len() as u64, Ordering::Relaxed);
        Ok(path)
    }

    /// Create the folder the file `rel` goes into, unless done before.
    fn make_folder(&self, rel: &str) -> Result<(), Diagnostic> {
        // The staging folder starts empty, so each folder is created once, by the first file
        // into it; remembering which exist saves a failed open for every page of the site.
        let folder = rel.rsplit_once('/').map(|(folder, _)| folder);
        if let Some(folder) = folder.filter(|f| !self.has_folder(f)) {
            let on_disk = self.dir.join(folder);
            fs::create_dir_all(&on_disk).map_err(|e| cannot_create(&on_disk, &e))?;
            self.folders
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(folder.to_string());
        }
        Ok(())
    }

    /// Put the previous site's files `files` into this site as they are, if every one is still
    /// the file a build cache recorded (`reuse::Stamp`): the files of a job the build did not
    /// run. Their stamps now, or `None` when any is not, and nothing is put in (the job runs).
    pub(crate) fn keep(
        &self,
        files: &[(String, manifest::Entry, Stamp)],
    ) -> Result<Option<Vec<Stamp>>, Diagnostic> {
        let as_stamped = |(rel, entry, stamp): &(String, manifest::Entry, Stamp)| {
            rel != MANIFEST && self.previous.is_as_stamped(rel, entry, stamp)
        };
        if !files.iter().all(as_stamped) {
            return Ok(None);
        }
        let mut stamps = Vec::with_capacity(files.len());
        for (rel, entry, stamp) in files {
            if self.in_place {
                // The file stays where it is.
                if let Err(refused) = self.reserve(rel) {
                    self.unkeep(&files[..stamps.len()]);
                    return Err(refused);
                }
                stamps.push(*stamp);
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                self.files.fetch_add(1, Ordering::Relaxed);
                self.bytes.fetch_add(entry.size, Ordering::Relaxed);
                continue;
            }
            // Refused, replaced during the build or not linked: what was kept of the job goes
            // again, so that the job writes (or is refused) every file of its own.
            if let Err(refused) = self.reserve(rel) {
                self.unkeep(&files[..stamps.len()]);
                return Err(refused);
            }
            let to = self.dir.join(rel);
            let linked = (self.make_folder(rel)).and_then(|()| {
                (self.previous.link_as_stamped(rel, stamp, &to)).map_err(|e| cannot_write(&to, &e))
            });
            let Ok(Some(now)) = linked else {
                self.unkeep(&files[..stamps.len()]);
                lock(&self.paths).files.remove(rel);
                return linked.map(|_| None);
            };
            stamps.push(now);
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            self.files.fetch_add(1, Ordering::Relaxed);
            self.bytes.fetch_add(entry.size, Ordering::Relaxed);
        }
        Ok(Some(stamps))
    }

    /// Take back the files `keep` put in.
    fn unkeep(&self, files: &[(String, manifest::Entry, Stamp)]) {
        for (rel, entry, _) in files {
            lock(&self.paths).files.remove(rel);
            if !self.in_place {
                let _ = fs::remove_file(self.dir.join(rel));
            }
            self.unchanged.fetch_sub(1, Ordering::Relaxed);
            self.files.fetch_sub(1, Ordering::Relaxed);
            self.bytes.fetch_sub(entry.size, Ordering::Relaxed);
        }
    }

    /// Claim `rel` for one file: refuse a path that would leave the folder, a second file of
    /// the same path, and a file where another file needs a folder (or the reverse).
    fn reserve(&self, rel: &str) -> Result<(), Diagnostic> {
        let shown = self.shown.join(rel);
        let clash = |message: Message| {
            Err(
                Diagnostic::error(&shown, None, Code::OutputPath, message).help(msg!(
                    "内容里的某个文件（例如页脚标识）占用了网站生成的路径：请给它改名",
                    "a file of the content (such as the footer emblem) takes a path the site generates: rename it"
                )),
            )
        };
        // No control characters either: `changes.txt` gives each path a line of its own.
        if rel.split('/').any(|s| {
            s.is_empty()
                || s == "."
                || s == ".."
                || s.contains(|c: char| c == '\\' || c.is_control())
        }) {
            return Err(Diagnostic::error(
                &shown,
                None,
                Code::OutputPath,
                msg!(
                    "`{rel}` 不是网站里的路径",
                    "`{rel}` is not a path inside the site"
                ),
            ));
        }
        let mut paths = self.paths.lock().unwrap_or_else(|e| e.into_inner());
        if paths.files.contains(rel) {
            return clash(msg!(
                "网站有两个文件的路径都是 `{rel}`；不会用其中一个覆盖另一个",
                "two files of the site have the same path `{rel}`; neither is written over the other"
            ));
        }
        if paths.folders.contains(rel) {
            return clash(msg!(
                "网站在 `{rel}/` 里有文件，又有一个文件 `{rel}`",
                "the site has files inside `{rel}/` and a file `{rel}`"
            ));
        }
        let mut new_folders = Vec::new();
        let mut end = rel.len();
        while let Some(i) = rel[..end].rfind('/') {
            let folder = &rel[..i];
            if paths.files.contains(folder) {
                return clash(msg!(
                    "网站有一个文件 `{folder}`，又有一个在同名文件夹里的文件 `{rel}`",
                    "the site has a file `{folder}` and a file `{rel}` inside a folder of that name"
                ));
            }
            if paths.folders.contains(folder) {
                break;
            }
            new_folders.push(folder.to_string());
            end = i;
        }
        paths.folders.extend(new_folders);
        paths.files.insert(rel.to_string());
        Ok(())
    }

    fn has_folder(&self, folder: &str) -> bool {
        let folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        folders.contains(folder)
    }

    /// Carry the operator's files in, swap the written folder into place of the output and
    /// remove the previous site; what was written.
    pub fn commit(mut self) -> Result<Written, Diagnostics> {
        let paths = self.paths.get_mut().unwrap_or_else(|e| e.into_inner());
        if !paths.files.contains(MANIFEST) {
            // Only a folder with qingdan's manifest is ever replaced by a later build.
            return Err(Diagnostic::error(
                &self.dir,
                None,
                Code::OutputNoManifest,
                msg!(
                    "生成的网站缺少 manifest.json",
                    "the site has no manifest.json"
                ),
            )
            .into());
        }
        let changes = self.changes();
        // Before the operator's files are carried in, so that one of the same name (in a
        // folder built before qingdan wrote these lists) is a clash, never overwritten.
        for list in changes.files() {
            self.reserve(&list.path)?;
            let path = self.dir.join(&list.path);
            write_in_pieces(&path, &list.bytes).map_err(|e| cannot_write(&path, &e))?;
            lock(&self.staged).push(list.path.clone());
        }
        let written = Written {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            added: changes.added.len(),
            changed: changes.changed.len(),
            removed: changes.removed.len(),
        };
        if self.in_place {
            let mut moves = std::mem::take(&mut *lock(&self.staged));
            // The manifest last: a reader who finds the new one finds every file it lists.
            moves.sort_unstable_by(|a, b| (a == MANIFEST).cmp(&(b == MANIFEST)).then(a.cmp(b)));
            let removed: Vec<&String> = changes.removed.iter().collect();
            if !in_place::blocked(&self.out, &moves, &removed, &self.carried) {
                let output = (self.parent.as_path(), self.name.as_str());
                // From here on the output changes; a failure leaves the marker, and the next
                // build makes the site whole again.
                self.committed = true;
                in_place::update(&self.dir, &self.out, output, &moves, &removed)?;
                let _ = fs::remove_dir_all(&self.dir);
                return Ok(written);
            }
            // Swapped in whole instead: the staging folder gets the files left in place.
            self.link_unmoved(&moves)?;
        }
        previous::carry(&self.shown, &self.out, &self.dir, &self.carried)?;
        let old = self.parent.join(previous::temp_name(
            &self.name,
            Temp::Old,
            std::process::id(),
        ));
        let previous = swap::swap(&self.dir, &self.out, &old, self.swap)?;
        self.committed = true;
        // The site is one build's again, whatever a stopped update in place left.
        in_place::settled(&self.parent, &self.name);
        // Left behind if this fails or the process is killed now; the next build removes it.
        if let Some(previous) = previous {
            let _ = fs::remove_dir_all(previous);
        }
        Ok(written)
    }

    /// Link into the staging folder every file of the site that an update in place left in the
    /// output (all but `moved`), so that it becomes the whole site after all.
    fn link_unmoved(&self, moved: &[String]) -> Result<(), Diagnostic> {
        let moved: HashSet<&String> = moved.iter().collect();
        let files: Vec<String> = lock(&self.paths).files.iter().cloned().collect();
        for rel in files.iter().filter(|rel| !moved.contains(rel)) {
            self.make_folder(rel)?;
            let (from, to) = (self.out.join(rel), self.dir.join(rel));
            let linked = fs::symlink_metadata(&from)
                .and_then(|meta| previous::link_or_copy(&from, &to, &meta));
            linked.map_err(|e| cannot_write(&to, &e))?;
        }
        Ok(())
    }

    /// What this build added, changed and removed, once every file of the site is written.
    fn changes(&mut self) -> Changes {
        let written = &self
            .paths
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .files;
        let sorted = |mut paths: Vec<String>| {
            paths.sort_unstable();
            paths
        };
        let added = written.iter().filter(|p| !self.previous.had(p));
        let removed = self.previous.paths().filter(|p| !written.contains(*p));
        let changed = std::mem::take(&mut *lock(&self.changed));
        Changes {
            generator: manifest::generator(),
            previous_manifest_sha256: self.previous_manifest.clone(),
            manifest_sha256: lock(&self.manifest_sha256).clone().unwrap_or_default(),
            added: sorted(added.cloned().collect()),
            changed: sorted(changed),
            removed: sorted(removed.cloned().collect()),
        }
    }
}

/// The value behind `mutex`, even if a thread panicked holding it (the build then fails).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Create the file `path` with `bytes`, handed to the kernel a quarter of a megabyte at a time.
///
/// On ext4 (Linux 6.18 here), one `write` of a large buffer costs several times the system
/// time of the same bytes in pieces: a province's eleven 33 MB open-data files took 1.3–1.6 s
/// of writing in whole, 0.1–0.4 s in pieces (measured inside the build; a stand-alone program
/// shows the same). tmpfs shows no difference. The file must be new: nothing is written over.
/// Returns the file, still open for writing.
fn write_in_pieces(path: &Path, bytes: &[u8]) -> std::io::Result<fs::File> {
    use std::io::Write;
    const PIECE: usize = 256 << 10;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    bytes
        .chunks(PIECE)
        .try_for_each(|piece| file.write_all(piece))?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A process id no system gives out (Linux's `pid_max` is at most 2^22).
    const DEAD: u32 = 999_999_999;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Write a site of these files into `out` with its manifest, as a build does.
    fn site(out: &Path, files: &[(&str, &str)]) {
        let files: Vec<OutputFile> = files.iter().map(|(p, t)| file(p, t)).collect();
        write_atomically(out, &files, &Progress::default()).unwrap();
    }

    fn commit_with(staging: Staging, files: &[(&str, &str)]) -> Result<Written, Diagnostics> {
        let entries: Vec<_> = files
            .iter()
            .map(|(p, t)| {
                staging.write(&file(p, t)).unwrap();
                (p.to_string(), manifest::entry(t.as_bytes()))
            })
            .collect();
        staging.write(&staging.manifest(entries)).unwrap();
        staging.commit()
    }

    #[test]
    fn kept_files_are_the_stamped_previous_files_or_nothing_is_kept() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        site(&out, &[("a/x.html", "x"), ("b.html", "b")]);
        let recorded = |rel: &str, text: &str| {
            let meta = fs::symlink_metadata(out.join(rel)).unwrap();
            let stamp = Stamp::of(&meta).unwrap();
            (rel.to_string(), manifest::entry(text.as_bytes()), stamp)
        };
        let (x, b) = (recorded("a/x.html", "x"), recorded("b.html", "b"));
        let inode = fs::metadata(out.join("a/x.html")).unwrap().ino();

        // As recorded: linked, the same file (inode), counted as unchanged.
        let staging = Staging::begin(&out).unwrap();
        let kept = staging.keep(&[x.clone(), b.clone()]).unwrap().unwrap();
        assert_eq!(kept, [x.2, b.2]);
        assert_eq!(
            fs::metadata(staging.dir.join("a/x.html")).unwrap().ino(),
            inode
        );
        assert_eq!(staging.unchanged.load(Ordering::Relaxed), 2);
        drop(staging);

        // Edited since (a new time): nothing is kept, nothing reserved, so the job writes it.
        let mut stale = b.clone();
        stale.2.modified -= 1;
        let staging = Staging::begin(&out).unwrap();
        assert_eq!(staging.keep(&[x.clone(), stale]).unwrap(), None);
        assert!(!staging.dir.join("a/x.html").exists());
        staging.write(&file("a/x.html", "x")).unwrap();
        drop(staging);

        // The second file's path already taken in this site: refused, and the first taken
        // back, so the job's own write of it is not a clash.
        let staging = Staging::begin(&out).unwrap();
        staging.write(&file("b.html", "other")).unwrap();
        assert!(staging.keep(&[x.clone(), b.clone()]).is_err());
        assert!(!staging.dir.join("a/x.html").exists());
        assert_eq!(staging.files.load(Ordering::Relaxed), 1);
        staging.write(&file("a/x.html", "x")).unwrap();
    }

    #[test]
    fn a_file_written_in_pieces_holds_exactly_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        for len in [
            0,
            1,
            (256 << 10) - 1,
            256 << 10,
            (256 << 10) + 1,
            3 * (256 << 10) + 7,
        ] {
            let path = dir.path().join(len.to_string());
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            write_in_pieces(&path, &bytes).unwrap();
            assert_eq!(fs::read(&path).unwrap(), bytes, "{len} bytes");
            assert!(write_in_pieces(&path, b"x").is_err(), "never written over");
        }
    }

    #[test]
    fn staging_creates_folders_and_replaces_the_output_on_commit() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        site(&out, &[("stale.html", "old")]);
        let staging = Staging::begin(&out).unwrap();
        [
            file("a/b/c.html", "deep"),
            file("a/d.html", "x"),
            file("e.txt", ""),
        ]
        .par_iter()
        .try_for_each(|f| staging.write(f))
        .unwrap();
        staging.write(&staging.manifest([])).unwrap();
        let manifest_len = fs::read(staging.dir.join(MANIFEST)).unwrap().len() as u64;
        assert_eq!(
            names(&out),
            ["changes.json", "changes.txt", "manifest.json", "stale.html"],
            "nothing changes before commit"
        );
        let written = staging.commit().unwrap();
        let bytes = 5 + manifest_len;
        let expected = Written {
            files: 4,
            bytes,
            unchanged: 0,
            added: 3,
            changed: 1,
            removed: 1,
        };
        assert_eq!(written, expected);
        assert_eq!(fs::read_to_string(out.join("a/b/c.html")).unwrap(), "deep");
        assert_eq!(
            names(&out),
            ["a", "changes.json", "changes.txt", "e.txt", "manifest.json"],
            "the old site is gone"
        );
        assert_eq!(
            names(tmp.path()),
            ["site"],
            "no staging, old or lock file left"
        );
    }

    #[test]
    fn staging_dropped_without_commit_leaves_the_output_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        site(&out, &[("index.html", "published")]);
        {
            let staging = Staging::begin(&out).unwrap();
            staging.write(&file("index.html", "half-built")).unwrap();
            assert_eq!(
                names(tmp.path()).len(),
                3,
                "the staging folder and the lock"
            );
        }
        assert_eq!(names(tmp.path()), ["site"], "the staging folder is removed");
        let text = fs::read_to_string(out.join("index.html")).unwrap();
        assert_eq!(text, "published");
    }

    #[test]
    fn two_files_for_one_path_are_an_error_never_an_overwrite() {
        let tmp = tempfile::tempdir().unwrap();
        let staging = Staging::begin(&tmp.path().join("site")).unwrap();
        staging
            .write(&file("assets/qingdan.0123456789.js", "generated"))
            .unwrap();
        let e = staging
            .write(&file("assets/qingdan.0123456789.js", "emblem"))
            .unwrap_err();
        assert!(
            e.message
                .en
                .contains("same path `assets/qingdan.0123456789.js`"),
            "{e}"
        );
        assert!(e.file.ends_with("site/assets/qingdan.0123456789.js"), "{e}");
        let on_disk = staging.dir.join("assets/qingdan.0123456789.js");
        assert_eq!(fs::read_to_string(on_disk).unwrap(), "generated");
        // A file where another needs a folder, either way round.
        staging.write(&file("a/b.html", "x")).unwrap();
        let e = staging.write(&file("a", "x")).unwrap_err();
        assert!(e.message.en.contains("inside `a/` and a file `a`"), "{e}");
        staging.write(&file("c", "x")).unwrap();
        let e = staging.write(&file("c/d/e.html", "x")).unwrap_err();
        assert!(e.message.en.contains("a file `c`"), "{e}");
        // The manifest is a file like any other.
        staging.write(&staging.manifest([])).unwrap();
        assert!(staging.write(&staging.manifest([])).is_err());
        for bad in [
            "../x",
            "a/../../x",
            "/etc/x",
            "a//b",
            "./x",
            "a\\..\\x",
            "",
            "two\nlines.html",
            "a/\rb",
            "tab\t",
        ] {
            let e = staging.write(&file(bad, "x")).unwrap_err();
            assert!(
                e.message.en.contains("not a path inside the site"),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn a_file_with_the_same_bytes_is_the_previous_file_and_the_changes_are_listed() {
        use crate::write::changes::{self, CHANGES_JSON, CHANGES_TXT};
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        site(
            &out,
            &[
                ("same.html", "s"),
                ("a/edit.html", "v1"),
                ("gone.html", "g"),
            ],
        );
        let inode = |rel: &str| fs::metadata(out.join(rel)).unwrap().ino();
        let (same, edited) = (inode("same.html"), inode("a/edit.html"));
        let previous = manifest::entry(&fs::read(out.join(MANIFEST)).unwrap()).sha256;
        let staging = Staging::begin(&out).unwrap();
        let new = [
            ("same.html", "s"),
            ("a/edit.html", "v2"),
            ("b/new.html", "n"),
        ];
        let written = commit_with(staging, &new).unwrap();
        assert_eq!(inode("same.html"), same, "kept");
        assert_ne!(inode("a/edit.html"), edited, "written");
        assert_eq!(fs::read_to_string(out.join("a/edit.html")).unwrap(), "v2");
        assert_eq!(
            (
                written.files,
                written.unchanged,
                written.added,
                written.changed
            ),
            (4, 1, 1, 2)
        );
        assert_eq!(written.removed, 1);
        let listed = changes::parse(&fs::read(out.join(CHANGES_JSON)).unwrap()).unwrap();
        assert_eq!(listed.added, ["b/new.html"]);
        assert_eq!(listed.changed, ["a/edit.html", "manifest.json"]);
        assert_eq!(listed.removed, ["gone.html"]);
        assert_eq!(listed.previous_manifest_sha256, Some(previous));
        let now = manifest::entry(&fs::read(out.join(MANIFEST)).unwrap()).sha256;
        assert_eq!(listed.manifest_sha256, now);
        assert_eq!(
            fs::read_to_string(out.join(CHANGES_TXT)).unwrap(),
            "~ a/edit.html\n+ b/new.html\n- gone.html\n~ manifest.json\n"
        );
        let diff = manifest::verify(&out).unwrap();
        assert!(diff.is_clean(), "the lists are not extra: {diff:?}");

        // Built again the same: every file, the manifest too, is the one before; the lists
        // say nothing changed, and are the build's own, not files it keeps for the operator.
        let manifest_inode = inode(MANIFEST);
        let mut staging = Staging::begin(&out).unwrap();
        assert!(staging.take_warnings().is_empty());
        let written = commit_with(staging, &new).unwrap();
        assert_eq!((written.unchanged, written.changed), (4, 0));
        assert_eq!(inode(MANIFEST), manifest_inode);
        assert_eq!(fs::read_to_string(out.join(CHANGES_TXT)).unwrap(), "");
    }

    #[test]
    fn an_operators_file_named_like_a_change_list_is_never_overwritten() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        // A site built before qingdan wrote the lists: its manifest does not name them.
        fs::create_dir(&out).unwrap();
        let older = manifest::manifest_file([("index.html".to_string(), manifest::entry(b"v1"))]);
        let mut text = String::from_utf8(older.bytes).unwrap();
        let at = text.find(",\n  \"changes\"").unwrap();
        text.replace_range(at..text.rfind('}').unwrap(), "\n");
        assert!(manifest::parse(text.as_bytes()).unwrap().changes.is_empty());
        fs::write(out.join(MANIFEST), text).unwrap();
        fs::write(out.join("index.html"), "v1").unwrap();
        fs::write(out.join("changes.txt"), "the operator's notes").unwrap();
        let staging = Staging::begin(&out).unwrap();
        let errors = commit_with(staging, &[("index.html", "v2")]).unwrap_err();
        assert!(
            errors.iter().any(|e| e.code == Code::KeptFileClash),
            "{errors:?}"
        );
        let notes = fs::read_to_string(out.join("changes.txt")).unwrap();
        assert_eq!(notes, "the operator's notes");
    }

    #[test]
    fn a_site_without_a_manifest_is_never_committed() {
        let tmp = tempfile::tempdir().unwrap();
        let staging = Staging::begin(&tmp.path().join("site")).unwrap();
        staging.write(&file("index.html", "x")).unwrap();
        assert!(staging.commit().is_err());
        assert_eq!(names(tmp.path()), Vec::<String>::new());
    }

    #[test]
    fn a_folder_qingdan_did_not_build_is_refused_and_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("thesis.docx"), "years of work").unwrap();
        let e = Staging::begin(&out).unwrap_err();
        assert!(e.message.en.contains("not a site qingdan built"), "{e}");
        assert_eq!(e.code, Code::OutputNotOurs);
        assert!(e.help.unwrap().en.contains("empty or new"));
        fs::write(out.join(MANIFEST), r#"{"name": "some npm package"}"#).unwrap();
        let e = Staging::begin(&out).unwrap_err();
        assert!(
            e.message.en.contains("manifest.json is not qingdan's"),
            "{e}"
        );
        let other = r#"{"generator": "hugo", "files": {}}"#;
        fs::write(out.join(MANIFEST), other).unwrap();
        assert!(Staging::begin(&out).is_err());
        assert_eq!(names(&out), ["manifest.json", "thesis.docx"]);
        assert_eq!(names(tmp.path()), ["site"], "nothing created beside it");
        // An empty folder is fine, and so is a file that is not a folder refused.
        fs::remove_file(out.join("thesis.docx")).unwrap();
        fs::remove_file(out.join(MANIFEST)).unwrap();
        assert!(Staging::begin(&out).is_ok());
        fs::remove_dir(&out).unwrap();
        fs::write(&out, "a file").unwrap();
        let e = Staging::begin(&out).unwrap_err();
        assert!(e.message.en.contains("not a folder"), "{e}");
    }

    #[test]
    fn the_operators_files_are_carried_untouched_and_named_in_the_manifest() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        site(&out, &[("index.html", "v1"), ("assets/a.css", "v1")]);
        fs::create_dir_all(out.join(".git/objects")).unwrap();
        fs::write(out.join(".git/objects/ab"), "blob").unwrap();
        let private = std::os::unix::fs::PermissionsExt::from_mode(0o700);
        fs::set_permissions(out.join(".git"), private).unwrap();
        fs::write(out.join(".htaccess"), "Deny from all").unwrap();
        fs::write(out.join("assets/logo.png"), "png").unwrap();
        std::os::unix::fs::symlink("index.html", out.join("home.html")).unwrap();
        let old = fs::symlink_metadata(out.join(".htaccess")).unwrap();
        let mut staging = Staging::begin(&out).unwrap();
        let warnings = staging.take_warnings();
        assert_eq!(warnings.len(), 1);
        assert!(!warnings[0].is_error());
        assert!(
            warnings[0]
                .message
                .en
                .contains(".git/, .htaccess, assets/logo.png, home.html"),
            "{}",
            warnings[0]
        );
        commit_with(staging, &[("index.html", "v2"), ("assets/b.css", "v2")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "v2");
        assert!(
            !out.join("assets/a.css").exists(),
            "the previous build's own file goes"
        );
        assert_eq!(
            fs::read_to_string(out.join(".git/objects/ab")).unwrap(),
            "blob"
        );
        let mode = fs::metadata(out.join(".git")).unwrap().mode();
        assert_eq!(mode & 0o777, 0o700, "a private folder stays private");
        assert_eq!(
            fs::read_to_string(out.join("assets/logo.png")).unwrap(),
            "png"
        );
        assert_eq!(
            fs::read_link(out.join("home.html")).unwrap(),
            Path::new("index.html")
        );
        let new = fs::symlink_metadata(out.join(".htaccess")).unwrap();
        assert_eq!(
            (new.ino(), new.mtime_nsec(), new.mtime()),
            (old.ino(), old.mtime_nsec(), old.mtime())
        );
        let manifest = manifest::parse(&fs::read(out.join(MANIFEST)).unwrap()).unwrap();
        assert_eq!(
            manifest.kept,
            [".git/", ".htaccess", "assets/logo.png", "home.html"]
        );
        assert!(!manifest.files.contains_key(".htaccess"));
        let diff = manifest::verify(&out).unwrap();
        assert!(diff.is_clean(), "{diff:?}");
        assert_eq!(diff.kept, 4);

        // Kept again by the next build; `clean` drops them.
        commit_with(Staging::begin(&out).unwrap(), &[("index.html", "v3")]).unwrap();
        assert!(out.join(".git/objects/ab").is_file());
        let request = Request {
            out: &out,
            protected: Vec::new(),
            clean: true,
            in_place: false,
        };
        let mut staging = Staging::begin_with(&request).unwrap();
        assert!(staging.take_warnings().is_empty());
        commit_with(staging, &[("index.html", "v4")]).unwrap();
        let lists = ["changes.json", "changes.txt"];
        assert_eq!(
            names(&out),
            [&lists[..], &["index.html", "manifest.json"]].concat()
        );
    }

    #[test]
    fn an_operators_file_where_the_new_site_writes_is_an_error_and_nothing_changes() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        site(&out, &[("index.html", "v1"), ("items/a.html", "v1")]);
        fs::write(out.join("robots.txt"), "mine").unwrap();
        fs::write(out.join("feed"), "mine too").unwrap();
        fs::write(out.join("items/own"), "mine as well").unwrap();
        let before = names(&out);
        let staging = Staging::begin(&out).unwrap();
        let new = [
            ("robots.txt", "ours"),
            ("feed/atom.xml", "ours"),
            ("items", "ours"),
        ];
        let errors = commit_with(staging, &new).unwrap_err().sorted();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].file.ends_with("site/feed"), "{}", errors[0]);
        assert!(
            errors[0].message.en.contains("has a folder of that name"),
            "{}",
            errors[0]
        );
        assert!(errors[1].file.ends_with("site/items/own"), "{}", errors[1]);
        let clash = "writes a file at `items`, the folder it is in";
        assert!(errors[1].message.en.contains(clash), "{}", errors[1]);
        assert!(errors[2].file.ends_with("site/robots.txt"), "{}", errors[2]);
        assert!(
            errors[2].message.en.contains("never overwrites"),
            "{}",
            errors[2]
        );
        assert_eq!(
            errors[2].help.as_ref().map(|h| h.en.as_str()),
            Some("move or delete it, then build again")
        );
        assert_eq!(names(&out), before);
        assert_eq!(fs::read_to_string(out.join("robots.txt")).unwrap(), "mine");
        assert_eq!(names(tmp.path()), ["site"]);
    }

    #[test]
    fn the_two_rename_fallback_swaps_too() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        site(&out, &[("index.html", "v1")]);
        fs::write(out.join(".htaccess"), "mine").unwrap();
        let mut staging = Staging::begin(&out).unwrap();
        staging.swap = swap::Method::Renames;
        commit_with(staging, &[("index.html", "v2")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "v2");
        assert_eq!(fs::read_to_string(out.join(".htaccess")).unwrap(), "mine");
        assert_eq!(names(tmp.path()), ["site"]);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn on_linux_the_folders_are_exchanged_in_one_step() {
        let tmp = tempfile::tempdir().unwrap();
        let (new, out, old) = (
            tmp.path().join("new"),
            tmp.path().join("out"),
            tmp.path().join("old"),
        );
        fs::create_dir(&new).unwrap();
        fs::write(new.join("v"), "2").unwrap();
        fs::create_dir(&out).unwrap();
        fs::write(out.join("v"), "1").unwrap();
        let previous = swap::swap(&new, &out, &old, swap::Method::Exchange).unwrap();
        assert_eq!(
            previous.as_deref(),
            Some(new.as_path()),
            "the exchange, not the renames"
        );
        assert_eq!(fs::read_to_string(out.join("v")).unwrap(), "2");
        assert_eq!(fs::read_to_string(new.join("v")).unwrap(), "1");
        assert!(!old.exists());
    }

    #[test]
    fn a_build_killed_between_the_renames_gets_its_site_back_and_leftovers_go() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        site(&out, &[("index.html", "published")]);
        fs::write(out.join(".htaccess"), "mine").unwrap();
        // The state a kill between the two renames leaves: the previous site moved aside, the
        // new one complete in its staging folder, no output.
        fs::rename(&out, tmp.path().join(format!(".site.old-{DEAD}"))).unwrap();
        site(&tmp.path().join("other"), &[("index.html", "half")]);
        fs::rename(
            tmp.path().join("other"),
            tmp.path().join(format!(".site.new-{DEAD}")),
        )
        .unwrap();
        // Older killed builds, one of another output, and a folder of a running process.
        fs::create_dir(tmp.path().join(".site.new-1234567890")).unwrap();
        fs::create_dir(tmp.path().join(".site.old-999999998")).unwrap();
        fs::create_dir(tmp.path().join(".other.new-999999998")).unwrap();
        fs::create_dir(tmp.path().join(".site.new-12x")).unwrap();
        let running = format!(".site.new-{}", std::os::unix::process::parent_id());
        fs::create_dir(tmp.path().join(&running)).unwrap();

        let mut staging = Staging::begin(&out).unwrap();
        let warnings = staging.take_warnings();
        assert!(
            warnings[0].message.en.contains("the previous site is back"),
            "{}",
            warnings[0]
        );
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "published"
        );
        assert_eq!(fs::read_to_string(out.join(".htaccess")).unwrap(), "mine");
        let mut left = names(tmp.path());
        left.retain(|n| n != ".site.lock" && *n != format!(".site.new-{}", std::process::id()));
        // Sorted as `names` sorts: where the running process's folder falls depends on its PID.
        let mut kept = vec![
            ".other.new-999999998",
            ".site.new-12x",
            running.as_str(),
            "site",
        ];
        kept.sort_unstable();
        assert_eq!(left, kept);
        drop(staging);
    }
}
