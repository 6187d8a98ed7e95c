//! JSONPath (RFC 9535), for the data sources' `records`, `responseMapping` and pagination
//! paths. Written for framesmith rather than taken from a crate: the paths run in the
//! browser module too, whose size budget leaves no room for a general crate and a regex
//! engine, and the standard is small enough to follow exactly. `tests/jsonpath_cts.rs` runs
//! the JSONPath Compliance Test Suite against it.
//!
//! A query is parsed once (`Query::parse`, with the byte offset of any error) and then
//! evaluated against JSON values. With the `jsonpath` feature (the CLI, the builder and the
//! full runtime module) `Query` is the whole standard (`full`); without it (the runtime
//! module most deployments carry) it is a plain query (`plain`), and any other path is
//! refused as it is prepared.

#[cfg(feature = "jsonpath")]
mod full;
pub mod plain;

#[cfg(feature = "jsonpath")]
pub use full::{Node, Query, iregexp};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset into the query.
    pub offset: usize,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset + 1)
    }
}

/// One step of a plain query (`Query::plain_steps`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'q> {
    /// `.name` or `['name']`: an object's member.
    Name(&'q str),
    /// `[*]`: every element of an array, every member's value of an object.
    Each,
}

/// A query of the runtime module without the `jsonpath` feature: plain steps only.
#[cfg(not(feature = "jsonpath"))]
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    steps: Vec<plain::PlainStep>,
}

#[cfg(not(feature = "jsonpath"))]
impl Query {
    pub fn parse(text: &str) -> Result<Query, ParseError> {
        plain::parse(text).map(|steps| Query { steps })
    }

    /// Whether the query selects at most one node.
    pub fn is_singular(&self) -> bool {
        !self.steps.contains(&plain::PlainStep::Each)
    }

    pub fn values<'a>(&self, root: &'a serde_json::Value) -> Vec<&'a serde_json::Value> {
        plain::values(&self.steps, root)
    }

    pub fn plain_steps(&self) -> Option<Vec<Step<'_>>> {
        Some(
            self.steps
                .iter()
                .map(|s| match s {
                    plain::PlainStep::Name(n) => Step::Name(n),
                    plain::PlainStep::Each => Step::Each,
                })
                .collect(),
        )
    }
}
