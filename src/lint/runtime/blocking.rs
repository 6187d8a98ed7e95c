//! `lint/blocking`: framework.js freezing or rewriting the softphone it runs in. `alert`,
//! `confirm` and `prompt` stop the Genesys client's page until the agent clicks, on every
//! event that reaches them, with a call ringing behind the dialog; `document.write` after
//! the page has loaded replaces the whole client; and changes to Genesys' own DOM or styles
//! (`document.body.style...`, `document.body.appendChild(...)`, an element found by
//! `document.querySelector` and changed) rely on a page framesmith and the admin do not
//! own, which Genesys changes without notice (a warning).

use oxc_ast::ast::{AssignmentExpression, CallExpression, Expression, Program, VariableDeclarator};
use oxc_ast_visit::{Visit, walk};
use oxc_semantic::Scoping;
use oxc_span::GetSpan;

use super::global_member;
use crate::base::position::Index;
use crate::diagnostic::{Code, Diagnostic, Severity, quote};
use crate::lint::places::Places;

pub fn check(program: &Program<'_>, scoping: &Scoping, index: &Index<'_>) -> Vec<Diagnostic> {
    let mut scripts = Scripts::default();
    scripts.visit_program(program);
    let mut v = Blocking {
        scoping,
        scripts: scripts.names,
        dialogs: Places::default(),
        writes: Places::default(),
        dom: Places::default(),
    };
    v.visit_program(program);
    let mut out = v.dialogs.report(index, |name, also| {
        Diagnostic::new(
            Code::LintBlocking,
            "",
            format!("{}{also} stops the Genesys client until the agent clicks: no call can be answered, and every event that reaches it opens another dialog", quote(name)),
            "show the message with window.PureCloud.User.Notification.notifyUser({ message: \"...\", type: \"INFO\" }), or log it with console.log while debugging",
        )
    });
    out.extend(v.writes.report(index, |name, also| {
        Diagnostic::new(
            Code::LintBlocking,
            "",
            format!("{}{also} after the page has loaded replaces the whole Genesys client with what it writes", quote(&format!("document.{name}"))),
            "leave Genesys' page as it is: framework.js talks to the client through window.PureCloud and to the CRM page through postMessage",
        )
    }));
    out.extend(v.dom.report(index, |what, also| {
        Diagnostic::new(
            Code::LintBlocking,
            "",
            format!("framework.js changes the Genesys client's own page ({what}){also}: the client's layout is Genesys' to change, and a release can move or rename what this relies on"),
            "style the softphone with config.settings.theme, and show what the agent needs in the CRM page (post it a message) or with PureCloud.User.Notification.notifyUser",
        )
        .with_severity(Severity::Warning)
    }));
    out
}

struct Blocking<'s> {
    scoping: &'s Scoping,
    /// Variables given `document.createElement("script")`.
    scripts: std::collections::HashSet<String>,
    dialogs: Places,
    writes: Places,
    dom: Places,
}

#[derive(Default)]
struct Scripts {
    names: std::collections::HashSet<String>,
}

impl<'a> Visit<'a> for Scripts {
    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let Some(Expression::CallExpression(c)) =
            it.init.as_ref().map(Expression::without_parentheses)
            && c.callee
                .as_member_expression()
                .and_then(|m| m.static_property_name())
                == Some("createElement")
            && let Some(Expression::StringLiteral(tag)) =
                c.arguments.first().and_then(|a| a.as_expression())
            && tag.value.eq_ignore_ascii_case("script")
            && let Some(name) = it.id.get_identifier_name()
        {
            self.names.insert(name.to_string());
        }
        walk::walk_variable_declarator(self, it);
    }
}

/// DOM methods that change the tree or an element.
const CHANGES: &[&str] = &[
    "appendChild",
    "insertBefore",
    "removeChild",
    "replaceChild",
    "append",
    "prepend",
    "replaceChildren",
    "remove",
    "before",
    "after",
    "replaceWith",
    "insertAdjacentHTML",
    "insertAdjacentElement",
    "setAttribute",
    "removeAttribute",
];

/// Ways into Genesys' own page: `document.body`, `document.head`,
/// `document.documentElement`, and what `document.querySelector`, `getElementById`, ...
/// find there. Elements framework.js made itself (`document.createElement`) are its own.
fn genesys_element(scoping: &Scoping, e: &Expression<'_>) -> Option<String> {
    match e.without_parentheses() {
        Expression::CallExpression(c) => {
            let m = c.callee.without_parentheses().as_member_expression()?;
            let name = m.static_property_name()?;
            let finds = matches!(
                name,
                "querySelector"
                    | "getElementById"
                    | "getElementsByTagName"
                    | "getElementsByClassName"
                    | "querySelectorAll"
            );
            (finds && global_member(scoping, m.object()) == Some("document"))
                .then(|| format!("document.{name}(...)"))
        }
        other => {
            let m = other.as_member_expression()?;
            if global_member(scoping, m.object()) == Some("document") {
                let name = m.static_property_name()?;
                return matches!(name, "body" | "head" | "documentElement")
                    .then(|| format!("document.{name}"));
            }
            // `document.body.firstChild`, `document.querySelectorAll(...)[0]`.
            genesys_element(scoping, m.object())
        }
    }
}

impl<'a> Visit<'a> for Blocking<'_> {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if let Some(name @ ("alert" | "confirm" | "prompt")) =
            global_member(self.scoping, &it.callee)
        {
            self.dialogs.add(name, it.span.start);
        }
        if let Some(m) = it.callee.without_parentheses().as_member_expression()
            && let Some(name) = m.static_property_name()
        {
            // A script element or tag is `lint/external-script`'s fact, said there once.
            let script = it
                .arguments
                .first()
                .and_then(|a| a.as_expression())
                .is_some_and(|a| match a.without_parentheses() {
                    Expression::Identifier(id) => self.scripts.contains(id.name.as_str()),
                    Expression::StringLiteral(t) => {
                        t.value.to_ascii_lowercase().contains("<script")
                    }
                    _ => false,
                });
            if script {
                // Said by lint/external-script.
            } else if matches!(name, "write" | "writeln")
                && global_member(self.scoping, m.object()) == Some("document")
            {
                self.writes.add(name, it.span.start);
            } else if CHANGES.contains(&name)
                && let Some(root) = genesys_element(self.scoping, m.object())
            {
                self.dom.add(&format!("{root}.{name}"), it.span.start);
            }
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        if let Some(m) = it.left.as_member_expression()
            && let Some(root) = genesys_element(self.scoping, m.object())
            && let Some(name) = m.static_property_name()
        {
            // Reported by what it changes: `document.body.style`, `... .innerHTML`.
            let what = match m.object().without_parentheses().as_member_expression() {
                Some(inner) if inner.static_property_name() == Some("style") => {
                    format!("{root}.style")
                }
                _ => format!("{root}.{name}"),
            };
            self.dom.add(&what, it.left.span().start);
        }
        walk::walk_assignment_expression(self, it);
    }
}
