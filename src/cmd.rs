//! The subcommands of `qingdan`, one file each (`main.rs` parses the arguments and calls the
//! file's `run`), plus what more than one of them uses: `report` prints problems and
//! `translations` counts coverage. They live in the binary, not the library, because they
//! print, watch and serve; the library never does.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod diff;
pub(crate) mod import;
pub(crate) mod new_version;
mod report;
pub(crate) mod schema;
pub(crate) mod serve;
mod translations;
pub(crate) mod verify;

/// How `build` and `serve` use the build cache: off with `--no-cache`; otherwise on, unless
/// the environment says `QINGDAN_CACHE=verify` (the integration tests: every job the cache
/// would keep is made again and must give the same bytes) or `QINGDAN_CACHE=off`.
pub(crate) fn cache_mode(no_cache: bool) -> qingdan::CacheMode {
    match (no_cache, std::env::var("QINGDAN_CACHE").as_deref()) {
        (true, _) | (false, Ok("off")) => qingdan::CacheMode::Off,
        (false, Ok("verify")) => qingdan::CacheMode::Verify,
        (false, _) => qingdan::CacheMode::On,
    }
}
