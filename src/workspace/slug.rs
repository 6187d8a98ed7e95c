//! Output folder names for deployments: lower-case letters and digits (any script), with
//! runs of anything else turned into one `-`, and short enough for any file system.

/// The longest slug, in bytes: file systems refuse names past 255 bytes, and a path made of
/// a few such names past 4096.
pub const MAX_LEN: usize = 64;

/// The folder name for `name`. A longer one is cut and given a digest of the whole, so two
/// long names that differ only near the end still get different folders.
pub fn slug(name: &str) -> String {
    let full = full(name);
    if full.len() <= MAX_LEN {
        return full;
    }
    let digest = crate::standin::sha256::hex(full.as_bytes());
    let mut cut = MAX_LEN - 9;
    while !full.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}-{}", full[..cut].trim_end_matches('-'), &digest[..8])
}

fn full(name: &str) -> String {
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

/// A Terraform resource name: letters, digits and `_`, starting with a letter.
pub fn ident(name: &str) -> String {
    // The slug's dashes, like anything else not a letter or digit, become `_`.
    let s: String = slug(name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s
    } else {
        format!("r_{s}")
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

    #[test]
    fn long_names_are_cut_and_stay_distinct() {
        let a = slug(&format!("{}a", "é".repeat(200)));
        let b = slug(&format!("{}b", "é".repeat(200)));
        assert!(
            a.len() <= super::MAX_LEN && b.len() <= super::MAX_LEN,
            "{a} {b}"
        );
        assert_ne!(a, b);
        assert!(a.starts_with("éé"));
        let exact = "x".repeat(super::MAX_LEN);
        assert_eq!(slug(&exact), exact);
    }
}
