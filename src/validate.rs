//! Cross-reference checks over the decoded `Content`: everything that needs more than one field
//! or more than one file to judge (ids, categories, renames, languages, dates).
//!
//! Validation never stops early: each problem becomes one diagnostic with its position.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::base::codes::Code;
use crate::base::diagnostics::{suggestion, Diagnostic, Diagnostics, Pos};
use crate::decode::content::checks::{address_problem, refused_address, Also};
use crate::model::{is_slug, Category, Content, Item, Status, Text, Version};
use crate::msg;

mod adjustments;
mod document_number;
mod lists;
mod places;
mod policy_links;
pub(crate) mod published;
mod search;
mod stale_translation;

mod basis;

/// The longest item id allowed (the id names the item's folder of the site).
pub const MAX_ID_LEN: usize = 64;

/// Check `content`; the returned diagnostics hold errors and warnings.
pub fn validate(content: &Content, diags: &mut Diagnostics) {
    check_site(content, diags);
    check_versions(content, diags);
    check_renames(content, diags);
    check_policies(content, diags);
    policy_links::check(content, diags);
    adjustments::check(content, diags);
    basis::check_retained_basis(content, diags);
    search::check(content, diags);
    places::check(content, diags);
    lists::check(content, diags);
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
            let list = langs.join(", ");
            let help = match suggestion(code, langs.iter().copied()) {
                Some(s) => s.then(&msg!(
                    "site.yaml 设置的语言：{list}",
                    "Configured languages: {list}"
                )),
                None => msg!(
                    "请使用 {list} 之一，或者把这种语言加到 site.yaml 的 `languages` 里",
                    "use one of {list}, or add the language to `languages` in site.yaml"
                ),
            };
            diags.push(
                Diagnostic::error(
                    file,
                    Some(pos),
                    Code::UnknownLanguage,
                    msg!(
                        "site.yaml 没有设置语言代码 `{code}`",
                        "the language code `{code}` is not configured in site.yaml"
                    ),
                )
                .help(help),
            );
        }
    }
}

/// A `key` that names where a site is published (`base_url`, a place's `home`): an https
/// address ending with `/`, since every page's address is built by appending to it.
pub(crate) fn check_base_url(
    file: &std::path::Path,
    key: &str,
    url: &crate::model::Spanned<String>,
    diags: &mut Diagnostics,
) {
    if let Some(problem) = address_problem(&url.value, Also::Nothing) {
        diags.push(refused_address(
            file,
            url.pos,
            key,
            &url.value,
            &problem,
            Also::Nothing,
            "https://www.example.gov.cn/zmsx/ (where the portal hosts the site)",
        ));
    } else if !url.value.ends_with('/') {
        let value = &url.value;
        diags.push(
            Diagnostic::error(
                file,
                Some(url.pos),
                Code::BaseUrlSlash,
                msg!("`{key}` 必须以 `/` 结尾", "`{key}` must end with `/`"),
            )
            .help(msg!("写成 `{key}: {value}/`", "write `{key}: {value}/`")),
        );
    }
}

/// A dated file whose `date:` is not the date its name gives (certificate versions and the
/// other lists' versions alike): which to change.
pub(crate) fn date_mismatch(
    file: &std::path::Path,
    date: &crate::model::Spanned<chrono::NaiveDate>,
    file_date: Option<chrono::NaiveDate>,
) -> Option<Diagnostic> {
    let (pos, date) = (date.pos, date.value);
    let file_date = file_date.filter(|d| *d != date)?;
    Some(
        Diagnostic::error(
            file,
            Some(pos),
            Code::DateMismatch,
            msg!(
                "`date: {date}` 与文件名中的日期不一致",
                "`date: {date}` differs from the file name"
            ),
        )
        .help(msg!(
            "改为 `date: {file_date}`，或者把文件改名为 {date}.yaml",
            "set `date: {file_date}`, or rename the file to {date}.yaml"
        )),
    )
}

