//! How a first trigger run writes its cases on PostgreSQL: by binary `COPY`, not `INSERT`.
//!
//! A run that began on an empty `cases` table holds that table's exclusive lock until it ends
//! (`first_run.rs` dropped its indexes under it), so the only dedup keys its cases can meet
//! are its own: the run checks them itself, in order, as `ON CONFLICT (dedup_key) DO NOTHING`
//! would (the first case of a key is created, a later one is not). Ids are drawn from the
//! `cases` id sequence exactly as the `INSERT` drew them (one per case offered, in order,
//! created or not: `nextval` over `generate_series`), so the cases, their history, clocks and
//! notices get the same ids, and the sequence ends where it did. The rows are gathered as
//! binary `COPY` tuples (`binary.rs`, as the import's rows are) and sent a few thousand cases
//! at a time, cases first, then history, clocks and notices (their foreign keys to `cases`
//! hold at every step); and before the commit.

use std::collections::HashSet;
use std::io::Write;

use chrono::{DateTime, Utc};
use postgres::GenericClient;
use postgres::types::Type;

use super::binary;
use super::write::{NewOut, creation};
use crate::domain::case::Case;
use crate::domain::change::NewCase;
use crate::store::ts;
use crate::{Error, Result};

/// Cases gathered before they are sent (with their history, clocks and notices).
const SEND_AT: usize = if cfg!(debug_assertions) { 3 } else { 8192 };

/// A binary `COPY` stream being gathered in memory.
struct Tuples {
    buf: Vec<u8>,
    rows: usize,
}

impl Tuples {
    fn new() -> Tuples {
        let mut t = Tuples {
            buf: Vec::new(),
            rows: 0,
        };
        t.clear();
        t
    }

    fn clear(&mut self) {
        self.buf.clear();
        binary::header(&mut self.buf);
        self.rows = 0;
    }

    fn row(&mut self, fields: i16) {
        binary::row(&mut self.buf, fields);
        self.rows += 1;
    }

    fn text(&mut self, v: Option<&str>) -> Result<()> {
        binary::text(&mut self.buf, v)
            .map_err(|_| Error::Database("a case's value is over 2 GiB".into()))
    }

    fn int8(&mut self, n: i64) {
        binary::int8(&mut self.buf, Some(n));
    }

    /// Sends the rows to `sql` (a `COPY … FROM STDIN (FORMAT binary)` of this file).
    fn send(
        &mut self,
        c: &mut impl GenericClient,
        sql: &str,
        err: &dyn Fn(postgres::Error) -> Error,
    ) -> Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        binary::trailer(&mut self.buf);
        let mut w = c.copy_in(sql).map_err(err)?;
        // In pieces: the client's own buffer (and the socket's) stay small.
        let sent = self.buf.chunks(1 << 16).try_for_each(|b| w.write_all(b));
        self.clear();
        if let Err(e) = sent {
            return Err(
                match e.into_inner().map(|e| e.downcast::<postgres::Error>()) {
                    Some(Ok(pg)) => err(*pg),
                    _ => Error::Database("the COPY of the run's cases failed".into()),
                },
            );
        }
        w.finish().map_err(err)?;
        Ok(())
    }
}

/// The rows of a first run not yet sent, and the dedup keys it has created.
pub(super) struct FirstWrites {
    keys: HashSet<String>,
    cases: Tuples,
    history: Tuples,
    clocks: Tuples,
    notices: Tuples,
    /// The `cases` id sequence (its oid), once looked up.
    sequence: Option<u32>,
    /// The last time written as text, and its text (a run writes `now` a million times).
    last_ts: Option<(DateTime<Utc>, String)>,
}

const CASES: &str = "COPY cases (id, account_id, contact_id, opportunity_id, trigger, category,
    subject, description, priority, status, owner, queue, origin, case_reason,
    resolution_action, next_steps, next_steps_date, feedback, web_email, case_type, created_at,
    created_by, queued_at, picked_at, first_response_at, closed_at, dedup_key, message_id)
    FROM STDIN (FORMAT binary)";
const HISTORY: &str = "COPY case_history (case_id, at, actor, action, field, before, after,
    note) FROM STDIN (FORMAT binary)";
const CLOCKS: &str = "COPY sla_clocks (case_id, started_at, reason) FROM STDIN (FORMAT binary)";
const NOTICES: &str =
    "COPY notices (case_id, recipient, kind, at, note) FROM STDIN (FORMAT binary)";

impl FirstWrites {
    pub(super) fn new() -> FirstWrites {
        FirstWrites {
            keys: HashSet::new(),
            cases: Tuples::new(),
            history: Tuples::new(),
            clocks: Tuples::new(),
            notices: Tuples::new(),
            last_ts: None,
            sequence: None,
        }
    }

    fn ts(&mut self, t: DateTime<Utc>) -> &str {
        if self.last_ts.as_ref().is_none_or(|(at, _)| *at != t) {
            self.last_ts = Some((t, ts(t)));
        }
        self.last_ts.as_ref().map_or("", |(_, s)| s.as_str())
    }

