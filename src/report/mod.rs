//! Human-readable diagnostics in the manner of rustc: severity and code, the message, the
//! file position with the source line underneath, the JSON pointer and the hint.

pub mod sarif;

use std::fmt::Write as _;

use crate::base::position::Index;
use crate::base::text::visible;
use crate::diagnostic::push_visible;
use crate::{Diagnostic, Severity};

pub fn human(file: &str, text: Option<&str>, diags: &[Diagnostic]) -> String {
    // Everything shown that came from outside (the file's name, a key in a pointer, words in
    // a message or hint) is made visible: a key holding ESC sequences must not retitle the
    // terminal or move its cursor.
    let file = &visible(file);
    // Lines and character positions are indexed once: looking each finding's line up from
    // the top of the file, or its column from the start of a one-line file, cost time with
    // the square of the file's size.
    let index = text.map(Index::new);
    // Each line shown is cleared of secrets once, however many findings it has: a minified
    // file is one line, and clearing it per finding cost time with the square of its size.
    let mut cleared: std::collections::HashMap<u32, std::borrow::Cow<'_, str>> =
        std::collections::HashMap::new();
    let mut out = String::new();
    for d in diags {
        let _ = writeln!(
            out,
            "{}[{}]: {}",
            d.severity.as_str(),
            d.code.as_str(),
            visible(&d.message)
        );
        match (d.line, d.column) {
            (Some(l), Some(c)) => {
                let _ = writeln!(out, "  --> {file}:{l}:{c}");
                if let Some(ix) = &index
                    && let Some((start, src)) = ix.line(l as usize)
                {
                    let gutter = " ".repeat(l.to_string().len());
                    let src = cleared.entry(l).or_insert_with(|| hide_secrets(src));
                    let (shown, caret_pad) = excerpt(ix, start, src, c as usize);
                    let _ = writeln!(out, "{gutter} |\n{l} | {shown}\n{gutter} | {caret_pad}^");
                }
            }
            _ => {
                let _ = writeln!(out, "  --> {file}");
            }
        }
        if !d.path.is_empty() {
            let _ = writeln!(out, "   = at: {}", visible(&d.path));
        }
        let _ = writeln!(out, "   = help: {}\n", visible(&d.hint));
    }
    out.push_str(&summary(file, diags));
    out
}

/// `line` with the text of every quoted string that holds a credential (by its look, or by
/// the name written before it: `clientSecret: "..."`, `password = "..."`) replaced byte for
/// byte by `*`, so that offsets and columns stay where they were. A report shows source
/// lines, and a finding about a leaked secret must not leak it again.
pub fn hide_secrets(line: &str) -> std::borrow::Cow<'_, str> {
    use crate::base::secret::{looks_secret, secret_key_name};
    let b = line.as_bytes();
    let mut hide: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let q = b[i];
        if !matches!(q, b'"' | b'\'' | b'`') {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut j = start;
        while j < b.len() && b[j] != q {
            j += if b[j] == b'\\' { 2 } else { 1 };
        }
        let end = j.min(b.len());
        let text = &line[start..end];
        // The name before it: `key: "`, `key = "`, `"key": "`.
        let before = line[..i].trim_end();
        let before = before
            .strip_suffix(':')
            .or_else(|| before.strip_suffix('='))
            .or_else(|| before.strip_suffix(','))
            .map(|k| k.trim_end().trim_end_matches(['"', '\'', '`']));
        let named = before.is_some_and(|k| {
            let word_start = k
                .char_indices()
                .rev()
                .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$'))
                .map_or(0, |(p, c)| p + c.len_utf8());
            secret_key_name(&k[word_start..])
        });
        let word = !text.is_empty() && !text.contains(char::is_whitespace) && text.len() >= 4;
        if looks_secret(text).is_some() || (named && word) {
            hide.push((start, end));
        }
        i = end + 1;
    }
    if hide.is_empty() {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = line.as_bytes().to_vec();
    for (a, z) in hide {
        out[a..z].fill(b'*');
    }
    // Whole UTF-8 sequences were replaced by ASCII, so the bytes are still UTF-8.
    std::borrow::Cow::Owned(String::from_utf8(out).unwrap_or_default())
}

/// Characters of context shown on each side of the column; a minified file is one line.
const CONTEXT: usize = 60;

