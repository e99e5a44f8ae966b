//! What happened to the other lists (`model::lists`) from version to version, and which pages
//! they get.
//!
//! Each version is compared with the one before: items added, removed, and changed field by
//! field (old → new); each item id ever listed gets a timeline of those events. The pages:
//! `lists/` (the kinds), and per kind `lists/<kind>/` (the list in force), `versions/` (its
//! changelog), `versions/<date>/` (a version with its changes) and `items/<id>/` (the
//! permanent page of each id ever listed).

use std::collections::BTreeMap;

use crate::model::lists::{KindList, ListField, ListItem, ListVersion};
use crate::model::{Content, Text};

/// A page of the other lists; kinds are indexes into `Content::lists`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListPage {
    /// `lists/`: every kind the site publishes.
    Index,
    /// `lists/<kind>/`: the list in force.
    Current(usize),
    /// `lists/<kind>/versions/`: the kind's versions, newest first, with what each changed.
    Versions(usize),
    /// `lists/<kind>/versions/<date>/`: one version, whole, with its changes.
    Version(usize, usize),
    /// `lists/<kind>/items/<id>/`: one item's permanent page.
    Item(usize, String),
}

/// One field of an item that differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldChange {
    pub field: ListField,
    pub old: Option<Text>,
    pub new: Option<Text>,
}

/// What a version changed against the one before (for the first: every item added).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ListChanges {
    /// Indexes into this version's items.
    pub added: Vec<usize>,
    /// Indexes into the previous version's items.
    pub removed: Vec<usize>,
    /// Indexes into this version's items, with the fields that changed.
    pub changed: Vec<(usize, Vec<FieldChange>)>,
}

/// What happened to an item in a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListEvent {
    /// Listed (first, or again after a removal).
    Listed,
    Changed,
    Removed,
}

/// One item id across a kind's versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ItemTimeline {
    /// Version index and event, oldest first.
    pub events: Vec<(usize, ListEvent)>,
    /// The last version that lists the item and its index there: what its page shows.
    pub last: (usize, usize),
}

impl ItemTimeline {
    /// Listed in the list in force.
    pub(crate) fn current(&self, versions: usize) -> bool {
        self.last.0 + 1 == versions
    }
}

/// One kind's history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ListHistory {
    /// By version index.
    pub versions: Vec<ListChanges>,
    /// By item id.
    pub items: BTreeMap<String, ItemTimeline>,
}

/// The changes of `new` against `old`.
fn compare(old: &[ListItem], new: &[ListItem]) -> ListChanges {
    let index = |items: &[ListItem], id: &str| items.iter().position(|i| i.id.value == id);
    let mut changes = ListChanges::default();
    for (n, item) in new.iter().enumerate() {
        let Some(o) = index(old, &item.id.value) else {
            changes.added.push(n);
            continue;
        };
        let fields: Vec<FieldChange> = (ListField::ALL.iter())
            .filter_map(|&field| {
                let (was, is) = (old[o].get(field), item.get(field));
                let same = match (was, is) {
                    (Some(a), Some(b)) => a.same_as(b),
                    (None, None) => true,
                    _ => false,
                };
                (!same).then(|| FieldChange {
                    field,
                    old: was.cloned(),
                    new: is.cloned(),
                })
            })
            .collect();
        if !fields.is_empty() {
            changes.changed.push((n, fields));
        }
    }
    changes.removed = (old.iter().enumerate())
        .filter(|(_, i)| index(new, &i.id.value).is_none())
        .map(|(o, _)| o)
        .collect();
    changes
}

/// The history of one kind's versions.
pub(crate) fn history(list: &KindList) -> ListHistory {
    let mut history = ListHistory::default();
    for (v, version) in list.versions.iter().enumerate() {
        let before: &[ListItem] = match v {
            0 => &[],
            _ => &list.versions[v - 1].items,
        };
        let changes = compare(before, &version.items);
        for &n in &changes.added {
            let id = version.items[n].id.value.clone();
            let timeline = history.items.entry(id).or_insert(ItemTimeline {
                events: Vec::new(),
                last: (v, n),
            });
            timeline.events.push((v, ListEvent::Listed));
        }
        for &o in &changes.removed {
            let id = &list.versions[v - 1].items[o].id.value;
            if let Some(t) = history.items.get_mut(id) {
                t.events.push((v, ListEvent::Removed));
            }
        }
        for (n, _) in &changes.changed {
            if let Some(t) = history.items.get_mut(&version.items[*n].id.value) {
                t.events.push((v, ListEvent::Changed));
            }
        }
        for (n, item) in version.items.iter().enumerate() {
            if let Some(t) = history.items.get_mut(&item.id.value) {
                t.last = (v, n);
            }
        }
        history.versions.push(changes);
    }
    history
}

/// Every page of the lists, in the order they are rendered; none without lists, so a site
/// without them plans exactly the pages it did before.
pub(crate) fn pages(content: &Content) -> Vec<ListPage> {
    if content.lists.is_empty() {
        return Vec::new();
    }
    let mut kinds = vec![ListPage::Index];
    for (k, list) in content.lists.iter().enumerate() {
        if list.versions.is_empty() {
            continue;
        }
        kinds.push(ListPage::Current(k));
        kinds.push(ListPage::Versions(k));
        kinds.extend((0..list.versions.len()).map(|v| ListPage::Version(k, v)));
        let mut ids: Vec<&str> = (list.versions.iter())
            .flat_map(|v| v.items.iter().map(|i| i.id.value.as_str()))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        kinds.extend(ids.into_iter().map(|id| ListPage::Item(k, id.to_string())));
    }
    kinds
}

