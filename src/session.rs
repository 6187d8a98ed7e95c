//! The runtime's lookups for one deployment (issue 10): what framework.js hands the runtime
//! module and what it gets back. An event becomes a fetch to send (the data source's
//! request for the host or direct route, the data action's execution for the proxy route)
//! or a pop; each response is read here (pagination up to the page limit, the size limit,
//! mapping, typed errors) and becomes the next fetch or the pop. Sans-IO like the engine it
//! drives: framework.js sends the requests and keeps the clock, so tests need no network.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::datasource::{self, ExecError, Inputs, Prepared, Request};
use crate::diagnostic::quote;
use crate::engine::{Engine, Stats, Step};
use crate::export::data_actions::input_name;
use crate::pop::Pop;
use crate::tokens::{self, Grant, Tokens, Use};
use crate::trigger::Event;
use crate::workspace::{DataSource, Integration, IntegrationType, Workspace};

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
enum Purpose {
    /// The screen pop's lookup.
    Lookup,
    /// `contactSearch` request n, through the `contact_search` data source.
    Contacts(u64),
    /// `processCallLog` request n, through the `call_log` data source.
    CallLog(u64),
}

/// A request as framework.js sends it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetch {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

fn put(m: &mut Map<String, Value>, key: &str, v: impl Into<Value>) {
    m.insert(key.to_string(), v.into());
}

fn put_some(m: &mut Map<String, Value>, key: &str, v: Option<String>) {
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
            }
            Action::Pop(p) => {
                put(&mut m, "do", "pop");
                put(&mut m, "interactionId", p.interaction_id);
                put(&mut m, "kind", p.kind.name());
                put(&mut m, "url", p.url.map_or(Value::Null, Value::String));
                put(&mut m, "searchValue", p.search_value);
                let records: Vec<Value> = p.records.into_iter().map(Value::Object).collect();
                put(&mut m, "records", records);
                put_some(&mut m, "cause", p.cause);
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

/// Fetches under way at once, at most (as the engine's searches).
const MAX_FETCHES: usize = 256;

/// A fetch under way: what it asked for, and what the lookup had found before it.
struct Pending {
    id: u64,
    interaction_id: String,
    /// The lookup's first request, which later pages are made from.
    first: Request,
    /// This fetch's request, sent again after a 429.
    request: Fetch,
    page: u64,
    records: Vec<Map<String, Value>>,
    /// How many times this request was sent before, after a 429 or 503.
    attempt: u32,
    purpose: Purpose,
    /// The CRM token this request carries (direct route).
    token: Option<String>,
    /// Sent again after a 401 with a new token already: a second 401 is the answer.
    reauthorised: bool,
}

impl Pending {
    /// The first request of a lookup, search or call log (its fetch id is given when sent).
    fn new(interaction_id: String, first: Request, purpose: Purpose) -> Pending {
        Pending {
            id: 0,
            interaction_id,
            request: Fetch::from(&first),
            first,
            page: 1,
            records: Vec::new(),
            attempt: 0,
            purpose,
            token: None,
            reauthorised: false,
        }
    }
}

/// Sending a request again after a 429 or 503: at most this many times, waiting at most
/// MAX_WAIT_MS each time; a CRM asking for longer is a failure naming the wait.
const MAX_RETRIES: u32 = 3;
const MAX_WAIT_MS: u64 = 10_000;

/// The wait before sending again: the CRM's Retry-After when it gave one, else 500 ms
/// doubled per attempt; plus up to a quarter more, so that the calls a rate limit stopped
/// together do not come back together. The jitter is drawn from the fetch id, which keeps
/// the session free of a clock and a random source (framework.js has both).
fn backoff(attempt: u32, retry_after_ms: Option<u64>, fetch: u64) -> u64 {
    let base = retry_after_ms.unwrap_or(500 << attempt.min(5));
    let spread = fetch.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40; // 0 .. 2^24
    base + (base / 4) * spread / (1 << 24)
}

pub struct Session<'w> {
    engine: Engine<'w>,
    route: Route,
    source: Prepared<'w>,
    contacts: Option<Prepared<'w>>,
    call_log: Option<Prepared<'w>>,
    integration_type: Option<&'w IntegrationType>,
    instance: Option<&'w Integration>,
    /// `https://api.<domain>/api/v2/integrations/actions/<id>/execute` for the proxy route.
    action_url: Option<String>,
    /// The inputs of each interaction's lookup (its attributes, ani...), by interaction id.
    /// Oldest first, at most MAX_FETCHES: a list rather than a map, which in the module
    /// would be one more copy of the tree code.
    inputs: Vec<(String, Map<String, Value>)>,
    fetches: Vec<Pending>,
    next_fetch: u64,
    /// The direct route's CRM token, the origin it was issued for (the lookup's), and the
    /// requests waiting for it.
    tokens: Option<Tokens>,
    token_origin: String,
    waiting: Vec<Pending>,
    /// The time framework.js last gave, in milliseconds: the token machine's clock.
    now: u64,
    sign_in: Option<SignIn>,
}

/// Requests waiting for a CRM token, at most: lookups are bounded by the engine, so only a
/// flood of the agent's own searches and call logs reaches this.
const MAX_WAITING: usize = 1024;

/// What the direct route's sign-in needs, from the integration instance (public values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignIn {
    pub authorize: String,
    pub token: String,
    pub client_id: String,
    pub redirect_uri: String,
    /// The integration type's required scopes, space-separated; empty when none.
    pub scope: String,
}

/// Why a session cannot be made.
#[derive(Debug, Clone, PartialEq)]
pub enum SetupError {
    NoScreenPop,
    NoDataSource(String),
    BadSource(ExecError),
    NoAction,
    /// The direct route without an endpoint, client id or redirect URI (named).
    NoSignIn(&'static str),
}

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetupError::NoScreenPop => write!(f, "the deployment has no screen_pop"),
            SetupError::NoDataSource(n) => write!(f, "there is no data source {}", quote(n)),
            SetupError::BadSource(e) => write!(f, "the data source cannot run: {e}"),
            SetupError::NoAction => write!(
                f,
                "the proxy route needs screen_pop.action_id and the region's API domain"
            ),
            SetupError::NoSignIn(what) => write!(f, "the direct route needs {what}"),
        }
    }
}

