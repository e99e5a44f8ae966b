//! JSON Schemas of the content files, for editors: `site.yaml`, the version files, the
//! policy front matter, `places.yaml` and the other lists' version files (`lists/<kind>/*.yaml`). `qingdan schema` prints them; `schema/` holds the same files.
//!
//! The content is decoded by hand (to report every problem with its position), so there is no
//! serde type to derive a schema from. Each schema is built from the decoder's own key lists
//! (`content::SITE_KEYS`, `content::ITEM_KEYS`, ...): a key the decoder accepts and the schema
//! does not describe is a panic in `object`, caught by the tests, so the two cannot drift.
//! Where the validator has a rule an editor can check as staff type (an id's shape, a cancelled
//! item's `alternative`), the schema has it too.

use serde_json::{json, Map, Value};

use qingdan::decode::content::{
    ATTACHMENT_KEYS, CATEGORY_KEYS, CHANNEL_KEYS, CONTACT_KEYS, CORRECTION_KEYS, DELTA_KEYS,
    EXCLUDE_KEYS, FEEDBACK_KEYS, FOOTER_KEYS, ITEM_KEYS, LANGUAGE_KEYS, LIST_DECL_KEYS,
    LIST_VERSION_KEYS, PLACES_FILE_KEYS, PLACE_FOOTER_KEYS, PLACE_KEYS, POLICY_KEYS, PROMISE_KEYS,
    REFER_TO_KEYS, RELATED_KEYS, SEARCH_KEYS, SITE_KEYS, VALIDITY_KEYS, VERSION_KEYS,
};
use qingdan::model::lists::ListKind;
use qingdan::model::ATTACHMENT_EXTENSIONS;
use qingdan::validate::MAX_ID_LEN;

/// The schemas, by file name under `schema/`.
pub fn all() -> Vec<(&'static str, String)> {
    [
        ("site.schema.json", site()),
        ("version.schema.json", version()),
        ("policy.schema.json", policy()),
        ("places.schema.json", places()),
        ("place-delta.schema.json", place_delta()),
        ("list.schema.json", list_version()),
    ]
    .into_iter()
    .map(|(name, schema)| (name, pretty(&schema)))
    .collect()
}

/// The schema for a `--kind` name of `qingdan schema`.
pub fn by_kind(kind: &str) -> Option<String> {
    let name = format!("{kind}.schema.json");
    all().into_iter().find(|(n, _)| *n == name).map(|(_, s)| s)
}

fn pretty(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).expect("a schema serialises");
    text.push('\n');
    text
}

/// A language code as `site.yaml` accepts it (BCP 47 shape).
const LANGUAGE_PATTERN: &str = "^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$";
/// A text with something in it (`content::checks::text_value`).
const NOT_BLANK: &str = "\\S";
/// The addresses `content::checks::address_problem` accepts: https:// ones, and for a form
/// action a path from the site's root (one `/`, no `\\`).
const HTTPS_PATTERN: &str = "^[Hh][Tt][Tt][Pp][Ss]://[^\\s/?#@\\\\]+([/?#][^\\s\\\\]*)?$";
const HTTPS_OR_ROOT_PATTERN: &str =
    "^([Hh][Tt][Tt][Pp][Ss]://[^\\s/?#@\\\\]+([/?#][^\\s\\\\]*)?|/([^/\\s\\\\][^\\s\\\\]*)?)$";
const DATE_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

/// Any single value: the decoder reads numbers and booleans as their text.
fn scalar(description: &str) -> Value {
    json!({ "type": ["string", "number", "boolean"], "description": description })
}

