//! Minifies every HTML page, in parallel: drops the whitespace that the templates' line breaks
//! leave between block-level tags, which browsers ignore anyway.
//!
//! A full minifier (minify-html) parsed and re-serialized every page at about 20 MB/s — as much
//! CPU as rendering the pages — to save 4 % of their bytes, most of it these line breaks and the
//! rest attribute quotes. This pass runs at memory speed and changes nothing a browser renders:
//! it removes only whitespace-only text between two tags that both belong to block-level (or
//! never rendered) elements, so the space between a link and a badge stays; it copies `pre`,
//! `textarea`, `script` and `style` content and comments untouched, and keeps attribute quotes,
//! so the result stays valid HTML and `<html lang>` is kept as written.

use rayon::prelude::*;

use crate::render::OutputFile;

/// Elements laid out as blocks (or not rendered at all): whitespace between two of their tags
/// is never displayed. Sorted, for a binary search.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "blockquote",
    "body",
    "caption",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "meta",
    "nav",
    "ol",
    "optgroup",
    "option",
    "p",
    "pre",
    "script",
    "section",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Elements whose content is copied as it is, up to their end tag. Sorted.
const VERBATIM: &[&str] = &["pre", "script", "style", "textarea"];

pub fn minify(files: Vec<OutputFile>) -> Vec<OutputFile> {
    files
        .into_par_iter()
        .map(|f| {
            if f.path.ends_with(".html") {
                OutputFile {
                    bytes: html(&f.bytes),
                    path: f.path,
                }
            } else {
                f
            }
        })
        .collect()
}

/// One HTML document without the whitespace between block-level tags.
pub fn html(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    // Whether the last thing copied was a block-level tag (the document's start counts as one).
    let mut after_block = true;
    let mut i = 0;
    while i < input.len() {
        let next = input[i..]
            .iter()
            .position(|&b| b == b'<')
            .map_or(input.len(), |p| i + p);
        if next > i {
            let text = &input[i..next];
            let droppable = after_block
                && text.iter().all(u8::is_ascii_whitespace)
                && (next == input.len() || tag(&input[next..]).is_some_and(|t| t.block));
            if !droppable {
                out.extend_from_slice(text);
                after_block = false;
            }
            i = next;
            continue;
        }
        let Some(t) = tag(&input[i..]) else {
            // A `<` that starts no markup (text in a page is escaped, but be lenient).
            out.push(b'<');
            after_block = false;
            i += 1;
            continue;
        };
        let end = i + t.len;
        out.extend_from_slice(&input[i..end]);
        after_block = t.block;
        i = end;
        if t.opens_verbatim {
            let close = find_end_tag(input, i, t.name);
            out.extend_from_slice(&input[i..close]);
            after_block = false;
            i = close;
        }
    }
    out
}

/// A tag, comment or declaration at the start of a slice.
struct Tag<'a> {
    /// Bytes up to and including the closing `>` (or the rest of the input if none).
    len: usize,
    /// Lowercase element name (empty for comments and declarations).
    name: &'a str,
    block: bool,
    /// A start tag of `pre`, `script`, `style` or `textarea`.
    opens_verbatim: bool,
}

