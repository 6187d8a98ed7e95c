//! framesmith's JSON reader (src/standin/json.rs) against serde_json's, which it replaces in the
//! runtime module: on any text, both accept or both refuse, and what they accept reads to
//! the same value (serde_json through `depth::value_within`, whose whole-float rule the
//! reader shares). Texts are generated JSON in varied layouts, then mutated byte by byte.

use proptest::prelude::*;
use serde_json::Value;

const LIMIT: usize = 50;

fn reference(text: &[u8]) -> Result<Value, ()> {
    let mut de = serde_json::Deserializer::from_slice(text);
    framesmith::base::depth::value_within(&mut de, LIMIT)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|_| ())
}

fn ours(text: &[u8]) -> Result<Value, ()> {
    framesmith::standin::json::parse(text, LIMIT).map_err(|_| ())
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(("\\PC{0,6}", inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn check(text: &[u8]) -> Result<(), TestCaseError> {
    let (a, b) = (ours(text), reference(text));
    prop_assert_eq!(&a, &b, "{:?}", String::from_utf8_lossy(text));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn generated_json_reads_the_same(v in json_value(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) }.unwrap();
        check(text.as_bytes())?;
        prop_assert!(ours(text.as_bytes()).is_ok());
    }

    #[test]
    fn mutated_json_is_accepted_or_refused_alike(
        v in json_value(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..4),
    ) {
        let mut text = serde_json::to_string(&v).unwrap().into_bytes();
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
        check(&text)?;
    }

    #[test]
    fn written_as_serde_json_writes(v in json_value()) {
        prop_assert_eq!(framesmith::standin::json::text(&v), serde_json::to_string(&v).unwrap());
    }

    #[test]
    fn every_character_is_written_as_serde_json_writes(s in any::<String>(), c in 0u32..0x80) {
        let s = format!("{s}{}", char::from_u32(c).unwrap());
        prop_assert_eq!(framesmith::standin::json::text(&Value::String(s.clone())), serde_json::to_string(&s).unwrap());
    }

    #[test]
    fn arbitrary_bytes_are_accepted_or_refused_alike(text in prop::collection::vec(any::<u8>(), 0..40)) {
        check(&text)?;
    }

    #[test]
    fn json_shaped_text_is_accepted_or_refused_alike(text in "[\\[\\]{}:,\" 0-9eE+.\\-tfnrul\\\\]{0,30}") {
        check(text.as_bytes())?;
    }
}

#[test]
fn edge_cases_read_the_same() {
    for text in [
        "0",
        "-0",
        "-0.0",
        "1e2",
        "1E+2",
        "1e-400",
        "1e400",
        "-1e400",
        "123456789012345678901234567890",
        "-9223372036854775808",
        "-9223372036854775809",
        "18446744073709551615",
        "18446744073709551616",
        "9007199254740993.0",
        "0.1",
        "2.5e-324",
        "1.7976931348623157e308",
        "\"\\ud83d\\ude00\"",
        "\"\\uD83D\"",
        "\"\\uDE00\"",
        "\"\\u00\"",
        "\" \\/ \"",
        "[1,2,]",
        "{\"a\":1,}",
        "\u{feff}1",
        " \t\n\r1\r\n",
        "\u{a0}1",
        "[\"\u{7f}\"]",
        "\"\u{1f}\"",
        "tru",
        "nulll",
        "{\"a\" 1}",
        "[][]",
    ] {
        let (a, b) = (ours(text.as_bytes()), reference(text.as_bytes()));
        assert_eq!(a, b, "{text:?}");
    }
    let deep = |n: usize| "[".repeat(n) + &"]".repeat(n);
    assert_eq!(ours(deep(50).as_bytes()), reference(deep(50).as_bytes()));
    assert!(ours(deep(51).as_bytes()).is_err() && reference(deep(51).as_bytes()).is_err());
}
