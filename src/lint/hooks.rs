//! `lint/contact-search` and `lint/call-log`: settings that promise work a hook must do.
//! `searchTargets` with `frameworkContacts` makes the client call
//! `contactSearch(searchValue, onSuccess, onFailure)`; `enableCallLogs: true` makes it call
//! `processCallLog(callLog, interaction, eventName, onSuccess, onFailure)`. A hook that is
//! missing, empty, or never answers leaves agents waiting on a spinner; a call log answered
//! at once with an id made up on the spot (`Date.now()`) is never written anywhere, and each
//! later edit looks like a new log to the CRM. One that hands the log to the CRM page
//! (Genesys' example does) is written, but under an id of its own: a warning, since the page
//! cannot update the activity it wrote.

use oxc_ast::ast::{
    ArrowFunctionExpression, CallExpression, Expression, FormalParameters, Function, FunctionBody,
    IdentifierReference, NewExpression, ObjectExpression, ObjectPropertyKind,
};
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;
use oxc_syntax::scope::ScopeFlags;
use serde_json::{Map, Value};

use crate::base::position::Index;
use crate::diagnostic::{Code, Diagnostic, quote};
use crate::js::literal::{Literals, key};

pub struct Hooks<'i, 't> {
    pub index: &'i Index<'t>,
    pub out: Vec<Diagnostic>,
}

/// A hook as written: its parameters and body, when it is a function literal.
struct Hook<'x, 'a> {
    params: &'x FormalParameters<'a>,
    body: Body<'x, 'a>,
    at: usize,
}

enum Body<'x, 'a> {
    Block(&'x FunctionBody<'a>),
    /// `(a, onSuccess) => onSuccess([])`.
    Expression(&'x Expression<'a>),
}

fn hook<'x, 'a>(fw: &'x ObjectExpression<'a>, name: &str) -> Option<Result<Hook<'x, 'a>, ()>> {
    fw.properties.iter().rev().find_map(|p| match p {
        ObjectPropertyKind::ObjectProperty(p) if key(&p.key).is_some_and(|k| k == name) => {
            Some(match p.value.without_parentheses() {
                Expression::FunctionExpression(f) => match &f.body {
                    Some(body) => Ok(Hook {
                        params: &f.params,
                        body: Body::Block(body),
                        at: p.key.span().start as usize,
                    }),
                    None => Err(()),
                },
                Expression::ArrowFunctionExpression(f) => {
                    let body = match (f.get_function_body(), f.get_expression()) {
                        (Some(b), _) => Body::Block(b),
                        (None, Some(e)) => Body::Expression(e),
                        (None, None) => return Some(Err(())),
                    };
                    Ok(Hook {
                        params: &f.params,
                        body,
                        at: p.key.span().start as usize,
                    })
                }
                // A function defined elsewhere: it cannot be judged from here.
                _ => Err(()),
            })
        }
        _ => None,
    })
}

impl Hooks<'_, '_> {
    fn push(&mut self, code: Code, path: &str, offset: usize, message: String, hint: &str) {
        let (line, column) = self.index.line_col(offset);
        self.out
            .push(Diagnostic::new(code, path, message, hint).at(line, column));
    }

    pub fn check(
        &mut self,
        fw: &ObjectExpression<'_>,
        settings: Option<&Map<String, Value>>,
        lit: &Literals<'_>,
    ) {
        let Some(settings) = settings else { return };
        if let Some(k) = settings
            .get("searchTargets")
            .and_then(Value::as_array)
            .and_then(|t| crate::rules::settings::searches_contacts(t))
        {
            let at = lit
                .offset(&format!("/config/settings/searchTargets/{k}"))
                .unwrap_or(0);
            self.answers(
                fw,
                Code::LintContactSearch,
                ("contactSearch", 1, "searchTargets includes frameworkContacts"),
                at,
                "/deployment/0/screen_pop/contact_search",
                "answer with onSuccess([{ type: \"external\", name, phone: [{ number, label }] }]) (or onFailure()), or remove frameworkContacts from searchTargets",
            );
        }
        if settings.get("enableCallLogs") == Some(&Value::Bool(true)) {
            let at = lit.offset("/config/settings/enableCallLogs").unwrap_or(0);
            self.answers(
                fw,
                Code::LintCallLog,
                ("processCallLog", 3, "enableCallLogs is true"),
                at,
                "/deployment/0/screen_pop/call_log",
                "write the call log to the CRM and call onSuccess({ id: <the CRM's id for it> }) when it answers (onFailure() when it does not), or set enableCallLogs: false",
            );
        }
    }

