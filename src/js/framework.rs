//! What a script gives `window.Framework`, found by what the code does: an assignment
//! (`window.Framework = {...}`, also through `self.`, `globalThis.`, `["Framework"]`),
//! `var Framework = {...}` at a script's top level, or `Object.assign(window.Framework,
//! {...})`, wherever they sit (IIFEs, `if (typeof window ...)` wrappers). Calls such as
//! `window.Framework._bind()` give it nothing, and neither does an assignment inside a
//! function declaration that nothing in the file names (`function setup() { window.Framework
//! = {...} }`, never called): the client never sees that object.

use serde_json::{Map, Value};

use oxc_ast::ast::{
    Argument, AssignmentExpression, AssignmentTarget, CallExpression, Expression, Function,
    FunctionType, IdentifierReference, MemberExpression, ObjectExpression, ObjectPropertyKind,
    Program, VariableDeclarator,
};
use oxc_ast_visit::{Visit, walk};
use oxc_syntax::scope::ScopeFlags;

/// What the script gives `window.Framework`.
#[derive(Debug, Default, Clone)]
pub struct Given {
    /// An object with a `config`, or something that may be one (a variable, a call).
    pub configured: bool,
    /// Where an object without `config` was given, if one was.
    pub without_config: Option<u32>,
    /// The first object with a `config` given only inside a function declaration nothing
    /// names: (the function's name, where the object is).
    pub uncalled: Option<(String, u32)>,
}

/// Walk `program`, calling `found` with each object literal given to `window.Framework`
/// that has a `config` member, in the order of the file.
pub fn find<'a>(program: &Program<'a>, found: &mut dyn FnMut(&ObjectExpression<'a>)) -> Given {
    let mut named = Named::default();
    named.visit_program(program);
    named.names.sort_unstable();
    let mut v = Finder {
        given: Given::default(),
        found,
        named: named.names,
        enclosing: Vec::new(),
    };
    v.visit_program(program);
    v.given
}

/// The `config` member of a Framework object, when it is an object literal.
pub fn config<'x, 'a>(framework: &'x ObjectExpression<'a>) -> Option<&'x ObjectExpression<'a>> {
    framework.properties.iter().find_map(|p| match p {
        ObjectPropertyKind::ObjectProperty(p)
            if p.key.static_name().is_some_and(|n| n == "config") =>
        {
            match p.value.without_parentheses() {
                Expression::ObjectExpression(o) => Some(&**o),
                _ => None,
            }
        }
        _ => None,
    })
}

struct Finder<'f, 'a> {
    given: Given,
    found: &'f mut dyn FnMut(&ObjectExpression<'a>),
    /// Every name the file refers to (sorted): a function declaration whose name is not
    /// among them is never called.
    named: Vec<String>,
    /// The functions around the visitor: a declaration's name, or None for a function
    /// that may run (an expression: an IIFE, a callback, a method).
    enclosing: Vec<Option<String>>,
}

/// The names a file refers to.
#[derive(Default)]
struct Named {
    names: Vec<String>,
}

impl<'a> Visit<'a> for Named {
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        self.names.push(it.name.to_string());
    }
}

impl<'a> Finder<'_, 'a> {
    fn given(&mut self, value: &Expression<'a>) {
        match value.without_parentheses() {
            Expression::ObjectExpression(o) => self.object(o),
            // Another object built elsewhere: it cannot be told from here, so it counts.
            _ => self.given.configured = true,
        }
    }

    fn object(&mut self, o: &ObjectExpression<'a>) {
        let mut has_config = false;
        for p in &o.properties {
            match p {
                ObjectPropertyKind::ObjectProperty(p)
                    if p.key.static_name().is_some_and(|n| n == "config") =>
                {
                    if let Some(name) = self.uncalled() {
                        if self.given.uncalled.is_none() {
                            self.given.uncalled = Some((name, o.span.start));
                        }
                        return;
                    }
                    has_config = true;
                    (self.found)(o);
                    break;
                }
                // `...defaults` may bring it.
                ObjectPropertyKind::SpreadProperty(_) => has_config = true,
                _ => {}
            }
        }
        if has_config {
            self.given.configured = true;
        } else if self.given.without_config.is_none() {
            self.given.without_config = Some(o.span.start);
        }
    }
}

impl Finder<'_, '_> {
    /// The innermost enclosing function declaration that nothing names, if any.
    fn uncalled(&self) -> Option<String> {
        self.enclosing
            .iter()
            .flatten()
            .find(|n| self.named.binary_search(n).is_err())
            .cloned()
    }
}

/// `window.Framework` (also `self.`, `globalThis.`, and `["Framework"]`).
pub fn is_window_framework(m: &MemberExpression<'_>) -> bool {
    m.static_property_name() == Some("Framework")
        && matches!(m.object().without_parentheses(),
            Expression::Identifier(id) if matches!(id.name.as_str(), "window" | "self" | "globalThis"))
}

impl<'a> Visit<'a> for Finder<'_, 'a> {
    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        let name = (it.r#type == FunctionType::FunctionDeclaration)
            .then(|| it.id.as_ref().map(|id| id.name.to_string()))
            .flatten();
        self.enclosing.push(name);
        walk::walk_function(self, it, flags);
        self.enclosing.pop();
    }

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
                    None => self.given.configured = true,
                }
            }
        }
        walk::walk_call_expression(self, it);
    }
}

/// Where an imported deployment lands in the workspace.
pub const DEPLOYMENT: &str = "/deployment/0";
/// Config members are read under this prefix, then renamed to where they land.
pub const CONFIG: &str = "/config";

/// The workspace pointer of a pointer into `config`.
pub fn workspace_path(config_path: &str) -> String {
    let rest = config_path.strip_prefix(CONFIG).unwrap_or(config_path);
    for (from, to) in [
        ("/name", "/name"),
        (
            "/customInteractionAttributes",
            "/custom_interaction_attributes",
        ),
        ("/clientIds", "/client_id"),
        ("/settings", "/settings"),
    ] {
        if let Some(tail) = rest.strip_prefix(from)
            && (tail.is_empty() || tail.starts_with('/'))
        {
            let tail = if from == "/clientIds" { "" } else { tail };
            return format!("{DEPLOYMENT}{to}{tail}");
        }
    }
    DEPLOYMENT.to_string()
}

/// A null setting is the client's default, as if it were not written (TOML has no null);
/// `framesmith lint` judges settings the same way.
pub fn drop_nulls(m: &mut Map<String, Value>) {
    m.retain(|_, v| !v.is_null());
    for v in m.values_mut() {
        if let Value::Object(inner) = v {
            drop_nulls(inner);
        }
    }
}
