//! PostgreSQL storage (SPEC §10), phase 1: the connection (URL, password sources, TLS, lock
//! timeout) and the schema (migrations in step with SQLite's, run under an advisory lock;
//! foreign and newer databases refused untouched). The commands still run on SQLite; phase 2
//! puts both engines behind one boundary (docs/store-boundary.md).
//!
//! `postgres` types never leave this module, and no SQL here is built from input.

pub mod absences;
mod asof;
mod binary;
pub mod calendar;
pub mod config;
pub mod copy;
mod first_run;
mod first_write;
pub mod identity;
pub mod import;
mod opportunity_work;
mod ops;
mod picks;
pub mod read;
pub mod reports;
pub mod run;
pub mod schema;
pub mod standings;
mod tls;
pub mod triggers;
pub mod write;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use postgres::error::SqlState;
use postgres::{Client, GenericClient};

pub use config::{Env, RootCerts, SslMode, Target, is_postgres_url};

use crate::domain::model::Settings;
use crate::{Error, Result};

/// Key of the transaction-scoped advisory lock the migrations run under ("smb1" and 1).
const MIGRATION_LOCK: i64 = 0x736d_6231_0000_0001;

/// An open smb database on PostgreSQL.
pub struct Store {
    client: Client,
    target: Target,
    busy: Duration,
    /// Set when a transaction commits, for "the change was saved" after an output error.
    committed: Arc<AtomicBool>,
    /// The schema is yet to be checked: the first transaction's first round trip reads its
    /// version, and only a database that is not smb's latest takes the slow path
    /// ([`Store::open_existing_as`]).
    unchecked: bool,
}

/// One transaction on PostgreSQL: every command runs in exactly one. Dropped without
/// [`Tx::commit`], it sends `ROLLBACK` and leaves the database as it was.
pub struct Tx<'a> {
    pub(crate) client: &'a mut Client,
    /// The database as messages show it (no password).
    shown: String,
    busy: Duration,
    committed: &'a AtomicBool,
    /// Committed (or rolled back): nothing to do on drop.
    done: bool,
    /// Where the connection goes (the trigger run's readers connect there too).
    target: &'a Target,
    /// The settings, read with `BEGIN` (boxed: with the holidays they are the largest part).
    settings: Box<Settings>,
    /// The login and its profile, read with `BEGIN`.
    session: identity::Session,
    /// The name the connection claimed to act as, and its profile, read with `BEGIN`.
    claimed: Option<Box<(String, Option<crate::store::Advocate>)>>,
    /// Time zones read with `BEGIN` (the session's profiles'), until a profile is written.
    pub(crate) zones: Vec<(String, Option<String>)>,
    /// Cases this transaction created: a bulk creation (a trigger run) refreshes the planner's
    /// statistics before it commits.
    created: usize,
    /// A trigger run holds the run's lock (`begin_trigger_run`).
    trigger_run: bool,
    /// What a first trigger run dropped, as the statements that put it back before `COMMIT`
    /// (`first_run.rs`); `None`: nothing dropped.
    rebuild: Option<Vec<String>>,
    /// A first trigger run's cases, written by `COPY` (`first_write.rs`): `Some` while the
    /// run holds `cases` empty and locked.
    first: Option<Box<first_write::FirstWrites>>,
}

/// Cases created in one transaction from which `ANALYZE` runs before `COMMIT`: a first trigger
/// run on a large book adds hundreds of thousands of cases, and until autovacuum analyses them
/// the planner takes the queue for empty and a pick scans every case (0.9 s instead of 16 ms on
/// 337,000 new cases, BENCHMARKS.md).
const ANALYZE_AFTER: usize = 10_000;

/// What a database holds before smb touches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    /// No tables (but an extension's own): ours to initialise.
    Empty,
    /// Tables, but no smb schema.
    Foreign,
    /// An smb schema at this version.
    Smb(i64),
}

impl Store {
    /// Connects to `url` (reading `PGPASSWORD` and `~/.pgpass` from this process's
    /// environment), creates the schema with `new_settings` in an empty database and migrates
    /// an older one forward. A database with other tables and no smb schema, or from a newer
    /// smb, is refused untouched. Returns whether the schema was created. `busy` is the lock
    /// wait (`SMB_BUSY_TIMEOUT`).
    pub fn open(url: &str, new_settings: &Settings, busy: Duration) -> Result<(Store, bool)> {
        Store::open_with_env(url, new_settings, busy, &Env::process())
    }

