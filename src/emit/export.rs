//! Open data: the list and its history as JSON and CSV under `data/`, language-independent.
//!
//! - `data/certificates.json`: the current list (the latest version), same shape as a version file
//! - `data/versions/<date>.json`: every published version
//! - `data/changes.json`: the machine-readable changelog of all versions
//! - `data/certificates.csv`: the current list for spreadsheets (UTF-8 with BOM, CRLF)
//! - `data/places.json`: the places of places.yaml, when the content has them (`places`)
//!
//! A place's section has the same files but places.json in `places/<id>/data/`, its versions
//! and items with `provenance` members (`provenance`); the CSV keeps the site's columns.
//!
//! The JSON shapes are described by `schema/open-data.schema.json` and docs/open-data.md.
//! Structs serialize their fields in declaration order and texts are sorted maps, so every
//! file is byte-identical on every rebuild.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::base::output_file::OutputFile;
use crate::derive::history::{Field, History, ItemChange, ItemRef, Presence, StatusChange};
use crate::emit::spreadsheet::{service_cell, Field as SheetField};
use crate::model::{
    Attachment, Channel, Content, Item, LangMap, Promise, ReferTo, Status, Text, Version,
};

/// Path of the current list as JSON.
pub(super) const CERTIFICATES_JSON: &str = "data/certificates.json";
/// Path of the current list as CSV.
pub(super) const CERTIFICATES_CSV: &str = "data/certificates.csv";
/// Path of the changelog as JSON.
pub(super) const CHANGES_JSON: &str = "data/changes.json";

/// Path of one version's JSON file.
pub(super) fn version_path(content: &Content, v: usize) -> String {
    format!("data/versions/{}.json", content.versions[v].date.value)
}

/// The CSV columns, in order.
pub(super) const CSV_HEADERS: [&str; 28] = [
    "序号",
    "事项名称",
    "类别",
    "状态",
    "证明用途",
    "设定依据",
    "索要单位",
    "出具主体",
    "办理材料",
    "办理步骤",
    "办理时限",
    "收费",
    "申请方式",
    "办理地点",
    "办理时间",
    "适用对象",
    "替代方式",
    "取消依据",
    "线上办理渠道",
    "替代办理部门",
    "替代办理部门地址",
    "替代办理部门电话",
    "替代办理部门办公时间",
    "告知承诺条件",
    "虚假承诺后果",
    "事后核查",
    "证明式样",
    "编号",
];

/// The CSV columns of the service fields, in `CSV_HEADERS`' order (cells made as the
/// workbooks make them, so that the import reads both alike).
const CSV_SERVICE_FIELDS: [SheetField; 8] = [
    SheetField::Online,
    SheetField::ReferAgency,
    SheetField::ReferAddress,
    SheetField::ReferPhone,
    SheetField::ReferHours,
    SheetField::PromiseConditions,
    SheetField::PromiseConsequences,
    SheetField::PromiseVerifiedBy,
];

/// Every version's items, serialized for the version files once per distinct item.
///
/// From one version to the next about 95 % of the items are unchanged: an item that serializes
/// exactly as in the version before shares that version's bytes, so a province's ten files
/// cost about one and a half lists of serializing instead of ten. The newest version's file
/// (and `data/certificates.json`) holds every item in full; an earlier version's file holds in
/// full only the items that changed in it, and refers every other one to the earlier version
/// that has it in full (`{"id": …, "same_as": date}`, issue 21: the province's ten files were
/// 248 MB, nine tenths of it the same items again). An earlier file refers only to files
/// older than itself, so publishing or editing the newest version never rewrites it.
pub(super) struct Items {
    /// Each distinct item, as one line of JSON.
    fragments: Vec<Box<RawValue>>,
    /// Per fragment: the index of the first version that has it, whose file has it in full.
    first: Vec<usize>,
    /// Per version, per item (in list order): its index in `fragments`.
    slots: Vec<Vec<usize>>,
}

