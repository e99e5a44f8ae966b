//! Markdown to safe HTML: pulldown-cmark (CommonMark + tables), then ammonia.
//!
//! Content is untrusted: raw HTML in Markdown may carry `<script>`, `<iframe>`, event handlers
//! or `javascript:` links. ammonia keeps a whitelist of tags, attributes and URL schemes and
//! drops the rest, so nothing active reaches a page.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{html, Options, Parser};

/// The sanitizer's rules: the default tag and attribute lists, links to web, mail and phone
/// only, `rel="noopener noreferrer"` on links, no images.
fn rules(b: &mut ammonia::Builder<'static>) {
    b.url_schemes(HashSet::from(["http", "https", "mailto", "tel"]));
    b.link_rel(Some("noopener noreferrer"));
    b.rm_tags(["img"]);
}

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        rules(&mut b);
        b
    })
}

fn raw_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    let parser = Parser::new_ext(markdown, options);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, parser);
    raw
}

/// Render Markdown to sanitized HTML.
pub fn to_html(markdown: &str) -> String {
    cleaner().clean(&raw_html(markdown)).to_string()
}

/// `to_html` with relative links made absolute against `base` (for feeds, read away from the
/// site), in the same sanitizing pass. An unparsable `base` leaves links as they are.
pub fn to_html_absolute(markdown: &str, base: &str) -> String {
    let Ok(base) = ammonia::Url::parse(base) else {
        return to_html(markdown);
    };
    let mut b = ammonia::Builder::default();
    rules(&mut b);
    b.url_relative(ammonia::UrlRelative::RewriteWithBase(base));
    b.clean(&raw_html(markdown)).to_string()
}

/// Markdown as plain text (search index, CSV, text diffs): the words without markup, raw
/// HTML dropped, one line per block.
pub fn to_plain(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, TagEnd};
    let mut out = String::new();
    let newline = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Text(s) | Event::Code(s) => out.push_str(&s),
            Event::SoftBreak | Event::HardBreak | Event::Rule => newline(&mut out),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableHead
                | TagEnd::TableRow,
            ) => newline(&mut out),
            Event::End(TagEnd::TableCell) => out.push(' '),
            _ => {}
        }
    }
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Escape text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// `escape`, borrowing `text` when it has nothing to escape (most Chinese text).
pub fn escape_cow(text: &str) -> std::borrow::Cow<'_, str> {
    match text.bytes().any(|b| entity(b).is_some()) {
        true => escape(text).into(),
        false => text.into(),
    }
}

/// Append `text` to `out`, escaped: `&`, `<`, `>`, `"` and `'` become the entities Tera's
/// own `escape_html` writes, so pages read the same whichever of the two escaped a text.
pub fn push_escaped(out: &mut String, text: &str) {
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        if let Some(e) = entity(b) {
            out.push_str(&text[plain..i]);
            out.push_str(e);
            plain = i + 1;
        }
    }
    out.push_str(&text[plain..]);
}

/// Tera's escape function (`Tera::set_escape_fn`): the same output as `tera::escape_html`,
/// which writes byte by byte through a `dyn Write` (5 % of a province build in perf); this
/// writes each run of plain text at once.
pub fn escape_for_tera(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        if let Some(e) = entity(b) {
            out.write_all(&text.as_bytes()[plain..i])?;
            out.write_all(e.as_bytes())?;
            plain = i + 1;
        }
    }
    out.write_all(&text.as_bytes()[plain..])
}

/// The entity a byte is escaped to, if any. All five are ASCII, so slicing at them keeps
/// UTF-8 intact.
#[inline]
fn entity(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_tera() {
        for text in [
            "",
            "plain",
            "村委会证明",
            "<script>alert('x')</script>",
            "a & b \"c\" <d> 'e'",
            "&&<<>>\"\"''",
            "边界<b>粗</b>&尾",
        ] {
            let mut ours = Vec::new();
            escape_for_tera(text, &mut ours).unwrap();
            let mut teras = Vec::new();
            tera::escape_html(text, &mut teras).unwrap();
            assert_eq!(ours, teras, "{text}");
            assert_eq!(escape(text).as_bytes(), teras, "{text}");
            assert_eq!(escape_cow(text).as_bytes(), teras, "{text}");
        }
        assert!(matches!(
            escape_cow("村委会"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn strips_active_content() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<iframe src=x></iframe>\n\n<a href=\"javascript:alert(1)\" onclick=\"x()\">a</a> [b](javascript:alert(2))",
        );
        for bad in ["<script", "<iframe", "javascript:", "onclick"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            to_plain("出示**户口簿**。\n\n- 一\n- 二"),
            "出示户口簿。\n一\n二"
        );
    }

    #[test]
    fn renders_tables() {
        let html = to_html("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(html.contains("<table>"), "{html}");
    }
}
