//! The org's deployments as a set: at most five private ones, distinct names (and output
//! folders), and a note when a deployment reaches every user.

use crate::standin::strmap::StrMap;

use super::Ctx;
use crate::base::pointer;
use crate::diagnostic::{Code, Diagnostic, quote};
use crate::workspace::Kind;
use crate::workspace::slug::slug;

pub use crate::catalogue::limits::MAX_PRIVATE;

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut private = 0;
    let mut names: StrMap<&str> = StrMap::new();
    let mut slugs: StrMap<&str> = StrMap::new();
    for (_, d, path) in ctx.deployments() {
        if d.kind == Kind::Private {
            private += 1;
            if private > MAX_PRIVATE {
                out.push(Diagnostic::new(
                    Code::DeploymentPrivateLimit,
                    pointer::push(&path, "kind"),
                    format!("deployment {} would be private deployment number {private}; an org may have at most {MAX_PRIVATE}", quote(&d.name)),
                    "make it public, or remove or merge another private deployment (public deployments do not count)",
                ));
            }
        }
        let name_path = pointer::push(&path, "name");
        if d.name.trim().is_empty() {
            out.push(Diagnostic::new(
                Code::SchemaMissingKey,
                name_path,
                "the deployment's name is empty",
                "give the deployment a name; it becomes config.name",
            ));
            continue;
        }
        let key = d.name.trim().to_lowercase();
        if let Some(first) = names.get(&key) {
            out.push(Diagnostic::new(
                Code::DeploymentDuplicateName,
                name_path,
                format!(
                    "deployment name {} is already used by {}",
                    quote(&d.name),
                    quote(first)
                ),
                "give every deployment a distinct name",
            ));
            continue;
        }
        names.insert(key, &d.name);
        let s = slug(&d.name);
        if let Some(first) = slugs.get(&s) {
            out.push(Diagnostic::new(
                Code::DeploymentDuplicateName,
                name_path,
                format!(
                    "deployment {} and {} would both be built into the folder {}",
                    quote(&d.name),
                    quote(first),
                    quote(&s)
                ),
                "change one name by more than punctuation or case",
            ));
        } else {
            slugs.insert(s, &d.name);
        }
    }
    for (_, d, path) in ctx.deployments() {
        if d.groups.is_empty() {
            out.push(Diagnostic::new(
                Code::DeploymentGroupsEmpty,
                pointer::push(&path, "groups"),
                format!(
                    "deployment {} has no groups, so every user in the org gets it",
                    quote(&d.name)
                ),
                "list the groups that should use it, or leave it empty on purpose",
            ));
        }
    }
}
