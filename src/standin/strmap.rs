//! A map from text keys, for the workspace's sets and lookups (names, client ids, source
//! positions). Counts can be large in hostile input (100,000 deployments, a pointer for
//! every value of a file), so lookups are logarithmic; every map is the same
//! `BTreeMap<String, usize>` beside a list of values, so the browser module carries one
//! copy of the tree code whatever the value types (each map type carries its own).
//!
//! Stands in for `BTreeMap<String, V>` of each value type, which the browser module would
//! carry once per type; tests/standins.rs holds it to `BTreeMap` on any sequence of inserts
//! and lookups.

use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct StrMap<V> {
    index: BTreeMap<String, usize>,
    values: Vec<V>,
}

impl<V> Default for StrMap<V> {
    fn default() -> Self {
        StrMap {
            index: BTreeMap::new(),
            values: Vec::new(),
        }
    }
}

impl<V> StrMap<V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.index.get(key).map(|&i| &self.values[i])
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    /// Insert or replace; the old value, if there was one.
    pub fn insert(&mut self, key: impl Into<String>, value: V) -> Option<V> {
        let key = key.into();
        match self.index.get(&key) {
            Some(&i) => Some(std::mem::replace(&mut self.values[i], value)),
            None => {
                self.index.insert(key, self.values.len());
                self.values.push(value);
                None
            }
        }
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::StrMap;

    #[test]
    fn behaves_as_a_map() {
        let mut m: StrMap<i32> = StrMap::new();
        assert_eq!(m.insert("a", 1), None);
        assert_eq!(m.insert("b".to_string(), 2), None);
        assert_eq!(m.insert("a", 3), Some(1));
        assert_eq!(m.get("a"), Some(&3));
        assert_eq!(m.get("c"), None);
        assert!(m.contains_key("b"));
        assert_eq!(m.len(), 2);
    }
}
