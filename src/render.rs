//! Renders every planned page with Tera, in parallel (rayon), from typed view structs.
//!
//! Templates never see the content model directly: each page gets borrowed views (`Common`,
//! `HomeView`, `ItemPage`, ...) with text already resolved for the page's language. A missing
//! translation falls back to the default language, marked with its `lang` and a visible note.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use tera::{Context, Tera};

use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::base::intern::FastMap;
use crate::base::progress::Progress;
use crate::derive::history::{Field, FieldValue, History, ItemChange, Presence, StatusChange};
use crate::derive::plan::{Page, PageKind, PagePlan, CHANGES_PER_PAGE, PER_PAGE};
use crate::emit::export;
use crate::emit::markdown::{escape, escape_cow, to_html, to_plain};
use crate::emit::textdiff;
use crate::model::{Content, Item, Status, Text};
use crate::read::theme::{Strings, Theme};

mod template_error;

/// A file of the finished site: a path relative to the output folder, with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Above this many current items, the home page lists categories with counts instead of every
/// item (the full list is on the paginated version pages).
pub const HOME_FULL_LIST_LIMIT: usize = 400;

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
    tera.set_escape_fn(crate::emit::markdown::escape_for_tera);
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
        qr: crate::emit::qr::Encoder::default(),
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
enum Job<'p> {
    Page(&'p Page),
    NotFound,
    SearchIndex(usize),
    Sitemap,
    Feed(usize),
    Export(export::DataFile),
}

/// `changes` in the order of the sections they are listed under (stable: within a section,
/// as `history` lists them).
fn by_section(changes: &[ItemChange]) -> Vec<&ItemChange> {
    let mut sorted: Vec<&ItemChange> = changes.iter().collect();
    sorted.sort_by_cached_key(|c| c.section_order());
    sorted
}

/// Static files under `assets/`; CSS and JS get a content hash in their name so a portal can
/// cache them forever.
fn hashed_assets(theme: &Theme) -> (Assets, Vec<OutputFile>) {
    let mut assets = Assets::default();
    let mut files = Vec::new();
    for (name, bytes) in theme.static_files() {
        let path = match name.rsplit_once('.') {
            Some((stem, ext @ ("css" | "js"))) => {
                let hash = Sha256::digest(bytes);
                let short: String = hash[..5].iter().map(|b| format!("{b:02x}")).collect();
                format!("assets/{stem}.{short}.{ext}")
            }
            _ => format!("assets/{name}"),
        };
        if name == "style.css" {
            assets.css = path.clone();
        } else if name == "qingdan.js" {
            assets.js = path.clone();
        }
        files.push(OutputFile {
            path,
            bytes: bytes.to_vec(),
        });
    }
    (assets, files)
}

#[derive(Debug, Default, Clone)]
struct Assets {
    css: String,
    js: String,
}

struct Renderer<'a> {
    content: &'a Content,
    history: &'a History,
    plan: &'a PagePlan,
    tera: Tera,
    /// Where the templates are, for their errors.
    templates: template_error::Templates<'a>,
    strings: &'a [Strings],
    /// `strings` as template values, made once: Tera shares a map value between the pages'
    /// contexts instead of serializing a few hundred strings for every page.
    ui: Vec<tera::Value>,
    /// Each field's UI label (`field_<key>`) per language, by `Field as usize`: changelogs
    /// name a field hundreds of thousands of times.
    field_labels: Vec<[&'a str; Field::ALL.len()]>,
    /// What the pages of one language share, as template values (indexed by language).
    lang_values: Vec<LangValues>,
    /// Each version's items in display order (`sorted_items`), sorted once rather than for
    /// every page of the version.
    sorted: Vec<Vec<&'a Item>>,
    /// Each version's changes, and the changes from each version to the latest, in section
    /// order (`by_section`): sorted once, not once per page of a changelog or comparison.
    changes: Vec<Vec<&'a ItemChange>>,
    to_current: Vec<Vec<&'a ItemChange>>,
    /// Each version's notes by item id (the first note of an id wins, as in `Version::note`).
    notes: Vec<FastMap<&'a str, &'a Text>>,
    /// The items of the open-data version files, serialized once per distinct item.
    export_items: export::Items,
    assets: Assets,
    /// Inline diffs made so far, by language, Markdown or not, and the two texts: a change
    /// shows on its version's changelog and again on the comparison page of every earlier
    /// version whose item still had the old text.
    diffs: Mutex<InlineDiffs<'a>>,
    /// The parts of `Common` made so far, by language, depth and nav section.
    frames: Mutex<Frames>,
    /// The version pages' item links made so far (`Renderer::list_link`).
    links: Mutex<FastMap<LinkKey<'a>, tera::Value>>,
    /// The item pages' QR codes, with what codes of one size share drawn once.
    qr: crate::emit::qr::Encoder,
}

type InlineDiffs<'a> = FastMap<(usize, bool, &'a str, &'a str), String>;

/// What a version page's link to an item shows, and from where: language, depth, id, the
/// name's text (its address and length: texts are shared, and alive for the whole build),
/// status and category.
type LinkKey<'a> = (usize, usize, &'a str, (usize, usize), &'static str, &'a str);

/// `Frame`s by language, depth and nav section.
type Frames = FastMap<(usize, usize, &'static str), Arc<Frame>>;

/// Localized plain text: `text` for attributes and titles, `html` for the page body (escaped,
/// marked when it falls back to the default language).
#[derive(Serialize, Debug, Clone)]
struct L<'a> {
    text: &'a str,
    html: Cow<'a, str>,
}

/// Localized Markdown, rendered and sanitized.
#[derive(Serialize, Debug, Clone)]
struct Md {
    html: String,
}

/// Resolves text for one page language.
struct Loc<'a> {
    lang: &'a str,
    default: &'a str,
    note: &'a str,
}

impl<'a> Loc<'a> {
    fn new(plan: &'a PagePlan, strings: &'a [Strings], lang: usize) -> Loc<'a> {
        Loc {
            lang: &plan.languages[lang],
            default: &plan.languages[0],
            note: strings[lang]
                .get("not_translated")
                .map_or("not yet translated", String::as_str),
        }
    }

    fn text<'t>(&self, t: &'t Text) -> L<'t> {
        match t.get(self.lang) {
            Some(s) => L {
                text: s,
                html: escape_cow(s),
            },
            None => {
                let s = t.get(self.default).unwrap_or_default();
                L {
                    text: s,
                    html: format!(
                        "<span lang=\"{}\">{}</span> <small class=\"untranslated\">({})</small>",
                        self.default,
                        escape(s),
                        escape(self.note)
                    )
                    .into(),
                }
            }
        }
    }

    fn opt<'t>(&self, t: &'t Option<Text>) -> Option<L<'t>> {
        t.as_ref().map(|t| self.text(t))
    }

    fn list<'t>(&self, ts: &'t [Text]) -> Vec<L<'t>> {
        ts.iter().map(|t| self.text(t)).collect()
    }

    fn md(&self, t: &Text) -> Md {
        match t.get(self.lang) {
            Some(s) => Md { html: to_html(s) },
            None => Md {
                html: format!(
                    "<div lang=\"{}\">{}</div><p class=\"untranslated\">({})</p>",
                    self.default,
                    to_html(t.get(self.default).unwrap_or_default()),
                    escape(self.note)
                ),
            },
        }
    }

    fn md_opt(&self, t: &Option<Text>) -> Option<Md> {
        t.as_ref().map(|t| self.md(t))
    }
}

