//! `framesmith lint`: findings on hand-edited framework.js files.

use super::*;

#[cfg(feature = "js")]
pub(super) fn lint(
    files: &[PathBuf],
    format: OutputFormat,
    docs: Option<&str>,
) -> Result<u8, CliError> {
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
                serde_json::to_string_pretty(&framesmith::report::sarif::log(&files, docs))
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
pub(super) fn lint(_: &[PathBuf], _: OutputFormat, _: Option<&str>) -> Result<u8, CliError> {
    Ok(2)
}
