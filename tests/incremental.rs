//! The incremental check (rules::incremental, issue 26) against the full one: random edits
//! of random workspaces, and after every edit the incremental findings must be exactly a
//! full check's, in the same order. The workspaces are the rule fixtures (each raises one
//! rule) and tests/fixtures/workspace.toml; the values written come from the same files, so
//! an edit can make any rule fire or fall silent: a duplicate name, a secret, a region.

use std::path::PathBuf;

use framesmith::rules::incremental::Checker;
use framesmith::{Diagnostic, Format, check_value};
use proptest::prelude::*;
use serde_json::{Value, json};

fn seeds() -> Vec<Value> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/fixtures/rules")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with("err_"))
        .collect();
    files.sort();
    files.push("tests/fixtures/workspace.toml".into());
    files
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            framesmith::read_source(&text, Format::Toml)
                .ok()
                .map(|(v, _)| v)
        })
        .collect()
}

/// Every pointer in `v` with the value there.
fn nodes<'a>(v: &'a Value, path: String, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                nodes(x, format!("{path}/{i}"), out);
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                nodes(
                    x,
                    format!("{path}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        _ => {}
    }
    out.push((path, v));
}

/// Values an edit writes: every leaf and table of the seeds, and a few of each type.
fn pool(seeds: &[Value]) -> Vec<Value> {
    let mut all = Vec::new();
    for s in seeds {
        nodes(s, String::new(), &mut all);
    }
    let mut out: Vec<Value> = all
        .into_iter()
        .filter(|(p, _)| !p.is_empty())
        .map(|(_, v)| v.clone())
        .collect();
    out.extend([
        json!(null),
        json!(true),
        json!(3),
        json!(-1),
        json!(""),
        json!([]),
        json!({}),
        json!("public"),
        json!("private"),
        json!("https://crm.example.com"),
        json!("ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"),
    ]);
    out
}

/// One edit, read from three random numbers: where (biased to inside a deployment, where
/// a keystroke lands), what kind, and what value.
fn edit(value: &mut Value, pool: &[Value], (kind, at, pick): (u8, u32, u32)) {
    let mut all = Vec::new();
    nodes(value, String::new(), &mut all);
    let inside: Vec<&(String, &Value)> = all
        .iter()
        .filter(|(p, _)| p.starts_with("/deployment/"))
        .collect();
    let path = if kind % 8 != 0 && !inside.is_empty() {
        inside[at as usize % inside.len()].0.clone()
    } else {
        all[at as usize % all.len()].0.clone()
    };
    let new = pool[pick as usize % pool.len()].clone();
    let (parent, key) = match path.rfind('/') {
        Some(i) => (
            path[..i].to_string(),
            path[i + 1..].replace("~1", "/").replace("~0", "~"),
        ),
        None => (String::new(), String::new()),
    };
    match kind % 5 {
        // Write a value in place.
        0 | 1 => {
            if let Some(slot) = value.pointer_mut(&path) {
                *slot = new;
            }
        }
        // Remove the key or entry.
        2 => match value.pointer_mut(&parent) {
            Some(Value::Object(m)) => {
                m.shift_remove(&key);
            }
            Some(Value::Array(a)) => {
                if let Ok(i) = key.parse::<usize>() {
                    a.remove(i);
                }
            }
            _ => {}
        },
        // Add a key (a known one moved to the end, or a new one) or an entry.
        3 => match value.pointer_mut(&parent) {
            Some(Value::Object(m)) => {
                if pick % 2 == 0 {
                    if let Some(v) = m.shift_remove(&key) {
                        m.insert(key, v);
                    }
                } else {
                    m.insert(format!("k{}", pick % 7), new);
                }
            }
            Some(Value::Array(a)) => a.push(new),
            _ => {}
        },
        // Copy a deployment (a duplicate name and client id), or edit the org.
        _ => {
            if pick % 2 == 0 {
                if let Some(Value::Array(list)) = value.get_mut("deployment")
                    && !list.is_empty()
                {
                    let d = list[at as usize % list.len()].clone();
                    list.push(d);
                }
            } else if let Some(org) = value.get_mut("org").and_then(Value::as_object_mut) {
                org.insert("region".into(), new);
            }
        }
    }
}

