//! `framesmith test-source`: run a data source offline against saved CRM responses and
//! show the request(s) it would send and the records it maps, so an admin can check a
//! mapping before any agent depends on it.

use crate::io::*;
use std::path::Path;
use std::path::PathBuf;

use framesmith::Workspace;
use framesmith::datasource::{self, ExecError, Inputs, Request};
use serde_json::{Map, Value, json};

/// Why the command stopped.
pub enum Failure {
    /// The workspace has no such data source, or an input is malformed (exit 2).
    Usage(String),
    /// A response file could not be read (exit 2).
    Read(PathBuf, std::io::Error),
    /// The data source failed on a response (exit 1): what it produced before, and why.
    Exec(Box<(Value, ExecError)>),
    /// A live request or the token could not be had (exit 1).
    Live(String),
}

fn request_json(r: &Request) -> Value {
    let headers: Map<String, Value> = r
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    json!({"method": r.method, "url": r.url, "headers": headers, "body": r.body})
}

/// What the command prints: the requests sent (or that would be) and the records mapped.
fn output(requests: &[Request], records: &[Value]) -> Value {
    json!({
        "requests": requests.iter().map(request_json).collect::<Vec<_>>(),
        "records": records,
    })
}

/// Sends one request, giving the status and the body.
type Sender = Box<dyn Fn(&Request, usize) -> Result<(u16, Vec<u8>), String>>;

#[cfg(not(target_arch = "wasm32"))]
fn connect(
    ty: &framesmith::workspace::IntegrationType,
    instance: Option<&framesmith::workspace::Integration>,
    token: Option<String>,
    timeout: std::time::Duration,
) -> Result<Sender, Failure> {
    let live = crate::live::Live::new(ty, instance, token, timeout).map_err(Failure::Live)?;
    Ok(Box::new(move |r, limit| live.send(r, limit)))
}

#[cfg(target_arch = "wasm32")]
fn connect(
    _: &framesmith::workspace::IntegrationType,
    _: Option<&framesmith::workspace::Integration>,
    _: Option<String>,
    _: std::time::Duration,
) -> Result<Sender, Failure> {
    Err(Failure::Live("--live needs the native build".into()))
}

pub struct Args<'a> {
    pub source: &'a str,
    pub integration: Option<&'a str>,
    pub inputs: &'a [String],
    pub responses: &'a [PathBuf],
    pub status: u16,
    /// Send the requests for real (`--live`), with this token if one was given.
    pub live: Option<Option<String>>,
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
    let mut runtime = serde_json::Map::new();
    for kv in a.inputs {
        let Some((k, v)) = kv.split_once('=') else {
            return Err(Failure::Usage(format!(
                "--input {kv:?}: write name=value, such as phone=+353 1 555 0100"
            )));
        };
        runtime.insert(k.to_string(), v.into());
    }
    let inputs = Inputs {
        integration_type: Some(ty),
        instance,
        runtime,
    };
    let first = datasource::request(ds, &inputs)
        .map_err(|error| Failure::Exec(Box::new((output(&[], &[]), error))))?;
    let live = match &a.live {
        Some(token) => {
            let timeout = ds
                .timeout_seconds
                .unwrap_or(datasource::DEFAULT_TIMEOUT_SECONDS);
            Some(connect(
                ty,
                instance,
                token.clone(),
                std::time::Duration::from_secs(timeout.clamp(1, 60) as u64),
            )?)
        }
        None => None,
    };
    let limit = ds
        .max_response_bytes
        .unwrap_or(datasource::DEFAULT_MAX_RESPONSE_BYTES)
        .max(0) as usize;
    let mut requests = vec![first.clone()];
    let mut records = Vec::new();
    let mut i = 0;
    loop {
        let (status, body) = match &live {
            Some(send) => send(&requests[i], limit).map_err(Failure::Live)?,
            None => {
                let Some(file) = a.responses.get(i) else {
                    break;
                };
                let body = read_at_most(file, limit).map_err(|e| Failure::Read(file.clone(), e))?;
                (a.status, body)
            }
        };
        let page = datasource::page(ds, status, &body, i as u64 + 1).map_err(|error| {
            let so_far = output(&requests, &records);
            Failure::Exec(Box::new((so_far, error)))
        })?;
        records.extend(page.records.into_iter().map(Value::Object));
        let Some(next) = page.next else { break };
        if live.is_none() && i + 1 == a.responses.len() {
            break;
        }
        let request = datasource::next_request(ds, &first, next).map_err(|error| {
            let so_far = output(&requests, &records);
            Failure::Exec(Box::new((so_far, error)))
        })?;
        requests.push(request);
        i += 1;
    }
    Ok(output(&requests, &records))
}

/// At most `limit + 1` bytes of a saved response, as the live mode reads from the network:
/// enough to tell a body over the limit, never the whole of `/dev/zero`.
fn read_at_most(file: &std::path::Path, limit: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut body = Vec::new();
    std::fs::File::open(file)?
        .take(limit as u64 + 1)
        .read_to_end(&mut body)?;
    Ok(body)
}

/// The command as `main` runs it.
pub(crate) fn command(path: &Path, args: &Args<'_>) -> Result<u8, CliError> {
    let (_, checked) = load(path)?;
    match run(&checked.workspace, args) {
        Ok(out) => {
            outln!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            Ok(0)
        }
        Err(Failure::Usage(m)) => {
            errln!("error: {m}");
            Ok(2)
        }
        Err(Failure::Read(p, source)) => Err(CliError::Read { path: p, source }),
        Err(Failure::Live(m)) => {
            errln!("error: {m}");
            Ok(1)
        }
        Err(Failure::Exec(failed)) => {
            let (output, error) = *failed;
            outln!(
                "{}",
                serde_json::to_string_pretty(&output).unwrap_or_default()
            );
            errln!("error: {error}");
            Ok(1)
        }
    }
}
