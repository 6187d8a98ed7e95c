//! Two stand-ins held to what they stand in for: `standin::strmap` to `BTreeMap<String, _>`
//! on any sequence of inserts and lookups, and `standin::float` to Rust's own float parser
//! and to serde_json's number writer on any number TOML or JavaScript may write.

use std::collections::BTreeMap;

use framesmith::standin::float;
use framesmith::standin::strmap::StrMap;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Step {
    Insert(String, u32),
    Get(String),
}

fn step() -> impl Strategy<Value = Step> {
    // Few distinct keys, so that inserts replace and lookups hit.
    let key = "[a-c]{0,3}|é|東京";
    prop_oneof![
        (key, any::<u32>()).prop_map(|(k, v)| Step::Insert(k, v)),
        key.prop_map(Step::Get),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn strmap_answers_as_a_btreemap(steps in prop::collection::vec(step(), 0..200)) {
        let mut ours = StrMap::new();
        let mut theirs = BTreeMap::new();
        for s in steps {
            match s {
                Step::Insert(k, v) => {
                    prop_assert_eq!(ours.insert(k.clone(), v), theirs.insert(k, v));
                }
                Step::Get(k) => {
                    prop_assert_eq!(ours.get(&k), theirs.get(&k));
                    prop_assert_eq!(ours.contains_key(&k), theirs.contains_key(&k));
                }
            }
            prop_assert_eq!(ours.len(), theirs.len());
            prop_assert_eq!(ours.is_empty(), theirs.is_empty());
        }
    }

    /// Any finite double, written the ways JSON, TOML and JavaScript write numbers, reads
    /// back as `str::parse` reads it: the same bits.
    #[test]
    fn float_reads_as_rust_reads(bits in any::<u64>()) {
        let x = f64::from_bits(bits);
        prop_assume!(x.is_finite());
        for text in [format!("{x}"), format!("{x:e}"), format!("{x:E}"), format!("{x:.3}")] {
            let want: f64 = text.parse().unwrap();
            prop_assert_eq!(float::parse(&text).map(f64::to_bits), Some(want.to_bits()), "{}", text);
        }
    }

    /// Decimal text of any length and exponent, including past a double's range (a
    /// leading zero is not a number in TOML, JSON or a framework.js literal).
    #[test]
    fn decimal_text_reads_as_rust_reads(text in "[+-]?(0|[1-9][0-9]{0,29})(\\.[0-9]{1,30})?([eE][+-]?[0-9]{1,3})?") {
        let want: f64 = text.parse().unwrap();
        prop_assert_eq!(float::parse(&text).map(f64::to_bits), Some(want.to_bits()), "{}", text);
    }

    #[test]
    fn number_text_writes_as_serde_json_writes(bits in any::<u64>()) {
        let x = f64::from_bits(bits);
        prop_assume!(x.is_finite());
        let n = serde_json::Number::from_f64(x).unwrap();
        prop_assert_eq!(float::number_text(&n), serde_json::to_string(&n).unwrap());
    }
}

#[test]
fn toml_and_javascript_spellings_read() {
    for (text, want) in [
        ("1_000.5", 1000.5),
        ("+2e3", 2000.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("-0.0", -0.0),
        ("inf", f64::INFINITY),
        ("-Infinity", f64::NEG_INFINITY),
        ("1e400", f64::INFINITY),
    ] {
        assert_eq!(
            float::parse(text).map(f64::to_bits),
            Some(want.to_bits()),
            "{text}"
        );
    }
    assert!(float::parse("nan").unwrap().is_nan());
    for bad in ["", "00", "e5", "1e", "0x10", "1.2.3", "--1", "1 2"] {
        assert_eq!(float::parse(bad), None, "{bad}");
    }
}
