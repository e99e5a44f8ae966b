//! Decoding site.yaml `search`: the content's synonym groups, which extend the groups shipped
//! for this domain, and the rule for certificates on neither list that a search finding
//! nothing shows. A module of its own so the site decoder only hooks it in.

use std::path::Path;

use super::read_map::{scalar, MapReader};
use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{SearchSettings, Spanned};
use crate::msg;
use crate::yaml::Value;

pub const SEARCH_KEYS: &[&str] = &["synonyms", "not_on_list"];

pub(super) fn decode_search(
    path: &Path,
    site: &MapReader,
    default: &str,
    diags: &mut Diagnostics,
) -> SearchSettings {
    let mut search = SearchSettings::default();
    let Some(node) = site.get("search") else {
        return search;
    };
    let Some(map) = MapReader::new(path, node, ["`search`", "`search`"], SEARCH_KEYS, diags) else {
        return search;
    };
    search.not_on_list = map.text("not_on_list", default, diags);
    let Some(list) = map.get("synonyms") else {
        return search;
    };
    let Value::Seq(groups) = &list.value else {
        diags.push(not_a_list(path, list.pos, list.kind_name(), false));
        return search;
    };
    for group in groups {
        let Value::Seq(words) = &group.value else {
            diags.push(not_a_list(path, group.pos, group.kind_name(), true));
            continue;
        };
        let words: Vec<String> = words
            .iter()
            .filter_map(|w| scalar(path, w, "synonyms", diags))
            .map(|w| w.value.trim().to_string())
            .filter(|w| !w.is_empty())
            .collect();
        if words.len() < 2 {
            diags.push(
                Diagnostic::error(
                    path,
                    Some(group.pos),
                    Code::NotAList,
                    msg!(
                        "`synonyms` 的每一组至少要有两个词",
                        "each group in `synonyms` needs at least two words"
                    ),
                )
                .help(msg!(
                    "把意思相同的词写在同一组里，例如 `- [领养, 收养]`",
                    "put words that mean the same in one group, e.g. `- [adopt, adoption]`"
                )),
            );
            continue;
        }
        search.synonyms.push(Spanned {
            value: words,
            pos: group.pos,
        });
    }
    search
}

fn not_a_list(
    path: &Path,
    pos: crate::base::diagnostics::Pos,
    [found_zh, found_en]: [&str; 2],
    group: bool,
) -> Diagnostic {
    let (what_zh, what_en) = if group {
        ("`synonyms` 的每一组", "each group in `synonyms`")
    } else {
        ("`synonyms`", "`synonyms`")
    };
    Diagnostic::error(
        path,
        Some(pos),
        Code::NotAList,
        msg!(
            "{what_zh}应当是列表，这里却是{found_zh}",
            "{what_en} must be a list, found {found_en}"
        ),
    )
    .help(msg!(
        "每组写成一行，例如 `- [领养, 收养]`",
        "write each group on its own line, e.g. `- [adopt, adoption]`"
    ))
}
