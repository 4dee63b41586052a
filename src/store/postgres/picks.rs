//! `Ops::pick_records` on PostgreSQL: SQLite's statement (`store/sqlite/picks.rs`) with `$n`.

use postgres::GenericClient;
use postgres::types::Type;

use super::read::{R, opt_ts, parse_ts};
use crate::domain::picks::PickRecord;
use crate::domain::report::Window;
use crate::store::ts;

const PICK_RECORDS: &str = "SELECT h.case_id, h.at, h.actor, h.action, h.note, c.queue,
        EXISTS (SELECT 1 FROM case_history o WHERE o.case_id = h.case_id AND o.at = h.at
                   AND o.action = 'picked' AND o.field = 'owner') AS from_queue,
        (SELECT max(s.started_at) FROM sla_clocks s
          WHERE s.case_id = h.case_id AND s.stopped_at = h.at) AS waited_since
   FROM case_history h JOIN cases c ON c.id = h.case_id
  WHERE ((h.action = 'picked' AND h.field = 'status')
         OR (h.action = 'assigned' AND h.note LIKE 'transferred at pick: %'))
    AND h.at >= $1 AND h.at < $2
  ORDER BY h.at, h.id";

/// See [`crate::store::Ops::pick_records`].
pub fn pick_records(c: &mut impl GenericClient, window: &Window) -> R<Vec<PickRecord>> {
    let since = window.start().map_or_else(|| "0".to_string(), ts);
    let until = window.end().map_or_else(|| "A".to_string(), ts);
    c.query_typed(PICK_RECORDS, &[(&since, Type::TEXT), (&until, Type::TEXT)])?
        .iter()
        .map(|r| {
            Ok(PickRecord {
                case_id: r.try_get(0)?,
                at: parse_ts(r.try_get(1)?)?,
                actor: r.try_get(2)?,
                action: r.try_get(3)?,
                note: r.try_get(4)?,
                queue: r.try_get(5)?,
                from_queue: r.try_get(6)?,
                waited_since: opt_ts(r.try_get(7)?)?,
            })
        })
        .collect()
}