impl<'w> Session<'w> {
    /// The session of deployment `index`; `api_domain` is its region's (`mypurecloud.ie`),
    /// which the proxy route calls.
    pub fn new(
        ws: &'w Workspace,
        index: usize,
        api_domain: Option<&str>,
    ) -> Result<Session<'w>, SetupError> {
        let engine = Engine::for_deployment(ws, index).ok_or(SetupError::NoScreenPop)?;
        let sp = ws.deployments[index]
            .screen_pop
            .as_ref()
            .ok_or(SetupError::NoScreenPop)?;
        let instance = ws.integration(&sp.integration);
        let integration_type = instance.and_then(|i| ws.integration_type(&i.kind));
        let ds: &DataSource = integration_type
            .and_then(|t| t.data_sources.iter().find(|d| d.name == sp.data_source))
            .ok_or_else(|| SetupError::NoDataSource(sp.data_source.clone()))?;
        let route = match sp.route.as_deref() {
            Some("proxy") => Route::Proxy,
            Some("direct") => Route::Direct,
            _ => Route::Host,
        };
        let action_url = match (route, &sp.action_id, api_domain) {
            (Route::Proxy, Some(id), Some(d)) => Some(format!(
                "https://api.{d}/api/v2/integrations/actions/{}/execute",
                datasource::template::percent_encode(id)
            )),
            (Route::Proxy, _, _) => return Err(SetupError::NoAction),
            _ => None,
        };
        let other = |name: &Option<String>| -> Result<Option<Prepared<'w>>, SetupError> {
            let Some(name) = name else { return Ok(None) };
            let ds = integration_type
                .and_then(|t| t.data_sources.iter().find(|d| d.name == *name))
                .ok_or_else(|| SetupError::NoDataSource(name.clone()))?;
            Prepared::new(ds).map(Some).map_err(SetupError::BadSource)
        };
        let source = Prepared::new(ds).map_err(SetupError::BadSource)?;
        let (tokens, token_origin) = if route == Route::Direct {
            // The token is the CRM's for the origin the lookup requests, and goes nowhere
            // else: not to a contact search or call log elsewhere, not to a next link.
            // The call's own inputs (the number, attributes) are not known yet: stand-ins,
            // percent-encoded as theirs will be, give the same origin.
            let mut inputs = Inputs {
                integration_type,
                instance,
                runtime: Map::new(),
            };
            let first = loop {
                match datasource::request(ds, &inputs) {
                    Err(ExecError::Template {
                        error: datasource::template::ExpandError::Missing { name },
                        ..
                    }) if inputs.runtime.len() < 64 => {
                        inputs.runtime.insert(name, Value::from("0"));
                    }
                    other => break other.map_err(SetupError::BadSource)?,
                }
            };
            let origin = crate::url::split(&first.url)
                .map(|u| u.origin())
                .ok_or(SetupError::NoSignIn("a data source URL with an origin"))?;
            (Some(Tokens::new(tokens::Config::default(), 1)), origin)
        } else {
            (None, String::new())
        };
        let sign_in = match route {
            Route::Direct => Some(Self::sign_in_of(
                instance,
                integration_type,
                sp.redirect_uri.as_deref(),
            )?),
            _ => None,
        };
        let session = Session {
            engine,
            route,
            source,
            contacts: other(&sp.contact_search)?,
            call_log: other(&sp.call_log)?,
            integration_type,
            instance,
            action_url,
            inputs: Vec::new(),
            fetches: Vec::new(),
            next_fetch: 1,
            tokens,
            token_origin,
            waiting: Vec::new(),
            now: 0,
            sign_in,
        };
        Ok(session)
    }

    /// What the direct route's sign-in needs; None for the other routes.
    pub fn sign_in(&self) -> Option<&SignIn> {
        self.sign_in.as_ref()
    }

    /// The direct route's sign-in, from the instance's properties and `redirect_uri`.
    fn sign_in_of(
        instance: Option<&Integration>,
        integration_type: Option<&IntegrationType>,
        redirect_uri: Option<&str>,
    ) -> Result<SignIn, SetupError> {
        let property = |key: &'static str| {
            instance
                .and_then(|i| i.properties.get(key))
                .and_then(Value::as_str)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
                .ok_or(SetupError::NoSignIn(key))
        };
        Ok(SignIn {
            authorize: property("authorizationEndpoint")?,
            token: property("tokenEndpoint")?,
            client_id: property("clientId")?,
            redirect_uri: redirect_uri
                .ok_or(SetupError::NoSignIn("screen_pop.redirect_uri"))?
                .to_string(),
            scope: integration_type
                .map(|t| t.required_scopes.join(" "))
                .unwrap_or_default(),
        })
    }

    /// Seeds the jitter of token refreshes: framework.js gives a random value, so that tabs
    /// and agents do not refresh in step.
    pub fn seed(&mut self, seed: u64) {
        if let Some(t) = &mut self.tokens {
            *t = Tokens::new(tokens::Config::default(), seed);
        }
    }

    /// The time now, in milliseconds (framework.js's clock), for the token machine.
    pub fn set_now(&mut self, now: u64) {
        self.now = now;
    }

    /// The token machine's counters (direct route).
    pub fn token_counters(&self) -> tokens::Counters {
        self.tokens.as_ref().map(|t| t.counters).unwrap_or_default()
    }

    /// The outcome of the refresh or sign-in an `Action::Refresh` asked for, or a token
    /// another tab got (`shared`): the waiting requests go (or fail, when the sign-in is
    /// unavailable, naming why). The second value is when to call `tick`: the end of a
    /// backoff some requests still wait for.
    pub fn token(
        &mut self,
        result: Result<Grant, tokens::Failure>,
        shared: bool,
    ) -> (Vec<Action>, Option<u64>) {
        let now = self.now;
        let Some(t) = self.tokens.as_mut() else {
            return (Vec::new(), None);
        };
        match result {
            Ok(grant) if shared => t.adopt(now, grant),
            result => {
                t.refreshed(now, result);
            }
        }
        self.release()
    }

    /// The page became visible or the network came back: a token due while asleep is
    /// refreshed, a stopped sign-in gets one more try.
    pub fn wake(&mut self) -> (Vec<Action>, Option<u64>) {
        let now = self.now;
        let Some(t) = self.tokens.as_mut() else {
            return (Vec::new(), None);
        };
        t.wake(now);
        self.release()
    }

    /// The backoff `token` or `wake` named has ended: the waiting requests try again.
    pub fn tick(&mut self) -> (Vec<Action>, Option<u64>) {
        self.release()
    }

    /// Every waiting request asks the token machine again.
    fn release(&mut self) -> (Vec<Action>, Option<u64>) {
        let waiting = std::mem::take(&mut self.waiting);
        let actions = waiting
            .into_iter()
            .filter_map(|p| self.fetch(p, 0))
            .collect();
        let deadline = self.tokens.as_ref().and_then(Tokens::deadline);
        (actions, deadline.filter(|_| !self.waiting.is_empty()))
    }

    pub fn route(&self) -> Route {
        self.route
    }

    /// The name of the data source fetch `fetch` runs, while it waits for its answer (what
    /// `framesmith simulate` answers it from).
    pub fn source_of(&self, fetch: u64) -> Option<&str> {
        let p = self.fetches.iter().find(|f| f.id == fetch)?;
        Some(self.prepared(p.purpose).source().name.as_str())
    }

    pub fn stats(&self) -> Stats {
        self.engine.stats
    }

    /// A client event: the fetch or pop it leads to, if any.
    pub fn event(&mut self, event: Event<'_>) -> Option<Action> {
        let step = self.engine.event(event)?;
        if let Step::Search { interaction_id, .. } = &step {
            let interaction = match event {
                Event::Interaction(_, v) | Event::ScreenPopHook(_, v) => v,
            };
            let i = interaction.get("new").unwrap_or(interaction);
            self.inputs.retain(|(id, _)| id != interaction_id);
            if self.inputs.len() >= MAX_FETCHES {
                self.inputs.remove(0);
            }
            self.inputs.push((interaction_id.clone(), call_inputs(i)));
        }
        self.step(step)
    }

    fn step(&mut self, step: Step) -> Option<Action> {
        match step {
            Step::Pop(pop) => {
                self.inputs.retain(|(id, _)| *id != pop.interaction_id);
                Some(Action::Pop(pop))
            }
            Step::Search {
                interaction_id,
                value,
            } => match self.first_request(&interaction_id, &value) {
                Ok(first) => self.fetch(Pending::new(interaction_id, first, Purpose::Lookup), 0),
                Err(e) => self.finish(&interaction_id, Err(e.to_string())),
            },
        }
    }

    fn first_request(&self, interaction_id: &str, value: &str) -> Result<Request, ExecError> {
        let mut runtime = self
            .inputs
            .iter()
            .find(|(id, _)| id == interaction_id)
            .map(|(_, i)| i.clone())
            .unwrap_or_default();
        runtime.insert("phone".into(), value.into());
        runtime.insert("searchValue".into(), value.into());
        runtime.insert("interactionId".into(), interaction_id.into());
        if let Some(url) = &self.action_url {
            return Ok(execution(url, &runtime));
        }
        let inputs = Inputs {
            integration_type: self.integration_type,
            instance: self.instance,
            runtime,
        };
        datasource::request(self.source.source(), &inputs)
    }

    /// Send `p` (under a new fetch id) after `after_ms`; on the direct route, with the CRM
    /// token, once there is one.
    fn fetch(&mut self, mut p: Pending, after_ms: u64) -> Option<Action> {
        if let Some(tokens) = &mut self.tokens {
            let at = crate::url::split(&p.request.url).map(|u| u.origin());
            if at.as_deref() != Some(self.token_origin.as_str()) {
                let cause = format!(
                    "{} is not at {}, the origin the CRM token is for, and the token goes nowhere else",
                    quote(&p.request.url),
                    self.token_origin
                );
                return self.done(p, Err(cause));
            }
            match tokens.request(self.now) {
                Use::Token(token) => {
                    p.request
                        .headers
                        .retain(|(k, _)| !k.eq_ignore_ascii_case("authorization"));
                    p.request
                        .headers
                        .push(("Authorization".into(), format!("Bearer {token}")));
                    p.token = Some(token);
                }
                Use::Refresh | Use::Wait if self.waiting.len() >= MAX_WAITING => {
                    let cause = "too many requests wait for the CRM sign-in".to_string();
                    return self.done(p, Err(cause));
                }
                Use::Refresh => {
                    self.waiting.push(p);
                    return Some(Action::Refresh);
                }
                Use::Wait => {
                    self.waiting.push(p);
                    return None;
                }
                Use::Unavailable(cause) => {
                    return self.done(p, Err(format!("the CRM sign-in failed: {cause}")));
                }
            }
        }
        if self.fetches.len() >= MAX_FETCHES {
            self.fetches.remove(0);
        }
        p.id = self.next_fetch;
        self.next_fetch += 1;
        let source = self.prepared(p.purpose);
        let seconds = source
            .source()
            .timeout_seconds
            .unwrap_or(datasource::DEFAULT_TIMEOUT_SECONDS)
            .clamp(1, 120) as u64;
        let action = Action::Fetch {
            fetch: p.id,
            interaction_id: p.interaction_id.clone(),
            request: p.request.clone(),
            timeout_ms: seconds * 1000,
            max_bytes: source.limit(),
            after_ms,
            pops: p.purpose == Purpose::Lookup,
        };
        self.fetches.push(p);
        Some(action)
    }

    fn finish(
        &mut self,
        interaction_id: &str,
        found: Result<Vec<Map<String, Value>>, String>,
    ) -> Option<Action> {
        match self.engine.found(interaction_id, found) {
            Some(step) => self.step(step),
            None => Some(Action::Pop(Pop {
                interaction_id: interaction_id.to_string(),
                kind: crate::pop::Kind::Failed,
                url: None,
                search_value: String::new(),
                records: Vec::new(),
                cause: Some("the search was dropped: too many at once".into()),
                association: None,
            })),
        }
    }

    /// The answer to fetch `fetch`: the same request again later (a 429 or 503, waiting
    /// `retry_after_ms` when the CRM said how long), the next page's fetch, the next
    /// alternative's, or the pop. None when the fetch is unknown (answered twice, dropped).
    pub fn response(
        &mut self,
        fetch: u64,
        status: u16,
        retry_after_ms: Option<u64>,
        body: &[u8],
    ) -> Option<Action> {
        let at = self.fetches.iter().position(|f| f.id == fetch)?;
        let mut p = self.fetches.swap_remove(at);
        if status == 401
            && !p.reauthorised
            && let (Some(tokens), Some(token)) = (&mut self.tokens, &p.token)
        {
            // The CRM refused the token before its time: one new token (one refresh
            // however many requests it refused), then this request once more.
            tokens.rejected(token);
            p.reauthorised = true;
            p.attempt = 0;
            return self.fetch(p, 0);
        }
        if status == 429 || status == 503 {
            let wait = backoff(p.attempt, retry_after_ms, fetch);
            if p.attempt < MAX_RETRIES && wait <= MAX_WAIT_MS {
                p.attempt += 1;
                return self.fetch(p, wait);
            }
            let limit = self.prepared(p.purpose).limit();
            let text = datasource::error_text(&body[..body.len().min(limit)]);
            let cause = match retry_after_ms {
                Some(ms) if ms > MAX_WAIT_MS => format!(
                    "the CRM answered HTTP {status} and asks to wait {} s: {text}",
                    ms.div_ceil(1000)
                ),
                _ => format!(
                    "the CRM answered HTTP {status} {} times: {text}",
                    p.attempt + 1
                ),
            };
            return self.done(p, Err(cause));
        }
        let source = self.prepared(p.purpose);
        let page = if self.route == Route::Proxy {
            source.action_page(status, body)
        } else {
            source.page(status, body, p.page)
        };
        let page = match page {
            Ok(page) => page,
            Err(e) => return self.done(p, Err(e.to_string())),
        };
        p.records.extend(page.records);
        if let Some(next) = page.next {
            match datasource::next_request(source.source(), &p.first, next) {
                Ok(request) => {
                    p.request = Fetch::from(&request);
                    p.page += 1;
                    p.attempt = 0;
                    return self.fetch(p, 0);
                }
                Err(e) => return self.done(p, Err(e.to_string())),
            }
        }
        let records = std::mem::take(&mut p.records);
        self.done(p, Ok(records))
    }

    /// Fetch `fetch` got no answer: `cause` says why (a timeout, the network, a refusal).
    pub fn failed(&mut self, fetch: u64, cause: &str) -> Option<Action> {
        let at = self.fetches.iter().position(|f| f.id == fetch)?;
        let p = self.fetches.swap_remove(at);
        self.done(p, Err(cause.to_string()))
    }

    /// The data source a fetch runs.
    fn prepared(&self, purpose: Purpose) -> &Prepared<'w> {
        match purpose {
            Purpose::Contacts(_) => self.contacts.as_ref(),
            Purpose::CallLog(_) => self.call_log.as_ref(),
            Purpose::Lookup => None,
        }
        .unwrap_or(&self.source)
    }

    /// What a finished fetch leads to, by its purpose.
    fn done(
        &mut self,
        p: Pending,
        found: Result<Vec<Map<String, Value>>, String>,
    ) -> Option<Action> {
        match p.purpose {
            Purpose::Lookup => self.finish(&p.interaction_id, found),
            side => Some(answer(side, found)),
        }
    }

    /// A request of the `contact_search` or `call_log` data source, or why there is none.
    fn side_request(
        &self,
        purpose: Purpose,
        runtime: Map<String, Value>,
    ) -> Result<Request, String> {
        let (source, name) = match purpose {
            Purpose::Contacts(_) => (self.contacts.as_ref(), "contact_search"),
            _ => (self.call_log.as_ref(), "call_log"),
        };
        let source = source
            .ok_or_else(|| format!("the deployment's screen_pop names no {name} data source"))?;
        if self.route == Route::Proxy && source.source().name != self.source.source().name {
            return Err(format!(
                "the proxy route runs only the lookup's data action, and {name} is another data source"
            ));
        }
        if let Some(url) = &self.action_url {
            return Ok(execution(url, &runtime));
        }
        let ds = source.source();
        // A call log without a body template sends its inputs as JSON, as the data action
        // export does with `rawRequest`.
        let raw = (ds.body.is_none() && matches!(purpose, Purpose::CallLog(_)))
            .then(|| inputs_json(&runtime, str::to_string));
        let inputs = Inputs {
            integration_type: self.integration_type,
            instance: self.instance,
            runtime,
        };
        let mut request = datasource::request(ds, &inputs).map_err(|e| e.to_string())?;
        if raw.is_some() {
            request.body = raw;
        }
        Ok(request)
    }

    fn side_fetch(
        &mut self,
        purpose: Purpose,
        interaction_id: String,
        runtime: Map<String, Value>,
    ) -> Option<Action> {
        match self.side_request(purpose, runtime) {
            Ok(first) => self.fetch(Pending::new(interaction_id, first, purpose), 0),
            Err(cause) => Some(answer(purpose, Err(cause))),
        }
    }

    /// The client's `contactSearch(searchValue)`, as request `request`: the search value
    /// goes to the `contact_search` data source as written (`phone`, `searchValue`).
    pub fn contact_search(&mut self, request: u64, value: &str) -> Option<Action> {
        let mut runtime = Map::new();
        runtime.insert("phone".to_string(), value.into());
        runtime.insert("searchValue".to_string(), value.into());
        self.side_fetch(Purpose::Contacts(request), String::new(), runtime)
    }

    /// The client's `processCallLog(callLog, interaction, eventName)`, as request
    /// `request`, through the `call_log` data source: its inputs are the call log's fields
    /// (`callLog.notes`...), `eventName` and the interaction's own inputs.
    pub fn call_log(
        &mut self,
        request: u64,
        call_log: &Value,
        interaction: &Value,
        event_name: &str,
    ) -> Option<Action> {
        let mut runtime = call_inputs(interaction);
        for name in datasource::CALL_LOG_INPUTS {
            let value = match name.strip_prefix("callLog.") {
                Some(path) => path
                    .split('.')
                    .try_fold(call_log, |v, k| v.get(k))
                    .and_then(datasource::scalar_text),
                None => Some(event_name.to_string()),
            };
            if let Some(v) = value {
                runtime.insert(name.to_string(), v.into());
            }
        }
        let id = interaction
            .get("id")
            .and_then(datasource::scalar_text)
            .unwrap_or_default();
        runtime.insert("interactionId".to_string(), id.clone().into());
        self.side_fetch(Purpose::CallLog(request), id, runtime)
    }
}

