//! What the CRM's records become for the softphone: the contact search's and the call log's
//! answers, and the data action's execution request (proxy route).

use super::*;

/// Runtime inputs as a JSON object text, each name as `name` spells it.
pub(super) fn inputs_json(runtime: &Map<String, Value>, name: fn(&str) -> String) -> String {
    let mut body = Map::new();
    for (k, v) in runtime {
        body.insert(name(k), v.clone());
    }
    crate::standin::json::text(&Value::Object(body))
}

/// The execution of the data action at `url` with these inputs (the proxy route): its
/// contract names each input as `input_name` spells it.
pub(super) fn execution(url: &str, runtime: &Map<String, Value>) -> Request {
    Request {
        method: "POST".into(),
        url: url.to_string(),
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: Some(inputs_json(runtime, input_name)),
    }
}

/// The answer to a contact search or a call log: the contacts, the call log's id (the
/// first record's, named as a single match is), or why not.
pub(super) fn answer(purpose: Purpose, found: Result<Vec<Map<String, Value>>, String>) -> Action {
    let request = match purpose {
        Purpose::Contacts(r) | Purpose::CallLog(r) | Purpose::CallLogUpdate(r) => r,
        _ => 0,
    };
    match (purpose, found) {
        (Purpose::Contacts(_), Ok(records)) => Action::Contacts {
            request,
            contacts: records.iter().map(contact).collect(),
            cause: None,
        },
        (Purpose::Contacts(_), Err(cause)) => Action::Contacts {
            request,
            contacts: Vec::new(),
            cause: Some(cause),
        },
        (_, found) => {
            let (id, cause) = match found {
                Ok(records) => match records.first().and_then(crate::screenpop::pop::association) {
                    Some(a) => (Some(a.id), None),
                    None => (
                        None,
                        Some("the CRM's answer named no record for the call log".to_string()),
                    ),
                },
                Err(cause) => (None, Some(cause)),
            };
            Action::CallLogged { request, id, cause }
        }
    }
}

/// A record as a contact for the client's search: its name (as a single match is named to
/// `addAssociation`) and every field whose name says phone or number.
pub(super) fn contact(record: &Map<String, Value>) -> Value {
    let name = crate::screenpop::pop::association(record)
        .map(|a| a.text)
        .unwrap_or_default();
    let mut phones = Vec::new();
    for (k, v) in record {
        let key = k.to_ascii_lowercase();
        if (key.contains("phone") || key.contains("number"))
            && let Some(number) = datasource::scalar_text(v)
        {
            let mut phone = Map::new();
            phone.insert("number".into(), Value::String(number));
            phone.insert("label".into(), Value::String(k.clone()));
            phones.push(Value::Object(phone));
        }
    }
    let mut c = Map::new();
    c.insert("type".into(), "external".into());
    c.insert("name".into(), Value::String(name));
    c.insert("phone".into(), Value::Array(phones));
    Value::Object(c)
}

/// An interaction's own inputs for a data source: `ani`, `calledNumber`, `queueName` and
/// `attributes.<name>`.
/// A lookup's inputs (issue 23): the interaction's own, its kind, its address (typed, as
/// `media::address` reads it) and the other party's name.
pub(super) fn lookup_inputs(media: Media, i: &Value, hook: Option<&str>) -> Map<String, Value> {
    let mut out = call_inputs(i);
    out.insert("media".into(), media.name().into());
    if let Some(email) = crate::screenpop::media::address(media, i, hook) {
        out.insert("email".into(), email.into());
    }
    if let Some(name) = crate::screenpop::media::name(i) {
        out.insert("name".into(), name.into());
    }
    out
}

pub(super) fn call_inputs(i: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    for key in [
        "ani",
        "calledNumber",
        "queueName",
        "direction",
        "remoteName",
        "dialerCampaignId",
        "dialerContactId",
    ] {
        if let Some(v) = i.get(key).and_then(datasource::scalar_text) {
            out.insert(key.to_string(), v.into());
        }
    }
    if let Some(Value::Object(attrs)) = i.get("attributes") {
        for (k, v) in attrs.iter().take(64) {
            if let Some(v) = datasource::scalar_text(v) {
                out.insert(format!("attributes.{k}"), v.into());
            }
        }
    }
    out
}
