//! Every check framesmith makes on a workspace. Each module holds one family of rules and
//! appends findings; none stops at the first problem, so an admin sees everything at once.

mod attributes;
pub mod client_id;
pub mod deployments;
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
}

impl<'a> Ctx<'a> {
    fn new(ws: &'a Workspace) -> Self {
        let regions = ws
            .deployments
            .iter()
            .map(|d| crate::catalogue::region(ws.region_of(d)))
            .collect();
        Ctx { ws, regions }
    }

    /// The deployments with their index and JSON pointer.
    pub fn deployments(&self) -> impl Iterator<Item = (usize, &'a Deployment, String)> {
        self.ws
            .deployments
            .iter()
            .enumerate()
            .map(|(i, d)| (i, d, pointer::index("/deployment", i)))
    }

    /// The deployment's region, when it resolves.
    pub fn region(&self, i: usize) -> Option<&'static Region> {
        self.regions.get(i).copied().flatten()
    }
}

/// Run every rule on a workspace.
pub fn check(ws: &Workspace) -> Vec<Diagnostic> {
    let ctx = Ctx::new(ws);
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
