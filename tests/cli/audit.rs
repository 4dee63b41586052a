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

/// A pooled AMER account whose open Upgrade opportunity is owned by `upgrade_owner`, with a
/// renewal past its close date (a `past_due_renewal` case at the next run).
fn upgrade_world(w: &Workdir, upgrade_owner: &str) {
    w.create(
        "accounts.csv",
        "account_id,account_name,region,carr,customer_type\nP1,Ghosted,AMER,100,existing\n",
    );
    w.create(
        "opps.csv",
        format!(
            "opportunity_id,account_id,type,stage,close_date,owner\n\
             U1,P1,Upgrade,Open,2026-06-01,{upgrade_owner}\n\
             R1,P1,Renewal,Open,2026-03-01,\n"
        ),
    );
    w.ok(&["import", "accounts", "accounts.csv"]);
    w.ok(&["import", "opportunities", "opps.csv"]);
}

/// SPEC §1.2 and §3.3 rule 2: a case goes to the AE of an active Upgrade opportunity only
/// when a profile answers to that owner; an owner nobody's profile answers to (a name from
/// the CRM) would leave the case owned by nobody who can work it: it enters its queue.
#[test]
fn an_upgrade_owner_without_a_profile_routes_no_case() {
    let w = pooled();
    upgrade_world(&w, "Ghost AE");
    let run = w.json(&["trigger", "run"]);
    let c = &run["created"][0];
    assert_eq!(c["trigger"], "past_due_renewal", "{run}");
    assert_eq!(c["owner"], Value::Null, "{run}");
    assert_eq!(c["queue"], "AMER", "{run}");
    let q = w.json(&["--as", "Pat Pool", "queue", "list"]);
    assert_eq!(q[0]["id"], c["id"], "{q}");
    // The manual case and the explanation agree.
    let m = w.json(&[
        "case",
        "new",
        "--account",
        "P1",
        "--subject",
        "Support Ticket",
    ]);
    assert_eq!(m["owner"], Value::Null, "{m}");
    assert_eq!(m["queue"], "AMER", "{m}");
    // A pick of the head is a pick, not a transfer to the name.
    let p = w.json(&["--as", "Pat Pool", "pick"]);
    assert_eq!(p["owner"], "Pat Pool", "{p}");
    assert_eq!(p["status"], "In Progress", "{p}");
}

/// The other side: an owner a profile answers to (any spelling) gets the case.
#[test]
fn an_upgrade_owner_with_a_profile_gets_the_case() {
    let w = pooled();
    w.ok(&["advocate", "add", "Al Two", "--region", "AMER"]);
    upgrade_world(&w, "al two");
    let run = w.json(&["trigger", "run"]);
    let c = &run["created"][0];
    assert_eq!(c["owner"], "Al Two", "{run}");
    assert_eq!(c["status"], "Open", "{run}");
}

/// The other side at a pick: an AE's Upgrade opportunity on the account transfers the case.
#[test]
fn a_pick_transfers_to_the_upgrade_owner_with_a_profile() {
    let w = pooled();
    w.ok(&["advocate", "add", "Al Two", "--region", "AMER"]);
    upgrade_world(&w, "Nobody Yet");
    w.ok(&["trigger", "run"]);
    // The owner gets a profile after the case was queued.
    w.ok(&["advocate", "add", "Nobody Yet", "--region", "AMER"]);
    let p = w.json(&["--as", "Pat Pool", "pick"]);
    assert_eq!(p["owner"], "Nobody Yet", "{p}");
    assert_eq!(p["status"], "Open", "{p}");
}

/// A digital database with one advocate and two cases in the AMER queue (#1 the head).
fn two_cases() -> Workdir {
    let w = Workdir::new();
    w.ok(&["init"]);
    w.ok(&["advocate", "add", "Ann", "--region", "AMER"]);
    w.create(
        "accounts.csv",
        "account_id,account_name,region,carr\nA1,One,AMER,100\nA2,Two,AMER,100\n",
    );
    w.ok(&["import", "accounts", "accounts.csv"]);
    w.ok(&["case", "new", "--account", "A1", "--subject", "First"]);
    w.ok(&["case", "new", "--account", "A2", "--subject", "Second"]);
    w
}

