//! Screen-pop wiring: the integration instance and data sources a deployment names must
//! exist, the search attribute must be one the client passes, the country must be real.

use super::Ctx;
use crate::base::pointer;
use crate::base::suggest::did_you_mean;
use crate::catalogue;
use crate::diagnostic::{Code, Diagnostic, quote};
use crate::rules::client_id::is_uuid;
use crate::screenpop::phone;
use crate::workspace::{Integration, ScreenPop};

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, d, path) in ctx.deployments() {
        let Some(sp) = &d.screen_pop else { continue };
        let p = pointer::push(&path, "screen_pop");
        if let Some(attr) = &sp.search_attribute
            && !d.custom_interaction_attributes.contains(attr)
        {
            out.push(Diagnostic::new(
                Code::ScreenPopAttributeNotRequested,
                pointer::push(&p, "search_attribute"),
                format!("search attribute {} is not in custom_interaction_attributes, so its value never reaches framework.js", quote(attr)),
                format!("add {} to custom_interaction_attributes", quote(attr)),
            ));
        }
        country(sp.default_country.as_ref(), &p, out);
        formats(
            sp.alternative_formats.as_ref(),
            sp.default_country.as_ref(),
            &p,
            out,
        );
        action_id(sp, &p, out);
        if sp.integration.is_empty() {
            continue;
        }
        if sp.uses_route("direct") {
            let inst = ctx
                .ws
                .integrations
                .iter()
                .enumerate()
                .find(|(_, i)| i.name == sp.integration);
            direct(sp, d.crm_origin.as_deref(), inst, &p, out);
        }
        let Some(inst) = ctx.ws.integration(&sp.integration) else {
            let names = ctx.ws.integrations.iter().map(|i| i.name.as_str());
            let hint = did_you_mean(&sp.integration, names, || {
                "name an [[integration]] defined in the workspace".into()
            });
            out.push(Diagnostic::new(
                Code::ScreenPopUnknownIntegration,
                pointer::push(&p, "integration"),
                format!("integration {} is not defined", quote(&sp.integration)),
                hint,
            ));
            continue;
        };
        // An instance of an unknown type is reported on the instance itself.
        let Some(ty) = ctx.ws.integration_type(&inst.kind) else {
            continue;
        };
        let sources = [
            ("data_source", Some(&sp.data_source)),
            ("contact_search", sp.contact_search.as_ref()),
            ("call_log", sp.call_log.as_ref()),
            ("call_log_update", sp.call_log_update.as_ref()),
            ("create", sp.create.as_ref()),
        ];
        for (key, name) in sources {
            let Some(name) = name.filter(|n| !n.is_empty()) else {
                continue;
            };
            if ty.data_sources.iter().any(|s| &s.name == name) {
                continue;
            }
            let hint = did_you_mean(
                name,
                ty.data_sources.iter().map(|s| s.name.as_str()),
                || {
                    let all: Vec<&str> = ty.data_sources.iter().map(|s| s.name.as_str()).collect();
                    let list = if all.is_empty() {
                        "no data sources".to_string()
                    } else {
                        all.join(", ")
                    };
                    format!("{} defines: {list}", ty.name)
                },
            );
            out.push(Diagnostic::new(
                Code::ScreenPopUnknownDataSource,
                pointer::push(&p, key),
                format!(
                    "data source {} is not defined by integration type {}",
                    quote(name),
                    quote(&ty.name)
                ),
                hint,
            ));
        }
        call_log_update(sp, ty, &p, out);
        create(sp, ty, &p, out);
        let templates = [
            ("on_single", &sp.on_single),
            ("on_multiple", &sp.on_multiple),
            ("on_none", &sp.on_none),
        ];
        pop_urls(
            sp,
            d.crm_origin.as_deref(),
            (inst, ty),
            &sp.data_source,
            templates,
            &p,
            out,
        );
    }
}

