//! Making the site's files in memory: the HTML pages (`html`), the Atom feeds (`feed`), the
//! sitemap (`sitemap`), the open data (`export`), and the pieces they share: Markdown to safe
//! HTML (`markdown`), dates as readers read them (`dates`), before → after diffs (`textdiff`), QR codes (`qr`) and the minified
//! templates (`minify`). Nothing here writes to disk: each file is handed on as an
//! `OutputFile`.

pub mod dates;
mod export;
mod feed;
pub mod html;
pub mod markdown;
pub mod minify;
mod qr;
mod sitemap;
pub mod spreadsheet;
pub mod textdiff;
