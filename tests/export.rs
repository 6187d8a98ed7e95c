//! `framesmith export`: data actions and Terraform from the example workspace, compared
//! with the golden files in tests/golden/export/ (regenerate with `UPDATE_GOLDEN=1`), and
//! hostile values that must stay inside their strings.

use std::path::Path;

use framesmith::export::{data_action_files, terraform};
use framesmith::{Format, check_source};

fn example() -> framesmith::Workspace {
    let text = std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap();
    check_source(&text, Format::Toml).unwrap().workspace
}

fn golden(rel: &str, actual: &str) {
    let path = Path::new("tests/golden/export").join(rel);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    assert!(
        want == actual,
        "{} differs from the golden file",
        path.display()
    );
}

#[test]
fn data_actions_match_the_golden_files() {
    let files = data_action_files(&example());
    // The phone lookup, the email lookup of the media tables, the call log and its update.
    assert_eq!(files.len(), 4);
    for (rel, text) in &files {
        golden(&format!("data-actions/{rel}"), text);
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        assert!(v["config"]["request"]["requestUrlTemplate"].is_string());
    }
    let lookup: serde_json::Value = serde_json::from_str(&files[0].1).unwrap();
    assert_eq!(
        lookup["config"]["request"]["requestUrlTemplate"],
        "https://crm.enterprise-client.com/api/v1/accounts?phone=$esc.url(${input.phone})&fields=id,name,tier,last_contacted"
    );
    assert_eq!(
        lookup["config"]["response"]["translationMap"]["accountId"],
        "$.items[*].id"
    );
    assert_eq!(
        lookup["contract"]["input"]["inputSchema"]["required"][0],
        "phone"
    );
}

#[test]
fn terraform_matches_the_golden_file() {
    let tf = terraform::main_tf(&example());
    golden("terraform/main.tf", &tf);
    // The layout terraform fmt keeps: two-space indents, no tabs, no trailing spaces.
    for line in tf.lines() {
        assert!(!line.contains('\t') && !line.ends_with(' '), "{line:?}");
        let indent = line.len() - line.trim_start().len();
        assert_eq!(indent % 2, 0, "{line:?}");
    }
    // The vault reference is carried; a secret in plain text never is.
    assert!(tf.contains("vault:crm-prod-client-secret"));
    let mut ws = example();
    ws.integrations[0]
        .properties
        .insert("clientSecret".into(), "s3cr3t-do-not-export".into());
    assert!(!terraform::main_tf(&ws).contains("s3cr3t-do-not-export"));
}

#[test]
fn hostile_values_stay_inside_their_strings() {
    let mut ws = example();
    let evil = "x\" }\nresource \"null_resource\" \"pwn\" { ${file(\"/etc/passwd\")} %{ if true }";
    ws.org.name = evil.into();
    ws.deployments[0].name = evil.into();
    ws.integrations[0].name = evil.into();
    let tf = terraform::main_tf(&ws);
    assert!(!tf.contains("resource \"null_resource\""), "{tf}");
    // Every `${` or `%{` is escaped by doubling, so none starts a template.
    for pat in ["${", "%{"] {
        for (i, _) in tf.match_indices(pat) {
            assert!(
                i > 0 && tf.as_bytes()[i - 1] == pat.as_bytes()[0],
                "unescaped {pat} at {i}"
            );
        }
    }
    assert!(tf.contains("$${file(\\\"/etc/passwd\\\")}"), "{tf}");
    assert!(tf.contains("%%{ if true }"), "{tf}");
    // Every resource header is one of ours.
    for line in tf.lines().filter(|l| l.starts_with("resource ")) {
        assert!(line.starts_with("resource \"genesyscloud_"), "{line}");
    }
}

#[test]
fn every_resource_has_its_own_address() {
    // Instance "a" with data source "b_c", and instance "a_b" with data source "c": each
    // name is distinct, so the checks pass, but both pairs make the name "a_b_c".
    let mut value = framesmith::read_source(
        &std::fs::read_to_string("tests/fixtures/workspace.toml").unwrap(),
        Format::Toml,
    )
    .unwrap()
    .0;
    let t = &mut value["integration_type"][0];
    // The example's two-source shape: its lookup and its call log (the email lookup of the
    // media tables, and the tables, left out).
    t["dataSources"]
        .as_array_mut()
        .unwrap()
        .retain(|s| s["name"] != "lookup_account_by_email" && s["name"] != "update_activity");
    t["dataSources"][0]["name"] = "b_c".into();
    t["dataSources"][1]["name"] = "c".into();
    let mut second = value["integration"][0].clone();
    value["integration"][0]["name"] = "a".into();
    second["name"] = "a_b".into();
    value["integration"].as_array_mut().unwrap().push(second);
    for d in value["deployment"].as_array_mut().unwrap() {
        let Some(pop) = d.get_mut("screen_pop") else {
            continue;
        };
        pop["integration"] = "a".into();
        pop.as_object_mut().unwrap().remove("call_log_update");
        for kind in ["callback", "outbound", "chat", "message", "email"] {
            pop.as_object_mut().unwrap().remove(kind);
        }
        for (key, source) in [
            ("data_source", "b_c"),
            ("contact_search", "b_c"),
            ("call_log", "c"),
        ] {
            if pop.get(key).is_some() {
                pop[key] = source.into();
            }
        }
    }
    let checked = framesmith::check_value(&value);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let tf = terraform::main_tf(&checked.workspace);
    let addresses: Vec<&str> = tf
        .lines()
        .filter_map(|l| l.strip_prefix("resource "))
        .collect();
    assert_eq!(addresses.len(), 8);
    for (i, a) in addresses.iter().enumerate() {
        assert!(!addresses[..i].contains(a), "{a} twice in:\n{tf}");
    }
    assert!(tf.contains("\"a_b_c_2\""), "{tf}");
    // And each action points at its own instance.
    assert!(tf.contains("integration_id  = genesyscloud_integration.a_b.id"));
}