    /// Creates `cases` (as `write::create_cases` does, with the same result): ids drawn, keys
    /// checked, rows gathered (each case's history, clock and notices derived as
    /// `write::creation` derives them), sent once enough are.
    pub(super) fn create(
        &mut self,
        c: &mut impl GenericClient,
        cases: &[NewCase],
        err: &dyn Fn(postgres::Error) -> Error,
    ) -> Result<Vec<Option<Case>>> {
        if cases.is_empty() {
            return Ok(Vec::new());
        }
        let n = i64::try_from(cases.len()).unwrap_or(i64::MAX);
        let seq = match self.sequence {
            Some(seq) => seq,
            None => {
                let seq: u32 = c
                    .query_typed_one(
                        "SELECT pg_get_serial_sequence('cases', 'id')::regclass::oid",
                        &[],
                    )
                    .map_err(err)?
                    .get(0);
                *self.sequence.insert(seq)
            }
        };
        let ids: Vec<i64> = c
            .query_typed_one(
                "SELECT ARRAY(SELECT nextval($1::oid::regclass)
                                FROM generate_series(1, $2::int8) ORDER BY 1)",
                &[(&seq, Type::OID), (&n, Type::INT8)],
            )
            .map_err(err)?
            .get(0);
        if ids.len() != cases.len() {
            return Err(Error::Database(format!(
                "the server gave {} case ids for {} cases",
                ids.len(),
                cases.len()
            )));
        }
        let mut out = Vec::with_capacity(cases.len());
        for (n, id) in cases.iter().zip(ids) {
            if let Some(k) = &n.draft.dedup_key
                && !self.keys.insert(k.clone())
            {
                out.push(None);
                continue;
            }
            let (mut case, history, clock, notices) = creation(n);
            self.write(
                &NewOut {
                    draft: &case,
                    history: &history,
                    clock: clock.map(|at| (at, "created")),
                    notices: &notices,
                },
                id,
            )?;
            case.id = id;
            out.push(Some(case));
        }
        if self.cases.rows >= SEND_AT {
            self.send(c, err)?;
        }
        Ok(out)
    }

    /// Gathers the rows of `n` as case `id`.
    fn write(&mut self, n: &NewOut<'_>, id: i64) -> Result<()> {
        let d = n.draft;
        let created_at = self.ts(d.created_at).to_string();
        let w = &mut self.cases;
        w.row(28);
        w.int8(id);
        w.text(d.account_id.as_deref())?;
        w.text(d.contact_id.as_deref())?;
        w.text(d.opportunity_id.as_deref())?;
        w.text(Some(&d.trigger))?;
        w.text(Some(d.category.as_str()))?;
        w.text(Some(&d.subject))?;
        w.text(Some(&d.description))?;
        w.int8(d.priority.rank());
        w.text(Some(d.status.as_str()))?;
        w.text(d.owner.as_deref())?;
        w.text(d.queue.as_deref())?;
        w.text(Some(d.origin.as_str()))?;
        w.text(d.case_reason.map(|x| x.as_str()))?;
        w.text(d.resolution_action.map(|x| x.as_str()))?;
        w.text(d.next_steps.as_deref())?;
        w.text(d.next_steps_date.map(|x| x.to_string()).as_deref())?;
        w.text(d.feedback.as_deref())?;
        w.text(d.web_email.as_deref())?;
        w.text(d.case_type.as_deref())?;
        w.text(Some(&created_at))?;
        w.text(Some(&d.created_by))?;
        let times = [d.queued_at, d.picked_at, d.first_response_at, d.closed_at];
        for t in times {
            let t = t.map(|t| {
                if t == d.created_at {
                    created_at.clone()
                } else {
                    ts(t)
                }
            });
            self.cases.text(t.as_deref())?;
        }
        self.cases.text(d.dedup_key.as_deref())?;
        self.cases.text(d.message_id.as_deref())?;
        for h in n.history {
            let at = self.ts(h.at).to_string();
            let w = &mut self.history;
            w.row(8);
            w.int8(id);
            w.text(Some(&at))?;
            w.text(Some(&h.actor))?;
            w.text(Some(&h.action))?;
            w.text(h.field.as_deref())?;
            w.text(h.before.as_deref())?;
            w.text(h.after.as_deref())?;
            w.text(h.note.as_deref())?;
        }
        if let Some((at, reason)) = n.clock {
            let at = self.ts(at).to_string();
            let w = &mut self.clocks;
            w.row(3);
            w.int8(id);
            w.text(Some(&at))?;
            w.text(Some(reason))?;
        }
        for x in n.notices {
            let at = self.ts(x.at).to_string();
            let w = &mut self.notices;
            w.row(5);
            w.int8(id);
            w.text(Some(&x.recipient))?;
            w.text(Some(x.kind.as_str()))?;
            w.text(Some(&at))?;
            w.text(x.note.as_deref())?;
        }
        Ok(())
    }

    /// Sends what is gathered: the cases, then what refers to them.
    pub(super) fn send(
        &mut self,
        c: &mut impl GenericClient,
        err: &dyn Fn(postgres::Error) -> Error,
    ) -> Result<()> {
        self.cases.send(c, CASES, err)?;
        self.history.send(c, HISTORY, err)?;
        self.clocks.send(c, CLOCKS, err)?;
        self.notices.send(c, NOTICES, err)
    }
}
