//! Checks on single values as they are decoded: texts that are empty or too long, and web
//! addresses that could lead off the site or run code.
//!
//! They live apart from `content` (the decoding itself) because each is a policy of its own,
//! with its own limit or list of schemes, documented in docs/content-format.md.

use std::path::Path;

use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::base::message::Message;
use crate::msg;

/// The most one text field may hold, in bytes of UTF-8. The longest real field (a `basis`
/// quoting several regulations) is a few KiB; a 50 MB field made a 104 MB page.
pub(crate) const MAX_TEXT_BYTES: usize = 100 * 1024;

/// Report a text (one language of it, when `lang` is given) that is empty or longer than
/// `MAX_TEXT_BYTES`.
pub(super) fn text_value(
    file: &Path,
    pos: Pos,
    key: &str,
    lang: Option<&str>,
    value: &str,
    diags: &mut Diagnostics,
) {
    not_empty(file, pos, key, lang, value, diags);
    length(file, pos, key, value, diags);
    printable(file, pos, key, value, diags);
}

/// Report a value holding a character no page may print: a control character other than
/// TAB and line feed, or a noncharacter. Reading the file refuses them raw; this catches the
/// ones a double-quoted YAML string spells with an escape (`"\e"`, `"\x07"`, `"\uFFFF"`),
/// which would otherwise reach the HTML, where they are parse errors, and the terminal.
pub(super) fn printable(file: &Path, pos: Pos, key: &str, value: &str, diags: &mut Diagnostics) {
    let unprintable = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c as u32, 0xFDD0..=0xFDEF)
            || (c as u32) & 0xFFFE == 0xFFFE
    };
    if let Some(c) = value.chars().find(|&c| unprintable(c)) {
        let code = format!("U+{:04X}", c as u32);
        diags.push(
            Diagnostic::error(
                file,
                Some(pos),
                Code::Unprintable,
                msg!(
                    "`{key}` 中有字符 {code}，网页上无法显示",
                    "`{key}` holds the character {code}, which cannot be shown on a page"
                ),
            )
            .help(msg!(
                "从加引号的文字中删去这个转义（如 `\\e`、`\\a` 或 `\\x1b`）",
                "remove the escape (such as `\\e`, `\\a` or `\\x1b`) from the quoted text"
            )),
        );
    }
}

/// Report a text that is empty or only white space: it would print as nothing, an empty
/// heading or an empty answer.
pub(super) fn not_empty(
    file: &Path,
    pos: Pos,
    key: &str,
    lang: Option<&str>,
    value: &str,
    diags: &mut Diagnostics,
) {
    if value.trim().is_empty() {
        let (message, help) = match lang {
            Some(lang) => (
                msg!(
                    "`{key}` 的 `{lang}` 文字是空的",
                    "the `{lang}` text of `{key}` is empty"
                ),
                msg!(
                    "写上文字，或删去 `{lang}:` 这一行（网页上将显示默认语言的文字，并注明暂无译文）",
                    "write the text, or remove the `{lang}:` line (pages then show the \
                     default-language text, marked as not yet translated)"
                ),
            ),
            None => (
                msg!("`{key}` 是空的", "`{key}` is empty"),
                msg!(
                    "写上 `{key}` 的文字；如果这个字段不是必填的，也可以删去这一行",
                    "write the text of `{key}`, or remove the line if the field is optional"
                ),
            ),
        };
        diags.push(Diagnostic::error(file, Some(pos), Code::EmptyText, message).help(help));
    }
}

/// Report a single value longer than `MAX_TEXT_BYTES`.
pub(super) fn length(file: &Path, pos: Pos, key: &str, value: &str, diags: &mut Diagnostics) {
    if value.len() > MAX_TEXT_BYTES {
        let (kib, max) = (value.len().div_ceil(1024), MAX_TEXT_BYTES / 1024);
        diags.push(
            Diagnostic::error(
                file,
                Some(pos),
                Code::TextTooLong,
                msg!(
                    "`{key}` 长 {kib} KiB，一个文字字段最多 {max} KiB",
                    "`{key}` is {kib} KiB long; a text field holds at most {max} KiB"
                ),
            )
            .help(msg!(
                "缩短这段文字；长篇文件应作为政策解读页面（policy/*.md）发布，再从这里链接",
                "shorten the text; a long document belongs in a policy page (policy/*.md), \
                 linked from here"
            )),
        );
    }
}

