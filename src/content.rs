//! The content model (`Content`) and its decoding from the YAML tree, with positions kept.
//!
//! Decoding checks shape only: known keys, required fields, value types. Cross-references (a
//! category that exists, an id unique in its version, ...) are `validate`'s job. Each problem is
//! reported and decoding goes on, so one run lists everything.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::diagnostics::{suggestion, Diagnostic, Diagnostics, Pos};
use crate::source::{SourceFile, Sources};
use crate::yaml::{self, Node, SeqSplit, Value};

pub mod checks;
mod damage;

pub use damage::Damage;

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
    pub fn get_or<'t>(&'t self, lang: &str, default: &str) -> &'t str {
        self.get(lang)
            .or_else(|| self.get(default))
            .unwrap_or_default()
    }

    pub fn same_as(&self, other: &Text) -> bool {
        self.values == other.values
    }

    /// The language codes in code order, with where each was written.
    pub fn lang_positions(&self) -> impl Iterator<Item = (&str, Pos)> {
        self.values.0.iter().map(|e| {
            let line = i64::from(self.pos.line) + i64::from(e.line);
            let line = u32::try_from(line).expect("a line within the file");
            (&*e.code, Pos { line, col: e.col })
        })
    }

    /// Its languages' positions are relative to its own, so they move with it.
    fn shift_lines(&mut self, delta: i64) {
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

/// One shared copy of each distinct text string of a build, handed out as `Arc<str>`.
///
/// Each version file repeats the whole list, and from one version to the next about 95 % of
/// the items are unchanged: a province's ten versions hold each text ten times. Decoding the
/// versions through one interner keeps one copy (a fifth of the content's memory, and most
/// of its allocations). It lives for one `decode` call, never across builds.
#[derive(Debug, Default)]
pub struct Interner {
    /// Split by a cheap hash so the threads decoding versions in parallel rarely wait.
    shards: [Mutex<HashSet<Arc<str>, BuildHasherDefault<WordHasher>>>; 16],
}

/// A `HashMap` with `WordHasher`: for maps the build fills and reads hundreds of thousands of
/// times (ids, texts, template values).
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// FxHash's rotate-xor-multiply over 8-byte words. The interner hashes every text of the
/// content, and std's SipHash (built to resist crafted keys, which the site's own files are
/// not) was a few per cent of a province build.
#[derive(Debug, Default)]
pub struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(u64::from_le_bytes(word.try_into().expect("8 bytes")));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(byte.into());
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Interner {
    pub fn get(&self, s: &str) -> Arc<str> {
        let bytes = s.as_bytes();
        let mix = s.len()
            ^ bytes.first().map_or(0, |b| (*b as usize) << 2)
            ^ bytes.last().map_or(0, |b| *b as usize);
        let mut set = self.shards[mix % 16]
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match set.get(s) {
            Some(shared) => Arc::clone(shared),
            None => {
                let shared: Arc<str> = s.into();
                set.insert(Arc::clone(&shared));
                shared
            }
        }
    }
}

/// Items decoded earlier in this build, by their exact source text (an item's lines, from its
/// `- ` line to the next item's), with the line each was decoded at.
///
/// Each version file repeats the whole list, and about 95 % of its items are byte for byte as
/// in the version before: such an item is the earlier one with its lines moved, and copying it
/// skips parsing and decoding it again. Only items that decoded without any problem are kept,
/// so every problem is still reported where it is written. Lives for one `decode` call.
#[derive(Default)]
struct ItemCache<'s> {
    /// Split by a cheap hash, as the interner's, for the threads decoding versions in parallel.
    shards: [Mutex<ItemsByText<'s>>; 16],
}

type ItemsByText<'s> = HashMap<&'s str, (usize, Arc<Item>), BuildHasherDefault<WordHasher>>;

impl<'s> ItemCache<'s> {
    fn shard(&self, text: &str) -> std::sync::MutexGuard<'_, ItemsByText<'s>> {
        let mix = text.len()
            ^ text
                .as_bytes()
                .get(text.len() / 2)
                .map_or(0, |b| *b as usize);
        self.shards[mix % 16]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// The item decoded from the same text, moved to start at `line`.
    fn get(&self, text: &str, line: usize) -> Option<Item> {
        let (at, item) = self.shard(text).get(text).cloned()?;
        let mut item = Item::clone(&item);
        item.shift_lines(line as i64 - at as i64);
        Some(item)
    }

    fn insert(&self, text: &'s str, line: usize, item: &Item) {
        self.shard(text)
            .entry(text)
            .or_insert_with(|| (line, Arc::new(item.clone())));
    }
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: Spanned<String>,
    pub name: Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Contact {
    pub department: Option<Text>,
    pub phone: Option<String>,
    pub person: Option<Text>,
    pub address: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Footer {
    pub site_code: Option<String>,
    pub icp: Option<String>,
    pub police_record: Option<String>,
    pub error_report_url: Option<Spanned<String>>,
    /// Path relative to the content folder.
    pub emblem: Option<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub file: PathBuf,
    pub title: Text,
    pub base_url: Spanned<String>,
    /// The first is the default language.
    pub languages: Vec<Language>,
    pub language_pos: Vec<Pos>,
    pub publisher: Text,
    pub contact: Contact,
    pub footer: Footer,
    pub theme: Option<Spanned<String>>,
    pub feedback_action: Option<Spanned<String>>,
    pub categories: Vec<Category>,
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
    pub keywords: Vec<Text>,
    pub alternative: Option<Text>,
    pub renamed_from: Option<Spanned<String>>,
}

impl Item {
    /// Every text of the item, for checks that apply to all of them.
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        [&self.purpose, &self.basis, &self.requested_by, &self.issuer]
            .into_iter()
            .chain([&self.time_limit, &self.fee, &self.alternative])
            .flatten()
            .chain(std::iter::once(&self.name))
            .chain(self.materials.iter())
            .chain(self.steps.iter())
            .chain(self.keywords.iter())
    }

    /// Move every position of the item `delta` lines down: the same item written elsewhere.
    fn shift_lines(&mut self, delta: i64) {
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
            keywords,
            alternative,
            renamed_from,
        } = self;
        for pos in [pos, &mut id.pos, &mut category.pos, &mut status.pos] {
            shift_line(pos, delta);
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
            alternative,
        ];
        let texts = std::iter::once(name)
            .chain(texts.into_iter().flatten())
            .chain(materials.iter_mut())
            .chain(steps.iter_mut())
            .chain(keywords.iter_mut());
        for text in texts {
            text.shift_lines(delta);
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
    pub items: Vec<Item>,
    /// False when an item or the whole `items` failed to decode (and was reported): the
    /// version then lists fewer ids than its file does.
    pub complete: bool,
}

impl Version {
    pub fn note(&self, id: &str) -> Option<&Text> {
        self.notes
            .iter()
            .find(|(k, _)| k.value == id)
            .map(|(_, t)| t)
    }
}

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
    pub versions: Vec<Version>,
    /// Sorted by slug.
    pub policies: Vec<Policy>,
    pub damage: Damage,
}

/// Decode all sources. Returns `None` only when site.yaml is missing or unusable; otherwise a
/// `Content` holding every part that decoded, with the problems of the rest in `diags`.
pub fn decode(sources: &Sources, diags: &mut Diagnostics) -> Option<Content> {
    let site_file = match &sources.site {
        Some(f) => f,
        None => {
            if sources.root.is_dir() && !sources.root.join("site.yaml").exists() {
                diags.push(
                    Diagnostic::error(
                        &sources.root.join("site.yaml"),
                        None,
                        "site.yaml is missing",
                    )
                    .help("every content folder needs a site.yaml; see docs/content-format.md"),
                );
            }
            return None;
        }
    };
    let mut damage = Damage::default();
    let site = decode_site(site_file, &mut damage, diags)?;
    let langs: Vec<String> = site.languages.iter().map(|l| l.code.clone()).collect();
    let mut versions = decode_versions(&sources.versions, &langs[0], &mut damage, diags);
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
    Some(Content {
        root: sources.root.clone(),
        site,
        versions,
        policies: policies.into_values().collect(),
        damage,
    })
}

/// Parse a file's YAML, reporting a syntax error with its position.
fn parse_yaml<'s>(
    file: &Path,
    text: &'s str,
    line_offset: usize,
    diags: &mut Diagnostics,
) -> Option<Node<'s>> {
    if let Some((line, col)) = find_tab_indent(text) {
        diags.push(
            Diagnostic::error(file, Some(Pos::new(line + line_offset, col)), "a tab is used for indentation")
                .help("YAML indents with spaces only: replace the tab with spaces (most editors: \"Convert indentation to spaces\")"),
        );
        return None;
    }
    match yaml::parse(text, line_offset) {
        Ok(node) => Some(node),
        Err(e) => {
            let d = match e.help {
                // A construct content refuses, not a mistake in the YAML.
                Some(help) => Diagnostic::error(file, Some(e.pos), e.message).help(help),
                None => Diagnostic::error(file, Some(e.pos), format!("YAML syntax error: {}", e.message)).help(
                    "check the indentation and the `key: value` form on this line and the one above; \
                     quote values that contain `: ` or start with `{`, `[`, `*`, `&`, `!`, `%` or `@`",
                ),
            };
            diags.push(d);
            None
        }
    }
}

fn find_tab_indent(text: &str) -> Option<(usize, usize)> {
    // Most files have no tab at all, and one pass over the bytes says so.
    if !text.as_bytes().contains(&b'\t') {
        return None;
    }
    text.lines().enumerate().find_map(|(i, line)| {
        let mut indent = line.bytes().take_while(|b| matches!(b, b' ' | b'\t'));
        indent.position(|b| b == b'\t').map(|col| (i + 1, col + 1))
    })
}

/// Reads the keys of one YAML map, reporting unknown and missing keys.
struct MapReader<'a> {
    file: &'a Path,
    node: &'a Node<'a>,
    entries: &'a [(Node<'a>, Node<'a>)],
    what: &'a str,
    interner: Option<&'a Interner>,
}

