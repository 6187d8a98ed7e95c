use serde_json::{Value, json};

use super::*;

fn example() -> crate::Workspace {
    let text = include_str!("../../tests/fixtures/workspace.toml");
    crate::check_source(text, crate::Format::Toml)
        .unwrap()
        .workspace
}

fn lookup(ws: &crate::Workspace) -> DataSource {
    ws.integration_types[0].data_sources[0].clone()
}

fn inputs<'a>(ws: &'a crate::Workspace, runtime: &[(&str, &str)]) -> Inputs<'a> {
    Inputs {
        integration_type: ws.integration_types.first(),
        instance: ws.integrations.first(),
        runtime: runtime
            .iter()
            .map(|(k, v)| (k.to_string(), Value::from(*v)))
            .collect(),
    }
}

#[test]
fn the_seed_lookup_builds_its_request() {
    let ws = example();
    let r = request(&lookup(&ws), &inputs(&ws, &[("phone", "+353 1 555 0100")])).unwrap();
    assert_eq!(r.method, "GET");
    assert_eq!(
        r.url,
        "https://crm.enterprise-client.com/api/v1/accounts?phone=%2B353%201%20555%200100&fields=id,name,tier,last_contacted"
    );
    assert_eq!(
        r.headers,
        [("Accept".to_string(), "application/json".to_string())]
    );
    assert_eq!(r.body, None);
    let missing = request(&lookup(&ws), &inputs(&ws, &[])).unwrap_err();
    assert!(matches!(missing, ExecError::Template { .. }), "{missing}");
    assert!(missing.to_string().contains("{phone}"), "{missing}");
}

#[test]
fn the_seed_response_maps_to_flat_records_with_the_next_page() {
    let ws = example();
    let body = json!({
        "items": [
            {"id": "A1", "name": "Acme", "tier": "gold", "last_contacted": "2024-05-01T10:00:00Z"},
            {"id": "B2", "name": "Beta", "tier": null, "last_contacted": "2024-04-01"}
        ],
        "next": "https://crm.enterprise-client.com/api/v1/accounts?page=2"
    })
    .to_string();
    let mut ds = lookup(&ws);
    // A null the CRM sends is not replaced by the default (as in Genesys data actions).
    ds.mapping_defaults
        .insert("accountTier".into(), json!("standard"));
    let p = page(&ds, 200, body.as_bytes(), 1).unwrap();
    assert_eq!(p.records.len(), 2);
    assert_eq!(p.records[0]["accountId"], "A1");
    assert_eq!(p.records[0]["lastInteractionDate"], "2024-05-01T10:00:00Z");
    assert_eq!(p.records[1]["accountTier"], Value::Null);
    assert_eq!(
        p.next,
        Some(Next::Url(
            "https://crm.enterprise-client.com/api/v1/accounts?page=2".into()
        ))
    );
    // The last allowed page stops pagination.
    assert_eq!(
        page(&lookup(&ws), 200, body.as_bytes(), 5).unwrap().next,
        None
    );
}

#[test]
fn errors_carry_the_crms_own_words() {
    let ws = example();
    let ds = lookup(&ws);
    let e = page(
        &ds,
        403,
        br#"{"error":"invalid_scope","error_description":"crm:read not granted"}"#,
        1,
    )
    .unwrap_err();
    assert_eq!(
        e,
        ExecError::Status {
            status: 403,
            message: "invalid_scope: crm:read not granted".into()
        }
    );
    // A code and a sentence, as many APIs answer: both, not the code alone.
    let e = page(
        &ds,
        503,
        br#"{"error":"unavailable","message":"down for maintenance"}"#,
        1,
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("503: unavailable: down for maintenance"),
        "{e}"
    );
    let e = page(&ds, 429, b"Too Many Requests", 1).unwrap_err();
    assert!(e.to_string().contains("429: Too Many Requests"), "{e}");
    assert!(matches!(
        page(&ds, 200, b"<html>", 1),
        Err(ExecError::NotJson { .. })
    ));
    let deep = "[".repeat(60) + &"]".repeat(60);
    assert_eq!(
        page(&ds, 200, deep.as_bytes(), 1),
        Err(ExecError::TooDeep { limit: 50 })
    );
    let ok_depth = "[".repeat(50) + &"]".repeat(50);
    assert!(!matches!(
        page(&ds, 200, ok_depth.as_bytes(), 1),
        Err(ExecError::TooDeep { .. })
    ));
    let mut small = ds.clone();
    small.max_response_bytes = Some(10);
    assert_eq!(
        page(&small, 200, b"{\"items\": []}", 1),
        Err(ExecError::TooLarge {
            size: 13,
            limit: 10
        })
    );
}

