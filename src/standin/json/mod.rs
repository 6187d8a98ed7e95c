//! Reading JSON text from an untrusted source (a CRM response, a request to the runtime
//! module) into a `serde_json::Value` with a nesting limit. Written here rather than run
//! through serde_json's reader: in the runtime module that reader and its error machinery
//! are 15 KB, and this one is a fraction of it. It accepts exactly what serde_json accepts
//! and gives the same values (tests/json_differential.rs holds the two equal), with
//! `depth::value`'s one difference: a whole number written as a float (`3600.0`) reads as
//! an integer, as JavaScript would hold it. Floats are read exactly (`float::parse`).
//!
//! Stands in for serde_json's reader (15 KB of the runtime module); its twin test is
//! tests/json_differential.rs, and tests/json_shaped.rs holds the shaped reading to the whole.

mod reader;
mod shape;
mod write;

pub use shape::*;
pub use write::*;

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

#[cfg(test)]
mod tests;
