//! `qingdan serve`: the staff preview. Builds the site, serves the output over HTTP under the
//! portal's base path, rebuilds when the content or theme changes, and tells open pages to
//! reload.
//!
//! The preview serves exactly what `build` wrote: the reload script is added to HTML responses
//! on the way out and never appears in the output folder. A build that fails leaves the last
//! good site in place (the build is atomic) and its problems are shown in the terminal and in
//! every open page. The parts: `resolve` maps a request to a file and refuses any path that
//! would leave the output folder, however it is encoded; `http` reads requests under a
//! deadline and size limits and writes responses with the portal's security headers; `conns`
//! keeps the number of open connections bounded; `watch` notices edits; `preview` knows the
//! open pages, which a rebuild makes first and which are served from memory until it ends.

mod conns;
mod http;
mod preview;
mod resolve;
mod watch;

use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use http::{Refusal, Response};
use qingdan::base::diagnostics::{escape_controls as shown, render_human};
use qingdan::base::message::{Lang, Message};
use qingdan::base::progress::{Progress, Wanted};
use qingdan::msg;
use resolve::OWN_PREFIX;
pub use resolve::{base_path, resolve, Resolved};

/// What `qingdan serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: qingdan::Options,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Normalised by `base_path`: starts and ends with `/`.
    pub base_path: String,
    /// Colour the terminal's diagnostics.
    pub color: bool,
    /// The language of every message, in the terminal and in the pages' error panel.
    pub lang: qingdan::base::message::Lang,
}

const LIVE_JS: &str = include_str!("live.js");
/// How long a page's question "has anything changed since?" is held open before it is
/// answered with nothing new (and asked again): shorter than the idle timeouts of proxies
/// and browsers, long enough that an idle preview costs a request per open page now and then.
const HOLD: Duration = Duration::from_secs(25);
/// How long a build waits, at most, for the open pages it made first to be shown (fetched and
/// put in place, then reloaded) before it goes on with the rest of the site: about what a
/// browser takes to fetch and show one page's text on a slow machine.
const RELOAD_WAIT: Duration = Duration::from_millis(100);
/// How long a client has to send a request's head. Generous for any real client on a LAN,
/// short enough that silent connections do not accumulate.
const HEADER_DEADLINE: Duration = Duration::from_secs(10);
/// Not a documented option: lets the tests use a short header deadline instead of waiting.
const HEADER_DEADLINE_ENV: &str = "QINGDAN_SERVE_HEADER_DEADLINE_MS";

/// What the open pages learn from `status`: a new generation of the page (`PageStatus`)
/// means "show the page anew".
#[derive(Debug, Default, serde::Serialize)]
struct Status {
    /// Counts successful builds.
    generation: u64,
    /// Counts every build, failed or not: what an open page waits on to change.
    builds: u64,
    /// The problems of the latest build, when it failed (plain text).
    errors: Option<String>,
    /// Counts the watcher's looks at the content, so a test can wait for one.
    scans: u64,
    /// What the pages' error panel says above the problems, in the run's language.
    notice: &'static str,
    /// Counts the times a running build made the open pages ahead of the rest of the site.
    shown: u64,
    /// Whether a build is running.
    building: bool,
    /// Where the last good site's feedback form posts to, for the CSP's `form-action`.
    #[serde(skip)]
    feedback_origin: Option<String>,
    /// The open pages and what the running build made of them; under the status's lock, so a
    /// page's generation is read in one piece with the build's.
    #[serde(skip)]
    preview: preview::Preview,
}

/// The status as one open page is told it: with the generation of what it would load now.
#[derive(serde::Serialize)]
struct PageStatus<'s> {
    #[serde(flatten)]
    status: &'s Status,
    page_generation: u64,
}

/// What the connections and the watcher share.
struct Shared {
    options: ServeOptions,
    status: Mutex<Status>,
    /// Signalled when a build ends, so that the pages waiting on `status` learn of it at once.
    built: Condvar,
    header_deadline: Duration,
    /// The threads builds run on, below the preview's own (`build_pool`).
    pool: Option<rayon::ThreadPool>,
}

