//! `smb case list`: My Cases (issue #12), the filters, the JSON keys, the order.

use serde_json::Value;

use crate::casework::{digital, ids, new_case};

/// Dana works cases 1 (next steps in a week) and 2 (next steps tomorrow); 3 waits in the queue
/// (High); Lena works 4 on an EMEA account; 5 is closed by Dana.
fn world() -> crate::support::Workdir {
    let mut w = digital();
    w.user = "Dana".to_string();
    for s in ["one", "two", "three"] {
        new_case(&w, "A1", s, Some("low"));
    }
    w.ok(&["pick", "1", "--next-steps", "a", "--next-steps-date", "+1w"]);
    w.ok(&[
        "pick",
        "2",
        "--next-steps",
        "b",
        "--next-steps-date",
        "tomorrow",
    ]);
    let four = new_case(&w, "A2", "four", None);
    w.ok(&[
        "--as",
        "Lena",
        "pick",
        &four.to_string(),
        "--next-steps",
        "c",
        "--next-steps-date",
        "+2d",
    ]);
    let five = new_case(&w, "A1", "five", None);
    w.ok(&[
        "pick",
        &five.to_string(),
        "--force",
        "--reason",
        "x",
        "--next-steps",
        "d",
        "--next-steps-date",
        "today",
    ]);
    w.ok(&[
        "close",
        "5",
        "--status",
        "resolved",
        "--action",
        "Answered Question",
    ]);
    w
}

#[test]
fn my_cases_by_default_most_urgent_first() {
    let w = world();
    let mine = w.json(&["case", "list"]);
    assert_eq!(ids(&mine), [2, 1], "{mine}");
    let keys: Vec<&str> = mine[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "account_id",
            "trigger",
            "category",
            "subject",
            "priority",
            "status",
            "owner",
            "queue",
            "next_steps",
            "next_steps_date",
            "web_email",
            "created_at",
            "queued_at",
            "picked_at",
            "closed_at",
            "sla_due_at"
        ]
    );
    assert_eq!(mine[0]["next_steps_date"], "2026-03-03");
    let table = w.ok(&["case", "list"]);
    assert!(
        table.contains("#2") && table.contains("tomorrow"),
        "{table}"
    );
    assert!(
        !table.contains("four") && !table.contains("three"),
        "{table}"
    );
}

#[test]
fn filters_owner_status_queue_account_trigger_created_by_overdue() {
    let mut w = world();
    assert_eq!(ids(&w.json(&["case", "list", "--owner", "lena"])), [4]);
    assert_eq!(
        ids(&w.json(&["case", "list", "--all-owners"])),
        [2, 4, 1, 3]
    );
    assert_eq!(ids(&w.json(&["case", "list", "--status", "closed"])), [5]);
    assert_eq!(
        ids(&w.json(&["case", "list", "--status", "any"])),
        [2, 1, 5]
    );
    assert_eq!(
        ids(&w.json(&["case", "list", "--queue", "AMER", "--status", "open"])),
        [3]
    );
    assert_eq!(ids(&w.json(&["case", "list", "--account", "A2"])), [4]);
    assert_eq!(
        ids(&w.json(&["case", "list", "--created-by", "lena"])),
        Vec::<i64>::new()
    );
    assert_eq!(
        ids(&w.json(&[
            "case",
            "list",
            "--created-by",
            "dana",
            "--status",
            "in-progress"
        ])),
        [2, 4, 1]
    );
    assert_eq!(
        ids(&w.json(&["case", "list", "--trigger", "manual"])),
        [2, 1]
    );
    assert_eq!(ids(&w.json(&["case", "list", "--limit", "1"])), [2]);
    assert_eq!(w.json(&["case", "list", "--overdue"]), Value::Array(vec![]));
    // a week and a day later: both next steps dates have passed, and case 3's SLA ran out
    w.now = "2026-03-10T14:00:00Z".to_string();
    assert_eq!(ids(&w.json(&["case", "list", "--overdue"])), [2, 1]);
    assert_eq!(
        ids(&w.json(&[
            "case",
            "list",
            "--overdue",
            "--queue",
            "AMER",
            "--status",
            "open"
        ])),
        [3]
    );
}

#[test]
fn unknown_trigger_and_status_say_what_was_meant() {
    let w = world();
    let err = w.fails(&["case", "list", "--trigger", "manul"], 2);
    assert!(
        err.contains("did you mean") && err.contains("manual"),
        "{err}"
    );
    let err = w.fails(&["case", "list", "--status", "in-progres"], 2);
    assert!(err.contains("in-progress"), "{err}");
}

#[test]
fn nothing_matches_says_so() {
    let w = world();
    let out = w.ok(&["--as", "Nobody", "case", "list"]);
    assert!(out.contains("Nobody has no cases"), "{out}");
}
