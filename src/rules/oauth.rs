//! The deployment's OAuth client: redirect URI exactly right for its region, a token
//! lifetime Genesys accepts, the Embeddable Framework's scopes and no more, and PKCE.

use crate::standin::strmap::StrMap;

use super::Ctx;
use crate::base::pointer;
use crate::base::suggest::did_you_mean;
use crate::base::url;
use crate::catalogue::{self, EF_REQUIRED_SCOPES, REGIONS, Region, is_known_scope};
use crate::diagnostic::{Code, Diagnostic, quote};
use crate::workspace::{Deployment, Flow, RECOMMENDED_TOKEN_LIFETIME};

pub use crate::catalogue::limits::{MAX_TOKEN_LIFETIME, MIN_TOKEN_LIFETIME};

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (i, d, path) in ctx.deployments() {
        let p = pointer::push(&path, "oauth");
        if let Some(region) = ctx.region(i) {
            redirect_uris(d, region, &p, out);
        }
        token_lifetime(d, &p, out);
        scopes(d, &p, out);
        if d.oauth.flow == Flow::Implicit {
            out.push(Diagnostic::new(
                Code::OauthImplicitGrant,
                pointer::push(&p, "flow"),
                format!("deployment {} uses the implicit grant, which Genesys is retiring (no new clients since March 2026, no logins after March 2027)", quote(&d.name)),
                "create an OAuth client with Code Authorization + PKCE and set flow = \"pkce\"",
            ));
        }
    }
}

/// Redirect URIs the EF client accepts: `/crm/index.html`, and `/crm/authWindow.html`
/// when the deployment logs in through a dedicated window.
fn accepted(d: &Deployment, region: &Region) -> Vec<String> {
    let mut v = vec![region.ef_redirect_uri()];
    if d.setting_bool("dedicatedLoginWindow") {
        v.push(format!(
            "https://apps.{}/crm/authWindow.html",
            region.domain
        ));
    }
    v
}

fn redirect_uris(d: &Deployment, region: &Region, path: &str, out: &mut Vec<Diagnostic>) {
    let Some(uris) = &d.oauth.redirect_uris else {
        return;
    };
    let list_path = pointer::push(path, "redirect_uris");
    let expected = region.ef_redirect_uri();
    if uris.is_empty() {
        out.push(Diagnostic::new(
            Code::OauthRedirectUriMissing,
            list_path,
            "no redirect URI is registered for the OAuth client",
            format!("register {expected} (or leave redirect_uris out to use it)"),
        ));
        return;
    }
    let ok = accepted(d, region);
    for (k, uri) in uris.iter().enumerate() {
        if ok.iter().any(|a| a == uri) {
            continue;
        }
        out.push(Diagnostic::new(
            Code::OauthRedirectUri,
            pointer::index(&list_path, k),
            format!("redirect URI {} {}", quote(uri), what_is_wrong(uri, region)),
            format!("use exactly {expected}"),
        ));
    }
}

fn what_is_wrong(uri: &str, region: &Region) -> String {
    let Some(u) = url::split(uri.trim()) else {
        return "is not an absolute URL".into();
    };
    if !u.scheme.eq_ignore_ascii_case("https") {
        return format!("uses {}, not https", u.scheme);
    }
    let host = u.host.to_ascii_lowercase();
    let expected_host = format!("apps.{}", region.domain);
    if host != expected_host {
        if let Some(other) = REGIONS.iter().find(|r| {
            host == format!("apps.{}", r.domain) || host.ends_with(&format!(".{}", r.domain))
        }) {
            return format!(
                "is for region {} ({}), but the deployment is in {} ({})",
                other.code, other.domain, region.code, region.domain
            );
        }
        return format!("is on {host}, not {expected_host}");
    }
    if u.port.is_some() || u.userinfo.is_some() {
        return "names a port or credentials".into();
    }
    if u.query.is_some() || u.fragment.is_some() {
        return "has a query or fragment".into();
    }
    if u.path == "/crm/index.html/"
        || u.path == "/crm/"
        || u.path.ends_with('/') && u.path.len() > 1
    {
        return "has a trailing slash or lacks index.html".into();
    }
    if u.path == "/crm/authWindow.html" {
        return "is the dedicated login window's URI, but dedicatedLoginWindow is not on".into();
    }
    format!("has the path {}, not /crm/index.html", quote(u.path))
}

fn token_lifetime(d: &Deployment, path: &str, out: &mut Vec<Diagnostic>) {
    let Some(t) = d.oauth.token_lifetime_seconds else {
        return;
    };
    if !(MIN_TOKEN_LIFETIME..=MAX_TOKEN_LIFETIME).contains(&t) {
        out.push(Diagnostic::new(
            Code::OauthTokenLifetime,
            pointer::push(path, "token_lifetime_seconds"),
            format!(
                "token lifetime {t} seconds is outside {MIN_TOKEN_LIFETIME}–{MAX_TOKEN_LIFETIME}"
            ),
            format!(
                "use {RECOMMENDED_TOKEN_LIFETIME} (18 hours), so tokens expire outside a shift"
            ),
        ));
    }
}

fn scopes(d: &Deployment, path: &str, out: &mut Vec<Diagnostic>) {
    let Some(scopes) = &d.oauth.scopes else {
        return;
    };
    let p = pointer::push(path, "scopes");
    let mut seen = StrMap::new();
    for (k, s) in scopes.iter().enumerate() {
        let sp = pointer::index(&p, k);
        if seen.insert(s.as_str(), ()).is_some() {
            out.push(Diagnostic::new(
                Code::OauthScopeDuplicate,
                sp,
                format!("scope {} is listed twice", quote(s)),
                "remove the repeat",
            ));
            continue;
        }
        if !is_known_scope(s) {
            let hint = did_you_mean(s, catalogue::all_scopes(), || {
                "remove it; Genesys has no such scope".into()
            });
            out.push(Diagnostic::new(
                Code::OauthScopeUnknown,
                sp,
                format!("{} is not a Genesys Cloud scope", quote(s)),
                hint,
            ));
            continue;
        }
        if EF_REQUIRED_SCOPES.contains(&s.as_str()) {
            continue;
        }
        let readonly = format!("{s}:readonly");
        let (msg, hint) = if EF_REQUIRED_SCOPES.contains(&readonly.as_str()) {
            (
                format!(
                    "scope {} grants write access; the Embeddable Framework needs only {}",
                    quote(s),
                    quote(&readonly)
                ),
                format!("replace it with {}", quote(&readonly)),
            )
        } else {
            (
                format!(
                    "scope {} is not needed by the Embeddable Framework",
                    quote(s)
                ),
                "remove it: grant only what the client needs".to_string(),
            )
        };
        out.push(Diagnostic::new(Code::OauthScopeExtra, sp, msg, hint));
    }
    for req in EF_REQUIRED_SCOPES {
        let full = req.strip_suffix(":readonly");
        let granted = scopes.iter().any(|s| s == req || Some(s.as_str()) == full);
        if !granted {
            out.push(Diagnostic::new(
                Code::OauthScopeMissing,
                p.clone(),
                format!("required scope {} is not granted", quote(req)),
                format!(
                    "add {} to scopes (or leave scopes out to grant exactly the required set)",
                    quote(req)
                ),
            ));
        }
    }
}
