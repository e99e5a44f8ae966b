//! What the content may make qingdan read: only regular files inside the content folder, each
//! within its size limit, without characters that would cut a YAML file short; the emblem in a
//! folder of its own; the theme inside the content folder and bounded.

use std::fs;
use std::path::Path;

use crate::support::*;

/// `qingdan check` in JSON: its exit code and problems.
fn check(content: &Path) -> (Option<i32>, Vec<Reported>) {
    let (out, list) = check_json(content);
    (out.status.code(), list)
}

/// The one error whose message contains `needle`.
fn error<'a>(list: &'a [Reported], needle: &str) -> &'a Reported {
    let found: Vec<_> = list
        .iter()
        .filter(|d| d.severity == "error" && d.message.contains(needle))
        .collect();
    assert_eq!(found.len(), 1, "one error with `{needle}` in {list:#?}");
    found[0]
}

/// The 1-based line of `site.yaml` in `dir` that contains `needle`.
fn site_line(dir: &Path, needle: &str) -> u64 {
    let text = fs::read_to_string(dir.join("site.yaml")).unwrap();
    1 + text.lines().position(|l| l.contains(needle)).unwrap() as u64
}

/// A file of `len` bytes that takes no room on disk and no time to write.
fn sparse(path: &Path, len: u64) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::File::create(path).unwrap().set_len(len).unwrap();
}

fn with_emblem(dir: &Path, name: &str) {
    edit(
        dir,
        "site.yaml",
        "footer:\n",
        &format!("footer:\n  emblem: {name}\n"),
    );
}

fn with_theme(dir: &Path, value: &str) {
    edit(
        dir,
        "site.yaml",
        "categories:",
        &format!("theme: {value}\ncategories:"),
    );
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn an_emblem_linked_to_a_file_outside_is_refused_not_published() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.png"), "root:x:0:0:secret").unwrap();
    // The emblem a link, and a linked folder on the way to it.
    for name in ["emblem.png", "images/secret.png"] {
        let dir = copy_fixture("minimal");
        std::os::unix::fs::symlink(
            outside.path().join("secret.png"),
            dir.path().join("emblem.png"),
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("images")).unwrap();
        with_emblem(dir.path(), name);
        let out = tempfile::tempdir().unwrap();
        let result = build(dir.path(), out.path());
        assert_eq!(result.status.code(), Some(1), "{name}: {}", stderr(&result));
        let (_, list) = check(dir.path());
        let d = error(&list, "symbolic link");
        assert!(d.file.ends_with("site.yaml"), "{d:?}");
        assert_eq!(d.line, Some(site_line(dir.path(), "emblem:")));
        assert!(d.help.contains("copy"), "{d:?}");
        let published = tree(out.path());
        assert!(
            !published
                .values()
                .any(|b| b.windows(6).any(|w| w == b"secret")),
            "{name}: the linked file was published"
        );
    }
}

#[cfg(unix)]
#[test]
fn links_pipes_and_folders_in_certificates_and_policy_are_named_errors() {
    let dir = copy_fixture("minimal");
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("x.yaml"), "date: 2024-01-01\n").unwrap();
    let certs = dir.path().join("certificates");
    std::os::unix::fs::symlink(outside.path().join("x.yaml"), certs.join("2024-01-01.yaml"))
        .unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("nowhere.md"),
        dir.path().join("policy/gone.md"),
    )
    .unwrap();
    // A pipe would block a plain read forever: the check must return, with an error.
    mkfifo(&certs.join("2025-01-01.yaml"));
    fs::create_dir(certs.join("archive")).unwrap();
    let (code, list) = check(dir.path());
    assert_eq!(code, Some(1));
    for (entry, why) in [
        ("certificates/2024-01-01.yaml", "is a symbolic link"),
        ("policy/gone.md", "is a symbolic link"),
        ("certificates/2025-01-01.yaml", "is a named pipe"),
        ("certificates/archive", "is a folder"),
    ] {
        let d = list
            .iter()
            .find(|d| d.file.ends_with(entry))
            .unwrap_or_else(|| panic!("{entry} not reported: {list:#?}"));
        assert!(d.message.contains(why), "{entry}: {d:?}");
        assert!(
            d.message.contains(entry),
            "the message names {entry}: {d:?}"
        );
        assert!(!d.help.is_empty(), "{d:?}");
    }
    // The build leaves no output and exits rather than hanging on the pipe.
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    assert_eq!(build(dir.path(), &site).status.code(), Some(1));
    assert!(!site.exists());
}

