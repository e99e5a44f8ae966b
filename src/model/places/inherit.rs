//! Inheritance: the list in force at a place on a date is its parent's list on that date
//! (recursively up to the top place's version in force), minus the place's exclusions, with
//! its overrides applied, plus its additions, all from the place's delta in force (its latest
//! delta file dated on or before the date).
//!
//! Here because both validation (which ids a delta may name) and derivation (each sectioned
//! place's versions, with where each item and each local fact comes from) need the same
//! answer; the walks go down a chain of ancestors at most five deep, never recursing.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{PlaceDelta, Places, Tree};
use crate::model::{Content, Item, Text};

/// One item of a place's list on a date, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The item as it applies at the place, local facts set.
    pub item: Item,
    pub source: ItemSource,
}

/// Where an item of a place's list comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemSource {
    /// The place whose list or `add` lists it (the top place for its `certificates/`).
    pub origin: usize,
    /// Each overridden field's key, with the place whose override sets it.
    pub overridden: Vec<(&'static str, usize)>,
}

/// An item of an ancestor's list that does not apply at a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excluded {
    pub item: Item,
    /// The place whose `exclude` says so.
    pub place: usize,
    pub reason: Text,
}

/// An item a place's delta in force excludes or overrides, which its parent's list no longer
/// has: the local adjustment has ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub place: usize,
    pub id: String,
}

/// A place's list on a date.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListOn {
    pub items: Vec<Listed>,
    pub excluded: Vec<Excluded>,
    pub dropped: Vec<Dropped>,
}

/// The places with what inheritance needs: the tree and each place's deltas.
pub(crate) struct Inheritance<'c> {
    pub(crate) content: &'c Content,
    pub(crate) places: &'c Places,
    pub(crate) tree: Tree,
    /// Each place's deltas (empty without a folder), oldest first.
    pub(crate) deltas: Vec<&'c [PlaceDelta]>,
    /// Which places have a folder in `places/`.
    pub(crate) has_folder: Vec<bool>,
}

impl<'c> Inheritance<'c> {
    /// `None` without places.yaml.
    pub(crate) fn new(content: &'c Content) -> Option<Inheritance<'c>> {
        let places = content.places.as_ref()?;
        let index = places.index();
        let n = places.places.len();
        let mut deltas: Vec<&[PlaceDelta]> = vec![&[]; n];
        let mut has_folder = vec![false; n];
        for folder in &places.deltas {
            if let Some(&i) = index.get(folder.id.as_str()) {
                deltas[i] = &folder.deltas;
                has_folder[i] = true;
            }
        }
        Some(Inheritance {
            content,
            places,
            tree: places.tree(),
            deltas,
            has_folder,
        })
    }

    /// Whether `place` gets a section of its own: it has a delta folder and is not the top
    /// place (whose list is the site's).
    pub(crate) fn sectioned(&self, place: usize) -> bool {
        self.has_folder[place] && Some(place) != self.tree.root && self.reachable(place)
    }

    fn reachable(&self, place: usize) -> bool {
        let chain = self.tree.ancestors(place);
        chain.first().map_or(Some(place), |&a| Some(a)) == self.tree.root
    }

    /// The nearest ancestor of `place` with a section, else the top place.
    pub(crate) fn list_owner_above(&self, place: usize) -> Option<usize> {
        let chain = self.tree.ancestors(place);
        (chain.iter().rev().copied())
            .find(|&a| self.sectioned(a))
            .or(self.tree.root)
    }

    /// The top place's version in force on `date`.
    pub(crate) fn root_version_on(&self, date: NaiveDate) -> Option<usize> {
        let versions = &self.content.versions;
        versions.iter().rposition(|v| v.date.value <= date)
    }

    /// `place`'s delta in force on `date`.
    pub(crate) fn delta_on(&self, place: usize, date: NaiveDate) -> Option<&'c PlaceDelta> {
        self.deltas[place]
            .iter()
            .rev()
            .find(|d| d.date.value <= date)
    }

    /// The dates on which `place`'s list can change, from the top place's first version on:
    /// those of its nearest sectioned ancestor (the top place's versions when none) and its own
    /// delta dates.
    pub(crate) fn change_dates(&self, place: usize) -> Vec<NaiveDate> {
        let root_dates = || self.content.versions.iter().map(|v| v.date.value);
        let Some(first) = root_dates().next() else {
            return Vec::new();
        };
        // Down the chain from the top: each sectioned place adds its own dates.
        let mut chain = self.tree.ancestors(place);
        chain.push(place);
        let mut dates: Vec<NaiveDate> = root_dates().collect();
        for &p in &chain {
            if self.sectioned(p) {
                dates.extend(self.deltas[p].iter().map(|d| d.date.value.max(first)));
            }
        }
        dates.sort();
        dates.dedup();
        dates
    }

