//! Reading JSON text from an untrusted source (a CRM response, a request to the runtime
//! module) into a `serde_json::Value` with a nesting limit. Written here rather than run
//! through serde_json's reader: in the runtime module that reader and its error machinery
//! are 15 KB, and this one is a fraction of it. It accepts exactly what serde_json accepts
//! and gives the same values (tests/json_differential.rs holds the two equal), with
//! `depth::value`'s one difference: a whole number written as a float (`3600.0`) reads as
//! an integer, as JavaScript would hold it. Floats are read exactly (`float::parse`).

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

/// Why a text is not JSON, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub at: usize,
    pub message: &'static str,
    /// The text nests deeper than the limit.
    pub too_deep: bool,
}

impl Error {
    /// The line and column (from 1, in characters) of the error in `text`.
    pub fn line_col(&self, text: &[u8]) -> (usize, usize) {
        let before = &text[..self.at.min(text.len())];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
        (line, column)
    }
}

/// Which parts of a document to build: what the queries that will read it can reach. The
/// rest is read and checked exactly as `parse` checks it (the same errors at the same
/// places) but never built, which is most of the time of a large CRM answer: a lookup
/// maps a few members of each record. Made from plain queries (`Shape::add`); the queries
/// select the same values in the shaped document as in the whole one.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// The whole value.
    All,
    /// Of an object, only these members, each in its shape; an array is read as empty (no
    /// name selects anything in it); a scalar as it is.
    Members(Vec<(String, Shape)>),
    /// Of an array, every element; of an object, every member (what `[*]` selects); each
    /// in this shape.
    Each(Box<Shape>),
}

impl Shape {
    /// Nothing but the document's own kind (an empty object or array, or the scalar).
    pub fn nothing() -> Shape {
        Shape::Members(Vec::new())
    }

    /// Adds what `steps` reach, and below their end `then` (`All` for a value the caller
    /// reads whole; another shape for queries run from there, such as a record's mapping).
    /// A query that is not plain, or shapes that cannot be merged, keep everything there.
    pub fn add(&mut self, steps: &[crate::jsonpath::Step<'_>], then: &Shape) {
        use crate::jsonpath::Step;
        match (steps.split_first(), &mut *self) {
            (_, Shape::All) => {}
            (None, _) => self.merge(then),
            (Some((Step::Name(n), rest)), Shape::Members(list)) => {
                let i = match list.iter().position(|(k, _)| k == n) {
                    Some(i) => i,
                    None => {
                        list.push((n.to_string(), Shape::nothing()));
                        list.len() - 1
                    }
                };
                list[i].1.add(rest, then);
            }
            (Some((Step::Each, rest)), Shape::Members(list)) if list.is_empty() => {
                let mut each = Shape::nothing();
                each.add(rest, then);
                *self = Shape::Each(Box::new(each));
            }
            (Some((Step::Each, rest)), Shape::Each(inner)) => inner.add(rest, then),
            _ => *self = Shape::All,
        }
    }

    fn merge(&mut self, other: &Shape) {
        match (&mut *self, other) {
            (Shape::All, _) => {}
            (_, Shape::All) => *self = Shape::All,
            (Shape::Members(a), Shape::Members(b)) => {
                for (k, v) in b {
                    match a.iter_mut().find(|(n, _)| n == k) {
                        Some((_, mine)) => mine.merge(v),
                        None => a.push((k.clone(), v.clone())),
                    }
                }
            }
            (Shape::Members(a), Shape::Each(_)) if a.is_empty() => *self = other.clone(),
            (Shape::Each(_), Shape::Members(b)) if b.is_empty() => {}
            (Shape::Each(a), Shape::Each(b)) => a.merge(b),
            _ => *self = Shape::All,
        }
    }
}

/// The value `text` holds, nested at most `limit` levels, built only as far as `shape`
/// says: the same value `parse` gives where the shape reaches, and the same errors.
pub fn parse_shaped(text: &[u8], limit: usize, shape: &Shape) -> Result<Value, Error> {
    whole(text, limit, |r| r.shaped(0, shape))
}

/// One value `read` reads, with nothing but spaces around it.
fn whole<'a>(
    text: &'a [u8],
    limit: usize,
    read: impl FnOnce(&mut Reader<'a>) -> Result<Value, Error>,
) -> Result<Value, Error> {
    let mut r = Reader { text, at: 0, limit };
    r.space();
    let v = read(&mut r)?;
    r.space();
    if r.at < text.len() {
        return Err(r.error("trailing characters after the value"));
    }
    Ok(v)
}

/// What reads an object's member, after its name.
type Member<'r, 'a> = dyn FnMut(&mut Reader<'a>, Cow<'a, str>) -> Result<(), Error> + 'r;

pub(crate) struct Reader<'a> {
    pub(crate) text: &'a [u8],
    pub(crate) at: usize,
    limit: usize,
}

