//! The aggregates behind `smb report` (SPEC §6.2). Every statement is constant text chosen
//! from a fixed set (the grouping column of `--by`), with the values as parameters; the
//! classification rules live in [`crate::domain::report`].
//!
//! Indexes used: `sla_clocks_started` (a `--since/--until` window of `report sla`),
//! `cases_created_at` (`report volume`, covering when not split), `cases_owner_status`
//! (`report capacity`).

use chrono::{DateTime, NaiveDate, Utc};
use hashbrown::HashMap;
use rusqlite::params;

use super::cases::{COLUMNS, from_row};
use super::{Tx, opt_ts, parse_ts, ts};
use crate::Result;
use crate::domain::case::{Case, HistoryEntry, Priority, Status};
use crate::domain::model::Region;
use crate::domain::report::{AgeBucket, ClockStop, SlaGroupBy, VolumeSplit, Window};
use crate::domain::workflow::HIGH_VALUE_ACCOUNT;
use crate::store::{ClockRow, HygieneCandidate};

/// The group column of `report sla --by` (and a join it needs); `''` stands for "no owner" /
/// "no account".
fn group_sql(by: SlaGroupBy) -> (&'static str, &'static str) {
    match by {
        SlaGroupBy::Priority => ("''", ""),
        // the account's region is looked up in Rust ([`Tx::account_regions`]): cheaper than
        // a join into `accounts` (text keys) per clock
        SlaGroupBy::Region => ("COALESCE(c.account_id, '')", ""),
        SlaGroupBy::Owner => ("COALESCE(c.owner, '')", ""),
        SlaGroupBy::Category => ("c.category", ""),
    }
}

/// The clocks of the window that have started by `now`. Without a window, `+` keeps the
/// planner off the `started_at` index: reading every clock in table order is cheaper than
/// through the index.
fn clock_filter(window: &Window) -> &'static str {
    if window.since.is_none() && window.until.is_none() {
        "+k.started_at >= ?2 AND +k.started_at < ?3 AND +k.started_at <= ?1"
    } else {
        "k.started_at >= ?2 AND k.started_at < ?3 AND k.started_at <= ?1"
    }
}

/// The window's bounds as stored text (open sides as sentinels that sort before / after
/// every timestamp).
fn bounds(window: &Window) -> (String, String) {
    (
        window.start().map_or_else(|| "0".to_string(), ts),
        window.end().map_or_else(|| "A".to_string(), ts),
    )
}

/// When a case's age starts (SPEC §6.2): when it last entered its queue — created, or back
/// from a deferral — never before it was created. A deferred case still hidden starts in the
/// future: it is not aged (nor a breach) until it returns. Mirrors
/// [`crate::domain::report::aged_from`].
const AGED_FROM: &str = "max(created_at, COALESCE(queued_at, created_at))";