impl<'a> MapReader<'a> {
    /// `what` names the map in messages ("an item", "site.yaml").
    fn new(
        file: &'a Path,
        node: &'a Node<'a>,
        what: &'a str,
        known: &[&str],
        diags: &mut Diagnostics,
    ) -> Option<MapReader<'a>> {
        let Value::Map(entries) = &node.value else {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(node.pos),
                    format!(
                        "{what} must be a map of `key: value` lines, found {}",
                        node.kind_name()
                    ),
                )
                .help("write one `key: value` per line, indented under its parent"),
            );
            return None;
        };
        let mut seen: Vec<&str> = Vec::new();
        for (key, _) in entries {
            let Some(name) = key.as_str() else {
                diags.push(Diagnostic::error(
                    file,
                    Some(key.pos),
                    "a key must be a plain word",
                ));
                continue;
            };
            if !known.contains(&name) {
                let mut d = Diagnostic::error(
                    file,
                    Some(key.pos),
                    format!("unknown key `{name}` in {what}"),
                );
                d = d.help(match suggestion(name, known.iter().copied()) {
                    Some(s) => format!("{s} The keys allowed here are: {}", known.join(", ")),
                    None => format!("the keys allowed here are: {}", known.join(", ")),
                });
                diags.push(d);
            } else if seen.contains(&name) {
                diags.push(
                    Diagnostic::error(
                        file,
                        Some(key.pos),
                        format!("the key `{name}` is given twice in {what}"),
                    )
                    .help("keep one of the two lines"),
                );
            }
            seen.push(name);
        }
        Some(MapReader {
            file,
            node,
            entries,
            what,
            interner: None,
        })
    }

    /// Share the texts read through `interner`.
    fn sharing(self, interner: &'a Interner) -> MapReader<'a> {
        MapReader {
            interner: Some(interner),
            ..self
        }
    }

    fn get(&self, key: &str) -> Option<&'a Node<'a>> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    }

    fn key_pos(&self, key: &str) -> Option<Pos> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(k, _)| k.pos)
    }

    fn required(&self, key: &str, hint: &str, diags: &mut Diagnostics) -> Option<&'a Node<'a>> {
        let v = self.get(key);
        if v.is_none() {
            diags.push(
                Diagnostic::error(
                    self.file,
                    Some(
                        self.key_pos(key)
                            .or(self.entries.first().map(|(k, _)| k.pos))
                            .unwrap_or(self.node.pos),
                    ),
                    format!("{} is missing the required field `{key}`", self.what),
                )
                .help(hint.to_string()),
            );
        }
        v
    }

    fn string(&self, key: &str, diags: &mut Diagnostics) -> Option<Spanned<String>> {
        let node = self.get(key)?;
        scalar(self.file, node, key, diags)
    }

    fn text(&self, key: &str, default_lang: &str, diags: &mut Diagnostics) -> Option<Text> {
        let node = self.get(key)?;
        text(self.file, node, key, default_lang, self.interner, diags)
    }

    fn text_list(&self, key: &str, default_lang: &str, diags: &mut Diagnostics) -> Vec<Text> {
        let Some(node) = self.get(key) else {
            return Vec::new();
        };
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|n| text(self.file, n, key, default_lang, self.interner, diags))
                .collect(),
            _ => {
                diags.push(
                    Diagnostic::error(
                        self.file,
                        Some(node.pos),
                        format!("`{key}` must be a list, found {}", node.kind_name()),
                    )
                    .help(format!(
                        "write each entry on its own line starting with `- ` under `{key}:`"
                    )),
                );
                Vec::new()
            }
        }
    }
}

