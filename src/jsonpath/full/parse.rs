//! The RFC 9535 grammar, including its type rules for function expressions (a query that
//! is not singular cannot be compared, `length()` is not a test, and so on): a query that
//! breaks them is refused here, with the offset where it goes wrong.

use serde_json::{Number, Value};

use super::super::ParseError;
use super::{
    Argument, CmpOp, Comparable, FilterQuery, Function, FunctionName, Logical, Query, Segment,
    Selector,
};

/// The largest index I-JSON allows (2^53 - 1).
const MAX_INT: i64 = 9_007_199_254_740_991;

/// An expression inside a filter before its role (test, comparable, argument) is known.
enum Expr {
    Literal(Value),
    Query(FilterQuery),
    Function(Function),
    Logical(Logical),
}

struct P<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    /// Nesting of filters, parentheses and function calls, bounded so that no query can
    /// run the parser (or, later, the evaluator) out of stack.
    depth: usize,
}

const MAX_DEPTH: usize = 64;

type R<T> = Result<T, ParseError>;

pub fn query(text: &str) -> R<Query> {
    let mut p = P {
        s: text,
        b: text.as_bytes(),
        i: 0,
        depth: 0,
    };
    if !p.eat(b'$') {
        return p.fail("a JSONPath query starts with `$`");
    }
    let q = p.segments()?;
    if p.i < p.b.len() {
        return p.fail("unexpected text: a segment starts with `.`, `..` or `[`");
    }
    Ok(q)
}

