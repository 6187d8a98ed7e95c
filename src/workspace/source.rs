//! Reading a workspace file: TOML or JSON text into one JSON value, plus a map from JSON
//! pointer to the place in the text, so that every diagnostic can also name a line and
//! column. Syntax errors come back as a `parse/syntax` diagnostic with their position.

use std::ops::Range;

use serde_json::{Map, Number, Value};

use crate::base::pointer;
use crate::diagnostic::{Code, Diagnostic};
use crate::standin::strmap::StrMap;
use crate::standin::{toml_read, toml_write};

/// The two spellings of a workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    /// The format a file name's extension implies.
    pub fn from_path(path: &str) -> Option<Format> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".toml") {
            Some(Format::Toml)
        } else if lower.ends_with(".json") {
            Some(Format::Json)
        } else {
            None
        }
    }
}

/// Where a value (and, in a table, its key) stands in the source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
}

/// Pointer → byte ranges; `position::Index` turns them into lines and columns.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    locs: StrMap<Loc>,
}

impl SourceMap {
    fn new() -> Self {
        SourceMap::default()
    }

    pub fn get(&self, pointer: &str) -> Option<&Loc> {
        self.locs.get(pointer)
    }

    /// The byte range a diagnostic at `pointer` should point at: the key for key-level
    /// findings, else the value; for an absent key, the nearest ancestor that exists.
    pub fn range_for(&self, pointer: &str, prefer_key: bool) -> Option<Range<usize>> {
        let mut p = pointer;
        loop {
            if let Some(loc) = self.locs.get(p) {
                let exact = p.len() == pointer.len();
                return Some(match (&loc.key, prefer_key && exact) {
                    (Some(k), true) => k.clone(),
                    _ => loc.value.clone(),
                });
            }
            p = pointer::parent(p)?;
        }
    }

    /// Fill in line and column of each diagnostic from its pointer.
    pub fn locate(&self, text: &str, diags: &mut [Diagnostic]) {
        let index = crate::base::position::Index::new(text);
        for d in diags.iter_mut().filter(|d| d.line.is_none()) {
            let key_level = matches!(
                d.code,
                Code::SchemaUnknownKey | Code::SettingsUnknownKey | Code::SettingsMisspelledKey
            );
            if let Some(range) = self.range_for(&d.path, key_level) {
                let (l, c) = index.line_col(range.start);
                d.line = Some(l);
                d.column = Some(c);
            }
        }
    }
}

/// A parsed workspace file: its value, where things are, and what could not be converted.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub value: Value,
    pub map: SourceMap,
    /// Values the JSON model cannot carry (TOML's `nan` and `inf`).
    pub diagnostics: Vec<Diagnostic>,
}

/// Parse `text` in `format`. A syntax error is the `Err` case, with line and column.
pub fn parse(text: &str, format: Format) -> Result<Parsed, Diagnostic> {
    match format {
        Format::Toml => parse_toml(text),
        Format::Json => parse_json(text),
    }
}

fn syntax_error(text: &str, offset: usize, message: String, hint: &str) -> Diagnostic {
    let (line, col) = crate::base::position::Index::new(text).line_col(offset);
    Diagnostic::new(Code::ParseSyntax, "", message, hint).at(line, col)
}

fn parse_toml(text: &str) -> Result<Parsed, Diagnostic> {
    let doc = toml_read::parse(text).map_err(|e| {
        syntax_error(
            text,
            e.offset,
            format!("not valid TOML: {}", e.message),
            "fix the TOML syntax at this position",
        )
    })?;
    let mut map = SourceMap::new();
    let mut diagnostics = Vec::new();
    let value = toml_table(&doc, "", &mut map, &mut diagnostics);
    map.locs.insert(
        String::new(),
        Loc {
            key: None,
            value: 0..text.len(),
        },
    );
    Ok(Parsed {
        value,
        map,
        diagnostics,
    })
}

fn toml_table(
    table: &toml_read::Table,
    path: &str,
    map: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Value {
    let mut out = Map::new();
    for e in &table.entries {
        let p = pointer::push(path, &e.key);
        map.locs.insert(
            p.clone(),
            Loc {
                key: Some(e.key_span.clone()),
                value: e.node.span(),
            },
        );
        let v = toml_value(&e.node, &p, map, diags);
        out.insert(e.key.clone(), v);
    }
    Value::Object(out)
}

fn toml_value(
    node: &toml_read::Node,
    path: &str,
    map: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Value {
    use toml_read::{Node, Scalar};
    match node {
        Node::Scalar(s, _) => match s {
            Scalar::String(s) | Scalar::Datetime(s) => Value::String(s.clone()),
            Scalar::Integer(i) => Value::Number((*i).into()),
            Scalar::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Scalar::Bool(b) => Value::Bool(*b),
            Scalar::Unrepresentable(text) => {
                let float = text.contains(['.', 'e', 'E', 'n', 'i']) && !text.starts_with("0x");
                diags.push(if float {
                    Diagnostic::new(
                        Code::SchemaWrongType,
                        path,
                        format!("{text} is not a finite number"),
                        "JSON and JavaScript carry only finite numbers: write a plain number",
                    )
                } else {
                    Diagnostic::new(
                        Code::SchemaWrongType,
                        path,
                        format!("integer {text} does not fit in 64 bits"),
                        "use a smaller number",
                    )
                });
                Value::Null
            }
        },
        Node::Array { items, .. } => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let p = pointer::index(path, i);
                    map.locs.insert(
                        p.clone(),
                        Loc {
                            key: None,
                            value: item.span(),
                        },
                    );
                    toml_value(item, &p, map, diags)
                })
                .collect(),
        ),
        Node::Table(t) => toml_table(t, path, map, diags),
    }
}

