//! The secret detector: whether a string or a key name looks like a credential. One detector
//! for every product: the rules refuse secrets in the workspace, lint finds them in a
//! framework.js, and every message (`base::text::quote`) names one instead of repeating it.

/// Why `s` looks like a secret, if it does.
pub fn looks_secret(s: &str) -> Option<&'static str> {
    let t = s.trim();
    if has(t, b"-----BEGIN") {
        return Some("a PEM key");
    }
    if t.starts_with("eyJ") && t.len() > 30 && t.matches('.').count() == 2 {
        return Some("a JSON Web Token");
    }
    // Every string of a workspace comes here: the prefix is compared in place, not copied.
    let starts = |p: &[u8]| {
        t.as_bytes()
            .get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    if (starts(b"bearer ") || starts(b"basic ")) && t.len() > 16 {
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
    if let Some(at) = find(t, b"://")
        && let rest = &t[at + 3..]
        && let Some((userinfo, _)) = rest.split('/').next().unwrap_or("").rsplit_once('@')
        && userinfo.contains(':')
    {
        return Some("a URL with a password");
    }
    if random_token(t) {
        return Some("a long random token");
    }
    if t.len() >= 40 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some("a long hexadecimal token");
    }
    embedded(t)
}

/// Where `needle` first is in `t`. Every string of a workspace is searched for the same
/// two short needles: tried where the first byte matches, with none of a substring
/// searcher's set-up per call, which cost more than the search.
fn find(t: &str, needle: &[u8]) -> Option<usize> {
    let b = t.as_bytes();
    (0..b.len()).find(|&i| b[i] == needle[0] && b[i..].starts_with(needle))
}

fn has(t: &str, needle: &[u8]) -> bool {
    find(t, needle).is_some()
}

/// A value written into a template or reference rather than the secret itself:
/// `{apiKey}`, `${credentials.token}`, `$.token`, `vault:crm-secret`, or nothing.
pub fn reference(v: &str) -> bool {
    let v = v.trim().trim_matches(['"', '\'']);
    v.is_empty()
        || (v.starts_with('{') && v.ends_with('}'))
        || v.starts_with("${")
        || v.starts_with("$.")
        || v.starts_with("{{")
}

