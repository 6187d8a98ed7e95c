//! Rules that know where framework.js runs (issue 24). The Genesys client loads it into its
//! own page at `https://apps.<domain>`, which the CRM page holds as a cross-site iframe, and
//! gives it `window.PureCloud` once it calls `initialSetup`. Code that is fine in a page of
//! its own fails there: a name the file never defines throws inside a hook, so the hook never
//! answers (`lint/undeclared-name`); anything on `parent`, `top` or `opener` but
//! `postMessage` throws a SecurityError across sites (`lint/parent-access`); a `PureCloud`
//! member the client does not have throws (`lint/client-api`, in `api`); and `alert` or a
//! change to Genesys' own page freezes or breaks the agent's softphone (`lint/blocking`, in
//! `blocking`). Names are resolved by scope analysis (oxc_semantic), never by text search.

mod api;
mod blocking;
mod globals;

use oxc_ast::AstKind;
use oxc_ast::ast::{
    AssignmentExpression, Expression, IdentifierReference, MemberExpression, ObjectExpression,
    ObjectPropertyKind, Program, UnaryOperator,
};
use oxc_ast_visit::{Visit, walk};
use oxc_semantic::{Scoping, SemanticBuilder};
use oxc_span::{GetSpan, Span};

use super::places::Places;
use crate::base::position::Index;
use crate::diagnostic::{Code, Diagnostic, quote};

/// Every finding of the runtime rules on `program`; `hooks` are the spans of the functions
/// the client calls (the Framework object's function members).
pub fn check<'a>(program: &'a Program<'a>, hooks: &[Span], index: &Index<'_>) -> Vec<Diagnostic> {
    let semantic = SemanticBuilder::new()
        .with_build_nodes(true)
        .build(program)
        .semantic;
    let scoping = semantic.scoping();
    let mut out = undeclared(&semantic, program, hooks, index);
    let mut places = Places::default();
    let mut parent = Parent {
        scoping,
        places: &mut places,
    };
    parent.visit_program(program);
    out.extend(places.report(index, |name, also| {
        if name == "location" {
            Diagnostic::new(
                Code::LintParentAccess,
                "",
                format!("framework.js reaches the location of the CRM page's window{also}: reading it throws a SecurityError in a cross-site frame, and setting it navigates away the page that holds the softphone"),
                "ask the CRM page to open the record: post it a message with postMessage(message, \"https://crm.example.com\") and let the page's own code navigate a tab or pane",
            )
        } else {
            Diagnostic::new(
                Code::LintParentAccess,
                "",
                format!("framework.js reaches {} on the CRM page's window{also}: framework.js runs in Genesys' page at https://apps.<domain>, a cross-site frame, where anything but postMessage throws a SecurityError", quote(name)),
                "post the CRM page a message with postMessage(message, \"https://crm.example.com\") and let a listener on the CRM page, which checks event.origin, do the work",
            )
        }
    }));
    out.extend(api::check(program, scoping, index));
    out.extend(blocking::check(program, scoping, index));
    out
}

/// The functions the client calls: the Framework object's function members (`initialSetup`,
/// `screenPop`, `processCallLog`, ...) and `config.getUserLanguage`.
pub fn hook_spans(framework: &ObjectExpression<'_>) -> Vec<Span> {
    let mut out = Vec::new();
    let members = framework.properties.iter().chain(
        crate::js::framework::config(framework)
            .map(|c| c.properties.iter())
            .into_iter()
            .flatten(),
    );
    for p in members {
        if let ObjectPropertyKind::ObjectProperty(p) = p
            && matches!(
                p.value.without_parentheses(),
                Expression::FunctionExpression(_) | Expression::ArrowFunctionExpression(_)
            )
        {
            out.push(p.value.span());
        }
    }
    out
}

/// `name` as the browser's global of that name: an identifier no declaration in the file
/// binds.
pub(super) fn is_global(scoping: &Scoping, id: &IdentifierReference<'_>, name: &str) -> bool {
    id.name == name
        && id
            .reference_id
            .get()
            .is_none_or(|r| scoping.get_reference(r).symbol_id().is_none())
}

/// `name` or `window.name` (also `self.`, `globalThis.`), as the browser's global.
pub(super) fn global_member<'e>(scoping: &Scoping, e: &'e Expression<'_>) -> Option<&'e str> {
    match e.without_parentheses() {
        Expression::Identifier(id) => {
            is_global(scoping, id, id.name.as_str()).then(|| id.name.as_str())
        }
        other => {
            let m = other.as_member_expression()?;
            let Expression::Identifier(obj) = m.object().without_parentheses() else {
                return None;
            };
            let window = ["window", "self", "globalThis"]
                .iter()
                .any(|w| is_global(scoping, obj, w));
            window.then(|| m.static_property_name()).flatten()
        }
    }
}

