//! Safety (issue #6): crash mid-import, locks, hostile input, verbatim round trips,
//! migrations from every landed schema version.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{NOW, Workdir};

fn big_accounts(w: &Workdir, rows: usize) -> std::path::PathBuf {
    let mut s = String::from("account_id,account_name,region,carr,employees,lam,email_domain\n");
    for i in 0..rows {
        s.push_str(&format!(
            "B{i:07},Company {i},EMEA,{}.{:02},{},{},c{i}.example\n",
            i % 40_000,
            i % 100,
            i % 120,
            i % 20
        ));
    }
    w.create("big.csv", s)
}

fn count(w: &Workdir, table: &str) -> i64 {
    #[cfg(feature = "postgres")]
    if let Some(mut c) = w.pg_client() {
        // `table` is one of this file's constants, never input.
        return c
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .unwrap()
            .get(0);
    }
    let db = rusqlite::Connection::open(w.db()).unwrap();
    db.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// SQLite's integrity check; on PostgreSQL "ok" (the server keeps its own files whole, and
/// smb's `verify` there is `SELECT 1`).
fn integrity(w: &Workdir) -> String {
    if w.is_postgres() {
        return "ok".into();
    }
    let db = rusqlite::Connection::open(w.db()).unwrap();
    db.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Starts `smb ARGS…`, waits until it has written 1 MiB into the WAL, checks it is still
/// running (so the kill lands mid-write), and kills it with SIGKILL.
fn kill_mid_write(w: &Workdir, args: &[&str]) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("smb"))
        .args(args)
        .env("SMB_DB", w.db_arg())
        .env("SMB_NOW", NOW)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut wal = w.db().into_os_string();
    wal.push("-wal");
    let start = Instant::now();
    while std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) < 1 << 20
        && start.elapsed() < Duration::from_secs(120)
    {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "smb {args:?} finished before the kill: give it more rows"
    );
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
}

/// SIGKILL in the middle of a large import: the database is whole and exactly as before.
#[test]
fn killed_import_leaves_the_database_as_it_was() {
    let w = Workdir::new();
    if w.is_postgres() {
        return; // SQLite-only: times the kill by the growth of the WAL file
    }
    let small = w.create(
        "small.csv",
        "account_id,account_name,region,carr\nS1,Seed,AMER,10\n",
    );
    w.ok(&["import", "accounts", small.to_str().unwrap()]);
    let big = big_accounts(&w, 300_000);
    kill_mid_write(&w, &["import", "accounts", big.to_str().unwrap()]);
    assert_eq!(integrity(&w), "ok");
    assert_eq!(
        count(&w, "accounts"),
        1,
        "the killed import left rows behind"
    );
    // And the database still works.
    w.ok(&["import", "accounts", small.to_str().unwrap()]);
}

/// A reader is never blocked by a long import (WAL), and sees the state before it: it runs
/// while the import is known to be mid-write, does not wait at all (SMB_BUSY_TIMEOUT=0), and
/// finishes before the import does.
#[test]
fn a_reader_works_during_an_import() {
    let w = Workdir::new();
    if w.is_postgres() {
        return; // SQLite-only: times the reader by the growth of the WAL file
    }
    let small = w.create(
        "small.csv",
        "account_id,account_name,region,carr\nS1,Seed,AMER,10\n",
    );
    w.ok(&["import", "accounts", small.to_str().unwrap()]);
    let big = big_accounts(&w, 300_000);
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("smb"))
        .args(["import", "accounts", big.to_str().unwrap()])
        .env("SMB_DB", w.db_arg())
        .env("SMB_NOW", NOW)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut wal = w.db().into_os_string();
    wal.push("-wal");
    let start = Instant::now();
    while std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) < 1 << 20
        && start.elapsed() < Duration::from_secs(120)
    {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the import finished before the reader ran: give it more rows"
    );
    let out = w
        .smb(&["--format", "json", "tier", "--summary"])
        .env("SMB_BUSY_TIMEOUT", "0")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the reader was blocked: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        child.try_wait().unwrap().is_none(),
        "the import finished while the reader ran: give it more rows"
    );
    let t: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let total = t.as_array().unwrap().last().unwrap()["total"]
        .as_i64()
        .unwrap();
    assert_eq!(total, 1, "a reader saw a half-written import");
    assert!(child.wait().unwrap().success());
    assert_eq!(count(&w, "accounts"), 300_001);
    assert_eq!(integrity(&w), "ok");
}