/// A secret named inside a longer text: `?api_key=...` or `&client_secret=...` in a URL or
/// form body, `"password": "..."` in a JSON body, `Bearer ...` after a header name.
fn embedded(t: &str) -> Option<&'static str> {
    for part in t.split(['?', '&', ',', '{', '}', ';', '\n']) {
        let Some((k, v)) = part.split_once(['=', ':']) else {
            continue;
        };
        // `https://host` splits at `:` into a scheme, which no secret's name looks like.
        let k = k.trim().trim_matches(['"', '\'']);
        let v = v.trim();
        let bare = v.trim_matches(['"', '\'']);
        // A secret is one unbroken word; "Token: refreshed hourly" is prose.
        if secret_key_name(k)
            && !reference(v)
            && bare.len() >= 4
            && !bare.contains(char::is_whitespace)
        {
            return Some("a text with a secret in it");
        }
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

/// Key names that say their value is a secret: judged on the key's ASCII letters and
/// digits, lower-cased (`API_Key`, `api-key` and `apiKey` alike). The check looks at every
/// key of a workspace, so the letters are gathered on the stack, not in a new String.
pub fn secret_key_name(key: &str) -> bool {
    let mut small = [0u8; 64];
    let mut large = Vec::new();
    let mut n = 0;
    for b in key.bytes().filter(u8::is_ascii_alphanumeric) {
        let b = b.to_ascii_lowercase();
        if n < small.len() {
            small[n] = b;
        } else {
            if large.is_empty() {
                large.extend_from_slice(&small);
            }
            large.push(b);
        }
        n += 1;
    }
    let bytes = if large.is_empty() {
        &small[..n]
    } else {
        &large[..]
    };
    const WORDS: [&[u8]; 10] = [
        b"secret",
        b"password",
        b"passwd",
        b"privatekey",
        b"apikey",
        b"accesstoken",
        b"refreshtoken",
        b"authtoken",
        b"apitoken",
        b"bearer",
    ];
    // Each word tried where its first letter is: keys are short, and a substring
    // searcher's set-up per word cost more than the search.
    let k = bytes;
    (0..k.len()).any(|i| WORDS.iter().any(|w| w[0] == k[i] && k[i..].starts_with(w)))
        || k.ends_with(b"token")
        || k.ends_with(b"authorization")
        || k.ends_with(b"apikey")
        || k == b"sig"
        || k == b"signature"
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key's letters as they were gathered before (two Strings per key).
    fn normalised_before(key: &str) -> String {
        key.to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect()
    }

    #[test]
    fn the_needle_search_finds_what_str_find_does() {
        for t in [
            "",
            ":",
            "://",
            "a://b",
            "é://",
            "x:y://z",
            "ab:/:/",
            "-----BEGIN",
            "--------BEGIN RSA",
            "é-----BEGI",
        ] {
            for needle in ["://", "-----BEGIN"] {
                assert_eq!(
                    find(t, needle.as_bytes()),
                    t.find(needle),
                    "{t:?} {needle:?}"
                );
            }
        }
    }

    /// Every key of up to three fragments: the words' pieces, their overlaps, separators.
    fn fragments() -> Vec<String> {
        let parts = [
            "",
            "api",
            "Key",
            "secret",
            "tok",
            "en",
            "pass",
            "wd",
            "word",
            "_",
            "-",
            "X",
            "sig",
            "nature",
            "bearer",
            "auth",
            "Token",
            "private",
            "access",
            "refresh",
            "orization",
            "s",
            "p",
            "a",
        ];
        let mut out = Vec::new();
        for a in parts {
            for b in parts {
                for c in parts {
                    out.push(format!("{a}{b}{c}"));
                }
            }
        }
        out
    }

    #[test]
    fn secret_key_names_are_judged_as_before_on_keys_short_and_long() {
        let long = format!("{}Token", "x".repeat(70));
        let long_plain = format!("{}name", "é-".repeat(50));
        for key in [
            "apiKey",
            "API_KEY",
            "api-key",
            "x-api-key",
            "clientSecret",
            "password",
            "Authorization",
            "proxy-authorization",
            "sig",
            "SIG",
            "signature",
            "signatures",
            "name",
            "tokens",
            "refresh_token",
            "Bearer",
            "privateKey",
            "",
            "é",
            "tökén",
            "crmBaseEndpoint",
            long.as_str(),
            long_plain.as_str(),
        ]
        .into_iter()
        .map(String::from)
        .chain(fragments())
        {
            let key = key.as_str();
            let k = normalised_before(key);
            let before = [
                "secret",
                "password",
                "passwd",
                "privatekey",
                "apikey",
                "accesstoken",
                "refreshtoken",
                "authtoken",
                "apitoken",
                "bearer",
            ]
            .iter()
            .any(|w| k.contains(w))
                || k.ends_with("token")
                || k.ends_with("authorization")
                || k.ends_with("apikey")
                || k == "sig"
                || k == "signature";
            assert_eq!(secret_key_name(key), before, "{key}");
        }
    }

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
        assert!(secret_key_name("X-API-Key"));
        assert!(secret_key_name("apiToken"));
        assert!(secret_key_name("Proxy-Authorization"));
        assert!(!secret_key_name("clientId"));
        assert!(!secret_key_name("tokenEndpoint"));
        assert!(!secret_key_name("authorizationEndpoint"));
        assert!(!secret_key_name("token_lifetime_seconds"));
        assert!(looks_secret(&"0123456789abcdef".repeat(4)).is_some());
        assert!(looks_secret("https://crm.example.com/api?q=1&api_key=abc123def").is_some());
        assert!(looks_secret("grant_type=client_credentials&client_secret=s3cr3tvalue").is_some());
        assert!(looks_secret(r#"{"user": "a", "password": "hunter22"}"#).is_some());
        for fine in [
            "https://crm.example.com/api?api_key={apiKey}&q=1",
            r#"{"client_secret": "${credentials.clientSecret}"}"#,
            "grant_type=client_credentials",
            "{crmBaseEndpoint}/api/v1/accounts?phone={phone}&fields=id,name",
        ] {
            assert_eq!(looks_secret(fine), None, "{fine}");
        }
    }
}
