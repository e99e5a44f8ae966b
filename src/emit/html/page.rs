//! One planned page: its view (by page kind), its template and nav section, its frame, and the
//! Tera rendering into bytes; item pages also get their QR code.

use tera::Context;

use super::frame::NavSection;
use super::item::qr_code;
use super::renderer::Renderer;
use crate::base::diagnostics::Diagnostic;
use crate::base::output_file::OutputFile;
use crate::derive::plan::{Page, PageKind};

impl<'a> Renderer<'a> {
    /// The page's HTML file, after its QR code for an item page.
    pub(super) fn render_page(&self, page: &'a Page) -> Result<Vec<OutputFile>, Diagnostic> {
        let dir = self.plan.url_path(self.content, page);
        let mut ctx = Context::new();
        let mut files = Vec::with_capacity(2);
        let (template, section) = self.insert_view(&mut ctx, page, &dir);
        match &page.kind {
            PageKind::Item(_) => {
                let url = self.absolute(page.lang, &page.kind);
                files.push(qr_code(&self.qr, &dir, &url));
            }
            // The 公示版 on the notice board opens the site's home page.
            PageKind::Table(t) if t.notice => {
                let url = self.absolute(page.lang, &PageKind::Home);
                files.push(qr_code(&self.qr, &dir, &url));
            }
            _ => {}
        }
        let frame = self.frame(page.lang, &dir, section);
        ctx.insert("c", &self.common(page, &dir, section, &frame));
        files.push(self.render_html(template, &ctx, &dir)?);
        Ok(files)
    }

    /// Puts the page's view into `ctx` as `p`; its template and nav section.
    fn insert_view(
        &self,
        ctx: &mut Context,
        page: &'a Page,
        dir: &str,
    ) -> (&'static str, NavSection) {
        let lang = page.lang;
        match &page.kind {
            PageKind::Home => {
                ctx.insert("p", &self.home(lang, dir));
                ("home.html", NavSection::Home)
            }
            PageKind::Item(id) => {
                ctx.insert("p", &self.item_page(lang, dir, id));
                ("item.html", NavSection::Item)
            }
            PageKind::ChangelogIndex => {
                ctx.insert("p", &self.changelog_index(lang, dir));
                ("changelog_index.html", NavSection::Changelog)
            }
            &PageKind::Changelog {
                version,
                page: n,
                pages,
            } => {
                ctx.insert("p", &self.changelog_page(lang, dir, version, n, pages));
                ("changelog.html", NavSection::Changelog)
            }
            &PageKind::Version {
                version,
                page: n,
                pages,
            } => {
                ctx.insert("p", &self.version_page(lang, dir, version, n, pages));
                ("version.html", NavSection::Versions)
            }
            &PageKind::Compare {
                version,
                page: n,
                pages,
            } => {
                ctx.insert("p", &self.compare_page(lang, dir, version, n, pages));
                ("compare.html", NavSection::Versions)
            }
            &PageKind::Policy(i) => {
                ctx.insert("p", &self.policy_page(lang, dir, i));
                ("policy.html", NavSection::Policy)
            }
            PageKind::Table(t) => {
                ctx.insert("p", &self.tables_page(lang, dir, t));
                let template = if t.notice {
                    "notice.html"
                } else {
                    "tables.html"
                };
                (template, NavSection::Versions)
            }
            PageKind::SiteMap => {
                ctx.insert("p", &self.site_map_page(lang, dir));
                ("site_map.html", NavSection::Site)
            }
            PageKind::Contact => {
                ctx.insert("p", &());
                ("contact_page.html", NavSection::Site)
            }
            PageKind::Places => {
                ctx.insert("p", &self.picker_page(lang, dir));
                ("places.html", NavSection::Site)
            }
            &PageKind::Place(i) => {
                ctx.insert("p", &self.place_page(lang, dir, i));
                ("place.html", NavSection::Site)
            }
            PageKind::List(list_page) => self.insert_list_view(ctx, lang, dir, list_page),
        }
    }

    /// `template` rendered with `ctx`, as the `index.html` of `dir`.
    fn render_html(
        &self,
        template: &str,
        ctx: &Context,
        dir: &str,
    ) -> Result<OutputFile, Diagnostic> {
        let path = format!("{dir}index.html");
        // Into bytes, not a `String`: `Tera::render` checks the whole page is UTF-8 once more
        // (1.4 % of a province build), though a template and its values are all `str`. Most
        // pages are 6–9 KB.
        let mut html = Vec::with_capacity(16 << 10);
        self.tera
            .render_to(template, ctx, &mut html)
            .map_err(|e| self.templates.diagnostic(&e, Some((template, &path))))?;
        Ok(OutputFile { path, bytes: html })
    }
}
