//! The keys seen in one import, to refuse a key given twice in a file ([`KeySet`]), and, on
//! PostgreSQL, the stored rows' hashes by key ([`StoredHashes`]). Keys live in one string
//! arena: about 20 bytes a key and no allocation of its own, so a million keys stay small and
//! are freed at once.
//!
//! Exports usually come sorted by id, and the stored rows come back in the order the first
//! import wrote them. Both types take that path without hashing (issue #16, branch pgcopy):
//! a hash table of a million keys is a million random memory accesses to build and as many to
//! probe, which was most of the PostgreSQL re-import's main thread and a tenth of the reader.
//! A [`KeySet`] appends keys while each is greater than the one before and builds its table
//! only when one is not; [`StoredHashes`] sorts its keys once and looks each one up where the
//! previous one was found, then by binary search, and hashes only when the file's order is
//! far from the table's. Keys are hashed with foldhash (hashbrown's default, seeded per
//! process; SipHash, std's default, was a fifth of the re-import's main thread).

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder as RandomState, HashTable};

/// One key: its bytes in the arena and its number.
#[derive(Clone, Copy)]
struct Entry {
    start: u32,
    end: u32,
    value: u64,
}

/// Keys in an arena, in the order they were added.
#[derive(Default)]
struct Arena {
    text: String,
    entries: Vec<Entry>,
    hasher: RandomState,
}

impl Arena {
    fn key(&self, i: usize) -> &str {
        let e = self.entries[i];
        &self.text[e.start as usize..e.end as usize]
    }

    fn push(&mut self, key: &str, value: u64) {
        let start = self.text.len() as u32;
        self.text.push_str(key);
        let end = self.text.len() as u32;
        self.entries.push(Entry { start, end, value });
    }

    fn hash(&self, key: &str) -> u64 {
        self.hasher.hash_one(key)
    }

    /// A hash table of every entry (by index).
    fn table(&self) -> HashTable<u32> {
        let mut table = HashTable::with_capacity(self.entries.capacity().max(self.entries.len()));
        for i in 0..self.entries.len() {
            let h = self.hash(self.key(i));
            table.insert_unique(h, i as u32, |&j| self.hash(self.key(j as usize)));
        }
        table
    }

    fn find(&self, table: &HashTable<u32>, key: &str) -> Option<usize> {
        table
            .find(self.hash(key), |&j| self.key(j as usize) == key)
            .map(|&j| j as usize)
    }

    fn reserve(&mut self, more: usize) {
        self.entries.reserve(more);
        self.text.reserve(more.saturating_mul(12));
    }
}

/// A set of keys, each with the line it was first seen on.
#[derive(Default)]
pub struct KeySet {
    arena: Arena,
    /// `None` while every key came greater than the one before (then none is a repeat).
    table: Option<HashTable<u32>>,
}

impl KeySet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `key` first seen on `line`; if it was already there, returns that first line.
    pub fn insert(&mut self, key: &str, line: u64) -> Option<u64> {
        if self.table.is_none() {
            let a = &mut self.arena;
            if a.entries.is_empty() || a.key(a.entries.len() - 1) < key {
                a.push(key, line);
                return None;
            }
            self.table = Some(self.arena.table());
        }
        let Some(table) = &mut self.table else {
            unreachable!("built above")
        };
        let a = &mut self.arena;
        if let Some(i) = a.find(table, key) {
            return Some(a.entries[i].value);
        }
        let h = a.hash(key);
        a.push(key, line);
        let a = &*a;
        let at = (a.entries.len() - 1) as u32;
        table.insert_unique(h, at, |&j| a.hash(a.key(j as usize)));
        None
    }

    /// Makes room for `more` keys (about 20 bytes each in the arena).
    pub fn reserve(&mut self, more: usize) {
        self.arena.reserve(more);
        if let Some(t) = &mut self.table {
            let a = &self.arena;
            t.reserve(more, |&j| a.hash(a.key(j as usize)));
        }
    }

    pub fn len(&self) -> usize {
        self.arena.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.arena.entries.is_empty()
    }

    /// Whether the keys so far needed a hash table (a key came out of ascending order).
    #[cfg(test)]
    fn hashed(&self) -> bool {
        self.table.is_some()
    }
}

