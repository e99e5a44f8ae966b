//! The readers every decoder shares: parsing a file's YAML with located errors, the keys of a
//! map (`MapReader`: unknown, repeated and missing keys), and single values (a string, a
//! localized text, a date) turned into model values with their positions.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use super::checks;
use crate::base::diagnostics::{suggestion, Diagnostic, Diagnostics, Pos};
use crate::base::intern::Interner;
use crate::model::{LangMap, LangMapBuilder, Spanned, Text};
use crate::yaml::{self, Node, Value};

/// Parse a file's YAML, reporting a syntax error with its position.
pub(super) fn parse_yaml<'s>(
    file: &Path,
    text: &'s str,
    line_offset: usize,
    diags: &mut Diagnostics,
) -> Option<Node<'s>> {
    if let Some((line, col)) = find_tab_indent(text) {
        diags.push(
            Diagnostic::error_en(file, Some(Pos::new(line + line_offset, col)), "a tab is used for indentation")
                .help("YAML indents with spaces only: replace the tab with spaces (most editors: \"Convert indentation to spaces\")"),
        );
        return None;
    }
    match yaml::parse(text, line_offset) {
        Ok(node) => Some(node),
        Err(e) => {
            let d = match e.help {
                // A construct content refuses, not a mistake in the YAML.
                Some(help) => Diagnostic::error_en(file, Some(e.pos), e.message).help(help),
                None => Diagnostic::error_en(file, Some(e.pos), format!("YAML syntax error: {}", e.message)).help(
                    "check the indentation and the `key: value` form on this line and the one above; \
                     quote values that contain `: ` or start with `{`, `[`, `*`, `&`, `!`, `%` or `@`",
                ),
            };
            diags.push(d);
            None
        }
    }
}

fn find_tab_indent(text: &str) -> Option<(usize, usize)> {
    // Most files have no tab at all, and one pass over the bytes says so.
    if !text.as_bytes().contains(&b'\t') {
        return None;
    }
    text.lines().enumerate().find_map(|(i, line)| {
        let mut indent = line.bytes().take_while(|b| matches!(b, b' ' | b'\t'));
        indent.position(|b| b == b'\t').map(|col| (i + 1, col + 1))
    })
}

/// Reads the keys of one YAML map, reporting unknown and missing keys.
pub(super) struct MapReader<'a> {
    file: &'a Path,
    node: &'a Node<'a>,
    entries: &'a [(Node<'a>, Node<'a>)],
    what: &'a str,
    interner: Option<&'a Interner>,
}

impl<'a> MapReader<'a> {
    /// `what` names the map in messages ("an item", "site.yaml").
    pub(super) fn new(
        file: &'a Path,
        node: &'a Node<'a>,
        what: &'a str,
        known: &[&str],
        diags: &mut Diagnostics,
    ) -> Option<MapReader<'a>> {
        let Value::Map(entries) = &node.value else {
            diags.push(
                Diagnostic::error_en(
                    file,
                    Some(node.pos),
                    format!(
                        "{what} must be a map of `key: value` lines, found {}",
                        node.kind_name()
                    ),
                )
                .help("write one `key: value` per line, indented under its parent"),
            );
            return None;
        };
        check_keys(file, entries, what, known, diags);
        Some(MapReader {
            file,
            node,
            entries,
            what,
            interner: None,
        })
    }

    /// Share the texts read through `interner`.
    pub(super) fn sharing(self, interner: &'a Interner) -> MapReader<'a> {
        MapReader {
            interner: Some(interner),
            ..self
        }
    }

    pub(super) fn get(&self, key: &str) -> Option<&'a Node<'a>> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    }

    pub(super) fn key_pos(&self, key: &str) -> Option<Pos> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(k, _)| k.pos)
    }

    pub(super) fn required(
        &self,
        key: &str,
        hint: &str,
        diags: &mut Diagnostics,
    ) -> Option<&'a Node<'a>> {
        let v = self.get(key);
        if v.is_none() {
            diags.push(
                Diagnostic::error_en(
                    self.file,
                    Some(
                        self.key_pos(key)
                            .or(self.entries.first().map(|(k, _)| k.pos))
                            .unwrap_or(self.node.pos),
                    ),
                    format!("{} is missing the required field `{key}`", self.what),
                )
                .help(hint.to_string()),
            );
        }
        v
    }

    pub(super) fn string(&self, key: &str, diags: &mut Diagnostics) -> Option<Spanned<String>> {
        let node = self.get(key)?;
        scalar(self.file, node, key, diags)
    }

    pub(super) fn text(
        &self,
        key: &str,
        default_lang: &str,
        diags: &mut Diagnostics,
    ) -> Option<Text> {
        let node = self.get(key)?;
        text(self.file, node, key, default_lang, self.interner, diags)
    }

    pub(super) fn text_list(
        &self,
        key: &str,
        default_lang: &str,
        diags: &mut Diagnostics,
    ) -> Vec<Text> {
        let Some(node) = self.get(key) else {
            return Vec::new();
        };
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|n| text(self.file, n, key, default_lang, self.interner, diags))
                .collect(),
            _ => {
                diags.push(
                    Diagnostic::error_en(
                        self.file,
                        Some(node.pos),
                        format!("`{key}` must be a list, found {}", node.kind_name()),
                    )
                    .help(format!(
                        "write each entry on its own line starting with `- ` under `{key}:`"
                    )),
                );
                Vec::new()
            }
        }
    }
}

