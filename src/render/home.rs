//! The home page: the latest version's summary, its items by category (or only counts, linked
//! into the full list, when there are too many) and the policy documents.

use std::collections::BTreeMap;

use serde::Serialize;

use super::item_list::Group;
use super::links::Link;
use super::renderer::Renderer;
use super::versions::VersionSummary;
use crate::content::{Item, Status};
use crate::plan::{PageKind, PER_PAGE};

/// Above this many current items, the home page lists categories with counts instead of every
/// item (the full list is on the paginated version pages).
pub const HOME_FULL_LIST_LIMIT: usize = 400;

#[derive(Serialize)]
pub(super) struct HomeView<'a> {
    latest: VersionSummary<'a>,
    issued: Vec<Group<'a>>,
    cancelled: Vec<Group<'a>>,
    issued_count: usize,
    cancelled_count: usize,
    policies: Vec<Link>,
    full_list: bool,
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
            // Too many to list: keep the counts, link each category to where it starts in the
            // paginated full list.
            let positions: BTreeMap<&str, usize> = items
                .iter()
                .enumerate()
                .rev()
                .map(|(i, item)| (item.category.value.as_str(), i))
                .collect();
            for g in issued_groups.iter_mut().chain(cancelled_groups.iter_mut()) {
                let page = positions.get(g.id).map_or(1, |p| p / PER_PAGE + 1);
                let pages = crate::plan::page_count(items.len(), PER_PAGE);
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
        let policies = self
            .content
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
            .collect();
        HomeView {
            latest: self.version_summary(lang, dir, latest),
            issued_count: issued.len(),
            cancelled_count: cancelled.len(),
            issued: issued_groups,
            cancelled: cancelled_groups,
            policies,
            full_list,
        }
    }
}
