//! Reading TOML (1.1: the spelling the toml crate 1.x reads, newlines and trailing commas in
//! inline tables included) into a tree with the byte span of every key and value, so every
//! diagnostic can name its line and column. Written for framesmith rather than taken from
//! the toml crate: that crate's parser and its serde layer cost the browser module 53 KB,
//! a third of its budget. Tests compare this reader with the toml crate on every fixture
//! and on generated documents.
//!
//! Datetimes are kept as their text (the workspace has none of its own); integers that do
//! not fit in 64 bits and non-finite floats are read but reported, since JSON cannot carry
//! them.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::depth::MAX_DEPTH;

/// A TOML syntax error: where it is (a byte offset) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// A scalar as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    String(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
    Datetime(String),
    /// A number JSON cannot carry (too large an integer, `inf`, `nan`), as written.
    Unrepresentable(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Scalar(Scalar, Range<usize>),
    Array {
        items: Vec<Node>,
        span: Range<usize>,
        /// An array of tables (`[[name]]`), which headers may extend.
        of_tables: bool,
    },
    Table(Table),
}

impl Node {
    pub fn span(&self) -> Range<usize> {
        match self {
            Node::Scalar(_, s) | Node::Array { span: s, .. } => s.clone(),
            Node::Table(t) => t.span.clone(),
        }
    }
}

/// How a table came to be; TOML's rules on extending a table depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// Named only as part of a longer header (`a` in `[a.b]`): may be defined later.
    Implicit,
    /// By its own `[header]`.
    Header,
    /// By dotted keys (`a.b = 1`).
    Dotted,
    /// An inline table: closed once written.
    Inline,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub entries: Vec<Entry>,
    pub span: Range<usize>,
    origin: Origin,
    /// Key → position in `entries`, so a table of n keys is built in n log n, not n².
    index: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Range<usize>,
    pub node: Node,
}

impl Table {
    fn new(origin: Origin, span: Range<usize>) -> Self {
        Table {
            entries: Vec::new(),
            span,
            origin,
            index: BTreeMap::new(),
        }
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }

    /// Add an entry whose key is not there yet; its position.
    fn push(&mut self, entry: Entry) -> usize {
        let at = self.entries.len();
        self.index.insert(entry.key.clone(), at);
        self.entries.push(entry);
        at
    }
}

type Key = (String, Range<usize>);

struct Parser<'a> {
    src: &'a str,
    b: &'a [u8],
    i: usize,
    /// How deep the value being read sits: key segments from the root, then arrays and
    /// inline tables. Held to `MAX_DEPTH`, as JSON workspaces are, so that nesting can
    /// neither overflow the stack nor cost memory with the square of the depth.
    depth: usize,
}

/// Read a TOML document.
pub fn parse(src: &str) -> Result<Table, SyntaxError> {
    // A byte-order mark is no part of the document (editors on Windows write one).
    let bom = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let mut p = Parser {
        src,
        b: src.as_bytes(),
        i: bom,
        depth: 0,
    };
    let mut root = Table::new(Origin::Header, 0..src.len());
    // The table key/value lines go into, as a path from the root; for an array of tables,
    // its last element.
    let mut current: Vec<Key> = Vec::new();
    loop {
        p.skip_blank_lines()?;
        p.depth = 0;
        let Some(c) = p.peek() else { break };
        if c == b'[' {
            let start = p.i;
            let of_tables = p.b.get(p.i + 1) == Some(&b'[');
            p.i += if of_tables { 2 } else { 1 };
            p.skip_ws();
            let path = p.key_path()?;
            p.skip_ws();
            let close: &[u8] = if of_tables { b"]]" } else { b"]" };
            if !p.b[p.i..].starts_with(close) {
                return p.fail(if of_tables {
                    "expected `]]` to close the array-of-tables header"
                } else {
                    "expected `]` to close the table header"
                });
            }
            p.i += close.len();
            let span = start..p.i;
            p.end_of_line()?;
            define_header(&mut root, &path, of_tables, span)
                .map_err(|(offset, message)| SyntaxError { offset, message })?;
            current = path;
        } else {
            let key_at = p.i;
            let path = p.key_path()?;
            p.skip_ws();
            if p.peek() != Some(b'=') {
                return p.fail("expected `=` after the key");
            }
            p.i += 1;
            p.skip_ws();
            p.depth = current.len() + path.len();
            if p.depth > MAX_DEPTH {
                return p.fail_at(key_at, &crate::depth::text_too_deep());
            }
            let value = p.value()?;
            p.end_of_line()?;
            let table = walk(&mut root, &current).map_err(|(o, m)| SyntaxError {
                offset: o,
                message: m,
            })?;
            insert_dotted(table, path, value)
                .map_err(|(offset, message)| SyntaxError { offset, message })?;
        }
    }
    Ok(root)
}

