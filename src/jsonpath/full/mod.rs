//! The whole of RFC 9535: the grammar with its type rules, the evaluator and I-Regexp.
//! In the CLI, the builder and the full runtime module; the runtime module a deployment
//! with only plain paths carries reads them with `plain` instead.

mod eval;
pub mod iregexp;
mod parse;

use serde_json::Value;

use super::{ParseError, Step};

/// A parsed JSONPath query.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq)]
struct Segment {
    descendant: bool,
    selectors: Vec<Selector>,
}

#[derive(Debug, Clone, PartialEq)]
enum Selector {
    Name(String),
    Wildcard,
    Index(i64),
    Slice {
        start: Option<i64>,
        end: Option<i64>,
        step: Option<i64>,
    },
    Filter(Logical),
}

/// A filter's logical expression.
#[derive(Debug, Clone, PartialEq)]
enum Logical {
    Or(Vec<Logical>),
    And(Vec<Logical>),
    Not(Box<Logical>),
    Compare(Comparable, CmpOp, Comparable),
    /// A query used as a test: true when it selects at least one node.
    Exists(FilterQuery),
    /// A function returning a logical value (match, search) used as a test.
    Function(Function),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
enum Comparable {
    Literal(Value),
    /// A singular query (names and indexes only).
    Query(FilterQuery),
    Function(Function),
}

/// `@...` (relative to the current node) or `$...` (absolute).
#[derive(Debug, Clone, PartialEq)]
struct FilterQuery {
    relative: bool,
    query: Query,
}

#[derive(Debug, Clone, PartialEq)]
struct Function {
    name: FunctionName,
    args: Vec<Argument>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum FunctionName {
    Length,
    Count,
    Match,
    Search,
    Value,
}

#[derive(Debug, Clone, PartialEq)]
enum Argument {
    Literal(Value),
    Query(FilterQuery),
    Function(Function),
}

/// One selected node: where it is (a normalized path such as `$['items'][0]`) and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub path: String,
    pub value: &'a Value,
}

impl Query {
    /// Parse a query; an error names the byte offset where the query goes wrong.
    pub fn parse(text: &str) -> Result<Query, ParseError> {
        parse::query(text)
    }

    /// The nodes the query selects in `root`, in document order.
    pub fn select<'a>(&self, root: &'a Value) -> Vec<Node<'a>> {
        eval::select(self, root)
    }

    /// Whether the query selects at most one node (names and indexes only).
    pub fn is_singular(&self) -> bool {
        parse::is_singular(self)
    }

    /// Just the selected values (no normalized paths are built).
    pub fn values<'a>(&self, root: &'a Value) -> Vec<&'a Value> {
        eval::values(self, root)
    }

    /// The query as plain steps, a member by name or `[*]` each, when it is only that:
    /// child segments of one name or wildcard selector. None for anything else
    /// (descendants, indexes, slices, filters, several selectors in a segment).
    pub fn plain_steps(&self) -> Option<Vec<Step<'_>>> {
        self.segments
            .iter()
            .map(|seg| match seg.selectors.as_slice() {
                [Selector::Name(n)] if !seg.descendant => Some(Step::Name(n)),
                [Selector::Wildcard] if !seg.descendant => Some(Step::Each),
                _ => None,
            })
            .collect()
    }
}
