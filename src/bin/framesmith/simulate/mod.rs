//! `framesmith simulate`: the pop engine framework.js runs (`framesmith::screenpop::session`), run
//! natively on a scenario (interaction events with their times, the pops expected) against
//! scripted or saved CRM responses, or a live CRM, on a virtual clock: a shift of retries
//! and backoffs takes milliseconds. Exits 1 when an expectation fails, so that an org can
//! keep its deployments' behaviour in CI.
//!
//! A scenario is JSON:
//! `{"description", "screen_pop": {...}, "events": [{"at", "category", "interaction"} |
//! {"at", "screenPop", "interaction"}], "responses": {SOURCE: [{"match", "times", "status",
//! "body", "retryAfterSeconds", "delayMs"}]}, "expect": [{"interactionId", "kind", "url",
//! "searchValue", "records", "cause"}], "expectStats": {"requests", "lookups", "tokenRefreshes"}}`.
//! `screen_pop` changes the deployment's for the run (another route, say). A request is
//! answered by the first of its data source's responses whose `match` its URL contains (no
//! `match`: any), each used `times` times (none: always); `"kind": "no pop"` expects none.

mod command;

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
use serde_json::{Value, json};

/// A scripted answer.
#[derive(Debug, Clone)]
struct Answer {
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

fn bad(pointer: &str, what: &str) -> String {
    format!("the scenario at {pointer}: {what}")
}

fn answers(v: &Value, pointer: &str) -> Result<Vec<Answer>, String> {
    let list = match v {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    };
    if list.is_empty() {
        return Err(bad(pointer, "give at least one response"));
    }
    list.iter()
        .enumerate()
        .map(|(i, a)| {
            let at = format!("{pointer}/{i}");
            let number = |k: &str, default: u64| match a.get(k) {
                None => Ok(default),
                Some(n) => n
                    .as_u64()
                    .ok_or_else(|| bad(&format!("{at}/{k}"), "must be a whole number")),
            };
            let status = number("status", 200)?;
            if !(100..=599).contains(&status) {
                return Err(bad(
                    &format!("{at}/status"),
                    "must be an HTTP status, 100 to 599",
                ));
            }
            let body = match a.get("body") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::String(s)) => s.clone().into_bytes(),
                Some(other) => other.to_string().into_bytes(),
            };
            let text = |k: &str| match a.get(k) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(bad(&format!("{at}/{k}"), "must be text")),
            };
            Ok(Answer {
                matches: text("match")?,
                times: match a.get("times") {
                    None => None,
                    Some(_) => Some(number("times", 1)?),
                },
                status: status as u16,
                body,
                retry_after_ms: a
                    .get("retryAfterSeconds")
                    .and_then(Value::as_u64)
                    .map(|s| s.saturating_mul(1000)),
                delay_ms: number("delayMs", 0)?,
            })
        })
        .collect()
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
            Action::Contacts { .. } | Action::CallLogged { .. } => {}
        }
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
                    request,
                    timeout_ms,
                } => {
                    self.requests += 1;
                    let Some(source) = self.session.source_of(fetch).map(str::to_string) else {
                        continue;
                    };
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

/// Whether `pop` is what `e` expects, or why not.
fn verdict(e: &Value, pop: Option<&Value>) -> Result<(), String> {
    let kind = e["kind"].as_str().unwrap_or("");
    let Some(pop) = pop else {
        return if kind == "no pop" {
            Ok(())
        } else {
            Err(format!("expected a {kind} pop, and none came"))
        };
    };
    if kind == "no pop" {
        return Err(format!(
            "expected no pop, and a {} pop came",
            pop["kind"].as_str().unwrap_or("")
        ));
    }
    if !kind.is_empty() && pop["kind"] != kind {
        return Err(format!(
            "expected kind {kind}, got {}",
            pop["kind"].as_str().unwrap_or("")
        ));
    }
    if let Some(url) = e.get("url").and_then(Value::as_str)
        && pop["url"] != url
    {
        return Err(format!("expected URL {url}, got {}", pop["url"]));
    }
    if let Some(value) = e.get("searchValue").and_then(Value::as_str)
        && pop["searchValue"] != value
    {
        return Err(format!(
            "expected search value {value:?}, got {}",
            pop["searchValue"]
        ));
    }
    if let Some(n) = e.get("records").and_then(Value::as_u64) {
        let got = pop["records"].as_array().map_or(0, Vec::len);
        if got as u64 != n {
            return Err(format!("expected {n} records, got {got}"));
        }
    }
    if let Some(cause) = e.get("cause").and_then(Value::as_str) {
        let got = pop["cause"].as_str().unwrap_or("");
        if !got.contains(cause) {
            return Err(format!(
                "expected a cause containing {cause:?}, got {got:?}"
            ));
        }
    }
    Ok(())
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
        if !e["interaction"].is_object() {
            return Err(bad(
                &format!("/events/{i}/interaction"),
                "must be an object, as the client gives it",
            ));
        }
        if e.get("screenPop").is_none() && !e["category"].is_string() {
            return Err(bad(
                &format!("/events/{i}"),
                "give a \"category\" (add, change, connect...) or \"screenPop\"",
            ));
        }
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
    let expect = s
        .get("expect")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut verdicts = Vec::new();
    let mut passed = true;
    for (i, e) in expect.iter().enumerate() {
        let Some(id) = e.get("interactionId").and_then(Value::as_str) else {
            return Err(bad(
                &format!("/expect/{i}/interactionId"),
                "name the interaction",
            ));
        };
        let pop = run.pops.iter().find(|p| p["interactionId"] == id);
        let v = verdict(e, pop);
        passed &= v.is_ok();
        verdicts.push(json!({
            "interactionId": id,
            "expected": e,
            "ok": v.is_ok(),
            "why": v.err(),
        }));
    }
    let stats = run.session.stats();
    let totals = json!({"requests": run.requests, "lookups": stats.lookups, "tokenRefreshes": run.refreshes});
    if let Some(Value::Object(want)) = s.get("expectStats") {
        for (k, v) in want {
            let got = &totals[k.as_str()];
            let ok = got == v;
            passed &= ok;
            verdicts.push(json!({
                "interactionId": format!("(stats) {k}"),
                "expected": v,
                "ok": ok,
                "why": (!ok).then(|| format!("expected {k} {v}, got {got}")),
            }));
        }
    }
    let report = json!({
        "description": s.get("description").cloned().unwrap_or(Value::Null),
        "deployment": d.name,
        "pops": run.pops,
        "expectations": verdicts,
        "requests": run.requests,
        "tokenRefreshes": run.refreshes,
        "lookups": stats.lookups,
        "ms": run.now,
    });
    Ok(Outcome { report, passed })
}
