//! Decoding one certificate item (an entry of a version's `items`) into `Item`.
//!
//! Apart from the version file around it because each item is decoded on its own, often in
//! parallel and from its text cut out of the file.

use std::path::Path;

use super::read_map::{scalar, text, MapReader};
use crate::base::diagnostics::{suggestion, Diagnostic, Diagnostics};
use crate::base::intern::Interner;
use crate::model::{Item, Spanned, Status, Text};
use crate::yaml::{Node, Value};

pub const ITEM_KEYS: &[&str] = &[
    "id",
    "name",
    "category",
    "status",
    "purpose",
    "basis",
    "requested_by",
    "issuer",
    "materials",
    "steps",
    "time_limit",
    "fee",
    "apply",
    "keywords",
    "alternative",
    "cancel_basis",
    "renamed_from",
];

/// One entry of a version's `items`; `None` (reported) without a usable id or category.
pub(super) fn decode_item(
    path: &Path,
    node: &Node,
    lang: &str,
    interner: &Interner,
    diags: &mut Diagnostics,
) -> Option<Item> {
    let m = MapReader::new(path, node, "an item", ITEM_KEYS, diags)?.sharing(interner);
    let id = m.required(
        "id",
        "add `id: some-name`: the item's permanent address (lowercase letters, digits, hyphens)",
        diags,
    );
    let name = m.required("name", "add the certificate's name (事项名称), e.g. `name: { zh-CN: 亲属关系证明, en: Proof of kinship }`", diags);
    let category = m.required(
        "category",
        "add `category:` with one of the category ids from site.yaml",
        diags,
    );
    let status = m.required(
        "status",
        "add `status: issued` (the committee issues it) or `status: cancelled` (it no longer does)",
        diags,
    );
    let id = id.and_then(|n| scalar(path, n, "id", diags));
    let name = name.and_then(|n| text(path, n, "name", lang, Some(interner), diags));
    let category = category.and_then(|n| scalar(path, n, "category", diags));
    let status = (status.and_then(|n| scalar(path, n, "status", diags)))
        .and_then(|s| status_value(path, s, diags));
    let item = Item {
        pos: node.pos,
        purpose: m.text("purpose", lang, diags),
        basis: m.text("basis", lang, diags),
        requested_by: m.text("requested_by", lang, diags),
        issuer: m.text("issuer", lang, diags),
        materials: m.text_list("materials", lang, diags),
        steps: m.text_list("steps", lang, diags),
        time_limit: m.text("time_limit", lang, diags),
        fee: m.text("fee", lang, diags),
        apply: m.text("apply", lang, diags),
        cancel_basis: m.text("cancel_basis", lang, diags),
        keywords: stand_in_list(m.text_list("keywords", lang, diags), m.get("keywords")),
        alternative: (m.text("alternative", lang, diags))
            .or_else(|| m.get("alternative").map(|_| Text::default())),
        renamed_from: m.string("renamed_from", diags),
        id: id?,
        // A missing or unusable name or status was reported above. Stand-ins that add no
        // problem of their own (`issued`: a cancelled item would need an alternative) keep
        // the item, so that validation reports its other problems in the same run; the errors
        // stop every build, so they never reach a page. Likewise an unusable `alternative` or
        // `keywords` is not also reported as missing.
        name: name.unwrap_or_default(),
        category: category?,
        status: status.unwrap_or(Spanned {
            value: Status::Issued,
            pos: node.pos,
        }),
    };
    Some(item)
}

/// The status `s` names (reported when it names none).
fn status_value(
    path: &Path,
    s: Spanned<String>,
    diags: &mut Diagnostics,
) -> Option<Spanned<Status>> {
    let value = match s.value.as_str() {
        "issued" => Status::Issued,
        "cancelled" => Status::Cancelled,
        other => {
            let mut d = Diagnostic::error_en(
                path,
                Some(s.pos),
                format!("`status: {other}` is not a status"),
            );
            d = d.help(match suggestion(other, ["issued", "cancelled"]) {
                Some(s) => format!("{s} A status is `issued` or `cancelled`"),
                None => "a status is `issued` (the committee issues it) or `cancelled` (it no longer does)".into(),
            });
            diags.push(d);
            return None;
        }
    };
    Some(Spanned { value, pos: s.pos })
}

/// `list` as decoded from `node`, or a stand-in entry when `node` held entries that all
/// failed to decode (reported): an empty list means "none written" to the checks.
fn stand_in_list(mut list: Vec<Text>, node: Option<&Node>) -> Vec<Text> {
    let written = node.is_some_and(|n| !matches!(&n.value, Value::Seq(l) if l.is_empty()));
    if list.is_empty() && written {
        list.push(Text::default());
    }
    list
}
