//! `smb trigger list|run|explain` (SPEC §3): the fixtures' edge cases end to end, idempotent
//! runs, dry runs, routing, pooled subjects, the fiscal-year roll-over of High Value cases.

use serde_json::Value;

use crate::support::{NOW, Workdir, fixtures};

fn import_fixtures(w: &Workdir, dir: &str, model: &str) {
    w.ok(&["init", "--model", model]);
    let base = fixtures().join(dir);
    for kind in ["accounts", "opportunities", "contacts", "events"] {
        let file = base.join(format!("{kind}.csv"));
        w.ok(&["import", kind, file.to_str().unwrap()]);
    }
}

fn created(run: &Value) -> &Vec<Value> {
    run["created"].as_array().expect("created is an array")
}

/// The created cases of `account`, as (trigger, subject, owner, queue).
fn cases_of<'a>(run: &'a Value, account: &str) -> Vec<&'a Value> {
    created(run)
        .iter()
        .filter(|c| c["account_id"] == account)
        .collect()
}

fn has(run: &Value, account: &str, trigger: &str) -> bool {
    cases_of(run, account)
        .iter()
        .any(|c| c["trigger"] == trigger)
}

/// The first row of `sql` as text columns (both engines; see [`Workdir::sql_row`]).
fn row(w: &Workdir, sql: &str) -> Vec<String> {
    w.sql_row(sql)
        .into_iter()
        .map(|c| c.expect("not NULL"))
        .collect()
}

