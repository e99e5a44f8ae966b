//! Cross-reference checks over the decoded `Content`: everything that needs more than one field
//! or more than one file to judge (ids, categories, renames, languages, dates).
//!
//! Validation never stops early: each problem becomes one diagnostic with its position.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::base::diagnostics::{suggestion, Diagnostic, Diagnostics, Pos};
use crate::decode::content::checks::{address_problem, refused_address, Also};
use crate::model::{is_slug, Content, Item, Status, Text, Version};

mod basis;

pub const MAX_ID_LEN: usize = 64;

/// Check `content`; the returned diagnostics hold errors and warnings.
pub fn validate(content: &Content, diags: &mut Diagnostics) {
    check_site(content, diags);
    check_versions(content, diags);
    check_renames(content, diags);
    check_policies(content, diags);
    basis::check_retained_basis(content, diags);
}

/// The configured language codes, or none when an entry of `languages` did not decode
/// (reported there): `check_text_langs` then has nothing to compare with.
fn language_codes(content: &Content) -> Vec<&str> {
    if content.damage.languages {
        return Vec::new();
    }
    let site = &content.site;
    site.languages.iter().map(|l| l.code.as_str()).collect()
}

fn check_text_langs(file: &std::path::Path, text: &Text, langs: &[&str], diags: &mut Diagnostics) {
    if langs.is_empty() {
        return;
    }
    for (code, pos) in text.lang_positions() {
        if !langs.contains(&code) {
            let mut d = Diagnostic::error_en(
                file,
                Some(pos),
                format!("the language code `{code}` is not configured in site.yaml"),
            );
            d = d.help(match suggestion(code, langs.iter().copied()) {
                Some(s) => format!("{s} Configured languages: {}", langs.join(", ")),
                None => format!(
                    "use one of {}, or add the language to `languages` in site.yaml",
                    langs.join(", ")
                ),
            });
            diags.push(d);
        }
    }
}

fn check_site(content: &Content, diags: &mut Diagnostics) {
    let site = &content.site;
    let file = site.file.as_path();
    let langs = language_codes(content);
    let url = &site.base_url;
    if let Some(problem) = address_problem(&url.value, Also::Nothing) {
        diags.push(refused_address(
            file,
            url.pos,
            "base_url",
            &url.value,
            &problem,
            Also::Nothing,
            "https://www.example.gov.cn/zmsx/ (where the portal hosts the site)",
        ));
    } else if !url.value.ends_with('/') {
        diags.push(
            Diagnostic::error_en(file, Some(url.pos), "`base_url` must end with `/`")
                .help(format!("write `base_url: {}/`", url.value)),
        );
    }
    for t in [&site.title, &site.publisher]
        .into_iter()
        .chain(site.contact.department.iter())
        .chain(site.contact.person.iter())
        .chain(site.contact.address.iter())
    {
        check_text_langs(file, t, &langs, diags);
    }
    let mut seen = HashSet::new();
    for c in &site.categories {
        check_text_langs(file, &c.name, &langs, diags);
        if !is_slug(&c.id.value) {
            diags.push(
                Diagnostic::error_en(
                    file,
                    Some(c.id.pos),
                    format!("the category id `{}` is not valid", c.id.value),
                )
                .help("use lowercase letters, digits and single hyphens, e.g. `social-security`"),
            );
        }
        if !seen.insert(c.id.value.as_str()) {
            diags.push(
                Diagnostic::error_en(
                    file,
                    Some(c.id.pos),
                    format!("the category id `{}` is listed twice", c.id.value),
                )
                .help("give each category its own id"),
            );
        }
    }
    // The form posts what citizens type: to this site, or to the portal over https only.
    if let Some(action) = &site.feedback_action {
        if let Some(problem) = address_problem(&action.value, Also::RootPath) {
            diags.push(refused_address(
                file,
                action.pos,
                "feedback.action",
                &action.value,
                &problem,
                Also::RootPath,
                "https://portal.example.gov.cn/feedback (the portal's form endpoint)",
            ));
        }
    }
    if let Some(url) = &site.footer.error_report_url {
        if let Some(problem) = address_problem(&url.value, Also::Nothing) {
            diags.push(refused_address(
                file,
                url.pos,
                "footer.error_report_url",
                &url.value,
                &problem,
                Also::Nothing,
                "https://zfwzgl.www.gov.cn/exposure/jiucuo.html (the 我为政府网站找错 page)",
            ));
        }
    }
}

