//! Plain JSONPath queries: `$` followed by member names (`.name`, `['name']`, `["name"]`)
//! and wildcards (`.*`, `[*]`), which is what nearly every data source writes. The runtime
//! module a deployment with only plain paths carries holds this reader instead of the
//! whole RFC 9535 grammar, evaluator and I-Regexp (a third of its size); the renderer gives
//! the other deployments the module with everything (`framesmith_runtime_full.wasm`).
//! Written to RFC 9535's grammar for these productions, and held by tests/jsonpath_plain.rs
//! to give exactly what the full parser gives wherever this one accepts a query, and to
//! accept every query whose full parse is plain.

use serde_json::Value;

use super::ParseError;

/// One step of a plain query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlainStep {
    Name(String),
    Each,
}

struct P<'a> {
    b: &'a [u8],
    s: &'a str,
    i: usize,
}

type R<T> = Result<T, ParseError>;

/// The steps of a plain query, or where the text stops being one.
pub fn parse(text: &str) -> R<Vec<PlainStep>> {
    let mut p = P {
        b: text.as_bytes(),
        s: text,
        i: 0,
    };
    if p.b.first() != Some(&b'$') {
        return p.fail("a JSONPath query starts with `$`");
    }
    p.i = 1;
    let mut steps = Vec::new();
    while p.i < p.b.len() {
        // Blank space may come between segments.
        let save = p.i;
        p.blank();
        if p.i == p.b.len() {
            p.i = save;
            return p.fail("unexpected text: a segment starts with `.`, `..` or `[`");
        }
        steps.push(match p.b[p.i] {
            b'.' => p.dot()?,
            b'[' => p.bracket()?,
            _ => return p.fail("unexpected text: a segment starts with `.`, `..` or `[`"),
        });
    }
    Ok(steps)
}

/// Whether `text` is a plain query.
pub fn is_plain(text: &str) -> bool {
    parse(text).is_ok()
}

/// The values `steps` select in `root`, in document order (an object's members in its
/// map's order, as the full evaluator gives them).
pub fn values<'a>(steps: &[PlainStep], root: &'a Value) -> Vec<&'a Value> {
    let mut nodes = vec![root];
    for step in steps {
        let mut next = Vec::new();
        for n in nodes {
            match (step, n) {
                (PlainStep::Name(k), Value::Object(m)) => next.extend(m.get(k)),
                (PlainStep::Each, Value::Object(m)) => next.extend(m.values()),
                (PlainStep::Each, Value::Array(items)) => next.extend(items.iter()),
                _ => {}
            }
        }
        nodes = next;
    }
    nodes
}

impl P<'_> {
    fn fail<T>(&self, message: &str) -> R<T> {
        Err(ParseError {
            offset: self.i,
            message: message.to_string(),
        })
    }

    fn blank(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    /// At `.`: `.name` or `.*`.
    fn dot(&mut self) -> R<PlainStep> {
        self.i += 1;
        match self.b.get(self.i) {
            Some(b'*') => {
                self.i += 1;
                Ok(PlainStep::Each)
            }
            Some(b'.') => self.not_plain(),
            _ => {
                let start = self.i;
                let mut chars = self.s[self.i..].char_indices();
                match chars.next() {
                    Some((_, c)) if name_first(c) => {}
                    _ => return self.fail("expected a member name or `*` after `.`"),
                }
                let end = chars
                    .find(|(_, c)| !(name_first(*c) || c.is_ascii_digit()))
                    .map_or(self.s.len(), |(at, _)| start + at);
                self.i = end;
                Ok(PlainStep::Name(self.s[start..end].to_string()))
            }
        }
    }

    /// At `[`: `[*]` or a quoted name, with blank space inside the brackets.
    fn bracket(&mut self) -> R<PlainStep> {
        self.i += 1;
        self.blank();
        let step = match self.b.get(self.i) {
            Some(b'*') => {
                self.i += 1;
                PlainStep::Each
            }
            Some(&q @ (b'\'' | b'"')) => PlainStep::Name(self.string(q)?),
            _ => return self.not_plain(),
        };
        self.blank();
        if self.b.get(self.i) != Some(&b']') {
            return self.not_plain();
        }
        self.i += 1;
        Ok(step)
    }

    fn not_plain<T>(&self) -> R<T> {
        self.fail(
            "only plain paths (names and [*]) are read by this runtime module; \
             framesmith gives a deployment with other paths the full one",
        )
    }

    /// At a quote: a string literal (RFC 9535 2.3.1.1).
    fn string(&mut self, quote: u8) -> R<String> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let start = self.i;
            while let Some(&b) = self.b.get(self.i) {
                if b == quote || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.push_str(&self.s[start..self.i]);
            match self.b.get(self.i) {
                None => return self.fail("the string is not closed"),
                Some(&b) if b == quote => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = match self.b.get(self.i) {
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'/') => '/',
                        Some(b'\\') => '\\',
                        Some(&b) if b == quote => b as char,
                        Some(b'u') => {
                            self.i += 1;
                            out.push(self.unicode()?);
                            continue;
                        }
                        _ => return self.fail("an invalid escape"),
                    };
                    self.i += 1;
                    out.push(c);
                }
                Some(_) => return self.fail("a control character must be escaped"),
            }
        }
    }

    fn hex4(&mut self) -> R<u32> {
        let digits = match self.s.get(self.i..self.i + 4) {
            Some(d) if d.bytes().all(|b| b.is_ascii_hexdigit()) => d,
            _ => return self.fail("\\u needs four hex digits"),
        };
        self.i += 4;
        Ok(u32::from_str_radix(digits, 16).unwrap_or(0))
    }

    /// After `\u`: a character, from a surrogate pair when it takes two escapes.
    fn unicode(&mut self) -> R<char> {
        let first = self.hex4()?;
        let c = match first {
            0xD800..=0xDBFF => {
                if self.s.get(self.i..self.i + 2) != Some("\\u") {
                    return self.fail("a high surrogate without a low one");
                }
                self.i += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return self.fail("a high surrogate without a low one");
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return self.fail("a low surrogate without a high one"),
            c => c,
        };
        char::from_u32(c).map_or_else(|| self.fail("an invalid escape"), Ok)
    }
}

/// RFC 9535's name-first: a letter, `_`, or any character from U+0080.
fn name_first(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c >= '\u{80}'
}