/// A lock held by another process is waited for up to the busy timeout, then reported
/// naming the file; the database is untouched.
#[test]
fn a_held_lock_is_waited_for_then_reported() {
    let w = Workdir::new();
    if w.is_postgres() {
        return; // SQLite-only: holds SQLite's write lock from a second connection
    }
    w.ok(&["init"]);
    let f = w.create(
        "a.csv",
        "account_id,account_name,region,carr\nA1,X,AMER,1\n",
    );
    let holder = rusqlite::Connection::open(w.db()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let start = Instant::now();
    let out = w
        .smb(&["import", "accounts", f.to_str().unwrap()])
        .env("SMB_BUSY_TIMEOUT", "1")
        .output()
        .unwrap();
    let waited = start.elapsed();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("locked") && err.contains(w.db().to_str().unwrap()) && err.contains("1 s"),
        "{err}"
    );
    // Both sides: it waited the timeout it was given, not the 10 s default.
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(5),
        "waited {waited:?} with SMB_BUSY_TIMEOUT=1"
    );
    holder.execute_batch("ROLLBACK;").unwrap();
    // Released within the timeout: the command waits and succeeds.
    holder.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let mut cmd = w.smb(&["import", "accounts", f.to_str().unwrap()]);
    cmd.env("SMB_BUSY_TIMEOUT", "20");
    let run = std::thread::spawn(move || cmd.output().unwrap());
    std::thread::sleep(Duration::from_millis(500));
    holder.execute_batch("COMMIT;").unwrap();
    let out = run.join().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count(&w, "accounts"), 1);
}

/// Quotes, SQL fragments, newlines, emoji and right-to-left marks come back verbatim.
#[test]
fn hostile_text_round_trips_verbatim() {
    let w = Workdir::new();
    let names = [
        "O'Brien \"Quoted\" Ltd",
        "Robert'); DROP TABLE accounts;--",
        "Line one\nLine two",
        "Emoji 🚀🦀 Co",
        "\u{202e}cilbup\u{202c} RTL \u{200f}mark",
        "Comma, Semicolon; Tab\tEnd",
    ];
    let mut csv = String::from("account_id,account_name,region,carr\n");
    for (i, n) in names.iter().enumerate() {
        csv.push_str(&format!("H{i},\"{}\",AMER,1\n", n.replace('"', "\"\"")));
    }
    let f = w.create("h.csv", csv);
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    let got = w.json(&["tier"]);
    for (i, n) in names.iter().enumerate() {
        let row = got
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["account_id"] == format!("H{i}"))
            .unwrap();
        assert_eq!(row["name"].as_str().unwrap(), *n);
    }
    assert_eq!(count(&w, "accounts"), names.len() as i64);
}

/// Every schema version that has landed, opened by this build, keeps its data.
#[test]
fn databases_from_every_landed_schema_version_open_and_keep_their_data() {
    if crate::support::on_postgres() {
        return; // SQLite-only: opens the SQLite fixture files of every landed version
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/db");
    let mut versions = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "db") {
            continue;
        }
        versions += 1;
        let w = Workdir::new();
        std::fs::copy(&path, w.db()).unwrap();
        let before = count(&w, "accounts");
        assert!(before > 0, "{} has no accounts", path.display());
        let t = w.json(&["tier", "--summary"]);
        assert_eq!(
            t.as_array().unwrap().last().unwrap()["total"]
                .as_i64()
                .unwrap(),
            before
        );
        let db = rusqlite::Connection::open(w.db()).unwrap();
        let v: i64 = db
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            v,
            smb::store::schema::latest(),
            "{} was not migrated",
            path.display()
        );
    }
    assert!(versions >= 1, "no fixture databases in {}", dir.display());
}

