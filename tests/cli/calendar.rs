//! `smb calendar add|import|remove|show` (SPEC §11.4) on the engine the suite runs on, and the
//! pooled clocks that skip a region's holidays everywhere a due instant decides something:
//! queue, case show, report sla, escalate, the met/breached of a pick.

use serde_json::{Value, json};

use crate::casework::pooled;
use crate::support::Workdir;

/// The pooled world with Sam, the AMER manager.
fn world() -> Workdir {
    let w = pooled();
    w.ok(&[
        "advocate", "add", "Sam", "--region", "AMER", "--role", "manager",
    ]);
    w
}

fn holidays(w: &Workdir, args: &[&str]) -> Vec<Value> {
    let mut a = vec!["calendar", "show"];
    a.extend_from_slice(args);
    w.json(&a).as_array().unwrap().clone()
}

#[test]
fn a_manager_adds_imports_lists_and_removes_holidays() {
    let w = world();
    let added = w.json(&[
        "--as",
        "Sam",
        "calendar",
        "add",
        "amer",
        "2026-11-26",
        "--name",
        "Thanksgiving",
    ]);
    assert_eq!(
        added,
        json!({"region": "AMER", "date": "2026-11-26", "name": "Thanksgiving"})
    );
    let text = w.ok(&["--as", "Sam", "calendar", "add", "EMEA", "2027-01-01"]);
    assert!(
        text.contains("Added EMEA holiday Friday 2027-01-01 holiday."),
        "{text}"
    );
    w.create(
        "uk.csv",
        "Date,Name\n2026-12-25,Christmas Day\n12/28/2026,Boxing Day (substitute)\n",
    );
    let text = w.ok(&["--as", "Sam", "calendar", "import", "EMEA", "uk.csv"]);
    assert!(
        text.contains("Imported 2 EMEA holiday(s) from uk.csv: 2 new, 0 already there."),
        "{text}"
    );
    w.create(
        "us.ics",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:a\r\n\
         DTSTART;VALUE=DATE:20261126\r\nDTEND;VALUE=DATE:20261128\r\nSUMMARY:Thanksgiving break\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n",
    );
    let text = w.ok(&["--as", "Sam", "calendar", "import", "AMER", "us.ics"]);
    assert!(text.contains("1 new, 1 already there."), "{text}");
    let all = holidays(&w, &[]);
    let days: Vec<(&str, &str)> = all
        .iter()
        .map(|h| (h["region"].as_str().unwrap(), h["date"].as_str().unwrap()))
        .collect();
    assert_eq!(
        days,
        [
            ("AMER", "2026-11-26"),
            ("AMER", "2026-11-27"),
            ("EMEA", "2026-12-25"),
            ("EMEA", "2026-12-28"),
            ("EMEA", "2027-01-01"),
        ]
    );
    assert_eq!(all[0]["name"], "Thanksgiving break", "the file renames");
    assert_eq!(holidays(&w, &["EMEA", "--year", "2026"]).len(), 2);
    assert_eq!(holidays(&w, &["--year", "2027"]).len(), 1);
    w.ok(&["--as", "Sam", "calendar", "remove", "EMEA", "2027-01-01"]);
    assert!(holidays(&w, &["--year", "2027"]).is_empty());
    let e = w.fails(
        &["--as", "Sam", "calendar", "remove", "EMEA", "2027-01-01"],
        2,
    );
    assert!(e.contains("EMEA has no holiday on 2027-01-01"), "{e}");
}

#[test]
fn only_a_manager_or_the_database_owner_changes_the_calendar() {
    let w = world();
    let before = w.state();
    let e = w.fails(
        &["--as", "Maya", "calendar", "add", "AMER", "2026-11-26"],
        2,
    );
    assert!(e.contains("\"Maya\" is an advocate: only a manager"), "{e}");
    // A name with no profile: the database owner on PostgreSQL (the suite's login owns the
    // test database), no one on SQLite.
    if w.is_postgres() {
        w.ok(&["--as", "ops", "calendar", "add", "AMER", "2026-11-26"]);
    } else {
        let e = w.fails(&["--as", "ops", "calendar", "add", "AMER", "2026-11-26"], 2);
        assert!(e.contains("\"ops\" has no profile"), "{e}");
        assert_eq!(w.state(), before);
    }
}

