//! Derives what changed between consecutive versions, and each item's life across them.
//!
//! Nobody writes a diff by hand: each version file is a full snapshot, and this stage compares
//! version k with version k-1 through hash maps (linear in items × versions), producing plain
//! data that pages, feeds and exports read.

use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

use crate::base::intern::FastMap;

mod lines;
use crate::model::{same_channels, same_opt_by, Attachment, Content, Item, Promise, ReferTo};
use crate::model::{Status, Text};
pub use lines::Line;

/// Where an item stands in a version compared with the version before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presence {
    /// First published in this version.
    Added,
    /// Back on the list after being absent; `last_seen` is the version it was last in.
    Readded { last_seen: usize },
    /// Listed in the previous version and not in this one.
    Removed,
    /// Continues the item published as `from`.
    Renamed { from: String },
    /// Listed in both.
    Kept,
}

/// An item's status turned over between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusChange {
    /// issued → cancelled
    Cancelled,
    /// cancelled → issued
    Reinstated,
}

impl StatusChange {
    /// The name used in the JSON of `qingdan diff`, the open data and the section keys.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusChange::Cancelled => "cancelled",
            StatusChange::Reinstated => "reinstated",
        }
    }
}

/// The fields compared between versions (status is reported as a `StatusChange`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Name,
    Category,
    Purpose,
    Basis,
    RequestedBy,
    Issuer,
    Materials,
    Steps,
    TimeLimit,
    Fee,
    Apply,
    Office,
    Hours,
    Applicants,
    Keywords,
    Alternative,
    CancelBasis,
    Online,
    ReferTo,
    Promise,
    /// 证明式样: a change of the template's file or title.
    Specimen,
}

impl Field {
    pub const ALL: [Field; 21] = [
        Field::Name,
        Field::Category,
        Field::Purpose,
        Field::Basis,
        Field::RequestedBy,
        Field::Issuer,
        Field::Materials,
        Field::Steps,
        Field::TimeLimit,
        Field::Fee,
        Field::Apply,
        Field::Office,
        Field::Hours,
        Field::Applicants,
        Field::Keywords,
        Field::Alternative,
        Field::CancelBasis,
        Field::Online,
        Field::ReferTo,
        Field::Promise,
        Field::Specimen,
    ];

