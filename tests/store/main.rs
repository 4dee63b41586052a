//! Store conformance on PostgreSQL (SPEC §9, §10): each test gets a database of its own on the
//! server `SMB_TEST_DB` names (`.ci/with-postgres` starts one); without it each test prints a
//! note and checks nothing. Phase 2 of the store boundary runs the same tests on both engines.

#![cfg(feature = "postgres")]

#[path = "../pgdb/mod.rs"]
mod pgdb;

mod absence;
mod calendar;
mod domains;
mod opps;
mod ops;
mod read;
mod standings;
mod write;

use std::collections::BTreeMap;
use std::sync::{Arc, Barrier};
use std::time::Duration;

use pgdb::TestDb;
use smb::domain::model::{Model, Settings};
use smb::store::postgres::{Env, Store};

const BUSY: Duration = Duration::from_secs(10);

fn no_env() -> Env<'static> {
    Env {
        var: &|_| None,
        home: None,
    }
}

fn open(url: &str, model: Model) -> smb::Result<(Store, bool)> {
    Store::open_with_env(url, &Settings::new(model), BUSY, &no_env())
}

/// Tables (but the metadata table) with their columns in order, and the secondary indexes.
fn pg_schema(c: &mut postgres::Client) -> (BTreeMap<String, Vec<String>>, Vec<String>) {
    let mut tables: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in c
        .query(
            "SELECT table_name::text, column_name::text FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name <> 'smb_schema'
              ORDER BY table_name, ordinal_position",
            &[],
        )
        .unwrap()
    {
        tables.entry(r.get(0)).or_default().push(r.get(1));
    }
    let indexes = c
        .query(
            "SELECT indexname::text FROM pg_indexes
              WHERE schemaname = current_schema()
                AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key'
              ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    (tables, indexes)
}

fn sqlite_schema() -> (BTreeMap<String, Vec<String>>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    drop(smb::store::sqlite::Store::open(&path, &Settings::new(Model::Digital)).unwrap());
    let c = rusqlite::Connection::open(&path).unwrap();
    let mut tables: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut st = c
        .prepare(
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
              WHERE m.type = 'table' ORDER BY m.name, p.cid",
        )
        .unwrap();
    for r in st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
    {
        let (t, col) = r.unwrap();
        tables.entry(t).or_default().push(col);
    }
    let mut st = c
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'index'
              AND name NOT LIKE 'sqlite_autoindex%' ORDER BY 1",
        )
        .unwrap();
    let indexes = st
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    (tables, indexes)
}

