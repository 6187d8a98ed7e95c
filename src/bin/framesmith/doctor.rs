//! `framesmith doctor`: the CRM page around the softphone, checked against the deployment
//! it embeds (the rules are `framesmith::doctor`'s). The page is read from a saved file
//! (`--html`, with `--headers` as `curl -D` writes them) or, with `--live`, fetched.

use super::*;

pub(super) struct Args<'a> {
    pub deployment: Option<&'a str>,
    pub url: Option<&'a str>,
    pub html: Option<&'a Path>,
    pub headers: Option<&'a Path>,
    pub live: bool,
    pub format: OutputFormat,
    pub docs: Option<&'a str>,
}

pub(super) fn command(workspace: &Path, a: &Args<'_>) -> Result<u8, CliError> {
    let (_, checked) = load(workspace)?;
    let ws = &checked.workspace;
    let d = match a.deployment {
        Some(name) => match ws.deployments.iter().find(|d| d.name == name) {
            Some(d) => d,
            None => {
                errln!(
                    "error: no deployment {name:?}; the workspace has {}",
                    names(ws)
                );
                return Ok(2);
            }
        },
        None => {
            // The one deployment, or the one whose crm_origin the page is at.
            let by_origin = a
                .url
                .and_then(framesmith::base::url::split)
                .map(|u| u.origin());
            let found = match ws.deployments.as_slice() {
                [one] => Some(one),
                all => all
                    .iter()
                    .find(|d| d.crm_origin.is_some() && d.crm_origin == by_origin),
            };
            match found {
                Some(d) => d,
                None => {
                    errln!(
                        "error: say which deployment the page embeds with --deployment NAME ({})",
                        names(ws)
                    );
                    return Ok(2);
                }
            }
        }
    };
    let (name, html, headers, url) = match (a.html, a.url) {
        (Some(path), url) => {
            let html = read(path)?;
            let headers = match a.headers {
                Some(h) => framesmith::doctor::parse_headers(&read(h)?),
                None => Vec::new(),
            };
            (
                path.display().to_string(),
                html,
                headers,
                url.map(str::to_string),
            )
        }
        (None, Some(url)) if a.live => match fetch(url) {
            Ok(p) => (p.url.clone(), p.html, p.headers, Some(p.url)),
            Err(e) => {
                errln!("error: {e}");
                return Ok(2);
            }
        },
        (None, Some(url)) => {
            errln!(
                "error: doctor fetches {url} only with --live; or save the page and pass --html FILE (and --headers FILE)"
            );
            return Ok(2);
        }
        (None, None) => {
            errln!("error: give the CRM page: a URL with --live, or --html FILE");
            return Ok(2);
        }
    };
    // With --live, what the page alone cannot say: the direct route's preflights from the
    // softphone's origin, and whether Genesys' client page lets the runtime compile.
    let seen = a.live.then(|| live_facts(ws, d));
    let page = framesmith::doctor::Page {
        html: &html,
        headers,
        url,
        seen,
    };
    let diags = framesmith::doctor::check(ws, d, &page);
    let worst = u8::from(framesmith::diagnostic::has_errors(&diags));
    match a.format {
        OutputFormat::Human => {
            let out = if diags.is_empty() {
                format!("{name}: no problems found for deployment {:?}\n", d.name)
            } else {
                report::human(&name, Some(&html), &diags)
            };
            emit(&out)?;
        }
        OutputFormat::Json => outln!("{}", json(&diags)),
        OutputFormat::Sarif => outln!(
            "{}",
            serde_json::to_string_pretty(&report::sarif::log(&[(name.as_str(), &diags)], a.docs))
                .unwrap_or_default()
        ),
    }
    Ok(worst)
}

fn names(ws: &framesmith::Workspace) -> String {
    let all: Vec<String> = ws
        .deployments
        .iter()
        .map(|d| format!("{:?}", d.name))
        .collect();
    if all.is_empty() {
        "no deployments".into()
    } else {
        all.join(", ")
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn fetch(url: &str) -> Result<live::FetchedPage, String> {
    live::fetch_page(url, LIVE_TIMEOUT)
}

#[cfg(target_arch = "wasm32")]
fn fetch(_: &str) -> Result<NoFetch, String> {
    Err("this build cannot fetch".into())
}

#[cfg(target_arch = "wasm32")]
struct NoFetch {
    url: String,
    html: String,
    headers: Vec<(String, String)>,
}

/// Where `--live` reads Genesys' client page from instead of `https://apps.<domain>` (a
/// stand-in on this machine, for tests).
#[cfg(not(target_arch = "wasm32"))]
const SOFTPHONE_ENV: &str = "FRAMESMITH_DOCTOR_SOFTPHONE_URL";

/// The time each of `--live`'s requests may take.
#[cfg(not(target_arch = "wasm32"))]
const LIVE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

#[cfg(target_arch = "wasm32")]
fn live_facts(
    _: &framesmith::Workspace,
    _: &framesmith::workspace::Deployment,
) -> framesmith::doctor::seen::Seen {
    framesmith::doctor::seen::Seen::default()
}

#[cfg(not(target_arch = "wasm32"))]
fn live_facts(
    ws: &framesmith::Workspace,
    d: &framesmith::workspace::Deployment,
) -> framesmith::doctor::seen::Seen {
    let apps = framesmith::catalogue::region(ws.region_of(d))
        .map(|r| format!("https://apps.{}", r.domain))
        .unwrap_or_default();
    let mut preflights = framesmith::doctor::seen::preflights(ws, d);
    for p in &mut preflights {
        match live::preflight(&p.url, &apps, &p.method, &p.headers, LIVE_TIMEOUT) {
            Ok((status, answer)) => {
                p.status = Some(status);
                p.answer = answer;
            }
            Err(e) => p.failure = Some(e),
        }
    }
    // The page Genesys serves the softphone from: its policy, not the CRM page's, decides
    // whether WebAssembly compiles there. Unreachable: nothing is said.
    let softphone_csp = d.screen_pop.as_ref().and_then(|_| {
        // A stand-in for Genesys' page where a test (or a proxy) gives one.
        let url = std::env::var(SOFTPHONE_ENV)
            .unwrap_or_else(|_| format!("{apps}/crm/embeddableFramework.html"));
        live::fetch_page(&url, LIVE_TIMEOUT).ok().map(|p| {
            p.headers
                .into_iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case("content-security-policy"))
                .map(|(_, v)| v)
                .collect()
        })
    });
    framesmith::doctor::seen::Seen {
        preflights,
        softphone_csp,
    }
}
