//! `framesmith test-source`: run a data source offline against saved CRM responses and
//! show the request(s) it would send and the records it maps, so an admin can check a
//! mapping before any agent depends on it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use framesmith::Workspace;
use framesmith::datasource::{self, ExecError, Inputs, Next, Request};
use serde_json::{Map, Value, json};

/// Why the command stopped.
pub enum Failure {
    /// The workspace has no such data source, or an input is malformed (exit 2).
    Usage(String),
    /// A response file could not be read (exit 2).
    Read(PathBuf, std::io::Error),
    /// The data source failed on a response (exit 1): what it produced before, and why.
    Exec(Box<(Value, ExecError)>),
}

fn request_json(r: &Request) -> Value {
    let headers: Map<String, Value> = r
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    json!({"method": r.method, "url": r.url, "headers": headers, "body": r.body})
}

/// `url` with `name=value` set in its query (replacing an earlier value).
fn with_param(url: &str, name: &str, value: &str) -> String {
    let (base, fragment) = url
        .split_once('#')
        .map_or((url, None), |(b, f)| (b, Some(f)));
    let (path, query) = base.split_once('?').map_or((base, ""), |(p, q)| (p, q));
    let mut parts: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some(name))
        .map(str::to_string)
        .collect();
    parts.push(format!(
        "{}={}",
        datasource::template::percent_encode(name),
        datasource::template::percent_encode(value)
    ));
    let mut out = format!("{path}?{}", parts.join("&"));
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

pub struct Args<'a> {
    pub source: &'a str,
    pub integration: Option<&'a str>,
    pub inputs: &'a [String],
    pub responses: &'a [PathBuf],
    pub status: u16,
}

pub fn run(ws: &Workspace, a: &Args<'_>) -> Result<Value, Failure> {
    let found = ws.integration_types.iter().find_map(|t| {
        t.data_sources
            .iter()
            .find(|d| d.name == a.source)
            .map(|d| (t, d))
    });
    let Some((ty, ds)) = found else {
        let names: Vec<&str> = ws
            .integration_types
            .iter()
            .flat_map(|t| t.data_sources.iter().map(|d| d.name.as_str()))
            .collect();
        return Err(Failure::Usage(format!(
            "no data source {:?}; the workspace defines: {}",
            a.source,
            if names.is_empty() {
                "none".into()
            } else {
                names.join(", ")
            }
        )));
    };
    let instance = match a.integration {
        Some(name) => Some(
            ws.integration(name)
                .ok_or_else(|| Failure::Usage(format!("no integration instance {name:?}")))?,
        ),
        None => ws.integrations.iter().find(|i| i.kind == ty.name),
    };
    let mut runtime = BTreeMap::new();
    for kv in a.inputs {
        let Some((k, v)) = kv.split_once('=') else {
            return Err(Failure::Usage(format!(
                "--input {kv:?}: write name=value, such as phone=+353 1 555 0100"
            )));
        };
        runtime.insert(k.to_string(), v.to_string());
    }
    let inputs = Inputs {
        integration_type: Some(ty),
        instance,
        runtime,
    };
    let first = datasource::request(ds, &inputs).map_err(|error| {
        Failure::Exec(Box::new((json!({"requests": [], "records": []}), error)))
    })?;
    let pagination = ds.pagination.clone().unwrap_or_default();
    let param = |k: &str| {
        pagination
            .get(k)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let mut requests = vec![first.clone()];
    let mut records = Vec::new();
    for (i, file) in a.responses.iter().enumerate() {
        let body = std::fs::read(file).map_err(|e| Failure::Read(file.clone(), e))?;
        let page = datasource::page(ds, a.status, &body, i as u64 + 1).map_err(|error| {
            let so_far = json!({
                "requests": requests.iter().map(request_json).collect::<Vec<_>>(),
                "records": records,
            });
            Failure::Exec(Box::new((so_far, error)))
        })?;
        records.extend(page.records.into_iter().map(Value::Object));
        let Some(next) = page.next else { break };
        if i + 1 == a.responses.len() {
            break;
        }
        let url = match next {
            Next::Url(u) => u,
            Next::Page(n) => with_param(
                &first.url,
                &param("page").unwrap_or_default(),
                &n.to_string(),
            ),
            Next::Cursor(c) => with_param(
                &first.url,
                &param("cursorParam").unwrap_or_else(|| "cursor".into()),
                &c,
            ),
        };
        requests.push(Request {
            url,
            ..first.clone()
        });
    }
    Ok(json!({
        "requests": requests.iter().map(request_json).collect::<Vec<_>>(),
        "records": records,
    }))
}

#[cfg(test)]
mod tests {
    use super::with_param;

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
}
