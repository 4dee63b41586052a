//! The spelling an imported owner is stored with, found in Rust once per import rather than by a
//! subquery per row: the profile's name when the owner is that name but for ASCII case and
//! surrounding spaces (SQLite's `NOCASE` and `trim`, PostgreSQL's `lower()` under "C" and
//! `trim`), else the owner as given (SPEC §1.2). Both engines' imports use it.

/// The profiles' names, by their ASCII-folded form.
pub(crate) struct Owners {
    /// ASCII-lowercased name → the profile's name.
    names: std::collections::HashMap<String, String>,
    key: String,
}

impl Owners {
    pub(crate) fn new(names: Vec<String>) -> Self {
        let names = names
            .into_iter()
            .map(|n| (n.to_ascii_lowercase(), n))
            .collect();
        Owners {
            names,
            key: String::new(),
        }
    }

    /// The name of the profile `owner` names, if one does.
    pub(crate) fn profile_of(&mut self, owner: &str) -> Option<&str> {
        if self.names.is_empty() {
            return None;
        }
        self.key.clear();
        self.key.push_str(owner.trim_matches(' '));
        self.key.make_ascii_lowercase();
        self.names.get(&self.key).map(String::as_str)
    }

    /// The spelling to store for `owner`.
    pub(crate) fn spelling<'a>(&'a mut self, owner: Option<&'a str>) -> Option<&'a str> {
        let owner = owner?;
        Some(self.profile_of(owner).unwrap_or(owner))
    }
}
