//! Absences and the cases a plan moved to covers (SPEC §11.5, migration 10).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Row, params};

use super::{Tx, parse_ts, ts};
use crate::Result;
use crate::domain::absence::{Absence, CoverMove};

fn date(s: &str) -> rusqlite::Result<NaiveDate> {
    s.parse::<NaiveDate>().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Absence> {
    let covers: String = r.get(6)?;
    Ok(Absence {
        id: r.get(0)?,
        name: r.get(1)?,
        from: date(&r.get::<_, String>(2)?)?,
        until: date(&r.get::<_, String>(3)?)?,
        starts_at: parse_ts(&r.get::<_, String>(4)?)?,
        ends_at: parse_ts(&r.get::<_, String>(5)?)?,
        covers: covers
            .split(',')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect(),
        created_at: parse_ts(&r.get::<_, String>(7)?)?,
        created_by: r.get(8)?,
        ended_at: r
            .get::<_, Option<String>>(9)?
            .map(|t| parse_ts(&t))
            .transpose()?,
        ended_by: r.get(10)?,
    })
}

impl Tx<'_> {
    pub(super) fn absences(&self) -> Result<Vec<Absence>> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT id, name, from_date, until_date, starts_at, ends_at, covers, created_at,
                        created_by, ended_at, ended_by
                   FROM absences WHERE ended_at IS NULL ORDER BY starts_at, id",
            )
            .map_err(|e| self.err(e))?;
        st.query_map([], from_row)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    pub(super) fn put_absence(&self, a: &Absence) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO absences (name, from_date, until_date, starts_at, ends_at, covers,
                                       created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
            )
            .and_then(|mut st| {
                st.query_row(
                    params![
                        a.name,
                        a.from.to_string(),
                        a.until.to_string(),
                        ts(a.starts_at),
                        ts(a.ends_at),
                        a.covers.join(","),
                        ts(a.created_at),
                        a.created_by
                    ],
                    |r| r.get(0),
                )
            })
            .map_err(|e| self.err(e))
    }

    pub(super) fn end_absence(&self, id: i64, at: DateTime<Utc>, by: &str) -> Result<bool> {
        self.tx
            .prepare_cached(
                "UPDATE absences SET ended_at = ?2, ended_by = ?3
                  WHERE id = ?1 AND ended_at IS NULL",
            )
            .and_then(|mut st| st.execute(params![id, ts(at), by]))
            .map(|n| n > 0)
            .map_err(|e| self.err(e))
    }

    pub(super) fn record_cover_moves(&self, absence_id: i64, moves: &[CoverMove]) -> Result<()> {
        let mut st = self
            .tx
            .prepare_cached(
                "INSERT INTO absence_moves (absence_id, case_id, from_owner, to_owner, at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(|e| self.err(e))?;
        for m in moves {
            st.execute(params![absence_id, m.case_id, m.from, m.to, ts(m.at)])
                .map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    pub(super) fn cover_moves(&self, absence_id: i64) -> Result<Vec<CoverMove>> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT case_id, from_owner, to_owner, at FROM absence_moves
                  WHERE absence_id = ?1 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        st.query_map(params![absence_id], |r| {
            Ok(CoverMove {
                case_id: r.get(0)?,
                from: r.get(1)?,
                to: r.get(2)?,
                at: parse_ts(&r.get::<_, String>(3)?)?,
            })
        })
        .map_err(|e| self.err(e))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| self.err(e))
    }
}
