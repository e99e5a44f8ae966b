//! Where the files the content contributes are published, and what they may be: the footer
//! emblem under a folder of its own by a fixed name, and attachments (a version's documents,
//! an item's 证明式样) in a `files/` folder beside the page they belong to, by their place and
//! never by a name staff choose alone, so that nothing written in the content can name, and so
//! replace, a file the generator makes. Decoding uses it to check and place the files,
//! rendering to link to them.

/// The image kinds the footer emblem may be.
pub(crate) const EMBLEM_KINDS: &[&str] = &["png", "jpg", "jpeg", "gif", "svg", "webp"];

/// The folder of files the content contributes. The generated files (`assets/<name>` from the
/// theme's `static/`, whose `content/` folder is refused) never use it, so an emblem named like
/// the site's script cannot replace it.
pub(crate) const CONTENT_ASSETS: &str = "assets/content";

/// Where the emblem is published: `assets/content/emblem.<kind>`, a fixed name so no file name
/// chosen in site.yaml reaches a URL.
pub(crate) fn emblem_output_path(rel: &str) -> String {
    format!(
        "{CONTENT_ASSETS}/emblem.{}",
        emblem_kind(rel).unwrap_or_default()
    )
}

/// The emblem's image kind (lower-case extension), if it is one of `EMBLEM_KINDS`.
pub(crate) fn emblem_kind(rel: &str) -> Option<String> {
    let (_, ext) = rel.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    EMBLEM_KINDS.contains(&ext.as_str()).then_some(ext)
}

/// The image kinds a policy body may show (图解): raster images only. An SVG is a document
/// that can hold script; shown through `<img>` it would be inert, but it is also published at
/// its own address, and opened there (a link to it, "open image in new tab") its script would
/// run as a page of the portal. A PNG exported from the drawing shows the same.
pub(crate) const POLICY_IMAGE_KINDS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp"];

/// Where an image of a policy body is published: `assets/content/policy/<its path below
/// policy/>`. Below the content's own folder, so no image can replace a file the generator
/// makes, and below `policy/` there, apart from the emblem.
pub(crate) fn policy_image_path(below_policy: &str) -> String {
    format!("{CONTENT_ASSETS}/policy/{below_policy}")
}

/// The kinds of file an attachment may be (`attachments` of a version, an item's `specimen`):
/// documents as governments issue them and images. Checked by extension and by the file's
/// first bytes (`FileKind::matches`), so a renamed program is not published as a PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    Pdf,
    /// 版式文档 (GB/T 33190), a zip container.
    Ofd,
    Doc,
    Docx,
    Xls,
    Xlsx,
    /// WPS 文字 and WPS 表格 documents, OLE compound files like DOC and XLS.
    Wps,
    Et,
    Jpeg,
    Png,
}

/// The extensions attachments may have, in the order the documentation lists them.
pub const ATTACHMENT_EXTENSIONS: &[&str] = &[
    "pdf", "ofd", "doc", "docx", "xls", "xlsx", "wps", "et", "jpg", "jpeg", "png",
];

/// How large one attachment may be: a scanned 红头文件 of a few pages is 1–5 MB.
pub(crate) const ATTACHMENT_MAX_BYTES: u64 = 20 << 20;

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

impl FileKind {
    /// The kind a file name's extension names (any case), if it is one of `ATTACHMENT_EXTENSIONS`.
    pub fn from_name(name: &str) -> Option<FileKind> {
        let (_, ext) = name.rsplit_once('.')?;
        Some(match ext.to_ascii_lowercase().as_str() {
            "pdf" => FileKind::Pdf,
            "ofd" => FileKind::Ofd,
            "doc" => FileKind::Doc,
            "docx" => FileKind::Docx,
            "xls" => FileKind::Xls,
            "xlsx" => FileKind::Xlsx,
            "wps" => FileKind::Wps,
            "et" => FileKind::Et,
            "jpg" | "jpeg" => FileKind::Jpeg,
            "png" => FileKind::Png,
            _ => return None,
        })
    }

