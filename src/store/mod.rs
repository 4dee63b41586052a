//! Storage: two engines behind one boundary (docs/store-boundary.md). Commands hold a
//! [`Store`] and a [`Tx`] and call the [`Ops`] trait; which engine answers is decided by the
//! [`DbName`] `--db` gives. Engine types never leave `sqlite/` and `postgres/`, and every SQL
//! statement takes parameters, never input text.

pub mod copy;
mod name;
pub mod ops;
pub(crate) mod owners;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod schema;
pub(crate) mod settings;
pub mod sqlite;
mod url;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

pub use crate::domain::people::{Advocate, Role};
pub use name::DbName;
pub use ops::{
    AccountSnapshot, Applied, Cell, Evaluate, Identity, ImportCounts, ImportRows, Ops, PickQuery,
    PickView, RoutingFacts, RowKey, Snapshots, Tracked,
};
pub use sqlite::lock_wait;
pub use url::{is_postgres_url, redact_url};

#[cfg(not(feature = "postgres"))]
use crate::Error;
use crate::Result;
use crate::domain::case::{Case, Priority};
use crate::domain::model::{Region, Settings};
use crate::domain::report::ClockStop;

/// How long a command waits for a lock held by another connection before giving up, by
/// default (`SMB_BUSY_TIMEOUT` seconds changes it).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The longest busy timeout accepted: a day.
pub const MAX_BUSY_TIMEOUT: Duration = Duration::from_secs(86_400);

/// Parses a busy timeout in seconds (`SMB_BUSY_TIMEOUT`): a number from 0 to 86400.
pub fn parse_busy_timeout(s: &str) -> Option<Duration> {
    let secs = s.trim().parse::<f64>().ok()?;
    (secs.is_finite() && (0.0..=MAX_BUSY_TIMEOUT.as_secs_f64()).contains(&secs))
        .then(|| Duration::from_secs_f64(secs))
}

/// Stored form of a timestamp: RFC 3339 UTC with whole seconds, fixed width, so that text
/// order is time order (both engines).
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The tables an import writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    Accounts,
    Opportunities,
    Contacts,
    Events,
}

/// Which cases a listing wants.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub owner: Option<String>,
    pub account_id: Option<String>,
    pub open_only: bool,
}

/// One SLA clock with what `report sla` needs to measure it in Rust (pooled).
#[derive(Debug, Clone)]
pub struct ClockRow {
    /// The group value (`''` for no owner / no region; unused for `--by priority`).
    pub group: String,
    pub priority: Priority,
    pub queue: Option<String>,
    pub started_at: DateTime<Utc>,
    pub stopped_at: Option<DateTime<Utc>>,
    pub stopped_by: Option<ClockStop>,
    /// The clock's case (`report sla --as-of` puts its owner back).
    pub case_id: i64,
}

/// Which opportunities `smb opp list` wants.
#[derive(Debug, Clone, Default)]
pub struct OppFilter {
    pub account_id: Option<String>,
    /// Owned by (ignoring case).
    pub owner: Option<String>,
}

/// A case and an opportunity linked to it, and whether some opportunity of the account
/// records a GitLab admin added (`report hygiene`, SPEC §11.1).
pub type OppGapLink = (Case, crate::domain::account::Opportunity, bool);

/// A case that may have a Required 10 gap, with its opportunity's stage and close date.
pub type HygieneCandidate = (Case, Option<String>, Option<NaiveDate>);

/// An open smb database, on either engine.
pub enum Store {
    Sqlite(sqlite::Store),
    #[cfg(feature = "postgres")]
    /// Boxed: a PostgreSQL connection is much larger than an SQLite one.
    Postgres(Box<postgres::Store>),
}

