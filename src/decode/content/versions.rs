//! Decoding the version files (`certificates/<date>.yaml`) into `Version`s.
//!
//! A province's versions repeat most items from one file to the next, so this is where the
//! build spends its decoding time: files are cut around their items (`yaml::split_seq`), items
//! already decoded from the same text are reused (`ItemCache`), and the rest decode in
//! parallel. One item's fields are `item`'s.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use rayon::prelude::*;

use super::item::decode_item;
use super::publication;
use super::read_map::{date, parse_yaml, scalar, text, MapReader};
use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::base::intern::{Interner, WordHasher};
use crate::model::Damage;
use crate::model::{Item, ItemDigest, Spanned, Text, Version};
use crate::msg;
use crate::read::source::SourceFile;
use crate::yaml::{self, Node, SeqSplit, Value};

use super::version_memo::{Outcome, VersionMemo};

pub const VERSION_KEYS: &[&str] = &[
    "date",
    "title",
    "document",
    "issued_by",
    "summary",
    "notes",
    "effective",
    "corrections",
    "attachments",
    "items",
];

/// Items decoded earlier in this build, by their exact source text (an item's lines, from its
/// `- ` line to the next item's), with the line each was decoded at.
///
/// Each version file repeats the whole list, and about 95 % of its items are byte for byte as
/// in the version before: such an item is the earlier one with its lines moved, and copying it
/// skips parsing and decoding it again. Only items that decoded without any problem are kept,
/// so every problem is still reported where it is written. Lives for one `decode` call.
#[derive(Default)]
pub(super) struct ItemCache<'s> {
    /// Split by a cheap hash, as the interner's, for the threads decoding versions in parallel.
    shards: [Mutex<ItemsByText<'s>>; 16],
}

type ItemsByText<'s> =
    HashMap<&'s str, (usize, Arc<Item>, ItemDigest), BuildHasherDefault<WordHasher>>;

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

    /// The item decoded from the same text, moved to start at `line`, and the text's digest.
    fn get(&self, text: &str, line: usize) -> Option<(Item, ItemDigest)> {
        let (at, item, digest) = self.shard(text).get(text).cloned()?;
        let mut item = Item::clone(&item);
        item.shift_lines(line as i64 - at as i64);
        Some((item, digest))
    }

    /// The items of `version`, decoded cleanly from `text`, under their texts.
    fn insert_all(&self, text: &'s str, version: &Version) {
        let Some(split) = yaml::split_seq(text, "items") else {
            return;
        };
        let (items, digests) = (&version.items, &version.item_digests);
        if split.entries.len() != items.len() || digests.len() != items.len() {
            return;
        }
        (split.entries.par_iter().zip(items).zip(digests))
            .for_each(|((entry, item), digest)| self.insert(entry.text, entry.line, item, *digest));
    }

    fn insert(&self, text: &'s str, line: usize, item: &Item, digest: ItemDigest) {
        self.shard(text)
            .entry(text)
            .or_insert_with(|| (line, Arc::new(item.clone()), digest));
    }
}

/// The digest of an item's text (`Version::item_digests`): the first half of its SHA-256, made
/// once per distinct text of a build (a repeated text takes it from `ItemCache`).
fn item_digest(text: &str) -> ItemDigest {
    use sha2::{Digest, Sha256};
    let full = Sha256::digest(text.as_bytes());
    let mut half = [0; 16];
    half.copy_from_slice(&full[..16]);
    half
}

/// Decode the version files, each with its own diagnostics, merged in file order so the
/// report is the same on every run. A file `memo` holds with the same text is taken from it
/// (`version_memo`); the others are decoded, and remembered there.
pub(super) fn decode_versions(
    files: &[SourceFile],
    default_lang: &str,
    damage: &mut Damage,
    diags: &mut Diagnostics,
    memo: Option<&VersionMemo>,
) -> Vec<Arc<Version>> {
    let mut outcomes: Vec<Option<Outcome>> = files
        .iter()
        .map(|f| memo?.recall(f, default_lang))
        .collect();
    let fresh: Vec<&SourceFile> = (files.iter().zip(&outcomes))
        .filter(|(_, known)| known.is_none())
        .map(|(f, _)| f)
        .collect();
    // What the files decoded anew had before an edit (`serve`): their items are most of
    // their items now.
    let previous: Vec<(Arc<String>, Arc<Version>)> = (fresh.iter())
        .filter_map(|f| memo?.previous(f, default_lang))
        .collect();
    let decoded = decode_files(&fresh, default_lang, &previous);
    let slots = outcomes.iter_mut().filter(|known| known.is_none());
    for ((slot, file), outcome) in slots.zip(&fresh).zip(decoded) {
        if let Some(memo) = memo {
            memo.remember(file, default_lang, &outcome);
        }
        *slot = Some(outcome);
    }
    if let Some(memo) = memo {
        memo.keep_only(files);
    }
    let mut versions = Vec::with_capacity(files.len());
    for outcome in outcomes.into_iter().flatten() {
        diags.extend(outcome.diags);
        match outcome.version {
            Some(version) => versions.push(version),
            None => damage.versions.push(outcome.date),
        }
    }
    versions
}

