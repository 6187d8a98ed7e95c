//! `framesmith simulate` end to end: the example scenarios pass against the example
//! workspace, a wrong expectation fails (exit 1) naming what differed, bad input is refused
//! (exit 2) naming where, saved responses stand in for the CRM, and `--live` runs against
//! the demo CRM of a `framesmith serve` this test starts (and stops).

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::{Value, json};
use std::io::{Read, Write};

const WS: &str = "tests/fixtures/workspace.toml";

fn framesmith() -> Command {
    Command::cargo_bin("framesmith").unwrap()
}

fn simulate(scenario: &str, extra: &[&str]) -> Command {
    let mut c = framesmith();
    c.args([
        "simulate",
        WS,
        "--deployment",
        "Acme Dynamics",
        "--scenario",
        scenario,
    ]);
    c.args(extra);
    c
}

fn temp(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("framesmith-sim-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, text).unwrap();
    file
}

#[test]
fn the_example_scenarios_pass() {
    for (name, says) in [
        ("normal-shift", "7 of 7 expectations met"),
        (
            "crm-outage",
            "cause: the CRM answered HTTP 503 4 times: unavailable: down for maintenance",
        ),
        ("token-expiry", "2 token refreshes"),
        ("429-storm", "5 lookups, 15 requests"),
        // Every kind of interaction (issue 23): each pops on its own search value.
        ("mixed-shift", "11 of 11 expectations met"),
        // After the pop (issue 27): the call log's writes, choices and dials.
        ("after-the-pop", "9 of 9 expectations met"),
    ] {
        simulate(&format!("examples/scenarios/{name}.json"), &[])
            .assert()
            .code(0)
            .stdout(predicate::str::contains(says));
    }
    // JSON for pipelines: every pop and every verdict.
    let out = simulate(
        "examples/scenarios/normal-shift.json",
        &["--format", "json"],
    )
    .assert()
    .code(0)
    .get_output()
    .stdout
    .clone();
    let report: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["pops"][0]["interactionId"], "c1");
    assert_eq!(report["pops"][0]["records"][0]["accountName"], "Alpha Ltd");
    assert!(
        report["expectations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|v| v["ok"] == true)
    );
}

#[test]
fn a_wrong_expectation_fails_and_says_what_came_instead() {
    let mut s: Value = serde_json::from_str(
        &std::fs::read_to_string("examples/scenarios/normal-shift.json").unwrap(),
    )
    .unwrap();
    s["expect"][0]["kind"] = json!("none");
    s["expect"][4]["kind"] = json!("single");
    s["expectStats"]["requests"] = json!(9);
    let file = temp("wrong.json", &s.to_string());
    simulate(file.to_str().unwrap(), &[])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "FAIL  c1: expected kind none, got single",
        ))
        .stdout(predicate::str::contains(
            "FAIL  o1: expected a single pop, and none came",
        ))
        .stdout(predicate::str::contains(
            "FAIL  (stats) requests: expected requests 9, got 5",
        ))
        .stdout(predicate::str::contains("4 of 7 expectations met"));
}

#[test]
fn the_call_log_is_created_once_and_then_updated_by_its_id() {
    let out = simulate(
        "examples/scenarios/after-the-pop.json",
        &["--format", "json"],
    )
    .assert()
    .code(0)
    .get_output()
    .stdout
    .clone();
    let r: Value = serde_json::from_slice(&out).unwrap();
    let c1: Vec<&Value> = r["writes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["interactionId"] == "c1")
        .collect();
    let methods: Vec<&str> = c1.iter().map(|w| w["method"].as_str().unwrap()).collect();
    // The second edit came while the create was in flight: it waited for the id and did
    // not create a second activity.
    assert_eq!(methods, ["POST", "PATCH", "PATCH", "PATCH"]);
    for w in &c1[1..] {
        assert!(
            w["url"].as_str().unwrap().ends_with("/activities/L1"),
            "{w}"
        );
        assert_eq!(w["body"]["record.id"], "ACC-0001");
    }
    assert_eq!(c1[3]["body"]["disposition"], "Sale");
    let text = String::from_utf8(
        simulate("examples/scenarios/after-the-pop.json", &[])
            .assert()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap();
    assert!(
        text.contains("choice ACC-0005 for c2 at 96000 ms: linked"),
        "{text}"
    );
    assert!(
        text.contains("dial \"01 555 0103\" at 200000 ms: dialled +35315550103"),
        "{text}"
    );
}

#[test]
fn a_write_the_crm_did_not_receive_fails_the_scenario() {
    let mut s: Value = serde_json::from_str(
        &std::fs::read_to_string("examples/scenarios/after-the-pop.json").unwrap(),
    )
    .unwrap();
    s["expect"][1]["linked"] = json!("ACC-0004");
    s["expect"][0]["writes"][1]["match"] = json!("/activities/L9");
    s["expectDials"][1]["ok"] = json!(true);
    s["expectChoices"]
        .as_array_mut()
        .unwrap()
        .push(json!({"ok": true}));
    let file = temp("after-wrong.json", &s.to_string());
    simulate(file.to_str().unwrap(), &[])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "FAIL  c1: write 2: expected a URL containing \"/activities/L9\"",
        ))
        .stdout(predicate::str::contains(
            "FAIL  c2: expected the interaction linked to \"ACC-0004\", got \"ACC-0005\"",
        ))
        .stdout(predicate::str::contains(
            "FAIL  (dial 2): expected ok true, got false",
        ))
        .stdout(predicate::str::contains(
            "FAIL  (choice 4): expected a choice, and the scenario has no more",
        ));
}

