//! What the content implies but does not say: each item's history across the published
//! versions (`history`: added, changed, cancelled, renamed, removed) and the list of pages to
//! make (`plan`); `lists` does both for the other lists. Plain data in, plain data out; nothing is rendered here.

pub mod history;
pub(crate) mod inherit;
pub mod lists;
pub mod plan;
pub(crate) mod policy_links;
