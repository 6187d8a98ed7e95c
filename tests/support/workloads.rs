//! The inputs of the growth series, shared by tests/linear.rs (which counts their cost) and
//! tests/benches/scale.rs (which times it): each a function of its size.

#![allow(dead_code)]

use framesmith::Format;
use serde_json::{Value, json};

pub fn example() -> Value {
    let text = std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap();
    framesmith::workspace::source::parse(&text, Format::Toml)
        .unwrap()
        .value
}

/// The example org with `n` deployments, copies of its second one.
pub fn org(n: usize) -> Value {
    let mut ws = example();
    let template = ws["deployment"][1].clone();
    ws["deployment"] = Value::Array(
        (0..n)
            .map(|i| {
                let mut d = template.clone();
                d["name"] = json!(format!("Deployment {i}"));
                d
            })
            .collect(),
    );
    ws
}

pub fn toml(v: &Value) -> String {
    framesmith::workspace::source::write(v, Format::Toml).unwrap()
}

/// The example with a table of `n` keys.
pub fn one_table(n: usize) -> String {
    let keys: String = (0..n).map(|i| format!("k{i} = {i}\n")).collect();
    format!("{}\n[x]\n{keys}", toml(&example()))
}

/// The example as JSON with `n` floats.
pub fn floats(n: usize) -> String {
    let mut ws = example();
    ws["x"] = Value::Array((0..n).map(|i| json!(i as f64 + 0.5)).collect());
    serde_json::to_string(&ws).unwrap()
}

/// The example as one line of JSON with `n` unknown keys in `[org]`: `n` findings.
pub fn unknown_keys(n: usize) -> String {
    let mut ws = example();
    for i in 0..n {
        ws["org"][format!("unknown{i}")] = json!(i);
    }
    serde_json::to_string(&ws).unwrap()
}

/// The hand-edited fixture followed by `n` lines of `postMessage(a, v)`.
pub fn posts(n: usize) -> String {
    let head = std::fs::read_to_string("tests/fixtures/import/hand-edited.js").unwrap();
    let posts: String = (0..n).map(|i| format!("postMessage(a{i}, v);\n")).collect();
    format!("var v = \"https://crm.example.com\";\n{head}\n{posts}")
}

/// A minified framework.js whose settings hold `n` values that are code.
pub fn minified(n: usize) -> String {
    let values: String = (0..n).map(|i| format!("k{i}: f({i}),")).collect();
    format!("window.Framework={{config:{{name:\"x\",clientIds:{{}},settings:{{{values}}}}}}};")
}

/// A minified framework.js on one line with `n` of everything `framesmith lint` judges:
/// keys written twice, settings of the wrong type, one client id under many keys, message
/// listeners by name and the functions they name, secrets, posts to any origin, tokens
/// logged. Each unit is about 400 bytes: `n = 25,600` is a 10 MB file.
pub fn lint_hostile(n: usize) -> String {
    let mut settings = String::new();
    let mut ids = String::new();
    let mut code = String::new();
    for i in 0..n {
        settings.push_str(&format!(
            "s{i}:1,enableCallLogs:\"y\",hideCallLogSubject:!0,"
        ));
        ids.push_str(&format!(
            "\"r{i}.pure.cloud\":\"5b0c7e64-2f1d-4c8a-9e3b-7a41d2c9f015\","
        ));
        code.push_str(&format!(
            "window.addEventListener(\"message\",h{i});function h{i}(e){{PureCloud.clickToDial(e.data)}}\
             var apiKey{i}=\"c9f1e2d3a4b5c6d7e8f9a0b1{i}\";parent.postMessage(m,\"*\");\
             PureCloud.User.getAuthToken(function(t){{console.log(t)}});eval(\"x{i}\");\
             window.Framework.k{i}=1;x{i}=a?b:c?d:[e,{{f:g}}];"
        ));
    }
    format!(
        "window.Framework={{config:{{name:\"x\",name:\"y\",clientIds:{{{ids}}},settings:{{{settings}}},customInteractionAttributes:[]}}}};{code}"
    )
}
