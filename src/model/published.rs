//! Where the files the content contributes are published (today the footer emblem): under
//! a folder of their own, by fixed names, so that nothing written in site.yaml can name, and
//! so replace, a file the generator makes. Decoding uses it to check the emblem, rendering to
//! link to it.

/// The image kinds the footer emblem may be.
pub(crate) const EMBLEM_KINDS: &[&str] = &["png", "jpg", "jpeg", "gif", "svg", "webp"];

/// The folder of files the content contributes. The generated files (`assets/<name>` from the
/// theme's `static/`, whose `content/` folder is refused) never use it, so an emblem named like
/// the site's script cannot replace it.
pub(crate) const CONTENT_ASSETS: &str = "assets/content";

/// Where the emblem is published: `assets/content/emblem.<kind>`, a fixed name so no file name
/// chosen in site.yaml reaches a URL.
pub(crate) fn emblem_output_path(rel: &str) -> String {
    format!(
        "{CONTENT_ASSETS}/emblem.{}",
        emblem_kind(rel).unwrap_or_default()
    )
}

/// The emblem's image kind (lower-case extension), if it is one of `EMBLEM_KINDS`.
pub(crate) fn emblem_kind(rel: &str) -> Option<String> {
    let (_, ext) = rel.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    EMBLEM_KINDS.contains(&ext.as_str()).then_some(ext)
}
