//! Rendering a deployment into its framework.js and CHECKLIST.md. The templates in
//! `templates/` are Jinja, compiled into Rust at build time (build.rs, with minijinja's
//! parser; `compiled` is what they run on). Every value printed into framework.js goes
//! through `escape::js_literal` (the output writer does it, so a template cannot forget);
//! the same workspace always renders byte-identical output, stamped with the framesmith
//! version and a content hash.

pub mod carried;
mod compiled;
pub mod escape;

use std::fmt;

use serde_json::{Value as Json, json};

use crate::catalogue::limits::MAX_PRIVATE;
use crate::catalogue::{self, REGIONS, Region};
use crate::workspace::slug::slug;
use crate::workspace::{Deployment, Flow, Kind, Status, Workspace};

/// How long framework.js waits for the CRM page to answer a call-log write or a search.
pub const REPLY_TIMEOUT_MS: u32 = 15_000;

/// What one deployment renders to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The output folder name.
    pub slug: String,
    pub framework_js: String,
    pub checklist: String,
    /// Hex SHA-256 of framework.js after its header line.
    pub hash: String,
    /// framesmith-host.js, for a deployment with a screen pop: the CRM page's side.
    pub host_js: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// The deployment's region does not resolve (the checks report it as `region/unknown`).
    UnknownRegion { deployment: String, region: String },
    /// A template failed to render: a bug in framesmith, never the user's input.
    Template(String),
    /// The deployment pops, and the caller gave no runtime module to carry.
    NoRuntime { deployment: String },
    /// The runtime given is not the one this framesmith carries (a stale copy).
    WrongRuntime { sha256: String },
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::UnknownRegion { deployment, region } => write!(
                f,
                "deployment {} has an unknown region {}",
                crate::diagnostic::quote(deployment),
                crate::diagnostic::quote(region)
            ),
            RenderError::Template(e) => write!(f, "template error: {e}"),
            RenderError::WrongRuntime { sha256 } => write!(
                f,
                "the runtime given (sha256:{sha256}) is not the one framesmith {} carries: reload the page",
                crate::base::VERSION
            ),
            RenderError::NoRuntime { deployment } => write!(
                f,
                "deployment {} has a screen_pop: its framework.js needs the runtime module",
                crate::diagnostic::quote(deployment)
            ),
        }
    }
}

impl std::error::Error for RenderError {}

/// Markdown text: characters that would start markup are backslash-escaped and line breaks
/// become spaces, so a value stays one table cell of plain text.
fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => crate::diagnostic::push_visible(&mut out, c),
        }
    }
    out
}

/// A Markdown code span holding `s` verbatim, whatever backticks it contains.
fn md_code(s: &str) -> String {
    let mut plain = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' => plain.push(' '),
            '|' => plain.push_str("\\|"),
            c => crate::diagnostic::push_visible(&mut plain, c),
        }
    }
    let s = plain;
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// The settings framework.js carries: as configured, plus `usePKCEAuthFlow` from the flow.
/// Keys come in TOML's order (plain values before tables) whatever order the workspace
/// held them in, so the page's file and `framesmith build` of its TOML export match byte
/// for byte.
pub fn effective_settings(d: &Deployment) -> serde_json::Map<String, Json> {
    let mut settings = toml_order(&d.settings);
    if d.oauth.flow == Flow::Pkce {
        settings.insert("usePKCEAuthFlow".into(), Json::Bool(true));
    }
    settings
}

/// Whether TOML writes a value as a table (after a table's plain keys) rather than inline.
fn is_table(v: &Json) -> bool {
    match v {
        Json::Object(_) => true,
        Json::Array(items) => !items.is_empty() && items.iter().all(Json::is_object),
        _ => false,
    }
}

/// A map with its plain values first and its tables after, each group in its own order,
/// and the same done inside every table.
fn toml_order(map: &serde_json::Map<String, Json>) -> serde_json::Map<String, Json> {
    let deep = |v: &Json| match v {
        Json::Object(m) => Json::Object(toml_order(m)),
        Json::Array(items) => Json::Array(
            items
                .iter()
                .map(|x| match x {
                    Json::Object(m) => Json::Object(toml_order(m)),
                    other => other.clone(),
                })
                .collect(),
        ),
        other => other.clone(),
    };
    let (tables, plain): (Vec<_>, Vec<_>) = map.iter().partition(|(_, v)| is_table(v));
    plain
        .into_iter()
        .chain(tables)
        .map(|(k, v)| (k.clone(), deep(v)))
        .collect()
}

