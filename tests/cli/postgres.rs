//! PostgreSQL only (SPEC §10, issue #13): many pickers at once, capacity under concurrency, one
//! trigger run at a time, a database that is not smb's, a login without a profile, and `db copy`
//! both ways. Each test gets a database of its own on the server `SMB_TEST_DB` names
//! (`.ci/with-postgres`). They run in the suite's PostgreSQL run (`SMB_TEST_ENGINE=postgres`,
//! as `.ci/run` does); otherwise each test prints a note and checks nothing, so the SQLite run
//! stays the SQLite run:
//! `bash .ci/with-postgres env SMB_TEST_ENGINE=postgres cargo test --test cli postgres::`.
#![cfg(feature = "postgres")]

use std::collections::BTreeSet;
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{Workdir, on_postgres};

/// Key of the advisory lock a trigger run holds for its transaction: "smb1" and 3, as
/// `smb::store::postgres::triggers::TRIGGER_RUN_LOCK` defines it.
const TRIGGER_RUN_LOCK: i64 = 0x736d_6231_0000_0003;

/// A workdir on a fresh PostgreSQL database, or `None` (with a note) outside the suite's
/// PostgreSQL run.
fn pg_workdir() -> Option<Workdir> {
    if !on_postgres() {
        eprintln!(
            "note: PostgreSQL-only test skipped: it runs with SMB_TEST_ENGINE=postgres and \
             SMB_TEST_DB (.ci/run)"
        );
        return None;
    }
    Workdir::postgres()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `n` AMER accounts A0…, imported.
fn accounts(w: &Workdir, n: usize) {
    let mut s = String::from("account_id,account_name,region,carr,lam\n");
    for i in 0..n {
        s.push_str(&format!("A{i},Company {i},AMER,1500,5\n"));
    }
    let f = w.create("accounts.csv", s);
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
}

/// `n` manual cases in the AMER queue; their ids. Checks they are in the PostgreSQL database.
fn cases(w: &Workdir, n: usize) -> BTreeSet<i64> {
    let ids: BTreeSet<i64> = (0..n)
        .map(|i| {
            let c = w.json(&[
                "case",
                "new",
                "--account",
                &format!("A{i}"),
                "--subject",
                "Referral",
            ]);
            c["id"].as_i64().expect("a case id")
        })
        .collect();
    assert_eq!(
        w.sql_row("SELECT count(*) FROM cases"),
        [Some(n.to_string())],
        "the cases are not in the PostgreSQL database"
    );
    ids
}

/// `smb --format json --as WHO pick`, started (not waited for).
fn start_pick(w: &Workdir, who: &str) -> Child {
    w.spawnable(&["--format", "json", "--as", who, "pick"])
        .env("SMB_BUSY_TIMEOUT", "60")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn smb pick")
}

/// Waits for `child`, killing it after `limit` (a hang is a failure, not a slow pass).
fn wait_at_most(mut child: Child, limit: Duration) -> Option<Output> {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(child.wait_with_output().unwrap())
}

/// Starts every picker, then collects what each got: `Some(id)` for a case, `None` for
/// "nothing to pick" (exit 0, JSON null). Any other outcome fails the test.
fn pick_wave(w: &Workdir, who: &[String]) -> Vec<Option<i64>> {
    let children: Vec<Child> = who.iter().map(|p| start_pick(w, p)).collect();
    children
        .into_iter()
        .zip(who)
        .map(|(c, p)| {
            let out = wait_at_most(c, Duration::from_secs(120))
                .unwrap_or_else(|| panic!("{p}'s pick hung"));
            assert!(out.status.success(), "{p} was refused: {}", stderr(&out));
            let v: Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|e| panic!("{p}: bad JSON ({e}): {}", stderr(&out)));
            if v.is_null() {
                return None;
            }
            assert_eq!(v["owner"], p.as_str(), "{v}");
            assert_eq!(v["status"], "In Progress", "{v}");
            Some(v["id"].as_i64().unwrap())
        })
        .collect()
}

