//! The fast way of reading a response (`datasource::project`: records written straight from
//! the bytes when every path is plain) against the general way (the document built, each
//! JSONPath evaluated, each record mapped and written): on any data source and any text,
//! the same records text byte for byte, the same next page, or the same error. And the
//! fast way is the one taken on the responses CRMs send, or it would prove nothing.

use framesmith::datasource::{ExecError, Next, Prepared};
use framesmith::workspace::DataSource;
use proptest::prelude::*;
use serde_json::{Value, json};

/// A JSON text's tree, which (unlike `Value`) can name a member twice.
#[derive(Debug, Clone)]
enum Tree {
    Leaf(String),
    Array(Vec<Tree>),
    Object(Vec<(String, Tree)>),
}

impl Tree {
    fn write(&self, out: &mut String, pretty: bool) {
        let gap = if pretty { "\n  " } else { "" };
        match self {
            Tree::Leaf(t) => out.push_str(t),
            Tree::Array(items) => {
                out.push('[');
                for (i, t) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(gap);
                    t.write(out, pretty);
                }
                out.push(']');
            }
            Tree::Object(members) => {
                out.push('{');
                for (i, (k, t)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(gap);
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push_str(if pretty { ": " } else { ":" });
                    t.write(out, pretty);
                }
                out.push('}');
            }
        }
    }
}

const NAMES: &[&str] = &[
    "id", "name", "a", "b", "items", "next", "x\u{e9}", "q\"", "tier",
];

fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        Just("false".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        prop_oneof![
            Just("1.50"),
            Just("-0"),
            Just("1E2"),
            Just("2e-3"),
            Just("1e400"),
            Just("12345678901234567890")
        ]
        .prop_map(str::to_string),
        // Strings plain and escaped, dates, numbers and booleans as text.
        prop_oneof![
            Just("2024-05-01"),
            Just("2024-05-01T10:00:00Z"),
            Just("2024-13-99"),
            Just("42"),
            Just(" 7.5 "),
            Just("TRUE"),
            Just("x"),
        ]
        .prop_map(|s| format!("\"{s}\"")),
        "\\PC{0,6}".prop_map(|s| serde_json::to_string(&s).unwrap()),
        Just(r#""a\u0041\n\"""#.to_string()),
        Just(r#""2024\u002d05-01""#.to_string()),
    ]
}

fn tree() -> impl Strategy<Value = Tree> {
    leaf()
        .prop_map(Tree::Leaf)
        .prop_recursive(5, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Tree::Array),
                prop::collection::vec(
                    (prop::sample::select(NAMES).prop_map(str::to_string), inner),
                    0..6
                )
                .prop_map(Tree::Object),
            ]
        })
}

/// Responses shaped like a CRM's: the records in an array under `items`, each an object
/// using the names the data sources map, sometimes a name twice, a next link beside them.
fn response() -> impl Strategy<Value = Tree> {
    let record = prop::collection::vec(
        (
            prop::sample::select(NAMES).prop_map(str::to_string),
            prop_oneof![4 => leaf().prop_map(Tree::Leaf), 1 => tree()],
        ),
        0..7,
    )
    .prop_map(Tree::Object);
    let records = prop::collection::vec(prop_oneof![9 => record, 1 => tree()], 0..8);
    (
        records,
        prop::option::of(leaf()),
        prop::collection::vec(
            (prop::sample::select(NAMES).prop_map(str::to_string), tree()),
            0..3,
        ),
        any::<bool>(),
    )
        .prop_map(|(records, next, others, nested)| {
            let mut top = vec![("items".to_string(), Tree::Array(records))];
            if let Some(n) = next {
                top.push(("next".to_string(), Tree::Leaf(n)));
            }
            top.extend(others);
            let doc = Tree::Object(top);
            if nested {
                Tree::Object(vec![("a".to_string(), doc)])
            } else {
                doc
            }
        })
}

