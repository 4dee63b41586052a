//! SQLite storage: today's engine. rusqlite types never leave this module: the rest of smb
//! sees [`Store`] and [`Tx`] through `store::{Store, Tx}` and the [`crate::store::Ops`]
//! trait, and every SQL statement here takes parameters, never input text.

mod absences;
mod accounts;
mod advocates;
mod asof;
mod calendar;
mod cases;
mod change;
mod contacts;
mod copy;
mod events;
mod import;
mod notices;
mod opportunities;
mod opportunity_work;
mod ops;
mod picks;
#[cfg(test)]
mod plans;
mod queue;
mod reports;
mod run;
mod settings;
mod triggers;

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

#[cfg(feature = "postgres")]
pub(crate) use triggers::ymd;
pub use triggers::{KeyRange, PackedOpportunities, key_between};

use crate::domain::model::Settings;
pub(crate) use crate::store::ts;
use crate::store::{BUSY_TIMEOUT, Imported, schema};
use crate::{Error, Result};

/// An open smb database file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// What a lock error reports (the timeout every connection of this store waits).
    busy: Duration,
    /// Opened read-only (the file or its folder cannot be written): writes are refused.
    read_only: bool,
    /// Set when a transaction commits, for "the change was saved" after an output error.
    committed: Arc<AtomicBool>,
}

/// One transaction: every command runs in exactly one. Dropped without [`Tx::commit`], it
/// rolls back and leaves the database as it was.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
    path: &'a Path,
    busy: Duration,
    committed: &'a AtomicBool,
}

impl Store {
    /// Opens `path`, creating it (mode 0600, with `new_settings`) when missing, and migrates it
    /// forward. A file that is not an smb database, or from a newer smb, is refused untouched.
    /// Returns whether the file was created. Only `init`, `import`, `advocate add` and `demo`
    /// create a database (SPEC §9): every other command uses [`Store::open_existing`].
    pub fn open(path: &Path, new_settings: &Settings) -> Result<(Store, bool)> {
        Store::open_with_timeout(path, new_settings, BUSY_TIMEOUT)
    }

    /// [`Store::open`] waiting up to `busy` for another connection's lock.
    pub fn open_with_timeout(
        path: &Path,
        new_settings: &Settings,
        busy: Duration,
    ) -> Result<(Store, bool)> {
        let existed = path.exists()
            && std::fs::metadata(path)
                .map(|m| m.len() > 0)
                .unwrap_or(false);
        if existed {
            check_existing(path, busy)?;
        } else {
            create_file(path)?;
        }
        let conn = connect(path, busy, false).map_err(|e| db_err(path, busy, e))?;
        let mut store = Store::new(conn, path, busy, false);
        store.configure()?;
        let created = store.migrate(new_settings)?;
        if created {
            // An existing empty file that this call filled is a new database too (SPEC §9).
            owner_only(path)?;
        }
        Ok((store, created))
    }

