//! The places the site serves (`places.yaml`): a tree of administrative divisions, from the
//! place the site is about (its one root, e.g. the district) down to villages and
//! communities, each with its name, division code and contact facts.
//!
//! The file is a flat list in which each place names its `parent`: a tree of 1,500 townships
//! written as nesting would be indented six levels deep, and an error in it could only point
//! at a line inside that nesting. `Tree` turns the list into parents and children without
//! recursion, whatever the list holds, so that a cycle or a missing parent (reported by
//! `validate::places`) cannot hang or overflow anything that walks it.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::NaiveDate;

use super::{Channel, Item, ReferTo, Spanned, Text};
use crate::base::diagnostics::Pos;

pub mod inherit;

/// The level of a place, from the top down: 省、市、县（区）、乡镇（街道）、村（社区）.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Province,
    City,
    District,
    /// 乡、镇 and 街道.
    Township,
    /// 村 and 社区 (villagers' and residents' committees).
    Community,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::Province,
        Level::City,
        Level::District,
        Level::Township,
        Level::Community,
    ];

    /// The key written in places.yaml.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::City => "city",
            Level::District => "district",
            Level::Township => "township",
            Level::Community => "community",
        }
    }

    pub fn from_key(key: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == key)
    }

    /// The level's name as staff know it, for messages.
    pub fn label_zh(self) -> &'static str {
        match self {
            Level::Province => "省",
            Level::City => "市",
            Level::District => "县（区）",
            Level::Township => "乡镇（街道）",
            Level::Community => "村（社区）",
        }
    }
}

/// One place of places.yaml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Where its entry starts (`- id: ...`).
    pub pos: Pos,
    /// Its permanent address `places/<id>/`: a slug, as item ids are.
    pub id: Spanned<String>,
    /// The id of the place it belongs to; `None` for the root only.
    pub parent: Option<Spanned<String>>,
    pub level: Spanned<Level>,
    pub name: Text,
    /// 统计用区划代码 (12 digits) or 行政区划代码 (6 digits), digits only once decoded.
    pub code: Option<Spanned<String>>,
    pub address: Option<Text>,
    pub phone: Option<Spanned<String>>,
    /// 办公时间.
    pub hours: Option<Text>,
    /// The identifiers of the place's own portal (网站标识码, 备案号, ...), for its section
    /// built as a site of its own (`build --place`); inside the whole site the site's own apply.
    pub footer: Option<super::Footer>,
    /// Where the place's own portal publishes its section (`home`), when it does: the
    /// canonical address of that section built as a site of its own (`build --place`).
    pub home: Option<Spanned<String>>,
}

/// places.yaml, decoded: its places in the order written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Places {
    pub file: PathBuf,
    pub places: Vec<Place>,
    /// The folders of `places/`, each a place's deltas from its parent's list, by folder name.
    pub deltas: Vec<PlaceDeltas>,
}

/// One folder `places/<id>/`: a place's dated deltas, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceDeltas {
    /// The folder's name (a place's id, once validated).
    pub id: String,
    pub folder: PathBuf,
    pub deltas: Vec<PlaceDelta>,
}

/// One delta file `places/<id>/<date>.yaml`: the place's complete set of local differences
/// from its parent's list, in force from `date` until its next delta file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceDelta {
    pub file: PathBuf,
    pub date: Spanned<NaiveDate>,
    pub title: Option<Text>,
    pub document: Option<Spanned<String>>,
    pub issued_by: Option<Text>,
    pub summary: Option<Text>,
    pub notes: Vec<(Spanned<String>, Text)>,
    /// Items the place lists beyond its parent's list.
    pub add: Vec<Item>,
    /// Items of the parent's list that do not apply here.
    pub exclude: Vec<Exclusion>,
    /// Local facts for items of the parent's list.
    pub overrides: Vec<Override>,
}

/// An item of the parent's list that does not apply at a place, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exclusion {
    pub id: Spanned<String>,
    pub reason: Text,
}

/// The fields of an item a place may set for itself (`override`), in the order written in
/// an item.
pub const OVERRIDABLE: [&str; 7] = [
    "office",
    "hours",
    "apply",
    "time_limit",
    "fee",
    "online",
    "refer_to",
];

/// Local facts for one item of the parent's list: each field given replaces the parent's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub id: Spanned<String>,
    pub office: Option<Text>,
    pub hours: Option<Text>,
    pub apply: Option<Text>,
    pub time_limit: Option<Text>,
    pub fee: Option<Text>,
    pub online: Option<Vec<Channel>>,
    pub refer_to: Option<ReferTo>,
}

impl Override {
    /// Set the fields this override gives on `item`; the keys of those fields.
    pub(crate) fn apply(&self, item: &mut Item) -> Vec<&'static str> {
        let mut set = Vec::new();
        let texts = [
            ("office", &self.office, &mut item.office),
            ("hours", &self.hours, &mut item.hours),
            ("apply", &self.apply, &mut item.apply),
            ("time_limit", &self.time_limit, &mut item.time_limit),
            ("fee", &self.fee, &mut item.fee),
        ];
        for (key, value, field) in texts {
            if let Some(value) = value {
                *field = Some(value.clone());
                set.push(key);
            }
        }
        if let Some(online) = &self.online {
            item.online = online.clone();
            set.push("online");
        }
        if let Some(refer_to) = &self.refer_to {
            item.refer_to = Some(refer_to.clone());
            set.push("refer_to");
        }
        set
    }
}

