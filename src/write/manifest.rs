//! `manifest.json`: every file of the site with its size and SHA-256, so a portal operator
//! can check that an upload arrived intact (`qingdan verify DIR`). It also tells the next
//! build which files of the output qingdan wrote: only those are ever replaced, and those
//! whose bytes did not change are kept as they are. It depends only on the content (what
//! changed since the previous build is in `changes.json` beside it, `write::changes`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::base::codes::Code;
use crate::base::diagnostics::Diagnostic;
use crate::base::output_file::OutputFile;
use crate::msg;
use crate::write::changes::CHANGE_FILES;

pub(crate) const MANIFEST: &str = "manifest.json";
/// How every manifest of qingdan's names its maker, followed by the version.
const GENERATOR: &str = "qingdan";

/// One file's line in `manifest.json`: its size and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub generator: String,
    /// Relative path (with `/`) → size and hash. The manifest itself is not listed.
    pub files: BTreeMap<String, Entry>,
    /// The operator's files the build found in the previous output and kept untouched
    /// (`.git/`, `.htaccess`): not written by qingdan, so not checked by `verify`. A folder
    /// kept whole ends with `/`. Absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<String>,
    /// What the site was built from, so that the next `check` or `build` can tell whether a
    /// published version was edited since. Absent in manifests made before qingdan recorded
    /// it, which verify as before (`verify` does not read it) and give no such warnings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Sources>,
    /// The files beside the manifest that list what this build changed since the one before
    /// (`changes.json`, `changes.txt`; `write::changes`): the build's own, though not in
    /// `files`, because they depend on the previous output and not only on the content.
    /// Absent in manifests made before qingdan wrote them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<String>,
}

impl Manifest {
    /// Whether `path` is one of the change lists the build that wrote this manifest left
    /// beside it (only the two names qingdan gives them count, whatever the manifest says).
    pub(crate) fn is_change_list(&self, path: &str) -> bool {
        CHANGE_FILES.contains(&path) && self.changes.iter().any(|c| c == path)
    }
}

/// The content a site was built from (`manifest.json`'s `sources`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Sources {
    /// The content's `base_url`: a record is compared only with content for the same site,
    /// so that checking another content folder against a stale `output/` says nothing.
    pub base_url: String,
    /// Each version file read (`certificates/2023-02-21.yaml`) → the SHA-256 of its text as
    /// qingdan reads it (UTF-8, no byte-order mark, `\n` line ends; lowercase hex), so that
    /// saving it again with other line ends or in GBK is not an edit.
    pub versions: BTreeMap<String, String>,
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

/// `manifest.json` for the files with these paths and entries (in any order). The build
/// records more (`manifest_recording`); this plain form is kept public for benches/e2e.rs.
pub fn manifest_file(entries: impl IntoIterator<Item = (String, Entry)>) -> OutputFile {
    manifest_keeping(entries, Vec::new())
}

/// `manifest_file`, naming the operator's files that the build `kept`.
pub(crate) fn manifest_keeping(
    entries: impl IntoIterator<Item = (String, Entry)>,
    kept: Vec<String>,
) -> OutputFile {
    manifest_recording(entries, kept, None)
}

/// `manifest_keeping`, also recording what the site was built from.
pub(crate) fn manifest_recording(
    entries: impl IntoIterator<Item = (String, Entry)>,
    kept: Vec<String>,
    sources: Option<Sources>,
) -> OutputFile {
    let manifest = Manifest {
        generator: generator(),
        files: entries.into_iter().collect(),
        kept,
        sources,
        changes: CHANGE_FILES.map(String::from).to_vec(),
    };
    let mut bytes = serde_json::to_vec_pretty(&manifest).expect("manifest serializes");
    bytes.push(b'\n');
    OutputFile {
        path: MANIFEST.into(),
        bytes,
    }
}

/// How this qingdan names itself in what it writes: `qingdan 0.1.0`.
pub(crate) fn generator() -> String {
    format!("{GENERATOR} {}", env!("CARGO_PKG_VERSION"))
}

/// A manifest of qingdan's from its bytes, or why it is not one.
pub(crate) fn parse(bytes: &[u8]) -> Result<Manifest, String> {
    let manifest: Manifest = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    match manifest.generator.split(' ').next() {
        Some(GENERATOR) => Ok(manifest),
        _ => Err(format!("it was made by `{}`", manifest.generator)),
    }
}