#[test]
fn list_shows_each_models_catalog() {
    let w = Workdir::new();
    w.ok(&["init", "--model", "digital"]);
    let list = w.json(&["trigger", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 23);
    let eoa = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == "eoa_renewal")
        .unwrap();
    assert_eq!(eoa["category"], "Urgent Renewal & TRX Support");
    assert_eq!(eoa["priority"], "Medium");
    assert!(
        eoa["condition"]
            .as_str()
            .unwrap()
            .contains("more than 25 users")
    );
    let table = w.ok(&["trigger", "list"]);
    assert!(table.contains("digital model: 23 triggers"), "{table}");
    assert!(table.contains("missing_renewal_opp"));

    let p = Workdir::new();
    p.ok(&["init", "--model", "pooled"]);
    let list = p.json(&["trigger", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 15);
    assert!(
        p.ok(&["trigger", "list"])
            .contains("Upcoming EoA Renewal: MM.DD.YYYY")
    );
}

#[test]
fn digital_fixtures_make_the_playbooks_cases_once() {
    let w = Workdir::new();
    import_fixtures(&w, "", "digital");
    let run = w.json(&["trigger", "run"]);
    // The edge table of fixtures/README.md.
    for (account, trigger) in [
        ("ACC-0024", "auto_renew_off"),
        ("ACC-0026", "auto_renew_off"),
        ("ACC-0028", "missing_renewal_opp"),
        ("ACC-0036", "future_high_value"),
        ("ACC-0039", "future_high_value"),
        ("ACC-0041", "po_renewal"),
        ("ACC-0044", "eoa_renewal"),
        ("ACC-0045", "multiyear_renewal"),
        ("ACC-0046", "renewal_with_duo"),
        ("ACC-0047", "renewal_payment_failure"),
        ("ACC-0049", "qsr_payment_failure"),
        ("ACC-0051", "renewal_will_churn"),
        ("ACC-0052", "auto_renewal_due_to_fail"),
        ("ACC-0055", "po_renewal"),
        ("ACC-0057", "multiyear_renewal"),
        ("ACC-0058", "missing_renewal_opp"),
        ("ACC-0002", "high_value_account"),
        ("ACC-0002", "contact_sales_request"),
        ("ACC-0003", "contact_sales_request"),
        ("ACC-0004", "support_ticket"),
        ("ACC-0021", "duo_trial_started"),
        ("ACC-0007", "free_user_limit"),
        ("ACC-0013", "sdr_created"),
        ("ACC-0011", "fo_opp_startup"),
        ("ACC-0022", "hand_raise_pql"),
    ] {
        assert!(has(&run, account, trigger), "{account} {trigger}");
    }
    for (account, trigger) in [
        ("ACC-0025", "auto_renew_off"),
        ("ACC-0027", "auto_renew_off"),
        ("ACC-0029", "missing_renewal_opp"),
        ("ACC-0030", "missing_renewal_opp"),
        ("ACC-0037", "future_high_value"),
        ("ACC-0038", "future_high_value"),
        ("ACC-0040", "future_high_value"),
        ("ACC-0001", "high_value_account"),
        ("ACC-0042", "po_renewal"),
        ("ACC-0043", "eoa_renewal"),
        ("ACC-0048", "renewal_payment_failure"),
        ("ACC-0050", "qsr_payment_failure"),
        ("ACC-0053", "auto_renewal_due_to_fail"),
        ("ACC-0056", "po_renewal"),
        ("ACC-0058", "po_renewal"),
        ("ACC-0006", "customer_mql"),
        ("ACC-0010", "fo_opp"),
        ("ACC-0014", "contact_sales_request"),
        ("ACC-0003", "duo_trial_started"),
    ] {
        assert!(
            !has(&run, account, trigger),
            "{account} {trigger} should not fire"
        );
    }
    // Out of segment: nothing automatic at all.
    for account in [
        "ACC-0009", "ACC-0010", "ACC-0012", "ACC-0014", "ACC-0015", "ACC-0056",
    ] {
        assert!(cases_of(&run, account).is_empty(), "{account}");
    }
    let skipped: Vec<&str> = run["skipped_events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event_id"].as_str().unwrap())
        .collect();
    for e in [
        "EVT-0004", "EVT-0005", "EVT-0011", "EVT-0013", "EVT-0021", "EVT-0038",
    ] {
        assert!(skipped.contains(&e), "{e} skipped: {skipped:?}");
    }

    // The case object: routing, origin, dedup, the first history entry.
    let po = cases_of(&run, "ACC-0041")[0];
    assert_eq!(po["queue"], "AMER");
    assert_eq!(po["owner"], Value::Null);
    assert_eq!(po["origin"], "trigger");
    assert_eq!(po["priority"], "Medium");
    assert_eq!(po["category"], "Urgent Renewal & TRX Support");
    assert_eq!(po["opportunity_id"], "OPP-00001");
    assert_eq!(po["created_by"], "trigger:po_renewal");
    assert_eq!(po["queued_at"], NOW);
    assert_eq!(
        cases_of(&run, "ACC-0008")[0]["queue"],
        "AMER",
        "APAC → AMER"
    );
    assert_eq!(cases_of(&run, "ACC-0004")[0]["queue"], "EMEA");
    let ticket = cases_of(&run, "ACC-0004")
        .into_iter()
        .find(|c| c["trigger"] == "support_ticket")
        .unwrap();
    assert_eq!(ticket["origin"], "event");
    assert_eq!(ticket["contact_id"], "CON-00004", "matched by email");
    assert_eq!(ticket["created_by"], "event:EVT-0006");
    let sdr = cases_of(&run, "ACC-0013")[0];
    assert!(sdr["description"].as_str().unwrap().contains('\n'));

    let id = po["id"].as_i64().unwrap();
    assert_eq!(
        row(
            &w,
            &format!(
                "SELECT actor, action FROM case_history WHERE case_id = {id} ORDER BY id LIMIT 1"
            )
        ),
        ["trigger:po_renewal", "created"]
    );
    let key = row(&w, &format!("SELECT dedup_key FROM cases WHERE id = {id}"));
    assert_eq!(key, ["po_renewal:ACC-0041:OPP-00001:2026-05-01"]);

    // A second run creates nothing; everything that fired already had its case or is gated.
    let first = created(&run).len();
    let again = w.json(&["trigger", "run"]);
    assert!(created(&again).is_empty());
    assert_eq!(
        again["skipped"].as_u64().unwrap(),
        first as u64 + run["skipped"].as_u64().unwrap()
    );
    let total = row(&w, "SELECT count(*) FROM cases");
    assert_eq!(total, [first.to_string()]);
    let table = w.ok(&["trigger", "run"]);
    assert!(table.contains("already had a case"), "{table}");
    assert!(table.contains("Created 0 cases"), "{table}");
}

