//! The seed's Integration Type walk-through, step by step, on its own payloads (the
//! `integration_type` and `integration` tables of the example workspace, which spell them as
//! the seed's API payloads do): 1. the integration type with its uiDefinition, 2. its data
//! sources, 3. the instance. Each step checks clean on its own; each trap the seed warns of,
//! introduced at its step, is caught with its code at the path where it was introduced.
//! (The lookup mapping the seed's response shape is in src/datasource/tests.rs.)

use framesmith::check_value;
use serde_json::{Value, json};

fn example() -> Value {
    let text = include_str!("fixtures/workspace.toml");
    framesmith::read_source(text, framesmith::Format::Toml)
        .expect("the example parses")
        .0
}

/// The example as it stands after `step` (1: type without data sources; 2: with them;
/// 3: and the instance).
fn at_step(step: u8) -> Value {
    let mut ws = example();
    let obj = ws.as_object_mut().unwrap();
    if step < 3 {
        obj.remove("integration");
    }
    if step < 2 {
        obj["integration_type"][0]
            .as_object_mut()
            .unwrap()
            .remove("dataSources");
    }
    ws
}

/// (code, path) of every finding in the integration types and instances (the deployments'
/// screen pop names the instance, which only exists from step 3).
fn findings(ws: &Value) -> Vec<(String, String)> {
    check_value(ws)
        .diagnostics
        .iter()
        .filter(|d| d.path.starts_with("/integration"))
        .map(|d| (d.code.as_str().to_string(), d.path.clone()))
        .collect()
}

fn has(ws: &Value, code: &str, path: &str) {
    let all = findings(ws);
    assert!(
        all.iter().any(|(c, p)| c == code && p == path),
        "expected {code} at {path}, got {all:?}"
    );
}

#[test]
fn each_step_of_the_seed_checks_clean() {
    for step in 1..=3 {
        assert_eq!(findings(&at_step(step)), vec![], "step {step}");
    }
    // And with the screen pop that uses them, the whole example.
    assert!(check_value(&example()).diagnostics.is_empty());
}

#[test]
fn step_1_traps_scopes_and_settings() {
    // The invalid_scope trap: a scope the CRM does not offer.
    let mut ws = at_step(1);
    ws["integration_type"][0]["availableScopes"] = json!(["crm:read", "crm:write"]);
    has(
        &ws,
        "integration/scope-not-offered",
        "/integration_type/0/requiredScopes/2",
    );
    // Asking for everything.
    let mut ws = at_step(1);
    ws["integration_type"][0]["requiredScopes"] = json!(["crm:*"]);
    has(
        &ws,
        "integration/scope-too-broad",
        "/integration_type/0/requiredScopes/0",
    );
    // A boolean setting whose default is the text "true".
    let mut ws = at_step(1);
    ws["integration_type"][0]["uiDefinition"]["settings"][1]["defaultValue"] = json!("true");
    has(
        &ws,
        "integration/setting-default",
        "/integration_type/0/uiDefinition/settings/1/defaultValue",
    );
}

#[test]
fn step_2_traps_endpoints_headers_and_paths() {
    let ds = "/integration_type/0/dataSources/0";
    let mut ws = at_step(2);
    ws["integration_type"][0]["dataSources"][0]["restEndpoint"] =
        json!("http://crm.enterprise-client.com/api/v1/accounts?phone={phone}");
    has(&ws, "data-source/endpoint", &format!("{ds}/restEndpoint"));
    let mut ws = at_step(2);
    ws["integration_type"][0]["dataSources"][0]["restEndpoint"] =
        json!("{crmBaseEndpoint}/api/v1/accounts?phone={phoneNumber}");
    has(
        &ws,
        "data-source/placeholder",
        &format!("{ds}/restEndpoint"),
    );
    let mut ws = at_step(2);
    ws["integration_type"][0]["dataSources"][0]["requestHeaders"]["Authorization"] =
        json!("Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo");
    has(
        &ws,
        "data-source/authorization-header",
        &format!("{ds}/requestHeaders/Authorization"),
    );
    let mut ws = at_step(2);
    ws["integration_type"][0]["dataSources"][0]["responseMapping"]["accountName"] =
        json!("$.name[");
    has(
        &ws,
        "data-source/jsonpath",
        &format!("{ds}/responseMapping/accountName"),
    );
    // The lookup selects many accounts: without its next link it would stop at page one.
    let mut ws = at_step(2);
    ws["integration_type"][0]["dataSources"][0]
        .as_object_mut()
        .unwrap()
        .remove("pagination");
    has(&ws, "data-source/no-pagination", &format!("{ds}/records"));
}

#[test]
fn step_3_traps_the_instance() {
    let props = "/integration/0/properties";
    // The client secret pasted in plain text instead of its vault reference.
    let mut ws = at_step(3);
    let p = ws["integration"][0]["properties"].as_object_mut().unwrap();
    p.remove("clientSecretCredentialId");
    p.insert(
        "clientSecret".into(),
        json!("Zk3vQ9x_Lr2mT8pW4aB7nC1dE6fG0hJ5"),
    );
    has(
        &ws,
        "integration/plaintext-secret",
        &format!("{props}/clientSecret"),
    );
    // A redirect URI on another region than the org's (eu-west-1, mypurecloud.ie).
    let mut ws = at_step(3);
    ws["integration"][0]["properties"]["redirectUri"] =
        json!("https://api.mypurecloud.com/api/v2/integrations/oauth/callback");
    has(
        &ws,
        "integration/redirect-uri",
        &format!("{props}/redirectUri"),
    );
    // The required CRM base URL left out, and a boolean written as text.
    let mut ws = at_step(3);
    let p = ws["integration"][0]["properties"].as_object_mut().unwrap();
    p.remove("crmBaseEndpoint");
    p.insert("enableScreenPop".into(), json!("yes"));
    has(&ws, "integration/property-missing", props);
    has(
        &ws,
        "integration/property-type",
        &format!("{props}/enableScreenPop"),
    );
    // No user groups: no agent could use it.
    let mut ws = at_step(3);
    ws["integration"][0]["userGroups"] = json!([]);
    has(
        &ws,
        "integration/no-user-groups",
        "/integration/0/userGroups",
    );
    // An instance of a type that does not exist.
    let mut ws = at_step(3);
    ws["integration"][0]["type"] = json!("Custom_CRM_Connector");
    has(&ws, "integration/unknown-type", "/integration/0/type");
}