/// One transaction on either engine: every command runs in exactly one. Dropped without
/// [`Ops::commit`], it rolls back and leaves the database as it was.
pub enum Tx<'a> {
    Sqlite(sqlite::Tx<'a>),
    #[cfg(feature = "postgres")]
    Postgres(postgres::Tx<'a>),
}

impl Store {
    /// Opens an existing database (as [`Store::open`] without `create`) for `claimed`, the
    /// person the command says acts (`--as`, `SMB_USER`, ...). On PostgreSQL the claim rides
    /// in the startup packet and the schema check in the first transaction's first round trip
    /// ([`postgres::Store::open_existing_as`]): the first transaction reads who acts, their
    /// time zone and the schema's version with `BEGIN`.
    pub fn open_as(db: &DbName, claimed: &str, busy: Duration) -> Result<Store> {
        match db {
            #[cfg(feature = "postgres")]
            DbName::Postgres(url) => Ok(Store::Postgres(Box::new(
                postgres::Store::open_existing_as(url, busy, claimed)?,
            ))),
            _ => {
                let _ = claimed;
                Ok(Store::open(
                    db,
                    false,
                    &Settings::new(crate::domain::model::Model::Digital),
                    busy,
                )?
                .0)
            }
        }
    }

    /// Opens the database `db` names, migrating it forward. With `create`, a missing database
    /// (an absent or empty file; a PostgreSQL database without smb's schema) is created with
    /// `new_settings`; without it, it is refused (exit 1) and nothing is created (SPEC §9: only
    /// `init`, `import`, `advocate add` and `demo` create one). Returns whether it was created.
    pub fn open(
        db: &DbName,
        create: bool,
        new_settings: &Settings,
        busy: Duration,
    ) -> Result<(Store, bool)> {
        match db {
            DbName::File(path) if create => {
                let (s, created) = sqlite::Store::open_with_timeout(path, new_settings, busy)?;
                Ok((Store::Sqlite(s), created))
            }
            DbName::File(path) => Ok((
                Store::Sqlite(sqlite::Store::open_existing(path, busy)?),
                false,
            )),
            #[cfg(feature = "postgres")]
            DbName::Postgres(url) if create => {
                let (s, created) = postgres::Store::open(url, new_settings, busy)?;
                Ok((Store::Postgres(Box::new(s)), created))
            }
            #[cfg(feature = "postgres")]
            DbName::Postgres(url) => Ok((
                Store::Postgres(Box::new(postgres::Store::open_existing(url, busy)?)),
                false,
            )),
            #[cfg(not(feature = "postgres"))]
            DbName::Postgres(url) => Err(Error::invalid(format!(
                "--db {}: this smb was built without PostgreSQL (the `postgres` feature)",
                redact_url(url)
            ))),
        }
    }

    /// A write transaction (SQLite: BEGIN IMMEDIATE, the write lock up front).
    pub fn write(&mut self) -> Result<Tx<'_>> {
        Ok(match self {
            Store::Sqlite(s) => Tx::Sqlite(s.write()?),
            #[cfg(feature = "postgres")]
            Store::Postgres(s) => Tx::Postgres(s.write()?),
        })
    }

    /// A read transaction: one consistent snapshot.
    pub fn read(&mut self) -> Result<Tx<'_>> {
        Ok(match self {
            Store::Sqlite(s) => Tx::Sqlite(s.read()?),
            #[cfg(feature = "postgres")]
            Store::Postgres(s) => Tx::Postgres(s.read()?),
        })
    }

    /// Shares `flag`: every commit on this store sets it (the command line then knows, when
    /// writing the output fails, that the change was saved).
    pub fn report_commits_to(&mut self, flag: Arc<AtomicBool>) {
        match self {
            Store::Sqlite(s) => s.report_commits_to(flag),
            #[cfg(feature = "postgres")]
            Store::Postgres(s) => s.report_commits_to(flag),
        }
    }

    /// Whether the database was opened read-only (an SQLite file or folder that cannot be
    /// written).
    pub fn is_read_only(&self) -> bool {
        match self {
            Store::Sqlite(s) => s.is_read_only(),
            #[cfg(feature = "postgres")]
            Store::Postgres(_) => false,
        }
    }

    /// The database as messages show it: the file, or `postgres://USER@HOST:PORT/DATABASE`
    /// (never a password).
    pub fn shown(&self) -> String {
        match self {
            Store::Sqlite(s) => s.path().display().to_string(),
            #[cfg(feature = "postgres")]
            Store::Postgres(s) => s.shown(),
        }
    }

    /// The database file, for an SQLite database.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Store::Sqlite(s) => Some(s.path()),
            #[cfg(feature = "postgres")]
            Store::Postgres(_) => None,
        }
    }
}

