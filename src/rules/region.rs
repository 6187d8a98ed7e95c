//! Regions: the org's home region and each deployment's must be a Genesys region, given as
//! a code (`eu-west-1`) or a domain (`mypurecloud.ie`).

use super::Ctx;
use crate::base::pointer;
use crate::base::suggest::did_you_mean;
use crate::catalogue::{REGIONS, region};
use crate::diagnostic::{Code, Diagnostic, quote};

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if !ctx.ws.org.region.is_empty() {
        check_one(&ctx.ws.org.region, "/org/region", out);
    }
    for (_, d, path) in ctx.deployments() {
        if let Some(r) = &d.region {
            check_one(r, &pointer::push(&path, "region"), out);
        }
    }
}

fn check_one(value: &str, path: &str, out: &mut Vec<Diagnostic>) {
    if region(value).is_some() {
        return;
    }
    out.push(Diagnostic::new(
        Code::RegionUnknown,
        path,
        format!("{} is not a Genesys Cloud region", quote(value)),
        suggest(value),
    ));
}

/// The fix for an unknown region: a host or URL of a region (`apps.mypurecloud.ie`,
/// `https://login.usw2.pure.cloud`) names its domain; otherwise the nearest code or domain.
pub fn suggest(value: &str) -> String {
    let host = value
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let host = host.split('/').next().unwrap_or(host).to_ascii_lowercase();
    for r in REGIONS {
        if host == r.code || host.ends_with(&format!(".{}", r.domain)) {
            return format!("write \"{}\" (the region code of {})", r.code, r.domain);
        }
    }
    let candidates = REGIONS.iter().flat_map(|r| [r.code, r.domain]);
    did_you_mean(value, candidates, || {
        let codes: Vec<&str> = REGIONS.iter().map(|r| r.code).collect();
        format!("use a region code ({}) or its domain", codes.join(", "))
    })
}