    /// Opens the existing database at `path`, migrating it forward; a missing or empty file is
    /// refused (exit 1) and nothing is created, not even a folder. When the file or its folder
    /// cannot be written, the database is opened read-only: reads work, [`Store::write`] is
    /// refused with a message that says why.
    pub fn open_existing(path: &Path, busy: Duration) -> Result<Store> {
        let shown = path.display();
        let how = "create one with `smb init` (or `smb import accounts FILE`), or point --db / \
                   SMB_DB at the database you meant";
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::Database(format!("no database at {shown}: {how}")));
            }
            Ok(m) if m.is_file() && m.len() == 0 => {
                return Err(Error::Database(format!(
                    "{shown} is an empty file, not yet an smb database: {how}"
                )));
            }
            _ => {}
        }
        refuse_directory(path)?;
        // One connection when the file can be written: it reads the identity (and with it
        // the schema, which also probes a WAL database's -shm file) and is then the store's.
        let writable = connect(path, busy, false).and_then(|conn| {
            let ids = read_ids(&conn)?;
            let writable = !conn.is_readonly(rusqlite::MAIN_DB)?;
            Ok((conn, ids, writable))
        });
        let read_only_store = || -> Result<(Connection, bool, i64)> {
            let version = check_existing(path, busy)?;
            let conn = connect_read_only(path, busy).map_err(|e| db_err(path, busy, e))?;
            Ok((conn, true, version))
        };
        let (conn, read_only, version) = match writable {
            Ok((conn, ids, true)) => (conn, false, judge_ids(path, busy, Ok(ids))?),
            Ok((_, _, false)) => read_only_store()?,
            Err(e) if cannot_write(&e) => read_only_store()?,
            Err(e) => return Err(open_err(path, busy, e)),
        };
        if version == 0 {
            return Err(Error::Database(format!(
                "{shown} is an empty SQLite file, not yet an smb database: {how}"
            )));
        }
        let mut store = Store::new(conn, path, busy, read_only);
        if read_only {
            let version = user_version(&store.conn).map_err(|e| db_err(path, busy, e))?;
            if version < schema::latest() {
                return Err(Error::Database(format!(
                    "{shown} needs an upgrade to this smb's schema (version {version} to {}), but \
                     it cannot be written here; run any smb command once where the file and its \
                     folder are writable",
                    schema::latest()
                )));
            }
        } else {
            store.configure()?;
            // `version` was read on this connection: a current file needs no second look.
            if version < schema::latest() {
                store.migrate(&Settings::new(crate::domain::model::Model::Digital))?;
            }
        }
        Ok(store)
    }

    fn new(conn: Connection, path: &Path, busy: Duration, read_only: bool) -> Store {
        Store {
            conn,
            path: path.to_path_buf(),
            busy,
            read_only,
            committed: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Shares `flag`: every commit on this store sets it (the command line then knows, when
    /// writing the output fails, that the change was saved).
    pub fn report_commits_to(&mut self, flag: Arc<AtomicBool>) {
        self.committed = flag;
    }

    /// Whether the database was opened read-only (its file or folder cannot be written).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn configure(&mut self) -> Result<()> {
        let (p, busy) = (&self.path, self.busy);
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .map_err(|e| db_err(p, busy, e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            self.conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
                .map_err(|e| db_err(p, busy, e))?;
        }
        // Foreign keys through the connection's configuration: the same switch as `PRAGMA
        // foreign_keys = ON`, without a statement to prepare.
        self.conn
            .set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_FKEY,
                true,
            )
            .map_err(|e| db_err(p, busy, e))?;
        self.conn
            .execute_batch("PRAGMA synchronous = NORMAL;")
            .map_err(|e| db_err(p, busy, e))
    }

    /// Runs the pending migrations, each in its own IMMEDIATE transaction; returns whether the
    /// database was new (schema version 0) and got `new_settings`.
    fn migrate(&mut self, new_settings: &Settings) -> Result<bool> {
        let latest = schema::latest();
        let busy = self.busy;
        let version = user_version(&self.conn).map_err(|e| db_err(&self.path, busy, e))?;
        if version == latest {
            return Ok(false);
        }
        let mut created = false;
        loop {
            let path = self.path.clone();
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| db_err(&path, busy, e))?;
            // Another process may have migrated while we waited for the lock.
            let version = user_version(&tx).map_err(|e| db_err(&path, busy, e))?;
            if version >= latest {
                break;
            }
            let sql = schema::MIGRATIONS[version as usize];
            tx.execute_batch(sql).map_err(|e| db_err(&path, busy, e))?;
            if version == 0 {
                tx.execute_batch(&format!(
                    "PRAGMA application_id = {};",
                    schema::APPLICATION_ID
                ))
                .map_err(|e| db_err(&path, busy, e))?;
                settings::write(&tx, new_settings).map_err(|e| db_err(&path, busy, e))?;
                created = true;
            }
            tx.execute_batch(&format!("PRAGMA user_version = {};", version + 1))
                .map_err(|e| db_err(&path, busy, e))?;
            tx.commit().map_err(|e| db_err(&path, busy, e))?;
        }
        Ok(created)
    }

    /// A write transaction: takes the write lock up front (BEGIN IMMEDIATE).
    pub fn write(&mut self) -> Result<Tx<'_>> {
        if self.read_only {
            return Err(Error::Database(format!(
                "{} cannot be written (the file or its folder is read-only for you); \
                 commands that only read work on it, this one changes it",
                self.path.display()
            )));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| db_err(&self.path, self.busy, e))?;
        Ok(Tx {
            tx,
            path: &self.path,
            busy: self.busy,
            committed: &self.committed,
        })
    }

    /// A read transaction: one consistent snapshot.
    pub fn read(&mut self) -> Result<Tx<'_>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)
            .map_err(|e| db_err(&self.path, self.busy, e))?;
        Ok(Tx {
            tx,
            path: &self.path,
            busy: self.busy,
            committed: &self.committed,
        })
    }
}

