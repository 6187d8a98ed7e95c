//! `lint/secret`: credentials written into a framework.js, which every agent's browser
//! downloads and anyone with the file can read: client secrets, passwords, API keys,
//! bearer tokens. A value is a secret by its look (the detector `framesmith check` uses for
//! workspaces, `rules::secrets`) or by the name it is given (`clientSecret: "..."`,
//! `var apiKey = "..."`, an `Authorization` header). Findings name what was found and
//! where, never the value.

use oxc_ast::ast::{
    Argument, AssignmentExpression, AssignmentTarget, CallExpression, Expression, ObjectProperty,
    StringLiteral, VariableDeclarator,
};
use oxc_ast_visit::{Visit, walk};

use crate::base::position::Index;
use crate::base::secret::{looks_secret, secret_key_name};
use crate::diagnostic::{Code, Diagnostic, quote};

pub struct Secrets<'i, 't> {
    pub index: &'i Index<'t>,
    pub out: Vec<Diagnostic>,
    /// The literal last reported by its name: the walk visits it next, and the look-based
    /// check must not report it again.
    last: Option<u32>,
}

impl<'i, 't> Secrets<'i, 't> {
    pub fn new(index: &'i Index<'t>) -> Self {
        Secrets {
            index,
            out: Vec::new(),
            last: None,
        }
    }

    fn push(&mut self, at: u32, message: String) {
        if self.last == Some(at) {
            return;
        }
        self.last = Some(at);
        let (line, column) = self.index.line_col(at as usize);
        self.out.push(
            Diagnostic::new(
                Code::LintSecret,
                "",
                message,
                "remove it from the file and revoke it where it was issued: a browser needs no secret (sign in with PKCE, or let the CRM page send the request with its own session)",
            )
            .at(line, column),
        );
    }

    /// `value` given the name `name`.
    fn named(&mut self, name: &str, value: &Expression<'_>) {
        if !secret_key_name(name) {
            return;
        }
        let Expression::StringLiteral(s) = value.without_parentheses() else {
            return;
        };
        let v = s.value.as_str().trim();
        if v.len() < 4 || v.contains(char::is_whitespace) && !is_auth_header(v) || placeholder(v) {
            return;
        }
        self.push(
            s.span.start,
            format!(
                "{} holds a hard-coded credential, readable by anyone who has framework.js",
                quote(name)
            ),
        );
    }
}

/// `Bearer ...` or `Basic ...`.
fn is_auth_header(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    lower.starts_with("bearer ") || lower.starts_with("basic ")
}

/// Text left for the admin to fill in, not a credential.
fn placeholder(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    v.contains('<')
        || v.contains("{{")
        || v.starts_with("${")
        || [
            "your",
            "xxx",
            "changeme",
            "replace",
            "example",
            "placeholder",
            "todo",
        ]
        .iter()
        .any(|w| lower.contains(w))
        || v.chars().all(|c| c.is_ascii_uppercase() || c == '_')
        || v.chars().all(|c| c == '*' || c == '.' || c == 'x')
}

/// Strings longer than this are data (a carried module, an image), not credentials, unless
/// they have the shape of a token or key.
const MAX_CREDENTIAL: usize = 256;

impl<'a> Visit<'a> for Secrets<'_, '_> {
    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        if let Some(name) = it.key.static_name() {
            self.named(&name, &it.value);
        }
        walk::walk_object_property(self, it);
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let (Some(name), Some(init)) = (it.id.get_identifier_name(), &it.init) {
            self.named(&name, init);
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        let name = match &it.left {
            AssignmentTarget::AssignmentTargetIdentifier(id) => Some(id.name.as_str()),
            t => t
                .as_member_expression()
                .and_then(|m| m.static_property_name()),
        };
        if let Some(name) = name {
            self.named(name, &it.right);
        }
        walk::walk_assignment_expression(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        // setRequestHeader("Authorization", "Bearer ..."), headers.set("X-Api-Key", "...").
        let header = it
            .callee
            .without_parentheses()
            .as_member_expression()
            .and_then(|m| m.static_property_name())
            .is_some_and(|p| matches!(p, "setRequestHeader" | "set" | "append"));
        if header
            && let (Some(Expression::StringLiteral(k)), Some(v)) = (
                it.arguments.first().and_then(Argument::as_expression),
                it.arguments.get(1).and_then(Argument::as_expression),
            )
        {
            self.named(&k.value, v);
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_string_literal(&mut self, it: &StringLiteral<'a>) {
        let v = it.value.as_str();
        let shaped = v.starts_with("eyJ") || v.contains("-----BEGIN");
        if (v.len() <= MAX_CREDENTIAL || shaped)
            && !placeholder(v)
            && let Some(what) = looks_secret(v)
        {
            self.push(
                it.span.start,
                format!("this string looks like {what}, readable by anyone who has framework.js"),
            );
        }
    }
}
