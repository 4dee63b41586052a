//! `smb case draft` and `smb template list|show|path`: the email of a case's trigger for a
//! touch of the cadence, the team's own template files, and `case log --template`.

use crate::casework::{digital, show};
use crate::support::Workdir;

/// A Referral case on A1 with contact C1 and opportunity O1, picked by Dana; its id.
fn picked_case(w: &Workdir) -> String {
    let c = w.json(&[
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
    ]);
    w.ok(&["--as", "Dana", "pick"]);
    c["id"].as_i64().unwrap().to_string()
}

/// The team's templates folder by default: templates/ beside the config file.
fn team_file(w: &Workdir, key: &str, text: &str) -> std::path::PathBuf {
    std::fs::create_dir_all(w.path(".config/smb/templates")).unwrap();
    w.create(&format!(".config/smb/templates/{key}.txt"), text)
}

#[test]
fn draft_fills_the_merge_fields_for_the_next_touch() {
    let w = digital();
    let id = picked_case(&w);
    let d = w.json(&["--as", "Dana", "case", "draft", &id]);
    assert_eq!(d["case_id"].as_i64().unwrap().to_string(), id);
    assert_eq!(d["template"], "manual");
    assert_eq!(d["touch"], "day1");
    assert_eq!(d["subject"], "Referral: Acme Tools");
    let body = d["body"].as_str().unwrap();
    assert!(body.starts_with("Hi Dana,\n"), "{body}");
    assert!(body.contains("Acme Tools"), "{body}");
    assert!(body.ends_with("Dana\nSMB Advocate"), "{body}");
    let keys: Vec<&String> = d.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["case_id", "template", "touch", "subject", "body"]);
    // the text form: the subject line, a blank line, the body
    let text = w.ok(&["--as", "Dana", "case", "draft", &id, "--touch", "day3"]);
    assert!(
        text.starts_with("Subject: Call notes: Acme Tools, case #"),
        "{text}"
    );
    assert!(
        text.contains("Day 3 call with Dana Whitfield (Acme Tools)"),
        "{text}"
    );
    w.fails(&["case", "draft", &id, "--touch", "day2"], 2);
}

/// SPEC §11.2: `case log ID email --template` records that the draft was sent, and which.
#[test]
fn log_with_template_records_the_sent_draft_in_the_history() {
    let w = digital();
    let id = picked_case(&w);
    w.ok(&["--as", "Dana", "case", "log", &id, "email", "--template"]);
    let last = |w: &Workdir| {
        show(w, id.parse().unwrap())["history"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone()
    };
    let h = last(&w);
    assert_eq!(h["action"], "activity");
    assert_eq!(h["after"], "email");
    assert_eq!(h["note"], "sent the draft of template manual (Day 1 email)");
    // the next draft is the Day 3 call notes; then the Day 5 email, with the user's note
    assert_eq!(w.json(&["case", "draft", &id])["touch"], "day3");
    w.ok(&["--as", "Dana", "case", "log", &id, "call"]);
    assert_eq!(w.json(&["case", "draft", &id])["touch"], "day5");
    w.ok(&[
        "--as",
        "Dana",
        "case",
        "log",
        &id,
        "email",
        "--template",
        "--note",
        "asked for a quote",
    ]);
    assert_eq!(
        last(&w)["note"],
        "sent the draft of template manual (Day 5 email); asked for a quote"
    );
    // without --template, nothing is said of a template
    w.ok(&["--as", "Dana", "case", "log", &id, "email"]);
    assert!(last(&w)["note"].is_null());
    let e = w.fails(&["case", "draft", &id], 2);
    assert!(e.contains("--touch"), "{e}");
}

#[test]
fn a_merge_field_with_no_value_is_refused_unless_allow_missing() {
    let w = digital();
    // no contact on the case
    let c = w.json(&["case", "new", "--account", "A1", "--subject", "Referral"]);
    let id = c["id"].as_i64().unwrap().to_string();
    let e = w.fails(&["case", "draft", &id], 2);
    assert!(
        e.contains("merge field contact_first_name has no value"),
        "{e}"
    );
    assert!(
        e.contains(&format!("smb case update {id} --contact")),
        "{e}"
    );
    assert!(e.contains("--allow-missing"), "{e}");
    let out = w
        .smb(&["case", "draft", &id, "--allow-missing"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Hi [contact_first_name],"), "{text}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("contact_first_name"), "{err}");
}

#[test]
fn a_team_file_overrides_the_built_in_template() {
    let w = digital();
    let id = picked_case(&w);
    let path = w.ok(&["template", "path"]);
    assert_eq!(
        path.trim(),
        w.path(".config/smb/templates").display().to_string()
    );
    let file = team_file(
        &w,
        "manual",
        "Subject: {{ account_name }} and us\n\nHello {{ contact_name }}, {{ advocate_name }} here ({{ touch }}).\n",
    );
    let d = w.json(&["case", "draft", &id, "--touch", "day5"]);
    assert_eq!(d["subject"], "Acme Tools and us");
    assert_eq!(d["body"], "Hello Dana Whitfield, Dana here (day5).");
    let list = w.json(&["template", "list"]);
    let row = |key: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == key)
            .unwrap()
            .clone()
    };
    assert_eq!(row("manual")["source"], "file");
    assert_eq!(row("manual")["path"], file.display().to_string());
    assert_eq!(row("manual")["compiles"], true);
    assert_eq!(row("po_renewal")["source"], "built-in");
    assert_eq!(row("failed_auto_renewal")["source"], "built-in");
    assert_eq!(list.as_array().unwrap().len(), 33);
    let shown = w.ok(&["template", "show", "manual"]);
    assert!(
        shown.starts_with("Subject: {{ account_name }} and us"),
        "{shown}"
    );
    assert!(
        w.ok(&["template", "show", "cadence"])
            .contains("{% block day1 %}")
    );
    let e = w.fails(&["template", "show", "po_renewl"], 2);
    assert!(e.contains("po_renewal"), "{e}");
    // SMB_TEMPLATES names another folder
    let other = w.path("elsewhere");
    std::fs::create_dir_all(&other).unwrap();
    let out = w
        .smb(&["--format", "json", "case", "draft", &id])
        .env("SMB_TEMPLATES", &other)
        .output()
        .unwrap();
    assert!(out.status.success());
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["subject"], "Referral: Acme Tools");
}