/// Runtime inputs as a JSON object text, each name as `name` spells it.
fn inputs_json(runtime: &Map<String, Value>, name: fn(&str) -> String) -> String {
    let mut body = Map::new();
    for (k, v) in runtime {
        body.insert(name(k), v.clone());
    }
    crate::json::text(&Value::Object(body))
}

/// The execution of the data action at `url` with these inputs (the proxy route): its
/// contract names each input as `input_name` spells it.
fn execution(url: &str, runtime: &Map<String, Value>) -> Request {
    Request {
        method: "POST".into(),
        url: url.to_string(),
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: Some(inputs_json(runtime, input_name)),
    }
}

/// The answer to a contact search or a call log: the contacts, the call log's id (the
/// first record's, named as a single match is), or why not.
fn answer(purpose: Purpose, found: Result<Vec<Map<String, Value>>, String>) -> Action {
    let request = match purpose {
        Purpose::Contacts(r) | Purpose::CallLog(r) => r,
        Purpose::Lookup => 0,
    };
    match (purpose, found) {
        (Purpose::Contacts(_), Ok(records)) => Action::Contacts {
            request,
            contacts: records.iter().map(contact).collect(),
            cause: None,
        },
        (Purpose::Contacts(_), Err(cause)) => Action::Contacts {
            request,
            contacts: Vec::new(),
            cause: Some(cause),
        },
        (_, found) => {
            let (id, cause) = match found {
                Ok(records) => match records.first().and_then(crate::pop::association) {
                    Some(a) => (Some(a.id), None),
                    None => (
                        None,
                        Some("the CRM's answer named no record for the call log".to_string()),
                    ),
                },
                Err(cause) => (None, Some(cause)),
            };
            Action::CallLogged { request, id, cause }
        }
    }
}

