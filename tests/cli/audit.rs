//! Regressions an outside-in audit of the playbook rules found (SPEC §1-§6, §11): each test
//! is named after the rule it protects and checks both sides of its edge.

use serde_json::Value;

use crate::support::Workdir;

/// A pooled database with one AMER AE.
fn pooled() -> Workdir {
    let w = Workdir::new();
    w.ok(&["init", "--model", "pooled"]);
    w.ok(&["advocate", "add", "Pat Pool", "--region", "AMER"]);
    w
}

fn sla_row(w: &Workdir) -> Value {
    let rows = w.json(&["report", "sla"]);
    rows.as_array().expect("array")[0].clone()
}

/// SPEC §6.1/§6.2: a case in both queues (unknown sender) is due at the earlier of the two
/// queues' due instants, and its hours to pick-up are counted on that same clock: a pick past
/// the due instant never shows fewer hours than the target.
#[test]
fn both_queue_hours_to_pick_up_follow_the_clock_that_sets_the_due_instant() {
    let mut w = pooled();
    w.create(
        "in.eml",
        "From: Zed <zed@unknown.example>\nSubject: Question\nMessage-ID: <q1@x>\n\nHi\n",
    );
    // Friday 2026-03-06 08:00 UTC: London's clock is due 17:00 UTC, New York's 22:00 UTC.
    w.now = "2026-03-06T08:00:00Z".into();
    w.ok(&["case", "email", "in.eml"]);
    let q = w.json(&["queue", "list", "--queue", "AMER"]);
    assert_eq!(q[0]["sla_due_at"], "2026-03-06T17:00:00Z", "{q}");
    // Picked Monday 10:00 UTC: 8 business hours Friday and 1 Monday in London.
    w.now = "2026-03-09T10:00:00Z".into();
    w.ok(&["--as", "Pat Pool", "pick", "1"]);
    let r = sla_row(&w);
    assert_eq!(r["breached"], 1, "{r}");
    assert_eq!(r["median_hours"], 9.0, "{r}");
}

/// The other side: a both-queue case New York's clock decides counts New York's hours.
#[test]
fn both_queue_hours_to_pick_up_on_new_york_clock() {
    let mut w = pooled();
    w.create(
        "in.eml",
        "From: Zed <zed@unknown.example>\nSubject: Question\nMessage-ID: <q1@x>\n\nHi\n",
    );
    // Monday 2026-03-02 14:00 UTC: New York due 22:00 UTC, London Tuesday 14:00 UTC.
    w.now = "2026-03-02T14:00:00Z".into();
    w.ok(&["case", "email", "in.eml"]);
    w.now = "2026-03-02T22:00:00Z".into();
    w.ok(&["--as", "Pat Pool", "pick", "1"]);
    let r = sla_row(&w);
    assert_eq!(r["met"], 1, "{r}");
    assert_eq!(r["median_hours"], 8.0, "{r}");
}
