//! The fast path of `yaml::parse`: the block-style YAML that content files use, read as bytes.
//!
//! yaml-rust2 decodes its input one `char` at a time through a small lookahead buffer and
//! manages about 20 MB/s, which made it the slowest stage for a province's content (ten files
//! of about 24 MB). This reader accepts only what it can reproduce exactly, the values, their
//! `plain` flags and the `Pos` of every node as yaml-rust2 0.10 reports them, and answers
//! `None` for anything else, so that `yaml::parse` hands the whole text to yaml-rust2 instead.
//! A wrong guess would silently change content, while a `None` only costs time; whenever a
//! construct is in doubt it is left out.
//!
//! Handled: block mappings with simple plain keys, block sequences (also at the indentation of
//! their key, and `- key: value` items), one-line plain, single- and double-quoted scalars,
//! `|` and `>` block scalars without an indentation indicator, one-line flow mappings and
//! sequences of simple keys and scalars, blank lines and comments. Everything else, including
//! every text that yaml-rust2 rejects, gives `None`. The tests compare both paths on the
//! repository's YAML and on thousands of mutants of it.

use std::borrow::Cow;

use super::{Node, Value, MAX_DEPTH};
use crate::base::diagnostics::Pos;

/// yaml-rust2 forgets a possible key 1024 characters after its start and then reports the `:`
/// as an error; keys are kept far below that.
const MAX_KEY_LEN: usize = 128;

/// Parse `text` if it lies entirely in the subset, with positions exactly as `parse_events`
/// reports them; `None` means "not handled", never "invalid".
pub(super) fn parse(text: &str, line_offset: usize) -> Option<Node<'_>> {
    parse_within(text, line_offset, 0)
}

/// `parse` for a text cut out of a document where `depth` collections enclose it, which count
/// towards `MAX_DEPTH` as they would in the whole document.
pub(super) fn parse_within(text: &str, line_offset: usize, depth: usize) -> Option<Node<'_>> {
    let b = text.as_bytes();
    if !is_plain_text(text) {
        return None;
    }
    let mut r = Reader {
        text,
        b,
        off: 0,
        line: 1,
        line_offset,
        depth,
        entries: Vec::new(),
        items: Vec::new(),
    };
    let first = r.peek()?;
    let root = r.block_node(first)?;
    match r.peek() {
        None => Some(root),
        Some(_) => None,
    }
}

/// Whether `text` is free of what yaml-rust2 gives meanings of its own: carriage returns,
/// tabs, NUL (its end of input) and a leading BOM. No content needs them, so texts holding
/// them are all left to yaml-rust2. (A BOM further on is an ordinary character to both
/// readers.)
pub(super) fn is_plain_text(text: &str) -> bool {
    let odd = text.as_bytes().chunks(256).any(|chunk| {
        chunk
            .iter()
            .fold(false, |acc, &c| acc | (c < b' ' && c != b'\n'))
    });
    !odd && !text.starts_with('\u{feff}')
}

struct Reader<'a> {
    text: &'a str,
    b: &'a [u8],
    /// Start of the next unread line.
    off: usize,
    /// Its 1-based number.
    line: usize,
    line_offset: usize,
    depth: usize,
    /// Entries and items of the collections being read, innermost last. Each collection
    /// moves its own out when it ends, into a vector of exactly its size: growing one vector
    /// per collection cost more than the parsing (allocator and page faults).
    entries: Vec<(Node<'a>, Node<'a>)>,
    items: Vec<Node<'a>>,
}

/// A line with content (not blank, not a comment).
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    /// Leading spaces, which are also the byte offset of `content` in the line.
    indent: usize,
    content: usize,
    no: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Chomp {
    Strip,
    Clip,
    Keep,
}

