//! Reading a response the fast way, when every path of the data source is plain (member
//! names, and `[*]` once at the end of `records`), as most CRM mappings are: one pass over
//! the bytes writes each record's JSON text straight from the response, building no
//! document, no record map and no JSONPath node. A string without escapes is copied as it
//! stands (the JSON writer would write the same bytes); every other value is read and
//! typed as `Prepared::page` reads it. Anything less usual (a member named twice on the way
//! to the records, records in an object, a value to flatten, a value of the wrong type, a
//! missing value without a default, a syntax error) gives up, and the caller reads the page
//! the general way, which gives the answer or the error: tests hold the two equal, byte for
//! byte, and the general way is the one that knows how to explain a fault.

use serde_json::Value;

use super::{MAX_RESPONSE_DEPTH, coerce, is_datetime};
use crate::jsonpath::{Query, Step};
use crate::standin::json::{self, Reader};
use crate::workspace::DataSource;

/// A step of the way from the root to the records and to the pagination values.
#[derive(Default)]
struct Node {
    children: Vec<(String, Node)>,
    /// The records are this value's elements.
    records: bool,
    /// Whether this is the value of `pagination.next` (0) or `pagination.cursor` (1).
    captures: [bool; 2],
}

struct Output {
    /// `"name":`, as the answer writes it.
    key: String,
    name: String,
    /// Its first member name's place in `Plan::firsts`.
    first: usize,
    /// The member names after the first.
    rest: Vec<String>,
    /// The declared type (`types`).
    kind: Option<String>,
    /// The default's JSON text (`mappingDefaults`).
    default: Option<String>,
}

/// What a data source's plain paths read, ready for `project`.
pub(crate) struct Plan {
    root: Node,
    /// The distinct first member names of the outputs.
    firsts: Vec<String>,
    /// In the order the records' maps hold them (the mapping's, as the workspace wrote it).
    outputs: Vec<Output>,
}

/// One page read the fast way.
pub(crate) struct Projected {
    /// The mapped records, a JSON array.
    pub text: String,
    pub count: usize,
    /// The values at `pagination.next` and `pagination.cursor`.
    pub pages: [Option<Value>; 2],
}

/// Member names only, at least one.
fn names(q: &Query) -> Option<Vec<String>> {
    let steps = q.plain_steps()?;
    if steps.is_empty() {
        return None;
    }
    steps
        .iter()
        .map(|s| match s {
            Step::Name(n) => Some(n.to_string()),
            Step::Each => None,
        })
        .collect()
}

impl Node {
    fn at(&mut self, names: &[String]) -> &mut Node {
        let mut node = self;
        for n in names {
            let i = match node.children.iter().position(|(k, _)| k == n) {
                Some(i) => i,
                None => {
                    node.children.push((n.clone(), Node::default()));
                    node.children.len() - 1
                }
            };
            node = &mut node.children[i].1;
        }
        node
    }
}

impl Plan {
    /// The plan for these paths (`mapping` in output-name order), when they are all plain.
    pub(crate) fn new(
        ds: &DataSource,
        records: Option<&Query>,
        mapping: &[(String, String, Query)],
        pages: [Option<&Query>; 2],
    ) -> Option<Plan> {
        let steps = records?.plain_steps()?;
        let (Step::Each, to_records) = steps.split_last()? else {
            return None;
        };
        let to_records: Vec<String> = to_records
            .iter()
            .map(|s| match s {
                Step::Name(n) => Some(n.to_string()),
                Step::Each => None,
            })
            .collect::<Option<_>>()?;
        let mut root = Node::default();
        root.at(&to_records).records = true;
        for (i, q) in pages.iter().enumerate() {
            if let Some(q) = q {
                root.at(&names(q)?).captures[i] = true;
            }
        }
        let mut firsts: Vec<String> = Vec::new();
        let mut outputs = Vec::with_capacity(mapping.len());
        for (name, _, q) in mapping {
            let mut path = names(q)?;
            let rest = path.split_off(1);
            let first = match firsts.iter().position(|f| *f == path[0]) {
                Some(i) => i,
                None => {
                    firsts.push(path.remove(0));
                    firsts.len() - 1
                }
            };
            // A default is flattened as a found value would be: that is the general way's.
            let default = match ds.mapping_defaults.get(name) {
                Some(Value::Object(m)) if !m.is_empty() => return None,
                Some(Value::Array(a)) if !a.is_empty() => return None,
                d => d.map(json::text),
            };
            let mut key = String::new();
            json::string(name, &mut key);
            key.push(':');
            outputs.push(Output {
                key,
                name: name.clone(),
                first,
                rest,
                kind: ds
                    .types
                    .get(name)
                    .and_then(Value::as_str)
                    .map(str::to_string),
                default,
            });
        }
        Some(Plan {
            root,
            firsts,
            outputs,
        })
    }

