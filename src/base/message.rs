//! What the tool says to the people who run it, in the language they read.
//!
//! The staff who edit the content are Chinese civil servants, so every message a command
//! prints (a diagnostic, its help, a summary line, a comment `new-version` writes) is made in
//! Chinese and in English at once: `msg!("中文 {x}", "English {x}")` formats both, so a message
//! can never exist in one language only, and a test reads the sources to check that the first
//! of the two is really Chinese. Which one is shown is chosen once per run (`Lang`): `--lang`,
//! else `QINGDAN_LANG`, else the default language of the site being read, else Chinese.

use std::fmt;

/// The language the tool speaks to its user in. (The site's own languages are content, and
/// can be any; the tool's messages exist in these two.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Lang {
    /// 简体中文: the default, since the staff who run the tool read Chinese.
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The language a BCP 47 tag (`zh-CN`, `zh`, `zh-Hans`, `en`, `en-GB`, any case) or an
    /// environment value such as `zh_CN.UTF-8` names, if it is one the tool speaks.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag
            .trim()
            .split(['-', '_', '.'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "zh" | "cmn" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The tag `--lang` accepts for this language.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// One message in both languages the tool speaks.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Message {
    pub zh: String,
    pub en: String,
}

impl Message {
    /// A text in Chinese and in English (`msg!` formats both).
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Message {
        Message {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The same text in both languages: a value that is not a sentence (a path, an error the
    /// operating system or a template engine gave), shown as it is.
    pub fn verbatim(text: impl Into<String>) -> Message {
        let text = text.into();
        Message {
            zh: text.clone(),
            en: text,
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// Both texts with `then` appended, joined as each language joins sentences.
    pub fn then(mut self, then: &Message) -> Message {
        self.zh.push_str(&then.zh);
        if !self.en.is_empty() && !then.en.is_empty() {
            self.en.push(' ');
        }
        self.en.push_str(&then.en);
        self
    }
}

/// The Chinese text: what `{}` prints where no language was chosen (a panic message, a
/// debugging line). Output for people goes through `get` with the run's `Lang`.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.zh)
    }
}

/// `msg!("中文 {x}", "English {x}")`: a `Message`, each text formatted as `format!` does
/// (inline captures and positional arguments shared by both).
#[macro_export]
macro_rules! msg {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::base::message::Message::new(format!($zh), format!($en))
    };
    ($zh:literal, $en:literal, $($arg:tt)+) => {
        $crate::base::message::Message::new(format!($zh, $($arg)+), format!($en, $($arg)+))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_name_the_two_languages() {
        for tag in ["zh-CN", "zh", "ZH-hans", "zh_CN.UTF-8", "cmn"] {
            assert_eq!(Lang::from_tag(tag), Some(Lang::Zh), "{tag}");
        }
        for tag in ["en", "en-GB", "EN_us.utf8"] {
            assert_eq!(Lang::from_tag(tag), Some(Lang::En), "{tag}");
        }
        for tag in ["", "fr", "C", "POSIX"] {
            assert_eq!(Lang::from_tag(tag), None, "{tag}");
        }
    }

    #[test]
    fn both_texts_are_formatted() {
        let n = 3;
        let m = msg!("共{n}处", "{n} places");
        assert_eq!((m.get(Lang::Zh), m.get(Lang::En)), ("共3处", "3 places"));
        let m = msg!("第{}行", "line {}", 7).then(&msg!("。", "."));
        assert_eq!((m.zh.as_str(), m.en.as_str()), ("第7行。", "line 7 ."));
    }
}
