//! What parses before a syntax error. oxc stops at the first error and gives no tree, but
//! a broken framework.js usually holds its whole `window.Framework` object before the break
//! (garbage after the object, a dangling statement at the end, a half-deleted function
//! inside it). This cuts the text at the start of a line at or before the error, closes the
//! brackets left open there, and tries again: a bounded number of tries, each linear, so a
//! hostile file costs linear time.

/// How many cuts are tried, at most: the error's line and the lines before it.
const MAX_TRIES: usize = 12;

/// Texts to try, best first: each is the file up to the start of a line at or before
/// `error_line` (1-based), with its open brackets closed. Each comes with the length of the
/// original text it keeps.
pub fn candidates(text: &str, error_line: u32) -> Vec<(usize, String)> {
    let mut starts = vec![0usize];
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            starts.push(i + 1);
        }
    }
    let line = (error_line.max(1) as usize).min(starts.len());
    let mut out = Vec::new();
    let mut seen_cut = usize::MAX;
    for l in (1..=line).rev().take(MAX_TRIES) {
        let cut = starts[l - 1];
        if cut == 0 || cut == seen_cut {
            continue;
        }
        seen_cut = cut;
        let prefix = &text[..cut];
        // Only blocks and objects are closed: a cut inside a call's arguments or a list
        // would be mended into code the file does not hold (`f(` read as `f()`).
        let Some(closers) = closers(prefix).filter(|c| !c.contains([')', ']'])) else {
            continue;
        };
        let mut candidate = String::with_capacity(cut + closers.len() + 2);
        candidate.push_str(prefix);
        // A member list cut after `key: value,` still closes; one cut after `key:` does not,
        // and the next, shorter cut is tried.
        candidate.push_str(&closers);
        out.push((cut, candidate));
    }
    out
}

/// The closing brackets for what `prefix` leaves open, innermost first, or None when the
/// prefix ends inside a string, a comment or a template (no closing makes sense there).
fn closers(prefix: &str) -> Option<String> {
    let b = prefix.as_bytes();
    let mut stack: Vec<u8> = Vec::new();
    let mut i = 0;
    // Whether a `/` here starts a regular expression (after an operator or a bracket) or
    // divides (after a value).
    let mut regex_ok = true;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\'' | b'"' | b'`' => {
                i += 1;
                while i < b.len() && b[i] != c {
                    if b[i] == b'\\' {
                        i += 1;
                    } else if c != b'`' && b[i] == b'\n' {
                        return None;
                    }
                    i += 1;
                }
                if i >= b.len() {
                    return None;
                }
                regex_ok = false;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = prefix[i + 2..].find("*/")?;
                i += 2 + end + 2;
                continue;
            }
            b'/' if regex_ok => {
                i += 1;
                let mut class = false;
                while i < b.len() && (class || b[i] != b'/') {
                    match b[i] {
                        b'\\' => i += 1,
                        b'[' => class = true,
                        b']' => class = false,
                        b'\n' => return None,
                        _ => {}
                    }
                    i += 1;
                }
                if i >= b.len() {
                    return None;
                }
                regex_ok = false;
            }
            b'(' | b'[' | b'{' => {
                stack.push(c);
                regex_ok = true;
            }
            b')' | b']' | b'}' => {
                let open = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                // A closer with nothing of its kind open: the cut cannot be mended.
                if stack.pop() != Some(open) {
                    return None;
                }
                regex_ok = c != b')' && c != b']';
            }
            c if c.is_ascii_whitespace() => {}
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$')
                {
                    i += 1;
                }
                // After a keyword such as `return`, a `/` starts a regular expression.
                regex_ok = matches!(
                    &prefix[start..i],
                    "return"
                        | "typeof"
                        | "case"
                        | "do"
                        | "else"
                        | "in"
                        | "of"
                        | "new"
                        | "delete"
                        | "void"
                        | "throw"
                );
                continue;
            }
            _ => regex_ok = true,
        }
        i += 1;
    }
    let mut out = String::new();
    for open in stack.iter().rev() {
        out.push(match open {
            b'(' => ')',
            b'[' => ']',
            _ => '}',
        });
    }
    out.push_str(";\n");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_left_open_are_closed_past_strings_comments_and_regexes() {
        assert_eq!(closers("a = { b: [1, (2").as_deref(), Some(")]};\n"));
        assert_eq!(
            closers("a = { s: '}', t: \"]\" // }\n").as_deref(),
            Some("};\n")
        );
        assert_eq!(
            closers("a = { r: /[}]/g, c: `}` /* } */").as_deref(),
            Some("};\n")
        );
        assert_eq!(closers("x = 'open"), None);
        assert_eq!(closers("x = /* open"), None);
        assert_eq!(closers("x = 1 }"), None);
        assert_eq!(closers("x = a / b / c").as_deref(), Some(";\n"));
    }

    #[test]
    fn candidates_start_at_the_error_line_and_go_back_a_bounded_number_of_lines() {
        let text = "a = {\n  b: 1,\n  c: 2,\n}}} oops\n";
        let c = candidates(text, 4);
        assert_eq!(c[0].1, "a = {\n  b: 1,\n  c: 2,\n};\n");
        assert_eq!(c[0].0, text.find("}}}").unwrap());
        // A cut inside a call is not mended; the line before it is.
        let call = "a = {\n  f: function () {\n    g(\n  }\n};\n";
        assert_eq!(candidates(call, 4)[0].1, "a = {\n  f: function () {\n}};\n");
        let long: String = "x = 1;\n".repeat(100);
        assert!(candidates(&long, 100).len() <= MAX_TRIES);
        assert!(candidates("oops", 1).is_empty());
    }
}
