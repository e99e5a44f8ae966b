//! Version pages: a version's summary (shown on most pages), its paginated full list, and the
//! comparison of a past version with the current one.

use serde::Serialize;

use super::attachments::{AttachmentView, CorrectionView};
use super::changes::Section;
use super::item_list::Group;
use super::links::Pager;
use super::loc::L;
use super::renderer::Renderer;
use crate::derive::plan::{PageKind, PER_PAGE};

#[derive(Serialize)]
pub(super) struct VersionSummary<'a> {
    date: String,
    title: L<'a>,
    document: Option<&'a str>,
    issued_by: Option<L<'a>>,
    /// 施行日期 (ISO), when the version names one.
    effective: Option<String>,
    /// The date of its latest correction (ISO), when it has any.
    corrected: Option<String>,
    href: String,
    list_href: String,
    /// What changed from the version before; none on the official tables, which show the
    /// version as issued (and so stay as they are when an edit changes only the counts).
    #[serde(skip_serializing_if = "Option::is_none")]
    counts: Option<crate::derive::history::Counts>,
    initial: bool,
    item_count: usize,
}

#[derive(Serialize)]
pub(super) struct VersionPage<'a> {
    version: VersionSummary<'a>,
    is_latest: bool,
    latest_href: String,
    /// The page of what changed from this version to the current one (past versions only).
    compare_href: Option<String>,
    groups: Vec<Group<'a>>,
    pager: Pager,
    attachments: Vec<AttachmentView<'a>>,
    corrections: Vec<CorrectionView>,
    /// This version's numbered tables, and the 公示版 when it is the current list.
    table_href: String,
    notice_href: Option<String>,
    /// The interpretations (政策解读) of this version's document.
    interpretations: Vec<super::links::Link>,
}

#[derive(Serialize)]
pub(super) struct ComparePage<'a> {
    from: VersionSummary<'a>,
    to: VersionSummary<'a>,
    total: usize,
    sections: Vec<Section<'a>>,
    pager: Pager,
}

impl<'a> Renderer<'a> {
    pub(super) fn version_summary(&self, lang: usize, dir: &str, v: usize) -> VersionSummary<'a> {
        let loc = self.loc(lang);
        let version = &self.content.versions[v];
        let counts = Some(self.history.versions[v].counts);
        VersionSummary {
            date: self.plan.dates[v].clone(),
            title: loc.text(&version.title),
            document: version.document.as_ref().map(|d| d.value.as_str()),
            issued_by: loc.opt(&version.issued_by),
            effective: version.effective.as_ref().map(|e| e.value.to_string()),
            corrected: version.corrections.last().map(|c| c.date.value.to_string()),
            href: self.href(dir, lang, &PageKind::changelog(v)),
            list_href: self.href(dir, lang, &PageKind::version(v)),
            counts,
            initial: v == 0,
            item_count: version.items.len(),
        }
    }

    /// `version_summary` without the counts of changes, for the pages that only name the
    /// version (its official tables, a comparison), so that an edit that changes only its
    /// counts leaves them as they are (`job_keys`).
    pub(super) fn version_named(&self, lang: usize, dir: &str, v: usize) -> VersionSummary<'a> {
        VersionSummary {
            counts: None,
            ..self.version_summary(lang, dir, v)
        }
    }

    pub(super) fn version_page(
        &self,
        lang: usize,
        dir: &str,
        v: usize,
        n: usize,
        pages: usize,
    ) -> VersionPage<'a> {
        let items = &self.sorted[v];
        let chunk = &items[((n - 1) * PER_PAGE).min(items.len())..(n * PER_PAGE).min(items.len())];
        let latest = self.content.versions.len() - 1;
        VersionPage {
            version: self.version_summary(lang, dir, v),
            is_latest: v == latest,
            latest_href: self.href(dir, lang, &PageKind::version(latest)),
            compare_href: (v < latest).then(|| self.href(dir, lang, &PageKind::compare(v))),
            groups: self.groups(lang, dir, chunk, false, true),
            attachments: self.version_attachments(lang, dir, &self.content.versions[v]),
            corrections: self.corrections(lang, &self.content.versions[v]),
            table_href: self.href(dir, lang, &PageKind::table(v, false, false)),
            notice_href: (v == latest)
                .then(|| self.href(dir, lang, &PageKind::table(v, true, true))),
            interpretations: self.interpretation_links(lang, dir, v),
            pager: self.pager(lang, dir, n, pages, |p| PageKind::Version {
                version: v,
                page: p,
                pages,
            }),
        }
    }

    /// What changed between version `v` and the current list.
    pub(super) fn compare_page(
        &self,
        lang: usize,
        dir: &str,
        v: usize,
        n: usize,
        pages: usize,
    ) -> ComparePage<'a> {
        let latest = self.content.versions.len() - 1;
        let changes = &self.to_current[v];
        ComparePage {
            from: self.version_named(lang, dir, v),
            to: self.version_named(lang, dir, latest),
            total: changes.len(),
            sections: self.sections(lang, dir, changes, None, n),
            pager: self.pager(lang, dir, n, pages, |p| PageKind::Compare {
                version: v,
                page: p,
                pages,
            }),
        }
    }
}
