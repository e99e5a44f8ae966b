//! Where a theme template fails: Tera's error becomes a diagnostic at the template's file,
//! line and column, with Tera's short message, so both the source snippet and
//! `--message-format json` point at the place to fix.
//!
//! Tera 2 gives syntax and rendering errors as a `ReportError` with the template's name and a
//! span; a few checks (unknown filters, functions, included templates) come as a message with
//! its own `--> name:line:col` report, which is read back; the rest name a template only, and
//! are placed at its start. The default theme's templates are minified before rendering, so a
//! position in one of them is carried back to the template as written.

use std::path::{Path, PathBuf};

use tera::ErrorKind;

use crate::base::codes::Code;
use crate::base::diagnostics::{byte_offset, Diagnostic, Pos};
use crate::base::message::Message;
use crate::model::Content;
use crate::msg;
use crate::read::theme::Theme;

/// The templates a build renders with, and where a site's own ones are.
pub(super) struct Templates<'a> {
    /// The theme as rendered (the default templates minified).
    theme: &'a Theme,
    /// The site's theme folder, if it names one.
    dir: Option<PathBuf>,
}

/// A failing template's name, the position in it (in the text Tera was given) and the message:
/// Tera's own words, with where an included template was called from.
struct Located {
    name: String,
    pos: Option<Pos>,
    message: String,
    called_from: Vec<String>,
}

impl Located {
    /// Tera's message (which is in English, whatever the language) and our words around it.
    fn message(&self) -> Message {
        let tera = &self.message;
        let from = self.called_from.iter();
        let (zh, en): (String, String) = from
            .map(|f| (format!("（调用位置：{f}）"), format!(" (called from {f})")))
            .unzip();
        Message::new(format!("{tera}{zh}"), format!("{tera}{en}"))
    }
}

