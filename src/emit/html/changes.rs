//! How changes between versions read: grouped into sections, each entry with its events, its
//! fields' before → after (inline text diffs, cached) and its note. Changelogs and comparisons
//! list them; an item page's timeline uses the events.

use std::borrow::Cow;

use serde::Serialize;

use super::cache::{memo, DiffKey};
use super::links::Link;
use super::loc::{Loc, Md, L};
use super::renderer::Renderer;
use crate::derive::history::{
    Field, FieldValue, History, ItemChange, Line, Presence, StatusChange,
};
use crate::derive::plan::CHANGES_PER_PAGE;
use crate::emit::markdown::{escape, to_html, to_plain};
use crate::emit::textdiff::{self, Reading};
use crate::model::{Content, Item, Status, Text};

#[derive(Serialize)]
pub(super) struct Section<'a> {
    key: &'static str,
    title: String,
    entries: Vec<ChangeEntry<'a>>,
}

#[derive(Serialize)]
struct ChangeEntry<'a> {
    /// Each changed field as before → after.
    diffs: Vec<FieldDiff>,
    id: &'a str,
    href: String,
    name: L<'a>,
    status: &'static str,
    from: Option<Link>,
    /// UI labels of the fields that changed.
    fields: Vec<String>,
    /// UI labels of what happened (e.g. "no longer issued").
    events: Vec<String>,
    note: Option<Md>,
    alternative: Option<Md>,
}

#[derive(Serialize)]
struct FieldDiff {
    label: String,
    /// For text, as HTML: the inline diff (`<del>`/`<ins>`), short values as "原：… 现：…",
    /// or a rewritten text old and new whole (`textdiff::reading`).
    inline: Option<String>,
    /// For lists (and a category): escaped entries removed and added.
    removed: Vec<String>,
    added: Vec<String>,
}

