use super::*;
use crate::domain::case::{Case, Origin as CaseOrigin};
use crate::domain::money::Cents;
use crate::domain::trigger::{Rule, catalog};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn now() -> chrono::DateTime<chrono::Utc> {
    "2026-03-02T09:00:00Z".parse().unwrap()
}

struct World {
    case: Case,
    account: Account,
    contact: Contact,
    opportunity: Option<Opportunity>,
}

/// A case as trigger `key` makes it: an opportunity for the opportunity rules, the account
/// facts the rule reads, and a named contact (the advocate adds one, the Required 10).
fn world(model: Model, key: &str) -> World {
    let t = crate::domain::trigger::find(model, key);
    let mut account = Account::new("ACC-1", "Acme Labs", Region::Amer, Cents::dollars(5_000));
    let mut opportunity = None;
    let mut case = match t {
        Some(t) => Case::draft(
            key,
            t.category,
            t.priority,
            t.subject,
            CaseOrigin::Trigger,
            "system",
            now(),
        ),
        None => Case::draft(
            key,
            crate::domain::case::Category::InboundRequest,
            crate::domain::case::Priority::High,
            "Referral",
            CaseOrigin::Manual,
            "Sam",
            now(),
        ),
    };
    case.id = 7;
    match t.map(|t| t.rule) {
        Some(Rule::Opp { .. }) => {
            opportunity = Some(Opportunity::new(
                "OPP-1",
                "ACC-1",
                "Renewal",
                "Open",
                d("2026-04-15"),
            ));
            case.opportunity_id = Some("OPP-1".into());
        }
        Some(Rule::MissingRenewalOpp) => account.subscription_end_date = Some(d("2026-04-01")),
        Some(Rule::Overage) => {
            account.subscription_end_date = Some(d("2026-04-01"));
            account.overage = Some(Cents::dollars(1_500));
        }
        Some(Rule::Underutilization) => {
            account.seats = Some(20);
            account.active_users = Some(6);
        }
        _ => {}
    }
    case.account_id = Some("ACC-1".into());
    case.contact_id = Some("C-1".into());
    let contact = Contact {
        id: "C-1".into(),
        account_id: "ACC-1".into(),
        email: "jo@acme.example".into(),
        name: Some("Jo Park".into()),
        language: None,
    };
    World {
        case,
        account,
        contact,
        opportunity,
    }
}

fn facts<'a>(model: Model, w: &'a World) -> Facts<'a> {
    Facts {
        model,
        case: &w.case,
        account: Some(&w.account),
        contact: Some(&w.contact),
        opportunity: w.opportunity.as_ref(),
        sender: "Dana Reyes",
    }
}

fn file(key: &str, text: &str) -> Override {
    Override {
        key: key.into(),
        path: PathBuf::from(format!("/team/templates/{key}.txt")),
        text: text.into(),
    }
}

/// SPEC §11.2: every trigger of both catalogs (and manual cases) has a built-in template, and
/// each touch of it renders for a case of its trigger with no missing merge field.
#[test]
fn every_built_in_template_renders_for_a_case_of_its_trigger() {
    let t = Templates::new(Vec::new()).unwrap();
    let mut seen = BTreeSet::new();
    for model in Model::ALL {
        let keys = catalog(model)
            .iter()
            .map(|t| t.key)
            .chain(["manual"])
            .collect::<Vec<_>>();
        for key in keys {
            assert_eq!(t.key_for(key), key, "{key} has no template of its own");
            let w = world(model, key);
            for touch in DraftTouch::ALL {
                let f = fields(&facts(model, &w), touch);
                let draft = t
                    .render(key, touch, &f, 7, false)
                    .unwrap_or_else(|e| panic!("{model:?} {key} {touch:?}: {e}"));
                assert!(!draft.subject.is_empty(), "{key} {touch:?}: no subject");
                assert!(draft.body.contains("Jo"), "{key} {touch:?}: {}", draft.body);
                assert!(draft.placeholders.is_empty());
                assert!(!draft.body.contains("{{"), "{key}: {}", draft.body);
                if touch != DraftTouch::Day3 {
                    assert!(draft.body.contains("Dana Reyes"), "{key} {touch:?}: signed");
                }
            }
            seen.insert(key);
        }
    }
    // every built-in besides the layout is some trigger's (or manual's)
    for key in keys().into_iter().filter(|k| *k != LAYOUT) {
        assert!(seen.contains(key), "{key} is no trigger's template");
    }
}

#[test]
fn merge_fields_are_filled_from_the_case() {
    let t = Templates::new(Vec::new()).unwrap();
    let mut w = world(Model::Pooled, "failed_auto_renewal");
    w.opportunity.as_mut().unwrap().amount = Some(Cents(1_234_567));
    let f = fields(&facts(Model::Pooled, &w), DraftTouch::Day1);
    let draft = t
        .render("failed_auto_renewal", DraftTouch::Day1, &f, 7, false)
        .unwrap();
    assert_eq!(
        draft.subject,
        "Action needed: your renewal on April 15, 2026"
    );
    assert!(draft.body.starts_with("Hi Jo,\n\n"), "{}", draft.body);
    assert!(draft.body.contains("Acme Labs"));
    assert!(draft.body.contains("$12,345.67"));
    assert!(
        draft.body.ends_with("Dana Reyes\nAccount Executive"),
        "{}",
        draft.body
    );
    // EMEA reads the day first
    w.account.region = Region::Emea;
    let f = fields(&facts(Model::Pooled, &w), DraftTouch::Day1);
    assert_eq!(f.get("opportunity_close_date"), Some("15 April 2026"));
}

