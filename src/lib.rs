//! framesmith builds, checks and runs Genesys Cloud Embeddable Framework deployments.
//!
//! The core (workspace model, catalogues, rules, rendering, import) is plain Rust with no
//! browser or CLI dependency; the CLI (`src/bin/framesmith`) and the wasm bindings are thin
//! layers over the functions here.

pub mod catalogue;
pub mod datasource;
pub mod depth;
pub mod diagnostic;
pub mod export;
pub mod float;
pub mod import;
pub mod jsonpath;
pub mod pointer;
pub mod render;
pub mod rules;
pub mod sha256;
pub mod slug;
pub mod typescript;
pub mod url;
pub mod vecmap;
pub mod workspace;
pub mod zip;

/// The builder module's JavaScript API (wasm32 only).
#[cfg(target_arch = "wasm32")]
pub mod wasm;

use serde_json::Value;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use render::{RenderError, Rendered};
pub use workspace::Workspace;
pub use workspace::source::Format;

/// The framesmith version stamped into every framework.js.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A workspace and everything found wrong with it.
#[derive(Debug, Clone)]
pub struct Checked {
    pub workspace: Workspace,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        diagnostic::has_errors(&self.diagnostics)
    }
}

/// Check a workspace given as a JSON value (what the page holds).
pub fn check_value(value: &Value) -> Checked {
    let (workspace, mut diagnostics) = Workspace::from_value(value);
    // A value the shape check already rejected is left out of the model; rules would
    // otherwise report its absence a second time ("no groups" after "groups is not a list").
    let rejected: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.path.clone())
        .collect();
    let covered = |path: &str| {
        rejected.iter().any(|r| {
            path == r
                || path
                    .strip_prefix(r.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    };
    diagnostics.extend(
        rules::check(&workspace)
            .into_iter()
            .filter(|d| !covered(&d.path)),
    );
    Checked {
        workspace,
        diagnostics,
    }
}

/// Check workspace text. A syntax error is the `Err` case; every other finding carries a
/// line and column as well as its JSON pointer, and findings come in file order.
pub fn check_source(text: &str, format: Format) -> Result<Checked, Diagnostic> {
    read_source(text, format).map(|(_, checked)| checked)
}

/// `check_source`, also giving back the workspace as a JSON value (what the page holds).
pub fn read_source(text: &str, format: Format) -> Result<(Value, Checked), Diagnostic> {
    let parsed = workspace::source::parse(text, format)?;
    let mut checked = check_value(&parsed.value);
    let mut all = parsed.diagnostics;
    all.append(&mut checked.diagnostics);
    parsed.map.locate(text, &mut all);
    // A stable insertion by position (findings number in the tens): `sort_by_key` would
    // add a whole sort routine to the browser module.
    let at = |d: &Diagnostic| (d.line.unwrap_or(u32::MAX), d.column.unwrap_or(u32::MAX));
    let mut sorted: Vec<Diagnostic> = Vec::with_capacity(all.len());
    for d in all {
        let i = sorted.partition_point(|x| at(x) <= at(&d));
        sorted.insert(i, d);
    }
    checked.diagnostics = sorted;
    Ok((parsed.value, checked))
}

/// Why a workspace did not build.
#[derive(Debug, Clone)]
pub enum BuildError {
    /// The workspace has errors; nothing is rendered.
    Invalid(Vec<Diagnostic>),
    Render(RenderError),
    /// There is no deployment at the index asked for.
    NoDeployment(usize),
}

fn blocks(d: &Diagnostic, index: usize) -> bool {
    blocks_build(d.is_error(), &d.path, index)
}

/// Whether a finding (an error or not, at `path`) stops the deployment at `index` from
/// building: its own errors and errors outside every deployment (org, integrations) do;
/// other deployments' do not. The page asks this too, so Download agrees with the refusal.
pub fn blocks_build(is_error: bool, path: &str, index: usize) -> bool {
    if !is_error {
        return false;
    }
    match path.strip_prefix("/deployment/") {
        Some(rest) => rest.split('/').next() == Some(index.to_string().as_str()),
        None => true,
    }
}

/// Render one deployment, refusing when it (or what it depends on) has errors. The output
/// is byte-identical to what `build` writes for the same deployment.
pub fn build_deployment(checked: &Checked, index: usize) -> Result<Rendered, BuildError> {
    if index >= checked.workspace.deployments.len() {
        return Err(BuildError::NoDeployment(index));
    }
    let blocking: Vec<Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| blocks(d, index))
        .cloned()
        .collect();
    if !blocking.is_empty() {
        return Err(BuildError::Invalid(blocking));
    }
    render::render_one(&checked.workspace, index).map_err(BuildError::Render)
}

/// The files "Download all" and `build` produce: `<slug>/framework.js` and
/// `<slug>/CHECKLIST.md` for every deployment, as a zip archive.
pub fn build_zip(checked: &Checked) -> Result<Vec<u8>, BuildError> {
    let rendered = build(checked)?;
    let mut files = Vec::with_capacity(rendered.len() * 2);
    for r in &rendered {
        files.push((
            format!("{}/framework.js", r.slug),
            r.framework_js.as_bytes(),
        ));
        files.push((format!("{}/CHECKLIST.md", r.slug), r.checklist.as_bytes()));
    }
    Ok(zip::store(&files))
}

/// Render every deployment of a checked workspace, refusing when it has errors.
pub fn build(checked: &Checked) -> Result<Vec<Rendered>, BuildError> {
    if checked.has_errors() {
        return Err(BuildError::Invalid(
            checked
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect(),
        ));
    }
    render::render_all(&checked.workspace).map_err(BuildError::Render)
}
