//! The doctor's rules, in the order a page loads: the page's own origin, the softphone
//! iframe (its address, what it delegates, its sandbox), the policies that govern it (CSP,
//! Permissions-Policy), and the host adapter that takes the softphone's pops.

use super::html::{Tag, tags};
use super::{Page, csp, permissions};
use crate::base::position::Index;
use crate::catalogue::{self, Region};
use crate::diagnostic::{Code, Diagnostic, Severity, quote};
use crate::workspace::{Deployment, Workspace};

/// The features the softphone's iframe is given, as Genesys' documentation and the
/// checklist write them: the microphone carries the call (an error without it), the rest
/// (video, ringing before a click, copying numbers) degrade.
const FEATURES: &[(&str, Severity, &str)] = &[
    (
        "microphone",
        Severity::Error,
        "WebRTC cannot open the microphone: calls connect with no audio from the agent, and nothing says why",
    ),
    (
        "camera",
        Severity::Warning,
        "video interactions and screen recording cannot use the camera",
    ),
    (
        "autoplay",
        Severity::Warning,
        "the ring tone may not play until the agent has clicked in the softphone",
    ),
    (
        "clipboard-write",
        Severity::Warning,
        "the softphone's copy buttons (a number, an interaction id) do nothing",
    ),
];

/// What a sandboxed softphone needs: its scripts, its own origin (storage, the login),
/// popups (the login window) and forms.
const SANDBOX: &[&str] = &[
    "allow-scripts",
    "allow-same-origin",
    "allow-popups",
    "allow-forms",
];

