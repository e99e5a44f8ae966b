//! The search index of each language (`search.json`), which the site's script searches in the
//! browser: every id ever published, with where it went.

use super::renderer::Renderer;
use crate::base::output_file::OutputFile;
use crate::model::{Status, Text};

impl<'a> Renderer<'a> {
    /// The search index of one language: every id ever published (cancelled, removed and
    /// renamed ones too, so a search for them explains where to go), as compact arrays
    /// `[href, name, state, keywords, purpose, rest, detail]` with hrefs relative to the
    /// language root. `detail` is the alternative (cancelled), the removal date as readers read it
    /// (removed) or
    /// the successor's href and name separated by U+001F (renamed).
    pub(super) fn search_index(&self, lang: usize) -> OutputFile {
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
                (false, None, _) => ("removed", self.date_text(lang, h.last.version + 1)),
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
}