impl Tx<'_> {
    /// digital: every clock that started in `window` by `now`, with the calendar seconds it
    /// ran (to its stop, or to `now` while it runs) and how it stopped. `f` gets the group
    /// value (`''` for no owner / no account), the case's queue, the priority, the stop (`None`
    /// while running), the start and the end (the stop, or `now`); [`crate::domain::sla::outcome`]
    /// decides met, breached or waiting against the due instant.
    ///
    /// One pass over the clocks joined to their cases, the seconds computed once per clock
    /// (`unixepoch`). Measured on a million clocks, classifying in SQL (a CASE against each
    /// priority's target) and returning only the pick-up seconds cost more than this: the
    /// percentiles need almost every clock's seconds anyway, and SQLite evaluates the elapsed
    /// time again for every place the CASE uses it (BENCHMARKS.md, Reports).
    pub fn for_each_sla_clock(
        &self,
        by: SlaGroupBy,
        window: &Window,
        now: DateTime<Utc>,
        mut f: impl FnMut(&str, Option<&str>, Priority, Option<ClockStop>, DateTime<Utc>, DateTime<Utc>),
    ) -> Result<()> {
        let (group, join) = group_sql(by);
        let sql = format!(
            "SELECT {group}, c.queue, c.priority,
                    CASE WHEN k.stopped_at IS NULL THEN 0 WHEN k.stopped_by = 'pick' THEN 1 ELSE 2 END,
                    unixepoch(k.started_at), unixepoch(COALESCE(k.stopped_at, ?1))
             FROM sla_clocks k JOIN cases c ON c.id = k.case_id {join}
             WHERE {filter}",
            filter = clock_filter(window)
        );
        let (since, until) = bounds(window);
        let mut st = self.tx.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut rows = st
            .query(params![ts(now), since, until])
            .map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let read = || -> rusqlite::Result<_> {
                let group = r.get_ref(0)?.as_str().unwrap_or("");
                let queue = r.get_ref(1)?.as_str_or_null()?;
                let priority = Priority::from_rank(r.get(2)?).unwrap_or(Priority::Low);
                let stop = match r.get::<_, i64>(3)? {
                    0 => None,
                    1 => Some(ClockStop::Pick),
                    _ => Some(ClockStop::Other),
                };
                let at = |i| -> rusqlite::Result<DateTime<Utc>> {
                    Ok(DateTime::from_timestamp(r.get(i)?, 0).unwrap_or_default())
                };
                Ok((group, queue, priority, stop, at(4)?, at(5)?))
            };
            let (g, q, p, stop, start, end) = read().map_err(|e| self.err(e))?;
            f(g, q, p, stop, start, end);
        }
        Ok(())
    }

    /// Every account's region, for `report sla --by region`.
    pub fn account_regions(&self) -> Result<HashMap<String, Region>> {
        let mut st = self
            .tx
            .prepare_cached("SELECT account_id, region FROM accounts")
            .map_err(|e| self.err(e))?;
        st.query_map([], |r| {
            let region: String = r.get(1)?;
            Ok((r.get(0)?, Region::parse(&region).unwrap_or(Region::Amer)))
        })
        .map_err(|e| self.err(e))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| self.err(e))
    }

    /// pooled: every clock of `window` started by `now`, to be measured in business hours.
    pub fn sla_clock_rows(
        &self,
        by: SlaGroupBy,
        window: &Window,
        now: DateTime<Utc>,
    ) -> Result<Vec<ClockRow>> {
        let (group, join) = group_sql(by);
        let sql = format!(
            "SELECT {group}, c.priority, c.queue, k.started_at, k.stopped_at, k.stopped_by,
                    k.case_id
             FROM sla_clocks k JOIN cases c ON c.id = k.case_id {join}
             WHERE {filter}",
            filter = clock_filter(window)
        );
        let (since, until) = bounds(window);
        let mut st = self.tx.prepare_cached(&sql).map_err(|e| self.err(e))?;
        st.query_map(params![ts(now), since, until], |r| {
            let stopped_at = opt_ts(r.get(4)?)?;
            let stopped_by: Option<String> = r.get(5)?;
            Ok(ClockRow {
                group: r.get(0)?,
                priority: Priority::from_rank(r.get(1)?).unwrap_or(Priority::Low),
                queue: r.get(2)?,
                started_at: parse_ts(&r.get::<_, String>(3)?)?,
                // a clock stopped before `stopped_by` existed and not classified: not a pick
                stopped_by: stopped_at.map(|_| {
                    stopped_by
                        .as_deref()
                        .map_or(ClockStop::Other, ClockStop::parse)
                }),
                stopped_at,
                case_id: r.get(6)?,
            })
        })
        .map_err(|e| self.err(e))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| self.err(e))
    }

    /// Open and In Progress cases per status, High Value Account or not, and age bucket:
    /// created on or after `target_cutoff` is within the target, on or after `limit_cutoff`
    /// within the limit, older past it (see [`crate::domain::report::age_cutoffs`]).
    pub fn aging_counts(
        &self,
        target_cutoff: NaiveDate,
        limit_cutoff: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<(Status, bool, AgeBucket, u64)>> {
        let mut st = self
            .tx
            .prepare_cached(&format!(
                "SELECT status, trigger = ?3,
                        CASE WHEN {AGED_FROM} >= ?1 THEN 0 WHEN {AGED_FROM} >= ?2 THEN 1 ELSE 2 END,
                        count(*)
                 FROM cases WHERE status IN ('Open', 'In Progress') AND {AGED_FROM} <= ?4
                 GROUP BY 1, 2, 3"
            ))
            .map_err(|e| self.err(e))?;
        st.query_map(
            params![
                target_cutoff.to_string(),
                limit_cutoff.to_string(),
                HIGH_VALUE_ACCOUNT,
                ts(now)
            ],
            |r| {
                let status: String = r.get(0)?;
                let bucket: i64 = r.get(2)?;
                Ok((
                    Status::parse(&status).unwrap_or(Status::Open),
                    r.get::<_, bool>(1)?,
                    AgeBucket::ALL[bucket.clamp(0, 2) as usize],
                    r.get::<_, i64>(3)? as u64,
                ))
            },
        )
        .map_err(|e| self.err(e))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| self.err(e))
    }

    /// Open and In Progress cases aged from before `cutoff` (past the target), High Value
    /// Account cases apart, oldest first. See [`AGED_FROM`].
    pub fn cases_aged_before(&self, cutoff: NaiveDate) -> Result<Vec<Case>> {
        let mut st = self
            .tx
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM cases
                 WHERE status IN ('Open', 'In Progress') AND trigger <> ?2 AND {AGED_FROM} < ?1
                 ORDER BY {AGED_FROM}, id"
            ))
            .map_err(|e| self.err(e))?;
        st.query_map(params![cutoff.to_string(), HIGH_VALUE_ACCOUNT], from_row)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Per owner of Open or In Progress cases: (owner, In Progress, Open assigned, open High
    /// Value Account cases).
    pub fn owner_loads(&self) -> Result<Vec<(String, u64, u64, u64)>> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT owner, sum(status = 'In Progress'), sum(status = 'Open'), sum(trigger = ?1)
                 FROM cases WHERE owner IS NOT NULL AND status IN ('Open', 'In Progress')
                 GROUP BY owner ORDER BY owner",
            )
            .map_err(|e| self.err(e))?;
        st.query_map(params![HIGH_VALUE_ACCOUNT], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)? as u64,
                r.get::<_, i64>(2)? as u64,
                r.get::<_, i64>(3)? as u64,
            ))
        })
        .map_err(|e| self.err(e))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| self.err(e))
    }

    /// The cases that may have a Required 10 gap on `today`, with their opportunity's stage
    /// and close date: In Progress cases missing next steps, their date or a contact, past
    /// their next steps date, or owned by one of `over_capacity` (ignoring case); closed cases
    /// whose opportunity's stage does not start with closed; open pooled
    /// `failed_auto_renewal` cases (late or not). The domain decides the gaps.
    pub fn hygiene_candidates(
        &self,
        today: NaiveDate,
        over_capacity: &[String],
    ) -> Result<Vec<HygieneCandidate>> {
        let mut st = self
            .tx
            .prepare_cached(&format!(
                "SELECT {COLUMNS},
                        (SELECT o.stage FROM opportunities o
                         WHERE o.opportunity_id = cases.opportunity_id),
                        (SELECT o.close_date FROM opportunities o
                         WHERE o.opportunity_id = cases.opportunity_id)
                 FROM cases
                 WHERE (status = 'In Progress'
                        AND (COALESCE(next_steps, '') = '' OR next_steps_date IS NULL
                             OR next_steps_date < ?1 OR contact_id IS NULL
                             OR owner COLLATE NOCASE IN (SELECT value FROM json_each(?2))))
                    OR (status NOT IN ('Open', 'In Progress') AND opportunity_id IS NOT NULL
                        AND EXISTS (SELECT 1 FROM opportunities o
                                    WHERE o.opportunity_id = cases.opportunity_id
                                      AND o.stage NOT LIKE 'closed%'))
                    OR (status IN ('Open', 'In Progress') AND trigger = 'failed_auto_renewal')
                 ORDER BY id"
            ))
            .map_err(|e| self.err(e))?;
        let owners = serde_json::to_string(over_capacity).unwrap_or_else(|_| "[]".into());
        st.query_map(params![today.to_string(), owners], |r| {
            let close: Option<String> = r.get(29)?;
            Ok((
                from_row(r)?,
                r.get::<_, Option<String>>(28)?,
                close.and_then(|d| d.parse().ok()),
            ))
        })
        .map_err(|e| self.err(e))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| self.err(e))
    }

    /// Cases created in `window` per month (`YYYY-MM`) and, when split, per category or
    /// trigger, in month order.
    pub fn volume(
        &self,
        split: Option<VolumeSplit>,
        window: &Window,
    ) -> Result<Vec<(String, Option<String>, u64)>> {
        let key = match split {
            None => "NULL",
            Some(VolumeSplit::Category) => "category",
            Some(VolumeSplit::Trigger) => "trigger",
        };
        let sql = format!(
            "SELECT substr(created_at, 1, 7) AS month, {key} AS k, count(*) FROM cases
             WHERE created_at >= ?1 AND created_at < ?2
             GROUP BY month, k ORDER BY month, k"
        );
        let (since, until) = bounds(window);
        let mut st = self.tx.prepare_cached(&sql).map_err(|e| self.err(e))?;
        st.query_map(params![since, until], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as u64))
        })
        .map_err(|e| self.err(e))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| self.err(e))
    }

    /// Cases created in `window` by any of `names` (ignoring ASCII case; index
    /// `cases_created_by`), oldest first.
    pub fn cases_created_by(&self, names: &[String], window: &Window) -> Result<Vec<Case>> {
        let mut st = self
            .tx
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM cases
                 WHERE created_by COLLATE NOCASE IN (SELECT value FROM json_each(?1))
                   AND created_at >= ?2 AND created_at < ?3
                 ORDER BY created_at, id"
            ))
            .map_err(|e| self.err(e))?;
        let names = serde_json::to_string(names).unwrap_or_else(|_| "[]".into());
        let (since, until) = bounds(window);
        st.query_map(params![names, since, until], from_row)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// The `escalated` history entries written in `window`, oldest first.
    pub fn escalations(&self, window: &Window) -> Result<Vec<(i64, HistoryEntry)>> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT case_id, at, actor, action, field, before, after, note FROM case_history
                 WHERE action = 'escalated' AND at >= ?1 AND at < ?2
                 ORDER BY at, id",
            )
            .map_err(|e| self.err(e))?;
        let (since, until) = bounds(window);
        st.query_map(params![since, until], history_row)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }
}