fn scalar(file: &Path, node: &Node, key: &str, diags: &mut Diagnostics) -> Option<Spanned<String>> {
    match node.as_str() {
        Some(s) => {
            checks::length(file, node.pos, key, s, diags);
            checks::printable(file, node.pos, key, s, diags);
            Some(Spanned {
                value: s.to_string(),
                pos: node.pos,
            })
        }
        None => {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(node.pos),
                    format!("`{key}` must be a single value, found {}", node.kind_name()),
                )
                .help(format!("write `{key}: value` on one line")),
            );
            None
        }
    }
}

/// A plain string (default language) or a map of language code to string.
fn text(
    file: &Path,
    node: &Node,
    key: &str,
    default_lang: &str,
    interner: Option<&Interner>,
    diags: &mut Diagnostics,
) -> Option<Text> {
    let share = |s: &str| -> Arc<str> {
        match interner {
            Some(interner) => interner.get(s),
            None => s.into(),
        }
    };
    let mut t = Text {
        pos: node.pos,
        ..Text::default()
    };
    match &node.value {
        Value::Scalar { text, .. } => {
            checks::text_value(file, node.pos, key, None, text, diags);
            t.values = LangMap(Arc::new([LangEntry {
                code: lang_code(default_lang),
                text: share(text),
                line: 0,
                col: node.pos.col,
            }]));
        }
        Value::Map(entries) => {
            let mut sorted = Vec::with_capacity(entries.len());
            for (k, v) in entries {
                let (Some(code), Some(value)) = (k.as_str(), v.as_str()) else {
                    diags.push(
                        Diagnostic::error(
                            file,
                            Some(v.pos),
                            format!("each translation of `{key}` must be `language-code: text`"),
                        )
                        .help(format!("e.g. `{key}: {{ {default_lang}: ..., en: ... }}`")),
                    );
                    continue;
                };
                if sorted.iter().any(|e: &LangEntry| *e.code == *code) {
                    diags.push(
                        Diagnostic::error(
                            file,
                            Some(k.pos),
                            format!("the language `{code}` is given twice in `{key}`"),
                        )
                        .help("give each language once: keep one of the two texts"),
                    );
                    continue;
                }
                checks::text_value(file, v.pos, key, Some(code), value, diags);
                let below = i64::from(k.pos.line) - i64::from(node.pos.line);
                let below = i32::try_from(below).expect("a line within the file");
                insert_entry(&mut sorted, code, share(value), below, k.pos.col);
            }
            t.values = LangMap(sorted.into());
            if !t.values.contains_key(default_lang) {
                diags.push(
                    Diagnostic::error(
                        file,
                        Some(node.pos),
                        format!("`{key}` has no text in the default language `{default_lang}`"),
                    )
                    .help(format!(
                        "add `{default_lang}: ...`; other languages fall back to it"
                    )),
                );
                return None;
            }
        }
        Value::Seq(_) => {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(node.pos),
                    format!("`{key}` must be text, found a list"),
                )
                .help(format!(
                    "write `{key}: text` or `{key}: {{ {default_lang}: ..., en: ... }}`"
                )),
            );
            return None;
        }
    }
    Some(t)
}

fn date(file: &Path, node: &Node, key: &str, diags: &mut Diagnostics) -> Option<NaiveDate> {
    let s = scalar(file, node, key, diags)?;
    match NaiveDate::parse_from_str(&s.value, "%Y-%m-%d") {
        Ok(d) if s.value.len() == 10 => Some(d),
        _ => {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(node.pos),
                    format!("`{key}: {}` is not a date", s.value),
                )
                .help("write the date as YYYY-MM-DD, e.g. 2023-02-21"),
            );
            None
        }
    }
}

// The keys each kind of map accepts; `schema` builds the editors' JSON Schemas from these.
pub const SITE_KEYS: &[&str] = &[
    "title",
    "base_url",
    "languages",
    "publisher",
    "contact",
    "footer",
    "theme",
    "feedback",
    "categories",
];

pub const LANGUAGE_KEYS: &[&str] = &["code", "name"];
pub const CONTACT_KEYS: &[&str] = &["department", "phone", "person", "address"];
pub const FOOTER_KEYS: &[&str] = &[
    "site_code",
    "icp",
    "police_record",
    "error_report_url",
    "emblem",
];
pub const FEEDBACK_KEYS: &[&str] = &["action"];
pub const CATEGORY_KEYS: &[&str] = &["id", "name"];

