//! The reader proper: values, strings with their escapes, numbers (read exactly), and objects
//! and arrays under the nesting limit, each error at its byte offset.

use super::*;

impl<'a> Reader<'a> {
    /// A reader at the start of `text`, nesting at most `limit` levels.
    pub(crate) fn new(text: &'a [u8], limit: usize) -> Reader<'a> {
        Reader { text, at: 0, limit }
    }

    pub(super) fn error(&self, message: &'static str) -> Error {
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

    pub(super) fn literal(&mut self, word: &[u8], v: Value) -> Result<Value, Error> {
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
    pub(super) fn elements(
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
    pub(super) fn members(&mut self, keys: bool, each: &mut Member<'_, 'a>) -> Result<(), Error> {
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
    pub(super) fn array(&mut self, depth: usize) -> Result<Value, Error> {
        let mut items = Vec::new();
        self.elements(&mut |r| {
            items.push(r.value(depth)?);
            Ok(())
        })?;
        Ok(Value::Array(items))
    }

    /// After `{`.
    pub(super) fn object(&mut self, depth: usize) -> Result<Value, Error> {
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
    pub(super) fn shaped(&mut self, depth: usize, shape: &Shape) -> Result<Value, Error> {
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
    pub(super) fn skip_string(&mut self) -> Result<(), Error> {
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
    pub(super) fn skip_number(&mut self) -> Result<(), Error> {
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

    pub(super) fn hex4(&mut self) -> Result<u16, Error> {
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
    pub(super) fn string(&mut self) -> Result<String, Error> {
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
    pub(super) fn escaped_char(&mut self) -> Result<char, Error> {
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

    pub(super) fn number(&mut self) -> Result<Value, Error> {
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
        match crate::standin::float::parse(text) {
            Some(v) if v.is_finite() => {
                Ok(crate::base::depth::number(v).unwrap_or_else(|| Value::Number(Number::from(0))))
            }
            _ => Err(Error {
                at: start,
                message: "the number is out of range",
                too_deep: false,
            }),
        }
    }

    pub(super) fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
    }
}
