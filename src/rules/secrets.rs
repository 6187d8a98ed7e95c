//! Secrets where only public values belong: one detector for every string of the workspace
//! that reaches an output. Everything a deployment holds ends up in framework.js or its
//! checklist, which agents' browsers download; integration types and instances end up in
//! the data actions and the Terraform an org keeps in git. A client secret, token, password
//! or private key in any of them is a leak, and the exports refuse what is found here.
//! Findings never repeat the secret itself.

use serde_json::Value;

use super::Ctx;
use crate::base::pointer;
use crate::base::secret::{looks_secret, reference, secret_key_name};
use crate::diagnostic::{Code, Diagnostic};

fn finding(path: &str, what: &str, hint: &str) -> Diagnostic {
    Diagnostic::new(
        Code::SecretExposed,
        path,
        format!("this value looks like {what}; it would be public in framework.js"),
        hint,
    )
}

/// Every string of `value` at `path` (a buffer the walk appends to and truncates back:
/// a path is copied only into a finding, most strings have none).
fn scan(value: &Value, path: &mut String, out: &mut Vec<Diagnostic>) {
    match value {
        Value::String(s) => {
            if let Some(what) = looks_secret(s) {
                out.push(finding(
                    path,
                    what,
                    "remove it: secrets belong in a credential vault, never in a deployment",
                ));
            }
        }
        Value::Array(items) => {
            let at = path.len();
            for (i, v) in items.iter().enumerate() {
                pointer::index_into(path, i);
                scan(v, path, out);
                path.truncate(at);
            }
        }
        Value::Object(map) => {
            let at = path.len();
            for (k, v) in map {
                pointer::push_into(path, k);
                if secret_key_name(k) && !matches!(v, Value::Bool(_) | Value::Null) {
                    out.push(Diagnostic::new(
                        Code::SecretExposed,
                        path.as_str(),
                        format!(
                            "key {} names a secret; framework.js is public",
                            crate::diagnostic::quote(k)
                        ),
                        "remove it: a deployment never needs a secret",
                    ));
                } else {
                    scan(v, path, out);
                }
                path.truncate(at);
            }
        }
        _ => {}
    }
}

/// Each string of an integration type's value, in order, given to `text` with whether its
/// key names a secret (see `scan_type`); the path in a buffer as `scan` keeps it.
fn walk_type(
    v: &Value,
    path: &mut String,
    out: &mut Vec<Diagnostic>,
    text: &impl Fn(&Value, &str, bool, &mut Vec<Diagnostic>),
) {
    match v {
        Value::String(_) => text(v, path, false, out),
        Value::Array(items) => {
            let at = path.len();
            for (i, x) in items.iter().enumerate() {
                pointer::index_into(path, i);
                walk_type(x, path, out, text);
                path.truncate(at);
            }
        }
        Value::Object(m) => {
            let headers = path.ends_with("/requestHeaders");
            let named_here = headers || path.ends_with("/mappingDefaults");
            let at = path.len();
            for (k, x) in m {
                // A hard-coded Authorization header has its own finding, whatever it holds.
                if headers && k.eq_ignore_ascii_case("authorization") {
                    continue;
                }
                pointer::push_into(path, k);
                if named_here && secret_key_name(k) && x.is_string() {
                    text(x, path, true, out);
                } else {
                    walk_type(x, path, out, text);
                }
                path.truncate(at);
            }
        }
        _ => {}
    }
}

/// Strings of an integration type, which the data action and Terraform exports write out.
/// Key names count only where the key is a name the CRM reads (headers, defaults, a
/// setting's default): a response mapping's output may well be called `apiKey`.
fn scan_type(
    t: &crate::workspace::IntegrationType,
    cleaned: Option<&Value>,
    path: &str,
    out: &mut Vec<Diagnostic>,
) {
    let hint = "use a placeholder such as {apiKey}, filled from the instance's credentials, and keep the secret in a vault";
    let text = |v: &Value, p: &str, named: bool, out: &mut Vec<Diagnostic>| {
        let Some(s) = v.as_str() else { return };
        let what = looks_secret(s).or((named && !reference(s) && s.trim().len() >= 4)
            .then_some("a value its name says is a secret"));
        if let Some(what) = what {
            out.push(Diagnostic::new(
                Code::SecretExposed,
                p,
                format!("this value looks like {what}; it would be written into the exported data actions and Terraform"),
                hint,
            ));
        }
    };
    // Every string, by its value.
    let mut at = String::from(path);
    match cleaned {
        Some(v) => walk_type(v, &mut at, out, &text),
        None => walk_type(
            &crate::workspace::value::integration_type(t),
            &mut at,
            out,
            &text,
        ),
    }
    let settings_path = pointer::push(&pointer::push(path, "uiDefinition"), "settings");
    let settings = t
        .ui_definition
        .as_ref()
        .map_or(&[][..], |u| &u.settings[..]);
    for (i, st) in settings.iter().enumerate() {
        if secret_key_name(&st.name)
            && let Some(d) = &st.default_value
            && looks_secret(d.as_str().unwrap_or_default()).is_none()
        {
            text(
                d,
                &pointer::push(&pointer::index(&settings_path, i), "defaultValue"),
                true,
                out,
            );
        }
    }
}

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    deployments(ctx, out);
    types(ctx, out);
}

pub fn deployments(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, d, path) in ctx.deployments() {
        // Everything the deployment holds is public: scan it whole, as the page or file has
        // it (the cleaned value it was read from, or the model written back).
        let mut path = path;
        match ctx.cleaned("deployment", i) {
            Some(v) => scan(v, &mut path, out),
            None => scan(&crate::workspace::value::deployment(d), &mut path, out),
        }
    }
}

pub fn types(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, t) in ctx.ws.integration_types.iter().enumerate() {
        scan_type(
            t,
            ctx.cleaned("integration_type", i),
            &pointer::index("/integration_type", i),
            out,
        );
    }
}
