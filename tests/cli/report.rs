//! `smb report`: the pick-up SLA against every target (one hour under, exactly on, one hour
//! over), waiting clocks, deferral and reassignment, pooled business hours across a weekend,
//! both 2026 New York daylight-saving changes and in London; aging, capacity, volume,
//! hygiene, created-by; bad input and the empty database.

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use smb::domain::case::{Case, Category, Origin, Priority};
use smb::domain::model::{Model, Settings};
use smb::store::sqlite::Store;

use crate::casework::{digital, import, new_case, pooled, show};
use crate::support::Workdir;

fn at(w: &mut Workdir, t: DateTime<Utc>) {
    w.now = t.to_rfc3339();
}

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// `smb pick ID` as `who` at `when` (forced past the queue order when it is not the head).
fn pick_at(w: &mut Workdir, who: &str, id: i64, when: DateTime<Utc>) {
    at(w, when);
    let out = w.json(&[
        "--as",
        who,
        "pick",
        &id.to_string(),
        "--force",
        "--reason",
        "test",
    ]);
    assert_eq!(out["status"], "In Progress", "{out}");
}

fn sla(w: &Workdir, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["report", "sla"];
    args.extend_from_slice(extra);
    w.json(&args).as_array().expect("array").clone()
}

fn row<'a>(rows: &'a [Value], group: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["group"] == group)
        .unwrap_or_else(|| panic!("no group {group} in {rows:?}"))
}

/// (total, met, breached, waiting, waiting_breached)
fn counts(r: &Value) -> (i64, i64, i64, i64, i64) {
    let n = |k: &str| r[k].as_i64().unwrap_or_else(|| panic!("{k} in {r}"));
    (
        n("total"),
        n("met"),
        n("breached"),
        n("waiting"),
        n("waiting_breached"),
    )
}

