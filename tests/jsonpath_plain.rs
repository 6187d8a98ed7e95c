//! The plain JSONPath reader (`jsonpath::plain`, all the runtime module most deployments
//! carry knows of JSONPath) against the full RFC 9535 parser and evaluator: wherever the
//! plain reader accepts a query, the full parser accepts it with the same steps and the two
//! select the same values; wherever the full parse is plain, the plain reader accepts it
//! (or the renderer would carry the full module for nothing, and the page's preview and
//! framework.js would disagree). On the Compliance Test Suite's queries and on generated
//! ones.

use framesmith::jsonpath::plain::{self, PlainStep};
use framesmith::jsonpath::{Query, Step};
use proptest::prelude::*;
use serde_json::{Value, json};

fn full_steps(q: &Query) -> Option<Vec<PlainStep>> {
    q.plain_steps().map(|steps| {
        steps
            .into_iter()
            .map(|s| match s {
                Step::Name(n) => PlainStep::Name(n.to_string()),
                Step::Each => PlainStep::Each,
            })
            .collect()
    })
}

/// The two agree on `text`, and select the same values in `doc`.
fn agree(text: &str, doc: &Value) -> Result<(), String> {
    let full = Query::parse(text);
    match (plain::parse(text), &full) {
        (Ok(steps), Ok(q)) => {
            if full_steps(q).as_ref() != Some(&steps) {
                return Err(format!(
                    "{text:?}: plain {steps:?}, full {:?}",
                    full_steps(q)
                ));
            }
            let (a, b) = (plain::values(&steps, doc), q.values(doc));
            if a != b {
                return Err(format!("{text:?} selects {a:?} plainly, {b:?} fully"));
            }
        }
        (Ok(steps), Err(e)) => {
            return Err(format!(
                "{text:?}: plain reads {steps:?}, full refuses: {e}"
            ));
        }
        (Err(e), Ok(q)) if full_steps(q).is_some() => {
            return Err(format!(
                "{text:?} is plain, and the plain reader refuses it: {e}"
            ));
        }
        (Err(_), _) => {}
    }
    Ok(())
}

#[test]
fn the_compliance_suite_queries_agree() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/reference/jsonpath-cts/cts.json"
    );
    let cts: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut plain_cases = 0;
    let mut failures = Vec::new();
    for case in cts["tests"].as_array().unwrap() {
        let Some(selector) = case["selector"].as_str() else {
            continue;
        };
        if plain::is_plain(selector) {
            plain_cases += 1;
        }
        if let Err(e) = agree(selector, &case["document"]) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    // The suite has many plain queries (names, wildcards, quoting, escapes, blank space):
    // if the reader refused them all, the agreement above would prove little.
    assert!(plain_cases > 50, "{plain_cases} plain cases");
}

#[test]
fn plain_queries_read_as_written() {
    let doc = json!({"a": {"b": [1, {"c": 2}]}, "q'\"": 3, "\u{e9}": 4, "_x1": 5});
    for (text, steps) in [
        ("$", vec![]),
        (
            "$.a.b",
            vec![PlainStep::Name("a".into()), PlainStep::Name("b".into())],
        ),
        (
            "$.a.b[*]",
            vec![
                PlainStep::Name("a".into()),
                PlainStep::Name("b".into()),
                PlainStep::Each,
            ],
        ),
        ("$['q\\'\"']", vec![PlainStep::Name("q'\"".into())]),
        ("$[\"q'\\\"\"]", vec![PlainStep::Name("q'\"".into())]),
        ("$.\u{e9}", vec![PlainStep::Name("\u{e9}".into())]),
        (
            "$[ '\\u00e9' ] .*",
            vec![PlainStep::Name("\u{e9}".into()), PlainStep::Each],
        ),
        ("$._x1", vec![PlainStep::Name("_x1".into())]),
    ] {
        assert_eq!(plain::parse(text), Ok(steps), "{text}");
        agree(text, &doc).unwrap();
    }
    for text in [
        "$..a",
        "$.a[0]",
        "$[?@.a]",
        "$['a','b']",
        "$.1a",
        "$.a.",
        "$ ",
        "a",
        "$[*",
        "$['\\x']",
    ] {
        assert!(plain::parse(text).is_err(), "{text}");
        agree(text, &doc).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn any_text_is_read_alike(text in "\\$[.\\[\\]*'\" \\\\a-c_0-9u\u{e9}\t?@()=,:-]{0,12}") {
        let doc = json!({"a": {"b": [1, {"c": 2}], "c": null}, "b": [{"a": 1}, {"a": 2}], "\u{e9}": 4});
        prop_assert!(agree(&text, &doc).is_ok(), "{}", agree(&text, &doc).unwrap_err());
    }

    #[test]
    fn plain_queries_select_alike(
        steps in prop::collection::vec(prop_oneof![
            Just(".a".to_string()), Just(".b".to_string()), Just(".c".to_string()),
            Just("[*]".to_string()), Just(".*".to_string()), Just("['a']".to_string()),
            Just("[ \"b\" ]".to_string()), Just(" .a".to_string()), Just("['\\u0061']".to_string()),
        ], 0..5)
    ) {
        let text = format!("${}", steps.concat());
        let doc = json!({"a": {"a": [1, {"b": 2}], "b": {"c": 3}}, "b": [{"a": 1}, {"b": [2, 3]}], "c": "x"});
        prop_assert!(plain::is_plain(&text), "{}", text);
        prop_assert!(agree(&text, &doc).is_ok(), "{}", agree(&text, &doc).unwrap_err());
    }
}
