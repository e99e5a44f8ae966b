//! Decoding the other lists (`model::lists`): site.yaml's `lists:` (which kinds the site
//! publishes) and each kind's version files `lists/<kind>/<date>.yaml`, whose items have the
//! fields of their kind and no other.
//!
//! The files are few and small (a village list has tens of items), so they are parsed whole,
//! without the certificate versions' cache.

use std::path::Path;

use chrono::NaiveDate;

use super::read_map::{date, parse_yaml, scalar, text, MapReader};
use super::versions::decode_notes;
use crate::base::codes::Code;
use crate::base::diagnostics::{suggestion, Diagnostic, Diagnostics, Pos};
use crate::base::intern::Interner;
use crate::model::lists::{KindList, ListDecl, ListItem, ListKind, ListVersion};
use crate::model::Spanned;
use crate::msg;
use crate::read::source::SourceFile;
use crate::yaml::{Node, Value};

/// The keys of an entry of site.yaml's `lists:`.
pub const LIST_DECL_KEYS: &[&str] = &["kind", "title"];

/// The top-level keys of a list's version file.
pub const LIST_VERSION_KEYS: &[&str] = &[
    "date",
    "title",
    "document",
    "issued_by",
    "summary",
    "notes",
    "items",
];

/// The kinds, as messages list them.
fn kinds_listed() -> String {
    ListKind::ALL.map(ListKind::as_str).join(", ")
}

/// What an item of `kind` is called in messages.
fn item_named(kind: ListKind) -> [&'static str; 2] {
    match kind {
        ListKind::Duties => ["依法履职事项清单的事项", "an item of the duties list"],
        ListKind::Assistance => [
            "协助政府工作事项清单的事项",
            "an item of the assistance list",
        ],
        ListKind::Burdens => [
            "不应承担的工作事项清单的事项",
            "an item of the burdens list",
        ],
        ListKind::Opinions => [
            "出具意见和盖章事项清单的事项",
            "an item of the opinions list",
        ],
    }
}

/// The entries of site.yaml's `lists:`, each kind once.
pub(super) fn decode_decls(
    path: &Path,
    map: &MapReader,
    default_lang: &str,
    diags: &mut Diagnostics,
) -> Vec<ListDecl> {
    let mut decls: Vec<ListDecl> = Vec::new();
    let Some(node) = map.get("lists") else {
        return decls;
    };
    let Value::Seq(entries) = &node.value else {
        diags.push(super::read_map::not_a_list(path, node, "lists"));
        return decls;
    };
    for entry in entries {
        let Some(m) = MapReader::new(
            path,
            entry,
            ["`lists` 的一项", "an entry of `lists`"],
            LIST_DECL_KEYS,
            diags,
        ) else {
            continue;
        };
        let kind = m.required(
            "kind",
            || {
                let all = kinds_listed();
                msg!(
                    "加上清单种类，例如 `- kind: assistance`；可以写的种类有：{all}",
                    "add the kind of list, e.g. `- kind: assistance`; the kinds are: {all}"
                )
            },
            diags,
        );
        let title = m.text("title", default_lang, diags);
        let Some(kind) = kind.and_then(|n| scalar(path, n, "kind", diags)) else {
            continue;
        };
        let Some(value) = kind_named(path, &kind.value, kind.pos, false, diags) else {
            continue;
        };
        if decls.iter().any(|d| d.kind.value == value) {
            let name = value.as_str();
            diags.push(
                Diagnostic::error(
                    path,
                    Some(kind.pos),
                    Code::DuplicateListKind,
                    msg!(
                        "清单种类 `{name}` 列了两次",
                        "the kind of list `{name}` is declared twice"
                    ),
                )
                .help(msg!("删去其中一项", "remove one of the two entries")),
            );
            continue;
        }
        decls.push(ListDecl {
            kind: Spanned {
                value,
                pos: kind.pos,
            },
            title,
        });
    }
    decls
}

