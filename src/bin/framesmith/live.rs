//! `test-source --live`: the data source's requests sent for real to the admin's own CRM,
//! with a token given on the command line or obtained by the instance's client-credentials
//! flow (the secret comes from the environment, never from the workspace). Only https is
//! used, except to this machine itself.

use std::io::Read;
use std::time::Duration;

use framesmith::datasource::{self, Request};
use framesmith::workspace::{Integration, IntegrationType};
use serde_json::Value;

/// The environment variable holding the CRM client secret for the client-credentials flow.
pub const SECRET_ENV: &str = "FRAMESMITH_CLIENT_SECRET";

pub struct Live {
    client: reqwest::blocking::Client,
    token: String,
}

/// Whether a URL may be called: https anywhere, plain http only on this machine.
fn allowed(url: &str) -> bool {
    if url.starts_with("https://") {
        return true;
    }
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once(':').map_or(host, |(h, p)| {
        if p.chars().all(|c| c.is_ascii_digit()) {
            h
        } else {
            host
        }
    });
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

pub fn check_url(url: &str) -> Result<(), String> {
    if allowed(url) {
        Ok(())
    } else {
        Err(format!(
            "{url}: live requests go over https (plain http only to 127.0.0.1 or localhost)"
        ))
    }
}

impl Live {
    /// Prepare live requests: `token` if given, else a client-credentials token from the
    /// instance's tokenEndpoint and clientId with the secret in FRAMESMITH_CLIENT_SECRET.
    pub fn new(
        ty: &IntegrationType,
        inst: Option<&Integration>,
        token: Option<String>,
        timeout: Duration,
    ) -> Result<Live, String> {
        let client = reqwest::blocking::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot start an HTTPS client: {e}"))?;
        let token = match token {
            Some(t) => t,
            None => client_credentials(&client, ty, inst)?,
        };
        Ok(Live { client, token })
    }

    /// Send one request; the status and at most `limit + 1` bytes of the body (so the
    /// size check can tell a body over the limit).
    pub fn send(&self, r: &Request, limit: usize) -> Result<(u16, Vec<u8>), String> {
        check_url(&r.url)?;
        let method = reqwest::Method::from_bytes(r.method.as_bytes())
            .map_err(|_| format!("method {:?} is not an HTTP method", r.method))?;
        let mut req = self
            .client
            .request(method, &r.url)
            .header("Authorization", format!("Bearer {}", self.token));
        for (k, v) in &r.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        if let Some(b) = &r.body {
            req = req.body(b.clone());
        }
        let resp = req.send().map_err(|e| format!("{}: {e}", r.url))?;
        let status = resp.status().as_u16();
        let mut body = Vec::new();
        resp.take(limit as u64 + 1)
            .read_to_end(&mut body)
            .map_err(|e| format!("{}: reading the response: {e}", r.url))?;
        Ok((status, body))
    }
}

/// The most of a token endpoint's answer `--live` reads.
const MAX_TOKEN_ANSWER: usize = 64 * 1024;

fn client_credentials(
    client: &reqwest::blocking::Client,
    ty: &IntegrationType,
    inst: Option<&Integration>,
) -> Result<String, String> {
    let prop = |k: &str| {
        inst.and_then(|i| i.properties.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let endpoint = prop("tokenEndpoint").ok_or(
        "no token: pass --token, or give the instance a tokenEndpoint and clientId for the client-credentials flow",
    )?;
    check_url(&endpoint)?;
    let client_id = prop("clientId").ok_or("the instance has no clientId")?;
    let secret = std::env::var(SECRET_ENV).map_err(|_| {
        format!("set {SECRET_ENV} to the CRM client secret (the workspace only holds its vault reference)")
    })?;
    let form = [
        ("grant_type", "client_credentials".to_string()),
        ("client_id", client_id),
        ("client_secret", secret),
        ("scope", ty.required_scopes.join(" ")),
    ];
    let body: String = form
        .iter()
        .map(|(k, v)| format!("{k}={}", datasource::template::percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let resp = client
        .post(&endpoint)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .body(body)
        .send()
        .map_err(|e| format!("{endpoint}: {e}"))?;
    let status = resp.status().as_u16();
    // A token answer is a few hundred bytes: read at most MAX_TOKEN_ANSWER and one more.
    let mut bytes = Vec::new();
    resp.take(MAX_TOKEN_ANSWER as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{endpoint}: reading the answer: {e}"))?;
    if bytes.len() > MAX_TOKEN_ANSWER {
        return Err(format!(
            "the token endpoint's answer is over {MAX_TOKEN_ANSWER} bytes, which no token answer needs"
        ));
    }
    if !(200..300).contains(&status) {
        return Err(format!(
            "the token endpoint answered HTTP {status}: {}",
            datasource::error_text(&bytes)
        ));
    }
    serde_json::from_slice::<Value>(&bytes)
        .ok()
        .and_then(|v| {
            v.get("access_token")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .ok_or_else(|| "the token endpoint's answer has no access_token".to_string())
}

/// A CRM page fetched for `framesmith doctor --live`: where it ended up, its headers and
/// its text.
pub struct FetchedPage {
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub html: String,
}

/// An HTTPS client with a time limit on every request that follows no redirect by itself:
/// each caller decides which redirects a browser would follow.
fn client(timeout: Duration) -> Result<reqwest::blocking::Client, String> {
    reqwest::blocking::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| format!("cannot start an HTTPS client: {e}"))
}

/// The CORS preflight a browser sends before the direct route's request from `origin`:
/// OPTIONS with the method and the header names, nothing of the request's own. Its status
/// and headers; redirects are not followed (a browser fails a redirected preflight).
pub fn preflight(
    url: &str,
    origin: &str,
    method: &str,
    headers: &[String],
    timeout: Duration,
) -> Result<(u16, Vec<(String, String)>), String> {
    check_url(url)?;
    let client = client(timeout)?;
    let mut req = client
        .request(reqwest::Method::OPTIONS, url)
        .header("Origin", origin)
        .header("Access-Control-Request-Method", method);
    if !headers.is_empty() {
        req = req.header("Access-Control-Request-Headers", headers.join(","));
    }
    let resp = req.send().map_err(|e| format!("{url}: {e}"))?;
    Ok((
        resp.status().as_u16(),
        resp.headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
    ))
}

/// The most of a page `doctor --live` reads, and how many redirects it follows.
const MAX_PAGE: usize = 8 * 1024 * 1024;
const MAX_REDIRECTS: usize = 5;

/// Fetch `url` as a browser would load the CRM page, following redirects only within its
/// origin (a sign-in page elsewhere is said, not followed), with a time and size limit.
pub fn fetch_page(url: &str, timeout: Duration) -> Result<FetchedPage, String> {
    check_url(url)?;
    let client = client(timeout)?;
    let origin = |u: &str| framesmith::base::url::split(u).map(|u| u.origin());
    let first = origin(url).ok_or_else(|| format!("{url} is not a URL"))?;
    let mut at = url.to_string();
    for _ in 0..=MAX_REDIRECTS {
        let resp = client
            .get(&at)
            .header("Accept", "text/html")
            .send()
            .map_err(|e| format!("{at}: {e}"))?;
        let status = resp.status();
        if status.is_redirection() {
            let loc = resp
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| format!("{at}: a redirect without a Location"))?;
            let next = resp
                .url()
                .join(loc)
                .map_err(|e| format!("{at}: redirect to {loc:?}: {e}"))?
                .to_string();
            if origin(&next).as_deref() != Some(first.as_str()) {
                return Err(format!(
                    "{at} redirects to {next}, another origin (a sign-in page?): doctor follows redirects only within {first}; save the page as the agent sees it and pass --html"
                ));
            }
            check_url(&next)?;
            at = next;
            continue;
        }
        if !status.is_success() {
            return Err(format!("{at}: the server answered {status}"));
        }
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body = Vec::new();
        resp.take(MAX_PAGE as u64 + 1)
            .read_to_end(&mut body)
            .map_err(|e| format!("{at}: reading the page: {e}"))?;
        if body.len() > MAX_PAGE {
            return Err(format!("{at}: the page is over {} MB", MAX_PAGE >> 20));
        }
        return Ok(FetchedPage {
            url: at,
            headers,
            html: String::from_utf8_lossy(&body).into_owned(),
        });
    }
    Err(format!("{url}: more than {MAX_REDIRECTS} redirects"))
}

#[cfg(test)]
mod tests {
    use super::allowed;

    #[test]
    fn only_https_or_this_machine() {
        assert!(allowed("https://crm.example.com/x"));
        assert!(allowed("http://127.0.0.1:8080/x"));
        assert!(allowed("http://localhost/x"));
        assert!(!allowed("http://crm.example.com/x"));
        assert!(!allowed("http://127.0.0.1.evil.com/x"));
        assert!(!allowed("ftp://x"));
    }
}
