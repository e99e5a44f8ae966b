//! qingdan (清单): a static-site generator for a district's certificate-item list
//! (出具证明事项清单), its published adjustments and its policy interpretation.
//!
//! The whole build is `build` below, one line per stage; each stage is a module taking plain
//! data in and giving plain data out.
//!
//! The public API is only what the `qingdan` binary (src/main.rs, src/cmd/), the integration
//! tests and the benches call: `build`, `check` and their options and report at the root, and
//! under each layer the few items those callers name. Everything else is `pub(crate)` or
//! private (the `unreachable_pub` lint flags a `pub` that nothing outside can reach), and
//! tests/integration/public_api.rs lists the public paths, so making one more public is a
//! deliberate edit of that list.

#![warn(unreachable_pub)]

// The layers, from the bottom up: base, yaml, read, model, decode, validate, derive, emit,
// import, write. Each imports only from the layers before it (tests/integration/layers.rs keeps it
// so); docs/architecture.md says what each holds and where a change goes.
pub mod base;
pub mod decode;
pub mod derive;
pub mod emit;
#[cfg(test)]
mod fixture;
pub mod import;
pub mod model;
pub mod read;
pub mod validate;
pub mod write;
mod yaml;

use std::path::PathBuf;

use rayon::prelude::*;

use base::diagnostics::{Diagnostic, Diagnostics, SourceTexts, Stopped};
use base::output_file::OutputFile;
use base::progress::{Progress, Stage};
/// What `serve` keeps between its builds (`Options::memory`).
pub use decode::load::Memory;
use decode::load::{self, Loaded};
use derive::{history, plan};
use emit::{html, minify};
/// How to read content files that are not UTF-8 (`--input-encoding`).
pub use read::source::InputEncoding;
/// How a build uses the cache beside its output (`--no-cache`).
pub use write::cache::CacheMode;
use write::{cache, compress, manifest, output};

/// What to build from where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The content folder (site.yaml, `certificates/`, `policy/`).
    pub content: PathBuf,
    /// The output folder the site is written into.
    pub output: PathBuf,
    /// How to read content files that are not UTF-8.
    pub encoding: InputEncoding,
    /// Also write `.gz` and `.br` siblings of text files.
    pub precompress: bool,
    /// Drop the files in the previous output that no build wrote (by default they are kept).
    pub clean: bool,
    /// Build only this place's section, as a complete site of its own at the output root
    /// (`build --place ID`); its canonical links name the whole site's pages.
    pub place: Option<String>,
    /// Whether to keep the files of jobs whose inputs did not change since the last build,
    /// through the cache beside the output (`write::cache`).
    pub cache: CacheMode,
    /// What a long-running caller keeps between its builds (`serve`); `None` for one build.
    pub memory: Option<std::sync::Arc<Memory>>,
}

impl Options {
    /// Options for commands that read the content and write nothing (check, diff).
    pub fn read_only(content: PathBuf, encoding: InputEncoding) -> Options {
        Options {
            content,
            output: PathBuf::new(),
            encoding,
            precompress: false,
            clean: false,
            place: None,
            cache: CacheMode::Off,
            memory: None,
        }
    }
}

/// The problems of a run (errors and warnings) with the source texts to show them in.
#[derive(Debug, Default)]
pub struct Report {
    /// Every error and warning of the run.
    pub diagnostics: Diagnostics,
    /// The texts of the files the problems point into.
    pub sources: SourceTexts,
}

/// What a successful build produced.
#[derive(Debug, Default)]
pub struct Summary {
    /// Pages rendered, in every language (the 404 page included).
    pub pages: usize,
    /// Files written (pages, assets, feeds, open data, the manifest).
    pub files: usize,
    /// Their total size.
    pub bytes: u64,
    /// The warnings of the build.
    pub report: Report,
    /// The theme folder the content names, if any (`serve` watches it).
    pub theme_dir: Option<PathBuf>,
    /// Where the feedback form posts to, if anywhere (`serve` allows it in its CSP).
    pub feedback_action: Option<String>,
}

impl Summary {
    /// The line every build ends with, in `lang`: pages, files, bytes, where and how long.
    pub fn line(
        &self,
        output: &std::path::Path,
        took: std::time::Duration,
        lang: base::message::Lang,
    ) -> String {
        let bytes = match self.bytes {
            n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / (1 << 20) as f64),
            n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
            n => format!("{n} B"),
        };
        let (pages, files, output) = (self.pages, self.files, output.display());
        msg!(
            "已生成{pages}个页面、{files}个文件（{bytes}），写入 {output}，用时{took:.2?}",
            "built {pages} pages, {files} files, {bytes} into {output} in {took:.2?}"
        )
        .get(lang)
        .to_string()
    }
}

