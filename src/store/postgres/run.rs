//! The trigger run's reading side on PostgreSQL (`Ops::account_snapshots`), as SQLite's
//! (`store/sqlite/run.rs`): other connections read and evaluate while the caller's connection
//! writes the cases. Every reader is a REPEATABLE READ transaction in the snapshot the caller's
//! transaction exported (`pg_export_snapshot()`, `SET TRANSACTION SNAPSHOT`): the data as it
//! stood when the run began, the same for all. The open opportunities are read first, in two
//! halves side by side (by opportunity id, no server sort), and packed by the part of the book
//! their account falls in; a large book is then read in two parts (by account id) side by side,
//! each streaming its accounts and cases in id order and merging them with its opportunities.

use std::collections::{HashMap, HashSet};
use std::sync::mpsc::{SyncSender, sync_channel};

use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};
use postgres::{Client, GenericClient, Row, RowIter};

use super::triggers::{
    ACCOUNT, CASE_FACTS, Connect, OPPORTUNITY, account, case_facts, inbound_events, opportunity,
    orphan_verdicts, reader,
};
use crate::domain::trigger::{InboundEvent, Snapshot, reads_opportunity};
use crate::store::sqlite::{PackedOpportunities, key_between};
use crate::store::{AccountSnapshot, Evaluate, Snapshots};
use crate::{Error, Result};

/// Books of more than this many accounts are evaluated in two parts side by side (in debug
/// builds small ones too, so that the tests exercise the split).
pub const SPLIT_ABOVE: i64 = if cfg!(debug_assertions) { 8 } else { 50_000 };
/// Opportunity tables of more than this many rows are read in two halves side by side.
const HALVES_ABOVE: i64 = if cfg!(debug_assertions) { 4 } else { 50_000 };
/// Messages a later part may send ahead of the writer (memory: its results wait).
const AHEAD_BATCHES: usize = 32;
/// A part sends its results once it has this many (or at its end; in debug builds a few, so
/// that the tests exercise the gathering).
const SEND_AT: usize = if cfg!(debug_assertions) { 3 } else { 1024 };

fn err(e: postgres::Error) -> Error {
    Error::Database(format!("a trigger run reader: {e}"))
}

/// A range of a text key: `after < key <= last` (no `after`: from the first; no `last`: to
/// the end).
#[derive(Debug, Clone, Default)]
pub struct Range {
    pub after: Option<String>,
    pub last: Option<String>,
}

impl Range {
    fn holds(&self, id: &str) -> bool {
        self.after.as_deref().is_none_or(|a| id > a) && self.last.as_deref().is_none_or(|l| id <= l)
    }

    /// The range as conditions on `column` (`AND …` each), its bounds as parameters `$1`, `$2`.
    fn condition(&self, column: &str) -> String {
        let mut sql = String::new();
        let mut n = 0;
        if self.after.is_some() {
            n += 1;
            sql.push_str(&format!(" AND {column} > ${n}"));
        }
        if self.last.is_some() {
            n += 1;
            sql.push_str(&format!(" AND {column} <= ${n}"));
        }
        sql
    }

    fn params(&self) -> Vec<&String> {
        self.after.iter().chain(self.last.iter()).collect()
    }
}

/// Runs `sql` with the range's bounds as its text parameters, streaming the rows.
fn stream<'a>(c: &'a mut Client, sql: &str, range: &Range) -> Result<RowIter<'a>> {
    let params = range.params();
    c.query_typed_raw(
        sql,
        params
            .into_iter()
            .map(|p| (p as &(dyn ToSql + Sync), Type::TEXT)),
    )
    .map_err(err)
}

/// A key about halfway between the first and last keys `sql` selects; `None` for a table of at
/// most `above` rows (one walk of the first `above` keys) or when no such key can be sent.
fn middle(
    c: &mut impl GenericClient,
    table: &str,
    key: &str,
    above: i64,
) -> Result<Option<String>> {
    let big: bool = c
        .query_typed_one(
            &format!("SELECT EXISTS (SELECT 1 FROM {table} ORDER BY {key} LIMIT 1 OFFSET $1)"),
            &[(&above, Type::INT8)],
        )
        .map_err(err)?
        .get(0);
    if !big {
        return Ok(None);
    }
    let row = c
        .query_typed_one(&format!("SELECT min({key}), max({key}) FROM {table}"), &[])
        .map_err(err)?;
    let (lo, hi): (Option<String>, Option<String>) = (row.get(0), row.get(1));
    Ok(match (lo, hi) {
        // PostgreSQL's text holds no NUL.
        (Some(lo), Some(hi)) => key_between(&lo, &hi).filter(|k| !k.contains('\0')),
        _ => None,
    })
}

