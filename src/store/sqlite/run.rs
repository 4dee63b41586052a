//! The trigger run's reading side on SQLite (`Ops::account_snapshots`): other connections
//! read and evaluate, each a consistent snapshot of the data as it was before the run (the
//! writer holds the write lock), while the caller's connection writes the cases; a large book
//! is split in two parts evaluated side by side. Accounts are read in id order in batches and
//! merge-joined with their opportunities (packed up front), cases and events.

use std::collections::HashMap;
use std::sync::mpsc::{SyncSender, sync_channel};
use std::time::Duration;

use super::{KeyRange, PackedOpportunities, Store, Tx};
use crate::Result;
use crate::domain::model::Settings;
use crate::domain::trigger::{CaseFacts, InboundEvent, Snapshot, event_key};
use crate::store::{AccountSnapshot, Evaluate, Snapshots};

/// Accounts read and evaluated per batch (in debug builds a few, so that the tests exercise
/// the batches' edges).
const BATCH: usize = if cfg!(debug_assertions) { 5 } else { 4096 };
/// SQLite page cache for a run (KiB): the new cases' index pages stay in memory until the
/// commit instead of spilling to the WAL mid-run.
const CACHE_KIB: i64 = 48 * 1024;
/// Books of more than this many accounts are evaluated in two parts side by side (in debug
/// builds small ones too, so that the tests exercise the split).
const SPLIT_ABOVE: i64 = if cfg!(debug_assertions) { 8 } else { 50_000 };
/// Messages a later part may send ahead of the writer (memory: its results wait).
const AHEAD_BATCHES: usize = 32;
/// A part sends its results once it has this many (or at its end; in debug builds a few, so
/// that the tests exercise the gathering).
const SEND_AT: usize = if cfg!(debug_assertions) { 3 } else { 1024 };
/// SQLite page cache of a reading connection (KiB).
const READER_CACHE_KIB: i64 = 8 * 1024;

/// A part of the accounts, by id: `after < id <= last` (no `last`: to the end).
struct Part {
    after: String,
    last: Option<String>,
    /// The last part evaluates the events that belong to no account.
    last_part: bool,
}

impl Part {
    fn holds(&self, id: &str) -> bool {
        id > self.after.as_str() && self.last.as_deref().is_none_or(|l| id <= l)
    }
}

impl Tx<'_> {
    /// See [`crate::store::Ops::account_snapshots`].
    pub(super) fn snapshots<V: Send + 'static>(
        &self,
        _settings: &Settings,
        eval: Evaluate<V>,
    ) -> Result<Snapshots<V>> {
        self.set_cache_kib(CACHE_KIB)?;
        let parts = self.split()?;
        let ends: Vec<String> = parts.iter().filter_map(|p| p.last.clone()).collect();
        let packs = if parts.len() > 1 {
            self.packed_opportunities_halves(&ends)?
        } else {
            self.packed_opportunities(&ends)?
        };
        let mut readers = Vec::new();
        for (i, (part, opps)) in parts.into_iter().zip(packs).enumerate() {
            // The first part is consumed as it comes; the others may run ahead.
            let bound = if i == 0 { 4 } else { AHEAD_BATCHES };
            let (send, receive) = sync_channel::<Vec<V>>(bound);
            let (path, busy) = (self.path.to_path_buf(), self.busy);
            let eval = eval.clone();
            let handle = std::thread::spawn(move || -> Result<()> {
                read_part(&path, busy, &part, opps, &eval, &send)
            });
            readers.push((receive, handle));
        }
        Ok(Snapshots::from_parts(readers))
    }

    /// See [`crate::store::Ops::account_snapshots_uncommitted`]: the whole book as one part,
    /// read on this connection (which sees this transaction's writes) before returning.
    pub(super) fn snapshots_here<V: Send + 'static>(
        &self,
        _settings: &Settings,
        eval: Evaluate<V>,
    ) -> Result<Snapshots<V>> {
        let part = Part {
            after: String::new(),
            last: None,
            last_part: true,
        };
        let opps = self.packed_opportunities(&[])?.pop().unwrap_or_default();
        // Room for every batch (one per BATCH accounts, the orphan events' one), so that the
        // reading never waits for a consumer that only starts once it has returned.
        let batches = usize::try_from(self.account_count()?).unwrap_or(0) / BATCH + 4;
        let (send, receive) = sync_channel::<Vec<V>>(batches);
        read_part_on(self, &part, opps, &eval, &send)?;
        drop(send);
        let done = std::thread::spawn(|| -> Result<()> { Ok(()) });
        Ok(Snapshots::from_parts(vec![(receive, done)]))
    }

    /// [`Tx::packed_opportunities`] read in two halves side by side: this connection reads
    /// the first half of the table (by opportunity id), another connection (the same data:
    /// this transaction holds the write lock and has written nothing yet) the second.
    fn packed_opportunities_halves(&self, ends: &[String]) -> Result<Vec<PackedOpportunities>> {
        let Some(mid) = self.opportunity_id_middle()? else {
            return self.packed_opportunities(ends);
        };
        let (path, busy) = (self.path.to_path_buf(), self.busy);
        let (second_mid, second_ends) = (mid.clone(), ends.to_vec());
        let second = std::thread::spawn(move || -> Result<Vec<PackedOpportunities>> {
            let mut store = Store::open_existing(&path, busy)?;
            let tx = store.read()?;
            tx.set_cache_kib(READER_CACHE_KIB)?;
            tx.packed_opportunities_in(&second_ends, KeyRange::After(&second_mid))
        });
        let first = self.packed_opportunities_in(ends, KeyRange::UpTo(&mid));
        let second = second
            .join()
            .map_err(|_| crate::Error::Database("a trigger run reader failed".into()))?;
        let mut packs = first?;
        for (pack, more) in packs.iter_mut().zip(second?) {
            pack.append(more);
        }
        Ok(packs)
    }

    /// Splits a large book into two parts evaluated side by side; a small one stays whole.
    fn split(&self) -> Result<Vec<Part>> {
        let whole = |last| Part {
            after: String::new(),
            last,
            last_part: true,
        };
        Ok(match self.account_split(SPLIT_ABOVE)? {
            None => vec![whole(None)],
            Some(mid) => vec![
                Part {
                    last_part: false,
                    ..whole(Some(mid.clone()))
                },
                Part {
                    after: mid,
                    last: None,
                    last_part: true,
                },
            ],
        })
    }
}

