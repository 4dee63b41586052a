//! `smb tier --summary` without accounts reads the summary a PostgreSQL import keeps (issue
//! #16); with accounts it classifies them. Both must print the same, table and JSON, both
//! models, on any `--now`, after any import, and after another writer changed the book.

use crate::support::{Workdir, fixtures};

/// Every account's id, from `tier`.
fn ids(w: &Workdir) -> Vec<String> {
    w.json(&["tier"])
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["account_id"].as_str().unwrap().to_string())
        .collect()
}

/// `tier --summary` (kept counts on PostgreSQL) and `tier --summary ID…` naming every account
/// (each classified) print the same on `now`, as a table and as JSON.
fn same_summary(w: &Workdir, now: &str, what: &str) {
    let ids = ids(w);
    for format in ["table", "json"] {
        let mut whole = vec!["--now", now, "--format", format, "tier", "--summary"];
        let book = w.ok(&whole);
        whole.extend(ids.iter().map(String::as_str));
        assert_eq!(book, w.ok(&whole), "{what}, {format}, on {now}");
    }
}

/// The summary is kept (PostgreSQL) or there is none to keep (SQLite).
fn kept_fresh(w: &Workdir) -> bool {
    w.is_postgres() && w.sql_row("SELECT fresh FROM standing_summary")[0].as_deref() == Some("t")
}

/// The fixtures' accounts with some changed: every 7th crosses the cARR ceiling, every 5th
/// moves region, every 6th gets LAM 12, every 9th 150 employees.
fn changed_accounts(model: &str) -> String {
    let dir = if model == "pooled" {
        fixtures().join("pooled")
    } else {
        fixtures()
    };
    let text = std::fs::read_to_string(dir.join("accounts.csv")).unwrap();
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let mut f: Vec<String> = line.split(',').map(str::to_string).collect();
        if i > 0 && f.len() > 6 && !line.contains('"') {
            if i % 7 == 0 {
                f[3] = "35000.00".into();
            }
            if i % 5 == 0 {
                f[2] = if f[2] == "EMEA" { "APAC" } else { "EMEA" }.into();
            }
            if i % 6 == 0 {
                f[6] = "12".into();
            }
            if i % 9 == 0 {
                f[5] = "150".into();
            }
        }
        out.push_str(&f.join(","));
        out.push('\n');
    }
    out
}

/// Before, on and after the move date of accounts crossing the ceiling on 2026-03-02 (the
/// fiscal quarter after it starts on 2026-05-01).
const DAYS: [&str; 4] = ["2026-03-02", "2026-04-30", "2026-05-01", "2026-05-02"];

#[test]
fn the_summary_of_the_book_is_every_account_classified() {
    for model in ["digital", "pooled"] {
        let w = crate::tier::with_fixtures(model);
        assert_eq!(kept_fresh(&w), w.is_postgres(), "{model}: kept by the load");
        same_summary(&w, "2026-03-02", &format!("{model}, first load"));
        let changed = w.create("changed.csv", changed_accounts(model));
        w.ok(&["import", "accounts", changed.to_str().unwrap()]);
        assert_eq!(
            kept_fresh(&w),
            w.is_postgres(),
            "{model}: kept by the re-import"
        );
        for now in DAYS {
            same_summary(&w, now, &format!("{model}, re-import"));
        }
    }
}

/// On PostgreSQL the command reads the kept counts: counts changed behind smb's back (and
/// left marked fresh) show in `tier --summary`, never in `tier --summary ID…`.
#[cfg(feature = "postgres")]
#[test]
fn the_summary_reads_the_kept_counts_on_postgres() {
    let w = crate::tier::with_fixtures("digital");
    if !w.is_postgres() {
        return; // SQLite keeps no summary
    }
    let before = w.json(&["tier", "--summary"]);
    let mut c = w.pg_client().unwrap();
    c.batch_execute("UPDATE standing_counts SET n = n + 1000 WHERE region = 'AMER' AND slot = 0")
        .unwrap();
    let after = w.json(&["tier", "--summary"]);
    let amer = |v: &serde_json::Value| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|r| r["region"] == "AMER")
            .unwrap()["tier_1"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(amer(&after), amer(&before) + 1000);
}

/// Another writer (a `psql` edit) makes the kept summary stale: `tier --summary` reads every
/// account and is right; the next import, even of nothing new, keeps it again.
#[cfg(feature = "postgres")]
#[test]
fn an_edit_behind_smbs_back_falls_back_until_the_next_import() {
    let w = crate::tier::with_fixtures("digital");
    if !w.is_postgres() {
        return; // SQLite keeps no summary
    }
    let mut c = w.pg_client().unwrap();
    c.batch_execute(
        "UPDATE accounts SET carr_cents = 4000000, carr_crossed_at = '2026-02-10'
          WHERE account_id IN ('ACC-0001', 'ACC-0002', 'ACC-0003')",
    )
    .unwrap();
    assert!(!kept_fresh(&w), "stale after the edit");
    for now in DAYS {
        same_summary(&w, now, "after a psql edit");
    }
    w.ok(&[
        "import",
        "accounts",
        fixtures().join("accounts.csv").to_str().unwrap(),
    ]);
    assert!(kept_fresh(&w), "counted again by the next import");
    for now in DAYS {
        same_summary(&w, now, "after the next import");
    }
}

/// A login linked to a profile reads the kept summary as the owner does: the grant of
/// `advocate add --login` covers the summary's tables, and migration 15 grants them to the
/// logins linked before it.
#[cfg(feature = "postgres")]
#[test]
fn a_linked_login_reads_the_kept_summary() {
    let w = crate::tier::with_fixtures("digital");
    let Some(pg) = w.pg() else {
        return; // SQLite has no logins
    };
    let role = format!("{}_sum", pg.name);
    const PASSWORD: &str = "s3cret-Pa55-sum";
    let mut c = pg.client();
    // The role name is made by the test; the password is a constant.
    c.batch_execute(&format!(
        "CREATE ROLE \"{role}\" LOGIN PASSWORD '{PASSWORD}'"
    ))
    .unwrap();
    w.ok(&[
        "advocate", "add", "Dana", "--region", "AMER", "--login", &role,
    ]);
    let url = format!(
        "postgres://{role}:{PASSWORD}@127.0.0.1:{}/{}",
        pg.port(),
        pg.name
    );
    let as_login = || {
        w.smb(&["--format", "json", "tier", "--summary"])
            .env("SMB_DB", &url)
            .output()
            .unwrap()
    };
    let owners = w.ok(&["--format", "json", "tier", "--summary"]);
    let reads_as_owner = || {
        let out = as_login();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout), owners);
    };
    reads_as_owner();
    // A login linked before migration 15: without the grant it cannot read the summary; the
    // migration's grant to the linked logins gives it.
    c.batch_execute(&format!(
        "REVOKE SELECT ON standing_summary, standing_counts FROM \"{role}\""
    ))
    .unwrap();
    assert!(!as_login().status.success(), "no grant, no summary");
    let m15 = smb::store::postgres::schema::MIGRATIONS[14];
    c.batch_execute(&m15[m15.find("DO $$").unwrap()..]).unwrap();
    reads_as_owner();
    assert!(kept_fresh(&w));
    // The name is made by the test, not from input.
    let _ = c.batch_execute(&format!("DROP OWNED BY \"{role}\""));
    drop(c);
    let _ = pg
        .admin()
        .batch_execute(&format!("DROP ROLE IF EXISTS \"{role}\""));
}
