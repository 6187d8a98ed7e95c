//! Evaluating a parsed query (RFC 9535 §2): segments applied in turn to a node list,
//! filters with the standard's comparison rules (an empty result, "Nothing", equals only
//! Nothing; `<` only orders numbers and strings) and its five functions.

use std::fmt::Write as _;

use serde_json::Value;

use super::{
    Argument, CmpOp, Comparable, FilterQuery, Function, FunctionName, Logical, Node, Query,
    Selector, iregexp,
};

/// A node during evaluation; paths are only built for the top-level query.
struct N<'a> {
    path: Option<String>,
    value: &'a Value,
}

pub fn select<'a>(q: &Query, root: &'a Value) -> Vec<Node<'a>> {
    run(q, root, root, true)
        .into_iter()
        .map(|n| Node {
            path: n.path.unwrap_or_default(),
            value: n.value,
        })
        .collect()
}

/// The selected values, without their paths.
pub fn values<'a>(q: &Query, root: &'a Value) -> Vec<&'a Value> {
    run(q, root, root, false)
        .into_iter()
        .map(|n| n.value)
        .collect()
}

fn run<'a>(q: &Query, start: &'a Value, root: &'a Value, paths: bool) -> Vec<N<'a>> {
    let mut nodes = vec![N {
        path: paths.then(|| "$".to_string()),
        value: start,
    }];
    for seg in &q.segments {
        let mut out = Vec::new();
        for n in &nodes {
            if seg.descendant {
                descend(n, &seg.selectors, root, &mut out);
            } else {
                for sel in &seg.selectors {
                    apply(sel, n, root, &mut out);
                }
            }
        }
        nodes = out;
    }
    nodes
}

/// The node and every descendant in document order, each given every selector.
fn descend<'a>(n: &N<'a>, selectors: &[Selector], root: &'a Value, out: &mut Vec<N<'a>>) {
    for sel in selectors {
        apply(sel, n, root, out);
    }
    for child in children(n) {
        descend(&child, selectors, root, out);
    }
}

fn child_path(parent: &Option<String>, step: Step<'_>) -> Option<String> {
    parent.as_ref().map(|p| {
        let mut s = p.clone();
        match step {
            Step::Index(i) => {
                let _ = write!(s, "[{i}]");
            }
            Step::Name(k) => {
                s.push_str("['");
                for c in k.chars() {
                    match c {
                        '\'' => s.push_str("\\'"),
                        '\\' => s.push_str("\\\\"),
                        '\u{8}' => s.push_str("\\b"),
                        '\u{c}' => s.push_str("\\f"),
                        '\n' => s.push_str("\\n"),
                        '\r' => s.push_str("\\r"),
                        '\t' => s.push_str("\\t"),
                        c if (c as u32) < 0x20 => {
                            let _ = write!(s, "\\u{:04x}", c as u32);
                        }
                        c => s.push(c),
                    }
                }
                s.push_str("']");
            }
        }
        s
    })
}

enum Step<'k> {
    Index(usize),
    Name(&'k str),
}

fn children<'a>(n: &N<'a>) -> Vec<N<'a>> {
    match n.value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| N {
                path: child_path(&n.path, Step::Index(i)),
                value: v,
            })
            .collect(),
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| N {
                path: child_path(&n.path, Step::Name(k)),
                value: v,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn apply<'a>(sel: &Selector, n: &N<'a>, root: &'a Value, out: &mut Vec<N<'a>>) {
    match (sel, n.value) {
        (Selector::Name(k), Value::Object(m)) => {
            if let Some(v) = m.get(k) {
                out.push(N {
                    path: child_path(&n.path, Step::Name(k)),
                    value: v,
                });
            }
        }
        (Selector::Wildcard, _) => out.extend(children(n)),
        (Selector::Index(i), Value::Array(items)) => {
            let len = items.len() as i64;
            let at = if *i < 0 { len + i } else { *i };
            if (0..len).contains(&at) {
                out.push(N {
                    path: child_path(&n.path, Step::Index(at as usize)),
                    value: &items[at as usize],
                });
            }
        }
        (Selector::Slice { start, end, step }, Value::Array(items)) => {
            for i in slice_indices(items.len() as i64, *start, *end, step.unwrap_or(1)) {
                out.push(N {
                    path: child_path(&n.path, Step::Index(i)),
                    value: &items[i],
                });
            }
        }
        (Selector::Filter(f), Value::Array(_) | Value::Object(_)) => {
            for child in children(n) {
                if test(f, child.value, root) {
                    out.push(child);
                }
            }
        }
        _ => {}
    }
}