fn check_versions(content: &Content, diags: &mut Diagnostics) {
    let site = &content.site;
    let langs = language_codes(content);
    let categories: Vec<&str> = site
        .categories
        .iter()
        .map(|c| c.id.value.as_str())
        .collect();
    // Files that did not decode were reported; "no version" would only repeat that.
    if content.versions.is_empty() && content.damage.versions.is_empty() {
        diags.push(
            Diagnostic::error_en(
                &content.root.join("certificates"),
                None,
                "no version of the list was found",
            )
            .help("add at least one file `certificates/YYYY-MM-DD.yaml`"),
        );
    }
    let mut dates: HashMap<chrono::NaiveDate, &std::path::Path> = HashMap::new();
    // The first version listing each id: whether an id was published before version `k` is
    // `first_listed[id] < k`, which lets the versions be checked side by side.
    let mut first_listed: HashMap<&str, usize> = HashMap::new();
    for (k, version) in content.versions.iter().enumerate() {
        let file = version.file.as_path();
        if let Some(file_date) = version.file_date {
            if file_date != version.date.value {
                diags.push(
                    Diagnostic::error_en(
                        file,
                        Some(version.date.pos),
                        format!("`date: {}` differs from the file name", version.date.value),
                    )
                    .help(format!(
                        "set `date: {file_date}`, or rename the file to {}.yaml",
                        version.date.value
                    )),
                );
            }
        }
        if let Some(other) = dates.insert(version.date.value, file) {
            diags.push(
                Diagnostic::error_en(
                    file,
                    Some(version.date.pos),
                    format!("another version has the same date: {}", other.display()),
                )
                .help("each version needs its own date"),
            );
        }
        for item in &version.items {
            first_listed.entry(&item.id.value).or_insert(k);
        }
    }
    let per_version: Vec<Diagnostics> = (content.versions.par_iter().enumerate())
        .map(|(k, version)| {
            let mut own = Diagnostics::default();
            let date = version.date.value;
            let known = Known {
                langs: &langs,
                categories: (!content.damage.categories).then_some(&categories[..]),
                ids_before: !content.damage.ids_unknown(&content.versions, date, false),
                ids_through: !content.damage.ids_unknown(&content.versions, date, true),
            };
            check_version(k, version, &known, &first_listed, &mut own);
            own
        })
        .collect();
    for own in per_version {
        diags.extend(own);
    }
}

/// What one version is checked against, as far as it is known: parts that did not decode
/// (`content::Damage`) are not, so that their errors are not repeated as others.
struct Known<'a> {
    /// The configured languages; empty when unknown.
    langs: &'a [&'a str],
    categories: Option<&'a [&'a str]>,
    /// Every id published before this version, and up to it.
    ids_before: bool,
    ids_through: bool,
}

/// The ids published before one version: `first_listed` holds each id's first version, so an
/// id was published before version `k` when its first version is lower.
struct Earlier<'a> {
    k: usize,
    first_listed: &'a HashMap<&'a str, usize>,
}

impl Earlier<'_> {
    fn published(&self, id: &str) -> bool {
        self.first_listed.get(id).is_some_and(|&v| v < self.k)
    }

    /// Sorted, so that a suggestion among equally near ids is the same on every run.
    fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = (self.first_listed.iter())
            .filter(|(_, &v)| v < self.k)
            .map(|(id, _)| *id)
            .collect();
        ids.sort_unstable();
        ids
    }
}

