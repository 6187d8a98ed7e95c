use super::*;
use serde_json::json;

fn read(text: &str) -> Result<Value, Error> {
    parse(text.as_bytes(), 64)
}

#[test]
fn reads_what_json_holds() {
    assert_eq!(
        read(r#" {"a": [1, -2, 3.5, true, null, "x\u00e9\ud83d\ude00\n"], "b": {}} "#).unwrap(),
        json!({"a": [1, -2, 3.5, true, null, "xé😀\n"], "b": {}})
    );
    assert_eq!(read("3600.0").unwrap(), json!(3600));
    assert_eq!(read("-0").unwrap(), json!(0));
    assert_eq!(read("18446744073709551615").unwrap(), json!(u64::MAX));
    assert_eq!(
        read("18446744073709551616").unwrap(),
        json!(18446744073709551616.0)
    );
    assert_eq!(read(r#"{"k": 1, "k": 2}"#).unwrap(), json!({"k": 2}));
}

#[test]
fn refuses_what_json_does_not_hold_and_says_where() {
    for bad in [
        "",
        " ",
        "[1,]",
        "{\"a\":1,}",
        "01",
        "1.",
        ".5",
        "1e",
        "+1",
        "[1 2]",
        "{1:2}",
        "\"\\x\"",
        "\"\u{1}\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "nul",
        "[",
        "{\"a\"",
        "1e400",
        "[] []",
        "\"abc",
    ] {
        assert!(read(bad).is_err(), "{bad:?} was read");
    }
    let e = read("{\n  \"a\": [1,\n  2,]\n}").unwrap_err();
    assert_eq!(e.line_col(b"{\n  \"a\": [1,\n  2,]\n}"), (3, 5));
    let deep = "[".repeat(65) + &"]".repeat(65);
    assert!(read(&deep).unwrap_err().too_deep);
    assert!(read(&("[".repeat(64) + &"]".repeat(64))).is_ok());
}