/// RFC 9535 §2.3.4.2.2: the indexes a slice selects, in order.
fn slice_indices(len: i64, start: Option<i64>, end: Option<i64>, step: i64) -> Vec<usize> {
    let norm = |i: i64| if i >= 0 { i } else { len + i };
    let mut out = Vec::new();
    if step > 0 {
        let lower = norm(start.unwrap_or(0)).clamp(0, len);
        let upper = norm(end.unwrap_or(len)).clamp(0, len);
        let mut i = lower;
        while i < upper {
            out.push(i as usize);
            i += step;
        }
    } else if step < 0 {
        let upper = norm(start.unwrap_or(len - 1)).clamp(-1, len - 1);
        let lower = end.map_or(-1, |e| norm(e).clamp(-1, len - 1));
        let mut i = upper;
        while lower < i {
            out.push(i as usize);
            i += step;
        }
    }
    out
}

fn query<'a>(fq: &FilterQuery, current: &'a Value, root: &'a Value) -> Vec<&'a Value> {
    let start = if fq.relative { current } else { root };
    run(&fq.query, start, root, false)
        .into_iter()
        .map(|n| n.value)
        .collect()
}

fn test(l: &Logical, current: &Value, root: &Value) -> bool {
    match l {
        Logical::Or(parts) => parts.iter().any(|p| test(p, current, root)),
        Logical::And(parts) => parts.iter().all(|p| test(p, current, root)),
        Logical::Not(inner) => !test(inner, current, root),
        Logical::Exists(q) => !query(q, current, root).is_empty(),
        Logical::Function(f) => function(f, current, root).is_some_and(|v| v == Value::Bool(true)),
        Logical::Compare(a, op, b) => {
            let (a, b) = (comparable(a, current, root), comparable(b, current, root));
            let (a, b) = (a.as_ref(), b.as_ref());
            match op {
                CmpOp::Eq => equal(a, b),
                CmpOp::Ne => !equal(a, b),
                CmpOp::Lt => less(a, b),
                CmpOp::Le => less(a, b) || equal(a, b),
                CmpOp::Gt => less(b, a),
                CmpOp::Ge => less(b, a) || equal(a, b),
            }
        }
    }
}

/// A comparable's value; None is "Nothing" (a query that selected no node).
fn comparable(c: &Comparable, current: &Value, root: &Value) -> Option<Value> {
    match c {
        Comparable::Literal(v) => Some(v.clone()),
        Comparable::Query(q) => query(q, current, root).first().map(|v| (*v).clone()),
        Comparable::Function(f) => function(f, current, root),
    }
}

fn argument_value(a: &Argument, current: &Value, root: &Value) -> Option<Value> {
    match a {
        Argument::Literal(v) => Some(v.clone()),
        Argument::Query(q) => query(q, current, root).first().map(|v| (*v).clone()),
        Argument::Function(f) => function(f, current, root),
    }
}

fn argument_nodes<'a>(a: &Argument, current: &'a Value, root: &'a Value) -> Vec<&'a Value> {
    match a {
        Argument::Query(q) => query(q, current, root),
        _ => Vec::new(),
    }
}

/// A function's result: a value (length, count, value) or a logical one as a boolean
/// (match, search); None is Nothing.
fn function(f: &Function, current: &Value, root: &Value) -> Option<Value> {
    match f.name {
        FunctionName::Length => match argument_value(&f.args[0], current, root)? {
            Value::String(s) => Some(s.chars().count().into()),
            Value::Array(a) => Some(a.len().into()),
            Value::Object(o) => Some(o.len().into()),
            _ => None,
        },
        FunctionName::Count => Some(argument_nodes(&f.args[0], current, root).len().into()),
        FunctionName::Value => match argument_nodes(&f.args[0], current, root).as_slice() {
            [one] => Some((*one).clone()),
            _ => None,
        },
        FunctionName::Match | FunctionName::Search => {
            let text = argument_value(&f.args[0], current, root);
            let pattern = argument_value(&f.args[1], current, root);
            let found = match (text, pattern) {
                (Some(Value::String(t)), Some(Value::String(p))) => iregexp::Regex::parse(&p)
                    .is_ok_and(|re| {
                        if f.name == FunctionName::Match {
                            re.is_full_match(&t)
                        } else {
                            re.is_found_in(&t)
                        }
                    }),
                _ => false,
            };
            Some(Value::Bool(found))
        }
    }
}

fn equal(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => same(a, b),
        _ => false,
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn less(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64() < y.as_f64(),
        (Some(Value::String(x)), Some(Value::String(y))) => x < y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::slice_indices;

    #[test]
    fn slices_follow_the_standard() {
        assert_eq!(slice_indices(5, Some(1), Some(3), 1), [1, 2]);
        assert_eq!(slice_indices(5, None, None, -1), [4, 3, 2, 1, 0]);
        assert_eq!(slice_indices(5, Some(-2), None, 1), [3, 4]);
        assert_eq!(slice_indices(5, None, None, 0), Vec::<usize>::new());
        assert_eq!(slice_indices(5, Some(3), Some(0), -2), [3, 1]);
    }
}
