//! Findings as a SARIF 2.1.0 log (`--format sarif` of `check` and `lint`), the format
//! GitHub code scanning and other CI systems read to annotate files: one run of the tool
//! `framesmith`, the whole catalogue of codes as its rules (id, the one-line description
//! docs/diagnostics.md gives, default level, and where docs/diagnostics.md is published,
//! a help URI to the code's row there), and one result per finding with its file, line and
//! column (counted in Unicode code points, as framesmith counts them), the JSON pointer into
//! the workspace as a logical location, and the fix in the message.

use serde_json::{Value, json};

use crate::diagnostic::{Code, Diagnostic, Severity};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Where every code is explained, one table row each.
const DOCS: &str = "docs/diagnostics.md";

/// Where docs/diagnostics.md is published by default: in the repository Cargo.toml names
/// (`package.repository`), at this version's tag. None while the crate names none.
pub fn default_docs_url() -> Option<String> {
    let repo = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    (!repo.is_empty()).then(|| format!("{repo}/blob/v{}/{DOCS}", crate::base::VERSION))
}

/// A code's anchor in docs/diagnostics.md: `lint/post-message-target` → `lint-post-message-target`.
pub fn anchor(code: Code) -> String {
    code.as_str().replace('/', "-")
}

/// A SARIF log of `files`: each file's name (as given on the command line, a path relative
/// to where the command ran) with its findings. `docs` is where docs/diagnostics.md is
/// published (an absolute URI without a fragment); each rule's help URI is its row there.
pub fn log(files: &[(&str, &[Diagnostic])], docs: Option<&str>) -> Value {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            let mut rule = json!({
                "id": c.as_str(),
                "shortDescription": { "text": c.description() },
                "help": { "text": format!("{} See {DOCS} ({}).", c.description(), c.as_str()) },
                "defaultConfiguration": { "level": level(c.default_severity()) },
            });
            if let Some(base) = docs {
                rule["helpUri"] = json!(format!("{base}#{}", anchor(*c)));
            }
            rule
        })
        .collect();
    let mut results = Vec::new();
    for (file, diags) in files {
        for d in diags.iter() {
            let index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
            let mut physical = json!({ "artifactLocation": { "uri": uri(file) } });
            if let (Some(line), Some(column)) = (d.line, d.column) {
                physical["region"] = json!({ "startLine": line, "startColumn": column });
            }
            let mut location = json!({ "physicalLocation": physical });
            if !d.path.is_empty() {
                location["logicalLocations"] = json!([{ "fullyQualifiedName": d.path }]);
            }
            results.push(json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": index,
                "level": level(d.severity),
                "message": { "text": format!("{} Fix: {}", sentence(&d.message), d.hint) },
                "locations": [location],
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "framesmith",
                "version": crate::base::VERSION,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// A message ends with a full stop before the fix is added.
fn sentence(s: &str) -> String {
    if s.ends_with(['.', '!', '?']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

/// A path as a URI reference: `/` separators, and the characters a URI cannot hold
/// percent-encoded (spaces, `%`, `#`, `?`, non-ASCII).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            super::uri("deploy/acme crm/framework.js"),
            "deploy/acme%20crm/framework.js"
        );
        assert_eq!(super::uri("a#b?c%é"), "a%23b%3Fc%25%C3%A9");
        assert_eq!(super::uri("dir\\f.js"), "dir/f.js");
    }
}
