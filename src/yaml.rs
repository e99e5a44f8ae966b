//! A YAML tree that remembers where every key and value came from.
//!
//! serde_yaml reports a location only for syntax and type errors; staff need file, line and
//! column for every semantic problem too (an unknown category, a duplicate id, ...). So content
//! is parsed once into this tree of `Node`s, each carrying its position, and decoded by hand in
//! `content`, which lets one run report every problem instead of the first.

use std::borrow::Cow;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, Scanner, TScalarStyle, Token, TokenType};

use crate::base::codes::Code;
use crate::base::diagnostics::Pos;
use crate::base::message::Message;
use crate::msg;

mod block;
mod split;

pub(crate) use split::{split_seq, Entry, SeqSplit};

/// A node of the tree; its texts borrow from the parsed source where they can (`'s`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node<'s> {
    pub value: Value<'s>,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'s> {
    /// A scalar as written; `plain` is false for quoted and block scalars, whose text is never
    /// a null, a boolean or a number. Borrowed from the source unless it had to be unescaped
    /// or folded: a province's list has millions of keys and values, and copying each into a
    /// string of its own was a sixth of reading it (perf).
    Scalar {
        text: Cow<'s, str>,
        plain: bool,
    },
    Seq(Vec<Node<'s>>),
    /// Keys in document order.
    Map(Vec<(Node<'s>, Node<'s>)>),
}

impl Node<'_> {
    /// A plain `~`, `null` or nothing at all.
    pub(crate) fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true } if matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } if !self.is_null() => Some(text),
            _ => None,
        }
    }

    /// What the node is, for a message: `[Chinese, English]`.
    pub(crate) fn kind_name(&self) -> [&'static str; 2] {
        match &self.value {
            _ if self.is_null() => ["空值", "nothing (null)"],
            Value::Scalar { .. } => ["单个值", "a single value"],
            Value::Seq(_) => ["列表", "a list"],
            Value::Map(_) => ["键值对", "a map of keys"],
        }
    }
}

/// A YAML syntax error at a position, or a construct content refuses (`help` then says what
/// to write instead).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SyntaxError {
    pub pos: Pos,
    pub code: Code,
    pub message: Message,
    pub help: Option<Message>,
}

/// How deep collections may nest. Content needs five levels; the limit keeps every recursive
/// walk of a tree (comparison, `Drop`, decoding) far from the stack's end, and both parse
/// paths enforce it while reading, so a deeper tree is never built.
pub(crate) const MAX_DEPTH: usize = 64;

/// Parse one YAML document. `line_offset` is added to every line (for front matter that starts
/// below line 1 of its file). An empty document parses as a null scalar.
///
/// Content in the plain block style takes the fast path (`block`), which gives the same tree;
/// anything else, including every syntax error, goes through yaml-rust2.
pub(crate) fn parse(text: &str, line_offset: usize) -> Result<Node<'_>, SyntaxError> {
    match block::parse(text, line_offset) {
        Some(node) => Ok(node),
        None => parse_events(text, line_offset),
    }
}

/// `parse`'s fast path alone: `None` for a text it does not handle (or that has an error),
/// which `parse` would hand to yaml-rust2. `depth` is the number of collections around
/// `text` in its file (1 for an entry cut out of a top-level list): they count towards
/// `MAX_DEPTH`, so that a cut-out part is refused exactly when its whole file would be.
pub(crate) fn parse_fast(text: &str, line_offset: usize, depth: usize) -> Option<Node<'_>> {
    block::parse_within(text, line_offset, depth)
}

/// `parse` through yaml-rust2's event parser: any YAML, and the reference for `block`.
///
/// Anchors, aliases and tags are refused at the first one, before anything is copied: an
/// alias repeats a whole subtree, and a few hundred bytes of aliases to aliases expand to
/// gigabytes. Content never needs them (nor tags such as `!!binary`, which it would ignore).
fn parse_events(text: &str, line_offset: usize) -> Result<Node<'static>, SyntaxError> {
    let mut parser = Parser::new_from_str(text);
    let pos = |m: &Marker| Pos::new(m.line() + line_offset, m.col() + 1);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node<'static>> = None;
    let mut documents = 0;
    loop {
        let (event, marker) = parser.next_token().map_err(|e| {
            // An alias without its anchor is an error to yaml-rust2; it is refused as an alias.
            if e.info().contains("unknown anchor") {
                return refused_marker(text, line_offset, pos(e.marker()));
            }
            // yaml-rust2's own flow limit (255 levels), met while it looks ahead for a key.
            if e.info() == "recursion limit exceeded" {
                return too_deep(pos(e.marker()));
            }
            explained(pos(e.marker()), e.info())
        })?;
        if anchored_or_tagged(&event) {
            return Err(refused_marker(text, line_offset, pos(&marker)));
        }
        if matches!(event, Event::SequenceStart(..) | Event::MappingStart(..))
            && stack.len() >= MAX_DEPTH
        {
            return Err(too_deep(pos(&marker)));
        }
        let node = match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(second_document(pos(&marker)));
                }
                continue;
            }
            Event::Nothing | Event::StreamStart | Event::DocumentEnd | Event::Alias(_) => continue,
            Event::Scalar(text, style, _, _) => Node {
                value: Value::Scalar {
                    text: text.into(),
                    plain: style == TScalarStyle::Plain,
                },
                pos: pos(&marker),
            },
            Event::SequenceStart(..) => {
                stack.push(Frame::seq(pos(&marker)));
                continue;
            }
            Event::MappingStart(..) => {
                stack.push(Frame::map(pos(&marker)));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                stack.pop().expect("parser balances collections").finish()
            }
        };
        match stack.last_mut() {
            Some(frame) => frame.add(node),
            None => root = Some(node),
        }
    }
    Ok(root.unwrap_or(Node {
        value: Value::Scalar {
            text: Cow::Borrowed(""),
            plain: true,
        },
        pos: Pos::new(1 + line_offset, 1),
    }))
}