/// The checks of one version (`k`-th) on its own: ids, categories, cancelled items, languages,
/// renames and notes. Each item's checks run together, in this order, so that its problems are
/// reported side by side.
fn check_version(
    k: usize,
    version: &Version,
    known: &Known,
    first_listed: &HashMap<&str, usize>,
    diags: &mut Diagnostics,
) {
    let file = version.file.as_path();
    let earlier = Earlier { k, first_listed };
    check_document_number(file, version, diags);
    for t in [&version.title]
        .into_iter()
        .chain(version.issued_by.iter())
        .chain(version.summary.iter())
    {
        check_text_langs(file, t, known.langs, diags);
    }
    let mut ids: HashMap<&str, &Item> = HashMap::new();
    for item in &version.items {
        check_id_is_an_address(file, item, diags);
        check_id_is_unique(file, item, &mut ids, diags);
        if let Some(categories) = known.categories {
            check_category_is_configured(file, item, categories, diags);
        }
        check_cancelled_has_alternative(file, item, diags);
        check_has_keywords(file, item, diags);
        for t in item.texts() {
            check_text_langs(file, t, known.langs, diags);
        }
        check_renamed_from_was_published(file, item, known, &earlier, diags);
    }
    // After the loop: an old id may be listed below the item that continues it.
    for item in &version.items {
        check_renamed_from_left_the_list(file, item, &ids, diags);
    }
    check_notes_name_items(file, version, known, &ids, &earlier, diags);
}

fn check_document_number(file: &Path, version: &Version, diags: &mut Diagnostics) {
    if let Some(doc) = &version.document {
        if year_in_wrong_brackets(&doc.value) {
            diags.push(
                Diagnostic::warning_en(file, Some(doc.pos), format!("the document number `{}` uses the wrong brackets", doc.value))
                    .help("the year in a document number (文号) goes in 六角括号 〔〕, e.g. 田民〔2023〕3号"),
            );
        }
    }
}

/// An id is part of the item's permanent address.
fn check_id_is_an_address(file: &Path, item: &Item, diags: &mut Diagnostics) {
    let id = &item.id;
    if !is_slug(&id.value) || id.value.len() > MAX_ID_LEN {
        diags.push(
            Diagnostic::error_en(file, Some(id.pos), format!("the id `{}` cannot be a permanent address", id.value))
                .help(format!("an id uses lowercase letters a-z, digits and single hyphens (no `/`, `.` or spaces), at most {MAX_ID_LEN} characters, e.g. `proof-of-kinship`")),
        );
    }
}

/// Records `item` in `ids`, the version's items by id so far.
fn check_id_is_unique<'v>(
    file: &Path,
    item: &'v Item,
    ids: &mut HashMap<&'v str, &'v Item>,
    diags: &mut Diagnostics,
) {
    let id = &item.id;
    if let Some(first) = ids.insert(&id.value, item) {
        diags.push(
            Diagnostic::error_en(
                file,
                Some(id.pos),
                format!(
                    "the id `{}` is used twice in this version (first on line {})",
                    id.value, first.id.pos.line
                ),
            )
            .help("give each item its own id; an id belongs to one certificate forever"),
        );
    }
}

fn check_category_is_configured(
    file: &Path,
    item: &Item,
    categories: &[&str],
    diags: &mut Diagnostics,
) {
    if categories.contains(&item.category.value.as_str()) {
        return;
    }
    let mut d = Diagnostic::error_en(
        file,
        Some(item.category.pos),
        format!("unknown category `{}`", item.category.value),
    );
    d = d.help(
        match suggestion(&item.category.value, categories.iter().copied()) {
            Some(s) => {
                format!("{s} Categories in site.yaml: {}", categories.join(", "))
            }
            None => format!(
                "use one of the ids under `categories` in site.yaml: {}",
                categories.join(", ")
            ),
        },
    );
    diags.push(d);
}

fn check_cancelled_has_alternative(file: &Path, item: &Item, diags: &mut Diagnostics) {
    if item.status.value == Status::Cancelled && item.alternative.is_none() {
        diags.push(
            Diagnostic::error_en(file, Some(item.status.pos), format!("the cancelled item `{}` has no `alternative` (替代方式)", item.id.value))
                .help("a cancelled item needs `alternative`: tell citizens where to go instead (which office, 告知承诺, data sharing)"),
        );
    }
}