/// Sixteen `smb pick` processes at once from one queue of 20 cases: each gets a case of its
/// own; a second wave of sixteen gets exactly the 4 left (no one refused while cases remain,
/// no case twice), and the others are told there is nothing to pick.
#[test]
fn sixteen_pickers_from_one_queue_never_share_a_case() {
    let Some(w) = pg_workdir() else { return };
    w.ok(&["init", "--model", "digital"]);
    accounts(&w, 20);
    let pickers: Vec<String> = (0..16).map(|i| format!("P{i}")).collect();
    for p in &pickers {
        w.ok(&["advocate", "add", p, "--region", "AMER"]);
    }
    let all = cases(&w, 20);
    assert_eq!(all.len(), 20);

    let first = pick_wave(&w, &pickers);
    let got: Vec<i64> = first
        .iter()
        .map(|c| c.expect("a case while 20 remained"))
        .collect();
    let mut seen: BTreeSet<i64> = got.iter().copied().collect();
    assert_eq!(seen.len(), 16, "a case was picked twice: {got:?}");

    let second = pick_wave(&w, &pickers);
    let got2: Vec<i64> = second.iter().flatten().copied().collect();
    assert_eq!(got2.len(), 4, "4 cases remained: {second:?}");
    for id in &got2 {
        assert!(seen.insert(*id), "case {id} was picked twice");
    }
    assert_eq!(seen, all);
    assert_eq!(
        w.json(&["queue", "list", "--queue", "AMER"]),
        serde_json::json!([])
    );
    // The history says so too: one `picked` entry per case, by its owner.
    for id in &all {
        let c = w.json(&["case", "show", &id.to_string()]);
        let picks = c["history"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["action"] == "picked")
            .count();
        assert!(picks >= 1, "{c}");
        assert!(
            c["history"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|h| h["action"] == "picked")
                .all(|h| h["actor"] == c["owner"]),
            "{c}"
        );
    }
}

/// Eight `smb pick` processes of one advocate whose capacity is 5, at once: exactly 5 get a
/// case, the others are refused at capacity, and the advocate never holds more than 5.
#[test]
fn eight_sessions_of_one_advocate_never_exceed_the_cap() {
    let Some(w) = pg_workdir() else { return };
    w.ok(&["init", "--model", "digital"]);
    accounts(&w, 12);
    w.ok(&[
        "advocate",
        "add",
        "Cap",
        "--region",
        "AMER",
        "--capacity",
        "5",
    ]);
    cases(&w, 12);
    for round in 0..2 {
        let children: Vec<Child> = (0..8).map(|_| start_pick(&w, "Cap")).collect();
        let mut picked = BTreeSet::new();
        let mut refused = 0;
        for c in children {
            let out = wait_at_most(c, Duration::from_secs(120)).expect("a pick hung");
            if out.status.success() {
                let v: Value = serde_json::from_slice(&out.stdout).unwrap();
                assert!(!v.is_null(), "cases remained: {v}");
                assert!(picked.insert(v["id"].as_i64().unwrap()), "{v}");
            } else {
                assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
                assert!(stderr(&out).contains("at capacity"), "{}", stderr(&out));
                refused += 1;
            }
        }
        let held = w.json(&["case", "list", "--owner", "Cap", "--status", "in-progress"]);
        let held = held.as_array().unwrap().len();
        assert_eq!(
            held, 5,
            "round {round}: Cap holds {held} against a cap of 5"
        );
        let want_picked = if round == 0 { 5 } else { 0 };
        assert_eq!(picked.len(), want_picked, "round {round}");
        assert_eq!(refused, 8 - want_picked, "round {round}");
    }
}

/// A second `smb trigger run` while another holds the run is refused at once (exit 1, "in
/// progress") and changes nothing; once the lock is released a run goes through.
#[test]
fn a_second_trigger_run_is_refused_at_once() {
    let Some(w) = pg_workdir() else { return };
    w.ok(&["init", "--model", "digital"]);
    let f = w.create(
        "a.csv",
        "account_id,account_name,region,carr,employees,lam\nT1,Tier One,AMER,9000,10,5\n",
    );
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    let mut holder = w.pg().unwrap().client();
    let mut tx = holder.transaction().unwrap();
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&TRIGGER_RUN_LOCK])
        .unwrap();
    let before = w.state();
    let child = w
        .spawnable(&["trigger", "run"])
        .env("SMB_BUSY_TIMEOUT", "600")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_at_most(child, Duration::from_secs(60))
        .expect("the second run waited for the first instead of refusing at once");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("in progress"), "{err}");
    assert_eq!(before, w.state(), "the refused run changed the database");
    tx.rollback().unwrap();
    let run = w.json(&["trigger", "run"]);
    assert_eq!(run["created"].as_array().unwrap().len(), 1, "{run}");
}

