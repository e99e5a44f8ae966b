//! The delta folders of places (`places/<id>/<date>.yaml`) against places.yaml and the lists
//! they adjust: each folder names a place that is not the top place, and each delta excludes
//! or overrides only items of its parent's list on its date and adds only items that list does
//! not have. A parent's later version that drops an item a delta in force still adjusts is a
//! warning: the local adjustment ends on that date.

use std::collections::HashSet;
use std::path::Path;

use crate::base::codes::Code;
use crate::base::diagnostics::{suggestion, Diagnostic, Diagnostics, Pos};
use crate::model::places::inherit::Inheritance;
use crate::model::places::Places;
use crate::model::Content;
use crate::msg;

pub(super) fn check(content: &Content, places: &Places, diags: &mut Diagnostics) {
    let index = places.index();
    let ids = || places.places.iter().map(|p| p.id.value.as_str());
    let root = places.tree().root;
    for folder in &places.deltas {
        let id = folder.id.as_str();
        // A folder has no line: the message points at its first file when it has one.
        let (file, pos) = match folder.deltas.first() {
            Some(d) => (d.file.as_path(), Some(Pos::new(1, 1))),
            None => (folder.folder.as_path(), None),
        };
        match index.get(id) {
            None => {
                let help = msg!(
                    "文件夹名要与 places.yaml 中某个地点的 `id` 相同；没有这个地点时，先在 places.yaml 里加上它",
                    "name the folder after the `id` of a place in places.yaml, or add the place there"
                );
                let help = match suggestion(id, ids()) {
                    Some(s) => s.then(&help),
                    None => help,
                };
                diags.push(
                    Diagnostic::error(
                        file,
                        pos,
                        Code::UnknownDeltaPlace,
                        msg!(
                            "`places/{id}/` 不是 places.yaml 中任何地点的 id",
                            "`places/{id}/` names no place of places.yaml"
                        ),
                    )
                    .help(help),
                );
            }
            Some(&i) if Some(i) == root => diags.push(
                Diagnostic::error(
                    file,
                    pos,
                    Code::RootPlaceDelta,
                    msg!(
                        "`places/{id}/` 是最上级地点的文件夹：最上级地点的清单就是 `certificates/` 里的版本文件",
                        "`places/{id}/` is the top place's folder: the top place's list is `certificates/`"
                    ),
                )
                .help(msg!(
                    "把这些调整写进 `certificates/` 里以调整日期命名的新版本文件，再删去 `places/{id}/`",
                    "write the adjustment as a new version file in `certificates/`, named by its date, \
                     and remove `places/{id}/`"
                )),
            ),
            Some(_) => {}
        }
    }
    for delta in places.deltas.iter().flat_map(|f| &f.deltas) {
        let texts = (delta.title.iter())
            .chain(delta.issued_by.iter())
            .chain(delta.summary.iter())
            .chain(delta.notes.iter().map(|(_, t)| t))
            .chain(delta.exclude.iter().map(|e| &e.reason));
        super::super::check_delta_items(content, &delta.file, &delta.add, texts, diags);
        if let Some(document) = &delta.document {
            super::super::document_number::check_document_number(&delta.file, document, diags);
        }
    }
    let Some(inheritance) = Inheritance::new(content) else {
        return;
    };
    for folder in &places.deltas {
        let Some(&place) = index.get(folder.id.as_str()) else {
            continue;
        };
        if !inheritance.sectioned(place) {
            continue;
        }
        let Some(parent) = inheritance.tree.parent[place] else {
            continue;
        };
        check_folder(&inheritance, place, parent, diags);
    }
}

