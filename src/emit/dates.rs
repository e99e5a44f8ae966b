//! Dates as readers read them: 2023年2月21日 on Chinese pages, "21 February 2023" on English
//! ones (and on pages in any other language, whose strings are modelled on the English).
//! ISO dates (`2023-02-21`) stay where machines read them: `<time datetime>`, URLs, feeds'
//! metadata and the open data. Templates get the same through the `long_date` filter.

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `date` written out for a page in language `lang` (a code such as `zh-CN` or `en`).
pub(crate) fn long(lang: &str, date: NaiveDate) -> String {
    let (y, m, d) = (date.year(), date.month(), date.day());
    if is_chinese(lang) {
        format!("{y}年{m}月{d}日")
    } else {
        format!("{d} {} {y}", MONTHS[m as usize - 1])
    }
}

/// `iso` (`YYYY-MM-DD`) written out for `lang`; any other text is returned as it is, so a
/// theme that passes something else through the filter shows it rather than fails.
pub(crate) fn long_from_iso(lang: &str, iso: &str) -> String {
    match NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(date) => long(lang, date),
        Err(_) => iso.to_string(),
    }
}

/// Chinese in any script or region (`zh`, `zh-CN`, `zh-Hant-TW`).
pub(crate) fn is_chinese(lang: &str) -> bool {
    lang == "zh" || lang.starts_with("zh-")
}

/// The Tera filter `long_date(lang=…)`: `{{ p.version.date | long_date(lang=c.lang) }}`.
pub(crate) fn tera_filter(
    value: &str,
    kwargs: tera::Kwargs,
    _: &tera::State,
) -> tera::TeraResult<String> {
    let lang = kwargs.must_get::<&str>("lang")?;
    Ok(long_from_iso(lang, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_long_dates() {
        assert_eq!(long_from_iso("zh-CN", "2023-02-21"), "2023年2月21日");
        assert_eq!(long_from_iso("zh", "2025-09-01"), "2025年9月1日");
        assert_eq!(long_from_iso("en", "2023-02-21"), "21 February 2023");
        assert_eq!(long_from_iso("en", "2024-12-05"), "5 December 2024");
        assert_eq!(long_from_iso("zh-CN", "not a date"), "not a date");
        assert!(!is_chinese("zu"));
    }
}
