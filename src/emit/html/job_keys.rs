//! What each job of a build reads, as a key: the build cache (`write::cache`) keeps the files a
//! job made in the previous build when its key is the same, instead of running it again.
//!
//! A key is a SHA-256 of everything the job's files are made from, without making them:
//! - the site's part, shared by every job: this binary's version, the templates and static
//!   files of the theme, the UI strings, every content file other than the version files'
//!   items (site.yaml, policy, places and their delta files, lists, attachments and images:
//!   the caller's digest of them), and
//!   each version's fields outside its items;
//! - the job's own part: which file or page it makes, and the items it shows, by the digests
//!   of their texts (`Version::item_digests`). An id's *row* is its item's digest in every
//!   version (or none where it is not listed), so it changes with anything the history can say
//!   about the id; the rows of the ids a rename links to it come with it.
//!
//! Which items a job shows is decided by kind, and errs on the side of more:
//! - an item page (and its QR code): its id's row, its successor's, and those of the ids its
//!   events name (renamed from or to);
//! - a version's list, tables, changelog, workbooks, CSV and JSON: every id listed in that
//!   version or the one before, each with its row up to that version (what the history can
//!   say about it by then: a later edit of the item leaves the version's pages as they are),
//!   and the whole rows of the ids its renames link (their labels name the other id as last
//!   listed, which is later than the version when an old id comes back);
//! - a page of a version's tables (`versions/DATE/table/`, `table/`, `table/notice/`): the
//!   digests in that version of the items on the page, and the version's *table shape* (its
//!   ids in display order with their status, and whether its 公示版 is landscape, which its
//!   longest texts decide; the tables show no counts of changes), so that an edit of one item
//!   leaves the version's other table pages as they are;
//! - a page of the comparison of a version with the current one: for each change on the page,
//!   what an item page of its id takes (below) and the row of the id a rename brings it from,
//!   the comparison's ids in page order, and the two versions' item counts; the page names the
//!   two versions without their counts of changes;
//! - everything else (home, search index, feeds, site maps, policy pages, places...): every
//!   version's, so it is kept only when no item changed.
//!
//! The integration tests build sequences of edits with the cache checking itself
//! (`CacheMode::Verify`: each job it would keep is run and must give the same bytes), so a
//! dependency left out here fails a test rather than a site.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use rayon::prelude::*;

use super::item_list::sorted_indices;
use super::jobs::Job;
use super::table::rows_on_page;
use crate::derive::history::{History, ItemChange, Presence};
use crate::derive::plan::{PageKind, CHANGES_PER_PAGE};
use crate::model::{Content, Status};
use crate::read::theme::{Strings, Theme};

/// The key of one job's files (a SHA-256).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct JobKey(pub [u8; 32]);

/// Where a build finds the files of jobs it ran before (`T` is what the build's `emit` gives
/// for a file), and records those it runs.
pub trait JobCache<T>: Sync {
    /// What `emit` gave for each file of the job with this key, if the previous build's files
    /// are still there and are now part of this site; `None` runs the job.
    fn reuse(&self, key: &JobKey) -> Option<Vec<T>>;
    /// The job with this key was run and its files emitted as `files`.
    fn made(&self, key: &JobKey, files: &[T]);
}

/// The keys of one build's jobs.
pub(super) struct Keys<'a> {
    site: Sha256,
    rows: HashMap<&'a str, [u8; 32]>,
    /// Per version: its ids, each with its row up to that version, in its order, and the rows
    /// of the ids its renames link.
    versions: Vec<[u8; 32]>,
    /// Per version: its comparison with the current one, in page order (`Renderer::to_current`).
    compare: Vec<Compare<'a>>,
    /// Every version's, for the jobs that read the whole list.
    all: [u8; 32],
    /// Per version: what its table pages share, and its items in table order.
    tables: Vec<Tables>,
    content: &'a Content,
    history: &'a History,
}

/// A comparison of a version with the current one: its changes in page order, and a digest of
/// their ids in that order (which entries each page holds) and of the two versions' item
/// counts.
struct Compare<'a> {
    shape: [u8; 32],
    changes: &'a [&'a ItemChange],
}

/// What the pages of one version's tables read besides their own rows.
struct Tables {
    /// Its ids in display order with their status, and whether its 公示版 is landscape.
    shape: [u8; 32],
    /// Indices of its items: the 保留 rows in display order, then the 不再出具 rows.
    rows: Vec<usize>,
    issued: usize,
}