fn parse_json(text: &str) -> Result<Parsed, Diagnostic> {
    let json_error = |offset: usize, message: String| {
        syntax_error(
            text,
            offset,
            format!("not valid JSON: {message}"),
            "fix the JSON syntax at this position",
        )
    };
    // A byte-order mark is no part of the document (editors on Windows write one).
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if let Some(offset) = too_deep_at(&text.as_bytes()[bom..]) {
        return Err(json_error(
            bom + offset,
            crate::base::depth::text_too_deep(),
        ));
    }
    let value: Value = serde_json::from_str(&text[bom..]).map_err(|e| {
        // serde_json gives a line and a byte column (after the mark, on line 1).
        let line = e.line().max(1);
        let start = crate::base::position::Index::new(text)
            .line(line)
            .map_or(0, |(s, _)| s);
        let skip = if line == 1 { bom } else { 0 };
        let offset = (start + skip + e.column().saturating_sub(1)).min(text.len());
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        json_error(offset, msg)
    })?;
    let mut map = SourceMap::new();
    let mut scanner = JsonSpans {
        text: text.as_bytes(),
        pos: bom,
        map: &mut map,
    };
    scanner
        .value("", None)
        .map_err(|(offset, message)| json_error(offset, message))?;
    let mut value = value;
    exact_floats(&mut value, "", &map, text);
    Ok(Parsed {
        value,
        map,
        diagnostics: Vec::new(),
    })
}

/// Read every float again from its own text with `float::parse`, which rounds correctly
/// in the CLI and in the browser module alike (serde_json's default reading may be one
/// unit in the last place off, and the module is built without its exact mode).
fn exact_floats(v: &mut Value, path: &str, map: &SourceMap, text: &str) {
    match v {
        Value::Number(n) if n.is_f64() => {
            let exact = map
                .locs
                .get(path)
                .and_then(|loc| text.get(loc.value.clone()))
                .and_then(crate::standin::float::parse)
                .and_then(Number::from_f64);
            if let Some(e) = exact {
                *n = e;
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                exact_floats(item, &pointer::index(path, i), map, text);
            }
        }
        Value::Object(m) => {
            for (k, item) in m.iter_mut() {
                exact_floats(item, &pointer::push(path, k), map, text);
            }
        }
        _ => {}
    }
}

/// Where JSON text nests deeper than `depth::MAX_DEPTH`, in one pass: serde_json's own
/// limit (128) would otherwise answer first, with another message.
fn too_deep_at(b: &[u8]) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &c) in b.iter().enumerate() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > crate::base::depth::MAX_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Records the span of every value in text serde_json has already accepted, so it can
/// assume well-formed input and stay small. The one thing it refuses is a key written twice
/// in one object, which serde_json reads as its last value.
struct JsonSpans<'a> {
    text: &'a [u8],
    pos: usize,
    map: &'a mut SourceMap,
}