/// Anchors, aliases and tags are refused (see `refused_marker`).
fn anchored_or_tagged(event: &Event) -> bool {
    match event {
        Event::Scalar(_, _, anchor, tag)
        | Event::SequenceStart(anchor, tag)
        | Event::MappingStart(anchor, tag) => *anchor > 0 || tag.is_some(),
        Event::Alias(_) => true,
        _ => false,
    }
}

fn second_document(pos: Pos) -> SyntaxError {
    SyntaxError {
        pos,
        code: Code::YamlRefused,
        message: msg!(
            "一个文件里只能有一份 YAML 文档，这里又用 `---` 开始了第二份",
            "a second YAML document (`---`) in one file"
        ),
        help: Some(msg!(
            "删除这一行 `---`；每个版本或每份设置各用一个文件",
            "remove this `---` line: each version or setting has a file of its own"
        )),
    }
}

fn too_deep(pos: Pos) -> SyntaxError {
    SyntaxError {
        pos,
        code: Code::YamlTooDeep,
        message: msg!(
            "列表和键值对在这里嵌套超过了{MAX_DEPTH}层",
            "lists and maps nest more than {MAX_DEPTH} levels deep here"
        ),
        help: Some(msg!(
            "内容只需要几层嵌套：检查这一行及上面各行的缩进和 `-`、`[`、`{{`",
            "content needs only a few levels: check the indentation and the `-`, `[` and `{{` \
             on this line and above"
        )),
    }
}

/// yaml-rust2's message for a syntax error, with what it usually means for content written
/// by hand and how to fix it. Its own words stay in the English text (they are what a search
/// for the error finds); the Chinese says what staff meet.
fn explained(pos: Pos, info: &str) -> SyntaxError {
    let general = || {
        msg!(
            "检查这一行和上一行的缩进以及“键: 值”的写法；值中含有“: ”或以 `{{`、`[`、`*`、`&`、`!`、`%`、`@` 开头时，请给值加上引号",
            "check the indentation and the `key: value` form on this line and the one above; \
             quote values that contain `: ` or start with `{{`, `[`, `*`, `&`, `!`, `%` or `@`"
        )
    };
    let (zh, help) = if info.contains("mapping values are not allowed") {
        (
            "这里不能再写“键: 值”",
            msg!(
                "上一行或这一行的值里可能有未加引号的“: ”，请给整段文字加引号；也可能是缩进不对",
                "a value on this line or the one above may hold an unquoted `: `: put the \
                 text in quotes; or the indentation is wrong"
            ),
        )
    } else if info.contains("did not find expected key") {
        (
            "这一行与上面的键没有对齐",
            msg!(
                "同一层的键要用同样多的空格缩进；检查这一行和上一行开头的空格",
                "keys of one map start at the same column: check the spaces at the start of \
                 this line and the one above"
            ),
        )
    } else if info.contains("expect ':'") || info.contains("expected ':'") {
        (
            "这一行的键后面缺少半角冒号“: ”",
            msg!(
                "写成“键: 值”，冒号是半角的“:”，后面跟一个空格，例如 `status: issued`",
                "write `key: value` with an ASCII colon and a space, e.g. `status: issued`"
            ),
        )
    } else if info.contains("expected '-'") || info.contains("block sequence entries") {
        (
            "列表项的位置不对",
            msg!(
                "列表的每一项以“- ”开头，并与同一列表的其他项对齐",
                "start each entry of a list with `- `, at the same column as the others"
            ),
        )
    } else if info.contains("end of stream") && info.contains("quoted") {
        (
            "引号没有配对：缺少结尾的引号",
            msg!(
                "在文字末尾补上与开头相同的引号（\"或'），引号用半角的",
                "close the quote at the end of the text with the same (ASCII) quote mark"
            ),
        )
    } else if info.contains("expected ',' or") {
        (
            "花括号或方括号没有闭合，或者两项之间缺少半角逗号",
            msg!(
                "写成 `{{ zh-CN: 中文, en: English }}` 或 `[甲, 乙]`：项之间用半角逗号“,”，最后用 `}}` 或 `]` 结束",
                "write `{{ zh-CN: ..., en: ... }}` or `[a, b]`: ASCII commas between entries, \
                 closed by `}}` or `]`"
            ),
        )
    } else if info.contains("cannot start any token") {
        (
            "这个字符不能出现在值的开头",
            msg!(
                "给这个值加上引号，例如 `name: \"@某某\"`",
                "put the value in quotes, e.g. `name: \"@example\"`"
            ),
        )
    } else {
        ("YAML 格式有误", general())
    };
    SyntaxError {
        pos,
        code: Code::YamlSyntax,
        message: Message::new(
            format!("{zh}（YAML：{info}）"),
            format!("YAML syntax error: {info}"),
        ),
        help: Some(help),
    }
}