/// `match` over the engines, binding the engine's transaction to `$t`.
macro_rules! dispatch {
    ($self:ident, $t:ident => $e:expr) => {
        match $self {
            Tx::Sqlite($t) => $e,
            #[cfg(feature = "postgres")]
            Tx::Postgres($t) => $e,
        }
    };
}

impl Tx<'_> {
    /// Every inbound event with the account it belongs to (its own, its contact's, else the
    /// one account of its email's domain), by event id (`trigger explain`).
    pub fn inbound_events(
        &mut self,
    ) -> Result<Vec<(crate::domain::trigger::InboundEvent, Option<String>)>> {
        match self {
            Tx::Sqlite(t) => t.inbound_events(),
            #[cfg(feature = "postgres")]
            Tx::Postgres(t) => postgres::triggers::inbound_events(t.client),
        }
    }
}

impl Tx<'_> {
    /// The profile `name` names when it differs from the profile's name only in the case of
    /// letters beyond ASCII (`ZOË` for `Zoë`). Both engines compare names in SQL folding ASCII
    /// only (SQLite's NOCASE, PostgreSQL's `lower()` under "C"); a name typed on the command
    /// line is then matched by the one rule of [`crate::domain::people::same_person`]. An
    /// ASCII name needs no second look: SQL has answered it.
    fn unicode_namesake(&mut self, name: &str) -> Result<Option<Advocate>> {
        if name.is_ascii() {
            return Ok(None);
        }
        Ok(dispatch!(self, t => Ops::advocates(t))?
            .into_iter()
            .find(|a| crate::domain::people::same_person(&a.name, name)))
    }
}

