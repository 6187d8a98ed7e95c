//! The softphone's iframe: found by its `src` at `apps.<domain>`, then its address, what it
//! delegates (`allow`) and its sandbox.

use super::Ctx;
use crate::catalogue::{self, Region};
use crate::diagnostic::{Code, Severity, quote};
use crate::doctor::html::Tag;
use crate::doctor::permissions;
use crate::workspace::Deployment;

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

/// The softphone's iframe, judged: found by its `src` at `apps.<domain>`.
pub(super) fn softphone<'t>(
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
                format!("the softphone's iframe loads {}, not one of the pages that run the Embeddable Framework (/crm/embeddableFramework.html, /crm/index.html): framework.js never loads there", quote(path)),
                format!("write {apps}/crm/embeddableFramework.html, the page Genesys' demo CRM embeds for a private deployment"),
            );
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
