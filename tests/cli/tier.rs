//! `smb tier`: SPEC §1 through the command line, on the fixtures and on edge rows.

use crate::support::{Workdir, fixtures};

/// A fresh database of the model with the fixtures' accounts imported.
pub(crate) fn with_fixtures(model: &str) -> Workdir {
    let w = Workdir::new();
    w.ok(&["init", "--model", model]);
    let dir = if model == "pooled" {
        fixtures().join("pooled")
    } else {
        fixtures()
    };
    w.ok(&[
        "import",
        "accounts",
        dir.join("accounts.csv").to_str().unwrap(),
    ]);
    w
}

#[test]
fn json_shape_of_spec_7_3() {
    let w = with_fixtures("digital");
    let all = w.json(&["tier"]);
    let arr = all.as_array().unwrap();
    assert!(arr.len() >= 300);
    for t in arr {
        for key in ["account_id", "tier", "in_segment", "reason"] {
            assert!(t.get(key).is_some(), "missing {key} in {t}");
        }
        assert!(t["in_segment"].is_boolean());
        assert!(t["tier"].is_null() || [1, 2, 3].contains(&t["tier"].as_i64().unwrap()));
        assert_eq!(t["tier"].is_null(), !t["in_segment"].as_bool().unwrap());
    }
}

/// The fixture generator wrote down the tier it meant for every account, from the spec's
/// table; smb must agree on every one.
#[test]
fn fixture_tiers_match_the_spec_table() {
    let w = with_fixtures("digital");
    let got = w.json(&["tier"]);
    let expected = std::fs::read_to_string(fixtures().join("expected-tiers.csv")).unwrap();
    let mut checked = 0;
    for line in expected.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let t = got
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["account_id"] == f[0])
            .unwrap();
        assert_eq!(t["in_segment"].to_string(), f[1], "{line}: {t}");
        let want_tier = if f[2].is_empty() { "null" } else { f[2] };
        assert_eq!(t["tier"].to_string(), want_tier, "{line}: {t}");
        checked += 1;
    }
    assert!(checked >= 300);
}

#[test]
fn pooled_fixture_segments_match() {
    let w = with_fixtures("pooled");
    let got = w.json(&["tier"]);
    let expected = std::fs::read_to_string(fixtures().join("pooled/expected-segment.csv")).unwrap();
    for line in expected.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let t = got
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["account_id"] == f[0])
            .unwrap();
        assert_eq!(t["in_segment"].to_string(), f[1], "{line}: {t}");
        assert!(t["tier"].is_null(), "pooled has no tiers");
    }
}

#[test]
fn boundaries_and_reasons() {
    let w = Workdir::new();
    let f = w.create(
        "a.csv",
        "account_id,account_name,region,carr,lam,employees,has_ultimate,country\n\
         T1,a,AMER,7000.01,,,,\n\
         T2,b,AMER,7000.00,,,,\n\
         T3,c,AMER,1000.00,10,,,\n\
         T4,d,AMER,500.00,11,,,\n\
         OUT1,e,EMEA,31200,,,,\n\
         OUT2,f,EMEA,10,,101,,\n\
         OUT3,g,EMEA,10,,,yes,\n\
         OUT4,h,APAC,10,,,,Japan\n\
         IN1,i,APAC,29999.99,,100,,Japanese Samoa\n",
    );
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    let got = w.json(&["tier"]);
    let get = |id: &str| {
        got.as_array()
            .unwrap()
            .iter()
            .find(|t| t["account_id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(get("T1")["tier"], 1);
    assert_eq!(get("T2")["tier"], 2);
    assert_eq!(get("T3")["tier"], 3);
    assert_eq!(get("T4")["tier"], 2);
    assert_eq!(
        get("OUT1")["reason"],
        "cARR $31,200.00 >= $30,000: Mid-Market"
    );
    assert!(
        get("OUT2")["reason"]
            .as_str()
            .unwrap()
            .contains("employees 101")
    );
    assert!(get("OUT3")["reason"].as_str().unwrap().contains("Ultimate"));
    assert!(get("OUT4")["reason"].as_str().unwrap().contains("Japan"));
    assert_eq!(get("IN1")["tier"], 1);
}

#[test]
fn explain_says_unknown_employees_count_as_in_range() {
    let w = Workdir::new();
    let f = w.create(
        "a.csv",
        "account_id,account_name,region,carr\nA1,a,AMER,50\n",
    );
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    let out = w.ok(&["tier", "A1", "--explain"]);
    assert!(
        out.contains("employees unknown: counted as in range"),
        "{out}"
    );
    let j = w.json(&["tier", "A1", "--explain"]);
    assert!(
        j[0]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c.as_str().unwrap().contains("LAM unknown"))
    );
}

#[test]
fn moving_to_mid_market_at_the_next_fiscal_quarter() {
    let mut w = Workdir::new();
    let f = w.create(
        "a.csv",
        "account_id,account_name,region,carr\nA1,a,AMER,25000\n",
    );
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    w.now = "2026-03-09".into();
    let f = w.create(
        "a.csv",
        "account_id,account_name,region,carr\nA1,a,AMER,31200\n",
    );
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    let t = w.json(&["tier", "A1"]);
    assert_eq!(t[0]["in_segment"], true);
    assert_eq!(t[0]["mid_market_on"], "2026-05-01");
    assert!(
        t[0]["reason"]
            .as_str()
            .unwrap()
            .contains("moving to Mid-Market on 2026-05-01")
    );
    w.now = "2026-05-01".into();
    let t = w.json(&["tier", "A1"]);
    assert_eq!(t[0]["in_segment"], false);
    assert!(t[0]["tier"].is_null());
}

#[test]
fn summary_counts_per_region_and_tier() {
    let w = Workdir::new();
    let f = w.create(
        "a.csv",
        "account_id,account_name,region,carr\nA,a,AMER,8000\nB,b,APAC,2000\nC,c,EMEA,10\nD,d,EMEA,40000\nE,e,EMEA,9000\n",
    );
    w.ok(&["import", "accounts", f.to_str().unwrap()]);
    let s = w.json(&["tier", "--summary"]);
    let row = |r: &str| {
        s.as_array()
            .unwrap()
            .iter()
            .find(|x| x["region"] == r)
            .unwrap()
            .clone()
    };
    assert_eq!(row("AMER")["tier_1"], 1);
    assert_eq!(row("APAC")["tier_2"], 1);
    assert_eq!(row("EMEA")["tier_1"], 1);
    assert_eq!(row("EMEA")["tier_3"], 1);
    assert_eq!(row("EMEA")["out_of_segment"], 1);
    assert_eq!(row("total")["total"], 5);
    let csv = w.ok(&["--format", "csv", "tier", "--summary"]);
    assert!(
        csv.starts_with("region,tier_1,tier_2,tier_3,out_of_segment,total\n"),
        "{csv}"
    );
}

#[test]
fn unknown_account_suggests_near_ids() {
    let w = with_fixtures("digital");
    let err = w.fails(&["tier", "ACC-00O1"], 2);
    assert!(
        err.contains("unknown account") && err.contains("did you mean") && err.contains("ACC-00"),
        "{err}"
    );
}
