//! Where a place's list comes from, as its section's pages say it: a changelog entry that
//! follows the list above ("随市级清单2024年3月15日调整", with that list's 文号), the place's own
//! adjustment, or both; on an item page, whose list the item is on and whose rule each local
//! fact is; on the section's home, the items of the list above that do not apply there.

use serde::Serialize;

use super::loc::L;
use super::renderer::Renderer;
use crate::derive::history::Field;
use crate::model::places::inherit::{Section, VersionSource};
use crate::model::places::Level;

/// A changelog entry's provenance.
#[derive(Serialize)]
pub(super) struct VersionProvenance<'a> {
    /// "随市级清单2024年3月15日调整", when the list above changed on this date.
    inherited: Option<String>,
    /// The 文号 of the list above's adjustment.
    inherited_document: Option<&'a str>,
    /// The place's own delta is dated this day.
    own: bool,
    /// Its 文号, if it names one.
    own_document: Option<&'a str>,
}

/// An item page's provenance.
#[derive(Serialize)]
pub(super) struct ItemProvenance {
    /// "本事项列入淮南市出具证明事项清单" or "本事项为谢家集区增列".
    origin: String,
    /// Each local fact: its field's name and whose rule it is ("办理地点（谢家集区规定）").
    local: Vec<String>,
    /// Whose rule each local fact is, by field key ("（谢家集区规定）"), shown beside it.
    rules: std::collections::BTreeMap<&'static str, String>,
}

/// An item of the list above that does not apply at the place.
#[derive(Serialize)]
pub(super) struct ExcludedView<'a> {
    name: L<'a>,
    /// Its page in the section, when the place ever listed it.
    href: Option<String>,
    reason: L<'a>,
}

impl<'a> Renderer<'a> {
    fn section(&self) -> Option<&'a Section> {
        self.content.section.as_ref()
    }

    fn place_name(&self, lang: usize, place: usize) -> &'a str {
        let places = self.content.places.as_ref().expect("a section has places");
        let default = self.content.site.default_language();
        (places.places[place].name).get_or(&self.plan.languages[lang], default)
    }

    fn level_word(&self, lang: usize, place: usize) -> &str {
        let places = self.content.places.as_ref().expect("a section has places");
        let key = match places.places[place].level.value {
            Level::Province => "provenance_level_province",
            Level::City => "provenance_level_city",
            Level::District => "provenance_level_district",
            Level::Township => "provenance_level_township",
            Level::Community => "provenance_level_community",
        };
        self.ui_str(lang, key)
    }

    /// Version `v`'s provenance, in a place's section.
    pub(super) fn version_provenance(
        &self,
        lang: usize,
        v: usize,
    ) -> Option<VersionProvenance<'a>> {
        let source: &'a VersionSource = self.section()?.versions.get(v)?;
        let own_document = (self.content.versions[v].document.as_ref())
            .filter(|_| source.own)
            .map(|d| d.value.as_str());
        let inherited = source.inherited.as_ref().map(|i| {
            let date = crate::emit::dates::long(&self.plan.languages[lang], i.date);
            (self.ui_str(lang, "provenance_inherited"))
                .replace("{level}", self.level_word(lang, i.from))
                .replace("{date}", &date)
        });
        Some(VersionProvenance {
            inherited,
            inherited_document: (source.inherited.as_ref()).and_then(|i| i.document.as_deref()),
            own: source.own,
            own_document,
        })
    }

    /// On an item's timeline in a place's section, what an event of version `v` says of where
    /// it came from: "随市级清单调整" when the list above changed that day and the place's own
    /// rules did not (on a day both changed, the event may be either's, and the changelog
    /// entry of that day says which adjustments it holds).
    pub(super) fn inherited_event(&self, lang: usize, v: usize) -> Option<String> {
        let source = self.section()?.versions.get(v)?;
        let inherited = source.inherited.as_ref().filter(|_| !source.own)?;
        Some(
            (self.ui_str(lang, "provenance_event_inherited"))
                .replace("{level}", self.level_word(lang, inherited.from)),
        )
    }

    /// Item `id`'s provenance in version `v` of a place's section.
    pub(super) fn item_provenance(
        &self,
        lang: usize,
        v: usize,
        id: &str,
    ) -> Option<ItemProvenance> {
        let section = self.section()?;
        let source = section.versions.get(v)?.items.get(id)?;
        let places = self.content.places.as_ref()?;
        let root = places.places.iter().position(|p| p.parent.is_none());
        let origin = match Some(source.origin) == root {
            true => self
                .ui_str(lang, "provenance_item_listed")
                .replace("{place}", self.place_name(lang, source.origin)),
            false => self
                .ui_str(lang, "provenance_item_added")
                .replace("{place}", self.place_name(lang, source.origin)),
        };
        let rule = |place: usize| {
            (self.ui_str(lang, "provenance_local_rule"))
                .replace("{place}", self.place_name(lang, place))
        };
        let local = (source.overridden.iter())
            .map(|&(key, place)| {
                let label = (Field::ALL.iter())
                    .find(|f| f.label_key() == format!("field_{key}"))
                    .map_or(key, |&f| self.field_label(lang, f));
                format!("{label}{}", rule(place))
            })
            .collect();
        let rules = (source.overridden.iter())
            .map(|&(key, place)| (key, rule(place)))
            .collect();
        Some(ItemProvenance {
            origin,
            local,
            rules,
        })
    }

    /// The items of the list above that do not apply at the place in version `v`.
    pub(super) fn excluded_items(&self, lang: usize, dir: &str, v: usize) -> Vec<ExcludedView<'a>> {
        let Some(source) = self.section().and_then(|s| s.versions.get(v)) else {
            return Vec::new();
        };
        let loc = self.loc(lang);
        (source.excluded.iter())
            .map(|e| ExcludedView {
                name: loc.text(&e.item.name),
                href: (self.history.items.contains_key(e.item.id.value.as_str()))
                    .then(|| self.item_href(dir, lang, &e.item.id.value)),
                reason: loc.text(&e.reason),
            })
            .collect()
    }
}
