//! The content model: the plain types that decoding fills and every later stage reads
//! (`Content`, `Site`, `Version`, `Item`, `Text`, ...), with their small accessors.
//!
//! Nothing here knows YAML: the types carry positions (`Pos`) so that later checks can point
//! at what was written, but how they are read is `decode::content`'s business.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::base::diagnostics::Pos;

mod damage;
pub mod lists;
pub mod places;
pub(crate) mod published;
mod service;

pub(crate) use damage::Damage;
/// The extensions an attachment may have (the editors' schema lists them).
pub use published::ATTACHMENT_EXTENSIONS;
pub(crate) use service::{same_channels, same_opt_by};
pub use service::{Channel, Promise, ReferTo};

/// A value with the position it was written at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub pos: Pos,
}

/// Localized text: a string per language code. A plain string is stored under the default
/// language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    /// With where each language key was written (for "unknown language" errors).
    pub values: LangMap,
    pub pos: Pos,
}

impl Text {
    /// The text in `lang`, or `None` when it has no translation there.
    pub fn get(&self, lang: &str) -> Option<&str> {
        self.values.get(lang)
    }

    /// The text in `lang`, else in `default` (the site's default language, which every text
    /// has once validated), else empty.
    pub(crate) fn get_or<'t>(&'t self, lang: &str, default: &str) -> &'t str {
        self.get(lang)
            .or_else(|| self.get(default))
            .unwrap_or_default()
    }

    pub(crate) fn same_as(&self, other: &Text) -> bool {
        self.values == other.values
    }

    /// The language codes in code order, with where each was written.
    pub(crate) fn lang_positions(&self) -> impl Iterator<Item = (&str, Pos)> {
        self.values.0.iter().map(|e| {
            let line = i64::from(self.pos.line) + i64::from(e.line);
            let line = u32::try_from(line).expect("a line within the file");
            (&*e.code, Pos { line, col: e.col })
        })
    }

    /// Its languages' positions are relative to its own, so they move with it.
    pub(super) fn shift_lines(&mut self, delta: i64) {
        shift_line(&mut self.pos, delta);
    }
}

/// `pos` moved `delta` lines down (up when negative).
fn shift_line(pos: &mut Pos, delta: i64) {
    pos.line = u32::try_from(i64::from(pos.line) + delta).expect("a line within the file");
}

/// Language code → string, sorted by code, serialized as a map; each code with the position
/// it was written at (which equality ignores).
///
/// A text has one or two languages, and a province-tier site holds a couple of million texts:
/// a `BTreeMap` allocates a node with room for eleven entries (about 550 bytes) for each, and
/// a separate list of key positions another allocation; a sorted slice of exactly the entries
/// is a fifth of that. The slice is shared (`Arc`): an item read again from a later version
/// (`ItemCache`) is a copy of the earlier one, and copying its twenty-odd texts is then a
/// count increment each instead of an allocation and two increments per language.
#[derive(Debug, Clone, Default)]
pub struct LangMap(Arc<[LangEntry]>);

#[derive(Debug, Clone)]
struct LangEntry {
    /// Shared by every text in the same language (`lang_code`), not a string each.
    code: Arc<str>,
    /// Shared with the same text in other versions when decoded with an `Interner`.
    text: Arc<str>,
    /// Where the code was written: lines below its text's position (so that moving the text
    /// moves it too, see `Text::lang_positions`), and the column.
    line: i32,
    col: u32,
}

/// Put `code` into sorted `entries`, replacing an earlier one as a map would.
fn insert_entry(entries: &mut Vec<LangEntry>, code: &str, text: Arc<str>, line: i32, col: u32) {
    match entries.binary_search_by(|e| (*e.code).cmp(code)) {
        Ok(i) => {
            entries[i] = LangEntry {
                code: Arc::clone(&entries[i].code),
                text,
                line,
                col,
            }
        }
        Err(i) => entries.insert(
            i,
            LangEntry {
                code: lang_code(code),
                text,
                line,
                col,
            },
        ),
    }
}

