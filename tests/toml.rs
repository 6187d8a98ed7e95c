//! framesmith's own TOML reader and writer (src/standin/toml_read.rs, toml_write.rs)
//! against the toml crate: the same values from every fixture and from generated
//! documents, the same documents refused (valid, mutated and damaged text alike), and
//! written TOML the crate reads back unchanged.

use framesmith::workspace::source::{self, Format};

// The accept/refuse comparison is the fuzz target's own (`toml_agrees`), so that what the
// fuzzer finds and what these cases find are judged by one rule.
#[path = "../fuzz/targets.rs"]
mod targets;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn ours(text: &str) -> Result<Value, String> {
    source::parse(text, Format::Toml)
        .map(|p| p.value)
        .map_err(|d| d.message)
}

fn theirs(text: &str) -> Result<Value, String> {
    toml::from_str::<Value>(text).map_err(|e| e.to_string())
}

fn toml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            toml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

#[test]
fn every_fixture_reads_as_the_toml_crate_reads_it() {
    let mut files = Vec::new();
    toml_files(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")),
        &mut files,
    );
    assert!(files.len() > 40);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        match (ours(&text), theirs(&text)) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", f.display()),
            (Err(_), Err(_)) => {}
            (a, b) => panic!("{}: ours {a:?}, toml crate {b:?}", f.display()),
        }
    }
}

#[test]
fn every_spelling_reads_the_same() {
    // Inside an inline table, line breaks and comments may stand around the `=`.
    for doc in ["d = {e\n= 2}", "d = {e =\n2}", "d = {e # c\n= 2, f\n=\n3}"] {
        assert_eq!(ours(doc).unwrap(), theirs(doc).unwrap(), "{doc:?}");
    }
    let doc = r#"
# comment
bare_key = "value" # trailing comment
"quoted key" = 'literal \n'
dotted.key.path = 1
"ünïcode" = "\u00e9 \U0001F600 \t \" \\"
ints = [+99, 42, 0, -17, 1_000, 0xDEAD_beef, 0o755, 0b1101]
floats = [1.0, 3.1415, -0.01, 5e+22, 1e06, -2E-2, 6.626e-34, 224_617.445_991]
bools = [true, false]
nested = [[1, 2], ["a", 'b'], [{x = 1}, {y = [2]}]]
multi = """
Roses are red
Violets are \
    blue"""
lit = '''
raw \n text'''
quotes = """two "" quotes""""
inline = { a = 1, b.c = "d" }
trailing = [
  1,
  2, # two
]

[table]
key = 1
[table.sub]
k = "v"

[[fruit]]
name = "apple"
[fruit.physical]
color = "red"
[[fruit.variety]]
name = "red delicious"
[[fruit]]
name = "banana"

[a.b.c]
d = 1
[a]
e = 2
"#;
    assert_eq!(ours(doc).unwrap(), theirs(doc).unwrap());
}