/// The part of `line` (which starts at byte `start` of the indexed text) around `column`
/// (1-based, in characters) as shown, with invisible characters escaped, and the padding
/// that puts a caret under the column.
fn excerpt(ix: &Index<'_>, start: usize, line: &str, column: usize) -> (String, String) {
    let col = column.saturating_sub(1);
    let from = col.saturating_sub(CONTEXT);
    let from_byte = (ix.column_offset(start, from + 1) - start).min(line.len());
    let mut shown = String::new();
    let mut pad = String::new();
    if from > 0 {
        shown.push('…');
        pad.push(' ');
    }
    let mut chars = line[from_byte..].chars().peekable();
    for i in from..col + CONTEXT {
        let Some(c) = chars.next() else { break };
        let before = shown.len();
        match c {
            '\t' => shown.push('\t'),
            c => push_visible(&mut shown, c),
        }
        if i < col {
            if c == '\t' {
                pad.push('\t');
            } else {
                let width = shown[before..].chars().count();
                pad.extend(std::iter::repeat_n(' ', width));
            }
        }
    }
    if chars.peek().is_some() {
        shown.push('…');
    }
    (shown, pad)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

pub fn summary(file: &str, diags: &[Diagnostic]) -> String {
    let file = &visible(file);
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let (e, w, i) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    if diags.is_empty() {
        return format!("{file}: no problems found\n");
    }
    let mut parts = vec![plural(e, "error"), plural(w, "warning")];
    if i > 0 {
        parts.push(plural(i, "note"));
    }
    format!("{file}: {}\n", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_outside_never_drives_the_terminal() {
        // A key holding an OSC title sequence and a cursor move, a file name with a bell.
        let evil = "a\u{1b}]0;pwned\u{7}\u{1b}[1Ab\u{202e}c";
        let d = Diagnostic::new(
            crate::Code::SettingsUnknownKey,
            format!("/deployment/0/settings/{evil}"),
            format!("message {evil}"),
            format!("hint {evil}"),
        );
        let file = "dir/\u{7}name\u{1b}[2J.toml";
        for out in [
            human(file, None, std::slice::from_ref(&d)),
            summary(file, &[d]),
        ] {
            assert!(
                !out.chars()
                    .any(|c| c != '\n' && crate::diagnostic::is_invisible(c)),
                "{out:?}"
            );
            assert!(out.contains("\\u{1b}"), "{out:?}");
        }
    }

    #[test]
    fn source_lines_never_repeat_a_secret() {
        for (line, kept) in [
            (
                r#"  clientSecret: "s3cr3t-Value", name: "Acme""#,
                "\"Acme\"",
            ),
            (r#"var password = 'hunter2!';"#, "var password = '"),
            (
                r#"client_id = "Zk3vQ9x_Lr2mT8pW4aB7nC1dE6fG0hJ5kM-sNqR""#,
                "client_id = \"",
            ),
            (
                r#"h.setRequestHeader("Authorization", "Bearer abcdefghijklmnopqrstu");"#,
                "Authorization",
            ),
            (r#"headers.set("X-Api-Key", "abcdefghij");"#, "X-Api-Key"),
        ] {
            let shown = hide_secrets(line);
            assert_eq!(shown.len(), line.len(), "{line}");
            for secret in ["s3cr3t", "hunter2", "Zk3vQ9x", "abcdefghij"] {
                assert!(!shown.contains(secret), "{shown}");
            }
            assert!(shown.contains(kept), "{shown}");
        }
        let plain = r#"name: "Acme CRM", url: "https://crm.example.com/a?b=1""#;
        assert_eq!(hide_secrets(plain), plain);
        // Quotes that never close, escapes and other scripts stay whole characters.
        // A key after a character of several bytes (found by the `lint` fuzz target).
        for line in [
            "password: \"é\\",
            "token = '\\é",
            "\"",
            "x = `ü",
            "{ typ\u{FFFD}: \"screenPop\" }",
            "é: 'abcd'",
        ] {
            let _ = hide_secrets(line);
        }
    }

    #[test]
    fn excerpts_are_cut_around_the_column_and_escaped() {
        let show = |line: &str, column: usize| excerpt(&Index::new(line), 0, line, column);
        let line = format!("{}\u{1b}[2Jkey{}", "a".repeat(200), "b".repeat(200));
        let (shown, pad) = show(&line, 201);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.contains("\\u{1b}[2Jkey"), "{shown}");
        assert!(!shown.contains('\u{1b}'));
        assert!(shown.chars().count() < 2 * CONTEXT + 10);
        // The caret stands under the escaped character.
        let at = pad.chars().count();
        assert_eq!(shown.chars().nth(at), Some('\\'));
        let (shown, pad) = show("x = \u{7}bell", 6);
        assert_eq!(shown, "x = \\u{7}bell");
        assert_eq!(shown.chars().nth(pad.chars().count()), Some('b'));
        // Multi-byte characters before the window.
        let line = format!("{}é{}", "ü".repeat(100), "z".repeat(10));
        let (shown, pad) = show(&line, 101);
        assert_eq!(shown.chars().nth(pad.chars().count()), Some('é'), "{shown}");
    }
}
