//! `manifest.json`: every file of the site with its size and SHA-256, so a portal operator
//! can check that an upload arrived intact (`qingdan verify DIR`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnostics::Diagnostic;
use crate::render::OutputFile;

pub const MANIFEST: &str = "manifest.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub generator: String,
    /// Relative path (with `/`) → size and hash. The manifest itself is not listed.
    pub files: BTreeMap<String, Entry>,
}

/// A file's size and SHA-256.
pub fn entry(bytes: &[u8]) -> Entry {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let hash = Sha256::digest(bytes);
    // One `String` per file, not a `format!` per byte.
    let mut sha256 = String::with_capacity(64);
    for b in hash {
        sha256.push(char::from(HEX[usize::from(b >> 4)]));
        sha256.push(char::from(HEX[usize::from(b & 15)]));
    }
    Entry {
        size: bytes.len() as u64,
        sha256,
    }
}

/// `manifest.json` for the files with these paths and entries (in any order).
pub fn manifest_file(entries: impl IntoIterator<Item = (String, Entry)>) -> OutputFile {
    let manifest = Manifest {
        generator: format!("qingdan {}", env!("CARGO_PKG_VERSION")),
        files: entries.into_iter().collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&manifest).expect("manifest serializes");
    bytes.push(b'\n');
    OutputFile {
        path: MANIFEST.into(),
        bytes,
    }
}

/// What differs between a deployed folder and its manifest.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Differences {
    pub missing: Vec<String>,
    pub extra: Vec<String>,
    pub altered: Vec<String>,
    pub checked: usize,
}

impl Differences {
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty() && self.extra.is_empty() && self.altered.is_empty()
    }
}

/// Compare the files under `dir` with `dir/manifest.json`.
pub fn verify(dir: &Path) -> Result<Differences, Diagnostic> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read(&path).map_err(|e| {
        Diagnostic::error(&path, None, format!("cannot read the manifest: {e}"))
            .help("verify the folder produced by `qingdan build` (it writes manifest.json)")
    })?;
    let manifest: Manifest = serde_json::from_slice(&text)
        .map_err(|e| Diagnostic::error(&path, None, format!("the manifest is not valid: {e}")))?;
    let found: BTreeMap<String, Vec<u8>> = crate::source::read_tree(dir)?
        .into_iter()
        .filter(|(p, _)| p != MANIFEST)
        .collect();
    let mut diff = Differences {
        checked: manifest.files.len(),
        ..Differences::default()
    };
    for (p, want) in &manifest.files {
        match found.get(p) {
            None => diff.missing.push(p.clone()),
            Some(bytes) if entry(bytes) != *want => diff.altered.push(p.clone()),
            Some(_) => {}
        }
    }
    diff.extra = found
        .keys()
        .filter(|p| !manifest.files.contains_key(*p))
        .cloned()
        .collect();
    Ok(diff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_the_size_and_the_lowercase_hex_sha256() {
        // FIPS 180-2 test vectors, as `sha256sum` prints them.
        let abc = entry(b"abc");
        assert_eq!(abc.size, 3);
        assert_eq!(
            abc.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            entry(b"").sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
