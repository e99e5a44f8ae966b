//! The only layer that writes the file system: the output folder, built beside the old one and
//! swapped in whole (`output`), keeping the previous site's files whose bytes did not change;
//! its `manifest.json` (`manifest`); the list of what changed since the previous build
//! (`changes`); the precompressed siblings of text files (`compress`); and the build cache
//! beside the output that lets a build keep the files of jobs whose inputs did not change
//! (`cache`). It decides what may
//! be written where, so that nothing the tool did not write is ever deleted or overwritten.

pub(crate) mod cache;
pub(crate) mod changes;
pub(crate) mod compress;
pub mod manifest;
pub mod output;