/// Where the book is split in two parts (`None`: one part), and where the opportunities are
/// split in two halves: read on the caller's transaction before the snapshot is exported.
pub fn splits(c: &mut impl GenericClient) -> Result<(Option<String>, Option<String>)> {
    let accounts = middle(c, "accounts", "account_id", SPLIT_ABOVE)?;
    let opportunities = middle(c, "opportunities", "opportunity_id", HALVES_ABOVE)?;
    Ok((accounts, opportunities))
}

/// A streaming cursor with one row of look-ahead.
struct Cursor<'a> {
    rows: RowIter<'a>,
    next: Option<Row>,
}

impl<'a> Cursor<'a> {
    fn open(c: &'a mut Client, sql: &str, range: &Range) -> Result<Cursor<'a>> {
        let mut rows = stream(c, sql, range)?;
        let next = rows.next().map_err(err)?;
        Ok(Cursor { rows, next })
    }

    /// The rows whose key (column `key`) is `id`, skipping those before it.
    fn take<T>(&mut self, key: usize, id: &str, f: impl Fn(&Row) -> Result<T>) -> Result<Vec<T>> {
        let mut out = Vec::new();
        while let Some(r) = &self.next {
            let k: &str = r.get(key);
            if k > id {
                break;
            }
            if k == id {
                out.push(f(r)?);
            }
            self.next = self.rows.next().map_err(err)?;
        }
        Ok(out)
    }
}

/// The open opportunities with `opportunity_id` in `range`, packed by the part their account
/// falls in (`ends`: each part's last account id but the last part's), unsorted.
fn read_opportunities(
    c: &mut Client,
    range: &Range,
    ends: &[String],
) -> Result<Vec<PackedOpportunities>> {
    let sql = format!(
        "SELECT {OPPORTUNITY} FROM opportunities WHERE stage NOT ILIKE 'closed%'{}",
        range.condition("opportunity_id")
    );
    let mut rows = stream(c, &sql, range)?;
    let mut packs: Vec<PackedOpportunities> = (0..=ends.len())
        .map(|_| PackedOpportunities::default())
        .collect();
    while let Some(r) = rows.next().map_err(err)? {
        let o = opportunity(&r)?;
        if reads_opportunity(&o) {
            let part = ends.partition_point(|end| end.as_str() < o.account_id.as_str());
            packs[part].push(&o);
        }
    }
    Ok(packs)
}

/// Streams the snapshot on reader threads (see the module's comment). `split`: the last
/// account id of the first part (`None`: one part); `halves`: the last opportunity id of the
/// first half read (`None`: one reader). Results come back in account id order, the events
/// of no account last.
pub fn account_snapshots<V: Send + 'static>(
    connect: Connect,
    snapshot: String,
    split: Option<String>,
    halves: Option<String>,
    eval: Evaluate<V>,
) -> Result<Snapshots<V>> {
    let parts: Vec<Range> = match &split {
        None => vec![Range::default()],
        Some(mid) => vec![
            Range {
                after: None,
                last: Some(mid.clone()),
            },
            Range {
                after: Some(mid.clone()),
                last: None,
            },
        ],
    };
    let ends: Vec<String> = split.into_iter().collect();
    let halves: Vec<Range> = match halves {
        None => vec![Range::default()],
        Some(mid) => vec![
            Range {
                after: None,
                last: Some(mid.clone()),
            },
            Range {
                after: Some(mid),
                last: None,
            },
        ],
    };
    // The opportunities, a reader each half; each reader's connection is then a part's.
    let readers: Vec<_> = halves
        .into_iter()
        .map(|half| {
            let (connect, snapshot, ends) = (connect.clone(), snapshot.clone(), ends.clone());
            std::thread::spawn(move || -> Result<(Client, Vec<PackedOpportunities>)> {
                let mut c = reader(&connect, &snapshot)?;
                let packs = read_opportunities(&mut c, &half, &ends)?;
                Ok((c, packs))
            })
        })
        .collect();
    let mut clients = Vec::new();
    let mut packs: Vec<PackedOpportunities> = Vec::new();
    for r in readers {
        let (c, more) = r
            .join()
            .map_err(|_| Error::Database("a trigger run reader failed".into()))??;
        clients.push(c);
        if packs.is_empty() {
            packs = more;
        } else {
            for (pack, more) in packs.iter_mut().zip(more) {
                pack.append(more);
            }
        }
    }
    let count = parts.len();
    let mut out = Vec::new();
    for (i, (part, opps)) in parts.into_iter().zip(packs).enumerate() {
        // The first part is consumed as it comes; the others may run ahead.
        let bound = if i == 0 { 4 } else { AHEAD_BATCHES };
        let (send, receive) = sync_channel::<Vec<V>>(bound);
        let (connect, snapshot, eval) = (connect.clone(), snapshot.clone(), eval.clone());
        let c = clients.pop();
        let handle = std::thread::spawn(move || -> Result<()> {
            let ca = match c {
                Some(c) => c,
                None => reader(&connect, &snapshot)?,
            };
            let cc = reader(&connect, &snapshot)?;
            read_part(ca, cc, &part, i + 1 == count, opps, &eval, &send)
        });
        out.push((receive, handle));
    }
    Ok(Snapshots::from_parts(out))
}