/// A record as a contact for the client's search: its name (as a single match is named to
/// `addAssociation`) and every field whose name says phone or number.
fn contact(record: &Map<String, Value>) -> Value {
    let name = crate::pop::association(record)
        .map(|a| a.text)
        .unwrap_or_default();
    let mut phones = Vec::new();
    for (k, v) in record {
        let key = k.to_ascii_lowercase();
        if (key.contains("phone") || key.contains("number"))
            && let Some(number) = datasource::scalar_text(v)
        {
            let mut phone = Map::new();
            phone.insert("number".into(), Value::String(number));
            phone.insert("label".into(), Value::String(k.clone()));
            phones.push(Value::Object(phone));
        }
    }
    let mut c = Map::new();
    c.insert("type".into(), "external".into());
    c.insert("name".into(), Value::String(name));
    c.insert("phone".into(), Value::Array(phones));
    Value::Object(c)
}

/// An interaction's own inputs for a data source: `ani`, `calledNumber`, `queueName` and
/// `attributes.<name>`.
fn call_inputs(i: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    for key in ["ani", "calledNumber", "queueName"] {
        if let Some(v) = i.get(key).and_then(datasource::scalar_text) {
            out.insert(key.to_string(), v.into());
        }
    }
    if let Some(Value::Object(attrs)) = i.get("attributes") {
        for (k, v) in attrs.iter().take(64) {
            if let Some(v) = datasource::scalar_text(v) {
                out.insert(format!("attributes.{k}"), v.into());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;
    use crate::pop::Kind;
    use serde_json::json;

    fn workspace(edit: impl FnOnce(&mut Workspace)) -> Workspace {
        let text = include_str!("../tests/fixtures/workspace.toml");
        let mut ws = crate::check_source(text, Format::Toml).unwrap().workspace;
        edit(&mut ws);
        ws
    }

    fn call(id: &str, ani: &str) -> Value {
        json!({"id": id, "direction": "Inbound", "ani": ani, "queueName": "Sales", "attributes": {}})
    }

    fn fetch_of(a: Option<Action>) -> (u64, Fetch) {
        match a {
            Some(Action::Fetch { fetch, request, .. }) => (fetch, request),
            other => panic!("expected a fetch, got {other:?}"),
        }
    }

    fn pop_of(a: Option<Action>) -> Pop {
        match a {
            Some(Action::Pop(p)) => p,
            other => panic!("expected a pop, got {other:?}"),
        }
    }

    #[test]
    fn host_route_follows_pages_and_pops_every_record() {
        let ws = workspace(|_| {});
        let mut s = Session::new(&ws, 0, None).unwrap();
        let c = call("c1", "tel:+353 1 555 0100");
        let (id, req) = fetch_of(s.event(Event::Interaction("add", &c)));
        assert_eq!(req.method, "GET");
        assert_eq!(
            req.url,
            "https://crm.enterprise-client.com/api/v1/accounts?phone=%2B35315550100&fields=id,name,tier,last_contacted"
        );
        let page1 = json!({"items": [{"id": "A1", "name": "Ann", "tier": "gold", "last_contacted": "2024-05-01"}],
            "next": "https://crm.enterprise-client.com/api/v1/accounts?page=2"});
        let (id2, req2) = fetch_of(s.response(id, 200, None, page1.to_string().as_bytes()));
        assert_eq!(
            req2.url,
            "https://crm.enterprise-client.com/api/v1/accounts?page=2"
        );
        assert_eq!(
            s.response(id, 200, None, b"{}"),
            None,
            "an answered fetch is over"
        );
        let page2 = json!({"items": [{"id": "A2", "name": "Bob", "tier": "silver", "last_contacted": "2024-05-02"}]});
        let pop = pop_of(s.response(id2, 200, None, page2.to_string().as_bytes()));
        assert_eq!(pop.kind, Kind::Multiple);
        assert_eq!(pop.records.len(), 2);
        assert_eq!(pop.records[1]["accountId"], "A2");
        assert_eq!(
            pop.url.as_deref(),
            Some("https://crm.enterprise-client.com/search?phone=%2B35315550100")
        );
        // The same call again never pops twice.
        assert_eq!(s.event(Event::Interaction("add", &c)), None);
        assert_eq!(s.stats().multiple, 1);
    }

    #[test]
    fn failures_name_the_crms_own_words_and_a_foreign_next_link_is_refused() {
        let ws = workspace(|_| {});
        let mut s = Session::new(&ws, 0, None).unwrap();
        let (id, _) = fetch_of(s.event(Event::Interaction("add", &call("c1", "015550100"))));
        let pop = pop_of(s.response(id, 500, None, b"<html><body>Internal error</body></html>"));
        assert_eq!(pop.kind, Kind::Failed);
        assert_eq!(
            pop.cause.as_deref(),
            Some("the CRM answered HTTP 500: <html><body>Internal error</body></html>")
        );
        let (id, _) = fetch_of(s.event(Event::Interaction("add", &call("c2", "015550100"))));
        let page = json!({"items": [], "next": "https://evil.example/steal"});
        let pop = pop_of(s.response(id, 200, None, page.to_string().as_bytes()));
        assert_eq!(pop.kind, Kind::Failed);
        assert!(
            pop.cause
                .unwrap()
                .contains("leads away from https://crm.enterprise-client.com")
        );
        let (id, _) = fetch_of(s.event(Event::Interaction("add", &call("c3", "015550100"))));
        let pop = pop_of(s.failed(id, "no answer within 10 s (timeoutSeconds)"));
        assert_eq!(
            pop.cause.as_deref(),
            Some("no answer within 10 s (timeoutSeconds)")
        );
        assert_eq!(s.stats().failed, 3);
    }

    #[test]
    fn nothing_found_tries_the_alternatives_then_pops_none() {
        let ws = workspace(|ws| {
            let sp = ws.deployments[0].screen_pop.as_mut().unwrap();
            sp.alternative_formats = Some(vec!["national".into()]);
        });
        let mut s = Session::new(&ws, 0, None).unwrap();
        let (id, req) =
            fetch_of(s.event(Event::Interaction("add", &call("c1", "+353 1 555 0100"))));
        assert!(req.url.contains("phone=%2B35315550100"));
        let (id, req) = fetch_of(s.response(id, 200, None, br#"{"items": []}"#));
        assert!(req.url.contains("phone=015550100"), "{}", req.url);
        let pop = pop_of(s.response(id, 200, None, br#"{"items": []}"#));
        assert_eq!(pop.kind, Kind::None);
        assert_eq!(pop.search_value, "+35315550100");
    }

    #[test]
    fn the_search_attribute_and_the_calls_inputs_reach_the_request() {
        let ws = workspace(|ws| {
            let t = &mut ws.integration_types[0].data_sources[0];
            t.rest_endpoint = Some(
                "{crmBaseEndpoint}/find?q={phone}&queue={queueName}&v={attributes.PT_Vip}".into(),
            );
        });
        let mut s = Session::new(&ws, 0, None).unwrap();
        let mut c = call("c1", "015550100");
        c["attributes"] = json!({"PT_SearchValue": "ACC-7 &x", "PT_Vip": "yes"});
        let (_, req) = fetch_of(s.event(Event::Interaction("add", &c)));
        assert_eq!(
            req.url,
            "https://crm.enterprise-client.com/find?q=ACC-7%20%26x&queue=Sales&v=yes"
        );
    }

    #[test]
    fn rate_limits_are_waited_out_then_named() {
        let ws = workspace(|_| {});
        let mut s = Session::new(&ws, 0, None).unwrap();
        let (id, first) = fetch_of(s.event(Event::Interaction("add", &call("c1", "015550100"))));
        // The CRM's Retry-After is honoured, with a little jitter; the same request goes again.
        let Some(Action::Fetch {
            fetch,
            request,
            after_ms,
            ..
        }) = s.response(id, 429, Some(2000), b"slow down")
        else {
            panic!()
        };
        assert_eq!(request, first);
        assert!((2000..=2500).contains(&after_ms), "{after_ms}");
        // Without one, 500 ms doubled per attempt.
        let Some(Action::Fetch {
            fetch, after_ms, ..
        }) = s.response(fetch, 503, None, b"")
        else {
            panic!()
        };
        assert!((1000..=1250).contains(&after_ms), "{after_ms}");
        let Some(Action::Fetch { fetch, .. }) = s.response(fetch, 429, None, b"") else {
            panic!()
        };
        // The fourth 429 is a failure that says so, in the CRM's words.
        let pop = pop_of(s.response(fetch, 429, None, br#"{"message": "quota exceeded"}"#));
        assert_eq!(
            pop.cause.as_deref(),
            Some("the CRM answered HTTP 429 4 times: quota exceeded")
        );
        // A CRM asking for longer than a caller waits fails at once, naming the wait.
        let (id, _) = fetch_of(s.event(Event::Interaction("add", &call("c2", "015550100"))));
        let pop = pop_of(s.response(id, 429, Some(60_000), b"try later"));
        assert_eq!(
            pop.cause.as_deref(),
            Some("the CRM answered HTTP 429 and asks to wait 60 s: try later")
        );
        // Retries then success: the records arrive, nothing is lost.
        let (id, _) = fetch_of(s.event(Event::Interaction("add", &call("c3", "015550100"))));
        let Some(Action::Fetch { fetch, .. }) = s.response(id, 429, Some(0), b"") else {
            panic!()
        };
        let page = json!({"items": [{"id": "A1", "name": "Ann", "tier": "gold", "last_contacted": "2024-05-01"}]});
        let pop = pop_of(s.response(fetch, 200, None, page.to_string().as_bytes()));
        assert_eq!(pop.kind, Kind::Single);
    }

    #[test]
    fn contact_search_and_call_log_run_their_data_sources() {
        let ws = workspace(|_| {});
        let mut s = Session::new(&ws, 0, None).unwrap();
        // contactSearch goes to contact_search (here the lookup source) with the value as typed.
        let Some(Action::Fetch { fetch, request, .. }) = s.contact_search(7, "Ann Smith") else {
            panic!()
        };
        assert!(request.url.contains("phone=Ann%20Smith"), "{}", request.url);
        let page = json!({"items": [
            {"id": "A1", "name": "Ann Smith", "tier": "gold", "last_contacted": "2024-05-01"}]});
        let Some(Action::Contacts {
            request,
            contacts,
            cause,
        }) = s.response(fetch, 200, None, page.to_string().as_bytes())
        else {
            panic!()
        };
        assert_eq!((request, cause), (7, None));
        assert_eq!(
            contacts,
            vec![json!({"type": "external", "name": "Ann Smith", "phone": []})]
        );
        // processCallLog posts the call log's fields (no body template: its inputs as JSON).
        let log = json!({"notes": "called back", "subject": "Follow-up", "selectedContact": {"id": "A1"}});
        let Some(Action::Fetch { fetch, request, .. }) =
            s.call_log(8, &log, &call("c9", "015550100"), "interactionDisconnected")
        else {
            panic!()
        };
        assert_eq!(request.method, "POST");
        assert_eq!(
            request.url,
            "https://crm.enterprise-client.com/api/v1/activities"
        );
        let body: Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["callLog.notes"], "called back");
        assert_eq!(body["callLog.selectedContact.id"], "A1");
        assert_eq!(body["eventName"], "interactionDisconnected");
        assert_eq!(body["interactionId"], "c9");
        assert_eq!(
            s.response(fetch, 201, None, br#"{"id": "ACT-1"}"#),
            Some(Action::CallLogged {
                request: 8,
                id: Some("ACT-1".into()),
                cause: None
            })
        );
        // A failure is the CRM's own words, never a silent success.
        let Some(Action::Fetch { fetch, .. }) = s.call_log(9, &log, &call("c9", "015550100"), "x")
        else {
            panic!()
        };
        assert_eq!(
            s.response(
                fetch,
                403,
                None,
                br#"{"error": "invalid_scope", "error_description": "crm:write"}"#
            ),
            Some(Action::CallLogged {
                request: 9,
                id: None,
                cause: Some("the CRM answered HTTP 403: invalid_scope: crm:write".into())
            })
        );
        // Without a call_log data source, the reason comes back at once.
        let ws = workspace(|ws| ws.deployments[0].screen_pop.as_mut().unwrap().call_log = None);
        let mut s = Session::new(&ws, 0, None).unwrap();
        let Some(Action::CallLogged {
            cause: Some(cause), ..
        }) = s.call_log(1, &log, &json!({}), "x")
        else {
            panic!()
        };
        assert!(cause.contains("names no call_log data source"), "{cause}");
    }

    #[test]
    fn actions_are_written_as_framework_js_reads_them() {
        let ws = workspace(|_| {});
        let mut s = Session::new(&ws, 0, None).unwrap();
        let action = s
            .event(Event::Interaction("add", &call("c1", "015550100")))
            .unwrap();
        let Action::Fetch { fetch, .. } = action else {
            panic!()
        };
        let a = action.into_json();
        assert_eq!(
            a,
            json!({"do": "fetch", "fetch": fetch, "interactionId": "c1",
                "request": {"method": "GET",
                    "url": "https://crm.enterprise-client.com/api/v1/accounts?phone=%2B35315550100&fields=id,name,tier,last_contacted",
                    "headers": [["Accept", "application/json"]]},
                "timeoutMs": 10000, "maxBytes": 1048576, "afterMs": 0, "pops": true})
        );
        let page = json!({"items": [{"id": "A1", "name": "Ann", "tier": "gold", "last_contacted": "2024-05-01"}]});
        let pop = s
            .response(fetch, 200, None, page.to_string().as_bytes())
            .unwrap();
        assert_eq!(
            pop.into_json(),
            json!({"do": "pop", "interactionId": "c1", "kind": "single",
                "url": "https://crm.enterprise-client.com/accounts/A1", "searchValue": "+35315550100",
                "records": [{"accountId": "A1", "accountName": "Ann", "accountTier": "gold", "lastInteractionDate": "2024-05-01"}],
                "association": {"id": "A1", "text": "Ann"}})
        );
        let failed = Action::CallLogged {
            request: 3,
            id: None,
            cause: Some("x".into()),
        };
        assert_eq!(
            failed.into_json(),
            json!({"do": "callLogged", "request": 3, "cause": "x"})
        );
    }

    #[test]
    fn proxy_route_executes_the_data_action_and_reads_its_arrays_back() {
        let ws = workspace(|ws| {
            let sp = ws.deployments[0].screen_pop.as_mut().unwrap();
            sp.route = Some("proxy".into());
            sp.action_id = Some("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0".into());
        });
        assert_eq!(Session::new(&ws, 0, None).err(), Some(SetupError::NoAction));
        let mut s = Session::new(&ws, 0, Some("mypurecloud.ie")).unwrap();
        let (id, req) = fetch_of(s.event(Event::Interaction("add", &call("c1", "015550100"))));
        assert_eq!(req.method, "POST");
        assert_eq!(
            req.url,
            "https://api.mypurecloud.ie/api/v2/integrations/actions/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0/execute"
        );
        let body: Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["phone"], "+35315550100");
        assert_eq!(body["queueName"], "Sales");
        let out = json!({"accountId": ["A1", "A2"], "accountName": ["Ann", "Bob"],
            "accountTier": ["gold", "silver"], "lastInteractionDate": ["2024-05-01", "2024-05-02"]});
        let pop = pop_of(s.response(id, 200, None, out.to_string().as_bytes()));
        assert_eq!(pop.kind, Kind::Multiple);
        assert_eq!(pop.records[1]["accountName"], "Bob");
        // No records: every array empty.
        let (id, _) = fetch_of(s.event(Event::Interaction("add", &call("c2", "015550100"))));
        let out = json!({"accountId": [], "accountName": [], "accountTier": [], "lastInteractionDate": []});
        assert_eq!(
            pop_of(s.response(id, 200, None, out.to_string().as_bytes())).kind,
            Kind::None
        );
        // Genesys' own error text is the cause.
        let (id, _) = fetch_of(s.event(Event::Interaction("add", &call("c3", "015550100"))));
        let err = json!({"message": "The action has been disabled", "code": "bad.request", "status": 400});
        let pop = pop_of(s.response(id, 400, None, err.to_string().as_bytes()));
        assert_eq!(
            pop.cause.as_deref(),
            Some("the CRM answered HTTP 400: The action has been disabled")
        );
    }

    fn direct() -> Workspace {
        workspace(|ws| {
            let sp = ws.deployments[0].screen_pop.as_mut().unwrap();
            sp.route = Some("direct".into());
            sp.redirect_uri = Some("https://acme.crm4.dynamics.com/framesmith-signin.html".into());
        })
    }

    fn grant(token: &str, ms: u64) -> Result<Grant, tokens::Failure> {
        Ok(Grant {
            token: token.into(),
            expires_in_ms: ms,
        })
    }

    fn bearer(f: &Fetch) -> Option<&str> {
        f.headers
            .iter()
            .find(|(k, _)| k == "Authorization")
            .map(|(_, v)| v.as_str())
    }

    fn fetches(actions: Vec<Action>) -> Vec<(u64, Fetch)> {
        actions.into_iter().map(|a| fetch_of(Some(a))).collect()
    }

    #[test]
    fn direct_route_signs_in_once_for_every_waiting_lookup_then_sends_the_token() {
        let ws = workspace(|ws| {
            ws.deployments[0].screen_pop.as_mut().unwrap().route = Some("direct".into())
        });
        assert_eq!(
            Session::new(&ws, 0, None).err(),
            Some(SetupError::NoSignIn("screen_pop.redirect_uri"))
        );
        let ws = direct();
        let mut s = Session::new(&ws, 0, None).unwrap();
        let sign_in = s.sign_in().unwrap();
        assert_eq!(
            sign_in.redirect_uri,
            "https://acme.crm4.dynamics.com/framesmith-signin.html"
        );
        assert_eq!(
            sign_in.token,
            "https://crm.enterprise-client.com/oauth/token"
        );
        assert_eq!(sign_in.scope, "crm:read crm:write contacts:read");
        s.set_now(1_000);
        assert_eq!(
            s.event(Event::Interaction("add", &call("c1", "015550100"))),
            Some(Action::Refresh)
        );
        // Later calls wait for the same sign-in: no second refresh.
        for i in 2..=50 {
            let c = call(&format!("c{i}"), "015550100");
            assert_eq!(s.event(Event::Interaction("add", &c)), None);
        }
        let (actions, retry_at) = s.token(grant("T1", 600_000), false);
        assert_eq!(retry_at, None);
        let sent = fetches(actions);
        assert_eq!(sent.len(), 50, "no lookup is lost while the agent signs in");
        assert!(sent.iter().all(|(_, f)| bearer(f) == Some("Bearer T1")));
        // Until it is due, the token goes with each lookup at once.
        let (_, f) = fetch_of(s.event(Event::Interaction("add", &call("d1", "015550100"))));
        assert_eq!(bearer(&f), Some("Bearer T1"));
        let page = json!({"items": [{"id": "A1", "name": "Ann", "tier": "gold", "last_contacted": "2024-05-01"}]});
        let pop = pop_of(s.response(sent[0].0, 200, None, page.to_string().as_bytes()));
        assert_eq!(pop.kind, Kind::Single, "{:?}", pop.cause);
        assert_eq!(s.token_counters().refreshes, 1);
    }

    #[test]
    fn a_401_storm_on_the_direct_route_brings_one_new_token_then_sends_again() {
        let ws = direct();
        let mut s = Session::new(&ws, 0, None).unwrap();
        s.set_now(0);
        assert_eq!(
            s.event(Event::Interaction("add", &call("c0", "015550100"))),
            Some(Action::Refresh)
        );
        s.token(grant("T1", 3_600_000), false);
        s.set_now(60_000);
        let sent: Vec<(u64, Fetch)> = (1..=20)
            .map(|i| {
                fetch_of(s.event(Event::Interaction(
                    "add",
                    &call(&format!("c{i}"), "015550100"),
                )))
            })
            .collect();
        // The CRM revoked the token early: every lookup is refused.
        let mut refreshes = 0;
        for (id, _) in &sent {
            match s.response(*id, 401, None, br#"{"error": "invalid_token"}"#) {
                Some(Action::Refresh) => refreshes += 1,
                None => {}
                other => panic!("a refused lookup waits for the new token, got {other:?}"),
            }
        }
        assert_eq!(refreshes, 1, "one refresh however many lookups the 401 hit");
        let again = fetches(s.token(grant("T2", 3_600_000), false).0);
        assert_eq!(again.len(), 20, "every refused lookup goes again");
        assert!(again.iter().all(|(_, f)| bearer(f) == Some("Bearer T2")));
        // A second 401 for the same request is the answer, in the CRM's words.
        let pop = pop_of(s.response(again[1].0, 401, None, br#"{"error": "invalid_token"}"#));
        assert_eq!(pop.kind, Kind::Failed);
        assert!(pop.cause.unwrap().contains("401"));
    }

    #[test]
    fn direct_route_invalid_grant_fails_the_waiting_lookups_naming_it_until_a_wake() {
        let ws = direct();
        let mut s = Session::new(&ws, 0, None).unwrap();
        s.set_now(5);
        assert_eq!(
            s.event(Event::Interaction("add", &call("c1", "015550100"))),
            Some(Action::Refresh)
        );
        let refused = tokens::Failure {
            status: 400,
            error: Some("invalid_grant".into()),
            message: "refresh token revoked".into(),
            retry_after_ms: None,
        };
        let (actions, retry_at) = s.token(Err(refused), false);
        assert_eq!(retry_at, None);
        let [Action::Pop(pop)] = &actions[..] else {
            panic!("{actions:?}")
        };
        assert_eq!(pop.kind, Kind::Failed);
        assert_eq!(
            pop.cause.as_deref(),
            Some("the CRM sign-in failed: invalid_grant: refresh token revoked")
        );
        // No more refreshes: the next call fails at once, saying why.
        let pop = pop_of(s.event(Event::Interaction("add", &call("c2", "015550100"))));
        assert!(pop.cause.unwrap().contains("invalid_grant"));
        // The agent comes back to the tab: one more sign-in.
        s.wake();
        assert_eq!(
            s.event(Event::Interaction("add", &call("c3", "015550100"))),
            Some(Action::Refresh)
        );
    }

    #[test]
    fn a_rate_limited_token_endpoint_is_waited_out_and_no_lookup_is_lost() {
        let ws = direct();
        let mut s = Session::new(&ws, 0, None).unwrap();
        s.set_now(1_000);
        assert_eq!(
            s.event(Event::Interaction("add", &call("c1", "015550100"))),
            Some(Action::Refresh)
        );
        assert_eq!(
            s.event(Event::Interaction("add", &call("c2", "015550100"))),
            None
        );
        let slow = tokens::Failure {
            status: 429,
            error: None,
            message: "slow down".into(),
            retry_after_ms: Some(20_000),
        };
        let (actions, retry_at) = s.token(Err(slow), false);
        assert!(actions.is_empty(), "{actions:?}");
        let at = retry_at.expect("a time to try again");
        assert!(at >= 21_000, "Retry-After honoured: {at}");
        // Too early: nothing.
        s.set_now(at - 1);
        assert_eq!(s.tick(), (Vec::new(), Some(at)));
        s.set_now(at);
        let (actions, _) = s.tick();
        assert_eq!(
            actions,
            vec![Action::Refresh],
            "one refresh for both lookups"
        );
        let sent = fetches(s.token(grant("T1", 600_000), false).0);
        assert_eq!(sent.len(), 2);
        assert_eq!(s.token_counters().rate_limited, 1);
    }

    #[test]
    fn a_token_shared_by_another_tab_is_used_without_a_refresh_here() {
        let ws = direct();
        let mut s = Session::new(&ws, 0, None).unwrap();
        s.set_now(1_000);
        s.token(grant("T9", 600_000), true);
        let (_, f) = fetch_of(s.event(Event::Interaction("add", &call("c1", "015550100"))));
        assert_eq!(bearer(&f), Some("Bearer T9"));
        assert_eq!(s.token_counters().refreshes, 0);
    }

    #[test]
    fn the_crm_token_goes_only_to_the_origin_it_is_for() {
        let ws = workspace(|ws| {
            let sp = ws.deployments[0].screen_pop.as_mut().unwrap();
            sp.route = Some("direct".into());
            sp.redirect_uri = Some("https://acme.crm4.dynamics.com/cb".into());
            sp.contact_search = Some("search_contacts".into());
            let ty = &mut ws.integration_types[0];
            let mut other = ty.data_sources[0].clone();
            other.name = "search_contacts".into();
            other.rest_endpoint = Some("https://elsewhere.example/find?q={searchValue}".into());
            ty.data_sources.push(other);
        });
        let mut s = Session::new(&ws, 0, None).unwrap();
        s.token(grant("T1", 600_000), true);
        let Some(Action::Contacts {
            cause: Some(cause), ..
        }) = s.contact_search(1, "Ann")
        else {
            panic!("the search at another origin must fail without the token")
        };
        assert!(
            cause.contains("not at https://crm.enterprise-client.com"),
            "{cause}"
        );
    }
}