#[derive(Serialize)]
struct Link {
    href: String,
    label: String,
}

#[derive(Serialize)]
struct NavLink {
    href: String,
    label: String,
    current: bool,
}

#[derive(Serialize)]
struct LangLink<'a> {
    code: &'a str,
    name: &'a str,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct Alternate<'a> {
    hreflang: &'a str,
    href: String,
}

#[derive(Serialize)]
struct ContactView<'a> {
    department: Option<L<'a>>,
    phone: Option<&'a str>,
    /// `tel:` URL: digits and `+` only.
    tel: Option<String>,
    person: Option<L<'a>>,
    address: Option<L<'a>>,
}

#[derive(Serialize)]
struct FooterView<'a> {
    site_code: Option<&'a str>,
    icp: Option<&'a str>,
    police_record: Option<&'a str>,
    error_report_url: Option<&'a str>,
    emblem: Option<String>,
}

/// The parts of `Common` that are the same on every page of a language.
struct LangValues {
    site_title: tera::Value,
    publisher: tera::Value,
    contact: tera::Value,
}

impl LangValues {
    fn new(content: &Content, plan: &PagePlan, strings: &[Strings], lang: usize) -> LangValues {
        let site = &content.site;
        let contact = &site.contact;
        let loc = Loc::new(plan, strings, lang);
        use tera::Value;
        LangValues {
            site_title: Value::from_serializable(&loc.text(&site.title)),
            publisher: Value::from_serializable(&loc.text(&site.publisher)),
            contact: Value::from_serializable(&ContactView {
                department: loc.opt(&contact.department),
                phone: contact.phone.as_deref(),
                tel: contact.phone.as_ref().map(|p| {
                    p.chars()
                        .filter(|c| c.is_ascii_digit() || *c == '+')
                        .collect()
                }),
                person: loc.opt(&contact.person),
                address: loc.opt(&contact.address),
            }),
        }
    }
}

/// The parts of `Common` that depend only on the page's language, its depth (links are
/// relative) and its nav section. A large site has a few dozen such combinations and tens of
/// thousands of pages, so each is made once and shared into the contexts of its pages
/// (building them for every page took about 10 µs a page, perf).
struct Frame {
    root: tera::Value,
    home: tera::Value,
    feed: tera::Value,
    lang_root: tera::Value,
    footer: tera::Value,
    css: tera::Value,
    js: tera::Value,
    nav: tera::Value,
}

/// What every page template gets as `c`.
#[derive(Serialize)]
struct Common<'a> {
    lang: &'a str,
    ui: &'a tera::Value,
    /// Relative path from this page to the output root, e.g. `../../`.
    root: &'a tera::Value,
    /// This language's home page.
    home: &'a tera::Value,
    /// This language's Atom feed of adjustments.
    feed: &'a tera::Value,
    /// Relative path from this page to its language root (where `search.json` is).
    lang_root: &'a tera::Value,
    /// The default language: Chinese identifiers (document numbers, record numbers) are
    /// marked with it on pages in other languages.
    default_lang: &'a str,
    /// `L` values, and the `ContactView`, the same on every page of a language: made once
    /// (`LangValues`), shared into each page's context instead of serialized for it.
    site_title: &'a tera::Value,
    publisher: &'a tera::Value,
    contact: &'a tera::Value,
    /// A `FooterView`.
    footer: &'a tera::Value,
    languages: Vec<LangLink<'a>>,
    canonical: String,
    alternates: Vec<Alternate<'a>>,
    x_default: String,
    css: &'a tera::Value,
    js: &'a tera::Value,
    /// `NavLink`s.
    nav: &'a tera::Value,
    /// Which nav entry is current: home, changelog, versions, policy.
    section: &'static str,
    feedback_action: Option<&'a str>,
    /// The site's latest version date, shown as "last updated".
    updated: String,
}

#[derive(Serialize)]
struct ItemLink<'a> {
    id: &'a str,
    href: String,
    name: L<'a>,
    status: &'static str,
    alternative: Option<Md>,
    category: L<'a>,
}

#[derive(Serialize)]
struct Group<'a> {
    id: &'a str,
    name: L<'a>,
    /// `ItemLink`s.
    items: Vec<tera::Value>,
    /// Set when the group is too large to list: how many items and where they are.
    count: usize,
    more: Option<String>,
}

#[derive(Serialize)]
struct VersionSummary<'a> {
    date: String,
    title: L<'a>,
    document: Option<&'a str>,
    issued_by: Option<L<'a>>,
    href: String,
    list_href: String,
    counts: crate::derive::history::Counts,
    initial: bool,
    item_count: usize,
}

#[derive(Serialize)]
struct HomeView<'a> {
    latest: VersionSummary<'a>,
    issued: Vec<Group<'a>>,
    cancelled: Vec<Group<'a>>,
    issued_count: usize,
    cancelled_count: usize,
    policies: Vec<Link>,
    full_list: bool,
}

#[derive(Serialize)]
struct ItemView<'a> {
    id: &'a str,
    name: L<'a>,
    category: L<'a>,
    status: &'static str,
    purpose: Option<L<'a>>,
    basis: Option<Md>,
    requested_by: Option<L<'a>>,
    issuer: Option<L<'a>>,
    materials: Vec<L<'a>>,
    steps: Vec<L<'a>>,
    time_limit: Option<L<'a>>,
    fee: Option<L<'a>>,
    keywords: Vec<L<'a>>,
    alternative: Option<Md>,
}

#[derive(Serialize)]
struct Successor<'a> {
    id: &'a str,
    name: L<'a>,
    href: String,
}

#[derive(Serialize)]
struct TimelineEntry {
    date: String,
    href: String,
    /// UI labels of what happened.
    events: Vec<String>,
    note: Option<Md>,
}

