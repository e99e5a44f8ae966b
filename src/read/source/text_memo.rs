//! What a long-running caller (`serve`) keeps of the content's texts between builds: each
//! file's text as read, with the file's stamp when it was read, so a file that was not written
//! since is not read again.
//!
//! The stamp is git's: device, inode, size, modification and status-change times. Writing a
//! file changes its times (and an editor that saves by renaming a new file over it, its inode);
//! these file systems keep the times to the nanosecond. Every check `open` makes before reading
//! (no link, inside the folder, a regular file within the limit) is still made each time: only
//! the reading of the bytes and their decoding are skipped.

use std::collections::HashMap;
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::base::diagnostics::Diagnostics;

/// A file's identity and last change as the file system reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    dev: u64,
    ino: u64,
    size: u64,
    modified: i128,
    changed: i128,
}

impl Stamp {
    #[cfg(unix)]
    pub(super) fn of(meta: &Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let ns = |s: i64, n: i64| s as i128 * 1_000_000_000 + n as i128;
        Some(Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            modified: ns(meta.mtime(), meta.mtime_nsec()),
            changed: ns(meta.ctime(), meta.ctime_nsec()),
        })
    }

    /// Elsewhere there is no inode and status-change time to go by: every file is read.
    #[cfg(not(unix))]
    pub(super) fn of(_: &Metadata) -> Option<Stamp> {
        None
    }
}

/// The texts read by the builds of one process, by path (see the module's comment).
#[derive(Default)]
pub(crate) struct TextMemo {
    files: Mutex<HashMap<PathBuf, Kept>>,
}

/// A text as read and decoded, with the problems of its characters.
#[derive(Clone)]
pub(super) struct Kept {
    pub(super) stamp: Stamp,
    pub(super) text: Arc<String>,
    pub(super) diags: Diagnostics,
}

impl std::fmt::Debug for TextMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextMemo")
            .field("files", &self.lock().len())
            .finish()
    }
}

impl TextMemo {
    fn lock(&self) -> MutexGuard<'_, HashMap<PathBuf, Kept>> {
        // Every update replaces a whole entry: a panic elsewhere cannot leave one half-made.
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The text kept for `path` if the file still has `stamp`.
    pub(super) fn recall(&self, path: &Path, stamp: Stamp) -> Option<Kept> {
        let files = self.lock();
        files.get(path).filter(|kept| kept.stamp == stamp).cloned()
    }

    pub(super) fn remember(&self, path: &Path, kept: Kept) {
        self.lock().insert(path.to_path_buf(), kept);
    }

    /// Forget every file but those at `paths` (the files of the content now).
    pub(super) fn keep_only(&self, paths: std::collections::HashSet<&Path>) {
        self.lock().retain(|path, _| paths.contains(path.as_path()));
    }

    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.lock().len()
    }

    /// The file at `path` could not be read: nothing is kept for it.
    pub(super) fn forget(&self, path: &Path) {
        self.lock().remove(path);
    }
}
