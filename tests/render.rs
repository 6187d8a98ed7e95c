//! framework.js as a user relies on it: byte-identical to the golden files for the example,
//! deterministic, read back by a JavaScript engine with exactly the configured values, safe
//! against hostile input in every field, and talking only to the CRM origin.

use std::path::Path;
use std::process::Command;

use framesmith::render::{self, effective_settings, verify_header};
use framesmith::workspace::{Deployment, Flow, OAuth, Org, Workspace};
use framesmith::{Format, check_source};
use proptest::prelude::*;
use rquickjs::{Context, Runtime};
use serde_json::{Map, Value, json};

fn example() -> framesmith::Checked {
    check_source(
        &std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap(),
        Format::Toml,
    )
    .unwrap()
}

#[path = "support/golden.rs"]
mod golden;
use golden::masked;

#[test]
fn example_matches_golden_files() {
    let built = framesmith::build(&example(), render::carried::CARRIED).unwrap();
    assert_eq!(built.len(), 2);
    for r in &built {
        let js = masked(&r.framework_js);
        // The checklist names framework.js's hash, which moves with the carried module.
        let checklist = if r.host_js.is_some() {
            r.checklist.replace(&r.hash, "<masked>")
        } else {
            r.checklist.clone()
        };
        let mut files = vec![("framework.js", &js), ("CHECKLIST.md", &checklist)];
        files.extend(r.host_js.as_ref().map(|h| ("framesmith-host.js", h)));
        for (file, contents) in files {
            let path = Path::new("tests/golden").join(&r.slug).join(file);
            if std::env::var_os("UPDATE_GOLDEN").is_some() {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, contents).unwrap();
            }
            let golden = std::fs::read_to_string(&path).unwrap_or_else(|_| {
                panic!(
                    "{} missing: run UPDATE_GOLDEN=1 cargo test --test render",
                    path.display()
                )
            });
            assert_eq!(
                contents,
                &golden,
                "{} differs from the golden file",
                path.display()
            );
        }
    }
}

/// The example without its media tables, the email lookup and the call log's update:
/// issue 10's workspace.
fn voice_only(text: &str) -> String {
    let start = text.find("\n# Every other kind of interaction").unwrap();
    let end = text[start..].find("\n[[deployment]]").unwrap() + start;
    let text = format!("{}\n{}", &text[..start], &text[end..]);
    let start = text
        .find("[[integration_type.dataSources]]\nname = \"lookup_account_by_email\"")
        .unwrap();
    let end = text
        .find("[[integration_type.dataSources]]\nname = \"log_activity\"")
        .unwrap();
    let text = format!("{}{}", &text[..start], &text[end..]);
    // Issue 27's call-log update, and its data source.
    let text = text.replace(
        "call_log_update = \"update_activity\"     # every later edit, the disconnect and the wrap-up\n",
        "",
    );
    let start = text
        .find("\n[[integration_type.dataSources]]\nname = \"update_activity\"")
        .unwrap();
    let end = text[start..].find("\n[[integration]]").unwrap() + start;
    format!("{}{}", &text[..start], &text[end..])
}

/// A workspace without media tables builds the framework.js it built before they existed
/// (tests/golden/voice-only is the example's golden file from before issue 23): the same
/// runtime configuration and code around the runtime's driver, so the same pops.
#[test]
fn a_workspace_without_media_tables_builds_what_it_built_before() {
    let text = voice_only(include_str!("fixtures/workspace.toml"));
    assert!(!text.contains("screen_pop.chat") && !text.contains("lookup_account_by_email"));
    let checked = framesmith::check_source(&text, framesmith::Format::Toml).unwrap();
    let built = framesmith::build(&checked, render::carried::CARRIED).unwrap();
    let golden = std::fs::read_to_string("tests/golden/voice-only/framework.js").unwrap();
    assert_eq!(
        without_driver(&without_held(&masked(&built[0].framework_js))),
        without_driver(&golden)
    );
}

/// framework.js without the configuration's `held` member (issue 25: what the softphone
/// holds to itself when the module runs in the CRM page), which is derived from the rest
/// and does not reach the module's pops.
fn without_held(js: &str) -> String {
    let start = js.find(",\n  \"held\": {").expect("the held facts");
    let end = js[start..].find("\n  }").expect("their end") + start + "\n  }".len();
    format!("{}{}", &js[..start], &js[end..])
}

