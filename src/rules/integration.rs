//! Integration instances: each names an integration type defined in the workspace. (The
//! integration issue adds the rules on types, data sources and properties.)

use super::Ctx;
use crate::catalogue::did_you_mean;
use crate::diagnostic::{Code, Diagnostic, quote};
use crate::pointer;

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (j, inst) in ctx.ws.integrations.iter().enumerate() {
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
