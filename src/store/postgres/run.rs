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

use postgres::types::Type;
use postgres::{Client, GenericClient};

use super::binary::SIGNATURE;

use super::triggers::{
    ACCOUNT, CASE_FACTS, Cols, Connect, OPPORTUNITY, case_facts, inbound_events, orphan_verdicts,
    reader, refill_account, refill_opportunity,
};
use chrono::NaiveDate;

use crate::domain::account::{Account, Opportunity};
use crate::domain::model::Region;
use crate::domain::money::Cents;
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
    /// The whole key space, or its two parts either side of `mid` (`mid` in the first).
    fn split_at(mid: Option<String>) -> Vec<Range> {
        match mid {
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
        }
    }

    fn holds(&self, id: &str) -> bool {
        self.after.as_deref().is_none_or(|a| id > a) && self.last.as_deref().is_none_or(|l| id <= l)
    }

    /// The range as conditions on `column` (`AND …` each), its bounds as SQL literals (`COPY`
    /// takes no parameters): keys read from the database, quoted by [`literal`].
    fn condition(&self, column: &str) -> Result<String> {
        let mut sql = String::new();
        if let Some(a) = &self.after {
            sql.push_str(&format!(" AND {column} > {}", literal(a)?));
        }
        if let Some(l) = &self.last {
            sql.push_str(&format!(" AND {column} <= {}", literal(l)?));
        }
        Ok(sql)
    }
}

/// `key` as an escape string constant (`E'…'`: backslashes and quotes escaped, the same text
/// whatever `standard_conforming_strings` says; the connection's encoding is UTF-8).
fn literal(key: &str) -> Result<String> {
    if key.contains('\0') {
        return Err(Error::Database(format!(
            "a trigger run reader: a key with a NUL: {key:?}"
        )));
    }
    Ok(format!(
        "E'{}'",
        key.replace('\\', "\\\\").replace('\'', "''")
    ))
}

/// Rows of `COPY (select) TO STDOUT (FORMAT binary)`, one at a time in a reused buffer:
/// PostgreSQL's binary copy format (a header; per row a 16-bit column count, then each column's
/// 32-bit length, -1 for NULL, and its bytes; -1 as the count after the last row). Cheaper on
/// both sides than a portal's rows for the million rows a run reads.
pub(super) struct CopyRows<R> {
    src: R,
    row: Vec<u8>,
    /// Each column's start in `row` and length (-1: NULL).
    cols: Vec<(usize, i32)>,
    done: bool,
}

fn io_err(e: std::io::Error) -> Error {
    Error::Database(format!("a trigger run reader: {e}"))
}

/// A copy's rows from the server.
type Copied<'a> = CopyRows<postgres::CopyOutReader<'a>>;

impl<'a> Copied<'a> {
    fn open(c: &'a mut Client, select: &str) -> Result<Copied<'a>> {
        let src = c
            .copy_out(&format!("COPY ({select}) TO STDOUT (FORMAT binary)"))
            .map_err(err)?;
        CopyRows::new(src)
    }
}

impl<R: std::io::BufRead> CopyRows<R> {
    /// Reads the header.
    fn new(src: R) -> Result<CopyRows<R>> {
        let mut me = CopyRows {
            src,
            row: Vec::with_capacity(1024),
            cols: Vec::with_capacity(32),
            done: false,
        };
        me.read(SIGNATURE.len() + 8)?;
        if &me.row[..SIGNATURE.len()] != SIGNATURE {
            return Err(Error::Database(
                "a trigger run reader: not a binary COPY".into(),
            ));
        }
        let at = SIGNATURE.len() + 4;
        let extension = u32::from_be_bytes(me.row[at..at + 4].try_into().expect("4 bytes"));
        me.read(extension as usize)?;
        Ok(me)
    }

    /// Appends the next `n` bytes of the copy to `row`.
    fn read(&mut self, mut n: usize) -> Result<()> {
        while n > 0 {
            let chunk = self.src.fill_buf().map_err(io_err)?;
            if chunk.is_empty() {
                return Err(Error::Database(
                    "a trigger run reader: the copy ended in a row".into(),
                ));
            }
            let k = n.min(chunk.len());
            self.row.extend_from_slice(&chunk[..k]);
            self.src.consume(k);
            n -= k;
        }
        Ok(())
    }

    /// Takes the next row in one copy when the server's message holds all of it (it sends a
    /// message a row): `false`, with nothing taken, when it does not or it is the end.
    fn whole_row(&mut self) -> Result<bool> {
        let chunk = self.src.fill_buf().map_err(io_err)?;
        let Some(count) = chunk.get(..2).map(|b| i16::from_be_bytes([b[0], b[1]])) else {
            return Ok(false);
        };
        if count < 0 {
            return Ok(false);
        }
        let mut at = 2;
        for _ in 0..count {
            let Some(b) = chunk.get(at..at + 4) else {
                self.cols.clear();
                return Ok(false);
            };
            let len = i32::from_be_bytes([b[0], b[1], b[2], b[3]]);
            at += 4;
            // Offsets into `row`, which will hold the chunk from byte 0.
            self.cols.push((at, len));
            at += len.max(0) as usize;
        }
        if at > chunk.len() {
            self.cols.clear();
            return Ok(false);
        }
        self.row.extend_from_slice(&chunk[..at]);
        self.src.consume(at);
        Ok(true)
    }

