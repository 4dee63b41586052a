//! `smb queue next|list`: the order of both models with ties, deferral, both-queue cases,
//! pooled pools, SLA due times, and the caller's queue.

use crate::casework::{digital, ids, new_case, pooled};

#[test]
fn digital_queue_is_priority_then_age_then_id() {
    let mut w = digital();
    w.now = "2026-03-02T09:00:00Z".into();
    let low_old = new_case(&w, "A1", "Referral", Some("low"));
    w.now = "2026-03-02T10:00:00Z".into();
    let med = new_case(&w, "A3", "AR Request", Some("medium"));
    let high_a = new_case(&w, "A2", "Referral", None); // EMEA: not in AMER
    let high_b = new_case(&w, "A3", "Partner Opp", None);
    w.now = "2026-03-02T11:00:00Z".into();
    let high_late = new_case(&w, "A1", "Partner Opp", None);
    w.now = "2026-03-02T12:00:00Z".into();
    // ties in priority and time are broken by id; A1 and A3 already have cases but nobody owns
    // them, so these are queued too.
    let list = w.json(&["queue", "list", "--queue", "AMER"]);
    assert_eq!(ids(&list), vec![high_b, high_late, med, low_old]);
    let emea = w.json(&["queue", "list", "--queue", "emea"]);
    assert_eq!(ids(&emea), vec![high_a]);

    let next = w.json(&["--as", "Dana", "queue", "next"]);
    let mut keys: Vec<&str> = next
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        vec![
            "account_id",
            "category",
            "created_at",
            "id",
            "owner",
            "priority",
            "queue",
            "queued_at",
            "sla_due_at",
            "status",
            "subject",
            "trigger"
        ]
    );
    assert_eq!(next["id"], high_b);
    // High: 24 calendar hours from entering the queue
    assert_eq!(next["sla_due_at"], "2026-03-03T10:00:00Z");
    let text = w.ok(&["--as", "Dana", "queue", "next"]);
    assert!(
        text.contains("Why:") && text.contains("SLA runs out 2026-03-03 10:00 (in 22 h)"),
        "{text}"
    );
    assert_eq!(list[3]["sla_due_at"], "2026-03-09T09:00:00Z"); // Low: 7 days
}

#[test]
fn pooled_queue_is_age_then_priority_then_id() {
    let mut w = pooled();
    w.now = "2026-03-02T15:00:00Z".into();
    let low_same = new_case(&w, "P1", "Referral", Some("low"));
    let high_same = new_case(&w, "P2", "Referral", Some("high"));
    let med_same = new_case(&w, "P3", "Referral", Some("medium"));
    w.now = "2026-03-02T14:00:00Z".into();
    let oldest_low = new_case(&w, "P3", "Referral", Some("low"));
    w.now = "2026-03-02T16:00:00Z".into();
    let list = w.json(&["--as", "Maya", "queue", "list"]);
    assert_eq!(ids(&list), vec![oldest_low, high_same, med_same, low_same]);
    // 8 business hours in New York: Monday 09:00 EST (14:00 UTC) + 8 h = 17:00 EST = 22:00 UTC
    assert_eq!(list[0]["sla_due_at"], "2026-03-02T22:00:00Z");
    // 10:00 EST + 8 h: 7 h Monday, 1 h Tuesday → Tuesday 10:00 EST = 15:00 UTC
    assert_eq!(list[1]["sla_due_at"], "2026-03-03T15:00:00Z");
    let text = w.ok(&["--as", "Maya", "queue", "next"]);
    assert!(text.contains("oldest case"), "{text}");
}

#[test]
fn pooled_emea_cases_go_to_the_aes_own_pool() {
    let w = pooled();
    let emea = new_case(&w, "P4", "Referral", None);
    let amer = new_case(&w, "P1", "Referral", None);
    assert_eq!(crate::casework::show(&w, emea)["queue"], "Lena Fischer");
    assert_eq!(
        ids(&w.json(&["--as", "Lena Fischer", "queue", "list"])),
        vec![emea]
    );
    assert_eq!(ids(&w.json(&["--as", "Maya", "queue", "list"])), vec![amer]);
    assert_eq!(
        ids(&w.json(&["queue", "list", "--queue", "lena fischer"])),
        vec![emea]
    );
    // Monday 14:00 London + 8 business hours: Tuesday 14:00
    assert_eq!(
        w.json(&["--as", "Lena Fischer", "queue", "next"])["sla_due_at"],
        "2026-03-03T14:00:00Z"
    );
}

