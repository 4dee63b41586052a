//! Output that fits (issue #12): tables as wide as the terminal, the pager only on a terminal,
//! `--limit`, `--quiet`, `--color`, JSON lines, CSV columns that are the JSON keys, `#12`.

use serde_json::Value;

use crate::casework::{digital, new_case};
use crate::support::{NOW, Workdir};

/// Runs `smb ARGS…` in a pseudo-terminal of `cols`×`rows` with the workdir's environment plus
/// `env`, and returns what the terminal showed (without carriage returns).
#[cfg(unix)]
pub fn in_terminal(
    w: &Workdir,
    cols: u16,
    rows: u16,
    env: &[(&str, &str)],
    args: &[&str],
) -> String {
    let smb = assert_cmd::cargo::cargo_bin("smb");
    let quoted: Vec<String> = args
        .iter()
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    let script = format!(
        "stty cols {cols} rows {rows}; exec '{}' {}",
        smb.display(),
        quoted.join(" ")
    );
    let mut cmd = std::process::Command::new("sh");
    cmd.args(["-c", &script])
        .current_dir(w.path(""))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("SMB_DB", w.db_arg())
        .env("SMB_NOW", &w.now)
        .env("SMB_USER", &w.user)
        .env("HOME", w.path(""))
        .env("TERM", "xterm")
        .env("PAGER", "");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty");
    // rexpect hands back one char per byte: put the UTF-8 back together
    let raw: Vec<u8> = p
        .exp_eof()
        .expect("smb ends")
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    String::from_utf8_lossy(&raw).replace('\r', "")
}

