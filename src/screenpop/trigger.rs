//! Which client events start a screen pop, and what it searches for (issue 10): with
//! `trigger = "alerting"` the Interaction `add` of an inbound call and the client's
//! `screenPop` hook; with `"connected"` a `connect`, or a `change` whose `new` is connected.
//! Outbound, internal and non-voice interactions never pop, and an interaction pops once
//! whatever events follow. The search value is the configured attribute when the call
//! carries it, else the caller's number in E.164, with the alternative formats to try after.

use std::collections::VecDeque;

use serde_json::Value;

use crate::screenpop::phone;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Alerting,
    Connected,
}

/// What happened in the client, as framework.js hands it over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// `PureCloud.subscribe` Interaction callback: the category and its data.
    Interaction(&'a str, &'a Value),
    /// The `Framework.screenPop(searchString, interaction)` hook.
    ScreenPopHook(&'a str, &'a Value),
}

/// A lookup to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    pub interaction_id: String,
    pub search_value: String,
    /// Other spellings to try, in order, when the search value finds nothing.
    pub alternatives: Vec<String>,
}

/// How many interaction ids are remembered as popped: a shift's calls, many times over.
const REMEMBERED: usize = 4096;

pub struct Triggers {
    pub trigger: Trigger,
    pub search_attribute: Option<String>,
    pub default_country: Option<String>,
    pub alternative_formats: Vec<phone::Format>,
    popped: VecDeque<String>,
}

fn flag(i: &Value, key: &str) -> bool {
    i.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn text<'v>(i: &'v Value, key: &str) -> Option<&'v str> {
    i.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// An inbound call from outside the org.
fn inbound_voice(i: &Value) -> bool {
    text(i, "direction").is_some_and(|d| d.eq_ignore_ascii_case("inbound"))
        && !flag(i, "isInternal")
        && !["isChat", "isEmail", "isMessage", "isCallback", "isDialer"]
            .iter()
            .any(|k| flag(i, k))
}

fn connected(i: &Value) -> bool {
    flag(i, "isConnected") || text(i, "state").is_some_and(|s| s.eq_ignore_ascii_case("connected"))
}

impl Triggers {
    pub fn new(
        trigger: Trigger,
        search_attribute: Option<String>,
        default_country: Option<String>,
        alternative_formats: Vec<phone::Format>,
    ) -> Self {
        Triggers {
            trigger,
            search_attribute,
            default_country,
            alternative_formats,
            popped: VecDeque::new(),
        }
    }

    /// The lookup this event starts, if it starts one: `Err` carries why the caller's
    /// number could not be searched (the pop then fails with that cause).
    pub fn event(
        &mut self,
        event: Event<'_>,
    ) -> Option<(String, Result<Lookup, phone::PhoneError>)> {
        let interaction = match (self.trigger, event) {
            (Trigger::Alerting, Event::Interaction("add", i)) => i,
            (Trigger::Alerting, Event::ScreenPopHook(_, i)) => i,
            (Trigger::Connected, Event::Interaction("connect", i)) => i,
            (Trigger::Connected, Event::Interaction("change", d)) => {
                let new = d.get("new")?;
                if !connected(new) {
                    return None;
                }
                new
            }
            _ => return None,
        };
        if !inbound_voice(interaction) {
            return None;
        }
        let id = text(interaction, "id")?.to_string();
        if self.popped.iter().any(|p| *p == id) {
            return None;
        }
        if self.popped.len() == REMEMBERED {
            self.popped.pop_front();
        }
        self.popped.push_back(id.clone());
        Some((id.clone(), self.search(&id, interaction, event)))
    }

