//! The `framesmith` command: the same checks and output as the page, for admins' terminals,
//! pipelines and infrastructure-as-code.

// The HTTPS client exists only in native builds (the wasm32 test build compiles this
// binary too, without it).
mod cli;
mod demo_crm;
mod http;
#[cfg(not(target_arch = "wasm32"))]
mod live;
mod output;
mod serve;
mod simulate;
mod test_source;

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;
use cli::{Cli, Command, ExportFormat, OutputFormat, Shell, SimulateArgs, SimulateFormat};
use framesmith::report;
use framesmith::{BuildError, Checked, Diagnostic, Format, RenderError};

/// What can stop a command before it has anything to report on.
#[derive(Debug)]
enum CliError {
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    UnknownExtension(PathBuf),
    Syntax {
        path: PathBuf,
        text: String,
        diagnostic: Box<Diagnostic>,
    },
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Standard output could not be written (a full disk; a closed pipe is not an error).
    Stdout(std::io::Error),
    Render(RenderError),
    Serve {
        dir: PathBuf,
        reason: String,
    },
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Read { path, source } => {
                write!(f, "error: cannot read {}: {source}", path.display())
            }
            CliError::UnknownExtension(p) => write!(
                f,
                "error: {}: a workspace file must end in .toml or .json",
                p.display()
            ),
            CliError::Syntax {
                path,
                text,
                diagnostic,
            } => {
                write!(
                    f,
                    "{}",
                    report::human(
                        &path.display().to_string(),
                        Some(text),
                        std::slice::from_ref(diagnostic)
                    )
                )
            }
            CliError::Write { path, source } => {
                write!(f, "error: cannot write {}: {source}", path.display())
            }
            CliError::Stdout(e) => write!(f, "error: cannot write to standard output: {e}"),
            CliError::Render(e) => write!(f, "error: {e}"),
            CliError::Serve { dir, reason } => {
                write!(f, "error: cannot serve {}: {reason}", dir.display())
            }
        }
    }
}

impl CliError {
    fn exit_code(&self) -> u8 {
        match self {
            CliError::Read { .. } | CliError::UnknownExtension(_) | CliError::Syntax { .. } => 2,
            CliError::Write { .. }
            | CliError::Stdout(_)
            | CliError::Render(_)
            | CliError::Serve { .. } => 1,
        }
    }
}

/// Set once a reader closed our standard output: the command goes on (a build still writes
/// its files) and ends with the exit it would have had, printing nothing more.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Write to standard output. `print!` panics when the write fails; here a closed pipe is
/// the reader's choice and ends output quietly, and any other failure (a full disk) is an
/// error.
fn emit(text: &str) -> Result<(), CliError> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        Err(e) => Err(CliError::Stdout(e)),
    }
}

/// Write to standard error; if even that fails there is nowhere left to say so.
fn warn(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

macro_rules! outln {
    ($($t:tt)*) => { emit(&format!("{}\n", format_args!($($t)*)))? };
}

macro_rules! errln {
    ($($t:tt)*) => { warn(&format!("{}\n", format_args!($($t)*))) };
}

fn read(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|source| CliError::Read {
        path: path.to_path_buf(),
        source,
    })
}

fn load(path: &Path) -> Result<(String, Checked), CliError> {
    let format = Format::from_path(&path.to_string_lossy())
        .ok_or_else(|| CliError::UnknownExtension(path.to_path_buf()))?;
    let text = read(path)?;
    match framesmith::check_source(&text, format) {
        Ok(checked) => Ok((text, checked)),
        Err(d) => Err(CliError::Syntax {
            path: path.to_path_buf(),
            text,
            diagnostic: Box::new(d),
        }),
    }
}

fn json(diags: &[Diagnostic]) -> String {
    // Serialising plain data to a String cannot fail.
    serde_json::to_string_pretty(diags).unwrap_or_else(|_| "[]".into())
}

/// Where SARIF's help URIs point: the caller's `--docs-url`, or the published docs.
fn docs(given: Option<String>) -> Option<String> {
    given.or_else(framesmith::sarif::default_docs_url)
}

