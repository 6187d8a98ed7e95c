//! JSON pointers (RFC 6901): how every diagnostic names the place it is about.

/// Append one reference token to a pointer, escaping `~` and `/`.
pub fn push(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Append an array index to a pointer.
/// `push` into a buffer the caller keeps: a walk over a whole value appends a token, looks
/// at the child and truncates back, so a path is only copied where a finding needs one.
pub fn push_into(buf: &mut String, token: &str) {
    buf.push('/');
    for c in token.chars() {
        match c {
            '~' => buf.push_str("~0"),
            '/' => buf.push_str("~1"),
            c => buf.push(c),
        }
    }
}

pub fn index(base: &str, i: usize) -> String {
    format!("{base}/{i}")
}

/// The pointer one level up (`/a/b` → `/a`; `/a` → ``).
pub fn parent(pointer: &str) -> Option<&str> {
    pointer.rfind('/').map(|i| &pointer[..i])
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_and_parents() {
        assert_eq!(super::push("/settings", "a/b~c"), "/settings/a~1b~0c");
        let mut buf = String::from("/settings");
        super::push_into(&mut buf, "a/b~c");
        assert_eq!(buf, super::push("/settings", "a/b~c"));
        assert_eq!(super::index("/deployment", 2), "/deployment/2");
        assert_eq!(super::parent("/deployment/2"), Some("/deployment"));
        assert_eq!(super::parent("/deployment"), Some(""));
        assert_eq!(super::parent(""), None);
    }
}
