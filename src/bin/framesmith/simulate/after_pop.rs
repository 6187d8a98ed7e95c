//! What framework.js's driver does after a pop, played natively for `framesmith simulate`
//! (issue 27): the record each interaction is linked to (the single match, the agent's
//! choice among a pop's `choices`, the record a dial named), one call log per interaction
//! (the first `processCallLog` creates it and later ones wait for its id; every later one
//! carries the id and updates it), and click-to-dial normalised by the session. The rules
//! are the driver's (src/runtime/driver/7-stats-and-messages.js and 8-call-log.js) for one
//! tab; the writes the CRM receives are recorded for the scenario's expectations.

use serde_json::{Map, Value, json};

/// One interaction's call log as the driver keeps it.
#[derive(Default)]
struct Log {
    id: Option<String>,
    creating: bool,
    /// `processCallLog`s that came while the log was being created: (callLog,
    /// interaction, eventName), written with the id once there is one.
    waiting: Vec<(Value, Value, String)>,
}

#[derive(Default)]
pub(super) struct AfterPop {
    /// Each interaction's record: `{id, text}`.
    linked: Map<String, Value>,
    /// The choices each pop with several records offered.
    offered: Map<String, Value>,
    logs: Vec<(String, Log)>,
    /// Call log requests under way: request id → (interaction, whether it creates).
    requests: Vec<(u64, String, bool)>,
    next_request: u64,
    /// Dials whose outbound call is still to come: (number as dialled, record).
    dials: Vec<(String, Value)>,
    /// What happened, for the report and the expectations.
    pub(super) call_logs: Vec<Value>,
    pub(super) choices: Vec<Value>,
    pub(super) dialed: Vec<Value>,
    pub(super) writes: Vec<Value>,
}

/// A call log write to ask the session for.
pub(super) struct Write {
    pub(super) request: u64,
    pub(super) call_log: Value,
    pub(super) interaction: Value,
    pub(super) event_name: String,
    pub(super) record: Option<Value>,
}

impl AfterPop {
    fn log(&mut self, iid: &str) -> &mut Log {
        if let Some(at) = self.logs.iter().position(|(id, _)| id == iid) {
            return &mut self.logs[at].1;
        }
        self.logs.push((iid.to_string(), Log::default()));
        &mut self.logs.last_mut().expect("just pushed").1
    }

    /// A pop reached the page: a single match links its record, several offer a choice.
    pub(super) fn popped(&mut self, pop: &Value) {
        let Some(iid) = pop["interactionId"].as_str() else {
            return;
        };
        if let Some(a) = pop.get("association").filter(|a| a.is_object()) {
            self.linked.insert(iid.to_string(), a.clone());
        }
        if let Some(c) = pop.get("choices").filter(|c| c.is_array()) {
            self.offered.insert(iid.to_string(), c.clone());
        }
    }

    /// The agent picks `record` for `iid`: only a record the pop offered.
    pub(super) fn choose(&mut self, at: u64, iid: &str, record: &str) {
        let pick = self
            .offered
            .get(iid)
            .and_then(Value::as_array)
            .and_then(|list| list.iter().find(|c| c["id"] == record));
        let cause = match (self.offered.get(iid), pick) {
            (None, _) => Some(format!(
                "interaction {iid} has no pop with several records: it is gone, or it popped elsewhere"
            )),
            (Some(_), None) => Some(format!(
                "record {record} is not among the records interaction {iid} matched"
            )),
            (Some(_), Some(p)) => {
                self.linked.insert(iid.to_string(), p.clone());
                None
            }
        };
        self.choices
            .push(json!({"at": at, "interactionId": iid, "recordId": record,
            "ok": cause.is_none(), "cause": cause}));
    }

