//! A map kept as a list of pairs and searched in order. The workspace's maps are small (a
//! few dozen deployments, a few hundred source positions), and every `HashMap` type costs
//! the browser module its own copy of the hash table code; this costs almost none.

use std::borrow::Borrow;

#[derive(Debug, Clone)]
pub struct VecMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap(Vec::new())
    }
}

impl<K: PartialEq, V> VecMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: PartialEq + ?Sized,
    {
        // From the end, so that of pairs added with `push` under one key the last counts.
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k.borrow() == key)
            .map(|(_, v)| v)
    }

    /// Add a pair without looking for the key first, for keys known to be new (a parser's
    /// positions): keeps building a map of n keys linear rather than quadratic.
    pub fn push(&mut self, key: K, value: V) {
        self.0.push((key, value));
    }

    /// Insert or replace; the old value, if there was one.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => Some(std::mem::replace(v, value)),
            None => {
                self.0.push((key, value));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::VecMap;

    #[test]
    fn behaves_as_a_map() {
        let mut m: VecMap<String, i32> = VecMap::new();
        assert_eq!(m.insert("a".into(), 1), None);
        assert_eq!(m.insert("b".into(), 2), None);
        assert_eq!(m.insert("a".into(), 3), Some(1));
        assert_eq!(m.get("a"), Some(&3));
        assert_eq!(m.get("c"), None);
    }
}