fn decode_site(file: &SourceFile, damage: &mut Damage, diags: &mut Diagnostics) -> Option<Site> {
    let path = &file.path;
    let root = parse_yaml(path, &file.text, 0, diags)?;
    let map = MapReader::new(path, &root, "site.yaml", SITE_KEYS, diags)?;
    let mut languages = Vec::new();
    let mut language_pos = Vec::new();
    if let Some(node) = map.required(
        "languages",
        "list the languages, the default first: `- { code: zh-CN, name: 中文 }`",
        diags,
    ) {
        match &node.value {
            Value::Seq(list) => {
                // Entries with a language code; any other leaves the languages unknown.
                let mut usable = 0;
                for n in list {
                    let Some(m) = MapReader::new(path, n, "a language", LANGUAGE_KEYS, diags)
                    else {
                        continue;
                    };
                    let code = m.required("code", "add `code: en` (a BCP 47 language tag)", diags);
                    let name = m.required(
                        "name",
                        "add `name: English` (the language's name in itself)",
                        diags,
                    );
                    if let (Some(code), Some(name)) = (
                        code.and_then(|c| scalar(path, c, "code", diags)),
                        name.and_then(|c| scalar(path, c, "name", diags)),
                    ) {
                        if !is_language_code(&code.value) {
                            diags.push(
                                Diagnostic::error(
                                    path,
                                    Some(code.pos),
                                    format!("`{}` is not a language code", code.value),
                                )
                                .help("use a BCP 47 tag such as zh-CN, en or ug"),
                            );
                            continue;
                        }
                        usable += 1;
                        if languages.iter().any(|l: &Language| l.code == code.value) {
                            diags.push(
                                Diagnostic::error(
                                    path,
                                    Some(code.pos),
                                    format!("the language `{}` is listed twice", code.value),
                                )
                                .help("remove one of the two entries"),
                            );
                            continue;
                        }
                        checks::not_empty(path, name.pos, "name", None, &name.value, diags);
                        language_pos.push(code.pos);
                        languages.push(Language {
                            code: code.value,
                            name: name.value,
                        });
                    }
                }
                damage.languages = usable < list.len();
            }
            _ => diags.push(
                Diagnostic::error(path, Some(node.pos), "`languages` must be a list")
                    .help("write `- { code: zh-CN, name: 中文 }`, one per line"),
            ),
        }
    }
    if languages.is_empty() {
        if map.get("languages").is_some() {
            diags.push(
                Diagnostic::error(
                    path,
                    map.key_pos("languages"),
                    "no usable language in `languages`",
                )
                .help("add at least `- { code: zh-CN, name: 中文 }`"),
            );
        }
        return None;
    }
    let default = languages[0].code.clone();
    let title = map.required(
        "title",
        "add the site's title, e.g. `title: { zh-CN: ..., en: ... }`",
        diags,
    );
    let title = title.and_then(|n| text(path, n, "title", &default, None, diags));
    let base_url = map
        .required("base_url", "add the address where the portal publishes the site, e.g. `base_url: https://www.example.gov.cn/zmsx/`", diags)
        .and_then(|n| scalar(path, n, "base_url", diags));
    let publisher = map
        .required("publisher", "add the publishing department (主办单位), e.g. `publisher: { zh-CN: 田家庵区民政局, en: ... }`", diags)
        .and_then(|n| text(path, n, "publisher", &default, None, diags));
    let mut contact = Contact::default();
    if let Some(node) = map.get("contact") {
        if let Some(m) = MapReader::new(path, node, "`contact`", CONTACT_KEYS, diags) {
            contact.department = m.text("department", &default, diags);
            contact.phone = m.string("phone", diags).map(|s| s.value);
            contact.person = m.text("person", &default, diags);
            contact.address = m.text("address", &default, diags);
        }
    }
    let mut footer = Footer::default();
    if let Some(node) = map.get("footer") {
        if let Some(m) = MapReader::new(path, node, "`footer`", FOOTER_KEYS, diags) {
            footer.site_code = m.string("site_code", diags).map(|s| s.value);
            footer.icp = m.string("icp", diags).map(|s| s.value);
            footer.police_record = m.string("police_record", diags).map(|s| s.value);
            footer.error_report_url = m.string("error_report_url", diags);
            footer.emblem = m.string("emblem", diags);
        }
    }
    let theme = map.string("theme", diags);
    let mut feedback_action = None;
    if let Some(node) = map.get("feedback") {
        if let Some(m) = MapReader::new(path, node, "`feedback`", FEEDBACK_KEYS, diags) {
            feedback_action = m.string("action", diags);
        }
    }
    let mut categories = Vec::new();
    // Until every entry is read: items are not checked against a partial list.
    damage.categories = true;
    if let Some(node) = map.required("categories", "list the categories: `- { id: family, name: { zh-CN: 婚姻家庭, en: Marriage and family } }`", diags) {
        match &node.value {
            Value::Seq(list) if list.is_empty() => diags.push(Diagnostic::error(path, Some(node.pos), "`categories` lists no category").help("add at least one `- { id: ..., name: ... }`")),
            Value::Seq(list) => {
                for n in list {
                    let Some(m) = MapReader::new(path, n, "a category", CATEGORY_KEYS, diags) else {
                        continue;
                    };
                    let id = m.required("id", "add `id: family` (lowercase letters, digits and hyphens)", diags).and_then(|n| scalar(path, n, "id", diags));
                    let name = m.required("name", "add the category's name", diags).and_then(|n| text(path, n, "name", &default, None, diags));
                    if let (Some(id), Some(name)) = (id, name) {
                        categories.push(Category { id, name });
                    }
                }
                damage.categories = categories.len() < list.len();
            }
            _ => diags.push(Diagnostic::error(path, Some(node.pos), "`categories` must be a list").help("write one `- { id: ..., name: ... }` per line")),
        }
    }
    Some(Site {
        file: path.clone(),
        title: title?,
        base_url: base_url?,
        languages,
        language_pos,
        publisher: publisher?,
        contact,
        footer,
        theme,
        feedback_action,
        categories,
    })
}

fn is_language_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 35
        && code
            .split('-')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

pub const VERSION_KEYS: &[&str] = &[
    "date",
    "title",
    "document",
    "issued_by",
    "summary",
    "notes",
    "items",
];

pub const ITEM_KEYS: &[&str] = &[
    "id",
    "name",
    "category",
    "status",
    "purpose",
    "basis",
    "requested_by",
    "issuer",
    "materials",
    "steps",
    "time_limit",
    "fee",
    "keywords",
    "alternative",
    "renamed_from",
];

