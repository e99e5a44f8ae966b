//! One integration-test binary (as mdBook does): each module is a scenario family, each
//! scenario a small fixture site under `tests/fixtures/`.

mod support;

mod cli;
mod determinism;
mod errors;
mod links;
mod pages;
mod themes;
mod xss;
