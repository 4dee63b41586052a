//! `Ops::pick_records` on SQLite: the picks and transfers at pick of a window, from the history.

use rusqlite::params;

use super::{Tx, opt_ts, parse_ts, ts};
use crate::Result;
use crate::domain::picks::PickRecord;
use crate::domain::report::Window;

/// The claims' `picked` status entries and the transfers at pick, with whether the claim took
/// the case from a queue (a `picked` owner entry at the same instant) and the clock it stopped.
/// The same statement as PostgreSQL's (`store/postgres/picks.rs`).
const PICK_RECORDS: &str = "SELECT h.case_id, h.at, h.actor, h.action, h.note, c.queue,
        EXISTS (SELECT 1 FROM case_history o WHERE o.case_id = h.case_id AND o.at = h.at
                   AND o.action = 'picked' AND o.field = 'owner') AS from_queue,
        (SELECT max(s.started_at) FROM sla_clocks s
          WHERE s.case_id = h.case_id AND s.stopped_at = h.at) AS waited_since
   FROM case_history h JOIN cases c ON c.id = h.case_id
  WHERE ((h.action = 'picked' AND h.field = 'status')
         OR (h.action = 'assigned' AND h.note LIKE 'transferred at pick: %'))
    AND h.at >= ?1 AND h.at < ?2
  ORDER BY h.at, h.id";

fn bounds(window: &Window) -> (String, String) {
    (
        window.start().map_or_else(|| "0".to_string(), ts),
        window.end().map_or_else(|| "A".to_string(), ts),
    )
}

impl Tx<'_> {
    /// See [`crate::store::Ops::pick_records`].
    pub(super) fn pick_records(&self, window: &Window) -> Result<Vec<PickRecord>> {
        let mut st = self
            .tx
            .prepare_cached(PICK_RECORDS)
            .map_err(|e| self.err(e))?;
        let (since, until) = bounds(window);
        st.query_map(params![since, until], |r| {
            Ok(PickRecord {
                case_id: r.get(0)?,
                at: parse_ts(&r.get::<_, String>(1)?)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                note: r.get(4)?,
                queue: r.get(5)?,
                from_queue: r.get(6)?,
                waited_since: opt_ts(r.get(7)?)?,
            })
        })
        .map_err(|e| self.err(e))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| self.err(e))
    }
}
