//! The metadata block of a policy interpretation (索引号, 发文机关, 成文日期, 有效性, 信息来源),
//! its `versions` and its `form`, read from the front matter with their checks. Kept apart
//! from `policy.rs`, which owns the file itself (its name, its front matter's bounds).

use std::path::Path;

use chrono::NaiveDate;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag};

use super::checks;
use super::read_map::{date, scalar, MapReader};
use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::base::message::Message;
use crate::model::{PolicyForm, PolicyMeta, Spanned, Validity};
use crate::msg;
use crate::yaml::{Node, Value};

pub const VALIDITY_KEYS: &[&str] = &["status", "date"];

/// The metadata block; `date` is the publication date (发布日期), when it decoded.
pub(super) fn decode_meta(
    path: &Path,
    m: &MapReader,
    date_value: Option<NaiveDate>,
    diags: &mut Diagnostics,
) -> PolicyMeta {
    let index_number = m.string("index_number", diags).map(|s| {
        check_index_number(path, &s, diags);
        s.value
    });
    let issuers = m
        .get("issuers")
        .map(|n| string_list(path, n, "issuers", diags))
        .unwrap_or_default();
    let written = m.get("written").and_then(|n| {
        let written = date(path, n, "written", diags)?;
        if date_value.is_some_and(|published| written > published) {
            let (w, d) = (written, date_value.unwrap_or(written));
            diags.push(
                Diagnostic::error(
                    path,
                    Some(n.pos),
                    Code::PolicyDateOrder,
                    msg!(
                        "成文日期 `written: {w}` 晚于发布日期 `date: {d}`",
                        "the date written, `written: {w}`, is after the publication date `date: {d}`"
                    ),
                )
                .help(msg!(
                    "`written` 写文件上的成文日期，`date` 写解读的发布日期；文件先成文后发布",
                    "`written` is the date on the document, `date` the day the interpretation was \
                     published, which comes later"
                )),
            );
        }
        Some(written)
    });
    let validity = m
        .get("validity")
        .and_then(|n| decode_validity(path, n, written, diags));
    let source = m.string("source", diags).map(|s| {
        checks::not_empty(path, s.pos, "source", None, &s.value, diags);
        s.value
    });
    PolicyMeta {
        index_number,
        issuers,
        written,
        validity,
        source,
    }
}

/// `versions: [YYYY-MM-DD, ...]`, each date with where it was written.
pub(super) fn decode_versions(
    path: &Path,
    m: &MapReader,
    diags: &mut Diagnostics,
) -> Option<Vec<Spanned<NaiveDate>>> {
    let node = m.get("versions")?;
    let Value::Seq(list) = &node.value else {
        diags.push(not_a_list(path, node.pos, "versions", "2023-02-21"));
        return None;
    };
    Some(
        list.iter()
            .filter_map(|n| {
                date(path, n, "versions", diags).map(|value| Spanned { value, pos: n.pos })
            })
            .collect(),
    )
}

/// `form`: absent for prose, `questions` for a question-and-answer page, which then needs a
/// question (a `## ` heading) in `body`.
pub(super) fn decode_form(
    path: &Path,
    m: &MapReader,
    body: &str,
    diags: &mut Diagnostics,
) -> PolicyForm {
    let Some(form) = m.string("form", diags) else {
        return PolicyForm::Prose;
    };
    if form.value != "questions" {
        let value = &form.value;
        diags.push(
            Diagnostic::error(
                path,
                Some(form.pos),
                Code::UnknownForm,
                msg!(
                    "`form: {value}` 不是解读的形式",
                    "`form: {value}` is not a form of interpretation"
                ),
            )
            .help(msg!(
                "问答式解读写 `form: questions`；普通的文字解读不写 `form`",
                "write `form: questions` for questions and answers; leave `form` out for prose"
            )),
        );
        return PolicyForm::Prose;
    }
    let has_question = Parser::new(body).any(|e| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            })
        )
    });
    if !has_question {
        diags.push(
            Diagnostic::error(
                path,
                Some(form.pos),
                Code::NoQuestions,
                msg!(
                    "`form: questions` 的解读里没有问题",
                    "the interpretation has `form: questions` but no question"
                ),
            )
            .help(msg!(
                "每个问题写成一行以 `## ` 开头的标题，答案写在它下面；不是问答式的解读删去 `form`",
                "write each question as a heading line starting with `## ` and its answer below \
                 it, or remove `form`"
            )),
        );
        return PolicyForm::Prose;
    }
    PolicyForm::Questions
}

/// A list of strings, each checked as `key`'s value.
fn string_list(path: &Path, node: &Node, key: &str, diags: &mut Diagnostics) -> Vec<String> {
    let Value::Seq(list) = &node.value else {
        diags.push(not_a_list(path, node.pos, key, "田家庵区民政局"));
        return Vec::new();
    };
    list.iter()
        .filter_map(|n| {
            let s = scalar(path, n, key, diags)?;
            checks::not_empty(path, s.pos, key, None, &s.value, diags);
            Some(s.value)
        })
        .collect()
}

fn not_a_list(path: &Path, pos: Pos, key: &str, example: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        Some(pos),
        Code::NotAList,
        msg!("`{key}` 应当是列表", "`{key}` must be a list"),
    )
    .help(msg!(
        "写成 `{key}: [{example}]`，或每行写一项 `- {example}`",
        "write `{key}: [{example}]`, or one `- {example}` per line"
    ))
}

