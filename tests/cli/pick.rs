//! `smb pick`: the head, --force, capacity, someone else's case, assigned cases, pooled
//! transfer and Upgrade-opp cap, and eight processes picking from one queue at once.

use std::collections::BTreeSet;
use std::process::{Command, Stdio};

use crate::casework::{actions, digital, import, new_case, pooled, show};

#[test]
fn pick_takes_the_head_and_starts_work() {
    let w = digital();
    let low = new_case(&w, "A1", "Referral", Some("low"));
    let high = new_case(&w, "A3", "Referral", None);
    let c = w.json(&[
        "--as",
        "Dana",
        "pick",
        "--next-steps",
        "Email the quote",
        "--next-steps-date",
        "2026-03-03",
    ]);
    assert_eq!(c["id"], high);
    assert_eq!(c["owner"], "Dana");
    assert_eq!(c["status"], "In Progress");
    assert_eq!(c["picked_at"], "2026-03-02T14:00:00Z");
    assert_eq!(c["first_response_at"], "2026-03-02T14:00:00Z");
    assert_eq!(c["next_steps"], "Email the quote");
    assert_eq!(c["next_steps_date"], "2026-03-03");
    let h = actions(&w, high);
    assert_eq!(
        h,
        vec![
            "created",
            "queued",
            "picked",
            "picked",
            "next_steps",
            "next_steps"
        ]
    );
    assert_eq!(
        crate::casework::ids(&w.json(&["queue", "list", "--queue", "AMER"])),
        vec![low]
    );
}

#[test]
fn only_the_head_without_force() {
    let w = digital();
    let head = new_case(&w, "A1", "Referral", None);
    let other = new_case(&w, "A3", "Referral", Some("low"));
    let before = w.state();
    let err = w.fails(&["--as", "Dana", "pick", &other.to_string()], 2);
    assert!(
        err.contains(&format!("head of your queue (AMER) is case #{head}")),
        "{err}"
    );
    assert!(err.contains("--force --reason"), "{err}");
    assert_eq!(before, w.state());
    // --force needs --reason
    w.fails(&["--as", "Dana", "pick", &other.to_string(), "--force"], 2);
    let c = w.json(&[
        "--as",
        "Dana",
        "pick",
        &other.to_string(),
        "--force",
        "--reason",
        "customer asked for Dana",
    ]);
    assert_eq!(c["owner"], "Dana");
    let hist = show(&w, other)["history"].clone();
    let picked = hist
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["action"] == "picked")
        .unwrap();
    assert!(
        picked["note"]
            .as_str()
            .unwrap()
            .contains("customer asked for Dana"),
        "{picked}"
    );
    // picking the head by id needs no force
    w.ok(&["--as", "Dana", "pick", &head.to_string()]);
}

