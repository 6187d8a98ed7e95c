//! examples/ci/framesmith-ci.sh, the script the README's GitHub Actions workflow runs: on the
//! example workspace it writes a SARIF report, passes every scenario and builds the files;
//! a workspace with errors fails (exit 1) with the SARIF report written and nothing built; a
//! failing scenario fails the run.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("framesmith-ci-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("scenarios")).unwrap();
    d
}

fn run(at: &Path, workspace: &str) -> i32 {
    let bin = Path::new(env!("CARGO_BIN_EXE_framesmith"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ci/framesmith-ci.sh");
    Command::new("bash")
        .arg(script)
        .arg(workspace)
        .current_dir(at)
        .env("PATH", path)
        .status()
        .unwrap()
        .code()
        .unwrap_or(-1)
}

fn copy(from: &str, to: &Path) {
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(from), to).unwrap();
}

fn sarif(at: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(at.join("framesmith.sarif")).unwrap()).unwrap()
}

#[test]
fn the_example_workspace_passes_and_builds() {
    let d = dir("ok");
    copy("tests/fixtures/workspace.toml", &d.join("workspace.toml"));
    for s in ["normal-shift", "crm-outage"] {
        copy(
            &format!("examples/scenarios/{s}.json"),
            &d.join(format!("scenarios/{s}.json")),
        );
    }
    assert_eq!(run(&d, "workspace.toml"), 0);
    assert_eq!(sarif(&d)["version"], "2.1.0");
    assert!(d.join("dist/acme-dynamics/framework.js").is_file());
    assert!(d.join("dist/acme-dynamics/framesmith-host.js").is_file());
}

#[test]
fn errors_and_failed_scenarios_fail_the_run() {
    let d = dir("errors");
    copy(
        "tests/fixtures/rules/oauth__token-lifetime.toml",
        &d.join("workspace.toml"),
    );
    assert_eq!(run(&d, "workspace.toml"), 1);
    let report = sarif(&d);
    assert!(!report["runs"][0]["results"].as_array().unwrap().is_empty());
    assert!(
        !d.join("dist").exists(),
        "nothing is built from a workspace with errors"
    );

    let d = dir("scenario");
    copy("tests/fixtures/workspace.toml", &d.join("workspace.toml"));
    let mut s: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scenarios/normal-shift.json"),
        )
        .unwrap(),
    )
    .unwrap();
    s["expect"][0]["kind"] = "none".into();
    std::fs::write(d.join("scenarios/wrong.json"), s.to_string()).unwrap();
    assert_eq!(run(&d, "workspace.toml"), 1);
    assert!(!d.join("dist").exists());

    let d = dir("unreadable");
    assert_eq!(run(&d, "missing.toml"), 2);
}
