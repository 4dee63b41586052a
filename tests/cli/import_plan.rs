//! `smb import KIND FILE --plan` (SPEC §12): writes nothing, and the cases it lists are the ones
//! an import then a trigger run create (fixtures on both models, and random exports).

use proptest::prelude::*;
use serde_json::Value;

use crate::support::{Workdir, fixtures};

/// A case as the plan lists it and as a run creates it: (trigger, account, opportunity,
/// priority, queue: none for a case routed to a person), sorted.
fn keys(cases: &Value) -> Vec<(String, String, String, String, String)> {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let mut out: Vec<_> = cases
        .as_array()
        .expect("an array of cases")
        .iter()
        .map(|c| {
            (
                text(&c["trigger"]),
                text(&c["account_id"]),
                text(&c["opportunity_id"]),
                text(&c["priority"]),
                // The plan shows no queue for a case routed to a person; the case keeps its
                // account's queue (for its SLA clock).
                if c["owner"].is_string() {
                    String::new()
                } else {
                    text(&c["queue"])
                },
            )
        })
        .collect();
    out.sort();
    out
}

/// Plans `kind` from `file`, checks that nothing was written, then imports it and runs the
/// triggers: the cases created are the plan's.
fn plan_then_import_and_run(w: &Workdir, kind: &str, file: &str) -> Value {
    let before = w.state();
    let plan = w.json(&["import", kind, file, "--plan"]);
    assert!(
        before == w.state(),
        "the plan of {kind} wrote to the database"
    );
    w.ok(&["import", kind, file]);
    let run = w.json(&["trigger", "run"]);
    assert_eq!(
        keys(&plan["cases"]),
        keys(&run["created"]),
        "the plan of {kind} {file} against the run after the import"
    );
    plan
}

#[test]
fn the_plan_lists_exactly_the_cases_import_then_run_creates_on_both_models() {
    for (model, dir) in [
        ("digital", fixtures()),
        ("pooled", fixtures().join("pooled")),
    ] {
        let w = Workdir::new();
        w.ok(&["init", "--model", model]);
        let file = |k: &str| dir.join(format!("{k}.csv")).to_str().unwrap().to_string();
        // A first import: its plan includes the first trigger run.
        let plan = plan_then_import_and_run(&w, "accounts", &file("accounts"));
        assert!(!plan["cases"].as_array().unwrap().is_empty(), "{model}");
        assert_eq!(
            plan["counts"]["inserted"].as_u64(),
            plan["counts"]["rows"].as_u64()
        );
        for kind in ["opportunities", "contacts", "events"] {
            plan_then_import_and_run(&w, kind, &file(kind));
        }
        // The same files again: nothing changes, no case.
        let again = w.json(&["import", "accounts", &file("accounts"), "--plan"]);
        assert_eq!(again["counts"]["inserted"], 0);
        assert_eq!(again["counts"]["updated"], 0);
        assert_eq!(again["cases"], Value::Array(vec![]));
        assert_eq!(again["tier_changes"], Value::Array(vec![]));
    }
}

#[test]
fn the_plan_names_each_account_changing_tier_or_segment_with_its_move_date() {
    let w = Workdir::new();
    w.ok(&["init", "--model", "digital"]);
    let accounts = std::fs::read_to_string(fixtures().join("accounts.csv")).unwrap();
    w.ok(&[
        "import",
        "accounts",
        fixtures().join("accounts.csv").to_str().unwrap(),
    ]);
    // ACC-0001: $7,000.00 (tier 2) to $31,000 (over the ceiling: tier 1, moving out);
    // ACC-0002: $7,000.01 (tier 1) to $500 with LAM 30 (tier 2).
    let changed = accounts
        .replace(
            "ACC-0001,Sparrow Legal Services LLC,AMER,7000.00,",
            "ACC-0001,Sparrow Legal Services LLC,AMER,31000.00,",
        )
        .replace(
            "ACC-0002,Meadowlark Data LLC,AMER,7000.01,",
            "ACC-0002,Meadowlark Data LLC,AMER,500.00,",
        );
    assert_ne!(changed, accounts);
    let file = w.create("next.csv", changed);
    let plan = plan_then_import_and_run(&w, "accounts", file.to_str().unwrap());
    assert_eq!(plan["counts"]["updated"], 2);
    let moves = plan["tier_changes"].as_array().unwrap();
    assert_eq!(moves.len(), 2, "{moves:?}");
    assert_eq!(moves[0]["account_id"], "ACC-0001");
    assert_eq!(moves[0]["from"]["tier"], 2);
    assert_eq!(moves[0]["to"]["tier"], 1);
    assert_eq!(moves[0]["to"]["in_segment"], true);
    let on = moves[0]["mid_market_on"].as_str().expect("a move date");
    assert!(on > "2026-03-02", "{on}");
    assert_eq!(moves[1]["account_id"], "ACC-0002");
    assert_eq!(moves[1]["from"]["tier"], 1);
    assert_eq!(moves[1]["to"]["tier"], 2);
    assert_eq!(moves[1]["mid_market_on"], Value::Null);
    let table = w.ok(&["import", "accounts", file.to_str().unwrap(), "--plan"]);
    assert!(table.contains("nothing was written"), "{table}");
}

