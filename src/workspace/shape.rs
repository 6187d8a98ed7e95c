//! A small declarative description of the workspace's shape. One description drives three
//! things, so they cannot drift apart: structural checks with precise diagnostics (unknown
//! keys with the nearest known one, wrong types, values outside a set), the cleaned value the
//! typed model is read from, and the JSON Schema `framesmith schema` prints.

use serde_json::{Map, Value, json};

use crate::base::pointer;
use crate::base::suggest::nearest;
use crate::diagnostic::{Code, Diagnostic, Severity, quote};

/// What a value must look like.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    Str,
    Enum(&'static [&'static str]),
    Bool,
    Int,
    Any,
    List(&'static Shape),
    Object(&'static Obj),
    /// A table with free keys whose values share one shape.
    Map(&'static Shape),
}

/// How a table treats keys it does not declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// Our own tables: an unknown key is almost certainly a typo.
    Error,
    /// Tables spelled as Genesys or a CRM spells them: they may add keys we do not know.
    Warn,
}

#[derive(Debug, Clone, Copy)]
pub struct Obj {
    pub title: &'static str,
    pub fields: &'static [Field],
    pub unknown: Unknown,
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub shape: Shape,
    pub required: bool,
    pub doc: &'static str,
}

impl Obj {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

fn describe(shape: &Shape) -> &'static str {
    match shape {
        Shape::Str | Shape::Enum(_) => "a string",
        Shape::Bool => "true or false",
        Shape::Int => "a whole number",
        Shape::Any => "a value",
        Shape::List(_) => "a list",
        Shape::Object(_) | Shape::Map(_) => "a table",
    }
}

/// How a JSON value is called in messages, with the value itself where it is short.
pub fn found(v: &Value) -> String {
    match v {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {}", quote(s)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a table".into(),
    }
}

/// Check `value` against `shape`, reporting every problem, and return the part of the
/// value that fits (wrong-typed values and unknown keys left out), or `None` when nothing
/// fits. The source is never modified.
pub fn clean(
    value: &Value,
    shape: &Shape,
    path: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Value> {
    walk(value, shape, &mut String::from(path), diags)
}

/// `clean` with the path in a buffer the walk appends to and truncates back: a path is
/// copied only into a finding, and most values have none.
fn walk(
    value: &Value,
    shape: &Shape,
    path: &mut String,
    diags: &mut Vec<Diagnostic>,
) -> Option<Value> {
    let wrong = |path: &str, diags: &mut Vec<Diagnostic>| {
        diags.push(Diagnostic::new(
            Code::SchemaWrongType,
            path,
            format!("expected {}, found {}", describe(shape), found(value)),
            format!("write {} here", describe(shape)),
        ));
        None
    };
    match (shape, value) {
        (_, Value::Null) if !matches!(shape, Shape::Any) => None,
        (Shape::Any, _) => Some(value.clone()),
        (Shape::Str, Value::String(_)) | (Shape::Bool, Value::Bool(_)) => Some(value.clone()),
        (Shape::Int, Value::Number(n)) if n.is_i64() || n.is_u64() => Some(value.clone()),
        (Shape::Enum(allowed), Value::String(s)) => {
            if allowed.contains(&s.as_str()) {
                Some(value.clone())
            } else {
                let hint = match nearest(s, allowed.iter()) {
                    Some(n) => {
                        format!("did you mean {}? Allowed: {}", quote(n), allowed.join(", "))
                    }
                    None => format!("use one of: {}", allowed.join(", ")),
                };
                diags.push(Diagnostic::new(
                    Code::SchemaInvalidValue,
                    path.as_str(),
                    format!("{} is not allowed here", quote(s)),
                    hint,
                ));
                None
            }
        }
        (Shape::List(item), Value::Array(items)) => {
            let at = path.len();
            let mut out = Vec::with_capacity(items.len());
            for (i, v) in items.iter().enumerate() {
                pointer::index_into(path, i);
                out.extend(walk(v, item, path, diags));
                path.truncate(at);
            }
            Some(Value::Array(out))
        }
        (Shape::Map(item), Value::Object(map)) => {
            let at = path.len();
            let mut out = Map::with_capacity(map.len());
            for (k, v) in map {
                pointer::push_into(path, k);
                if let Some(c) = walk(v, item, path, diags) {
                    out.insert(k.clone(), c);
                }
                path.truncate(at);
            }
            Some(Value::Object(out))
        }
        (Shape::Object(obj), Value::Object(map)) => Some(clean_object(obj, map, path, diags)),
        _ => wrong(path, diags),
    }
}

fn clean_object(
    obj: &Obj,
    map: &Map<String, Value>,
    path: &mut String,
    diags: &mut Vec<Diagnostic>,
) -> Value {
    let mut out = Map::with_capacity(map.len());
    let at = path.len();
    for (k, v) in map {
        pointer::push_into(path, k);
        match obj.field(k) {
            Some(field) => {
                if let Some(c) = walk(v, &field.shape, path, diags) {
                    out.insert(k.clone(), c);
                }
            }
            None => diags.push(unknown_key(obj, k, path)),
        }
        path.truncate(at);
    }
    for field in obj
        .fields
        .iter()
        .filter(|f| f.required && !map.contains_key(f.name))
    {
        diags.push(Diagnostic::new(
            Code::SchemaMissingKey,
            pointer::push(path, field.name),
            format!("{} has no `{}`", obj.title, field.name),
            format!("add `{}`: {}", field.name, field.doc),
        ));
    }
    Value::Object(out)
}

fn unknown_key(obj: &Obj, key: &str, path: &str) -> Diagnostic {
    let names = obj.fields.iter().map(|f| f.name);
    let hint = match nearest(key, names) {
        Some(n) => format!("did you mean `{n}`?"),
        None => {
            let all: Vec<&str> = obj.fields.iter().map(|f| f.name).collect();
            format!("remove it; {} takes: {}", obj.title, all.join(", "))
        }
    };
    let severity = match obj.unknown {
        Unknown::Error => Severity::Error,
        Unknown::Warn => Severity::Warning,
    };
    Diagnostic::new(
        Code::SchemaUnknownKey,
        path,
        format!("{} has no key {}", obj.title, quote(key)),
        hint,
    )
    .with_severity(severity)
}

/// The JSON Schema (draft 2020-12) of a shape.
pub fn json_schema(shape: &Shape) -> Value {
    match shape {
        Shape::Str => json!({"type": "string"}),
        Shape::Enum(values) => json!({"type": "string", "enum": values}),
        Shape::Bool => json!({"type": "boolean"}),
        Shape::Int => json!({"type": "integer"}),
        Shape::Any => json!({}),
        Shape::List(item) => json!({"type": "array", "items": json_schema(item)}),
        Shape::Map(item) => json!({"type": "object", "additionalProperties": json_schema(item)}),
        Shape::Object(obj) => {
            let mut props = Map::new();
            for f in obj.fields {
                let mut s = json_schema(&f.shape);
                if let Value::Object(m) = &mut s {
                    m.insert("description".into(), Value::String(f.doc.into()));
                }
                props.insert(f.name.into(), s);
            }
            let required: Vec<&str> = obj
                .fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name)
                .collect();
            json!({
                "type": "object",
                "title": obj.title,
                "properties": props,
                "required": required,
                "additionalProperties": obj.unknown == Unknown::Warn,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static INNER: Obj = Obj {
        title: "inner",
        fields: &[Field {
            name: "flag",
            shape: Shape::Bool,
            required: true,
            doc: "a flag",
        }],
        unknown: Unknown::Warn,
    };
    static OUTER: Obj = Obj {
        title: "outer",
        fields: &[
            Field {
                name: "kind",
                shape: Shape::Enum(&["private", "public"]),
                required: false,
                doc: "kind",
            },
            Field {
                name: "count",
                shape: Shape::Int,
                required: false,
                doc: "count",
            },
            Field {
                name: "names",
                shape: Shape::List(&Shape::Str),
                required: false,
                doc: "names",
            },
            Field {
                name: "inner",
                shape: Shape::Object(&INNER),
                required: false,
                doc: "inner",
            },
        ],
        unknown: Unknown::Error,
    };

    #[test]
    fn reports_every_problem_and_keeps_what_fits() {
        let v = json!({"kind": "privat", "count": "3", "names": ["a", 2, "c"], "inner": {"extra": 1}, "cuont": 1});
        let mut diags = Vec::new();
        let cleaned = clean(&v, &Shape::Object(&OUTER), "", &mut diags).unwrap();
        assert_eq!(cleaned, json!({"names": ["a", "c"], "inner": {}}));
        let got: Vec<(Code, &str, Severity)> = diags
            .iter()
            .map(|d| (d.code, d.path.as_str(), d.severity))
            .collect();
        assert_eq!(
            got,
            vec![
                (Code::SchemaInvalidValue, "/kind", Severity::Error),
                (Code::SchemaWrongType, "/count", Severity::Error),
                (Code::SchemaWrongType, "/names/1", Severity::Error),
                (Code::SchemaUnknownKey, "/inner/extra", Severity::Warning),
                (Code::SchemaMissingKey, "/inner/flag", Severity::Error),
                (Code::SchemaUnknownKey, "/cuont", Severity::Error),
            ]
        );
        assert!(diags[0].hint.contains("\"private\""));
        assert!(diags[5].hint.contains("`count`"));
    }

    #[test]
    fn schema_mirrors_the_shape() {
        let s = json_schema(&Shape::Object(&OUTER));
        assert_eq!(s["additionalProperties"], false);
        assert_eq!(s["properties"]["inner"]["additionalProperties"], true);
        assert_eq!(s["properties"]["inner"]["required"], json!(["flag"]));
        assert_eq!(
            s["properties"]["kind"]["enum"],
            json!(["private", "public"])
        );
    }
}
