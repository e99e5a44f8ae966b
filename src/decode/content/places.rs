//! Decoding `places.yaml` into `Places`: one `places:` list, each entry a place with its id,
//! parent, level, name, division code and contact facts.
//!
//! Only the shape and single values are checked here (known keys, a level that is one of the
//! five, a code of 6 or 12 digits, a phone that can be dialled); how the places fit together
//! (ids, parents, cycles, levels, code prefixes) is `validate::places`'s job. The key lists are
//! public because `schema` builds the editors' JSON Schema from them.

use std::path::Path;

use super::read_map::{parse_yaml, scalar, MapReader};
use super::site::phone_ok;
use crate::base::codes::Code;
use crate::base::diagnostics::{suggestion, Diagnostic, Diagnostics};
use crate::model::places::{Level, Place, Places};
use crate::model::Spanned;
use crate::msg;
use crate::read::source::SourceFile;
use crate::yaml::Value;

/// The keys of the file itself: room for what later belongs to the whole tree.
pub const PLACES_FILE_KEYS: &[&str] = &["places"];
/// The keys of one place.
pub const PLACE_KEYS: &[&str] = &[
    "id", "parent", "level", "name", "code", "address", "phone", "hours", "footer", "home",
];
/// The keys of a place's `footer`: the site's, but the emblem, a file published once.
pub const PLACE_FOOTER_KEYS: &[&str] = &[
    "site_code",
    "icp",
    "police_record",
    "error_report_url",
    "conac_id",
];

/// places.yaml's places that decoded (each problem of the rest reported).
pub(super) fn decode_places(file: &SourceFile, default: &str, diags: &mut Diagnostics) -> Places {
    let path = &file.path;
    let mut places = Places {
        file: path.clone(),
        places: Vec::new(),
        deltas: Vec::new(),
    };
    let Some(root) = parse_yaml(path, &file.text, 0, diags) else {
        return places;
    };
    let what = ["地点文件（places.yaml）", "places.yaml"];
    let Some(map) = MapReader::new(path, &root, what, PLACES_FILE_KEYS, diags) else {
        return places;
    };
    let hint = || {
        msg!(
            "在 `places:` 下每个地点写一项，以 `- id: ……` 开头，写法见 docs/content-format.md",
            "list the places under `places:`, each starting with `- id: ...`; see \
             docs/content-format.md"
        )
    };
    let Some(list) = map.required("places", hint, diags) else {
        return places;
    };
    let Value::Seq(entries) = &list.value else {
        let [found_zh, found_en] = list.kind_name();
        diags.push(
            Diagnostic::error(
                path,
                Some(list.pos),
                Code::NotAList,
                msg!(
                    "`places` 应当是列表，这里却是{found_zh}",
                    "`places` must be a list, found {found_en}"
                ),
            )
            .help(hint()),
        );
        return places;
    };
    places.places.reserve(entries.len());
    for node in entries {
        let Some(m) = MapReader::new(path, node, ["地点", "a place"], PLACE_KEYS, diags) else {
            continue;
        };
        let id_hint = || {
            msg!(
                "加上 `id: chaoyang`（小写字母、数字和连字符），它是这个地点的固定网址",
                "add `id: chaoyang` (lowercase letters, digits and hyphens), the place's \
                 permanent address"
            )
        };
        let id = m
            .required("id", id_hint, diags)
            .and_then(|n| scalar(path, n, "id", diags));
        let level_hint = || {
            msg!(
                "加上 `level: community`，即这个地点的层级：province（省）、city（市）、district（县（区））、township（乡镇（街道））或 community（村（社区））",
                "add `level: community`, the place's level: province, city, district, township \
                 or community"
            )
        };
        let level = m
            .required("level", level_hint, diags)
            .and_then(|n| scalar(path, n, "level", diags))
            .and_then(|s| level_value(path, s, diags));
        let name_hint = || {
            msg!(
                "加上地点名称，例如 `name: {{ zh-CN: 朝阳街道, en: Chaoyang Subdistrict }}`",
                "add the place's name, e.g. `name: {{ zh-CN: 朝阳街道, en: Chaoyang Subdistrict }}`"
            )
        };
        let name = m
            .required("name", name_hint, diags)
            .and_then(|_| m.text("name", default, diags));
        let parent = m.string("parent", diags);
        let code = m.string("code", diags).filter(|c| code_ok(path, c, diags));
        let phone = (m.string("phone", diags)).filter(|p| phone_ok(path, "phone", p, diags));
        let (address, hours) = (
            m.text("address", default, diags),
            m.text("hours", default, diags),
        );
        if let (Some(id), Some(level), Some(name)) = (id, level, name) {
            places.places.push(Place {
                pos: node.pos,
                id,
                parent,
                level,
                name,
                code,
                address,
                phone,
                hours,
                footer: (m.get("footer").is_some())
                    .then(|| super::site::decode_footer_keys(path, &m, PLACE_FOOTER_KEYS, diags)),
                home: m.string("home", diags),
            });
        }
    }
    places
}

