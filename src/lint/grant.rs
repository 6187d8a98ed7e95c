//! `lint/implicit-grant`: a framework.js whose `config.settings` does not turn on
//! `usePKCEAuthFlow` logs agents in with the implicit grant, which Genesys is retiring (no
//! new implicit clients since March 2026; implicit logins stop working by March 2027).
//! Judged only where `config` and its `settings` are object literals.

use oxc_ast::ast::{Expression, ObjectExpression, ObjectProperty, ObjectPropertyKind};
use oxc_ast_visit::{Visit, walk};

use crate::base::position::Index;
use crate::diagnostic::{Code, Diagnostic, quote};

pub struct Grant<'i, 't> {
    pub index: &'i Index<'t>,
    pub out: Vec<Diagnostic>,
}

/// The member `name` of an object literal, when it is written out plainly.
fn member<'o, 'a>(o: &'o ObjectExpression<'a>, name: &str) -> Option<&'o ObjectProperty<'a>> {
    o.properties.iter().find_map(|p| match p {
        ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().is_some_and(|n| n == name) => {
            Some(&**p)
        }
        _ => None,
    })
}

impl Grant<'_, '_> {
    fn config(&mut self, config: &ObjectExpression<'_>) {
        let Some(settings) = member(config, "settings") else {
            return;
        };
        let Expression::ObjectExpression(s) = settings.value.without_parentheses() else {
            return;
        };
        if s.properties
            .iter()
            .any(|p| matches!(p, ObjectPropertyKind::SpreadProperty(_)))
        {
            return;
        }
        let at = match member(s, "usePKCEAuthFlow").map(|p| p.value.without_parentheses()) {
            Some(Expression::BooleanLiteral(b)) if b.value => return,
            Some(Expression::BooleanLiteral(b)) => b.span.start,
            Some(_) => return,
            None => s.span.start,
        };
        let (line, column) = self.index.line_col(at as usize);
        self.out.push(
            Diagnostic::new(
                Code::LintImplicitGrant,
                "",
                format!(
                    "agents log in with the implicit grant ({} is not true), which Genesys is retiring: no new implicit clients since March 2026, and implicit logins stop working by March 2027",
                    quote("usePKCEAuthFlow")
                ),
                "set usePKCEAuthFlow: true in config.settings, and give the OAuth client the Code Authorization grant with PKCE (its redirect URI https://apps.<domain>/crm/index.html)",
            )
            .at(line, column),
        );
    }
}

impl<'a> Visit<'a> for Grant<'_, '_> {
    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        if it.key.static_name().is_some_and(|n| n == "config")
            && let Expression::ObjectExpression(o) = it.value.without_parentheses()
            && member(o, "clientIds").is_some()
        {
            self.config(o);
        }
        walk::walk_object_property(self, it);
    }
}