/// The version files the site in `out` was built from, with their hashes, when `out` holds a
/// manifest of qingdan's that recorded them for the site at `base_url`; empty otherwise (no
/// output yet, an older manifest, another site's). Only read: a check writes nothing.
pub(crate) fn recorded_versions(out: &Path, base_url: &str) -> BTreeMap<String, String> {
    /// The part of a manifest read here: its thousands of `files` are skipped, not built (a
    /// province's manifest is 8 MB, which the build reads whole once more, in `output`).
    #[derive(Deserialize)]
    struct Recorded {
        generator: String,
        #[serde(default)]
        sources: Option<Sources>,
    }
    let recorded = std::fs::read(out.join(MANIFEST)).ok();
    let recorded = recorded.and_then(|bytes| serde_json::from_slice::<Recorded>(&bytes).ok());
    let ours = |r: &Recorded| r.generator.split(' ').next() == Some(GENERATOR);
    let sources = recorded.filter(ours).and_then(|r| r.sources);
    let mut versions = match sources {
        Some(sources) if sources.base_url == base_url => sources.versions,
        _ => BTreeMap::new(),
    };
    // Paths from a file anyone with the output may have written: only a version file's name,
    // which names nothing outside the content's `certificates/` (or a list's folder), is
    // looked for.
    versions.retain(|rel, _| {
        rel.strip_prefix("certificates/")
            .is_some_and(|name| name.ends_with(".yaml") && !name.contains(['/', '\\']))
            || crate::validate::published::lists::is_list_version(rel)
    });
    versions
}

/// What differs between a deployed folder and its manifest.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Differences {
    pub missing: Vec<String>,
    pub extra: Vec<String>,
    pub altered: Vec<String>,
    pub checked: usize,
    /// How many of the files the manifest lists as kept (the operator's) are present; they
    /// are not checked.
    pub kept: usize,
}

impl Differences {
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty() && self.extra.is_empty() && self.altered.is_empty()
    }
}

/// Compare the files under `dir` with `dir/manifest.json`. The operator's files the
/// manifest lists as kept are neither extra nor checked: qingdan did not write them.
pub fn verify(dir: &Path) -> Result<Differences, Diagnostic> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read(&path).map_err(|e| {
        let message = msg!(
            "无法读取 `{MANIFEST}`：{e}",
            "cannot read the manifest: {e}"
        );
        Diagnostic::error(&path, None, Code::ManifestUnreadable, message).help(msg!(
            "请核对 `qingdan build` 生成的整个输出文件夹（其中有 `{MANIFEST}`）",
            "verify the folder produced by `qingdan build` (it writes {MANIFEST})"
        ))
    })?;
    let manifest: Manifest = serde_json::from_slice(&text).map_err(|e| {
        let message = msg!(
            "`{MANIFEST}` 的内容无法识别：{e}",
            "the manifest is not valid: {e}"
        );
        Diagnostic::error(&path, None, Code::ManifestInvalid, message).help(msg!(
            "请从 `qingdan build` 生成的输出文件夹重新复制 `{MANIFEST}`",
            "copy {MANIFEST} again from the folder `qingdan build` wrote"
        ))
    })?;
    let kept: BTreeSet<&str> = manifest.kept.iter().map(String::as_str).collect();
    let mut diff = Differences {
        checked: manifest.files.len(),
        ..Differences::default()
    };
    let found = files_under(dir, &kept, &mut diff.kept)?;
    let results: Vec<Option<&String>> = manifest
        .files
        .par_iter()
        .map(|(p, want)| match found.contains(p) {
            false => Ok(None),
            true => {
                let file = dir.join(p);
                let bytes = std::fs::read(&file).map_err(|e| cannot_read(&file, e))?;
                Ok((entry(&bytes) != *want).then_some(p))
            }
        })
        .collect::<Result<_, Diagnostic>>()?;
    for ((p, _), altered) in manifest.files.iter().zip(results) {
        match (found.contains(p), altered) {
            (false, _) => diff.missing.push(p.clone()),
            (true, Some(_)) => diff.altered.push(p.clone()),
            (true, None) => {}
        }
    }
    diff.extra = found
        .into_iter()
        .filter(|p| p != MANIFEST && !manifest.files.contains_key(p))
        .filter(|p| !manifest.is_change_list(p))
        .collect();
    Ok(diff)
}

