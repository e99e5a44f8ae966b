//! Relative links between pages: every link starts from the linking page's folder, so the
//! site works from any path and from disk; and the pager of paginated pages.

use serde::Serialize;

use super::renderer::Renderer;
use crate::derive::plan::PageKind;

/// A link with its text, in templates.
#[derive(Serialize)]
pub(super) struct Link {
    pub(super) href: String,
    pub(super) label: String,
}

/// Where a paginated page is among its pages, and links to them (only when there are several).
#[derive(Serialize)]
pub(super) struct Pager {
    page: usize,
    pages: usize,
    prev: Option<String>,
    next: Option<String>,
    links: Vec<Link>,
}

impl<'a> Renderer<'a> {
    /// Relative link from the page at `from_dir` (a directory from the output root) to the
    /// page `kind` in language `lang`.
    pub(super) fn href(&self, from_dir: &str, lang: usize, kind: &PageKind) -> String {
        // The picker and the place pages are the whole site's, outside any section.
        let place_page = matches!(kind, PageKind::Places | PageKind::Place(_));
        // A section built as a site of its own has no place pages: they are the whole site's.
        let whole_site = self
            .content
            .section
            .as_ref()
            .and_then(|s| s.whole_site.as_ref());
        let mut href = match whole_site.filter(|_| place_page) {
            Some(base) => base.clone(),
            None => up(from_dir),
        };
        self.plan.push_page_prefix(&mut href, lang, kind);
        self.plan.push_dir(&mut href, self.content, kind);
        href.push_str("index.html");
        href
    }

    /// The absolute URL of page `kind` in language `lang`: where it is in the whole site (for
    /// a section built on its own too), as permalinks, QR codes and JSON-LD name it.
    pub(super) fn absolute(&self, lang: usize, kind: &PageKind) -> String {
        let mut url = self.content.site.base_url.value.clone();
        self.plan
            .push_canonical_path(&mut url, self.content, lang, kind);
        url
    }

    /// `href` to the page of item `id`, without making a `PageKind` (and a copy of the id).
    pub(super) fn item_href(&self, from_dir: &str, lang: usize, id: &str) -> String {
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

    /// The pager of page `n` of `pages`, whose `kind(p)` is page `p`.
    pub(super) fn pager(
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
}

/// `../` once per directory level of `dir` (which ends in `/` unless empty).
pub(super) fn up(dir: &str) -> String {
    "../".repeat(depth(dir))
}

/// How many folders deep `dir` is: the `../` a relative link from it starts with. (Counting
/// bytes, not `matches('/')`, whose searcher was 1 % of a build.)
pub(super) fn depth(dir: &str) -> usize {
    dir.bytes().filter(|&b| b == b'/').count()
}
