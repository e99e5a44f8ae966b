//! The other lists a village or community publishes beside the certificate list (厅字〔2022〕28号):
//! 依法履职事项, 依法协助政府工作事项, 不应承担的工作事项（负面清单）and 出具意见和盖章事项.
//!
//! Each kind the site declares in `site.yaml`'s `lists:` is a folder `lists/<kind>/` of dated
//! full snapshots, as `certificates/` is; the kinds differ only in which fields an item has,
//! so the kind carries its fields and every later stage reads them from it.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::{Spanned, Text};
use crate::base::diagnostics::Pos;

/// A kind of list other than the certificate list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ListKind {
    /// 村（社区）依法履职事项清单.
    Duties,
    /// 村（社区）依法协助政府工作事项清单.
    Assistance,
    /// 不应由村（社区）承担的工作事项清单（负面清单）.
    Burdens,
    /// 村（社区）出具意见和盖章事项清单.
    Opinions,
}

/// A field of a list item besides its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ListField {
    /// 事项名称.
    Name,
    /// 事项内容.
    Content,
    /// 不应承担的原因 (burdens only, required there).
    Reason,
    /// 责任主体; for burdens, who should take the work on (应由谁承担).
    Responsible,
    /// 依据.
    Basis,
}

impl ListField {
    pub const ALL: [ListField; 5] = [
        ListField::Name,
        ListField::Content,
        ListField::Reason,
        ListField::Responsible,
        ListField::Basis,
    ];

    /// The key the field is written under in a list file.
    pub fn key(self) -> &'static str {
        match self {
            ListField::Name => "name",
            ListField::Content => "content",
            ListField::Reason => "reason",
            ListField::Responsible => "responsible",
            ListField::Basis => "basis",
        }
    }
}

impl ListKind {
    pub const ALL: [ListKind; 4] = [
        ListKind::Duties,
        ListKind::Assistance,
        ListKind::Burdens,
        ListKind::Opinions,
    ];

    /// The kind as `site.yaml` and the folder name write it, and as its URLs spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Duties => "duties",
            ListKind::Assistance => "assistance",
            ListKind::Burdens => "burdens",
            ListKind::Opinions => "opinions",
        }
    }

    pub fn parse(s: &str) -> Option<ListKind> {
        ListKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The fields of an item of this kind, in the order tables show them (name first).
    pub fn fields(self) -> &'static [ListField] {
        use ListField::*;
        match self {
            ListKind::Burdens => &[Name, Reason, Responsible, Basis],
            _ => &[Name, Content, Responsible, Basis],
        }
    }

    /// The fields an item must have: its name, and a burden's reason.
    pub fn required(self, field: ListField) -> bool {
        field == ListField::Name || (self == ListKind::Burdens && field == ListField::Reason)
    }

    /// The keys an item of this kind may have (`qingdan schema` lists them).
    pub fn item_keys(self) -> &'static [&'static str] {
        match self {
            ListKind::Burdens => &["id", "name", "reason", "responsible", "basis"],
            _ => &["id", "name", "content", "responsible", "basis"],
        }
    }

    /// The kind's standard name, in Chinese and English, as the reform's documents name it.
    pub fn standard_name(self) -> [&'static str; 2] {
        match self {
            ListKind::Duties => [
                "村（社区）依法履职事项清单",
                "Duties of village and community committees under law",
            ],
            ListKind::Assistance => [
                "村（社区）依法协助政府工作事项清单",
                "Work village and community committees do to assist the government under law",
            ],
            ListKind::Burdens => [
                "不应由村（社区）承担的工作事项清单",
                "Work village and community committees should not be given",
            ],
            ListKind::Opinions => [
                "村（社区）出具意见和盖章事项清单",
                "Opinions and seals village and community committees give",
            ],
        }
    }
}

/// One entry of `site.yaml`'s `lists:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListDecl {
    pub kind: Spanned<ListKind>,
    /// The list's name on this site; the kind's standard name without it.
    pub title: Option<Text>,
}

/// One item of a list version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    pub id: Spanned<String>,
    /// The fields written, in the kind's order (`ListKind::fields`); the name always.
    pub fields: Vec<(ListField, Text)>,
}

impl ListItem {
    pub fn get(&self, field: ListField) -> Option<&Text> {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, t)| t)
    }

    /// The item's name (required, so always there once decoded).
    pub fn name(&self) -> &Text {
        self.get(ListField::Name).expect("decoded with its name")
    }
}

/// One dated snapshot of a list: `lists/<kind>/<date>.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListVersion {
    pub file: PathBuf,
    /// The date in the file name.
    pub file_date: Option<NaiveDate>,
    pub date: Spanned<NaiveDate>,
    pub title: Text,
    pub document: Option<Spanned<String>>,
    pub issued_by: Option<Text>,
    pub summary: Option<Text>,
    pub notes: Vec<(Spanned<String>, Text)>,
    pub items: Vec<ListItem>,
    /// False when an item or the whole `items` failed to decode (and was reported).
    pub complete: bool,
}

impl ListVersion {
    /// Every text of the version, its items' included, for the language checks.
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        std::iter::once(&self.title)
            .chain(self.issued_by.iter())
            .chain(self.summary.iter())
            .chain(self.notes.iter().map(|(_, t)| t))
            .chain(
                self.items
                    .iter()
                    .flat_map(|i| i.fields.iter().map(|(_, t)| t)),
            )
    }

    pub fn note(&self, id: &str) -> Option<&Text> {
        (self.notes.iter())
            .find(|(k, _)| k.value == id)
            .map(|(_, t)| t)
    }
}

/// A declared list with its versions, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindList {
    pub decl: ListDecl,
    pub versions: Vec<ListVersion>,
}

impl KindList {
    pub fn kind(&self) -> ListKind {
        self.decl.kind.value
    }

    /// Where the kind is declared in site.yaml.
    pub fn decl_pos(&self) -> Pos {
        self.decl.kind.pos
    }
}
