//! `qingdan serve` as staff meet it: a real server on a free port, a file edited while it
//! runs, a broken edit, attempts to leave the site folder, and Ctrl-C.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::*;

/// How long a rebuild may take before the test gives up: a liveness bound for a slow CI
/// machine, not a speed assertion.
pub(crate) const PATIENCE: Duration = Duration::from_secs(120);

pub(crate) struct Server {
    child: Child,
    pub(crate) addr: String,
    /// The first line it printed: where it serves.
    banner: String,
    stderr: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The minimal fixture copied to `content/` in a temporary folder, and `out/` beside it (an
/// output inside the content is refused).
pub(crate) fn content_and_output() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("minimal"), &content);
    let output = dir.path().join("out");
    (dir, content, output)
}

pub(crate) fn start(content: &Path, output: &Path) -> Server {
    start_in(Path::new("."), content, output)
}

/// Start `qingdan serve` in the folder `cwd` (content and output may be relative to it).
fn start_in(cwd: &Path, content: &Path, output: &Path) -> Server {
    let mut command = serve_command("/zmsx/", content, output);
    command.current_dir(cwd);
    launch(command, "/zmsx/")
}

/// `qingdan serve` on a free port under `base`.
fn serve_command(base: &str, content: &Path, output: &Path) -> Command {
    let mut command = qingdan();
    command
        .args(["serve", "--port", "0", "--base-path", base, "--content"])
        .arg(content)
        .arg("--output")
        .arg(output);
    command
}

/// The same command, run with at most `n` open files, as on a crowded machine.
fn with_file_limit(command: &Command, n: u32) -> Command {
    let mut limited = Command::new("sh");
    limited
        .arg("-c")
        .arg(format!("ulimit -n {n} && exec \"$0\" \"$@\""))
        .arg(command.get_program())
        .args(command.get_args());
    limited
}

/// Start a server and read the address it prints.
fn launch(mut command: Command, base: &str) -> Server {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("qingdan serve starts");
    let (line_tx, line_rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = line_tx.send(line);
        }
    });
    let (err_tx, err_rx) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = err_tx.send(line);
        }
    });
    let line = line_rx
        .recv_timeout(PATIENCE)
        .expect("serve prints its address");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in `{line}`"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");
    assert!(line.contains(&format!("http://{addr}{base}")), "{line}");
    Server {
        child,
        addr,
        banner: line,
        stderr: err_rx,
    }
}

/// Send a raw request (the target exactly as given, as an attacker would) and return the
/// status code, the headers and the body.
pub(crate) fn get(addr: &str, target: &str) -> (u16, String, String) {
    let request = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    exchange(addr, request.as_bytes())
}

