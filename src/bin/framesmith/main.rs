//! The `framesmith` command: the same checks and output as the page, for admins' terminals,
//! pipelines and infrastructure-as-code.

// Every command is a module of its own; `io` is first, for its `outln!` and `errln!`.
#[macro_use]
mod io;
mod build;
mod check;
mod cli;
mod doctor;
mod export;
mod import;
mod lint;
mod output;
mod schema;
mod serve;
mod simulate;
mod test_source;
// The HTTPS client exists only in native builds (the wasm32 test build compiles this
// binary too, without it).
#[cfg(not(target_arch = "wasm32"))]
mod live;

use build::*;
use check::*;
use export::*;
use import::*;
use io::*;
use lint::*;
use schema::*;

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;
use cli::{Cli, Command, ExportFormat, OutputFormat, Shell};
use framesmith::report;
use framesmith::{BuildError, Checked, Diagnostic, Format, RenderError};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check {
            workspace,
            format,
            docs_url,
        } => check(&workspace, format, docs(docs_url).as_deref()),
        Command::Build { workspace, out } => build(&workspace, &out),
        Command::Import { framework_js } => import(&framework_js),
        Command::Lint {
            files,
            format,
            docs_url,
        } => lint(&files, format, docs(docs_url).as_deref()),
        Command::Doctor {
            workspace,
            deployment,
            url,
            html,
            headers,
            live,
            format,
            docs_url,
        } => doctor::command(
            &workspace,
            &doctor::Args {
                deployment: deployment.as_deref(),
                url: url.as_deref(),
                html: html.as_deref(),
                headers: headers.as_deref(),
                live,
                format,
                docs: docs(docs_url).as_deref(),
            },
        ),
        Command::Serve { port, host, dir } => serve::command(&dir, (host, port).into()),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            let shell = match shell {
                Shell::Bash => clap_complete::Shell::Bash,
                Shell::Zsh => clap_complete::Shell::Zsh,
                Shell::Fish => clap_complete::Shell::Fish,
            };
            clap_complete::generate(shell, &mut cmd, "framesmith", &mut out);
            emit(&String::from_utf8_lossy(&out)).map(|()| 0)
        }
        Command::Man => emit(include_str!(concat!(env!("OUT_DIR"), "/framesmith.1"))).map(|()| 0),
        Command::Simulate(args) => simulate::command(args),
        Command::Export {
            workspace,
            format,
            out,
        } => export(&workspace, format, &out),
        Command::TestSource {
            workspace,
            source,
            integration,
            inputs,
            responses,
            status,
            live,
            token,
        } => test_source::command(
            &workspace,
            &test_source::Args {
                source: &source,
                integration: integration.as_deref(),
                inputs: &inputs,
                responses: &responses,
                status,
                live: live.then_some(token),
            },
        ),
        Command::Schema => schema(),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let text = e.to_string();
            warn(&text);
            if !text.ends_with('\n') {
                warn("\n");
            }
            ExitCode::from(e.exit_code())
        }
    }
}