#[test]
fn mapping_defaults_types_and_flattening() {
    let ws = example();
    let mut ds = lookup(&ws);
    ds.response_mapping = serde_json::from_value(json!({
        "id": "$.id", "score": "$.score", "vip": "$.vip", "seen": "$.seen",
        "address": "$.address", "phones": "$.phones[*]", "missing": "$.nope"
    }))
    .unwrap();
    ds.types = serde_json::from_value(json!({
        "id": "string", "score": "number", "vip": "boolean", "seen": "datetime"
    }))
    .unwrap();
    ds.mapping_defaults = serde_json::from_value(json!({"missing": "n/a", "vip": false})).unwrap();
    let body = json!({"items": [{
        "id": 42, "score": "7.5", "vip": "TRUE", "seen": "2024-05-01T10:00:00+01:00",
        "address": {"city": "Cork", "zip": "T12"}, "phones": ["1", "2"]
    }]})
    .to_string();
    let p = page(&ds, 200, body.as_bytes(), 1).unwrap();
    let r = &p.records[0];
    assert_eq!(r["id"], "42");
    assert_eq!(r["score"], 7.5);
    assert_eq!(r["vip"], true);
    assert_eq!(r["address.city"], "Cork");
    assert_eq!(r["phones.1"], "2");
    assert_eq!(r["missing"], "n/a");

    let bad = json!({"items": [{"id": 1, "score": "lots", "vip": true, "seen": "2024-05-01",
        "address": {}, "phones": []}]})
    .to_string();
    let e = page(&ds, 200, bad.as_bytes(), 1).unwrap_err();
    assert_eq!(
        e,
        ExecError::WrongType {
            record: 0,
            output: "score".into(),
            expected: "number".into(),
            value: Box::new(json!("lots"))
        }
    );
    ds.mapping_defaults.clear();
    let e = page(&ds, 200, body.as_bytes(), 1).unwrap_err();
    assert!(
        matches!(e, ExecError::MappingMissed { ref output, .. } if output == "missing"),
        "{e}"
    );
}

