//! HTTP/1.1 as far as the preview needs it: one request per connection, its head read under
//! a deadline and size limits, and whole responses carrying the portal's security headers.
//!
//! The limits keep a client that sends its head slowly, or endlessly, from holding a
//! connection (and its thread and descriptor) for long: the whole head must arrive within the
//! deadline, its request line within `MAX_LINE` bytes, and at most `MAX_HEADERS` header lines
//! within `MAX_HEAD` bytes. Nothing in the headers changes the answer, so they are only
//! counted, never parsed.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// The longest request line or header line (414 or 431 beyond it).
pub const MAX_LINE: usize = 8 * 1024;
/// The longest request head, all lines together (431 beyond it).
pub const MAX_HEAD: usize = 32 * 1024;
/// The most header lines (431 beyond it).
pub const MAX_HEADERS: usize = 100;
/// How long a client may take to read a response before it is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// After answering, what the client still sends is read and thrown away, this long at most
/// and up to `DRAIN_BYTES`: closing with unread data would reset the connection and could
/// destroy the answer (a 431, say) before the client reads it.
const DRAIN_TIME: Duration = Duration::from_secs(1);
const DRAIN_BYTES: usize = 64 * 1024;

/// The part of a request the preview looks at.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// As sent: path and query.
    pub target: String,
}

/// Why a request gets no ordinary answer.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Answer with this status and message (Chinese, English: the server's language picks).
    Answer(u16, [&'static str; 2]),
    /// The client went away (or was closed to make room): nothing to answer.
    Gone,
}

/// A request head being read: where the current line starts and how many lines it has.
#[derive(Default)]
struct Head {
    bytes: Vec<u8>,
    line_start: usize,
    lines: usize,
}

impl Head {
    /// Take more bytes; `Ok(true)` once the blank line that ends the head has arrived.
    fn feed(&mut self, new: &[u8]) -> Result<bool, Refusal> {
        for &b in new {
            self.bytes.push(b);
            if b == b'\n' {
                let line = &self.bytes[self.line_start..self.bytes.len() - 1];
                let blank = line.is_empty() || line == b"\r";
                self.line_start = self.bytes.len();
                match (blank, self.lines) {
                    // Blank lines before the request line are allowed (RFC 9112, 2.2).
                    (true, 0) => {}
                    (true, _) => return Ok(true),
                    (false, n) if n > MAX_HEADERS => {
                        return Err(Refusal::Answer(
                            431,
                            ["请求头的行数太多", "too many header lines"],
                        ))
                    }
                    (false, _) => self.lines += 1,
                }
            } else if self.bytes.len() - self.line_start > MAX_LINE {
                return Err(match self.lines {
                    0 => Refusal::Answer(414, ["请求行太长", "the request line is too long"]),
                    _ => Refusal::Answer(431, ["请求头中有一行太长", "a header line is too long"]),
                });
            }
            if self.bytes.len() > MAX_HEAD {
                return Err(Refusal::Answer(
                    431,
                    ["请求头太大", "the request head is too large"],
                ));
            }
        }
        Ok(false)
    }

    /// The method and target of a complete head.
    fn request(&self) -> Result<Request, Refusal> {
        const BAD: Refusal = Refusal::Answer(400, ["请求行格式不对", "malformed request line"]);
        let text = self
            .bytes
            .split(|&b| b == b'\n')
            .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
            .find(|l| !l.is_empty())
            .ok_or(BAD)?;
        let parts: Vec<&[u8]> = text.split(|&b| b == b' ').collect();
        let [method, target, version] = parts[..] else {
            return Err(BAD);
        };
        // Only visible ASCII in a target: raw NUL, control or non-ASCII bytes are refused
        // here, before any decoding.
        let visible = |s: &[u8]| !s.is_empty() && s.iter().all(|b| (0x21..0x7f).contains(b));
        if !visible(method) || !visible(target) || !version.starts_with(b"HTTP/1.") {
            return Err(BAD);
        }
        Ok(Request {
            method: String::from_utf8_lossy(method).into_owned(),
            target: String::from_utf8_lossy(target).into_owned(),
        })
    }
}

/// Read a request head, all of it within `deadline`.
pub fn read_request(stream: &TcpStream, deadline: Duration) -> Result<Request, Refusal> {
    let until = Instant::now() + deadline;
    let mut head = Head::default();
    let mut buf = [0u8; 4096];
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Refusal::Answer(
                408,
                ["请求到达得太慢", "the request took too long to arrive"],
            ));
        }
        stream
            .set_read_timeout(Some(left))
            .map_err(|_| Refusal::Gone)?;
        match (&*stream).read(&mut buf) {
            Ok(0) => return Err(Refusal::Gone),
            Ok(n) => {
                if head.feed(&buf[..n])? {
                    return head.request();
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) => {}
            Err(_) => return Err(Refusal::Gone),
        }
    }
}