    /// The hook `name` exists, does something, and calls its `onSuccess` (parameter
    /// `param`), not at once with a made-up id.
    fn answers(
        &mut self,
        fw: &ObjectExpression<'_>,
        code: Code,
        (name, param, promise): (&str, usize, &str),
        setting_at: usize,
        path: &str,
        hint: &str,
    ) {
        let h = match hook(fw, name) {
            None => {
                self.push(
                    code,
                    path,
                    setting_at,
                    format!("{promise}, but window.Framework has no {name}, so the client waits for an answer that never comes"),
                    hint,
                );
                return;
            }
            Some(Err(())) => return,
            Some(Ok(h)) => h,
        };
        if matches!(h.body, Body::Block(b) if b.statements.is_empty()) {
            self.push(
                code,
                path,
                h.at,
                format!("{promise}, but {name} is empty, so the client waits for an answer that never comes"),
                hint,
            );
            return;
        }
        let success = h
            .params
            .items
            .get(param)
            .and_then(|p| p.pattern.get_identifier_name());
        let mut uses = Uses {
            name: success.as_ref().map(|n| n.as_str()).unwrap_or(""),
            ..Uses::default()
        };
        match h.body {
            Body::Block(b) => uses.visit_function_body(b),
            Body::Expression(e) => uses.visit_expression(e),
        }
        if uses.arguments {
            return;
        }
        let Some(success) = success.filter(|_| uses.mentioned) else {
            let what = if success.is_some() {
                format!("never calls its onSuccess ({})", quote(uses.name))
            } else {
                "takes no onSuccess parameter".to_string()
            };
            self.push(
                code,
                path,
                h.at,
                format!("{promise}, but {name} {what}, so the client waits for an answer that never comes"),
                hint,
            );
            return;
        };
        match (uses.made_up, uses.waits, uses.posts) {
            // Handed to the CRM page, which writes it: written, but under an id the CRM
            // never gave, so the page cannot tell a later edit of this log from a new one.
            (Some((at, made_up)), false, true) => {
                self.push(
                    code,
                    path,
                    at,
                    format!(
                        "{name} hands the log to the CRM page (postMessage) and answers {} at once with an id of its own ({}), not the CRM's: the client gives that id back on every later edit, so the page cannot update the activity it wrote",
                        success.as_str(),
                        quote(made_up)
                    ),
                    "answer with the id the CRM gives the activity: have the page reply (postMessage back) and call onSuccess({ id }) then, or let framesmith's call_log data source write it",
                );
                if let Some(d) = self.out.last_mut() {
                    d.severity = crate::diagnostic::Severity::Warning;
                }
            }
            (Some((at, made_up)), false, false) => {
                self.push(
                    code,
                    path,
                    at,
                    format!(
                        "{name} calls {} at once with an id made up on the spot ({}), without waiting on the CRM: the call log is written nowhere, and each later edit looks like a new one",
                        success.as_str(),
                        quote(made_up)
                    ),
                    hint,
                );
            }
            _ => {}
        }
    }
}

/// How a hook's body uses its `onSuccess`.
#[derive(Default)]
struct Uses<'n> {
    name: &'n str,
    mentioned: bool,
    /// `arguments` is read: the parameters cannot be told apart.
    arguments: bool,
    /// The body waits on something: a function within it (a callback) or an `await`.
    waits: bool,
    /// A call of onSuccess outside any callback whose argument makes an id on the spot.
    made_up: Option<(usize, &'static str)>,
    /// The body hands something to another window (`postMessage`): the CRM page.
    posts: bool,
    depth: usize,
}

/// What makes an id on the spot, by callee.
fn makes_id(callee: &Expression<'_>) -> Option<&'static str> {
    let m = callee.without_parentheses().as_member_expression()?;
    let Expression::Identifier(obj) = m.object().without_parentheses() else {
        return None;
    };
    match (obj.name.as_str(), m.static_property_name()?) {
        ("Date", "now") => Some("Date.now()"),
        ("Math", "random") => Some("Math.random()"),
        ("performance", "now") => Some("performance.now()"),
        ("crypto", "randomUUID") => Some("crypto.randomUUID()"),
        _ => None,
    }
}

/// Whether an argument holds an id made on the spot.
#[derive(Default)]
struct MadeUp(Option<&'static str>);

impl<'a> Visit<'a> for MadeUp {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if let Some(what) = makes_id(&it.callee) {
            self.0.get_or_insert(what);
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
        if matches!(it.callee.without_parentheses(), Expression::Identifier(id) if id.name == "Date")
        {
            self.0.get_or_insert("new Date()");
        }
        walk::walk_new_expression(self, it);
    }
}

impl<'a> Visit<'a> for Uses<'_> {
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        if it.name == self.name {
            self.mentioned = true;
        }
        if it.name == "arguments" {
            self.arguments = true;
        }
    }

    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        self.waits = true;
        self.depth += 1;
        walk::walk_function(self, it, flags);
        self.depth -= 1;
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        self.waits = true;
        self.depth += 1;
        walk::walk_arrow_function_expression(self, it);
        self.depth -= 1;
    }

    fn visit_await_expression(&mut self, it: &oxc_ast::ast::AwaitExpression<'a>) {
        self.waits = true;
        walk::walk_await_expression(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if it
            .callee
            .without_parentheses()
            .as_member_expression()
            .is_some_and(|m| m.static_property_name() == Some("postMessage"))
        {
            self.posts = true;
        }
        if self.depth == 0
            && self.made_up.is_none()
            && matches!(it.callee.without_parentheses(), Expression::Identifier(id) if id.name == self.name)
        {
            let mut m = MadeUp::default();
            for arg in &it.arguments {
                m.visit_argument(arg);
            }
            if let Some(what) = m.0 {
                self.made_up = Some((it.span.start as usize, what));
            }
        }
        walk::walk_call_expression(self, it);
    }
}
