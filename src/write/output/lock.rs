//! The lock that lets one build at a time write an output folder.
//!
//! Two builds into the same folder would sweep up each other's staging folders and swap in
//! turn. The lock is a file beside the output (`.NAME.lock`, never inside it, so a swap never
//! moves it), held with `flock` through std's `File::try_lock`: the kernel releases it when
//! the process dies, so a killed build never blocks the next one.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use crate::base::codes::Code;
use crate::base::diagnostics::Diagnostic;
use crate::msg;

/// A held lock on one output folder; released (and its file removed) when dropped.
#[derive(Debug)]
pub(super) struct OutputLock {
    path: PathBuf,
    file: File,
}

impl OutputLock {
    /// Lock the output folder `out` (`parent/name`), or fail at once if a build holds it.
    pub(super) fn take(out: &Path, parent: &Path, name: &str) -> Result<OutputLock, Diagnostic> {
        let path = parent.join(format!(".{name}.lock"));
        // The holder removes the file as its last act (see `Drop`), so a file opened just
        // before that may be locked after it: such a lock guards nothing and is taken again
        // on the file now at the path. Each retry means another build finished meanwhile.
        for _ in 0..100 {
            let file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| {
                    super::write_failed(
                        &path,
                        msg!("无法建立锁文件：{e}", "cannot create the lock file: {e}"),
                    )
                })?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    let shown = out.display();
                    return Err(Diagnostic::error(
                        out,
                        None,
                        Code::OutputLocked,
                        msg!(
                            "另一次生成正在写入 {shown}",
                            "another build is writing {shown}"
                        ),
                    )
                    .help(msg!(
                        "请等它结束或者停止它，再重新生成",
                        "wait for it to finish or stop it, then build again"
                    )));
                }
                Err(fs::TryLockError::Error(e)) => {
                    return Err(Diagnostic::error(
                        &path,
                        None,
                        Code::OutputLockFailed,
                        msg!(
                            "无法锁定输出文件夹：{e}",
                            "cannot lock the output folder: {e}"
                        ),
                    )
                    .help(msg!(
                        "存放输出文件夹的位置必须支持文件锁（flock）",
                        "the folder that holds the output must allow file locks (flock)"
                    )));
                }
            }
            if same_file(&file, &path) {
                return Ok(OutputLock { path, file });
            }
        }
        Err(Diagnostic::error(
            &path,
            None,
            Code::OutputLockFailed,
            msg!(
                "无法锁定输出文件夹：锁文件一直在变",
                "cannot lock the output folder: the lock file keeps changing"
            ),
        )
        .help(msg!(
            "其他生成任务在不断开始和结束；等它们结束后再生成",
            "other builds keep starting and ending; build again when they are done"
        )))
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still held, then unlocked: a build waiting on this file sees that
        // its path no longer names it and locks a fresh one. Removing it after unlocking
        // would let two builds hold locks on two different files.
        if same_file(&self.file, &self.path) {
            let _ = fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

/// Whether `path` still names the open `file`.
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere a locked file cannot be removed, so the path always names it.
#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_output_fails_with_a_clear_message() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let first = OutputLock::take(&out, tmp.path(), "site").unwrap();
        let lock_file = tmp.path().join(".site.lock");
        assert!(lock_file.is_file(), "the lock file is beside the output");
        let second = OutputLock::take(&out, tmp.path(), "site").unwrap_err();
        assert!(
            second.message.en.contains("another build is writing"),
            "{second}"
        );
        assert_eq!(second.code, Code::OutputLocked);
        assert_eq!(
            second.message.zh,
            format!("另一次生成正在写入 {}", out.display())
        );
        assert!(second.help.unwrap().en.contains("wait for it"));
        assert!(lock_file.is_file(), "a refused build leaves the lock alone");
        drop(first);
        assert!(!lock_file.exists(), "the holder removes the lock file");
        let again = OutputLock::take(&out, tmp.path(), "site");
        assert!(again.is_ok(), "free again once released");
    }
}
