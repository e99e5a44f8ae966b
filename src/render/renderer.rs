//! `Renderer`: what the pages of one build share, made once before any page starts (sorted
//! items, changes in section order, UI strings as template values) and the caches pages fill.

use std::sync::Mutex;

use tera::Tera;

use super::assets::Assets;
use super::cache::{Frames, InlineDiffs, Links};
use super::frame::LangValues;
use super::template_error;
use crate::content::{Content, FastMap, Item, Text};
use crate::export;
use crate::history::{Field, History, ItemChange};
use crate::plan::PagePlan;
use crate::theme::Strings;

pub(super) struct Renderer<'a> {
    pub(super) content: &'a Content,
    pub(super) history: &'a History,
    pub(super) plan: &'a PagePlan,
    pub(super) tera: Tera,
    /// Where the templates are, for their errors.
    pub(super) templates: template_error::Templates<'a>,
    pub(super) strings: &'a [Strings],
    /// `strings` as template values, made once: Tera shares a map value between the pages'
    /// contexts instead of serializing a few hundred strings for every page.
    pub(super) ui: Vec<tera::Value>,
    /// Each field's UI label (`field_<key>`) per language, by `Field as usize`: changelogs
    /// name a field hundreds of thousands of times.
    pub(super) field_labels: Vec<[&'a str; Field::ALL.len()]>,
    /// What the pages of one language share, as template values (indexed by language).
    pub(super) lang_values: Vec<LangValues>,
    /// Each version's items in display order (`sorted_items`), sorted once rather than for
    /// every page of the version.
    pub(super) sorted: Vec<Vec<&'a Item>>,
    /// Each version's changes, and the changes from each version to the latest, in section
    /// order (`by_section`): sorted once, not once per page of a changelog or comparison.
    pub(super) changes: Vec<Vec<&'a ItemChange>>,
    pub(super) to_current: Vec<Vec<&'a ItemChange>>,
    /// Each version's notes by item id (the first note of an id wins, as in `Version::note`).
    pub(super) notes: Vec<FastMap<&'a str, &'a Text>>,
    /// The items of the open-data version files, serialized once per distinct item.
    pub(super) export_items: export::Items,
    pub(super) assets: Assets,
    /// Inline diffs made so far, by language, Markdown or not, and the two texts: a change
    /// shows on its version's changelog and again on the comparison page of every earlier
    /// version whose item still had the old text.
    pub(super) diffs: Mutex<InlineDiffs<'a>>,
    /// The parts of `Common` made so far, by language, depth and nav section.
    pub(super) frames: Mutex<Frames>,
    /// The version pages' item links made so far (`Renderer::list_link`).
    pub(super) links: Mutex<Links<'a>>,
    /// The item pages' QR codes, with what codes of one size share drawn once.
    pub(super) qr: crate::qr::Encoder,
}