/// Each delta of `place` against `parent`'s list on its date, and on every later date its
/// parent's list changes while it is in force.
fn check_folder(inheritance: &Inheritance, place: usize, parent: usize, diags: &mut Diagnostics) {
    let deltas = inheritance.deltas[place];
    let first = inheritance.content.versions.first().map(|v| v.date.value);
    let Some(first) = first else { return };
    let parent_name = inheritance.places.places[parent].id.value.clone();
    let parent_dates = inheritance.change_dates(parent);
    for (n, delta) in deltas.iter().enumerate() {
        let on = delta.date.value.max(first);
        let Some(list) = inheritance.list_on(parent, on) else {
            continue;
        };
        let has: HashSet<&str> = (list.items.iter())
            .map(|l| l.item.id.value.as_str())
            .collect();
        let path = delta.file.as_path();
        let named = (delta.exclude.iter().map(|e| (&e.id, "exclude")))
            .chain(delta.overrides.iter().map(|o| (&o.id, "override")));
        let mut missing = HashSet::new();
        for (id, key) in named {
            if !has.contains(id.value.as_str()) {
                missing.insert(id.value.as_str());
                not_in_parent(path, id, key, &parent_name, on, &has, diags);
            }
        }
        for item in &delta.add {
            let id = &item.id.value;
            if has.contains(id.as_str()) {
                diags.push(
                    Diagnostic::error(
                        path,
                        Some(item.id.pos),
                        Code::AddedTwice,
                        msg!(
                            "事项 `{id}` 在{on}上级地点 `{parent_name}` 的清单里已经有了，不能再增列",
                            "the item `{id}` is already in the list of the parent place `{parent_name}` on {on}"
                        ),
                    )
                    .help(msg!(
                        "从 `add` 里删去它；要改本地的办理地点、时间等，写在 `override` 里：`- id: {id}`，下面写要改的字段",
                        "remove it from `add`; to set local facts, write them under `override`: \
                         `- id: {id}` with the fields to change"
                    )),
                );
            }
        }
        // Later changes of the parent's list while this delta is in force.
        let until = deltas.get(n + 1).map(|d| d.date.value);
        let later =
            (parent_dates.iter().copied()).filter(|d| *d > on && until.is_none_or(|u| *d < u));
        let mut warned = HashSet::new();
        for date in later {
            let Some(list) = inheritance.list_on(parent, date) else {
                continue;
            };
            let now: HashSet<&str> = (list.items.iter())
                .map(|l| l.item.id.value.as_str())
                .collect();
            let named =
                (delta.exclude.iter().map(|e| &e.id)).chain(delta.overrides.iter().map(|o| &o.id));
            for id in named {
                let key = id.value.as_str();
                if missing.contains(key) || now.contains(key) || !warned.insert(key) {
                    continue;
                }
                diags.push(
                    Diagnostic::warning(
                        path,
                        Some(id.pos),
                        Code::ParentDroppedItem,
                        msg!(
                            "上级地点 `{parent_name}` 的清单自{date}起不再有事项 `{key}`，这条本地调整从那天起不再适用",
                            "the list of the parent place `{parent_name}` no longer has `{key}` from {date}: \
                             this local adjustment ends on that date"
                        ),
                    )
                    .help(msg!(
                        "下次本地调整时，在新的调整文件里删去这一条",
                        "leave this entry out of the place's next delta file"
                    )),
                );
            }
        }
    }
}

fn not_in_parent(
    path: &Path,
    id: &crate::model::Spanned<String>,
    key: &str,
    parent: &str,
    on: chrono::NaiveDate,
    has: &HashSet<&str>,
    diags: &mut Diagnostics,
) {
    let value = &id.value;
    let help = msg!(
        "`{key}` 只能写上级清单中已有的事项 id；本地新增的事项写在 `add` 里",
        "`{key}` names only items of the parent's list; an item of this place's own goes under `add`"
    );
    let mut sorted: Vec<&str> = has.iter().copied().collect();
    sorted.sort();
    let help = match suggestion(value, sorted) {
        Some(s) => s.then(&help),
        None => help,
    };
    diags.push(
        Diagnostic::error(
            path,
            Some(id.pos),
            Code::NotInParentList,
            msg!(
                "{on}上级地点 `{parent}` 的清单里没有事项 `{value}`",
                "the list of the parent place `{parent}` on {on} has no item `{value}`"
            ),
        )
        .help(help),
    );
}
