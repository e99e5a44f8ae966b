//! How pages show what a version says about its publication besides the list: its attachments
//! and an item's 证明式样 (a relative link with the title, the kind and the size: “PDF，1.2 MB”),
//! and its corrections (更正), each with its date, in a block of their own.

use serde::Serialize;

use super::links::up;
use super::loc::{Md, L};
use super::renderer::Renderer;
use crate::model::{Attachment, Version};

/// A published file as a link: `title` (`kind_size`).
#[derive(Serialize)]
pub(super) struct AttachmentView<'a> {
    title: L<'a>,
    /// Relative to the page.
    href: String,
    /// The kind and the size as readers read them: “PDF，1.2 MB”.
    kind_size: String,
    /// The kind alone (PDF, Word, Excel, 图片), for a `data-` attribute and tests.
    kind: &'static str,
    size: u64,
}

/// A dated correction.
#[derive(Serialize)]
pub(super) struct CorrectionView {
    /// ISO, for `<time datetime>` and the `long_date` filter.
    date: String,
    /// The anchor of the correction on its page (`correction-1`), which the feed links to.
    anchor: String,
    text: Md,
}

impl<'a> Renderer<'a> {
    /// The attachment as a link from the page at `dir` (unpublished only when the build stops
    /// on its error, so never on a page); `title` when the attachment has none of its own.
    pub(super) fn attachment_view(
        &self,
        lang: usize,
        dir: &str,
        attachment: &'a Attachment,
        title: impl FnOnce() -> L<'a>,
    ) -> Option<AttachmentView<'a>> {
        let published = attachment.published.as_ref()?;
        let loc = self.loc(lang);
        let kind = published.kind.family();
        let kind_size = self
            .ui_str(lang, "attachment_kind_size")
            .replace("{kind}", self.ui_str(lang, &format!("file_kind_{kind}")))
            .replace("{size}", &size_text(self.is_chinese(lang), published.size));
        Some(AttachmentView {
            title: attachment
                .title
                .as_ref()
                .map_or_else(title, |t| loc.text(t)),
            href: format!("{}{}", up(dir), published.path),
            kind_size,
            kind,
            size: published.size,
        })
    }

    /// Version `v`'s attachments as links from the page at `dir`.
    pub(super) fn version_attachments(
        &self,
        lang: usize,
        dir: &str,
        version: &'a Version,
    ) -> Vec<AttachmentView<'a>> {
        (version.attachments.iter())
            .filter_map(|a| {
                self.attachment_view(lang, dir, a, || L {
                    text: "",
                    html: "".into(),
                })
            })
            .collect()
    }

    /// Version `v`'s corrections, oldest first.
    pub(super) fn corrections(&self, lang: usize, version: &Version) -> Vec<CorrectionView> {
        let loc = self.loc(lang);
        (version.corrections.iter().enumerate())
            .map(|(i, c)| CorrectionView {
                date: c.date.value.to_string(),
                anchor: format!("correction-{}", i + 1),
                text: loc.md(&c.text),
            })
            .collect()
    }

    fn is_chinese(&self, lang: usize) -> bool {
        crate::emit::dates::is_chinese(&self.plan.languages[lang])
    }
}

/// A file's size as readers read it: `356字节` / `356 bytes`, `12 KB`, `1.2 MB` (1 KB = 1024
/// bytes, rounded up to a whole KB, MB to one decimal).
pub(super) fn size_text(chinese: bool, bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    match bytes {
        0..KB if chinese => format!("{bytes}字节"),
        0..KB => format!("{bytes} bytes"),
        KB..MB => format!("{} KB", bytes.div_ceil(KB)),
        _ => format!("{:.1} MB", bytes as f64 / MB as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::size_text;

    #[test]
    fn sizes_read_as_bytes_kilobytes_or_megabytes() {
        assert_eq!(size_text(true, 356), "356字节");
        assert_eq!(size_text(false, 356), "356 bytes");
        assert_eq!(size_text(true, 1025), "2 KB");
        assert_eq!(size_text(true, 1_258_291), "1.2 MB");
    }
}