    /// [`Store::open`] with the environment given.
    pub fn open_with_env(
        url: &str,
        new_settings: &Settings,
        busy: Duration,
        env: &Env<'_>,
    ) -> Result<(Store, bool)> {
        let mut store = Store::connect(url, busy, env)?;
        let created = store.migrate(new_settings)?;
        Ok((store, created))
    }

    /// Connects to `url` and migrates an smb database forward; a database without smb's
    /// schema is refused (exit 1) and nothing is created (SPEC §9: only `init`, `import`,
    /// `advocate add` and `demo` create the schema).
    pub fn open_existing(url: &str, busy: Duration) -> Result<Store> {
        let mut store = Store::connect(url, busy, &Env::process())?;
        let found = store.found()?;
        if found == Found::Empty {
            return Err(Error::Database(format!(
                "{} has no smb database yet: create one with `smb init --db URL` (or `smb \
                 import accounts FILE`), or point --db / SMB_DB at the database you meant",
                store.shown()
            )));
        }
        // Up to date (the common case): no second look.
        if found != Found::Smb(schema::latest()) {
            store.migrate(&Settings::new(crate::domain::model::Model::Digital))?;
        }
        Ok(store)
    }

    /// [`Store::open_existing`] that claims to act as `claimed` (`--as`, `SMB_USER`, the
    /// config, the machine's user) and defers the schema check: the claimed profile is named
    /// in the startup packet and read, with its time zone and the schema's version, in the
    /// first transaction's first round trip. A database that is not at smb's latest schema
    /// then takes [`Store::open_existing`]'s path (refused or migrated) before that
    /// transaction starts again. Opening an up-to-date database thus costs no round trip.
    pub fn open_existing_as(url: &str, busy: Duration, claimed: &str) -> Result<Store> {
        let target = Target::parse(url, &Env::process())?;
        let client = client_for(&target, busy, Some(claimed))?;
        Ok(Store {
            client,
            target,
            busy,
            committed: Arc::new(AtomicBool::new(false)),
            unchecked: true,
        })
    }

    /// The slow path of a deferred schema check: what [`Store::open_existing`] does.
    fn check_schema(&mut self) -> Result<()> {
        if !self.unchecked {
            return Ok(());
        }
        self.unchecked = false;
        let found = self.found()?;
        if found == Found::Empty {
            return Err(Error::Database(format!(
                "{} has no smb database yet: create one with `smb init --db URL` (or `smb \
                 import accounts FILE`), or point --db / SMB_DB at the database you meant",
                self.shown()
            )));
        }
        if found != Found::Smb(schema::latest()) {
            self.migrate(&Settings::new(crate::domain::model::Model::Digital))?;
        }
        Ok(())
    }

    /// Shares `flag`: every commit on this store sets it.
    pub fn report_commits_to(&mut self, flag: Arc<AtomicBool>) {
        self.committed = flag;
    }