impl<'a> Renderer<'a> {
    /// Version `v`'s note on item `id`.
    pub(super) fn note(&self, v: usize, id: &str) -> Option<&'a Text> {
        self.notes[v].get(id).copied()
    }

    /// The name an id was last listed under, in `lang` (or the default language).
    fn last_name(&self, lang: usize, id: &str) -> String {
        let item = self.history.item(self.content, self.history.items[id].last);
        self.loc(lang).text(&item.name).text.to_string()
    }

    /// UI labels for what a change did.
    /// With `fields`, an event listing the fields that changed (changelog entries show those
    /// on their own).
    pub(super) fn event_labels(
        &self,
        lang: usize,
        change: &ItemChange,
        for_id: &str,
        fields: bool,
    ) -> Vec<String> {
        let mut out = Vec::new();
        let date = |v: usize| self.date_text(lang, v);
        match &change.presence {
            Presence::Added => out.push(
                self.ui(
                    lang,
                    match change
                        .after
                        .map(|r| self.history.item(self.content, r).status.value)
                    {
                        Some(Status::Cancelled) => "event_added_cancelled",
                        _ => "event_added",
                    },
                ),
            ),
            Presence::Readded { last_seen } => out.push(
                self.ui(lang, "event_readded")
                    .replace("{date}", &date(*last_seen)),
            ),
            Presence::Removed => out.push(self.ui(lang, "event_removed")),
            Presence::Renamed { from } if from == for_id => out.push(
                self.ui(lang, "event_renamed_to")
                    .replace("{name}", &self.last_name(lang, &change.id)),
            ),
            Presence::Renamed { from } => out.push(
                self.ui(lang, "event_renamed_from")
                    .replace("{name}", &self.last_name(lang, from)),
            ),
            Presence::Kept => {}
        }
        let when = change.after.map(|r| date(r.version)).unwrap_or_default();
        match change.status {
            Some(StatusChange::Cancelled) => {
                out.push(self.ui(lang, "event_cancelled").replace("{date}", &when))
            }
            Some(StatusChange::Reinstated) => {
                out.push(self.ui(lang, "event_reinstated").replace("{date}", &when))
            }
            None => {}
        }
        if fields
            && !change.fields.is_empty()
            && !(matches!(change.presence, Presence::Renamed { ref from } if from == for_id))
        {
            let fields: Vec<&str> = (change.fields.iter())
                .map(|&f| self.field_label(lang, f))
                .collect();
            out.push(format!(
                "{}{}",
                self.ui(lang, "event_changed"),
                fields.join(self.ui_str(lang, "list_separator"))
            ));
        }
        out
    }

    /// Changes grouped into sections (added, re-added, renamed, cancelled, reinstated,
    /// changed, removed), page `n` of them at `CHANGES_PER_PAGE` a page. `notes_from` is the
    /// version whose `notes` explain the changes (none when comparing across several versions).
    pub(super) fn sections(
        &self,
        lang: usize,
        dir: &str,
        changes: &[&'a ItemChange],
        notes_from: Option<usize>,
        n: usize,
    ) -> Vec<Section<'a>> {
        let loc = self.loc(lang);
        let mut sections: Vec<Section<'a>> = Vec::new();
        for &c in changes
            .iter()
            .skip((n - 1) * CHANGES_PER_PAGE)
            .take(CHANGES_PER_PAGE)
        {
            let key = c.page_section(self.content, self.history);
            if sections.last().is_none_or(|s| s.key != key) {
                sections.push(Section {
                    key,
                    title: self.ui(lang, &format!("section_{key}")),
                    entries: Vec::new(),
                });
            }
            let entry = self.change_entry(lang, dir, &loc, c, notes_from);
            sections
                .last_mut()
                .expect("pushed above")
                .entries
                .push(entry);
        }
        sections
    }

    /// One entry of `sections`.
    fn change_entry(
        &self,
        lang: usize,
        dir: &str,
        loc: &Loc<'_>,
        c: &'a ItemChange,
        notes_from: Option<usize>,
    ) -> ChangeEntry<'a> {
        let item = self.history.item(
            self.content,
            c.after.or(c.before).expect("a change has an item"),
        );
        let from = match &c.presence {
            Presence::Renamed { from } => {
                let h = &self.history.items[from.as_str()];
                Some(Link {
                    href: self.item_href(dir, lang, from),
                    label: loc
                        .text(&self.history.item(self.content, h.last).name)
                        .text
                        .to_string(),
                })
            }
            _ => None,
        };
        let events = self.event_labels(lang, c, &c.id, false);
        let note = notes_from.and_then(|v| self.note(v, &c.id));
        ChangeEntry {
            id: &item.id.value,
            href: self.item_href(dir, lang, &c.id),
            name: loc.text(&item.name),
            status: item.status.value.as_str(),
            from,
            fields: c
                .fields
                .iter()
                .map(|&f| self.field_label(lang, f).to_string())
                .collect(),
            diffs: self.field_diffs(lang, c),
            events,
            note: note.map(|t| loc.md(t)),
            alternative: shows_alternative(c, item)
                .then(|| loc.md_opt(&item.alternative))
                .flatten(),
        }
    }

    /// Each changed field as before → after: an inline diff for text, entries removed and
    /// added for lists. Text falls back to the default language like the rest of the page.
    fn field_diffs(&self, lang: usize, change: &ItemChange) -> Vec<FieldDiff> {
        let (Some(b), Some(a)) = (change.before, change.after) else {
            return Vec::new();
        };
        let (before, after) = (
            self.history.item(self.content, b),
            self.history.item(self.content, a),
        );
        let code = self.plan.languages[lang].as_str();
        let default = self.plan.languages[0].as_str();
        let pick = |t: &'a Text| t.get_or(code, default);
        let inline =
            |x: &'a str, y: &'a str, markdown: bool| Some(self.inline_diff(lang, x, y, markdown));
        change
            .fields
            .iter()
            // Shown whole beside the entry (`shows_alternative`); a diff would show it twice.
            .filter(|&&f| {
                !(f == Field::Alternative && change.status == Some(StatusChange::Cancelled))
            })
            .map(|&f| {
                let mut d = FieldDiff {
                    label: self.field_label(lang, f).to_string(),
                    inline: None,
                    removed: Vec::new(),
                    added: Vec::new(),
                };
                match (f.value(before), f.value(after)) {
                    (FieldValue::Text(x), FieldValue::Text(y)) => {
                        d.inline = inline(x.map_or("", pick), y.map_or("", pick), false);
                    }
                    (FieldValue::Markdown(x), FieldValue::Markdown(y)) => {
                        d.inline = inline(x.map_or("", pick), y.map_or("", pick), true);
                    }
                    (FieldValue::List(x), FieldValue::List(y)) => {
                        let x: Vec<&str> = x.iter().map(pick).collect();
                        let y: Vec<&str> = y.iter().map(pick).collect();
                        let (removed, added) = textdiff::list_changes(&x, &y);
                        d.removed = removed.into_iter().map(escape).collect();
                        d.added = added.into_iter().map(escape).collect();
                    }
                    (FieldValue::Lines(x), FieldValue::Lines(y)) => {
                        let (x, y) = (self.lines(lang, &x), self.lines(lang, &y));
                        let x: Vec<&str> = x.iter().map(String::as_str).collect();
                        let y: Vec<&str> = y.iter().map(String::as_str).collect();
                        let (removed, added) = textdiff::list_changes(&x, &y);
                        d.removed = removed.into_iter().map(escape).collect();
                        d.added = added.into_iter().map(escape).collect();
                    }
                    (FieldValue::Category(x), FieldValue::Category(y)) => {
                        let name =
                            |id: &'a str| self.content.site.category_name(id).map_or(id, pick);
                        d.removed = vec![escape(name(x))];
                        d.added = vec![escape(name(y))];
                    }
                    _ => {}
                }
                d
            })
            .collect()
    }

    /// The change from `before` to `after` as HTML, as it reads best (`textdiff::reading`):
    /// short values as "原：… 现：…", a rewritten text old and new whole, one above the other,
    /// and a small edit as an inline diff (`<del>`/`<ins>`), of the plain text if `markdown`.
    /// Made once per language and pair of texts.
    fn inline_diff(&self, lang: usize, before: &'a str, after: &'a str, markdown: bool) -> String {
        let key = DiffKey {
            lang,
            markdown,
            before,
            after,
        };
        memo(&self.diffs, key, || {
            let (x, y) = match markdown {
                true => (Cow::Owned(to_plain(before)), Cow::Owned(to_plain(after))),
                false => (Cow::Borrowed(before), Cow::Borrowed(after)),
            };
            match textdiff::reading(&x, &y) {
                Reading::Inline(pieces) => format!(
                    "<p class=\"inline-diff\">{}</p>",
                    textdiff::to_html(
                        &pieces,
                        self.ui_str(lang, "diff_removed"),
                        self.ui_str(lang, "diff_added")
                    )
                ),
                Reading::Short => format!(
                    "<p class=\"short-diff\"><span class=\"diff-was\">{}{}</span> \
                     <span class=\"diff-now\">{}{}</span></p>",
                    escape(self.ui_str(lang, "diff_was")),
                    escape(&x),
                    escape(self.ui_str(lang, "diff_now")),
                    escape(&y)
                ),
                Reading::Whole => {
                    let (old, new) = match markdown {
                        true => (to_html(before), to_html(after)),
                        false => (block(&x), block(&y)),
                    };
                    self.old_above_new(lang, (&x, old), (&y, new))
                }
            }
        })
    }
}