#[test]
fn a_broken_team_file_is_refused_with_its_file_and_line() {
    let w = digital();
    let id = picked_case(&w);
    let file = team_file(
        &w,
        "manual",
        "Subject: x\n\nHi {{ contact_name }},\n{% if touch == \"day1\" %}\nno end\n",
    );
    let e = w.fails(&["template", "list"], 2);
    assert!(e.contains(&format!("{} line ", file.display())), "{e}");
    let e = w.fails(&["case", "draft", &id], 2);
    assert!(e.contains(&format!("{} line ", file.display())), "{e}");
    // an unknown merge field, with its line and the near name
    team_file(&w, "manual", "Subject: x\n\nHi {{ contact_nmae }}\n");
    let e = w.fails(&["template", "list"], 2);
    assert!(
        e.contains(&format!(
            "{} line 3: unknown merge field contact_nmae",
            file.display()
        )),
        "{e}"
    );
    assert!(e.contains("contact_name"), "{e}");
    // a file named after no template
    std::fs::remove_file(&file).unwrap();
    team_file(&w, "po_renewl", "x");
    let e = w.fails(&["case", "draft", &id], 2);
    assert!(e.contains("po_renewl.txt"), "{e}");
    assert!(e.contains("po_renewal"), "{e}");
}

#[test]
fn template_list_needs_no_database() {
    let w = Workdir::new();
    let list = w.json(&["template", "list"]);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|r| r["compiles"] == true)
    );
    // The database was not created (on PostgreSQL: the fresh database got no schema).
    if w.is_postgres() {
        assert!(w.fails(&["case", "list"], 1).contains("smb init"));
    } else {
        assert!(!w.db().exists());
    }
}

#[test]
fn pooled_drafts_are_signed_by_the_account_executive() {
    let w = crate::casework::pooled();
    let c = w.json(&[
        "case",
        "new",
        "--account",
        "P1",
        "--subject",
        "Support Ticket",
    ]);
    let id = c["id"].as_i64().unwrap().to_string();
    w.ok(&["--as", "Maya", "pick", &id]);
    let out = w
        .smb(&["--format", "json", "case", "draft", &id, "--allow-missing"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["template"], "support_ticket");
    let body = d["body"].as_str().unwrap();
    assert!(body.ends_with("Maya\nAccount Executive"), "{body}");
    assert!(body.contains("Pine"), "{body}");
}
