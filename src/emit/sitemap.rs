//! `sitemap.xml` (with language alternates) and `robots.txt`, for search engines and the
//! portal's monitoring.
//!
//! Past `MAX_URLS` URLs the sitemap is split into numbered files under a sitemap index, as
//! the sitemaps protocol requires (50,000 at most; we stay well below).

use crate::base::output_file::OutputFile;
use crate::derive::history::History;
use crate::derive::plan::{PageKind, PagePlan};
use crate::model::Content;

pub(super) const MAX_URLS: usize = 30_000;

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The date a page last changed, from the content (never the build clock).
fn lastmod(content: &Content, history: &History, kind: &PageKind) -> String {
    let date = |v: usize| content.versions[v].date.value.to_string();
    match kind {
        PageKind::Item(id) => {
            let h = &history.items[id.as_str()];
            let last_event = h.events.iter().map(|&(v, _)| v).max();
            date(last_event.unwrap_or(h.listed_in[0]).max(h.listed_in[0]))
        }
        // A correction is shown on both pages of its version.
        PageKind::Changelog { version, .. } | PageKind::Version { version, .. } => {
            let corrected = content.versions[*version].corrections.last();
            corrected.map_or_else(|| date(*version), |c| c.date.value.to_string())
        }
        PageKind::Table(t) => date(t.version),
        PageKind::Policy(i) => content.policies[*i]
            .docs
            .values()
            .map(|d| d.date)
            .max()
            .map(|d| d.to_string())
            .unwrap_or_default(),
        PageKind::List(list_page) => crate::derive::lists::last_changed(content, list_page),
        PageKind::Home
        | PageKind::ChangelogIndex
        | PageKind::Compare { .. }
        | PageKind::SiteMap
        | PageKind::Contact
        | PageKind::Places
        | PageKind::Place(_) => date(content.versions.len() - 1),
    }
}

/// `sitemap.xml` (or an index plus `sitemap-N.xml`) and `robots.txt`.
pub(super) fn sitemap(content: &Content, history: &History, plan: &PagePlan) -> Vec<OutputFile> {
    let base = &content.site.base_url.value;
    let mut entries = Vec::with_capacity(plan.pages.len());
    // Every URL is the page's canonical one: in a place's section, below the section's folder,
    // also when the section is built as a site of its own.
    let url = |lang: usize, kind: &PageKind| {
        let mut url = base.clone();
        plan.push_canonical_path(&mut url, content, lang, kind);
        url
    };
    for page in plan.pages.iter().filter(|p| p.lang == 0) {
        let mut alternates = String::new();
        for (lang, code) in plan.languages.iter().enumerate() {
            alternates.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                xml_escape(code),
                xml_escape(&url(lang, &page.kind))
            ));
        }
        alternates.push_str(&format!(
            "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
            xml_escape(&url(0, &page.kind))
        ));
        let modified = lastmod(content, history, &page.kind);
        for lang in 0..plan.languages.len() {
            entries.push(format!(
                "<url><loc>{}</loc><lastmod>{modified}</lastmod>{alternates}</url>\n",
                xml_escape(&url(lang, &page.kind))
            ));
        }
    }
    // A section inside the whole site has its own site map in its folder, which the site's
    // robots.txt names.
    let at = plan.section_prefix.as_str();
    let urlset = |urls: &[String]| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n{}</urlset>\n",
            urls.concat()
        )
    };
    let mut files = Vec::new();
    if entries.len() <= MAX_URLS {
        files.push(OutputFile {
            path: format!("{at}sitemap.xml"),
            bytes: urlset(&entries).into_bytes(),
        });
    } else {
        let latest = content
            .versions
            .last()
            .map(|v| v.date.value.to_string())
            .unwrap_or_default();
        let mut index = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (n, chunk) in entries.chunks(MAX_URLS).enumerate() {
            let name = format!("{at}sitemap-{}.xml", n + 1);
            index.push_str(&format!(
                "<sitemap><loc>{}</loc><lastmod>{latest}</lastmod></sitemap>\n",
                xml_escape(&format!("{base}{name}"))
            ));
            files.push(OutputFile {
                path: name,
                bytes: urlset(chunk).into_bytes(),
            });
        }
        index.push_str("</sitemapindex>\n");
        files.push(OutputFile {
            path: format!("{at}sitemap.xml"),
            bytes: index.into_bytes(),
        });
    }
    if !at.is_empty() {
        return files;
    }
    // A place's section built on its own (`build --place`) lists the whole site's addresses
    // of its pages, which is where the whole site publishes the same site map.
    let home = (content.section.as_ref()).map_or("", |s| s.home.as_str());
    let mut robots = format!("User-agent: *\nAllow: /\n\nSitemap: {base}{home}sitemap.xml\n");
    if content.section.is_none() {
        for section in crate::derive::inherit::sections_at(content) {
            robots.push_str(&format!("Sitemap: {base}{section}sitemap.xml\n"));
        }
    }
    files.push(OutputFile {
        path: "robots.txt".into(),
        bytes: robots.into_bytes(),
    });
    files
}
