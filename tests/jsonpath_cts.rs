//! The JSONPath Compliance Test Suite (RFC 9535), read in place from
//! ../shared/reference/jsonpath-cts/cts.json: every case must pass, except those listed in
//! OUT_OF_SCOPE with the reason.

use framesmith::jsonpath::Query;
use serde_json::Value;

/// Cases framesmith does not pass, and why.
const OUT_OF_SCOPE: &[(&str, &str)] = &[];

fn cts() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/reference/jsonpath-cts/cts.json"
    );
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("the compliance suite is read from {path}: {e}"));
    serde_json::from_str(&text).expect("cts.json is JSON")
}

fn check(case: &Value) -> Result<(), String> {
    let selector = case["selector"].as_str().ok_or("no selector")?;
    let parsed = Query::parse(selector);
    if case["invalid_selector"] == Value::Bool(true) {
        return match parsed {
            Err(_) => Ok(()),
            Ok(q) => Err(format!("accepted an invalid selector: {q:?}")),
        };
    }
    let q = parsed.map_err(|e| format!("refused a valid selector: {e}"))?;
    let nodes = q.select(&case["document"]);
    let values: Vec<Value> = nodes.iter().map(|n| n.value.clone()).collect();
    let paths: Vec<Value> = nodes
        .iter()
        .map(|n| Value::String(n.path.clone()))
        .collect();
    let (results, result_paths) = match (&case["result"], &case["results"]) {
        (Value::Array(r), _) => (
            vec![r.clone()],
            vec![case["result_paths"].as_array().cloned().unwrap_or_default()],
        ),
        (_, Value::Array(rs)) => (
            rs.iter()
                .map(|r| r.as_array().cloned().unwrap_or_default())
                .collect(),
            case["results_paths"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .map(|p| p.as_array().cloned().unwrap_or_default())
                        .collect()
                })
                .unwrap_or_else(|| vec![Vec::new(); rs.len()]),
        ),
        _ => return Err("case has no result".into()),
    };
    for (r, p) in results.iter().zip(&result_paths) {
        if *r == values && (p.is_empty() || *p == paths) {
            return Ok(());
        }
    }
    Err(format!(
        "got {values:?} at {paths:?}, expected one of {results:?}"
    ))
}

#[test]
fn compliance_test_suite() {
    let cts = cts();
    let cases = cts["tests"].as_array().expect("tests");
    assert!(cases.len() > 700, "{} cases", cases.len());
    let mut failures = Vec::new();
    let mut passed_out_of_scope = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?");
        let out_of_scope = OUT_OF_SCOPE.iter().any(|(n, _)| *n == name);
        match (check(case), out_of_scope) {
            (Ok(()), true) => passed_out_of_scope.push(name.to_string()),
            (Err(e), false) => failures.push(format!("{name} `{}`: {e}", case["selector"])),
            _ => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    assert!(
        passed_out_of_scope.is_empty(),
        "now passing, remove from OUT_OF_SCOPE: {passed_out_of_scope:?}"
    );
}
