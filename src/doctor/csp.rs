//! Content-Security-Policy as CSP Level 3 reads it, for the three questions doctor asks:
//! may the page frame `https://apps.<domain>` (`frame-src`, falling back to `child-src`
//! then `default-src`), run its own module script (`script-src`, then `default-src`), and
//! fetch the host route's API (`connect-src`, then `default-src`). A header may carry
//! several policies (comma-separated) and a page may add `<meta>` ones: every enforced
//! policy must allow a load for it to happen.

/// One policy: its directives in order, the first of a name winning as browsers do.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub directives: Vec<(String, Vec<String>)>,
}

/// The policies of one header value (or one `<meta>` content).
pub fn parse(value: &str) -> Vec<Policy> {
    value
        .split(',')
        .map(|p| {
            let mut directives: Vec<(String, Vec<String>)> = Vec::new();
            for d in p.split(';') {
                let mut words = d.split_ascii_whitespace();
                let Some(name) = words.next() else { continue };
                let name = name.to_ascii_lowercase();
                if directives.iter().any(|(n, _)| *n == name) {
                    continue;
                }
                directives.push((name, words.map(str::to_string).collect()));
            }
            Policy { directives }
        })
        .filter(|p| !p.directives.is_empty())
        .collect()
}

impl Policy {
    pub fn get(&self, name: &str) -> Option<&[String]> {
        self.directives
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    /// The directive that governs `kind` (`frame-src`, `script-src`, `connect-src`), by
    /// CSP's fallback lists, and its sources; None when nothing governs it.
    pub fn governing(&self, kind: &str) -> Option<(&'static str, &[String])> {
        let chain: &[&'static str] = match kind {
            "frame-src" => &["frame-src", "child-src", "default-src"],
            "script-src" => &["script-src-elem", "script-src", "default-src"],
            _ => &["connect-src", "default-src"],
        };
        chain.iter().find_map(|n| self.get(n).map(|v| (*n, v)))
    }
}

/// Whether `sources` allow a load of `url` (scheme://host[:port]/path) from a page at
/// `page_origin`. Keywords other than 'self' and 'none' allow no URL.
pub fn allows(sources: &[String], url: &str, page_origin: &str) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    let (hostport, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (host, port) = split_port(hostport, scheme);
    let page_scheme = page_origin.split_once("://").map_or("https", |(s, _)| s);
    sources.iter().any(|s| {
        let s = s.as_str();
        let lower = s.to_ascii_lowercase();
        if lower == "'self'" {
            return url
                .to_ascii_lowercase()
                .starts_with(&page_origin.to_ascii_lowercase())
                && (url.len() == page_origin.len() || url.as_bytes()[page_origin.len()] == b'/');
        }
        if s.starts_with('\'') {
            return false;
        }
        if s == "*" {
            return matches!(scheme, "http" | "https" | "ws" | "wss");
        }
        if let Some(only) = lower.strip_suffix(':')
            && !only.contains('/')
        {
            // A scheme source; https: also allows wss:, http: allows https:.
            return only == scheme
                || (only == "http" && scheme == "https")
                || (only == "ws" && scheme == "wss");
        }
        let (s_scheme, s_rest) = match lower.split_once("://") {
            Some((a, b)) => (Some(a.to_string()), b.to_string()),
            None => (None, lower.clone()),
        };
        let scheme_ok = match &s_scheme {
            Some(a) => a == scheme || (a == "http" && scheme == "https"),
            // No scheme: the page's own, upgraded as CSP allows.
            None => scheme == page_scheme || (page_scheme == "http" && scheme == "https"),
        };
        if !scheme_ok {
            return false;
        }
        let (s_hostport, s_path) = s_rest.split_at(s_rest.find('/').unwrap_or(s_rest.len()));
        let (s_host, s_port) = match s_hostport.rsplit_once(':') {
            Some((h, p))
                if !h.is_empty() && (p == "*" || p.chars().all(|c| c.is_ascii_digit())) =>
            {
                (h, Some(p))
            }
            _ => (s_hostport, None),
        };
        let host_ok = match s_host.strip_prefix("*.") {
            Some(suffix) => host.len() > suffix.len() + 1 && host.ends_with(&format!(".{suffix}")),
            None => s_host == "*" || s_host == host,
        };
        let default_port = if s_scheme.as_deref().unwrap_or(scheme) == "http" {
            "80"
        } else {
            "443"
        };
        let port_ok = match s_port {
            Some("*") => true,
            Some(p) => p == port || (p == default_port && (port == "80" || port == "443")),
            None => port == "443" || port == "80",
        };
        let path_ok = s_path.is_empty()
            || s_path == "/"
            || if s_path.ends_with('/') {
                path.starts_with(s_path)
            } else {
                path == s_path
            };
        host_ok && port_ok && path_ok
    })
}

fn split_port<'a>(hostport: &'a str, scheme: &str) -> (String, &'a str) {
    match hostport.rsplit_once(':') {
        Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty() => {
            (h.to_ascii_lowercase(), p)
        }
        _ => (
            hostport.to_ascii_lowercase(),
            if scheme == "http" { "80" } else { "443" },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::{allows, parse};

    fn src(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    const APPS: &str = "https://apps.mypurecloud.ie";
    const PAGE: &str = "https://crm.example.com";

    #[test]
    fn source_expressions_match_as_csp_reads_them() {
        for (list, ok) in [
            ("https://apps.mypurecloud.ie", true),
            ("apps.mypurecloud.ie", true),
            ("*.mypurecloud.ie", true),
            ("https://*.mypurecloud.ie", true),
            ("https:", true),
            ("*", true),
            ("https://apps.mypurecloud.ie:443", true),
            ("https://apps.mypurecloud.com", false),
            ("*.apps.mypurecloud.ie", false),
            ("'self'", false),
            ("'none'", false),
            ("http://apps.mypurecloud.ie", true),
            ("https://apps.mypurecloud.ie:8443", false),
        ] {
            assert_eq!(
                allows(&src(list), &format!("{APPS}/crm/index.html"), PAGE),
                ok,
                "{list}"
            );
        }
        assert!(allows(
            &src("'self'"),
            "https://crm.example.com/api/x",
            PAGE
        ));
        assert!(!allows(
            &src("'self'"),
            "https://crm.example.com.evil.io/api/x",
            PAGE
        ));
        assert!(allows(
            &src("https://crm.example.com/api/"),
            "https://crm.example.com/api/accounts",
            PAGE
        ));
        assert!(!allows(
            &src("https://crm.example.com/api/"),
            "https://crm.example.com/other",
            PAGE
        ));
    }

    #[test]
    fn a_header_may_hold_several_policies_and_falls_back_by_directive() {
        let p =
            parse("default-src 'self'; frame-src https://apps.mypurecloud.ie, script-src 'self'");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].governing("frame-src").unwrap().0, "frame-src");
        assert_eq!(p[0].governing("connect-src").unwrap().0, "default-src");
        assert!(p[1].governing("frame-src").is_none());
    }
}
