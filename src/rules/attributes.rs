//! Custom interaction attributes: Genesys' own linter rejects an empty list, and a name
//! listed twice is a slip.

use crate::standin::strmap::StrMap;

use super::Ctx;
use crate::base::pointer;
use crate::diagnostic::{Code, Diagnostic, quote};

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, d, path) in ctx.deployments() {
        let p = pointer::push(&path, "custom_interaction_attributes");
        if d.custom_interaction_attributes.is_empty() {
            out.push(Diagnostic::new(
                Code::AttributesEmpty,
                p.clone(),
                format!("deployment {} passes no custom interaction attributes", quote(&d.name)),
                "list the participant attributes the CRM needs, for example [\"PT_URLPop\", \"PT_SearchValue\"]",
            ));
        }
        let mut seen = StrMap::new();
        for (k, a) in d.custom_interaction_attributes.iter().enumerate() {
            if seen.insert(a, ()).is_some() {
                out.push(Diagnostic::new(
                    Code::AttributesDuplicate,
                    pointer::index(&p, k),
                    format!("attribute {} is listed twice", quote(a)),
                    "remove the repeat",
                ));
            }
        }
    }
}
