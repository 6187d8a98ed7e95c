//! The policies that govern the softphone's frame: the CSP directives that load it, and the
//! Permissions-Policy that can switch its microphone off whatever the iframe delegates.

use super::{Ctx, Sourced};
use crate::diagnostic::{Code, Severity, quote};
use crate::doctor::{csp, permissions};

/// Whether every enforced policy lets `url` load as `kind`; report-only ones are warned of.
#[allow(clippy::too_many_arguments)]
pub(super) fn policy(
    cx: &mut Ctx<'_>,
    policies: &[Sourced],
    kind: &str,
    url: &str,
    page_origin: &str,
    code: Code,
    what: &str,
    hint: &str,
) {
    for (p, report_only, from, at) in policies {
        let Some((directive, sources)) = p.governing(kind) else {
            continue;
        };
        if csp::allows(sources, url, page_origin) {
            continue;
        }
        let message = if *report_only {
            format!(
                "{what} once {from} is enforced: it does not allow it ({directive} {}), and today only reports",
                sources.join(" ")
            )
        } else {
            format!(
                "{what}: {from} does not allow it ({directive} {})",
                sources.join(" ")
            )
        };
        let d = match at {
            Some(offset) => cx.at(code, *offset, message, hint.into()),
            None => cx.header(code, message, hint.into()),
        };
        if *report_only {
            d.severity = Severity::Warning;
        }
    }
}

/// The page's Permissions-Policy (or legacy Feature-Policy) against the microphone the
/// softphone needs.
pub(super) fn microphone_policy(cx: &mut Ctx<'_>, pp: &[&str], fp: &[&str], apps: &str) {
    let said = pp
        .iter()
        .find_map(|h| {
            permissions::page_allows(h, "microphone", apps).map(|ok| (ok, "Permissions-Policy", *h))
        })
        .or_else(|| {
            // Chromium reads Feature-Policy only where no Permissions-Policy is sent.
            if pp.is_empty() {
                fp.iter().find_map(|h| {
                    permissions::legacy_allows(h, "microphone", apps)
                        .map(|ok| (ok, "Feature-Policy", *h))
                })
            } else {
                None
            }
        });
    if let Some((false, name, value)) = said {
        cx.header(
            Code::DoctorPermissionsPolicy,
            format!("the page's {name} header ({}) switches the microphone off for {apps}: the iframe's allow attribute cannot give back what the page does not have, and calls have no audio from the agent", quote(value)),
            format!("write microphone=(self \"{apps}\") in Permissions-Policy"),
        );
    }
}

/// Whether the applications the workspace says frame the CRM page (`embedded_in`) may, by
/// the page's own `frame-ancestors` and `X-Frame-Options`, decided as the HTML standard's
/// "check a navigation response's adherence to X-Frame-Options" does: an enforced
/// `frame-ancestors` (header only; a `<meta>` one is ignored) overrides X-Frame-Options.
pub(super) fn frame_ancestors(
    cx: &mut Ctx<'_>,
    embedders: &[String],
    policies: &[Sourced],
    xfo: &[&str],
    page_origin: &str,
) {
    let headers: Vec<&Sourced> = policies.iter().filter(|p| p.3.is_none()).collect();
    let enforced_fa = headers
        .iter()
        .any(|(p, report_only, ..)| !report_only && p.get("frame-ancestors").is_some());
    for app in embedders {
        let mut blocked_by_csp = false;
        for (p, report_only, from, _) in &headers {
            let Some(sources) = p.get("frame-ancestors") else {
                continue;
            };
            if csp::allows(sources, app, page_origin) {
                continue;
            }
            blocked_by_csp |= !report_only;
            let message = format!(
                "{} cannot show the CRM page (and so the softphone) in its frame{}: {from} does not allow it (frame-ancestors {})",
                quote(app),
                if *report_only {
                    " once the policy is enforced"
                } else {
                    ""
                },
                sources.join(" ")
            );
            let d = cx.header(
                Code::DoctorFrameAncestors,
                message,
                format!("add {app} to frame-ancestors"),
            );
            if *report_only {
                d.severity = Severity::Warning;
            }
        }
        if enforced_fa || blocked_by_csp {
            continue;
        }
        // X-Frame-Options: the values of every header, as one set.
        let mut set: Vec<String> = Vec::new();
        for v in xfo.iter().flat_map(|h| h.split(',')) {
            let v = v.trim().to_ascii_lowercase();
            if !set.contains(&v) {
                set.push(v);
            }
        }
        let refuses = match set.as_slice() {
            [] => false,
            [one] if one == "deny" => true,
            [one] if one == "sameorigin" => !app.eq_ignore_ascii_case(page_origin),
            [_] => false,
            many => many
                .iter()
                .any(|v| matches!(v.as_str(), "deny" | "allowall" | "sameorigin")),
        };
        if refuses {
            cx.header(
                Code::DoctorFrameAncestors,
                format!(
                    "{} cannot show the CRM page (and so the softphone) in its frame: the page sends X-Frame-Options {}",
                    quote(app),
                    quote(&xfo.join(", "))
                ),
                format!(
                    "send Content-Security-Policy: frame-ancestors 'self' {app} (browsers then ignore X-Frame-Options), or drop X-Frame-Options"
                ),
            );
        }
    }
}
