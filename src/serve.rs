//! `qingdan serve`: the staff preview. Builds the site, serves the output over HTTP under the
//! portal's base path, rebuilds when the content or theme changes, and tells open pages to
//! reload.
//!
//! The preview serves exactly what `build` wrote: the reload script is added to HTML responses
//! on the way out and never appears in the output folder. A build that fails leaves the last
//! good site in place (the build is atomic) and its problems are shown in the terminal and in
//! every open page. Requests are resolved by `resolve`, which refuses any path that would
//! leave the output folder, however it is encoded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use crate::diagnostics::render_human;
use crate::Options;

/// What `qingdan serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: Options,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Normalised by `base_path`: starts and ends with `/`.
    pub base_path: String,
    /// Colour the terminal's diagnostics.
    pub color: bool,
}

/// The preview's own files live under `<base>__qingdan/`; no page path can start with `_`.
const OWN_PREFIX: &str = "__qingdan/";
const LIVE_JS: &str = include_str!("serve_live.js");
/// How often the content is looked at, and how long it must stay unchanged before a rebuild
/// (editors write a file in several steps).
const POLL: Duration = Duration::from_millis(250);
const SETTLE: Duration = Duration::from_millis(200);
/// A strict policy like the portal's, so a theme change that needs inline script or style
/// shows its violation in the preview rather than after publishing.
const CSP: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

/// Normalise a `--base-path` to `/a/b/` form, or say what is wrong with it.
pub fn base_path(raw: &str) -> Result<String, String> {
    let segments: Vec<&str> = raw.split('/').filter(|s| !s.is_empty()).collect();
    for s in &segments {
        if *s == "." || *s == ".." {
            return Err(format!("`{raw}`: a base path cannot contain `.` or `..`"));
        }
        if s.chars()
            .any(|c| c.is_control() || c.is_whitespace() || "?#%\\\"<>".contains(c))
        {
            return Err(format!(
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
    /// The same resource with a canonical URL (a folder without its `/`, or the bare root).
    Redirect(String),
    /// One of the preview's own resources (`live.js`, `status`).
    Own(String),
    /// The path tries to leave the output folder, or cannot be decoded.
    Forbidden,
    /// Outside the base path.
    NotFound,
}

/// Resolve a request target (path and query, as sent) against the base path. `is_dir` says
/// whether a relative path names a folder of the output.
pub fn resolve(base: &str, target: &str, is_dir: impl Fn(&str) -> bool) -> Resolved {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(decoded) = percent_decode(path) else {
        return Resolved::Forbidden;
    };
    // Decode first, then look at the segments: `%2e%2e`, `%2f` and `\` are refused too.
    if decoded.contains('\\') || decoded.contains('\0') {
        return Resolved::Forbidden;
    }
    if decoded
        .split('/')
        .any(|s| s == ".." || s == "." || s.ends_with(':'))
    {
        return Resolved::Forbidden;
    }
    if decoded == base.trim_end_matches('/') || (decoded == "/" && base != "/") {
        return Resolved::Redirect(base.to_string());
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
        return Resolved::Redirect(format!("{base}{rel}/"));
    }
    Resolved::File(rel.to_string())
}

/// `%XX` decoding; `None` for a malformed escape or a result that is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
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

/// What the open pages learn from `status`: a new generation means "reload".
#[derive(Debug, Default, Clone, serde::Serialize)]
struct Status {
    /// Counts successful builds.
    generation: u64,
    /// The problems of the latest build, when it failed (plain text).
    errors: Option<String>,
}

/// Build, serve, watch and rebuild until Ctrl-C. Returns an error message when the server
/// cannot start.
pub fn serve(options: &ServeOptions) -> Result<(), String> {
    let listener = TcpListener::bind((options.bind, options.port)).map_err(|e| {
        format!(
            "cannot listen on {}:{}: {e}; choose another port with --port N (0 picks a free one)",
            options.bind, options.port
        )
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;
    let status = Arc::new(Mutex::new(Status::default()));
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        let wake = wake_address(addr);
        ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            // Unblock `accept` so the main loop sees the flag.
            let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
        })
        .map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;
    }

    let mut watched = watch_roots(&options.build, None);
    let mut seen = fingerprint(&watched, &options.build.output);
    let theme = rebuild(options, &status);
    if theme.is_some() {
        watched = watch_roots(&options.build, theme);
        seen = fingerprint(&watched, &options.build.output);
    }

    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: other machines can see this preview",
            options.bind
        );
    }
    println!(
        "serving {} at http://{addr}{} (Ctrl-C to stop)",
        options.build.output.display(),
        options.base_path
    );
    let _ = std::io::stdout().flush();

    let watcher = {
        let (options, status, stop) = (options.clone(), status.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                std::thread::sleep(POLL);
                let now = fingerprint(&watched, &options.build.output);
                if now == seen {
                    continue;
                }
                // Wait until the files stop changing, then build once.
                let mut settled = now;
                loop {
                    std::thread::sleep(SETTLE);
                    let again = fingerprint(&watched, &options.build.output);
                    if again == settled || stop.load(Ordering::SeqCst) {
                        break;
                    }
                    settled = again;
                }
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                eprintln!("change detected; rebuilding");
                if let Some(theme) = rebuild(&options, &status) {
                    watched = watch_roots(&options.build, Some(theme));
                }
                seen = fingerprint(&watched, &options.build.output);
            }
        })
    };

    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let (options, status) = (options.clone(), status.clone());
        std::thread::spawn(move || {
            let _ = handle(stream, &options, &status);
        });
    }
    // A build in progress finishes (or fails) atomically before we exit.
    let _ = watcher.join();
    eprintln!("stopped");
    Ok(())
}

