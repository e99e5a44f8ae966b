//! The floor every layer stands on: how problems are reported (`diagnostics`), and how a
//! long build tells its caller how far it has got (`progress`), and the shared strings and
//! fast hash maps that decoding, history and rendering use (`intern`). Nothing here knows about
//! certificate items or pages, so every other layer may use it.

pub mod diagnostics;
pub mod intern;
pub mod progress;
