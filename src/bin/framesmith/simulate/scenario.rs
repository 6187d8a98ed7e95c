//! A scenario's input read and checked before the run: the scripted CRM responses and the
//! shape of each event, every fault named by its JSON pointer.

use super::Answer;
use serde_json::Value;

pub(super) fn bad(pointer: &str, what: &str) -> String {
    format!("the scenario at {pointer}: {what}")
}

pub(super) fn answers(v: &Value, pointer: &str) -> Result<Vec<Answer>, String> {
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

/// Whether event `i` is one the run can play, or where it is not.
pub(super) fn event_shape(e: &Value, i: usize) -> Result<(), String> {
    let at = |key: &str| format!("/events/{i}/{key}");
    if let Some(record) = e.get("choose") {
        if !(record.is_string() || record.is_number()) {
            return Err(bad(
                &at("choose"),
                "must be the id of the record the agent picks",
            ));
        }
        if !e["interactionId"].is_string() {
            return Err(bad(
                &at("interactionId"),
                "name the interaction whose pop the agent picks from",
            ));
        }
        return Ok(());
    }
    if let Some(number) = e.get("dial") {
        if !number.is_string() {
            return Err(bad(
                &at("dial"),
                "must be the number the CRM page asks to dial, as text",
            ));
        }
        return Ok(());
    }
    if !e["interaction"].is_object() {
        return Err(bad(
            &at("interaction"),
            "must be an object, as the client gives it",
        ));
    }
    if let Some(log) = e.get("callLog") {
        if !log.is_object() {
            return Err(bad(
                &at("callLog"),
                "must be an object, as processCallLog is given it",
            ));
        }
        if e.get("eventName").is_some_and(|n| !n.is_string()) {
            return Err(bad(
                &at("eventName"),
                "must be text, such as \"interactionChanged\"",
            ));
        }
        return Ok(());
    }
    if e.get("screenPop").is_none() && !e["category"].is_string() {
        return Err(bad(
            &format!("/events/{i}"),
            "give a \"category\" (add, change, connect...), \"screenPop\", \"callLog\", \"choose\" or \"dial\"",
        ));
    }
    Ok(())
}
