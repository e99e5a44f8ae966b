//! The list as an official document: a version's numbered tables as lists are issued (the
//! 保留 table of certificates the committees may issue, and the 不再出具 table), each row
//! numbered (序号) in the official column order, headed with the document number, issuer and
//! date; and the same tables as the printable notice-board version (公示版), with the
//! 监督举报电话 and a QR code to the site.
//!
//! Long lists are split into pages of `TABLE_ROWS_PER_PAGE` rows taken from the 保留 rows and
//! then the 不再出具 rows, so a page may end one table and start the other; 序号 counts on
//! across pages, as in the printed document.

use std::ops::Range;

use serde::Serialize;

use super::links::Pager;
use super::loc::{Md, L};
use super::renderer::Renderer;
use super::versions::VersionSummary;
use crate::derive::plan::{PageKind, TablePage, TABLE_ROWS_PER_PAGE};
use crate::model::{Item, Status};

/// Above this many characters in a row's texts (on average) or in one cell, the 公示版 is
/// printed on landscape A4: seven columns of long legal citations are unreadable in the
/// 19 cm of a portrait page.
const LANDSCAPE_ROW_CHARS: usize = 160;
const LANDSCAPE_CELL_CHARS: usize = 90;

#[derive(Serialize)]
pub(super) struct TablesView<'a> {
    version: VersionSummary<'a>,
    /// The stable page of the current list (`table/`).
    current: bool,
    notice: bool,
    is_latest: bool,
    /// The first page of the current list's tables, for a past version's notice.
    latest_href: String,
    /// This page as tables, and the current list's 公示版 when this is the current list (a
    /// past version has none: the notice board shows only the list in force).
    table_href: String,
    notice_href: Option<String>,
    /// The 保留 table, then the 不再出具 table: those with rows on this page, and an empty
    /// table on the first page (which says it lists nothing).
    tables: Vec<TableView<'a>>,
    /// The 公示版 is printed landscape (`notice-landscape`).
    landscape: bool,
    /// The site's home page in this language: what the notice's QR code opens.
    site_url: String,
    pager: Pager,
}

#[derive(Serialize)]
struct TableView<'a> {
    /// `issued` (保留) or `cancelled` (不再出具): which columns and caption.
    kind: &'static str,
    /// 7 in the 保留 table, 6 in the 不再出具 table (no 出具单位; 替代方式 for 备注).
    columns: usize,
    rows: Vec<Row<'a>>,
    /// Rows in the whole table, over every page.
    total: usize,
}

/// One numbered row; `remark` is the version's note on the item in the 保留 table, the
/// alternative (替代方式) in the 不再出具 table.
#[derive(Serialize)]
struct Row<'a> {
    number: usize,
    id: &'a str,
    href: String,
    name: L<'a>,
    purpose: Option<L<'a>>,
    basis: Option<Md>,
    requested_by: Option<L<'a>>,
    issuer: Option<L<'a>>,
    remark: Option<Md>,
}

