//! The only layer that writes the file system: the output folder, built beside the old one and
//! swapped in whole (`output`), its `manifest.json` (`manifest`), and the precompressed
//! siblings of text files (`compress`). It decides what may be written where, so that nothing
//! the tool did not write is ever deleted or overwritten.

pub(crate) mod compress;
pub mod manifest;
pub mod output;
