//! Rules judged on single expressions of a framework.js: `eval` and its kin
//! (`lint/eval`), where `postMessage` may send (`lint/post-message-target`), and an empty
//! `customInteractionAttributes` (`lint/attributes-empty`). Each looks at what the code
//! does (a call, a property of an object literal), never at what a string contains. A
//! postMessage target held in a `const` is judged as the literal it holds.

use oxc_ast::ast::{
    Argument, BindingPattern, CallExpression, Expression, NewExpression, ObjectProperty, Program,
    VariableDeclaration, VariableDeclarationKind,
};
use oxc_ast_visit::{Visit, walk};

use crate::base::position::Index;
use crate::diagnostic::{Code, Diagnostic, Severity, quote};
use crate::lint::places::Places;

pub struct Calls<'i, 't> {
    index: &'i Index<'t>,
    out: Vec<Diagnostic>,
    /// Names bound once in the whole file, by `const NAME = "text"`: (name, text, line of
    /// the declaration). A name bound twice (shadowed, or also a `let`) is not judged.
    consts: std::collections::HashMap<String, (String, u32)>,
    /// postMessage targets at fault, by what is said of them.
    targets: Places,
    target_facts: std::collections::HashMap<String, (String, String, Severity)>,
}

/// Every binding of a name in the file, and the `const` ones that hold a string.
#[derive(Default)]
struct Bindings {
    all: Vec<String>,
    consts: Vec<(String, String, u32)>,
}

impl<'a> Visit<'a> for Bindings {
    fn visit_binding_identifier(&mut self, it: &oxc_ast::ast::BindingIdentifier<'a>) {
        self.all.push(it.name.to_string());
    }

    fn visit_variable_declaration(&mut self, it: &VariableDeclaration<'a>) {
        if it.kind == VariableDeclarationKind::Const {
            for d in &it.declarations {
                if let BindingPattern::BindingIdentifier(id) = &d.id
                    && let Some(Expression::StringLiteral(s)) =
                        d.init.as_ref().map(Expression::without_parentheses)
                {
                    self.consts
                        .push((id.name.to_string(), s.value.to_string(), s.span.start));
                }
            }
        }
        walk::walk_variable_declaration(self, it);
    }
}

impl<'i, 't> Calls<'i, 't> {
    pub fn new(program: &Program<'_>, index: &'i Index<'t>) -> Self {
        let mut b = Bindings::default();
        b.visit_program(program);
        b.all.sort_unstable();
        let once = |n: &str| {
            let at = b.all.partition_point(|a| a.as_str() < n);
            b.all.get(at).is_some_and(|a| a == n) && b.all.get(at + 1).is_none_or(|a| a != n)
        };
        let consts = b
            .consts
            .iter()
            .filter(|(n, _, _)| once(n))
            .map(|(n, v, at)| (n.clone(), (v.clone(), index.line_col(*at as usize).0)))
            .collect();
        Calls {
            index,
            out: Vec::new(),
            consts,
            targets: Places::default(),
            target_facts: Default::default(),
        }
    }
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
fn target_fault(t: &str) -> Option<(&'static str, &'static str)> {
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
fn not_exact(target: &str) -> Option<String> {
    let url = crate::base::url::split(target)?;
    let origin = url.origin();
    (url.scheme == "https" && origin != target).then_some(origin)
}

impl Calls<'_, '_> {
    /// Judge a postMessage target origin, `held` saying where a const gave it.
    fn target(&mut self, target: &str, at: u32, held: String) {
        let t = quote(target);
        let (suffix, hint, severity) = if let Some((what, hint)) = target_fault(target) {
            let dev = if is_development(target) {
                ", and it is a development origin, which the CRM page in production is not"
            } else {
                ""
            };
            (format!(" {what}{dev}"), hint.to_string(), Severity::Error)
        } else if let Some(origin) = not_exact(target) {
            (
                format!(
                    " is not an exact origin: browsers send to {origin}, whatever path it names"
                ),
                format!("write the origin alone: \"{origin}\""),
                Severity::Warning,
            )
        } else if is_development(target) {
            (
                " is a development origin: in production the CRM page is elsewhere and never receives the message".into(),
                "write the production CRM page's origin, such as \"https://acme.crm4.dynamics.com\" (framesmith build writes one per deployment)".into(),
                Severity::Warning,
            )
        } else {
            return;
        };
        // One target is one fact, however many calls send to it.
        let fact = format!("postMessage target {t}{held}");
        self.targets.add(&fact, at);
        self.target_facts
            .entry(fact)
            .or_insert((suffix, hint, severity));
    }

    /// The findings, the grouped ones included.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        let facts = std::mem::take(&mut self.target_facts);
        let grouped = std::mem::take(&mut self.targets).report(self.index, |fact, also| {
            let (suffix, hint, severity) = &facts[fact];
            Diagnostic::new(
                Code::LintPostMessageTarget,
                "",
                format!("{fact}{also}{suffix}"),
                hint.as_str(),
            )
            .with_severity(*severity)
        });
        self.out.extend(grouped);
        self.out
    }
}

/// `localhost`, a loopback address, or a `.local` name: a developer's own machine.
fn is_development(target: &str) -> bool {
    crate::base::url::split(target).is_some_and(|u| {
        let host = u.host.to_ascii_lowercase();
        host == "localhost"
            || host.ends_with(".localhost")
            || host.starts_with("127.")
            || host == "[::1]"
            || host.ends_with(".local")
    })
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
                    self.target(target.value.as_str(), target.span.start, String::new());
                }
                Some(Expression::Identifier(id)) => {
                    if let Some((value, line)) = self.consts.get(id.name.as_str()).cloned() {
                        let name = id.name.as_str();
                        let held = format!(" (held in {name}, line {line})");
                        self.target(&value, id.span.start, held);
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
