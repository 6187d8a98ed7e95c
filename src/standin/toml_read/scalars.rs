//! Numbers: TOML's integers (decimal, hex, octal, binary, underscores between digits) and
//! floats, read exactly through `standin::float`.

use super::*;

pub(super) fn digits_with_underscores(s: &str, digit: fn(u8) -> bool) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && digit(b[0])
        && digit(b[b.len() - 1])
        && b.windows(2).all(|w| w[0] != b'_' || digit(w[1]))
        && b.iter().all(|&c| c == b'_' || digit(c))
}

/// An integer or float as TOML writes them.
pub(super) fn number(text: &str) -> Option<Scalar> {
    let unrepresentable = || Some(Scalar::Unrepresentable(text.to_string()));
    let (sign, body) = match text.as_bytes().first()? {
        b'+' => ("", &text[1..]),
        b'-' => ("-", &text[1..]),
        _ => ("", text),
    };
    if body == "inf" || body == "nan" {
        return unrepresentable();
    }
    for (prefix, radix, digit) in [
        ("0x", 16, u8::is_ascii_hexdigit as fn(&u8) -> bool),
        ("0o", 8, |c: &u8| (b'0'..=b'7').contains(c)),
        ("0b", 2, |c: &u8| matches!(c, b'0' | b'1')),
    ] {
        if let Some(d) = body.strip_prefix(prefix) {
            if !sign.is_empty() || text.starts_with('+') {
                return None;
            }
            let ok = {
                let b = d.as_bytes();
                !b.is_empty()
                    && digit(&b[0])
                    && digit(&b[b.len() - 1])
                    && b.windows(2).all(|w| w[0] != b'_' || digit(&w[1]))
                    && b.iter().all(|c| *c == b'_' || digit(c))
            };
            if !ok {
                return None;
            }
            let clean: String = d.chars().filter(|c| *c != '_').collect();
            return match i64::from_str_radix(&clean, radix) {
                Ok(n) => Some(Scalar::Integer(n)),
                Err(_) => unrepresentable(),
            };
        }
    }
    let digit = |c: u8| c.is_ascii_digit();
    // Split into integer part, fraction and exponent, each checked on its own.
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    if !digits_with_underscores(int, digit) || (int.len() > 1 && int.starts_with('0')) {
        return None;
    }
    if let Some(f) = frac
        && !digits_with_underscores(f, digit)
    {
        return None;
    }
    if let Some(e) = exponent {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        if !digits_with_underscores(e, digit) {
            return None;
        }
    }
    let clean: String = text.chars().filter(|c| *c != '_').collect();
    if frac.is_none() && exponent.is_none() {
        return match clean.parse::<i64>() {
            Ok(n) => Some(Scalar::Integer(n)),
            Err(_) => unrepresentable(),
        };
    }
    match crate::standin::float::parse(&clean) {
        Some(f) if f.is_finite() => Some(Scalar::Float(f)),
        // The syntax was checked above, so a number that does not read is out of range.
        _ => unrepresentable(),
    }
}
