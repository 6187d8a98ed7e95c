//! Running a data source, without I/O: the request it would send for given inputs, and
//! the records a CRM response maps to. The same code serves `framesmith test-source`, the
//! page's live preview and the screen-pop runtime, so the semantics are written once.
//! Every failure is an `ExecError` naming what went wrong and where; nothing here panics.

mod project;
pub mod template;

use std::fmt;

use serde_json::{Map, Value};

use crate::diagnostic::quote;
use crate::jsonpath::Query;
use crate::workspace::{DataSource, Integration, IntegrationType};
use template::{ExpandError, Part, Var};

/// Runtime inputs every lookup has (besides `attributes.<name>`).
pub const RUNTIME_INPUTS: &[&str] = &[
    "phone",
    "searchValue",
    "interactionId",
    "ani",
    "calledNumber",
    "queueName",
];

/// Inputs a call-log write has in addition (the fields of the EF `callLog`).
pub const CALL_LOG_INPUTS: &[&str] = &[
    "callLog.id",
    "callLog.subject",
    "callLog.notes",
    "callLog.selectedContact.id",
    "callLog.selectedRelation.id",
    "eventName",
];

pub const DEFAULT_TIMEOUT_SECONDS: i64 = 10;
pub const DEFAULT_MAX_RESPONSE_BYTES: i64 = 1 << 20;
pub const DEFAULT_MAX_PAGES: i64 = 5;
/// How deeply a CRM response may nest.
pub const MAX_RESPONSE_DEPTH: usize = 50;

/// A request to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

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
                crate::json::text(value)
            ),
        }
    }
}

impl std::error::Error for ExecError {}

/// Names a template can use: instance properties and runtime inputs.
pub struct Inputs<'a> {
    pub integration_type: Option<&'a IntegrationType>,
    pub instance: Option<&'a Integration>,
    /// Runtime inputs by name (`phone`, `attributes.PT_SearchValue`, `callLog.notes`...),
    /// each a JSON string. A JSON object rather than a map of texts: the runtime module
    /// carries the tree code of each map type it uses, and it has this one anyway.
    pub runtime: Map<String, Value>,
}

/// A scalar as template text; objects, lists and null give nothing.
pub fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(crate::float::number_text(n)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// What a uiDefinition setting gives a template for this instance: its property, else its
/// default, as text (an object or list gives nothing). The runtime and the data action
/// export both resolve settings here, so they agree.
pub fn setting(t: &IntegrationType, instance: Option<&Integration>, name: &str) -> Option<Var> {
    let setting = t
        .ui_definition
        .as_ref()?
        .settings
        .iter()
        .find(|s| s.name == name)?;
    let value = instance
        .and_then(|i| i.properties.get(name))
        .or(setting.default_value.as_ref())
        .and_then(scalar_text)?;
    Some(Var {
        value,
        is_url: setting.kind.as_deref() == Some("url"),
    })
}

impl Inputs<'_> {
    fn lookup(&self, name: &str) -> Option<Var> {
        if let Some(v) = self.runtime.get(name).and_then(Value::as_str) {
            return Some(Var {
                value: v.to_string(),
                is_url: false,
            });
        }
        setting(self.integration_type?, self.instance, name)
    }

    /// Every name a template may use here, for "did you mean".
    fn known(&self) -> Vec<String> {
        let mut names: Vec<String> = self.runtime.keys().cloned().collect();
        names.extend(RUNTIME_INPUTS.iter().map(|s| s.to_string()));
        if let Some(ui) = self.integration_type.and_then(|t| t.ui_definition.as_ref()) {
            names.extend(ui.settings.iter().map(|s| s.name.clone()));
        }
        names
    }

    fn expand(&self, field: &str, template: &str, part: Part) -> Result<String, ExecError> {
        template::expand(template, part, &|n| self.lookup(n), &|| self.known()).map_err(|error| {
            ExecError::Template {
                field: field.to_string(),
                error,
            }
        })
    }
}

