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

    // new-version and adjustment checks
    /// The newest version still has the previous version's document number, title or summary.
    CopiedFromPreviousVersion = "copied-from-previous-version", "沿用了上一版本的文号、标题或调整说明", "copied from the previous version";
    /// The newest version adds, removes, renames, cancels, reinstates and changes nothing.
    VersionChangesNothing = "version-changes-nothing", "本版本与上一版本相比没有调整", "version changes nothing";
    /// A published version file differs from the one the last build read.
    PublishedVersionEdited = "published-version-edited", "已公布的版本文件被修改", "published version edited";
    /// A version file the last build read is gone from the content folder.
    PublishedVersionMissing = "published-version-missing", "已公布的版本文件被删除或改名", "published version deleted or renamed";
    /// A text changed in the default language but not in another.
    StaleTranslation = "stale-translation", "原文已修改而译文未修改", "translation may be stale";
    /// A document number (文号) not in the form GB/T 9704-2012 sets.
    DocumentNumberForm = "document-number-form", "文号格式不符合GB/T 9704-2012", "document number not in the GB/T 9704 form";

    // ---- the theme and the pages (read/theme.rs, emit/) ----

    // ---- writing the output (write/) ----

    // ---- the commands (cmd/) ----
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
