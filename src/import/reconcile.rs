//! Matching the rows read to the latest version's items and making the new version's items.
//!
//! A row is the item whose id its 编号 cell holds; else the item of exactly its name; else,
//! once every exact match is made, an item of a near name (`names::nearness`), proposed as a
//! rename (a new id with `renamed_from`) with the evidence; else a new item. An item no row
//! matches leaves the list and is reported. A cell the same as the item's text (ignoring
//! white space, or as the published spreadsheet shows Markdown: plain) keeps the item's text
//! and its translations; a changed one replaces the text in the sheet's language and keeps
//! the other languages, which are then reported as not updated.

use std::collections::{HashMap, HashSet};

use super::item::{OutChannel, OutItem, OutText};
use super::names::{nearness, new_id, normalize};
use super::table::Row;
use crate::base::message::Message;
use crate::emit::markdown::to_plain;
use crate::emit::spreadsheet::parse_channels;
use crate::emit::spreadsheet::Field;
use crate::model::{Content, Item, Status, Version};
use crate::msg;

/// A row taken as an item of the latest version under a new name and id.
#[derive(Debug, Clone)]
pub struct Rename {
    pub sheet: String,
    pub row: usize,
    pub from_id: String,
    pub from_name: String,
    pub to_id: String,
    pub to_name: String,
    pub evidence: Message,
}

/// Where a row is and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowItem {
    pub sheet: String,
    pub row: usize,
    pub id: String,
    pub name: String,
}

/// A text of an item whose text in the sheet's language changed while its other languages
/// were kept as they were.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub id: String,
    /// The content key (`purpose`, `materials`, …).
    pub field: &'static str,
    pub languages: Vec<String>,
}

/// What the import made of the rows.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub items: Vec<OutItem>,
    pub matched: Vec<RowItem>,
    pub new: Vec<RowItem>,
    pub removed: Vec<(String, String)>,
    pub renames: Vec<Rename>,
    pub stale: Vec<Stale>,
    /// Other things to confirm (a category or list the row does not say), by row.
    pub questions: Vec<(String, usize, Message)>,
}

/// Match `rows` to `base` (the latest version) and make the new version's items; `lang` is
/// the language the sheet's texts are in.
pub(super) fn reconcile(content: &Content, base: &Version, rows: &[Row], lang: &str) -> Outcome {
    let default = content.site.default_language();
    let name_of = |item: &Item| item.name.get_or(lang, default).to_string();
    let mut matching = Matching::exact(base, rows, &name_of);
    matching.near(base, rows, &name_of);
    let mut ids: HashSet<String> = content
        .versions
        .iter()
        .flat_map(|v| v.items.iter().map(|i| i.id.value.clone()))
        .collect();
    let mut out = Outcome::default();
    let mut placed: Vec<(usize, OutItem)> = Vec::new();
    let mut appended: Vec<OutItem> = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let row_name = row.get(Field::Name).unwrap_or_default().replace('\n', "");
        let mut m = Merger {
            content,
            lang,
            row,
            out: &mut out,
            questions: Vec::new(),
        };
        match matching.taken[r] {
            Some(i) => {
                let old = &base.items[i];
                let why = matching.evidence.remove(&r);
                let item = m.continued(old, why, &row_name, &name_of(old), &mut ids);
                placed.push((i, item));
            }
            None => {
                let typed = row.get(Field::Id).unwrap_or_default().trim();
                let usable = !typed.is_empty()
                    && typed
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !rows_use(&placed, &appended, typed);
                let id = match usable {
                    true => typed.to_string(),
                    false => new_id(&row_name, &|id| ids.contains(id)),
                };
                ids.insert(id.clone());
                appended.push(m.added(id, row_name));
            }
        }
    }
    for (i, item) in base.items.iter().enumerate() {
        if !matching.used.contains(&i) {
            out.removed.push((item.id.value.clone(), name_of(item)));
        }
    }
    // The latest version's order for the items it had (a rename where its old item was),
    // then the new ones in the sheet's order.
    placed.sort_by_key(|(i, _)| *i);
    out.items = placed
        .into_iter()
        .map(|(_, item)| item)
        .chain(appended)
        .collect();
    out
}

/// Which item of the latest version each row continues (by index), and why, where only a
/// near name says so.
struct Matching {
    taken: Vec<Option<usize>>,
    used: HashSet<usize>,
    evidence: HashMap<usize, Message>,
}