#[test]
fn a_plan_writes_no_rejects_file_and_creates_no_database() {
    let w = Workdir::new();
    let bad = w.create(
        "events.csv",
        "event_id,type,occurred_at,account_id,email,description\n\
         EVT-1,support_ticket,not a time,ACC-0001,,x\n",
    );
    // No database: a plan refuses and creates none.
    w.fails(&["import", "events", bad.to_str().unwrap(), "--plan"], 1);
    if !w.is_postgres() {
        assert!(!w.db().exists(), "a plan created the database");
    }
    w.ok(&["init", "--model", "digital"]);
    let rejects = w.path("rejects.csv");
    let before = w.state();
    let plan = w.json(&[
        "import",
        "events",
        bad.to_str().unwrap(),
        "--plan",
        "--skip-invalid",
        "--rejects",
        rejects.to_str().unwrap(),
    ]);
    assert_eq!(plan["counts"]["rejected"], 1);
    assert!(!rejects.exists(), "a plan wrote the rejects file");
    assert!(before == w.state(), "the plan wrote to the database");
}

/// The fixture export `kind` as its header and rows.
fn fixture_rows(kind: &str) -> (String, Vec<String>) {
    let text = std::fs::read_to_string(fixtures().join(format!("{kind}.csv"))).unwrap();
    let mut lines = text.lines().map(str::to_string);
    let header = lines.next().unwrap();
    (header, lines.collect())
}

/// One edit of an account row by `code`: drop it, scale its cARR, flip auto-renew, raise PTE.
fn edit_account(row: &str, code: u8) -> Option<String> {
    // Names may hold commas in quotes: edit only rows without quotes.
    if row.contains('"') {
        return Some(row.to_string());
    }
    let mut f: Vec<String> = row.split(',').map(str::to_string).collect();
    match code % 8 {
        0 => return None,
        1 => {
            let carr: f64 = f[3].parse().unwrap_or(0.0);
            f[3] = format!("{:.2}", carr * 4.5);
        }
        2 => {
            let carr: f64 = f[3].parse().unwrap_or(0.0);
            f[3] = format!("{:.2}", carr / 7.0);
        }
        3 => f[8] = if f[8] == "true" { "false" } else { "true" }.to_string(),
        4 => {
            f[9] = "5".to_string();
            f[21] = String::new();
        }
        _ => {}
    }
    Some(f.join(","))
}

/// One edit of an opportunity row by `code`: drop it, close it, move its close date, switch a
/// flag (PO, payment failure).
fn edit_opportunity(row: &str, code: u8) -> Option<String> {
    // Names may hold commas in quotes: edit only rows without quotes.
    if row.contains('"') {
        return Some(row.to_string());
    }
    let mut f: Vec<String> = row.split(',').map(str::to_string).collect();
    match code % 8 {
        0 => return None,
        1 => f[4] = "Closed Lost".to_string(),
        2 => f[5] = "2026-03-20".to_string(),
        3 => f[9] = "true".to_string(),
        4 => f[15] = "true".to_string(),
        _ => {}
    }
    Some(f.join(","))
}

fn export(
    header: &str,
    rows: &[String],
    codes: &[u8],
    edit: fn(&str, u8) -> Option<String>,
) -> String {
    let mut out = format!("{header}\n");
    for (row, code) in rows.iter().zip(codes.iter().cycle()) {
        if let Some(r) = edit(row, *code) {
            out.push_str(&r);
            out.push('\n');
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Random exports (the fixtures with rows dropped and values changed), imported first and
    /// then re-imported a week later: each plan's cases are the ones import then run create.
    #[test]
    fn a_plan_predicts_the_run_after_random_imports(
        first in proptest::collection::vec(any::<u8>(), 16..64),
        second in proptest::collection::vec(any::<u8>(), 16..64),
    ) {
        let mut w = Workdir::new();
        w.ok(&["init", "--model", "digital"]);
        let (ah, accounts) = fixture_rows("accounts");
        let (oh, opps) = fixture_rows("opportunities");
        for (round, codes) in [first, second].iter().enumerate() {
            if round == 1 {
                w.now = "2026-03-09T14:00:00Z".to_string();
            }
            let a = w.create("a.csv", export(&ah, &accounts, codes, edit_account));
            plan_then_import_and_run(&w, "accounts", a.to_str().unwrap());
            let rev: Vec<u8> = codes.iter().rev().copied().collect();
            let o = w.create("o.csv", export(&oh, &opps, &rev, edit_opportunity));
            // Rows of accounts the export dropped are rejected in both, plan and import.
            let before = w.state();
            let plan = w.json(&["import", "opportunities", o.to_str().unwrap(), "--plan",
                "--skip-invalid", "--rejects", "r.csv"]);
            prop_assert!(before == w.state());
            w.ok(&["import", "opportunities", o.to_str().unwrap(), "--skip-invalid", "--rejects", "r.csv"]);
            let run = w.json(&["trigger", "run"]);
            prop_assert_eq!(keys(&plan["cases"]), keys(&run["created"]));
        }
    }
}
