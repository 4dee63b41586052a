//! `smb today`: cadence days (Day 1 email, Day 3 call, Day 5 email, Day 7 email), next steps,
//! and the 7/15-day limits.

use crate::casework::{digital, new_case};
use crate::support::Workdir;

fn today(w: &Workdir) -> Vec<(i64, Vec<String>)> {
    w.json(&["--as", "Dana", "today"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_i64().unwrap(),
                c["today"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["text"].as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn cadence_days_from_the_pick() {
    let mut w = digital();
    let id = new_case(&w, "A1", "Referral", None);
    let ids = id.to_string();
    w.ok(&[
        "--as",
        "Dana",
        "pick",
        "--next-steps",
        "work it",
        "--next-steps-date",
        "2026-04-30",
    ]);
    assert_eq!(
        today(&w),
        vec![(id, vec!["Day 1 email due today".to_string()])]
    );
    w.ok(&["--as", "Dana", "case", "log", &ids, "email"]);
    assert!(today(&w).is_empty());
    assert!(
        w.ok(&["--as", "Dana", "today"])
            .contains("Nothing due today")
    );
    w.now = "2026-03-03T10:00:00Z".into(); // day 2
    assert!(today(&w).is_empty());
    w.now = "2026-03-04T10:00:00Z".into(); // day 3
    assert_eq!(today(&w)[0].1, vec!["Day 3 call due today"]);
    w.now = "2026-03-05T10:00:00Z".into(); // day 4, the call not made
    assert_eq!(today(&w)[0].1, vec!["Day 3 call overdue since 2026-03-04"]);
    w.ok(&["--as", "Dana", "case", "log", &ids, "call"]);
    assert!(today(&w).is_empty());
    w.now = "2026-03-06T10:00:00Z".into(); // day 5
    assert_eq!(today(&w)[0].1, vec!["Day 5 email due today"]);
    w.ok(&["--as", "Dana", "case", "log", &ids, "email"]);
    w.now = "2026-03-08T10:00:00Z".into(); // day 7: last email; 6 days open: near the target
    assert_eq!(
        today(&w)[0].1,
        vec!["Day 7 email due today", "7-day target in 1 day(s)"]
    );
    w.ok(&["--as", "Dana", "case", "log", &ids, "email"]);
    w.now = "2026-03-10T10:00:00Z".into();
    assert_eq!(today(&w)[0].1, vec!["open 8 days: past the 7-day target"]);
    w.now = "2026-03-18T10:00:00Z".into();
    assert_eq!(today(&w)[0].1, vec!["open 16 days: past the 15-day limit"]);
}

#[test]
fn next_steps_due_missing_and_not_started() {
    let mut w = digital();
    let a = new_case(&w, "A1", "Referral", None);
    w.ok(&["--as", "Dana", "pick"]);
    w.ok(&["--as", "Dana", "case", "log", &a.to_string(), "email"]);
    assert_eq!(
        today(&w),
        vec![(
            a,
            vec!["In Progress without next steps or their date".to_string()]
        )]
    );
    w.ok(&[
        "--as",
        "Dana",
        "case",
        "update",
        &a.to_string(),
        "--next-steps",
        "call",
        "--next-steps-date",
        "2026-03-03",
    ]);
    // routed to Dana (she owns an open case on A1), not started
    let b = new_case(&w, "A1", "Support Ticket", None);
    w.now = "2026-03-03T09:00:00Z".into();
    let t = today(&w);
    // the routed case first, with its notice (SPEC §5), then the rest
    assert_eq!(t[0].0, b);
    assert!(t[0].1[0].starts_with("new: routed to you"), "{t:?}");
    assert!(t[0].1[1].contains("not started"), "{t:?}");
    assert_eq!(
        t[1],
        (a, vec!["next steps date 2026-03-03 has come".to_string()])
    );
    let text = w.ok(&["--as", "Dana", "today"]);
    assert!(text.contains("2 case(s) of Dana"), "{text}");
}