impl Items {
    pub(super) fn new(content: &Content) -> Items {
        // Every item as JSON, and whether it is the same as its id's in the version before,
        // one version per core; then, in order, each distinct item once.
        let jsons: Vec<Vec<ItemJson>> = content
            .versions
            .par_iter()
            .enumerate()
            .map(|(n, v)| {
                v.items
                    .iter()
                    .map(|item| {
                        // In a place's section an item also says whose list and rules it
                        // follows in this version: a change of those is a change of the item.
                        let mut json = item_json(content, item);
                        json.provenance = provenance::item(content, n, &item.id.value);
                        json
                    })
                    .collect()
            })
            .collect();
        let unchanged: Vec<Vec<Option<usize>>> = (0..jsons.len())
            .into_par_iter()
            .map(|v| {
                let before: HashMap<&str, usize> = match v {
                    0 => HashMap::new(),
                    _ => jsons[v - 1]
                        .iter()
                        .enumerate()
                        .map(|(i, j)| (j.id, i))
                        .collect(),
                };
                jsons[v]
                    .iter()
                    .map(|json| {
                        let i = *before.get(json.id)?;
                        (jsons[v - 1][i] == *json).then_some(i)
                    })
                    .collect()
            })
            .collect();
        let mut distinct: Vec<&ItemJson> = Vec::new();
        let mut first: Vec<usize> = Vec::new();
        let mut slots: Vec<Vec<usize>> = Vec::with_capacity(jsons.len());
        for (v, version) in jsons.iter().enumerate() {
            let version_slots = version
                .iter()
                .zip(&unchanged[v])
                .map(|(json, same)| match same {
                    Some(i) => slots[v - 1][*i],
                    None => {
                        distinct.push(json);
                        first.push(v);
                        distinct.len() - 1
                    }
                })
                .collect();
            slots.push(version_slots);
        }
        let fragments = distinct
            .par_iter()
            .map(|json| {
                // Compact, one line an item (issue 21): the indentation of a pretty-printed
                // item was a quarter of a version file (33.6 → 25.6 MB a file at the province
                // tier), and a line per item still diffs item by item.
                let mut bytes = Vec::with_capacity(ITEM_JSON_BYTES);
                serde_json::to_writer(&mut bytes, json).expect("plain data serializes");
                let text = String::from_utf8(bytes).expect("serde_json writes UTF-8");
                RawValue::from_string(text).expect("valid JSON")
            })
            .collect();
        Items {
            fragments,
            first,
            slots,
        }
    }

    /// Whether version `v`'s file holds the item of this slot in full: the newest version's
    /// holds every item, an earlier one those that are new or changed in it.
    fn in_full(&self, v: usize, slot: usize) -> bool {
        v + 1 == self.slots.len() || self.first[slot] == v
    }

    /// About the bytes version `v`'s items take in its file, with the separators between them.
    fn bytes(&self, v: usize) -> usize {
        let items = (self.slots[v].iter()).map(|&s| match self.in_full(v, s) {
            true => self.fragments[s].get().len(),
            false => SAME_AS_JSON_BYTES,
        });
        items.map(|n| n + ",\n    ".len()).sum()
    }
}

/// About what a reference to an earlier version takes in a version file.
const SAME_AS_JSON_BYTES: usize = 48;

/// An item in a version file: in full, or a reference to the earlier version file that has the
/// same item in full; either as one line of JSON, as the file lists items.
#[derive(Serialize)]
#[serde(untagged)]
enum ItemEntry<'a> {
    Full(&'a RawValue),
    Same(Box<RawValue>),
}

/// An item exactly as in an earlier version: its id, and the date of the version file that has
/// it in full.
#[derive(Serialize)]
struct SameAsJson<'a> {
    id: &'a str,
    same_as: String,
}

/// A part of the export, made on its own so the build can make the parts in parallel and write
/// each file as soon as it is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DataFile {
    /// `data/certificates.csv`, the latest version.
    CertificatesCsv,
    /// `data/changes.json`.
    Changes,
    /// `data/versions/<date>.json` of the version at this index, and for the latest version
    /// also `data/certificates.json` (the same bytes).
    Version(usize),
    /// `data/places.json`, when the content has places.
    Places,
}

/// The parts of the export for `content`.
pub(super) fn files(content: &Content) -> Vec<DataFile> {
    let csv = (!content.versions.is_empty()).then_some(DataFile::CertificatesCsv);
    let versions = (0..content.versions.len()).map(DataFile::Version);
    // The places are the whole site's: a place's section does not repeat them.
    let places = content.places.as_ref().filter(|p| !p.places.is_empty());
    let places = places.filter(|_| content.section.is_none());
    csv.into_iter()
        .chain([DataFile::Changes])
        .chain(versions)
        .chain(places.map(|_| DataFile::Places))
        .collect()
}

