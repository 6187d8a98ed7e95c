//! Which kind of interaction the client handed over, and where its search value comes from
//! (issue 23). The fields are the Embeddable Framework's `Interaction` object as
//! `../shared/reference/embeddable-framework.md` records it from real payloads, Genesys'
//! embeddable-framework blueprint (its `screenPop` handler reads a chat's attributes) and
//! the mystery-CRM demo (`dialerCampaignId` on campaign calls): the flags `isInternal`,
//! `isVoicemail`, `isCallback`, `isDialer`, `isEmail`, `isChat`, `isMessage`; the numbers
//! `ani` (the caller's), `phone`, `calledNumber` (the dialled one) and `callbackNumbers`;
//! `remoteName`, `name`, `displayAddress`, `direction` and `attributes`. For an email the
//! `screenPop` hook's search string is the sender's address.
//!
//! A value is typed by where it came from: a number goes to E.164 (`phone`), an address is
//! trimmed and lower-cased and never goes near E.164, a name or an attribute is trimmed text.
//! A value that is not what its source promises falls through to the next source.

use serde_json::Value;

use crate::workspace::{KindPop, Media};

/// Where a search value comes from: a `search` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Attribute(String),
    Phone,
    Email,
    Name,
}

impl Source {
    /// `attribute:NAME`, `phone`, `email` or `name`.
    pub fn parse(text: &str) -> Option<Source> {
        match text {
            "phone" => Some(Source::Phone),
            "email" => Some(Source::Email),
            "name" => Some(Source::Name),
            _ => text
                .strip_prefix("attribute:")
                .filter(|a| !a.trim().is_empty())
                .map(|a| Source::Attribute(a.trim().to_string())),
        }
    }

    /// Whether interactions of `media` ever carry this source: an email has no number, a
    /// call, callback or campaign call no address.
    pub fn yields(&self, media: Media) -> bool {
        match self {
            Source::Attribute(_) | Source::Name => true,
            Source::Phone => !matches!(media, Media::Chat | Media::Email),
            Source::Email => matches!(media, Media::Chat | Media::Message | Media::Email),
        }
    }
}

/// The search order of a kind without `search`: the search attribute when the deployment
/// names one, then what the kind itself carries. Voice, callbacks and campaign calls: the
/// number; chats: the address the client gives, then the visitor's name; messages: the
/// sender's number (SMS, WhatsApp), then the name (Messenger and others have no number);
/// emails: the sender's address.
/// Where `kind` takes its search value from, in order: its `search` (entries that do not
/// parse left out: check reports them), else its default. The engine and check both read
/// it here, so what check judges is what pops.
pub fn search_of(kind: &KindPop<'_>) -> Vec<Source> {
    match kind.search() {
        Some(list) => list.iter().filter_map(|s| Source::parse(s)).collect(),
        None => default_search(kind.media, kind.shared.search_attribute.as_deref()),
    }
}

pub fn default_search(media: Media, search_attribute: Option<&str>) -> Vec<Source> {
    let mut out: Vec<Source> = search_attribute
        .map(|a| Source::Attribute(a.to_string()))
        .into_iter()
        .collect();
    out.extend_from_slice(match media {
        Media::Voice | Media::Callback | Media::Outbound => &[Source::Phone],
        Media::Chat => &[Source::Email, Source::Name],
        Media::Message => &[Source::Phone, Source::Name],
        Media::Email => &[Source::Email],
    });
    out
}

fn flag(i: &Value, key: &str) -> bool {
    i.get(key).and_then(Value::as_bool).unwrap_or(false)
}

pub(crate) fn text<'v>(i: &'v Value, key: &str) -> Option<&'v str> {
    i.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// What kind of interaction `i` is, or None for those that never pop: internal ones and
/// voicemails. A call is outbound by its direction; a campaign call, whatever its direction.
/// The second value says whether an outbound call came from a campaign (the dialer).
pub fn classify(i: &Value) -> Option<(Media, bool)> {
    if flag(i, "isInternal") || flag(i, "isVoicemail") {
        return None;
    }
    let kind = if flag(i, "isCallback") {
        Media::Callback
    } else if flag(i, "isDialer") {
        return Some((Media::Outbound, true));
    } else if flag(i, "isEmail") {
        Media::Email
    } else if flag(i, "isChat") {
        Media::Chat
    } else if flag(i, "isMessage") {
        Media::Message
    } else {
        let direction = text(i, "direction")?;
        if direction.eq_ignore_ascii_case("inbound") {
            Media::Voice
        } else if direction.eq_ignore_ascii_case("outbound") {
            Media::Outbound
        } else {
            return None;
        }
    };
    Some((kind, false))
}

/// The number `media` carries, as the client writes it: the caller's for voice, the first
/// callback number, the dialled number of an outbound call, the sender's of a message.
pub fn raw_phone(media: Media, i: &Value) -> Option<&str> {
    let first_callback = || {
        i.get("callbackNumbers")?
            .as_array()?
            .iter()
            .find_map(|n| n.as_str().map(str::trim).filter(|n| !n.is_empty()))
    };
    match media {
        Media::Callback => first_callback().or_else(|| text(i, "phone")),
        Media::Outbound => text(i, "calledNumber").or_else(|| text(i, "phone")),
        Media::Message => text(i, "phone")
            .or_else(|| text(i, "ani"))
            .or_else(|| text(i, "displayAddress")),
        _ => text(i, "ani").or_else(|| text(i, "phone")),
    }
}