/// framework.js with the runtime's driver (from the carried module to the message handler)
/// left out: the driver grows with the runtime (issue 23's per-kind routes changed it) and
/// tests/golden/acme-dynamics holds it; what must not change is the runtime configuration
/// and the code around it.
fn without_driver(js: &str) -> String {
    let start = js.find("var RUNTIME_WASM").expect("a runtime driver");
    let end = js[start..]
        .find("\n  function onMessage(")
        .expect("the message handler")
        + start;
    format!("{}<driver>{}", &js[..start], &js[end..])
}

#[test]
fn carries_the_runtime_it_is_given() {
    let built = framesmith::build(&example(), render::carried::CARRIED).unwrap();
    // The example's first deployment pops, its second does not.
    let js = &built[0].framework_js;
    let (driver, host) = render::carried::split(render::carried::CARRIED);
    assert!(js.contains(driver.trim_end()));
    assert!(host.contains("export function attach"));
    let b64 = std::fs::read_to_string("src/runtime/runtime.b64").unwrap();
    assert!(js.contains(&format!("var RUNTIME_WASM = \"{}\";", b64.trim())));
    assert!(built[0].host_js.is_some());
    assert!(!built[1].framework_js.contains("RUNTIME_WASM"));
    assert!(built[1].host_js.is_none());
    // Without a runtime, or with another one (a stale copy), a popping deployment is
    // refused with a reason, not built without it.
    let refused = |runtime: &str| match framesmith::build(&example(), runtime) {
        Err(framesmith::BuildError::Render(e)) => e.to_string(),
        other => panic!("{:?}", other.map(|_| ())),
    };
    assert!(refused("").contains("has a screen_pop"));
    let stale = render::carried::CARRIED.replace("MAX_QUEUED = 256", "MAX_QUEUED = 257");
    assert_eq!(stale.len(), render::carried::CARRIED.len());
    assert!(refused(&stale).contains("is not the one framesmith"));
    // The right text is remembered once held to its hash: a copy of it (another address)
    // builds, and one byte changed in place of the last is still refused.
    let copy = render::carried::CARRIED.to_string();
    assert!(framesmith::build(&example(), &copy).is_ok());
    let mut last = copy.into_bytes();
    let at = last.len() - 2;
    last[at] = if last[at] == b'A' { b'B' } else { b'A' };
    assert!(refused(&String::from_utf8(last).unwrap()).contains("is not the one framesmith"));
    assert!(refused("alert(1)").contains("reload the page"));
}

#[test]
fn rendering_is_deterministic_and_hash_stamped() {
    let a = framesmith::build(&example(), framesmith::render::carried::CARRIED).unwrap();
    let b = framesmith::build(&example(), framesmith::render::carried::CARRIED).unwrap();
    assert_eq!(a, b);
    for r in &a {
        assert_eq!(verify_header(&r.framework_js), Some((r.hash.clone(), true)));
        assert!(
            r.framework_js
                .starts_with(&format!("/*! framesmith {} sha256:", framesmith::VERSION))
        );
        assert!(r.checklist.contains(&r.hash));
    }
}

#[test]
fn no_secret_reaches_the_output() {
    let mut ws = example().workspace;
    // The instance's credential reference is a workspace value, but never a framework.js one.
    for r in render::render_all(&ws, framesmith::render::carried::CARRIED).unwrap() {
        assert!(
            !r.framework_js.contains("vault:"),
            "a credential reference leaked"
        );
        assert!(
            !r.framework_js.contains("crm_client_id_12345"),
            "the CRM's client id leaked"
        );
    }
    ws.deployments[0].name = "Zk3vQ9x_Lr2mT8pW4aB7nC1dE6fG0hJ5kM-sNqR".into();
    let checked = framesmith::check_value(&serde_json::to_value(&ws).unwrap());
    assert!(
        matches!(
            framesmith::build(&checked, framesmith::render::carried::CARRIED),
            Err(framesmith::BuildError::Invalid(_))
        ),
        "a secret-looking value must block the build"
    );
}

