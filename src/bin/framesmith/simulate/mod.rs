//! `framesmith simulate`: the pop engine framework.js runs (`framesmith::screenpop::session`), run
//! natively on a scenario (interaction events with their times, the pops expected) against
//! scripted or saved CRM responses, or a live CRM, on a virtual clock: a shift of retries
//! and backoffs takes milliseconds. Exits 1 when an expectation fails, so that an org can
//! keep its deployments' behaviour in CI.
//!
//! A scenario is JSON:
//! `{"description", "screen_pop": {...}, "events": [...], "responses": {SOURCE: [{"match",
//! "times", "status", "body", "retryAfterSeconds", "delayMs"}]}, "expect": [{"interactionId",
//! "kind", "url", "searchValue", "records", "cause", "created", "linked", "callLog": {"id",
//! "cause"}, "writes": [{"source", "method", "match", "body"}]}], "expectChoices": [{"ok",
//! "cause"}], "expectDials": [{"ok", "number", "cause"}], "expectStats": {"requests",
//! "lookups", "tokenRefreshes", "choices", "created"}}`.
//! An event, each with its `at`, is one of `{"category", "interaction"}` (the client's
//! Interaction event), `{"screenPop", "interaction"}` (its screenPop hook), `{"callLog",
//! "interaction", "eventName"}` (its processCallLog hook), `{"choose", "interactionId"}` (the
//! agent picks a record on the CRM page) or `{"dial", "recordId", "text"}` (the CRM page asks
//! to dial). `screen_pop` changes the deployment's for the run (another route, say). A
//! request is answered by the first of its data source's responses whose `match` its URL
//! contains (no `match`: any), each used `times` times (none: always); `"kind": "no pop"`
//! expects none.

mod after_pop;
mod command;
mod expect;
mod scenario;

pub(crate) use command::command;

use crate::cli::{SimulateArgs, SimulateFormat};
use crate::io::*;
use framesmith::report;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::path::PathBuf;
#[cfg(not(target_arch = "wasm32"))]
use std::time::Duration;

use framesmith::screenpop::session::{Action, Session};
use framesmith::screenpop::tokens::Grant;
use framesmith::screenpop::trigger::Event;
use framesmith::workspace::Workspace;
use scenario::{answers, bad, event_shape};
use serde_json::{Value, json};

/// A scripted answer.
#[derive(Debug, Clone)]
pub(super) struct Answer {
    /// Answers only a request whose URL contains this.
    matches: Option<String>,
    /// Answers this many requests, then no more.
    times: Option<u64>,
    status: u16,
    body: Vec<u8>,
    retry_after_ms: Option<u64>,
    delay_ms: u64,
}

pub struct Args<'a> {
    pub deployment: &'a str,
    pub scenario: &'a Value,
    /// `SOURCE=body`: answers every request of that data source with HTTP 200.
    pub responses: Vec<(String, Vec<u8>)>,
    /// Send what nothing scripted answers to the live CRM, with this bearer token if any.
    pub live: bool,
    pub token: Option<String>,
}

/// What a run found: each pop, each expectation's verdict.
pub struct Outcome {
    pub report: Value,
    pub passed: bool,
}

/// Sends a request (JSON, as framework.js's driver reads it) to the live CRM.
type Sender = Box<dyn Fn(&Value) -> Result<Answer, String>>;