/// The request a data source sends for these inputs.
pub fn request(ds: &DataSource, inputs: &Inputs<'_>) -> Result<Request, ExecError> {
    let url = inputs.expand(
        "restEndpoint",
        ds.rest_endpoint.as_deref().unwrap_or(""),
        Part::Url,
    )?;
    let mut headers = Vec::new();
    for (k, v) in &ds.request_headers {
        if let Some(text) = v.as_str() {
            headers.push((
                k.clone(),
                inputs.expand(&format!("requestHeaders.{k}"), text, Part::Header)?,
            ));
        }
    }
    let body = match &ds.body {
        Some(b) => Some(inputs.expand("body", b, Part::Body)?),
        None => None,
    };
    Ok(Request {
        method: ds.method.clone().unwrap_or_else(|| "GET".into()),
        url,
        headers,
        body,
    })
}

/// Where the next page is, when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// `pagination.next`: the URL the response gave.
    Url(String),
    /// `pagination.page`: the next page number.
    Page(u64),
    /// `pagination.cursor`: the cursor the response gave, for `pagination.cursorParam`.
    Cursor(String),
}

/// One response page: its mapped records and where the next page is.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub records: Vec<Map<String, Value>>,
    pub next: Option<Next>,
}

fn path(field: &str, text: &str) -> Result<Query, ExecError> {
    Query::parse(text).map_err(|e| ExecError::Path {
        field: field.to_string(),
        path: text.to_string(),
        message: e.to_string(),
    })
}

/// The CRM's own words for an error response: OAuth's `error` and `error_description`,
/// a `message`, or the start of the text.
/// A body without its UTF-8 byte-order mark, which some servers and editors write.
fn without_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body)
}

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

/// A data source ready to read responses: its JSONPaths parsed once, so that reading a
/// page costs only the response (the runtime maps every lookup, the page every keystroke).
pub struct Prepared<'a> {
    ds: std::borrow::Cow<'a, DataSource>,
    records: Option<Query>,
    /// Output name, its path as written, the parsed path.
    mapping: Vec<(String, String, Query)>,
    next: Option<Query>,
    cursor: Option<Query>,
    /// What of a response the paths can reach: the rest is checked but not built.
    #[cfg(feature = "jsonpath")]
    shape: crate::json::Shape,
    /// The fast way, when every path is plain (`project`).
    plan: Option<project::Plan>,
}

/// The parts of a response that `records`, the mapping (from each record) and the
/// pagination paths reach; everything, where a path is not plain.
#[cfg(feature = "jsonpath")]
fn shape(
    records: Option<&Query>,
    mapping: &[(String, String, Query)],
    pages: [Option<&Query>; 2],
) -> crate::json::Shape {
    use crate::json::Shape;
    let mut each = Shape::nothing();
    for (_, _, q) in mapping {
        match q.plain_steps() {
            Some(steps) => each.add(&steps, &Shape::All),
            None => each = Shape::All,
        }
    }
    let mut root = Shape::nothing();
    match records.map(Query::plain_steps) {
        None => root.add(&[], &each),
        Some(Some(steps)) => root.add(&steps, &each),
        Some(None) => root = Shape::All,
    }
    for q in pages.into_iter().flatten() {
        match q.plain_steps() {
            Some(steps) => root.add(&steps, &Shape::All),
            None => root = Shape::All,
        }
    }
    root
}

impl<'a> Prepared<'a> {
    pub fn new(ds: &'a DataSource) -> Result<Prepared<'a>, ExecError> {
        Self::of(std::borrow::Cow::Borrowed(ds))
    }

    /// A prepared source that owns its data source (the runtime module keeps these).
    pub fn owned(ds: DataSource) -> Result<Prepared<'static>, ExecError> {
        Prepared::of(std::borrow::Cow::Owned(ds))
    }

    fn of(ds: std::borrow::Cow<'a, DataSource>) -> Result<Prepared<'a>, ExecError> {
        let records = match &ds.records {
            Some(p) => Some(path("records", p)?),
            None => None,
        };
        let mut mapping = Vec::with_capacity(ds.response_mapping.len());
        for (output, p) in &ds.response_mapping {
            let text = p.as_str().unwrap_or_default();
            mapping.push((
                output.clone(),
                text.to_string(),
                path(&format!("responseMapping.{output}"), text)?,
            ));
        }
        let pagination = |k: &str| ds.pagination.as_ref()?.get(k)?.as_str();
        let next = match pagination("next") {
            Some(p) => Some(path("pagination.next", p)?),
            None => None,
        };
        let cursor = match pagination("cursor") {
            Some(p) => Some(path("pagination.cursor", p)?),
            None => None,
        };
        #[cfg(feature = "jsonpath")]
        let shape = shape(records.as_ref(), &mapping, [next.as_ref(), cursor.as_ref()]);
        let plan = project::Plan::new(
            &ds,
            records.as_ref(),
            &mapping,
            [next.as_ref(), cursor.as_ref()],
        );
        Ok(Prepared {
            ds,
            records,
            mapping,
            next,
            cursor,
            #[cfg(feature = "jsonpath")]
            shape,
            plan,
        })
    }

    pub fn source(&self) -> &DataSource {
        &self.ds
    }

    /// The most bytes a response may have (`maxResponseBytes`).
    pub fn limit(&self) -> usize {
        self.ds
            .max_response_bytes
            .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES)
            .max(0) as usize
    }