impl Renderer<'_> {
    /// A structured field's lines in `lang`, each labelled with its part (`电话：…`) but an
    /// online channel's (its name says what it is).
    fn lines(&self, lang: usize, lines: &[Line]) -> Vec<String> {
        let code = self.plan.languages[lang].as_str();
        let default = self.plan.languages[0].as_str();
        (lines.iter())
            .map(|l| {
                let value = l.shown(code, default, to_plain);
                match l.part {
                    "channel" => value,
                    part => format!(
                        "{}{}{value}",
                        self.ui_str(lang, &format!("part_{part}")),
                        self.ui_str(lang, "colon")
                    ),
                }
            })
            .collect()
    }
}

/// A plain text as one paragraph, escaped.
fn block(text: &str) -> String {
    format!("<p>{}</p>", escape(text))
}

impl Renderer<'_> {
    /// A rewritten text, old above new, each as HTML and labelled (修改前, 修改后); a side
    /// whose plain text (`.0`) is empty is left out and the other labelled 删去 or 新增.
    fn old_above_new(&self, lang: usize, old: (&str, String), new: (&str, String)) -> String {
        let (has_old, has_new) = (!old.0.trim().is_empty(), !new.0.trim().is_empty());
        let side = |class: &str, label: &str, body: &str| {
            format!(
                "<div class=\"{class}\"><p class=\"rewrite-label\">{}</p>{body}</div>",
                escape(self.ui_str(lang, label))
            )
        };
        let mut html = String::from("<div class=\"rewrite\">");
        if has_old {
            let label = if has_new { "diff_old" } else { "diff_removed" };
            html.push_str(&side("rewrite-old", label, &old.1));
        }
        if has_new {
            let label = if has_old { "diff_new" } else { "diff_added" };
            html.push_str(&side("rewrite-new", label, &new.1));
        }
        html.push_str("</div>");
        html
    }
}

/// Whether a change's entry shows the item's alternative whole: when the item stops being
/// issued, or joins the list as not issued (`item` is the item after the change).
fn shows_alternative(c: &ItemChange, item: &Item) -> bool {
    c.status == Some(StatusChange::Cancelled)
        || (c.presence == Presence::Added && item.status.value == Status::Cancelled)
}

/// `changes` in the order of the sections they are listed under (stable: within a section,
/// as `history` lists them).
pub(super) fn by_section<'c>(
    content: &Content,
    history: &History,
    changes: &'c [ItemChange],
) -> Vec<&'c ItemChange> {
    let mut sorted: Vec<&ItemChange> = changes.iter().collect();
    sorted.sort_by_cached_key(|c| c.page_section_order(content, history));
    sorted
}
