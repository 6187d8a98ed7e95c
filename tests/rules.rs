//! Rule fixtures: one workspace per rule under tests/fixtures/rules, named for the code it
//! must raise (`oauth__token-lifetime.toml` raises `oauth/token-lifetime`), with the exact
//! diagnostics kept as insta snapshots; `err_*` fixtures are files that do not parse.

use std::path::{Path, PathBuf};

use framesmith::{Code, Diagnostic, Format, check_source};

fn fixtures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir("tests/fixtures/rules")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

fn diagnostics(path: &Path) -> Vec<Diagnostic> {
    let text = std::fs::read_to_string(path).unwrap();
    let format = Format::from_path(&path.to_string_lossy()).unwrap();
    match check_source(&text, format) {
        Ok(c) => c.diagnostics,
        Err(d) => vec![d],
    }
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_fixture_raises_its_rule_and_matches_its_snapshot() {
    for path in fixtures() {
        let name = stem(&path);
        let diags = diagnostics(&path);
        if let Some((area, rule)) = name.split_once("__") {
            let code = format!("{area}/{rule}");
            assert!(
                diags.iter().any(|d| d.code.as_str() == code),
                "{name}: expected a {code} diagnostic, got {diags:#?}"
            );
        } else if name.starts_with("err_") {
            assert_eq!(diags.len(), 1, "{name}");
            assert_eq!(diags[0].code, Code::ParseSyntax);
            assert!(
                diags[0].line.is_some() && diags[0].column.is_some(),
                "{name}: syntax errors carry a position"
            );
        } else if name == "clean" {
            assert!(
                diags.is_empty(),
                "clean.toml must raise nothing: {diags:#?}"
            );
        }
        for d in &diags {
            assert!(
                !d.message.is_empty() && !d.hint.is_empty(),
                "{name}: {d:?} needs a message and a hint"
            );
            assert!(
                d.path.is_empty() || d.path.starts_with('/'),
                "{name}: {} is not a JSON pointer",
                d.path
            );
            assert!(d.line.is_some(), "{name}: {d:?} has no line");
        }
        insta::assert_json_snapshot!(name.as_str(), diags);
    }
}

#[test]
fn every_workspace_code_has_a_fixture() {
    let names: Vec<String> = fixtures().iter().map(|p| stem(p)).collect();
    for code in Code::ALL {
        let c = code.as_str();
        if c.starts_with("import/") {
            continue; // covered by tests/cli.rs on a hand-edited framework.js
        }
        if c.starts_with("lint/") {
            continue; // tests/fixtures/lint/, held by tests/lint.rs
        }
        if c.starts_with("doctor/") {
            continue; // tests/fixtures/doctor/, held by tests/doctor.rs
        }
        let wanted = if c == "parse/syntax" {
            "err_".to_string()
        } else {
            c.replace('/', "__")
        };
        assert!(
            names.iter().any(|n| n.starts_with(&wanted)),
            "no fixture for {c} (expected tests/fixtures/rules/{wanted}.toml)"
        );
    }
}

#[test]
fn the_example_workspace_is_clean() {
    let diags = diagnostics(Path::new("tests/fixtures/workspace.toml"));
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn json_and_toml_spell_the_same_workspace() {
    let text = std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap();
    let from_toml = check_source(&text, Format::Toml).unwrap();
    let json = serde_json::to_string_pretty(&from_toml.workspace).unwrap();
    let from_json = check_source(&json, Format::Json).unwrap();
    assert_eq!(from_toml.workspace, from_json.workspace);
    assert!(
        from_json.diagnostics.is_empty(),
        "{:#?}",
        from_json.diagnostics
    );
}

#[test]
fn diagnostic_codes_are_documented() {
    let mut table = String::from("| Code | Severity | Meaning |\n|---|---|---|\n");
    for code in Code::ALL {
        // The anchor is where SARIF's help URI for the code points (framesmith::report::sarif::anchor).
        table.push_str(&format!(
            "| <a id=\"{}\"></a>`{}` | {} | {} |\n",
            framesmith::report::sarif::anchor(*code),
            code.as_str(),
            code.default_severity().as_str(),
            code.description()
        ));
    }
    let doc_path = "docs/diagnostics.md";
    let doc = std::fs::read_to_string(doc_path).unwrap_or_default();
    let start = doc.find("| Code |");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        let head = start.map_or(doc.as_str(), |s| &doc[..s]);
        std::fs::write(doc_path, format!("{head}{table}")).unwrap();
        return;
    }
    let current = start.map_or("", |s| &doc[s..]);
    assert_eq!(
        current, table,
        "docs/diagnostics.md is out of date: run `UPDATE_DOCS=1 cargo test --test rules`"
    );
}

#[test]
fn max_pages_is_bounded_with_a_warning_on_the_way() {
    // A `next` link that loops or a CRM of 20,000 pages must not make one call fetch
    // without end: past the cap is an error, past a sane number a warning.
    let example = std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap();
    let with = |n: &str| {
        let text = example.replacen(
            "records = \"$.items[*]\"",
            &format!("records = \"$.items[*]\"\nmaxPages = {n}"),
            1,
        );
        assert_ne!(text, example);
        framesmith::check_source(&text, framesmith::Format::Toml)
            .unwrap()
            .diagnostics
            .into_iter()
            .filter(|d| d.path.ends_with("/maxPages"))
            .map(|d| (d.severity, d.message))
            .collect::<Vec<_>>()
    };
    let huge = with("9223372036854775807");
    assert_eq!(huge.len(), 1, "{huge:?}");
    assert_eq!(huge[0].0, framesmith::Severity::Error);
    assert!(with("101")[0].0 == framesmith::Severity::Error);
    let many = with("50");
    assert_eq!(many.len(), 1, "{many:?}");
    assert_eq!(many[0].0, framesmith::Severity::Warning);
    assert!(with("20").is_empty());
    assert!(with("100")[0].0 == framesmith::Severity::Warning);
}

/// The secret scan walks the cleaned value the model was read from (`check_cleaned`, what
/// `check_value` runs); given a model alone (`check`) it writes the model back first. Both
/// must find the same, on every fixture and the example, in the same order.
#[test]
fn the_rules_find_the_same_in_the_cleaned_value_as_in_the_model() {
    let mut paths = fixtures();
    paths.push("tests/fixtures/workspace.toml".into());
    let mut secrets = 0;
    for path in paths.iter().filter(|p| !stem(p).starts_with("err_")) {
        let text = std::fs::read_to_string(path).unwrap();
        let format = Format::from_path(&path.to_string_lossy()).unwrap();
        let Ok((value, _)) = framesmith::read_source(&text, format) else {
            continue;
        };
        let (ws, cleaned, _) = framesmith::Workspace::from_value_cleaned(&value);
        let model = framesmith::rules::check(&ws);
        let walked = framesmith::rules::check_cleaned(&ws, &cleaned);
        assert_eq!(walked, model, "{}", path.display());
        secrets += walked
            .iter()
            .filter(|d| d.code == Code::SecretExposed)
            .count();
    }
    assert!(secrets >= 3, "the fixtures hold secrets to find: {secrets}");
}
