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
//!
//! Stands in for the `toml` crate's reader; its twin tests are tests/toml.rs (the same values
//! from every fixture and generated document, and the same documents refused, valid,
//! mutated or damaged) and the fuzz target `toml_agrees`.

mod lexer;
mod scalars;
mod tables;

use scalars::*;
use tables::*;

use std::collections::BTreeMap;
use std::ops::Range;

use crate::base::datetime::datetime_shape;

use crate::base::depth::MAX_DEPTH;

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
                return p.fail_at(key_at, &crate::base::depth::text_too_deep());
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

#[cfg(test)]
mod tests;