impl Ops for Tx<'_> {
    fn settings(&mut self) -> Result<Settings> {
        dispatch!(self, t => Ops::settings(t))
    }
    fn identity(&mut self, claimed: &str) -> Result<Identity> {
        match dispatch!(self, t => t.identity(claimed))? {
            Identity::NoProfile(name) => match self.unicode_namesake(&name)? {
                Some(profile) => dispatch!(self, t => t.identity(&profile.name)),
                None => Ok(Identity::NoProfile(name)),
            },
            found => Ok(found),
        }
    }
    fn commit(self) -> Result<()> {
        dispatch!(self, t => Ops::commit(t))
    }
    fn verify(&mut self) -> Result<()> {
        dispatch!(self, t => t.verify())
    }
    fn account(&mut self, id: &str) -> Result<Option<crate::domain::account::Account>> {
        dispatch!(self, t => Ops::account(t, id))
    }
    fn account_exists(&mut self, id: &str) -> Result<bool> {
        dispatch!(self, t => Ops::account_exists(t, id))
    }
    fn account_ids_like(&mut self, id: &str, limit: usize) -> Result<Vec<String>> {
        dispatch!(self, t => Ops::account_ids_like(t, id, limit))
    }
    fn account_by_domain(&mut self, domain: &str) -> Result<Option<String>> {
        dispatch!(self, t => Ops::account_by_domain(t, domain))
    }
    fn account_count(&mut self) -> Result<i64> {
        dispatch!(self, t => Ops::account_count(t))
    }
    fn has_accounts(&mut self) -> Result<bool> {
        dispatch!(self, t => Ops::has_accounts(t))
    }
    fn for_each_account(
        &mut self,
        ids: &[String],
        f: impl FnMut(crate::domain::account::Account) -> Result<()>,
    ) -> Result<()> {
        dispatch!(self, t => Ops::for_each_account(t, ids, f))
    }
    fn fold_account_segments<T: Send>(
        &mut self,
        init: impl Fn() -> T + Sync,
        f: impl Fn(&mut T, &crate::domain::account::Account) + Sync,
    ) -> Result<Vec<T>> {
        dispatch!(self, t => Ops::fold_account_segments(t, init, f))
    }
    fn kept_standings(
        &mut self,
        basis: &str,
    ) -> Result<
        Option<
            Vec<(
                crate::domain::model::Region,
                crate::domain::segment::StandingKey,
                u64,
            )>,
        >,
    > {
        dispatch!(self, t => Ops::kept_standings(t, basis))
    }
    fn contact(&mut self, id: &str) -> Result<Option<crate::domain::account::Contact>> {
        dispatch!(self, t => Ops::contact(t, id))
    }
    fn contact_by_email(&mut self, email: &str) -> Result<Option<crate::domain::account::Contact>> {
        dispatch!(self, t => Ops::contact_by_email(t, email))
    }
    fn opportunity(&mut self, id: &str) -> Result<Option<crate::domain::account::Opportunity>> {
        dispatch!(self, t => Ops::opportunity(t, id))
    }
    fn opportunities_of(
        &mut self,
        account_id: &str,
    ) -> Result<Vec<crate::domain::account::Opportunity>> {
        dispatch!(self, t => Ops::opportunities_of(t, account_id))
    }
    fn opportunities_owned_by(
        &mut self,
        owner: &str,
    ) -> Result<Vec<crate::domain::account::Opportunity>> {
        dispatch!(self, t => Ops::opportunities_owned_by(t, owner))
    }
    fn owned_opportunities(&mut self) -> Result<Vec<crate::domain::account::Opportunity>> {
        dispatch!(self, t => Ops::owned_opportunities(t))
    }
    fn opportunity_work(
        &mut self,
        id: &str,
    ) -> Result<crate::domain::opportunity::OpportunityWork> {
        dispatch!(self, t => Ops::opportunity_work(t, id))
    }
    fn create_opportunity(
        &mut self,
        o: &crate::domain::account::Opportunity,
        work: &crate::domain::opportunity::OpportunityWork,
    ) -> Result<crate::domain::account::Opportunity> {
        dispatch!(self, t => Ops::create_opportunity(t, o, work))
    }
    fn save_opportunity(
        &mut self,
        o: &crate::domain::account::Opportunity,
        work: &crate::domain::opportunity::OpportunityWork,
    ) -> Result<()> {
        dispatch!(self, t => Ops::save_opportunity(t, o, work))
    }
    fn opportunity_list(
        &mut self,
        filter: &OppFilter,
    ) -> Result<Vec<crate::domain::account::Opportunity>> {
        dispatch!(self, t => Ops::opportunity_list(t, filter))
    }
    fn opportunity_ids_like(&mut self, id: &str) -> Result<Vec<String>> {
        dispatch!(self, t => Ops::opportunity_ids_like(t, id))
    }
    fn case_opportunities(
        &mut self,
        case_id: i64,
    ) -> Result<Vec<crate::domain::account::Opportunity>> {
        dispatch!(self, t => Ops::case_opportunities(t, case_id))
    }
    fn marked_opportunities(
        &mut self,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<crate::domain::account::Opportunity>> {
        dispatch!(self, t => Ops::marked_opportunities(t, since))
    }
    fn opportunity_gap_links(&mut self) -> Result<Vec<OppGapLink>> {
        dispatch!(self, t => Ops::opportunity_gap_links(t))
    }
    fn event(&mut self, id: &str) -> Result<Option<crate::domain::account::Event>> {
        dispatch!(self, t => Ops::event(t, id))
    }
    fn advocate(&mut self, name: &str) -> Result<Option<Advocate>> {
        match dispatch!(self, t => Ops::advocate(t, name))? {
            Some(a) => Ok(Some(a)),
            None => self.unicode_namesake(name),
        }
    }
    fn advocates(&mut self) -> Result<Vec<Advocate>> {
        dispatch!(self, t => Ops::advocates(t))
    }
    fn case(&mut self, id: i64) -> Result<Option<Case>> {
        dispatch!(self, t => Ops::case(t, id))
    }
    fn cases(&mut self, filter: &CaseFilter) -> Result<Vec<Case>> {
        dispatch!(self, t => Ops::cases(t, filter))
    }
    fn history(&mut self, case_id: i64) -> Result<Vec<crate::domain::case::HistoryEntry>> {
        dispatch!(self, t => Ops::history(t, case_id))
    }
    fn cases_changed_after(
        &mut self,
        at: DateTime<Utc>,
    ) -> Result<Vec<(Case, Vec<crate::domain::case::HistoryEntry>)>> {
        dispatch!(self, t => t.cases_changed_after(at))
    }
    fn queue(
        &mut self,
        queues: &[String],
        order: crate::domain::model::QueueOrder,
        today: NaiveDate,
        limit: Option<usize>,
    ) -> Result<Vec<Case>> {
        dispatch!(self, t => t.queue(queues, order, today, limit))
    }
    fn next_deferred(&mut self, queues: &[String], today: NaiveDate) -> Result<Option<NaiveDate>> {
        dispatch!(self, t => Ops::next_deferred(t, queues, today))
    }
    fn touches_since(
        &mut self,
        case_id: i64,
        since: DateTime<Utc>,
    ) -> Result<Vec<(DateTime<Utc>, String)>> {
        dispatch!(self, t => Ops::touches_since(t, case_id, since))
    }
    fn high_value_suppressed(&mut self, account_id: &str) -> Result<bool> {
        dispatch!(self, t => Ops::high_value_suppressed(t, account_id))
    }
    fn case_facts_of(
        &mut self,
        account_id: &str,
    ) -> Result<Vec<crate::domain::trigger::CaseFacts>> {
        dispatch!(self, t => Ops::case_facts_of(t, account_id))
    }
    fn case_id_by_dedup_key(&mut self, key: &str) -> Result<Option<i64>> {
        dispatch!(self, t => Ops::case_id_by_dedup_key(t, key))
    }
    fn routing_facts(&mut self, account_id: &str) -> Result<RoutingFacts> {
        dispatch!(self, t => t.routing_facts(account_id))
    }
    fn stored_queue_names(&mut self) -> Result<Vec<String>> {
        dispatch!(self, t => Ops::stored_queue_names(t))
    }
    fn advocate_time_zone(&mut self, name: &str) -> Result<Option<String>> {
        dispatch!(self, t => Ops::advocate_time_zone(t, name))
    }
    fn unseen_notices(&mut self, recipient: &str) -> Result<Vec<crate::domain::notice::Notice>> {
        dispatch!(self, t => Ops::unseen_notices(t, recipient))
    }
    fn has_unseen_notices(&mut self, case_id: i64, recipient: &str) -> Result<bool> {
        dispatch!(self, t => Ops::has_unseen_notices(t, case_id, recipient))
    }
    fn pick_view(&mut self, q: &PickQuery) -> Result<PickView> {
        dispatch!(self, t => t.pick_view(q))
    }
    fn apply(&mut self, change: &crate::domain::change::CaseChange) -> Result<Applied> {
        dispatch!(self, t => t.apply(change))
    }
    fn create_cases(
        &mut self,
        cases: &[crate::domain::change::NewCase],
    ) -> Result<Vec<Option<Case>>> {
        dispatch!(self, t => t.create_cases(cases))
    }
    fn thread_of(&mut self, message_ids: &[String]) -> Result<Option<Case>> {
        dispatch!(self, t => t.thread_of(message_ids))
    }
    fn mark_notices_seen(
        &mut self,
        case_id: i64,
        recipient: &str,
        at: DateTime<Utc>,
    ) -> Result<usize> {
        dispatch!(self, t => Ops::mark_notices_seen(t, case_id, recipient, at))
    }
    fn begin_trigger_run(&mut self) -> Result<()> {
        dispatch!(self, t => t.begin_trigger_run())
    }
    fn account_snapshots<V: Send + 'static>(
        &mut self,
        settings: &Settings,
        eval: Evaluate<V>,
    ) -> Result<Snapshots<V>> {
        dispatch!(self, t => t.account_snapshots(settings, eval))
    }
    fn account_snapshots_uncommitted<V: Send + 'static>(
        &mut self,
        settings: &Settings,
        eval: Evaluate<V>,
    ) -> Result<Snapshots<V>> {
        dispatch!(self, t => t.account_snapshots_uncommitted(settings, eval))
    }
    fn import(
        &mut self,
        rows: &mut dyn ImportRows,
        track: &dyn Fn(
            Option<&crate::domain::account::Account>,
            crate::domain::account::Account,
        ) -> Tracked,
    ) -> Result<ImportCounts> {
        dispatch!(self, t => t.import(rows, track))
    }
    fn record_import(
        &mut self,
        kind: &str,
        source: &str,
        at: DateTime<Utc>,
        actor: &str,
        counts: [u64; 4],
    ) -> Result<()> {
        dispatch!(self, t => Ops::record_import(t, kind, source, at, actor, counts))
    }
    fn for_each_sla_clock(
        &mut self,
        by: crate::domain::report::SlaGroupBy,
        window: &crate::domain::report::Window,
        now: DateTime<Utc>,
        f: impl FnMut(&str, Option<&str>, Priority, Option<ClockStop>, DateTime<Utc>, DateTime<Utc>),
    ) -> Result<()> {
        dispatch!(self, t => Ops::for_each_sla_clock(t, by, window, now, f))
    }
    fn account_regions(&mut self) -> Result<hashbrown::HashMap<String, Region>> {
        dispatch!(self, t => Ops::account_regions(t))
    }
    fn sla_clock_rows(
        &mut self,
        by: crate::domain::report::SlaGroupBy,
        window: &crate::domain::report::Window,
        now: DateTime<Utc>,
    ) -> Result<Vec<ClockRow>> {
        dispatch!(self, t => Ops::sla_clock_rows(t, by, window, now))
    }
    fn aging_counts(
        &mut self,
        target_cutoff: NaiveDate,
        limit_cutoff: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<
        Vec<(
            crate::domain::case::Status,
            bool,
            crate::domain::report::AgeBucket,
            u64,
        )>,
    > {
        dispatch!(self, t => Ops::aging_counts(t, target_cutoff, limit_cutoff, now))
    }
    fn cases_aged_before(&mut self, cutoff: NaiveDate) -> Result<Vec<Case>> {
        dispatch!(self, t => Ops::cases_aged_before(t, cutoff))
    }
    fn owner_loads(&mut self) -> Result<Vec<(String, u64, u64, u64)>> {
        dispatch!(self, t => Ops::owner_loads(t))
    }
    fn hygiene_candidates(
        &mut self,
        today: NaiveDate,
        over_capacity: &[String],
    ) -> Result<Vec<HygieneCandidate>> {
        dispatch!(self, t => Ops::hygiene_candidates(t, today, over_capacity))
    }
    fn volume(
        &mut self,
        split: Option<crate::domain::report::VolumeSplit>,
        window: &crate::domain::report::Window,
    ) -> Result<Vec<(String, Option<String>, u64)>> {
        dispatch!(self, t => Ops::volume(t, split, window))
    }
    fn cases_created_by(
        &mut self,
        names: &[String],
        window: &crate::domain::report::Window,
    ) -> Result<Vec<Case>> {
        dispatch!(self, t => Ops::cases_created_by(t, names, window))
    }
    fn escalations(
        &mut self,
        window: &crate::domain::report::Window,
    ) -> Result<Vec<(i64, crate::domain::case::HistoryEntry)>> {
        dispatch!(self, t => Ops::escalations(t, window))
    }
    fn put_holidays(&mut self, holidays: &[crate::domain::holidays::Holiday]) -> Result<u64> {
        dispatch!(self, t => Ops::put_holidays(t, holidays))
    }
    fn remove_holiday(&mut self, region: Region, day: NaiveDate) -> Result<bool> {
        dispatch!(self, t => Ops::remove_holiday(t, region, day))
    }
    fn put_setting(&mut self, change: &crate::domain::setting::SettingChange) -> Result<()> {
        dispatch!(self, t => Ops::put_setting(t, change))
    }
    fn settings_log(&mut self) -> Result<Vec<crate::domain::setting::SettingChange>> {
        dispatch!(self, t => Ops::settings_log(t))
    }
    fn owns_database(&mut self) -> Result<bool> {
        dispatch!(self, t => Ops::owns_database(t))
    }
    fn pick_records(
        &mut self,
        window: &crate::domain::report::Window,
    ) -> Result<Vec<crate::domain::picks::PickRecord>> {
        dispatch!(self, t => t.pick_records(window))
    }
    fn put_advocate(&mut self, a: &Advocate, login: Option<&str>) -> Result<bool> {
        dispatch!(self, t => Ops::put_advocate(t, a, login))
    }
    fn set_advocate_time_zone(&mut self, name: &str, tz: Option<&str>) -> Result<()> {
        dispatch!(self, t => Ops::set_advocate_time_zone(t, name, tz))
    }
    fn count_rows(&mut self, table: &'static str) -> Result<u64> {
        dispatch!(self, t => t.count_rows(table))
    }
    fn copy_out(
        &mut self,
        table: &'static str,
        columns: &'static [&'static str],
        f: &mut dyn FnMut(Vec<Cell>) -> Result<()>,
    ) -> Result<u64> {
        dispatch!(self, t => t.copy_out(table, columns, f))
    }
    fn copy_in(
        &mut self,
        table: &'static str,
        columns: &'static [&'static str],
        rows: &mut dyn Iterator<Item = Result<Vec<Cell>>>,
    ) -> Result<u64> {
        dispatch!(self, t => t.copy_in(table, columns, rows))
    }
    fn absences(&mut self) -> Result<Vec<crate::domain::absence::Absence>> {
        dispatch!(self, t => Ops::absences(t))
    }
    fn put_absence(&mut self, a: &crate::domain::absence::Absence) -> Result<i64> {
        dispatch!(self, t => Ops::put_absence(t, a))
    }
    fn end_absence(&mut self, id: i64, at: DateTime<Utc>, by: &str) -> Result<bool> {
        dispatch!(self, t => Ops::end_absence(t, id, at, by))
    }
    fn record_cover_moves(
        &mut self,
        absence_id: i64,
        moves: &[crate::domain::absence::CoverMove],
    ) -> Result<()> {
        dispatch!(self, t => Ops::record_cover_moves(t, absence_id, moves))
    }
    fn cover_moves(&mut self, absence_id: i64) -> Result<Vec<crate::domain::absence::CoverMove>> {
        dispatch!(self, t => Ops::cover_moves(t, absence_id))
    }
}

