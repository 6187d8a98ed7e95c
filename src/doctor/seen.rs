//! What `doctor --live` learns beyond the page, and what doctor makes of it: the CORS
//! preflights the direct route's lookups need from the softphone's origin, and the
//! Content-Security-Policy of Genesys' client page, which decides whether the runtime can
//! run in the softphone at all. The core says which requests to make and judges their
//! answers; the CLI sends them (the core does no I/O).

use serde::{Deserialize, Serialize};

use crate::datasource::{self, Inputs};
use crate::workspace::{Deployment, Media, Workspace};

/// A preflight the direct route needs, and (once sent) what the CRM answered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preflight {
    /// The data source it is for.
    pub source: String,
    pub url: String,
    pub method: String,
    /// The request headers a browser names in `Access-Control-Request-Headers`, lower case.
    pub headers: Vec<String>,
    /// The answer's status and headers; None when the request failed (`failure` says why).
    pub status: Option<u16>,
    pub answer: Vec<(String, String)>,
    pub failure: Option<String>,
}

/// Everything `--live` saw beyond the page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Seen {
    pub preflights: Vec<Preflight>,
    /// The `Content-Security-Policy` headers of `https://apps.<domain>/crm/embeddableFramework.html`,
    /// when it was fetched.
    pub softphone_csp: Option<Vec<String>>,
}

/// Headers a browser sends without a preflight (the Fetch standard's CORS-safelisted
/// request headers, values aside).
const SAFELISTED: &[&str] = &["accept", "accept-language", "content-language"];

/// The preflights the deployment's direct route needs: one per data source a kind that
/// takes the direct route runs, with a sample caller for the inputs.
pub fn preflights(ws: &Workspace, d: &Deployment) -> Vec<Preflight> {
    let Some(sp) = &d.screen_pop else {
        return Vec::new();
    };
    let mut names: Vec<&str> = Vec::new();
    for m in Media::ALL {
        let Some(k) = sp.kind(m) else { continue };
        if k.route().map(String::as_str) != Some("direct") {
            continue;
        }
        names.push(k.data_source());
        if m == Media::Voice {
            for n in [
                &sp.contact_search,
                &sp.call_log,
                &sp.call_log_update,
                &sp.create,
            ]
            .into_iter()
            .flatten()
            {
                names.push(n);
            }
        }
    }
    let (Some(inst), mut out) = (ws.integration(&sp.integration), Vec::new()) else {
        return Vec::new();
    };
    let Some(ty) = ws.integration_type(&inst.kind) else {
        return Vec::new();
    };
    for name in names {
        let Some(ds) = ty.data_sources.iter().find(|s| s.name == name) else {
            continue;
        };
        if out.iter().any(|p: &Preflight| p.source == name) {
            continue;
        }
        let mut runtime = serde_json::Map::new();
        for input in ["phone", "searchValue", "email", "interactionId", "id"] {
            runtime.insert(input.into(), "+35315550100".into());
        }
        let inputs = Inputs {
            integration_type: Some(ty),
            instance: Some(inst),
            runtime,
        };
        let Ok(r) = datasource::request(ds, &inputs) else {
            continue;
        };
        let mut headers: Vec<String> = r
            .headers
            .iter()
            .map(|(k, _)| k.to_ascii_lowercase())
            .filter(|k| !SAFELISTED.contains(&k.as_str()))
            .collect();
        // The direct route sends the CRM's bearer token.
        headers.push("authorization".into());
        if r.body.is_some() && !headers.iter().any(|h| h == "content-type") {
            headers.push("content-type".into());
        }
        headers.sort();
        headers.dedup();
        out.push(Preflight {
            source: name.to_string(),
            url: r.url,
            method: r.method.to_ascii_uppercase(),
            headers,
            ..Preflight::default()
        });
    }
    out
}

