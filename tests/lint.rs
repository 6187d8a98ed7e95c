//! `framesmith lint` (issue 11): every rule's fixtures in tests/fixtures/lint/ (`<rule>.bad.js`
//! files raise their rule, snapshotted; `<rule>.good.js` files stay quiet), no finding on any
//! framework.js framesmith generates, never a panic on arbitrary input, and the command's
//! exits and formats.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use framesmith::{Code, Format};
use proptest::prelude::*;

fn fixtures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir("tests/fixtures/lint")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .collect();
    v.sort();
    v
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn bad_fixtures_raise_their_rule_and_good_ones_stay_quiet() {
    for path in fixtures() {
        let file = name(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let diags = framesmith::lint::lint(&text);
        let rule = format!("lint/{}", file.split('.').next().unwrap());
        if file.contains(".bad.") {
            // Past a syntax error what parsed is linted too (issue 24): a syntax fixture may
            // raise other rules after its own.
            let own = |d: &framesmith::Diagnostic| d.code.as_str() == rule;
            let ok = if rule == "lint/syntax" {
                diags.first().is_some_and(own) || diags.iter().any(own)
            } else {
                !diags.is_empty() && diags.iter().all(own)
            };
            assert!(ok, "{file}: {diags:#?}");
            assert!(diags.iter().all(|d| d.line.is_some() && d.column.is_some()));
            insta::assert_json_snapshot!(file.clone(), diags);
        } else {
            assert!(diags.is_empty(), "{file} must stay quiet: {diags:#?}");
        }
    }
}

#[test]
fn every_lint_code_has_a_bad_and_a_good_fixture() {
    let names: Vec<String> = fixtures().iter().map(|p| name(p)).collect();
    for code in Code::ALL.iter().filter(|c| c.as_str().starts_with("lint/")) {
        let rule = &code.as_str()["lint/".len()..];
        for kind in ["bad", "good"] {
            assert!(
                names.iter().any(|n| n.starts_with(&format!("{rule}.")) && n.contains(&format!(".{kind}."))),
                "no tests/fixtures/lint/{rule}.{kind}.js"
            );
        }
    }
}

#[test]
fn no_finding_on_what_framesmith_generates() {
    let text = std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap();
    let checked = framesmith::check_source(&text, Format::Toml).unwrap();
    let built = framesmith::build(&checked, framesmith::render::carried::CARRIED).unwrap();
    assert!(!built.is_empty());
    for r in &built {
        let diags = framesmith::lint::lint(&r.framework_js);
        assert!(diags.is_empty(), "{}: {diags:#?}", r.slug);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn arbitrary_text_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes);
        for d in framesmith::lint::lint(&text) {
            prop_assert!(d.line.is_some());
        }
    }

    #[test]
    fn javascript_like_text_never_panics(text in "[{}()\\[\\];,.=:\"'`a-z0-9 \n/*+!?<>&|\\\\-]{0,200}") {
        let _ = framesmith::lint::lint(&text);
        let _ = framesmith::lint::syntax_errors(&text);
    }
}

fn cli() -> Command {
    Command::cargo_bin("framesmith").unwrap()
}

#[test]
fn exits_0_clean_1_with_errors_2_when_a_file_cannot_be_read() {
    cli()
        .args(["lint", "tests/fixtures/lint/syntax.good.js"])
        .assert()
        .code(0);
    cli()
        .args([
            "lint",
            "tests/fixtures/lint/syntax.good.js",
            "tests/fixtures/lint/syntax.bad.js",
        ])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("error[lint/syntax]"))
        .stdout(predicates::str::contains("syntax.bad.js:21:136"));
    cli()
        .args([
            "lint",
            "tests/fixtures/lint/syntax.bad.js",
            "tests/fixtures/lint/missing.js",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "cannot read tests/fixtures/lint/missing.js",
        ));
}

#[test]
fn reads_standard_input_and_groups_json_by_file() {
    let out = cli()
        .args([
            "lint",
            "--format",
            "json",
            "-",
            "tests/fixtures/lint/no-framework.bad.js",
        ])
        .write_stdin(std::fs::read_to_string("tests/fixtures/lint/setting.good.js").unwrap())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report[0]["file"], "-");
    assert_eq!(report[0]["diagnostics"], serde_json::json!([]));
    assert_eq!(report[1]["file"], "tests/fixtures/lint/no-framework.bad.js");
    assert_eq!(report[1]["diagnostics"][0]["code"], "lint/no-framework");
    assert_eq!(report[1]["diagnostics"][0]["line"], 7);
}

