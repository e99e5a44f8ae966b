//! The theme's static files, copied under `assets/` with CSS and JS renamed by a content hash,
//! and the hashed names that every page's frame links to.

use sha2::{Digest, Sha256};

use crate::base::output_file::OutputFile;
use crate::read::theme::Theme;

/// Static files under `assets/`; CSS and JS get a content hash in their name so a portal can
/// cache them forever.
/// The place pages' style sheet is published only `with_places`, so that a site without
/// places.yaml has exactly the files it had before places existed.
pub(super) fn hashed_assets(theme: &Theme, with_places: bool) -> (Assets, Vec<OutputFile>) {
    let mut assets = Assets::default();
    let mut files = Vec::new();
    for (name, bytes) in theme.static_files() {
        if name == PLACES_CSS && !with_places {
            continue;
        }
        let path = match name.rsplit_once('.') {
            Some((stem, ext @ ("css" | "js"))) => {
                let hash = Sha256::digest(bytes);
                let short: String = hash[..5].iter().map(|b| format!("{b:02x}")).collect();
                format!("assets/{stem}.{short}.{ext}")
            }
            _ => format!("assets/{name}"),
        };
        if name == "style.css" {
            assets.css = path.clone();
        } else if name == "qingdan.js" {
            assets.js = path.clone();
        } else if name == PLACES_CSS {
            assets.places_css = path.clone();
        }
        files.push(OutputFile {
            path,
            bytes: bytes.to_vec(),
        });
    }
    (assets, files)
}

/// The style sheet of the place pages only (the picker's nested lists, the breadcrumb).
const PLACES_CSS: &str = "places.css";

#[derive(Debug, Default, Clone)]
pub(super) struct Assets {
    pub(super) css: String,
    pub(super) js: String,
    /// Empty when the site has no places.
    pub(super) places_css: String,
}