    /// The page `body` holds, or None where the general way must read it.
    pub(crate) fn project(&self, ds: &DataSource, body: &[u8]) -> Option<Projected> {
        let mut walk = Walk {
            plan: self,
            ds,
            r: Reader::new(body, MAX_RESPONSE_DEPTH),
            out: Vec::with_capacity(body.len() / 2 + 2),
            count: 0,
            spans: vec![None; self.firsts.len()],
            pages: [None; 2],
        };
        walk.out.push(b'[');
        walk.r.space();
        walk.node(&self.root, 0)?;
        walk.r.space();
        if walk.r.at != body.len() {
            return None;
        }
        let page = |span: Option<(usize, usize)>| match span {
            Some((s, e)) => json::parse(&body[s..e], MAX_RESPONSE_DEPTH).ok().map(Some),
            None => Some(None),
        };
        let pages = [page(walk.pages[0])?, page(walk.pages[1])?];
        let mut text = walk.out;
        text.push(b']');
        Some(Projected {
            // Built from valid UTF-8 (the reader checked every string it copied).
            text: String::from_utf8(text).ok()?,
            count: walk.count,
            pages,
        })
    }
}

struct Walk<'p, 't> {
    plan: &'p Plan,
    ds: &'p DataSource,
    r: Reader<'t>,
    out: Vec<u8>,
    count: usize,
    /// Where each of `Plan::firsts` is in the current record (the last one named).
    spans: Vec<Option<(usize, usize)>>,
    pages: [Option<(usize, usize)>; 2],
}

