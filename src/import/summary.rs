//! What the import tells the clerk afterwards: how many rows it read and matched, what is
//! new, removed or proposed as a rename (with the evidence), which texts changed in the
//! sheet's language while their translations were kept, and what it could not read.

use super::reconcile::Outcome;
use crate::base::message::Message;
use crate::msg;

/// The counts and lists the summary shows.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The version the import started from.
    pub base_date: chrono::NaiveDate,
    pub rows_read: usize,
    /// The language the sheet's texts were read as.
    pub sheet_lang: String,
    pub unknown_columns: usize,
    pub unreadable: usize,
    /// Sheets or tables with no list in them.
    pub without_header: Vec<String>,
    pub outcome: Outcome,
}

impl Summary {
    /// The summary, a line each.
    pub fn lines(&self) -> Vec<Message> {
        let o = &self.outcome;
        let (rows, matched, new, removed, renames) = (
            self.rows_read,
            o.matched.len(),
            o.new.len(),
            o.removed.len(),
            o.renames.len(),
        );
        let (base, lang) = (self.base_date, &self.sheet_lang);
        let mut lines = vec![msg!(
            "导入结果（以 {base} 版为底稿，表格文字按 `{lang}` 读取）：读取{rows}行，对上原有事项{matched}项，新增{new}项，移出{removed}项，疑似更名{renames}项",
            "import (starting from the {base} version, the sheet's texts read as `{lang}`): {rows} rows read, {matched} matched, {new} new, {removed} removed, {renames} proposed renames"
        )];
        for r in &o.renames {
            let (sheet, row, from, from_id, to, to_id) = (
                &r.sheet,
                r.row,
                &r.from_name,
                &r.from_id,
                &r.to_name,
                &r.to_id,
            );
            lines.push(Message::new(
                format!("  疑似更名：{sheet}第{row}行“{to}”（`{to_id}`）← “{from}”（`{from_id}`）：{}；请确认", r.evidence.zh),
                format!("  proposed rename: {sheet} row {row} “{to}” (`{to_id}`) ← “{from}” (`{from_id}`): {}; please confirm", r.evidence.en),
            ));
        }
        for n in &o.new {
            let (sheet, row, name, id) = (&n.sheet, n.row, &n.name, &n.id);
            lines.push(msg!(
                "  新增：{sheet}第{row}行“{name}”，编号 `{id}`",
                "  new: {sheet} row {row} “{name}”, id `{id}`"
            ));
        }
        for (id, name) in &o.removed {
            lines.push(msg!(
                "  移出：“{name}”（`{id}`）在表格里没有找到，新版本不再列出",
                "  removed: “{name}” (`{id}`) is in no row, and the new version no longer lists it"
            ));
        }
        for s in &o.stale {
            let (id, field, langs) = (&s.id, s.field, s.languages.join("、"));
            lines.push(msg!(
                "  译文未更新：`{id}` 的 `{field}` 中文改了，`{langs}` 的文字还是旧的",
                "  translation not updated: `{id}` `{field}` changed, its `{langs}` text is the old one"
            ));
        }
        for (sheet, row, q) in &o.questions {
            lines.push(Message::new(
                format!("  请确认：{sheet}第{row}行：{}", q.zh),
                format!("  to confirm: {sheet} row {row}: {}", q.en),
            ));
        }
        for name in &self.without_header {
            lines.push(msg!(
                "  “{name}”里没有找到清单表格，没有导入",
                "  no list table in “{name}”; nothing imported from it"
            ));
        }
        let (unknown, unreadable) = (self.unknown_columns, self.unreadable);
        if unknown + unreadable > 0 {
            lines.push(msg!(
                "  不认识的列{unknown}个，读不出的单元格{unreadable}个（见上面的警告）",
                "  {unknown} unknown column(s), {unreadable} unreadable cell(s) (see the warnings above)"
            ));
        }
        lines
    }
}
