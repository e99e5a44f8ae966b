//! Scheduling: which files a build makes (pages, search indexes, feeds, the sitemap, the
//! open-data export, the 404 page, static assets), in what order, and in parallel.

use rayon::prelude::*;

use super::assets::hashed_assets;
use super::job_keys::{JobCache, Keys};
use super::renderer::Renderer;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::base::output_file::OutputFile;
use crate::base::progress::Progress;
use crate::derive::history::History;
use crate::derive::plan::{Page, PageKind, PagePlan};
use crate::emit::export;
use crate::model::Content;
use crate::read::theme::{Strings, Theme};

/// Render all pages and copy the theme's static files (with content-hashed names), into
/// memory. `render_each` is the same, handing each file on as soon as it is made; the build
/// uses that, and this is kept public for the render stage of benches/stages.rs.
pub fn render(
    content: &Content,
    history: &History,
    plan: &PagePlan,
    theme: &Theme,
    strings: &[Strings],
    progress: &Progress,
) -> Result<Vec<OutputFile>, Diagnostics> {
    render_each(content, history, plan, theme, strings, progress, Ok, None)
}

/// A build's cache, for `render_each`: the digest of the content files other than the version
/// files' items (`job_keys`), and where the files of jobs run before are kept.
pub struct Reuse<'c, T> {
    /// The SHA-256 of every content text and file read but the version files' items.
    pub sources: [u8; 32],
    /// Where the last build's jobs are found and this build's recorded.
    pub cache: &'c dyn JobCache<T>,
}

/// Render every file of the site and pass each to `emit` (from rayon workers, in no particular
/// order) as soon as it is made; the results of `emit`, one per file.
///
/// The build emits into the staging folder, so no more than a few files per core are in memory
/// at once, and writing overlaps rendering. With `reuse`, a job whose key (`job_keys`) its
/// cache knows is not run: what the cache gives stands for its files.
#[allow(clippy::too_many_arguments)]
pub fn render_each<T: Send>(
    content: &Content,
    history: &History,
    plan: &PagePlan,
    theme: &Theme,
    strings: &[Strings],
    progress: &Progress,
    emit: impl Fn(OutputFile) -> Result<T, Diagnostic> + Sync,
    reuse: Option<Reuse<'_, T>>,
) -> Result<Vec<T>, Diagnostics> {
    let site = Site::new(content, history, plan, theme, strings)?;
    site.render_each(progress, emit, reuse)
}

/// A site ready to render: what every job shares (`Renderer`), and its static files.
pub(crate) struct Site<'a> {
    r: Renderer<'a>,
    theme: &'a Theme,
    asset_files: Vec<OutputFile>,
}

impl<'a> Site<'a> {
    pub(crate) fn new(
        content: &'a Content,
        history: &'a History,
        plan: &'a PagePlan,
        theme: &'a Theme,
        strings: &'a [Strings],
    ) -> Result<Site<'a>, Diagnostics> {
        // A place's section home uses the place pages' style sheet, also built on its own.
        let with_places =
            content.section.is_some() || plan.pages.iter().any(|p| p.kind == PageKind::Places);
        let (assets, asset_files) = hashed_assets(theme, with_places);
        // A place's section links to the site's one copy of the assets (those of a site with
        // places), written by the site's own render.
        let (assets, asset_files) = match in_section(content) {
            true => (hashed_assets(theme, true).0, Vec::new()),
            false => (assets, asset_files),
        };
        let r = Renderer::new(content, history, plan, theme, strings, assets)?;
        Ok(Site {
            r,
            theme,
            asset_files,
        })
    }

    /// Render the pages the progress's watcher wants (`Progress::wanting`) into memory and
    /// hand them over, before anything else of the build: the caller does it before reading
    /// its cache or staging a file. The pages are rendered again, like every other, by
    /// `render_each` (a page or two: a few milliseconds).
    pub(crate) fn hand_over_wanted(&self, progress: &Progress) -> Result<(), Diagnostics> {
        let Some(wanted) = progress.wanted() else {
            return Ok(());
        };
        let (r, pages) = (&self.r, &self.r.plan.pages);
        let file = |page: &Page| {
            let mut path = r.plan.url_path(r.content, page);
            path.push_str("index.html");
            path
        };
        let settled: Vec<(&Page, String)> = (pages.iter())
            .map(|page| (page, file(page)))
            .filter(|(_, path)| wanted.paths.contains(path))
            .collect();
        let made: Vec<Vec<OutputFile>> = (settled.par_iter())
            .map(|(page, _)| r.run(&Job::Page(page)))
            .collect::<Result<_, Diagnostic>>()
            .map_err(Diagnostics::from)?;
        let made = made.into_iter().flatten();
        let made = made.filter(|f| wanted.paths.contains(&f.path)).collect();
        (wanted.made)(settled.into_iter().map(|(_, path)| path).collect(), made);
        Ok(())
    }

    /// `render_each` of this site.
    pub(crate) fn render_each<T: Send>(
        self,
        progress: &Progress,
        emit: impl Fn(OutputFile) -> Result<T, Diagnostic> + Sync,
        reuse: Option<Reuse<'_, T>>,
    ) -> Result<Vec<T>, Diagnostics> {
        let r = &self.r;
        let (content, history, plan) = (r.content, r.history, r.plan);
        let cached = reuse.and_then(|reuse| {
            let landscape = |v| r.landscape(v);
            let keys = Keys::new(
                &reuse.sources,
                (content, history),
                self.theme,
                r.strings,
                &landscape,
                &r.to_current,
            )?;
            Some((keys, reuse.cache))
        });
        let from_jobs = run_jobs(r, &jobs(content, plan), progress, &emit, cached.as_ref())?;
        let mut emitted: Vec<T> = (self.asset_files.into_iter())
            .map(&emit)
            .collect::<Result<_, _>>()
            .map_err(Diagnostics::from)?;
        emitted.extend(from_jobs.into_iter().flatten());
        Ok(emitted)
    }
}

