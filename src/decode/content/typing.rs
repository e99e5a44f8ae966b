//! The typing mistakes Chinese staff make in YAML, found before the parser meets them.
//!
//! A Chinese input method types full-width punctuation: `status： issued` with the colon
//! U+FF1A, an indent of full-width spaces (U+3000), `{ zh-CN: 中文， en: English }` with the
//! comma U+FF0C. To YAML these are ordinary characters, so the parser either reads something
//! else than was meant (the full-width colon line becomes part of the value above) or fails a
//! line later with "simple key expect ':'". Each is found here on its own line and column and
//! named for what it is. And an English text with an ASCII comma inside `{ … }` is cut in two
//! by the comma; `comma_split` says so where the translations are read.

use std::path::Path;

use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::msg;
use crate::yaml::{Node, Value};

const FULL_WIDTH_COLON: char = '：';
const FULL_WIDTH_COMMA: char = '，';
const FULL_WIDTH_SPACE: char = '\u{3000}';

/// Every full-width colon, space or comma that stands where YAML's structure needs the ASCII
/// one, one error each. Texts are passed over: block scalars (`|`, `>`), comments, and
/// anything after a key's `: ` but the `{ … }` of a text written with its translations.
pub(crate) fn full_width_structure(file: &Path, text: &str, line_offset: usize) -> Diagnostics {
    let mut found = Diagnostics::default();
    // Nearly every file has none of the three characters outside its texts; files without any
    // of them at all are passed over in one scan.
    if !text.contains([FULL_WIDTH_COLON, FULL_WIDTH_COMMA, FULL_WIDTH_SPACE]) {
        return found;
    }
    // The indentation of the line that opened a block scalar, while inside it.
    let mut block: Option<usize> = None;
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if let Some(opened) = block {
            if rest.is_empty() || indent > opened {
                continue;
            }
            block = None;
        }
        if rest.starts_with('#') {
            continue;
        }
        let at = |byte: usize| Pos::new(i + 1 + line_offset, line[..byte].chars().count() + 1);
        if let Some(space) = leading_full_width_space(line) {
            found.push(full_width_space_in_indent(file, at(space)));
            continue;
        }
        // After the `- ` of list entries, the key.
        let mut key_at = indent;
        while line[key_at..].starts_with("- ") {
            key_at += 2;
            key_at += line[key_at..].len() - line[key_at..].trim_start_matches(' ').len();
        }
        let word_end = key_at + word_len(&line[key_at..]);
        if word_end > key_at {
            let key = &line[key_at..word_end];
            let after = &line[word_end..];
            let spaces = after.len() - after.trim_start_matches([' ', FULL_WIDTH_SPACE]).len();
            if after[spaces..].starts_with(FULL_WIDTH_COLON) {
                found.push(full_width_colon(file, at(word_end + spaces), key));
                continue;
            }
            if let Some(value) = after.strip_prefix(':') {
                if value.starts_with(FULL_WIDTH_SPACE) {
                    found.push(full_width_space_after_colon(file, at(word_end + 1), key));
                    continue;
                }
                let value = value.trim_start_matches(' ');
                if value.starts_with(['|', '>']) {
                    block = Some(indent);
                }
                if value.starts_with('{') {
                    let start = line.len() - value.len();
                    flow_map(file, line, start, &at, &mut found);
                }
            }
        }
    }
    found
}

