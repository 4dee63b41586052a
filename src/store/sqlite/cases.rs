//! Cases, their append-only history, attached messages and SLA clocks.

use chrono::{DateTime, Utc};
use rusqlite::{Row, params};

use super::{Tx, opt_date, opt_ts, parse_ts, ts};
use crate::Result;
use crate::domain::case::{
    Case, CaseReason, Category, HistoryEntry, Origin, Priority, ResolutionAction, Status,
};
use crate::domain::report::ClockStop;
use crate::store::CaseFilter;

/// Every column of `cases`, in [`from_row`]'s order.
pub(super) const COLUMNS: &str = "id, account_id, contact_id, opportunity_id, trigger, category,
    subject, description, priority, status, owner, queue, origin, case_reason, resolution_action,
    next_steps, next_steps_date, feedback, web_email, case_type, created_at, created_by,
    queued_at, picked_at, first_response_at, closed_at, dedup_key, message_id";

fn bad(col: usize, what: &str, v: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        col,
        rusqlite::types::Type::Text,
        format!("unknown {what} {v:?} in the database").into(),
    )
}

pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<Case> {
    let category: String = r.get(5)?;
    let status: String = r.get(9)?;
    let origin: String = r.get(12)?;
    let priority: i64 = r.get(8)?;
    Ok(Case {
        id: r.get(0)?,
        account_id: r.get(1)?,
        contact_id: r.get(2)?,
        opportunity_id: r.get(3)?,
        trigger: r.get(4)?,
        category: Category::parse(&category).ok_or_else(|| bad(5, "category", &category))?,
        subject: r.get(6)?,
        description: r.get(7)?,
        priority: Priority::from_rank(priority)
            .ok_or_else(|| bad(8, "priority", &priority.to_string()))?,
        status: Status::parse(&status).ok_or_else(|| bad(9, "status", &status))?,
        owner: r.get(10)?,
        queue: r.get(11)?,
        origin: Origin::parse(&origin).ok_or_else(|| bad(12, "origin", &origin))?,
        case_reason: r
            .get::<_, Option<String>>(13)?
            .as_deref()
            .and_then(CaseReason::parse),
        resolution_action: r
            .get::<_, Option<String>>(14)?
            .as_deref()
            .and_then(ResolutionAction::parse),
        next_steps: r.get(15)?,
        next_steps_date: opt_date(r.get(16)?)?,
        feedback: r.get(17)?,
        web_email: r.get(18)?,
        case_type: r.get(19)?,
        created_at: parse_ts(&r.get::<_, String>(20)?)?,
        created_by: r.get(21)?,
        queued_at: opt_ts(r.get(22)?)?,
        picked_at: opt_ts(r.get(23)?)?,
        first_response_at: opt_ts(r.get(24)?)?,
        closed_at: opt_ts(r.get(25)?)?,
        dedup_key: r.get(26)?,
        message_id: r.get(27)?,
    })
}