/// Names a hook reads that nothing defines: not the file (any declaration, an assignment
/// to an undeclared name or to `window.name`), not the browser, not the client. Each name
/// once, at its first use.
fn undeclared(
    semantic: &oxc_semantic::Semantic<'_>,
    program: &Program<'_>,
    hooks: &[Span],
    index: &Index<'_>,
) -> Vec<Diagnostic> {
    let scoping = semantic.scoping();
    let nodes = semantic.nodes();
    let mut assigned = WindowAssigned::default();
    assigned.visit_program(program);
    let mut places = Places::default();
    for (name, refs) in scoping.root_unresolved_references() {
        let name: &str = name.as_str();
        if globals::is_known(name) || assigned.names.contains(name) {
            continue;
        }
        // `foo = ...` anywhere makes `foo` a global of the page's own.
        if refs.iter().any(|r| scoping.get_reference(*r).is_write()) {
            continue;
        }
        for r in refs {
            let node = scoping.get_reference(*r).node_id();
            let span = nodes.get_node(node).span();
            if !hooks
                .iter()
                .any(|h| h.start <= span.start && span.end <= h.end)
            {
                continue;
            }
            // `typeof foo` is how a file asks whether foo exists; it never throws.
            if let AstKind::UnaryExpression(u) = nodes.parent_kind(node)
                && u.operator == UnaryOperator::Typeof
            {
                continue;
            }
            places.add(name, span.start);
        }
    }
    places.report(index, |name, also| {
        Diagnostic::new(
            Code::LintUndeclaredName,
            "",
            format!("a hook uses {}{also}, which the file never defines and neither the browser nor the Genesys client provides: the hook throws a ReferenceError there, never answers, and the client waits", quote(name)),
            "define it in framework.js (framework.js is the only script in Genesys' page: a function defined by the CRM page is not there), or fix the spelling",
        )
    })
}

/// Names the file makes globals of by assigning `window.name = ...` (also `self.`,
/// `globalThis.`).
#[derive(Default)]
struct WindowAssigned {
    names: std::collections::HashSet<String>,
}

impl<'a> Visit<'a> for WindowAssigned {
    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        if let Some(m) = it.left.as_member_expression()
            && let Expression::Identifier(obj) = m.object().without_parentheses()
            && matches!(obj.name.as_str(), "window" | "self" | "globalThis")
            && let Some(name) = m.static_property_name()
        {
            self.names.insert(name.to_string());
        }
        walk::walk_assignment_expression(self, it);
    }
}

/// Properties a cross-origin window lets another read or call (HTML's
/// CrossOriginProperties): anything else throws a SecurityError. `location` may be set
/// but never read, and setting it navigates the CRM page: reported apart.
const CROSS_ORIGIN_SAFE: &[&str] = &[
    "postMessage",
    "closed",
    "length",
    "frames",
    "window",
    "self",
    "parent",
    "top",
    "opener",
    "focus",
    "blur",
    "close",
];

struct Parent<'s, 'p> {
    scoping: &'s Scoping,
    places: &'p mut Places,
}

impl Parent<'_, '_> {
    /// `parent`, `top`, `opener` (also through `window.`), and windows reached from them
    /// (`parent.parent`, `top.frames[0]`).
    fn is_crm_window(&self, e: &Expression<'_>) -> bool {
        if let Some(name) = global_member(self.scoping, e) {
            return matches!(name, "parent" | "top" | "opener");
        }
        match e.without_parentheses().as_member_expression() {
            Some(MemberExpression::ComputedMemberExpression(c)) => {
                c.object.as_member_expression().is_some_and(|m| {
                    m.static_property_name() == Some("frames") && self.is_crm_window(m.object())
                })
            }
            Some(m) => {
                matches!(
                    m.static_property_name(),
                    Some("parent" | "top" | "opener" | "window" | "self")
                ) && self.is_crm_window(m.object())
            }
            None => false,
        }
    }
}

impl<'a> Visit<'a> for Parent<'_, '_> {
    fn visit_member_expression(&mut self, it: &MemberExpression<'a>) {
        if self.is_crm_window(it.object()) {
            let name = match it {
                MemberExpression::ComputedMemberExpression(c) => match &c.expression {
                    Expression::StringLiteral(s) => Some(s.value.as_str()),
                    // `frames[0]` and `parent[x]` (a frame by index) are windows too.
                    _ => None,
                },
                m => m.static_property_name(),
            };
            if let Some(name) = name
                && !CROSS_ORIGIN_SAFE.contains(&name)
            {
                self.places.add(name, it.span().start);
            }
        }
        walk::walk_member_expression(self, it);
    }
}
