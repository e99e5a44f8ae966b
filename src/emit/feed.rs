//! The changelog as an Atom 1.0 feed (RFC 4287), one per language: `changelog/atom.xml` for
//! the default language, `<code>/changelog/atom.xml` for the others.
//!
//! Each published version is one entry carrying the whole adjustment (document number,
//! summary, counts, every changed item with its note) as escaped HTML, in the feed's language
//! with the same fallback to the default language as the pages. Ids and dates come from the
//! content only, never from the build clock, so the feed is byte-identical on every rebuild and
//! a reader never sees an entry twice.

use crate::base::output_file::OutputFile;
use crate::derive::history::{History, ItemChange, Presence, StatusChange};
use crate::emit::markdown::{escape, to_html_absolute};
use crate::model::{Content, Item, Status, Text};
use crate::read::theme::Strings;

/// Where the feed of language `lang` (an index into `site.languages`) is written, from the
/// output root, e.g. `changelog/atom.xml` or `en/changelog/atom.xml`.
pub(super) fn path(content: &Content, lang: usize) -> String {
    format!("{}changelog/atom.xml", lang_prefix(content, lang))
}

/// The feed of language `lang`. `strings` are that language's UI strings (already filled in
/// from the default language by `Theme::strings`).
pub(super) fn atom(
    content: &Content,
    history: &History,
    lang: usize,
    strings: &Strings,
) -> OutputFile {
    let site = &content.site;
    let feed = Feed {
        content,
        history,
        strings,
        lang: &site.languages[lang].code,
        default: site.default_language(),
        base: format!("{}{}", site.base_url.value, url_prefix(content, lang)),
    };
    let mut out = String::with_capacity(4096 + 2048 * content.versions.len());
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        attr(feed.lang)
    ));
    let changelog_url = format!("{}changelog/", feed.base);
    element(&mut out, 1, "id", &changelog_url);
    element(
        &mut out,
        1,
        "title",
        &format!(
            "{} · {}",
            feed.text(&site.title),
            feed.ui("changelog_heading")
        ),
    );
    let entries = entries(content);
    if let Some(&(latest, ..)) = entries.first() {
        element(&mut out, 1, "updated", &timestamp(latest));
    }
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        attr(&format!(
            "{}{}changelog/atom.xml",
            site.base_url.value,
            url_prefix(content, lang)
        ))
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        attr(&changelog_url)
    ));
    out.push_str("  <author>\n");
    element(&mut out, 2, "name", feed.text(&site.publisher));
    out.push_str("  </author>\n");
    for &(_, v, correction) in &entries {
        match correction {
            None => feed.entry(&mut out, v),
            Some(n) => feed.correction_entry(&mut out, v, n),
        }
    }
    out.push_str("</feed>\n");
    OutputFile {
        path: path(content, lang),
        bytes: out.into_bytes(),
    }
}

/// The same rule as `PagePlan::lang_prefix` (a test holds them equal): `""` for the default
/// language, `<code>/` for the others.
fn lang_prefix(content: &Content, lang: usize) -> String {
    // A place's section is below each language's root, its feed and links with it.
    let section = content.section.as_ref().map_or("", |s| s.prefix.as_str());
    if lang == 0 {
        section.to_string()
    } else {
        format!("{}/{section}", content.site.languages[lang].code)
    }
}

/// `lang_prefix` as the whole site's URLs spell it: a section built on its own names its
/// pages where they are in the whole site.
fn url_prefix(content: &Content, lang: usize) -> String {
    let home = content.section.as_ref().map_or("", |s| s.home.as_str());
    match lang {
        0 => home.to_string(),
        _ => format!("{}/{home}", content.site.languages[lang].code),
    }
}

