//! `lint/client-id`: the `clientIds` object of a framework.js. Its keys are region domains
//! (`"mypurecloud.ie"`, never a region code, never with a space); a value is the OAuth
//! client id, a UUID, needed only for the regions the org uses, so an empty value is not a
//! fault, but a placeholder or a value that is not a UUID is, as is no id at all. One id
//! under two regions is said (info): a client belongs to one region.

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
        // Region by client id, for ids under two regions.
        let mut ids: std::collections::HashMap<String, String> = Default::default();
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
                    if id.is_empty() {
                        continue;
                    }
                    any = true;
                    if !is_uuid(id) {
                        let lower = id.to_ascii_lowercase();
                        let shouting = id.chars().any(|c| c.is_ascii_uppercase())
                            && id.chars().all(|c| c.is_ascii_uppercase() || c == '_');
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
                        self.push(
                            s.span.start,
                            format!("client id {} for {} is {looks}", quote(s.value.as_str()), quote(&key)),
                            "copy the OAuth client's id from Admin > Integrations > OAuth, such as \"5b0c7e64-2f1d-4c8a-9e3b-7a41d2c9f015\"".into(),
                            Severity::Error,
                        );
                        continue;
                    }
                    if let Some(other) = ids.get(id) {
                        self.push(
                            s.span.start,
                            format!("client id {} is used for both {} and {}; an OAuth client belongs to one region", quote(id), quote(other), quote(&key)),
                            "create the OAuth client in each region the org uses, or leave the others empty".into(),
                            Severity::Info,
                        );
                    }
                    ids.entry(id.to_string()).or_insert_with(|| key.to_string());
                }
                // Computed at run time: cannot be judged here.
                _ => any = true,
            }
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