/// Node sees exactly the configured values, and the file posts to the CRM origin only.
#[test]
fn node_reads_back_the_configured_values() {
    let checked = example();
    let dir = tempfile::tempdir().unwrap();
    for (i, r) in framesmith::build(&checked, framesmith::render::carried::CARRIED)
        .unwrap()
        .iter()
        .enumerate()
    {
        let file = dir.path().join(format!("{}.js", r.slug));
        std::fs::write(&file, &r.framework_js).unwrap();
        let out = Command::new("node")
            .arg("tests/js/eval-config.mjs")
            .arg(&file)
            .output()
            .expect("node must be installed (make test installs the JS tools)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let seen: Value = serde_json::from_slice(&out.stdout).unwrap();
        let d = &checked.workspace.deployments[i];
        assert_eq!(seen["config"], expected_config(&checked.workspace, d));
        assert_eq!(seen["origin"], json!(d.crm_origin.clone().unwrap()));
        let mut hooks = vec![
            "config",
            "initialSetup",
            "screenPop",
            "processCallLog",
            "openCallLog",
        ];
        if d.screen_pop.is_some() {
            hooks.push("framesmith");
        }
        hooks.push("contactSearch");
        assert_eq!(seen["hooks"], json!(hooks));
    }
}

fn expected_config(ws: &Workspace, d: &Deployment) -> Value {
    let region = framesmith::catalogue::region(ws.region_of(d)).unwrap();
    let ids: Map<String, Value> = render::client_ids(d, region)
        .into_iter()
        .map(|(k, v)| (k.to_string(), Value::String(v)))
        .collect();
    json!({
        "name": d.name,
        "clientIds": ids,
        "customInteractionAttributes": d.custom_interaction_attributes,
        "settings": effective_settings(d),
    })
}

/// A page-and-softphone harness in QuickJS: a stub window whose parent records posts, and a
/// PureCloud that records calls.
const HARNESS: &str = r#"
var posted = [], listeners = [], calls = [], timers = [];
var window = globalThis;
window.parent = { postMessage: function (m, o) { posted.push([m, o]); } };
window.addEventListener = function (t, f) { listeners.push(f); };
window.setTimeout = function (f, ms) { timers.push(f); return timers.length; };
window.clearTimeout = function (id) { timers[id - 1] = null; };
function record(name) { return function (d) { calls.push([name, d]); }; }
window.PureCloud = { subscribe: record("subscribe"), clickToDial: record("clickToDial"),
  addAssociation: record("addAssociation"), addCustomAttributes: record("addCustomAttributes"),
  addTransferContext: record("addTransferContext"),
  User: { updateStatus: record("updateStatus"), setView: record("setView"),
          Notification: { notifyUser: record("notifyUser"), setAudioConfiguration: record("setAudio") } },
  Interaction: { updateState: record("updateState") } };
function deliver(origin, data, source) {
  listeners.forEach(function (f) { f({ origin: origin, data: data, source: source || window.parent }); });
}
"#;

fn eval_js<T: for<'js> rquickjs::FromJs<'js>>(scripts: &[&str], expr: &str) -> Result<T, String> {
    let rt = Runtime::new().map_err(|e| e.to_string())?;
    let ctx = Context::full(&rt).map_err(|e| e.to_string())?;
    ctx.with(|ctx| {
        for s in scripts {
            if let Err(e) = ctx.eval::<(), _>(*s) {
                let exc = ctx.catch();
                return Err(format!("{e}: {exc:?}"));
            }
        }
        ctx.eval::<T, _>(expr)
            .map_err(|e| format!("{e}: {:?}", ctx.catch()))
    })
}

#[test]
fn messages_are_accepted_only_from_the_crm_origin() {
    let checked = example();
    let js = framesmith::build(&checked, framesmith::render::carried::CARRIED)
        .unwrap()
        .remove(0)
        .framework_js;
    let script = r#"
        window.Framework.initialSetup();
        deliver("https://evil.example.com", JSON.stringify({ type: "clickToDial", data: { number: "1" } }));
        deliver("https://acme.crm4.dynamics.com.evil.com", { type: "clickToDial", data: { number: "2" } });
        deliver("https://acme.crm4.dynamics.com", JSON.stringify({ type: "clickToDial", data: { number: "3" } }));
        // The right origin from another window (a popup or frame the CRM opened) is refused.
        deliver("https://acme.crm4.dynamics.com", { type: "clickToDial", data: { number: "4" } }, {});
        deliver("https://acme.crm4.dynamics.com", { type: "constructor", data: {} });
        deliver("https://acme.crm4.dynamics.com", "not json");
        JSON.stringify(calls.filter(function (c) { return c[0] !== "subscribe"; }))
    "#;
    let calls: String = eval_js(&[HARNESS, &js], script).unwrap();
    assert_eq!(calls, r#"[["clickToDial",{"number":"3"}]]"#);
}

#[test]
fn call_logs_and_contact_searches_complete_from_the_crm_reply() {
    let js = framesmith::build(&example(), framesmith::render::carried::CARRIED)
        .unwrap()
        .remove(0)
        .framework_js;
    let script = r#"
        var results = [];
        window.Framework.initialSetup();
        window.Framework.processCallLog({ notes: "n" }, { id: "i1" }, "interactionDisconnected",
          function (r) { results.push(["log ok", r]); }, function (e) { results.push(["log fail", e]); });
        window.Framework.contactSearch("+3531",
          function (r) { results.push(["search ok", r]); }, function (e) { results.push(["search fail", e]); });
        window.Framework.contactSearch("+3532",
          function (r) { results.push(["search2 ok", r]); }, function (e) { results.push(["search2 fail", e]); });
        // Without WebAssembly here, framework.js also asks the CRM page to run the module.
        var sent = posted.map(function (p) { return JSON.parse(p[0]); })
          .filter(function (m) { return m.type !== "framesmith.runtimeWanted"; });
        // A reply from another origin is ignored; the right one settles the right request.
        deliver("https://evil.example.com", { type: "processCallLogResult", requestId: sent[0].data.requestId, data: { id: "evil" } });
        deliver("https://acme.crm4.dynamics.com", { type: "processCallLogResult", requestId: sent[0].data.requestId, data: { id: "CRM-7" } });
        // Genesys' example page answers without a requestId: the oldest search settles.
        deliver("https://acme.crm4.dynamics.com", JSON.stringify({ type: "sendContactSearch", data: [{ type: "external", name: "Ann" }] }));
        // The second search never gets an answer: its timer fires.
        timers.forEach(function (t) { if (t) { t(); } });
        JSON.stringify({ sent: sent.map(function (m) { return m.type; }), results: results })
    "#;
    let out: String = eval_js(&[HARNESS, &js], script).unwrap();
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["sent"],
        json!(["processCallLog", "contactSearch", "contactSearch"])
    );
    assert_eq!(
        v["results"],
        json!([
            ["log ok", {"id": "CRM-7"}],
            ["search ok", [{"type": "external", "name": "Ann"}]],
            ["search2 fail", {"reason": "timeout"}],
        ])
    );
}

/// The Genesys-authored linter's rules (re-implemented in tests/js/ef-lint.mjs) pass on the
/// example and on hostile renders, and catch the faults of a hand-edited file.
#[test]
fn genesys_linter_rules_pass_on_generated_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for r in framesmith::build(&example(), framesmith::render::carried::CARRIED).unwrap() {
        let f = dir.path().join(format!("{}.js", r.slug));
        std::fs::write(&f, r.framework_js).unwrap();
        files.push(f);
    }
    for (i, nasty) in NASTY.iter().enumerate() {
        let mut d = deployment(
            nasty,
            "https://crm.example.com",
            &[nasty],
            settings_with(nasty),
        );
        d.settings.insert(
            "searchTargets".into(),
            json!(["people", "frameworkContacts"]),
        );
        d.settings.insert("enableCallLogs".into(), json!(true));
        let ws = workspace(d);
        let f = dir.path().join(format!("nasty-{i}.js"));
        std::fs::write(
            &f,
            render::framework_js(&ws, &ws.deployments[0], render::carried::CARRIED).unwrap(),
        )
        .unwrap();
        files.push(f);
    }
    let out = Command::new("node")
        .arg("tests/js/ef-lint.mjs")
        .args(&files)
        .output()
        .expect("node must be installed");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "linter findings:\n{stdout}");
    assert_eq!(stdout.matches("No errors found").count(), files.len());

    let bad = Command::new("node")
        .args([
            "tests/js/ef-lint.mjs",
            "tests/fixtures/import/hand-edited.js",
        ])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&bad.stdout);
    assert!(!bad.status.success());
    for finding in [
        "Domain should not contain wildcard",
        "Missing client id for euw2.pure.cloud",
        "processCallLogs method is empty",
    ] {
        assert!(
            report.contains(finding),
            "the linter should report {finding:?}:\n{report}"
        );
    }
}