    /// A write transaction (READ COMMITTED; the operations lock what they change).
    ///
    /// SPEC §10: a login with no linked profile changes and creates nothing (the database
    /// owner, who runs the nightly job, may).
    pub fn write(&mut self) -> Result<Tx<'_>> {
        let tx = self.begin("BEGIN")?;
        if tx.session.owner || tx.session.mine.is_some() {
            return Ok(tx);
        }
        let login = tx.session.login.clone();
        drop(tx); // rolls back
        Err(Error::refused(format!(
            "the login {login:?} has no smb profile, so it can read but change nothing: the database owner links one with `smb advocate add NAME --region AMER|APAC|EMEA --login {login}`"
        )))
    }

    /// A read transaction: one consistent snapshot.
    pub fn read(&mut self) -> Result<Tx<'_>> {
        self.begin("BEGIN ISOLATION LEVEL REPEATABLE READ")
    }

    /// Starts a transaction in one round trip that also reads the settings and the session
    /// (login, database ownership, linked profile): `settings()` and `identity()` answer from
    /// it (docs/store-boundary.md 4.3.1 step 1).
    fn begin(&mut self, sql: &str) -> Result<Tx<'_>> {
        let shown = self.target.shown();
        let batch = format!("{sql}; {}", identity::begin_reads());
        let begun = match self.client.simple_query(&batch) {
            Ok(msgs) => identity::parse_begin(&msgs)?,
            Err(e) if !self.unchecked => return Err(pg_err(&shown, self.busy, &e)),
            Err(_) => identity::parse_begin(&self.reopen(&batch)?)?,
        };
        let latest = matches!(&begun.schema,
            Some((app, v)) if app == schema::APPLICATION && *v == schema::latest());
        let begun = if !latest && self.unchecked {
            identity::parse_begin(&self.reopen(&batch)?)?
        } else {
            self.unchecked = false;
            begun
        };
        Ok(Tx {
            client: &mut self.client,
            target: &self.target,
            shown,
            busy: self.busy,
            committed: &self.committed,
            done: false,
            settings: Box::new(crate::store::settings::from_rows(begun.settings)),
            session: begun.session,
            claimed: begun.claimed.map(Box::new),
            zones: begun.zones,
            created: 0,
            trigger_run: false,
            rebuild: None,
            first: None,
        })
    }

    /// The first transaction found no up-to-date smb schema (or failed): it rolls back, the
    /// schema is checked (refused, or migrated) as [`Store::open_existing`] does, and the
    /// transaction starts again.
    fn reopen(&mut self, batch: &str) -> Result<Vec<postgres::SimpleQueryMessage>> {
        let _ = self.client.batch_execute("ROLLBACK");
        self.check_schema()?;
        self.client
            .simple_query(batch)
            .map_err(|e| pg_err(&self.target.shown(), self.busy, &e))
    }

    /// Connects without looking at the schema.
    fn connect(url: &str, busy: Duration, env: &Env<'_>) -> Result<Store> {
        let target = Target::parse(url, env)?;
        let client = client_for(&target, busy, None)?;
        Ok(Store {
            client,
            target,
            busy,
            committed: Arc::new(AtomicBool::new(false)),
            unchecked: false,
        })
    }

    /// The database as shown in messages: `postgres://USER@HOST:PORT/DATABASE`, never the
    /// password.
    pub fn shown(&self) -> String {
        self.target.shown()
    }

    /// The schema version of the database.
    pub fn schema_version(&mut self) -> Result<i64> {
        self.check_schema()?;
        match self.found()? {
            Found::Smb(v) => Ok(v),
            Found::Empty | Found::Foreign => Ok(0),
        }
    }

    /// The database's model and settings.
    pub fn settings(&mut self) -> Result<Settings> {
        self.check_schema()?;
        let rows = self
            .client
            .query(crate::store::settings::SETTINGS_AND_HOLIDAYS, &[])
            .map_err(|e| self.err(e))?;
        Ok(crate::store::settings::from_rows(
            rows.iter().map(|r| (r.get(0), r.get(1))),
        ))
    }

    /// What the database holds, outside a transaction: one round trip for an smb database
    /// (its `smb_schema` row), the catalog only when that table is missing.
    fn found(&mut self) -> Result<Found> {
        let shown = self.target.shown();
        let err = |e: postgres::Error| pg_err(&shown, self.busy, &e);
        match self
            .client
            .query_typed_opt("SELECT application, version FROM smb_schema", &[])
        {
            Ok(row) => Ok(schema_row(row)),
            Err(e) if e.code() == Some(&SqlState::UNDEFINED_TABLE) => {
                found(&mut self.client).map_err(err)
            }
            Err(e) => Err(err(e)),
        }
    }

    /// Runs the pending migrations, each in its own transaction under the migration lock;
    /// returns whether the database was empty and got `new_settings`.
    fn migrate(&mut self, new_settings: &Settings) -> Result<bool> {
        let latest = schema::latest();
        let shown = self.target.shown();
        let busy = self.busy;
        let err = |e: postgres::Error| pg_err(&shown, busy, &e);
        // Without a lock first: the common case (up to date) takes none, and a database that
        // is not ours is refused before smb so much as takes a lock in it.
        match self.found()? {
            Found::Smb(v) if v == latest => return Ok(false),
            found => refuse(&shown, found)?,
        }
        let mut created = false;
        loop {
            let mut tx = self.client.transaction().map_err(err)?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
                .map_err(err)?;
            // Another process may have migrated while we waited for the lock.
            let found = found(&mut tx).map_err(err)?;
            refuse(&shown, found)?;
            let version = match found {
                Found::Smb(v) if v >= latest => break,
                Found::Smb(v) => v,
                Found::Empty | Found::Foreign => 0,
            };
            if version == 0 {
                tx.batch_execute(schema::META).map_err(err)?;
                tx.execute(
                    "INSERT INTO smb_schema (application, version) VALUES ($1, 0)",
                    &[&schema::APPLICATION],
                )
                .map_err(err)?;
            }
            tx.batch_execute(schema::MIGRATIONS[version as usize])
                .map_err(err)?;
            if version == 0 {
                let st = tx
                    .prepare("INSERT INTO settings (key, value) VALUES ($1, $2)")
                    .map_err(err)?;
                for (k, v) in crate::store::settings::to_rows(new_settings) {
                    tx.execute(&st, &[&k, &v]).map_err(err)?;
                }
                created = true;
            }
            tx.execute("UPDATE smb_schema SET version = $1", &[&(version + 1)])
                .map_err(err)?;
            tx.commit().map_err(err)?;
        }
        Ok(created)
    }

    fn err(&self, e: postgres::Error) -> Error {
        pg_err(&self.target.shown(), self.busy, &e)
    }
}