fn check_has_keywords(file: &Path, item: &Item, diags: &mut Diagnostics) {
    if item.keywords.is_empty() {
        diags.push(
            Diagnostic::warning_en(file, Some(item.id.pos), format!("the item `{}` has no `keywords`", item.id.value))
                .help("add the words citizens type when they search, e.g. `keywords: [活着证明, 生存证明]`"),
        );
    }
}

/// `renamed_from` names another id, published in an earlier version.
fn check_renamed_from_was_published(
    file: &Path,
    item: &Item,
    known: &Known,
    earlier: &Earlier,
    diags: &mut Diagnostics,
) {
    let Some(from) = &item.renamed_from else {
        return;
    };
    if from.value == item.id.value {
        diags.push(
            Diagnostic::error_en(
                file,
                Some(from.pos),
                "an item cannot be renamed from its own id",
            )
            .help("remove `renamed_from`, or name the id it had before"),
        );
    } else if known.ids_before && !earlier.published(&from.value) {
        let mut d = Diagnostic::error_en(
            file,
            Some(from.pos),
            format!(
                "`renamed_from: {}` names an id never published in an earlier version",
                from.value
            ),
        );
        d = d.help(match suggestion(&from.value, earlier.ids()) {
            Some(s) => s,
            None => {
                "name the id the item had in an earlier version, or remove `renamed_from`".into()
            }
        });
        diags.push(d);
    }
}

fn check_renamed_from_left_the_list(
    file: &Path,
    item: &Item,
    ids: &HashMap<&str, &Item>,
    diags: &mut Diagnostics,
) {
    if let Some(from) = &item.renamed_from {
        if from.value != item.id.value && ids.contains_key(from.value.as_str()) {
            diags.push(
                Diagnostic::error_en(file, Some(from.pos), format!("`renamed_from: {}` names an id that is still listed in this version", from.value))
                    .help(format!("an item is renamed when its old id leaves the list: remove the item `{}`, or remove `renamed_from`", from.value)),
            );
        }
    }
}

/// A note's key names an item listed here, or listed before and so removed here.
fn check_notes_name_items(
    file: &Path,
    version: &Version,
    known: &Known,
    ids: &HashMap<&str, &Item>,
    earlier: &Earlier,
    diags: &mut Diagnostics,
) {
    if !known.ids_through {
        return;
    }
    for (key, _) in &version.notes {
        if !ids.contains_key(key.value.as_str()) && !earlier.published(&key.value) {
            let mut d = Diagnostic::error_en(
                file,
                Some(key.pos),
                format!("the note for `{}` names no item of this version", key.value),
            );
            d = d.help(match suggestion(&key.value, ids.keys().copied()) {
                Some(s) => s,
                None => "a note's key is the id of an item listed in, or removed by, this version"
                    .into(),
            });
            diags.push(d);
        }
    }
}

/// Whether the year of a document number (文号), its first four-digit number, stands in
/// brackets other than 六角括号 〔〕: 田民[2025]36号, 田民(2025)36号, 田民【2025】36号.
/// Brackets elsewhere belong to the name or a suffix, as in 田民〔2025〕36号（附件1）.
fn year_in_wrong_brackets(document: &str) -> bool {
    let chars: Vec<char> = document.chars().collect();
    let year_at = |i: usize| {
        chars.len() >= i + 4
            && chars[i..i + 4].iter().all(char::is_ascii_digit)
            && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
            && (i == 0 || !chars[i - 1].is_ascii_digit())
    };
    (0..chars.len()).find(|&i| year_at(i)).is_some_and(|i| {
        let before = i.checked_sub(1).map(|b| chars[b]);
        let after = chars.get(i + 4).copied();
        before.is_some_and(|c| "([（【［".contains(c))
            || after.is_some_and(|c| ")]）】］".contains(c))
    })
}