/// Where the Ctrl-C handler connects to unblock `accept`.
fn wake_address(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => {
            (std::net::Ipv4Addr::LOCALHOST, addr.port()).into()
        }
        ip if ip.is_unspecified() => (std::net::Ipv6Addr::LOCALHOST, addr.port()).into(),
        _ => addr,
    }
}

/// Build once and record the outcome. Returns the theme folder the content names, if any, so
/// it is watched too.
fn rebuild(options: &ServeOptions, status: &Mutex<Status>) -> Option<PathBuf> {
    let started = std::time::Instant::now();
    match crate::build(&options.build) {
        Ok(summary) => {
            let list = summary.report.diagnostics.clone().sorted();
            if !list.is_empty() {
                eprint!(
                    "{}",
                    render_human(&list, &summary.report.sources, options.color)
                );
            }
            eprintln!("{}", summary.line(&options.build.output, started.elapsed()));
            let mut s = status.lock().unwrap_or_else(|e| e.into_inner());
            s.generation += 1;
            s.errors = None;
            summary.theme_dir
        }
        Err(report) => {
            let list = report.diagnostics.clone().sorted();
            eprint!("{}", render_human(&list, &report.sources, options.color));
            eprintln!(
                "error: {} problem(s); still serving the last good site; fix them and save",
                report.diagnostics.error_count()
            );
            let text = render_human(&list, &report.sources, false);
            status.lock().unwrap_or_else(|e| e.into_inner()).errors = Some(text);
            None
        }
    }
}

/// The folders whose changes trigger a rebuild: the content and a theme it names.
fn watch_roots(build: &Options, theme: Option<PathBuf>) -> Vec<PathBuf> {
    let mut roots = vec![build.content.clone()];
    roots.extend(theme);
    roots
}

/// Every watched file's path, size and modification time, sorted. Hidden files (editors'
/// swap and backup files) and the output folder are left out.
fn fingerprint(roots: &[PathBuf], output: &Path) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    fn walk(dir: &Path, output: &Path, out: &mut Vec<(PathBuf, u64, Option<SystemTime>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name.ends_with('~') {
                continue;
            }
            let path = entry.path();
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                if path.canonicalize().ok().as_deref() != Some(output) {
                    walk(&path, output, out);
                }
            } else {
                out.push((path, meta.len(), meta.modified().ok()));
            }
        }
    }
    // Compared canonically: `--content . --output output` must not watch its own output,
    // or every build would trigger the next.
    let output = output
        .canonicalize()
        .unwrap_or_else(|_| output.to_path_buf());
    let mut out = Vec::new();
    for root in roots {
        walk(root, &output, &mut out);
    }
    out.sort();
    out
}