/// Report the keys of a map that are not plain words, not in `known`, or given twice.
fn check_keys(
    file: &Path,
    entries: &[(Node, Node)],
    what: &str,
    known: &[&str],
    diags: &mut Diagnostics,
) {
    let mut seen: Vec<&str> = Vec::new();
    for (key, _) in entries {
        let Some(name) = key.as_str() else {
            diags.push(Diagnostic::error_en(
                file,
                Some(key.pos),
                "a key must be a plain word",
            ));
            continue;
        };
        if !known.contains(&name) {
            let mut d = Diagnostic::error_en(
                file,
                Some(key.pos),
                format!("unknown key `{name}` in {what}"),
            );
            d = d.help(match suggestion(name, known.iter().copied()) {
                Some(s) => format!("{s} The keys allowed here are: {}", known.join(", ")),
                None => format!("the keys allowed here are: {}", known.join(", ")),
            });
            diags.push(d);
        } else if seen.contains(&name) {
            diags.push(
                Diagnostic::error_en(
                    file,
                    Some(key.pos),
                    format!("the key `{name}` is given twice in {what}"),
                )
                .help("keep one of the two lines"),
            );
        }
        seen.push(name);
    }
}

pub(super) fn scalar(
    file: &Path,
    node: &Node,
    key: &str,
    diags: &mut Diagnostics,
) -> Option<Spanned<String>> {
    match node.as_str() {
        Some(s) => {
            checks::length(file, node.pos, key, s, diags);
            checks::printable(file, node.pos, key, s, diags);
            Some(Spanned {
                value: s.to_string(),
                pos: node.pos,
            })
        }
        None => {
            diags.push(
                Diagnostic::error_en(
                    file,
                    Some(node.pos),
                    format!("`{key}` must be a single value, found {}", node.kind_name()),
                )
                .help(format!("write `{key}: value` on one line")),
            );
            None
        }
    }
}

/// A plain string (default language) or a map of language code to string.
pub(super) fn text(
    file: &Path,
    node: &Node,
    key: &str,
    default_lang: &str,
    interner: Option<&Interner>,
    diags: &mut Diagnostics,
) -> Option<Text> {
    let share = |s: &str| -> Arc<str> {
        match interner {
            Some(interner) => interner.get(s),
            None => s.into(),
        }
    };
    let mut t = Text {
        pos: node.pos,
        ..Text::default()
    };
    match &node.value {
        Value::Scalar { text, .. } => {
            checks::text_value(file, node.pos, key, None, text, diags);
            t.values = LangMap::one(default_lang, share(text), node.pos.col);
        }
        Value::Map(entries) => {
            t.values = translations(file, node, entries, key, default_lang, &share, diags);
            if !t.values.contains_key(default_lang) {
                diags.push(
                    Diagnostic::error_en(
                        file,
                        Some(node.pos),
                        format!("`{key}` has no text in the default language `{default_lang}`"),
                    )
                    .help(format!(
                        "add `{default_lang}: ...`; other languages fall back to it"
                    )),
                );
                return None;
            }
        }
        Value::Seq(_) => {
            diags.push(
                Diagnostic::error_en(
                    file,
                    Some(node.pos),
                    format!("`{key}` must be text, found a list"),
                )
                .help(format!(
                    "write `{key}: text` or `{key}: {{ {default_lang}: ..., en: ... }}`"
                )),
            );
            return None;
        }
    }
    Some(t)
}

/// The `language-code: text` entries of a text written as a map (reported when malformed or
/// repeated); each code's line is kept relative to `node`'s, so that it moves with the text.
fn translations(
    file: &Path,
    node: &Node,
    entries: &[(Node, Node)],
    key: &str,
    default_lang: &str,
    share: &impl Fn(&str) -> Arc<str>,
    diags: &mut Diagnostics,
) -> LangMap {
    let mut sorted = LangMapBuilder::with_capacity(entries.len());
    for (k, v) in entries {
        let (Some(code), Some(value)) = (k.as_str(), v.as_str()) else {
            diags.push(
                Diagnostic::error_en(
                    file,
                    Some(v.pos),
                    format!("each translation of `{key}` must be `language-code: text`"),
                )
                .help(format!("e.g. `{key}: {{ {default_lang}: ..., en: ... }}`")),
            );
            continue;
        };
        if sorted.contains(code) {
            diags.push(
                Diagnostic::error_en(
                    file,
                    Some(k.pos),
                    format!("the language `{code}` is given twice in `{key}`"),
                )
                .help("give each language once: keep one of the two texts"),
            );
            continue;
        }
        checks::text_value(file, v.pos, key, Some(code), value, diags);
        let below = i64::from(k.pos.line) - i64::from(node.pos.line);
        let below = i32::try_from(below).expect("a line within the file");
        sorted.insert(code, share(value), below, k.pos.col);
    }
    sorted.build()
}

pub(super) fn date(
    file: &Path,
    node: &Node,
    key: &str,
    diags: &mut Diagnostics,
) -> Option<NaiveDate> {
    let s = scalar(file, node, key, diags)?;
    match NaiveDate::parse_from_str(&s.value, "%Y-%m-%d") {
        Ok(d) if s.value.len() == 10 => Some(d),
        _ => {
            diags.push(
                Diagnostic::error_en(
                    file,
                    Some(node.pos),
                    format!("`{key}: {}` is not a date", s.value),
                )
                .help("write the date as YYYY-MM-DD, e.g. 2023-02-21"),
            );
            None
        }
    }
}
