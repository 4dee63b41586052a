//! A tiny test workdir: a temporary directory with a database, files written into it, and
//! `smb` run with a pinned clock and user.
//!
//! The database is a SQLite file in the directory, or, when `SMB_TEST_ENGINE=postgres` and
//! `SMB_TEST_DB` names a server (`.ci/with-postgres` starts one), a fresh PostgreSQL database of
//! the test's own, dropped when the workdir is. Tests that look at the SQLite file itself return
//! early on PostgreSQL (`if w.is_postgres() { return; } // SQLite-only: why`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The clock every test runs at unless it says otherwise: Monday 2 March 2026, 14:00 UTC.
pub const NOW: &str = "2026-03-02T14:00:00Z";

pub struct Workdir {
    // Dropped first: the PostgreSQL database goes before the directory.
    #[cfg(feature = "postgres")]
    pg: Option<crate::pgdb::TestDb>,
    dir: tempfile::TempDir,
    pub now: String,
    pub user: String,
}

/// The suite runs on PostgreSQL: `SMB_TEST_ENGINE=postgres` (with `SMB_TEST_DB` set).
pub fn on_postgres() -> bool {
    std::env::var("SMB_TEST_ENGINE").is_ok_and(|e| e == "postgres")
}

impl Workdir {
    pub fn new() -> Self {
        #[cfg(not(feature = "postgres"))]
        assert!(
            !on_postgres(),
            "SMB_TEST_ENGINE=postgres: this test binary was built without the `postgres` feature"
        );
        Workdir {
            #[cfg(feature = "postgres")]
            pg: postgres_db(),
            dir: tempfile::tempdir().expect("temp dir"),
            now: NOW.to_string(),
            user: "tester".to_string(),
        }
    }

    /// A workdir on a SQLite file whatever the engine of the run (for tests that need both).
    #[allow(dead_code)]
    pub fn sqlite() -> Self {
        Workdir {
            #[cfg(feature = "postgres")]
            pg: None,
            dir: tempfile::tempdir().expect("temp dir"),
            now: NOW.to_string(),
            user: "tester".to_string(),
        }
    }

    /// A workdir on a fresh PostgreSQL database of its own whatever the engine of the run, or
    /// `None` (with a note) when `SMB_TEST_DB` is not set.
    #[cfg(feature = "postgres")]
    pub fn postgres() -> Option<Self> {
        let pg = crate::pgdb::TestDb::new(&test_name())?;
        Some(Workdir {
            pg: Some(pg),
            ..Workdir::sqlite()
        })
    }

    /// The test's PostgreSQL database, when it has one.
    #[cfg(feature = "postgres")]
    pub fn pg(&self) -> Option<&crate::pgdb::TestDb> {
        self.pg.as_ref()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The database runs on PostgreSQL in this run.
    pub fn is_postgres(&self) -> bool {
        #[cfg(feature = "postgres")]
        if self.pg.is_some() {
            return true;
        }
        false
    }

    /// The SQLite database file. Only for tests that look at the file itself: they return
    /// early on PostgreSQL, so calling this there is a mistake in the test.
    pub fn db(&self) -> PathBuf {
        assert!(
            !self.is_postgres(),
            "this test reads the SQLite file: return early on PostgreSQL \
             (`if w.is_postgres() {{ return; }}` with the reason)"
        );
        self.path("smb.db")
    }

    /// The database as `--db`/`SMB_DB` takes it: the SQLite file, or the PostgreSQL URL.
    pub fn db_arg(&self) -> OsString {
        #[cfg(feature = "postgres")]
        if let Some(pg) = &self.pg {
            return pg.url.clone().into();
        }
        self.path("smb.db").into_os_string()
    }

    /// The whole stored state, for "left exactly as it was" checks: on SQLite the bytes of the
    /// file and its WAL (as [`Workdir::db_bytes`]); on PostgreSQL every row of every table of
    /// the test's database, read behind smb's back.
    pub fn state(&self) -> Vec<u8> {
        #[cfg(feature = "postgres")]
        if let Some(pg) = &self.pg {
            return pg_dump(pg);
        }
        self.db_bytes()
    }

    /// A plain client on the test's PostgreSQL database (its superuser), or `None` on SQLite.
    #[cfg(feature = "postgres")]
    pub fn pg_client(&self) -> Option<postgres::Client> {
        self.pg.as_ref().map(|p| p.client())
    }

    /// The first row of `sql` (a constant query both engines understand, no parameters), its
    /// columns as text, read behind smb's back.
    pub fn sql_row(&self, sql: &str) -> Vec<Option<String>> {
        #[cfg(feature = "postgres")]
        if let Some(pg) = &self.pg {
            let mut c = pg.client();
            // simple_query: every column comes back as text, whatever its type.
            for m in c.simple_query(sql).expect("query") {
                if let postgres::SimpleQueryMessage::Row(r) = m {
                    return (0..r.len()).map(|i| r.get(i).map(str::to_string)).collect();
                }
            }
            panic!("no row from {sql}");
        }
        let c = rusqlite::Connection::open(self.db()).expect("open the SQLite file");
        c.query_row(sql, [], |r| {
            (0..r.as_ref().column_count())
                .map(|i| {
                    Ok(match r.get_ref(i)? {
                        rusqlite::types::ValueRef::Null => None,
                        rusqlite::types::ValueRef::Integer(n) => Some(n.to_string()),
                        rusqlite::types::ValueRef::Real(f) => Some(f.to_string()),
                        rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                            Some(String::from_utf8_lossy(t).into_owned())
                        }
                    })
                })
                .collect()
        })
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Every case, as `smb case show ID --format json` prints it (fields and history), in id
    /// order: what a test compares when it cannot compare files.
    #[allow(dead_code)] // used by the PostgreSQL-only tests
    pub fn snapshot(&self) -> Vec<serde_json::Value> {
        let list = self.json(&["case", "list", "--all-owners", "--status", "any"]);
        let mut ids: Vec<i64> = list
            .as_array()
            .expect("case list is an array")
            .iter()
            .map(|c| c["id"].as_i64().expect("a case id"))
            .collect();
        ids.sort_unstable();
        ids.iter()
            .map(|id| self.json(&["case", "show", &id.to_string()]))
            .collect()
    }

    /// Writes `contents` to `name` in the workdir and returns its path.
    pub fn create(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, contents).expect("write file");
        p
    }