/// What an open page last learnt from `status`: how many builds had ended
/// (`?builds=<n>`), and how many times open pages were made ahead of a build's end
/// (`&shown=<n>`). It is answered when either changes (a good build or its early pages, whose
/// new generation reloads the page, or a failed one, whose problems it shows), instead of
/// asking again every second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seen {
    builds: u64,
    shown: Option<u64>,
}

/// The value of `name` in the query of `target`, as sent.
fn query_value<'t>(target: &'t str, name: &str) -> Option<&'t str> {
    let query = target.split_once('?')?.1.split('#').next()?;
    query
        .split('&')
        .find_map(|pair| pair.split_once('=').filter(|(n, _)| *n == name))
        .map(|(_, value)| value)
}

impl Seen {
    fn from_query(target: &str) -> Option<Seen> {
        let builds = query_value(target, "builds")?.parse().ok()?;
        let shown = query_value(target, "shown").and_then(|n| n.parse().ok());
        Some(Seen { builds, shown })
    }
}

impl Shared {
    /// The status once it differs from what the page has `seen`, or after `hold`, whichever
    /// comes first.
    fn status_after(&self, seen: Seen, hold: Duration) -> MutexGuard<'_, Status> {
        let unchanged =
            |s: &mut Status| s.builds == seen.builds && seen.shown.is_none_or(|n| n == s.shown);
        match self
            .built
            .wait_timeout_while(self.status(), hold, unchanged)
        {
            Ok((status, _)) => status,
            Err(poisoned) => poisoned.into_inner().0,
        }
    }

    fn status(&self) -> MutexGuard<'_, Status> {
        // A panic elsewhere cannot leave a status half-written: every update is one field.
        self.status.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Exit 2 for a `--base-path` that cannot be a URL path, 1 when the server cannot start, 0
/// after Ctrl-C.
pub(crate) fn run(args: crate::ServeArgs, global: crate::Global) -> std::process::ExitCode {
    use std::io::IsTerminal;
    use std::process::ExitCode;
    let lang = global.lang;
    let error = |e: Message| {
        let e = shown(e.get(lang)).into_owned();
        eprintln!("{}", msg!("错误：{e}", "error: {e}").get(lang));
    };
    let base_path = match base_path(&args.base_path) {
        Ok(b) => b,
        Err(e) => {
            error(msg!("选项 `--base-path`：", "--base-path ").then(&e));
            return ExitCode::from(2);
        }
    };
    let options = ServeOptions {
        build: qingdan::Options {
            content: args.content,
            output: args.output,
            encoding: global.encoding,
            precompress: false,
            clean: args.clean,
            place: None,
            // Each rebuild keeps the files of what a save did not change (`build`'s cache).
            cache: crate::cmd::cache_mode(false),
            // The content's texts and decoded version files, so that a save reads and decodes
            // only the file it changed.
            memory: Some(Default::default()),
        },
        bind: args.bind,
        port: args.port,
        base_path,
        color: std::io::stderr().is_terminal(),
        lang: global.lang,
    };
    match serve(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            error(e);
            ExitCode::from(1)
        }
    }
}

/// Build, serve, watch and rebuild until Ctrl-C. Returns an error message when the server
/// cannot start.
pub fn serve(options: &ServeOptions) -> Result<(), Message> {
    let lang = options.lang;
    let (bind, port) = (options.bind, options.port);
    let listener = TcpListener::bind((bind, port)).map_err(|e| {
        msg!(
            "无法在 {bind}:{port} 上监听：{e}；请用 --port N 换一个端口（写 0 自动选择空闲端口）",
            "cannot listen on {bind}:{port}: {e}; choose another port with --port N (0 picks a free one)"
        )
    })?;
    let addr = listener.local_addr().map_err(|e| {
        msg!(
            "无法读取监听地址：{e}",
            "cannot read the listening address: {e}"
        )
    })?;
    let stop = stop_on_ctrl_c(addr)?;
    let header_deadline = std::env::var(HEADER_DEADLINE_ENV)
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(HEADER_DEADLINE, Duration::from_millis);
    let shared = Arc::new(Shared {
        options: options.clone(),
        status: Mutex::new(Status {
            notice: panel_notice(lang),
            ..Status::default()
        }),
        built: Condvar::new(),
        header_deadline,
        pool: build_pool(),
    });

    let mut watched = watch::watch_roots(&options.build, None);
    let mut seen = watch::fingerprint(&watched, &options.build.output);
    let theme = rebuild(&shared);
    if theme.is_some() {
        watched = watch::watch_roots(&options.build, theme);
        seen = watch::fingerprint(&watched, &options.build.output);
    }

    announce(options, addr);

    let watcher = {
        let (shared, stop) = (shared.clone(), stop.clone());
        std::thread::spawn(move || watch::watch(&shared, &stop, watched, seen))
    };
    let answer = {
        let shared = shared.clone();
        Arc::new(move |stream: TcpStream| handle(stream, &shared))
    };
    conns::accept_loop(&listener, &stop, answer);
    // A build in progress finishes (or fails) atomically before we exit.
    let _ = watcher.join();
    eprintln!("{}", msg!("已停止", "stopped").get(lang));
    Ok(())
}

