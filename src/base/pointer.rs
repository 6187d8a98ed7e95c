//! JSON pointers (RFC 6901): how every diagnostic names the place it is about.

/// Append one reference token to a pointer, escaping `~` and `/`.
pub fn push(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    push_into(&mut out, token);
    out
}

/// `push` into a buffer the caller keeps: a walk over a whole value appends a token, looks
/// at the child and truncates back, so a path is only copied where a finding needs one.
pub fn push_into(buf: &mut String, token: &str) {
    buf.push('/');
    // Most keys need no escape: one copy, not a push per character. Not in the runtime
    // modules, which walk few keys and whose budget has no room for a second path.
    #[cfg(not(feature = "runtime"))]
    if !token.contains(['~', '/']) {
        buf.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => buf.push_str("~0"),
            '/' => buf.push_str("~1"),
            c => buf.push(c),
        }
    }
}

/// Append an array index to a pointer.
pub fn index(base: &str, i: usize) -> String {
    let mut out = String::with_capacity(base.len() + 4);
    out.push_str(base);
    index_into(&mut out, i);
    out
}

/// `index` into a buffer the caller keeps (see `push_into`).
#[cfg(feature = "runtime")]
pub fn index_into(buf: &mut String, i: usize) {
    use std::fmt::Write;
    let _ = write!(buf, "/{i}");
}

/// `index` into a buffer the caller keeps (see `push_into`).
#[cfg(not(feature = "runtime"))]
pub fn index_into(buf: &mut String, i: usize) {
    // Digits by hand: `format!` goes through the formatting machinery for every index.
    let mut digits = [0u8; 20];
    let mut n = i;
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.push('/');
    buf.extend(digits[k..].iter().map(|&d| d as char));
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
        for i in [0, 7, 10, 99, 1234, usize::MAX] {
            assert_eq!(super::index("/a", i), format!("/a/{i}"));
        }
        assert_eq!(super::parent("/deployment/2"), Some("/deployment"));
        assert_eq!(super::parent("/deployment"), Some(""));
        assert_eq!(super::parent(""), None);
    }
}
