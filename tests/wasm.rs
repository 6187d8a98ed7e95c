//! The builder module's bindings, run in headless Chromium by wasm-bindgen-test-runner
//! (`make test-wasm`). They check what the page relies on: plain objects in and out, the
//! same findings as the CLI, errors as real `Error` objects with a code, and no input that
//! can panic the module.
#![cfg(target_arch = "wasm32")]

use framesmith::builder::bindings as api;
use js_sys::{Array, Error, JSON, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const EXAMPLE: &str = include_str!("fixtures/workspace.toml");

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).expect("property access on an object")
}

/// The carried runtime, as the page fetches it from pkg/runtime/runtime.js.
fn rt() -> JsValue {
    JsValue::from(framesmith::render::carried::CARRIED)
}

fn example() -> JsValue {
    get(
        &api::parse(JsValue::from(EXAMPLE), JsValue::from("toml")).expect("the example parses"),
        "workspace",
    )
}

fn code_of(err: JsValue) -> String {
    assert!(
        err.is_instance_of::<Error>(),
        "thrown value is an Error: {err:?}"
    );
    get(&err, "code")
        .as_string()
        .expect("the error has a string code")
}

fn json(v: &JsValue) -> String {
    JSON::stringify(v).expect("plain data").as_string().unwrap()
}

#[wasm_bindgen_test]
fn the_example_parses_into_a_plain_object_and_checks_clean() {
    let parsed = api::parse(JsValue::from(EXAMPLE), JsValue::from("toml")).unwrap();
    let ws = get(&parsed, "workspace");
    assert_eq!(
        Object::get_prototype_of(&ws),
        Object::get_prototype_of(&Object::new())
    );
    let deployments: Array = get(&ws, "deployment").dyn_into().unwrap();
    assert_eq!(deployments.length(), 2);
    let lifetime = get(&get(&deployments.get(0), "oauth"), "token_lifetime_seconds");
    assert_eq!(lifetime.as_f64(), Some(64800.0));
    let diags: Array = api::check(ws).unwrap().dyn_into().unwrap();
    assert_eq!(diags.length(), 0, "{}", json(&diags));
}