    /// The content-format key, also the key of the field's UI label.
    /// The UI string naming the field: `field_<key>`.
    pub(crate) fn label_key(self) -> &'static str {
        match self {
            Field::Name => "field_name",
            Field::Category => "field_category",
            Field::Purpose => "field_purpose",
            Field::Basis => "field_basis",
            Field::RequestedBy => "field_requested_by",
            Field::Issuer => "field_issuer",
            Field::Materials => "field_materials",
            Field::Steps => "field_steps",
            Field::TimeLimit => "field_time_limit",
            Field::Fee => "field_fee",
            Field::Apply => "field_apply",
            Field::Office => "field_office",
            Field::Hours => "field_hours",
            Field::Applicants => "field_applicants",
            Field::CancelBasis => "field_cancel_basis",
            Field::Specimen => "field_specimen",
            Field::Keywords => "field_keywords",
            Field::Alternative => "field_alternative",
            Field::Online => "field_online",
            Field::ReferTo => "field_refer_to",
            Field::Promise => "field_promise",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Category => "category",
            Field::Purpose => "purpose",
            Field::Basis => "basis",
            Field::RequestedBy => "requested_by",
            Field::Issuer => "issuer",
            Field::Materials => "materials",
            Field::Steps => "steps",
            Field::TimeLimit => "time_limit",
            Field::Fee => "fee",
            Field::Apply => "apply",
            Field::Office => "office",
            Field::Hours => "hours",
            Field::Applicants => "applicants",
            Field::CancelBasis => "cancel_basis",
            Field::Specimen => "specimen",
            Field::Keywords => "keywords",
            Field::Alternative => "alternative",
            Field::Online => "online",
            Field::ReferTo => "refer_to",
            Field::Promise => "promise",
        }
    }

    /// The field's value in `item`.
    pub fn value(self, item: &Item) -> FieldValue<'_> {
        match self {
            Field::Name => FieldValue::Text(Some(&item.name)),
            Field::Category => FieldValue::Category(&item.category.value),
            Field::Purpose => FieldValue::Text(item.purpose.as_ref()),
            Field::Basis => FieldValue::Markdown(item.basis.as_ref()),
            Field::RequestedBy => FieldValue::Text(item.requested_by.as_ref()),
            Field::Issuer => FieldValue::Text(item.issuer.as_ref()),
            Field::Materials => FieldValue::List(&item.materials),
            Field::Steps => FieldValue::List(&item.steps),
            Field::TimeLimit => FieldValue::Text(item.time_limit.as_ref()),
            Field::Fee => FieldValue::Text(item.fee.as_ref()),
            Field::Apply => FieldValue::Text(item.apply.as_ref()),
            Field::Office => FieldValue::Text(item.office.as_ref()),
            Field::Hours => FieldValue::Text(item.hours.as_ref()),
            Field::Applicants => FieldValue::Text(item.applicants.as_ref()),
            Field::CancelBasis => FieldValue::Text(item.cancel_basis.as_ref()),
            Field::Specimen => FieldValue::File(item.specimen.as_ref()),
            Field::Keywords => FieldValue::List(&item.keywords),
            Field::Alternative => FieldValue::Markdown(item.alternative.as_ref()),
            Field::Online => FieldValue::Lines(item.online.iter().map(Line::channel).collect()),
            Field::ReferTo => {
                FieldValue::Lines(item.refer_to.as_ref().map_or_else(Vec::new, Line::refer_to))
            }
            Field::Promise => {
                FieldValue::Lines(item.promise.as_ref().map_or_else(Vec::new, Line::promise))
            }
        }
    }

    fn differs(self, a: &Item, b: &Item) -> bool {
        fn opt(a: &Option<Text>, b: &Option<Text>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => !a.same_as(b),
                (None, None) => false,
                _ => true,
            }
        }
        fn list(a: &[Text], b: &[Text]) -> bool {
            a.len() != b.len() || a.iter().zip(b).any(|(x, y)| !x.same_as(y))
        }
        match self {
            Field::Name => !a.name.same_as(&b.name),
            Field::Category => a.category.value != b.category.value,
            Field::Purpose => opt(&a.purpose, &b.purpose),
            Field::Basis => opt(&a.basis, &b.basis),
            Field::RequestedBy => opt(&a.requested_by, &b.requested_by),
            Field::Issuer => opt(&a.issuer, &b.issuer),
            Field::Materials => list(&a.materials, &b.materials),
            Field::Steps => list(&a.steps, &b.steps),
            Field::TimeLimit => opt(&a.time_limit, &b.time_limit),
            Field::Fee => opt(&a.fee, &b.fee),
            Field::Apply => opt(&a.apply, &b.apply),
            Field::Office => opt(&a.office, &b.office),
            Field::Hours => opt(&a.hours, &b.hours),
            Field::Applicants => opt(&a.applicants, &b.applicants),
            Field::CancelBasis => opt(&a.cancel_basis, &b.cancel_basis),
            Field::Keywords => list(&a.keywords, &b.keywords),
            Field::Alternative => opt(&a.alternative, &b.alternative),
            Field::Online => !same_channels(&a.online, &b.online),
            Field::ReferTo => !same_opt_by(&a.refer_to, &b.refer_to, ReferTo::same_as),
            Field::Promise => !same_opt_by(&a.promise, &b.promise, Promise::same_as),
            // The file as named: every version reads the one file on disk at that path.
            Field::Specimen => match (&a.specimen, &b.specimen) {
                (Some(x), Some(y)) => x.file.value != y.file.value || opt(&x.title, &y.title),
                (x, y) => x.is_some() != y.is_some(),
            },
        }
    }
}