/// The pop URL templates `templates` (keys under `p`) of a lookup through data source
/// `lookup`: every placeholder provided, and only pages of the CRM.
pub(super) fn pop_urls(
    sp: &ScreenPop,
    crm_origin: Option<&str>,
    (inst, ty): (&Integration, &crate::workspace::IntegrationType),
    lookup: &str,
    templates: [(&str, &Option<String>); 3],
    p: &str,
    out: &mut Vec<Diagnostic>,
) {
    urls(lookup, templates, inst, ty, p, out);
    // A pop opens the URL in the agent's CRM window: only http(s) pages at the CRM's
    // address (the runtime refuses the rest too, as the pop's cause).
    let pop = crate::screenpop::pop::Context {
        screen_pop: sp.voice(),
        integration_type: Some(ty),
        instance: Some(inst),
        crm_origin,
    };
    for (key, template) in templates {
        if let Some(template) = template
            && let Some(why) = url_refusal(&pop, ty, inst, template)
        {
            out.push(Diagnostic::new(
                Code::ScreenPopUrl,
                pointer::push(p, key),
                why,
                "open a page of the CRM: start the template with the instance's URL setting ({crmBaseEndpoint}) or with crm_origin",
            ));
        }
    }
}

/// `default_country` (under `p`), a real ISO 3166-1 alpha-2 code.
pub(super) fn country(c: Option<&String>, p: &str, out: &mut Vec<Diagnostic>) {
    let Some(c) = c.filter(|c| catalogue::calling_code(c).is_none()) else {
        return;
    };
    let hint = if catalogue::calling_code(&c.to_ascii_uppercase()).is_some() {
        format!("write {}", quote(&c.to_ascii_uppercase()))
    } else {
        "use an ISO 3166-1 alpha-2 code such as \"IE\", \"GB\" or \"US\"".into()
    };
    out.push(Diagnostic::new(
        Code::ScreenPopCountry,
        pointer::push(p, "default_country"),
        format!("{} is not an ISO 3166-1 alpha-2 country code", quote(c)),
        hint,
    ));
}

/// Why a pop URL template would be refused at run time, if it would: the template expanded
/// with the instance's settings and a plain word for every other value, held to
/// `pop::Context::allowed` (the runtime's own check), and said of the template as written.
/// Names nothing provides are the placeholder rule's to report: every name gets a value here.
fn url_refusal(
    pop: &crate::screenpop::pop::Context<'_>,
    ty: &crate::workspace::IntegrationType,
    inst: &crate::workspace::Integration,
    template: &str,
) -> Option<String> {
    use crate::datasource::template::{self, Part, Var};
    let lookup = |name: &str| {
        crate::datasource::setting(ty, Some(inst), name).or(Some(Var {
            value: "x".into(),
            is_url: false,
        }))
    };
    let text = template::expand(template, Part::Url, &lookup, &Vec::new).ok()?;
    let why = pop.allowed(&text).err()?;
    Some(
        why.replace(&quote(&text), &quote(template))
            .replace(": it was not opened", ""),
    )
}

