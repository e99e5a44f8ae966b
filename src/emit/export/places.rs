//! `data/places.json`: every place of places.yaml with its fields, parents before children,
//! for systems that map the list to the places it applies in. Written only when the content
//! has places; language-independent and byte-identical on every rebuild, as the other files.

use serde::Serialize;

use crate::derive::plan::push_place_dir;
use crate::model::{Content, LangMap};

/// Path of the places file.
pub(in crate::emit) const PLACES_JSON: &str = "data/places.json";

#[derive(Serialize)]
struct PlacesJson<'a> {
    place_count: usize,
    places: Vec<PlaceJson<'a>>,
}

#[derive(Serialize)]
struct PlaceJson<'a> {
    id: &'a str,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
    level: &'static str,
    name: &'a LangMap,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<&'a LangMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hours: Option<&'a LangMap>,
    /// The place whose list applies here: the place itself when it has a section (its own
    /// list, `places/<id>/data/`), else its nearest ancestor with one, else the top place.
    list_from: &'a str,
}

/// The file's bytes; `None` without places.
pub(super) fn places_json(content: &Content) -> Option<Vec<u8>> {
    let places = content.places.as_ref().filter(|p| !p.places.is_empty())?;
    let tree = places.tree();
    let list = &places.places;
    let inheritance = crate::model::places::inherit::Inheritance::new(content)?;
    let owner = |i: usize| match inheritance.sectioned(i) {
        true => Some(i),
        false => inheritance.list_owner_above(i),
    };
    let base = &content.site.base_url.value;
    let entries: Vec<PlaceJson> = (tree.order.iter())
        .map(|&i| {
            let place = &list[i];
            let mut url = base.clone();
            push_place_dir(&mut url, &place.id.value);
            PlaceJson {
                id: &place.id.value,
                url,
                parent: place.parent.as_ref().map(|p| p.value.as_str()),
                level: place.level.value.as_str(),
                name: &place.name.values,
                code: place.code.as_ref().map(|c| c.value.as_str()),
                address: place.address.as_ref().map(|t| &t.values),
                phone: place.phone.as_ref().map(|p| p.value.as_str()),
                hours: place.hours.as_ref().map(|t| &t.values),
                list_from: owner(i).map_or(&place.id.value, |o| &list[o].id.value),
            }
        })
        .collect();
    Some(super::json(
        &PlacesJson {
            place_count: entries.len(),
            places: entries,
        },
        256 * (tree.order.len() + 1),
    ))
}