/// The kind `written` (after `kind:`, or as a `folder` of `lists/`) names, or an error at
/// `pos` with the nearest kind.
fn kind_named(
    path: &Path,
    written: &str,
    pos: Pos,
    folder: bool,
    diags: &mut Diagnostics,
) -> Option<ListKind> {
    if let Some(kind) = ListKind::parse(written) {
        return Some(kind);
    }
    let all = kinds_listed();
    let list = msg!(
        "可以写的种类有：{all}（依法履职事项、依法协助政府工作事项、不应承担的工作事项、出具意见和盖章事项）",
        "the kinds are: {all} (duties, work assisting the government, work not to be given, opinions and seals)"
    );
    let help = match suggestion(written, ListKind::ALL.map(ListKind::as_str)) {
        Some(s) => s.then(&list),
        None => list,
    };
    diags.push(
        Diagnostic::error(
            path,
            Some(pos),
            Code::UnknownListKind,
            match folder {
                false => msg!(
                    "`kind: {written}` 不是清单种类",
                    "`kind: {written}` is not a kind of list"
                ),
                true => msg!(
                    "文件夹 `lists/{written}/` 的名称不是清单种类",
                    "the folder `lists/{written}/` is not named after a kind of list"
                ),
            },
        )
        .help(help),
    );
    None
}

/// Each declared kind with its versions, in the order declared; folders of kinds not declared
/// and declared kinds without a version are reported.
pub(super) fn decode_lists(
    files: &[SourceFile],
    decls: &[ListDecl],
    site_file: &Path,
    default_lang: &str,
    diags: &mut Diagnostics,
) -> Vec<KindList> {
    let mut lists: Vec<KindList> = (decls.iter())
        .map(|decl| KindList {
            decl: decl.clone(),
            versions: Vec::new(),
        })
        .collect();
    // The folder reported once, at its first file.
    let mut reported: Vec<&str> = Vec::new();
    for file in files {
        let mut parts = file.rel.splitn(3, '/');
        let (Some(_), Some(folder)) = (parts.next(), parts.next()) else {
            continue;
        };
        let at = file.path.as_path();
        let Some(k) = lists.iter().position(|l| l.kind().as_str() == folder) else {
            if reported.contains(&folder) {
                continue;
            }
            reported.push(folder);
            if let Some(kind) = kind_named(at, folder, Pos::new(1, 1), true, diags) {
                let name = kind.as_str();
                diags.push(
                    Diagnostic::error(
                        at,
                        Some(Pos::new(1, 1)),
                        Code::UndeclaredList,
                        msg!(
                            "站点设置（site.yaml）没有列出 `{name}` 清单，`lists/{name}/` 里的文件不会发布",
                            "site.yaml does not declare the `{name}` list, so `lists/{name}/` is not published"
                        ),
                    )
                    .help(msg!(
                        "在 site.yaml 的 `lists:` 下加上 `- kind: {name}`；不公布这份清单的，把文件夹移出内容文件夹",
                        "add `- kind: {name}` under `lists:` in site.yaml, or move the folder out of the content folder"
                    )),
                );
            }
            continue;
        };
        let kind = lists[k].kind();
        if let Some(version) = decode_list_version(file, kind, default_lang, diags) {
            lists[k].versions.push(version);
        }
    }
    for list in &mut lists {
        list.versions.sort_by_key(|v| v.date.value);
        let declared_with_file = files.iter().any(|f| {
            f.rel
                .starts_with(&format!("lists/{}/", list.kind().as_str()))
        });
        if !declared_with_file {
            let name = list.kind().as_str();
            diags.push(
                Diagnostic::error(
                    site_file,
                    Some(list.decl_pos()),
                    Code::ListWithoutVersion,
                    msg!(
                        "列出了 `{name}` 清单，但 `lists/{name}/` 里没有版本文件",
                        "the `{name}` list is declared but `lists/{name}/` holds no version file"
                    ),
                )
                .help(msg!(
                    "按公布的清单添加版本文件，例如 `lists/{name}/2024-03-15.yaml`；暂不公布的，删去这一项",
                    "add the list as published, e.g. `lists/{name}/2024-03-15.yaml`, or remove this entry"
                )),
            );
        }
    }
    lists
}

/// The date in a list file's name (`lists/<kind>/<date>.yaml`), which must be one.
fn file_date(file: &SourceFile, diags: &mut Diagnostics) -> Option<NaiveDate> {
    let name = file.rel.rsplit('/').next().unwrap_or_default();
    let stem = name.trim_end_matches(".yaml");
    let date = NaiveDate::parse_from_str(stem, "%Y-%m-%d")
        .ok()
        .filter(|_| stem.len() == 10);
    if date.is_none() {
        let folder = file.rel.trim_end_matches(name);
        diags.push(
            Diagnostic::error(
                &file.path,
                Some(Pos::new(1, 1)),
                Code::BadFileName,
                msg!(
                    "文件名 `{name}` 不是日期",
                    "the file name `{name}` is not a date"
                ),
            )
            .help(msg!(
                "每个版本文件以发布日期命名，例如 {folder}2024-03-15.yaml",
                "name each version file after its publication date, e.g. {folder}2024-03-15.yaml"
            )),
        );
    }
    date
}

