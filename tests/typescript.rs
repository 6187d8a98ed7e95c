//! src/wasm.d.ts (the builder module's TypeScript types, copied into www/pkg/types.d.ts)
//! is generated from the Rust descriptions; this keeps the committed file current.
//! Regenerate with `UPDATE_TYPES=1 cargo test --test typescript`.

#[test]
fn declarations_are_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/wasm.d.ts");
    let want = framesmith::typescript::declarations();
    if std::env::var_os("UPDATE_TYPES").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "src/wasm.d.ts is out of date: run `UPDATE_TYPES=1 cargo test --test typescript`"
    );
}

#[test]
fn every_workspace_table_has_an_interface() {
    let d = framesmith::typescript::declarations();
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
