//! `lint/token-exposure`: the Genesys token that `PureCloud.User.getAuthToken` hands its
//! callback, written where others can read it: the console, a cookie, web storage, or a
//! message to another window. Judged inside the callback, on what is done with its
//! parameter.

use oxc_ast::ast::{
    Argument, AssignmentExpression, CallExpression, Expression, FormalParameters,
    IdentifierReference,
};
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;

use crate::base::position::Index;
use crate::diagnostic::{Code, Diagnostic};

pub struct Tokens<'i, 't> {
    pub index: &'i Index<'t>,
    pub out: Vec<Diagnostic>,
}

/// Whether an expression uses the variable `name`.
struct Mentions<'n> {
    name: &'n str,
    found: bool,
}

impl<'a> Visit<'a> for Mentions<'_> {
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        if it.name == self.name {
            self.found = true;
        }
    }
}

fn mentions(e: &Expression<'_>, name: &str) -> bool {
    let mut m = Mentions { name, found: false };
    m.visit_expression(e);
    m.found
}

/// What the callback does with its token parameter `name`.
struct Leaks<'n, 'i, 't> {
    name: &'n str,
    index: &'i Index<'t>,
    out: Vec<Diagnostic>,
}

impl Leaks<'_, '_, '_> {
    fn push(&mut self, offset: u32, where_: &str) {
        let (line, column) = self.index.line_col(offset as usize);
        self.out.push(
            Diagnostic::new(
                Code::LintTokenExposure,
                "",
                format!("the Genesys token from getAuthToken is written to {where_}, where other code can read it"),
                "use the token only for the request that needs it, and never log, store or post it",
            )
            .at(line, column),
        );
    }
}

fn member_of(e: &Expression<'_>) -> Option<(Option<String>, String)> {
    let m = e.without_parentheses().as_member_expression()?;
    let object = match m.object().without_parentheses() {
        Expression::Identifier(id) => Some(id.name.to_string()),
        other => other
            .as_member_expression()
            .and_then(|o| o.static_property_name())
            .map(str::to_string),
    };
    Some((object, m.static_property_name()?.to_string()))
}

impl<'a> Visit<'a> for Leaks<'_, '_, '_> {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let uses = it
            .arguments
            .iter()
            .filter_map(Argument::as_expression)
            .any(|a| mentions(a, self.name));
        if uses && let Some((object, method)) = member_of(&it.callee) {
            match (object.as_deref(), method.as_str()) {
                (Some("console"), _) => self.push(it.span.start, "the console"),
                (Some("localStorage" | "sessionStorage"), "setItem") => {
                    self.push(it.span.start, "web storage")
                }
                (_, "postMessage") => self.push(it.span.start, "another window"),
                _ => {}
            }
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        if mentions(&it.right, self.name)
            && let Some(m) = it.left.as_member_expression()
        {
            let object = match m.object().without_parentheses() {
                Expression::Identifier(id) => Some(id.name.as_str()),
                other => other
                    .as_member_expression()
                    .and_then(|o| o.static_property_name()),
            };
            match (object, m.static_property_name()) {
                (Some("document"), Some("cookie")) => self.push(it.span().start, "a cookie"),
                (Some("localStorage" | "sessionStorage"), _) => {
                    self.push(it.span().start, "web storage")
                }
                _ => {}
            }
        }
        walk::walk_assignment_expression(self, it);
    }
}

/// The first parameter's name.
fn first_param<'p>(params: &'p FormalParameters<'_>) -> Option<&'p str> {
    params
        .items
        .first()?
        .pattern
        .get_identifier_name()
        .map(|n| n.as_str())
}

impl<'a> Visit<'a> for Tokens<'_, '_> {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let is_get = member_of(&it.callee).is_some_and(|(_, m)| m == "getAuthToken");
        if is_get {
            for arg in &it.arguments {
                let Some(f) = arg.as_expression() else {
                    continue;
                };
                let name = match f.without_parentheses() {
                    Expression::FunctionExpression(func) => first_param(&func.params),
                    Expression::ArrowFunctionExpression(arrow) => first_param(&arrow.params),
                    _ => None,
                };
                if let Some(name) = name {
                    let mut leaks = Leaks {
                        name,
                        index: self.index,
                        out: Vec::new(),
                    };
                    leaks.visit_expression(f);
                    self.out.extend(leaks.out);
                }
            }
        }
        walk::walk_call_expression(self, it);
    }
}
