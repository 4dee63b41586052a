//! `smb forecast`: the dated arrivals are the cases the trigger run then creates, the same
//! seed gives the same numbers, the backlog with nobody picking stays and breaches on its due
//! day, the chart fits the width; bad flags exit 2.

use serde_json::Value;

use crate::casework::{digital, new_case};
use crate::support::Workdir;

const ACCOUNTS: &str = "account_id,account_name,region,carr,employees,subscription_end_date\n\
    A-2,Two,EMEA,500,10,2027-01-01\n";

/// An EMEA account whose PO renewal (closing 2026-05-03) enters the 60-day window on
/// 2026-03-04, two days after the workdir's now (2026-03-02T14:00Z).
fn renewal_world() -> Workdir {
    let w = Workdir::new();
    w.ok(&["init", "--model", "digital"]);
    let acc = w.create("a.csv", ACCOUNTS);
    w.ok(&["import", "accounts", acc.to_str().unwrap()]);
    let opps = w.create(
        "o.csv",
        "opportunity_id,account_id,type,stage,close_date,po_required\n\
         O-1,A-2,Renewal,1-Discovery,2026-05-03,true\n",
    );
    w.ok(&["import", "opportunities", opps.to_str().unwrap()]);
    w
}

fn rows(w: &Workdir, args: &[&str]) -> Vec<Value> {
    let mut a = vec!["forecast"];
    a.extend_from_slice(args);
    w.json(&a).as_array().expect("rows").clone()
}

fn row<'a>(rows: &'a [Value], date: &str, queue: &str, priority: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["date"] == date && r["queue"] == queue && r["priority"] == priority)
        .unwrap_or_else(|| panic!("no row {date} {queue} {priority} in {rows:?}"))
}

#[test]
fn forecast_dates_a_renewal_on_the_day_the_trigger_run_creates_it() {
    let mut w = renewal_world();
    let r = rows(&w, &["--days", "4", "--runs", "50"]);
    let dated: Vec<i64> = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"]
        .iter()
        .map(|d| row(&r, d, "EMEA", "Medium")["dated"].as_i64().unwrap())
        .collect();
    assert_eq!(dated, vec![0, 0, 1, 0]);
    // arrivals known exactly: every run has it, p10 = p50 = p90 = 1
    let day2 = row(&r, "2026-03-04", "EMEA", "Medium");
    assert_eq!(day2["arrivals"]["p10"], 1);
    assert_eq!(day2["arrivals"]["p90"], 1);
    // nobody picks EMEA (no advocate): it waits from then on
    assert_eq!(row(&r, "2026-03-05", "EMEA", "all")["depth"]["p50"], 1);

    // What then happened: the run of day 1 creates nothing, the run of day 2 the renewal.
    w.now = "2026-03-03T14:00:00Z".into();
    let run = w.json(&["trigger", "run"]);
    assert_eq!(run["created"].as_array().unwrap().len(), 0, "{run}");
    w.now = "2026-03-04T14:00:00Z".into();
    let run = w.json(&["trigger", "run"]);
    let created = run["created"].as_array().unwrap();
    assert_eq!(created.len(), 1, "{run}");
    assert_eq!(created[0]["trigger"], "po_renewal");
    assert_eq!(created[0]["queue"], "EMEA");
    assert_eq!(created[0]["priority"], "Medium");
}

#[test]
fn forecast_from_a_past_moment_ignores_the_cases_created_after_it() {
    let mut w = renewal_world();
    w.now = "2026-03-04T14:00:00Z".into();
    w.ok(&["trigger", "run"]);
    // From the day before, the stored case (created later) does not hide the signal.
    w.now = "2026-03-03T14:00:00Z".into();
    let r = rows(&w, &["--days", "2", "--runs", "10"]);
    assert_eq!(row(&r, "2026-03-04", "EMEA", "Medium")["dated"], 1);
    // From its day on, it is in the queue (a backlog), not an arrival.
    w.now = "2026-03-05T10:00:00Z".into();
    let r = rows(&w, &["--days", "2", "--runs", "10"]);
    let today = row(&r, "2026-03-05", "EMEA", "Medium");
    assert_eq!(today["dated"], 0);
    assert_eq!(today["depth"]["p50"], 1);
    // Medium is due 48 hours after it entered (2026-03-04 14:00): breaches on 2026-03-06
    let tomorrow = row(&r, "2026-03-06", "EMEA", "Medium");
    assert_eq!(tomorrow["breaches"]["p50"], 1);
    assert_eq!(today["breaches"]["p50"], 0);
}

