//! `lint/config-key` and `lint/setting`: the object given to `window.Framework`, read as the
//! Genesys client reads it. `config` must hold `name`, `settings`, `clientIds` and
//! `customInteractionAttributes`; keys written at the wrong level (a setting beside
//! `settings`, `getUserLanguage` outside `config`, a hook inside it) are silently ignored by
//! the client, as is the first of two equal keys. The settings themselves are judged by the
//! very rules `framesmith check` applies to a workspace (`rules::settings`), their findings
//! placed back on the line that wrote them, with the workspace pointer an import gives.

use oxc_ast::ast::{ObjectExpression, ObjectPropertyKind};
use oxc_span::GetSpan;
use serde_json::Value;

use super::hooks;
use crate::base::pointer;
use crate::base::position::Index;
use crate::base::suggest::did_you_mean;
use crate::catalogue;
use crate::diagnostic::{Code, Diagnostic, Severity, quote};
use crate::js::framework;
use crate::js::framework::workspace_path;
use crate::js::literal::{Literals, key};

/// What `config` may hold.
const CONFIG_KEYS: &[&str] = &[
    "name",
    "clientIds",
    "customInteractionAttributes",
    "settings",
    "getUserLanguage",
    "helpLinks",
];
/// What `config` must hold.
const REQUIRED: &[(&str, &str)] = &[
    ("name", "name: \"Acme CRM\" (the integration's name)"),
    (
        "clientIds",
        "clientIds: { \"mypurecloud.ie\": \"<the OAuth client's id>\" } for the org's region",
    ),
    (
        "settings",
        "settings: { ... } (an empty object if the defaults suit)",
    ),
    (
        "customInteractionAttributes",
        "customInteractionAttributes: [\"PT_URLPop\", ...] (the attributes screen pops read)",
    ),
];
/// The hooks and members of `window.Framework` itself.
const FRAMEWORK_KEYS: &[&str] = &[
    "config",
    "initialSetup",
    "screenPop",
    "processCallLog",
    "openCallLog",
    "contactSearch",
    "storeContact",
];
/// Where `config` is read from: pointers below it map into the workspace.
const CONFIG: &str = "/config";

pub struct Config<'i, 't> {
    pub index: &'i Index<'t>,
    pub src: &'t str,
    pub out: Vec<Diagnostic>,
}

/// `/config/settings/theme` as code says it: `config.settings.theme`.
fn dotted(path: &str) -> String {
    path.trim_start_matches('/')
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect::<Vec<_>>()
        .join(".")
}

impl Config<'_, '_> {
    fn push(&mut self, code: Code, path: &str, offset: usize, message: String, hint: String) {
        let (line, column) = self.index.line_col(offset);
        let path = if path.starts_with(CONFIG) && path != CONFIG {
            workspace_path(path)
        } else {
            String::new()
        };
        self.out
            .push(Diagnostic::new(code, path, message, hint).at(line, column));
    }

    fn with_severity(&mut self, severity: Severity) {
        if let Some(d) = self.out.last_mut() {
            d.severity = severity;
        }
    }

    /// Every finding on one object given to `window.Framework`.
    pub fn framework(&mut self, fw: &ObjectExpression<'_>) {
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        for p in &fw.properties {
            let ObjectPropertyKind::ObjectProperty(p) = p else {
                continue;
            };
            let Some(k) = key(&p.key) else { continue };
            let at = p.key.span().start as usize;
            if let Some(earlier) = seen.get(&k) {
                let (line, _) = self.index.line_col(*earlier);
                self.push(
                    Code::LintConfigKey,
                    "",
                    at,
                    format!("window.Framework has {} twice (first on line {line}); JavaScript keeps only this one", quote(&k)),
                    "keep one, with everything it should hold".into(),
                );
            }
            seen.entry(k.clone()).or_insert(at);
            if k != "config" && CONFIG_KEYS.contains(&k.as_str()) {
                self.push(
                    Code::LintConfigKey,
                    "",
                    at,
                    format!("{} sits beside config on window.Framework, where the client never looks for it", quote(&k)),
                    format!("move {k} inside config"),
                );
            } else if catalogue::setting(&k).is_some() {
                self.push(
                    Code::LintConfigKey,
                    "",
                    at,
                    format!(
                        "{} is a setting, written on window.Framework itself; the client reads settings only from config.settings",
                        quote(&k)
                    ),
                    format!("move {k} into config.settings"),
                );
            }
        }
        let Some(config) = framework::config(fw) else {
            if let Some(ObjectPropertyKind::ObjectProperty(p)) = fw.properties.iter().find(|p| {
                matches!(p, ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().is_some_and(|n| n == "config"))
            }) {
                self.push(
                    Code::LintConfigKey,
                    "",
                    p.value.span().start as usize,
                    "config is built by code, not written as an object literal, so framesmith cannot verify it".into(),
                    "write config as an object literal to have it checked".into(),
                );
                self.with_severity(Severity::Info);
            }
            return;
        };
        let mut lit = Literals::new(self.src);
        let map = lit.object(config, CONFIG).unwrap_or_default();
        self.config(config, &map, &lit);
        let settings = match map.get("settings") {
            Some(Value::Object(s)) => Some(s),
            _ => None,
        };
        if let Some(s) = settings {
            self.settings(s, &lit);
        }
        let mut h = hooks::Hooks {
            index: self.index,
            out: Vec::new(),
        };
        h.check(fw, settings, &lit);
        self.out.extend(h.out);
    }

