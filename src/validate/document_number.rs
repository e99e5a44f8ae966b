//! Document numbers (文号) in the form GB/T 9704-2012 (党政机关公文格式, 7.2.4) sets: the
//! issuing agency's code (发文机关代字), the year in full inside 六角括号 〔〕, the serial number
//! in Arabic digits without 第 and without leading zeros (不编虚位), then 号: `田民〔2025〕36号`.
//!
//! A clerk copies the number from the paper document, where a typist's `[2025]`, `（2025）`,
//! `第36号` or `036号` look harmless; on the site it is the document's identity, cited by other
//! documents. The rule is a function of the text alone, so that the spreadsheet import can
//! judge a number before it becomes content.

use std::path::Path;

use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::base::message::Message;
use crate::model::Content;
use crate::msg;

/// The example every help shows when the number cannot be rewritten from its parts.
const EXAMPLE: &str = "田民〔2025〕36号";

/// One way a document number departs from the standard form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Problem {
    /// No digits at all: not a document number's shape.
    NoYear,
    /// Nothing before the year: the agency's code is missing.
    NoAgency,
    /// The year is not inside 〔〕: the brackets written, or none.
    YearBrackets {
        open: Option<char>,
        close: Option<char>,
    },
    /// The year is not four digits.
    ShortYear,
    /// Full-width digits (２０２５) where the standard has Arabic digits.
    FullWidthDigits,
    /// Spaces inside the number.
    Spaces,
    /// `第` before the serial number.
    Di,
    /// No serial number after the year.
    NoSerial,
    /// A serial number with leading zeros (`036`).
    LeadingZero,
    /// The serial number is not followed by 号.
    NoHao,
    /// Text after 号 that is not a bracketed remark such as `（附件1）`.
    TextAfterHao,
}

/// What is wrong with `document` (empty when it is in the standard form), and the number
/// rewritten in that form when its parts can be told apart.
pub(super) fn problems(document: &str) -> (Vec<Problem>, Option<String>) {
    let mut problems = Vec::new();
    if document.chars().any(char::is_whitespace) {
        problems.push(Problem::Spaces);
    }
    let chars: Vec<char> = document.chars().filter(|c| !c.is_whitespace()).collect();
    let Some((start, end)) = year_run(&chars) else {
        return (vec![Problem::NoYear], None);
    };
    let open = start
        .checked_sub(1)
        .map(|i| chars[i])
        .filter(|c| is_open(*c));
    let close = chars.get(end).copied().filter(|c| is_close(*c));
    let agency: String = chars[..start - usize::from(open.is_some())]
        .iter()
        .collect();
    let year: String = chars[start..end].iter().map(|&c| ascii(c)).collect();
    if agency.is_empty() {
        problems.push(Problem::NoAgency);
    }
    if (open, close) != (Some('〔'), Some('〕')) {
        problems.push(Problem::YearBrackets { open, close });
    }
    if year.len() != 4 {
        problems.push(Problem::ShortYear);
    }
    let mut rest = &chars[end + usize::from(close.is_some())..];
    // `田民2025年36号`: the year said in words instead of brackets.
    if close.is_none() {
        rest = rest.strip_prefix(&['年']).unwrap_or(rest);
    }
    if let Some(after) = rest.strip_prefix(&['第']) {
        problems.push(Problem::Di);
        rest = after;
    }
    let digits = rest.iter().take_while(|c| is_digit(**c)).count();
    let serial: String = rest[..digits].iter().map(|&c| ascii(c)).collect();
    let full_width = |s: &[char]| s.iter().any(|c| is_digit(*c) && !c.is_ascii_digit());
    if full_width(&chars[start..end]) || full_width(&rest[..digits]) {
        problems.push(Problem::FullWidthDigits);
    }
    let serial = match serial.trim_start_matches('0') {
        "" if serial.is_empty() => {
            problems.push(Problem::NoSerial);
            None
        }
        trimmed => {
            if trimmed.len() != serial.len() {
                problems.push(Problem::LeadingZero);
            }
            // `0号` has nothing but zeros: kept as written, it is not a number to rewrite.
            Some(if trimmed.is_empty() {
                serial.clone()
            } else {
                trimmed.to_string()
            })
        }
    };
    rest = &rest[digits..];
    let remark = match rest.strip_prefix(&['号']) {
        Some(after) => after,
        None => {
            if serial.is_some() {
                problems.push(Problem::NoHao);
            }
            rest
        }
    };
    let is_remark = remark.is_empty()
        || remark.len() >= 2 && is_open(remark[0]) && is_close(remark[remark.len() - 1]);
    if !is_remark && serial.is_some() {
        problems.push(Problem::TextAfterHao);
    }
    let remark: String = match is_remark {
        true => remark.iter().collect(),
        false => String::new(),
    };
    let fixed = match (&serial, year.len(), agency.is_empty()) {
        (Some(serial), 4, false) => Some(format!("{agency}〔{year}〕{serial}号{remark}")),
        _ => None,
    };
    (problems, fixed)
}

