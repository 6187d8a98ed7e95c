//! The names integrations are found and exported by: instances name their type, screen pop
//! names an instance and a data source, and the exports turn names into folders, files and
//! Terraform resource names. Two of a kind that share a name, or whose names meet once turned
//! into those, would make one of them unreachable or overwrite the other.

use super::Ctx;
use crate::base::pointer;
use crate::diagnostic::{Code, Diagnostic, quote};
use crate::workspace::slug::ident;

/// The names of one kind seen so far, by the name they export as. The Terraform name is the
/// strictest form: names whose data action folders or files would meet also meet there.
struct Names<'a> {
    code: Code,
    noun: &'static str,
    seen: Vec<(&'a str, String)>,
}

impl<'a> Names<'a> {
    fn new(code: Code, noun: &'static str) -> Self {
        Names {
            code,
            noun,
            seen: Vec::new(),
        }
    }

    /// Report `name` (at `path`, the entity's pointer) when it repeats an earlier one.
    fn add(&mut self, name: &'a str, path: &str, out: &mut Vec<Diagnostic>) {
        if name.trim().is_empty() {
            return; // the shape checks report a missing name
        }
        let key = ident(name);
        match self.seen.iter().find(|(_, k)| *k == key) {
            Some((first, _)) => out.push(Diagnostic::new(
                self.code,
                pointer::push(path, "name"),
                format!(
                    "{} {} repeats {}: both are exported as {}",
                    self.noun,
                    quote(name),
                    quote(first),
                    quote(&key)
                ),
                "change one name by more than punctuation or case",
            )),
            None => self.seen.push((name, key)),
        }
    }
}

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut types = Names::new(Code::IntegrationDuplicateName, "integration type");
    for (i, t) in ctx.ws.integration_types.iter().enumerate() {
        let tp = pointer::index("/integration_type", i);
        types.add(&t.name, &tp, out);
        let list = pointer::push(&tp, "dataSources");
        let mut sources = Names::new(Code::DataSourceDuplicateName, "data source");
        for (j, ds) in t.data_sources.iter().enumerate() {
            sources.add(&ds.name, &pointer::index(&list, j), out);
        }
    }
    let mut instances = Names::new(Code::IntegrationDuplicateName, "integration instance");
    for (i, inst) in ctx.ws.integrations.iter().enumerate() {
        instances.add(&inst.name, &pointer::index("/integration", i), out);
    }
}
