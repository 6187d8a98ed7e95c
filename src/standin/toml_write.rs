//! Writing a workspace value as TOML, in the layout of the example workspace: a table's
//! plain keys first, then its sub-tables as `[headers]`, then its arrays of tables as
//! `[[headers]]`; lists and tables inside lists inline. Every string is written as a basic
//! string with escapes, so no value can change the document's structure.
//!
//! Stands in for the `toml` crate's writer (with its serde layer, part of the 53 KB the
//! reader's note counts); tests/toml.rs has the crate read everything this writes back to
//! the same value.

use std::fmt::Write as _;

use serde_json::{Map, Value};

/// Whether a value is written as a section of its own rather than inline.
fn is_table(v: &Value) -> bool {
    v.is_object()
}

fn is_table_array(v: &Value) -> bool {
    matches!(v, Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object))
}

pub fn key(out: &mut String, k: &str) {
    if !k.is_empty()
        && k.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
    {
        out.push_str(k);
    } else {
        string(out, k);
    }
}

fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn inline(out: &mut String, v: &Value) {
    match v {
        // The caller refuses documents holding null (TOML has none).
        Value::Null => out.push_str("\"\""),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let text = n.to_string();
            out.push_str(&text);
            // JSON writes some floats without a point or exponent only when they are
            // integers, which serde_json then keeps as integers; nothing to add.
        }
        Value::String(s) => string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                inline(out, item);
            }
            out.push(']');
        }
        Value::Object(m) => {
            if m.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push_str("{ ");
            for (i, (k, v)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                key(out, k);
                out.push_str(" = ");
                inline(out, v);
            }
            out.push_str(" }");
        }
    }
}

fn header(out: &mut String, path: &[&str], array: bool) {
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(if array { "[[" } else { "[" });
    for (i, k) in path.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        key(out, k);
    }
    out.push_str(if array { "]]\n" } else { "]\n" });
}

fn table(out: &mut String, path: &mut Vec<String>, m: &Map<String, Value>, array: bool) {
    let plain: Vec<_> = m
        .iter()
        .filter(|(_, v)| !is_table(v) && !is_table_array(v))
        .collect();
    // A table with only sub-tables needs no header of its own (TOML defines it implicitly),
    // unless it is an element of an array of tables or is empty.
    if !path.is_empty() && (array || !plain.is_empty() || m.is_empty()) {
        let keys: Vec<&str> = path.iter().map(String::as_str).collect();
        header(out, &keys, array);
    }
    for (k, v) in plain {
        key(out, k);
        out.push_str(" = ");
        inline(out, v);
        out.push('\n');
    }
    for (k, v) in m.iter().filter(|(_, v)| is_table(v)) {
        path.push(k.clone());
        if let Value::Object(inner) = v {
            table(out, path, inner, false);
        }
        path.pop();
    }
    for (k, v) in m.iter().filter(|(_, v)| is_table_array(v)) {
        path.push(k.clone());
        if let Value::Array(items) = v {
            for item in items {
                if let Value::Object(inner) = item {
                    table(out, path, inner, true);
                }
            }
        }
        path.pop();
    }
}

/// A workspace value (a table) as a TOML document. The value must hold no null.
pub fn document(root: &Map<String, Value>) -> String {
    let mut out = String::new();
    table(&mut out, &mut Vec::new(), root, false);
    out
}
