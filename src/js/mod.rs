//! The one JavaScript front end of framesmith: `framesmith lint` and `framesmith import`
//! read a framework.js through oxc, a real JavaScript parser, as an ES2022 script. A file
//! that is not JavaScript is said to be so at the parser's position; a file nested deeper
//! than any real one is refused before the parser recurses into it (`nesting`); object and
//! array literals are read into JSON values with the position of every key (`literal`);
//! what `window.Framework` is given is found by what the code does (`framework`); and a
//! file that breaks after its configuration is still read up to the break (`recover`).

pub mod framework;
pub mod literal;
pub mod nesting;
pub mod recover;

use oxc_allocator::Allocator;
use oxc_parser::{Parser, ParserReturn};
use oxc_span::SourceType;

use crate::base::position::Index;
use crate::diagnostic::{Code, Diagnostic};

/// Syntax errors reported per file, at most: a broken file gives one or a few, not a
/// cascade of thousands.
const MAX_SYNTAX: usize = 5;

/// A parsed script, or why it is not one (as `lint/syntax` findings).
pub fn parse<'a>(
    allocator: &'a Allocator,
    text: &'a str,
    index: &Index<'_>,
) -> Result<ParserReturn<'a>, Vec<Diagnostic>> {
    if let Some(offset) = nesting::too_deep(text) {
        let (line, column) = index.line_col(offset);
        return Err(vec![
            Diagnostic::new(
                Code::LintSyntax,
                "",
                format!(
                    "the code nests more than {} levels deep here (brackets, operators, functions within functions), deeper than any framework.js; it was not read",
                    nesting::MAX_NESTING
                ),
                "framework.js configures the Embeddable Framework: flatten this code, or keep generated data out of the file",
            )
            .at(line, column),
        ]);
    }
    let parsed = Parser::new(allocator, text, SourceType::script()).parse();
    let errors = syntax(&parsed.diagnostics, text, index);
    if !errors.is_empty() {
        return Err(errors);
    }
    if parsed.panicked {
        return Err(vec![
            Diagnostic::new(
                Code::LintSyntax,
                "",
                "not valid JavaScript: the parser stopped",
                "framework.js must be a valid JavaScript script (ES2022)",
            )
            .at(1, 1),
        ]);
    }
    Ok(parsed)
}

fn syntax(
    errors: &[oxc_diagnostics::OxcDiagnostic],
    text: &str,
    index: &Index<'_>,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    for e in errors.iter().take(MAX_SYNTAX) {
        let mut offset = e
            .labels
            .first()
            .map_or(0, |l| l.offset() as usize)
            .min(text.len());
        // The end of a file that ends a line is shown at the end of its last line, not on
        // a line after it that no editor shows.
        if offset == text.len() && offset > 0 {
            offset = text.trim_end_matches(['\n', '\r']).len();
        }
        let (line, column) = index.line_col(offset);
        if out
            .iter()
            .any(|d| d.line == Some(line) && d.column == Some(column))
        {
            continue;
        }
        let hint = match &e.help {
            Some(help) => {
                format!("{help}; framework.js must be a valid JavaScript script (ES2022)")
            }
            None => format!(
                "fix the code at line {line}, column {column}: framework.js must be a valid JavaScript script (ES2022), or the softphone stays blank"
            ),
        };
        out.push(
            Diagnostic::new(
                Code::LintSyntax,
                "",
                format!("not valid JavaScript: {}", e.message),
                hint,
            )
            .at(line, column),
        );
    }
    out
}
