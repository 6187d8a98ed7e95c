//! Output folder names for deployments: lower-case letters and digits (any script), with
//! runs of anything else turned into one `-`.

pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        "deployment".into()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs() {
        assert_eq!(slug("Acme Dynamics"), "acme-dynamics");
        assert_eq!(slug("O'Brien \"Prod\""), "o-brien-prod");
        assert_eq!(slug("  --Zürich 2--"), "zürich-2");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("***"), "deployment");
    }
}