impl Matching {
    /// Each row to the item its 编号 names, else to the item of exactly its name.
    fn exact(base: &Version, rows: &[Row], name_of: &dyn Fn(&Item) -> String) -> Matching {
        let mut m = Matching {
            taken: vec![None; rows.len()],
            used: HashSet::new(),
            evidence: HashMap::new(),
        };
        let by_id: HashMap<&str, usize> = (base.items.iter().enumerate())
            .map(|(i, item)| (item.id.value.as_str(), i))
            .collect();
        for (r, row) in rows.iter().enumerate() {
            let id = row.get(Field::Id).unwrap_or_default().trim();
            let hit = by_id.get(id).copied().filter(|i| !m.used.contains(i));
            let hit = hit.or_else(|| {
                let name = normalize(row.get(Field::Name).unwrap_or_default());
                (0..base.items.len())
                    .find(|i| !m.used.contains(i) && normalize(&name_of(&base.items[*i])) == name)
            });
            if let Some(i) = hit {
                m.used.insert(i);
                m.taken[r] = Some(i);
            }
        }
        m
    }

    /// The rows left without an id to the items left of a near name, nearest pairs first.
    fn near(&mut self, base: &Version, rows: &[Row], name_of: &dyn Fn(&Item) -> String) {
        let mut near: Vec<(usize, usize, usize, Message)> = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            if self.taken[r].is_some() || !row.get(Field::Id).unwrap_or_default().is_empty() {
                continue;
            }
            let name = row.get(Field::Name).unwrap_or_default();
            for (i, item) in base.items.iter().enumerate() {
                if let Some((d, why)) = (!self.used.contains(&i))
                    .then(|| nearness(&name_of(item), name))
                    .flatten()
                {
                    near.push((d, r, i, why));
                }
            }
        }
        near.sort_by_key(|(d, r, i, _)| (*d, *r, *i));
        for (_, r, i, why) in near {
            if self.taken[r].is_none() && !self.used.contains(&i) {
                self.used.insert(i);
                self.taken[r] = Some(i);
                self.evidence.insert(r, why);
            }
        }
    }
}

fn rows_use(placed: &[(usize, OutItem)], appended: &[OutItem], id: &str) -> bool {
    placed.iter().any(|(_, i)| i.id == id) || appended.iter().any(|i| i.id == id)
}

/// Puts one row's cells into an item.
struct Merger<'a> {
    content: &'a Content,
    lang: &'a str,
    row: &'a Row,
    out: &'a mut Outcome,
    questions: Vec<Message>,
}

