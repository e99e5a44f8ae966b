//! Which versions of the list a policy interpretation belongs to, for the links both ways
//! (a version's pages to its 解读, the 解读 to its versions).
//!
//! The interpretation's original (default-language file) decides, so every language links
//! alike. An explicit `versions:` list wins: it names every version the interpretation belongs
//! to, and the document number is then not matched. Without it, the versions whose `document`
//! is the interpretation's `document` are linked. Either way a version whose own document
//! number differs is never linked (`validate::policy_links` reports it when named).

use crate::model::{Content, Policy, Version};

/// Indices into `content.versions` of the versions `policy` belongs to, oldest first.
pub(crate) fn versions_of(content: &Content, policy: &Policy) -> Vec<usize> {
    let Some(doc) = policy.docs.get(content.site.default_language()) else {
        return Vec::new();
    };
    let ours = doc.document.as_deref().map(str::trim);
    let same_document = |v: &Version| match (ours, &v.document) {
        (Some(ours), Some(theirs)) => ours == theirs.value.trim(),
        _ => false,
    };
    let other_document = |v: &Version| match (ours, &v.document) {
        (Some(ours), Some(theirs)) => ours != theirs.value.trim(),
        _ => false,
    };
    (content.versions.iter().enumerate())
        .filter(|(_, v)| match &doc.versions {
            Some(named) => named.iter().any(|d| d.value == v.date.value) && !other_document(v),
            None => same_document(v),
        })
        .map(|(i, _)| i)
        .collect()
}

/// Indices into `content.policies` of the interpretations version `v` belongs to.
pub(crate) fn policies_of(content: &Content, v: usize) -> Vec<usize> {
    (content.policies.iter().enumerate())
        .filter(|(_, p)| versions_of(content, p).contains(&v))
        .map(|(i, _)| i)
        .collect()
}
