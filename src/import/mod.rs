//! Reading a hand-edited framework.js back into a workspace, so admins can bring the files
//! they have today. The file is read by the one JavaScript front end (`crate::js`, oxc): a
//! file that is not JavaScript is refused at the parser's position; the `config` object
//! literal given to `window.Framework` is read value by value; whatever is code rather than
//! a literal is left out and reported with its line and column, never guessed.

use crate::js::framework::{CONFIG, DEPLOYMENT, drop_nulls, workspace_path};
use std::collections::HashMap;

use oxc_allocator::Allocator;
use oxc_ast::ast::{
    Argument, AssignmentExpression, AssignmentTarget, CallExpression, Expression,
    VariableDeclarator,
};
use oxc_ast_visit::{Visit, walk};
use serde_json::{Map, Value};

use crate::base::pointer;
use crate::base::position::Index;
use crate::catalogue;
use crate::diagnostic::{Code, Diagnostic, Severity, quote};
use crate::js::{self, literal::Literals};
use crate::rules::client_id::is_uuid;
use crate::workspace::{Deployment, Flow, Org, Workspace};

/// What an import produced.
#[derive(Debug, Clone)]
pub struct Imported {
    pub workspace: Option<Workspace>,
    /// The same workspace as a JSON value (what the page holds).
    pub value: Option<Value>,
    /// The workspace as TOML, when one could be read.
    pub toml: Option<String>,
    /// What could not be carried over, with its line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// `framesmith lint`'s findings on the same file (empty when it is not JavaScript:
    /// `diagnostics` says why).
    pub findings: Vec<Diagnostic>,
}

/// Findings made while turning the file into a deployment.
struct Notes<'t> {
    diags: Vec<Diagnostic>,
    /// Where each key of `config` was written, by pointer.
    keys: crate::standin::strmap::StrMap<usize>,
    index: &'t Index<'t>,
}

impl Notes<'_> {
    fn note(
        &mut self,
        code: Code,
        severity: Severity,
        offset: usize,
        path: &str,
        message: String,
        hint: &str,
    ) {
        let (l, c) = self.index.line_col(offset);
        self.diags.push(
            Diagnostic::new(code, path, message, hint)
                .with_severity(severity)
                .at(l, c),
        );
    }
}

/// What the script posts to: the second argument of each `postMessage(...)`, as a literal
/// or a variable first set to one.
#[derive(Default)]
struct Posts {
    targets: Vec<(Target, usize)>,
    /// The first string each variable is set to.
    initial: HashMap<String, String>,
}

enum Target {
    Text(String),
    Variable(String),
}

impl Posts {
    fn resolved(self) -> Vec<(String, usize)> {
        let initial = self.initial;
        self.targets
            .into_iter()
            .filter_map(|(t, at)| match t {
                Target::Text(s) => Some((s, at)),
                Target::Variable(v) => initial.get(&v).map(|s| (s.clone(), at)),
            })
            .collect()
    }
}

