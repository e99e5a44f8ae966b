//! Markdown to safe HTML: pulldown-cmark (CommonMark + tables), then ammonia.
//!
//! Content is untrusted. Raw HTML in Markdown (`<script>`, `<iframe>`, `<li>` out of place,
//! `<select>`) is dropped before rendering, the text around it kept: the sanitizer would
//! remove what is active, but what it leaves can still break the page around it (a stray
//! `<li>` closes the page's own list item), and nothing in a published list needs it. Links
//! and images written in Markdown then go through ammonia, which keeps a whitelist of
//! tags, attributes and URL schemes and drops the rest, so nothing active reaches a page.
//!
//! What it leaves must still be valid HTML (the pages pass the Nu Html Checker): a link whose
//! address it drops is unwrapped to its text, since an `<a>` with `rel` but no `href` is
//! invalid, and elements that are obsolete or need the images it removes are dropped too.

use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::OnceLock;

use pulldown_cmark::{html, Alignment, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// The sanitizer's rules: the default tag and attribute lists, links to web, mail and phone
/// only, `rel="noopener noreferrer"` on links, no images. Image maps go with the images, and
/// the obsolete `acronym`, `center`, `strike` and `tt` (which the checker rejects) are
/// unwrapped to their content.
fn rules(b: &mut ammonia::Builder<'static>) {
    b.url_schemes(HashSet::from(["http", "https", "mailto", "tel"]));
    b.link_rel(Some("noopener noreferrer"));
    b.rm_tags(["img", "map", "area", "acronym", "center", "strike", "tt"]);
}

/// Sanitize `raw` HTML with `builder`, then unwrap the links it left without an address.
fn sanitize(builder: &ammonia::Builder<'_>, raw: &str) -> String {
    unwrap_dead_links(builder.clean(raw).to_string())
}

/// `html` (as ammonia serializes it) with every `<a>` that has no `href`, or stands inside
/// another link, replaced by its content: a `javascript:` link becomes its text.
///
/// In that serialization `<` starts a tag everywhere (text escapes it, comments are
/// stripped) and attribute values are in double quotes without one inside, so tags can be
/// read off the text.
fn unwrap_dead_links(html: String) -> String {
    if !html.contains("<a ") && !html.contains("<a>") {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    // For each open `<a>`: whether it was kept.
    let mut open: Vec<bool> = Vec::new();
    let mut rest = html.as_str();
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[end..];
        if tag == "</a>" {
            if open.pop().unwrap_or(true) {
                out.push_str(tag);
            }
            continue;
        }
        if let Some(attrs) = tag.strip_prefix("<a").filter(|a| a.starts_with([' ', '>'])) {
            let keep = has_href(attrs) && !open.contains(&true);
            open.push(keep);
            if !keep {
                continue;
            }
        }
        out.push_str(tag);
    }
    out.push_str(rest);
    out
}

/// The length of the tag at the start of `html`, through its `>` (quoted values may hold one).
fn tag_end(html: &str) -> usize {
    let mut quoted = false;
    for (i, b) in html.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'>' if !quoted => return i + 1,
            _ => {}
        }
    }
    html.len()
}

/// Whether a start tag's attributes (` name="value" ...>`) include `href`.
fn has_href(mut attrs: &str) -> bool {
    loop {
        attrs = attrs.trim_start();
        let name_len = attrs.find(['=', ' ', '>', '/']).unwrap_or(attrs.len());
        if name_len == 0 {
            return false;
        }
        if &attrs[..name_len] == "href" {
            return true;
        }
        attrs = &attrs[name_len..];
        if let Some(value) = attrs.strip_prefix("=\"") {
            attrs = value.find('"').map_or("", |q| &value[q + 1..]);
        }
    }
}

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        rules(&mut b);
        b
    })
}

