//! `lint/message-origin`: a `message` listener that acts on what it receives (calls
//! `PureCloud`, answers with `postMessage`, navigates, opens windows) without first
//! comparing `event.origin` with an exact origin. Any page that can frame or open the
//! softphone can then dial, change the agent's status or read answers. Listeners are found
//! by what the code does: `addEventListener("message", f)`, `onmessage = f`, jQuery's
//! `.on("message", f)`, with `f` written in place or a function declared by name.

use oxc_ast::ast::{
    Argument, AssignmentExpression, BinaryExpression, BindingPattern, CallExpression, Expression,
    FormalParameters, Function, FunctionBody, Program, SimpleAssignmentTarget, VariableDeclarator,
};
use oxc_ast_visit::{Visit, walk};
use oxc_syntax::operator::BinaryOperator;
use oxc_syntax::scope::ScopeFlags;

use crate::base::position::Index;
use crate::diagnostic::{Code, Diagnostic};

pub fn check(program: &Program<'_>, src: &str, index: &Index<'_>) -> Vec<Diagnostic> {
    let mut l = Listeners {
        index,
        src,
        named: Default::default(),
        out: Vec::new(),
    };
    l.visit_program(program);
    if !l.named.is_empty() {
        let mut d = Declared { l: &mut l };
        d.visit_program(program);
    }
    l.out
}

struct Listeners<'i, 't> {
    index: &'i Index<'t>,
    src: &'t str,
    /// Handlers given by name: where the listener was added, by name.
    named: std::collections::HashMap<String, usize>,
    out: Vec<Diagnostic>,
}

/// The window itself: `window`, `self`, `globalThis`, or jQuery's `$(window)`. Messages
/// to a BroadcastChannel, a MessagePort or a worker come from the page's own origin and
/// need no check.
fn is_window(e: &Expression<'_>) -> bool {
    match e.without_parentheses() {
        Expression::Identifier(id) => matches!(id.name.as_str(), "window" | "self" | "globalThis"),
        Expression::CallExpression(c) => {
            matches!(c.callee.without_parentheses(), Expression::Identifier(id) if id.name == "$" || id.name == "jQuery")
                && c.arguments
                    .first()
                    .and_then(Argument::as_expression)
                    .is_some_and(is_window)
        }
        _ => false,
    }
}

/// `addEventListener("message", f)` on the window and jQuery's `.on("message", f)`: `f`.
fn listener<'x, 'a>(it: &'x CallExpression<'a>) -> Option<&'x Expression<'a>> {
    match it.callee.without_parentheses() {
        Expression::Identifier(id) if id.name == "addEventListener" => {}
        callee => {
            let m = callee.as_member_expression()?;
            if !matches!(m.static_property_name()?, "addEventListener" | "on")
                || !is_window(m.object())
            {
                return None;
            }
        }
    }
    let Some(Expression::StringLiteral(kind)) =
        it.arguments.first().and_then(Argument::as_expression)
    else {
        return None;
    };
    (kind.value == "message")
        .then(|| it.arguments.get(1).and_then(Argument::as_expression))
        .flatten()
}

impl Listeners<'_, '_> {
    fn handler(&mut self, f: &Expression<'_>, added_at: usize) {
        match f.without_parentheses() {
            Expression::FunctionExpression(f) => {
                if let Some(body) = &f.body {
                    self.judge(&f.params, Body::Block(body), added_at);
                }
            }
            Expression::ArrowFunctionExpression(f) => {
                if let Some(b) = f.get_function_body() {
                    self.judge(&f.params, Body::Block(b), added_at);
                } else if let Some(e) = f.get_expression() {
                    self.judge(&f.params, Body::Expression(e), added_at);
                }
            }
            Expression::Identifier(id) => {
                self.named.entry(id.name.to_string()).or_insert(added_at);
            }
            _ => {}
        }
    }