/// Build the site: load → validate → derive history → plan → minify the templates → render,
/// each file (compressed,) hashed and written as it is made, or kept from the last build when
/// the build cache knows what it was made from → manifest → cache → swap into place.
pub fn build(options: &Options) -> Result<Summary, Report> {
    build_with(options, &Progress::default())
}

/// `build`, telling `progress` how far it has got.
pub fn build_with(options: &Options, progress: &Progress) -> Result<Summary, Report> {
    progress.stage(Stage::Load, 0);
    let (loaded, mut report, versions, sources) = check_recording(options, true)?;
    let base_url = loaded.content.site.base_url.value.clone();
    let theme_dir = loaded.content.site.theme.as_ref();
    let theme_dir = theme_dir.map(|t| options.content.join(&t.value));
    let feedback_action = loaded.content.site.feedback_action.as_ref();
    let feedback_action = feedback_action.map(|a| a.value.clone());
    let mut loaded = loaded;
    if let Some(id) = &options.place {
        loaded.content =
            derive::inherit::standalone(&loaded.content, id).map_err(|d| report.fail(d))?;
    }
    progress.stage(Stage::History, 0);
    let history = history::derive(&loaded.content);
    let plan = plan::plan(&loaded.content, &history);
    progress.stage(Stage::Minify, 0);
    let theme = minify::minify_theme(&loaded.theme);
    // Files stream from the renderer into the staging folder (and into the manifest as their
    // hashes), so the site is never held in memory whole.
    let mut protected = vec![(output::Protected::Content, options.content.clone())];
    protected.extend(theme_dir.clone().map(|t| (output::Protected::Theme, t)));
    let request = output::Request {
        out: &options.output,
        protected,
        clean: options.clean,
        // With the cache, most files are the previous build's: only the others are moved in.
        in_place: options.cache != CacheMode::Off && options.place.is_none(),
    };
    let (content, strings) = (&loaded.content, &loaded.strings);
    let site = html::Site::new(content, &history, &plan, &theme, strings);
    let site = site.map_err(|ds| report.fail(ds))?;
    // The pages a watcher wants first (`serve`'s open pages) are made before anything is read
    // from the cache or staged.
    (site.hand_over_wanted(progress)).map_err(|ds| report.fail(ds))?;
    let mut staging = output::Staging::begin_with(&request).map_err(|d| report.fail(d))?;
    for warning in staging.take_warnings() {
        report.diagnostics.push(warning);
    }
    let (mode, cache_file) = build_cache(options, &staging, theme_dir.as_deref());
    let last = (cache_file.as_ref()).map(|(dir, key)| cache::read(dir, key));
    let jobs = cache::Jobs::new(
        last.unwrap_or_default(),
        &staging,
        mode == CacheMode::Verify,
    );
    let stamped = cache_file.is_some();
    let emit = |file: OutputFile| publish(&staging, file, options.precompress, stamped);
    progress.stage(Stage::Render, plan.pages.len());
    let reuse = cache_file.as_ref().map(|_| html::Reuse {
        sources: sources_digest(&sources, &loaded.files),
        cache: &jobs,
    });
    let rendered = site.render_each(progress, emit, reuse);
    let mut entries = rendered.map_err(|ds| report.fail(ds))?;
    let differing = jobs.differing();
    if !differing.is_empty() {
        return Err(report.fail(cache_differs(&options.output, &differing)));
    }
    // Each place with a list of its own: its section, built as a site of its own below
    // `places/<id>/`, from its derived versions.
    let mut section_pages = 0;
    let sections = match options.place {
        Some(_) => Vec::new(),
        None => derive::inherit::sections(content),
    };
    for section in sections {
        let history = history::derive(&section);
        let plan = plan::plan(&section, &history);
        section_pages += plan.pages.len();
        let site = html::Site::new(&section, &history, &plan, &theme, strings);
        let site = site.map_err(|ds| report.fail(ds))?;
        site.hand_over_wanted(progress)
            .map_err(|ds| report.fail(ds))?;
        let rendered = site.render_each(progress, emit, None);
        entries.extend(rendered.map_err(|ds| report.fail(ds))?);
    }
    let copied: Result<Vec<_>, _> = loaded.files.into_iter().map(emit).collect();
    entries.extend(copied.map_err(|d| report.fail(d))?);
    progress.stage(Stage::Write, 0);
    let sources = manifest::Sources { base_url, versions };
    let files = entries
        .into_iter()
        .flatten()
        .map(|(path, entry, _)| (path, entry));
    let manifest = staging.manifest_recording(files, sources);
    staging.write(&manifest).map_err(|d| report.fail(d))?;
    if let Some((dir, key)) = &cache_file {
        // Written before the swap, while the output is locked. A cache that cannot be written
        // costs the next build its speed, never its result.
        let _ = cache::write(dir, key, &jobs.into_entries());
    }
    let written = staging.commit().map_err(|ds| report.fail(ds))?;
    let pages = plan.pages.len() + 1 + section_pages;
    // Freeing a large site's millions of allocations takes about a second that the caller
    // does not wait for: it happens on a thread of its own (or not at all if the process
    // exits first, which frees the memory at once).
    std::thread::spawn(move || drop((loaded.content, history, plan)));
    Ok(Summary {
        pages,
        files: written.files,
        bytes: written.bytes,
        report,
        theme_dir,
        feedback_action,
    })
}