struct Ctx<'a> {
    index: Index<'a>,
    out: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn at(&mut self, code: Code, offset: usize, message: String, hint: String) -> &mut Diagnostic {
        let (line, column) = self.index.line_col(offset);
        self.out
            .push(Diagnostic::new(code, "", message, hint).at(line, column));
        self.out.last_mut().expect("just pushed")
    }

    fn header(&mut self, code: Code, message: String, hint: String) -> &mut Diagnostic {
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
    let frame = softphone(&mut cx, &all, region, &apps, d);
    let header = |name: &str| -> Vec<&str> {
        page.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    };
    // Policies, each with where it came from.
    let mut policies: Vec<(csp::Policy, bool, String, Option<usize>)> = Vec::new();
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
        policy(
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
    if let Some(f) = frame {
        microphone_policy(
            &mut cx,
            &header("permissions-policy"),
            &header("feature-policy"),
            &apps,
            f,
        );
    }
    host_adapter(&mut cx, ws, d, &all, &policies, &page_origin);
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

/// The softphone's iframe, judged: found by its `src` at `apps.<domain>`.
fn softphone<'t>(
    cx: &mut Ctx<'_>,
    all: &'t [Tag],
    region: &Region,
    apps: &str,
    d: &Deployment,
) -> Option<&'t Tag> {
    let frames: Vec<&Tag> = all.iter().filter(|t| t.name == "iframe").collect();
    let src_of = |t: &Tag| {
        t.attr("src")
            .map(|a| a.value.trim().to_string())
            .unwrap_or_default()
    };
    let host_of = |s: &str| crate::base::url::split(s).map(|u| u.host.to_ascii_lowercase());
    let ours = frames
        .iter()
        .copied()
        .find(|t| host_of(&src_of(t)).is_some_and(|h| h == format!("apps.{}", region.domain)));
    let Some(frame) = ours else {
        // An iframe at another region's softphone: the wrong region.
        let other = frames.iter().copied().find_map(|t| {
            let h = host_of(&src_of(t))?;
            let r = catalogue::REGIONS
                .iter()
                .find(|r| h == format!("apps.{}", r.domain))?;
            Some((t, r))
        });
        match other {
            Some((t, r)) => {
                let at = t.attr("src").map_or(t.at, |a| a.at);
                cx.at(
                    Code::DoctorIframeSrc,
                    at,
                    format!("the softphone's iframe loads apps.{} ({}), but deployment {} is in {} ({}): agents sign in to the wrong region, where the OAuth client does not exist", r.domain, r.code, quote(&d.name), region.code, region.domain),
                    format!("point the iframe at {apps}/crm/embeddableFramework.html"),
                );
            }
            None => {
                cx.at(
                    Code::DoctorNoSoftphone,
                    0,
                    format!("the page has no iframe at {apps}, so there is no softphone for deployment {}", quote(&d.name)),
                    format!("embed <iframe src=\"{apps}/crm/embeddableFramework.html\" allow=\"camera; microphone; autoplay; clipboard-write\"></iframe> (CHECKLIST.md gives the line for this deployment)"),
                );
            }
        }
        return None;
    };
    let src = src_of(frame);
    let src_at = frame.attr("src").map_or(frame.at, |a| a.at);
    if let Some(u) = crate::base::url::split(&src) {
        if !u.scheme.eq_ignore_ascii_case("https") {
            cx.at(
                Code::DoctorIframeSrc,
                src_at,
                format!(
                    "the softphone's iframe is loaded over {}, not https",
                    u.scheme
                ),
                format!("write {apps}/crm/embeddableFramework.html"),
            );
        }
        let path = src
            .split_once(&format!("apps.{}", region.domain))
            .map_or("", |(_, p)| p);
        let path = path.split(['?', '#']).next().unwrap_or("");
        if !matches!(
            path.to_ascii_lowercase().as_str(),
            "/crm/embeddableframework.html" | "/crm/index.html"
        ) {
            cx.at(
                Code::DoctorIframeSrc,
                src_at,
                format!("the softphone's iframe loads {}, not a page Genesys serves for the Embeddable Framework", quote(path)),
                format!("write {apps}/crm/embeddableFramework.html, the page Genesys' demo CRM embeds for a private deployment"),
            )
            .severity = Severity::Warning;
        }
        if let (Some(q), Some(expected)) =
            (src.split_once('?').map(|(_, q)| q), d.crm_origin.as_deref())
            && let Some(given) = q.split('&').find_map(|kv| kv.strip_prefix("parentDomain="))
            && !given.eq_ignore_ascii_case(expected)
            && !given
                .replace("%3A", ":")
                .replace("%2F", "/")
                .eq_ignore_ascii_case(expected)
        {
            cx.at(
                Code::DoctorIframeSrc,
                src_at,
                format!("the softphone's iframe says parentDomain={given}, but the deployment's crm_origin is {}", quote(expected)),
                format!("write parentDomain={expected}"),
            )
            .severity = Severity::Warning;
        }
    }
    let allow = frame.attr("allow");
    let allow_text = allow.map(|a| a.value.as_str()).unwrap_or("");
    let allow_at = allow.map_or(frame.at, |a| a.at);
    for (feature, severity, why) in FEATURES {
        if !permissions::frame_allows(allow_text, feature, apps) {
            cx.at(
                Code::DoctorIframeAllow,
                allow_at,
                format!("the softphone's iframe does not delegate {}: {why}", quote(feature)),
                "write allow=\"camera; microphone; autoplay; clipboard-write\" on the iframe (and hid; for USB headset buttons)".into(),
            )
            .severity = *severity;
        }
    }
    if let Some(sb) = frame.attr("sandbox") {
        let tokens: Vec<String> = sb
            .value
            .split_ascii_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        let missing: Vec<&str> = SANDBOX
            .iter()
            .copied()
            .filter(|t| !tokens.iter().any(|x| x == t))
            .collect();
        if !missing.is_empty() {
            cx.at(
                Code::DoctorIframeSandbox,
                sb.at,
                format!(
                    "the softphone's iframe is sandboxed without {}: {}",
                    missing.join(", "),
                    if missing.contains(&"allow-scripts") {
                        "the softphone does not run at all"
                    } else {
                        "the agent cannot sign in or keep a session"
                    }
                ),
                format!("remove sandbox, or write sandbox=\"{}\"", SANDBOX.join(" ")),
            );
        }
    }
    Some(frame)
}