/// Answer one request (HTTP/1.1, one request per connection).
fn handle(
    stream: TcpStream,
    options: &ServeOptions,
    status: &Mutex<Status>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.by_ref().take(8192).read_line(&mut line)?;
    // Skip the headers; nothing in them changes the answer.
    let mut header = String::new();
    loop {
        header.clear();
        if reader.by_ref().take(8192).read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let mut out = stream;
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return respond(
            &mut out,
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n",
            false,
        );
    }
    let root = &options.build.output;
    let base = &options.base_path;
    let resolved = resolve(base, target, |rel| root.join(rel).is_dir());
    match resolved {
        Resolved::Forbidden => respond(
            &mut out,
            403,
            "text/plain; charset=utf-8",
            b"403: this path leaves the site folder\n",
            head_only,
        ),
        Resolved::Redirect(to) => send(
            &mut out,
            301,
            &format!("Location: {to}\r\n"),
            "text/plain; charset=utf-8",
            format!("moved to {to}\n").as_bytes(),
            head_only,
        ),
        Resolved::Own(name) => match name.as_str() {
            "live.js" => respond(
                &mut out,
                200,
                "text/javascript; charset=utf-8",
                LIVE_JS.as_bytes(),
                head_only,
            ),
            "status" => {
                let s = status.lock().unwrap_or_else(|e| e.into_inner()).clone();
                let body = serde_json::to_vec(&s).unwrap_or_default();
                respond(&mut out, 200, "application/json", &body, head_only)
            }
            _ => respond(
                &mut out,
                404,
                "text/plain; charset=utf-8",
                b"404\n",
                head_only,
            ),
        },
        Resolved::NotFound => {
            let body = format!("404: the site is served under {base}\n");
            respond(
                &mut out,
                404,
                "text/plain; charset=utf-8",
                body.as_bytes(),
                head_only,
            )
        }
        Resolved::File(rel) => {
            let (code, path) = match inside(root, &rel) {
                Some(path) => (200, path),
                None => (404, root.join("404.html")),
            };
            match std::fs::read(&path) {
                Ok(bytes) => {
                    let mime = mime_type(&path);
                    let bytes = match mime.starts_with("text/html") {
                        true => with_live_script(bytes, base),
                        false => bytes,
                    };
                    respond(&mut out, code, mime, &bytes, head_only)
                }
                Err(_) => {
                    // No site yet (the first build failed): show the problems instead.
                    let errors = status
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .errors
                        .clone()
                        .unwrap_or_else(|| "no site has been built yet".into());
                    let page = format!(
                        "<!DOCTYPE html><html lang=en><meta charset=utf-8><title>qingdan: the build failed</title><h1>The build failed</h1><pre>{}</pre>",
                        crate::markdown::escape(&errors)
                    );
                    let bytes = with_live_script(page.into_bytes(), base);
                    respond(&mut out, 503, "text/html; charset=utf-8", &bytes, head_only)
                }
            }
        }
    }
}

/// The file `rel` of `root`, if it exists and (after following links) is inside `root`.
fn inside(root: &Path, rel: &str) -> Option<PathBuf> {
    let rel_path = Path::new(rel);
    if !rel_path
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let path = root.join(rel_path).canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    (path.starts_with(&root) && path.is_file()).then_some(path)
}

fn respond(
    out: &mut TcpStream,
    code: u16,
    mime: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    send(out, code, "", mime, body, head_only)
}

/// Write a whole response; `extra` holds further header lines, each ending in CRLF.
fn send(
    out: &mut TcpStream,
    code: u16,
    extra: &str,
    mime: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let reason = match code {
        200 => "OK",
        301 => "Moved Permanently",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Service Unavailable",
    };
    write!(
        out,
        "HTTP/1.1 {code} {reason}\r\n{extra}Content-Type: {mime}\r\nContent-Length: {}\r\nContent-Security-Policy: {CSP}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if !head_only {
        out.write_all(body)?;
    }
    out.flush()
}

/// Add the reload script to a page: an external script, so the site's CSP still holds.
fn with_live_script(mut html: Vec<u8>, base: &str) -> Vec<u8> {
    let tag = format!("<script src=\"{base}{OWN_PREFIX}live.js\" defer></script>");
    let at = find(&html, b"</body>").unwrap_or(html.len());
    html.splice(at..at, tag.into_bytes());
    html
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn mime_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "svg" => "image/svg+xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
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
        let r = |t| resolve("/zmsx/", t, |rel: &str| rel == "items/birth");
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
        assert_eq!(r("/zmsx/__qingdan/status"), Resolved::Own("status".into()));
        assert_eq!(
            r("/zmsx/%E4%BA%8B%E9%A1%B9/"),
            Resolved::File("事项/index.html".into())
        );
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
            "/zmsx/%zz",
            "/zmsx/%ff",
            "/..",
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
    fn the_reload_script_goes_before_the_end_of_body() {
        let html = with_live_script(b"<p>x</p></body></html>".to_vec(), "/zmsx/");
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<p>x</p><script src=\"/zmsx/__qingdan/live.js\" defer></script></body></html>"
        );
        let html = with_live_script(b"<p>x".to_vec(), "/");
        assert!(String::from_utf8(html)
            .unwrap()
            .ends_with("<script src=\"/__qingdan/live.js\" defer></script>"));
    }
}
