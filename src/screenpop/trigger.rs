//! Which client events start a screen pop, and what it searches for (issues 10 and 23): with
//! `trigger = "alerting"` the Interaction `add` and the client's `screenPop` hook; with
//! `"connected"` a `connect`, or a `change` whose `new` is connected. Each kind of interaction
//! (`media`) pops by its own rules, and only when the deployment opts it in; internal
//! interactions and voicemails never pop, and an interaction pops once whatever events
//! follow, whichever kind it is. The search value is the first of the kind's `search`
//! sources that yields one, typed by its source; a number comes with the alternative
//! formats to try after.

use std::collections::VecDeque;

use serde_json::Value;

use crate::screenpop::media::{self, Source};
use crate::screenpop::phone;
use crate::workspace::Media;

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
    pub media: Media,
    /// Empty when nothing could be searched (the pop then fails with the cause).
    pub search_value: String,
    /// Other spellings to try, in order, when the search value finds nothing.
    pub alternatives: Vec<String>,
    /// Whether `{phone}` is the search value: it came from a number or an attribute (what
    /// `{phone}` has meant since issue 10), not from an address or a name.
    pub by_phone: bool,
    /// The interaction's address and the other party's name, for `{email}` and `{name}`.
    pub email: Option<String>,
    pub name: Option<String>,
}

/// How one kind of interaction pops.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    pub media: Media,
    pub trigger: Trigger,
    pub search: Vec<Source>,
    pub default_country: Option<String>,
    pub alternative_formats: Vec<phone::Format>,
    /// Outbound calls: whether campaign (dialer) calls and calls dialled by hand pop.
    pub campaign: bool,
    pub manual: bool,
}

impl Rules {
    /// Voice's rules as issue 10 had them: the attribute, then the caller's number.
    pub fn voice(
        trigger: Trigger,
        search_attribute: Option<String>,
        default_country: Option<String>,
        alternative_formats: Vec<phone::Format>,
    ) -> Rules {
        Rules {
            media: Media::Voice,
            trigger,
            search: media::default_search(Media::Voice, search_attribute.as_deref()),
            default_country,
            alternative_formats,
            campaign: false,
            manual: false,
        }
    }
}

/// How many interaction ids are remembered as popped: a shift's calls, many times over.
const REMEMBERED: usize = 4096;

pub struct Triggers {
    rules: Vec<Rules>,
    popped: VecDeque<String>,
}

fn connected(i: &Value) -> bool {
    i.get("isConnected").and_then(Value::as_bool) == Some(true)
        || media::text(i, "state").is_some_and(|s| s.eq_ignore_ascii_case("connected"))
}

impl Triggers {
    pub fn new(rules: Vec<Rules>) -> Self {
        Triggers {
            rules,
            popped: VecDeque::new(),
        }
    }

    /// The lookup this event starts, if it starts one, and why nothing could be searched
    /// when nothing could (the pop then fails with that cause).
    pub fn event(&mut self, event: Event<'_>) -> Option<(Lookup, Option<String>)> {
        let (fired, interaction) = match event {
            Event::Interaction("add", i) | Event::ScreenPopHook(_, i) => (Trigger::Alerting, i),
            Event::Interaction("connect", i) => (Trigger::Connected, i),
            Event::Interaction("change", d) => {
                let new = d.get("new")?;
                if !connected(new) {
                    return None;
                }
                (Trigger::Connected, new)
            }
            _ => return None,
        };
        let (kind, campaign) = media::classify(interaction)?;
        let rules = self.rules.iter().find(|r| r.media == kind)?;
        let wanted = match kind {
            Media::Outbound if campaign => rules.campaign,
            Media::Outbound => rules.manual,
            _ => true,
        };
        if rules.trigger != fired || !wanted {
            return None;
        }
        let id = media::text(interaction, "id")?.to_string();
        if self.popped.iter().any(|p| *p == id) {
            return None;
        }
        if self.popped.len() == REMEMBERED {
            self.popped.pop_front();
        }
        self.popped.push_back(id.clone());
        let hook = match event {
            Event::ScreenPopHook(s, _) => Some(s.trim()).filter(|s| !s.is_empty()),
            Event::Interaction(..) => None,
        };
        Some(search(rules, id, interaction, hook))
    }
}

