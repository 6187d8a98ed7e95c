//! `framesmith lint` (issue 11): findings on the framework.js files admins already run,
//! hand-edited from Genesys' sample, in the one diagnostic shape (code, severity, message,
//! hint, line and column). The file is parsed by oxc, a real JavaScript parser, as an
//! ES2022 script, so a file that is not JavaScript is said to be so, at the parser's
//! position, before anything else is judged; the rules then walk its syntax tree, so they
//! judge what the code does rather than what its text happens to contain.
//!
//! The rules: `lint/syntax` and `lint/no-framework` here; `calls` (`lint/eval`,
//! `lint/post-message-target`, `lint/attributes-empty`), `client_ids` (`lint/client-id`),
//! `config` (`lint/config-key`, `lint/setting`), `hooks` (`lint/contact-search`,
//! `lint/call-log`), `message` (`lint/message-origin`), `secret` (`lint/secret`), `grant`
//! (`lint/implicit-grant`), `scripts` (`lint/external-script`) and `token`
//! (`lint/token-exposure`). The CLI runs them; in the page they run inside the import
//! module (`--features importer`), whose `importFrameworkJs` reports them beside the import.

mod calls;
mod client_ids;
mod config;
mod grant;
mod hooks;
mod message;
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
        Err(syntax) => syntax,
    }
}

/// Every finding on a parsed framework.js (`framesmith import` lints what it has parsed).
pub fn findings(program: &Program<'_>, text: &str, index: &Index<'_>) -> Vec<Diagnostic> {
    let mut cfg = config::Config {
        index,
        src: text,
        out: Vec::new(),
    };
    let given = js::framework::find(program, &mut |fw| cfg.framework(fw));
    let mut out = cfg.out;
    out.extend(framework(given, index));
    let mut calls = calls::Calls {
        index,
        out: Vec::new(),
    };
    calls.visit_program(program);
    out.extend(calls.out);
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
    let mut secrets = secret::Secrets::new(index);
    secrets.visit_program(program);
    out.extend(secrets.out);
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
    let d = match f.without_config {
        Some(offset) => {
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
        None => Diagnostic::new(
            Code::LintNoFramework,
            "",
            "window.Framework is never given an object with a config, so the Genesys client has nothing to start from",
            hint,
        )
        .at(1, 1),
    };
    vec![d]
}
