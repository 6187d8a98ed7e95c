//! `lint/client-api`: calls to `window.PureCloud`, the API the Genesys client gives
//! framework.js, judged against what the client has. A member it does not have
//! (`PureCloud.addAttribute` for `addCustomAttributes`) throws a TypeError; an argument of
//! the wrong kind, or an object literal without the keys the call needs, does nothing; and
//! `PureCloud` called at the top level of the file runs before the client has made it (the
//! client calls `initialSetup` when it is ready, and that is where its documentation
//! subscribes).
//!
//! The members and the shapes of their arguments, with their evidence: Genesys'
//! purecloud-embeddable-framework-example (src/framework.js calls every member but
//! `getAuthToken` and `Chat.getTranscript`; src/scripts/example.js and src/example.html
//! build each payload, such as `{interactionId, attributes}`, `{action, id}`,
//! `{type: "main", view: {name}}`), the embeddable-framework blueprint
//! (src/public/framework.js: `Interaction.Chat.getTranscript`), and
//! ../shared/reference/embeddable-framework.md (`User.getAuthToken(callback)`).

use oxc_ast::ast::{
    ArrowFunctionExpression, CallExpression, Expression, Function, ObjectExpression,
    ObjectPropertyKind, Program,
};
use oxc_ast_visit::{Visit, walk};
use oxc_semantic::Scoping;
use oxc_span::GetSpan;
use oxc_syntax::scope::ScopeFlags;

use super::global_member;
use crate::base::position::Index;
use crate::diagnostic::{Code, Diagnostic, Severity, quote};
use crate::lint::places::Places;

/// What a member's first argument must be.
#[derive(Clone, Copy)]
enum Shape {
    /// An array (of subscriptions).
    Array,
    /// A function (the callback).
    Function,
    /// An object with these keys.
    Object(&'static [&'static str]),
    /// Not judged.
    Any,
}

const API: &[(&str, Shape)] = &[
    ("subscribe", Shape::Array),
    ("clickToDial", Shape::Object(&[])),
    ("addAssociation", Shape::Object(&["type", "id", "text"])),
    (
        "addCustomAttributes",
        Shape::Object(&["interactionId", "attributes"]),
    ),
    ("addTransferContext", Shape::Object(&["name", "attributes"])),
    ("User.updateStatus", Shape::Object(&["id"])),
    ("User.setView", Shape::Object(&["type", "view"])),
    ("User.getAuthToken", Shape::Function),
    ("User.Notification.notifyUser", Shape::Object(&["message"])),
    (
        "User.Notification.setAudioConfiguration",
        Shape::Object(&[]),
    ),
    ("Interaction.updateState", Shape::Object(&["action", "id"])),
    ("Interaction.Chat.getTranscript", Shape::Any),
];

/// The subscription types `subscribe` takes.
const TYPES: &[&str] = &["Interaction", "UserAction", "Notification"];

/// The categories each type is seen to send (../shared/reference/embeddable-framework.md:
/// Genesys' documentation of `subscribe`, and `messageUpdate`, `interactionSelection` from
/// the blueprint and third-party connectors). Another is an info: the client may send
/// categories no public file shows, and the callback then never hears of that one.
const CATEGORIES: &[(&str, &[&str])] = &[
    (
        "Interaction",
        &[
            "add",
            "change",
            "connect",
            "disconnect",
            "acw",
            "deallocate",
        ],
    ),
    ("UserAction", &["status", "routingStatus"]),
    (
        "Notification",
        &[
            "chatUpdate",
            "interactionWindow",
            "messageUpdate",
            "interactionSelection",
        ],
    ),
];

pub fn check(program: &Program<'_>, scoping: &Scoping, index: &Index<'_>) -> Vec<Diagnostic> {
    let mut v = Api {
        scoping,
        index,
        depth: 0,
        unknown: Places::default(),
        top: Places::default(),
        out: Vec::new(),
    };
    v.visit_program(program);
    let mut out = v.out;
    out.extend(v.unknown.report(index, |path, also| {
        let (parent, name) = path.rsplit_once('.').unwrap_or(("", path));
        let known: Vec<&str> = API
            .iter()
            .filter_map(|(p, _)| {
                let (pp, n) = p.rsplit_once('.').unwrap_or(("", p));
                (pp == parent).then_some(n)
            })
            .collect();
        let hint = match nearest(name, &known) {
            Some(n) => format!("write PureCloud.{}{n}, the client's own name", if parent.is_empty() { String::new() } else { format!("{parent}.") }),
            None => format!("use one of the client's members: {}", API.iter().map(|(p, _)| format!("PureCloud.{p}")).collect::<Vec<_>>().join(", ")),
        };
        Diagnostic::new(
            Code::LintClientApi,
            "",
            format!("{} is not part of the Genesys client's API{also}: the call throws a TypeError and nothing after it in that function runs", quote(&format!("PureCloud.{path}"))),
            hint,
        )
    }));
    out.extend(v.top.report(index, |path, also| {
        Diagnostic::new(
            Code::LintClientApi,
            "",
            format!("{} is called at the top level of framework.js{also}, when the file loads, before the client calls initialSetup: window.PureCloud may not be there yet", quote(&format!("PureCloud.{path}"))),
            "call it inside initialSetup: function () { window.PureCloud.subscribe([...]); }, which the client calls once it is ready",
        )
        .with_severity(Severity::Warning)
    }));
    out
}

