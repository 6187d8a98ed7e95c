//! Human-readable diagnostics in the manner of rustc: severity and code, the message, the
//! file position with the source line underneath, the JSON pointer and the hint.

use std::fmt::Write as _;

use framesmith::{Diagnostic, Severity};

pub fn human(file: &str, text: Option<&str>, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let _ = writeln!(
            out,
            "{}[{}]: {}",
            d.severity.as_str(),
            d.code.as_str(),
            d.message
        );
        match (d.line, d.column) {
            (Some(l), Some(c)) => {
                let _ = writeln!(out, "  --> {file}:{l}:{c}");
                if let Some(src) = text.and_then(|t| t.lines().nth(l as usize - 1)) {
                    let gutter = " ".repeat(l.to_string().len());
                    let caret_pad: String = src
                        .chars()
                        .take(c as usize - 1)
                        .map(|ch| if ch == '\t' { '\t' } else { ' ' })
                        .collect();
                    let _ = writeln!(out, "{gutter} |\n{l} | {src}\n{gutter} | {caret_pad}^");
                }
            }
            _ => {
                let _ = writeln!(out, "  --> {file}");
            }
        }
        if !d.path.is_empty() {
            let _ = writeln!(out, "   = at: {}", d.path);
        }
        let _ = writeln!(out, "   = help: {}\n", d.hint);
    }
    out.push_str(&summary(file, diags));
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

pub fn summary(file: &str, diags: &[Diagnostic]) -> String {
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let (e, w, i) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    if diags.is_empty() {
        return format!("{file}: no problems found\n");
    }
    let mut parts = vec![plural(e, "error"), plural(w, "warning")];
    if i > 0 {
        parts.push(plural(i, "note"));
    }
    format!("{file}: {}\n", parts.join(", "))
}