#[cfg(not(target_arch = "wasm32"))]
fn live(token: Option<String>) -> Result<Sender, String> {
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| format!("cannot start an HTTP client: {e}"))?;
    Ok(Box::new(move |request: &Value| {
        let url = request["url"].as_str().unwrap_or_default();
        crate::live::check_url(url)?;
        let method =
            reqwest::Method::from_bytes(request["method"].as_str().unwrap_or("GET").as_bytes())
                .map_err(|_| "the request's method is not an HTTP method".to_string())?;
        let mut req = client.request(method, url);
        if let Some(t) = &token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        for pair in request["headers"].as_array().into_iter().flatten() {
            if let (Some(k), Some(v)) = (pair[0].as_str(), pair[1].as_str()) {
                req = req.header(k, v);
            }
        }
        if let Some(b) = request["body"].as_str() {
            req = req.body(b.to_string());
        }
        let resp = req.send().map_err(|e| format!("{url}: {e}"))?;
        let status = resp.status().as_u16();
        let retry_after_ms = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|s| s * 1000);
        let body = resp.bytes().map_err(|e| format!("{url}: {e}"))?.to_vec();
        Ok(Answer {
            matches: None,
            times: None,
            status,
            body,
            retry_after_ms,
            delay_ms: 0,
        })
    }))
}

#[cfg(target_arch = "wasm32")]
fn live(_: Option<String>) -> Result<Sender, String> {
    Err("--live needs the native build".into())
}

enum Job {
    Event(usize),
    Send {
        fetch: u64,
        interaction_id: String,
        request: Value,
        timeout_ms: u64,
    },
    Deliver {
        fetch: u64,
        answer: Answer,
    },
    Fail {
        fetch: u64,
        cause: String,
    },
}

struct Run<'s, 'w> {
    session: Session<'w>,
    scenario: &'s [Value],
    scripted: Vec<(String, Vec<Answer>)>,
    live: Option<Sender>,
    queue: BinaryHeap<Reverse<(u64, u64, usize)>>,
    jobs: Vec<Option<Job>>,
    now: u64,
    pops: Vec<Value>,
    refreshes: u64,
    requests: u64,
    after: after_pop::AfterPop,
    /// The data sources that write to the CRM (call log, its update, create): their
    /// requests are the run's `writes`.
    writers: Vec<String>,
}

impl Run<'_, '_> {
    fn at(&mut self, time: u64, job: Job) {
        let n = self.jobs.len();
        self.jobs.push(Some(job));
        self.queue.push(Reverse((time, n as u64, n)));
    }

    fn act(&mut self, action: Option<Action>) {
        let Some(action) = action else { return };
        match action {
            Action::Fetch {
                fetch,
                after_ms,
                timeout_ms,
                ref request,
                ref interaction_id,
                ..
            } => {
                let headers: Vec<Value> =
                    request.headers.iter().map(|(k, v)| json!([k, v])).collect();
                let request = json!({"method": request.method, "url": request.url,
                    "headers": headers, "body": request.body});
                self.at(
                    self.now + after_ms,
                    Job::Send {
                        fetch,
                        interaction_id: interaction_id.clone(),
                        request,
                        timeout_ms,
                    },
                );
            }
            Action::Pop(p) => {
                let mut v = Action::Pop(p).into_json();
                if let Value::Object(m) = &mut v {
                    m.remove("do");
                    m.insert("at".into(), json!(self.now));
                }
                self.after.popped(&v);
                self.pops.push(v);
            }
            // The direct route's sign-in or refresh: a simulated token, at once.
            Action::Refresh => {
                self.refreshes += 1;
                let (actions, _) = self.session.token(
                    Ok(Grant {
                        token: "simulated-crm-token".into(),
                        expires_in_ms: 3_600_000,
                    }),
                    false,
                );
                for a in actions {
                    self.act(Some(a));
                }
            }
            Action::CallLogged { request, id, cause } => {
                for w in self.after.logged(self.now, request, id, cause) {
                    self.write(w);
                }
            }
            Action::Contacts { .. } => {}
        }
    }

    /// A call log write: the session's request for it, carried out.
    fn write(&mut self, w: after_pop::Write) {
        let action = self.session.call_log(
            w.request,
            &w.call_log,
            &w.interaction,
            &w.event_name,
            w.record.as_ref(),
        );
        self.act(action);
    }

