//! Minifies every HTML page (minify-html), in parallel.
//!
//! Settings stay standards-compliant: the Nu Html Checker must accept the result, and
//! `<html lang>` must survive, so the opening `html`/`head` tags and closing tags are kept.

use rayon::prelude::*;

use crate::render::OutputFile;

pub fn minify(files: Vec<OutputFile>) -> Vec<OutputFile> {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_css = false;
    cfg.minify_js = false;
    // JSON-LD is data, not a script to minify.
    files
        .into_par_iter()
        .map(|f| {
            if f.path.ends_with(".html") {
                OutputFile {
                    bytes: minify_html::minify(&f.bytes, &cfg),
                    path: f.path,
                }
            } else {
                f
            }
        })
        .collect()
}
