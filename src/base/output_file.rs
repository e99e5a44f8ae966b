//! The file type every stage of the build hands on: a finished site's file, path and bytes.
//!
//! Pages, feeds, the sitemap, the open data, staging, compression and the manifest all pass
//! `OutputFile`s, so it sits in the bottom layer, below every one of them.

/// A file of the finished site: a path relative to the output folder, with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}
