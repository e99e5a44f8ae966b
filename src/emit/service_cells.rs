//! An item's `online`, `refer_to` and `promise` as spreadsheet cells, the same in the CSV and
//! in the workbooks, so that `qingdan import` reads either back: channels one a line as
//! `名称：https://…`, and each part of `refer_to` and `promise` in a column of its own.

use crate::emit::markdown::to_plain;
use crate::emit::spreadsheet::Field;
use crate::model::{Channel, Item, Text};

/// The cell of `field` for `item`, when `field` is one of the service fields (`None` for the
/// others). `plain` gives a text in the sheet's language; `zh` picks the colon.
pub fn cell(
    item: &Item,
    field: Field,
    plain: &dyn Fn(&Text) -> String,
    zh: bool,
) -> Option<String> {
    let opt = |t: Option<&Text>| t.map(plain).unwrap_or_default();
    let md = |t: Option<&Text>| t.map(|t| to_plain(&plain(t))).unwrap_or_default();
    let refer = item.refer_to.as_ref();
    let promise = item.promise.as_ref();
    Some(match field {
        Field::Online => channels(&item.online, plain, zh),
        Field::ReferAgency => opt(refer.map(|r| &r.agency)),
        Field::ReferAddress => opt(refer.and_then(|r| r.address.as_ref())),
        Field::ReferPhone => (refer.and_then(|r| r.phone.as_ref()))
            .map(|p| p.value.clone())
            .unwrap_or_default(),
        Field::ReferHours => opt(refer.and_then(|r| r.hours.as_ref())),
        Field::PromiseConditions => md(promise.map(|p| &p.conditions)),
        Field::PromiseConsequences => md(promise.map(|p| &p.consequences)),
        Field::PromiseVerifiedBy => opt(promise.map(|p| &p.verified_by)),
        _ => return None,
    })
}

/// Channels one a line, `名称：https://…` (`Name: https://…` in English).
fn channels(online: &[Channel], plain: &dyn Fn(&Text) -> String, zh: bool) -> String {
    let colon = if zh { "：" } else { ": " };
    let lines: Vec<String> = (online.iter())
        .map(|c| format!("{}{colon}{}", plain(&c.name), c.url.value))
        .collect();
    lines.join("\n")
}

/// A channels cell read back: each line's name and address (`None` for a line that names no
/// `http(s)://` address, which the import reports).
pub fn parse_channels(cell: &str) -> Vec<Option<(String, String)>> {
    (cell.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let lower = line.to_ascii_lowercase();
            let at = lower.find("https://").or_else(|| lower.find("http://"))?;
            let name =
                line[..at].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：'));
            let url = line[at..].trim();
            (!name.is_empty()).then(|| (name.to_string(), url.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parse_channels;

    #[test]
    fn a_channels_cell_reads_back_as_written() {
        let cell =
            "安徽政务服务网：https://www.ahzwfw.gov.cn/\nAnhui app: https://example.gov.cn/app\n";
        assert_eq!(
            parse_channels(cell),
            vec![
                Some(("安徽政务服务网".into(), "https://www.ahzwfw.gov.cn/".into())),
                Some(("Anhui app".into(), "https://example.gov.cn/app".into())),
            ]
        );
        assert_eq!(parse_channels("皖事通"), vec![None]);
        assert_eq!(parse_channels("https://x.example/"), vec![None]);
    }
}
