//! The frame shared by every page, its template value `c`: links to the language's home, feed
//! and assets, the nav, the footer, the language switcher and canonical links. What depends
//! only on language, depth and nav section is made once per combination (`Frame`).

use std::sync::Arc;

use serde::Serialize;

use super::cache::{memo, FrameKey};
use super::compliance;
use super::links::{depth, up};
use super::loc::{Loc, L};
use super::renderer::Renderer;
use crate::derive::plan::{Page, PageKind, PagePlan};
use crate::model::Content;
use crate::read::theme::Strings;

#[derive(Serialize)]
struct NavLink {
    href: String,
    label: String,
    current: bool,
}

#[derive(Serialize)]
pub(super) struct LangLink<'a> {
    pub(super) code: &'a str,
    pub(super) name: &'a str,
    pub(super) href: String,
    pub(super) current: bool,
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
    supervision_phone: Option<&'a str>,
    supervision_tel: Option<String>,
}

#[derive(Serialize)]
struct FooterView<'a> {
    site_code: Option<&'a str>,
    icp: Option<&'a str>,
    police_record: Option<&'a str>,
    error_report_url: Option<&'a str>,
    emblem: Option<String>,
    /// The emblem's (or its name's) link to its verification page.
    conac_href: Option<String>,
    police_record_href: Option<String>,
    /// The site map (网站地图) and contact (联系我们) pages.
    site_map: String,
    contact: String,
}

/// Which nav entry a page is under, `c.section` in templates (`"home"`, ...); item pages
/// are under none of them.
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub(super) enum NavSection {
    Home,
    Item,
    Changelog,
    Versions,
    Policy,
    /// Pages about the site itself (the site map, contact), under no nav entry either.
    Site,
}

/// The parts of `Common` that are the same on every page of a language.
pub(super) struct LangValues {
    site_title: tera::Value,
    publisher: tera::Value,
    operator: tera::Value,
    notice: tera::Value,
    contact: tera::Value,
}

impl LangValues {
    pub(super) fn new(
        content: &Content,
        plan: &PagePlan,
        strings: &[Strings],
        lang: usize,
    ) -> LangValues {
        let site = &content.site;
        let contact = &site.contact;
        let loc = Loc::new(plan, strings, lang);
        let tel = |p: &String| -> String {
            p.chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect()
        };
        use tera::Value;
        LangValues {
            site_title: Value::from_serializable(&loc.text(&site.title)),
            publisher: Value::from_serializable(&loc.text(&site.publisher)),
            operator: Value::from_serializable(&loc.opt(&site.operator)),
            notice: Value::from_serializable(&loc.opt(&site.notice)),
            contact: Value::from_serializable(&ContactView {
                department: loc.opt(&contact.department),
                phone: contact.phone.as_deref(),
                tel: contact.phone.as_ref().map(tel),
                person: loc.opt(&contact.person),
                address: loc.opt(&contact.address),
                supervision_phone: contact.supervision_phone.as_deref(),
                supervision_tel: contact.supervision_phone.as_ref().map(tel),
            }),
        }
    }
}

/// The parts of `Common` that depend only on the page's language, its depth (links are
/// relative) and its nav section. A large site has a few dozen such combinations and tens of
/// thousands of pages, so each is made once and shared into the contexts of its pages
/// (building them for every page took about 10 µs a page, perf).
pub(super) struct Frame {
    root: tera::Value,
    data: tera::Value,
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
pub(super) struct Common<'a> {
    lang: &'a str,
    ui: &'a tera::Value,
    /// Relative path from this page to the output root, e.g. `../../`.
    root: &'a tera::Value,
    /// Relative path from this page to the folder its open data is in (`data/` below it):
    /// the output root, or a place's section.
    data: &'a tera::Value,
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
    /// 承办单位, or null.
    operator: &'a tera::Value,
    /// The site's notice to every reader, or null.
    notice: &'a tera::Value,
    contact: &'a tera::Value,
    /// The 我为政府网站找错 link for this page (its address as a parameter).
    error_report_href: Option<String>,
    /// A `FooterView`.
    footer: &'a tera::Value,
    pub(super) languages: Vec<LangLink<'a>>,
    canonical: String,
    alternates: Vec<Alternate<'a>>,
    x_default: String,
    css: &'a tera::Value,
    js: &'a tera::Value,
    /// `NavLink`s.
    nav: &'a tera::Value,
    /// Which nav entry is current: home, changelog, versions, policy.
    section: NavSection,
    feedback_action: Option<&'a str>,
    /// The site's latest version date, shown as "last updated".
    updated: String,
}

impl<'a> Renderer<'a> {
    /// The `Frame` of pages of language `lang` in folders like `dir`, in nav section
    /// `section`.
    pub(super) fn frame(&self, lang: usize, dir: &str, section: NavSection) -> Arc<Frame> {
        let key = FrameKey {
            lang,
            depth: depth(dir),
            section,
        };
        memo(&self.frames, key, || {
            Arc::new(self.make_frame(lang, dir, section, None))
        })
    }

