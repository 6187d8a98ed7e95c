//! `framesmith build`: every deployment's framework.js and CHECKLIST.md, written as the page's
//! "Download all" writes them, never through a symlink.

use super::*;

pub(super) fn build(path: &Path, out: &Path) -> Result<u8, CliError> {
    let (text, checked) = load(path)?;
    let file = path.display().to_string();
    let rendered = match framesmith::build(&checked, framesmith::render::carried::CARRIED) {
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
