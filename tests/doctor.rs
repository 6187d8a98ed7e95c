//! `framesmith doctor` (issue 25): every page in tests/fixtures/doctor/ checked against the
//! example workspace's "Acme Dynamics" deployment (eu-west-1, crm_origin
//! https://acme.crm4.dynamics.com, popping by the host route). A `<rule>.bad.html` raises
//! its rule and nothing else; a `<rule>.good.html` raises nothing (a rule that fires there
//! is a false positive). A page's first line names where it is served (`<!-- url: ... -->`)
//! and `<name>.headers` holds its response headers. tests/e2e/doctor.spec.mjs holds the
//! same pages to what Chromium does with them.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use framesmith::{Code, Format};

fn fixtures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir("tests/fixtures/doctor")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    v.sort();
    v
}

fn doctor(page: &Path) -> Vec<framesmith::Diagnostic> {
    let text = std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap();
    let ws = framesmith::check_source(&text, Format::Toml)
        .unwrap()
        .workspace;
    let d = ws
        .deployments
        .iter()
        .find(|d| d.name == "Acme Dynamics")
        .unwrap();
    let html = std::fs::read_to_string(page).unwrap();
    let url = html
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("<!-- url: "))
        .and_then(|l| l.strip_suffix(" -->"))
        .map(str::to_string);
    let headers = std::fs::read_to_string(page.with_extension("headers"))
        .map(|h| framesmith::doctor::parse_headers(&h))
        .unwrap_or_default();
    // What `--live` would have seen beyond the page (preflights, the softphone's policy).
    let seen = std::fs::read_to_string(page.with_extension("seen.json"))
        .ok()
        .map(|s| serde_json::from_str(&s).expect("a .seen.json is a doctor::seen::Seen"));
    let page = framesmith::doctor::Page {
        html: &html,
        headers,
        url,
        seen,
    };
    framesmith::doctor::check(&ws, d, &page)
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn bad_pages_raise_their_rule_and_good_ones_stay_quiet() {
    for path in fixtures() {
        let file = name(&path);
        let rule = format!("doctor/{}", file.split('.').next().unwrap());
        let diags = doctor(&path);
        if file.contains(".bad.") {
            assert!(
                !diags.is_empty() && diags.iter().all(|d| d.code.as_str() == rule),
                "{file}: {diags:#?}"
            );
            insta::assert_json_snapshot!(file.clone(), diags);
        } else {
            // An info says what doctor cannot see (a module of the page's own), not a fault.
            assert!(
                diags
                    .iter()
                    .all(|d| d.severity == framesmith::Severity::Info),
                "{file} must stay quiet: {diags:#?}"
            );
        }
    }
}

#[test]
fn every_doctor_code_has_a_bad_and_a_good_page() {
    let names: Vec<String> = fixtures().iter().map(|p| name(p)).collect();
    for code in Code::ALL
        .iter()
        .filter(|c| c.as_str().starts_with("doctor/"))
    {
        let rule = &code.as_str()["doctor/".len()..];
        for kind in ["bad", "good"] {
            assert!(
                names.iter().any(|n| n.starts_with(&format!("{rule}.")) && n.contains(&format!(".{kind}."))),
                "no tests/fixtures/doctor/{rule}.{kind}.html"
            );
        }
    }
}

