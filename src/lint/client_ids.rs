//! `lint/client-id`: the `clientIds` object of a framework.js. Its keys are region domains
//! (`"mypurecloud.ie"`, never a region code, never with a space); a value is the OAuth
//! client id, a UUID, needed only for the regions the org uses, so an empty value is not a
//! fault, but a placeholder or a value that is not a UUID is, as is no id at all. One id
//! under two regions is said (info): a client belongs to one region. Each fact is said once,
//! at its first place, with the other regions it covers named in the message.

use oxc_ast::ast::{Expression, ObjectExpression, ObjectProperty, ObjectPropertyKind};
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;

use crate::base::position::Index;
use crate::catalogue;
use crate::diagnostic::{Code, Diagnostic, Severity, quote};
use crate::rules::client_id::is_uuid;

pub struct ClientIds<'i, 't> {
    pub index: &'i Index<'t>,
    pub out: Vec<Diagnostic>,
}

impl ClientIds<'_, '_> {
    fn push(&mut self, offset: u32, message: String, hint: String, severity: Severity) {
        let (line, column) = self.index.line_col(offset as usize);
        self.out.push(
            Diagnostic::new(Code::LintClientId, "", message, hint)
                .with_severity(severity)
                .at(line, column),
        );
    }

    fn key(&mut self, key: &str, offset: u32) {
        let trimmed = key.trim();
        let region = catalogue::region(trimmed);
        let (message, hint) = match region {
            Some(r) if r.domain == key => return,
            Some(r) if r.domain == trimmed => (
                format!(
                    "clientIds key {} has spaces around the region domain, so the client never finds it",
                    quote(key)
                ),
                format!("write {}", quote(r.domain)),
            ),
            Some(r) => (
                format!(
                    "clientIds key {} is a region code; clientIds are keyed by region domain",
                    quote(key)
                ),
                format!("write {} ({})", quote(r.domain), r.code),
            ),
            None => (
                format!(
                    "clientIds key {} is not a Genesys Cloud region domain",
                    quote(key)
                ),
                crate::base::suggest::did_you_mean(
                    trimmed,
                    catalogue::REGIONS.iter().map(|r| r.domain),
                    || {
                        "key each client id by its region's domain, such as \"mypurecloud.ie\""
                            .into()
                    },
                ),
            ),
        };
        self.push(offset, message, hint, Severity::Error);
    }

    fn object(&mut self, o: &ObjectExpression<'_>) {
        // Each client id as written, in order: (id, region key, where). One fact is said
        // once, at its first place, naming the others: a placeholder under eleven regions
        // is one placeholder, not eleven.
        let mut written: Vec<(&str, String, u32)> = Vec::new();
        let mut any = false;
        let mut judged = true;
        for p in &o.properties {
            let ObjectPropertyKind::ObjectProperty(p) = p else {
                judged = false;
                continue;
            };
            let Some(key) = p.key.static_name() else {
                judged = false;
                continue;
            };
            self.key(&key, p.key.span().start);
            match p.value.without_parentheses() {
                Expression::StringLiteral(s) => {
                    let id = s.value.as_str().trim();
                    if !id.is_empty() {
                        any = true;
                        written.push((id, key.to_string(), s.span.start));
                    }
                }
                // Computed at run time: cannot be judged here.
                _ => any = true,
            }
        }
        let mut done: Vec<&str> = Vec::new();
        for (i, (id, key, at)) in written.iter().enumerate() {
            if done.contains(id) {
                continue;
            }
            done.push(id);
            let later: Vec<&(&str, String, u32)> =
                written[i + 1..].iter().filter(|w| w.0 == *id).collect();
            let others: Vec<String> = later.iter().map(|w| quote(&w.1)).collect();
            if is_uuid(id) {
                // Said where the second region takes it up.
                if let Some(second) = later.first() {
                    self.push(
                        second.2,
                        format!(
                            "client id {} is used for {}; an OAuth client belongs to one region",
                            quote(id),
                            std::iter::once(quote(key)).chain(others.iter().cloned()).collect::<Vec<_>>().join(", ")
                        ),
                        "create the OAuth client in each region the org uses, or leave the others empty".into(),
                        Severity::Info,
                    );
                }
                continue;
            }
            let lower = id.to_ascii_lowercase();
            let shouting = id.chars().any(|c| c.is_ascii_uppercase())
                && id
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c == '_' || c == '-');
            let looks = if id.contains('<')
                || shouting
                || ["client", "your", "xxx", "changeme"]
                    .iter()
                    .any(|w| lower.contains(w))
            {
                "a placeholder"
            } else {
                "not a client id (a UUID)"
            };
            let also = match others.len() {
                0 => String::new(),
                n => format!(
                    ", and so is the same value under {n} more region{}: {}",
                    if n == 1 { "" } else { "s" },
                    others.join(", ")
                ),
            };
            self.push(
                *at,
                format!("client id {} for {} is {looks}{also}", quote(id), quote(key)),
                "copy the OAuth client's id from Admin > Integrations > OAuth, such as \"5b0c7e64-2f1d-4c8a-9e3b-7a41d2c9f015\" (only the org's own region needs one)".into(),
                Severity::Error,
            );
        }
        if judged && !any {
            self.push(
                o.span.start,
                "clientIds gives no client id for any region, so no agent can log in".into(),
                "set the OAuth client's id for the org's region, such as \"mypurecloud.ie\": \"5b0c7e64-2f1d-4c8a-9e3b-7a41d2c9f015\"".into(),
                Severity::Error,
            );
        }
    }
}

impl<'a> Visit<'a> for ClientIds<'_, '_> {
    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        if it.key.static_name().is_some_and(|n| n == "clientIds")
            && let Expression::ObjectExpression(o) = it.value.without_parentheses()
        {
            self.object(o);
        }
        walk::walk_object_property(self, it);
    }
}