#[test]
fn bad_holiday_input_changes_nothing() {
    let w = world();
    w.ok(&["--as", "Sam", "calendar", "add", "AMER", "2026-11-26"]);
    let before = w.state();
    w.create(
        "bad.csv",
        "date,name\n2026-12-25,Christmas Day\n2026-02-30,Nope\n",
    );
    let e = w.fails(&["--as", "Sam", "calendar", "import", "AMER", "bad.csv"], 2);
    assert!(
        e.contains("bad.csv:3: date \"2026-02-30\": expected a date as YYYY-MM-DD"),
        "{e}"
    );
    w.create("nodate.csv", "day,name\n2026-12-25,Christmas Day\n");
    let e = w.fails(
        &["--as", "Sam", "calendar", "import", "AMER", "nodate.csv"],
        2,
    );
    assert!(e.contains("nodate.csv:1: no date column"), "{e}");
    w.create(
        "timed.ics",
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:1\nDTSTART:20261225T090000Z\nSUMMARY:Party\nEND:VEVENT\nEND:VCALENDAR\n",
    );
    let e = w.fails(
        &["--as", "Sam", "calendar", "import", "AMER", "timed.ics"],
        2,
    );
    assert!(
        e.contains("timed.ics:3: event \"Party\" has a DTSTART with a time"),
        "{e}"
    );
    w.create("broken.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nnot a line\n");
    let e = w.fails(
        &["--as", "Sam", "calendar", "import", "AMER", "broken.ics"],
        2,
    );
    assert!(e.contains("broken.ics"), "{e}");
    let e = w.fails(&["--as", "Sam", "calendar", "add", "AMER", "2026-13-01"], 2);
    assert!(e.contains("\"2026-13-01\""), "{e}");
    let e = w.fails(&["--as", "Sam", "calendar", "add", "AMR", "2026-12-01"], 2);
    assert!(e.contains("did you mean AMER?"), "{e}");
    let e = w.fails(
        &["--as", "Sam", "calendar", "import", "EMEA", "missing.csv"],
        2,
    );
    assert!(e.contains("missing.csv: cannot read"), "{e}");
    assert_eq!(w.state(), before);
}

/// Friday 2026-03-06 15:00 New York (EST): 2 business hours on Friday, the weekend (the clocks
/// go forward on Sunday 03-08), 6 on Monday 03-09 → 15:00 EDT = 19:00 UTC. With Monday a
/// holiday, 6 on Tuesday → 2026-03-10 19:00 UTC.
const FRIDAY: &str = "2026-03-06T20:00:00Z";
const MONDAY_DUE: &str = "2026-03-09T19:00:00Z";
const TUESDAY_DUE: &str = "2026-03-10T19:00:00Z";
/// Between the two due instants.
const MONDAY_LATE: &str = "2026-03-09T20:00:00Z";

fn due_in_queue(w: &Workdir, now: &str, id: i64) -> String {
    let list = w.json(&["--now", now, "--as", "Maya", "queue", "list"]);
    let item = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("#{id} not in {list}"))
        .clone();
    item["sla_due_at"].as_str().unwrap().to_string()
}

fn waiting_breached(w: &Workdir, now: &str) -> Value {
    let rows = w.json(&["--now", now, "report", "sla", "--since", "2026-03-01"]);
    rows[0]["waiting_breached"].clone()
}