impl Tx<'_> {
    /// Commits the transaction.
    pub fn commit(self) -> Result<()> {
        let (path, busy, committed) = (self.path, self.busy, self.committed);
        self.tx.commit().map_err(|e| db_err(path, busy, e))?;
        committed.store(true, Ordering::Relaxed);
        Ok(())
    }

    /// Holds this reading transaction's snapshot as the database's latest until the
    /// transaction ends, so that another connection's first read sees the same data: takes the
    /// write lock, which SQLite grants a reading transaction only when its snapshot is the
    /// latest, and at once or not at all (it never waits for a lock while it holds a snapshot).
    /// An `UPDATE` of no row: nothing is written, and the lock goes with the transaction.
    /// False when this transaction has written (another connection would not see its writes),
    /// another command holds the lock or has committed since this transaction's first read,
    /// or the file cannot be written.
    pub(super) fn hold_snapshot(&self) -> bool {
        use rusqlite::TransactionState;
        self.tx.transaction_state(Some(rusqlite::MAIN_DB)).ok() == Some(TransactionState::Read)
            && self
                .tx
                .execute("UPDATE accounts SET tier = tier WHERE 0", [])
                .is_ok()
    }

    /// The database's model and settings.
    pub fn settings(&self) -> Result<Settings> {
        settings::read(&self.tx).map_err(|e| self.err(e))
    }

    /// Sizes the page cache for a bulk load (KiB).
    pub fn set_cache_kib(&self, kib: i64) -> Result<()> {
        self.tx
            .execute_batch(&format!("PRAGMA cache_size = -{kib};"))
            .map_err(|e| self.err(e))
    }

    /// Runs `PRAGMA integrity_check`; `Ok(())` when the file is whole.
    pub fn integrity_check(&self) -> Result<()> {
        let r: String = self
            .tx
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if r == "ok" {
            Ok(())
        } else {
            Err(Error::Database(format!(
                "{}: integrity check failed: {r}",
                self.path.display()
            )))
        }
    }

    fn err(&self, e: rusqlite::Error) -> Error {
        db_err(self.path, self.busy, e)
    }
}

fn import_indexes(table: Imported) -> &'static [(&'static str, &'static str)] {
    let name = match table {
        Imported::Accounts => "accounts",
        Imported::Opportunities => "opportunities",
        Imported::Contacts => "contacts",
        Imported::Events => "events",
    };
    schema::IMPORT_INDEXES
        .iter()
        .find(|(t, _)| *t == name)
        .map_or(&[], |(_, ix)| ix)
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// One connection to `path` that waits up to `busy` for a lock.
fn connect(path: &Path, busy: Duration, read_only: bool) -> rusqlite::Result<Connection> {
    let mode = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
    };
    let mut conn = Connection::open_with_flags(path, mode | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    lock_wait::install(&mut conn, busy)?;
    stable_plans(&conn)?;
    Ok(conn)
}

/// Turns on SQLite's query planner stability guarantee: a statement's plan does not depend on
/// the values bound to it. Without it, a statement whose `WHERE` has `column = ?` beside an
/// index that does not use the term (or a `LIMIT ?`) is prepared again at its first step each
/// time it is taken from the statement cache (rusqlite clears the bindings, which expires
/// it): the queue head of `smb queue next` was prepared three times, 15% of the command
/// (BENCHMARKS.md, issue #16, fourth pass). The plans are then the ones `EXPLAIN QUERY PLAN`
/// shows without values, which the plan tests (`plans.rs`) check.
fn stable_plans(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

/// Whether `e` says that the file or its folder cannot be written.
fn cannot_write(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if matches!(f.code, rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly))
}

