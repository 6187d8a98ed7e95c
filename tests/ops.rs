//! One op table: the runtime module's operations are defined once, in Rust (`Op::ALL`), and
//! the JavaScript that calls them (the driver framework.js carries, the page's wrapper)
//! writes the subset it uses as `OP = { name: number, ... }`. This test holds every such
//! table to the Rust one and every `OP.name` a file uses to its own table, so an operation
//! renumbered or renamed in one place fails here instead of in an agent's browser.

use std::collections::BTreeMap;
use std::path::Path;

use framesmith::runtime::Op;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// The driver's files joined in name order, as build.rs joins them.
fn driver() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/runtime/driver");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// The `OP = { ... }` object of a script, as name -> number.
fn table(js: &str, file: &str) -> BTreeMap<String, u32> {
    let at = js
        .find("OP = {")
        .unwrap_or_else(|| panic!("{file} has no OP table"));
    let body = &js[at + "OP = {".len()..];
    let body = &body[..body.find('}').unwrap()];
    body.split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|e| {
            let (k, v) = e.split_once(':').unwrap_or_else(|| panic!("{file}: {e:?}"));
            (k.trim().to_string(), v.trim().parse().unwrap())
        })
        .collect()
}

/// Every `OP.name` the script uses.
fn uses(js: &str) -> Vec<String> {
    js.match_indices("OP.")
        .filter(|(i, _)| !js[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
        .map(|(i, _)| {
            js[i + 3..]
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect()
        })
        .collect()
}

fn rust_table() -> BTreeMap<String, u32> {
    Op::ALL
        .iter()
        .map(|op| (op.name().to_string(), *op as u32))
        .collect()
}

#[test]
fn the_rust_table_is_one_to_one() {
    let rust = rust_table();
    assert_eq!(rust.len(), Op::ALL.len(), "two operations share a name");
    for op in Op::ALL {
        assert_eq!(Op::from_number(op as u32), Some(op));
    }
    assert_eq!(Op::from_number(0), None);
    assert_eq!(Op::from_number(Op::ALL.len() as u32 + 1), None);
}

#[test]
fn every_javascript_table_is_the_rust_one() {
    let rust = rust_table();
    for (file, js) in [
        ("src/runtime/driver/", driver()),
        ("www/runtime.js", read("www/runtime.js")),
    ] {
        let table = table(&js, file);
        for (name, number) in &table {
            assert_eq!(
                rust.get(name),
                Some(number),
                "{file}: OP.{name} is {number}; src/runtime/mod.rs says {:?}",
                rust.get(name)
            );
        }
        for name in uses(&js) {
            assert!(
                table.contains_key(&name),
                "{file} calls OP.{name}, which its OP table lacks"
            );
        }
    }
}

#[test]
fn the_reader_finds_what_it_must() {
    let js = "var OP = { configure: 1, callLog: 10 };\ncall(OP.callLog); NOOP.x; OP.tick";
    assert_eq!(table(js, "t").get("callLog"), Some(&10));
    assert_eq!(uses(js), ["callLog", "tick"]);
}