/// Whether every enforced policy lets `url` load as `kind`; report-only ones are warned of.
#[allow(clippy::too_many_arguments)]
fn policy(
    cx: &mut Ctx<'_>,
    policies: &[(csp::Policy, bool, String, Option<usize>)],
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
fn microphone_policy(cx: &mut Ctx<'_>, pp: &[&str], fp: &[&str], apps: &str, frame: &Tag) {
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
        let _ = frame;
        cx.header(
            Code::DoctorPermissionsPolicy,
            format!("the page's {name} header ({}) switches the microphone off for {apps}: the iframe's allow attribute cannot give back what the page does not have, and calls have no audio from the agent", quote(value)),
            format!("write microphone=(self \"{apps}\") in Permissions-Policy"),
        );
    }
}

/// The host adapter: framesmith-host.js loaded, `attach()` called, its module script and
/// the host route's fetches allowed by the page's policies.
fn host_adapter(
    cx: &mut Ctx<'_>,
    ws: &Workspace,
    d: &Deployment,
    all: &[Tag],
    policies: &[(csp::Policy, bool, String, Option<usize>)],
    page_origin: &str,
) {
    let Some(sp) = &d.screen_pop else {
        return;
    };
    let scripts: Vec<&Tag> = all.iter().filter(|t| t.name == "script").collect();
    let loads = |t: &Tag| {
        t.attr("src")
            .is_some_and(|a| a.value.contains("framesmith-host.js"))
            || t.text
                .as_ref()
                .is_some_and(|(s, _)| s.contains("framesmith-host.js"))
    };
    let Some(host) = scripts.iter().copied().find(|t| loads(t)) else {
        // A module of the page's own may import it: that cannot be seen from the page.
        let external: Vec<&str> = scripts
            .iter()
            .filter_map(|t| t.attr("src"))
            .map(|a| a.value.as_str())
            .collect();
        if !external.is_empty() {
            cx.at(
                Code::DoctorHostAdapter,
                0,
                format!("the page does not name framesmith-host.js; unless one of its scripts ({}) imports it, the pops deployment {} sends reach nothing", external.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", "), quote(&d.name)),
                "make sure a script of the page imports framesmith-host.js and calls attach(); doctor reads the page, not its scripts".into(),
            )
            .severity = Severity::Info;
            return;
        }
        cx.at(
            Code::DoctorHostAdapter,
            0,
            format!("the page never loads framesmith-host.js, so the pops deployment {} sends reach nothing", quote(&d.name)),
            "serve framesmith-host.js beside the page and add <script type=\"module\">import { attach } from \"./framesmith-host.js\"; attach(document.getElementById(\"softphone\"), { allow: [...] });</script>".into(),
        );
        return;
    };
    // Where the import is inline, so is the call that uses it.
    let imported_inline = host.attr("src").is_none();
    let attaches = scripts
        .iter()
        .any(|t| t.text.as_ref().is_some_and(|(s, _)| s.contains("attach(")));
    if imported_inline && !attaches {
        cx.at(
            Code::DoctorHostAdapter,
            host.at,
            "the page loads framesmith-host.js but never calls attach(), so nothing listens for the softphone's pops".into(),
            "call attach(softphoneIframe, { allow: [\"https://crm.example.com/api/\"] }) once the iframe is in the page".into(),
        );
    }
    // The adapter's own script: inline module text, and the file it imports.
    let inline = host
        .text
        .as_ref()
        .is_some_and(|(s, _)| !s.trim().is_empty())
        && host.attr("src").is_none();
    let nonce = host.attr("nonce").map(|a| a.value.clone());
    for (p, report_only, from, at) in policies {
        let Some((directive, sources)) = p.governing("script-src") else {
            continue;
        };
        let has_nonce = nonce
            .as_ref()
            .is_some_and(|n| sources.iter().any(|s| s == &format!("'nonce-{n}'")));
        // A hash allows the inline script whose text it is (CSP hashes the exact text).
        let hash = host.text.as_ref().map(|(t, _)| {
            format!(
                "'sha256-{}'",
                base64(&crate::standin::sha256::digest(t.as_bytes()))
            )
        });
        let has_hash = hash.is_some_and(|h| sources.contains(&h));
        let unsafe_inline = sources.iter().any(|s| s == "'unsafe-inline'")
            && !sources
                .iter()
                .any(|s| s.starts_with("'nonce-") || s.starts_with("'sha"));
        let blocked = if inline {
            !(has_nonce || has_hash || unsafe_inline)
        } else {
            !has_nonce
                && !csp::allows(
                    sources,
                    &format!("{page_origin}/framesmith-host.js"),
                    page_origin,
                )
        };
        if blocked {
            let what = if inline {
                "the inline module script that imports framesmith-host.js"
            } else {
                "framesmith-host.js"
            };
            let message = format!(
                "{from} {} {what} ({directive} {}): the host adapter never runs, and no pop reaches the page",
                if *report_only {
                    "would block"
                } else {
                    "blocks"
                },
                sources.join(" ")
            );
            let hint = if inline {
                "give the script a nonce the policy lists ('nonce-...'), or move it into a file at the page's origin that script-src allows ('self')"
            } else {
                "allow the page's own origin in script-src ('self')"
            };
            let d = match at {
                Some(o) => cx.at(Code::DoctorCspScript, *o, message, hint.into()),
                None => cx.header(Code::DoctorCspScript, message, hint.into()),
            };
            if *report_only {
                d.severity = Severity::Warning;
            }
        }
    }
    // The host route fetches the data sources from the page: connect-src must allow them.
    if !sp.uses_route("host") {
        return;
    }
    let Some(inst) = ws.integration(&sp.integration) else {
        return;
    };
    let Some(t) = ws.integration_type(&inst.kind) else {
        return;
    };
    let mut seen: Vec<String> = Vec::new();
    for name in sp.data_sources_run() {
        let Some(ds) = t.data_sources.iter().find(|s| &s.name == name) else {
            continue;
        };
        let Some(endpoint) = ds.rest_endpoint.as_deref() else {
            continue;
        };
        // The instance's properties filled in ({crmBaseEndpoint}), then the fixed part of
        // the template: up to the first substitution left (a runtime input).
        let mut filled = endpoint.to_string();
        for (k, v) in &inst.properties {
            if let Some(v) = v.as_str() {
                filled = filled.replace(&format!("{{{k}}}"), v);
            }
        }
        let fixed = filled.split(['{', '$']).next().unwrap_or("");
        let Some(u) = crate::base::url::split(fixed).filter(|u| !u.host.is_empty()) else {
            continue;
        };
        let url = format!(
            "{}{}",
            u.origin(),
            &fixed[fixed.find("://").map_or(0, |i| i + 3) + u.host.len()..]
                .split(['?', '#'])
                .next()
                .unwrap_or("")
        );
        if seen.contains(&u.origin()) {
            continue;
        }
        seen.push(u.origin());
        policy(
            cx,
            policies,
            "connect-src",
            &url,
            page_origin,
            Code::DoctorCspConnect,
            &format!(
                "the host route's lookups ({} at {}) cannot be fetched from the page, so every pop fails",
                quote(name),
                u.origin()
            ),
            &format!("add {} to connect-src", u.origin()),
        );
    }
}

/// Standard base64 with padding, as CSP writes hashes.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_as_rfc_4648_writes_it() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(super::base64(i.as_bytes()), o);
        }
    }
}
