//! Checks of site.yaml `search`: a synonym group helps a resident only when one of its words
//! occurs in the texts the search looks at, so a group that matches no item (a typing
//! mistake, or words of another district's list) is reported.

use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Content, Item, Text};
use crate::msg;

pub(super) fn check(content: &Content, diags: &mut Diagnostics) {
    let site = &content.site;
    if site.search.synonyms.is_empty() {
        return;
    }
    let mut searched = String::new();
    for item in content.versions.iter().flat_map(|v| v.items.iter()) {
        for text in searched_texts(item) {
            for lang in &site.languages {
                if let Some(t) = text.get(&lang.code) {
                    searched.push_str(&t.to_lowercase());
                    searched.push('\n');
                }
            }
        }
    }
    // The index also holds each item's category name.
    for text in site.categories.iter().map(|c| &c.name) {
        for lang in &site.languages {
            if let Some(t) = text.get(&lang.code) {
                searched.push_str(&t.to_lowercase());
                searched.push('\n');
            }
        }
    }
    for group in &site.search.synonyms {
        if group
            .value
            .iter()
            .any(|w| searched.contains(&w.to_lowercase()))
        {
            continue;
        }
        let words = group.value.join("、");
        let words_en = group.value.join(", ");
        diags.push(
            Diagnostic::warning(
                &site.file,
                Some(group.pos),
                Code::SynonymMatchesNothing,
                msg!(
                    "同义词组“{words}”中的词在任何事项的名称、关键词、用途、索要单位、出具单位和替代方式里都找不到，搜索用不上这一组",
                    "no word of the synonym group {words_en} occurs in any item's name, keywords, purpose, requester, issuer or alternative, so search cannot use it"
                ),
            )
            .help(msg!(
                "检查是否写错了字；同义词组里至少要有一个词出现在事项中，例如事项的 `keywords` 里",
                "check the spelling; at least one word of a group must occur in an item, e.g. in its `keywords`"
            )),
        );
    }
}

/// The texts the search index holds for an item.
fn searched_texts(item: &Item) -> impl Iterator<Item = &Text> {
    [
        &item.purpose,
        &item.requested_by,
        &item.issuer,
        &item.alternative,
    ]
    .into_iter()
    .flatten()
    .chain(std::iter::once(&item.name))
    .chain(item.keywords.iter())
}
