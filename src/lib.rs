//! framesmith builds, checks and runs Genesys Cloud Embeddable Framework deployments.
//!
//! The core (workspace model, catalogues, rules, rendering, import) is plain Rust with no
//! browser or CLI dependency; the CLI (`src/bin/framesmith`) and the wasm bindings are thin
//! layers over the functions here.

pub mod catalogue;
pub mod diagnostic;
pub mod import;
pub mod pointer;
pub mod render;
pub mod rules;
pub mod slug;
pub mod url;
pub mod workspace;

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
    let parsed = workspace::source::parse(text, format)?;
    let mut checked = check_value(&parsed.value);
    let mut all = parsed.diagnostics;
    all.append(&mut checked.diagnostics);
    parsed.map.locate(text, &mut all);
    all.sort_by_key(|d| (d.line.unwrap_or(u32::MAX), d.column.unwrap_or(u32::MAX)));
    checked.diagnostics = all;
    Ok(checked)
}

/// Why a workspace did not build.
#[derive(Debug, Clone)]
pub enum BuildError {
    /// The workspace has errors; nothing is rendered.
    Invalid(Vec<Diagnostic>),
    Render(RenderError),
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