    fn config(
        &mut self,
        config: &ObjectExpression<'_>,
        map: &serde_json::Map<String, Value>,
        lit: &Literals<'_>,
    ) {
        let spread = config
            .properties
            .iter()
            .any(|p| matches!(p, ObjectPropertyKind::SpreadProperty(_)));
        let written = |k: &str| lit.keys.contains_key(&pointer::push(CONFIG, k));
        if !spread {
            for (k, example) in REQUIRED {
                if !written(k) {
                    self.push(
                        Code::LintConfigKey,
                        "",
                        config.span.start as usize,
                        format!(
                            "config has no {}, which the Embeddable Framework requires",
                            quote(k)
                        ),
                        format!("add {example}"),
                    );
                }
            }
        }
        for p in &config.properties {
            let ObjectPropertyKind::ObjectProperty(p) = p else {
                continue;
            };
            let Some(k) = key(&p.key) else { continue };
            if CONFIG_KEYS.contains(&k.as_str()) {
                continue;
            }
            let at = p.key.span().start as usize;
            if catalogue::setting(&k).is_some() {
                self.push(
                    Code::LintConfigKey,
                    "",
                    at,
                    format!(
                        "{} is a setting written beside settings, where the client ignores it",
                        quote(&k)
                    ),
                    format!("move {k} into config.settings"),
                );
            } else if FRAMEWORK_KEYS.contains(&k.as_str()) {
                self.push(
                    Code::LintConfigKey,
                    "",
                    at,
                    format!("{} is a window.Framework hook written inside config, where the client never calls it", quote(&k)),
                    format!("move {k} out of config, beside it on window.Framework"),
                );
            } else {
                let hint = did_you_mean(&k, CONFIG_KEYS.iter(), || {
                    format!("config holds: {}", CONFIG_KEYS.join(", "))
                });
                self.push(
                    Code::LintConfigKey,
                    "",
                    at,
                    format!(
                        "config key {} is not one the Embeddable Framework reads",
                        quote(&k)
                    ),
                    hint,
                );
                self.with_severity(Severity::Warning);
            }
        }
        for dup in &lit.duplicates {
            let (line, _) = self.index.line_col(dup.earlier);
            let path = dup.path.as_str();
            let code = if path.starts_with("/config/settings/") {
                Code::LintSetting
            } else {
                Code::LintConfigKey
            };
            let name = dotted(path);
            if dup.same {
                // The same value twice changes nothing the client does: untidy, not wrong.
                self.push(
                    code,
                    path,
                    dup.at,
                    format!(
                        "the second {name} repeats the first (line {line}) with the same value"
                    ),
                    "remove one of them".into(),
                );
                self.with_severity(Severity::Warning);
            } else {
                let (now, _) = self.index.line_col(dup.at);
                self.push(
                    code,
                    path,
                    dup.at,
                    format!(
                        "{name} is written twice with different values (lines {line} and {now}); the client uses this one, the last, and never sees the first"
                    ),
                    format!("keep the value you mean, on one line: the client reads line {now}'s"),
                );
            }
        }
        for c in &lit.code {
            if c.function && matches!(c.path.as_str(), "/config/getUserLanguage") {
                continue;
            }
            // A key in the wrong place was said to be so: its value is beside the point.
            let top = c
                .path
                .trim_start_matches("/config/")
                .split('/')
                .next()
                .unwrap_or("");
            if !CONFIG_KEYS.contains(&top) {
                continue;
            }
            self.push(
                Code::LintConfigKey,
                &c.path,
                c.offset,
                format!(
                    "{} is code ({}), not a literal value, so framesmith cannot verify it",
                    dotted(&c.path),
                    quote(&c.text)
                ),
                "write the value as a literal to have it checked".into(),
            );
            self.with_severity(Severity::Info);
        }
        for (path, offset) in &lit.too_deep {
            self.push(
                Code::LintConfigKey,
                path,
                *offset,
                format!(
                    "{} nests deeper than any Embeddable Framework setting; it was not checked",
                    dotted(path)
                ),
                "remove the value".into(),
            );
        }
        if let Some(v) = map.get("settings").filter(|v| !v.is_object()) {
            let at = lit
                .offset("/config/settings")
                .unwrap_or(config.span.start as usize);
            self.push(
                Code::LintConfigKey,
                "/config/settings",
                at,
                format!(
                    "config.settings must be an object, not {}",
                    crate::workspace::shape::found(v)
                ),
                "write settings: { ... }".into(),
            );
        }
    }

    fn settings(&mut self, settings: &serde_json::Map<String, Value>, lit: &Literals<'_>) {
        let base = pointer::push(CONFIG, "settings");
        let mut found = Vec::new();
        // A null setting is the client's default, as if it were not written (and import
        // leaves it out).
        let mut settings = settings.clone();
        crate::js::framework::drop_nulls(&mut settings);
        crate::rules::settings::settings(&settings, &base, &mut found);
        // A member that is code was said to be unverifiable; it is not also missing.
        let code: std::collections::HashSet<&str> =
            lit.code.iter().map(|c| c.path.as_str()).collect();
        let about_code = |path: &str| {
            let mut p = path;
            loop {
                if code.contains(p) {
                    return true;
                }
                match pointer::parent(p) {
                    Some(parent) if parent.len() > base.len() => p = parent,
                    _ => return false,
                }
            }
        };
        for d in found.into_iter().filter(|d| !about_code(&d.path)) {
            // A finding on a member that was not written (a missing `sso.provider`) is
            // placed on the nearest one that was.
            let mut p = d.path.as_str();
            let offset = loop {
                if let Some(o) = lit.offset(p) {
                    break o;
                }
                match pointer::parent(p) {
                    Some(parent) => p = parent,
                    None => break 0,
                }
            };
            let (line, column) = self.index.line_col(offset);
            self.out.push(
                Diagnostic::new(
                    Code::LintSetting,
                    workspace_path(&d.path),
                    d.message,
                    d.hint,
                )
                .with_severity(d.severity)
                .at(line, column),
            );
        }
    }
}