/// The error for the first anchor, alias or tag of `text`, at its `&`, `*` or `!`.
///
/// The parser reports such a node where its content starts, which for a map can be lines
/// below the `&`; the scanner alone finds the marker itself. It reads only up to that token,
/// which the parser has just read without error, so this is as bounded as the parse was.
fn refused_marker(text: &str, line_offset: usize, node: Pos) -> SyntaxError {
    let shared = || {
        msg!(
            "在每个需要的地方把值完整写出来：内容文件不使用 YAML 的锚点（`&名称`）和别名（`*名称`）",
            "write the value out in full wherever it is needed: content does not use YAML \
             anchors (`&name`) or aliases (`*name`)"
        )
    };
    let found = Scanner::new(text.chars()).find_map(|Token(mark, token)| {
        let (message, help) = match token {
            TokenType::Anchor(name) => (
                msg!(
                    "内容文件中不能使用锚点（`&{name}`）",
                    "an anchor (`&{name}`) is not allowed in content"
                ),
                shared(),
            ),
            TokenType::Alias(name) => (
                msg!(
                    "内容文件中不能使用别名（`*{name}`）",
                    "an alias (`*{name}`) is not allowed in content"
                ),
                shared(),
            ),
            TokenType::Tag(handle, suffix) => (
                msg!(
                    "内容文件中不能使用标签（`{handle}{suffix}`）",
                    "a tag (`{handle}{suffix}`) is not allowed in content"
                ),
                msg!(
                    "删除这个标签；要让 007 或 yes 这样的值保持为文字，请给它加上引号",
                    "remove the tag; to keep a value such as 007 or yes as text, put it in quotes"
                ),
            ),
            _ => return None,
        };
        Some(SyntaxError {
            pos: Pos::new(mark.line() + line_offset, mark.col() + 1),
            code: Code::YamlRefused,
            message,
            help: Some(help),
        })
    });
    // The parser has read one, so the scanner finds it; the node's position is a fallback.
    found.unwrap_or(SyntaxError {
        pos: node,
        code: Code::YamlRefused,
        message: msg!(
            "内容文件中不能使用锚点、别名和标签",
            "anchors, aliases and tags are not allowed in content"
        ),
        help: Some(shared()),
    })
}

struct Frame {
    pos: Pos,
    seq: Option<Vec<Node<'static>>>,
    map: Vec<(Node<'static>, Node<'static>)>,
    key: Option<Node<'static>>,
}

impl Frame {
    fn seq(pos: Pos) -> Frame {
        Frame {
            pos,
            seq: Some(Vec::new()),
            map: Vec::new(),
            key: None,
        }
    }

    fn map(pos: Pos) -> Frame {
        Frame {
            pos,
            seq: None,
            map: Vec::new(),
            key: None,
        }
    }

    fn add(&mut self, node: Node<'static>) {
        match &mut self.seq {
            Some(items) => items.push(node),
            None => match self.key.take() {
                None => self.key = Some(node),
                Some(key) => self.map.push((key, node)),
            },
        }
    }

    fn finish(self) -> Node<'static> {
        let value = match self.seq {
            Some(items) => Value::Seq(items),
            None => Value::Map(self.map),
        };
        Node {
            value,
            pos: self.pos,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let doc = parse("a: 1\nitems:\n  - id: x\n    name: 名称\n", 0).unwrap();
        let Value::Map(entries) = &doc.value else {
            panic!()
        };
        assert_eq!(entries[1].0.pos, Pos::new(2, 1));
        let Value::Seq(items) = &entries[1].1.value else {
            panic!()
        };
        let Value::Map(item) = &items[0].value else {
            panic!()
        };
        assert_eq!(item[1].0.pos, Pos::new(4, 5));
        assert_eq!(item[1].1.as_str(), Some("名称"));
    }

