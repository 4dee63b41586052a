//! `smb settings list|get|set|log` (SPEC §11.4) on the engine the suite runs on: checked
//! values, who may, the log, and one test per kind of setting proving that `set` changes what
//! smb does (trigger windows, hygiene, SLA targets, business hours, time zone, capacity, the
//! Upgrade cap).

use serde_json::{Value, json};

use crate::casework::{digital, import, new_case, pooled};
use crate::support::{NOW, Workdir};

fn manager(w: &Workdir) {
    w.ok(&[
        "advocate", "add", "Mona", "--region", "AMER", "--role", "manager",
    ]);
}

fn set(w: &Workdir, key: &str, value: &str) -> String {
    w.ok(&["--as", "Mona", "settings", "set", key, value])
}

#[test]
fn settings_set_get_and_log_record_who_and_when() {
    let w = digital();
    manager(&w);
    let list = w.json(&["settings", "list"]);
    let keys: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "renewal_window_days",
            "change_window_days",
            "sla_high_hours",
            "sla_medium_hours",
            "sla_low_hours",
            "default_capacity",
        ],
        "the digital model's settings"
    );
    assert_eq!(w.ok(&["settings", "get", "renewal_window_days"]), "60\n");
    let text = set(&w, "renewal_window_days", "90");
    assert!(
        text.contains("Set renewal_window_days to 90 (was 60)"),
        "{text}"
    );
    assert_eq!(w.ok(&["settings", "get", "renewal-window-days"]), "90\n");
    w.ok(&[
        "--as",
        "Mona",
        "--now",
        "2026-03-03T09:00:00Z",
        "settings",
        "set",
        "renewal_window_days",
        "45",
    ]);
    let text = set(&w, "renewal_window_days", "45");
    assert!(text.contains("already 45: nothing changed"), "{text}");
    assert_eq!(
        w.json(&["settings", "get", "renewal_window_days"]),
        json!({"key": "renewal_window_days", "value": "45", "default": "60"})
    );
    assert_eq!(
        w.json(&["settings", "log"]),
        json!([
            {"at": NOW, "actor": "Mona", "key": "renewal_window_days", "before": null, "after": "90"},
            {"at": "2026-03-03T09:00:00Z", "actor": "Mona", "key": "renewal_window_days", "before": "90", "after": "45"},
        ])
    );
}

#[test]
fn a_bad_setting_is_refused_and_changes_nothing() {
    let w = digital();
    manager(&w);
    let before = w.state();
    for (args, want) in [
        (
            ["renewal_window_days", "366"],
            "renewal_window_days \"366\": expected a whole number of days from 1 to 365",
        ),
        (["renewal_window_days", "0"], "from 1 to 365"),
        (["renewal_window_days", "ninety"], "from 1 to 365"),
        (
            ["renewal_windw_days", "90"],
            "unknown setting \"renewal_windw_days\": did you mean renewal_window_days?",
        ),
        (
            ["upgrade_cap", "10"],
            "upgrade_cap applies to pooled databases only",
        ),
        (["default_capacity", "-1"], "from 1 to 1000"),
    ] {
        let mut a = vec!["--as", "Mona", "settings", "set"];
        a.extend_from_slice(&args);
        let e = w.fails(&a, 2);
        assert!(e.contains(want), "{args:?}: {e}");
    }
    let e = w.fails(
        &["--as", "Dana", "settings", "set", "default_capacity", "40"],
        2,
    );
    assert!(e.contains("\"Dana\" is an advocate: only a manager"), "{e}");
    let e = w.fails(&["settings", "get", "capacity"], 2);
    assert!(e.contains("did you mean"), "{e}");
    assert_eq!(w.state(), before);
    assert_eq!(w.json(&["settings", "log"]), json!([]));
}

#[test]
fn pooled_settings_are_checked_too() {
    let w = pooled();
    manager(&w);
    let before = w.state();
    for (key, value, want) in [
        (
            "amer_time_zone",
            "America/Gotham",
            "expected a time zone name",
        ),
        (
            "emea_business_hours",
            "17:00-09:00",
            "opening before closing",
        ),
        ("emea_business_hours", "9-5", "expected HH:MM-HH:MM"),
        ("sla_business_hours", "0", "from 1 to 1000"),
        ("sla_high_hours", "12", "applies to digital databases only"),
    ] {
        let e = w.fails(&["--as", "Mona", "settings", "set", key, value], 2);
        assert!(e.contains(want), "{key} {value}: {e}");
    }
    assert_eq!(w.state(), before);
}

