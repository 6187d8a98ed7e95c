//! `framesmith lint` (issue 11): findings on the framework.js files admins already run,
//! hand-edited from Genesys' sample, in the one diagnostic shape (code, severity, message,
//! hint, line and column). The file is parsed by oxc, a real JavaScript parser, as an
//! ES2022 script, so a file that is not JavaScript is said to be so, at the parser's
//! position, before anything else is judged; the rules then walk its syntax tree, so they
//! judge what the code does rather than what its text happens to contain.
//!
//! Rules so far: `lint/syntax` and `lint/no-framework` here; `calls` (`lint/eval`,
//! `lint/post-message-target`, `lint/attributes-empty`), `client_ids` (`lint/client-id`),
//! `grant` (`lint/implicit-grant`), `scripts` (`lint/external-script`) and `token`
//! (`lint/token-exposure`). Native only for now (the CLI); the page will load it as a
//! module of its own.

mod calls;
mod client_ids;
mod grant;
mod scripts;
mod token;

use oxc_allocator::Allocator;
use oxc_ast::ast::{
    Argument, AssignmentExpression, AssignmentTarget, CallExpression, Expression, MemberExpression,
    ObjectExpression, ObjectPropertyKind, Program, VariableDeclarator,
};
use oxc_ast_visit::{Visit, walk};
use oxc_parser::Parser;
use oxc_span::SourceType;

use crate::diagnostic::{Code, Diagnostic, quote};
use crate::position::Index;

/// Syntax errors reported per file, at most: a broken file gives one or a few, not a
/// cascade of thousands.
const MAX_SYNTAX: usize = 5;

/// Every finding on `text`, a framework.js, in the order of the file.
pub fn lint(text: &str) -> Vec<Diagnostic> {
    let index = Index::new(text);
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, text, SourceType::script()).parse();
    let mut out = syntax(&parsed.diagnostics, &index);
    if parsed.panicked || !out.is_empty() {
        return out;
    }
    out.extend(framework(&parsed.program, &index));
    let mut calls = calls::Calls {
        index: &index,
        out: Vec::new(),
    };
    calls.visit_program(&parsed.program);
    out.extend(calls.out);
    let mut ids = client_ids::ClientIds {
        index: &index,
        out: Vec::new(),
    };
    ids.visit_program(&parsed.program);
    out.extend(ids.out);
    let mut grant = grant::Grant {
        index: &index,
        out: Vec::new(),
    };
    grant.visit_program(&parsed.program);
    out.extend(grant.out);
    let mut scripts = scripts::Scripts {
        index: &index,
        out: Vec::new(),
    };
    scripts.visit_program(&parsed.program);
    out.extend(scripts.out);
    let mut tokens = token::Tokens {
        index: &index,
        out: Vec::new(),
    };
    tokens.visit_program(&parsed.program);
    out.extend(tokens.out);
    out.sort_by_key(|d| (d.line, d.column));
    out
}

/// The syntax errors alone: what `framesmith import` refuses a file for.
pub fn syntax_errors(text: &str) -> Vec<Diagnostic> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, text, SourceType::script()).parse();
    syntax(&parsed.diagnostics, &Index::new(text))
}

fn at(index: &Index<'_>, offset: u32) -> (u32, u32) {
    index.line_col(offset as usize)
}

fn syntax(errors: &[oxc_diagnostics::OxcDiagnostic], index: &Index<'_>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    for e in errors.iter().take(MAX_SYNTAX) {
        let offset = e.labels.first().map_or(0, |l| l.offset());
        let (line, column) = at(index, offset);
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

/// What `window.Framework` is given, as the rule sees it.
#[derive(Default)]
struct Framework {
    /// An object with a `config`, or something that may be one (a variable, a call).
    given: bool,
    /// Where an object without `config` was given, for the message.
    without_config: Option<u32>,
}

impl Framework {
    /// `value` given to `window.Framework`.
    fn given(&mut self, value: &Expression<'_>) {
        match value.without_parentheses() {
            Expression::ObjectExpression(o) => self.object(o),
            // Another object built elsewhere: it cannot be told from here, so it counts.
            _ => self.given = true,
        }
    }

    fn object(&mut self, o: &ObjectExpression<'_>) {
        let has_config = o.properties.iter().any(|p| match p {
            ObjectPropertyKind::ObjectProperty(p) => {
                p.key.static_name().is_some_and(|n| n == "config")
            }
            // `...defaults` may bring it.
            ObjectPropertyKind::SpreadProperty(_) => true,
        });
        if has_config {
            self.given = true;
        } else if self.without_config.is_none() {
            self.without_config = Some(o.span.start);
        }
    }
}

/// `window.Framework` (also `self.`, `globalThis.`, and `["Framework"]`).
fn is_window_framework(m: &MemberExpression<'_>) -> bool {
    m.static_property_name() == Some("Framework")
        && matches!(m.object().without_parentheses(),
            Expression::Identifier(id) if matches!(id.name.as_str(), "window" | "self" | "globalThis"))
}

impl<'a> Visit<'a> for Framework {
    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        let target = match &it.left {
            AssignmentTarget::AssignmentTargetIdentifier(id) => id.name == "Framework",
            t => t.as_member_expression().is_some_and(is_window_framework),
        };
        if target {
            self.given(&it.right);
        }
        walk::walk_assignment_expression(self, it);
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        // `var Framework = {...}` in a script's top level is `window.Framework`.
        if it
            .id
            .get_identifier_name()
            .is_some_and(|n| n == "Framework")
            && let Some(init) = &it.init
        {
            self.given(init);
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        // Object.assign(window.Framework, {...}): each source object is given.
        let assign = it
            .callee
            .without_parentheses()
            .as_member_expression()
            .is_some_and(|m| {
                m.static_property_name() == Some("assign")
                    && matches!(m.object(), Expression::Identifier(id) if id.name == "Object")
            });
        let target = it
            .arguments
            .first()
            .and_then(Argument::as_expression)
            .and_then(|e| e.without_parentheses().as_member_expression())
            .is_some_and(is_window_framework);
        if assign && target {
            for arg in it.arguments.iter().skip(1) {
                match arg.as_expression() {
                    Some(e) => self.given(e),
                    None => self.given = true,
                }
            }
        }
        walk::walk_call_expression(self, it);
    }
}

fn framework(program: &Program<'_>, index: &Index<'_>) -> Vec<Diagnostic> {
    let mut f = Framework::default();
    f.visit_program(program);
    if f.given {
        return Vec::new();
    }
    let hint = "assign the configuration, as Genesys' sample does: window.Framework = { config: { name: \"...\", clientIds: {...}, settings: {...}, customInteractionAttributes: [...] }, ... }";
    let d = match f.without_config {
        Some(offset) => {
            let (line, column) = at(index, offset);
            Diagnostic::new(
                Code::LintNoFramework,
                "",
                format!(
                    "window.Framework is given an object without {}, so the Genesys client has no configuration to start from",
                    quote("config")
                ),
                hint,
            )
            .at(line, column)
        }
        None => Diagnostic::new(
            Code::LintNoFramework,
            "",
            "window.Framework is never given an object with a config, so the Genesys client has nothing to start from",
            hint,
        )
        .at(1, 1),
    };
    vec![d]
}
