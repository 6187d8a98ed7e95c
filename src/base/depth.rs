//! Reading data from an untrusted source (a JS object from the page) into a JSON value
//! with a nesting limit. Deserialising `serde_json::Value` directly recurses once per level;
//! in wasm the stack lives in linear memory, so a deeply nested or cyclic object could run
//! it over. The limit turns that into an ordinary error long before.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Deeper than any workspace (they nest five or six levels).
pub const MAX_DEPTH: usize = 64;

/// Deserialise a JSON value, refusing data nested deeper than `MAX_DEPTH`. Whole numbers
/// that arrive as floats (JavaScript has no integers) become integers, so `3600` reads back
/// as `3600` and not `3600.0`.
pub fn value<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    value_within(d, MAX_DEPTH)
}

/// `value` with another nesting limit (CRM responses are held to 50 levels).
pub fn value_within<'de, D: Deserializer<'de>>(d: D, limit: usize) -> Result<Value, D::Error> {
    Seed { depth: 0, limit }.deserialize(d)
}

#[derive(Clone, Copy)]
struct Seed {
    depth: usize,
    limit: usize,
}

impl Seed {
    fn deeper<E: de::Error>(self) -> Result<Seed, E> {
        if self.depth >= self.limit {
            Err(E::custom(too_deep(self.limit)))
        } else {
            Ok(Seed {
                depth: self.depth + 1,
                limit: self.limit,
            })
        }
    }
}

impl<'de> DeserializeSeed<'de> for Seed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// The largest integer a JS number holds exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

pub const NOT_FINITE: &str = "a number that is not finite (NaN or Infinity)";

/// A JS number as JSON: whole numbers as integers, `None` for NaN and the infinities.
pub fn number(v: f64) -> Option<Value> {
    if v.fract() == 0.0 && v.abs() <= MAX_SAFE {
        return Some(Value::Number((v as i64).into()));
    }
    Number::from_f64(v).map(Value::Number)
}

/// The message for workspace text (TOML, JSON) nested deeper than `MAX_DEPTH`.
pub fn text_too_deep() -> String {
    format!(
        "nested more than {MAX_DEPTH} levels deep: a workspace nests five or six levels, so this is not one"
    )
}

/// The message for data nested deeper than `limit`.
pub fn too_deep(limit: usize) -> String {
    format!("the data is nested more than {limit} levels deep (or refers to itself)")
}

impl<'de> Visitor<'de> for Seed {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("plain data: objects, arrays, strings, numbers, booleans or null")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        number(v).ok_or_else(|| E::custom(NOT_FINITE))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.deeper()?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(v) = seq.next_element_seed(inner)? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.deeper()?;
        let mut out = Map::new();
        while let Some(k) = map.next_key::<String>()? {
            let v = map.next_value_seed(inner)?;
            out.insert(k, v);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Value, serde_json::Error> {
        // serde_json stops at 128 levels itself; our limit must bite first.
        value(&mut serde_json::Deserializer::from_str(text))
    }

    #[test]
    fn reads_plain_data_unchanged() {
        let text = r#"{"a":[1,-2,3.5,true,null,"x"],"b":{"c":{}}}"#;
        assert_eq!(
            read(text).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }

    #[test]
    fn whole_floats_become_integers() {
        assert_eq!(read("3600.0").unwrap(), serde_json::json!(3600));
        assert_eq!(read("1e300").unwrap(), serde_json::json!(1e300));
    }

    #[test]
    fn refuses_data_nested_past_the_limit() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(read(&ok).is_ok());
        let deep = "[".repeat(100) + &"]".repeat(100);
        let e = read(&deep).unwrap_err().to_string();
        assert!(e.contains("nested more than 64"), "{e}");
    }
}
