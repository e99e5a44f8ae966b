//! Making the site's files in memory: the HTML pages (`html`), the Atom feeds (`feed`), the
//! sitemap (`sitemap`), the open data (`export`), the other lists' data files and feeds (`list_data`), and the pieces they share: Markdown to safe
//! HTML (`markdown`), dates as readers read them (`dates`), counts (`counts`), before → after diffs (`textdiff`), QR codes (`qr`) and the minified
//! templates (`minify`). Nothing here writes to disk: each file is handed on as an
//! `OutputFile`.

pub(crate) mod counts;
pub(crate) mod dates;
mod export;
mod feed;
pub mod html;
mod list_data;
pub mod markdown;
pub(crate) mod minify;
mod qr;
mod sitemap;
pub(crate) mod spreadsheet;
pub mod textdiff;

/// The theme with its templates minified, as every build renders with it (the benches time it
/// as a stage of its own).
pub use minify::minify_theme;