impl Merger<'_> {
    /// The row as the latest version's item `old`: under its id, or, matched by a near name
    /// (`why`), as a rename to a new id made from the row's name.
    fn continued(
        &mut self,
        old: &Item,
        why: Option<Message>,
        row_name: &str,
        from_name: &str,
        ids: &mut HashSet<String>,
    ) -> OutItem {
        let row = self.row;
        let mut item = OutItem::from_item(old, &self.content.site);
        if let Some(why) = why {
            let to_id = new_id(row_name, &|id| ids.contains(id));
            ids.insert(to_id.clone());
            let (sheet, line, old_id) = (&row.sheet, row.row, &old.id.value);
            self.questions.push(Message::new(
                format!("{sheet}第{line}行“{row_name}”与上一版的“{from_name}”（`{old_id}`）相近：{}。按更名处理，编号改为 `{to_id}`，写了 `renamed_from: {old_id}`。如果不是同一事项，删去 `renamed_from` 这一行", why.zh),
                format!("{sheet} row {line}: “{row_name}” is near “{from_name}” (`{old_id}`) of the latest version: {}. Taken as a rename: the id is now `{to_id}`, with `renamed_from: {old_id}`. If they are not the same certificate, delete the `renamed_from` line", why.en),
            ));
            self.out.renames.push(Rename {
                sheet: row.sheet.clone(),
                row: row.row,
                from_id: old.id.value.clone(),
                from_name: from_name.to_string(),
                to_id: to_id.clone(),
                to_name: row_name.to_string(),
                evidence: why,
            });
            item.renamed_from = Some(old.id.value.clone());
            item.id = to_id;
        } else {
            self.out.matched.push(RowItem {
                sheet: row.sheet.clone(),
                row: row.row,
                id: item.id.clone(),
                name: row_name.to_string(),
            });
        }
        self.apply(&mut item);
        item.questions = std::mem::take(&mut self.questions);
        item
    }

    /// The row as a new item `id`, with what staff must still confirm about it.
    fn added(&mut self, id: String, row_name: String) -> OutItem {
        let (row, site) = (self.row, &self.content.site);
        let (sheet, line) = (&row.sheet, row.row);
        let status = row.status.unwrap_or_else(|| {
            let q = msg!(
                "没有说明属于保留清单还是不再出具清单，暂按保留（`status: issued`）写入",
                "does not say which list it is on: written as issued (`status: issued`)"
            );
            self.ask(q);
            Status::Issued
        });
        let first = site
            .categories
            .first()
            .map(|c| c.id.value.clone())
            .unwrap_or_default();
        let mut item = OutItem::new(
            id.clone(),
            OutText::one(self.lang, &row_name),
            first,
            status,
        );
        self.questions.push(msg!(
            "{sheet}第{line}行是新增的事项，编号 `{id}` 由名称的拼音生成，可以改成更短的英文编号；请补上其他语言的文字和关键词",
            "{sheet} row {line} is a new item; its id `{id}` spells the name in pinyin and may be changed to a shorter one; add the other languages and keywords"
        ));
        if row.get(Field::Category).unwrap_or_default().is_empty() {
            let now = &item.category;
            self.ask(msg!(
                "没有类别，暂按 `{now}` 写入",
                "no category: written as `{now}`"
            ));
        }
        self.apply(&mut item);
        item.questions = std::mem::take(&mut self.questions);
        self.out.new.push(RowItem {
            sheet: row.sheet.clone(),
            row: row.row,
            id,
            name: row_name,
        });
        item
    }

    /// A guess the clerk must confirm: above the item in the file, and in the summary.
    fn ask(&mut self, question: Message) {
        let (sheet, line) = (&self.row.sheet, self.row.row);
        self.out
            .questions
            .push((sheet.clone(), line, question.clone()));
        self.questions.push(Message::new(
            format!("{sheet}第{line}行：{}", question.zh),
            format!("{sheet} row {line}: {}", question.en),
        ));
    }

    fn apply(&mut self, item: &mut OutItem) {
        let id = item.id.clone();
        for (field, cell) in &self.row.cells {
            let cell = cell.as_str();
            match field {
                // A specimen is a file of the content, which a cell cannot carry.
                Field::Number | Field::Id | Field::Status | Field::Specimen => {}
                Field::Name => {
                    let name = cell.replace('\n', "");
                    if let Some(t) = self.text(&id, "name", Some(&item.name), &name) {
                        item.name = t;
                    }
                }
                Field::Category => self.category(item, cell),
                Field::Purpose => self.optional(&id, "purpose", &mut item.purpose, cell),
                Field::Basis => self.optional(&id, "basis", &mut item.basis, cell),
                Field::RequestedBy => {
                    self.optional(&id, "requested_by", &mut item.requested_by, cell)
                }
                Field::Issuer => self.optional(&id, "issuer", &mut item.issuer, cell),
                Field::TimeLimit => self.optional(&id, "time_limit", &mut item.time_limit, cell),
                Field::Alternative => {
                    self.optional(&id, "alternative", &mut item.alternative, cell)
                }
                Field::Apply => self.optional(&id, "apply", &mut item.apply, cell),
                Field::Office => self.optional(&id, "office", &mut item.office, cell),
                Field::Hours => self.optional(&id, "hours", &mut item.hours, cell),
                Field::Applicants => self.optional(&id, "applicants", &mut item.applicants, cell),
                Field::CancelBasis => {
                    self.optional(&id, "cancel_basis", &mut item.cancel_basis, cell)
                }
                Field::Fee => {
                    let free = ["免费", "不收费", "无", "free"].contains(&cell.trim());
                    if !(item.fee.is_none() && free) {
                        self.optional(&id, "fee", &mut item.fee, cell);
                    }
                }
                Field::Materials => self.list(&id, "materials", &mut item.materials, cell),
                Field::Steps => self.list(&id, "steps", &mut item.steps, cell),
                Field::Online => self.online(&id, &mut item.online, cell),
                Field::ReferAgency | Field::ReferAddress | Field::ReferHours => {
                    let r = item.refer_to.get_or_insert_with(Default::default);
                    let (key, part) = match field {
                        Field::ReferAgency => ("refer_to.agency", &mut r.agency),
                        Field::ReferAddress => ("refer_to.address", &mut r.address),
                        _ => ("refer_to.hours", &mut r.hours),
                    };
                    self.optional(&id, key, part, cell);
                }
                Field::ReferPhone => {
                    let r = item.refer_to.get_or_insert_with(Default::default);
                    r.phone = (!cell.is_empty()).then(|| cell.to_string());
                }
                Field::PromiseConditions
                | Field::PromiseConsequences
                | Field::PromiseVerifiedBy => {
                    let p = item.promise.get_or_insert_with(Default::default);
                    let (key, part) = match field {
                        Field::PromiseConditions => ("promise.conditions", &mut p.conditions),
                        Field::PromiseConsequences => ("promise.consequences", &mut p.consequences),
                        _ => ("promise.verified_by", &mut p.verified_by),
                    };
                    self.optional(&id, key, part, cell);
                }
            }
        }
        self.whole_parts(item);
        if let Some(status) = self.row.status {
            item.status = status;
        }
    }

    /// `refer_to` and `promise` after the row's cells: left out when the row emptied every
    /// part, asked about when it left a required part empty.
    fn whole_parts(&mut self, item: &mut OutItem) {
        if let Some(r) = &item.refer_to {
            let given = [&r.address, &r.hours].iter().any(|t| t.is_some()) || r.phone.is_some();
            match (&r.agency, given) {
                (None, false) => item.refer_to = None,
                (None, true) => self.ask(msg!(
                    "写了替代办理部门的地址、电话或办公时间，却没有写部门名称：请补上 `refer_to` 的 `agency`",
                    "the address, telephone or hours of where to go instead are given without \
                     the agency: add `agency` to `refer_to`"
                )),
                _ => {}
            }
        }
        if let Some(p) = &item.promise {
            let parts = [&p.conditions, &p.consequences, &p.verified_by];
            match parts.iter().filter(|t| t.is_some()).count() {
                0 => item.promise = None,
                3 => {}
                _ => self.ask(msg!(
                    "告知承诺的条件、虚假承诺后果和事后核查要写全：请补上 `promise` 中空着的部分",
                    "a commitment needs its conditions, the consequences of a false promise and \
                     who checks it: fill in what `promise` leaves empty"
                )),
            }
        }
    }

    /// The channels a cell gives (`名称：https://…`, one a line); a channel whose address is
    /// unchanged keeps its name's other languages.
    fn online(&mut self, id: &str, field: &mut Vec<OutChannel>, cell: &str) {
        let (lang, default) = (self.lang, self.content.site.default_language());
        let mut next = Vec::new();
        for (n, parsed) in parse_channels(cell).into_iter().enumerate() {
            let Some((name, url)) = parsed else {
                let line = n + 1;
                self.ask(msg!(
                    "线上办理渠道第{line}行没有写成“名称：https://网址”，未写入",
                    "line {line} of the online channels is not `name: https://address`: left out"
                ));
                continue;
            };
            match field.iter().find(|c| c.url == url) {
                Some(c) if c.name.shown(lang, default).is_some_and(|v| same(&name, v)) => {
                    next.push(c.clone())
                }
                Some(c) => {
                    let mut c = c.clone();
                    if !c.name.others(lang).is_empty() {
                        self.out.stale.push(Stale {
                            id: id.to_string(),
                            field: "online",
                            languages: c.name.others(lang),
                        });
                    }
                    c.name.set(lang, &name);
                    next.push(c);
                }
                None => next.push(OutChannel {
                    name: OutText::one(lang, &name),
                    url,
                }),
            }
        }
        *field = next;
    }

    /// The text a cell gives a field that has `old`: `None` when it is unchanged.
    fn text(
        &mut self,
        id: &str,
        key: &'static str,
        old: Option<&OutText>,
        cell: &str,
    ) -> Option<OutText> {
        let (lang, default) = (self.lang, self.content.site.default_language());
        match old {
            Some(t) if t.shown(lang, default).is_some_and(|v| same(cell, v)) => None,
            Some(t) => {
                let mut t = t.clone();
                let others = t.others(lang);
                if !others.is_empty() {
                    self.out.stale.push(Stale {
                        id: id.to_string(),
                        field: key,
                        languages: others,
                    });
                }
                t.set(lang, cell);
                Some(t)
            }
            None => Some(OutText::one(lang, cell)),
        }
    }

    fn optional(&mut self, id: &str, key: &'static str, field: &mut Option<OutText>, cell: &str) {
        if cell.is_empty() {
            *field = None;
        } else if let Some(t) = self.text(id, key, field.as_ref(), cell) {
            *field = Some(t);
        }
    }

    fn list(&mut self, id: &str, key: &'static str, field: &mut Vec<OutText>, cell: &str) {
        let (lang, default) = (self.lang, self.content.site.default_language());
        let joined: Vec<&str> = (field.iter())
            .filter_map(|t| t.shown(lang, default))
            .collect();
        if same(cell, &joined.join("\n")) || same(cell, &joined.join("；")) {
            return;
        }
        let entries = split_list(cell);
        let mut stale = false;
        let mut next = Vec::new();
        for (n, entry) in entries.iter().enumerate() {
            match field
                .iter()
                .find(|t| t.shown(lang, default).is_some_and(|v| same(entry, v)))
            {
                Some(t) => next.push(t.clone()),
                None => {
                    let mut t = field
                        .get(n)
                        .cloned()
                        .unwrap_or_else(|| OutText::one(lang, entry));
                    stale |= !t.others(lang).is_empty();
                    t.set(lang, entry);
                    next.push(t);
                }
            }
        }
        if stale {
            let languages = next
                .iter()
                .flat_map(|t| t.others(lang))
                .collect::<HashSet<_>>();
            let mut languages: Vec<String> = languages.into_iter().collect();
            languages.sort();
            self.out.stale.push(Stale {
                id: id.to_string(),
                field: key,
                languages,
            });
        }
        *field = next;
    }

    fn category(&mut self, item: &mut OutItem, cell: &str) {
        if cell.is_empty() {
            return;
        }
        let wanted = normalize(cell);
        let found = self.content.site.categories.iter().find(|c| {
            normalize(&c.id.value) == wanted
                || c.name.values.iter().any(|(_, n)| normalize(n) == wanted)
        });
        match found {
            Some(c) => item.category = c.id.value.clone(),
            None => {
                let now = &item.category;
                let known: Vec<String> = (self.content.site.categories.iter())
                    .map(|c| {
                        c.name
                            .get_or(self.lang, self.content.site.default_language())
                            .to_string()
                    })
                    .collect();
                let known = known.join("、");
                let q = msg!(
                    "类别“{cell}”不在站点设置（site.yaml）里（有：{known}），暂按 `{now}` 写入",
                    "the category “{cell}” is not in site.yaml ({known}): written as `{now}`"
                );
                self.ask(q);
            }
        }
    }
}

