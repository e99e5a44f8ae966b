//! `Renderer`: what the pages of one build share, made once before any page starts (sorted
//! items, changes in section order, UI strings as template values) and the caches pages fill.

use std::sync::Mutex;

use rayon::prelude::*;
use tera::Tera;

use super::assets::Assets;
use super::cache::{Frames, InlineDiffs, Links};
use super::changes::by_section;
use super::frame::LangValues;
use super::item_list::sorted_items;
use super::loc::{ui_or_key, ui_value};
use super::template_error;
use crate::base::diagnostics::Diagnostics;
use crate::base::intern::FastMap;
use crate::derive::history::{Field, History, ItemChange};
use crate::derive::plan::PagePlan;
use crate::emit::export;
use crate::model::{Content, Item, Text};
use crate::read::theme::{Strings, Theme};

/// Everything a job reads: the build's inputs, the loaded templates, what pages share, and
/// the caches they fill from rayon workers.
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
    /// Whether each version's 公示版 is landscape (`Renderer::landscape`), once known.
    pub(super) landscape: Vec<std::sync::OnceLock<bool>>,
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
    pub(super) qr: crate::emit::qr::Encoder,
    /// places.yaml's places as a tree (empty without places).
    pub(super) place_tree: crate::model::places::Tree,
    /// Each declared list's history (`derive::lists`), by its index in `Content::lists`.
    pub(super) list_histories: Vec<crate::derive::lists::ListHistory>,
}

impl<'a> Renderer<'a> {
    /// Loads the theme's templates (the only step that can fail) and makes what every page
    /// shares, before any page starts.
    pub(super) fn new(
        content: &'a Content,
        history: &'a History,
        plan: &'a PagePlan,
        theme: &'a Theme,
        strings: &'a [Strings],
        assets: Assets,
    ) -> Result<Renderer<'a>, Diagnostics> {
        let templates = template_error::Templates::new(theme, content);
        let tera = load_templates(theme, &templates)?;
        let Sorted {
            export_items,
            items: sorted,
            changes,
            to_current,
        } = Sorted::new(content, history);
        Ok(Renderer {
            content,
            history,
            plan,
            tera,
            templates,
            strings,
            ui: strings.iter().map(ui_value).collect(),
            field_labels: strings
                .iter()
                .map(|s| Field::ALL.map(|f| ui_or_key(s, f.label_key())))
                .collect(),
            lang_values: (0..plan.languages.len())
                .map(|lang| LangValues::new(content, plan, strings, lang))
                .collect(),
            sorted,
            changes,
            to_current,
            notes: notes_by_id(content),
            landscape: (content.versions.iter())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            export_items,
            assets,
            diffs: Mutex::default(),
            frames: Mutex::default(),
            links: Mutex::default(),
            qr: crate::emit::qr::Encoder::default(),
            place_tree: (content.places.as_ref())
                .map(|p| p.tree())
                .unwrap_or_default(),
            list_histories: content
                .lists
                .iter()
                .map(crate::derive::lists::history)
                .collect(),
        })
    }
}

/// Tera with the theme's templates, escaping as the site's Markdown does, and the `long_date`
/// filter (`emit::dates`).
fn load_templates(
    theme: &Theme,
    templates: &template_error::Templates,
) -> Result<Tera, Diagnostics> {
    let mut tera = Tera::new();
    tera.set_escape_fn(crate::emit::markdown::escape_for_tera);
    tera.register_filter("long_date", crate::emit::dates::tera_filter);
    tera.register_filter("count", crate::emit::counts::tera_filter);
    tera.add_raw_templates(theme.templates())
        .map_err(|e| Diagnostics::from(templates.diagnostic(&e, None)))?;
    Ok(tera)
}

/// The sorted lists of `Renderer` and the open-data items.
struct Sorted<'a> {
    export_items: export::Items,
    items: Vec<Vec<&'a Item>>,
    changes: Vec<Vec<&'a ItemChange>>,
    to_current: Vec<Vec<&'a ItemChange>>,
}

impl<'a> Sorted<'a> {
    /// What every page shares is made before any page starts (about 0.2 s of a province
    /// build), so it is made in parallel too.
    fn new(content: &'a Content, history: &'a History) -> Sorted<'a> {
        let sorted = || {
            (0..content.versions.len())
                .into_par_iter()
                .map(|v| sorted_items(content, v))
                .collect()
        };
        let changes = || {
            let versions = history.versions.par_iter();
            versions
                .map(|v| by_section(content, history, &v.changes))
                .collect()
        };
        let to_current = || {
            history
                .to_current
                .par_iter()
                .map(|c| by_section(content, history, c))
                .collect()
        };
        let ((export_items, items), (changes, to_current)) = rayon::join(
            || rayon::join(|| export::Items::new(content), sorted),
            || rayon::join(changes, to_current),
        );
        Sorted {
            export_items,
            items,
            changes,
            to_current,
        }
    }
}

/// Each version's notes by item id; the first note of an id wins, as in `Version::note`.
fn notes_by_id(content: &Content) -> Vec<FastMap<&str, &Text>> {
    content
        .versions
        .iter()
        .map(|v| {
            v.notes
                .iter()
                .rev()
                .map(|(id, t)| (id.value.as_str(), t))
                .collect()
        })
        .collect()
}