const NASTY: &[&str] = &[
    "O'Brien \"Prod\"",
    "</script><script>alert(1)</script>",
    "\"; window.x = 1; //",
    "${alert(1)}`",
    "\u{2028}\u{2029}",
    "\\",
    "*/ alert(1) /*",
    "load evil.js",
    "__proto__",
    "constructor",
    "<!-- -->",
    "\0\u{1}\u{7f}",
    "😀 Zürich 東京",
    "config",
];

fn settings_with(s: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(s.to_string(), json!(s));
    m.insert(
        "theme".into(),
        json!({"primary": s, "nested": {s: [s, 1, true, null]}}),
    );
    m
}

fn deployment(
    name: &str,
    origin: &str,
    attrs: &[&str],
    settings: Map<String, Value>,
) -> Deployment {
    Deployment {
        name: name.into(),
        client_id: Some(name.into()),
        crm_origin: Some(origin.into()),
        custom_interaction_attributes: attrs.iter().map(|s| s.to_string()).collect(),
        settings,
        oauth: OAuth {
            flow: Flow::Pkce,
            ..OAuth::default()
        },
        ..Deployment::default()
    }
}

fn workspace(d: Deployment) -> Workspace {
    Workspace {
        org: Org {
            name: "Org".into(),
            region: "eu-west-1".into(),
        },
        deployments: vec![d],
        ..Workspace::default()
    }
}

