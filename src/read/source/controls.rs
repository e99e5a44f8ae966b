//! Characters a YAML 1.2 stream may not contain, found when a file is read.
//!
//! The YAML parser stops at a NUL as if the file ended there, so a stray `\0` in a comment made
//! the items after it vanish from the list, published as removed. YAML 1.2 (§5.1) allows only
//! TAB, LF, CR, the printable ASCII range, NEL (U+0085) and the rest of Unicode except the C1
//! controls, surrogates (which a Rust string cannot hold) and U+FFFE/U+FFFF. Policy files are
//! held to the same rule: their front matter is YAML, and a control character in prose is never
//! intended (and invisible in an editor).
//!
//! The check runs on every byte of a province's hundreds of megabytes, so it is a scan the
//! compiler vectorises for the ASCII controls (about 20 GB/s) plus `memchr` searches for the
//! lead bytes of the few forbidden non-ASCII characters.

use memchr::memmem;

use crate::base::diagnostics::Pos;
use crate::base::message::Message;

/// Occurrences reported per file; the rest are counted.
pub(super) const CAP: usize = 10;

/// The forbidden characters of `text`: the first `CAP` with their positions (1-based line and
/// character column), and how many there are in all.
pub(super) fn forbidden(text: &str) -> (Vec<(Pos, char)>, usize) {
    let bytes = text.as_bytes();
    let mut offsets = Vec::new();
    ascii_controls(bytes, &mut offsets);
    // C1 controls are U+0080..=U+009F, encoded C2 80..=C2 9F; NEL (C2 85) is allowed.
    for at in memchr::memchr_iter(0xC2, bytes) {
        if let Some(&next) = bytes.get(at + 1) {
            if (0x80..=0x9F).contains(&next) && next != 0x85 {
                offsets.push(at);
            }
        }
    }
    // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
    for at in memmem::find_iter(bytes, b"\xEF\xBF") {
        if matches!(bytes.get(at + 2), Some(0xBE | 0xBF)) {
            offsets.push(at);
        }
    }
    let total = offsets.len();
    offsets.sort_unstable();
    offsets.truncate(CAP);
    (positions(text, &offsets), total)
}

/// Whether YAML forbids `c` in a stream: what `forbidden` looks for, one character at a time.
pub(super) fn is_forbidden(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}')
        || matches!(c, '\u{80}'..='\u{84}' | '\u{86}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Whether `b` is an ASCII control YAML forbids: C0 except TAB, LF and CR, and DEL. Written
/// with non-short-circuiting operators so a loop over it vectorises.
#[inline(always)]
fn is_ascii_control(b: u8) -> bool {
    ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0x7F)
}

fn ascii_controls(bytes: &[u8], out: &mut Vec<usize>) {
    const CHUNK: usize = 64;
    for (i, chunk) in bytes.chunks(CHUNK).enumerate() {
        // The rare chunk with a hit is looked at byte by byte.
        if chunk
            .iter()
            .fold(false, |hit, &b| hit | is_ascii_control(b))
        {
            let found = chunk
                .iter()
                .enumerate()
                .filter(|(_, &b)| is_ascii_control(b));
            out.extend(found.map(|(j, _)| i * CHUNK + j));
        }
    }
}

/// Line and character column of each (sorted) byte offset, counting lines only once.
fn positions(text: &str, offsets: &[usize]) -> Vec<(Pos, char)> {
    let mut line = 1;
    let mut line_start = 0;
    let mut counted = 0;
    offsets
        .iter()
        .map(|&at| {
            for nl in memchr::memchr_iter(b'\n', &text.as_bytes()[counted..at]) {
                line += 1;
                line_start = counted + nl + 1;
            }
            counted = at;
            let col = text[line_start..at].chars().count() + 1;
            let c = text[at..]
                .chars()
                .next()
                .expect("an offset inside the text");
            (Pos::new(line, col), c)
        })
        .collect()
}

/// How a forbidden character is named in a message: `U+0000（空字符）`, `U+0000 (NUL)`.
pub(super) fn name(c: char) -> Message {
    let (zh, en) = match c {
        '\0' => ("（空字符 NUL）", " (NUL)"),
        '\u{7F}' => ("（删除符 DEL）", " (DEL)"),
        '\u{1B}' => ("（转义符 ESC）", " (ESC)"),
        '\u{0C}' => ("（换页符）", " (form feed)"),
        '\u{0B}' => ("（垂直制表符）", " (vertical tab)"),
        '\u{08}' => ("（退格符）", " (backspace)"),
        '\u{FFFE}' | '\u{FFFF}' => ("（非字符）", " (a noncharacter)"),
        _ => ("", ""),
    };
    let code = format!("U+{:04X}", c as u32);
    Message::new(format!("{code}{zh}"), format!("{code}{en}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_has_none() {
        let text = "a:\tb\r\nc: 亲属关系证明，￥10 · \u{85} é\n";
        assert_eq!(forbidden(text), (vec![], 0));
    }

    #[test]
    fn every_forbidden_kind_is_found_at_its_line_and_column() {
        let text = "a: 1\n  # \0\nb: 中\u{1}\u{7F}\nc: \u{80}\u{9F}\u{FFFE}x\u{FFFF}";
        let (found, total) = forbidden(text);
        assert_eq!(total, 7);
        let want = [
            (2, 5, '\0'),
            (3, 5, '\u{1}'),
            (3, 6, '\u{7F}'),
            (4, 4, '\u{80}'),
            (4, 5, '\u{9F}'),
            (4, 6, '\u{FFFE}'),
            (4, 8, '\u{FFFF}'),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|&(l, c, ch)| (Pos::new(l, c), ch))
            .collect();
        assert_eq!(found, want);
    }

    #[test]
    fn a_hit_in_every_chunk_is_found_and_only_the_first_are_placed() {
        let text = "x\u{0}".repeat(100);
        let (found, total) = forbidden(&text);
        assert_eq!(total, 100);
        assert_eq!(found.len(), CAP);
        assert_eq!(found[CAP - 1].0, Pos::new(1, 2 * CAP));
    }

    #[test]
    fn the_scan_and_the_character_test_agree_on_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(forbidden(&text).1, usize::from(is_forbidden(c)), "{c:?}");
        }
    }

    #[test]
    fn names_say_what_the_invisible_character_is() {
        assert_eq!(name('\0').en, "U+0000 (NUL)");
        assert_eq!(name('\0').zh, "U+0000（空字符 NUL）");
        assert_eq!(name('\u{9F}').en, "U+009F");
    }
}
