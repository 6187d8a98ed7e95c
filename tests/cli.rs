//! The `framesmith` command end to end: exit codes, the JSON diagnostic shape, build output
//! and its refusal on errors, import of a hand-edited framework.js, and the schema.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn framesmith() -> Command {
    Command::cargo_bin("framesmith").unwrap()
}

#[test]
fn check_exit_codes() {
    framesmith()
        .args(["check", "tests/fixtures/workspace.toml"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no problems found"));
    framesmith()
        .args(["check", "tests/fixtures/rules/oauth__token-lifetime.toml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[oauth/token-lifetime]"))
        .stdout(predicate::str::contains("oauth__token-lifetime.toml:"))
        .stdout(predicate::str::contains("= help: use 64800"));
    // Warnings alone do not fail a check.
    framesmith()
        .args(["check", "tests/fixtures/rules/oauth__implicit-grant.toml"])
        .assert()
        .code(0);
    framesmith()
        .args(["check", "tests/fixtures/rules/err_toml_syntax.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error[parse/syntax]"));
    framesmith()
        .args(["check", "tests/fixtures/does-not-exist.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
    framesmith()
        .args(["check", "README.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".toml or .json"));
}

#[test]
fn human_output_points_at_the_source_line() {
    let out = framesmith()
        .args(["check", "tests/fixtures/rules/oauth__token-lifetime.toml"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("token_lifetime_seconds = 60"), "{text}");
    assert!(
        text.contains("= at: /deployment/0/oauth/token_lifetime_seconds"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("2 errors, 0 warnings"), "{text}");
}

#[test]
fn json_output_is_one_array_of_diagnostics() {
    let out = framesmith()
        .args([
            "check",
            "tests/fixtures/rules/region__unknown.toml",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diags: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(diags.len(), 3);
    for d in &diags {
        for key in [
            "code", "severity", "path", "message", "hint", "line", "column",
        ] {
            assert!(d.get(key).is_some(), "{key} missing from {d}");
        }
    }
    assert_eq!(diags[0]["code"], "region/unknown");
    assert_eq!(diags[0]["path"], "/org/region");
    assert_eq!(diags[0]["line"], 4);

    let out = framesmith()
        .args([
            "check",
            "tests/fixtures/rules/err_json_syntax.json",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let diags: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(diags[0]["code"], "parse/syntax");
    assert_eq!(
        (diags[0]["line"].as_u64(), diags[0]["column"].as_u64()),
        (Some(4), Some(28))
    );
}

#[test]
fn build_writes_each_deployment_and_matches_the_library() {
    let dir = tempfile::tempdir().unwrap();
    framesmith()
        .args(["build", "tests/fixtures/workspace.toml", "--out"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("acme-dynamics/framework.js"));
    let checked = framesmith::check_source(
        &std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap(),
        framesmith::Format::Toml,
    )
    .unwrap();
    let library = framesmith::build(&checked, framesmith::render::carried::CARRIED).unwrap();
    for (slug, lib) in ["acme-dynamics", "acme-salesforce-pilot"]
        .iter()
        .zip(&library)
    {
        let js = std::fs::read_to_string(dir.path().join(slug).join("framework.js")).unwrap();
        assert!(
            js == lib.framework_js,
            "{slug}/framework.js differs from the library's"
        );
        let host = std::fs::read_to_string(dir.path().join(slug).join("framesmith-host.js")).ok();
        assert_eq!(host, lib.host_js, "{slug}/framesmith-host.js");
        let checklist =
            std::fs::read_to_string(dir.path().join(slug).join("CHECKLIST.md")).unwrap();
        for expected in [
            "Code Authorization (PKCE)",
            "https://apps.mypurecloud.ie/crm/index.html",
            "64800",
            "`quality:readonly`",
        ] {
            assert!(
                checklist.contains(expected),
                "{slug} checklist lacks {expected}"
            );
        }
    }
}

#[test]
fn build_refuses_a_workspace_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    framesmith()
        .args([
            "build",
            "tests/fixtures/rules/deployment__private-limit.toml",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("deployment/private-limit"))
        .stderr(predicate::str::contains("not building"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing may be written"
    );
}

#[test]
fn import_reads_a_hand_edited_framework_js() {
    let out = framesmith()
        .args(["import", "tests/fixtures/import/hand-edited.js"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    for code in [
        "import/unreadable",
        "import/unsupported",
        "import/client-id",
        "import/crm-origin",
        "import/flow",
    ] {
        assert!(stderr.contains(code), "expected {code} in:\n{stderr}");
    }
    assert!(
        stderr.contains("hand-edited.js:30:47"),
        "positions point into the JS file:\n{stderr}"
    );
    let toml = String::from_utf8(out.stdout).unwrap();
    let value: toml::Value = toml::from_str(&toml).unwrap();
    let d = &value["deployment"][0];
    assert_eq!(d["name"].as_str(), Some("Northwind \"Service\" Desk"));
    assert_eq!(d["region"].as_str(), Some("eu-west-1"));
    assert_eq!(
        d["client_id"].as_str(),
        Some("8f14e45f-ceea-4e67-a0d1-2c3b4a5d6e7f")
    );
    assert_eq!(
        d["crm_origin"].as_str(),
        Some("https://northwind.example.com")
    );
    assert_eq!(d["oauth"]["flow"].as_str(), Some("implicit"));
    assert_eq!(d["settings"]["theme"]["text"].as_str(), Some("#123"));
    assert!(d["settings"].get("display").is_none());

    // The imported workspace checks, and framesmith names what the hand-edited file got wrong.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("imported.toml");
    std::fs::write(&path, &toml).unwrap();
    let out = framesmith()
        .arg("check")
        .arg(&path)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let diags: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
    // Genesys' own lower-case "frameworkcontacts" is a note, not an error (issue 24), and it
    // asks for a contact search as the other spelling does.
    assert!(!codes.contains(&"settings/invalid-value"), "{codes:?}");
    for code in [
        "settings/other-spelling",
        "settings/contacts-without-search",
        "settings/call-logs-without-writer",
        "oauth/implicit-grant",
        "schema/missing-key",
    ] {
        assert!(codes.contains(&code), "expected {code} in {codes:?}");
    }
}

#[test]
fn import_without_a_framework_object_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("not-ef.js");
    std::fs::write(&path, "console.log('hello');\n").unwrap();
    framesmith()
        .arg("import")
        .arg(&path)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("import/no-framework"));
}

#[test]
fn schema_describes_the_workspace() {
    let out = framesmith().arg("schema").output().unwrap();
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let deployment = &schema["properties"]["deployment"]["items"];
    assert_eq!(deployment["additionalProperties"], false);
    assert_eq!(
        deployment["properties"]["kind"]["enum"],
        serde_json::json!(["private", "public"])
    );
    // Every key the example workspace uses is in the schema.
    let example: toml::Value =
        toml::from_str(&std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap()).unwrap();
    for d in example["deployment"].as_array().unwrap() {
        for key in d.as_table().unwrap().keys() {
            assert!(
                deployment["properties"].get(key).is_some(),
                "schema lacks deployment.{key}"
            );
        }
    }
}

/// One HTTP/1.1 request to the server; the response's status line, headers and body.
fn http(addr: &str, request: &str) -> (String, Vec<u8>) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let split = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    (
        String::from_utf8_lossy(&out[..split]).into_owned(),
        out[split + 4..].to_vec(),
    )
}

#[test]
fn serve_serves_the_page_with_module_types_and_nothing_outside_it() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html>page").unwrap();
    std::fs::write(dir.path().join("app.js"), "export {}").unwrap();
    std::fs::create_dir(dir.path().join("pkg")).unwrap();
    std::fs::write(dir.path().join("pkg/framesmith_bg.wasm"), b"\0asm").unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_framesmith"))
        .args(["serve", "--port", "0", "--dir"])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap()
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");
    let get = |path: &str| http(&addr, &format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n"));
    let (head, body) = get("/");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("Content-Type: text/html"));
    assert_eq!(body, b"<!doctype html>page");
    assert!(get("/app.js").0.contains("Content-Type: text/javascript"));
    assert!(
        get("/pkg/framesmith_bg.wasm")
            .0
            .contains("Content-Type: application/wasm")
    );
    assert!(get("/../Cargo.toml").0.starts_with("HTTP/1.1 404"));
    assert!(get("/%2e%2e/Cargo.toml").0.starts_with("HTTP/1.1 404"));
    let (head, body) = http(&addr, "POST / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(head.starts_with("HTTP/1.1 405"), "{head}");
    assert!(!body.is_empty());
    child.kill().unwrap();
    let _ = child.wait();
}

#[test]
fn serve_refuses_a_folder_without_the_page() {
    let dir = tempfile::tempdir().unwrap();
    framesmith()
        .args(["serve", "--port", "0", "--dir"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no index.html"));
}

#[test]
fn test_source_shows_requests_and_mapped_records_across_pages() {
    let out = framesmith()
        .args([
            "test-source",
            "tests/fixtures/workspace.toml",
            "--source",
            "lookup_account_by_phone",
            "--input",
            "phone=+353 1 555 0100",
            "--response",
            "tests/fixtures/responses/accounts-page1.json",
            "tests/fixtures/responses/accounts-page2.json",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let requests = v["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0]["url"],
        "https://crm.enterprise-client.com/api/v1/accounts?phone=%2B353%201%20555%200100&fields=id,name,tier,last_contacted"
    );
    assert_eq!(requests[0]["headers"]["Accept"], "application/json");
    assert_eq!(
        requests[1]["url"],
        "https://crm.enterprise-client.com/api/v1/accounts?phone=%2B35315550100&page=2"
    );
    let records = v["records"].as_array().unwrap();
    assert_eq!(records.len(), 3);
    assert_eq!(records[0]["accountId"], "0015g00000AcmE1");
    assert_eq!(records[2]["accountName"], "Acme Health Galway");
}

#[test]
fn test_source_reports_the_crms_error_and_bad_arguments() {
    framesmith()
        .args([
            "test-source",
            "tests/fixtures/workspace.toml",
            "--source",
            "lookup_account_by_phone",
            "--input",
            "phone=1",
            "--status",
            "403",
            "--response",
            "tests/fixtures/responses/invalid-scope.json",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "HTTP 403: invalid_scope: The requested scope crm:admin",
        ));
    framesmith()
        .args([
            "test-source",
            "tests/fixtures/workspace.toml",
            "--source",
            "lookup_acount",
            "--response",
            "tests/fixtures/responses/accounts-page1.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("lookup_account_by_phone"));
    framesmith()
        .args([
            "test-source",
            "tests/fixtures/workspace.toml",
            "--source",
            "lookup_account_by_phone",
            "--response",
            "tests/fixtures/responses/accounts-page1.json",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("{phone}"));
}

#[test]
fn export_writes_data_actions_and_terraform() {
    let dir = tempfile::tempdir().unwrap();
    framesmith()
        .args([
            "export",
            "tests/fixtures/workspace.toml",
            "--format",
            "data-actions",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .code(0);
    assert!(
        dir.path()
            .join("custom-crm-enterprise-connector/lookup-account-by-phone.json")
            .is_file()
    );
    framesmith()
        .args([
            "export",
            "tests/fixtures/workspace.toml",
            "--format",
            "terraform",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .code(0);
    let tf = std::fs::read_to_string(dir.path().join("main.tf")).unwrap();
    assert!(tf.contains("resource \"genesyscloud_integration_action\""));
    framesmith()
        .args([
            "export",
            "tests/fixtures/rules/client-id__missing.toml",
            "--format",
            "terraform",
            "--out",
        ])
        .arg(dir.path().join("refused"))
        .assert()
        .code(1);
    assert!(!dir.path().join("refused").exists());
}

/// A CRM stand-in on 127.0.0.1 for `test-source --live`: a client-credentials token
/// endpoint and two pages of accounts. It answers `requests` requests, then stops.
fn fake_crm(requests: usize) -> (u16, std::thread::JoinHandle<Vec<String>>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for _ in 0..requests {
            let Ok((mut stream, _)) = listener.accept() else {
                break;
            };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let mut auth = String::new();
            let mut length = 0;
            loop {
                let mut h = String::new();
                reader.read_line(&mut h).unwrap();
                if h.trim().is_empty() {
                    break;
                }
                let lower = h.to_ascii_lowercase();
                if let Some(v) = lower.strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
                if lower.starts_with("authorization:") {
                    auth = h.trim().to_string();
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let body = String::from_utf8_lossy(&body).to_string();
            seen.push(format!("{} | {auth} | {body}", line.trim()));
            let (status, reply) = if line.starts_with("POST /oauth/token") {
                if body.contains("client_secret=s3cret")
                    && body.contains("grant_type=client_credentials")
                {
                    (
                        "200 OK",
                        r#"{"access_token":"tok-1","expires_in":3600}"#.to_string(),
                    )
                } else {
                    (
                        "401 Unauthorized",
                        r#"{"error":"invalid_client"}"#.to_string(),
                    )
                }
            } else if !auth.ends_with("Bearer tok-1") {
                (
                    "401 Unauthorized",
                    r#"{"error":"invalid_token"}"#.to_string(),
                )
            } else if line.contains("page=2") {
                ("200 OK", r#"{"items":[{"id":"A3","name":"Third","tier":"bronze","last_contacted":"2026-01-03"}],"next":null}"#.to_string())
            } else {
                (
                    "200 OK",
                    format!(
                        r#"{{"items":[{{"id":"A1","name":"First","tier":"gold","last_contacted":"2026-01-01"}},{{"id":"A2","name":"Second","tier":"silver","last_contacted":"2026-01-02"}}],"next":"http://127.0.0.1:{port}/api/v1/accounts?page=2"}}"#
                    ),
                )
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
                reply.len()
            );
        }
        seen
    });
    (port, handle)
}

fn live_workspace(dir: &std::path::Path, port: u16) -> std::path::PathBuf {
    let example = std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap();
    let text = example
        .replace(
            "https://crm.enterprise-client.com\"",
            &format!("http://127.0.0.1:{port}\""),
        )
        .replace(
            "https://crm.enterprise-client.com/oauth/token",
            &format!("http://127.0.0.1:{port}/oauth/token"),
        );
    let path = dir.join("live.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn test_source_live_gets_a_token_and_follows_pages() {
    let dir = tempfile::tempdir().unwrap();
    let (port, server) = fake_crm(3);
    let ws = live_workspace(dir.path(), port);
    let out = framesmith()
        .args(["test-source"])
        .arg(&ws)
        .args([
            "--source",
            "lookup_account_by_phone",
            "--input",
            "phone=+353 1 555 0100",
            "--live",
        ])
        .env("FRAMESMITH_CLIENT_SECRET", "s3cret")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let ids: Vec<&str> = v["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["accountId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["A1", "A2", "A3"]);
    let seen = server.join().unwrap();
    assert!(seen[0].starts_with("POST /oauth/token"), "{seen:?}");
    assert!(
        seen[0].contains("scope=crm%3Aread%20crm%3Awrite%20contacts%3Aread"),
        "{seen:?}"
    );
    assert!(
        seen[1].contains("phone=%2B353%201%20555%200100") && seen[1].contains("Bearer tok-1"),
        "{seen:?}"
    );
    assert!(seen[2].contains("page=2"), "{seen:?}");
}

#[test]
fn test_source_live_says_why_it_cannot() {
    let dir = tempfile::tempdir().unwrap();
    // A token the CRM refuses: its own error text comes back.
    let (port, server) = fake_crm(1);
    let ws = live_workspace(dir.path(), port);
    framesmith()
        .args(["test-source"])
        .arg(&ws)
        .args([
            "--source",
            "lookup_account_by_phone",
            "--input",
            "phone=1",
            "--live",
            "--token",
            "stale",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("HTTP 401: invalid_token"));
    server.join().unwrap();
    // No secret for the client-credentials flow.
    framesmith()
        .args(["test-source"])
        .arg(&ws)
        .args([
            "--source",
            "lookup_account_by_phone",
            "--input",
            "phone=1",
            "--live",
        ])
        .env_remove("FRAMESMITH_CLIENT_SECRET")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("FRAMESMITH_CLIENT_SECRET"));
    // Plain http to another machine is refused before anything is sent (nothing here
    // leaves 127.0.0.1).
    let example = std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap();
    let plain = dir.path().join("plain.toml");
    std::fs::write(
        &plain,
        example.replace(
            "https://crm.enterprise-client.com\"",
            "http://crm.example.invalid\"",
        ),
    )
    .unwrap();
    framesmith()
        .args(["test-source"])
        .arg(&plain)
        .args(["--source", "lookup_account_by_phone", "--input", "phone=1"])
        .args(["--live", "--token", "t"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("live requests go over https"));
}

/// A next link to another origin is not followed: the bearer token goes only to the origin
/// it was issued for. Here the workspace names the CRM as localhost and its next link says
/// 127.0.0.1, the same server under another origin, which must never see the token again.
#[test]
fn test_source_live_never_follows_a_next_link_to_another_origin() {
    let dir = tempfile::tempdir().unwrap();
    let (port, server) = fake_crm(2);
    let ws = live_workspace(dir.path(), port);
    let text = std::fs::read_to_string(&ws)
        .unwrap()
        .replace("http://127.0.0.1:", "http://localhost:");
    std::fs::write(&ws, text).unwrap();
    let out = framesmith()
        .args(["test-source"])
        .arg(&ws)
        .args([
            "--source",
            "lookup_account_by_phone",
            "--input",
            "phone=+353 1 555 0100",
            "--live",
        ])
        .env("FRAMESMITH_CLIENT_SECRET", "s3cret")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("leads away from http://localhost:") && stderr.contains("not followed"),
        "{stderr}"
    );
    let seen = server.join().unwrap();
    assert_eq!(seen.len(), 2, "{seen:?}");
    // The records of the first page are still shown.
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["records"].as_array().unwrap().len(), 2);
}

#[test]
fn the_command_fits_the_tools_people_use() {
    framesmith()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(format!("framesmith {}\n", env!("CARGO_PKG_VERSION")));
    // `help <command>` with examples, for every command.
    for cmd in [
        "check",
        "build",
        "import",
        "lint",
        "schema",
        "test-source",
        "export",
        "serve",
        "simulate",
        "completions",
    ] {
        framesmith()
            .args(["help", cmd])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("Examples:\n  framesmith "));
    }
    // Shell completions that know every command.
    for (shell, marker) in [
        ("bash", "_framesmith()"),
        ("zsh", "#compdef framesmith"),
        ("fish", "complete -c framesmith"),
    ] {
        let out = framesmith()
            .args(["completions", shell])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(marker), "{shell}");
        for cmd in ["check", "build", "lint", "simulate", "test-source"] {
            assert!(text.contains(cmd), "{shell}: {cmd}");
        }
    }
    framesmith()
        .arg("completions")
        .arg("powershell")
        .assert()
        .code(2);
    // The man page written at build time, from the same definition.
    framesmith()
        .arg("man")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(".ie"))
        .stdout(predicate::str::contains(".TH framesmith 1"))
        .stdout(predicate::str::contains("framesmith\\-simulate"));
    // NO_COLOR: colour forced by CLICOLOR_FORCE shows in errors, and NO_COLOR takes it away.
    let forced = framesmith()
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .arg("check")
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(
        forced.contains(&0x1b),
        "colour can be forced, so the next check means something"
    );
    let plain = framesmith()
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .arg("check")
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(
        !plain.contains(&0x1b),
        "{}",
        String::from_utf8_lossy(&plain)
    );
}

#[cfg(unix)]
#[test]
fn export_never_writes_through_a_symlink_inside_out() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // A main.tf that is a link to a file elsewhere: the file stays as it was.
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    std::os::unix::fs::symlink(&victim, out.join("main.tf")).unwrap();
    framesmith()
        .args([
            "export",
            "tests/fixtures/workspace.toml",
            "--format",
            "terraform",
            "--out",
        ])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("symbolic link"));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    // A folder that is a link elsewhere receives nothing.
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let actions = dir.path().join("actions");
    std::fs::create_dir(&actions).unwrap();
    let listed = framesmith()
        .args([
            "export",
            "tests/fixtures/workspace.toml",
            "--format",
            "data-actions",
            "--out",
        ])
        .arg(dir.path().join("probe"))
        .output()
        .unwrap();
    let first = String::from_utf8_lossy(&listed.stdout);
    let written = first
        .lines()
        .next()
        .expect("export wrote a file")
        .trim_start_matches("wrote ");
    let rel = std::path::Path::new(written)
        .strip_prefix(dir.path().join("probe"))
        .unwrap()
        .to_path_buf();
    let top = rel.components().next().unwrap();
    std::os::unix::fs::symlink(&elsewhere, actions.join(top)).unwrap();
    framesmith()
        .args([
            "export",
            "tests/fixtures/workspace.toml",
            "--format",
            "data-actions",
            "--out",
        ])
        .arg(&actions)
        .assert()
        .failure()
        .stderr(predicate::str::contains("symbolic link"));
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[test]
fn control_characters_from_a_file_never_reach_the_terminal() {
    // A settings key holding an OSC title sequence and a cursor move, in check, lint and
    // import: every byte shown is printable (the README's promise).
    let dir = tempfile::tempdir().unwrap();
    let evil = "x\u{1b}]0;pwned\u{7}\u{1b}[1Ay";
    let example = std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap();
    let ws = example.replacen(
        "[deployment.settings]",
        &format!(
            "[deployment.settings]\n\"{}\" = true",
            evil.replace('\u{1b}', "\\u001b")
                .replace('\u{7}', "\\u0007")
        ),
        1,
    );
    assert_ne!(ws, example);
    let path = dir.path().join("work\u{7}space.toml");
    std::fs::write(&path, ws).unwrap();
    let js = dir.path().join("frame\u{1b}[2Jwork.js");
    std::fs::write(&js, format!("window.Framework = {{ config: {{ name: \"{evil}\", settings: {{ \"{evil}\": 1 }} }} }};")).unwrap();
    for args in [vec!["check"], vec!["lint"], vec!["import"]] {
        let file = if args[0] == "check" { &path } else { &js };
        let out = framesmith().args(&args).arg(file).output().unwrap();
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t'),
                "{args:?}: {text:?}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn an_endless_input_is_refused_at_the_cap_not_read_into_memory() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("zero.toml");
    let js = dir.path().join("zero.js");
    std::os::unix::fs::symlink("/dev/zero", &toml).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &js).unwrap();
    for (cmd, file) in [("check", &toml), ("lint", &js), ("import", &js)] {
        framesmith()
            .arg(cmd)
            .arg(file)
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .failure()
            .stderr(predicate::str::contains("over 16 MB"));
    }
    framesmith()
        .args(["lint", "-"])
        .write_stdin(vec![b' '; 17 * 1024 * 1024])
        .assert()
        .failure()
        .stderr(predicate::str::contains("over 16 MB"));
}
