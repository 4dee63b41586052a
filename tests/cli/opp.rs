//! `smb opp`, `smb close --opp`, `smb export opportunities` and the opportunity gaps of
//! `report hygiene`: opportunities worked from a case (SPEC §11.1), each rule from the command
//! line (both engines: `SMB_TEST_ENGINE=postgres`).

use serde_json::Value;

use crate::casework::{digital, import, new_case, pooled, show};
use crate::support::Workdir;

/// A case on A1 picked by Dana (digital world of `casework`: A1 has renewal O1 open and O2
/// Closed Won).
fn dana_case(w: &Workdir) -> String {
    let id = new_case(w, "A1", "More seats", None);
    w.ok(&["--as", "Dana", "pick", &id.to_string()]);
    id.to_string()
}

fn history_fields(w: &Workdir, id: &str) -> Vec<(String, String, String)> {
    show(w, id.parse().unwrap())["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["action"] == "opportunity")
        .map(|h| {
            let s = |k: &str| h[k].as_str().unwrap_or_default().to_string();
            (s("field"), s("before"), s("after"))
        })
        .collect()
}

fn export(w: &Workdir, args: &[&str]) -> Vec<Vec<String>> {
    let mut a = vec!["export", "opportunities"];
    a.extend_from_slice(args);
    let out = w.ok(&a);
    out.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn an_add_on_is_created_from_the_case_with_the_prior_closed_won_renewal_as_source() {
    let w = digital();
    let case = dana_case(&w);
    let o = w.json(&[
        "--as",
        "Dana",
        "opp",
        "new",
        "--case",
        &case,
        "--type",
        "add-on",
        "--amount",
        "$1,200.50",
        "--close-date",
        "2026-04-30",
    ]);
    assert_eq!(o["opportunity_id"], "SMB-OPP-1");
    assert_eq!(o["account_id"], "A1");
    assert_eq!(o["type"], "Add-On Business");
    assert_eq!(o["stage"], "0-Pending Acceptance");
    assert_eq!(o["amount"], "1200.50");
    assert_eq!(o["owner"], "Dana");
    assert_eq!(o["close_date"], "2026-04-30");
    assert_eq!(o["case_id"], case.parse::<i64>().unwrap());
    assert_eq!(o["source_opportunity_id"], "O2");
    assert_eq!(o["name"], "Acme Tools - Add-On");
    // linked to the case (it had none), in its history
    let c = show(&w, case.parse().unwrap());
    assert_eq!(c["opportunity_id"], "SMB-OPP-1");
    assert_eq!(
        history_fields(&w, &case),
        [("created".into(), String::new(), "SMB-OPP-1".into())]
    );
    // a second one gets the next id; growth needs no source; default close date in 30 days
    let g = w.json(&[
        "--as", "Dana", "opp", "new", "--case", &case, "--type", "growth",
    ]);
    assert_eq!(g["opportunity_id"], "SMB-OPP-2");
    assert_eq!(g["source_opportunity_id"], Value::Null);
    assert_eq!(g["close_date"], "2026-04-01");
    // the case keeps its first link
    assert_eq!(
        show(&w, case.parse().unwrap())["opportunity_id"],
        "SMB-OPP-1"
    );
}

#[test]
fn smb_ids_skip_an_id_the_crm_already_has() {
    let w = digital();
    import(
        &w,
        "opportunities",
        "opportunity_id,account_id,type,stage,close_date\nSMB-OPP-1,A1,Growth,1-Discovery,2026-05-01\n",
    );
    let case = dana_case(&w);
    let o = w.json(&[
        "--as", "Dana", "opp", "new", "--case", &case, "--type", "growth",
    ]);
    assert_eq!(o["opportunity_id"], "SMB-OPP-2");
}

#[test]
fn an_add_on_without_a_closed_won_renewal_is_refused_and_nothing_changes() {
    let w = digital();
    let id = new_case(&w, "A2", "Seats", None).to_string();
    let before = w.state();
    let err = w.fails(
        &[
            "--as", "Lena", "opp", "new", "--case", &id, "--type", "add-on",
        ],
        2,
    );
    assert!(
        err.contains("Closed Won renewal") && err.contains("growth"),
        "{err}"
    );
    assert_eq!(before, w.state());
}

#[test]
fn bad_input_is_refused_with_exit_2_naming_it_and_nothing_changes() {
    let w = digital();
    let case = dana_case(&w);
    w.ok(&[
        "--as", "Dana", "opp", "new", "--case", &case, "--type", "growth",
    ]);
    let before = w.state();
    let cases: [(&[&str], &str); 9] = [
        (
            &["opp", "new", "--case", &case, "--type", "renewal"],
            "unknown opportunity type \"renewal\"",
        ),
        (
            &["opp", "new", "--case", &case, "--type", "grwth"],
            "did you mean growth",
        ),
        (
            &[
                "opp", "new", "--case", &case, "--type", "growth", "--amount", "12.345",
            ],
            "--amount \"12.345\"",
        ),
        (
            &[
                "opp", "new", "--case", &case, "--type", "growth", "--amount", "-5",
            ],
            "not negative",
        ),
        (
            &[
                "opp",
                "new",
                "--case",
                &case,
                "--type",
                "growth",
                "--close-date",
                "03/04/2026",
            ],
            "--close-date",
        ),
        (
            &["opp", "new", "--case", "999", "--type", "growth"],
            "unknown case #999",
        ),
        (
            &["opp", "update", "SMB-OPP-1", "--stage", "discovry"],
            "did you mean 1-Discovery",
        ),
        (
            &["opp", "update", "SMB-OPP-9", "--amount", "5"],
            "did you mean SMB-OPP-1",
        ),
        (&["opp", "show", "smb-opp-l"], "did you mean SMB-OPP-1"),
    ];
    for (args, want) in cases {
        let mut a = vec!["--as", "Dana"];
        a.extend_from_slice(args);
        let err = w.fails(&a, 2);
        assert!(err.contains(want), "{args:?}: {err}");
    }
    assert_eq!(before, w.state());
}

#[test]
fn an_opportunity_of_another_account_is_refused_on_the_case() {
    let w = digital();
    let case = dana_case(&w);
    w.ok(&[
        "--as", "Dana", "opp", "new", "--case", &case, "--type", "growth",
    ]);
    let other = new_case(&w, "A2", "Other", None).to_string();
    let before = w.state();
    let err = w.fails(
        &[
            "--as",
            "Lena",
            "case",
            "update",
            &other,
            "--opportunity",
            "SMB-OPP-1",
        ],
        2,
    );
    assert!(err.contains("SMB-OPP-1") && err.contains("A1"), "{err}");
    assert_eq!(before, w.state());
}

#[test]
fn updates_go_into_the_case_history_and_close_ends_the_opportunity() {
    let w = digital();
    let case = dana_case(&w);
    w.ok(&[
        "--as", "Dana", "opp", "new", "--case", &case, "--type", "growth",
    ]);
    let o = w.json(&[
        "--as",
        "Dana",
        "opp",
        "update",
        "SMB-OPP-1",
        "--stage",
        "4",
        "--amount",
        "900",
        "--renewal-risk",
        "Low",
        "--admin-added",
        "yes",
    ]);
    assert_eq!(o["stage"], "4-Proposal");
    assert_eq!(o["amount"], "900.00");
    assert_eq!(o["renewal_risk"], "Low");
    assert_eq!(o["admin_added"], true);
    let h = history_fields(&w, &case);
    let fields: Vec<&str> = h.iter().map(|(f, _, _)| f.as_str()).collect();
    assert_eq!(
        fields,
        ["created", "renewal_risk", "stage", "amount", "admin_added"]
    );
    assert_eq!(
        h[2],
        (
            "stage".into(),
            "0-Pending Acceptance".into(),
            "4-Proposal".into()
        )
    );
    let c = w.json(&["--as", "Dana", "opp", "close", "SMB-OPP-1", "--won"]);
    assert_eq!(c["stage"], "Closed Won");
    assert_eq!(c["open"], false);
    let err = w.fails(&["--as", "Dana", "opp", "close", "SMB-OPP-1", "--lost"], 2);
    assert!(err.contains("already closed"), "{err}");
    // an update that changes nothing writes nothing
    let n = history_fields(&w, &case).len();
    w.ok(&[
        "--as",
        "Dana",
        "opp",
        "update",
        "SMB-OPP-1",
        "--amount",
        "900",
    ]);
    assert_eq!(history_fields(&w, &case).len(), n);
}

#[test]
fn closing_won_without_a_gitlab_admin_warns() {
    let w = digital();
    let case = dana_case(&w);
    w.ok(&[
        "--as", "Dana", "opp", "new", "--case", &case, "--type", "growth",
    ]);
    let out = w
        .smb(&["--as", "Dana", "opp", "close", "SMB-OPP-1", "--won"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no GitLab admin added"), "{err}");
}

#[test]
fn the_case_owner_the_opportunity_owner_or_a_manager_changes_it() {
    let w = digital();
    w.ok(&[
        "advocate", "add", "Sam", "--region", "AMER", "--role", "manager",
    ]);
    w.ok(&[
        "advocate", "add", "Sol", "--region", "AMER", "--role", "staff",
    ]);
    let case = dana_case(&w);
    // Sam (a manager) creates it: Sam owns the opportunity, Dana the case
    w.ok(&[
        "--as", "Sam", "opp", "new", "--case", &case, "--type", "growth",
    ]);
    let before = w.state();
    for who in ["Lena", "Sol", "Nobody"] {
        let err = w.fails(
            &["--as", who, "opp", "update", "SMB-OPP-1", "--amount", "5"],
            2,
        );
        assert!(
            err.contains("may") && err.contains("SMB-OPP-1") || err.contains("staff"),
            "{who}: {err}"
        );
    }
    let err = w.fails(
        &[
            "--as", "Lena", "opp", "new", "--case", &case, "--type", "growth",
        ],
        2,
    );
    assert!(err.contains("only its owner (Dana)"), "{err}");
    assert_eq!(before, w.state());
    // the case's owner, the opportunity's owner, a manager
    w.ok(&[
        "--as",
        "Dana",
        "opp",
        "update",
        "SMB-OPP-1",
        "--amount",
        "1",
    ]);
    w.ok(&["--as", "Sam", "opp", "update", "SMB-OPP-1", "--amount", "2"]);
    w.ok(&["advocate", "add", "Kim", "--region", "AMER"]);
    w.ok(&["--as", "Sam", "case", "assign", &case, "--to", "Kim"]);
    // Dana no longer owns the case nor the opportunity; Kim owns the case
    let err = w.fails(
        &[
            "--as",
            "Dana",
            "opp",
            "update",
            "SMB-OPP-1",
            "--amount",
            "3",
        ],
        2,
    );
    assert!(err.contains("only the owner of its case (Kim)"), "{err}");
    w.ok(&["--as", "Kim", "opp", "update", "SMB-OPP-1", "--amount", "4"]);
}

#[test]
fn an_opportunity_with_no_case_is_not_changed() {
    let w = digital();
    let before = w.state();
    let err = w.fails(&["--as", "Dana", "opp", "update", "O1", "--amount", "5"], 2);
    assert!(err.contains("not linked to any case"), "{err}");
    assert_eq!(before, w.state());
}

#[test]
fn close_with_opp_won_closes_the_case_and_its_open_opportunities_together() {
    let w = digital();
    let case = dana_case(&w);
    w.ok(&[
        "--as", "Dana", "opp", "new", "--case", &case, "--type", "growth",
    ]);
    let out = w
        .smb(&[
            "--as",
            "Dana",
            "close",
            &case,
            "--status",
            "resolved",
            "--action",
            "Completed Sales Assisted Order",
            "--opp",
            "won",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Opportunity SMB-OPP-1 closed Closed Won"),
        "{stdout}"
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("still open"));
    let o = w.json(&["opp", "show", "SMB-OPP-1"]);
    assert_eq!(o["stage"], "Closed Won");
    let c = show(&w, case.parse().unwrap());
    assert_eq!(c["status"], "Closed - Resolved");
    let h = history_fields(&w, &case);
    assert_eq!(
        h.last().unwrap(),
        &(
            "stage".into(),
            "0-Pending Acceptance".into(),
            "Closed Won".into()
        )
    );
}

#[test]
fn close_with_opp_open_or_without_a_terminal_keeps_the_warning() {
    for flag in [Some("open"), None] {
        let w = digital();
        let case = dana_case(&w);
        w.ok(&[
            "--as", "Dana", "opp", "new", "--case", &case, "--type", "growth",
        ]);
        let mut args = vec![
            "--as",
            "Dana",
            "close",
            &case,
            "--status",
            "resolved",
            "--action",
            "Answered Question",
        ];
        if let Some(f) = flag {
            args.extend(["--opp", f]);
        }
        let out = w.smb(&args).output().unwrap();
        assert!(out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("SMB-OPP-1") && err.contains("still open"),
            "{flag:?}: {err}"
        );
        assert_eq!(
            w.json(&["opp", "show", "SMB-OPP-1"])["stage"],
            "0-Pending Acceptance"
        );
    }
}

#[test]
fn export_then_import_round_trips_and_clears_the_mark() {
    let w = digital();
    let case = dana_case(&w);
    w.ok(&[
        "--as", "Dana", "opp", "new", "--case", &case, "--type", "growth", "--amount", "100",
    ]);
    let rows = export(&w, &[]);
    assert_eq!(rows[0][0], "opportunity_id");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][0], "SMB-OPP-1");
    assert!(w.json(&["opp", "show", "SMB-OPP-1"])["changed_in_smb_at"].is_string());
    // the CRM takes the file and sends it back: it parses, and the mark clears
    let file = w.create("back.csv", w.ok(&["export", "opportunities"]));
    w.ok(&["import", "opportunities", file.to_str().unwrap()]);
    assert_eq!(export(&w, &[]).len(), 1);
    let o = w.json(&["opp", "show", "SMB-OPP-1"]);
    assert_eq!(o["changed_in_smb_at"], Value::Null);
    assert_eq!(o["amount"], "100.00");
    assert_eq!(o["case_id"], case.parse::<i64>().unwrap());
    // changed again in smb: marked again; --changed-since filters by the day of the change
    let mut w = w;
    w.now = "2026-03-05T10:00:00Z".into();
    w.ok(&[
        "--as",
        "Dana",
        "opp",
        "update",
        "SMB-OPP-1",
        "--amount",
        "250",
    ]);
    assert_eq!(export(&w, &["--changed-since", "2026-03-05"]).len(), 2);
    assert_eq!(export(&w, &["--changed-since", "2026-03-06"]).len(), 1);
    // the CRM wins: an import of the same id with its values replaces smb's and clears the mark
    w.ok(&["import", "opportunities", file.to_str().unwrap()]);
    let o = w.json(&["opp", "show", "SMB-OPP-1"]);
    assert_eq!(o["amount"], "100.00");
    assert_eq!(o["changed_in_smb_at"], Value::Null);
    assert_eq!(export(&w, &[]).len(), 1);
}

#[test]
fn a_changed_crm_opportunity_is_exported_until_an_import_carries_it() {
    let w = digital();
    let case = new_case(&w, "A1", "Renewal", None).to_string();
    w.ok(&["--as", "Dana", "pick", &case]);
    w.ok(&[
        "--as",
        "Dana",
        "case",
        "update",
        &case,
        "--opportunity",
        "O1",
    ]);
    w.ok(&[
        "--as",
        "Dana",
        "opp",
        "update",
        "O1",
        "--renewal-risk",
        "Will Churn",
    ]);
    let rows = export(&w, &[]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], "O1");
    assert_eq!(rows[1].last().unwrap(), "Will Churn");
    import(&w, "opportunities", crate::casework::DIGITAL_OPPS);
    assert_eq!(export(&w, &[]).len(), 1);
    // the CRM's value (no risk) won
    assert_eq!(w.json(&["opp", "show", "O1"])["renewal_risk"], Value::Null);
}

/// pooled: 14 active Upgrades owned by Maya (AMER), plus a closed one that does not count.
fn maya_with_upgrades(n: usize) -> Workdir {
    let w = pooled();
    let mut csv = String::from("opportunity_id,account_id,type,stage,close_date,owner,name\n");
    for i in 0..n {
        csv.push_str(&format!(
            "U{i:02},P2,Upgrade,1-Discovery,2026-06-01,Maya,Ultimate Upgrade\n"
        ));
    }
    csv.push_str("UX,P2,Upgrade,Closed Lost,2026-01-01,Maya,Ultimate Upgrade\n");
    import(&w, "opportunities", &csv);
    w
}

#[test]
fn a_pooled_upgrade_is_named_ultimate_upgrade_and_the_fifteenth_is_allowed() {
    let w = maya_with_upgrades(14);
    let case = new_case(&w, "P1", "Wants Ultimate", None).to_string();
    let o = w.json(&[
        "--as", "Maya", "opp", "new", "--case", &case, "--type", "upgrade",
    ]);
    assert_eq!(o["name"], "Ultimate Upgrade");
    assert_eq!(o["type"], "Upgrade");
    assert_eq!(o["owner"], "Maya");
}

#[test]
fn a_sixteenth_active_upgrade_of_an_amer_ae_is_refused_with_the_fifteen_listed() {
    let w = maya_with_upgrades(15);
    let case = new_case(&w, "P1", "Wants Ultimate", None).to_string();
    let before = w.state();
    let err = w.fails(
        &[
            "--as", "Maya", "opp", "new", "--case", &case, "--type", "upgrade",
        ],
        2,
    );
    assert!(err.contains("15 active Upgrade"), "{err}");
    for i in 0..15 {
        assert!(err.contains(&format!("U{i:02} (")), "U{i:02}: {err}");
    }
    assert!(!err.contains("UX ("), "{err}");
    assert_eq!(before, w.state());
    // a Growth is not capped; an EMEA AE is not capped
    w.ok(&[
        "--as", "Maya", "opp", "new", "--case", &case, "--type", "growth",
    ]);
}

#[test]
fn reopening_a_closed_upgrade_counts_against_the_cap() {
    let w = maya_with_upgrades(15);
    let case = new_case(&w, "P2", "Upgrade call", None).to_string();
    w.ok(&[
        "--as",
        "Maya",
        "case",
        "update",
        &case,
        "--opportunity",
        "UX",
    ]);
    let err = w.fails(
        &[
            "--as",
            "Maya",
            "opp",
            "update",
            "UX",
            "--stage",
            "discovery",
        ],
        2,
    );
    assert!(err.contains("15 active Upgrade"), "{err}");
    // one closed, the reopening fits
    let other = new_case(&w, "P2", "Another call", None).to_string();
    w.ok(&[
        "--as",
        "Maya",
        "case",
        "update",
        &other,
        "--opportunity",
        "U00",
    ]);
    w.ok(&["--as", "Maya", "opp", "close", "U00", "--lost"]);
    let o = w.json(&[
        "--as",
        "Maya",
        "opp",
        "update",
        "UX",
        "--stage",
        "discovery",
    ]);
    assert_eq!(o["stage"], "1-Discovery");
}

#[test]
fn opp_list_filters_by_account_owner_and_open() {
    let w = digital();
    let case = dana_case(&w);
    w.ok(&[
        "--as", "Dana", "opp", "new", "--case", &case, "--type", "growth",
    ]);
    let ids = |v: Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|o| o["opportunity_id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(w.json(&["opp", "list", "--account", "A1"])),
        ["O1", "O2", "SMB-OPP-1"]
    );
    assert_eq!(
        ids(w.json(&["opp", "list", "--account", "A1", "--open"])),
        ["O1", "SMB-OPP-1"]
    );
    assert_eq!(
        ids(w.json(&["opp", "list", "--owner", "dana"])),
        ["SMB-OPP-1"]
    );
    let err = w.fails(&["opp", "list", "--owner", "Dnaa"], 2);
    assert!(err.contains("Dana"), "{err}");
    let err = w.fails(&["opp", "list", "--account", "A7"], 2);
    assert!(err.contains("unknown account"), "{err}");
    let csv = w.ok(&["--format", "csv", "opp", "list", "--open"]);
    assert!(
        csv.starts_with("opportunity_id,account_id,name,type,stage,open,close_date"),
        "{csv}"
    );
}

fn gaps(w: &Workdir) -> Vec<(i64, String)> {
    w.json(&["report", "hygiene"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["gap"].as_str().unwrap().starts_with("opportunity_"))
        .map(|g| {
            (
                g["id"].as_i64().unwrap(),
                g["gap"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn hygiene_lists_the_required_10_opportunity_gaps() {
    let mut w = digital();
    let case = dana_case(&w);
    let id: i64 = case.parse().unwrap();
    w.ok(&[
        "--as",
        "Dana",
        "opp",
        "new",
        "--case",
        &case,
        "--type",
        "growth",
        "--close-date",
        "2026-03-10",
    ]);
    assert_eq!(gaps(&w), []);
    // the close date passes on an open opportunity of an open case
    w.now = "2026-03-11T09:00:00Z".into();
    assert_eq!(
        gaps(&w),
        [(id, "opportunity_close_date_passed".to_string())]
    );
    // on the day itself it has not passed
    w.now = "2026-03-10T23:00:00Z".into();
    assert_eq!(gaps(&w), []);
    // a renewal without a renewal risk
    let r = new_case(&w, "A1", "Renewal", None).to_string();
    w.ok(&["--as", "Dana", "pick", &r]);
    w.ok(&["--as", "Dana", "case", "update", &r, "--opportunity", "O1"]);
    let rid: i64 = r.parse().unwrap();
    assert_eq!(gaps(&w), [(rid, "opportunity_no_renewal_risk".to_string())]);
    w.ok(&[
        "--as",
        "Dana",
        "opp",
        "update",
        "O1",
        "--renewal-risk",
        "Low",
    ]);
    assert_eq!(gaps(&w), []);
    // Closed Won without a GitLab admin added on the account, until one is recorded
    w.ok(&["--as", "Dana", "opp", "close", "SMB-OPP-1", "--won"]);
    assert_eq!(gaps(&w), [(id, "opportunity_no_gitlab_admin".to_string())]);
    w.ok(&[
        "--as",
        "Dana",
        "opp",
        "update",
        "O1",
        "--admin-added",
        "yes",
    ]);
    assert_eq!(gaps(&w), []);
}

/// On a terminal, closing a case whose opportunity is open asks: close it won, lost, or leave
/// it open (SPEC §11.1).
#[cfg(unix)]
#[test]
fn close_on_a_terminal_offers_to_close_the_open_opportunity() {
    use std::process::Command;
    let w = digital();
    let case = dana_case(&w);
    w.ok(&[
        "--as", "Dana", "opp", "new", "--case", &case, "--type", "growth",
    ]);
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("smb"));
    cmd.args([
        "close",
        &case,
        "--status",
        "resolved",
        "--action",
        "Answered Question",
    ])
    .current_dir(w.path(""))
    .env("SMB_DB", w.db_arg())
    .env("SMB_NOW", &w.now)
    .env("SMB_USER", "Dana")
    .env("TERM", "xterm")
    .env("NO_COLOR", "1");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty");
    p.exp_string("Opportunity SMB-OPP-1 is still open").unwrap();
    p.send("\x1b[B").unwrap(); // down: close it Closed Lost
    p.send_line("").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(
        w.json(&["opp", "show", "SMB-OPP-1"])["stage"],
        "Closed Lost"
    );
    assert_eq!(
        show(&w, case.parse().unwrap())["status"],
        "Closed - Resolved"
    );
}
