//! src/builder/bindings.d.ts (the builder module's TypeScript types, copied into www/pkg/types.d.ts)
//! is generated from the Rust descriptions; this keeps the committed file current.
//! Regenerate with `UPDATE_TYPES=1 cargo test --test typescript`.

#[test]
fn declarations_are_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/builder/bindings.d.ts");
    let want = framesmith::builder::typescript::declarations();
    if std::env::var_os("UPDATE_TYPES").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "src/builder/bindings.d.ts is out of date: run `UPDATE_TYPES=1 cargo test --test typescript`"
    );
}

#[test]
fn every_workspace_table_has_an_interface() {
    let d = framesmith::builder::typescript::declarations();
    for name in [
        "Workspace",
        "Org",
        "Deployment",
        "OAuth",
        "ScreenPop",
        "IntegrationType",
        "DataSource",
        "Integration",
        "UserGroup",
        "UiSetting",
    ] {
        assert!(d.contains(&format!("export interface {name} {{")), "{name}");
    }
    assert!(d.contains("  | \"oauth/token-lifetime\"\n"));
    assert!(d.contains("kind?: \"private\" | \"public\";"));
}

/// www/runtime.d.ts is written by hand: every error code the runtime module can answer
/// with must be in its `RuntimeErrorCode`, and nothing else.
#[test]
fn runtime_error_codes_are_declared() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let declared = std::fs::read_to_string(format!("{dir}/www/runtime.d.ts")).unwrap();
    let mut codes = Vec::new();
    for file in ["src/runtime/mod.rs", "src/runtime/abi.rs"] {
        let src = std::fs::read_to_string(format!("{dir}/{file}")).unwrap();
        for part in src.split("fail(").skip(1).chain(src.split("code:").skip(1)) {
            if let Some(code) = part.trim_start().strip_prefix('"') {
                codes.push(code.split('"').next().unwrap().to_string());
            }
        }
    }
    codes.sort();
    codes.dedup();
    assert!(codes.len() >= 8, "{codes:?}");
    let union = declared
        .split("export type RuntimeErrorCode =")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    let mut listed: Vec<String> = union
        .split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    listed.sort();
    assert_eq!(listed, codes);
}