/// Everything a test can see changing in a database: its relations and their row counts.
fn fingerprint(c: &mut postgres::Client) -> Vec<(String, String, i64)> {
    let rels: Vec<(String, String)> = c
        .query(
            "SELECT n.nspname || '.' || c.relname, c.relkind::text
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
              ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    rels.into_iter()
        .map(|(name, kind)| {
            let rows = if kind == "r" {
                // The name comes from the catalogue, not from input.
                c.query_one(&format!("SELECT count(*) FROM {name}"), &[])
                    .unwrap()
                    .get(0)
            } else {
                -1
            };
            (name, kind, rows)
        })
        .collect()
}

#[test]
fn init_creates_the_schema_of_sqlite_and_reopening_is_a_no_op() {
    let Some(db) = TestDb::new("init_creates_the_schema") else {
        return;
    };
    let (mut s, created) = open(&db.url, Model::Pooled).unwrap();
    assert!(created);
    assert_eq!(s.schema_version().unwrap(), smb::store::schema::latest());
    assert_eq!(s.settings().unwrap(), Settings::new(Model::Pooled));
    drop(s);

    let (mut s, created) = open(&db.url, Model::Digital).unwrap();
    assert!(!created, "an existing database is not re-created");
    assert_eq!(
        s.settings().unwrap().model,
        Model::Pooled,
        "it keeps its model"
    );

    let (mut pg_tables, pg_indexes) = pg_schema(&mut db.client());
    let (sq_tables, sq_indexes) = sqlite_schema();
    // The summary PostgreSQL's import keeps for `tier --summary` (migration 15); SQLite keeps
    // none.
    for t in ["standing_summary", "standing_counts"] {
        assert!(pg_tables.remove(t).is_some(), "{t}");
    }
    assert_eq!(pg_tables, sq_tables, "same tables and columns, in order");
    let pg_indexes: Vec<String> = pg_indexes
        .into_iter()
        .filter(|i| i != "advocates_name_nocase")
        .collect();
    assert_eq!(pg_indexes, sq_indexes, "same indexes by name");
}

#[test]
fn a_database_with_other_tables_is_refused_untouched() {
    let Some(db) = TestDb::new("other_tables_refused") else {
        return;
    };
    let mut c = db.client();
    c.batch_execute(
        "CREATE TABLE invoices (id int PRIMARY KEY, total bigint);
         INSERT INTO invoices SELECT g, g * 100 FROM generate_series(1, 50) g;
         CREATE SCHEMA billing; CREATE TABLE billing.runs (at text);",
    )
    .unwrap();
    let before = fingerprint(&mut c);
    let e = open(&db.url, Model::Digital).err().expect("refused");
    assert!(e.to_string().contains("no smb schema"), "{e}");
    assert!(e.to_string().contains("left untouched"), "{e}");
    assert_eq!(e.exit_code(), 1);
    assert_eq!(fingerprint(&mut c), before);

    // A table in another schema alone is enough.
    let Some(db) = TestDb::new("other_schema_refused") else {
        return;
    };
    let mut c = db.client();
    c.batch_execute("CREATE SCHEMA billing; CREATE TABLE billing.runs (at text);")
        .unwrap();
    let before = fingerprint(&mut c);
    assert!(open(&db.url, Model::Digital).is_err());
    assert_eq!(fingerprint(&mut c), before);
}

#[test]
fn a_database_holding_only_an_extensions_tables_is_ours_to_initialise() {
    let Some(db) = TestDb::new("extension_only") else {
        return;
    };
    let mut c = db.client();
    if let Err(e) = c.batch_execute("CREATE EXTENSION pg_stat_statements") {
        eprintln!("note: no pg_stat_statements on this server ({e}); check skipped");
        return;
    }
    let (_, created) = open(&db.url, Model::Digital).expect("extension views are not data");
    assert!(created);
}

#[test]
fn a_database_from_a_newer_smb_is_refused_untouched() {
    let Some(db) = TestDb::new("newer_refused") else {
        return;
    };
    drop(open(&db.url, Model::Digital).unwrap());
    let mut c = db.client();
    let newer = smb::store::schema::latest() + 1;
    c.execute("UPDATE smb_schema SET version = $1", &[&newer])
        .unwrap();
    let before = fingerprint(&mut c);
    let e = open(&db.url, Model::Digital).err().expect("refused");
    assert!(e.to_string().contains("newer smb"), "{e}");
    assert!(
        e.to_string().contains(&format!("schema version {newer}")),
        "{e}"
    );
    assert_eq!(fingerprint(&mut c), before);
    let v: i64 = c
        .query_one("SELECT version FROM smb_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(v, newer);
}

#[test]
fn case_history_is_append_only_in_the_database_itself() {
    let Some(db) = TestDb::new("history_append_only") else {
        return;
    };
    drop(open(&db.url, Model::Digital).unwrap());
    let mut c = db.client();
    c.batch_execute(
        "INSERT INTO cases (id, trigger, category, subject, priority, status, origin, created_at, created_by)
         VALUES (1, 'manual', 'Support', 's', 1, 'Open', 'Manual', '2026-01-01T00:00:00Z', 'ann');
         INSERT INTO case_history (case_id, at, actor, action)
         VALUES (1, '2026-01-01T00:00:00Z', 'ann', 'created');",
    )
    .unwrap();
    for sql in [
        "UPDATE case_history SET actor = 'bob'",
        "DELETE FROM case_history",
        "TRUNCATE case_history",
        "TRUNCATE cases CASCADE",
    ] {
        let e = c.batch_execute(sql).expect_err(sql);
        let db_err = e.as_db_error().expect("a database error");
        assert!(
            db_err.message().contains("append-only"),
            "{sql}: {}",
            db_err.message()
        );
    }
    // Appending still works.
    c.batch_execute(
        "INSERT INTO case_history (case_id, at, actor, action)
         VALUES (1, '2026-01-01T00:01:00Z', 'ann', 'picked');",
    )
    .unwrap();
    let rows: Vec<(String, String)> = c
        .query("SELECT actor, action FROM case_history ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(
        rows,
        [
            ("ann".into(), "created".into()),
            ("ann".into(), "picked".into())
        ]
    );
}

#[test]
fn many_processes_migrating_at_once_all_succeed_with_one_schema() {
    let Some(db) = TestDb::new("migrate_at_once") else {
        return;
    };
    const N: usize = 8;
    let start = Arc::new(Barrier::new(N));
    let handles: Vec<_> = (0..N)
        .map(|_| {
            let url = db.url.clone();
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                open(&url, Model::Digital).map(|(_, created)| created)
            })
        })
        .collect();
    let results: Vec<bool> = handles
        .into_iter()
        .map(|h| h.join().unwrap().expect("every opener succeeds"))
        .collect();
    assert_eq!(
        results.iter().filter(|c| **c).count(),
        1,
        "exactly one created the schema"
    );
    let mut c = db.client();
    let (meta_rows, settings_rows): (i64, i64) = {
        let r = c
            .query_one(
                "SELECT (SELECT count(*) FROM smb_schema), (SELECT count(*) FROM settings)",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!((meta_rows, settings_rows), (1, 6));
}

#[test]
fn a_lock_held_past_the_busy_timeout_gives_the_busy_message() {
    let Some(db) = TestDb::new("busy_timeout") else {
        return;
    };
    drop(open(&db.url, Model::Digital).unwrap());
    let mut holder = db.client();
    let mut tx = holder.transaction().unwrap();
    tx.batch_execute("LOCK TABLE settings IN ACCESS EXCLUSIVE MODE")
        .unwrap();
    let (mut s, _) = Store::open_with_env(
        &db.url,
        &Settings::new(Model::Digital),
        Duration::from_millis(200),
        &no_env(),
    )
    .unwrap();
    let e = s.settings().expect_err("the lock is held");
    assert!(
        e.to_string().contains("locked by another smb command"),
        "{e}"
    );
    assert_eq!(e.exit_code(), 1);
    tx.rollback().unwrap();
    assert_eq!(s.settings().unwrap().model, Model::Digital);
}

#[test]
fn a_migration_waiting_past_the_busy_timeout_leaves_the_database_empty() {
    let Some(db) = TestDb::new("busy_migration") else {
        return;
    };
    let mut holder = db.client();
    // The migration lock's key, as smb takes it.
    holder
        .execute("SELECT pg_advisory_lock($1)", &[&0x736d_6231_0000_0001_i64])
        .unwrap();
    let e = Store::open_with_env(
        &db.url,
        &Settings::new(Model::Digital),
        Duration::from_millis(200),
        &no_env(),
    )
    .err()
    .expect("the migration lock is held");
    assert!(
        e.to_string().contains("locked by another smb command"),
        "{e}"
    );
    assert!(fingerprint(&mut holder).is_empty(), "nothing was created");
}

#[test]
fn the_password_never_appears_in_a_connection_error() {
    let Some(db) = TestDb::new("password_not_leaked") else {
        return;
    };
    let right = "Right-Pw-7731";
    let wrong = "Wrong-Sentinel-9921";
    let role = format!("{}_login", db.name);
    let mut admin = db.admin();
    // Names made here, not from input.
    admin
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS \"{role}\"; CREATE ROLE \"{role}\" LOGIN PASSWORD '{right}';"
        ))
        .unwrap();
    // The login may create smb's tables (phase 2 grants a login only what smb needs).
    db.client()
        .batch_execute(&format!("GRANT ALL ON SCHEMA public TO \"{role}\""))
        .unwrap();
    let port = db.port();
    let url = |pw: &str| format!("postgres://{role}:{pw}@127.0.0.1:{port}/{}", db.name);
    let plain = || format!("postgres://{role}@127.0.0.1:{port}/{}", db.name);

    // Nothing listening: refused before any password is sent.
    let e = open(
        &format!("postgres://ann:{wrong}@127.0.0.1:1/x"),
        Model::Digital,
    )
    .err()
    .expect("nothing listens on port 1");
    assert!(!e.to_string().contains(wrong), "{e}");
    assert!(
        e.to_string().contains("postgres://ann@127.0.0.1:1/x"),
        "{e}"
    );

    let trusted = open(&url(wrong), Model::Digital).is_ok();
    if trusted {
        eprintln!(
            "note: the server trusts every login on 127.0.0.1; the wrong-password checks are skipped"
        );
    } else {
        let e = open(&url(wrong), Model::Digital).err().unwrap();
        assert!(!e.to_string().contains(wrong), "{e}");
        assert!(e.to_string().contains("password"), "{e}");
        // From PGPASSWORD too.
        let env_wrong = Env {
            var: &|k| (k == "PGPASSWORD").then(|| wrong.to_string()),
            home: None,
        };
        let e = Store::open_with_env(&plain(), &Settings::new(Model::Digital), BUSY, &env_wrong)
            .err()
            .unwrap();
        assert!(!e.to_string().contains(wrong), "{e}");
    }
    // The right password, from each source, connects.
    open(&url(right), Model::Digital).expect("password in the URL");
    let env_right = Env {
        var: &|k| (k == "PGPASSWORD").then(|| right.to_string()),
        home: None,
    };
    Store::open_with_env(&plain(), &Settings::new(Model::Digital), BUSY, &env_right)
        .expect("password from PGPASSWORD");
    let home = tempfile::tempdir().unwrap();
    let pgpass = home.path().join(".pgpass");
    std::fs::write(&pgpass, format!("127.0.0.1:{port}:*:{role}:{right}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let env_file = Env {
        var: &|_| None,
        home: Some(home.path().to_path_buf()),
    };
    Store::open_with_env(&plain(), &Settings::new(Model::Digital), BUSY, &env_file)
        .expect("password from ~/.pgpass");
    drop(admin.batch_execute(&format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}'"
    )));
    // The database is dropped WITH (FORCE) first; the role after it.
    drop(db);
    admin
        .batch_execute(&format!("DROP ROLE IF EXISTS \"{role}\""))
        .unwrap();
}