    /// Reads the next row; `false` after the last.
    fn next(&mut self) -> Result<bool> {
        if self.done {
            return Ok(false);
        }
        self.row.clear();
        self.cols.clear();
        if self.whole_row()? {
            return Ok(true);
        }
        self.row.clear();
        self.cols.clear();
        self.read(2)?;
        let count = i16::from_be_bytes([self.row[0], self.row[1]]);
        if count < 0 {
            self.done = true;
            // To the end of the copy: the connection is then ready for the next statement.
            loop {
                let n = self.src.fill_buf().map_err(io_err)?.len();
                if n == 0 {
                    break;
                }
                self.src.consume(n);
            }
            return Ok(false);
        }
        self.row.clear();
        for _ in 0..count {
            let at = self.row.len();
            self.read(4)?;
            let len = i32::from_be_bytes(self.row[at..at + 4].try_into().expect("4 bytes"));
            self.row.truncate(at);
            if len > 0 {
                self.read(len as usize)?;
            }
            self.cols.push((at, len));
        }
        Ok(true)
    }

    fn bytes(&self, i: usize) -> Result<Option<&[u8]>> {
        match self.cols.get(i) {
            Some(&(_, len)) if len < 0 => Ok(None),
            Some(&(at, len)) => Ok(Some(&self.row[at..at + len as usize])),
            None => Err(Error::Database(format!(
                "a trigger run reader: no column {i}"
            ))),
        }
    }