/// The value `text` holds, nested at most `limit` levels.
pub fn parse(text: &[u8], limit: usize) -> Result<Value, Error> {
    whole(text, limit, |r| r.value(0))
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`, nesting at most `limit` levels.
    pub(crate) fn new(text: &'a [u8], limit: usize) -> Reader<'a> {
        Reader { text, at: 0, limit }
    }

    fn error(&self, message: &'static str) -> Error {
        Error {
            at: self.at,
            message,
            too_deep: false,
        }
    }

    // Always inlined: the module is built for size, and a call per byte is most of the time
    // of reading a large answer.
    #[inline(always)]
    pub(crate) fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    pub(crate) fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn literal(&mut self, word: &[u8], v: Value) -> Result<Value, Error> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(v)
        } else {
            Err(self.error("expected a value"))
        }
    }

    pub(crate) fn value(&mut self, depth: usize) -> Result<Value, Error> {
        match self.peek() {
            None => Err(self.error("the text ends where a value should be")),
            Some(b'n') => self.literal(b"null", Value::Null),
            Some(b't') => self.literal(b"true", Value::Bool(true)),
            Some(b'f') => self.literal(b"false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(open @ (b'[' | b'{')) => {
                self.open(depth)?;
                if open == b'[' {
                    self.array(depth + 1)
                } else {
                    self.object(depth + 1)
                }
            }
            Some(_) => Err(self.error("expected a value")),
        }
    }

    /// After `[`: each element through `each`, in the one grammar every reading shares.
    fn elements(
        &mut self,
        each: &mut dyn FnMut(&mut Self) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(());
        }
        loop {
            self.space();
            each(self)?;
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(());
                }
                None => return Err(self.error("the text ends inside an array")),
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    /// After `{`: each member through `each`, which reads the value after its key (the
    /// key is built only when `keys`).
    fn members(&mut self, keys: bool, each: &mut Member<'_, 'a>) -> Result<(), Error> {
        self.space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(());
        }
        loop {
            self.space();
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.error("the text ends inside an object")),
                _ => return Err(self.error("expected a key (a string)")),
            }
            let key = if keys {
                self.key()?
            } else {
                self.skip_string()?;
                Cow::Borrowed("")
            };
            self.space();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:`"));
            }
            self.at += 1;
            self.space();
            each(self, key)?;
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(());
                }
                None => return Err(self.error("the text ends inside an object")),
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    /// After `[`.
    fn array(&mut self, depth: usize) -> Result<Value, Error> {
        let mut items = Vec::new();
        self.elements(&mut |r| {
            items.push(r.value(depth)?);
            Ok(())
        })?;
        Ok(Value::Array(items))
    }

    /// After `{`.
    fn object(&mut self, depth: usize) -> Result<Value, Error> {
        let mut map = Map::new();
        self.members(true, &mut |r, key| {
            let v = r.value(depth)?;
            map.insert(key.into_owned(), v);
            Ok(())
        })?;
        Ok(Value::Object(map))
    }

    /// At an array or object: past its bracket, checking the depth as `value` does.
    pub(crate) fn open(&mut self, depth: usize) -> Result<(), Error> {
        if depth >= self.limit {
            return Err(Error {
                too_deep: true,
                ..self.error("nested too deeply")
            });
        }
        self.at += 1;
        Ok(())
    }

    /// A value built as far as `shape` says.
    fn shaped(&mut self, depth: usize, shape: &Shape) -> Result<Value, Error> {
        let open = match (shape, self.peek()) {
            (Shape::All, _) | (_, None) => return self.value(depth),
            (_, Some(b @ (b'[' | b'{'))) => b,
            _ => return self.value(depth),
        };
        self.open(depth)?;
        let depth = depth + 1;
        match (open, shape) {
            (b'[', Shape::Each(inner)) => {
                let mut items = Vec::new();
                self.elements(&mut |r| {
                    items.push(r.shaped(depth, inner)?);
                    Ok(())
                })?;
                Ok(Value::Array(items))
            }
            (b'[', _) => {
                self.elements(&mut |r| r.skip(depth))?;
                Ok(Value::Array(Vec::new()))
            }
            (_, Shape::Each(inner)) => {
                let mut map = Map::new();
                self.members(true, &mut |r, key| {
                    let v = r.shaped(depth, inner)?;
                    map.insert(key.into_owned(), v);
                    Ok(())
                })?;
                Ok(Value::Object(map))
            }
            (_, Shape::Members(wanted)) => {
                let mut map = Map::new();
                self.members(true, &mut |r, key| {
                    match wanted.iter().find(|(k, _)| *k == key) {
                        Some((_, inner)) => {
                            let v = r.shaped(depth, inner)?;
                            map.insert(key.into_owned(), v);
                        }
                        None => r.skip(depth)?,
                    }
                    Ok(())
                })?;
                Ok(Value::Object(map))
            }
            (_, Shape::All) => self.object(depth),
        }
    }

    /// A value read and checked as `value` checks it, and dropped.
    pub(crate) fn skip(&mut self, depth: usize) -> Result<(), Error> {
        match self.peek() {
            Some(b'"') => self.skip_string(),
            Some(b'-' | b'0'..=b'9') => self.skip_number(),
            Some(open @ (b'[' | b'{')) => {
                self.open(depth)?;
                if open == b'[' {
                    self.elements(&mut |r| r.skip(depth + 1))
                } else {
                    self.members(false, &mut |r, _| r.skip(depth + 1))
                }
            }
            _ => self.value(depth).map(drop),
        }
    }

    /// At `"`: a member's name, borrowed from the text when it is plain (no escape, no
    /// control character, UTF-8), as most are: a shaped read compares names and builds
    /// only those it keeps.
    pub(crate) fn key(&mut self) -> Result<Cow<'a, str>, Error> {
        let text = self.text;
        let start = self.at + 1;
        let mut end = start;
        while let Some(&b) = text.get(end) {
            if b == b'"' || b == b'\\' || b < 0x20 {
                break;
            }
            end += 1;
        }
        if text.get(end) == Some(&b'"')
            && let Ok(name) = std::str::from_utf8(&text[start..end])
        {
            self.at = end + 1;
            return Ok(Cow::Borrowed(name));
        }
        self.string().map(Cow::Owned)
    }

    /// At `"`: a string checked as `string` checks it (escapes, control characters,
    /// UTF-8, with the same error at the same place), not built.
    fn skip_string(&mut self) -> Result<(), Error> {
        self.at += 1;
        // The bytes the string would hold so far, and where in them the first byte that
        // is not UTF-8 is: `string` finds it only at the closing quote.
        let mut held = 0;
        let mut bad: Option<usize> = None;
        loop {
            let start = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            let plain = &self.text[start..self.at];
            if bad.is_none()
                && !plain.is_ascii()
                && let Err(e) = std::str::from_utf8(plain)
            {
                bad = Some(held + e.valid_up_to());
            }
            held += plain.len();
            match self.peek() {
                None => return Err(self.error("the text ends inside a string")),
                Some(b'"') => {
                    self.at += 1;
                    return match bad {
                        None => Ok(()),
                        Some(at) => Err(Error {
                            at: start + at,
                            message: "the string is not UTF-8",
                            too_deep: false,
                        }),
                    };
                }
                Some(b'\\') => {
                    self.at += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.at += 1;
                            held += 1;
                        }
                        Some(b'u') => {
                            self.at += 1;
                            held += self.escaped_char()?.len_utf8();
                        }
                        _ => return Err(self.error("an invalid escape")),
                    }
                }
                Some(_) => return Err(self.error("a control character must be escaped")),
            }
        }
    }

    /// A number checked as `number` checks it. Only an exponent or a very long whole part
    /// can put it out of range, and only then is it read.
    fn skip_number(&mut self) -> Result<(), Error> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let int_start = self.at;
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("a number needs digits")),
        }
        let long = self.at - int_start > 300;
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("a fraction needs digits after `.`"));
            }
            self.digits();
        }
        if long || matches!(self.peek(), Some(b'e' | b'E')) {
            self.at = start;
            return self.number().map(drop);
        }
        Ok(())
    }

    fn hex4(&mut self) -> Result<u16, Error> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.error("\\u needs four hex digits"))?;
        let mut n = 0u16;
        for d in digits {
            let v = (*d as char)
                .to_digit(16)
                .ok_or_else(|| self.error("\\u needs four hex digits"))?;
            n = n * 16 + v as u16;
        }
        self.at += 4;
        Ok(n)
    }

    /// At `"`.
    fn string(&mut self) -> Result<String, Error> {
        self.at += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            // Plain bytes up to the next quote, backslash or control character at once.
            let start = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.extend_from_slice(&self.text[start..self.at]);
            match self.peek() {
                None => return Err(self.error("the text ends inside a string")),
                Some(b'"') => {
                    self.at += 1;
                    return String::from_utf8(out).map_err(|e| Error {
                        at: start + e.utf8_error().valid_up_to(),
                        message: "the string is not UTF-8",
                        too_deep: false,
                    });
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.at += 1;
                            let c = self.escaped_char()?;
                            let mut buf = [0; 4];
                            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                            continue;
                        }
                        _ => return Err(self.error("an invalid escape")),
                    };
                    self.at += 1;
                    out.push(c as u8);
                }
                Some(_) => return Err(self.error("a control character must be escaped")),
            }
        }
    }

    /// After `\u`: one character, from a surrogate pair when it takes two escapes.
    fn escaped_char(&mut self) -> Result<char, Error> {
        let first = self.hex4()?;
        match first {
            0xD800..=0xDBFF => {
                if !self.text[self.at..].starts_with(b"\\u") {
                    return Err(self.error("a high surrogate without a low one"));
                }
                self.at += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("a high surrogate without a low one"));
                }
                let c =
                    0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00);
                char::from_u32(c).ok_or_else(|| self.error("an invalid escape"))
            }
            0xDC00..=0xDFFF => Err(self.error("a low surrogate without a high one")),
            c => char::from_u32(u32::from(c)).ok_or_else(|| self.error("an invalid escape")),
        }
    }

    fn number(&mut self) -> Result<Value, Error> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let int_start = self.at;
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("a number needs digits")),
        }
        let int_end = self.at;
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("a fraction needs digits after `.`"));
            }
            self.digits();
            float = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("an exponent needs digits"));
            }
            self.digits();
            float = true;
        }
        // ASCII by construction.
        let text = std::str::from_utf8(&self.text[start..self.at]).unwrap_or("");
        if !float {
            let digits = std::str::from_utf8(&self.text[int_start..int_end]).unwrap_or("");
            if !negative && let Ok(n) = digits.parse::<u64>() {
                return Ok(Value::Number(n.into()));
            }
            if negative && let Ok(n) = text.parse::<i64>() {
                return Ok(Value::Number(n.into()));
            }
        }
        match crate::float::parse(text) {
            Some(v) if v.is_finite() => {
                Ok(crate::depth::number(v).unwrap_or_else(|| Value::Number(Number::from(0))))
            }
            _ => Err(Error {
                at: start,
                message: "the number is out of range",
                too_deep: false,
            }),
        }
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
    }
}