/// Data sources of every kind; with `plain`, only those the fast way reads, each output
/// with a default, so that most responses are read the fast way.
fn source(plain: bool) -> impl Strategy<Value = DataSource> {
    let paths = vec![
        "$.id",
        "$.name",
        "$.tier",
        "$.a.b",
        "$['q\"']",
        "$['x\u{e9}']",
        "$.missing",
        "$.items",
        "$.a",
        "$",
        "$..id",
        "$.b[0]",
    ];
    let path = prop::sample::select(if plain { paths[..9].to_vec() } else { paths });
    let kind = prop::sample::select(vec!["", "string", "number", "boolean", "datetime"]);
    let output = (
        prop::sample::select(vec!["accountId", "n", "a.b", "z", "\u{e9}"]),
        path,
        kind,
        prop::option::weighted(if plain { 0.99 } else { 0.5 }, leaf()),
    );
    let records = vec![
        "$.items[*]",
        "$.a.items[*]",
        "$[*]",
        "$.items",
        "$..items[*]",
        "$.items[*].a",
    ];
    (
        prop::sample::select(if plain {
            records[..3].to_vec()
        } else {
            records
        }),
        prop::collection::vec(output, 1..5),
        prop::sample::select(vec!["", "$.next", "$.a.next", "$.items", "$['next']"]),
        any::<bool>(),
    )
        .prop_map(|(records, outputs, next, cursor)| {
            let mut mapping = serde_json::Map::new();
            let mut types = serde_json::Map::new();
            let mut defaults = serde_json::Map::new();
            for (name, path, kind, default) in outputs {
                mapping.insert(name.into(), json!(path));
                if !kind.is_empty() {
                    types.insert(name.into(), json!(kind));
                }
                if let Some(d) = default {
                    defaults.insert(name.into(), serde_json::from_str(&d).unwrap_or(Value::Null));
                }
            }
            let pagination = match (next, cursor) {
                ("", _) => Value::Null,
                (p, false) => json!({"next": p}),
                (p, true) => json!({"cursor": p, "cursorParam": "c"}),
            };
            serde_json::from_value(json!({
                "name": "lookup",
                "records": records,
                "responseMapping": mapping,
                "types": types,
                "mappingDefaults": defaults,
                "pagination": pagination,
            }))
            .unwrap()
        })
}

type Read = Result<(String, usize, Option<Next>), String>;

fn general(p: &Prepared<'_>, body: &[u8]) -> Read {
    let page = p.page_general(200, body, 1).map_err(|e| e.to_string())?;
    let count = page.records.len();
    let records: Vec<Value> = page.records.into_iter().map(Value::Object).collect();
    let text = framesmith::standin::json::text(&Value::Array(records));
    Ok((text, count, page.next))
}

/// Both ways on one text: when the fast way reads it, what the general way reads.
fn same(ds: &DataSource, body: &[u8]) -> Result<bool, TestCaseError> {
    let p = Prepared::new(ds).unwrap();
    let fast: Read = match p.page_fast(200, body, 1) {
        Ok(None) => return Ok(false),
        Ok(Some(read)) => Ok(read),
        Err(e) => Err(e.to_string()),
    };
    prop_assert_eq!(
        &fast,
        &general(&p, body),
        "{}",
        String::from_utf8_lossy(body)
    );
    // What the runtime's answer and `page` give is the fast way's.
    prop_assert_eq!(
        p.page_text(200, body, 1).map_err(|e| e.to_string()),
        fast.clone()
    );
    // And the records the session reads (`page`): the fast way's text as the runtime's JSON
    // reader reads it (which holds a whole float as an integer: `-0.0` is 0).
    let page = p.page(200, body, 1).map_err(|e| e.to_string()).map(|pg| {
        let records: Vec<Value> = pg.records.into_iter().map(Value::Object).collect();
        (Value::Array(records), pg.next)
    });
    let read = fast.clone().map(|(text, _, next)| {
        (
            framesmith::standin::json::parse(text.as_bytes(), 64).unwrap(),
            next,
        )
    });
    prop_assert_eq!(page, read);
    Ok(true)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_fast_way_reads_what_the_general_way_reads(
        ds in source(false), doc in response(), pretty in any::<bool>()
    ) {
        let mut text = String::new();
        doc.write(&mut text, pretty);
        same(&ds, text.as_bytes())?;
    }

    #[test]
    fn plain_sources_read_alike(ds in source(true), doc in response(), pretty in any::<bool>()) {
        let mut text = String::new();
        doc.write(&mut text, pretty);
        same(&ds, text.as_bytes())?;
    }

    #[test]
    fn broken_text_is_left_to_the_general_way(
        ds in source(false), doc in response(), cut in any::<prop::sample::Index>(),
        byte in prop::sample::select(b"{}[]:,\"\\ 0e-xn\xff".to_vec())
    ) {
        let mut text = String::new();
        doc.write(&mut text, false);
        let mut bytes = text.into_bytes();
        let at = cut.index(bytes.len() + 1);
        if at < bytes.len() && at % 2 == 0 {
            bytes[at] = byte;
        } else {
            bytes.truncate(at);
        }
        // Whatever the fast way reads must be right; what it gives up the general way
        // answers (an error, named as the general way names it).
        same(&ds, &bytes)?;
        let p = Prepared::new(&ds).unwrap();
        let either = p.page_text(200, &bytes, 1).map_err(|e| e.to_string());
        let general = general(&p, &bytes);
        prop_assert_eq!(either, general);
    }
}