/// A read-only connection that has read the schema. A WAL database needs its `-shm` file; in
/// a folder that cannot be written and without that file, SQLite reads the file only as
/// immutable (SPEC §9: a command that only reads works on a file or folder it cannot write;
/// the README says what that does not promise).
fn connect_read_only(path: &Path, busy: Duration) -> rusqlite::Result<Connection> {
    let probe = |conn: Connection| {
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })?;
        Ok(conn)
    };
    match connect(path, busy, true).and_then(probe) {
        Err(e) if cannot_write(&e) => {
            let mut conn = Connection::open_with_flags(
                file_uri(path, "immutable=1"),
                OpenFlags::SQLITE_OPEN_READ_ONLY
                    | OpenFlags::SQLITE_OPEN_URI
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            lock_wait::install(&mut conn, busy)?;
            stable_plans(&conn)?;
            probe(conn)
        }
        other => other,
    }
}

/// `file:PATH?QUERY`, the path percent-encoded.
fn file_uri(path: &Path, query: &str) -> String {
    let mut uri = String::from("file:");
    for b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/._-~".contains(b) {
            uri.push(char::from(*b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push('?');
    uri.push_str(query);
    uri
}

/// Makes `path` readable and writable by its owner only.
fn owner_only(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| Error::io(format!("cannot make {} owner-only", path.display()), e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Creates a new database file readable by its owner only (SPEC §9).
fn create_file(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("cannot create directory {}", dir.display()), e))?;
    }
    let mut opts = OpenOptions::new();
    opts.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
        .map(drop)
        .map_err(|e| Error::io(format!("cannot create database {}", path.display()), e))
}

/// Refuses, without writing a byte, a file that is not an smb database or is from a newer smb;
/// returns its schema version (0: an empty SQLite file, ours to initialise).
fn check_existing(path: &Path, busy: Duration) -> Result<i64> {
    refuse_directory(path)?;
    let ids = connect_read_only(path, busy).and_then(|conn| read_ids(&conn));
    judge_ids(path, busy, ids)
}

fn refuse_directory(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(Error::invalid(format!(
            "{} is a directory, not an smb database file",
            path.display()
        )));
    }
    Ok(())
}

/// The file's application id, schema version and number of schema objects.
fn read_ids(conn: &Connection) -> rusqlite::Result<(i64, i64, i64)> {
    conn.query_row(
        "SELECT (SELECT application_id FROM pragma_application_id),
            (SELECT user_version FROM pragma_user_version),
            (SELECT count(*) FROM sqlite_master)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// Refuses a file that is not an smb database or is from a newer smb; returns its schema
/// version (0: an empty SQLite file, ours to initialise).
fn judge_ids(path: &Path, busy: Duration, ids: rusqlite::Result<(i64, i64, i64)>) -> Result<i64> {
    let shown = path.display();
    let (app_id, version, objects) = ids.map_err(|e| open_err(path, busy, e))?;
    if app_id != i64::from(schema::APPLICATION_ID) {
        if app_id == 0 && version == 0 && objects == 0 {
            return Ok(0); // an empty SQLite file: ours to initialise
        }
        return Err(Error::Database(format!(
            "{shown} is an SQLite file but not an smb database; it was left untouched. \
             Use --db to point at another file."
        )));
    }
    if version > schema::latest() {
        return Err(Error::Database(format!(
            "{shown} was written by a newer smb (schema version {version}; this smb knows up to {}); \
             it was left untouched. Upgrade smb to use it.",
            schema::latest()
        )));
    }
    Ok(version)
}

/// The error of reading a file's identity: a file that is not SQLite is named as such.
fn open_err(path: &Path, busy: Duration, e: rusqlite::Error) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            Error::Database(format!(
                "{} is not an smb database (not an SQLite file); it was left untouched. \
                 Use --db to point at another file.",
                path.display()
            ))
        }
        e => db_err(path, busy, e),
    }
}

/// Maps an SQLite error to the crate error, naming the file; a lock is explained with the
/// timeout that was really waited.
fn db_err(path: &Path, busy: Duration, e: rusqlite::Error) -> Error {
    if let rusqlite::Error::SqliteFailure(f, _) = &e
        && matches!(
            f.code,
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
        )
    {
        // Whoever holds the lock may be another smb command or any other program using the
        // file: SQLite does not say which.
        return Error::Database(format!(
            "database {} is locked: another process held its lock for longer than the busy \
             timeout of {} s (SMB_BUSY_TIMEOUT); wait for it to finish (a nightly import or \
             trigger run can take a minute) and try again, or set SMB_BUSY_TIMEOUT to wait \
             longer",
            path.display(),
            busy.as_secs_f64()
        ));
    }
    if let rusqlite::Error::SqliteFailure(f, _) = &e
        && f.code == rusqlite::ErrorCode::ReadOnly
    {
        return Error::Database(format!(
            "database {} cannot be written (the file or its folder is read-only for you): {e}",
            path.display()
        ));
    }
    Error::Database(format!("database {}: {e}", path.display()))
}