/// An item page's schema.org `GovernmentService`. Fields are in the order of their JSON
/// names, as a map of them would serialize.
#[derive(Serialize)]
struct JsonLdService<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "isAccessibleForFree")]
    is_accessible_for_free: bool,
    name: &'a str,
    provider: JsonLdOrganization<'a>,
    #[serde(rename = "serviceOperator", skip_serializing_if = "Option::is_none")]
    service_operator: Option<JsonLdOrganization<'a>>,
    /// `null` when the category has no name.
    #[serde(rename = "serviceType")]
    service_type: Option<&'a str>,
    url: &'a str,
}

#[derive(Serialize)]
struct JsonLdOrganization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    /// `Some(None)` writes `"telephone": null`; `None` leaves the key out.
    #[serde(skip_serializing_if = "Option::is_none")]
    telephone: Option<Option<&'a str>>,
}

#[derive(Serialize)]
struct ItemPage<'a> {
    item: ItemView<'a>,
    /// schema.org JSON-LD, already escaped for a `<script>` element.
    json_ld: String,
    /// Absolute permalink, printed under the QR code.
    permalink: String,
    /// issued | cancelled | removed | renamed
    state: &'static str,
    /// For removed and renamed items: the version that dropped it.
    removed_on: Option<String>,
    removed_href: Option<String>,
    successor: Option<Successor<'a>>,
    listed_in: Vec<Link>,
    timeline: Vec<TimelineEntry>,
    first_date: String,
}

#[derive(Serialize)]
struct ChangeEntry<'a> {
    /// Each changed field as before → after.
    diffs: Vec<FieldDiff>,
    id: &'a str,
    href: String,
    name: L<'a>,
    status: &'static str,
    from: Option<Link>,
    /// UI labels of the fields that changed.
    fields: Vec<String>,
    /// UI labels of what happened (e.g. "no longer issued").
    events: Vec<String>,
    note: Option<Md>,
    alternative: Option<Md>,
}

#[derive(Serialize)]
struct FieldDiff {
    label: String,
    /// For text: the inline diff as HTML (`<del>`/`<ins>`).
    inline: Option<String>,
    /// For lists (and a category): escaped entries removed and added.
    removed: Vec<String>,
    added: Vec<String>,
}

#[derive(Serialize)]
struct ComparePage<'a> {
    from: VersionSummary<'a>,
    to: VersionSummary<'a>,
    total: usize,
    sections: Vec<Section<'a>>,
    pager: Pager,
}

#[derive(Serialize)]
struct Section<'a> {
    key: &'static str,
    title: String,
    entries: Vec<ChangeEntry<'a>>,
}

#[derive(Serialize)]
struct Pager {
    page: usize,
    pages: usize,
    prev: Option<String>,
    next: Option<String>,
    links: Vec<Link>,
}

#[derive(Serialize)]
struct ChangelogPage<'a> {
    version: VersionSummary<'a>,
    summary: Option<Md>,
    previous: Option<Link>,
    sections: Vec<Section<'a>>,
    pager: Pager,
}

#[derive(Serialize)]
struct ChangelogIndexPage<'a> {
    versions: Vec<VersionSummary<'a>>,
}

#[derive(Serialize)]
struct VersionPage<'a> {
    version: VersionSummary<'a>,
    is_latest: bool,
    latest_href: String,
    /// The page of what changed from this version to the current one (past versions only).
    compare_href: Option<String>,
    changes_to_current: usize,
    groups: Vec<Group<'a>>,
    pager: Pager,
}

#[derive(Serialize)]
struct RelatedView<'a> {
    title: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct PolicyPage<'a> {
    title: &'a str,
    /// The language the text is in: the page's, or the default one when no translation exists.
    lang: &'a str,
    /// Set when the page shows the default language because no translation exists.
    fallback_lang: Option<&'a str>,
    date: String,
    department: Option<&'a str>,
    document: Option<&'a str>,
    related: Vec<RelatedView<'a>>,
    body: String,
}