#[cfg(unix)]
#[test]
fn a_linked_site_yaml_or_certificates_folder_is_refused() {
    let outside = copy_fixture("minimal");
    for linked in ["site.yaml", "certificates"] {
        let dir = copy_fixture("minimal");
        let path = dir.path().join(linked);
        if path.is_dir() {
            fs::remove_dir_all(&path).unwrap();
        } else {
            fs::remove_file(&path).unwrap();
        }
        std::os::unix::fs::symlink(outside.path().join(linked), &path).unwrap();
        let (code, list) = check(dir.path());
        assert_eq!(code, Some(1), "{linked}");
        let d = error(&list, "symbolic link");
        assert!(d.file.ends_with(linked), "{d:?}");
    }
}

#[test]
fn the_emblem_is_published_in_the_content_folder_of_assets_and_cannot_replace_the_script() {
    let dir = copy_fixture("minimal");
    let out = tempfile::tempdir().unwrap();
    build_ok(dir.path(), out.path());
    let script = tree(out.path())
        .into_keys()
        .find(|p| p.starts_with("assets/qingdan.") && p.ends_with(".js"))
        .unwrap();
    let script_name = script.trim_start_matches("assets/").to_string();
    fs::create_dir(dir.path().join("x")).unwrap();
    fs::write(dir.path().join("x").join(&script_name), "alert(1)").unwrap();
    with_emblem(dir.path(), &format!("x/{script_name}"));
    let (code, list) = check(dir.path());
    assert_eq!(code, Some(1));
    let d = error(&list, "is not an image");
    assert!(d.file.ends_with("site.yaml"));
    assert_eq!(d.line, Some(site_line(dir.path(), "emblem:")));
    assert!(d.help.contains("png, jpg, jpeg, gif, svg, webp"), "{d:?}");
    let before = tree(out.path());
    assert_eq!(build(dir.path(), out.path()).status.code(), Some(1));
    assert!(tree(out.path()) == before, "the site's script was replaced");

    // An image is published under assets/content/, a folder no generated file uses.
    fs::write(dir.path().join("x/qingdan.PNG"), b"\x89PNG\r\n\x1a\n").unwrap();
    edit(
        dir.path(),
        "site.yaml",
        &format!("x/{script_name}"),
        "x/qingdan.PNG",
    );
    build_ok(dir.path(), out.path());
    let published = tree(out.path());
    assert_eq!(published["assets/content/emblem.png"], b"\x89PNG\r\n\x1a\n");
    assert_eq!(published[&script], before[&script]);
}

#[test]
fn a_theme_may_not_use_the_folder_of_content_files() {
    let dir = copy_fixture("minimal");
    fs::create_dir_all(dir.path().join("my-theme/static/content")).unwrap();
    fs::write(dir.path().join("my-theme/static/content/emblem.png"), "x").unwrap();
    with_theme(dir.path(), "my-theme");
    let (code, list) = check(dir.path());
    assert_eq!(code, Some(1));
    let d = error(&list, "reserved");
    assert!(d.file.ends_with("static/content"), "{d:?}");
}

#[test]
fn a_theme_outside_the_content_folder_is_refused_at_its_line() {
    for value in [
        "/usr/share",
        "../my-theme",
        "my-theme/../..",
        ".",
        "certificates/2023-02-21.yaml",
    ] {
        let dir = copy_fixture("minimal");
        with_theme(dir.path(), value);
        let (code, list) = check(dir.path());
        assert_eq!(code, Some(1), "{value}");
        let d = list
            .iter()
            .find(|d| d.severity == "error")
            .unwrap_or_else(|| panic!("{value}: {list:#?}"));
        assert!(d.file.ends_with("site.yaml"), "{value}: {d:?}");
        assert_eq!(d.line, Some(site_line(dir.path(), "theme:")), "{value}");
        assert!(d.message.contains("theme"), "{value}: {d:?}");
        assert!(!d.help.is_empty());
    }
}

#[cfg(unix)]
#[test]
fn links_in_or_to_a_theme_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    fs::create_dir_all(outside.path().join("static")).unwrap();
    fs::write(outside.path().join("static/style.css"), "body{}").unwrap();
    // The theme folder itself a link:
    let dir = copy_fixture("minimal");
    std::os::unix::fs::symlink(outside.path(), dir.path().join("my-theme")).unwrap();
    with_theme(dir.path(), "my-theme");
    let (code, list) = check(dir.path());
    assert_eq!(code, Some(1));
    let d = error(&list, "symbolic link");
    assert_eq!(d.line, Some(site_line(dir.path(), "theme:")));
    // A link inside it (to a folder, to a device):
    let dir = copy_fixture("minimal");
    let theme = dir.path().join("my-theme");
    fs::create_dir_all(theme.join("static")).unwrap();
    std::os::unix::fs::symlink("/etc", theme.join("static/etc")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", theme.join("static/zero.png")).unwrap();
    with_theme(dir.path(), "my-theme");
    let (code, list) = check(dir.path());
    assert_eq!(code, Some(1));
    for entry in ["static/etc", "static/zero.png"] {
        let d = list.iter().find(|d| d.file.ends_with(entry)).unwrap();
        assert!(d.message.contains("symbolic link"), "{d:?}");
    }
}

