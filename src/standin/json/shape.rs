//! What of a document to build: the members a data source's paths reach, so that a large
//! CRM response is read through and only the records' mapped fields are kept.

/// Which parts of a document to build: what the queries that will read it can reach. The
/// rest is read and checked exactly as `parse` checks it (the same errors at the same
/// places) but never built, which is most of the time of a large CRM answer: a lookup
/// maps a few members of each record. Made from plain queries (`Shape::add`); the queries
/// select the same values in the shaped document as in the whole one.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// The whole value.
    All,
    /// Of an object, only these members, each in its shape; an array is read as empty (no
    /// name selects anything in it); a scalar as it is.
    Members(Vec<(String, Shape)>),
    /// Of an array, every element; of an object, every member (what `[*]` selects); each
    /// in this shape.
    Each(Box<Shape>),
}

impl Shape {
    /// Nothing but the document's own kind (an empty object or array, or the scalar).
    pub fn nothing() -> Shape {
        Shape::Members(Vec::new())
    }

    /// Adds `other` to this shape: a value either reaches is read.
    pub fn merge(&mut self, other: &Shape) {
        match (&mut *self, other) {
            (Shape::All, _) => {}
            (_, Shape::All) => *self = Shape::All,
            (Shape::Members(a), Shape::Members(b)) => {
                for (k, v) in b {
                    match a.iter_mut().find(|(n, _)| n == k) {
                        Some((_, mine)) => mine.merge(v),
                        None => a.push((k.clone(), v.clone())),
                    }
                }
            }
            (Shape::Members(a), Shape::Each(_)) if a.is_empty() => *self = other.clone(),
            (Shape::Each(_), Shape::Members(b)) if b.is_empty() => {}
            (Shape::Each(a), Shape::Each(b)) => a.merge(b),
            _ => *self = Shape::All,
        }
    }
}