fn string(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn slug(description: &str) -> Value {
    json!({
        "type": "string",
        "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
        "maxLength": MAX_ID_LEN,
        "description": description,
    })
}

fn date(description: &str) -> Value {
    json!({ "type": "string", "pattern": DATE_PATTERN, "description": description })
}

fn text(description: &str) -> Value {
    json!({ "$ref": "#/definitions/text", "description": description })
}

fn list(of: Value, description: &str) -> Value {
    json!({ "type": "array", "items": of, "description": description })
}

/// A closed object whose properties are exactly `keys`, described by `describe`.
fn object(keys: &[&str], required: &[&str], describe: impl Fn(&str) -> Option<Value>) -> Value {
    let mut properties = Map::new();
    for key in keys {
        let schema = describe(key)
            .unwrap_or_else(|| panic!("the decoder accepts `{key}` but the schema omits it"));
        properties.insert(key.to_string(), schema);
    }
    for key in required {
        assert!(keys.contains(key), "required `{key}` is not a key");
    }
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// Shared definitions: localised text.
fn definitions() -> Value {
    json!({
        "text": {
            "anyOf": [
                { "type": ["string", "number", "boolean"], "pattern": NOT_BLANK },
                {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": { "pattern": LANGUAGE_PATTERN },
                    "additionalProperties": { "type": ["string", "number", "boolean"], "pattern": NOT_BLANK },
                }
            ],
            "description": "Text in the default language, or one text per language: `{ zh-CN: ..., en: ... }`",
        }
    })
}

fn with_header(mut schema: Value, id: &str, title: &str) -> Value {
    let map = schema.as_object_mut().expect("an object schema");
    let mut out = Map::new();
    out.insert(
        "$schema".into(),
        "http://json-schema.org/draft-07/schema#".into(),
    );
    out.insert("$id".into(), id.into());
    out.insert("title".into(), title.into());
    out.extend(std::mem::take(map));
    out.insert("definitions".into(), definitions());
    Value::Object(out)
}

pub fn site() -> Value {
    let language = object(LANGUAGE_KEYS, &["code", "name"], |k| match k {
        "code" => Some(
            json!({ "type": "string", "pattern": LANGUAGE_PATTERN, "description": "A BCP 47 language tag, e.g. zh-CN or en" }),
        ),
        "name" => Some(scalar(
            "The language's name in itself, e.g. 中文 or English",
        )),
        _ => None,
    });
    let contact = object(CONTACT_KEYS, &[], |k| {
        match k {
        "department" => Some(text("The department that answers questions (咨询部门)")),
        "phone" => Some(scalar(
            "The telephone number (咨询电话), e.g. \"0554-2698921\"",
        )),
        "person" => Some(text("A contact person, if the portal names one")),
        "address" => Some(text("The office address")),
        "supervision_phone" => Some(scalar(
            "监督举报电话: where citizens report a committee that asks for, or refuses, a certificate against the list; printed on the notice-board tables, e.g. \"0554-12345\"",
        )),
        _ => None,
    }
    });
    let footer = footer(FOOTER_KEYS);
    let feedback = object(FEEDBACK_KEYS, &["action"], |k| match k {
        "action" => Some(json!({
            "type": "string",
            "pattern": HTTPS_OR_ROOT_PATTERN,
            "description": "The address that receives the 'was this page useful' form: an https:// address, or a path on this site starting with one /",
        })),
        _ => None,
    });
    let search = object(SEARCH_KEYS, &[], |k| {
        match k {
        "synonyms" => Some(list(
            json!({
                "type": "array",
                "items": { "type": "string", "minLength": 1 },
                "minItems": 2,
                "description": "Words residents use for the same thing, e.g. [领养, 收养]",
            }),
            "Synonym groups added to the ones qingdan ships: a search for one word of a group also finds the others",
        )),
        "not_on_list" => Some(text(
            "The rule for certificates on neither list (清单外证明事项), shown when a search finds nothing, e.g. 清单以外的证明，村（居）民委员会一律不出具。",
        )),
        _ => None,
    }
    });
    let category = object(CATEGORY_KEYS, &["id", "name"], |k| match k {
        "id" => Some(slug(
            "The category id items refer to: lowercase letters, digits and hyphens",
        )),
        "name" => Some(text(
            "The category's name (事项分类), e.g. { zh-CN: 婚姻家庭, en: Marriage and family }",
        )),
        _ => None,
    });
    let kinds: Vec<&str> = ListKind::ALL.iter().map(|k| k.as_str()).collect();
    let list_decl = object(LIST_DECL_KEYS, &["kind"], |k| match k {
        "kind" => Some(json!({
            "enum": kinds,
            "description": "duties (依法履职事项), assistance (依法协助政府工作事项), burdens (不应由村（社区）承担的工作事项) or opinions (出具意见和盖章事项)",
        })),
        "title" => Some(text(
            "The list's name on this site; without it, the kind's standard name",
        )),
        _ => None,
    });
    let site = object(
        SITE_KEYS,
        &["title", "base_url", "languages", "publisher", "categories"],
        |k| {
            match k {
            "title" => Some(text("The site's title")),
            "base_url" => Some(json!({
                "type": "string",
                "pattern": "^[Hh][Tt][Tt][Pp][Ss]://[^\\s/?#@\\\\]+([/?#][^\\s\\\\]*)?/$",
                "description": "Where the portal publishes the site (https:// only), ending in /, e.g. https://www.example.gov.cn/zmsx/",
            })),
            "languages" => Some(json!({
                "type": "array",
                "items": language,
                "minItems": 1,
                "description": "The languages, the default first: `- { code: zh-CN, name: 中文 }`",
            })),
            "publisher" => Some(text("The publishing department (主办单位)")),
            "operator" => Some(text(
                "The unit that runs the site for the publisher (承办单位), shown beside it in the footer",
            )),
            "notice" => Some(text(
                "A notice shown on every page above the footer and on the printed 公示版, e.g. that the site holds sample data",
            )),
            "contact" => Some(with_description(
                contact.clone(),
                "Where citizens ask questions (咨询方式)",
            )),
            "footer" => Some(with_description(
                footer.clone(),
                "The identifiers government sites show in the footer",
            )),
            "theme" => Some(string(
                "A folder, relative to the content folder, whose files override the default theme",
            )),
            "feedback" => Some(with_description(
                feedback.clone(),
                "Optional page feedback form",
            )),
            "search" => Some(with_description(
                search.clone(),
                "What the content adds to the citizen's search",
            )),
            "lists" => Some(list(
                list_decl.clone(),
                "The other lists the site publishes, in the order shown, each a folder lists/<kind>/ of dated versions",
            )),
            "categories" => Some(json!({
                "type": "array",
                "items": category,
                "minItems": 1,
                "description": "The categories items are grouped in",
            })),
            _ => None,
        }
        },
    );
    with_header(
        site,
        "https://qingdan.invalid/schema/site.schema.json",
        "qingdan site.yaml",
    )
}

fn with_description(mut schema: Value, description: &str) -> Value {
    schema["description"] = description.into();
    schema
}

/// A file the content publishes: its path inside the content folder, with an allowed extension.
fn attachment_file() -> Value {
    // Each extension in either case, as the decoder reads them (JSON Schema's regular
    // expressions have no case-insensitive flag).
    let either = |ext: &str| -> String {
        (ext.chars())
            .map(|c| format!("[{}{}]", c.to_ascii_uppercase(), c))
            .collect()
    };
    let extensions: Vec<String> = ATTACHMENT_EXTENSIONS.iter().map(|e| either(e)).collect();
    json!({
        "type": "string",
        "pattern": format!("^(?!/)(?!(.*/)?\\.\\.(/|$))[^\\\\]+\\.({})$", extensions.join("|")),
        "description": format!("The file's path inside the content folder, with `/`, e.g. files/2025-notice.pdf; one of: {}; at most 20 MiB", ATTACHMENT_EXTENSIONS.join(", ")),
    })
}

/// An attachment (`titled`: a version's, whose title is required) or an item's specimen.
fn attachment(titled: bool) -> Value {
    let required: &[&str] = if titled {
        &["title", "file"]
    } else {
        &["file"]
    };
    object(ATTACHMENT_KEYS, required, |k| match k {
        "title" => Some(text(if titled {
            "What the file is, as its link shows it, e.g. 关于公布村（社区）出具证明事项清单的通知"
        } else {
            "The template's name, if it has one of its own (the link says 证明式样 otherwise)"
        })),
        "file" => Some(attachment_file()),
        _ => None,
    })
}

pub fn version() -> Value {
    let channel = object(CHANNEL_KEYS, &["name", "url"], |k| {
        Some(match k {
            "name" => text("The channel's name, e.g. 安徽政务服务网"),
            "url" => json!({
                "type": "string",
                "pattern": HTTPS_PATTERN,
                "description": "Its address (https:// only), e.g. https://www.ahzwfw.gov.cn/",
            }),
            _ => return None,
        })
    });
    let refer_to = object(REFER_TO_KEYS, &["agency"], |k| {
        Some(match k {
            "agency" => text("The agency to go to instead, e.g. 户籍所在地公安派出所"),
            "address" => text("Its address"),
            "phone" => scalar("Its telephone number, quoted, e.g. \"0554-12345\""),
            "hours" => text("Its office hours"),
            _ => return None,
        })
    });
    let promise = object(
        PROMISE_KEYS,
        &["conditions", "consequences", "verified_by"],
        |k| {
            Some(match k {
                "conditions" => text("Markdown: who may make the promise and what it says"),
                "consequences" => text("Markdown: what happens when the promise proves false"),
                "verified_by" => text("Who checks the promise afterwards (事后核查)"),
                "form" => with_description(
                    attachment(false),
                    "The 承诺书 to download and sign (PDF, Word or an image), linked in the 告知承诺 section",
                ),
                _ => return None,
            })
        },
    );
    let mut item = object(ITEM_KEYS, &["id", "name", "category", "status"], |k| {
        Some(match k {
            "id" => slug("The item's permanent address items/<id>/: lowercase letters, digits and hyphens; never reuse or change it (rename with `renamed_from`)"),
            "name" => text("The certificate's name (事项名称)"),
            "category" => string("One of the category ids in site.yaml"),
            "status" => json!({
                "enum": ["issued", "cancelled"],
                "description": "`issued`: the committee issues it (保留); `cancelled`: it no longer does (取消), give `alternative`",
            }),
            "purpose" => text("What the certificate is used for (用途)"),
            "basis" => text("The rule that requires it (设定依据)"),
            "requested_by" => text("Who asks for it (索要单位)"),
            "issuer" => text("Who issues it (开具单位)"),
            "materials" => list(text("One material"), "What to bring (所需材料), one per line"),
            "steps" => list(text("One step"), "How to get it (办理流程), one step per line"),
            "time_limit" => text("How long it takes (办理时限)"),
            "fee" => text("What it costs (收费标准); leave it out when the list says nothing about a fee"),
            "apply" => text("Where and how to apply (申请方式), e.g. 向户籍所在地村（居）民委员会申请"),
            "office" => text("Where to apply (办理地点), e.g. 社区党群服务中心一楼便民服务窗口"),
            "hours" => text("When the office is open (办理时间), e.g. 工作日上午9:00—12:00，下午14:00—17:30"),
            "applicants" => text("Who may apply (适用对象), e.g. 本社区户籍居民"),
            "keywords" => list(text("One search word"), "Words citizens type when they search, e.g. [活着证明, 生存证明]"),
            "alternative" => text("For a cancelled item: where to go instead (替代方式): which office, 告知承诺, data sharing"),
            "cancel_basis" => text("For a cancelled item: the document that cancelled it (取消依据), e.g. 民发〔2020〕20号"),
            "online" => list(
                channel.clone(),
                "Where to apply online (线上办理渠道): `- { name: 安徽政务服务网, url: \"https://www.ahzwfw.gov.cn/\" }`",
            ),
            "refer_to" => with_description(
                refer_to.clone(),
                "For a cancelled item: the agency to go to instead, with its address, telephone and hours",
            ),
            "promise" => with_description(
                promise.clone(),
                "告知承诺: a written commitment in place of the certificate: its conditions, the consequences of a false promise, who checks it afterwards",
            ),
            "renamed_from" => slug("The id this item had in the previous version; the old address then leads here"),
            "specimen" => with_description(attachment(false), "证明式样: the certificate's template (PDF, Word or an image), published and linked on the item page"),
            _ => return None,
        })
    });
    item["if"] =
        json!({ "properties": { "status": { "const": "cancelled" } }, "required": ["status"] });
    item["then"] = json!({ "required": ["alternative"] });
    let version = object(VERSION_KEYS, &["date", "title", "items"], |k| {
        Some(match k {
            "date" => date("The publication date, YYYY-MM-DD, the same as the file name"),
            "title" => text(
                "The title of this publication (调整), e.g. { zh-CN: 2023年动态调整, en: ... }",
            ),
            "document" => scalar("The document number (文号), with 六角括号, e.g. 田民〔2023〕3号"),
            "issued_by" => text("The issuing office (发文单位)"),
            "summary" => text("What this adjustment does, in a sentence or two"),
            "notes" => json!({
                "type": "object",
                "propertyNames": { "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$" },
                "additionalProperties": { "$ref": "#/definitions/text" },
                "description": "Why an item changed in this version: `item-id: text`",
            }),
            "effective" => date("施行日期: the day this version takes effect, YYYY-MM-DD, not before `date`"),
            "corrections" => list(
                object(CORRECTION_KEYS, &["date", "text"], |k| match k {
                    "date" => Some(date("The day the correction is published, YYYY-MM-DD, not before the version's `date` nor the correction above it")),
                    "text" => Some(text("What is corrected (Markdown)")),
                    _ => None,
                }),
                "更正: dated corrections to this version after it was published, oldest first; shown as such on its pages and in the feed",
            ),
            "attachments" => list(
                attachment(true),
                "The official document (红头文件) and its annexes, published beside the version: `- { title: ..., file: files/notice.pdf }`; add new ones at the end",
            ),
            "items" => list(
                item.clone(),
                "The whole list on this date, one `- id: ...` per item",
            ),
            _ => return None,
        })
    });
    with_header(
        version,
        "https://qingdan.invalid/schema/version.schema.json",
        "qingdan version file (certificates/YYYY-MM-DD.yaml)",
    )
}

pub fn policy() -> Value {
    let related = object(RELATED_KEYS, &["title", "url"], |k| {
        match k {
        "title" => Some(scalar("The document's title")),
        "url" => Some(string(
            "Its address: https://, or a path on this site (not http:, mailto:, // or other schemes)",
        )),
        _ => None,
    }
    });
    let policy = object(POLICY_KEYS, &["title", "date"], |k| match k {
        "title" => Some(scalar("The interpretation's title")),
        "date" => Some(date("The publication date, YYYY-MM-DD")),
        "department" => Some(scalar("The department that wrote it (解读部门)")),
        "document" => Some(scalar("The document it interprets (文号)")),
        "related" => Some(list(
            related.clone(),
            "Related documents: `- { title: ..., url: ... }`",
        )),
        "index_number" => Some(scalar(
            "The index number (索引号) of the disclosure catalogue, e.g. 003043524/202203-00218",
        )),
        "issuers" => Some(list(
            scalar("An issuing authority"),
            "The issuing authorities of the document (发文机关), several for a joint document",
        )),
        "written" => Some(date(
            "The date written on the document (成文日期), YYYY-MM-DD",
        )),
        "validity" => Some(object(VALIDITY_KEYS, &["status"], |k| match k {
            "status" => Some(json!({
                "enum": ["in_force", "repealed"],
                "description": "`in_force`: 现行有效; `repealed`: 已废止, give `date`",
            })),
            "date" => Some(date(
                "The day the document was repealed, YYYY-MM-DD (only when repealed)",
            )),
            _ => None,
        })),
        "source" => Some(scalar("Where the information comes from (信息来源)")),
        "versions" => Some(list(
            date("The date of a version"),
            "The versions of the list this interpretation explains; without it, the versions \
             with the same `document`",
        )),
        "form" => Some(json!({
            "enum": ["questions"],
            "description": "`questions`: a question-and-answer interpretation, each `## ` heading a question",
        })),
        _ => None,
    });
    with_header(
        policy,
        "https://qingdan.invalid/schema/policy.schema.json",
        "qingdan policy interpretation front matter (policy/*.md)",
    )
}

/// The footer's identifiers, allowing `keys` (the site's, or a place's without the emblem).
fn footer(keys: &[&str]) -> Value {
    object(keys, &[], |k| match k {
        "site_code" => Some(scalar(
            "网站标识码: the site identifier, quoted, e.g. \"3404030000\"",
        )),
        "icp" => Some(scalar("ICP备案号, e.g. 皖ICP备00000000号-1")),
        "police_record" => Some(scalar("公安机关备案号, e.g. 皖公网安备 34040302000000号")),
        "error_report_url" => Some(json!({
            "type": "string",
            "pattern": HTTPS_PATTERN,
            "description": "The 我为政府网站找错 address (https:// only), e.g. https://zfwzgl.www.gov.cn/exposure/jiucuo.html",
        })),
        "emblem" => Some(string(
            "The 党政机关网站标识 image: a file inside the content folder",
        )),
        "conac_id" => Some(json!({
            "type": "string",
            "pattern": "^[A-Za-z0-9]{1,64}$",
            "description": "The 党政机关网站标识's id (letters and digits), which links the emblem to https://bszs.conac.cn/sitename?method=show&id=<id>",
        })),
        _ => None,
    })
}

pub fn places() -> Value {
    let levels: Vec<&str> = qingdan::model::places::Level::ALL
        .iter()
        .map(|l| l.as_str())
        .collect();
    let place = object(PLACE_KEYS, &["id", "level", "name"], |k| {
        Some(match k {
            "id" => slug("The place's permanent address places/<id>/: lowercase letters, digits and hyphens; never change it"),
            "parent" => slug("The id of the place this one belongs to; left out only on the top place, the one the site is about"),
            "level" => json!({
                "enum": levels,
                "description": "province (省), city (市), district (县（区）), township (乡镇（街道）) or community (村（社区）); below its parent's",
            }),
            "name" => text("The place's name, e.g. { zh-CN: 朝阳街道, en: Chaoyang Subdistrict }"),
            "code" => json!({
                "type": ["string", "number"],
                "pattern": "^([0-9]{6}|[0-9]{12})$",
                "description": "The 6-digit 行政区划代码 or the 12-digit 统计用区划代码, quoted; it starts with the parent's code",
            }),
            "address" => text("Where the committee or office is (地址)"),
            "phone" => scalar("Its telephone number, quoted, e.g. \"0554-1234567\""),
            "hours" => text("When it is open (办公时间)"),
            "home" => json!({
                "type": "string",
                "pattern": HTTPS_PATTERN,
                "description": "Where the place's own portal publishes its section (https://, ending with /): then the canonical address of its pages, in the whole site and built on its own",
            }),
            "footer" => with_description(
                footer(PLACE_FOOTER_KEYS),
                "The identifiers of the place's own portal, shown in the footer when its section is built as a site of its own (qingdan build --place)",
            ),
            _ => return None,
        })
    });
    let file = object(PLACES_FILE_KEYS, &["places"], |k| match k {
        "places" => Some(list(
            place.clone(),
            "Every place, one `- id: ...` each, in any order; each names its `parent`",
        )),
        _ => None,
    });
    with_header(
        file,
        "https://qingdan.invalid/schema/places.schema.json",
        "qingdan places file (places.yaml)",
    )
}

/// A place's delta file, `places/<id>/<date>.yaml`: its local differences from its parent's
/// list, its items decoded as a version file's.
pub fn place_delta() -> Value {
    let version = version();
    let item = version["properties"]["items"]["items"].clone();
    let props = &item["properties"];
    let mut overridable = Map::new();
    overridable.insert(
        "id".into(),
        slug("The id of the item in the parent's list whose local facts this sets"),
    );
    for key in qingdan::model::places::OVERRIDABLE {
        overridable.insert(key.into(), props[key].clone());
    }
    let override_entry = json!({
        "type": "object",
        "properties": overridable,
        "required": ["id"],
        "additionalProperties": false,
        "description": "Local facts for one item of the parent's list; only office, hours, apply, time_limit, fee, online and refer_to",
    });
    let exclude = object(EXCLUDE_KEYS, &["id", "reason"], |k| {
        Some(match k {
            "id" => slug("The id of the item in the parent's list that does not apply here"),
            "reason" => text("Why it does not apply here, shown with the item"),
            _ => return None,
        })
    });
    let delta = object(DELTA_KEYS, &["date"], |k| {
        Some(match k {
            "date" => date(
                "The day the local adjustment takes effect, YYYY-MM-DD, the same as the file name",
            ),
            "title" => text(
                "The title of the local adjustment, e.g. 谢家集区出具证明事项清单（2024年调整）",
            ),
            "document" => version["properties"]["document"].clone(),
            "issued_by" => text("The issuing office (发文单位)"),
            "summary" => text("What this local adjustment does (Markdown)"),
            "notes" => version["properties"]["notes"].clone(),
            "add" => list(
                item.clone(),
                "Items this place lists beyond its parent's list, written as in a version file",
            ),
            "exclude" => list(
                exclude.clone(),
                "Items of the parent's list that do not apply here, each with its reason",
            ),
            "override" => list(
                override_entry.clone(),
                "Local facts for items of the parent's list",
            ),
            _ => return None,
        })
    });
    with_header(
        delta,
        "https://qingdan.invalid/schema/place-delta.schema.json",
        "qingdan place delta file (places/<id>/<date>.yaml)",
    )
}

/// A list's version file: one schema for every kind, whose items are of one kind's shape
/// (the kind is the folder's name, which a schema cannot see).
pub fn list_version() -> Value {
    let item = |kind: ListKind| {
        let required: Vec<&str> = std::iter::once("id")
            .chain(
                (kind.fields().iter())
                    .filter(|f| kind.required(**f))
                    .map(|f| f.key()),
            )
            .collect();
        object(kind.item_keys(), &required, |k| {
            Some(match k {
                "id" => slug("The item's permanent address lists/<kind>/items/<id>/: lowercase letters, digits and hyphens; never reuse it"),
                "name" => text("The item's name (事项名称)"),
                "content" => text("What the work involves (事项内容)"),
                "reason" => text("Why the committee should not be given this work (不应承担的原因); burdens only, required there"),
                "responsible" => text("Who is responsible (责任主体); in the burdens list, who should do the work (应由谁承担)"),
                "basis" => text("The law or policy it rests on (依据)"),
                _ => return None,
            })
        })
    };
    let items = json!({
        "type": "array",
        "items": { "anyOf": [item(ListKind::Assistance), item(ListKind::Burdens)] },
        "description": "The whole list as of `date`, one `- id: ...` per item; duties, assistance and opinions items have content, responsible and basis; burdens items have reason (required), responsible and basis",
    });
    let file = object(LIST_VERSION_KEYS, &["date", "title", "items"], |k| {
        Some(match k {
            "date" => date("The publication date; must equal the file's name (YYYY-MM-DD)"),
            "title" => text("The title of this publication, e.g. 某某市村（社区）依法协助政府工作事项清单（2024年版）"),
            "document" => scalar("The document number (文号), e.g. 淮民〔2024〕5号"),
            "issued_by" => text("The issuing authority (发布机关)"),
            "summary" => text("Markdown: what this version changes and why"),
            "notes" => json!({
                "type": "object",
                "additionalProperties": { "$ref": "#/definitions/text" },
                "description": "Why an item changed in this version, by item id (an item of this version or one it removes)",
            }),
            "items" => items.clone(),
            _ => return None,
        })
    });
    with_header(
        file,
        "https://qingdan.invalid/schema/list.schema.json",
        "qingdan list version file (lists/<kind>/*.yaml)",
    )
}

/// Write all schemas into `--out DIR` and/or print the one of `KIND`. Exit 1 when a file
/// cannot be written.
pub(crate) fn run(args: &crate::SchemaArgs, global: crate::Global) -> std::process::ExitCode {
    use qingdan::base::diagnostics::escape_controls as shown;
    use qingdan::base::output_file::OutputFile;
    use std::process::ExitCode;
    if let Some(dir) = args.out.as_deref() {
        let files: Vec<OutputFile> = all()
            .into_iter()
            .map(|(name, text)| OutputFile {
                path: name.to_string(),
                bytes: text.into_bytes(),
            })
            .collect();
        if let Err(d) = qingdan::write::output::write_files(dir, &files) {
            return crate::cmd::report::refuse(d, global, 1);
        }
        for f in &files {
            let path = shown(&dir.join(&f.path).display().to_string()).into_owned();
            let wrote = qingdan::msg!("已写入 {path}", "wrote {path}");
            println!("{}", wrote.get(global.lang));
        }
    }
    if let Some(kind) = args.kind {
        let name = match kind {
            crate::SchemaKind::Site => "site",
            crate::SchemaKind::Version => "version",
            crate::SchemaKind::Policy => "policy",
            crate::SchemaKind::Places => "places",
            crate::SchemaKind::PlaceDelta => "place-delta",
            crate::SchemaKind::List => "list",
        };
        print!("{}", by_kind(name).unwrap_or_default());
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_decoder_key_is_described() {
        // `object` panics on a key without a description; building is the test.
        for (name, text) in all() {
            let schema: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(schema["additionalProperties"], false, "{name}");
        }
        let item = &version()["properties"]["items"]["items"];
        let keys: Vec<&String> = item["properties"].as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), ITEM_KEYS.len());
    }

    /// `schema/` in the repository is what `qingdan schema` prints. Regenerate with
    /// `QINGDAN_BLESS=1 cargo test`.
    #[test]
    fn committed_schemas_are_current() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
        for (name, text) in all() {
            let path = dir.join(name);
            if std::env::var_os("QINGDAN_BLESS").is_some() {
                std::fs::write(&path, &text).unwrap();
            }
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == text,
                "{} is out of date: run `QINGDAN_BLESS=1 cargo test` (or `qingdan schema --out schema`)",
                path.display()
            );
        }
    }
}
