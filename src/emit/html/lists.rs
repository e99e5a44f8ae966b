//! The pages of the other lists (`derive::lists`): `lists/` (the kinds the site publishes),
//! and per kind the list in force as a numbered table, its changelog, each version with what
//! it changed (old → new), and each item's permanent page with its timeline.
//!
//! The kinds differ only in their columns (`ListKind::fields`), so one view per page serves
//! every kind; the pages reuse the certificate pages' markup and style sheet.

use serde::Serialize;

use super::loc::{Md, L};
use super::renderer::Renderer;
use crate::derive::lists::{ListEvent, ListHistory, ListPage};
use crate::derive::plan::PageKind;
use crate::emit::list_data;
use crate::model::lists::{KindList, ListField, ListItem, ListKind, ListVersion};

/// A list version's heading facts.
#[derive(Serialize)]
struct VersionFacts<'a> {
    date: String,
    title: L<'a>,
    document: Option<&'a str>,
    issued_by: Option<L<'a>>,
    summary: Option<Md>,
    href: String,
    item_count: usize,
}

/// One row of a numbered table.
#[derive(Serialize)]
struct Row<'a> {
    number: usize,
    href: String,
    name: L<'a>,
    /// The kind's columns after the name, in order (empty cells as `None`).
    cells: Vec<Option<L<'a>>>,
}

/// A link to one kind of list.
#[derive(Serialize)]
struct KindLink<'a> {
    href: String,
    title: String,
    latest: VersionFacts<'a>,
}

#[derive(Serialize)]
pub(super) struct ListIndexView<'a> {
    lists: Vec<KindLink<'a>>,
}

/// The downloads of a kind's list in force.
#[derive(Serialize)]
struct Downloads {
    json: String,
    csv: String,
    xlsx: String,
    feed: String,
}

#[derive(Serialize)]
pub(super) struct ListTableView<'a> {
    kind: &'static str,
    title: String,
    version: VersionFacts<'a>,
    /// The column headings after 序号 (the name's first).
    columns: Vec<&'a str>,
    rows: Vec<Row<'a>>,
    /// The list in force at `lists/<kind>/` (not a version's page).
    is_current: bool,
    /// The version shown is the newest.
    is_latest: bool,
    current_href: String,
    versions_href: String,
    index_href: String,
    /// On a version's page: what it changed against the version before.
    changes: Option<ChangesView<'a>>,
    downloads: Option<Downloads>,
}

/// One field of a changed item, old → new.
#[derive(Serialize)]
struct FieldDiff<'a> {
    label: &'a str,
    old: Option<L<'a>>,
    new: Option<L<'a>>,
}

#[derive(Serialize)]
struct ChangedItem<'a> {
    href: String,
    name: L<'a>,
    diffs: Vec<FieldDiff<'a>>,
    note: Option<Md>,
}

#[derive(Serialize)]
struct ChangesView<'a> {
    initial: bool,
    added: Vec<ChangedItem<'a>>,
    removed: Vec<ChangedItem<'a>>,
    changed: Vec<ChangedItem<'a>>,
    /// The version before, linked.
    previous: Option<VersionFacts<'a>>,
}

/// One entry of a kind's changelog.
#[derive(Serialize)]
struct ChangelogEntry<'a> {
    version: VersionFacts<'a>,
    initial: bool,
    added: usize,
    removed: usize,
    changed: usize,
}

#[derive(Serialize)]
pub(super) struct ListVersionsView<'a> {
    title: String,
    current_href: String,
    /// Newest first.
    versions: Vec<ChangelogEntry<'a>>,
}

#[derive(Serialize)]
struct TimelineEntry<'a> {
    date: String,
    href: String,
    events: Vec<&'a str>,
    note: Option<Md>,
}

#[derive(Serialize)]
pub(super) struct ListItemView<'a> {
    title: String,
    list_href: String,
    name: L<'a>,
    /// In the list in force; else `removed` is the date of its removal.
    current: bool,
    removed: Option<String>,
    /// The version whose fields are shown (the last that listed the item).
    shown: VersionFacts<'a>,
    fields: Vec<FieldDiff<'a>>,
    timeline: Vec<TimelineEntry<'a>>,
}

