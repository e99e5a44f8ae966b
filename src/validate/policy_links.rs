//! The versions a policy interpretation names in `versions:` must exist and, where both say
//! which document they are, be of the interpretation's document: a version is never linked to
//! the interpretation of another document (`derive::policy_links` makes the links).

use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Content;
use crate::msg;

pub(super) fn check(content: &Content, diags: &mut Diagnostics) {
    // Versions that did not decode were reported; a date naming one is no new mistake.
    let damaged = content.versions.iter().any(|v| !v.complete) || content.versions.is_empty();
    for doc in content.policies.iter().flat_map(|p| p.docs.values()) {
        for date in doc.versions.iter().flatten() {
            let day = date.value;
            let Some(version) = content.versions.iter().find(|v| v.date.value == day) else {
                if damaged {
                    continue;
                }
                let dates = (content.versions.iter())
                    .map(|v| v.date.value.to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                diags.push(
                    Diagnostic::error(
                        &doc.file,
                        Some(date.pos),
                        Code::PolicyUnknownVersion,
                        msg!(
                            "`versions` 中的 `{day}` 没有对应的版本文件",
                            "`versions` names {day}, but no version has that date"
                        ),
                    )
                    .help(msg!(
                        "写已公布版本的日期（{dates}），或者删去这一项",
                        "write the date of a published version ({dates}), or remove it"
                    )),
                );
                continue;
            };
            if let (Some(ours), Some(theirs)) = (&doc.document, &version.document) {
                if ours.trim() != theirs.value.trim() {
                    let theirs = &theirs.value;
                    diags.push(
                        Diagnostic::error(
                            &doc.file,
                            Some(date.pos),
                            Code::PolicyVersionDocument,
                            msg!(
                                "`{day}` 版本的文号是{theirs}，而本解读针对的文件是{ours}",
                                "the version of {day} is document {theirs}, but this \
                                 interpretation explains {ours}"
                            ),
                        )
                        .help(msg!(
                            "只列出本文件（`document`）对应的版本；如果 `document` 写错了，改正它",
                            "list only the versions of this interpretation's document \
                             (`document`), or correct `document` if it is wrong"
                        )),
                    );
                }
            }
        }
    }
}
