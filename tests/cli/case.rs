//! `smb case new|show|update|log|assign|defer`: manual creation and routing, next steps,
//! touches, hand-overs, and the history each writes.

use serde_json::Value;

use crate::casework::{actions, digital, new_case, pooled, show};

#[test]
fn manual_cases_take_their_trigger_from_the_subject() {
    let w = digital();
    for (subject, trigger) in [
        ("Support Ticket", "support_ticket"),
        ("sdr created", "sdr_created"),
        ("FO Opp", "fo_opp"),
        ("FO Opp (Startup)", "fo_opp_startup"),
        ("Referral", "manual"),
        ("AR Request", "manual"),
    ] {
        let id = new_case(&w, "A3", subject, None);
        let c = show(&w, id);
        assert_eq!(c["trigger"], trigger, "{subject}");
        assert_eq!(c["category"], "Inbound Request");
        assert_eq!(c["priority"], "High");
        assert_eq!(c["origin"], "manual");
        assert_eq!(c["created_by"], "tester");
        assert_eq!(c["queue"], "AMER"); // APAC shares the AMER queue
    }
    let c = w.json(&[
        "case",
        "new",
        "--account",
        "A2",
        "--subject",
        "Partner Opp",
        "--priority",
        "medium",
        "--reason",
        "billing / payment",
        "--description",
        "PO needed",
        "--contact",
        "C2",
        "--type",
        "Inbound Request via Partner",
    ]);
    assert_eq!(c["priority"], "Medium");
    assert_eq!(c["case_reason"], "Billing / Payment");
    assert_eq!(c["queue"], "EMEA");
    assert_eq!(c["type"], "Inbound Request via Partner");
    assert_eq!(c["description"], "PO needed");
    let h = show(&w, c["id"].as_i64().unwrap());
    assert_eq!(h["history"][0]["action"], "created");
    assert_eq!(h["history"][1]["action"], "queued");
    assert_eq!(h["history"][1]["after"], "EMEA");
}

