//! framesmith builds, checks and runs Genesys Cloud Embeddable Framework deployments.
//!
//! One crate, three products (ARCHITECTURE.md draws them): the builder module behind the
//! page (`builder`), the runtime module inside every popping framework.js (`runtime`, over
//! the sans-IO `screenpop` core), and the `framesmith` command (`src/bin/framesmith`). The
//! core they share (workspace model, catalogue, rules, rendering, import, lint) is plain
//! Rust with no browser or CLI dependency and does no I/O; each product is a thin layer
//! over the functions here. Folders sit on layers (tests/layers.rs): a folder imports only
//! those below it.

pub mod base;
pub mod builder;
pub mod catalogue;
pub mod datasource;
pub mod diagnostic;
#[cfg(feature = "doctor")]
pub mod doctor;
pub mod export;
#[cfg(feature = "js")]
pub mod import;
/// The JavaScript front end: one oxc parse of a framework.js, shared by `import` and `lint`.
#[cfg(feature = "js")]
pub mod js;
pub mod jsonpath;
#[cfg(feature = "js")]
pub mod lint;
pub mod render;
pub mod report;
pub mod rules;
pub mod runtime;
pub mod screenpop;
pub mod standin;
pub mod workspace;

use serde_json::Value;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use render::{RenderError, Rendered};
pub use workspace::Workspace;
pub use workspace::source::Format;

pub use base::VERSION;

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
    let (workspace, cleaned, mut diagnostics) = Workspace::from_value_cleaned(value);
    rules::beyond_shape(&mut diagnostics, rules::check_cleaned(&workspace, &cleaned));
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
    // Stable, by column then by line: two counting sorts, linear in the findings and the
    // text (`sort_by_key` would add a whole sort routine to the browser module, and
    // insertion into a sorted list costs the square of the findings).
    let sorted = counting_sort(all, |d| d.column);
    checked.diagnostics = counting_sort(sorted, |d| d.line);
    Ok((parsed.value, checked))
}

/// A stable sort of findings by a position (those without one last), in time linear in
/// the findings and the largest position.
fn counting_sort(
    items: Vec<Diagnostic>,
    key: impl Fn(&Diagnostic) -> Option<u32>,
) -> Vec<Diagnostic> {
    let max = items.iter().filter_map(&key).max().unwrap_or(0) as usize;
    let slot = |d: &Diagnostic| key(d).map_or(max + 1, |k| k as usize);
    // starts[k] is where the first item with key k goes.
    let mut starts = vec![0usize; max + 3];
    for d in &items {
        starts[slot(d) + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut placed: Vec<Option<Diagnostic>> = Vec::with_capacity(items.len());
    placed.resize_with(items.len(), || None);
    for d in items {
        let s = slot(&d);
        placed[starts[s]] = Some(d);
        starts[s] += 1;
    }
    placed.into_iter().flatten().collect()
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
pub fn build_deployment(
    checked: &Checked,
    index: usize,
    runtime: &str,
) -> Result<Rendered, BuildError> {
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
    render::render_one(&checked.workspace, index, runtime).map_err(BuildError::Render)
}

/// The files "Download all" and `build` produce: `<slug>/framework.js` and
/// `<slug>/CHECKLIST.md` for every deployment, as a zip archive.
pub fn build_zip(checked: &Checked, runtime: &str) -> Result<Vec<u8>, BuildError> {
    let rendered = build(checked, runtime)?;
    let mut files = Vec::with_capacity(rendered.len() * 2);
    for r in &rendered {
        files.push((
            format!("{}/framework.js", r.slug),
            r.framework_js.as_bytes(),
        ));
        files.push((format!("{}/CHECKLIST.md", r.slug), r.checklist.as_bytes()));
        if let Some(host) = &r.host_js {
            files.push((format!("{}/framesmith-host.js", r.slug), host.as_bytes()));
        }
    }
    Ok(standin::zip::store(&files))
}

/// Render every deployment of a checked workspace, refusing when it has errors.
pub fn build(checked: &Checked, runtime: &str) -> Result<Vec<Rendered>, BuildError> {
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
    render::render_all(&checked.workspace, runtime).map_err(BuildError::Render)
}
