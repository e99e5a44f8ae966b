//! A site's theme folder overrides the embedded default file by file; a third language is a
//! config change plus one strings file.

use crate::support::*;

/// The minimal fixture with a theme folder `my-theme` whose `i18n/<lang>.yaml` is the default
/// theme's with each `(find, replace)` applied.
fn with_theme_strings(lang: &str, changes: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = copy_fixture("minimal");
    let i18n = dir.path().join("my-theme/i18n");
    std::fs::create_dir_all(&i18n).unwrap();
    let default = repo().join(format!("themes/default/i18n/{lang}.yaml"));
    let mut strings = std::fs::read_to_string(default).unwrap();
    for (find, replace) in changes {
        assert!(strings.contains(find), "{find}");
        strings = strings.replace(find, replace);
    }
    std::fs::write(i18n.join(format!("{lang}.yaml")), strings).unwrap();
    edit(
        dir.path(),
        "site.yaml",
        "categories:",
        "theme: my-theme\ncategories:",
    );
    dir
}

#[test]
fn a_theme_folder_overrides_single_files() {
    let dir = with_theme_strings("zh-CN", &[("nav_home: 首页", "nav_home: 本站首页")]);
    let theme = dir.path().join("my-theme");
    std::fs::create_dir_all(theme.join("static")).unwrap();
    std::fs::write(theme.join("static/extra.txt"), "hello").unwrap();
    let out = tempfile::tempdir().unwrap();
    build_ok(dir.path(), out.path());
    let home = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(home.contains("本站首页"), "overridden string is used");
    assert!(
        out.path().join("assets/extra.txt").is_file(),
        "added file is copied"
    );
    let item = std::fs::read_to_string(out.path().join("en/items/kinship/index.html")).unwrap();
    assert!(
        item.contains("Skip to main content"),
        "other files still come from the default theme"
    );
}

#[test]
fn theme_strings_with_markup_are_escaped_once() {
    // UI strings are escaped once, before rendering, and printed as they are: one with markup
    // must show as text, escaped exactly once, also where a template fills in a placeholder.
    let dir = with_theme_strings(
        "en",
        &[
            ("nav_home: Home", "nav_home: \"<b>Home</b> & 'co'\""),
            (
                "version_as_of: The list as of {date}",
                "version_as_of: \"<i>{date}</i> & more\"",
            ),
        ],
    );
    let out = tempfile::tempdir().unwrap();
    build_ok(dir.path(), out.path());
    let read = |rel: &str| std::fs::read_to_string(out.path().join(rel)).unwrap();
    let home = read("en/index.html");
    assert!(home.contains("&lt;b&gt;Home&lt;/b&gt; &amp; "), "{home}");
    assert!(!home.contains("<b>Home") && !home.contains("&amp;lt;"));
    let doc = html(&home);
    let nav: Vec<String> = select(&doc, ".main-nav a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert!(nav.contains(&"<b>Home</b> & 'co'".to_string()), "{nav:?}");
    let version = html(&read("en/versions/2023-02-21/index.html"));
    assert_eq!(text_of(&version, "h1"), "<i>21 February 2023</i> & more");
}

#[test]
fn a_third_language_needs_config_and_one_strings_file() {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        "site.yaml",
        "  - { code: en, name: English }",
        "  - { code: en, name: English }\n  - { code: ug, name: ئۇيغۇرچە }",
    );
    let out = tempfile::tempdir().unwrap();
    let result = build(dir.path(), out.path());
    assert_eq!(result.status.code(), Some(1));
    assert!(
        stderr(&result).contains("no UI strings for the language `ug`"),
        "{}",
        stderr(&result)
    );

    let theme = dir.path().join("theme");
    std::fs::create_dir_all(theme.join("i18n")).unwrap();
    std::fs::write(theme.join("i18n/ug.yaml"), "nav_home: باش بەت\n").unwrap();
    edit(
        dir.path(),
        "site.yaml",
        "categories:",
        "theme: theme\ncategories:",
    );
    build_ok(dir.path(), out.path());
    let page = std::fs::read_to_string(out.path().join("ug/items/kinship/index.html")).unwrap();
    assert_eq!(
        select(&html(&page), "html")[0].value().attr("lang"),
        Some("ug"),
        "served under /ug/ with its lang"
    );
    assert!(page.contains("باش بەت"), "its own strings");
    assert!(
        page.contains("not yet translated") || page.contains("暂无译文"),
        "missing strings fall back to the default language"
    );
}

#[test]
fn a_template_failing_halfway_through_rendering_leaves_the_previous_site() {
    // Files are written while pages render, so by the time the item template fails many
    // pages are already in the staging folder: none of them may reach the output.
    let dir = copy_fixture("minimal");
    let theme = dir.path().join("my-theme");
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::write(
        theme.join("templates/item.html"),
        "{{ p.no_such_view.name }}",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(dir.path(), &site);
    let before = tree(&site);
    edit(
        dir.path(),
        "site.yaml",
        "categories:",
        "theme: my-theme\ncategories:",
    );
    let result = build(dir.path(), &site);
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    assert!(
        stderr(&result).contains("item.html"),
        "the error names the template: {}",
        stderr(&result)
    );
    assert!(tree(&site) == before, "the previous output changed");
    let leftovers = names_beside(out.path());
    assert_eq!(leftovers, ["site"], "no staging folder left behind");
}

#[test]
fn a_broken_template_is_reported_at_its_file_line_and_column() {
    let dir = copy_fixture("minimal");
    let templates = dir.path().join("mytheme/templates");
    std::fs::create_dir_all(&templates).unwrap();
    edit(
        dir.path(),
        "site.yaml",
        "categories:",
        "theme: mytheme\ncategories:",
    );
    let item = templates.join("item.html");
    let build_json = || {
        let out = tempfile::tempdir().unwrap();
        let result = qingdan()
            .args(["build", "--message-format", "json", "--content"])
            .arg(dir.path())
            .arg("--output")
            .arg(out.path())
            .output()
            .unwrap();
        assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
        let lines: Vec<serde_json::Value> = stdout(&result)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 1, "{lines:?}");
        lines.into_iter().next().unwrap()
    };
    for (template, line, column, says) in [
        // Syntax: found while compiling.
        (
            "<main>\n  <h1>{{ p.name }}</h1>\n  {% if %}\n</main>\n",
            3,
            9,
            "does not compile",
        ),
        // An unknown filter: Tera reports it as a message with its own location.
        (
            "<main>\n\n  村{{ p.name | no_such_filter }}\n</main>\n",
            3,
            16,
            "no_such_filter",
        ),
        // Rendering: a value the page does not have.
        (
            "<main>\n  {{ p.no_such_view.name }}\n</main>\n",
            2,
            8,
            "rendering",
        ),
    ] {
        std::fs::write(&item, template).unwrap();
        let d = build_json();
        assert_eq!(d["file"], item.display().to_string(), "{d}");
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(line), Some(column)),
            "{template}: {d}"
        );
        let message = d["message"].as_str().unwrap();
        assert!(message.contains(says) && !message.contains('\n'), "{d}");
        assert!(
            d["help"].as_str().unwrap().contains("fix the template"),
            "{d}"
        );
    }
    // On a terminal, the template's line is shown with a marker, as for content files.
    std::fs::write(&item, "<main>\n  {% if %}\n</main>\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let result = build(dir.path(), out.path());
    let err = stderr(&result);
    assert!(err.contains("item.html:2:9"), "{err}");
    assert!(err.contains("{% if %}") && err.contains('^'), "{err}");
}