impl<'a> Keys<'a> {
    /// The keys for `content`, whose content files other than the version files' items have
    /// the digest `sources`; `None` when a version's item digests are not known (a file that
    /// was parsed whole, a place's section), and every job then runs.
    /// `landscape` says whether a version's 公示版 is printed landscape (`Renderer::landscape`);
    /// `to_current` is each version's changes to the current one in page order.
    pub(super) fn new(
        sources: &[u8; 32],
        (content, history): (&'a Content, &'a History),
        theme: &Theme,
        strings: &[Strings],
        landscape: &(dyn Fn(usize) -> bool + Sync),
        to_current: &'a [Vec<&'a ItemChange>],
    ) -> Option<Keys<'a>> {
        let known =
            |v: &std::sync::Arc<crate::model::Version>| v.item_digests.len() == v.items.len();
        if content.section.is_some() || !content.versions.iter().all(known) {
            return None;
        }
        let mut site = Sha256::new();
        field(&mut site, env!("CARGO_PKG_VERSION").as_bytes());
        site.update(sources);
        site.update((theme.files.len() as u64).to_le_bytes());
        for (path, bytes) in &theme.files {
            field(&mut site, path.as_bytes());
            field(&mut site, bytes);
        }
        for lang in strings {
            site.update((lang.len() as u64).to_le_bytes());
            for (key, text) in lang {
                field(&mut site, key.as_bytes());
                field(&mut site, text.as_bytes());
            }
        }
        for version in &content.versions {
            // Every field but the items, as Rust prints it (no maps with a random order).
            let crate::model::Version {
                file,
                file_date,
                date,
                title,
                document,
                issued_by,
                summary,
                notes,
                effective,
                corrections,
                attachments,
                items: _,
                complete,
                item_digests: _,
            } = &**version;
            // Its name only: where the content folder is does not change the site.
            let file = file.file_name();
            let header = format!(
                "{file:?}{file_date:?}{date:?}{title:?}{document:?}{issued_by:?}{summary:?}\
                 {notes:?}{effective:?}{corrections:?}{attachments:?}{complete:?}"
            );
            field(&mut site, header.as_bytes());
        }
        let (rows, prefixes) = rows(content);
        // The ids a rename links in each version's changes and in each comparison with the
        // current version: their labels name the other id as it was last listed.
        let renamed = |changes: &[crate::derive::history::ItemChange], h: &mut Sha256| {
            for change in changes {
                if let Presence::Renamed { from } = &change.presence {
                    for id in [from.as_str(), change.id.as_str()] {
                        field(h, id.as_bytes());
                        h.update(rows.get(id).copied().unwrap_or_default());
                    }
                }
            }
        };
        let versions: Vec<[u8; 32]> = (prefixes.iter().zip(&history.versions))
            .map(|(prefix, changes)| {
                let mut h = Sha256::new();
                h.update(prefix);
                renamed(&changes.changes, &mut h);
                h.finalize().into()
            })
            .collect();
        let latest = content.versions.last().map_or(0, |v| v.items.len());
        let compare = (to_current.iter().zip(&content.versions))
            .map(|(changes, version)| {
                let mut shape = Sha256::new();
                // The two versions' item counts: the page names both versions.
                shape.update((version.items.len() as u64).to_le_bytes());
                shape.update((latest as u64).to_le_bytes());
                shape.update((changes.len() as u64).to_le_bytes());
                for change in changes {
                    field(&mut shape, change.id.as_bytes());
                }
                Compare {
                    shape: shape.finalize().into(),
                    changes,
                }
            })
            .collect();
        let mut all = site.clone();
        for v in &versions {
            all.update(v);
        }
        let tables = (0..content.versions.len())
            .into_par_iter()
            .map(|v| tables(content, v, landscape(v)))
            .collect();
        Some(Keys {
            site,
            rows,
            versions,
            compare,
            all: all.finalize().into(),
            tables,
            content,
            history,
        })
    }

    /// The key of `job`'s files.
    pub(super) fn of(&self, job: &Job) -> JobKey {
        let mut h = self.site.clone();
        field(&mut h, format!("{job:?}").as_bytes());
        match job {
            Job::Page(page) => match &page.kind {
                PageKind::Item(id) => self.item(&mut h, id),
                &PageKind::Version { version, .. } | &PageKind::Changelog { version, .. } => {
                    self.with_previous(&mut h, version)
                }
                PageKind::Table(t) => self.table_page(&mut h, t.version, t.page),
                &PageKind::Compare { version, page, .. } => {
                    self.compare_page(&mut h, version, page)
                }
                _ => h.update(self.all),
            },
            &Job::Spreadsheets(v, _) => self.with_previous(&mut h, v),
            Job::Export(crate::emit::export::DataFile::Version(v)) => {
                self.with_previous(&mut h, *v)
            }
            _ => h.update(self.all),
        }
        JobKey(h.finalize().into())
    }

    /// Version `v`'s rows and the version before's.
    fn with_previous(&self, h: &mut Sha256, v: usize) {
        if let Some(before) = v.checked_sub(1) {
            h.update(self.versions[before]);
        }
        h.update(self.versions[v]);
    }

    /// A table page's rows, by the digests in version `v` of the items on page `page`, and
    /// what the version's table pages share.
    fn table_page(&self, h: &mut Sha256, v: usize, page: usize) {
        let tables = &self.tables[v];
        h.update(tables.shape);
        let (issued, cancelled) = tables.rows.split_at(tables.issued);
        let (on_issued, on_cancelled) = rows_on_page(issued.len(), cancelled.len(), page);
        let digests = &self.content.versions[v].item_digests;
        for &i in issued[on_issued].iter().chain(&cancelled[on_cancelled]) {
            h.update(digests[i]);
        }
    }

    /// Page `page` of version `v`'s comparison with the current one: its changes' items, as
    /// their item pages take them, and the id a rename brings each from.
    fn compare_page(&self, h: &mut Sha256, v: usize, page: usize) {
        let compare = &self.compare[v];
        h.update(compare.shape);
        let on_page = (compare.changes.iter())
            .skip((page - 1) * CHANGES_PER_PAGE)
            .take(CHANGES_PER_PAGE);
        for change in on_page {
            self.item(h, &change.id);
            if let Presence::Renamed { from } = &change.presence {
                self.item(h, from);
            }
        }
    }

    /// An item page's rows: its id's, its successor's and those of the ids its events name.
    fn item(&self, h: &mut Sha256, id: &str) {
        let mut row = |id: &str| {
            field(h, id.as_bytes());
            h.update(self.rows.get(id).copied().unwrap_or_default());
        };
        row(id);
        let Some(item) = self.history.items.get(id) else {
            return;
        };
        if let Some(s) = &item.successor {
            row(s);
        }
        for &(v, n) in &item.events {
            let change = &self.history.versions[v].changes[n];
            row(&change.id);
            if let Presence::Renamed { from } = &change.presence {
                row(from);
            }
        }
    }
}

