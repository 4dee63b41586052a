//! Who and where (issue #12): the config file, precedence flag > environment > file > default,
//! `smb whoami`, and a person's time zone (their today, cadence days, local times in tables).

use crate::casework::{digital, new_case, show};
use crate::support::Workdir;

fn config(w: &Workdir, text: &str) {
    let dir = w.path(".config/smb");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

#[test]
fn flag_beats_environment_beats_config_file_beats_default() {
    let w = digital();
    let other = w.path("other.db");
    config(
        &w,
        &format!("db = {:?}\nuser = \"Filey\"\n", other.display().to_string()),
    );
    // SMB_USER and SMB_DB are set by the workdir: the environment beats the file
    let me = w.json(&["whoami"]);
    assert_eq!(me["user"], "tester");
    assert_eq!(me["user_from"], "env");
    assert_eq!(me["db"], w.db_arg().to_string_lossy().as_ref());
    assert_eq!(me["db_from"], "env");
    assert_eq!(me["config_found"], true);
    // a flag beats the environment
    let me = w.json(&["--as", "Dana", "whoami"]);
    assert_eq!(
        (me["user"].as_str(), me["user_from"].as_str()),
        (Some("Dana"), Some("flag"))
    );
    assert_eq!(me["profile"]["region"], "AMER");
    // without the environment, the file
    let out = w
        .smb(&["--format", "json", "whoami"])
        .env_remove("SMB_USER")
        .env_remove("SMB_DB")
        .output()
        .unwrap();
    let me: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (me["user"].as_str(), me["user_from"].as_str()),
        (Some("Filey"), Some("config"))
    );
    assert_eq!(me["db"], other.display().to_string());
    assert_eq!(
        me["db_exists"], false,
        "whoami does not create the database"
    );
    assert!(!other.exists());
    // without the file either: the OS user and the platform data directory
    std::fs::remove_file(w.path(".config/smb/config.toml")).unwrap();
    let out = w
        .smb(&["--format", "json", "whoami"])
        .env_remove("SMB_USER")
        .env_remove("SMB_DB")
        .env("SMB_OS_USER", "osname")
        .output()
        .unwrap();
    let me: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (me["user"].as_str(), me["user_from"].as_str()),
        (Some("osname"), Some("default"))
    );
    assert!(me["db"].as_str().unwrap().ends_with("smb.db"), "{me}");
    assert_eq!(me["db_from"], "default");
}

#[test]
fn whoami_says_where_each_came_from() {
    let w = digital();
    let out = w.ok(&["--as", "Dana", "whoami"]);
    assert!(out.contains("Dana") && out.contains("--as flag"), "{out}");
    assert!(out.contains("SMB_DB environment variable"), "{out}");
    assert!(out.contains("advocate in AMER"), "{out}");
    let out = w.ok(&["--as", "Nobody", "whoami"]);
    assert!(out.contains("smb advocate add \"Nobody\""), "{out}");
}

#[test]
fn a_bad_config_file_is_refused_with_its_line_and_key() {
    let w = digital();
    config(&w, "user = \"x\"\ncolour = \"always\"\n");
    let err = w.fails(&["whoami"], 2);
    assert!(
        err.contains("config.toml line 2") && err.contains("colour"),
        "{err}"
    );
    config(&w, "color = \"sometimes\"\n");
    let err = w.fails(&["queue", "list"], 2);
    assert!(err.contains("color") && err.contains("always"), "{err}");
    config(&w, "time_zone = \"Mars/Olympus\"\n");
    let err = w.fails(&["whoami"], 2);
    assert!(
        err.contains("time_zone") && err.contains("Mars/Olympus"),
        "{err}"
    );
    config(&w, "color = \"always\"\n");
    let out = w.ok(&["--as", "Dana", "whoami"]);
    assert!(out.contains("\u{1b}[") || !out.is_empty());
}

#[test]
fn time_zone_comes_from_the_profile_then_the_file_then_the_machine() {
    let w = digital();
    let err = w.fails(
        &[
            "advocate",
            "add",
            "Ny",
            "--region",
            "AMER",
            "--tz",
            "America/New_Yrok",
        ],
        2,
    );
    assert!(err.contains("did you mean America/New_York"), "{err}");
    w.ok(&[
        "advocate",
        "add",
        "Ny",
        "--region",
        "AMER",
        "--tz",
        "america/new_york",
    ]);
    let me = w.json(&["--as", "Ny", "whoami"]);
    assert_eq!(
        (me["time_zone"].as_str(), me["time_zone_from"].as_str()),
        (Some("America/New_York"), Some("profile"))
    );
    let me = w.json(&["--as", "Dana", "whoami"]);
    assert_eq!(
        (me["time_zone"].as_str(), me["time_zone_from"].as_str()),
        (Some("UTC"), Some("default"))
    );
    config(&w, "time_zone = \"Europe/Berlin\"\n");
    let me = w.json(&["--as", "Dana", "whoami"]);
    assert_eq!(
        (me["time_zone"].as_str(), me["time_zone_from"].as_str()),
        (Some("Europe/Berlin"), Some("config"))
    );
    let me = w.json(&["--as", "Ny", "whoami"]);
    assert_eq!(me["time_zone_from"], "profile");
}