/// The feed's entries, newest first: each version (`None`) on its date and each of its
/// corrections (`Some(index)`) on the correction's, so that a subscriber learns of a correction
/// to a version read long ago. A correction made the day its version is published is listed above it.
fn entries(content: &Content) -> Vec<(chrono::NaiveDate, usize, Option<usize>)> {
    let mut entries: Vec<_> = (content.versions.iter().enumerate())
        .flat_map(|(v, version)| {
            let corrections = (version.corrections.iter().enumerate())
                .map(move |(n, c)| (c.date.value, v, Some(n)));
            std::iter::once((version.date.value, v, None)).chain(corrections)
        })
        .collect();
    entries.sort_by(|a, b| b.cmp(a));
    entries
}

/// A version date as an Atom date-time: midnight UTC of that day.
fn timestamp(date: chrono::NaiveDate) -> String {
    format!("{}T00:00:00Z", date.format("%Y-%m-%d"))
}

/// Characters XML 1.0 does not allow in a document at all (most C0 controls, U+FFFE/U+FFFF).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escape for XML element content.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|c| xml_char(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escape for a double-quoted XML attribute value.
fn attr(s: &str) -> String {
    text(s).replace('"', "&quot;")
}

fn element(out: &mut String, depth: usize, name: &str, value: &str) {
    out.push_str(&"  ".repeat(depth));
    out.push_str(&format!("<{name}>{}</{name}>\n", text(value)));
}

struct Feed<'a> {
    content: &'a Content,
    history: &'a History,
    strings: &'a Strings,
    lang: &'a str,
    default: &'a str,
    /// `base_url` plus the language prefix: every link of the feed starts with it.
    base: String,
}

