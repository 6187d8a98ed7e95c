//! The demo CRM `framesmith serve` runs under `/demo-crm/` (issue 12): something for a
//! screen pop to land on before anyone connects a real CRM, and the stand-in the simulator
//! and the Playwright tests use (there is no second one). Plain HTML pages per account, a
//! search page and a new-account page; the JSON API the example workspace's
//! `lookup_account_by_phone` and `log_activity` data sources call, paginated with `next`
//! links; an OAuth server (client credentials, refresh tokens, Authorization Code with PKCE
//! approved at once) for the direct route; switches that make it slow, rate-limited,
//! failing or stingy with tokens; and counters of what it was asked.
//!
//! It answers browsers on this machine only (CORS for loopback origins, redirects to
//! loopback addresses), and holds no secret: its tokens are made up as it goes.

pub mod accounts;
mod oauth;
mod pages;

use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use crate::serve::http::{Request, Response, encode};
use accounts::Account;

/// Where the demo CRM lives on the server.
pub const PREFIX: &str = "/demo-crm";

/// What the switches make it do. Set through `POST /demo-crm/switches` (any subset, as
/// JSON) and read at `GET /demo-crm/switches`.
#[derive(Debug, Clone, PartialEq)]
pub struct Switches {
    /// Added to every API and OAuth answer.
    pub latency_ms: u64,
    /// The next this many API requests are answered 429 with `Retry-After`.
    pub rate_limit: u64,
    pub retry_after_seconds: u64,
    /// The next this many API requests are answered 503.
    pub server_errors: u64,
    /// Errors come as HTML pages, as a proxy in front of a CRM would send them.
    pub html_errors: bool,
    /// The token endpoint refuses refresh tokens and codes (`invalid_grant`).
    pub invalid_grant: bool,
    /// The lifetime tokens are given (`expires_in`).
    pub token_lifetime_seconds: u64,
    /// Tokens stop working after 5 seconds whatever `expires_in` said.
    pub expire_early: bool,
}

impl Default for Switches {
    fn default() -> Switches {
        Switches {
            latency_ms: 0,
            rate_limit: 0,
            retry_after_seconds: 1,
            server_errors: 0,
            html_errors: false,
            invalid_grant: false,
            // Short, so that a shift in the simulator sees tokens refreshed.
            token_lifetime_seconds: 300,
            expire_early: false,
        }
    }
}

impl Switches {
    fn to_json(&self) -> Value {
        json!({
            "latencyMs": self.latency_ms,
            "rateLimit": self.rate_limit,
            "retryAfterSeconds": self.retry_after_seconds,
            "serverErrors": self.server_errors,
            "htmlErrors": self.html_errors,
            "invalidGrant": self.invalid_grant,
            "tokenLifetimeSeconds": self.token_lifetime_seconds,
            "expireEarly": self.expire_early,
        })
    }

    /// Set what `v` names; an unknown name or a value of the wrong kind is refused whole.
    fn set(&mut self, v: &Value) -> Result<(), String> {
        let Value::Object(m) = v else {
            return Err("switches are a JSON object".into());
        };
        let mut next = self.clone();
        for (k, x) in m {
            let n = || {
                x.as_u64()
                    .filter(|n| *n <= 3_600_000)
                    .ok_or_else(|| format!("{k} must be a whole number from 0 to 3600000"))
            };
            let b = || {
                x.as_bool()
                    .ok_or_else(|| format!("{k} must be true or false"))
            };
            match k.as_str() {
                "latencyMs" => next.latency_ms = n()?.min(60_000),
                "rateLimit" => next.rate_limit = n()?,
                "retryAfterSeconds" => next.retry_after_seconds = n()?.min(3600),
                "serverErrors" => next.server_errors = n()?,
                "htmlErrors" => next.html_errors = b()?,
                "invalidGrant" => next.invalid_grant = b()?,
                "tokenLifetimeSeconds" => next.token_lifetime_seconds = n()?.max(1),
                "expireEarly" => next.expire_early = b()?,
                other => return Err(format!("there is no switch {other:?}")),
            }
        }
        *self = next;
        Ok(())
    }
}

