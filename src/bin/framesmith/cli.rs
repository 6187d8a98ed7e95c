//! The command line's grammar: every command, argument and help text, in one place so that
//! build.rs can write the man page from it (clap_mangen) and `completions` can write shell
//! completions (clap_complete) from the same definition the command parses with.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "framesmith",
    version,
    about = "Build, check and run Genesys Cloud Embeddable Framework deployments"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Check a workspace (TOML or JSON) and report every problem.
    #[command(
        after_help = "Examples:\n  framesmith check workspace.toml\n  framesmith check workspace.json --format json\n  framesmith check workspace.toml --format sarif > framesmith.sarif"
    )]
    Check {
        workspace: PathBuf,
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// With --format sarif: where docs/diagnostics.md is published, so each rule links
        /// to its code's row (default: the repository Cargo.toml names, if any).
        #[arg(long, env = "FRAMESMITH_DOCS_URL", value_name = "URL", value_parser = DocsUrl)]
        docs_url: Option<String>,
    },
    /// Write DIR/<deployment>/framework.js and CHECKLIST.md for every deployment.
    #[command(after_help = "Examples:\n  framesmith build workspace.toml --out dist")]
    Build {
        workspace: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Print the deployment a hand-edited framework.js describes, as workspace TOML ("-"
    /// reads standard input); a file that is not JavaScript is refused (exit 2).
    #[command(
        after_help = "Examples:\n  framesmith import framework.js >> workspace.toml\n  curl -s https://crm.example.com/framework.js | framesmith import -"
    )]
    Import { framework_js: PathBuf },
    /// Check hand-edited framework.js files ("-" reads standard input): exit 1 with errors,
    /// 2 when a file cannot be read.
    #[command(
        after_help = "Examples:\n  framesmith lint framework.js\n  framesmith lint deployments/*/framework.js --format sarif > lint.sarif"
    )]
    Lint {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// With --format sarif: where docs/diagnostics.md is published, so each rule links
        /// to its code's row (default: the repository Cargo.toml names, if any).
        #[arg(long, env = "FRAMESMITH_DOCS_URL", value_name = "URL", value_parser = DocsUrl)]
        docs_url: Option<String>,
    },
    /// Check the CRM page that embeds the softphone against a deployment: its
    /// Content-Security-Policy, Permissions-Policy, the softphone's iframe and the host
    /// adapter. Exit 1 with errors, 2 when the page or workspace cannot be read.
    #[command(
        after_help = "Examples:\n  framesmith doctor workspace.toml https://crm.example.com/app --live\n  curl -sD headers.txt -o page.html https://crm.example.com/app\n  framesmith doctor workspace.toml --deployment \"Acme Dynamics\" --html page.html --headers headers.txt"
    )]
    Doctor {
        workspace: PathBuf,
        /// The page's address: fetched with --live; with --html, where the page is served
        /// (its origin is compared with crm_origin).
        url: Option<String>,
        /// The deployment the page embeds (default: the only one, or the one whose
        /// crm_origin the URL is at).
        #[arg(long)]
        deployment: Option<String>,
        /// The page's HTML, saved.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// The page's response headers, as `curl -D FILE` saves them.
        #[arg(long, value_name = "FILE", requires = "html")]
        headers: Option<PathBuf>,
        /// Fetch URL (https only, or http on 127.0.0.1/localhost; redirects only within
        /// its origin; 15 s and 8 MB at most).
        #[arg(long, requires = "url")]
        live: bool,
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// With --format sarif: where docs/diagnostics.md is published.
        #[arg(long, env = "FRAMESMITH_DOCS_URL", value_name = "URL", value_parser = DocsUrl)]
        docs_url: Option<String>,
    },
    /// Print the JSON Schema of the workspace format.
    #[command(after_help = "Examples:\n  framesmith schema > workspace.schema.json")]
    Schema,
    /// Run a data source offline against saved CRM responses: print the requests it would
    /// send and the records it maps, as JSON.
    #[command(
        after_help = "Examples:\n  framesmith test-source workspace.toml --source lookup_account_by_phone --input phone=+35315550100 --response page1.json\n  framesmith test-source workspace.toml --source lookup_account_by_phone --input phone=+35315550100 --live"
    )]
    TestSource {
        workspace: PathBuf,
        /// The data source's name.
        #[arg(long)]
        source: String,
        /// The integration instance whose properties fill the templates (default: the first
        /// instance of the data source's type).
        #[arg(long)]
        integration: Option<String>,
        /// A runtime input, such as phone=+35315550100 or attributes.PT_SearchValue=42.
        #[arg(long = "input", value_name = "NAME=VALUE")]
        inputs: Vec<String>,
        /// Saved response bodies, one per page, in order.
        #[arg(long = "response", value_name = "FILE", num_args = 1.., required_unless_present = "live")]
        responses: Vec<PathBuf>,
        /// The HTTP status the responses came with.
        #[arg(long, default_value_t = 200)]
        status: u16,
        /// Send the requests to the CRM instead (https; plain http only to this machine).
        #[arg(long, conflicts_with = "responses")]
        live: bool,
        /// The CRM access token for --live; without it, the instance's client-credentials
        /// flow runs with the secret in FRAMESMITH_CLIENT_SECRET.
        #[arg(long, requires = "live")]
        token: Option<String>,
    },
    /// Export the integrations as Genesys data actions (DIR/<type>/<source>.json) or as
    /// Terraform for CX as Code (DIR/main.tf).
    #[command(
        after_help = "Examples:\n  framesmith export workspace.toml --format data-actions --out actions\n  framesmith export workspace.toml --format terraform --out infra"
    )]
    Export {
        workspace: PathBuf,
        #[arg(long, value_enum)]
        format: ExportFormat,
        #[arg(long)]
        out: PathBuf,
    },
    /// Run a deployment's screen pop natively on a scenario (interaction events and the pops
    /// expected) against scripted or saved CRM responses, or a live CRM: exit 1 when an
    /// expectation fails, 2 when the scenario or a file cannot be read.
    #[command(
        after_help = "Examples:\n  framesmith simulate workspace.toml --deployment \"Acme Dynamics\" --scenario examples/scenarios/normal-shift.json\n  framesmith simulate workspace.toml --deployment \"Acme Dynamics\" --scenario my.json --response lookup_account_by_phone=saved.json\n  framesmith simulate workspace.toml --deployment \"Acme Dynamics\" --scenario my.json --live --crm-base http://127.0.0.1:8080/demo-crm"
    )]
    Simulate(SimulateArgs),
    /// Print a shell completion script, for example
    /// `framesmith completions bash > ~/.local/share/bash-completion/completions/framesmith`.
    #[command(
        after_help = "Examples:\n  framesmith completions bash > ~/.local/share/bash-completion/completions/framesmith\n  framesmith completions zsh > ~/.zfunc/_framesmith\n  framesmith completions fish > ~/.config/fish/completions/framesmith.fish"
    )]
    Completions { shell: Shell },
    /// Print the man page (roff), as build.rs writes it: `framesmith man | man -l -`.
    #[command(hide = true)]
    Man,
    /// Serve the builder page (www/) until stopped.
    #[command(
        after_help = "Examples:\n  framesmith serve\n  framesmith serve --port 9000 --dir www"
    )]
    Serve {
        /// Port to listen on.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Address to bind; 127.0.0.1 keeps the page on this machine.
        #[arg(long, default_value = "127.0.0.1")]
        host: std::net::IpAddr,
        /// The folder to serve: the repository's www/, with the module built into www/pkg/.
        #[arg(long, default_value = "www")]
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    DataActions,
    Terraform,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SimulateFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other CI systems.
    Sarif,
}

