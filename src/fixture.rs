//! Test support: the minimal fixture site (`tests/fixtures/minimal`), optionally with extra
//! files, loaded and validated through the real pipeline for unit tests.

use std::path::Path;

use crate::decode::load::Loaded;
use crate::derive::history::History;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The minimal fixture plus `extra` (relative path, text) files, checked, with its history.
pub(crate) fn load_minimal(extra: &[(&str, &str)]) -> (Loaded, History) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal"),
        dir.path(),
    );
    for (rel, text) in extra {
        std::fs::write(dir.path().join(rel), text).unwrap();
    }
    let options = crate::Options::read_only(dir.path().to_path_buf(), Default::default());
    let (loaded, _) = crate::check(&options)
        .unwrap_or_else(|r| panic!("the fixture is invalid: {:?}", r.diagnostics));
    let history = crate::derive::history::derive(&loaded.content);
    (loaded, history)
}
