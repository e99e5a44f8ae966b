//! Scheduling: which files a build makes (pages, search indexes, feeds, the sitemap, the
//! open-data export, the 404 page, static assets), in what order, and in parallel.

use std::sync::Mutex;

use rayon::prelude::*;
use tera::Tera;

use super::assets::hashed_assets;
use super::changes::by_section;
use super::frame::LangValues;
use super::item_list::sorted_items;
use super::loc::{ui_or_key, ui_value};
use super::renderer::Renderer;
use super::template_error;
use super::OutputFile;
use crate::content::Content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::export;
use crate::history::{Field, History};
use crate::plan::{Page, PagePlan};
use crate::progress::Progress;
use crate::theme::{Strings, Theme};

/// Render all pages and copy the theme's static files (with content-hashed names), into
/// memory. `render_each` is the same, handing each file on as soon as it is made.
pub fn render(
    content: &Content,
    history: &History,
    plan: &PagePlan,
    theme: &Theme,
    strings: &[Strings],
    progress: &Progress,
) -> Result<Vec<OutputFile>, Diagnostics> {
    render_each(content, history, plan, theme, strings, progress, Ok)
}

/// Render every file of the site and pass each to `emit` (from rayon workers, in no particular
/// order) as soon as it is made; the results of `emit`, one per file.
///
/// The build emits into the staging folder, so no more than a few files per core are in memory
/// at once, and writing overlaps rendering.
pub fn render_each<T: Send>(
    content: &Content,
    history: &History,
    plan: &PagePlan,
    theme: &Theme,
    strings: &[Strings],
    progress: &Progress,
    emit: impl Fn(OutputFile) -> Result<T, Diagnostic> + Sync,
) -> Result<Vec<T>, Diagnostics> {
    let mut tera = Tera::new();
    tera.set_escape_fn(crate::markdown::escape_for_tera);
    let templates = template_error::Templates::new(theme, content);
    tera.add_raw_templates(theme.templates())
        .map_err(|e| Diagnostics::from(templates.diagnostic(&e, None)))?;
    let (assets, asset_files) = hashed_assets(theme);
    // What every page shares is made before any page starts (about 0.2 s of a province
    // build), so it is made in parallel too.
    let sorted = || {
        (0..content.versions.len())
            .into_par_iter()
            .map(|v| sorted_items(content, v))
            .collect()
    };
    let changes = || {
        let versions = history.versions.par_iter();
        versions.map(|v| by_section(&v.changes)).collect()
    };
    let to_current = || {
        history
            .to_current
            .par_iter()
            .map(|c| by_section(c))
            .collect()
    };
    let ((export_items, sorted), (changes, to_current)) = rayon::join(
        || rayon::join(|| export::Items::new(content), sorted),
        || rayon::join(changes, to_current),
    );
    let r = Renderer {
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
        notes: content
            .versions
            .iter()
            .map(|v| {
                v.notes
                    .iter()
                    .rev()
                    .map(|(id, t)| (id.value.as_str(), t))
                    .collect()
            })
            .collect(),
        export_items,
        assets,
        diffs: Mutex::default(),
        frames: Mutex::default(),
        links: Mutex::default(),
        qr: crate::qr::Encoder::default(),
    };
    // The site-wide files come first: the open-data export alone is a third of the output, in
    // a few large files, and started last they would leave one core working alone at the end.
    let languages = 0..plan.languages.len();
    let jobs: Vec<Job> = export::files(content)
        .into_iter()
        .map(Job::Export)
        .chain([Job::Sitemap, Job::NotFound])
        .chain(languages.clone().map(Job::SearchIndex))
        .chain(languages.map(Job::Feed))
        .chain(plan.pages.iter().map(Job::Page))
        .collect();
    let from_jobs = jobs
        .par_iter()
        .map(|job| {
            let files = r.run(job)?;
            if let Job::Page(_) = job {
                progress.step();
            }
            files.into_iter().map(&emit).collect::<Result<Vec<T>, _>>()
        })
        .collect::<Result<Vec<Vec<T>>, Diagnostic>>()
        .map_err(Diagnostics::from)?;
    let mut emitted: Vec<T> = asset_files
        .into_iter()
        .map(&emit)
        .collect::<Result<_, _>>()
        .map_err(Diagnostics::from)?;
    emitted.extend(from_jobs.into_iter().flatten());
    Ok(emitted)
}

/// One unit of rendering work, making one or a few files.
pub(super) enum Job<'p> {
    Page(&'p Page),
    NotFound,
    SearchIndex(usize),
    Sitemap,
    Feed(usize),
    Export(export::DataFile),
}

impl<'a> Renderer<'a> {
    pub(super) fn run(&self, job: &Job<'a>) -> Result<Vec<OutputFile>, Diagnostic> {
        Ok(match *job {
            Job::Page(page) => return self.render_page(page),
            Job::NotFound => vec![self.not_found_page()?],
            Job::SearchIndex(lang) => vec![self.search_index(lang)],
            Job::Sitemap => crate::sitemap::sitemap(self.content, self.history, self.plan),
            Job::Feed(lang) => vec![crate::feed::atom(
                self.content,
                self.history,
                lang,
                &self.strings[lang],
            )],
            Job::Export(file) => {
                export::data_file(self.content, self.history, &self.export_items, file)
            }
        })
    }
}