/// Decode the version files, each with its own diagnostics, merged in file order so the
/// report is the same on every run.
///
/// Files are read item by item (`VersionDecoder::by_item`) one after the other, oldest first,
/// each one's items in parallel: every file then finds the items it shares with the files
/// before it already decoded (`ItemCache`), which decoding files side by side would miss. A
/// file that cannot be read that way is parsed whole, in parallel with the others like it.
fn decode_versions(
    files: &[SourceFile],
    default_lang: &str,
    damage: &mut Damage,
    diags: &mut Diagnostics,
) -> Vec<Version> {
    let decoder = VersionDecoder {
        default_lang,
        interner: Interner::default(),
        cache: ItemCache::default(),
    };
    // Cutting a file scans all of it: every file at once.
    let splits: Vec<Option<SeqSplit>> = files
        .par_iter()
        .map(|f| yaml::split_seq(&f.text, "items"))
        .collect();
    let mut dates = Vec::with_capacity(files.len());
    let mut by_item = Vec::with_capacity(files.len());
    for (file, split) in files.iter().zip(&splits) {
        let mut own = Diagnostics::default();
        let date = version_file_date(file, &mut own);
        let decoded = split
            .as_ref()
            .and_then(|split| decoder.by_item(file, split, date));
        dates.push((date, own));
        by_item.push(decoded);
    }
    let whole: Vec<Option<(Option<Version>, Diagnostics)>> = (files.par_iter().zip(&by_item))
        .zip(&dates)
        .map(|((file, decoded), (date, _))| {
            decoded.is_none().then(|| {
                let mut own = Diagnostics::default();
                let version = decoder.whole(file, *date, &mut own);
                (version, own)
            })
        })
        .collect();
    let mut versions = Vec::with_capacity(files.len());
    for (((date, date_diags), decoded), whole) in dates.into_iter().zip(by_item).zip(whole) {
        diags.extend(date_diags);
        if let Some((version, own)) = decoded.or(whole) {
            diags.extend(own);
            match version {
                Some(version) => versions.push(version),
                None => damage.versions.push(date),
            }
        }
    }
    versions
}

/// The date in a version file's name, which must be one.
fn version_file_date(file: &SourceFile, diags: &mut Diagnostics) -> Option<NaiveDate> {
    let stem = file
        .rel
        .trim_start_matches("certificates/")
        .trim_end_matches(".yaml");
    let file_date = NaiveDate::parse_from_str(stem, "%Y-%m-%d")
        .ok()
        .filter(|_| stem.len() == 10);
    if file_date.is_none() {
        diags.push(
            Diagnostic::error(&file.path, Some(Pos::new(1, 1)), format!("the file name `{stem}.yaml` is not a date"))
                .help("name each version file after its publication date, e.g. certificates/2023-02-21.yaml"),
        );
    }
    file_date
}

/// What decoding one build's version files shares: the default language, one interner for
/// their texts, and the items decoded so far.
struct VersionDecoder<'s, 'l> {
    default_lang: &'l str,
    interner: Interner,
    cache: ItemCache<'s>,
}

impl<'s> VersionDecoder<'s, '_> {
    /// A version from the whole file's tree.
    fn whole(
        &self,
        file: &SourceFile,
        file_date: Option<NaiveDate>,
        diags: &mut Diagnostics,
    ) -> Option<Version> {
        let path = &file.path;
        let root = parse_yaml(path, &file.text, 0, diags)?;
        self.tree(path, &root, file_date, VersionItems::InTree, diags)
    }

    /// A version from the file cut around its items (`yaml::split_seq`); `None` when a
    /// part does not take the fast parse, and the file is then parsed whole, so the cut never
    /// changes what a file means or how its problems read (tests compare both).
    fn by_item(
        &self,
        file: &SourceFile,
        split: &SeqSplit<'s>,
        file_date: Option<NaiveDate>,
    ) -> Option<(Option<Version>, Diagnostics)> {
        let root = yaml::parse_fast(&split.frame, 0, 0)?;
        let Value::Map(entries) = &root.value else {
            return None;
        };
        let key = Pos::new(split.key_line, 1);
        let empty = |v: &Node| matches!(&v.value, Value::Seq(list) if list.is_empty());
        if !entries
            .iter()
            .any(|(k, v)| k.pos == key && k.as_str() == Some("items") && empty(v))
        {
            return None;
        }
        // Collected as a `Vec` of `Option`s, which rayon writes in place, not as an `Option` of a
        // `Vec`, which it assembles from pieces, copying every (large) item again.
        let items: Vec<Option<ItemSource>> = split
            .entries
            .par_iter()
            .map(|entry| match self.cache.get(entry.text, entry.line) {
                Some(item) => Some(ItemSource::Reused(item)),
                None => {
                    // Inside the top-level map, as in the whole file.
                    let node = yaml::parse_fast(entry.text, entry.line - 1, 1)?;
                    let Value::Seq(mut list) = node.value else {
                        return None;
                    };
                    match (list.pop(), list.is_empty()) {
                        (Some(node), true) => Some(ItemSource::Parsed(*entry, node)),
                        _ => None,
                    }
                }
            })
            .collect();
        let items = items.into_iter().collect::<Option<Vec<_>>>()?;
        let mut diags = Diagnostics::default();
        let items = VersionItems::ByItem(items);
        let version = self.tree(&file.path, &root, file_date, items, &mut diags);
        Some((version, diags))
    }

    /// A version from its file's top-level map and its items.
    fn tree(
        &self,
        path: &Path,
        root: &Node,
        file_date: Option<NaiveDate>,
        version_items: VersionItems<'s>,
        diags: &mut Diagnostics,
    ) -> Option<Version> {
        let (default_lang, interner, cache) = (self.default_lang, &self.interner, &self.cache);
        let map =
            MapReader::new(path, root, "a version file", VERSION_KEYS, diags)?.sharing(interner);
        let date_node = map.required(
            "date",
            "add `date: YYYY-MM-DD`, the same date as the file name",
            diags,
        );
        let date_value = date_node.and_then(|n| date(path, n, "date", diags));
        let title = map
            .required(
                "title",
                "add the title of this publication, e.g. `title: { zh-CN: ..., en: ... }`",
                diags,
            )
            .and_then(|n| text(path, n, "title", default_lang, Some(interner), diags));
        let document = map.string("document", diags);
        let issued_by = map.text("issued_by", default_lang, diags);
        let summary = map.text("summary", default_lang, diags);
        let mut notes = Vec::new();
        if let Some(node) = map.get("notes") {
            match &node.value {
                Value::Map(entries) => {
                    for (k, v) in entries {
                        if let (Some(id), Some(t)) = (
                            scalar(path, k, "notes", diags),
                            text(path, v, "notes", default_lang, Some(interner), diags),
                        ) {
                            if notes
                                .iter()
                                .any(|(other, _): &(Spanned<String>, _)| other.value == id.value)
                            {
                                diags.push(
                                    Diagnostic::error(
                                        path,
                                        Some(id.pos),
                                        format!("the note for `{}` is given twice", id.value),
                                    )
                                    .help("keep one note per item: merge the two"),
                                );
                                continue;
                            }
                            notes.push((id, t));
                        }
                    }
                }
                _ => diags.push(
                    Diagnostic::error(path, Some(node.pos), "`notes` must map item ids to text")
                        .help("write `notes:` then one `item-id: text` per line, indented"),
                ),
            }
        }
        let mut items = Vec::new();
        let mut complete = true;
        match version_items {
            VersionItems::ByItem(sources) => {
                let decoded: Vec<(Option<Item>, Diagnostics)> = sources
                    .into_par_iter()
                    .map(|source| match source {
                        ItemSource::Reused(item) => (Some(item), Diagnostics::default()),
                        ItemSource::Parsed(entry, node) => {
                            let mut own = Diagnostics::default();
                            let item = decode_item(path, &node, default_lang, interner, &mut own);
                            if let Some(item) = item.as_ref().filter(|_| own.is_empty()) {
                                cache.insert(entry.text, entry.line, item);
                            }
                            (item, own)
                        }
                    })
                    .collect();
                items.reserve_exact(decoded.len());
                for (item, own) in decoded {
                    diags.extend(own);
                    complete &= item.is_some();
                    items.extend(item);
                }
            }
            VersionItems::InTree => {
                if let Some(node) = map.required(
                    "items",
                    "add `items:` followed by the list of certificate items",
                    diags,
                ) {
                    match &node.value {
                        Value::Seq(list) => {
                            items.extend(list.iter().filter_map(|n| {
                                decode_item(path, n, default_lang, interner, diags)
                            }));
                            complete = items.len() == list.len();
                        }
                        _ => {
                            complete = false;
                            diags.push(
                                Diagnostic::error(path, Some(node.pos), "`items` must be a list")
                                    .help("start each item with `- id: ...`"),
                            )
                        }
                    }
                } else {
                    complete = false;
                }
            }
        }
        Some(Version {
            file: path.to_path_buf(),
            file_date,
            date: Spanned {
                value: date_value.or(file_date)?,
                pos: date_node.map_or(root.pos, |n| n.pos),
            },
            title: title?,
            document,
            issued_by,
            summary,
            notes,
            items,
            complete,
        })
    }
}

