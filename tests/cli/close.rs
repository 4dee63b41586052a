//! `smb close`: every closing rule (SPEC §4.4) and High Value Account suppression (§4.6).

use chrono::{DateTime, Utc};
use smb::domain::case::{Case, Category, Origin, Priority};
use smb::domain::model::{Model, Settings};
use smb::store::sqlite::Store;

use crate::casework::{actions, digital, new_case, show};
use crate::support::Workdir;

fn picked_case(w: &Workdir) -> String {
    let id = new_case(w, "A1", "Referral", None);
    w.ok(&["--as", "Dana", "pick"]);
    id.to_string()
}

/// A High Value Account case on A1, made through the library as the trigger engine would.
fn high_value_case(w: &Workdir) -> i64 {
    let (mut store, _) = Store::open(&w.db(), &Settings::new(Model::Digital)).unwrap();
    let tx = store.write().unwrap();
    let now: DateTime<Utc> = "2026-02-01T00:00:00Z".parse().unwrap();
    let mut d = Case::draft(
        "high_value_account",
        Category::HighValue,
        Priority::Low,
        "High Value Account",
        Origin::Trigger,
        "system",
        now,
    );
    d.account_id = Some("A1".into());
    d.queue = Some("AMER".into());
    let c = tx.create_case(&d, "system", None).unwrap();
    assert!(!tx.high_value_suppressed("A1").unwrap());
    tx.commit().unwrap();
    c.id
}

fn suppressed(w: &Workdir, account: &str) -> bool {
    let (mut store, _) = Store::open(&w.db(), &Settings::new(Model::Digital)).unwrap();
    let tx = store.read().unwrap();
    tx.high_value_suppressed(account).unwrap()
}

#[test]
fn close_resolved_case_insensitive_in_exact_out() {
    let mut w = digital();
    w.user = "Dana".into(); // the owner closes (SPEC §4.3)
    let id = picked_case(&w);
    let c = w.json(&[
        "--as",
        "Dana",
        "close",
        &id,
        "--status",
        "RESOLVED",
        "--action",
        "completed sales assisted order",
        "--feedback",
        "Smooth",
    ]);
    assert_eq!(c["status"], "Closed - Resolved");
    assert_eq!(c["resolution_action"], "Completed Sales Assisted Order");
    assert_eq!(c["closed_at"], "2026-03-02T14:00:00Z");
    assert_eq!(c["feedback"], "Smooth");
    let id: i64 = id.parse().unwrap();
    assert_eq!(actions(&w, id)[4..], ["closed", "closed", "updated"]);
    // closing a closed case: exit 2, nothing changes
    let before = w.state();
    let err = w.fails(
        &[
            "close",
            &id.to_string(),
            "--status",
            "na",
            "--action",
            "No Action Required",
        ],
        2,
    );
    assert!(err.contains("already closed"), "{err}");
    assert_eq!(before, w.state());
}

#[test]
fn bad_or_missing_status_and_action() {
    let mut w = digital();
    w.user = "Dana".into(); // the owner closes (SPEC §4.3)
    let id = picked_case(&w);
    let before = w.state();
    let err = w.fails(
        &[
            "close",
            &id,
            "--status",
            "closed",
            "--action",
            "Answered Question",
        ],
        2,
    );
    assert!(
        err.contains("resolved, duplicate, unresponsive, na"),
        "{err}"
    );
    let err = w.fails(
        &[
            "close",
            &id,
            "--status",
            "open",
            "--action",
            "Answered Question",
        ],
        2,
    );
    assert!(err.contains("resolved, duplicate"), "{err}");
    let err = w.fails(
        &["close", &id, "--status", "resolved", "--action", "Fixed it"],
        2,
    );
    assert!(
        err.contains("Request Not Possible") && err.contains("Failed to Engage"),
        "{err}"
    );
    // no terminal: refuse and list the values
    let err = w.fails(&["close", &id, "--action", "Answered Question"], 2);
    assert!(
        err.contains("--status is required") && err.contains("unresponsive"),
        "{err}"
    );
    let err = w.fails(&["close", &id, "--status", "resolved"], 2);
    assert!(
        err.contains("--action is required") && err.contains("Growth Conversation"),
        "{err}"
    );
    let err = w.fails(
        &[
            "close",
            "4711",
            "--status",
            "resolved",
            "--action",
            "Answered Question",
        ],
        2,
    );
    assert!(err.contains("unknown case #4711"), "{err}");
    assert_eq!(before, w.state());
}

