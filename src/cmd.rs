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