/// `validity: { status: in_force | repealed, date: YYYY-MM-DD }`: the date is the day of
/// repeal, required for `repealed` and not given for `in_force`.
fn decode_validity(
    path: &Path,
    node: &Node,
    written: Option<NaiveDate>,
    diags: &mut Diagnostics,
) -> Option<Validity> {
    let v = MapReader::new(path, node, ["有效性", "`validity`"], VALIDITY_KEYS, diags)?;
    let status = v
        .required(
            "status",
            || {
                msg!(
                    "加上 `status: in_force`（现行有效）或 `status: repealed`（已废止）",
                    "add `status: in_force` or `status: repealed`"
                )
            },
            diags,
        )
        .and_then(|n| scalar(path, n, "status", diags))?;
    let repeal = v.get("date").map(|n| (n, date(path, n, "date", diags)));
    let bad = |pos: Pos, message: Message, help: Message| {
        Diagnostic::error(path, Some(pos), Code::BadValidity, message).help(help)
    };
    match status.value.as_str() {
        "in_force" => {
            if let Some((n, _)) = repeal {
                diags.push(bad(
                    n.pos,
                    msg!(
                        "现行有效的文件没有废止日期",
                        "a document in force has no date of repeal"
                    ),
                    msg!(
                        "删去 `date`；文件已废止的，写 `status: repealed`",
                        "remove `date`, or write `status: repealed` if the document was repealed"
                    ),
                ));
                return None;
            }
            Some(Validity::InForce)
        }
        "repealed" => match repeal {
            None => {
                diags.push(bad(
                    status.pos,
                    msg!(
                        "已废止的文件缺少废止日期",
                        "a repealed document needs the date of its repeal"
                    ),
                    msg!(
                        "在 `validity` 中加上 `date: 年-月-日`，即废止日期，例如 `date: 2025-01-01`",
                        "add `date: YYYY-MM-DD` to `validity`, the day of repeal, e.g. \
                         `date: 2025-01-01`"
                    ),
                ));
                None
            }
            Some((n, Some(day))) => {
                if let Some(w) = written.filter(|w| day < *w) {
                    diags.push(
                        Diagnostic::error(
                            path,
                            Some(n.pos),
                            Code::PolicyDateOrder,
                            msg!(
                                "废止日期 `{day}` 早于成文日期 `{w}`",
                                "the date of repeal, {day}, is before the date written, {w}"
                            ),
                        )
                        .help(msg!(
                            "检查 `validity` 的 `date` 和 `written`：文件先成文，后废止",
                            "check `validity`'s `date` and `written`: a document is written \
                             before it is repealed"
                        )),
                    );
                    return None;
                }
                Some(Validity::Repealed(day))
            }
            Some((_, None)) => None,
        },
        other => {
            diags.push(bad(
                status.pos,
                msg!(
                    "`status: {other}` 不是有效性",
                    "`status: {other}` is not a validity"
                ),
                msg!(
                    "写 `status: in_force`（现行有效）或 `status: repealed`（已废止）",
                    "write `status: in_force` or `status: repealed`"
                ),
            ));
            None
        }
    }
}

/// Warn about a 索引号 unlike those government sites publish: the publishing body's code,
/// `/`, then the year (or year and month), `-` and a serial number (`003043524/202203-00218`).
/// Sites differ in the details, so an odd one is only a warning.
fn check_index_number(path: &Path, value: &Spanned<String>, diags: &mut Diagnostics) {
    if index_number_usual(&value.value) {
        return;
    }
    let v = &value.value;
    let full_width = v.contains(['／', '－']) || v.chars().any(|c| ('０'..='９').contains(&c));
    let help = if full_width {
        msg!(
            "把全角的“／”“－”和数字改成半角，例如 `003043524/202203-00218`",
            "use ASCII `/`, `-` and digits, e.g. `003043524/202203-00218`"
        )
    } else {
        msg!(
            "照政府信息公开目录上的原样抄写索引号，例如 `003043524/202203-00218`（机构代码/年月-序号）；确实如此的，可以不改",
            "copy the index number exactly as the disclosure catalogue shows it, e.g. \
             `003043524/202203-00218` (body code/year and month-serial); if it is right, leave it"
        )
    };
    diags.push(
        Diagnostic::warning(
            path,
            Some(value.pos),
            Code::IndexNumberForm,
            msg!(
                "索引号 `{v}` 与常见的格式不同",
                "the index number `{v}` is not in the usual form"
            ),
        )
        .help(help),
    );
}

/// `<code>/<year or year and month>-<serial>`: the code letters and digits, the rest digits.
fn index_number_usual(v: &str) -> bool {
    let Some((code, rest)) = v.split_once('/') else {
        return false;
    };
    let Some((period, serial)) = rest.split_once('-') else {
        return false;
    };
    let digits = |s: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    (6..=20).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_alphanumeric())
        && digits(period, 4..=8)
        && digits(serial, 1..=8)
}

#[cfg(test)]
mod tests {
    use super::index_number_usual;

    #[test]
    fn index_numbers_as_sites_publish_them() {
        for usual in [
            "003043524/202203-00218",
            "11340403MB1563817G/2023-00012",
            "000014349/2022-00123",
        ] {
            assert!(index_number_usual(usual), "{usual}");
        }
        for odd in [
            "003043524／202203－00218",
            "202203-00218",
            "003043524/202203",
            "索引号/2023-1",
            "003043524/2023-",
            "",
        ] {
            assert!(!index_number_usual(odd), "{odd}");
        }
    }
}