fn escalated(w: &Workdir, now: &str) -> usize {
    w.json(&["--now", now, "escalate", "--dry-run"])
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn a_holiday_moves_the_pooled_due_instant_everywhere() {
    let w = world();
    let id = w.json(&[
        "--now",
        FRIDAY,
        "case",
        "new",
        "--account",
        "P1",
        "--subject",
        "Question",
    ])["id"]
        .as_i64()
        .unwrap();
    // Without the holiday (one side): due Monday.
    assert_eq!(due_in_queue(&w, FRIDAY, id), MONDAY_DUE);
    assert_eq!(waiting_breached(&w, MONDAY_LATE), 1);
    assert_eq!(escalated(&w, MONDAY_LATE), 1);

    w.ok(&[
        "--as",
        "Sam",
        "calendar",
        "add",
        "AMER",
        "2026-03-09",
        "--name",
        "Founders Day",
    ]);
    // With it (the other side): due Tuesday, not breached on Monday evening.
    assert_eq!(due_in_queue(&w, FRIDAY, id), TUESDAY_DUE);
    assert_eq!(waiting_breached(&w, MONDAY_LATE), 0);
    assert_eq!(escalated(&w, MONDAY_LATE), 0);
    // An EMEA holiday does not move an AMER clock.
    w.ok(&["--as", "Sam", "calendar", "add", "EMEA", "2026-03-10"]);
    assert_eq!(due_in_queue(&w, FRIDAY, id), TUESDAY_DUE);

    // case show explains it: the days counted, the weekend and the holiday skipped, the
    // clock change crossed.
    let shown = w.json(&["--now", FRIDAY, "case", "show", &id.to_string()]);
    let e = &shown["sla_explanation"];
    assert_eq!(e["due_at"], TUESDAY_DUE);
    assert_eq!(e["started_at"], FRIDAY);
    assert_eq!(e["clock"], "business");
    let days: Vec<String> = e["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["date"].as_str().unwrap(),
                d["skipped"].as_str().map_or_else(
                    || d["hours"].to_string(),
                    |s| format!("{s} {}", d["holiday"].as_str().unwrap_or(""))
                )
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            "2026-03-06 2.0",
            "2026-03-07 weekend ",
            "2026-03-08 weekend ",
            "2026-03-09 holiday Founders Day",
            "2026-03-10 6.0",
        ]
    );
    assert_eq!(
        e["clock_changes"],
        json!([{"date": "2026-03-08", "before": "EST (-05:00)", "after": "EDT (-04:00)"}])
    );
    let keys: Vec<&String> = shown.as_object().unwrap().keys().collect();
    assert_eq!(keys[keys.len() - 2..], ["history", "sla_explanation"]);
    let text = w.ok(&["--now", FRIDAY, "case", "show", &id.to_string()]);
    for line in [
        "Started Friday 2026-03-06 15:00 EST; target 8 business hours, AMER 09:00-17:00",
        "Fri 2026-03-06: 15:00-17:00, 2 h counted",
        "Sat 2026-03-07: skipped, weekend",
        "Mon 2026-03-09: skipped, AMER holiday (Founders Day)",
        "Clock change on Sun 2026-03-08: EST (-05:00) to EDT (-04:00)",
        "Tue 2026-03-10: 09:00-15:00, 6 h counted",
        "Due Tuesday 2026-03-10 15:00 EDT.",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }

    // A pick on Monday evening is met with the holiday, breached without it.
    w.ok(&[
        "--now",
        MONDAY_LATE,
        "--as",
        "Maya",
        "pick",
        &id.to_string(),
    ]);
    let met = |w: &Workdir| {
        let r = w.json(&[
            "--now",
            MONDAY_LATE,
            "report",
            "sla",
            "--since",
            "2026-03-01",
        ]);
        (r[0]["met"].clone(), r[0]["breached"].clone())
    };
    assert_eq!(met(&w), (json!(1), json!(0)));
    w.ok(&["--as", "Sam", "calendar", "remove", "AMER", "2026-03-09"]);
    assert_eq!(met(&w), (json!(0), json!(1)));
    // A case no longer waiting for a pick has nothing to explain.
    assert_eq!(
        w.json(&["case", "show", &id.to_string()])["sla_explanation"],
        Value::Null
    );
}
