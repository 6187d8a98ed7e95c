//! Just enough URL splitting to judge origins and redirect URIs and say precisely what is
//! wrong with them. Not a general URL parser: it never needs to resolve or normalise.

/// The parts of an absolute URL, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url<'a> {
    pub scheme: &'a str,
    pub userinfo: Option<&'a str>,
    pub host: &'a str,
    pub port: Option<&'a str>,
    /// Everything from the first `/` after the authority (empty when absent).
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub fragment: Option<&'a str>,
}

/// Split `s` as `scheme://[userinfo@]host[:port][path][?query][#fragment]`.
pub fn split(s: &str) -> Option<Url<'_>> {
    let (scheme, rest) = s.split_once("://")?;
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return None;
    }
    let (rest, fragment) = match rest.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (rest, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let (host, port) = if hostport.starts_with('[') {
        match hostport.find(']') {
            Some(i) => (&hostport[..=i], hostport[i + 1..].strip_prefix(':')),
            None => return None,
        }
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    if host.is_empty() {
        return None;
    }
    Some(Url {
        scheme,
        userinfo,
        host,
        port,
        path,
        query,
        fragment,
    })
}

impl Url<'_> {
    /// The origin, as browsers compare it: scheme and host lower-cased, the default port
    /// dropped, no user information.
    pub fn origin(&self) -> String {
        let mut o = self.scheme.to_ascii_lowercase();
        o.push_str("://");
        o.push_str(&self.host.to_ascii_lowercase());
        if let Some(p) = self.shown_port() {
            o.push(':');
            o.push_str(p);
        }
        o
    }

    /// `self.origin() == other.origin()`, without building either: a pop URL is compared
    /// with the CRM's origins on every check and every pop.
    pub fn same_origin(&self, other: &Url<'_>) -> bool {
        self.scheme.eq_ignore_ascii_case(other.scheme)
            && self.host.eq_ignore_ascii_case(other.host)
            && self.shown_port() == other.shown_port()
    }

    /// The port as `origin` writes it: none where it is the scheme's default.
    fn shown_port(&self) -> Option<&str> {
        let default = match self.port {
            Some("443") => self.scheme.eq_ignore_ascii_case("https"),
            Some("80") => self.scheme.eq_ignore_ascii_case("http"),
            _ => false,
        };
        self.port.filter(|p| !p.is_empty() && !default)
    }
}

/// The URL a pagination `next` link leads to, resolved against the first request's `base`,
/// or None when it leads to another origin (or is not a URL): the request carries the
/// CRM's token, which may go only to the origin it was issued for.
pub fn same_origin_link(base: &str, link: &str) -> Option<String> {
    let b = split(base)?;
    if link.starts_with('/') && !link.starts_with("//") {
        return Some(format!("{}{link}", b.origin()));
    }
    let l = split(link)?;
    (l.userinfo.is_none() && l.same_origin(&b)).then(|| link.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_parts() {
        let u = split("https://u:p@Acme.example.com:8443/a/b?x=1#f").unwrap();
        assert_eq!(
            u,
            Url {
                scheme: "https",
                userinfo: Some("u:p"),
                host: "Acme.example.com",
                port: Some("8443"),
                path: "/a/b",
                query: Some("x=1"),
                fragment: Some("f")
            }
        );
        let u = split("http://[::1]:80").unwrap();
        assert_eq!((u.host, u.port, u.path), ("[::1]", Some("80"), ""));
        assert!(split("acme.example.com").is_none());
        assert_eq!(
            split("HTTPS://Acme.COM:443/x").unwrap().origin(),
            "https://acme.com"
        );
        assert!(split("https://").is_none());
    }

    #[test]
    fn same_origin_is_comparing_origins() {
        let urls = [
            "https://acme.example.com",
            "HTTPS://Acme.Example.COM:443/x",
            "https://acme.example.com:",
            "https://acme.example.com:8443",
            "https://acme.example.com:0443",
            "http://acme.example.com",
            "http://acme.example.com:80/",
            "http://acme.example.com:443",
            "https://acme.example.com:80",
            "wss://acme.example.com:443",
            "https://u:p@acme.example.com",
            "https://[::1]:443",
            "https://[::1]",
            "https://evil.example.net",
        ];
        // The origin as it was written before `shown_port` (format! for each part).
        let before = |u: &Url| {
            let scheme = u.scheme.to_ascii_lowercase();
            let port = match (scheme.as_str(), u.port) {
                ("https", Some("443")) | ("http", Some("80")) | (_, None | Some("")) => {
                    String::new()
                }
                (_, Some(p)) => format!(":{p}"),
            };
            format!("{scheme}://{}{port}", u.host.to_ascii_lowercase())
        };
        for a in urls {
            let x = split(a).unwrap();
            assert_eq!(x.origin(), before(&x), "{a}");
            for b in urls {
                let y = split(b).unwrap();
                assert_eq!(x.same_origin(&y), before(&x) == before(&y), "{a} {b}");
            }
        }
    }

    #[test]
    fn next_links_stay_on_the_origin() {
        let base = "https://crm.example.com/api/v1/accounts?phone=1";
        for (link, want) in [
            (
                "https://crm.example.com/api/v1/accounts?page=2",
                Some("https://crm.example.com/api/v1/accounts?page=2"),
            ),
            (
                "https://CRM.example.com:443/a",
                Some("https://CRM.example.com:443/a"),
            ),
            (
                "/api/v1/accounts?page=2",
                Some("https://crm.example.com/api/v1/accounts?page=2"),
            ),
            ("https://evil.example.net/steal", None),
            ("http://crm.example.com/a", None),
            ("https://crm.example.com:8443/a", None),
            ("https://crm.example.com.evil.net/a", None),
            ("https://crm.example.com@evil.net/a", None),
            ("https://user@crm.example.com/a", None),
            ("//evil.example.net/a", None),
            ("javascript:alert(1)", None),
        ] {
            assert_eq!(same_origin_link(base, link).as_deref(), want, "{link}");
        }
    }
}