/// A field's value, by shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue<'a> {
    Text(Option<&'a Text>),
    Markdown(Option<&'a Text>),
    List(&'a [Text]),
    /// A category id.
    Category(&'a str),
    /// A structured field (`online`, `refer_to`, `promise`) as labelled lines, compared and
    /// shown like a list: a line removed, a line added.
    Lines(Vec<Line<'a>>),
    /// A file the item publishes (its specimen).
    File(Option<&'a Attachment>),
}

/// A reference to one item in one version: indexes into `Content::versions` and that
/// version's `items`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ItemRef {
    pub version: usize,
    pub item: usize,
}

/// What happened to one item in one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChange {
    pub id: String,
    pub presence: Presence,
    pub status: Option<StatusChange>,
    pub fields: Vec<Field>,
    /// The content compared against: the previous version's item (for `Removed`, the item as
    /// last listed), the predecessor for `Renamed`, the last listing for `Readded`.
    pub before: Option<ItemRef>,
    /// The item in this version (`None` for `Removed`).
    pub after: Option<ItemRef>,
}

/// The sections a changelog groups changes into, in reading order.
pub(crate) const SECTIONS: [&str; 8] = [
    "added",
    "added_cancelled",
    "readded",
    "renamed",
    "cancelled",
    "reinstated",
    "changed",
    "removed",
];

impl ItemChange {
    /// The one section this change is listed under (a renamed item that also changed is
    /// listed as renamed, with its changes beside it).
    pub fn section(&self) -> &'static str {
        match (&self.presence, self.status) {
            (Presence::Added, _) => "added",
            (Presence::Readded { .. }, _) => "readded",
            (Presence::Removed, _) => "removed",
            (Presence::Renamed { .. }, _) => "renamed",
            (_, Some(status)) => status.as_str(),
            _ => "changed",
        }
    }

    /// The section a reader's page lists the change under: `section()`, except that an item
    /// first listed as not issued is `added_cancelled` (新列入不再出具清单), apart from the
    /// certificates newly issued. The open data keeps `kind` and `status` instead.
    pub(crate) fn page_section(&self, content: &Content, history: &History) -> &'static str {
        match (self.section(), self.after) {
            ("added", Some(r)) if history.item(content, r).status.value == Status::Cancelled => {
                "added_cancelled"
            }
            (key, _) => key,
        }
    }

    /// The position of `page_section()` in `SECTIONS`, for sorting.
    pub(crate) fn page_section_order(&self, content: &Content, history: &History) -> usize {
        let key = self.page_section(content, history);
        SECTIONS
            .iter()
            .position(|s| *s == key)
            .unwrap_or(SECTIONS.len())
    }
}

/// How many items each kind of change touched in one version (serialized as is for pages
/// and open data).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    pub renamed: usize,
    pub cancelled: usize,
    pub reinstated: usize,
    pub changed: usize,
}

/// What one version changed from the one before it.
#[derive(Debug, Clone, Default)]
pub struct VersionChanges {
    /// Empty for the first version (the initial publication).
    pub changes: Vec<ItemChange>,
    pub counts: Counts,
}

/// One item id across all versions.
#[derive(Debug, Clone, Default)]
pub struct ItemHistory {
    /// Versions in which the id is listed, ascending.
    pub listed_in: Vec<usize>,
    /// (version, index into that version's `changes`) for every change of this id, including
    /// the change that renamed it away (recorded under the successor's id and here too).
    pub events: Vec<(usize, usize)>,
    /// The item as last listed.
    pub last: ItemRef,
    /// When no longer listed: the current id that continues it, through any rename chain.
    pub successor: Option<String>,
}

/// Every item's history across the published versions: what `derive` makes of the content.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub versions: Vec<VersionChanges>,
    /// Every id ever published.
    pub items: BTreeMap<String, ItemHistory>,
    /// Per version: id → item index.
    pub index: Vec<FastMap<String, usize>>,
    /// Per version: what changed from it to the current (latest) version; empty for the latest.
    pub to_current: Vec<Vec<ItemChange>>,
}

