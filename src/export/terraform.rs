//! The workspace as Terraform for Genesys Cloud CX as Code: an OAuth client per deployment,
//! an integration per instance and an integration action per data source, written in the
//! layout `terraform fmt` produces (two-space indents, `=` aligned within each run of
//! one-line attributes), so formatting it changes nothing.

use serde_json::Value;

use super::data_actions;
use crate::workspace::slug::ident;
use crate::workspace::{Flow, Status, Workspace};

/// One line of a body: an attribute (on one line) or a nested block.
enum Item {
    Attr(String, String),
    Block(String, Vec<Item>),
}

fn attr(k: &str, v: String) -> Item {
    Item::Attr(k.to_string(), v)
}

/// An HCL string literal: quotes, backslashes and controls escaped, and `${` / `%{` doubled
/// so no value is read as a template.
fn string(s: &str) -> String {
    let mut out = String::from("\"");
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An object key: bare when it is an identifier, quoted otherwise. HCL's keywords are
/// quoted too: `{ for = ... }` opens a for expression, and `null`, `true` and `false` are
/// values, not names.
fn key(k: &str) -> String {
    const KEYWORDS: &[&str] = &["for", "in", "if", "null", "true", "false"];
    let bare = !KEYWORDS.contains(&k)
        && k.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { k.to_string() } else { string(k) }
}

fn list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| string(s)).collect();
    format!("[{}]", parts.join(", "))
}

fn object(m: &serde_json::Map<String, Value>) -> String {
    if m.is_empty() {
        return "{}".into();
    }
    let parts: Vec<String> = m
        .iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            format!("{} = {}", key(k), string(&text))
        })
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

/// Resource names already given, per resource type: names that collide once made identifiers
/// (the checks refuse most such workspaces, but an instance and data source pair can still
/// meet another) get `_2`, `_3`..., since Terraform refuses two resources at one address.
#[derive(Default)]
struct Taken(Vec<String>);

impl Taken {
    fn name(&mut self, kind: &str, base: String) -> String {
        let mut name = base.clone();
        let mut n = 1;
        while self.0.contains(&format!("{kind}.{name}")) {
            n += 1;
            name = format!("{base}_{n}");
        }
        self.0.push(format!("{kind}.{name}"));
        name
    }
}

fn body(out: &mut String, items: &[Item], depth: usize) {
    let pad = "  ".repeat(depth);
    let mut i = 0;
    while i < items.len() {
        // A blank line between a block and what comes before it, or after it.
        if i > 0 && (matches!(items[i], Item::Block(..)) || matches!(items[i - 1], Item::Block(..)))
        {
            out.push('\n');
        }
        match &items[i] {
            Item::Attr(..) => {
                let start = i;
                while i < items.len() && matches!(items[i], Item::Attr(..)) {
                    i += 1;
                }
                let width = items[start..i]
                    .iter()
                    .map(|it| match it {
                        Item::Attr(k, _) => k.len(),
                        Item::Block(..) => 0,
                    })
                    .max()
                    .unwrap_or(0);
                for it in &items[start..i] {
                    if let Item::Attr(k, v) = it {
                        out.push_str(&format!("{pad}{k:<width$} = {v}\n"));
                    }
                }
            }
            Item::Block(header, inner) => {
                out.push_str(&format!("{pad}{header} {{\n"));
                body(out, inner, depth + 1);
                out.push_str(&format!("{pad}}}\n"));
                i += 1;
            }
        }
    }
}

