//! Writing a value as compact JSON text, as serde_json's `to_string` writes it.

use super::*;

/// The JSON text of `v`, as serde_json writes it without spaces (tests hold the two
/// equal). The runtime module writes its answers with this rather than serde_json's
/// serialiser, which with its `Display` plumbing was several KB of the module.
pub fn text(v: &Value) -> String {
    let mut out = String::new();
    write(v, &mut out);
    out
}

pub(super) fn write(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&crate::standin::float::number_text(n)),
        Value::String(s) => string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => write_map(map, out),
    }
}

/// The JSON text of an object's members.
pub fn text_of_map(map: &Map<String, Value>) -> String {
    let mut out = String::new();
    write_map(map, &mut out);
    out
}

pub(super) fn write_map(map: &Map<String, Value>, out: &mut String) {
    out.push('{');
    for (i, (k, item)) in map.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(k, out);
        out.push(':');
        write(item, out);
    }
    out.push('}');
}

/// `s` as a JSON string: quotes, backslashes and control characters escaped as serde_json
/// escapes them.
pub fn string(s: &str, out: &mut String) {
    pub(super) const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..0x20 => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        plain = i + 1;
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(&s[plain..]);
    out.push('"');
}
