//! Test support for the adjustment checks: the minimal fixture followed by a version made from
//! its latest one, as `qingdan new-version` makes it, with a few edits.

use crate::model::Version;

/// The minimal fixture's latest version, `2023-02-21.yaml`.
pub(super) fn latest_text() -> String {
    let path = crate::fixture::repo().join("tests/fixtures/minimal/certificates/2023-02-21.yaml");
    std::fs::read_to_string(path).unwrap()
}

/// The minimal fixture's two versions and, after them, `2024-01-01.yaml` made from the
/// latest with each `(find, replace)` edit.
pub(super) fn with_next(edits: &[(&str, &str)]) -> Vec<Version> {
    let mut text = latest_text().replace("date: 2023-02-21", "date: 2024-01-01");
    for (find, replace) in edits {
        assert_eq!(text.matches(find).count(), 1, "`{find}` once in {text}");
        text = text.replacen(find, replace, 1);
    }
    let (loaded, _) =
        crate::fixture::load_minimal(&[("certificates/2024-01-01.yaml", text.as_str())]);
    loaded.content.versions
}
