//! Item pages: the item as last listed, its state (issued, cancelled, removed, renamed), where
//! it was listed, its timeline of events, its JSON-LD and its QR code.

use serde::Serialize;

use super::attachments::AttachmentView;
use super::item_service::{self, ChannelView, PromiseView, ReferToView};
use super::links::Link;
use super::loc::{Md, L};
use super::renderer::Renderer;
use crate::base::output_file::OutputFile;
use crate::derive::history::ItemHistory;
use crate::derive::plan::PageKind;
use crate::emit::markdown::escape;
use crate::model::{Item, Status};

#[derive(Serialize)]
struct ItemView<'a> {
    id: &'a str,
    name: L<'a>,
    category: L<'a>,
    status: &'static str,
    purpose: Option<L<'a>>,
    basis: Option<Md>,
    requested_by: Option<L<'a>>,
    issuer: Option<L<'a>>,
    materials: Vec<L<'a>>,
    steps: Vec<L<'a>>,
    time_limit: Option<L<'a>>,
    fee: Option<L<'a>>,
    apply: Option<L<'a>>,
    office: Option<L<'a>>,
    hours: Option<L<'a>>,
    applicants: Option<L<'a>>,
    keywords: Vec<L<'a>>,
    alternative: Option<Md>,
    cancel_basis: Option<L<'a>>,
    online: Vec<ChannelView<'a>>,
    refer_to: Option<ReferToView<'a>>,
    promise: Option<PromiseView<'a>>,
    /// 证明式样, titled by the UI's word when the content gives no title.
    specimen: Option<AttachmentView<'a>>,
    /// The 承诺书 of `promise`, titled by the UI's word when the content gives no title.
    promise_form: Option<AttachmentView<'a>>,
}

#[derive(Serialize)]
struct Successor<'a> {
    id: &'a str,
    name: L<'a>,
    href: String,
}

#[derive(Serialize)]
struct TimelineEntry {
    /// ISO, for `<time datetime>`; `date_text` as readers read it.
    date: String,
    date_text: String,
    href: String,
    /// UI labels of what happened.
    events: Vec<String>,
    note: Option<Md>,
}

#[derive(Serialize)]
pub(super) struct ItemPage<'a> {
    item: ItemView<'a>,
    /// In a place's section: whose list the item is on, and whose rule each local fact is.
    provenance: Option<super::provenance::ItemProvenance>,
    /// schema.org JSON-LD, already escaped for a `<script>` element.
    json_ld: String,
    /// Absolute permalink, printed under the QR code.
    permalink: String,
    /// issued | cancelled | removed | renamed
    state: &'static str,
    /// For removed and renamed items: the version that dropped it (ISO, and as readers read
    /// it), its changelog, and its note on the item (why it was dropped).
    removed_on: Option<String>,
    removed_on_text: Option<String>,
    removed_href: Option<String>,
    removal_note: Option<Md>,
    /// For removed and renamed items, as HTML: "below is what the list of <date> last said",
    /// the date linking that version's full list (whose content the page shows).
    last_content_html: String,
    successor: Option<Successor<'a>>,
    listed_in: Vec<Link>,
    timeline: Vec<TimelineEntry>,
    first_date: String,
}

