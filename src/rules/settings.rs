//! EF `config.settings`: known keys with the right types and values, near-miss keys caught
//! (a misspelt setting silently does nothing), theme colours, the SMS country code, and the
//! settings that promise hooks something must back (call logs, framework contacts).

use serde_json::{Map, Value};

use super::Ctx;
use crate::base::pointer;
use crate::base::suggest::did_you_mean;
use crate::base::suggest::nearest;
use crate::catalogue::{self, EF_SETTINGS, SSO_PROVIDERS, SettingKind, SettingSpec};
use crate::diagnostic::{Code, Diagnostic, Severity, quote};
use crate::workspace::shape::found;
use crate::workspace::{Deployment, Flow};

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, d, path) in ctx.deployments() {
        let sp = pointer::push(&path, "settings");
        settings(&d.settings, &sp, out);
        promises(d, &sp, out);
    }
}

/// Each member of a `settings` table at `path`: a known key with the right type and
/// values, or an unknown or misspelt one. Shared with `framesmith lint`, which reads the
/// table out of a framework.js.
pub fn settings(settings: &Map<String, Value>, path: &str, out: &mut Vec<Diagnostic>) {
    for (key, value) in settings {
        let p = pointer::push(path, key);
        match catalogue::setting(key) {
            Some(spec) => typed(spec, value, &p, out),
            None => unknown(key, &p, out),
        }
    }
}

/// Keys and values Genesys' own files spell two ways; the client is used with both, so
/// neither is an error (../shared/reference/embeddable-framework.md, "Spellings Genesys'
/// own files disagree on"). Each is (the spelling the catalogue knows, the other one):
/// - `enableConfigurableCallerID`: Genesys' demo CRM sends it so
///   (purecloud-embeddable-framework-mystery-crm app/services/cti-service.js:51);
///   `enableConfigurableCallerId`: Genesys' AcmeCRM sample and the Genesys-authored linter's
///   tests (embeddable-framework-linter test-files/example-framework3.js:26).
/// - `frameworkContacts`: the Genesys-authored linter (src/test-cases.ts:216) and AcmeCRM;
///   `frameworkcontacts`: Genesys' example repository
///   (purecloud-embeddable-framework-example src/framework.js:22) and the blueprint
///   (embeddable-framework-blueprint src/public/framework.js:42).
const OTHER_KEYS: &[(&str, &str)] = &[("enableConfigurableCallerID", "enableConfigurableCallerId")];
const OTHER_VALUES: &[(&str, &str, &str)] =
    &[("searchTargets", "frameworkContacts", "frameworkcontacts")];

/// Where `searchTargets` asks for the CRM's contacts (either spelling), if it does.
pub fn searches_contacts(targets: &[Value]) -> Option<usize> {
    targets
        .iter()
        .position(|t| t == "frameworkContacts" || t == "frameworkcontacts")
}

fn other_spelling(known: &str, other: &str, whose: &str, path: &str, out: &mut Vec<Diagnostic>) {
    out.push(Diagnostic::new(
        Code::SettingsOtherSpelling,
        path,
        format!(
            "{} is Genesys' other spelling of {} ({whose}); framesmith reads both as the same",
            quote(other),
            quote(known)
        ),
        format!(
            "nothing to do; write {} to match the catalogue",
            quote(known)
        ),
    ));
}

fn unknown(key: &str, path: &str, out: &mut Vec<Diagnostic>) {
    if let Some((known, _)) = OTHER_KEYS.iter().find(|(_, other)| *other == key) {
        other_spelling(
            known,
            key,
            "the Genesys-authored linter's tests write it; the demo CRM writes the other, and which one a client version reads is not documented",
            path,
            out,
        );
        return;
    }
    match nearest(key, EF_SETTINGS.iter().map(|s| s.key)) {
        Some(n) => out.push(Diagnostic::new(
            Code::SettingsMisspelledKey,
            path,
            format!(
                "settings key {} is not an Embeddable Framework setting; it would be ignored",
                quote(key)
            ),
            format!("did you mean `{n}`? (Genesys spells it that way)"),
        )),
        None => out.push(Diagnostic::new(
            Code::SettingsUnknownKey,
            path,
            format!(
                "settings key {} is not a documented Embeddable Framework setting",
                quote(key)
            ),
            "remove it unless Genesys has told you the client reads it",
        )),
    }
}

fn wrong_type(path: &str, key: &str, expected: &str, value: &Value) -> Diagnostic {
    Diagnostic::new(
        Code::SettingsWrongType,
        path,
        format!("{key} must be {expected}, not {}", found(value)),
        format!("write {expected}"),
    )
}