fn check(path: &Path, format: OutputFormat, docs: Option<&str>) -> Result<u8, CliError> {
    let (text, checked) = match (load(path), format) {
        (Err(CliError::Syntax { diagnostic, .. }), OutputFormat::Json) => {
            outln!("{}", json(std::slice::from_ref(&diagnostic)));
            return Ok(2);
        }
        (Err(CliError::Syntax { diagnostic, .. }), OutputFormat::Sarif) => {
            let file = path.display().to_string();
            let log = framesmith::sarif::log(&[(&file, std::slice::from_ref(&diagnostic))], docs);
            outln!("{}", serde_json::to_string_pretty(&log).unwrap_or_default());
            return Ok(2);
        }
        (r, _) => r?,
    };
    match format {
        OutputFormat::Json => outln!("{}", json(&checked.diagnostics)),
        OutputFormat::Sarif => {
            let file = path.display().to_string();
            let log = framesmith::sarif::log(&[(&file, &checked.diagnostics)], docs);
            outln!("{}", serde_json::to_string_pretty(&log).unwrap_or_default())
        }
        OutputFormat::Human => emit(&report::human(
            &path.display().to_string(),
            Some(&text),
            &checked.diagnostics,
        ))?,
    }
    Ok(if checked.has_errors() { 1 } else { 0 })
}

fn write(path: &Path, contents: &str) -> Result<(), CliError> {
    std::fs::write(path, contents).map_err(|source| CliError::Write {
        path: path.to_path_buf(),
        source,
    })
}

fn build(path: &Path, out: &Path) -> Result<u8, CliError> {
    let (text, checked) = load(path)?;
    let file = path.display().to_string();
    let rendered = match framesmith::build(&checked, framesmith::render::runtime::CARRIED) {
        Ok(r) => r,
        Err(BuildError::Invalid(_)) => {
            warn(&report::human(&file, Some(&text), &checked.diagnostics));
            errln!("error: not building {file}: fix the errors above first");
            return Ok(1);
        }
        Err(BuildError::Render(e)) => return Err(CliError::Render(e)),
        // `build` renders every deployment there is; it never asks for a missing one.
        Err(BuildError::NoDeployment(i)) => {
            return Err(CliError::Render(RenderError::Template(format!(
                "no deployment at index {i}"
            ))));
        }
    };
    if !checked.diagnostics.is_empty() {
        warn(&report::human(&file, Some(&text), &checked.diagnostics));
    }
    let mut files: Vec<(&str, &str, &str)> = Vec::new();
    for r in &rendered {
        files.push((r.slug.as_str(), "framework.js", r.framework_js.as_str()));
        files.push((r.slug.as_str(), "CHECKLIST.md", r.checklist.as_str()));
        if let Some(host) = &r.host_js {
            files.push((r.slug.as_str(), "framesmith-host.js", host.as_str()));
        }
    }
    output::replace(out, &files)?;
    for r in &rendered {
        outln!(
            "wrote {}/framework.js (sha256:{}){}",
            out.join(&r.slug).display(),
            r.hash.get(..12).unwrap_or(&r.hash),
            if r.host_js.is_some() {
                ", CHECKLIST.md and framesmith-host.js"
            } else {
                " and CHECKLIST.md"
            }
        );
    }
    Ok(0)
}

/// A framework.js as text: bytes that are not UTF-8 read as U+FFFD, so a file saved in
/// another encoding is still judged; "-" is standard input.
fn read_js(path: &Path) -> Result<String, CliError> {
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map(|_| buf)
    } else {
        std::fs::read(path)
    };
    bytes
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|source| CliError::Read {
            path: path.to_path_buf(),
            source,
        })
}

