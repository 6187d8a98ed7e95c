//! What every command shares: its errors and exit codes, reading files, writing to a pipe
//! that may close, and warnings on stderr.

use super::*;

/// What can stop a command before it has anything to report on.
#[derive(Debug)]
pub(super) enum CliError {
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
    pub(super) fn exit_code(&self) -> u8 {
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
pub(super) static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Write to standard output. `print!` panics when the write fails; here a closed pipe is
/// the reader's choice and ends output quietly, and any other failure (a full disk) is an
/// error.
pub(super) fn emit(text: &str) -> Result<(), CliError> {
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
pub(super) fn warn(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

macro_rules! outln {
    ($($t:tt)*) => { $crate::io::emit(&format!("{}\n", format_args!($($t)*)))? };
}

macro_rules! errln {
    ($($t:tt)*) => { $crate::io::warn(&format!("{}\n", format_args!($($t)*))) };
}

pub(super) fn read(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|source| CliError::Read {
        path: path.to_path_buf(),
        source,
    })
}

pub(super) fn load(path: &Path) -> Result<(String, Checked), CliError> {
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

pub(super) fn json(diags: &[Diagnostic]) -> String {
    // Serialising plain data to a String cannot fail.
    serde_json::to_string_pretty(diags).unwrap_or_else(|_| "[]".into())
}

/// Where SARIF's help URIs point: the caller's `--docs-url`, or the published docs.
pub(super) fn docs(given: Option<String>) -> Option<String> {
    given.or_else(framesmith::report::sarif::default_docs_url)
}

pub(super) fn write(path: &Path, contents: &str) -> Result<(), CliError> {
    std::fs::write(path, contents).map_err(|source| CliError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// A framework.js as text: bytes that are not UTF-8 read as U+FFFD, so a file saved in
/// another encoding is still judged; "-" is standard input.
pub(super) fn read_js(path: &Path) -> Result<String, CliError> {
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
