//! Decoding a policy interpretation file (`policy/<slug>[.<lang>].md`): its YAML front
//! matter into `PolicyDoc`, with the Markdown after it kept as the body.

use std::path::Path;

use super::checks;
use super::policy_meta::{decode_form, decode_meta, decode_versions};
use super::read_map::{date, parse_yaml, scalar, MapReader};
use crate::base::codes::Code;
use crate::base::diagnostics::{suggestion, Diagnostic, Diagnostics, Pos};
use crate::model::{is_slug, PolicyDoc, Related, Spanned};
use crate::msg;
use crate::read::source::SourceFile;
use crate::yaml::Value;

pub const POLICY_KEYS: &[&str] = &[
    "title",
    "date",
    "department",
    "document",
    "related",
    "index_number",
    "issuers",
    "written",
    "validity",
    "source",
    "versions",
    "form",
];
pub const RELATED_KEYS: &[&str] = &["title", "url"];

/// The slug and language of a policy file: `<slug>.md` in `default`, `<slug>.<code>.md`.
pub(super) fn policy_name<'f>(file: &'f SourceFile, default: &'f str) -> (&'f str, &'f str) {
    let name = file
        .rel
        .trim_start_matches("policy/")
        .trim_end_matches(".md");
    name.rsplit_once('.').unwrap_or((name, default))
}

/// A policy file; `languages_unknown` when an entry of `languages` did not decode, and a
/// language missing from `langs` is then no error of this file's.
pub(super) fn decode_policy(
    file: &SourceFile,
    langs: &[String],
    languages_unknown: bool,
    diags: &mut Diagnostics,
) -> Option<(String, PolicyDoc)> {
    let path = &file.path;
    let (slug, lang) = policy_name(file, &langs[0]);
    if !usable_name(path, slug, lang, langs, languages_unknown, diags) {
        return None;
    }
    let (yaml_text, body, body_line) = split_front_matter(path, &file.text, diags)?;
    let root = parse_yaml(path, yaml_text, 1, diags)?;
    let m = MapReader::new(path, &root, FRONT_MATTER, POLICY_KEYS, diags)?;
    let title = m
        .required(
            "title",
            || {
                msg!(
                    "加上 `title: ……`，即解读的标题",
                    "add `title: ...`, the interpretation's title"
                )
            },
            diags,
        )
        .and_then(|n| scalar(path, n, "title", diags));
    if let Some(title) = &title {
        checks::not_empty(path, title.pos, "title", None, &title.value, diags);
    }
    let date_value = m
        .required(
            "date",
            || {
                msg!(
                    "加上 `date: 年-月-日`，即发布日期",
                    "add `date: YYYY-MM-DD`, the publication date"
                )
            },
            diags,
        )
        .and_then(|n| date(path, n, "date", diags));
    let related = decode_related(path, &m, diags);
    let meta = decode_meta(path, &m, date_value, diags);
    let versions = decode_versions(path, &m, diags);
    let form = decode_form(path, &m, &body, diags);
    Some((
        slug.to_string(),
        PolicyDoc {
            file: path.clone(),
            lang: Spanned {
                value: lang.to_string(),
                pos: Pos::new(1, 1),
            },
            title: title?.value,
            date: date_value?,
            department: m.string("department", diags).map(|s| s.value),
            document: m.string("document", diags).map(|s| s.value),
            related,
            body,
            meta,
            versions,
            form,
            body_line,
            images: Vec::new(),
        },
    ))
}

/// The front matter, named in messages.
const FRONT_MATTER: [&str; 2] = ["文件开头的信息（front matter）", "the front matter"];

/// Whether the file's name gives a configured language and a slug that can be an address
/// (reported when not; a language is no error of this file's while `languages_unknown`).
fn usable_name(
    path: &Path,
    slug: &str,
    lang: &str,
    langs: &[String],
    languages_unknown: bool,
    diags: &mut Diagnostics,
) -> bool {
    if !langs.iter().any(|l| l == lang) {
        if languages_unknown {
            return false;
        }
        let d = Diagnostic::error(
            path,
            Some(Pos::new(1, 1)),
            Code::UnknownLanguage,
            msg!(
                "文件名中的语言 `{lang}` 没有在 site.yaml 中设置",
                "the language `{lang}` in the file name is not configured in site.yaml"
            ),
        );
        let help = match suggestion(lang, langs.iter().map(String::as_str)) {
            Some(s) => s.then(&msg!(
                "或者在 site.yaml 的 `languages` 中加上 `{lang}`",
                "Or add `{lang}` to `languages` in site.yaml"
            )),
            None => msg!(
                "在 site.yaml 的 `languages` 中加上 `{lang}`，或把文件改名为 `{slug}.md`",
                "add `{lang}` to `languages` in site.yaml, or rename the file to `{slug}.md`"
            ),
        };
        diags.push(d.help(help));
        return false;
    }
    if !is_slug(slug) {
        diags.push(
            Diagnostic::error(
                path,
                Some(Pos::new(1, 1)),
                Code::BadFileName,
                msg!(
                    "`{slug}` 不能用作网页地址",
                    "`{slug}` cannot be a page address"
                ),
            )
            .help(msg!(
                "政策解读文件名只用小写字母、数字和连字符，例如 village-organizations.md",
                "name policy files with lowercase letters, digits and hyphens, e.g. \
                 village-organizations.md"
            )),
        );
        return false;
    }
    true
}

