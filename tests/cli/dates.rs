//! Dates people type on flags (issue #12): words, offsets, weekdays; `MM/DD/YYYY` refused; the
//! stored date echoed; a past next-steps date only with `--force`.

use crate::casework::{digital, new_case, show};

/// Dana has picked case 1 on Monday 2 March 2026.
fn picked() -> crate::support::Workdir {
    let mut w = digital();
    w.user = "Dana".to_string();
    new_case(&w, "A1", "Referral", None);
    w.ok(&["pick", "--next-steps", "call", "--next-steps-date", "today"]);
    w
}

#[test]
fn next_steps_dates_take_words_offsets_and_weekdays_and_are_echoed() {
    let w = picked();
    assert_eq!(show(&w, 1)["next_steps_date"], "2026-03-02");
    let out = w.ok(&["case", "update", "#1", "--next-steps-date", "tomorrow"]);
    assert!(out.contains("Next steps due Tuesday 2026-03-03"), "{out}");
    assert_eq!(show(&w, 1)["next_steps_date"], "2026-03-03");
    w.ok(&["case", "update", "1", "--next-steps-date", "+2w"]);
    assert_eq!(show(&w, 1)["next_steps_date"], "2026-03-16");
    w.ok(&["case", "update", "1", "--next-steps-date", "friday"]);
    assert_eq!(show(&w, 1)["next_steps_date"], "2026-03-06");
}

#[test]
fn month_day_year_on_a_flag_is_refused_and_nothing_changes() {
    let w = picked();
    let before = w.state();
    let err = w.fails(
        &["case", "update", "1", "--next-steps-date", "09/03/2026"],
        2,
    );
    assert!(
        err.contains("--next-steps-date")
            && err.contains("ambiguous")
            && err.contains("YYYY-MM-DD"),
        "{err}"
    );
    assert_eq!(w.state(), before);
    let err = w.fails(
        &[
            "case",
            "defer",
            "1",
            "--until",
            "09/03/2026",
            "--next-steps",
            "x",
        ],
        2,
    );
    assert!(err.contains("ambiguous"), "{err}");
}

#[test]
fn a_past_next_steps_date_needs_force() {
    let w = picked();
    let err = w.fails(
        &["case", "update", "1", "--next-steps-date", "yesterday"],
        2,
    );
    assert!(
        err.contains("in the past") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(show(&w, 1)["next_steps_date"], "2026-03-02");
    w.ok(&[
        "case",
        "update",
        "1",
        "--next-steps-date",
        "2026-02-27",
        "--force",
    ]);
    assert_eq!(show(&w, 1)["next_steps_date"], "2026-02-27");
    // today itself is not the past
    w.ok(&["case", "update", "1", "--next-steps-date", "today"]);
    assert_eq!(show(&w, 1)["next_steps_date"], "2026-03-02");
}

#[test]
fn defer_six_months_is_plus_6m_and_the_date_is_echoed() {
    let w = picked();
    let out = w.ok(&[
        "case",
        "defer",
        "1",
        "--until",
        "+6m",
        "--next-steps",
        "Open to Ultimate in 6 months",
    ]);
    assert!(out.contains("until Wednesday 2026-09-02"), "{out}");
    let c = show(&w, 1);
    assert_eq!(c["next_steps_date"], "2026-09-02");
    assert_eq!(c["queued_at"], "2026-09-02T00:00:00Z");
}

#[test]
fn report_windows_take_offsets() {
    let w = picked();
    let rows = w.json(&[
        "report",
        "created-by",
        "Dana",
        "--since",
        "-1w",
        "--until",
        "today",
    ]);
    assert_eq!(rows.as_array().unwrap().len(), 1, "{rows}");
    let rows = w.json(&["report", "created-by", "Dana", "--until", "yesterday"]);
    assert!(rows.as_array().unwrap().is_empty(), "{rows}");
}