impl<'a> Templates<'a> {
    pub(super) fn new(theme: &'a Theme, content: &Content) -> Templates<'a> {
        let site = &content.site;
        let folder = site.file.parent().unwrap_or(Path::new(""));
        Templates {
            theme,
            dir: site.theme.as_ref().map(|t| folder.join(&t.value)),
        }
    }

    /// The diagnostic for `error`, raised while compiling the templates (`rendering` is
    /// `None`) or rendering the template `rendering.0` into the file `rendering.1`.
    pub(super) fn diagnostic(
        &self,
        error: &tera::Error,
        rendering: Option<(&str, &str)>,
    ) -> Diagnostic {
        let fallback = rendering.map_or("", |(template, _)| template);
        let located = locate(error, fallback, self.theme);
        let message = located.message();
        let Located { name, pos, .. } = located;
        let own = self.own_file(&name);
        let file = own
            .clone()
            .unwrap_or_else(|| Path::new("themes/default/templates").join(&name));
        let pos = match &own {
            Some(_) => pos,
            None => pos.and_then(|p| self.in_default_as_written(&name, p)),
        };
        let not_utf8 = (self.theme.files.get(&format!("templates/{name}")))
            .is_some_and(|b| std::str::from_utf8(b).is_err());
        let (code, message) = match (not_utf8, rendering) {
            (true, _) => (
                Code::NotUtf8,
                msg!(
                    "模板 `{name}` 不是 UTF-8 编码的文本",
                    "the template `{name}` is not UTF-8 text"
                ),
            ),
            (false, None) => (
                Code::TemplateSyntax,
                msg!(
                    "主题模板有错误，无法编译：",
                    "a theme template does not compile:"
                )
                .then(&message),
            ),
            (false, Some((_, output))) => (
                Code::TemplateRender,
                msg!("生成 {output} 失败：", "rendering {output} failed:").then(&message),
            ),
        };
        let help = match (not_utf8, &own) {
            (true, _) => msg!("把模板另存为 UTF-8 编码", "save the template as UTF-8"),
            (false, Some(_)) => msg!(
                "请改正这个模板，或者把它从主题文件夹里删除，改用默认模板",
                "fix the template, or delete it from the theme folder to use the default one"
            ),
            (false, None) => msg!(
                "默认模板与网站自己的模板一起使用时出错：请检查它用到的模板（`extends`、`include`、`import`）",
                "the default template failed with the site's own templates: check those it uses (`extends`, `include`, `import`)"
            ),
        };
        // A template without a position is shown from its start rather than without a place.
        let pos = Some(pos.unwrap_or(Pos::new(1, 1)));
        Diagnostic::error(&file, pos, code, message).help(help)
    }

    /// The file of a site's own template `name`, if the site has one.
    fn own_file(&self, name: &str) -> Option<PathBuf> {
        let path = self.dir.as_ref()?.join("templates").join(name);
        path.is_file().then_some(path)
    }

    /// Where `pos` in the default template `name` as minified is in the template as written:
    /// the template code there (up to its closing brace) is found once in the original.
    fn in_default_as_written(&self, name: &str, pos: Pos) -> Option<Pos> {
        let rel = format!("templates/{name}");
        let minified = std::str::from_utf8(self.theme.files.get(&rel)?).ok()?;
        let default = Theme::default_theme();
        let written = std::str::from_utf8(default.files.get(&rel)?).ok()?;
        let rest = &minified[byte_offset(minified, pos)..];
        let code = &rest[..rest.find(['}', '%', '\n']).unwrap_or(rest.len())];
        let mut found = written.match_indices(code);
        let (at, _) = found.next().filter(|_| !code.trim().is_empty())?;
        if found.next().is_some() {
            return None;
        }
        let line_start = written[..at].rfind('\n').map_or(0, |n| n + 1);
        let line = written[..at].matches('\n').count() + 1;
        Some(Pos::new(line, written[line_start..at].chars().count() + 1))
    }
}

/// Read the template, position and message out of a Tera error.
fn locate(error: &tera::Error, fallback: &str, theme: &Theme) -> Located {
    let whole = |name: &str| Located {
        name: name.to_string(),
        pos: None,
        message: error.to_string(),
        called_from: Vec::new(),
    };
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            // An included template's error says where it was included from.
            let called_from = (error.to_string().lines())
                .filter_map(|l| l.strip_prefix("note: called from ").map(str::to_string))
                .collect();
            Located {
                name: report.filename().to_string(),
                pos: Some(Pos::new(span.start_line, span.start_col + 1)),
                message: report.message().to_string(),
                called_from,
            }
        }
        ErrorKind::Msg(text) => read_report(text).unwrap_or_else(|| whole(fallback)),
        ErrorKind::MissingParent { current, parent } => {
            let source = theme.files.get(&format!("templates/{current}"));
            let source = source.map(|b| String::from_utf8_lossy(b).into_owned());
            let pos = source.as_deref().and_then(|s| {
                let at = s
                    .find(&format!("\"{parent}\""))
                    .or_else(|| s.find(parent.as_str()))?;
                let line_start = s[..at].rfind('\n').map_or(0, |n| n + 1);
                Some(Pos::new(
                    s[..at].matches('\n').count() + 1,
                    s[line_start..at].chars().count() + 1,
                ))
            });
            Located {
                pos,
                ..whole(current)
            }
        }
        ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => {
            whole(tpl)
        }
        ErrorKind::TemplateNotFound(name) => whole(name),
        _ => whole(fallback),
    }
}