#[test]
fn bad_input_is_refused_naming_where() {
    let not_json = temp("broken.json", "{\"events\": [\n  {\"at\": 0,}\n]}");
    simulate(not_json.to_str().unwrap(), &[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.json:2:"))
        .stderr(predicate::str::contains("not JSON"));
    let no_interaction = temp(
        "nointeraction.json",
        r#"{"events": [{"at": 0, "category": "add"}]}"#,
    );
    simulate(no_interaction.to_str().unwrap(), &[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/events/0/interaction"));
    for (name, text, pointer) in [
        (
            "choose.json",
            r#"{"events": [{"at": 0, "choose": {"id": 1}, "interactionId": "c1"}]}"#,
            "/events/0/choose",
        ),
        (
            "chooseid.json",
            r#"{"events": [{"at": 0, "choose": "A1"}]}"#,
            "/events/0/interactionId",
        ),
        (
            "dial.json",
            r#"{"events": [{"at": 0, "dial": 35315550100}]}"#,
            "/events/0/dial",
        ),
        (
            "log.json",
            r#"{"events": [{"at": 0, "callLog": [], "interaction": {"id": "c1"}}]}"#,
            "/events/0/callLog",
        ),
        (
            "stats.json",
            r#"{"events": [], "expectStats": [1]}"#,
            "/expectStats",
        ),
        (
            "dials.json",
            r#"{"events": [], "expectDials": {"ok": true}}"#,
            "/expectDials",
        ),
    ] {
        simulate(temp(name, text).to_str().unwrap(), &[])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(pointer));
    }
    let bad_status = temp(
        "status.json",
        r#"{"events": [], "responses": {"lookup_account_by_phone": [{"status": 42}]}}"#,
    );
    simulate(bad_status.to_str().unwrap(), &[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "/responses/lookup_account_by_phone/0/status",
        ));
    let unanswered = temp(
        "unanswered.json",
        r#"{"events": [{"at": 0, "category": "add", "interaction": {"id": "c1", "direction": "Inbound", "state": "ALERTING", "ani": "tel:+35315550100"}}]}"#,
    );
    simulate(unanswered.to_str().unwrap(), &[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--response lookup_account_by_phone=FILE",
        ));
    framesmith()
        .args([
            "simulate",
            WS,
            "--deployment",
            "Nope",
            "--scenario",
            "examples/scenarios/normal-shift.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("there is no deployment \"Nope\""));
    simulate(
        "examples/scenarios/normal-shift.json",
        &["--response", "nope=x.json"],
    )
    .assert()
    .code(2)
    .stderr(predicate::str::contains("there is no data source \"nope\""));
}

#[test]
fn a_saved_response_answers_for_the_crm() {
    let scenario = temp(
        "saved.json",
        &json!({
            "events": [{"at": 0, "category": "add", "interaction":
                {"id": "c1", "direction": "Inbound", "state": "ALERTING", "ani": "tel:+353 1 555 0100"}}],
            "expect": [{"interactionId": "c1", "kind": "single", "url": "https://crm.enterprise-client.com/accounts/A-9"}]
        })
        .to_string(),
    );
    let body = temp(
        "body.json",
        r#"{"items": [{"id": "A-9", "name": "Saved Ltd", "tier": "gold", "last_contacted": "2026-01-01"}], "next": null}"#,
    );
    simulate(
        scenario.to_str().unwrap(),
        &[
            "--response",
            &format!("lookup_account_by_phone={}", body.display()),
        ],
    )
    .assert()
    .code(0)
    .stdout(predicate::str::contains("1 of 1 expectations met"));
}

/// `framesmith serve` on a free port of this machine, stopped when dropped.
struct Server(std::process::Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve() -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // Held at once, so that it is stopped however this ends.
    let server = Server(
        std::process::Command::new(env!("CARGO_BIN_EXE_framesmith"))
            .args(["serve", "--port", &port.to_string(), "--dir", "www"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap(),
        port,
    );
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return server;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("framesmith serve did not start");
}

fn get(port: u16, path: &str) -> String {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out.split("\r\n\r\n").nth(1).unwrap_or("").to_string()
}

#[test]
fn live_against_the_demo_crm_of_framesmith_serve() {
    let server = serve();
    let base = format!("http://127.0.0.1:{}/demo-crm", server.1);
    let scenario = temp(
        "live.json",
        &json!({
            "events": [
                {"at": 0, "category": "add", "interaction": {"id": "c1", "direction": "Inbound", "state": "ALERTING", "ani": "tel:+353 1 555 0100"}},
                {"at": 1000, "category": "add", "interaction": {"id": "c2", "direction": "Inbound", "state": "ALERTING", "ani": "tel:+353 1 555 0101"}},
                {"at": 2000, "category": "add", "interaction": {"id": "c3", "direction": "Inbound", "state": "ALERTING", "ani": "tel:+353 1 555 0199"}}
            ],
            "expect": [
                {"interactionId": "c1", "kind": "single", "url": format!("{base}/accounts/ACC-0001")},
                {"interactionId": "c2", "kind": "multiple", "records": 2},
                {"interactionId": "c3", "kind": "none", "url": format!("{base}/accounts/new?phone=%2B35315550199")}
            ]
        })
        .to_string(),
    );
    simulate(scenario.to_str().unwrap(), &["--live", "--crm-base", &base])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("3 of 3 expectations met"));
    let stats: Value = serde_json::from_str(&get(server.1, "/demo-crm/stats")).unwrap();
    assert_eq!(stats["lookups"], 4, "two pages for the second number");
    // Plain http elsewhere than this machine is refused.
    simulate(
        scenario.to_str().unwrap(),
        &["--live", "--crm-base", "http://crm.example.com/demo-crm"],
    )
    .assert()
    .code(2)
    .stderr(predicate::str::contains(
        "plain http only to 127.0.0.1 or localhost",
    ));
}