impl<'t> Walk<'_, 't> {
    /// A member's name, then past `:` and the spaces after it, at its value.
    fn key(&mut self) -> Option<std::borrow::Cow<'t, str>> {
        if self.r.peek() != Some(b'"') {
            return None;
        }
        let key = self.r.key().ok()?;
        self.r.space();
        if self.r.peek() != Some(b':') {
            return None;
        }
        self.r.at += 1;
        self.r.space();
        Some(key)
    }

    /// After a member's value: past `,` (true) or `}` (false).
    fn more(&mut self, close: u8) -> Option<bool> {
        self.r.space();
        match self.r.peek()? {
            b',' => {
                self.r.at += 1;
                self.r.space();
                Some(true)
            }
            b if b == close => {
                self.r.at += 1;
                Some(false)
            }
            _ => None,
        }
    }

    /// Past an opening bracket: false when the container is empty (and passed).
    fn open(&mut self, depth: usize, close: u8) -> Option<bool> {
        self.r.open(depth).ok()?;
        self.r.space();
        if self.r.peek() == Some(close) {
            self.r.at += 1;
            return Some(false);
        }
        Some(true)
    }

    /// The value at a step of the way to the records or the pagination values.
    fn node(&mut self, node: &Node, depth: usize) -> Option<()> {
        let start = self.r.at;
        match self.r.peek() {
            Some(b'[') if node.records => {
                if self.open(depth, b']')? {
                    loop {
                        self.record(depth + 1)?;
                        if !self.more(b']')? {
                            break;
                        }
                    }
                }
            }
            // `[*]` over an object selects its members' values in the order of its map.
            Some(b'{') if node.records => return None,
            Some(b'{') if !node.children.is_empty() => {
                let mut seen = vec![false; node.children.len()];
                if self.open(depth, b'}')? {
                    loop {
                        let key = self.key()?;
                        match node.children.iter().position(|(k, _)| *k == key) {
                            // The last of a name is the one read: the general way knows.
                            Some(i) if seen[i] => return None,
                            Some(i) => {
                                seen[i] = true;
                                self.node(&node.children[i].1, depth + 1)?;
                            }
                            None => self.r.skip(depth + 1).ok()?,
                        }
                        if !self.more(b'}')? {
                            break;
                        }
                    }
                }
            }
            _ => self.r.skip(depth).ok()?,
        }
        for (i, wanted) in node.captures.iter().enumerate() {
            if *wanted {
                self.pages[i] = Some((start, self.r.at));
            }
        }
        Some(())
    }

    /// One record: where its outputs' first members are, then its JSON text.
    fn record(&mut self, depth: usize) -> Option<()> {
        let index = self.count;
        self.count += 1;
        self.spans.fill(None);
        if self.r.peek() == Some(b'{') {
            if self.open(depth, b'}')? {
                loop {
                    let key = self.key()?;
                    let start = self.r.at;
                    self.r.skip(depth + 1).ok()?;
                    if let Some(i) = self.plan.firsts.iter().position(|f| *f == key) {
                        self.spans[i] = Some((start, self.r.at));
                    }
                    if !self.more(b'}')? {
                        break;
                    }
                }
            }
        } else {
            self.r.skip(depth).ok()?;
        }
        if index > 0 {
            self.out.push(b',');
        }
        self.out.push(b'{');
        for (n, o) in self.plan.outputs.iter().enumerate() {
            if n > 0 {
                self.out.push(b',');
            }
            self.out.extend_from_slice(o.key.as_bytes());
            let mut span = self.spans[o.first];
            for name in &o.rest {
                if let Some(at) = span {
                    span = member(self.r.text, at, name)?;
                }
            }
            match span {
                Some((s, e)) => self.value(o, index, s, e)?,
                None => self.out.extend_from_slice(o.default.as_ref()?.as_bytes()),
            }
        }
        self.out.push(b'}');
        Some(())
    }

    /// A found value, typed, as the general way writes it.
    fn value(&mut self, o: &Output, record: usize, start: usize, end: usize) -> Option<()> {
        let raw = &self.r.text[start..end];
        let plain_string = raw[0] == b'"' && !raw.contains(&b'\\');
        let as_is = match (raw[0], o.kind.as_deref()) {
            (b'n', _) => true,
            (b'"', None | Some("string")) => plain_string,
            (b'"', Some("datetime")) => {
                plain_string && is_datetime(std::str::from_utf8(&raw[1..raw.len() - 1]).ok()?)
            }
            _ => false,
        };
        if as_is {
            self.out.extend_from_slice(raw);
            return Some(());
        }
        let v = json::parse(raw, MAX_RESPONSE_DEPTH).ok()?;
        match coerce(self.ds, record, &o.name, v).ok()? {
            Value::Object(m) if !m.is_empty() => None,
            Value::Array(a) if !a.is_empty() => None,
            v => {
                self.out.extend_from_slice(json::text(&v).as_bytes());
                Some(())
            }
        }
    }
}

/// Where member `name` of the value at `span` is (the last of that name), if it is an
/// object that has one. The value has been read and checked already.
fn member(text: &[u8], (start, end): (usize, usize), name: &str) -> Option<Option<(usize, usize)>> {
    let mut r = Reader::new(&text[..end], MAX_RESPONSE_DEPTH);
    r.at = start;
    if r.peek() != Some(b'{') {
        return Some(None);
    }
    r.at += 1;
    r.space();
    let mut found = None;
    if r.peek() == Some(b'}') {
        return Some(None);
    }
    loop {
        let key = r.key().ok()?;
        r.space();
        r.at += 1;
        r.space();
        let at = r.at;
        r.skip(0).ok()?;
        if key == name {
            found = Some((at, r.at));
        }
        r.space();
        match r.peek()? {
            b',' => {
                r.at += 1;
                r.space();
            }
            _ => return Some(found),
        }
    }
}