impl Tx<'_> {
    /// Inserts a new case (its `id` is ignored) and returns it with its id.
    pub fn insert_case(&self, c: &Case) -> Result<Case> {
        let mut st = self
            .tx
            .prepare_cached(
                "INSERT INTO cases (account_id, contact_id, opportunity_id, trigger, category,
                  subject, description, priority, status, owner, queue, origin, case_reason,
                  resolution_action, next_steps, next_steps_date, feedback, web_email, case_type,
                  created_at, created_by, queued_at, picked_at, first_response_at, closed_at,
                  dedup_key, message_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                  ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
            )
            .map_err(|e| self.err(e))?;
        st.execute(params![
            c.account_id,
            c.contact_id,
            c.opportunity_id,
            c.trigger,
            c.category.as_str(),
            c.subject,
            c.description,
            c.priority.rank(),
            c.status.as_str(),
            c.owner,
            c.queue,
            c.origin.as_str(),
            c.case_reason.map(CaseReason::as_str),
            c.resolution_action.map(ResolutionAction::as_str),
            c.next_steps,
            c.next_steps_date.map(|d| d.to_string()),
            c.feedback,
            c.web_email,
            c.case_type,
            ts(c.created_at),
            c.created_by,
            c.queued_at.map(ts),
            c.picked_at.map(ts),
            c.first_response_at.map(ts),
            c.closed_at.map(ts),
            c.dedup_key,
            c.message_id,
        ])
        .map_err(|e| self.err(e))?;
        let mut out = c.clone();
        out.id = self.tx.last_insert_rowid();
        Ok(out)
    }

    /// The case with `id`, if any.
    pub fn case(&self, id: i64) -> Result<Option<Case>> {
        let mut st = self
            .tx
            .prepare_cached(&format!("SELECT {COLUMNS} FROM cases WHERE id = ?1"))
            .map_err(|e| self.err(e))?;
        let mut rows = st.query(params![id]).map_err(|e| self.err(e))?;
        match rows.next().map_err(|e| self.err(e))? {
            Some(r) => Ok(Some(from_row(r).map_err(|e| self.err(e))?)),
            None => Ok(None),
        }
    }

    /// Cases matching `filter`, by id.
    pub fn cases(&self, filter: &CaseFilter) -> Result<Vec<Case>> {
        let mut st = self
            .tx
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM cases
                 WHERE (?1 IS NULL OR owner = ?1) AND (?2 IS NULL OR account_id = ?2)
                   AND (?3 = 0 OR status IN ('Open', 'In Progress'))
                 ORDER BY id"
            ))
            .map_err(|e| self.err(e))?;
        st.query_map(
            params![filter.owner, filter.account_id, filter.open_only],
            from_row,
        )
        .map_err(|e| self.err(e))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| self.err(e))
    }

    /// Does a case with this dedup key exist?
    pub fn dedup_key_exists(&self, key: &str) -> Result<bool> {
        let mut st = self
            .tx
            .prepare_cached("SELECT 1 FROM cases WHERE dedup_key = ?1")
            .map_err(|e| self.err(e))?;
        st.exists(params![key]).map_err(|e| self.err(e))
    }

    /// Appends a history entry (the table refuses updates and deletes).
    pub fn append_history(&self, case_id: i64, h: &HistoryEntry) -> Result<()> {
        let mut st = self
            .tx
            .prepare_cached(
                "INSERT INTO case_history (case_id, at, actor, action, field, before, after, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .map_err(|e| self.err(e))?;
        st.execute(params![
            case_id,
            ts(h.at),
            h.actor,
            h.action,
            h.field,
            h.before,
            h.after,
            h.note
        ])
        .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The case's history, oldest first.
    pub fn history(&self, case_id: i64) -> Result<Vec<HistoryEntry>> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT at, actor, action, field, before, after, note FROM case_history
                 WHERE case_id = ?1 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        st.query_map(params![case_id], |r| {
            Ok(HistoryEntry {
                at: parse_ts(&r.get::<_, String>(0)?)?,
                actor: r.get(1)?,
                action: r.get(2)?,
                field: r.get(3)?,
                before: r.get(4)?,
                after: r.get(5)?,
                note: r.get(6)?,
            })
        })
        .map_err(|e| self.err(e))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| self.err(e))
    }

    /// Starts an SLA clock for the case (SPEC §6.1).
    pub fn start_sla_clock(&self, case_id: i64, at: DateTime<Utc>, reason: &str) -> Result<()> {
        let mut st = self
            .tx
            .prepare_cached(
                "INSERT INTO sla_clocks (case_id, started_at, reason) VALUES (?1, ?2, ?3)",
            )
            .map_err(|e| self.err(e))?;
        st.execute(params![case_id, ts(at), reason])
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Stops the case's running SLA clock, if any, recording why it stopped.
    pub fn end_sla_clock(&self, case_id: i64, at: DateTime<Utc>, by: ClockStop) -> Result<()> {
        let mut st = self
            .tx
            .prepare_cached(
                "UPDATE sla_clocks SET stopped_at = ?2, stopped_by = ?3
                 WHERE case_id = ?1 AND stopped_at IS NULL",
            )
            .map_err(|e| self.err(e))?;
        st.execute(params![case_id, ts(at), by.as_str()])
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}

impl Tx<'_> {
    /// The person owning an open case on the account (`Open` with an owner, or `In
    /// Progress`), with that case's id: SPEC §3.3's first routing rule. Oldest case first.
    pub fn open_case_owner(&self, account_id: &str) -> Result<Option<(String, i64)>> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT owner, id FROM cases
                 WHERE account_id = ?1 AND owner IS NOT NULL AND status IN ('Open', 'In Progress')
                 ORDER BY id LIMIT 1",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = st.query(params![account_id]).map_err(|e| self.err(e))?;
        match rows.next().map_err(|e| self.err(e))? {
            Some(r) => Ok(Some((
                r.get(0).map_err(|e| self.err(e))?,
                r.get(1).map_err(|e| self.err(e))?,
            ))),
            None => Ok(None),
        }
    }

    /// Creates a case as drafted (owner or queue already decided by routing): inserts it,
    /// records `created` (and `queued` or `assigned`) in its history, and starts its SLA
    /// clock, since a new case is Open awaiting a response (SPEC §6.1).
    pub fn create_case(&self, draft: &Case, actor: &str, note: Option<&str>) -> Result<Case> {
        let c = self.insert_case(&crate::domain::change::with_queued_at(draft.clone()))?;
        let (history, clock, notice) = crate::domain::change::creation(&c, actor, note);
        for h in &history {
            self.append_history(c.id, h)?;
        }
        if let Some(n) = notice {
            self.notify(c.id, &n.recipient, n.kind, n.at, n.note.as_deref())?;
        }
        if let Some(at) = clock {
            self.start_sla_clock(c.id, at, "created")?;
        }
        Ok(c)
    }
}