/// Send `request` as it is and read the whole response.
fn exchange(addr: &str, request: &[u8]) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .expect("a response within 30 s");
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> (u16, String, String) {
    let raw = String::from_utf8_lossy(raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").expect("a complete response");
    let code = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("a status line");
    (code, head.to_string(), body.to_string())
}

pub(crate) fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ok() {
        assert!(started.elapsed() < PATIENCE, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

pub(crate) fn status(addr: &str) -> serde_json::Value {
    let (code, _, body) = get(addr, "/zmsx/__qingdan/status");
    assert_eq!(code, 200);
    serde_json::from_str(&body).expect("status is JSON")
}

#[test]
fn serve_previews_rebuilds_reports_and_refuses_traversal() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("minimal"), &content);
    let site = dir.path().join("public");
    std::fs::create_dir_all(&site).unwrap();
    let output = site.join("output");
    std::fs::write(site.join("secret.txt"), "TOP-SECRET").unwrap();
    std::fs::write(dir.path().join("secret.txt"), "TOP-SECRET").unwrap();

    let server = start(&content, &output);
    let addr = server.addr.clone();
    assert!(
        server.banner.ends_with("/zmsx/ (Ctrl-C to stop)"),
        "{}",
        server.banner
    );

    // The site, under the base path, with the reload script added on the way out only.
    let (code, _, body) = get(&addr, "/zmsx/");
    assert_eq!(code, 200);
    assert!(body.contains("测试区证明事项"), "{body}");
    assert!(body.contains(r#"<script src="/zmsx/__qingdan/live.js" defer></script>"#));
    let on_disk = std::fs::read_to_string(output.join("index.html")).unwrap();
    assert!(
        !on_disk.contains("__qingdan"),
        "the build output never holds the reload script"
    );
    let (code, head, body) = get(&addr, "/zmsx/__qingdan/live.js");
    assert_eq!(code, 200);
    assert!(head.contains("text/javascript"), "{head}");
    assert!(body.contains("location.reload()"));
    assert_eq!(status(&addr)["generation"], 1);
    assert!(status(&addr)["errors"].is_null());

    let (code, head, _) = get(&addr, "/");
    assert_eq!(code, 301);
    assert!(head.contains("Location: /zmsx/"), "{head}");
    let (code, head, _) = get(&addr, "/zmsx/items/kinship");
    assert_eq!(code, 301);
    assert!(head.contains("Location: /zmsx/items/kinship/"), "{head}");
    let (code, _, body) = get(&addr, "/zmsx/no-such-page/");
    assert_eq!(code, 404);
    assert!(body.contains("<html"), "the site's own 404 page: {body}");
    let (code, head, _) = get(&addr, "/zmsx/sitemap.xml?v=1");
    assert_eq!(code, 200);
    assert!(head.contains("application/xml"), "{head}");

    // Leaving the output folder, however it is spelled.
    for target in [
        "/zmsx/../secret.txt",
        "/zmsx/../../secret.txt",
        "/zmsx/%2e%2e/secret.txt",
        "/zmsx/%2E%2E/%2E%2E/secret.txt",
        "/zmsx/..%2fsecret.txt",
        "/zmsx/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/zmsx/..%5csecret.txt",
        "/zmsx/..\\secret.txt",
        "/%2e%2e/secret.txt",
        "/zmsx/%252e%252e/secret.txt",
    ] {
        let (code, _, body) = get(&addr, target);
        assert!(
            code == 403 || code == 404,
            "{target} gave {code}: the request must be refused"
        );
        assert!(!body.contains("TOP-SECRET"), "{target} leaked the file");
    }

    // An open page asks "has a build ended since the ones I saw?": the question is held while
    // nothing changes, and answered as soon as the rebuild of an edit is done.
    let builds = status(&addr)["builds"]
        .as_u64()
        .expect("the status counts builds");
    let mut held = ask_held(&addr, &format!("builds={builds}"));
    held.set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut first = [0u8; 1];
    assert!(
        held.read(&mut first).is_err(),
        "the question was answered although no build had ended"
    );

    // An edit is picked up, rebuilt and served.
    edit(
        &content,
        "certificates/2023-02-21.yaml",
        "en: Proof of residence }",
        "en: Proof of where you live }",
    );
    let (answered, body) = answer_of(held);
    assert_eq!(answered["generation"], 2, "{body}");
    assert_eq!(answered["builds"], builds + 1, "{body}");
    wait_for("the rebuild", || status(&addr)["generation"] == 2);
    let (code, _, body) = get(&addr, "/zmsx/en/items/residence/");
    assert_eq!(code, 200);
    assert!(body.contains("Proof of where you live"), "{body}");

    // A broken edit: the errors reach the browser, the last good site stays.
    edit(
        &content,
        "certificates/2023-02-21.yaml",
        "    category: housing",
        "    category: housing\n    colour: blue",
    );
    wait_for("the build errors", || !status(&addr)["errors"].is_null());
    let errors = status(&addr)["errors"].as_str().unwrap().to_string();
    assert!(errors.contains("2023-02-21.yaml"), "{errors}");
    assert!(errors.contains("colour"), "{errors}");
    assert_eq!(status(&addr)["generation"], 2);
    let (code, _, body) = get(&addr, "/zmsx/en/items/residence/");
    assert_eq!(code, 200);
    assert!(body.contains("Proof of where you live"));

    // Fixed again: a new generation, no errors.
    edit(
        &content,
        "certificates/2023-02-21.yaml",
        "\n    colour: blue",
        "",
    );
    wait_for("the fixed build", || status(&addr)["generation"] == 3);
    assert!(status(&addr)["errors"].is_null());

    // An editor's swap and backup files are not content: the watcher looks at least twice
    // more after they appear (the status counts its looks) and rebuilds nothing.
    std::fs::write(content.join(".site.yaml.swp"), "not: [yaml").unwrap();
    std::fs::write(content.join("certificates/2023-02-21.yaml~"), "garbage: [").unwrap();
    let looked = status(&addr)["scans"]
        .as_u64()
        .expect("the status counts the looks");
    wait_for("two more looks", || {
        status(&addr)["scans"].as_u64().unwrap() >= looked + 2
    });
    assert_eq!(
        status(&addr)["generation"],
        3,
        "a swap file rebuilt the site"
    );
    assert!(status(&addr)["errors"].is_null());

    // Ctrl-C stops it cleanly: exit 0, no staging folder left behind.
    stop(server);
    let leftovers: Vec<_> = std::fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(output.join("index.html").is_file());
}

pub(crate) fn stop(server: Server) {
    let log = interrupt(server);
    assert!(log.iter().any(|l| l == "stopped"), "{}", log.join("\n"));
    assert!(
        log.iter()
            .any(|l| l.contains("change detected; rebuilding")),
        "{}",
        log.join("\n")
    );
}

/// Ctrl-C: the server exits 0; what it printed on standard error.
fn interrupt(mut server: Server) -> Vec<String> {
    let pid = server.child.id().to_string();
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let started = Instant::now();
    let code = loop {
        if let Some(code) = server.child.try_wait().unwrap() {
            break code;
        }
        assert!(started.elapsed() < PATIENCE, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    let log: Vec<String> = server.stderr.try_iter().collect();
    assert!(code.success(), "exit {code:?}\n{}", log.join("\n"));
    log
}

#[test]
fn serve_starts_on_broken_content_and_shows_the_problems() {
    let (_dir, content, output) = content_and_output();
    edit(
        &content,
        "site.yaml",
        "publisher:",
        "publisher_name: x\npublisher:",
    );
    let server = start(&content, &output);
    let (code, _, body) = get(&server.addr, "/zmsx/");
    assert_eq!(code, 503);
    assert!(body.contains("site.yaml"), "{body}");
    assert!(body.contains("publisher_name"), "{body}");
    assert!(body.contains("<h1>The build failed</h1>"), "{body}");
    assert!(body.contains("__qingdan/live.js"));
    assert!(!output.exists(), "nothing was built");
    // The open pages' panel says what happened in the run's language, from the status.
    let notice = status(&server.addr)["notice"].as_str().unwrap().to_string();
    assert!(
        notice.starts_with("The last change broke the build"),
        "{notice}"
    );
    let (_, _, script) = get(&server.addr, "/zmsx/__qingdan/live.js");
    assert!(script.contains("show(s.notice, s.errors)"), "{script}");
}

#[test]
fn serve_speaks_chinese_in_the_terminal_and_the_browser() {
    let (_dir, content, output) = content_and_output();
    edit(
        &content,
        "site.yaml",
        "publisher:",
        "publisher_name: x\npublisher:",
    );
    // No QINGDAN_LANG: the fixture's default language is Chinese.
    let mut command = qingdan_in("");
    command
        .args(["serve", "--port", "0", "--base-path", "/zmsx/", "--content"])
        .arg(&content)
        .arg("--output")
        .arg(&output);
    let server = launch(command, "/zmsx/");
    assert!(
        server.banner.starts_with("正在预览 ")
            && server.banner.contains("，按 Ctrl-C 停止：http://"),
        "{}",
        server.banner
    );
    let (code, _, body) = get(&server.addr, "/zmsx/");
    assert_eq!(code, 503);
    assert!(body.contains("<html lang=zh-CN>"), "{body}");
    assert!(
        body.contains("<title>qingdan：网站生成失败</title><h1>网站生成失败</h1>"),
        "{body}"
    );
    assert!(
        body.contains("错误[") && body.contains("publisher_name"),
        "{body}"
    );
    let notice = status(&server.addr)["notice"].as_str().unwrap().to_string();
    assert!(
        notice.starts_with("最近一次修改导致网站生成失败"),
        "{notice}"
    );
    let (code, _, body) = get(&server.addr, "/elsewhere/");
    assert_eq!(code, 404);
    assert_eq!(body, "404：网站的地址在 /zmsx/ 下\n");
    let (code, _, body) = exchange(&server.addr, b"NONSENSE\r\n\r\n");
    assert_eq!((code, body.as_str()), (400, "请求行格式不对\n"));
    // The fix: rebuilt, announced in Chinese.
    edit(&content, "site.yaml", "publisher_name: x\n", "");
    wait_for("the fixed build", || {
        status(&server.addr)["generation"] == 1
    });
    let log = interrupt(server).join("\n");
    for said in [
        "错误：发现1处错误；仍在提供上一次成功生成的网站；请修改后保存",
        "检测到修改，正在重新生成",
        "已停止",
    ] {
        assert!(log.contains(said), "no `{said}` in\n{log}");
    }
    assert!(says_pages_built(&log), "no build summary in\n{log}");
}

#[test]
fn serve_refuses_a_bad_base_path_and_a_busy_port() {
    let out = qingdan()
        .args(["serve", "--base-path", "/a/../b/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot contain"), "{}", stderr(&out));

    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let dir = copy_fixture("minimal");
    let out = qingdan()
        .args(["serve", "--port", &port, "--content"])
        .arg(dir.path())
        .arg("--output")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--port"), "{}", stderr(&out));
}

#[test]
fn an_output_folder_inside_the_content_is_refused() {
    // `qingdan serve --content . --output output`: a build replaces its whole output folder,
    // so one inside the content is refused as `build` refuses it, and the page says so.
    let dir = copy_fixture("minimal");
    let before = tree(dir.path());
    let server = start_in(dir.path(), ".".as_ref(), "output".as_ref());
    let errors = status(&server.addr)["errors"].to_string();
    assert!(
        errors.contains("the output folder is inside the content folder"),
        "{errors}"
    );
    assert!(!dir.path().join("output").exists(), "nothing was built");
    assert!(tree(dir.path()) == before, "the content is untouched");
}

#[test]
fn serve_never_redirects_to_another_host_nor_shows_what_exists_outside_the_site() {
    // With the base path `/`, `//tmp` once answered `Location: //tmp/` (another host, to a
    // browser), and `//etc` vs `//nonexistent` told which folders exist on the machine.
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&fixture("minimal"), &content);
    let output = dir.path().join("output");
    std::fs::write(dir.path().join("secret.txt"), "TOP-SECRET").unwrap();
    let server = launch(serve_command("/", &content, &output), "/");
    let addr = server.addr.clone();
    // A link in the output to a folder outside it is not followed either.
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path(), output.join("up")).unwrap();

    // Follow redirects (only ever to this server) and return the final answer.
    let follow = |target: &str| {
        let mut target = target.to_string();
        for _ in 0..3 {
            let (code, head, body) = get(&addr, &target);
            if code != 301 {
                return (code, body);
            }
            let to = head
                .lines()
                .find_map(|l| l.strip_prefix("Location: "))
                .unwrap_or_else(|| panic!("301 without Location: {head}"))
                .to_string();
            assert!(
                to.starts_with('/') && !to.starts_with("//") && !to.contains('\\'),
                "{target} redirects to {to}, off this server"
            );
            target = to;
        }
        panic!("{target}: a redirect loop");
    };
    let (code, missing) = follow("//nonexistent");
    assert_eq!(code, 404);
    assert!(missing.contains("<html"), "the site's 404 page: {missing}");
    for target in [
        "//tmp",
        "//tmp/",
        "//etc",
        "///etc/",
        "/%2F%2Ftmp",
        "/%2f%2fetc%2f",
        "//nonexistent/",
        "/up",
        "/up/",
    ] {
        assert_eq!(follow(target), (404, missing.clone()), "{target}");
    }

    let refused = |target: &str| {
        let (code, _, body) = get(&addr, target);
        assert!(
            matches!(code, 400 | 403 | 404 | 414),
            "{target} gave {code}: the request must be refused"
        );
        assert!(
            !body.contains("TOP-SECRET") && !body.contains("root:"),
            "{target}"
        );
        code
    };
    for target in [
        "/..%2f..",
        "/..%2f..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/\\..\\..\\etc\\passwd",
        "/%5c%5cexample.org/",
        "/up/secret.txt",
        "/%00",
        "/index.html%00.txt",
        "/a%0d%0aLocation:%20//evil.example/",
    ] {
        refused(target);
    }
    // Very long paths: a long one is simply not found, one past the request-line limit is
    // refused as such, and neither hangs or kills the server.
    assert_eq!(refused(&format!("/{}", "a/".repeat(3000))), 404);
    assert_eq!(refused(&format!("/{}", "a".repeat(1000))), 404);
    assert_eq!(refused(&format!("/{}", "a".repeat(20_000))), 414);
    // A raw NUL byte in the request line.
    let (code, _, _) = exchange(&addr, b"GET /\0/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(code, 400);

    let (code, _, body) = get(&addr, "/");
    assert_eq!(code, 200, "still serving: {body}");
}

/// The headers every response must carry; `form_action` is the expected directive.
fn assert_portal_headers(what: &str, head: &str, form_action: &str) {
    let header = |name: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("{what}: no {name} header in\n{head}"))
            .to_string()
    };
    assert_eq!(header("X-Content-Type-Options"), "nosniff", "{what}");
    assert_eq!(
        header("Referrer-Policy"),
        "strict-origin-when-cross-origin",
        "{what}"
    );
    let csp = header("Content-Security-Policy");
    let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
    for want in [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'self'",
        form_action,
    ] {
        assert!(directives.contains(&want), "{what}: no `{want}` in {csp}");
    }
}

#[test]
fn serve_sends_the_portal_security_headers() {
    let (_dir, content, output) = content_and_output();
    edit(
        &content,
        "site.yaml",
        "categories:",
        "feedback:\n  action: https://portal.example.gov.cn/feedback\ncategories:",
    );
    let server = start(&content, &output);
    let feedback = "form-action 'self' https://portal.example.gov.cn";
    for target in [
        "/zmsx/",
        "/zmsx/items/kinship",
        "/zmsx/no-such-page/",
        "/zmsx/sitemap.xml",
        "/zmsx/__qingdan/live.js",
        "/zmsx/__qingdan/status",
        "/zmsx/../secret",
        "/elsewhere/",
    ] {
        let (_, head, _) = get(&server.addr, target);
        assert_portal_headers(target, &head, feedback);
    }
    let big = format!("GET /zmsx/ HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(9000));
    let (code, head, _) = exchange(&server.addr, big.as_bytes());
    assert_eq!(code, 431);
    assert_portal_headers("a refused request", &head, feedback);

    // Without feedback.action, forms may post to the site only.
    edit(
        &content,
        "site.yaml",
        "feedback:\n  action: https://portal.example.gov.cn/feedback\n",
        "",
    );
    wait_for("the rebuild", || status(&server.addr)["generation"] == 2);
    let (_, head, _) = get(&server.addr, "/zmsx/");
    assert_portal_headers("no feedback", &head, "form-action 'self'");
}

#[test]
fn oversized_and_slow_request_heads_are_refused() {
    let (_dir, content, output) = content_and_output();
    let mut command = serve_command("/zmsx/", &content, &output);
    // A short header deadline, so the slow client is dropped without a long wait.
    command.env("QINGDAN_SERVE_HEADER_DEADLINE_MS", "1000");
    let server = launch(command, "/zmsx/");
    let addr = server.addr.clone();

    let head = |lines: &str| format!("GET /zmsx/ HTTP/1.1\r\nHost: x\r\n{lines}\r\n");
    let eight_kib = format!("X-Big: {}\r\n", "a".repeat(8 * 1024));
    let four_kib = format!("X-Big: {}\r\n", "a".repeat(4 * 1024));
    for (what, request, want) in [
        ("one 8 KiB header", head(&eight_kib), 431),
        ("40 KiB of headers", head(&four_kib.repeat(10)), 431),
        ("150 headers", head(&"X-N: 1\r\n".repeat(150)), 431),
        (
            "a 10 KiB request line",
            format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(10 * 1024)),
            414,
        ),
        ("90 small headers", head(&"X-N: 1\r\n".repeat(90)), 200),
    ] {
        let (code, _, _) = exchange(&addr, request.as_bytes());
        assert_eq!(code, want, "{what}");
    }

    // A client that keeps sending, a byte at a time, but never ends its headers: closed
    // after the deadline with 408, however long it goes on.
    let mut stream = TcpStream::connect(&addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
        .write_all(b"GET /zmsx/ HTTP/1.1\r\nX-Slow: ")
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    let trickle = std::thread::spawn(move || {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(40) {
            if writer.write_all(b"a").is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .expect("the server answers and closes the slow connection");
    let (code, _, _) = parse_response(&raw);
    assert_eq!(code, 408);
    drop(stream);
    trickle.join().unwrap();
    let (code, _, _) = get(&addr, "/zmsx/");
    assert_eq!(code, 200);
}

#[test]
fn serve_keeps_answering_while_many_connections_hang() {
    // 200 connections that trickle a header forever, on a server that may open 256 files:
    // once they used up its descriptors, the accept loop spun and real requests went
    // unanswered.
    let (_dir, content, output) = content_and_output();
    let command = serve_command("/zmsx/", &content, &output);
    let mut server = launch(with_file_limit(&command, 256), "/zmsx/");
    let addr = server.addr.clone();

    let mut hanging = Vec::new();
    for _ in 0..200 {
        let mut stream = TcpStream::connect(&addr).unwrap();
        let _ = stream.write_all(b"GET /zmsx/ HTTP/1.1\r\nX-Slow: ");
        hanging.push(stream);
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let trickle = {
        let stop = stop.clone();
        let mut writers: Vec<TcpStream> = hanging.iter().map(|s| s.try_clone().unwrap()).collect();
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                // Errors are connections the server closed: that is allowed.
                for w in &mut writers {
                    let _ = w.write_all(b"a");
                }
                std::thread::sleep(Duration::from_millis(500));
            }
        })
    };

    for _ in 0..3 {
        let (code, _, body) = get(&addr, "/zmsx/");
        assert_eq!(code, 200);
        assert!(body.contains("测试区证明事项"));
    }
    assert_eq!(status(&addr)["generation"], 1);

    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    trickle.join().unwrap();
    drop(hanging);
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "serve is still running"
    );
}

/// The answer to a held status question, as JSON and as sent.
pub(crate) fn answer_of(mut held: TcpStream) -> (serde_json::Value, String) {
    held.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut raw = Vec::new();
    held.read_to_end(&mut raw)
        .expect("the held question is answered");
    let (code, _, body) = parse_response(&raw);
    assert_eq!(code, 200);
    let answered = serde_json::from_str(&body).expect("status is JSON");
    (answered, body)
}

/// One status question, sent on a connection of its own and held until answered.
pub(crate) fn ask_held(addr: &str, query: &str) -> TcpStream {
    let mut held = TcpStream::connect(addr).expect("connect");
    let ask = format!(
        "GET /zmsx/__qingdan/status?{query} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    held.write_all(ask.as_bytes()).unwrap();
    held
}