/// The date a page of the lists last changed (for the sitemap): the version it shows, an
/// item's last event, or the newest version of its kind (of any kind for `lists/`).
pub(crate) fn last_changed(content: &Content, page: &ListPage) -> String {
    let newest = |k: usize| content.lists[k].versions.last().map(|v| v.date.value);
    let date = match page {
        ListPage::Index => (0..content.lists.len()).filter_map(newest).max(),
        ListPage::Current(k) | ListPage::Versions(k) => newest(*k),
        ListPage::Version(k, v) => Some(content.lists[*k].versions[*v].date.value),
        ListPage::Item(k, id) => {
            let list = &content.lists[*k];
            (list.versions.iter())
                .enumerate()
                .filter(|(v, version)| {
                    let listed = |v: &ListVersion| v.items.iter().any(|i| &i.id.value == id);
                    let before = v.checked_sub(1).map(|b| &list.versions[b]);
                    listed(version) != before.is_some_and(listed)
                        || before.is_some_and(|b| {
                            let old = b.items.iter().find(|i| &i.id.value == id);
                            let new = version.items.iter().find(|i| &i.id.value == id);
                            matches!((old, new), (Some(o), Some(n)) if o.fields != n.fields)
                        })
                })
                .map(|(_, version)| version.date.value)
                .max()
        }
    };
    date.map(|d| d.to_string()).unwrap_or_default()
}

/// Append the directory of `page` to `out`, e.g. `lists/assistance/items/census/`.
pub(crate) fn push_dir(out: &mut String, content: &Content, page: &ListPage) {
    out.push_str("lists/");
    let k = match page {
        ListPage::Index => return,
        ListPage::Current(k)
        | ListPage::Versions(k)
        | ListPage::Version(k, _)
        | ListPage::Item(k, _) => *k,
    };
    let list = &content.lists[k];
    out.push_str(list.kind().as_str());
    out.push('/');
    match page {
        ListPage::Versions(_) => out.push_str("versions/"),
        ListPage::Version(_, v) => {
            out.push_str("versions/");
            out.push_str(&list.versions[*v].date.value.to_string());
            out.push('/');
        }
        ListPage::Item(_, id) => {
            out.push_str("items/");
            out.push_str(id);
            out.push('/');
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostics::Pos;
    use crate::model::lists::{ListDecl, ListKind};
    use crate::model::{LangMap, Spanned};

    fn text(s: &str) -> Text {
        Text {
            values: LangMap::one("zh-CN", s.into(), 1),
            pos: Pos::new(1, 1),
        }
    }

    fn item(id: &str, name: &str, content: Option<&str>) -> ListItem {
        let mut fields = vec![(ListField::Name, text(name))];
        fields.extend(content.map(|c| (ListField::Content, text(c))));
        ListItem {
            id: Spanned {
                value: id.into(),
                pos: Pos::new(1, 1),
            },
            fields,
        }
    }

    fn version(day: u32, items: Vec<ListItem>) -> ListVersion {
        let date = chrono::NaiveDate::from_ymd_opt(2024, 1, day).unwrap();
        ListVersion {
            file: "x.yaml".into(),
            file_date: Some(date),
            date: Spanned {
                value: date,
                pos: Pos::new(1, 1),
            },
            title: text("清单"),
            document: None,
            issued_by: None,
            summary: None,
            notes: Vec::new(),
            items,
            complete: true,
        }
    }

    #[test]
    fn an_add_a_removal_and_a_change_are_each_found_with_old_and_new() {
        let list = KindList {
            decl: ListDecl {
                kind: Spanned {
                    value: ListKind::Assistance,
                    pos: Pos::new(1, 1),
                },
                title: None,
            },
            versions: vec![
                version(1, vec![item("a", "甲", Some("旧")), item("b", "乙", None)]),
                version(2, vec![item("a", "甲", Some("新")), item("c", "丙", None)]),
            ],
        };
        let h = history(&list);
        assert_eq!(h.versions[0].added, vec![0, 1]);
        let second = &h.versions[1];
        assert_eq!(second.added, vec![1]);
        assert_eq!(second.removed, vec![1]);
        let (n, fields) = &second.changed[0];
        assert_eq!(*n, 0);
        assert_eq!(fields[0].field, ListField::Content);
        assert_eq!(fields[0].old.as_ref().unwrap().get("zh-CN"), Some("旧"));
        assert_eq!(fields[0].new.as_ref().unwrap().get("zh-CN"), Some("新"));
        let b = &h.items["b"];
        assert_eq!(
            b.events,
            vec![(0, ListEvent::Listed), (1, ListEvent::Removed)]
        );
        assert_eq!(b.last, (0, 1));
        assert!(!b.current(2));
        assert_eq!(
            h.items["a"].events,
            vec![(0, ListEvent::Listed), (1, ListEvent::Changed)]
        );
    }
}
