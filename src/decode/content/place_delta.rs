//! Decoding a place's delta files (`places/<id>/<date>.yaml`) into `PlaceDelta`s: the dated,
//! complete set of a place's local differences from its parent's list (`add`, `exclude`,
//! `override`), with the publication's title, document number and notes.
//!
//! The items of `add` are decoded exactly as a version file's items; which ids may be excluded,
//! overridden or added depends on the parent's list on the delta's date, which is
//! `validate::places`'s job.

use std::path::Path;

use chrono::NaiveDate;

use super::item::{decode_item, ITEM_KEYS};
use super::read_map::{date, parse_yaml, text, MapReader};
use super::service::Reader;
use super::versions::decode_notes;
use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::base::intern::Interner;
use crate::model::places::{Exclusion, Override, PlaceDelta, PlaceDeltas, OVERRIDABLE};
use crate::model::Spanned;
use crate::msg;
use crate::read::source::{PlaceFolder, SourceFile};
use crate::yaml::{Node, Value};

/// The top-level keys of a delta file.
pub const DELTA_KEYS: &[&str] = &[
    "date",
    "title",
    "document",
    "issued_by",
    "summary",
    "notes",
    "add",
    "exclude",
    "override",
];
/// The keys of one `exclude` entry.
pub const EXCLUDE_KEYS: &[&str] = &["id", "reason"];

/// Every folder's deltas that decoded, each folder's oldest first.
pub(super) fn decode_place_folders(
    folders: &[PlaceFolder],
    default: &str,
    diags: &mut Diagnostics,
) -> Vec<PlaceDeltas> {
    let interner = Interner::default();
    folders
        .iter()
        .map(|folder| {
            let mut deltas: Vec<PlaceDelta> = (folder.files.iter())
                .filter_map(|f| decode_delta(f, default, &interner, diags))
                .collect();
            deltas.sort_by_key(|d| d.date.value);
            PlaceDeltas {
                id: folder.id.clone(),
                folder: folder.path.clone(),
                deltas,
            }
        })
        .collect()
}

/// The date a delta file's name spells, reported when it spells none.
fn file_date(file: &SourceFile, diags: &mut Diagnostics) -> Option<NaiveDate> {
    let name = Path::new(&file.rel).file_name()?.to_string_lossy();
    let stem = name.trim_end_matches(".yaml");
    let parsed = NaiveDate::parse_from_str(stem, "%Y-%m-%d").ok();
    let parsed = parsed.filter(|_| stem.len() == 10);
    if parsed.is_none() {
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
                "每个调整文件以本地调整的日期命名，例如 `places/xiejiaji/2024-03-15.yaml`",
                "name each delta file after the date of the local adjustment, e.g. \
                 `places/xiejiaji/2024-03-15.yaml`"
            )),
        );
    }
    parsed
}

fn decode_delta(
    file: &SourceFile,
    default: &str,
    interner: &Interner,
    diags: &mut Diagnostics,
) -> Option<PlaceDelta> {
    let path = &file.path;
    let named = file_date(file, diags);
    let root = parse_yaml(path, &file.text, 0, diags)?;
    let what = ["调整文件", "a delta file"];
    let m = MapReader::new(path, &root, what, DELTA_KEYS, diags)?.sharing(interner);
    let date_hint = || {
        msg!(
            "加上 `date: 年-月-日`，与文件名中的日期相同",
            "add `date: YYYY-MM-DD`, the same date as the file name"
        )
    };
    let date_node = m.required("date", date_hint, diags)?;
    let written = date(path, date_node, "date", diags)?;
    if let Some(named) = named.filter(|n| *n != written) {
        diags.push(
            Diagnostic::error(
                path,
                Some(date_node.pos),
                Code::DeltaDateMismatch,
                msg!(
                    "`date: {written}` 与文件名中的日期 {named} 不一致",
                    "`date: {written}` is not the date of the file name, {named}"
                ),
            )
            .help(msg!(
                "把 `date` 改成 `date: {named}`，或把文件改名为 `{written}.yaml`",
                "write `date: {named}`, or rename the file to `{written}.yaml`"
            )),
        );
    }
    let reader = Reader {
        path,
        lang: default,
        interner,
    };
    Some(PlaceDelta {
        file: path.clone(),
        date: Spanned {
            value: written,
            pos: date_node.pos,
        },
        title: m.text("title", default, diags),
        document: m.string("document", diags),
        issued_by: m.text("issued_by", default, diags),
        summary: m.text("summary", default, diags),
        notes: decode_notes(path, &m, default, interner, diags),
        add: entries(path, &m, "add", diags)
            .filter_map(|n| decode_item(path, n, default, interner, diags))
            .collect(),
        exclude: entries(path, &m, "exclude", diags)
            .filter_map(|n| exclusion(path, n, default, interner, diags))
            .collect(),
        overrides: entries(path, &m, "override", diags)
            .filter_map(|n| override_entry(&reader, n, diags))
            .collect::<Vec<_>>(),
    })
}

