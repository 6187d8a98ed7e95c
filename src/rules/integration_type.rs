//! Integration types and their data sources: least-privilege scopes the CRM actually
//! offers, well-declared settings, endpoints that are absolute https templates naming only
//! known placeholders, no hard-coded credentials, JSONPaths that parse, lookups that page,
//! and output names that stay distinct once flattened.

use super::Ctx;
use crate::base::pointer;
use crate::base::suggest::did_you_mean;
use crate::datasource::{CALL_LOG_INPUTS, RUNTIME_INPUTS, template};
use crate::diagnostic::{Code, Diagnostic, quote};
use crate::jsonpath::Query;
use crate::workspace::{DataSource, IntegrationType};
use serde_json::Value;

/// Whether a scope grants more than a lookup or a call-log write needs.
fn too_broad(scope: &str) -> bool {
    let s = scope.to_ascii_lowercase();
    s.contains('*') || s.contains("admin") || matches!(s.as_str(), "all" | "full" | "root")
}

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (t_index, t) in ctx.ws.integration_types.iter().enumerate() {
        let tp = pointer::index("/integration_type", t_index);
        scopes(t, &tp, out);
        settings(t, &tp, out);
        for (d_index, ds) in t.data_sources.iter().enumerate() {
            let dp = pointer::index(&pointer::push(&tp, "dataSources"), d_index);
            data_source(t, ds, &dp, out);
        }
    }
}

fn scopes(t: &IntegrationType, tp: &str, out: &mut Vec<Diagnostic>) {
    for (i, scope) in t.required_scopes.iter().enumerate() {
        let p = pointer::index(&pointer::push(tp, "requiredScopes"), i);
        if too_broad(scope) {
            out.push(Diagnostic::new(
                Code::IntegrationScopeTooBroad,
                p.clone(),
                format!("scope {} grants more than a CRM lookup needs", quote(scope)),
                "ask for the narrowest scopes the data sources use, such as read access to contacts",
            ));
        }
        if let Some(offered) = &t.available_scopes
            && !offered.contains(scope)
        {
            let hint = did_you_mean(scope, offered.iter().map(String::as_str), || {
                format!("the CRM offers {}; ask only for those", offered.join(", "))
            });
            out.push(Diagnostic::new(
                Code::IntegrationScopeNotOffered,
                p,
                format!(
                    "scope {} is not among the scopes the CRM offers, so it would answer invalid_scope",
                    quote(scope)
                ),
                hint,
            ));
        }
    }
}

/// Whether a default value has the setting's type.
fn default_fits(kind: &str, v: &Value, options: Option<&Vec<String>>) -> bool {
    match (kind, v) {
        ("string", Value::String(_))
        | ("boolean", Value::Bool(_))
        | ("number", Value::Number(_)) => true,
        ("url", Value::String(s)) => s.starts_with("https://"),
        ("enum", Value::String(s)) => options.is_some_and(|o| o.contains(s)),
        _ => false,
    }
}

fn settings(t: &IntegrationType, tp: &str, out: &mut Vec<Diagnostic>) {
    let Some(ui) = &t.ui_definition else { return };
    let base = pointer::push(&pointer::push(tp, "uiDefinition"), "settings");
    for (i, s) in ui.settings.iter().enumerate() {
        let p = pointer::index(&base, i);
        if ui.settings[..i].iter().any(|x| x.name == s.name) {
            out.push(Diagnostic::new(
                Code::IntegrationSettingDuplicate,
                pointer::push(&p, "name"),
                format!("setting {} is declared twice", quote(&s.name)),
                "keep one declaration per setting name",
            ));
        }
        let kind = s.kind.as_deref().unwrap_or("string");
        if kind == "enum" && s.options.as_ref().is_none_or(Vec::is_empty) {
            out.push(Diagnostic::new(
                Code::IntegrationSettingDefault,
                pointer::push(&p, "options"),
                format!("enum setting {} lists no options", quote(&s.name)),
                "add options = [\"...\"] with the values an admin may choose",
            ));
        }
        if let Some(d) = &s.default_value
            && !default_fits(kind, d, s.options.as_ref())
        {
            out.push(Diagnostic::new(
                Code::IntegrationSettingDefault,
                pointer::push(&p, "defaultValue"),
                format!(
                    "the default {d} of setting {} is not a {kind}",
                    quote(&s.name)
                ),
                match kind {
                    "url" => "give an https URL".to_string(),
                    "enum" => "give one of the setting's options".to_string(),
                    _ => format!("give a {kind}, or remove defaultValue"),
                },
            ));
        }
    }
}