/// A cell of a list column as its entries: one a line, or split at `；` when on one line; the
/// numbering people type (1. 1、 （1）) left out.
fn split_list(cell: &str) -> Vec<String> {
    let lines: Vec<&str> = match cell.contains('\n') {
        true => cell.lines().collect(),
        false => cell.split(['；', ';']).collect(),
    };
    lines
        .into_iter()
        .map(|l| strip_numbering(l.trim()).to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn strip_numbering(line: &str) -> &str {
    let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
    if rest.len() < line.len() {
        if let Some(r) = rest.strip_prefix(['.', '、', '．']) {
            return r.trim_start();
        }
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(r) = line.strip_prefix(open) {
            let digits = r.trim_start_matches(|c: char| c.is_ascii_digit());
            if digits.len() < r.len() {
                if let Some(r) = digits.strip_prefix(close) {
                    return r.trim_start();
                }
            }
        }
    }
    line
}

/// A cell holds a text when they are the same but for white space, or the cell is the text's
/// plain form (the spreadsheets publish Markdown as plain text).
fn same(cell: &str, text: &str) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let cell = squeeze(cell);
    cell == squeeze(text) || cell == squeeze(&to_plain(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_cells_split_at_lines_or_semicolons_without_numbering() {
        assert_eq!(split_list("1.身份证\n2、户口簿"), vec!["身份证", "户口簿"]);
        assert_eq!(
            split_list("（1）身份证；（2）户口簿"),
            vec!["身份证", "户口簿"]
        );
        assert_eq!(split_list("2024年度报告"), vec!["2024年度报告"]);
    }

    #[test]
    fn markdown_and_spacing_do_not_make_a_change() {
        assert!(same("出示户口簿。", "出示**户口簿**。"));
        assert!(same("甲 乙", "甲乙"));
        assert!(!same("出示身份证。", "出示**户口簿**。"));
    }
}
