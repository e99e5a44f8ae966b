//! The `404.html` page at the output root: every language's message, with absolute links since
//! the server shows it at any path.

use tera::Context;

use super::frame::{LangLink, NavSection};
use super::renderer::Renderer;
use crate::base::diagnostics::Diagnostic;
use crate::base::output_file::OutputFile;
use crate::derive::plan::{Page, PageKind};

impl<'a> Renderer<'a> {
    /// The bilingual `404.html` at the root: every language's message, links that work from
    /// any depth only if the server serves it at the root, so it uses absolute `base_url` links.
    pub(super) fn not_found_page(&self) -> Result<OutputFile, Diagnostic> {
        let page = Page {
            lang: 0,
            kind: PageKind::Home,
        };
        let mut ctx = Context::new();
        let base = &self.content.site.base_url.value;
        let frame = self.make_frame(0, "", NavSection::Home, Some(base));
        let mut c = self.common(&page, "", NavSection::Home, &frame);
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
}