/// `framesmith simulate`'s arguments.
#[derive(Args)]
pub struct SimulateArgs {
    pub workspace: PathBuf,
    /// The deployment's name (default: the scenario's "deployment").
    #[arg(long)]
    pub deployment: Option<String>,
    /// The scenario, a JSON file (examples/scenarios/ has five, one a mixed shift of every kind).
    #[arg(long)]
    pub scenario: PathBuf,
    /// A saved response body for a data source: every request of it is answered with
    /// this file and HTTP 200, before anything the scenario scripts.
    #[arg(long = "response", value_name = "SOURCE=FILE")]
    pub responses: Vec<String>,
    /// Send what nothing scripted answers to the CRM itself (https, or plain http to
    /// this machine only).
    #[arg(long)]
    pub live: bool,
    /// A bearer token for the live CRM's requests.
    #[arg(long, requires = "live")]
    pub token: Option<String>,
    /// Use this URL as the integration instance's crmBaseEndpoint (for example the demo
    /// CRM of `framesmith serve`: http://127.0.0.1:8080/demo-crm).
    #[arg(long, value_name = "URL")]
    pub crm_base: Option<String>,
    #[arg(long, value_enum, default_value_t = SimulateFormat::Human)]
    pub format: SimulateFormat,
}

/// The shells `completions` writes for.
#[derive(Clone, Copy, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// `--docs-url`: an absolute http(s) URL with no fragment, or a usage error saying why that
/// does not repeat the value (clap's own error would, and it may hold a password).
#[derive(Clone)]
struct DocsUrl;

impl clap::builder::TypedValueParser for DocsUrl {
    type Value = String;

    fn parse_ref(
        &self,
        _: &clap::Command,
        _: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        let refuse = |why: &str| {
            clap::Error::raw(
                clap::error::ErrorKind::ValueValidation,
                format!("--docs-url (or FRAMESMITH_DOCS_URL) cannot be the docs URL: {why}\n"),
            )
        };
        let url = value.to_str().ok_or_else(|| refuse("it is not UTF-8"))?;
        docs_url_ok(url).map_err(refuse)?;
        Ok(url.to_string())
    }
}

/// Whether `url` can be the base of the rules' help URIs: SARIF wants an absolute URI, and
/// the code's anchor is appended, so one without a fragment, spaces or control characters.
fn docs_url_ok(url: &str) -> Result<(), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it must start with https:// (or http://)")?;
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    if authority.is_empty() {
        return Err("it names no host");
    }
    // Every SARIF log would carry it: a user name or password in it would travel too.
    if authority.contains('@') {
        return Err("it holds a user name or password (user@host), which every log would repeat");
    }
    if !url
        .chars()
        .all(|c| c.is_ascii_graphic() && !"\"<>\\^`{|}".contains(c))
    {
        return Err(
            "it holds a character a URI cannot (a space, a control character, a quote, non-ASCII): percent-encode it",
        );
    }
    if url.contains('#') {
        return Err("it has a fragment (#...); the code's anchor is added to it");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_docs_url_must_be_absolute_and_leave_room_for_the_anchor() {
        use super::docs_url_ok as ok;
        assert!(ok("https://github.com/acme/framesmith/blob/v0.1.0/docs/diagnostics.md").is_ok());
        assert!(ok("http://docs.intranet/framesmith/diagnostics.html").is_ok());
        for bad in [
            "docs/diagnostics.md",
            "https://",
            "https:///x",
            "ftp://x/y",
            "https://x/a b",
            "https://x/a\nb",
            "https://x/\"onload",
            "https://x/é",
            "https://user:token@git.example.com/d.md",
            "https://?x",
            "https://x/d.md#top",
            "javascript:alert(1)",
        ] {
            assert!(ok(bad).is_err(), "{bad}");
        }
    }
}