/// A flag Ctrl-C sets; it also wakes the accept loop (blocked on `addr`) so that it sees it.
fn stop_on_ctrl_c(addr: SocketAddr) -> Result<Arc<AtomicBool>, Message> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let wake = wake_address(addr);
    ctrlc::set_handler(move || {
        flag.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
    })
    .map_err(|e| msg!("无法处理 Ctrl-C：{e}", "cannot handle Ctrl-C: {e}"))?;
    Ok(stop)
}

/// Where the preview is served (and a warning when other machines can reach it).
fn announce(options: &ServeOptions, addr: SocketAddr) {
    let (lang, bind) = (options.lang, options.bind);
    if !bind.is_loopback() {
        let warning = msg!(
            "警告：正在 {bind} 上监听，其他计算机也能看到这个预览",
            "warning: listening on {bind}: other machines can see this preview"
        );
        eprintln!("{}", warning.get(lang));
    }
    // The address ends the line in both languages: tools (and the tests) take what follows
    // `http://` up to the end.
    let output = shown(&options.build.output.display().to_string()).into_owned();
    let url = format!("http://{addr}{}", options.base_path);
    let serving = msg!(
        "正在预览 {output}，按 Ctrl-C 停止：{url}",
        "serving {output} at {url} (Ctrl-C to stop)"
    );
    println!("{}", serving.get(lang));
    let _ = std::io::stdout().flush();
}

/// What the error panel of the open pages says above the problems.
fn panel_notice(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "最近一次修改导致网站生成失败，页面仍是上一次成功生成的版本。问题如下：",
        Lang::En => "The last change broke the build; this is the last good version of the page.",
    }
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
fn rebuild(shared: &Arc<Shared>) -> Option<PathBuf> {
    shared.status().building = true;
    let theme = build_once(shared);
    let mut status = shared.status();
    status.builds += 1;
    status.building = false;
    drop(status);
    shared.built.notify_all();
    theme
}

/// The threads a build runs on, at a lower priority than the threads that answer the open
/// pages (and than the browser, on a staff member's own machine): a page made first is served
/// and shown at once, while the rest of the site is still being written on every core. `None`
/// when the threads cannot be started; builds then use rayon's own.
fn build_pool() -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("qingdan-build-{i}"))
        .start_handler(|_| lower_this_threads_priority())
        .build()
        .ok()
}

/// Nice 10 for the calling thread (Linux's nice value is a thread's own); elsewhere nothing.
fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority reads no memory of ours; `who` 0 is the calling thread on Linux.
    // Failing (it cannot, to lower) leaves the priority as it was.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// A build that makes the open pages first and serves them at once (`preview`).
fn open_pages_first(shared: &Arc<Shared>) -> Progress {
    let paths = shared.status().preview.open_pages();
    if paths.is_empty() {
        return Progress::default();
    }
    let shared = shared.clone();
    Progress::wanting(Wanted {
        paths,
        made: Box::new(move |pages, files| {
            if pages.is_empty() {
                return;
            }
            let files = files.into_iter().map(|f| (f.path, f.bytes)).collect();
            let mut status = shared.status();
            status.preview.settle(pages, files);
            status.shown += 1;
            shared.built.notify_all();
            // The build waits (a moment at most) for the pages to be shown: on a staff
            // member's machine the browser shares the cores with the build, and showing the
            // page is what the save was for.
            let reloaded = |s: &mut Status| !s.preview.settled_pages_reloaded();
            let _ = shared
                .built
                .wait_timeout_while(status, RELOAD_WAIT, reloaded);
        }),
    })
}