/// Render Markdown to sanitized HTML.
pub(crate) fn to_html(markdown: &str) -> String {
    match render(markdown) {
        Rendered::Inert(html) => html,
        Rendered::Raw(raw) => sanitize(cleaner(), &raw),
    }
}

/// pulldown-cmark's HTML for a text, from one parse.
enum Rendered {
    /// Made only of what the sanitizer keeps as it is, and serialized as it would be: the same
    /// bytes as sanitizing, without it. Most texts are a few plain paragraphs, and ammonia
    /// parses and re-serializes every one with a full HTML parser (two thirds of the time
    /// spent on Markdown, perf).
    Inert(String),
    /// Anything else (raw HTML, links, images, attributes): still to be sanitized.
    Raw(String),
}

/// pulldown-cmark escapes all text, and the tags it writes for the events `is_inert` accepts
/// carry no attribute but `<ol start>`, so nothing active can get through an `Inert` text. A
/// unit test checks those against ammonia's output on thousands of generated texts.
fn render(markdown: &str) -> Rendered {
    if is_plain_paragraph(markdown) {
        return Rendered::Inert(format!("<p>{markdown}</p>\n"));
    }
    render_parsed(markdown)
}

/// `render` through the parser.
fn render_parsed(markdown: &str) -> Rendered {
    let events = Parser::new_ext(markdown, Options::ENABLE_TABLES)
        .filter(|e| !matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let events = within_depth(events);
    // html5ever rewrites carriage returns and NULs while parsing; leave those texts to it.
    let inert = !markdown.contains(['\r', '\0']) && events.iter().all(is_inert);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html, events.into_iter());
    if !inert {
        return Rendered::Raw(html);
    }
    // Serialize as html5ever does: void tags without a slash, no-break spaces as entities.
    // Text never holds a literal `<`, so these only ever match tags.
    for (from, to) in [("<br />", "<br>"), ("<hr />", "<hr>"), ("\u{a0}", "&nbsp;")] {
        if html.contains(from) {
            html = html.replace(from, to);
        }
    }
    Rendered::Inert(html)
}

/// How deeply block quotes and lists may nest on a page. Content needs two or three levels;
/// `>` repeated 100,000 times made as many nested elements, a page that took a browser (and
/// the HTML parser in the sanitizer, whose cost grows with the square of the depth) minutes.
const MAX_NESTING: usize = 16;

/// `events` with the block quotes and lists nested deeper than `MAX_NESTING` flattened into
/// the one around them: their text stays, their markers go. A list item always stays with a
/// list that was kept, so no text ends up directly inside a `<ul>` or `<ol>`.
fn within_depth<'e>(events: impl Iterator<Item = Event<'e>>) -> Vec<Event<'e>> {
    // For each open container: whether it was kept.
    let mut open: Vec<bool> = Vec::new();
    let mut out = Vec::new();
    for event in events {
        match &event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Item) => {
                let kept_depth = open.iter().filter(|k| **k).count();
                let item_of_kept_list =
                    matches!(event, Event::Start(Tag::Item)) && open.last() == Some(&true);
                let keep = kept_depth < MAX_NESTING || item_of_kept_list;
                open.push(keep);
                if keep {
                    out.push(event);
                }
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item) => {
                if open.pop().unwrap_or(true) {
                    out.push(event);
                }
            }
            _ => out.push(event),
        }
    }
    out
}

/// Whether `markdown` is one line of text without a character Markdown or HTML gives meaning
/// to, so that its HTML is the text as it is in a `<p>`: most Chinese texts and many short
/// ones. Parsing each of them was most of the time spent on Markdown. Conservative: anything
/// that could start a block, open an inline, need escaping or be trimmed goes to the parser.
fn is_plain_paragraph(markdown: &str) -> bool {
    let bytes = markdown.as_bytes();
    let (Some(&first), Some(last)) = (bytes.first(), markdown.chars().next_back()) else {
        return false;
    };
    // List markers, headings, thematic breaks and setext lines need their first character;
    // an ordered list needs a digit there.
    let may_start = !(first.is_ascii_digit() || b"-+=".contains(&first));
    may_start
        && !markdown.starts_with(char::is_whitespace)
        && !last.is_whitespace()
        && !markdown.contains('\u{a0}')
        && !bytes.iter().any(|&b| MARKUP[b as usize])
}

