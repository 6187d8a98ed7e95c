//! The doctor's rules, in the order a page loads: the page's own origin and who may frame
//! it, the softphone iframe (its address, what it delegates, its sandbox), the policies that
//! govern it (CSP, Permissions-Policy), and the host adapter that takes the softphone's pops.

mod frame;
mod host;
mod policy;

use super::html::tags;
use super::{Page, csp};
use crate::base::position::Index;
use crate::catalogue;
use crate::diagnostic::{Code, Diagnostic, quote};
use crate::workspace::{Deployment, Workspace};

/// A policy, whether it only reports, the words that name where it came from, and the
/// offset of its `<meta>` in the page (`None` for a header).
pub(super) type Sourced = (csp::Policy, bool, String, Option<usize>);

pub(super) struct Ctx<'a> {
    index: Index<'a>,
    out: Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub(super) fn at(
        &mut self,
        code: Code,
        offset: usize,
        message: String,
        hint: String,
    ) -> &mut Diagnostic {
        let (line, column) = self.index.line_col(offset);
        self.out
            .push(Diagnostic::new(code, "", message, hint).at(line, column));
        self.out.last_mut().expect("just pushed")
    }

    pub(super) fn header(&mut self, code: Code, message: String, hint: String) -> &mut Diagnostic {
        self.out.push(Diagnostic::new(code, "", message, hint));
        self.out.last_mut().expect("just pushed")
    }
}

pub fn check(ws: &Workspace, d: &Deployment, page: &Page<'_>) -> Vec<Diagnostic> {
    let mut cx = Ctx {
        index: Index::new(page.html),
        out: Vec::new(),
    };
    let Some(region) = catalogue::region(ws.region_of(d)) else {
        cx.header(
            Code::DoctorNoSoftphone,
            format!(
                "deployment {} has no known region, so the softphone's address cannot be told",
                quote(&d.name)
            ),
            "set org.region or the deployment's region (framesmith check says which)".into(),
        );
        return cx.out;
    };
    let apps = format!("https://apps.{}", region.domain);
    let page_origin = page
        .url
        .as_deref()
        .and_then(crate::base::url::split)
        .map(|u| u.origin())
        .or_else(|| d.crm_origin.clone())
        .unwrap_or_default();
    origin(&mut cx, d, page);
    let all = tags(page.html);
    let frame = frame::softphone(&mut cx, &all, region, &apps, d);
    let header = |name: &str| -> Vec<&str> {
        page.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    };
    // Policies, each with where it came from.
    let mut policies: Vec<Sourced> = Vec::new();
    for (name, report_only) in [
        ("content-security-policy", false),
        ("content-security-policy-report-only", true),
    ] {
        for v in header(name) {
            for p in csp::parse(v) {
                policies.push((
                    p,
                    report_only,
                    format!(
                        "the {} header",
                        quote(if report_only {
                            "Content-Security-Policy-Report-Only"
                        } else {
                            "Content-Security-Policy"
                        })
                    ),
                    None,
                ));
            }
        }
    }
    for t in all.iter().filter(|t| t.name == "meta") {
        if t.attr("http-equiv")
            .is_some_and(|a| a.value.eq_ignore_ascii_case("content-security-policy"))
            && let Some(c) = t.attr("content")
        {
            // A <meta> policy ignores frame-ancestors, report-uri and sandbox; the rest holds.
            for p in csp::parse(&c.value) {
                policies.push((
                    p,
                    false,
                    "the page's <meta> Content-Security-Policy".into(),
                    Some(t.at),
                ));
            }
        }
    }
    if frame.is_some() {
        policy::policy(
            &mut cx,
            &policies,
            "frame-src",
            &format!("{apps}/crm/embeddableFramework.html"),
            &page_origin,
            Code::DoctorCspFrame,
            &format!(
                "the softphone's frame at {apps} is blocked, and the agent sees an empty box where the softphone belongs"
            ),
            &format!(
                "add {apps} to frame-src (or child-src / default-src, whichever the policy uses)"
            ),
        );
    }
    if frame.is_some() {
        policy::microphone_policy(
            &mut cx,
            &header("permissions-policy"),
            &header("feature-policy"),
            &apps,
        );
    }
    if let Some(apps_that_frame) = d.embedded_in.as_deref() {
        policy::frame_ancestors(
            &mut cx,
            apps_that_frame,
            &policies,
            &header("x-frame-options"),
            &page_origin,
        );
    }
    if let (Some(seen), Some(_)) = (&page.seen, &d.screen_pop) {
        // Where Genesys' page refuses the module, the host adapter runs it when attach() is
        // given `runtime`, and only if this page's own enforced policy lets wasm compile.
        let fallback = host::attach_gives(&all, "runtime").then(|| {
            policies
                .iter()
                .filter(|(_, report_only, ..)| !report_only)
                .find_map(|(p, _, from, at)| {
                    super::seen::wasm_refused_by(p).map(|why| (why, from.clone(), *at))
                })
        });
        live(&mut cx, seen, &apps, fallback);
    }
    host::host_adapter(&mut cx, ws, d, &all, &policies, &page_origin);
    cx.out
}