impl Tx<'_> {
    /// Commits the transaction.
    pub fn commit(mut self) -> Result<()> {
        // A first run's last cases, before their indexes are built.
        if let Some(mut first) = self.first.take() {
            let (shown, busy) = (self.shown.clone(), self.busy);
            first.send(&mut *self.client, &move |e| pg_err(&shown, busy, &e))?;
        }
        // The indexes and foreign keys a first trigger run dropped, built once from the rows.
        for statement in self.rebuild.take().unwrap_or_default() {
            self.client
                .batch_execute(&statement)
                .map_err(|e| pg_err(&self.shown, self.busy, &e))?;
        }
        if self.created >= ANALYZE_AFTER {
            // Inside the transaction: its own new rows are sampled. A login that does not own
            // the tables gets a warning from the server, not an error.
            self.client
                .batch_execute("ANALYZE cases, case_history, sla_clocks")
                .map_err(|e| pg_err(&self.shown, self.busy, &e))?;
        }
        self.done = true;
        self.client
            .batch_execute("COMMIT")
            .map_err(|e| pg_err(&self.shown, self.busy, &e))?;
        self.committed.store(true, Ordering::Relaxed);
        Ok(())
    }

    /// The database as messages show it: `postgres://USER@HOST:PORT/DATABASE`.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The crate error for a PostgreSQL error, naming the database.
    pub(crate) fn err(&self, e: postgres::Error) -> Error {
        pg_err(&self.shown, self.busy, &e)
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            // A connection that cannot even roll back is closed with the process.
            let _ = self.client.batch_execute("ROLLBACK");
        }
    }
}

/// A new connection to `target` (the password never in an error).
fn client_for(target: &Target, busy: Duration, claimed: Option<&str>) -> Result<Client> {
    let mut cfg = postgres::Config::new();
    cfg.user(&target.user)
        .dbname(&target.dbname)
        .port(target.port);
    if target.is_socket() {
        cfg.host_path(&target.host);
    } else {
        cfg.host(&target.host);
    }
    if let Some(p) = target.password() {
        cfg.password(p);
    }
    cfg.application_name(target.application_name.as_deref().unwrap_or("smb"));
    if let Some(t) = target.connect_timeout {
        cfg.connect_timeout(t);
    }
    // Set in the startup packet: no round trip. Every time smb writes comes from its own
    // clock; UTC only makes the server's own messages and casts predictable.
    cfg.options(&format!(
        "-c lock_timeout={} -c TimeZone=UTC{}",
        busy.as_millis().clamp(1, i32::MAX as u128),
        claimed.map(identity::claimed_option).unwrap_or_default()
    ));
    cfg.ssl_mode(match target.sslmode {
        SslMode::Disable => postgres::config::SslMode::Disable,
        SslMode::Prefer => postgres::config::SslMode::Prefer,
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => {
            postgres::config::SslMode::Require
        }
    });
    let tls = tls::connector(target)?;
    cfg.connect(tls).map_err(|e| {
        Error::Database(format!(
            "cannot connect to database {}: {}",
            target.shown(),
            describe(&e)
        ))
    })
}

/// Refuses a foreign database or one from a newer smb; the transaction, if any, rolls back.
fn refuse(shown: &str, found: Found) -> Result<()> {
    match found {
        Found::Foreign => Err(Error::Database(format!(
            "{shown} holds tables but no smb schema; it was left untouched. \
             Use --db to point at an empty database or an smb one."
        ))),
        Found::Smb(v) if v > schema::latest() => Err(Error::Database(format!(
            "{shown} was written by a newer smb (schema version {v}; this smb knows up to {}); \
             it was left untouched. Upgrade smb to use it.",
            schema::latest()
        ))),
        Found::Smb(_) | Found::Empty => Ok(()),
    }
}

