//! The build cache: a folder beside the output (`<output>.qingdan-cache/`) holding, for each
//! job the last build ran or kept, the job's key (`emit::html::JobKey`: a hash of what its
//! files are made from) and the path, manifest entry and stamp (`Stamp`: inode, size,
//! modification time) of each file it made. A build whose job has a key found there keeps the
//! previous site's files instead of running the job, if each is still the file the stamp
//! names, in the output as the previous manifest lists it.
//!
//! Why it does not change what a build makes: an entry only says "what this key names gave
//! these bytes, and this file holds them", which stays true for as long as the binary is the
//! same (building is deterministic; the binary's version, the executable's size and time and
//! this format's number are the cache file's key, so any other binary ignores it), and a file
//! is kept only while its name holds the stamped file (the one thing trusted without reading:
//! that a file with the recorded inode, size and modification time was not edited, as git
//! trusts its index; docs/usage.md says so). The cache file is written whole beside
//! its final name and renamed over it, and read only if its own checksum, format and key match:
//! a killed build leaves the old cache or the new one, and a damaged or foreign file is ignored
//! as a whole. Deleting the folder makes the next build cold, nothing more.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use crate::emit::html::{JobCache, JobKey};
use crate::write::manifest::{self, Entry};
use crate::write::output::{Staging, Stamp};

/// The suffix of the cache folder's name, after the output folder's name.
pub(crate) const SUFFIX: &str = ".qingdan-cache";
/// The one file of the cache folder.
const JOBS: &str = "jobs.bin";
const MAGIC: &[u8] = b"qingdan build cache\n";
/// The number of this file format: raised whenever what an entry means changes.
const FORMAT: u32 = 2;
/// Larger files are not read (a province's cache is about 10 MB).
const LIMIT: u64 = 1 << 30;

/// One file a job made: its path, manifest entry and stamp.
pub(crate) type Made = (String, Entry, Stamp);

/// What the build's emit gives for one file a job makes: that file and its compressed
/// siblings.
pub(crate) type Emitted = Vec<Made>;

/// How a build uses the cache beside its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CacheMode {
    /// Neither read nor written: every job runs (`--no-cache`).
    Off,
    /// Keep the files of jobs whose key the last build recorded; record this build's.
    #[default]
    On,
    /// Run every job, and fail the build if a job the cache would have kept makes other files
    /// than it recorded (the tests' check of `emit::html::job_keys`).
    Verify,
}

/// The cache folder of the output folder `out` (resolved): beside it, never inside it. `None`
/// when that name is taken by anything but a folder (a symbolic link is never followed), or
/// overlaps a folder the build must not write into (`protected`: the content and theme
/// folders); the build is then cold.
pub(crate) fn folder(out: &Path, protected: &[&Path]) -> Option<PathBuf> {
    let name = out.file_name()?.to_str()?;
    let dir = out.with_file_name(format!("{name}{SUFFIX}"));
    match fs::symlink_metadata(&dir) {
        Ok(meta) if !meta.is_dir() => return None,
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return None,
        _ => {}
    }
    let overlaps = protected.iter().any(|p| {
        let p = fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        p.starts_with(&dir) || dir.starts_with(&p)
    });
    (!overlaps).then_some(dir)
}

/// The key a cache must have to be read: this binary (its version and the executable's size
/// and modification time, so a rebuilt binary never trusts an older one's records) and the
/// options that change which files a job makes.
pub(crate) fn key(precompress: bool) -> Option<String> {
    let exe = fs::metadata(std::env::current_exe().ok()?).ok()?;
    let modified = exe
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!(
        "{} format {FORMAT} exe {} {} precompress {precompress}",
        manifest::generator(),
        exe.len(),
        modified.as_nanos()
    ))
}

/// The jobs of the last build, from the cache folder `dir`, if its file is whole and has
/// `key`; otherwise none (the build is cold).
pub(crate) fn read(dir: &Path, key: &str) -> HashMap<JobKey, Vec<Made>> {
    let path = dir.join(JOBS);
    let fits = fs::symlink_metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= LIMIT);
    let bytes = if fits { fs::read(&path).ok() } else { None };
    bytes.and_then(|b| decode(&b, key)).unwrap_or_default()
}