/// Where the year is: the first run of digits inside brackets, else the first of four digits,
/// else the first. (An agency's code may hold digits; a serial number follows the year.)
fn year_run(chars: &[char]) -> Option<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_digit(chars[i]) {
            let start = i;
            while i < chars.len() && is_digit(chars[i]) {
                i += 1;
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    let bracketed = |&&(s, e): &&(usize, usize)| {
        s > 0 && is_open(chars[s - 1]) || chars.get(e).is_some_and(|c| is_close(*c))
    };
    (runs.iter().find(bracketed))
        .or_else(|| runs.iter().find(|(s, e)| e - s == 4))
        .or(runs.first())
        .copied()
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The ASCII digit a full-width one stands for; other characters as they are.
fn ascii(c: char) -> char {
    match c {
        '０'..='９' => {
            char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
        }
        _ => c,
    }
}

fn is_open(c: char) -> bool {
    "〔([（【［{｛<《〈〖".contains(c)
}

fn is_close(c: char) -> bool {
    "〕)]）】］}｝>》〉〗".contains(c)
}

impl Problem {
    /// What is wrong, as one clause of the message.
    pub(super) fn describe(&self) -> Message {
        match self {
            Problem::NoYear => msg!(
                "看不出发文机关代字、年份和序号",
                "it has no agency code, year and serial number"
            ),
            Problem::NoAgency => msg!(
                "年份前缺少发文机关代字（如 `田民`）",
                "the agency's code (发文机关代字, e.g. `田民`) is missing before the year"
            ),
            Problem::YearBrackets { open, close } => {
                let written: String = [open, close].into_iter().flatten().collect();
                match written.is_empty() {
                    true => msg!("年份要用六角括号〔〕括入", "the year goes in 六角括号 〔〕"),
                    false => msg!(
                        "年份要用六角括号〔〕括入，不用 `{written}`",
                        "the year goes in 六角括号 〔〕, not `{written}`"
                    ),
                }
            }
            Problem::ShortYear => msg!(
                "年份要写全称（四位数字）",
                "the year is written in full (four digits)"
            ),
            Problem::FullWidthDigits => msg!(
                "年份和序号要用半角阿拉伯数字（0-9），不用全角数字",
                "the year and serial number are in half-width digits (0-9), not full-width ones"
            ),
            Problem::Spaces => msg!("文号中不应有空格", "it has spaces in it"),
            Problem::Di => msg!("序号前不加“第”字", "the serial number has no 第 before it"),
            Problem::NoSerial => msg!(
                "年份后缺少发文序号",
                "the serial number is missing after the year"
            ),
            Problem::LeadingZero => msg!(
                "序号不编虚位（1不编为01）",
                "the serial number has no leading zeros (不编虚位: 1, not 01)"
            ),
            Problem::NoHao => msg!("序号后要加“号”字", "the serial number is followed by 号"),
            Problem::TextAfterHao => msg!(
                "“号”字后不应再有其他文字",
                "nothing follows 号 but a remark in brackets"
            ),
        }
    }
}

/// The warning for `document` written at `pos` of `file`, if it is not in the standard form.
pub(super) fn check_document_number(
    file: &Path,
    document: &crate::model::Spanned<String>,
    diags: &mut Diagnostics,
) {
    let (found, fixed) = problems(&document.value);
    let Some((first, others)) = found.split_first() else {
        return;
    };
    let value = &document.value;
    let mut why = first.describe();
    for p in others {
        let next = p.describe();
        why = Message::new(
            format!("{}；{}", why.zh, next.zh),
            format!("{}; {}", why.en, next.en),
        );
    }
    let example = fixed.as_deref().unwrap_or(EXAMPLE);
    diags.push(
        Diagnostic::warning(
            file,
            Some(document.pos),
            Code::DocumentNumberForm,
            msg!(
                "文号 `{value}` 不符合GB/T 9704-2012的格式：",
                "the document number `{value}` does not follow GB/T 9704-2012:"
            )
            .then(&why),
        )
        .help(msg!(
            "文号由发文机关代字、用六角括号括入的四位年份、不加“第”字也不编虚位的序号和“号”字组成，应写作 `{example}`",
            "a document number (文号) is the agency's code, the full year in 〔〕, the serial number without 第 or leading zeros, and 号: write `{example}`"
        )),
    );
}

/// The document number of every version.
pub(super) fn check(content: &Content, diags: &mut Diagnostics) {
    for version in &content.versions {
        if let Some(document) = &version.document {
            check_document_number(&version.file, document, diags);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_district_documents_use_are_accepted() {
        for right in [
            "田民〔2025〕36号",
            "淮田政办〔2023〕3号",
            "田民发〔2023〕12号",
            "田民〔2022〕27号",
            "田村（居）委〔2025〕1号",
            "皖政办秘〔2019〕108号",
            "田民〔2025〕36号（附件1）",
            "田民〔2025〕36号(附件2)",
            "田民〔2023〕3号（2025年修订）",
            "田民〔2025〕10号",
            "田民〔2025〕1号【2026】",
        ] {
            assert_eq!(
                problems(right),
                (vec![], Some(right.to_string())),
                "{right}"
            );
        }
    }

    #[test]
    fn each_departure_is_named_and_the_number_rewritten() {
        use Problem::*;
        let brackets = |open, close| YearBrackets { open, close };
        for (wrong, want, fixed) in [
            (
                "田民〔2025〕036号",
                vec![LeadingZero],
                Some("田民〔2025〕36号"),
            ),
            ("田民〔2025〕第36号", vec![Di], Some("田民〔2025〕36号")),
            (
                "田民〔2025〕第036号",
                vec![Di, LeadingZero],
                Some("田民〔2025〕36号"),
            ),
            (
                "田民[2025]36号",
                vec![brackets(Some('['), Some(']'))],
                Some("田民〔2025〕36号"),
            ),
            (
                "田民(2025)36号",
                vec![brackets(Some('('), Some(')'))],
                Some("田民〔2025〕36号"),
            ),
            (
                "田民【2025】36号",
                vec![brackets(Some('【'), Some('】'))],
                Some("田民〔2025〕36号"),
            ),
            (
                "田民（2025）36号",
                vec![brackets(Some('（'), Some('）'))],
                Some("田民〔2025〕36号"),
            ),
            (
                "田民［2025］36号",
                vec![brackets(Some('［'), Some('］'))],
                Some("田民〔2025〕36号"),
            ),
            (
                "田民〔2025】36号",
                vec![brackets(Some('〔'), Some('】'))],
                Some("田民〔2025〕36号"),
            ),
            (
                "田民(2025〕36号（附件1）",
                vec![brackets(Some('('), Some('〕'))],
                Some("田民〔2025〕36号（附件1）"),
            ),
            (
                "田民2025年36号",
                vec![brackets(None, None)],
                Some("田民〔2025〕36号"),
            ),
            ("田民2025-36号", vec![brackets(None, None), NoSerial], None),
            ("田民〔25〕36号", vec![ShortYear], None),
            (
                "田民〔２０２５〕３６号",
                vec![FullWidthDigits],
                Some("田民〔2025〕36号"),
            ),
            ("田民〔2025〕 36号", vec![Spaces], Some("田民〔2025〕36号")),
            ("田民〔2025〕36", vec![NoHao], Some("田民〔2025〕36号")),
            ("田民〔2025〕号", vec![NoSerial], None),
            ("〔2025〕36号", vec![NoAgency], None),
            (
                "田民〔2025〕36号文件",
                vec![TextAfterHao],
                Some("田民〔2025〕36号"),
            ),
            ("见附件", vec![NoYear], None),
            ("", vec![NoYear], None),
        ] {
            let (found, rewritten) = problems(wrong);
            assert_eq!(found, want, "{wrong}");
            assert_eq!(rewritten.as_deref(), fixed, "{wrong}");
        }
    }

    #[test]
    fn the_warning_names_each_problem_and_shows_the_number_rewritten() {
        let document = crate::model::Spanned {
            value: "田民〔2025〕第036号".to_string(),
            pos: crate::base::diagnostics::Pos::new(11, 11),
        };
        let mut diags = Diagnostics::default();
        check_document_number(Path::new("c/2025.yaml"), &document, &mut diags);
        let list = diags.sorted();
        let [d] = &list[..] else { panic!("{list:?}") };
        assert_eq!(
            (d.code, d.pos),
            (Code::DocumentNumberForm, Some(document.pos))
        );
        assert!(!d.is_error());
        assert_eq!(
            d.message.zh,
            "文号 `田民〔2025〕第036号` 不符合GB/T 9704-2012的格式：序号前不加“第”字；序号不编虚位（1不编为01）"
        );
        assert!(
            d.message.en.contains("has no 第 before it; the serial"),
            "{}",
            d.message.en
        );
        let help = d.help.as_ref().unwrap();
        assert!(
            help.zh.ends_with("应写作 `田民〔2025〕36号`"),
            "{}",
            help.zh
        );
        assert!(help.en.ends_with("write `田民〔2025〕36号`"), "{}", help.en);
    }
}