#[test]
fn someone_elses_case_closed_case_and_no_profile() {
    let w = digital();
    let id = new_case(&w, "A1", "Referral", None);
    w.ok(&["--as", "Dana", "pick"]);
    let err = w.fails(
        &[
            "--as",
            "Lena",
            "pick",
            &id.to_string(),
            "--force",
            "--reason",
            "x",
        ],
        2,
    );
    assert!(
        err.contains("belongs to Dana") && err.contains("smb case assign"),
        "{err}"
    );
    let err = w.fails(&["--as", "Dana", "pick", &id.to_string()], 2);
    assert!(err.contains("already working"), "{err}");
    let err = w.fails(&["--as", "Walter", "pick"], 2);
    assert!(
        err.contains("smb advocate add \"Walter\" --region"),
        "{err}"
    );
    let err = w.fails(&["--as", "Dana", "pick", "999"], 2);
    assert!(err.contains("unknown case #999"), "{err}");
    w.ok(&[
        "--as",
        "Dana",
        "close",
        &id.to_string(),
        "--status",
        "resolved",
        "--action",
        "answered question",
    ]);
    let err = w.fails(&["--as", "Dana", "pick", &id.to_string()], 2);
    assert!(err.contains("closed"), "{err}");
    let err = w.fails(
        &["--as", "Dana", "pick", "--next-steps-date", "next tuesday"],
        2,
    );
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn a_case_assigned_to_me_starts_without_force() {
    let mut w = digital();
    let first = new_case(&w, "A1", "Referral", None);
    w.ok(&["--as", "Dana", "pick"]);
    // §3.3: a new case on an account with Dana's open case goes to Dana, not the queue
    w.user = "Sam".into();
    let second = new_case(&w, "A1", "Support Ticket", None);
    let c = show(&w, second);
    assert_eq!(c["owner"], "Dana");
    assert_eq!(c["status"], "Open");
    assert_eq!(actions(&w, second), vec!["created", "assigned"]);
    let queued = new_case(&w, "A3", "Referral", None);
    let err = w.fails(&["--as", "Lena", "pick", &second.to_string()], 2);
    assert!(err.contains("belongs to Dana"), "{err}");
    let c = w.json(&["--as", "Dana", "pick", &second.to_string()]);
    assert_eq!(c["status"], "In Progress");
    assert_ne!(first, second);
    // the queue head is untouched
    assert_eq!(w.json(&["queue", "next", "--queue", "AMER"])["id"], queued);
}

#[test]
fn digital_capacity() {
    let w = digital();
    w.ok(&[
        "advocate",
        "add",
        "Kim",
        "--region",
        "AMER",
        "--capacity",
        "2",
    ]);
    for _ in 0..3 {
        new_case(&w, "A3", "Referral", None);
    }
    w.ok(&["--as", "Kim", "pick"]);
    w.ok(&["--as", "Kim", "pick"]);
    let before = w.state();
    let err = w.fails(&["--as", "Kim", "pick"], 2);
    assert!(
        err.contains("at capacity") && err.contains("2 In Progress"),
        "{err}"
    );
    assert_eq!(before, w.state());
}

#[test]
fn pooled_transfer_to_the_owner_of_another_open_case() {
    let w = pooled();
    let a = new_case(&w, "P1", "Referral", None);
    let b = new_case(&w, "P1", "Support Ticket", None);
    assert_eq!(show(&w, b)["category"], "SMB Pool Internal Created");
    w.ok(&["--as", "Maya", "pick", &a.to_string()]);
    let out = w.smb(&["--as", "Chris", "pick"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("case #{b} was not picked")) && err.contains("Maya owns open case"),
        "{err}"
    );
    let c = show(&w, b);
    assert_eq!(c["owner"], "Maya");
    assert_eq!(c["status"], "Open");
    assert_eq!(actions(&w, b).last().unwrap(), "assigned");
    // Maya starts it without --force
    w.ok(&["--as", "Maya", "pick", &b.to_string()]);
}

#[test]
fn pooled_transfer_to_the_owner_of_an_active_upgrade_opp() {
    let w = pooled();
    let id = new_case(&w, "P2", "Referral", None);
    import(
        &w,
        "opportunities",
        "opportunity_id,account_id,type,stage,close_date,owner,name\nU1,P2,Upgrade,1-Discovery,2026-06-01,Maya,Quill - Ultimate Upgrade\n",
    );
    let c = w.json(&["--as", "Chris", "pick"]);
    assert_eq!(c["id"], id);
    assert_eq!(c["owner"], "Maya");
    assert_eq!(c["status"], "Open");
    // Maya herself picks it normally
    let c = w.json(&["--as", "Maya", "pick", &id.to_string()]);
    assert_eq!(c["status"], "In Progress");
}

/// SPEC §4.2 (decision): the Upgrade cap caps Upgrade opportunities, never picking. An AE who
/// owns exactly 15 (or more) starts the case routed to them because of one of them, and picks
/// from the queue.
#[test]
fn upgrade_cap_never_blocks_picking() {
    let w = pooled();
    let mut csv = String::from("opportunity_id,account_id,type,stage,close_date,owner\n");
    for i in 0..15 {
        csv.push_str(&format!("U{i},P3,Upgrade,2-Scoping,2026-06-01,Chris\n"));
    }
    import(&w, "opportunities", &csv);
    let routed = new_case(&w, "P3", "Referral", None);
    assert_eq!(show(&w, routed)["owner"], "Chris");
    let queued = new_case(&w, "P1", "Referral", None);
    let c = w.json(&["--as", "Chris", "pick", &routed.to_string()]);
    assert_eq!(c["status"], "In Progress");
    let c = w.json(&["--as", "Chris", "pick"]);
    assert_eq!(c["id"], queued);
    assert_eq!(c["status"], "In Progress");
}

/// Eight `smb pick` processes at once against one queue: every case is picked exactly once.
#[test]
fn eight_processes_picking_at_once_never_share_a_case() {
    let w = digital();
    let mut created = BTreeSet::new();
    for _ in 0..8 {
        created.insert(new_case(&w, "A3", "Referral", None));
    }
    for i in 0..8 {
        w.ok(&["advocate", "add", &format!("P{i}"), "--region", "AMER"]);
    }
    let bin = assert_cmd::cargo::cargo_bin("smb");
    let children: Vec<_> = (0..8)
        .map(|i| {
            Command::new(&bin)
                .env_clear()
                .env("SMB_DB", w.db_arg())
                .env("SMB_NOW", &w.now)
                .env("SMB_USER", format!("P{i}"))
                .args(["--format", "json", "pick"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn smb")
        })
        .collect();
    let mut picked = BTreeSet::new();
    for (i, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "P{i}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(c["owner"], format!("P{i}"));
        assert!(
            picked.insert(c["id"].as_i64().unwrap()),
            "case picked twice: {c}"
        );
    }
    assert_eq!(picked, created);
    assert_eq!(
        w.json(&["queue", "list", "--queue", "AMER"]),
        serde_json::json!([])
    );
    if !w.is_postgres() {
        let db = rusqlite::Connection::open(w.db()).unwrap();
        let ok: String = db
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }
}

#[test]
fn first_response_is_kept_when_a_deferred_case_is_picked_again() {
    let mut w = digital();
    let id = new_case(&w, "A1", "Referral", None).to_string();
    w.ok(&["--as", "Dana", "pick"]);
    w.now = "2026-03-03T10:00:00Z".into();
    w.ok(&[
        "--as",
        "Dana",
        "case",
        "defer",
        &id,
        "--until",
        "2026-04-01",
        "--next-steps",
        "call in April",
    ]);
    assert_eq!(
        w.json(&["--as", "Dana", "queue", "next"]),
        serde_json::Value::Null
    );
    w.now = "2026-04-01T09:00:00Z".into();
    let c = w.json(&["--as", "Dana", "pick"]);
    assert_eq!(c["id"].to_string(), id);
    assert_eq!(c["picked_at"], "2026-04-01T09:00:00Z");
    assert_eq!(c["first_response_at"], "2026-03-02T14:00:00Z");
    // the deferral's own next steps date has come: the advocate is asked for new ones
    let out = w.smb(&["--as", "Dana", "today"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("next steps date 2026-04-01 has come"));
}