/// Where a version's items come from: its parsed tree, or its items cut out one by one.
enum VersionItems<'s> {
    InTree,
    ByItem(Vec<ItemSource<'s>>),
}

// Boxing the large variant would cost an allocation per reused item; the vector of these
// lives only while one version decodes.
#[allow(clippy::large_enum_variant)]
enum ItemSource<'s> {
    /// The same text decoded earlier, moved to this item's lines.
    Reused(Item),
    /// Parsed from this item's text, to decode.
    Parsed(yaml::Entry<'s>, Node<'s>),
}

fn decode_item(
    path: &Path,
    node: &Node,
    lang: &str,
    interner: &Interner,
    diags: &mut Diagnostics,
) -> Option<Item> {
    let m = MapReader::new(path, node, "an item", ITEM_KEYS, diags)?.sharing(interner);
    let id = m.required(
        "id",
        "add `id: some-name`: the item's permanent address (lowercase letters, digits, hyphens)",
        diags,
    );
    let name = m.required("name", "add the certificate's name (事项名称), e.g. `name: { zh-CN: 亲属关系证明, en: Proof of kinship }`", diags);
    let category = m.required(
        "category",
        "add `category:` with one of the category ids from site.yaml",
        diags,
    );
    let status = m.required(
        "status",
        "add `status: issued` (the committee issues it) or `status: cancelled` (it no longer does)",
        diags,
    );
    let id = id.and_then(|n| scalar(path, n, "id", diags));
    let name = name.and_then(|n| text(path, n, "name", lang, Some(interner), diags));
    let category = category.and_then(|n| scalar(path, n, "category", diags));
    let status = status.and_then(|n| scalar(path, n, "status", diags)).and_then(|s| {
        let value = match s.value.as_str() {
            "issued" => Status::Issued,
            "cancelled" => Status::Cancelled,
            other => {
                let mut d = Diagnostic::error(path, Some(s.pos), format!("`status: {other}` is not a status"));
                d = d.help(match suggestion(other, ["issued", "cancelled"]) {
                    Some(s) => format!("{s} A status is `issued` or `cancelled`"),
                    None => "a status is `issued` (the committee issues it) or `cancelled` (it no longer does)".into(),
                });
                diags.push(d);
                return None;
            }
        };
        Some(Spanned { value, pos: s.pos })
    });
    let item = Item {
        pos: node.pos,
        purpose: m.text("purpose", lang, diags),
        basis: m.text("basis", lang, diags),
        requested_by: m.text("requested_by", lang, diags),
        issuer: m.text("issuer", lang, diags),
        materials: m.text_list("materials", lang, diags),
        steps: m.text_list("steps", lang, diags),
        time_limit: m.text("time_limit", lang, diags),
        fee: m.text("fee", lang, diags),
        keywords: stand_in_list(m.text_list("keywords", lang, diags), m.get("keywords")),
        alternative: (m.text("alternative", lang, diags))
            .or_else(|| m.get("alternative").map(|_| Text::default())),
        renamed_from: m.string("renamed_from", diags),
        id: id?,
        // A missing or unusable name or status was reported above. Stand-ins that add no
        // problem of their own (`issued`: a cancelled item would need an alternative) keep
        // the item, so that validation reports its other problems in the same run; the errors
        // stop every build, so they never reach a page. Likewise an unusable `alternative` or
        // `keywords` is not also reported as missing.
        name: name.unwrap_or_default(),
        category: category?,
        status: status.unwrap_or(Spanned {
            value: Status::Issued,
            pos: node.pos,
        }),
    };
    Some(item)
}

