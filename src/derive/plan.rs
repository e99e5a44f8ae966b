//! Plans every page of the site and its URL, in every language, before anything is rendered.
//!
//! URLs are the site's promise: an item id once published keeps `items/<id>/` forever, every
//! version keeps `versions/<date>/` and `changelog/<date>/`. Long lists are split into pages of
//! at most `PER_PAGE` entries (`CHANGES_PER_PAGE` for changelogs and comparisons) whose first
//! page keeps the stable URL.

use crate::derive::history::History;
use crate::model::Content;

/// Entries on one page of a version list (an item link each, about 0.2 KB).
pub(crate) const PER_PAGE: usize = 250;

/// Entries on one page of a changelog or of a comparison with the current version. Their
/// entries carry field-level diffs and notes (0.9 KB each in a province-tier changelog, 1.3 KB
/// when a comparison accumulates many versions), so 250 of them broke the 200 KB page budget
/// of issue 7.
pub(crate) const CHANGES_PER_PAGE: usize = 100;

/// Rows on one page of a version's numbered tables: each row carries an item's purpose, basis
/// and requesting and issuing units in full (about 1 KB), so the page budget allows fewer
/// rows than links.
pub(crate) const TABLE_ROWS_PER_PAGE: usize = 100;

/// What a page shows (the same kind is made once per language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Item(String),
    ChangelogIndex,
    /// `page` counts from 1.
    Changelog {
        version: usize,
        page: usize,
        pages: usize,
    },
    Version {
        version: usize,
        page: usize,
        pages: usize,
    },
    /// What changed between a past version and the current one.
    Compare {
        version: usize,
        page: usize,
        pages: usize,
    },
    Policy(usize),
    /// A version's numbered tables as lists are issued (the 保留 and 不再出具 tables), or
    /// their printable notice-board version (公示版).
    Table(TablePage),
    /// The HTML site map (网站地图): every section of the site.
    SiteMap,
    /// 联系我们: the contact details and the feedback form.
    Contact,
    /// The place picker (`places/`): every place of places.yaml as a tree.
    Places,
    /// One place's page (`places/<id>/`), by its index in `Places::places`.
    Place(usize),
    /// A page of the other lists (`derive::lists`).
    List(crate::derive::lists::ListPage),
}

/// Which tables page: `versions/<date>/table/`, or `table/` for the stable page of the current
/// list; with `notice/` after that for the 公示版 (of the current list only); `page/N/` after
/// that past the first page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TablePage {
    pub version: usize,
    pub current: bool,
    pub notice: bool,
    /// Counts from 1.
    pub page: usize,
    pub pages: usize,
}

/// One page to render: a kind of page in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Index into `site.languages`.
    pub lang: usize,
    pub kind: PageKind,
}

/// The pages to render, in a fixed order.
#[derive(Debug, Clone, Default)]
pub struct PagePlan {
    pub pages: Vec<Page>,
    /// Codes of the site's languages; the first is served at the root.
    pub languages: Vec<String>,
    /// Each version's date as its URLs spell it (`2023-06-30`), formatted once.
    pub dates: Vec<String>,
    /// For a place's section, where it lives below each language's root (`places/<id>/`);
    /// empty for the site's own pages.
    pub(crate) section_prefix: String,
    /// For a place's section, inside the whole site or built on its own: where its pages are
    /// from the base URL in their canonical addresses (`places/<id>/`, or empty when the place
    /// names its own `home`); empty for the site's own pages.
    pub(crate) canonical_section: String,
}

impl PageKind {
    /// The first page of version `v`'s changelog (the only page whose URL links need).
    pub fn changelog(v: usize) -> PageKind {
        PageKind::Changelog {
            version: v,
            page: 1,
            pages: 1,
        }
    }

    /// The first page of the list as it stood at version `v`.
    pub fn version(v: usize) -> PageKind {
        PageKind::Version {
            version: v,
            page: 1,
            pages: 1,
        }
    }

    /// The first page of what changed from version `v` to the current one.
    pub fn compare(v: usize) -> PageKind {
        PageKind::Compare {
            version: v,
            page: 1,
            pages: 1,
        }
    }
}

impl PageKind {
    /// The first page of version `v`'s tables (`current`: at the stable `table/`), or of
    /// their 公示版 with `notice`.
    pub fn table(v: usize, current: bool, notice: bool) -> PageKind {
        PageKind::Table(TablePage {
            version: v,
            current,
            notice,
            page: 1,
            pages: 1,
        })
    }
}

impl PagePlan {
    /// The directory of a page below its language root, e.g. `items/kinship/`; `""` for home.
    pub fn dir(&self, content: &Content, kind: &PageKind) -> String {
        let mut dir = String::new();
        self.push_dir(&mut dir, content, kind);
        dir
    }

