//! Renders every planned page with Tera, in parallel (rayon), from typed view structs.
//!
//! Templates never see the content model directly: each page gets borrowed views (`Common`,
//! `HomeView`, `ItemPage`, ...) with text already resolved for the page's language. A missing
//! translation falls back to the default language, marked with its `lang` and a visible note.
//!
//! Where things are: `jobs` schedules the files a build makes and `renderer` holds what they
//! share; `page` renders one page, whose view comes from `home`, `item`, `changelog`,
//! `versions`, `policy` or `not_found`, inside the `frame` every page shares. Shared parts of
//! views are in `item_list`, `changes`, `links` and `loc`; `cache` holds the caches' keys;
//! `search_index`, `json_ld` and `assets` make the other files.

mod assets;
mod cache;
mod changelog;
mod changes;
mod frame;
mod home;
mod item;
mod item_list;
mod jobs;
mod json_ld;
mod links;
mod loc;
mod not_found;
mod output_file;
mod page;
mod policy;
mod renderer;
mod search_index;
mod template_error;
mod versions;

pub use home::HOME_FULL_LIST_LIMIT;
pub use jobs::{render, render_each};
pub use output_file::OutputFile;