impl<'a> Renderer<'a> {
    pub(super) fn tables_page(&self, lang: usize, dir: &str, t: &TablePage) -> TablesView<'a> {
        let v = t.version;
        let (issued, cancelled): (Vec<&Item>, Vec<&Item>) = self.sorted[v]
            .iter()
            .partition(|i| i.status.value == Status::Issued);
        let (on_issued, on_cancelled) = rows_on_page(issued.len(), cancelled.len(), t.page);
        let issued_rows = self.rows(lang, dir, v, &issued, on_issued);
        let cancelled_rows = self.rows(lang, dir, v, &cancelled, on_cancelled);
        let landscape = self.landscape(v);
        let latest = self.content.versions.len() - 1;
        let current_page = |notice| {
            PageKind::Table(TablePage {
                version: latest,
                current: true,
                notice,
                ..t.clone()
            })
        };
        let first = t.page == 1;
        let tables = [
            ("issued", issued_rows, issued.len()),
            ("cancelled", cancelled_rows, cancelled.len()),
        ]
        .into_iter()
        .filter(|(_, rows, total)| !rows.is_empty() || (first && *total == 0))
        .map(|(kind, rows, total)| TableView {
            kind,
            columns: if kind == "issued" { 7 } else { 6 },
            rows,
            total,
        })
        .collect();
        TablesView {
            version: self.version_named(lang, dir, v),
            current: t.current,
            notice: t.notice,
            is_latest: v == latest,
            latest_href: self.href(dir, lang, &PageKind::table(latest, true, false)),
            table_href: self.href(
                dir,
                lang,
                &PageKind::Table(TablePage {
                    notice: false,
                    ..t.clone()
                }),
            ),
            notice_href: (v == latest).then(|| self.href(dir, lang, &current_page(true))),
            tables,
            landscape,
            site_url: format!(
                "{}{}",
                self.content.site.base_url.value,
                self.plan.lang_prefix(lang)
            ),
            pager: self.pager(lang, dir, t.page, t.pages, |page| {
                PageKind::Table(TablePage { page, ..t.clone() })
            }),
        }
    }

    /// Whether version `v`'s 公示版 is printed landscape (`needs_landscape` of its 保留 or its
    /// 不再出具 table), worked out once for all its pages.
    pub(super) fn landscape(&self, v: usize) -> bool {
        *self.landscape[v].get_or_init(|| {
            let (issued, cancelled): (Vec<&Item>, Vec<&Item>) = self.sorted[v]
                .iter()
                .partition(|i| i.status.value == Status::Issued);
            let default = self.plan.languages[0].as_str();
            needs_landscape(&issued, default) || needs_landscape(&cancelled, default)
        })
    }

    /// The rows `rows` of a table of `items`, numbered from 1 over the whole table.
    fn rows(
        &self,
        lang: usize,
        dir: &str,
        v: usize,
        items: &[&'a Item],
        rows: Range<usize>,
    ) -> Vec<Row<'a>> {
        let loc = self.loc(lang);
        let start = rows.start;
        items[rows]
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let issued = item.status.value == Status::Issued;
                let remark = if issued {
                    self.notes[v].get(item.id.value.as_str()).map(|n| loc.md(n))
                } else {
                    loc.md_opt(&item.alternative)
                };
                Row {
                    number: start + i + 1,
                    id: &item.id.value,
                    href: self.item_href(dir, lang, &item.id.value),
                    name: loc.text(&item.name),
                    purpose: loc.opt(&item.purpose),
                    basis: loc.md_opt(&item.basis),
                    requested_by: loc.opt(&item.requested_by),
                    issuer: if issued { loc.opt(&item.issuer) } else { None },
                    remark,
                }
            })
            .collect()
    }
}

/// Which rows of the 保留 table (of `issued` rows) and of the 不再出具 table (`cancelled`) the
/// tables' page `page` shows: `TABLE_ROWS_PER_PAGE` taken from the first and then the second.
pub(super) fn rows_on_page(
    issued: usize,
    cancelled: usize,
    page: usize,
) -> (Range<usize>, Range<usize>) {
    let start = (page - 1) * TABLE_ROWS_PER_PAGE;
    let end = page * TABLE_ROWS_PER_PAGE;
    let clamp = |start: usize, end: usize, len: usize| start.min(len)..end.min(len);
    (
        clamp(start, end, issued),
        clamp(
            start.saturating_sub(issued),
            end.saturating_sub(issued),
            cancelled,
        ),
    )
}

/// Whether a table of `items` reads better on landscape A4: its rows are long on average, or
/// one cell is (the default language's texts, which the notice board shows first).
fn needs_landscape(items: &[&Item], default: &str) -> bool {
    if items.is_empty() {
        return false;
    }
    let chars = |t: &Option<crate::model::Text>| {
        t.as_ref()
            .and_then(|t| t.get(default))
            .map_or(0, |s| s.chars().count())
    };
    let mut total = 0;
    for item in items {
        let cells = [
            chars(&item.purpose),
            chars(&item.basis),
            chars(&item.requested_by),
            chars(&item.issuer),
            chars(&item.alternative),
        ];
        if cells.iter().any(|&c| c > LANDSCAPE_CELL_CHARS) {
            return true;
        }
        total += cells.iter().sum::<usize>();
    }
    total / items.len() > LANDSCAPE_ROW_CHARS
}
