//! Renders every planned page with Tera, in parallel (rayon), from typed view structs.
//!
//! Templates never see the content model directly: each page gets borrowed views (`Common`,
//! `HomeView`, `ItemPage`, ...) with text already resolved for the page's language. A missing
//! translation falls back to the default language, marked with its `lang` and a visible note.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use tera::{Context, Tera};

use crate::content::{Content, Item, Status, Text};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::history::{History, ItemChange, Presence, StatusChange};
use crate::markdown::{escape, to_html};
use crate::plan::{Page, PageKind, PagePlan, PER_PAGE};
use crate::theme::{Strings, Theme};

/// A file of the finished site: a path relative to the output folder, with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Above this many current items, the home page lists categories with counts instead of every
/// item (the full list is on the paginated version pages).
pub const HOME_FULL_LIST_LIMIT: usize = 400;

/// Render all pages and copy the theme's static files (with content-hashed names).
pub fn render(
    content: &Content,
    history: &History,
    plan: &PagePlan,
    theme: &Theme,
    strings: &[Strings],
) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut tera = Tera::new();
    tera.add_raw_templates(theme.templates()).map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            std::path::Path::new("templates"),
            None,
            format!("a theme template does not compile: {e}"),
        ))
    })?;
    let (assets, mut files) = hashed_assets(theme);
    let r = Renderer {
        content,
        history,
        plan,
        tera,
        strings,
        assets,
    };
    let pages: Result<Vec<OutputFile>, Diagnostic> = plan
        .pages
        .par_iter()
        .map(|page| r.render_page(page))
        .collect();
    files.extend(pages.map_err(Diagnostics::from)?);
    files.push(r.not_found_page().map_err(Diagnostics::from)?);
    Ok(files)
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
    strings: &'a [Strings],
    assets: Assets,
}

/// Localized plain text: `text` for attributes and titles, `html` for the page body (escaped,
/// marked when it falls back to the default language).
#[derive(Serialize, Debug, Clone)]
struct L<'a> {
    text: &'a str,
    html: String,
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
    fn text<'t>(&self, t: &'t Text) -> L<'t> {
        match t.get(self.lang) {
            Some(s) => L {
                text: s,
                html: escape(s),
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
                    ),
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

/// What every page template gets as `c`.
#[derive(Serialize)]
struct Common<'a> {
    lang: &'a str,
    ui: &'a Strings,
    /// Relative path from this page to the output root, e.g. `../../`.
    root: String,
    /// This language's home page.
    home: String,
    site_title: L<'a>,
    publisher: L<'a>,
    contact: ContactView<'a>,
    footer: FooterView<'a>,
    languages: Vec<LangLink<'a>>,
    canonical: String,
    alternates: Vec<Alternate<'a>>,
    x_default: String,
    css: String,
    js: String,
    nav: Vec<Link>,
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
    items: Vec<ItemLink<'a>>,
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
    counts: CountsView,
    initial: bool,
    item_count: usize,
}

#[derive(Serialize, Default)]
struct CountsView {
    added: usize,
    removed: usize,
    renamed: usize,
    cancelled: usize,
    reinstated: usize,
    changed: usize,
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
struct TimelineEntry<'a> {
    date: String,
    href: String,
    /// UI labels of what happened.
    events: Vec<String>,
    note: Option<Md>,
    _id: &'a str,
}

#[derive(Serialize)]
struct ItemPage<'a> {
    item: ItemView<'a>,
    /// issued | cancelled | removed | renamed
    state: &'static str,
    /// For removed and renamed items: the version that dropped it.
    removed_on: Option<String>,
    removed_href: Option<String>,
    successor: Option<Successor<'a>>,
    listed_in: Vec<Link>,
    timeline: Vec<TimelineEntry<'a>>,
    first_date: String,
}

