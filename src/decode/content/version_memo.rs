//! What a long-running caller (`serve`) keeps of the version files between builds: each
//! file's text and what decoding it gave, so that a build after a save decodes only the files
//! whose text changed.
//!
//! A version file decodes on its own: its version and its problems depend on its path, its
//! text and the site's default language, and on nothing else (the items shared with other
//! files, `ItemCache`, only save work). So a file whose text is byte for byte the one decoded
//! last time gives the same version and the same problems, and is taken from here. A `build`
//! starts a new process each time and keeps nothing (its cache is the files' jobs,
//! `write::cache`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::NaiveDate;

use crate::base::diagnostics::Diagnostics;
use crate::model::Version;
use crate::read::source::SourceFile;

/// What decoding one version file gave: its problems (the file name's first), its version
/// (or none, when it could not be decoded) and the date its name gives.
#[derive(Debug, Clone)]
pub(super) struct Outcome {
    pub(super) diags: Diagnostics,
    pub(super) version: Option<Arc<Version>>,
    pub(super) date: Option<NaiveDate>,
}

/// The version files decoded by the builds of one process, by path (see the module's comment).
#[derive(Default)]
pub(crate) struct VersionMemo {
    files: Mutex<HashMap<PathBuf, Remembered>>,
}

struct Remembered {
    text: Arc<String>,
    default_lang: String,
    outcome: Outcome,
    /// The SHA-256 recorded for the file as published, once a build has worked it out.
    published_sha256: Option<String>,
}

impl std::fmt::Debug for VersionMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VersionMemo")
            .field("files", &self.lock().len())
            .finish()
    }
}

impl VersionMemo {
    fn lock(&self) -> MutexGuard<'_, HashMap<PathBuf, Remembered>> {
        // Every update replaces a whole entry: a panic elsewhere cannot leave one half-made.
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What `file` decoded to last time, if its text and the default language are the same.
    pub(super) fn recall(&self, file: &SourceFile, default_lang: &str) -> Option<Outcome> {
        let files = self.lock();
        let kept = files.get(&file.path)?;
        let same = kept.default_lang == default_lang
            && (Arc::ptr_eq(&kept.text, &file.text) || kept.text == file.text);
        same.then(|| kept.outcome.clone())
    }

    /// Keep what `file` decoded to.
    pub(super) fn remember(&self, file: &SourceFile, default_lang: &str, outcome: &Outcome) {
        let kept = Remembered {
            text: file.text.clone(),
            default_lang: default_lang.to_string(),
            outcome: outcome.clone(),
            published_sha256: None,
        };
        self.lock().insert(file.path.clone(), kept);
    }

    /// The text `file` had when a build of this process last decoded it cleanly under the
    /// same default language, and its version: its items are most of the items of the file's
    /// new text, for `ItemCache`. (A plain text is in the default language, so an item decoded
    /// under another is not the same item.)
    pub(super) fn previous(
        &self,
        file: &SourceFile,
        default_lang: &str,
    ) -> Option<(Arc<String>, Arc<Version>)> {
        let files = self.lock();
        let kept = files.get(&file.path)?;
        let version = kept.outcome.version.as_ref()?;
        let clean = kept.default_lang == default_lang
            && kept.outcome.diags.is_empty()
            && !version.item_digests.is_empty();
        clean.then(|| (kept.text.clone(), version.clone()))
    }

    /// Forget the files that are no longer there.
    pub(super) fn keep_only(&self, files: &[SourceFile]) {
        let mut kept = self.lock();
        if kept.len() != files.len() {
            let there: std::collections::HashSet<&PathBuf> =
                files.iter().map(|f| &f.path).collect();
            kept.retain(|path, _| there.contains(path));
        }
    }

    /// The published SHA-256 of the version file at `path` with `text`, worked out by
    /// `compute` unless a build of this process did so for the same text.
    pub(crate) fn published_sha256(
        &self,
        path: &std::path::Path,
        text: &Arc<String>,
        compute: impl FnOnce() -> String,
    ) -> String {
        let known = self.lock().get(path).and_then(|kept| {
            let same = Arc::ptr_eq(&kept.text, text) || kept.text == *text;
            same.then(|| kept.published_sha256.clone()).flatten()
        });
        if let Some(sha256) = known {
            return sha256;
        }
        let sha256 = compute();
        if let Some(kept) = self.lock().get_mut(path) {
            if Arc::ptr_eq(&kept.text, text) || kept.text == *text {
                kept.published_sha256 = Some(sha256.clone());
            }
        }
        sha256
    }
}