/// Decode `files`, each on its own: what each gave, in order.
///
/// Files are read item by item (`VersionDecoder::by_item`) one after the other, oldest first,
/// each one's items in parallel: every file then finds the items it shares with the files
/// before it already decoded (`ItemCache`), which decoding files side by side would miss. A
/// file that cannot be read that way is parsed whole, in parallel with the others like it.
///
/// The items of `previous` (earlier texts of some of them, with their versions) are in the
/// item cache from the start.
fn decode_files<'s>(
    files: &[&'s SourceFile],
    default_lang: &str,
    previous: &'s [(Arc<String>, Arc<Version>)],
) -> Vec<Outcome> {
    let decoder = VersionDecoder {
        default_lang,
        interner: Interner::default(),
        cache: ItemCache::default(),
    };
    for (text, version) in previous {
        decoder.cache.insert_all(text, version);
    }
    // Cutting a file scans all of it: every file at once.
    let splits: Vec<Option<SeqSplit>> = files
        .par_iter()
        // A file with full-width punctuation in its structure is parsed whole, where
        // `parse_yaml` names each such character.
        .map(|f| {
            let typed = super::typing::full_width_structure(&f.path, &f.text, 0);
            typed
                .is_empty()
                .then(|| yaml::split_seq(&f.text, "items"))?
        })
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
    let mut outcomes = Vec::with_capacity(files.len());
    for (((date, mut diags), decoded), whole) in dates.into_iter().zip(by_item).zip(whole) {
        // One of the two is always there: `whole` is made exactly when `decoded` is not.
        let (version, own) = decoded.or(whole).unwrap_or_default();
        diags.extend(own);
        outcomes.push(Outcome {
            diags,
            version: version.map(Arc::new),
            date,
        });
    }
    outcomes
}

/// The date in a version file's name, which must be one.
pub(super) fn version_file_date(file: &SourceFile, diags: &mut Diagnostics) -> Option<NaiveDate> {
    let stem = file
        .rel
        .trim_start_matches("certificates/")
        .trim_end_matches(".yaml");
    let file_date = NaiveDate::parse_from_str(stem, "%Y-%m-%d")
        .ok()
        .filter(|_| stem.len() == 10);
    if file_date.is_none() {
        diags.push(
            Diagnostic::error(
                &file.path,
                Some(Pos::new(1, 1)),
                Code::BadFileName,
                msg!(
                    "文件名 `{stem}.yaml` 不是日期",
                    "the file name `{stem}.yaml` is not a date"
                ),
            )
            .help(msg!(
                "每个版本文件以发布日期命名，例如 certificates/2023-02-21.yaml",
                "name each version file after its publication date, e.g. \
                 certificates/2023-02-21.yaml"
            )),
        );
    }
    file_date
}

/// What decoding one build's version files shares: the default language, one interner for
/// their texts, and the items decoded so far.
pub(super) struct VersionDecoder<'s, 'l> {
    pub(super) default_lang: &'l str,
    pub(super) interner: Interner,
    pub(super) cache: ItemCache<'s>,
}

