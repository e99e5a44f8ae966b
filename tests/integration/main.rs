//! One integration-test binary (as mdBook does): each module is a scenario family, each
//! scenario a small fixture site under `tests/fixtures/`.

mod support;

mod adjustment_checks;
mod attachments;
mod citizen;
mod cli;
mod determinism;
mod errors;
mod feeds;
mod history;
mod hosting;
mod huainan;
mod import;
mod incremental;
mod item_channels;
mod item_fields;
mod layers;
mod links;
mod list_kinds;
mod messages;
mod official;
mod output_safety;
mod pages;
mod place_inheritance;
mod places;
mod policy_pages;
mod public_api;
mod reading;
mod refusals;
mod robustness;
mod sample_truth;
mod search;
mod serve;
mod serve_preview;
mod sizes;
mod staff_language;
mod staff_messages;
mod themes;
mod typing_mistakes;
mod unchanged_files;
mod voice;
mod xss;