impl<'a> Renderer<'a> {
    fn kind_list(&self, k: usize) -> &'a KindList {
        &self.content.lists[k]
    }

    fn list_history(&self, k: usize) -> &ListHistory {
        &self.list_histories[k]
    }

    /// The list's name on this site in the page's language.
    fn list_title(&self, lang: usize, k: usize) -> String {
        list_data::title(self.content, &self.content.lists[k], lang)
    }

    fn list_href(&self, lang: usize, dir: &str, page: ListPage) -> String {
        self.href(dir, lang, &PageKind::List(page))
    }

    /// `lists/`, when the site declares lists: linked from the home page and the site map.
    pub(super) fn lists_href(&self, lang: usize, dir: &str) -> Option<String> {
        (!self.content.lists.is_empty()).then(|| self.list_href(lang, dir, ListPage::Index))
    }

    fn facts(&self, lang: usize, dir: &str, k: usize, v: usize) -> VersionFacts<'a> {
        let loc = self.loc(lang);
        let version: &'a ListVersion = &self.kind_list(k).versions[v];
        VersionFacts {
            date: version.date.value.to_string(),
            title: loc.text(&version.title),
            document: version.document.as_ref().map(|d| d.value.as_str()),
            issued_by: loc.opt(&version.issued_by),
            summary: loc.md_opt(&version.summary),
            href: self.list_href(lang, dir, ListPage::Version(k, v)),
            item_count: version.items.len(),
        }
    }

    /// The UI label of `field` in a list of `kind`.
    fn list_field_label(&self, lang: usize, kind: ListKind, field: ListField) -> &'a str {
        let key = match (kind, field) {
            (ListKind::Burdens, ListField::Name) => "list_field_burden_name",
            (ListKind::Burdens, ListField::Responsible) => "list_field_burden_responsible",
            (_, ListField::Name) => "list_field_name",
            (_, ListField::Content) => "list_field_content",
            (_, ListField::Reason) => "list_field_reason",
            (_, ListField::Responsible) => "list_field_responsible",
            (_, ListField::Basis) => "list_field_basis",
        };
        super::loc::ui_or_key(&self.strings[lang], key)
    }

    pub(super) fn list_index_page(&self, lang: usize, dir: &str) -> ListIndexView<'a> {
        let lists = (self.content.lists.iter().enumerate())
            .filter(|(_, l)| !l.versions.is_empty())
            .map(|(k, l)| KindLink {
                href: self.list_href(lang, dir, ListPage::Current(k)),
                title: self.list_title(lang, k),
                latest: self.facts(lang, dir, k, l.versions.len() - 1),
            })
            .collect();
        ListIndexView { lists }
    }

    pub(super) fn list_table_page(
        &self,
        lang: usize,
        dir: &str,
        k: usize,
        v: Option<usize>,
    ) -> ListTableView<'a> {
        let list = self.kind_list(k);
        let latest = list.versions.len() - 1;
        let shown = v.unwrap_or(latest);
        let version: &'a ListVersion = &list.versions[shown];
        let kind = list.kind();
        let loc = self.loc(lang);
        let rows = (version.items.iter().enumerate())
            .map(|(n, item)| Row {
                number: n + 1,
                href: self.list_href(lang, dir, ListPage::Item(k, item.id.value.clone())),
                name: loc.text(item.name()),
                cells: (kind.fields()[1..].iter())
                    .map(|&f| item.get(f).map(|t| loc.text(t)))
                    .collect(),
            })
            .collect();
        let file = |ext: &str| {
            let mut href = super::links::up(dir);
            href.push_str(&list_data::path(list, ext));
            href
        };
        ListTableView {
            kind: kind.as_str(),
            title: self.list_title(lang, k),
            version: self.facts(lang, dir, k, shown),
            columns: (kind.fields().iter())
                .map(|&f| self.list_field_label(lang, kind, f))
                .collect(),
            rows,
            is_current: v.is_none(),
            is_latest: shown == latest,
            current_href: self.list_href(lang, dir, ListPage::Current(k)),
            versions_href: self.list_href(lang, dir, ListPage::Versions(k)),
            index_href: self.list_href(lang, dir, ListPage::Index),
            changes: v.map(|v| self.list_changes(lang, dir, k, v)),
            downloads: v.is_none().then(|| Downloads {
                json: file("json"),
                csv: file("csv"),
                xlsx: {
                    let mut href = super::links::up(dir);
                    href.push_str(&list_data::xlsx_path(self.content, list, lang));
                    href
                },
                feed: {
                    let mut href = super::links::up(dir);
                    href.push_str(&list_data::feed_path(self.content, list, lang));
                    href
                },
            }),
        }
    }

    fn changed_item(
        &self,
        lang: usize,
        dir: &str,
        k: usize,
        version: &'a ListVersion,
        item: &'a ListItem,
    ) -> ChangedItem<'a> {
        let loc = self.loc(lang);
        ChangedItem {
            href: self.list_href(lang, dir, ListPage::Item(k, item.id.value.clone())),
            name: loc.text(item.name()),
            diffs: Vec::new(),
            note: version.note(&item.id.value).map(|t| loc.md(t)),
        }
    }

    fn list_changes(&self, lang: usize, dir: &str, k: usize, v: usize) -> ChangesView<'a> {
        let list = self.kind_list(k);
        let version: &'a ListVersion = &list.versions[v];
        let changes = &self.list_history(k).versions[v];
        let loc = self.loc(lang);
        let kind = list.kind();
        let mut view = ChangesView {
            initial: v == 0,
            added: Vec::new(),
            removed: Vec::new(),
            changed: Vec::new(),
            previous: v.checked_sub(1).map(|p| self.facts(lang, dir, k, p)),
        };
        if v == 0 {
            return view;
        }
        let before: &'a ListVersion = &list.versions[v - 1];
        view.added = (changes.added.iter())
            .map(|&n| self.changed_item(lang, dir, k, version, &version.items[n]))
            .collect();
        view.removed = (changes.removed.iter())
            .map(|&o| self.changed_item(lang, dir, k, version, &before.items[o]))
            .collect();
        view.changed = (changes.changed.iter())
            .map(|(n, fields)| {
                let mut item = self.changed_item(lang, dir, k, version, &version.items[*n]);
                let old_item =
                    (before.items.iter()).find(|i| i.id.value == version.items[*n].id.value);
                // From the versions themselves, which the page's texts borrow.
                item.diffs = (fields.iter())
                    .map(|f| FieldDiff {
                        label: self.list_field_label(lang, kind, f.field),
                        old: old_item.and_then(|o| o.get(f.field)).map(|t| loc.text(t)),
                        new: version.items[*n].get(f.field).map(|t| loc.text(t)),
                    })
                    .collect();
                item
            })
            .collect();
        view
    }

    pub(super) fn list_versions_page(
        &self,
        lang: usize,
        dir: &str,
        k: usize,
    ) -> ListVersionsView<'a> {
        let list = self.kind_list(k);
        let history = self.list_history(k);
        let versions = (0..list.versions.len())
            .rev()
            .map(|v| {
                let c = &history.versions[v];
                ChangelogEntry {
                    version: self.facts(lang, dir, k, v),
                    initial: v == 0,
                    added: c.added.len(),
                    removed: c.removed.len(),
                    changed: c.changed.len(),
                }
            })
            .collect();
        ListVersionsView {
            title: self.list_title(lang, k),
            current_href: self.list_href(lang, dir, ListPage::Current(k)),
            versions,
        }
    }

    pub(super) fn list_item_page(
        &self,
        lang: usize,
        dir: &str,
        k: usize,
        id: &str,
    ) -> ListItemView<'a> {
        let list = self.kind_list(k);
        let kind = list.kind();
        let timeline = &self.list_history(k).items[id];
        let (v, n) = timeline.last;
        let item: &'a ListItem = &list.versions[v].items[n];
        let loc = self.loc(lang);
        let current = timeline.current(list.versions.len());
        let removed = (!current)
            .then(|| timeline.events.last())
            .flatten()
            .map(|&(r, _)| list.versions[r].date.value.to_string());
        ListItemView {
            title: self.list_title(lang, k),
            list_href: self.list_href(lang, dir, ListPage::Current(k)),
            name: loc.text(item.name()),
            current,
            removed,
            shown: self.facts(lang, dir, k, v),
            fields: (kind.fields()[1..].iter())
                .filter_map(|&f| {
                    item.get(f).map(|t| FieldDiff {
                        label: self.list_field_label(lang, kind, f),
                        old: None,
                        new: Some(loc.text(t)),
                    })
                })
                .collect(),
            timeline: (timeline.events.iter())
                .map(|&(at, event)| {
                    let key = match event {
                        ListEvent::Listed => "list_event_listed",
                        ListEvent::Changed => "list_event_changed",
                        ListEvent::Removed => "list_event_removed",
                    };
                    TimelineEntry {
                        date: list.versions[at].date.value.to_string(),
                        href: self.list_href(lang, dir, ListPage::Version(k, at)),
                        events: vec![super::loc::ui_or_key(&self.strings[lang], key)],
                        note: list.versions[at].note(id).map(|t| loc.md(t)),
                    }
                })
                .collect(),
        }
    }
}