struct Api<'s, 'i, 't> {
    scoping: &'s Scoping,
    index: &'i Index<'t>,
    /// Functions the visitor is inside: 0 is the file's top level, run at load.
    depth: usize,
    unknown: Places,
    top: Places,
    out: Vec<Diagnostic>,
}

impl Api<'_, '_, '_> {
    /// `PureCloud.a.b` (also `window.PureCloud.a.b`) as "a.b".
    fn path(&self, e: &Expression<'_>) -> Option<String> {
        let m = e.without_parentheses().as_member_expression()?;
        let name = m.static_property_name()?;
        if global_member(self.scoping, m.object()) == Some("PureCloud") {
            return Some(name.to_string());
        }
        self.path(m.object()).map(|p| format!("{p}.{name}"))
    }

    fn push(&mut self, offset: u32, message: String, hint: &str) {
        let (line, column) = self.index.line_col(offset as usize);
        self.out
            .push(Diagnostic::new(Code::LintClientApi, "", message, hint).at(line, column));
    }

    fn argument(&mut self, path: &str, shape: Shape, call: &CallExpression<'_>) {
        let Some(arg) = call.arguments.first() else {
            if !matches!(shape, Shape::Any) {
                self.push(
                    call.span.start,
                    format!("PureCloud.{path} is called without an argument, so it does nothing"),
                    "pass what the call takes, as Genesys' example does",
                );
            }
            return;
        };
        let Some(e) = arg.as_expression().map(Expression::without_parentheses) else {
            return;
        };
        let literal = matches!(
            e,
            Expression::StringLiteral(_)
                | Expression::NumericLiteral(_)
                | Expression::BooleanLiteral(_)
                | Expression::NullLiteral(_)
                | Expression::TemplateLiteral(_)
                | Expression::ArrayExpression(_)
                | Expression::ObjectExpression(_)
                | Expression::FunctionExpression(_)
                | Expression::ArrowFunctionExpression(_)
        );
        if !literal {
            return; // A variable or a call: not known here.
        }
        let (ok, wants) = match shape {
            Shape::Any => (true, ""),
            Shape::Array => (
                matches!(e, Expression::ArrayExpression(_)),
                "an array of subscriptions, such as [{ type: \"Interaction\", callback: function (category, interaction) { ... } }]",
            ),
            Shape::Function => (
                matches!(
                    e,
                    Expression::FunctionExpression(_) | Expression::ArrowFunctionExpression(_)
                ),
                "a function, which the client calls with the answer",
            ),
            Shape::Object(_) => (matches!(e, Expression::ObjectExpression(_)), "an object"),
        };
        if !ok {
            self.push(
                e.span().start,
                format!("PureCloud.{path} is given the wrong kind of argument: it takes {wants}"),
                "pass what the call takes, as Genesys' example does",
            );
            return;
        }
        if let (Shape::Object(keys), Expression::ObjectExpression(o)) = (shape, e) {
            let missing: Vec<&str> = keys.iter().copied().filter(|k| !has_key(o, k)).collect();
            if !missing.is_empty() && !has_spread(o) {
                self.push(o.span.start, format!("PureCloud.{path} is given an object without {}, so the client has nothing to act on", missing.iter().map(|k| quote(k)).collect::<Vec<_>>().join(" and ")), &format!("give {} as Genesys' example does, such as PureCloud.{path}({})", missing.join(" and "), example(path)));
            }
        }
        if let (Shape::Array, Expression::ArrayExpression(a)) = (shape, e) {
            for el in &a.elements {
                if let Some(Expression::ObjectExpression(o)) =
                    el.as_expression().map(Expression::without_parentheses)
                {
                    self.subscription(o);
                }
            }
        }
    }

    /// One `{type, categories?, callback}` given to `subscribe`.
    fn subscription(&mut self, o: &ObjectExpression<'_>) {
        if has_spread(o) {
            return;
        }
        for p in &o.properties {
            if let ObjectPropertyKind::ObjectProperty(p) = p
                && p.key.static_name().is_some_and(|k| k == "type")
                && let Expression::StringLiteral(s) = p.value.without_parentheses()
                && !TYPES.contains(&s.value.as_str())
            {
                let hint = match nearest(&s.value, TYPES) {
                    Some(t) => format!("write type: \"{t}\""),
                    None => {
                        "write type: \"Interaction\", \"UserAction\" or \"Notification\"".into()
                    }
                };
                self.push(s.span.start, format!("subscription type {} is not one the client sends: the callback is never called", quote(&s.value)), &hint);
            }
        }
        let kind = o.properties.iter().find_map(|p| match p {
            ObjectPropertyKind::ObjectProperty(p)
                if p.key.static_name().is_some_and(|k| k == "type") =>
            {
                match p.value.without_parentheses() {
                    Expression::StringLiteral(s) => Some(s.value.as_str()),
                    _ => None,
                }
            }
            _ => None,
        });
        let known = kind
            .and_then(|k| CATEGORIES.iter().find(|(t, _)| *t == k))
            .map(|(_, c)| *c);
        for p in &o.properties {
            if let (Some(known), ObjectPropertyKind::ObjectProperty(p)) = (known, p)
                && p.key.static_name().is_some_and(|k| k == "categories")
                && let Expression::ArrayExpression(a) = p.value.without_parentheses()
            {
                for el in &a.elements {
                    if let Some(Expression::StringLiteral(c)) =
                        el.as_expression().map(Expression::without_parentheses)
                        && !known.contains(&c.value.as_str())
                    {
                        let kind = kind.unwrap_or_default();
                        let hint = match nearest(&c.value, known) {
                            Some(n) => format!(
                                "write \"{n}\" if that is what is meant; the {kind} categories seen are {}",
                                known.join(", ")
                            ),
                            None => format!("the {kind} categories seen are {}", known.join(", ")),
                        };
                        let (line, column) = self.index.line_col(c.span.start as usize);
                        self.out.push(
                            Diagnostic::new(Code::LintClientApi, "", format!("{kind} category {} is not one Genesys' documentation or any public file shows the client sending: if the client never sends it, the callback never hears of it", quote(&c.value)), hint)
                                .with_severity(Severity::Info)
                                .at(line, column),
                        );
                    }
                }
            }
        }
        if !has_key(o, "callback") {
            self.push(
                o.span.start,
                "a subscription without a callback: the client has nothing to call with its events"
                    .into(),
                "add callback: function (category, data) { ... }",
            );
        }
    }
}