    #[test]
    fn reports_syntax_errors_with_position() {
        let err = parse("a: [1, 2\nb: 3\n", 3).unwrap_err();
        assert!(err.pos.line >= 4, "{err:?}");
    }

    fn refused(text: &str) -> SyntaxError {
        parse(text, 2).expect_err(text)
    }

    #[test]
    fn anchors_aliases_and_tags_are_refused_at_their_marker() {
        for (text, pos, message) in [
            ("a: &x {k: v}\nb: *x\n", (3, 4), "an anchor (`&x`)"),
            ("a:\n  - &item\n    k: v\n", (4, 5), "an anchor (`&item`)"),
            ("a: x\nb: *nowhere\n", (4, 4), "an alias (`*nowhere`)"),
            ("a: !!binary aGVsbG8=\n", (3, 4), "a tag (`!!binary`)"),
            ("a: !foo x\n", (3, 4), "a tag (`!foo`)"),
            ("a: !!str 007\n", (3, 4), "a tag (`!!str`)"),
            ("- !!map {}\n", (3, 3), "a tag (`!!map`)"),
            ("a: [1, &y 2]\n", (3, 8), "an anchor (`&y`)"),
        ] {
            let err = refused(text);
            assert_eq!(err.pos, Pos::new(pos.0, pos.1), "{text}: {err:?}");
            assert!(err.message.en.contains(message), "{text}: {err:?}");
            assert!(err.help.is_some(), "{text}: {err:?}");
        }
    }

    /// The "billion laughs": nine aliases to nine aliases, nine levels deep, is 9^9 copies of
    /// one string; the first anchor is refused before a single copy is made.
    #[test]
    fn an_alias_bomb_is_refused_before_it_expands() {
        let mut text = String::from("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for level in 1..=9 {
            let prev = format!("*l{}", level - 1);
            let list = [prev.as_str(); 9].join(", ");
            text.push_str(&format!("l{level}: &l{level} [{list}]\n"));
        }
        assert!(text.len() < 1000);
        let err = parse(&text, 0).unwrap_err();
        assert_eq!(
            (err.pos, err.message.en.as_str()),
            (
                Pos::new(1, 5),
                "an anchor (`&l0`) is not allowed in content"
            )
        );
    }

    /// 100,000 levels of each compact form, parsed on a thread with an ordinary 2 MiB stack:
    /// each is refused where it passes the limit, and no deep tree is ever built (or dropped).
    #[test]
    fn deep_nesting_is_refused_without_exhausting_the_stack() {
        const N: usize = 100_000;
        let forms = [
            format!("items:\n  - {}x\n", "- ".repeat(N)),
            format!("a: {}{}\n", "[".repeat(N), "]".repeat(N)),
            format!("a: {}x{}\n", "{a: ".repeat(N), "}".repeat(N)),
            format!("{}x\n", "- ".repeat(N)),
            // Block maps need a line per level: a thousand is enough to pass the limit.
            (0..1000)
                .map(|d| format!("{}k:\n", " ".repeat(d)))
                .collect::<String>()
                + &" ".repeat(1000)
                + "k: v\n",
        ];
        let results = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                forms
                    .iter()
                    .map(|f| parse(f, 0).map(|_| ()))
                    .collect::<Vec<_>>()
            })
            .unwrap()
            .join()
            .expect("no stack overflow");
        for result in results {
            let err = result.expect_err("too deep");
            assert!(err.message.en.contains("more than 64 levels"), "{err:?}");
            assert!(err.help.is_some());
        }
    }

    /// The fast path reads exactly the depths yaml-rust2 accepts, block and flow alike.
    #[test]
    fn both_paths_accept_the_same_depths() {
        let nested = |depth: usize| -> String {
            // `depth - 1` block maps, the last holding a one-line flow map.
            let mut text = String::new();
            for d in 0..depth - 2 {
                text.push_str(&format!("{}k:\n", "  ".repeat(d)));
            }
            text.push_str(&format!("{}k: {{ a: b }}\n", "  ".repeat(depth - 2)));
            text
        };
        let deepest = nested(MAX_DEPTH);
        assert!(parse_fast(&deepest, 0, 0).is_some());
        assert_eq!(parse_events(&deepest, 0).ok(), parse_fast(&deepest, 0, 0));
        let deeper = nested(MAX_DEPTH + 1);
        assert_eq!(parse_fast(&deeper, 0, 0), None);
        let err = parse(&deeper, 0).unwrap_err();
        assert_eq!(
            err.pos,
            Pos::new(MAX_DEPTH, 2 * MAX_DEPTH + 2),
            "at the `{{`: {err:?}"
        );
    }
}
