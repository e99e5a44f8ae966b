//! Keeping the previous site's file wherever the new site has the same bytes, so that a file
//! that did not change keeps its inode and modification time, and upload tools that compare
//! size and time (rsync, ossutil, a portal's uploader) skip it.
//!
//! The previous site stays whole beside the staging folder until the swap, so an unchanged
//! file is hard-linked from it into the staging folder instead of written: the staging folder
//! still becomes a complete site of its own, and a build stopped before the swap leaves the
//! previous site as it was (a link adds a name to a file, it never changes the file). Only
//! files the previous build wrote (those its manifest lists) are reused, and only after their
//! bytes on disk are compared with the new ones: a file edited in the output since is written
//! anew, so what the build leaves is always what it rendered.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::write::manifest::{Entry, Manifest, MANIFEST};

/// The files of the previous site that a build may keep.
#[derive(Debug, Default)]
pub(super) struct Previous {
    /// The output folder holding the previous site (resolved).
    out: PathBuf,
    /// Each file the previous manifest lists, and the manifest itself → its size there.
    sizes: HashMap<String, u64>,
    /// Each file the previous manifest lists → its SHA-256 there.
    hashes: HashMap<String, String>,
    /// What a stopped update in place may have replaced or added (`in_place::Touched`): those
    /// files are not the previous build's, so none of them is reused.
    touched: super::in_place::Touched,
}

/// Which file a name held when a build wrote or kept it: its inode, size and modification
/// time. A build cache records it and keeps the file in a later build only while the name
/// still holds that file (`Previous::link_as_stamped`), as git trusts its index, instead of
/// reading it back: replacing the file changes the inode, editing it the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Stamp {
    pub(crate) inode: u64,
    pub(crate) size: u64,
    /// Nanoseconds since 1970.
    pub(crate) modified: i128,
}

impl Stamp {
    /// The stamp of the file `meta` describes; `None` for anything but a regular file.
    #[cfg(unix)]
    pub(crate) fn of(meta: &fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        meta.is_file().then(|| Stamp {
            inode: meta.ino(),
            size: meta.len(),
            modified: meta.mtime() as i128 * 1_000_000_000 + meta.mtime_nsec() as i128,
        })
    }

    /// Without inodes a stamp cannot tell a replaced file: none is ever trusted.
    #[cfg(not(unix))]
    pub(crate) fn of(_: &fs::Metadata) -> Option<Stamp> {
        None
    }
}

/// What `Previous::reuse` did for one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reuse {
    /// The previous file is now in the staging folder too: nothing to write.
    Linked,
    /// The previous file holds the same bytes but cannot be linked (another file system, a
    /// file of another owner): write the bytes and give the copy this modification time.
    Copy(SystemTime),
    /// The previous site has no file with these bytes at this path: write them.
    Write,
}

impl Previous {
    /// The site in `out` whose manifest is `manifest`, itself `manifest_size` bytes long.
    pub(super) fn new(out: &Path, manifest: &Manifest, manifest_size: u64) -> Previous {
        let sizes = manifest
            .files
            .iter()
            .map(|(path, entry)| (path.clone(), entry.size))
            .chain([(MANIFEST.to_string(), manifest_size)])
            .collect();
        let hashes = (manifest.files.iter())
            .map(|(path, entry)| (path.clone(), entry.sha256.clone()))
            .collect();
        Previous {
            out: out.to_path_buf(),
            sizes,
            hashes,
            touched: super::in_place::Touched::default(),
        }
    }

    /// Reuse none of the files `touched` names.
    pub(super) fn distrust(&mut self, touched: super::in_place::Touched) {
        self.touched = touched;
    }

    /// Whether the previous site's file `rel` is the one a build cache recorded as `entry`
    /// and `stamp`: the previous manifest lists it with that entry, and the name still holds
    /// the file of that stamp.
    pub(super) fn is_as_stamped(&self, rel: &str, entry: &Entry, stamp: &Stamp) -> bool {
        !self.touched.names(rel)
            && self.sizes.get(rel) == Some(&entry.size)
            && self.hashes.get(rel) == Some(&entry.sha256)
            && entry.size == stamp.size
            && fs::symlink_metadata(self.out.join(rel))
                .ok()
                .and_then(|m| Stamp::of(&m))
                .is_some_and(|now| now == *stamp)
    }