/// The one shared copy of a language code, per thread: a site has a handful of codes and
/// millions of texts.
fn lang_code(code: &str) -> Arc<str> {
    thread_local! {
        static CODES: RefCell<Vec<Arc<str>>> = const { RefCell::new(Vec::new()) };
    }
    CODES.with_borrow_mut(|codes| match codes.iter().find(|c| &***c == code) {
        Some(c) => Arc::clone(c),
        None => {
            let c: Arc<str> = code.into();
            codes.push(Arc::clone(&c));
            c
        }
    })
}

impl LangMap {
    pub fn get(&self, code: &str) -> Option<&str> {
        // A text has one or two languages: a scan, whose `==` compares lengths before bytes,
        // beats a binary search calling `memcmp` (pages look texts up millions of times).
        self.0.iter().find(|e| *e.code == *code).map(|e| &*e.text)
    }

    pub fn contains_key(&self, code: &str) -> bool {
        self.position(code).is_ok()
    }

    /// Set the text of `code`, replacing an earlier one as a map would. (Copies the entries:
    /// for maps made in code, not for decoding.)
    pub fn insert(&mut self, code: &str, text: String) {
        let mut entries = self.0.to_vec();
        insert_entry(&mut entries, code, text.into(), 0, 0);
        self.0 = entries.into();
    }

    /// Entries in code order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|e| (&*e.code, &*e.text))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn position(&self, code: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|e| (*e.code).cmp(code))
    }
}

impl LangMap {
    /// A text in one language, as decoded from a plain string: `code` at column `col` of the
    /// text's own line.
    pub(super) fn one(code: &str, text: Arc<str>, col: u32) -> LangMap {
        LangMap(Arc::new([LangEntry {
            code: lang_code(code),
            text,
            line: 0,
            col,
        }]))
    }
}

/// The entries of a `LangMap` as they are decoded, each with where its code was written, so
/// that decoding does not depend on how the map stores them.
pub(super) struct LangMapBuilder(Vec<LangEntry>);

impl LangMapBuilder {
    pub(super) fn with_capacity(capacity: usize) -> LangMapBuilder {
        LangMapBuilder(Vec::with_capacity(capacity))
    }

    pub(super) fn contains(&self, code: &str) -> bool {
        self.0.iter().any(|e| *e.code == *code)
    }

    /// Set the text of `code`, written `line` lines below its text's position at `col`.
    pub(super) fn insert(&mut self, code: &str, text: Arc<str>, line: i32, col: u32) {
        insert_entry(&mut self.0, code, text, line, col);
    }

    pub(super) fn build(self) -> LangMap {
        LangMap(self.0.into())
    }
}

impl PartialEq for LangMap {
    /// Codes and texts, not where they were written. An item reused from an earlier version
    /// shares its maps with it, and texts decoded through one `Interner` are the same
    /// allocation when equal, so pointers are compared before bytes: comparing each version's
    /// items with the version before (history, export) is then mostly pointer checks.
    fn eq(&self, other: &LangMap) -> bool {
        let same = |a: &Arc<str>, b: &Arc<str>| Arc::ptr_eq(a, b) || a == b;
        Arc::ptr_eq(&self.0, &other.0)
            || self.0.len() == other.0.len()
                && (self.0.iter())
                    .zip(other.0.iter())
                    .all(|(a, b)| same(&a.code, &b.code) && same(&a.text, &b.text))
    }
}

impl Eq for LangMap {}

impl<const N: usize> From<[(String, String); N]> for LangMap {
    fn from(entries: [(String, String); N]) -> LangMap {
        let mut sorted = Vec::with_capacity(N);
        for (k, v) in entries {
            insert_entry(&mut sorted, &k, v.into(), 0, 0);
        }
        LangMap(sorted.into())
    }
}

impl serde::Serialize for LangMap {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// A language the site is published in (site.yaml `languages`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    pub code: String,
    pub name: String,
}

/// A category items are grouped under (site.yaml `categories`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: Spanned<String>,
    pub name: Text,
}

