//! Decoding site.yaml into `Site`: title, languages (the first is the default), publisher,
//! contact, footer, theme, feedback form and categories (`search` is decoded in `search.rs`).
//!
//! The key lists are public because `schema` builds the editors' JSON Schemas from them.

use std::path::Path;

use super::checks;
use super::read_map::{parse_yaml, scalar, text, MapReader};
use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::model::Damage;
use crate::model::{Category, Contact, Footer, Language, Site, Spanned};
use crate::msg;
use crate::read::source::SourceFile;
use crate::yaml::{Node, Value};

// The keys each map of site.yaml accepts.
pub const SITE_KEYS: &[&str] = &[
    "title",
    "base_url",
    "languages",
    "publisher",
    "operator",
    "notice",
    "contact",
    "footer",
    "theme",
    "feedback",
    "categories",
    "search",
    "lists",
];

pub const LANGUAGE_KEYS: &[&str] = &["code", "name"];
pub const CONTACT_KEYS: &[&str] = &[
    "department",
    "phone",
    "person",
    "address",
    "supervision_phone",
];
pub const FOOTER_KEYS: &[&str] = &[
    "site_code",
    "icp",
    "police_record",
    "error_report_url",
    "emblem",
    "conac_id",
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
    let map = MapReader::new(
        path,
        &root,
        ["站点设置（site.yaml）", "site.yaml"],
        SITE_KEYS,
        diags,
    )?;
    let (languages, language_pos) = decode_languages(path, &map, damage, diags)?;
    let default = languages[0].code.clone();
    let title = map.required(
        "title",
        || {
            msg!(
                "加上网站标题，例如 `title: {{ zh-CN: ……, en: …… }}`",
                "add the site's title, e.g. `title: {{ zh-CN: ..., en: ... }}`"
            )
        },
        diags,
    );
    let title = title.and_then(|n| text(path, n, "title", &default, None, diags));
    let base_url = map
        .required(
            "base_url",
            || {
                msg!(
                    "加上门户网站发布本站的地址，例如 `base_url: https://www.example.gov.cn/zmsx/`",
                    "add the address where the portal publishes the site, e.g. \
                     `base_url: https://www.example.gov.cn/zmsx/`"
                )
            },
            diags,
        )
        .and_then(|n| scalar(path, n, "base_url", diags));
    let publisher = map
        .required(
            "publisher",
            || {
                msg!(
                    "加上主办单位，例如 `publisher: {{ zh-CN: 田家庵区民政局, en: …… }}`",
                    "add the publishing department (主办单位), e.g. \
                     `publisher: {{ zh-CN: 田家庵区民政局, en: ... }}`"
                )
            },
            diags,
        )
        .and_then(|n| text(path, n, "publisher", &default, None, diags));
    let operator = map.text("operator", &default, diags);
    let notice = map.text("notice", &default, diags);
    let contact = decode_contact(path, &map, &default, diags);
    let footer = decode_footer(path, &map, diags);
    let theme = map.string("theme", diags);
    let mut feedback_action = None;
    if let Some(node) = map.get("feedback") {
        if let Some(m) = MapReader::new(
            path,
            node,
            ["`feedback`", "`feedback`"],
            FEEDBACK_KEYS,
            diags,
        ) {
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
        operator,
        notice,
        contact,
        footer,
        theme,
        feedback_action,
        categories,
        search: super::search::decode_search(path, &map, &default, diags),
        lists: super::lists::decode_decls(path, &map, &default, diags),
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
        || {
            msg!(
                "列出网站的语言，默认语言写在第一位：`- {{ code: zh-CN, name: 中文 }}`",
                "list the languages, the default first: `- {{ code: zh-CN, name: 中文 }}`"
            )
        },
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
                        let (code, code_pos) = (&code.value, code.pos);
                        diags.push(
                            Diagnostic::error(
                                path,
                                Some(code_pos),
                                Code::DuplicateLanguage,
                                msg!(
                                    "语言 `{code}` 列了两次",
                                    "the language `{code}` is listed twice"
                                ),
                            )
                            .help(msg!("删去其中一项", "remove one of the two entries")),
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
                Diagnostic::error(
                    path,
                    Some(node.pos),
                    Code::NotAList,
                    msg!("`languages` 应当是列表", "`languages` must be a list"),
                )
                .help(msg!(
                    "每种语言一行，写成 `- {{ code: zh-CN, name: 中文 }}`",
                    "write `- {{ code: zh-CN, name: 中文 }}`, one per line"
                )),
            ),
        }
    }
    if languages.is_empty() {
        if map.get("languages").is_some() {
            diags.push(
                Diagnostic::error(
                    path,
                    map.key_pos("languages"),
                    Code::NoLanguage,
                    msg!(
                        "`languages` 中没有一种可用的语言",
                        "no usable language in `languages`"
                    ),
                )
                .help(msg!(
                    "至少写上 `- {{ code: zh-CN, name: 中文 }}`",
                    "add at least `- {{ code: zh-CN, name: 中文 }}`"
                )),
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
    let m = MapReader::new(path, node, ["语言", "a language"], LANGUAGE_KEYS, diags)?;
    let code = m.required(
        "code",
        || {
            msg!(
                "加上 `code: en`（BCP 47 语言代码）",
                "add `code: en` (a BCP 47 language tag)"
            )
        },
        diags,
    );
    let name = m.required(
        "name",
        || {
            msg!(
                "加上 `name: English`（该语言自己的名称）",
                "add `name: English` (the language's name in itself)"
            )
        },
        diags,
    );
    let (Some(code), Some(name)) = (
        code.and_then(|c| scalar(path, c, "code", diags)),
        name.and_then(|c| scalar(path, c, "name", diags)),
    ) else {
        return None;
    };
    if !is_language_code(&code.value) {
        let value = &code.value;
        diags.push(
            Diagnostic::error(
                path,
                Some(code.pos),
                Code::BadLanguageCode,
                msg!("`{value}` 不是语言代码", "`{value}` is not a language code"),
            )
            .help(msg!(
                "使用 BCP 47 语言代码，例如 zh-CN、en 或 ug",
                "use a BCP 47 tag such as zh-CN, en or ug"
            )),
        );
        return None;
    }
    Some((code, name))
}

fn decode_contact(path: &Path, map: &MapReader, default: &str, diags: &mut Diagnostics) -> Contact {
    let mut contact = Contact::default();
    if let Some(node) = map.get("contact") {
        if let Some(m) = MapReader::new(path, node, ["`contact`", "`contact`"], CONTACT_KEYS, diags)
        {
            contact.department = m.text("department", default, diags);
            contact.phone = m.string("phone", diags).map(|s| s.value);
            contact.person = m.text("person", default, diags);
            contact.address = m.text("address", default, diags);
            contact.supervision_phone = m
                .string("supervision_phone", diags)
                .filter(|p| phone_ok(path, "supervision_phone", p, diags))
                .map(|p| p.value);
        }
    }
    contact
}

fn decode_footer(path: &Path, map: &MapReader, diags: &mut Diagnostics) -> Footer {
    decode_footer_keys(path, map, FOOTER_KEYS, diags)
}

/// The `footer` of `map`, allowing `keys` (a place's footer has no emblem of its own: the
/// emblem is a file the whole site publishes once).
pub(super) fn decode_footer_keys(
    path: &Path,
    map: &MapReader,
    keys: &[&str],
    diags: &mut Diagnostics,
) -> Footer {
    let mut footer = Footer::default();
    if let Some(node) = map.get("footer") {
        if let Some(m) = MapReader::new(path, node, ["`footer`", "`footer`"], keys, diags) {
            footer.site_code = m.string("site_code", diags).map(|s| s.value);
            footer.icp = m.string("icp", diags).map(|s| s.value);
            footer.error_report_url = m.string("error_report_url", diags);
            footer.emblem = m.string("emblem", diags);
            footer.conac_id = m
                .string("conac_id", diags)
                .filter(|id| conac_id_ok(path, id, diags))
                .map(|id| id.value);
            if let Some(record) = m.string("police_record", diags) {
                police_record_has_number(path, &record, diags);
                footer.police_record = Some(record.value);
            }
        }
    }
    footer
}

/// Whether `phone`, the value of `key`, reads as a telephone number (digits, with `-`, `+`,
/// spaces and brackets between them); reported when not, since pages and the notice board
/// print it for people to dial.
pub(super) fn phone_ok(
    path: &Path,
    key: &str,
    phone: &Spanned<String>,
    diags: &mut Diagnostics,
) -> bool {
    let value = &phone.value;
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let allowed = |c: char| c.is_ascii_digit() || " -+()（）".contains(c);
    if digits >= 3 && value.chars().all(allowed) {
        return true;
    }
    diags.push(
        Diagnostic::error(
            path,
            Some(phone.pos),
            Code::BadPhone,
            msg!(
                "`{key}` 的值 `{value}` 不是电话号码",
                "`{key}` `{value}` is not a telephone number"
            ),
        )
        .help(msg!(
            "只写号码，加上引号，例如 `{key}: \"0554-12345\"`",
            "write the number alone, quoted, e.g. `{key}: \"0554-12345\"`"
        )),
    );
    false
}

/// Whether `id` can key the 党政机关网站标识's verification link: letters and digits only
/// (bszs.conac.cn issues a 32-character hexadecimal id), so that it goes into the address as
/// it is.
fn conac_id_ok(path: &Path, id: &Spanned<String>, diags: &mut Diagnostics) -> bool {
    let value = &id.value;
    if !value.is_empty() && value.len() <= 64 && value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return true;
    }
    diags.push(
        Diagnostic::error(
            path,
            Some(id.pos),
            Code::BadIdentifier,
            msg!(
                "`conac_id` 的值 `{value}` 不是党政机关网站标识的编号",
                "`conac_id` `{value}` is not a 党政机关网站标识 id"
            ),
        )
        .help(msg!(
            "从标识核验页面地址中 `id=` 之后复制编号（只有字母和数字），例如 `conac_id: 0A1B2C3D4E5F`",
            "copy the id after `id=` in the address of the emblem's verification page \
             (letters and digits only), e.g. `conac_id: 0A1B2C3D4E5F`"
        )),
    );
    false
}

/// Warns when the 公安机关备案号 holds no digits: the footer links to the record by its number.
fn police_record_has_number(path: &Path, record: &Spanned<String>, diags: &mut Diagnostics) {
    if record.value.chars().any(|c| c.is_ascii_digit()) {
        return;
    }
    let value = &record.value;
    diags.push(
        Diagnostic::warning(
            path,
            Some(record.pos),
            Code::BadIdentifier,
            msg!(
                "`police_record` 的值 `{value}` 中没有备案编号，页脚无法链接到备案记录",
                "`police_record` `{value}` holds no record number, so the footer cannot link \
                 to the record"
            ),
        )
        .help(msg!(
            "照备案证书写全，例如 `police_record: 皖公网安备 34040302000000号`",
            "write it as the record certificate does, e.g. \
             `police_record: 皖公网安备 34040302000000号`"
        )),
    );
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
    let hint = || {
        msg!(
            "列出事项类别：`- {{ id: family, name: {{ zh-CN: 婚姻家庭, en: Marriage and family }} }}`",
            "list the categories: `- {{ id: family, name: {{ zh-CN: 婚姻家庭, en: Marriage and family }} }}`"
        )
    };
    if let Some(node) = map.required("categories", hint, diags) {
        match &node.value {
            Value::Seq(list) if list.is_empty() => diags.push(
                Diagnostic::error(
                    path,
                    Some(node.pos),
                    Code::NoCategory,
                    msg!(
                        "`categories` 中没有任何类别",
                        "`categories` lists no category"
                    ),
                )
                .help(msg!(
                    "至少加上一项 `- {{ id: ……, name: …… }}`",
                    "add at least one `- {{ id: ..., name: ... }}`"
                )),
            ),
            Value::Seq(list) => {
                for n in list {
                    let Some(m) =
                        MapReader::new(path, n, ["类别", "a category"], CATEGORY_KEYS, diags)
                    else {
                        continue;
                    };
                    let id_hint = || {
                        msg!(
                            "加上 `id: family`（小写字母、数字和连字符）",
                            "add `id: family` (lowercase letters, digits and hyphens)"
                        )
                    };
                    let id = m
                        .required("id", id_hint, diags)
                        .and_then(|n| scalar(path, n, "id", diags));
                    let name_hint = || msg!("加上类别名称", "add the category's name");
                    let name = m
                        .required("name", name_hint, diags)
                        .and_then(|n| text(path, n, "name", default, None, diags));
                    if let (Some(id), Some(name)) = (id, name) {
                        categories.push(Category { id, name });
                    }
                }
                damage.categories = categories.len() < list.len();
            }
            _ => diags.push(
                Diagnostic::error(
                    path,
                    Some(node.pos),
                    Code::NotAList,
                    msg!("`categories` 应当是列表", "`categories` must be a list"),
                )
                .help(msg!(
                    "每个类别一行，写成 `- {{ id: ……, name: …… }}`",
                    "write one `- {{ id: ..., name: ... }}` per line"
                )),
            ),
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
