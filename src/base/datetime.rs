//! The shape of TOML dates, times and date-times: the workspace reader (`standin::toml_read`)
//! types a value by it, and the data source (`datasource`) tells a date-time string from other
//! text by it, so both agree on what a date is.

use std::ops::Range;

/// Whether text is a TOML date, time or date-time that exists: the shape, and every field
/// in its range (no month 13, 30 February, hour 25 or offset +25:00).
pub fn datetime_shape(t: &str) -> bool {
    let b = t.as_bytes();
    let d = |r: Range<usize>| {
        b.get(r.clone())
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    // The number in two or four digits at `at` (already checked to be digits).
    let n = |at: usize, len: usize| {
        b[at..at + len]
            .iter()
            .fold(0u32, |acc, c| acc * 10 + u32::from(c - b'0'))
    };
    let time = |at: usize| -> Option<usize> {
        // HH:MM, optionally :SS and .fraction
        if !(d(at..at + 2) && b.get(at + 2) == Some(&b':') && d(at + 3..at + 5)) {
            return None;
        }
        if n(at, 2) > 23 || n(at + 3, 2) > 59 {
            return None;
        }
        let mut j = at + 5;
        if b.get(j) == Some(&b':') {
            // 60 is a leap second, which RFC 3339 allows.
            if !d(j + 1..j + 3) || n(j + 1, 2) > 60 {
                return None;
            }
            j += 3;
            if b.get(j) == Some(&b'.') {
                j += 1;
                let s = j;
                while b.get(j).is_some_and(u8::is_ascii_digit) {
                    j += 1;
                }
                if j == s {
                    return None;
                }
            }
        }
        Some(j)
    };
    let date = b.len() >= 10 && d(0..4) && b[4] == b'-' && d(5..7) && b[7] == b'-' && d(8..10);
    if !date {
        return time(0) == Some(b.len());
    }
    let (year, month, day) = (n(0, 4), n(5, 2), n(8, 2));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    if day == 0 || day > days {
        return false;
    }
    if b.len() == 10 {
        return true;
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return false;
    }
    let Some(j) = time(11) else { return false };
    match &t[j..] {
        "" | "Z" | "z" => true,
        off => {
            let o = off.as_bytes();
            o.len() == 6
                && matches!(o[0], b'+' | b'-')
                && o[1..3].iter().all(u8::is_ascii_digit)
                && o[3] == b':'
                && o[4..6].iter().all(u8::is_ascii_digit)
                && n(j + 1, 2) <= 23
                && n(j + 4, 2) <= 59
        }
    }
}
