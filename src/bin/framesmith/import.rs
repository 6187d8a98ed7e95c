//! `framesmith import`: a hand-edited framework.js as a workspace, with notes on what was
//! not carried over.

use super::*;

pub(super) fn import(path: &Path) -> Result<u8, CliError> {
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
