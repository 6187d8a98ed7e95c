//! Regression tests for what an adversarial review found (issue 9): nesting that overflowed
//! the stack, writes that panicked, and the small defects on the way. Each test failed
//! before its fix. Cost that grew with the square of the input is in `tests/linear.rs`.

use assert_cmd::Command;
use framesmith::{Code, Format};
use serde_json::Value;

fn framesmith() -> Command {
    Command::cargo_bin("framesmith").unwrap()
}

fn syntax(text: &str, format: Format) -> framesmith::Diagnostic {
    match framesmith::check_source(text, format) {
        Err(d) => d,
        Ok(c) => panic!("expected a syntax error, got {:?}", c.diagnostics),
    }
}

/// Deep TOML is refused as a syntax error with a position, before anything can overflow.
#[test]
fn deep_toml_is_a_syntax_error_not_a_crash() {
    let n = 30_000;
    let cases = [
        ("array", format!("a = {}{}\n", "[".repeat(n), "]".repeat(n))),
        (
            "inline tables",
            format!("a = {}{}\n", "{b = ".repeat(n), "}".repeat(n)),
        ),
        ("dotted key", format!("{} = 1\n", vec!["k"; n].join("."))),
        ("table header", format!("[{}]\n", vec!["k"; n].join("."))),
        (
            "dotted keys in inline tables",
            format!("a = {}1{}\n", "{b.c.d = ".repeat(n / 3), "}".repeat(n / 3)),
        ),
        (
            "header then dotted key",
            format!(
                "[{}]\n{} = 1\n",
                vec!["h"; 40].join("."),
                vec!["k"; 40].join(".")
            ),
        ),
    ];
    for (what, text) in cases {
        let d = syntax(&text, Format::Toml);
        assert_eq!(d.code, Code::ParseSyntax, "{what}");
        assert!(
            d.message.contains("nested more than 64 levels"),
            "{what}: {}",
            d.message
        );
        assert!(d.line.is_some() && d.column.is_some(), "{what}");
    }
    // The limit is the depth module's, and it is not lower than it says.
    let ok = format!("a = {}{}\n", "[".repeat(63), "]".repeat(63));
    assert!(framesmith::check_source(&ok, Format::Toml).is_ok());

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deep.toml");
    std::fs::write(&file, format!("a = {}{}\n", "[".repeat(n), "]".repeat(n))).unwrap();
    framesmith()
        .arg("check")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("deep.toml:1:"))
        .stderr(predicates::str::contains("nested more than 64 levels"));
}

/// JSON workspaces are held to the same limit, with a position.
#[test]
fn deep_json_is_refused_at_the_same_limit() {
    let text = format!("{{\"a\": {}{}}}", "[".repeat(100), "]".repeat(100));
    let d = syntax(&text, Format::Json);
    assert!(
        d.message.contains("nested more than 64 levels"),
        "{}",
        d.message
    );
    assert_eq!((d.line, d.column), (Some(1), Some(70)));
}

#[test]
fn impossible_toml_datetimes_are_refused() {
    for bad in [
        "1979-13-01",
        "1979-02-30",
        "1900-02-29",
        "1979-00-10",
        "1979-05-00",
        "1979-05-27T25:00:00Z",
        "1979-05-27T07:60:00Z",
        "1979-05-27T07:32:61Z",
        "1979-05-27T07:32:00+25:00",
        "1979-05-27T07:32:00+01:60",
        "24:00:00",
    ] {
        let d = syntax(&format!("x = {bad}\n"), Format::Toml);
        assert!(
            d.message.contains("not a valid date or time"),
            "{bad}: {}",
            d.message
        );
    }
    for good in [
        "2000-02-29",
        "1979-05-27T23:59:60Z",
        "1979-05-27T07:32:00-23:59",
    ] {
        let text = format!("x = {good}\n");
        assert!(
            framesmith::check_source(&text, Format::Toml).is_ok(),
            "{good}"
        );
    }
}

