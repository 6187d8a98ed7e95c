//! Reading a hand-edited framework.js back into a workspace, so admins can bring the files
//! they have today. The `config` object literal is read value by value; whatever is code
//! rather than a literal is left out and reported with its line and column, never guessed.

mod lexer;

use serde_json::{Map, Number, Value};

use crate::catalogue;
use crate::diagnostic::{Code, Diagnostic, Severity, quote};
use crate::pointer;
use crate::rules::client_id::is_uuid;
use crate::workspace::{Deployment, Flow, Org, Workspace};
use lexer::{Tok, Token, tokenize};

/// What an import produced.
#[derive(Debug, Clone)]
pub struct Imported {
    pub workspace: Option<Workspace>,
    /// The same workspace as a JSON value (what the page holds).
    pub value: Option<Value>,
    /// The workspace as TOML, when one could be read.
    pub toml: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

const DEPLOYMENT: &str = "/deployment/0";
/// Config members are read under this prefix, then renamed to where they land.
const CONFIG: &str = "/config";

/// The workspace pointer of a pointer into `config`.
fn workspace_path(config_path: &str) -> String {
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

struct Reader<'a> {
    src: &'a str,
    toks: Vec<Token>,
    pos: usize,
    diags: Vec<Diagnostic>,
    /// Where each object key read so far stands, by pointer.
    keys: crate::strmap::StrMap<usize>,
    /// Positions by offset, so a finding costs a search, not a scan of its line.
    index: crate::position::Index<'a>,
    /// How many arrays and objects enclose the value being read.
    depth: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    fn is(&self, p: &str) -> bool {
        matches!(self.peek(), Some(Tok::Punct(q)) if *q == p)
    }

    fn at(&self, offset: usize) -> (u32, u32) {
        self.index.line_col(offset)
    }

    /// Enter an array or object literal; false (reported, and the literal skipped) past the
    /// nesting limit, which keeps a hostile file from overflowing the stack.
    fn enter(&mut self, path: &str) -> bool {
        if self.depth >= crate::depth::MAX_DEPTH {
            let start = self.offset();
            self.note(
                Code::ImportUnreadable,
                Severity::Error,
                start,
                path,
                format!(
                    "this value is nested more than {} levels deep; it was left out",
                    crate::depth::MAX_DEPTH
                ),
                "no Embeddable Framework setting nests this deep: remove the value",
            );
            // The literal is one expression: skipped whole, without descending into it.
            self.skip_expression();
            return false;
        }
        self.depth += 1;
        true
    }

    fn note(
        &mut self,
        code: Code,
        severity: Severity,
        offset: usize,
        path: &str,
        message: String,
        hint: &str,
    ) {
        let (l, c) = self.at(offset);
        self.diags.push(
            Diagnostic::new(code, path, message, hint)
                .with_severity(severity)
                .at(l, c),
        );
    }

    fn offset(&self) -> usize {
        self.toks.get(self.pos).map_or(self.src.len(), |t| t.start)
    }

    /// Unbalanced input (a stray `)` inside an object) can leave a loop where it started:
    /// step over one token so every loop ends.
    fn progress(&mut self, before: usize) {
        if self.pos == before {
            self.pos += 1;
        }
    }

    /// Skip one expression: up to a `,` or a closing bracket at depth 0.
    fn skip_expression(&mut self) {
        let mut depth = 0usize;
        while let Some(t) = self.peek() {
            match t {
                Tok::Punct("(" | "[" | "{") => depth += 1,
                Tok::Punct(")" | "]" | "}") => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                }
                Tok::Punct(",") if depth == 0 => return,
                _ => {}
            }
            self.pos += 1;
        }
    }