fn found(c: &mut impl GenericClient) -> std::result::Result<Found, postgres::Error> {
    // `query_typed*`: no parameters to describe, so no Parse round trip of its own.
    let row = c.query_typed_one(
        "SELECT to_regclass('smb_schema') IS NOT NULL,
                (SELECT count(*) FROM pg_catalog.pg_class c
                   JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                    AND n.nspname <> 'information_schema'
                    AND n.nspname NOT LIKE 'pg\\_%'
                    -- an extension's own tables (managed servers install some) are not data
                    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                     WHERE d.classid = 'pg_catalog.pg_class'::regclass
                                       AND d.objid = c.oid AND d.deptype = 'e'))",
        &[],
    )?;
    let (has_meta, relations): (bool, i64) = (row.get(0), row.get(1));
    if !has_meta {
        return Ok(if relations == 0 {
            Found::Empty
        } else {
            Found::Foreign
        });
    }
    let row = c.query_typed_opt("SELECT application, version FROM smb_schema", &[])?;
    Ok(schema_row(row))
}

/// What `smb_schema`'s row says: smb's at a version, or someone else's table.
fn schema_row(row: Option<postgres::Row>) -> Found {
    match row {
        Some(r) if r.get::<_, String>(0) == schema::APPLICATION => Found::Smb(r.get(1)),
        _ => Found::Foreign,
    }
}

/// Maps a PostgreSQL error to the crate error, naming the database (never the password); a
/// lock wait past the busy timeout is explained as SQLite's is.
fn pg_err(shown: &str, busy: Duration, e: &postgres::Error) -> Error {
    if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) {
        return Error::Database(format!(
            "database {shown} is locked by another smb command and stayed locked past the busy \
             timeout ({} s unless SMB_BUSY_TIMEOUT says otherwise); wait for it to finish (a \
             nightly import or trigger run can take a minute) and try again",
            busy.as_secs()
        ));
    }
    if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) {
        // SPEC §10: a login the database owner has not linked to a profile was granted
        // nothing; say who grants what.
        return Error::Database(format!(
            "database {shown}: {}. This login has not been given access to smb: the database \
             owner links it to a profile and grants what smb needs with `smb advocate add NAME \
             --region AMER|APAC|EMEA --login LOGIN` (LOGIN: the user in the URL); nothing was \
             changed",
            describe(e)
        ));
    }
    Error::Database(format!("database {shown}: {}", describe(e)))
}

/// The error and its causes on one line: the server's own message for a database error.
fn describe(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_string();
    }
    let mut s = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        s.push_str(": ");
        s.push_str(&cause.to_string());
        source = cause.source();
    }
    s
}

#[cfg(test)]
mod folding {
    /// Every module that writes SQL, by name.
    const SOURCES: [(&str, &str); 15] = [
        ("absences.rs", include_str!("absences.rs")),
        ("asof.rs", include_str!("asof.rs")),
        ("calendar.rs", include_str!("calendar.rs")),
        ("copy.rs", include_str!("copy.rs")),
        ("identity.rs", include_str!("identity.rs")),
        ("import.rs", include_str!("import.rs")),
        ("mod.rs", include_str!("mod.rs")),
        ("opportunity_work.rs", include_str!("opportunity_work.rs")),
        ("ops.rs", include_str!("ops.rs")),
        ("picks.rs", include_str!("picks.rs")),
        ("read.rs", include_str!("read.rs")),
        ("reports.rs", include_str!("reports.rs")),
        ("schema.rs", include_str!("schema.rs")),
        ("triggers.rs", include_str!("triggers.rs")),
        ("write.rs", include_str!("write.rs")),
    ];

    /// A parameter (or a setting) carries the database's default collation, which may fold
    /// letters beyond ASCII that the "C" columns keep: `lower(name) = lower($1)` then misses
    /// `Øyvind` given exactly. Every fold of a parameter is `lower($n COLLATE "C")`.
    #[test]
    fn every_folded_parameter_is_folded_under_c_as_the_columns_are() {
        let mut bad = Vec::new();
        for (file, text) in SOURCES {
            let text = text.split("mod folding {").next().unwrap_or(text); // not this test
            for (i, line) in text.lines().enumerate() {
                for start in ["lower($", "lower(trim($", "lower(current_setting("] {
                    let mut rest = line;
                    while let Some(at) = rest.find(start) {
                        let tail = &rest[at..];
                        let close = tail.find(')').unwrap_or(tail.len());
                        let call = &tail[..close];
                        let more = &tail[close..];
                        let c = call.contains("COLLATE") || more.starts_with(") COLLATE");
                        if !c && !line.trim_start().starts_with("//") {
                            bad.push(format!("{file}:{}: {}", i + 1, line.trim()));
                        }
                        rest = &tail[start.len()..];
                    }
                }
            }
        }
        assert!(
            bad.is_empty(),
            "folded without COLLATE \"C\":\n{}",
            bad.join("\n")
        );
    }
}