impl<'a> Renderer<'a> {
    /// The rows of `search.json` for the other lists' items, in its row shape `[href, name,
    /// state, keywords, purpose, rest, detail]`: state `list`, the list's name as keywords,
    /// the content or reason as purpose, the other fields as rest, and as detail the date it
    /// was removed on (empty while listed).
    pub(super) fn list_search_rows(&self, lang: usize) -> Vec<serde_json::Value> {
        let code = self.plan.languages[lang].as_str();
        let default = self.plan.languages[0].as_str();
        let mut rows = Vec::new();
        for (k, list) in self.content.lists.iter().enumerate() {
            let title = self.list_title(lang, k);
            for (id, timeline) in &self.list_history(k).items {
                let (v, n) = timeline.last;
                let item = &list.versions[v].items[n];
                let pick = |f: ListField| item.get(f).map(|t| t.get_or(code, default));
                let rest: Vec<&str> = [ListField::Responsible, ListField::Basis]
                    .into_iter()
                    .filter_map(pick)
                    .collect();
                let removed = match timeline.current(list.versions.len()) {
                    true => String::new(),
                    false => self.list_date(lang, k, v + 1),
                };
                let mut href = String::new();
                crate::derive::lists::push_dir(
                    &mut href,
                    self.content,
                    &ListPage::Item(k, id.clone()),
                );
                href.push_str("index.html");
                rows.push(serde_json::json!([
                    href,
                    pick(ListField::Name).unwrap_or_default(),
                    "list",
                    title,
                    pick(ListField::Content)
                        .or(pick(ListField::Reason))
                        .unwrap_or_default(),
                    rest.join(" "),
                    removed,
                ]));
            }
        }
        rows
    }