    /// Append `dir(content, kind)` to `out`. Rendering makes about a million links for a
    /// province; building each in one buffer keeps them to one allocation.
    pub(crate) fn push_dir(&self, out: &mut String, content: &Content, kind: &PageKind) {
        let (base, version, page) = match kind {
            PageKind::Home => return,
            PageKind::Item(id) => return push_item_dir(out, id),
            PageKind::ChangelogIndex => return out.push_str("changelog/"),
            PageKind::Policy(i) => {
                out.push_str("policy/");
                out.push_str(&content.policies[*i].slug);
                return out.push('/');
            }
            PageKind::SiteMap => return out.push_str("site-map/"),
            PageKind::Contact => return out.push_str("contact/"),
            PageKind::Places => return out.push_str("places/"),
            PageKind::Place(i) => {
                let places = content.places.as_ref().expect("planned from places.yaml");
                return push_place_dir(out, &places.places[*i].id.value);
            }
            PageKind::Table(t) => return self.push_table_dir(out, t),
            PageKind::List(page) => return crate::derive::lists::push_dir(out, content, page),
            PageKind::Changelog { version, page, .. } => ("changelog/", version, page),
            PageKind::Version { version, page, .. } => ("versions/", version, page),
            PageKind::Compare { version, page, .. } => ("versions/", version, page),
        };
        out.push_str(base);
        out.push_str(&self.dates[*version]);
        out.push('/');
        if let PageKind::Compare { .. } = kind {
            out.push_str("changes/");
        }
        if *page > 1 {
            out.push_str("page/");
            out.push_str(&page.to_string());
            out.push('/');
        }
    }

    fn push_table_dir(&self, out: &mut String, t: &TablePage) {
        if !t.current {
            out.push_str("versions/");
            out.push_str(&self.dates[t.version]);
            out.push('/');
        }
        out.push_str("table/");
        if t.notice {
            out.push_str("notice/");
        }
        if t.page > 1 {
            out.push_str("page/");
            out.push_str(&t.page.to_string());
            out.push('/');
        }
    }

    /// `""` for the default language, `en/` for the others.
    pub(crate) fn lang_prefix(&self, lang: usize) -> String {
        let mut prefix = String::new();
        self.push_lang_prefix(&mut prefix, lang);
        prefix
    }

    /// Append `lang_prefix(lang)` to `out`: in a place's section, the section's folder too,
    /// so that every page and link of the section is below it.
    pub(crate) fn push_lang_prefix(&self, out: &mut String, lang: usize) {
        self.push_site_lang_prefix(out, lang);
        out.push_str(&self.section_prefix);
    }

    /// Append a page's canonical path from the base URL: its place in the whole site, also
    /// when its section is built as a site of its own.
    pub(crate) fn push_canonical_path(
        &self,
        out: &mut String,
        content: &Content,
        lang: usize,
        kind: &PageKind,
    ) {
        self.push_site_lang_prefix(out, lang);
        if !matches!(kind, PageKind::Places | PageKind::Place(_)) {
            out.push_str(&self.canonical_section);
        }
        self.push_dir(out, content, kind);
    }

    /// Append the language's root of the whole site (outside any section) to `out`.
    pub(crate) fn push_site_lang_prefix(&self, out: &mut String, lang: usize) {
        if lang != 0 {
            out.push_str(&self.languages[lang]);
            out.push('/');
        }
    }

    /// The page's directory from the output root, e.g. `en/items/kinship/`.
    pub(crate) fn url_path(&self, content: &Content, page: &Page) -> String {
        let mut path = String::with_capacity(48);
        self.push_page_prefix(&mut path, page.lang, &page.kind);
        self.push_dir(&mut path, content, &page.kind);
        path
    }

    /// Append the root a page of `kind` is below: its language's, and the section's for every
    /// page but the picker and the place pages, which are the whole site's even when a
    /// section renders them (a place without a list of its own shows its section's).
    pub(crate) fn push_page_prefix(&self, out: &mut String, lang: usize, kind: &PageKind) {
        match kind {
            PageKind::Places | PageKind::Place(_) => self.push_site_lang_prefix(out, lang),
            _ => self.push_lang_prefix(out, lang),
        }
    }
}

/// Append an item's directory, `items/<id>/`, to `out`.
pub(crate) fn push_item_dir(out: &mut String, id: &str) {
    out.push_str("items/");
    out.push_str(id);
    out.push('/');
}

/// Append a place's directory, `places/<id>/`, to `out`: its permanent address, as an item's
/// is. A place with a list of its own has its section there, the section's home at this
/// address.
pub(crate) fn push_place_dir(out: &mut String, id: &str) {
    out.push_str("places/");
    out.push_str(id);
    out.push('/');
}

