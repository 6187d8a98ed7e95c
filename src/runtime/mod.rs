//! The runtime module's operations (issue 10), as the agent's framework.js and the page's
//! mapping preview call them: a request as JSON text (plus, for responses, the body as
//! bytes), an answer as JSON text. Kept apart from the wasm exports (`abi`) so that
//! every operation is tested natively; the exports only move bytes.

/// The wasm exports: what framework.js and the page's preview call.
#[cfg(all(target_arch = "wasm32", feature = "runtime"))]
pub mod abi;

use serde_json::Value;

use crate::datasource::{self, Prepared};
use crate::screenpop::session::Session;
use crate::screenpop::tokens;
use crate::screenpop::trigger::Event;
use crate::workspace::{Workspace, read};

/// The operations, numbered as framework.js calls them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `{workspace, deployment, apiDomain}`: start the deployment's session.
    Configure = 1,
    /// `{category, interaction}` (a subscription event) or `{searchString, interaction}`
    /// (the `screenPop` hook): `{action}`.
    Event = 2,
    /// `{fetch, status, retryAfterMs?}` and the body: `{action}`.
    Response = 3,
    /// `{fetch, cause}`: `{action}`.
    Failed = 4,
    /// `{}`: the counters.
    Stats = 5,
    /// A data source as the workspace JSON spells it: `{handle}`.
    Prepare = 6,
    /// `{handle, status}` and the body: `{records, next}`.
    Map = 7,
    /// `{handle}`: forget a prepared source.
    Release = 8,
    /// `{request, searchValue}`: the client's contactSearch, `{action}`.
    Contacts = 9,
    /// `{request, callLog, interaction, eventName}`: the client's processCallLog, `{action}`.
    CallLog = 10,
    /// The refresh or sign-in a `refresh` action asked for (direct route): `{token,
    /// expiresInMs, shared?}` or `{status, error?, message, retryAfterMs?}`:
    /// `{actions, retryAt}`.
    Token = 11,
    /// `{}`: the page became visible or the network came back: `{actions, retryAt}`.
    Wake = 12,
    /// `{}`: the time `retryAt` named has come: `{actions, retryAt}`.
    Tick = 13,
    /// `{number}`: the CRM page's click-to-dial number as E.164 with the deployment's
    /// default country: `{number}`, or `dial/number` naming why it cannot be dialled.
    Dial = 14,
}

impl Op {
    /// Every operation: the one table. framework.js's driver and the page's wrapper
    /// (www/runtime.js) write the subsets they call as `OP = {...}`; tests/ops.rs holds
    /// each to this table, and the TypeScript types to `Op::name`.
    pub const ALL: [Op; 14] = [
        Op::Configure,
        Op::Event,
        Op::Response,
        Op::Failed,
        Op::Stats,
        Op::Prepare,
        Op::Map,
        Op::Release,
        Op::Contacts,
        Op::CallLog,
        Op::Token,
        Op::Wake,
        Op::Tick,
        Op::Dial,
    ];

    pub fn from_number(n: u32) -> Option<Op> {
        Op::ALL.into_iter().find(|op| *op as u32 == n)
    }

    /// The name JavaScript calls the operation by (`OP.callLog`).
    pub fn name(self) -> &'static str {
        match self {
            Op::Configure => "configure",
            Op::Event => "event",
            Op::Response => "response",
            Op::Failed => "failed",
            Op::Stats => "stats",
            Op::Prepare => "prepare",
            Op::Map => "map",
            Op::Release => "release",
            Op::Contacts => "contacts",
            Op::CallLog => "callLog",
            Op::Token => "token",
            Op::Wake => "wake",
            Op::Tick => "tick",
            Op::Dial => "dial",
        }
    }
}

/// A failed operation: a stable code and a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: &'static str,
    pub message: String,
}

fn fail(code: &'static str, message: impl Into<String>) -> Failure {
    Failure {
        code,
        message: message.into(),
    }
}

