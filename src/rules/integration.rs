//! Integration instances: each names an integration type defined in the workspace, fills
//! in that type's settings with values of the right types, keeps its client secret in a
//! vault (a credential id, never the secret), redirects to the org's own Genesys region, and
//! is given to some users.

use serde_json::Value;

use super::Ctx;
use crate::base::pointer;
use crate::base::secret::{looks_secret, secret_key_name};
use crate::base::suggest::did_you_mean;
use crate::diagnostic::{Code, Diagnostic, quote};
use crate::workspace::{Integration, IntegrationType};

/// Properties the seed keeps on every OAuth instance besides the type's settings.
const OAUTH_PROPERTIES: &[&str] = &[
    "authorizationEndpoint",
    "tokenEndpoint",
    "clientId",
    "clientSecretCredentialId",
    "redirectUri",
];

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (j, inst) in ctx.ws.integrations.iter().enumerate() {
        let ip = pointer::index("/integration", j);
        if inst.user_groups.is_empty() {
            out.push(Diagnostic::new(
                Code::IntegrationNoUserGroups,
                pointer::push(&ip, "userGroups"),
                format!(
                    "integration {} has no userGroups, so no agent can use it",
                    quote(&inst.name)
                ),
                "add userGroups = [{ id = \"Tier 1 Agents\", role = \"agent\" }]",
            ));
        }
        secrets(inst, &ip, out);
        redirect(ctx, inst, &ip, out);
        if let Some(t) = ctx.ws.integration_type(&inst.kind) {
            properties(t, inst, &ip, out);
        }
        if inst.kind.is_empty() || ctx.ws.integration_type(&inst.kind).is_some() {
            continue;
        }
        let names = ctx.ws.integration_types.iter().map(|t| t.name.as_str());
        let hint = did_you_mean(&inst.kind, names, || {
            "define the type in an [[integration_type]] table, or name one that exists".into()
        });
        out.push(Diagnostic::new(
            Code::IntegrationUnknownType,
            pointer::push(&pointer::index("/integration", j), "type"),
            format!(
                "integration {} uses type {}, which is not defined",
                quote(&inst.name),
                quote(&inst.kind)
            ),
            hint,
        ));
    }
}

fn secrets(inst: &Integration, ip: &str, out: &mut Vec<Diagnostic>) {
    for (k, v) in &inst.properties {
        // The credential id is a vault reference: a name is fine, the secret itself is not.
        let why = if k == "clientSecretCredentialId" {
            v.as_str().and_then(looks_secret)
        } else if secret_key_name(k) {
            Some("its name says it is a secret")
        } else {
            v.as_str().and_then(looks_secret)
        };
        if let Some(why) = why {
            out.push(Diagnostic::new(
                Code::IntegrationPlaintextSecret,
                pointer::push(&pointer::push(ip, "properties"), k),
                format!("property {} of integration {} holds a secret in plain text ({why})", quote(k), quote(&inst.name)),
                "store the secret in a credential vault and set clientSecretCredentialId to its reference",
            ));
        }
    }
}

fn redirect(ctx: &Ctx, inst: &Integration, ip: &str, out: &mut Vec<Diagnostic>) {
    let Some(uri) = inst.properties.get("redirectUri").and_then(Value::as_str) else {
        return;
    };
    let Some(region) = crate::catalogue::region(&ctx.ws.org.region) else {
        return;
    };
    let host_ok = crate::base::url::split(uri).is_some_and(|u| {
        u.scheme == "https"
            && (u.host == region.domain || u.host.ends_with(&format!(".{}", region.domain)))
    });
    if !host_ok {
        out.push(Diagnostic::new(
            Code::IntegrationRedirectUri,
            pointer::push(&pointer::push(ip, "properties"), "redirectUri"),
            format!(
                "redirectUri {} is not an https URL on the org region's Genesys domain ({})",
                quote(uri),
                region.domain
            ),
            format!(
                "use https://api.{}/api/v2/integrations/oauth/callback",
                region.domain
            ),
        ));
    }
}

fn kind_fits(kind: &str, v: &Value, options: Option<&Vec<String>>) -> Result<(), String> {
    match (kind, v) {
        ("string", Value::String(_))
        | ("boolean", Value::Bool(_))
        | ("number", Value::Number(_)) => Ok(()),
        ("url", Value::String(s)) if s.starts_with("https://") => Ok(()),
        ("url", Value::String(_)) => Err("an https URL".into()),
        ("enum", Value::String(s)) if options.is_some_and(|o| o.contains(s)) => Ok(()),
        ("enum", _) => Err(format!(
            "one of {}",
            options.map(|o| o.join(", ")).unwrap_or_default()
        )),
        ("boolean", _) => Err("true or false".into()),
        ("number", _) => Err("a number".into()),
        _ => Err(format!("a {kind}")),
    }
}

fn properties(t: &IntegrationType, inst: &Integration, ip: &str, out: &mut Vec<Diagnostic>) {
    let pp = pointer::push(ip, "properties");
    let settings = t
        .ui_definition
        .as_ref()
        .map(|u| u.settings.as_slice())
        .unwrap_or(&[]);
    for s in settings {
        let kind = s.kind.as_deref().unwrap_or("string");
        match inst.properties.get(&s.name) {
            None if s.required == Some(true) && s.default_value.is_none() => {
                out.push(Diagnostic::new(
                    Code::IntegrationPropertyMissing,
                    pp.clone(),
                    format!(
                        "integration {} does not set {}, which its type requires",
                        quote(&inst.name),
                        quote(&s.name)
                    ),
                    format!("add {} = ... ({kind}) to the instance's properties", s.name),
                ));
            }
            Some(v) => {
                if let Err(want) = kind_fits(kind, v, s.options.as_ref()) {
                    out.push(Diagnostic::new(
                        Code::IntegrationPropertyType,
                        pointer::push(&pp, &s.name),
                        format!(
                            "property {} is {v}, but setting {} is {kind}",
                            quote(&s.name),
                            quote(&s.name)
                        ),
                        format!("give {want}"),
                    ));
                }
            }
            None => {}
        }
    }
    for k in inst.properties.keys() {
        if OAUTH_PROPERTIES.contains(&k.as_str())
            || settings.iter().any(|s| &s.name == k)
            || secret_key_name(k)
        {
            continue;
        }
        let names = settings
            .iter()
            .map(|s| s.name.as_str())
            .chain(OAUTH_PROPERTIES.iter().copied());
        let hint = did_you_mean(k, names, || {
            format!(
                "declare {} in the type's uiDefinition.settings, or remove it",
                quote(k)
            )
        });
        out.push(Diagnostic::new(
            Code::IntegrationPropertyUnknown,
            pointer::push(&pp, k),
            format!(
                "property {} is not a setting of type {}",
                quote(k),
                quote(&t.name)
            ),
            hint,
        ));
    }
}