/// Reads the part's accounts and cases in id order (on `ca` and `cc`), merges them with the
/// part's opportunities (`opps`) and events, and evaluates them; the last part then evaluates
/// the events of no account. Stops when the receiver has gone (an error on the writing side).
fn read_part<V>(
    mut ca: Client,
    mut cc: Client,
    part: &Range,
    last_part: bool,
    mut opps: PackedOpportunities,
    eval: &Evaluate<V>,
    send: &SyncSender<Vec<V>>,
) -> Result<()> {
    // Inbound events by the account they belong to; the last part keeps those of the other
    // parts' accounts too, to find the ones whose account is not in the database.
    let mut events: HashMap<String, Vec<InboundEvent>> = HashMap::new();
    let mut orphans: Vec<InboundEvent> = Vec::new();
    let mut elsewhere: Vec<(InboundEvent, String)> = Vec::new();
    for (e, account) in inbound_events(&mut ca)? {
        match account {
            Some(a) if part.holds(&a) => events.entry(a).or_default().push(e),
            Some(a) if last_part => elsewhere.push((e, a)),
            Some(_) => {}
            None if last_part => orphans.push(e),
            None => {}
        }
    }
    // Sorted here, on the part's own thread.
    opps.sort();
    let no_events: Vec<InboundEvent> = Vec::new();
    let mut opp_rows = Vec::new();
    let mut out = Vec::new();
    {
        let mut accounts = stream(
            &mut ca,
            &format!(
                "SELECT {ACCOUNT} FROM accounts WHERE true{} ORDER BY account_id",
                part.condition("account_id")
            ),
            part,
        )?;
        let mut cases = Cursor::open(
            &mut cc,
            &format!(
                "SELECT {CASE_FACTS} FROM cases WHERE account_id IS NOT NULL{}
                  ORDER BY account_id, id",
                part.condition("account_id")
            ),
            part,
        )?;
        while let Some(r) = accounts.next().map_err(err)? {
            let a = account(&r)?;
            let n = opps.of_into(&a.id, &mut opp_rows);
            let c = cases.take(1, &a.id, case_facts)?;
            let ev = if events.is_empty() {
                None
            } else {
                events.remove(&a.id)
            };
            out.extend(eval(AccountSnapshot::Account(Snapshot {
                account: &a,
                opportunities: &opp_rows[..n],
                events: ev.as_deref().unwrap_or(&no_events),
                cases: &c,
            })));
            // Results gather until there are enough to send: a part waiting for the parts
            // before it holds a bounded number of messages, and one whose accounts give few
            // results (a run with nothing new: none) is not held back by the accounts read.
            if out.len() >= SEND_AT && send.send(std::mem::take(&mut out)).is_err() {
                return Ok(());
            }
        }
    }
    drop(cc);
    if last_part {
        // Events of the other parts' ranges whose account is not in the database.
        if !elsewhere.is_empty() {
            let mut ids: Vec<&str> = elsewhere.iter().map(|(_, a)| a.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            let known: HashSet<String> = ca
                .query_typed(
                    "SELECT account_id FROM accounts WHERE account_id = ANY($1)",
                    &[(&ids, Type::TEXT_ARRAY)],
                )
                .map_err(err)?
                .iter()
                .map(|r| r.get(0))
                .collect();
            orphans.extend(
                elsewhere
                    .into_iter()
                    .filter(|(_, a)| !known.contains(a))
                    .map(|(e, _)| e),
            );
        }
        out.extend(orphan_verdicts(
            &mut ca,
            orphans,
            events,
            eval,
            "a trigger run reader",
        )?);
    }
    let _ = send.send(out);
    Ok(())
}