/// Cases (by id) each with its history entries (by case id, then in order).
pub(crate) fn join_history(
    cases: Vec<Case>,
    entries: Vec<(i64, crate::domain::case::HistoryEntry)>,
) -> Vec<(Case, Vec<crate::domain::case::HistoryEntry>)> {
    let mut entries = entries.into_iter().peekable();
    cases
        .into_iter()
        .map(|c| {
            let mut h = Vec::new();
            while let Some((id, _)) = entries.peek() {
                if *id > c.id {
                    break;
                }
                let (id, e) = entries.next().expect("peeked");
                if id == c.id {
                    h.push(e);
                }
            }
            (c, h)
        })
        .collect()
}

/// The `SET` list of a case `UPDATE` from `before` to `after`: `column = <mark>N` for every
/// column the change changes, `N` its parameter ([`crate::domain::change::changed_columns`]:
/// `?2`..`?20` on SQLite, `$2`..`$20` on PostgreSQL); the subject (in no index) when it
/// changes none, so that the statement still checks its guard.
pub(crate) fn case_set_list(
    before: &crate::domain::case::Case,
    after: &crate::domain::case::Case,
    mark: char,
) -> String {
    let mut set = String::new();
    let columns = crate::domain::change::changed_columns(before, after);
    for (i, (column, changed)) in columns.into_iter().enumerate() {
        if changed {
            if !set.is_empty() {
                set.push_str(", ");
            }
            set.push_str(&format!("{column} = {mark}{}", i + 2));
        }
    }
    if set.is_empty() {
        set = format!("subject = {mark}5");
    }
    set
}