/// The front matter's YAML (from the line after the opening `---`), the Markdown body and the
/// line it starts on.
fn split_front_matter<'t>(
    path: &Path,
    text: &'t str,
    diags: &mut Diagnostics,
) -> Option<(&'t str, String, u32)> {
    let Some(rest) = text.strip_prefix("---\n") else {
        diags.push(
            Diagnostic::error(
                path,
                Some(Pos::new(1, 1)),
                Code::FrontMatter,
                msg!(
                    "文件开头没有标题和日期等信息（front matter）",
                    "the file does not start with front matter"
                ),
            )
            .help(msg!(
                "第一行写 `---`，接着写 `title:` 和 `date:`，再写一行 `---`，然后是正文",
                "start the file with a line `---`, then `title:` and `date:`, then a line \
                 `---`, then the Markdown"
            )),
        );
        return None;
    };
    let Some(end) = rest
        .find("\n---\n")
        .map(|i| i + 1)
        .or_else(|| rest.ends_with("\n---").then(|| rest.len() - 3))
    else {
        diags.push(
            Diagnostic::error(
                path,
                Some(Pos::new(1, 1)),
                Code::FrontMatter,
                msg!(
                    "文件开头的信息（front matter）没有结束",
                    "the front matter is not closed"
                ),
            )
            .help(msg!(
                "在标题和日期等信息之后加一行只有 `---` 的行",
                "end the front matter with a line containing only `---`"
            )),
        );
        return None;
    };
    let yaml_text = &rest[..end];
    let body = rest[end..]
        .trim_start_matches("---")
        .trim_start_matches('\n');
    let before = &text[..text.len() - body.len()];
    let body_line = u32::try_from(before.matches('\n').count() + 1).unwrap_or(u32::MAX);
    Some((yaml_text, body.to_string(), body_line))
}

/// The `related` documents whose title and address are usable (reported when not).
fn decode_related(path: &Path, m: &MapReader, diags: &mut Diagnostics) -> Vec<Related> {
    let mut related = Vec::new();
    if let Some(node) = m.get("related") {
        match &node.value {
            Value::Seq(list) => {
                for n in list {
                    if let Some(r) = MapReader::new(
                        path,
                        n,
                        ["相关文件", "a related document"],
                        RELATED_KEYS,
                        diags,
                    ) {
                        let t = r
                            .required(
                                "title",
                                || msg!("加上文件的标题", "add the document's title"),
                                diags,
                            )
                            .and_then(|n| scalar(path, n, "title", diags));
                        let u = r
                            .required(
                                "url",
                                || msg!("加上文件的网址", "add the document's address"),
                                diags,
                            )
                            .and_then(|n| scalar(path, n, "url", diags));
                        if let (Some(t), Some(u)) = (t, u) {
                            checks::not_empty(path, t.pos, "title", None, &t.value, diags);
                            let also = checks::Also::Path;
                            match checks::address_problem(&u.value, also) {
                                None => related.push(Related {
                                    title: t.value,
                                    url: u.value,
                                }),
                                Some(problem) => diags.push(checks::refused_address(
                                    path,
                                    u.pos,
                                    "url",
                                    &u.value,
                                    &problem,
                                    also,
                                    "https://www.gov.cn/zhengce/doc.html",
                                )),
                            }
                        }
                    }
                }
            }
            _ => diags.push(
                Diagnostic::error(
                    path,
                    Some(node.pos),
                    Code::NotAList,
                    msg!("`related` 应当是列表", "`related` must be a list"),
                )
                .help(msg!(
                    "每份文件写一行 `- {{ title: ……, url: …… }}`",
                    "write `- {{ title: ..., url: ... }}` per document"
                )),
            ),
        }
    }
    related
}