    fn sized<const N: usize>(&self, i: usize) -> Result<Option<[u8; N]>> {
        self.bytes(i)?
            .map(|b| {
                b.try_into().map_err(|_| {
                    Error::Database(format!(
                        "a trigger run reader: column {i} has {} bytes, not {N}",
                        b.len()
                    ))
                })
            })
            .transpose()
    }
}

impl<R: std::io::BufRead> Cols for CopyRows<R> {
    fn text(&self, i: usize) -> Result<Option<&str>> {
        self.bytes(i)?
            .map(|b| {
                std::str::from_utf8(b)
                    .map_err(|e| Error::Database(format!("a trigger run reader: {e}")))
            })
            .transpose()
    }
    fn int(&self, i: usize) -> Result<Option<i64>> {
        Ok(self.sized::<8>(i)?.map(i64::from_be_bytes))
    }
    fn flag(&self, i: usize) -> Result<Option<bool>> {
        Ok(self.sized::<1>(i)?.map(|b| b[0] != 0))
    }
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

/// A binary copy's rows with the current one as look-ahead.
struct Cursor<'a> {
    rows: Copied<'a>,
    more: bool,
}

impl<'a> Cursor<'a> {
    fn open(c: &'a mut Client, select: &str) -> Result<Cursor<'a>> {
        let mut rows = Copied::open(c, select)?;
        let more = rows.next()?;
        Ok(Cursor { rows, more })
    }

    /// The rows whose key (column `key`) is `id`, skipping those before it.
    fn take<T>(
        &mut self,
        key: usize,
        id: &str,
        f: impl Fn(&Copied<'a>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        while self.more {
            let order = self.rows.text(key)?.unwrap_or_default().cmp(id);
            if order.is_gt() {
                break;
            }
            if order.is_eq() {
                out.push(f(&self.rows)?);
            }
            self.more = self.rows.next()?;
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
        range.condition("opportunity_id")?
    );
    let mut rows = Copied::open(c, &sql)?;
    let mut packs: Vec<PackedOpportunities> = (0..=ends.len())
        .map(|_| PackedOpportunities::default())
        .collect();
    // One value refilled row after row: no allocation each.
    let mut o = Opportunity::new("", "", "", "", NaiveDate::default());
    while rows.next()? {
        refill_opportunity(&rows, &mut o)?;
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
    no_cases: bool,
    eval: Evaluate<V>,
) -> Result<Snapshots<V>> {
    let parts = Range::split_at(split.clone());
    let ends: Vec<String> = split.into_iter().collect();
    let halves = Range::split_at(halves);
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
            // A run that began on no cases reads none (their table is locked by the run).
            let cc = if no_cases {
                None
            } else {
                Some(reader(&connect, &snapshot)?)
            };
            read_part(ca, cc, &part, i + 1 == count, opps, &eval, &send)
        });
        out.push((receive, handle));
    }
    Ok(Snapshots::from_parts(out))
}

/// Reads the part's accounts and cases in id order (on `ca` and `cc`), merges them with the
/// part's opportunities (`opps`) and events, and evaluates them; the last part then evaluates
/// the events of no account. Stops when the receiver has gone (an error on the writing side).
/// `cc` is `None` when the run began on no cases: none are read.
fn read_part<V>(
    mut ca: Client,
    mut cc: Option<Client>,
    part: &Range,
    last_part: bool,
    mut opps: PackedOpportunities,
    eval: &Evaluate<V>,
    send: &SyncSender<Vec<V>>,
) -> Result<()> {
    let no_cases = cc.is_none();
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
        let mut accounts = Copied::open(
            &mut ca,
            &format!(
                "SELECT {ACCOUNT} FROM accounts WHERE true{} ORDER BY account_id",
                part.condition("account_id")?
            ),
        )?;
        let mut cases = match &mut cc {
            Some(cc) => Some(Cursor::open(
                cc,
                &format!(
                    "SELECT {CASE_FACTS} FROM cases WHERE account_id IS NOT NULL{}
                      ORDER BY account_id, id",
                    part.condition("account_id")?
                ),
            )?),
            None => None,
        };
        // One value refilled row after row: no allocation each.
        let mut a = Account::new("", "", Region::Amer, Cents(0));
        while accounts.next()? {
            refill_account(&accounts, &mut a)?;
            let n = opps.of_into(&a.id, &mut opp_rows);
            let c = match &mut cases {
                Some(cases) => cases.take(1, &a.id, case_facts)?,
                None => Vec::new(),
            };
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
            no_cases,
            eval,
            "a trigger run reader",
        )?);
    }
    let _ = send.send(out);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A binary copy of `rows` (text, int8, bool columns; `None`: NULL), as the server sends it.
    fn copy_of(rows: &[Vec<Option<Vec<u8>>>]) -> Vec<u8> {
        let mut out = SIGNATURE.to_vec();
        out.extend(0u32.to_be_bytes());
        out.extend(3u32.to_be_bytes());
        out.extend(b"ext");
        for row in rows {
            out.extend((row.len() as i16).to_be_bytes());
            for col in row {
                match col {
                    None => out.extend((-1i32).to_be_bytes()),
                    Some(b) => {
                        out.extend((b.len() as i32).to_be_bytes());
                        out.extend(b);
                    }
                }
            }
        }
        out.extend((-1i16).to_be_bytes());
        out
    }

    /// Binary copy rows read back the same whatever the chunks the bytes arrive in: a whole
    /// row in one (taken at once) or a row cut anywhere (read piece by piece).
    #[test]
    fn copy_rows_read_the_same_in_chunks_of_any_size() {
        let rows = vec![
            vec![
                Some(b"A1".to_vec()),
                Some(5i64.to_be_bytes().to_vec()),
                Some(vec![1]),
                None,
            ],
            vec![
                Some("é'".as_bytes().to_vec()),
                Some((-7i64).to_be_bytes().to_vec()),
                Some(vec![0]),
                Some(Vec::new()),
            ],
            vec![None, None, None, Some(b"x".to_vec())],
        ];
        let bytes = copy_of(&rows);
        for size in 1..=bytes.len() {
            let mut r = CopyRows::new(std::io::BufReader::with_capacity(size, &bytes[..])).unwrap();
            let mut seen = Vec::new();
            while r.next().unwrap() {
                seen.push((
                    r.text(0).unwrap().map(String::from),
                    r.int(1).unwrap(),
                    r.flag(2).unwrap(),
                    r.text(3).unwrap().map(String::from),
                ));
            }
            assert!(!r.next().unwrap(), "chunks of {size}: still the end");
            let expected = vec![
                (Some("A1".to_string()), Some(5), Some(true), None),
                (
                    Some("é'".to_string()),
                    Some(-7),
                    Some(false),
                    Some(String::new()),
                ),
                (None, None, None, Some("x".to_string())),
            ];
            assert_eq!(seen, expected, "chunks of {size}");
        }
        // Cut short: an error, not a short row.
        let mut r = CopyRows::new(&bytes[..bytes.len() - 6]).unwrap();
        assert!(r.next().unwrap() && r.next().unwrap());
        assert!(r.next().is_err());
        // A value of the wrong width.
        let mut r = CopyRows::new(&bytes[..]).unwrap();
        assert!(r.next().unwrap());
        assert!(r.int(0).is_err() && r.flag(1).is_err() && r.int(4).is_err());
    }

    /// A key as a literal reads back as the key, quotes and backslashes included.
    #[test]
    fn keys_become_escape_string_literals() {
        assert_eq!(literal("A1").unwrap(), "E'A1'");
        assert_eq!(literal(r"a'b\c").unwrap(), r"E'a''b\\c'");
        assert!(literal("a\0").is_err());
    }
}
