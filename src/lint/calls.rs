//! Rules judged on single expressions of a framework.js: `eval` and its kin
//! (`lint/eval`), where `postMessage` may send (`lint/post-message-target`), and an empty
//! `customInteractionAttributes` (`lint/attributes-empty`). Each looks at what the code
//! does (a call, a property of an object literal), never at what a string contains.

use oxc_ast::ast::{
    Argument, CallExpression, Expression, NewExpression, ObjectProperty, StringLiteral,
};
use oxc_ast_visit::{Visit, walk};

use crate::base::position::Index;
use crate::diagnostic::{Code, Diagnostic, quote};

pub struct Calls<'i, 't> {
    pub index: &'i Index<'t>,
    pub out: Vec<Diagnostic>,
}

impl Calls<'_, '_> {
    fn push(&mut self, code: Code, offset: u32, message: String, hint: &str) {
        let (line, column) = self.index.line_col(offset as usize);
        self.out
            .push(Diagnostic::new(code, "", message, hint).at(line, column));
    }
}

/// `name` or `window.name` (also `self.`, `globalThis.`).
fn global<'e>(e: &'e Expression<'_>) -> Option<&'e str> {
    match e.without_parentheses() {
        Expression::Identifier(id) => Some(id.name.as_str()),
        other => {
            let m = other.as_member_expression()?;
            let Expression::Identifier(obj) = m.object().without_parentheses() else {
                return None;
            };
            matches!(obj.name.as_str(), "window" | "self" | "globalThis")
                .then(|| m.static_property_name())
                .flatten()
        }
    }
}

/// Text made at run time from a string: a literal, a template, or `+` with a string.
fn is_code_text(e: &Expression<'_>) -> bool {
    match e.without_parentheses() {
        Expression::StringLiteral(_) | Expression::TemplateLiteral(_) => true,
        Expression::BinaryExpression(b) => is_code_text(&b.left) || is_code_text(&b.right),
        _ => false,
    }
}

/// Windows a framework.js posts to: its parent, top, opener, an iframe's window. Workers,
/// ports and channels take no target origin.
fn is_window(e: &Expression<'_>) -> bool {
    if let Some(name) = global(e) {
        return matches!(name, "parent" | "top" | "opener" | "window");
    }
    e.without_parentheses()
        .as_member_expression()
        .and_then(|m| m.static_property_name())
        .is_some_and(|p| p == "contentWindow")
}

/// What is wrong with `target` as a postMessage target origin, if anything.
fn target_fault(target: &StringLiteral<'_>) -> Option<(&'static str, &'static str)> {
    let t = target.value.as_str();
    if t == "*" {
        return Some((
            "sends to any origin (\"*\"): whatever page holds the softphone reads the call",
            "write the CRM page's exact origin, such as \"https://acme.crm4.dynamics.com\"",
        ));
    }
    let Some(url) = crate::base::url::split(t) else {
        return Some((
            "is not an origin",
            "write the CRM page's exact origin, such as \"https://acme.crm4.dynamics.com\"",
        ));
    };
    if url.scheme != "https" {
        return Some((
            "is not https: the call goes to a page anyone on the network can read",
            "serve the CRM page over https and write its https origin",
        ));
    }
    None
}

/// A target that works but says more than browsers use: they send to its origin alone.
fn not_exact(target: &StringLiteral<'_>) -> Option<String> {
    let url = crate::base::url::split(target.value.as_str())?;
    let origin = url.origin();
    (url.scheme == "https" && origin != target.value.as_str()).then_some(origin)
}

impl<'a> Visit<'a> for Calls<'_, '_> {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let callee = global(&it.callee);
        let first = it.arguments.first().and_then(Argument::as_expression);
        match callee {
            Some("eval") => self.push(
                Code::LintEval,
                it.span.start,
                format!("{} runs text as code", quote("eval")),
                "call the function you mean directly; text that reaches eval can be made to run anything with the agent's session",
            ),
            Some(name @ ("setTimeout" | "setInterval")) if first.is_some_and(is_code_text) => {
                self.push(
                    Code::LintEval,
                    it.span.start,
                    format!("{} is given text to run as code", quote(name)),
                    "pass a function: setTimeout(function () { ... }, ms)",
                )
            }
            _ => {}
        }
        let post = it
            .callee
            .without_parentheses()
            .as_member_expression()
            .filter(|m| m.static_property_name() == Some("postMessage"));
        if let Some(m) = post {
            match it.arguments.get(1).and_then(Argument::as_expression) {
                None if is_window(m.object()) => self.push(
                    Code::LintPostMessageTarget,
                    it.span.start,
                    "postMessage to a window without a target origin".into(),
                    "give the CRM page's exact origin as the second argument, such as \"https://acme.crm4.dynamics.com\"",
                ),
                Some(Expression::StringLiteral(target)) => {
                    if let Some((what, hint)) = target_fault(target) {
                        self.push(
                            Code::LintPostMessageTarget,
                            target.span.start,
                            format!("postMessage target {} {what}", quote(&target.value)),
                            hint,
                        );
                    } else if let Some(origin) = not_exact(target) {
                        self.push(
                            Code::LintPostMessageTarget,
                            target.span.start,
                            format!(
                                "postMessage target {} is not an exact origin: browsers send to {origin}, whatever path it names",
                                quote(&target.value)
                            ),
                            &format!("write the origin alone: \"{origin}\""),
                        );
                        if let Some(d) = self.out.last_mut() {
                            d.severity = crate::diagnostic::Severity::Warning;
                        }
                    }
                }
                _ => {}
            }
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
        if global(&it.callee) == Some("Function") {
            self.push(
                Code::LintEval,
                it.span.start,
                format!("{} makes a function from text", quote("new Function")),
                "write the function in the file instead",
            );
        }
        walk::walk_new_expression(self, it);
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        if it
            .key
            .static_name()
            .is_some_and(|n| n == "customInteractionAttributes")
            && let Expression::ArrayExpression(a) = it.value.without_parentheses()
            && a.elements.is_empty()
        {
            self.push(
                Code::LintAttributesEmpty,
                a.span.start,
                format!("{} is empty", quote("customInteractionAttributes")),
                "list the interaction attributes the CRM needs, such as [\"PT_URLPop\", \"PT_SearchValue\"]; Genesys' linter rejects an empty list",
            );
        }
        walk::walk_object_property(self, it);
    }
}
