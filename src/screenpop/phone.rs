//! Callers' numbers as the screen pop searches for them: whatever the Genesys client hands
//! over (`tel:+353 1 555 0100`, `sip:015550100@host;user=phone`, `(01) 555-0100 ext. 12`)
//! becomes E.164 (`+35315550100`) with the deployment's default country, and then, for CRMs
//! that store numbers another way, the alternative formats. A national number with no
//! default country is refused, never guessed: silently adding `+1` pops the wrong record.

use crate::catalogue;

/// Why a number could not be normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneError {
    /// Nothing that looks like a phone number (letters, or too few digits).
    NotANumber,
    /// A national number and no (known) default country to read it in.
    NoCountry,
    /// More digits than E.164 allows (15), or fewer than any real number has.
    Length(usize),
}

impl std::fmt::Display for PhoneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PhoneError::NotANumber => f.write_str("the caller's number is not a phone number"),
            PhoneError::NoCountry => f.write_str(
                "the caller's number is national and the deployment has no default_country to read it in",
            ),
            PhoneError::Length(n) => write!(
                f,
                "the caller's number has {n} digits; an international number has 8 to 15"
            ),
        }
    }
}

/// The national trunk prefix dialled before an area code inside a country, which E.164
/// leaves out: `0` in most of the world, `1` in the North American plan, none where the
/// leading 0 is part of the number (Italy) or where there is none to drop.
fn trunk_prefix(country: &str, calling_code: &str) -> &'static str {
    match country {
        "IT" | "SM" | "VA" => "",
        "RU" | "KZ" | "BY" | "LT" => "8",
        "HU" => "06",
        "ES" | "PT" | "GR" | "DK" | "NO" | "IS" | "LU" | "MT" | "CY" | "EE" | "LV" | "SG"
        | "HK" | "MO" => "",
        _ if calling_code == "1" => "1",
        _ => "0",
    }
}

/// The international call prefix, which dialled numbers may carry instead of `+`.
fn international_prefix(calling_code: &str) -> &'static str {
    if calling_code == "1" { "011" } else { "00" }
}

/// The part of a `tel:` or `sip:` URI, or of dialled text, that is the number: no scheme,
/// no host, no URI parameters, no extension.
fn number_part(raw: &str) -> &str {
    let mut s = raw.trim();
    for scheme in ["tel:", "sip:", "sips:"] {
        if s.len() >= scheme.len() && s[..scheme.len()].eq_ignore_ascii_case(scheme) {
            s = &s[scheme.len()..];
            break;
        }
    }
    // sip:user@host — the user part; tel:...;ext=12 — before the parameters.
    let s = s.split(['@', ';']).next().unwrap_or("");
    // Extensions written after the number: "x12", "ext. 12", "#12".
    let lower_cut = s
        .char_indices()
        .find(|&(i, c)| {
            c == '#'
                || ((c == 'x' || c == 'X') && i > 0)
                || s[i..]
                    .get(..3)
                    .is_some_and(|w| w.eq_ignore_ascii_case("ext"))
        })
        .map_or(s.len(), |(i, _)| i);
    &s[..lower_cut]
}

/// `raw` as E.164 (`+` and 8 to 15 digits), reading a national number in `country` (an ISO
/// 3166-1 alpha-2 code).
pub fn e164(raw: &str, country: Option<&str>) -> Result<String, PhoneError> {
    let part = number_part(raw);
    // "+44 (0)20 ..." shows the trunk prefix for callers inside the country; it is not
    // dialled from abroad.
    let owned;
    let part = if part.contains("(0)") && (part.starts_with('+') || part.starts_with("00")) {
        owned = part.replace("(0)", "");
        owned.as_str()
    } else {
        part
    };
    let mut plus = false;
    let mut digits = String::with_capacity(part.len());
    for (i, c) in part.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 || digits.is_empty() && !plus => plus = true,
            ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' | '\t' => {}
            _ => return Err(PhoneError::NotANumber),
        }
    }
    if digits.len() < 3 {
        return Err(PhoneError::NotANumber);
    }
    let calling = country.and_then(|c| {
        let c = c.trim().to_ascii_uppercase();
        catalogue::calling_code(&c).map(|code| (c, code))
    });
    let international = if plus {
        digits
    } else if let Some(rest) = calling
        .as_ref()
        .and_then(|(_, code)| digits.strip_prefix(international_prefix(code)))
    {
        rest.to_string()
    } else if calling.is_none() && digits.starts_with("00") {
        digits[2..].to_string()
    } else {
        let Some((country, code)) = &calling else {
            return Err(PhoneError::NoCountry);
        };
        let trunk = trunk_prefix(country, code);
        let national = match digits.strip_prefix(trunk) {
            // A North American number dialled with its leading 1 has 11 digits.
            Some(rest) if *code == "1" => {
                if digits.len() == 11 {
                    rest
                } else {
                    &digits
                }
            }
            Some(rest) if !trunk.is_empty() => rest,
            _ => &digits,
        };
        format!("{code}{national}")
    };
    match international.len() {
        8..=15 => Ok(format!("+{international}")),
        n => Err(PhoneError::Length(n)),
    }
}