/// The deployment an edit is confined to, when the rest of the workspace is as it was,
/// keys' order included (serde_json's `==` ignores it; the text does not).
fn confined(before: &Value, after: &Value) -> Option<usize> {
    let text = |v: &Value| serde_json::to_string(v).unwrap();
    let (b, a) = (before.as_object()?, after.as_object()?);
    let others = |m: &serde_json::Map<String, Value>| {
        m.iter()
            .filter(|(k, _)| *k != "deployment")
            .map(|(k, v)| (k.clone(), text(v)))
            .collect::<Vec<_>>()
    };
    if others(b) != others(a) || b.keys().ne(a.keys()) {
        return None;
    }
    let (bl, al) = (
        b.get("deployment")?.as_array()?,
        a.get("deployment")?.as_array()?,
    );
    if bl.len() != al.len() {
        return None;
    }
    let changed: Vec<usize> = (0..bl.len())
        .filter(|&i| text(&bl[i]) != text(&al[i]))
        .collect();
    (changed.len() == 1).then(|| changed[0])
}

fn full(value: &Value) -> Vec<Diagnostic> {
    check_value(value).diagnostics
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn incremental_findings_are_a_full_checks_after_every_edit(
        seed in any::<usize>(),
        edits in prop::collection::vec((any::<u8>(), any::<u32>(), any::<u32>()), 1..14),
    ) {
        thread_local! {
            static SEEDS: (Vec<Value>, Vec<Value>) = {
                let s = seeds();
                let p = pool(&s);
                (s, p)
            };
        }
        SEEDS.with(|(seeds, pool)| {
            let mut value = seeds[seed % seeds.len()].clone();
            // One checker given the whole workspace each time, one told which deployment
            // changed (as the page does) and given only that deployment.
            let (mut whole, mut told) = (Checker::new(), Checker::new());
            assert_eq!(whole.check(&value), full(&value));
            assert_eq!(told.check(&value), full(&value));
            let mut before = value.clone();
            for e in edits {
                edit(&mut value, pool, e);
                // Now and then two edits or more before a check, as a page that replaces
                // a workspace, or a test, may make them.
                if e.1 % 4 == 0 {
                    continue;
                }
                let expected = full(&value);
                assert_eq!(whole.check(&value), expected, "after {e:?}, whole value");
                let got = match confined(&before, &value) {
                    Some(i) => told
                        .check_edited(i, value["deployment"][i].clone())
                        .unwrap_or_else(|| told.check(&value)),
                    None => told.check(&value),
                };
                assert_eq!(got, expected, "after {e:?}, one deployment");
                before = value.clone();
            }
        });
    }
}

#[test]
fn an_unchanged_workspace_reuses_and_a_one_field_edit_matches() {
    let mut value = seeds().pop().unwrap();
    let mut checker = Checker::new();
    let first = checker.check(&value);
    assert_eq!(first, full(&value));
    assert_eq!(checker.check(&value), first);
    // A name another deployment has: deployments/duplicate-name, a family run every time.
    let other = value["deployment"][1]["name"].clone();
    value["deployment"][0]["name"] = other;
    let d = value["deployment"][0].clone();
    let got = checker.check_edited(0, d).unwrap();
    assert_eq!(got, full(&value));
    assert!(
        got.iter()
            .any(|d| d.code.as_str() == "deployment/duplicate-name"),
        "{got:#?}"
    );
    // An entry that is not a table: the list drops it, so the check is a full one.
    value["deployment"][0] = json!("oops");
    assert_eq!(
        checker.check_edited(0, json!("oops")).unwrap(),
        full(&value)
    );
    assert_eq!(checker.check(&value), full(&value));
    // Two deployments changed at once, the first into an entry that is not a table (null:
    // the list drops it without a finding): the full check that follows must see the
    // second one's change too.
    let mut checker = Checker::new();
    let mut value = seeds().pop().unwrap();
    checker.check(&value);
    value["deployment"][0] = json!(null);
    value["deployment"][1]["client_id"] = json!("nope");
    let got = checker.check(&value);
    assert_eq!(got, full(&value));
    assert!(
        got.iter().any(|d| d.code.as_str() == "client-id/not-uuid"),
        "{got:#?}"
    );
    // Nothing to edit yet: the caller checks the whole workspace.
    assert!(Checker::new().check_edited(0, json!({})).is_none());
}