impl History {
    pub fn item<'c>(&self, content: &'c Content, r: ItemRef) -> &'c Item {
        &content.versions[r.version].items[r.item]
    }

    pub(crate) fn is_current(&self, id: &str) -> bool {
        self.index.last().is_some_and(|m| m.contains_key(id))
    }
}

/// The change of the item at `after` against `before`; `None` when nothing changed.
fn describe(
    content: &Content,
    id: &str,
    presence: Presence,
    before: Option<ItemRef>,
    after: ItemRef,
) -> Option<ItemChange> {
    let item = &content.versions[after.version].items[after.item];
    let before_item = before.map(|r| &content.versions[r.version].items[r.item]);
    let status = before_item.and_then(|b| match (b.status.value, item.status.value) {
        (Status::Issued, Status::Cancelled) => Some(StatusChange::Cancelled),
        (Status::Cancelled, Status::Issued) => Some(StatusChange::Reinstated),
        _ => None,
    });
    let fields: Vec<Field> = before_item.map_or_else(Vec::new, |b| {
        Field::ALL
            .into_iter()
            .filter(|f| f.differs(b, item))
            .collect()
    });
    if presence == Presence::Kept && status.is_none() && fields.is_empty() {
        return None;
    }
    Some(ItemChange {
        id: id.to_string(),
        presence,
        status,
        fields,
        before,
        after: Some(after),
    })
}

/// Compare every version with the one before it.
pub fn derive(content: &Content) -> History {
    let index = index_versions(content);
    let mut ledger = Ledger::default();
    let versions = (0..content.versions.len())
        .map(|k| ledger.record_version(content, &index, k))
        .collect();
    let items = ledger.into_items(index.last());
    let mut history = History {
        versions,
        items,
        index,
        to_current: Vec::new(),
    };
    history.to_current = compare_each_with_latest(content, &history);
    history
}

/// Per version: id → item index.
fn index_versions(content: &Content) -> Vec<FastMap<String, usize>> {
    content
        .versions
        .par_iter()
        .map(|v| {
            v.items
                .iter()
                .enumerate()
                .map(|(i, item)| (item.id.value.clone(), i))
                .collect()
        })
        .collect()
}

/// Every id's history while the versions are walked in order.
///
/// Kept in order of first listing, found through a hash map: a province looks ids up a few
/// hundred thousand times here, and a `BTreeMap` of ten thousand string keys compares a dozen
/// strings per lookup. Sorted into `History::items` at the end.
#[derive(Default)]
struct Ledger<'c> {
    slots: FastMap<&'c str, usize>,
    histories: Vec<(String, ItemHistory)>,
    /// Old id → the id that first continued it.
    renamed_to: HashMap<String, String>,
}

impl<'c> Ledger<'c> {
    /// The changes of version `k` against version `k - 1`, recorded in each item's history.
    fn record_version(
        &mut self,
        content: &'c Content,
        index: &[FastMap<String, usize>],
        k: usize,
    ) -> VersionChanges {
        let mut vc = VersionChanges::default();
        for (i, item) in content.versions[k].items.iter().enumerate() {
            let slot = self.record_listing(
                item,
                ItemRef {
                    version: k,
                    item: i,
                },
            );
            if k == 0 {
                continue;
            }
            let (presence, before) = self.presence(index, k, item, slot);
            let after = ItemRef {
                version: k,
                item: i,
            };
            vc.changes
                .extend(describe(content, &item.id.value, presence, before, after));
        }
        if k > 0 {
            let removed = removed_since_previous(content, index, k, &vc.changes);
            vc.changes.extend(removed);
        }
        self.count_and_record_events(k, &mut vc);
        vc
    }

    /// Note that `item` is listed at `at`; its slot in `histories`.
    fn record_listing(&mut self, item: &'c Item, at: ItemRef) -> usize {
        let id = &item.id.value;
        let histories = &mut self.histories;
        let slot = *self.slots.entry(id).or_insert_with(|| {
            histories.push((id.clone(), ItemHistory::default()));
            histories.len() - 1
        });
        let h = &mut histories[slot].1;
        h.listed_in.push(at.version);
        h.last = at;
        slot
    }