/// A whole response, before the headers every response carries.
pub struct Response {
    pub code: u16,
    /// A `Location` header (already encoded by `resolve`).
    pub location: Option<String>,
    pub mime: &'static str,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(code: u16, mime: &'static str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            code,
            location: None,
            mime,
            body: body.into(),
        }
    }

    pub fn text(code: u16, body: impl Into<String>) -> Response {
        Response::new(code, "text/plain; charset=utf-8", body.into())
    }
}

/// The Content-Security-Policy of every response: the one the README recommends for the
/// portal, so a theme change that needs inline script or style, or a form that posts
/// elsewhere, shows its violation in the preview rather than after publishing.
/// `feedback_origin` is the host the feedback form posts to (`form-action` must allow it).
pub fn csp(feedback_origin: Option<&str>) -> String {
    let mut form_action = "'self'".to_string();
    if let Some(origin) = feedback_origin {
        form_action = format!("{form_action} {origin}");
    }
    format!(
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
         form-action {form_action}; frame-ancestors 'self'"
    )
}

/// `scheme://host[:port]` of a feedback form's `action`, the way a CSP source names it; `None`
/// for a same-site path (covered by `'self'`) or anything that is not a plain web address,
/// which is never copied into a header.
pub fn origin_of(action: &str) -> Option<String> {
    let (scheme, rest) = action.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let plain = |c: char| c.is_ascii_alphanumeric() || ".-:[]".contains(c);
    (!host.is_empty() && host.chars().all(plain))
        .then(|| format!("{scheme}://{}", host.to_ascii_lowercase()))
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        _ => "Service Unavailable",
    }
}

/// Write a whole response (only its head for HEAD), then close the connection gently.
pub fn send(stream: &TcpStream, response: &Response, csp: &str, head_only: bool) {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let Response {
        code,
        location,
        mime,
        body,
    } = response;
    let location = location
        .as_deref()
        .map(|to| format!("Location: {to}\r\n"))
        .unwrap_or_default();
    // nosniff: a file is only ever what its Content-Type says. Referrer-Policy: what the
    // portal would send (and browsers default to): the full address to its own pages, only
    // the origin to another host such as the feedback or 找错 service, nothing over http.
    let head = format!(
        "HTTP/1.1 {code} {}\r\n{location}Content-Type: {mime}\r\nContent-Length: {}\r\n\
         Content-Security-Policy: {csp}\r\nX-Content-Type-Options: nosniff\r\n\
         Referrer-Policy: strict-origin-when-cross-origin\r\nCache-Control: no-store\r\n\
         Connection: close\r\n\r\n",
        reason(*code),
        body.len()
    );
    // Head and body in one write, sent at once: written in two, the second waited for the
    // browser's delayed acknowledgement of the first (Nagle's algorithm), 40 ms a response.
    let _ = stream.set_nodelay(true);
    let mut whole = head.into_bytes();
    if !head_only {
        whole.extend_from_slice(body);
    }
    let mut out = stream;
    let written = out.write_all(&whole).and_then(|()| out.flush());
    if written.is_ok() {
        linger(stream);
    }
}