impl<'a> Visit<'a> for Posts {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let post = match it.callee.without_parentheses() {
            Expression::Identifier(id) => id.name == "postMessage",
            callee => callee
                .as_member_expression()
                .is_some_and(|m| m.static_property_name() == Some("postMessage")),
        };
        if post {
            let at = |e: &Expression<'_>| oxc_span::GetSpan::span(e).start as usize;
            match it
                .arguments
                .get(1)
                .and_then(Argument::as_expression)
                .map(|e| e.without_parentheses())
            {
                Some(Expression::StringLiteral(s)) => self
                    .targets
                    .push((Target::Text(s.value.to_string()), s.span.start as usize)),
                Some(e @ Expression::Identifier(id)) => self
                    .targets
                    .push((Target::Variable(id.name.to_string()), at(e))),
                _ => {}
            }
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let (Some(name), Some(Expression::StringLiteral(s))) = (
            it.id.get_identifier_name(),
            it.init.as_ref().map(|e| e.without_parentheses()),
        ) {
            self.initial
                .entry(name.to_string())
                .or_insert_with(|| s.value.to_string());
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        if let (AssignmentTarget::AssignmentTargetIdentifier(id), Expression::StringLiteral(s)) =
            (&it.left, it.right.without_parentheses())
        {
            self.initial
                .entry(id.name.to_string())
                .or_insert_with(|| s.value.to_string());
        }
        walk::walk_assignment_expression(self, it);
    }
}

/// Config keys framesmith carries; anything else is reported as unsupported.
const CONFIG_KEYS: &[&str] = &[
    "name",
    "clientIds",
    "customInteractionAttributes",
    "settings",
];

/// Read a framework.js and describe the deployment it configures.
pub fn framework_js(src: &str) -> Imported {
    let index = Index::new(src);
    let nothing = |diagnostics, findings| Imported {
        workspace: None,
        value: None,
        toml: None,
        diagnostics,
        findings,
    };
    let allocator = Allocator::default();
    let parsed = match js::parse(&allocator, src, &index) {
        Ok(p) => p,
        Err(syntax) => return nothing(syntax, Vec::new()),
    };
    let findings = crate::lint::findings(&parsed.program, src, &index);
    // The first object given to window.Framework with a `config`, read: the config (when
    // it is an object literal), what the reader saw, and where the object starts.
    type Read<'t> = (Option<Map<String, Value>>, Literals<'t>, usize);
    let mut read: Option<Read<'_>> = None;
    js::framework::find(&parsed.program, &mut |fw| {
        if read.is_some() {
            return;
        }
        let mut lit = Literals::new(src);
        let config = js::framework::config(fw).and_then(|c| lit.object(c, CONFIG));
        read = Some((config, lit, fw.span.start as usize));
    });
    let Some((config, lit, at)) = read else {
        return nothing(vec![
            Diagnostic::new(
                Code::ImportNoFramework,
                "",
                "no `window.Framework = { ... }` object literal found",
                "import reads files that assign an object literal with a `config` to window.Framework",
            )
            .at(1, 1),
        ], findings);
    };
    let Some(mut config) = config else {
        let (l, c) = index.line_col(at);
        return nothing(
            vec![
                Diagnostic::new(
                    Code::ImportNoFramework,
                    "",
                    "window.Framework has no `config` object literal",
                    "add config: { name, clientIds, settings, customInteractionAttributes }",
                )
                .at(l, c),
            ],
            findings,
        );
    };
    let mut posts = Posts::default();
    posts.visit_program(&parsed.program);
    let posts = posts.resolved();
    let mut r = Notes {
        diags: Vec::new(),
        keys: Default::default(),
        index: &index,
    };
    for (path, offset) in &lit.too_deep {
        r.note(
            Code::ImportUnreadable,
            Severity::Error,
            *offset,
            path,
            format!(
                "this value is nested more than {} levels deep; it was left out",
                crate::base::depth::MAX_DEPTH
            ),
            "no Embeddable Framework setting nests this deep: remove the value",
        );
    }
    for c in &lit.code {
        r.note(
            Code::ImportUnreadable,
            Severity::Warning,
            c.offset,
            &c.path,
            format!(
                "{} is code, not a literal value; it was left out",
                quote(&c.text)
            ),
            "write the value into the workspace by hand if the deployment needs it",
        );
    }
    r.keys = lit.keys;
    let d = deployment(&mut r, &mut config, &posts, at);
    let region = d.region.clone().unwrap_or_else(|| "us-east-1".into());
    for d in &mut r.diags {
        if d.path.starts_with(CONFIG) {
            d.path = workspace_path(&d.path);
        }
    }
    r.diags.sort_by_key(|d| (d.line, d.column));
    let ws = Workspace {
        org: Org {
            name: d.name.clone(),
            region,
        },
        deployments: vec![d],
        ..Workspace::default()
    };
    // Through the JSON value, so that the page and the CLI share one TOML writer.
    let value = Some(crate::workspace::value::workspace(&ws));
    let toml = match value
        .as_ref()
        .map(|v| crate::workspace::source::write(v, crate::workspace::source::Format::Toml))
    {
        Some(Ok(t)) => Some(format!(
            "# Imported by framesmith {} from a hand-edited framework.js. [org] is a placeholder:\n# set the org's real name, then run `framesmith check` on this file.\n\n{t}",
            crate::base::VERSION
        )),
        Some(Err(e)) => {
            r.diags.push(
                Diagnostic::new(
                    Code::ImportUnreadable,
                    e.path,
                    format!("the deployment cannot be written as TOML: {}", e.message),
                    "edit the value in framework.js, then import it again",
                )
                .at(1, 1),
            );
            None
        }
        None => None,
    };
    Imported {
        workspace: Some(ws),
        value,
        toml,
        diagnostics: r.diags,
        findings,
    }
}

