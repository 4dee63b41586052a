//! People are their profiles (SPEC §1.2 decision), pure: a name from anywhere (an export's
//! `owner` column, `--as`, `--to`, `--owner`, `--queue`) matches a profile ignoring case and
//! surrounding spaces, and is stored with the profile's spelling; a name that matches nobody
//! gets the nearest names for its error.

use std::collections::HashMap;

/// How names are compared: surrounding spaces dropped, case folded.
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Do `a` and `b` name the same person?
pub fn same_person(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

/// The profiles' names, to give a name its profile's spelling.
#[derive(Debug, Clone, Default)]
pub struct Profiles {
    by_key: HashMap<String, String>,
}

impl Profiles {
    pub fn new(names: impl IntoIterator<Item = String>) -> Profiles {
        Profiles {
            by_key: names.into_iter().map(|n| (name_key(&n), n)).collect(),
        }
    }

    /// The spelling of the profile `name` designates, if any.
    pub fn spelling(&self, name: &str) -> Option<&str> {
        self.by_key.get(&name_key(name)).map(String::as_str)
    }

    /// `name` as it is stored: the profile's spelling when a profile answers to it, else the
    /// name without surrounding spaces (a generic owner such as `Pooled Sales User`).
    pub fn canonical(&self, name: &str) -> String {
        self.spelling(name)
            .map_or_else(|| name.trim().to_string(), str::to_string)
    }
}

/// The `n` candidates nearest to `name` (edit distance ignoring case; a candidate containing
/// the name, or contained in it, counts as near), nearest first, then alphabetically.
pub fn nearest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let want = name_key(name);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| {
            let k = name_key(c);
            let d = if !want.is_empty() && (k.contains(&want) || want.contains(&k)) {
                0
            } else {
                edit_distance(&k, &want)
            };
            (d, c)
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// Levenshtein distance in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_profiles_ignoring_case_and_spaces() {
        let p = Profiles::new(["Lena Fischer".to_string(), "Maya".to_string()]);
        assert_eq!(p.spelling(" lena FISCHER "), Some("Lena Fischer"));
        assert_eq!(p.spelling("Lena"), None);
        assert_eq!(p.canonical(" maya "), "Maya");
        assert_eq!(p.canonical(" Pooled Sales User "), "Pooled Sales User");
        assert!(same_person("Dana ", "dana"));
        assert!(!same_person("Dana", "Dan"));
    }

    #[test]
    fn nearest_names_first() {
        let names = ["Lena Fischer", "Maya", "Chris"];
        assert_eq!(nearest("Mya", names, 1), ["Maya"]);
        assert_eq!(nearest("lena", names, 1), ["Lena Fischer"]);
        assert_eq!(nearest("x", names, 3).len(), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