#[test]
fn forecast_does_not_count_again_a_case_already_past_due_earlier_today() {
    let mut w = renewal_world();
    w.now = "2026-03-04T14:00:00Z".into();
    w.ok(&["trigger", "run"]);
    // Due 2026-03-06T14:00Z; an hour later it is already breached: not a breach of the forecast.
    w.now = "2026-03-06T15:00:00Z".into();
    let r = rows(&w, &["--days", "2", "--runs", "10"]);
    let today = row(&r, "2026-03-06", "EMEA", "Medium");
    assert_eq!(today["depth"]["p50"], 1);
    assert_eq!(today["breaches"]["p90"], 0);
    // An hour before, it breaches that day.
    w.now = "2026-03-06T13:00:00Z".into();
    let r = rows(&w, &["--days", "2", "--runs", "10"]);
    assert_eq!(
        row(&r, "2026-03-06", "EMEA", "Medium")["breaches"]["p10"],
        1
    );
}

/// A digital world with 90 days of manual cases (two a weekday on AMER), some picked by Dana.
pub fn history() -> Workdir {
    let mut w = digital();
    for day in 1..=20u32 {
        let date =
            chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap() + chrono::Days::new(day.into());
        if chrono::Datelike::weekday(&date).number_from_monday() > 5 {
            continue;
        }
        w.now = format!("{date}T10:00:00Z");
        let a = new_case(&w, "A1", "Question", Some("High"));
        new_case(&w, "A3", "Other question", Some("Low"));
        if day % 2 == 0 {
            w.now = format!("{date}T11:00:00Z");
            w.ok(&[
                "--as",
                "Dana",
                "pick",
                &a.to_string(),
                "--force",
                "--reason",
                "test",
            ]);
        }
    }
    w.now = "2026-03-02T14:00:00Z".into();
    w
}

#[test]
fn forecast_is_the_same_under_the_same_seed_and_differs_under_another() {
    let w = history();
    let a = rows(&w, &["--days", "7", "--runs", "200", "--seed", "3"]);
    let b = rows(&w, &["--days", "7", "--runs", "200", "--seed", "3"]);
    assert_eq!(a, b);
    let c = rows(&w, &["--days", "7", "--runs", "200", "--seed", "4"]);
    assert_ne!(a, c);
    // The inbound rate: 28 manual cases on AMER over the 90 days (14 High, 14 Low), on
    // weekdays only. The history is younger than 90 days: measured from its first case
    // (2026-02-02), High cases on 3 of its 4 Mondays (02-02, 02-09, 02-16, not 02-23).
    let monday = row(&a, "2026-03-02", "AMER", "High");
    assert_eq!(monday["inbound"].as_f64().unwrap(), 0.75);
    assert_eq!(row(&a, "2026-03-07", "AMER", "High")["inbound"], 0.0); // a Saturday
    // percentiles are ordered in every row
    for r in &a {
        for k in ["arrivals", "picks", "depth", "breaches"] {
            let s = &r[k];
            if s.is_null() {
                continue;
            }
            let (p10, p50, p90) = (s["p10"].as_u64(), s["p50"].as_u64(), s["p90"].as_u64());
            assert!(p10 <= p50 && p50 <= p90, "{k} in {r}");
        }
    }
}

#[test]
fn forecast_chart_fits_the_width_and_names_each_queue() {
    let w = history();
    let out = w.ok(&["forecast", "--days", "5", "--runs", "20"]);
    assert!(
        out.contains("AMER: cases waiting at the day's end"),
        "{out}"
    );
    assert!(out.contains("2026-03-02 Mon |"), "{out}");
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "{line:?} is wider than 80");
    }
    assert!(!out.contains('\u{1b}'), "no colour off a terminal: {out:?}");
}

#[test]
fn forecast_refuses_zero_days_and_zero_runs() {
    let w = renewal_world();
    let e = w.fails(&["forecast", "--days", "0"], 2);
    assert!(e.contains("--days"), "{e}");
    let e = w.fails(&["forecast", "--runs", "0"], 2);
    assert!(e.contains("--runs"), "{e}");
}

#[test]
fn forecast_removes_the_capacity_of_an_advocate_on_the_days_they_are_away() {
    let w = history();
    let picks = |r: &[Value], date: &str| row(r, date, "AMER", "all")["picks"]["p90"].as_u64();
    let before = rows(&w, &["--days", "5", "--runs", "200", "--seed", "3"]);
    assert!(
        picks(&before, "2026-03-03").unwrap() > 0,
        "Dana picks: {before:?}"
    );
    w.ok(&[
        "--as",
        "Dana",
        "advocate",
        "away",
        "Dana",
        "--from",
        "2026-03-03",
        "--until",
        "2026-03-04",
        "--cover",
        "Lena",
    ]);
    let after = rows(&w, &["--days", "5", "--runs", "200", "--seed", "3"]);
    // Lena covers the routing, not the AMER queue's picks: nobody picks AMER while Dana is away…
    assert_eq!(picks(&after, "2026-03-03"), Some(0));
    assert_eq!(picks(&after, "2026-03-04"), Some(0));
    // …and Dana picks again the day she is back (and the day before she left).
    assert!(picks(&after, "2026-03-02").unwrap() > 0);
    assert!(picks(&after, "2026-03-05").unwrap() > 0);
}
