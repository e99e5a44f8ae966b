//! The pages about the site itself that the portal's monitoring asks for: the HTML site map
//! (网站地图), linking every section and every version's pages, and the contact page (联系我们),
//! whose template shows the contact details and the feedback form.

use serde::Serialize;

use super::links::Link;
use super::loc::L;
use super::renderer::Renderer;
use crate::derive::plan::PageKind;

#[derive(Serialize)]
pub(super) struct SiteMapView<'a> {
    home: String,
    changelog_index: String,
    /// The current list: as links, as tables, and as the 公示版.
    current_list: String,
    current_table: String,
    current_notice: String,
    /// Newest first.
    versions: Vec<SiteMapVersion<'a>>,
    policies: Vec<Link>,
    contact: String,
    /// The place picker, when the content has places.
    places: Option<String>,
    /// The other lists (`lists/`), when the site declares any.
    lists: Option<String>,
}

#[derive(Serialize)]
struct SiteMapVersion<'a> {
    date: &'a str,
    title: L<'a>,
    document: Option<&'a str>,
    changelog: String,
    list: String,
    table: String,
    /// What changed from it to the current list (past versions only).
    compare: Option<String>,
}

impl<'a> Renderer<'a> {
    pub(super) fn site_map_page(&self, lang: usize, dir: &str) -> SiteMapView<'a> {
        let loc = self.loc(lang);
        let latest = self.content.versions.len() - 1;
        let href = |kind: &PageKind| self.href(dir, lang, kind);
        let versions = (0..=latest)
            .rev()
            .map(|v| {
                let version = &self.content.versions[v];
                SiteMapVersion {
                    date: &self.plan.dates[v],
                    title: loc.text(&version.title),
                    document: version.document.as_ref().map(|d| d.value.as_str()),
                    changelog: href(&PageKind::changelog(v)),
                    list: href(&PageKind::version(v)),
                    table: href(&PageKind::table(v, false, false)),
                    compare: (v < latest).then(|| href(&PageKind::compare(v))),
                }
            })
            .collect();
        SiteMapView {
            home: href(&PageKind::Home),
            changelog_index: href(&PageKind::ChangelogIndex),
            current_list: href(&PageKind::version(latest)),
            current_table: href(&PageKind::table(latest, true, false)),
            current_notice: href(&PageKind::table(latest, true, true)),
            versions,
            policies: self.policy_links(lang, dir),
            contact: href(&PageKind::Contact),
            places: self.places_href(lang, dir),
            lists: self.lists_href(lang, dir),
        }
    }
}
