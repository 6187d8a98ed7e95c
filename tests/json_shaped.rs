//! Reading only what the queries reach (`json::parse_shaped`, the runtime's fast path for
//! CRM answers) against reading everything (`json::parse`): on any text both accept or both
//! refuse with the same error at the same place, and every query selects the same values in
//! the shaped document as in the whole one: the records, each record's mapped members, the
//! next-page link.

use framesmith::jsonpath::Query;
use framesmith::standin::json::{self, Shape};
use proptest::prelude::*;
use serde_json::Value;

const LIMIT: usize = 12;

/// Documents whose member names the queries below use, so that they select something.
fn document() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec!["a", "b", "id", "items", "next", "x\u{e9}", "q\""]),
                    inner
                ),
                0..5
            )
            .prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

/// A plain query: up to three steps, each a name or `[*]`.
fn query() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            ".a",
            ".b",
            ".id",
            ".items",
            ".next",
            "['x\u{e9}']",
            "['q\"']",
            "[*]",
        ]),
        0..4,
    )
    .prop_map(|steps| format!("${}", steps.concat()))
}

#[derive(Debug)]
struct Queries {
    records: Query,
    mapping: Vec<Query>,
    next: Query,
}

fn parse(q: &str) -> Query {
    Query::parse(q).unwrap()
}

/// The shape a data source with these paths reads a page in (as `datasource::Prepared`).
fn shape(q: &Queries) -> Shape {
    let mut mapping = Shape::nothing();
    for m in &q.mapping {
        framesmith::datasource::add_steps(&mut mapping, &m.plain_steps().unwrap(), &Shape::All);
    }
    let mut root = Shape::nothing();
    framesmith::datasource::add_steps(&mut root, &q.records.plain_steps().unwrap(), &mapping);
    framesmith::datasource::add_steps(&mut root, &q.next.plain_steps().unwrap(), &Shape::All);
    root
}

fn same_selections(text: &[u8], q: &Queries) -> Result<(), TestCaseError> {
    let whole = json::parse(text, LIMIT);
    let shaped = json::parse_shaped(text, LIMIT, &shape(q));
    match (&whole, &shaped) {
        (Ok(whole), Ok(shaped)) => {
            let (a, b) = (q.records.values(whole), q.records.values(shaped));
            prop_assert_eq!(a.len(), b.len(), "records");
            for (ra, rb) in a.iter().zip(&b) {
                for m in &q.mapping {
                    prop_assert_eq!(m.values(ra), m.values(rb));
                }
            }
            prop_assert_eq!(q.next.values(whole), q.next.values(shaped));
        }
        _ => prop_assert_eq!(
            whole.err(),
            shaped.err(),
            "{:?}",
            String::from_utf8_lossy(text)
        ),
    }
    Ok(())
}

fn queries() -> impl Strategy<Value = Queries> {
    (query(), prop::collection::vec(query(), 0..4), query()).prop_map(|(r, m, n)| Queries {
        records: parse(&r),
        mapping: m.iter().map(|m| parse(m)).collect(),
        next: parse(&n),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn the_queries_select_the_same_values(doc in document(), q in queries(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&doc) } else { serde_json::to_string(&doc) }.unwrap();
        same_selections(text.as_bytes(), &q)?;
    }

    #[test]
    fn broken_text_is_refused_alike(
        doc in document(),
        q in queries(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..4),
    ) {
        let mut text = serde_json::to_string(&doc).unwrap().into_bytes();
        for (at, byte, kind) in edits {
            if text.is_empty() {
                text.push(byte);
                continue;
            }
            let i = at.index(text.len());
            match kind {
                0 => text[i] = byte,
                1 => { text.remove(i); }
                _ => text.insert(i, byte),
            }
        }
        same_selections(&text, &q)?;
    }

    #[test]
    fn json_like_text_is_refused_alike(text in "[\\[\\]{}:,\" 0-9eE+.\\-tfnrul\\\\aid\u{e9}]{0,40}", q in queries()) {
        same_selections(text.as_bytes(), &q)?;
    }
}

#[test]
fn edge_cases_are_read_alike() {
    let q = Queries {
        records: parse("$.items[*]"),
        mapping: vec![parse("$.id"), parse("$.a.b")],
        next: parse("$.next"),
    };
    for text in [
        r#"{"items": [{"id": 1, "skip": [1e400]}]}"#,
        r#"{"items": [{"id": 1, "skip": "bad \u00"}]}"#,
        r#"{"items": [{"id": 1, "skip": "\ud800"}]}"#,
        r#"{"items": [{"id": 1, "skip": 01}]}"#,
        r#"{"items": [{"id": 1, "skip": -}]}"#,
        r#"{"items": [{"id": 1, "skip": [[[[[[[[[[[[[[1]]]]]]]]]]]]]]}]}"#,
        r#"{"items": {"z": {"id": 2}, "a": {"id": 1}}, "next": "n"}"#,
        r#"{"items": [1, "x", [], {"id": [1, {"id": 2}]}], "next": null}"#,
        r#"{"items": [{"id": 1}], "items": [{"id": 2}]}"#,
        r#"{"skip": 123456789012345678901234567890, "items": []}"#,
        "{\"skip\": \"\x01\", \"items\": []}",
        r#"[{"id": 1}]"#,
    ] {
        same_selections(text.as_bytes(), &q).unwrap();
    }
    // Whole parts too long for a float, skipped and read.
    for key in ["skip", "id"] {
        for tail in ["", ".5", "e1"] {
            let text = format!("{{\"items\": [{{\"{key}\": {}{tail}}}]}}", "9".repeat(400));
            same_selections(text.as_bytes(), &q).unwrap();
        }
    }
    // Not UTF-8 after escapes, in a member that is skipped and in one that is read.
    for key in ["skip", "id"] {
        let mut text = format!("{{\"items\": [{{\"id\": 1, \"{key}\": \"\\n\u{e9}\\t").into_bytes();
        text.extend_from_slice(b"\xff\"}]}");
        same_selections(&text, &q).unwrap();
    }
}

#[test]
fn a_large_answer_is_built_only_where_the_queries_reach() {
    let q = Queries {
        records: parse("$.items[*]"),
        mapping: vec![parse("$.id")],
        next: parse("$.next"),
    };
    let text = r#"{"total": 2, "items": [{"id": "A1", "notes": "long", "phones": ["+1"]}, {"id": "A2"}], "next": "p2"}"#;
    let shaped = json::parse_shaped(text.as_bytes(), LIMIT, &shape(&q)).unwrap();
    assert_eq!(
        shaped,
        serde_json::json!({"items": [{"id": "A1"}, {"id": "A2"}], "next": "p2"})
    );
}
