//! The runtime's lookups for one deployment (issue 10): what framework.js hands the runtime
//! module and what it gets back. An event becomes a fetch to send (the data source's
//! request for the host or direct route, the data action's execution for the proxy route)
//! or a pop; each response is read here (pagination up to the page limit, the size limit,
//! mapping, typed errors) and becomes the next fetch or the pop. Sans-IO like the engine it
//! drives: framework.js sends the requests and keeps the clock, so tests need no network.

mod answers;
mod direct;
mod pending;
mod sides;
mod wire;

use answers::*;
use pending::*;
pub use wire::*;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::datasource::input_name;
use crate::datasource::{self, ExecError, Inputs, Prepared, Request};
use crate::diagnostic::quote;
use crate::screenpop::engine::{Engine, Stats, Step};
use crate::screenpop::pop::Pop;
use crate::screenpop::tokens::{self, Grant, SessionTokens, Use};
use crate::screenpop::trigger::Event;
use crate::workspace::{DataSource, Integration, IntegrationType, Media, Workspace};

pub struct Session<'w> {
    engine: Engine<'w>,
    /// The deployment's route: voice's, and the contact search's and call log's.
    route: Route,
    /// The lookups of the kinds of interaction popped: voice's first, one per data source
    /// and route (with its data action's URL on the proxy route), and which each kind runs.
    lookups: Vec<Lookup<'w>>,
    by_media: [u8; 6],
    contacts: Option<Prepared<'w>>,
    call_log: Option<Prepared<'w>>,
    call_log_update: Option<Prepared<'w>>,
    #[cfg(feature = "create")]
    create: Option<Prepared<'w>>,
    integration_type: Option<&'w IntegrationType>,
    instance: Option<&'w Integration>,
    /// The inputs of each interaction's lookup (its attributes, ani...), by interaction id.
    /// Oldest first, at most MAX_FETCHES: a list rather than a map, which in the module
    /// would be one more copy of the tree code.
    inputs: Vec<(String, Map<String, Value>)>,
    fetches: Vec<Pending>,
    next_fetch: u64,
    /// The direct route's CRM token, the origin it was issued for (the lookup's), and the
    /// requests waiting for it.
    tokens: Option<SessionTokens>,
    token_origin: String,
    waiting: Vec<Pending>,
    /// The time framework.js last gave, in milliseconds: the token machine's clock.
    now: u64,
    sign_in: Option<SignIn>,
}

