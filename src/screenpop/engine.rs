//! The pop engine of one deployment (issue 10): client events in, searches out, pops out.
//! It joins `trigger` (which events pop and what they search for), the alternative formats
//! (tried in order while a search finds nothing) and `pop` (the decision), and counts what
//! `window.Framework.framesmith.stats()` reports. It performs no lookup itself: the caller
//! runs the data source for each `Step::Search` (host, proxy or direct route) and hands the
//! result back, so the same engine serves every route and tests need no network.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::screenpop::phone;
use crate::screenpop::pop::{self, Kind, Pop};
use crate::screenpop::trigger::{Event, Lookup, Trigger, Triggers};
use crate::workspace::Workspace;

/// What the caller is to do next for an interaction.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Run the data source with this search value, then call `found`.
    Search {
        interaction_id: String,
        value: String,
    },
    /// Hand this pop to the CRM page.
    Pop(Pop),
}

/// Counters for `stats()`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub lookups: u64,
    pub single: u64,
    pub multiple: u64,
    pub none: u64,
    pub failed: u64,
}

/// Searches under way at once, at most: far more calls than an agent can take.
const MAX_PENDING: usize = 256;

/// A search under way: the alternatives not tried yet.
struct Pending {
    lookup: Lookup,
    next_alternative: usize,
}

pub struct Engine<'w> {
    triggers: Triggers,
    pop: pop::Context<'w>,
    pending: Vec<Pending>,
    pub stats: Stats,
}

