//! HTTP/1.1 on the wire, by hyper: what `framesmith serve` and the demo CRM answer through.
//! hyper parses requests (smuggling, chunked bodies, conflicting lengths are its concern);
//! this module holds them to the limits the server has always kept, one request per
//! connection: a header block of 16 KB (hyper answers 431 past it), a body of 64 KB (413),
//! ten seconds for the head and the body. It turns hyper's request into the plain
//! `http::Request` the handlers read, and their `http::Response` into hyper's.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};

use super::http::{Request, Response, form};

/// The header block's limit. hyper's read buffer is this size, so a line or a block of
/// headers that does not end within it is refused without being read further.
const MAX_HEAD: usize = 16 * 1024;
const MAX_BODY: usize = 64 * 1024;
/// For the request head, then again for the body.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// What answers a request.
pub type Handler = dyn Fn(&Request) -> Response + Send + Sync;

/// Serve `handler` on `listener` until the process is stopped, each connection on a task of
/// one thread's runtime (the server is for one admin's browser on this machine).
pub fn serve(listener: std::net::TcpListener, handler: Arc<Handler>) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        loop {
            let Ok((stream, peer)) = listener.accept().await else {
                continue;
            };
            let handler = Arc::clone(&handler);
            tokio::spawn(connection(stream, peer, handler));
        }
    })
}

/// One connection: one request read within the limits, one answer, then closed.
async fn connection(stream: tokio::net::TcpStream, _peer: SocketAddr, handler: Arc<Handler>) {
    let service = service_fn(move |req: hyper::Request<Incoming>| {
        let handler = Arc::clone(&handler);
        async move { Ok::<_, Infallible>(answer(req, &*handler).await) }
    });
    let _ = http1::Builder::new()
        .keep_alive(false)
        // A client that sends its request and then shuts its side still gets the answer.
        .half_close(true)
        .max_buf_size(MAX_HEAD)
        .header_read_timeout(READ_TIMEOUT)
        .timer(TokioTimer::new())
        .title_case_headers(true)
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

async fn answer(req: hyper::Request<Incoming>, handler: &Handler) -> hyper::Response<Full<Bytes>> {
    let head = req.method() == hyper::Method::HEAD;
    let declared = req
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return response(Response::new(413, "text/plain", "body too large\n"), head);
    }
    let (parts, body) = req.into_parts();
    let body = match tokio::time::timeout(READ_TIMEOUT, Limited::new(body, MAX_BODY).collect())
        .await
    {
        Ok(Ok(collected)) => collected.to_bytes().to_vec(),
        // A chunked body past the limit, one cut short, or one that never came.
        Ok(Err(_)) => return response(Response::new(413, "text/plain", "body too large\n"), head),
        Err(_) => return response(Response::new(408, "text/plain", "request timeout\n"), head),
    };
    let request = Request {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        query: form(parts.uri.query().unwrap_or("")),
        headers: parts
            .headers
            .iter()
            .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
            .collect(),
        body,
    };
    let r = handler(&request);
    if !r.delay.is_zero() {
        tokio::time::sleep(r.delay).await;
    }
    response(r, head)
}