/// `rebuild`'s build and its record in the status.
fn build_once(shared: &Arc<Shared>) -> Option<PathBuf> {
    let options = &shared.options;
    let started = std::time::Instant::now();
    let progress = open_pages_first(shared);
    let build = || qingdan::build_with(&options.build, &progress);
    let built = match &shared.pool {
        Some(pool) => pool.install(build),
        None => build(),
    };
    match built {
        Ok(summary) => {
            let list = summary.report.diagnostics.clone().sorted();
            if !list.is_empty() {
                eprint!(
                    "{}",
                    render_human(&list, &summary.report.sources, options.color, options.lang)
                );
            }
            let line = summary.line(&options.build.output, started.elapsed(), options.lang);
            eprintln!("{}", shown(&line));
            let mut s = shared.status();
            // In one piece: the pages made early are this generation's from now on.
            s.generation += 1;
            s.preview.build_ended();
            s.errors = None;
            s.feedback_origin = summary.feedback_action.as_deref().and_then(http::origin_of);
            summary.theme_dir
        }
        Err(report) => {
            let list = report.diagnostics.clone().sorted();
            eprint!(
                "{}",
                render_human(&list, &report.sources, options.color, options.lang)
            );
            let errors = report.diagnostics.error_count();
            let line = msg!(
                "错误：发现{errors}处错误；仍在提供上一次成功生成的网站；请修改后保存",
                "error: {errors} problem(s); still serving the last good site; fix them and save"
            );
            eprintln!("{}", line.get(options.lang));
            let text = render_human(&list, &report.sources, false, options.lang);
            let mut s = shared.status();
            s.errors = Some(text);
            s.preview.build_ended();
            None
        }
    }
}

/// Answer one connection: one request, then close.
fn handle(stream: TcpStream, shared: &Shared) {
    let request = http::read_request(&stream, shared.header_deadline);
    // Read after the request arrived, so it matches the site being served.
    let csp = http::csp(shared.status().feedback_origin.as_deref());
    match request {
        Ok(request) => {
            let head_only = request.method == "HEAD";
            http::send(&stream, &answer(&request, shared), &csp, head_only);
        }
        Err(Refusal::Answer(code, [zh, en])) => {
            let why = match shared.options.lang {
                Lang::Zh => zh,
                Lang::En => en,
            };
            http::send(
                &stream,
                &Response::text(code, format!("{why}\n")),
                &csp,
                false,
            );
        }
        Err(Refusal::Gone) => {}
    }
}

/// The response to a well-formed request.
fn answer(request: &http::Request, shared: &Shared) -> Response {
    let lang = shared.options.lang;
    let say = |code: u16, m: Message| Response::text(code, format!("{}\n", m.get(lang)));
    if request.method != "GET" && request.method != "HEAD" {
        return say(405, msg!("只接受 GET 和 HEAD 请求", "only GET and HEAD"));
    }
    let root = &shared.options.build.output;
    let base = &shared.options.base_path;
    match resolve(base, &request.target, |rel| {
        resolve::is_dir_inside(root, rel)
    }) {
        Resolved::Forbidden => say(
            403,
            msg!(
                "403：这个路径超出了网站文件夹",
                "403: this path leaves the site folder"
            ),
        ),
        Resolved::Redirect(to) => Response {
            location: Some(to.clone()),
            ..Response::text(301, format!("moved to {to}\n"))
        },
        Resolved::Own(name) => own_file(&name, &request.target, shared),
        Resolved::NotFound => say(
            404,
            msg!(
                "404：网站的地址在 {base} 下",
                "404: the site is served under {base}"
            ),
        ),
        Resolved::File(rel) => site_file(&rel, shared),
    }
}

