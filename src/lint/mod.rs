//! `framesmith lint` (issue 11): findings on the framework.js files admins already run,
//! hand-edited from Genesys' sample, in the one diagnostic shape (code, severity, message,
//! hint, line and column). The file is parsed by oxc, a real JavaScript parser, as an
//! ES2022 script, so a file that is not JavaScript is said to be so, at the parser's
//! position; where the whole `window.Framework` object comes before the error, what parsed
//! up to it is linted too (`js::recover`). The rules walk the syntax tree, so they judge what
//! the code does rather than what its text happens to contain.
//!
//! The rules: `lint/syntax` and `lint/no-framework` here; `calls` (`lint/eval`,
//! `lint/post-message-target`, `lint/attributes-empty`), `client_ids` (`lint/client-id`),
//! `config` (`lint/config-key`, `lint/setting`), `hooks` (`lint/contact-search`,
//! `lint/call-log`), `message` (`lint/message-origin`), `secret` (`lint/secret`), `grant`
//! (`lint/implicit-grant`), `scripts` (`lint/external-script`) and `token`
//! (`lint/token-exposure`), and `runtime`, the rules that know where framework.js runs
//! (`lint/undeclared-name`, `lint/parent-access`, `lint/client-api`, `lint/blocking`). The CLI runs them; in the page they run inside the import
//! module (`--features importer`), whose `importFrameworkJs` reports them beside the import.

mod calls;
mod client_ids;
mod config;
mod grant;
mod hooks;
mod message;
mod places;
mod runtime;
mod scripts;
mod secret;
mod token;

use oxc_allocator::Allocator;
use oxc_ast::ast::Program;
use oxc_ast_visit::Visit;

use crate::base::position::Index;
use crate::diagnostic::{Code, Diagnostic, quote};
use crate::js;

/// Every finding on `text`, a framework.js, in the order of the file.
pub fn lint(text: &str) -> Vec<Diagnostic> {
    let index = Index::new(text);
    let allocator = Allocator::default();
    match js::parse(&allocator, text, &index) {
        Ok(parsed) => findings(&parsed.program, text, &index),
        Err(syntax) => past_syntax(text, &index, syntax),
    }
}

/// A file that does not parse: its syntax errors, and, where the whole `window.Framework`
/// object comes before the first one, the findings on what parsed up to it (`js::recover`),
/// the syntax finding saying so. Where nothing usable parsed, the syntax errors alone.
fn past_syntax(text: &str, index: &Index<'_>, mut syntax: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let Some(line) = syntax.first().and_then(|d| d.line) else {
        return syntax;
    };
    if js::nesting::too_deep(text).is_some() {
        return syntax;
    }
    for (kept, candidate) in js::recover::candidates(text, line) {
        let allocator = Allocator::default();
        let parsed =
            oxc_parser::Parser::new(&allocator, &candidate, oxc_span::SourceType::script()).parse();
        if parsed.panicked || !parsed.diagnostics.is_empty() {
            continue;
        }
        // Usable when a whole `config` object came before the cut: one cut inside it would
        // report what it lost as missing.
        let mut whole = false;
        js::framework::find(&parsed.program, &mut |fw| {
            whole |= js::framework::config(fw).is_some_and(|c| (c.span.end as usize) <= kept);
        });
        if !whole {
            continue;
        }
        let (upto, _) = index.line_col(kept.saturating_sub(1));
        let mut found = findings(&parsed.program, &candidate, index);
        // What lies in the brackets closed to mend the cut is not in the file.
        found.retain(|d| d.line.is_none_or(|l| l <= upto));
        if let Some(first) = syntax.first_mut() {
            first.message.push_str(&format!(
                " (lines 1 to {upto}, which hold the whole config, were checked; what comes after line {upto}, such as a hook written there, was not, so findings about it may be missing or wrong)"
            ));
        }
        syntax.extend(found);
        syntax.sort_by_key(|d| (d.line, d.column));
        return syntax;
    }
    syntax
}

/// Every finding on a parsed framework.js (`framesmith import` lints what it has parsed).
pub fn findings<'a>(program: &'a Program<'a>, text: &str, index: &Index<'_>) -> Vec<Diagnostic> {
    let mut cfg = config::Config {
        index,
        src: text,
        out: Vec::new(),
    };
    let mut hooks = Vec::new();
    let given = js::framework::find(program, &mut |fw| {
        hooks.extend(runtime::hook_spans(fw));
        cfg.framework(fw)
    });
    let mut out = cfg.out;
    let uncalled = !given.configured && given.uncalled.is_some();
    out.extend(framework(given, index));
    let mut calls = calls::Calls::new(program, index);
    calls.visit_program(program);
    out.extend(calls.finish());
    let mut ids = client_ids::ClientIds {
        index,
        out: Vec::new(),
    };
    ids.visit_program(program);
    out.extend(ids.out);
    let mut grant = grant::Grant {
        index,
        out: Vec::new(),
    };
    grant.visit_program(program);
    out.extend(grant.out);
    let mut scripts = scripts::Scripts {
        index,
        out: Vec::new(),
    };
    scripts.visit_program(program);
    out.extend(scripts.out);
    let mut tokens = token::Tokens {
        index,
        out: Vec::new(),
    };
    tokens.visit_program(program);
    out.extend(tokens.out);
    out.extend(message::check(program, text, index));
    out.extend(runtime::check(program, &hooks, index));
    let mut secrets = secret::Secrets::new(index);
    secrets.visit_program(program);
    out.extend(secrets.out);
    if uncalled {
        // The client never sees that object: its config is not worth findings of its own.
        out.retain(|d| {
            !matches!(
                d.code,
                Code::LintClientId
                    | Code::LintImplicitGrant
                    | Code::LintAttributesEmpty
                    | Code::LintConfigKey
                    | Code::LintSetting
                    | Code::LintContactSearch
                    | Code::LintCallLog
            )
        });
    }
    out.sort_by_key(|d| (d.line, d.column));
    out
}

/// The syntax errors alone: what `framesmith import` refuses a file for.
pub fn syntax_errors(text: &str) -> Vec<Diagnostic> {
    let index = Index::new(text);
    let allocator = Allocator::default();
    js::parse(&allocator, text, &index)
        .err()
        .unwrap_or_default()
}

fn framework(f: js::framework::Given, index: &Index<'_>) -> Vec<Diagnostic> {
    if f.configured {
        return Vec::new();
    }
    let hint = "assign the configuration, as Genesys' sample does: window.Framework = { config: { name: \"...\", clientIds: {...}, settings: {...}, customInteractionAttributes: [...] }, ... }";
    let d = match (f.uncalled, f.without_config) {
        (Some((name, offset)), _) => {
            let (line, column) = index.line_col(offset as usize);
            Diagnostic::new(
                Code::LintNoFramework,
                "",
                format!(
                    "window.Framework is given its configuration only inside function {}, which nothing in the file calls, so the Genesys client never sees it",
                    quote(&name)
                ),
                "assign window.Framework at the top level of the file, as Genesys' sample does, or call the function there",
            )
            .at(line, column)
        }
        (None, Some(offset)) => {
            let (line, column) = index.line_col(offset as usize);
            Diagnostic::new(
                Code::LintNoFramework,
                "",
                format!(
                    "window.Framework is given an object without {}, so the Genesys client has no configuration to start from",
                    quote("config")
                ),
                hint,
            )
            .at(line, column)
        }
        (None, None) => Diagnostic::new(
            Code::LintNoFramework,
            "",
            "window.Framework is never given an object with a config, so the Genesys client has nothing to start from",
            hint,
        )
        .at(1, 1),
    };
    vec![d]
}