/// The command: exit 1 on errors with the page's line and column, 0 on a clean page, 2
/// when the page cannot be read or is not given; a URL is fetched only with --live.
#[test]
fn the_command_reports_with_positions_and_exit_codes() {
    let cli = || Command::cargo_bin("framesmith").unwrap();
    cli()
        .args([
            "doctor",
            "tests/fixtures/workspace.toml",
            "--deployment",
            "Acme Dynamics",
        ])
        .args(["--html", "tests/fixtures/doctor/iframe-allow.bad.html"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("error[doctor/iframe-allow]"))
        .stdout(predicates::str::contains("iframe-allow.bad.html:8:"));
    cli()
        .args([
            "doctor",
            "tests/fixtures/workspace.toml",
            "--deployment",
            "Acme Dynamics",
        ])
        .args([
            "--html",
            "tests/fixtures/doctor/host-adapter.good.html",
            "https://acme.crm4.dynamics.com/main.aspx",
        ])
        .assert()
        .code(0)
        // Said once, naming the deployment.
        .stdout(
            "tests/fixtures/doctor/host-adapter.good.html: no problems found for deployment \"Acme Dynamics\"\n",
        );
    cli()
        .args([
            "doctor",
            "tests/fixtures/workspace.toml",
            "https://acme.crm4.dynamics.com/",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("only with --live"));
    cli()
        .args([
            "doctor",
            "tests/fixtures/workspace.toml",
            "--deployment",
            "Nobody",
            "--html",
            "x.html",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no deployment \"Nobody\""));
    // Two deployments and no way to tell which: say so.
    cli()
        .args([
            "doctor",
            "tests/fixtures/workspace.toml",
            "--html",
            "tests/fixtures/doctor/host-adapter.good.html",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--deployment"));
    let json = cli()
        .args([
            "doctor",
            "tests/fixtures/workspace.toml",
            "--deployment",
            "Acme Dynamics",
        ])
        .args([
            "--html",
            "tests/fixtures/doctor/csp-frame.bad.html",
            "--format",
            "sarif",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let log: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "doctor/csp-frame");
}

/// Hostile pages: huge one-line files, unterminated tags and comments, thousands of
/// iframes and policies, cost linear time and never panic.
#[test]
fn hostile_pages_end_in_findings_not_panics() {
    let text = std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap();
    let ws = framesmith::check_source(&text, Format::Toml)
        .unwrap()
        .workspace;
    let d = &ws.deployments[0];
    let n = 50_000;
    for html in [
        "<".repeat(n),
        format!("<iframe src=\"{}", "a".repeat(n)),
        "<iframe allow=x>".repeat(n),
        format!("<!--{}", "-".repeat(n)),
        format!("<script>{}", "<".repeat(n)),
        format!(
            "<meta http-equiv=Content-Security-Policy content=\"{}\">",
            "frame-src a;".repeat(n)
        ),
        "\u{0}\u{feff}<ífráme src=é>".repeat(1000),
    ] {
        let page = framesmith::doctor::Page {
            html: &html,
            headers: vec![("Permissions-Policy".into(), "microphone=(".repeat(1000))],
            url: Some("https://x".into()),
            seen: None,
        };
        let _ = framesmith::doctor::check(&ws, d, &page);
    }
}

/// `--live` on this machine: the page fetched, the direct route's CORS preflight sent from
/// the softphone's origin (OPTIONS, the method and header names, nothing else), and Genesys'
/// client page (a stand-in, FRAMESMITH_DOCTOR_SOFTPHONE_URL) read for its policy.
#[test]
fn live_sends_the_preflight_and_reads_the_softphones_policy() {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let log = seen.clone();
    let page = std::fs::read_to_string("tests/fixtures/doctor/host-adapter.good.html").unwrap();
    // Serves until the test process ends; every answer closes its connection.
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            log.lock().unwrap().push(head.clone());
            let (extra, body) = if head.starts_with("OPTIONS ") {
                (
                    "Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Headers: *\r\n",
                    String::new(),
                )
            } else if head.starts_with("GET /softphone") {
                (
                    "Content-Security-Policy: script-src 'self'\r\n",
                    String::new(),
                )
            } else {
                ("Content-Type: text/html\r\n", page.clone())
            };
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let ws = std::fs::read_to_string("tests/fixtures/workspace.toml")
        .unwrap()
        .replacen(
            "route = \"host\"",
            "route = \"direct\"\nredirect_uri = \"https://acme.crm4.dynamics.com/signin.html\"",
            1,
        )
        .replace(
            "crmBaseEndpoint = \"https://crm.enterprise-client.com\"",
            &format!("crmBaseEndpoint = \"http://127.0.0.1:{port}\""),
        );
    let dir = std::env::temp_dir().join(format!("framesmith-doctor-live-{port}"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("workspace.toml"), ws).unwrap();
    let out = Command::cargo_bin("framesmith")
        .unwrap()
        .env(
            "FRAMESMITH_DOCTOR_SOFTPHONE_URL",
            format!("http://127.0.0.1:{port}/softphone"),
        )
        .args(["doctor", dir.join("workspace.toml").to_str().unwrap()])
        .args([&format!("http://127.0.0.1:{port}/crm"), "--live"])
        .args(["--deployment", "Acme Dynamics", "--format", "json"])
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let diags: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"doctor/cors"), "{diags:#}");
    assert!(codes.contains(&"doctor/runtime-place"), "{diags:#}");
    assert_eq!(out.status.code(), Some(1));
    let heads = seen.lock().unwrap();
    let pre = heads
        .iter()
        .find(|h| h.starts_with("OPTIONS /api/v1/accounts?phone=%2B35315550100"))
        .unwrap_or_else(|| panic!("no preflight among {heads:#?}"));
    let lower = pre.to_ascii_lowercase();
    assert!(
        lower.contains("origin: https://apps.mypurecloud.ie\r\n"),
        "{pre}"
    );
    assert!(
        lower.contains("access-control-request-method: get\r\n"),
        "{pre}"
    );
    assert!(
        lower.contains("access-control-request-headers: authorization\r\n"),
        "{pre}"
    );
    // A preflight carries no credentials of the request itself.
    assert!(!lower.contains("\r\nauthorization:"), "{pre}");
}

/// `--live` names the one place the runtime will run in: the softphone where Genesys' page
/// lets wasm compile, else the CRM page where attach() is given runtime and the page's own
/// policy lets it compile, else nowhere (an error).
#[test]
fn doctor_says_where_the_runtime_runs() {
    let place = |f: &str| {
        doctor(Path::new(&format!("tests/fixtures/doctor/{f}")))
            .into_iter()
            .filter(|d| d.code.as_str() == "doctor/runtime-place")
            .map(|d| (d.severity, d.message))
            .collect::<Vec<_>>()
    };
    let [(sev, msg)] = &place("runtime-place.good.html")[..] else {
        panic!("one finding")
    };
    assert_eq!(*sev, framesmith::Severity::Info);
    assert!(
        msg.starts_with("the runtime runs in the softphone"),
        "{msg}"
    );
    let [(sev, msg)] = &place("runtime-place.page.good.html")[..] else {
        panic!("one finding")
    };
    assert_eq!(*sev, framesmith::Severity::Info);
    assert!(msg.starts_with("the runtime runs in this page"), "{msg}");
    for bad in ["runtime-place.bad.html", "runtime-place.strict.bad.html"] {
        let [(sev, msg)] = &place(bad)[..] else {
            panic!("one finding")
        };
        assert_eq!(*sev, framesmith::Severity::Error, "{bad}");
        assert!(
            msg.ends_with("nothing pops") || msg.contains("nothing pops ("),
            "{msg}"
        );
    }
}
