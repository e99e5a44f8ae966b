//! The index of words on the home page: every name and keyword of every id ever published,
//! grouped by its first character, each leading to its item with the verdict. It is the
//! search for a resident without JavaScript (or whose browser blocks it): the link where the
//! search box would be leads here, and a reader scans for the first character of the words
//! they would type (良民证, 租房, 活着证明).
//!
//! Chinese groups follow Unicode order, which is the radical-and-stroke order (部首检字) of
//! a dictionary; a pinyin order would need a pinyin table, which qingdan does not carry.

use std::collections::BTreeMap;

use serde::Serialize;

use super::renderer::Renderer;
use crate::model::{Status, Text};

#[derive(Serialize)]
pub(super) struct WordGroup {
    /// The first character (upper case for Latin letters), also the anchor `words-<n>`.
    initial: String,
    words: Vec<WordEntry>,
}

#[derive(Serialize, PartialEq, Eq)]
pub(super) struct WordEntry {
    word: String,
    /// The item's current name, when the word is not it.
    name: Option<String>,
    href: String,
    /// The badge's class: `issued`, `cancelled` or `gone` (removed or renamed).
    class: &'static str,
    /// The verdict in words, as on the item page.
    verdict: String,
}

impl<'a> Renderer<'a> {
    /// The word index of the home page of language `lang` (at `dir`).
    pub(super) fn word_index(&self, lang: usize, dir: &str) -> Vec<WordGroup> {
        let code = self.plan.languages[lang].as_str();
        let default = self.plan.languages[0].as_str();
        let pick = |t: &Text| t.get_or(code, default).trim().to_string();
        let mut groups: BTreeMap<String, Vec<WordEntry>> = BTreeMap::new();
        for (id, h) in &self.history.items {
            let item = self.history.item(self.content, h.last);
            let (class, key) = match (self.history.is_current(id), &h.successor, item.status.value)
            {
                (true, _, Status::Issued) => ("issued", "status_issued"),
                (true, _, Status::Cancelled) => ("cancelled", "status_cancelled"),
                (false, Some(_), _) => ("gone", "verdict_renamed"),
                (false, None, _) => ("gone", "event_removed"),
            };
            let verdict = self.strings[lang].get(key).cloned().unwrap_or_default();
            let name = pick(&item.name);
            let href = self.item_href(dir, lang, id);
            let words = std::iter::once(name.clone()).chain(item.keywords.iter().map(pick));
            for word in words {
                let Some(initial) = initial(&word) else {
                    continue;
                };
                let entry = WordEntry {
                    name: (word != name).then(|| name.clone()),
                    word,
                    href: href.clone(),
                    class,
                    verdict: verdict.clone(),
                };
                let list = groups.entry(initial).or_default();
                if !list.contains(&entry) {
                    list.push(entry);
                }
            }
        }
        groups
            .into_iter()
            .map(|(initial, mut words)| {
                // Under one word, current items before removed and renamed ones.
                words.sort_by(|a, b| {
                    (&a.word, a.class == "gone", &a.name).cmp(&(
                        &b.word,
                        b.class == "gone",
                        &b.name,
                    ))
                });
                WordGroup { initial, words }
            })
            .collect()
    }
}

/// The group a word files under: its first letter or character, Latin letters upper case.
fn initial(word: &str) -> Option<String> {
    let c = word.chars().find(|c| c.is_alphanumeric())?;
    Some(c.to_uppercase().collect())
}

#[cfg(test)]
mod tests {
    use super::initial;

    #[test]
    fn a_word_files_under_its_first_letter_or_character() {
        assert_eq!(initial("良民证").as_deref(), Some("良"));
        assert_eq!(initial("proof of life").as_deref(), Some("P"));
        assert_eq!(initial("“活着”证明").as_deref(), Some("活"));
        assert_eq!(initial("——"), None);
    }
}