    fn answer(&mut self, source: &str, request: &Value) -> Result<Answer, String> {
        let url = request["url"].as_str().unwrap_or_default();
        if let Some((_, list)) = self.scripted.iter_mut().find(|(s, _)| s == source) {
            let found = list.iter_mut().find(|a| {
                a.times != Some(0) && a.matches.as_ref().is_none_or(|m| url.contains(m.as_str()))
            });
            if let Some(a) = found {
                if let Some(t) = &mut a.times {
                    *t -= 1;
                }
                return Ok(a.clone());
            }
            if self.live.is_none() {
                return Err(format!(
                    "no response of data source {source:?} in the scenario answers {url}"
                ));
            }
        }
        let Some(send) = &self.live else {
            return Err(format!(
                "nothing answers data source {source:?}: script it in the scenario's \"responses\", give --response {source}=FILE, or pass --live"
            ));
        };
        send(request)
    }

    fn run(&mut self) -> Result<(), String> {
        while let Some(Reverse((time, _, n))) = self.queue.pop() {
            self.now = time;
            self.session.set_now(time);
            let Some(job) = self.jobs[n].take() else {
                continue;
            };
            match job {
                Job::Event(i) => {
                    let e = &self.scenario[i];
                    let interaction = &e["interaction"];
                    if let Some(call_log) = e.get("callLog") {
                        let event = e["eventName"].as_str().unwrap_or("interactionChanged");
                        if let Some(w) = self.after.process(call_log, interaction, event) {
                            self.write(w);
                        }
                        continue;
                    }
                    if let Some(record) = e.get("choose") {
                        let iid = e["interactionId"].as_str().unwrap_or("");
                        let record = record
                            .as_str()
                            .map_or_else(|| record.to_string(), str::to_string);
                        self.after.choose(time, iid, &record);
                        continue;
                    }
                    if let Some(raw) = e.get("dial").and_then(Value::as_str) {
                        let number = self.session.dial_number(raw);
                        self.after.dial(time, raw, number, e);
                        continue;
                    }
                    self.after
                        .interaction(interaction.get("new").unwrap_or(interaction));
                    let event = match e.get("screenPop") {
                        Some(s) => Event::ScreenPopHook(s.as_str().unwrap_or(""), interaction),
                        None => {
                            Event::Interaction(e["category"].as_str().unwrap_or(""), interaction)
                        }
                    };
                    let action = self.session.event(event);
                    self.act(action);
                }
                Job::Send {
                    fetch,
                    interaction_id,
                    request,
                    timeout_ms,
                } => {
                    self.requests += 1;
                    let Some(source) = self.session.source_of(fetch).map(str::to_string) else {
                        continue;
                    };
                    if self.writers.contains(&source) {
                        let body = request["body"].as_str().map(|b| {
                            serde_json::from_str(b).unwrap_or_else(|_| Value::String(b.into()))
                        });
                        self.after
                            .writes
                            .push(json!({"at": time, "interactionId": interaction_id,
                            "source": source, "method": request["method"], "url": request["url"],
                            "body": body}));
                    }
                    let answer = self.answer(&source, &request)?;
                    if answer.delay_ms >= timeout_ms {
                        // framework.js's driver gives up at the data source's timeout.
                        let cause = format!(
                            "no answer within {} s (timeoutSeconds)",
                            timeout_ms.div_ceil(1000)
                        );
                        self.at(time + timeout_ms, Job::Fail { fetch, cause });
                    } else {
                        self.at(time + answer.delay_ms, Job::Deliver { fetch, answer });
                    }
                }
                Job::Deliver { fetch, answer } => {
                    let action = self.session.response(
                        fetch,
                        answer.status,
                        answer.retry_after_ms,
                        &answer.body,
                    );
                    self.act(action);
                }
                Job::Fail { fetch, cause } => {
                    let action = self.session.failed(fetch, &cause);
                    self.act(action);
                }
            }
        }
        Ok(())
    }
}