#[test]
fn tls_is_used_and_checked_as_sslmode_says() {
    let Some(db) = TestDb::new("tls_modes") else {
        return;
    };
    let Ok(ca) = std::env::var("SMB_TEST_DB_CA") else {
        eprintln!("note: SMB_TEST_DB_CA is not set (server without TLS); TLS checks skipped");
        return;
    };
    let other = std::env::var("SMB_TEST_DB_OTHER_CA").expect("set with SMB_TEST_DB_CA");
    drop(open(&db.url, Model::Digital).unwrap());
    let port = db.port();
    let mut admin = db.admin();
    // The certificate names `localhost`, signed by the test CA: (host, sslmode, sslrootcert,
    // connects, encrypted).
    let cases = [
        ("localhost", "verify-full", Some(ca.as_str()), true, true),
        ("127.0.0.1", "verify-full", Some(ca.as_str()), false, false),
        ("127.0.0.1", "verify-ca", Some(ca.as_str()), true, true),
        ("localhost", "verify-full", Some("system"), false, false),
        ("127.0.0.1", "verify-ca", Some(other.as_str()), false, false),
        ("127.0.0.1", "require", None, true, true),
        // libpq: `require` with a root certificate file checks the chain, as verify-ca.
        ("127.0.0.1", "require", Some(ca.as_str()), true, true),
        ("127.0.0.1", "require", Some(other.as_str()), false, false),
        ("127.0.0.1", "prefer", None, true, true),
        ("127.0.0.1", "disable", None, true, false),
    ];
    for (i, (host, mode, root, connects, encrypted)) in cases.into_iter().enumerate() {
        let app = format!("smb_tls_{i}");
        let mut url = format!(
            "postgres://postgres@{host}:{port}/{}?sslmode={mode}&application_name={app}",
            db.name
        );
        if let Some(r) = root {
            url.push_str(&format!("&sslrootcert={r}"));
        }
        let opened = open(&url, Model::Digital);
        assert_eq!(opened.is_ok(), connects, "{url}: {:?}", opened.err());
        if opened.is_ok() {
            let ssl: bool = admin
                .query_one(
                    "SELECT coalesce(bool_or(s.ssl), false) FROM pg_stat_ssl s
                       JOIN pg_stat_activity a USING (pid) WHERE a.application_name = $1",
                    &[&app],
                )
                .unwrap()
                .get(0);
            assert_eq!(ssl, encrypted, "{url}: encrypted?");
        }
    }
}