/// How this build uses the cache beside its output, and where that is and under which key
/// when it uses one (`write::cache`): never for a place's section built on its own (derived
/// content), and never in or around the content or theme folder.
fn build_cache(
    options: &Options,
    staging: &output::Staging,
    theme_dir: Option<&std::path::Path>,
) -> (CacheMode, Option<(PathBuf, String)>) {
    let mode = match options.place {
        Some(_) => CacheMode::Off,
        None => options.cache,
    };
    let mut keep_out = vec![options.content.as_path()];
    keep_out.extend(theme_dir);
    let file = (mode != CacheMode::Off)
        .then(|| {
            let dir = cache::folder(staging.out(), &keep_out)?;
            Some((dir, cache::key(options.precompress)?))
        })
        .flatten();
    (mode, file)
}

/// Load and validate without writing anything: `qingdan check`, and the first half of `build`.
/// Given an output folder, the version files are compared with what its last build recorded
/// (`validate::published`); the folder is only read.
pub fn check(options: &Options) -> Result<(Loaded, Report), Report> {
    check_recording(options, false).map(|(loaded, report, ..)| (loaded, report))
}

/// `check`, with the hashes of the version files read when the caller `records` them (a
/// build, in its manifest) or the last build's record needs them, and (for a build) the
/// digest of every text read other than the version files (`texts_digest`).
fn check_recording(
    options: &Options,
    records: bool,
) -> Result<(Loaded, Report, validate::published::Hashes, [u8; 32]), Report> {
    let mut report = Report::default();
    let (diags, sources) = (&mut report.diagnostics, &mut report.sources);
    let memory = options.memory.as_deref();
    let memo = memory.map(|m| &m.versions);
    let loaded = load::load(&options.content, options.encoding, diags, sources, memory);
    let mut hashes = validate::published::Hashes::new();
    // Validate whatever decoded, even after load errors, so one run reports every problem.
    if let Ok(loaded) = &loaded {
        validate::validate(&loaded.content, diags);
        let out = &options.output;
        let mut recorded = match out.as_os_str().is_empty() {
            true => validate::published::Hashes::new(),
            false => manifest::recorded_versions(out, &loaded.content.site.base_url.value),
        };
        if records || !recorded.is_empty() {
            hashes = version_hashes(&options.content, sources, memo);
            validate::published::lists::record(&loaded.content, sources, &mut hashes);
        }
        // A file that is there but could not be read has its own error; it is not gone.
        recorded.retain(|rel, _| hashes.contains_key(rel) || !options.content.join(rel).exists());
        let record = validate::published::Record {
            hashes: &recorded,
            manifest: &out.join(manifest::MANIFEST),
        };
        validate::published::check(&loaded.content, &record, &hashes, diags);
    }
    let others = match records {
        true => texts_digest(&options.content, &report.sources),
        false => [0; 32],
    };
    let diags = &mut report.diagnostics;
    let checked = loaded.and_then(|loaded| diags.check().map(|()| loaded));
    // Later stages report nothing about content files, so only the texts a diagnostic points
    // into are kept for showing it; the rest (the size of the YAML) is freed before rendering.
    let cited: std::collections::BTreeSet<&std::path::Path> = report
        .diagnostics
        .iter()
        .map(|d| d.file.as_path())
        .collect();
    report
        .sources
        .retain(|path, _| cited.contains(path.as_path()));
    let loaded = checked.map_err(report.stopped())?;
    Ok((loaded, report, hashes, others))
}

/// The SHA-256 of every text read (`texts`, by path) but the version files, whose items the
/// build cache keys by their own digests and whose other fields it reads decoded
/// (`emit::html::job_keys`).
fn texts_digest(content: &std::path::Path, texts: &SourceTexts) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let versions = content.join("certificates");
    let mut h = Sha256::new();
    for (path, text) in texts {
        if path.parent() == Some(versions.as_path()) {
            continue;
        }
        // Where the content folder is does not change the site.
        let path = path.strip_prefix(content).unwrap_or(path).to_string_lossy();
        h.update((path.len() as u64).to_le_bytes());
        h.update(path.as_bytes());
        h.update((text.len() as u64).to_le_bytes());
        h.update(text.as_bytes());
    }
    h.finalize().into()
}