/// Write the jobs `entries` as the cache of `dir`, whole or not at all.
pub(crate) fn write(dir: &Path, key: &str, entries: &[(JobKey, Vec<Made>)]) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let bytes = encode(key, entries);
    let temp = dir.join(format!("{JOBS}.tmp-{}", std::process::id()));
    let written = fs::File::create(&temp).and_then(|mut f| f.write_all(&bytes));
    let renamed = written.and_then(|()| fs::rename(&temp, dir.join(JOBS)));
    if renamed.is_err() {
        let _ = fs::remove_file(&temp);
    }
    // What killed builds left: a temporary file is never read, only removed.
    if let Ok(left) = fs::read_dir(dir) {
        for entry in left.filter_map(Result::ok) {
            let name = entry.file_name();
            let stale = (name.to_str()).is_some_and(|n| n.starts_with(&format!("{JOBS}.tmp-")));
            if stale && entry.path() != temp {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    renamed
}

fn encode(key: &str, entries: &[(JobKey, Vec<Made>)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + entries.len() * 160);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    put(&mut out, key.as_bytes());
    out.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    for (job, files) in entries {
        out.extend_from_slice(&job.0);
        out.extend_from_slice(&(files.len() as u32).to_le_bytes());
        for (path, entry, stamp) in files {
            put(&mut out, path.as_bytes());
            out.extend_from_slice(&entry.size.to_le_bytes());
            put(&mut out, entry.sha256.as_bytes());
            out.extend_from_slice(&stamp.inode.to_le_bytes());
            out.extend_from_slice(&stamp.size.to_le_bytes());
            out.extend_from_slice(&stamp.modified.to_le_bytes());
        }
    }
    let checksum = Sha256::digest(&out);
    out.extend_from_slice(&checksum);
    out
}

fn put(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// The entries of a cache file, if it is whole (its checksum), of this format and has `key`.
fn decode(bytes: &[u8], key: &str) -> Option<HashMap<JobKey, Vec<Made>>> {
    let (body, checksum) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
    if Sha256::digest(body).as_slice() != checksum {
        return None;
    }
    let mut r = Reader(body);
    (r.take(MAGIC.len())? == MAGIC).then_some(())?;
    (r.u32()? == FORMAT).then_some(())?;
    (r.field()? == key.as_bytes()).then_some(())?;
    let count = r.u64()?;
    let mut entries = HashMap::new();
    for _ in 0..count {
        let job = JobKey(r.take(32)?.try_into().ok()?);
        let files = r.u32()?;
        let mut made = Vec::new();
        for _ in 0..files {
            let path = String::from_utf8(r.field()?.to_vec()).ok()?;
            let size = r.u64()?;
            let sha256 = String::from_utf8(r.field()?.to_vec()).ok()?;
            let stamp = Stamp {
                inode: r.u64()?,
                size: r.u64()?,
                modified: i128::from_le_bytes(r.take(16)?.try_into().ok()?),
            };
            made.push((path, Entry { size, sha256 }, stamp));
        }
        entries.insert(job, made);
    }
    r.0.is_empty().then_some(entries)
}

struct Reader<'b>(&'b [u8]);

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn field(&mut self) -> Option<&'b [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
}

/// One build's use of the cache: the last build's jobs, the staging folder their files are
/// kept into, and the jobs of this build (kept or run) for the next.
pub(crate) struct Jobs<'s> {
    last: HashMap<JobKey, Vec<Made>>,
    staging: &'s Staging,
    verify: bool,
    this: Mutex<Vec<(JobKey, Vec<Made>)>>,
    /// In `CacheMode::Verify`: the paths of jobs that made other files than recorded.
    differ: Mutex<Vec<String>>,
}

impl<'s> Jobs<'s> {
    pub(crate) fn new(
        last: HashMap<JobKey, Vec<Made>>,
        staging: &'s Staging,
        verify: bool,
    ) -> Jobs<'s> {
        Jobs {
            last,
            staging,
            verify,
            this: Mutex::default(),
            differ: Mutex::default(),
        }
    }

    /// This build's jobs, for `write`.
    pub(crate) fn into_entries(self) -> Vec<(JobKey, Vec<Made>)> {
        self.this.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    /// In `CacheMode::Verify`, the files of jobs that made other files than the cache
    /// recorded for their key, sorted.
    pub(crate) fn differing(&self) -> Vec<String> {
        let mut paths = lock(&self.differ).clone();
        paths.sort();
        paths.dedup();
        paths
    }

    fn record(&self, job: &JobKey, files: Vec<Made>) {
        lock(&self.this).push((*job, files));
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl JobCache<Emitted> for Jobs<'_> {
    fn reuse(&self, job: &JobKey) -> Option<Vec<Emitted>> {
        if self.verify {
            return None;
        }
        let files = self.last.get(job)?;
        // A file that cannot be kept (gone, edited, a write error) is made again by the job,
        // which reports any error that stays.
        let stamps = self.staging.keep(files).ok()??;
        let kept: Vec<Made> = (files.iter().zip(stamps))
            .map(|((path, entry, _), stamp)| (path.clone(), entry.clone(), stamp))
            .collect();
        self.record(job, kept.clone());
        Some(vec![kept])
    }

    fn made(&self, job: &JobKey, files: &[Emitted]) {
        let files = files.concat();
        if let Some(last) = self.last.get(job).filter(|_| self.verify) {
            let entries = |files: &[Made]| -> Vec<(String, Entry)> {
                let mut e: Vec<_> = files
                    .iter()
                    .map(|(p, e, _)| (p.clone(), e.clone()))
                    .collect();
                e.sort_by(|a, b| a.0.cmp(&b.0));
                e
            };
            let (was, now) = (entries(last), entries(&files));
            let only = |a: &[(String, Entry)], b: &[(String, Entry)]| {
                let b = b.to_vec();
                a.iter()
                    .filter(move |f| !b.contains(f))
                    .map(|(p, _)| p.clone())
                    .collect::<Vec<_>>()
            };
            let mut paths = only(&now, &was);
            paths.extend(only(&was, &now));
            paths.dedup();
            lock(&self.differ).extend(paths);
        }
        self.record(job, files);
    }
}

#[cfg(test)]
mod tests;