/// `main.tf` for the workspace.
pub fn main_tf(ws: &Workspace) -> String {
    let mut resources: Vec<Item> = Vec::new();
    let mut taken = Taken::default();
    for d in &ws.deployments {
        let region = crate::catalogue::region(ws.region_of(d));
        let redirects = d.oauth.redirect_uris.clone().unwrap_or_else(|| {
            region
                .map(|r| vec![r.ef_redirect_uri()])
                .unwrap_or_default()
        });
        resources.push(Item::Block(
            format!(
                "resource \"genesyscloud_oauth_client\" \"{}\"",
                taken.name("oauth_client", ident(&d.name))
            ),
            vec![
                attr("name", string(&d.name)),
                attr(
                    "description",
                    string(&format!(
                        "Embeddable Framework deployment {} (framesmith)",
                        d.name
                    )),
                ),
                attr(
                    "access_token_validity_seconds",
                    d.token_lifetime().to_string(),
                ),
                attr(
                    "authorized_grant_type",
                    string(if d.oauth.flow == Flow::Pkce {
                        "CODE"
                    } else {
                        "TOKEN"
                    }),
                ),
                attr("registered_redirect_uris", list(&redirects)),
                attr("scopes", list(&d.scopes())),
                attr(
                    "state",
                    string(if d.status == Status::Active {
                        "active"
                    } else {
                        "inactive"
                    }),
                ),
            ],
        ));
    }
    for inst in &ws.integrations {
        let Some(t) = ws.integration_type(&inst.kind) else {
            continue;
        };
        let inst_id = taken.name("integration", ident(&inst.name));
        // Credentials stay in the vault: clientSecretCredentialId is a reference, and the
        // secret itself never enters the workspace or this file.
        let properties: serde_json::Map<String, Value> = inst
            .properties
            .iter()
            .filter(|(k, _)| {
                k.as_str() == "clientSecretCredentialId" || !crate::base::secret::secret_key_name(k)
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let enabled = inst.status.as_deref() != Some("inactive");
        resources.push(Item::Block(
            format!("resource \"genesyscloud_integration\" \"{inst_id}\""),
            vec![
                attr(
                    "intended_state",
                    string(if enabled { "ENABLED" } else { "DISABLED" }),
                ),
                attr("integration_type", string("custom-rest-actions")),
                Item::Block(
                    "config".into(),
                    vec![
                        attr("name", string(&inst.name)),
                        attr("properties", string(&Value::Object(properties).to_string())),
                        attr("advanced", string("{}")),
                        attr("notes", string(&format!("{} (framesmith)", t.name))),
                    ],
                ),
            ],
        ));
        for ds in &t.data_sources {
            let a = data_actions::action(t, Some(inst), ds);
            let req = &a["config"]["request"];
            let resp = &a["config"]["response"];
            let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
            let map = |v: &Value| v.as_object().cloned().unwrap_or_default();
            resources.push(Item::Block(
                format!(
                    "resource \"genesyscloud_integration_action\" \"{}\"",
                    taken.name("action", format!("{inst_id}_{}", ident(&ds.name)))
                ),
                vec![
                    attr("name", string(&text(&a["name"]))),
                    attr("category", string(&t.name)),
                    attr(
                        "integration_id",
                        format!("genesyscloud_integration.{inst_id}.id"),
                    ),
                    attr("secure", "false".into()),
                    attr(
                        "contract_input",
                        string(&a["contract"]["input"]["inputSchema"].to_string()),
                    ),
                    attr(
                        "contract_output",
                        string(&a["contract"]["output"]["successSchema"].to_string()),
                    ),
                    Item::Block(
                        "config_request".into(),
                        vec![
                            attr(
                                "request_url_template",
                                string(&text(&req["requestUrlTemplate"])),
                            ),
                            attr("request_type", string(&text(&req["requestType"]))),
                            attr("request_template", string(&text(&req["requestTemplate"]))),
                            attr("headers", object(&map(&req["headers"]))),
                        ],
                    ),
                    Item::Block(
                        "config_response".into(),
                        vec![
                            attr("translation_map", object(&map(&resp["translationMap"]))),
                            attr(
                                "translation_map_defaults",
                                object(&map(&resp["translationMapDefaults"])),
                            ),
                            attr("success_template", string(&text(&resp["successTemplate"]))),
                        ],
                    ),
                ],
            ));
        }
    }
    let mut out = format!(
        "# Genesys Cloud CX as Code, written by framesmith {}.\n# OAuth client secrets and the CRM's credentials are not here: add them from your vault.\n\n",
        crate::base::VERSION
    );
    body(&mut out, &resources, 0);
    out
}
