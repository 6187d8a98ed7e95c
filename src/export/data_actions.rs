//! A data source as a Genesys data action: the same request and mapping, run on Genesys'
//! servers (Architect flows, the `proxy` screen-pop route). Settings are filled in from the
//! instance; runtime inputs become `${input.x}` (URL-escaped in the URL, JSON-escaped in the
//! body); the mapping becomes a translation map over the whole response, with its defaults
//! as JSON text; inputs and outputs are described by JSON Schema contracts.

use serde_json::{Map, Value, json};

use crate::datasource::input_name;
use crate::datasource::setting;
use crate::datasource::template::{self, Var, placeholders};
use crate::jsonpath::Query;
use crate::workspace::{DataSource, Integration, IntegrationType};

const SCHEMA: &str = "http://json-schema.org/draft-04/schema#";

#[derive(Clone, Copy, PartialEq)]
enum Place {
    Url,
    Header,
    Body,
}

/// A template rewritten for a data action; the runtime inputs it uses are added to `inputs`.
fn rewrite(
    t: &IntegrationType,
    inst: Option<&Integration>,
    text: &str,
    place: Place,
    inputs: &mut Vec<String>,
) -> String {
    let mut out = String::new();
    let mut last = 0;
    for (name, at) in placeholders(text) {
        out.push_str(&text[last..at]);
        last = at + name.len() + 2;
        if let Some(Var { value, is_url }) = setting(t, inst, &name) {
            out.push_str(&match place {
                Place::Url if at == 0 && is_url => value,
                Place::Url => template::percent_encode(&value),
                Place::Header => value,
                Place::Body => {
                    let q = Value::String(value).to_string();
                    q[1..q.len() - 1].to_string()
                }
            });
            continue;
        }
        let input = input_name(&name);
        if !inputs.contains(&input) {
            inputs.push(input.clone());
        }
        out.push_str(&match place {
            Place::Url => format!("$esc.url(${{input.{input}}})"),
            Place::Header => format!("${{input.{input}}}"),
            Place::Body => format!("$esc.jsonString(${{input.{input}}})"),
        });
    }
    out.push_str(&text[last..]);
    out
}

/// An output's JSON Schema type.
fn output_schema(ds: &DataSource, output: &str, many: bool) -> Value {
    let one = match ds.types.get(output).and_then(Value::as_str) {
        Some("number") => json!({"type": "number"}),
        Some("boolean") => json!({"type": "boolean"}),
        Some("datetime") => json!({"type": "string", "format": "date-time"}),
        _ => json!({"type": "string"}),
    };
    if many {
        json!({"type": "array", "items": one})
    } else {
        one
    }
}

/// The data action for one data source.
pub fn action(t: &IntegrationType, inst: Option<&Integration>, ds: &DataSource) -> Value {
    let mut inputs = Vec::new();
    let url = rewrite(
        t,
        inst,
        ds.rest_endpoint.as_deref().unwrap_or(""),
        Place::Url,
        &mut inputs,
    );
    let headers: Map<String, Value> = ds
        .request_headers
        .iter()
        .map(|(k, v)| {
            let text = v.as_str().unwrap_or_default();
            (
                k.clone(),
                Value::String(rewrite(t, inst, text, Place::Header, &mut inputs)),
            )
        })
        .collect();
    let body = match &ds.body {
        Some(b) => rewrite(t, inst, b, Place::Body, &mut inputs),
        None => "${input.rawRequest}".to_string(),
    };
    let many = ds
        .records
        .as_deref()
        .and_then(|r| Query::parse(r).ok())
        .is_some_and(|q| !q.is_singular());
    let records = ds.records.as_deref().unwrap_or("$");
    let mut translation = Map::new();
    let mut success = Vec::new();
    let mut outputs = Map::new();
    for (output, path) in &ds.response_mapping {
        let rel = path.as_str().unwrap_or("$");
        let full = format!("{records}{}", rel.strip_prefix('$').unwrap_or(rel));
        translation.insert(output.clone(), Value::String(full));
        success.push(format!("\"{output}\": ${{{output}}}"));
        outputs.insert(output.clone(), output_schema(ds, output, many));
    }
    let defaults: Map<String, Value> = ds
        .mapping_defaults
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.to_string())))
        .collect();
    let input_props: Map<String, Value> = inputs
        .iter()
        .map(|i| (i.clone(), json!({"type": "string"})))
        .collect();
    let name = ds.display_name.clone().unwrap_or_else(|| ds.name.clone());
    json!({
        "name": name,
        "category": t.name,
        "secure": false,
        "contract": {
            "input": {"inputSchema": {
                "$schema": SCHEMA,
                "title": format!("{} input", ds.name),
                "type": "object",
                "required": inputs,
                "properties": input_props,
                "additionalProperties": true,
            }},
            "output": {"successSchema": {
                "$schema": SCHEMA,
                "title": format!("{} output", ds.name),
                "type": "object",
                "properties": outputs,
                "additionalProperties": true,
            }},
        },
        "config": {
            "request": {
                "requestUrlTemplate": url,
                "requestType": ds.method.clone().unwrap_or_else(|| "GET".into()),
                "headers": headers,
                "requestTemplate": body,
            },
            "response": {
                "translationMap": translation,
                "translationMapDefaults": defaults,
                "successTemplate": format!("{{{}}}", success.join(", ")),
            },
        },
    })
}