    /// `place`'s list on `date`; `None` before the top place's first version, or for a place
    /// not under the top place.
    pub(crate) fn list_on(&self, place: usize, date: NaiveDate) -> Option<ListOn> {
        let mut chain = self.tree.ancestors(place);
        chain.push(place);
        let root = *chain.first()?;
        if Some(root) != self.tree.root {
            return None;
        }
        let version = &self.content.versions[self.root_version_on(date)?];
        let mut list = ListOn {
            items: (version.items.iter())
                .map(|item| Listed {
                    item: item.clone(),
                    source: ItemSource {
                        origin: root,
                        overridden: Vec::new(),
                    },
                })
                .collect(),
            ..ListOn::default()
        };
        for &p in &chain[1..] {
            if let Some(delta) = self.delta_on(p, date) {
                apply(&mut list, p, delta);
            }
        }
        Some(list)
    }
}

/// `delta` of `place` applied to its parent's `list`.
fn apply(list: &mut ListOn, place: usize, delta: &PlaceDelta) {
    let position: HashMap<String, usize> = (list.items.iter().enumerate())
        .map(|(n, l)| (l.item.id.value.clone(), n))
        .collect();
    let mut gone = vec![false; list.items.len()];
    let mut dropped = Vec::new();
    for exclusion in &delta.exclude {
        match position.get(exclusion.id.value.as_str()) {
            Some(&n) if !gone[n] => {
                gone[n] = true;
                list.excluded.push(Excluded {
                    item: list.items[n].item.clone(),
                    place,
                    reason: exclusion.reason.clone(),
                });
            }
            Some(_) => {}
            None => dropped.push(exclusion.id.value.clone()),
        }
    }
    for o in &delta.overrides {
        match position.get(o.id.value.as_str()) {
            Some(&n) => {
                let listed = &mut list.items[n];
                for key in o.apply(&mut listed.item) {
                    listed.source.overridden.retain(|(k, _)| *k != key);
                    listed.source.overridden.push((key, place));
                }
            }
            None => dropped.push(o.id.value.clone()),
        }
    }
    let mut n = 0;
    list.items.retain(|_| {
        n += 1;
        !gone[n - 1]
    });
    list.items.extend(delta.add.iter().map(|item| Listed {
        item: item.clone(),
        source: ItemSource {
            origin: place,
            overridden: Vec::new(),
        },
    }));
    dropped.dedup();
    list.dropped
        .extend(dropped.into_iter().map(|id| Dropped { place, id }));
}

/// A sectioned place's history, beside the plain `Content` its section is built from (whose
/// versions are the place's lists as full snapshots): where each version and item come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The place, by its index in `Places::places`.
    pub place: usize,
    /// Where the section lives below each language's root: `places/<id>/`; empty when it is
    /// built as a site of its own (`build --place ID`).
    pub prefix: String,
    /// Where the section lives in the whole site, `places/<id>/`: its canonical address;
    /// empty when it is built on its own for a place that names its own `home` (which is then
    /// the site's `base_url`).
    pub home: String,
    /// The whole site's `base_url`, when the section is built as a site of its own: links to
    /// the whole site's pages (the place picker) start with it.
    pub whole_site: Option<String>,
    /// By version, as the section's `Content::versions`.
    pub versions: Vec<VersionSource>,
}

/// Why a sectioned place's list has a version on its date.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VersionSource {
    /// The list above changed on this date.
    pub inherited: Option<Inherited>,
    /// The place's own delta file is dated this day.
    pub own: bool,
    /// Each item's source, by item id.
    pub items: HashMap<String, ItemSource>,
    /// Items of the list above that do not apply here.
    pub excluded: Vec<Excluded>,
    /// Local adjustments that end on this date, because the list above dropped their item.
    pub ended: Vec<Dropped>,
}

/// An adjustment of the list above, as a sectioned place inherits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inherited {
    /// The place whose list changed: the nearest sectioned ancestor, else the top place.
    pub from: usize,
    pub date: NaiveDate,
    /// Its document number (文号), if its version names one.
    pub document: Option<String>,
}
