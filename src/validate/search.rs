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
    // The groups no text has matched yet, with their words in lower case. The texts are
    // looked at one by one, and only until every group has matched: a province's versions
    // hold hundreds of megabytes of text, which are never copied into one string.
    let mut pending: Vec<_> = (site.search.synonyms.iter())
        .map(|g| {
            (
                g,
                g.value.iter().map(|w| w.to_lowercase()).collect::<Vec<_>>(),
            )
        })
        .collect();
    let items = content.versions.iter().flat_map(|v| v.items.iter());
    // The index also holds each item's category name, and every field of the other lists'
    // items (the search shows them after the certificates).
    let list_items = (content.lists.iter())
        .flat_map(|l| l.versions.iter())
        .flat_map(|v| v.items.iter());
    let texts = (items.flat_map(searched_texts))
        .chain(site.categories.iter().map(|c| &c.name))
        .chain(list_items.flat_map(|i| i.fields.iter().map(|(_, t)| t)));
    'texts: for text in texts {
        for lang in &site.languages {
            let Some(t) = text.get(&lang.code) else {
                continue;
            };
            let t = t.to_lowercase();
            pending.retain(|(_, words)| !words.iter().any(|w| t.contains(w.as_str())));
            if pending.is_empty() {
                break 'texts;
            }
        }
    }
    for (group, _) in pending {
        let words = group.value.join("、");
        let words_en = group.value.join(", ");
        diags.push(
            Diagnostic::warning(
                &site.file,
                Some(group.pos),
                Code::SynonymMatchesNothing,
                msg!(
                    "同义词组“{words}”中的词在任何事项的名称、关键词、用途、索要单位、出具单位和替代方式里都找不到，其他清单的事项里也没有，搜索用不上这一组",
                    "no word of the synonym group {words_en} occurs in any item's name, keywords, purpose, requester, issuer or alternative, nor in the other lists' items, so search cannot use it"
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
