//! Policy pages: a policy document in the page's language, or in the default one when it has
//! no translation.

use serde::Serialize;

use super::renderer::Renderer;
use crate::emit::markdown::to_html;

#[derive(Serialize)]
struct RelatedView<'a> {
    title: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
pub(super) struct PolicyPage<'a> {
    title: &'a str,
    /// The language the text is in: the page's, or the default one when no translation exists.
    lang: &'a str,
    /// Set when the page shows the default language because no translation exists.
    fallback_lang: Option<&'a str>,
    date: String,
    department: Option<&'a str>,
    document: Option<&'a str>,
    related: Vec<RelatedView<'a>>,
    body: String,
}

impl<'a> Renderer<'a> {
    pub(super) fn policy_page(&self, lang: usize, i: usize) -> PolicyPage<'a> {
        let policy = &self.content.policies[i];
        let code = &self.plan.languages[lang];
        let default = &self.plan.languages[0];
        let (doc, fallback) = match policy.docs.get(code) {
            Some(d) => (d, false),
            None => (&policy.docs[default], true),
        };
        PolicyPage {
            title: &doc.title,
            lang: if fallback {
                default.as_str()
            } else {
                code.as_str()
            },
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
