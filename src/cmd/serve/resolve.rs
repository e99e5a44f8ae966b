//! Where a request path leads: a file of the output folder, a redirect to the canonical URL,
//! one of the preview's own resources, or nowhere.
//!
//! Everything here is decided on the decoded path, so `%2e%2e`, `%2f` and `\` cannot smuggle a
//! step out of the folder; `inside` then checks the real file, links followed, against the
//! canonical output folder. A redirect is always to `base` + a relative path with no empty
//! segment, percent-encoded: it can never be scheme-relative (`//host/...`) or carry a line
//! break into the response head, and whether it happens never depends on what exists outside
//! the output folder.

use std::path::{Component, Path, PathBuf};

use qingdan::base::message::Message;
use qingdan::msg;

/// The preview's own files live under `<base>__qingdan/`; no page path can start with `_`.
pub const OWN_PREFIX: &str = "__qingdan/";

/// Normalise a `--base-path` to `/a/b/` form, or say what is wrong with it (the text as
/// typed is in it: the caller shows it escaped).
pub fn base_path(raw: &str) -> Result<String, Message> {
    let segments: Vec<&str> = raw.split('/').filter(|s| !s.is_empty()).collect();
    for s in &segments {
        if *s == "." || *s == ".." {
            return Err(msg!(
                "`{raw}`：网站路径中不能有 `.` 或 `..`",
                "`{raw}`: a base path cannot contain `.` or `..`"
            ));
        }
        if s.chars()
            .any(|c| c.is_control() || c.is_whitespace() || "?#%\\\"<>".contains(c))
        {
            return Err(msg!(
                "`{raw}`：网站路径只能用字母、数字、`-`、`_` 和 `/`，例如 /zmsx/",
                "`{raw}`: use letters, digits, `-`, `_` and `/` in a base path, e.g. /zmsx/"
            ));
        }
    }
    Ok(match segments.is_empty() {
        true => "/".to_string(),
        false => format!("/{}/", segments.join("/")),
    })
}

/// Where a request target leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file inside the output folder (relative path with `/`).
    File(String),
    /// The same resource with a canonical URL (a folder without its `/`, the bare root, or a
    /// path with repeated slashes), percent-encoded and starting with exactly one `/`.
    Redirect(String),
    /// One of the preview's own resources (`live.js`, `status`).
    Own(String),
    /// The path tries to leave the output folder, or cannot be decoded.
    Forbidden,
    /// Outside the base path.
    NotFound,
}

/// Resolve a request target (path and query, as sent) against the base path. `is_dir` says
/// whether a relative path (never starting with `/`) names a folder of the output.
pub fn resolve(base: &str, target: &str, is_dir: impl Fn(&str) -> bool) -> Resolved {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(decoded) = percent_decode(path) else {
        return Resolved::Forbidden;
    };
    // Decode first, then look at the segments: `%2e%2e`, `%2f` and `\` are refused too, and
    // so are control characters (`%00`, or `%0d%0a` that would split a header).
    if decoded.contains('\\') || decoded.contains(char::is_control) {
        return Resolved::Forbidden;
    }
    if decoded
        .split('/')
        .any(|s| s == ".." || s == "." || s.ends_with(':'))
    {
        return Resolved::Forbidden;
    }
    if !decoded.starts_with('/') {
        return Resolved::NotFound;
    }
    // An empty segment would make the relative path absolute (`//tmp` → `/tmp` outside the
    // output) and a redirect scheme-relative (`//tmp/`, another host): send the browser to
    // the collapsed path instead, without looking at the disk.
    if decoded.contains("//") {
        let collapsed: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
        let mut to = format!("/{}", collapsed.join("/"));
        if decoded.ends_with('/') && to != "/" {
            to.push('/');
        }
        return Resolved::Redirect(percent_encode(&to));
    }
    if decoded == base.trim_end_matches('/') || (decoded == "/" && base != "/") {
        return Resolved::Redirect(percent_encode(base));
    }
    let Some(rel) = decoded.strip_prefix(base) else {
        return Resolved::NotFound;
    };
    if let Some(own) = rel.strip_prefix(OWN_PREFIX) {
        return Resolved::Own(own.to_string());
    }
    if rel.is_empty() || rel.ends_with('/') {
        return Resolved::File(format!("{rel}index.html"));
    }
    if is_dir(rel) {
        return Resolved::Redirect(percent_encode(&format!("{base}{rel}/")));
    }
    Resolved::File(rel.to_string())
}

/// `%XX` decoding; `None` for a malformed escape or a result that is not UTF-8.
pub(super) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A decoded path as it may appear in a `Location` header: everything but unreserved
/// characters, sub-delimiters, `:`, `@` and `/` is escaped (so no space, quote or line break).
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The canonical path of `rel` under `root` when it exists and (links followed) is still
/// inside the canonical `root`.
fn contained(root: &Path, rel: &str) -> Option<PathBuf> {
    let rel_path = Path::new(rel);
    if !rel_path
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let path = root.join(rel_path).canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    path.starts_with(&root).then_some(path)
}

/// The file `rel` of `root`, if it exists and (after following links) is inside `root`.
pub fn inside(root: &Path, rel: &str) -> Option<PathBuf> {
    contained(root, rel).filter(|p| p.is_file())
}