/// The digest of what the build read other than the version files: `texts` (the texts' digest)
/// and the files copied as they are (`files`), which pages describe (an attachment's size).
fn sources_digest(texts: &[u8; 32], files: &[OutputFile]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(texts);
    for file in files {
        h.update((file.path.len() as u64).to_le_bytes());
        h.update(file.path.as_bytes());
        h.update((file.bytes.len() as u64).to_le_bytes());
        h.update(&file.bytes);
    }
    h.finalize().into()
}

/// The error of a build in `CacheMode::Verify` whose jobs made other files than the cache
/// recorded for the same key: a dependency `emit::html::job_keys` leaves out.
fn cache_differs(out: &std::path::Path, paths: &[String]) -> Diagnostic {
    let shown: Vec<&str> = paths.iter().take(20).map(String::as_str).collect();
    let list = shown.join(", ");
    Diagnostic::error(
        out,
        None,
        base::codes::Code::InternalStop,
        msg!(
            "生成缓存与重新生成的结果不同：{list}",
            "the build cache differs from what was made again: {list}"
        ),
    )
    .help(msg!(
        "这是程序的错误，请报告；加上 `--no-cache` 可以照常生成",
        "this is a bug of the program, please report it; `--no-cache` builds as usual"
    ))
}

/// The SHA-256 of each version file's text read (`certificates/*.yaml` among `texts`), without
/// its corrections (`validate::published::as_published`), by its path in the content folder:
/// what a build records and the next check compares.
/// A hash `memo` holds for the same text is taken from it.
fn version_hashes(
    content: &std::path::Path,
    texts: &SourceTexts,
    memo: Option<&decode::content::VersionMemo>,
) -> validate::published::Hashes {
    let versions = content.join("certificates");
    texts
        .par_iter()
        .filter(|(path, _)| path.parent() == Some(versions.as_path()))
        .filter_map(|(path, text)| {
            let rel = validate::published::relative(content, path)?;
            let sha256 = || {
                let published = validate::published::as_published(text);
                manifest::entry(published.as_bytes()).sha256
            };
            let sha256 = match memo {
                Some(memo) => memo.published_sha256(path, text, sha256),
                None => sha256(),
            };
            Some((rel, sha256))
        })
        .collect()
}

/// The language the content's site.yaml names first (its default), when it is one the tool
/// speaks: the commands speak it unless `--lang` or `QINGDAN_LANG` says otherwise. Read under
/// the content's own rules (inside the folder, no links, bounded); any problem gives `None`,
/// and the run that follows reports it.
pub fn staff_language(content: &std::path::Path) -> Option<base::message::Lang> {
    let limit = read::source::Limit {
        bytes: 1 << 20,
        kind: read::source::Words {
            zh: "site.yaml",
            en: "site.yaml",
        },
        help: read::source::Words { zh: "", en: "" },
    };
    let bytes = read::source::read_asset(content, std::path::Path::new("site.yaml"), limit).ok()?;
    let code = decode::content::default_language(std::str::from_utf8(&bytes).ok()?)?;
    base::message::Lang::from_tag(&code)
}

/// Put one rendered file (and its compressed siblings) into the staging folder; their manifest
/// entries, and their stamps when the build cache records them (`stamped`).
fn publish(
    staging: &output::Staging,
    file: OutputFile,
    precompress: bool,
    stamped: bool,
) -> Result<cache::Emitted, Diagnostic> {
    let siblings = match precompress {
        true => compress::siblings(&file),
        false => Vec::new(),
    };
    std::iter::once(file)
        .chain(siblings)
        .map(|f| {
            let stamp = match stamped {
                true => staging.write_stamped(&f)?,
                false => staging.write(&f).map(|()| output::Stamp::default())?,
            };
            Ok((f.path, manifest::entry(&f.bytes), stamp))
        })
        .collect()
}

impl Report {
    /// A stage stopped on `problems`: the run's report with them added, an error among them
    /// (`Diagnostics::stop_all` makes sure the report says why).
    fn fail(&mut self, problems: impl Into<Diagnostics>) -> Report {
        self.diagnostics.stop_all(problems.into());
        std::mem::take(self)
    }

    /// A stopped stage's end of the run: the report with every problem so far (the error that
    /// stopped it among them).
    fn stopped(&mut self) -> impl FnOnce(Stopped) -> Report + '_ {
        |Stopped { .. }| std::mem::take(self)
    }
}
