//! A YAML tree that remembers where every key and value came from.
//!
//! serde_yaml reports a location only for syntax and type errors; staff need file, line and
//! column for every semantic problem too (an unknown category, a duplicate id, ...). So content
//! is parsed once into this tree of `Node`s, each carrying its position, and decoded by hand in
//! `content`, which lets one run report every problem instead of the first.

use std::borrow::Cow;
use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostics::Pos;

mod block;
mod split;

#[cfg(test)]
pub(crate) use block::tests::{mutate, repo, yaml_texts, Rng};
pub use split::{split_seq, Entry, SeqSplit};

/// A node of the tree; its texts borrow from the parsed source where they can (`'s`).
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'s> {
    pub value: Value<'s>,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'s> {
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
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true } if matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } if !self.is_null() => Some(text),
            _ => None,
        }
    }

    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            _ if self.is_null() => "nothing (null)",
            Value::Scalar { .. } => "a single value",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a map of keys",
        }
    }
}

/// A YAML syntax error at a position.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

/// Parse one YAML document. `line_offset` is added to every line (for front matter that starts
/// below line 1 of its file). An empty document parses as a null scalar.
///
/// Content in the plain block style takes the fast path (`block`), which gives the same tree;
/// anything else, including every syntax error, goes through yaml-rust2.
pub fn parse(text: &str, line_offset: usize) -> Result<Node<'_>, SyntaxError> {
    match block::parse(text, line_offset) {
        Some(node) => Ok(node),
        None => parse_events(text, line_offset),
    }
}

/// `parse`'s fast path alone: `None` for a text it does not handle (or that has an error),
/// which `parse` would hand to yaml-rust2.
pub fn parse_fast(text: &str, line_offset: usize) -> Option<Node<'_>> {
    block::parse(text, line_offset)
}

/// `parse` through yaml-rust2's event parser: any YAML, and the reference for `block`.
fn parse_events(text: &str, line_offset: usize) -> Result<Node<'static>, SyntaxError> {
    let mut parser = Parser::new_from_str(text);
    let pos = |m: &Marker| Pos::new(m.line() + line_offset, m.col() + 1);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node<'static>> = HashMap::new();
    let mut root: Option<Node<'static>> = None;
    let mut documents = 0;
    loop {
        let (event, marker) = parser.next_token().map_err(|e| SyntaxError {
            pos: pos(e.marker()),
            message: e.info().to_string(),
        })?;
        let node = match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(SyntaxError {
                        pos: pos(&marker),
                        message: "a second YAML document (`---`) in one file".into(),
                    });
                }
                continue;
            }
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => continue,
            Event::Alias(id) => match anchors.get(&id) {
                Some(n) => n.clone(),
                None => {
                    return Err(SyntaxError {
                        pos: pos(&marker),
                        message: "an alias (`*name`) to an unknown anchor".into(),
                    })
                }
            },
            Event::Scalar(text, style, anchor, _) => {
                let node = Node {
                    value: Value::Scalar {
                        text: text.into(),
                        plain: style == TScalarStyle::Plain,
                    },
                    pos: pos(&marker),
                };
                if anchor > 0 {
                    anchors.insert(anchor, node.clone());
                }
                node
            }
            Event::SequenceStart(anchor, _) => {
                stack.push(Frame::seq(pos(&marker), anchor));
                continue;
            }
            Event::MappingStart(anchor, _) => {
                stack.push(Frame::map(pos(&marker), anchor));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let frame = stack.pop().expect("parser balances collections");
                let anchor = frame.anchor;
                let node = frame.finish();
                if anchor > 0 {
                    anchors.insert(anchor, node.clone());
                }
                node
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

struct Frame {
    pos: Pos,
    anchor: usize,
    seq: Option<Vec<Node<'static>>>,
    map: Vec<(Node<'static>, Node<'static>)>,
    key: Option<Node<'static>>,
}

impl Frame {
    fn seq(pos: Pos, anchor: usize) -> Frame {
        Frame {
            pos,
            anchor,
            seq: Some(Vec::new()),
            map: Vec::new(),
            key: None,
        }
    }

    fn map(pos: Pos, anchor: usize) -> Frame {
        Frame {
            pos,
            anchor,
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

    #[test]
    fn resolves_aliases() {
        let doc = parse("a: &x {k: v}\nb: *x\n", 0).unwrap();
        let Value::Map(entries) = &doc.value else {
            panic!()
        };
        assert_eq!(entries[0].1.value, entries[1].1.value);
    }
}