/// One lookup the kinds of interaction run: its data source, the route it takes (a media
/// table may name its own) and, on the proxy route, its data action's URL.
struct Lookup<'w> {
    prepared: Prepared<'w>,
    route: Route,
    action_url: Option<String>,
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
    /// A capability the plain runtime module leaves out (named): the deployment carries the
    /// full module.
    FullModule(&'static str),
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
            SetupError::FullModule(what) => write!(
                f,
                "{what} needs the full runtime module, which framesmith build gives such deployments"
            ),
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
        let find = |name: &str| -> Result<&'w DataSource, SetupError> {
            integration_type
                .and_then(|t| t.data_sources.iter().find(|d| d.name == name))
                .ok_or_else(|| SetupError::NoDataSource(name.to_string()))
        };
        let ds = find(&sp.data_source)?;
        let route_of = |name: Option<&String>| match name.map(String::as_str) {
            Some("proxy") => Route::Proxy,
            Some("direct") => Route::Direct,
            _ => Route::Host,
        };
        let route = route_of(sp.route.as_ref());
        let direct = sp.uses_route("direct");
        if direct && !cfg!(feature = "direct") {
            return Err(SetupError::FullModule("the direct route"));
        }
        if sp.create.is_some() && !cfg!(feature = "create") {
            return Err(SetupError::FullModule("screen_pop.create"));
        }
        let action_url = |route, action_id: Option<&String>| match (route, action_id, api_domain) {
            (Route::Proxy, Some(id), Some(d)) => Ok(Some(format!(
                "https://api.{d}/api/v2/integrations/actions/{}/execute",
                datasource::template::percent_encode(id)
            ))),
            (Route::Proxy, _, _) => Err(SetupError::NoAction),
            _ => Ok(None),
        };
        // One lookup per data source, route (and data action) the kinds run, voice's first.
        let mut lookups: Vec<Lookup<'w>> = Vec::new();
        let mut by_media = [0u8; 6];
        for kind in engine.kinds() {
            let route = route_of(kind.route());
            let url = action_url(route, kind.action_id())?;
            let name = kind.data_source();
            let at = match lookups.iter().position(|l| {
                l.prepared.source().name == name && l.route == route && l.action_url == url
            }) {
                Some(at) => at,
                None => {
                    let prepared = Prepared::new(find(name)?).map_err(SetupError::BadSource)?;
                    lookups.push(Lookup {
                        prepared,
                        route,
                        action_url: url,
                    });
                    lookups.len() - 1
                }
            };
            by_media[kind.media as usize] = at as u8;
        }
        let other = |name: &Option<String>| -> Result<Option<Prepared<'w>>, SetupError> {
            let Some(name) = name else { return Ok(None) };
            let ds = integration_type
                .and_then(|t| t.data_sources.iter().find(|d| d.name == *name))
                .ok_or_else(|| SetupError::NoDataSource(name.clone()))?;
            Prepared::new(ds).map(Some).map_err(SetupError::BadSource)
        };
        let (tokens, token_origin) = if direct {
            // The token is the CRM's for the origin the first direct-route lookup requests
            // (voice's when voice takes it), and goes nowhere else: not to a contact search,
            // call log or other kind's lookup elsewhere, not to a next link.
            let ds = lookups
                .iter()
                .find(|l| l.route == Route::Direct)
                .map_or(ds, |l| l.prepared.source());
            let inputs = Inputs {
                integration_type,
                instance,
                runtime: Map::new(),
            };
            let origin = datasource::origin(ds, inputs)
                .map_err(SetupError::BadSource)?
                .ok_or(SetupError::NoSignIn("a data source URL with an origin"))?;
            (tokens::session_tokens(1), origin)
        } else {
            (None, String::new())
        };
        let sign_in = match direct {
            true => Some(Self::sign_in_of(
                instance,
                integration_type,
                sp.redirect_uri.as_deref(),
            )?),
            false => None,
        };
        let session = Session {
            engine,
            route,
            lookups,
            by_media,
            contacts: other(&sp.contact_search)?,
            call_log: other(&sp.call_log)?,
            call_log_update: other(&sp.call_log_update)?,
            #[cfg(feature = "create")]
            create: other(&sp.create)?,
            integration_type,
            instance,
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

    pub fn route(&self) -> Route {
        self.route
    }

    /// A number the CRM page asks the softphone to dial, as E.164 with voice's default
    /// country (the normalisation lookups use): never dialled as typed.
    pub fn dial_number(&self, raw: &str) -> Result<String, String> {
        let country = self.engine.kinds()[0].default_country();
        crate::screenpop::phone::e164(raw, country.map(String::as_str)).map_err(|e| {
            let why = e.to_string().replacen("the caller's number", "it", 1);
            format!("cannot dial {}: {why}", quote(raw))
        })
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
        if let Step::Search {
            interaction_id,
            media,
            ..
        } = &step
        {
            let (interaction, hook) = match event {
                Event::Interaction(_, v) => (v, None),
                Event::ScreenPopHook(s, v) => (v, Some(s)),
            };
            let i = interaction.get("new").unwrap_or(interaction);
            self.inputs.retain(|(id, _)| id != interaction_id);
            if self.inputs.len() >= MAX_FETCHES {
                self.inputs.remove(0);
            }
            self.inputs
                .push((interaction_id.clone(), lookup_inputs(*media, i, hook)));
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
                media,
                by_phone,
            } => match self.first_request(&interaction_id, &value, media, by_phone) {
                Ok(first) => {
                    let lookup = Purpose::Lookup(self.by_media[media as usize]);
                    self.fetch(Pending::new(interaction_id, first, lookup), 0)
                }
                Err(e) => self.finish(&interaction_id, Err(e.to_string())),
            },
            #[cfg(feature = "create")]
            Step::Create {
                interaction_id,
                value,
                media,
                by_phone,
            } => {
                // The create goes where the kind's lookup goes (check refuses the proxy
                // route, which executes only the lookup's data action).
                let lookup = self.by_media[media as usize];
                let mut runtime = self.runtime_of(&interaction_id, &value, by_phone);
                runtime.insert("media".into(), media.name().into());
                match self.side_request(Purpose::Create(lookup), runtime) {
                    Ok(first) => self.fetch(
                        Pending::new(interaction_id, first, Purpose::Create(lookup)),
                        0,
                    ),
                    Err(cause) => self.finish(&interaction_id, Err(cause)),
                }
            }
        }
    }

    /// A lookup's runtime inputs: the interaction's own (its attributes, ani...), the search
    /// value, and `{phone}` when the value is a number or an attribute (never an address).
    fn runtime_of(&self, interaction_id: &str, value: &str, by_phone: bool) -> Map<String, Value> {
        let mut runtime = self
            .inputs
            .iter()
            .find(|(id, _)| id == interaction_id)
            .map(|(_, i)| i.clone())
            .unwrap_or_default();
        if by_phone {
            runtime.insert("phone".into(), value.into());
        }
        runtime.insert("searchValue".into(), value.into());
        runtime.insert("interactionId".into(), interaction_id.into());
        runtime
    }

    fn first_request(
        &self,
        interaction_id: &str,
        value: &str,
        media: Media,
        by_phone: bool,
    ) -> Result<Request, ExecError> {
        let runtime = self.runtime_of(interaction_id, value, by_phone);
        let lookup = &self.lookups[self.by_media[media as usize] as usize];
        let source = &lookup.prepared;
        if let Some(url) = &lookup.action_url {
            return Ok(execution(url, &runtime));
        }
        let inputs = Inputs {
            integration_type: self.integration_type,
            instance: self.instance,
            runtime,
        };
        datasource::request(source.source(), &inputs)
    }

    /// Send `p` (under a new fetch id) after `after_ms`; on the direct route, with the CRM
    /// token, once there is one.
    fn fetch(&mut self, mut p: Pending, after_ms: u64) -> Option<Action> {
        let route = self.route_of(p.purpose);
        if let Some(tokens) = self.tokens.as_mut().filter(|_| route == Route::Direct) {
            let at = crate::base::url::split(&p.request.url).map(|u| u.origin());
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
            // As the engine does: this lookup fails, naming the cap; none under way is lost.
            let cause =
                format!("more than {MAX_FETCHES} CRM requests at once: this lookup was not sent");
            return self.done(p, Err(cause));
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
            pops: p.purpose.pops(),
            route,
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
                kind: crate::screenpop::pop::Kind::Failed,
                url: None,
                search_value: String::new(),
                records: Vec::new(),
                cause: Some("the search was dropped: too many at once".into()),
                association: None,
                created: false,
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
        // An update answers with nothing to read, often 204: any 2xx wrote it.
        if matches!(p.purpose, Purpose::CallLogUpdate(_)) && (200..300).contains(&status) {
            return self.done(p, Ok(Vec::new()));
        }
        let source = self.prepared(p.purpose);
        let page = if self.route_of(p.purpose) == Route::Proxy {
            source.action_page(status, body)
        } else {
            source.page(status, body, p.page)
        };
        let page = match page {
            Ok(page) => page,
            Err(e) => return self.done(p, Err(e.to_string())),
        };
        // A page the CRM repeats (the same records again) adds nothing: each record once,
        // by its mapped id.
        for record in page.records {
            if let Some(id) = crate::screenpop::pop::record_id(&record)
                && p.ids.insert(id, Value::Null).is_some()
            {
                continue;
            }
            p.records.push(record);
        }
        if p.sent.is_empty() {
            p.sent.insert(sent_key(&p.request), Value::Null);
        }
        if let Some(next) = page.next {
            match datasource::next_request(source.source(), &p.first, next) {
                Ok(request) => {
                    let next = Fetch::from(&request);
                    // A next link back to a page this lookup has fetched: the paging is
                    // over, with the records in hand.
                    if p.sent.insert(sent_key(&next), Value::Null).is_none() {
                        p.request = next;
                        p.page += 1;
                        p.attempt = 0;
                        return self.fetch(p, 0);
                    }
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
            Purpose::CallLogUpdate(_) => self.call_log_update.as_ref(),
            #[cfg(feature = "create")]
            Purpose::Create(_) => self.create.as_ref(),
            Purpose::Lookup(at) => self.lookups.get(at as usize).map(|l| &l.prepared),
        }
        .unwrap_or(&self.lookups[0].prepared)
    }

    /// The route a fetch takes: its lookup's; the deployment's for a search or call log.
    fn route_of(&self, purpose: Purpose) -> Route {
        match purpose {
            Purpose::Lookup(at) => self.lookups.get(at as usize).map(|l| l.route),
            #[cfg(feature = "create")]
            Purpose::Create(at) => self.lookups.get(at as usize).map(|l| l.route),
            _ => None,
        }
        .unwrap_or(self.route)
    }

    /// What a finished fetch leads to, by its purpose.
    fn done(
        &mut self,
        p: Pending,
        found: Result<Vec<Map<String, Value>>, String>,
    ) -> Option<Action> {
        match p.purpose {
            Purpose::Lookup(_) => self.finish(&p.interaction_id, found),
            #[cfg(feature = "create")]
            Purpose::Create(_) => self.finish(&p.interaction_id, found),
            // The update wrote the log the CRM has: its id is the answer.
            Purpose::CallLogUpdate(request) => Some(Action::CallLogged {
                request,
                id: found.is_ok().then_some(p.log_id).flatten(),
                cause: found.err(),
            }),
            side => Some(answer(side, found)),
        }
    }
}

/// What makes two requests the same one, for a lookup's paging: method, URL and body.
fn sent_key(f: &Fetch) -> String {
    format!(
        "{}\n{}\n{}",
        f.method,
        f.url,
        f.body.as_deref().unwrap_or("")
    )
}

#[cfg(test)]
mod tests;
