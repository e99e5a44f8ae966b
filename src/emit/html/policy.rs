//! Policy pages: a policy document in the page's language, or in the default one when it has
//! no translation, with its metadata block as government sites publish it, the versions of the
//! list it belongs to, and its body (prose, or questions and answers: `policy_body`).

use serde::Serialize;

use super::links::Link;
use super::policy_body::{self, Question};
use super::renderer::Renderer;
use crate::derive::plan::PageKind;
use crate::derive::policy_links::{policies_of, versions_of};
use crate::model::Validity;

#[derive(Serialize)]
struct RelatedView<'a> {
    title: &'a str,
    url: &'a str,
}

/// The metadata block, in the order sites show it (索引号, 发文机关, 成文日期, 发布日期, 文号,
/// 有效性, 信息来源); dates as `YYYY-MM-DD`, written out by the template.
#[derive(Serialize)]
struct MetaView<'a> {
    index_number: Option<&'a str>,
    issuers: &'a [String],
    written: Option<String>,
    date: String,
    document: Option<&'a str>,
    /// `in_force` or `repealed`.
    validity: Option<&'static str>,
    repealed_on: Option<String>,
    source: Option<&'a str>,
    department: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct PolicyPage<'a> {
    title: &'a str,
    /// The language the text is in: the page's, or the default one when no translation exists.
    lang: &'a str,
    /// Set when the page shows the default language because no translation exists.
    fallback_lang: Option<&'a str>,
    meta: MetaView<'a>,
    /// The versions of the list this interpretation explains (本解读对应的清单).
    versions: Vec<Link>,
    related: Vec<RelatedView<'a>>,
    /// The body; for questions and answers, what stands before the first question.
    body: String,
    /// Empty unless the interpretation is in the question-and-answer form.
    questions: Vec<Question>,
}

impl<'a> Renderer<'a> {
    pub(super) fn policy_page(&self, lang: usize, dir: &str, i: usize) -> PolicyPage<'a> {
        let policy = &self.content.policies[i];
        let code = &self.plan.languages[lang];
        let default = &self.plan.languages[0];
        let (doc, fallback) = match policy.docs.get(code) {
            Some(d) => (d, false),
            None => (&policy.docs[default], true),
        };
        let text_lang = if fallback { default } else { code };
        let versions = versions_of(self.content, policy)
            .into_iter()
            .map(|v| Link {
                href: self.href(dir, lang, &PageKind::version(v)),
                label: self.content.versions[v]
                    .title
                    .get_or(text_lang, default)
                    .to_string(),
            })
            .collect();
        let meta = &doc.meta;
        let body = policy_body::render(doc, dir);
        PolicyPage {
            title: &doc.title,
            lang: text_lang,
            fallback_lang: fallback.then_some(default.as_str()),
            meta: MetaView {
                index_number: meta.index_number.as_deref(),
                issuers: &meta.issuers,
                written: meta.written.map(|d| d.to_string()),
                date: doc.date.to_string(),
                document: doc.document.as_deref(),
                validity: meta.validity.map(|v| match v {
                    Validity::InForce => "in_force",
                    Validity::Repealed(_) => "repealed",
                }),
                repealed_on: match meta.validity {
                    Some(Validity::Repealed(d)) => Some(d.to_string()),
                    _ => None,
                },
                source: meta.source.as_deref(),
                department: doc.department.as_deref(),
            },
            versions,
            related: doc
                .related
                .iter()
                .map(|r| RelatedView {
                    title: &r.title,
                    url: &r.url,
                })
                .collect(),
            body: body.intro,
            questions: body.questions,
        }
    }

    /// Links to the interpretations version `v` belongs to (政策解读), titled in the page's
    /// language or else the default one.
    pub(super) fn interpretation_links(&self, lang: usize, dir: &str, v: usize) -> Vec<Link> {
        let code = &self.plan.languages[lang];
        let default = &self.plan.languages[0];
        policies_of(self.content, v)
            .into_iter()
            .filter_map(|i| {
                let policy = &self.content.policies[i];
                let doc = policy.docs.get(code).or_else(|| policy.docs.get(default))?;
                Some(Link {
                    href: self.href(dir, lang, &PageKind::Policy(i)),
                    label: doc.title.clone(),
                })
            })
            .collect()
    }
}