impl Places {
    /// The deltas of the place with `id`, if it has a folder.
    pub fn deltas_of(&self, id: &str) -> Option<&PlaceDeltas> {
        self.deltas.iter().find(|d| d.id == id)
    }
}

/// The places as a tree, by their index in `Places::places`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Tree {
    /// The first place without a parent.
    pub root: Option<usize>,
    /// Each place's parent, when it names one that exists (the first place of that id).
    pub parent: Vec<Option<usize>>,
    /// Each place's children, in the order written.
    pub children: Vec<Vec<usize>>,
    /// The places reachable from the root, parents before children, each place's children
    /// in the order written (the order of the picker and of the open data).
    pub order: Vec<usize>,
}

impl Places {
    /// The index of the first place with `id`.
    pub fn index(&self) -> HashMap<&str, usize> {
        let mut index = HashMap::with_capacity(self.places.len());
        for (i, place) in self.places.iter().enumerate() {
            index.entry(place.id.value.as_str()).or_insert(i);
        }
        index
    }

    /// The tree the parents make. Places in a cycle, or under a parent that does not exist,
    /// are not reachable from the root and so not in `order`.
    pub(crate) fn tree(&self) -> Tree {
        let index = self.index();
        let n = self.places.len();
        let parent: Vec<Option<usize>> = (self.places.iter())
            .map(|p| {
                p.parent
                    .as_ref()
                    .and_then(|id| index.get(id.value.as_str()).copied())
            })
            .collect();
        let mut children = vec![Vec::new(); n];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = *p {
                children[p].push(i);
            }
        }
        let root = (self.places.iter()).position(|p| p.parent.is_none());
        // Depth first with a stack of places, so a deep list cannot overflow the call stack;
        // each place is pushed once at most (a place has one parent), so this is linear.
        let mut order = Vec::with_capacity(n);
        let mut stack: Vec<usize> = root.into_iter().collect();
        while let Some(i) = stack.pop() {
            order.push(i);
            stack.extend(children[i].iter().rev());
        }
        Tree {
            root,
            parent,
            children,
            order,
        }
    }
}

impl Tree {
    /// `place`'s ancestors from the root down, without itself.
    pub(crate) fn ancestors(&self, place: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut at = self.parent[place];
        // A valid tree is at most five levels deep; the bound keeps a cycle from looping.
        while let Some(p) = at {
            if chain.len() > self.parent.len() {
                break;
            }
            chain.push(p);
            at = self.parent[p];
        }
        chain.reverse();
        chain
    }

    /// How many ancestors `place` has (0 for the root).
    pub(crate) fn depth(&self, place: usize) -> usize {
        self.ancestors(place).len()
    }
}

/// The significant digits of a division code: the code without the trailing groups of
/// zeros that stand for "this whole level" (省 2, 市 2, 县 2, 乡 3, 村 3 digits), e.g.
/// `340403` for 田家庵区's `340403000000` and `3404` for 淮南市's `340400`.
pub(crate) fn code_prefix(code: &str) -> &str {
    const GROUPS: [usize; 5] = [2, 4, 6, 9, 12];
    let mut end = 0;
    for g in GROUPS {
        if g > code.len() {
            break;
        }
        if code[end..g].bytes().any(|b| b != b'0') {
            end = g;
        }
    }
    &code[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_keeps_the_digits_of_its_own_levels() {
        assert_eq!(code_prefix("340000"), "34");
        assert_eq!(code_prefix("340400"), "3404");
        assert_eq!(code_prefix("340403"), "340403");
        assert_eq!(code_prefix("340403000000"), "340403");
        assert_eq!(code_prefix("340403001000"), "340403001");
        assert_eq!(code_prefix("340403001002"), "340403001002");
        assert_eq!(code_prefix("000000"), "");
    }

    fn place(id: &str, parent: Option<&str>) -> Place {
        let spanned = |s: &str| Spanned {
            value: s.to_string(),
            pos: Pos::new(1, 1),
        };
        Place {
            pos: Pos::new(1, 1),
            id: spanned(id),
            parent: parent.map(spanned),
            level: Spanned {
                value: Level::Community,
                pos: Pos::new(1, 1),
            },
            name: Text::default(),
            code: None,
            address: None,
            phone: None,
            hours: None,
            footer: None,
            home: None,
        }
    }

    #[test]
    fn the_tree_orders_parents_before_children_and_leaves_cycles_out() {
        let places = Places {
            file: PathBuf::new(),
            places: vec![
                place("b", Some("a")),
                place("a", None),
                place("c", Some("a")),
                place("d", Some("b")),
                place("x", Some("y")),
                place("y", Some("x")),
            ],
            deltas: Vec::new(),
        };
        let tree = places.tree();
        assert_eq!(tree.root, Some(1));
        assert_eq!(tree.order, vec![1, 0, 3, 2]);
        assert_eq!(tree.ancestors(3), vec![1, 0]);
        assert_eq!(tree.depth(1), 0);
        // A cycle ends, however it is walked.
        assert!(tree.ancestors(4).len() <= 7);
    }
}