/// Make one part of the export.
pub(super) fn data_file(
    content: &Content,
    history: &History,
    items: &Items,
    file: DataFile,
) -> Vec<OutputFile> {
    let x = Exporter { content, history };
    match file {
        DataFile::CertificatesCsv => vec![OutputFile {
            path: CERTIFICATES_CSV.into(),
            bytes: x.csv(&content.versions[content.versions.len() - 1]),
        }],
        DataFile::Changes => vec![OutputFile {
            path: CHANGES_JSON.into(),
            bytes: json(&x.changes(), 1 << 16),
        }],
        DataFile::Places => (places::places_json(content).into_iter())
            .map(|bytes| OutputFile {
                path: places::PLACES_JSON.into(),
                bytes,
            })
            .collect(),
        DataFile::Version(v) => {
            let file = OutputFile {
                path: version_path(content, v),
                bytes: json(&x.version(v, items), items.bytes(v) + (64 << 10)),
            };
            match v + 1 == content.versions.len() {
                true => vec![
                    OutputFile {
                        path: CERTIFICATES_JSON.into(),
                        bytes: file.bytes.clone(),
                    },
                    file,
                ],
                false => vec![file],
            }
        }
    }
}

/// A version as CSV, as `data/certificates.csv` has the current list (the spreadsheet
/// downloads write one per version).
pub(super) fn version_csv(content: &Content, history: &History, version: &Version) -> Vec<u8> {
    Exporter { content, history }.csv(version)
}

/// Pretty-printed JSON with a trailing newline.
///
/// `capacity` is a guess of the size: a province's version files are 30 MB each, and growing a
/// buffer to that by doubling copies it several times over.
fn json<T: Serialize>(value: &T, capacity: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(capacity);
    serde_json::to_writer_pretty(&mut bytes, value).expect("plain data serializes");
    bytes.push(b'\n');
    bytes
}

/// About what one item takes in a version file (the synthetic province: 2.4 KB).
const ITEM_JSON_BYTES: usize = 5 << 9;

/// Text as JSON: language code → string, sorted by code.
type TextJson<'a> = &'a LangMap;

#[derive(Serialize, PartialEq)]
struct CategoryJson<'a> {
    id: &'a str,
    name: LangMap,
}

#[derive(Serialize, PartialEq)]
struct ItemJson<'a> {
    id: &'a str,
    url: String,
    name: TextJson<'a>,
    category: CategoryJson<'a>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    purpose: Option<TextJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    basis: Option<TextJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    requested_by: Option<TextJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issuer: Option<TextJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_limit: Option<TextJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fee: Option<TextJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    apply: Option<TextJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    office: Option<TextJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hours: Option<TextJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    applicants: Option<TextJson<'a>>,
    materials: Vec<TextJson<'a>>,
    steps: Vec<TextJson<'a>>,
    keywords: Vec<TextJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alternative: Option<TextJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cancel_basis: Option<TextJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    online: Vec<ChannelJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    refer_to: Option<ReferToJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    promise: Option<PromiseJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    renamed_from: Option<&'a str>,
    /// 证明式样: the published template.
    #[serde(skip_serializing_if = "Option::is_none")]
    specimen: Option<FileJson<'a>>,
    /// In a place's section: whose list the item is on and whose rule each local fact is.
    #[serde(skip_serializing_if = "Option::is_none")]
    provenance: Option<provenance::ItemProvenanceJson<'a>>,
}

/// A published file (an item's specimen, a version's attachment).
#[derive(Serialize, PartialEq)]
struct FileJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<TextJson<'a>>,
    url: String,
    media_type: &'static str,
    bytes: u64,
}

/// `attachment` as the open data shows it; `None` when it was not published (which stops the
/// build).
fn file_json<'a>(content: &Content, attachment: &'a Attachment) -> Option<FileJson<'a>> {
    let published = attachment.published.as_ref()?;
    Some(FileJson {
        title: t(&attachment.title),
        url: format!("{}{}", content.site.base_url.value, published.path),
        media_type: published.kind.media_type(),
        bytes: published.size,
    })
}

#[derive(Serialize)]
struct CorrectionJson<'a> {
    date: String,
    text: TextJson<'a>,
}

#[derive(Serialize, PartialEq)]
struct ChannelJson<'a> {
    name: TextJson<'a>,
    url: &'a str,
}

#[derive(Serialize, PartialEq)]
struct ReferToJson<'a> {
    agency: TextJson<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<TextJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hours: Option<TextJson<'a>>,
}

