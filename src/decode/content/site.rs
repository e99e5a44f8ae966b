//! Decoding site.yaml into `Site`: title, languages (the first is the default), publisher,
//! contact, footer, theme, feedback form and categories.
//!
//! The key lists are public because `schema` builds the editors' JSON Schemas from them.

use std::path::Path;

use super::checks;
use super::read_map::{parse_yaml, scalar, text, MapReader};
use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::model::Damage;
use crate::model::{Category, Contact, Footer, Language, Site, Spanned};
use crate::read::source::SourceFile;
use crate::yaml::{Node, Value};

// The keys each map of site.yaml accepts.
pub const SITE_KEYS: &[&str] = &[
    "title",
    "base_url",
    "languages",
    "publisher",
    "contact",
    "footer",
    "theme",
    "feedback",
    "categories",
];

pub const LANGUAGE_KEYS: &[&str] = &["code", "name"];
pub const CONTACT_KEYS: &[&str] = &["department", "phone", "person", "address"];
pub const FOOTER_KEYS: &[&str] = &[
    "site_code",
    "icp",
    "police_record",
    "error_report_url",
    "emblem",
];
pub const FEEDBACK_KEYS: &[&str] = &["action"];
pub const CATEGORY_KEYS: &[&str] = &["id", "name"];

pub(super) fn decode_site(
    file: &SourceFile,
    damage: &mut Damage,
    diags: &mut Diagnostics,
) -> Option<Site> {
    let path = &file.path;
    let root = parse_yaml(path, &file.text, 0, diags)?;
    let map = MapReader::new(path, &root, "site.yaml", SITE_KEYS, diags)?;
    let (languages, language_pos) = decode_languages(path, &map, damage, diags)?;
    let default = languages[0].code.clone();
    let title = map.required(
        "title",
        "add the site's title, e.g. `title: { zh-CN: ..., en: ... }`",
        diags,
    );
    let title = title.and_then(|n| text(path, n, "title", &default, None, diags));
    let base_url = map
        .required("base_url", "add the address where the portal publishes the site, e.g. `base_url: https://www.example.gov.cn/zmsx/`", diags)
        .and_then(|n| scalar(path, n, "base_url", diags));
    let publisher = map
        .required("publisher", "add the publishing department (主办单位), e.g. `publisher: { zh-CN: 田家庵区民政局, en: ... }`", diags)
        .and_then(|n| text(path, n, "publisher", &default, None, diags));
    let contact = decode_contact(path, &map, &default, diags);
    let footer = decode_footer(path, &map, diags);
    let theme = map.string("theme", diags);
    let mut feedback_action = None;
    if let Some(node) = map.get("feedback") {
        if let Some(m) = MapReader::new(path, node, "`feedback`", FEEDBACK_KEYS, diags) {
            feedback_action = m.string("action", diags);
        }
    }
    let categories = decode_categories(path, &map, &default, damage, diags);
    Some(Site {
        file: path.clone(),
        title: title?,
        base_url: base_url?,
        languages,
        language_pos,
        publisher: publisher?,
        contact,
        footer,
        theme,
        feedback_action,
        categories,
    })
}

/// The usable entries of `languages`, with where each code was written; `None` (reported)
/// when there is none, since every text needs the default language.
fn decode_languages(
    path: &Path,
    map: &MapReader,
    damage: &mut Damage,
    diags: &mut Diagnostics,
) -> Option<(Vec<Language>, Vec<Pos>)> {
    let mut languages = Vec::new();
    let mut language_pos = Vec::new();
    if let Some(node) = map.required(
        "languages",
        "list the languages, the default first: `- { code: zh-CN, name: 中文 }`",
        diags,
    ) {
        match &node.value {
            Value::Seq(list) => {
                // Entries with a language code; any other leaves the languages unknown.
                let mut usable = 0;
                for n in list {
                    let Some((code, name)) = language_entry(path, n, diags) else {
                        continue;
                    };
                    usable += 1;
                    if languages.iter().any(|l: &Language| l.code == code.value) {
                        diags.push(
                            Diagnostic::error_en(
                                path,
                                Some(code.pos),
                                format!("the language `{}` is listed twice", code.value),
                            )
                            .help("remove one of the two entries"),
                        );
                        continue;
                    }
                    checks::not_empty(path, name.pos, "name", None, &name.value, diags);
                    language_pos.push(code.pos);
                    languages.push(Language {
                        code: code.value,
                        name: name.value,
                    });
                }
                damage.languages = usable < list.len();
            }
            _ => diags.push(
                Diagnostic::error_en(path, Some(node.pos), "`languages` must be a list")
                    .help("write `- { code: zh-CN, name: 中文 }`, one per line"),
            ),
        }
    }
    if languages.is_empty() {
        if map.get("languages").is_some() {
            diags.push(
                Diagnostic::error_en(
                    path,
                    map.key_pos("languages"),
                    "no usable language in `languages`",
                )
                .help("add at least `- { code: zh-CN, name: 中文 }`"),
            );
        }
        return None;
    }
    Some((languages, language_pos))
}

