//! Assembling the tree: table headers, dotted keys and arrays of tables, with TOML's rules
//! on defining a table twice and extending one defined inline.

use super::*;

pub(super) type Fail = (usize, String);

/// The table at `path` (which headers have already made), descending into the last
/// element of arrays of tables.
pub(super) fn walk<'t>(root: &'t mut Table, path: &[Key]) -> Result<&'t mut Table, Fail> {
    let mut t = root;
    for (k, span) in path {
        let Some(pos) = t.position(k) else {
            return Err((span.start, format!("no table `{k}`")));
        };
        t = match &mut t.entries[pos].node {
            Node::Table(next) => next,
            Node::Array {
                items,
                of_tables: true,
                ..
            } => match items.last_mut() {
                Some(Node::Table(next)) => next,
                _ => return Err((span.start, format!("`{k}` is not a table"))),
            },
            _ => return Err((span.start, format!("`{k}` is not a table"))),
        };
    }
    Ok(t)
}

/// Descend one key for a header, making implicit tables on the way.
pub(super) fn descend<'t>(t: &'t mut Table, (k, span): &Key) -> Result<&'t mut Table, Fail> {
    let pos = match t.position(k) {
        Some(p) => p,
        None => t.push(Entry {
            key: k.clone(),
            key_span: span.clone(),
            node: Node::Table(Table::new(Origin::Implicit, span.clone())),
        }),
    };
    match &mut t.entries[pos].node {
        Node::Table(next) if next.origin != Origin::Inline => Ok(next),
        Node::Array {
            items,
            of_tables: true,
            ..
        } => match items.last_mut() {
            Some(Node::Table(next)) => Ok(next),
            _ => Err((span.start, format!("`{k}` is not a table"))),
        },
        Node::Table(_) => Err((
            span.start,
            format!("`{k}` is an inline table, which cannot be extended"),
        )),
        _ => Err((span.start, format!("`{k}` is already a value, not a table"))),
    }
}

pub(super) fn define_header(
    root: &mut Table,
    path: &[Key],
    of_tables: bool,
    span: Range<usize>,
) -> Result<(), Fail> {
    let (last, parents) = path.split_last().expect("a key path has at least one key");
    let mut t = root;
    for k in parents {
        t = descend(t, k)?;
    }
    let (k, kspan) = last;
    let new_table = || Node::Table(Table::new(Origin::Header, span.clone()));
    match t.position(k) {
        None => {
            let node = if of_tables {
                Node::Array {
                    items: vec![new_table()],
                    span: span.clone(),
                    of_tables: true,
                }
            } else {
                new_table()
            };
            t.push(Entry {
                key: k.clone(),
                key_span: kspan.clone(),
                node,
            });
            Ok(())
        }
        Some(pos) => match (&mut t.entries[pos].node, of_tables) {
            (Node::Table(existing), false) if existing.origin == Origin::Implicit => {
                existing.origin = Origin::Header;
                existing.span = span;
                Ok(())
            }
            (Node::Table(_), false) => Err((
                kspan.start,
                format!("table `{k}` is defined twice: give each table one header"),
            )),
            (
                Node::Array {
                    items,
                    of_tables: true,
                    ..
                },
                true,
            ) => {
                items.push(new_table());
                Ok(())
            }
            (
                Node::Array {
                    of_tables: true, ..
                },
                false,
            ) => Err((
                kspan.start,
                format!("`{k}` is an array of tables: write `[[{k}]]` to add one"),
            )),
            _ => Err((kspan.start, format!("`{k}` is already defined as a value"))),
        },
    }
}

/// `a.b.c = value` in table `t`.
pub(super) fn insert_dotted(t: &mut Table, path: Vec<Key>, value: Node) -> Result<(), Fail> {
    let mut path = path;
    let (k, kspan) = path.pop().expect("a key path has at least one key");
    let mut t = t;
    for (seg, span) in path {
        let pos = match t.position(&seg) {
            Some(p) => p,
            None => {
                let start = span.start;
                t.push(Entry {
                    key: seg.clone(),
                    key_span: span,
                    node: Node::Table(Table::new(Origin::Dotted, start..value.span().end)),
                })
            }
        };
        let at = t.entries[pos].key_span.start;
        t = match &mut t.entries[pos].node {
            Node::Table(next) if next.origin == Origin::Dotted => next,
            _ => {
                return Err((
                    at,
                    format!("`{seg}` is already defined: dotted keys cannot add to it"),
                ));
            }
        };
    }
    if t.position(&k).is_some() {
        return Err((kspan.start, format!("duplicate key `{k}`")));
    }
    t.push(Entry {
        key: k,
        key_span: kspan,
        node: value,
    });
    Ok(())
}

/// Every table inside an inline table is closed to later additions.
pub(super) fn freeze(t: &mut Table) {
    t.origin = Origin::Inline;
    for e in &mut t.entries {
        if let Node::Table(inner) = &mut e.node
            && inner.origin != Origin::Inline
        {
            freeze(inner);
        }
    }
}