#[cfg(feature = "js")]
fn lint(files: &[PathBuf], format: OutputFormat, docs: Option<&str>) -> Result<u8, CliError> {
    let mut worst = 0;
    let mut human = String::new();
    // The findings themselves, serialised once at the end: through a JSON value they took
    // twice the memory.
    let mut reports: Vec<(String, Vec<framesmith::Diagnostic>)> = Vec::new();
    for path in files {
        let name = path.display().to_string();
        let text = match read_js(path) {
            Ok(text) => text,
            Err(e) => {
                errln!("{e}");
                worst = 2;
                continue;
            }
        };
        let diags = framesmith::lint::lint(&text);
        if diags
            .iter()
            .any(|d| d.severity == framesmith::Severity::Error)
            && worst == 0
        {
            worst = 1;
        }
        match format {
            OutputFormat::Human => human.push_str(&report::human(&name, Some(&text), &diags)),
            OutputFormat::Json | OutputFormat::Sarif => reports.push((name, diags)),
        }
    }
    match format {
        OutputFormat::Human => emit(&human)?,
        OutputFormat::Sarif => {
            let files: Vec<(&str, &[framesmith::Diagnostic])> = reports
                .iter()
                .map(|(f, d)| (f.as_str(), d.as_slice()))
                .collect();
            outln!(
                "{}",
                serde_json::to_string_pretty(&framesmith::sarif::log(&files, docs))
                    .unwrap_or_default()
            )
        }
        OutputFormat::Json => {
            #[derive(serde::Serialize)]
            struct FileReport<'a> {
                file: &'a str,
                diagnostics: &'a [framesmith::Diagnostic],
            }
            let reports: Vec<FileReport<'_>> = reports
                .iter()
                .map(|(file, diagnostics)| FileReport { file, diagnostics })
                .collect();
            outln!(
                "{}",
                serde_json::to_string_pretty(&reports).unwrap_or_else(|_| "[]".into())
            )
        }
    }
    Ok(worst)
}

#[cfg(not(feature = "js"))]
fn lint(_: &[PathBuf], _: OutputFormat, _: Option<&str>) -> Result<u8, CliError> {
    Ok(2)
}

fn import(path: &Path) -> Result<u8, CliError> {
    let text = read_js(path)?;
    let file = path.display().to_string();
    let imported = framesmith::import::framework_js(&text);
    // Not JavaScript: say where, rather than read a deployment out of what is left.
    if imported
        .diagnostics
        .iter()
        .any(|d| d.code == framesmith::Code::LintSyntax)
    {
        warn(&report::human(&file, Some(&text), &imported.diagnostics));
        errln!("error: not importing {file}: it is not valid JavaScript");
        return Ok(2);
    }
    // What `framesmith lint` says of the file, then what the import could not carry.
    if !imported.findings.is_empty() {
        errln!("framesmith lint on {file}:\n");
        warn(&report::human(&file, Some(&text), &imported.findings));
        errln!("");
    }
    if !imported.diagnostics.is_empty() {
        warn(&report::human(&file, Some(&text), &imported.diagnostics));
    }
    match imported.toml {
        Some(toml) => {
            emit(&toml)?;
            Ok(0)
        }
        None => {
            if imported.diagnostics.is_empty() {
                errln!("error: {file}: no deployment could be read from it");
            }
            Ok(1)
        }
    }
}