/// The forms a CRM may store a number in, tried in order after E.164 finds nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `+35315550100`
    E164,
    /// `35315550100`: E.164 without the plus.
    Digits,
    /// `015550100`: as dialled inside the country, with the trunk prefix.
    National,
    /// `15550100`: the national number without the trunk prefix.
    NationalDigits,
}

impl Format {
    pub fn parse(name: &str) -> Option<Format> {
        Some(match name {
            "e164" => Format::E164,
            "digits" => Format::Digits,
            "national" => Format::National,
            "national_digits" => Format::NationalDigits,
            _ => return None,
        })
    }

    pub const NAMES: &'static [&'static str] = &["e164", "digits", "national", "national_digits"];
}

/// An E.164 number in another format. National forms need the number to belong to
/// `country`; for a number from elsewhere they are None (a CRM keeps foreign numbers
/// international).
pub fn format(e164: &str, country: Option<&str>, format: Format) -> Option<String> {
    let digits = e164.strip_prefix('+')?;
    match format {
        Format::E164 => Some(e164.to_string()),
        Format::Digits => Some(digits.to_string()),
        Format::National | Format::NationalDigits => {
            let country = country?.trim().to_ascii_uppercase();
            let code = catalogue::calling_code(&country)?;
            let national = digits.strip_prefix(code)?;
            Some(if format == Format::National {
                format!("{}{national}", trunk_prefix(&country, code))
            } else {
                national.to_string()
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_what_the_client_hands_over() {
        let ok = |raw: &str, country: Option<&str>, want: &str| {
            assert_eq!(
                e164(raw, country).as_deref(),
                Ok(want),
                "{raw} in {country:?}"
            );
        };
        // Ireland
        ok("tel:+353 1 555 0100", Some("IE"), "+35315550100");
        ok("+353 (0)1 555 0100", Some("IE"), "+35315550100");
        ok("01 555 0100", Some("IE"), "+35315550100");
        ok("00353 1 555 0100", Some("IE"), "+35315550100");
        ok(
            "sip:015550100@ie.example.com;user=phone",
            Some("IE"),
            "+35315550100",
        );
        ok("087-123-4567 ext. 12", Some("ie"), "+353871234567");
        // United Kingdom
        ok("020 7946 0018", Some("GB"), "+442079460018");
        ok("tel:+44-20-7946-0018;ext=5", Some("GB"), "+442079460018");
        ok("07700 900123", Some("GB"), "+447700900123");
        // United States: trunk 1, international 011, never a silent +1
        ok("(202) 555-0143", Some("US"), "+12025550143");
        ok("1-202-555-0143", Some("US"), "+12025550143");
        ok("011 353 1 555 0100", Some("US"), "+35315550100");
        ok("+1 202 555 0143 x204", Some("US"), "+12025550143");
        // Germany and Australia
        ok("030 901820", Some("DE"), "+4930901820");
        ok("0049 30 901820", Some("DE"), "+4930901820");
        ok("(02) 9374 4000", Some("AU"), "+61293744000");
        ok("0412 345 678", Some("AU"), "+61412345678");
        // An international number needs no country.
        ok("+61 2 9374 4000", None, "+61293744000");
        ok("0044 20 7946 0018", None, "+442079460018");
        // Italy keeps its leading 0.
        ok("06 6982 1234", Some("IT"), "+390669821234");
    }

    #[test]
    fn refuses_rather_than_guesses() {
        assert_eq!(e164("202 555 0143", None), Err(PhoneError::NoCountry));
        assert_eq!(e164("202 555 0143", Some("ZZ")), Err(PhoneError::NoCountry));
        assert_eq!(e164("anonymous", Some("IE")), Err(PhoneError::NotANumber));
        assert_eq!(e164("", Some("IE")), Err(PhoneError::NotANumber));
        assert_eq!(e164("12", Some("IE")), Err(PhoneError::NotANumber));
        assert_eq!(e164("+1 2", Some("US")), Err(PhoneError::NotANumber));
        assert_eq!(e164("+1234567", None), Err(PhoneError::Length(7)));
        assert_eq!(
            e164(&format!("+{}", "1".repeat(16)), None),
            Err(PhoneError::Length(16))
        );
        assert_eq!(e164("+353+1", Some("IE")), Err(PhoneError::NotANumber));
        assert_eq!(e164("tel:", Some("IE")), Err(PhoneError::NotANumber));
    }

    #[test]
    fn alternative_formats() {
        let n = "+35315550100";
        let f = |fmt| format(n, Some("IE"), fmt);
        assert_eq!(f(Format::E164).as_deref(), Some(n));
        assert_eq!(f(Format::Digits).as_deref(), Some("35315550100"));
        assert_eq!(f(Format::National).as_deref(), Some("015550100"));
        assert_eq!(f(Format::NationalDigits).as_deref(), Some("15550100"));
        assert_eq!(
            format("+12025550143", Some("US"), Format::National).as_deref(),
            Some("12025550143")
        );
        // A foreign number has no national form here.
        assert_eq!(format("+442079460018", Some("IE"), Format::National), None);
        for name in Format::NAMES {
            assert!(Format::parse(name).is_some());
        }
    }
}