/// The first source of `rules.search` that yields a value of its type.
fn search(rules: &Rules, id: String, i: &Value, hook: Option<&str>) -> (Lookup, Option<String>) {
    let kind = rules.media;
    let mut lookup = Lookup {
        interaction_id: id,
        media: kind,
        search_value: String::new(),
        alternatives: Vec::new(),
        by_phone: true,
        email: media::address(kind, i, hook),
        name: media::name(i).map(str::to_string),
    };
    let mut phone_error = None;
    for source in &rules.search {
        let found = match source {
            Source::Attribute(a) => i
                .get("attributes")
                .and_then(|v| v.get(a))
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            Source::Phone => {
                let country = rules.default_country.as_deref();
                match media::raw_phone(kind, i)
                    .or(hook)
                    .map(|raw| phone::e164(raw, country))
                {
                    Some(Ok(e164)) => {
                        for f in &rules.alternative_formats {
                            if let Some(alt) = phone::format(&e164, country, *f)
                                && alt != e164
                                && !lookup.alternatives.contains(&alt)
                            {
                                lookup.alternatives.push(alt);
                            }
                        }
                        Some(e164)
                    }
                    Some(Err(e)) => {
                        phone_error = Some(e);
                        None
                    }
                    // Voice has said so of a call without a number since issue 10.
                    None if kind == Media::Voice => {
                        phone_error = Some(phone::PhoneError::NotANumber);
                        None
                    }
                    None => None,
                }
            }
            Source::Email => lookup.email.clone(),
            Source::Name => lookup.name.clone(),
        };
        if let Some(value) = found {
            lookup.by_phone = matches!(source, Source::Attribute(_) | Source::Phone);
            lookup.search_value = value;
            return (lookup, None);
        }
    }
    lookup.by_phone = false;
    let cause = match phone_error {
        Some(e) => e.to_string(),
        None => {
            // Pushed by hand: `join` is a kilobyte of the runtime module.
            let mut cause = format!(
                "the {} carries nothing to search for (search: ",
                kind.name()
            );
            for (n, s) in rules.search.iter().enumerate() {
                if n > 0 {
                    cause.push_str(", ");
                }
                cause.push_str(match s {
                    Source::Attribute(a) => a,
                    Source::Phone => "phone",
                    Source::Email => "email",
                    Source::Name => "name",
                });
            }
            cause.push(')');
            cause
        }
    };
    (lookup, Some(cause))
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

    fn voice(trigger: Trigger, attr: Option<&str>, country: Option<&str>) -> Triggers {
        Triggers::new(vec![Rules::voice(
            trigger,
            attr.map(str::to_string),
            country.map(str::to_string),
            vec![phone::Format::National, phone::Format::Digits],
        )])
    }

    fn alerting() -> Triggers {
        voice(Trigger::Alerting, Some("PT_SearchValue"), Some("IE"))
    }

    /// The lookup an event starts, or why it could not search.
    fn lookup(t: &mut Triggers, e: Event<'_>) -> Option<Result<Lookup, String>> {
        let (l, cause) = t.event(e)?;
        Some(match cause {
            Some(c) => Err(c),
            None => Ok(l),
        })
    }

    #[test]
    fn an_inbound_call_pops_once_whatever_follows() {
        let mut t = alerting();
        let c = call("c1", json!({}));
        let lookup = lookup(&mut t, Event::Interaction("add", &c))
            .unwrap()
            .unwrap();
        assert_eq!(lookup.interaction_id, "c1");
        assert_eq!(lookup.media, Media::Voice);
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
            ("dl", json!({"isDialer": true, "direction": "Outbound"})),
            ("vm", json!({"isVoicemail": true})),
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
        let mut t = voice(Trigger::Connected, None, Some("IE"));
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
        let found = lookup(&mut t, Event::Interaction("add", &c))
            .unwrap()
            .unwrap();
        assert_eq!(found.search_value, "ACC-42");
        let lookup = found;
        assert!(lookup.alternatives.is_empty());
        // No ani: the phone field; neither: the hook's search string.
        let c = call("p", json!({"ani": null, "phone": "tel:+442079460018"}));
        let lookup = self::lookup(&mut t, Event::Interaction("add", &c))
            .unwrap()
            .unwrap();
        assert_eq!(lookup.search_value, "+442079460018");
        assert!(lookup.alternatives.iter().all(|a| a != "+442079460018"));
        let c = call("h", json!({"ani": null}));
        let lookup = self::lookup(&mut t, Event::ScreenPopHook("01 555 0100", &c))
            .unwrap()
            .unwrap();
        assert_eq!(lookup.search_value, "+35315550100");
        let c = call("anon", json!({"ani": "anonymous"}));
        let r = self::lookup(&mut t, Event::Interaction("add", &c)).unwrap();
        assert_eq!(r, Err(phone::PhoneError::NotANumber.to_string()));
        // A national number with no country is refused, never given +1.
        let mut us = voice(Trigger::Alerting, None, None);
        let c = call("n", json!({"ani": "202 555 0143"}));
        assert_eq!(
            self::lookup(&mut us, Event::Interaction("add", &c)).unwrap(),
            Err(phone::PhoneError::NoCountry.to_string())
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

    fn rules(media: Media, search: &[&str]) -> Rules {
        Rules {
            media,
            trigger: Trigger::Alerting,
            search: search.iter().map(|s| Source::parse(s).unwrap()).collect(),
            default_country: Some("IE".into()),
            alternative_formats: vec![phone::Format::National],
            campaign: true,
            manual: false,
        }
    }

    fn every_kind() -> Triggers {
        Triggers::new(vec![
            rules(Media::Voice, &["attribute:PT_SearchValue", "phone"]),
            rules(Media::Callback, &["attribute:PT_SearchValue", "phone"]),
            rules(Media::Outbound, &["phone"]),
            rules(Media::Chat, &["attribute:PT_SearchValue", "email", "name"]),
            rules(Media::Message, &["phone", "name"]),
            rules(Media::Email, &["email"]),
        ])
    }

    fn first(t: &mut Triggers, i: Value) -> Result<Lookup, String> {
        lookup(t, Event::Interaction("add", &i)).expect("a lookup")
    }

    #[test]
    fn each_kind_searches_by_its_own_sources() {
        let mut t = every_kind();
        let cb = first(
            &mut t,
            json!({"id": "cb", "isCallback": true, "direction": "Inbound",
            "callbackNumbers": ["+353 1 555 0111"], "ani": "tel:+35315559999"}),
        )
        .unwrap();
        assert_eq!(
            (cb.media, cb.search_value.as_str()),
            (Media::Callback, "+35315550111")
        );
        assert_eq!(cb.alternatives, ["015550111"]);
        let out = first(
            &mut t,
            json!({"id": "o", "isDialer": true, "direction": "Outbound",
            "state": "ALERTING", "calledNumber": "tel:+442079460018", "dialerCampaignId": "c1"}),
        )
        .unwrap();
        assert_eq!(
            (out.media, out.search_value.as_str()),
            (Media::Outbound, "+442079460018")
        );
        // A chat carrying the attribute pops on it; one without, on the address, never
        // normalised as a number; one with neither, on the visitor's name.
        let chat = first(
            &mut t,
            json!({"id": "ch1", "isChat": true,
            "attributes": {"PT_SearchValue": " ACC-7 "}, "email": "ada@example.com"}),
        )
        .unwrap();
        assert_eq!(chat.search_value, "ACC-7");
        assert!(chat.by_phone);
        let chat = first(
            &mut t,
            json!({"id": "ch2", "isChat": true, "email": " ADA@Example.com ",
            "remoteName": "Ada"}),
        )
        .unwrap();
        assert_eq!(chat.search_value, "ada@example.com");
        assert!(!chat.by_phone && chat.alternatives.is_empty());
        assert_eq!(chat.name.as_deref(), Some("Ada"));
        let chat = first(
            &mut t,
            json!({"id": "ch3", "isChat": true, "email": "not an address",
            "remoteName": " Grace Hopper "}),
        )
        .unwrap();
        assert_eq!(chat.search_value, "Grace Hopper");
        let sms = first(
            &mut t,
            json!({"id": "m", "isMessage": true, "messageType": "sms",
            "phone": "+353 86 555 0100"}),
        )
        .unwrap();
        assert_eq!(sms.search_value, "+353865550100");
        // A Messenger message has no number: the name.
        let fb = first(
            &mut t,
            json!({"id": "fb", "isMessage": true, "messageType": "facebook",
            "remoteName": "Ada L"}),
        )
        .unwrap();
        assert_eq!(fb.search_value, "Ada L");
        // An email: the hook's search string is the sender's address.
        let e = json!({"id": "e", "isEmail": true, "remoteName": "Ada"});
        let mail = lookup(&mut t, Event::ScreenPopHook("Ada@Example.com", &e))
            .unwrap()
            .unwrap();
        assert_eq!(
            (mail.media, mail.search_value.as_str()),
            (Media::Email, "ada@example.com")
        );
    }

    #[test]
    fn nothing_to_search_is_the_cause_and_a_number_never_becomes_an_address() {
        let mut t = every_kind();
        let cause = first(
            &mut t,
            json!({"id": "e1", "isEmail": true, "displayAddress": "+35315550100"}),
        )
        .unwrap_err();
        assert_eq!(
            cause,
            "the email carries nothing to search for (search: email)"
        );
        let cause = first(&mut t, json!({"id": "c1", "isChat": true})).unwrap_err();
        assert!(cause.contains("PT_SearchValue, email, name"), "{cause}");
    }

    #[test]
    fn only_the_kinds_opted_in_pop_and_each_once() {
        let mut t = Triggers::new(vec![
            rules(Media::Voice, &["phone"]),
            Rules {
                manual: true,
                campaign: false,
                ..rules(Media::Outbound, &["phone"])
            },
        ]);
        let chat = json!({"id": "ch", "isChat": true, "remoteName": "Ada"});
        assert!(t.event(Event::Interaction("add", &chat)).is_none());
        let dialer =
            json!({"id": "d", "isDialer": true, "direction": "Outbound", "phone": "+35315550100"});
        assert!(t.event(Event::Interaction("add", &dialer)).is_none());
        let manual = json!({"id": "m", "direction": "Outbound", "calledNumber": "+35315550100"});
        assert!(t.event(Event::Interaction("add", &manual)).is_some());
        assert!(
            t.event(Event::ScreenPopHook("x", &manual)).is_none(),
            "once"
        );
        // A kind not opted in is not remembered: nothing popped it.
        assert!(t.popped.iter().all(|id| id != "ch"));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Text a client might hand over: addresses, numbers, names, blanks and junk.
        fn field() -> impl Strategy<Value = Option<String>> {
            prop::option::of(prop_oneof![
                "[ ]{0,2}[A-Za-z0-9._%+-]{1,8}@[A-Za-z0-9-]{1,8}\\.[a-z]{2,4}[ ]{0,2}",
                "(tel:)?\\+?[0-9 ()-]{0,16}",
                "[ ]{0,2}[A-Za-z ]{0,12}",
                ".{0,12}",
            ])
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            /// A chat searches the attribute, then the address, then the name: the first
            /// that yields a value of its type, exactly as an oracle reads the fields.
            #[test]
            fn the_first_source_that_yields_wins(attr in field(), email in field(), display in field(), name in field()) {
                let mut t = every_kind();
                let mut chat = json!({"id": "c", "isChat": true, "attributes": {}});
                let mut put = |k: &str, v: &Option<String>| if let Some(v) = v { chat[k] = json!(v) };
                put("email", &email);
                put("displayAddress", &display);
                put("remoteName", &name);
                if let Some(a) = &attr { chat["attributes"]["PT_SearchValue"] = json!(a); }
                let got = lookup(&mut t, Event::Interaction("add", &chat)).unwrap();
                let trimmed = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
                let expected = trimmed(&attr)
                    .or_else(|| [&email, &display].into_iter().find_map(|v| trimmed(v).and_then(|v| media::email(&v))))
                    .or_else(|| trimmed(&name));
                match (got, expected) {
                    (Ok(l), Some(e)) => prop_assert_eq!(l.search_value, e),
                    (Err(_), None) => {}
                    (got, expected) => prop_assert!(false, "{:?} but expected {:?}", got, expected),
                }
            }

            /// An address is typed as one: trimmed, lower case, one `@`, never turned into a
            /// number, whatever digits it holds.
            #[test]
            fn an_address_stays_an_address(local in "[0-9+]{1,12}", domain in "[a-z]{1,8}\\.[a-z]{2,3}") {
                let mut t = every_kind();
                let raw = format!(" {local}@{}", domain.to_uppercase());
                let mail = json!({"id": "e", "isEmail": true, "email": raw});
                let l = lookup(&mut t, Event::Interaction("add", &mail)).unwrap().unwrap();
                prop_assert_eq!(&l.search_value, &format!("{local}@{domain}"));
                prop_assert!(!l.by_phone && l.alternatives.is_empty());
            }
        }
    }
}
