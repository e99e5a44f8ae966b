//! The theme: Tera templates, static assets and UI strings per language.
//!
//! The default theme (`themes/default/`) is compiled into the binary, so `qingdan` works from
//! any directory. A site's `theme: DIR` overrides it file by file, as mdBook's themes do.

use std::collections::BTreeMap;
use std::path::Path;

use crate::base::codes::Code;
use crate::base::diagnostics::{Diagnostic, Diagnostics};
use crate::msg;
use crate::yaml::{self, Value};

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../themes/default/", $path)) as &[u8])),*]
    };
}

/// Every file of the default theme, by path relative to the theme folder.
const DEFAULT_THEME: &[(&str, &[u8])] = embed![
    "templates/base.html",
    "templates/home.html",
    "templates/item.html",
    "templates/changelog_index.html",
    "templates/changelog.html",
    "templates/version.html",
    "templates/policy.html",
    "templates/pager.html",
    "templates/sections.html",
    "templates/downloads.html",
    "templates/compare.html",
    "templates/contact.html",
    "templates/404.html",
    "templates/tables.html",
    "templates/notice.html",
    "templates/official_table.html",
    "templates/official_head.html",
    "templates/version_dates.html",
    "templates/publication.html",
    "templates/site_map.html",
    "templates/contact_page.html",
    "templates/places.html",
    "templates/place.html",
    "templates/list_index.html",
    "templates/list.html",
    "templates/list_versions.html",
    "templates/list_item.html",
    "templates/provenance.html",
    "templates/section_place.html",
    "static/style.css",
    "static/qingdan.js",
    "static/places.css",
    "i18n/zh-CN.yaml",
    "i18n/en.yaml",
];

/// A resolved theme: the default files with a site's overrides applied.
#[derive(Debug, Clone)]
pub struct Theme {
    pub files: BTreeMap<String, Vec<u8>>,
}

/// UI strings of one language: key → text.
pub(crate) type Strings = BTreeMap<String, String>;

impl Theme {
    pub(crate) fn default_theme() -> Theme {
        Theme {
            files: DEFAULT_THEME
                .iter()
                .map(|(p, b)| (p.to_string(), b.to_vec()))
                .collect(),
        }
    }

    /// Replace default files by the site's files of the same path; add new ones.
    pub(crate) fn with_overrides(mut self, overrides: Vec<(String, Vec<u8>)>) -> Theme {
        self.files.extend(overrides);
        self
    }

    /// Whether the file at `path` is the default theme's own, not a site's override.
    pub(crate) fn is_default(&self, path: &str) -> bool {
        DEFAULT_THEME
            .iter()
            .any(|(p, b)| *p == path && self.files.get(path).is_some_and(|f| f == b))
    }

    /// Templates as (name, source), e.g. ("item.html", "...").
    pub fn templates(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().filter_map(|(p, b)| {
            let name = p.strip_prefix("templates/")?;
            Some((name, std::str::from_utf8(b).ok()?))
        })
    }

    /// Static assets as (path under `static/`, bytes).
    pub(crate) fn static_files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter_map(|(p, b)| Some((p.strip_prefix("static/")?, b.as_slice())))
    }

    /// The UI strings for each language, the default language's filling any gaps.
    /// `theme_dir` only names files in messages.
    pub fn strings(
        &self,
        languages: &[String],
        theme_dir: &Path,
    ) -> Result<Vec<Strings>, Diagnostics> {
        let mut diags = Diagnostics::default();
        let mut all = Vec::new();
        for code in languages {
            let rel = format!("i18n/{code}.yaml");
            let file = theme_dir.join(&rel);
            let Some(bytes) = self.files.get(&rel) else {
                diags.push(
                    Diagnostic::error(
                        &file,
                        None,
                        Code::UiStringsMissing,
                        msg!(
                            "没有语言 `{code}` 的界面文字",
                            "no UI strings for the language `{code}`"
                        ),
                    )
                    .help(msg!(
                        "把 themes/default/i18n/en.yaml 复制到主题文件夹里的 {rel}，再翻译",
                        "copy themes/default/i18n/en.yaml to {rel} in your theme folder and translate it"
                    )),
                );
                continue;
            };
            let text = String::from_utf8_lossy(bytes);
            match yaml::parse(&text, 0) {
                Ok(node) => {
                    let mut strings = Strings::new();
                    if let Value::Map(entries) = node.value {
                        for (k, v) in entries {
                            if let (Some(k), Some(v)) = (k.as_str(), v.as_str()) {
                                strings.insert(k.to_string(), v.to_string());
                            }
                        }
                    }
                    all.push(strings);
                }
                Err(e) => {
                    let (zh, en) = (&e.message.zh, &e.message.en);
                    let mut d = Diagnostic::error(
                        &file,
                        Some(e.pos),
                        Code::UiStringsSyntax,
                        msg!("界面文字文件有 YAML 语法错误：{zh}", "{en}"),
                    );
                    if let Some(help) = e.help {
                        d = d.help(help);
                    }
                    diags.push(d);
                }
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let base = all[0].clone();
        for strings in all.iter_mut().skip(1) {
            for (k, v) in &base {
                strings.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        Ok(all)
    }
}
