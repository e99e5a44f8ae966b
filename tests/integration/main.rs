//! One integration-test binary (as mdBook does): each module is a scenario family, each
//! scenario a small fixture site under `tests/fixtures/`.

mod support;

mod citizen;
mod cli;
mod determinism;
mod errors;
mod feeds;
mod history;
mod hosting;
mod links;
mod pages;
mod robustness;
mod serve;
mod sizes;
mod themes;
mod xss;