/// `list` as decoded from `node`, or a stand-in entry when `node` held entries that all
/// failed to decode (reported): an empty list means "none written" to the checks.
fn stand_in_list(mut list: Vec<Text>, node: Option<&Node>) -> Vec<Text> {
    let written = node.is_some_and(|n| !matches!(&n.value, Value::Seq(l) if l.is_empty()));
    if list.is_empty() && written {
        list.push(Text::default());
    }
    list
}

pub const POLICY_KEYS: &[&str] = &["title", "date", "department", "document", "related"];
pub const RELATED_KEYS: &[&str] = &["title", "url"];

/// The slug and language of a policy file: `<slug>.md` in `default`, `<slug>.<code>.md`.
fn policy_name<'f>(file: &'f SourceFile, default: &'f str) -> (&'f str, &'f str) {
    let name = file
        .rel
        .trim_start_matches("policy/")
        .trim_end_matches(".md");
    name.rsplit_once('.').unwrap_or((name, default))
}

/// A policy file; `languages_unknown` when an entry of `languages` did not decode, and a
/// language missing from `langs` is then no error of this file's.
fn decode_policy(
    file: &SourceFile,
    langs: &[String],
    languages_unknown: bool,
    diags: &mut Diagnostics,
) -> Option<(String, PolicyDoc)> {
    let path = &file.path;
    let (slug, lang) = policy_name(file, &langs[0]);
    if !langs.iter().any(|l| l == lang) {
        if languages_unknown {
            return None;
        }
        let mut d = Diagnostic::error(
            path,
            Some(Pos::new(1, 1)),
            format!("the language `{lang}` in the file name is not configured in site.yaml"),
        );
        d = d.help(match suggestion(lang, langs.iter().map(String::as_str)) {
            Some(s) => format!("{s} Or add `{lang}` to `languages` in site.yaml"),
            None => format!(
                "add `{lang}` to `languages` in site.yaml, or rename the file to `{slug}.md`"
            ),
        });
        diags.push(d);
        return None;
    }
    if !is_slug(slug) {
        diags.push(Diagnostic::error(path, Some(Pos::new(1, 1)), format!("`{slug}` cannot be a page address")).help("name policy files with lowercase letters, digits and hyphens, e.g. village-organizations.md"));
        return None;
    }
    let text = &file.text;
    let Some(rest) = text.strip_prefix("---\n") else {
        diags.push(Diagnostic::error(path, Some(Pos::new(1, 1)), "the file does not start with front matter").help("start the file with a line `---`, then `title:` and `date:`, then a line `---`, then the Markdown"));
        return None;
    };
    let Some(end) = rest
        .find("\n---\n")
        .map(|i| i + 1)
        .or_else(|| rest.ends_with("\n---").then(|| rest.len() - 3))
    else {
        diags.push(
            Diagnostic::error(path, Some(Pos::new(1, 1)), "the front matter is not closed")
                .help("end the front matter with a line containing only `---`"),
        );
        return None;
    };
    let yaml_text = &rest[..end];
    let body = rest[end..]
        .trim_start_matches("---")
        .trim_start_matches('\n')
        .to_string();
    let root = parse_yaml(path, yaml_text, 1, diags)?;
    let m = MapReader::new(path, &root, "the front matter", POLICY_KEYS, diags)?;
    let title = m
        .required(
            "title",
            "add `title: ...`, the interpretation's title",
            diags,
        )
        .and_then(|n| scalar(path, n, "title", diags));
    if let Some(title) = &title {
        checks::not_empty(path, title.pos, "title", None, &title.value, diags);
    }
    let date_value = m
        .required(
            "date",
            "add `date: YYYY-MM-DD`, the publication date",
            diags,
        )
        .and_then(|n| date(path, n, "date", diags));
    let mut related = Vec::new();
    if let Some(node) = m.get("related") {
        match &node.value {
            Value::Seq(list) => {
                for n in list {
                    if let Some(r) =
                        MapReader::new(path, n, "a related document", RELATED_KEYS, diags)
                    {
                        let t = r
                            .required("title", "add the document's title", diags)
                            .and_then(|n| scalar(path, n, "title", diags));
                        let u = r
                            .required("url", "add the document's address", diags)
                            .and_then(|n| scalar(path, n, "url", diags));
                        if let (Some(t), Some(u)) = (t, u) {
                            checks::not_empty(path, t.pos, "title", None, &t.value, diags);
                            let also = checks::Also::Path;
                            match checks::address_problem(&u.value, also) {
                                None => related.push(Related {
                                    title: t.value,
                                    url: u.value,
                                }),
                                Some(problem) => diags.push(checks::refused_address(
                                    path,
                                    u.pos,
                                    "url",
                                    &u.value,
                                    &problem,
                                    also,
                                    "https://www.gov.cn/zhengce/doc.html",
                                )),
                            }
                        }
                    }
                }
            }
            _ => diags.push(
                Diagnostic::error(path, Some(node.pos), "`related` must be a list")
                    .help("write `- { title: ..., url: ... }` per document"),
            ),
        }
    }
    Some((
        slug.to_string(),
        PolicyDoc {
            file: path.clone(),
            lang: Spanned {
                value: lang.to_string(),
                pos: Pos::new(1, 1),
            },
            title: title?.value,
            date: date_value?,
            department: m.string("department", diags).map(|s| s.value),
            document: m.string("document", diags).map(|s| s.value),
            related,
            body,
        },
    ))
}