/// Whom citizens can ask about the list (site.yaml `contact`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Contact {
    pub department: Option<Text>,
    pub phone: Option<String>,
    pub person: Option<Text>,
    pub address: Option<Text>,
    /// 监督举报电话: where citizens report a committee that asks for, or refuses, a
    /// certificate against the list; printed on the notice-board version of the tables.
    pub supervision_phone: Option<String>,
}

/// The registrations and marks a government site shows at its foot (site.yaml `footer`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Footer {
    pub site_code: Option<String>,
    pub icp: Option<String>,
    pub police_record: Option<String>,
    pub error_report_url: Option<Spanned<String>>,
    /// Path relative to the content folder.
    pub emblem: Option<Spanned<String>>,
    /// The 党政机关网站标识's id at bszs.conac.cn, which its verification page is keyed by.
    pub conac_id: Option<String>,
}

/// The site settings (site.yaml).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub file: PathBuf,
    pub title: Text,
    pub base_url: Spanned<String>,
    /// The first is the default language.
    pub languages: Vec<Language>,
    pub language_pos: Vec<Pos>,
    pub publisher: Text,
    /// 承办单位: the unit that runs the site for the publisher, shown beside it.
    pub operator: Option<Text>,
    /// A notice shown on every page, above the footer (e.g. that the site holds sample data, or is
    /// on trial), so no reader mistakes what the site is.
    pub notice: Option<Text>,
    pub contact: Contact,
    pub footer: Footer,
    pub theme: Option<Spanned<String>>,
    pub feedback_action: Option<Spanned<String>>,
    pub categories: Vec<Category>,
    pub search: SearchSettings,
    /// `lists:`: the other lists the site publishes, in the order shown (`model::lists`).
    pub lists: Vec<lists::ListDecl>,
}

/// site.yaml `search`: what the content adds to the citizen's search.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchSettings {
    /// Groups of words residents use for the same thing, added to the shipped groups.
    pub synonyms: Vec<Spanned<Vec<String>>>,
    /// The rule for certificates on neither list, shown when a search finds nothing.
    pub not_on_list: Option<Text>,
}

impl Site {
    pub fn default_language(&self) -> &str {
        &self.languages[0].code
    }

    /// The name of the category with `id`, if site.yaml defines it.
    pub fn category_name(&self, id: &str) -> Option<&Text> {
        self.categories
            .iter()
            .find(|c| c.id.value == id)
            .map(|c| &c.name)
    }
}

/// Whether a certificate is still issued or no longer issued (cancelled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Issued,
    Cancelled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Issued => "issued",
            Status::Cancelled => "cancelled",
        }
    }
}

/// One certificate item in one version of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub pos: Pos,
    pub id: Spanned<String>,
    pub name: Text,
    pub category: Spanned<String>,
    pub status: Spanned<Status>,
    pub purpose: Option<Text>,
    pub basis: Option<Text>,
    pub requested_by: Option<Text>,
    pub issuer: Option<Text>,
    pub materials: Vec<Text>,
    pub steps: Vec<Text>,
    pub time_limit: Option<Text>,
    pub fee: Option<Text>,
    /// Where and how to apply (申请方式), for an issued item.
    pub apply: Option<Text>,
    /// Where to apply (办理地点), the office's hours (办理时间) and who may apply (适用对象).
    pub office: Option<Text>,
    pub hours: Option<Text>,
    pub applicants: Option<Text>,
    pub keywords: Vec<Text>,
    pub alternative: Option<Text>,
    /// The basis of a cancellation (取消依据), for a cancelled item.
    pub cancel_basis: Option<Text>,
    /// 线上办理渠道: where to apply online, for an issued item or as a cancelled one's
    /// alternative.
    pub online: Vec<Channel>,
    /// Where a cancelled item's citizens go instead, as data (agency, address, phone).
    pub refer_to: Option<ReferTo>,
    /// 告知承诺: a written commitment in place of the certificate.
    pub promise: Option<Promise>,
    pub renamed_from: Option<Spanned<String>>,
    /// 证明式样: the certificate's template, a file of the content published beside the item.
    pub specimen: Option<Attachment>,
}

