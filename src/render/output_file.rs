//! The file type every stage of the build hands on: a finished site's file, path and bytes.
//!
//! Feed, sitemap, export, staging, compression and the manifest all pass `OutputFile`s; it lives
//! in its own file so that it can move below all of them without taking the renderer along.

/// A file of the finished site: a path relative to the output folder, with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}
