//! `smb db copy` between SQLite files (the PostgreSQL directions are in tests/store/write.rs)
//! and `advocate add --login` on SQLite.

use crate::support::Workdir;

#[test]
fn db_copy_keeps_every_case_and_refuses_a_target_with_rows() {
    let w = Workdir::new();
    let (a, b) = (w.path("a.db"), w.path("b.db"));
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    w.ok(&["--db", a, "--quiet", "demo"]);
    let out = w.ok(&["db", "copy", "--from", a, "--to", b]);
    assert!(out.contains("every table's count matches"), "{out}");
    let list = w.json(&["--db", a, "case", "list", "--all-owners", "--status", "any"]);
    let ids: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].to_string())
        .collect();
    assert!(ids.len() > 5);
    for id in &ids {
        assert_eq!(
            w.json(&["--db", a, "case", "show", id]),
            w.json(&["--db", b, "case", "show", id]),
            "case {id}"
        );
    }
    // Ids kept, and new ones follow them.
    let made = w.json(&[
        "--db",
        b,
        "--as",
        "Demo Advocate",
        "case",
        "new",
        "--account",
        "ACC-0004",
        "--subject",
        "x",
    ]);
    let max: i64 = ids.iter().map(|i| i.parse::<i64>().unwrap()).max().unwrap();
    assert_eq!(made["id"].as_i64(), Some(max + 1), "{made}");
    // A target with rows is refused and left as it was.
    let before = std::fs::read(b).unwrap();
    let e = w.fails(&["db", "copy", "--from", a, "--to", b], 2);
    assert!(e.contains("not empty"), "{e}");
    assert_eq!(std::fs::read(b).unwrap(), before);
    let e = w.fails(&["db", "copy", "--from", a, "--to", a], 2);
    assert!(e.contains("the same database"), "{e}");
}

#[test]
fn advocate_login_is_kept_on_sqlite_and_one_login_is_one_person() {
    let w = Workdir::new();
    if w.is_postgres() {
        return; // SQLite-only: on PostgreSQL --login needs a real role (tests/cli/postgres.rs)
    }
    w.ok(&["init"]);
    w.ok(&[
        "advocate", "add", "Ann Lee", "--region", "AMER", "--login", "ann",
    ]);
    let e = w.fails(
        &[
            "advocate", "add", "Bo", "--region", "AMER", "--login", "ann",
        ],
        2,
    );
    assert!(
        e.contains("already linked to the profile \"Ann Lee\""),
        "{e}"
    );
    let e = w.fails(
        &["advocate", "add", "Bo", "--region", "AMER", "--login", " "],
        2,
    );
    assert!(e.contains("--login is empty"), "{e}");
    let conn = rusqlite::Connection::open(w.db()).unwrap();
    let login: Option<String> = conn
        .query_row(
            "SELECT login FROM advocates WHERE name = 'Ann Lee'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(login.as_deref(), Some("ann"));
    let bo: i64 = conn
        .query_row(
            "SELECT count(*) FROM advocates WHERE name = 'Bo'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(bo, 0, "a refused add changes nothing");
}
