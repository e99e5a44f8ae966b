//! Cutting a document around the block sequence under one of its top-level keys, without
//! parsing the sequence: each entry can then be parsed on its own, and skipped when an earlier
//! version file held the very same text (`decode::content::versions::ItemCache`).
//!
//! The cut is only a proposal. Callers parse the frame and every entry with the fast path and
//! check the frame's key reads as `[]`; a document where any of that fails is parsed whole, so
//! the cut never changes what a file means or how its errors read. The tests compare both ways
//! on the repository's version files and on mutants of them.

use super::block;

/// A document cut around the block sequence under a top-level key.
#[derive(Debug)]
pub(crate) struct SeqSplit<'s> {
    /// The document with the key's value written `[]` and the sequence's lines emptied (their
    /// line breaks kept): every other node keeps its line and column.
    pub frame: String,
    /// The key's line (1-based).
    pub key_line: usize,
    /// The sequence's entries, in order; at least one.
    pub entries: Vec<Entry<'s>>,
}

/// One entry of the sequence: from its `- ` line up to the next entry's (blank and comment
/// lines after it included), and the number of its first line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry<'s> {
    pub text: &'s str,
    pub line: usize,
}

/// Cut `text` around the block sequence that is the value of `key:` at column 0, or `None`
/// when there is no such sequence or the text is not one the fast path reads.
pub(crate) fn split_seq<'s>(text: &'s str, key: &str) -> Option<SeqSplit<'s>> {
    if !block::is_plain_text(text) {
        return None;
    }
    // The key's line: its number and where it starts and ends.
    let mut key_line: Option<(usize, usize, usize)> = None;
    // Where the sequence ends (a byte offset), once its first entry is found.
    let mut seq_end: Option<usize> = None;
    let mut indent: Option<usize> = None;
    // Each entry's first byte and line.
    let mut starts: Vec<(usize, usize)> = Vec::new();
    let b = text.as_bytes();
    let line_end =
        |start: usize| memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |i| start + i + 1);
    // Only the first bytes of most lines are looked at: a province's version file has half a
    // million lines, nearly all inside an entry.
    let line_starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', b).map(|i| i + 1));
    for (i, start) in line_starts.take_while(|&s| s < b.len()).enumerate() {
        let no = i + 1;
        let rest = &b[start..];
        // The first byte alone rules out nearly every line, without a call to `memcmp`.
        if rest.first() == key.as_bytes().first() && rest.starts_with(key.as_bytes()) {
            let end = line_end(start);
            if is_key_line(text[start..end].trim_end_matches('\n'), key) {
                // A second `key:` is a duplicate key: an error the whole parse reports.
                if key_line.is_some() {
                    return None;
                }
                key_line = Some((no, start, end));
                continue;
            }
        }
        if key_line.is_none() || seq_end.is_some_and(|end| end <= start) {
            continue;
        }
        // Deeper than the entries: inside one.
        let deeper = |d: usize| rest.get(..=d).is_some_and(|p| p.iter().all(|&c| c == b' '));
        if indent.is_some_and(deeper) {
            continue;
        }
        let at = rest.iter().take_while(|&&c| c == b' ').count();
        let content = &rest[at..];
        if matches!(content.first(), None | Some(b'\n' | b'#')) {
            continue;
        }
        let dash = content[0] == b'-' && matches!(content.get(1), None | Some(b' ' | b'\n'));
        match indent {
            // The value must be the sequence, starting on the line after the key.
            None if !dash => return None,
            None => {
                indent = Some(at);
                seq_end = Some(text.len());
                starts.push((start, no));
            }
            Some(d) if at == d && dash => starts.push((start, no)),
            Some(_) => seq_end = Some(start),
        }
    }
    let (key_line, key_start, key_end) = key_line?;
    Some(assemble(
        text,
        key,
        (key_line, key_start, key_end),
        &starts,
        seq_end?,
    ))
}

/// The split of `text` once the scan found the key's line (its number, start and end), each
/// entry's first byte and line, and where the sequence ends: the entries' texts, and the
/// text with the sequence replaced by `key: []` and as many line breaks as it held.
fn assemble<'s>(
    text: &'s str,
    key: &str,
    (key_line, key_start, key_end): (usize, usize, usize),
    starts: &[(usize, usize)],
    seq_end: usize,
) -> SeqSplit<'s> {
    // Each entry runs to the next one's first line; the last to the end of the sequence.
    let ends = starts.iter().skip(1).map(|&(at, _)| at).chain([seq_end]);
    let entries = starts
        .iter()
        .zip(ends)
        .map(|(&(at, line), end)| Entry {
            text: &text[at..end],
            line,
        })
        .collect();
    let breaks = memchr::memchr_iter(b'\n', &text.as_bytes()[key_end..seq_end]).count();
    let mut frame = String::with_capacity(key_end + breaks + (text.len() - seq_end));
    frame.push_str(&text[..key_start]);
    frame.push_str(key);
    frame.push_str(": []\n");
    frame.extend(std::iter::repeat_n('\n', breaks));
    frame.push_str(&text[seq_end..]);
    SeqSplit {
        frame,
        key_line,
        entries,
    }
}

/// `key:` alone on a line at column 0, perhaps with spaces and a comment after it.
fn is_key_line(line: &str, key: &str) -> bool {
    let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) else {
        return false;
    };
    let after = rest.trim_start_matches(' ');
    after.is_empty() || (after.starts_with('#') && after.len() < rest.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_each_entry_and_blanks_them_in_the_frame() {
        let text = "a: 1\nitems:\n  # first\n  - id: x\n    k: v\n\n  # next\n  - id: y\nb: 2\n";
        let split = split_seq(text, "items").unwrap();
        assert_eq!(split.key_line, 2);
        assert_eq!(
            split.entries,
            [
                Entry {
                    text: "  - id: x\n    k: v\n\n  # next\n",
                    line: 4
                },
                Entry {
                    text: "  - id: y\n",
                    line: 8
                },
            ]
        );
        assert_eq!(split.frame, "a: 1\nitems: []\n\n\n\n\n\n\nb: 2\n");
        assert_eq!(split.frame.lines().count(), text.lines().count());
    }

    #[test]
    fn a_sequence_at_column_zero_ends_at_the_next_key() {
        let text = "items:\n- a\n- b: 1\n  c: 2\nnext: 3";
        let split = split_seq(text, "items").unwrap();
        let texts: Vec<&str> = split.entries.iter().map(|e| e.text).collect();
        assert_eq!(texts, ["- a\n", "- b: 1\n  c: 2\n"]);
        assert_eq!(split.frame, "items: []\n\n\n\nnext: 3");
    }

    #[test]
    fn the_last_entry_runs_to_the_end_without_a_line_break() {
        let split = split_seq("items: # the list\n  - a\n  -\n    b", "items").unwrap();
        let texts: Vec<&str> = split.entries.iter().map(|e| e.text).collect();
        assert_eq!(texts, ["  - a\n", "  -\n    b"]);
        assert_eq!(split.entries[1].line, 3);
    }

    #[test]
    fn proposes_no_cut_where_there_is_no_plain_block_sequence() {
        for text in [
            "items: [a, b]\n",
            "items:\n  k: v\n",
            "items:\n",
            "other:\n  - a\n",
            "items:#x\n  - a\n",
            "items:\n  - a\nitems:\n  - b\n",
            "items:\n  - a\r\n",
            "items:\n\t- a\n",
            "\u{feff}items:\n  - a\n",
            "  items:\n  - a\n",
        ] {
            assert!(split_seq(text, "items").is_none(), "{text:?}");
        }
    }
}
