//! Advocates (digital) and pooled AEs, and managers: who may pick, and their capacity.

use rusqlite::{OptionalExtension, Row, params};

use super::{Tx, parse_ts, ts};
use crate::Result;
use crate::domain::model::Region;
use crate::store::Advocate;

pub use crate::domain::people::Role;

fn from_row(r: &Row<'_>) -> rusqlite::Result<Advocate> {
    let region: String = r.get(1)?;
    let langs: String = r.get(2)?;
    let role: String = r.get(3)?;
    Ok(Advocate {
        name: r.get(0)?,
        region: Region::parse(&region).unwrap_or(Region::Amer),
        languages: langs
            .split(',')
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        role: Role::parse(&role).unwrap_or(Role::Advocate),
        capacity: r.get(4)?,
        created_at: parse_ts(&r.get::<_, String>(5)?)?,
    })
}

impl Tx<'_> {
    /// The profile of `name` (case-insensitive), if any.
    pub fn advocate(&self, name: &str) -> Result<Option<Advocate>> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT name, region, languages, role, capacity, created_at FROM advocates
                 WHERE name = ?1",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = st.query(params![name.trim()]).map_err(|e| self.err(e))?;
        match rows.next().map_err(|e| self.err(e))? {
            Some(r) => Ok(Some(from_row(r).map_err(|e| self.err(e))?)),
            None => Ok(None),
        }
    }

    /// Every profile, by name.
    pub fn advocates(&self) -> Result<Vec<Advocate>> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT name, region, languages, role, capacity, created_at FROM advocates
                 ORDER BY name",
            )
            .map_err(|e| self.err(e))?;
        st.query_map([], from_row)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Adds or updates a profile; returns whether it existed.
    pub fn put_advocate(&self, a: &Advocate) -> Result<bool> {
        let existed = self.advocate(&a.name)?.is_some();
        let mut st = self
            .tx
            .prepare_cached(
                "INSERT INTO advocates (name, region, languages, role, capacity, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (name) DO UPDATE SET region = excluded.region,
                   languages = excluded.languages, role = excluded.role,
                   capacity = excluded.capacity",
            )
            .map_err(|e| self.err(e))?;
        st.execute(params![
            a.name,
            a.region.as_str(),
            a.languages.join(","),
            a.role.as_str(),
            a.capacity,
            ts(a.created_at)
        ])
        .map_err(|e| self.err(e))?;
        self.adopt_spelling(&a.name)?;
        Ok(existed)
    }

    /// Links `name`'s profile to a PostgreSQL login (kept on SQLite so that `db copy` carries
    /// it); a login linked to another profile is refused (exit 2).
    pub fn link_login(&self, name: &str, login: &str) -> Result<()> {
        let taken: Option<String> = self
            .tx
            .query_row(
                "SELECT name FROM advocates WHERE login = ?1 AND name <> ?2",
                params![login, name],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        if let Some(other) = taken {
            return Err(crate::Error::invalid(format!(
                "--login {login}: already linked to the profile {other:?}; one login per person"
            )));
        }
        self.tx
            .execute(
                "UPDATE advocates SET login = ?2 WHERE name = ?1",
                params![name, login],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// SPEC §1.2: the people and pools already stored under another spelling of `name`
    /// (ignoring case and surrounding spaces) take the profile's spelling, so a profile added
    /// after an export is that person's everywhere. A spelling, not a change of person: no
    /// history entry.
    fn adopt_spelling(&self, name: &str) -> Result<()> {
        for sql in [
            "UPDATE accounts SET owner = ?1 WHERE trim(owner) = ?1 COLLATE NOCASE AND owner <> ?1",
            "UPDATE opportunities SET owner = ?1 WHERE trim(owner) = ?1 COLLATE NOCASE AND owner <> ?1",
            "UPDATE cases SET owner = ?1 WHERE trim(owner) = ?1 COLLATE NOCASE AND owner <> ?1",
            "UPDATE cases SET queue = ?1 WHERE trim(queue) = ?1 COLLATE NOCASE AND queue <> ?1",
        ] {
            self.tx
                .execute(sql, params![name])
                .map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    /// The queues that hold cases (stored values, e.g. `AMER`, `AMER,EMEA`, an AE's pool).
    pub fn stored_queue_names(&self) -> Result<Vec<String>> {
        let mut st = self
            .tx
            .prepare_cached("SELECT DISTINCT queue FROM cases WHERE queue IS NOT NULL")
            .map_err(|e| self.err(e))?;
        st.query_map([], |r| r.get(0))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }
}

// A person's time zone (`smb advocate add --tz`, migration 3; issue #12). Kept apart from the
// profile struct: NULL means "the config file's, else the machine's".
impl Tx<'_> {
    /// The time zone stored on `name`'s profile, if any.
    pub fn advocate_time_zone(&self, name: &str) -> Result<Option<String>> {
        let mut st = self
            .tx
            .prepare_cached("SELECT time_zone FROM advocates WHERE name = ?1")
            .map_err(|e| self.err(e))?;
        let mut rows = st.query(params![name.trim()]).map_err(|e| self.err(e))?;
        match rows.next().map_err(|e| self.err(e))? {
            Some(r) => r.get(0).map_err(|e| self.err(e)),
            None => Ok(None),
        }
    }

    /// Sets (or with `None` clears) the time zone of `name`'s profile.
    pub fn set_advocate_time_zone(&self, name: &str, tz: Option<&str>) -> Result<()> {
        self.tx
            .execute(
                "UPDATE advocates SET time_zone = ?2 WHERE name = ?1",
                params![name.trim(), tz],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}
