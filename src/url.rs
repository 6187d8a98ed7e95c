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
        assert!(split("https://").is_none());
    }
}
