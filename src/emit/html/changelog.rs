//! Changelog pages: the index of all versions, and each version's paginated changes.

use serde::Serialize;

use super::attachments::{AttachmentView, CorrectionView};
use super::changes::Section;
use super::links::{Link, Pager};
use super::loc::Md;
use super::renderer::Renderer;
use super::versions::VersionSummary;
use crate::derive::plan::PageKind;

#[derive(Serialize)]
pub(super) struct ChangelogPage<'a> {
    version: VersionSummary<'a>,
    summary: Option<Md>,
    previous: Option<Link>,
    sections: Vec<Section<'a>>,
    pager: Pager,
    /// The interpretations (政策解读) of this version's document.
    interpretations: Vec<Link>,
    attachments: Vec<AttachmentView<'a>>,
    corrections: Vec<CorrectionView>,
    /// In a place's section: whether it follows the list above, the place's own adjustment,
    /// or both.
    provenance: Option<super::provenance::VersionProvenance<'a>>,
}

#[derive(Serialize)]
pub(super) struct ChangelogIndexPage<'a> {
    versions: Vec<IndexEntry<'a>>,
}

/// One version on the changelog index: its summary, and in a place's section its provenance.
#[derive(Serialize)]
struct IndexEntry<'a> {
    #[serde(flatten)]
    summary: VersionSummary<'a>,
    provenance: Option<super::provenance::VersionProvenance<'a>>,
}

impl<'a> Renderer<'a> {
    /// Every version, latest first.
    pub(super) fn changelog_index(&self, lang: usize, dir: &str) -> ChangelogIndexPage<'a> {
        let versions = (0..self.content.versions.len())
            .rev()
            .map(|v| IndexEntry {
                summary: self.version_summary(lang, dir, v),
                provenance: self.version_provenance(lang, v),
            })
            .collect();
        ChangelogIndexPage { versions }
    }

    pub(super) fn changelog_page(
        &self,
        lang: usize,
        dir: &str,
        v: usize,
        n: usize,
        pages: usize,
    ) -> ChangelogPage<'a> {
        let loc = self.loc(lang);
        let version = &self.content.versions[v];
        let sections = self.sections(lang, dir, &self.changes[v], Some(v), n);
        ChangelogPage {
            version: self.version_summary(lang, dir, v),
            summary: loc.md_opt(&version.summary),
            previous: v.checked_sub(1).map(|p| Link {
                href: self.href(dir, lang, &PageKind::changelog(p)),
                label: self.date_text(lang, p),
            }),
            sections,
            interpretations: self.interpretation_links(lang, dir, v),
            attachments: self.version_attachments(lang, dir, version),
            corrections: self.corrections(lang, version),
            provenance: self.version_provenance(lang, v),
            pager: self.pager(lang, dir, n, pages, |p| PageKind::Changelog {
                version: v,
                page: p,
                pages,
            }),
        }
    }
}
