//! Screen-pop wiring: the integration instance and data sources a deployment names must
//! exist, the search attribute must be one the client passes, the country must be real.

use super::Ctx;
use crate::catalogue;
use crate::catalogue::did_you_mean;
use crate::diagnostic::{Code, Diagnostic, quote};
use crate::pointer;

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
                format!("add {attr:?} to custom_interaction_attributes"),
            ));
        }
        if let Some(c) = &sp.default_country
            && catalogue::calling_code(c).is_none()
        {
            let hint = if catalogue::calling_code(&c.to_ascii_uppercase()).is_some() {
                format!("write {:?}", c.to_ascii_uppercase())
            } else {
                "use an ISO 3166-1 alpha-2 code such as \"IE\", \"GB\" or \"US\"".into()
            };
            out.push(Diagnostic::new(
                Code::ScreenPopCountry,
                pointer::push(&p, "default_country"),
                format!("{} is not an ISO 3166-1 alpha-2 country code", quote(c)),
                hint,
            ));
        }
        if sp.integration.is_empty() {
            continue;
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
    }
}
