//! The home page: the latest version's summary, its items by category (or only counts, linked
//! into the full list, when there are too many) and the policy documents.

use std::collections::BTreeMap;

use serde::Serialize;

use super::item_list::Group;
use super::links::Link;
use super::renderer::Renderer;
use super::versions::VersionSummary;
use crate::derive::plan::{PageKind, PER_PAGE};
use crate::model::{Item, Status};

/// Above this many current items, the home page lists categories with counts instead of every
/// item (the full list is on the paginated version pages).
pub(crate) const HOME_FULL_LIST_LIMIT: usize = 400;

#[derive(Serialize)]
pub(super) struct HomeView<'a> {
    latest: VersionSummary<'a>,
    issued: Vec<Group<'a>>,
    cancelled: Vec<Group<'a>>,
    issued_count: usize,
    cancelled_count: usize,
    policies: Vec<Link>,
    full_list: bool,
    /// The current list's numbered tables and their 公示版.
    table_href: String,
    notice_href: String,
    /// site.yaml `search.not_on_list`: the rule a search that finds nothing shows.
    not_on_list: Option<super::loc::L<'a>>,
    /// The index of words, the search without JavaScript; empty when the home page does not
    /// list every item (the page would grow with the list).
    words: Vec<super::word_index::WordGroup>,
    /// The place picker, when the content has places.
    places_href: Option<String>,
    /// The other lists (`lists/`), when the site declares any.
    lists_href: Option<String>,
    /// On a place's section home: the place, as its page showed it.
    place: Option<super::places::SectionPlace<'a>>,
}

impl<'a> Renderer<'a> {
    pub(super) fn home(&self, lang: usize, dir: &str) -> HomeView<'a> {
        let latest = self.content.versions.len() - 1;
        let items = &self.sorted[latest];
        let (issued, cancelled): (Vec<&Item>, Vec<&Item>) =
            items.iter().partition(|i| i.status.value == Status::Issued);
        let full_list = items.len() <= HOME_FULL_LIST_LIMIT;
        // Too many to list on the home page: only the counts are shown, so no links are made
        // (a province's home page would otherwise make and drop ten thousand).
        let mut issued_groups = self.groups(lang, dir, &issued, false, full_list);
        let mut cancelled_groups = self.groups(lang, dir, &cancelled, true, full_list);
        if !full_list {
            let groups = issued_groups.iter_mut().chain(cancelled_groups.iter_mut());
            self.link_into_full_list(lang, dir, groups);
        }
        let policies = self.policy_links(lang, dir);
        HomeView {
            place: self.section_place(lang, dir),
            latest: self.version_summary(lang, dir, latest),
            issued_count: issued.len(),
            cancelled_count: cancelled.len(),
            issued: issued_groups,
            cancelled: cancelled_groups,
            policies,
            full_list,
            table_href: self.href(dir, lang, &PageKind::table(latest, true, false)),
            notice_href: self.href(dir, lang, &PageKind::table(latest, true, true)),
            not_on_list: self.loc(lang).opt(&self.content.site.search.not_on_list),
            words: if full_list {
                self.word_index(lang, dir)
            } else {
                Vec::new()
            },
            places_href: self.places_href(lang, dir),
            lists_href: self.lists_href(lang, dir),
        }
    }

    /// For a home page with too many items to list: keeps the counts and links each category
    /// to where it starts in the paginated full list.
    fn link_into_full_list<'g>(
        &self,
        lang: usize,
        dir: &str,
        groups: impl Iterator<Item = &'g mut Group<'a>>,
    ) where
        'a: 'g,
    {
        let latest = self.content.versions.len() - 1;
        let items = &self.sorted[latest];
        let positions: BTreeMap<&str, usize> = items
            .iter()
            .enumerate()
            .rev()
            .map(|(i, item)| (item.category.value.as_str(), i))
            .collect();
        for g in groups {
            let page = positions.get(g.id).map_or(1, |p| p / PER_PAGE + 1);
            let pages = crate::derive::plan::page_count(items.len(), PER_PAGE);
            g.more = Some(format!(
                "{}#cat-{}",
                self.href(
                    dir,
                    lang,
                    &PageKind::Version {
                        version: latest,
                        page,
                        pages
                    }
                ),
                g.id
            ));
        }
    }

    /// Each policy document, titled in the page's language or else the default one.
    pub(super) fn policy_links(&self, lang: usize, dir: &str) -> Vec<Link> {
        self.content
            .policies
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let lang_code = &self.plan.languages[lang];
                let doc = p
                    .docs
                    .get(lang_code)
                    .or_else(|| p.docs.get(&self.plan.languages[0]))
                    .expect("validated: default language present");
                Link {
                    href: self.href(dir, lang, &PageKind::Policy(i)),
                    label: doc.title.clone(),
                }
            })
            .collect()
    }
}