fn export(path: &Path, format: ExportFormat, out: &Path) -> Result<u8, CliError> {
    let (text, checked) = load(path)?;
    let file = path.display().to_string();
    if checked.has_errors() {
        warn(&report::human(&file, Some(&text), &checked.diagnostics));
        errln!("error: not exporting {file}: fix the errors above first");
        return Ok(1);
    }
    let files = match format {
        ExportFormat::DataActions => framesmith::export::data_action_files(&checked.workspace),
        ExportFormat::Terraform => vec![(
            "main.tf".to_string(),
            framesmith::export::terraform::main_tf(&checked.workspace),
        )],
    };
    for (rel, contents) in &files {
        let target = out.join(rel);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|source| CliError::Write {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        write(&target, contents)?;
        outln!("wrote {}", target.display());
    }
    Ok(0)
}

fn test_source(path: &Path, args: &test_source::Args<'_>) -> Result<u8, CliError> {
    let (_, checked) = load(path)?;
    match test_source::run(&checked.workspace, args) {
        Ok(out) => {
            outln!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            Ok(0)
        }
        Err(test_source::Failure::Usage(m)) => {
            errln!("error: {m}");
            Ok(2)
        }
        Err(test_source::Failure::Read(p, source)) => Err(CliError::Read { path: p, source }),
        Err(test_source::Failure::Live(m)) => {
            errln!("error: {m}");
            Ok(1)
        }
        Err(test_source::Failure::Exec(failed)) => {
            let (output, error) = *failed;
            outln!(
                "{}",
                serde_json::to_string_pretty(&output).unwrap_or_default()
            );
            errln!("error: {error}");
            Ok(1)
        }
    }
}

fn serve(dir: &Path, addr: std::net::SocketAddr) -> Result<u8, CliError> {
    let fail = |reason: String| CliError::Serve {
        dir: dir.to_path_buf(),
        reason,
    };
    if !dir.join("index.html").is_file() {
        return Err(fail(
            "no index.html there: run from the repository root or pass --dir".into(),
        ));
    }
    if !dir.join("pkg/framesmith_bg.wasm").is_file() {
        errln!(
            "warning: {}/pkg/ has no builder module yet: run `make serve` to build it",
            dir.display()
        );
    }
    serve::run(dir, addr).map_err(|e| fail(format!("{addr}: {e}")))?;
    Ok(0)
}

fn simulate(a: SimulateArgs) -> Result<u8, CliError> {
    let path = a.workspace.as_path();
    let (text, mut checked) = load(path)?;
    let file = path.display().to_string();
    if checked.has_errors() {
        warn(&report::human(&file, Some(&text), &checked.diagnostics));
        errln!("error: not simulating {file}: fix the errors above first");
        return Ok(1);
    }
    let scenario_text = read(&a.scenario)?;
    let scenario: serde_json::Value = match serde_json::from_str(&scenario_text) {
        Ok(v) => v,
        Err(e) => {
            errln!(
                "error: {}:{}:{}: the scenario is not JSON: {e}",
                a.scenario.display(),
                e.line(),
                e.column()
            );
            return Ok(2);
        }
    };
    let Some(deployment) = a
        .deployment
        .clone()
        .or_else(|| scenario["deployment"].as_str().map(str::to_string))
    else {
        errln!("error: name the deployment: --deployment NAME, or \"deployment\" in the scenario");
        return Ok(2);
    };
    let sources: Vec<String> = checked
        .workspace
        .integration_types
        .iter()
        .flat_map(|t| t.data_sources.iter().map(|d| d.name.clone()))
        .collect();
    let mut responses = Vec::new();
    for r in &a.responses {
        let Some((source, file)) = r.split_once('=') else {
            errln!("error: --response takes SOURCE=FILE, not {r:?}");
            return Ok(2);
        };
        if !sources.iter().any(|s| s == source) {
            errln!(
                "error: --response {source}: there is no data source {source:?}; the workspace has {sources:?}"
            );
            return Ok(2);
        }
        let body = std::fs::read(file).map_err(|source| CliError::Read {
            path: PathBuf::from(file),
            source,
        })?;
        responses.push((source.to_string(), body));
    }
    if let Some(base) = &a.crm_base {
        let ws = &mut checked.workspace;
        let instance = ws
            .deployments
            .iter()
            .find(|d| d.name == deployment)
            .and_then(|d| d.screen_pop.as_ref())
            .map(|sp| sp.integration.clone());
        for i in ws
            .integrations
            .iter_mut()
            .filter(|i| Some(&i.name) == instance.as_ref())
        {
            i.properties
                .insert("crmBaseEndpoint".into(), base.clone().into());
        }
    }
    let args = simulate::Args {
        deployment: &deployment,
        scenario: &scenario,
        responses,
        live: a.live,
        token: a.token,
    };
    let outcome = match simulate::run(&checked.workspace, &args) {
        Ok(o) => o,
        Err(e) => {
            errln!("error: {e}");
            return Ok(2);
        }
    };
    match a.format {
        SimulateFormat::Json => {
            outln!(
                "{}",
                serde_json::to_string_pretty(&outcome.report).unwrap_or_default()
            );
        }
        SimulateFormat::Human => outln!("{}", simulate::human(&outcome.report)),
    }
    Ok(u8::from(!outcome.passed))
}

fn schema() -> Result<u8, CliError> {
    let schema =
        serde_json::to_string_pretty(&framesmith::Workspace::json_schema()).unwrap_or_default();
    outln!("{schema}");
    Ok(0)
}

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
        Command::Serve { port, host, dir } => serve(&dir, (host, port).into()),
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
        Command::Simulate(args) => simulate(args),
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
        } => test_source(
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