    /// Where `item` of version `k` (k > 0) stands against the version before, and the item it
    /// is compared with. A rename is remembered for `into_items`.
    fn presence(
        &mut self,
        index: &[FastMap<String, usize>],
        k: usize,
        item: &Item,
        slot: usize,
    ) -> (Presence, Option<ItemRef>) {
        let id = &item.id.value;
        let listed_in = &self.histories[slot].1.listed_in;
        if let Some(&j) = index[k - 1].get(id) {
            (
                Presence::Kept,
                Some(ItemRef {
                    version: k - 1,
                    item: j,
                }),
            )
        } else if let Some((from, &from_slot)) = item
            .renamed_from
            .as_ref()
            .and_then(|f| Some(f).zip(self.slots.get(f.value.as_str())))
        {
            let from_last = self.histories[from_slot].1.last;
            self.renamed_to
                .entry(from.value.clone())
                .or_insert_with(|| id.clone());
            (
                Presence::Renamed {
                    from: from.value.clone(),
                },
                Some(from_last),
            )
        } else if listed_in.len() > 1 {
            let last_seen = listed_in[listed_in.len() - 2];
            (
                Presence::Readded { last_seen },
                Some(ItemRef {
                    version: last_seen,
                    item: index[last_seen][id],
                }),
            )
        } else {
            (Presence::Added, None)
        }
    }

    /// Fill `vc.counts` and add each change to the events of its id (and of the id a rename
    /// continues).
    fn count_and_record_events(&mut self, k: usize, vc: &mut VersionChanges) {
        for (n, change) in vc.changes.iter().enumerate() {
            let c = &mut vc.counts;
            match &change.presence {
                Presence::Added | Presence::Readded { .. } => c.added += 1,
                Presence::Removed => c.removed += 1,
                Presence::Renamed { from } => {
                    c.renamed += 1;
                    if let Some(&from_slot) = self.slots.get(from.as_str()) {
                        self.histories[from_slot].1.events.push((k, n));
                    }
                }
                Presence::Kept => {}
            }
            match change.status {
                Some(StatusChange::Cancelled) => c.cancelled += 1,
                Some(StatusChange::Reinstated) => c.reinstated += 1,
                None => {}
            }
            if !change.fields.is_empty() {
                c.changed += 1;
            }
            let slot = self.slots[change.id.as_str()];
            self.histories[slot].1.events.push((k, n));
        }
    }

    /// The histories sorted by id, each id no longer `current` given its successor.
    fn into_items(self, current: Option<&FastMap<String, usize>>) -> BTreeMap<String, ItemHistory> {
        let mut items: BTreeMap<String, ItemHistory> = self.histories.into_iter().collect();
        let current = current.cloned().unwrap_or_default();
        for (id, h) in items.iter_mut() {
            if !current.contains_key(id) {
                h.successor = resolve_rename_chain(id, &self.renamed_to, &current);
            }
        }
        items
    }
}

/// The current id that continues `id` through a rename chain (A → B → C), if any.
/// Validation rejects cycles; the step limit keeps a cycle that slipped through from looping.
fn resolve_rename_chain(
    id: &str,
    renamed_to: &HashMap<String, String>,
    current: &FastMap<String, usize>,
) -> Option<String> {
    let mut cur = id;
    let mut steps = 0;
    while let Some(next) = renamed_to.get(cur) {
        cur = next.as_str();
        steps += 1;
        if current.contains_key(cur) || steps > renamed_to.len() {
            break;
        }
    }
    (cur != id).then(|| cur.to_string())
}