/// Say we are done, and read what the client still sends until it closes (bounded).
fn linger(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + DRAIN_TIME;
    let mut buf = [0u8; 4096];
    let mut drained = 0;
    while drained < DRAIN_BYTES {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match (&*stream).read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => drained += n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(bytes: &[u8]) -> Result<Option<Request>, Refusal> {
        let mut h = Head::default();
        match h.feed(bytes)? {
            true => h.request().map(Some),
            false => Ok(None),
        }
    }

    #[test]
    fn a_request_head_is_read_byte_by_byte_or_at_once() {
        let raw = b"\r\nGET /zmsx/?a=1 HTTP/1.1\r\nHost: x\r\n\r\nbody";
        let want = Request {
            method: "GET".into(),
            target: "/zmsx/?a=1".into(),
        };
        assert_eq!(head(raw).unwrap(), Some(want));
        let mut h = Head::default();
        let done: Vec<bool> = raw.iter().map(|b| h.feed(&[*b]).unwrap()).collect();
        assert_eq!(done.iter().position(|d| *d), Some(raw.len() - 5));
        assert_eq!(
            head(b"GET / HTTP/1.1\nHost: x\n\n")
                .unwrap()
                .unwrap()
                .target,
            "/"
        );
        assert_eq!(head(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap(), None);
    }

    #[test]
    fn oversized_heads_are_refused_with_the_right_status() {
        let code = |r: Result<Option<Request>, Refusal>| match r {
            Err(Refusal::Answer(code, _)) => code,
            other => panic!("{other:?}"),
        };
        let long_target = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_LINE));
        assert_eq!(code(head(long_target.as_bytes())), 414);
        let long_header = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_LINE));
        assert_eq!(code(head(long_header.as_bytes())), 431);
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X: y\r\n".repeat(MAX_HEADERS + 1)
        );
        assert_eq!(code(head(many.as_bytes())), 431);
        let enough = format!("GET / HTTP/1.1\r\n{}\r\n", "X: y\r\n".repeat(MAX_HEADERS));
        assert!(head(enough.as_bytes()).unwrap().is_some());
        let line = format!("X: {}\r\n", "a".repeat(4000));
        let big = format!("GET / HTTP/1.1\r\n{}\r\n", line.repeat(9));
        assert_eq!(code(head(big.as_bytes())), 431);
        // A head without its end is refused as soon as it passes the limit.
        assert_eq!(code(head(&vec![b'a'; MAX_HEAD + 10])), 414);
    }

    #[test]
    fn malformed_request_lines_are_bad_requests() {
        for raw in [
            &b"GET\r\n\r\n"[..],
            b"GET /a b HTTP/1.1\r\n\r\n",
            b"GET /\0 HTTP/1.1\r\n\r\n",
            b"GET /\xe4\xba\x8b HTTP/1.1\r\n\r\n",
            b"GET / SMTP\r\n\r\n",
            b"GET  / HTTP/1.1\r\n\r\n",
        ] {
            assert_eq!(
                head(raw),
                Err(Refusal::Answer(
                    400,
                    ["请求行格式不对", "malformed request line"]
                )),
                "{}",
                String::from_utf8_lossy(raw)
            );
        }
    }

    #[test]
    fn the_csp_allows_forms_to_the_feedback_host_only() {
        assert_eq!(
            csp(None),
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'self'"
        );
        assert!(csp(Some("https://portal.example.gov.cn"))
            .contains("form-action 'self' https://portal.example.gov.cn;"));
        for (action, origin) in [
            (
                "https://Portal.Example.gov.cn/feedback?x=1",
                Some("https://portal.example.gov.cn"),
            ),
            ("http://127.0.0.1:8080/f", Some("http://127.0.0.1:8080")),
            ("https://user@host.cn/f", Some("https://host.cn")),
            ("https://[::1]:8443/f", Some("https://[::1]:8443")),
            ("/feedback", None),
            ("javascript://x", None),
            ("https://a.cn;script-src *", None),
            ("https://a.cn\r\nX: y/", None),
            ("https://政府.cn/f", None),
            ("https:///f", None),
        ] {
            assert_eq!(origin_of(action).as_deref(), origin, "{action}");
        }
    }
}
