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
use crate::screenpop::trigger::{Event, Lookup, Rules, Trigger, Triggers};
use crate::workspace::{Integration, IntegrationType, KindPop, Media, Workspace};

/// What the caller is to do next for an interaction.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Run the data source of `media` with this search value, then call `found`.
    Search {
        interaction_id: String,
        value: String,
        media: Media,
        /// Whether the value is `{phone}` too (a number or an attribute).
        by_phone: bool,
    },
    /// Nothing found, and the deployment creates the record (`screen_pop.create`): run
    /// that data source with the interaction's inputs, then call `found` with the created
    /// record (or why it was not created).
    #[cfg(feature = "create")]
    Create {
        interaction_id: String,
        value: String,
        media: Media,
        by_phone: bool,
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
    /// Records created because a lookup found none (counted as single pops too).
    pub created: u64,
}

/// Searches under way at once, at most: far more calls than an agent can take.
const MAX_PENDING: usize = 256;

/// A search under way: the alternatives not tried yet.
struct Pending {
    lookup: Lookup,
    next_alternative: usize,
    /// The lookup found nothing and the record is being created: the next `found` is the
    /// create's.
    #[cfg(feature = "create")]
    creating: bool,
}

pub struct Engine<'w> {
    triggers: Triggers,
    /// The settings of each kind the deployment pops, voice first.
    kinds: Vec<KindPop<'w>>,
    integration_type: Option<&'w IntegrationType>,
    instance: Option<&'w Integration>,
    crm_origin: Option<&'w str>,
    /// Whether a lookup that finds nothing creates the record (`screen_pop.create`).
    #[cfg(feature = "create")]
    creates: bool,
    pending: Vec<Pending>,
    pub stats: Stats,
}

/// The rules a kind pops by.
fn rules(k: &KindPop<'_>) -> Rules {
    let search = crate::screenpop::media::search_of(k);
    Rules {
        media: k.media,
        trigger: match k.trigger().map(String::as_str) {
            Some("connected") => Trigger::Connected,
            _ => Trigger::Alerting,
        },
        search,
        default_country: k.default_country().cloned(),
        alternative_formats: k
            .alternative_formats()
            .into_iter()
            .flatten()
            .filter_map(|f| phone::Format::parse(f))
            .collect(),
        campaign: k.table.and_then(|t| t.campaign).unwrap_or(true),
        manual: k.table.and_then(|t| t.manual).unwrap_or(false),
    }
}