/// Every file under `dir` (relative, `/`), leaving out and counting those in `kept` (a
/// folder as `name/`, whose files are not even listed: `.git/` can be large).
fn files_under(
    dir: &Path,
    kept: &BTreeSet<&str>,
    kept_found: &mut usize,
) -> Result<BTreeSet<String>, Diagnostic> {
    let mut found = BTreeSet::new();
    let mut folders = vec![String::new()];
    while let Some(rel) = folders.pop() {
        let on_disk = dir.join(&rel);
        let cannot = |e: std::io::Error| cannot_read(&on_disk, e);
        for entry in std::fs::read_dir(&on_disk).map_err(cannot)? {
            let entry = entry.map_err(cannot)?;
            let path = format!("{rel}{}", entry.file_name().to_string_lossy());
            // Followed if a symbolic link, as a copy made by a tool that follows links would.
            if entry.path().is_dir() {
                let folder = format!("{path}/");
                match kept.contains(folder.as_str()) {
                    true => *kept_found += 1,
                    false => folders.push(folder),
                }
            } else if kept.contains(path.as_str()) {
                *kept_found += 1;
            } else {
                found.insert(path);
            }
        }
    }
    Ok(found)
}

/// A file or folder of the copy that `verify` cannot read.
fn cannot_read(path: &Path, e: std::io::Error) -> Diagnostic {
    let message = msg!("无法读取：{e}", "cannot read: {e}");
    Diagnostic::error(path, None, Code::VerifyUnreadable, message).help(msg!(
        "请检查这个文件的读取权限，然后再核对一次",
        "check that this file can be read, then verify again"
    ))
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

    #[test]
    fn verify_says_why_it_cannot_start_with_a_code_in_both_languages() {
        use crate::base::message::Lang;
        let dir = tempfile::tempdir().unwrap();
        let none = verify(dir.path()).unwrap_err();
        assert_eq!(none.code, Code::ManifestUnreadable);
        assert!(none.message.get(Lang::Zh).starts_with("无法读取"), "{none}");
        assert!(none.help.unwrap().get(Lang::En).contains("qingdan build"));
        std::fs::write(dir.path().join(MANIFEST), "{").unwrap();
        let bad = verify(dir.path()).unwrap_err();
        assert_eq!(bad.code, Code::ManifestInvalid);
        assert!(bad.message.get(Lang::Zh).contains("无法识别"), "{bad}");
        assert!(bad
            .message
            .get(Lang::En)
            .starts_with("the manifest is not valid"));
    }

    #[test]
    fn the_sources_record_is_read_back_only_for_the_same_site_and_may_be_absent() {
        let dir = tempfile::tempdir().unwrap();
        let versions = BTreeMap::from([("certificates/2023-02-21.yaml".into(), "ab".into())]);
        let sources = Sources {
            base_url: "https://a.gov.cn/".into(),
            versions: versions.clone(),
        };
        let file = manifest_recording([], Vec::new(), Some(sources));
        std::fs::write(dir.path().join(MANIFEST), &file.bytes).unwrap();
        assert_eq!(recorded_versions(dir.path(), "https://a.gov.cn/"), versions);
        assert!(recorded_versions(dir.path(), "https://b.gov.cn/").is_empty());
        assert!(recorded_versions(&dir.path().join("none"), "https://a.gov.cn/").is_empty());
        let mut odd = versions.clone();
        for rel in [
            "../site.yaml",
            "certificates/../../x.yaml",
            "policy/a.md",
            "certificates/a",
        ] {
            odd.insert(rel.into(), "cd".into());
        }
        let sources = Sources {
            base_url: "https://a.gov.cn/".into(),
            versions: odd,
        };
        let file = manifest_recording([], Vec::new(), Some(sources));
        std::fs::write(dir.path().join(MANIFEST), &file.bytes).unwrap();
        assert_eq!(recorded_versions(dir.path(), "https://a.gov.cn/"), versions);
        // A manifest from before the record: read as before, with nothing recorded.
        let older = manifest_file([("index.html".to_string(), entry(b"x"))]);
        assert!(!String::from_utf8_lossy(&older.bytes).contains("sources"));
        std::fs::write(dir.path().join(MANIFEST), &older.bytes).unwrap();
        assert_eq!(parse(&older.bytes).unwrap().sources, None);
        assert!(recorded_versions(dir.path(), "https://a.gov.cn/").is_empty());
    }
}