#[derive(Serialize, PartialEq)]
struct PromiseJson<'a> {
    conditions: TextJson<'a>,
    consequences: TextJson<'a>,
    verified_by: TextJson<'a>,
    /// The 承诺书 to download.
    #[serde(skip_serializing_if = "Option::is_none")]
    form: Option<FileJson<'a>>,
}

fn channel_json(c: &Channel) -> ChannelJson<'_> {
    ChannelJson {
        name: &c.name.values,
        url: &c.url.value,
    }
}

fn refer_to_json(r: &ReferTo) -> ReferToJson<'_> {
    ReferToJson {
        agency: &r.agency.values,
        address: t(&r.address),
        phone: r.phone.as_ref().map(|p| p.value.as_str()),
        hours: t(&r.hours),
    }
}

fn promise_json<'a>(content: &Content, p: &'a Promise) -> PromiseJson<'a> {
    PromiseJson {
        conditions: &p.conditions.values,
        consequences: &p.consequences.values,
        verified_by: &p.verified_by.values,
        form: p.form.as_ref().and_then(|f| file_json(content, f)),
    }
}

/// The value `json` has under `field`'s key (`null` when it has none): that one member
/// serialized, not the whole item serialized and the rest thrown away (a province's changelog
/// asks this tens of thousands of times).
fn field_json(json: &ItemJson, field: Field) -> Value {
    use serde_json::to_value;
    match field {
        Field::Name => to_value(json.name),
        Field::Category => to_value(&json.category),
        Field::Purpose => to_value(json.purpose),
        Field::Basis => to_value(json.basis),
        Field::RequestedBy => to_value(json.requested_by),
        Field::Issuer => to_value(json.issuer),
        Field::Materials => to_value(&json.materials),
        Field::Steps => to_value(&json.steps),
        Field::TimeLimit => to_value(json.time_limit),
        Field::Fee => to_value(json.fee),
        Field::Apply => to_value(json.apply),
        Field::Office => to_value(json.office),
        Field::Hours => to_value(json.hours),
        Field::Applicants => to_value(json.applicants),
        Field::CancelBasis => to_value(json.cancel_basis),
        Field::Keywords => to_value(&json.keywords),
        Field::Alternative => to_value(json.alternative),
        // An item without channels has no `online` member: `null`, as for other fields.
        Field::Online if json.online.is_empty() => Ok(Value::Null),
        Field::Online => to_value(&json.online),
        Field::ReferTo => to_value(&json.refer_to),
        Field::Promise => to_value(&json.promise),
        Field::Specimen => to_value(&json.specimen),
    }
    .expect("plain data serializes")
}

#[derive(Serialize)]
struct VersionJson<'a, I> {
    date: String,
    title: TextJson<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued_by: Option<TextJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<TextJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    effective: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    corrections: Vec<CorrectionJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<FileJson<'a>>,
    /// In a place's section: what the version follows and what is the place's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    provenance: Option<provenance::VersionProvenanceJson<'a>>,
    item_count: usize,
    /// In the build each item as already serialized (`Items`); in tests also `ItemJson`.
    items: Vec<I>,
}

#[derive(Serialize)]
struct SiteJson<'a> {
    title: TextJson<'a>,
    base_url: &'a str,
}

#[derive(Serialize)]
struct FieldJson {
    field: &'static str,
    before: Value,
    after: Value,
}

#[derive(Serialize)]
struct ChangeJson<'a> {
    id: &'a str,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_seen: Option<String>,
    status_change: Option<&'static str>,
    fields: Vec<FieldJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<TextJson<'a>>,
}

#[derive(Serialize)]
struct VersionChangesJson<'a> {
    date: String,
    title: TextJson<'a>,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provenance: Option<provenance::VersionProvenanceJson<'a>>,
    initial: bool,
    counts: crate::derive::history::Counts,
    changes: Vec<ChangeJson<'a>>,
}

#[derive(Serialize)]
struct ChangesJson<'a> {
    site: SiteJson<'a>,
    versions: Vec<VersionChangesJson<'a>>,
}

struct Exporter<'a> {
    content: &'a Content,
    history: &'a History,
}

fn t(text: &Option<Text>) -> Option<TextJson<'_>> {
    text.as_ref().map(|t| &t.values)
}

fn list(texts: &[Text]) -> Vec<TextJson<'_>> {
    texts.iter().map(|t| &t.values).collect()
}

