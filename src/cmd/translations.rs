//! Translation coverage: how many texts each language has, and which ones are missing.
//!
//! Every localized field counts as one text, and so does each policy interpretation (its
//! translation is a whole file). A missing text is named by its field (`items[3].purpose`,
//! not only the item) and listed in file order, so staff can walk through a file top to
//! bottom.

use std::path::PathBuf;

use qingdan::base::diagnostics::Pos;
use qingdan::base::message::Message;
use qingdan::model::{Content, Item, Text};
use qingdan::msg;

/// Coverage of one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub lang: String,
    pub translated: usize,
    pub total: usize,
    /// Every text without this language, sorted by file, then line, then column.
    pub missing: Vec<Missing>,
}

/// One text a language lacks: where, and which field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub file: PathBuf,
    pub pos: Pos,
    pub field: Field,
}

/// Which text, as staff find it in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A key of site.yaml or of a version file outside its items: `title`, `notes.kinship`.
    Key(String),
    /// A field of the item at `index` (from 0) of a version's `items`: `purpose`,
    /// `materials[1]`.
    Item {
        index: usize,
        id: String,
        key: String,
    },
    /// A policy interpretation without its translation file, e.g. `policy/x.en.md`.
    PolicyFile(String),
}

impl Missing {
    /// What is missing, in both languages: "事项 `residence`（第4项）的 `purpose` 没有 `en`
    /// 译文" / "items[3].purpose (`residence`) has no `en` text".
    pub fn message(&self, lang: &str) -> Message {
        match &self.field {
            Field::Key(key) => msg!("`{key}` 没有 `{lang}` 译文", "{key} has no `{lang}` text"),
            Field::Item { index, id, key } if key.is_empty() => {
                let nth = index + 1;
                msg!(
                    "事项 `{id}`（第{nth}项）有一处文本没有 `{lang}` 译文",
                    "a text of items[{index}] (`{id}`) has no `{lang}` text"
                )
            }
            Field::Item { index, id, key } => {
                let nth = index + 1;
                msg!(
                    "事项 `{id}`（第{nth}项）的 `{key}` 没有 `{lang}` 译文",
                    "items[{index}].{key} (`{id}`) has no `{lang}` text"
                )
            }
            Field::PolicyFile(path) => msg!(
                "政策解读没有 `{lang}` 译文：缺少文件 `{path}`",
                "the policy interpretation has no `{lang}` text: there is no `{path}`"
            ),
        }
    }
}

/// An item's texts, each with the key that names it in the version file.
fn item_texts(item: &Item) -> Vec<(String, &Text)> {
    let mut named: Vec<(String, &Text)> = vec![("name".into(), &item.name)];
    for (key, text) in [
        ("purpose", &item.purpose),
        ("basis", &item.basis),
        ("requested_by", &item.requested_by),
        ("issuer", &item.issuer),
        ("time_limit", &item.time_limit),
        ("fee", &item.fee),
        ("alternative", &item.alternative),
    ] {
        named.extend(text.as_ref().map(|t| (key.to_string(), t)));
    }
    for (key, list) in [
        ("materials", &item.materials),
        ("steps", &item.steps),
        ("keywords", &item.keywords),
    ] {
        named.extend((list.iter().enumerate()).map(|(i, t)| (format!("{key}[{i}]"), t)));
    }
    // `Item::texts` is the list every check counts: a text it has that is not named above
    // (a field added since) still counts, named by the item alone.
    for text in item.texts() {
        if !named.iter().any(|(_, t)| std::ptr::eq(*t, text)) {
            named.push((String::new(), text));
        }
    }
    named
}

pub fn coverage(content: &Content) -> Vec<Coverage> {
    let mut texts: Vec<(PathBuf, Field, &Text)> = Vec::new();
    let key = |k: &str| Field::Key(k.to_string());
    let site = &content.site;
    let sf = &site.file;
    texts.push((sf.clone(), key("title"), &site.title));
    texts.push((sf.clone(), key("publisher"), &site.publisher));
    for (k, t) in [
        ("contact.department", &site.contact.department),
        ("contact.person", &site.contact.person),
        ("contact.address", &site.contact.address),
    ] {
        if let Some(t) = t {
            texts.push((sf.clone(), key(k), t));
        }
    }
    for c in &site.categories {
        let k = format!("categories.{}.name", c.id.value);
        texts.push((sf.clone(), Field::Key(k), &c.name));
    }
    for v in &content.versions {
        let f = &v.file;
        texts.push((f.clone(), key("title"), &v.title));
        for (k, t) in [("issued_by", &v.issued_by), ("summary", &v.summary)] {
            if let Some(t) = t {
                texts.push((f.clone(), key(k), t));
            }
        }
        for (id, t) in &v.notes {
            texts.push((f.clone(), Field::Key(format!("notes.{}", id.value)), t));
        }
        for (i, a) in v.attachments.iter().enumerate() {
            if let Some(t) = &a.title {
                texts.push((f.clone(), Field::Key(format!("attachments[{i}].title")), t));
            }
        }
        for (i, c) in v.corrections.iter().enumerate() {
            texts.push((
                f.clone(),
                Field::Key(format!("corrections[{i}].text")),
                &c.text,
            ));
        }
        for (index, item) in v.items.iter().enumerate() {
            for (k, t) in item_texts(item) {
                let id = item.id.value.clone();
                let field = Field::Item { index, id, key: k };
                texts.push((f.clone(), field, t));
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
                    let (file, pos, field) = (file.clone(), t.pos, field.clone());
                    cov.missing.push(Missing { file, pos, field });
                }
            }
            for p in &content.policies {
                if p.docs.contains_key(&l.code) {
                    cov.translated += 1;
                } else {
                    let default = &p.docs[site.default_language()];
                    cov.missing.push(Missing {
                        file: default.file.clone(),
                        pos: Pos::new(1, 1),
                        field: Field::PolicyFile(format!("policy/{}.{}.md", p.slug, l.code)),
                    });
                }
            }
            cov.missing
                .sort_by(|a, b| (&a.file, a.pos).cmp(&(&b.file, b.pos)));
            cov
        })
        .collect()
}
