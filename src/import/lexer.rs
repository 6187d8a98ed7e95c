//! A JavaScript tokenizer tolerant enough for hand-edited framework.js files: comments,
//! the three kinds of string, template literals, regular expressions and numbers, each
//! token with its byte range so findings can name a line and column.

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Ident(String),
    /// A string literal's value, or a template literal without substitutions.
    Str(String),
    /// A template literal with `${...}` substitutions: code, not a literal.
    Template,
    Num(f64),
    Regex,
    Punct(&'static str),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

const PUNCTS: &[&str] = &[
    ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=", "=>", "==", "!=",
    "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
    "**", "<<", ">>", "{", "}", "(", ")", "[", "]", ";", ",", "<", ">", "+", "-", "*", "/", "%",
    "&", "|", "^", "!", "~", "?", ":", "=", ".", "@", "#",
];

/// Tokenize `src`. Never fails: an unterminated string or comment runs to the end, and a
/// character nothing expects becomes a one-character punctuation token.
pub fn tokenize(src: &str) -> Vec<Token> {
    let b = src.as_bytes();
    let mut out: Vec<Token> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i = src[i + 2..].find("*/").map_or(b.len(), |j| i + 2 + j + 2);
            continue;
        }
        let start = i;
        let tok = if c == b'"' || c == b'\'' {
            let (s, end) = string(src, i, c);
            i = end;
            Tok::Str(s)
        } else if c == b'`' {
            let (t, end) = template(src, i);
            i = end;
            t
        } else if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let (n, end) = number(src, i);
            i = end;
            Tok::Num(n)
        } else if c == b'/' && regex_allowed(out.last()) {
            i = regex(b, i);
            // The byte scan may stop inside a multi-byte character after a backslash.
            while !src.is_char_boundary(i) {
                i += 1;
            }
            Tok::Regex
        } else if c.is_ascii_alphabetic() || c == b'_' || c == b'$' || c >= 0x80 {
            let mut j = i;
            while j < b.len()
                && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'$' || b[j] >= 0x80)
            {
                j += 1;
            }
            // Identifiers may hold non-ASCII letters; stay on char boundaries.
            while !src.is_char_boundary(j) {
                j += 1;
            }
            i = j;
            Tok::Ident(src[start..j].to_string())
        } else {
            let p = PUNCTS
                .iter()
                .find(|p| src[i..].starts_with(**p))
                .copied()
                .unwrap_or("?");
            i += if p == "?" && b[i] != b'?' {
                src[i..].chars().next().map_or(1, char::len_utf8)
            } else {
                p.len()
            };
            Tok::Punct(p)
        };
        out.push(Token { tok, start, end: i });
    }
    out
}

/// Whether a `/` after `prev` starts a regular expression rather than dividing.
fn regex_allowed(prev: Option<&Token>) -> bool {
    match prev.map(|t| &t.tok) {
        None => true,
        Some(Tok::Punct(p)) => !matches!(*p, ")" | "]" | "}"),
        Some(Tok::Ident(w)) => matches!(
            w.as_str(),
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
                | "instanceof"
        ),
        _ => false,
    }
}

fn regex(b: &[u8], mut i: usize) -> usize {
    i += 1;
    let mut class = false;
    while i < b.len() && b[i] != b'\n' {
        match b[i] {
            b'\\' => i += 1,
            b'[' => class = true,
            b']' => class = false,
            b'/' if !class => {
                i += 1;
                break;
            }
            _ => {}
        }
        i += 1;
    }
    while i < b.len() && b[i].is_ascii_alphabetic() {
        i += 1;
    }
    i.min(b.len())
}

fn number(src: &str, i: usize) -> (f64, usize) {
    let b = src.as_bytes();
    let mut j = i;
    if src[i..].starts_with("0x") || src[i..].starts_with("0X") {
        j += 2;
        while j < b.len() && (b[j].is_ascii_hexdigit() || b[j] == b'_') {
            j += 1;
        }
        let digits: String = src[i + 2..j].chars().filter(|c| *c != '_').collect();
        return (
            u64::from_str_radix(&digits, 16).map_or(f64::NAN, |v| v as f64),
            j,
        );
    }
    while j < b.len()
        && (b[j].is_ascii_alphanumeric()
            || b[j] == b'.'
            || b[j] == b'_'
            || ((b[j] == b'+' || b[j] == b'-') && matches!(b[j - 1], b'e' | b'E')))
    {
        j += 1;
    }
    let digits: String = src[i..j].chars().filter(|c| *c != '_').collect();
    (crate::float::parse(&digits).unwrap_or(f64::NAN), j)
}

/// A quoted string's value and the offset after its closing quote.
fn string(src: &str, start: usize, quote: u8) -> (String, usize) {
    let mut out = String::new();
    let mut chars = src[start + 1..].char_indices().peekable();
    while let Some((k, c)) = chars.next() {
        let at = start + 1 + k;
        match c {
            c if c as u32 == quote as u32 => return (out, at + 1),
            '\n' => return (out, at),
            '\\' => match chars.next() {
                Some((_, e)) => escape(e, &mut chars, &mut out),
                None => break,
            },
            c => out.push(c),
        }
    }
    (out, src.len())
}

