//! Inline differences between two versions of a text, as readers need them: character by
//! character in Chinese, word by word in English, and entries added or removed in lists;
//! and which way a change reads best (`reading`): short values as "原：… 现：…", a rewrite
//! old above new, a small edit inline.
//!
//! One tokenizer serves both scripts: every CJK character is a token of its own; a run of
//! Latin letters or digits (with the spaces after it) is one token; any other character is a
//! token too. The diff runs over tokens (similar, Myers); adjacent pieces of one kind are merged.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use similar::{capture_diff_slices, Algorithm, DiffTag};

/// One piece of an inline diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Same(String),
    Removed(String),
    Added(String),
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Split text into diff tokens.
pub(crate) fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let wordish = c.is_alphanumeric() && !is_cjk(c);
        match (start, wordish) {
            (None, true) => start = Some(i),
            (Some(_), true) => {}
            (Some(s), false) if c == ' ' => {
                out.push(&text[s..i + 1]);
                start = None;
            }
            (Some(s), false) => {
                out.push(&text[s..i]);
                out.push(&text[i..i + c.len_utf8()]);
                start = None;
            }
            (None, false) => out.push(&text[i..i + c.len_utf8()]),
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Each token as a number, equal numbers for equal tokens: Myers compares tokens many times
/// over, and each string comparison was a call to memcmp (a few per cent of a province build,
/// perf). The diff itself is the same: it depends only on which tokens are equal.
fn numbered<'t>(old: &[&'t str], new: &[&'t str]) -> (Vec<u32>, Vec<u32>) {
    let mut numbers: HashMap<&'t str, u32, BuildHasherDefault<crate::base::intern::WordHasher>> =
        HashMap::default();
    let mut number = |t: &'t str| {
        let next = numbers.len() as u32;
        *numbers.entry(t).or_insert(next)
    };
    let old = old.iter().map(|t| number(t)).collect();
    let new = new.iter().map(|t| number(t)).collect();
    (old, new)
}

/// The inline diff of `before` and `after`.
pub fn diff(before: &str, after: &str) -> Vec<Piece> {
    let (old, new) = (tokens(before), tokens(after));
    let (old_numbers, new_numbers) = numbered(&old, &new);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |piece: Piece| {
        let merged = match (pieces.last_mut(), &piece) {
            (Some(Piece::Same(a)), Piece::Same(b))
            | (Some(Piece::Removed(a)), Piece::Removed(b))
            | (Some(Piece::Added(a)), Piece::Added(b)) => {
                a.push_str(b);
                true
            }
            _ => false,
        };
        if !merged {
            pieces.push(piece);
        }
    };
    for op in capture_diff_slices(Algorithm::Myers, &old_numbers, &new_numbers) {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => push(Piece::Same(old[o].concat())),
            DiffTag::Delete => push(Piece::Removed(old[o].concat())),
            DiffTag::Insert => push(Piece::Added(new[n].concat())),
            DiffTag::Replace => {
                push(Piece::Removed(old[o].concat()));
                push(Piece::Added(new[n].concat()));
            }
        }
    }
    pieces
}

/// How a changed text reads best.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Both values are short (`3个工作日` → `1个工作日`): "原：… 现：…".
    Short,
    /// Little of the text survives (or one side is empty): the old and the new text whole,
    /// one above the other. Interleaved, the deletions and insertions of a rewritten text
    /// read as nonsense.
    Whole,
    /// A small edit: the inline diff.
    Inline(Vec<Piece>),
}

/// At most this many characters on each side make a value short.
pub(crate) const SHORT_CHARS: usize = 12;

/// Below this share of surviving text a change is a rewrite. What survives is the text the
/// two versions share in runs of at least two characters (spaces not counted: a lone common
/// character such as 的 or 村 matched between two different sentences is what makes a
/// rewritten Chinese text read as nonsense when interleaved), as a share of the shorter
/// version, so that a sentence added to or cut from a text that stays is still an edit.
/// Half is where an inline diff of Chinese stops reading as the old sentence with a few
/// words changed.
pub(crate) const MIN_SURVIVING: f64 = 0.5;