/// hyper's response for `r`: its own headers, then the handler's (one that is not a valid
/// header is left out: a line break in a value would split the answer), the body left out
/// for HEAD but its length kept.
fn response(r: Response, head: bool) -> hyper::Response<Full<Bytes>> {
    let length = r.body.len();
    let body = if head {
        Bytes::new()
    } else {
        Bytes::from(r.body)
    };
    let mut out = hyper::Response::new(Full::new(body));
    *out.status_mut() =
        hyper::StatusCode::from_u16(r.status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let h = out.headers_mut();
    h.insert(
        hyper::header::CONTENT_TYPE,
        HeaderValue::from_static(r.content_type),
    );
    h.insert(hyper::header::CONTENT_LENGTH, HeaderValue::from(length));
    h.insert(
        hyper::header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    );
    h.insert(
        hyper::header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    for (k, v) in &r.headers {
        if let (Ok(k), Ok(v)) = (
            HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(v),
        ) {
            h.append(k, v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::sync::Mutex;

    use super::*;

    /// What the handler was given for `sent` from a client on this machine, and what the
    /// client read back. The server runs on a thread of its own and ends with the test.
    fn exchange(sent: Vec<u8>) -> (Option<Request>, String) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen: Arc<Mutex<Option<Request>>> = Arc::default();
        let record = Arc::clone(&seen);
        let handler: Arc<Handler> = Arc::new(move |r: &Request| {
            *record.lock().unwrap() = Some(r.clone());
            Response::new(200, "text/plain", "ok\n").with("X-Bad", "a\r\nInjected: yes")
        });
        std::thread::spawn(move || serve(listener, handler));
        let mut c = TcpStream::connect(addr).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        // The server may answer and close before all is sent: that is the point.
        let _ = c.write_all(&sent);
        let _ = c.shutdown(std::net::Shutdown::Write);
        let mut answer = Vec::new();
        let _ = c.read_to_end(&mut answer);
        let seen = seen.lock().unwrap().take();
        (seen, String::from_utf8_lossy(&answer).into_owned())
    }

    #[test]
    fn requests_are_read_within_their_limits() {
        let (req, answer) = exchange(
            b"POST /demo-crm/switches?a=1&b=%2B353+1 HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n{}\n\n"
                .to_vec(),
        );
        let req = req.unwrap();
        assert_eq!(
            (req.method.as_str(), req.path.as_str()),
            ("POST", "/demo-crm/switches")
        );
        assert_eq!(req.param("a"), Some("1"));
        assert_eq!(req.param("b"), Some("+353 1"));
        assert_eq!(req.header("host"), Some("x"));
        assert_eq!(req.body, b"{}\n\n");
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.contains("Connection: close"), "{answer}");
        assert!(
            answer.contains("X-Content-Type-Options: nosniff"),
            "{answer}"
        );
        assert!(!answer.contains("Injected"), "{answer}");
        // A line that never ends, headers without end: refused, read no further than the
        // limit, and never handed to the handler.
        let endless = [b"GET /".to_vec(), vec![b'a'; 200_000]].concat();
        let (req, answer) = exchange(endless);
        assert!(req.is_none());
        assert!(answer.starts_with("HTTP/1.1 4"), "{answer}");
        let headers = [b"GET / HTTP/1.1\r\n".to_vec(), b"X: y\r\n".repeat(5000)].concat();
        let (req, answer) = exchange(headers);
        assert!(req.is_none());
        assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
        // A body over the limit, declared or chunked.
        let (req, answer) =
            exchange(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n".to_vec());
        assert!(req.is_none());
        assert!(answer.contains("body too large"), "{answer}");
        let chunk = format!("{:x}\r\n{}\r\n", 70_000, "a".repeat(70_000));
        let chunked = format!(
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{chunk}0\r\n\r\n"
        );
        let (req, answer) = exchange(chunked.into_bytes());
        assert!(req.is_none());
        assert!(answer.contains("body too large"), "{answer}");
        // Smuggling: a length and chunked together is refused by hyper, not guessed at.
        let both = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\n\r\n";
        let (req, _) = exchange(both.to_vec());
        assert!(req.as_ref().is_none_or(|r| r.path == "/"), "{req:?}");
    }

    #[test]
    fn head_keeps_the_length_and_leaves_out_the_body() {
        let (_, answer) = exchange(b"HEAD /x HTTP/1.1\r\nHost: x\r\n\r\n".to_vec());
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.contains("Content-Length: 3"), "{answer}");
        assert!(answer.ends_with("\r\n\r\n"), "{answer}");
    }

    #[test]
    fn idle_connections_take_no_thread_and_stop_no_one() {
        // One thread serves every connection (tasks, not threads): 300 clients that connect
        // and say nothing neither exhaust threads nor keep the next request waiting.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let handler: Arc<Handler> =
            Arc::new(|_: &Request| Response::new(200, "text/plain", "ok\n"));
        std::thread::spawn(move || serve(listener, handler));
        let idle: Vec<TcpStream> = (0..300)
            .map(|_| TcpStream::connect(addr).unwrap())
            .collect();
        let mut c = TcpStream::connect(addr).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        c.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut answer = String::new();
        let _ = c.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        drop(idle);
    }
}