fn typed(spec: &SettingSpec, value: &Value, path: &str, out: &mut Vec<Diagnostic>) {
    match spec.kind {
        SettingKind::Bool if !value.is_boolean() => {
            out.push(wrong_type(path, spec.key, "true or false", value))
        }
        SettingKind::String if !value.is_string() => {
            out.push(wrong_type(path, spec.key, "a string", value))
        }
        SettingKind::CallingCode => calling_code(value, path, out),
        SettingKind::List => list(spec, value, path, out),
        SettingKind::Theme => theme(value, path, out),
        SettingKind::Sso => sso(value, path, out),
        SettingKind::Display => {
            let call = value.get("interactionDetails").and_then(|d| d.get("call"));
            let ok = value.is_object()
                && call
                    .is_none_or(|c| c.as_array().is_some_and(|a| a.iter().all(Value::is_string)));
            if !ok {
                out.push(wrong_type(
                    path,
                    spec.key,
                    "a table {interactionDetails: {call: [\"call.Ani\", ...]}}",
                    value,
                ));
            }
        }
        _ => {}
    }
}

fn calling_code(value: &Value, path: &str, out: &mut Vec<Diagnostic>) {
    let Some(s) = value.as_str() else {
        out.push(wrong_type(
            path,
            "defaultOutboundSMSCountryCode",
            "a string such as \"+1\"",
            value,
        ));
        return;
    };
    let digits = s.strip_prefix('+').unwrap_or("");
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && catalogue::is_calling_code(digits)
    {
        return;
    }
    let bare = s.trim_start_matches('+').trim_start_matches("00");
    let hint = if !bare.is_empty()
        && bare.bytes().all(|b| b.is_ascii_digit())
        && catalogue::is_calling_code(bare)
    {
        format!("write \"+{bare}\"")
    } else {
        "write + and the country calling code, such as \"+1\" or \"+353\"".into()
    };
    out.push(Diagnostic::new(
        Code::SettingsSmsCountryCode,
        path,
        format!(
            "defaultOutboundSMSCountryCode {} is not a country calling code",
            quote(s)
        ),
        hint,
    ));
}

fn list(spec: &SettingSpec, value: &Value, path: &str, out: &mut Vec<Diagnostic>) {
    let Some(items) = value.as_array() else {
        out.push(wrong_type(path, spec.key, "a list", value));
        return;
    };
    // Values in wide use that Genesys' examples do not show: one note for the list.
    let mut uncertain: Vec<(String, &str)> = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let p = pointer::index(path, k);
        let Some(s) = item.as_str() else {
            out.push(wrong_type(&p, spec.key, "a list of strings", item));
            continue;
        };
        if spec.values.contains(&s) {
            continue;
        }
        if let Some((_, known, _)) = OTHER_VALUES
            .iter()
            .find(|(key, _, other)| *key == spec.key && *other == s)
        {
            other_spelling(
                known,
                s,
                "as Genesys' example repository and blueprint write it",
                &p,
                out,
            );
            continue;
        }
        if spec.seen_elsewhere.contains(&s) {
            uncertain.push((p, s));
            continue;
        }
        let all = spec.values.iter().chain(spec.seen_elsewhere);
        let hint = did_you_mean(s, all, || {
            format!("use values from: {}", spec.values.join(", "))
        });
        out.push(Diagnostic::new(
            Code::SettingsInvalidValue,
            p,
            format!("{} is not a valid {} value", quote(s), spec.key),
            hint,
        ));
    }
    if let Some((first, _)) = uncertain.first() {
        let names: Vec<String> = uncertain.iter().map(|(_, s)| quote(s)).collect();
        out.push(Diagnostic::new(
            Code::SettingsUndocumentedValue,
            first.clone(),
            format!(
                "{} lists {}, which Genesys' example repositories do not show (they list {}); files copied from Genesys' developer-centre sample list them, so the client likely honours them",
                spec.key,
                names.join(", "),
                spec.values.join(", ")
            ),
            "check once that agents see these controls; nothing to change if they do",
        ));
    }
}