/// A row of `SELECT case_id, at, actor, action, field, before, after, note FROM case_history`.
pub(super) fn history_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, HistoryEntry)> {
    Ok((
        r.get(0)?,
        HistoryEntry {
            at: parse_ts(&r.get::<_, String>(1)?)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            field: r.get(4)?,
            before: r.get(5)?,
            after: r.get(6)?,
            note: r.get(7)?,
        },
    ))
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use crate::domain::model::{Model, Settings};
    use crate::domain::report::{ClockStop, SlaGroupBy, Window};
    use crate::store::schema;
    use crate::store::sqlite::Store;

    /// Migration 2 classifies clocks stopped before it from the history: a `picked` entry at
    /// the stop time is a pick, anything else a stop without one; running clocks stay open.
    #[test]
    fn migration_2_classifies_old_stops_from_the_history() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
            conn.execute_batch(&format!(
                "PRAGMA application_id = {}; PRAGMA user_version = 1;
                 INSERT INTO settings (key, value) VALUES ('model', 'digital');
                 INSERT INTO cases (id, trigger, category, subject, priority, status, origin,
                                    created_at, created_by, queue)
                 VALUES (1, 'manual', 'Inbound Request', 's', 0, 'In Progress', 'manual',
                         '2026-03-02T10:00:00Z', 'x', 'AMER'),
                        (2, 'manual', 'Inbound Request', 's', 0, 'Open', 'manual',
                         '2026-03-02T10:00:00Z', 'x', 'AMER');
                 INSERT INTO case_history (case_id, at, actor, action)
                 VALUES (1, '2026-03-02T12:00:00Z', 'Dana', 'picked');
                 INSERT INTO sla_clocks (case_id, started_at, stopped_at, reason) VALUES
                   (1, '2026-03-02T10:00:00Z', '2026-03-02T12:00:00Z', 'created'),
                   (2, '2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z', 'created'),
                   (2, '2026-03-02T11:00:00Z', NULL, 'reassigned');",
                schema::APPLICATION_ID
            ))
            .unwrap();
        }
        let (mut store, created) = Store::open(&path, &Settings::new(Model::Digital)).unwrap();
        assert!(!created);
        let tx = store.read().unwrap();
        let now = "2026-03-02T13:00:00Z".parse().unwrap();
        let rows = tx
            .sla_clock_rows(SlaGroupBy::Owner, &Window::default(), now)
            .unwrap();
        let stops: Vec<_> = rows.iter().map(|r| r.stopped_by).collect();
        assert_eq!(stops, [Some(ClockStop::Pick), Some(ClockStop::Other), None]);
    }

    /// A `--since/--until` window reads clocks through the `started_at` index.
    #[test]
    fn a_window_uses_the_started_at_index() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) =
            Store::open(&dir.path().join("w.db"), &Settings::new(Model::Digital)).unwrap();
        let tx = store.read().unwrap();
        let plan: Vec<String> = tx
            .tx
            .prepare(&format!(
                "EXPLAIN QUERY PLAN SELECT k.id FROM sla_clocks k JOIN cases c ON c.id = k.case_id
                 WHERE {}",
                super::clock_filter(&Window {
                    since: Some("2026-03-01".parse().unwrap()),
                    until: None,
                    tz: None,
                })
            ))
            .unwrap()
            .query_map(["2026-03-02T00:00:00Z", "2026-03-01T00:00:00Z", "A"], |r| {
                r.get::<_, String>(3)
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan.iter().any(|l| l.contains("sla_clocks_started")),
            "{plan:?}"
        );
    }
}
