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

use crate::base::diagnostics::{byte_offset, Diagnostic, Pos};
use crate::model::Content;
use crate::read::theme::Theme;

/// The templates a build renders with, and where a site's own ones are.
pub(super) struct Templates<'a> {
    /// The theme as rendered (the default templates minified).
    theme: &'a Theme,
    /// The site's theme folder, if it names one.
    dir: Option<PathBuf>,
}

/// A failing template's name, the position in it (in the text Tera was given) and the message.
struct Located {
    name: String,
    pos: Option<Pos>,
    message: String,
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
        let Located { name, pos, message } = locate(error, fallback, self.theme);
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
        let message = match (not_utf8, rendering) {
            (true, _) => format!("the template `{name}` is not UTF-8 text"),
            (false, None) => format!("a theme template does not compile: {message}"),
            (false, Some((_, output))) => format!("rendering {output} failed: {message}"),
        };
        let help = match (not_utf8, &own) {
            (true, _) => "save the template as UTF-8",
            (false, Some(_)) => "fix the template, or delete it from the theme folder to use the default one",
            (false, None) => "the default template failed with the site's own templates: check those it uses (`extends`, `include`, `import`)",
        };
        // A template without a position is shown from its start rather than without a place.
        Diagnostic::error_en(&file, Some(pos.unwrap_or(Pos::new(1, 1))), message).help(help)
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
    };
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            let mut message = report.message().to_string();
            // An included template's error says where it was included from.
            for called in error.to_string().lines() {
                if let Some(from) = called.strip_prefix("note: called from ") {
                    message.push_str(&format!(" (called from {from})"));
                }
            }
            Located {
                name: report.filename().to_string(),
                pos: Some(Pos::new(span.start_line, span.start_col + 1)),
                message,
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

    fn at(error: &tera::Error) -> (String, Option<Pos>, String) {
        let l = locate(error, "fallback.html", &Theme::default_theme());
        (l.name, l.pos, l.message)
    }

    #[test]
    fn syntax_errors_and_unknown_names_are_placed() {
        let (name, pos, message) = at(&compile(&[("item.html", "<p>\n  村{{ a. }}</p>")]));
        assert_eq!((name.as_str(), pos), ("item.html", Some(Pos::new(2, 10))));
        assert!(
            message.contains("expected identifier") && !message.contains('\n'),
            "{message}"
        );
        for (source, pos) in [
            ("x\n{{ 1 | nofilter }}", Pos::new(2, 8)),
            ("{{ nofn() }}", Pos::new(1, 4)),
            ("a\n\n {% include \"nope.html\" %}", Pos::new(3, 13)),
        ] {
            let (name, got, message) = at(&compile(&[("item.html", source)]));
            assert_eq!((name.as_str(), got), ("item.html", Some(pos)), "{source}");
            assert!(!message.contains("-->"), "{message}");
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
            message.ends_with("(called from item.html:2:12)"),
            "{message}"
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