/// Client ids keyed by every region's domain; only the deployment's region has a value.
pub fn client_ids(d: &Deployment, region: &Region) -> Vec<(&'static str, String)> {
    let id = d.client_id.clone().unwrap_or_default();
    REGIONS
        .iter()
        .map(|r| {
            (
                r.domain,
                if r.code == region.code {
                    id.clone()
                } else {
                    String::new()
                },
            )
        })
        .collect()
}

fn region_of(ws: &Workspace, d: &Deployment) -> Result<&'static Region, RenderError> {
    let r = ws.region_of(d);
    catalogue::region(r).ok_or_else(|| RenderError::UnknownRegion {
        deployment: d.name.clone(),
        region: r.to_string(),
    })
}

/// framework.js for one deployment, header included. `runtime` is the runtime as
/// framework.js carries it (`runtime::CARRIED`; refused unless it is that text), needed
/// when the deployment pops.
pub fn framework_js(ws: &Workspace, d: &Deployment, runtime: &str) -> Result<String, RenderError> {
    let region = region_of(ws, d)?;
    let carried = match &d.screen_pop {
        Some(_) if runtime.is_empty() => {
            return Err(RenderError::NoRuntime {
                deployment: d.name.clone(),
            });
        }
        Some(_) => {
            verify_runtime(runtime)?;
            json!({
                "driver": carried::driver(runtime, ws, d).trim_end(),
                "config": carried::config(ws, d, region.domain),
            })
        }
        None => Json::Bool(false),
    };
    let ctx = json!({
        "runtime": carried,
        "version": crate::base::VERSION,
        "name": d.name,
        "crm_origin": d.crm_origin.clone().unwrap_or_default(),
        "reply_timeout_ms": REPLY_TIMEOUT_MS,
        "client_ids": client_ids(d, region),
        "attributes": d.custom_interaction_attributes,
        "settings": effective_settings(d),
    });
    let body = render(&ctx, compiled::templates::framework_js)?;
    let hash = hex_sha256(&body);
    Ok(format!(
        "/*! framesmith {} sha256:{hash} */\n{body}\n",
        crate::base::VERSION
    ))
}

/// The carried text last held to `CARRIED_SHA256`. The same text comes again and again
/// (the page passes it on every keystroke's preview, `build` once per deployment): it is
/// compared with this copy (a memcmp) instead of hashed again, which was most of the time
/// of a render (205 KB of SHA-256 for a 110 KB file).
static VERIFIED: std::sync::Mutex<Option<Box<str>>> = std::sync::Mutex::new(None);

/// `runtime` is the text this build of framesmith carries, or the reason it is refused.
fn verify_runtime(runtime: &str) -> Result<(), RenderError> {
    let mut last = VERIFIED.lock().unwrap_or_else(|e| e.into_inner());
    if last.as_deref() == Some(runtime) {
        return Ok(());
    }
    let sha256 = hex_sha256(runtime);
    if sha256 != carried::CARRIED_SHA256 {
        return Err(RenderError::WrongRuntime { sha256 });
    }
    *last = Some(runtime.into());
    Ok(())
}

/// Run a compiled template on a context object.
fn render(
    ctx: &Json,
    template: fn(&serde_json::Map<String, Json>) -> Result<String, RenderError>,
) -> Result<String, RenderError> {
    match ctx {
        Json::Object(m) => template(m),
        _ => Err(RenderError::Template(
            "a template context must be a table".into(),
        )),
    }
}

/// The header's digest: sha2 natively (see Cargo.toml), framesmith's own in the module.
fn hex_sha256(s: &str) -> String {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use sha2::Digest;
        crate::standin::sha256::to_hex(sha2::Sha256::digest(s.as_bytes()).into())
    }
    #[cfg(target_arch = "wasm32")]
    crate::standin::sha256::hex(s.as_bytes())
}

/// The hash in a framework.js header, and whether it matches the body below it.
pub fn verify_header(js: &str) -> Option<(String, bool)> {
    let (first, rest) = js.split_once('\n')?;
    let hash = first
        .strip_prefix("/*! framesmith ")?
        .split(" sha256:")
        .nth(1)?
        .strip_suffix(" */")?;
    let body = rest.strip_suffix('\n').unwrap_or(rest);
    Some((hash.to_string(), hex_sha256(body) == hash))
}