/// SPEC §4.2: a pick past the head needs `--force` and the override is recorded with the
/// reason given: a blank reason is no reason (exit 2, nothing changed); a real one is kept.
#[test]
fn a_forced_pick_needs_a_reason_that_says_something() {
    let w = two_cases();
    let before = w.state();
    let err = w.fails(
        &["--as", "Ann", "pick", "2", "--force", "--reason", "  "],
        2,
    );
    assert!(err.contains("--reason"), "{err}");
    assert_eq!(w.state(), before, "a refused pick changes nothing");
    let p = w.json(&[
        "--as",
        "Ann",
        "pick",
        "2",
        "--force",
        "--reason",
        " asked by name ",
    ]);
    assert_eq!(p["status"], "In Progress", "{p}");
    let show = w.json(&["case", "show", "2"]);
    let picked = show["history"]
        .as_array()
        .expect("history")
        .iter()
        .find(|h| h["action"] == "picked" && h["field"] == "status")
        .cloned()
        .unwrap_or_default();
    let note = picked["note"].as_str().unwrap_or_default();
    assert!(note.ends_with("): asked by name"), "{show}");
}

/// SPEC §4.4: closing as Unresponsive before 15 days needs `--force` with a reason; a blank
/// one is refused (exit 2, nothing changed), a real one is recorded.
#[test]
fn a_forced_close_needs_a_reason_that_says_something() {
    let w = two_cases();
    w.ok(&["--as", "Ann", "pick"]);
    let before = w.state();
    let close = |reason: &str| {
        vec![
            "--as",
            "Ann",
            "close",
            "1",
            "--status",
            "unresponsive",
            "--action",
            "Failed to Engage",
            "--force",
            "--reason",
        ]
        .into_iter()
        .chain([reason])
        .map(str::to_string)
        .collect::<Vec<String>>()
    };
    let blank = close("\t");
    let blank: Vec<&str> = blank.iter().map(String::as_str).collect();
    let err = w.fails(&blank, 2);
    assert!(err.contains("--reason"), "{err}");
    assert_eq!(w.state(), before, "a refused close changes nothing");
    let real = close("company dissolved");
    let real: Vec<&str> = real.iter().map(String::as_str).collect();
    let c = w.json(&real);
    assert_eq!(c["status"], "Closed - Unresponsive", "{c}");
}

/// A pooled EMEA database: Emma (EMEA) and her manager; account E1 (EMEA) imported, and
/// `opps.csv` written: an open Upgrade opportunity Emma owns and a renewal past its close date
/// (a `past_due_renewal` case, routed straight to her, at the next run after its import).
fn emea_upgrade_world(w: &mut Workdir) {
    w.ok(&["init", "--model", "pooled"]);
    w.ok(&["advocate", "add", "Emma Stone", "--region", "EMEA"]);
    w.ok(&[
        "advocate",
        "add",
        "Max Manager",
        "--region",
        "EMEA",
        "--role",
        "manager",
    ]);
    w.create(
        "accounts.csv",
        "account_id,account_name,region,carr,customer_type\nE1,Euro Ltd,EMEA,100,existing\n",
    );
    w.create(
        "opps.csv",
        "opportunity_id,account_id,type,stage,close_date,owner\n\
         U1,E1,Upgrade,Open,2026-06-01,Emma Stone\n\
         R1,E1,Renewal,Open,2026-03-01,\n",
    );
    w.ok(&["import", "accounts", "accounts.csv"]);
    // Friday 2026-03-06 16:00 UTC: one business hour left in London (17:00 UTC), six in New
    // York (17:00 EST). Eight business hours: London Monday 16:00 UTC, New York Monday 15:00
    // UTC (EDT from 8 March).
    w.now = "2026-03-06T16:00:00Z".into();
}

/// [`emea_upgrade_world`], its opportunities imported and a run: the case routed to Emma.
fn routed_emea_case(w: &mut Workdir) {
    emea_upgrade_world(w);
    w.ok(&["import", "opportunities", "opps.csv"]);
    let run = w.json(&["trigger", "run"]);
    assert_eq!(run["created"][0]["owner"], "Emma Stone", "{run}");
}

