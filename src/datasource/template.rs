//! `{name}` templates in a data source's `restEndpoint`, headers and body. A name is an
//! instance property (a uiDefinition setting) or a runtime input. In the URL a value is
//! percent-encoded as RFC 6570 simple expansion does (only unreserved characters stay
//! as they are), except a url-type setting that opens the template, which is the base and
//! goes in as written. Header values go in as written but may not break the line; body
//! values are escaped for a JSON string. So no value can change the request's shape.

use std::fmt::Write as _;

/// Where a value is placed, which decides how it is escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Url,
    Header,
    Body,
}

/// A named value for expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Var {
    pub value: String,
    /// A url-type setting: allowed, unencoded, as the base at the start of a URL.
    pub is_url: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpandError {
    /// `{name}` names nothing known; `nearest` is the closest known name.
    Unknown {
        name: String,
        nearest: Option<String>,
    },
    /// `{name}` is a name the data source knows (a runtime input such as `phone`) but no
    /// value was given for it.
    Missing { name: String },
    /// A header value would contain a line break.
    HeaderBreak { name: String },
    /// A URL path segment would be `.` or `..` (a record id of `..`): browsers resolve it,
    /// `%2E` included (WHATWG URL), so the value would change the URL's path.
    DotSegment { name: String, value: String },
}

impl std::fmt::Display for ExpandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExpandError::Unknown { name, nearest } => {
                write!(f, "unknown placeholder {{{name}}}")?;
                if let Some(n) = nearest {
                    write!(f, " (did you mean {{{n}}}?)")?;
                }
                Ok(())
            }
            ExpandError::Missing { name } => write!(
                f,
                "placeholder {{{name}}} has no value: give the input {name} a value"
            ),
            ExpandError::HeaderBreak { name } => {
                write!(
                    f,
                    "the value of {{{name}}} contains a line break, which a header cannot hold"
                )
            }
            ExpandError::DotSegment { name, value } => write!(
                f,
                "{{{name}}} is {}, which would move the URL up its path",
                crate::diagnostic::quote(value)
            ),
        }
    }
}

fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-'
}

/// The placeholder names a template uses, with their byte offsets, in order. A `{` that
/// does not open `{name}` is literal text (JSON bodies are full of them).
pub fn placeholders(template: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (at, _) in template.match_indices('{') {
        let after = &template[at + 1..];
        let len = after.find(|c: char| !name_char(c)).unwrap_or(after.len());
        if len > 0 && after[len..].starts_with('}') {
            out.push((after[..len].to_string(), at));
        }
    }
    out
}

