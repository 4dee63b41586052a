//! SQLite storage. rusqlite types never leave this module: callers get [`Store`] and [`Tx`]
//! with domain-typed methods, and every SQL statement here takes parameters, never input text.

mod accounts;
mod advocates;
mod cases;
mod contacts;
mod events;
mod opportunities;
mod queue;
mod reports;
pub mod schema;
mod settings;

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use advocates::{Advocate, Role};
pub use cases::CaseFilter;
pub use reports::ClockRow;

use crate::domain::model::Settings;
use crate::{Error, Result};

/// How long a command waits for another smb command's lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// An open smb database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// One transaction: every command runs in exactly one. Dropped without [`Tx::commit`], it
/// rolls back and leaves the database as it was.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
    path: &'a Path,
}

impl Store {
    /// Opens `path`, creating it (mode 0600, with `new_settings`) when missing, and migrates it
    /// forward. A file that is not an smb database, or from a newer smb, is refused untouched.
    /// Returns whether the file was created.
    pub fn open(path: &Path, new_settings: &Settings) -> Result<(Store, bool)> {
        let existed = path.exists()
            && std::fs::metadata(path)
                .map(|m| m.len() > 0)
                .unwrap_or(false);
        if existed {
            check_existing(path)?;
        } else {
            create_file(path)?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| db_err(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| db_err(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure()?;
        let created = store.migrate(new_settings)?;
        Ok((store, created))
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn configure(&mut self) -> Result<()> {
        let p = &self.path;
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .map_err(|e| db_err(p, e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            self.conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
                .map_err(|e| db_err(p, e))?;
        }
        self.conn
            .execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(|e| db_err(p, e))
    }

    /// Runs the pending migrations, each in its own IMMEDIATE transaction; returns whether the
    /// database was new (schema version 0) and got `new_settings`.
    fn migrate(&mut self, new_settings: &Settings) -> Result<bool> {
        let latest = schema::latest();
        let version = user_version(&self.conn).map_err(|e| db_err(&self.path, e))?;
        if version == latest {
            return Ok(false);
        }
        let mut created = false;
        loop {
            let path = self.path.clone();
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| db_err(&path, e))?;
            // Another process may have migrated while we waited for the lock.
            let version = user_version(&tx).map_err(|e| db_err(&path, e))?;
            if version >= latest {
                break;
            }
            let sql = schema::MIGRATIONS[version as usize];
            tx.execute_batch(sql).map_err(|e| db_err(&path, e))?;
            if version == 0 {
                tx.execute_batch(&format!(
                    "PRAGMA application_id = {};",
                    schema::APPLICATION_ID
                ))
                .map_err(|e| db_err(&path, e))?;
                settings::write(&tx, new_settings).map_err(|e| db_err(&path, e))?;
                created = true;
            }
            tx.execute_batch(&format!("PRAGMA user_version = {};", version + 1))
                .map_err(|e| db_err(&path, e))?;
            tx.commit().map_err(|e| db_err(&path, e))?;
        }
        Ok(created)
    }

    /// A write transaction: takes the write lock up front (BEGIN IMMEDIATE).
    pub fn write(&mut self) -> Result<Tx<'_>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| db_err(&self.path, e))?;
        Ok(Tx {
            tx,
            path: &self.path,
        })
    }

    /// A read transaction: one consistent snapshot.
    pub fn read(&mut self) -> Result<Tx<'_>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)
            .map_err(|e| db_err(&self.path, e))?;
        Ok(Tx {
            tx,
            path: &self.path,
        })
    }
}

impl Tx<'_> {
    /// Commits the transaction.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        self.tx.commit().map_err(|e| db_err(path, e))
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
        db_err(self.path, e)
    }
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
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

/// Refuses, without writing a byte, a file that is not an smb database or is from a newer smb.
fn check_existing(path: &Path) -> Result<()> {
    let shown = path.display();
    if path.is_dir() {
        return Err(Error::invalid(format!(
            "{shown} is a directory, not an smb database file"
        )));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| db_err(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| db_err(path, e))?;
    let ids = conn.query_row(
        "SELECT (SELECT application_id FROM pragma_application_id),
                (SELECT user_version FROM pragma_user_version),
                (SELECT count(*) FROM sqlite_master)",
        [],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        },
    );
    let (app_id, version, objects) = match ids {
        Ok(v) => v,
        Err(rusqlite::Error::SqliteFailure(f, _))
            if f.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Err(Error::Database(format!(
                "{shown} is not an smb database (not an SQLite file); it was left untouched. \
                 Use --db to point at another file."
            )));
        }
        Err(e) => return Err(db_err(path, e)),
    };
    if app_id != i64::from(schema::APPLICATION_ID) {
        if app_id == 0 && version == 0 && objects == 0 {
            return Ok(()); // an empty SQLite file: ours to initialise
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
    Ok(())
}

/// Maps an SQLite error to the crate error, naming the file; a lock is explained.
fn db_err(path: &Path, e: rusqlite::Error) -> Error {
    if let rusqlite::Error::SqliteFailure(f, _) = &e
        && matches!(
            f.code,
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
        )
    {
        return Error::Database(format!(
            "database {} is locked by another smb command (waited {} s); wait for it to finish \
             (a nightly import or trigger run can take a minute) and try again",
            path.display(),
            BUSY_TIMEOUT.as_secs()
        ));
    }
    Error::Database(format!("database {}: {e}", path.display()))
}

/// Stored form of a timestamp: RFC 3339 UTC with whole seconds, fixed width, so that text
/// order is time order.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
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
