//! Each sectioned place's list as a plain `Content` (its versions full snapshots, its site
//! title naming the place), so that history, plan and render build its section as they build
//! the site, with where each version and item come from (`Section`) beside it.

use std::collections::HashSet;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::base::diagnostics::{Diagnostic, Pos};
use crate::model::places::inherit::{Inheritance, Inherited, Section, VersionSource};
use crate::model::{Content, LangMap, Text, Version};

/// One `Content` per place with a delta folder, parents before children.
pub(crate) fn sections(content: &Content) -> Vec<Content> {
    let Some(inheritance) = Inheritance::new(content) else {
        return Vec::new();
    };
    (inheritance.tree.order.iter().copied())
        .filter(|&p| inheritance.sectioned(p))
        .map(|p| section(&inheritance, p))
        .collect()
}

/// The folders of the places with a section (`places/<id>/`), in the site's order: where
/// their site maps are, for robots.txt.
pub(crate) fn sections_at(content: &Content) -> Vec<String> {
    let Some(inheritance) = Inheritance::new(content) else {
        return Vec::new();
    };
    (inheritance.tree.order.iter().copied())
        .filter(|&p| inheritance.sectioned(p))
        // A place canonical at its own home lists that portal's addresses, not this site's.
        .filter(|&p| inheritance.places.places[p].home.is_none())
        .map(|p| format!("places/{}/", inheritance.places.places[p].id.value))
        .collect()
}

/// What a version of a place's list says about itself: taken from the delta dated that day,
/// else from the list above on that day.
struct Meta {
    file: PathBuf,
    title: Text,
    document: Option<crate::model::Spanned<String>>,
    issued_by: Option<Text>,
    summary: Option<Text>,
    notes: Vec<(crate::model::Spanned<String>, Text)>,
    /// The top place's version's document and annexes, corrections and 施行日期, when the
    /// version is the top place's adjustment as inherited (a delta has none of these).
    attachments: Vec<crate::model::Attachment>,
    corrections: Vec<crate::model::Correction>,
    effective: Option<crate::model::Spanned<NaiveDate>>,
}

fn meta(inheritance: &Inheritance, place: usize, date: NaiveDate) -> Meta {
    let content = inheritance.content;
    if Some(place) == inheritance.tree.root {
        let v = &content.versions[inheritance.root_version_on(date).unwrap_or(0)];
        return Meta {
            file: v.file.clone(),
            title: v.title.clone(),
            document: v.document.clone(),
            issued_by: v.issued_by.clone(),
            summary: v.summary.clone(),
            notes: v.notes.clone(),
            attachments: v.attachments.clone(),
            corrections: v.corrections.clone(),
            effective: v.effective.clone(),
        };
    }
    let above = inheritance.list_owner_above(place).unwrap_or(place);
    let own = own_delta(inheritance, place, date);
    match own {
        Some(delta) => Meta {
            file: delta.file.clone(),
            title: (delta.title.clone()).unwrap_or_else(|| meta(inheritance, above, date).title),
            document: delta.document.clone(),
            issued_by: delta.issued_by.clone(),
            summary: delta.summary.clone(),
            notes: delta.notes.clone(),
            attachments: Vec::new(),
            corrections: Vec::new(),
            effective: None,
        },
        None => meta(inheritance, above, date),
    }
}

/// `place`'s delta file that takes effect on `date` (one dated before the top place's first
/// version takes effect with it).
fn own_delta<'c>(
    inheritance: &Inheritance<'c>,
    place: usize,
    date: NaiveDate,
) -> Option<&'c crate::model::places::PlaceDelta> {
    let first = inheritance.content.versions.first()?.date.value;
    (inheritance.deltas[place].iter())
        .rev()
        .find(|d| d.date.value.max(first) == date)
}

/// The section of the place `id` as a site of its own (`build --place ID`), or why not.
pub(crate) fn standalone(content: &Content, id: &str) -> Result<Content, Diagnostic> {
    let sections = sections(content);
    let found = sections.into_iter().find(|s| {
        let place = s.section.as_ref().map(|s| s.place);
        let places = content.places.as_ref();
        place.and_then(|p| places.map(|ps| ps.places[p].id.value == id)) == Some(true)
    });
    let Some(mut section) = found else {
        let ids: Vec<&str> = (content.places.iter())
            .flat_map(|p| p.deltas.iter().map(|d| d.id.as_str()))
            .collect();
        let listed = ids.join("、");
        let listed_en = ids.join(", ");
        return Err(Diagnostic::error(
            &content.root.join("places").join(id),
            None,
            crate::base::codes::Code::NoSuchSection,
            crate::msg!(
                "`--place {id}` 不是有调整文件夹（`places/{id}/`）的地点，无法单独生成",
                "`--place {id}` is not a place with a delta folder (`places/{id}/`) to build on its own"
            ),
        )
        .help(crate::msg!(
            "写有调整文件夹的地点的 id：{listed}",
            "name a place with a delta folder: {listed_en}"
        )));
    };
    let place = section.section.as_ref().map(|s| s.place);
    let here = place.and_then(|p| content.places.as_ref().map(|ps| &ps.places[p]));
    if let Some(s) = section.section.as_mut() {
        s.prefix.clear();
        s.whole_site = Some(content.site.base_url.value.clone());
    }
    // Built on its own, the section is the place's own portal: the footer shows that portal's
    // identifiers when places.yaml gives them (the whole site's would name another site).
    if let Some(footer) = here.and_then(|p| p.footer.clone()) {
        section.site.footer = footer;
    }
    Ok(section)
}

