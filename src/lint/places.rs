//! One fact, one finding (issue 24): offsets grouped under the fact they show (a name, a
//! member, a target), reported once at the first place with the lines of the others.

use crate::base::position::Index;
use crate::diagnostic::Diagnostic;

/// Offsets grouped under one fact (a name, a member): reported once, at the first place,
/// naming the lines of the others.
#[derive(Default)]
pub struct Places {
    seen: Vec<(String, Vec<u32>)>,
    /// Where each fact sits in `seen`: a file with many facts costs linear time.
    at: std::collections::HashMap<String, usize>,
}

impl Places {
    pub fn add(&mut self, fact: &str, offset: u32) {
        match self.at.get(fact) {
            Some(i) => self.seen[*i].1.push(offset),
            None => {
                self.at.insert(fact.to_string(), self.seen.len());
                self.seen.push((fact.to_string(), vec![offset]));
            }
        }
    }

    /// One diagnostic per fact, made by `make(fact, also)`, `also` being ", also at lines
    /// ..." or empty.
    pub fn report(
        self,
        index: &Index<'_>,
        mut make: impl FnMut(&str, &str) -> Diagnostic,
    ) -> Vec<Diagnostic> {
        self.seen
            .into_iter()
            .map(|(fact, mut at)| {
                at.sort_unstable();
                let lines: Vec<String> = at[1..]
                    .iter()
                    .map(|o| index.line_col(*o as usize).0.to_string())
                    .collect();
                let mut uniq = lines.clone();
                uniq.dedup();
                let also = match uniq.len() {
                    0 => String::new(),
                    1 => format!(" (and again at line {})", uniq[0]),
                    _ => format!(" (and again at lines {})", uniq.join(", ")),
                };
                let (line, column) = index.line_col(at[0] as usize);
                make(&fact, &also).at(line, column)
            })
            .collect()
    }
}