/// A version 1 database with SLA clocks stopped by a pick and by a reassignment, opened by this
/// build: migration 2 classifies them from the history, and `report sla` counts the pick as
/// met (the fixture database has no stopped clock, so it never ran this backfill).
#[test]
fn migration_2_backfill_classifies_clocks_stopped_before_it() {
    let w = Workdir::new();
    if w.is_postgres() {
        return; // SQLite-only: writes a version 1 SQLite file by hand
    }
    {
        let conn = rusqlite::Connection::open(w.db()).unwrap();
        conn.execute_batch(smb::store::schema::MIGRATIONS[0])
            .unwrap();
        conn.execute_batch(&format!(
            "PRAGMA application_id = {}; PRAGMA user_version = 1;
             INSERT INTO settings (key, value) VALUES ('model', 'digital');
             INSERT INTO cases (id, trigger, category, subject, priority, status, origin,
                                created_at, created_by, queue, owner)
             VALUES (1, 'manual', 'Inbound Request', 's', 0, 'In Progress', 'manual',
                     '2026-03-02T10:00:00Z', 'x', 'AMER', 'Dana'),
                    (2, 'manual', 'Inbound Request', 's', 0, 'Open', 'manual',
                     '2026-03-02T10:00:00Z', 'x', 'AMER', 'Dana');
             INSERT INTO case_history (case_id, at, actor, action) VALUES
               (1, '2026-03-02T11:00:00Z', 'Dana', 'picked'),
               (2, '2026-03-02T11:00:00Z', 'Dana', 'assigned');
             INSERT INTO sla_clocks (case_id, started_at, stopped_at, reason) VALUES
               (1, '2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z', 'created'),
               (2, '2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z', 'created');",
            smb::store::schema::APPLICATION_ID
        ))
        .unwrap();
    }
    let rows = w.json(&["report", "sla"]);
    let sum = |key: &str| -> i64 {
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| r[key].as_i64().unwrap())
            .sum()
    };
    // The clock stopped by the pick is met; the one stopped without a pick is not counted.
    assert_eq!((sum("total"), sum("met")), (1, 1), "{rows}");
    let db = rusqlite::Connection::open(w.db()).unwrap();
    let stops: Vec<Option<String>> = db
        .prepare("SELECT stopped_by FROM sla_clocks ORDER BY case_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(stops, [Some("pick".to_string()), Some("other".to_string())]);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Arbitrary bytes given to `smb import`: never a panic, always exit 0 or 2, and a refused
    /// import leaves the database as it was.
    #[test]
    fn import_of_arbitrary_bytes_exits_0_or_2(
        bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
        kind in proptest::sample::select(vec!["accounts", "opportunities", "contacts", "events"]),
    ) {
        let w = Workdir::new();
        let seed = w.create("seed.csv", "account_id,account_name,region,carr\nA1,X,AMER,1\n");
        w.ok(&["import", "accounts", seed.to_str().unwrap()]);
        let before = w.state();
        let f = w.create("fuzz.csv", &bytes);
        let out = w.smb(&["import", kind, f.to_str().unwrap()]).output().unwrap();
        let code = out.status.code();
        proptest::prop_assert!(code == Some(0) || code == Some(2), "exit {:?}: {}", code, String::from_utf8_lossy(&out.stderr));
        proptest::prop_assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
        if code == Some(2) {
            proptest::prop_assert_eq!(before, w.state());
        }
    }
}

/// `n` tier-1 AMER accounts: each gets a High Value Account case from `smb trigger run`.
fn tier1_accounts(w: &Workdir, n: usize) -> std::path::PathBuf {
    let mut s = String::from("account_id,account_name,region,carr,employees,lam\n");
    for i in 0..n {
        s.push_str(&format!("T{i:07},Tier One {i},AMER,9000,10,5\n"));
    }
    w.create("tier1.csv", s)
}