#[test]
fn deferred_cases_are_hidden_until_their_date() {
    let mut w = digital();
    let a = new_case(&w, "A1", "Referral", None);
    let b = new_case(&w, "A3", "Referral", Some("low"));
    w.ok(&["--as", "Dana", "pick"]);
    w.ok(&[
        "--as",
        "Dana",
        "case",
        "defer",
        &a.to_string(),
        "--until",
        "2026-09-01",
        "--next-steps",
        "Open to Ultimate in 6 months",
    ]);
    let c = crate::casework::show(&w, a);
    assert_eq!(c["status"], "Open");
    assert_eq!(c["owner"], serde_json::Value::Null);
    assert_eq!(c["next_steps_date"], "2026-09-01");
    assert_eq!(c["queued_at"], "2026-09-01T00:00:00Z");
    assert!(crate::casework::actions(&w, a).contains(&"deferred".to_string()));
    assert_eq!(ids(&w.json(&["queue", "list", "--queue", "AMER"])), vec![b]);
    w.now = "2026-08-31T23:59:59Z".into();
    assert_eq!(ids(&w.json(&["queue", "list", "--queue", "AMER"])), vec![b]);
    w.now = "2026-09-01T00:00:00Z".into();
    // back, and High before Low again
    assert_eq!(
        ids(&w.json(&["queue", "list", "--queue", "AMER"])),
        vec![a, b]
    );
    assert_eq!(
        w.json(&["queue", "next", "--queue", "AMER"])["sla_due_at"],
        "2026-09-02T00:00:00Z"
    );
    // deferring to today or the past, or a bad date, is refused and changes nothing
    let before = w.state();
    let err = w.fails(
        &[
            "case",
            "defer",
            &b.to_string(),
            "--until",
            "2026-09-01",
            "--next-steps",
            "x",
        ],
        2,
    );
    assert!(err.contains("not after today"), "{err}");
    let err = w.fails(
        &[
            "case",
            "defer",
            &b.to_string(),
            "--until",
            "01.10.2026",
            "--next-steps",
            "x",
        ],
        2,
    );
    assert!(err.contains("YYYY-MM-DD"), "{err}");
    assert_eq!(before, w.state());
}

#[test]
fn empty_queue_and_no_profile() {
    let w = digital();
    assert_eq!(
        w.json(&["--as", "Dana", "queue", "next"]),
        serde_json::Value::Null
    );
    assert_eq!(
        w.json(&["--as", "Dana", "queue", "list"]),
        serde_json::json!([])
    );
    assert!(w.ok(&["--as", "Dana", "queue", "next"]).contains("empty"));
    let err = w.fails(&["--as", "Nobody", "queue", "next"], 2);
    assert!(err.contains("smb advocate add \"Nobody\""), "{err}");
    // reading with --queue needs no profile
    w.ok(&["--as", "Nobody", "queue", "list", "--queue", "EMEA"]);
}

/// An empty queue says when the next case will appear (issue #7).
#[test]
fn an_empty_queue_says_when_the_next_case_comes_back() {
    let w = crate::support::Workdir::new();
    let a = w.create(
        "a.csv",
        "account_id,account_name,region,carr\nA1,Acme,AMER,5000\n",
    );
    w.ok(&["import", "accounts", a.to_str().unwrap()]);
    w.ok(&["advocate", "add", "tester", "--region", "AMER"]);
    let out = w.ok(&["queue", "next"]);
    assert!(
        out.contains("empty") && out.contains("smb trigger run"),
        "{out}"
    );
    w.ok(&["case", "new", "--account", "A1", "--subject", "Referral"]);
    w.ok(&[
        "pick",
        "--next-steps",
        "x",
        "--next-steps-date",
        "2026-03-03",
    ]);
    w.ok(&[
        "case",
        "defer",
        "1",
        "--until",
        "2026-09-01",
        "--next-steps",
        "talk in six months",
    ]);
    let out = w.ok(&["queue", "next"]);
    assert!(out.contains("comes back on 2026-09-01"), "{out}");
    let out = w.ok(&["pick"]);
    assert!(
        out.contains("Nothing to pick") && out.contains("2026-09-01"),
        "{out}"
    );
}

