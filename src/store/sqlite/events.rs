//! The inbound events table.

use rusqlite::{Row, params};

use super::{Tx, parse_ts, ts};
use crate::Result;
use crate::domain::account::Event;

fn from_row(r: &Row<'_>) -> rusqlite::Result<Event> {
    Ok(Event {
        id: r.get(0)?,
        kind: r.get(1)?,
        occurred_at: parse_ts(&r.get::<_, String>(2)?)?,
        account_id: r.get(3)?,
        email: r.get(4)?,
        description: r.get(5)?,
    })
}

impl Tx<'_> {
    /// The stored event, if any.
    pub fn event(&self, id: &str) -> Result<Option<Event>> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT event_id, type, occurred_at, account_id, email, description FROM events
                 WHERE event_id = ?1",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = st.query(params![id]).map_err(|e| self.err(e))?;
        match rows.next().map_err(|e| self.err(e))? {
            Some(r) => Ok(Some(from_row(r).map_err(|e| self.err(e))?)),
            None => Ok(None),
        }
    }

    /// Inserts or replaces the event.
    pub fn put_event(&self, e: &Event, row_hash: i64) -> Result<()> {
        let mut st = self
            .tx
            .prepare_cached(
                "INSERT OR REPLACE INTO events
                 (event_id, type, occurred_at, account_id, email, description, row_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .map_err(|e| self.err(e))?;
        st.execute(params![
            e.id,
            e.kind,
            ts(e.occurred_at),
            e.account_id,
            e.email,
            e.description,
            row_hash
        ])
        .map_err(|e| self.err(e))?;
        Ok(())
    }
}