fn setting_kind<'t>(t: &'t IntegrationType, name: &str) -> Option<&'t str> {
    t.ui_definition
        .as_ref()?
        .settings
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.kind.as_deref().unwrap_or("string"))
}

/// Whether a data source writes (a call log) rather than reads.
pub fn writes(ds: &DataSource) -> bool {
    !matches!(ds.method.as_deref().unwrap_or("GET"), "GET")
}

/// Whether a name is a runtime input for this data source.
pub fn is_runtime_input(ds: &DataSource, name: &str) -> bool {
    RUNTIME_INPUTS.contains(&name)
        || name
            .strip_prefix("attributes.")
            .is_some_and(|a| !a.is_empty())
        || (writes(ds) && CALL_LOG_INPUTS.contains(&name))
}

fn placeholders(
    t: &IntegrationType,
    ds: &DataSource,
    field: &str,
    text: &str,
    p: &str,
    out: &mut Vec<Diagnostic>,
) {
    for (name, _) in template::placeholders(text) {
        if setting_kind(t, &name).is_some() || is_runtime_input(ds, &name) {
            continue;
        }
        let mut known: Vec<&str> = RUNTIME_INPUTS.to_vec();
        if writes(ds) {
            known.extend(CALL_LOG_INPUTS);
        }
        if let Some(ui) = &t.ui_definition {
            known.extend(ui.settings.iter().map(|s| s.name.as_str()));
        }
        let hint = did_you_mean(&name, known.iter().copied(), || {
            format!(
                "declare {} in uiDefinition.settings, or use a runtime input ({})",
                quote(&name),
                RUNTIME_INPUTS.join(", ")
            )
        });
        out.push(Diagnostic::new(
            Code::DataSourcePlaceholder,
            p.to_string(),
            format!("{field} uses {{{name}}}, which is neither a setting nor a runtime input"),
            hint,
        ));
    }
}