    /// A literal value at `path`, or `None` (reported) when it is code.
    fn value(&mut self, path: &str) -> Option<Value> {
        let start = self.offset();
        let v = match self.peek()?.clone() {
            Tok::Str(s) => {
                self.pos += 1;
                Some(Value::String(s))
            }
            Tok::Num(n) => {
                self.pos += 1;
                number(n)
            }
            Tok::Punct("-")
                if matches!(
                    self.toks.get(self.pos + 1).map(|t| &t.tok),
                    Some(Tok::Num(_))
                ) =>
            {
                let Some(Tok::Num(n)) = self.toks.get(self.pos + 1).map(|t| t.tok.clone()) else {
                    return None;
                };
                self.pos += 2;
                number(-n)
            }
            Tok::Ident(w) if w == "true" || w == "false" || w == "null" => {
                self.pos += 1;
                Some(match w.as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    _ => Value::Null,
                })
            }
            Tok::Punct("[") => return self.array(path),
            Tok::Punct("{") => return self.object(path).map(Value::Object),
            _ => None,
        };
        // A literal followed by more expression (`"a" + b`) is code after all.
        if v.is_some() && !(self.is(",") || self.is("}") || self.is("]") || self.peek().is_none()) {
            self.skip_expression();
            return self.unreadable(start, path);
        }
        match v {
            Some(v) => Some(v),
            None => {
                self.skip_expression();
                self.unreadable(start, path)
            }
        }
    }

    fn unreadable(&mut self, start: usize, path: &str) -> Option<Value> {
        let end = self
            .toks
            .get(self.pos.saturating_sub(1))
            .map_or(start, |t| t.end)
            .max(start);
        let text: String = self.src[start..end].chars().take(60).collect();
        self.note(
            Code::ImportUnreadable,
            Severity::Warning,
            start,
            path,
            format!(
                "{} is code, not a literal value; it was left out",
                quote(&text)
            ),
            "write the value into the workspace by hand if the deployment needs it",
        );
        None
    }

    fn array(&mut self, path: &str) -> Option<Value> {
        if !self.enter(path) {
            return None;
        }
        self.pos += 1;
        let mut items = Vec::new();
        while !self.is("]") && self.peek().is_some() {
            let before = self.pos;
            if self.is(",") {
                self.pos += 1;
                continue;
            }
            let p = pointer::index(path, items.len());
            match self.value(&p) {
                Some(v) => items.push(v),
                None => items.push(Value::Null),
            }
            self.progress(before);
        }
        self.pos += 1;
        self.depth -= 1;
        // Unreadable elements were reported; keep the readable ones.
        Some(Value::Array(
            items.into_iter().filter(|v| !v.is_null()).collect(),
        ))
    }

    fn key(&mut self) -> Option<(String, usize)> {
        let t = self.toks.get(self.pos)?.clone();
        let k = match t.tok {
            Tok::Ident(s) | Tok::Str(s) => s,
            Tok::Num(n) => js_number_key(n),
            _ => return None,
        };
        self.pos += 1;
        Some((k, t.start))
    }

    /// An object literal; members that are methods, spreads or code are reported and left out.
    fn object(&mut self, path: &str) -> Option<Map<String, Value>> {
        if !self.enter(path) {
            return None;
        }
        self.pos += 1;
        let mut map = Map::new();
        while !self.is("}") && self.peek().is_some() {
            let before = self.pos;
            if self.is(",") {
                self.pos += 1;
                continue;
            }
            let start = self.offset();
            let Some((k, _)) = self.key() else {
                self.skip_expression();
                self.unreadable(start, path);
                self.progress(before);
                continue;
            };
            let p = pointer::push(path, &k);
            self.keys.insert(p.clone(), start);
            if self.is(":") {
                self.pos += 1;
                if let Some(v) = self.value(&p) {
                    map.insert(k, v);
                }
            } else {
                // A method (`k() {}`) or shorthand property (`k,`): code.
                self.skip_expression();
                self.unreadable(start, &p);
            }
            self.progress(before);
        }
        self.pos += 1;
        self.depth -= 1;
        Some(map)
    }

    /// Position of the object literal assigned to `window.Framework`.
    fn find_framework(&self) -> Option<usize> {
        let t = &self.toks;
        (0..t.len().saturating_sub(4))
            .find(|&i| {
                matches!(&t[i].tok, Tok::Ident(w) if w == "window")
                    && t[i + 1].tok == Tok::Punct(".")
                    && matches!(&t[i + 2].tok, Tok::Ident(w) if w == "Framework")
                    && t[i + 3].tok == Tok::Punct("=")
                    && t.get(i + 4).map(|x| &x.tok) == Some(&Tok::Punct("{"))
            })
            .map(|i| i + 4)
    }

    /// The origin the file posts messages to: the second argument of `postMessage(...)`,
    /// as a literal or a variable initialised with one.
    fn post_targets(&self) -> Vec<(String, usize)> {
        let t = &self.toks;
        let mut out = Vec::new();
        let initial = self.initial_strings();
        for i in 0..t.len() {
            if !(matches!(&t[i].tok, Tok::Ident(w) if w == "postMessage")
                && t.get(i + 1).map(|x| &x.tok) == Some(&Tok::Punct("(")))
            {
                continue;
            }
            let mut depth = 0;
            let mut j = i + 2;
            while j < t.len() {
                match &t[j].tok {
                    Tok::Punct("(" | "[" | "{") => depth += 1,
                    Tok::Punct(")" | "]" | "}") if depth > 0 => depth -= 1,
                    Tok::Punct(",") if depth == 0 => break,
                    Tok::Punct(")") => break,
                    _ => {}
                }
                j += 1;
            }
            match t.get(j + 1).map(|x| &x.tok) {
                Some(Tok::Str(s)) => out.push((s.clone(), t[j + 1].start)),
                Some(Tok::Ident(var)) => {
                    if let Some(s) = initial.get(var) {
                        out.push((s.clone(), t[j + 1].start));
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The first string each variable is set to (`v = "..."`), read in one pass rather than
    /// once per `postMessage`.
    fn initial_strings(&self) -> crate::strmap::StrMap<String> {
        let t = &self.toks;
        let mut out = crate::strmap::StrMap::new();
        for i in 0..t.len().saturating_sub(2) {
            if let (Tok::Ident(v), Tok::Punct("="), Some(Tok::Str(s))) =
                (&t[i].tok, &t[i + 1].tok, t.get(i + 2).map(|x| &x.tok))
                && !out.contains_key(v)
            {
                out.insert(v.as_str(), s.clone());
            }
        }
        out
    }
}

/// A numeric property key as JavaScript names it (`0x10` is "16", `1.50` is "1.5", `1e21`
/// is "1e+21", `1e999` is "Infinity"): Number.prototype.toString, from the shortest digits
/// serde_json prints. `f64`'s own Display would pull the float formatter into the module.
fn js_number_key(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if n == 0.0 {
        return "0".into();
    }
    let text = Number::from_f64(n).map_or_else(String::new, |x| x.to_string());
    let (sign, text) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |t| ("-", t));
    let (mantissa, exp) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // The digits without leading or trailing zeros, and where the point falls among them.
    let all = format!("{int}{frac}");
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_matches('0');
    let k = digits.len() as i32;
    let point = int.len() as i32 + exp - lead as i32;
    let body = if k <= point && point <= 21 {
        format!("{digits}{}", "0".repeat((point - k) as usize))
    } else if 0 < point && point <= 21 {
        let (a, b) = digits.split_at(point as usize);
        format!("{a}.{b}")
    } else if -6 < point && point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else {
        let e = point - 1;
        let (a, b) = digits.split_at(1);
        let sign_e = if e < 0 { "-" } else { "+" };
        let dot = if b.is_empty() { "" } else { "." };
        format!("{a}{dot}{b}e{sign_e}{}", e.abs())
    };
    format!("{sign}{body}")
}

fn number(n: f64) -> Option<Value> {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Some(Value::Number((n as i64).into()))
    } else {
        Number::from_f64(n).map(Value::Number)
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
    let mut r = Reader {
        src,
        toks: tokenize(src),
        pos: 0,
        diags: Vec::new(),
        keys: Default::default(),
        index: crate::position::Index::new(src),
        depth: 0,
    };
    let Some(start) = r.find_framework() else {
        let d = Diagnostic::new(
            Code::ImportNoFramework,
            "",
            "no `window.Framework = { ... }` object literal found",
            "import reads files that assign an object literal with a `config` to window.Framework",
        )
        .at(1, 1);
        return Imported {
            workspace: None,
            value: None,
            toml: None,
            diagnostics: vec![d],
        };
    };
    r.pos = start + 1;
    let mut config = None;
    while !r.is("}") && r.peek().is_some() {
        let before = r.pos;
        if r.is(",") {
            r.pos += 1;
            continue;
        }
        match r.key() {
            Some((k, _))
                if k == "config"
                    && r.is(":")
                    && matches!(r.toks.get(r.pos + 1).map(|t| &t.tok), Some(Tok::Punct("{"))) =>
            {
                r.pos += 1;
                config = r.object(CONFIG);
            }
            _ => r.skip_expression(),
        }
        r.progress(before);
    }
    let Some(mut config) = config else {
        let (l, c) = r.at(r.toks[start].start);
        let d = Diagnostic::new(
            Code::ImportNoFramework,
            "",
            "window.Framework has no `config` object literal",
            "add config: { name, clientIds, settings, customInteractionAttributes }",
        )
        .at(l, c);
        return Imported {
            workspace: None,
            value: None,
            toml: None,
            diagnostics: vec![d],
        };
    };
    let posts = r.post_targets();
    let config_at = r.toks[start].start;
    let d = deployment(&mut r, &mut config, &posts, config_at);
    let region = d.region.clone().unwrap_or_else(|| "us-east-1".into());
    for d in &mut r.diags {
        if d.path.starts_with(CONFIG) {
            d.path = workspace_path(&d.path);
        }
    }
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
        .map(|v| crate::workspace::source::write(v, crate::Format::Toml))
    {
        Some(Ok(t)) => Some(format!(
            "# Imported by framesmith {} from a hand-edited framework.js. [org] is a placeholder:\n# set the org's real name, then run `framesmith check` on this file.\n\n{t}",
            crate::VERSION
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
    }
}

fn deployment(
    r: &mut Reader<'_>,
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

fn drop_nulls(m: &mut Map<String, Value>) {
    m.retain(|_, v| !v.is_null());
    for v in m.values_mut() {
        if let Value::Object(inner) = v {
            drop_nulls(inner);
        }
    }
}

fn client_id(r: &mut Reader<'_>, ids: Option<Value>, d: &mut Deployment, at: usize) {
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

fn origin(r: &mut Reader<'_>, posts: &[(String, usize)], d: &mut Deployment, at: usize) {
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
        .find(|(o, _)| !o.contains('*') && crate::url::split(o).is_some())
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
