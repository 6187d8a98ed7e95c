//! The session's wire format: the route a lookup takes, the actions framework.js carries out
//! (fetches, pops, token requests, answers to the softphone) and their JSON.

use super::*;

/// How a lookup reaches the CRM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Route {
    /// The CRM page's host adapter sends the request same-origin.
    Host,
    /// A Genesys data action runs it, with the agent's Genesys token.
    Proxy,
    /// framework.js fetches the CRM with CORS and a CRM token.
    Direct,
}

impl Route {
    pub fn name(self) -> &'static str {
        match self {
            Route::Host => "host",
            Route::Proxy => "proxy",
            Route::Direct => "direct",
        }
    }
}

/// What framework.js is to do next.
/// Written for framework.js by `Action::into_json`: `{do, ...}`, names in camelCase.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Send `request` and hand the answer to `Session::response` with `fetch`.
    Fetch {
        fetch: u64,
        interaction_id: String,
        request: Fetch,
        timeout_ms: u64,
        max_bytes: usize,
        /// Wait this long before sending (a retry after a 429 or 503); 0 sends at once.
        after_ms: u64,
        /// A screen pop's lookup (one tab sends it), not a search or call log the agent
        /// asked for in this tab.
        pops: bool,
        /// The route it takes: the CRM page's host adapter sends it, or framework.js.
        route: Route,
    },
    Pop(Pop),
    /// The answer to `contactSearch` request `request`: contacts in the shape the client
    /// takes (`{type: "external", name, phone: [{number, label}]}`), or why there are none.
    Contacts {
        request: u64,
        contacts: Vec<Value>,
        cause: Option<String>,
    },
    /// The answer to `processCallLog` request `request`: the CRM's id for the call log, or
    /// why it was not written.
    CallLogged {
        request: u64,
        id: Option<String>,
        cause: Option<String>,
    },
    /// Get a CRM token (direct route): the refresh-token grant, or the agent's sign-in when
    /// there is no refresh token; then hand the outcome to `Session::token`. The lookups
    /// that need it wait here.
    Refresh,
}

/// What a fetch is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Purpose {
    /// The screen pop's lookup, through `Session::lookups[n]`.
    Lookup(u8),
    /// `contactSearch` request n, through the `contact_search` data source.
    Contacts(u64),
    /// `processCallLog` request n, through the `call_log` data source: the log created.
    CallLog(u64),
    /// `processCallLog` request n of a log the CRM has (`callLog.id`), through
    /// `call_log_update`.
    CallLogUpdate(u64),
    /// Creating the record a lookup through `Session::lookups[n]` found none of
    /// (`screen_pop.create`), on that lookup's route.
    #[cfg(feature = "create")]
    Create(u8),
}

impl Purpose {
    /// A screen pop's own fetch (one tab sends it): the lookup, and the record it creates.
    pub(super) fn pops(self) -> bool {
        match self {
            Purpose::Lookup(_) => true,
            #[cfg(feature = "create")]
            Purpose::Create(_) => true,
            _ => false,
        }
    }
}

/// A request as framework.js sends it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetch {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

pub(super) fn put(m: &mut Map<String, Value>, key: &str, v: impl Into<Value>) {
    m.insert(key.to_string(), v.into());
}

pub(super) fn put_some(m: &mut Map<String, Value>, key: &str, v: Option<String>) {
    if let Some(v) = v {
        put(m, key, v);
    }
}

impl Action {
    /// The action as framework.js reads it. Written by hand: serde's derived serialiser of
    /// this enum was 3.8 KB of the runtime module.
    pub fn into_json(self) -> Value {
        let mut m = Map::new();
        match self {
            Action::Fetch {
                fetch,
                interaction_id,
                request,
                timeout_ms,
                max_bytes,
                after_ms,
                pops,
                route,
            } => {
                put(&mut m, "do", "fetch");
                put(&mut m, "fetch", fetch);
                put(&mut m, "interactionId", interaction_id);
                let mut r = Map::new();
                put(&mut r, "method", request.method);
                put(&mut r, "url", request.url);
                let headers: Vec<Value> = request
                    .headers
                    .into_iter()
                    .map(|(k, v)| Value::Array(vec![k.into(), v.into()]))
                    .collect();
                put(&mut r, "headers", headers);
                put_some(&mut r, "body", request.body);
                put(&mut m, "request", r);
                put(&mut m, "timeoutMs", timeout_ms);
                put(&mut m, "maxBytes", max_bytes);
                put(&mut m, "afterMs", after_ms);
                put(&mut m, "pops", pops);
                put(&mut m, "route", route.name());
            }
            Action::Pop(p) => {
                put(&mut m, "do", "pop");
                put(&mut m, "interactionId", p.interaction_id);
                put(&mut m, "kind", p.kind.name());
                put(&mut m, "url", p.url.map_or(Value::Null, Value::String));
                put(&mut m, "searchValue", p.search_value);
                if p.kind == crate::screenpop::pop::Kind::Multiple {
                    // What the agent may choose among: each record's id and display name,
                    // as addAssociation names a record.
                    let choices: Vec<Value> = p
                        .records
                        .iter()
                        .filter_map(crate::screenpop::pop::association)
                        .map(|a| {
                            let mut o = Map::new();
                            put(&mut o, "id", a.id);
                            put(&mut o, "text", a.text);
                            Value::Object(o)
                        })
                        .collect();
                    put(&mut m, "choices", choices);
                }
                let records: Vec<Value> = p.records.into_iter().map(Value::Object).collect();
                put(&mut m, "records", records);
                put_some(&mut m, "cause", p.cause);
                #[cfg(feature = "create")]
                if p.created {
                    put(&mut m, "created", true);
                }
                if let Some(a) = p.association {
                    let mut o = Map::new();
                    put(&mut o, "id", a.id);
                    put(&mut o, "text", a.text);
                    put(&mut m, "association", o);
                }
            }
            Action::Contacts {
                request,
                contacts,
                cause,
            } => {
                put(&mut m, "do", "contacts");
                put(&mut m, "request", request);
                put(&mut m, "contacts", contacts);
                put_some(&mut m, "cause", cause);
            }
            Action::CallLogged { request, id, cause } => {
                put(&mut m, "do", "callLogged");
                put(&mut m, "request", request);
                put_some(&mut m, "id", id);
                put_some(&mut m, "cause", cause);
            }
            Action::Refresh => put(&mut m, "do", "refresh"),
        }
        Value::Object(m)
    }
}

impl From<&Request> for Fetch {
    fn from(r: &Request) -> Self {
        Fetch {
            method: r.method.clone(),
            url: r.url.clone(),
            headers: r.headers.clone(),
            body: r.body.clone(),
        }
    }
}