type Fail = (usize, String);

/// The table at `path` (which headers have already made), descending into the last
/// element of arrays of tables.
fn walk<'t>(root: &'t mut Table, path: &[Key]) -> Result<&'t mut Table, Fail> {
    let mut t = root;
    for (k, span) in path {
        let Some(pos) = t.position(k) else {
            return Err((span.start, format!("no table `{k}`")));
        };
        t = match &mut t.entries[pos].node {
            Node::Table(next) => next,
            Node::Array {
                items,
                of_tables: true,
                ..
            } => match items.last_mut() {
                Some(Node::Table(next)) => next,
                _ => return Err((span.start, format!("`{k}` is not a table"))),
            },
            _ => return Err((span.start, format!("`{k}` is not a table"))),
        };
    }
    Ok(t)
}

/// Descend one key for a header, making implicit tables on the way.
fn descend<'t>(t: &'t mut Table, (k, span): &Key) -> Result<&'t mut Table, Fail> {
    let pos = match t.position(k) {
        Some(p) => p,
        None => t.push(Entry {
            key: k.clone(),
            key_span: span.clone(),
            node: Node::Table(Table::new(Origin::Implicit, span.clone())),
        }),
    };
    match &mut t.entries[pos].node {
        Node::Table(next) if next.origin != Origin::Inline => Ok(next),
        Node::Array {
            items,
            of_tables: true,
            ..
        } => match items.last_mut() {
            Some(Node::Table(next)) => Ok(next),
            _ => Err((span.start, format!("`{k}` is not a table"))),
        },
        Node::Table(_) => Err((
            span.start,
            format!("`{k}` is an inline table, which cannot be extended"),
        )),
        _ => Err((span.start, format!("`{k}` is already a value, not a table"))),
    }
}

fn define_header(
    root: &mut Table,
    path: &[Key],
    of_tables: bool,
    span: Range<usize>,
) -> Result<(), Fail> {
    let (last, parents) = path.split_last().expect("a key path has at least one key");
    let mut t = root;
    for k in parents {
        t = descend(t, k)?;
    }
    let (k, kspan) = last;
    let new_table = || Node::Table(Table::new(Origin::Header, span.clone()));
    match t.position(k) {
        None => {
            let node = if of_tables {
                Node::Array {
                    items: vec![new_table()],
                    span: span.clone(),
                    of_tables: true,
                }
            } else {
                new_table()
            };
            t.push(Entry {
                key: k.clone(),
                key_span: kspan.clone(),
                node,
            });
            Ok(())
        }
        Some(pos) => match (&mut t.entries[pos].node, of_tables) {
            (Node::Table(existing), false) if existing.origin == Origin::Implicit => {
                existing.origin = Origin::Header;
                existing.span = span;
                Ok(())
            }
            (Node::Table(_), false) => Err((
                kspan.start,
                format!("table `{k}` is defined twice: give each table one header"),
            )),
            (
                Node::Array {
                    items,
                    of_tables: true,
                    ..
                },
                true,
            ) => {
                items.push(new_table());
                Ok(())
            }
            (
                Node::Array {
                    of_tables: true, ..
                },
                false,
            ) => Err((
                kspan.start,
                format!("`{k}` is an array of tables: write `[[{k}]]` to add one"),
            )),
            _ => Err((kspan.start, format!("`{k}` is already defined as a value"))),
        },
    }
}

