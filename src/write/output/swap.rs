//! Putting the finished site in place of the previous one.
//!
//! On Linux the two folders trade places in one `renameat2(RENAME_EXCHANGE)`: there is never
//! a moment without an output folder. Where the exchange is refused, two renames do it, and a
//! build stopped between them leaves the previous site in `.NAME.old-PID`, which the next
//! build puts back before anything else (`previous::sweep`).

use std::path::{Path, PathBuf};

use super::write_failed;
use crate::base::diagnostics::Diagnostic;
use crate::msg;

/// How to swap: the exchange, falling back to the renames; the tests choose the fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Method {
    Exchange,
    #[cfg(test)]
    Renames,
}

/// Put `staging` in place of `out` (`old` is where the fallback moves the previous site).
/// Returns the folder now holding the previous site, for the caller to remove.
pub(super) fn swap(
    staging: &Path,
    out: &Path,
    old: &Path,
    method: Method,
) -> Result<Option<PathBuf>, Diagnostic> {
    if std::fs::symlink_metadata(out).is_err() {
        std::fs::rename(staging, out).map_err(|e| cannot_move_in(out, &e))?;
        return Ok(None);
    }
    // Whatever the reason for a refused exchange (EINVAL on a file system without it, ENOSYS
    // on an old kernel, EPERM under some seccomp filters), the renames are tried: when the
    // real cause is a permission or a device, they fail with it and that is reported.
    if method == Method::Exchange && exchange(staging, out).is_ok() {
        return Ok(Some(staging.to_path_buf()));
    }
    std::fs::rename(out, old).map_err(|e| {
        write_failed(
            out,
            msg!(
                "无法把原网站移到一旁：{e}",
                "cannot move the previous site aside: {e}"
            ),
        )
    })?;
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(old, out);
        return Err(cannot_move_in(out, &e));
    }
    Ok(Some(old.to_path_buf()))
}

fn cannot_move_in(out: &Path, e: &std::io::Error) -> Diagnostic {
    write_failed(
        out,
        msg!(
            "无法把新网站放到位：{e}",
            "cannot move the new site into place: {e}"
        ),
    )
}

/// Swap the two paths in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: two NUL-terminated paths that live across the call; the flags are a constant.
    // The raw system call, not glibc's wrapper, which older C libraries lack.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    match done {
        0 => Ok(()),
        _ => Err(std::io::Error::last_os_error()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}