#[test]
fn a_theme_holds_only_what_a_theme_uses() {
    let dir = copy_fixture("minimal");
    let theme = dir.path().join("my-theme");
    fs::create_dir_all(theme.join("templates")).unwrap();
    fs::create_dir_all(theme.join("i18n/old")).unwrap();
    fs::write(theme.join("templates/notes.txt"), "x").unwrap();
    fs::write(theme.join("README.md"), "my theme").unwrap();
    fs::write(theme.join(".DS_Store"), "x").unwrap();
    with_theme(dir.path(), "my-theme");
    let (code, list) = check(dir.path());
    assert_eq!(code, Some(1));
    let d = error(&list, "cannot use this kind of file");
    assert!(
        d.file.ends_with("templates/notes.txt") && d.help.contains(".html"),
        "{d:?}"
    );
    let d = error(&list, "`i18n/` has no folders");
    assert!(d.file.ends_with("i18n/old"), "{d:?}");
    let w = list
        .iter()
        .find(|d| d.file.ends_with("README.md"))
        .expect("README is reported");
    assert_eq!(w.severity, "warning", "{w:?}");
    assert!(!list.iter().any(|d| d.file.contains(".DS_Store")));
    // Without the two mistakes the theme builds, the README only warned about.
    fs::remove_file(theme.join("templates/notes.txt")).unwrap();
    fs::remove_dir(theme.join("i18n/old")).unwrap();
    let (code, _) = check(dir.path());
    assert_eq!(code, Some(0));
}

/// Makes a theme folder that breaks one of the theme's limits.
type MakeTheme = fn(&Path);

fn over_depth(theme: &Path) {
    let deep = theme.join("static/1/2/3/4/5/6/7/8/9");
    fs::create_dir_all(&deep).unwrap();
    fs::write(deep.join("a.png"), "x").unwrap();
}

fn over_count(theme: &Path) {
    fs::create_dir_all(theme.join("static")).unwrap();
    for i in 0..=1000 {
        fs::write(theme.join(format!("static/{i}.txt")), "x").unwrap();
    }
}

fn over_file(theme: &Path) {
    sparse(&theme.join("static/big.png"), (10 << 20) + 1);
}

fn over_total(theme: &Path) {
    for i in 0..7 {
        sparse(&theme.join(format!("static/{i}.png")), 10 << 20);
    }
}

#[test]
fn a_theme_is_bounded_in_depth_file_count_and_size() {
    let cases: [(MakeTheme, &str); 4] = [
        (over_depth, "nested too deeply"),
        (over_count, "more than 1000 files"),
        (over_file, "a theme file may be at most 10 MiB"),
        (over_total, "larger than 64 MiB in all"),
    ];
    for (make, message) in cases {
        let dir = copy_fixture("minimal");
        make(&dir.path().join("my-theme"));
        with_theme(dir.path(), "my-theme");
        let (code, list) = check(dir.path());
        assert_eq!(code, Some(1), "{message}");
        let d = error(&list, message);
        assert!(d.file.contains("my-theme"), "{d:?}");
        assert!(!d.help.is_empty());
    }
}

#[test]
fn files_over_their_limit_are_refused_with_the_limit() {
    // 256 MiB per YAML file (a sparse file: nothing is written, and nothing should be read).
    let dir = copy_fixture("minimal");
    sparse(
        &dir.path().join("certificates/2024-01-01.yaml"),
        (256 << 20) + 1,
    );
    let (code, list) = check(dir.path());
    assert_eq!(code, Some(1));
    let d = error(&list, "a YAML file may be at most 256 MiB");
    assert!(d.file.ends_with("certificates/2024-01-01.yaml"), "{d:?}");
    assert!(d.message.contains("268435457 bytes"), "{d:?}");

    // 1 MiB per policy file.
    let dir = copy_fixture("minimal");
    let policy = fs::read_to_string(dir.path().join("policy/interpretation.md")).unwrap();
    let long = format!("{policy}\n{}", "x".repeat((1 << 20) + 1 - policy.len() - 1));
    assert_eq!(long.len(), (1 << 20) + 1);
    fs::write(dir.path().join("policy/interpretation.md"), long).unwrap();
    let (code, list) = check(dir.path());
    assert_eq!(code, Some(1));
    let d = error(&list, "a policy file may be at most 1 MiB");
    assert!(d.file.ends_with("policy/interpretation.md"), "{d:?}");

    // 50 MiB for the emblem, reported at its line in site.yaml.
    let dir = copy_fixture("minimal");
    sparse(&dir.path().join("emblem.png"), (50 << 20) + 1);
    with_emblem(dir.path(), "emblem.png");
    let (code, list) = check(dir.path());
    assert_eq!(code, Some(1));
    let d = error(&list, "an image may be at most 50 MiB");
    assert_eq!(d.line, Some(site_line(dir.path(), "emblem:")));
}