/// A rename chain must end: A → B → A would send readers in a circle.
fn check_renames(content: &Content, diags: &mut Diagnostics) {
    let mut successor: BTreeMap<&str, (&str, &std::path::Path, crate::base::diagnostics::Pos)> =
        BTreeMap::new();
    for version in &content.versions {
        for item in &version.items {
            let Some(from) = &item.renamed_from else {
                continue;
            };
            let claim = (item.id.value.as_str(), version.file.as_path(), from.pos);
            match successor.get(from.value.as_str()) {
                None => {
                    successor.insert(&from.value, claim);
                }
                Some(&(other, _, _)) if other != item.id.value => diags.push(
                    Diagnostic::error_en(
                        &version.file,
                        Some(from.pos),
                        format!(
                            "`{}` claims `renamed_from: {}`, but `{other}` already continues `{}`",
                            item.id.value, from.value, from.value
                        ),
                    )
                    .help("an old id continues in one item only; remove `renamed_from` from one of them"),
                ),
                Some(_) => {}
            }
        }
    }
    let mut reported = HashSet::new();
    for &start in successor.keys() {
        let mut seen = vec![start];
        let mut cur = start;
        while let Some(&(next, _, _)) = successor.get(cur) {
            if next == start {
                if seen.iter().all(|id| !reported.contains(id)) {
                    reported.extend(seen.iter().copied());
                    // Report where the cycle closes: the claim in the latest version file.
                    let (_, file, pos) = seen
                        .iter()
                        .map(|id| successor[id])
                        .max_by_key(|&(_, file, _)| file)
                        .expect("a cycle has claims");
                    diags.push(
                        Diagnostic::error_en(file, Some(pos), format!("the renames form a cycle: {} → {start}", seen.join(" → ")))
                            .help("an id cannot come back as the successor of its own successor; give the item a new id"),
                    );
                }
                break;
            }
            if seen.contains(&next) {
                break;
            }
            seen.push(next);
            cur = next;
        }
    }
}

fn check_policies(content: &Content, diags: &mut Diagnostics) {
    let default = content.site.default_language();
    for policy in &content.policies {
        // An original that did not decode was reported; this would only repeat it.
        let broken = content.damage.policies.contains(&policy.slug);
        if !policy.docs.contains_key(default) && !broken {
            let (_, doc) = policy.docs.iter().next().expect("a policy has a file");
            diags.push(
                Diagnostic::error_en(
                    &doc.file,
                    Some(Pos::new(1, 1)),
                    format!(
                        "`{}` is a translation without the original",
                        doc.file.display()
                    ),
                )
                .help(format!(
                    "add policy/{}.md in the default language ({default})",
                    policy.slug
                )),
            );
        }
    }
}

#[cfg(test)]
mod version_tests {
    /// A note may name an item removed in its version or in any earlier one (`old-item` left
    /// the list in 2023, `tenancy` was renamed then): checked side by side, each version still
    /// knows every id published before it.
    #[test]
    fn a_note_may_name_an_item_removed_earlier() {
        let later = "date: 2024-01-01\ntitle: 再调整\nnotes:\n  old-item: 早已取消。\n  tenancy: 已更名。\nitems:\n  - id: residence\n    name: 居住证明\n    category: housing\n    status: issued\n    keywords: [住址]\n";
        let (loaded, _) = crate::fixture::load_minimal(&[("certificates/2024-01-01.yaml", later)]);
        assert_eq!(loaded.content.versions.len(), 3);
    }
}

#[cfg(test)]
mod document_tests {
    use super::year_in_wrong_brackets;

    #[test]
    fn only_the_years_brackets_are_judged() {
        for right in [
            "田民〔2025〕36号",
            "田民〔2025〕36号（附件1）",
            "田民〔2025〕36号(附件2)",
            "田村（居）委〔2025〕1号",
            "田民〔2025〕1号【2026】",
            "田民〔2023〕3号（2025年修订）",
            "田民2025年36号",
            "",
        ] {
            assert!(!year_in_wrong_brackets(right), "{right}");
        }
        for wrong in [
            "田民[2025]36号",
            "田民(2025)36号",
            "田民【2025】36号",
            "田民（2025）36号",
            "田民［2025］36号",
            "田民〔2025】36号",
            "田民(2025〕36号（附件1）",
        ] {
            assert!(year_in_wrong_brackets(wrong), "{wrong}");
        }
    }
}
