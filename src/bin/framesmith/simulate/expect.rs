//! A scenario's expectations held to what the run did: each interaction's pop, the record
//! it is linked to and its call log writes (`expect`), and the outcome of each dial and
//! choice in order (`expectDials`, `expectChoices`).

use super::after_pop::AfterPop;
use super::scenario::bad;
use serde_json::{Value, json};

/// Every expectation of scenario `s` held to the run: its verdicts, and whether all passed.
pub(super) fn judge(
    s: &Value,
    pops: &[Value],
    after: &AfterPop,
    totals: &Value,
) -> Result<(Vec<Value>, bool), String> {
    let mut verdicts = Vec::new();
    let mut passed = true;
    let mut record = |name: String, expected: &Value, v: Result<(), String>| {
        passed &= v.is_ok();
        verdicts.push(json!({"interactionId": name, "expected": expected,
            "ok": v.is_ok(), "why": v.err()}));
    };
    let list = |key: &str| -> Result<Vec<Value>, String> {
        match s.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(a)) => Ok(a.clone()),
            Some(_) => Err(bad(&format!("/{key}"), "must be a list")),
        }
    };
    for (i, e) in list("expect")?.iter().enumerate() {
        let Some(id) = e.get("interactionId").and_then(Value::as_str) else {
            return Err(bad(
                &format!("/expect/{i}/interactionId"),
                "name the interaction",
            ));
        };
        let pop = pops.iter().find(|p| p["interactionId"] == id);
        record(id.to_string(), e, interaction(e, pop, after, id));
    }
    for (key, what, got) in [
        ("expectDials", "dial", &after.dialed),
        ("expectChoices", "choice", &after.choices),
    ] {
        for (n, want) in list(key)?.iter().enumerate() {
            record(
                format!("({what} {})", n + 1),
                want,
                outcome(want, got.get(n), what),
            );
        }
    }
    match s.get("expectStats") {
        None => {}
        Some(Value::Object(want)) => {
            for (k, v) in want {
                let got = &totals[k.as_str()];
                let v2 = if got == v {
                    Ok(())
                } else {
                    Err(format!("expected {k} {v}, got {got}"))
                };
                record(format!("(stats) {k}"), v, v2);
            }
        }
        Some(_) => return Err(bad("/expectStats", "must be an object of counts")),
    }
    Ok((verdicts, passed))
}

/// The keys of an `expect` entry that are about the pop.
const POP_KEYS: [&str; 6] = ["kind", "url", "searchValue", "records", "cause", "created"];

/// Whether interaction `e["interactionId"]` went as `e` expects, or why not.
pub(super) fn interaction(
    e: &Value,
    pop: Option<&Value>,
    after: &AfterPop,
    iid: &str,
) -> Result<(), String> {
    if POP_KEYS.iter().any(|k| e.get(*k).is_some()) || !has_after_keys(e) {
        verdict(e, pop)?;
    }
    if let Some(want) = e.get("linked") {
        let got = after
            .linked(iid)
            .map(|r| r["id"].clone())
            .unwrap_or(Value::Null);
        if got != *want {
            return Err(format!(
                "expected the interaction linked to {want}, got {got}"
            ));
        }
    }
    if let Some(want) = e.get("callLog") {
        let last = after
            .call_logs
            .iter()
            .rev()
            .find(|l| l["interactionId"] == iid);
        let Some(last) = last else {
            return Err("expected a call log answer, and processCallLog was never answered".into());
        };
        if let Some(id) = want.get("id")
            && last["id"] != *id
        {
            return Err(format!("expected the call log id {id}, got {}", last["id"]));
        }
        if let Some(cause) = want.get("cause").and_then(Value::as_str) {
            let got = last["cause"].as_str().unwrap_or("");
            if !got.contains(cause) {
                return Err(format!(
                    "expected a call log cause containing {cause:?}, got {got:?}"
                ));
            }
        }
    }
    if let Some(want) = e.get("writes").and_then(Value::as_array) {
        let got: Vec<&Value> = after
            .writes
            .iter()
            .filter(|w| w["interactionId"] == iid)
            .collect();
        if got.len() != want.len() {
            let seen: Vec<String> = got
                .iter()
                .map(|w| {
                    format!(
                        "{} {}",
                        w["method"].as_str().unwrap_or(""),
                        w["source"].as_str().unwrap_or("")
                    )
                })
                .collect();
            return Err(format!(
                "expected {} writes to the CRM, got {} ({})",
                want.len(),
                got.len(),
                if seen.is_empty() {
                    "none".to_string()
                } else {
                    seen.join(", ")
                }
            ));
        }
        for (n, (w, g)) in want.iter().zip(got).enumerate() {
            write(w, g).map_err(|why| format!("write {}: {why}", n + 1))?;
        }
    }
    Ok(())
}

fn has_after_keys(e: &Value) -> bool {
    ["linked", "callLog", "writes"]
        .iter()
        .any(|k| e.get(*k).is_some())
}

/// One write as expected: its data source, method, a part of its URL, and a body holding
/// at least the given fields.
fn write(want: &Value, got: &Value) -> Result<(), String> {
    for key in ["source", "method"] {
        if let Some(v) = want.get(key)
            && got[key] != *v
        {
            return Err(format!("expected {key} {v}, got {}", got[key]));
        }
    }
    if let Some(part) = want.get("match").and_then(Value::as_str) {
        let url = got["url"].as_str().unwrap_or("");
        if !url.contains(part) {
            return Err(format!("expected a URL containing {part:?}, got {url:?}"));
        }
    }
    if let Some(Value::Object(fields)) = want.get("body") {
        for (k, v) in fields {
            if got["body"][k.as_str()] != *v {
                return Err(format!(
                    "expected the body's {k:?} to be {v}, got {}",
                    got["body"][k.as_str()]
                ));
            }
        }
    }
    Ok(())
}

/// The outcome of the n-th dial or choice as `want` expects: `ok`, the `number` dialled,
/// a part of the `cause`.
pub(super) fn outcome(want: &Value, got: Option<&Value>, what: &str) -> Result<(), String> {
    let Some(got) = got else {
        return Err(format!("expected a {what}, and the scenario has no more"));
    };
    if let Some(ok) = want.get("ok")
        && got["ok"] != *ok
    {
        return Err(format!(
            "expected ok {ok}, got {} ({})",
            got["ok"],
            got["cause"].as_str().unwrap_or("no cause")
        ));
    }
    if let Some(n) = want.get("number")
        && got["number"] != *n
    {
        return Err(format!("expected the number {n}, got {}", got["number"]));
    }
    if let Some(cause) = want.get("cause").and_then(Value::as_str) {
        let g = got["cause"].as_str().unwrap_or("");
        if !g.contains(cause) {
            return Err(format!("expected a cause containing {cause:?}, got {g:?}"));
        }
    }
    Ok(())
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
    if let Some(created) = e.get("created")
        && pop.get("created").unwrap_or(&Value::Bool(false)) != created
    {
        return Err(format!(
            "expected created {created}, got {}",
            pop["created"]
        ));
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