/// Run `args.scenario` against deployment `args.deployment` of `ws`.
pub fn run(ws: &Workspace, args: &Args<'_>) -> Result<Outcome, String> {
    let index = ws
        .deployments
        .iter()
        .position(|d| d.name == args.deployment)
        .ok_or_else(|| {
            let names: Vec<&str> = ws.deployments.iter().map(|d| d.name.as_str()).collect();
            format!(
                "there is no deployment {:?}; the workspace has {names:?}",
                args.deployment
            )
        })?;
    let s = args.scenario;
    let mut changed;
    let ws = match s.get("screen_pop") {
        None => ws,
        Some(Value::Object(over)) => {
            changed = ws.clone();
            let sp = changed.deployments[index]
                .screen_pop
                .as_mut()
                .ok_or_else(|| bad("/screen_pop", "the deployment has no screen_pop to change"))?;
            let mut v = serde_json::to_value(&*sp).map_err(|e| e.to_string())?;
            for (k, x) in over {
                v[k] = x.clone();
            }
            *sp = serde_json::from_value(v).map_err(|e| bad("/screen_pop", &e.to_string()))?;
            &changed
        }
        Some(_) => return Err(bad("/screen_pop", "must be an object of screen_pop keys")),
    };
    let d = &ws.deployments[index];
    let domain = framesmith::catalogue::region(ws.region_of(d)).map(|r| r.domain);
    let mut session = Session::new(ws, index, domain).map_err(|e| format!("{}: {e}", d.name))?;
    session.seed(1);
    let Some(events) = s.get("events").and_then(Value::as_array) else {
        return Err(bad("/events", "give the events, a list"));
    };
    let mut run = Run {
        session,
        scenario: events,
        scripted: Vec::new(),
        live: None,
        queue: BinaryHeap::new(),
        jobs: Vec::new(),
        now: 0,
        pops: Vec::new(),
        refreshes: 0,
        requests: 0,
        after: Default::default(),
        writers: {
            let sp = d.screen_pop.as_ref();
            let names = sp.map(|sp| [&sp.call_log, &sp.call_log_update, &sp.create]);
            names.into_iter().flatten().flatten().cloned().collect()
        },
    };
    for (i, e) in events.iter().enumerate() {
        let at = match e.get("at") {
            None => 0,
            Some(v) => v.as_u64().ok_or_else(|| {
                bad(
                    &format!("/events/{i}/at"),
                    "must be a whole number of milliseconds",
                )
            })?,
        };
        event_shape(e, i)?;
        run.at(at, Job::Event(i));
    }
    if let Some(Value::Object(m)) = s.get("responses") {
        for (source, v) in m {
            let pointer = format!(
                "/responses/{}",
                source.replace('~', "~0").replace('/', "~1")
            );
            run.scripted.push((source.clone(), answers(v, &pointer)?));
        }
    }
    // A saved body given on the command line outranks the scenario's script.
    for (source, body) in &args.responses {
        run.scripted.retain(|(s, _)| s != source);
        run.scripted.push((
            source.clone(),
            vec![Answer {
                matches: None,
                times: None,
                status: 200,
                body: body.clone(),
                retry_after_ms: None,
                delay_ms: 0,
            }],
        ));
    }
    if args.live {
        run.live = Some(live(args.token.clone())?);
    }
    run.run()?;
    let stats = run.session.stats();
    let totals = json!({"requests": run.requests, "lookups": stats.lookups,
        "tokenRefreshes": run.refreshes, "created": stats.created,
        "choices": run.after.choices.iter().filter(|c| c["ok"] == true).count()});
    let (verdicts, passed) = expect::judge(s, &run.pops, &run.after, &totals)?;
    let report = json!({
        "description": s.get("description").cloned().unwrap_or(Value::Null),
        "deployment": d.name,
        "pops": run.pops,
        "expectations": verdicts,
        "requests": run.requests,
        "tokenRefreshes": run.refreshes,
        "lookups": stats.lookups,
        "writes": run.after.writes,
        "callLogs": run.after.call_logs,
        "choices": run.after.choices,
        "dials": run.after.dialed,
        "ms": run.now,
    });
    Ok(Outcome { report, passed })
}