/// The entries of the list at `key` (none when it is absent; reported when it is no list).
fn entries<'n>(
    path: &Path,
    m: &MapReader<'n>,
    key: &str,
    diags: &mut Diagnostics,
) -> std::slice::Iter<'n, Node<'n>> {
    match m.get(key).map(|n| (n, &n.value)) {
        Some((_, Value::Seq(list))) => list.iter(),
        Some((node, _)) => {
            diags.push(super::read_map::not_a_list(path, node, key));
            [].iter()
        }
        None => [].iter(),
    }
}

fn id_of(path: &Path, m: &MapReader, diags: &mut Diagnostics) -> Option<Spanned<String>> {
    let hint = || {
        msg!(
            "加上 `id:`，写上级清单中这个事项的 id",
            "add `id:` with the id of the item in the parent's list"
        )
    };
    m.required("id", hint, diags)
        .and_then(|n| super::read_map::scalar(path, n, "id", diags))
}

fn exclusion(
    path: &Path,
    node: &Node,
    default: &str,
    interner: &Interner,
    diags: &mut Diagnostics,
) -> Option<Exclusion> {
    let what = ["不适用的事项（`exclude`）", "an `exclude` entry"];
    let m = MapReader::new(path, node, what, EXCLUDE_KEYS, diags)?;
    let id = id_of(path, &m, diags);
    let hint = || {
        msg!(
            "加上 `reason:`，写明这个事项在本地不适用的原因，例如 `reason: 本区没有农村土地承包经营户`",
            "add `reason:`, why the item does not apply here, e.g. `reason: the district has no \
             rural land contractors`"
        )
    };
    let reason = m
        .required("reason", hint, diags)
        .and_then(|n| text(path, n, "reason", default, Some(interner), diags));
    Some(Exclusion {
        id: id?,
        reason: reason?,
    })
}

fn override_entry(reader: &Reader, node: &Node, diags: &mut Diagnostics) -> Option<Override> {
    let path = reader.path;
    let what = ["本地规定（`override`）", "an `override` entry"];
    // Every key of an item is known here (a misspelt one still gets its suggestion); those
    // a place cannot change are reported below, with the ones it can.
    let m = MapReader::new(path, node, what, ITEM_KEYS, diags)?;
    let Value::Map(pairs) = &node.value else {
        return None;
    };
    for (key, _) in pairs {
        let Some(k) = key.as_str() else { continue };
        if k == "id" || OVERRIDABLE.contains(&k) || !ITEM_KEYS.contains(&k) {
            continue;
        }
        let allowed = OVERRIDABLE.map(|k| format!("`{k}`")).join("、");
        let allowed_en = OVERRIDABLE.map(|k| format!("`{k}`")).join(", ");
        diags.push(
            Diagnostic::error(
                path,
                Some(key.pos),
                Code::NotOverridable,
                msg!(
                    "`{k}` 不能由本地调整",
                    "`{k}` cannot be overridden by a place"
                ),
            )
            .help(msg!(
                "`override` 里只能写 {allowed}；要改 `{k}`，需由上级清单调整",
                "`override` may only set {allowed_en}; `{k}` changes with the parent's list"
            )),
        );
    }
    let id = id_of(path, &m, diags);
    let lang = reader.lang;
    Some(Override {
        office: m.text("office", lang, diags),
        hours: m.text("hours", lang, diags),
        apply: m.text("apply", lang, diags),
        time_limit: m.text("time_limit", lang, diags),
        fee: m.text("fee", lang, diags),
        online: m.get("online").map(|n| reader.online(Some(n), diags)),
        refer_to: reader.refer_to(m.get("refer_to"), m.key_pos("refer_to"), None, diags),
        id: id?,
    })
}