fn section(inheritance: &Inheritance, place: usize) -> Content {
    let content = inheritance.content;
    let places = inheritance.places;
    let above = inheritance.list_owner_above(place).unwrap_or(place);
    let above_dates: HashSet<NaiveDate> = inheritance.change_dates(above).into_iter().collect();
    let mut versions = Vec::new();
    let mut sources = Vec::new();
    let mut ended_before: HashSet<(usize, String)> = HashSet::new();
    for date in inheritance.change_dates(place) {
        let Some(list) = inheritance.list_on(place, date) else {
            continue;
        };
        let own = own_delta(inheritance, place, date).is_some();
        let inherited = above_dates.contains(&date).then(|| Inherited {
            from: above,
            date,
            document: meta(inheritance, above, date).document.map(|d| d.value),
        });
        let mut m = meta(inheritance, place, date);
        // An adjustment ends when the list above drops its item: said once, on that date.
        let ended: Vec<_> = (list.dropped.iter())
            .filter(|d| !ended_before.contains(&(d.place, d.id.clone())))
            .filter(|_| !versions.is_empty())
            .cloned()
            .collect();
        ended_before.extend(list.dropped.iter().map(|d| (d.place, d.id.clone())));
        for d in &ended {
            if m.notes.iter().all(|(id, _)| id.value != d.id) {
                m.notes.push((
                    crate::model::Spanned {
                        value: d.id.clone(),
                        pos: Pos::new(1, 1),
                    },
                    ended_note(content, &places.places[d.place].name),
                ));
            }
        }
        let items_source = (list.items.iter())
            .map(|l| (l.item.id.value.clone(), l.source.clone()))
            .collect();
        versions.push(std::sync::Arc::new(Version {
            file: m.file,
            file_date: Some(date),
            date: crate::model::Spanned {
                value: date,
                pos: Pos::new(1, 1),
            },
            title: m.title,
            document: m.document,
            issued_by: m.issued_by,
            summary: m.summary,
            notes: m.notes,
            effective: m.effective,
            corrections: m.corrections,
            attachments: m.attachments,
            items: list.items.into_iter().map(|l| l.item).collect(),
            complete: true,
            // Derived items have no text of their own; a section is never kept from a cache.
            item_digests: Vec::new(),
        }));
        sources.push(VersionSource {
            inherited,
            own,
            items: items_source,
            excluded: list.excluded,
            ended,
        });
    }
    let mut site = content.site.clone();
    site.title = titled(content, &places.places[place].name);
    // A place that names its own portal's address (`home`) is canonical there: every absolute
    // address of its section, inside the whole site too, starts with it.
    let own_home = places.places[place].home.as_ref();
    if let Some(home) = own_home {
        site.base_url = home.clone();
    }
    // The other lists are the whole site's (`lists/`), published once, not per section.
    site.lists.clear();
    // A resident of the place asks the place: its phone and address, where places.yaml gives
    // them, are what the section's pages give to call and visit (the verdict's 咨询电话, the
    // contact block), instead of the top place's department.
    let here = &places.places[place];
    if let Some(phone) = &here.phone {
        site.contact.phone = Some(phone.value.clone());
        site.contact.department = None;
        site.contact.person = None;
        site.contact.address = here.address.clone();
    }
    Content {
        root: content.root.clone(),
        site,
        versions,
        policies: Vec::new(),
        places: content.places.clone(),
        lists: Vec::new(),
        damage: Default::default(),
        section: Some(Section {
            place,
            prefix: format!("places/{}/", places.places[place].id.value),
            home: match own_home {
                Some(_) => String::new(),
                None => format!("places/{}/", places.places[place].id.value),
            },
            whole_site: None,
            versions: sources,
        }),
    }
}

/// A text in each of the site's languages: Chinese for `zh…` codes, English for the rest.
fn each_language(content: &Content, text: impl Fn(bool) -> String) -> Text {
    let mut values = LangMap::default();
    for language in &content.site.languages {
        values.insert(&language.code, text(language.code.starts_with("zh")));
    }
    Text {
        values,
        pos: Pos::new(1, 1),
    }
}

/// The site's title with the place's name after it.
fn titled(content: &Content, name: &Text) -> Text {
    let default = content.site.default_language();
    let mut values = LangMap::default();
    for language in &content.site.languages {
        let code = &language.code;
        let title = content.site.title.get_or(code, default);
        let name = name.get_or(code, default);
        let text = match code.starts_with("zh") {
            true => format!("{title}：{name}"),
            false => format!("{title}: {name}"),
        };
        values.insert(code, text);
    }
    Text {
        values,
        pos: Pos::new(1, 1),
    }
}

/// The note on the version where the list above drops an item the place adjusted.
fn ended_note(content: &Content, place: &Text) -> Text {
    let default = content.site.default_language();
    each_language(content, |zh| {
        let name = place.get_or(if zh { default } else { "en" }, default);
        match zh {
            true => format!("上级清单删去本事项，{name}对本事项的本地调整自同日终止。"),
            false => format!(
                "The list above drops this item; {name}'s local adjustment of it ends on the same day."
            ),
        }
    })
}

#[cfg(test)]
mod tests;
