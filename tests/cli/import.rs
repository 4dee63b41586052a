//! `smb import`: every value form, every bad input of issue #2, all-or-nothing, re-import,
//! change tracking.

use crate::support::{Workdir, fixtures};

const HEADER: &str = "account_id,account_name,region,carr,employees,lam,pte,ptc,auto_renew,subscription_end_date,has_ultimate";

fn accounts(w: &Workdir, rows: &[&str]) -> std::path::PathBuf {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    w.create("accounts.csv", s)
}

/// A database with one good account, to check that failures leave it byte-for-byte alone.
fn seeded() -> Workdir {
    let w = Workdir::new();
    let f = accounts(&w, &["A0,Seed Co,AMER,100,5,1,3,3,true,2026-06-01,false"]);
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    w
}

/// Runs a failing import and checks exit 2, that every expected fragment is in the message,
/// and that the database file did not change.
fn refused(w: &Workdir, args: &[&str], fragments: &[&str]) -> String {
    let before = w.state();
    let err = w.fails(args, 2);
    for f in fragments {
        assert!(err.contains(f), "expected {f:?} in:\n{err}");
    }
    assert_eq!(
        before,
        w.state(),
        "the database changed after a refused import"
    );
    err
}

fn refused_row(row: &str, fragments: &[&str]) {
    let w = seeded();
    let f = accounts(&w, &["A1,Good Co,EMEA,200,5,1,3,3,yes,2026-06-01,no", row]);
    let mut all = vec!["accounts.csv", "line 3"];
    all.extend_from_slice(fragments);
    refused(&w, &["import", "accounts", f.to_str().unwrap()], &all);
}