/// What it was asked, since it started or was reset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub lookups: u64,
    pub activities: u64,
    pub activity_updates: u64,
    pub token_requests: u64,
    pub refreshes: u64,
    pub client_credentials: u64,
    pub codes: u64,
    pub authorizations: u64,
    pub rate_limited: u64,
    pub server_errors: u64,
    pub unauthorized: u64,
}

impl Stats {
    fn to_json(&self) -> Value {
        json!({
            "lookups": self.lookups,
            "activities": self.activities,
            "activityUpdates": self.activity_updates,
            "tokenRequests": self.token_requests,
            "refreshes": self.refreshes,
            "clientCredentials": self.client_credentials,
            "codes": self.codes,
            "authorizations": self.authorizations,
            "rateLimited": self.rate_limited,
            "serverErrors": self.server_errors,
            "unauthorized": self.unauthorized,
        })
    }
}

#[derive(Default)]
struct State {
    switches: Switches,
    stats: Stats,
    oauth: oauth::Grants,
    /// The call logs written, newest last, at most MAX_ACTIVITIES: each as created, with
    /// every later update's fields merged in.
    activities: Vec<(String, Map<String, Value>)>,
}

/// Activities the demo CRM keeps (the oldest go first).
const MAX_ACTIVITIES: usize = 1000;

pub struct DemoCrm {
    accounts: Vec<Account>,
    state: Mutex<State>,
}

/// A page holds this many accounts unless `limit` says otherwise: one, so that a number
/// two accounts share comes on two pages and pagination shows.
const PAGE_SIZE: usize = 1;

impl Default for DemoCrm {
    fn default() -> DemoCrm {
        DemoCrm {
            accounts: accounts::all(),
            state: Mutex::new(State::default()),
        }
    }
}