impl<'s> VersionDecoder<'s, '_> {
    /// A version from the whole file's tree.
    pub(super) fn whole(
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
    pub(super) fn by_item(
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
                Some((item, digest)) => Some(ItemSource::Reused(item, digest)),
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
        let (default_lang, interner) = (self.default_lang, &self.interner);
        let map = MapReader::new(
            path,
            root,
            ["版本文件", "a version file"],
            VERSION_KEYS,
            diags,
        )?
        .sharing(interner);
        let date_node = map.required(
            "date",
            || {
                msg!(
                    "加上 `date: 年-月-日`，与文件名中的日期相同",
                    "add `date: YYYY-MM-DD`, the same date as the file name"
                )
            },
            diags,
        );
        let date_value = date_node.and_then(|n| date(path, n, "date", diags));
        let title = map
            .required(
                "title",
                || {
                    msg!(
                        "加上这次公布的标题，例如 `title: {{ zh-CN: ……, en: …… }}`",
                        "add the title of this publication, e.g. `title: {{ zh-CN: ..., en: ... }}`"
                    )
                },
                diags,
            )
            .and_then(|n| text(path, n, "title", default_lang, Some(interner), diags));
        let document = map.string("document", diags);
        let issued_by = map.text("issued_by", default_lang, diags);
        let summary = map.text("summary", default_lang, diags);
        let notes = decode_notes(path, &map, default_lang, interner, diags);
        let published = date_value.or(file_date);
        let effective = publication::effective(path, &map, published, diags);
        let corrections =
            publication::corrections(path, &map, published, default_lang, interner, diags);
        let attachments = publication::attachments(path, &map, default_lang, interner, diags);
        let (items, complete, item_digests) = match version_items {
            VersionItems::ByItem(sources) => self.items_by_item(path, sources, diags),
            VersionItems::InTree => {
                let (items, complete) = self.items_in_tree(path, &map, diags);
                (items, complete, Vec::new())
            }
        };
        Some(Version {
            file: path.to_path_buf(),
            file_date,
            date: Spanned {
                value: published?,
                pos: date_node.map_or(root.pos, |n| n.pos),
            },
            title: title?,
            document,
            issued_by,
            summary,
            notes,
            effective,
            corrections,
            attachments,
            items,
            complete,
            item_digests,
        })
    }

    /// The items cut out of the file, decoding those not reused and keeping those that
    /// decoded without a problem for later files; with whether every one decoded, and the
    /// digests of their texts when every one did.
    fn items_by_item(
        &self,
        path: &Path,
        sources: Vec<ItemSource<'s>>,
        diags: &mut Diagnostics,
    ) -> (Vec<Item>, bool, Vec<ItemDigest>) {
        let (default_lang, interner, cache) = (self.default_lang, &self.interner, &self.cache);
        let decoded: Vec<(Option<Item>, ItemDigest, Diagnostics)> = sources
            .into_par_iter()
            .map(|source| match source {
                ItemSource::Reused(item, digest) => (Some(item), digest, Diagnostics::default()),
                ItemSource::Parsed(entry, node) => {
                    let mut own = Diagnostics::default();
                    let item = decode_item(path, &node, default_lang, interner, &mut own);
                    let digest = item_digest(entry.text);
                    if let Some(item) = item.as_ref().filter(|_| own.is_empty()) {
                        cache.insert(entry.text, entry.line, item, digest);
                    }
                    (item, digest, own)
                }
            })
            .collect();
        let mut items = Vec::new();
        let mut digests = Vec::new();
        let mut complete = true;
        items.reserve_exact(decoded.len());
        digests.reserve_exact(decoded.len());
        for (item, digest, own) in decoded {
            diags.extend(own);
            complete &= item.is_some();
            items.extend(item);
            digests.push(digest);
        }
        if !complete {
            digests.clear();
        }
        (items, complete, digests)
    }

    /// The items of the file's `items` list, with whether every one decoded.
    fn items_in_tree(
        &self,
        path: &Path,
        map: &MapReader,
        diags: &mut Diagnostics,
    ) -> (Vec<Item>, bool) {
        let (default_lang, interner) = (self.default_lang, &self.interner);
        let Some(node) = map.required(
            "items",
            || {
                msg!(
                    "加上 `items:`，下面列出证明事项",
                    "add `items:` followed by the list of certificate items"
                )
            },
            diags,
        ) else {
            return (Vec::new(), false);
        };
        match &node.value {
            Value::Seq(list) => {
                let items: Vec<Item> = (list.iter())
                    .filter_map(|n| decode_item(path, n, default_lang, interner, diags))
                    .collect();
                let complete = items.len() == list.len();
                (items, complete)
            }
            _ => {
                diags.push(
                    Diagnostic::error(
                        path,
                        Some(node.pos),
                        Code::NotAList,
                        msg!("`items` 应当是列表", "`items` must be a list"),
                    )
                    .help(msg!(
                        "每个事项以 `- id: ……` 开头",
                        "start each item with `- id: ...`"
                    )),
                );
                (Vec::new(), false)
            }
        }
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
    /// The same text decoded earlier, moved to this item's lines, and its digest.
    Reused(Item, ItemDigest),
    /// Parsed from this item's text, to decode.
    Parsed(yaml::Entry<'s>, Node<'s>),
}

/// The `notes` map: a text per item id, each id once.
pub(super) fn decode_notes(
    path: &Path,
    map: &MapReader,
    default_lang: &str,
    interner: &Interner,
    diags: &mut Diagnostics,
) -> Vec<(Spanned<String>, Text)> {
    let mut notes = Vec::new();
    let Some(node) = map.get("notes") else {
        return notes;
    };
    let Value::Map(entries) = &node.value else {
        diags.push(
            Diagnostic::error(
                path,
                Some(node.pos),
                Code::NotAMap,
                msg!(
                    "`notes` 应当是“事项 id: 说明文字”的形式",
                    "`notes` must map item ids to text"
                ),
            )
            .help(msg!(
                "先写 `notes:`，下面每行缩进写一条 `事项id: 说明文字`",
                "write `notes:` then one `item-id: text` per line, indented"
            )),
        );
        return notes;
    };
    for (k, v) in entries {
        let (Some(id), Some(t)) = (
            scalar(path, k, "notes", diags),
            text(path, v, "notes", default_lang, Some(interner), diags),
        ) else {
            continue;
        };
        if notes
            .iter()
            .any(|(other, _): &(Spanned<String>, _)| other.value == id.value)
        {
            diags.push(
                Diagnostic::error(
                    path,
                    Some(id.pos),
                    Code::DuplicateKey,
                    msg!(
                        "事项 `{}` 的调整说明写了两次",
                        "the note for `{}` is given twice",
                        id.value
                    ),
                )
                .help(msg!(
                    "每个事项只写一条说明：把两条合并",
                    "keep one note per item: merge the two"
                )),
            );
            continue;
        }
        notes.push((id, t));
    }
    notes
}