/// The bytes `is_plain_paragraph` leaves to the parser wherever they stand.
const MARKUP: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b"\\`*_[]<>&!#~|\"\n\r\t\0";
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// Whether ammonia keeps what pulldown-cmark writes for `event` unchanged.
fn is_inert(event: &Event) -> bool {
    match event {
        Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak | Event::Rule => true,
        // Every end closes a start that was checked.
        Event::End(_) => true,
        Event::Start(tag) => match tag {
            Tag::Paragraph
            | Tag::BlockQuote(None)
            | Tag::List(_)
            | Tag::Item
            | Tag::Emphasis
            | Tag::Strong
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::CodeBlock(CodeBlockKind::Indented) => true,
            Tag::Heading {
                id, classes, attrs, ..
            } => id.is_none() && classes.is_empty() && attrs.is_empty(),
            // A language becomes a class attribute, an alignment a style attribute.
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => info.is_empty(),
            Tag::Table(alignments) => alignments.iter().all(|a| *a == Alignment::None),
            _ => false,
        },
        _ => false,
    }
}

/// The sanitizer's rules for a policy body, whose images were checked and published: `rules`
/// with `<img>` kept, with the attributes `to_html_with_images` writes.
fn image_cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        rules(&mut b);
        b.add_tags(["img"]);
        b.add_tag_attributes("img", ["loading", "decoding"]);
        b
    })
}

/// `to_html` for a text whose images the content checked and published: `image(address, alt)`
/// gives an image's `<img>` element, or `None` to drop it as `to_html` does. Raw HTML is still
/// dropped first, so the only images are those `image` makes, and they still pass the
/// sanitizer.
pub(crate) fn to_html_with_images(
    markdown: &str,
    image: &dyn Fn(&str, &str) -> Option<String>,
) -> String {
    let mut events = Vec::new();
    // The image being read, with its alternative text, and how deep images nest in it.
    let mut open: Option<(String, String, usize)> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match (&mut open, event) {
            (_, Event::Html(_) | Event::InlineHtml(_)) => {}
            (None, Event::Start(Tag::Image { dest_url, .. })) => {
                open = Some((dest_url.to_string(), String::new(), 1));
            }
            (Some((_, _, depth)), Event::Start(Tag::Image { .. })) => *depth += 1,
            (Some((_, alt, _)), Event::Text(t) | Event::Code(t)) => alt.push_str(&t),
            (Some((src, alt, depth)), Event::End(TagEnd::Image)) => {
                *depth -= 1;
                if *depth == 0 {
                    if let Some(tag) = image(src, alt) {
                        events.push(Event::InlineHtml(tag.into()));
                    }
                    open = None;
                }
            }
            (Some(_), _) => {}
            (None, event) => events.push(event),
        }
    }
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, within_depth(events.into_iter()).into_iter());
    sanitize(image_cleaner(), &raw)
}

/// `to_html` with relative links made absolute against `base` (for feeds, read away from the
/// site), in the same sanitizing pass. An unparsable `base` leaves links as they are.
pub(crate) fn to_html_absolute(markdown: &str, base: &str) -> String {
    let raw = match render(markdown) {
        Rendered::Inert(html) => return html,
        Rendered::Raw(raw) => raw,
    };
    let Ok(base) = ammonia::Url::parse(base) else {
        return sanitize(cleaner(), &raw);
    };
    let mut b = ammonia::Builder::default();
    rules(&mut b);
    b.url_relative(ammonia::UrlRelative::RewriteWithBase(base));
    sanitize(&b, &raw)
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
pub(crate) fn escape_cow(text: &str) -> std::borrow::Cow<'_, str> {
    match needs_escape(text) {
        true => escape(text).into(),
        false => text.into(),
    }
}

