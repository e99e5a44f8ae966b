//! The same content gives byte-identical output.

use crate::support::*;

#[test]
fn two_builds_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    build_ok(&repo().join("content"), &a.path().join("out"));
    build_ok(&repo().join("content"), &b.path().join("out"));
    let (ta, tb) = (tree(&a.path().join("out")), tree(&b.path().join("out")));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(bytes == &tb[path], "{path} differs between two builds");
    }
}

#[test]
fn rebuilding_in_place_replaces_the_site_completely() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(&fixture("minimal"), &site);
    // A file the previous build wrote (it is in its manifest) that this build does not write.
    let manifest = std::fs::read_to_string(site.join("manifest.json")).unwrap();
    let stale = r#""stale.html": {"size": 9, "sha256": "x"},"#;
    let manifest = manifest.replacen(r#""files": {"#, &format!(r#""files": {{{stale}"#), 1);
    std::fs::write(site.join("manifest.json"), manifest).unwrap();
    std::fs::write(site.join("stale.html"), "left over").unwrap();
    build_ok(&fixture("minimal"), &site);
    assert!(
        !site.join("stale.html").exists(),
        "the new site replaces the old one"
    );
    let leftovers = names_beside(out.path());
    assert_eq!(leftovers, ["site"], "no temporary folders left behind");
}
