//! `lint/external-script`: a framework.js that loads code from elsewhere at run time, which
//! Genesys forbids (the file must hold all its code): a script element it creates,
//! `import()`, `importScripts`, jQuery's `getScript`, `require` of a URL, or markup with a
//! script tag written into the page. Judged on what the code does: a string that merely
//! names a `.js` file (a log message, a label) is not loading anything.

use oxc_ast::ast::{Argument, CallExpression, Expression, ImportExpression};
use oxc_ast_visit::{Visit, walk};

use crate::base::position::Index;
use crate::diagnostic::{Code, Diagnostic, quote};

pub struct Scripts<'i, 't> {
    pub index: &'i Index<'t>,
    pub out: Vec<Diagnostic>,
}

const HINT: &str = "put the code in framework.js itself: Genesys loads no script a framework.js asks for, and code from elsewhere runs with the agent's session";

impl Scripts<'_, '_> {
    fn push(&mut self, offset: u32, what: String) {
        let (line, column) = self.index.line_col(offset as usize);
        self.out.push(
            Diagnostic::new(
                Code::LintExternalScript,
                "",
                format!("{what}: framework.js loads code from elsewhere at run time"),
                HINT,
            )
            .at(line, column),
        );
    }
}

fn text<'e>(e: Option<&'e Expression<'_>>) -> Option<&'e str> {
    match e?.without_parentheses() {
        Expression::StringLiteral(s) => Some(s.value.as_str()),
        _ => None,
    }
}

/// The called function's name, and the name of what it is called on (`$.getScript`).
fn callee<'e>(e: &'e Expression<'_>) -> Option<(Option<&'e str>, &'e str)> {
    match e.without_parentheses() {
        Expression::Identifier(id) => Some((None, id.name.as_str())),
        other => {
            let m = other.as_member_expression()?;
            let object = match m.object().without_parentheses() {
                Expression::Identifier(id) => Some(id.name.as_str()),
                _ => None,
            };
            Some((object, m.static_property_name()?))
        }
    }
}

impl<'a> Visit<'a> for Scripts<'_, '_> {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let first = text(it.arguments.first().and_then(Argument::as_expression));
        match callee(&it.callee) {
            Some((_, "createElement"))
                if first.is_some_and(|t| t.eq_ignore_ascii_case("script")) =>
            {
                self.push(it.span.start, "a script element is created".into())
            }
            Some((None, "importScripts")) => self.push(
                it.span.start,
                format!("{} is called", quote("importScripts")),
            ),
            Some((Some("$" | "jQuery"), "getScript")) => {
                self.push(it.span.start, format!("{} is called", quote("getScript")))
            }
            Some((None, "require"))
                if first.is_some_and(|t| {
                    t.starts_with("http:") || t.starts_with("https:") || t.starts_with("//")
                }) =>
            {
                self.push(it.span.start, format!("{} of a URL", quote("require")))
            }
            Some((Some("document"), "write" | "writeln"))
                if first.is_some_and(|t| t.to_ascii_lowercase().contains("<script")) =>
            {
                self.push(
                    it.span.start,
                    "a script tag is written into the page".into(),
                )
            }
            _ => {}
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_import_expression(&mut self, it: &ImportExpression<'a>) {
        self.push(it.span.start, format!("{} is called", quote("import()")));
        walk::walk_import_expression(self, it);
    }
}