/// `[a-z0-9]+(-[a-z0-9]+)*`: the shape of every id and slug that becomes part of a URL.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version file read item by item, reusing items decoded before (`ItemCache`), gives
    /// what reading it whole gives: the same `Version` down to every position (compared by
    /// `Debug`, which unlike `==` shows them all) and the same problems in the same order. On
    /// the repository's version files, on pieces of them and on mutants of those, each read
    /// after its seed so that unchanged items are reused at moved lines.
    #[test]
    fn a_version_read_item_by_item_is_the_version_read_whole() {
        let file = |text: &str| SourceFile {
            path: PathBuf::from("content/certificates/2023-01-01.yaml"),
            rel: "certificates/2023-01-01.yaml".into(),
            text: Arc::new(text.to_string()),
        };
        fn decoder<'s>() -> VersionDecoder<'s, 'static> {
            VersionDecoder {
                default_lang: "zh-CN",
                interner: Interner::default(),
                cache: ItemCache::default(),
            }
        }
        let whole = |f: &SourceFile| {
            let mut diags = Diagnostics::default();
            let date = version_file_date(f, &mut diags);
            let version = decoder().whole(f, date, &mut diags);
            format!("{version:#?}\n{diags:#?}")
        };
        // `None` when the file was not cut.
        fn by_item<'s>(f: &'s SourceFile, decoder: &VersionDecoder<'s, '_>) -> Option<String> {
            let mut diags = Diagnostics::default();
            let date = version_file_date(f, &mut diags);
            let split = yaml::split_seq(&f.text, "items")?;
            let (version, own) = decoder.by_item(f, &split, date)?;
            diags.extend(own);
            Some(format!("{version:#?}\n{diags:#?}"))
        }

        let mut seeds = Vec::new();
        for dir in ["content", "tests"] {
            for (path, text, _) in crate::fixture::yaml_texts(&crate::fixture::repo().join(dir)) {
                if path.parent().is_some_and(|p| p.ends_with("certificates")) {
                    let lines: Vec<&str> = text.split_inclusive('\n').collect();
                    let starts: Vec<usize> = (0..lines.len())
                        .filter(|&i| lines[i].starts_with("  - id:"))
                        .collect();
                    if let (Some(&first), Some(&last)) = (starts.first(), starts.last()) {
                        // The header, three items, and the lines after the last item.
                        let end = starts.get(3).copied().unwrap_or(last);
                        let piece = [&lines[..end], &lines[last..]].concat().concat();
                        assert!(first < end);
                        seeds.push(piece);
                    }
                    seeds.push(text);
                }
            }
        }
        assert!(seeds.len() >= 8, "only {} version seeds", seeds.len());
        for seed in &seeds {
            let f = file(seed);
            let reader = decoder();
            let first = by_item(&f, &reader).expect("every version file of the repository is cut");
            assert_eq!(first, whole(&f));
            // Read again, every item now comes from the cache.
            assert_eq!(by_item(&f, &reader).as_ref(), Some(&first));
        }

        let mut rng = fastrand::Rng::with_seed(0x2545_f491_4f6c_dd1d);
        let (mut tried, mut cut) = (0, 0);
        let small: Vec<&String> = seeds.iter().filter(|s| s.len() < 20_000).collect();
        assert!(small.len() >= 4, "only {} small seeds", small.len());
        for _ in 0..1500 {
            let seed = small[rng.usize(..small.len())];
            let mutant = crate::fixture::mutate(&mut rng, seed);
            let (seed, mutant) = (file(seed), file(&mutant));
            let reader = decoder();
            by_item(&seed, &reader);
            tried += 1;
            if let Some(read) = by_item(&mutant, &reader) {
                cut += 1;
                assert_eq!(read, whole(&mutant), "mutant:\n{}", mutant.text);
            }
        }
        println!("{cut} of {tried} mutants read item by item");
        // The fast parse takes about a third of the mutants; if few were cut, this proved little.
        assert!(cut * 4 > tried, "only {cut} of {tried} mutants were cut");
    }

    #[test]
    fn lang_map_behaves_like_a_sorted_map() {
        let mut m = LangMap::default();
        let mut b = BTreeMap::new();
        for (k, v) in [("zh-CN", "一"), ("en", "one"), ("fr", "un"), ("en", "One")] {
            m.insert(k, v.into());
            b.insert(k, v.to_string());
        }
        assert_eq!(m.len(), 3);
        assert_eq!(m.get("en"), Some("One"));
        assert!(m.contains_key("fr") && !m.contains_key("de"));
        assert!(m.iter().eq(b.iter().map(|(k, v)| (*k, v.as_str()))));
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            serde_json::to_string(&b).unwrap()
        );
    }

    /// An item cut out of its file is nested as deep as in the whole file: one nested to the
    /// limit only within the item reads the same both ways (refused, not cut and accepted).
    #[test]
    fn the_nesting_limit_counts_the_levels_around_a_cut_out_item() {
        let mut text = String::from("date: 2023-01-01\ntitle: 标题\nitems:\n  - id: x\n    fee:\n");
        // Root map, `items`, the item, then maps down to one level past the limit.
        for depth in 4..=yaml::MAX_DEPTH {
            text.push_str(&format!("{}k:\n", "  ".repeat(depth)));
        }
        text.push_str(&format!("{}k: v\n", "  ".repeat(yaml::MAX_DEPTH + 1)));
        let f = SourceFile {
            path: PathBuf::from("content/certificates/2023-01-01.yaml"),
            rel: "certificates/2023-01-01.yaml".into(),
            text: Arc::new(text),
        };
        let decoder = VersionDecoder {
            default_lang: "zh-CN",
            interner: Interner::default(),
            cache: ItemCache::default(),
        };
        let split = yaml::split_seq(&f.text, "items").expect("the items are cut");
        assert!(decoder.by_item(&f, &split, None).is_none());
        let mut diags = Diagnostics::default();
        assert!(decoder.whole(&f, None, &mut diags).is_none());
        let d = diags.iter().next().unwrap();
        assert!(d.message.contains("nest more than"), "{d:?}");
    }

    #[test]
    fn slugs() {
        assert!(is_slug("kinship"));
        assert!(is_slug("a-1-b"));
        for bad in ["", "A", "a--b", "-a", "a-", "a/b", "..", "a.b", "名称"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn versions_share_one_copy_of_each_text() {
        let (loaded, _) = crate::fixture::load_minimal(&[]);
        let versions = &loaded.content.versions;
        assert!(versions.len() >= 2, "the fixture has several versions");
        let (old, new) = (&versions[0], &versions[versions.len() - 1]);
        let mut shared = 0;
        for item in &new.items {
            let Some(before) = old.items.iter().find(|i| i.id.value == item.id.value) else {
                continue;
            };
            for (a, b) in before.name.values.0.iter().zip(item.name.values.0.iter()) {
                if a.text == b.text {
                    assert!(Arc::ptr_eq(&a.text, &b.text), "{} is stored twice", a.text);
                    shared += 1;
                }
            }
        }
        assert!(shared > 0, "some names repeat between the versions");
        let interner = Interner::default();
        let (a, b) = (
            interner.get("亲属关系证明"),
            interner.get(&String::from("亲属关系证明")),
        );
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &interner.get("Proof of kinship")));
    }
}