#[test]
fn import_refuses_a_file_that_is_not_javascript_saying_where() {
    cli()
        .args(["import", "tests/fixtures/lint/syntax.bad.js"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("syntax.bad.js:21:136"))
        .stderr(predicates::str::contains("not importing"));
}

/// oxc recurses once per level of nesting, without a limit of its own: 5,000 nested arrays
/// ran the CLI's stack over and aborted it. Every shape that nests is refused as a syntax
/// finding, with its position, however deep.
#[test]
fn files_nested_beyond_any_real_one_are_refused_not_crashed() {
    let n = 100_000;
    for (shape, text) in [
        ("arrays", format!("x = {}{};", "[".repeat(n), "]".repeat(n))),
        ("calls", format!("x = {}{};", "f(".repeat(n), ")".repeat(n))),
        ("ternaries", format!("x = {}c;", "a?b:".repeat(n))),
        ("arrows", format!("x = {}c;", "a=>".repeat(n))),
        ("unary", format!("x = {}1;", "-".repeat(n))),
        ("sums", format!("x = {};", vec!["1"; 10 * n].join("+"))),
        // Parsed in a loop, but visited once per member (issue 24: this overflowed).
        ("members", format!("x = PureCloud{};", ".a".repeat(2 * n))),
        (
            "templates",
            format!("x = {}{};", "`${".repeat(n), "}`".repeat(n)),
        ),
    ] {
        let out = cli()
            .args(["lint", "-"])
            .write_stdin(text.clone())
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let out = String::from_utf8_lossy(&out);
        assert!(
            out.contains("error[lint/syntax]") && out.contains("nests more than 256 levels"),
            "{shape}: {out}"
        );
        // import reads through the same front end.
        let out = cli()
            .args(["import", "-"])
            .write_stdin(text)
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone();
        assert!(
            String::from_utf8_lossy(&out).contains("nests more than 256 levels"),
            "{shape}"
        );
    }
}

/// A finding about a leaked credential must not leak it again: not in the message, not in
/// the source line the report shows, not in JSON.
#[test]
fn findings_never_repeat_a_secret() {
    let file = "tests/fixtures/lint/secret.bad.js";
    for format in ["human", "json"] {
        let out = cli()
            .args(["lint", "--format", format, file])
            .assert()
            .code(1)
            .get_output()
            .clone();
        let shown = String::from_utf8_lossy(&out.stdout);
        assert!(shown.contains("lint/secret"), "{shown}");
        for secret in [
            "c9f1e2d3a4b5c6d7e8f9a0b1",
            "Zk3vQ9x_Lr2mT8pW4aB7nC1dE6fG0hJ5kM-sNqR",
            "Summer2026!",
            "8f14e45fceea167a5a36dedd4bea2543",
            "sk_live_51HqLyjWDarjtT1zdp7dcXcdXyz",
        ] {
            assert!(
                !shown.contains(secret),
                "{format} output repeats {secret}:\n{shown}"
            );
        }
    }
}

/// Side by side with the Genesys-authored linter (tests/fixtures/lint/genesys/): for each of
/// its eight rules, a file where it fires and framesmith reports the same fault on the same
/// line (`// framesmith <code> <line>`); for each of its false positives, a file where
/// framesmith stays quiet (`// quiet`); and the faults it misses or crashes on, found.
/// genesys-linter.json holds what that linter itself reports on each file.
#[test]
fn genesys_linter_faults_are_found_on_the_same_lines_and_its_false_positives_stay_quiet() {
    let dir = "tests/fixtures/lint/genesys";
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .collect();
    files.sort();
    let theirs: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{dir}/genesys-linter.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(files.len(), theirs["files"].as_object().unwrap().len());
    // What the Genesys linter says, through its faithful re-implementation (tests/js/ef-lint.mjs;
    // `make bench-lint` runs the real one and checks the same record).
    let out = std::process::Command::new("node")
        .arg("tests/js/ef-lint.mjs")
        .args(&files)
        .output()
        .expect("node must be installed");
    let report = String::from_utf8_lossy(&out.stdout);
    for path in &files {
        let file = name(path);
        let mut said = Vec::new();
        let mut crashed = false;
        let mut mine = false;
        for line in report.lines() {
            if line.starts_with(&format!("{}: ", path.display())) {
                mine = true;
            } else if line.starts_with("tests/") {
                mine = false;
            } else if mine && let Some(rest) = line.trim().strip_prefix("Line ") {
                crashed |= rest.contains("crashes");
                said.push(serde_json::json!(
                    rest.split(':').next().unwrap().parse::<u32>().unwrap()
                ));
            }
        }
        let expected = &theirs["files"][&file];
        if expected == "crash" {
            assert!(
                crashed,
                "{file}: the Genesys linter crashes here:\n{report}"
            );
        } else {
            assert_eq!(
                &serde_json::Value::Array(said),
                expected,
                "{file}:\n{report}"
            );
        }
    }
    for path in files {
        let file = name(&path);
        assert!(
            theirs["files"].get(&file).is_some(),
            "{file} is not in genesys-linter.json"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        let expected: Vec<(String, u32)> = text
            .lines()
            .filter_map(|l| l.strip_prefix("// framesmith lint/"))
            .map(|rest| {
                let (code, line) = rest.split_once(' ').unwrap();
                (format!("lint/{code}"), line.trim().parse().unwrap())
            })
            .collect();
        let quiet = text.lines().any(|l| l == "// quiet");
        assert!(
            quiet == expected.is_empty(),
            "{file}: say `// quiet` or what framesmith reports"
        );
        let diags = framesmith::lint::lint(&text);
        if quiet {
            assert!(diags.is_empty(), "{file} must stay quiet: {diags:#?}");
            continue;
        }
        for (code, line) in &expected {
            assert!(
                diags
                    .iter()
                    .any(|d| d.code.as_str() == code && d.line == Some(*line)),
                "{file}: no {code} on line {line}: {diags:#?}"
            );
        }
        for d in &diags {
            assert!(
                expected.iter().any(|(code, _)| d.code.as_str() == code),
                "{file}: unexpected {d:#?}"
            );
        }
    }
}