/// SPEC §6.1: a pooled case keeps its region's business hours when a trigger run routes it to
/// a person: an EMEA account's case is due on London's clock, as if it sat in the EMEA queue.
#[test]
fn a_case_a_run_routes_to_a_person_keeps_its_regions_clock() {
    let mut w = Workdir::new();
    routed_emea_case(&mut w);
    w.now = "2026-03-09T15:30:00Z".into();
    let list = w.json(&["case", "list", "--all-owners"]);
    assert_eq!(list[0]["sla_due_at"], "2026-03-09T16:00:00Z", "{list}");
    let early = w.json(&["escalate", "--dry-run"]);
    assert_eq!(
        early,
        serde_json::json!([]),
        "not late yet on London's clock: {early}"
    );
    w.now = "2026-03-09T16:30:00Z".into();
    let late = w.json(&["escalate", "--dry-run"]);
    assert_eq!(late[0]["case_id"], 1, "{late}");
    assert_eq!(late[0]["due"], "2026-03-09T16:00:00Z", "{late}");
}

/// The plan of an import that makes a run route a case to a person lists it with no queue (the
/// table: `(owner NAME)`), as SPEC §12 has it; the case the run creates keeps its account's
/// queue, EMEA, and so London's clock.
#[test]
fn a_planned_case_routed_to_a_person_shows_its_owner_not_its_queue() {
    let mut w = Workdir::new();
    emea_upgrade_world(&mut w);
    let plan = w.json(&["import", "opportunities", "opps.csv", "--plan"]);
    assert_eq!(plan["cases"][0]["trigger"], "past_due_renewal", "{plan}");
    assert_eq!(plan["cases"][0]["queue"], Value::Null, "{plan}");
    let table = w.ok(&["import", "opportunities", "opps.csv", "--plan"]);
    assert!(table.contains("(owner Emma Stone)"), "{table}");
    w.ok(&["import", "opportunities", "opps.csv"]);
    let run = w.json(&["trigger", "run"]);
    assert_eq!(run["created"][0]["owner"], "Emma Stone", "{run}");
    assert_eq!(run["created"][0]["queue"], "EMEA", "{run}");
    let list = w.json(&["case", "list", "--all-owners"]);
    assert_eq!(list[0]["sla_due_at"], "2026-03-09T16:00:00Z", "{list}");
}

/// Imports `A1` (digital, tier 2) with `auto_renew` `before`, then a day later with `no`, and
/// returns the triggers of the cases a run then creates.
fn auto_renew_went_off_from(before: &str) -> Vec<String> {
    let mut w = Workdir::new();
    w.ok(&["init"]);
    let file = |v: &str| {
        format!("account_id,account_name,region,carr,auto_renew\nA1,Acme,AMER,5000,{v}\n")
    };
    w.create("a1.csv", file(before));
    w.create("a2.csv", file("no"));
    w.now = "2026-03-01T09:00:00Z".into();
    w.ok(&["import", "accounts", "a1.csv"]);
    w.now = "2026-03-02T09:00:00Z".into();
    w.ok(&["import", "accounts", "a2.csv"]);
    let run = w.json(&["trigger", "run"]);
    run["created"]
        .as_array()
        .expect("created")
        .iter()
        .map(|c| c["trigger"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// SPEC §3.1 `auto_renew_off`: "auto-renew went from on to off". From on, it fires; from
/// unknown (an empty cell) to off is not a change from on, as off at the first import is not.
#[test]
fn auto_renew_off_fires_only_when_it_was_on() {
    assert!(
        auto_renew_went_off_from("yes").contains(&"auto_renew_off".to_string()),
        "on to off"
    );
    let from_unknown = auto_renew_went_off_from("");
    assert!(
        !from_unknown.contains(&"auto_renew_off".to_string()),
        "unknown to off: {from_unknown:?}"
    );
}

/// SPEC §8: bad input is refused with the file, line, column, value and the expected form. An
/// event's email is checked as a contact's is (it was stored as the case's web email, and
/// matched to no one).
#[test]
fn an_events_email_must_be_an_email_address() {
    let w = Workdir::new();
    w.ok(&["init"]);
    w.create(
        "events.csv",
        "event_id,type,occurred_at,email\nE1,contact_sales_request,2026-03-01,notanemail\n",
    );
    let before = w.state();
    let err = w.fails(&["import", "events", "events.csv"], 2);
    for part in [
        "events.csv",
        "line 2",
        "email",
        "notanemail",
        "name@example.com",
    ] {
        assert!(err.contains(part), "{part:?} missing from: {err}");
    }
    assert!(
        before == w.state(),
        "a refused import wrote to the database"
    );
    w.create(
        "events.csv",
        "event_id,type,occurred_at,email\nE1,contact_sales_request,2026-03-01,zed@t3.example\n",
    );
    w.ok(&["import", "events", "events.csv"]);
}