#[test]
fn a_nul_in_a_version_file_is_an_error_not_a_shorter_list() {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "  - id: residence",
        "  # \0\n  - id: residence",
    );
    let out = tempfile::tempdir().unwrap();
    let result = build(dir.path(), out.path());
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    let (_, list) = check(dir.path());
    let d = error(&list, "U+0000 (NUL)");
    assert!(d.file.ends_with("certificates/2023-02-21.yaml"), "{d:?}");
    assert_eq!((d.line, d.column), (Some(14), Some(5)));
    // Nothing else is made of it: the item after it is not reported as removed or missing.
    assert_eq!(
        list.iter().filter(|d| d.severity == "error").count(),
        1,
        "{list:#?}"
    );
}

#[test]
fn every_control_character_yaml_forbids_is_reported_where_it_is() {
    let dir = copy_fixture("minimal");
    // ESC in site.yaml; C1 and U+FFFF (and an allowed NEL and TAB) in a version; NUL in Markdown.
    edit(
        dir.path(),
        "site.yaml",
        "phone: 0554-1234567",
        "phone: 0554-1234567 # \u{1b}",
    );
    edit(
        dir.path(),
        "certificates/2023-02-21.yaml",
        "purpose: 办理居住证",
        "purpose: 办理\u{85}居\t住证 # \u{9b} \u{ffff}",
    );
    edit(
        dir.path(),
        "policy/interpretation.md",
        "正文第一段。",
        "正文\0第一段。",
    );
    let (code, list) = check(dir.path());
    assert_eq!(code, Some(1));
    let at = |needle: &str| {
        let d = error(&list, needle);
        (
            d.file.rsplit('/').next().unwrap().to_string(),
            d.line,
            d.column,
        )
    };
    let site = site_line(dir.path(), "phone:");
    assert_eq!(
        at("U+001B (ESC)"),
        ("site.yaml".into(), Some(site), Some(25))
    );
    assert_eq!(at("U+009B"), ("2023-02-21.yaml".into(), Some(19), Some(24)));
    assert_eq!(at("U+FFFF"), ("2023-02-21.yaml".into(), Some(19), Some(26)));
    assert_eq!(
        at("U+0000"),
        ("interpretation.md".into(), Some(12), Some(3))
    );
    // NEL passes the reading check (YAML allows it) but no page can show it, so the value
    // that holds it is refused as a value.
    assert_eq!(at("U+0085"), ("2023-02-21.yaml".into(), Some(19), Some(14)));
    assert_eq!(
        list.iter().filter(|d| d.severity == "error").count(),
        5,
        "{list:#?}"
    );
}

#[test]
fn a_language_without_strings_is_reported_at_its_line_in_site_yaml() {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        "site.yaml",
        "  - { code: en, name: English }",
        "  - { code: en, name: English }\n  - { code: ug, name: ئۇيغۇرچە }",
    );
    let (code, list) = check(dir.path());
    assert_eq!(code, Some(1));
    let d = error(&list, "no UI strings for the language `ug`");
    assert!(d.file.ends_with("site.yaml"), "{d:?}");
    assert_eq!(d.line, Some(site_line(dir.path(), "code: ug")));
    assert!(
        d.help.contains("i18n/ug.yaml") && d.help.contains("theme"),
        "{d:?}"
    );
    // With a theme that lacks the file, the help names the theme folder.
    fs::create_dir_all(dir.path().join("my-theme/i18n")).unwrap();
    with_theme(dir.path(), "my-theme");
    let (_, list) = check(dir.path());
    let d = error(&list, "no UI strings for the language `ug`");
    assert!(d.file.ends_with("site.yaml"));
    assert!(
        d.help
            .contains("`i18n/ug.yaml` to the theme folder `my-theme`"),
        "{d:?}"
    );
}

#[test]
fn a_control_character_in_a_themes_strings_is_reported_at_the_file() {
    let dir = copy_fixture("minimal");
    let i18n = dir.path().join("my-theme/i18n");
    fs::create_dir_all(&i18n).unwrap();
    fs::write(
        i18n.join("en.yaml"),
        "nav_home: Home\n# \0\nnav_items: Items\n",
    )
    .unwrap();
    with_theme(dir.path(), "my-theme");
    let (code, list) = check(dir.path());
    assert_eq!(code, Some(1));
    let d = error(&list, "U+0000 (NUL)");
    assert!(d.file.ends_with("my-theme/i18n/en.yaml"), "{d:?}");
    assert_eq!((d.line, d.column), (Some(2), Some(3)));
}
