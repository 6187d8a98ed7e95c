//! `framesmith check`: the page's checks on a workspace file, as text, JSON or SARIF.

use super::*;

pub(super) fn check(path: &Path, format: OutputFormat, docs: Option<&str>) -> Result<u8, CliError> {
    let (text, checked) = match (load(path), format) {
        (Err(CliError::Syntax { diagnostic, .. }), OutputFormat::Json) => {
            outln!("{}", json(std::slice::from_ref(&diagnostic)));
            return Ok(2);
        }
        (Err(CliError::Syntax { diagnostic, .. }), OutputFormat::Sarif) => {
            let file = path.display().to_string();
            let log =
                framesmith::report::sarif::log(&[(&file, std::slice::from_ref(&diagnostic))], docs);
            outln!("{}", serde_json::to_string_pretty(&log).unwrap_or_default());
            return Ok(2);
        }
        (r, _) => r?,
    };
    match format {
        OutputFormat::Json => outln!("{}", json(&checked.diagnostics)),
        OutputFormat::Sarif => {
            let file = path.display().to_string();
            let log = framesmith::report::sarif::log(&[(&file, &checked.diagnostics)], docs);
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
