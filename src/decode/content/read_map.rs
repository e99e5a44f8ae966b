//! The readers every decoder shares: parsing a file's YAML with located errors, the keys of a
//! map (`MapReader`: unknown, repeated and missing keys), and single values (a string, a
//! localized text, a date) turned into model values with their positions.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use super::{checks, typing};
use crate::base::codes::Code;
use crate::base::diagnostics::{suggestion, Diagnostic, Diagnostics, Pos};
use crate::base::intern::Interner;
use crate::base::message::Message;
use crate::model::{LangMap, LangMapBuilder, Spanned, Text};
use crate::msg;
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
            Diagnostic::error(
                file,
                Some(Pos::new(line + line_offset, col)),
                Code::YamlTab,
                msg!("缩进中用了制表符（Tab）", "a tab is used for indentation"),
            )
            .help(msg!(
                "YAML 只能用空格缩进：把制表符换成空格（记事本中删除后重新输入空格；WPS 和大多数编辑器有“将制表符转换为空格”）",
                "YAML indents with spaces only: replace the tab with spaces (most editors: \
                 \"Convert indentation to spaces\")"
            )),
        );
        return None;
    }
    // The full-width colons, spaces and commas of a Chinese input method are YAML's most
    // common mistake by far, and the parser names them only by what follows (or not at all):
    // they are found first, each where it is.
    let typed = typing::full_width_structure(file, text, line_offset);
    if !typed.is_empty() {
        diags.extend(typed);
        return None;
    }
    match yaml::parse(text, line_offset) {
        Ok(node) => Some(node),
        Err(e) => {
            let mut d = Diagnostic::error(file, Some(e.pos), e.code, e.message);
            if let Some(help) = e.help {
                d = d.help(help);
            }
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

/// What a map is, named in messages: `[Chinese, English]`, e.g. `["事项", "an item"]`.
pub(super) type Named = [&'static str; 2];

/// Reads the keys of one YAML map, reporting unknown and missing keys.
pub(super) struct MapReader<'a> {
    file: &'a Path,
    node: &'a Node<'a>,
    entries: &'a [(Node<'a>, Node<'a>)],
    what: Named,
    interner: Option<&'a Interner>,
}

impl<'a> MapReader<'a> {
    /// `what` names the map in messages (`["事项", "an item"]`).
    pub(super) fn new(
        file: &'a Path,
        node: &'a Node<'a>,
        what: Named,
        known: &[&str],
        diags: &mut Diagnostics,
    ) -> Option<MapReader<'a>> {
        let Value::Map(entries) = &node.value else {
            let [what_zh, what_en] = what;
            let [found_zh, found_en] = node.kind_name();
            diags.push(
                Diagnostic::error(
                    file,
                    Some(node.pos),
                    Code::NotAMap,
                    msg!(
                        "{what_zh}应当由“键: 值”的行组成，这里却是{found_zh}",
                        "{what_en} must be a map of `key: value` lines, found {found_en}"
                    ),
                )
                .help(msg!(
                    "每行写一个“键: 值”，缩进在上一级之下",
                    "write one `key: value` per line, indented under its parent"
                )),
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

    /// The value of `key`, or a "missing" error with `hint` (made only then) as its help.
    pub(super) fn required(
        &self,
        key: &str,
        hint: impl FnOnce() -> Message,
        diags: &mut Diagnostics,
    ) -> Option<&'a Node<'a>> {
        let v = self.get(key);
        if v.is_none() {
            let [what_zh, what_en] = self.what;
            diags.push(
                Diagnostic::error(
                    self.file,
                    Some(
                        self.key_pos(key)
                            .or(self.entries.first().map(|(k, _)| k.pos))
                            .unwrap_or(self.node.pos),
                    ),
                    Code::MissingField,
                    msg!(
                        "{what_zh}缺少必填字段 `{key}`",
                        "{what_en} is missing the required field `{key}`"
                    ),
                )
                .help(hint()),
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
                diags.push(not_a_list(self.file, node, key));
                Vec::new()
            }
        }
    }
}

/// The error for the value `node` of `key`, which should be a list of entries.
pub(super) fn not_a_list(file: &Path, node: &Node, key: &str) -> Diagnostic {
    let [found_zh, found_en] = node.kind_name();
    Diagnostic::error(
        file,
        Some(node.pos),
        Code::NotAList,
        msg!(
            "`{key}` 应当是列表，这里却是{found_zh}",
            "`{key}` must be a list, found {found_en}"
        ),
    )
    .help(msg!(
        "在 `{key}:` 下面每项单独一行，以“- ”开头",
        "write each entry on its own line starting with `- ` under `{key}:`"
    ))
}

/// Report the keys of a map that are not plain words, not in `known`, or given twice.
fn check_keys(
    file: &Path,
    entries: &[(Node, Node)],
    what: Named,
    known: &[&str],
    diags: &mut Diagnostics,
) {
    let [what_zh, what_en] = what;
    let mut seen: Vec<&str> = Vec::new();
    for (key, _) in entries {
        let Some(name) = key.as_str() else {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(key.pos),
                    Code::KeyNotAWord,
                    msg!("键必须是一个普通的词", "a key must be a plain word"),
                )
                .help(msg!(
                    "键写在行首，后面跟“: ”，例如 `name: 亲属关系证明`",
                    "start the line with the key and `: `, e.g. `name: Proof of kinship`"
                )),
            );
            continue;
        };
        if !known.contains(&name) {
            let allowed = known.join(", ");
            let all = msg!(
                "这里可以用的键有：{allowed}",
                "the keys allowed here are: {allowed}"
            );
            let help = match suggestion(name, known.iter().copied()) {
                // A second sentence in English starts with a capital.
                Some(s) => s.then(&msg!(
                    "这里可以用的键有：{allowed}",
                    "The keys allowed here are: {allowed}"
                )),
                None => all,
            };
            diags.push(
                Diagnostic::error(
                    file,
                    Some(key.pos),
                    Code::UnknownKey,
                    msg!(
                        "{what_zh}中没有 `{name}` 这个键",
                        "unknown key `{name}` in {what_en}"
                    ),
                )
                .help(help),
            );
        } else if seen.contains(&name) {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(key.pos),
                    Code::DuplicateKey,
                    msg!(
                        "{what_zh}中的键 `{name}` 写了两次",
                        "the key `{name}` is given twice in {what_en}"
                    ),
                )
                .help(msg!(
                    "保留其中一行，删除另一行",
                    "keep one of the two lines"
                )),
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
            let [found_zh, found_en] = node.kind_name();
            diags.push(
                Diagnostic::error(
                    file,
                    Some(node.pos),
                    Code::NotAValue,
                    msg!(
                        "`{key}` 应当是单个值，这里却是{found_zh}",
                        "`{key}` must be a single value, found {found_en}"
                    ),
                )
                .help(msg!(
                    "在一行内写成 `{key}: 值`",
                    "write `{key}: value` on one line"
                )),
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
                    Diagnostic::error(
                        file,
                        Some(node.pos),
                        Code::NoDefaultText,
                        msg!(
                            "`{key}` 缺少默认语言 `{default_lang}` 的文字",
                            "`{key}` has no text in the default language `{default_lang}`"
                        ),
                    )
                    .help(msg!(
                        "加上 `{default_lang}: ……`；其他语言没有译文时显示它",
                        "add `{default_lang}: ...`; other languages fall back to it"
                    )),
                );
                return None;
            }
        }
        Value::Seq(_) => {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(node.pos),
                    Code::NotAText,
                    msg!(
                        "`{key}` 应当是文字，这里却是列表",
                        "`{key}` must be text, found a list"
                    ),
                )
                .help(msg!(
                    "写成 `{key}: 文字` 或 `{key}: {{ {default_lang}: ……, en: …… }}`",
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
    for (i, entry) in entries.iter().enumerate() {
        let (k, v) = entry;
        let before = i.checked_sub(1).map(|b| &entries[b]);
        if let Some(d) = typing::comma_split(file, node, before, entry, key) {
            diags.push(d);
            continue;
        }
        let (Some(code), Some(value)) = (k.as_str(), v.as_str()) else {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(v.pos),
                    Code::BadTranslation,
                    msg!(
                        "`{key}` 的每种译文都要写成“语言代码: 文字”",
                        "each translation of `{key}` must be `language-code: text`"
                    ),
                )
                .help(msg!(
                    "例如 `{key}: {{ {default_lang}: ……, en: …… }}`",
                    "e.g. `{key}: {{ {default_lang}: ..., en: ... }}`"
                )),
            );
            continue;
        };
        if sorted.contains(code) {
            diags.push(
                Diagnostic::error(
                    file,
                    Some(k.pos),
                    Code::DuplicateLanguage,
                    msg!(
                        "`{key}` 中的语言 `{code}` 写了两次",
                        "the language `{code}` is given twice in `{key}`"
                    ),
                )
                .help(msg!(
                    "每种语言只写一次：保留其中一段文字",
                    "give each language once: keep one of the two texts"
                )),
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
            let value = &s.value;
            diags.push(
                Diagnostic::error(
                    file,
                    Some(node.pos),
                    Code::BadDate,
                    msg!(
                        "`{key}: {value}` 不是日期",
                        "`{key}: {value}` is not a date"
                    ),
                )
                .help(msg!(
                    "日期写成“年-月-日”，用半角数字和连字符，例如 2023-02-21",
                    "write the date as YYYY-MM-DD, e.g. 2023-02-21"
                )),
            );
            None
        }
    }
}