/// Which addresses a field accepts besides `https://` ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Also {
    /// Nothing else: the address is used from other sites too (feeds, the sitemap, a
    /// portal's report form).
    Nothing,
    /// A path from the root of this site's host, `/...` (a form action: the same from every
    /// page, however deep).
    RootPath,
    /// Any path on this site, `/doc.pdf` or `files/doc.pdf`.
    Path,
}

/// Why `url` is refused, or `None` when it is an `https://` address (or a path `also`
/// allows). Plain `http://` can be read and changed on the way; `//host` leaves the site;
/// `javascript:`, `data:` and the like run code or carry content of their own.
pub(crate) fn address_problem(url: &str, also: Also) -> Option<Message> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some(msg!(
            "其中有空格或控制字符",
            "it contains a space or a control character"
        ));
    }
    // Browsers read `\` as `/`: `/\evil.example` is `//evil.example`.
    if url.contains('\\') {
        return Some(msg!(
            "其中有反斜杠“\\”，浏览器会把它当作“/”",
            "it contains a backslash, which browsers read as `/`"
        ));
    }
    if let Some(rest) = strip_prefix_ignore_case(url, "https://") {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        return if authority.is_empty() {
            Some(msg!(
                "https:// 后面没有网站域名",
                "it names no host after https://"
            ))
        } else if authority.contains('@') {
            // `https://www.gov.cn@evil.example/` goes to evil.example.
            Some(msg!(
                "域名前面有 `@`，会掩盖真正访问的网站",
                "it has a `@` before the host, which hides the real host"
            ))
        } else {
            None
        };
    }
    if let Some(scheme) = scheme(url) {
        return Some(match scheme.to_ascii_lowercase().as_str() {
            "http" => msg!(
                "http:// 地址不加密，传输途中可能被篡改",
                "plain http:// is not encrypted and can be changed on the way"
            ),
            other => msg!(
                "不允许使用 `{other}:` 地址",
                "`{other}:` addresses are not allowed"
            ),
        });
    }
    if url.starts_with("//") {
        return Some(msg!(
            "以 `//` 开头的地址会转到其他网站",
            "an address starting `//` leads to another site"
        ));
    }
    match also {
        Also::Path if !url.is_empty() => None,
        Also::RootPath if url.starts_with('/') => None,
        _ => Some(msg!(
            "这不是 https:// 地址",
            "it is not an https:// address"
        )),
    }
}

/// A diagnostic for a refused address of the field `key` (as written in messages, e.g.
/// `feedback.action`), with `example` as the fix.
pub(crate) fn refused_address(
    file: &Path,
    pos: Pos,
    key: &str,
    url: &str,
    problem: &Message,
    also: Also,
    example: &str,
) -> Diagnostic {
    let [paths_zh, paths_en] = match also {
        Also::Nothing => ["", ""],
        Also::RootPath => [
            "，或以一个“/”开头的本网站路径",
            ", or a path on this site starting with a single `/`",
        ],
        Also::Path => ["，或本网站上的路径", ", or a path on this site"],
    };
    let (problem_zh, problem_en) = (&problem.zh, &problem.en);
    Diagnostic::error(
        file,
        Some(pos),
        Code::BadAddress,
        msg!(
            "`{key}: {url}` 不是允许的网址：{problem_zh}",
            "`{key}: {url}` is not an allowed address: {problem_en}"
        ),
    )
    .help(msg!(
        "写 https:// 开头的网址，例如 {example}{paths_zh}",
        "write an https:// address, e.g. {example}{paths_en}"
    ))
}

fn strip_prefix_ignore_case<'u>(url: &'u str, prefix: &str) -> Option<&'u str> {
    let head = url.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &url[prefix.len()..])
}

