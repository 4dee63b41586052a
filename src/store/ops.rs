//! The boundary between the commands and the engines (docs/store-boundary.md §4): every
//! operation a command needs, one intent each, with domain types only. `sqlite::Tx` and
//! `postgres::Tx` implement [`Ops`]; `store::Tx` dispatches to the engine it holds. Nothing
//! here names an engine trick (cache, index, pragma, copy protocol, lock).
//!
//! Every method takes `&mut self` (PostgreSQL needs it for every query).

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::thread::JoinHandle;

use chrono::{DateTime, NaiveDate, Utc};
use hashbrown::HashMap;

use crate::domain::absence::{Absence, CoverMove};
use crate::domain::account::{Account, Contact, Event, Opportunity};
use crate::domain::case::{Case, HistoryEntry, Priority, Status};
use crate::domain::change::{CaseChange, NewCase};
use crate::domain::holidays::Holiday;
use crate::domain::model::{QueueOrder, Region, Settings};
use crate::domain::notice::Notice;
use crate::domain::opportunity::OpportunityWork;
pub use crate::domain::pick::{PickQuery, PickView};
use crate::domain::picks::PickRecord;
use crate::domain::report::{AgeBucket, ClockStop, SlaGroupBy, VolumeSplit, Window};
use crate::domain::segment::{StandingKey, Tier};
use crate::domain::setting::SettingChange;
use crate::domain::tracking::Change;
use crate::domain::trigger::{CaseFacts, InboundEvent, Snapshot};
use crate::import::Parsed;
use crate::store::{
    Advocate, CaseFilter, ClockRow, HygieneCandidate, Imported, OppFilter, OppGapLink,
};
use crate::{Error, Result};

/// Who is acting, as the database sees it (SPEC §10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// A person with a profile (an advocate, an AE, a manager, staff).
    Profile(Advocate),
    /// A name with no profile: may read; the rules refuse what needs a profile. SQLite: the
    /// `--as` name as given (trimmed). PostgreSQL: the login, when no profile links it.
    NoProfile(String),
}

/// What `apply` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// Written: the row, its history, its clock, its notices, its message.
    Done,
    /// The guard failed (someone else changed or took the case): nothing was written.
    Conflict,
    /// `Guard::Claim`'s cap: the owner already holds `in_progress` In Progress cases; nothing
    /// was written.
    AtCapacity { in_progress: i64 },
}

/// What routing a new case on an account needs (SPEC §3.3).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoutingFacts {
    /// The owner of an open case on the account, with that case's id (oldest first).
    pub open_owner: Option<(String, i64)>,
    /// The account's opportunities (pooled: the AE of an active Upgrade one).
    pub opportunities: Vec<Opportunity>,
}

/// What an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportCounts {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// The key and content hash of the row an import source stands on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowKey {
    pub key: String,
    pub row_hash: i64,
    /// Its line in the input (for a rejection).
    pub line: u64,
}

/// The rows of one import, read by the command (CSV, rejects, `--skip-invalid`) and pulled by
/// the engine, which asks for a row's values only when it needs them (an unchanged row, known
/// by its hash, is never parsed on SQLite).
pub trait ImportRows {
    /// Which table the rows go to.
    fn kind(&self) -> Imported;
    /// Moves to the next row and returns its key; `Ok(None)` at the end. Rows the source
    /// rejects itself (no key, a key seen earlier in the file) are rejected or fail here.
    fn next_row(&mut self) -> Result<Option<RowKey>>;
    /// The current row's values; `Ok(None)` when it is invalid and was rejected
    /// (`--skip-invalid`); `Err` stops the import.
    fn parse(&mut self) -> Result<Option<Parsed>>;
    /// The current row's values if they are valid, without rejecting or failing when they are
    /// not: `None` leaves the row as it was, and `parse` may still be called for it (and then
    /// rejects or fails as usual). An engine that does not know yet whether it needs a row's
    /// values asks this, so that nothing is reported for a row it turns out not to need.
    /// `None` always is a correct answer (the engine then decides before it parses).
    fn parse_quietly(&mut self) -> Option<Parsed> {
        None
    }
    /// The engine refuses the row at `line` (its parent account is not in the database):
    /// `field` had `value`, `expected` says what was wanted. `Ok` when it was rejected
    /// (`--skip-invalid`), else the error that stops the import.
    fn reject(&mut self, line: u64, field: &str, value: Option<&str>, expected: &str)
    -> Result<()>;
    /// The engine will ask for every row's values (a first load; PostgreSQL always), so the
    /// source may validate ahead, on another thread. Called before the first `next_row`.
    fn every_row_parsed(&mut self) {}
}