fn smb(args: &[&str]) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_smb"));
    c.args(args)
        .env_remove("SMB_DB")
        .env_remove("PGPASSWORD")
        .env("SMB_NOW", "2026-03-02T09:00:00Z");
    c
}

#[test]
fn smb_init_creates_a_postgres_database_and_never_shows_the_password() {
    let Some(db) = TestDb::new("cli_init") else {
        return;
    };
    // The test server trusts the superuser on 127.0.0.1, so any password is accepted.
    let secret = "Cli-Sentinel-5150";
    let with_pw = db
        .url
        .replacen("postgres@", &format!("postgres:{secret}@"), 1);
    let shown = format!("postgres://postgres@127.0.0.1:{}/{}", db.port(), db.name);
    let out = smb(&["--db", &with_pw, "init", "--model", "pooled"])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}{stderr}");
    assert_eq!(
        stdout.trim(),
        format!("Created {shown}: pooled database, fiscal year starting February.")
    );
    assert!(!stdout.contains(secret) && !stderr.contains(secret));

    let out = smb(&["--db", &with_pw, "--format", "json", "init"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["database"], shown.as_str());
    assert_eq!(v["created"], false);
    assert_eq!(v["model"], "pooled");

    let out = smb(&["--db", &with_pw, "init", "--model", "digital"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a database keeps its model");
    assert!(!String::from_utf8_lossy(&out.stderr).contains(secret));
}

#[test]
fn smb_init_in_several_processes_at_once_creates_one_schema() {
    let Some(db) = TestDb::new("cli_init_race") else {
        return;
    };
    let children: Vec<_> = (0..6)
        .map(|_| {
            smb(&["--db", &db.url, "--format", "json", "init"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut created = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        created += usize::from(v["created"] == true);
    }
    assert_eq!(created, 1, "exactly one process created the schema");
    let v: i64 = db
        .client()
        .query_one("SELECT version FROM smb_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(v, smb::store::schema::latest());
}

#[test]
fn smb_init_on_a_foreign_database_exits_1_and_leaves_it_untouched() {
    let Some(db) = TestDb::new("cli_init_foreign") else {
        return;
    };
    let mut c = db.client();
    c.batch_execute("CREATE TABLE ledger (id int); INSERT INTO ledger VALUES (1), (2);")
        .unwrap();
    let before = fingerprint(&mut c);
    let out = smb(&["--db", &db.url, "init"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no smb schema"));
    assert_eq!(fingerprint(&mut c), before);
}
