//! `changes.json` and `changes.txt`: which files a build added, changed and removed in its
//! output folder since the build before, so that a portal operator uploads only those and
//! deletes the removed ones (docs/hosting.md says how).
//!
//! Unlike every other file of the output they depend on what the folder held before, not only
//! on the content: a build into a new folder lists every file as added, a second build of the
//! same content lists none. So they are not among `manifest.json`'s `files`: the manifest names
//! them under `changes` (so the next build knows they are its own and `verify` leaves them
//! out), and a build is byte-identical to another when every file its manifest lists, and the
//! manifest, are. "Changed" means other bytes than the previous build left at that path.

use serde::{Deserialize, Serialize};

use crate::base::output_file::OutputFile;

pub(crate) const CHANGES_JSON: &str = "changes.json";
pub(crate) const CHANGES_TXT: &str = "changes.txt";
/// Both files, as the manifest names them.
pub(crate) const CHANGE_FILES: [&str; 2] = [CHANGES_JSON, CHANGES_TXT];

/// `changes.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Changes {
    pub generator: String,
    /// The SHA-256 of the `manifest.json` the folder held before this build: the list turns a
    /// copy of that site into this one. `None` when there was none (a new or empty folder).
    pub previous_manifest_sha256: Option<String>,
    /// The SHA-256 of this build's `manifest.json`.
    pub manifest_sha256: String,
    /// Paths (relative, `/`), each list sorted. `manifest.json` is among them whenever
    /// anything else is.
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl Changes {
    /// Whether the build changed nothing.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }

    /// `changes.json` and `changes.txt`.
    pub(crate) fn files(&self) -> [OutputFile; 2] {
        let mut json = serde_json::to_vec_pretty(self).expect("the change list serializes");
        json.push(b'\n');
        [
            OutputFile {
                path: CHANGES_JSON.into(),
                bytes: json,
            },
            OutputFile {
                path: CHANGES_TXT.into(),
                bytes: self.text().into_bytes(),
            },
        ]
    }

    /// `changes.txt`: one path a line, sorted by path, after `+ ` (added), `~ ` (changed) or
    /// `- ` (removed); empty when nothing changed. A site's paths have no line breaks (the
    /// staging folder refuses control characters), so each line is one whole path.
    pub(crate) fn text(&self) -> String {
        let mut lines: Vec<(&str, char)> = (self.added.iter().map(|p| (p.as_str(), '+')))
            .chain(self.changed.iter().map(|p| (p.as_str(), '~')))
            .chain(self.removed.iter().map(|p| (p.as_str(), '-')))
            .collect();
        lines.sort_unstable();
        let mut text = String::new();
        for (path, sign) in lines {
            text.push(sign);
            text.push(' ');
            text.push_str(path);
            text.push('\n');
        }
        text
    }
}

/// `changes.json` from its bytes (the tests read back what a build wrote).
#[cfg(test)]
pub(crate) fn parse(bytes: &[u8]) -> Result<Changes, String> {
    serde_json::from_slice(bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_form_is_one_sorted_path_a_line_with_its_sign() {
        let changes = Changes {
            generator: "qingdan 0".into(),
            previous_manifest_sha256: Some("ab".into()),
            manifest_sha256: "cd".into(),
            added: vec!["items/new/index.html".into(), "z.txt".into()],
            changed: vec!["index.html".into(), "manifest.json".into()],
            removed: vec!["items/gone/index.html".into()],
        };
        assert_eq!(
            changes.text(),
            "~ index.html\n- items/gone/index.html\n+ items/new/index.html\n\
             ~ manifest.json\n+ z.txt\n"
        );
        let [json, txt] = changes.files();
        assert_eq!((json.path.as_str(), txt.path.as_str()), CHANGE_FILES.into());
        assert_eq!(parse(&json.bytes).unwrap(), changes);
        assert!(json.bytes.ends_with(b"}\n"));
        assert!(!changes.is_empty());
        let none = Changes {
            added: Vec::new(),
            changed: Vec::new(),
            removed: Vec::new(),
            ..changes
        };
        assert!(none.is_empty());
        assert_eq!(none.text(), "");
    }
}
