//! Rendering a deployment into its framework.js and CHECKLIST.md with minijinja. Every
//! value printed into framework.js goes through `escape::write_value` (the environment's
//! formatter does it, so a template cannot forget); the same workspace always renders
//! byte-identical output, stamped with the framesmith version and a content hash.

pub mod escape;

use std::fmt::{self, Write as _};
use std::sync::OnceLock;

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior, context};
use serde_json::Value as Json;
use sha2::{Digest, Sha256};

use crate::catalogue::{self, EF_SETTINGS, REGIONS, Region};
use crate::rules::deployments::MAX_PRIVATE;
use crate::slug::slug;
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// The deployment's region does not resolve (the checks report it as `region/unknown`).
    UnknownRegion { deployment: String, region: String },
    /// A template failed to render: a bug in framesmith, never the user's input.
    Template(String),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::UnknownRegion { deployment, region } => write!(
                f,
                "deployment {deployment:?} has an unknown region {region:?}"
            ),
            RenderError::Template(e) => write!(f, "template error: {e}"),
        }
    }
}

impl std::error::Error for RenderError {}

const FRAMEWORK: &str = "framework.js.jinja";
const CHECKLIST: &str = "CHECKLIST.md.jinja";

fn to_json(value: &Value) -> Result<Json, Error> {
    serde_json::to_value(value).map_err(|e| Error::new(ErrorKind::BadSerialization, e.to_string()))
}

fn fmt_err(_: fmt::Error) -> Error {
    Error::new(ErrorKind::WriteFailure, "could not write output")
}

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
            c => out.push(c),
        }
    }
    out
}

/// A Markdown code span holding `s` verbatim, whatever backticks it contains.
fn md_code(s: String) -> Value {
    let s = s.replace(['\n', '\r'], " ").replace('|', "\\|");
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
    Value::from_safe_string(format!("{fence}{pad}{s}{pad}{fence}"))
}

/// The EF settings object, with Genesys' keys written bare as its samples and linter expect.
fn settings_filter(value: &Value, level: usize) -> Result<Value, Error> {
    let keys: Vec<&str> = EF_SETTINGS.iter().map(|s| s.key).collect();
    let json = to_json(value)?;
    Ok(Value::from_safe_string(escape::js_literal(
        &json,
        escape::Keys { bare: &keys },
        level,
    )))
}

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".js.jinja") {
                AutoEscape::Custom("js".into())
            } else if name.ends_with(".md.jinja") {
                AutoEscape::Custom("md".into())
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(|out, state, value| {
            if value.is_safe() {
                return write!(out, "{value}").map_err(fmt_err);
            }
            match state.auto_escape() {
                AutoEscape::Custom(mode) if mode == "js" => {
                    let json = to_json(value)?;
                    out.write_str(&escape::js_literal(&json, escape::Keys { bare: &[] }, 0))
                        .map_err(fmt_err)
                }
                AutoEscape::Custom(mode) if mode == "md" => {
                    out.write_str(&md_text(&value.to_string())).map_err(fmt_err)
                }
                _ => write!(out, "{value}").map_err(fmt_err),
            }
        });
        env.add_filter("settings", settings_filter);
        env.add_filter("code", md_code);
        // minijinja's builtin filters are left out of the build (most of them would only
        // add size to the wasm module); this is the one the templates use.
        env.add_filter("length", |v: Value| v.len().unwrap_or(0));
        // build.rs refuses templates that do not parse; were one ever to slip through,
        // rendering reports it as a missing template rather than panicking here.
        for (name, src) in [
            (
                FRAMEWORK,
                include_str!("../../templates/framework.js.jinja"),
            ),
            (
                CHECKLIST,
                include_str!("../../templates/CHECKLIST.md.jinja"),
            ),
        ] {
            let _ = env.add_template(name, src);
        }
        env
    })
}

fn render(name: &str, ctx: Value) -> Result<String, RenderError> {
    let env = environment();
    let tmpl = env
        .get_template(name)
        .map_err(|e| RenderError::Template(format!("{e:#}")))?;
    tmpl.render(ctx)
        .map_err(|e| RenderError::Template(format!("{e:#}")))
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

/// framework.js for one deployment, header included.
pub fn framework_js(ws: &Workspace, d: &Deployment) -> Result<String, RenderError> {
    let region = region_of(ws, d)?;
    let body = render(
        FRAMEWORK,
        context! {
            name => d.name.clone(),
            crm_origin => d.crm_origin.clone().unwrap_or_default(),
            reply_timeout_ms => REPLY_TIMEOUT_MS,
            client_ids => client_ids(d, region),
            attributes => d.custom_interaction_attributes.clone(),
            settings => Value::from(Serde(&effective_settings(d))),
        },
    )?;
    let hash = hex_sha256(&body);
    Ok(format!(
        "/*! framesmith {} sha256:{hash} */\n{body}\n",
        crate::VERSION
    ))
}

fn hex_sha256(s: &str) -> String {
    let digest = Sha256::digest(s.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
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
    render(
        CHECKLIST,
        context! {
            name => d.name.clone(),
            org => ws.org.name.clone(),
            version => crate::VERSION,
            hash => hash,
            region_code => region.code,
            domain => region.domain,
            grant => if d.oauth.flow == Flow::Pkce { "Code Authorization (PKCE)" } else { "Token Implicit Grant (Browser)" },
            implicit => d.oauth.flow == Flow::Implicit,
            redirect_uris => redirect_uris,
            token_lifetime => d.token_lifetime(),
            client_id => d.client_id.clone().unwrap_or_default(),
            scopes => d.scopes(),
            kind_label => if d.kind == Kind::Private { "private deployment" } else { "public deployment" },
            private => d.kind == Kind::Private,
            private_index => private_index,
            max_private => MAX_PRIVATE,
            status => if d.status == Status::Active { "Active" } else { "Inactive" },
            groups => d.groups.clone(),
            crm_origin => d.crm_origin.clone().unwrap_or_default(),
            iframe_url => format!(
                "https://apps.{}/crm/index.html?crm=embeddableframework{}",
                region.domain,
                if d.setting_bool("dedicatedLoginWindow") { "&dedicatedLoginWindow=true" } else { "" }
            ),
        },
    )
}

/// framework.js and CHECKLIST.md for the deployment at `index`. Rendering does not check.
pub fn render_one(ws: &Workspace, index: usize) -> Result<Rendered, RenderError> {
    let Some(d) = ws.deployments.get(index) else {
        return Err(RenderError::Template(format!(
            "no deployment at index {index}"
        )));
    };
    let framework_js = framework_js(ws, d)?;
    let hash = verify_header(&framework_js)
        .map(|(h, _)| h)
        .unwrap_or_default();
    let checklist = checklist(ws, index, &hash)?;
    Ok(Rendered {
        slug: slug(&d.name),
        framework_js,
        checklist,
        hash,
    })
}

/// framework.js and CHECKLIST.md for every deployment, in workspace order. Rendering does
/// not check: callers refuse to build a workspace with errors first.
pub fn render_all(ws: &Workspace) -> Result<Vec<Rendered>, RenderError> {
    (0..ws.deployments.len())
        .map(|i| render_one(ws, i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_values_stay_plain_text() {
        assert_eq!(md_text("a|b *c* <d>\nx"), "a\\|b \\*c\\* \\<d\\> x");
        assert_eq!(md_code("a`b".into()).to_string(), "``a`b``");
        assert_eq!(md_code("`x".into()).to_string(), "`` `x ``");
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
