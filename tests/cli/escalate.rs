//! `smb escalate` and `smb report escalations` (SPEC §11.3), on the engine the suite runs on:
//! once per case and reason, only past the due instant or the 15-day limit, only to the
//! managers of the case's region, nothing written on --dry-run.

use serde_json::Value;

use crate::casework::{actions, digital, new_case};
use crate::support::Workdir;

/// 25 hours after the suite's NOW: a High case (24 h) created at NOW is past its due instant.
const LATE: &str = "2026-03-03T15:00:00Z";
/// 23 hours after NOW: within the High target.
const IN_TIME: &str = "2026-03-03T13:00:00Z";

/// The digital world with managers Mona (AMER) and Erik (EMEA), and a High case on A1 (AMER).
fn world() -> (Workdir, i64) {
    let w = digital();
    w.ok(&[
        "advocate", "add", "Mona", "--region", "AMER", "--role", "manager",
    ]);
    w.ok(&[
        "advocate", "add", "Erik", "--region", "EMEA", "--role", "manager",
    ]);
    let id = new_case(&w, "A1", "Renewal question", Some("High"));
    (w, id)
}

fn escalate(w: &Workdir, now: &str) -> Vec<Value> {
    w.json(&["--now", now, "escalate"])
        .as_array()
        .expect("an array")
        .clone()
}

/// The texts of `who`'s `smb today` items about case `id`.
fn today_of(w: &Workdir, who: &str, now: &str, id: i64) -> Vec<String> {
    w.json(&["--now", now, "--as", who, "today"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"].as_i64() == Some(id))
        .flat_map(|c| c["today"].as_array().unwrap().clone())
        .map(|i| i["text"].as_str().unwrap().to_string())
        .collect()
}

fn escalated_entries(w: &Workdir, id: i64) -> usize {
    actions(w, id).iter().filter(|a| *a == "escalated").count()
}

#[test]
fn escalate_twice_escalates_once() {
    let (w, id) = world();
    let first = escalate(&w, LATE);
    assert_eq!(first.len(), 1, "{first:?}");
    assert_eq!(first[0]["case_id"], id);
    assert_eq!(first[0]["reason"], "pick_up_sla");
    assert_eq!(first[0]["managers"], serde_json::json!(["Mona"]));
    assert_eq!(escalated_entries(&w, id), 1);
    // A later run, even much later, finds nothing new to escalate.
    assert!(escalate(&w, LATE).is_empty());
    assert!(escalate(&w, "2026-03-09T15:00:00Z").is_empty());
    assert_eq!(escalated_entries(&w, id), 1);
    let text = w.ok(&["--now", LATE, "escalate"]);
    assert!(text.contains("Escalated 0 cases."), "{text}");
}

#[test]
fn a_case_within_its_sla_is_not_escalated() {
    let (w, id) = world();
    assert!(escalate(&w, IN_TIME).is_empty());
    // Exactly on the due instant is in time too.
    assert!(escalate(&w, "2026-03-03T14:00:00Z").is_empty());
    assert_eq!(escalated_entries(&w, id), 0);
    assert_eq!(escalate(&w, "2026-03-03T14:00:01Z").len(), 1);
}

#[test]
fn the_15_day_limit_escalates_an_in_progress_case_once() {
    let (w, id) = world();
    w.ok(&["--as", "Dana", "pick"]);
    // Picked at NOW, in time: no pick-up escalation, and 15 days are not yet past.
    assert!(escalate(&w, "2026-03-17T14:00:00Z").is_empty());
    let late = escalate(&w, "2026-03-17T15:00:00Z");
    assert_eq!(late.len(), 1, "{late:?}");
    assert_eq!(late[0]["case_id"], id);
    assert_eq!(late[0]["reason"], "15_day_limit");
    assert_eq!(late[0]["waited_hours"], 361.0);
    assert!(escalate(&w, "2026-03-20T15:00:00Z").is_empty());
    assert_eq!(escalated_entries(&w, id), 1);
}

#[test]
fn only_the_managers_of_the_cases_region_get_the_notice() {
    let (w, id) = world();
    w.ok(&[
        "advocate", "add", "Ana", "--region", "AMER", "--role", "manager",
    ]);
    let esc = escalate(&w, LATE);
    assert_eq!(esc[0]["managers"], serde_json::json!(["Ana", "Mona"]));
    for amer in ["Mona", "Ana"] {
        let items = today_of(&w, amer, LATE, id);
        assert!(
            items
                .iter()
                .any(|t| t.starts_with("new: escalated to you: case")
                    && t.contains("past its pick-up SLA")),
            "{amer}: {items:?}"
        );
    }
    assert!(today_of(&w, "Erik", LATE, id).is_empty());
    assert!(today_of(&w, "Dana", LATE, id).is_empty());
}

#[test]
fn dry_run_writes_nothing() {
    let (w, id) = world();
    let before = w.state();
    let out = w.json(&["--now", LATE, "escalate", "--dry-run"]);
    assert_eq!(out[0]["case_id"], id);
    let text = w.ok(&["--now", LATE, "escalate", "--dry-run"]);
    assert!(text.contains("Would escalate 1 case"), "{text}");
    assert_eq!(w.state(), before, "--dry-run changed the database");
    // And the real run still escalates it.
    assert_eq!(escalate(&w, LATE).len(), 1);
}

#[test]
fn a_region_without_a_manager_is_warned_about_and_left_for_a_later_run() {
    let w = digital();
    w.ok(&[
        "advocate", "add", "Mona", "--region", "AMER", "--role", "manager",
    ]);
    let emea = new_case(&w, "A2", "Frage", Some("High"));
    let out = w.smb(&["--now", LATE, "escalate"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "case {emea} is past its pick-up SLA, but region EMEA has no manager"
        )),
        "{err}"
    );
    assert_eq!(escalated_entries(&w, emea), 0);
    // Once the region has a manager, the next run escalates it.
    w.ok(&[
        "advocate", "add", "Sam", "--region", "EMEA", "--role", "manager",
    ]);
    let again = escalate(&w, LATE);
    assert_eq!(again.len(), 1, "{again:?}");
    assert_eq!(again[0]["case_id"], emea);
}

#[test]
fn report_escalations_shows_how_long_each_case_waited() {
    let (w, id) = world();
    assert!(
        w.json(&["--now", LATE, "report", "escalations"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    escalate(&w, LATE);
    let rep = w.json(&["--now", LATE, "report", "escalations"]);
    let rows = rep.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rep}");
    assert_eq!(rows[0]["case_id"], id);
    assert_eq!(rows[0]["waited_hours"], 25.0);
    assert_eq!(rows[0]["since"], "2026-03-02T14:00:00Z");
    assert_eq!(rows[0]["escalated_at"], LATE);
    let text = w.ok(&["--now", LATE, "report", "escalations"]);
    assert!(text.contains("25 h") && text.contains("Mona"), "{text}");
    // The window: a day before the escalation holds none.
    let none = w.json(&[
        "--now",
        LATE,
        "report",
        "escalations",
        "--until",
        "2026-03-02",
    ]);
    assert!(none.as_array().unwrap().is_empty(), "{none}");
}