/// Prepared sources kept at once, at most: the preview keeps one per data source edited.
const MAX_SOURCES: usize = 64;

#[derive(Default)]
pub struct Runtime {
    session: Option<Session<'static>>,
    sources: Vec<(u32, Prepared<'static>)>,
    next_handle: u32,
}

fn field<'v>(v: &'v Value, key: &str) -> Result<&'v Value, Failure> {
    v.get(key).ok_or_else(|| {
        fail(
            "input/missing",
            format!("the request has no {}", crate::diagnostic::quote(key)),
        )
    })
}

fn number(v: &Value, key: &str) -> Result<u64, Failure> {
    field(v, key)?.as_u64().ok_or_else(|| {
        fail(
            "input/not-index",
            format!("{key} must be a whole number from 0"),
        )
    })
}

impl Runtime {
    pub fn call(&mut self, op: Op, request: &[u8], body: &[u8]) -> Result<Value, Failure> {
        // One JSON reader for requests and responses: each reader is a copy of serde_json's
        // parser in the module.
        let req = datasource::parse_json(request)
            .map_err(|e| fail("input/not-json", format!("the request: {e}")))?;
        // Every operation may say the time (framework.js's clock, in milliseconds).
        if let (Some(now), Some(session)) =
            (req.get("now").and_then(Value::as_u64), &mut self.session)
        {
            session.set_now(now);
        }
        match op {
            Op::Configure => self.configure(&req),
            Op::Event => {
                let session = self.session()?;
                let interaction = field(&req, "interaction")?;
                let event = match req.get("searchString") {
                    Some(s) => Event::ScreenPopHook(s.as_str().unwrap_or(""), interaction),
                    None => Event::Interaction(
                        field(&req, "category")?.as_str().unwrap_or(""),
                        interaction,
                    ),
                };
                Ok(action(session.event(event)))
            }
            Op::Response => {
                let status = number(&req, "status")?.min(999) as u16;
                let fetch = number(&req, "fetch")?;
                let retry_after = req.get("retryAfterMs").and_then(Value::as_u64);
                let session = self.session()?;
                Ok(action(session.response(fetch, status, retry_after, body)))
            }
            Op::Failed => {
                let fetch = number(&req, "fetch")?;
                let cause = field(&req, "cause")?.as_str().unwrap_or("no answer");
                Ok(action(self.session()?.failed(fetch, cause)))
            }
            Op::Stats => {
                let session = self.session()?;
                let (s, t) = (session.stats(), session.token_counters());
                #[allow(unused_mut)]
                let mut stats = obj([
                    ("lookups", s.lookups.into()),
                    ("single", s.single.into()),
                    ("multiple", s.multiple.into()),
                    ("none", s.none.into()),
                    ("failed", s.failed.into()),
                    ("tokenRefreshes", t.refreshes.into()),
                    ("tokenFailures", t.failures.into()),
                    ("tokenRateLimited", t.rate_limited.into()),
                ]);
                // Only a module that can create counts what it created (the driver's
                // default is 0); the plain module's budget has no room for the member.
                #[cfg(feature = "create")]
                if let Value::Object(m) = &mut stats {
                    m.insert("created".into(), s.created.into());
                }
                Ok(stats)
            }
            // The builder page's preview only: framework.js never maps a page it did not
            // fetch, and the plain module's budget has no room for the text writer.
            Op::Prepare | Op::Map | Op::Release if !cfg!(feature = "preview") => Err(fail(
                "input/unknown-op",
                format!("{} is in the full runtime module only", op.name()),
            )),
            Op::Prepare => {
                let ds = read::data_source_value(&req);
                let prepared =
                    Prepared::owned(ds).map_err(|e| fail("map/bad-source", e.to_string()))?;
                if self.sources.len() >= MAX_SOURCES {
                    self.sources.remove(0);
                }
                self.next_handle += 1;
                self.sources.push((self.next_handle, prepared));
                Ok(obj([("handle", self.next_handle.into())]))
            }
            // Written as it is read, never built (`respond`).
            Op::Map => Err(fail("input/unknown-op", "map is answered by respond")),
            Op::Contacts => {
                let request = number(&req, "request")?;
                let value = field(&req, "searchValue")?.as_str().unwrap_or("");
                Ok(action(self.session()?.contact_search(request, value)))
            }
            Op::CallLog => {
                let request = number(&req, "request")?;
                let event = req.get("eventName").and_then(Value::as_str).unwrap_or("");
                let (log, interaction) = (field(&req, "callLog")?, field(&req, "interaction")?);
                let action =
                    self.session()?
                        .call_log(request, log, interaction, event, req.get("record"));
                Ok(self::action(action))
            }
            // Without the direct route no session waits for a token.
            Op::Token | Op::Wake | Op::Tick if !cfg!(feature = "direct") => {
                Ok(actions((Vec::new(), None)))
            }
            Op::Token => {
                let result = match req.get("token").and_then(Value::as_str) {
                    Some(token) if !token.is_empty() => Ok(tokens::Grant {
                        token: token.to_string(),
                        // A token endpoint that does not say stays an hour, as is usual; a
                        // 401 before then brings a new one.
                        expires_in_ms: req
                            .get("expiresInMs")
                            .and_then(Value::as_u64)
                            .unwrap_or(3_600_000),
                    }),
                    _ => Err(tokens::Failure {
                        status: req
                            .get("status")
                            .and_then(Value::as_u64)
                            .unwrap_or(0)
                            .min(999) as u16,
                        error: req.get("error").and_then(Value::as_str).map(str::to_string),
                        message: req
                            .get("message")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .chars()
                            .take(300)
                            .collect(),
                        retry_after_ms: req.get("retryAfterMs").and_then(Value::as_u64),
                    }),
                };
                let shared = req.get("shared").and_then(Value::as_bool) == Some(true);
                Ok(actions(self.session()?.token(result, shared)))
            }
            Op::Wake => Ok(actions(self.session()?.wake())),
            Op::Tick => Ok(actions(self.session()?.tick())),
            Op::Dial => {
                let raw = field(&req, "number")?.as_str().unwrap_or("");
                let number = self
                    .session()?
                    .dial_number(raw)
                    .map_err(|e| fail("dial/number", e))?;
                Ok(obj([("number", number.into())]))
            }
            Op::Release => {
                let handle = number(&req, "handle")?;
                self.sources.retain(|(h, _)| u64::from(*h) != handle);
                Ok(Value::Null)
            }
        }
    }