/// Lookups that missed the place after the previous hit before a hash table is built.
const MISSES_BEFORE_HASHING: u64 = 4096;
/// Stored keys are sorted when at most one in this many is smaller than the key before it.
const NEARLY_SORTED: usize = 8;

/// The stored rows' hashes by key: filled with [`StoredHashes::push`], then
/// [`StoredHashes::seal`]ed (sorted by key) and looked up.
#[derive(Default)]
pub struct StoredHashes {
    arena: Arena,
    sealed: bool,
    /// Where the next lookup looks first: after the previous hit.
    next: usize,
    misses: u64,
    table: Option<HashTable<u32>>,
}

impl StoredHashes {
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes room for `more` keys.
    pub fn reserve(&mut self, more: usize) {
        self.arena.reserve(more);
    }

    /// Adds a stored key (keys are unique) and its hash.
    pub fn push(&mut self, key: &str, hash: u64) {
        debug_assert!(!self.sealed, "pushed after seal");
        self.arena.push(key, hash);
    }

    /// Sorts the keys when they came nearly in key order (a table a first import wrote in id
    /// order comes back in runs: one sorting pass); far from it (a shuffled first import),
    /// sorting would cost more than the lookups save, so they are hashed at once.
    pub fn seal(&mut self) {
        let a = &mut self.arena;
        let text = &a.text;
        let key = |e: &Entry| &text[e.start as usize..e.end as usize];
        let descents = a
            .entries
            .windows(2)
            .filter(|w| key(&w[0]) > key(&w[1]))
            .count();
        if descents > a.entries.len() / NEARLY_SORTED {
            self.table = Some(a.table());
        } else if descents > 0 {
            a.entries.sort_by(|x, y| key(x).cmp(key(y)));
        }
        self.sealed = true;
    }

