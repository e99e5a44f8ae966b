//! Comparing certificate names as a clerk would, and making ids for new items.
//!
//! Two names are the same when they differ only in width (（） and ()), spaces or line
//! breaks; near when one is the other with a bracketed part added or dropped (居（租）住证明
//! and 居住证明), when one contains the other, or when a few characters differ. A near match
//! is only ever proposed, with this evidence, never applied silently.

use pinyin::ToPinyin;

use crate::base::message::Message;
use crate::msg;

/// Full-width ASCII forms (ＡＢＣ，（）１２) and the ideographic space as their ASCII forms.
pub(super) fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// A name as compared: half-width, no white space.
pub(super) fn normalize(name: &str) -> String {
    half_width(name)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The name without its bracketed parts: 居(租)住证明 → 居住证明.
fn without_brackets(normalized: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::new();
    for c in normalized.chars() {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Levenshtein distance in characters.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut row = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            row.push((prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1));
        }
        prev = row;
    }
    prev[b.len()]
}

/// How near `new` is to `old` (lower is nearer) and why, when it is near at all.
pub(super) fn nearness(old: &str, new: &str) -> Option<(usize, Message)> {
    let (a, b) = (normalize(old), normalize(new));
    if a == b {
        return Some((0, msg!("名称相同", "the same name")));
    }
    let (ba, bb) = (without_brackets(&a), without_brackets(&b));
    if ba == bb && !ba.is_empty() {
        return Some((
            1,
            msg!(
                "去掉括号里的文字后名称相同",
                "the same name once the bracketed words are left out"
            ),
        ));
    }
    let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let shorter = ca.len().min(cb.len());
    if shorter >= 3 && (a.contains(&b) || b.contains(&a)) {
        let d = ca.len().abs_diff(cb.len());
        return Some((
            2 + d,
            msg!(
                "一个名称包含另一个（相差{d}个字）",
                "one name contains the other ({d} characters more)"
            ),
        ));
    }
    let d = distance(&ca, &cb);
    let allowed = (shorter / 3).max(1);
    (shorter >= 3 && d <= allowed).then(|| {
        (
            2 + d,
            msg!("名称只相差{d}个字", "the names differ in {d} characters"),
        )
    })
}

/// A readable id for a new item: the name's pinyin joined by hyphens (亲属关系证明 →
/// `qin-shu-guan-xi-zheng-ming`), ASCII letters and digits kept, at most 60 characters, made
/// unique with `-2`, `-3` … against `taken`. A name with nothing to spell gives `item`.
pub(super) fn new_id(name: &str, taken: &dyn Fn(&str) -> bool) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut ascii = String::new();
    for c in half_width(name).chars() {
        if c.is_ascii_alphanumeric() {
            ascii.push(c.to_ascii_lowercase());
            continue;
        }
        if !ascii.is_empty() {
            words.push(std::mem::take(&mut ascii));
        }
        if let Some(p) = c.to_pinyin() {
            words.push(p.plain().to_string());
        }
    }
    if !ascii.is_empty() {
        words.push(ascii);
    }
    let mut base = String::new();
    for w in words {
        if base.len() + w.len() + 1 > 60 {
            break;
        }
        if !base.is_empty() {
            base.push('-');
        }
        base.push_str(&w);
    }
    if base.is_empty() {
        base = "item".into();
    }
    let mut id = base.clone();
    let mut n = 2;
    while taken(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_spell_the_name_in_pinyin_and_stay_unique() {
        let none = |_: &str| false;
        assert_eq!(new_id("亲属关系证明", &none), "qin-shu-guan-xi-zheng-ming");
        assert_eq!(new_id("居（租）住证明", &none), "ju-zu-zhu-zheng-ming");
        assert_eq!(new_id("CT检查证明", &none), "ct-jian-cha-zheng-ming");
        let taken = |id: &str| id == "jian-kang-zheng-ming";
        assert_eq!(new_id("健康证明", &taken), "jian-kang-zheng-ming-2");
        assert_eq!(new_id("（）", &none), "item");
    }

    #[test]
    fn near_names_say_why() {
        assert_eq!(nearness("亲属关系证明", "亲属关系 证明").unwrap().0, 0);
        assert_eq!(nearness("居住证明", "居（租）住证明").unwrap().0, 1);
        assert!(nearness("独生子女证明", "独生子女父母证明").is_some());
        assert!(nearness("亲属关系证明", "健康证明").is_none());
        assert!(nearness("出生证明", "死亡证明").is_none());
    }
}
