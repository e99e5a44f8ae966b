//! The floor every layer stands on: how problems are reported (`diagnostics`), and how a
//! long build tells its caller how far it has got (`progress`), and the shared strings and
//! fast hash maps that decoding, history and rendering use (`intern`), and the one type every
//! stage that makes a file hands on (`output_file`). Nothing here knows about
//! certificate items or pages, so every other layer may use it.

pub mod codes;
pub mod diagnostics;
pub(crate) mod intern;
pub mod message;
pub mod output_file;
pub mod progress;