#[test]
fn refuses_what_the_toml_crate_refuses() {
    for bad in [
        "a = 1\na = 2",
        "[a]\n[a]",
        "a = {b = 1}\n[a]",
        "a = {b = 1}\n[a.c]",
        "[[a]]\n[a]",
        "a = [1]\n[[a]]",
        "a.b = 1\n[a]",
        "[a.b]\nc = 1\n[a]\nb.d = 2",
        "a = \"x",
        "a = x",
        "a = 01",
        "a = 1__0",
        "a = _1",
        "a = 1_",
        "a = 0x",
        "a = +0x1",
        "a = 1.",
        "a = .1",
        "a = 1e",
        "a = \"\\q\"",
        "a = 1 b = 2",
        "a = [1 2]",
        "= 1",
        "[a\nb = 1",
        "a = \"\u{1}\"",
        "a = '''x",
        "a.b = 1\na = 2",
        "a = {b = 1, b = 2}",
        "a = tru",
        "a = 1979-13-xx",
        "[]",
        "a = \"\"\"\u{0}\"\"\"",
        "d = {e\n.f = 2}",
        "d = {e.\nf = 2}",
    ] {
        assert!(ours(bad).is_err(), "we read {bad:?}");
        assert!(theirs(bad).is_err(), "the toml crate reads {bad:?}");
    }
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_][a-z0-9_-]{0,8}",
        any::<String>().prop_filter("keys are non-empty", |s| !s.is_empty()),
    ]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<String>().prop_map(Value::String),
        "[ -~\\t\\n\\r\"\\\\'#\\[\\]{}=.]{0,20}".prop_map(Value::String),
        any::<i64>().prop_map(|i| json!(i)),
        any::<bool>().prop_map(Value::Bool),
        (-1e6f64..1e6).prop_map(|f| json!(f)),
        prop_oneof![Just(1e300), Just(-2.5e-300), Just(0.1), Just(1e21)].prop_map(|f| json!(f)),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn document() -> impl Strategy<Value = Value> {
    prop::collection::vec((key(), value()), 0..6)
        .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// What we write, we and the toml crate both read back as the same value.
    #[test]
    fn written_toml_reads_back(doc in document()) {
        let text = source::write(&doc, Format::Toml).unwrap();
        prop_assert_eq!(ours(&text), Ok(doc.clone()), "{}", text);
        prop_assert_eq!(theirs(&text), Ok(doc), "{}", text);
    }

    /// What the toml crate writes, we read as it does.
    #[test]
    fn toml_crate_output_reads_the_same(doc in document()) {
        let text = toml::to_string(&doc).unwrap();
        prop_assert_eq!(ours(&text), theirs(&text), "{}", text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Any text at all: a value or a positioned syntax error, never a panic (in the browser
    /// a panic would kill the module).
    #[test]
    fn any_text_reads_or_fails_cleanly(text in prop_oneof![
        any::<String>(),
        "[\\[\\]{}=,.\"'#a-z0-9 \\t\\n:_+-]{0,60}",
    ]) {
        if let Err(d) = source::parse(&text, Format::Toml) {
            prop_assert!(d.line.is_some() && d.column.is_some());
        }
    }

    /// Valid documents cut short or with a byte changed: the same.
    #[test]
    fn damaged_documents_fail_cleanly(cut in 0usize..2000, at in 0usize..2000, c in any::<char>()) {
        let example = include_str!("fixtures/workspace.toml");
        let mut text: String = example.chars().take(cut).collect();
        if at < text.chars().count() {
            let (i, old) = text.char_indices().nth(at).unwrap();
            text.replace_range(i..i + old.len_utf8(), &c.to_string());
        }
        let _ = source::parse(&text, Format::Toml);
    }
}

/// Edits that make TOML-like text out of a valid document: a piece of TOML's syntax put
/// in, a span taken out, a line repeated.
fn edited(text: &str, edits: &[(usize, u8, usize)]) -> String {
    const SYNTAX: &[&str] = &[
        "[", "]", "{", "}", "=", ",", ".", "\"", "'", "#", "\n", " ", "\\", "[[", "]]", "\"\"\"",
        "'''", "0x", "1e", "_", "-", "+", ":", "T", "Z", "inf", "nan", "\t", "\r\n", "\u{0}",
    ];
    let mut out: Vec<char> = text.chars().collect();
    for &(at, what, len) in edits {
        let at = at % (out.len() + 1);
        match what % 3 {
            0 => {
                let s = SYNTAX[usize::from(what / 3) % SYNTAX.len()];
                out.splice(at..at, s.chars());
            }
            1 => {
                let end = (at + len % 12).min(out.len());
                out.drain(at..end);
            }
            _ => {
                let start = out[..at]
                    .iter()
                    .rposition(|c| *c == '\n')
                    .map_or(0, |i| i + 1);
                let end = out[at..]
                    .iter()
                    .position(|c| *c == '\n')
                    .map_or(out.len(), |i| at + i + 1);
                let line: Vec<char> = out[start..end].to_vec();
                out.splice(end..end, line);
            }
        }
    }
    out.into_iter().collect()
}

#[test]
fn the_comparison_sees_a_disagreement_and_passes_over_the_designed_ones() {
    assert_eq!(targets::toml_disagreement("a = "), None);
    assert_eq!(targets::toml_disagreement("a = 1"), None);
    // An integer past 64 bits is read, to be reported with its line; the crate refuses it.
    assert_eq!(targets::toml_disagreement("a = 18446744073709551616"), None);
    // Nesting past MAX_DEPTH is refused; the crate reads it.
    let deep = format!("a = {}1{}", "[".repeat(70), "]".repeat(70));
    assert_eq!(targets::toml_disagreement(&deep), None);
    // The edits change the text.
    assert_ne!(edited("a = 1\n", &[(2, 0, 0)]), "a = 1\n");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Mutated documents: framesmith's reader refuses exactly what the toml crate refuses
    /// (the fuzz target `toml_agrees` runs the same comparison on what it finds).
    #[test]
    fn mutated_text_is_refused_as_the_toml_crate_refuses_it(
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<usize>()), 1..4),
        which in 0usize..2,
    ) {
        let base = match which {
            0 => include_str!("fixtures/workspace.toml"),
            _ => "a = 1\n[b]\nc = \"x\"\nd = [1, {e = 2}]\n[[f]]\ng = 1979-05-27\nh = 'y'\n",
        };
        let text = edited(base, &edits);
        if let Some(why) = targets::toml_disagreement(&text) {
            prop_assert!(false, "{}\n{:?}", why, text);
        }
    }

    /// Valid documents cut short or with a character changed: the same.
    #[test]
    fn damaged_documents_are_refused_as_the_toml_crate_refuses_them(
        cut in 0usize..2000,
        at in 0usize..2000,
        c in any::<char>(),
    ) {
        let example = include_str!("fixtures/workspace.toml");
        let mut text: String = example.chars().take(cut).collect();
        if at < text.chars().count() {
            let (i, old) = text.char_indices().nth(at).unwrap();
            text.replace_range(i..i + old.len_utf8(), &c.to_string());
        }
        if let Some(why) = targets::toml_disagreement(&text) {
            prop_assert!(false, "{}\n{:?}", why, text);
        }
    }
}