#[test]
fn digital_targets_one_hour_under_exactly_on_and_one_hour_over() {
    let mut w = digital();
    let t0 = t("2026-03-02T00:00:00Z");
    at(&mut w, t0);
    let mut picks = Vec::new();
    for (prio, target) in [("high", 24), ("medium", 48), ("low", 168)] {
        for (acct, delta) in [("A1", -1), ("A2", 0), ("A3", 1)] {
            let id = new_case(&w, acct, "Referral", Some(prio));
            picks.push((id, t0 + Duration::hours(target + delta)));
        }
    }
    // still waiting: a High past its 24 h at the report, a Low within its 7 days
    let waiting_high = new_case(&w, "A1", "Referral", Some("high"));
    at(&mut w, t0 + Duration::hours(100));
    let waiting_low = new_case(&w, "A9", "Referral", Some("low"));
    for (id, when) in picks {
        pick_at(&mut w, "Dana", id, when);
    }
    at(&mut w, t0 + Duration::hours(200));
    let rows = sla(&w, &[]);
    let keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let want = vec![
        "group",
        "target_hours",
        "total",
        "met",
        "breached",
        "waiting",
        "waiting_breached",
        "median_hours",
        "p90_hours",
    ];
    assert_eq!(keys, want, "JSON keys of SPEC §7.3, in its order");
    assert_eq!(
        rows.iter()
            .map(|r| r["group"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["High", "Medium", "Low"]
    );
    let high = row(&rows, "High");
    assert_eq!(counts(high), (4, 2, 1, 1, 1));
    assert_eq!(high["target_hours"], 24);
    assert_eq!(high["median_hours"], 24.0);
    assert_eq!(high["p90_hours"], 25.0);
    let medium = row(&rows, "Medium");
    assert_eq!(counts(medium), (3, 2, 1, 0, 0));
    assert_eq!(medium["target_hours"], 48);
    assert_eq!(medium["median_hours"], 48.0);
    let low = row(&rows, "Low");
    assert_eq!(counts(low), (4, 2, 1, 1, 0));
    assert_eq!(low["target_hours"], 168);
    assert_eq!(low["p90_hours"], 169.0);

    // by owner: Dana's picks mix targets (null); the waiting cases sit in the queue
    let rows = sla(&w, &["--by", "owner"]);
    assert_eq!(counts(row(&rows, "Dana")), (9, 6, 3, 0, 0));
    assert_eq!(row(&rows, "Dana")["target_hours"], Value::Null);
    // the waiting High on A1 was queued before Dana's picks; A9 has no open case: queued
    let q = row(&rows, "(queue)");
    assert_eq!(counts(q), (2, 0, 0, 2, 1));
    assert_eq!(q["median_hours"], Value::Null);

    // by region: the account's region (A3 is APAC even though it shares the AMER queue)
    let rows = sla(&w, &["--by", "region"]);
    assert_eq!(counts(row(&rows, "APAC")), (3, 0, 3, 0, 0));
    assert_eq!(counts(row(&rows, "EMEA")), (3, 3, 0, 0, 0));
    assert_eq!(counts(row(&rows, "AMER")), (5, 3, 0, 2, 1));
    let rows = sla(&w, &["--by", "category"]);
    assert_eq!(counts(row(&rows, "Inbound Request")), (11, 6, 3, 2, 1));

    // window: only the clock that started on 2026-03-06 (the waiting Low)
    let rows = sla(&w, &["--since", "2026-03-06"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(counts(row(&rows, "Low")), (1, 0, 0, 1, 0));
    let rows = sla(&w, &["--until", "2026-03-02"]);
    assert_eq!(counts(row(&rows, "High")), (4, 2, 1, 1, 1));
    assert!(sla(&w, &["--since", "2026-03-03", "--until", "2026-03-05"]).is_empty());

    // the waiting High is still waiting; exactly at its target it is not yet breached
    at(&mut w, t0 + Duration::hours(24));
    let rows = sla(&w, &["--until", "2026-03-02"]);
    assert_eq!(counts(row(&rows, "High")).4, 0, "{rows:?}");
    let _ = (waiting_high, waiting_low);

    // table and CSV carry the same rows; no colour without a terminal
    at(&mut w, t0 + Duration::hours(200));
    let table = w.ok(&["report", "sla"]);
    assert!(
        table.contains("High") && table.contains("waiting_breached"),
        "{table}"
    );
    assert!(!table.contains("\u{1b}["), "no colour without a terminal");
    let csv = w.ok(&["--format", "csv", "report", "sla"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "group,target_hours,total,met,breached,waiting,waiting_breached,median_hours,p90_hours"
    );
    assert_eq!(lines.next().unwrap(), "High,24,4,2,1,1,1,24.0,25.0");
}

#[test]
fn a_deferral_restarts_the_clock_and_a_reassignment_too() {
    let mut w = digital();
    // the tests' own user is a manager: they change anyone's case (SPEC §4.3)
    w.ok(&[
        "advocate", "add", "tester", "--region", "AMER", "--role", "manager",
    ]);
    let t0 = t("2026-03-02T08:00:00Z");
    at(&mut w, t0);
    let id = new_case(&w, "A1", "Referral", None);
    pick_at(&mut w, "Dana", id, t0 + Duration::hours(1));
    at(&mut w, t0 + Duration::hours(2));
    w.ok(&[
        "--as",
        "Dana",
        "case",
        "defer",
        &id.to_string(),
        "--until",
        "2026-03-10",
        "--next-steps",
        "Call back after the budget meeting",
    ]);
    // before the deferral ends, its clock has not started
    let rows = sla(&w, &[]);
    assert_eq!(counts(row(&rows, "High")), (1, 1, 0, 0, 0));
    // 12 h after it came back: waiting, within 24 h
    at(&mut w, t("2026-03-10T12:00:00Z"));
    let rows = sla(&w, &[]);
    assert_eq!(counts(row(&rows, "High")), (2, 1, 0, 1, 0));
    // 30 h: waiting past the target; picked then: breached
    at(&mut w, t("2026-03-11T06:00:00Z"));
    assert_eq!(counts(row(&sla(&w, &[]), "High")), (2, 1, 0, 1, 1));
    pick_at(&mut w, "Dana", id, t("2026-03-11T06:00:00Z"));
    let rows = sla(&w, &[]);
    assert_eq!(counts(row(&rows, "High")), (2, 1, 1, 0, 0));
    assert_eq!(row(&rows, "High")["median_hours"], 1.0);
    assert_eq!(row(&rows, "High")["p90_hours"], 30.0);
    let rows = sla(&w, &["--since", "2026-03-10"]);
    assert_eq!(counts(row(&rows, "High")), (1, 0, 1, 0, 0));

    // reassigned while Open after 2 h: the first clock measured no pick-up (not counted);
    // Dana picks 1 h after the reassignment: met in 1 h
    let mut w = digital();
    w.ok(&[
        "advocate", "add", "tester", "--region", "AMER", "--role", "manager",
    ]);
    at(&mut w, t0);
    let a = new_case(&w, "A1", "Referral", None);
    at(&mut w, t0 + Duration::hours(2));
    w.ok(&["case", "assign", &a.to_string(), "--to", "Dana"]);
    pick_at(&mut w, "Dana", a, t0 + Duration::hours(3));
    // reassigned after 30 h: that clock had already breached
    at(&mut w, t0);
    let b = new_case(&w, "A2", "Referral", None);
    at(&mut w, t0 + Duration::hours(30));
    w.ok(&["case", "assign", &b.to_string(), "--to", "Lena"]);
    pick_at(&mut w, "Lena", b, t0 + Duration::hours(31));
    let rows = sla(&w, &[]);
    assert_eq!(counts(row(&rows, "High")), (3, 2, 1, 0, 0));
    assert_eq!(row(&rows, "High")["median_hours"], 1.0);
}

#[test]
fn pooled_business_hours_weekend_daylight_saving_and_london() {
    let mut w = pooled();
    // Friday 2026-03-06 15:00 EST; the weekend holds the 2026-03-08 spring-forward.
    // 2 h Friday + 6 h Monday = Monday 15:00 EDT = 19:00 UTC.
    let fri = t("2026-03-06T20:00:00Z");
    at(&mut w, fri);
    let on = new_case(&w, "P1", "Referral", None);
    let over = new_case(&w, "P2", "Referral", None);
    pick_at(&mut w, "Maya", on, t("2026-03-09T19:00:00Z"));
    pick_at(&mut w, "Maya", over, t("2026-03-09T20:00:00Z"));
    // Friday 2026-10-30 16:00 EDT; the 2026-11-01 fall-back. 1 h Friday + 7 h Monday =
    // Monday 16:00 EST = 21:00 UTC.
    at(&mut w, t("2026-10-30T20:00:00Z"));
    let fall_on = new_case(&w, "P3", "Referral", None);
    let fall_under = new_case(&w, "P1", "Referral", None);
    pick_at(&mut w, "Chris", fall_on, t("2026-11-02T21:00:00Z"));
    pick_at(&mut w, "Maya", fall_under, t("2026-11-02T20:00:00Z"));
    // London (EMEA pool of Lena Fischer): Monday 2026-03-02 14:00 GMT, 3 h + 5 h = Tuesday
    // 14:00; one hour over at 15:00.
    at(&mut w, t("2026-03-02T14:00:00Z"));
    let london = new_case(&w, "P4", "Referral", None);
    pick_at(&mut w, "Lena Fischer", london, t("2026-03-03T15:00:00Z"));

    at(&mut w, t("2026-11-10T12:00:00Z"));
    let rows = sla(&w, &["--by", "region"]);
    let amer = row(&rows, "AMER");
    assert_eq!(counts(amer), (4, 3, 1, 0, 0));
    assert_eq!(amer["target_hours"], 8);
    // business hours to pick-up: 7, 8, 8, 9 → median (lower middle) 8, p90 9
    assert_eq!(amer["median_hours"], 8.0);
    assert_eq!(amer["p90_hours"], 9.0);
    let emea = row(&rows, "EMEA");
    assert_eq!(counts(emea), (1, 0, 1, 0, 0));
    assert_eq!(emea["median_hours"], 9.0);
    // pooled: one 8-hour target for every priority
    let rows = sla(&w, &["--by", "owner"]);
    assert_eq!(counts(row(&rows, "Maya")), (3, 2, 1, 0, 0));
    assert_eq!(row(&rows, "Maya")["target_hours"], 8);

    // waiting over a weekend: created Friday 16:00 EDT, on Monday 10:00 EDT it has 2 h;
    // at Monday 17:00 EDT it has 9 h and is past the target.
    at(&mut w, t("2026-03-13T20:00:00Z"));
    new_case(&w, "P2", "Referral", Some("medium"));
    at(&mut w, t("2026-03-16T14:00:00Z"));
    let rows = sla(&w, &["--since", "2026-03-13", "--until", "2026-03-13"]);
    assert_eq!(counts(row(&rows, "Medium")), (1, 0, 0, 1, 0));
    at(&mut w, t("2026-03-16T21:00:00Z"));
    let rows = sla(&w, &["--since", "2026-03-13", "--until", "2026-03-13"]);
    assert_eq!(counts(row(&rows, "Medium")), (1, 0, 0, 1, 1));
}

/// A High Value Account case on `account`, made through the library as the trigger engine
/// would, created at `when` and owned by `owner`.
fn high_value_case(w: &Workdir, account: &str, when: &str, owner: &str) -> i64 {
    let (mut store, _) = Store::open(&w.db(), &Settings::new(Model::Digital)).unwrap();
    let tx = store.write().unwrap();
    let mut d = Case::draft(
        "high_value_account",
        Category::HighValue,
        Priority::Low,
        "High Value Account",
        Origin::Trigger,
        "system",
        t(when),
    );
    d.account_id = Some(account.into());
    d.owner = Some(owner.into());
    let c = tx.create_case(&d, "system", None).unwrap();
    tx.commit().unwrap();
    c.id
}

#[test]
fn aging_buckets_with_high_value_apart_and_breaches_listed() {
    let mut w = digital();
    if w.is_postgres() {
        return; // SQLite-only: makes a High Value Account case through the SQLite library API
    }
    let mut ids = Vec::new();
    for (acct, day) in [
        ("A1", "2026-03-20"), // 0 days
        ("A2", "2026-03-13"), // 7 days: still within the target
        ("A3", "2026-03-12"), // 8 days: past the target
        ("A9", "2026-03-05"), // 15 days: past the target, within the limit
        ("A2", "2026-03-04"), // 16 days: past the limit
    ] {
        at(&mut w, t(&format!("{day}T10:00:00Z")));
        ids.push(new_case(&w, acct, "Referral", Some("medium")));
    }
    pick_at(&mut w, "Dana", ids[2], t("2026-03-13T09:00:00Z"));
    high_value_case(&w, "A1", "2026-01-05T00:00:00Z", "Dana");
    at(&mut w, t("2026-03-20T18:00:00Z"));
    let r = w.json(&["report", "aging"]);
    let b = r["buckets"].as_array().unwrap();
    let get = |i: usize, k: &str| b[i][k].as_i64().unwrap();
    assert_eq!(b[0]["bucket"], "0-7");
    assert_eq!(
        (get(0, "open"), get(0, "in_progress"), get(0, "high_value")),
        (2, 0, 0)
    );
    assert_eq!(b[1]["bucket"], "8-15");
    assert_eq!(
        (get(1, "open"), get(1, "in_progress"), get(1, "high_value")),
        (1, 1, 0)
    );
    assert_eq!(b[2]["bucket"], "over 15");
    assert_eq!(
        (get(2, "open"), get(2, "in_progress"), get(2, "high_value")),
        (1, 0, 1)
    );
    let breaches = r["breaches"].as_array().unwrap();
    let listed: Vec<(i64, &str)> = breaches
        .iter()
        .map(|c| (c["id"].as_i64().unwrap(), c["breach"].as_str().unwrap()))
        .collect();
    assert_eq!(
        listed,
        [
            (ids[4], "past_limit"),
            (ids[3], "past_target"),
            (ids[2], "past_target")
        ]
    );
    assert_eq!(breaches[2]["owner"], "Dana");
    assert_eq!(breaches[0]["owner"], Value::Null);
    assert_eq!(breaches[0]["age_days"], 16);
    let list = w.json(&["report", "aging", "--list"]);
    assert_eq!(list.as_array().unwrap().len(), 3);
    let table = w.ok(&["report", "aging"]);
    assert!(
        table.contains("3 case(s) past the 7-day target (1 past the 15-day limit)"),
        "{table}"
    );
    assert!(
        table.contains("(queue)") && table.contains("Dana"),
        "{table}"
    );
    let csv = w.ok(&["--format", "csv", "report", "aging"]);
    assert!(
        csv.starts_with("bucket,open,in_progress,total,high_value\n0-7,2,0,2,0\n"),
        "{csv}"
    );
    let csv = w.ok(&["--format", "csv", "report", "aging", "--list"]);
    assert_eq!(csv.lines().count(), 4, "{csv}");
}

#[test]
fn capacity_per_person_and_pooled_upgrade_opps() {
    let mut w = digital();
    if w.is_postgres() {
        return; // SQLite-only: makes a High Value Account case through the SQLite library API
    }
    w.ok(&[
        "advocate", "add", "Sam", "--region", "EMEA", "--role", "manager",
    ]);
    let a = new_case(&w, "A1", "Referral", None);
    let b = new_case(&w, "A2", "Referral", None);
    pick_at(&mut w, "Dana", a, t(crate::support::NOW));
    pick_at(&mut w, "Dana", b, t(crate::support::NOW));
    // a new case on A1 goes to Dana as Open (SPEC §3.3)
    new_case(&w, "A1", "Referral", None);
    high_value_case(&w, "A3", "2026-02-01T00:00:00Z", "Dana");
    w.ok(&[
        "advocate",
        "add",
        "Dana",
        "--region",
        "AMER",
        "--capacity",
        "2",
    ]);
    let rows = w.json(&["report", "capacity"]);
    let rows = rows.as_array().unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["Dana", "Lena"],
        "managers without cases are left out"
    );
    let dana = &rows[0];
    assert_eq!(dana["in_progress"], 2);
    assert_eq!(dana["capacity"], 2);
    assert_eq!(dana["at_capacity"], true);
    assert_eq!(dana["open_assigned"], 2); // the routed case and the High Value case
    assert_eq!(dana["high_value"], 1);
    assert_eq!(dana["upgrade_opps"], Value::Null);
    assert_eq!(rows[1]["in_progress"], 0);

    let w = pooled();
    import(
        &w,
        "opportunities",
        "opportunity_id,account_id,type,stage,close_date,owner,name\n\
         U1,P2,Upgrade,1-Discovery,2026-06-01,Maya,Quill - Ultimate Upgrade\n\
         U2,P3,Upgrade,Closed Lost,2026-01-01,Maya,Rook - Ultimate Upgrade\n\
         U3,P1,Add-On,1-Discovery,2026-06-01,Maya,Pine add-on\n",
    );
    let rows = w.json(&["report", "capacity"]);
    let maya = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Maya")
        .unwrap()
        .clone();
    assert_eq!(maya["upgrade_opps"], 1);
    assert_eq!(maya["upgrade_cap"], 15);
    let csv = w.ok(&["--format", "csv", "report", "capacity"]);
    assert!(
        csv.starts_with(
            "name,role,in_progress,capacity,at_capacity,open_assigned,high_value,upgrade_opps,upgrade_cap\n"
        ),
        "{csv}"
    );
}

#[test]
fn volume_per_month_against_the_expectation() {
    let mut w = digital();
    for day in [
        "2026-01-05",
        "2026-01-20",
        "2026-01-31",
        "2026-03-01",
        "2026-03-02",
    ] {
        at(&mut w, t(&format!("{day}T12:00:00Z")));
        new_case(&w, "A1", "Referral", None);
    }
    at(&mut w, t("2026-03-02T12:00:00Z"));
    w.ok(&[
        "case",
        "new",
        "--account",
        "A2",
        "--subject",
        "Support Ticket",
    ]);
    let rows = w.json(&["report", "volume"]);
    let rows = rows.as_array().unwrap();
    let months: Vec<(&str, i64)> = rows
        .iter()
        .map(|r| (r["month"].as_str().unwrap(), r["cases"].as_i64().unwrap()))
        .collect();
    assert_eq!(months, [("2026-01", 3), ("2026-02", 0), ("2026-03", 3)]);
    assert_eq!(rows[0]["expected"], 400);
    assert_eq!(rows[0]["difference"], -397);
    assert_eq!(rows[0]["partial"], false);
    assert_eq!(rows[2]["partial"], true, "the running month");

    let rows = w.json(&["report", "volume", "--by", "month", "--by", "trigger"]);
    assert_eq!(rows[2]["by_trigger"]["manual"], 2);
    assert_eq!(rows[2]["by_trigger"]["support_ticket"], 1);
    let rows = w.json(&[
        "report",
        "volume",
        "--by",
        "category",
        "--since",
        "2026-01-20",
        "--until",
        "2026-02-15",
    ]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["cases"], 2);
    assert_eq!(rows[0]["by_category"]["Inbound Request"], 2);
    assert_eq!(rows[0]["partial"], true);
    assert_eq!(rows[1]["cases"], 0);
    let csv = w.ok(&["--format", "csv", "report", "volume", "--by", "trigger"]);
    // CSV columns are the JSON keys; the nested per-trigger counts become `by_trigger.KEY`
    assert!(csv.starts_with("month,cases,expected,difference,partial,by_trigger.manual,by_trigger.support_ticket\n2026-01,3,400,-397,false,3,\n"), "{csv}");

    let p = pooled();
    let rows = p.json(&["report", "volume"]);
    assert!(rows.as_array().unwrap().is_empty());
    new_case(&p, "P1", "Referral", None);
    assert_eq!(p.json(&["report", "volume"])[0]["expected"], 80);
}

#[test]
fn hygiene_lists_each_required_10_gap() {
    let mut w = digital();
    // the tests' own user is a manager: they change anyone's case (SPEC §4.3)
    w.ok(&[
        "advocate", "add", "tester", "--region", "AMER", "--role", "manager",
    ]);
    // contacts and an opportunity of their own for the cases on A3 and A9
    import(
        &w,
        "contacts",
        "contact_id,account_id,email\nC3,A3,ravi@chennai-soft.in\nC9,A9,kim@midcorp.com\n",
    );
    import(
        &w,
        "opportunities",
        "opportunity_id,account_id,type,stage,close_date\nO9,A9,Renewal,4-Proposal,2026-05-01\n",
    );
    // In Progress without next steps, date or contact
    let bare = new_case(&w, "A1", "Referral", None);
    pick_at(&mut w, "Dana", bare, t("2026-03-02T14:00:00Z"));
    // next steps but no date; a contact
    let no_date = w.json(&[
        "case",
        "new",
        "--account",
        "A2",
        "--subject",
        "Referral",
        "--contact",
        "C2",
    ])["id"]
        .as_i64()
        .unwrap();
    pick_at(&mut w, "Lena", no_date, t("2026-03-02T14:00:00Z"));
    w.ok(&[
        "case",
        "update",
        &no_date.to_string(),
        "--next-steps",
        "Send quote",
    ]);
    // complete, but its date passes
    let overdue = w.json(&[
        "case",
        "new",
        "--account",
        "A3",
        "--subject",
        "Referral",
        "--contact",
        "C3",
    ])["id"]
        .as_i64()
        .unwrap();
    at(&mut w, t("2026-03-02T14:00:00Z"));
    w.ok(&[
        "--as",
        "Lena",
        "pick",
        &overdue.to_string(),
        "--force",
        "--reason",
        "t",
        "--next-steps",
        "Call",
        "--next-steps-date",
        "2026-03-04",
    ]);
    // closed with its opportunity still open
    let with_opp = w.json(&[
        "case",
        "new",
        "--account",
        "A9",
        "--subject",
        "Referral",
        "--contact",
        "C9",
        "--opportunity",
        "O9",
    ])["id"]
        .as_i64()
        .unwrap();
    w.ok(&[
        "--as",
        "Lena",
        "pick",
        &with_opp.to_string(),
        "--force",
        "--reason",
        "t",
        "--next-steps",
        "Quote",
        "--next-steps-date",
        "2026-03-20",
    ]);
    w.ok(&[
        "--as",
        "Lena",
        "close",
        &with_opp.to_string(),
        "--status",
        "resolved",
        "--action",
        "Answered Question",
    ]);
    // Dana over capacity: 1 In Progress case, cap 0
    w.ok(&[
        "advocate",
        "add",
        "Dana",
        "--region",
        "AMER",
        "--capacity",
        "0",
    ]);
    at(&mut w, t("2026-03-05T09:00:00Z"));
    let rows = w.json(&["report", "hygiene"]);
    let got: Vec<(i64, &str)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_i64().unwrap(), r["gap"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (bare, "missing_next_steps"),
            (bare, "missing_next_steps_date"),
            (bare, "no_contact"),
            (bare, "owner_over_capacity"),
            (no_date, "missing_next_steps_date"),
            (overdue, "next_steps_overdue"),
            (with_opp, "open_opportunity"),
        ]
    );
    let table = w.ok(&["report", "hygiene"]);
    assert!(
        table.contains("Dana has 1 In Progress cases (cap 0)"),
        "{table}"
    );
    assert!(
        table.contains("opportunity O9 is still open (4-Proposal)"),
        "{table}"
    );
    let csv = w.ok(&["--format", "csv", "report", "hygiene"]);
    assert_eq!(csv.lines().count(), 8);
    // on the next steps date itself the case is fine
    at(&mut w, t("2026-03-04T09:00:00Z"));
    let rows = w.json(&["report", "hygiene"]);
    assert!(
        !rows
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["gap"] == "next_steps_overdue")
    );
}

#[test]
fn created_by_filters_by_creator_ignoring_case() {
    let mut w = digital();
    let sam = {
        w.user = "Sam Support".into();
        new_case(&w, "A1", "Support Ticket", None)
    };
    let kim = {
        w.user = "Kim Billing".into();
        at(&mut w, t("2026-03-03T10:00:00Z"));
        new_case(&w, "A2", "AR Request", None)
    };
    w.user = "Someone Else".into();
    new_case(&w, "A3", "Referral", None);
    pick_at(&mut w, "Lena", kim, t("2026-03-03T11:00:00Z"));
    w.ok(&[
        "--as",
        "Lena",
        "case",
        "update",
        &kim.to_string(),
        "--next-steps",
        "Refund the duplicate invoice",
    ]);
    let rows = w.json(&["report", "created-by", "sam support, KIM BILLING"]);
    let rows = rows.as_array().unwrap();
    assert_eq!(
        rows.iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [sam, kim]
    );
    assert_eq!(rows[1]["owner"], "Lena");
    assert_eq!(rows[1]["status"], "In Progress");
    assert_eq!(rows[1]["next_steps"], "Refund the duplicate invoice");
    let table = w.ok(&["report", "created-by", "Sam Support"]);
    assert!(
        table.contains("in queue") && table.contains("Support Ticket"),
        "{table}"
    );
    assert!(!table.contains("AR Request"), "{table}");
    let rows = w.json(&[
        "report",
        "created-by",
        "Sam Support,Kim Billing",
        "--since",
        "2026-03-03",
    ]);
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert!(
        w.json(&["report", "created-by", "Nobody"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    let err = w.fails(&["report", "created-by", " , "], 2);
    assert!(err.contains("NAME[,NAME"), "{err}");
    let _ = show(&w, sam);
}

#[test]
fn bad_input_exits_2_and_says_what_is_accepted() {
    let w = digital();
    let err = w.fails(
        &[
            "report",
            "sla",
            "--since",
            "2026-03-10",
            "--until",
            "2026-03-01",
        ],
        2,
    );
    assert!(
        err.contains("--since 2026-03-10 is after --until 2026-03-01"),
        "{err}"
    );
    let err = w.fails(&["report", "sla", "--by", "team"], 2);
    assert!(
        err.contains("priority") && err.contains("category"),
        "{err}"
    );
    let err = w.fails(&["report", "volume", "--by", "week"], 2);
    assert!(err.contains("month") && err.contains("trigger"), "{err}");
    let err = w.fails(
        &["report", "volume", "--by", "category", "--by", "trigger"],
        2,
    );
    assert!(err.contains("cannot be combined"), "{err}");
    let err = w.fails(&["report", "volume", "--since", "2026-02-30"], 2);
    assert!(
        err.contains("--since") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
    let err = w.fails(&["report", "created-by", "x", "--until", "soon"], 2);
    assert!(
        err.contains("--until") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
    w.fails(&["report", "nonsense"], 2);
}

#[test]
fn an_empty_database_gives_empty_reports() {
    for model in ["digital", "pooled"] {
        let w = Workdir::new();
        w.ok(&["init", "--model", model]);
        for r in [
            &["report", "sla"][..],
            &["report", "sla", "--by", "region"],
            &["report", "capacity"],
            &["report", "volume", "--by", "category"],
            &["report", "hygiene"],
            &["report", "aging", "--list"],
            &["report", "created-by", "Sam"],
        ] {
            assert_eq!(w.json(r), Value::Array(vec![]), "{model} {r:?}");
            w.ok(r);
            w.ok(&[&["--format", "csv"][..], r].concat());
        }
        let aging = w.json(&["report", "aging"]);
        assert_eq!(aging["buckets"][2]["total"], 0);
        assert!(aging["breaches"].as_array().unwrap().is_empty());
    }
}

/// The SLA clocks of a case as (started_at, stopped_at, start reason, stopped_by).
fn clocks(w: &Workdir, id: i64) -> Vec<(String, Option<String>, String, Option<String>)> {
    #[cfg(feature = "postgres")]
    if let Some(mut c) = w.pg_client() {
        return c
            .query(
                "SELECT started_at, stopped_at, reason, stopped_by FROM sla_clocks
                 WHERE case_id = $1 ORDER BY id",
                &[&id],
            )
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect();
    }
    let conn = rusqlite::Connection::open(w.db()).unwrap();
    let mut st = conn
        .prepare(
            "SELECT started_at, stopped_at, reason, stopped_by FROM sla_clocks
             WHERE case_id = ?1 ORDER BY id",
        )
        .unwrap();
    st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn clock(
    start: &str,
    stop: Option<&str>,
    reason: &str,
    by: Option<&str>,
) -> (String, Option<String>, String, Option<String>) {
    (
        start.to_string(),
        stop.map(str::to_string),
        reason.to_string(),
        by.map(str::to_string),
    )
}

/// SPEC §6.1: a clock starts when a case is created Open, when a deferral ends and when an
/// Open case is reassigned (also a pooled transfer at pick); it stops on the pick. Stops
/// without a pick say why.
#[test]
fn clocks_start_and_stop_where_spec_6_1_says() {
    let mut w = digital();
    // the tests' own user is a manager: they change anyone's case (SPEC §4.3)
    w.ok(&[
        "advocate", "add", "tester", "--region", "AMER", "--role", "manager",
    ]);
    let id = new_case(&w, "A1", "Referral", None);
    assert_eq!(
        clocks(&w, id),
        [clock("2026-03-02T14:00:00Z", None, "created", None)]
    );
    at(&mut w, t("2026-03-02T15:00:00Z"));
    w.ok(&["case", "assign", &id.to_string(), "--to", "Dana"]);
    pick_at(&mut w, "Dana", id, t("2026-03-02T16:00:00Z"));
    at(&mut w, t("2026-03-02T17:00:00Z"));
    w.ok(&[
        "--as",
        "Dana",
        "case",
        "defer",
        &id.to_string(),
        "--until",
        "2026-03-09",
        "--next-steps",
        "Later",
    ]);
    // deferring an In Progress case stops nothing (its clock stopped at the pick)
    at(&mut w, t("2026-03-09T10:00:00Z"));
    w.ok(&["case", "assign", &id.to_string(), "--to", "Lena"]);
    at(&mut w, t("2026-03-09T11:00:00Z"));
    w.ok(&[
        "--as",
        "Lena",
        "close",
        &id.to_string(),
        "--status",
        "duplicate",
        "--action",
        "No Action Required",
    ]);
    assert_eq!(
        clocks(&w, id),
        [
            clock(
                "2026-03-02T14:00:00Z",
                Some("2026-03-02T15:00:00Z"),
                "created",
                Some("reassigned")
            ),
            clock(
                "2026-03-02T15:00:00Z",
                Some("2026-03-02T16:00:00Z"),
                "reassigned",
                Some("pick")
            ),
            clock(
                "2026-03-09T00:00:00Z",
                Some("2026-03-09T10:00:00Z"),
                "deferral ended",
                Some("reassigned")
            ),
            clock(
                "2026-03-09T10:00:00Z",
                Some("2026-03-09T11:00:00Z"),
                "reassigned",
                Some("closed")
            ),
        ]
    );
    // a case routed to its owner at creation waits for that owner's pick
    let routed = {
        let a = new_case(&w, "A2", "Referral", None);
        pick_at(&mut w, "Lena", a, t("2026-03-09T12:00:00Z"));
        new_case(&w, "A2", "Referral", Some("medium"))
    };
    assert_eq!(show(&w, routed)["owner"], "Lena");
    assert_eq!(
        clocks(&w, routed),
        [clock("2026-03-09T12:00:00Z", None, "created", None)]
    );
    // an Open case deferred before anyone picked it: stopped as deferred, restarted later
    let queued = new_case(&w, "A3", "Referral", None);
    at(&mut w, t("2026-03-09T13:00:00Z"));
    w.ok(&[
        "case",
        "defer",
        &queued.to_string(),
        "--until",
        "2026-03-20",
        "--next-steps",
        "x",
    ]);
    assert_eq!(
        clocks(&w, queued),
        [
            clock(
                "2026-03-09T12:00:00Z",
                Some("2026-03-09T13:00:00Z"),
                "created",
                Some("deferred")
            ),
            clock("2026-03-20T00:00:00Z", None, "deferral ended", None),
        ]
    );

    // pooled: a transfer at pick is a reassignment while Open
    let mut p = pooled();
    let a = new_case(&p, "P1", "Referral", None);
    pick_at(&mut p, "Maya", a, t("2026-03-02T15:00:00Z"));
    at(&mut p, t("2026-03-02T16:00:00Z"));
    import(
        &p,
        "accounts",
        "account_id,account_name,region,carr,customer_type,owner\nP5,Vale,AMER,1000,existing,Pooled Sales User\n",
    );
    let b = new_case(&p, "P5", "Referral", None);
    import(
        &p,
        "opportunities",
        "opportunity_id,account_id,type,stage,close_date,owner,name\nU9,P5,Upgrade,1-Discovery,2026-06-01,Maya,Vale - Ultimate Upgrade\n",
    );
    at(&mut p, t("2026-03-02T17:00:00Z"));
    let c = p.json(&[
        "--as",
        "Chris",
        "pick",
        &b.to_string(),
        "--force",
        "--reason",
        "t",
    ]);
    assert_eq!(c["owner"], "Maya");
    assert_eq!(
        clocks(&p, b),
        [
            clock(
                "2026-03-02T16:00:00Z",
                Some("2026-03-02T17:00:00Z"),
                "created",
                Some("reassigned")
            ),
            clock("2026-03-02T17:00:00Z", None, "reassigned", None),
        ]
    );
}

/// SPEC §6.1 (decision): one due instant decides a clock everywhere. A pooled clock started
/// Monday 09:00 New York is due at 17:00 that day: a pick at 17:30 is breached, and a clock
/// still running that evening is `waiting_breached`, as `queue next` says.
#[test]
fn sla_is_decided_against_one_due_instant_everywhere() {
    let mut w = pooled();
    at(&mut w, t("2026-03-02T14:00:00Z")); // Monday 09:00 EST
    let late = new_case(&w, "P1", "Referral", None);
    let running = new_case(&w, "P2", "Referral", None);
    let head = w.json(&["--as", "Maya", "queue", "next"]);
    assert_eq!(head["id"], late);
    assert_eq!(head["sla_due_at"], "2026-03-02T22:00:00Z");
    pick_at(&mut w, "Maya", late, t("2026-03-02T22:30:00Z")); // 17:30 EST
    at(&mut w, t("2026-03-03T01:00:00Z")); // Monday 20:00 EST
    let next = w.ok(&["--as", "Chris", "queue", "next"]);
    assert!(
        next.contains(&format!("case #{running}")) && next.contains("breached"),
        "{next}"
    );
    let shown = w.ok(&["case", "show", &running.to_string()]);
    assert!(
        shown.contains("Pick-up SLA: due 2026-03-02 22:00 (3 h ago) (breached)"),
        "{shown}"
    );
    let rows = sla(&w, &[]);
    assert_eq!(counts(row(&rows, "High")), (2, 0, 1, 1, 1));
    // one minute before the due instant nothing is breached yet
    at(&mut w, t("2026-03-02T21:59:00Z"));
    let rows = sla(&w, &["--since", "2026-03-02"]);
    assert_eq!(counts(row(&rows, "High")).4, 0);
}

/// SPEC §6.2: a deferred case is aged from the day it returns to the queue; while it is hidden
/// it is not aged and not a breach.
#[test]
fn a_deferred_case_ages_from_its_return() {
    let mut w = digital();
    at(&mut w, t("2026-03-02T10:00:00Z"));
    let id = new_case(&w, "A1", "Referral", None);
    pick_at(&mut w, "Dana", id, t("2026-03-02T11:00:00Z"));
    w.ok(&[
        "--as",
        "Dana",
        "case",
        "defer",
        &id.to_string(),
        "--until",
        "2026-03-20",
        "--next-steps",
        "Call back",
    ]);
    let total = |w: &Workdir| -> i64 {
        let r = w.json(&["report", "aging"]);
        r["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["total"].as_i64().unwrap())
            .sum()
    };
    // hidden: not aged
    at(&mut w, t("2026-03-19T10:00:00Z"));
    assert_eq!(total(&w), 0);
    assert_eq!(
        w.json(&["report", "aging", "--list"]),
        serde_json::json!([])
    );
    // back on 2026-03-20: 5 days old on 2026-03-25, within the target, not a breach
    at(&mut w, t("2026-03-25T10:00:00Z"));
    let r = w.json(&["report", "aging"]);
    assert_eq!(r["buckets"][0]["open"], 1, "{r}");
    assert_eq!(
        w.json(&["report", "aging", "--list"]),
        serde_json::json!([])
    );
}

/// SPEC §6.2: months with no case show 0 up to the month of `--until`, or of now — not only up
/// to the last month that had a case.
#[test]
fn volume_runs_to_now() {
    let mut w = digital();
    at(&mut w, t("2026-01-05T12:00:00Z"));
    new_case(&w, "A1", "Referral", None);
    at(&mut w, t("2026-03-10T12:00:00Z"));
    let rows = w.json(&["report", "volume"]);
    let months: Vec<(&str, i64)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["month"].as_str().unwrap(), r["cases"].as_i64().unwrap()))
        .collect();
    assert_eq!(months, [("2026-01", 1), ("2026-02", 0), ("2026-03", 0)]);
    let rows = w.json(&["report", "volume", "--until", "2026-04-30"]);
    assert_eq!(rows.as_array().unwrap().last().unwrap()["month"], "2026-04");
}

/// SPEC §4.5: pooled `failed_auto_renewal` cases that entered the queue fewer than 30 days
/// before the opportunity's close date are flagged `late_auto_renewal` in `report hygiene`.
#[test]
fn a_late_failed_auto_renewal_is_a_hygiene_gap() {
    let w = pooled();
    import(
        &w,
        "opportunities",
        "opportunity_id,account_id,type,stage,close_date,auto_renewal_status\n\
         R1,P1,Renewal,1-Discovery,2026-03-31,Due to Fail\n\
         R2,P2,Renewal,1-Discovery,2026-04-01,Due to Fail\n",
    );
    let run = w.json(&["trigger", "run"]);
    let case_of = |opp: &str| {
        run["created"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["opportunity_id"] == opp && c["trigger"] == "failed_auto_renewal")
            .unwrap_or_else(|| panic!("no case for {opp}: {run}"))["id"]
            .clone()
    };
    // queued 2026-03-02: R1 closes 29 days later (late), R2 30 days later (in time)
    let (late, in_time) = (case_of("R1"), case_of("R2"));
    let gaps = w.json(&["report", "hygiene"]);
    let has = |id: &Value| {
        gaps.as_array()
            .unwrap()
            .iter()
            .any(|g| g["id"] == *id && g["gap"] == "late_auto_renewal")
    };
    assert!(has(&late), "{gaps}");
    assert!(!has(&in_time), "{gaps}");
}
