//! The CRM origin: the one place framework.js posts messages to and accepts them from. It
//! must be an exact https origin, written exactly as browsers report `event.origin`.

use super::Ctx;
use crate::base::pointer;
use crate::base::url;
use crate::diagnostic::{Code, Diagnostic, quote};

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, d, path) in ctx.deployments() {
        // The applications that frame the CRM page are origins too, written as browsers
        // write them: doctor compares them with the page's frame-ancestors.
        for (i, app) in d.embedded_in.iter().flatten().enumerate() {
            let p = pointer::push(&pointer::push(&path, "embedded_in"), &i.to_string());
            if let Some(d) = judge_named("embedded_in entry", app, &p) {
                out.push(d);
            }
        }
        let p = pointer::push(&path, "crm_origin");
        let Some(origin) = d.crm_origin.as_deref().filter(|o| !o.trim().is_empty()) else {
            out.push(Diagnostic::new(
                Code::CrmOriginMissing,
                p,
                format!("deployment {} has no crm_origin", quote(&d.name)),
                "set crm_origin to the https origin of the CRM page that embeds the softphone, e.g. \"https://acme.crm4.dynamics.com\"",
            ));
            continue;
        };
        if let Some(d) = judge(origin, &p) {
            out.push(d);
        }
    }
}

/// The one finding an origin deserves, most fundamental first.
pub fn judge(origin: &str, path: &str) -> Option<Diagnostic> {
    judge_named("crm_origin", origin, path)
}

fn judge_named(label: &str, origin: &str, path: &str) -> Option<Diagnostic> {
    if origin.contains('*') {
        return Some(Diagnostic::new(
            Code::CrmOriginWildcard,
            path,
            format!("{label} {} has a wildcard", quote(origin)),
            if label == "crm_origin" {
                "name the one exact origin of the CRM page; framework.js never posts to a pattern"
            } else {
                "name the one exact origin of the application that frames the CRM page"
            },
        ));
    }
    let Some(u) = url::split(origin) else {
        return Some(Diagnostic::new(
            Code::CrmOriginNotOrigin,
            path,
            format!(
                "{label} {} is not an absolute https URL origin",
                quote(origin)
            ),
            "write it as https://host, e.g. \"https://acme.lightning.force.com\"",
        ));
    };
    if u.scheme != "https" {
        let fixed = format!("https://{}", u.host.to_ascii_lowercase());
        return Some(Diagnostic::new(
            Code::CrmOriginNotHttps,
            path,
            format!("{label} {} is not https", quote(origin)),
            if label == "crm_origin" {
                format!("serve the CRM page over https and write {}", quote(&fixed))
            } else {
                format!(
                    "write {}, the application's origin as browsers report it",
                    quote(&fixed)
                )
            },
        ));
    }
    let host = u.host.to_ascii_lowercase();
    let port = u.port.filter(|p| *p != "443");
    let fixed = match port {
        Some(p) => format!("https://{host}:{p}"),
        None => format!("https://{host}"),
    };
    let problem = if u.userinfo.is_some() {
        Some("carries credentials")
    } else if !u.path.is_empty() || u.query.is_some() || u.fragment.is_some() {
        Some("has a path, query or fragment (an origin has none, not even a trailing slash)")
    } else if u.host != host {
        Some("has capital letters, which browsers never report in event.origin")
    } else if u.port == Some("443") {
        Some("names the default port, which browsers leave out of event.origin")
    } else {
        None
    };
    problem.map(|what| {
        Diagnostic::new(
            Code::CrmOriginNotOrigin,
            path,
            format!("{label} {} {what}", quote(origin)),
            format!("write {}", quote(&fixed)),
        )
    })
}