/// SIGKILL in the middle of a trigger run: no case is half-created; the database is whole and
/// exactly as before, and the next run creates everything.
#[test]
fn killed_trigger_run_leaves_the_database_as_it_was() {
    let w = Workdir::new();
    if w.is_postgres() {
        return; // SQLite-only: times the kill by the growth of the WAL file
    }
    let f = tier1_accounts(&w, 60_000);
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    kill_mid_write(&w, &["trigger", "run"]);
    assert_eq!(integrity(&w), "ok");
    assert_eq!(count(&w, "cases"), 0, "the killed run left cases behind");
    assert_eq!(count(&w, "case_history"), 0);
    let out = w.json(&["trigger", "run"]);
    assert_eq!(out["created"].as_array().unwrap().len(), 60_000);
}

/// Eight processes create cases while a trigger run writes: every command succeeds (they
/// wait for the lock instead of failing), nothing is lost, the file is whole.
#[test]
fn eight_writers_during_a_trigger_run() {
    let w = Workdir::new();
    let f = tier1_accounts(&w, 20_000);
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    let mut run = w.smb(&["--format", "json", "trigger", "run"]);
    run.env("SMB_BUSY_TIMEOUT", "120");
    let runner = std::thread::spawn(move || run.output().unwrap());
    std::thread::sleep(Duration::from_millis(100));
    let writers: Vec<_> = (0..8)
        .map(|i| {
            let mut c = w.smb(&[
                "case",
                "new",
                "--account",
                &format!("T{i:07}"),
                "--subject",
                "Referral",
            ]);
            c.env("SMB_BUSY_TIMEOUT", "120");
            std::thread::spawn(move || c.output().unwrap())
        })
        .collect();
    for h in writers {
        let out = h.join().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = runner.join().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let created = v["created"].as_array().unwrap().len() as i64;
    assert_eq!(count(&w, "cases"), created + 8);
    assert_eq!(integrity(&w), "ok");
    // A second run creates nothing new.
    let again = w.json(&["trigger", "run"]);
    assert!(again["created"].as_array().unwrap().is_empty());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(16))]

    /// Arbitrary messages given to `smb case email`: never a panic, always exit 0 or 2.
    #[test]
    fn arbitrary_email_exits_0_or_2(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
        let w = Workdir::new();
        let f = w.create("m.eml", &bytes);
        let out = w.smb(&["case", "email", f.to_str().unwrap()]).output().unwrap();
        let code = out.status.code();
        proptest::prop_assert!(code == Some(0) || code == Some(2), "exit {:?}: {}", code, String::from_utf8_lossy(&out.stderr));
        proptest::prop_assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
}

/// Hostile text in a manual case and an email subject comes back verbatim.
#[test]
fn hostile_case_text_round_trips_verbatim() {
    let w = Workdir::new();
    let f = w.create(
        "a.csv",
        "account_id,account_name,region,carr\nA1,Acme,AMER,5000\n",
    );
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    let text =
        "Robert'); DROP TABLE cases;-- \"quoted\"\nnext line 🚀 \u{202e}lrt\u{202c} \u{200f}";
    let c = w.json(&[
        "case",
        "new",
        "--account",
        "A1",
        "--subject",
        "Referral",
        "--description",
        text,
    ]);
    assert_eq!(c["description"].as_str().unwrap(), text);
    let shown = w.json(&["case", "show", &c["id"].to_string()]);
    assert_eq!(shown["description"].as_str().unwrap(), text);
    let subject = "Frage 🚀 'quoted' \"double\" ; DROP TABLE x; \u{202e}abc";
    let m = w.create(
        "m.eml",
        format!(
            "From: x@unknown.example\r\nSubject: {subject}\r\nMessage-ID: <h1@x>\r\n\r\nbody\r\n"
        ),
    );
    let c = w.json(&["case", "email", m.to_str().unwrap()]);
    assert_eq!(c["subject"].as_str().unwrap(), subject);
}
