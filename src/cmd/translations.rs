//! Translation coverage: how many texts each language has, and which ones are missing.
//!
//! Every localized field counts as one text, and so does each policy interpretation (its
//! translation is a whole file).

use std::path::PathBuf;

use qingdan::base::diagnostics::Pos;
use qingdan::model::{Content, Text};

/// Coverage of one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub lang: String,
    pub translated: usize,
    pub total: usize,
    /// (file, position, field) of every text without this language.
    pub missing: Vec<(PathBuf, Pos, String)>,
}

pub fn coverage(content: &Content) -> Vec<Coverage> {
    let mut texts: Vec<(PathBuf, String, &Text)> = Vec::new();
    let site = &content.site;
    let sf = &site.file;
    texts.push((sf.clone(), "title".into(), &site.title));
    texts.push((sf.clone(), "publisher".into(), &site.publisher));
    for (k, t) in [
        ("contact.department", &site.contact.department),
        ("contact.person", &site.contact.person),
        ("contact.address", &site.contact.address),
    ] {
        if let Some(t) = t {
            texts.push((sf.clone(), k.into(), t));
        }
    }
    for c in &site.categories {
        texts.push((
            sf.clone(),
            format!("categories.{}.name", c.id.value),
            &c.name,
        ));
    }
    for v in &content.versions {
        let f = &v.file;
        texts.push((f.clone(), "title".into(), &v.title));
        for (k, t) in [("issued_by", &v.issued_by), ("summary", &v.summary)] {
            if let Some(t) = t {
                texts.push((f.clone(), k.into(), t));
            }
        }
        for (id, t) in &v.notes {
            texts.push((f.clone(), format!("notes.{}", id.value), t));
        }
        for item in &v.items {
            for t in item.texts() {
                texts.push((f.clone(), format!("items.{}", item.id.value), t));
            }
        }
    }
    content
        .site
        .languages
        .iter()
        .map(|l| {
            let mut cov = Coverage {
                lang: l.code.clone(),
                translated: 0,
                total: texts.len() + content.policies.len(),
                missing: Vec::new(),
            };
            for (file, field, t) in &texts {
                if t.get(&l.code).is_some() {
                    cov.translated += 1;
                } else {
                    cov.missing.push((file.clone(), t.pos, field.clone()));
                }
            }
            for p in &content.policies {
                if p.docs.contains_key(&l.code) {
                    cov.translated += 1;
                } else {
                    let default = &p.docs[site.default_language()];
                    cov.missing.push((
                        default.file.clone(),
                        Pos::new(1, 1),
                        format!("policy/{}.{}.md", p.slug, l.code),
                    ));
                }
            }
            cov
        })
        .collect()
}