/// Characters that give a scalar's first character a meaning other than text, in block or
/// flow context. Quotes (and in block context `|`, `>`, `{` and `[`) are read before this is
/// asked; all the rest are left to yaml-rust2.
fn is_indicator(c: u8) -> bool {
    matches!(
        c,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

fn is_key_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

fn scalar(text: Cow<'_, str>, plain: bool, pos: Pos) -> Node<'_> {
    Node {
        value: Value::Scalar { text, plain },
        pos,
    }
}

impl<'a> Reader<'a> {
    /// yaml-rust2 counts columns in characters, so Chinese text before a node moves it by one
    /// column per character, not per byte.
    fn pos(&self, line: &Line, at: usize) -> Pos {
        let chars = self.b[line.start..at]
            .iter()
            .filter(|&&c| (c as i8) >= -0x40)
            .count();
        Pos::new(line.no + self.line_offset, chars + 1)
    }

    fn eol(&self, from: usize) -> usize {
        self.b[from..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(self.b.len(), |i| from + i)
    }

    fn skip_spaces(&self, mut i: usize) -> usize {
        while i < self.b.len() && self.b[i] == b' ' {
            i += 1;
        }
        i
    }

    fn at_eol(&self, i: usize) -> bool {
        i >= self.b.len() || self.b[i] == b'\n'
    }

    /// Move past the line break at `eol` (or to the end of the text).
    fn finish_line(&mut self, eol: usize) {
        if eol < self.b.len() {
            self.off = eol + 1;
            self.line += 1;
        } else {
            self.off = self.b.len();
        }
    }

    /// After a complete value: nothing more on the line but spaces and a comment. yaml-rust2
    /// rejects a `#` that touches the value, so a comment needs a space before it.
    fn end_of_value(&mut self, after: usize) -> Option<()> {
        let i = self.skip_spaces(after);
        if self.at_eol(i) {
            self.finish_line(i);
            return Some(());
        }
        if self.b[i] == b'#' && i > after {
            let e = self.eol(i);
            self.finish_line(e);
            return Some(());
        }
        None
    }

    /// The next line with content; blank and comment lines before it are consumed, since
    /// yaml-rust2 skips them wherever they are (block scalars read their lines themselves).
    fn peek(&mut self) -> Option<Line> {
        loop {
            let start = self.off;
            let i = self.skip_spaces(start);
            if i >= self.b.len() {
                self.off = self.b.len();
                return None;
            }
            match self.b[i] {
                b'\n' => self.finish_line(i),
                b'#' => {
                    let e = self.eol(i);
                    self.finish_line(e);
                }
                _ => {
                    return Some(Line {
                        start,
                        indent: i - start,
                        content: i,
                        no: self.line,
                    })
                }
            }
        }
    }

    /// A `- ` (or a lone `-`) at `i` starts a sequence entry.
    fn is_dash(&self, i: usize) -> bool {
        self.b[i] == b'-' && (i + 1 >= self.b.len() || matches!(self.b[i + 1], b' ' | b'\n'))
    }

    /// The offset of the `:` if a simple key starts at `i` and is followed by `: ` or `:` at
    /// the end of the line.
    fn key_end(&self, i: usize) -> Option<usize> {
        let b = self.b;
        if i >= b.len() || !(b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            return None;
        }
        let mut j = i + 1;
        while j < b.len() && is_key_char(b[j]) {
            j += 1;
        }
        let ok = j - i <= MAX_KEY_LEN && j < b.len() && b[j] == b':' && {
            let next = b.get(j + 1);
            next.is_none() || matches!(next, Some(b' ' | b'\n'))
        };
        ok.then_some(j)
    }

    /// One level deeper. A text nested deeper than `MAX_DEPTH` (which this reader would
    /// otherwise recurse into) goes to yaml-rust2, which refuses it where it happens, so both
    /// paths accept the same depths.
    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    /// A mapping or sequence whose first line is `line`.
    fn block_node(&mut self, line: Line) -> Option<Node<'a>> {
        if self.is_dash(line.content) {
            self.seq(line, false)
        } else {
            self.key_end(line.content)?;
            self.map(line.indent, line, line.content)
        }
    }

    /// A block mapping whose keys stand at column `n` (0-based); the first key is at `at` on
    /// `line`, which is after `- ` for a mapping inside a sequence entry.
    fn map(&mut self, n: usize, mut line: Line, mut at: usize) -> Option<Node<'a>> {
        self.enter()?;
        let base = self.entries.len();
        let mut pos = None;
        loop {
            let colon = self.key_end(at)?;
            let key = scalar(
                Cow::Borrowed(&self.text[at..colon]),
                true,
                self.pos(&line, at),
            );
            // yaml-rust2 opens a block mapping where it meets the first `:`.
            pos.get_or_insert_with(|| self.pos(&line, colon));
            let value = self.entry_value(n, &line, colon + 1)?;
            self.entries.push((key, value));
            match self.peek() {
                Some(next) if next.indent == n => {
                    line = next;
                    at = next.content;
                }
                Some(next) if next.indent > n => return None,
                _ => break,
            }
        }
        self.depth -= 1;
        Some(Node {
            value: Value::Map(self.entries.split_off(base)),
            pos: pos?,
        })
    }

    /// The value of a key at column `n` whose `:` ends just before `after`.
    fn entry_value(&mut self, n: usize, line: &Line, after: usize) -> Option<Node<'a>> {
        let v = self.skip_spaces(after);
        if !self.at_eol(v) && self.b[v] != b'#' {
            return self.inline(line, v, n);
        }
        let e = self.eol(v);
        self.finish_line(e);
        // Only a nested collection may follow; an empty value (null) is left to yaml-rust2,
        // which places it at whatever token comes next.
        let next = self.peek()?;
        if next.indent > n {
            self.block_node(next)
        } else if next.indent == n && self.is_dash(next.content) {
            self.seq(next, true)
        } else {
            None
        }
    }

    /// A block sequence whose first `-` is on `first`. An `indentless` one stands at the
    /// column of its key and ends at the next key.
    fn seq(&mut self, first: Line, indentless: bool) -> Option<Node<'a>> {
        self.enter()?;
        let n = first.indent;
        let base = self.items.len();
        let mut pos = None;
        let mut line = first;
        loop {
            let after = line.content + 1;
            let v = self.skip_spaces(after);
            // An entry whose value starts on a later line, or is empty, or is itself a
            // sequence (`- - a`), is left to yaml-rust2.
            if v == after || self.at_eol(v) || self.b[v] == b'#' || self.is_dash(v) {
                return None;
            }
            // yaml-rust2 places an indentless sequence at its first entry's value, and any
            // other at its first `-`.
            pos.get_or_insert_with(|| self.pos(&line, if indentless { v } else { line.content }));
            let item = if self.key_end(v).is_some() {
                self.map(v - line.start, line, v)?
            } else {
                self.inline(&line, v, n)?
            };
            self.items.push(item);
            match self.peek() {
                Some(next) if next.indent == n && self.is_dash(next.content) => line = next,
                Some(next) if next.indent < n || (next.indent == n && indentless) => break,
                None => break,
                Some(_) => return None,
            }
        }
        self.depth -= 1;
        Some(Node {
            value: Value::Seq(self.items.split_off(base)),
            pos: pos?,
        })
    }

    /// A value that starts at `v` on `line`, in a collection whose indentation is `p`; the
    /// reader moves past it.
    fn inline(&mut self, line: &Line, v: usize, p: usize) -> Option<Node<'a>> {
        let pos = self.pos(line, v);
        match self.b[v] {
            b'"' => {
                let (text, after) = self.double_quoted(v)?;
                self.end_of_value(after)?;
                Some(scalar(text, false, pos))
            }
            b'\'' => {
                let (text, after) = self.single_quoted(v)?;
                self.end_of_value(after)?;
                Some(scalar(text, false, pos))
            }
            b'|' | b'>' => self.block_scalar(v, p),
            b'{' | b'[' => self.flow(line, v),
            c if is_indicator(c) => None,
            _ => self.plain(v, pos),
        }
    }

    /// A plain scalar in block context, on one line.
    fn plain(&mut self, v: usize, pos: Pos) -> Option<Node<'a>> {
        let b = self.b;
        let mut i = v;
        loop {
            let Some(at) = b[i..]
                .iter()
                .position(|&c| matches!(c, b'\n' | b':' | b'#'))
            else {
                i = b.len();
                break;
            };
            i += at;
            match b[i] {
                b'\n' => break,
                // A `#` after a space starts a comment; `: ` would make this a key (an error
                // after a key).
                b'#' if b[i - 1] == b' ' => break,
                b':' if self.at_eol(i + 1) || b[i + 1] == b' ' => return None,
                _ => i += 1,
            }
        }
        let mut end = i;
        while b[end - 1] == b' ' {
            end -= 1;
        }
        // A more indented line after this one would continue the scalar; the collection that
        // holds it answers `None` for any line indented deeper than itself.
        let e = self.eol(i);
        self.finish_line(e);
        Some(scalar(Cow::Borrowed(&self.text[v..end]), true, pos))
    }

    /// A double-quoted scalar that closes on its line: its text and the offset after the
    /// closing quote.
    fn double_quoted(&self, v: usize) -> Option<(Cow<'a, str>, usize)> {
        let (b, text) = (self.b, self.text);
        let mut out = String::new();
        let mut i = v + 1;
        let mut run = i;
        loop {
            match *b.get(i)? {
                // Without escapes, the text is the source between the quotes.
                b'"' if run == v + 1 => return Some((Cow::Borrowed(&text[run..i]), i + 1)),
                b'"' => {
                    out.push_str(&text[run..i]);
                    return Some((Cow::Owned(out), i + 1));
                }
                b'\n' => return None,
                b'\\' => {
                    out.push_str(&text[run..i]);
                    let (c, next) = self.escape(i)?;
                    out.push(c);
                    i = next;
                    run = i;
                }
                _ => i += 1,
            }
        }
    }

    /// The escape sequence at `i` (the backslash), exactly as yaml-rust2 resolves it, and the
    /// offset after it. An escaped line break (a multi-line scalar) is left to yaml-rust2.
    fn escape(&self, i: usize) -> Option<(char, usize)> {
        let b = self.b;
        let c = match *b.get(i + 1)? {
            b'0' => '\0',
            b'a' => '\x07',
            b'b' => '\x08',
            b't' => '\t',
            b'n' => '\n',
            b'v' => '\x0b',
            b'f' => '\x0c',
            b'r' => '\r',
            b'e' => '\x1b',
            b' ' => ' ',
            b'"' => '"',
            b'/' => '/',
            b'\\' => '\\',
            b'N' => '\u{85}',
            b'_' => '\u{a0}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            x @ (b'x' | b'u' | b'U') => {
                let len = match x {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let digits = b.get(i + 2..i + 2 + len)?;
                let mut code = 0u32;
                for &d in digits {
                    code = (code << 4) + char::from(d).to_digit(16)?;
                }
                return Some((char::from_u32(code)?, i + 2 + len));
            }
            _ => return None,
        };
        Some((c, i + 2))
    }

    /// A single-quoted scalar that closes on its line: its text and the offset after the
    /// closing quote.
    fn single_quoted(&self, v: usize) -> Option<(Cow<'a, str>, usize)> {
        let (b, text) = (self.b, self.text);
        let mut out = String::new();
        let mut i = v + 1;
        let mut run = i;
        loop {
            match *b.get(i)? {
                b'\'' if b.get(i + 1) == Some(&b'\'') => {
                    out.push_str(&text[run..=i]);
                    i += 2;
                    run = i;
                }
                b'\'' if run == v + 1 => return Some((Cow::Borrowed(&text[run..i]), i + 1)),
                b'\'' => {
                    out.push_str(&text[run..i]);
                    return Some((Cow::Owned(out), i + 1));
                }
                b'\n' => return None,
                _ => i += 1,
            }
        }
    }

    /// A `|` or `>` block scalar whose header is at `v`, in a collection indented `p`.
    /// This follows yaml-rust2's `scan_block_scalar` step by step for the case where the first
    /// line after the header has content indented deeper than `p`.
    fn block_scalar(&mut self, v: usize, p: usize) -> Option<Node<'a>> {
        let (b, text) = (self.b, self.text);
        let literal = b[v] == b'|';
        let chomp = self.block_header(v)?;

        // The first line fixes the indentation. Leading blank lines (which may set it deeper)
        // and an empty scalar (placed at the next token) are left to yaml-rust2.
        let start = self.off;
        let first = self.skip_spaces(start);
        let indent = first - start;
        if self.at_eol(first) || indent <= p {
            return None;
        }
        let pos = Pos::new(self.line + self.line_offset, indent + 1);

        let mut out = String::new();
        let mut leading_break = false;
        let mut trailing_breaks = 0usize;
        let mut leading_blank = false;
        let mut end_col = None;
        let mut cur = first;
        loop {
            let trailing_blank = b[cur] == b' ';
            if !literal && leading_break && !leading_blank && !trailing_blank {
                if trailing_breaks == 0 {
                    out.push(' ');
                }
                push_breaks(&mut out, trailing_breaks);
            } else {
                push_breaks(&mut out, usize::from(leading_break) + trailing_breaks);
            }
            leading_break = false;
            trailing_breaks = 0;
            leading_blank = trailing_blank;
            let e = self.eol(cur);
            out.push_str(&text[cur..e]);
            if e >= b.len() {
                let chars = b[cur..e].iter().filter(|&&c| (c as i8) >= -0x40).count();
                end_col = Some(indent + chars);
                self.off = b.len();
                break;
            }
            leading_break = true;
            self.finish_line(e);
            let (col, empty) = self.skip_empty_lines(indent);
            trailing_breaks += empty;
            cur = self.off + col;
            if cur >= b.len() {
                end_col = Some(col);
                self.off = b.len();
                break;
            }
            if col < indent {
                break;
            }
        }
        if chomp != Chomp::Strip {
            push_breaks(&mut out, usize::from(leading_break));
            if end_col.is_some_and(|col| col >= indent.max(1)) {
                out.push('\n');
            }
        }
        if chomp == Chomp::Keep {
            push_breaks(&mut out, trailing_breaks);
        }
        Some(scalar(Cow::Owned(out), false, pos))
    }

    /// The header of a block scalar at `v` (`|` or `>`, a chomping indicator, a comment) up
    /// to its line's end, which it finishes; `None` for indentation indicators, junk after the
    /// header and a header at the end of the text.
    fn block_header(&mut self, v: usize) -> Option<Chomp> {
        let b = self.b;
        let mut i = v + 1;
        let chomp = match b.get(i) {
            Some(b'-') => {
                i += 1;
                Chomp::Strip
            }
            Some(b'+') => {
                i += 1;
                Chomp::Keep
            }
            _ => Chomp::Clip,
        };
        let sp = self.skip_spaces(i);
        let e = if sp > i && sp < b.len() && b[sp] == b'#' {
            self.eol(sp)
        } else {
            sp
        };
        if e >= b.len() || b[e] != b'\n' {
            return None;
        }
        self.finish_line(e);
        Some(chomp)
    }

    /// Past the empty lines from here, each finished, and the indentation (at most `indent`
    /// spaces) of the next: that line's column and the number of empty lines.
    fn skip_empty_lines(&mut self, indent: usize) -> (usize, usize) {
        let b = self.b;
        let mut empty = 0;
        loop {
            let ls = self.off;
            let mut k = ls;
            while k < b.len() && k - ls < indent && b[k] == b' ' {
                k += 1;
            }
            if k < b.len() && b[k] == b'\n' {
                empty += 1;
                self.finish_line(k);
                continue;
            }
            return (k - ls, empty);
        }
    }

    /// A flow mapping or sequence that closes on its line, `{ key: value, ... }` or
    /// `[ value, ... ]`, holding only simple keys and one-line scalars.
    fn flow(&mut self, line: &Line, v: usize) -> Option<Node<'a>> {
        let b = self.b;
        let is_map = b[v] == b'{';
        let close = if is_map { b'}' } else { b']' };
        self.enter()?;
        let base = if is_map {
            self.entries.len()
        } else {
            self.items.len()
        };
        let mut i = self.skip_spaces(v + 1);
        // An empty collection; a trailing `,` is left to yaml-rust2.
        let end = if b.get(i) == Some(&close) {
            i + 1
        } else {
            loop {
                if is_map {
                    let colon = self.key_end(i)?;
                    if b.get(colon + 1) != Some(&b' ') {
                        return None;
                    }
                    let key = scalar(Cow::Borrowed(&self.text[i..colon]), true, self.pos(line, i));
                    let j = self.skip_spaces(colon + 1);
                    let (value, after) = self.flow_scalar(line, j, close)?;
                    self.entries.push((key, value));
                    i = after;
                } else {
                    let (item, after) = self.flow_scalar(line, i, close)?;
                    self.items.push(item);
                    i = after;
                }
                let k = self.skip_spaces(i);
                match b.get(k) {
                    Some(b',') => i = self.skip_spaces(k + 1),
                    Some(&c) if c == close => break k + 1,
                    _ => return None,
                }
            }
        };
        let pos = self.pos(line, v);
        self.end_of_value(end)?;
        self.depth -= 1;
        let value = if is_map {
            Value::Map(self.entries.split_off(base))
        } else {
            Value::Seq(self.items.split_off(base))
        };
        Some(Node { value, pos })
    }

    /// A scalar at `j` inside a flow collection closed by `close`, and the offset after it.
    fn flow_scalar(&self, line: &Line, j: usize, close: u8) -> Option<(Node<'a>, usize)> {
        let b = self.b;
        let pos = self.pos(line, j);
        match *b.get(j)? {
            b'"' => {
                let (text, after) = self.double_quoted(j)?;
                Some((scalar(text, false, pos), after))
            }
            b'\'' => {
                let (text, after) = self.single_quoted(j)?;
                Some((scalar(text, false, pos), after))
            }
            c if is_indicator(c) => None,
            _ => {
                let mut k = j;
                loop {
                    match *b.get(k)? {
                        b',' => break,
                        c if c == close => break,
                        b'[' | b']' | b'{' | b'}' | b'\n' => return None,
                        // In a flow collection `:` also ends a plain scalar before a flow
                        // indicator, and makes a key; `[a: b]` is an implicit mapping.
                        b':' if matches!(
                            b.get(k + 1),
                            None | Some(b' ' | b'\n' | b',' | b'[' | b']' | b'{' | b'}')
                        ) =>
                        {
                            return None
                        }
                        b'#' if b[k - 1] == b' ' => return None,
                        // yaml-rust2 rejects a word that starts `-` and a flow indicator.
                        b'-' if matches!(b.get(k + 1), Some(b',' | b'[' | b']' | b'{' | b'}')) => {
                            return None
                        }
                        _ => k += 1,
                    }
                }
                let mut t = k;
                while b[t - 1] == b' ' {
                    t -= 1;
                }
                Some((scalar(Cow::Borrowed(&self.text[j..t]), true, pos), k))
            }
        }
    }
}

fn push_breaks(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests;
