//! Each mapped value as its output's declared type, and objects flattened into dotted
//! names, as Genesys' data actions do.

use super::*;

/// A value as its output's declared type (`types`), or a typed error.
pub(super) fn coerce(
    ds: &DataSource,
    record: usize,
    output: &str,
    v: Value,
) -> Result<Value, ExecError> {
    let Some(expected) = ds.types.get(output).and_then(Value::as_str) else {
        return Ok(v);
    };
    let ok = match (expected, &v) {
        ("string", Value::String(_)) => Some(v.clone()),
        ("string", Value::Number(n)) => Some(Value::String(crate::standin::float::number_text(n))),
        ("string", Value::Bool(b)) => Some(Value::String(b.to_string())),
        ("number", Value::Number(_)) => Some(v.clone()),
        ("number", Value::String(s)) => crate::standin::float::parse(s.trim())
            .and_then(serde_json::Number::from_f64)
            .map(|n| match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 9e15 => Value::from(f as i64),
                _ => Value::Number(n),
            }),
        ("boolean", Value::Bool(_)) => Some(v.clone()),
        ("boolean", Value::String(s)) => match s.to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        ("datetime", Value::String(s)) if is_datetime(s) => Some(v.clone()),
        _ => None,
    };
    ok.ok_or_else(|| ExecError::WrongType {
        record,
        output: output.to_string(),
        expected: expected.to_string(),
        value: Box::new(v),
    })
}

/// RFC 3339 date or date-time (`2024-05-01`, `2024-05-01T10:00:00Z`, with fraction and
/// offset): TOML's date shapes, less a bare time of day.
pub(super) fn is_datetime(s: &str) -> bool {
    s.len() >= 10 && s.as_bytes()[4] == b'-' && crate::base::datetime::datetime_shape(s)
}

/// Nested values become dotted names: `address.city`, `phones.0`.
pub(super) fn flatten(name: &str, v: Value, out: &mut Map<String, Value>) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                flatten(&format!("{name}.{k}"), x, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, x) in items.into_iter().enumerate() {
                flatten(&format!("{name}.{i}"), x, out);
            }
        }
        other => {
            out.insert(name.to_string(), other);
        }
    }
}
