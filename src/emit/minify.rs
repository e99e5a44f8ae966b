//! Minify stage: the default theme's templates go through minify-html once per build, so
//! every page comes out minified without minifying every page.
//!
//! Minifying each rendered page meant parsing and re-serialising the whole site (about 20 MB/s,
//! as much CPU as rendering it). The whitespace minify-html removes is the templates' line
//! breaks and indentation, so minifying the templates themselves, with Tera's `{{ }}`, `{% %}`
//! and `{# #}` preserved, gives nearly the same pages (1.7 % more HTML bytes on the sample
//! site: line breaks inside rendered Markdown) at no cost per page.
//!
//! Settings stay standards-compliant: closing tags and the opening `html` and `head` tags are
//! kept, so the Nu Html Checker accepts the pages. A site's own template overrides are used as
//! written: minify-html cannot parse a `{% if %}` between the attributes of a start tag and could
//! mangle it, which can be ruled out only for the templates the tests cover (the default theme
//! has none).

use crate::read::theme::Theme;

/// The theme with its default templates minified.
pub fn minify_theme(theme: &Theme) -> Theme {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.preserve_brace_template_syntax = true;
    // The theme's CSS and JS are separate files; JSON-LD is data, not a script to minify.
    cfg.minify_css = false;
    cfg.minify_js = false;
    let mut minified = theme.clone();
    for (path, bytes) in minified.files.iter_mut() {
        if path.starts_with("templates/") && path.ends_with(".html") && theme.is_default(path) {
            *bytes = minify_html::minify(bytes, &cfg);
        }
    }
    minified
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_templates_shrink_and_keep_their_template_syntax() {
        let theme = Theme::default_theme();
        let minified = minify_theme(&theme);
        for (path, before) in &theme.files {
            let after = &minified.files[path];
            if !path.starts_with("templates/") {
                assert_eq!(before, after, "{path} is not a template");
                continue;
            }
            assert!(after.len() < before.len(), "{path} did not shrink");
            let count = |b: &[u8], pat: &str| String::from_utf8_lossy(b).matches(pat).count();
            for syntax in ["{{", "}}", "{%", "%}"] {
                assert_eq!(
                    count(before, syntax),
                    count(after, syntax),
                    "{path}: {syntax}"
                );
            }
        }
    }

    #[test]
    fn a_sites_own_templates_are_left_as_written() {
        let theme = Theme::default_theme().with_overrides(vec![(
            "templates/item.html".into(),
            b"<p class=\"x\"{% if a %} id=\"y\"{% endif %}>\n  {{ a }}\n</p>\n".to_vec(),
        )]);
        let minified = minify_theme(&theme);
        assert_eq!(
            minified.files["templates/item.html"],
            theme.files["templates/item.html"]
        );
        assert_ne!(
            minified.files["templates/home.html"],
            theme.files["templates/home.html"]
        );
    }
}
