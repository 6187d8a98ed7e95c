use super::*;

fn err(src: &str) -> String {
    parse(src).unwrap_err().message
}

#[test]
fn refuses_what_toml_refuses() {
    assert!(err("a = 1\na = 2").contains("duplicate key"));
    assert!(err("[a]\n[a]").contains("defined twice"));
    assert!(err("a = {b = 1}\n[a]").contains("defined twice"));
    assert!(err("a = {b = 1}\n[a.c]").contains("inline table"));
    assert!(err("[[a]]\n[a]").contains("array of tables"));
    assert!(err("a = [1]\n[[a]]").contains("already defined"));
    assert!(err("a.b = 1\n[a]").contains("defined twice"));
    assert!(err("[a.b]\nc = 1\n[a]\nb.d = 2").contains("dotted keys"));
    assert!(err("a = \"x").contains("not closed"));
    assert!(err("a = x").contains("quoted"));
    assert!(err("a = 01").contains("not a valid value"));
    assert!(err("a = 1__0").contains("not a valid value"));
    assert!(err("a = \"\\q\"").contains("invalid escape"));
    assert!(err("a = 1 b = 2").contains("end of the line"));
    assert!(err("a = [1 2]").contains("`,` or `]`"));
    assert!(err("= 1").contains("expected a key"));
    assert!(err("[a\nb = 1").contains("`]`"));
    assert!(err("a = 1979-13-xx").contains("date"));
}

#[test]
fn reads_every_spelling() {
    // Not valid: an underscore right after the prefix.
    assert!(parse("a = 0x_1\n").is_err());
    let t = parse(concat!(
        "i = [+1, -2, 1_000, 0xff, 0o17, 0b101]\n",
        "f = [1.5, -0.25, 1e3, 6.02E+23, 1_0.0_1]\n",
        "s = [\"\\u00e9\\e\\x41\", 'C:\\\\x', \"\"\"\nab\\\n   c\"\"\", '''\nx''']\n",
        "d = [1979-05-27T07:32:00Z, 1979-05-27 07:32:00.5+01:00, 1979-05-27, 07:32:00]\n",
        "big = 9223372036854775808\nn = nan\nq = \"\"\"a\"\"\"\"\"\n",
        "t = {\n  x = 1,\n  y.z = 2,\n}\n",
    ))
    .unwrap();
    let get = |k: &str| &t.entries[t.position(k).unwrap()].node;
    let Node::Array { items, .. } = get("i") else {
        panic!()
    };
    let ints: Vec<_> = items
        .iter()
        .map(|n| match n {
            Node::Scalar(Scalar::Integer(i), _) => *i,
            _ => 0,
        })
        .collect();
    assert_eq!(ints, [1, -2, 1000, 255, 15, 5]);
    let Node::Array { items, .. } = get("s") else {
        panic!()
    };
    let strs: Vec<_> = items
        .iter()
        .map(|n| match n {
            Node::Scalar(Scalar::String(s), _) => s.clone(),
            _ => String::new(),
        })
        .collect();
    assert_eq!(strs, ["é\u{1b}A", "C:\\\\x", "abc", "x"]);
    assert!(matches!(
        get("big"),
        Node::Scalar(Scalar::Unrepresentable(_), _)
    ));
    assert!(matches!(get("q"), Node::Scalar(Scalar::String(s), _) if s == "a\"\""));
}