/// Every command but init, import, advocate add and demo.
const READERS_AND_WRITERS: &[&[&str]] = &[
    &["tier"],
    &["queue", "list"],
    &["pick"],
    &["case", "show", "1"],
    &["case", "new", "--account", "A1", "--subject", "Referral"],
    &["case", "assign", "1", "--to", "Dana"],
    &[
        "close",
        "1",
        "--status",
        "resolved",
        "--action",
        "Answered Question",
    ],
    &["today"],
    &["trigger", "run"],
    &["trigger", "list"],
    &["report", "sla"],
    &["advocate", "list"],
];

/// A database that holds other tables and no smb schema is refused untouched (exit 1, "not an
/// smb database") by every command, the creating ones included.
#[test]
fn a_database_that_is_not_smbs_is_refused_untouched_by_every_command() {
    let Some(w) = pg_workdir() else { return };
    w.pg()
        .unwrap()
        .client()
        .batch_execute(
            "CREATE TABLE photos (id bigint PRIMARY KEY, path text);
             INSERT INTO photos VALUES (1, 'a.jpg');",
        )
        .unwrap();
    let before = w.state();
    let f = w.create(
        "a.csv",
        "account_id,account_name,region,carr\nA1,Acme,AMER,1\n",
    );
    let creating: &[&[&str]] = &[
        &["init"],
        &["init", "--model", "pooled"],
        &["import", "accounts", f.to_str().unwrap()],
        &["advocate", "add", "Dana", "--region", "AMER"],
    ];
    for args in creating.iter().chain(READERS_AND_WRITERS) {
        let out = w.smb(args).output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("not an smb database") || err.contains("no smb schema"),
            "{args:?}: {err}"
        );
        assert_eq!(before, w.state(), "{args:?} changed the database");
    }
}

/// An empty database (no tables) is "not initialised" for every command but the creating
/// ones: exit 1, how to make it, and nothing created (PostgreSQL's no_database_out_of_thin_air).
#[test]
fn an_empty_database_is_not_initialised() {
    let Some(w) = pg_workdir() else { return };
    let before = w.state();
    for args in READERS_AND_WRITERS {
        let out = w.smb(args).output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("smb init"), "{args:?}: {err}");
        assert_eq!(before, w.state(), "{args:?} created something");
    }
    w.ok(&["init"]);
    assert_ne!(before, w.state());
}

/// Drops a login role when the test ends (after the database that granted it something).
struct Role {
    name: String,
}

impl Drop for Role {
    fn drop(&mut self) {
        let admin = std::env::var("SMB_TEST_DB").unwrap();
        if let Ok(mut c) = postgres::Client::connect(&admin, postgres::NoTls) {
            // The name is made by the test, not from input.
            let _ = c.batch_execute(&format!("DROP ROLE IF EXISTS \"{}\"", self.name));
        }
    }
}