/// An item as the version files show it.
fn item_json<'a>(content: &'a Content, item: &'a Item) -> ItemJson<'a> {
    let cat = item.category.value.as_str();
    ItemJson {
        id: &item.id.value,
        // In a place's section, its page there (in the whole site, also when the section is
        // built on its own).
        url: format!(
            "{}{}items/{}/",
            content.site.base_url.value,
            content.section.as_ref().map_or("", |s| s.home.as_str()),
            item.id.value
        ),
        name: &item.name.values,
        category: CategoryJson {
            id: cat,
            name: match content.site.category_name(cat) {
                Some(name) => name.values.clone(),
                None => {
                    LangMap::from([(content.site.default_language().to_string(), cat.to_string())])
                }
            },
        },
        status: item.status.value.as_str(),
        purpose: t(&item.purpose),
        basis: t(&item.basis),
        requested_by: t(&item.requested_by),
        issuer: t(&item.issuer),
        time_limit: t(&item.time_limit),
        fee: t(&item.fee),
        apply: t(&item.apply),
        office: t(&item.office),
        hours: t(&item.hours),
        applicants: t(&item.applicants),
        materials: list(&item.materials),
        steps: list(&item.steps),
        keywords: list(&item.keywords),
        alternative: t(&item.alternative),
        cancel_basis: t(&item.cancel_basis),
        online: item.online.iter().map(channel_json).collect(),
        refer_to: item.refer_to.as_ref().map(refer_to_json),
        promise: item.promise.as_ref().map(|p| promise_json(content, p)),
        renamed_from: item.renamed_from.as_ref().map(|r| r.value.as_str()),
        specimen: item.specimen.as_ref().and_then(|s| file_json(content, s)),
        provenance: None,
    }
}