/// Whether `content` is a place's section inside the whole site (not one built on its own,
/// which is a complete site).
fn in_section(content: &Content) -> bool {
    content
        .section
        .as_ref()
        .is_some_and(|s| !s.prefix.is_empty())
}

/// Every job of the build, in the order they are started.
fn jobs<'p>(content: &Content, plan: &'p PagePlan) -> Vec<Job<'p>> {
    // The site-wide files come first: the open-data export alone is a third of the output, in
    // a few large files, and started last they would leave one core working alone at the end.
    let languages = 0..plan.languages.len();
    // robots.txt and the 404 page are the whole site's; a section has a site map of its own.
    let site_wide = match in_section(content) {
        true => vec![Job::Sitemap],
        false => vec![Job::Sitemap, Job::NotFound],
    };
    export::files(content)
        .into_iter()
        .map(Job::Export)
        .chain((0..content.versions.len()).flat_map(|v| {
            let workbooks = (0..content.site.languages.len()).map(Some);
            let parts = std::iter::once(None).chain(workbooks);
            parts.map(move |lang| Job::Spreadsheets(v, lang))
        }))
        .chain((0..content.lists.len()).map(Job::ListFiles))
        .chain(site_wide)
        .chain(languages.clone().map(Job::SearchIndex))
        .chain(languages.map(Job::Feed))
        .chain(plan.pages.iter().map(Job::Page))
        .collect()
}

/// Runs `jobs` on rayon workers, handing each file made to `emit`; the results of `emit` by
/// job. Pages count as progress. A job whose key `cached` knows is not run.
fn run_jobs<'a, T: Send>(
    r: &Renderer<'a>,
    jobs: &[Job<'a>],
    progress: &Progress,
    emit: &(impl Fn(OutputFile) -> Result<T, Diagnostic> + Sync),
    cached: Option<&(Keys<'_>, &dyn JobCache<T>)>,
) -> Result<Vec<Vec<T>>, Diagnostics> {
    // One job a task: the few long jobs (a version's workbooks, the search indexes, the feeds)
    // stand together in `jobs`, and in the chunks rayon splits by default one worker ran them
    // one after another while the other had finished (a province rebuild: 1.15 s of jobs on
    // two cores for 1.5 s of CPU). Thieves now take them one by one.
    jobs.par_iter()
        .with_max_len(1)
        .map(|job| {
            if let Job::Page(_) = job {
                progress.step();
            }
            let key = cached.map(|(keys, cache)| (keys.of(job), cache));
            if let Some(kept) = key.as_ref().and_then(|(key, cache)| cache.reuse(key)) {
                return Ok(kept);
            }
            let files = r.run(job)?;
            let emitted = files.into_iter().map(emit).collect::<Result<Vec<T>, _>>()?;
            if let Some((key, cache)) = &key {
                cache.made(key, &emitted);
            }
            Ok(emitted)
        })
        .collect::<Result<Vec<Vec<T>>, Diagnostic>>()
        .map_err(Diagnostics::from)
}

/// One unit of rendering work, making one or a few files.
#[derive(Debug)]
pub(super) enum Job<'p> {
    Page(&'p Page),
    NotFound,
    SearchIndex(usize),
    Sitemap,
    Feed(usize),
    Export(export::DataFile),
    /// One version's CSV (`None`) or XLSX workbook in a language (`emit::spreadsheet`).
    Spreadsheets(usize, Option<usize>),
    /// One declared list's open data, workbooks and feeds (`emit::list_data`).
    ListFiles(usize),
}

impl<'a> Renderer<'a> {
    fn run(&self, job: &Job<'a>) -> Result<Vec<OutputFile>, Diagnostic> {
        let mut files = self.run_unplaced(job)?;
        // A section's open data is below its folder, as its pages are.
        if let (Some(section), Job::Export(_) | Job::Spreadsheets(..)) =
            (&self.content.section, job)
        {
            for file in &mut files {
                file.path.insert_str(0, &section.prefix);
            }
        }
        Ok(files)
    }

    fn run_unplaced(&self, job: &Job<'a>) -> Result<Vec<OutputFile>, Diagnostic> {
        Ok(match *job {
            Job::Page(page) => return self.render_page(page),
            Job::NotFound => vec![self.not_found_page()?],
            Job::SearchIndex(lang) => self.search_index(lang),
            Job::Sitemap => crate::emit::sitemap::sitemap(self.content, self.history, self.plan),
            Job::Feed(lang) => vec![crate::emit::feed::atom(
                self.content,
                self.history,
                lang,
                &self.strings[lang],
            )],
            Job::Spreadsheets(v, lang) => crate::emit::spreadsheet::version_files(
                self.content,
                |version| export::version_csv(self.content, self.history, version),
                v,
                lang,
            )?,
            Job::ListFiles(k) => crate::emit::list_data::files(self.content, k)?,
            Job::Export(file) => {
                export::data_file(self.content, self.history, &self.export_items, file)
            }
        })
    }
}
