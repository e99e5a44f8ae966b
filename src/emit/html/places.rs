//! The place pages: the picker (`places/`), every place of places.yaml as nested lists by
//! level, a plain list that works without JavaScript (the browser's find searches it), and a
//! page per place (`places/<id>/`): its name under its ancestors, its level, code and contact
//! facts, its children, and the list that applies there.
//!
//! "The list that applies" is the current version of the list of the place whose pages render
//! the page: the top place's, or, for a place under one with a section of its own
//! (`places/<id>/` folder), that section's. A place with a section has no page here: its
//! section's home (`SectionPlace`) shows its facts at its address.

use serde::Serialize;

use super::home::HOME_FULL_LIST_LIMIT;
use super::item_list::Group;
use super::loc::L;
use super::renderer::Renderer;
use super::versions::VersionSummary;
use crate::derive::plan::PageKind;
use crate::model::places::{Level, Place, Tree};
use crate::model::{Item, Status};

/// Above this many places, the picker leaves out villages and communities (each township's
/// page lists its own): a province's picker would otherwise be megabytes.
pub(super) const PICKER_FULL_LIMIT: usize = 2_000;

/// One place in the picker's nested lists. The lists are written flat, in tree order: after
/// an entry that `opens`, its children follow in a nested list, and `closes` says how many
/// nested lists end after it.
#[derive(Serialize)]
struct TreeEntry<'a> {
    href: String,
    name: L<'a>,
    /// The level's key (a class name) and its name in the page's language.
    level: &'static str,
    level_label: &'a str,
    opens: bool,
    closes: usize,
}

#[derive(Serialize)]
pub(super) struct PickerView<'a> {
    entries: Vec<TreeEntry<'a>>,
    /// Villages and communities are left out (there are too many places for one page).
    communities_omitted: bool,
    /// The places pages' style sheet, from the output root.
    css: &'a str,
}

#[derive(Serialize)]
struct PlaceLink<'a> {
    href: String,
    name: L<'a>,
    level_label: &'a str,
}

/// The list in force at a place, and whose it is.
#[derive(Serialize)]
struct ListThatApplies<'a> {
    /// The place whose list applies: the top place's, or the nearest sectioned ancestor's.
    from: L<'a>,
    latest: VersionSummary<'a>,
    home: String,
    table: String,
    /// The items by category, linked to their pages; not listed (`full_list` false) when
    /// there are more than the home page lists.
    full_list: bool,
    issued: Vec<Group<'a>>,
    cancelled: Vec<Group<'a>>,
    issued_count: usize,
    cancelled_count: usize,
}

/// A place's facts as its page shows them: its name under its ancestors, its level, code and
/// contact facts, and its own places.
#[derive(Serialize)]
struct PlaceFacts<'a> {
    name: L<'a>,
    level: &'static str,
    level_label: &'a str,
    /// The ancestors from the top place down, each linked.
    ancestors: Vec<PlaceLink<'a>>,
    code: Option<&'a str>,
    address: Option<L<'a>>,
    phone: Option<&'a str>,
    /// `tel:` URL: digits and `+` only.
    tel: Option<String>,
    hours: Option<L<'a>>,
    children: Vec<PlaceLink<'a>>,
    /// The place picker.
    picker: String,
}

#[derive(Serialize)]
pub(super) struct PlaceView<'a> {
    #[serde(flatten)]
    facts: PlaceFacts<'a>,
    list: ListThatApplies<'a>,
    css: &'a str,
}

/// A sectioned place's facts on its section's home, which has its place page's address: as
/// the place page shows them, the list being the section's own.
#[derive(Serialize)]
pub(super) struct SectionPlace<'a> {
    #[serde(flatten)]
    facts: PlaceFacts<'a>,
    /// The items of the list above that do not apply here, with the reason.
    excluded: Vec<super::provenance::ExcludedView<'a>>,
    /// The place pages' style sheet: the breadcrumb, the levels and the excluded items are
    /// styled as on a place page, without adding to every page's style sheet.
    css: String,
}