fn hostile() -> impl Strategy<Value = String> {
    let fragment = prop::sample::select(vec![
        "\"",
        "'",
        "`",
        "\\",
        "${",
        "}",
        "</script>",
        "<!--",
        "-->",
        "*/",
        "/*",
        "\u{2028}",
        "\u{2029}",
        ".js",
        "__proto__",
        "\n",
        "\r",
        "\0",
        "😀",
        "\u{feff}",
        "a",
        " ",
        "<",
        ">",
        "&",
        "$",
        "\u{10ffff}",
        "\u{7f}",
    ]);
    prop_oneof![
        any::<String>(),
        prop::collection::vec(fragment, 0..12).prop_map(|v| v.concat())
    ]
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        hostile().prop_map(Value::String),
        any::<bool>().prop_map(Value::Bool),
        (-(1i64 << 53)..(1i64 << 53)).prop_map(|n| json!(n)),
        Just(Value::Null)
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((hostile(), inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// 2,000 cases in `make test`; `make soak` asks for 100,000 in a release build.
fn soak_cases() -> u32 {
    std::env::var("FRAMESMITH_SOAK_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: soak_cases(), failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever strings an admin types into any field, the file still parses, reads back
    /// exactly what was configured, posts only to the configured origin, stays ASCII, and
    /// never gives Genesys' linter a `.js` string to flag.
    #[test]
    fn hostile_values_round_trip_exactly(
        name in hostile(),
        client_id in hostile(),
        origin in hostile(),
        attrs in prop::collection::vec(hostile(), 0..4),
        settings in prop::collection::vec((hostile(), value()), 0..6),
        implicit in any::<bool>(),
    ) {
        let attr_refs: Vec<&str> = attrs.iter().map(String::as_str).collect();
        let mut d = deployment(&name, &origin, &attr_refs, settings.into_iter().collect());
        d.client_id = Some(client_id);
        if implicit { d.oauth.flow = Flow::Implicit; }
        let ws = workspace(d);
        let js = render::framework_js(&ws, &ws.deployments[0], render::carried::CARRIED).unwrap();
        prop_assert!(js.is_ascii());
        prop_assert!(!js.contains(".js"));
        prop_assert!(!js.contains("</script") && !js.contains("<!--"));
        // framesmith lint finds nothing wrong with the code itself, whatever the values;
        // only what the values are (a client id that is not one, no attributes, the
        // implicit grant, settings `check` would judge the same way, a value that looks
        // like a credential) may be said.
        for d in framesmith::lint::lint(&js) {
            prop_assert!(
                matches!(
                    d.code.as_str(),
                    "lint/client-id" | "lint/attributes-empty" | "lint/implicit-grant"
                        | "lint/setting" | "lint/secret" | "lint/call-log" | "lint/contact-search"
                ),
                "{:?}", d
            );
        }
        let probe = "window.Framework.screenPop('x', {}); JSON.stringify({ config: window.Framework.config, origin: posted[0][1] })";
        let seen: String = eval_js(&[HARNESS, &js], probe).map_err(TestCaseError::fail)?;
        let seen: Value = serde_json::from_str(&seen).unwrap();
        prop_assert_eq!(&seen["config"], &expected_config(&ws, &ws.deployments[0]));
        prop_assert_eq!(&seen["origin"], &json!(origin));
    }
}
