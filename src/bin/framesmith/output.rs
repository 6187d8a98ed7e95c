//! Writing `build`'s output folder so that no failure leaves it half-written: every file is
//! written into a staging folder beside it first (a full disk or a refused name fails
//! there, before anything of the old output is touched), then renamed into place.

use std::path::{Path, PathBuf};

use crate::CliError;

fn write_error(path: &Path, source: std::io::Error) -> CliError {
    CliError::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Replace `out`'s deployment folders with `files` (folder, file name, contents). A new
/// `out` appears whole in one rename. In an existing `out` each deployment folder is
/// swapped in by rename and anything else there is left alone: `--out .` must never
/// delete what it did not write.
pub fn replace(out: &Path, files: &[(&str, &str, &str)]) -> Result<(), CliError> {
    let name = out
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let stage = parent.join(format!(".{name}.framesmith-{}", std::process::id()));
    let result = stage_and_swap(out, &stage, files);
    // Whatever happened, no staging folder is left behind.
    let _ = std::fs::remove_dir_all(&stage);
    result
}

fn stage_and_swap(out: &Path, stage: &Path, files: &[(&str, &str, &str)]) -> Result<(), CliError> {
    let _ = std::fs::remove_dir_all(stage);
    std::fs::create_dir_all(stage).map_err(|e| write_error(stage, e))?;
    for (dir, file, contents) in files {
        let d = stage.join(dir);
        std::fs::create_dir_all(&d).map_err(|e| write_error(&d, e))?;
        let f = d.join(file);
        std::fs::write(&f, contents).map_err(|e| write_error(&f, e))?;
    }
    if !out.exists() {
        return std::fs::rename(stage, out).map_err(|e| write_error(out, e));
    }
    if !out.is_dir() {
        return Err(write_error(
            out,
            std::io::Error::other("it exists and is not a folder"),
        ));
    }
    let mut dirs: Vec<&str> = files.iter().map(|(d, _, _)| *d).collect();
    dirs.dedup();
    // Refuse before anything moves: a file of the user's where a folder would go stays.
    if let Some(file) = dirs
        .iter()
        .map(|d| out.join(d))
        .find(|t| t.exists() && !t.is_dir())
    {
        return Err(write_error(
            &file,
            std::io::Error::other("it exists and is not a folder"),
        ));
    }
    for dir in dirs {
        let target = out.join(dir);
        let old = stage.join(format!(".old-{dir}"));
        if target.exists() {
            std::fs::rename(&target, &old).map_err(|e| write_error(&target, e))?;
        }
        if let Err(e) = std::fs::rename(stage.join(dir), &target) {
            // Put the previous folder back rather than leave none.
            let _ = std::fs::rename(&old, &target);
            return Err(write_error(&target, e));
        }
    }
    Ok(())
}