/// An email address as a lookup searches it: `mailto:` and surrounding space dropped, lower
/// case; None when the text is not one address (`local@domain.tld`, no space, no second @).
pub fn email(raw: &str) -> Option<String> {
    let t = raw.trim();
    let t = t
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("mailto:"))
        .map_or(t, |_| &t[7..]);
    let (local, domain) = t.split_once('@')?;
    let ok = !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !t.bytes().any(|b| b <= b' ' || b"<>(),;\"\\".contains(&b));
    ok.then(|| t.to_ascii_lowercase())
}

/// The address an interaction of `media` carries: the `email` field, the display address,
/// the hook's search string, in that order, the first that is an address.
pub fn address(media: Media, i: &Value, hook: Option<&str>) -> Option<String> {
    if !Source::Email.yields(media) {
        return None;
    }
    [text(i, "email"), text(i, "displayAddress"), hook]
        .into_iter()
        .flatten()
        .find_map(email)
}

/// The name the client shows for the other party.
pub fn name(i: &Value) -> Option<&str> {
    text(i, "remoteName").or_else(|| text(i, "name"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sources_parse_and_say_what_each_kind_yields() {
        assert_eq!(
            Source::parse("attribute: PT_SearchValue"),
            Some(Source::Attribute("PT_SearchValue".into()))
        );
        for bad in ["attribute:", "attribute: ", "Phone", "mail", ""] {
            assert_eq!(Source::parse(bad), None, "{bad}");
        }
        assert!(!Source::Email.yields(Media::Callback));
        assert!(!Source::Email.yields(Media::Voice));
        assert!(!Source::Phone.yields(Media::Email));
        assert!(Source::Email.yields(Media::Chat));
        assert!(Source::Phone.yields(Media::Message));
    }

    #[test]
    fn the_kind_comes_from_the_flags_then_the_direction() {
        let kind = |v: Value| classify(&v);
        assert_eq!(
            kind(json!({"direction": "Inbound"})),
            Some((Media::Voice, false))
        );
        assert_eq!(
            kind(json!({"direction": "Outbound"})),
            Some((Media::Outbound, false))
        );
        assert_eq!(
            kind(json!({"direction": "Outbound", "isDialer": true})),
            Some((Media::Outbound, true))
        );
        assert_eq!(
            kind(json!({"direction": "Inbound", "isCallback": true})),
            Some((Media::Callback, false))
        );
        assert_eq!(kind(json!({"isChat": true})), Some((Media::Chat, false)));
        assert_eq!(
            kind(json!({"isMessage": true, "messageType": "sms"})),
            Some((Media::Message, false))
        );
        assert_eq!(kind(json!({"isEmail": true})), Some((Media::Email, false)));
        for never in [
            json!({"direction": "Inbound", "isInternal": true}),
            json!({"direction": "Inbound", "isVoicemail": true}),
            json!({"isEmail": true, "isInternal": true}),
            json!({}),
            json!({"direction": 3}),
        ] {
            assert_eq!(kind(never.clone()), None, "{never}");
        }
    }

    #[test]
    fn addresses_are_typed_and_never_numbers() {
        assert_eq!(
            email(" Mailto:Ada.Lovelace@Example.COM ").as_deref(),
            Some("ada.lovelace@example.com")
        );
        for bad in [
            "+353 1 555 0100",
            "ada@",
            "@example.com",
            "ada@example",
            "a b@example.com",
            "a@b@example.com",
            "Ada <ada@example.com>",
            "ada@.example.com",
            "ada@example.com.",
        ] {
            assert_eq!(email(bad), None, "{bad}");
        }
        let chat = json!({"isChat": true, "displayAddress": "Ada", "email": " ADA@example.com"});
        assert_eq!(
            address(Media::Chat, &chat, None).as_deref(),
            Some("ada@example.com")
        );
        let mail = json!({"isEmail": true, "remoteName": "Ada"});
        assert_eq!(
            address(Media::Email, &mail, Some("ada@example.com")).as_deref(),
            Some("ada@example.com")
        );
        // A call never yields an address, whatever its fields say.
        let call = json!({"email": "ada@example.com"});
        assert_eq!(address(Media::Voice, &call, None), None);
    }

    #[test]
    fn each_kind_has_its_own_number() {
        let cb = json!({"callbackNumbers": ["", " +35315550111 "], "phone": "tel:+35315550100"});
        assert_eq!(raw_phone(Media::Callback, &cb), Some("+35315550111"));
        let out = json!({"calledNumber": "tel:+442079460018", "ani": "tel:+35315550000"});
        assert_eq!(raw_phone(Media::Outbound, &out), Some("tel:+442079460018"));
        let sms = json!({"displayAddress": "+35315550122"});
        assert_eq!(raw_phone(Media::Message, &sms), Some("+35315550122"));
        let call = json!({"ani": "tel:+35315550133", "phone": "tel:+1"});
        assert_eq!(raw_phone(Media::Voice, &call), Some("tel:+35315550133"));
    }
}