fn decode_list_version(
    file: &SourceFile,
    kind: ListKind,
    default_lang: &str,
    diags: &mut Diagnostics,
) -> Option<ListVersion> {
    let path = file.path.as_path();
    let file_date = file_date(file, diags);
    let root = parse_yaml(path, &file.text, 0, diags)?;
    let map = MapReader::new(
        path,
        &root,
        ["清单版本文件", "a list's version file"],
        LIST_VERSION_KEYS,
        diags,
    )?;
    let date_node = map.required(
        "date",
        || {
            msg!(
                "加上 `date: 年-月-日`，与文件名中的日期相同",
                "add `date: YYYY-MM-DD`, the same date as the file name"
            )
        },
        diags,
    );
    let date_value = date_node.and_then(|n| date(path, n, "date", diags));
    let title = map
        .required(
            "title",
            || {
                msg!(
                    "加上这次公布的清单标题，例如 `title: 某某市村（社区）依法协助政府工作事项清单（2024年版）`",
                    "add the title of this publication, e.g. `title: {{ zh-CN: ..., en: ... }}`"
                )
            },
            diags,
        )
        .and_then(|n| text(path, n, "title", default_lang, None, diags));
    let document = map.string("document", diags);
    let issued_by = map.text("issued_by", default_lang, diags);
    let summary = map.text("summary", default_lang, diags);
    let notes = decode_notes(path, &map, default_lang, &Interner::default(), diags);
    let items_node = map.required(
        "items",
        || {
            msg!(
                "加上 `items:`，下面列出清单的事项，每项以 `- id: ……` 开头",
                "add `items:` followed by the list's items, each starting with `- id: ...`"
            )
        },
        diags,
    );
    let mut items = Vec::new();
    let mut complete = items_node.is_some();
    if let Some(node) = items_node {
        match &node.value {
            Value::Seq(list) => {
                for n in list {
                    let item = decode_list_item(path, n, kind, default_lang, diags);
                    complete &= item.is_some();
                    items.extend(item);
                }
            }
            _ => {
                complete = false;
                diags.push(super::read_map::not_a_list(path, node, "items"));
            }
        }
    }
    Some(ListVersion {
        file: path.to_path_buf(),
        file_date,
        date: Spanned {
            value: date_value.or(file_date)?,
            pos: date_node.map_or(root.pos, |n| n.pos),
        },
        title: title?,
        document,
        issued_by,
        summary,
        notes,
        items,
        complete,
    })
}

/// One item of a list version, with the fields of its kind; `None` (reported) without its id,
/// its name or a required field.
fn decode_list_item(
    path: &Path,
    node: &Node,
    kind: ListKind,
    default_lang: &str,
    diags: &mut Diagnostics,
) -> Option<ListItem> {
    let m = MapReader::new(path, node, item_named(kind), kind.item_keys(), diags)?;
    let id = m.required(
        "id",
        || {
            msg!(
                "加上 `id: 英文短名`：事项的永久网址，用小写字母、数字和连字符，例如 `id: census-assistance`",
                "add `id: some-name`: the item's permanent address (lowercase letters, digits, hyphens)"
            )
        },
        diags,
    );
    let mut fields = Vec::new();
    let mut complete = true;
    for &field in kind.fields() {
        let key = field.key();
        let node = match kind.required(field) {
            true => m.required(
                key,
                || match key {
                    "name" => msg!(
                        "加上事项名称，例如 `name: 协助开展人口普查`",
                        "add the item's name, e.g. `name: {{ zh-CN: 协助开展人口普查, en: ... }}`"
                    ),
                    _ => msg!(
                        "加上 `reason:`，写明这项工作不应由村（社区）承担的原因",
                        "add `reason:`, why the work should not be given to the committee"
                    ),
                },
                diags,
            ),
            false => m.get(key),
        };
        match node.map(|n| text(path, n, key, default_lang, None, diags)) {
            Some(Some(t)) => fields.push((field, t)),
            Some(None) => complete = false,
            None => complete &= !kind.required(field),
        }
    }
    let id = id.and_then(|n| scalar(path, n, "id", diags))?;
    complete.then_some(ListItem { id, fields })
}
