//! The queue and the case workflow (SPEC §4): the head of a queue by one indexed query, the
//! atomic claim of a pick, capacity counts, attached messages, touches.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

use super::cases::{COLUMNS, from_row};
use super::{Tx, parse_ts, ts};
use crate::Result;
use crate::domain::model::QueueOrder;
use crate::domain::workflow::HIGH_VALUE_ACCOUNT;

/// One stored queue value in the order of SPEC §4.1 (a case ages from `queued_at`, else
/// `created_at`, as `domain::queue::compare`). The `status = 'Open' AND owner IS NULL`
/// terms match the partial indexes `cases_queue_by_priority` / `cases_queue_by_age` of migration 12,
/// whose columns end in `next_steps_date`, so deferred cases are skipped inside the index and
/// the ORDER BY needs no sort.
fn queue_sql(order: QueueOrder) -> String {
    let order_by = match order {
        QueueOrder::PriorityThenAge => "priority, coalesce(queued_at, created_at), id",
        QueueOrder::AgeThenPriority => "coalesce(queued_at, created_at), priority, id",
    };
    format!(
        "SELECT {COLUMNS} FROM cases
         WHERE status = 'Open' AND owner IS NULL AND queue = ?1
           AND (next_steps_date IS NULL OR next_steps_date <= ?2)
         ORDER BY {order_by} LIMIT ?3"
    )
}

