//! A small world for the case workflow tests: accounts, contacts, opportunities and people,
//! written as CSV into the workdir (independent of `fixtures/`).

use serde_json::Value;

use crate::support::Workdir;

/// digital accounts: A1 tier 1 AMER, A2 EMEA, A3 APAC (AMER queue), A9 out of segment.
pub const DIGITAL_ACCOUNTS: &str = "\
account_id,account_name,region,carr,lam,email_domain
A1,Acme Tools,AMER,8000,5,acme.com
A2,Berliner Bau,EMEA,2000,5,berliner-bau.de
A3,Chennai Soft,APAC,1500,5,chennai-soft.in
A9,Mid Corp,AMER,45000,5,midcorp.com
";

pub const DIGITAL_CONTACTS: &str = "\
contact_id,account_id,email,name
C1,A1,dana.w@acme.com,Dana Whitfield
C2,A2,jonas@berliner-bau.de,Jonas Becker
";

pub const DIGITAL_OPPS: &str = "\
opportunity_id,account_id,type,stage,close_date
O1,A1,Renewal,4-Proposal,2026-05-01
O2,A1,Renewal,Closed Won,2025-05-01
";

/// A digital database with the world above and advocates Dana (AMER) and Lena (EMEA).
pub fn digital() -> Workdir {
    let w = Workdir::new();
    w.ok(&["init", "--model", "digital"]);
    import(&w, "accounts", DIGITAL_ACCOUNTS);
    import(&w, "contacts", DIGITAL_CONTACTS);
    import(&w, "opportunities", DIGITAL_OPPS);
    w.ok(&["advocate", "add", "Dana", "--region", "AMER"]);
    w.ok(&[
        "advocate",
        "add",
        "Lena",
        "--region",
        "EMEA",
        "--languages",
        "de,en",
    ]);
    w
}

/// pooled accounts: P1–P3 AMER (Pooled Sales User), P4 EMEA in Lena Fischer's pool.
pub const POOLED_ACCOUNTS: &str = "\
account_id,account_name,region,carr,customer_type,owner
P1,Pine,AMER,1000,existing,Pooled Sales User
P2,Quill,AMER,1000,existing,Pooled Sales User
P3,Rook,AMER,1000,existing,Pooled Sales User
P4,Stahl,EMEA,1000,existing,Lena Fischer
";

/// A pooled database with AEs Maya and Chris (AMER) and Lena Fischer (EMEA).
pub fn pooled() -> Workdir {
    let w = Workdir::new();
    w.ok(&["init", "--model", "pooled"]);
    import(&w, "accounts", POOLED_ACCOUNTS);
    w.ok(&["advocate", "add", "Maya", "--region", "AMER"]);
    w.ok(&["advocate", "add", "Chris", "--region", "AMER"]);
    w.ok(&["advocate", "add", "Lena Fischer", "--region", "EMEA"]);
    w
}

pub fn import(w: &Workdir, kind: &str, csv: &str) {
    let f = w.create(&format!("{kind}-{}.csv", csv.len()), csv);
    w.ok(&["import", kind, f.to_str().unwrap()]);
}

/// `smb case new --account A --subject S [--priority P]` as `w.user` at `w.now`; the case id.
pub fn new_case(w: &Workdir, account: &str, subject: &str, priority: Option<&str>) -> i64 {
    let mut args = vec!["case", "new", "--account", account, "--subject", subject];
    if let Some(p) = priority {
        args.extend(["--priority", p]);
    }
    w.json(&args)["id"].as_i64().expect("case id")
}

/// `smb --format json case show ID`.
pub fn show(w: &Workdir, id: i64) -> Value {
    w.json(&["case", "show", &id.to_string()])
}

/// The actions of a case's history, in order.
pub fn actions(w: &Workdir, id: i64) -> Vec<String> {
    show(w, id)["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| h["action"].as_str().unwrap().to_string())
        .collect()
}

/// Ids of a JSON array of case objects.
pub fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}
