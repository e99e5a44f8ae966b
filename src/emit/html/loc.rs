//! Localisation: text resolved for a page's language with a marked fallback to the default
//! language (`Loc`, `L`, `Md`), and the UI strings and field labels by key.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use super::renderer::Renderer;
use crate::derive::history::Field;
use crate::derive::plan::PagePlan;
use crate::emit::markdown::{escape, escape_cow, to_html};
use crate::model::Text;
use crate::read::theme::Strings;

/// Localized plain text: `text` for attributes and titles, `html` for the page body (escaped,
/// marked when it falls back to the default language).
#[derive(Serialize, Debug, Clone)]
pub(super) struct L<'a> {
    pub(super) text: &'a str,
    pub(super) html: Cow<'a, str>,
}

/// Localized Markdown, rendered and sanitized.
#[derive(Serialize, Debug, Clone)]
pub(super) struct Md {
    html: String,
}

/// Resolves text for one page language.
pub(super) struct Loc<'a> {
    lang: &'a str,
    default: &'a str,
    note: &'a str,
}

impl<'a> Loc<'a> {
    pub(super) fn new(plan: &'a PagePlan, strings: &'a [Strings], lang: usize) -> Loc<'a> {
        Loc {
            lang: &plan.languages[lang],
            default: &plan.languages[0],
            note: strings[lang]
                .get("not_translated")
                .map_or("not yet translated", String::as_str),
        }
    }

    pub(super) fn text<'t>(&self, t: &'t Text) -> L<'t> {
        match t.get(self.lang) {
            Some(s) => L {
                text: s,
                html: escape_cow(s),
            },
            None => {
                let s = t.get(self.default).unwrap_or_default();
                L {
                    text: s,
                    html: format!(
                        "<span lang=\"{}\">{}</span> <small class=\"untranslated\">({})</small>",
                        self.default,
                        escape(s),
                        escape(self.note)
                    )
                    .into(),
                }
            }
        }
    }

    pub(super) fn opt<'t>(&self, t: &'t Option<Text>) -> Option<L<'t>> {
        t.as_ref().map(|t| self.text(t))
    }

    pub(super) fn list<'t>(&self, ts: &'t [Text]) -> Vec<L<'t>> {
        ts.iter().map(|t| self.text(t)).collect()
    }

    pub(super) fn md(&self, t: &Text) -> Md {
        match t.get(self.lang) {
            Some(s) => Md { html: to_html(s) },
            None => Md {
                html: format!(
                    "<div lang=\"{}\">{}</div><p class=\"untranslated\">({})</p>",
                    self.default,
                    to_html(t.get(self.default).unwrap_or_default()),
                    escape(self.note)
                ),
            },
        }
    }

    pub(super) fn md_opt(&self, t: &Option<Text>) -> Option<Md> {
        t.as_ref().map(|t| self.md(t))
    }
}

impl<'a> Renderer<'a> {
    pub(super) fn loc(&self, lang: usize) -> Loc<'_> {
        Loc::new(self.plan, self.strings, lang)
    }

    pub(super) fn ui(&self, lang: usize, key: &str) -> String {
        self.ui_str(lang, key).to_string()
    }

    /// `ui` without the copy.
    pub(super) fn ui_str<'k>(&'k self, lang: usize, key: &'k str) -> &'k str {
        ui_or_key(&self.strings[lang], key)
    }

    /// Version `v`'s date as readers of language `lang` read it (`2023年2月21日`).
    pub(super) fn date_text(&self, lang: usize, v: usize) -> String {
        crate::emit::dates::long(
            &self.plan.languages[lang],
            self.content.versions[v].date.value,
        )
    }

    pub(super) fn field_label(&self, lang: usize, field: Field) -> &'a str {
        self.field_labels[lang][field as usize]
    }

    pub(super) fn category_l(&self, loc: &Loc<'_>, id: &'a str) -> L<'a> {
        match self.content.site.category_name(id) {
            Some(t) => {
                let l = loc.text(t);
                L {
                    text: l.text,
                    html: l.html,
                }
            }
            None => L {
                text: id,
                html: escape_cow(id),
            },
        }
    }
}

/// A language's UI strings as a template value, each escaped once here and marked safe:
/// pages print them millions of times, and Tera would escape every print again. Filters stay
/// right: `replace` on a safe string escapes what it puts in.
pub(super) fn ui_value(strings: &Strings) -> tera::Value {
    let escaped: BTreeMap<&str, tera::Value> = strings
        .iter()
        .map(|(k, v)| (k.as_str(), tera::Value::safe_string(&escape(v))))
        .collect();
    tera::Value::from_serializable(&escaped)
}

/// The UI string `key`, or the key itself when a language lacks it.
pub(super) fn ui_or_key<'s>(strings: &'s Strings, key: &'s str) -> &'s str {
    strings.get(key).map_or(key, String::as_str)
}