/// The picker and a page per place, parents before children, when the content has places:
/// appended after every other page, so a content folder without places.yaml plans exactly
/// the pages it did before.
///
/// A place with a section has no page of its own (its section's home is at its address), and
/// a place without one shows the list of its nearest ancestor with one: that ancestor's
/// section plans its page (at its own address), the site the rest.
fn place_kinds(content: &Content) -> Vec<PageKind> {
    if content.places.as_ref().is_none_or(|p| p.places.is_empty()) {
        return Vec::new();
    }
    // A section built as a site of its own links to the whole site's place pages.
    if content
        .section
        .as_ref()
        .is_some_and(|s| s.prefix.is_empty())
    {
        return Vec::new();
    }
    let Some(inheritance) = crate::model::places::inherit::Inheritance::new(content) else {
        return Vec::new();
    };
    // A place without a section shows the list of its nearest ancestor with one, so that
    // ancestor's section renders its page; the top place's list is the site's.
    let owner = |i: usize| match inheritance.sectioned(i) {
        true => None,
        false => Some(inheritance.list_owner_above(i).unwrap_or(i)),
    };
    let renders = match &content.section {
        Some(section) => Some(section.place),
        None => inheritance.tree.root,
    };
    let pages = (inheritance.tree.order.iter().copied())
        .filter(|&i| owner(i) == renders)
        .map(PageKind::Place);
    let picker = content.section.is_none().then_some(PageKind::Places);
    picker.into_iter().chain(pages).collect()
}

/// Every version's tables, then the current list's at `table/` with its 公示版: a notice
/// board shows only the list in force, and a 公示版 of every past version would add half as
/// many pages again (on a province, hundreds of megabytes) that no one should post.
fn table_kinds(content: &Content) -> Vec<PageKind> {
    let latest = content.versions.len().saturating_sub(1);
    let each = (0..content.versions.len()).map(|v| (v, false));
    let current = (!content.versions.is_empty()).then_some((latest, true));
    let mut kinds = Vec::new();
    for (version, current) in each.chain(current) {
        let pages = page_count(content.versions[version].items.len(), TABLE_ROWS_PER_PAGE);
        let notices: &[bool] = if current { &[false, true] } else { &[false] };
        for &notice in notices {
            kinds.extend((1..=pages).map(|page| {
                PageKind::Table(TablePage {
                    version,
                    current,
                    notice,
                    page,
                    pages,
                })
            }));
        }
    }
    kinds
}

/// Number of pages needed for `n` entries, `per_page` to a page (at least one page).
pub(crate) fn page_count(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page).max(1)
}

/// Every page the site has, for every language, in the order they are rendered.
pub fn plan(content: &Content, history: &History) -> PagePlan {
    let languages: Vec<String> = content
        .site
        .languages
        .iter()
        .map(|l| l.code.clone())
        .collect();
    let mut kinds = vec![PageKind::Home, PageKind::ChangelogIndex];
    for (v, version) in content.versions.iter().enumerate() {
        let pages = page_count(history.versions[v].changes.len(), CHANGES_PER_PAGE);
        kinds.extend((1..=pages).map(|page| PageKind::Changelog {
            version: v,
            page,
            pages,
        }));
        let pages = page_count(version.items.len(), PER_PAGE);
        kinds.extend((1..=pages).map(|page| PageKind::Version {
            version: v,
            page,
            pages,
        }));
        if v + 1 < content.versions.len() {
            let pages = page_count(history.to_current[v].len(), CHANGES_PER_PAGE);
            kinds.extend((1..=pages).map(|page| PageKind::Compare {
                version: v,
                page,
                pages,
            }));
        }
    }
    kinds.extend(history.items.keys().map(|id| PageKind::Item(id.clone())));
    kinds.extend((0..content.policies.len()).map(PageKind::Policy));
    kinds.extend(table_kinds(content));
    kinds.extend([PageKind::SiteMap, PageKind::Contact]);
    kinds.extend(place_kinds(content));
    kinds.extend(
        crate::derive::lists::pages(content)
            .into_iter()
            .map(PageKind::List),
    );
    let pages = (0..languages.len())
        .flat_map(|lang| {
            kinds.iter().map(move |kind| Page {
                lang,
                kind: kind.clone(),
            })
        })
        .collect();
    let dates = content
        .versions
        .iter()
        .map(|v| v.date.value.to_string())
        .collect();
    let section_prefix = (content.section.as_ref()).map_or_else(String::new, |s| s.prefix.clone());
    // Where the section's pages are from the base URL, built inside the whole site or on
    // its own alike: `places/<id>/`, or nothing for a place that names its own home (then
    // the section's base URL).
    let canonical_section = (content.section.as_ref()).map_or_else(String::new, |s| s.home.clone());
    PagePlan {
        pages,
        languages,
        dates,
        section_prefix,
        canonical_section,
    }
}