/// In the `{ … }` starting at byte `start` of `line`: a full-width comma before a language
/// code (`， en:`), or a full-width colon after one (`{ zh-CN： 中文 }`).
fn flow_map(
    file: &Path,
    line: &str,
    start: usize,
    at: &impl Fn(usize) -> Pos,
    found: &mut Diagnostics,
) {
    let mut quoted: Option<char> = None;
    for (i, c) in line[start..].char_indices() {
        let i = start + i;
        match (quoted, c) {
            (Some(q), c) if c == q => quoted = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quoted = Some(c),
            (None, '{' | ',' | FULL_WIDTH_COMMA) => {
                let next = &line[i + c.len_utf8()..];
                let spaces = next.len() - next.trim_start_matches([' ', FULL_WIDTH_SPACE]).len();
                let code_at = i + c.len_utf8() + spaces;
                let code_len = language_code_len(&line[code_at..]);
                if code_len == 0 {
                    continue;
                }
                let after = &line[code_at + code_len..];
                let colon = after.starts_with([':', FULL_WIDTH_COLON]);
                if c == FULL_WIDTH_COMMA && colon {
                    found.push(full_width_comma(
                        file,
                        at(i),
                        &line[code_at..code_at + code_len],
                    ));
                } else if after.starts_with(FULL_WIDTH_COLON) {
                    let key = &line[code_at..code_at + code_len];
                    found.push(full_width_colon(file, at(code_at + code_len), key));
                }
            }
            (None, '}') => return,
            _ => {}
        }
    }
}

/// The byte length of a key at the start of `s`: ASCII letters, digits, `_` and `-`.
fn word_len(s: &str) -> usize {
    s.bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        .count()
}

/// The byte length of a language code at the start of `s` (`en`, `zh-CN`, `zh-Hant-TW`), or 0.
fn language_code_len(s: &str) -> usize {
    let len = word_len(s);
    let code = &s[..len];
    let primary = code.split('-').next().unwrap_or("");
    match (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase()) {
        true => len,
        false => 0,
    }
}

/// The byte offset of the first full-width space in the line's indentation.
fn leading_full_width_space(line: &str) -> Option<usize> {
    line.char_indices()
        .take_while(|&(_, c)| c == ' ' || c == FULL_WIDTH_SPACE)
        .find(|&(_, c)| c == FULL_WIDTH_SPACE)
        .map(|(i, _)| i)
}

fn full_width_colon(file: &Path, pos: Pos, key: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        Some(pos),
        Code::FullWidthSyntax,
        msg!(
            "`{key}` 后面是全角冒号“：”，YAML 只认半角冒号“:”",
            "`{key}` is followed by a full-width colon `：`; YAML needs an ASCII colon `:`"
        ),
    )
    .help(msg!(
        "把“：”改成半角冒号加一个空格，写成 `{key}: `（输入时切换到英文标点）",
        "replace `：` with an ASCII colon and a space: `{key}: ` (switch the input method to \
         English punctuation)"
    ))
}

fn full_width_space_in_indent(file: &Path, pos: Pos) -> Diagnostic {
    Diagnostic::error(
        file,
        Some(pos),
        Code::FullWidthSyntax,
        msg!(
            "缩进中有全角空格",
            "the indentation holds a full-width space (U+3000)"
        ),
    )
    .help(msg!(
        "缩进只能用半角空格：删掉这一行开头的空白，重新用半角空格缩进（输入法切换到半角）",
        "indent with ASCII spaces only: delete the blanks at the start of the line and indent \
         again with spaces (switch the input method to half-width)"
    ))
}

fn full_width_space_after_colon(file: &Path, pos: Pos, key: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        Some(pos),
        Code::FullWidthSyntax,
        msg!(
            "`{key}:` 后面是全角空格，YAML 要求冒号后面是半角空格",
            "`{key}:` is followed by a full-width space; YAML needs an ASCII space after the colon"
        ),
    )
    .help(msg!(
        "把冒号后面的全角空格换成一个半角空格：`{key}: 值`",
        "replace the full-width space after the colon with an ASCII space: `{key}: value`"
    ))
}