/// The JSON text of `v`, as serde_json writes it without spaces (tests hold the two
/// equal). The runtime module writes its answers with this rather than serde_json's
/// serialiser, which with its `Display` plumbing was several KB of the module.
pub fn text(v: &Value) -> String {
    let mut out = String::new();
    write(v, &mut out);
    out
}

fn write(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&crate::float::number_text(n)),
        Value::String(s) => string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => write_map(map, out),
    }
}

/// The JSON text of an object's members.
pub fn text_of_map(map: &Map<String, Value>) -> String {
    let mut out = String::new();
    write_map(map, &mut out);
    out
}

fn write_map(map: &Map<String, Value>, out: &mut String) {
    out.push('{');
    for (i, (k, item)) in map.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(k, out);
        out.push(':');
        write(item, out);
    }
    out.push('}');
}

/// `s` as a JSON string: quotes, backslashes and control characters escaped as serde_json
/// escapes them.
pub fn string(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..0x20 => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        plain = i + 1;
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(text: &str) -> Result<Value, Error> {
        parse(text.as_bytes(), 64)
    }

    #[test]
    fn reads_what_json_holds() {
        assert_eq!(
            read(r#" {"a": [1, -2, 3.5, true, null, "x\u00e9\ud83d\ude00\n"], "b": {}} "#).unwrap(),
            json!({"a": [1, -2, 3.5, true, null, "xé😀\n"], "b": {}})
        );
        assert_eq!(read("3600.0").unwrap(), json!(3600));
        assert_eq!(read("-0").unwrap(), json!(0));
        assert_eq!(read("18446744073709551615").unwrap(), json!(u64::MAX));
        assert_eq!(
            read("18446744073709551616").unwrap(),
            json!(18446744073709551616.0)
        );
        assert_eq!(read(r#"{"k": 1, "k": 2}"#).unwrap(), json!({"k": 2}));
    }

    #[test]
    fn refuses_what_json_does_not_hold_and_says_where() {
        for bad in [
            "",
            " ",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            ".5",
            "1e",
            "+1",
            "[1 2]",
            "{1:2}",
            "\"\\x\"",
            "\"\u{1}\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "nul",
            "[",
            "{\"a\"",
            "1e400",
            "[] []",
            "\"abc",
        ] {
            assert!(read(bad).is_err(), "{bad:?} was read");
        }
        let e = read("{\n  \"a\": [1,\n  2,]\n}").unwrap_err();
        assert_eq!(e.line_col(b"{\n  \"a\": [1,\n  2,]\n}"), (3, 5));
        let deep = "[".repeat(65) + &"]".repeat(65);
        assert!(read(&deep).unwrap_err().too_deep);
        assert!(read(&("[".repeat(64) + &"]".repeat(64))).is_ok());
    }
}
