//! `Ops::cases_changed_after` on SQLite: the cases `--as-of` rebuilds, with their history.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::cases::{COLUMNS, from_row};
use super::{Tx, ts};
use crate::Result;
use crate::domain::case::{Case, HistoryEntry};

impl Tx<'_> {
    /// See [`crate::store::Ops::cases_changed_after`]: one pass over the history for the
    /// ids, then the cases and their history by id (primary key, `case_history_case`).
    pub(super) fn cases_changed_after(
        &self,
        at: DateTime<Utc>,
    ) -> Result<Vec<(Case, Vec<HistoryEntry>)>> {
        let mut st = self
            .tx
            .prepare("SELECT case_id FROM case_history WHERE at > ?1")
            .map_err(|e| self.err(e))?;
        // Deduplicated here: a DISTINCT makes SQLite walk `case_history_case` and look every
        // row's time up (twice the time of reading the table in order, BENCHMARKS.md).
        let mut ids: Vec<i64> = st
            .query_map(params![ts(at)], |r| r.get(0))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids = serde_json::to_string(&ids).expect("numbers");
        let changed = "SELECT value FROM json_each(?1)";
        let mut st = self
            .tx
            .prepare(&format!(
                "SELECT {COLUMNS} FROM cases WHERE id IN ({changed}) ORDER BY id"
            ))
            .map_err(|e| self.err(e))?;
        let cases: Vec<Case> = st
            .query_map(params![ids], from_row)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        let mut st = self
            .tx
            .prepare(&format!(
                "SELECT case_id, at, actor, action, field, before, after, note FROM case_history
                  WHERE case_id IN ({changed}) ORDER BY case_id, id"
            ))
            .map_err(|e| self.err(e))?;
        let entries: Vec<(i64, HistoryEntry)> = st
            .query_map(params![ids], super::reports::history_row)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(crate::store::join_history(cases, entries))
    }
}