/// A login with no linked profile changes nothing and creates nothing, even when the
/// administrator granted its role every table: every write is refused (not a crash), what it
/// may read it reads, and its password never appears in output.
#[test]
fn a_login_without_a_profile_changes_nothing() {
    let Some(w) = pg_workdir() else { return };
    let pg = w.pg().unwrap();
    let role = Role {
        name: format!("{}_np", pg.name),
    };
    const PASSWORD: &str = "s3cret-Pa55-np";
    w.ok(&["init", "--model", "digital"]);
    accounts(&w, 2);
    w.ok(&["advocate", "add", "Dana", "--region", "AMER"]);
    w.ok(&[
        "advocate", "add", "Mia", "--region", "AMER", "--role", "manager",
    ]);
    cases(&w, 2);
    let mut c = pg.client();
    // The role name is made by the test; the password is a constant.
    c.batch_execute(&format!(
        "CREATE ROLE \"{r}\" LOGIN PASSWORD '{PASSWORD}';
         GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO \"{r}\";
         GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO \"{r}\";",
        r = role.name
    ))
    .unwrap();
    let url = format!(
        "postgres://{}:{PASSWORD}@127.0.0.1:{}/{}",
        role.name,
        pg.port(),
        pg.name
    );
    let before = w.state();
    let f = w.create(
        "b.csv",
        "account_id,account_name,region,carr\nB1,Beta,AMER,1\n",
    );
    let writes: &[&[&str]] = &[
        &["pick"],
        &["--as", "Dana", "pick"],
        &["--as", "Mia", "pick"],
        &["case", "new", "--account", "A1", "--subject", "Referral"],
        &["--as", "Mia", "case", "assign", "1", "--to", "Dana"],
        &[
            "--as",
            "Dana",
            "close",
            "1",
            "--status",
            "resolved",
            "--action",
            "Answered Question",
        ],
        &["trigger", "run"],
        &["import", "accounts", f.to_str().unwrap()],
        &["advocate", "add", "Eve", "--region", "AMER"],
    ];
    for args in writes {
        let out = w.smb(args).env("SMB_DB", &url).output().unwrap();
        let err = stderr(&out);
        let code = out.status.code();
        assert!(
            code == Some(1) || code == Some(2),
            "{args:?}: {code:?} {err}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            !err.contains(PASSWORD) && !String::from_utf8_lossy(&out.stdout).contains(PASSWORD),
            "{args:?} showed the password"
        );
        assert_eq!(before, w.state(), "{args:?} changed the database");
    }
    // The case commands say why: there is no profile for this login.
    for args in &writes[..6] {
        let err = stderr(&w.smb(args).env("SMB_DB", &url).output().unwrap());
        assert!(err.contains("profile"), "{args:?}: {err}");
    }
    // What the administrator granted it, it reads.
    let out = w
        .smb(&["--format", "json", "case", "show", "1"])
        .env("SMB_DB", &url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["id"], 1);
    assert_eq!(before, w.state());
}

/// Every case, advocate and account tier of a database, through smb.
fn everything(w: &Workdir) -> (Vec<Value>, Value, Value) {
    (
        w.snapshot(),
        w.json(&["advocate", "list"]),
        w.json(&["tier"]),
    )
}

