//! Why a lookup failed, as the agent and the simulator are told it: every cause typed, each
//! naming the CRM's own words where it gave some.

use super::*;

/// What can go wrong running a data source.
#[derive(Debug, Clone, PartialEq)]
pub enum ExecError {
    Template {
        field: String,
        error: ExpandError,
    },
    /// A JSONPath in the data source does not parse.
    Path {
        field: String,
        path: String,
        message: String,
    },
    /// The CRM answered with an error status; `message` is its own error text.
    Status {
        status: u16,
        message: String,
    },
    TooLarge {
        size: usize,
        limit: usize,
    },
    NotJson {
        message: String,
    },
    TooDeep {
        limit: usize,
    },
    /// A pagination `next` link leads away from the origin of the first request; following
    /// it would hand the CRM's token to another site.
    CrossOrigin {
        link: String,
        origin: String,
    },
    /// A mapped output found nothing in a record and has no default.
    MappingMissed {
        record: usize,
        output: String,
        path: String,
    },
    /// A mapped value is not of its output's declared type.
    WrongType {
        record: usize,
        output: String,
        expected: String,
        /// Boxed: the value would make every `Result` of this module twice as large.
        value: Box<Value>,
    },
}

impl fmt::Display for ExecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExecError::Template { field, error } => write!(f, "{field}: {error}"),
            ExecError::Path {
                field,
                path,
                message,
            } => write!(
                f,
                "{field}: JSONPath {} does not parse: {message}",
                quote(path)
            ),
            ExecError::Status { status, message } => {
                write!(f, "the CRM answered HTTP {status}: {message}")
            }
            ExecError::TooLarge { size, limit } => write!(
                f,
                "the response is {size} bytes, over the limit of {limit} (maxResponseBytes)"
            ),
            ExecError::NotJson { message } => write!(f, "the response is not JSON: {message}"),
            ExecError::TooDeep { limit } => {
                write!(f, "the response nests more than {limit} levels deep")
            }
            ExecError::CrossOrigin { link, origin } => write!(
                f,
                "the next page link {} leads away from {origin}; it was not followed, so the CRM's token stays with {origin}",
                quote(link)
            ),
            ExecError::MappingMissed {
                record,
                output,
                path,
            } => write!(
                f,
                "record {record}: output {} found nothing at {path} and has no default (mappingDefaults)",
                quote(output)
            ),
            ExecError::WrongType {
                record,
                output,
                expected,
                value,
            } => write!(
                f,
                "record {record}: output {} should be a {expected}, but the CRM gave {}",
                quote(output),
                crate::standin::json::text(value)
            ),
        }
    }
}

impl std::error::Error for ExecError {}

/// A body without its UTF-8 byte-order mark, which some servers and editors write.
pub(super) fn without_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body)
}

/// The CRM's own words for an error response: OAuth's `error` and `error_description`,
/// a `message`, or the start of the text.
pub fn error_text(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(without_bom(body));
    // Parsed as responses are (the same reader, depth limit and all), not with another.
    if let Ok(Value::Object(m)) = parse_json(text.as_bytes()) {
        let field = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_string);
        let nested = m
            .get("errors")
            .and_then(|e| e.get(0))
            .and_then(|e| e.get("message"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let message = field("message").or(nested);
        match (field("error"), field("error_description").or(message)) {
            (Some(e), Some(d)) => return format!("{e}: {d}"),
            (Some(e), None) | (None, Some(e)) => return e,
            (None, None) => {}
        }
    }
    let t = text.trim();
    match t.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None if t.is_empty() => "(no body)".into(),
        None => t.to_string(),
    }
}