/// `a.b.c = value` in table `t`.
fn insert_dotted(t: &mut Table, path: Vec<Key>, value: Node) -> Result<(), Fail> {
    let mut path = path;
    let (k, kspan) = path.pop().expect("a key path has at least one key");
    let mut t = t;
    for (seg, span) in path {
        let pos = match t.position(&seg) {
            Some(p) => p,
            None => {
                let start = span.start;
                t.push(Entry {
                    key: seg.clone(),
                    key_span: span,
                    node: Node::Table(Table::new(Origin::Dotted, start..value.span().end)),
                })
            }
        };
        let at = t.entries[pos].key_span.start;
        t = match &mut t.entries[pos].node {
            Node::Table(next) if next.origin == Origin::Dotted => next,
            _ => {
                return Err((
                    at,
                    format!("`{seg}` is already defined: dotted keys cannot add to it"),
                ));
            }
        };
    }
    if t.position(&k).is_some() {
        return Err((kspan.start, format!("duplicate key `{k}`")));
    }
    t.push(Entry {
        key: k,
        key_span: kspan,
        node: value,
    });
    Ok(())
}

fn is_bare(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn fail<T>(&self, message: &str) -> Result<T, SyntaxError> {
        self.fail_at(self.i, message)
    }

    fn fail_at<T>(&self, offset: usize, message: &str) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            offset,
            message: message.to_string(),
        })
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    fn skip_comment(&mut self) -> Result<(), SyntaxError> {
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
    fn newline(&mut self) -> bool {
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
    fn skip_blank_lines(&mut self) -> Result<(), SyntaxError> {
        loop {
            self.skip_ws();
            self.skip_comment()?;
            if !self.newline() {
                return Ok(());
            }
        }
    }

    fn end_of_line(&mut self) -> Result<(), SyntaxError> {
        self.skip_ws();
        self.skip_comment()?;
        if self.peek().is_none() || self.newline() {
            Ok(())
        } else {
            self.fail("expected the end of the line (a new line or a `#` comment)")
        }
    }

    fn key_path(&mut self) -> Result<Vec<Key>, SyntaxError> {
        let mut path = vec![self.key()?];
        loop {
            let save = self.i;
            self.skip_ws();
            if self.peek() == Some(b'.') {
                self.i += 1;
                self.skip_ws();
                if self.depth + path.len() >= MAX_DEPTH {
                    return self.fail(&crate::depth::text_too_deep());
                }
                path.push(self.key()?);
            } else {
                self.i = save;
                return Ok(path);
            }
        }
    }

    fn key(&mut self) -> Result<Key, SyntaxError> {
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

    fn value(&mut self) -> Result<Node, SyntaxError> {
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

    fn word_end(&self, start: usize) -> Result<(), SyntaxError> {
        if self.peek().is_some_and(is_bare) {
            self.fail_at(start, "expected a value: strings must be quoted")
        } else {
            Ok(())
        }
    }

    /// Enter an array or inline table; the caller takes `depth` back down when it closes.
    fn enter(&mut self) -> Result<(), SyntaxError> {
        if self.depth >= MAX_DEPTH {
            return self.fail(&crate::depth::text_too_deep());
        }
        self.depth += 1;
        Ok(())
    }

    fn array(&mut self) -> Result<Node, SyntaxError> {
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

    fn inline_table(&mut self) -> Result<Node, SyntaxError> {
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
            self.skip_ws();
            if self.peek() != Some(b'=') {
                return self.fail("expected `=` after the key");
            }
            self.i += 1;
            self.skip_ws();
            let outer = self.depth;
            self.depth += path.len() - 1;
            if self.depth >= MAX_DEPTH {
                return self.fail(&crate::depth::text_too_deep());
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

    fn control(&self, c: char) -> Result<(), SyntaxError> {
        if (c < ' ' && c != '\t') || c == '\u{7f}' {
            self.fail("control characters must be escaped in strings")
        } else {
            Ok(())
        }
    }

    fn basic_string(&mut self) -> Result<String, SyntaxError> {
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

    fn escape(&mut self) -> Result<char, SyntaxError> {
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
    fn ml_string(&mut self, quote: u8) -> Result<String, SyntaxError> {
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

    fn literal_string(&mut self) -> Result<String, SyntaxError> {
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
    fn number_or_date(&mut self) -> Result<Scalar, SyntaxError> {
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

/// Every table inside an inline table is closed to later additions.
fn freeze(t: &mut Table) {
    t.origin = Origin::Inline;
    for e in &mut t.entries {
        if let Node::Table(inner) = &mut e.node
            && inner.origin != Origin::Inline
        {
            freeze(inner);
        }
    }
}

fn digits_with_underscores(s: &str, digit: fn(u8) -> bool) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && digit(b[0])
        && digit(b[b.len() - 1])
        && b.windows(2).all(|w| w[0] != b'_' || digit(w[1]))
        && b.iter().all(|&c| c == b'_' || digit(c))
}

/// An integer or float as TOML writes them.
fn number(text: &str) -> Option<Scalar> {
    let unrepresentable = || Some(Scalar::Unrepresentable(text.to_string()));
    let (sign, body) = match text.as_bytes().first()? {
        b'+' => ("", &text[1..]),
        b'-' => ("-", &text[1..]),
        _ => ("", text),
    };
    if body == "inf" || body == "nan" {
        return unrepresentable();
    }
    for (prefix, radix, digit) in [
        ("0x", 16, u8::is_ascii_hexdigit as fn(&u8) -> bool),
        ("0o", 8, |c: &u8| (b'0'..=b'7').contains(c)),
        ("0b", 2, |c: &u8| matches!(c, b'0' | b'1')),
    ] {
        if let Some(d) = body.strip_prefix(prefix) {
            if !sign.is_empty() || text.starts_with('+') {
                return None;
            }
            let ok = {
                let b = d.as_bytes();
                !b.is_empty()
                    && digit(&b[0])
                    && digit(&b[b.len() - 1])
                    && b.windows(2).all(|w| w[0] != b'_' || digit(&w[1]))
                    && b.iter().all(|c| *c == b'_' || digit(c))
            };
            if !ok {
                return None;
            }
            let clean: String = d.chars().filter(|c| *c != '_').collect();
            return match i64::from_str_radix(&clean, radix) {
                Ok(n) => Some(Scalar::Integer(n)),
                Err(_) => unrepresentable(),
            };
        }
    }
    let digit = |c: u8| c.is_ascii_digit();
    // Split into integer part, fraction and exponent, each checked on its own.
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    if !digits_with_underscores(int, digit) || (int.len() > 1 && int.starts_with('0')) {
        return None;
    }
    if let Some(f) = frac
        && !digits_with_underscores(f, digit)
    {
        return None;
    }
    if let Some(e) = exponent {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        if !digits_with_underscores(e, digit) {
            return None;
        }
    }
    let clean: String = text.chars().filter(|c| *c != '_').collect();
    if frac.is_none() && exponent.is_none() {
        return match clean.parse::<i64>() {
            Ok(n) => Some(Scalar::Integer(n)),
            Err(_) => unrepresentable(),
        };
    }
    match crate::float::parse(&clean) {
        Some(f) if f.is_finite() => Some(Scalar::Float(f)),
        // The syntax was checked above, so a number that does not read is out of range.
        _ => unrepresentable(),
    }
}

/// Whether text is a TOML date, time or date-time that exists: the shape, and every field
/// in its range (no month 13, 30 February, hour 25 or offset +25:00).
pub(crate) fn datetime_shape(t: &str) -> bool {
    let b = t.as_bytes();
    let d = |r: Range<usize>| {
        b.get(r.clone())
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    // The number in two or four digits at `at` (already checked to be digits).
    let n = |at: usize, len: usize| {
        b[at..at + len]
            .iter()
            .fold(0u32, |acc, c| acc * 10 + u32::from(c - b'0'))
    };
    let time = |at: usize| -> Option<usize> {
        // HH:MM, optionally :SS and .fraction
        if !(d(at..at + 2) && b.get(at + 2) == Some(&b':') && d(at + 3..at + 5)) {
            return None;
        }
        if n(at, 2) > 23 || n(at + 3, 2) > 59 {
            return None;
        }
        let mut j = at + 5;
        if b.get(j) == Some(&b':') {
            // 60 is a leap second, which RFC 3339 allows.
            if !d(j + 1..j + 3) || n(j + 1, 2) > 60 {
                return None;
            }
            j += 3;
            if b.get(j) == Some(&b'.') {
                j += 1;
                let s = j;
                while b.get(j).is_some_and(u8::is_ascii_digit) {
                    j += 1;
                }
                if j == s {
                    return None;
                }
            }
        }
        Some(j)
    };
    let date = b.len() >= 10 && d(0..4) && b[4] == b'-' && d(5..7) && b[7] == b'-' && d(8..10);
    if !date {
        return time(0) == Some(b.len());
    }
    let (year, month, day) = (n(0, 4), n(5, 2), n(8, 2));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    if day == 0 || day > days {
        return false;
    }
    if b.len() == 10 {
        return true;
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return false;
    }
    let Some(j) = time(11) else { return false };
    match &t[j..] {
        "" | "Z" | "z" => true,
        off => {
            let o = off.as_bytes();
            o.len() == 6
                && matches!(o[0], b'+' | b'-')
                && o[1..3].iter().all(u8::is_ascii_digit)
                && o[3] == b':'
                && o[4..6].iter().all(u8::is_ascii_digit)
                && n(j + 1, 2) <= 23
                && n(j + 4, 2) <= 59
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> String {
        parse(src).unwrap_err().message
    }

    #[test]
    fn refuses_what_toml_refuses() {
        assert!(err("a = 1\na = 2").contains("duplicate key"));
        assert!(err("[a]\n[a]").contains("defined twice"));
        assert!(err("a = {b = 1}\n[a]").contains("defined twice"));
        assert!(err("a = {b = 1}\n[a.c]").contains("inline table"));
        assert!(err("[[a]]\n[a]").contains("array of tables"));
        assert!(err("a = [1]\n[[a]]").contains("already defined"));
        assert!(err("a.b = 1\n[a]").contains("defined twice"));
        assert!(err("[a.b]\nc = 1\n[a]\nb.d = 2").contains("dotted keys"));
        assert!(err("a = \"x").contains("not closed"));
        assert!(err("a = x").contains("quoted"));
        assert!(err("a = 01").contains("not a valid value"));
        assert!(err("a = 1__0").contains("not a valid value"));
        assert!(err("a = \"\\q\"").contains("invalid escape"));
        assert!(err("a = 1 b = 2").contains("end of the line"));
        assert!(err("a = [1 2]").contains("`,` or `]`"));
        assert!(err("= 1").contains("expected a key"));
        assert!(err("[a\nb = 1").contains("`]`"));
        assert!(err("a = 1979-13-xx").contains("date"));
    }

    #[test]
    fn reads_every_spelling() {
        // Not valid: an underscore right after the prefix.
        assert!(parse("a = 0x_1\n").is_err());
        let t = parse(concat!(
            "i = [+1, -2, 1_000, 0xff, 0o17, 0b101]\n",
            "f = [1.5, -0.25, 1e3, 6.02E+23, 1_0.0_1]\n",
            "s = [\"\\u00e9\\e\\x41\", 'C:\\\\x', \"\"\"\nab\\\n   c\"\"\", '''\nx''']\n",
            "d = [1979-05-27T07:32:00Z, 1979-05-27 07:32:00.5+01:00, 1979-05-27, 07:32:00]\n",
            "big = 9223372036854775808\nn = nan\nq = \"\"\"a\"\"\"\"\"\n",
            "t = {\n  x = 1,\n  y.z = 2,\n}\n",
        ))
        .unwrap();
        let get = |k: &str| &t.entries[t.position(k).unwrap()].node;
        let Node::Array { items, .. } = get("i") else {
            panic!()
        };
        let ints: Vec<_> = items
            .iter()
            .map(|n| match n {
                Node::Scalar(Scalar::Integer(i), _) => *i,
                _ => 0,
            })
            .collect();
        assert_eq!(ints, [1, -2, 1000, 255, 15, 5]);
        let Node::Array { items, .. } = get("s") else {
            panic!()
        };
        let strs: Vec<_> = items
            .iter()
            .map(|n| match n {
                Node::Scalar(Scalar::String(s), _) => s.clone(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(strs, ["é\u{1b}A", "C:\\\\x", "abc", "x"]);
        assert!(matches!(
            get("big"),
            Node::Scalar(Scalar::Unrepresentable(_), _)
        ));
        assert!(matches!(get("q"), Node::Scalar(Scalar::String(s), _) if s == "a\"\""));
    }
}
