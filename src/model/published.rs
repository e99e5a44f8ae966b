//! Where the files the content contributes are published (today the footer emblem): under
//! a folder of their own, by fixed names, so that nothing written in site.yaml can name, and
//! so replace, a file the generator makes. Decoding uses it to check the emblem, rendering to
//! link to it.

/// The image kinds the footer emblem may be.
pub const EMBLEM_KINDS: &[&str] = &["png", "jpg", "jpeg", "gif", "svg", "webp"];

/// The folder of files the content contributes. The generated files (`assets/<name>` from the
/// theme's `static/`, whose `content/` folder is refused) never use it, so an emblem named like
/// the site's script cannot replace it.
pub const CONTENT_ASSETS: &str = "assets/content";

/// Where the emblem is published: `assets/content/emblem.<kind>`, a fixed name so no file name
/// chosen in site.yaml reaches a URL.
pub fn emblem_output_path(rel: &str) -> String {
    format!(
        "{CONTENT_ASSETS}/emblem.{}",
        emblem_kind(rel).unwrap_or_default()
    )
}

/// The emblem's image kind (lower-case extension), if it is one of `EMBLEM_KINDS`.
pub fn emblem_kind(rel: &str) -> Option<String> {
    let (_, ext) = rel.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    EMBLEM_KINDS.contains(&ext.as_str()).then_some(ext)
}

/// The image kinds a policy body may show (图解): raster images only. An SVG is a document
/// that can hold script; shown through `<img>` it would be inert, but it is also published at
/// its own address, and opened there (a link to it, "open image in new tab") its script would
/// run as a page of the portal. A PNG exported from the drawing shows the same.
pub const POLICY_IMAGE_KINDS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp"];

/// Where an image of a policy body is published: `assets/content/policy/<its path below
/// policy/>`. Below the content's own folder, so no image can replace a file the generator
/// makes, and below `policy/` there, apart from the emblem.
pub fn policy_image_path(below_policy: &str) -> String {
    format!("{CONTENT_ASSETS}/policy/{below_policy}")
}