/// CHECKLIST.md for one deployment: what the admin must enter in Genesys Cloud.
pub fn checklist(ws: &Workspace, index: usize, hash: &str) -> Result<String, RenderError> {
    let Some(d) = ws.deployments.get(index) else {
        return Err(RenderError::Template(format!(
            "no deployment at index {index}"
        )));
    };
    let region = region_of(ws, d)?;
    let private_index = ws.deployments[..=index]
        .iter()
        .filter(|x| x.kind == Kind::Private)
        .count();
    let redirect_uris = d
        .oauth
        .redirect_uris
        .clone()
        .unwrap_or_else(|| vec![region.ef_redirect_uri()]);
    let ctx = json!({
        "name": d.name,
        "org": ws.org.name,
        "version": crate::base::VERSION,
        "hash": hash,
        "region_code": region.code,
        "domain": region.domain,
        "grant": if d.oauth.flow == Flow::Pkce { "Code Authorization (PKCE)" } else { "Token Implicit Grant (Browser)" },
        "implicit": d.oauth.flow == Flow::Implicit,
        "redirect_uris": redirect_uris,
        "token_lifetime": d.token_lifetime(),
        "client_id": d.client_id.clone().unwrap_or_default(),
        "scopes": d.scopes(),
        "kind_label": if d.kind == Kind::Private { "private deployment" } else { "public deployment" },
        "private": d.kind == Kind::Private,
        "private_index": private_index,
        "max_private": MAX_PRIVATE,
        "status": if d.status == Status::Active { "Active" } else { "Inactive" },
        "groups": d.groups,
        "crm_origin": d.crm_origin.clone().unwrap_or_default(),
        // The page a CRM embeds for a private deployment, as Genesys' demo CRM builds it
        // (purecloud-embeddable-framework-mystery-crm, app/services/cti-service.js:
        // `/crm/embeddableFramework.html?parentDomain=<the page's origin>`); the checklist
        // names the other pages Genesys' samples use (`index.html?crm=...`).
        "iframe_url": format!(
            "https://apps.{}/crm/embeddableFramework.html{}",
            region.domain,
            {
                let mut q: Vec<String> = Vec::new();
                if let Some(origin) = d.crm_origin.as_deref().filter(|o| !o.is_empty()) {
                    q.push(format!("parentDomain={origin}"));
                }
                if d.setting_bool("dedicatedLoginWindow") {
                    q.push("dedicatedLoginWindow=true".into());
                }
                if q.is_empty() { String::new() } else { format!("?{}", q.join("&")) }
            }
        ),
    });
    render(&ctx, compiled::templates::checklist_md)
}

/// framesmith-host.js for a deployment that pops (from the carried `runtime`, which
/// `framework_js` has checked): accepts messages from its Genesys client's origin only.
fn host_js(ws: &Workspace, d: &Deployment, runtime: &str) -> Result<Option<String>, RenderError> {
    if d.screen_pop.is_none() {
        return Ok(None);
    }
    let region = region_of(ws, d)?;
    Ok(Some(carried::host(
        runtime,
        &format!("https://apps.{}", region.domain),
    )))
}

/// framework.js, CHECKLIST.md and framesmith-host.js for the deployment at `index`, with
/// `runtime` carried when it pops. Rendering does not check.
pub fn render_one(ws: &Workspace, index: usize, runtime: &str) -> Result<Rendered, RenderError> {
    let Some(d) = ws.deployments.get(index) else {
        return Err(RenderError::Template(format!(
            "no deployment at index {index}"
        )));
    };
    let framework_js = framework_js(ws, d, runtime)?;
    let hash = verify_header(&framework_js)
        .map(|(h, _)| h)
        .unwrap_or_default();
    let checklist = checklist(ws, index, &hash)?;
    Ok(Rendered {
        slug: slug(&d.name),
        framework_js,
        checklist,
        hash,
        host_js: host_js(ws, d, runtime)?,
    })
}

/// framework.js and CHECKLIST.md for every deployment, in workspace order. Rendering does
/// not check: callers refuse to build a workspace with errors first.
pub fn render_all(ws: &Workspace, runtime: &str) -> Result<Vec<Rendered>, RenderError> {
    (0..ws.deployments.len())
        .map(|i| render_one(ws, i, runtime))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_values_stay_plain_text() {
        assert_eq!(md_text("a|b *c* <d>\nx"), "a\\|b \\*c\\* \\<d\\> x");
        assert_eq!(md_code("a`b"), "``a`b``");
        assert_eq!(md_code("`x"), "`` `x ``");
        // Terminal escapes, NUL, DEL and direction overrides are shown, not kept.
        assert_eq!(
            md_text("a\u{1b}[31m\0\u{7f}\u{202e}b"),
            "a\\u{1b}\\[31m\\u{0}\\u{7f}\\u{202e}b"
        );
        assert_eq!(md_code("x\u{1b}y"), "`x\\u{1b}y`");
    }

    #[test]
    fn header_hash_covers_the_body() {
        let js = format!(
            "/*! framesmith 0.1.0 sha256:{} */\nbody\n",
            hex_sha256("body")
        );
        assert_eq!(verify_header(&js).map(|(_, ok)| ok), Some(true));
        assert_eq!(
            verify_header(&js.replace("body\n", "bodY\n")).map(|(_, ok)| ok),
            Some(false)
        );
    }
}
