//! Reading JSON text from an untrusted source (a CRM response, a request to the runtime
//! module) into a `serde_json::Value` with a nesting limit. Written here rather than run
//! through serde_json's reader: in the runtime module that reader and its error machinery
//! are 15 KB, and this one is a fraction of it. It accepts exactly what serde_json accepts
//! and gives the same values (tests/json_differential.rs holds the two equal), with
//! `depth::value`'s one difference: a whole number written as a float (`3600.0`) reads as
//! an integer, as JavaScript would hold it. Floats are read exactly (`float::parse`).

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

struct Reader<'a> {
    text: &'a [u8],
    at: usize,
    limit: usize,
}

/// The value `text` holds, nested at most `limit` levels.
pub fn parse(text: &[u8], limit: usize) -> Result<Value, Error> {
    let mut r = Reader { text, at: 0, limit };
    r.space();
    let v = r.value(0)?;
    r.space();
    if r.at < text.len() {
        return Err(r.error("trailing characters after the value"));
    }
    Ok(v)
}

impl Reader<'_> {
    fn error(&self, message: &'static str) -> Error {
        Error {
            at: self.at,
            message,
            too_deep: false,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn space(&mut self) {
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

    fn value(&mut self, depth: usize) -> Result<Value, Error> {
        match self.peek() {
            None => Err(self.error("the text ends where a value should be")),
            Some(b'n') => self.literal(b"null", Value::Null),
            Some(b't') => self.literal(b"true", Value::Bool(true)),
            Some(b'f') => self.literal(b"false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(open @ (b'[' | b'{')) => {
                if depth >= self.limit {
                    return Err(Error {
                        too_deep: true,
                        ..self.error("nested too deeply")
                    });
                }
                self.at += 1;
                if open == b'[' {
                    self.array(depth + 1)
                } else {
                    self.object(depth + 1)
                }
            }
            Some(_) => Err(self.error("expected a value")),
        }
    }

    /// After `[`.
    fn array(&mut self, depth: usize) -> Result<Value, Error> {
        let mut items = Vec::new();
        self.space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.space();
            items.push(self.value(depth)?);
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(self.error("the text ends inside an array")),
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    /// After `{`.
    fn object(&mut self, depth: usize) -> Result<Value, Error> {
        let mut map = Map::new();
        self.space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(map));
        }
        loop {
            self.space();
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.error("the text ends inside an object")),
                _ => return Err(self.error("expected a key (a string)")),
            }
            let key = self.string()?;
            self.space();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:`"));
            }
            self.at += 1;
            self.space();
            let v = self.value(depth)?;
            map.insert(key, v);
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(map));
                }
                None => return Err(self.error("the text ends inside an object")),
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
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
