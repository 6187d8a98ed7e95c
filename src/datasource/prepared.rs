//! A data source ready for responses: its paths parsed once, the shape of what to read,
//! and each page read into records (status, size, JSON, mapping).

use super::*;
use crate::jsonpath::Step;
use crate::standin::json::Shape;

pub(super) fn path(field: &str, text: &str) -> Result<Query, ExecError> {
    Query::parse(text).map_err(|e| ExecError::Path {
        field: field.to_string(),
        path: text.to_string(),
        message: e.to_string(),
    })
}

/// A data source ready to read responses: its JSONPaths parsed once, so that reading a
/// page costs only the response (the runtime maps every lookup, the page every keystroke).
pub struct Prepared<'a> {
    pub(super) ds: std::borrow::Cow<'a, DataSource>,
    pub(super) records: Option<Query>,
    /// Output name, its path as written, the parsed path.
    pub(super) mapping: Vec<(String, String, Query)>,
    pub(super) next: Option<Query>,
    pub(super) cursor: Option<Query>,
    /// What of a response the paths can reach: the rest is checked but not built.
    #[cfg(feature = "jsonpath")]
    pub(super) shape: crate::standin::json::Shape,
    /// The fast way, when every path is plain (`project`).
    pub(super) plan: Option<project::Plan>,
}

/// The parts of a response that `records`, the mapping (from each record) and the
/// pagination paths reach; everything, where a path is not plain.
#[cfg(feature = "jsonpath")]
pub(super) fn shape(
    records: Option<&Query>,
    mapping: &[(String, String, Query)],
    pages: [Option<&Query>; 2],
) -> crate::standin::json::Shape {
    use crate::standin::json::Shape;
    let mut each = Shape::nothing();
    for (_, _, q) in mapping {
        match q.plain_steps() {
            Some(steps) => add_steps(&mut each, &steps, &Shape::All),
            None => each = Shape::All,
        }
    }
    let mut root = Shape::nothing();
    match records.map(Query::plain_steps) {
        None => add_steps(&mut root, &[], &each),
        Some(Some(steps)) => add_steps(&mut root, &steps, &each),
        Some(None) => root = Shape::All,
    }
    for q in pages.into_iter().flatten() {
        match q.plain_steps() {
            Some(steps) => add_steps(&mut root, &steps, &Shape::All),
            None => root = Shape::All,
        }
    }
    root
}

/// Adds what `steps` reach, and below their end `then` (`All` for a value the caller
/// reads whole; another shape for queries run from there, such as a record's mapping).
/// A query that is not plain, or shapes that cannot be merged, keep everything there.
pub fn add_steps(shape: &mut Shape, steps: &[Step<'_>], then: &Shape) {
    match (steps.split_first(), &mut *shape) {
        (_, Shape::All) => {}
        (None, _) => shape.merge(then),
        (Some((Step::Name(n), rest)), Shape::Members(list)) => {
            let i = match list.iter().position(|(k, _)| k == n) {
                Some(i) => i,
                None => {
                    list.push((n.to_string(), Shape::nothing()));
                    list.len() - 1
                }
            };
            add_steps(&mut list[i].1, rest, then);
        }
        (Some((Step::Each, rest)), Shape::Members(list)) if list.is_empty() => {
            let mut each = Shape::nothing();
            add_steps(&mut each, rest, then);
            *shape = Shape::Each(Box::new(each));
        }
        (Some((Step::Each, rest)), Shape::Each(inner)) => add_steps(inner, rest, then),
        _ => *shape = Shape::All,
    }
}

impl<'a> Prepared<'a> {
    pub fn new(ds: &'a DataSource) -> Result<Prepared<'a>, ExecError> {
        Self::of(std::borrow::Cow::Borrowed(ds))
    }

    /// A prepared source that owns its data source (the runtime module keeps these).
    pub fn owned(ds: DataSource) -> Result<Prepared<'static>, ExecError> {
        Prepared::of(std::borrow::Cow::Owned(ds))
    }

    pub(super) fn of(ds: std::borrow::Cow<'a, DataSource>) -> Result<Prepared<'a>, ExecError> {
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
    pub(super) fn document(&self, status: u16, body: &[u8]) -> Result<Value, ExecError> {
        parse_json(self.admit(status, body)?)
    }

    /// The body of a successful response within the limit.
    pub(super) fn admit<'b>(&self, status: u16, body: &'b [u8]) -> Result<&'b [u8], ExecError> {
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
            text.push_str(&crate::standin::json::text_of_map(r));
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
    pub(super) fn next_from(
        &self,
        [next, cursor]: [Option<&Value>; 2],
        has_records: bool,
        page_number: u64,
    ) -> Option<Next> {
        let p = self.ds.pagination.as_ref()?;
        let max_pages = self
            .ds
            .max_pages
            .unwrap_or(DEFAULT_MAX_PAGES)
            .clamp(1, MAX_PAGES) as u64;
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

pub fn parse_json(body: &[u8]) -> Result<Value, ExecError> {
    let body = without_bom(body);
    crate::standin::json::parse(body, MAX_RESPONSE_DEPTH).map_err(|e| json_error(body, e))
}

/// `parse_json`, building only what `shape` reaches (the same errors).
pub fn parse_json_shaped(
    body: &[u8],
    shape: &crate::standin::json::Shape,
) -> Result<Value, ExecError> {
    let body = without_bom(body);
    crate::standin::json::parse_shaped(body, MAX_RESPONSE_DEPTH, shape)
        .map_err(|e| json_error(body, e))
}

pub(super) fn json_error(body: &[u8], e: crate::standin::json::Error) -> ExecError {
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