    fn search(&self, id: &str, i: &Value, event: Event<'_>) -> Result<Lookup, phone::PhoneError> {
        let attribute = self
            .search_attribute
            .as_deref()
            .and_then(|a| i.get("attributes")?.get(a))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty());
        if let Some(value) = attribute {
            return Ok(Lookup {
                interaction_id: id.to_string(),
                search_value: value.to_string(),
                alternatives: Vec::new(),
            });
        }
        let hook = match event {
            Event::ScreenPopHook(s, _) => Some(s).filter(|s| !s.trim().is_empty()),
            Event::Interaction(..) => None,
        };
        let raw = text(i, "ani")
            .or_else(|| text(i, "phone"))
            .or(hook)
            .ok_or(phone::PhoneError::NotANumber)?;
        let country = self.default_country.as_deref();
        let e164 = phone::e164(raw, country)?;
        let mut alternatives: Vec<String> = Vec::new();
        for f in &self.alternative_formats {
            if let Some(alt) = phone::format(&e164, country, *f)
                && alt != e164
                && !alternatives.contains(&alt)
            {
                alternatives.push(alt);
            }
        }
        Ok(Lookup {
            interaction_id: id.to_string(),
            search_value: e164,
            alternatives,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(id: &str, extra: Value) -> Value {
        let mut v = json!({"id": id, "direction": "Inbound", "state": "ALERTING", "ani": "tel:+353 1 555 0100", "attributes": {}});
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    }

    fn alerting() -> Triggers {
        Triggers::new(
            Trigger::Alerting,
            Some("PT_SearchValue".into()),
            Some("IE".into()),
            vec![phone::Format::National, phone::Format::Digits],
        )
    }

    #[test]
    fn an_inbound_call_pops_once_whatever_follows() {
        let mut t = alerting();
        let c = call("c1", json!({}));
        let (id, lookup) = t.event(Event::Interaction("add", &c)).unwrap();
        assert_eq!(id, "c1");
        let lookup = lookup.unwrap();
        assert_eq!(lookup.search_value, "+35315550100");
        assert_eq!(lookup.alternatives, ["015550100", "35315550100"]);
        // The hook for the same call, and repeated adds, do not pop again.
        assert!(t.event(Event::ScreenPopHook("+35315550100", &c)).is_none());
        assert!(t.event(Event::Interaction("add", &c)).is_none());
        // Another call does.
        assert!(
            t.event(Event::ScreenPopHook("x", &call("c2", json!({}))))
                .is_some()
        );
    }

    #[test]
    fn outbound_internal_and_non_voice_never_pop() {
        let mut t = alerting();
        for (id, extra) in [
            ("o", json!({"direction": "Outbound"})),
            ("i", json!({"isInternal": true})),
            ("ch", json!({"isChat": true})),
            ("em", json!({"isEmail": true})),
            ("ms", json!({"isMessage": true})),
            ("cb", json!({"isCallback": true})),
            ("nd", json!({"direction": null})),
        ] {
            assert!(
                t.event(Event::Interaction("add", &call(id, extra)))
                    .is_none(),
                "{id}"
            );
        }
        // Other categories do not pop with the alerting trigger.
        assert!(
            t.event(Event::Interaction("connect", &call("k", json!({}))))
                .is_none()
        );
    }

    #[test]
    fn the_connected_trigger_pops_on_connect_or_a_change_to_connected() {
        let mut t = Triggers::new(Trigger::Connected, None, Some("IE".into()), vec![]);
        assert!(
            t.event(Event::Interaction("add", &call("a", json!({}))))
                .is_none()
        );
        assert!(
            t.event(Event::ScreenPopHook("x", &call("a", json!({}))))
                .is_none()
        );
        let change = json!({"old": call("a", json!({})), "new": call("a", json!({"state": "CONNECTED", "isConnected": true}))});
        assert!(t.event(Event::Interaction("change", &change)).is_some());
        assert!(
            t.event(Event::Interaction("connect", &call("a", json!({}))))
                .is_none(),
            "once"
        );
        let still_ringing = json!({"old": call("b", json!({})), "new": call("b", json!({}))});
        assert!(
            t.event(Event::Interaction("change", &still_ringing))
                .is_none()
        );
        assert!(
            t.event(Event::Interaction("connect", &call("b", json!({}))))
                .is_some()
        );
    }

    #[test]
    fn the_attribute_wins_and_a_bad_number_is_a_cause() {
        let mut t = alerting();
        let c = call("c", json!({"attributes": {"PT_SearchValue": " ACC-42 "}}));
        let lookup = t.event(Event::Interaction("add", &c)).unwrap().1.unwrap();
        assert_eq!(lookup.search_value, "ACC-42");
        assert!(lookup.alternatives.is_empty());
        // No ani: the phone field; neither: the hook's search string.
        let c = call("p", json!({"ani": null, "phone": "tel:+442079460018"}));
        let lookup = t.event(Event::Interaction("add", &c)).unwrap().1.unwrap();
        assert_eq!(lookup.search_value, "+442079460018");
        assert!(lookup.alternatives.iter().all(|a| a != "+442079460018"));
        let c = call("h", json!({"ani": null}));
        let lookup = t
            .event(Event::ScreenPopHook("01 555 0100", &c))
            .unwrap()
            .1
            .unwrap();
        assert_eq!(lookup.search_value, "+35315550100");
        let c = call("anon", json!({"ani": "anonymous"}));
        let (_, r) = t.event(Event::Interaction("add", &c)).unwrap();
        assert_eq!(r, Err(phone::PhoneError::NotANumber));
        // A national number with no country is refused, never given +1.
        let mut us = Triggers::new(Trigger::Alerting, None, None, vec![]);
        let c = call("n", json!({"ani": "202 555 0143"}));
        assert_eq!(
            us.event(Event::Interaction("add", &c)).unwrap().1,
            Err(phone::PhoneError::NoCountry)
        );
    }

    #[test]
    fn memory_of_popped_calls_is_bounded() {
        let mut t = alerting();
        for i in 0..REMEMBERED + 10 {
            assert!(
                t.event(Event::Interaction(
                    "add",
                    &call(&format!("c{i}"), json!({}))
                ))
                .is_some()
            );
        }
        assert_eq!(t.popped.len(), REMEMBERED);
    }
}