/// The scheme of an absolute URL (`javascript` in `javascript:alert(1)`), as browsers find
/// it: a letter, then letters, digits, `+`, `-` or `.`, then `:`.
fn scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unprintable_characters_in_values() {
        let check = |value: &str| {
            let mut diags = Diagnostics::default();
            let pos = Pos { line: 3, col: 7 };
            printable(Path::new("v.yaml"), pos, "name", value, &mut diags);
            diags
                .iter()
                .map(|d| d.message.en.clone())
                .collect::<Vec<_>>()
        };
        for fine in [
            "居住证明",
            "a\tb\nc",
            "\u{202e}reordered\u{2066}",
            "emoji 🙂",
        ] {
            assert!(check(fine).is_empty(), "{fine:?}");
        }
        for (bad, code) in [
            ("\u{1b}[31m", "U+001B"),
            ("bell\u{7}", "U+0007"),
            ("\r", "U+000D"),
            ("\u{7f}", "U+007F"),
            ("\u{9b}", "U+009B"),
            ("\u{fdd0}", "U+FDD0"),
            ("\u{ffff}", "U+FFFF"),
            ("\u{1fffe}", "U+1FFFE"),
        ] {
            let found = check(bad);
            assert!(
                found.len() == 1 && found[0].contains(code),
                "{bad:?}: {found:?}"
            );
        }
    }

    #[test]
    fn addresses() {
        for ok in [
            "https://www.gov.cn/doc.html",
            "HTTPS://www.gov.cn/",
            "https://portal.example.gov.cn/feedback?x=1#y",
        ] {
            for also in [Also::Nothing, Also::RootPath, Also::Path] {
                assert_eq!(address_problem(ok, also), None, "{ok}");
            }
        }
        for (url, why) in [
            ("http://www.gov.cn/", "http://"),
            ("HTTP://www.gov.cn/", "http://"),
            ("//evil.example/steal", "`//`"),
            ("/\\evil.example/steal", "backslash"),
            ("javascript:alert(1)", "`javascript:`"),
            ("JavaScript:alert(1)", "`javascript:`"),
            ("data:text/html,<script>", "`data:`"),
            ("mailto:a@b.example", "`mailto:`"),
            ("https://", "no host"),
            ("https:///path", "no host"),
            ("https://www.gov.cn@evil.example/", "`@`"),
            ("https://www.gov.cn/a b", "space"),
            ("/\t/evil.example", "control"),
            ("https://x.example/\u{0}", "control"),
        ] {
            for also in [Also::Nothing, Also::RootPath, Also::Path] {
                let problem = address_problem(url, also).unwrap_or_default();
                assert!(problem.en.contains(why), "{url}: {problem:?}");
                assert!(!problem.zh.is_empty(), "{url}");
            }
        }
        assert_eq!(address_problem("/feedback", Also::RootPath), None);
        assert!(address_problem("feedback", Also::RootPath).is_some());
        assert!(address_problem("/feedback", Also::Nothing).is_some());
        assert_eq!(address_problem("files/doc.pdf", Also::Path), None);
        assert_eq!(address_problem("../doc.pdf", Also::Path), None);
        assert!(address_problem("", Also::Path).is_some());
        // A colon after a path character is not a scheme.
        assert_eq!(address_problem("/a:b", Also::RootPath), None);
    }

    #[test]
    fn texts_empty_or_too_long() {
        let file = Path::new("x.yaml");
        let at = Pos::new(3, 4);
        let messages = |key: &str, lang: Option<&str>, value: &str| {
            let mut diags = Diagnostics::default();
            text_value(file, at, key, lang, value, &mut diags);
            diags
                .iter()
                .map(|d| {
                    assert_eq!(d.pos, Some(at));
                    d.message.en.clone()
                })
                .collect::<Vec<_>>()
        };
        assert!(messages("name", None, "亲属关系证明").is_empty());
        assert_eq!(messages("name", None, ""), ["`name` is empty"]);
        assert_eq!(
            messages("name", Some("en"), " \n"),
            ["the `en` text of `name` is empty"]
        );
        assert!(messages("basis", None, &"x".repeat(MAX_TEXT_BYTES)).is_empty());
        assert_eq!(
            messages("basis", None, &"x".repeat(MAX_TEXT_BYTES + 1)),
            ["`basis` is 101 KiB long; a text field holds at most 100 KiB"]
        );
    }
}
