//! The classes of problem qingdan reports, each with a stable code.
//!
//! A tool reading `--message-format json` or `diff --format json` matches on `code`, never on
//! the message, which is worded for people, exists in two languages and may be reworded. A
//! code once published keeps its meaning; a retired one is not reused. Each class has a short
//! title in both languages: `docs/staff-guide.md` lists every code with its title and what to
//! do, and a test keeps the guide and this list in step.
//!
//! The list is grouped by the layer that reports the problem, in pipeline order.

use serde::{Serialize, Serializer};

use super::message::Lang;

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $zh:literal, $en:literal; )*) => {
        /// A class of problem (see the module's comment).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every class, in the order of this file.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable code tools match on, e.g. `yaml-syntax`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The class's short title in `lang`.
            pub fn title(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $( (Code::$variant, Lang::Zh) => $zh, (Code::$variant, Lang::En) => $en, )*
                }
            }
        }
    };
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

codes! {
    // ---- reading the content folder (read/) ----
    /// Not yet classified: a message from before codes (removed when every site has one).
    Unclassified = "unclassified", "未分类的问题", "unclassified problem";
    /// A stage stopped without reporting why: a bug.
    InternalStop = "internal-stop", "程序内部错误", "internal error";

    // ---- YAML syntax (yaml/, decode/content/read_map.rs) ----

    // ---- decoding the content (decode/) ----

    // ---- checking the content as a whole (validate.rs) ----

    // ---- the theme and the pages (read/theme.rs, emit/) ----

    // ---- writing the output (write/) ----
    // manifest.rs: manifest.json and `qingdan verify`
    /// `verify` cannot read the copy's manifest.json.
    ManifestUnreadable = "manifest-unreadable", "无法读取 manifest.json", "cannot read manifest.json";
    /// The copy's manifest.json is not one qingdan wrote, or is damaged.
    ManifestInvalid = "manifest-invalid", "manifest.json 无法识别", "manifest.json is not valid";
    /// `verify` cannot read a file or folder of the copy it checks.
    VerifyUnreadable = "verify-unreadable", "无法读取要核对的文件", "cannot read a file to verify";

    // ---- the commands (cmd/) ----
    /// `diff` with one version only: nothing to compare.
    DiffOneVersion = "diff-one-version", "只有一个版本，无法比较", "only one version to compare";
    /// `diff` was given a date that no version has.
    DiffUnknownVersion = "diff-unknown-version", "没有这个日期的版本", "no version with that date";
    /// `diff`'s first date is not before its second.
    DiffOrder = "diff-order", "比较的两个版本先后颠倒", "versions compared in the wrong order";
    /// `new-version` was given something that is not a date.
    NewVersionDate = "new-version-date", "日期写法不对", "not a date";
    /// `new-version`'s date is not after the latest version's.
    NewVersionNotAfter = "new-version-not-after", "新版本的日期不晚于最新版本", "new version not after the latest";
    /// `new-version` found no version file to copy.
    NewVersionNoVersion = "new-version-no-version", "没有可以复制的版本文件", "no version file to copy";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn has_han(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_class_has_a_unique_code_and_a_title_in_chinese_and_english() {
        let mut seen = BTreeSet::new();
        for &code in Code::ALL {
            let id = code.as_str();
            assert!(seen.insert(id), "the code `{id}` is used twice");
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "`{id}`: codes are lowercase words joined by hyphens"
            );
            assert!(has_han(code.title(Lang::Zh)), "`{id}` has no Chinese title");
            assert!(
                !has_han(code.title(Lang::En)),
                "`{id}`'s English title is Chinese"
            );
        }
    }
}