/// The code and name of one entry of `languages`, when both are there and the code is one.
fn language_entry(
    path: &Path,
    node: &Node,
    diags: &mut Diagnostics,
) -> Option<(Spanned<String>, Spanned<String>)> {
    let m = MapReader::new(path, node, "a language", LANGUAGE_KEYS, diags)?;
    let code = m.required("code", "add `code: en` (a BCP 47 language tag)", diags);
    let name = m.required(
        "name",
        "add `name: English` (the language's name in itself)",
        diags,
    );
    let (Some(code), Some(name)) = (
        code.and_then(|c| scalar(path, c, "code", diags)),
        name.and_then(|c| scalar(path, c, "name", diags)),
    ) else {
        return None;
    };
    if !is_language_code(&code.value) {
        diags.push(
            Diagnostic::error_en(
                path,
                Some(code.pos),
                format!("`{}` is not a language code", code.value),
            )
            .help("use a BCP 47 tag such as zh-CN, en or ug"),
        );
        return None;
    }
    Some((code, name))
}

fn decode_contact(path: &Path, map: &MapReader, default: &str, diags: &mut Diagnostics) -> Contact {
    let mut contact = Contact::default();
    if let Some(node) = map.get("contact") {
        if let Some(m) = MapReader::new(path, node, "`contact`", CONTACT_KEYS, diags) {
            contact.department = m.text("department", default, diags);
            contact.phone = m.string("phone", diags).map(|s| s.value);
            contact.person = m.text("person", default, diags);
            contact.address = m.text("address", default, diags);
        }
    }
    contact
}

fn decode_footer(path: &Path, map: &MapReader, diags: &mut Diagnostics) -> Footer {
    let mut footer = Footer::default();
    if let Some(node) = map.get("footer") {
        if let Some(m) = MapReader::new(path, node, "`footer`", FOOTER_KEYS, diags) {
            footer.site_code = m.string("site_code", diags).map(|s| s.value);
            footer.icp = m.string("icp", diags).map(|s| s.value);
            footer.police_record = m.string("police_record", diags).map(|s| s.value);
            footer.error_report_url = m.string("error_report_url", diags);
            footer.emblem = m.string("emblem", diags);
        }
    }
    footer
}

/// The categories that decoded; `damage.categories` unless every entry did.
fn decode_categories(
    path: &Path,
    map: &MapReader,
    default: &str,
    damage: &mut Damage,
    diags: &mut Diagnostics,
) -> Vec<Category> {
    let mut categories = Vec::new();
    // Until every entry is read: items are not checked against a partial list.
    damage.categories = true;
    if let Some(node) = map.required("categories", "list the categories: `- { id: family, name: { zh-CN: 婚姻家庭, en: Marriage and family } }`", diags) {
        match &node.value {
            Value::Seq(list) if list.is_empty() => diags.push(Diagnostic::error_en(path, Some(node.pos), "`categories` lists no category").help("add at least one `- { id: ..., name: ... }`")),
            Value::Seq(list) => {
                for n in list {
                    let Some(m) = MapReader::new(path, n, "a category", CATEGORY_KEYS, diags) else {
                        continue;
                    };
                    let id = m.required("id", "add `id: family` (lowercase letters, digits and hyphens)", diags).and_then(|n| scalar(path, n, "id", diags));
                    let name = m.required("name", "add the category's name", diags).and_then(|n| text(path, n, "name", default, None, diags));
                    if let (Some(id), Some(name)) = (id, name) {
                        categories.push(Category { id, name });
                    }
                }
                damage.categories = categories.len() < list.len();
            }
            _ => diags.push(Diagnostic::error_en(path, Some(node.pos), "`categories` must be a list").help("write one `- { id: ..., name: ... }` per line")),
        }
    }
    categories
}

fn is_language_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 35
        && code
            .split('-')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The code of the site's default language (the first of `languages`) as `text` (a site.yaml)
/// gives it, or `None` when it cannot be read there. Used before any decoding to choose the
/// language the tool speaks in, so it reports nothing: the full decode does.
pub(crate) fn default_language(text: &str) -> Option<String> {
    let root = crate::yaml::parse(text, 0).ok()?;
    let Value::Map(entries) = &root.value else {
        return None;
    };
    let (_, languages) = entries
        .iter()
        .find(|(k, _)| k.as_str() == Some("languages"))?;
    let Value::Seq(list) = &languages.value else {
        return None;
    };
    let Value::Map(first) = &list.first()?.value else {
        return None;
    };
    let (_, code) = first.iter().find(|(k, _)| k.as_str() == Some("code"))?;
    code.as_str().map(str::to_string)
}
