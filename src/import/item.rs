//! The items of the version being written, as plain owned data: texts per language in the
//! site's language order, and the `# 请确认：` questions the clerk must answer for each.

use crate::base::message::Message;
use crate::model::{Item, Site, Status, Text};

/// A text: (language code, text), the site's languages first, in its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutText(pub Vec<(String, String)>);

impl OutText {
    pub(crate) fn from_text(text: &Text, site: &Site) -> OutText {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for lang in &site.languages {
            if let Some(t) = text.get(&lang.code) {
                pairs.push((lang.code.clone(), t.to_string()));
            }
        }
        for (code, t) in text.values.iter() {
            if !pairs.iter().any(|(c, _)| c == code) {
                pairs.push((code.to_string(), t.to_string()));
            }
        }
        OutText(pairs)
    }

    pub fn one(lang: &str, text: &str) -> OutText {
        OutText(vec![(lang.to_string(), text.to_string())])
    }

    pub fn get(&self, lang: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(c, _)| c == lang)
            .map(|(_, t)| t.as_str())
    }

    /// The text in `lang`, else in `default`: what the published spreadsheet in `lang` shows.
    pub fn shown(&self, lang: &str, default: &str) -> Option<&str> {
        self.get(lang).or_else(|| self.get(default))
    }

    /// Set the text in `lang`, keeping the others.
    pub fn set(&mut self, lang: &str, text: &str) {
        match self.0.iter_mut().find(|(c, _)| c == lang) {
            Some(pair) => pair.1 = text.to_string(),
            None => self.0.push((lang.to_string(), text.to_string())),
        }
    }

    /// The languages other than `lang` it has a text in.
    pub fn others(&self, lang: &str) -> Vec<String> {
        (self.0.iter())
            .filter(|(c, _)| c != lang)
            .map(|(c, _)| c.clone())
            .collect()
    }
}

/// An online channel as written: its name and address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutChannel {
    pub name: OutText,
    pub url: String,
}

/// `refer_to` as written; a part a sheet left empty is `None` (the agency too: `check` then
/// asks for it).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OutReferTo {
    pub agency: Option<OutText>,
    pub address: Option<OutText>,
    pub phone: Option<String>,
    pub hours: Option<OutText>,
}

/// `promise` as written, each part `None` when a sheet left it empty.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OutPromise {
    pub conditions: Option<OutText>,
    pub consequences: Option<OutText>,
    pub verified_by: Option<OutText>,
    /// The 承诺书: its title and file, carried from the item as the content has it (a
    /// spreadsheet's cell cannot carry a file).
    pub form: Option<(Option<OutText>, String)>,
}

/// One item of the version written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutItem {
    /// What the clerk must confirm about this item (`# 请确认：` above it).
    pub questions: Vec<Message>,
    pub id: String,
    pub renamed_from: Option<String>,
    pub name: OutText,
    pub category: String,
    pub status: Status,
    pub purpose: Option<OutText>,
    pub basis: Option<OutText>,
    pub requested_by: Option<OutText>,
    pub issuer: Option<OutText>,
    pub materials: Vec<OutText>,
    pub steps: Vec<OutText>,
    pub time_limit: Option<OutText>,
    pub fee: Option<OutText>,
    pub apply: Option<OutText>,
    pub office: Option<OutText>,
    pub hours: Option<OutText>,
    pub applicants: Option<OutText>,
    pub keywords: Vec<OutText>,
    pub alternative: Option<OutText>,
    pub cancel_basis: Option<OutText>,
    pub online: Vec<OutChannel>,
    pub refer_to: Option<OutReferTo>,
    pub promise: Option<OutPromise>,
    /// 证明式样: its title and file, carried from the item as the content has it (a
    /// spreadsheet's cell cannot carry a file).
    pub specimen: Option<(Option<OutText>, String)>,
}

impl OutItem {
    pub(crate) fn from_item(item: &Item, site: &Site) -> OutItem {
        let t = |t: &Option<Text>| t.as_ref().map(|t| OutText::from_text(t, site));
        let list = |ts: &[Text]| ts.iter().map(|t| OutText::from_text(t, site)).collect();
        OutItem {
            questions: Vec::new(),
            id: item.id.value.clone(),
            renamed_from: item.renamed_from.as_ref().map(|r| r.value.clone()),
            name: OutText::from_text(&item.name, site),
            category: item.category.value.clone(),
            status: item.status.value,
            purpose: t(&item.purpose),
            basis: t(&item.basis),
            requested_by: t(&item.requested_by),
            issuer: t(&item.issuer),
            materials: list(&item.materials),
            steps: list(&item.steps),
            time_limit: t(&item.time_limit),
            fee: t(&item.fee),
            apply: t(&item.apply),
            office: t(&item.office),
            hours: t(&item.hours),
            applicants: t(&item.applicants),
            keywords: list(&item.keywords),
            alternative: t(&item.alternative),
            cancel_basis: t(&item.cancel_basis),
            online: (item.online.iter())
                .map(|c| OutChannel {
                    name: OutText::from_text(&c.name, site),
                    url: c.url.value.clone(),
                })
                .collect(),
            refer_to: item.refer_to.as_ref().map(|r| OutReferTo {
                agency: Some(OutText::from_text(&r.agency, site)),
                address: t(&r.address),
                phone: r.phone.as_ref().map(|p| p.value.clone()),
                hours: t(&r.hours),
            }),
            promise: item.promise.as_ref().map(|p| OutPromise {
                conditions: Some(OutText::from_text(&p.conditions, site)),
                consequences: Some(OutText::from_text(&p.consequences, site)),
                verified_by: Some(OutText::from_text(&p.verified_by, site)),
                form: (p.form.as_ref()).map(|f| (t(&f.title), f.file.value.clone())),
            }),
            specimen: item
                .specimen
                .as_ref()
                .map(|s| (t(&s.title), s.file.value.clone())),
        }
    }

    /// A new item with only a name, category and status.
    pub fn new(id: String, name: OutText, category: String, status: Status) -> OutItem {
        OutItem {
            questions: Vec::new(),
            id,
            renamed_from: None,
            name,
            category,
            status,
            purpose: None,
            basis: None,
            requested_by: None,
            issuer: None,
            materials: Vec::new(),
            steps: Vec::new(),
            time_limit: None,
            fee: None,
            apply: None,
            office: None,
            hours: None,
            applicants: None,
            keywords: Vec::new(),
            alternative: None,
            cancel_basis: None,
            online: Vec::new(),
            refer_to: None,
            promise: None,
            specimen: None,
        }
    }
}