/// SPEC §11.2: a merge field with no value is refused, naming it.
#[test]
fn strict_merge_fields_name_the_missing_field() {
    let t = Templates::new(Vec::new()).unwrap();
    let mut w = world(Model::Digital, "auto_renew_off");
    w.contact.name = None;
    let f = fields(&facts(Model::Digital, &w), DraftTouch::Day1);
    let e = t
        .render("auto_renew_off", DraftTouch::Day1, &f, 7, false)
        .unwrap_err()
        .to_string();
    assert!(e.contains("contact_first_name"), "{e}");
    assert!(e.contains("--allow-missing"), "{e}");
    assert!(e.contains("built-in template cadence line"), "{e}");
    // with the name, it renders
    w.contact.name = Some("Jo".into());
    let f = fields(&facts(Model::Digital, &w), DraftTouch::Day1);
    assert!(
        t.render("auto_renew_off", DraftTouch::Day1, &f, 7, false)
            .is_ok()
    );
}

#[test]
fn allow_missing_leaves_placeholders() {
    let t = Templates::new(Vec::new()).unwrap();
    let mut w = world(Model::Digital, "po_renewal");
    w.contact.name = None;
    let f = fields(&facts(Model::Digital, &w), DraftTouch::Day5);
    let draft = t
        .render("po_renewal", DraftTouch::Day5, &f, 7, true)
        .unwrap();
    assert!(
        draft.body.starts_with("Hi [contact_first_name],"),
        "{}",
        draft.body
    );
    assert_eq!(draft.placeholders, ["contact_first_name"]);
}

#[test]
fn a_team_file_replaces_the_built_in_template() {
    let t = Templates::new(vec![file(
        "auto_renew_off",
        "Subject: Hello from {{ advocate_name }}\n\nDear {{ contact_name }} ({{ touch }})\n",
    )])
    .unwrap();
    let e = t.entry("auto_renew_off").unwrap();
    assert_eq!(
        e.origin,
        Origin::File("/team/templates/auto_renew_off.txt".into())
    );
    assert_eq!(t.entry("po_renewal").unwrap().origin, Origin::BuiltIn);
    let w = world(Model::Digital, "auto_renew_off");
    let f = fields(&facts(Model::Digital, &w), DraftTouch::Day3);
    let draft = t
        .render("auto_renew_off", DraftTouch::Day3, &f, 7, false)
        .unwrap();
    assert_eq!(draft.subject, "Hello from Dana Reyes");
    assert_eq!(draft.body, "Dear Jo Park (day3)");
}

#[test]
fn a_team_file_that_does_not_compile_is_refused_with_its_line() {
    let e = Templates::new(vec![file(
        "po_renewal",
        "Subject: x\n\nHi {{ contact_name }},\n{% if touch == \"day1\" %}\nno end\n",
    )])
    .unwrap_err();
    assert!(matches!(e, Error::Invalid(_)));
    let msg = e.to_string();
    assert!(
        msg.contains("/team/templates/po_renewal.txt line "),
        "{msg}"
    );
    // an unknown merge field, with the near one
    let msg = Templates::new(vec![file(
        "new_pte",
        "Subject: x\n\nHi {{ contact_nmae }}\n",
    )])
    .unwrap_err()
    .to_string();
    assert!(
        msg.contains("/team/templates/new_pte.txt line 3: unknown merge field contact_nmae"),
        "{msg}"
    );
    assert!(msg.contains("contact_name"), "{msg}");
    // a file whose name is no template key
    let msg = Templates::new(vec![file("auto_renew_of", "x")])
        .unwrap_err()
        .to_string();
    assert!(msg.contains("auto_renew_of.txt"), "{msg}");
    assert!(msg.contains("auto_renew_off"), "{msg}");
}

#[test]
fn cases_of_other_triggers_use_the_manual_template() {
    let t = Templates::new(Vec::new()).unwrap();
    assert_eq!(t.key_for("manual"), "manual");
    assert_eq!(t.key_for("something_else"), "manual");
    assert_eq!(t.key_for("cadence"), "manual");
    assert_eq!(t.key_for("overage"), "overage");
}

#[test]
fn touches_parse_and_map_to_cadence_days() {
    assert_eq!(DraftTouch::parse("Day3"), Some(DraftTouch::Day3));
    assert_eq!(DraftTouch::parse("day2"), None);
    assert_eq!(DraftTouch::of_day(7), Some(DraftTouch::Day7));
    assert_eq!(DraftTouch::of_day(2), None);
}

/// The missing field is named where a trigger's own block uses it, with that file's line.
#[test]
fn a_missing_field_in_a_trigger_block_names_that_template() {
    let t = Templates::new(Vec::new()).unwrap();
    let mut w = world(Model::Pooled, "po_renewal");
    w.opportunity = None;
    w.case.opportunity_id = None;
    let f = fields(&facts(Model::Pooled, &w), DraftTouch::Day1);
    let e = t
        .render("po_renewal", DraftTouch::Day1, &f, 7, false)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("merge field opportunity_close_date has no value (the built-in template po_renewal line 2"),
        "{e}"
    );
    assert!(e.contains("smb case update 7 --opportunity"), "{e}");
    let d = t
        .render("po_renewal", DraftTouch::Day1, &f, 7, true)
        .unwrap();
    assert!(
        d.subject.contains("[opportunity_close_date]"),
        "{}",
        d.subject
    );
    assert!(
        d.placeholders
            .contains(&"opportunity_close_date".to_string())
    );
}