    /// The hash stored for `key`, if it is stored.
    pub fn get(&mut self, key: &str) -> Option<u64> {
        debug_assert!(self.sealed, "looked up before seal");
        let a = &self.arena;
        if let Some(t) = &self.table {
            return a.find(t, key).map(|i| a.entries[i].value);
        }
        let n = a.entries.len();
        let found = if self.next < n && a.key(self.next) == key {
            Some(self.next)
        } else {
            self.misses += 1;
            let mut lo = 0;
            let mut hi = n;
            let mut found = None;
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                match a.key(mid).cmp(key) {
                    std::cmp::Ordering::Less => lo = mid + 1,
                    std::cmp::Ordering::Greater => hi = mid,
                    std::cmp::Ordering::Equal => {
                        found = Some(mid);
                        break;
                    }
                }
            }
            found
        };
        if let Some(i) = found {
            self.next = i + 1;
        }
        let value = found.map(|i| a.entries[i].value);
        if self.misses > MISSES_BEFORE_HASHING {
            // The file is not in the table's order: hash from here on.
            self.table = Some(a.table());
        }
        value
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.arena.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.arena.entries.is_empty()
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
        assert!(!k.hashed(), "ascending keys need no table");
        assert_eq!(k.insert("A1", 9), Some(2));
        assert!(k.hashed());
        assert_eq!(k.insert("a1", 10), None, "keys are case-sensitive");
        assert_eq!(k.insert("A2", 11), Some(3));
        assert_eq!(k.insert("a1", 12), Some(10));
        assert_eq!(k.len(), 3);
    }

    #[test]
    fn a_repeat_of_the_last_key_is_found_without_a_table_first() {
        let mut k = KeySet::new();
        assert_eq!(k.insert("A1", 2), None);
        assert_eq!(k.insert("A1", 3), Some(2));
    }

    #[test]
    fn stored_hashes_are_found_in_any_order() {
        let mut s = StoredHashes::new();
        for (k, h) in [("A3", 30), ("A1", 10), ("A2", 20)] {
            s.push(k, h);
        }
        s.seal();
        assert_eq!(
            (s.get("A1"), s.get("A2"), s.get("A3"), s.get("A4")),
            (Some(10), Some(20), Some(30), None)
        );
        assert_eq!(
            (s.get("A2"), s.get("A0"), s.get("")),
            (Some(20), None, None)
        );
    }

    proptest::proptest! {
        /// Whatever the order (ascending runs, then anything), the set answers as a map.
        #[test]
        fn agrees_with_a_std_set(
            sorted in proptest::collection::vec("[a-c]{0,3}", 0..60),
            keys in proptest::collection::vec("[a-c]{0,3}", 0..200),
        ) {
            let mut sorted = sorted;
            sorted.sort();
            let mut k = KeySet::new();
            let mut std = std::collections::HashMap::new();
            for (i, key) in sorted.iter().chain(&keys).enumerate() {
                let want = std.get(key).copied();
                std.entry(key.clone()).or_insert(i as u64);
                proptest::prop_assert_eq!(k.insert(key, i as u64), want);
            }
        }

        /// Stored hashes answer as a map for lookups in any order, before and after the
        /// lookups out of order turn hashing on.
        #[test]
        fn stored_hashes_agree_with_a_std_map(
            stored in proptest::collection::hash_map("[a-d]{0,4}", proptest::num::u64::ANY, 0..120),
            ascending: bool,
            lookups in proptest::collection::vec("[a-d]{0,4}", 0..300),
        ) {
            let mut pairs: Vec<(&String, &u64)> = stored.iter().collect();
            if ascending {
                pairs.sort();
            }
            let mut s = StoredHashes::new();
            for (k, h) in &pairs {
                s.push(k, **h);
            }
            s.seal();
            proptest::prop_assert_eq!(s.len(), stored.len());
            let mut in_order: Vec<&String> = stored.keys().collect();
            in_order.sort();
            for key in in_order.into_iter().chain(&lookups) {
                proptest::prop_assert_eq!(s.get(key), stored.get(key).copied());
            }
        }
    }

    /// Stored keys far from key order are hashed when sealed (no sort); nearly sorted ones
    /// are sorted and looked up in order.
    #[test]
    fn stored_keys_far_from_order_are_hashed_at_once() {
        let n = 1000u64;
        let mut far = StoredHashes::new();
        let mut near = StoredHashes::new();
        for i in 0..n {
            far.push(&format!("K{:04}", (i * 7919) % n), i);
            // Runs of 30 keys ending with one from much further on, as heap pages come back.
            let j = if i % 30 == 29 { n + i } else { i };
            near.push(&format!("N{j:06}"), j);
        }
        far.seal();
        near.seal();
        assert!(far.table.is_some());
        assert!(near.table.is_none());
        assert_eq!(far.get(&format!("K{:04}", (5 * 7919) % n)), Some(5));
        let first = near.arena.key(0).to_string();
        assert_eq!(near.get(&first), Some(0));
    }

    /// Past the misses allowed, a file out of the table's order is looked up by hash, with
    /// the same answers.
    #[test]
    fn many_lookups_out_of_order_turn_hashing_on() {
        let mut s = StoredHashes::new();
        let n = 3 * MISSES_BEFORE_HASHING;
        for i in 0..n {
            s.push(&format!("K{i:08}"), i);
        }
        s.seal();
        for i in (0..n).rev() {
            assert_eq!(s.get(&format!("K{i:08}")), Some(i));
            assert_eq!(s.get(&format!("X{i}")), None);
        }
        assert!(s.table.is_some());
    }
}
