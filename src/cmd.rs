//! The subcommands that are more than a call into the library's build: each file is one
//! command of `qingdan` (`main.rs` parses the arguments and dispatches). They live in the
//! binary, not the library, because they print, watch and serve; the library never does.

pub mod diff;
pub mod new_version;
pub mod schema;
pub mod serve;
pub mod translations;