/// The level `s` names (reported when it names none, with the key for a Chinese name).
fn level_value(path: &Path, s: Spanned<String>, diags: &mut Diagnostics) -> Option<Spanned<Level>> {
    if let Some(value) = Level::from_key(&s.value) {
        return Some(Spanned { value, pos: s.pos });
    }
    let other = &s.value;
    let keys = Level::ALL.map(Level::as_str);
    let help = match (chinese_level(other), suggestion(other, keys)) {
        (Some(meant), _) => {
            let (key, label) = (meant.as_str(), meant.label_zh());
            msg!(
                "层级要写英文词：{label}写成 `level: {key}`",
                "a level is written in English: for “{other}” write `level: {key}`"
            )
        }
        (None, Some(s)) => s.then(&msg!(
            "层级只能是 province、city、district、township 或 community",
            "A level is province, city, district, township or community"
        )),
        (None, None) => msg!(
            "层级只能是 province（省）、city（市）、district（县（区））、township（乡镇（街道））或 community（村（社区））",
            "a level is province, city, district, township or community"
        ),
    };
    diags.push(
        Diagnostic::error(
            path,
            Some(s.pos),
            Code::UnknownPlaceLevel,
            msg!(
                "`level: {other}` 不是可用的层级",
                "`level: {other}` is not a level"
            ),
        )
        .help(help),
    );
    None
}

/// The level a Chinese name of one means, as staff write them.
fn chinese_level(word: &str) -> Option<Level> {
    let word = word.trim();
    let ends = |suffixes: &[&str]| suffixes.iter().any(|s| word.ends_with(s));
    Some(match () {
        _ if ends(&["社区", "村", "居委会", "村委会", "村（社区）"]) => {
            Level::Community
        }
        _ if ends(&["乡", "镇", "街道", "乡镇", "乡镇（街道）"]) => Level::Township,
        _ if ends(&["省", "自治区"]) => Level::Province,
        _ if ends(&["县", "区", "县（区）", "旗"]) => Level::District,
        _ if ends(&["市", "州", "盟"]) => Level::City,
        _ => return None,
    })
}

/// Whether `code` is a division code: 6 digits (行政区划代码) or 12 (统计用区划代码);
/// reported when not.
fn code_ok(path: &Path, code: &Spanned<String>, diags: &mut Diagnostics) -> bool {
    let value = &code.value;
    let digits = value.bytes().all(|b| b.is_ascii_digit());
    if digits && matches!(value.len(), 6 | 12) && value.bytes().any(|b| b != b'0') {
        return true;
    }
    diags.push(
        Diagnostic::error(
            path,
            Some(code.pos),
            Code::BadDivisionCode,
            msg!(
                "`code` 的值 `{value}` 不是区划代码",
                "`code` `{value}` is not an administrative division code"
            ),
        )
        .help(msg!(
            "写6位行政区划代码或12位统计用区划代码，只用半角数字，加上引号，例如 `code: \"340403\"`",
            "write the 6-digit administrative division code or the 12-digit statistical \
             division code, digits only, quoted, e.g. `code: \"340403\"`"
        )),
    );
    false
}
