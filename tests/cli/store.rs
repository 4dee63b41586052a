//! The database file: created 0600, WAL, refused untouched when foreign or newer, models kept.

use crate::support::Workdir;

fn hash(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_new_database_is_owner_only_and_in_wal_mode() {
    let w = Workdir::new();
    if w.is_postgres() {
        return; // SQLite-only: the file's mode, journal mode and application id
    }
    w.ok(&["init"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(w.db()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let db = rusqlite::Connection::open(w.db()).unwrap();
    let mode: String = db
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let app: i64 = db
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, 0x736d_6231);
}

/// SPEC §9: only init, import, advocate add and demo create a database.
#[test]
fn import_and_advocate_add_create_a_missing_digital_database() {
    let w = Workdir::new();
    let f = w.create(
        "a.csv",
        "account_id,account_name,region,carr\nA1,Acme,AMER,1\n",
    );
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    let out = w.json(&["init"]);
    assert_eq!(out["model"], "digital");
    assert_eq!(out["created"], false);
    let w = Workdir::new();
    w.ok(&["advocate", "add", "Dana", "--region", "AMER"]);
    assert_eq!(w.json(&["advocate", "list"])[0]["name"], "Dana");
}

#[test]
fn init_pooled_and_the_model_is_kept() {
    let w = Workdir::new();
    let out = w.json(&["init", "--model", "pooled", "--fiscal-year-start", "jan"]);
    assert_eq!(out["model"], "pooled");
    assert_eq!(out["fiscal_year_start"], 1);
    assert_eq!(out["created"], true);
    // Same request again: fine, nothing changes.
    w.ok(&["init", "--model", "pooled"]);
    let err = w.fails(&["init", "--model", "digital"], 2);
    assert!(
        err.contains("already a pooled database") && err.contains("--db"),
        "{err}"
    );
    w.fails(&["init", "--fiscal-year-start", "smarch"], 2);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let w = Workdir::new();
    if w.is_postgres() {
        return; // SQLite-only: a file in place of the database (PostgreSQL: postgres::a_database_that_is_not_smbs_is_refused_untouched_by_every_command)
    }
    let text = w.create(
        "smb.db",
        "account_id,name\nthis is a CSV, not a database\n".repeat(200),
    );
    let before = hash(&text);
    let err = w.fails(&["tier"], 1);
    assert!(
        err.contains("not an smb database") && err.contains("untouched"),
        "{err}"
    );
    assert_eq!(before, hash(&text));
}

#[test]
fn a_foreign_sqlite_database_is_refused_untouched() {
    let w = Workdir::new();
    if w.is_postgres() {
        return; // SQLite-only: a foreign SQLite file (PostgreSQL: postgres::a_database_that_is_not_smbs_is_refused_untouched_by_every_command)
    }
    {
        let db = rusqlite::Connection::open(w.db()).unwrap();
        db.execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT); INSERT INTO photos (path) VALUES ('a.jpg');")
            .unwrap();
    }
    let before = hash(&w.db());
    let f = w.create(
        "a.csv",
        "account_id,account_name,region,carr\nA1,Acme,AMER,1\n",
    );
    let err = w.fails(&["import", "accounts", f.to_str().unwrap()], 1);
    assert!(err.contains("not an smb database"), "{err}");
    assert_eq!(before, hash(&w.db()));
}

#[test]
fn a_database_from_a_newer_smb_is_refused_untouched() {
    let w = Workdir::new();
    if w.is_postgres() {
        return; // SQLite-only: sets SQLite's user_version (PostgreSQL: tests/store)
    }
    w.ok(&["init"]);
    {
        let db = rusqlite::Connection::open(w.db()).unwrap();
        db.execute_batch("PRAGMA user_version = 99;").unwrap();
    }
    let before = hash(&w.db());
    let err = w.fails(&["tier"], 1);
    assert!(err.contains("newer smb") && err.contains("99"), "{err}");
    assert_eq!(before, hash(&w.db()));
}

/// An existing empty file that `init` fills becomes owner-only like any new database; other
/// commands do not fill it.
#[test]
fn an_empty_file_becomes_an_owner_only_database_only_through_init() {
    let w = Workdir::new();
    if w.is_postgres() {
        return; // SQLite-only: an empty file and its mode
    }
    w.create("smb.db", "");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(w.db(), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let err = w.fails(&["tier"], 1);
    assert!(err.contains("empty") && err.contains("smb init"), "{err}");
    assert_eq!(std::fs::metadata(w.db()).unwrap().len(), 0);
    w.ok(&["init", "--model", "pooled"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(w.db()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert_eq!(w.json(&["init"])["model"], "pooled");
}

#[test]
fn case_history_is_append_only() {
    let w = Workdir::new();
    w.ok(&["init"]);
    const ROWS: &str = "INSERT INTO cases (trigger, category, subject, priority, status, origin, created_at, created_by)
         VALUES ('manual', 'Inbound Request', 's', 0, 'Open', 'manual', '2026-03-02T14:00:00Z', 't');
         INSERT INTO case_history (case_id, at, actor, action) VALUES (1, '2026-03-02T14:00:00Z', 't', 'created');";
    #[cfg(feature = "postgres")]
    if let Some(mut c) = w.pg_client() {
        // Even the superuser: the trigger raises.
        c.batch_execute(ROWS).unwrap();
        let message = |e: postgres::Error| e.as_db_error().map(|d| d.message().to_string());
        let upd = c.execute("UPDATE case_history SET actor = 'x'", &[]);
        assert!(message(upd.unwrap_err()).unwrap().contains("append-only"));
        let del = c.execute("DELETE FROM case_history", &[]);
        assert!(message(del.unwrap_err()).unwrap().contains("append-only"));
        return;
    }
    let db = rusqlite::Connection::open(w.db()).unwrap();
    db.execute_batch(ROWS).unwrap();
    let upd = db.execute("UPDATE case_history SET actor = 'x'", []);
    assert!(upd.unwrap_err().to_string().contains("append-only"));
    let del = db.execute("DELETE FROM case_history", []);
    assert!(del.unwrap_err().to_string().contains("append-only"));
}

#[test]
fn bad_global_options_exit_2() {
    let w = Workdir::new();
    let err = w.fails(&["--now", "next tuesday", "tier"], 2);
    assert!(err.contains("--now") && err.contains("RFC 3339"), "{err}");
    w.fails(&["--format", "xml", "tier"], 2);
    w.fails(&["no-such-command"], 2);
}

#[test]
fn global_options_go_before_or_after_the_subcommand() {
    let w = Workdir::new();
    w.ok(&["init"]);
    let a = w.ok(&["--format", "json", "advocate", "list"]);
    let b = w.ok(&["advocate", "list", "--format", "json"]);
    assert_eq!(a, b);
    assert_eq!(a.trim(), "[]");
}

#[test]
fn advocates_are_added_and_listed() {
    let w = Workdir::new();
    w.ok(&[
        "advocate",
        "add",
        "Dana Reyes",
        "--region",
        "apac",
        "--languages",
        "en,ES",
    ]);
    w.ok(&[
        "advocate",
        "add",
        "Sam Okafor",
        "--region",
        "EMEA",
        "--role",
        "manager",
        "--capacity",
        "10",
    ]);
    let list = w.json(&["advocate", "list"]);
    assert_eq!(list[0]["name"], "Dana Reyes");
    assert_eq!(list[0]["region"], "APAC");
    assert_eq!(list[0]["languages"], serde_json::json!(["en", "es"]));
    assert_eq!(list[0]["capacity"], 50);
    assert_eq!(list[1]["role"], "manager");
    assert_eq!(list[1]["capacity"], 10);
    let err = w.fails(&["advocate", "add", "X", "--region", "Mars"], 2);
    assert!(err.contains("AMER, APAC or EMEA"), "{err}");
}

#[test]
fn broken_pipe_is_not_an_error() {
    use std::process::{Command, Stdio};
    let w = Workdir::new();
    let mut rows = String::from("account_id,account_name,region,carr\n");
    for i in 0..5000 {
        rows.push_str(&format!("A{i:05},Company {i},AMER,{i}\n"));
    }
    let f = w.create("many.csv", rows);
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    let bin = assert_cmd::cargo::cargo_bin("smb");
    let mut child = Command::new(bin)
        .args(["tier"])
        .env("SMB_DB", w.db_arg())
        .env("SMB_NOW", crate::support::NOW)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away at once, like `| head -0`
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
