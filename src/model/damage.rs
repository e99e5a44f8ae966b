//! What failed to decode (`Damage`), so that later checks do not report the same failure
//! again in other words.
//!
//! A version file that does not parse, or an item without an id, is reported where it is
//! written. Without this record, checks that need the missing part would add errors of
//! their own that only follow from the first: an id "never published" because the version
//! that published it did not decode, every `en:` text "not configured" because the `en`
//! entry of `languages` did not, a translation "without the original" whose original is
//! merely broken.

use chrono::NaiveDate;

use super::Version;

/// What failed to decode, each failure already reported; a check skips what it touches.
#[derive(Debug, Clone, Default)]
pub struct Damage {
    /// An entry of `languages` did not decode: the configured languages are not known.
    pub languages: bool,
    /// `categories` or one of its entries did not decode: the category ids are not known.
    pub categories: bool,
    /// Version files that did not decode at all, by the date in their name when it is one.
    pub versions: Vec<Option<NaiveDate>>,
    /// Slugs of policies whose default-language file did not decode.
    pub policies: Vec<String>,
}

impl Damage {
    /// Whether a version up to `date` (before it, unless `inclusive`) may have held ids that
    /// are not in `versions`: a version file that did not decode, or a version that lost an
    /// item (`Version::complete`).
    pub(crate) fn ids_unknown(
        &self,
        versions: &[std::sync::Arc<Version>],
        date: NaiveDate,
        inclusive: bool,
    ) -> bool {
        let upto = |d: NaiveDate| d < date || (inclusive && d == date);
        self.versions.iter().any(|d| d.is_none_or(upto))
            || versions.iter().any(|v| !v.complete && upto(v.date.value))
    }
}
