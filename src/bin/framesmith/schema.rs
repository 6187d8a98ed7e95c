//! `framesmith schema`: the workspace's JSON Schema, for editors.

use super::*;

pub(super) fn schema() -> Result<u8, CliError> {
    let schema =
        serde_json::to_string_pretty(&framesmith::Workspace::json_schema()).unwrap_or_default();
    outln!("{schema}");
    Ok(0)
}
