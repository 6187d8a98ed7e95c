//! Exports of a workspace's integrations for Genesys' own tooling: each data source as a
//! data action (JSON, for the Admin UI or the API) and the whole org as Terraform for
//! CX as Code. Both are generated from the same data source definitions the screen pop
//! runs, so server-side flows and browser pops cannot drift apart.

pub mod data_actions;
pub mod terraform;

use crate::workspace::Workspace;
use crate::workspace::slug::slug;

/// `(relative path, contents)` of every data action: `<type>/<data source>.json`, with
/// settings filled from the first instance of the type.
pub fn data_action_files(ws: &Workspace) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for t in &ws.integration_types {
        let inst = ws.integrations.iter().find(|i| i.kind == t.name);
        for ds in &t.data_sources {
            let action = data_actions::action(t, inst, ds);
            let text = serde_json::to_string_pretty(&action).unwrap_or_default() + "\n";
            files.push((format!("{}/{}.json", slug(&t.name), slug(&ds.name)), text));
        }
    }
    files
}
