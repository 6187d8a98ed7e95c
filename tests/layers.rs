//! The layers of the house (ARCHITECTURE.md, "Code map"): a folder of `src/` imports only
//! folders on lower layers, so no import circle can form between them. A new folder must be
//! given a layer here, and an import that runs back up fails this test with the file, the
//! line and the name that closes the loop. Test code (`mod tests`, `tests.rs`) is left out:
//! a test may build a workspace through the crate's front door.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Bottom first. Folders on one line are beside each other: neither imports the other.
const LAYERS: &[&[&str]] = &[
    &["base"],
    &["standin"],
    &["catalogue", "diagnostic"],
    &["jsonpath", "js"],
    &["workspace"],
    &["datasource"],
    &["screenpop"],
    &["rules", "export"],
    &["render"],
    &["runtime", "lint", "doctor"],
    &["import"],
    &["report"],
    &["lib"],
    &["builder"],
];

/// What the crate root hands on, by the folder that defines it.
const ROOT_NAMES: &[(&str, &str)] = &[
    ("Code", "diagnostic"),
    ("Diagnostic", "diagnostic"),
    ("Severity", "diagnostic"),
    ("RenderError", "render"),
    ("Rendered", "render"),
    ("VERSION", "base"),
    ("Workspace", "workspace"),
    ("Format", "workspace"),
];

fn layer(folder: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&folder))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().unwrap() != "bin" {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The folder (first component under `src/`) a file belongs to: `lib` for lib.rs.
fn folder_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.strip_suffix(".rs").unwrap_or(&first).to_string()
}

/// The code of a file without its test module: from `#[cfg(test)] mod tests {` to the
/// first `}` at the start of a line (rustfmt's layout), or a `mod tests;` declaration.
fn without_tests(text: &str) -> String {
    let marker = "#[cfg(test)]\nmod tests";
    let Some(at) = text.find(marker) else {
        return text.to_string();
    };
    let after = &text[at..];
    let end = if after[marker.len()..].starts_with(';') {
        marker.len() + 1
    } else {
        after.find("\n}\n").map_or(after.len(), |e| e + 3)
    };
    // Blank lines in its place, so that line numbers stay those of the file.
    let blank = "\n".repeat(after[..end].matches('\n').count());
    format!("{}{blank}{}", &text[..at], &after[end..])
}

/// Reading inside `use crate::{ ... }`: the names at the group's top level, with the depth
/// of braces carried from line to line (1 is the group's own level; 0 is its end).
fn group_names(text: &str, depth: &mut usize, line: usize, out: &mut Vec<(usize, String)>) {
    let mut at_top = true;
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<(usize, String)>| {
        if !word.is_empty() {
            out.push((line, std::mem::take(word)));
        }
    };
    for c in text.chars() {
        match c {
            '{' => {
                flush(&mut word, out);
                *depth += 1;
                at_top = false;
            }
            '}' => {
                flush(&mut word, out);
                *depth -= 1;
                if *depth == 0 {
                    return;
                }
                at_top = false;
            }
            ',' if *depth == 1 => {
                flush(&mut word, out);
                at_top = true;
            }
            c if at_top && (c.is_alphanumeric() || c == '_') => word.push(c),
            _ => {
                if !word.is_empty() {
                    flush(&mut word, out);
                    at_top = false;
                }
            }
        }
    }
    flush(&mut word, out);
}

/// The first names after `crate::` on every line, with their line numbers: `crate::a::b`
/// gives `a`; `use crate::{a, b::c}` gives `a` and `b`.
fn crate_names(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    for (i, line) in code.lines().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        let line_no = i + 1;
        if depth > 0 {
            // A group that runs over several lines: each line starts at a name's place.
            group_names(line, &mut depth, line_no, &mut out);
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let before = &rest[..at];
            rest = &rest[at + "crate::".len()..];
            if before.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue; // `framesmith_crate::` and the like
            }
            if let Some(group) = rest.strip_prefix('{') {
                depth = 1;
                group_names(group, &mut depth, line_no, &mut out);
                break;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push((line_no, name));
            }
        }
    }
    out
}

/// Every import between folders: (from, to) -> the first place it is made.
fn imports() -> BTreeMap<(String, String), String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let folders: Vec<String> = files
        .iter()
        .map(|f| folder_of(f.strip_prefix(&src).unwrap()))
        .collect();
    let mut found = BTreeMap::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        if rel.file_name().unwrap() == "tests.rs" {
            continue;
        }
        let from = folder_of(rel);
        let text = std::fs::read_to_string(file).unwrap();
        for (line, name) in crate_names(&without_tests(&text)) {
            let to = if folders.contains(&name) {
                name.clone()
            } else if let Some((_, home)) = ROOT_NAMES.iter().find(|(n, _)| *n == name) {
                home.to_string()
            } else {
                "lib".to_string()
            };
            if to != from {
                found
                    .entry((from.clone(), to))
                    .or_insert_with(|| format!("src/{}:{line} (crate::{name})", rel.display()));
            }
        }
    }
    found
}

#[test]
fn every_folder_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut missing: Vec<String> = files
        .iter()
        .map(|f| folder_of(f.strip_prefix(&src).unwrap()))
        .filter(|f| layer(f).is_none())
        .collect();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "give these folders a layer in tests/layers.rs and ARCHITECTURE.md: {missing:?}"
    );
}

#[test]
fn no_folder_imports_one_on_its_own_layer_or_above() {
    let wrong: Vec<String> = imports()
        .into_iter()
        .filter_map(|((from, to), at)| {
            let (f, t) = (layer(&from)?, layer(&to)?);
            (t >= f).then(|| format!("{from} -> {to} at {at}"))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "imports that run sideways or back up (move the borrowed item down, or the \
         importer up):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_reader_sees_imports_in_every_form() {
    // The check is only as good as its reading of `use` lines: each form the code uses.
    let code = "use crate::a::b;\nuse crate::{c, d::{e, f}, g};\nuse crate::{\n    h::i,\n    j,\n};\nlet x = crate::k::l(1);\n// crate::m is a comment\n";
    let names: Vec<String> = crate_names(code).into_iter().map(|(_, n)| n).collect();
    assert_eq!(names, ["a", "c", "d", "g", "h", "j", "k"]);
}