impl<'a> Feed<'a> {
    fn ui(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Plain text in the feed's language, else the default language.
    fn text<'t>(&self, t: &'t Text) -> &'t str {
        t.get_or(self.lang, self.default)
    }

    fn untranslated_note(&self) -> String {
        format!(
            "<small class=\"untranslated\">({})</small>",
            escape(&self.ui("not_translated"))
        )
    }

    /// Escaped HTML; a fallback to the default language is marked as on the pages.
    fn html(&self, t: &Text) -> String {
        match t.get(self.lang) {
            Some(s) => escape(s),
            None => format!(
                "<span lang=\"{}\">{}</span> {}",
                escape(self.default),
                escape(t.get(self.default).unwrap_or_default()),
                self.untranslated_note()
            ),
        }
    }

    /// Markdown rendered, sanitized, with links made absolute against `page`.
    fn md(&self, t: &Text, page: &str) -> String {
        match t.get(self.lang) {
            Some(s) => to_html_absolute(s, page),
            None => format!(
                "<div lang=\"{}\">{}</div><p>{}</p>",
                escape(self.default),
                to_html_absolute(t.get(self.default).unwrap_or_default(), page),
                self.untranslated_note()
            ),
        }
    }

    fn item_url(&self, id: &str) -> String {
        format!("{}items/{id}/", self.base)
    }

    /// Version `v`'s date as readers of the feed's language read it (`2023年2月21日`).
    fn date(&self, v: usize) -> String {
        crate::emit::dates::long(self.lang, self.content.versions[v].date.value)
    }

    fn entry(&self, out: &mut String, v: usize) {
        let version = &self.content.versions[v];
        let date = version.date.value;
        let url = format!("{}changelog/{date}/", self.base);
        out.push_str("  <entry>\n");
        element(out, 2, "id", &url);
        let mut title = format!("{} {}", self.date(v), self.text(&version.title));
        // In a place's section, the list above's adjustment is the place's too: the title says
        // so, since the version's own title may be the list above's.
        if let Some(inherited) = self.inherited(v) {
            title.push_str(" · ");
            title.push_str(&inherited);
        }
        element(out, 2, "title", &title);
        element(out, 2, "published", &timestamp(date));
        element(out, 2, "updated", &timestamp(date));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            attr(&url)
        ));
        out.push_str("    <content type=\"html\">");
        out.push_str(&text(&self.entry_html(v, &url)));
        out.push_str("</content>\n");
        out.push_str("  </entry>\n");
    }

    /// Version `v`'s `n`-th correction (from 0) as an entry of its own, linking to the correction
    /// on the version's changelog page.
    fn correction_entry(&self, out: &mut String, v: usize, n: usize) {
        let version = &self.content.versions[v];
        let correction = &version.corrections[n];
        let page = format!("{}changelog/{}/", self.base, version.date.value);
        let url = format!("{page}#correction-{}", n + 1);
        let date = crate::emit::dates::long(self.lang, correction.date.value);
        out.push_str("  <entry>\n");
        element(out, 2, "id", &url);
        let title = self
            .ui("correction_entry_title")
            .replace("{date}", &date)
            .replace("{title}", self.text(&version.title));
        element(out, 2, "title", &title);
        element(out, 2, "published", &timestamp(correction.date.value));
        element(out, 2, "updated", &timestamp(correction.date.value));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            attr(&url)
        ));
        let html = format!(
            "<dl><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd><a href=\"{}\">{}</a></dd></dl>{}",
            escape(&self.ui("correction_date")),
            escape(&date),
            escape(&self.ui("correction_of")),
            escape(&page),
            self.html(&version.title),
            self.md(&correction.text, &page)
        );
        out.push_str("    <content type=\"html\">");
        out.push_str(&text(&html));
        out.push_str("</content>\n");
        out.push_str("  </entry>\n");
    }

    /// "随市级清单2024年3月15日调整", when version `v` of a place's section follows an
    /// adjustment of the list above, as its changelog page says it.
    fn inherited(&self, v: usize) -> Option<String> {
        let section = self.content.section.as_ref()?;
        let inherited = section.versions.get(v)?.inherited.as_ref()?;
        let places = self.content.places.as_ref()?;
        let level = places.places[inherited.from].level.value.as_str();
        Some(
            (self.ui("provenance_inherited"))
                .replace("{level}", &self.ui(&format!("provenance_level_{level}")))
                .replace(
                    "{date}",
                    &crate::emit::dates::long(self.lang, inherited.date),
                ),
        )
    }

    /// The whole adjustment as HTML, like the changelog page but with absolute links.
    fn entry_html(&self, v: usize, page: &str) -> String {
        let version = &self.content.versions[v];
        let colon = self.ui("colon");
        let mut h = String::new();
        if let Some(inherited) = self.inherited(v) {
            h.push_str(&format!("<p>{}</p>", escape(&inherited)));
        }
        let mut meta = String::new();
        if let Some(d) = &version.document {
            meta.push_str(&format!(
                "<dt>{}</dt><dd>{}</dd>",
                escape(&self.ui("document_number")),
                escape(&d.value)
            ));
        }
        if let Some(t) = &version.issued_by {
            meta.push_str(&format!(
                "<dt>{}</dt><dd>{}</dd>",
                escape(&self.ui("issued_by")),
                self.html(t)
            ));
        }
        meta.push_str(&format!(
            "<dt>{}</dt><dd>{}</dd>",
            escape(&self.ui("published_on")),
            escape(&self.date(v))
        ));
        if let Some(e) = &version.effective {
            meta.push_str(&format!(
                "<dt>{}</dt><dd>{}</dd>",
                escape(&self.ui("effective_on")),
                escape(&crate::emit::dates::long(self.lang, e.value))
            ));
        }
        h.push_str(&format!("<dl>{meta}</dl>"));
        if let Some(s) = &version.summary {
            h.push_str(&self.md(s, page));
        }
        let list_url = format!("{}versions/{}/", self.base, version.date.value);
        if v == 0 {
            h.push_str(&format!(
                "<p>{}</p><ul>",
                escape(&super::counts::pick(
                    version.items.len(),
                    &self.ui("initial_publication_text"),
                    self.strings
                        .get("initial_publication_text_one")
                        .map(String::as_str)
                ))
            ));
            for item in &version.items {
                h.push_str(&format!(
                    "<li><a href=\"{}\">{}</a> ({})</li>",
                    escape(&self.item_url(&item.id.value)),
                    self.html(&item.name),
                    escape(&self.status_label(item.status.value))
                ));
            }
            h.push_str("</ul>");
        } else {
            let c = self.history.versions[v].counts;
            h.push_str("<ul>");
            for (key, n) in [
                ("counts_added", c.added),
                ("counts_cancelled", c.cancelled),
                ("counts_reinstated", c.reinstated),
                ("counts_removed", c.removed),
                ("counts_renamed", c.renamed),
                ("counts_changed", c.changed),
            ] {
                h.push_str(&format!(
                    "<li>{}</li>",
                    escape(
                        &self
                            .ui("count_of")
                            .replace("{label}", &self.ui(key))
                            .replace("{n}", &n.to_string())
                    )
                ));
            }
            h.push_str("</ul>");
            self.sections(&mut h, v, page, &colon);
        }
        h.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>",
            escape(&list_url),
            escape(&self.ui("see_full_list"))
        ));
        h
    }

    fn status_label(&self, status: Status) -> String {
        self.ui(match status {
            Status::Issued => "status_issued",
            Status::Cancelled => "status_cancelled",
        })
    }

    fn sections(&self, h: &mut String, v: usize, page: &str, colon: &str) {
        let version = &self.content.versions[v];
        let mut changes: Vec<&ItemChange> = self.history.versions[v].changes.iter().collect();
        if changes.is_empty() {
            h.push_str(&format!("<p>{}</p>", escape(&self.ui("no_changes"))));
            return;
        }
        changes.sort_by_cached_key(|c| c.page_section_order(self.content, self.history));
        let mut current = "";
        for c in changes {
            let key = c.page_section(self.content, self.history);
            if key != current {
                if !current.is_empty() {
                    h.push_str("</ul>");
                }
                h.push_str(&format!(
                    "<h3>{}</h3><ul>",
                    escape(&self.ui(&format!("section_{key}")))
                ));
                current = key;
            }
            let item: &Item = self.history.item(
                self.content,
                c.after.or(c.before).expect("a change has an item"),
            );
            h.push_str(&format!(
                "<li><p><a href=\"{}\">{}</a> ({})</p>",
                escape(&self.item_url(&c.id)),
                self.html(&item.name),
                escape(&self.status_label(item.status.value))
            ));
            if let Presence::Renamed { from } = &c.presence {
                let old = self
                    .history
                    .items
                    .get(from.as_str())
                    .map(|fh| self.history.item(self.content, fh.last));
                if let Some(old) = old {
                    h.push_str(&format!(
                        "<p>{}{}<a href=\"{}\">{}</a></p>",
                        escape(&self.ui("renamed_from")),
                        escape(colon),
                        escape(&self.item_url(from)),
                        self.html(&old.name)
                    ));
                }
            }
            for event in self.events(c) {
                h.push_str(&format!("<p>{}</p>", escape(&event)));
            }
            if !c.fields.is_empty() {
                let fields: Vec<String> = c.fields.iter().map(|f| self.ui(f.label_key())).collect();
                h.push_str(&format!(
                    "<p>{}{}{}</p>",
                    escape(&self.ui("changed_fields")),
                    escape(colon),
                    escape(&fields.join(&self.ui("list_separator")))
                ));
            }
            let newly_not_issued = c.status == Some(StatusChange::Cancelled)
                || (c.presence == Presence::Added && item.status.value == Status::Cancelled);
            if newly_not_issued {
                if let Some(alt) = &item.alternative {
                    h.push_str(&format!(
                        "<p>{}{}</p>{}",
                        escape(&self.ui("field_alternative")),
                        escape(colon),
                        self.md(alt, page)
                    ));
                }
            }
            if let Some(note) = version.note(&c.id) {
                h.push_str(&format!(
                    "<p>{}{}</p>{}",
                    escape(&self.ui("why")),
                    escape(colon),
                    self.md(note, page)
                ));
            }
            h.push_str("</li>");
        }
        h.push_str("</ul>");
    }

    /// What happened to the item, as on the changelog page (changed fields are listed apart).
    /// Placeholders: `{date}` (when re-added: the last listing; status changes: this
    /// version), `{name}` and `{id}` (the predecessor of a renamed item).
    fn events(&self, c: &ItemChange) -> Vec<String> {
        let mut out = Vec::new();
        match &c.presence {
            Presence::Added => out.push(
                self.ui(
                    match c
                        .after
                        .map(|r| self.history.item(self.content, r).status.value)
                    {
                        Some(Status::Cancelled) => "event_added_cancelled",
                        _ => "event_added",
                    },
                ),
            ),
            Presence::Readded { last_seen } => out.push(
                self.ui("event_readded")
                    .replace("{date}", &self.date(*last_seen)),
            ),
            Presence::Removed => out.push(self.ui("event_removed")),
            Presence::Renamed { from } => {
                let name = self
                    .history
                    .items
                    .get(from.as_str())
                    .map(|h| self.text(&self.history.item(self.content, h.last).name))
                    .unwrap_or(from);
                out.push(
                    self.ui("event_renamed_from")
                        .replace("{name}", name)
                        .replace("{id}", from),
                )
            }
            Presence::Kept => {}
        }
        let when = c.after.map(|r| self.date(r.version)).unwrap_or_default();
        match c.status {
            Some(StatusChange::Cancelled) => {
                out.push(self.ui("event_cancelled").replace("{date}", &when))
            }
            Some(StatusChange::Reinstated) => {
                out.push(self.ui("event_reinstated").replace("{date}", &when))
            }
            None => {}
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::theme::Theme;
    use std::path::Path;

    /// A third version on top of tests/fixtures/minimal: kinship reinstated, old-item back on
    /// the list, a hostile title, a Markdown summary with a relative link.
    const THIRD: &str = r#"date: 2024-03-15
title: { zh-CN: "<script>alert(1)</script> & 第二次调整", en: "Second <b>adjustment</b>" }
document: 测民〔2024〕7号
summary: { zh-CN: "见[完整清单](../../versions/2024-03-15/)。<script>alert(2)</script>" }
notes:
  old-item: 重新列入。
items:
  - id: kinship
    name: { zh-CN: 亲属关系证明, en: Proof of kinship }
    category: family
    status: issued
    keywords: [亲戚关系]
  - id: residence
    name: { zh-CN: 居（租）住证明, en: Proof of residence }
    category: housing
    status: issued
    purpose: 办理居住证
    keywords: [租房, 住址证明]
  - id: old-item
    name: 旧证明
    category: housing
    status: issued
    keywords: [旧]
"#;

    /// The minimal fixture plus `extra` files, loaded through the real pipeline.
    fn load(extra: &[(&str, &str)]) -> (Content, History, Vec<Strings>) {
        let (loaded, history) = crate::fixture::load_minimal(extra);
        (loaded.content, history, loaded.strings)
    }

    fn feeds(extra: &[(&str, &str)]) -> Vec<(String, String)> {
        let (content, history, strings) = load(extra);
        (0..content.site.languages.len())
            .map(|l| {
                let f = atom(&content, &history, l, &strings[l]);
                (f.path, String::from_utf8(f.bytes).unwrap())
            })
            .collect()
    }

    /// A small well-formedness check: the prolog, then balanced tags, quoted attributes, text
    /// without a raw `<` and with `&` only starting a predefined or numeric entity.
    fn assert_well_formed(xml: &str) {
        let rest = xml
            .strip_prefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
            .expect("XML declaration");
        let check_text = |t: &str| {
            assert!(!t.contains('<'), "raw `<` in {t:?}");
            for (i, _) in t.match_indices('&') {
                let ent = &t[i..t[i..].find(';').map_or(t.len(), |e| i + e + 1)];
                let ok = matches!(ent, "&amp;" | "&lt;" | "&gt;" | "&quot;" | "&apos;")
                    || (ent.starts_with("&#")
                        && ent.len() > 3
                        && ent[2..ent.len() - 1].chars().all(|c| c.is_ascii_digit()));
                assert!(ok, "bad entity {ent:?}");
            }
        };
        let mut stack: Vec<&str> = Vec::new();
        let mut pos = 0;
        let mut roots = 0;
        while let Some(lt) = rest[pos..].find('<') {
            let between = &rest[pos..pos + lt];
            check_text(between);
            if stack.is_empty() {
                assert!(
                    between.trim().is_empty(),
                    "text outside the root: {between:?}"
                );
            }
            let start = pos + lt + 1;
            let gt = start + rest[start..].find('>').expect("tag closed");
            let tag = &rest[start..gt];
            assert!(!tag.contains('<'), "`<` inside a tag: {tag:?}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "closing </{name}>");
            } else {
                let self_closing = tag.ends_with('/');
                let body = tag.trim_end_matches('/');
                let name = body.split_whitespace().next().expect("tag name");
                let mut attrs = &body[name.len()..];
                while !attrs.trim().is_empty() {
                    let (key, after) = attrs.split_once("=\"").expect("attr=\"value\"");
                    assert!(!key.trim().is_empty() && !key.trim().contains(' '));
                    let (value, after) = after.split_once('"').expect("closing quote");
                    check_text(value);
                    attrs = after;
                }
                if stack.is_empty() {
                    roots += 1;
                }
                if !self_closing {
                    stack.push(name);
                }
            }
            pos = gt + 1;
        }
        assert!(stack.is_empty(), "unclosed: {stack:?}");
        assert!(rest[pos..].trim().is_empty());
        assert_eq!(roots, 1, "one root element");
    }

    fn between<'x>(s: &'x str, open: &str, close: &str) -> Vec<&'x str> {
        s.split(open)
            .skip(1)
            .map(|p| &p[..p.find(close).unwrap()])
            .collect()
    }

    fn unescape(s: &str) -> String {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    }

    #[test]
    fn paths_follow_the_language_prefix() {
        let feeds = feeds(&[]);
        assert_eq!(feeds[0].0, "changelog/atom.xml");
        assert_eq!(feeds[1].0, "en/changelog/atom.xml");
        let (content, history, _) = load(&[]);
        let plan = crate::derive::plan::plan(&content, &history);
        for l in 0..content.site.languages.len() {
            assert_eq!(lang_prefix(&content, l), plan.lang_prefix(l));
            assert_eq!(
                path(&content, l),
                format!("{}changelog/atom.xml", plan.lang_prefix(l))
            );
        }
    }

    #[test]
    fn feeds_are_well_formed_atom() {
        for (path, xml) in feeds(&[("certificates/2024-03-15.yaml", THIRD)]) {
            assert_well_formed(&xml);
            assert!(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\""));
            // Every entry's HTML content is itself balanced once unescaped.
            for content in between(&xml, "<content type=\"html\">", "</content>") {
                let html = unescape(content);
                assert_well_formed(&format!(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<div>{html}</div>"
                ));
            }
            assert!(!xml.contains("<script"), "{path}");
        }
    }

    #[test]
    fn ids_dates_and_entries() {
        let two = feeds(&[]);
        let (_, zh) = &two[0];
        let (_, en) = &two[1];
        assert!(zh.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">"));
        assert!(en.contains("xml:lang=\"en\">"));
        assert_eq!(
            between(zh, "<id>", "</id>"),
            [
                "https://example.gov.cn/test/changelog/",
                "https://example.gov.cn/test/changelog/2023-02-21/",
                "https://example.gov.cn/test/changelog/2022-06-30/",
            ]
        );
        assert_eq!(
            between(en, "<id>", "</id>")[1],
            "https://example.gov.cn/test/en/changelog/2023-02-21/"
        );
        assert_eq!(
            between(zh, "<updated>", "</updated>"),
            [
                "2023-02-21T00:00:00Z",
                "2023-02-21T00:00:00Z",
                "2022-06-30T00:00:00Z"
            ]
        );
        assert_eq!(
            between(zh, "<published>", "</published>"),
            ["2023-02-21T00:00:00Z", "2022-06-30T00:00:00Z"]
        );
        assert_eq!(zh.matches("<entry>").count(), 2);
        assert!(zh.contains(
            "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.gov.cn/test/changelog/atom.xml\"/>"
        ));
        assert!(en.contains(
            "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.gov.cn/test/en/changelog/atom.xml\"/>"
        ));
        assert!(zh.contains(
            "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.gov.cn/test/changelog/\"/>"
        ));
        let (_, _, strings) = load(&[]);
        assert!(zh.contains(&format!(
            "<title>测试区证明事项 · {}</title>",
            text(&strings[0]["changelog_heading"])
        )));
        assert!(en.contains(&format!(
            "<title>Test district certificates · {}</title>",
            text(&strings[1]["changelog_heading"])
        )));
        assert!(zh.contains("<author>\n    <name>测试区民政局</name>"));
        assert!(zh.contains("<title>2023年2月21日 第一次调整</title>"));
        // Adding a version adds an entry at the top and keeps the old ids.
        let more = feeds(&[("certificates/2024-03-15.yaml", THIRD)]);
        let ids = between(&more[0].1, "<id>", "</id>");
        assert_eq!(ids.len(), 4);
        assert_eq!(ids[1], "https://example.gov.cn/test/changelog/2024-03-15/");
        assert_eq!(&ids[2..], &between(zh, "<id>", "</id>")[1..]);
    }

    #[test]
    fn content_carries_the_whole_adjustment() {
        let (content, history, strings) = load(&[("certificates/2024-03-15.yaml", THIRD)]);
        let zh = String::from_utf8(atom(&content, &history, 0, &strings[0]).bytes).unwrap();
        // Expectations use the theme's strings, so rewording them does not break the test.
        let ui = |k: &str| strings[0][k].clone();
        let colon = ui("colon");
        let contents: Vec<String> = between(&zh, "<content type=\"html\">", "</content>")
            .into_iter()
            .map(unescape)
            .collect();
        let [third, second, first] = &contents[..] else {
            panic!("three entries")
        };
        // The first publication lists its items.
        let initial = ui("initial_publication_text").replace("{n}", "3");
        assert!(first.contains(&escape(&initial)), "{first}");
        assert!(first
            .contains("<a href=\"https://example.gov.cn/test/items/kinship/\">亲属关系证明</a>"));
        // The adjustment: document, summary, counts, every change with fields and notes.
        assert!(second.contains("<dd>测民〔2023〕3号</dd>"), "{second}");
        assert!(second.contains("<p>取消亲属关系证明。</p>"));
        for (key, n) in [
            ("counts_added", 0),
            ("counts_cancelled", 1),
            ("counts_removed", 1),
            ("counts_renamed", 1),
            ("counts_changed", 2),
        ] {
            let count = format!(
                "<li>{}</li>",
                escape(
                    &ui("count_of")
                        .replace("{label}", &ui(key))
                        .replace("{n}", &n.to_string())
                )
            );
            assert!(second.contains(&count), "{count} in {second}");
        }
        for key in ["section_cancelled", "section_renamed", "section_removed"] {
            assert!(
                second.contains(&format!("<h3>{}</h3>", escape(&ui(key)))),
                "{key}"
            );
        }
        assert!(second.contains(&format!(
            "<p>{}{colon}</p><p>按民发〔2020〕20号取消。</p>",
            ui("why")
        )));
        assert!(second.contains(&format!(
            "<p>{}{colon}</p><p>出示<strong>户口簿</strong>。</p>",
            ui("field_alternative")
        )));
        let sep = ui("list_separator");
        let fields = [ui("field_name"), ui("field_purpose"), ui("field_keywords")].join(&sep);
        assert!(
            second.contains(&escape(&format!("{}{colon}{fields}", ui("changed_fields")))),
            "{second}"
        );
        assert!(second.contains(&format!(
            "{}{colon}<a href=\"https://example.gov.cn/test/items/tenancy/\">租住证明</a>",
            ui("renamed_from")
        )));
        assert!(second.contains("租住证明") && !second.contains("{name}"));
        // Re-added and reinstated items; Markdown links made absolute; raw HTML dropped.
        for key in ["section_readded", "section_reinstated"] {
            assert!(
                third.contains(&format!("<h3>{}</h3>", escape(&ui(key)))),
                "{key}"
            );
        }
        assert!(third.contains(&escape(
            &ui("event_readded").replace("{date}", "2022年6月30日")
        )));
        assert!(third.contains(&escape(
            &ui("event_reinstated").replace("{date}", "2024年3月15日")
        )));
        assert!(third.contains("href=\"https://example.gov.cn/test/versions/2024-03-15/\""));
        assert!(!third.contains("<script"));
        assert!(!third.contains("href=\"../"));
        for placeholder in ["{date}", "{name}", "{id}", "{n}"] {
            assert!(!zh.contains(placeholder), "{placeholder} left in the feed");
        }
    }

    #[test]
    fn fallback_is_marked_in_the_page_language() {
        let (content, history, strings) = load(&[("certificates/2024-03-15.yaml", THIRD)]);
        let en = String::from_utf8(atom(&content, &history, 1, &strings[1]).bytes).unwrap();
        // The Chinese-only name of old-item, in the English feed.
        assert!(en.contains(&text(&format!(
            "<span lang=\"zh-CN\">旧证明</span> <small class=\"untranslated\">({})</small>",
            escape(&strings[1]["not_translated"])
        ))));
        assert!(en.contains(&text(&escape(&strings[1]["changed_fields"]))));
    }

    #[test]
    fn escapes_markup_in_titles() {
        let feeds = feeds(&[("certificates/2024-03-15.yaml", THIRD)]);
        let (zh, en) = (&feeds[0].1, &feeds[1].1);
        assert!(zh.contains(
            "<title>2024年3月15日 &lt;script&gt;alert(1)&lt;/script&gt; &amp; 第二次调整</title>"
        ));
        assert!(en.contains("<title>15 March 2024 Second &lt;b&gt;adjustment&lt;/b&gt;</title>"));
        assert!(!zh.contains("<script"));
        assert!(!en.contains("<b>"));
    }

    #[test]
    fn deterministic() {
        let a = feeds(&[("certificates/2024-03-15.yaml", THIRD)]);
        let b = feeds(&[("certificates/2024-03-15.yaml", THIRD)]);
        assert_eq!(a, b);
    }

    #[test]
    fn xml_escaping() {
        assert_eq!(text("a & <b> \"c\""), "a &amp; &lt;b&gt; \"c\"");
        assert_eq!(attr("a & \"c\" <"), "a &amp; &quot;c&quot; &lt;");
        assert_eq!(text("bell\u{7}\u{FFFE}ok"), "bellok");
    }

    #[test]
    fn uses_only_existing_ui_strings() {
        let mut keys: Vec<String> = [
            "changelog_heading",
            "not_translated",
            "document_number",
            "issued_by",
            "published_on",
            "initial_publication_text",
            "see_full_list",
            "status_issued",
            "status_cancelled",
            "no_changes",
            "renamed_from",
            "changed_fields",
            "list_separator",
            "why",
            "colon",
            "event_added",
            "event_readded",
            "event_removed",
            "event_renamed_from",
            "event_cancelled",
            "event_reinstated",
            "counts_added",
            "counts_cancelled",
            "counts_reinstated",
            "counts_removed",
            "counts_renamed",
            "counts_changed",
        ]
        .map(String::from)
        .into();
        keys.extend(
            crate::derive::history::SECTIONS
                .iter()
                .map(|s| format!("section_{s}")),
        );
        keys.extend(
            crate::derive::history::Field::ALL
                .iter()
                .map(|f| f.label_key().to_string()),
        );
        let theme = Theme::default_theme();
        for code in ["zh-CN", "en"] {
            let strings = theme.strings(&[code.into()], Path::new("theme")).unwrap();
            for key in &keys {
                assert!(strings[0].contains_key(key), "{code}: {key}");
            }
        }
    }
}
