//! Replays every input the fuzzers kept (fuzz/regressions/<target>/) through the same target
//! bodies (fuzz/targets.rs), on stable, so `make test` fails if a fixed finding comes back.
//! Each target also gets a few seeds of its own, so a target that stopped checking anything
//! would still be exercised.

#[path = "../fuzz/targets.rs"]
mod targets;

fn replay(name: &str, target: fn(&[u8]), seeds: &[&[u8]]) {
    for seed in seeds {
        target(seed);
    }
    let dir = std::path::Path::new("fuzz/regressions").join(name);
    let mut n = 0;
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries {
            let path = e.unwrap().path();
            if path.is_file() {
                let data = std::fs::read(&path).unwrap();
                eprintln!("{}", path.display());
                target(&data);
                n += 1;
            }
        }
    }
    eprintln!("{name}: {} seeds, {n} kept inputs", seeds.len());
}

#[test]
fn workspace_toml() {
    let example = std::fs::read("tests/fixtures/workspace.toml").unwrap();
    replay(
        "workspace_toml",
        targets::workspace_toml,
        &[&example, b"a = [[[1]]]", b"x = 1e400"],
    );
}

#[test]
fn toml_agrees() {
    let example = std::fs::read("tests/fixtures/workspace.toml").unwrap();
    // The target reports a disagreement it is given.
    assert!(targets::toml_disagreement("a = 1\na = 2").is_none());
    assert!(targets::toml_disagreement("a = 99999999999999999999").is_none());
    replay(
        "toml_agrees",
        targets::toml_agrees,
        &[&example, b"a = {b = 1,}", b"x = 1979-05-27T07:32:00Z"],
    );
}

#[test]
fn workspace_json() {
    replay(
        "workspace_json",
        targets::workspace_json,
        &[b"{\"org\": {\"name\": \"A\"}}", b"[1.5e999]"],
    );
}

#[test]
fn render() {
    // The target's JavaScript check can fail.
    assert!(targets::parses_as_js("(function () {").is_err());
    assert!(targets::parses_as_js("(function () {})();").is_ok());
    replay(
        "render",
        targets::render,
        &[
            b"Acme\0https://crm.example.com\0PT_X\0k\0</script>",
            "\u{2028}\"'`\\".as_bytes(),
        ],
    );
}

#[test]
fn import() {
    let hand = std::fs::read("tests/fixtures/import/hand-edited.js").unwrap();
    replay(
        "import",
        targets::import,
        &[
            &hand,
            b"window.Framework = { config: { settings: { a: \"\\x\" } } }",
        ],
    );
}

#[test]
fn lint() {
    let bad = std::fs::read("tests/fixtures/lint/message-origin.bad.js").unwrap();
    replay(
        "lint",
        targets::lint,
        &[
            &bad,
            b"x = [[[[[[",
            b"\xff\xfe window.Framework = { config: 1 }",
            b"a = `${`${`",
        ],
    );
}

#[test]
fn jsonpath() {
    replay(
        "jsonpath",
        targets::jsonpath,
        &[b"$..b[?@ == true]\n{\"b\": [true]}", b"$[?match(@, '[a-)"],
    );
}

#[test]
fn template() {
    replay(
        "template",
        targets::template,
        &[b"{crmBaseEndpoint}/x?y={v}\na&b=c/../\r\n\"}"],
    );
}

#[test]
fn response() {
    let page = std::fs::read("tests/fixtures/responses/accounts-page1.json").unwrap();
    replay(
        "response",
        targets::response,
        &[&page, b"{\"items\": [{}]}", b"<html>"],
    );
}

#[test]
fn json() {
    replay(
        "json",
        targets::json,
        &[b"{\"a\": [1, 2.5e3, \"\\ud83d\\ude00\"]}", b"[1,]", b"-0"],
    );
}