/// At 2026-03-02T02:00Z it is still Sunday 1 March in New York.
#[test]
fn a_new_yorkers_today_is_their_local_day() {
    let mut w = digital();
    w.ok(&[
        "advocate",
        "add",
        "Ny",
        "--region",
        "AMER",
        "--tz",
        "America/New_York",
    ]);
    w.user = "Ny".to_string();
    w.now = "2026-03-02T02:00:00Z".to_string();
    assert_eq!(w.json(&["whoami"])["today"], "2026-03-01");
    new_case(&w, "A1", "Referral", None);
    w.ok(&["pick", "--next-steps", "call", "--next-steps-date", "today"]);
    assert_eq!(show(&w, 1)["next_steps_date"], "2026-03-01");
    // "yesterday" for New York is 28 February: in the past
    let err = w.fails(
        &["case", "update", "1", "--next-steps-date", "yesterday"],
        2,
    );
    assert!(err.contains("2026-02-28") && err.contains("past"), "{err}");
    // the pick was on Sunday 1 March in New York: Day 1 of the cadence is that day
    w.now = "2026-03-03T15:00:00Z".to_string();
    let today = w.json(&["today"]);
    let texts = today[0]["today"].to_string();
    assert!(
        texts.contains("Day 1 email overdue since 2026-03-01"),
        "{texts}"
    );
}

#[test]
fn tables_show_local_times_with_a_hint_and_json_stays_utc() {
    let mut w = digital();
    w.ok(&[
        "advocate",
        "add",
        "Ny",
        "--region",
        "AMER",
        "--tz",
        "America/New_York",
    ]);
    w.user = "Ny".to_string();
    new_case(&w, "A1", "Referral", None); // High: due 24 h later, 2026-03-03T14:00Z
    let out = w.ok(&["queue", "list"]);
    assert!(out.contains("2026-03-03 09:00 (in 24 h)"), "{out}");
    let json = w.json(&["queue", "list"]);
    assert_eq!(json[0]["sla_due_at"], "2026-03-03T14:00:00Z");
    let csv = w.ok(&["--format", "csv", "queue", "list"]);
    assert!(csv.contains("2026-03-03T14:00:00Z"), "{csv}");
    let show = w.ok(&["case", "show", "1"]);
    assert!(show.contains("2026-03-02 09:00 (now)"), "{show}");
    assert!(!show.contains("2026-03-02T14:00:00Z"), "{show}");
}

/// US clocks go forward on Sunday 8 March 2026: a deferral until 9 March comes back at
/// midnight New York time, which is 04:00 UTC (EDT), not 05:00 (EST).
#[test]
fn deferral_days_are_local_and_daylight_saving_safe() {
    let mut w = digital();
    w.ok(&[
        "advocate",
        "add",
        "Ny",
        "--region",
        "AMER",
        "--tz",
        "America/New_York",
    ]);
    w.user = "Ny".to_string();
    new_case(&w, "A1", "Referral", None);
    w.ok(&["pick", "--next-steps", "call", "--next-steps-date", "today"]);
    w.ok(&[
        "case",
        "defer",
        "1",
        "--until",
        "2026-03-09",
        "--next-steps",
        "x",
    ]);
    assert_eq!(show(&w, 1)["queued_at"], "2026-03-09T04:00:00Z");
    w.ok(&[
        "pick",
        "1",
        "--force",
        "--reason",
        "x",
        "--next-steps",
        "y",
        "--next-steps-date",
        "today",
    ]);
    w.ok(&[
        "case",
        "defer",
        "1",
        "--until",
        "2026-03-06",
        "--next-steps",
        "x",
    ]);
    assert_eq!(show(&w, 1)["queued_at"], "2026-03-06T05:00:00Z");
}

/// A New Yorker's `--since 2026-03-02` starts at 05:00 UTC: a case created at 03:00 UTC that
/// day was created on 1 March in New York.
#[test]
fn report_days_are_the_readers_local_days() {
    let mut w = digital();
    w.ok(&[
        "advocate",
        "add",
        "Ny",
        "--region",
        "AMER",
        "--tz",
        "America/New_York",
    ]);
    w.now = "2026-03-02T03:00:00Z".to_string();
    new_case(&w, "A1", "Late evening", None);
    w.now = "2026-03-02T06:00:00Z".to_string();
    new_case(&w, "A1", "Morning", None);
    w.now = "2026-03-03T12:00:00Z".to_string();
    let rows = |who: &str| {
        w.json(&[
            "--as",
            who,
            "report",
            "created-by",
            "tester",
            "--since",
            "2026-03-02",
            "--until",
            "2026-03-02",
        ])
        .as_array()
        .unwrap()
        .len()
    };
    assert_eq!(rows("Ny"), 1);
    assert_eq!(rows("Dana"), 2);
}