    /// The CRM page asks to dial: `number` is the session's E.164, or why not.
    pub(super) fn dial(&mut self, at: u64, raw: &str, number: Result<String, String>, e: &Value) {
        match number {
            Ok(n) => {
                if let Some(r) = e
                    .get("recordId")
                    .and_then(|r| r.as_str().map(str::to_string))
                {
                    let text = e
                        .get("text")
                        .and_then(Value::as_str)
                        .unwrap_or(&r)
                        .to_string();
                    self.dials.push((n.clone(), json!({"id": r, "text": text})));
                }
                self.dialed
                    .push(json!({"at": at, "dial": raw, "ok": true, "number": n}));
            }
            Err(cause) => {
                self.dialed
                    .push(json!({"at": at, "dial": raw, "ok": false, "cause": cause}));
            }
        }
    }

    /// An interaction event: an outbound call to a number dialled links its record.
    pub(super) fn interaction(&mut self, i: &Value) {
        if self.dials.is_empty() || i["direction"] != "Outbound" {
            return;
        }
        let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
        let called = digits(i["calledNumber"].as_str().unwrap_or(""));
        if called.is_empty() {
            return;
        }
        if let (Some(at), Some(iid)) = (
            self.dials.iter().position(|(n, _)| digits(n) == called),
            i["id"].as_str(),
        ) {
            let (_, record) = self.dials.remove(at);
            self.linked.insert(iid.to_string(), record);
        }
    }

    /// The client's `processCallLog`: the write to run now, if any (one waiting for the
    /// log's id runs when the create answers).
    pub(super) fn process(
        &mut self,
        call_log: &Value,
        interaction: &Value,
        event: &str,
    ) -> Option<Write> {
        let iid = interaction["id"].as_str().unwrap_or("").to_string();
        let mut call_log = call_log.clone();
        let given = call_log.get("id").is_some_and(|v| !v.is_null() && v != "");
        let log = self.log(&iid);
        let creates = !given && log.id.is_none();
        if !given {
            if let Some(id) = log.id.clone() {
                call_log["id"] = id.into();
            } else if log.creating {
                log.waiting
                    .push((call_log, interaction.clone(), event.to_string()));
                return None;
            } else {
                log.creating = true;
            }
        }
        Some(self.write(
            iid,
            call_log,
            interaction.clone(),
            event.to_string(),
            creates,
        ))
    }

    fn write(
        &mut self,
        iid: String,
        call_log: Value,
        interaction: Value,
        event_name: String,
        creates: bool,
    ) -> Write {
        self.next_request += 1;
        let request = self.next_request;
        self.requests.push((request, iid.clone(), creates));
        Write {
            request,
            record: self.linked.get(&iid).cloned(),
            call_log,
            interaction,
            event_name,
        }
    }

    /// The session answered call log request `request`: the writes that waited for the id
    /// go now (or fail with the create's cause).
    pub(super) fn logged(
        &mut self,
        at: u64,
        request: u64,
        id: Option<String>,
        cause: Option<String>,
    ) -> Vec<Write> {
        let Some(pos) = self.requests.iter().position(|(r, _, _)| *r == request) else {
            return Vec::new();
        };
        let (_, iid, creates) = self.requests.swap_remove(pos);
        self.call_logs
            .push(json!({"at": at, "interactionId": iid, "id": id, "cause": cause}));
        if !creates {
            return Vec::new();
        }
        let log = self.log(&iid);
        log.creating = false;
        let waiting = std::mem::take(&mut log.waiting);
        match id {
            Some(id) => {
                log.id = Some(id.clone());
                waiting
                    .into_iter()
                    .map(|(mut c, i, e)| {
                        c["id"] = id.clone().into();
                        self.write(iid.clone(), c, i, e, false)
                    })
                    .collect()
            }
            None => {
                for _ in waiting {
                    self.call_logs
                        .push(json!({"at": at, "interactionId": iid, "id": null, "cause": cause}));
                }
                Vec::new()
            }
        }
    }

    /// The record `iid` is linked to, if any.
    pub(super) fn linked(&self, iid: &str) -> Option<&Value> {
        self.linked.get(iid)
    }
}