    /// `smb ARGS…` with the pinned environment.
    pub fn smb(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("smb").expect("smb binary");
        c.env_clear()
            .env("SMB_DB", self.db_arg())
            .env("SMB_NOW", &self.now)
            .env("SMB_USER", &self.user)
            .env("HOME", self.dir.path())
            .env("NO_COLOR", "1")
            .env("TZ", "UTC")
            .current_dir(self.dir.path())
            .args(args);
        c
    }

    /// [`Workdir::smb`] as a plain process, to start and not wait for.
    #[allow(dead_code)]
    pub fn spawnable(&self, args: &[&str]) -> std::process::Command {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("smb"));
        c.env_clear()
            .env("SMB_DB", self.db_arg())
            .env("SMB_NOW", &self.now)
            .env("SMB_USER", &self.user)
            .env("HOME", self.dir.path())
            .env("NO_COLOR", "1")
            .env("TZ", "UTC")
            .current_dir(self.dir.path())
            .args(args);
        c
    }

    /// Runs `smb ARGS…`, asserts success, and returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.smb(args).output().expect("run smb");
        assert!(
            out.status.success(),
            "smb {args:?} failed ({}):\nstdout: {}\nstderr: {}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// Runs `smb ARGS…` with `--format json` and parses stdout.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = vec!["--format", "json"];
        a.extend_from_slice(args);
        let out = self.ok(&a);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("bad JSON from {args:?}: {e}\n{out}"))
    }

    /// Runs `smb ARGS…`, asserts exit code `code`, and returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.smb(args).output().expect("run smb");
        assert_eq!(
            out.status.code(),
            Some(code),
            "smb {args:?}: expected exit {code}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// The bytes of the database file (with its WAL checkpointed by closing), for
    /// "left exactly as it was" checks.
    /// SQLite only; engine-neutral tests use [`Workdir::state`].
    pub fn db_bytes(&self) -> Vec<u8> {
        let mut all = std::fs::read(self.db()).unwrap_or_default();
        let mut wal = self.db().into_os_string();
        wal.push("-wal");
        all.extend(std::fs::read(Path::new(&wal)).unwrap_or_default());
        all
    }
}

/// The repository's `fixtures/` directory.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A fresh database for the running test when the suite runs on PostgreSQL.
#[cfg(feature = "postgres")]
fn postgres_db() -> Option<crate::pgdb::TestDb> {
    if !on_postgres() {
        return None;
    }
    assert!(
        std::env::var("SMB_TEST_DB").is_ok_and(|d| !d.is_empty()),
        "SMB_TEST_ENGINE=postgres needs SMB_TEST_DB: run inside .ci/with-postgres"
    );
    crate::pgdb::TestDb::new(&test_name())
}

/// The running test's name (its last path segment).
#[cfg(feature = "postgres")]
fn test_name() -> String {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("cli");
    test.rsplit("::").next().unwrap_or(test).to_string()
}

/// Every row of every table in the test database's schema, as text, in a stable order.
#[cfg(feature = "postgres")]
fn pg_dump(pg: &crate::pgdb::TestDb) -> Vec<u8> {
    let mut c = pg.client();
    let tables: Vec<String> = c
        .query(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1",
            &[],
        )
        .expect("list tables")
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut out = String::new();
    for t in tables {
        // The table name comes from the catalog, quoted by the server.
        let q: String = c
            .query_one("SELECT quote_ident($1)", &[&t])
            .expect("quote")
            .get(0);
        out.push_str(&format!("== {t}\n"));
        for r in c
            .query(&format!("SELECT x::text FROM {q} x ORDER BY 1"), &[])
            .expect("dump table")
        {
            out.push_str(&r.get::<_, String>(0));
            out.push('\n');
        }
    }
    out.into_bytes()
}