impl Item {
    /// Every text of the item, for checks that apply to all of them.
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        [&self.purpose, &self.basis, &self.requested_by, &self.issuer]
            .into_iter()
            .chain([&self.time_limit, &self.fee, &self.apply])
            .chain([&self.office, &self.hours, &self.applicants])
            .chain([&self.alternative, &self.cancel_basis])
            .flatten()
            .chain(self.specimen.iter().filter_map(|s| s.title.as_ref()))
            .chain(std::iter::once(&self.name))
            .chain(self.materials.iter())
            .chain(self.steps.iter())
            .chain(self.keywords.iter())
            .chain(self.online.iter().map(|c| &c.name))
            .chain(self.refer_to.iter().flat_map(|r| r.texts()).map(|(_, t)| t))
            .chain(self.promise.iter().flat_map(|p| p.texts()).map(|(_, t)| t))
    }

    /// Move every position of the item `delta` lines down: the same item written elsewhere.
    pub(super) fn shift_lines(&mut self, delta: i64) {
        // Destructured, so that a new field cannot be forgotten here.
        let Item {
            pos,
            id,
            name,
            category,
            status,
            purpose,
            basis,
            requested_by,
            issuer,
            materials,
            steps,
            time_limit,
            fee,
            apply,
            office,
            hours,
            applicants,
            keywords,
            alternative,
            cancel_basis,
            online,
            refer_to,
            promise,
            renamed_from,
            specimen,
        } = self;
        for pos in [pos, &mut id.pos, &mut category.pos, &mut status.pos] {
            shift_line(pos, delta);
        }
        if let Some(specimen) = specimen {
            specimen.shift_lines(delta);
        }
        if let Some(renamed) = renamed_from {
            shift_line(&mut renamed.pos, delta);
        }
        let texts = [
            purpose,
            basis,
            requested_by,
            issuer,
            time_limit,
            fee,
            apply,
            office,
            hours,
            applicants,
            alternative,
            cancel_basis,
        ];
        let texts = std::iter::once(name)
            .chain(texts.into_iter().flatten())
            .chain(materials.iter_mut())
            .chain(steps.iter_mut())
            .chain(keywords.iter_mut());
        for text in texts {
            text.shift_lines(delta);
        }
        for channel in online {
            channel.shift_lines(delta);
        }
        if let Some(refer_to) = refer_to {
            refer_to.shift_lines(delta);
        }
        if let Some(promise) = promise {
            promise.shift_lines(delta);
        }
    }
}

/// One published version of the list: `certificates/<date>.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub file: PathBuf,
    /// The date in the file name.
    pub file_date: Option<NaiveDate>,
    pub date: Spanned<NaiveDate>,
    pub title: Text,
    pub document: Option<Spanned<String>>,
    pub issued_by: Option<Text>,
    pub summary: Option<Text>,
    pub notes: Vec<(Spanned<String>, Text)>,
    /// 施行日期: the day the version takes effect, on or after `date`.
    pub effective: Option<Spanned<NaiveDate>>,
    /// 更正: dated corrections to the version as published, oldest first.
    pub corrections: Vec<Correction>,
    /// The official document (红头文件) and its annexes, published beside the version.
    pub attachments: Vec<Attachment>,
    pub items: Vec<Item>,
    /// False when an item or the whole `items` failed to decode (and was reported): the
    /// version then lists fewer ids than its file does.
    pub complete: bool,
    /// A digest of each item's text in the file, in the order of `items`: what the build
    /// cache keys pages by (`emit::html::cache_keys`). Empty when they are not known (a file
    /// parsed whole, a place's derived version), and no page is then kept from a cache.
    pub item_digests: Vec<ItemDigest>,
}

/// The first 16 bytes of the SHA-256 of an item's text in its version file.
pub type ItemDigest = [u8; 16];

impl Version {
    /// Every text of the version outside its items, for checks that apply to all of them.
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        std::iter::once(&self.title)
            .chain(self.issued_by.iter())
            .chain(self.summary.iter())
            .chain(self.corrections.iter().map(|c| &c.text))
            .chain(self.attachments.iter().filter_map(|a| a.title.as_ref()))
    }

    pub fn note(&self, id: &str) -> Option<&Text> {
        self.notes
            .iter()
            .find(|(k, _)| k.value == id)
            .map(|(_, t)| t)
    }
}