/// What version `v`'s table pages share (`Tables`); `landscape` is whether its 公示版 is.
fn tables(content: &Content, v: usize, landscape: bool) -> Tables {
    let items = &content.versions[v].items;
    let (mut rows, cancelled): (Vec<usize>, Vec<usize>) = sorted_indices(content, v)
        .into_iter()
        .partition(|&i| items[i].status.value == Status::Issued);
    let issued = rows.len();
    rows.extend(cancelled);
    let mut shape = Sha256::new();
    shape.update([u8::from(landscape)]);
    shape.update((issued as u64).to_le_bytes());
    shape.update((rows.len() as u64).to_le_bytes());
    for &i in &rows {
        field(&mut shape, items[i].id.value.as_bytes());
    }
    Tables {
        shape: shape.finalize().into(),
        rows,
        issued,
    }
}

/// Each id's row: the digest of its item's text in every version, or nothing where the id is
/// not listed; and per version, a digest of its ids, each with its row up to that version
/// (what the history can say about the id by then).
fn rows(content: &Content) -> (HashMap<&str, [u8; 32]>, Vec<[u8; 32]>) {
    let mut rows: HashMap<&str, Sha256> = HashMap::new();
    let mut prefixes = Vec::with_capacity(content.versions.len());
    for (v, version) in content.versions.iter().enumerate() {
        let mut prefix = Sha256::new();
        prefix.update((version.items.len() as u64).to_le_bytes());
        for (item, digest) in version.items.iter().zip(&version.item_digests) {
            let id = item.id.value.as_str();
            let row = rows.entry(id).or_default();
            row.update((v as u64).to_le_bytes());
            row.update(digest);
            field(&mut prefix, id.as_bytes());
            prefix.update(row.clone().finalize());
        }
        prefixes.push(prefix.finalize().into());
    }
    let rows = rows.into_iter().map(|(id, h)| (id, h.finalize().into()));
    (rows.collect(), prefixes)
}

/// `bytes` with its length first, so that two fields never read as one.
fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}
