//! `smb report picks` (SPEC §12): pick discipline per person on a constructed history whose
//! answer is known: head picks, a forced pick and its reason, a transfer at pick, a pick of a
//! case already one's own, the hours waited.

use serde_json::{Value, json};

use crate::casework::{digital, new_case, pooled};

fn line<'a>(report: &'a Value, person: &str) -> &'a Value {
    report
        .as_array()
        .expect("an array")
        .iter()
        .find(|l| l["person"] == person)
        .unwrap_or_else(|| panic!("no line for {person}: {report}"))
}

#[test]
fn head_and_forced_picks_per_person_with_their_reasons_and_waits() {
    let mut w = digital();
    w.ok(&["advocate", "add", "Ari", "--region", "AMER"]);
    let high = new_case(&w, "A3", "Referral", None);
    let _low = new_case(&w, "A1", "Referral", Some("low"));
    let other = new_case(&w, "A1", "Pricing", Some("low"));
    w.now = "2026-03-02T15:00:00Z".into();
    assert_eq!(w.json(&["--as", "Dana", "pick"])["id"], high);
    w.now = "2026-03-02T17:30:00Z".into();
    w.ok(&[
        "--as",
        "Dana",
        "pick",
        &other.to_string(),
        "--force",
        "--reason",
        "customer asked for Dana",
    ]);
    w.now = "2026-03-02T20:00:00Z".into();
    w.ok(&["--as", "Ari", "pick"]);

    let r = w.json(&["report", "picks"]);
    assert_eq!(r.as_array().unwrap().len(), 2, "{r}");
    let dana = line(&r, "Dana");
    assert_eq!(
        (
            &dana["head"],
            &dana["forced"],
            &dana["own"],
            &dana["transfers"]
        ),
        (&json!(1), &json!(1), &json!(0), &json!(0))
    );
    assert_eq!(
        dana["forced_reasons"],
        json!([{"case_id": other, "reason": "customer asked for Dana"}])
    );
    // waits 1 h and 3.5 h: nearest-rank median 1, p90 3.5
    assert_eq!(dana["median_wait_hours"], 1.0);
    assert_eq!(dana["p90_wait_hours"], 3.5);
    let ari = line(&r, "Ari");
    assert_eq!((&ari["head"], &ari["forced"]), (&json!(1), &json!(0)));
    assert_eq!(ari["median_wait_hours"], 6.0);

    // The window: picks on 2 March only.
    assert_eq!(
        w.json(&["report", "picks", "--since", "2026-03-03"]),
        json!([])
    );
    assert_eq!(
        w.json(&["report", "picks", "--until", "2026-03-02"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let table = w.ok(&["report", "picks"]);
    assert!(
        table.contains("Dana: case #") && table.contains("customer asked for Dana"),
        "{table}"
    );
    let csv = w.ok(&["--format", "csv", "report", "picks"]);
    assert!(
        csv.contains(&format!("#{other}: customer asked for Dana")),
        "{csv}"
    );
}

#[test]
fn a_transfer_at_pick_counts_for_the_picker_and_the_owners_pick_is_their_own() {
    let mut w = pooled();
    // 14:00 UTC is 09:00 in New York: business hours from the start.
    let a = new_case(&w, "P1", "Referral", None);
    let b = new_case(&w, "P1", "Support Ticket", None);
    w.now = "2026-03-02T15:00:00Z".into();
    w.ok(&["--as", "Maya", "pick", &a.to_string()]);
    w.now = "2026-03-02T16:00:00Z".into();
    w.ok(&["--as", "Chris", "pick"]); // b goes to Maya, who owns case a on P1
    w.now = "2026-03-02T18:00:00Z".into();
    w.ok(&["--as", "Maya", "pick", &b.to_string()]);

    let r = w.json(&["report", "picks"]);
    let chris = line(&r, "Chris");
    assert_eq!(
        (
            &chris["head"],
            &chris["transfers"],
            &chris["median_wait_hours"]
        ),
        (&json!(0), &json!(1), &Value::Null)
    );
    let maya = line(&r, "Maya");
    assert_eq!(
        (&maya["head"], &maya["own"], &maya["forced"]),
        (&json!(1), &json!(1), &json!(0))
    );
    // a waited 1 business hour; b 2 since its transfer
    assert_eq!(maya["median_wait_hours"], 1.0);
    assert_eq!(maya["p90_wait_hours"], 2.0);
}