/// Whether `rel` is a folder inside `root` (after following links).
pub fn is_dir_inside(root: &Path, rel: &str) -> bool {
    contained(root, rel).is_some_and(|p| p.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_dirs(_: &str) -> bool {
        false
    }

    #[test]
    fn base_paths_are_normalised_or_refused() {
        assert_eq!(base_path("zmsx").unwrap(), "/zmsx/");
        assert_eq!(base_path("/zmsx/").unwrap(), "/zmsx/");
        assert_eq!(base_path("//a//b").unwrap(), "/a/b/");
        assert_eq!(base_path("/").unwrap(), "/");
        assert_eq!(base_path("").unwrap(), "/");
        assert!(base_path("/a/../b/").is_err());
        assert!(base_path("/a b/").is_err());
        assert!(base_path("/a%2f/").is_err());
    }

    #[test]
    fn pages_resolve_under_the_base_path() {
        let r = |t| {
            resolve("/zmsx/", t, |rel: &str| {
                rel == "items/birth" || rel == "事项"
            })
        };
        assert_eq!(r("/zmsx/"), Resolved::File("index.html".into()));
        assert_eq!(r("/zmsx/?q=1"), Resolved::File("index.html".into()));
        assert_eq!(r("/zmsx/en/"), Resolved::File("en/index.html".into()));
        assert_eq!(r("/zmsx/style.css"), Resolved::File("style.css".into()));
        assert_eq!(
            r("/zmsx/items/birth"),
            Resolved::Redirect("/zmsx/items/birth/".into())
        );
        assert_eq!(r("/zmsx"), Resolved::Redirect("/zmsx/".into()));
        assert_eq!(r("/"), Resolved::Redirect("/zmsx/".into()));
        assert_eq!(r("/other/"), Resolved::NotFound);
        assert_eq!(r("*"), Resolved::NotFound);
        assert_eq!(r("/zmsx/__qingdan/status"), Resolved::Own("status".into()));
        assert_eq!(
            r("/zmsx/%E4%BA%8B%E9%A1%B9/"),
            Resolved::File("事项/index.html".into())
        );
        // The Location header gets the encoded form.
        assert_eq!(
            r("/zmsx/%E4%BA%8B%E9%A1%B9"),
            Resolved::Redirect("/zmsx/%E4%BA%8B%E9%A1%B9/".into())
        );
    }

    #[test]
    fn repeated_slashes_redirect_to_one_slash_never_to_another_host() {
        // `is_dir` says yes to everything, as the real disk would for `/tmp` or `/etc`.
        let any_dir = |_: &str| true;
        for (base, target, to) in [
            ("/", "//tmp", "/tmp"),
            ("/", "//etc", "/etc"),
            ("/", "//nonexistent", "/nonexistent"),
            ("/", "//tmp/", "/tmp/"),
            ("/", "///", "/"),
            ("/", "/%2F%2Ftmp", "/tmp"),
            ("/", "/%2f/evil.example", "/evil.example"),
            ("/zmsx/", "//zmsx//items//", "/zmsx/items/"),
            ("/zmsx/", "/zmsx//", "/zmsx/"),
            ("/zmsx/", "//evil.example/zmsx/", "/evil.example/zmsx/"),
        ] {
            assert_eq!(
                resolve(base, target, any_dir),
                Resolved::Redirect(to.into()),
                "{base} {target}"
            );
        }
        // Whatever the target, the relative path asked about never starts with `/`.
        for target in ["//tmp", "/%2F%2Ftmp", "///etc/passwd", "/%2fetc"] {
            resolve("/", target, |rel: &str| {
                assert!(!rel.starts_with('/'), "{target} asked about {rel}");
                true
            });
        }
    }

    #[test]
    fn traversal_is_refused_however_encoded() {
        for target in [
            "/zmsx/../secret",
            "/zmsx/a/../../secret",
            "/zmsx/%2e%2e/secret",
            "/zmsx/%2E%2E%2Fsecret",
            "/zmsx/..%2f..%2fsecret",
            "/zmsx/%2e%2e%5csecret",
            "/zmsx/..\\secret",
            "/zmsx/./index.html",
            "/zmsx/C:/secret",
            "/zmsx/%00",
            "/zmsx/a%0d%0aSet-Cookie:%20x",
            "/zmsx/%zz",
            "/zmsx/%ff",
            "/..",
            "/..%2f..",
        ] {
            assert_eq!(
                resolve("/zmsx/", target, no_dirs),
                Resolved::Forbidden,
                "{target}"
            );
        }
        assert_eq!(
            resolve("/", "/%2e%2e/%2e%2e/etc/passwd", no_dirs),
            Resolved::Forbidden
        );
    }

    #[test]
    fn only_files_and_folders_inside_the_root_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("out");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.txt"), "a").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        assert!(inside(&root, "sub/a.txt").is_some());
        assert!(is_dir_inside(&root, "sub"));
        assert!(!is_dir_inside(&root, "/tmp"));
        assert!(inside(&root, "/etc/passwd").is_none());
        assert!(inside(&root, "../secret.txt").is_none());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("s.txt")).unwrap();
            assert!(!is_dir_inside(&root, "up"), "a link to a folder outside");
            assert!(inside(&root, "up/secret.txt").is_none());
            assert!(inside(&root, "s.txt").is_none(), "a link to a file outside");
        }
    }
}