#[derive(Serialize)]
struct ChangeEntry<'a> {
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
        Loc {
            lang: &self.plan.languages[lang],
            default: &self.plan.languages[0],
            note: self.strings[lang]
                .get("not_translated")
                .map_or("not yet translated", String::as_str),
        }
    }

    fn ui(&self, lang: usize, key: &str) -> String {
        self.strings[lang]
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Relative link from the page at `from_dir` (a directory from the output root) to the
    /// page `kind` in language `lang`.
    fn href(&self, from_dir: &str, lang: usize, kind: &PageKind) -> String {
        let target = format!(
            "{}{}",
            self.plan.lang_prefix(lang),
            self.plan.dir(self.content, kind)
        );
        format!("{}{}index.html", up(from_dir), target)
    }

    fn category(&self, id: &str) -> Option<&'a Text> {
        self.content
            .site
            .categories
            .iter()
            .find(|c| c.id.value == id)
            .map(|c| &c.name)
    }

    fn category_l(&self, loc: &Loc<'_>, id: &'a str) -> L<'a> {
        match self.category(id) {
            Some(t) => {
                let l = loc.text(t);
                L {
                    text: l.text,
                    html: l.html,
                }
            }
            None => L {
                text: id,
                html: escape(id),
            },
        }
    }

    fn common(&self, page: &Page, dir: &str, title_section: &'static str) -> Common<'_> {
        let site = &self.content.site;
        let loc = self.loc(page.lang);
        let base = &site.base_url.value;
        let root = up(dir);
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
        let contact = &site.contact;
        let mut nav = vec![
            Link {
                href: self.href(dir, page.lang, &PageKind::Home),
                label: self.ui(page.lang, "nav_home"),
            },
            Link {
                href: self.href(dir, page.lang, &PageKind::ChangelogIndex),
                label: self.ui(page.lang, "nav_changelog"),
            },
        ];
        if let Some(latest) = self.content.versions.len().checked_sub(1) {
            nav.push(Link {
                href: self.href(
                    dir,
                    page.lang,
                    &PageKind::Version {
                        version: latest,
                        page: 1,
                        pages: 1,
                    },
                ),
                label: self.ui(page.lang, "nav_full_list"),
            });
        }
        if !self.content.policies.is_empty() {
            nav.push(Link {
                href: self.href(dir, page.lang, &PageKind::Policy(0)),
                label: self.ui(page.lang, "nav_policy"),
            });
        }
        Common {
            lang: &self.plan.languages[page.lang],
            ui: &self.strings[page.lang],
            home: self.href(dir, page.lang, &PageKind::Home),
            site_title: loc.text(&site.title),
            publisher: loc.text(&site.publisher),
            contact: ContactView {
                department: loc.opt(&contact.department),
                phone: contact.phone.as_deref(),
                tel: contact.phone.as_ref().map(|p| {
                    p.chars()
                        .filter(|c| c.is_ascii_digit() || *c == '+')
                        .collect()
                }),
                person: loc.opt(&contact.person),
                address: loc.opt(&contact.address),
            },
            footer: FooterView {
                site_code: site.footer.site_code.as_deref(),
                icp: site.footer.icp.as_deref(),
                police_record: site.footer.police_record.as_deref(),
                error_report_url: site.footer.error_report_url.as_ref().map(|u| u.value.as_str()),
                emblem: site
                    .footer
                    .emblem
                    .as_ref()
                    .map(|e| format!("{root}{}", crate::load::emblem_output_path(&e.value))),
            },
            languages,
            canonical: format!("{base}{dir}"),
            alternates,
            x_default: format!("{base}{}", self.plan.dir(self.content, &page.kind)),
            css: format!("{root}{}", self.assets.css),
            js: format!("{root}{}", self.assets.js),
            nav,
            section: title_section,
            feedback_action: site.feedback_action.as_ref().map(|a| a.value.as_str()),
            updated: self
                .content
                .versions
                .last()
                .map(|v| v.date.value.to_string())
                .unwrap_or_default(),
            root,
        }
    }

    fn render_page(&self, page: &Page) -> Result<OutputFile, Diagnostic> {
        let dir = self.plan.url_path(self.content, page);
        let mut ctx = Context::new();
        let (template, section) = match &page.kind {
            PageKind::Home => {
                ctx.insert("p", &self.home(page.lang, &dir));
                ("home.html", "home")
            }
            PageKind::Item(id) => {
                ctx.insert("p", &self.item_page(page.lang, &dir, id));
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
            PageKind::Policy(i) => {
                ctx.insert("p", &self.policy_page(page.lang, *i));
                ("policy.html", "policy")
            }
        };
        ctx.insert("c", &self.common(page, &dir, section));
        let html = self.tera.render(template, &ctx).map_err(|e| {
            Diagnostic::error(
                std::path::Path::new(template),
                None,
                format!("rendering {dir}index.html failed: {e:#}"),
            )
        })?;
        Ok(OutputFile {
            path: format!("{dir}index.html"),
            bytes: html.into_bytes(),
        })
    }

    /// The bilingual `404.html` at the root: every language's message, links that work from
    /// any depth only if the server serves it at the root, so it uses absolute `base_url` links.
    fn not_found_page(&self) -> Result<OutputFile, Diagnostic> {
        let page = Page {
            lang: 0,
            kind: PageKind::Home,
        };
        let mut ctx = Context::new();
        let mut c = self.common(&page, "", "home");
        let base = &self.content.site.base_url.value;
        c.root = base.clone();
        c.home = base.clone();
        c.css = format!("{base}{}", self.assets.css);
        c.js = format!("{base}{}", self.assets.js);
        let messages: Vec<Link> = (0..self.plan.languages.len())
            .map(|l| Link {
                href: format!("{base}{}", self.plan.lang_prefix(l)),
                label: self.ui(l, "not_found"),
            })
            .collect();
        for n in &mut c.nav {
            n.href = format!("{base}{}", n.href.trim_end_matches("index.html"));
        }
        for l in &mut c.languages {
            l.href = format!("{base}{}", l.href.trim_end_matches("index.html"));
        }
        c.footer.emblem = c
            .footer
            .emblem
            .map(|e| format!("{base}{}", e.trim_start_matches(base.as_str())));
        ctx.insert("c", &c);
        ctx.insert("p", &messages);
        let html = self.tera.render("404.html", &ctx).map_err(|e| {
            Diagnostic::error(
                std::path::Path::new("404.html"),
                None,
                format!("rendering 404.html failed: {e:#}"),
            )
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
            date: version.date.value.to_string(),
            title: loc.text(&version.title),
            document: version.document.as_ref().map(|d| d.value.as_str()),
            issued_by: loc.opt(&version.issued_by),
            href: self.href(
                dir,
                lang,
                &PageKind::Changelog {
                    version: v,
                    page: 1,
                    pages: 1,
                },
            ),
            list_href: self.href(
                dir,
                lang,
                &PageKind::Version {
                    version: v,
                    page: 1,
                    pages: 1,
                },
            ),
            counts: CountsView {
                added: counts.added,
                removed: counts.removed,
                renamed: counts.renamed,
                cancelled: counts.cancelled,
                reinstated: counts.reinstated,
                changed: counts.changed,
            },
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
            href: self.href(dir, lang, &PageKind::Item(item.id.value.clone())),
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

    /// Items grouped by category in the order of site.yaml.
    fn groups(
        &self,
        lang: usize,
        dir: &str,
        items: &[&'a Item],
        with_alternative: bool,
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
            g.items
                .push(self.item_link(lang, dir, item, with_alternative));
            g.count += 1;
        }
        groups
    }

    /// A version's items sorted by category (site.yaml order), keeping list order inside.
    fn sorted_items(&self, v: usize) -> Vec<&'a Item> {
        let order: BTreeMap<&str, usize> = self
            .content
            .site
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.value.as_str(), i))
            .collect();
        let mut items: Vec<&Item> = self.content.versions[v].items.iter().collect();
        items.sort_by_key(|i| {
            order
                .get(i.category.value.as_str())
                .copied()
                .unwrap_or(usize::MAX)
        });
        items
    }

    fn home(&self, lang: usize, dir: &str) -> HomeView<'a> {
        let latest = self.content.versions.len() - 1;
        let items = self.sorted_items(latest);
        let (issued, cancelled): (Vec<&Item>, Vec<&Item>) =
            items.iter().partition(|i| i.status.value == Status::Issued);
        let full_list = items.len() <= HOME_FULL_LIST_LIMIT;
        let mut issued_groups = self.groups(lang, dir, &issued, false);
        let mut cancelled_groups = self.groups(lang, dir, &cancelled, true);
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
                g.items.clear();
                let page = positions.get(g.id).map_or(1, |p| p / PER_PAGE + 1);
                let pages = crate::plan::page_count(items.len());
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

    /// UI labels for what a change did.
    fn event_labels(&self, lang: usize, change: &ItemChange, for_id: &str) -> Vec<String> {
        let mut out = Vec::new();
        let date = |v: usize| self.content.versions[v].date.value.to_string();
        match &change.presence {
            Presence::Added => out.push(self.ui(lang, "event_added")),
            Presence::Readded { last_seen } => out.push(
                self.ui(lang, "event_readded")
                    .replace("{date}", &date(*last_seen)),
            ),
            Presence::Removed => out.push(self.ui(lang, "event_removed")),
            Presence::Renamed { from } if from == for_id => out.push(
                self.ui(lang, "event_renamed_to")
                    .replace("{id}", &change.id),
            ),
            Presence::Renamed { from } => {
                out.push(self.ui(lang, "event_renamed_from").replace("{id}", from))
            }
            Presence::Kept => {}
        }
        match change.status {
            Some(StatusChange::Cancelled) => out.push(self.ui(lang, "event_cancelled")),
            Some(StatusChange::Reinstated) => out.push(self.ui(lang, "event_reinstated")),
            None => {}
        }
        if !change.fields.is_empty()
            && !(matches!(change.presence, Presence::Renamed { ref from } if from == for_id))
        {
            let fields: Vec<String> = change
                .fields
                .iter()
                .map(|f| self.ui(lang, &format!("field_{}", f.key())))
                .collect();
            out.push(format!(
                "{}{}",
                self.ui(lang, "event_changed"),
                fields.join(self.ui(lang, "list_separator").as_str())
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
                href: self.href(dir, lang, &PageKind::Item(s.to_string())),
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
                href: self.href(
                    dir,
                    lang,
                    &PageKind::Version {
                        version: v,
                        page: 1,
                        pages: 1,
                    },
                ),
                label: self.content.versions[v].date.value.to_string(),
            })
            .collect();
        let first = h.listed_in[0];
        let mut timeline = vec![TimelineEntry {
            date: self.content.versions[first].date.value.to_string(),
            href: self.href(
                dir,
                lang,
                &PageKind::Changelog {
                    version: first,
                    page: 1,
                    pages: 1,
                },
            ),
            events: vec![if first == 0 {
                self.ui(lang, "event_initial")
            } else {
                self.ui(lang, "event_added")
            }],
            note: self.content.versions[first].note(id).map(|t| loc.md(t)),
            _id: id,
        }];
        for &(v, n) in &h.events {
            let change = &self.history.versions[v].changes[n];
            if v == first && matches!(change.presence, Presence::Added) {
                continue;
            }
            timeline.push(TimelineEntry {
                date: self.content.versions[v].date.value.to_string(),
                href: self.href(
                    dir,
                    lang,
                    &PageKind::Changelog {
                        version: v,
                        page: 1,
                        pages: 1,
                    },
                ),
                events: self.event_labels(lang, change, id),
                note: self.content.versions[v].note(id).map(|t| loc.md(t)),
                _id: id,
            });
        }
        ItemPage {
            item: self.item_view(lang, item),
            state,
            removed_on: dropped_in.map(|v| self.content.versions[v].date.value.to_string()),
            removed_href: dropped_in.map(|v| {
                self.href(
                    dir,
                    lang,
                    &PageKind::Changelog {
                        version: v,
                        page: 1,
                        pages: 1,
                    },
                )
            }),
            successor,
            listed_in,
            timeline,
            first_date: self.content.versions[first].date.value.to_string(),
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
        const ORDER: [&str; 7] = [
            "added",
            "readded",
            "renamed",
            "cancelled",
            "reinstated",
            "changed",
            "removed",
        ];
        let section_of = |c: &ItemChange| -> &'static str {
            match (&c.presence, c.status) {
                (Presence::Added, _) => "added",
                (Presence::Readded { .. }, _) => "readded",
                (Presence::Removed, _) => "removed",
                (Presence::Renamed { .. }, _) => "renamed",
                (_, Some(StatusChange::Cancelled)) => "cancelled",
                (_, Some(StatusChange::Reinstated)) => "reinstated",
                _ => "changed",
            }
        };
        let mut changes: Vec<&ItemChange> = self.history.versions[v].changes.iter().collect();
        changes.sort_by_key(|c| ORDER.iter().position(|s| *s == section_of(c)));
        let mut sections: Vec<Section<'a>> = Vec::new();
        for c in changes.into_iter().skip((n - 1) * PER_PAGE).take(PER_PAGE) {
            let key = section_of(c);
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
                        href: self.href(dir, lang, &PageKind::Item(from.clone())),
                        label: loc
                            .text(&self.history.item(self.content, h.last).name)
                            .text
                            .to_string(),
                    })
                }
                _ => None,
            };
            let mut events = self.event_labels(lang, c, &c.id);
            events.retain(|e| !e.starts_with(&self.ui(lang, "event_changed")));
            sections
                .last_mut()
                .expect("pushed above")
                .entries
                .push(ChangeEntry {
                    id: &item.id.value,
                    href: self.href(dir, lang, &PageKind::Item(c.id.clone())),
                    name: loc.text(&item.name),
                    status: item.status.value.as_str(),
                    from,
                    fields: c
                        .fields
                        .iter()
                        .map(|f| self.ui(lang, &format!("field_{}", f.key())))
                        .collect(),
                    events,
                    note: version.note(&c.id).map(|t| loc.md(t)),
                    alternative: match c.status {
                        Some(StatusChange::Cancelled) => loc.md_opt(&item.alternative),
                        _ => None,
                    },
                });
        }
        ChangelogPage {
            version: self.version_summary(lang, dir, v),
            summary: loc.md_opt(&version.summary),
            previous: v.checked_sub(1).map(|p| Link {
                href: self.href(
                    dir,
                    lang,
                    &PageKind::Changelog {
                        version: p,
                        page: 1,
                        pages: 1,
                    },
                ),
                label: self.content.versions[p].date.value.to_string(),
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
        let items = self.sorted_items(v);
        let chunk: Vec<&Item> = items
            .into_iter()
            .skip((n - 1) * PER_PAGE)
            .take(PER_PAGE)
            .collect();
        let latest = self.content.versions.len() - 1;
        VersionPage {
            version: self.version_summary(lang, dir, v),
            is_latest: v == latest,
            latest_href: self.href(
                dir,
                lang,
                &PageKind::Version {
                    version: latest,
                    page: 1,
                    pages: 1,
                },
            ),
            groups: self.groups(lang, dir, &chunk, false),
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

/// `../` once per directory level of `dir` (which ends in `/` unless empty).
fn up(dir: &str) -> String {
    "../".repeat(dir.matches('/').count())
}