#[test]
fn manual_case_bad_input_and_out_of_segment() {
    let w = digital();
    let before = w.state();
    let err = w.fails(
        &["case", "new", "--account", "A7", "--subject", "Referral"],
        2,
    );
    assert!(err.contains("unknown account \"A7\""), "{err}");
    let err = w.fails(
        &[
            "case",
            "new",
            "--account",
            "A1",
            "--subject",
            "Referral",
            "--priority",
            "urgent",
        ],
        2,
    );
    assert!(err.contains("High | Medium | Low"), "{err}");
    let err = w.fails(
        &[
            "case",
            "new",
            "--account",
            "A1",
            "--subject",
            "Referral",
            "--reason",
            "Because",
        ],
        2,
    );
    assert!(err.contains("Account Question / Update"), "{err}");
    w.fails(
        &[
            "case",
            "new",
            "--account",
            "A1",
            "--subject",
            "Referral",
            "--contact",
            "C99",
        ],
        2,
    );
    assert_eq!(before, w.state());
    let out = w
        .smb(&["case", "new", "--account", "A9", "--subject", "FO Opp"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("out of segment") && err.contains("Mid-Market"),
        "{err}"
    );
}

#[test]
fn pooled_support_ticket_is_internal_created() {
    let w = pooled();
    let id = new_case(&w, "P1", "Support Ticket", None);
    let c = show(&w, id);
    assert_eq!(c["trigger"], "support_ticket");
    assert_eq!(c["category"], "SMB Pool Internal Created");
    assert_eq!(c["queue"], "AMER");
}

#[test]
fn next_steps_are_mandatory_while_in_progress() {
    let mut w = digital();
    w.user = "Dana".into(); // the owner changes the case (SPEC §4.3)
    let id = new_case(&w, "A1", "Referral", None).to_string();
    // Open: next steps may be set and cleared
    w.ok(&["case", "update", &id, "--next-steps", "call back"]);
    w.ok(&["case", "update", &id, "--next-steps", ""]);
    w.ok(&[
        "--as",
        "Dana",
        "pick",
        "--next-steps",
        "Send quote",
        "--next-steps-date",
        "2026-03-04",
    ]);
    let before = w.state();
    let err = w.fails(&["case", "update", &id, "--next-steps", "  "], 2);
    assert!(err.contains("mandatory"), "{err}");
    let err = w.fails(
        &["case", "update", &id, "--next-steps-date", "2026-13-01"],
        2,
    );
    assert!(err.contains("YYYY-MM-DD"), "{err}");
    w.fails(&["case", "update", &id], 2);
    w.fails(&["case", "update", "999", "--feedback", "x"], 2);
    assert_eq!(before, w.state());
    let c = w.json(&[
        "case",
        "update",
        &id,
        "--next-steps",
        "Quote sent; call Thursday",
        "--next-steps-date",
        "2026-03-05",
        "--reason",
        "Renewal",
        "--feedback",
        "wants monthly billing",
    ]);
    assert_eq!(c["next_steps"], "Quote sent; call Thursday");
    assert_eq!(c["next_steps_date"], "2026-03-05");
    assert_eq!(c["case_reason"], "Renewal");
    let hist = show(&w, id.parse().unwrap())["history"].clone();
    let last: Vec<(&str, &str)> = hist.as_array().unwrap()[hist.as_array().unwrap().len() - 4..]
        .iter()
        .map(|h| (h["action"].as_str().unwrap(), h["field"].as_str().unwrap()))
        .collect();
    assert_eq!(
        last,
        vec![
            ("next_steps", "next_steps"),
            ("next_steps", "next_steps_date"),
            ("updated", "case_reason"),
            ("updated", "feedback")
        ]
    );
}

#[test]
fn log_touches_as_activity() {
    let w = digital();
    let id = new_case(&w, "A1", "Referral", None);
    w.ok(&["--as", "Dana", "pick"]);
    let c = w.json(&[
        "--as",
        "Dana",
        "case",
        "log",
        &id.to_string(),
        "call",
        "--note",
        "voicemail",
    ]);
    assert_eq!(c["id"], id);
    let h = show(&w, id)["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(h["action"], "activity");
    assert_eq!(h["after"], "call");
    assert_eq!(h["note"], "voicemail");
    assert_eq!(h["actor"], "Dana");
    w.fails(&["case", "log", &id.to_string(), "fax"], 2);
}

#[test]
fn assign_hands_over_with_a_reason() {
    let w = digital();
    let id = new_case(&w, "A2", "Referral", None);
    w.ok(&["--as", "Lena", "pick"]);
    let err = w.fails(&["case", "assign", &id.to_string(), "--to", "Ghost"], 2);
    assert!(
        err.contains("nobody has that name") && err.contains("Dana"),
        "{err}"
    );
    let c = w.json(&[
        "--as",
        "Lena",
        "case",
        "assign",
        &id.to_string(),
        "--to",
        "dana",
        "--reason",
        "language",
    ]);
    assert_eq!(c["owner"], "Dana");
    assert_eq!(c["status"], "In Progress");
    assert_eq!(c["feedback"], "#languagebarrier");
    let h = show(&w, id)["history"].clone();
    let assigned: Vec<&Value> = h
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "assigned")
        .collect();
    assert_eq!(assigned.len(), 1);
    assert_eq!(assigned[0]["before"], "Lena");
    assert_eq!(assigned[0]["after"], "Dana");
    assert_eq!(assigned[0]["note"], "reason: language");
    // assigning an Open queued case takes it out of the queue
    let q = new_case(&w, "A3", "Referral", None);
    w.ok(&[
        "--as",
        "Dana",
        "case",
        "assign",
        &q.to_string(),
        "--to",
        "Lena",
        "--reason",
        "pto",
    ]);
    assert_eq!(
        w.json(&["queue", "list", "--queue", "AMER"]),
        serde_json::json!([])
    );
    assert_eq!(actions(&w, q), vec!["created", "queued", "assigned"]);
}

/// SPEC §7.2: a contact or opportunity linked to a case belongs to the case's account; another
/// account's is refused (exit 2) and nothing changes, in `case new` and `case update`.
#[test]
fn links_belong_to_the_cases_account() {
    let w = digital();
    let before = w.state();
    let new = |extra: &[&str]| {
        let mut a = vec!["case", "new", "--subject", "Referral"];
        a.extend_from_slice(extra);
        a.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let args = new(&["--account", "A1", "--contact", "C2"]);
    let err = w.fails(&args.iter().map(String::as_str).collect::<Vec<_>>(), 2);
    assert!(err.contains("C2") && err.contains("A2"), "{err}");
    let args = new(&["--account", "A2", "--opportunity", "O1"]);
    let err = w.fails(&args.iter().map(String::as_str).collect::<Vec<_>>(), 2);
    assert!(err.contains("O1") && err.contains("A1"), "{err}");
    assert_eq!(before, w.state());

    let id = w.json(&[
        "case",
        "new",
        "--account",
        "A1",
        "--subject",
        "Referral",
        "--contact",
        "C1",
        "--opportunity",
        "O1",
    ])["id"]
        .as_i64()
        .unwrap();
    let other = new_case(&w, "A2", "Referral", None).to_string();
    let before = w.state();
    let err = w.fails(
        &[
            "--as",
            "Dana",
            "case",
            "update",
            &other,
            "--opportunity",
            "O1",
        ],
        2,
    );
    assert!(err.contains("O1"), "{err}");
    let err = w.fails(
        &[
            "--as",
            "Dana",
            "case",
            "update",
            &id.to_string(),
            "--contact",
            "C2",
        ],
        2,
    );
    assert!(err.contains("C2"), "{err}");
    assert_eq!(before, w.state());
    assert_eq!(show(&w, id)["contact_id"], "C1");
}

/// SPEC §3.2: a pooled manual case takes the pooled catalog's trigger and category: "SDR
/// Created" is a Hand Raise, and a subject naming only a digital trigger is a manual case.
#[test]
fn pooled_manual_cases_take_pooled_categories() {
    let w = pooled();
    let sdr = show(&w, new_case(&w, "P1", "SDR Created", None));
    assert_eq!(sdr["trigger"], "sdr_created");
    assert_eq!(sdr["category"], "HR: Hand Raise");
    let fo = show(&w, new_case(&w, "P2", "FO Opp", None));
    assert_eq!(fo["trigger"], "manual");
    assert_eq!(fo["category"], "SMB Pool Internal Created");
}

/// SPEC §4.3 (decision): who may do what. A case is changed only by its owner or a manager;
/// the PTO cover takes it with `case assign ID --to <self> --reason pto`; staff and names
/// without a profile create cases and read.
#[test]
fn changes_are_for_the_owner_or_a_manager() {
    let w = digital();
    w.ok(&[
        "advocate", "add", "Sam", "--region", "AMER", "--role", "manager",
    ]);
    w.ok(&[
        "advocate", "add", "Sol", "--region", "AMER", "--role", "staff",
    ]);
    // staff and people without a profile create cases
    let id = w.json(&[
        "--as",
        "Sol",
        "case",
        "new",
        "--account",
        "A1",
        "--subject",
        "Support Ticket",
    ])["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let err = w.fails(&["--as", "Sol", "pick"], 2);
    assert!(err.contains("staff"), "{err}");
    w.ok(&["--as", "Dana", "pick", &id]);
    let before = w.state();
    let close = [
        "close",
        id.as_str(),
        "--status",
        "resolved",
        "--action",
        "Answered Question",
    ];
    for who in ["Lena", "Sol", "tester"] {
        for args in [
            &close[..],
            &[
                "case",
                "update",
                &id,
                "--next-steps",
                "x",
                "--next-steps-date",
                "2026-03-09",
            ],
            &["case", "log", &id, "call"],
            &[
                "case",
                "defer",
                &id,
                "--until",
                "2026-04-01",
                "--next-steps",
                "x",
            ],
            &["case", "assign", &id, "--to", "Lena"],
        ] {
            let err = w.fails(&[&["--as", who][..], args].concat(), 2);
            assert!(
                err.contains("Dana") || err.contains("staff"),
                "{who} {args:?}: {err}"
            );
        }
    }
    // a near profile name is suggested
    let err = w.fails(&[&["--as", "Dnaa"][..], &close[..]].concat(), 2);
    assert!(
        err.contains("did you mean \"Dana\"? (give it with --as)"),
        "{err}"
    );
    assert_eq!(before, w.state());
    // the PTO cover takes the case, recorded; then it is theirs to change
    let c = w.json(&[
        "--as", "Lena", "case", "assign", &id, "--to", "lena", "--reason", "pto",
    ]);
    assert_eq!(c["owner"], "Lena");
    let history = show(&w, id.parse().unwrap())["history"].to_string();
    assert!(
        history.contains("took over the case from Dana"),
        "{history}"
    );
    w.ok(&["--as", "Lena", "case", "log", &id, "call"]);
    // a manager changes anyone's case
    w.ok(&[&["--as", "Sam"][..], &close[..]].concat());
}