/// RFC 3986 unreserved characters: what simple expansion leaves unencoded.
fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if unreserved(b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn json_escape(s: &str) -> String {
    let mut quoted = String::new();
    crate::standin::json::string(s, &mut quoted);
    quoted[1..quoted.len() - 1].to_string()
}

/// Expand `template` for `part`, looking names up with `lookup`.
pub fn expand(
    template: &str,
    part: Part,
    lookup: &dyn Fn(&str) -> Option<Var>,
    known: &dyn Fn() -> Vec<String>,
) -> Result<String, ExpandError> {
    let names = placeholders(template);
    let mut out = String::with_capacity(template.len() + 32);
    let mut last = 0;
    for (name, at) in names {
        out.push_str(&template[last..at]);
        let Some(var) = lookup(&name) else {
            let candidates = known();
            if candidates.contains(&name) {
                return Err(ExpandError::Missing { name });
            }
            return Err(ExpandError::Unknown {
                nearest: crate::base::suggest::nearest(
                    &name,
                    candidates.iter().map(String::as_str),
                )
                .map(str::to_string),
                name,
            });
        };
        // `.` and `..` as a whole path segment are not encodable: a browser reads `%2E` as a
        // dot too. Such a value is refused rather than let move the URL up its path.
        if part == Part::Url && matches!(var.value.as_str(), "." | "..") {
            let before = &template[..at];
            let after = &template[at + name.len() + 2..];
            // Bytes, not char patterns: the runtime module carries this.
            let in_path = !before.bytes().any(|b| b == b'?' || b == b'#');
            let starts = before.is_empty() || before.ends_with('/');
            let ends = after
                .as_bytes()
                .first()
                .is_none_or(|b| matches!(b, b'/' | b'?' | b'#'));
            if in_path && starts && ends {
                return Err(ExpandError::DotSegment {
                    name,
                    value: var.value,
                });
            }
        }
        let text = match part {
            Part::Url if at == 0 && var.is_url => var.value.clone(),
            Part::Url => percent_encode(&var.value),
            Part::Header => {
                if var.value.contains(['\r', '\n']) {
                    return Err(ExpandError::HeaderBreak { name });
                }
                var.value.clone()
            }
            Part::Body => json_escape(&var.value),
        };
        out.push_str(&text);
        last = at + name.len() + 2;
    }
    out.push_str(&template[last..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(name: &str) -> Option<Var> {
        match name {
            "crmBaseEndpoint" => Some(Var {
                value: "https://crm.example.com/v2".into(),
                is_url: true,
            }),
            "phone" => Some(Var {
                value: "+353 1 555 0100".into(),
                is_url: false,
            }),
            "evil" => Some(Var {
                value: "a&b=c/../\r\nX: y\"}".into(),
                is_url: false,
            }),
            _ => None,
        }
    }

    fn known() -> Vec<String> {
        vec!["crmBaseEndpoint".into(), "phone".into(), "evil".into()]
    }

    #[test]
    fn the_base_goes_in_as_written_and_values_are_encoded() {
        let url = expand(
            "{crmBaseEndpoint}/accounts?phone={phone}",
            Part::Url,
            &vars,
            &known,
        )
        .unwrap();
        assert_eq!(
            url,
            "https://crm.example.com/v2/accounts?phone=%2B353%201%20555%200100"
        );
        let url = expand("{crmBaseEndpoint}/x?q={evil}", Part::Url, &vars, &known).unwrap();
        assert_eq!(
            url,
            "https://crm.example.com/v2/x?q=a%26b%3Dc%2F..%2F%0D%0AX%3A%20y%22%7D"
        );
        // A url setting anywhere but the start is an ordinary value.
        let url = expand(
            "https://p.example.com/?next={crmBaseEndpoint}",
            Part::Url,
            &vars,
            &known,
        )
        .unwrap();
        assert_eq!(
            url,
            "https://p.example.com/?next=https%3A%2F%2Fcrm.example.com%2Fv2"
        );
    }

    #[test]
    fn headers_and_bodies_cannot_be_broken_out_of() {
        assert_eq!(
            expand("{evil}", Part::Header, &vars, &known),
            Err(ExpandError::HeaderBreak {
                name: "evil".into()
            })
        );
        // The JSON braces of the body itself are text, not placeholders.
        let body = expand("{\"q\": \"{evil}\"}", Part::Body, &vars, &known).unwrap();
        assert_eq!(body, "{\"q\": \"a&b=c/../\\r\\nX: y\\\"}\"}");
        let parsed: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(parsed["q"], "a&b=c/../\r\nX: y\"}");
    }

    #[test]
    fn unknown_names_say_the_nearest() {
        assert_eq!(
            expand("{crmBaseEndpont}/x", Part::Url, &vars, &known),
            Err(ExpandError::Unknown {
                name: "crmBaseEndpont".into(),
                nearest: Some("crmBaseEndpoint".into())
            })
        );
        assert_eq!(
            expand("{phone", Part::Url, &vars, &known).unwrap(),
            "{phone"
        );
    }

    #[test]
    fn a_known_name_without_a_value_is_missing_not_misspelt() {
        let none = |_: &str| None;
        let e = expand("{crmBaseEndpoint}?p={phone}", Part::Url, &none, &known).unwrap_err();
        assert_eq!(
            e,
            ExpandError::Missing {
                name: "crmBaseEndpoint".into()
            }
        );
        let text = expand("x={phone}", Part::Url, &none, &known)
            .unwrap_err()
            .to_string();
        assert!(!text.contains("did you mean"), "{text}");
        assert!(text.contains("{phone} has no value"), "{text}");
    }
}