impl P<'_> {
    fn fail<T>(&self, message: &str) -> R<T> {
        self.fail_at(self.i, message)
    }

    fn fail_at<T>(&self, offset: usize, message: &str) -> R<T> {
        Err(ParseError {
            offset,
            message: message.to_string(),
        })
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.fail("the query is nested too deeply");
        }
        Ok(())
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn eat_str(&mut self, s: &str) -> bool {
        if self.b[self.i..].starts_with(s.as_bytes()) {
            self.i += s.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: u8, message: &str) -> R<()> {
        if self.eat(c) {
            Ok(())
        } else {
            self.fail(message)
        }
    }

    /// Blank space: space, tab, line feed, carriage return.
    fn skip_s(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn segments(&mut self) -> R<Query> {
        let mut segments = Vec::new();
        loop {
            let save = self.i;
            self.skip_s();
            if self.eat_str("..") {
                let selectors = match self.peek() {
                    Some(b'[') => self.bracketed()?,
                    Some(b'*') => {
                        self.i += 1;
                        vec![Selector::Wildcard]
                    }
                    _ => vec![Selector::Name(self.member_name()?)],
                };
                segments.push(Segment {
                    descendant: true,
                    selectors,
                });
            } else if self.eat(b'.') {
                let selector = if self.eat(b'*') {
                    Selector::Wildcard
                } else {
                    Selector::Name(self.member_name()?)
                };
                segments.push(Segment {
                    descendant: false,
                    selectors: vec![selector],
                });
            } else if self.peek() == Some(b'[') {
                let selectors = self.bracketed()?;
                segments.push(Segment {
                    descendant: false,
                    selectors,
                });
            } else {
                self.i = save;
                return Ok(Query { segments });
            }
        }
    }

    /// `name` after `.` or `..`: a letter, `_` or any non-ASCII character, then digits too.
    fn member_name(&mut self) -> R<String> {
        let start = self.i;
        for (n, c) in self.s[self.i..].char_indices() {
            let ok = c.is_ascii_alphabetic()
                || c == '_'
                || !c.is_ascii()
                || (n > 0 && c.is_ascii_digit());
            if !ok {
                break;
            }
            self.i = start + n + c.len_utf8();
        }
        if self.i == start {
            return self.fail("expected a member name, `*` or `[` here");
        }
        Ok(self.s[start..self.i].to_string())
    }

    fn bracketed(&mut self) -> R<Vec<Selector>> {
        self.i += 1;
        let mut selectors = Vec::new();
        loop {
            self.skip_s();
            selectors.push(self.selector()?);
            self.skip_s();
            if self.eat(b']') {
                return Ok(selectors);
            }
            self.expect(b',', "expected `,` or `]` after a selector")?;
        }
    }

    fn selector(&mut self) -> R<Selector> {
        match self.peek() {
            Some(b'\'' | b'"') => Ok(Selector::Name(self.string()?)),
            Some(b'*') => {
                self.i += 1;
                Ok(Selector::Wildcard)
            }
            Some(b'?') => {
                self.i += 1;
                self.skip_s();
                let start = self.i;
                self.enter()?;
                let e = self.or_expr()?;
                self.depth -= 1;
                Ok(Selector::Filter(self.logical(e, start)?))
            }
            _ => {
                let start = self.int_opt()?;
                self.skip_s();
                if !self.eat(b':') {
                    return match start {
                        Some(n) => Ok(Selector::Index(n)),
                        None => self.fail(
                            "expected a selector: a 'name', *, an index, a slice or a ?filter",
                        ),
                    };
                }
                self.skip_s();
                let end = self.int_opt()?;
                self.skip_s();
                let step = if self.eat(b':') {
                    self.skip_s();
                    self.int_opt()?
                } else {
                    None
                };
                Ok(Selector::Slice { start, end, step })
            }
        }
    }

    /// An integer as indexes and slices write them: no leading zeros, no `-0`, within I-JSON.
    fn int_opt(&mut self) -> R<Option<i64>> {
        let start = self.i;
        let neg = self.eat(b'-');
        let digits = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        let text = &self.s[digits..self.i];
        if text.is_empty() {
            if neg {
                return self.fail_at(start, "expected digits after `-`");
            }
            return Ok(None);
        }
        if (text.len() > 1 && text.starts_with('0')) || (neg && text == "0") {
            return self.fail_at(start, "integers have no leading zeros and no `-0`");
        }
        match text.parse::<i64>() {
            Ok(n) if n <= MAX_INT => Ok(Some(if neg { -n } else { n })),
            _ => self.fail_at(start, "integer out of range (at most 2^53 - 1)"),
        }
    }

    /// A quoted string with JSONPath's escapes.
    fn string(&mut self) -> R<String> {
        let quote = self.b[self.i];
        let start = self.i;
        self.i += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.s[self.i..].chars().next() else {
                return self.fail_at(start, "this string is not closed");
            };
            self.i += c.len_utf8();
            match c {
                '\\' => out.push(self.escape(quote)?),
                c if c as u32 == quote as u32 => return Ok(out),
                c if (c as u32) < 0x20 => {
                    return self.fail_at(self.i - 1, "control characters must be escaped");
                }
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self, quote: u8) -> R<char> {
        let at = self.i - 1;
        let Some(c) = self.peek() else {
            return self.fail_at(at, "unfinished escape");
        };
        self.i += 1;
        Ok(match c {
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'/' => '/',
            b'\\' => '\\',
            b'\'' | b'"' if c == quote => c as char,
            b'u' => {
                let hi = self.hex4(at)?;
                if (0xDC00..0xE000).contains(&hi) {
                    return self.fail_at(at, "a low surrogate without a high one");
                }
                if (0xD800..0xDC00).contains(&hi) {
                    if !self.eat_str("\\u") {
                        return self.fail_at(at, "a high surrogate without a low one");
                    }
                    let lo = self.hex4(at)?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return self.fail_at(at, "a high surrogate without a low one");
                    }
                    let code = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    return char::from_u32(code).map_or_else(|| self.fail_at(at, "bad escape"), Ok);
                }
                return char::from_u32(hi).map_or_else(|| self.fail_at(at, "bad escape"), Ok);
            }
            _ => return self.fail_at(at, "invalid escape"),
        })
    }

    fn hex4(&mut self, at: usize) -> R<u32> {
        let digits = self.s.get(self.i..self.i + 4).unwrap_or("");
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return self.fail_at(at, "\\u needs four hex digits");
        }
        self.i += 4;
        Ok(u32::from_str_radix(digits, 16).unwrap_or(0))
    }

    fn or_expr(&mut self) -> R<Expr> {
        let start = self.i;
        let first = self.and_expr()?;
        let mut parts = Vec::new();
        loop {
            let save = self.i;
            self.skip_s();
            if !self.eat_str("||") {
                self.i = save;
                break;
            }
            self.skip_s();
            let at = self.i;
            let next = self.and_expr()?;
            parts.push(self.logical(next, at)?);
        }
        if parts.is_empty() {
            return Ok(first);
        }
        parts.insert(0, self.logical(first, start)?);
        Ok(Expr::Logical(Logical::Or(parts)))
    }

    fn and_expr(&mut self) -> R<Expr> {
        let start = self.i;
        let first = self.basic()?;
        let mut parts = Vec::new();
        loop {
            let save = self.i;
            self.skip_s();
            if !self.eat_str("&&") {
                self.i = save;
                break;
            }
            self.skip_s();
            let at = self.i;
            let next = self.basic()?;
            parts.push(self.logical(next, at)?);
        }
        if parts.is_empty() {
            return Ok(first);
        }
        parts.insert(0, self.logical(first, start)?);
        Ok(Expr::Logical(Logical::And(parts)))
    }

    fn basic(&mut self) -> R<Expr> {
        let start = self.i;
        if self.eat(b'!') {
            self.skip_s();
            let at = self.i;
            let inner = if self.peek() == Some(b'(') {
                self.paren()?
            } else {
                match self.primary()? {
                    Expr::Literal(_) => {
                        return self.fail_at(at, "`!` applies to a test, not a literal");
                    }
                    e => e,
                }
            };
            return Ok(Expr::Logical(Logical::Not(Box::new(
                self.logical(inner, at)?,
            ))));
        }
        if self.peek() == Some(b'(') {
            return self.paren();
        }
        let left = self.primary()?;
        let save = self.i;
        self.skip_s();
        let op = if self.eat_str("==") {
            CmpOp::Eq
        } else if self.eat_str("!=") {
            CmpOp::Ne
        } else if self.eat_str("<=") {
            CmpOp::Le
        } else if self.eat_str(">=") {
            CmpOp::Ge
        } else if self.eat(b'<') {
            CmpOp::Lt
        } else if self.eat(b'>') {
            CmpOp::Gt
        } else {
            self.i = save;
            return Ok(left);
        };
        self.skip_s();
        let right_at = self.i;
        let right = self.primary()?;
        let l = self.comparable(left, start)?;
        let r = self.comparable(right, right_at)?;
        Ok(Expr::Logical(Logical::Compare(l, op, r)))
    }

    fn paren(&mut self) -> R<Expr> {
        self.i += 1;
        self.skip_s();
        let at = self.i;
        self.enter()?;
        let e = self.or_expr()?;
        self.depth -= 1;
        let l = self.logical(e, at)?;
        self.skip_s();
        self.expect(b')', "expected `)`")?;
        Ok(Expr::Logical(l))
    }

    /// A literal, a query or a function call.
    fn primary(&mut self) -> R<Expr> {
        match self.peek() {
            Some(b'@' | b'$') => {
                let relative = self.b[self.i] == b'@';
                self.i += 1;
                let query = self.segments()?;
                Ok(Expr::Query(FilterQuery { relative, query }))
            }
            Some(b'\'' | b'"') => Ok(Expr::Literal(Value::String(self.string()?))),
            Some(c) if c == b'-' || c.is_ascii_digit() => Ok(Expr::Literal(self.number()?)),
            Some(c) if c.is_ascii_lowercase() => {
                let start = self.i;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
                {
                    self.i += 1;
                }
                let word = &self.s[start..self.i];
                if self.peek() == Some(b'(') {
                    return Ok(Expr::Function(self.function(word, start)?));
                }
                match word {
                    "true" => Ok(Expr::Literal(Value::Bool(true))),
                    "false" => Ok(Expr::Literal(Value::Bool(false))),
                    "null" => Ok(Expr::Literal(Value::Null)),
                    _ => self.fail_at(start, "expected a literal, a query or a function call"),
                }
            }
            _ => self.fail("expected a literal, a query (@ or $), a function call or `(`"),
        }
    }

    fn number(&mut self) -> R<Value> {
        let start = self.i;
        self.eat(b'-');
        let int_start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        let int = &self.s[int_start..self.i];
        if int.is_empty() || (int.len() > 1 && int.starts_with('0')) {
            return self.fail_at(start, "not a valid number");
        }
        let mut float = false;
        if self.eat(b'.') {
            float = true;
            let f = self.i;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.i += 1;
            }
            if self.i == f {
                return self.fail_at(start, "a fraction needs digits after `.`");
            }
        }
        if self.eat(b'e') || self.eat(b'E') {
            float = true;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            let e = self.i;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.i += 1;
            }
            if self.i == e {
                return self.fail_at(start, "an exponent needs digits");
            }
        }
        let text = &self.s[start..self.i];
        if !float && let Ok(n) = text.parse::<i64>() {
            return Ok(Value::Number(n.into()));
        }
        crate::standin::float::parse(text)
            .and_then(Number::from_f64)
            .map(Value::Number)
            .map_or_else(|| self.fail_at(start, "not a valid number"), Ok)
    }

    fn function(&mut self, name: &str, start: usize) -> R<Function> {
        let name = match name {
            "length" => FunctionName::Length,
            "count" => FunctionName::Count,
            "match" => FunctionName::Match,
            "search" => FunctionName::Search,
            "value" => FunctionName::Value,
            _ => {
                return self.fail_at(
                    start,
                    "unknown function (length, count, match, search, value)",
                );
            }
        };
        self.i += 1;
        self.enter()?;
        let mut raw = Vec::new();
        self.skip_s();
        if !self.eat(b')') {
            loop {
                self.skip_s();
                let at = self.i;
                raw.push((self.or_expr()?, at));
                self.skip_s();
                if self.eat(b')') {
                    break;
                }
                self.expect(b',', "expected `,` or `)` in the function's arguments")?;
            }
        }
        self.depth -= 1;
        let arity = match name {
            FunctionName::Match | FunctionName::Search => 2,
            _ => 1,
        };
        if raw.len() != arity {
            return self.fail_at(start, "wrong number of arguments");
        }
        let mut args = Vec::new();
        for (e, at) in raw {
            args.push(match name {
                // NodesType parameters: a query.
                FunctionName::Count | FunctionName::Value => match e {
                    Expr::Query(q) => Argument::Query(q),
                    _ => return self.fail_at(at, "this function takes a query"),
                },
                // ValueType parameters.
                _ => match self.comparable(e, at)? {
                    Comparable::Literal(v) => Argument::Literal(v),
                    Comparable::Query(q) => Argument::Query(q),
                    Comparable::Function(f) => Argument::Function(f),
                },
            });
        }
        Ok(Function { name, args })
    }

    /// An expression as a test.
    fn logical(&self, e: Expr, at: usize) -> R<Logical> {
        match e {
            Expr::Logical(l) => Ok(l),
            Expr::Query(q) => Ok(Logical::Exists(q)),
            Expr::Function(f) => match f.name {
                FunctionName::Match | FunctionName::Search => Ok(Logical::Function(f)),
                _ => self.fail_at(at, "this function gives a value: compare it"),
            },
            Expr::Literal(_) => self.fail_at(at, "a literal is not a test: compare it"),
        }
    }

    /// An expression as one side of a comparison (or a value argument).
    fn comparable(&self, e: Expr, at: usize) -> R<Comparable> {
        match e {
            Expr::Literal(v) => Ok(Comparable::Literal(v)),
            Expr::Query(q) if is_singular(&q.query) => Ok(Comparable::Query(q)),
            Expr::Query(_) => self.fail_at(
                at,
                "only a singular query (names and indexes) can be compared",
            ),
            Expr::Function(f) => match f.name {
                FunctionName::Length | FunctionName::Count | FunctionName::Value => {
                    Ok(Comparable::Function(f))
                }
                _ => self.fail_at(at, "this function gives a test, not a value"),
            },
            Expr::Logical(_) => self.fail_at(at, "a test cannot be compared"),
        }
    }
}

pub(super) fn is_singular(q: &Query) -> bool {
    q.segments.iter().all(|s| {
        !s.descendant
            && s.selectors.len() == 1
            && matches!(s.selectors[0], Selector::Name(_) | Selector::Index(_))
    })
}