impl<'a> Exporter<'a> {
    fn base(&self) -> &'a str {
        &self.content.site.base_url.value
    }

    fn item(&self, item: &'a Item) -> ItemJson<'a> {
        item_json(self.content, item)
    }

    fn version(&self, v: usize, items: &'a Items) -> VersionJson<'a, ItemEntry<'a>> {
        let listed = self.content.versions[v].items.iter();
        let entries =
            (items.slots[v].iter().zip(listed)).map(|(&slot, item)| match items.in_full(v, slot) {
                true => ItemEntry::Full(&items.fragments[slot]),
                false => {
                    let same = SameAsJson {
                        id: &item.id.value,
                        same_as: self.content.versions[items.first[slot]]
                            .date
                            .value
                            .to_string(),
                    };
                    let text = serde_json::to_string(&same).expect("plain data serializes");
                    ItemEntry::Same(RawValue::from_string(text).expect("valid JSON"))
                }
            });
        self.version_with(v, entries.collect())
    }

    fn version_with<I>(&self, v: usize, items: Vec<I>) -> VersionJson<'a, I> {
        let version = &self.content.versions[v];
        VersionJson {
            date: version.date.value.to_string(),
            title: &version.title.values,
            document: version.document.as_ref().map(|d| d.value.as_str()),
            issued_by: t(&version.issued_by),
            summary: t(&version.summary),
            effective: version.effective.as_ref().map(|e| e.value.to_string()),
            corrections: (version.corrections.iter())
                .map(|c| CorrectionJson {
                    date: c.date.value.to_string(),
                    text: &c.text.values,
                })
                .collect(),
            attachments: (version.attachments.iter())
                .filter_map(|a| file_json(self.content, a))
                .collect(),
            provenance: provenance::version(self.content, v),
            item_count: version.items.len(),
            items,
        }
    }

    /// The value the item's JSON has under the field's key; `null` when it has none.
    fn field_value(&self, r: Option<ItemRef>, field: Field) -> Value {
        let Some(r) = r else { return Value::Null };
        field_json(&self.item(self.history.item(self.content, r)), field)
    }

    fn change(&self, version: &'a Version, c: &'a ItemChange) -> ChangeJson<'a> {
        let (kind, from, last_seen) = match &c.presence {
            Presence::Added => ("added", None, None),
            Presence::Readded { last_seen } => (
                "readded",
                None,
                Some(self.content.versions[*last_seen].date.value.to_string()),
            ),
            Presence::Removed => ("removed", None, None),
            Presence::Renamed { from } => ("renamed", Some(from.as_str()), None),
            Presence::Kept => ("kept", None, None),
        };
        ChangeJson {
            id: &c.id,
            kind,
            from,
            last_seen,
            status_change: c.status.map(StatusChange::as_str),
            fields: c
                .fields
                .iter()
                .map(|&f| FieldJson {
                    field: f.key(),
                    before: self.field_value(c.before, f),
                    after: self.field_value(c.after, f),
                })
                .collect(),
            note: version.note(&c.id).map(|t| &t.values),
        }
    }

    fn changes(&self) -> ChangesJson<'a> {
        let site = &self.content.site;
        let versions = self
            .content
            .versions
            .iter()
            .zip(&self.history.versions)
            .enumerate()
            .map(|(v, (version, vc))| {
                let c = vc.counts;
                VersionChangesJson {
                    date: version.date.value.to_string(),
                    title: &version.title.values,
                    // A place's section's changelog is in its folder of the whole site.
                    url: format!(
                        "{}{}changelog/{}/",
                        self.base(),
                        self.content
                            .section
                            .as_ref()
                            .map_or("", |s| s.home.as_str()),
                        version.date.value
                    ),
                    document: version.document.as_ref().map(|d| d.value.as_str()),
                    provenance: provenance::version(self.content, v),
                    initial: v == 0,
                    counts: c,
                    changes: vc.changes.iter().map(|c| self.change(version, c)).collect(),
                }
            })
            .collect();
        ChangesJson {
            site: SiteJson {
                title: &site.title.values,
                base_url: self.base(),
            },
            versions,
        }
    }

    /// Text in the default language (validation guarantees it is there).
    fn plain(&self, text: &Text) -> String {
        text.get(self.content.site.default_language())
            .or_else(|| text.values.iter().next().map(|(_, v)| v))
            .unwrap_or_default()
            .to_string()
    }

    fn csv(&self, version: &Version) -> Vec<u8> {
        let mut out = String::from("\u{FEFF}");
        push_row(&mut out, CSV_HEADERS.iter().map(|h| h.to_string()));
        let opt = |t: &Option<Text>| t.as_ref().map(|t| self.plain(t)).unwrap_or_default();
        let md = |t: &Option<Text>| {
            t.as_ref()
                .map(|t| crate::emit::markdown::to_plain(&self.plain(t)))
                .unwrap_or_default()
        };
        for (n, item) in version.items.iter().enumerate() {
            let category = self
                .content
                .site
                .category_name(&item.category.value)
                .map_or_else(|| item.category.value.clone(), |c| self.plain(c));
            let status = match item.status.value {
                Status::Issued => "保留出具",
                Status::Cancelled => "取消出具",
            };
            let materials: Vec<String> = item.materials.iter().map(|m| self.plain(m)).collect();
            let steps: Vec<String> = item.steps.iter().map(|s| self.plain(s)).collect();
            let plain = |t: &Text| self.plain(t);
            let service =
                CSV_SERVICE_FIELDS.map(|f| service_cell(item, f, &plain, true).unwrap_or_default());
            push_row(
                &mut out,
                [
                    (n + 1).to_string(),
                    self.plain(&item.name),
                    category,
                    status.to_string(),
                    opt(&item.purpose),
                    md(&item.basis),
                    opt(&item.requested_by),
                    opt(&item.issuer),
                    materials.join("；"),
                    steps.join("；"),
                    opt(&item.time_limit),
                    // Empty when the content says nothing (an absent `fee` is not "free"), and
                    // for an item the committee no longer issues.
                    match item.status.value {
                        Status::Issued => opt(&item.fee),
                        Status::Cancelled => String::new(),
                    },
                    opt(&item.apply),
                    opt(&item.office),
                    opt(&item.hours),
                    opt(&item.applicants),
                    md(&item.alternative),
                    opt(&item.cancel_basis),
                ]
                .into_iter()
                .chain(service)
                .chain([specimen_path(item), item.id.value.clone()]),
            );
        }
        out.into_bytes()
    }
}

/// Where an item's specimen is published, from the site's root (`items/<id>/files/…`), or
/// nothing: the spreadsheets' 证明式样 column.
pub(super) fn specimen_path(item: &Item) -> String {
    (item.specimen.as_ref())
        .and_then(|s| s.published.as_ref())
        .map(|p| p.path.clone())
        .unwrap_or_default()
}

/// One CSV record (RFC 4180) ending in CRLF.
pub(crate) fn push_row(out: &mut String, cells: impl IntoIterator<Item = String>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_cell(&cell));
    }
    out.push_str("\r\n");
}

/// A cell guarded against formula injection (a leading `=`, `+`, `-`, `@`, tab or CR makes
/// spreadsheets evaluate it: prefix `'`), then quoted when it holds a comma, quote, CR or LF.
fn csv_cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

mod places;
mod provenance;

#[cfg(test)]
mod tests;