impl<'a> Renderer<'a> {
    fn loc(&self, lang: usize) -> Loc<'_> {
        Loc::new(self.plan, self.strings, lang)
    }

    fn ui(&self, lang: usize, key: &str) -> String {
        self.ui_str(lang, key).to_string()
    }

    /// `ui` without the copy.
    fn ui_str<'k>(&'k self, lang: usize, key: &'k str) -> &'k str {
        ui_or_key(&self.strings[lang], key)
    }

    fn field_label(&self, lang: usize, field: Field) -> &'a str {
        self.field_labels[lang][field as usize]
    }

    /// Relative link from the page at `from_dir` (a directory from the output root) to the
    /// page `kind` in language `lang`.
    fn href(&self, from_dir: &str, lang: usize, kind: &PageKind) -> String {
        let mut href = self.href_start(from_dir, lang);
        self.plan.push_dir(&mut href, self.content, kind);
        href.push_str("index.html");
        href
    }

    /// `href` to the page of item `id`, without making a `PageKind` (and a copy of the id).
    fn item_href(&self, from_dir: &str, lang: usize, id: &str) -> String {
        let mut href = self.href_start(from_dir, lang);
        crate::derive::plan::push_item_dir(&mut href, id);
        href.push_str("index.html");
        href
    }

    /// From `from_dir` up to the output root, then into language `lang`'s root.
    fn href_start(&self, from_dir: &str, lang: usize) -> String {
        let mut href = String::with_capacity(64);
        for _ in 0..depth(from_dir) {
            href.push_str("../");
        }
        self.plan.push_lang_prefix(&mut href, lang);
        href
    }

    fn category_l(&self, loc: &Loc<'_>, id: &'a str) -> L<'a> {
        match self.content.site.category_name(id) {
            Some(t) => {
                let l = loc.text(t);
                L {
                    text: l.text,
                    html: l.html,
                }
            }
            None => L {
                text: id,
                html: escape_cow(id),
            },
        }
    }

    /// The `Frame` of pages of language `lang` in folders like `dir`, in nav section
    /// `section`.
    fn frame(&self, lang: usize, dir: &str, section: &'static str) -> Arc<Frame> {
        let key = (lang, depth(dir), section);
        memo(&self.frames, key, || {
            Arc::new(self.make_frame(lang, dir, section, None))
        })
    }

    /// With `absolute` (the base URL), links are absolute URLs instead of relative paths: for
    /// the 404 page, which the server shows at any path.
    fn make_frame(
        &self,
        lang: usize,
        dir: &str,
        section: &'static str,
        absolute: Option<&str>,
    ) -> Frame {
        use tera::Value;
        let site = &self.content.site;
        let root = absolute.map_or_else(|| up(dir), str::to_string);
        let link = |href: String| match absolute {
            Some(base) => format!("{base}{}", href.trim_end_matches("index.html")),
            None => href,
        };
        let latest = self.content.versions.len() - 1;
        let mut entries = vec![
            ("home", PageKind::Home, "nav_home"),
            ("changelog", PageKind::ChangelogIndex, "nav_changelog"),
            ("versions", PageKind::version(latest), "nav_full_list"),
        ];
        if !self.content.policies.is_empty() {
            entries.push(("policy", PageKind::Policy(0), "nav_policy"));
        }
        let nav: Vec<NavLink> = entries
            .into_iter()
            .map(|(key, kind, label)| NavLink {
                href: link(self.href(dir, lang, &kind)),
                label: self.ui(lang, label),
                current: key == section,
            })
            .collect();
        let footer = FooterView {
            site_code: site.footer.site_code.as_deref(),
            icp: site.footer.icp.as_deref(),
            police_record: site.footer.police_record.as_deref(),
            error_report_url: site
                .footer
                .error_report_url
                .as_ref()
                .map(|u| u.value.as_str()),
            emblem: site.footer.emblem.as_ref().map(|e| {
                format!(
                    "{root}{}",
                    crate::decode::load::emblem_output_path(&e.value)
                )
            }),
        };
        Frame {
            home: Value::from(link(self.href(dir, lang, &PageKind::Home))),
            lang_root: Value::from(format!("{root}{}", self.plan.lang_prefix(lang))),
            feed: Value::from(format!(
                "{root}{}",
                crate::emit::feed::path(self.content, lang)
            )),
            footer: Value::from_serializable(&footer),
            css: Value::from(format!("{root}{}", self.assets.css)),
            js: Value::from(format!("{root}{}", self.assets.js)),
            nav: Value::from_serializable(&nav),
            root: Value::from(root),
        }
    }

    /// `c` of a page, in nav section `section` and with its `frame` (of the same language,
    /// depth and section).
    fn common<'f>(
        &'f self,
        page: &Page,
        dir: &str,
        section: &'static str,
        frame: &'f Frame,
    ) -> Common<'f> {
        let site = &self.content.site;
        let base = &site.base_url.value;
        let languages = site
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| LangLink {
                code: &l.code,
                name: &l.name,
                href: self.href(dir, i, &page.kind),
                current: i == page.lang,
            })
            .collect();
        let alternates = site
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| Alternate {
                hreflang: &l.code,
                href: format!(
                    "{base}{}{}",
                    self.plan.lang_prefix(i),
                    self.plan.dir(self.content, &page.kind)
                ),
            })
            .collect();
        Common {
            lang: &self.plan.languages[page.lang],
            ui: &self.ui[page.lang],
            home: &frame.home,
            lang_root: &frame.lang_root,
            default_lang: &self.plan.languages[0],
            feed: &frame.feed,
            site_title: &self.lang_values[page.lang].site_title,
            publisher: &self.lang_values[page.lang].publisher,
            contact: &self.lang_values[page.lang].contact,
            footer: &frame.footer,
            languages,
            canonical: format!("{base}{dir}"),
            alternates,
            x_default: format!("{base}{}", self.plan.dir(self.content, &page.kind)),
            css: &frame.css,
            js: &frame.js,
            nav: &frame.nav,
            section,
            feedback_action: site.feedback_action.as_ref().map(|a| a.value.as_str()),
            updated: self
                .content
                .versions
                .last()
                .map(|v| v.date.value.to_string())
                .unwrap_or_default(),
            root: &frame.root,
        }
    }

    fn run(&self, job: &Job<'a>) -> Result<Vec<OutputFile>, Diagnostic> {
        Ok(match *job {
            Job::Page(page) => return self.render_page(page),
            Job::NotFound => vec![self.not_found_page()?],
            Job::SearchIndex(lang) => vec![self.search_index(lang)],
            Job::Sitemap => crate::emit::sitemap::sitemap(self.content, self.history, self.plan),
            Job::Feed(lang) => vec![crate::emit::feed::atom(
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

    fn render_page(&self, page: &'a Page) -> Result<Vec<OutputFile>, Diagnostic> {
        let dir = self.plan.url_path(self.content, page);
        let mut ctx = Context::new();
        let mut files = Vec::with_capacity(2);
        let (template, section) = match &page.kind {
            PageKind::Home => {
                ctx.insert("p", &self.home(page.lang, &dir));
                ("home.html", "home")
            }
            PageKind::Item(id) => {
                ctx.insert("p", &self.item_page(page.lang, &dir, id));
                let url = format!("{}{dir}", self.content.site.base_url.value);
                files.push(qr_code(&self.qr, &dir, &url));
                ("item.html", "item")
            }
            PageKind::ChangelogIndex => {
                let versions = (0..self.content.versions.len())
                    .rev()
                    .map(|v| self.version_summary(page.lang, &dir, v))
                    .collect();
                ctx.insert("p", &ChangelogIndexPage { versions });
                ("changelog_index.html", "changelog")
            }
            PageKind::Changelog {
                version,
                page: n,
                pages,
            } => {
                ctx.insert(
                    "p",
                    &self.changelog_page(page.lang, &dir, *version, *n, *pages),
                );
                ("changelog.html", "changelog")
            }
            PageKind::Version {
                version,
                page: n,
                pages,
            } => {
                ctx.insert(
                    "p",
                    &self.version_page(page.lang, &dir, *version, *n, *pages),
                );
                ("version.html", "versions")
            }
            PageKind::Compare {
                version,
                page: n,
                pages,
            } => {
                ctx.insert(
                    "p",
                    &self.compare_page(page.lang, &dir, *version, *n, *pages),
                );
                ("compare.html", "versions")
            }
            PageKind::Policy(i) => {
                ctx.insert("p", &self.policy_page(page.lang, *i));
                ("policy.html", "policy")
            }
        };
        let frame = self.frame(page.lang, &dir, section);
        ctx.insert("c", &self.common(page, &dir, section, &frame));
        // Into bytes, not a `String`: `Tera::render` checks the whole page is UTF-8 once more
        // (1.4 % of a province build), though a template and its values are all `str`. Most
        // pages are 6–9 KB.
        let mut html = Vec::with_capacity(16 << 10);
        self.tera
            .render_to(template, &ctx, &mut html)
            .map_err(|e| {
                let output = format!("{dir}index.html");
                self.templates.diagnostic(&e, Some((template, &output)))
            })?;
        files.push(OutputFile {
            path: format!("{dir}index.html"),
            bytes: html,
        });
        Ok(files)
    }

    /// The search index of one language: every id ever published (cancelled, removed and
    /// renamed ones too, so a search for them explains where to go), as compact arrays
    /// `[href, name, state, keywords, purpose, rest, detail]` with hrefs relative to the
    /// language root. `detail` is the alternative (cancelled), the removal date (removed) or
    /// the successor's href and name separated by U+001F (renamed).
    fn search_index(&self, lang: usize) -> OutputFile {
        let code = self.plan.languages[lang].as_str();
        let default = self.plan.languages[0].as_str();
        let pick = |t: &Text| t.get_or(code, default).to_string();
        let plain = |t: &Option<Text>| {
            t.as_ref()
                .map(|t| crate::emit::markdown::to_plain(&pick(t)))
                .unwrap_or_default()
        };
        let mut rows = Vec::with_capacity(self.history.items.len());
        for (id, h) in &self.history.items {
            let item = self.history.item(self.content, h.last);
            let current = self.history.is_current(id);
            let (state, detail) = match (current, &h.successor, item.status.value) {
                (true, _, Status::Issued) => ("issued", String::new()),
                (true, _, Status::Cancelled) => ("cancelled", plain(&item.alternative)),
                (false, Some(s), _) => {
                    let succ = self.history.item(self.content, self.history.items[s].last);
                    (
                        "renamed",
                        format!("items/{s}/index.html\u{1f}{}", pick(&succ.name)),
                    )
                }
                (false, None, _) => ("removed", self.plan.dates[h.last.0 + 1].clone()),
            };
            let keywords: Vec<String> = item.keywords.iter().map(pick).collect();
            let rest: Vec<String> = [
                item.requested_by.as_ref().map(pick),
                item.issuer.as_ref().map(pick),
                self.content
                    .site
                    .category_name(&item.category.value)
                    .map(pick),
                Some(plain(&item.alternative)),
            ]
            .into_iter()
            .flatten()
            .collect();
            rows.push(serde_json::json!([
                format!("items/{id}/index.html"),
                pick(&item.name),
                state,
                keywords.join(" "),
                item.purpose.as_ref().map(pick).unwrap_or_default(),
                rest.join(" "),
                detail,
            ]));
        }
        let body = serde_json::json!({ "v": 1, "items": rows });
        OutputFile {
            path: format!("{}search.json", self.plan.lang_prefix(lang)),
            bytes: serde_json::to_vec(&body).expect("the index serializes"),
        }
    }

    /// schema.org `GovernmentService` for an item page, safe inside a `<script>` element.
    fn json_ld(&self, lang: usize, dir: &str, item: &'a Item) -> String {
        let code = self.plan.languages[lang].as_str();
        let default = self.plan.languages[0].as_str();
        let pick = |t: &'a Text| t.get_or(code, default);
        let site = &self.content.site;
        let url = format!("{}{dir}", site.base_url.value);
        let service = JsonLdService {
            context: "https://schema.org",
            kind: "GovernmentService",
            description: item.purpose.as_ref().map(pick),
            in_language: code,
            is_accessible_for_free: item.fee.is_none(),
            name: pick(&item.name),
            provider: JsonLdOrganization {
                kind: "GovernmentOrganization",
                name: pick(&site.publisher),
                telephone: Some(site.contact.phone.as_deref()),
            },
            service_operator: item.issuer.as_ref().map(|i| JsonLdOrganization {
                kind: "Organization",
                name: pick(i),
                telephone: None,
            }),
            service_type: site.category_name(&item.category.value).map(pick),
            url: &url,
        };
        let json = serde_json::to_string(&service).expect("JSON-LD serializes");
        // `<`, `>` and `&` never appear raw, so the text cannot close the script element.
        if !json.contains(['<', '>', '&']) {
            return json;
        }
        let mut safe = String::with_capacity(json.len() + 16);
        for c in json.chars() {
            match c {
                '<' => safe.push_str("\\u003c"),
                '>' => safe.push_str("\\u003e"),
                '&' => safe.push_str("\\u0026"),
                c => safe.push(c),
            }
        }
        safe
    }

    /// The bilingual `404.html` at the root: every language's message, links that work from
    /// any depth only if the server serves it at the root, so it uses absolute `base_url` links.
    fn not_found_page(&self) -> Result<OutputFile, Diagnostic> {
        let page = Page {
            lang: 0,
            kind: PageKind::Home,
        };
        let mut ctx = Context::new();
        let base = &self.content.site.base_url.value;
        let frame = self.make_frame(0, "", "home", Some(base));
        let mut c = self.common(&page, "", "home", &frame);
        let messages: Vec<LangLink> = (0..self.plan.languages.len())
            .map(|l| LangLink {
                code: &self.plan.languages[l],
                name: self.strings[l].get("not_found").map_or("", String::as_str),
                href: format!("{base}{}", self.plan.lang_prefix(l)),
                current: l == 0,
            })
            .collect();
        for l in &mut c.languages {
            l.href = format!("{base}{}", l.href.trim_end_matches("index.html"));
        }
        ctx.insert("c", &c);
        ctx.insert("p", &messages);
        let html = (self.tera.render("404.html", &ctx)).map_err(|e| {
            self.templates
                .diagnostic(&e, Some(("404.html", "404.html")))
        })?;
        Ok(OutputFile {
            path: "404.html".into(),
            bytes: html.into_bytes(),
        })
    }

    fn version_summary(&self, lang: usize, dir: &str, v: usize) -> VersionSummary<'a> {
        let loc = self.loc(lang);
        let version = &self.content.versions[v];
        let counts = self.history.versions[v].counts;
        VersionSummary {
            date: self.plan.dates[v].clone(),
            title: loc.text(&version.title),
            document: version.document.as_ref().map(|d| d.value.as_str()),
            issued_by: loc.opt(&version.issued_by),
            href: self.href(dir, lang, &PageKind::changelog(v)),
            list_href: self.href(dir, lang, &PageKind::version(v)),
            counts,
            initial: v == 0,
            item_count: version.items.len(),
        }
    }

    fn item_link(
        &self,
        lang: usize,
        dir: &str,
        item: &'a Item,
        with_alternative: bool,
    ) -> ItemLink<'a> {
        let loc = self.loc(lang);
        ItemLink {
            id: &item.id.value,
            href: self.item_href(dir, lang, &item.id.value),
            name: loc.text(&item.name),
            status: item.status.value.as_str(),
            alternative: if with_alternative {
                loc.md_opt(&item.alternative)
            } else {
                None
            },
            category: self.category_l(&loc, &item.category.value),
        }
    }

    /// `item_link` without the alternative, as a template value. The version pages list every
    /// item of every version, and most items are the same in all of them: each link is made
    /// once per language and depth, not once per version.
    fn list_link(&self, lang: usize, dir: &str, item: &'a Item) -> tera::Value {
        let name = self.loc(lang).text(&item.name).text;
        let key = (
            lang,
            depth(dir),
            item.id.value.as_str(),
            (name.as_ptr() as usize, name.len()),
            item.status.value.as_str(),
            item.category.value.as_str(),
        );
        memo(&self.links, key, || {
            tera::Value::from_serializable(&self.item_link(lang, dir, item, false))
        })
    }

    /// Items grouped by category in the order of site.yaml; with `links` false, only counted.
    fn groups(
        &self,
        lang: usize,
        dir: &str,
        items: &[&'a Item],
        with_alternative: bool,
        links: bool,
    ) -> Vec<Group<'a>> {
        let loc = self.loc(lang);
        let mut groups: Vec<Group<'a>> = Vec::new();
        for item in items {
            let cat = item.category.value.as_str();
            if groups.last().is_none_or(|g| g.id != cat) {
                groups.push(Group {
                    id: cat,
                    name: self.category_l(&loc, cat),
                    items: Vec::new(),
                    count: 0,
                    more: None,
                });
            }
            let g = groups.last_mut().expect("pushed above");
            if links {
                g.items.push(match with_alternative {
                    true => tera::Value::from_serializable(&self.item_link(lang, dir, item, true)),
                    false => self.list_link(lang, dir, item),
                });
            }
            g.count += 1;
        }
        groups
    }

    /// Version `v`'s note on item `id`.
    fn note(&self, v: usize, id: &str) -> Option<&'a Text> {
        self.notes[v].get(id).copied()
    }

    fn home(&self, lang: usize, dir: &str) -> HomeView<'a> {
        let latest = self.content.versions.len() - 1;
        let items = &self.sorted[latest];
        let (issued, cancelled): (Vec<&Item>, Vec<&Item>) =
            items.iter().partition(|i| i.status.value == Status::Issued);
        let full_list = items.len() <= HOME_FULL_LIST_LIMIT;
        // Too many to list on the home page: only the counts are shown, so no links are made
        // (a province's home page would otherwise make and drop ten thousand).
        let mut issued_groups = self.groups(lang, dir, &issued, false, full_list);
        let mut cancelled_groups = self.groups(lang, dir, &cancelled, true, full_list);
        if !full_list {
            // Too many to list: keep the counts, link each category to where it starts in the
            // paginated full list.
            let positions: BTreeMap<&str, usize> = items
                .iter()
                .enumerate()
                .rev()
                .map(|(i, item)| (item.category.value.as_str(), i))
                .collect();
            for g in issued_groups.iter_mut().chain(cancelled_groups.iter_mut()) {
                let page = positions.get(g.id).map_or(1, |p| p / PER_PAGE + 1);
                let pages = crate::derive::plan::page_count(items.len(), PER_PAGE);
                g.more = Some(format!(
                    "{}#cat-{}",
                    self.href(
                        dir,
                        lang,
                        &PageKind::Version {
                            version: latest,
                            page,
                            pages
                        }
                    ),
                    g.id
                ));
            }
        }
        let policies = self
            .content
            .policies
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let lang_code = &self.plan.languages[lang];
                let doc = p
                    .docs
                    .get(lang_code)
                    .or_else(|| p.docs.get(&self.plan.languages[0]))
                    .expect("validated: default language present");
                Link {
                    href: self.href(dir, lang, &PageKind::Policy(i)),
                    label: doc.title.clone(),
                }
            })
            .collect();
        HomeView {
            latest: self.version_summary(lang, dir, latest),
            issued_count: issued.len(),
            cancelled_count: cancelled.len(),
            issued: issued_groups,
            cancelled: cancelled_groups,
            policies,
            full_list,
        }
    }

    fn item_view(&self, lang: usize, item: &'a Item) -> ItemView<'a> {
        let loc = self.loc(lang);
        ItemView {
            id: &item.id.value,
            name: loc.text(&item.name),
            category: self.category_l(&loc, &item.category.value),
            status: item.status.value.as_str(),
            purpose: loc.opt(&item.purpose),
            basis: loc.md_opt(&item.basis),
            requested_by: loc.opt(&item.requested_by),
            issuer: loc.opt(&item.issuer),
            materials: loc.list(&item.materials),
            steps: loc.list(&item.steps),
            time_limit: loc.opt(&item.time_limit),
            fee: loc.opt(&item.fee),
            keywords: loc.list(&item.keywords),
            alternative: loc.md_opt(&item.alternative),
        }
    }

    /// The name an id was last listed under, in `lang` (or the default language).
    fn last_name(&self, lang: usize, id: &str) -> String {
        let item = self.history.item(self.content, self.history.items[id].last);
        self.loc(lang).text(&item.name).text.to_string()
    }

    /// UI labels for what a change did.
    /// With `fields`, an event listing the fields that changed (changelog entries show those
    /// on their own).
    fn event_labels(
        &self,
        lang: usize,
        change: &ItemChange,
        for_id: &str,
        fields: bool,
    ) -> Vec<String> {
        let mut out = Vec::new();
        let date = |v: usize| self.plan.dates[v].clone();
        match &change.presence {
            Presence::Added => out.push(self.ui(lang, "event_added")),
            Presence::Readded { last_seen } => out.push(
                self.ui(lang, "event_readded")
                    .replace("{date}", &date(*last_seen)),
            ),
            Presence::Removed => out.push(self.ui(lang, "event_removed")),
            Presence::Renamed { from } if from == for_id => out.push(
                self.ui(lang, "event_renamed_to")
                    .replace("{name}", &self.last_name(lang, &change.id)),
            ),
            Presence::Renamed { from } => out.push(
                self.ui(lang, "event_renamed_from")
                    .replace("{name}", &self.last_name(lang, from)),
            ),
            Presence::Kept => {}
        }
        let when = change.after.map(|(v, _)| date(v)).unwrap_or_default();
        match change.status {
            Some(StatusChange::Cancelled) => {
                out.push(self.ui(lang, "event_cancelled").replace("{date}", &when))
            }
            Some(StatusChange::Reinstated) => {
                out.push(self.ui(lang, "event_reinstated").replace("{date}", &when))
            }
            None => {}
        }
        if fields
            && !change.fields.is_empty()
            && !(matches!(change.presence, Presence::Renamed { ref from } if from == for_id))
        {
            let fields: Vec<&str> = (change.fields.iter())
                .map(|&f| self.field_label(lang, f))
                .collect();
            out.push(format!(
                "{}{}",
                self.ui(lang, "event_changed"),
                fields.join(self.ui_str(lang, "list_separator"))
            ));
        }
        out
    }

    fn item_page(&self, lang: usize, dir: &str, id: &'a str) -> ItemPage<'a> {
        let h = &self.history.items[id];
        let loc = self.loc(lang);
        let item = self.history.item(self.content, h.last);
        let current = self.history.is_current(id);
        let dropped_in = (!current).then(|| h.last.0 + 1);
        let successor = h.successor.as_deref().map(|s| {
            let sh = &self.history.items[s];
            let succ = self.history.item(self.content, sh.last);
            Successor {
                id: &succ.id.value,
                name: loc.text(&succ.name),
                href: self.item_href(dir, lang, s),
            }
        });
        let state = match (current, &successor, item.status.value) {
            (true, _, Status::Issued) => "issued",
            (true, _, Status::Cancelled) => "cancelled",
            (false, Some(_), _) => "renamed",
            (false, None, _) => "removed",
        };
        let listed_in = h
            .listed_in
            .iter()
            .map(|&v| Link {
                href: self.href(dir, lang, &PageKind::version(v)),
                label: self.plan.dates[v].clone(),
            })
            .collect();
        let first = h.listed_in[0];
        // The first version has no changes to report, so its items get a "first published"
        // entry; every later listing, rename or change is an event of the history.
        let changelog = |v: usize| self.href(dir, lang, &PageKind::changelog(v));
        let mut timeline = Vec::with_capacity(h.events.len() + 1);
        if first == 0 {
            timeline.push(TimelineEntry {
                date: self.plan.dates[0].clone(),
                href: changelog(0),
                events: vec![self.ui(lang, "event_initial")],
                note: self.note(0, id).map(|t| loc.md(t)),
            });
        }
        for &(v, n) in &h.events {
            let change = &self.history.versions[v].changes[n];
            timeline.push(TimelineEntry {
                date: self.plan.dates[v].clone(),
                href: changelog(v),
                events: self.event_labels(lang, change, id, true),
                note: self.note(v, id).map(|t| loc.md(t)),
            });
        }
        ItemPage {
            item: self.item_view(lang, item),
            json_ld: self.json_ld(lang, dir, item),
            permalink: format!("{}{dir}", self.content.site.base_url.value),
            state,
            removed_on: dropped_in.map(|v| self.plan.dates[v].clone()),
            removed_href: dropped_in.map(|v| self.href(dir, lang, &PageKind::changelog(v))),
            successor,
            listed_in,
            timeline,
            first_date: self.plan.dates[first].clone(),
        }
    }

    fn pager(
        &self,
        lang: usize,
        dir: &str,
        n: usize,
        pages: usize,
        kind: impl Fn(usize) -> PageKind,
    ) -> Pager {
        let link = |p: usize| self.href(dir, lang, &kind(p));
        Pager {
            page: n,
            pages,
            prev: (n > 1).then(|| link(n - 1)),
            next: (n < pages).then(|| link(n + 1)),
            links: if pages > 1 {
                (1..=pages)
                    .map(|p| Link {
                        href: link(p),
                        label: p.to_string(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    /// Changes grouped into sections (added, re-added, renamed, cancelled, reinstated,
    /// changed, removed), page `n` of them at `CHANGES_PER_PAGE` a page. `notes_from` is the
    /// version whose `notes` explain the changes (none when comparing across several versions).
    fn sections(
        &self,
        lang: usize,
        dir: &str,
        changes: &[&'a ItemChange],
        notes_from: Option<usize>,
        n: usize,
    ) -> Vec<Section<'a>> {
        let loc = self.loc(lang);
        let mut sections: Vec<Section<'a>> = Vec::new();
        for &c in changes
            .iter()
            .skip((n - 1) * CHANGES_PER_PAGE)
            .take(CHANGES_PER_PAGE)
        {
            let key = c.section();
            if sections.last().is_none_or(|s| s.key != key) {
                sections.push(Section {
                    key,
                    title: self.ui(lang, &format!("section_{key}")),
                    entries: Vec::new(),
                });
            }
            let item = self.history.item(
                self.content,
                c.after.or(c.before).expect("a change has an item"),
            );
            let from = match &c.presence {
                Presence::Renamed { from } => {
                    let h = &self.history.items[from.as_str()];
                    Some(Link {
                        href: self.item_href(dir, lang, from),
                        label: loc
                            .text(&self.history.item(self.content, h.last).name)
                            .text
                            .to_string(),
                    })
                }
                _ => None,
            };
            let events = self.event_labels(lang, c, &c.id, false);
            let note = notes_from.and_then(|v| self.note(v, &c.id));
            sections
                .last_mut()
                .expect("pushed above")
                .entries
                .push(ChangeEntry {
                    id: &item.id.value,
                    href: self.item_href(dir, lang, &c.id),
                    name: loc.text(&item.name),
                    status: item.status.value.as_str(),
                    from,
                    fields: c
                        .fields
                        .iter()
                        .map(|&f| self.field_label(lang, f).to_string())
                        .collect(),
                    diffs: self.field_diffs(lang, c),
                    events,
                    note: note.map(|t| loc.md(t)),
                    alternative: match c.status {
                        Some(StatusChange::Cancelled) => loc.md_opt(&item.alternative),
                        _ => None,
                    },
                });
        }
        sections
    }

    /// Each changed field as before → after: an inline diff for text, entries removed and
    /// added for lists. Text falls back to the default language like the rest of the page.
    fn field_diffs(&self, lang: usize, change: &ItemChange) -> Vec<FieldDiff> {
        let (Some(b), Some(a)) = (change.before, change.after) else {
            return Vec::new();
        };
        let (before, after) = (
            self.history.item(self.content, b),
            self.history.item(self.content, a),
        );
        let code = self.plan.languages[lang].as_str();
        let default = self.plan.languages[0].as_str();
        let pick = |t: &'a Text| t.get_or(code, default);
        let inline = |x: &'a str, y: &'a str, markdown: bool| {
            let key = (lang, markdown, x, y);
            Some(memo(&self.diffs, key, || {
                let (x, y) = match markdown {
                    true => (Cow::Owned(to_plain(x)), Cow::Owned(to_plain(y))),
                    false => (Cow::Borrowed(x), Cow::Borrowed(y)),
                };
                textdiff::to_html(
                    &textdiff::diff(&x, &y),
                    &self.ui(lang, "diff_removed"),
                    &self.ui(lang, "diff_added"),
                )
            }))
        };
        change
            .fields
            .iter()
            .map(|&f| {
                let mut d = FieldDiff {
                    label: self.field_label(lang, f).to_string(),
                    inline: None,
                    removed: Vec::new(),
                    added: Vec::new(),
                };
                match (f.value(before), f.value(after)) {
                    (FieldValue::Text(x), FieldValue::Text(y)) => {
                        d.inline = inline(x.map_or("", pick), y.map_or("", pick), false);
                    }
                    (FieldValue::Markdown(x), FieldValue::Markdown(y)) => {
                        d.inline = inline(x.map_or("", pick), y.map_or("", pick), true);
                    }
                    (FieldValue::List(x), FieldValue::List(y)) => {
                        let x: Vec<&str> = x.iter().map(pick).collect();
                        let y: Vec<&str> = y.iter().map(pick).collect();
                        let (removed, added) = textdiff::list_changes(&x, &y);
                        d.removed = removed.into_iter().map(escape).collect();
                        d.added = added.into_iter().map(escape).collect();
                    }
                    (FieldValue::Category(x), FieldValue::Category(y)) => {
                        let name =
                            |id: &'a str| self.content.site.category_name(id).map_or(id, pick);
                        d.removed = vec![escape(name(x))];
                        d.added = vec![escape(name(y))];
                    }
                    _ => {}
                }
                d
            })
            .collect()
    }

    /// What changed between version `v` and the current list.
    fn compare_page(
        &self,
        lang: usize,
        dir: &str,
        v: usize,
        n: usize,
        pages: usize,
    ) -> ComparePage<'a> {
        let latest = self.content.versions.len() - 1;
        let changes = &self.to_current[v];
        ComparePage {
            from: self.version_summary(lang, dir, v),
            to: self.version_summary(lang, dir, latest),
            total: changes.len(),
            sections: self.sections(lang, dir, changes, None, n),
            pager: self.pager(lang, dir, n, pages, |p| PageKind::Compare {
                version: v,
                page: p,
                pages,
            }),
        }
    }

    fn changelog_page(
        &self,
        lang: usize,
        dir: &str,
        v: usize,
        n: usize,
        pages: usize,
    ) -> ChangelogPage<'a> {
        let loc = self.loc(lang);
        let version = &self.content.versions[v];
        let sections = self.sections(lang, dir, &self.changes[v], Some(v), n);
        ChangelogPage {
            version: self.version_summary(lang, dir, v),
            summary: loc.md_opt(&version.summary),
            previous: v.checked_sub(1).map(|p| Link {
                href: self.href(dir, lang, &PageKind::changelog(p)),
                label: self.plan.dates[p].clone(),
            }),
            sections,
            pager: self.pager(lang, dir, n, pages, |p| PageKind::Changelog {
                version: v,
                page: p,
                pages,
            }),
        }
    }

    fn version_page(
        &self,
        lang: usize,
        dir: &str,
        v: usize,
        n: usize,
        pages: usize,
    ) -> VersionPage<'a> {
        let items = &self.sorted[v];
        let chunk = &items[((n - 1) * PER_PAGE).min(items.len())..(n * PER_PAGE).min(items.len())];
        let latest = self.content.versions.len() - 1;
        VersionPage {
            version: self.version_summary(lang, dir, v),
            is_latest: v == latest,
            latest_href: self.href(dir, lang, &PageKind::version(latest)),
            compare_href: (v < latest).then(|| self.href(dir, lang, &PageKind::compare(v))),
            changes_to_current: self.history.to_current[v].len(),
            groups: self.groups(lang, dir, chunk, false, true),
            pager: self.pager(lang, dir, n, pages, |p| PageKind::Version {
                version: v,
                page: p,
                pages,
            }),
        }
    }

    fn policy_page(&self, lang: usize, i: usize) -> PolicyPage<'a> {
        let policy = &self.content.policies[i];
        let code = &self.plan.languages[lang];
        let default = &self.plan.languages[0];
        let (doc, fallback) = match policy.docs.get(code) {
            Some(d) => (d, false),
            None => (&policy.docs[default], true),
        };
        PolicyPage {
            title: &doc.title,
            lang: if fallback {
                default.as_str()
            } else {
                code.as_str()
            },
            fallback_lang: fallback.then_some(default.as_str()),
            date: doc.date.to_string(),
            department: doc.department.as_deref(),
            document: doc.document.as_deref(),
            related: doc
                .related
                .iter()
                .map(|r| RelatedView {
                    title: &r.title,
                    url: &r.url,
                })
                .collect(),
            body: to_html(&doc.body),
        }
    }
}

/// A version's items sorted by category (site.yaml order), keeping list order inside.
fn sorted_items(content: &Content, v: usize) -> Vec<&Item> {
    let order: HashMap<&str, usize> = content
        .site
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.value.as_str(), i))
        .collect();
    let mut items: Vec<&Item> = content.versions[v].items.iter().collect();
    // Stable sort by a cached key: one lookup per item, not one per comparison.
    items.sort_by_cached_key(|i| {
        order
            .get(i.category.value.as_str())
            .copied()
            .unwrap_or(usize::MAX)
    });
    items
}

/// The QR code of a page's absolute URL, as `qr.svg` beside the page, for printing.
fn qr_code(qr: &crate::emit::qr::Encoder, dir: &str, url: &str) -> OutputFile {
    OutputFile {
        path: format!("{dir}qr.svg"),
        bytes: qr.svg(url.as_bytes()).unwrap_or_default().into_bytes(),
    }
}

/// `../` once per directory level of `dir` (which ends in `/` unless empty).
/// What `cache` holds for `key`, made by `make` the first time: outside the lock, so that the
/// other threads are not kept waiting (two may then make the same value; the first kept wins).
fn memo<K: std::hash::Hash + Eq, V: Clone>(
    cache: &Mutex<FastMap<K, V>>,
    key: K,
    make: impl FnOnce() -> V,
) -> V {
    // A panic while holding the lock leaves a map that is still whole.
    let lock = || cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(value) = lock().get(&key) {
        return value.clone();
    }
    let value = make();
    lock().entry(key).or_insert(value).clone()
}

/// A language's UI strings as a template value, each escaped once here and marked safe:
/// pages print them millions of times, and Tera would escape every print again. Filters stay
/// right: `replace` on a safe string escapes what it puts in.
fn ui_value(strings: &Strings) -> tera::Value {
    let escaped: BTreeMap<&str, tera::Value> = strings
        .iter()
        .map(|(k, v)| (k.as_str(), tera::Value::safe_string(&escape(v))))
        .collect();
    tera::Value::from_serializable(&escaped)
}

/// The UI string `key`, or the key itself when a language lacks it.
fn ui_or_key<'s>(strings: &'s Strings, key: &'s str) -> &'s str {
    strings.get(key).map_or(key, String::as_str)
}

fn up(dir: &str) -> String {
    "../".repeat(depth(dir))
}

/// How many folders deep `dir` is: the `../` a relative link from it starts with. (Counting
/// bytes, not `matches('/')`, whose searcher was 1 % of a build.)
fn depth(dir: &str) -> usize {
    dir.bytes().filter(|&b| b == b'/').count()
}
