//! The little HTTP/1.1 that `framesmith serve` speaks: one request per connection, read
//! with limits (a header block of 16 KB, a body of 64 KB, ten seconds), answered and
//! closed. Enough for the builder page's files and the demo CRM's API on this machine.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

const MAX_HEAD: usize = 16 * 1024;
const MAX_BODY: usize = 64 * 1024;

/// A request as read.
#[derive(Debug, Default, Clone)]
pub struct Request {
    pub method: String,
    /// The path, percent-encoded as sent, without the query.
    pub path: String,
    /// The query's pairs, decoded (`+` is a space, as forms send it).
    pub query: Vec<(String, String)>,
    /// Names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// An answer to write.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Written after this long (the demo CRM's latency switch).
    pub delay: Duration,
}

impl Response {
    pub fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            content_type,
            headers: Vec::new(),
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn json(status: u16, value: &serde_json::Value) -> Response {
        Response::new(status, "application/json", value.to_string())
    }

    pub fn with(mut self, name: &str, value: impl Into<String>) -> Response {
        self.headers.push((name.to_string(), value.into()));
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// `%XX` and, where `plus`, `+` as a space; None for a broken escape or text that is not
/// UTF-8.
pub fn percent_decode(s: &str, plus: bool) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' if plus => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// `a=1&b=two` as pairs; a pair that does not decode is left out.
pub fn form(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .filter_map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Some((percent_decode(k, true)?, percent_decode(v, true)?))
        })
        .collect()
}

/// `s` percent-encoded for a query value.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Read one request, or None (with an answer already written, where one is due) when the
/// client sent something this server will not read.
pub fn read(stream: &mut TcpStream) -> Option<Request> {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    // The request line and headers are read through a window of MAX_HEAD bytes: a line
    // that never ends cannot grow past it.
    let mut head = (&mut reader).take(MAX_HEAD as u64);
    let too_large = |stream: &mut TcpStream| {
        write(
            stream,
            Response::new(413, "text/plain", "headers too large\n"),
        );
        None
    };
    let mut line = String::new();
    head.read_line(&mut line).ok()?;
    if !line.ends_with('\n') {
        return if line.is_empty() {
            None
        } else {
            too_large(stream)
        };
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if head.read_line(&mut h).ok()? == 0 {
            return too_large(stream);
        }
        if !h.ends_with('\n') {
            return too_large(stream);
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let length = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    if length > MAX_BODY {
        write(stream, Response::new(413, "text/plain", "body too large\n"));
        return None;
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    Some(Request {
        method,
        path: path.split('#').next().unwrap_or("").to_string(),
        query: form(query.split('#').next().unwrap_or("")),
        headers,
        body,
    })
}

/// Write `r` (its body left out for HEAD, as `head` says) and close.
pub fn write_response(stream: &mut TcpStream, r: Response, head: bool) {
    if !r.delay.is_zero() {
        std::thread::sleep(r.delay);
    }
    let mut text = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        r.status,
        reason(r.status),
        r.content_type,
        r.body.len()
    );
    for (k, v) in &r.headers {
        // Header values come from this server; a line break would split the answer.
        if !k.contains(['\r', '\n']) && !v.contains(['\r', '\n']) {
            text.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    text.push_str("\r\n");
    let _ = stream.write_all(text.as_bytes());
    if !head {
        let _ = stream.write_all(&r.body);
    }
    let _ = stream.flush();
}

pub fn write(stream: &mut TcpStream, r: Response) {
    write_response(stream, r, false);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `read` makes of `sent` from a client on this machine, and what it answered.
    fn exchange(sent: Vec<u8>) -> (Option<Request>, String) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let client = std::thread::spawn(move || {
            let mut c = TcpStream::connect(addr).unwrap();
            // The server may answer and close before all is sent: that is the point.
            let _ = c.write_all(&sent);
            let _ = c.shutdown(std::net::Shutdown::Write);
            let mut answer = String::new();
            let _ = c.read_to_string(&mut answer);
            answer
        });
        let (mut stream, _) = listener.accept().unwrap();
        let req = read(&mut stream);
        drop(stream);
        (req, client.join().unwrap())
    }

    #[test]
    fn requests_are_read_within_their_limits() {
        let (req, _) = exchange(
            b"POST /demo-crm/switches?a=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n{}\n\n"
                .to_vec(),
        );
        let req = req.unwrap();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("POST", "/demo-crm/switches")
        );
        assert_eq!(req.param("a"), Some("1"));
        assert_eq!(req.header("host"), Some("x"));
        assert_eq!(req.body, b"{}\n\n");
        // A line that never ends, headers without end, a body over the limit: refused, and
        // read no further than the limits.
        let endless = [b"GET /".to_vec(), vec![b'a'; 200_000]].concat();
        let (req, answer) = exchange(endless);
        assert!(req.is_none());
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        let headers = [b"GET / HTTP/1.1\r\n".to_vec(), b"X: y\r\n".repeat(5000)].concat();
        let (req, answer) = exchange(headers);
        assert!(req.is_none());
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        let (req, answer) =
            exchange(b"POST / HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n".to_vec());
        assert!(req.is_none());
        assert!(answer.contains("body too large"), "{answer}");
    }

    #[test]
    fn forms_and_queries_decode_as_browsers_encode() {
        assert_eq!(
            form("phone=%2B353+1+555+0100&x=&bad=%zz&y"),
            [
                ("phone".to_string(), "+353 1 555 0100".to_string()),
                ("x".to_string(), String::new()),
                ("y".to_string(), String::new())
            ]
        );
        assert_eq!(encode("+353 1/é"), "%2B353%201%2F%C3%A9");
        assert_eq!(percent_decode("a%00b", false).as_deref(), Some("a\0b"));
    }
}