    /// Put the previous site's file `rel`, checked with `is_as_stamped`, at `to`: linked, or
    /// copied with its modification time where it cannot be linked; the stamp of the file now
    /// at `to`. `None` when the name no longer holds the stamped file (replaced since it was
    /// checked): nothing is left at `to`, and the caller makes the file instead.
    pub(super) fn link_as_stamped(
        &self,
        rel: &str,
        stamp: &Stamp,
        to: &Path,
    ) -> std::io::Result<Option<Stamp>> {
        let from = self.out.join(rel);
        let stamp_of = |path: &Path| fs::symlink_metadata(path).ok().and_then(|m| Stamp::of(&m));
        let held = match fs::hard_link(&from, to) {
            Ok(()) => stamp_of(to).filter(|now| now == stamp),
            Err(_) => {
                let before = stamp_of(&from).filter(|now| now == stamp);
                match before {
                    Some(_) => {
                        let meta = fs::symlink_metadata(&from)?;
                        fs::copy(&from, to)?;
                        let copy = File::options().write(true).open(to)?;
                        copy.set_modified(meta.modified()?)?;
                        drop(copy);
                        stamp_of(&from).filter(|now| now == stamp).and(stamp_of(to))
                    }
                    None => return Ok(None),
                }
            }
        };
        if held.is_none() {
            fs::remove_file(to)?;
        }
        Ok(held)
    }

    /// Whether the previous build wrote a file at `rel`.
    pub(super) fn had(&self, rel: &str) -> bool {
        self.sizes.contains_key(rel)
    }

    /// Every file the previous build wrote.
    pub(super) fn paths(&self) -> impl Iterator<Item = &String> {
        self.sizes.keys()
    }

    /// The metadata of the previous site's file `rel` if it holds exactly `bytes`.
    pub(super) fn same_bytes(&self, rel: &str, bytes: &[u8]) -> Option<fs::Metadata> {
        // The manifest's size first: most changed files differ in it, and it costs no read.
        if self.sizes.get(rel) != Some(&(bytes.len() as u64)) || self.touched.names(rel) {
            return None;
        }
        let mut file = open_no_follow(&self.out.join(rel)).ok()?;
        let meta = file.metadata().ok()?;
        let same = meta.is_file() && meta.len() == bytes.len() as u64 && holds(&mut file, bytes);
        same.then_some(meta)
    }

    /// Put the previous site's file `rel` at `to` if it holds exactly `bytes`.
    pub(super) fn reuse(&self, rel: &str, bytes: &[u8], to: &Path) -> Reuse {
        let Some(meta) = self.same_bytes(rel, bytes) else {
            return Reuse::Write;
        };
        let from = self.out.join(rel);
        match fs::hard_link(&from, to) {
            // The name may have been given to another file since it was compared (only the
            // operator could do that, during a build): then the link is undone and the bytes
            // written, so the site never holds what was not compared.
            Ok(()) if same_file(&meta, to) => Reuse::Linked,
            // If the link cannot be removed, the write that follows fails on the existing
            // name, and the build with it.
            Ok(()) => {
                let _ = fs::remove_file(to);
                Reuse::Write
            }
            Err(_) => meta.modified().map_or(Reuse::Write, Reuse::Copy),
        }
    }
}

/// Whether the rest of `file` is exactly `bytes`, read a quarter of a megabyte at a time and
/// stopping at the first difference.
fn holds(file: &mut File, bytes: &[u8]) -> bool {
    const PIECE: usize = 256 << 10;
    let mut buffer = vec![0; PIECE.min(bytes.len()).max(1)];
    for expected in bytes.chunks(PIECE) {
        let got = &mut buffer[..expected.len()];
        if file.read_exact(got).is_err() || got != expected {
            return false;
        }
    }
    // Nothing after: the file did not grow since it was measured.
    matches!(file.read(&mut buffer), Ok(0))
}

/// Open without following a symbolic link and without waiting on a named pipe: a file the
/// operator replaced with either is not the file the previous build wrote.
#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    if fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::Error::other("is a symbolic link"));
    }
    File::open(path)
}

/// Whether the name `path` is the file `meta` describes.
#[cfg(unix)]
fn same_file(meta: &fs::Metadata, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    fs::symlink_metadata(path).is_ok_and(|m| m.dev() == meta.dev() && m.ino() == meta.ino())
}