fn is_colour(s: &str) -> bool {
    s.strip_prefix('#')
        .is_some_and(|h| (h.len() == 3 || h.len() == 6) && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn colours(map: &Map<String, Value>, path: &str, allowed: &[&str], out: &mut Vec<Diagnostic>) {
    for (k, v) in map {
        let p = pointer::push(path, k);
        if !allowed.contains(&k.as_str()) {
            let hint = match nearest(k, allowed.iter()) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("theme takes: {}", allowed.join(", ")),
            };
            out.push(Diagnostic::new(
                Code::SettingsUnknownKey,
                p,
                format!("theme has no key {}", quote(k)),
                hint,
            ));
            continue;
        }
        if k == "notification" {
            match v.as_object() {
                Some(n) => {
                    for (kind, pair) in n {
                        let pp = pointer::push(&p, kind);
                        if kind != "success" && kind != "error" {
                            out.push(Diagnostic::new(
                                Code::SettingsUnknownKey,
                                pp,
                                format!("theme.notification has no key {}", quote(kind)),
                                "use success or error",
                            ));
                        } else if let Some(m) = pair.as_object() {
                            colours(m, &pp, &["primary", "text"], out);
                        } else {
                            out.push(wrong_type(
                                &pp,
                                "a notification colour pair",
                                "a table {primary, text}",
                                pair,
                            ));
                        }
                    }
                }
                None => out.push(wrong_type(
                    &p,
                    "theme.notification",
                    "a table {success, error}",
                    v,
                )),
            }
            continue;
        }
        match v.as_str() {
            Some(c) if is_colour(c) => {}
            Some(c) => out.push(Diagnostic::new(
                Code::SettingsThemeColour,
                p,
                format!("theme colour {} is not a hex colour", quote(c)),
                "write # and 3 or 6 hex digits, such as \"#0b5cab\"",
            )),
            None => out.push(wrong_type(
                &p,
                "a theme colour",
                "a string such as \"#0b5cab\"",
                v,
            )),
        }
    }
}

fn theme(value: &Value, path: &str, out: &mut Vec<Diagnostic>) {
    match value.as_object() {
        Some(m) => colours(m, path, &["primary", "text", "notification"], out),
        None => out.push(wrong_type(path, "theme", "a table {primary, text}", value)),
    }
}

fn sso(value: &Value, path: &str, out: &mut Vec<Diagnostic>) {
    let Some(m) = value.as_object() else {
        out.push(wrong_type(
            path,
            "sso",
            "a table {provider, orgName}",
            value,
        ));
        return;
    };
    for key in ["provider", "orgName"] {
        let p = pointer::push(path, key);
        match m.get(key) {
            None => out.push(Diagnostic::new(
                Code::SchemaMissingKey,
                p,
                format!("sso has no `{key}`"),
                "sso needs both provider and orgName",
            )),
            Some(v) if !v.is_string() => out.push(wrong_type(&p, key, "a string", v)),
            Some(_) => {}
        }
    }
    // `sso: { provider: "", orgName: "" }` is how Genesys' AcmeCRM sample leaves SSO off.
    if let Some(p) = m.get("provider").and_then(Value::as_str)
        && !p.is_empty()
        && !SSO_PROVIDERS.contains(&p)
    {
        let hint = did_you_mean(p, SSO_PROVIDERS.iter(), || {
            format!("providers seen: {}", SSO_PROVIDERS.join(", "))
        });
        out.push(
            Diagnostic::new(
                Code::SettingsInvalidValue,
                pointer::push(path, "provider"),
                format!(
                    "sso provider {} is not one the client is known to support",
                    quote(p)
                ),
                hint,
            )
            .with_severity(Severity::Warning),
        );
    }
}

/// Settings that promise work a hook must do, and the PKCE flag that must match the flow.
fn promises(d: &Deployment, path: &str, out: &mut Vec<Diagnostic>) {
    let sp = d.screen_pop.as_ref();
    if d.setting_bool("enableCallLogs")
        && sp
            .and_then(|s| s.call_log.as_deref())
            .is_none_or(str::is_empty)
    {
        out.push(Diagnostic::new(
            Code::SettingsCallLogsWithoutWriter,
            pointer::push(path, "enableCallLogs"),
            format!("deployment {} enables call logs but nothing writes them", quote(&d.name)),
            "set screen_pop.call_log to a data source that writes call logs, or set enableCallLogs = false",
        ));
    }
    if let Some(targets) = d.settings.get("searchTargets").and_then(Value::as_array)
        && let Some(k) = searches_contacts(targets)
        && sp
            .and_then(|s| s.contact_search.as_deref())
            .is_none_or(str::is_empty)
    {
        out.push(Diagnostic::new(
            Code::SettingsContactsWithoutSearch,
            pointer::index(&pointer::push(path, "searchTargets"), k),
            format!("deployment {} searches frameworkContacts but no data source answers contact searches", quote(&d.name)),
            "set screen_pop.contact_search to a data source, or remove frameworkContacts from searchTargets",
        ));
    }
    if let Some(v) = d.settings.get("usePKCEAuthFlow").and_then(Value::as_bool) {
        let pkce = d.oauth.flow == Flow::Pkce;
        if v != pkce {
            out.push(Diagnostic::new(
                Code::SettingsPkceConflict,
                pointer::push(path, "usePKCEAuthFlow"),
                format!(
                    "usePKCEAuthFlow = {v} contradicts oauth.flow = \"{}\"",
                    if pkce { "pkce" } else { "implicit" }
                ),
                "remove usePKCEAuthFlow from settings: framesmith sets it from oauth.flow",
            ));
        }
    }
}