/// What account tracking returns for an imported account (`domain::tracking::merge_account`):
/// the account to store, its tier, and whether it changed.
pub type Tracked = (Account, Option<Tier>, Change);

/// What a trigger run evaluates: an account with all it reads, or an inbound event that
/// belongs to no account in the database (with the case its key already has, if any).
#[derive(Debug, Clone, Copy)]
pub enum AccountSnapshot<'a> {
    Account(Snapshot<'a>),
    Orphan {
        event: &'a InboundEvent,
        had: Option<i64>,
    },
}

/// The evaluation a trigger run hands the engine: called on the engine's reader threads,
/// possibly several at once, on every snapshot.
pub type Evaluate<V> = Arc<dyn Fn(AccountSnapshot<'_>) -> Vec<V> + Send + Sync>;

/// The results of a trigger run's evaluation, batch by batch, in account id order (orphan
/// events last). Owns its readers: it does not borrow the transaction, so the caller writes
/// between batches. Dropping it stops the readers.
pub struct Snapshots<V> {
    parts: VecDeque<Reader<V>>,
}

/// One reader of a trigger run: its results, and its thread (which returns its error).
pub type Reader<V> = (Receiver<Vec<V>>, JoinHandle<Result<()>>);

impl<V> Snapshots<V> {
    /// Results arriving on `parts`, read one part after the other; each reader thread returns
    /// its error, if any, when its channel is exhausted.
    pub fn from_parts(parts: Vec<Reader<V>>) -> Self {
        Snapshots {
            parts: parts.into(),
        }
    }

    /// The next batch; `Ok(None)` when every reader has finished.
    pub fn next_batch(&mut self) -> Result<Option<Vec<V>>> {
        while let Some((receive, _)) = self.parts.front() {
            if let Ok(batch) = receive.recv() {
                return Ok(Some(batch));
            }
            let (_, handle) = self.parts.pop_front().expect("a front part");
            handle
                .join()
                .map_err(|_| Error::Database("a trigger run reader failed".into()))??;
        }
        Ok(None)
    }
}

/// One value of a copied row (`smb db copy`). Booleans travel as `Int` 0/1; times and dates
/// as their stored text.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// Every operation a command runs on a database, inside one transaction.
pub trait Ops {
    // ---- Session (4.1) ----

    /// The database's model and settings.
    fn settings(&mut self) -> Result<Settings>;
    /// Who `claimed` (`--as`, `SMB_USER`) is here: on PostgreSQL the login decides (SPEC §10).
    fn identity(&mut self, claimed: &str) -> Result<Identity>;
    /// Commits the transaction (dropped without it, the transaction rolls back).
    fn commit(self) -> Result<()>
    where
        Self: Sized;
    /// Checks that the stored data is whole (SQLite: integrity check; PostgreSQL: reachable).
    fn verify(&mut self) -> Result<()>;

    // ---- Reading (4.2) ----

    /// The account with `id`.
    fn account(&mut self, id: &str) -> Result<Option<Account>>;
    /// Whether an account with `id` exists.
    fn account_exists(&mut self, id: &str) -> Result<bool>;
    /// Account ids closest to `id` (for "did you mean"): among the ids sharing the longest
    /// prefix with it (ignoring case), the `limit` nearest by edit distance, then by id.
    fn account_ids_like(&mut self, id: &str, limit: usize) -> Result<Vec<String>>;
    /// The account whose email domain is `domain` (ignoring case), if exactly one.
    fn account_by_domain(&mut self, domain: &str) -> Result<Option<String>>;
    /// How many accounts are stored.
    fn account_count(&mut self) -> Result<i64>;
    /// Whether any account is stored (one key read, where a count reads them all).
    fn has_accounts(&mut self) -> Result<bool>;
    /// Calls `f` on every account (the given ids only, when not empty), in id order, streaming.
    fn for_each_account(
        &mut self,
        ids: &[String],
        f: impl FnMut(Account) -> Result<()>,
    ) -> Result<()>;
    /// Folds every account, reading only what segmenting needs, into one `T` per part of the
    /// book read (SQLite reads a large book in two parts side by side, on this transaction's
    /// snapshot); the caller merges the parts. Accounts come in no particular order.
    fn fold_account_segments<T: Send>(
        &mut self,
        init: impl Fn() -> T + Sync,
        f: impl Fn(&mut T, &Account) + Sync,
    ) -> Result<Vec<T>>;
    /// The accounts counted by region and [`StandingKey`] (`tier --summary`), when the engine
    /// keeps these counts, they are up to date and were counted under `basis`
    /// (`domain::segment::standing_basis`); `None` otherwise (SQLite always): the caller
    /// then folds every account.
    fn kept_standings(&mut self, basis: &str) -> Result<Option<Vec<(Region, StandingKey, u64)>>>;
    /// The contact with `id`.
    fn contact(&mut self, id: &str) -> Result<Option<Contact>>;
    /// The contact with `email` (ignoring case).
    fn contact_by_email(&mut self, email: &str) -> Result<Option<Contact>>;
    /// The opportunity with `id`.
    fn opportunity(&mut self, id: &str) -> Result<Option<Opportunity>>;
    /// The opportunities of an account.
    fn opportunities_of(&mut self, account_id: &str) -> Result<Vec<Opportunity>>;
    /// The opportunities owned by `owner` (ignoring case).
    fn opportunities_owned_by(&mut self, owner: &str) -> Result<Vec<Opportunity>>;
    /// Every opportunity with an owner.
    fn owned_opportunities(&mut self) -> Result<Vec<Opportunity>>;
    /// What smb knows of opportunity `id` beyond the CRM's columns (all empty when nothing),
    /// its `case_id` the case it was created from, else the newest case that names it.
    fn opportunity_work(&mut self, id: &str) -> Result<OpportunityWork>;
    /// Stores an opportunity smb creates (SPEC §11.1) under a fresh `SMB-OPP-n` id that no
    /// stored opportunity has (`o.id` is ignored), with `work` (marked for export at
    /// `work.changed_at`); returns it as stored.
    fn create_opportunity(
        &mut self,
        o: &Opportunity,
        work: &OpportunityWork,
    ) -> Result<Opportunity>;
    /// Writes smb's change of an existing opportunity and its work (with the export mark);
    /// the next import of its id compares values and replaces smb's (the CRM wins).
    fn save_opportunity(&mut self, o: &Opportunity, work: &OpportunityWork) -> Result<()>;
    /// The opportunities `filter` selects, by id.
    fn opportunity_list(&mut self, filter: &OppFilter) -> Result<Vec<Opportunity>>;
    /// The stored opportunity ids that start like `id` (ignoring case; see
    /// `domain::opportunity::id_prefix_for_near`), for "did you mean".
    fn opportunity_ids_like(&mut self, id: &str) -> Result<Vec<String>>;
    /// The opportunities linked to case `case_id`: the one its `opportunity_id` names and the
    /// ones created from it, by id.
    fn case_opportunities(&mut self, case_id: i64) -> Result<Vec<Opportunity>>;
    /// The opportunities smb created or changed that no import has carried since (marked),
    /// marked at or after `since`, by id.
    fn marked_opportunities(&mut self, since: Option<DateTime<Utc>>) -> Result<Vec<Opportunity>>;
    /// Every case with a linked opportunity that may have a Required 10 opportunity gap (the
    /// case is open, or the opportunity won), with the account's GitLab admin; the domain
    /// decides the gaps.
    fn opportunity_gap_links(&mut self) -> Result<Vec<OppGapLink>>;
    /// The event with `id`.
    fn event(&mut self, id: &str) -> Result<Option<Event>>;
    /// The profile named `name` (ignoring case and surrounding spaces).
    fn advocate(&mut self, name: &str) -> Result<Option<Advocate>>;
    /// Every profile, by name.
    fn advocates(&mut self) -> Result<Vec<Advocate>>;
    /// The case with `id`.
    fn case(&mut self, id: i64) -> Result<Option<Case>>;
    /// The cases `filter` selects.
    fn cases(&mut self, filter: &CaseFilter) -> Result<Vec<Case>>;
    /// A case's history, oldest first.
    fn history(&mut self, case_id: i64) -> Result<Vec<HistoryEntry>>;
    /// Every case with a history entry written after `at`, with its whole history oldest
    /// first, by id: the cases `--as-of at` rebuilds (the others stand as they stood then).
    fn cases_changed_after(&mut self, at: DateTime<Utc>) -> Result<Vec<(Case, Vec<HistoryEntry>)>>;
    /// The visible Open unowned cases of the stored queue values `queues` on `today`, in
    /// `order`, at most `limit`.
    fn queue(
        &mut self,
        queues: &[String],
        order: QueueOrder,
        today: NaiveDate,
        limit: Option<usize>,
    ) -> Result<Vec<Case>>;
    /// The earliest day after `today` a deferred case of `queues` comes back.
    fn next_deferred(&mut self, queues: &[String], today: NaiveDate) -> Result<Option<NaiveDate>>;
    /// The touches logged on a case (`smb case log`) at or after `since`, oldest first, as
    /// (time, `email` or `call`).
    fn touches_since(
        &mut self,
        case_id: i64,
        since: DateTime<Utc>,
    ) -> Result<Vec<(DateTime<Utc>, String)>>;
    /// Whether the account's High Value case was closed `Request Not Possible` (suppressed).
    fn high_value_suppressed(&mut self, account_id: &str) -> Result<bool>;
    /// What the trigger evaluator needs of every case on an account.
    fn case_facts_of(&mut self, account_id: &str) -> Result<Vec<CaseFacts>>;
    /// The id of the case with dedup key `key`.
    fn case_id_by_dedup_key(&mut self, key: &str) -> Result<Option<i64>>;
    /// What routing a new case on `account_id` needs.
    fn routing_facts(&mut self, account_id: &str) -> Result<RoutingFacts>;
    /// The queues that hold cases (stored values, e.g. `AMER`, `AMER,EMEA`, an AE's pool).
    fn stored_queue_names(&mut self) -> Result<Vec<String>>;
    /// The time zone on `name`'s profile.
    fn advocate_time_zone(&mut self, name: &str) -> Result<Option<String>>;
    /// The notices `recipient` (ignoring case) has not seen, oldest first.
    fn unseen_notices(&mut self, recipient: &str) -> Result<Vec<Notice>>;
    /// Whether `recipient` has unseen notices about case `case_id`.
    fn has_unseen_notices(&mut self, case_id: i64, recipient: &str) -> Result<bool>;

    // ---- Writing a case (4.3) ----

    /// Reads what a pick decides on, locking what the claim will need (see `PickView`).
    fn pick_view(&mut self, q: &PickQuery) -> Result<PickView>;
    /// Writes a change if its guard holds: row, history, clock, message, notices, or nothing.
    fn apply(&mut self, change: &CaseChange) -> Result<Applied>;
    /// Creates each case unless a case with its dedup key exists (then `None`), applying its
    /// roll-over first; history, first clock and routed notice follow `case::creation_history`.
    fn create_cases(&mut self, cases: &[NewCase]) -> Result<Vec<Option<Case>>>;
    /// The case one of `message_ids` (an email's In-Reply-To and References) is attached to.
    fn thread_of(&mut self, message_ids: &[String]) -> Result<Option<Case>>;
    /// Marks `recipient`'s notices about `case_id` seen at `at`; returns how many.
    fn mark_notices_seen(
        &mut self,
        case_id: i64,
        recipient: &str,
        at: DateTime<Utc>,
    ) -> Result<usize>;

    // ---- The trigger run (4.4) ----

    /// Starts a trigger run in this write transaction; refuses at once while another runs.
    fn begin_trigger_run(&mut self) -> Result<()>;
    /// Streams every account with its open opportunities, cases and inbound events, then the
    /// events of no account, as the data stood when the run began, through `eval` on the
    /// engine's own readers; the results come back batch by batch without borrowing `self`.
    fn account_snapshots<V: Send + 'static>(
        &mut self,
        settings: &Settings,
        eval: Evaluate<V>,
    ) -> Result<Snapshots<V>>;
    /// `account_snapshots` read and evaluated on this transaction itself, before it returns,
    /// so that what the transaction wrote and has not committed is seen: an import plan
    /// (`smb import --plan`, SPEC §12) runs the trigger run on the import it will roll back.
    /// The same snapshots in the same order; the results are held in memory.
    fn account_snapshots_uncommitted<V: Send + 'static>(
        &mut self,
        settings: &Settings,
        eval: Evaluate<V>,
    ) -> Result<Snapshots<V>>;

    // ---- Import (4.5) ----

    /// Imports `rows` into their table: new keys inserted, changed rows (by hash, then by
    /// value) replaced, accounts merged through `track` with the stored row when there is one.
    fn import(
        &mut self,
        rows: &mut dyn ImportRows,
        track: &dyn Fn(Option<&Account>, Account) -> Tracked,
    ) -> Result<ImportCounts>;
    /// Records an import and its counts (inserted, updated, unchanged, rejected).
    fn record_import(
        &mut self,
        kind: &str,
        source: &str,
        at: DateTime<Utc>,
        actor: &str,
        counts: [u64; 4],
    ) -> Result<()>;

    // ---- Reports (4.6) ----

    /// Calls `f` with each SLA clock in `window` (group key, owner, priority, how it stopped,
    /// start, stop or `now`).
    fn for_each_sla_clock(
        &mut self,
        by: SlaGroupBy,
        window: &Window,
        now: DateTime<Utc>,
        f: impl FnMut(&str, Option<&str>, Priority, Option<ClockStop>, DateTime<Utc>, DateTime<Utc>),
    ) -> Result<()>;
    /// Every account's region.
    fn account_regions(&mut self) -> Result<HashMap<String, Region>>;
    /// The SLA clocks in `window`, one row each.
    fn sla_clock_rows(
        &mut self,
        by: SlaGroupBy,
        window: &Window,
        now: DateTime<Utc>,
    ) -> Result<Vec<ClockRow>>;
    /// Open cases counted by status, past target, and age bucket.
    fn aging_counts(
        &mut self,
        target_cutoff: NaiveDate,
        limit_cutoff: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<(Status, bool, AgeBucket, u64)>>;
    /// Open and In Progress cases (High Value Account cases apart) aged from before `cutoff`,
    /// oldest first.
    fn cases_aged_before(&mut self, cutoff: NaiveDate) -> Result<Vec<Case>>;
    /// Per owner of Open or In Progress cases: (owner, In Progress, Open assigned, open High
    /// Value Account cases).
    fn owner_loads(&mut self) -> Result<Vec<(String, u64, u64, u64)>>;
    /// The cases `report hygiene` inspects, with their contact and close date (see the SQLite
    /// implementation for which); the domain decides the gaps.
    fn hygiene_candidates(
        &mut self,
        today: NaiveDate,
        over_capacity: &[String],
    ) -> Result<Vec<HygieneCandidate>>;
    /// Cases created in `window` counted per month (`YYYY-MM`) and, when split, per category or
    /// trigger, in month order.
    fn volume(
        &mut self,
        split: Option<VolumeSplit>,
        window: &Window,
    ) -> Result<Vec<(String, Option<String>, u64)>>;
    /// The cases created by any of `names` in `window`.
    fn cases_created_by(&mut self, names: &[String], window: &Window) -> Result<Vec<Case>>;
    /// The `escalated` history entries written in `window` with their case ids, oldest first
    /// (`smb report escalations`).
    fn escalations(&mut self, window: &Window) -> Result<Vec<(i64, HistoryEntry)>>;
    /// The picks (a claim's `picked` status entry) and transfers at pick written in `window`,
    /// oldest first, each with the start of the SLA clock it stopped (`smb report picks`).
    fn pick_records(&mut self, window: &Window) -> Result<Vec<PickRecord>>;

    // ---- Calendars and settings (SPEC §11.4) ----

    /// Adds each holiday (a day already there takes the new name); returns how many were new.
    fn put_holidays(&mut self, holidays: &[Holiday]) -> Result<u64>;
    /// Removes `region`'s holiday on `day`; returns whether there was one.
    fn remove_holiday(&mut self, region: Region, day: NaiveDate) -> Result<bool>;
    /// Stores a setting's new value and appends the change to the settings log.
    fn put_setting(&mut self, change: &SettingChange) -> Result<()>;
    /// The settings log, oldest first.
    fn settings_log(&mut self) -> Result<Vec<SettingChange>>;
    /// Whether the session owns the database: on PostgreSQL the login owns it (the
    /// operations account); SQLite has no logins, so no session does (its file's permissions
    /// are the protection, and `--as` is taken as given).
    fn owns_database(&mut self) -> Result<bool>;

    // ---- Administration (4.7) ----

    /// Adds or updates a profile (`login`: the PostgreSQL login it links); returns whether it
    /// existed.
    fn put_advocate(&mut self, a: &Advocate, login: Option<&str>) -> Result<bool>;
    /// Sets (or clears) the time zone on `name`'s profile.
    fn set_advocate_time_zone(&mut self, name: &str, tz: Option<&str>) -> Result<()>;
    /// How many rows `table` (one of smb's, a constant) holds.
    fn count_rows(&mut self, table: &'static str) -> Result<u64>;
    /// Calls `f` with every row of `table`, the values of `columns` in order, by primary key.
    fn copy_out(
        &mut self,
        table: &'static str,
        columns: &'static [&'static str],
        f: &mut dyn FnMut(Vec<Cell>) -> Result<()>,
    ) -> Result<u64>;
    /// Inserts `rows` (values of `columns` in order, ids kept) into `table`; returns how many.
    fn copy_in(
        &mut self,
        table: &'static str,
        columns: &'static [&'static str],
        rows: &mut dyn Iterator<Item = Result<Vec<Cell>>>,
    ) -> Result<u64>;

    // ---- Absence cover (SPEC §11.5) ----

    /// Every absence not ended by `smb advocate back`, by start then id.
    fn absences(&mut self) -> Result<Vec<Absence>>;
    /// Records an absence (its `id` is ignored); returns its id.
    fn put_absence(&mut self, a: &Absence) -> Result<i64>;
    /// Ends absence `id` at `at` by `by` (`smb advocate back`); false when it was already ended.
    fn end_absence(&mut self, id: i64, at: DateTime<Utc>, by: &str) -> Result<bool>;
    /// Records the cases a plan moved to covers for absence `absence_id`.
    fn record_cover_moves(&mut self, absence_id: i64, moves: &[CoverMove]) -> Result<()>;
    /// The cases a plan moved for absence `absence_id`, in the order recorded.
    fn cover_moves(&mut self, absence_id: i64) -> Result<Vec<CoverMove>>;
}