#[test]
fn pooled_fixtures_subjects_pools_and_upgrade_owner() {
    let w = Workdir::new();
    import_fixtures(&w, "pooled", "pooled");
    // The AE of the Upgrade opportunities (a name with no profile routes nothing: audit.rs).
    w.ok(&["advocate", "add", "Maya Patel", "--region", "AMER"]);
    let run = w.json(&["trigger", "run"]);
    let eoa = cases_of(&run, "ACC-1013")[0];
    assert_eq!(eoa["subject"], "Upcoming EoA Renewal: 04.10.2026");
    assert_eq!(eoa["queue"], "Lena Fischer");
    assert_eq!(eoa["category"], "RT: Reactive Trigger");
    assert_eq!(cases_of(&run, "ACC-1016")[0]["queue"], "Tom Baker");
    for c in cases_of(&run, "ACC-1006") {
        assert_eq!(c["owner"], "Maya Patel", "{c}");
        // Routed to her, the case keeps its account's queue (its SLA clock's region).
        assert_eq!(c["queue"], "AMER", "{c}");
    }
    assert_eq!(cases_of(&run, "ACC-1007")[0]["queue"], "AMER");
    assert!(has(&run, "ACC-1010", "past_due_renewal"));
    assert!(!has(&run, "ACC-1010", "failed_auto_renewal"));
    assert_eq!(
        cases_of(&run, "ACC-1020")[0]["subject"],
        "PRO: New 5* PTE Account"
    );
    assert!(has(&run, "ACC-1021", "new_pte"));
    assert!(!has(&run, "ACC-1022", "new_pte"));
    assert!(has(&run, "ACC-1026", "overage"));
    assert!(has(&run, "ACC-1029", "overage"));
    for a in ["ACC-1027", "ACC-1028", "ACC-1030", "ACC-1031"] {
        assert!(!has(&run, a, "overage"), "{a}");
    }
    assert!(has(&run, "ACC-1032", "underutilization"));
    assert!(!has(&run, "ACC-1033", "underutilization"));
    assert!(!has(&run, "ACC-1034", "underutilization"));
    let hr = cases_of(&run, "ACC-1036");
    assert!(hr.iter().any(|c| c["subject"] == "HR: Hand Raise PQL"));
    assert!(
        hr.iter()
            .any(|c| c["subject"] == "HR: Contact Sales Request")
    );
    assert!(cases_of(&run, "ACC-1035").is_empty(), "EMEA hand raise");
    assert!(
        cases_of(&run, "ACC-1039")
            .iter()
            .all(|c| c["owner"].is_null())
    );
    let reasons = run["skipped_events"].to_string();
    assert!(reasons.contains("EVT-1001") && reasons.contains("AMER accounts only"));
    assert!(reasons.contains("EVT-1004") && reasons.contains("out of segment"));
    assert!(created(&w.json(&["trigger", "run"])).is_empty());
}

#[test]
fn dry_run_writes_nothing() {
    let w = Workdir::new();
    import_fixtures(&w, "", "digital");
    let before = w.state();
    let run = w.json(&["trigger", "run", "--dry-run"]);
    assert!(created(&run).len() > 100);
    assert_eq!(created(&run)[0]["id"], Value::Null);
    assert_eq!(run["dry_run"], true);
    assert!(
        w.ok(&["trigger", "run", "--dry-run"])
            .contains("Dry run: nothing was written.")
    );
    assert_eq!(before, w.state());
    let real = w.json(&["trigger", "run"]);
    assert_eq!(created(&real).len(), created(&run).len());
}

#[test]
fn a_database_without_accounts_says_so() {
    let w = Workdir::new();
    w.ok(&["init"]);
    let out = w.ok(&["trigger", "run"]);
    assert!(out.contains("No accounts"), "{out}");
    let run = w.json(&["trigger", "run"]);
    assert_eq!(run, serde_json::json!({"created": [], "skipped": 0}));
}