/// The share of the shorter of `before` and `after` that `pieces` (their diff) keep, in
/// runs of at least two characters.
pub(crate) fn surviving(pieces: &[Piece], before: &str, after: &str) -> f64 {
    let count = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    let shorter = count(before).min(count(after));
    if shorter == 0 {
        return 0.0;
    }
    let same: usize = (pieces.iter())
        .map(|p| match p {
            Piece::Same(s) if count(s) >= 2 => count(s),
            _ => 0,
        })
        .sum();
    same as f64 / shorter as f64
}

/// How the change from `before` to `after` reads best (see `Reading`).
pub(crate) fn reading(before: &str, after: &str) -> Reading {
    let short = |s: &str| !s.is_empty() && s.chars().count() <= SHORT_CHARS && !s.contains('\n');
    if short(before) && short(after) {
        return Reading::Short;
    }
    if before.trim().is_empty() || after.trim().is_empty() {
        return Reading::Whole;
    }
    let pieces = diff(before, after);
    match surviving(&pieces, before, after) < MIN_SURVIVING {
        true => Reading::Whole,
        false => Reading::Inline(pieces),
    }
}

/// The diff as HTML: `<del>` and `<ins>` around changes, everything escaped. Screen readers
/// do not announce `del`/`ins`, so each carries a visually hidden label (e.g. "removed:").
pub(crate) fn to_html(pieces: &[Piece], removed_label: &str, added_label: &str) -> String {
    let esc = crate::emit::markdown::escape;
    let hidden = |label: &str| format!("<span class=\"visually-hidden\">{}</span>", esc(label));
    pieces
        .iter()
        .map(|p| match p {
            Piece::Same(s) => esc(s),
            Piece::Removed(s) => format!("<del>{}{}</del>", hidden(removed_label), esc(s)),
            Piece::Added(s) => format!("<ins>{}{}</ins>", hidden(added_label), esc(s)),
        })
        .collect()
}

/// The diff for a terminal: red and green with `color`, `[-…-]{+…+}` markers without.
pub fn to_terminal(pieces: &[Piece], color: bool) -> String {
    pieces
        .iter()
        .map(|p| match (p, color) {
            (Piece::Same(s), _) => s.clone(),
            (Piece::Removed(s), true) => format!("\x1b[31;9m{s}\x1b[0m"),
            (Piece::Added(s), true) => format!("\x1b[32;4m{s}\x1b[0m"),
            (Piece::Removed(s), false) => format!("[-{s}-]"),
            (Piece::Added(s), false) => format!("{{+{s}+}}"),
        })
        .collect()
}