    /// `call`, answered as framework.js reads it (`answer`). A mapped page is written as it
    /// is read, never built as a value: it is most of the time of a large response.
    pub fn respond(&mut self, op: Op, request: &[u8], body: &[u8]) -> String {
        if op != Op::Map || !cfg!(feature = "preview") {
            return answer(self.call(op, request, body));
        }
        let mapped = datasource::parse_json(request)
            .map_err(|e| fail("input/not-json", format!("the request: {e}")))
            .and_then(|req| self.map(&req, body));
        match mapped {
            Ok(text) => text,
            Err(f) => answer(Err(f)),
        }
    }

    /// The answer to `{handle, status, page?}` with a body: `{"ok":{"next", "records"}}`.
    fn map(&self, req: &Value, body: &[u8]) -> Result<String, Failure> {
        let handle = number(req, "handle")?;
        let status = number(req, "status")?.min(999) as u16;
        let page_number = req.get("page").and_then(Value::as_u64).unwrap_or(1);
        let (records, _, next) = self
            .source(handle)?
            .page_text(status, body, page_number)
            .map_err(|e| fail("map/failed", e.to_string()))?;
        let next = next.map_or(Value::Null, |n| match n {
            datasource::Next::Url(u) => obj([("url", u.into())]),
            datasource::Next::Page(p) => obj([("page", p.into())]),
            datasource::Next::Cursor(c) => obj([("cursor", c.into())]),
        });
        let mut text = String::with_capacity(records.len() + 40);
        text.push_str("{\"ok\":{\"next\":");
        text.push_str(&crate::standin::json::text(&next));
        text.push_str(",\"records\":");
        text.push_str(&records);
        text.push_str("}}");
        Ok(text)
    }

