//! Every check framesmith makes on a workspace. Each module holds one family of rules and
//! appends findings; none stops at the first problem, so an admin sees everything at once.

mod attributes;
pub mod client_id;
pub mod deployments;
/// The page's keystroke check. Left out of the runtime modules, which never edit a
/// workspace: even unused it moved their code about (+14 B gzipped, on a plain module 11 B
/// under its budget).
#[cfg(not(feature = "runtime"))]
pub mod incremental;
mod integration;
mod integration_names;
mod integration_type;
mod media;
pub mod oauth;
mod origin;
mod region;
mod screen_pop;
pub mod secrets;
pub(crate) mod settings;

use crate::base::pointer;
use crate::catalogue::Region;
use crate::diagnostic::Diagnostic;
use crate::workspace::{Deployment, Workspace};

/// What every rule sees: the workspace and the regions already resolved.
pub struct Ctx<'a> {
    pub ws: &'a Workspace,
    regions: Vec<Option<&'static Region>>,
    /// The deployments a family that reads them one at a time is run on, from the
    /// `first`: all of them, or one (incremental).
    first: usize,
    each: &'a [Deployment],
    /// The cleaned value the model was read from, where the caller has it.
    cleaned: Option<&'a serde_json::Value>,
}

impl<'a> Ctx<'a> {
    fn new(ws: &'a Workspace) -> Self {
        let regions = ws
            .deployments
            .iter()
            .map(|d| crate::catalogue::region(ws.region_of(d)))
            .collect();
        Ctx {
            ws,
            regions,
            first: 0,
            each: &ws.deployments,
            cleaned: None,
        }
    }

    /// The deployments with their index and JSON pointer.
    pub fn deployments(&self) -> impl Iterator<Item = (usize, &'a Deployment, String)> + use<'a> {
        let first = self.first;
        self.each
            .iter()
            .enumerate()
            .map(move |(k, d)| (first + k, d, pointer::index("/deployment", first + k)))
    }

    /// Entry `i` of the cleaned value's list `key`, where the caller gave the cleaned value:
    /// what the model's entry was read from.
    fn cleaned(&self, key: &str, i: usize) -> Option<&'a serde_json::Value> {
        self.cleaned?.get(key)?.get(i)
    }

    /// The deployment's region, when it resolves.
    pub fn region(&self, i: usize) -> Option<&'static Region> {
        self.regions.get(i).copied().flatten()
    }
}

/// Run every rule on a workspace. Written out rather than a loop over
/// `incremental::FAMILIES`, which the runtime modules leave out; tests/incremental.rs holds
/// the two orders to each other.
pub fn check(ws: &Workspace) -> Vec<Diagnostic> {
    run_all(Ctx::new(ws))
}

/// `check` of a model read from `cleaned` (`Workspace::from_value_cleaned`): the same
/// findings, without writing the model back to JSON for the secret scan.
pub fn check_cleaned(ws: &Workspace, cleaned: &serde_json::Value) -> Vec<Diagnostic> {
    let mut ctx = Ctx::new(ws);
    ctx.cleaned = Some(cleaned);
    run_all(ctx)
}

fn run_all(ctx: Ctx) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    region::check(&ctx, &mut out);
    deployments::check(&ctx, &mut out);
    client_id::check(&ctx, &mut out);
    oauth::check(&ctx, &mut out);
    origin::check(&ctx, &mut out);
    attributes::check(&ctx, &mut out);
    settings::check(&ctx, &mut out);
    screen_pop::check(&ctx, &mut out);
    media::check(&ctx, &mut out);
    integration::check(&ctx, &mut out);
    integration_type::check(&ctx, &mut out);
    integration_names::check(&ctx, &mut out);
    secrets::check(&ctx, &mut out);
    out
}

/// Add to `diagnostics` (the shape check's) the rules' findings it does not already
/// cover: a value the shape check rejected is left out of the model, and rules would
/// otherwise report its absence a second time ("no groups" after "groups is not a list").
pub fn beyond_shape(diagnostics: &mut Vec<Diagnostic>, found: Vec<Diagnostic>) {
    // A set, and each finding's path looked up with its ancestors (a few levels): a list
    // searched per finding cost time with the square of the findings.
    let mut rejected = crate::standin::strmap::StrMap::new();
    for d in diagnostics.iter().filter(|d| d.is_error()) {
        rejected.insert(d.path.as_str(), ());
    }
    let covered = |path: &str| {
        let mut p = path;
        loop {
            if rejected.contains_key(p) {
                return true;
            }
            match pointer::parent(p) {
                Some(up) => p = up,
                None => return false,
            }
        }
    };
    diagnostics.extend(found.into_iter().filter(|d| !covered(&d.path)));
}