/// The deployment's `crm_origin` against the page's real origin.
fn origin(cx: &mut Ctx<'_>, d: &Deployment, page: &Page<'_>) {
    let (Some(url), Some(expected)) = (page.url.as_deref(), d.crm_origin.as_deref()) else {
        return;
    };
    let Some(real) = crate::base::url::split(url).map(|u| u.origin()) else {
        return;
    };
    if !real.eq_ignore_ascii_case(expected) {
        cx.header(
            Code::DoctorCrmOrigin,
            format!("the page is served from {}, but the deployment's crm_origin is {}: framework.js sends its pops to {} and refuses this page's messages", quote(&real), quote(expected), quote(expected)),
            format!("set crm_origin = \"{real}\" if this is the CRM page, then build again"),
        );
    }
}

/// What `--live` saw: the direct route's preflights from the softphone's origin, and
/// whether Genesys' client page lets the runtime compile.
fn live(
    cx: &mut Ctx<'_>,
    seen: &super::seen::Seen,
    apps: &str,
    fallback: Option<Option<(String, String, Option<usize>)>>,
) {
    for p in &seen.preflights {
        if let Some(why) = super::seen::refused(p, apps) {
            let mut headers = p.headers.join(", ");
            if headers.is_empty() {
                headers = "authorization".into();
            }
            cx.header(
                Code::DoctorCors,
                format!(
                    "the direct route's lookups ({} at {}) are refused to the softphone at {apps}: {why}, so every pop fails",
                    quote(&p.source),
                    quote(&p.url)
                ),
                format!(
                    "answer OPTIONS from {apps} with Access-Control-Allow-Origin: {apps}, Access-Control-Allow-Methods: {}, Access-Control-Allow-Headers: {headers}",
                    p.method
                ),
            );
        }
    }
    if let Some(csp) = &seen.softphone_csp {
        let Some(directive) = super::seen::wasm_refused(csp) else {
            cx.header(
                Code::DoctorRuntimePlace,
                format!("the runtime runs in the softphone: Genesys' client page at {apps} lets WebAssembly compile"),
                "nothing to do".into(),
            )
            .severity = crate::diagnostic::Severity::Info;
            return;
        };
        let refused = format!("Genesys' client page at {apps} forbids WebAssembly ({directive})");
        match fallback {
            None => {
                cx.header(
                    Code::DoctorRuntimePlace,
                    format!("{refused}: the runtime cannot run in the softphone, and attach() is given no runtime to run it in this page, so nothing pops (framework.js only forwards the events)"),
                    "give attach() runtime: \"inline\" (the host adapter then runs the module framework.js carries in this page, tokens staying in the softphone); this page's CSP must allow 'wasm-unsafe-eval'".into(),
                );
            }
            Some(Some((why, from, at))) => {
                let message = format!(
                    "{refused}, and {from} forbids it in this page too ({why}): attach()'s runtime cannot run here either, so nothing pops"
                );
                let hint = "add 'wasm-unsafe-eval' to this page's script-src".to_string();
                match at {
                    Some(at) => cx.at(Code::DoctorRuntimePlace, at, message, hint),
                    None => cx.header(Code::DoctorRuntimePlace, message, hint),
                };
            }
            Some(None) => {
                cx.header(
                    Code::DoctorRuntimePlace,
                    format!("the runtime runs in this page: {refused}, and attach() is given runtime, so the host adapter runs the module here"),
                    "nothing to do".into(),
                )
                .severity = crate::diagnostic::Severity::Info;
            }
        }
    }
}
