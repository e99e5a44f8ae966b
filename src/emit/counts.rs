//! Counts in sentences: English says “1 item” but “2 items”, Chinese “共1项” and “共2项”
//! alike. A UI string with a count (`{n}`) has a companion for one (`<key>_one` in the
//! theme's i18n files; the Chinese ones read as the plain string), which the `count` filter of
//! the templates and the feeds choose between; the texts written in code use `items`.

/// `many`, or `one` when `n` is 1 and it is given, with `{n}` replaced by `n`.
pub(crate) fn pick(n: usize, many: &str, one: Option<&str>) -> String {
    let text = match one {
        Some(one) if n == 1 => one,
        _ => many,
    };
    text.replace("{n}", &n.to_string())
}

/// “1 item”, “2 items”: an English count of items.
pub(crate) fn items(n: usize) -> String {
    match n {
        1 => "1 item".to_string(),
        _ => format!("{n} items"),
    }
}

/// The templates' `count` filter: `{{ c.ui.official_count | count(n=total,
/// one=c.ui.official_count_one) }}`, the string for one when `n` is 1, with `{n}` replaced.
pub(crate) fn tera_filter(
    value: &str,
    kwargs: tera::Kwargs,
    _: &tera::State,
) -> tera::TeraResult<String> {
    let n = kwargs.must_get::<usize>("n")?;
    let one = kwargs.get::<&str>("one")?;
    Ok(pick(n, value, one))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_in_english_and_chinese_reads_the_same() {
        assert_eq!(pick(1, " ({n} items)", Some(" ({n} item)")), " (1 item)");
        assert_eq!(pick(2, " ({n} items)", Some(" ({n} item)")), " (2 items)");
        assert_eq!(pick(0, " ({n} items)", Some(" ({n} item)")), " (0 items)");
        assert_eq!(pick(1, "（共{n}项）", Some("（共{n}项）")), "（共1项）");
        // A theme's own strings without the companion keep their one form.
        assert_eq!(pick(1, " ({n} items)", None), " (1 items)");
        assert_eq!((items(1), items(3)), ("1 item".into(), "3 items".into()));
    }
}