#[test]
fn imports_every_value_form_and_aliases() {
    let w = Workdir::new();
    let f = w.create(
        "sf.csv",
        "\u{feff}Account ID,Account Name,Region,cARR,Number of Employees,LAM,Has Ultimate,Auto Renew,Subscription End Date\n\
         A1,\"Acme, Inc.\",amer,\"$12,345.67\",10,3,no,Y,2026-05-01\n\
         A2,\"Multi\nLine Ltd\",Emea,\"USD 1,000.00\",,11,0,n,05/01/2026\n\
         A3,Plain,APAC,7000.01,100,,false,1,\n",
    );
    let out = w.ok(&["import", "accounts", f.to_str().unwrap()]);
    assert!(out.contains("3 inserted"), "{out}");
    let tiers = w.json(&["tier"]);
    let by_id = |id: &str| {
        tiers
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["account_id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(by_id("A1")["carr"], "12345.67");
    assert_eq!(by_id("A1")["name"], "Acme, Inc.");
    assert_eq!(by_id("A1")["region"], "AMER");
    assert_eq!(by_id("A2")["name"], "Multi\nLine Ltd");
    assert_eq!(by_id("A2")["carr"], "1000.00");
    assert_eq!(by_id("A2")["tier"], 2, "LAM 11 > 10");
    assert_eq!(by_id("A3")["tier"], 1);
}

#[test]
fn header_only_imports_nothing_and_says_so() {
    let w = Workdir::new();
    let f = w.create("h.csv", format!("{HEADER}\n"));
    let out = w
        .smb(&["import", "accounts", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing imported"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 rows"));
}

#[test]
fn unknown_columns_are_ignored_with_one_warning() {
    let w = Workdir::new();
    let f = w.create("u.csv", "account_id,account_name,region,carr,Favourite Colour,Shoe Size\nA1,X,AMER,1,red,9\nA2,Y,AMER,1,blue,10\n");
    let out = w
        .smb(&["import", "accounts", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("warning").count(), 1, "{err}");
    assert!(
        err.contains("Favourite Colour") && err.contains("Shoe Size"),
        "{err}"
    );
}

#[test]
fn empty_file_is_refused() {
    let w = seeded();
    let f = w.create("empty.csv", "");
    refused(
        &w,
        &["import", "accounts", f.to_str().unwrap()],
        &["empty.csv", "empty", "account_id"],
    );
}

#[test]
fn missing_required_column_names_it_and_its_aliases() {
    let w = seeded();
    let f = w.create("m.csv", "account_id,account_name,region\nA1,X,AMER\n");
    refused(
        &w,
        &["import", "accounts", f.to_str().unwrap()],
        &["m.csv", "line 1", "carr", "cARR", "Current ARR"],
    );
}

#[test]
fn duplicate_key_within_a_file() {
    let w = seeded();
    let f = accounts(
        &w,
        &[
            "A1,X,AMER,1,,,,,,,",
            "A2,Y,AMER,1,,,,,,,",
            "A1,Z,AMER,1,,,,,,,",
        ],
    );
    refused(
        &w,
        &["import", "accounts", f.to_str().unwrap()],
        &["line 4", "account_id", "\"A1\"", "line 2"],
    );
}

/// A key is the same key whatever whitespace surrounds it, Unicode included: `A1` and `A1`
/// followed by a no-break space are one account given twice (they were stored as one, the
/// second silently over the first, and counted as two inserted).
#[test]
fn duplicate_key_within_a_file_ignores_unicode_whitespace_around_it() {
    let w = seeded();
    let f = accounts(
        &w,
        &[
            "A1,X,AMER,1,,,,,,,",
            "A2,Y,AMER,1,,,,,,,",
            "\u{a0}A1\u{2003},Z,AMER,1,,,,,,,",
        ],
    );
    refused(
        &w,
        &["import", "accounts", f.to_str().unwrap()],
        &["line 4", "account_id", "line 2"],
    );
}

#[test]
fn bad_money() {
    refused_row(
        "A2,X,AMER,12.345,,,,,,,",
        &["column carr", "\"12.345\"", "12345.67"],
    );
    refused_row("A2,X,AMER,lots,,,,,,,", &["column carr", "\"lots\""]);
}

#[test]
fn bad_boolean() {
    refused_row(
        "A2,X,AMER,1,,,,,maybe,,",
        &["column auto_renew", "\"maybe\"", "yes/no"],
    );
}

#[test]
fn bad_date() {
    refused_row(
        "A2,X,AMER,1,,,,,,2026-13-01,",
        &[
            "column subscription_end_date",
            "\"2026-13-01\"",
            "YYYY-MM-DD",
        ],
    );
    refused_row(
        "A2,X,AMER,1,,,,,,01.05.2026,",
        &["\"01.05.2026\"", "MM/DD/YYYY"],
    );
}

#[test]
fn bad_integer() {
    refused_row(
        "A2,X,AMER,1,ten,,,,,,",
        &["column employees", "\"ten\"", "whole number"],
    );
}

#[test]
fn bad_region() {
    refused_row(
        "A2,X,LATAM,1,,,,,,,",
        &["column region", "\"LATAM\"", "AMER, APAC or EMEA"],
    );
}

#[test]
fn pte_and_ptc_outside_one_to_five() {
    refused_row("A2,X,AMER,1,,,6,,,,", &["column pte", "\"6\"", "1 to 5"]);
    refused_row("A2,X,AMER,1,,,,0,,,", &["column ptc", "\"0\"", "1 to 5"]);
}

#[test]
fn negative_carr_employees_lam() {
    refused_row(
        "A2,X,AMER,-5.00,,,,,,,",
        &["column carr", "\"-5.00\"", "non-negative"],
    );
    refused_row(
        "A2,X,AMER,1,-1,,,,,,",
        &["column employees", "\"-1\"", "0 or more"],
    );
    refused_row(
        "A2,X,AMER,1,,-3,,,,,",
        &["column lam", "\"-3\"", "0 or more"],
    );
}

#[test]
fn bytes_that_are_not_utf8() {
    let w = seeded();
    let mut bytes = format!("{HEADER}\nA1,Good,AMER,1,,,,,,,\nA2,").into_bytes();
    bytes.extend_from_slice(b"M\xfcller GmbH,EMEA,1,,,,,,,\n");
    let f = w.create("latin1.csv", bytes);
    refused(
        &w,
        &["import", "accounts", f.to_str().unwrap()],
        &["latin1.csv", "line 3", "account_name", "UTF-8"],
    );
}

#[test]
fn semicolon_separated_file() {
    let w = seeded();
    let f = w.create(
        "semi.csv",
        "account_id;account_name;region;carr\nA1;X;AMER;1\n",
    );
    refused(
        &w,
        &["import", "accounts", f.to_str().unwrap()],
        &["semi.csv", "line 1", "semicolon", "comma"],
    );
}

#[test]
fn rows_with_too_many_or_too_few_fields() {
    refused_row(
        "A2,X,AMER,1,,,,,,,,extra",
        &["found 12", "expected 11 fields as in the header"],
    );
    refused_row(
        "A2,X,AMER",
        &["found 3", "expected 11 fields as in the header"],
    );
}

#[test]
fn opportunity_or_contact_for_a_missing_account() {
    let w = seeded();
    let o = w.create("o.csv", "opportunity_id,account_id,type,stage,close_date\nO1,A0,Renewal,1-Discovery,2026-04-01\nO2,NOPE,Renewal,1-Discovery,2026-04-01\n");
    refused(
        &w,
        &["import", "opportunities", o.to_str().unwrap()],
        &[
            "o.csv",
            "line 3",
            "account_id",
            "\"NOPE\"",
            "import accounts first",
        ],
    );
    let c = w.create("c.csv", "contact_id,account_id,email\nC1,GHOST,a@b.com\n");
    refused(
        &w,
        &["import", "contacts", c.to_str().unwrap()],
        &["c.csv", "line 2", "\"GHOST\""],
    );
}

#[test]
fn skip_invalid_imports_good_rows_and_writes_rejects() {
    let w = Workdir::new();
    let f = accounts(
        &w,
        &[
            "A1,Good,AMER,1,,,,,,,",
            "A2,Bad,AMER,oops,,,,,,,",
            "A3,Good too,EMEA,2,,,,,,,",
        ],
    );
    let rejects = w.path("rejects.csv");
    let out = w.json(&[
        "import",
        "accounts",
        f.to_str().unwrap(),
        "--skip-invalid",
        "--rejects",
        rejects.to_str().unwrap(),
    ]);
    assert_eq!(out["inserted"], 2);
    assert_eq!(out["rejected"], 1);
    let text = std::fs::read_to_string(&rejects).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].ends_with(",error"));
    assert!(
        lines[1].starts_with("A2,Bad,AMER,oops") && lines[1].contains("line 3"),
        "{text}"
    );
    // --skip-invalid needs --rejects
    w.fails(
        &["import", "accounts", f.to_str().unwrap(), "--skip-invalid"],
        2,
    );
}

#[test]
fn reimporting_the_same_export_changes_nothing() {
    let w = Workdir::new();
    for kind in ["accounts", "opportunities", "contacts", "events"] {
        w.ok(&[
            "import",
            kind,
            fixtures().join(format!("{kind}.csv")).to_str().unwrap(),
        ]);
    }
    let before = w.state();
    for kind in ["accounts", "opportunities", "contacts", "events"] {
        let out = w.json(&[
            "import",
            kind,
            fixtures().join(format!("{kind}.csv")).to_str().unwrap(),
        ]);
        assert_eq!(out["inserted"], 0, "{kind}");
        assert_eq!(out["updated"], 0, "{kind}");
        assert_eq!(out["unchanged"], out["rows"], "{kind}");
    }
    assert_eq!(before, w.state(), "a re-import wrote to the database");
}

#[test]
fn reads_standard_input() {
    let w = Workdir::new();
    let out = w
        .smb(&["--format", "json", "import", "accounts", "-"])
        .write_stdin(format!("{HEADER}\nA1,X,AMER,1,,,,,,,\n"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["file"], "<stdin>");
    assert_eq!(v["inserted"], 1);
}

#[test]
fn change_tracking_across_two_imports() {
    let mut w = Workdir::new();
    let f = accounts(&w, &["A1,X,AMER,5000,,,3,3,true,,"]);
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    w.now = "2026-03-09T06:00:00Z".into();
    let f = accounts(&w, &["A1,X,AMER,8000,,,5,3,false,,"]);
    let out = w.json(&["import", "accounts", f.to_str().unwrap()]);
    assert_eq!(out["updated"], 1);
    let row = w.sql_row(
        "SELECT auto_renew_changed_at, pte_updated_at, ptc_updated_at, tier_changed_at FROM accounts WHERE account_id = 'A1'",
    );
    let [ar, pte, ptc, tier] = <[Option<String>; 4]>::try_from(row).unwrap();
    assert_eq!(ar.as_deref(), Some("2026-03-09"));
    assert_eq!(pte.as_deref(), Some("2026-03-09"));
    assert_eq!(ptc, None, "PTC did not change");
    assert_eq!(tier.as_deref(), Some("2026-03-09"), "tier 2 -> 1");
}

#[test]
fn explicit_change_date_in_the_export_wins() {
    let mut w = Workdir::new();
    let f = w.create(
        "a.csv",
        "account_id,account_name,region,carr,auto_renew,auto_renew_changed_at\nA1,X,AMER,1,true,\n",
    );
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    w.now = "2026-03-09".into();
    let f = w.create("a.csv", "account_id,account_name,region,carr,auto_renew,auto_renew_changed_at\nA1,X,AMER,1,false,2026-02-20\n");
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    let d = w.sql_row("SELECT auto_renew_changed_at FROM accounts");
    assert_eq!(d, [Some("2026-02-20".to_string())]);
}

#[test]
fn events_need_a_known_type() {
    let w = seeded();
    let f = w.create("e.csv", "event_id,type,occurred_at,account_id\nE1,Hand Raise PQL,2026-03-01T10:00:00Z,A0\nE2,webinar,2026-03-01,A0\n");
    refused(
        &w,
        &["import", "events", f.to_str().unwrap()],
        &[
            "e.csv",
            "line 3",
            "column type",
            "\"webinar\"",
            "hand_raise_pql",
        ],
    );
}

#[test]
fn same_values_in_another_form_or_column_order_are_unchanged() {
    let w = Workdir::new();
    let a = w.create(
        "a.csv",
        "account_id,account_name,region,carr,auto_renew\nA1,X,AMER,7000,true\nA2,Y,EMEA,10,false\n",
    );
    w.ok(&["import", "accounts", a.to_str().unwrap()]);
    let b = w.create("b.csv", "Region,cARR,Account ID,Account Name,Auto Renew\nemea,$10.00,A2,Y,no\nAMER,\"USD 7,000\",A1,X,yes\n");
    let out = w.json(&["import", "accounts", b.to_str().unwrap()]);
    assert_eq!(out["unchanged"], 2, "{out}");
    assert_eq!(out["updated"], 0, "{out}");
    let c = w.create(
        "c.csv",
        "account_id,account_name,region,carr,auto_renew\nA1,X,AMER,7000,true\nA2,Y,EMEA,11,false\n",
    );
    let out = w.json(&["import", "accounts", c.to_str().unwrap()]);
    assert_eq!(out["unchanged"], 1, "{out}");
    assert_eq!(out["updated"], 1, "{out}");
}

/// SPEC §8 (decision): closed vocabularies accept the forms exports use, ignoring case,
/// spaces and hyphens, are stored in one form, and refuse anything else (exit 2).
#[test]
fn deployment_and_customer_type_take_the_forms_exports_use() {
    let w = Workdir::new();
    w.ok(&["init", "--model", "pooled"]);
    let f = w.create(
        "a.csv",
        "account_id,account_name,region,carr,deployment,customer_type\n\
         D1,One,AMER,100,GitLab.com,renewal\n\
         D2,Two,AMER,100,Dedicated,Existing Customer\n\
         D3,Three,AMER,100,SM,prospect\n\
         D4,Four,AMER,100,self managed,New Business\n\
         D5,Five,AMER,100,.com,customer\n",
    );
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    // As stored (both engines store the one form `CustomerType::as_str` gives).
    let got: Vec<(String, String)> = ["D1", "D2", "D3", "D4", "D5"]
        .iter()
        .map(|id| {
            // The id is one of the constants above.
            let r = w.sql_row(&format!(
                "SELECT deployment, customer_type FROM accounts WHERE account_id = '{id}'"
            ));
            (
                r[0].clone().unwrap_or_default(),
                r[1].clone().unwrap_or_default(),
            )
        })
        .collect();
    let want = [
        ("SaaS", "existing"),
        ("SaaS", "existing"),
        ("Self-Managed", "new"),
        ("Self-Managed", "new"),
        ("SaaS", "existing"),
    ];
    assert_eq!(
        got,
        want.iter()
            .map(|(d, c)| (d.to_string(), c.to_string()))
            .collect::<Vec<_>>()
    );
    for (bad, column) in [
        ("Cloud", "deployment"),
        ("partner", "customer_type"),
        ("current", "customer_type"),
    ] {
        let row = if column == "deployment" {
            format!("X1,X,AMER,100,{bad},new\n")
        } else {
            format!("X1,X,AMER,100,SaaS,{bad}\n")
        };
        let f = w.create(
            "bad.csv",
            format!("account_id,account_name,region,carr,deployment,customer_type\n{row}"),
        );
        let err = w.fails(&["import", "accounts", f.to_str().unwrap()], 2);
        assert!(err.contains(column) && err.contains(bad), "{err}");
    }
}

/// A re-import that changes an account keeps every other column as the export gives it: on
/// PostgreSQL the changed rows are decoded from a joined row at an offset, and `customer_type`
/// and `overage` were read from the wrong columns (`overage` took `seats`).
#[test]
fn a_changed_account_keeps_its_customer_type_and_overage() {
    let w = Workdir::new();
    let export = |carr: &str| {
        format!(
            "account_id,account_name,region,carr,customer_type,seats,overage_amount,deployment,email_domain\n\
             A1,One,AMER,{carr},existing,10,500,SaaS,one.example\n"
        )
    };
    let f = w.create("a.csv", export("100"));
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    let f = w.create("a.csv", export("200"));
    let out = w.ok(&["import", "accounts", f.to_str().unwrap()]);
    assert!(out.contains("1 updated"), "{out}");
    let row = w.sql_row(
        "SELECT carr_cents, customer_type, overage_cents, seats, deployment, email_domain \
         FROM accounts WHERE account_id = 'A1'",
    );
    let want = ["20000", "existing", "50000", "10", "SaaS", "one.example"];
    assert_eq!(
        row,
        want.iter().map(|v| Some(v.to_string())).collect::<Vec<_>>()
    );
}