#[test]
fn toml_number_out_of_range_is_not_finite_not_unquoted() {
    let c = framesmith::check_source("x = 1e400\n", Format::Toml).unwrap();
    let messages: Vec<&str> = c.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("1e400 is not a finite number")),
        "{messages:?}"
    );
}

#[test]
fn a_leading_byte_order_mark_is_accepted() {
    let toml = std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap();
    let plain = framesmith::check_source(&toml, Format::Toml).unwrap();
    let with_bom = framesmith::check_source(&format!("\u{feff}{toml}"), Format::Toml).unwrap();
    assert_eq!(plain.diagnostics.len(), with_bom.diagnostics.len());
    let json = serde_json::to_string(
        &framesmith::workspace::source::parse(&toml, Format::Toml)
            .unwrap()
            .value,
    )
    .unwrap();
    let parsed = framesmith::check_source(&format!("\u{feff}{json}"), Format::Json).unwrap();
    assert!(!parsed.has_errors(), "{:?}", parsed.diagnostics);
}

#[test]
fn duplicate_keys_in_json_are_reported() {
    let text = "{\"org\": {\"name\": \"A\",\n \"name\": \"B\"}}";
    let d = syntax(text, Format::Json);
    assert!(
        d.message.contains("duplicate key \"name\""),
        "{}",
        d.message
    );
    assert_eq!((d.line, d.column), (Some(2), Some(2)));
    // The same key in different objects is no duplicate.
    let ok = "{\"org\": {\"name\": \"A\"}, \"x\": {\"name\": \"B\"}}";
    assert!(framesmith::check_source(ok, Format::Json).is_ok());
}