/// What is wrong with a preflight's answer for a request from `origin`, by the Fetch
/// standard's CORS check; None when the browser lets the request go.
pub fn refused(p: &Preflight, origin: &str) -> Option<String> {
    if let Some(f) = &p.failure {
        return Some(format!("the preflight failed: {f}"));
    }
    let status = p.status?;
    if !(200..300).contains(&status) {
        return Some(format!("the preflight was answered {status}, not 2xx"));
    }
    let get = |name: &str| {
        p.answer
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
            .collect::<Vec<_>>()
    };
    let acao = get("access-control-allow-origin");
    match acao.as_slice() {
        [] => return Some("the preflight answer has no Access-Control-Allow-Origin".into()),
        [one] if *one == "*" || *one == origin => {}
        [one] => {
            return Some(format!(
                "the preflight answer's Access-Control-Allow-Origin is {one}, not {origin}"
            ));
        }
        _ => {
            return Some(
                "the preflight answer has Access-Control-Allow-Origin more than once".into(),
            );
        }
    }
    let list = |name: &str| -> Vec<String> {
        get(name)
            .iter()
            .flat_map(|v| v.split(','))
            .map(|s| s.trim().to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let methods = list("access-control-allow-methods");
    let simple = matches!(p.method.as_str(), "GET" | "HEAD" | "POST");
    if !simple
        && !methods.iter().any(|m| m.eq_ignore_ascii_case(&p.method))
        && !methods.iter().any(|m| m == "*")
    {
        return Some(format!(
            "the preflight answer's Access-Control-Allow-Methods ({}) leaves out {}",
            methods.join(", "),
            p.method
        ));
    }
    let allowed = list("access-control-allow-headers");
    // "*" allows every header but Authorization, which must be named (Fetch standard).
    let missing: Vec<&str> = p
        .headers
        .iter()
        .map(String::as_str)
        .filter(|h| {
            let named = allowed.iter().any(|a| a == h);
            let starred = *h != "authorization" && allowed.iter().any(|a| a == "*");
            !(named || starred)
        })
        .collect();
    if !missing.is_empty() {
        return Some(format!(
            "the preflight answer's Access-Control-Allow-Headers ({}) leaves out {}",
            if allowed.is_empty() {
                "none".to_string()
            } else {
                allowed.join(", ")
            },
            missing.join(", ")
        ));
    }
    None
}

/// Whether the softphone's page lets WebAssembly compile: its enforced policies' script-src
/// (or default-src) must allow 'wasm-unsafe-eval' or 'unsafe-eval'. None when no policy
/// governs scripts (then it may); Some(the directive that forbids) otherwise.
pub fn wasm_refused(csp_headers: &[String]) -> Option<String> {
    csp_headers
        .iter()
        .flat_map(|value| super::csp::parse(value))
        .find_map(|p| wasm_refused_by(&p))
}

/// The directive of one policy that refuses WebAssembly: its script-src (or the directive
/// it falls back to) without 'wasm-unsafe-eval' or 'unsafe-eval'.
pub fn wasm_refused_by(p: &super::csp::Policy) -> Option<String> {
    let (directive, sources) = p.governing("script-src")?;
    let ok = sources
        .iter()
        .any(|s| s == "'wasm-unsafe-eval'" || s == "'unsafe-eval'");
    (!ok).then(|| format!("{directive} {}", sources.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(headers: &[(&str, &str)]) -> Preflight {
        Preflight {
            source: "lookup".into(),
            url: "https://crm.example.com/api/x".into(),
            method: "GET".into(),
            headers: vec!["authorization".into()],
            status: Some(204),
            answer: headers
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            failure: None,
        }
    }

    const APPS: &str = "https://apps.mypurecloud.ie";

    #[test]
    fn cors_as_the_fetch_standard_decides() {
        let ok = answered(&[
            ("Access-Control-Allow-Origin", APPS),
            ("Access-Control-Allow-Headers", "Authorization, Accept"),
        ]);
        assert_eq!(refused(&ok, APPS), None);
        // "*" covers every header but Authorization.
        let star = answered(&[
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Headers", "*"),
        ]);
        assert!(
            refused(&star, APPS)
                .unwrap()
                .contains("leaves out authorization")
        );
        let other = answered(&[(
            "Access-Control-Allow-Origin",
            "https://apps.mypurecloud.com",
        )]);
        assert!(
            refused(&other, APPS)
                .unwrap()
                .contains("not https://apps.mypurecloud.ie")
        );
        assert!(
            refused(&answered(&[]), APPS)
                .unwrap()
                .contains("no Access-Control-Allow-Origin")
        );
        let mut put = ok.clone();
        put.method = "PUT".into();
        assert!(refused(&put, APPS).unwrap().contains("leaves out PUT"));
        let mut forbidden = ok.clone();
        forbidden.status = Some(403);
        assert!(refused(&forbidden, APPS).unwrap().contains("403"));
    }

    #[test]
    fn wasm_needs_wasm_unsafe_eval_where_a_policy_governs_scripts() {
        assert_eq!(wasm_refused(&[]), None);
        assert_eq!(wasm_refused(&["frame-ancestors *".into()]), None);
        assert_eq!(
            wasm_refused(&["script-src 'self' 'wasm-unsafe-eval'".into()]),
            None
        );
        assert_eq!(
            wasm_refused(&["default-src 'self'".into()]).as_deref(),
            Some("default-src 'self'")
        );
    }
}