#[test]
fn explain_says_why_in_words() {
    let w = Workdir::new();
    import_fixtures(&w, "", "digital");
    let out = w.ok(&["trigger", "explain", "ACC-0042"]);
    assert!(out.contains("po_renewal"), "{out}");
    assert!(out.contains("in 61 days): needs 0 to 60 days"), "{out}");
    let json = w.json(&["trigger", "explain", "ACC-0041"]);
    let triggers = json["triggers"].as_array().unwrap();
    assert_eq!(triggers.len(), 23);
    let po = triggers
        .iter()
        .find(|t| t["trigger"] == "po_renewal")
        .unwrap();
    assert_eq!(po["verdict"], "fires");
    assert_eq!(po["route"]["queue"], "AMER");
    let gated = w.json(&["trigger", "explain", "ACC-0027"]);
    let off = gated["triggers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["trigger"] == "auto_renew_off")
        .unwrap();
    assert_eq!(off["verdict"], "gated");
    assert!(off["reason"].as_str().unwrap().contains("tier 3"));

    w.ok(&["trigger", "run"]);
    let json = w.json(&["trigger", "explain", "ACC-0041"]);
    let po = json["triggers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["trigger"] == "po_renewal")
        .unwrap();
    assert_eq!(po["verdict"], "already");
    assert!(po["case_id"].is_i64());
}

#[test]
fn explain_an_unknown_account_suggests_close_ids() {
    let w = Workdir::new();
    import_fixtures(&w, "", "digital");
    let err = w.fails(&["trigger", "explain", "ACC-004"], 2);
    assert!(err.contains("unknown account \"ACC-004\""), "{err}");
    assert!(err.contains("did you mean ACC-0004,"), "{err}");
    let err = w.fails(&["trigger", "explain", "acc-0041"], 2);
    assert!(err.contains("did you mean ACC-0041"), "{err}");
}

const ACCOUNTS: &str = "account_id,account_name,region,carr,employees,subscription_end_date\n\
    A-1,One,AMER,9000,10,2027-01-01\n\
    A-2,Two,EMEA,500,10,2027-01-01\n";

#[test]
fn a_new_close_date_is_a_new_signal() {
    let w = Workdir::new();
    w.ok(&["init"]);
    let acc = w.create("a.csv", ACCOUNTS);
    w.ok(&["import", "accounts", acc.to_str().unwrap()]);
    let opps = |close: &str| {
        format!(
            "opportunity_id,account_id,type,stage,close_date,po_required\n\
             O-1,A-2,Renewal,1-Discovery,{close},true\n"
        )
    };
    let f = w.create("o.csv", opps("2026-04-01"));
    w.ok(&["import", "opportunities", f.to_str().unwrap()]);
    let run = w.json(&["trigger", "run"]);
    assert!(has(&run, "A-2", "po_renewal"));
    assert!(!has(&w.json(&["trigger", "run"]), "A-2", "po_renewal"));
    let f = w.create("o.csv", opps("2026-04-15"));
    w.ok(&["import", "opportunities", f.to_str().unwrap()]);
    let run = w.json(&["trigger", "run"]);
    assert!(
        has(&run, "A-2", "po_renewal"),
        "a new close date makes a new case"
    );
    assert_eq!(cases_of(&run, "A-2")[0]["queue"], "EMEA");
}

#[test]
fn a_new_fiscal_year_closes_last_years_high_value_case() {
    let mut w = Workdir::new();
    w.now = "2026-01-20T08:00:00Z".to_string(); // FY26
    w.ok(&["init"]);
    let acc = w.create("a.csv", ACCOUNTS);
    w.ok(&["import", "accounts", acc.to_str().unwrap()]);
    let fy26 = w.json(&["trigger", "run"]);
    let old = cases_of(&fy26, "A-1")[0].clone();
    assert_eq!(old["subject"], "High Value Account FY26");
    assert_eq!(old["priority"], "Low");

    w.now = "2026-02-02T08:00:00Z".to_string(); // FY27
    let fy27 = w.json(&["trigger", "run"]);
    let new = cases_of(&fy27, "A-1");
    assert_eq!(new.len(), 1);
    assert_eq!(new[0]["subject"], "High Value Account FY27");
    let old_id = old["id"].as_i64().unwrap();
    assert_eq!(
        row(
            &w,
            &format!("SELECT status, resolution_action, closed_at FROM cases WHERE id = {old_id}")
        ),
        ["Closed - N/A", "No Action Required", "2026-02-02T08:00:00Z"]
    );
    let actor = row(
        &w,
        &format!("SELECT actor FROM case_history WHERE case_id = {old_id} AND action = 'closed'"),
    );
    assert_eq!(actor, ["system"]);
    assert!(created(&w.json(&["trigger", "run"])).is_empty());
}

#[test]
fn an_unmatched_event_goes_to_both_queues() {
    let w = Workdir::new();
    w.ok(&["init"]);
    let acc = w.create("a.csv", ACCOUNTS);
    w.ok(&["import", "accounts", acc.to_str().unwrap()]);
    let ev = w.create(
        "e.csv",
        "event_id,type,occurred_at,account_id,email,description\n\
         E-1,fo_opp,2026-03-01T10:00:00Z,,lead@newco.test,Qualified net-new lead\n\
         E-2,hand_raise_pql,2026-03-05T10:00:00Z,A-2,,Not yet\n",
    );
    w.ok(&["import", "events", ev.to_str().unwrap()]);
    let run = w.json(&["trigger", "run"]);
    let fo = created(&run)
        .iter()
        .find(|c| c["trigger"] == "fo_opp")
        .unwrap();
    assert_eq!(fo["queue"], "AMER,EMEA");
    assert_eq!(fo["account_id"], Value::Null);
    assert_eq!(fo["description"], "Qualified net-new lead");
    assert!(
        !created(&run)
            .iter()
            .any(|c| c["trigger"] == "hand_raise_pql"),
        "an event after --now has not happened yet"
    );
    assert!(created(&w.json(&["trigger", "run"])).is_empty());
}

/// SPEC §3.3 items 4–5 (decision): an inbound event keeps its email as the case's `web_email`;
/// an event without an account is matched like an email (contact, then domain); an
/// event dated after `--now` is listed among the skipped events.
#[test]
fn inbound_events_keep_the_customers_address_and_match_like_email() {
    let w = Workdir::new();
    w.ok(&["init"]);
    let acc = w.create(
        "a.csv",
        "account_id,account_name,region,carr,employees,email_domain\n\
         A-1,One,AMER,9000,10,one.test\n\
         A-2,Two,EMEA,500,10,two.test\n",
    );
    w.ok(&["import", "accounts", acc.to_str().unwrap()]);
    let ev = w.create(
        "e.csv",
        "event_id,type,occurred_at,account_id,email,description\n\
         E-1,contact_sales_request,2026-03-01T10:00:00Z,A-1,Buyer@One.test,Wants a quote\n\
         E-2,hand_raise_pql,2026-03-01T11:00:00Z,,lead@two.test,No account id\n\
         E-3,support_ticket,2026-03-01T12:00:00Z,,someone@ONE.test,No account id\n\
         E-4,hand_raise_pql,2026-03-05T10:00:00Z,A-1,later@one.test,Not yet\n",
    );
    w.ok(&["import", "events", ev.to_str().unwrap()]);
    let run = w.json(&["trigger", "run"]);
    let by_event = |id: &str| {
        created(&run)
            .iter()
            .find(|c| c["created_by"] == format!("event:{id}"))
            .unwrap_or_else(|| panic!("no case from {id}: {run}"))
            .clone()
    };
    assert_eq!(by_event("E-1")["web_email"], "Buyer@One.test");
    let e2 = by_event("E-2");
    assert_eq!(e2["account_id"], "A-2");
    assert_eq!(e2["queue"], "EMEA");
    assert_eq!(e2["web_email"], "lead@two.test");
    let e3 = by_event("E-3");
    assert_eq!(e3["account_id"], "A-1");
    assert_eq!(e3["queue"], "AMER");
    assert_eq!(e3["web_email"], "someone@ONE.test");
    let skipped = run["skipped_events"].to_string();
    assert!(
        skipped.contains("E-4") && skipped.contains("2026-03-05"),
        "{skipped}"
    );
    assert!(created(&run).iter().all(|c| c["created_by"] != "event:E-4"));
}

/// `--format json` and `jsonl` stream the created cases out of a temporary file (issue #16:
/// memory does not grow with the cases created): the output is still exactly the report as
/// one value, pretty-printed or on one line, with every created case once, in creation order.
#[test]
fn a_streamed_json_run_is_the_same_report_as_one_value() {
    for format in ["json", "jsonl"] {
        let w = Workdir::new();
        import_fixtures(&w, "", "digital");
        let text = w.ok(&["--format", format, "trigger", "run", "--dry-run"]);
        let run: Value = serde_json::from_str(&text).unwrap();
        let again = match format {
            "json" => serde_json::to_string_pretty(&run).unwrap(),
            _ => serde_json::to_string(&run).unwrap(),
        };
        assert_eq!(text, format!("{again}\n"), "{format}");
        let made = created(&run).len();
        assert!(made > 1, "{format}: {made} cases");
        let text = w.ok(&["--format", format, "trigger", "run"]);
        let real: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(created(&real).len(), made, "{format}");
        let ids: Vec<i64> = created(&real)
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        assert!(ids.windows(2).all(|p| p[0] < p[1]), "{format}: {ids:?}");
        // Nothing new: the list is empty, the report otherwise whole.
        let text = w.ok(&["--format", format, "trigger", "run"]);
        let none: Value = serde_json::from_str(&text).unwrap();
        assert!(created(&none).is_empty());
        assert!(none["triggers"].as_array().is_some_and(|t| !t.is_empty()));
    }
}