#[test]
fn unresponsive_only_fifteen_days_after_the_pick() {
    let mut w = digital();
    w.user = "Dana".into(); // the owner closes (SPEC §4.3)
    let id = picked_case(&w); // picked 2026-03-02T14:00:00Z
    let args = [
        "close",
        id.as_str(),
        "--status",
        "unresponsive",
        "--action",
        "Failed to Engage",
    ];
    w.now = "2026-03-17T13:59:59Z".into();
    let err = w.fails(&args, 2);
    assert!(
        err.contains("after the pick, from 2026-03-17T14:00:00Z"),
        "{err}"
    );
    w.now = "2026-03-17T14:00:00Z".into();
    let c = w.json(&args);
    assert_eq!(c["status"], "Closed - Unresponsive");

    // --force --reason overrides, and the history says so
    let mut w = digital();
    w.user = "Dana".into(); // the owner closes (SPEC §4.3)
    let id = picked_case(&w);
    w.fails(
        &[
            "close",
            &id,
            "--status",
            "unresponsive",
            "--action",
            "Failed to Engage",
            "--force",
        ],
        2,
    );
    let c = w.json(&[
        "close",
        &id,
        "--status",
        "unresponsive",
        "--action",
        "Failed to Engage",
        "--force",
        "--reason",
        "company dissolved",
    ]);
    assert_eq!(c["status"], "Closed - Unresponsive");
    let h = show(&w, id.parse().unwrap())["history"].clone();
    let closed = h
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "closed")
        .unwrap();
    assert!(
        closed["note"]
            .as_str()
            .unwrap()
            .contains("company dissolved"),
        "{closed}"
    );
}

#[test]
fn open_linked_opportunity_warns() {
    let mut w = digital();
    w.user = "Dana".into(); // the owner closes (SPEC §4.3)
    let id = picked_case(&w);
    w.ok(&["case", "update", &id, "--opportunity", "O1"]);
    let out = w
        .smb(&[
            "close",
            &id,
            "--status",
            "resolved",
            "--action",
            "Growth Conversation",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("opportunity O1") && err.contains("still open"),
        "{err}"
    );
    // a closed opportunity: no warning
    let id = new_case(&w, "A1", "Referral", None).to_string();
    w.ok(&["case", "update", &id, "--opportunity", "O2"]);
    let out = w
        .smb(&[
            "close",
            &id,
            "--status",
            "duplicate",
            "--action",
            "No Action Required",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn high_value_account_cases_close_only_as_request_not_possible() {
    let mut w = digital();
    if w.is_postgres() {
        return; // SQLite-only: makes the case and reads suppression through the SQLite library API
    }
    w.user = "Dana".into(); // the owner closes (SPEC §4.3)
    let id = high_value_case(&w).to_string();
    w.ok(&["--as", "Dana", "pick", &id]);
    let before = w.state();
    for action in [
        "Answered Question",
        "No Action Required",
        "Growth Conversation",
    ] {
        let err = w.fails(
            &[
                "close", &id, "--status", "resolved", "--action", action, "--force", "--reason",
                "x",
            ],
            2,
        );
        assert!(
            err.contains("High Value Account case") && err.contains("Request Not Possible"),
            "{err}"
        );
    }
    assert_eq!(before, w.state());
    assert!(!suppressed(&w, "A1"));
    let out = w.ok(&[
        "close",
        &id,
        "--status",
        "na",
        "--action",
        "request not possible",
    ]);
    assert!(out.contains("No further High Value cases"), "{out}");
    assert!(suppressed(&w, "A1"));
    assert!(!suppressed(&w, "A2"));
}
