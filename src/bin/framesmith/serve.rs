//! `framesmith serve`: a small static file server for the builder page (`www/`), and the
//! demo CRM under `/demo-crm/`. Files are served with GET and HEAD only, never outside
//! their folder, with the MIME types browsers insist on for ES modules and wasm; it binds
//! to 127.0.0.1 unless told otherwise.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::demo_crm::{self, DemoCrm};
use crate::http::{self, Response};

/// The Content-Type for a file name.
pub fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "toml" => "application/toml; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "ts" => "text/plain; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The file a request path names under `root`, or None when it would leave `root`.
pub fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let mut out = root.to_path_buf();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            // `..`, a drive or a root: refuse rather than normalise.
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    Some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let s = http::percent_decode(s, false)?;
    (!s.contains('\0') && !s.contains('\\')).then_some(s)
}

fn handle(mut stream: TcpStream, root: &Path, crm: &DemoCrm) {
    let Some(req) = http::read(&mut stream) else {
        return;
    };
    let head = req.method == "HEAD";
    if req.path == demo_crm::PREFIX || req.path.starts_with("/demo-crm/") {
        http::write_response(&mut stream, crm.handle(&req), head);
        return;
    }
    let r = if req.method != "GET" && !head {
        Response::new(405, "text/plain", "GET or HEAD only\n")
    } else {
        match resolve(root, &req.path).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b))) {
            // The builder keeps its window to itself; the simulator's pages do not: the
            // direct route's sign-in popup reports back to the softphone that opened it.
            Some((path, body)) if req.path.starts_with("/simulator/") => {
                Response::new(200, mime(&path), body)
            }
            Some((path, body)) => Response::new(200, mime(&path), body)
                .with("Cross-Origin-Opener-Policy", "same-origin"),
            None => Response::new(404, "text/plain", "not found\n"),
        }
    };
    http::write_response(&mut stream, r, head);
}

/// Serve `root` on `addr` until the process is stopped.
pub fn run(root: &Path, addr: SocketAddr) -> std::io::Result<()> {
    let listener = TcpListener::bind(addr)?;
    let local = listener.local_addr()?;
    // Serving goes on whether or not anyone reads this line (println! would panic).
    let mut out = std::io::stdout();
    let _ = writeln!(
        out,
        "framesmith builder: http://{local}/ (serving {}; the demo CRM at http://{local}{}/; Ctrl-C stops)",
        root.display(),
        demo_crm::PREFIX
    )
    .and_then(|()| out.flush());
    let crm = Arc::new(DemoCrm::default());
    for stream in listener.incoming().flatten() {
        let root = root.to_path_buf();
        let crm = Arc::clone(&crm);
        std::thread::spawn(move || handle(stream, &root, &crm));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_root() {
        let root = Path::new("/srv/www");
        assert_eq!(
            resolve(root, "/app.js?v=1"),
            Some(PathBuf::from("/srv/www/app.js"))
        );
        assert_eq!(
            resolve(root, "/pkg/a%20b.wasm"),
            Some(PathBuf::from("/srv/www/pkg/a b.wasm"))
        );
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/../../b",
            "/x%00",
            "/%zz",
            "/a%5c..%5cb",
        ] {
            assert_eq!(resolve(root, bad), None, "{bad}");
        }
    }

    #[test]
    fn modules_and_wasm_get_the_types_browsers_require() {
        assert_eq!(mime(Path::new("a.js")), "text/javascript; charset=utf-8");
        assert_eq!(mime(Path::new("a_bg.wasm")), "application/wasm");
    }
}
