//! `framesmith export`: the data actions and the Terraform an org keeps in git.

use super::*;

pub(super) fn export(path: &Path, format: ExportFormat, out: &Path) -> Result<u8, CliError> {
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
    std::fs::create_dir_all(out).map_err(|source| CliError::Write {
        path: out.to_path_buf(),
        source,
    })?;
    for (rel, contents) in &files {
        let target = write_inside(out, rel, contents)?;
        outln!("wrote {}", target.display());
    }
    Ok(0)
}
