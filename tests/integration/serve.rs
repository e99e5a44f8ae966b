//! `qingdan serve` as staff meet it: a real server on a free port, a file edited while it
//! runs, a broken edit, attempts to leave the site folder, and Ctrl-C.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::*;

/// How long a rebuild may take before the test gives up: a liveness bound for a slow CI
/// machine, not a speed assertion.
const PATIENCE: Duration = Duration::from_secs(120);

struct Server {
    child: Child,
    addr: String,
    stderr: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(content: &std::path::Path, output: &std::path::Path) -> Server {
    start_in(std::path::Path::new("."), content, output)
}

/// Start `qingdan serve` in the folder `cwd` (content and output may be relative to it).
fn start_in(cwd: &std::path::Path, content: &std::path::Path, output: &std::path::Path) -> Server {
    let mut child = qingdan()
        .args(["serve", "--port", "0", "--base-path", "/zmsx/", "--content"])
        .arg(content)
        .arg("--output")
        .arg(output)
        .current_dir(cwd)
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
    assert!(line.contains("/zmsx/"), "{line}");
    Server {
        child,
        addr,
        stderr: err_rx,
    }
}

/// Send a raw request (the target exactly as given, as an attacker would) and return the
/// status code, the headers and the body.
fn get(addr: &str, target: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").expect("a complete response");
    let code = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("a status line");
    (code, head.to_string(), body.to_string())
}

fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ok() {
        assert!(started.elapsed() < PATIENCE, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn status(addr: &str) -> serde_json::Value {
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

    // An edit is picked up, rebuilt and served.
    edit(
        &content,
        "certificates/2023-02-21.yaml",
        "en: Proof of residence }",
        "en: Proof of where you live }",
    );
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

fn stop(mut server: Server) {
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
    assert!(log.iter().any(|l| l == "stopped"), "{}", log.join("\n"));
    assert!(
        log.iter()
            .any(|l| l.contains("change detected; rebuilding")),
        "{}",
        log.join("\n")
    );
}

#[test]
fn serve_starts_on_broken_content_and_shows_the_problems() {
    let dir = copy_fixture("minimal");
    edit(
        dir.path(),
        "site.yaml",
        "publisher:",
        "publisher_name: x\npublisher:",
    );
    let output = dir.path().join("out");
    let server = start(dir.path(), &output);
    let (code, _, body) = get(&server.addr, "/zmsx/");
    assert_eq!(code, 503);
    assert!(body.contains("site.yaml"), "{body}");
    assert!(body.contains("publisher_name"), "{body}");
    assert!(body.contains("__qingdan/live.js"));
    assert!(!output.exists(), "nothing was built");
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