impl<'w> Engine<'w> {
    /// The engine of deployment `index`, or None when it has no screen pop.
    pub fn for_deployment(ws: &'w Workspace, index: usize) -> Option<Engine<'w>> {
        let sp = ws.deployments.get(index)?.screen_pop.as_ref()?;
        let instance = ws.integration(&sp.integration);
        let trigger = match sp.trigger.as_deref() {
            Some("connected") => Trigger::Connected,
            _ => Trigger::Alerting,
        };
        let formats = sp
            .alternative_formats
            .iter()
            .flatten()
            .filter_map(|f| phone::Format::parse(f))
            .collect();
        Some(Engine {
            triggers: Triggers::new(
                trigger,
                sp.search_attribute.clone(),
                sp.default_country.clone(),
                formats,
            ),
            pop: pop::Context {
                screen_pop: sp,
                integration_type: instance.and_then(|i| ws.integration_type(&i.kind)),
                instance,
                crm_origin: ws
                    .deployments
                    .get(index)
                    .and_then(|d| d.crm_origin.as_deref()),
            },
            pending: Vec::new(),
            stats: Stats::default(),
        })
    }

    fn decide(
        &mut self,
        id: &str,
        value: &str,
        found: Result<Vec<Map<String, Value>>, String>,
    ) -> Pop {
        let pop = self.pop.decide(id, value, found);
        match pop.kind {
            Kind::Single => self.stats.single += 1,
            Kind::Multiple => self.stats.multiple += 1,
            Kind::None => self.stats.none += 1,
            Kind::Failed => self.stats.failed += 1,
        }
        pop
    }

    /// A client event: the search it starts, a pop at once (a number that cannot be
    /// searched), or nothing.
    pub fn event(&mut self, event: Event<'_>) -> Option<Step> {
        let (id, lookup) = self.triggers.event(event)?;
        match lookup {
            Ok(lookup) => {
                // Past the cap the new call fails now, naming it, rather than an older one
                // vanishing without a pop: every search under way ends (the driver times
                // each fetch out), so the room comes back.
                if self.pending.len() >= MAX_PENDING {
                    let cause = format!(
                        "more than {MAX_PENDING} calls at once: this one was not looked up"
                    );
                    return Some(Step::Pop(self.decide(
                        &id,
                        &lookup.search_value,
                        Err(cause),
                    )));
                }
                let value = lookup.search_value.clone();
                self.pending.push(Pending {
                    lookup,
                    next_alternative: 0,
                });
                self.stats.lookups += 1;
                Some(Step::Search {
                    interaction_id: id,
                    value,
                })
            }
            Err(e) => Some(Step::Pop(self.decide(&id, "", Err(e.to_string())))),
        }
    }

    /// What the search for `interaction_id` found: the next alternative to search while
    /// nothing is found and one remains, else the pop. The pop names the search value the
    /// agent's number had (E.164) unless an alternative found the records.
    pub fn found(
        &mut self,
        interaction_id: &str,
        result: Result<Vec<Map<String, Value>>, String>,
    ) -> Option<Step> {
        let at = self
            .pending
            .iter()
            .position(|p| p.lookup.interaction_id == interaction_id)?;
        if matches!(&result, Ok(records) if records.is_empty()) {
            let p = &mut self.pending[at];
            if let Some(alt) = p.lookup.alternatives.get(p.next_alternative).cloned() {
                p.next_alternative += 1;
                self.stats.lookups += 1;
                return Some(Step::Search {
                    interaction_id: interaction_id.to_string(),
                    value: alt,
                });
            }
        }
        let p = self.pending.swap_remove(at);
        let value = match (&result, p.next_alternative) {
            (Ok(r), n) if !r.is_empty() && n > 0 => p.lookup.alternatives[n - 1].clone(),
            _ => p.lookup.search_value.clone(),
        };
        Some(Step::Pop(self.decide(interaction_id, &value, result)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;
    use serde_json::json;

    fn workspace(formats: &[&str]) -> Workspace {
        let text = include_str!("../../tests/fixtures/workspace.toml");
        let mut ws = crate::check_source(text, Format::Toml).unwrap().workspace;
        let sp = ws.deployments[0].screen_pop.as_mut().unwrap();
        sp.alternative_formats = Some(formats.iter().map(|s| s.to_string()).collect());
        ws
    }

    fn call(id: &str, ani: &str) -> Value {
        json!({"id": id, "direction": "Inbound", "ani": ani, "attributes": {}})
    }

    fn record(id: &str) -> Map<String, Value> {
        json!({"accountId": id}).as_object().unwrap().clone()
    }

    /// Plays a CRM that knows numbers in the given spellings.
    fn run(
        engine: &mut Engine<'_>,
        c: &Value,
        crm: &[(&str, Vec<Map<String, Value>>)],
    ) -> (Pop, Vec<String>) {
        let mut searched = Vec::new();
        let mut step = engine.event(Event::Interaction("add", c)).expect("a step");
        loop {
            match step {
                Step::Pop(p) => return (p, searched),
                Step::Search {
                    interaction_id,
                    value,
                } => {
                    searched.push(value.clone());
                    let found = crm
                        .iter()
                        .find(|(k, _)| *k == value)
                        .map(|(_, r)| r.clone())
                        .unwrap_or_default();
                    step = engine.found(&interaction_id, Ok(found)).unwrap();
                }
            }
        }
    }

    #[test]
    fn alternatives_are_tried_in_order_until_one_finds() {
        let ws = workspace(&["national", "digits"]);
        let mut e = Engine::for_deployment(&ws, 0).unwrap();
        let crm = [("015550100", vec![record("A1")])];
        let (pop, searched) = run(&mut e, &call("c1", "+353 1 555 0100"), &crm);
        assert_eq!(searched, ["+35315550100", "015550100"]);
        assert_eq!(pop.kind, Kind::Single);
        assert_eq!(pop.search_value, "015550100");
        assert_eq!(
            pop.url.as_deref(),
            Some("https://crm.enterprise-client.com/accounts/A1")
        );
        // Nothing anywhere: every spelling once, then none, named by E.164.
        let (pop, searched) = run(&mut e, &call("c2", "+353 1 555 0199"), &[]);
        assert_eq!(searched, ["+35315550199", "015550199", "35315550199"]);
        assert_eq!(pop.kind, Kind::None);
        assert_eq!(pop.search_value, "+35315550199");
        assert_eq!(
            e.stats,
            Stats {
                lookups: 5,
                single: 1,
                none: 1,
                ..Stats::default()
            }
        );
    }

    #[test]
    fn a_failure_stops_the_alternatives_and_is_the_cause() {
        let ws = workspace(&["national"]);
        let mut e = Engine::for_deployment(&ws, 0).unwrap();
        let Some(Step::Search { interaction_id, .. }) =
            e.event(Event::Interaction("add", &call("c", "015550100")))
        else {
            panic!()
        };
        let Some(Step::Pop(pop)) = e.found(&interaction_id, Err("HTTP 429: slow down".into()))
        else {
            panic!()
        };
        assert_eq!(pop.kind, Kind::Failed);
        assert_eq!(pop.cause.as_deref(), Some("HTTP 429: slow down"));
        assert_eq!(
            e.found(&interaction_id, Ok(vec![])),
            None,
            "the search is over"
        );
    }

    #[test]
    fn an_unusable_number_pops_failed_at_once_and_repeats_never_pop() {
        let ws = workspace(&[]);
        let mut e = Engine::for_deployment(&ws, 0).unwrap();
        let c = call("anon", "anonymous");
        let Some(Step::Pop(pop)) = e.event(Event::Interaction("add", &c)) else {
            panic!()
        };
        assert_eq!(pop.kind, Kind::Failed);
        assert!(pop.cause.unwrap().contains("not a phone number"));
        assert_eq!(e.event(Event::Interaction("add", &c)), None);
        // A deployment without a screen pop has no engine.
        assert!(Engine::for_deployment(&ws, 1).is_none());
    }
}