/// Reads the part's accounts with their events and cases, in id order and in batches, joins
/// them with the part's opportunities (`opps`), and evaluates them; then the events matched
/// to no account. Stops when the receiver has gone (an error on the writing side).
fn read_part<V>(
    path: &std::path::Path,
    busy: Duration,
    part: &Part,
    opps: PackedOpportunities,
    eval: &Evaluate<V>,
    send: &SyncSender<Vec<V>>,
) -> Result<()> {
    let mut store = Store::open_existing(path, busy)?;
    let tx = store.read()?;
    tx.set_cache_kib(READER_CACHE_KIB)?;
    read_part_on(&tx, part, opps, eval, send)
}

/// [`read_part`] on the transaction `tx` (a reader's, or the writer's own for a plan).
fn read_part_on<V>(
    tx: &Tx<'_>,
    part: &Part,
    mut opps: PackedOpportunities,
    eval: &Evaluate<V>,
    send: &SyncSender<Vec<V>>,
) -> Result<()> {
    // Inbound events by the account they belong to; the rest have no known account.
    let mut events: HashMap<String, Vec<InboundEvent>> = HashMap::new();
    let mut orphans: Vec<InboundEvent> = Vec::new();
    for (e, account) in tx.inbound_events()? {
        match account {
            Some(a) if part.holds(&a) => events.entry(a).or_default().push(e),
            Some(_) => {}
            None if part.last_part => orphans.push(e),
            None => {}
        }
    }

    // Sorted here, on the part's own thread.
    opps.sort();
    let no_events: Vec<InboundEvent> = Vec::new();
    // Reused batch after batch: their strings keep their buffers.
    let (mut accounts, mut cases, mut opp_rows) = (Vec::new(), Vec::new(), Vec::new());
    let mut after = part.after.clone();
    // Results gather over batches until there are enough to send: a part waiting for the parts
    // before it holds a bounded number of messages, and one whose accounts give few results
    // (a run with nothing new: none) is not held back by the number of accounts it read.
    let mut out = Vec::new();
    loop {
        tx.accounts_after_into(&after, BATCH, &mut accounts)?;
        let full = accounts.len() == BATCH;
        // Every id read sorts after `after`: only the part's end can cut the batch short.
        if let Some(end) = &part.last {
            accounts.retain(|a| a.id <= *end);
        }
        let Some(last) = accounts.last().map(|a| a.id.clone()) else {
            break;
        };
        tx.case_facts_between_into(&after, &last, &mut cases)?;
        let mut ci = 0;
        for a in &accounts {
            let n = opps.of_into(&a.id, &mut opp_rows);
            let c = take(&cases, &mut ci, &a.id, |c: &CaseFacts| {
                c.account_id.as_deref().unwrap_or_default()
            });
            let ev = if events.is_empty() {
                None
            } else {
                events.remove(&a.id)
            };
            let snap = Snapshot {
                account: a,
                opportunities: &opp_rows[..n],
                events: ev.as_deref().unwrap_or(&no_events),
                cases: c,
            };
            out.extend(eval(AccountSnapshot::Account(snap)));
        }
        if out.len() >= SEND_AT && send.send(std::mem::take(&mut out)).is_err() {
            return Ok(());
        }
        if !full || accounts.len() < BATCH {
            break;
        }
        after = last;
    }
    // Events whose account is not in the database, or that matched none.
    orphans.extend(events.into_values().flatten());
    orphans.sort_by(|a, b| a.event.id.cmp(&b.event.id));
    for e in &orphans {
        let had = tx.case_id_by_dedup_key(&event_key(&e.event.id))?;
        out.extend(eval(AccountSnapshot::Orphan { event: e, had }));
    }
    let _ = send.send(out);
    Ok(())
}

/// The rows of `items` (sorted by account id) for `id`, advancing `*i` past them.
fn take<'a, T>(items: &'a [T], i: &mut usize, id: &str, key: impl Fn(&T) -> &str) -> &'a [T] {
    while *i < items.len() && key(&items[*i]) < id {
        *i += 1;
    }
    let start = *i;
    while *i < items.len() && key(&items[*i]) == id {
        *i += 1;
    }
    &items[start..*i]
}