/// Append `text` to `out`, escaped.
fn push_escaped(out: &mut String, text: &str) {
    let Ok(()) = escaped_pieces(text, |piece| {
        out.push_str(piece);
        Ok::<_, Infallible>(())
    });
}

/// Tera's escape function (`Tera::set_escape_fn`): the same output as `tera::escape_html`,
/// which writes byte by byte through a `dyn Write` (5 % of a province build in perf); this
/// writes each run of plain text at once.
pub(crate) fn escape_for_tera(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    escaped_pieces(text, |piece| out.write_all(piece.as_bytes()))
}

/// `text` escaped, in pieces: each run of plain text and each entity, in order. `&`, `<`,
/// `>`, `"` and `'` become the entities Tera's own `escape_html` writes, so pages read the
/// same whichever of the two escaped a text.
fn escaped_pieces<E>(text: &str, mut emit: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    if !needs_escape(text) {
        return emit(text);
    }
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        if let Some(e) = entity(b) {
            emit(&text[plain..i])?;
            emit(e)?;
            plain = i + 1;
        }
    }
    emit(&text[plain..])
}

/// Whether any byte of `text` has an entity. Most texts have none: pages ask this of every
/// text they show, and a scan without an early exit inside each 64-byte block is compiled to
/// vector compares, where `bytes().any(...)` goes a byte at a time.
fn needs_escape(text: &str) -> bool {
    text.as_bytes().chunks(64).any(|block| {
        block.iter().fold(false, |found, &b| {
            found | matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
        })
    })
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
    fn finds_every_character_to_escape_wherever_it_stands() {
        let plain = "村（居）民委员会出具证明 plain text; no entities at all. ".repeat(6);
        assert!(!needs_escape(&plain) && !needs_escape(""));
        for c in ['&', '<', '>', '"', '\''] {
            for at in [0, 1, 63, 64, 65, 127, 128, plain.len()] {
                let mut text = plain.clone();
                let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap();
                text.insert(at, c);
                assert!(needs_escape(&text), "{c:?} at {at}");
                assert_eq!(escape_cow(&text), escape(&text));
            }
        }
    }

    #[test]
    fn a_plain_paragraph_renders_as_the_parser_renders_it() {
        // Short texts from an alphabet of every printable ASCII character, whitespace, control
        // characters, a no-break space and Chinese: wherever the shortcut takes one, the
        // parser must agree.
        let mut alphabet: Vec<char> = (' '..='~').collect();
        alphabet.extend([
            '\t', '\n', '\u{a0}', '\u{3000}', '\u{b}', '\u{c}', '\u{7f}', '村', '委', '。', '《',
            '》', '（',
        ]);
        let mut rng = fastrand::Rng::with_seed(7);
        let mut next = |n: usize| rng.usize(..n);
        let mut taken = 0;
        for i in 0..60_000 {
            // Every few texts, one of mostly letters, so that long plain texts come up too.
            let letters = i % 3 == 0;
            let text: String = (0..1 + next(24))
                .map(|_| match letters && next(4) > 0 {
                    true => ['a', 'Z', '村', ' ', '.', ','][next(6)],
                    false => alphabet[next(alphabet.len())],
                })
                .collect();
            if !is_plain_paragraph(&text) {
                continue;
            }
            taken += 1;
            let Rendered::Inert(parsed) = render_parsed(&text) else {
                panic!("{text:?} is not inert");
            };
            let Rendered::Inert(shortcut) = render(&text) else {
                unreachable!()
            };
            assert_eq!(shortcut, parsed, "{text:?}");
            assert_eq!(shortcut, cleaner().clean(&parsed).to_string(), "{text:?}");
        }
        assert!(taken > 10_000, "{taken}");
        for plain in [
            "《婚姻登记条例》第92条：受理机关应当审查。",
            "Free of charge",
        ] {
            assert!(is_plain_paragraph(plain), "{plain}");
        }
        for marked in [
            "1. first", "- item", "# h", "a *b*", "a  ", " a", "a\nb", "x\u{a0}y",
        ] {
            assert!(!is_plain_paragraph(marked), "{marked:?}");
        }
    }

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

    /// Texts glued from pieces of Markdown (plain, marked up, active, broken), the same for a
    /// given seed.
    fn generated(seed: u64, count: usize) -> Vec<String> {
        const PIECES: &[&str] = &[
            "plain words",
            "村委会出具证明",
            "*em*",
            "**strong**",
            "`code <b>`",
            "a & b",
            "\"q\" 'q'",
            "<",
            ">",
            "&amp;",
            "&copy;",
            "&#x27;",
            "&lt;",
            "\u{a0}",
            "&nbsp;",
            "  \n",
            "\n",
            "\n\n",
            "\n\n---\n\n",
            "\n\n- item\n- item\n\n",
            "\n\n1. one\n2. two\n\n",
            "\n\n3. three\n\n",
            "\n\n> quote\n\n",
            "\n\n    indented <code>\n\n",
            "\n\n```\nfenced <x> &\n```\n\n",
            "\n\n```rust\nx\n```\n\n",
            "\n\n# heading\n\n",
            "\n\n## h2 {#id}\n\n",
            "\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n",
            "\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n",
            "[link](http://x)",
            "<https://auto.link>",
            "![img](x.png)",
            "<script>alert(1)</script>",
            "<b>bold</b>",
            "\n\n<div>block</div>\n\n",
            "\\*",
            "_",
            "*",
            "`",
            "[",
            "]",
            "(",
            ")",
            "\t",
            "  ",
            "\\\n",
            "> ",
            "- ",
            "1. ",
            "|",
            "~~strike~~",
            "\r\n",
            "\0",
            "é",
            "😀",
            "---",
            "===",
            "\n    ",
        ];
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut next = |n: usize| rng.usize(..n);
        (0..count)
            .map(|_| {
                (0..1 + next(12))
                    .map(|_| PIECES[next(PIECES.len())])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn inert_markdown_renders_as_ammonia_would() {
        let mut inert = 0;
        for text in generated(7, 20_000) {
            let mut raw = String::new();
            let events = Parser::new_ext(&text, Options::ENABLE_TABLES)
                .filter(|e| !matches!(e, Event::Html(_) | Event::InlineHtml(_)));
            html::push_html(&mut raw, within_depth(events).into_iter());
            let sanitized = cleaner().clean(&raw).to_string();
            match render(&text) {
                Rendered::Inert(html) => {
                    inert += 1;
                    assert_eq!(html, sanitized, "{text:?}");
                }
                Rendered::Raw(html) => assert_eq!(html, raw, "{text:?}"),
            }
        }
        // Both paths are exercised.
        assert!((5_000..19_000).contains(&inert), "{inert} of 20000 inert");
    }

    #[test]
    fn active_markdown_goes_through_the_sanitizer() {
        // (Raw HTML is dropped before this choice, so it makes no text active.)
        for text in [
            "[a](javascript:x)",
            "<https://example.org>",
            "![i](x.png)",
            "```js\nx\n```",
            "| a |\n|:-|\n| 1 |",
            "a\r\nb",
        ] {
            assert!(matches!(render(text), Rendered::Raw(_)), "{text:?}");
        }
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
    fn a_link_that_loses_its_address_becomes_its_text() {
        for (markdown, html) in [
            ("[详情](javascript:alert(1))", "<p>详情</p>\n"),
            (
                "<a href=\"javascript:x\" title=\"a>b\">t</a> [ok](https://x.example/)",
                "<p>t <a href=\"https://x.example/\" rel=\"noopener noreferrer\">ok</a></p>\n",
            ),
            ("<a name=\"top\">锚</a>", "<p>锚</p>\n"),
            ("[*强调*](vbscript:x)", "<p><em>强调</em></p>\n"),
            ("<a href=\"https://x.example/\"><b>a</b></a>", "<p>a</p>\n"),
        ] {
            assert_eq!(to_html(markdown), html, "{markdown}");
        }
        assert_eq!(
            to_html_absolute("[a](javascript:x) [b](/b)", "https://x.example/s/"),
            "<p>a <a href=\"https://x.example/b\" rel=\"noopener noreferrer\">b</a></p>\n"
        );
    }

    #[test]
    fn links_are_never_nested() {
        // The HTML parser closes a link before opening another; a link the serialization
        // still shows inside one is unwrapped all the same.
        let html =
            to_html("<a href=\"https://x.example/\">a<a href=\"https://y.example/\">b</a></a>");
        assert_eq!(
            html.matches("<a ").count(),
            html.matches("</a>").count(),
            "{html}"
        );
        assert!(!html.contains("a<a"), "{html}");
        assert_eq!(
            unwrap_dead_links("<a href=\"x\">a<a href=\"y\">b</a>c</a>".into()),
            "<a href=\"x\">abc</a>"
        );
    }

    #[test]
    fn nothing_the_sanitizer_leaves_is_invalid() {
        // No image (with or without `alt`), no image map without its name, no obsolete element.
        let html = to_html(
            "![图](x.png) <img alt=\"x\" src=\"javascript:x\"> <map name=\"m\"><area href=\"javascript:x\" alt=\"y\"></map>\n\n文 <center>中</center> <tt>t</tt> <strike>s</strike> <acronym>A</acronym>",
        );
        for bad in [
            "<img", "<map", "<area", "<center", "<tt", "<strike", "<acronym",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        for kept in ["中", "t", "s", "A"] {
            assert!(html.contains(kept), "{kept} in {html}");
        }
    }

    #[test]
    fn raw_html_is_dropped_and_its_text_kept() {
        for (markdown, html) in [
            ("a <li> b", "<p>a  b</p>\n"),
            ("a <object data=x> b", "<p>a  b</p>\n"),
            ("<select><option>甲</option></select>", "<p>甲</p>\n"),
            // A block of HTML goes whole, with what it holds.
            ("<script>\nalert(1)\n</script>", ""),
            ("x <b>粗</b> y", "<p>x 粗 y</p>\n"),
            ("<div>\n\n正文\n\n</div>", "<p>正文</p>\n"),
        ] {
            assert_eq!(to_html(markdown), html, "{markdown}");
        }
    }

    #[test]
    fn block_quotes_and_lists_nest_only_so_deep() {
        let depth = |html: &str| {
            let (mut now, mut most) = (0usize, 0usize);
            for tag in html.split('<').skip(1) {
                if tag.starts_with("blockquote") || tag.starts_with("ul") || tag.starts_with("li") {
                    now += 1;
                    most = most.max(now);
                } else if ["/blockquote", "/ul", "/li"]
                    .iter()
                    .any(|t| tag.starts_with(t))
                {
                    now -= 1;
                }
            }
            most
        };
        let quotes = to_html(&format!("{}深", "> ".repeat(10_000)));
        assert_eq!(depth(&quotes), MAX_NESTING);
        assert!(quotes.contains("深"));
        let lists: String = (0..40)
            .map(|i| format!("{}- {i}\n", "  ".repeat(i)))
            .collect();
        let html = to_html(&lists);
        assert!(depth(&html) <= MAX_NESTING + 1, "{html}");
        assert!(html.contains("39"), "the deepest text stays: {html}");
        // Every list item stands in a list: no text straight inside `<ul>`.
        assert!(!html.contains("<ul>\n3"), "{html}");
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
