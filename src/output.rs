//! The one place that writes the file system: the finished site, swapped in atomically.
//!
//! Files go to a temporary sibling of the output folder; only when every file is written is
//! the old folder moved aside and the new one renamed into place. A failed or interrupted
//! build leaves the previous site untouched (unlike generators that delete the output first).

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::progress::Progress;
use crate::render::OutputFile;

/// What a build wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
}

/// Create a new file with `text`; never overwrites an existing file.
pub fn create_new_file(path: &Path, text: &str) -> Result<(), Diagnostic> {
    use std::io::Write;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                Diagnostic::error(path, None, "the file already exists")
                    .help("a version file is never overwritten; edit it, or choose another date")
            }
            _ => Diagnostic::error(path, None, format!("cannot create the file: {e}")),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Diagnostic::error(path, None, format!("cannot write: {e}")))
}

/// Write `files` into the folder `dir` (created if missing), replacing files of the same name
/// and leaving the folder's other files alone: for `qingdan schema --out`.
pub fn write_files(dir: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    fs::create_dir_all(dir)
        .map_err(|e| Diagnostic::error(dir, None, format!("cannot create the folder: {e}")))?;
    for f in files {
        let path = dir.join(&f.path);
        fs::write(&path, &f.bytes)
            .map_err(|e| Diagnostic::error(&path, None, format!("cannot write: {e}")))?;
    }
    Ok(())
}

/// Write `files` into `out` atomically.
pub fn write_atomically(
    out: &Path,
    files: &[OutputFile],
    progress: &Progress,
) -> Result<Written, Diagnostic> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .ok_or_else(|| Diagnostic::error(out, None, "the output path has no folder name"))?
        .to_string_lossy()
        .into_owned();
    fs::create_dir_all(&parent)
        .map_err(|e| Diagnostic::error(&parent, None, format!("cannot create the folder: {e}")))?;
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let result = write_tree(&staging, files, progress).and_then(|written| {
        swap_into_place(&staging, out, &parent, &name)?;
        Ok(written)
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn write_tree(
    staging: &Path,
    files: &[OutputFile],
    progress: &Progress,
) -> Result<Written, Diagnostic> {
    if staging.exists() {
        fs::remove_dir_all(staging)
            .map_err(|e| Diagnostic::error(staging, None, format!("cannot clear: {e}")))?;
    }
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| staging.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    fs::create_dir_all(staging)
        .map_err(|e| Diagnostic::error(staging, None, format!("cannot create: {e}")))?;
    for dir in &dirs {
        fs::create_dir_all(dir)
            .map_err(|e| Diagnostic::error(dir, None, format!("cannot create: {e}")))?;
    }
    files.par_iter().try_for_each(|f| {
        let path = staging.join(&f.path);
        fs::write(&path, &f.bytes)
            .map_err(|e| Diagnostic::error(&path, None, format!("cannot write: {e}")))?;
        progress.step();
        Ok(())
    })?;
    Ok(Written {
        files: files.len(),
        bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
    })
}

/// Replace `out` by `staging`. The old folder is renamed aside first and removed only after
/// the new one is in place.
fn swap_into_place(
    staging: &Path,
    out: &Path,
    parent: &Path,
    name: &str,
) -> Result<(), Diagnostic> {
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let had_old = out.exists();
    if had_old {
        if !out.is_dir() {
            return Err(
                Diagnostic::error(out, None, "the output path exists and is not a folder")
                    .help("choose another `--output` folder"),
            );
        }
        fs::rename(out, &old).map_err(|e| {
            Diagnostic::error(
                out,
                None,
                format!("cannot move the previous site aside: {e}"),
            )
        })?;
    }
    if let Err(e) = fs::rename(staging, out) {
        if had_old {
            let _ = fs::rename(&old, out);
        }
        return Err(Diagnostic::error(
            out,
            None,
            format!("cannot move the new site into place: {e}"),
        ));
    }
    if had_old {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
}