fn deployment(
    r: &mut Notes<'_>,
    config: &mut Map<String, Value>,
    posts: &[(String, usize)],
    at: usize,
) -> Deployment {
    let mut d = Deployment::default();
    let keys: Vec<String> = config.keys().cloned().collect();
    for k in keys.iter().filter(|k| !CONFIG_KEYS.contains(&k.as_str())) {
        let offset = r.keys.get(&pointer::push(CONFIG, k)).copied().unwrap_or(at);
        r.note(
            Code::ImportUnsupported,
            Severity::Warning,
            offset,
            DEPLOYMENT,
            format!("config.{k} has no place in a framesmith workspace; it was left out"),
            "framesmith generates the rest of framework.js; raise an issue if the deployment needs this key",
        );
    }
    match config.remove("name") {
        Some(Value::String(s)) => d.name = s,
        _ => {
            d.name = "Imported deployment".into();
            r.note(
                Code::ImportUnreadable,
                Severity::Warning,
                at,
                &pointer::push(DEPLOYMENT, "name"),
                "config.name is missing or not a string".into(),
                "set the deployment's name",
            );
        }
    }
    if let Some(Value::Array(attrs)) = config.remove("customInteractionAttributes") {
        d.custom_interaction_attributes = attrs
            .into_iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect();
    }
    client_id(r, config.remove("clientIds"), &mut d, at);
    if let Some(Value::Object(mut settings)) = config.remove("settings") {
        // `retain` keeps the other settings in their order, with or without `ordered`.
        let pkce = settings.get("usePKCEAuthFlow").cloned();
        settings.retain(|k, _| k != "usePKCEAuthFlow");
        match pkce {
            Some(Value::Bool(true)) => d.oauth.flow = Flow::Pkce,
            _ => {
                d.oauth.flow = Flow::Implicit;
                r.note(
                    Code::ImportFlow,
                    Severity::Info,
                    at,
                    &pointer::push(&pointer::push(DEPLOYMENT, "oauth"), "flow"),
                    "settings.usePKCEAuthFlow is not true, so this file logs in with the implicit grant".into(),
                    "create a PKCE OAuth client and set flow = \"pkce\"",
                );
            }
        }
        // TOML has no null; a null setting is the same as an absent one to the client, at
        // any depth.
        drop_nulls(&mut settings);
        d.settings = settings;
    }
    origin(r, posts, &mut d, at);
    d
}

fn client_id(r: &mut Notes<'_>, ids: Option<Value>, d: &mut Deployment, at: usize) {
    let path = pointer::push(DEPLOYMENT, "client_id");
    let ids = match ids {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let filled: Vec<(String, String)> = ids
        .iter()
        .filter_map(|(k, v)| {
            v.as_str()
                .filter(|s| !s.trim().is_empty())
                .map(|s| (k.clone(), s.trim().to_string()))
        })
        .collect();
    let real: Vec<&(String, String)> = filled.iter().filter(|(_, id)| is_uuid(id)).collect();
    let chosen = real.first().copied().or(filled.first());
    let Some((domain, id)) = chosen else {
        r.note(
            Code::ImportClientId,
            Severity::Warning,
            at,
            &path,
            "config.clientIds holds no client id".into(),
            "set client_id to the deployment's OAuth client id and region to its region",
        );
        return;
    };
    d.client_id = Some(id.clone());
    match catalogue::region(domain) {
        Some(region) => d.region = Some(region.code.to_string()),
        None => r.note(
            Code::ImportClientId,
            Severity::Warning,
            at,
            &pointer::push(DEPLOYMENT, "region"),
            format!(
                "clientIds key {} is not a Genesys region domain",
                quote(domain)
            ),
            "set region to the deployment's region",
        ),
    }
    let others: Vec<&str> = filled
        .iter()
        .filter(|(k, _)| k != domain)
        .map(|(k, _)| k.as_str())
        .collect();
    if !others.is_empty() {
        r.note(
            Code::ImportClientId,
            Severity::Warning,
            at,
            &path,
            format!("config.clientIds has ids for several regions; imported the one for {domain} and left out {}", others.join(", ")),
            "a deployment lives in one region: make one deployment per region if the org spans several",
        );
    }
}

fn origin(r: &mut Notes<'_>, posts: &[(String, usize)], d: &mut Deployment, at: usize) {
    let path = pointer::push(DEPLOYMENT, "crm_origin");
    if let Some((_, offset)) = posts.iter().find(|(o, _)| o.contains('*')) {
        r.note(
            Code::ImportCrmOrigin,
            Severity::Warning,
            *offset,
            &path,
            "this file posts messages to any origin (\"*\"), so any page embedding it can read them".into(),
            "set crm_origin to the exact origin of the CRM page; framesmith posts only there",
        );
    }
    match posts
        .iter()
        .find(|(o, _)| !o.contains('*') && crate::base::url::split(o).is_some())
    {
        Some((o, _)) => d.crm_origin = Some(o.clone()),
        None => r.note(
            Code::ImportCrmOrigin,
            Severity::Warning,
            at,
            &path,
            "the CRM page's origin could not be read from the file".into(),
            "set crm_origin to the exact origin of the CRM page",
        ),
    }
}