fn example(path: &str) -> &'static str {
    match path {
        "addAssociation" => {
            "{ type: \"contact\", id: \"1234\", text: \"Weather Line\", select: true }"
        }
        "addCustomAttributes" => {
            "{ interactionId: interaction.id, attributes: { PT_URLPop: url } }"
        }
        "addTransferContext" => {
            "{ name: \"Case: 1234\", attributes: { PT_TransferContext: \"1234\" } }"
        }
        "User.updateStatus" => "{ id: presenceId }",
        "User.setView" => "{ type: \"main\", view: { name: \"callLog\" } }",
        "User.Notification.notifyUser" => "{ message: \"Saved\", type: \"INFO\" }",
        "Interaction.updateState" => "{ action: \"pickup\", id: interaction.id }",
        _ => "{ ... }",
    }
}

fn has_key(o: &ObjectExpression<'_>, key: &str) -> bool {
    o.properties.iter().any(|p| matches!(p, ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().is_some_and(|k| k == key)))
}

fn has_spread(o: &ObjectExpression<'_>) -> bool {
    o.properties
        .iter()
        .any(|p| matches!(p, ObjectPropertyKind::SpreadProperty(_)))
}

/// The known name `name` most likely means: the one sharing the longest common
/// subsequence with it, when that covers most of the shorter of the two
/// (`addAttribute` -> `addCustomAttributes`). Long names are not compared: the cost is
/// the product of the lengths.
fn nearest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    if name.len() > 64 {
        return None;
    }
    let name = name.to_ascii_lowercase();
    known
        .iter()
        .map(|k| {
            let lower = k.to_ascii_lowercase();
            let shared = lcs(name.as_bytes(), lower.as_bytes());
            (shared * 10 / name.len().min(lower.len()).max(1), shared, *k)
        })
        .filter(|(ratio, _, _)| *ratio >= 8)
        .max_by_key(|(ratio, shared, _)| (*ratio, *shared))
        .map(|(_, _, k)| k)
}

fn lcs(a: &[u8], b: &[u8]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for &x in a {
        let mut diag = 0;
        for (j, &y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    row[b.len()]
}

impl<'a> Visit<'a> for Api<'_, '_, '_> {
    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        self.depth += 1;
        walk::walk_function(self, it, flags);
        self.depth -= 1;
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        self.depth += 1;
        walk::walk_arrow_function_expression(self, it);
        self.depth -= 1;
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if let Some(path) = self.path(&it.callee) {
            match API.iter().find(|(p, _)| *p == path) {
                Some((_, shape)) => {
                    if self.depth == 0 {
                        self.top.add(&path, it.span.start);
                    }
                    self.argument(&path, *shape, it);
                }
                None => self.unknown.add(&path, it.span.start),
            }
        }
        walk::walk_call_expression(self, it);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn nearest_names_what_a_misspelling_means() {
        let top = [
            "subscribe",
            "clickToDial",
            "addAssociation",
            "addCustomAttributes",
            "addTransferContext",
        ];
        assert_eq!(
            super::nearest("addAttribute", &top),
            Some("addCustomAttributes")
        );
        assert_eq!(super::nearest("clicktodial", &top), Some("clickToDial"));
        assert_eq!(super::nearest("logout", &top), None);
        assert_eq!(super::nearest(&"a".repeat(100_000), &top), None);
    }
}