/// `smb db copy` SQLite → PostgreSQL → SQLite keeps every case (fields and history) exactly:
/// `case show --format json` is identical for every case on all three; a target that is not
/// empty is refused untouched.
#[test]
fn db_copy_both_ways_keeps_every_case() {
    let Some(pg) = pg_workdir() else { return };
    // A SQLite database with cases in every state, made by the trigger engine and by hand.
    let a = Workdir::sqlite();
    a.ok(&["init", "--model", "digital"]);
    let base = crate::support::fixtures();
    for kind in ["accounts", "opportunities", "contacts", "events"] {
        let file = base.join(format!("{kind}.csv"));
        a.ok(&["import", kind, file.to_str().unwrap()]);
    }
    a.ok(&["advocate", "add", "Dana", "--region", "AMER"]);
    a.ok(&["advocate", "add", "Lena", "--region", "EMEA"]);
    a.ok(&["trigger", "run"]);
    let picked = a.json(&["--as", "Dana", "pick"]);
    let id = picked["id"].to_string();
    a.ok(&[
        "--as",
        "Dana",
        "case",
        "update",
        &id,
        "--next-steps",
        "call back",
        "--next-steps-date",
        "2026-03-05",
    ]);
    let closed = a.json(&["--as", "Dana", "pick"]);
    a.ok(&[
        "--as",
        "Dana",
        "close",
        &closed["id"].to_string(),
        "--status",
        "resolved",
        "--action",
        "Answered Question",
    ]);
    let want = everything(&a);
    assert!(want.0.len() > 3, "the fixtures made too few cases");

    a.ok(&[
        "db",
        "copy",
        "--from",
        a.db().to_str().unwrap(),
        "--to",
        pg.db_arg().to_str().unwrap(),
    ]);
    assert_eq!(everything(&pg), want, "SQLite → PostgreSQL");

    let b = Workdir::sqlite();
    pg.ok(&[
        "db",
        "copy",
        "--from",
        pg.db_arg().to_str().unwrap(),
        "--to",
        b.db().to_str().unwrap(),
    ]);
    assert_eq!(everything(&b), want, "PostgreSQL → SQLite");

    // The copies go on working: the next id follows the copied ones.
    let next = pg.json(&[
        "case",
        "new",
        "--account",
        "ACC-0001",
        "--subject",
        "Referral",
    ]);
    let max = want
        .0
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .max()
        .unwrap();
    assert_eq!(next["id"].as_i64().unwrap(), max + 1);

    // A target that is not empty is refused, untouched.
    let before = pg.state();
    let out = a
        .smb(&[
            "db",
            "copy",
            "--from",
            a.db().to_str().unwrap(),
            "--to",
            pg.db_arg().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert_eq!(before, pg.state());
}

/// SPEC §11.1 on a team database: a login linked to a profile by `smb advocate add --login`
/// (granted what smb needs, no more) creates, changes and exports opportunities from its cases.
#[test]
fn a_linked_login_works_opportunities_from_its_case() {
    let Some(w) = pg_workdir() else { return };
    let pg = w.pg().unwrap();
    let role = Role {
        name: format!("{}_opp", pg.name),
    };
    const PASSWORD: &str = "s3cret-Pa55-opp";
    w.ok(&["init", "--model", "digital"]);
    accounts(&w, 1);
    // The role name is made by the test; the password is a constant.
    pg.client()
        .batch_execute(&format!(
            "CREATE ROLE \"{}\" LOGIN PASSWORD '{PASSWORD}'",
            role.name
        ))
        .unwrap();
    w.ok(&[
        "advocate", "add", "Dana", "--region", "AMER", "--login", &role.name,
    ]);
    let id = cases(&w, 1).into_iter().next().unwrap().to_string();
    let url = format!(
        "postgres://{}:{PASSWORD}@127.0.0.1:{}/{}",
        role.name,
        pg.port(),
        pg.name
    );
    let run = |args: &[&str]| {
        let out = w.smb(args).env("SMB_DB", &url).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(&["pick", &id]);
    run(&[
        "opp", "new", "--case", &id, "--type", "growth", "--amount", "10",
    ]);
    run(&["opp", "update", "SMB-OPP-1", "--amount", "20"]);
    run(&[
        "close",
        &id,
        "--status",
        "resolved",
        "--action",
        "Answered Question",
        "--opp",
        "won",
    ]);
    assert!(run(&["export", "opportunities"]).contains("SMB-OPP-1,A0,"));
    let o = w.json(&["opp", "show", "SMB-OPP-1"]);
    assert_eq!(
        (o["stage"].as_str(), o["owner"].as_str()),
        (Some("Closed Won"), Some("Dana"))
    );
}

/// The secondary indexes and the foreign keys of the case tables, as the catalog defines
/// them, by name.
fn case_tables_catalog(w: &Workdir) -> Vec<(String, String)> {
    let mut c = w.pg_client().unwrap();
    c.query(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) || ' valid '
                || i.indisvalid
           FROM pg_index i
          WHERE i.indrelid IN ('cases'::regclass, 'case_history'::regclass,
                               'sla_clocks'::regclass)
         UNION ALL
         SELECT k.conrelid::regclass::text || '.' || k.conname,
                pg_get_constraintdef(k.oid) || ' validated ' || k.convalidated
           FROM pg_constraint k
          WHERE k.conrelid IN ('cases'::regclass, 'case_history'::regclass,
                               'sla_clocks'::regclass)
             OR k.confrelid = 'cases'::regclass
          ORDER BY 1",
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect()
}

/// A first trigger run (on no cases) writes without the case tables' secondary indexes and
/// foreign keys to `cases`, and puts every one back as it was before it commits; a run that
/// fails after dropping them leaves them (and everything else) as they were.
#[test]
fn a_first_trigger_run_puts_back_every_index_and_foreign_key() {
    let Some(w) = pg_workdir() else { return };
    w.ok(&["init", "--model", "digital"]);
    let mut s = String::from("account_id,account_name,region,carr,employees,lam\n");
    for i in 0..20 {
        s.push_str(&format!("T{i},Tier One {i},AMER,9000,10,5\n"));
    }
    let f = w.create("a.csv", s);
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    let before = case_tables_catalog(&w);
    assert!(
        before.iter().any(|(n, _)| n == "cases_account")
            && before
                .iter()
                .any(|(n, _)| n == "case_history.case_history_case_id_fkey"),
        "{before:?}"
    );
    // A run that fails when its cases are written: nothing changes, the catalog neither.
    let state = w.state();
    let mut c = w.pg_client().unwrap();
    c.batch_execute(
        "CREATE FUNCTION smb_test_refuse() RETURNS trigger LANGUAGE plpgsql AS
             $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
         CREATE TRIGGER smb_test_refuse BEFORE INSERT ON sla_clocks
             FOR EACH ROW EXECUTE FUNCTION smb_test_refuse();",
    )
    .unwrap();
    let out = w.smb(&["trigger", "run"]).output().unwrap();
    assert!(!out.status.success(), "the refused run succeeded");
    assert!(
        stderr(&out).contains("refused by the test"),
        "{}",
        stderr(&out)
    );
    c.batch_execute("DROP TRIGGER smb_test_refuse ON sla_clocks; DROP FUNCTION smb_test_refuse();")
        .unwrap();
    assert_eq!(case_tables_catalog(&w), before);
    assert_eq!(w.state(), state, "the failed run changed the database");
    let run = w.json(&["trigger", "run"]);
    assert_eq!(run["created"].as_array().unwrap().len(), 20, "{run}");
    assert_eq!(case_tables_catalog(&w), before);
    // The rebuilt foreign keys hold: a clock of no case is refused.
    let orphan = c.batch_execute(
        "INSERT INTO sla_clocks (case_id, started_at, reason)
         VALUES (999999, '2026-03-02T14:00:00Z', 'created')",
    );
    assert!(orphan.is_err(), "a clock of no case was stored");
}

/// The same book set up in `w` (fixtures of `dir`, its model, a profile and an absence: cases
/// routed to owners, to covers, with notices), then its first `trigger run` as JSON, with the
/// first run writing by `INSERT` when `inserts` (a debug build's switch) instead of `COPY`.
fn first_run_of(w: &Workdir, dir: &str, model: &str, inserts: bool) -> Vec<u8> {
    first_run_book(w, dir, model);
    let mut run = w.smb(&["--format", "json", "trigger", "run"]);
    if inserts {
        run.env("SMB_TEST_FIRST_RUN_INSERTS", "1");
    }
    let out = run.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    out.stdout
}

/// [`first_run_of`]'s book, without the run.
fn first_run_book(w: &Workdir, dir: &str, model: &str) {
    w.ok(&["init", "--model", model]);
    let base = crate::support::fixtures().join(dir);
    for kind in ["accounts", "opportunities", "contacts", "events"] {
        let file = base.join(format!("{kind}.csv"));
        w.ok(&["import", kind, file.to_str().unwrap()]);
    }
    for (name, region) in [("Maya Patel", "AMER"), ("Ivo", "AMER"), ("Lena", "EMEA")] {
        w.ok(&["advocate", "add", name, "--region", region]);
    }
    w.ok(&[
        "advocate", "add", "tester", "--region", "AMER", "--role", "manager",
    ]);
    w.ok(&[
        "advocate",
        "away",
        "Maya Patel",
        "--from",
        "2026-03-01",
        "--until",
        "2026-03-06",
        "--cover",
        "Ivo",
    ]);
}

/// A first trigger run writes its cases by `COPY` (ids drawn from the sequence, dedup keys
/// checked by the run): every row it leaves (cases, history, clocks, notices, every table) is
/// the row the `INSERT` of any other run would have left, its output the same, the id
/// sequence where the `INSERT` left it, and a second run finds every case.
#[test]
fn a_first_trigger_run_by_copy_writes_the_rows_inserts_would() {
    let mut notices = 0;
    for (dir, model) in [("", "digital"), ("pooled", "pooled")] {
        let Some(by_copy) = pg_workdir() else { return };
        let Some(by_insert) = pg_workdir() else {
            return;
        };
        let out = first_run_of(&by_copy, dir, model, false);
        assert_eq!(out, first_run_of(&by_insert, dir, model, true), "{model}");
        let run: Value = serde_json::from_slice(&out).unwrap();
        assert!(run["created"].as_array().unwrap().len() > 10, "{run}");
        let state = |w: &Workdir| String::from_utf8(w.state()).unwrap();
        assert_eq!(state(&by_copy), state(&by_insert), "{model}");
        let dump = String::from_utf8(by_copy.state()).unwrap();
        let rows = |table: &str| {
            let rows = dump
                .split(table)
                .nth(1)
                .unwrap()
                .split("\n==")
                .next()
                .unwrap();
            rows.lines().count() - 1
        };
        assert!(rows("== case_history\n") > 10, "{model}:\n{dump}");
        assert!(rows("== sla_clocks\n") > 10, "{model}:\n{dump}");
        notices += rows("== notices\n");
        let next = |w: &Workdir| {
            w.sql_row("SELECT last_value::text || ' ' || is_called::text FROM cases_id_seq")
        };
        assert_eq!(next(&by_copy), next(&by_insert), "{model}");
        let again = by_copy.json(&["trigger", "run"]);
        assert!(again["created"].as_array().unwrap().is_empty(), "{again}");
    }
    assert!(notices > 0, "no run left a notice");
}

/// Waits until `sql` (a count) is at least 1 on `w`'s database; a hang is a failure.
fn wait_for(w: &Workdir, sql: &str) {
    let mut c = w.pg_client().unwrap();
    let start = Instant::now();
    while c.query_one(sql, &[]).unwrap().get::<_, i64>(0) < 1 {
        assert!(start.elapsed() < Duration::from_secs(120), "never: {sql}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// While a first trigger run holds `cases` (its indexes dropped, case ids drawn and rows
/// written), a `case new` on another connection gives up cleanly at its busy timeout (exit 1,
/// nothing written) or waits; once the run commits, the waiting one is created with the next
/// id after the run's, never one of them.
#[test]
fn a_case_made_during_a_first_trigger_run_waits_and_takes_an_id_of_its_own() {
    let Some(w) = pg_workdir() else { return };
    first_run_book(&w, "pooled", "pooled");
    // The run stops at its first notices (after its first cases are written) until this
    // transaction ends.
    let mut holder = w.pg_client().unwrap();
    let mut hold = holder.transaction().unwrap();
    hold.batch_execute("LOCK TABLE notices IN SHARE MODE")
        .unwrap();
    let run = w
        .spawnable(&["--format", "json", "trigger", "run"])
        .env("SMB_BUSY_TIMEOUT", "600")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let waiting = |table: &str| {
        format!(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = '{table}'::regclass"
        )
    };
    wait_for(&w, &waiting("notices"));
    assert_eq!(
        w.sql_row("SELECT count(*) > 0 FROM pg_locks WHERE relation = 'cases'::regclass AND mode = 'AccessExclusiveLock' AND granted"),
        [Some("t".to_string())]
    );
    let new_case = [
        "case",
        "new",
        "--account",
        "ACC-1006",
        "--subject",
        "Referral",
    ];
    let out = w
        .smb(&new_case)
        .env("SMB_BUSY_TIMEOUT", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("locked"), "{}", stderr(&out));
    let waiter = w
        .spawnable(&[&["--format", "json"][..], &new_case[..]].concat())
        .env("SMB_BUSY_TIMEOUT", "600")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for(&w, &waiting("cases"));
    hold.rollback().unwrap();
    let run = wait_at_most(run, Duration::from_secs(120)).expect("the run hung");
    assert!(run.status.success(), "{}", stderr(&run));
    let run: Value = serde_json::from_slice(&run.stdout).unwrap();
    let ids: Vec<i64> = run["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert!(ids.len() > 10, "{run}");
    let made = wait_at_most(waiter, Duration::from_secs(120)).expect("case new hung");
    assert!(made.status.success(), "{}", stderr(&made));
    let made: Value = serde_json::from_slice(&made.stdout).unwrap();
    let id = made["id"].as_i64().unwrap();
    assert_eq!(id, ids.iter().max().unwrap() + 1, "{made}");
    assert_eq!(
        w.sql_row("SELECT count(*)::text || ' ' || count(DISTINCT id)::text FROM cases"),
        [Some(format!("{} {}", ids.len() + 1, ids.len() + 1))]
    );
}