    fn judge(&mut self, params: &FormalParameters<'_>, body: Body<'_, '_>, added_at: usize) {
        // The event's name, or the name `origin` is bound to when the event is destructured.
        let (event, origin) = match params.items.first().map(|p| &p.pattern) {
            Some(BindingPattern::BindingIdentifier(id)) => (id.name.to_string(), None),
            Some(BindingPattern::ObjectPattern(o)) => (
                String::new(),
                o.properties
                    .iter()
                    .find(|p| p.key.static_name().is_some_and(|n| n == "origin"))
                    .and_then(|p| p.value.get_identifier_name())
                    .map(|n| n.to_string()),
            ),
            // `window.event`, as old code reads it.
            None => ("event".to_string(), None),
            Some(_) => return,
        };
        let mut j = Judge {
            event: &event,
            origin: origin.as_deref(),
            exact_at: None,
            loose: None,
            acts: None,
        };
        match body {
            Body::Block(b) => j.visit_function_body(b),
            Body::Expression(e) => j.visit_expression(e),
        }
        let Some((acts_at, acts_end, act)) = j.acts else {
            return;
        };
        // The code at fault, quoted: its first line, at most 60 characters.
        let first = self
            .src
            .get(acts_at..acts_end)
            .unwrap_or("")
            .lines()
            .next()
            .unwrap_or("");
        let mut code: String = first.chars().take(60).collect();
        if code.len() < first.len() {
            code.push('…');
        }
        if j.exact_at.is_some_and(|at| at < acts_at) {
            return;
        }
        let (line, column) = self.index.line_col(added_at);
        let (act_line, _) = self.index.line_col(acts_at);
        let why = match j.loose {
            Some(how) => format!(
                "compares event.origin only with {how}, which other origins pass, before it"
            ),
            None if j.exact_at.is_some() => "compares event.origin only after it".to_string(),
            None => "never compares event.origin with an exact origin before it".to_string(),
        };
        self.out.push(
            Diagnostic::new(
                Code::LintMessageOrigin,
                "",
                format!(
                    "this message listener acts on what it receives ({act}, {} on line {act_line}) but {why}: any page that can frame or open the softphone can drive it",
                    crate::diagnostic::quote(&code)
                ),
                "begin the listener with: if (event.origin !== \"https://acme.crm4.dynamics.com\") return; (the CRM page's exact origin)",
            )
            .at(line, column),
        );
    }
}

enum Body<'x, 'a> {
    Block(&'x FunctionBody<'a>),
    Expression(&'x Expression<'a>),
}

impl<'a> Visit<'a> for Listeners<'_, '_> {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if let Some(f) = listener(it) {
            self.handler(f, it.span.start as usize);
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        let window_onmessage = match &it.left {
            oxc_ast::ast::AssignmentTarget::AssignmentTargetIdentifier(id) => {
                id.name == "onmessage"
            }
            t => t.as_member_expression().is_some_and(|m| {
                m.static_property_name() == Some("onmessage") && is_window(m.object())
            }),
        };
        if window_onmessage {
            self.handler(&it.right, it.span.start as usize);
        }
        walk::walk_assignment_expression(self, it);
    }
}

/// The second pass: functions declared by the names listeners were given.
struct Declared<'l, 'i, 't> {
    l: &'l mut Listeners<'i, 't>,
}

impl Declared<'_, '_, '_> {
    fn added_at(&self, name: &str) -> Option<usize> {
        self.l.named.get(name).copied()
    }
}

impl<'a> Visit<'a> for Declared<'_, '_, '_> {
    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        if let (Some(id), Some(body)) = (&it.id, &it.body)
            && let Some(at) = self.added_at(&id.name)
        {
            self.l.judge(&it.params, Body::Block(body), at);
        }
        walk::walk_function(self, it, flags);
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let (Some(name), Some(init)) = (it.id.get_identifier_name(), &it.init)
            && let Some(at) = self.added_at(&name)
            && !matches!(init.without_parentheses(), Expression::Identifier(_))
        {
            self.l.handler(init, at);
        }
        walk::walk_variable_declarator(self, it);
    }
}

/// Inside one listener: where `event.origin` is compared, and where the listener acts.
struct Judge<'n> {
    event: &'n str,
    origin: Option<&'n str>,
    /// The first comparison with an exact origin (or a name holding one).
    exact_at: Option<usize>,
    /// A comparison that other origins pass (`indexOf`, `includes`, a pattern).
    loose: Option<&'static str>,
    /// The first thing done with what was received.
    acts: Option<(usize, usize, &'static str)>,
}

impl Judge<'_> {
    fn is_origin(&self, e: &Expression<'_>) -> bool {
        match e.without_parentheses() {
            Expression::Identifier(id) => self.origin.is_some_and(|o| o == id.name.as_str()),
            other => other.as_member_expression().is_some_and(|m| {
                m.static_property_name() == Some("origin")
                    && matches!(m.object().without_parentheses(),
                        Expression::Identifier(id) if id.name.as_str() == self.event)
            }),
        }
    }

    fn acted(&mut self, span: oxc_span::Span, what: &'static str) {
        if self.acts.is_none() {
            self.acts = Some((span.start as usize, span.end as usize, what));
        }
    }
}

/// An exact origin: https (or a localhost), no path, no wildcard.
fn exact(s: &str) -> bool {
    crate::base::url::split(s).is_some_and(|u| u.origin() == s && !s.contains('*'))
}