#[wasm_bindgen_test]
fn findings_have_the_cli_json_shape() {
    let ws = JSON::parse(r#"{"org":{"name":"A","region":"eu-west-9"},"deployment":[{"name":"x","client_id":"nope"}]}"#).unwrap();
    let diags: Array = api::check(ws).unwrap().dyn_into().unwrap();
    let first = diags.get(0);
    let keys: Vec<String> = Object::keys(first.unchecked_ref::<Object>())
        .iter()
        .map(|k| k.as_string().unwrap())
        .collect();
    assert_eq!(keys, ["code", "severity", "path", "message", "hint"]);
    let codes: Vec<String> = diags
        .iter()
        .map(|d| get(&d, "code").as_string().unwrap())
        .collect();
    assert!(codes.contains(&"region/unknown".to_string()), "{codes:?}");
    assert!(
        codes.contains(&"client-id/not-uuid".to_string()),
        "{codes:?}"
    );
    let region = diags
        .iter()
        .find(|d| get(d, "code").as_string().unwrap() == "region/unknown")
        .unwrap();
    assert_eq!(get(&region, "path").as_string().unwrap(), "/org/region");
}

#[wasm_bindgen_test]
fn a_syntax_error_is_thrown_with_its_position() {
    let err = api::parse(JsValue::from("[org]\nname = \n"), JsValue::from("toml")).unwrap_err();
    assert_eq!(code_of(err.clone()), "parse/syntax");
    let diags: Array = get(&err, "diagnostics").dyn_into().unwrap();
    assert_eq!(get(&diags.get(0), "line").as_f64(), Some(2.0));
    let message = get(&err, "message").as_string().unwrap();
    assert!(message.starts_with("line 2, column"), "{message}");
}

#[wasm_bindgen_test]
fn bad_arguments_throw_coded_errors_and_the_module_survives() {
    assert_eq!(
        code_of(api::parse(JsValue::from("{}"), JsValue::from("yaml")).unwrap_err()),
        "input/format"
    );
    let f = js_sys::Function::new_no_args("return 1");
    assert_eq!(
        code_of(api::check(f.into()).unwrap_err()),
        "input/not-workspace"
    );
    // A symbol or a bigint inside the workspace is not data either.
    for odd in [
        JsValue::from(js_sys::Symbol::for_("x")),
        JsValue::from(js_sys::BigInt::from(1)),
    ] {
        let ws = example();
        Reflect::set(&get(&ws, "org"), &"name".into(), &odd).unwrap();
        assert_eq!(code_of(api::check(ws).unwrap_err()), "input/not-workspace");
    }
    // An object that contains itself, and one nested far too deep.
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    assert_eq!(
        code_of(api::check(cyclic.into()).unwrap_err()),
        "input/not-workspace"
    );
    let deep = JSON::parse(&("[".repeat(5000) + &"]".repeat(5000))).unwrap();
    assert_eq!(
        code_of(api::check(deep).unwrap_err()),
        "input/not-workspace"
    );
    // Not an object at all: a finding, not a crash.
    let diags: Array = api::check(JsValue::from(42)).unwrap().dyn_into().unwrap();
    assert_eq!(
        get(&diags.get(0), "code").as_string().unwrap(),
        "schema/wrong-type"
    );
    assert_eq!(
        code_of(api::build_deployment(example(), JsValue::from(7), rt()).unwrap_err()),
        "build/no-deployment"
    );
    // Still working after all of that.
    assert!(api::check(example()).is_ok());
}

#[wasm_bindgen_test]
fn build_refuses_a_workspace_with_errors_and_says_which() {
    let ws = example();
    let d0 = get(&get(&ws, "deployment"), "0");
    Reflect::set(&d0, &"client_id".into(), &"not-a-uuid".into()).unwrap();
    let err = api::build(ws.clone(), rt()).unwrap_err();
    assert_eq!(code_of(err.clone()), "build/invalid");
    let diags: Array = get(&err, "diagnostics").dyn_into().unwrap();
    assert_eq!(
        get(&diags.get(0), "path").as_string().unwrap(),
        "/deployment/0/client_id"
    );
    // The other deployment has no errors of its own and still builds.
    let other = api::build_deployment(ws.clone(), JsValue::from(1), rt()).unwrap();
    assert!(
        get(&other, "frameworkJs")
            .as_string()
            .unwrap()
            .starts_with("/*! framesmith ")
    );
    assert_eq!(
        code_of(api::build_deployment(ws.clone(), JsValue::from(0), rt()).unwrap_err()),
        "build/invalid"
    );
    // The page's Download button asks the same rule the refusal applies.
    let diags: Array = api::check(ws.clone()).unwrap().dyn_into().unwrap();
    let finding = diags.get(0);
    assert!(api::blocks_build(finding.clone(), JsValue::from(0)).unwrap());
    assert!(!api::blocks_build(finding.clone(), JsValue::from(1)).unwrap());
    assert_eq!(
        code_of(api::blocks_build(JsValue::from("error"), JsValue::from(0)).unwrap_err()),
        "input/not-diagnostic"
    );
    // An error outside every deployment (here an integration's) blocks them all.
    let inst = get(&get(&ws, "integration"), "0");
    Reflect::set(
        &get(&inst, "properties"),
        &"redirectUri".into(),
        &"http://x".into(),
    )
    .unwrap();
    let diags: Array = api::check(ws.clone()).unwrap().dyn_into().unwrap();
    let outside = diags
        .iter()
        .find(|d| {
            get(d, "path")
                .as_string()
                .unwrap()
                .starts_with("/integration/")
        })
        .unwrap();
    assert!(api::blocks_build(outside.clone(), JsValue::from(1)).unwrap());
    assert_eq!(
        code_of(api::build_deployment(ws.clone(), JsValue::from(1), rt()).unwrap_err()),
        "build/invalid"
    );
    // The preview still renders the broken one.
    let preview = api::preview(ws, JsValue::from(0), rt()).unwrap();
    assert!(
        get(&preview, "frameworkJs")
            .as_string()
            .unwrap()
            .contains("not-a-uuid")
    );
}

#[path = "support/golden.rs"]
mod golden;
use golden::masked;

#[wasm_bindgen_test]
fn the_page_gets_the_same_bytes_as_the_cli() {
    let built: Array = api::build(example(), rt()).unwrap().dyn_into().unwrap();
    let golden = include_str!("golden/acme-dynamics/framework.js");
    let first = built.get(0);
    assert_eq!(get(&first, "slug").as_string().unwrap(), "acme-dynamics");
    let js = get(&first, "frameworkJs").as_string().unwrap();
    assert_eq!(masked(&js), golden);
    let one = api::build_deployment(example(), JsValue::from(0), rt()).unwrap();
    assert_eq!(get(&one, "frameworkJs").as_string().unwrap(), js);
    let second = get(&built.get(1), "frameworkJs").as_string().unwrap();
    assert_eq!(
        second,
        include_str!("golden/acme-salesforce-pilot/framework.js")
    );
}

// In the second module only (`serialize`, `buildZip`).
#[cfg(feature = "importer")]
#[wasm_bindgen_test]
fn export_round_trips_through_toml_and_json() {
    let ws = example();
    for format in ["toml", "json"] {
        let text = api::serialize(ws.clone(), JsValue::from(format)).unwrap();
        let again = get(
            &api::parse(JsValue::from(&text), JsValue::from(format)).unwrap(),
            "workspace",
        );
        // Same data (TOML writes a table's plain keys before its sub-tables)...
        let value = |v: &JsValue| serde_json::from_str::<serde_json::Value>(&json(v)).unwrap();
        assert_eq!(value(&again), value(&ws), "{format}");
        // ...and the same files.
        assert_eq!(
            json(&api::build(again, rt()).unwrap()),
            json(&api::build(ws.clone(), rt()).unwrap())
        );
    }
    // Settings edited in the page in any order still give the file the CLI gives.
    let reordered = JSON::parse(r##"{"org":{"name":"A","region":"eu-west-1"},"deployment":[{"name":"x","client_id":"5b0c7e64-2f1d-4c8a-9e3b-7a41d2c9f015","crm_origin":"https://a.example.com","custom_interaction_attributes":["PT_URLPop"],"settings":{"theme":{"primary":"#000000","text":"#ffffff"},"enableCallLogs":false}}]}"##).unwrap();
    let text = api::serialize(reordered.clone(), JsValue::from("toml")).unwrap();
    let again = get(
        &api::parse(JsValue::from(&text), JsValue::from("toml")).unwrap(),
        "workspace",
    );
    assert_eq!(
        json(&api::build(again, rt()).unwrap()),
        json(&api::build(reordered, rt()).unwrap())
    );
    let with_null = JSON::parse(r#"{"org":{"name":"A","region":null}}"#).unwrap();
    let err = api::serialize(with_null, JsValue::from("toml")).unwrap_err();
    assert_eq!(code_of(err.clone()), "export/unrepresentable");
    assert_eq!(get(&err, "path").as_string().unwrap(), "/org/region");
}

// In the second module only (`serialize`, `buildZip`).
#[cfg(feature = "importer")]
#[wasm_bindgen_test]
fn download_all_is_a_zip_of_every_deployment() {
    let zip = api::build_zip(example(), rt()).unwrap();
    assert_eq!(&zip[..4], b"PK\x03\x04");
    let text = String::from_utf8_lossy(&zip);
    for name in [
        "acme-dynamics/framework.js",
        "acme-dynamics/CHECKLIST.md",
        "acme-salesforce-pilot/framework.js",
        // The deployment that pops brings the CRM page's side.
        "acme-dynamics/framesmith-host.js",
    ] {
        assert!(text.contains(name), "{name} missing");
    }
    assert!(!text.contains("acme-salesforce-pilot/framesmith-host.js"));
}

/// In the import module only (`--features importer`).
#[cfg(feature = "importer")]
#[wasm_bindgen_test]
fn import_reads_a_hand_edited_file() {
    let imported = api::import_framework_js(JsValue::from(include_str!(
        "fixtures/import/hand-edited.js"
    )))
    .unwrap();
    let ws = get(&imported, "workspace");
    assert!(ws.is_object());
    assert!(get(&imported, "diagnostics").is_array());
    let nothing = api::import_framework_js(JsValue::from("var x = 1;")).unwrap();
    assert!(get(&nothing, "workspace").is_undefined());
    assert_eq!(
        get(&get(&get(&nothing, "diagnostics"), "0"), "code")
            .as_string()
            .unwrap(),
        "import/no-framework"
    );
    // lint's findings come with the deployment.
    let findings: Array = get(&imported, "findings").dyn_into().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| get(&f, "code").as_string().unwrap() == "lint/setting")
    );
}

/// The wasm stack is fixed and small: the deepest file the nesting guard lets through is
/// parsed, linted and imported without running it over, and a deeper one is refused.
#[cfg(feature = "importer")]
#[wasm_bindgen_test]
fn import_survives_the_deepest_file_it_accepts_and_refuses_deeper() {
    // Each shape as deep as the guard lets it be (it counts `{a:` as two levels and
    // `(a?b:` as three), then far deeper.
    for (open, close, deepest) in [
        ("[", "]", 240),
        ("f(", ")", 240),
        ("{a:", "}", 120),
        ("(a?b:", ")", 80),
    ] {
        for (n, refused) in [(deepest, false), (100_000, true)] {
            let text = format!(
                "window.Framework = {{ config: {{ name: \"x\" }} }}; x = {}1{};",
                open.repeat(n),
                close.repeat(n)
            );
            let imported = api::import_framework_js(JsValue::from(text)).unwrap();
            let first = get(&get(&imported, "diagnostics"), "0");
            let syntax =
                !first.is_undefined() && get(&first, "code").as_string().unwrap() == "lint/syntax";
            assert_eq!(syntax, refused, "{open} x {n}");
        }
    }
}

#[wasm_bindgen_test]
fn the_catalogue_lists_every_region_with_its_name() {
    let cat = api::catalogue().unwrap();
    let regions: Array = get(&cat, "regions").dyn_into().unwrap();
    assert_eq!(regions.length(), 18);
    assert_eq!(
        get(&regions.get(6), "name").as_string().unwrap(),
        "EMEA (Dublin)"
    );
    assert_eq!(get(&cat, "maxPrivate").as_f64(), Some(5.0));
    assert_eq!(api::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn floats_read_exactly_as_the_cli_reads_them() {
    // Values serde_json's default (inexact) reading gets one unit in the last place wrong.
    let toml = "[org]\nname = \"A\"\nregion = \"eu-west-1\"\n[[deployment]]\nname = \"x\"\n[deployment.settings]\nh = 6.626e-34\nk = 1.380649e-23\n";
    let ws = get(
        &api::parse(JsValue::from(toml), JsValue::from("toml")).unwrap(),
        "workspace",
    );
    let settings = get(&get(&get(&ws, "deployment"), "0"), "settings");
    assert_eq!(get(&settings, "h").as_f64(), Some(6.626e-34));
    assert_eq!(get(&settings, "k").as_f64(), Some(1.380649e-23));
    let json = r#"{"org": {"name": "A", "region": "eu-west-1"}, "deployment": [{"name": "x", "settings": {"h": 6.626e-34, "p": 0.30000000000000004}}]}"#;
    let ws = get(
        &api::parse(JsValue::from(json), JsValue::from("json")).unwrap(),
        "workspace",
    );
    let settings = get(&get(&get(&ws, "deployment"), "0"), "settings");
    assert_eq!(get(&settings, "h").as_f64(), Some(6.626e-34));
    assert_eq!(get(&settings, "p").as_f64(), Some(0.30000000000000004));
}

/// The page passes the runtime on every preview: the module keeps the last one it read, and
/// a different text (a stale pkg/runtime/runtime.js) is still read and refused, never taken
/// for the one it kept.
#[wasm_bindgen_test]
fn a_changed_runtime_is_refused_after_the_right_one() {
    let right = rt();
    assert!(api::preview(example(), JsValue::from(0), right.clone()).is_ok());
    assert!(api::preview(example(), JsValue::from(0), right).is_ok());
    let stale =
        framesmith::render::carried::CARRIED.replace("MAX_QUEUED = 256", "MAX_QUEUED = 257");
    let err = api::preview(example(), JsValue::from(0), JsValue::from(stale)).unwrap_err();
    assert_eq!(code_of(err), "build/render");
    assert_eq!(
        code_of(api::preview(example(), JsValue::from(0), JsValue::from(5)).unwrap_err()),
        "input/not-text"
    );
    assert!(api::preview(example(), JsValue::from(0), rt()).is_ok());
}

/// The builder page's check of a pasted CRM page: the same findings as `framesmith doctor`,
/// with the page's line and column, and its headers read as `curl -D` writes them.
#[cfg(feature = "importer")]
#[wasm_bindgen_test]
fn doctor_page_checks_a_pasted_page_as_the_cli_does() {
    let url = JsValue::from("https://acme.crm4.dynamics.com/main.aspx");
    let bad = api::doctor_page(
        example(),
        JsValue::from(0),
        JsValue::from(include_str!("fixtures/doctor/iframe-allow.bad.html")),
        JsValue::from(""),
        url.clone(),
    )
    .unwrap();
    let first = Array::from(&bad).get(0);
    assert_eq!(
        get(&first, "code").as_string().unwrap(),
        "doctor/iframe-allow"
    );
    assert_eq!(get(&first, "line").as_f64(), Some(8.0));
    let policy = api::doctor_page(
        example(),
        JsValue::from(0),
        JsValue::from(include_str!("fixtures/doctor/permissions-policy.bad.html")),
        JsValue::from(include_str!(
            "fixtures/doctor/permissions-policy.bad.headers"
        )),
        url.clone(),
    )
    .unwrap();
    assert_eq!(
        get(&Array::from(&policy).get(0), "code")
            .as_string()
            .unwrap(),
        "doctor/permissions-policy"
    );
    let good = api::doctor_page(
        example(),
        JsValue::from(0),
        JsValue::from(include_str!("fixtures/doctor/host-adapter.good.html")),
        JsValue::from(""),
        url.clone(),
    )
    .unwrap();
    assert_eq!(Array::from(&good).length(), 0);
    let err = api::doctor_page(
        example(),
        JsValue::from(9),
        JsValue::from(""),
        JsValue::from(""),
        url,
    )
    .unwrap_err();
    assert_eq!(code_of(err), "build/no-deployment");
}

#[wasm_bindgen_test]
fn recheck_and_check_edited_give_checks_findings_after_each_edit_and_on_misuse() {
    let ws = example();
    assert_eq!(
        json(&api::recheck(ws.clone()).unwrap()),
        json(&api::check(ws.clone()).unwrap())
    );
    let deployments: Array = get(&ws, "deployment").dyn_into().unwrap();
    // The page's edit: one value set inside deployment 1, then only it is read.
    let second = deployments.get(1);
    Reflect::set(&second, &"name".into(), &get(&deployments.get(0), "name")).unwrap();
    Reflect::set(&second, &"client_id".into(), &"nope".into()).unwrap();
    let edited = json(&api::check_edited(ws.clone(), 1).unwrap());
    assert_eq!(edited, json(&api::check(ws.clone()).unwrap()));
    assert!(
        edited.contains("deployment/duplicate-name") && edited.contains("/deployment/1/client_id"),
        "{edited}"
    );
    // An index past the list, a list that is not one, a deployment that is not a table:
    // each is checked whole, never an error or a panic.
    assert_eq!(
        json(&api::check_edited(ws.clone(), 7).unwrap()),
        json(&api::check(ws.clone()).unwrap())
    );
    // A deployment that cannot be read is an error, and nothing kept outlives it: a later
    // edit elsewhere still sees what became of this one.
    let cyclic = Object::new();
    Reflect::set(&cyclic, &"self".into(), &cyclic).unwrap();
    Reflect::set(&deployments.get(0), &"settings".into(), &cyclic).unwrap();
    assert_eq!(
        code_of(api::check_edited(ws.clone(), 0).unwrap_err()),
        "input/not-workspace"
    );
    Reflect::set(&deployments.get(0), &"settings".into(), &JsValue::from(5)).unwrap();
    Reflect::set(&deployments.get(1), &"name".into(), &"Third".into()).unwrap();
    let after = json(&api::check_edited(ws.clone(), 1).unwrap());
    assert_eq!(after, json(&api::check(ws.clone()).unwrap()));
    assert!(after.contains("/deployment/0/settings"), "{after}");
    deployments.set(1, JsValue::from("oops"));
    assert_eq!(
        json(&api::check_edited(ws.clone(), 1).unwrap()),
        json(&api::check(ws.clone()).unwrap())
    );
    Reflect::set(&ws, &"deployment".into(), &JsValue::from(3)).unwrap();
    assert_eq!(
        json(&api::check_edited(ws.clone(), 0).unwrap()),
        json(&api::check(ws.clone()).unwrap())
    );
    assert_eq!(
        json(&api::check_edited(JsValue::from(42), 0).unwrap()),
        json(&api::check(JsValue::from(42)).unwrap())
    );
}