/// `n` hex digits; on anything else nothing is consumed, so a bad escape such as `"\x"`
/// cannot swallow the string's closing quote.
fn hex<I: Iterator<Item = (usize, char)> + Clone>(
    chars: &mut std::iter::Peekable<I>,
    n: usize,
) -> Option<u32> {
    let mut look = chars.clone();
    let mut v = 0;
    for _ in 0..n {
        let (_, c) = look.next()?;
        v = v * 16 + c.to_digit(16)?;
    }
    *chars = look;
    Some(v)
}

fn escape<I: Iterator<Item = (usize, char)> + Clone>(
    e: char,
    chars: &mut std::iter::Peekable<I>,
    out: &mut String,
) {
    match e {
        'n' => out.push('\n'),
        'r' => out.push('\r'),
        't' => out.push('\t'),
        'b' => out.push('\u{8}'),
        'f' => out.push('\u{c}'),
        'v' => out.push('\u{b}'),
        '0' => out.push('\0'),
        '\n' => {}
        'x' => match hex(chars, 2).and_then(char::from_u32) {
            Some(c) => out.push(c),
            None => out.push('x'),
        },
        'u' => {
            let code = if chars.peek().map(|(_, c)| *c) == Some('{') {
                chars.next();
                let mut v = 0u32;
                for (_, c) in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    v = v
                        .saturating_mul(16)
                        .saturating_add(c.to_digit(16).unwrap_or(0));
                }
                Some(v)
            } else {
                hex(chars, 4)
            };
            match code {
                // A surrogate pair written as two escapes.
                Some(hi @ 0xD800..=0xDBFF) => {
                    let mut look = chars.clone();
                    let lo = (look.next().map(|(_, c)| c) == Some('\\')
                        && look.next().map(|(_, c)| c) == Some('u'))
                    .then(|| hex(&mut look, 4))
                    .flatten();
                    match lo {
                        Some(lo @ 0xDC00..=0xDFFF) => {
                            *chars = look;
                            if let Some(c) =
                                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                            {
                                out.push(c);
                            }
                        }
                        _ => out.push('\u{FFFD}'),
                    }
                }
                Some(v) => out.push(char::from_u32(v).unwrap_or('\u{FFFD}')),
                None => {}
            }
        }
        other => out.push(other),
    }
}

fn template(src: &str, start: usize) -> (Tok, usize) {
    let mut out = String::new();
    let mut chars = src[start + 1..].char_indices().peekable();
    let mut substitutions = false;
    while let Some((k, c)) = chars.next() {
        match c {
            '`' => {
                return (
                    if substitutions {
                        Tok::Template
                    } else {
                        Tok::Str(out)
                    },
                    start + 1 + k + 1,
                );
            }
            '\\' => {
                if let Some((_, e)) = chars.next() {
                    escape(e, &mut chars, &mut out);
                }
            }
            '$' if chars.peek().map(|(_, c)| *c) == Some('{') => {
                substitutions = true;
                chars.next();
                let mut depth = 1;
                for (_, c) in chars.by_ref() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            c => out.push(c),
        }
    }
    (Tok::Template, src.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        tokenize(s).into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn strings_comments_regexes() {
        assert_eq!(
            toks("a = 'x\\'y' // c\n /* d */ \"\\u00e9\\n\""),
            vec![
                Tok::Ident("a".into()),
                Tok::Punct("="),
                Tok::Str("x'y".into()),
                Tok::Str("é\n".into())
            ]
        );
        assert_eq!(
            toks("x = /'[/]/g, 2 / 1"),
            vec![
                Tok::Ident("x".into()),
                Tok::Punct("="),
                Tok::Regex,
                Tok::Punct(","),
                Tok::Num(2.0),
                Tok::Punct("/"),
                Tok::Num(1.0)
            ]
        );
        assert_eq!(
            toks("`a${b}c` `plain`"),
            vec![Tok::Template, Tok::Str("plain".into())]
        );
        assert_eq!(
            toks("a === b => 0x1F"),
            vec![
                Tok::Ident("a".into()),
                Tok::Punct("==="),
                Tok::Ident("b".into()),
                Tok::Punct("=>"),
                Tok::Num(31.0)
            ]
        );
        assert_eq!(toks("'\\ud83d\\ude00'"), vec![Tok::Str("😀".into())]);
    }

    #[test]
    fn never_panics_on_truncated_input() {
        for s in [
            "'abc",
            "/* x",
            "`a${",
            "\\u{",
            "'\\u12",
            "0x",
            "é",
            "\"\\ud800",
        ] {
            let _ = tokenize(s);
        }
    }
}