/// A file of the preview itself, under `__qingdan/`: the reload script or the build status.
fn own_file(name: &str, target: &str, shared: &Shared) -> Response {
    match name {
        "live.js" => Response::new(200, "text/javascript; charset=utf-8", LIVE_JS),
        "status" => {
            let page = page_of(target, shared);
            if let Some(page) = &page {
                shared.status().preview.asked(page);
                // A build may be waiting for this page to reload.
                shared.built.notify_all();
            }
            let status = match Seen::from_query(target) {
                Some(seen) => shared.status_after(seen, HOLD),
                None => shared.status(),
            };
            let page_generation = match &page {
                Some(page) => status.preview.generation_of(page, status.generation),
                None => status.generation,
            };
            let answer = PageStatus {
                status: &status,
                page_generation,
            };
            let body = serde_json::to_vec(&answer).unwrap_or_default();
            Response::new(200, "application/json", body)
        }
        _ => Response::text(404, "404\n"),
    }
}

/// The file of the open page a status question names (`?page=`, its URL path as the
/// browser shows it, percent-encoded once more).
/// Only a file of the site counts: any client may name any path.
fn page_of(target: &str, shared: &Shared) -> Option<String> {
    let path = resolve::percent_decode(query_value(target, "page")?)?;
    let root = &shared.options.build.output;
    match resolve(&shared.options.base_path, &path, |rel| {
        resolve::is_dir_inside(root, rel)
    }) {
        Resolved::File(rel) if resolve::inside(root, &rel).is_some() => Some(rel),
        _ => None,
    }
}

/// A file of the built site (or of the running build, for an open page it made already), the
/// site's 404 page when there is none, or the problems of the failed build when there is no
/// site at all.
fn site_file(rel: &str, shared: &Shared) -> Response {
    let root = &shared.options.build.output;
    let base = &shared.options.base_path;
    if let Some(bytes) = shared.status().preview.file(rel) {
        let mime = mime_type(Path::new(rel));
        return Response::new(200, mime, with_live_script(bytes, base));
    }
    // The site's own 404 page is held to the same rule as any other file.
    let found = resolve::inside(root, rel)
        .map(|path| (200, path))
        .or_else(|| resolve::inside(root, "404.html").map(|path| (404, path)))
        .and_then(|(code, path)| Some((code, std::fs::read(&path).ok()?, path)));
    match found {
        Some((code, bytes, path)) => {
            let mime = mime_type(&path);
            let bytes = match mime.starts_with("text/html") {
                true => with_live_script(bytes, base),
                false => bytes,
            };
            Response::new(code, mime, bytes)
        }
        None => failed_build_page(shared),
    }
}

/// No site yet (the first build failed): show the problems instead.
fn failed_build_page(shared: &Shared) -> Response {
    let lang = shared.options.lang;
    let errors = shared.status().errors.clone();
    let none = msg!("还没有生成过网站", "no site has been built yet");
    let errors = errors.unwrap_or_else(|| none.get(lang).to_string());
    let (title, heading) = match lang {
        Lang::Zh => ("qingdan：网站生成失败", "网站生成失败"),
        Lang::En => ("qingdan: the build failed", "The build failed"),
    };
    let page = format!(
        "<!DOCTYPE html><html lang={}><meta charset=utf-8><title>{title}</title><h1>{heading}</h1><pre>{}</pre>",
        lang.tag(),
        qingdan::emit::markdown::escape(&errors)
    );
    let bytes = with_live_script(page.into_bytes(), &shared.options.base_path);
    Response::new(503, "text/html; charset=utf-8", bytes)
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

    #[test]
    fn a_page_says_what_it_has_seen_in_the_status_query() {
        let seen = |t: &str| Seen::from_query(t);
        assert_eq!(
            seen("/zmsx/__qingdan/status?builds=3"),
            Some(Seen {
                builds: 3,
                shown: None
            })
        );
        assert_eq!(
            seen("/__qingdan/status?x=1&builds=12#y"),
            Some(Seen {
                builds: 12,
                shown: None
            })
        );
        assert_eq!(
            seen("/__qingdan/status?page=%2Fen%2F&builds=4&shown=2"),
            Some(Seen {
                builds: 4,
                shown: Some(2)
            })
        );
        // Anything else is a plain question, answered at once.
        for t in [
            "/__qingdan/status",
            "/__qingdan/status?builds=",
            "/__qingdan/status?builds=-1",
            "/__qingdan/status?after=3",
        ] {
            assert_eq!(seen(t), None, "{t}");
        }
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