/// Entries of `before` missing from `after` (removed) and entries of `after` missing from
/// `before` (added), each in its list's order.
pub fn list_changes<'a>(before: &[&'a str], after: &[&'a str]) -> (Vec<&'a str>, Vec<&'a str>) {
    let removed = before
        .iter()
        .filter(|b| !after.contains(b))
        .copied()
        .collect();
    let added = after
        .iter()
        .filter(|a| !before.contains(a))
        .copied()
        .collect();
    (removed, added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_diffs_by_character() {
        let d = diff("办理时限：3个工作日", "办理时限：即时办结");
        assert_eq!(
            d,
            vec![
                Piece::Same("办理时限：".into()),
                Piece::Removed("3个工作日".into()),
                Piece::Added("即时办结".into()),
            ]
        );
    }

    #[test]
    fn english_diffs_by_word() {
        let d = diff("Apply within 3 working days", "Apply within 1 working day");
        assert_eq!(
            to_terminal(&d, false),
            "Apply within [-3 -]{+1 +}working [-days-]{+day+}"
        );
    }

    #[test]
    fn mixed_text_and_escaping() {
        let html = to_html(&diff("出示<b>户口簿</b>", "出示户口簿或 ID card"), "-", "+");
        let hidden = |l: &str| format!("<span class=\"visually-hidden\">{l}</span>");
        let want = format!(
            "出示<del>{}&lt;b&gt;</del>户口簿<del>{}&lt;/b&gt;</del><ins>{}或 ID card</ins>",
            hidden("-"),
            hidden("-"),
            hidden("+")
        );
        assert_eq!(html, want);
        assert_eq!(
            tokens("Proof of 亲属 A1"),
            vec!["Proof ", "of ", "亲", "属", " ", "A1"]
        );
    }

    #[test]
    fn numbered_tokens_diff_like_the_strings() {
        let texts = [
            "办理时限：3个工作日，加急1个工作日",
            "办理时限：即时办结；材料齐全的当场办结",
            "Apply within 3 working days, or 1 day if urgent",
            "Apply to the committee within 1 working day (urgent: same day)",
            "",
            "a a a b b b a a",
        ];
        for x in texts {
            for y in texts {
                let (old, new) = (tokens(x), tokens(y));
                let (old_n, new_n) = numbered(&old, &new);
                let by_string: Vec<_> = capture_diff_slices(Algorithm::Myers, &old, &new)
                    .iter()
                    .map(|op| op.as_tag_tuple())
                    .collect();
                let by_number: Vec<_> = capture_diff_slices(Algorithm::Myers, &old_n, &new_n)
                    .iter()
                    .map(|op| op.as_tag_tuple())
                    .collect();
                assert_eq!(by_string, by_number, "{x:?} → {y:?}");
            }
        }
    }

    #[test]
    fn short_values_read_as_was_and_now() {
        assert_eq!(reading("3个工作日", "1个工作日"), Reading::Short);
        assert_eq!(reading("免费", "10元"), Reading::Short);
        // One side longer than a short value: judged by what survives.
        assert_eq!(
            reading("3个工作日", "3个工作日，材料齐全的当场办结"),
            Reading::Inline(diff("3个工作日", "3个工作日，材料齐全的当场办结"))
        );
    }

    #[test]
    fn a_rewritten_text_reads_whole_and_a_small_edit_inline() {
        let old = "对照安徽省梳理的61项村（社区）不应出具的证明事项，本区2024年调整时将其列为不再出具的证明。";
        let rewritten =
            "《中华人民共和国道路交通安全法》规定的交通事故处理中，由医疗机构出具诊断证明。";
        let pieces = diff(old, rewritten);
        assert!(surviving(&pieces, old, rewritten) < MIN_SURVIVING);
        assert_eq!(reading(old, rewritten), Reading::Whole);
        let edited = "对照安徽省梳理的61项村（社区）不应出具的证明事项，本区2025年调整时将其列为不再出具的证明。";
        let pieces = diff(old, edited);
        assert!(surviving(&pieces, old, edited) > 0.9);
        assert_eq!(reading(old, edited), Reading::Inline(pieces));
        // A value added or taken away is shown whole, not as one long insertion.
        assert_eq!(reading("", rewritten), Reading::Whole);
        assert_eq!(reading(old, ""), Reading::Whole);
    }

    #[test]
    fn the_threshold_is_the_share_of_the_shorter_text_kept_in_runs() {
        // Half kept: an edit; a little less: a rewrite.
        let old = "一二三四五六七八九十百千万亿";
        let half = "一二三四五六七甲乙丙丁戊己庚";
        assert_eq!(surviving(&diff(old, half), old, half), 0.5);
        assert!(matches!(reading(old, half), Reading::Inline(_)));
        let less = "一二三四五六甲乙丙丁戊己庚辛";
        assert_eq!(reading(old, less), Reading::Whole);
        // A sentence added to a text that stays whole is an edit, however long.
        let longer = format!("{old}。此外，子丑寅卯辰巳午未申酉戌亥，以及更多的新内容。");
        assert!(matches!(reading(old, &longer), Reading::Inline(_)));
        // Characters matched one by one between different texts do not count as surviving.
        let (a, b) = ("甲乙丙丁戊己庚辛壬癸一二三", "子甲丑乙寅丙卯丁辰戊巳己午");
        assert_eq!(surviving(&diff(a, b), a, b), 0.0);
        assert_eq!(reading(a, b), Reading::Whole);
    }

    #[test]
    fn lists_report_added_and_removed_entries() {
        let (removed, added) = list_changes(&["身份证", "户口簿"], &["户口簿", "结婚证"]);
        assert_eq!((removed, added), (vec!["身份证"], vec!["结婚证"]));
    }
}
