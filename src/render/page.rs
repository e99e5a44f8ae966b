//! One planned page: its view (by page kind), its template and nav section, its frame, and the
//! Tera rendering into bytes; item pages also get their QR code.

use tera::Context;

use super::changelog::ChangelogIndexPage;
use super::item::qr_code;
use super::renderer::Renderer;
use super::OutputFile;
use crate::diagnostics::Diagnostic;
use crate::plan::{Page, PageKind};

impl<'a> Renderer<'a> {
    pub(super) fn render_page(&self, page: &'a Page) -> Result<Vec<OutputFile>, Diagnostic> {
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
}
