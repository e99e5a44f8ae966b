//! Where a place's section's list comes from, in the section's open data (`places/<id>/data/`):
//! each version says whether it follows the list above (whose, of which level, on which date,
//! under which 文号) and/or is the place's own adjustment, and which items of the list above do
//! not apply there; each item says whose list it is on and whose rule each local fact is.
//!
//! The pages say the same in words (`emit::html::provenance`); systems that read the data need
//! it as ids. Only a section has these members: the top place's list is the site's, and its
//! files stay exactly as they are without places.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::places::inherit::VersionSource;
use crate::model::{Content, LangMap};

/// A version's provenance (`provenance` of a version file and of a version in changes.json).
#[derive(Serialize)]
pub(super) struct VersionProvenanceJson<'a> {
    /// The list above changed on this date: the place that changed it and its adjustment.
    #[serde(skip_serializing_if = "Option::is_none")]
    follows: Option<FollowsJson<'a>>,
    /// The place's own delta file is dated this day.
    #[serde(skip_serializing_if = "Option::is_none")]
    own: Option<OwnJson<'a>>,
    /// Items of the list above that do not apply at the place.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    excluded: Vec<ExcludedJson<'a>>,
}

#[derive(Serialize)]
struct FollowsJson<'a> {
    place: &'a str,
    level: &'static str,
    date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<&'a str>,
}

#[derive(Serialize)]
struct OwnJson<'a> {
    place: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<&'a str>,
}

#[derive(Serialize)]
struct ExcludedJson<'a> {
    id: &'a str,
    /// The place whose `exclude` says so.
    place: &'a str,
    reason: &'a LangMap,
}

/// An item's provenance (`provenance` of an item in a section's version files).
#[derive(Serialize, PartialEq)]
pub(super) struct ItemProvenanceJson<'a> {
    /// The place whose list has the item: the top place for its `certificates/`, else the
    /// place whose delta adds it.
    listed_by: &'a str,
    /// Each field a place sets for itself (`override`), with that place's id; sorted by field.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    local_rules: BTreeMap<&'static str, &'a str>,
}

fn source(content: &Content, v: usize) -> Option<&VersionSource> {
    content.section.as_ref()?.versions.get(v)
}

fn place_id(content: &Content, place: usize) -> &str {
    let places = content.places.as_ref().expect("a section has places");
    &places.places[place].id.value
}

/// Version `v`'s provenance; `None` outside a place's section.
pub(super) fn version(content: &Content, v: usize) -> Option<VersionProvenanceJson<'_>> {
    let source = source(content, v)?;
    let section = content.section.as_ref()?;
    let places = content.places.as_ref()?;
    let follows = source.inherited.as_ref().map(|i| FollowsJson {
        place: place_id(content, i.from),
        level: places.places[i.from].level.value.as_str(),
        date: i.date.to_string(),
        document: i.document.as_deref(),
    });
    // A version that is not the place's own adjustment carries the list above's 文号 as its
    // `document`; the place's own is the version's only when its delta is dated this day.
    let own = source.own.then(|| OwnJson {
        place: place_id(content, section.place),
        document: (content.versions[v].document.as_ref()).map(|d| d.value.as_str()),
    });
    let excluded = (source.excluded.iter())
        .map(|e| ExcludedJson {
            id: &e.item.id.value,
            place: place_id(content, e.place),
            reason: &e.reason.values,
        })
        .collect();
    Some(VersionProvenanceJson {
        follows,
        own,
        excluded,
    })
}

/// Item `id`'s provenance in version `v`; `None` outside a place's section.
pub(super) fn item<'a>(content: &'a Content, v: usize, id: &str) -> Option<ItemProvenanceJson<'a>> {
    let item = source(content, v)?.items.get(id)?;
    Some(ItemProvenanceJson {
        listed_by: place_id(content, item.origin),
        local_rules: (item.overridden.iter())
            .map(|&(key, place)| (key, place_id(content, place)))
            .collect(),
    })
}
