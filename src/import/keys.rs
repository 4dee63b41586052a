//! The keys seen in one import, to refuse a key given twice in a file (and, on PostgreSQL, the
//! stored rows' hashes by key). Keys live in one string arena with a hash table of offsets:
//! about 20 bytes a key and no allocation of its own, so a million keys stay small and are
//! freed at once. Keys are hashed with foldhash (hashbrown's default, seeded per process):
//! SipHash, std's default, was a fifth of the PostgreSQL re-import's main thread.

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder as RandomState, HashTable};

/// A set of keys, each with a number: the line it was first seen on (or a stored row's hash).
#[derive(Default)]
pub struct KeySet {
    arena: String,
    table: HashTable<(u32, u32, u64)>,
    hasher: RandomState,
}

impl KeySet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `key` first seen on `line`; if it was already there, returns that first line.
    pub fn insert(&mut self, key: &str, line: u64) -> Option<u64> {
        let hash = self.hasher.hash_one(key);
        let arena = &self.arena;
        if let Some(&(_, _, first)) = self
            .table
            .find(hash, |&(s, e, _)| &arena[s as usize..e as usize] == key)
        {
            return Some(first);
        }
        let start = self.arena.len() as u32;
        self.arena.push_str(key);
        let end = self.arena.len() as u32;
        let (arena, hasher) = (&self.arena, &self.hasher);
        self.table
            .insert_unique(hash, (start, end, line), |&(s, e, _)| {
                hasher.hash_one(&arena[s as usize..e as usize])
            });
        None
    }

    /// The number `key` was inserted with, if it was.
    pub fn get(&self, key: &str) -> Option<u64> {
        let arena = &self.arena;
        self.table
            .find(self.hasher.hash_one(key), |&(s, e, _)| {
                &arena[s as usize..e as usize] == key
            })
            .map(|&(_, _, n)| n)
    }

    /// Makes room for `more` keys (about 20 bytes each in the arena).
    pub fn reserve(&mut self, more: usize) {
        let (arena, hasher) = (&self.arena, &self.hasher);
        self.table.reserve(more, |&(s, e, _)| {
            hasher.hash_one(&arena[s as usize..e as usize])
        });
        self.arena.reserve(more.saturating_mul(12));
    }

    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_duplicates_with_first_line() {
        let mut k = KeySet::new();
        assert_eq!(k.insert("A1", 2), None);
        assert_eq!(k.insert("A2", 3), None);
        assert_eq!(k.insert("A1", 9), Some(2));
        assert_eq!(k.insert("a1", 10), None, "keys are case-sensitive");
        assert_eq!(k.len(), 3);
        assert_eq!(
            (k.get("A1"), k.get("A2"), k.get("a1")),
            (Some(2), Some(3), Some(10))
        );
        assert_eq!(k.get("A3"), None);
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_a_std_set(keys in proptest::collection::vec("[a-c]{0,3}", 0..200)) {
            let mut k = KeySet::new();
            let mut std = std::collections::HashMap::new();
            for (i, key) in keys.iter().enumerate() {
                let want = std.get(key).copied();
                std.entry(key.clone()).or_insert(i as u64);
                proptest::prop_assert_eq!(k.insert(key, i as u64), want);
            }
        }
    }
}
