//! JSONPath beyond the compliance suite: no input can panic the parser, the evaluator or
//! the regular expressions (in the browser a panic kills the module), and nesting is
//! bounded.

use framesmith::jsonpath::{Query, iregexp::Regex};
use proptest::prelude::*;
use serde_json::json;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn any_selector_parses_or_fails_cleanly(text in prop_oneof![
        any::<String>(),
        "\\$[\\[\\]?@.*:,'\"()!=<>&|a-z0-9 -]{0,40}",
    ]) {
        if let Ok(q) = Query::parse(&text) {
            let doc = json!({"a": [1, "x", {"b": [true, null]}], "c": {"d": 2.5}});
            let _ = q.select(&doc);
        }
    }

    #[test]
    fn any_pattern_parses_or_fails_cleanly(p in "[a-c()|*+?{}0-9,\\[\\]^$.\\\\-]{0,20}", t in "[a-c]{0,12}") {
        if let Ok(re) = Regex::parse(&p) {
            let _ = re.is_full_match(&t);
            let _ = re.is_found_in(&t);
        }
    }
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let parens = format!("$[?{}@.a{}]", "(".repeat(10_000), ")".repeat(10_000));
    assert!(
        Query::parse(&parens)
            .unwrap_err()
            .message
            .contains("nested too deeply")
    );
    let filters = format!("$[?@{}]", "[?@".repeat(10_000));
    assert!(Query::parse(&filters).is_err());
    assert!(Regex::parse(&"(".repeat(10_000)).is_err());
}

#[test]
fn paths_and_values_for_a_crm_response() {
    let doc = json!({"items": [
        {"id": "A1", "name": "Acme", "phones": ["+353 1 555 0100"]},
        {"id": "B2", "name": "O'Brien & Sons", "tier": "gold"}
    ], "next": "https://crm.example.com/accounts?page=2"});
    let q = Query::parse("$.items[?@.tier == 'gold'].name").unwrap();
    let nodes = q.select(&doc);
    assert_eq!(nodes.len(), 1);
    assert_eq!(nodes[0].path, "$['items'][1]['name']");
    assert_eq!(nodes[0].value, "O'Brien & Sons");
    let e = Query::parse("$.items[?@.tier = 'gold']").unwrap_err();
    assert!(e.offset > 10, "{e}");
}