/// Writing to a full disk is an error (exit 1), never a panic (exit 134).
#[test]
fn a_full_stdout_is_an_error_not_a_panic() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not Linux
    };
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("framesmith");
    for args in [
        vec!["check", "tests/fixtures/workspace.toml"],
        vec!["check", "tests/fixtures/workspace.toml", "--format", "json"],
        vec!["build", "tests/fixtures/workspace.toml", "--out"],
        vec!["schema"],
        vec!["import", "tests/fixtures/import/hand-edited.js"],
    ] {
        let mut cmd = std::process::Command::new(&bin);
        cmd.args(&args);
        if args[0] == "build" {
            cmd.arg(dir.path().join("out"));
        }
        let out = cmd.stdout(full.try_clone().unwrap()).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("cannot write to standard output"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

/// A reader that closes early ends the command quietly, with the exit it would have had.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::process::{Command as Std, Stdio};
    let bin = assert_cmd::cargo::cargo_bin("framesmith");
    for (args, want) in [
        (
            vec!["check", "tests/fixtures/rules/oauth__token-lifetime.toml"],
            1,
        ),
        (vec!["schema"], 0),
        (vec!["import", "tests/fixtures/import/hand-edited.js"], 0),
    ] {
        let mut child = Std::new(&bin)
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the read end before the command writes.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(want), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
    }
}

/// `build` writes into a folder beside the output and renames it: a failure part way
/// leaves no half-written output folder, and an earlier output stays whole.
#[test]
fn build_never_leaves_a_half_written_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    framesmith()
        .args(["build", "tests/fixtures/workspace.toml", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    let before = listing(&out);
    assert!(before.len() >= 4, "{before:?}");
    // A second build replaces the folder whole; nothing of the staging folder is left.
    framesmith()
        .args(["build", "tests/fixtures/workspace.toml", "--out"])
        .arg(&out)
        .assert()
        .code(0);
    assert_eq!(listing(&out), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["out"]);
    // A deployment folder that cannot be written (a file of that name is in the way) stops
    // the build before anything changes: no deployment is half updated, the file is kept.
    let (first, second) = (&before[0], &before[before.len() - 1]);
    let first_dir = first.split('/').next().unwrap();
    let second_dir = second.split('/').next().unwrap();
    assert_ne!(first_dir, second_dir);
    std::fs::remove_dir_all(out.join(second_dir)).unwrap();
    std::fs::write(out.join(second_dir), "in the way").unwrap();
    std::fs::write(out.join(first).as_path(), "old").unwrap();
    framesmith()
        .args(["build", "tests/fixtures/workspace.toml", "--out"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("not a folder"));
    assert_eq!(std::fs::read_to_string(out.join(first)).unwrap(), "old");
    assert_eq!(
        std::fs::read_to_string(out.join(second_dir)).unwrap(),
        "in the way"
    );
    // An output path that is a file cannot be replaced: an error, and the file is kept.
    let file = dir.path().join("file");
    std::fs::write(&file, "keep").unwrap();
    framesmith()
        .args(["build", "tests/fixtures/workspace.toml", "--out"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("cannot write"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");
}

fn listing(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        for f in std::fs::read_dir(e.path()).unwrap() {
            out.push(format!(
                "{}/{}",
                e.file_name().to_string_lossy(),
                f.unwrap().file_name().to_string_lossy()
            ));
        }
    }
    out.sort();
    out
}

#[test]
fn import_of_deep_settings_is_refused_not_a_crash() {
    for (what, inner) in [
        (
            "object",
            format!("{}1{}", "{a: ".repeat(20_000), "}".repeat(20_000)),
        ),
        (
            "array",
            format!("{}{}", "[".repeat(30_000), "]".repeat(30_000)),
        ),
        // Deeper than any setting, well within what the parser is given.
        (
            "object, 100 levels",
            format!("{}1{}", "{a: ".repeat(100), "}".repeat(100)),
        ),
    ] {
        let src = format!(
            "window.Framework = {{ config: {{ name: \"x\", clientIds: {{}}, settings: {{ deep: {inner} }} }} }};"
        );
        let imported = framesmith::import::framework_js(&src);
        let d = imported
            .diagnostics
            .iter()
            .find(|d| {
                d.message.contains("nested more than") || d.message.contains("nests more than")
            })
            .unwrap_or_else(|| panic!("{what}: {:?}", imported.diagnostics));
        assert!(d.line.is_some(), "{what}");
    }
}

#[test]
fn import_reads_numeric_keys_and_escapes_as_javascript_does() {
    let src = r#"window.Framework = { config: { name: "x", clientIds: {}, customInteractionAttributes: [],
        settings: { embedWebRTCByDefault: true, 0x10: 1, 1e999: 2, 1.50: 3, 1e21: 4, 0.000001: 5, 1e-7: 6, 123e-2: 7,
          good: "\x41\u0042" } } };"#;
    let imported = framesmith::import::framework_js(src);
    let v = imported.value.expect("read");
    let settings = v["deployment"][0]["settings"].as_object().unwrap();
    let keys: Vec<&String> = settings.keys().collect();
    // What `Object.keys` gives in JavaScript for the same literal.
    for k in ["16", "Infinity", "1.5", "1e+21", "0.000001", "1e-7", "1.23"] {
        assert!(keys.iter().any(|x| *x == k), "{k} not in {keys:?}");
    }
    assert_eq!(settings["good"], "AB");
    // A bad escape is not JavaScript: refused at its position, nothing imported.
    let bad =
        framesmith::import::framework_js(r#"window.Framework = { config: { name: "a\x4" } };"#);
    assert!(bad.value.is_none());
    assert_eq!(bad.diagnostics[0].code.as_str(), "lint/syntax");
    assert_eq!(
        (bad.diagnostics[0].line, bad.diagnostics[0].column),
        (Some(1), Some(40))
    );
}

#[test]
fn import_of_a_null_nested_in_config_says_what_it_did() {
    let dir = tempfile::tempdir().unwrap();
    let run = |settings: &str| {
        let src = format!(
            "window.Framework = {{ config: {{ name: \"x\", clientIds: {{\"mypurecloud.ie\": \"3d2b0ef3-56a4-4b2b-8e8a-1c6a0d3f1a33\"}}, settings: {settings} }} }};"
        );
        let file = dir.path().join("null.js");
        std::fs::write(&file, src).unwrap();
        let out = framesmith().arg("import").arg(&file).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // A null member is an absent one to the client, at any depth.
    let (code, stdout, _) =
        run("{ usePKCEAuthFlow: true, display: { interactionDetails: null, x: 1 } }");
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("x = 1") && !stdout.contains("interactionDetails"),
        "{stdout}"
    );
    // One inside a list is not dropped: said, with where.
    let (code, _, stderr) = run("{ usePKCEAuthFlow: true, list: [{ a: null }] }");
    assert_eq!(code, Some(1));
    assert!(stderr.contains("TOML has no null"), "{stderr}");
    assert!(
        stderr.contains("/deployment/0/settings/list/0/a"),
        "{stderr}"
    );
}

#[test]
fn a_long_deployment_name_gets_a_bounded_unique_slug() {
    let long_a = format!("{}a", "x".repeat(300));
    let long_b = format!("{}b", "x".repeat(300));
    let toml = std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap();
    let mut value = framesmith::workspace::source::parse(&toml, Format::Toml)
        .unwrap()
        .value;
    value["deployment"][0]["name"] = Value::String(long_a);
    value["deployment"][1]["name"] = Value::String(long_b);
    let checked = framesmith::check_value(&value);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let rendered = framesmith::build(&checked, framesmith::render::carried::CARRIED).unwrap();
    assert!(
        rendered.iter().all(|r| r.slug.len() <= 64),
        "{:?}",
        rendered.iter().map(|r| &r.slug).collect::<Vec<_>>()
    );
    assert_ne!(rendered[0].slug, rendered[1].slug);

    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("long.json");
    std::fs::write(&ws, serde_json::to_string(&value).unwrap()).unwrap();
    framesmith()
        .args(["build"])
        .arg(&ws)
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .code(0);
}

/// Every string that reaches an output is scanned by one detector, and the exports refuse
/// what `check` flags.
#[test]
fn secrets_anywhere_in_integrations_are_flagged_and_not_exported() {
    let text = std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap();
    let clean = framesmith::workspace::source::parse(&text, Format::Toml)
        .unwrap()
        .value;
    let ds = "/integration_type/0/dataSources/0";
    let random = "Zk3vQ9xLr2mT8pW4aB7nC1dE6fG0hJ5kMsNqR";
    type Change = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Change, String)> = vec![
        (
            "raw secret as the credential id",
            Box::new(move |v| {
                v["integration"][0]["properties"]["clientSecretCredentialId"] = random.into()
            }),
            "/integration/0/properties/clientSecretCredentialId".into(),
        ),
        (
            "Proxy-Authorization header",
            Box::new(|v| {
                v["integration_type"][0]["dataSources"][0]["requestHeaders"]["Proxy-Authorization"] =
                    "Bearer abcdefghijklmnopqrstuvwxyz".into()
            }),
            format!("{ds}/requestHeaders/Proxy-Authorization"),
        ),
        (
            "X-API-Key header",
            Box::new(|v| {
                v["integration_type"][0]["dataSources"][0]["requestHeaders"]["X-API-Key"] =
                    "live-1234abcd".into()
            }),
            format!("{ds}/requestHeaders/X-API-Key"),
        ),
        (
            "api_key in the endpoint's query",
            Box::new(|v| {
                v["integration_type"][0]["dataSources"][0]["restEndpoint"] =
                    "{crmBaseEndpoint}/api/v1/accounts?phone={phone}&api_key=k3y12345".into()
            }),
            format!("{ds}/restEndpoint"),
        ),
        (
            "password in the endpoint",
            Box::new(|v| {
                v["integration_type"][0]["dataSources"][0]["restEndpoint"] =
                    "https://user:hunter22@crm.example.com/api?phone={phone}".into()
            }),
            format!("{ds}/restEndpoint"),
        ),
        (
            "client_secret in a body",
            Box::new(|v| {
                v["integration_type"][0]["dataSources"][1]["body"] =
                    "{\"client_secret\": \"s3cr3t-value\", \"phone\": \"{phone}\"}".into()
            }),
            "/integration_type/0/dataSources/1/body".into(),
        ),
        (
            "secret in mappingDefaults",
            Box::new(move |v| {
                v["integration_type"][0]["dataSources"][0]["mappingDefaults"] =
                    json_obj("accountName", random)
            }),
            format!("{ds}/mappingDefaults/accountName"),
        ),
        (
            "secret as a setting's default",
            Box::new(|v| {
                v["integration_type"][0]["uiDefinition"]["settings"][0]["name"] = "apiKey".into();
                v["integration_type"][0]["uiDefinition"]["settings"][0]["defaultValue"] =
                    "k3y-12345".into();
                v["integration"][0]["properties"]
                    .as_object_mut()
                    .unwrap()
                    .shift_remove("crmBaseEndpoint");
            }),
            "/integration_type/0/uiDefinition/settings/0/defaultValue".into(),
        ),
        (
            "64 hex characters in apiToken",
            Box::new(|v| {
                v["integration"][0]["properties"]["apiToken"] = "0123456789abcdef".repeat(4).into()
            }),
            "/integration/0/properties/apiToken".into(),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (what, change, path) in cases {
        let mut v = clean.clone();
        change(&mut v);
        let checked = framesmith::check_value(&v);
        let found = checked
            .diagnostics
            .iter()
            .find(|d| d.path == path && d.is_error());
        assert!(
            found.is_some(),
            "{what}: nothing at {path}: {:#?}",
            checked.diagnostics
        );
        let ws = dir.path().join("ws.json");
        std::fs::write(&ws, serde_json::to_string(&v).unwrap()).unwrap();
        for format in ["data-actions", "terraform"] {
            let out = framesmith()
                .args(["export", "--format", format, "--out"])
                .arg(dir.path().join(format))
                .arg(&ws)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1), "{what}: {format} exported");
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(!stdout.contains("wrote"), "{what}: {stdout}");
        }
    }
}

fn json_obj(k: &str, v: &str) -> Value {
    let mut m = serde_json::Map::new();
    m.insert(k.into(), v.into());
    Value::Object(m)
}

/// A saved response is read up to maxResponseBytes + 1, as the live mode reads the network:
/// `/dev/zero` is refused at once instead of eating all memory, error pages included.
#[test]
fn test_source_reads_a_saved_response_only_up_to_its_limit() {
    if !std::path::Path::new("/dev/zero").exists() {
        return;
    }
    for status in ["200", "500"] {
        let out = framesmith()
            .args([
                "test-source",
                "tests/fixtures/workspace.toml",
                "--source",
                "lookup_account_by_phone",
                "--input",
                "phone=+35315550100",
                "--status",
                status,
                "--response",
                "/dev/zero",
            ])
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "status {status}");
        let err = String::from_utf8_lossy(&out.stderr);
        if status == "200" {
            assert!(err.contains("over the limit"), "{err}");
        } else {
            assert!(err.contains("HTTP 500"), "{err}");
        }
    }
}

#[test]
fn test_source_names_a_missing_input_as_missing() {
    let out = framesmith()
        .args([
            "test-source",
            "tests/fixtures/workspace.toml",
            "--source",
            "lookup_account_by_phone",
            "--response",
            "tests/fixtures/responses/accounts-page1.json",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("{phone} has no value"), "{err}");
    assert!(!err.contains("did you mean"), "{err}");
}

#[test]
fn saved_responses_may_start_with_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let page = std::fs::read("tests/fixtures/responses/accounts-page2.json").unwrap();
    let file = dir.path().join("bom.json");
    std::fs::write(&file, [&b"\xef\xbb\xbf"[..], &page].concat()).unwrap();
    framesmith()
        .args([
            "test-source",
            "tests/fixtures/workspace.toml",
            "--source",
            "lookup_account_by_phone",
            "--input",
            "phone=+35315550100",
            "--response",
        ])
        .arg(&file)
        .assert()
        .code(0);
}