/// Elsewhere there is no inode to compare: the linked file is compared again.
#[cfg(not(unix))]
fn same_file(meta: &fs::Metadata, path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == meta.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::manifest;

    fn previous(out: &Path, files: &[(&str, &[u8])]) -> Previous {
        fs::create_dir_all(out).unwrap();
        for (rel, bytes) in files {
            fs::write(out.join(rel), bytes).unwrap();
        }
        let entries = files
            .iter()
            .map(|(rel, bytes)| (rel.to_string(), manifest::entry(bytes)));
        let file = manifest::manifest_file(entries);
        fs::write(out.join(MANIFEST), &file.bytes).unwrap();
        let size = file.bytes.len() as u64;
        Previous::new(out, &manifest::parse(&file.bytes).unwrap(), size)
    }

    #[test]
    fn a_file_with_the_same_bytes_is_linked_and_any_other_written() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let (out, to) = (tmp.path().join("out"), tmp.path().join("new"));
        fs::create_dir(&to).unwrap();
        let big: Vec<u8> = (0..700_000u32).map(|i| (i % 251) as u8).collect();
        let mut big_changed = big.clone();
        big_changed[600_000] ^= 1;
        let site = previous(
            &out,
            &[
                ("same.html", b"same"),
                ("big.json", &big),
                ("edited.html", b"v1"),
                ("empty.txt", b""),
            ],
        );
        fs::write(out.join("operator.txt"), "mine").unwrap();
        let linked = |rel: &str| {
            let (a, b) = (
                fs::metadata(out.join(rel)).unwrap(),
                fs::metadata(to.join(rel)).unwrap(),
            );
            a.ino() == b.ino()
        };
        for (rel, bytes) in [("same.html", &b"same"[..]), ("big.json", &big[..])] {
            assert_eq!(
                site.reuse(rel, bytes, &to.join(rel)),
                Reuse::Linked,
                "{rel}"
            );
            assert!(linked(rel), "{rel}");
        }
        assert_eq!(
            site.reuse("empty.txt", b"", &to.join("empty.txt")),
            Reuse::Linked
        );
        for (rel, bytes) in [
            ("edited.html", &b"v2"[..]),
            ("edited.html", &b"v1 and more"[..]),
            ("big.json", &big_changed[..]),
            ("new.html", &b"new"[..]),
            // Not the previous build's, so never taken even with the same bytes.
            ("operator.txt", &b"mine"[..]),
        ] {
            let at = to.join(format!("{rel}.w"));
            assert_eq!(site.reuse(rel, bytes, &at), Reuse::Write, "{rel}");
            assert!(!at.exists(), "{rel}: nothing left at the new path");
        }
        assert!(site.had("edited.html") && !site.had("operator.txt"));
    }

    #[test]
    fn a_file_edited_replaced_or_grown_in_the_output_since_is_not_reused() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, to) = (tmp.path().join("out"), tmp.path().join("new"));
        fs::create_dir(&to).unwrap();
        let site = previous(
            &out,
            &[
                ("a.html", b"1234"),
                ("b.html", b"1234"),
                ("c.html", b"1234"),
            ],
        );
        // Same size, other bytes: what the manifest says no longer holds.
        fs::write(out.join("a.html"), "9999").unwrap();
        // A link to a file with the right bytes, and a named pipe.
        fs::write(tmp.path().join("elsewhere"), "1234").unwrap();
        fs::remove_file(out.join("b.html")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("elsewhere"), out.join("b.html")).unwrap();
        fs::remove_file(out.join("c.html")).unwrap();
        let fifo = std::ffi::CString::new(out.join("c.html").to_str().unwrap()).unwrap();
        // SAFETY: a NUL-terminated path living across the call.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        for rel in ["a.html", "b.html", "c.html"] {
            assert_eq!(
                site.reuse(rel, b"1234", &to.join(rel)),
                Reuse::Write,
                "{rel}"
            );
        }
        // Grown after the manifest: the size on disk differs from the new bytes'.
        let site = previous(&out.join("d"), &[("d.html", b"1234")]);
        fs::write(out.join("d/d.html"), "12345").unwrap();
        assert_eq!(site.reuse("d.html", b"1234", &to.join("d")), Reuse::Write);
    }

    #[test]
    fn reading_stops_at_the_first_difference_and_sees_a_longer_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f");
        let bytes: Vec<u8> = (0..600_000u32).map(|i| (i % 13) as u8).collect();
        fs::write(&path, &bytes).unwrap();
        assert!(holds(&mut File::open(&path).unwrap(), &bytes));
        assert!(!holds(&mut File::open(&path).unwrap(), &bytes[..599_999]));
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(!holds(&mut File::open(&path).unwrap(), &longer));
        fs::write(&path, b"").unwrap();
        assert!(holds(&mut File::open(&path).unwrap(), b""));
    }
}