/// Whether `origin` is a page on this machine (`http://127.0.0.1:8080`, `http://localhost`).
pub fn loopback(origin: &str) -> bool {
    let Some(rest) = origin.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split('/').next().unwrap_or("");
    let host = match host.rsplit_once(':') {
        Some((h, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

impl DemoCrm {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A handler that panicked cannot leave the counters half-written: take them as they are.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The answer to `req`, whose path starts with `PREFIX`.
    pub fn handle(&self, req: &Request) -> Response {
        self.handle_at(req, Instant::now())
    }

    pub fn handle_at(&self, req: &Request, now: Instant) -> Response {
        let path = req.path.strip_prefix(PREFIX).unwrap_or(&req.path);
        // Only this machine's names: a Host of another name that resolves here is DNS
        // rebinding, and the Host is copied into `next` links.
        if let Some(host) = req.header("host")
            && !loopback(&format!("http://{host}"))
        {
            return Response::new(
                421,
                "text/plain",
                "the demo CRM answers http://127.0.0.1 and http://localhost only\n",
            );
        }
        // Only this machine's pages: a cross-site form or text/plain POST reaches a server
        // without a CORS preflight, and would change the switches or take a token.
        if let Some(o) = req.header("origin")
            && !loopback(o)
        {
            return Response::new(
                403,
                "text/plain",
                "the demo CRM takes requests from pages on this machine only\n",
            );
        }
        let origin = req.header("origin").filter(|o| loopback(o));
        let mut r = if req.method == "OPTIONS" {
            Response::new(204, "text/plain", "")
                .with("Access-Control-Allow-Methods", "GET, POST, PATCH, PUT")
                .with(
                    "Access-Control-Allow-Headers",
                    "authorization, content-type, accept",
                )
                .with("Access-Control-Max-Age", "600")
        } else {
            self.route(req, path, now)
        };
        if let Some(o) = origin {
            r = r
                .with("Access-Control-Allow-Origin", o)
                .with("Access-Control-Expose-Headers", "Retry-After")
                .with("Vary", "Origin");
        }
        r
    }

    fn route(&self, req: &Request, path: &str, now: Instant) -> Response {
        let get = req.method == "GET" || req.method == "HEAD";
        let post = req.method == "POST";
        match path {
            "" | "/" if get => pages::index(&self.accounts),
            "/search" if get => {
                let q = req.param("phone").or(req.param("q")).unwrap_or("");
                let found = if q.contains('@') {
                    accounts::find_email(&self.accounts, q)
                } else {
                    accounts::find(&self.accounts, q)
                };
                pages::search(q, &found)
            }
            "/accounts/new" if get => pages::new_account(req.param("phone").unwrap_or("")),
            "/stats" if get => Response::json(200, &self.state().stats.to_json()),
            "/switches" if get => Response::json(200, &self.state().switches.to_json()),
            "/switches" if post => {
                let parsed = serde_json::from_slice::<Value>(&req.body).map_err(|e| e.to_string());
                let mut state = self.state();
                match parsed.and_then(|v| state.switches.set(&v)) {
                    Ok(()) => Response::json(200, &state.switches.to_json()),
                    Err(e) => Response::json(400, &json!({"error": "bad_switch", "message": e})),
                }
            }
            "/reset" if post => {
                *self.state() = State::default();
                Response::json(200, &json!({"reset": true}))
            }
            "/oauth/authorize" if get => self.authorize(req),
            "/oauth/token" if post => self.token(req, now),
            "/api/v1/accounts" if get => self.api(req, now, |crm, req| crm.lookup(req)),
            "/api/v1/activities" if post => self.api(req, now, |crm, req| crm.activity(req)),
            "/activities" if get => {
                let state = self.state();
                let list: Vec<Value> = state
                    .activities
                    .iter()
                    .map(|(id, a)| json!({"id": id, "fields": a}))
                    .collect();
                Response::json(200, &json!({ "items": list }))
            }
            _ if path.starts_with("/api/v1/activities/")
                && matches!(req.method.as_str(), "PATCH" | "PUT") =>
            {
                let id = path["/api/v1/activities/".len()..].to_string();
                self.api(req, now, move |crm, req| crm.update_activity(&id, req))
            }
            _ => match path.strip_prefix("/accounts/") {
                Some(id) if get => match self.accounts.iter().find(|a| a.id == id) {
                    Some(a) => pages::account(a),
                    None => pages::not_found(),
                },
                _ if path.starts_with("/api/") || path.starts_with("/oauth/") => Response::json(
                    if get || post { 404 } else { 405 },
                    &json!({"error": "not_found", "message": "no such endpoint"}),
                ),
                _ => pages::not_found(),
            },
        }
    }

    /// An API request through the switches: latency, 429s, 5xx, the token if one is sent.
    fn api(
        &self,
        req: &Request,
        now: Instant,
        answer: impl FnOnce(&DemoCrm, &Request) -> Response,
    ) -> Response {
        let mut state = self.state();
        let delay = Duration::from_millis(state.switches.latency_ms);
        if req.path.ends_with("/accounts") {
            state.stats.lookups += 1;
        }
        let html = state.switches.html_errors;
        let error = |status: u16, code: &str, message: &str| {
            if html {
                pages::error(status, message)
            } else {
                Response::json(status, &json!({"error": code, "message": message}))
            }
        };
        let r = if state.switches.rate_limit > 0 {
            state.switches.rate_limit -= 1;
            state.stats.rate_limited += 1;
            error(429, "rate_limited", "too many requests: slow down").with(
                "Retry-After",
                state.switches.retry_after_seconds.to_string(),
            )
        } else if state.switches.server_errors > 0 {
            state.switches.server_errors -= 1;
            state.stats.server_errors += 1;
            error(503, "unavailable", "the CRM is down for maintenance")
        } else if let Some(auth) = req.header("authorization") {
            match state.oauth.check(auth, now) {
                Ok(()) => {
                    drop(state);
                    answer(self, req)
                }
                Err(why) => {
                    state.stats.unauthorized += 1;
                    Response::json(
                        401,
                        &json!({"error": "invalid_token", "error_description": why}),
                    )
                    .with("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                }
            }
        } else {
            // No token: the host route, which sends the CRM page's own session.
            drop(state);
            answer(self, req)
        };
        Response { delay, ..r }
    }

    /// `GET /api/v1/accounts?phone=&page=&limit=&fields=` (or `email=` instead of
    /// `phone=`, issue 23): the example's lookups' shape.
    fn lookup(&self, req: &Request) -> Response {
        let (key, value, found) = match req.param("email") {
            Some(email) => ("email", email, accounts::find_email(&self.accounts, email)),
            None => {
                let value = req.param("phone").or(req.param("q")).unwrap_or("");
                ("phone", value, accounts::find(&self.accounts, value))
            }
        };
        let page: usize = req
            .param("page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1)
            .max(1);
        let limit: usize = req
            .param("limit")
            .and_then(|p| p.parse().ok())
            .unwrap_or(PAGE_SIZE)
            .clamp(1, 100);
        let fields: Vec<&str> = req
            .param("fields")
            .map(|f| f.split(',').map(str::trim).collect())
            .unwrap_or_else(|| vec!["id", "name", "tier", "last_contacted", "phone", "email"]);
        let items: Vec<Value> = found
            .iter()
            .skip((page - 1).saturating_mul(limit))
            .take(limit)
            .map(|a| {
                let mut m = serde_json::Map::new();
                for f in &fields {
                    let v = match *f {
                        "id" => json!(a.id),
                        "name" => json!(a.name),
                        "tier" => json!(a.tier),
                        "last_contacted" => json!(a.last_contacted),
                        "phone" => json!(a.phone),
                        "email" => json!(a.email),
                        _ => continue,
                    };
                    m.insert(f.to_string(), v);
                }
                Value::Object(m)
            })
            .collect();
        let next = (page.saturating_mul(limit) < found.len()).then(|| {
            let host = req.header("host").unwrap_or("127.0.0.1");
            let mut url = format!(
                "http://{host}{PREFIX}/api/v1/accounts?{key}={}&page={}",
                encode(value),
                page + 1
            );
            for k in ["limit", "fields"] {
                if let Some(v) = req.param(k) {
                    url.push_str(&format!("&{k}={}", encode(v)));
                }
            }
            url
        });
        Response::json(
            200,
            &json!({"items": items, "next": next, "total": found.len()}),
        )
    }

    /// `POST /api/v1/activities`: a call log, given an id.
    fn activity(&self, req: &Request) -> Response {
        let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(&req.body) else {
            return Response::json(
                400,
                &json!({"error": "bad_request", "message": "the activity must be a JSON object"}),
            );
        };
        let mut state = self.state();
        state.stats.activities += 1;
        let id = format!("ACT-{:05}", state.stats.activities);
        if state.activities.len() >= MAX_ACTIVITIES {
            state.activities.remove(0);
        }
        state.activities.push((id.clone(), fields));
        Response::json(201, &json!({"id": id}))
    }

    /// `PATCH` or `PUT /api/v1/activities/{id}`: the fields given replace the log's own.
    fn update_activity(&self, id: &str, req: &Request) -> Response {
        let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(&req.body) else {
            return Response::json(
                400,
                &json!({"error": "bad_request", "message": "the activity must be a JSON object"}),
            );
        };
        let mut state = self.state();
        let Some(at) = state.activities.iter().position(|(have, _)| have == id) else {
            return Response::json(
                404,
                &json!({"error": "not_found", "message": format!("there is no activity {id:?}")}),
            );
        };
        state.stats.activity_updates += 1;
        state.activities[at].1.extend(fields);
        Response::new(204, "application/json", "")
    }
}

#[cfg(test)]
mod tests;