/// A report Tera wrote into a message: `error: MESSAGE\n --> NAME:LINE:COL\n...`.
fn read_report(text: &str) -> Option<Located> {
    let mut lines = text.lines();
    let message = lines.next()?.strip_prefix("error: ")?;
    let locus = lines.next()?.trim_start().strip_prefix("--> ")?;
    let (rest, col) = locus.rsplit_once(':')?;
    let (name, line) = rest.rsplit_once(':')?;
    Some(Located {
        name: name.to_string(),
        pos: Some(Pos::new(line.parse().ok()?, col.parse().ok()?)),
        message: message.to_string(),
        called_from: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(templates: &[(&str, &str)]) -> tera::Error {
        let mut tera = tera::Tera::new();
        tera.add_raw_templates(templates.iter().copied())
            .unwrap_err()
    }

    fn at(error: &tera::Error) -> (String, Option<Pos>, Message) {
        let l = locate(error, "fallback.html", &Theme::default_theme());
        let message = l.message();
        (l.name, l.pos, message)
    }

    #[test]
    fn syntax_errors_and_unknown_names_are_placed() {
        let (name, pos, message) = at(&compile(&[("item.html", "<p>\n  村{{ a. }}</p>")]));
        assert_eq!((name.as_str(), pos), ("item.html", Some(Pos::new(2, 10))));
        assert!(
            message.en.contains("expected identifier") && !message.en.contains('\n'),
            "{message:?}"
        );
        for (source, pos) in [
            ("x\n{{ 1 | nofilter }}", Pos::new(2, 8)),
            ("{{ nofn() }}", Pos::new(1, 4)),
            ("a\n\n {% include \"nope.html\" %}", Pos::new(3, 13)),
        ] {
            let (name, got, message) = at(&compile(&[("item.html", source)]));
            assert_eq!((name.as_str(), got), ("item.html", Some(pos)), "{source}");
            assert!(!message.en.contains("-->"), "{message:?}");
        }
        let (name, pos, _) = at(&compile(&[("item.html", "\n{% extends \"nope.html\" %}")]));
        assert_eq!(
            (name.as_str(), pos),
            ("item.html", None),
            "not in the default theme"
        );
    }

    #[test]
    fn rendering_errors_name_the_template_that_failed() {
        let mut tera = tera::Tera::new();
        let templates = [
            ("pager.html", "a\n\n{{ q.zz }}"),
            ("item.html", "x\n{% include \"pager.html\" %}"),
        ];
        tera.add_raw_templates(templates).unwrap();
        let e = tera.render("item.html", &tera::Context::new()).unwrap_err();
        let (name, pos, message) = at(&e);
        assert_eq!((name.as_str(), pos), ("pager.html", Some(Pos::new(3, 4))));
        assert!(
            message.en.ends_with("(called from item.html:2:12)"),
            "{message:?}"
        );
        assert!(
            message.zh.ends_with("（调用位置：item.html:2:12）"),
            "{message:?}"
        );
    }

    #[test]
    fn a_position_in_a_minified_default_template_is_carried_back() {
        let theme = crate::emit::minify::minify_theme(&Theme::default_theme());
        let templates = Templates {
            theme: &theme,
            dir: None,
        };
        let default = Theme::default_theme();
        let written = std::str::from_utf8(&default.files["templates/item.html"]).unwrap();
        let minified = std::str::from_utf8(&theme.files["templates/item.html"]).unwrap();
        let pos_of = |text: &str, at: usize| {
            let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            let col = text[line_start..at].chars().count() + 1;
            Pos::new(text[..at].matches('\n').count() + 1, col)
        };
        // Template code that occurs once, below the first line of the template as written.
        let (at, code) = (minified.match_indices("{{ "))
            .map(|(i, _)| {
                let rest = &minified[i + 3..];
                (i + 3, &rest[..rest.find(['}', '%', '\n']).unwrap()])
            })
            .find(|(_, code)| {
                written.matches(code).count() == 1 && written.find(code) > written.find('\n')
            })
            .unwrap();
        let expected = pos_of(written, written.find(code).unwrap());
        assert_ne!(pos_of(minified, at), expected, "minifying moved {code:?}");
        assert_eq!(
            templates.in_default_as_written("item.html", pos_of(minified, at)),
            Some(expected)
        );
    }
}
