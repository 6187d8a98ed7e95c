//! `framesmith serve`: a small static file server for the builder page (`www/`), and the
//! demo CRM under `/demo-crm/`. Files are served with GET and HEAD only, never outside
//! their folder, with the MIME types browsers insist on for ES modules and wasm; it binds
//! to 127.0.0.1 unless told otherwise.

use crate::io::*;
use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

pub mod demo_crm;
pub mod http;
#[cfg(not(target_arch = "wasm32"))]
mod wire;

use demo_crm::DemoCrm;
use http::{Request, Response};

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

/// `path` as it really is on disk, when that is inside `root`: a symbolic link in the
/// folder may not lead out of it (a link to /etc would serve /etc/passwd).
fn inside(root: &Path, path: &Path) -> Option<PathBuf> {
    let real = path.canonicalize().ok()?;
    real.starts_with(root.canonicalize().ok()?).then_some(real)
}

/// The answer to one request: the demo CRM's under its prefix, else a file of `root`.
fn handle(req: &Request, root: &Path, crm: &DemoCrm) -> Response {
    if req.path == demo_crm::PREFIX || req.path.starts_with("/demo-crm/") {
        return crm.handle(req);
    }
    if req.method != "GET" && req.method != "HEAD" {
        return Response::new(405, "text/plain", "GET or HEAD only\n");
    }
    match resolve(root, &req.path)
        .and_then(|p| inside(root, &p))
        .and_then(|p| std::fs::read(&p).ok().map(|b| (p, b)))
    {
        // The builder keeps its window to itself; the simulator's pages do not: the
        // direct route's sign-in popup reports back to the softphone that opened it.
        Some((path, body)) if req.path.starts_with("/simulator/") => {
            Response::new(200, mime(&path), body)
        }
        Some((path, body)) => {
            Response::new(200, mime(&path), body).with("Cross-Origin-Opener-Policy", "same-origin")
        }
        None => Response::new(404, "text/plain", "not found\n"),
    }
}

/// Serve `root` on `addr` until the process is stopped.
#[cfg(not(target_arch = "wasm32"))]
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
    let crm = DemoCrm::default();
    let root = root.to_path_buf();
    wire::serve(
        listener,
        Arc::new(move |req: &Request| handle(req, &root, &crm)),
    )
}

/// The wasm32 build of the command (compiled for the bindings' tests) serves nothing.
#[cfg(target_arch = "wasm32")]
pub fn run(_: &Path, _: SocketAddr) -> std::io::Result<()> {
    Err(std::io::Error::other("serve needs a native build"))
}

/// The command as `main` runs it.
pub(crate) fn command(dir: &Path, addr: std::net::SocketAddr) -> Result<u8, CliError> {
    let fail = |reason: String| CliError::Serve {
        dir: dir.to_path_buf(),
        reason,
    };
    if !dir.join("index.html").is_file() {
        return Err(fail(
            "no index.html there: run from the repository root or pass --dir".into(),
        ));
    }
    if !dir.join("pkg/framesmith_bg.wasm").is_file() {
        errln!(
            "warning: {}/pkg/ has no builder module yet: run `make serve` to build it",
            dir.display()
        );
    }
    run(dir, addr).map_err(|e| fail(format!("{addr}: {e}")))?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_never_leads_out_of_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("www");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(root.join("index.html"), "hello").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        std::os::unix::fs::symlink("/etc", root.join("etc-link")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("s.txt")).unwrap();
        std::os::unix::fs::symlink(root.join("index.html"), root.join("home.html")).unwrap();
        let crm = DemoCrm::default();
        let get = |path: &str| {
            let req = Request {
                method: "GET".into(),
                path: path.into(),
                ..Request::default()
            };
            handle(&req, &root, &crm)
        };
        assert_eq!(get("/etc-link/passwd").status, 404);
        assert_eq!(get("/s.txt").status, 404);
        // A link that stays inside is served.
        let home = get("/home.html");
        assert_eq!((home.status, home.body.as_slice()), (200, &b"hello"[..]));
        assert_eq!(get("/").status, 200);
    }

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