impl Tx<'_> {
    /// The visible cases of one stored queue value (`AMER`, `EMEA`, `AMER,EMEA`, a pool) on
    /// `today`, in `order`, at most `limit` (all when `None`).
    pub fn queue_cases(
        &self,
        queue: &str,
        order: QueueOrder,
        today: NaiveDate,
        limit: Option<usize>,
    ) -> Result<Vec<crate::domain::case::Case>> {
        let mut st = self
            .tx
            .prepare_cached(&queue_sql(order))
            .map_err(|e| self.err(e))?;
        let limit = limit.map_or(-1, |l| l as i64);
        st.query_map(params![queue, today.to_string(), limit], from_row)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// `EXPLAIN QUERY PLAN` of the queue query in `order`: one line per plan step.
    /// The earliest date after `today` on which a deferred case of stored queue `queue`
    /// comes back, if any.
    pub fn next_deferred(&self, queue: &str, today: NaiveDate) -> Result<Option<NaiveDate>> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT min(next_steps_date) FROM cases
                 WHERE status = 'Open' AND owner IS NULL AND queue = ?1 AND next_steps_date > ?2",
            )
            .map_err(|e| self.err(e))?;
        let d: Option<String> = st
            .query_row(params![queue, today.to_string()], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        super::opt_date(d).map_err(|e| self.err(e))
    }

    pub fn explain_queue_query(&self, order: QueueOrder) -> Result<Vec<String>> {
        let mut st = self
            .tx
            .prepare(&format!("EXPLAIN QUERY PLAN {}", queue_sql(order)))
            .map_err(|e| self.err(e))?;
        st.query_map(params!["AMER", "2026-03-02", 1], |r| r.get::<_, String>(3))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// How many In Progress cases `owner` holds (digital capacity, SPEC §4.2).
    pub fn in_progress_count(&self, owner: &str) -> Result<i64> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT count(*) FROM cases WHERE owner = ?1 AND status = 'In Progress'",
            )
            .map_err(|e| self.err(e))?;
        st.query_row(params![owner], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// The owner of another open case on the account (Open with an owner, or In Progress),
    /// other than case `except` and other than `not_owner`, with that case's id.
    pub fn other_open_case_owner(
        &self,
        account_id: &str,
        except: i64,
        not_owner: &str,
    ) -> Result<Option<(String, i64)>> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT owner, id FROM cases
                 WHERE account_id = ?1 AND id <> ?2 AND owner IS NOT NULL AND owner <> ?3
                   AND status IN ('Open', 'In Progress')
                 ORDER BY id LIMIT 1",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = st
            .query(params![account_id, except, not_owner])
            .map_err(|e| self.err(e))?;
        match rows.next().map_err(|e| self.err(e))? {
            Some(r) => Ok(Some((
                r.get(0).map_err(|e| self.err(e))?,
                r.get(1).map_err(|e| self.err(e))?,
            ))),
            None => Ok(None),
        }
    }

    /// The case a message (by its Message-ID, without angle brackets) is attached to: the
    /// case it created or one it was attached to later.
    pub fn case_for_message(&self, message_id: &str) -> Result<Option<i64>> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT case_id FROM case_messages WHERE message_id = ?1
                 UNION ALL SELECT id FROM cases WHERE message_id = ?1
                 LIMIT 1",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = st.query(params![message_id]).map_err(|e| self.err(e))?;
        match rows.next().map_err(|e| self.err(e))? {
            Some(r) => Ok(Some(r.get(0).map_err(|e| self.err(e))?)),
            None => Ok(None),
        }
    }

    /// Attaches a message to a case (replies are matched against it later).
    pub fn attach_message(&self, message_id: &str, case_id: i64, at: DateTime<Utc>) -> Result<()> {
        let mut st = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO case_messages (message_id, case_id, at) VALUES (?1, ?2, ?3)",
            )
            .map_err(|e| self.err(e))?;
        st.execute(params![message_id, case_id, ts(at)])
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// SPEC §4.6: has a High Value Account case on the account been closed with Request Not
    /// Possible (the customer will fully churn)? Then no further High Value cases are made.
    pub fn high_value_suppressed(&self, account_id: &str) -> Result<bool> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT 1 FROM cases
                 WHERE account_id = ?1 AND trigger = ?2
                   AND resolution_action = 'Request Not Possible'
                   AND status NOT IN ('Open', 'In Progress')",
            )
            .map_err(|e| self.err(e))?;
        st.exists(params![account_id, HIGH_VALUE_ACCOUNT])
            .map_err(|e| self.err(e))
    }

    /// Touches logged on the case (`smb case log`) at or after `since`, oldest first, as
    /// (time, `email` or `call`).
    pub fn touches_since(
        &self,
        case_id: i64,
        since: DateTime<Utc>,
    ) -> Result<Vec<(DateTime<Utc>, String)>> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT at, after FROM case_history
                 WHERE case_id = ?1 AND action = 'activity' AND at >= ?2 ORDER BY at, id",
            )
            .map_err(|e| self.err(e))?;
        st.query_map(params![case_id, ts(since)], |r| {
            Ok((
                parse_ts(&r.get::<_, String>(0)?)?,
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            ))
        })
        .map_err(|e| self.err(e))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::model::{Model, QueueOrder, Settings};
    use crate::store::sqlite::Store;

    /// The queue head's statement is prepared once per command: binding its parameters and
    /// taking it again from the statement cache do not make SQLite prepare it again (the query
    /// planner stability guarantee of `connect`; issue #16, fourth pass).
    #[test]
    fn the_queue_query_is_not_prepared_again_when_bound() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) =
            Store::open(&dir.path().join("q.db"), &Settings::new(Model::Digital)).unwrap();
        let tx = store.read().unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        for order in [QueueOrder::PriorityThenAge, QueueOrder::AgeThenPriority] {
            for (queue, limit) in [("AMER", Some(2)), ("AMER,EMEA", Some(2)), ("EMEA", None)] {
                assert!(
                    tx.queue_cases(queue, order, today, limit)
                        .unwrap()
                        .is_empty()
                );
            }
            let st = tx.tx.prepare_cached(&super::queue_sql(order)).unwrap();
            let steps = st.get_status(rusqlite::StatementStatus::VmStep);
            assert!(steps > 0, "{order:?}: not the cached statement");
            let again = st.get_status(rusqlite::StatementStatus::RePrepare);
            assert_eq!(again, 0, "{order:?}: prepared again {again} times");
        }
    }

    #[test]
    fn queue_queries_use_the_partial_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) =
            Store::open(&dir.path().join("q.db"), &Settings::new(Model::Digital)).unwrap();
        let tx = store.read().unwrap();
        for (order, index) in [
            (QueueOrder::PriorityThenAge, "cases_queue_by_priority"),
            (QueueOrder::AgeThenPriority, "cases_queue_by_age"),
        ] {
            let plan = tx.explain_queue_query(order).unwrap().join("\n");
            assert!(plan.contains(index), "{order:?}: {plan}");
            assert!(!plan.contains("TEMP B-TREE"), "{order:?} sorts: {plan}");
            assert!(!plan.starts_with("SCAN cases"), "{order:?} scans: {plan}");
        }
    }
}