impl<'a> Renderer<'a> {
    /// On a place's section home: the place's facts, its places, and what does not apply.
    pub(super) fn section_place(&self, lang: usize, dir: &str) -> Option<SectionPlace<'a>> {
        let i = self.content.section.as_ref()?.place;
        let latest = self.content.versions.len().checked_sub(1)?;
        Some(SectionPlace {
            facts: self.place_facts(lang, dir, i),
            excluded: self.excluded_items(lang, dir, latest),
            css: self.assets.places_css.clone(),
        })
    }

    fn places(&self) -> (&'a [Place], &Tree) {
        let places = self
            .content
            .places
            .as_ref()
            .expect("planned from places.yaml");
        (&places.places, &self.place_tree)
    }

    /// The place picker, linked from the home page and the site map, when there are places.
    pub(super) fn places_href(&self, lang: usize, dir: &str) -> Option<String> {
        (self.place_tree.root.is_some()).then(|| self.href(dir, lang, &PageKind::Places))
    }

    fn level_label(&self, lang: usize, level: Level) -> &'a str {
        let key = match level {
            Level::Province => "place_level_province",
            Level::City => "place_level_city",
            Level::District => "place_level_district",
            Level::Township => "place_level_township",
            Level::Community => "place_level_community",
        };
        super::loc::ui_or_key(&self.strings[lang], key)
    }

    fn place_link(&self, lang: usize, dir: &str, i: usize) -> PlaceLink<'a> {
        let (list, _) = self.places();
        PlaceLink {
            href: self.href(dir, lang, &PageKind::Place(i)),
            name: self.loc(lang).text(&list[i].name),
            level_label: self.level_label(lang, list[i].level.value),
        }
    }

    pub(super) fn picker_page(&self, lang: usize, dir: &str) -> PickerView<'_> {
        let (list, tree) = self.places();
        let omit = tree.order.len() > PICKER_FULL_LIMIT;
        let shown: Vec<(usize, usize)> = (tree.order.iter())
            .filter(|&&i| !omit || list[i].level.value != Level::Community)
            .map(|&i| (i, tree.depth(i)))
            .collect();
        let loc = self.loc(lang);
        let entries = (shown.iter().enumerate())
            .map(|(n, &(i, depth))| {
                let next = shown.get(n + 1).map_or(0, |&(_, d)| d);
                TreeEntry {
                    href: self.href(dir, lang, &PageKind::Place(i)),
                    name: loc.text(&list[i].name),
                    level: list[i].level.value.as_str(),
                    level_label: self.level_label(lang, list[i].level.value),
                    opens: next > depth,
                    closes: depth.saturating_sub(next),
                }
            })
            .collect();
        PickerView {
            entries,
            communities_omitted: omit,
            css: &self.assets.places_css,
        }
    }

    pub(super) fn place_page(&self, lang: usize, dir: &str, i: usize) -> PlaceView<'_> {
        let root = self.place_tree.root.unwrap_or(i);
        PlaceView {
            facts: self.place_facts(lang, dir, i),
            // The list of the section that renders the page (a place without a list of its
            // own shows its nearest ancestor's with one), else the top place's.
            list: self.list_that_applies(
                lang,
                dir,
                (self.content.section.as_ref()).map_or(root, |s| s.place),
            ),
            css: &self.assets.places_css,
        }
    }

    /// Place `i`'s facts, for its page and for its section's home alike.
    fn place_facts(&self, lang: usize, dir: &str, i: usize) -> PlaceFacts<'a> {
        let (list, tree) = self.places();
        let place = &list[i];
        let loc = self.loc(lang);
        PlaceFacts {
            name: loc.text(&place.name),
            level: place.level.value.as_str(),
            level_label: self.level_label(lang, place.level.value),
            ancestors: (tree.ancestors(i).into_iter())
                .map(|a| self.place_link(lang, dir, a))
                .collect(),
            code: place.code.as_ref().map(|c| c.value.as_str()),
            address: loc.opt(&place.address),
            phone: place.phone.as_ref().map(|p| p.value.as_str()),
            tel: place.phone.as_ref().map(|p| tel(&p.value)),
            hours: loc.opt(&place.hours),
            children: (tree.children[i].iter())
                .map(|&c| self.place_link(lang, dir, c))
                .collect(),
            picker: self.href(dir, lang, &PageKind::Places),
        }
    }

    /// The current list, as the place `from` publishes it.
    fn list_that_applies(&self, lang: usize, dir: &str, from: usize) -> ListThatApplies<'a> {
        let (list, _) = self.places();
        let latest = self.content.versions.len() - 1;
        let items = &self.sorted[latest];
        let (issued, cancelled): (Vec<&Item>, Vec<&Item>) =
            items.iter().partition(|i| i.status.value == Status::Issued);
        let full_list = items.len() <= HOME_FULL_LIST_LIMIT;
        let groups = |items: &[&'a Item]| match full_list {
            true => self.groups(lang, dir, items, false, true),
            false => Vec::new(),
        };
        ListThatApplies {
            from: self.loc(lang).text(&list[from].name),
            latest: self.version_summary(lang, dir, latest),
            home: self.href(dir, lang, &PageKind::Home),
            table: self.href(dir, lang, &PageKind::table(latest, true, false)),
            full_list,
            issued: groups(&issued),
            cancelled: groups(&cancelled),
            issued_count: issued.len(),
            cancelled_count: cancelled.len(),
        }
    }
}

/// A `tel:` URL's number: digits and `+` only.
fn tel(phone: &str) -> String {
    (phone.chars())
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect()
}
