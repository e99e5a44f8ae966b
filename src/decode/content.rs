//! Decoding the content from the YAML tree into the model (`crate::model`), with positions
//! kept: `read_map` for the shared readers, then one module per kind of file (`site`,
//! `versions` with `item`, `policy`, `places`), and `checks` for the rules single values follow.
//!
//! Decoding checks shape only: known keys, required fields, value types. Cross-references (a
//! category that exists, an id unique in its version, ...) are `validate`'s job. Each problem is
//! reported and decoding goes on, so one run lists everything.

use std::collections::BTreeMap;

use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Content, Damage, Policy};
use crate::msg;
use crate::read::source::Sources;

pub(crate) mod checks;
mod item;
mod lists;
mod place_delta;
mod places;
mod policy;
mod policy_meta;
mod publication;
mod read_map;
mod search;
mod service;
mod site;
mod typing;
mod version_memo;
mod versions;

/// The keys an item of a version file may have (`qingdan schema` lists them).
pub use item::ITEM_KEYS;
/// The keys of an entry of site.yaml's `lists:` and the top-level keys of a list's version
/// file (an item's keys are its kind's, `ListKind::item_keys`).
pub use lists::{LIST_DECL_KEYS, LIST_VERSION_KEYS};
/// The keys of a place's delta file and of its `exclude` entries.
pub use place_delta::{DELTA_KEYS, EXCLUDE_KEYS};
/// The keys of places.yaml and of each place in it.
pub use places::{PLACES_FILE_KEYS, PLACE_FOOTER_KEYS, PLACE_KEYS};
/// The keys of a policy file's front matter and of each of its `related` links.
pub use policy::{POLICY_KEYS, RELATED_KEYS};
/// The keys of a policy's `validity`.
pub use policy_meta::VALIDITY_KEYS;
/// The keys of a version's `attachments` (and an item's `specimen`) and `corrections`.
pub use publication::{ATTACHMENT_KEYS, CORRECTION_KEYS};
/// The keys of site.yaml's `search` settings.
pub use search::SEARCH_KEYS;
/// The keys of an item's `online` channels, `refer_to` and `promise`.
pub use service::{CHANNEL_KEYS, PROMISE_KEYS, REFER_TO_KEYS};
/// The keys of site.yaml and of its nested maps (languages, contact, footer, feedback,
/// categories).
pub use site::{CATEGORY_KEYS, CONTACT_KEYS, FEEDBACK_KEYS, FOOTER_KEYS, LANGUAGE_KEYS, SITE_KEYS};
/// What `serve` keeps of the version files between builds.
pub(crate) use version_memo::VersionMemo;
/// The top-level keys of a version file.
pub use versions::VERSION_KEYS;

use policy::{decode_policy, policy_name};
use site::decode_site;
pub(crate) use site::default_language;
use versions::decode_versions;

/// Decode all sources. Returns `None` only when site.yaml is missing or unusable; otherwise a
/// `Content` holding every part that decoded, with the problems of the rest in `diags`.
pub(crate) fn decode(
    sources: &Sources,
    diags: &mut Diagnostics,
    memo: Option<&VersionMemo>,
) -> Option<Content> {
    let site_file = match &sources.site {
        Some(f) => f,
        None => {
            if sources.root.is_dir() && !sources.root.join("site.yaml").exists() {
                diags.push(
                    Diagnostic::error(
                        &sources.root.join("site.yaml"),
                        None,
                        Code::NoSiteYaml,
                        msg!("缺少站点设置文件 site.yaml", "site.yaml is missing"),
                    )
                    .help(msg!(
                        "每个内容文件夹都要有 site.yaml，写法见 docs/content-format.md",
                        "every content folder needs a site.yaml; see docs/content-format.md"
                    )),
                );
            }
            return None;
        }
    };
    let mut damage = Damage::default();
    let site = decode_site(site_file, &mut damage, diags)?;
    let langs: Vec<String> = site.languages.iter().map(|l| l.code.clone()).collect();
    let mut versions = decode_versions(&sources.versions, &langs[0], &mut damage, diags, memo);
    versions.sort_by_key(|v| v.date.value);
    let mut policies: BTreeMap<String, Policy> = BTreeMap::new();
    for f in &sources.policies {
        match decode_policy(f, &langs, damage.languages, diags) {
            Some((slug, doc)) => {
                let policy = policies.entry(slug.clone()).or_insert_with(|| Policy {
                    slug,
                    docs: BTreeMap::new(),
                });
                policy.docs.insert(doc.lang.value.clone(), doc);
            }
            None => {
                let (slug, lang) = policy_name(f, &langs[0]);
                if lang == langs[0] {
                    damage.policies.push(slug.to_string());
                }
            }
        }
    }
    let mut places = (sources.places.as_ref()).map(|f| places::decode_places(f, &langs[0], diags));
    let folders = &sources.place_folders;
    match (&mut places, folders.first()) {
        (Some(places), _) => {
            places.deltas = place_delta::decode_place_folders(folders, &langs[0], diags)
        }
        (None, Some(first)) => diags.push(
            Diagnostic::error(
                &first.path,
                None,
                Code::DeltasWithoutPlaces,
                msg!(
                    "有地点调整文件夹 `places/`，却没有 places.yaml",
                    "there are place folders in `places/` but no places.yaml"
                ),
            )
            .help(msg!(
                "在内容文件夹里写 places.yaml，列出 `places/` 下各文件夹对应的地点，写法见 docs/content-format.md；或删去 `places/` 文件夹",
                "write places.yaml listing the places the folders of `places/` are named by                  (see docs/content-format.md), or remove `places/`"
            )),
        ),
        (None, None) => {}
    }
    let lists = lists::decode_lists(&sources.lists, &site.lists, &site.file, &langs[0], diags);
    Some(Content {
        root: sources.root.clone(),
        site,
        versions,
        policies: policies.into_values().collect(),
        places,
        lists,
        damage,
        section: None,
    })
}

#[cfg(test)]
mod tests;