/// The screen-pop URL templates may use the instance's properties, the lookup's mapped
/// outputs (and their flattened parts) and the runtime inputs; nothing else.
fn urls(
    lookup_name: &str,
    templates: [(&str, &Option<String>); 3],
    inst: &crate::workspace::Integration,
    ty: &crate::workspace::IntegrationType,
    p: &str,
    out: &mut Vec<Diagnostic>,
) {
    let lookup = ty.data_sources.iter().find(|s| s.name == lookup_name);
    let settings: Vec<&str> = ty
        .ui_definition
        .iter()
        .flat_map(|u| u.settings.iter())
        .filter(|s| inst.properties.contains_key(&s.name) || s.default_value.is_some())
        .map(|s| s.name.as_str())
        .collect();
    let outputs: Vec<&str> = lookup
        .map(|l| l.response_mapping.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let provided = |name: &str| {
        inst.properties.contains_key(name)
            || settings.contains(&name)
            || outputs
                .iter()
                .any(|o| name == *o || name.starts_with(&format!("{o}.")))
            || crate::datasource::RUNTIME_INPUTS.contains(&name)
            || name
                .strip_prefix("attributes.")
                .is_some_and(|a| !a.is_empty())
    };
    for (key, template) in templates {
        let Some(template) = template else { continue };
        for (name, _) in crate::datasource::template::placeholders(template) {
            if provided(&name) {
                continue;
            }
            let known = inst
                .properties
                .keys()
                .map(String::as_str)
                .chain(outputs.iter().copied())
                .chain(crate::datasource::RUNTIME_INPUTS.iter().copied());
            let hint = did_you_mean(&name, known, || {
                format!(
                    "use an instance property, an output of {} or a runtime input ({})",
                    lookup_name,
                    crate::datasource::RUNTIME_INPUTS.join(", ")
                )
            });
            out.push(Diagnostic::new(
                Code::ScreenPopPlaceholder,
                pointer::push(p, key),
                format!("{key} uses {{{name}}}, which nothing provides"),
                hint,
            ));
        }
    }
}

/// `alternative_formats` (under `p`): known formats, national ones with a country.
pub(super) fn formats(
    list: Option<&Vec<String>>,
    country: Option<&String>,
    p: &str,
    out: &mut Vec<Diagnostic>,
) {
    let path = pointer::push(p, "alternative_formats");
    for (i, name) in list.into_iter().flatten().enumerate() {
        let at = pointer::index(&path, i);
        match phone::Format::parse(name) {
            None => out.push(Diagnostic::new(
                Code::ScreenPopAlternativeFormat,
                at,
                format!("{} is not a number format", quote(name)),
                did_you_mean(name, phone::Format::NAMES.iter().copied(), || {
                    format!("use one of: {}", phone::Format::NAMES.join(", "))
                }),
            )),
            Some(phone::Format::National | phone::Format::NationalDigits) if country.is_none() => {
                out.push(Diagnostic::new(
                    Code::ScreenPopAlternativeFormat,
                    at,
                    format!("{} needs a country to be national in", quote(name)),
                    "set default_country, such as \"IE\"",
                ))
            }
            Some(_) => {}
        }
    }
}

/// The direct route signs the agent in to the CRM (Authorization Code + PKCE, a public
/// client) and fetches with CORS: the instance must name its endpoints and client id, and
/// the sign-in must come back to a page at the CRM origin, whose framesmith-host.js hands
/// the code to framework.js.
fn direct(
    sp: &ScreenPop,
    crm_origin: Option<&str>,
    inst: Option<(usize, &Integration)>,
    p: &str,
    out: &mut Vec<Diagnostic>,
) {
    let https = |v: &str| crate::base::url::split(v).is_some_and(|u| u.scheme == "https");
    if let Some((j, inst)) = inst {
        let props = pointer::push(&pointer::index("/integration", j), "properties");
        for key in ["authorizationEndpoint", "tokenEndpoint", "clientId"] {
            let value = inst.properties.get(key).and_then(|v| v.as_str());
            let wrong = match value {
                None | Some("") => Some(format!("integration {} has no {key}", quote(&inst.name))),
                Some(v) if key != "clientId" && !https(v) => {
                    Some(format!("{key} {} is not an https URL", quote(v)))
                }
                _ => None,
            };
            if let Some(message) = wrong {
                out.push(Diagnostic::new(
                    Code::ScreenPopDirectRoute,
                    pointer::push(&props, key),
                    format!("the direct route signs agents in to the CRM, and {message}"),
                    format!("set {key} in the properties of integration {} (the CRM's OAuth public client, Authorization Code + PKCE), or use route = \"host\"", quote(&inst.name)),
                ));
            }
        }
    }
    let path = pointer::push(p, "redirect_uri");
    let origin = crm_origin.unwrap_or("");
    match sp.redirect_uri.as_deref() {
        None => out.push(Diagnostic::new(
            Code::ScreenPopDirectRoute,
            // At the shared route when voice takes it, else at the key to add.
            pointer::push(p, if sp.route.as_deref() == Some("direct") { "route" } else { "redirect_uri" }),
            "the direct route signs agents in to the CRM, and no redirect_uri says where the sign-in comes back",
            format!("set redirect_uri to a page at {origin} that calls completeSignIn() from framesmith-host.js, such as \"{origin}/framesmith-signin.html\", and register it with the CRM's OAuth client"),
        )),
        Some(uri) => {
            let at = crate::base::url::split(uri).filter(|u| u.scheme == "https").map(|u| u.origin());
            if at.as_deref() != Some(origin) {
                out.push(Diagnostic::new(
                    Code::ScreenPopDirectRoute,
                    path,
                    format!("redirect_uri {} is not an https page at crm_origin {}", quote(uri), quote(origin)),
                    format!("the page that hands the sign-in back must be at {origin}, the origin framework.js trusts, such as \"{origin}/framesmith-signin.html\""),
                ));
            }
        }
    }
}

fn action_id(sp: &ScreenPop, p: &str, out: &mut Vec<Diagnostic>) {
    let path = pointer::push(p, "action_id");
    match (sp.route.as_deref(), &sp.action_id) {
        (Some("proxy"), None) => out.push(Diagnostic::new(
            Code::ScreenPopActionId,
            pointer::push(p, "route"),
            "the proxy route executes a Genesys data action, and no action_id names it",
            "run `framesmith export --format data-actions`, create the action in Genesys, and set action_id to its id",
        )),
        (_, Some(id)) if !is_uuid(id) => out.push(Diagnostic::new(
            Code::ScreenPopActionId,
            path,
            format!("action_id {} is not a data action id (a UUID)", quote(id)),
            "copy the id from Admin > Integrations > Actions, such as \"3f1c2a4e-8b7d-4e21-9a6c-0d5e7f8a9b10\"",
        )),
        _ => {}
    }
}

/// The call log's life (issue 27): created once through `call_log`, then updated through
/// `call_log_update` by the CRM's id. Without one, later edits, the disconnect and the
/// wrap-up are never written (said once, here); one that reads (GET) writes nothing.
fn call_log_update(
    sp: &ScreenPop,
    ty: &crate::workspace::IntegrationType,
    p: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(create) = sp.call_log.as_deref().filter(|n| !n.is_empty()) else {
        return;
    };
    let Some(name) = sp.call_log_update.as_deref() else {
        out.push(Diagnostic::new(
            Code::ScreenPopCallLogUpdate,
            pointer::push(p, "call_log"),
            format!("call logs are created through {} and never updated: the agent's later edits, the disconnect and the wrap-up are not written", quote(create)),
            "name a data source that updates the log by its id, such as PATCH {crmBaseEndpoint}/api/v1/activities/{callLog.id}, in screen_pop.call_log_update",
        ));
        return;
    };
    let Some(ds) = ty.data_sources.iter().find(|d| d.name == name) else {
        return; // named unknown above
    };
    if !crate::rules::integration_type::writes(ds) {
        out.push(
            Diagnostic::new(
                Code::ScreenPopCallLogUpdate,
                pointer::push(p, "call_log_update"),
                format!(
                    "data source {} updates the call log, and its method is GET: it writes nothing",
                    quote(name)
                ),
                "set its method to PATCH or PUT, as the CRM updates a record",
            )
            .with_severity(crate::Severity::Error),
        );
    }
}

/// `create` (issue 27): the record made when a lookup finds none, which the pop then opens
/// through `on_single`. It must write (POST or PUT), run where the lookup runs (the proxy
/// route executes the lookup's data action and nothing else), and give what `on_single`
/// names of a record, or the created record opens no page.
fn create(
    sp: &ScreenPop,
    ty: &crate::workspace::IntegrationType,
    p: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(name) = sp.create.as_deref().filter(|n| !n.is_empty()) else {
        return;
    };
    let Some(ds) = ty.data_sources.iter().find(|d| d.name == name) else {
        return; // named unknown above
    };
    let at = pointer::push(p, "create");
    let method = ds.method.as_deref().unwrap_or("GET");
    if !method.eq_ignore_ascii_case("POST") && !method.eq_ignore_ascii_case("PUT") {
        out.push(
            Diagnostic::new(
                Code::ScreenPopCreate,
                at.clone(),
                format!(
                    "data source {} creates the record, and its method is {method}: a record is created with POST or PUT",
                    quote(name)
                ),
                "set its method to POST (or PUT, where the CRM creates at a known address), or remove screen_pop.create",
            )
            .with_severity(crate::Severity::Error),
        );
    }
    if sp.uses_route("proxy") {
        out.push(
            Diagnostic::new(
                Code::ScreenPopCreate,
                at.clone(),
                format!(
                    "the proxy route executes only the lookup's data action, so {} never runs",
                    quote(name)
                ),
                "take the host or direct route, or remove screen_pop.create",
            )
            .with_severity(crate::Severity::Error),
        );
    }
    let Some(on_single) = sp.on_single.as_deref() else {
        return;
    };
    // What the lookup's record gives and the created one does not: its mapped outputs are
    // the created record's only fields.
    let lookup = ty.data_sources.iter().find(|d| d.name == sp.data_source);
    for (field, _) in crate::datasource::template::placeholders(on_single) {
        let root = field.split('.').next().unwrap_or(&field);
        let from_lookup = lookup.is_some_and(|l| l.response_mapping.contains_key(root));
        if from_lookup && !ds.response_mapping.contains_key(root) {
            out.push(Diagnostic::new(
                Code::ScreenPopCreate,
                at.clone(),
                format!(
                    "on_single opens a record with {{{field}}}, and {} maps no {} from the created record: its pop would open no page",
                    quote(name),
                    quote(root)
                ),
                format!("add {root} to its responseMapping, such as {root} = \"$.id\""),
            ));
        }
    }
}
