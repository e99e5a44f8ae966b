//! Renders every planned page with Tera, in parallel (rayon), from typed view structs.
//!
//! Templates never see the content model directly: each page gets borrowed views (`Common`,
//! `HomeView`, `ItemPage`, ...) with text already resolved for the page's language. A missing
//! translation falls back to the default language, marked with its `lang` and a visible note.
//!
//! Where things are:
//! - `jobs`: which files a build makes, in what order (`render_each`); `renderer`: what every
//!   job shares, made once; `cache`: the caches' keys and `memo`.
//! - `page`: one page, its view by page kind, its template and frame; the views, each beside
//!   its struct, in `home`, `item`, `changelog`, `versions` (full lists and comparisons),
//!   `policy`, `places` (the place picker and a page per place), `provenance` (where a
//!   place's section's versions, items and local facts come from), `lists` (the other lists)
//!   and `not_found`; `frame`: what every page shares (`c` in templates).
//! - Parts of views: `item_list` (items by category), `changes` (changes by section, with
//!   diffs and events), `links` (relative links, pager), `loc` (text per language, UI strings).
//! - The list as an official document: `table` (numbered tables and their printable 公示版),
//!   `attachments` (a version's files and corrections, an item's 证明式样, as pages show them);
//!   pages the portal's rules ask for: `site_pages` (site map, contact) and `compliance` (the
//!   footer's verification, record and error-report links).
//! - Other files: `search_index`, `json_ld`, `assets` (hashed static files); `template_error`
//!   places Tera's errors in the theme.

mod assets;
mod attachments;
mod cache;
mod changelog;
mod changes;
mod compliance;
mod frame;
mod home;
mod item;
mod item_list;
mod item_service;
mod job_keys;
mod jobs;
mod json_ld;
mod links;
mod lists;
mod loc;
mod not_found;
mod page;
mod places;
mod policy;
mod policy_body;
mod provenance;
mod renderer;
mod search_index;
mod site_pages;
mod table;
mod template_error;
mod traditional;
mod versions;
mod word_index;

pub use job_keys::{JobCache, JobKey};
pub(crate) use jobs::Site;
pub use jobs::{render, render_each, Reuse};
