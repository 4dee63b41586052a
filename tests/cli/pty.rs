//! `smb close ID` on a real terminal: the status and action menus (issue #7).

use crate::support::{NOW, Workdir};

#[cfg(unix)]
#[test]
fn close_asks_with_menus_on_a_terminal() {
    use std::process::Command;
    let w = Workdir::new();
    let a = w.create(
        "a.csv",
        "account_id,account_name,region,carr\nA1,Acme,AMER,5000\n",
    );
    w.ok(&["import", "accounts", a.to_str().unwrap()]);
    w.ok(&["advocate", "add", "tester", "--region", "AMER"]);
    w.ok(&["case", "new", "--account", "A1", "--subject", "Referral"]);
    w.ok(&[
        "pick",
        "--next-steps",
        "call",
        "--next-steps-date",
        "2026-03-03",
    ]);

    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("smb"));
    cmd.args(["close", "1"])
        .current_dir(w.path(""))
        .env("SMB_DB", w.db_arg())
        .env("SMB_NOW", NOW)
        .env("SMB_USER", "tester")
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty");
    p.exp_string("Status").unwrap();
    p.send_line("").unwrap(); // the first: Closed - Resolved
    p.exp_string("Resolution action").unwrap();
    p.send("\x1b[B").unwrap(); // down: Recommended Resource
    p.send("\x1b[B").unwrap(); // down: Transferred To Support
    p.send_line("").unwrap();
    p.exp_string("Close case #1 as Closed - Resolved with Transferred To Support?")
        .unwrap();
    p.send_line("y").unwrap();
    p.exp_eof().unwrap();

    let case = w.json(&["case", "show", "1"]);
    assert_eq!(case["status"], "Closed - Resolved");
    assert_eq!(case["resolution_action"], "Transferred To Support");
}

/// Esc or q on a menu, or "n" at the confirmation, leaves with exit 1, changes nothing, and
/// gives the cursor back (dialoguer hides it while a menu is up).
#[cfg(unix)]
#[test]
fn close_menus_leave_on_esc_or_q_and_change_nothing() {
    use std::process::Command;
    let w = Workdir::new();
    let a = w.create(
        "a.csv",
        "account_id,account_name,region,carr\nA1,Acme,AMER,5000\n",
    );
    w.ok(&["import", "accounts", a.to_str().unwrap()]);
    w.ok(&["advocate", "add", "tester", "--region", "AMER"]);
    w.ok(&["case", "new", "--account", "A1", "--subject", "Referral"]);
    w.ok(&[
        "pick",
        "--next-steps",
        "call",
        "--next-steps-date",
        "2026-03-03",
    ]);
    let before = w.state();
    let run = |keys: &[&str]| {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("smb"));
        cmd.args(["close", "1"])
            .current_dir(w.path(""))
            .env("SMB_DB", w.db_arg())
            .env("SMB_NOW", NOW)
            .env("SMB_USER", "tester")
            .env("TERM", "xterm")
            .env("NO_COLOR", "1");
        let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty");
        p.exp_string("Status").unwrap();
        for k in keys {
            p.send(k).unwrap();
            p.flush().unwrap();
        }
        let rest = p.exp_eof().unwrap();
        let status = p.process().wait().unwrap();
        (rest, status)
    };
    for keys in [&["\x1b"][..], &["q"], &["\r", "q"], &["\r", "\r", "n"]] {
        let (out, status) = run(keys);
        assert!(
            format!("{status:?}").starts_with("Exited(") && format!("{status:?}").ends_with(", 1)"),
            "{keys:?}: {status:?}\n{out}"
        );
        assert!(out.contains("nothing was changed"), "{keys:?}: {out}");
        assert!(
            out.contains("\x1b[?25h"),
            "{keys:?}: the cursor is shown again: {out:?}"
        );
        assert_eq!(w.state(), before, "{keys:?}");
    }
}

#[test]
fn close_without_a_terminal_lists_the_values() {
    let w = Workdir::new();
    let a = w.create(
        "a.csv",
        "account_id,account_name,region,carr\nA1,Acme,AMER,5000\n",
    );
    w.ok(&["import", "accounts", a.to_str().unwrap()]);
    w.ok(&["case", "new", "--account", "A1", "--subject", "Referral"]);
    // an advocate may close a case nobody owns (SPEC §4.3)
    w.ok(&["advocate", "add", "tester", "--region", "AMER"]);
    let err = w.fails(&["close", "1"], 2);
    assert!(
        err.contains("--status") && err.contains("resolved") && err.contains("unresponsive"),
        "{err}"
    );
    let err = w.fails(&["close", "1", "--status", "resolved"], 2);
    assert!(
        err.contains("--action") && err.contains("Answered Question"),
        "{err}"
    );
}
