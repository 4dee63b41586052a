//! Which database `--db` names (docs/store-boundary.md §2): an SQLite file or a PostgreSQL URL.

use std::fmt;
use std::path::{Path, PathBuf};

/// A database as the command line names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbName {
    /// An SQLite file.
    File(PathBuf),
    /// A `postgres://` or `postgresql://` URL (may hold a password: never print it whole).
    Postgres(String),
}

impl DbName {
    /// `postgres://…` and `postgresql://…` name PostgreSQL; anything else a file.
    pub fn parse(s: &str) -> DbName {
        if super::is_postgres_url(s) {
            DbName::Postgres(s.to_string())
        } else {
            DbName::File(PathBuf::from(s))
        }
    }

    /// The file, for an SQLite database.
    pub fn file(&self) -> Option<&Path> {
        match self {
            DbName::File(p) => Some(p),
            DbName::Postgres(_) => None,
        }
    }

    /// Whether the database may be there without asking it: an existing file (an empty one
    /// included); a PostgreSQL database only opening it tells, so `true`.
    pub fn exists(&self) -> bool {
        match self {
            DbName::File(p) => p.is_file(),
            DbName::Postgres(_) => true,
        }
    }

    /// Whether this names a PostgreSQL database.
    pub fn is_postgres(&self) -> bool {
        matches!(self, DbName::Postgres(_))
    }
}

impl From<PathBuf> for DbName {
    fn from(p: PathBuf) -> Self {
        match p.to_str() {
            Some(s) if super::is_postgres_url(s) => DbName::Postgres(s.to_string()),
            _ => DbName::File(p),
        }
    }
}

/// The file's path, or the URL without its password (and query).
impl fmt::Display for DbName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbName::File(p) => write!(f, "{}", p.display()),
            DbName::Postgres(url) => f.write_str(&super::redact_url(url)),
        }
    }
}