/// What a call does, if it acts: drives the softphone, answers, navigates.
fn action(callee: &Expression<'_>) -> Option<&'static str> {
    let m = callee.without_parentheses().as_member_expression()?;
    let prop = m.static_property_name()?;
    if prop == "postMessage" {
        return Some("postMessage");
    }
    if matches!(prop, "assign" | "replace")
        && m.object()
            .without_parentheses()
            .as_member_expression()
            .and_then(|o| o.static_property_name())
            .or_else(|| match m.object().without_parentheses() {
                Expression::Identifier(id) => Some(id.name.as_str()),
                _ => None,
            })
            == Some("location")
    {
        return Some("navigation");
    }
    if prop == "open"
        && matches!(m.object().without_parentheses(), Expression::Identifier(id) if id.name == "window")
    {
        return Some("window.open");
    }
    // PureCloud.clickToDial(...), window.PureCloud.User.updateStatus(...).
    let mut e = m.object();
    loop {
        match e.without_parentheses() {
            Expression::Identifier(id) => {
                return (id.name == "PureCloud").then_some("a PureCloud call");
            }
            other => {
                let inner = other.as_member_expression()?;
                if inner.static_property_name() == Some("PureCloud") {
                    return Some("a PureCloud call");
                }
                e = inner.object();
            }
        }
    }
}

impl<'a> Visit<'a> for Judge<'_> {
    fn visit_binary_expression(&mut self, it: &BinaryExpression<'a>) {
        if matches!(
            it.operator,
            BinaryOperator::StrictEquality
                | BinaryOperator::Equality
                | BinaryOperator::StrictInequality
                | BinaryOperator::Inequality
        ) {
            let other = if self.is_origin(&it.left) {
                Some(&it.right)
            } else if self.is_origin(&it.right) {
                Some(&it.left)
            } else {
                None
            };
            match other.map(|o| o.without_parentheses()) {
                Some(Expression::StringLiteral(s)) if exact(&s.value) => {
                    self.exact_at.get_or_insert(it.span.start as usize);
                }
                Some(Expression::StringLiteral(_)) => {
                    self.loose
                        .get_or_insert("something that is not an exact origin");
                }
                // A name or a property that holds the origin: taken as exact.
                Some(Expression::Identifier(_)) => {
                    self.exact_at.get_or_insert(it.span.start as usize);
                }
                Some(o) if o.is_member_expression() => {
                    self.exact_at.get_or_insert(it.span.start as usize);
                }
                _ => {}
            }
        }
        walk::walk_binary_expression(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if let Some(m) = it.callee.without_parentheses().as_member_expression() {
            let prop = m.static_property_name();
            // event.origin.indexOf("acme") and its kin: a substring, not an origin.
            if self.is_origin(m.object())
                && matches!(
                    prop,
                    Some("indexOf" | "includes" | "startsWith" | "endsWith" | "match" | "search")
                )
            {
                self.loose.get_or_insert("indexOf, includes or a pattern");
            }
            // ["https://a", "https://b"].includes(event.origin): exact when every member is.
            if matches!(prop, Some("includes" | "indexOf"))
                && it
                    .arguments
                    .first()
                    .and_then(Argument::as_expression)
                    .is_some_and(|a| self.is_origin(a))
            {
                match m.object().without_parentheses() {
                    Expression::ArrayExpression(a)
                        if !a.elements.iter().all(|e| {
                            matches!(e.as_expression(), Some(Expression::StringLiteral(s)) if exact(&s.value))
                        }) =>
                    {
                        self.loose.get_or_insert("a list that is not all exact origins");
                    }
                    _ => {
                        self.exact_at.get_or_insert(it.span.start as usize);
                    }
                }
            }
            // /acme/.test(event.origin)
            if prop == Some("test")
                && it
                    .arguments
                    .first()
                    .and_then(Argument::as_expression)
                    .is_some_and(|a| self.is_origin(a))
            {
                self.loose.get_or_insert("a pattern");
            }
        }
        if let Some(what) = action(&it.callee) {
            self.acted(it.span, what);
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        // location = ..., location.href = ..., window.location.href = ...
        let navigates = match it.left.as_simple_assignment_target() {
            Some(SimpleAssignmentTarget::AssignmentTargetIdentifier(id)) => id.name == "location",
            Some(t) => t.as_member_expression().is_some_and(|m| {
                m.static_property_name() == Some("location")
                    || (m.static_property_name() == Some("href")
                        && m.object()
                            .without_parentheses()
                            .as_member_expression()
                            .and_then(|o| o.static_property_name())
                            .or_else(|| match m.object().without_parentheses() {
                                Expression::Identifier(id) => Some(id.name.as_str()),
                                _ => None,
                            })
                            == Some("location"))
            }),
            None => false,
        };
        if navigates {
            self.acted(it.span, "navigation");
        }
        walk::walk_assignment_expression(self, it);
    }
}
