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

    // ---- YAML syntax (yaml/, decode/content/read_map.rs, decode/content/typing.rs) ----
    /// A line indented with a tab.
    YamlTab = "yaml-tab", "缩进中有制表符", "tab in indentation";
    /// Any other YAML syntax error (yaml-rust2's message, explained).
    YamlSyntax = "yaml-syntax", "YAML 格式错误", "YAML syntax error";
    /// Anchors, aliases, tags, a second document: YAML content does not use.
    YamlRefused = "yaml-refused", "不允许的 YAML 写法", "YAML construct not allowed";
    /// Lists and maps nested deeper than the parser allows.
    YamlTooDeep = "yaml-too-deep", "嵌套层数过多", "nested too deep";
    /// A full-width colon, space or comma where YAML needs the ASCII one.
    FullWidthSyntax = "full-width-syntax", "YAML 结构中用了全角符号", "full-width character in YAML structure";
    /// An unquoted text with a comma inside `{ … }`, which the comma split.
    CommaSplitText = "comma-split-text", "未加引号的文字被逗号分开", "unquoted text split by a comma";

    // ---- decoding the content (decode/) ----
    /// The content folder has no site.yaml.
    NoSiteYaml = "no-site-yaml", "缺少 site.yaml", "site.yaml missing";
    /// A value that should be a map of `key: value` lines is not.
    NotAMap = "not-a-map", "应当是“键: 值”", "not a map";
    /// A required field is missing.
    MissingField = "missing-field", "缺少必填字段", "required field missing";
    /// A value that should be a list is not.
    NotAList = "not-a-list", "应当是列表", "not a list";
    /// A key that is not a plain word (a list, a map, a number ...).
    KeyNotAWord = "key-not-a-word", "键不是普通的词", "key is not a word";
    /// A key the map does not have.
    UnknownKey = "unknown-key", "未知的键", "unknown key";
    /// A key given twice in one map.
    DuplicateKey = "duplicate-key", "键重复", "key given twice";
    /// A value that should be a single value is a list or a map.
    NotAValue = "not-a-value", "应当是单个值", "not a single value";
    /// A text that should be a string or translations is a list.
    NotAText = "not-a-text", "应当是文字", "not a text";
    /// A text without its default language.
    NoDefaultText = "no-default-text", "缺少默认语言的文字", "no text in the default language";
    /// A translation that is not `language-code: text`.
    BadTranslation = "bad-translation", "译文格式不对", "malformed translation";
    /// One language given twice in a text, or listed twice in site.yaml.
    DuplicateLanguage = "duplicate-language", "同一语言写了两次", "language given twice";
    /// A date that is not YYYY-MM-DD.
    BadDate = "bad-date", "日期格式不对", "not a date";
    /// A status other than `issued` or `cancelled`.
    UnknownStatus = "unknown-status", "状态不对", "unknown status";
    /// A language code that site.yaml does not configure.
    UnknownLanguage = "unknown-language", "未设置的语言", "language not configured";
    /// A content file whose name cannot be used (not a date, not an address).
    BadFileName = "bad-file-name", "文件名不能用", "unusable file name";
    /// A value holding a character no page can show (an escaped control character).
    Unprintable = "unprintable", "无法显示的字符", "unprintable character";
    /// A text that is empty or only white space.
    EmptyText = "empty-text", "文字为空", "empty text";
    /// A text field over the size limit.
    TextTooLong = "text-too-long", "文字过长", "text too long";
    /// An address that is not https:// (or an allowed path).
    BadAddress = "bad-address", "网址不允许", "address not allowed";
    /// site.yaml names no usable language.
    NoLanguage = "no-language", "没有可用的语言", "no usable language";
    /// A language code that is not a BCP 47 tag.
    BadLanguageCode = "bad-language-code", "语言代码不对", "not a language code";
    /// site.yaml lists no category.
    NoCategory = "no-category", "没有事项类别", "no category";
    /// A policy file's front matter missing or not closed.
    FrontMatter = "front-matter", "政策解读文件开头的信息有误", "front matter missing or open";
    /// A site identifier (党政机关网站标识, 公安机关备案号) a footer link cannot be made from.
    BadIdentifier = "bad-identifier", "标识号格式不对", "malformed identifier";
    /// A telephone number with characters no telephone number has.
    BadPhone = "bad-phone", "电话号码格式不对", "not a telephone number";

    // ---- checking the content as a whole (validate.rs) ----

    // official publication checks
    /// A retained item's 设定依据 cites no law, regulation or State Council decision (no 《…》).
    BasisCitesNoLaw = "basis-cites-no-law", "设定依据未引用法律法规", "legal basis cites no law";

    // ---- the theme and the pages (read/theme.rs, emit/) ----

    // ---- writing the output (write/) ----

    // ---- importing a spreadsheet or document (import/) ----

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
