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
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
