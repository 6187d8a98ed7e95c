//! Quoting user text inside a message: odd characters made visible, credentials named and
//! never repeated. Every message of every product quotes through here (`diagnostic` hands it on).

use std::fmt::Write as _;

/// Whether a character would act on a terminal or change how text around it reads
/// (controls such as NUL, ESC and DEL, zero-width and direction-changing characters).
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}')
}

/// Push `c`, written as `\u{..}` when it is invisible, so that text from a user's file can
/// neither drive a terminal nor hide or reorder what is shown.
pub fn push_visible(out: &mut String, c: char) {
    if is_invisible(c) {
        let _ = write!(out, "\\u{{{:x}}}", c as u32);
    } else {
        out.push(c);
    }
}

/// `s` with every invisible or terminal-driving character written as `\u{..}`: for text
/// from outside (file names, keys, a CRM's words) that a human report shows as it is.
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_visible(&mut out, c);
    }
    out
}

/// Quote a user value inside a message so that odd characters stay visible: quotes and
/// backslashes escaped, control, invisible and direction-changing characters written as
/// `\u{..}`, long values cut at 80 characters. (As Rust's `{:?}` writes strings, without
/// the Unicode tables that would cost the browser module 4 KB.)
pub fn quote(value: &str) -> String {
    const MAX: usize = 80;
    // Whatever is quoted back reaches terminals, CI logs and SARIF files: a value that
    // looks like a credential is named, never repeated. (The runtime module quotes only
    // what it was configured with, and leaves the detector out for its size.)
    #[cfg(not(feature = "runtime"))]
    if let Some(what) = crate::base::secret::looks_secret(value) {
        return format!("[hidden: {what}]");
    }
    let mut out = String::with_capacity(value.len().min(MAX) + 2);
    out.push('"');
    for c in value.chars().take(MAX) {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => push_visible(&mut out, c),
        }
    }
    if value.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out.push('"');
    out
}