fn jsonpath(field: &str, text: &str, p: String, out: &mut Vec<Diagnostic>) -> Option<Query> {
    match Query::parse(text) {
        Ok(q) => Some(q),
        Err(e) => {
            out.push(Diagnostic::new(
                Code::DataSourceJsonpath,
                p,
                format!("{field} {} does not parse: {}", quote(text), e),
                "write an RFC 9535 JSONPath such as $.items[*] or $.id",
            ));
            None
        }
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn data_source(t: &IntegrationType, ds: &DataSource, dp: &str, out: &mut Vec<Diagnostic>) {
    let endpoint_p = pointer::push(dp, "restEndpoint");
    match ds.rest_endpoint.as_deref() {
        None | Some("") => out.push(Diagnostic::new(
            Code::DataSourceEndpoint,
            dp.to_string(),
            format!("data source {} has no restEndpoint", quote(&ds.name)),
            "set restEndpoint, such as \"{crmBaseEndpoint}/api/v1/contacts?phone={phone}\"",
        )),
        Some(e) => {
            let base_is_url = template::placeholders(e)
                .first()
                .is_some_and(|(n, at)| *at == 0 && setting_kind(t, n) == Some("url"));
            if !base_is_url && !e.starts_with("https://") {
                let (message, hint) = if e.starts_with("http://") {
                    (
                        "is plain http",
                        "use https: the request carries the CRM token".to_string(),
                    )
                } else {
                    (
                        "is relative",
                        "start it with https:// or with a url-type setting, such as {crmBaseEndpoint}/..."
                            .to_string(),
                    )
                };
                out.push(Diagnostic::new(
                    Code::DataSourceEndpoint,
                    endpoint_p.clone(),
                    format!("restEndpoint {} {message}", quote(e)),
                    hint,
                ));
            }
            placeholders(t, ds, "restEndpoint", e, &endpoint_p, out);
        }
    }
    for (k, v) in &ds.request_headers {
        let hp = pointer::push(&pointer::push(dp, "requestHeaders"), k);
        if k.eq_ignore_ascii_case("authorization") {
            out.push(Diagnostic::new(
                Code::DataSourceAuthorizationHeader,
                hp.clone(),
                format!("data source {} hard-codes an Authorization header", quote(&ds.name)),
                "remove it: the token comes from the integration's OAuth credentials (authenticationType)",
            ));
        }
        if let Some(text) = v.as_str() {
            placeholders(t, ds, &format!("header {k}"), text, &hp, out);
        }
    }
    if let Some(body) = &ds.body {
        placeholders(t, ds, "body", body, &pointer::push(dp, "body"), out);
    }
    let records = ds
        .records
        .as_deref()
        .and_then(|r| jsonpath("records", r, pointer::push(dp, "records"), out).map(|q| (r, q)));
    if let Some((text, q)) = &records
        && !q.is_singular()
        && ds.pagination.is_none()
    {
        out.push(Diagnostic::new(
            Code::DataSourceNoPagination,
            pointer::push(dp, "records"),
            format!("records {} can select many records, but the data source has no pagination", quote(text)),
            "add pagination = { next = \"$.next\" } (or page/size, or cursor) so later pages are read",
        ));
    }
    if let Some(pg) = &ds.pagination {
        for key in ["next", "cursor"] {
            if let Some(text) = pg.get(key).and_then(Value::as_str) {
                let p = pointer::push(&pointer::push(dp, "pagination"), key);
                jsonpath(&format!("pagination.{key}"), text, p, out);
            }
        }
    }
    let mp = pointer::push(dp, "responseMapping");
    let outputs: Vec<&String> = ds.response_mapping.keys().collect();
    for (output, v) in &ds.response_mapping {
        let p = pointer::push(&mp, output);
        if !is_identifier(output) {
            out.push(Diagnostic::new(
                Code::DataSourceOutputName,
                p.clone(),
                format!("output name {} is not an identifier", quote(output)),
                "use letters, digits and _ (starting with a letter), such as accountId",
            ));
        }
        if let Some(other) = outputs.iter().find(|o| {
            **o != output
                && (o.eq_ignore_ascii_case(output) || output.starts_with(&format!("{o}.")))
        }) {
            out.push(Diagnostic::new(
                Code::DataSourceOutputCollision,
                p.clone(),
                format!(
                    "output {} collides with output {}",
                    quote(output),
                    quote(other)
                ),
                "give every output a distinct name",
            ));
        }
        if let Some(text) = v.as_str() {
            jsonpath(&format!("responseMapping.{output}"), text, p, out);
        }
    }
    let limits = [
        ("timeoutSeconds", ds.timeout_seconds, 1, 60),
        ("maxResponseBytes", ds.max_response_bytes, 1, i64::MAX),
        ("maxPages", ds.max_pages, 1, crate::datasource::MAX_PAGES),
    ];
    for (key, v, lo, hi) in limits {
        if let Some(n) = v
            && !(lo..=hi).contains(&n)
        {
            out.push(Diagnostic::new(
                Code::DataSourceLimits,
                pointer::push(dp, key),
                format!("{key} = {n} is out of range"),
                if key == "timeoutSeconds" {
                    "use 1 to 60 seconds (default 10)".to_string()
                } else if key == "maxPages" {
                    format!(
                        "use 1 to {} pages (default {}): a lookup never fetches more",
                        crate::datasource::MAX_PAGES,
                        crate::datasource::DEFAULT_MAX_PAGES
                    )
                } else {
                    format!("use a number of at least 1, or leave {key} out for the default")
                },
            ));
        }
    }
    // Past a sane number each page is another round trip the agent waits for.
    if let Some(n) = ds.max_pages
        && (crate::datasource::SANE_PAGES + 1..=crate::datasource::MAX_PAGES).contains(&n)
    {
        out.push(
            Diagnostic::new(
                Code::DataSourceLimits,
                pointer::push(dp, "maxPages"),
                format!(
                    "maxPages = {n}: a lookup may wait for {n} pages before the pop"
                ),
                format!(
                    "a search by phone number finds a handful of records; use at most {} (default {})",
                    crate::datasource::SANE_PAGES,
                    crate::datasource::DEFAULT_MAX_PAGES
                ),
            )
            .with_severity(crate::diagnostic::Severity::Warning),
        );
    }
}