impl JsonSpans<'_> {
    fn ws(&mut self) {
        while self.pos < self.text.len()
            && matches!(self.text[self.pos], b' ' | b'\t' | b'\n' | b'\r')
        {
            self.pos += 1;
        }
    }

    fn string(&mut self) -> String {
        let start = self.pos;
        self.pos += 1;
        while self.pos < self.text.len() {
            match self.text[self.pos] {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    break;
                }
                _ => self.pos += 1,
            }
        }
        let raw = std::str::from_utf8(&self.text[start..self.pos]).unwrap_or("\"\"");
        // Read as a Value, not a String: String's reader links serde's type-error text, and
        // with it core's float formatter, into the browser module.
        match serde_json::from_str(raw) {
            Ok(Value::String(s)) => s,
            _ => String::new(),
        }
    }

    fn value(&mut self, path: &str, key: Option<Range<usize>>) -> Result<(), (usize, String)> {
        self.ws();
        let start = self.pos;
        match self.text.get(self.pos) {
            Some(b'{') => {
                self.pos += 1;
                loop {
                    self.ws();
                    match self.text.get(self.pos) {
                        Some(b'}') | None => {
                            self.pos += 1;
                            break;
                        }
                        Some(b',') => self.pos += 1,
                        Some(_) => {
                            let kstart = self.pos;
                            let k = self.string();
                            let krange = kstart..self.pos;
                            self.ws();
                            self.pos += 1; // ':'
                            let p = pointer::push(path, &k);
                            // Pointers of one object's members differ unless their keys do.
                            if self.map.locs.contains_key(&p) {
                                return Err((
                                    kstart,
                                    format!(
                                        "duplicate key {}: JSON readers keep only one of them; remove the other",
                                        crate::diagnostic::quote(&k)
                                    ),
                                ));
                            }
                            self.value(&p, Some(krange))?;
                        }
                    }
                }
            }
            Some(b'[') => {
                self.pos += 1;
                let mut i = 0;
                loop {
                    self.ws();
                    match self.text.get(self.pos) {
                        Some(b']') | None => {
                            self.pos += 1;
                            break;
                        }
                        Some(b',') => self.pos += 1,
                        Some(_) => {
                            self.value(&pointer::index(path, i), None)?;
                            i += 1;
                        }
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while self.pos < self.text.len()
                    && !matches!(
                        self.text[self.pos],
                        b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'
                    )
                {
                    self.pos += 1;
                }
            }
            None => {}
        }
        self.map.locs.insert(
            path.to_string(),
            Loc {
                key,
                value: start..self.pos,
            },
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_positions_follow_pointers() {
        let text = "[org]\nname = \"A\"\n\n[[deployment]]\nname = \"B\"\ngroups = [\"x\", \"y\"]\n";
        let p = parse(text, Format::Toml).unwrap();
        assert_eq!(p.value["deployment"][0]["groups"][1], "y");
        let r = p.map.range_for("/deployment/0/groups/1", false).unwrap();
        assert_eq!(&text[r.clone()], "\"y\"");
        assert_eq!(
            crate::base::position::Index::new(text).line_col(r.start),
            (6, 16)
        );
        let k = p.map.range_for("/deployment/0/name", true).unwrap();
        assert_eq!(&text[k], "name");
        // An absent key points at its nearest ancestor.
        assert!(p.map.range_for("/deployment/0/client_id", false).is_some());
    }

    #[test]
    fn json_positions_follow_pointers() {
        let text = "{\n  \"org\": {\"name\": \"A\\\"b\"},\n  \"deployment\": [ {\"name\": \"é\", \"groups\": [1, 2]} ]\n}";
        let p = parse(text, Format::Json).unwrap();
        let r = p.map.range_for("/deployment/0/groups/1", false).unwrap();
        assert_eq!(&text[r.clone()], "2");
        assert_eq!(
            crate::base::position::Index::new(text).line_col(r.start).0,
            3
        );
        let r = p.map.range_for("/org/name", true).unwrap();
        assert_eq!(&text[r], "\"name\"");
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let e = parse("[org]\nname = \"A\nregion = 1\n", Format::Toml).unwrap_err();
        assert_eq!(e.code, Code::ParseSyntax);
        assert_eq!(e.line, Some(2));
        let e = parse("{\n  \"org\": {,}\n}", Format::Json).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(11)));
    }

    #[test]
    fn non_finite_toml_floats_are_reported_not_lost() {
        let p = parse("x = nan\ny = 1.5\n", Format::Toml).unwrap();
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].path, "/x");
        assert_eq!(p.value["y"], 1.5);
    }
}

/// Why a workspace value cannot be written in a format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError {
    /// Where the value that cannot be written is (JSON pointer), when known.
    pub path: String,
    pub message: String,
}

/// The first `null` in a value: TOML has no null, so such a workspace cannot be exported
/// as TOML (the JSON export keeps it, and the checks report it).
fn find_null(v: &Value, path: &str) -> Option<String> {
    match v {
        Value::Null => Some(path.to_string()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, x)| find_null(x, &format!("{path}/{i}"))),
        Value::Object(m) => m
            .iter()
            .find_map(|(k, x)| find_null(x, &pointer::push(path, k))),
        _ => None,
    }
}

/// A workspace value as text: pretty JSON, or TOML as `framesmith` reads it back.
pub fn write(value: &Value, format: Format) -> Result<String, WriteError> {
    match format {
        Format::Json => serde_json::to_string_pretty(value)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| WriteError {
                path: String::new(),
                message: e.to_string(),
            }),
        Format::Toml => {
            if let Some(path) = find_null(value, "") {
                return Err(WriteError {
                    path,
                    message: "TOML has no null value: remove the key or give it a value".into(),
                });
            }
            match value {
                Value::Object(root) => Ok(toml_write::document(root)),
                _ => Err(WriteError {
                    path: String::new(),
                    message: "a TOML document is a table: the workspace must be an object".into(),
                }),
            }
        }
    }
}