fn example_source() -> DataSource {
    serde_json::from_value(json!({
        "name": "lookup",
        "records": "$.items[*]",
        "responseMapping": {"accountId": "$.id", "accountName": "$.name",
            "accountTier": "$.tier", "lastInteractionDate": "$.last_contacted",
            "city": "$.address.city"},
        "types": {"lastInteractionDate": "datetime", "accountTier": "string"},
        "mappingDefaults": {"city": ""},
        "pagination": {"next": "$.links.next"},
    }))
    .unwrap()
}

#[test]
fn a_crm_answer_is_read_the_fast_way() {
    let ds = example_source();
    let mut items = Vec::new();
    for i in 0..300 {
        let mut r = json!({"id": format!("A{i}"), "name": format!("Account \u{e9} {i}"),
            "tier": if i % 2 == 0 { json!("gold") } else { json!(3) },
            "last_contacted": "2024-05-01T10:00:00Z", "notes": "x".repeat(40),
            "phones": ["+35315550100"], "n": i});
        if i % 3 == 0 {
            r["address"] = json!({"city": "Cork", "zip": null});
        }
        items.push(r);
    }
    let body = json!({"items": items, "links": {"next": "https://crm.example/p2"}}).to_string();
    assert!(same(&ds, body.as_bytes()).unwrap(), "the fast way gave up");
    let (text, count, next) = Prepared::new(&ds)
        .unwrap()
        .page_text(200, body.as_bytes(), 1)
        .unwrap();
    assert_eq!(count, 300);
    assert_eq!(next, Some(Next::Url("https://crm.example/p2".into())));
    assert!(text.starts_with(
        r#"[{"accountId":"A0","accountName":"Account é 0","accountTier":"gold","lastInteractionDate":"2024-05-01T10:00:00Z","city":"Cork"},{"accountId":"A1","accountName":"Account é 1","accountTier":"3","lastInteractionDate":"2024-05-01T10:00:00Z","city":""}"#
    ), "{}", &text[..300]);
}

#[test]
fn what_the_fast_way_leaves_is_answered_the_general_way() {
    let ds = example_source();
    let p = Prepared::new(&ds).unwrap();
    let rest = r#""name":"N","tier":"t","last_contacted":"2024-05-01""#;
    let cases: Vec<(String, Option<&str>)> = [
        // A member named twice on the way to the records: the last is read.
        (r#"{"items":[{"id":"A",R}],"items":[{"id":"B",R}]}"#, None),
        // Records in an object: its members' values, in its map's order.
        (r#"{"items":{"k2":{"id":"B",R},"k1":{"id":"A",R}}}"#, None),
        // A value to flatten.
        (r#"{"items":[{"id":{"x":1},R}]}"#, None),
        // A wrong type, a missing value without a default, a syntax error.
        (
            r#"{"items":[{"id":"A","name":"N","tier":"t","last_contacted":"soon"}]}"#,
            Some("lastInteractionDate"),
        ),
        (
            r#"{"items":[{"id":"A","name":"N","tier":"t"}]}"#,
            Some("lastInteractionDate"),
        ),
        (r#"{"items":[{"id":"A",}]}"#, Some("line 1 column 21")),
    ]
    .into_iter()
    .map(|(b, e)| (b.replace('R', rest), e))
    .collect();
    for (body, error) in &cases {
        let fast = p.page_fast(200, body.as_bytes(), 1).unwrap();
        assert!(fast.is_none(), "{body}: the fast way read it");
        match (p.page_text(200, body.as_bytes(), 1), *error) {
            (Err(e), Some(part)) => assert!(e.to_string().contains(part), "{body}: {e}"),
            (Ok(_), None) => {}
            (other, _) => panic!("{body}: {other:?}"),
        }
    }
    // Not read the fast way either: the general way's errors for status and size.
    let err = p.page_text(500, b"<html>down</html>", 1).unwrap_err();
    assert!(
        matches!(err, ExecError::Status { status: 500, .. }),
        "{err}"
    );
}