    /// Version `v` of list `k`'s date as readers of language `lang` read it.
    fn list_date(&self, lang: usize, k: usize, v: usize) -> String {
        let date = self.kind_list(k).versions[v].date.value;
        crate::emit::dates::long(&self.plan.languages[lang], date)
    }

    /// Puts the view of a lists page into `ctx` as `p`; its template and nav section.
    pub(super) fn insert_list_view(
        &self,
        ctx: &mut tera::Context,
        lang: usize,
        dir: &str,
        page: &ListPage,
    ) -> (&'static str, super::frame::NavSection) {
        let template = match page {
            ListPage::Index => {
                ctx.insert("p", &self.list_index_page(lang, dir));
                "list_index.html"
            }
            &ListPage::Current(k) => {
                ctx.insert("p", &self.list_table_page(lang, dir, k, None));
                "list.html"
            }
            &ListPage::Version(k, v) => {
                ctx.insert("p", &self.list_table_page(lang, dir, k, Some(v)));
                "list.html"
            }
            &ListPage::Versions(k) => {
                ctx.insert("p", &self.list_versions_page(lang, dir, k));
                "list_versions.html"
            }
            ListPage::Item(k, id) => {
                ctx.insert("p", &self.list_item_page(lang, dir, *k, id));
                "list_item.html"
            }
        };
        (template, super::frame::NavSection::Site)
    }
}