fn full_width_comma(file: &Path, pos: Pos, code: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        Some(pos),
        Code::FullWidthSyntax,
        msg!(
            "`{code}` 前面用全角逗号“，”分隔了两种语言，YAML 只认半角逗号“,”",
            "a full-width comma `，` separates the languages before `{code}`; YAML needs an \
             ASCII comma `,`"
        ),
    )
    .help(msg!(
        "把“，”改成半角逗号“,”，例如 `{{ zh-CN: 亲属关系证明, en: Proof of kinship }}`；文字里的全角逗号不用改",
        "replace `，` with `,`, e.g. `{{ zh-CN: 亲属关系证明, en: Proof of kinship }}`; commas \
         inside the Chinese text stay as they are"
    ))
}

/// A text written `{ zh-CN: 中文, en: Proof of kinship, relatives }` reads as the entry
/// `relatives` with no value after the real `en` text: the unquoted comma ended the text.
/// Said at the split-off part, with the quoted text to write instead.
pub(crate) fn comma_split(
    file: &Path,
    node: &Node,
    before: Option<&(Node, Node)>,
    entry: &(Node, Node),
    key: &str,
) -> Option<Diagnostic> {
    let (k, v) = entry;
    let (Some(rest), true) = (k.as_str(), v.is_null()) else {
        return None;
    };
    let (lang, text) = before.and_then(|(bk, bv)| Some((bk.as_str()?, bv.as_str()?)))?;
    // The text before the comma sits on the map's line, as `{ … }` does.
    if !matches!(node.value, Value::Map(_)) {
        return None;
    }
    let whole = format!("{text}, {rest}");
    Some(
        Diagnostic::error(
            file,
            Some(k.pos),
            Code::CommaSplitText,
            msg!(
                "`{key}` 的 `{lang}` 文字中有半角逗号，没有加引号，逗号把文字截成了两段（“{rest}”被当成了另一个键）",
                "the `{lang}` text of `{key}` holds a comma and is not quoted, so the comma split \
                 it (`{rest}` was read as another key)"
            ),
        )
        .help(msg!(
            "给整段文字加上半角双引号：`{lang}: \"{whole}\"`",
            "put the whole text in double quotes: `{lang}: \"{whole}\"`"
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(u32, u32, String)> {
        full_width_structure(Path::new("f.yaml"), text, 0)
            .sorted()
            .into_iter()
            .map(|d| {
                let pos = d.pos.unwrap();
                (pos.line, pos.col, d.message.zh)
            })
            .collect()
    }

    #[test]
    fn finds_a_full_width_colon_after_a_key_and_in_a_list_entry() {
        let f = found("items:\n  - id: a\n    status： issued\n  - id：b\n");
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!((f[0].0, f[0].1), (3, 11));
        assert!(f[0].2.contains("`status` 后面是全角冒号"), "{f:?}");
        assert_eq!((f[1].0, f[1].1), (4, 7));
    }

    #[test]
    fn finds_full_width_spaces_in_indentation_and_after_a_colon() {
        let f = found("a:\n\u{3000}\u{3000}b: 1\nc:\u{3000}x\n");
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!((f[0].0, f[0].1), (2, 1));
        assert!(f[0].2.contains("缩进"));
        assert_eq!((f[1].0, f[1].1), (3, 3));
    }

    #[test]
    fn finds_a_full_width_comma_or_colon_between_translations() {
        let f = found("name: { zh-CN: 亲属关系证明， en: Proof of kinship }\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].0, f[0].1), (1, 22));
        assert!(f[0].2.contains("全角逗号"));
        let f = found("name: { zh-CN： 亲属关系证明 }\n");
        assert_eq!((f[0].0, f[0].1), (1, 14), "{f:?}");
    }

    #[test]
    fn leaves_texts_alone() {
        // Full-width punctuation inside texts, block scalars, quotes and comments is Chinese.
        let text = "name: { zh-CN: 证明（一）：说明，见下, en: \"a， b：c\" }\n\
                    basis: 依据：《条例》，第九条\n\
                    alternative: |\n  status： 这是正文，不是键\n  　全角空格开头的正文\n\
                    # 注意： 这是注释\n\
                    steps:\n  - 第一步：到村委会\n";
        assert_eq!(found(text), vec![]);
    }
}