pub(crate) fn parse_ts(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

pub(crate) fn parse_date(s: &str) -> rusqlite::Result<NaiveDate> {
    s.parse::<NaiveDate>().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(crate) fn opt_ts(s: Option<String>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    s.as_deref().map(parse_ts).transpose()
}

pub(crate) fn opt_date(s: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    s.as_deref().map(parse_date).transpose()
}

impl Tx<'_> {
    /// The stored `row_hash` of the row with `key`: `None` when there is no such row, `Some(0)`
    /// when the row has no hash.
    pub fn row_hash(&self, table: Imported, key: &str) -> Result<Option<i64>> {
        let sql = match table {
            Imported::Accounts => "SELECT ifnull(row_hash, 0) FROM accounts WHERE account_id = ?1",
            Imported::Opportunities => {
                "SELECT ifnull(row_hash, 0) FROM opportunities WHERE opportunity_id = ?1"
            }
            Imported::Contacts => "SELECT ifnull(row_hash, 0) FROM contacts WHERE contact_id = ?1",
            Imported::Events => "SELECT ifnull(row_hash, 0) FROM events WHERE event_id = ?1",
        };
        let mut st = self.tx.prepare_cached(sql).map_err(|e| self.err(e))?;
        let mut rows = st.query(rusqlite::params![key]).map_err(|e| self.err(e))?;
        match rows.next().map_err(|e| self.err(e))? {
            Some(r) => Ok(Some(r.get(0).map_err(|e| self.err(e))?)),
            None => Ok(None),
        }
    }

    /// Drops the table's secondary indexes for a bulk load (inside this transaction); call
    /// [`Tx::rebuild_indexes`] before committing.
    pub fn drop_indexes(&self, table: Imported) -> Result<()> {
        for (name, _) in import_indexes(table) {
            self.tx
                .execute_batch(&format!("DROP INDEX IF EXISTS {name};"))
                .map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    /// Re-creates the indexes [`Tx::drop_indexes`] dropped.
    pub fn rebuild_indexes(&self, table: Imported) -> Result<()> {
        for (_, sql) in import_indexes(table) {
            self.tx.execute_batch(sql).map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    /// Is the table empty? (A first import then needs no lookups.)
    pub fn is_empty(&self, table: Imported) -> Result<bool> {
        let sql = match table {
            Imported::Accounts => "SELECT NOT EXISTS (SELECT 1 FROM accounts)",
            Imported::Opportunities => "SELECT NOT EXISTS (SELECT 1 FROM opportunities)",
            Imported::Contacts => "SELECT NOT EXISTS (SELECT 1 FROM contacts)",
            Imported::Events => "SELECT NOT EXISTS (SELECT 1 FROM events)",
        };
        self.tx
            .query_row(sql, [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Records an import and its counts (inserted, updated, unchanged, rejected).
    pub fn record_import(
        &self,
        kind: &str,
        source: &str,
        at: DateTime<Utc>,
        actor: &str,
        counts: [u64; 4],
    ) -> Result<()> {
        self.tx
            .execute(
                "INSERT INTO imports (kind, source, at, actor, inserted, updated, unchanged, rejected)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                rusqlite::params![
                    kind,
                    source,
                    ts(at),
                    actor,
                    counts[0] as i64,
                    counts[1] as i64,
                    counts[2] as i64,
                    counts[3] as i64
                ],
            )
            .map(drop)
            .map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Model;

    /// Every connection of an existing database refuses a row whose reference has no row
    /// (foreign keys on, set through the connection's configuration), and its statements'
    /// plans do not depend on bound values (issue #16, fourth pass).
    #[test]
    fn an_opened_database_enforces_foreign_keys_with_stable_plans() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.db");
        drop(Store::open(&path, &Settings::new(Model::Digital)).unwrap());
        let store = Store::open_existing(&path, BUSY_TIMEOUT).unwrap();
        let fk: i64 = store
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        let orphan = store.conn.execute(
            "INSERT INTO case_messages (message_id, case_id, at) VALUES ('m', 424242, 'x')",
            [],
        );
        assert!(orphan.is_err(), "{orphan:?}");
        let qpsg = store
            .conn
            .db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG)
            .unwrap();
        assert!(qpsg);
    }

    #[test]
    fn every_migration_applies_in_order_and_reopening_is_a_no_op() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let (mut s, created) = Store::open(&path, &Settings::new(Model::Pooled)).unwrap();
        assert!(created);
        let v = user_version(&s.conn).unwrap();
        assert_eq!(v, schema::latest());
        let app: i32 = s
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(app, schema::APPLICATION_ID);
        assert_eq!(s.read().unwrap().settings().unwrap().model, Model::Pooled);
        drop(s);
        let (mut s, created) = Store::open(&path, &Settings::new(Model::Digital)).unwrap();
        assert!(!created, "an existing database is not re-created");
        assert_eq!(s.read().unwrap().settings().unwrap().model, Model::Pooled);
    }

    #[test]
    fn each_migration_step_runs_alone_on_a_fresh_connection() {
        let conn = Connection::open_in_memory().unwrap();
        for (i, sql) in schema::MIGRATIONS.iter().enumerate() {
            conn.execute_batch(sql)
                .unwrap_or_else(|e| panic!("migration {} failed: {e}", i + 1));
        }
        conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
            .unwrap();
    }

    /// `smb db copy` moves every table the migrations create, with every column, in the
    /// order of `store::copy::TABLES`: a table or column added by a migration and not listed
    /// there would be left behind by a copy.
    #[test]
    fn db_copy_lists_every_table_and_column_of_the_schema() {
        let conn = Connection::open_in_memory().unwrap();
        for sql in schema::MIGRATIONS {
            conn.execute_batch(sql).unwrap();
        }
        let mut tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        tables.sort();
        let mut listed: Vec<String> = crate::store::copy::TABLES
            .iter()
            .map(|(t, _)| t.to_string())
            .collect();
        listed.sort();
        assert_eq!(tables, listed);
        for (table, columns) in crate::store::copy::TABLES {
            let mut have: Vec<String> = conn
                .prepare("SELECT name FROM pragma_table_info(?1)")
                .unwrap()
                .query_map([table], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            have.sort();
            let mut want: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
            want.sort();
            assert_eq!(have, want, "columns of {table}");
        }
    }

    #[test]
    fn migration_3_keeps_the_profiles_and_allows_staff() {
        let conn = Connection::open_in_memory().unwrap();
        for sql in &schema::MIGRATIONS[..2] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO advocates VALUES ('Dana', 'AMER', 'en', 'manager', 50, '2026-03-02T00:00:00Z')",
        )
        .unwrap();
        conn.execute_batch(schema::MIGRATIONS[2]).unwrap();
        let role: String = conn
            .query_row("SELECT role FROM advocates WHERE name = 'dana'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(role, "manager");
        conn.execute_batch(
            "INSERT INTO advocates VALUES ('Sol', 'AMER', 'en', 'staff', 50, '2026-03-02T00:00:00Z')",
        )
        .unwrap();
        assert!(
            conn.execute_batch(
                "INSERT INTO advocates VALUES ('X', 'AMER', 'en', 'boss', 50, '2026-03-02T00:00:00Z')"
            )
            .is_err()
        );
    }

    /// Migration 13 rebuilds `accounts`: every row and column is kept, a region outside the
    /// three is still refused, and the email-domain index is the lowercased domain's.
    #[test]
    fn migration_13_keeps_the_accounts_and_their_region_check() {
        let conn = Connection::open_in_memory().unwrap();
        let m13 = schema::MIGRATIONS
            .iter()
            .position(|m| m.contains("accounts_v13"))
            .unwrap();
        for sql in &schema::MIGRATIONS[..m13] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO accounts (account_id, name, region, carr_cents, email_domain, owner,
                                   pte, tier, carr_crossed_at, row_hash)
             VALUES ('A1', 'Acme', 'EMEA', 700001, 'Acme.COM', 'Dana', 5, 1, '2026-01-02', -7),
                    ('A2', 'Beta', 'APAC', 0, NULL, NULL, NULL, NULL, NULL, NULL)",
        )
        .unwrap();
        let all = "SELECT * FROM accounts ORDER BY account_id";
        let rows = |conn: &Connection| -> Vec<Vec<rusqlite::types::Value>> {
            let mut st = conn.prepare(all).unwrap();
            let n = st.column_count();
            st.query_map([], |r| (0..n).map(|i| r.get(i)).collect())
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let before = rows(&conn);
        conn.execute_batch(schema::MIGRATIONS[m13]).unwrap();
        assert_eq!(rows(&conn), before);
        for region in ["AMER", "APAC", "EMEA"] {
            conn.execute(
                "INSERT INTO accounts (account_id, name, region, carr_cents) VALUES (?1, 'x', ?1, 0)",
                [region],
            )
            .unwrap();
        }
        for bad in ["amer", "EU", "AMER "] {
            let e = conn
                .execute(
                    "INSERT INTO accounts (account_id, name, region, carr_cents) VALUES ('B', 'x', ?1, 0)",
                    [bad],
                )
                .unwrap_err()
                .to_string();
            assert!(e.contains("CHECK constraint failed"), "{bad}: {e}");
        }
        let index: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = 'accounts_email_domain'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(index.contains("lower(email_domain)"), "{index}");
        let found: String = conn
            .query_row(
                "SELECT account_id FROM accounts WHERE lower(email_domain) = lower('acme.com')
                  AND email_domain IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(found, "A1");
        conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
            .map(|ok| assert_eq!(ok, "ok"))
            .unwrap();
    }

    #[test]
    fn an_uncommitted_transaction_rolls_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        let (mut s, _) = Store::open(&path, &Settings::new(Model::Digital)).unwrap();
        {
            let tx = s.write().unwrap();
            tx.put_account(
                &crate::domain::account::Account::new(
                    "A1",
                    "x",
                    crate::domain::model::Region::Amer,
                    crate::domain::money::Cents(1),
                ),
                None,
                0,
            )
            .unwrap();
            // dropped without commit
        }
        assert_eq!(s.read().unwrap().account_count().unwrap(), 0);
    }

    #[test]
    fn timestamps_are_fixed_width_utc() {
        let t = DateTime::parse_from_rfc3339("2026-03-02T15:04:05.678+01:00")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(ts(t), "2026-03-02T14:04:05Z");
        assert_eq!(parse_ts(&ts(t)).unwrap().timestamp(), t.timestamp());
    }
}

/// Waiting for another command's lock (issue #12): up to the busy timeout, and, when the
/// command line asks for it (stderr is a terminal), a note on stderr after a second so that a
/// person knows why nothing happens.
pub mod lock_wait {
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    use std::time::Duration;

    static LIMIT_MS: AtomicU64 = AtomicU64::new(10_000);
    static NOTE: AtomicBool = AtomicBool::new(false);
    static NOTED: AtomicBool = AtomicBool::new(false);

    /// Say "waiting for the lock" on stderr after a second of waiting.
    pub fn note_on_stderr(on: bool) {
        NOTE.store(on, Ordering::Relaxed);
    }

    pub(super) fn install(conn: &mut rusqlite::Connection, busy: Duration) -> rusqlite::Result<()> {
        LIMIT_MS.store(
            u64::try_from(busy.as_millis()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
        conn.busy_handler(Some(on_busy))
    }

    /// Milliseconds waited before the `n`th retry: 10 ms steps at first, then 50 ms.
    pub(super) fn waited_ms(n: u64) -> u64 {
        if n < 10 { n * 10 } else { 100 + (n - 10) * 50 }
    }

    fn on_busy(n: i32) -> bool {
        let n = u64::try_from(n).unwrap_or(0);
        let waited = waited_ms(n);
        if waited >= LIMIT_MS.load(Ordering::Relaxed) {
            return false;
        }
        if waited >= 1000 && NOTE.load(Ordering::Relaxed) && !NOTED.swap(true, Ordering::Relaxed) {
            eprintln!(
                "note: waiting for another process to finish with the database (up to {} s; SMB_BUSY_TIMEOUT)…",
                LIMIT_MS.load(Ordering::Relaxed) / 1000
            );
        }
        std::thread::sleep(Duration::from_millis(waited_ms(n + 1) - waited));
        true
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn waits_grow_in_small_steps() {
            assert_eq!(super::waited_ms(0), 0);
            assert_eq!(super::waited_ms(10), 100);
            assert_eq!(super::waited_ms(28), 1000);
            assert!(super::waited_ms(1000) > 10_000);
        }
    }
}