    /// With `absolute` (the base URL), links are absolute URLs instead of relative paths: for
    /// the 404 page, which the server shows at any path.
    pub(super) fn make_frame(
        &self,
        lang: usize,
        dir: &str,
        section: NavSection,
        absolute: Option<&str>,
    ) -> Frame {
        use tera::Value;
        let root = absolute.map_or_else(|| up(dir), str::to_string);
        let link = |href: String| match absolute {
            Some(base) => format!("{base}{}", href.trim_end_matches("index.html")),
            None => href,
        };
        let latest = self.content.versions.len() - 1;
        let mut entries = vec![
            (NavSection::Home, PageKind::Home, "nav_home"),
            (
                NavSection::Changelog,
                PageKind::ChangelogIndex,
                "nav_changelog",
            ),
            (
                NavSection::Versions,
                PageKind::version(latest),
                "nav_full_list",
            ),
        ];
        if !self.content.policies.is_empty() {
            entries.push((NavSection::Policy, PageKind::Policy(0), "nav_policy"));
        }
        let nav: Vec<NavLink> = entries
            .into_iter()
            .map(|(key, kind, label)| NavLink {
                href: link(self.href(dir, lang, &kind)),
                label: self.ui(lang, label),
                current: key == section,
            })
            .collect();
        let footer = self.footer(
            &root,
            link(self.href(dir, lang, &PageKind::SiteMap)),
            link(self.href(dir, lang, &PageKind::Contact)),
        );
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
            data: Value::from(format!("{root}{}", self.plan.section_prefix)),
            root: Value::from(root),
        }
    }

    /// The footer of every page, with the emblem's path from `root` and the links to the site
    /// map and contact pages.
    fn footer(&self, root: &str, site_map: String, contact: String) -> FooterView<'a> {
        let footer = &self.content.site.footer;
        FooterView {
            conac_href: footer.conac_id.as_deref().map(compliance::conac_href),
            police_record_href: (footer.police_record.as_deref())
                .and_then(compliance::police_record_href),
            site_map,
            contact,
            site_code: footer.site_code.as_deref(),
            icp: footer.icp.as_deref(),
            police_record: footer.police_record.as_deref(),
            error_report_url: footer.error_report_url.as_ref().map(|u| u.value.as_str()),
            emblem: footer.emblem.as_ref().map(|e| {
                format!(
                    "{root}{}",
                    crate::model::published::emblem_output_path(&e.value)
                )
            }),
        }
    }

    /// The page in every language, for the language switcher.
    fn language_links(&self, page: &Page, dir: &str) -> Vec<LangLink<'a>> {
        let site = &self.content.site;
        site.languages
            .iter()
            .enumerate()
            .map(|(i, l)| LangLink {
                code: &l.code,
                name: &l.name,
                href: self.href(dir, i, &page.kind),
                current: i == page.lang,
            })
            .collect()
    }

    /// The page's absolute URL in every language, for `hreflang` links.
    fn alternates(&self, page: &Page) -> Vec<Alternate<'a>> {
        let site = &self.content.site;
        let base = &site.base_url.value;
        site.languages
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut href = base.clone();
                (self.plan).push_canonical_path(&mut href, self.content, i, &page.kind);
                Alternate {
                    hreflang: &l.code,
                    href,
                }
            })
            .collect()
    }

    /// `c` of a page, in nav section `section` and with its `frame` (of the same language,
    /// depth and section).
    pub(super) fn common<'f>(
        &'f self,
        page: &Page,
        dir: &str,
        section: NavSection,
        frame: &'f Frame,
    ) -> Common<'f> {
        let site = &self.content.site;
        let base = &site.base_url.value;
        let languages = self.language_links(page, dir);
        let alternates = self.alternates(page);
        Common {
            lang: &self.plan.languages[page.lang],
            ui: &self.ui[page.lang],
            home: &frame.home,
            lang_root: &frame.lang_root,
            default_lang: &self.plan.languages[0],
            feed: &frame.feed,
            site_title: &self.lang_values[page.lang].site_title,
            publisher: &self.lang_values[page.lang].publisher,
            operator: &self.lang_values[page.lang].operator,
            notice: &self.lang_values[page.lang].notice,
            error_report_href: site.footer.error_report_url.as_ref().map(|u| {
                compliance::error_report_href(
                    &u.value,
                    site.footer.site_code.as_deref(),
                    &format!("{base}{dir}"),
                )
            }),
            contact: &self.lang_values[page.lang].contact,
            footer: &frame.footer,
            languages,
            canonical: {
                let mut href = base.clone();
                (self.plan).push_canonical_path(&mut href, self.content, page.lang, &page.kind);
                href
            },
            alternates,
            x_default: {
                let mut href = base.clone();
                (self.plan).push_canonical_path(&mut href, self.content, 0, &page.kind);
                href
            },
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
            data: &frame.data,
        }
    }
}
