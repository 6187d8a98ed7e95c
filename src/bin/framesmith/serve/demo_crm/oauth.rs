//! The demo CRM's OAuth server, for the direct route: Authorization Code with PKCE (S256,
//! approved at once, redirected only to this machine), refresh tokens (rotated, one use
//! each) and client credentials. Its tokens are counters, not secrets.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::json;

use super::{DemoCrm, loopback, pages};
use crate::serve::http::{Request, Response, encode, form};

#[derive(Default)]
pub struct Grants {
    issued: u64,
    /// Code: (challenge, redirect_uri).
    codes: HashMap<String, (String, String)>,
    /// Access token: when it stops working.
    access: HashMap<String, Instant>,
    refresh: HashMap<String, ()>,
}

impl Grants {
    /// Whether an `Authorization` header carries a live token, or why not.
    pub fn check(&self, header: &str, now: Instant) -> Result<(), &'static str> {
        let token = header.strip_prefix("Bearer ").unwrap_or("");
        match self.access.get(token) {
            Some(until) if *until > now => Ok(()),
            Some(_) => Err("the access token has expired"),
            None => Err("the access token is not one this CRM issued"),
        }
    }
}

/// RFC 4648 base64url without padding, as PKCE's S256 challenge is written.
fn base64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

pub fn s256(verifier: &str) -> String {
    base64url(&framesmith::standin::sha256::digest(verifier.as_bytes()))
}

fn oauth_error(status: u16, code: &str, description: &str) -> Response {
    Response::json(
        status,
        &json!({"error": code, "error_description": description}),
    )
}

impl DemoCrm {
    /// `GET /oauth/authorize`: approved at once, back to the redirect URI with a code.
    pub(super) fn authorize(&self, req: &Request) -> Response {
        let p = |k| req.param(k).unwrap_or("");
        let redirect = p("redirect_uri");
        let refuse = |why: &str| pages::error(400, why);
        if p("response_type") != "code" || p("client_id").is_empty() {
            return refuse("response_type=code and a client_id are required");
        }
        // Only back to this machine: never an open redirect.
        if !loopback(redirect) {
            return refuse(
                "redirect_uri must be a page on this machine (http://127.0.0.1 or http://localhost)",
            );
        }
        if p("code_challenge").is_empty() || p("code_challenge_method") != "S256" {
            return refuse("PKCE is required: code_challenge with code_challenge_method=S256");
        }
        let mut state = self.state();
        state.stats.authorizations += 1;
        state.oauth.issued += 1;
        let code = format!("demo-code-{}", state.oauth.issued);
        state
            .oauth
            .codes
            .insert(code.clone(), (p("code_challenge").into(), redirect.into()));
        let join = if redirect.contains('?') { '&' } else { '?' };
        let location = format!(
            "{redirect}{join}code={}&state={}",
            encode(&code),
            encode(p("state"))
        );
        Response::new(302, "text/plain", "").with("Location", location)
    }

    /// `POST /oauth/token`: client credentials, refresh token or authorization code.
    pub(super) fn token(&self, req: &Request, now: Instant) -> Response {
        let body = String::from_utf8_lossy(&req.body);
        let f = form(&body);
        let p = |k: &str| {
            f.iter()
                .find(|(n, _)| n == k)
                .map_or("", |(_, v)| v.as_str())
        };
        let mut state = self.state();
        let delay = Duration::from_millis(state.switches.latency_ms);
        state.stats.token_requests += 1;
        let refused = state.switches.invalid_grant;
        let with_refresh = match p("grant_type") {
            "client_credentials" => {
                state.stats.client_credentials += 1;
                false
            }
            "refresh_token" => {
                state.stats.refreshes += 1;
                if refused || state.oauth.refresh.remove(p("refresh_token")).is_none() {
                    return Response {
                        delay,
                        ..oauth_error(400, "invalid_grant", "the refresh token is not valid")
                    };
                }
                true
            }
            "authorization_code" => {
                state.stats.codes += 1;
                let code = state.oauth.codes.remove(p("code"));
                let good = code.is_some_and(|(challenge, redirect)| {
                    challenge == s256(p("code_verifier")) && redirect == p("redirect_uri")
                });
                if refused || !good {
                    return Response {
                        delay,
                        ..oauth_error(
                            400,
                            "invalid_grant",
                            "the code or its PKCE verifier is not valid",
                        )
                    };
                }
                true
            }
            _ => {
                return oauth_error(
                    400,
                    "unsupported_grant_type",
                    "grant_type is client_credentials, refresh_token or authorization_code",
                );
            }
        };
        let lifetime = state.switches.token_lifetime_seconds;
        let works_for = if state.switches.expire_early {
            lifetime.min(5)
        } else {
            lifetime
        };
        state.oauth.issued += 1;
        let n = state.oauth.issued;
        let access = format!("demo-at-{n}");
        state
            .oauth
            .access
            .insert(access.clone(), now + Duration::from_secs(works_for));
        let mut answer =
            json!({"access_token": access, "token_type": "Bearer", "expires_in": lifetime});
        if with_refresh {
            let refresh = format!("demo-rt-{n}");
            state.oauth.refresh.insert(refresh.clone(), ());
            answer["refresh_token"] = json!(refresh);
        }
        Response {
            delay,
            ..Response::json(200, &answer)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_s256_challenge_is_rfc_7636s() {
        // RFC 7636, appendix B.
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
    }
}
