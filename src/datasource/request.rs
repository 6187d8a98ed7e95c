//! Requests: the data source's first request from its templates, and the next page's from
//! the CRM's answer (a link, a cursor or a page number).

use super::*;

/// A request to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
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

/// The origin a data source's requests go to, with these settings, whatever the call's own
/// inputs (the number, attributes): stand-ins, percent-encoded as theirs will be, give the
/// same origin. The error is the template's, or None when the URL has no origin.
pub fn origin(ds: &DataSource, mut inputs: Inputs<'_>) -> Result<Option<String>, ExecError> {
    let first = loop {
        match request(ds, &inputs) {
            Err(ExecError::Template {
                error: template::ExpandError::Missing { name },
                ..
            }) if inputs.runtime.len() < 64 => {
                inputs.runtime.insert(name, Value::from("0"));
            }
            other => break other?,
        }
    };
    Ok(crate::base::url::split(&first.url).map(|u| u.origin()))
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
        Next::Url(u) => match crate::base::url::same_origin_link(&first.url, &u) {
            Some(u) => u,
            None => {
                let origin = crate::base::url::split(&first.url)
                    .map_or_else(|| first.url.clone(), |f| f.origin());
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
pub(super) fn with_param(url: &str, name: &str, value: &str) -> String {
    let (base, fragment) = url
        .split_once('#')
        .map_or((url, None), |(b, f)| (b, Some(f)));
    let (path, query) = base.split_once('?').map_or((base, ""), |(p, q)| (p, q));
    // Pushed in place rather than collected and joined: `join` is a kilobyte of the runtime
    // module, which has a size budget.
    let mut out = format!("{path}?");
    for part in query
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some(name))
    {
        out.push_str(part);
        out.push('&');
    }
    out.push_str(&template::percent_encode(name));
    out.push('=');
    out.push_str(&template::percent_encode(value));
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