    /// What a file of this kind starts with, as the messages name it.
    pub fn signature(self) -> &'static str {
        match self {
            FileKind::Pdf => "%PDF-",
            FileKind::Ofd | FileKind::Docx | FileKind::Xlsx => "PK (zip)",
            FileKind::Doc | FileKind::Xls | FileKind::Wps | FileKind::Et => "D0 CF 11 E0 (OLE)",
            FileKind::Jpeg => "FF D8 FF (JPEG)",
            FileKind::Png => "89 50 4E 47 (PNG)",
        }
    }

    /// Whether `bytes` start as a file of this kind does.
    pub fn matches(self, bytes: &[u8]) -> bool {
        match self {
            FileKind::Pdf => bytes.starts_with(b"%PDF-"),
            FileKind::Ofd | FileKind::Docx | FileKind::Xlsx => bytes.starts_with(ZIP),
            FileKind::Doc | FileKind::Xls | FileKind::Wps | FileKind::Et => bytes.starts_with(OLE),
            FileKind::Jpeg => bytes.starts_with(b"\xFF\xD8\xFF"),
            FileKind::Png => bytes.starts_with(b"\x89PNG\r\n\x1A\n"),
        }
    }

    /// The family readers know it by, the key of its UI label (`file_kind_<family>`).
    pub fn family(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Ofd => "ofd",
            FileKind::Doc | FileKind::Docx => "word",
            FileKind::Xls | FileKind::Xlsx => "excel",
            FileKind::Wps => "wps_writer",
            FileKind::Et => "wps_sheet",
            FileKind::Jpeg | FileKind::Png => "image",
        }
    }

    /// The media type the open data names it by.
    pub fn media_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Ofd => "application/ofd",
            FileKind::Doc | FileKind::Wps => "application/msword",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xls | FileKind::Et => "application/vnd.ms-excel",
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
        }
    }
}

/// An attachment as published: its path in the site (from the output root) and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedFile {
    pub path: String,
    pub kind: FileKind,
    pub size: u64,
}

/// Where version `date`'s `n`-th attachment (from 1) is published:
/// `versions/<date>/files/<n>-<name>.<ext>`, `<name>` spelled from the file's own name
/// (`ascii_name`). The number is the attachment's place in the list, so adding one at the end
/// never renames an earlier one, and the folder `files/` is one no page uses, so no name
/// chosen in the content can take a generated file's path.
pub(crate) fn version_attachment_path(date: &str, n: usize, rel: &str) -> String {
    let ext = extension(rel);
    match ascii_name(rel) {
        name if name.is_empty() => format!("versions/{date}/files/{n}.{ext}"),
        name => format!("versions/{date}/files/{n}-{name}.{ext}"),
    }
}

/// Where item `id`'s specimen (证明式样) is published: `items/<id>/files/specimen-<date>.<ext>`,
/// `<date>` the first version whose item carries this very file. A new template in a later
/// version gets that version's date; the earlier one keeps its URL.
pub(crate) fn specimen_path(id: &str, first_date: &str, rel: &str) -> String {
    format!("items/{id}/files/specimen-{first_date}.{}", extension(rel))
}

/// Where item `id`'s 承诺书 (its `promise`'s `form`) is published:
/// `items/<id>/files/promise-<date>.<ext>`, dated as a specimen is.
pub(crate) fn promise_form_path(id: &str, first_date: &str, rel: &str) -> String {
    format!("items/{id}/files/promise-{first_date}.{}", extension(rel))
}

/// The extension of `rel`, lower-case.
fn extension(rel: &str) -> String {
    rel.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default()
}

/// The file name of `rel` without its extension, as lower-case ASCII letters and digits joined by
/// hyphens (`关于调整的通知 V2.pdf` → `v2`), at most 40 characters.
pub(crate) fn ascii_name(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let words: Vec<String> = (stem.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let mut out = words.join("-");
    out.truncate(40);
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_paths_are_made_from_the_place_and_an_ascii_name() {
        assert_eq!(
            version_attachment_path("2025-09-01", 1, "files/Notice_2025.PDF"),
            "versions/2025-09-01/files/1-notice-2025.pdf"
        );
        assert_eq!(
            version_attachment_path("2025-09-01", 2, "附件/清单.docx"),
            "versions/2025-09-01/files/2.docx"
        );
        assert_eq!(
            specimen_path("kinship", "2023-02-21", "a/式样.PNG"),
            "items/kinship/files/specimen-2023-02-21.png"
        );
        assert_eq!(ascii_name(&format!("{}.pdf", "a".repeat(60))).len(), 40);
    }

    #[test]
    fn kinds_are_checked_by_their_first_bytes() {
        assert_eq!(FileKind::from_name("x.JPG"), Some(FileKind::Jpeg));
        assert_eq!(FileKind::from_name("x.exe"), None);
        assert!(FileKind::Pdf.matches(b"%PDF-1.4\n"));
        assert!(!FileKind::Pdf.matches(b"PK\x03\x04"));
        assert!(FileKind::Docx.matches(b"PK\x03\x04rest"));
        assert!(FileKind::Xls.matches(OLE));
        assert!(FileKind::Png.matches(b"\x89PNG\r\n\x1A\n...."));
    }
}