    /// A successful response's JSON: an error status is the CRM's own words, a body over
    /// `maxResponseBytes` is refused before it is parsed.
    fn document(&self, status: u16, body: &[u8]) -> Result<Value, ExecError> {
        parse_json(self.admit(status, body)?)
    }

    /// The body of a successful response within the limit.
    fn admit<'b>(&self, status: u16, body: &'b [u8]) -> Result<&'b [u8], ExecError> {
        let limit = self.limit();
        if !(200..300).contains(&status) {
            // An error page is held to the limit too: only its start is read for the message.
            return Err(ExecError::Status {
                status,
                message: error_text(&body[..body.len().min(limit)]),
            });
        }
        if body.len() > limit {
            return Err(ExecError::TooLarge {
                size: body.len(),
                limit,
            });
        }
        Ok(body)
    }

    /// The page's records as one JSON array, how many there are, and the next page: what
    /// `page` gives, written out. The fast way when it can (`project`), the general way
    /// otherwise; both give the same text.
    pub fn page_text(
        &self,
        status: u16,
        body: &[u8],
        page_number: u64,
    ) -> Result<(String, usize, Option<Next>), ExecError> {
        if let Some(done) = self.page_fast(status, body, page_number)? {
            return Ok(done);
        }
        let page = self.page_general(status, body, page_number)?;
        let mut text = String::from("[");
        for (i, r) in page.records.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(&crate::json::text_of_map(r));
        }
        text.push(']');
        Ok((text, page.records.len(), page.next))
    }

    /// `page_text` the fast way (`project`): None when the paths are not all plain or the
    /// response is not one it reads.
    #[doc(hidden)]
    pub fn page_fast(
        &self,
        status: u16,
        body: &[u8],
        page_number: u64,
    ) -> Result<Option<(String, usize, Option<Next>)>, ExecError> {
        let Some(plan) = &self.plan else {
            return Ok(None);
        };
        let body = self.admit(status, body)?;
        Ok(plan.project(&self.ds, without_bom(body)).map(|p| {
            let [next, cursor] = &p.pages;
            let found = [next.as_ref(), cursor.as_ref()];
            (
                p.text,
                p.count,
                self.next_from(found, p.count > 0, page_number),
            )
        }))
    }

    /// Read a response: check the status and size, parse it, select the records, map and
    /// type each one, and find the next page. `page_number` is this page's number (from 1).
    pub fn page(&self, status: u16, body: &[u8], page_number: u64) -> Result<Page, ExecError> {
        // Where the fast way gives up, the general way's records as they are: not written
        // out and read back.
        let Some((text, _, next)) = self.page_fast(status, body, page_number)? else {
            return self.page_general(status, body, page_number);
        };
        let records = match parse_json(text.as_bytes())? {
            Value::Array(items) => items
                .into_iter()
                .filter_map(|r| match r {
                    Value::Object(m) => Some(m),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(Page { records, next })
    }

    /// `page` the general way: the document built as far as the paths reach, then each
    /// path evaluated. `project` must give the same (tests hold the two equal).
    #[doc(hidden)]
    pub fn page_general(
        &self,
        status: u16,
        body: &[u8],
        page_number: u64,
    ) -> Result<Page, ExecError> {
        let ds = &*self.ds;
        let body = self.admit(status, body)?;
        // Where the fast way gave up: a document built as far as the paths reach; in the
        // plain runtime module, whose fast way reads nearly every answer, built whole.
        #[cfg(feature = "jsonpath")]
        let doc = parse_json_shaped(body, &self.shape)?;
        #[cfg(not(feature = "jsonpath"))]
        let doc = parse_json(body)?;
        let records: Vec<&Value> = match &self.records {
            Some(q) => q.values(&doc),
            None => vec![&doc],
        };
        let mut mapped = Vec::with_capacity(records.len());
        for (i, record) in records.iter().enumerate() {
            let mut out = Map::new();
            for (output, text, q) in &self.mapping {
                let found = q.values(record);
                // As in Genesys data actions: a default stands in only for a path that
                // resolves to nothing; a null the CRM sent stays null.
                let value = match found.as_slice() {
                    [] => match ds.mapping_defaults.get(output) {
                        Some(d) => d.clone(),
                        None => {
                            return Err(ExecError::MappingMissed {
                                record: i,
                                output: output.to_string(),
                                path: text.to_string(),
                            });
                        }
                    },
                    [Value::Null] => Value::Null,
                    [one] => coerce(ds, i, output, (*one).clone())?,
                    many => Value::Array(many.iter().map(|v| (*v).clone()).collect()),
                };
                flatten(output, value, &mut out);
            }
            mapped.push(out);
        }
        let found = |q: &Option<Query>| q.as_ref().and_then(|q| q.values(&doc).first().copied());
        let next = self.next_from(
            [found(&self.next), found(&self.cursor)],
            !mapped.is_empty(),
            page_number,
        );
        Ok(Page {
            records: mapped,
            next,
        })
    }

    /// The answer of this source's Genesys data action (the proxy route), as records: its
    /// success template gives each output once, as an array of one value per record when
    /// the records path selects several. The action has already mapped; values are typed
    /// and flattened here as a direct lookup's are.
    pub fn action_page(&self, status: u16, body: &[u8]) -> Result<Page, ExecError> {
        let Value::Object(outputs) = self.document(status, body)? else {
            return Err(ExecError::NotJson {
                message: "the data action's output is not an object".into(),
            });
        };
        let many = outputs.values().any(Value::is_array)
            || self.records.as_ref().is_some_and(|q| !q.is_singular());
        let count = if many {
            outputs
                .values()
                .filter_map(Value::as_array)
                .map(Vec::len)
                .max()
                .unwrap_or(0)
        } else {
            1
        };
        let mut records = Vec::with_capacity(count);
        for i in 0..count {
            let mut out = Map::new();
            for (output, text, _) in &self.mapping {
                let found = match outputs.get(output) {
                    Some(Value::Array(items)) if many => items.get(i),
                    other => other,
                };
                let value = match found {
                    None => match self.ds.mapping_defaults.get(output) {
                        Some(d) => d.clone(),
                        None => {
                            return Err(ExecError::MappingMissed {
                                record: i,
                                output: output.to_string(),
                                path: text.to_string(),
                            });
                        }
                    },
                    Some(Value::Null) => Value::Null,
                    Some(v) => coerce(&self.ds, i, output, v.clone())?,
                };
                flatten(output, value, &mut out);
            }
            records.push(out);
        }
        Ok(Page {
            records,
            next: None,
        })
    }

    /// The next page, from the first values `pagination.next` and `.cursor` select.
    fn next_from(
        &self,
        [next, cursor]: [Option<&Value>; 2],
        has_records: bool,
        page_number: u64,
    ) -> Option<Next> {
        let p = self.ds.pagination.as_ref()?;
        let max_pages = self.ds.max_pages.unwrap_or(DEFAULT_MAX_PAGES).max(1) as u64;
        if page_number >= max_pages {
            return None;
        }
        if self.next.is_some() {
            return match next {
                Some(Value::String(url)) if !url.is_empty() => Some(Next::Url(url.clone())),
                _ => None,
            };
        }
        if self.cursor.is_some() {
            return cursor
                .and_then(scalar_text)
                .filter(|c| !c.is_empty())
                .map(Next::Cursor);
        }
        if p.get("page").and_then(Value::as_str).is_some() && has_records {
            return Some(Next::Page(page_number + 1));
        }
        None
    }
}

/// The request for the next page: `first` with the link the response gave (only on the
/// first request's origin: the token must not go elsewhere), or with the page number or
/// cursor set in its query.
pub fn next_request(ds: &DataSource, first: &Request, next: Next) -> Result<Request, ExecError> {
    let param = |k: &str| {
        ds.pagination
            .as_ref()
            .and_then(|p| p.get(k))
            .and_then(Value::as_str)
    };
    let url = match next {
        Next::Url(u) => match crate::url::same_origin_link(&first.url, &u) {
            Some(u) => u,
            None => {
                let origin =
                    crate::url::split(&first.url).map_or_else(|| first.url.clone(), |f| f.origin());
                return Err(ExecError::CrossOrigin { link: u, origin });
            }
        },
        Next::Page(n) => with_param(&first.url, param("page").unwrap_or(""), &n.to_string()),
        Next::Cursor(c) => with_param(&first.url, param("cursorParam").unwrap_or("cursor"), &c),
    };
    Ok(Request {
        url,
        ..first.clone()
    })
}

/// `url` with `name=value` set in its query (replacing an earlier value).
fn with_param(url: &str, name: &str, value: &str) -> String {
    let (base, fragment) = url
        .split_once('#')
        .map_or((url, None), |(b, f)| (b, Some(f)));
    let (path, query) = base.split_once('?').map_or((base, ""), |(p, q)| (p, q));
    let mut parts: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some(name))
        .map(str::to_string)
        .collect();
    parts.push(format!(
        "{}={}",
        template::percent_encode(name),
        template::percent_encode(value)
    ));
    let mut out = format!("{path}?{}", parts.join("&"));
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// Read one response page of `ds` (see `Prepared::page`).
pub fn page(
    ds: &DataSource,
    status: u16,
    body: &[u8],
    page_number: u64,
) -> Result<Page, ExecError> {
    Prepared::new(ds)?.page(status, body, page_number)
}

pub fn parse_json(body: &[u8]) -> Result<Value, ExecError> {
    let body = without_bom(body);
    crate::json::parse(body, MAX_RESPONSE_DEPTH).map_err(|e| json_error(body, e))
}

/// `parse_json`, building only what `shape` reaches (the same errors).
pub fn parse_json_shaped(body: &[u8], shape: &crate::json::Shape) -> Result<Value, ExecError> {
    let body = without_bom(body);
    crate::json::parse_shaped(body, MAX_RESPONSE_DEPTH, shape).map_err(|e| json_error(body, e))
}

fn json_error(body: &[u8], e: crate::json::Error) -> ExecError {
    if e.too_deep {
        ExecError::TooDeep {
            limit: MAX_RESPONSE_DEPTH,
        }
    } else {
        let (line, column) = e.line_col(body);
        ExecError::NotJson {
            message: format!("{} at line {line} column {column}", e.message),
        }
    }
}

/// A value as its output's declared type (`types`), or a typed error.
fn coerce(ds: &DataSource, record: usize, output: &str, v: Value) -> Result<Value, ExecError> {
    let Some(expected) = ds.types.get(output).and_then(Value::as_str) else {
        return Ok(v);
    };
    let ok = match (expected, &v) {
        ("string", Value::String(_)) => Some(v.clone()),
        ("string", Value::Number(n)) => Some(Value::String(crate::float::number_text(n))),
        ("string", Value::Bool(b)) => Some(Value::String(b.to_string())),
        ("number", Value::Number(_)) => Some(v.clone()),
        ("number", Value::String(s)) => crate::float::parse(s.trim())
            .and_then(serde_json::Number::from_f64)
            .map(|n| match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 9e15 => Value::from(f as i64),
                _ => Value::Number(n),
            }),
        ("boolean", Value::Bool(_)) => Some(v.clone()),
        ("boolean", Value::String(s)) => match s.to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        ("datetime", Value::String(s)) if is_datetime(s) => Some(v.clone()),
        _ => None,
    };
    ok.ok_or_else(|| ExecError::WrongType {
        record,
        output: output.to_string(),
        expected: expected.to_string(),
        value: Box::new(v),
    })
}

/// RFC 3339 date or date-time (`2024-05-01`, `2024-05-01T10:00:00Z`, with fraction and
/// offset): TOML's date shapes, less a bare time of day.
fn is_datetime(s: &str) -> bool {
    s.len() >= 10 && s.as_bytes()[4] == b'-' && crate::workspace::toml_read::datetime_shape(s)
}

/// Nested values become dotted names: `address.city`, `phones.0`.
fn flatten(name: &str, v: Value, out: &mut Map<String, Value>) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                flatten(&format!("{name}.{k}"), x, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, x) in items.into_iter().enumerate() {
                flatten(&format!("{name}.{i}"), x, out);
            }
        }
        other => {
            out.insert(name.to_string(), other);
        }
    }
}

#[cfg(test)]
mod tests;
