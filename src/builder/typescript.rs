//! TypeScript declarations for the builder module, generated from the same Rust
//! descriptions the checks use (the workspace shape, the diagnostic codes), so the page's
//! types cannot drift from what the module accepts and returns. `src/builder/bindings.d.ts` holds the
//! output; a test fails when it is out of date (`UPDATE_TYPES=1 cargo test --test typescript`).

use std::fmt::Write as _;

use crate::diagnostic::Code;
use crate::workspace::schema::WORKSPACE;
use crate::workspace::shape::{Obj, Shape, Unknown};

/// Type names for the tables whose field name alone would read badly.
fn type_name(field: &str) -> String {
    match field {
        "oauth" => "OAuth".into(),
        "settings" => "UiSetting".into(),
        "userGroups" => "UserGroup".into(),
        "dataSources" => "DataSource".into(),
        "deployment" => "Deployment".into(),
        "integration_type" => "IntegrationType".into(),
        "integration" => "Integration".into(),
        // The four media tables have the same keys: one interface.
        "callback" | "chat" | "message" | "email" => "MediaPop".into(),
        other => other
            .split('_')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect(),
    }
}

fn ts_type(shape: &Shape, field: &str, pending: &mut Vec<(String, &'static Obj)>) -> String {
    match shape {
        Shape::Str => "string".into(),
        Shape::Enum(values) => values
            .iter()
            .map(|v| format!("{v:?}"))
            .collect::<Vec<_>>()
            .join(" | "),
        Shape::Bool => "boolean".into(),
        Shape::Int => "number".into(),
        Shape::Any => "unknown".into(),
        Shape::List(item) => {
            let inner = ts_type(item, field, pending);
            if inner.contains(' ') {
                format!("({inner})[]")
            } else {
                format!("{inner}[]")
            }
        }
        Shape::Map(item) => format!("Record<string, {}>", ts_type(item, field, pending)),
        Shape::Object(obj) => {
            let name = type_name(field);
            if !pending.iter().any(|(n, _)| *n == name) {
                pending.push((name.clone(), obj));
            }
            name
        }
    }
}

fn key(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        name.to_string()
    } else {
        format!("{name:?}")
    }
}