/// A dated correction (更正) to a published version: shown as such beside it, never merged into
/// what the version said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub date: Spanned<NaiveDate>,
    /// Markdown.
    pub text: Text,
}

/// A file of the content that the site publishes as it is (`published::Attachment`'s data as
/// the content names it, and once read, where and what it is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Where the entry is written.
    pub pos: Pos,
    /// What the file is, as links show it; required for a version's attachments.
    pub title: Option<Text>,
    /// The path relative to the content folder, as written.
    pub file: Spanned<String>,
    /// Filled in once the file has been read and checked (`decode::attachments`); `None` only
    /// when that failed, which stops the build.
    pub published: Option<published::PublishedFile>,
}

impl Attachment {
    fn shift_lines(&mut self, delta: i64) {
        shift_line(&mut self.pos, delta);
        shift_line(&mut self.file.pos, delta);
        if let Some(title) = &mut self.title {
            title.shift_lines(delta);
        }
    }
}

/// A document a policy interpretation links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub title: String,
    pub url: String,
}

/// One language's file of a policy interpretation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyDoc {
    pub file: PathBuf,
    pub lang: Spanned<String>,
    pub title: String,
    pub date: NaiveDate,
    pub department: Option<String>,
    pub document: Option<String>,
    pub related: Vec<Related>,
    /// Markdown body.
    pub body: String,
    /// The metadata government sites publish with an interpretation (索引号, 发文机关, ...).
    pub meta: PolicyMeta,
    /// The versions named in `versions:`, each where it was written; `None` without the key,
    /// when the versions that share the `document` number are the ones linked.
    pub versions: Option<Vec<Spanned<NaiveDate>>>,
    pub form: PolicyForm,
    /// The line of the file the body starts on, so that what is found in the body is placed.
    pub body_line: u32,
    /// The body's images, checked and published (`decode::policy_images`).
    pub images: Vec<PolicyImage>,
}

/// A policy interpretation's metadata block, in the order government sites show it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PolicyMeta {
    /// 索引号.
    pub index_number: Option<String>,
    /// 发文机关: several for a joint document.
    pub issuers: Vec<String>,
    /// 成文日期.
    pub written: Option<NaiveDate>,
    /// 有效性.
    pub validity: Option<Validity>,
    /// 信息来源.
    pub source: Option<String>,
}

/// Whether the interpreted document is in force (现行有效) or was repealed (已废止) on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    InForce,
    Repealed(NaiveDate),
}

/// How a policy body is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PolicyForm {
    /// Prose with headings, shown as written.
    #[default]
    Prose,
    /// 问答式解读: each `## ` heading is a question, the Markdown under it its answer.
    Questions,
}

/// An image of a policy body (图解), as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyImage {
    /// The address as written in the Markdown (`images/flow.png`).
    pub src: String,
    /// Where it is published, from the output root.
    pub path: String,
    pub width: u32,
    pub height: u32,
}

/// A policy interpretation in every language it was written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub slug: String,
    /// Keyed by language code; the default language is required.
    pub docs: BTreeMap<String, PolicyDoc>,
}

/// Everything in the content folder, decoded.
#[derive(Debug, Clone)]
pub struct Content {
    pub root: PathBuf,
    pub site: Site,
    /// Sorted by date.
    pub versions: Vec<std::sync::Arc<Version>>,
    /// Sorted by slug.
    pub policies: Vec<Policy>,
    /// places.yaml, when the content has one (`places`).
    pub places: Option<places::Places>,
    /// The declared lists other than the certificate list, each with its versions, in the
    /// order `site.yaml` declares them (`model::lists`).
    pub lists: Vec<lists::KindList>,
    pub damage: Damage,
    /// For a place's section: the place, and where its versions and items come from
    /// (`derive::inherit`); `None` for the site's own list.
    pub section: Option<places::inherit::Section>,
}

/// `[a-z0-9]+(-[a-z0-9]+)*`: the shape of every id and slug that becomes part of a URL.
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}
