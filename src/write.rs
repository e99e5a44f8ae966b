//! The only layer that writes the file system: the output folder, built beside the old one and
//! swapped in whole (`output`), keeping the previous site's files whose bytes did not change;
//! its `manifest.json` (`manifest`); the list of what changed since the previous build
//! (`changes`); and the precompressed siblings of text files (`compress`). It decides what may
//! be written where, so that nothing the tool did not write is ever deleted or overwritten.

pub(crate) mod changes;
pub(crate) mod compress;
pub mod manifest;
pub mod output;
