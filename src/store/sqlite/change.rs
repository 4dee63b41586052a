//! [`CaseChange`]s applied on SQLite: the guarded UPDATE, then the history, the clock, the
//! message and the notices, all in the command's transaction (BEGIN IMMEDIATE: nobody else
//! writes in between).

use rusqlite::params;

use super::{Tx, ts};
use crate::Result;
use crate::domain::case::Case;
use crate::domain::case::{CaseReason, ResolutionAction};
use crate::domain::change::{CaseChange, ClockEvent, Guard, NewCase};
use crate::store::Applied;

impl Tx<'_> {
    /// Writes `ch` if its guard holds; see [`crate::store::Ops::apply`].
    pub(super) fn apply_change(&self, ch: &CaseChange) -> Result<Applied> {
        let c = &ch.after;
        let (guard, a, b): (&str, Option<String>, Option<i64>) = match &ch.guard {
            Guard::Unchanged => (
                " AND status = ?21 AND owner IS ?22",
                Some(ch.before.status.as_str().to_string()),
                None,
            ),
            Guard::Claim { owner, cap } => (
                " AND status = 'Open' AND (owner IS NULL OR owner = ?21)
                  AND (?22 IS NULL OR (SELECT count(*) FROM cases
                                        WHERE owner = ?21 AND status = 'In Progress') < ?22)",
                Some(owner.clone()),
                cap.map(i64::from),
            ),
        };
        // The columns the change changes (`?2`..`?20`), `?1` the id; the guard's parameters
        // follow from `?21`.
        let sql = format!(
            "UPDATE cases SET {} WHERE id = ?1{guard}",
            crate::store::case_set_list(&ch.before, &ch.after, '?')
        );
        let mut st = self.tx.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let values = params![
            c.id,
            c.account_id,
            c.contact_id,
            c.opportunity_id,
            c.subject,
            c.description,
            c.priority.rank(),
            c.status.as_str(),
            c.owner,
            c.queue,
            c.case_reason.map(CaseReason::as_str),
            c.resolution_action.map(ResolutionAction::as_str),
            c.next_steps,
            c.next_steps_date.map(|d| d.to_string()),
            c.feedback,
            c.web_email,
            c.queued_at.map(ts),
            c.picked_at.map(ts),
            c.first_response_at.map(ts),
            c.closed_at.map(ts),
        ];
        let n = match &ch.guard {
            Guard::Unchanged => {
                let mut all: Vec<&dyn rusqlite::ToSql> = values.to_vec();
                all.push(&a);
                all.push(&ch.before.owner);
                st.execute(all.as_slice())
            }
            Guard::Claim { .. } => {
                let mut all: Vec<&dyn rusqlite::ToSql> = values.to_vec();
                all.push(&a);
                all.push(&b);
                st.execute(all.as_slice())
            }
        }
        .map_err(|e| self.err(e))?;
        if n == 0 {
            return Ok(match &ch.guard {
                Guard::Claim {
                    owner,
                    cap: Some(cap),
                } => {
                    let held = self.in_progress_count(owner)?;
                    if held >= i64::from(*cap) {
                        Applied::AtCapacity { in_progress: held }
                    } else {
                        Applied::Conflict
                    }
                }
                _ => Applied::Conflict,
            });
        }
        for h in &ch.history {
            self.append_history(c.id, h)?;
        }
        match ch.clock {
            ClockEvent::None => {}
            ClockEvent::Stop(by) => self.end_sla_clock(c.id, ch.at, by)?,
            ClockEvent::Start { at, reason } => self.start_sla_clock(c.id, at, reason)?,
            ClockEvent::StopThenStart { stop, at, reason } => {
                self.end_sla_clock(c.id, ch.at, stop)?;
                self.start_sla_clock(c.id, at, reason)?;
            }
        }
        if let Some(m) = &ch.attach_message {
            self.attach_message(m, c.id, ch.at)?;
        }
        for n in &ch.notices {
            self.notify(c.id, &n.recipient, n.kind, n.at, n.note.as_deref())?;
        }
        Ok(Applied::Done)
    }

    /// Creates each case unless its dedup key is taken; see [`crate::store::Ops::create_cases`].
    pub(super) fn create_new_cases(&self, cases: &[NewCase]) -> Result<Vec<Option<Case>>> {
        let mut out = Vec::with_capacity(cases.len());
        for n in cases {
            if let Some(key) = &n.draft.dedup_key
                && self.dedup_key_exists(key)?
            {
                out.push(None);
                continue;
            }
            if let Some(r) = &n.rollover {
                self.apply_change(r)?;
            }
            out.push(Some(self.create_case(
                &n.draft,
                &n.actor,
                n.note.as_deref(),
            )?));
        }
        Ok(out)
    }
}
