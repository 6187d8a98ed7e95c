//! `framesmith doctor` (issue 25): the CRM page around the softphone, checked against the
//! deployment it embeds. The commonest first-day failure is not framework.js but the page:
//! a Content-Security-Policy that will not frame `https://apps.<domain>` or lets the host
//! route fetch nothing, an iframe without `allow="microphone"` (WebRTC fails silently), a
//! `Permissions-Policy` that switches the microphone off, a sandbox, the wrong region, no
//! host adapter. The core reads a page's HTML and response headers, never fetches (the CLI
//! does, with `--live`), and reports in the one diagnostic shape, with the line and column
//! in the page where there is one.

pub mod csp;
pub mod html;
pub mod permissions;
mod rules;
pub mod seen;

use crate::diagnostic::Diagnostic;
use crate::workspace::{Deployment, Workspace};

/// A CRM page as the browser received it.
#[derive(Debug, Clone, Default)]
pub struct Page<'a> {
    pub html: &'a str,
    /// Response headers, names in any case.
    pub headers: Vec<(String, String)>,
    /// Where the page was served from, after redirects, when known.
    pub url: Option<String>,
    /// What `--live` learnt beyond the page (preflights, the softphone's own policy).
    pub seen: Option<seen::Seen>,
}

/// Every finding on `page` as the CRM page of deployment `d`.
pub fn check(ws: &Workspace, d: &Deployment, page: &Page<'_>) -> Vec<Diagnostic> {
    rules::check(ws, d, page)
}

/// Response headers written as HTTP writes them (`Name: value` per line; a status line,
/// blank lines and lines without a colon are skipped), as `curl -D` saves them.
pub fn parse_headers(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| {
            let (name, value) = l.split_once(':')?;
            let name = name.trim();
            (!name.is_empty() && !name.contains(' '))
                .then(|| (name.to_string(), value.trim().to_string()))
        })
        .collect()
}