    fn configure(&mut self, req: &Value) -> Result<Value, Failure> {
        if self.session.is_some() {
            return Err(fail(
                "runtime/configured",
                "the runtime is already configured",
            ));
        }
        let index = number(req, "deployment")? as usize;
        let domain = req.get("apiDomain").and_then(Value::as_str);
        // Leaked once for the page's lifetime: the session borrows it, and a second
        // configuration is refused above, so this is one workspace per framework.js.
        let ws: &'static Workspace = Box::leak(Box::new(read::workspace(field(req, "workspace")?)));
        let mut session =
            Session::new(ws, index, domain).map_err(|e| fail("runtime/setup", e.to_string()))?;
        if let Some(seed) = req.get("seed").and_then(Value::as_u64) {
            session.seed(seed);
        }
        let route = session.route();
        // What framework.js needs to sign the agent in to the CRM (direct route).
        let sign_in = session.sign_in().map_or(Value::Null, |s| {
            obj([
                ("authorize", s.authorize.as_str().into()),
                ("token", s.token.as_str().into()),
                ("clientId", s.client_id.as_str().into()),
                ("redirectUri", s.redirect_uri.as_str().into()),
                ("scope", s.scope.as_str().into()),
            ])
        });
        self.session = Some(session);
        Ok(obj([("route", route.name().into()), ("signIn", sign_in)]))
    }

    fn session(&mut self) -> Result<&mut Session<'static>, Failure> {
        self.session
            .as_mut()
            .ok_or_else(|| fail("runtime/not-configured", "configure the runtime first"))
    }

    fn source(&self, handle: u64) -> Result<&Prepared<'static>, Failure> {
        self.sources
            .iter()
            .find(|(h, _)| u64::from(*h) == handle)
            .map(|(_, p)| p)
            .ok_or_else(|| {
                fail(
                    "map/no-source",
                    "there is no prepared data source with that handle",
                )
            })
    }
}

/// An object of these members. By hand rather than `json!`, whose `to_value(...).unwrap()`
/// links serde's value serialiser and a panic message's formatting into the module.
fn obj<const N: usize>(members: [(&str, Value); N]) -> Value {
    let mut m = serde_json::Map::new();
    for (k, v) in members {
        m.insert(k.to_string(), v);
    }
    Value::Object(m)
}

/// `{action}`, null when the event leads nowhere.
fn action(a: Option<crate::screenpop::session::Action>) -> Value {
    let mut m = serde_json::Map::new();
    m.insert(
        "action".to_string(),
        a.map_or(Value::Null, crate::screenpop::session::Action::into_json),
    );
    Value::Object(m)
}

/// `{actions, retryAt}`: what the token's outcome released, and when to `tick` (null when
/// nothing waits for the clock).
fn actions((list, retry_at): (Vec<crate::screenpop::session::Action>, Option<u64>)) -> Value {
    let list = list
        .into_iter()
        .map(crate::screenpop::session::Action::into_json)
        .collect();
    obj([
        ("actions", Value::Array(list)),
        ("retryAt", retry_at.map_or(Value::Null, Value::from)),
    ])
}

/// The answer framework.js reads: `{"ok": value}` or `{"error": {code, message}}`.
pub fn answer(result: Result<Value, Failure>) -> String {
    crate::standin::json::text(&match result {
        Ok(v) => obj([("ok", v)]),
        Err(f) => obj([(
            "error",
            obj([("code", f.code.into()), ("message", f.message.into())]),
        )]),
    })
}