fn created_triggers(run: &Value) -> Vec<(String, String)> {
    run["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["trigger"].as_str().unwrap().to_string(),
                c["account_id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Windows: the renewal window (digital PO renewal 80 days out).
#[test]
fn the_renewal_window_setting_changes_what_the_trigger_run_creates() {
    let w = digital();
    manager(&w);
    import(
        &w,
        "opportunities",
        "opportunity_id,account_id,type,stage,close_date,po_required\nO5,A2,Renewal,4-Proposal,2026-05-21,true\n",
    );
    let po = ("po_renewal".to_string(), "A2".to_string());
    assert!(!created_triggers(&w.json(&["trigger", "run"])).contains(&po));
    set(&w, "renewal_window_days", "80");
    assert!(created_triggers(&w.json(&["trigger", "run"])).contains(&po));
}

/// Windows: the signal window (pooled new PTE, 40 days ago).
#[test]
fn the_change_window_setting_changes_what_the_trigger_run_creates() {
    let w = pooled();
    manager(&w);
    import(
        &w,
        "accounts",
        "account_id,account_name,region,carr,customer_type,owner,pte,pte_updated_at\n\
         P5,Vale,AMER,1000,existing,Pooled Sales User,5,2026-01-21\n",
    );
    let pte = ("new_pte".to_string(), "P5".to_string());
    assert!(!created_triggers(&w.json(&["trigger", "run"])).contains(&pte));
    set(&w, "change_window_days", "40");
    assert!(created_triggers(&w.json(&["trigger", "run"])).contains(&pte));
}

/// Windows: the late auto-renewal window of `report hygiene` (30 days, then 31).
#[test]
fn the_late_auto_renewal_setting_changes_the_hygiene_report() {
    let w = pooled();
    manager(&w);
    import(
        &w,
        "opportunities",
        "opportunity_id,account_id,type,stage,close_date,auto_renewal_status\n\
         R2,P2,Renewal,1-Discovery,2026-04-01,Due to Fail\n",
    );
    w.ok(&["trigger", "run"]);
    let late = |w: &Workdir| {
        w.json(&["report", "hygiene"])
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["gap"] == "late_auto_renewal")
    };
    // It came 30 days before the close date: in time by the default.
    assert!(!late(&w));
    set(&w, "late_auto_renewal_days", "31");
    assert!(late(&w));
}

fn queue_due(w: &Workdir, who: &str, id: i64) -> String {
    let list = w.json(&["--as", who, "queue", "list"]);
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("#{id} not in {list}"))["sla_due_at"]
        .as_str()
        .unwrap()
        .to_string()
}

/// SLA targets, digital: High 24 h, then 12 h (the suite's NOW is 2026-03-02 14:00 UTC). The
/// change applies from then on: a clock that started before keeps its 24 hours.
#[test]
fn the_digital_sla_target_setting_applies_to_clocks_that_start_after_it() {
    let w = digital();
    manager(&w);
    let before = new_case(&w, "A1", "Question", Some("High"));
    assert_eq!(queue_due(&w, "Dana", before), "2026-03-03T14:00:00Z");
    w.ok(&[
        "--as",
        "Mona",
        "--now",
        "2026-03-02T15:00:00Z",
        "settings",
        "set",
        "sla_high_hours",
        "12",
    ]);
    let after = w.json(&[
        "--now",
        "2026-03-02T16:00:00Z",
        "case",
        "new",
        "--account",
        "A2",
        "--subject",
        "Q",
        "--priority",
        "high",
    ])["id"]
        .as_i64()
        .unwrap();
    assert_eq!(queue_due(&w, "Dana", before), "2026-03-03T14:00:00Z");
    assert_eq!(queue_due(&w, "Lena", after), "2026-03-03T04:00:00Z");
    // 13 hours later: the new clock is past its 12 hours, the old one within its 24.
    let rows = w.json(&[
        "--now",
        "2026-03-03T05:00:00Z",
        "report",
        "sla",
        "--by",
        "priority",
    ]);
    assert_eq!(rows[0]["waiting"], 2);
    assert_eq!(rows[0]["waiting_breached"], 1);
    assert_eq!(rows[0]["target_hours"], Value::Null, "mixed targets");
    let e = &w.json(&["case", "show", &after.to_string()])["sla_explanation"];
    assert_eq!(e["target_hours"], 12);
    assert_eq!(e["clock"], "calendar");
}

/// SLA target, business hours and time zone, pooled: Monday 2026-03-02 09:00 New York.
#[test]
fn the_pooled_target_hours_and_zone_settings_change_the_due_instant() {
    let w = pooled();
    manager(&w);
    let id = new_case(&w, "P1", "Question", None);
    // 8 business hours: Monday 17:00 EST.
    assert_eq!(queue_due(&w, "Maya", id), "2026-03-02T22:00:00Z");
    set(&w, "sla_business_hours", "4");
    assert_eq!(queue_due(&w, "Maya", id), "2026-03-02T18:00:00Z");
    set(&w, "sla_business_hours", "8");
    set(&w, "amer_business_hours", "10:00-18:00");
    assert_eq!(queue_due(&w, "Maya", id), "2026-03-02T23:00:00Z");
    set(&w, "amer_business_hours", "09:00-17:00");
    // Chicago: 14:00 UTC is 08:00 CST; 09:00-17:00 CST → 23:00 UTC.
    set(&w, "amer_time_zone", "America/Chicago");
    assert_eq!(queue_due(&w, "Maya", id), "2026-03-02T23:00:00Z");
    let e = &w.json(&["case", "show", &id.to_string()])["sla_explanation"];
    assert_eq!(e["time_zone"], "America/Chicago");
}

/// The capacity default: a profile added after it holds that many In Progress cases.
#[test]
fn the_default_capacity_setting_caps_new_profiles() {
    let w = digital();
    manager(&w);
    set(&w, "default_capacity", "1");
    w.ok(&["advocate", "add", "Kim", "--region", "AMER"]);
    let kim = w
        .json(&["advocate", "list"])
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Kim")
        .unwrap()
        .clone();
    assert_eq!(kim["capacity"], 1);
    let (a, b) = (
        new_case(&w, "A1", "One", None),
        new_case(&w, "A3", "Two", None),
    );
    w.ok(&[
        "--as",
        "Kim",
        "pick",
        &a.to_string(),
        "--force",
        "--reason",
        "test",
    ]);
    let e = w.fails(
        &[
            "--as",
            "Kim",
            "pick",
            &b.to_string(),
            "--force",
            "--reason",
            "t",
        ],
        2,
    );
    assert!(
        e.contains("Kim is at capacity: 1 In Progress cases (cap 1)"),
        "{e}"
    );
    // Dana, added before, keeps the capacity she was added with.
    w.ok(&[
        "--as",
        "Dana",
        "pick",
        &b.to_string(),
        "--force",
        "--reason",
        "test",
    ]);
}

/// The Upgrade cap: Maya owns two active Upgrade opportunities, within 15, over 1.
#[test]
fn the_upgrade_cap_setting_changes_the_capacity_report() {
    let w = pooled();
    manager(&w);
    import(
        &w,
        "opportunities",
        "opportunity_id,account_id,type,stage,close_date,owner\n\
         U1,P1,Upgrade,1-Discovery,2026-06-01,Maya\n\
         U2,P2,Upgrade,1-Discovery,2026-06-01,Maya\n",
    );
    let maya = |w: &Workdir| {
        w.json(&["report", "capacity"])
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "Maya")
            .unwrap()
            .clone()
    };
    assert_eq!(
        (
            maya(&w)["upgrade_opps"].clone(),
            maya(&w)["upgrade_cap"].clone()
        ),
        (json!(2), json!(15))
    );
    set(&w, "upgrade_cap", "1");
    assert_eq!(maya(&w)["upgrade_cap"], 1);
    // Over the cap: her In Progress cases are flagged in the hygiene report.
    let id = new_case(&w, "P3", "Question", None);
    w.ok(&["--as", "Maya", "pick", &id.to_string()]);
    let gaps = w.json(&["report", "hygiene"]);
    assert!(
        gaps.as_array()
            .unwrap()
            .iter()
            .any(|g| g["id"] == id && g["gap"] == "owner_over_capacity"),
        "{gaps}"
    );
    set(&w, "upgrade_cap", "2");
    let gaps = w.json(&["report", "hygiene"]);
    assert!(
        !gaps
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["gap"] == "owner_over_capacity"),
        "{gaps}"
    );
}
