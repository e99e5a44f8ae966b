//! Reading what the user hands to the tool, and nothing else: the content folder's files
//! (`source`: regular files inside the folder, within their limits, decoded to text) and the
//! theme (`theme`: the default theme compiled into the binary, overridden file by file by a
//! theme folder inside the content).
//!
//! Everything that touches the file system to read goes through here, so the rules about
//! links, sizes and control characters hold in one place.

pub(crate) mod source;
pub(crate) mod theme;

/// The content folder's texts (site.yaml, the version files, the policy files), read under the
/// folder's rules: `qingdan new-version` starts from them.
pub use source::read_content;