/// The markup starting at `s[0] == b'<'`, or `None` when the `<` starts none.
fn tag(s: &[u8]) -> Option<Tag<'static>> {
    let rest = s.get(1..)?;
    if rest.starts_with(b"!--") {
        let len = find(s, 4, b"-->").map_or(s.len(), |p| p + 3);
        return Some(Tag {
            len,
            name: "",
            block: false,
            opens_verbatim: false,
        });
    }
    let (closing, name_start) = match rest.first()? {
        b'/' => (true, 2),
        b'!' | b'?' => {
            // `<!DOCTYPE html>`: before the document, so a block boundary.
            let len = find(s, 1, b">").map_or(s.len(), |p| p + 1);
            return Some(Tag {
                len,
                name: "",
                block: true,
                opens_verbatim: false,
            });
        }
        b if b.is_ascii_alphabetic() => (false, 1),
        _ => return None,
    };
    let name_len = s[name_start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count();
    if name_len == 0 {
        return None;
    }
    let name = &s[name_start..name_start + name_len];
    // Lowercased on the stack: no element of the lists has a longer name.
    let mut lower = [0u8; 10];
    let lower = match lower.get_mut(..name.len()) {
        Some(buf) => {
            buf.copy_from_slice(name);
            buf.make_ascii_lowercase();
            std::str::from_utf8(buf).unwrap_or("")
        }
        None => "",
    };
    let known = |list: &[&'static str]| {
        list.binary_search(&lower)
            .ok()
            .map(|i| list[i])
            .filter(|_| !lower.is_empty())
    };
    // Quotes may hide a `>` inside attribute values.
    let mut quote = None;
    let mut len = s.len();
    for (k, &b) in s.iter().enumerate().skip(name_start + name_len) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => {
                len = k + 1;
                break;
            }
            None => {}
        }
    }
    let verbatim = known(VERBATIM);
    Some(Tag {
        len,
        name: verbatim.unwrap_or(""),
        block: known(BLOCK).is_some(),
        opens_verbatim: !closing && verbatim.is_some() && !s[..len].ends_with(b"/>"),
    })
}

/// Where the end tag `</name` starts at or after `from` (any case), or the input's end.
fn find_end_tag(input: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(p) = find(input, i, b"</") {
        let candidate = &input[p + 2..];
        if candidate.len() >= name.len()
            && candidate[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && !candidate
                .get(name.len())
                .is_some_and(|b| b.is_ascii_alphanumeric())
        {
            return p;
        }
        i = p + 2;
    }
    input.len()
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::html;

    fn min(s: &str) -> String {
        String::from_utf8(html(s.as_bytes())).unwrap()
    }

    #[test]
    fn element_lists_are_sorted_and_short() {
        for list in [super::BLOCK, super::VERBATIM] {
            assert!(list.windows(2).all(|w| w[0] < w[1]));
            assert!(list.iter().all(|n| n.len() <= 10));
        }
    }

    #[test]
    fn drops_line_breaks_between_block_tags() {
        assert_eq!(
            min("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>x</title>\n</head>\n<body>\n<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n</body>\n</html>\n"),
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>x</title></head><body><ul><li>a</li><li>b</li></ul></body></html>"
        );
    }

    #[test]
    fn keeps_whitespace_that_renders() {
        let inline = "<p><a href=\"x\">a</a> <span class=\"badge\">b</span>\n<em>c</em></p>";
        assert_eq!(min(inline), inline);
        // Text next to a block tag keeps its spaces too.
        assert_eq!(min("<li>\n  text </li>\n<li>"), "<li>\n  text </li><li>");
        // Whitespace between a block tag and an inline one stays.
        assert_eq!(min("<p>\n<a>x</a>\n</p>"), "<p>\n<a>x</a>\n</p>");
    }

    #[test]
    fn copies_pre_script_comments_and_attributes_as_they_are() {
        assert_eq!(
            min("<div>\n<pre>\n  a\n  <b>x</b>\n</pre>\n</div>"),
            "<div><pre>\n  a\n  <b>x</b>\n</pre></div>"
        );
        let script = "<script type=\"application/ld+json\">{\"a\":\"</p>\\n<p>\"}\n</script>";
        assert_eq!(
            min(&format!("<head>\n{script}\n</head>")),
            format!("<head>{script}</head>")
        );
        assert_eq!(
            min("<p title=\"a > b\">\n<!-- a > b -->\n</p>"),
            "<p title=\"a > b\">\n<!-- a > b -->\n</p>"
        );
        assert_eq!(min("<p>1 < 2</p>"), "<p>1 < 2</p>");
        assert_eq!(min("<P>\n<DIV>"), "<P><DIV>");
    }
}
