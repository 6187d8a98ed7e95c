//! Reading decimal numbers (TOML floats, numbers in a hand-edited framework.js, JSONPath
//! literals) exactly, without core's float parser: natively through serde_json (built with
//! `float_roundtrip`), in the browser module through JavaScript's `parseFloat`. Both round
//! correctly, so the CLI and the page read the same value; `str::parse::<f64>` would pull
//! core's parser and its 10 KB table of powers of five into the module.
//!
//! Stands in for `str::parse::<f64>` and serde_json's float writer in the wasm modules;
//! tests/standins.rs holds it to both on any double and any decimal text.

/// The value of a decimal number as TOML or JavaScript writes it (`1_000.5`, `+2e3`, `.5`,
/// `5.`, `inf`, `nan`), or None when it is not one.
pub fn parse(text: &str) -> Option<f64> {
    let t: String = text.chars().filter(|c| *c != '_').collect();
    let (sign, body) = match t.as_bytes().first() {
        Some(b'-') => (-1.0, &t[1..]),
        Some(b'+') => (1.0, &t[1..]),
        _ => (1.0, &t[..]),
    };
    match body {
        "inf" | "Infinity" => return Some(sign * f64::INFINITY),
        "nan" | "NaN" => return Some(f64::NAN),
        _ => {}
    }
    if !body.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    // JSON wants a digit on both sides of the point.
    let mut json = String::with_capacity(body.len() + 2);
    if body.starts_with('.') {
        json.push('0');
    }
    json.push_str(body);
    if json.ends_with('.') {
        json.push('0');
    }
    let json = json.replace(".e", ".0e").replace(".E", ".0E");
    decimal(&json).map(|v| sign * v)
}

/// A JSON-syntax decimal number, correctly rounded; one too large for a double is infinite,
/// as JavaScript reads it (serde_json refuses it instead).
#[cfg(not(target_arch = "wasm32"))]
fn decimal(json: &str) -> Option<f64> {
    syntax(json).then(|| serde_json::from_str::<f64>(json).unwrap_or(f64::INFINITY))
}

#[cfg(all(target_arch = "wasm32", not(feature = "runtime")))]
fn decimal(json: &str) -> Option<f64> {
    // parseFloat reads a prefix; the syntax is checked here first.
    syntax(json).then(|| js_sys::parse_float(json))
}

/// The runtime module has no wasm-bindgen glue: its host passes `parseFloat` in as
/// `env.parse_float`, reading the text from the module's memory.
#[cfg(all(target_arch = "wasm32", feature = "runtime"))]
fn decimal(json: &str) -> Option<f64> {
    syntax(json).then(|| host::parse_float(json))
}

/// A JSON number as text: integers in decimal, floats as their shortest round-trip digits.
/// In the runtime module a float is written by JavaScript's `String(x)` (its host passes it
/// in as `env.format_float`): serde_json's float writer and its table of powers of ten
/// were 10 KB of the module. The two may differ only in how they write an exponent (`1e21`,
/// `1e+21`); both read back to the same number.
pub fn number_text(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    #[cfg(all(target_arch = "wasm32", feature = "runtime"))]
    return host::format_float(n.as_f64().unwrap_or(0.0));
    #[cfg(not(all(target_arch = "wasm32", feature = "runtime")))]
    n.to_string()
}

/// Whether `json` is an unsigned JSON number.
fn syntax(json: &str) -> bool {
    let b = json.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let s = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > s
    };
    if !digits(&mut i) || (b[0] == b'0' && i > 1) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// The runtime module's two float imports (its host passes them in, `runtime/driver`).
#[cfg(all(target_arch = "wasm32", feature = "runtime"))]
mod host {
    #[link(wasm_import_module = "env")]
    unsafe extern "C" {
        /// JavaScript's `parseFloat` over UTF-8 text in this module's memory.
        #[link_name = "parse_float"]
        fn host_parse_float(ptr: *const u8, len: usize) -> f64;
    }

    #[link(wasm_import_module = "env")]
    unsafe extern "C" {
        /// JavaScript's `String(x)` written as UTF-8 at `out` (room for 32 bytes): its length.
        #[link_name = "format_float"]
        fn host_format_float(x: f64, out: *mut u8) -> usize;
    }

    pub fn format_float(x: f64) -> String {
        let mut buf = [0u8; 32];
        // SAFETY: the host writes at most 32 bytes at `out` and says how many.
        let len = unsafe { host_format_float(x, buf.as_mut_ptr()) }.min(32);
        String::from_utf8_lossy(&buf[..len]).into_owned()
    }

    pub fn parse_float(text: &str) -> f64 {
        // SAFETY: the host only reads `len` bytes at `ptr`, which `text` owns for the call.
        unsafe { host_parse_float(text.as_ptr(), text.len()) }
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_toml_and_javascript_spellings() {
        for (text, want) in [
            ("2.75", 2.75),
            ("-0.01", -0.01),
            ("+1.5", 1.5),
            ("1e3", 1000.0),
            ("6.02E+23", 6.02e23),
            ("1_000.5", 1000.5),
            (".5", 0.5),
            ("5.", 5.0),
            ("5.e2", 500.0),
            ("42", 42.0),
        ] {
            assert_eq!(parse(text), Some(want), "{text}");
        }
        assert_eq!(parse("inf"), Some(f64::INFINITY));
        assert_eq!(parse("-inf"), Some(f64::NEG_INFINITY));
        assert!(parse("nan").unwrap().is_nan());
        // Past the largest double, as JavaScript reads it.
        assert_eq!(parse("1e999"), Some(f64::INFINITY));
        assert_eq!(parse("-1e999"), Some(f64::NEG_INFINITY));
        assert_eq!(parse("1e-999"), Some(0.0));
        for bad in ["", "-", "abc", "1.2.3", "0x10", "1e", "--1"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn agrees_with_the_standard_parser() {
        for text in [
            "0.1",
            "123456.789",
            "1e-7",
            "2.5e10",
            "9007199254740993",
            "0.30000000000000004",
        ] {
            assert_eq!(parse(text), text.parse::<f64>().ok(), "{text}");
        }
    }
}