#[test]
fn a_one_mebibyte_paginated_response_set_maps_completely() {
    let ws = example();
    let mut ds = lookup(&ws);
    ds.max_response_bytes = Some(300_000);
    let mut pages = Vec::new();
    let per_page = 2300;
    for n in 0..5 {
        let items: Vec<Value> = (0..per_page)
            .map(|i| {
                let id = n * per_page + i;
                let tier = ["gold", "silver"][id % 2];
                json!({"id": format!("ACC-{id:06}"), "name": format!("Account {id} «Ü»"),
                       "tier": tier, "last_contacted": "2024-05-01"})
            })
            .collect();
        let next = (n < 4).then(|| format!("https://crm.example.com/accounts?page={}", n + 2));
        pages.push(json!({"items": items, "next": next}).to_string());
    }
    let total: usize = pages.iter().map(String::len).sum();
    assert!(total >= 1 << 20, "{total} bytes");
    let mut records = Vec::new();
    let mut number = 1;
    let mut i = 0;
    loop {
        let p = page(&ds, 200, pages[i].as_bytes(), number).unwrap();
        records.extend(p.records);
        match p.next {
            Some(Next::Url(u)) => {
                assert!(u.ends_with(&format!("page={}", number + 1)));
                number += 1;
                i += 1;
            }
            None => break,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(records.len(), 5 * per_page);
    for (k, r) in records.iter().enumerate() {
        assert_eq!(r["accountId"], format!("ACC-{k:06}"));
        assert_eq!(r["accountTier"], ["gold", "silver"][k % 2]);
    }
}

#[test]
fn cursor_and_page_number_pagination() {
    let ws = example();
    let mut ds = lookup(&ws);
    ds.pagination =
        serde_json::from_value(json!({"cursor": "$.meta.cursor", "cursorParam": "after"})).unwrap();
    let body = json!({"items": [{"id": "1", "name": "a", "tier": "t", "last_contacted": "x"}], "meta": {"cursor": "c2"}}).to_string();
    assert_eq!(
        page(&ds, 200, body.as_bytes(), 1).unwrap().next,
        Some(Next::Cursor("c2".into()))
    );
    ds.pagination = serde_json::from_value(json!({"page": "page", "size": "per_page"})).unwrap();
    assert_eq!(
        page(&ds, 200, body.as_bytes(), 2).unwrap().next,
        Some(Next::Page(3))
    );
    let empty = json!({"items": []}).to_string();
    assert_eq!(page(&ds, 200, empty.as_bytes(), 2).unwrap().next, None);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Any status and bytes: records or a typed error, never a panic.
        #[test]
        fn any_response_maps_or_fails_cleanly(status in 100u16..600, body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..200),
            "\\{\"items\": \\[\\{\"id\": (1|\"x\"|null|\\[\\]|\\{\\})\\}\\]\\}".prop_map(String::into_bytes),
        ]) {
            let ws = example();
            let _ = page(&lookup(&ws), status, &body, 1);
        }
    }
}

#[test]
fn the_runtime_and_the_data_action_export_resolve_settings_alike() {
    let mut ws = example();
    // A boolean property, a default, a url base and a runtime input in one template; and a
    // property that is a list, which neither may turn into text.
    let t = &mut ws.integration_types[0];
    t.data_sources[0].rest_endpoint =
        Some("{crmBaseEndpoint}/x?pop={enableScreenPop}&phone={phone}".into());
    ws.integrations[0]
        .properties
        .insert("enableScreenPop".into(), json!(false));
    let phone = "+353 1 555 0100";
    let runtime = request(&lookup(&ws), &inputs(&ws, &[("phone", phone)])).unwrap();
    let action = crate::export::data_actions::action(
        &ws.integration_types[0],
        ws.integrations.first(),
        &lookup(&ws),
    );
    let exported = action["config"]["request"]["requestUrlTemplate"]
        .as_str()
        .unwrap()
        .replace("$esc.url(${input.phone})", &template::percent_encode(phone));
    assert_eq!(runtime.url, exported);
    assert!(runtime.url.contains("pop=false"), "{}", runtime.url);

    ws.integrations[0]
        .properties
        .insert("enableScreenPop".into(), json!([1, 2]));
    assert!(request(&lookup(&ws), &inputs(&ws, &[("phone", phone)])).is_err());
    let action = crate::export::data_actions::action(
        &ws.integration_types[0],
        ws.integrations.first(),
        &lookup(&ws),
    );
    let url = action["config"]["request"]["requestUrlTemplate"]
        .as_str()
        .unwrap();
    assert!(url.contains("${input.enableScreenPop}"), "{url}");
}

#[test]
fn query_parameters_are_set_once() {
    assert_eq!(
        with_param("https://x/a?q=1&page=1", "page", "2"),
        "https://x/a?q=1&page=2"
    );
    assert_eq!(
        with_param("https://x/a", "after", "c 2"),
        "https://x/a?after=c%202"
    );
}