impl<'a> Renderer<'a> {
    fn item_view(&self, lang: usize, dir: &str, item: &'a Item) -> ItemView<'a> {
        let loc = self.loc(lang);
        let file = |attachment: Option<&'a crate::model::Attachment>, fallback: &'static str| {
            attachment.and_then(|a| {
                self.attachment_view(lang, dir, a, || {
                    let strings: &'a [crate::read::theme::Strings] = self.strings;
                    let word = super::loc::ui_or_key(&strings[lang], fallback);
                    L {
                        text: word,
                        html: crate::emit::markdown::escape(word).into(),
                    }
                })
            })
        };
        let specimen = file(item.specimen.as_ref(), "specimen_title");
        let promise_form = file(
            item.promise.as_ref().and_then(|p| p.form.as_ref()),
            "promise_form_title",
        );
        ItemView {
            id: &item.id.value,
            name: loc.text(&item.name),
            category: self.category_l(&loc, &item.category.value),
            status: item.status.value.as_str(),
            purpose: loc.opt(&item.purpose),
            basis: loc.md_opt(&item.basis),
            requested_by: loc.opt(&item.requested_by),
            issuer: loc.opt(&item.issuer),
            materials: loc.list(&item.materials),
            steps: loc.list(&item.steps),
            time_limit: loc.opt(&item.time_limit),
            fee: loc.opt(&item.fee),
            apply: loc.opt(&item.apply),
            office: loc.opt(&item.office),
            hours: loc.opt(&item.hours),
            applicants: loc.opt(&item.applicants),
            keywords: loc.list(&item.keywords),
            alternative: loc.md_opt(&item.alternative),
            cancel_basis: loc.opt(&item.cancel_basis),
            online: item_service::online(&loc, item),
            refer_to: item_service::refer_to(&loc, item),
            promise: item_service::promise(&loc, item),
            specimen,
            promise_form,
        }
    }

    pub(super) fn item_page(&self, lang: usize, dir: &str, id: &'a str) -> ItemPage<'a> {
        let h = &self.history.items[id];
        let loc = self.loc(lang);
        let item = self.history.item(self.content, h.last);
        let current = self.history.is_current(id);
        let dropped_in = (!current).then(|| h.last.version + 1);
        let successor = h.successor.as_deref().map(|s| {
            let sh = &self.history.items[s];
            let succ = self.history.item(self.content, sh.last);
            Successor {
                id: &succ.id.value,
                name: loc.text(&succ.name),
                href: self.item_href(dir, lang, s),
            }
        });
        let state = match (current, &successor, item.status.value) {
            (true, _, Status::Issued) => "issued",
            (true, _, Status::Cancelled) => "cancelled",
            (false, Some(_), _) => "renamed",
            (false, None, _) => "removed",
        };
        let listed_in = h
            .listed_in
            .iter()
            .map(|&v| Link {
                href: self.href(dir, lang, &PageKind::version(v)),
                label: self.date_text(lang, v),
            })
            .collect();
        let first = h.listed_in[0];
        ItemPage {
            provenance: self.item_provenance(lang, h.last.version, id),
            item: self.item_view(lang, dir, item),
            json_ld: self.json_ld(lang, item),
            permalink: self.absolute(lang, &PageKind::Item(id.to_string())),
            state,
            removed_on: dropped_in.map(|v| self.plan.dates[v].clone()),
            removed_on_text: dropped_in.map(|v| self.date_text(lang, v)),
            removed_href: dropped_in.map(|v| self.href(dir, lang, &PageKind::changelog(v))),
            removal_note: dropped_in.and_then(|v| self.note(v, id)).map(|t| loc.md(t)),
            last_content_html: escape(self.ui_str(lang, "last_content_note")).replace(
                "{date}",
                &format!(
                    "<a href=\"{}\">{}</a>",
                    escape(&self.href(dir, lang, &PageKind::version(h.last.version))),
                    escape(&self.date_text(lang, h.last.version))
                ),
            ),
            successor,
            listed_in,
            timeline: self.timeline(lang, dir, id, h),
            first_date: self.plan.dates[first].clone(),
        }
    }

    /// What happened to item `id`, oldest first.
    fn timeline(&self, lang: usize, dir: &str, id: &str, h: &ItemHistory) -> Vec<TimelineEntry> {
        let loc = self.loc(lang);
        // The first version has no changes to report, so its items get a "first published"
        // entry; every later listing, rename or change is an event of the history.
        let changelog = |v: usize| self.href(dir, lang, &PageKind::changelog(v));
        let mut timeline = Vec::with_capacity(h.events.len() + 1);
        if h.listed_in[0] == 0 {
            timeline.push(TimelineEntry {
                date: self.plan.dates[0].clone(),
                date_text: self.date_text(lang, 0),
                href: changelog(0),
                events: vec![self.ui(lang, "event_initial")],
                note: self.note(0, id).map(|t| loc.md(t)),
            });
        }
        for &(v, n) in &h.events {
            let change = &self.history.versions[v].changes[n];
            let mut events = self.event_labels(lang, change, id, true);
            events.extend(self.inherited_event(lang, v));
            timeline.push(TimelineEntry {
                date: self.plan.dates[v].clone(),
                date_text: self.date_text(lang, v),
                href: changelog(v),
                events,
                note: self.note(v, id).map(|t| loc.md(t)),
            });
        }
        timeline
    }
}

/// The QR code of a page's absolute URL, as `qr.svg` beside the page, for printing.
pub(super) fn qr_code(qr: &crate::emit::qr::Encoder, dir: &str, url: &str) -> OutputFile {
    OutputFile {
        path: format!("{dir}qr.svg"),
        bytes: qr.svg(url.as_bytes()).unwrap_or_default().into_bytes(),
    }
}
