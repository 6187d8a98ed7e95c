//! The parser over the text: whitespace and comments, keys, strings of the four kinds,
//! inline tables and arrays, each value with its byte span.

use super::*;

pub(super) fn is_bare(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

impl Parser<'_> {
    pub(super) fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    pub(super) fn fail<T>(&self, message: &str) -> Result<T, SyntaxError> {
        self.fail_at(self.i, message)
    }

    pub(super) fn fail_at<T>(&self, offset: usize, message: &str) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            offset,
            message: message.to_string(),
        })
    }

    pub(super) fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    pub(super) fn skip_comment(&mut self) -> Result<(), SyntaxError> {
        if self.peek() == Some(b'#') {
            while let Some(c) = self.peek() {
                if c == b'\n' || (c == b'\r' && self.b.get(self.i + 1) == Some(&b'\n')) {
                    break;
                }
                if (c < 0x20 && c != b'\t') || c == 0x7f {
                    return self.fail("control characters are not allowed in comments");
                }
                self.i += 1;
            }
        }
        Ok(())
    }

    /// Consume a newline (LF or CRLF); false when there is none here.
    pub(super) fn newline(&mut self) -> bool {
        match self.peek() {
            Some(b'\n') => {
                self.i += 1;
                true
            }
            Some(b'\r') if self.b.get(self.i + 1) == Some(&b'\n') => {
                self.i += 2;
                true
            }
            _ => false,
        }
    }

    /// Whitespace, comments and newlines: between lines, and inside lists and (TOML 1.1)
    /// inline tables.
    pub(super) fn skip_blank_lines(&mut self) -> Result<(), SyntaxError> {
        loop {
            self.skip_ws();
            self.skip_comment()?;
            if !self.newline() {
                return Ok(());
            }
        }
    }

    pub(super) fn end_of_line(&mut self) -> Result<(), SyntaxError> {
        self.skip_ws();
        self.skip_comment()?;
        if self.peek().is_none() || self.newline() {
            Ok(())
        } else {
            self.fail("expected the end of the line (a new line or a `#` comment)")
        }
    }

    pub(super) fn key_path(&mut self) -> Result<Vec<Key>, SyntaxError> {
        let mut path = vec![self.key()?];
        loop {
            let save = self.i;
            self.skip_ws();
            if self.peek() == Some(b'.') {
                self.i += 1;
                self.skip_ws();
                if self.depth + path.len() >= MAX_DEPTH {
                    return self.fail(&crate::base::depth::text_too_deep());
                }
                path.push(self.key()?);
            } else {
                self.i = save;
                return Ok(path);
            }
        }
    }

    pub(super) fn key(&mut self) -> Result<Key, SyntaxError> {
        let start = self.i;
        match self.peek() {
            Some(b'"') => {
                if self.b[self.i..].starts_with(b"\"\"\"") {
                    return self.fail("a key cannot be a multi-line string");
                }
                let s = self.basic_string()?;
                Ok((s, start..self.i))
            }
            Some(b'\'') => {
                if self.b[self.i..].starts_with(b"'''") {
                    return self.fail("a key cannot be a multi-line string");
                }
                let s = self.literal_string()?;
                Ok((s, start..self.i))
            }
            Some(c) if is_bare(c) => {
                while self.peek().is_some_and(is_bare) {
                    self.i += 1;
                }
                Ok((self.src[start..self.i].to_string(), start..self.i))
            }
            _ => self.fail("expected a key (letters, digits, `_`, `-`, or a quoted string)"),
        }
    }

    pub(super) fn value(&mut self) -> Result<Node, SyntaxError> {
        let start = self.i;
        let scalar = |s: Scalar, p: &Self| Ok(Node::Scalar(s, start..p.i));
        match self.peek() {
            Some(b'"') => {
                let s = if self.b[self.i..].starts_with(b"\"\"\"") {
                    self.ml_string(b'"')?
                } else {
                    self.basic_string()?
                };
                scalar(Scalar::String(s), self)
            }
            Some(b'\'') => {
                let s = if self.b[self.i..].starts_with(b"'''") {
                    self.ml_string(b'\'')?
                } else {
                    self.literal_string()?
                };
                scalar(Scalar::String(s), self)
            }
            Some(b'[') => self.array(),
            Some(b'{') => self.inline_table(),
            Some(b't') if self.b[self.i..].starts_with(b"true") => {
                self.i += 4;
                self.word_end(start)?;
                scalar(Scalar::Bool(true), self)
            }
            Some(b'f') if self.b[self.i..].starts_with(b"false") => {
                self.i += 5;
                self.word_end(start)?;
                scalar(Scalar::Bool(false), self)
            }
            Some(c) if c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'i' | b'n') => {
                let s = self.number_or_date()?;
                scalar(s, self)
            }
            None => self.fail("expected a value after `=`"),
            Some(c) if c.is_ascii_alphabetic() => {
                self.fail("expected a value: strings must be quoted, as in \"text\"")
            }
            _ => self.fail(
                "expected a value: a \"string\", a number, true or false, a [list] or a { table }",
            ),
        }
    }

    pub(super) fn word_end(&self, start: usize) -> Result<(), SyntaxError> {
        if self.peek().is_some_and(is_bare) {
            self.fail_at(start, "expected a value: strings must be quoted")
        } else {
            Ok(())
        }
    }

    /// Enter an array or inline table; the caller takes `depth` back down when it closes.
    pub(super) fn enter(&mut self) -> Result<(), SyntaxError> {
        if self.depth >= MAX_DEPTH {
            return self.fail(&crate::base::depth::text_too_deep());
        }
        self.depth += 1;
        Ok(())
    }

    pub(super) fn array(&mut self) -> Result<Node, SyntaxError> {
        let start = self.i;
        self.enter()?;
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.skip_blank_lines()?;
            if self.peek() == Some(b']') {
                self.i += 1;
                break;
            }
            items.push(self.value()?);
            self.skip_blank_lines()?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    break;
                }
                _ => return self.fail("expected `,` or `]` in the list"),
            }
        }
        self.depth -= 1;
        Ok(Node::Array {
            items,
            span: start..self.i,
            of_tables: false,
        })
    }

    pub(super) fn inline_table(&mut self) -> Result<Node, SyntaxError> {
        let start = self.i;
        self.enter()?;
        self.i += 1;
        let mut t = Table::new(Origin::Dotted, start..start);
        loop {
            self.skip_blank_lines()?;
            if self.peek() == Some(b'}') {
                self.i += 1;
                break;
            }
            let path = self.key_path()?;
            // Line breaks and comments around the `=` too, as the toml crate reads them
            // (found by tests/toml.rs comparing the two on mutated text).
            self.skip_blank_lines()?;
            if self.peek() != Some(b'=') {
                return self.fail("expected `=` after the key");
            }
            self.i += 1;
            self.skip_blank_lines()?;
            let outer = self.depth;
            self.depth += path.len() - 1;
            if self.depth >= MAX_DEPTH {
                return self.fail(&crate::base::depth::text_too_deep());
            }
            let value = self.value()?;
            self.depth = outer;
            insert_dotted(&mut t, path, value)
                .map_err(|(offset, message)| SyntaxError { offset, message })?;
            self.skip_blank_lines()?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    break;
                }
                _ => return self.fail("expected `,` or `}` in the inline table"),
            }
        }
        t.span = start..self.i;
        // Inner inline tables were frozen when they closed; only dotted keys' tables are left.
        freeze(&mut t);
        self.depth -= 1;
        Ok(Node::Table(t))
    }

    pub(super) fn control(&self, c: char) -> Result<(), SyntaxError> {
        if (c < ' ' && c != '\t') || c == '\u{7f}' {
            self.fail("control characters must be escaped in strings")
        } else {
            Ok(())
        }
    }

    pub(super) fn basic_string(&mut self) -> Result<String, SyntaxError> {
        let start = self.i;
        self.i += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.src[self.i..].chars().next() else {
                return self.fail_at(start, "this string is not closed: add the closing `\"`");
            };
            match c {
                '"' => {
                    self.i += 1;
                    return Ok(out);
                }
                '\\' => out.push(self.escape()?),
                '\n' | '\r' => {
                    return self.fail_at(start, "this string is not closed: add the closing `\"`");
                }
                c => {
                    self.control(c)?;
                    out.push(c);
                    self.i += c.len_utf8();
                }
            }
        }
    }

    pub(super) fn escape(&mut self) -> Result<char, SyntaxError> {
        let at = self.i;
        self.i += 1;
        let hex = |p: &mut Self, n: usize| -> Result<char, SyntaxError> {
            let digits = p.src.get(p.i..p.i + n).unwrap_or("");
            let code = (digits.len() == n && digits.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| u32::from_str_radix(digits, 16).ok())
                .flatten()
                .and_then(char::from_u32);
            match code {
                Some(c) => {
                    p.i += n;
                    Ok(c)
                }
                None => p.fail_at(at, "invalid unicode escape: use \\uXXXX or \\UXXXXXXXX"),
            }
        };
        let c = match self.peek() {
            Some(b'b') => '\u{8}',
            Some(b't') => '\t',
            Some(b'n') => '\n',
            Some(b'f') => '\u{c}',
            Some(b'r') => '\r',
            Some(b'e') => '\u{1b}',
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'x') => {
                self.i += 1;
                return hex(self, 2);
            }
            Some(b'u') => {
                self.i += 1;
                return hex(self, 4);
            }
            Some(b'U') => {
                self.i += 1;
                return hex(self, 8);
            }
            _ => return self.fail_at(at, "invalid escape: write `\\\\` for a backslash"),
        };
        self.i += 1;
        Ok(c)
    }

    /// A multi-line string: `"""` (with escapes and line-ending backslashes) or `'''`
    /// (literal).
    pub(super) fn ml_string(&mut self, quote: u8) -> Result<String, SyntaxError> {
        let start = self.i;
        self.i += 3;
        self.newline();
        let mut out = String::new();
        loop {
            if self.b[self.i..].starts_with(&[quote; 3]) {
                // Up to two quotes may end the content right before the closing three.
                let mut n = 3;
                while n < 5 && self.b.get(self.i + n) == Some(&quote) {
                    n += 1;
                }
                out.extend(std::iter::repeat_n(quote as char, n - 3));
                self.i += n;
                return Ok(out);
            }
            let Some(c) = self.src[self.i..].chars().next() else {
                return self.fail_at(
                    start,
                    if quote == b'"' {
                        "this string is not closed: add the closing `\"\"\"`"
                    } else {
                        "this string is not closed: add the closing `'''`"
                    },
                );
            };
            match c {
                '\\' if quote == b'"' => {
                    // A backslash at the end of a line joins it to the next non-blank text.
                    let mut j = self.i + 1;
                    while matches!(self.b.get(j), Some(b' ' | b'\t')) {
                        j += 1;
                    }
                    if matches!(self.b.get(j), Some(b'\n' | b'\r')) {
                        self.i = j;
                        while matches!(self.peek(), Some(b' ' | b'\t')) || self.newline() {
                            if matches!(self.peek(), Some(b' ' | b'\t')) {
                                self.i += 1;
                            }
                        }
                    } else {
                        out.push(self.escape()?);
                    }
                }
                '\r' if self.b.get(self.i + 1) == Some(&b'\n') => {
                    out.push('\n');
                    self.i += 2;
                }
                '\n' => {
                    out.push('\n');
                    self.i += 1;
                }
                c => {
                    self.control(c)?;
                    out.push(c);
                    self.i += c.len_utf8();
                }
            }
        }
    }

    pub(super) fn literal_string(&mut self) -> Result<String, SyntaxError> {
        let start = self.i;
        self.i += 1;
        let mut out = String::new();
        loop {
            match self.src[self.i..].chars().next() {
                Some('\'') => {
                    self.i += 1;
                    return Ok(out);
                }
                None | Some('\n' | '\r') => {
                    return self.fail_at(start, "this string is not closed: add the closing `'`");
                }
                Some(c) => {
                    self.control(c)?;
                    out.push(c);
                    self.i += c.len_utf8();
                }
            }
        }
    }

    /// A number, a date or a time. Dates and times are validated for shape and kept as text.
    pub(super) fn number_or_date(&mut self) -> Result<Scalar, SyntaxError> {
        let start = self.i;
        let token_char =
            |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'+' | b'-' | b'.' | b':');
        while self.peek().is_some_and(token_char) {
            self.i += 1;
        }
        // A date and a time may be separated by a space.
        let looks_like_date = |t: &[u8]| {
            t.len() == 10
                && t[4] == b'-'
                && t[7] == b'-'
                && t.iter()
                    .enumerate()
                    .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        };
        if looks_like_date(&self.b[start..self.i])
            && self.peek() == Some(b' ')
            && self.b.get(self.i + 1).is_some_and(u8::is_ascii_digit)
        {
            self.i += 1;
            while self.peek().is_some_and(token_char) {
                self.i += 1;
            }
        }
        let text = &self.src[start..self.i];
        let tb = text.as_bytes();
        let digits = |r: Range<usize>| tb.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
        if (digits(0..4) && tb.get(4) == Some(&b'-')) || (digits(0..2) && tb.get(2) == Some(&b':'))
        {
            return if datetime_shape(text) {
                Ok(Scalar::Datetime(text.replacen(' ', "T", 1)))
            } else {
                self.fail_at(
                    start,
                    "not a valid date or time: write 1979-05-27T07:32:00Z",
                )
            };
        }
        number(text).ok_or_else(|| SyntaxError {
            offset: start,
            message: format!("`{text}` is not a valid value: strings must be quoted"),
        })
    }
}
