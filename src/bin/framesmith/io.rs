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
/// Write to stderr, which only people read: every character that would drive the terminal
/// (a CRM's words, a file name, a key) is written as `\u{..}`; line breaks and tabs stay.
pub(super) fn warn(text: &str) {
    let _ = std::io::stderr()
        .lock()
        .write_all(terminal_safe(text).as_bytes());
}

/// `text` with every control or invisible character but `\n` and `\t` made visible.
pub(super) fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' || c == '\t' {
            out.push(c);
        } else {
            framesmith::diagnostic::push_visible(&mut out, c);
        }
    }
    out
}

macro_rules! outln {
    ($($t:tt)*) => { $crate::io::emit(&format!("{}\n", format_args!($($t)*)))? };
}

macro_rules! errln {
    ($($t:tt)*) => { $crate::io::warn(&format!("{}\n", format_args!($($t)*))) };
}

/// The largest workspace or framework.js read: a real one is kilobytes; `/dev/zero` or a
/// link to something huge must end in an error, not in the machine's memory.
pub(super) const MAX_INPUT: usize = 16 * 1024 * 1024;

/// At most MAX_INPUT bytes of `from` (one more is read, to tell a larger input).
fn read_capped(path: &Path, from: impl std::io::Read) -> Result<Vec<u8>, CliError> {
    let mut buf = Vec::new();
    std::io::Read::read_to_end(&mut from.take(MAX_INPUT as u64 + 1), &mut buf).map_err(
        |source| CliError::Read {
            path: path.to_path_buf(),
            source,
        },
    )?;
    if buf.len() > MAX_INPUT {
        return Err(CliError::Read {
            path: path.to_path_buf(),
            source: std::io::Error::other(format!(
                "it is over {} MB, far more than any workspace or framework.js",
                MAX_INPUT / (1024 * 1024)
            )),
        });
    }
    Ok(buf)
}

pub(super) fn read(path: &Path) -> Result<String, CliError> {
    let file = std::fs::File::open(path).map_err(|source| CliError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let bytes = read_capped(path, file)?;
    String::from_utf8(bytes).map_err(|_| CliError::Read {
        path: path.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ),
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

/// Write `contents` at `rel` (folders by `/`) inside `out`, never through a symbolic link:
/// a link on the way (a folder or the file itself) is refused, naming it, and the file is
/// written beside its place and renamed over it, so a link put there meanwhile is replaced
/// rather than followed.
pub(super) fn write_inside(out: &Path, rel: &str, contents: &str) -> Result<PathBuf, CliError> {
    let refuse = |path: &Path, why: &str| CliError::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(why.to_string()),
    };
    let parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
    let mut at = out.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let last = i + 1 == parts.len();
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(refuse(
                    &at,
                    "it is a symbolic link, and framesmith never writes through one: remove it or choose another --out",
                ));
            }
            Ok(m) if !last && !m.is_dir() => return Err(refuse(&at, "it is not a folder")),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if !last {
                    std::fs::create_dir(&at).map_err(|source| CliError::Write {
                        path: at.clone(),
                        source,
                    })?;
                }
            }
            Err(source) => return Err(CliError::Write { path: at, source }),
        }
    }
    let name = at
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staged = at.with_file_name(format!(".{name}.framesmith-{}", std::process::id()));
    let _ = std::fs::remove_file(&staged);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&staged)
        .and_then(|mut f| std::io::Write::write_all(&mut f, contents.as_bytes()))
        .and_then(|()| std::fs::rename(&staged, &at));
    if let Err(source) = written {
        let _ = std::fs::remove_file(&staged);
        return Err(CliError::Write { path: at, source });
    }
    Ok(at)
}

/// A framework.js as text: bytes that are not UTF-8 read as U+FFFD, so a file saved in
/// another encoding is still judged; "-" is standard input.
pub(super) fn read_js(path: &Path) -> Result<String, CliError> {
    let bytes = if path.as_os_str() == "-" {
        read_capped(path, std::io::stdin())?
    } else {
        let file = std::fs::File::open(path).map_err(|source| CliError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        read_capped(path, file)?
    };
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
