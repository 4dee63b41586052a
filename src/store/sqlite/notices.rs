//! Notices that wait for a case's owner (SPEC §5 decision): written where a reply is attached
//! or a case is routed, listed by `smb today`, marked seen by the owner's `smb case show`.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{Tx, parse_ts, ts};
use crate::Result;
use crate::domain::notice::{Notice, NoticeKind};

impl Tx<'_> {
    /// Tells `recipient` about case `case_id`.
    pub fn notify(
        &self,
        case_id: i64,
        recipient: &str,
        kind: NoticeKind,
        at: DateTime<Utc>,
        note: Option<&str>,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO notices (case_id, recipient, kind, at, note) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .and_then(|mut st| st.execute(params![case_id, recipient, kind.as_str(), ts(at), note]))
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The notices `recipient` (ignoring case) has not seen, oldest first.
    pub fn unseen_notices(&self, recipient: &str) -> Result<Vec<Notice>> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT case_id, kind, at, note FROM notices
                 WHERE recipient = ?1 COLLATE NOCASE AND seen_at IS NULL
                 ORDER BY at, id",
            )
            .map_err(|e| self.err(e))?;
        st.query_map(params![recipient.trim()], |r| {
            let kind: String = r.get(1)?;
            Ok(Notice {
                case_id: r.get(0)?,
                kind: NoticeKind::parse(&kind).unwrap_or(NoticeKind::Routed),
                at: parse_ts(&r.get::<_, String>(2)?)?,
                note: r.get(3)?,
            })
        })
        .map_err(|e| self.err(e))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| self.err(e))
    }

    /// Whether `recipient` has unseen notices on case `case_id`.
    pub fn has_unseen_notices(&self, case_id: i64, recipient: &str) -> Result<bool> {
        self.tx
            .prepare_cached(
                "SELECT 1 FROM notices
                 WHERE recipient = ?1 COLLATE NOCASE AND case_id = ?2 AND seen_at IS NULL",
            )
            .and_then(|mut st| st.exists(params![recipient.trim(), case_id]))
            .map_err(|e| self.err(e))
    }

    /// Marks `recipient`'s notices on case `case_id` seen at `at`; how many.
    pub fn mark_notices_seen(
        &self,
        case_id: i64,
        recipient: &str,
        at: DateTime<Utc>,
    ) -> Result<usize> {
        self.tx
            .prepare_cached(
                "UPDATE notices SET seen_at = ?3
                 WHERE recipient = ?1 COLLATE NOCASE AND case_id = ?2 AND seen_at IS NULL",
            )
            .and_then(|mut st| st.execute(params![recipient.trim(), case_id, ts(at)]))
            .map_err(|e| self.err(e))
    }
}