fn check_site(content: &Content, diags: &mut Diagnostics) {
    let site = &content.site;
    let file = site.file.as_path();
    let langs = language_codes(content);
    check_base_url(file, "base_url", &site.base_url, diags);
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
        let id = &c.id.value;
        if !is_slug(id) {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(c.id.pos),
                    Code::InvalidCategoryId,
                    msg!(
                        "类别 id `{id}` 不符合要求",
                        "the category id `{id}` is not valid"
                    ),
                )
                .help(msg!(
                    "只用小写字母、数字和单个连字符，例如 `social-security`",
                    "use lowercase letters, digits and single hyphens, e.g. `social-security`"
                )),
            );
        }
        if !seen.insert(id.as_str()) {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(c.id.pos),
                    Code::DuplicateCategory,
                    msg!(
                        "类别 id `{id}` 写了两次",
                        "the category id `{id}` is listed twice"
                    ),
                )
                .help(msg!(
                    "每个类别要有自己的 id",
                    "give each category its own id"
                )),
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
    // Files that did not decode were reported; "no version" would only repeat that.
    if content.versions.is_empty() && content.damage.versions.is_empty() {
        diags.push(
            Diagnostic::error(
                &content.root.join("certificates"),
                None,
                Code::NoVersion,
                msg!("没有找到任何版本的清单", "no version of the list was found"),
            )
            .help(msg!(
                "至少添加一个版本文件 `certificates/年-月-日.yaml`",
                "add at least one file `certificates/YYYY-MM-DD.yaml`"
            )),
        );
    }
    let mut dates: HashMap<chrono::NaiveDate, &std::path::Path> = HashMap::new();
    // The first version listing each id: whether an id was published before version `k` is
    // `first_listed[id] < k`, which lets the versions be checked side by side.
    let mut first_listed: HashMap<&str, usize> = HashMap::new();
    for (k, version) in content.versions.iter().enumerate() {
        let file = version.file.as_path();
        if let Some(mismatch) = date_mismatch(file, &version.date, version.file_date) {
            diags.push(mismatch);
        }
        if let Some(other) = dates.insert(version.date.value, file) {
            let other = other.display();
            diags.push(
                Diagnostic::error(
                    file,
                    Some(version.date.pos),
                    Code::DuplicateDate,
                    msg!(
                        "另一个版本的日期与此相同：{other}",
                        "another version has the same date: {other}"
                    ),
                )
                .help(msg!(
                    "每个版本要有自己的日期",
                    "each version needs its own date"
                )),
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
                categories: (!content.damage.categories).then_some(&site.categories[..]),
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
    categories: Option<&'a [Category]>,
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
    for t in version.texts() {
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

/// An id is part of the item's permanent address.
fn check_id_is_an_address(file: &Path, item: &Item, diags: &mut Diagnostics) {
    let id = &item.id;
    if !is_slug(&id.value) || id.value.len() > MAX_ID_LEN {
        let id = &id.value;
        diags.push(
            Diagnostic::error(
                file,
                Some(item.id.pos),
                Code::InvalidId,
                msg!(
                    "id `{id}` 不能用作事项的固定网址",
                    "the id `{id}` cannot be a permanent address"
                ),
            )
            .help(msg!(
                "id 只用小写字母 a-z、数字和单个连字符（不能有 `/`、`.` 或空格），最多{MAX_ID_LEN}个字符，例如 `proof-of-kinship`",
                "an id uses lowercase letters a-z, digits and single hyphens (no `/`, `.` or spaces), at most {MAX_ID_LEN} characters, e.g. `proof-of-kinship`"
            )),
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
        let (value, line) = (&id.value, first.id.pos.line);
        diags.push(
            Diagnostic::error(
                file,
                Some(id.pos),
                Code::DuplicateId,
                msg!(
                    "id `{value}` 在这个版本里用了两次（第一次在第{line}行）",
                    "the id `{value}` is used twice in this version (first on line {line})"
                ),
            )
            .help(msg!(
                "每个事项要有自己的 id；一个 id 永远只属于一项证明",
                "give each item its own id; an id belongs to one certificate forever"
            )),
        );
    }
}

/// The rules of single items and texts, for what a place's delta file in `file` adds: its
/// `add` items (ids, categories, alternatives, keywords, languages) and its other `texts`.
pub(super) fn check_delta_items<'t>(
    content: &Content,
    file: &Path,
    items: &[Item],
    texts: impl Iterator<Item = &'t Text>,
    diags: &mut Diagnostics,
) {
    let langs = language_codes(content);
    let categories = (!content.damage.categories).then_some(content.site.categories.as_slice());
    let mut ids: HashMap<&str, &Item> = HashMap::new();
    for item in items {
        check_id_is_an_address(file, item, diags);
        check_id_is_unique(file, item, &mut ids, diags);
        if let Some(categories) = categories {
            check_category_is_configured(file, item, categories, diags);
        }
        check_cancelled_has_alternative(file, item, diags);
        check_has_keywords(file, item, diags);
        for t in item.texts() {
            check_text_langs(file, t, &langs, diags);
        }
    }
    for t in texts {
        check_text_langs(file, t, &langs, diags);
    }
}

fn check_category_is_configured(
    file: &Path,
    item: &Item,
    categories: &[Category],
    diags: &mut Diagnostics,
) {
    let written = item.category.value.as_str();
    if categories.iter().any(|c| c.id.value == written) {
        return;
    }
    let pos = Some(item.category.pos);
    // Staff see the categories by their names on the site, and write one of those.
    if let Some(named) = category_named(categories, written) {
        let id = &named.id.value;
        diags.push(
            Diagnostic::error(
                file,
                pos,
                Code::CategoryByName,
                msg!(
                    "写的是类别名称“{written}”，这里要写类别的 id：`{id}`",
                    "`{written}` is the name of the category `{id}`: write its id here"
                ),
            )
            .help(msg!("写成 `category: {id}`", "write `category: {id}`")),
        );
        return;
    }
    let ids: Vec<&str> = categories.iter().map(|c| c.id.value.as_str()).collect();
    let list = ids.join(", ");
    let help = match suggestion(written, ids.iter().copied()) {
        Some(s) => s.then(&msg!(
            "site.yaml 里的类别：{list}",
            "Categories in site.yaml: {list}"
        )),
        None => msg!(
            "请写 site.yaml 中 `categories` 下的一个 id：{list}",
            "use one of the ids under `categories` in site.yaml: {list}"
        ),
    };
    diags.push(
        Diagnostic::error(
            file,
            pos,
            Code::UnknownCategory,
            msg!("类别 `{written}` 不存在", "unknown category `{written}`"),
        )
        .help(help),
    );
}

/// The category whose name, in any language, is `written` (spaces around it and the case of
/// Latin letters aside).
fn category_named<'c>(categories: &'c [Category], written: &str) -> Option<&'c Category> {
    let written = written.trim();
    categories.iter().find(|c| {
        c.name
            .values
            .iter()
            .any(|(_, name)| name.trim().eq_ignore_ascii_case(written))
    })
}

fn check_cancelled_has_alternative(file: &Path, item: &Item, diags: &mut Diagnostics) {
    if item.status.value == Status::Cancelled && item.alternative.is_none() {
        let id = &item.id.value;
        diags.push(
            Diagnostic::error(
                file,
                Some(item.status.pos),
                Code::MissingAlternative,
                msg!(
                    "不再出具的事项 `{id}` 没有写替代方式（`alternative`）",
                    "the cancelled item `{id}` has no `alternative` (替代方式)"
                ),
            )
            .help(msg!(
                "不再出具的事项要写 `alternative`：告诉群众改到哪里办理（哪个部门、告知承诺、数据共享）",
                "a cancelled item needs `alternative`: tell citizens where to go instead (which office, 告知承诺, data sharing)"
            )),
        );
    }
}

fn check_has_keywords(file: &Path, item: &Item, diags: &mut Diagnostics) {
    if item.keywords.is_empty() {
        let id = &item.id.value;
        diags.push(
            Diagnostic::warning(
                file,
                Some(item.id.pos),
                Code::NoKeywords,
                msg!(
                    "事项 `{id}` 没有搜索关键词（`keywords`）",
                    "the item `{id}` has no `keywords`"
                ),
            )
            .help(msg!(
                "写上群众搜索时会输入的词，例如 `keywords: [活着证明, 生存证明]`",
                "add the words citizens type when they search, e.g. `keywords: [活着证明, 生存证明]`"
            )),
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
    let old = &from.value;
    if *old == item.id.value {
        diags.push(
            Diagnostic::error(
                file,
                Some(from.pos),
                Code::RenamedFromSelf,
                msg!(
                    "事项不能从自己的 id 更名而来",
                    "an item cannot be renamed from its own id"
                ),
            )
            .help(msg!(
                "删去 `renamed_from`，或者写上事项以前的 id",
                "remove `renamed_from`, or name the id it had before"
            )),
        );
    } else if known.ids_before && !earlier.published(old) {
        let help = suggestion(old, earlier.ids()).unwrap_or_else(|| {
            msg!(
                "写上事项在以前的版本里用过的 id，或者删去 `renamed_from`",
                "name the id the item had in an earlier version, or remove `renamed_from`"
            )
        });
        diags.push(
            Diagnostic::error(
                file,
                Some(from.pos),
                Code::RenamedFromUnknown,
                msg!(
                    "`renamed_from: {old}` 写的 id 在以前的版本里从未公布过",
                    "`renamed_from: {old}` names an id never published in an earlier version"
                ),
            )
            .help(help),
        );
    }
}

fn check_renamed_from_left_the_list(
    file: &Path,
    item: &Item,
    ids: &HashMap<&str, &Item>,
    diags: &mut Diagnostics,
) {
    if let Some(from) = &item.renamed_from {
        let old = &from.value;
        if *old != item.id.value && ids.contains_key(old.as_str()) {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(from.pos),
                    Code::RenamedFromListed,
                    msg!(
                        "`renamed_from: {old}` 写的 id 仍在这个版本的清单里",
                        "`renamed_from: {old}` names an id that is still listed in this version"
                    ),
                )
                .help(msg!(
                    "旧 id 移出清单，事项才算更名：删去事项 `{old}`，或者删去 `renamed_from`",
                    "an item is renamed when its old id leaves the list: remove the item `{old}`, or remove `renamed_from`"
                )),
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
            let id = &key.value;
            let help = suggestion(id, ids.keys().copied()).unwrap_or_else(|| {
                msg!(
                    "说明的键（key）是这个版本列出或移出的事项的 id",
                    "a note's key is the id of an item listed in, or removed by, this version"
                )
            });
            diags.push(
                Diagnostic::error(
                    file,
                    Some(key.pos),
                    Code::NoteUnknownItem,
                    msg!(
                        "`{id}` 的说明对应的事项不在这个版本里",
                        "the note for `{id}` names no item of this version"
                    ),
                )
                .help(help),
            );
        }
    }
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
                Some(&(other, _, _)) if other != item.id.value => {
                    let (id, old) = (&item.id.value, &from.value);
                    diags.push(
                        Diagnostic::error(
                            &version.file,
                            Some(from.pos),
                            Code::RenamedTwice,
                            msg!(
                                "`{id}` 写了 `renamed_from: {old}`，但 `{other}` 已经接续了 `{old}`",
                                "`{id}` claims `renamed_from: {old}`, but `{other}` already continues `{old}`"
                            ),
                        )
                        .help(msg!(
                            "一个旧 id 只能由一个事项接续：从其中一个事项里删去 `renamed_from`",
                            "an old id continues in one item only; remove `renamed_from` from one of them"
                        )),
                    )
                }
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
                    let chain = seen.join(" → ");
                    diags.push(
                        Diagnostic::error(
                            file,
                            Some(pos),
                            Code::RenameCycle,
                            msg!(
                                "更名形成了循环：{chain} → {start}",
                                "the renames form a cycle: {chain} → {start}"
                            ),
                        )
                        .help(msg!(
                            "一个 id 不能又成为它自己后继者的后继者：请给这个事项一个新的 id",
                            "an id cannot come back as the successor of its own successor; give the item a new id"
                        )),
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
            let (shown, slug) = (doc.file.display(), &policy.slug);
            diags.push(
                Diagnostic::error(
                    &doc.file,
                    Some(Pos::new(1, 1)),
                    Code::PolicyNoOriginal,
                    msg!(
                        "`{shown}` 是译文，但没有原文",
                        "`{shown}` is a translation without the original"
                    ),
                )
                .help(msg!(
                    "添加默认语言（{default}）的原文 policy/{slug}.md",
                    "add policy/{slug}.md in the default language ({default})"
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