/// Text without ANSI escape sequences (for measuring what a terminal shows).
fn plain(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for d in chars.by_ref() {
                    if d.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// A digital world with a queue of long subjects, a picked case (for `today`) and Dana acting.
fn busy() -> Workdir {
    let mut w = digital();
    w.user = "Dana".to_string();
    for i in 0..6 {
        new_case(
            &w,
            "A1",
            &format!(
                "Customer {i} asks about renewing with more seats and a quote for the next fiscal year, and wants a call"
            ),
            Some(if i % 2 == 0 { "high" } else { "low" }),
        );
    }
    w.ok(&[
        "pick",
        "--next-steps",
        "Send the renewal quote with the extra seats and book a call with the champion",
        "--next-steps-date",
        "2026-03-03",
    ]);
    w.now = "2026-03-09T14:00:00Z".to_string();
    w
}

#[cfg(unix)]
#[test]
fn a_100_column_terminal_gets_no_line_over_100_columns() {
    let w = busy();
    for args in [
        &["queue", "list"][..],
        &["today"],
        &["trigger", "list"],
        &["report", "sla"],
        &["case", "list", "--all-owners"],
    ] {
        let out = plain(&in_terminal(&w, 100, 200, &[], args));
        assert!(out.lines().count() > 2, "{args:?}:\n{out}");
        for line in out.lines() {
            let width = line.chars().count();
            assert!(width <= 100, "{args:?}: {width} columns:\n{line}\n\n{out}");
        }
        // and the wide table is really there: some line uses most of the width
        assert!(
            out.lines().any(|l| l.chars().count() > 60),
            "{args:?}:\n{out}"
        );
    }
}

#[test]
fn piped_tables_are_not_wrapped() {
    let w = busy();
    let out = w.ok(&["queue", "list"]);
    assert!(out.lines().any(|l| l.chars().count() > 100), "{out}");
}

#[cfg(unix)]
#[test]
fn a_long_list_on_a_terminal_goes_through_the_pager_and_never_when_piped() {
    let w = busy();
    let pager = w.create("pager.sh", "#!/bin/sh\necho PAGER-RAN\ncat\n");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pager, std::fs::Permissions::from_mode(0o755)).unwrap();
    let pager = pager.to_str().unwrap();
    // longer than the screen: paged
    let out = in_terminal(&w, 200, 5, &[("PAGER", pager)], &["queue", "list"]);
    assert!(
        out.contains("PAGER-RAN") && out.contains("Customer"),
        "{out}"
    );
    // fits the screen: not paged
    let out = in_terminal(&w, 200, 100, &[("PAGER", pager)], &["queue", "list"]);
    assert!(
        !out.contains("PAGER-RAN") && out.contains("Customer"),
        "{out}"
    );
    // piped: never paged
    let out = w
        .smb(&["queue", "list"])
        .env("PAGER", pager)
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(
        !out.contains("PAGER-RAN") && out.contains("Customer"),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn colour_follows_the_flag_then_no_color_and_clicolor_force_then_the_terminal() {
    let w = busy();
    let esc = |s: &str| s.contains("\u{1b}[");
    // a breached SLA is marked: red on a terminal, and always with a "!" (colour never alone)
    let args = &["queue", "list"];
    let on_tty = in_terminal(&w, 250, 100, &[], args);
    assert!(esc(&on_tty), "{on_tty}");
    assert!(plain(&on_tty).contains("! 2026-"), "{on_tty}");
    let no_color = in_terminal(&w, 250, 100, &[("NO_COLOR", "1")], args);
    assert!(
        !esc(&no_color) && no_color.contains("! 2026-"),
        "{no_color}"
    );
    let dumb = in_terminal(&w, 250, 100, &[("TERM", "dumb")], args);
    assert!(!esc(&dumb), "{dumb}");
    let never = in_terminal(&w, 250, 100, &[], &["--color", "never", "queue", "list"]);
    assert!(!esc(&never), "{never}");
    // --color always beats NO_COLOR
    let always = in_terminal(
        &w,
        250,
        100,
        &[("NO_COLOR", "1")],
        &["--color", "always", "queue", "list"],
    );
    assert!(esc(&always), "{always}");
    // piped: no colour, unless CLICOLOR_FORCE or --color always
    let piped = w.smb(args).env_remove("NO_COLOR").output().unwrap();
    assert!(!esc(&String::from_utf8_lossy(&piped.stdout)));
    let forced = w
        .smb(args)
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(esc(&String::from_utf8_lossy(&forced.stdout)));
    let always = w.ok(&["--color", "always", "queue", "list"]);
    assert!(esc(&always));
}

#[test]
fn limit_cuts_every_format() {
    let w = busy();
    assert_eq!(
        w.json(&["queue", "list", "--limit", "2"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(w.json(&["queue", "list"]).as_array().unwrap().len(), 5);
    let table = w.ok(&["queue", "list", "--limit", "2"]);
    assert!(table.contains("Showing 2 of 5"), "{table}");
    let csv = w.ok(&["--format", "csv", "queue", "list", "--limit", "3"]);
    assert_eq!(csv.lines().count(), 4, "{csv}");
    let all = w.ok(&["queue", "list", "--limit", "5"]);
    assert!(!all.contains("Showing"), "{all}");
}

#[test]
fn quiet_prints_nothing_but_errors() {
    let w = busy();
    let out = w.ok(&[
        "--quiet",
        "case",
        "new",
        "--account",
        "A1",
        "--subject",
        "x",
    ]);
    assert_eq!(out, "");
    assert_eq!(w.ok(&["queue", "list", "-q"]), "");
    let err = w.fails(&["--quiet", "case", "show", "999"], 2);
    assert!(err.contains("unknown case #999"), "{err}");
}

#[test]
fn jsonl_prints_one_object_per_line() {
    let w = busy();
    let out = w.ok(&["--format", "jsonl", "queue", "list"]);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(Value::Array(lines), w.json(&["queue", "list"]));
    // a single object is one line
    let one = w.ok(&["--format", "jsonl", "case", "show", "1"]);
    assert_eq!(one.lines().count(), 1, "{one}");
}

#[test]
fn csv_columns_are_the_json_keys_with_machine_values() {
    let w = busy();
    let json = w.json(&["queue", "list"]);
    let keys: Vec<&str> = json[0]
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
            "created_at",
            "queued_at",
            "sla_due_at"
        ],
        "JSON keys in the documented order"
    );
    let csv = w.ok(&["--format", "csv", "queue", "list"]);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, keys);
    let first = r.records().next().unwrap().unwrap();
    assert_eq!(&first[0], json[0]["id"].to_string());
    assert_eq!(&first[7], ""); // owner: null is empty
    assert_eq!(&first[11], json[0]["sla_due_at"].as_str().unwrap());
    assert!(first[11].ends_with('Z'), "RFC 3339 UTC: {}", &first[11]);
    // a case object: the case's keys, history as JSON text
    let csv = w.ok(&["--format", "csv", "case", "show", "1"]);
    assert!(csv.starts_with("id,account_id,contact_id,"), "{csv}");
}

#[test]
fn a_case_id_may_be_written_with_a_hash() {
    let w = busy();
    assert_eq!(w.json(&["case", "show", "#2"])["id"], 2);
    let err = w.fails(&["case", "show", "#x"], 2);
    assert!(err.contains("not a case id"), "{err}");
    let _ = NOW;
}

#[test]
fn unknown_names_and_values_say_what_was_meant() {
    let w = busy();
    let cases: &[(&[&str], &str)] = &[
        (&["queue", "list", "--queue", "AMRE"], "did you mean AMER"),
        (&["--as", "Danna", "pick"], "did you mean \"Dana\""),
        (
            &["case", "assign", "1", "--to", "Lenna"],
            "did you mean \"Lena\"",
        ),
        (
            &[
                "case",
                "new",
                "--account",
                "A1",
                "--subject",
                "x",
                "--priority",
                "hgh",
            ],
            "did you mean \"High\"",
        ),
        (
            &["case", "update", "1", "--reason", "renewl"],
            "did you mean \"Renewal\"",
        ),
        (
            &["close", "1", "--status", "resolvd", "--action", "x"],
            "did you mean resolved",
        ),
        (
            &[
                "close",
                "1",
                "--status",
                "resolved",
                "--action",
                "answerd question",
            ],
            "did you mean \"Answered Question\"",
        ),
        (
            &["advocate", "add", "X", "--region", "EMAE"],
            "did you mean EMEA",
        ),
        (
            &["case", "list", "--trigger", "manul"],
            "did you mean manual",
        ),
        (&["trigger", "explain", "A7"], "did you mean"),
        (&["report", "sla", "--by", "ownr"], "owner"),
    ];
    for (args, want) in cases {
        let err = w.fails(args, 2);
        assert!(err.contains(want), "{args:?}: {err}");
    }
    // nothing near: no guess, the known values
    let err = w.fails(&["queue", "list", "--queue", "zzzz"], 2);
    assert!(
        !err.contains("did you mean") && err.contains("AMER"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn waiting_for_the_lock_is_said_on_a_terminal_and_not_when_piped() {
    let w = busy();
    if w.is_postgres() {
        return; // SQLite-only: holds SQLite's write lock from a second connection
    }
    let holder = rusqlite::Connection::open(w.db()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let args = ["case", "new", "--account", "A1", "--subject", "x"];
    let out = in_terminal(&w, 200, 50, &[("SMB_BUSY_TIMEOUT", "2")], &args);
    assert!(out.contains("waiting for another process"), "{out}");
    assert!(out.contains("locked"), "{out}");
    let out = w.smb(&args).env("SMB_BUSY_TIMEOUT", "2").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("waiting for another"), "{err}");
    holder.execute_batch("ROLLBACK;").unwrap();
}

/// The subcommand names listed under "Commands:" in `help`.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn help_speaks_the_teams_words() {
    let w = Workdir::new();
    let top = w.ok(&["--help"]);
    let mut pages = vec![top.clone()];
    for c in subcommands(&top) {
        let page = w.ok(&[&c, "--help"]);
        for s in subcommands(&page) {
            pages.push(w.ok(&[&c, &s, "--help"]));
        }
        pages.push(page);
    }
    assert!(pages.len() > 30, "{}", pages.len());
    for p in pages {
        assert!(!p.contains("SPEC") && !p.contains('§'), "{p}");
        // the playbooks are not "the seed"; `smb forecast --seed N` is the random numbers'
        let p = p.replace("--seed", "");
        assert!(!p.to_lowercase().contains("seed"), "{p}");
    }
}

#[test]
fn hints_name_the_real_case_id() {
    let mut w = digital();
    w.user = "Dana".to_string();
    for s in ["a", "b", "c"] {
        new_case(&w, "A1", s, None);
    }
    let next = w.ok(&["queue", "next"]);
    assert!(next.contains("Take it with: smb pick 1"), "{next}");
    // a case routed to Dana (she owns an open case on A1) is not started
    w.ok(&["pick", "--next-steps", "x", "--next-steps-date", "today"]);
    w.ok(&["case", "assign", "2", "--to", "Dana"]);
    let today = w.ok(&["today"]);
    assert!(today.contains("smb pick 2"), "{today}");
    assert!(!today.contains("this case"), "{today}");
}

#[cfg(unix)]
#[test]
fn import_from_standard_input_on_a_terminal_says_it_is_waiting() {
    let w = digital();
    let smb = assert_cmd::cargo::cargo_bin("smb");
    let mut cmd = std::process::Command::new(smb);
    cmd.args(["import", "accounts", "-"])
        .current_dir(w.path(""))
        .env("SMB_DB", w.db_arg())
        .env("SMB_NOW", NOW)
        .env("SMB_USER", "tester")
        .env("TZ", "UTC")
        .env("TERM", "xterm");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty");
    p.exp_string("from standard input").unwrap();
    p.send_line("account_id,account_name,region,carr").unwrap();
    p.send_line("A5,Echo,AMER,5000").unwrap();
    p.send_control('d').unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(rest.contains('1'), "{rest}");
    assert_eq!(w.json(&["tier", "A5"])[0]["account_id"], "A5");
    // piped: no note
    let out = w
        .smb(&["import", "accounts", "-"])
        .write_stdin("account_id,account_name,region,carr\nA6,F,AMER,1\n")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("standard input"));
}