/// The items of version `k - 1` that version `k` neither lists nor continues by a rename.
fn removed_since_previous(
    content: &Content,
    index: &[FastMap<String, usize>],
    k: usize,
    changes: &[ItemChange],
) -> Vec<ItemChange> {
    let renamed_here: Vec<&String> = changes
        .iter()
        .filter_map(|c| match &c.presence {
            Presence::Renamed { from } => Some(from),
            _ => None,
        })
        .collect();
    let mut removed = Vec::new();
    for (j, old) in content.versions[k - 1].items.iter().enumerate() {
        let id = &old.id.value;
        if !index[k].contains_key(id) && !renamed_here.contains(&id) {
            removed.push(ItemChange {
                id: id.clone(),
                presence: Presence::Removed,
                status: None,
                fields: Vec::new(),
                before: Some(ItemRef {
                    version: k - 1,
                    item: j,
                }),
                after: None,
            });
        }
    }
    removed
}

/// Per version: what changed from it to the latest; empty for the latest.
fn compare_each_with_latest(content: &Content, history: &History) -> Vec<Vec<ItemChange>> {
    let latest = content.versions.len().saturating_sub(1);
    // Each comparison reads two whole lists; they are independent, so one per core.
    (0..content.versions.len())
        .into_par_iter()
        .map(|v| match v < latest {
            true => compare(content, history, v, latest),
            false => Vec::new(),
        })
        .collect()
}

/// What changed from version `from` to version `to` (any two versions, `from < to`): the
/// same kinds of change as between consecutive versions, with renames followed through every
/// version in between (A → B → C compares A with C). Items re-added in between count as kept
/// or added relative to `from`.
pub fn compare(content: &Content, history: &History, from: usize, to: usize) -> Vec<ItemChange> {
    let (old, new) = (&history.index[from], &history.index[to]);
    // Rename events after `from`, oldest first: old id → new id.
    let mut renamed: HashMap<&str, &str> = HashMap::new();
    for vc in &history.versions[from + 1..=to] {
        for c in &vc.changes {
            if let Presence::Renamed { from } = &c.presence {
                renamed.insert(from.as_str(), c.id.as_str());
            }
        }
    }
    let follow = |id: &str| -> Option<String> {
        let mut cur = renamed.get(id).copied()?;
        for _ in 0..renamed.len() {
            if new.contains_key(cur) {
                return Some(cur.to_string());
            }
            cur = renamed.get(cur).copied()?;
        }
        None
    };
    let mut predecessor: HashMap<String, String> = HashMap::new();
    for id in old.keys().filter(|id| !new.contains_key(*id)) {
        if let Some(succ) = follow(id) {
            predecessor.entry(succ).or_insert_with(|| id.clone());
        }
    }
    let mut changes = Vec::new();
    for (i, item) in content.versions[to].items.iter().enumerate() {
        let id = &item.id.value;
        let (presence, before) = match (old.get(id), predecessor.get(id)) {
            (Some(&j), _) => (
                Presence::Kept,
                Some(ItemRef {
                    version: from,
                    item: j,
                }),
            ),
            (None, Some(p)) => (
                Presence::Renamed { from: p.clone() },
                Some(ItemRef {
                    version: from,
                    item: old[p],
                }),
            ),
            (None, None) => (Presence::Added, None),
        };
        changes.extend(describe(
            content,
            id,
            presence,
            before,
            ItemRef {
                version: to,
                item: i,
            },
        ));
    }
    let continued: Vec<&String> = predecessor.values().collect();
    for (j, item) in content.versions[from].items.iter().enumerate() {
        let id = &item.id.value;
        if !new.contains_key(id) && !continued.contains(&id) {
            changes.push(ItemChange {
                id: id.clone(),
                presence: Presence::Removed,
                status: None,
                fields: Vec::new(),
                before: Some(ItemRef {
                    version: from,
                    item: j,
                }),
                after: None,
            });
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fields_label_key_is_field_and_its_key() {
        for f in Field::ALL {
            assert_eq!(f.label_key(), format!("field_{}", f.key()));
        }
    }

    #[test]
    fn all_fields_are_listed_in_declaration_order() {
        // The renderer's per-field tables are made from `ALL` and read by `field as usize`.
        for (i, f) in Field::ALL.into_iter().enumerate() {
            assert_eq!(f as usize, i, "{f:?}");
        }
    }
}