/// SPEC §1.2 (decision): people are their profiles. A name from an export or a flag matches a
/// profile ignoring case and surrounding spaces and is stored with the profile's spelling; a
/// name that designates someone else and matches nobody is refused (exit 2) with the nearest.
#[test]
fn names_match_profiles_ignoring_case_and_spaces() {
    let w = crate::casework::pooled();
    crate::casework::import(
        &w,
        "accounts",
        "account_id,account_name,region,carr,customer_type,owner\n\
         P5,Ulme,EMEA,1000,existing, lena fischer \n\
         P6,Vogel,EMEA,1000,existing,ANA KOCH\n",
    );
    let lena = crate::casework::new_case(&w, "P5", "Referral", None);
    assert_eq!(crate::casework::show(&w, lena)["queue"], "Lena Fischer");
    let listed = w.json(&["--as", "LENA FISCHER", "queue", "list"]);
    assert_eq!(crate::casework::ids(&listed), vec![lena]);
    let c = w.json(&["--as", "lena fischer", "pick", &lena.to_string()]);
    assert_eq!(c["owner"], "Lena Fischer");
    // the actor is recorded with the profile's spelling too
    let made = w.json(&[
        "--as",
        " LENA fischer",
        "case",
        "new",
        "--account",
        "P4",
        "--subject",
        "Referral",
    ]);
    assert_eq!(made["created_by"], "Lena Fischer");

    // a profile added after the export: the pool and its cases take the profile's spelling
    let ana = crate::casework::new_case(&w, "P6", "Referral", None);
    w.ok(&["advocate", "add", "Ana Koch", "--region", "EMEA"]);
    assert_eq!(crate::casework::show(&w, ana)["queue"], "Ana Koch");
    let listed = w.json(&["--as", "ana koch", "queue", "list"]);
    assert_eq!(crate::casework::ids(&listed), vec![ana]);

    // --queue, --owner and --to: a profile's name in any case; nobody's name is refused
    let listed = w.json(&["queue", "list", "--queue", " ana KOCH "]);
    assert_eq!(crate::casework::ids(&listed), vec![ana]);
    let before = w.state();
    let err = w.fails(&["queue", "list", "--queue", "Lena"], 2);
    assert!(err.contains("Lena Fischer"), "{err}");
    let err = w.fails(&["today", "--owner", "Mya"], 2);
    assert!(err.contains("Maya"), "{err}");
    let err = w.fails(
        &[
            "--as",
            "Lena Fischer",
            "case",
            "assign",
            &lena.to_string(),
            "--to",
            "Krис",
        ],
        2,
    );
    assert!(err.contains("--to"), "{err}");
    assert_eq!(before, w.state());
}

/// SPEC §4.1: an unknown queue name is refused (exit 2) with the nearest names, not shown as an
/// empty queue.
#[test]
fn an_unknown_queue_is_refused_not_shown_empty() {
    let w = crate::casework::digital();
    for sub in ["list", "next"] {
        let err = w.fails(&["queue", sub, "--queue", "EMAE"], 2);
        assert!(err.contains("EMEA"), "{err}");
    }
    // a known queue with nothing in it is still empty, exit 0
    assert_eq!(
        w.json(&["queue", "list", "--queue", "emea"]),
        serde_json::json!([])
    );
}

/// SPEC §7.4: times at a terminal are the acting person's. `queue next`'s "Why:" line names
/// when the head was queued in their time zone, as its SLA line does, not in UTC.
#[test]
fn queue_next_says_when_the_head_was_queued_in_the_callers_time_zone() {
    let mut w = digital();
    w.ok(&[
        "advocate",
        "add",
        "Noa",
        "--region",
        "AMER",
        "--tz",
        "America/New_York",
    ]);
    w.now = "2026-03-02T15:30:00Z".into();
    new_case(&w, "A1", "Referral", None);
    w.now = "2026-03-02T17:00:00Z".into();
    let text = w.ok(&["--as", "Noa", "queue", "next"]);
    // 15:30 UTC is 10:30 in New York (EST, UTC-5), queued an hour and a half ago
    assert!(text.contains("queued 2026-03-02 10:30"), "{text}");
    assert!(!text.contains("15:30"), "{text}");
    assert!(text.contains("SLA runs out 2026-03-03 10:30"), "{text}");
}

/// SPEC §1.2: a name typed on the command line matches its profile ignoring the case of every
/// letter, not only of ASCII ones (`ZOË` is `Zoë`): who acts (`--as`), `--to`, `--owner` and
/// `--queue` find the profile and the case records its spelling.
#[test]
fn typed_names_match_profiles_ignoring_the_case_of_letters_beyond_ascii() {
    let w = digital();
    w.ok(&["advocate", "add", "Zoë Ñúñez", "--region", "AMER"]);
    let id = new_case(&w, "A1", "Referral", None);
    let me = w.json(&["--as", "ZOË ÑÚÑEZ", "whoami"]);
    assert_eq!(me["user"], "Zoë Ñúñez", "{me}");
    assert_eq!(me["profile"]["name"], "Zoë Ñúñez", "{me}");
    let listed = w.json(&["queue", "list", "--queue", "zoë ñúñez"]);
    assert!(listed.as_array().is_some(), "{listed}");
    let picked = w.json(&["--as", "zoË ñÚñez", "pick", &id.to_string()]);
    assert_eq!(picked["owner"], "Zoë Ñúñez", "{picked}");
    let mine = w.json(&["case", "list", "--owner", "ZOË ÑÚÑEZ"]);
    assert_eq!(ids(&mine), vec![id], "{mine}");
    let other = new_case(&w, "A3", "Referral", None);
    w.ok(&[
        "advocate", "add", "Mona", "--region", "AMER", "--role", "manager",
    ]);
    w.ok(&[
        "--as",
        "Mona",
        "case",
        "assign",
        &other.to_string(),
        "--to",
        "ZOË ÑÚÑEZ",
    ]);
    assert_eq!(crate::casework::show(&w, other)["owner"], "Zoë Ñúñez");
}