fn interfaces(out: &mut String) {
    let mut pending: Vec<(String, &'static Obj)> = vec![("Workspace".into(), &WORKSPACE)];
    let mut done = 0;
    while done < pending.len() {
        let (name, obj) = pending[done].clone();
        done += 1;
        let title = match name.as_str() {
            "MediaPop" => {
                "[deployment.screen_pop.callback], .chat, .message or .email: one kind of interaction's pop settings"
            }
            _ => obj.title,
        };
        let _ = writeln!(out, "/** {title} */\nexport interface {name} {{");
        for f in obj.fields {
            let ty = ts_type(&f.shape, f.name, &mut pending);
            let opt = if f.required { "" } else { "?" };
            let _ = writeln!(out, "  /** {} */\n  {}{opt}: {ty};", f.doc, key(f.name));
        }
        if obj.unknown == Unknown::Warn {
            out.push_str("  /** Keys Genesys or the CRM may add (checked with a warning). */\n  [key: string]: unknown;\n");
        }
        out.push_str("}\n\n");
    }
}

/// The fixed part: what the module returns besides the workspace.
const API: &str = r#"/** How serious a finding is. */
export type Severity = "error" | "warning" | "info";

/** One finding, in the same shape as `framesmith check --format json`. */
export interface Diagnostic {
  code: Code;
  severity: Severity;
  /** JSON pointer (RFC 6901) into the workspace; "" for the whole file. */
  path: string;
  message: string;
  /** How to fix it. */
  hint: string;
  /** 1-based, when the finding came from text. */
  line?: number;
  column?: number;
}

/** A workspace read from text, and what is wrong with it. */
export interface Parsed {
  workspace: Workspace;
  diagnostics: Diagnostic[];
}

/** What a hand-edited framework.js describes. */
export interface Imported {
  /** Absent when no deployment could be read; `diagnostics` says why. */
  workspace?: Workspace;
  toml?: string;
  /** What could not be carried over; a `lint/syntax` finding when the file is not JavaScript. */
  diagnostics: Diagnostic[];
  /** `framesmith lint`'s findings on the same file. */
  findings: Diagnostic[];
}

/** One deployment's output, as `framesmith build` writes it. */
export interface Rendered {
  /** The deployment's folder name in `build` output and in the zip. */
  slug: string;
  frameworkJs: string;
  checklist: string;
  /** Hex SHA-256 of framework.js after its header line. */
  hash: string;
}

export interface RegionInfo {
  code: string;
  domain: string;
  name: string;
  env: "prod" | "fedramp" | "eusc";
}

export interface SettingInfo {
  key: string;
  kind: "bool" | "string" | "calling-code" | "list" | "theme" | "sso" | "display";
  /** For lists: the values Genesys documents. */
  values: string[];
  /** For lists: values Genesys' example repositories do not show (accepted, with at most one info per list). */
  seenElsewhere: string[];
  doc: string;
}

/** The platform facts the page builds its controls from. */
export interface Catalogue {
  version: string;
  regions: RegionInfo[];
  /** Scopes the Embeddable Framework needs; the default set. */
  requiredScopes: string[];
  /** Every scope framesmith knows, sorted. */
  scopes: string[];
  settings: SettingInfo[];
  ssoProviders: string[];
  /** [ISO 3166-1 alpha-2, calling code digits] */
  countries: [string, string][];
  maxPrivate: number;
  tokenLifetime: { min: number; max: number; default: number };
}

/** What the module's functions throw: a real Error with a stable code. */
export interface FramesmithError extends Error {
  code: ErrorCode;
  /** For "parse/syntax": the syntax error. For "build/invalid": the errors in the way. */
  diagnostics?: Diagnostic[];
  /** For "export/unrepresentable": where the value that cannot be written is. */
  path?: string;
}
"#;

/// Codes the module's functions throw with, and what each means.
pub const ERROR_CODES: &[(&str, &str)] = &[
    (
        "input/not-workspace",
        "the argument is not plain data (a function, a symbol, a cycle)",
    ),
    (
        "input/not-diagnostic",
        "blocksBuild: the argument is not a finding (no string severity and path)",
    ),
    (
        "input/format",
        "the format is neither \"toml\" nor \"json\"",
    ),
    (
        "input/not-text",
        "an argument that must be a string is not one",
    ),
    ("input/not-index", "an index is not a whole number from 0"),
    ("parse/syntax", "the text is not valid TOML or JSON"),
    (
        "build/invalid",
        "the workspace (or this deployment) has errors",
    ),
    (
        "build/no-deployment",
        "there is no deployment at that index",
    ),
    ("build/render", "rendering failed: a bug in framesmith"),
    (
        "export/unrepresentable",
        "the workspace holds a value the format cannot write",
    ),
];

/// The whole declaration file.
pub fn declarations() -> String {
    let mut out = String::from(
        "// Generated from framesmith's Rust types by src/builder/typescript.rs. Do not edit:\n// run `UPDATE_TYPES=1 cargo test --test typescript`.\n\n",
    );
    interfaces(&mut out);
    out.push_str(API);
    out.push_str("\n/** Stable diagnostic codes (docs/diagnostics.md). */\nexport type Code =\n");
    for c in Code::ALL {
        let _ = writeln!(out, "  | {:?}", c.as_str());
    }
    out.push_str(";\n\n/** Codes of the errors the module throws. */\nexport type ErrorCode =\n");
    for (code, doc) in ERROR_CODES {
        let _ = writeln!(out, "  /** {doc} */\n  | {code:?}");
    }
    out.push_str(";\n");
    out
}
