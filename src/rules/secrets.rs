//! Secrets where only public values belong. Everything a deployment holds ends up in
//! framework.js or its checklist, which agents' browsers download: a client secret, token,
//! password or private key there is a leak. Findings never repeat the secret itself.

use serde_json::Value;

use super::Ctx;
use crate::diagnostic::{Code, Diagnostic};
use crate::pointer;

/// Why `s` looks like a secret, if it does.
pub fn looks_secret(s: &str) -> Option<&'static str> {
    let t = s.trim();
    if t.contains("-----BEGIN") {
        return Some("a PEM key");
    }
    let dots = t.matches('.').count();
    if t.starts_with("eyJ") && dots == 2 && t.len() > 30 {
        return Some("a JSON Web Token");
    }
    let lower = t.to_ascii_lowercase();
    if (lower.starts_with("bearer ") || lower.starts_with("basic ")) && t.len() > 16 {
        return Some("an Authorization header value");
    }
    const PREFIXES: &[&str] = &[
        "sk_live_",
        "sk_test_",
        "rk_live_",
        "ghp_",
        "gho_",
        "ghs_",
        "github_pat_",
        "xoxb-",
        "xoxp-",
        "xoxa-",
        "glpat-",
        "AIza",
    ];
    if PREFIXES.iter().any(|p| t.starts_with(p)) && t.len() >= 20 {
        return Some("an API key");
    }
    if t.len() == 20
        && t.starts_with("AKIA")
        && t.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return Some("an AWS access key");
    }
    if let Some((_, rest)) = t.split_once("://")
        && let Some((userinfo, _)) = rest.split('/').next().unwrap_or("").rsplit_once('@')
        && userinfo.contains(':')
    {
        return Some("a URL with a password");
    }
    if random_token(t) {
        return Some("a long random token");
    }
    None
}

/// Long, unbroken, mixed-case-and-digit strings with high entropy: what client secrets and
/// API keys look like, and what names, URLs and UUIDs do not.
fn random_token(t: &str) -> bool {
    if t.len() < 32
        || !t
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-+/=~".contains(&b))
    {
        return false;
    }
    let upper = t.bytes().any(|b| b.is_ascii_uppercase());
    let lower = t.bytes().any(|b| b.is_ascii_lowercase());
    let digit = t.bytes().filter(|b| b.is_ascii_digit()).count() >= 2;
    if !(upper && lower && digit) {
        return false;
    }
    let mut counts = [0usize; 128];
    for b in t.bytes() {
        counts[b as usize] += 1;
    }
    let n = t.len() as f64;
    let entropy: f64 = counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum();
    entropy >= 4.2
}

/// Key names that say their value is a secret.
pub fn secret_key_name(key: &str) -> bool {
    let k: String = key
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    [
        "secret",
        "password",
        "passwd",
        "privatekey",
        "apikey",
        "accesstoken",
        "refreshtoken",
        "bearer",
    ]
    .iter()
    .any(|w| k.contains(w))
}

fn finding(path: &str, what: &str, hint: &str) -> Diagnostic {
    Diagnostic::new(
        Code::SecretExposed,
        path,
        format!("this value looks like {what}; it would be public in framework.js"),
        hint,
    )
}

fn scan(value: &Value, path: &str, out: &mut Vec<Diagnostic>) {
    match value {
        Value::String(s) => {
            if let Some(what) = looks_secret(s) {
                out.push(finding(
                    path,
                    what,
                    "remove it: secrets belong in a credential vault, never in a deployment",
                ));
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                scan(v, &pointer::index(path, i), out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let p = pointer::push(path, k);
                if secret_key_name(k) && !matches!(v, Value::Bool(_) | Value::Null) {
                    out.push(Diagnostic::new(
                        Code::SecretExposed,
                        p,
                        format!(
                            "key {} names a secret; framework.js is public",
                            crate::diagnostic::quote(k)
                        ),
                        "remove it: a deployment never needs a secret",
                    ));
                    continue;
                }
                scan(v, &p, out);
            }
        }
        _ => {}
    }
}

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (_, d, path) in ctx.deployments() {
        // Everything the deployment holds is public: scan it whole, as the page or file has it.
        scan(&crate::workspace::value::deployment(d), &path, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_secrets_and_spares_ordinary_values() {
        assert_eq!(
            looks_secret("Zk3vQ9x_Lr2mT8pW4aB7nC1dE6fG0hJ5kM-sNqR"),
            Some("a long random token")
        );
        assert!(looks_secret("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghijk").is_some());
        assert!(looks_secret("Bearer abcdefghijklmnop").is_some());
        assert!(looks_secret("https://user:pw@acme.example.com").is_some());
        assert!(looks_secret("-----BEGIN PRIVATE KEY-----").is_some());
        for fine in [
            "5b0c7e64-2f1d-4c8a-9e3b-7a41d2c9f015",
            "https://acme.crm4.dynamics.com",
            "Acme Dynamics",
            "PT_TransferContext",
            "enableConfigurableCallerID",
            "{crmBaseEndpoint}/accounts/new?phone={phone}",
            "https://apps.mypurecloud.ie/crm/index.html",
        ] {
            assert_eq!(looks_secret(fine), None, "{fine}");
        }
        assert!(secret_key_name("client_secret"));
        assert!(secret_key_name("apiKey"));
        assert!(!secret_key_name("clientId"));
    }
}