impl<'w> Engine<'w> {
    /// The engine of deployment `index`, or None when it has no screen pop.
    pub fn for_deployment(ws: &'w Workspace, index: usize) -> Option<Engine<'w>> {
        let d = ws.deployments.get(index)?;
        let sp = d.screen_pop.as_ref()?;
        let instance = ws.integration(&sp.integration);
        let kinds: Vec<KindPop<'w>> = Media::ALL.iter().filter_map(|m| sp.kind(*m)).collect();
        let all = kinds.iter().map(rules).collect();
        Some(Engine {
            triggers: Triggers::new(all),
            kinds,
            integration_type: instance.and_then(|i| ws.integration_type(&i.kind)),
            instance,
            crm_origin: d.crm_origin.as_deref(),
            #[cfg(feature = "create")]
            creates: sp.create.is_some(),
            pending: Vec::new(),
            stats: Stats::default(),
        })
    }

    /// The settings of each kind of interaction the deployment pops, voice first.
    pub fn kinds(&self) -> &[KindPop<'w>] {
        &self.kinds
    }

    fn decide(
        &mut self,
        lookup: &Lookup,
        value: &str,
        found: Result<Vec<Map<String, Value>>, String>,
    ) -> Pop {
        // Voice is always first; the triggers know no kind the engine has no settings for.
        let sp = *self
            .kinds
            .iter()
            .find(|k| k.media == lookup.media)
            .unwrap_or(&self.kinds[0]);
        let context = pop::Context {
            screen_pop: sp,
            integration_type: self.integration_type,
            instance: self.instance,
            crm_origin: self.crm_origin,
        };
        let vars = pop::Vars {
            media: lookup.media.name(),
            phone: lookup.by_phone,
            email: lookup.email.as_deref(),
            name: lookup.name.as_deref(),
        };
        let pop = context.decide_with(&vars, &lookup.interaction_id, value, found);
        match pop.kind {
            Kind::Single => self.stats.single += 1,
            Kind::Multiple => self.stats.multiple += 1,
            Kind::None => self.stats.none += 1,
            Kind::Failed => self.stats.failed += 1,
        }
        pop
    }

    /// The pop of a lookup that found nothing, once its record was created: the created
    /// record as a single match, or the none pop (`on_none`) naming why it was not created.
    #[cfg(feature = "create")]
    fn created(&mut self, lookup: &Lookup, result: Result<Vec<Map<String, Value>>, String>) -> Pop {
        let value = &lookup.search_value;
        let cause = match result {
            Ok(mut records) if !records.is_empty() => {
                records.truncate(1);
                self.stats.created += 1;
                let mut pop = self.decide(lookup, value, Ok(records));
                pop.created = pop.kind == Kind::Single;
                return pop;
            }
            Ok(_) => "the CRM's answer maps no record".to_string(),
            Err(e) => e,
        };
        let mut pop = self.decide(lookup, value, Ok(Vec::new()));
        pop.cause = Some(format!("the record could not be created: {cause}"));
        pop
    }

    /// A client event: the search it starts, a pop at once (nothing that can be
    /// searched), or nothing.
    pub fn event(&mut self, event: Event<'_>) -> Option<Step> {
        let (lookup, cause) = self.triggers.event(event)?;
        if let Some(cause) = cause {
            return Some(Step::Pop(self.decide(&lookup, "", Err(cause))));
        }
        // Past the cap the new call fails now, naming it, rather than an older one
        // vanishing without a pop: every search under way ends (the driver times each
        // fetch out), so the room comes back.
        if self.pending.len() >= MAX_PENDING {
            let cause =
                format!("more than {MAX_PENDING} calls at once: this one was not looked up");
            return Some(Step::Pop(self.decide(
                &lookup,
                &lookup.search_value,
                Err(cause),
            )));
        }
        let step = Step::Search {
            interaction_id: lookup.interaction_id.clone(),
            value: lookup.search_value.clone(),
            media: lookup.media,
            by_phone: lookup.by_phone,
        };
        self.pending.push(Pending {
            lookup,
            next_alternative: 0,
            #[cfg(feature = "create")]
            creating: false,
        });
        self.stats.lookups += 1;
        Some(step)
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
        #[cfg(feature = "create")]
        let creating = self.pending[at].creating;
        #[cfg(not(feature = "create"))]
        let creating = false;
        if !creating && matches!(&result, Ok(records) if records.is_empty()) {
            let p = &mut self.pending[at];
            if let Some(alt) = p.lookup.alternatives.get(p.next_alternative).cloned() {
                p.next_alternative += 1;
                self.stats.lookups += 1;
                return Some(Step::Search {
                    interaction_id: interaction_id.to_string(),
                    value: alt,
                    media: p.lookup.media,
                    by_phone: p.lookup.by_phone,
                });
            }
            #[cfg(feature = "create")]
            if self.creates {
                // Created from the interaction's own inputs: the search value is the
                // agent's number (E.164), not an alternative spelling.
                p.creating = true;
                return Some(Step::Create {
                    interaction_id: interaction_id.to_string(),
                    value: p.lookup.search_value.clone(),
                    media: p.lookup.media,
                    by_phone: p.lookup.by_phone,
                });
            }
        }
        let p = self.pending.swap_remove(at);
        #[cfg(feature = "create")]
        if creating {
            return Some(Step::Pop(self.created(&p.lookup, result)));
        }
        let value = match (&result, p.next_alternative) {
            (Ok(r), n) if !r.is_empty() && n > 0 => p.lookup.alternatives[n - 1].clone(),
            _ => p.lookup.search_value.clone(),
        };
        Some(Step::Pop(self.decide(&p.lookup, &value, result)))
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
                #[cfg(feature = "create")]
                Step::Create { .. } => panic!("the example creates no record"),
                Step::Search {
                    interaction_id,
                    value,
                    ..
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

    #[test]
    fn a_kind_pops_with_its_own_source_and_urls_naming_the_interaction() {
        let mut ws = workspace(&[]);
        let chat = ws.deployments[0]
            .screen_pop
            .as_mut()
            .unwrap()
            .chat
            .as_mut()
            .unwrap();
        chat.on_none = Some("{crmBaseEndpoint}/search?q={email}&n={name}&m={media}".into());
        chat.on_multiple = Some("{crmBaseEndpoint}/search?p={phone}".into());
        let mut e = Engine::for_deployment(&ws, 0).unwrap();
        let c = json!({"id": "ch", "isChat": true, "email": "Ada@Example.com", "remoteName": "Ada L", "attributes": {}});
        let Some(Step::Search {
            value,
            media,
            by_phone,
            ..
        }) = e.event(Event::Interaction("add", &c))
        else {
            panic!()
        };
        assert_eq!(
            (value.as_str(), media, by_phone),
            ("ada@example.com", Media::Chat, false)
        );
        let Some(Step::Pop(pop)) = e.found("ch", Ok(vec![])) else {
            panic!()
        };
        assert_eq!(
            pop.url.as_deref(),
            Some("https://crm.enterprise-client.com/search?q=ada%40example.com&n=Ada%20L&m=chat")
        );
        // `{phone}` is no address: a URL naming it is not made from one.
        let c = json!({"id": "ch2", "isChat": true, "email": "ada@example.com", "attributes": {}});
        e.event(Event::Interaction("add", &c));
        let two = vec![record("A"), record("B")];
        let Some(Step::Pop(pop)) = e.found("ch2", Ok(two)) else {
            panic!()
        };
        assert_eq!((pop.kind, pop.url), (Kind::Multiple, None));
        // The email table's own on_single; a callback inherits the shared one.
        let m = json!({"id": "em", "isEmail": true, "email": "ada@example.com", "attributes": {}});
        e.event(Event::Interaction("add", &m));
        let Some(Step::Pop(pop)) = e.found("em", Ok(vec![record("A1")])) else {
            panic!()
        };
        assert_eq!(
            pop.url.as_deref(),
            Some("https://crm.enterprise-client.com/accounts/A1?tab=emails")
        );
        let cb = json!({"id": "cb", "isCallback": true, "callbackNumbers": ["+353 1 555 0111"], "attributes": {}});
        e.event(Event::Interaction("add", &cb));
        let Some(Step::Pop(pop)) = e.found("cb", Ok(vec![record("A2")])) else {
            panic!()
        };
        assert_eq!(
            pop.url.as_deref(),
            Some("https://crm.enterprise-client.com/accounts/A2")
        );
        assert_eq!(pop.search_value, "+35315550111");
    }
}
