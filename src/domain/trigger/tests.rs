//! Every trigger of both catalogs on the edge of its window and one day (or one unit) past it,
//! tier gating, routing, dedup, and "running twice equals running once".

use super::*;
use crate::domain::account::CustomerType;
use crate::domain::case::Priority;

const NOW: &str = "2026-03-02T14:00:00Z";

fn now() -> DateTime<Utc> {
    NOW.parse().unwrap()
}

fn today() -> NaiveDate {
    now().date_naive()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// `today + n` days (n may be negative).
fn plus(n: i64) -> NaiveDate {
    today() + chrono::Duration::days(n)
}

fn digital() -> Settings {
    Settings::new(Model::Digital)
}

fn pooled() -> Settings {
    Settings::new(Model::Pooled)
}

/// An in-segment AMER account with cARR in dollars (digital: $5,000 is tier 2).
fn acct(dollars: i64) -> Account {
    let mut a = Account::new("ACC-1", "Acme", Region::Amer, Cents::dollars(dollars));
    a.employees = Some(10);
    a.customer_type = Some(CustomerType::Existing);
    a
}

fn opp(id: &str, kind: &str, close: NaiveDate) -> Opportunity {
    Opportunity::new(id, "ACC-1", kind, "1-Discovery", close)
}

fn renewal(close: NaiveDate) -> Opportunity {
    opp("OPP-1", "Renewal", close)
}

fn event(id: &str, kind: &str) -> InboundEvent {
    InboundEvent {
        event: Event {
            id: id.into(),
            kind: kind.into(),
            occurred_at: "2026-02-27T10:00:00Z".parse().unwrap(),
            account_id: Some("ACC-1".into()),
            email: None,
            description: Some("Wants a quote".into()),
        },
        contact_id: None,
    }
}

fn case(id: i64, trigger: &str, status: Status, owner: Option<&str>, created: &str) -> CaseFacts {
    CaseFacts {
        id,
        account_id: Some("ACC-1".into()),
        trigger: trigger.into(),
        status,
        owner: owner.map(str::to_string),
        resolution_action: None,
        created_at: created.parse().unwrap(),
        picked_at: None,
        closed_at: None,
        dedup_key: None,
    }
}

struct World {
    settings: Settings,
    account: Account,
    opps: Vec<Opportunity>,
    events: Vec<InboundEvent>,
    cases: Vec<CaseFacts>,
}

impl World {
    fn new(settings: Settings, account: Account) -> World {
        World {
            settings,
            account,
            opps: Vec::new(),
            events: Vec::new(),
            cases: Vec::new(),
        }
    }

    fn opp(mut self, o: Opportunity) -> World {
        self.opps.push(o);
        self
    }

    fn eval(&self) -> Vec<Verdict> {
        let snap = Snapshot {
            account: &self.account,
            opportunities: &self.opps,
            events: &self.events,
            cases: &self.cases,
        };
        evaluate(&self.settings, &snap, now(), Detail::All).verdicts
    }

    /// The verdicts of one trigger.
    fn of(&self, key: &str) -> Vec<Verdict> {
        self.eval()
            .into_iter()
            .filter(|v| v.trigger.key == key)
            .collect()
    }

    /// `fires`, `already`, `gated` or `no` for the trigger (the first verdict).
    fn status(&self, key: &str) -> &'static str {
        let v = self.of(key);
        assert!(!v.is_empty(), "no verdict for {key}");
        v[0].status()
    }

    fn fire(&self, key: &str) -> Fire {
        match self.of(key).into_iter().find_map(|v| match v.outcome {
            Outcome::Fires(f) => Some(*f),
            _ => None,
        }) {
            Some(f) => f,
            None => panic!("{key} does not fire: {:?}", self.of(key)),
        }
    }
}

/// A flag setter for table-driven tests.
type SetFlag = fn(&mut Opportunity);
/// One account of the in-memory "database" of the idempotence test.
type Row = (Account, Vec<Opportunity>, Vec<InboundEvent>, Vec<CaseFacts>);

fn with<F: FnOnce(&mut Opportunity)>(mut o: Opportunity, f: F) -> Opportunity {
    f(&mut o);
    o
}

// ---------------------------------------------------------------------------------------------
// Catalogs

#[test]
fn catalogs_have_23_and_15_triggers_with_unique_keys() {
    assert_eq!(catalog(Model::Digital).len(), 23);
    assert_eq!(catalog(Model::Pooled).len(), 15);
    for m in Model::ALL {
        let mut keys: Vec<&str> = catalog(m).iter().map(|t| t.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), catalog(m).len());
    }
    let s = digital();
    assert!(
        find(Model::Digital, "missing_renewal_opp")
            .unwrap()
            .condition(&s)
            .contains("within 60 days")
    );
    let hv = find(Model::Digital, "high_value_account").unwrap();
    assert_eq!(
        (hv.category, hv.priority),
        (Category::HighValue, Priority::Low)
    );
    let hr = find(Model::Pooled, "hand_raise_pql").unwrap();
    assert_eq!((hr.kind_label(), hr.priority), ("HR", Priority::High));
}

#[test]
fn every_trigger_gets_a_verdict_when_explaining() {
    for s in [digital(), pooled()] {
        let w = World::new(s.clone(), acct(500));
        let v = w.eval();
        for t in catalog(s.model) {
            assert!(v.iter().any(|v| v.trigger.key == t.key), "{}", t.key);
        }
    }
}

#[test]
fn run_mode_returns_only_met_conditions() {
    let w = World::new(digital(), acct(500));
    let snap = Snapshot {
        account: &w.account,
        opportunities: &[],
        events: &[],
        cases: &[],
    };
    assert!(
        evaluate(&w.settings, &snap, now(), Detail::Met)
            .verdicts
            .is_empty()
    );
}

// ---------------------------------------------------------------------------------------------
// Windows

#[test]
fn window_helpers_are_inclusive() {
    assert!(within_ahead(plus(60), today(), 60));
    assert!(within_ahead(today(), today(), 60));
    assert!(!within_ahead(plus(61), today(), 60));
    assert!(!within_ahead(plus(-1), today(), 60));
    assert!(within_back(plus(-30), today(), 30));
    assert!(within_back(today(), today(), 30));
    assert!(!within_back(plus(-31), today(), 30));
    assert!(!within_back(plus(1), today(), 30));
    assert_eq!(day("2026-05-01"), plus(60));
}

/// Digital renewal-window triggers: fire at 0 and 60 days, not at 61 or yesterday.
#[test]
fn digital_sixty_day_renewal_windows() {
    let cases: [(&str, SetFlag); 3] = [
        ("po_renewal", |o| o.po_required = Some(true)),
        ("multiyear_renewal", |o| o.multi_year = Some(true)),
        ("renewal_with_duo", |o| o.includes_duo = Some(true)),
    ];
    for (key, flag) in cases {
        for (n, want) in [(0, "fires"), (60, "fires"), (61, "no"), (-1, "no")] {
            let w = World::new(digital(), acct(500)).opp(with(renewal(plus(n)), flag));
            assert_eq!(w.status(key), want, "{key} at {n} days");
        }
        // Without the flag: nothing.
        let w = World::new(digital(), acct(500)).opp(renewal(plus(10)));
        assert_eq!(w.status(key), "no", "{key} unflagged");
        // Closed: nothing.
        let w = World::new(digital(), acct(500)).opp(with(renewal(plus(10)), |o| {
            flag(o);
            o.stage = "Closed Lost".into();
        }));
        assert_eq!(w.status(key), "no", "{key} closed");
    }
}

#[test]
fn eoa_renewal_needs_more_than_25_users_in_digital_but_not_in_pooled() {
    let eoa = |users, n| {
        with(renewal(plus(n)), |o| {
            o.eoa = Some(true);
            o.users = Some(users);
        })
    };
    let w = World::new(digital(), acct(500)).opp(eoa(25, 10));
    assert_eq!(w.status("eoa_renewal"), "no");
    assert!(
        w.of("eoa_renewal")[0]
            .why
            .contains("25 users, needs more than 25")
    );
    assert_eq!(
        World::new(digital(), acct(500))
            .opp(eoa(26, 10))
            .status("eoa_renewal"),
        "fires"
    );
    assert_eq!(
        World::new(digital(), acct(500))
            .opp(eoa(26, 60))
            .status("eoa_renewal"),
        "fires"
    );
    assert_eq!(
        World::new(digital(), acct(500))
            .opp(eoa(26, 61))
            .status("eoa_renewal"),
        "no"
    );
    assert_eq!(
        World::new(pooled(), acct(500))
            .opp(eoa(3, 60))
            .status("eoa_renewal"),
        "fires"
    );
    assert_eq!(
        World::new(pooled(), acct(500))
            .opp(eoa(3, 61))
            .status("eoa_renewal"),
        "no"
    );
}

#[test]
fn auto_renew_off_within_the_last_30_days() {
    let off = |n: i64, dollars| {
        let mut a = acct(dollars);
        a.auto_renew = Some(false);
        a.auto_renew_changed_at = Some(plus(n));
        World::new(digital(), a)
    };
    assert_eq!(off(-30, 5000).status("auto_renew_off"), "fires");
    assert_eq!(off(0, 5000).status("auto_renew_off"), "fires");
    let w = off(-31, 5000);
    assert_eq!(w.status("auto_renew_off"), "no");
    assert!(
        w.of("auto_renew_off")[0]
            .why
            .contains("31 days ago: more than 30")
    );
    assert_eq!(off(1, 5000).status("auto_renew_off"), "no");
    // tier 3 gets no Churn & Contraction cases
    assert_eq!(off(-5, 500).status("auto_renew_off"), "gated");
    let mut on = acct(5000);
    on.auto_renew = Some(true);
    on.auto_renew_changed_at = Some(plus(-1));
    assert_eq!(World::new(digital(), on).status("auto_renew_off"), "no");
    let f = off(-30, 5000).fire("auto_renew_off");
    assert_eq!(f.dedup_key, "auto_renew_off:ACC-1:2026-01-31");
}

#[test]
fn missing_renewal_opp_when_the_subscription_ends_within_60_days() {
    let ends = |n: i64| {
        let mut a = acct(500);
        a.subscription_end_date = Some(plus(n));
        World::new(digital(), a)
    };
    assert_eq!(ends(60).status("missing_renewal_opp"), "fires");
    assert_eq!(ends(0).status("missing_renewal_opp"), "fires");
    assert_eq!(ends(61).status("missing_renewal_opp"), "no");
    assert_eq!(ends(-1).status("missing_renewal_opp"), "no");
    // an open renewal opp: nothing; a closed one does not count
    assert_eq!(
        ends(30)
            .opp(renewal(plus(200)))
            .status("missing_renewal_opp"),
        "no"
    );
    let closed = with(renewal(plus(30)), |o| o.stage = "Closed Lost".into());
    assert_eq!(ends(30).opp(closed).status("missing_renewal_opp"), "fires");
    assert_eq!(
        ends(60).fire("missing_renewal_opp").dedup_key,
        "missing_renewal_opp:ACC-1:2026-05-01"
    );
}

#[test]
fn payment_failures_will_churn_and_due_to_fail() {
    let pf = |o: Opportunity, dollars| World::new(digital(), acct(dollars)).opp(o);
    let failing = with(renewal(plus(200)), |o| o.payment_failure = Some(true));
    assert_eq!(
        pf(failing.clone(), 5000).status("renewal_payment_failure"),
        "fires"
    );
    assert_eq!(pf(failing, 500).status("renewal_payment_failure"), "gated");

    let qsr = with(opp("OPP-2", "QSR", plus(-10)), |o| {
        o.payment_failure = Some(true)
    });
    assert_eq!(pf(qsr.clone(), 8000).status("qsr_payment_failure"), "fires");
    assert_eq!(pf(qsr.clone(), 500).status("qsr_payment_failure"), "gated");
    let won = with(qsr, |o| o.stage = "Closed Won".into());
    assert_eq!(pf(won, 8000).status("qsr_payment_failure"), "no");

    let churn = |risk: &str| with(renewal(plus(120)), |o| o.renewal_risk = Some(risk.into()));
    assert_eq!(
        pf(churn("Will Churn"), 500).status("renewal_will_churn"),
        "fires"
    );
    assert_eq!(pf(churn("Low"), 500).status("renewal_will_churn"), "no");

    let dtf = |n| {
        with(renewal(plus(n)), |o| {
            o.auto_renewal_status = Some("Due to Fail".into())
        })
    };
    assert_eq!(pf(dtf(0), 500).status("auto_renewal_due_to_fail"), "fires");
    assert_eq!(
        pf(dtf(300), 500).status("auto_renewal_due_to_fail"),
        "fires"
    );
    let w = pf(dtf(-1), 500);
    assert_eq!(w.status("auto_renewal_due_to_fail"), "no");
    assert!(
        w.of("auto_renewal_due_to_fail")[0]
            .why
            .contains("has passed")
    );
}

#[test]
fn future_high_value_sums_open_add_on_and_growth() {
    let fhv = |carr: i64, extra: &[(&str, i64, &str)]| {
        let mut w = World::new(digital(), acct(carr));
        for (i, (kind, dollars, stage)) in extra.iter().enumerate() {
            w = w.opp(with(opp(&format!("OPP-{i}"), kind, plus(30)), |o| {
                o.amount = Some(Cents::dollars(*dollars));
                o.stage = stage.to_string();
            }));
        }
        w.status("future_high_value")
    };
    assert_eq!(
        fhv(6500, &[("Add-On Business", 600, "1-Discovery")]),
        "fires"
    );
    assert_eq!(fhv(6500, &[("Growth", 500, "1-Discovery")]), "no");
    assert_eq!(fhv(5000, &[("Add-On Business", 3000, "Closed Won")]), "no");
    assert_eq!(
        fhv(
            4000,
            &[
                ("Add-On Business", 2000, "2-Scoping"),
                ("Growth", 1500, "2-Scoping")
            ]
        ),
        "fires"
    );
    // tier 1 and tier 3 accounts: not for them
    assert_eq!(fhv(8000, &[("Add-On Business", 5000, "2-Scoping")]), "no");
    assert_eq!(fhv(500, &[("Add-On Business", 9000, "2-Scoping")]), "no");
    let mut w = World::new(digital(), acct(6500));
    w = w.opp(with(opp("OPP-9", "Growth", plus(30)), |o| {
        o.amount = Some(Cents(50_001))
    }));
    assert_eq!(
        w.fire("future_high_value").dedup_key,
        "future_high_value:ACC-1:FY27"
    );
}

// ---------------------------------------------------------------------------------------------
// High Value Account and check-ins

#[test]
fn high_value_account_for_tier_1_once_a_fiscal_year() {
    let mut a = acct(7000);
    assert_eq!(
        World::new(digital(), a.clone()).status("high_value_account"),
        "no"
    );
    a.carr = Cents(700_001);
    let w = World::new(digital(), a.clone());
    let f = w.fire("high_value_account");
    assert_eq!(f.dedup_key, "high_value_account:ACC-1:FY27");
    assert_eq!(f.subject, "High Value Account FY27");
    assert_eq!(f.route, Route::Queue("AMER".into()));

    // This year's case exists: already had.
    let mut w = World::new(digital(), a.clone());
    let mut hv = case(
        7,
        "high_value_account",
        Status::InProgress,
        Some("Dana"),
        "2026-02-10T09:00:00Z",
    );
    hv.dedup_key = Some("high_value_account:ACC-1:FY27".into());
    w.cases.push(hv);
    assert_eq!(w.status("high_value_account"), "already");

    // Suppressed: closed as Request Not Possible.
    let mut w = World::new(digital(), a.clone());
    let mut hv = case(
        7,
        "high_value_account",
        Status::Resolved,
        Some("Dana"),
        "2025-06-10T09:00:00Z",
    );
    hv.resolution_action = Some(ResolutionAction::RequestNotPossible);
    w.cases.push(hv);
    assert_eq!(w.status("high_value_account"), "no");
    assert!(w.of("high_value_account")[0].why.contains("suppressed"));

    // Out of segment: no tier, no case.
    let mut big = acct(30_000);
    big.carr = Cents::dollars(31_200);
    assert_eq!(
        World::new(digital(), big).status("high_value_account"),
        "no"
    );
}

#[test]
fn a_new_fiscal_year_closes_last_years_case_and_keeps_the_owner() {
    let mut w = World::new(digital(), acct(9000));
    let mut hv = case(
        7,
        "high_value_account",
        Status::InProgress,
        Some("Dana"),
        "2025-03-01T09:00:00Z",
    );
    hv.dedup_key = Some("high_value_account:ACC-1:FY26".into());
    w.cases.push(hv);
    // another open case owned by someone else, older: the High Value owner still wins
    w.cases.push(case(
        3,
        "po_renewal",
        Status::InProgress,
        Some("Sam"),
        "2025-01-01T09:00:00Z",
    ));
    let f = w.fire("high_value_account");
    assert_eq!(f.closes, Some(7));
    assert!(matches!(f.route, Route::Owner { ref name, .. } if name == "Dana"));
}

#[test]
fn high_value_checkins_at_90_180_270_days_without_other_engagement() {
    let at = |created: NaiveDate| {
        let mut w = World::new(digital(), acct(9000));
        let mut hv = case(
            7,
            "high_value_account",
            Status::InProgress,
            Some("Dana"),
            "2026-01-01T00:00:00Z",
        );
        hv.created_at = created.and_hms_opt(9, 0, 0).unwrap().and_utc();
        w.cases.push(hv);
        w
    };
    // FY27 starts 2026-02-01; for the test the HV case must be this fiscal year, so move "now"
    // is fixed: 2026-03-02. A case created 2026-02-01 is 29 days old: no check-in yet.
    let w = at(day("2026-02-01"));
    assert_eq!(w.status("high_value_checkin"), "no");
    assert!(
        w.of("high_value_checkin")[0]
            .why
            .contains("first check-in is due 2026-05-02")
    );

    // With a clock later in the year: 90 days exactly fires, 89 does not.
    let later = |w: &World, today: NaiveDate| {
        let snap = Snapshot {
            account: &w.account,
            opportunities: &w.opps,
            events: &w.events,
            cases: &w.cases,
        };
        let now = today.and_hms_opt(12, 0, 0).unwrap().and_utc();
        evaluate(&w.settings, &snap, now, Detail::All)
            .verdicts
            .into_iter()
            .find(|v| v.trigger.key == "high_value_checkin")
            .unwrap()
    };
    let v = later(&w, day("2026-05-02"));
    assert_eq!(v.status(), "fires");
    match &v.outcome {
        Outcome::Fires(f) => {
            assert_eq!(f.dedup_key, "high_value_checkin:ACC-1:7:90");
            assert!(matches!(f.route, Route::Owner { ref name, .. } if name == "Dana"));
        }
        _ => unreachable!(),
    }
    assert_eq!(later(&w, day("2026-05-01")).status(), "no");
    let v = later(&w, day("2026-07-31"));
    assert!(matches!(&v.outcome, Outcome::Fires(f) if f.dedup_key.ends_with(":180")));
    let v = later(&w, day("2026-10-29"));
    assert!(matches!(&v.outcome, Outcome::Fires(f) if f.dedup_key.ends_with(":270")));

    // Another case created in the current fiscal quarter (from 2026-05-01): no check-in.
    let mut busy = at(day("2026-02-01"));
    busy.cases.push(case(
        9,
        "po_renewal",
        Status::Resolved,
        Some("Sam"),
        "2026-05-01T08:00:00Z",
    ));
    assert_eq!(later(&busy, day("2026-05-02")).status(), "skipped");
    // One closed last quarter does not count.
    let mut quiet = at(day("2026-02-01"));
    let mut old = case(
        9,
        "po_renewal",
        Status::Resolved,
        Some("Sam"),
        "2026-02-03T08:00:00Z",
    );
    old.closed_at = Some("2026-04-20T08:00:00Z".parse().unwrap());
    quiet.cases.push(old);
    assert_eq!(later(&quiet, day("2026-05-02")).status(), "fires");
    // One worked (picked) this quarter does.
    let mut worked = at(day("2026-02-01"));
    let mut picked = case(
        9,
        "po_renewal",
        Status::Resolved,
        Some("Sam"),
        "2026-02-03T08:00:00Z",
    );
    picked.picked_at = Some("2026-05-01T10:00:00Z".parse().unwrap());
    picked.closed_at = Some("2026-04-30T08:00:00Z".parse().unwrap());
    worked.cases.push(picked);
    assert_eq!(later(&worked, day("2026-05-02")).status(), "skipped");
    // Tier 2 now: gated.
    let mut t2 = at(day("2026-02-01"));
    t2.account.carr = Cents::dollars(5000);
    assert_eq!(later(&t2, day("2026-05-02")).status(), "gated");
}

// ---------------------------------------------------------------------------------------------
// Events

#[test]
fn digital_events_and_their_tier_gating() {
    let ev = |kind: &str, dollars| {
        let mut w = World::new(digital(), acct(dollars));
        w.events.push(event("EVT-1", kind));
        w.status(kind)
    };
    for kind in [
        "contact_sales_request",
        "hand_raise_pql",
        "support_ticket",
        "sdr_created",
        "free_user_limit",
    ] {
        assert_eq!(ev(kind, 500), "fires", "{kind} tier 3");
    }
    for kind in [
        "fo_opp",
        "fo_opp_startup",
        "customer_mql",
        "duo_trial_started",
    ] {
        assert_eq!(ev(kind, 500), "gated", "{kind} tier 3");
        assert_eq!(ev(kind, 5000), "fires", "{kind} tier 2");
    }
    let mut w = World::new(digital(), acct(500));
    w.events.push(event("EVT-1", "hand_raise_pql"));
    let f = w.fire("hand_raise_pql");
    assert_eq!(f.dedup_key, "event:EVT-1");
    assert_eq!(f.description, "Wants a quote");
    assert_eq!(f.origin(), Origin::Event);
    assert_eq!(
        f.actor(find(Model::Digital, "hand_raise_pql").unwrap()),
        "event:EVT-1"
    );
    // An event later than now has not happened yet: skipped, with why (SPEC §3.3 item 5).
    let mut w = World::new(digital(), acct(500));
    let mut e = event("EVT-2", "hand_raise_pql");
    e.event.occurred_at = "2026-03-03T00:00:00Z".parse().unwrap();
    w.events.push(e);
    assert_eq!(w.status("hand_raise_pql"), "skipped");
}

#[test]
fn pooled_hand_raises_are_amer_only() {
    for (region, want) in [
        (Region::Amer, "fires"),
        (Region::Apac, "fires"),
        (Region::Emea, "gated"),
    ] {
        for kind in ["contact_sales_request", "hand_raise_pql", "sdr_created"] {
            let mut a = acct(1000);
            a.region = region;
            a.owner = Some("Lena Fischer".into());
            let mut w = World::new(pooled(), a);
            w.events.push(event("EVT-1", kind));
            assert_eq!(w.status(kind), want, "{kind} {region}");
        }
    }
    let mut w = World::new(pooled(), acct(1000));
    w.events.push(event("EVT-1", "sdr_created"));
    assert_eq!(w.fire("sdr_created").subject, "HR: SDR Created");
}

#[test]
fn orphan_events_go_to_both_queues_in_digital_and_are_skipped_in_pooled() {
    let mut e = event("EVT-9", "contact_sales_request");
    e.event.account_id = None;
    e.event.email = Some("who@nowhere.test".into());
    let v = evaluate_orphan_event(&digital(), &e, None, now()).unwrap();
    match v.outcome {
        Outcome::Fires(f) => {
            assert_eq!(f.route, Route::Queue("AMER,EMEA".into()));
            assert_eq!(f.account_id, None);
        }
        other => panic!("{other:?}"),
    }
    let v = evaluate_orphan_event(&pooled(), &e, None, now()).unwrap();
    assert_eq!(v.status(), "gated");
    let v = evaluate_orphan_event(&digital(), &e, Some(4), now()).unwrap();
    assert_eq!(v.status(), "already");
    // pooled has no fo_opp trigger
    let fo = event("EVT-8", "fo_opp");
    assert!(evaluate_orphan_event(&pooled(), &fo, None, now()).is_none());
}

// ---------------------------------------------------------------------------------------------
// Gating and routing

#[test]
fn out_of_segment_accounts_get_no_automatic_case() {
    let mut a = acct(500);
    a.has_ultimate = Some(true);
    let mut w =
        World::new(digital(), a).opp(with(renewal(plus(10)), |o| o.po_required = Some(true)));
    w.events.push(event("EVT-1", "contact_sales_request"));
    assert_eq!(w.status("po_renewal"), "gated");
    assert_eq!(w.status("contact_sales_request"), "gated");
    match &w.of("po_renewal")[0].outcome {
        Outcome::Gated(r) => assert!(r.contains("Ultimate"), "{r}"),
        _ => unreachable!(),
    }
    let mut p = acct(4000);
    p.region = Region::Amer;
    let w = World::new(pooled(), p).opp(with(renewal(plus(10)), |o| o.po_required = Some(true)));
    assert_eq!(w.status("po_renewal"), "gated");
}

/// SPEC §1.3's table, through one trigger per category.
#[test]
fn tier_gating_for_each_category() {
    let po = with(renewal(plus(10)), |o| o.po_required = Some(true));
    let pf = with(renewal(plus(200)), |o| o.payment_failure = Some(true));
    let qsr = with(opp("OPP-2", "QSR", plus(10)), |o| {
        o.payment_failure = Some(true)
    });
    for (dollars, tier) in [(8000, 1), (5000, 2), (500, 3)] {
        let w = World::new(digital(), acct(dollars))
            .opp(po.clone())
            .opp(pf.clone())
            .opp(qsr.clone());
        let mut w = w;
        w.events.push(event("EVT-1", "contact_sales_request"));
        assert_eq!(
            w.status("contact_sales_request"),
            "fires",
            "inbound, tier {tier}"
        );
        assert_eq!(
            w.status("po_renewal"),
            "fires",
            "urgent renewal, tier {tier}"
        );
        let churn_and_expansion = if tier == 3 { "gated" } else { "fires" };
        assert_eq!(
            w.status("renewal_payment_failure"),
            churn_and_expansion,
            "tier {tier}"
        );
        assert_eq!(
            w.status("qsr_payment_failure"),
            churn_and_expansion,
            "tier {tier}"
        );
        let hv = if tier == 1 { "fires" } else { "no" };
        assert_eq!(w.status("high_value_account"), hv, "tier {tier}");
    }
}

#[test]
fn routing_open_case_owner_then_queue_by_region() {
    let po = with(renewal(plus(10)), |o| o.po_required = Some(true));
    let route_of = |w: &World| w.fire("po_renewal").route;
    let mut w = World::new(digital(), acct(500)).opp(po.clone());
    assert_eq!(route_of(&w), Route::Queue("AMER".into()));
    w.account.region = Region::Apac;
    assert_eq!(route_of(&w), Route::Queue("AMER".into()));
    w.account.region = Region::Emea;
    assert_eq!(route_of(&w), Route::Queue("EMEA".into()));
    // An Open case in the queue (no owner) or a closed one: still the queue.
    w.cases
        .push(case(1, "x", Status::Open, None, "2026-02-01T00:00:00Z"));
    w.cases.push(case(
        2,
        "x",
        Status::Resolved,
        Some("Sam"),
        "2026-02-01T00:00:00Z",
    ));
    assert_eq!(route_of(&w), Route::Queue("EMEA".into()));
    // An In Progress case owned by a person: assigned to them.
    w.cases.push(case(
        3,
        "x",
        Status::InProgress,
        Some("Dana"),
        "2026-02-01T00:00:00Z",
    ));
    assert!(matches!(route_of(&w), Route::Owner { name, .. } if name == "Dana"));
}

#[test]
fn pooled_routing_upgrade_opp_ae_and_emea_pools() {
    let dtf = with(renewal(plus(40)), |o| {
        o.auto_renewal_status = Some("Due to Fail".into())
    });
    let route_of = |w: &World| w.fire("failed_auto_renewal").route;
    let mut a = acct(2000);
    a.owner = Some("Pooled Sales User".into());
    let w = World::new(pooled(), a.clone()).opp(dtf.clone());
    assert_eq!(route_of(&w), Route::Queue("AMER".into()));
    let upgrade = |owner: &str, stage: &str| {
        with(opp("OPP-U", "Upgrade", plus(50)), |o| {
            o.owner = Some(owner.into());
            o.stage = stage.into();
        })
    };
    let w = World::new(pooled(), a.clone())
        .opp(dtf.clone())
        .opp(upgrade("Maya Patel", "2-Scoping"));
    assert!(matches!(route_of(&w), Route::Owner { name, .. } if name == "Maya Patel"));
    let w = World::new(pooled(), a.clone())
        .opp(dtf.clone())
        .opp(upgrade("Maya Patel", "Closed Lost"));
    assert_eq!(route_of(&w), Route::Queue("AMER".into()));
    let w = World::new(pooled(), a.clone())
        .opp(dtf.clone())
        .opp(upgrade("Pooled Sales User", "2-Scoping"));
    assert_eq!(route_of(&w), Route::Queue("AMER".into()));
    // The open case owner comes before the upgrade AE.
    let mut w = World::new(pooled(), a.clone())
        .opp(dtf.clone())
        .opp(upgrade("Maya Patel", "2-Scoping"));
    w.cases.push(case(
        4,
        "new_pte",
        Status::InProgress,
        Some("Chris Young"),
        "2026-02-01T00:00:00Z",
    ));
    assert!(matches!(route_of(&w), Route::Owner { name, .. } if name == "Chris Young"));
    let mut emea = a;
    emea.region = Region::Emea;
    emea.owner = Some("Lena Fischer".into());
    let w = World::new(pooled(), emea).opp(dtf);
    assert_eq!(route_of(&w), Route::Queue("Lena Fischer".into()));
}

// ---------------------------------------------------------------------------------------------
// Dedup

#[test]
fn a_key_that_made_a_case_never_makes_another_but_a_new_signal_does() {
    let po = |close| with(renewal(close), |o| o.po_required = Some(true));
    let mut w = World::new(digital(), acct(500)).opp(po(plus(10)));
    let key = w.fire("po_renewal").dedup_key;
    assert_eq!(key, "po_renewal:ACC-1:OPP-1:2026-03-12");
    let mut made = case(5, "po_renewal", Status::Resolved, Some("Sam"), NOW);
    made.dedup_key = Some(key);
    w.cases.push(made);
    assert_eq!(w.status("po_renewal"), "already");
    // The close date moved: a new signal.
    w.opps = vec![po(plus(20))];
    assert_eq!(w.status("po_renewal"), "fires");
}

// ---------------------------------------------------------------------------------------------
// Pooled catalog

#[test]
fn pooled_reactive_triggers_carry_the_close_date() {
    let dtf = |n| {
        with(renewal(plus(n)), |o| {
            o.auto_renewal_status = Some("Due to Fail".into())
        })
    };
    let w = World::new(pooled(), acct(2000)).opp(dtf(49));
    let f = w.fire("failed_auto_renewal");
    assert_eq!(f.subject, "Upcoming Auto Renewal Due to Fail: 04.20.2026");
    assert_eq!(f.opportunity_id.as_deref(), Some("OPP-1"));
    assert_eq!(w.status("past_due_renewal"), "no");
    assert!(!w.of("failed_auto_renewal")[0].why.contains("late"));
    // 29 days out: still fires, marked late.
    let w = World::new(pooled(), acct(2000)).opp(dtf(29));
    assert!(w.of("failed_auto_renewal")[0].why.contains("late"));
    assert_eq!(
        World::new(pooled(), acct(2000))
            .opp(dtf(0))
            .status("failed_auto_renewal"),
        "fires"
    );
    // Close date passed: past due only.
    let w = World::new(pooled(), acct(2000)).opp(dtf(-1));
    assert_eq!(w.status("failed_auto_renewal"), "no");
    assert_eq!(
        w.fire("past_due_renewal").subject,
        "Past Due Renewal: 03.01.2026"
    );
    assert_eq!(
        World::new(pooled(), acct(2000))
            .opp(renewal(today()))
            .status("past_due_renewal"),
        "no"
    );

    let qsr = |status: &str| {
        with(opp("OPP-2", "QSR", plus(5)), |o| {
            o.qsr_status = Some(status.into())
        })
    };
    let w = World::new(pooled(), acct(2000)).opp(qsr("Failed"));
    assert_eq!(w.fire("failed_qsr").subject, "Failed QSR: 03.07.2026");
    assert_eq!(
        World::new(pooled(), acct(2000))
            .opp(qsr("Pending"))
            .status("failed_qsr"),
        "no"
    );

    let flags: [(&str, &str, SetFlag); 3] = [
        (
            "multiyear_renewal",
            "Upcoming Multi Year Renewal: 05.01.2026",
            |o| o.multi_year = Some(true),
        ),
        (
            "po_renewal",
            "Upcoming PO Required Renewal: 05.01.2026",
            |o| o.po_required = Some(true),
        ),
        (
            "non_auto_renewal",
            "Upcoming Non Auto Renewal: 05.01.2026",
            |o| o.auto_renew = Some(false),
        ),
    ];
    for (key, subject, flag) in flags {
        let w = World::new(pooled(), acct(2000)).opp(with(renewal(plus(60)), flag));
        assert_eq!(w.fire(key).subject, subject);
        let w = World::new(pooled(), acct(2000)).opp(with(renewal(plus(61)), flag));
        assert_eq!(w.status(key), "no", "{key} at 61 days");
    }
    let w = World::new(pooled(), acct(2000)).opp(renewal(plus(10)));
    assert_eq!(
        w.status("non_auto_renewal"),
        "no",
        "auto-renew unknown is not off"
    );
}

#[test]
fn pooled_pte_and_ptc_changes_within_30_days() {
    let pte = |p: u8, n: i64| {
        let mut a = acct(2000);
        a.pte = Some(p);
        a.pte_updated_at = Some(plus(n));
        World::new(pooled(), a).status("new_pte")
    };
    assert_eq!(pte(5, -30), "fires");
    assert_eq!(pte(4, -30), "fires");
    assert_eq!(pte(5, -31), "no");
    assert_eq!(pte(3, -5), "no");
    let ptc = |p: u8, n: i64| {
        let mut a = acct(2000);
        a.ptc = Some(p);
        a.ptc_updated_at = Some(plus(n));
        World::new(pooled(), a).status("new_ptc")
    };
    assert_eq!(ptc(1, -30), "fires");
    assert_eq!(ptc(1, -31), "no");
    assert_eq!(ptc(2, -1), "no");
    let mut a = acct(2000);
    a.pte = Some(5);
    a.pte_updated_at = Some(plus(-3));
    let f = World::new(pooled(), a).fire("new_pte");
    assert_eq!(f.subject, "PRO: New 5* PTE Account");
    assert_eq!(f.dedup_key, "new_pte:ACC-1:2026-02-27");
}

#[test]
fn pooled_overage_thresholds_qsr_and_window() {
    let over = |deployment: &str, cents: i64, qsr: Option<bool>, ends: i64| {
        let mut a = acct(2000);
        a.deployment = Some(deployment.into());
        a.overage = Some(Cents(cents));
        a.qsr_enabled = qsr;
        a.subscription_end_date = Some(plus(ends));
        World::new(pooled(), a).status("overage")
    };
    assert_eq!(over("SaaS", 1, Some(false), 44), "fires");
    assert_eq!(over("SaaS", 0, Some(false), 44), "no");
    assert_eq!(over("Self-Managed", 100_000, Some(false), 44), "no");
    assert_eq!(over("Self-Managed", 100_001, Some(false), 44), "fires");
    assert_eq!(over("SaaS", 25_000, Some(true), 44), "no");
    assert_eq!(
        over("SaaS", 25_000, None, 44),
        "fires",
        "QSR empty counts as off"
    );
    assert_eq!(over("SaaS", 25_000, Some(false), 60), "fires");
    assert_eq!(over("SaaS", 25_000, Some(false), 61), "no");
}

#[test]
fn pooled_underutilization_at_half_the_seats() {
    let under = |seats, active| {
        let mut a = acct(2000);
        a.seats = Some(seats);
        a.active_users = Some(active);
        World::new(pooled(), a).status("underutilization")
    };
    assert_eq!(under(20, 10), "fires");
    assert_eq!(under(20, 11), "no");
    assert_eq!(under(20, 0), "no");
    assert_eq!(under(20, 1), "fires");
    assert_eq!(under(1, 1), "no");
}

// ---------------------------------------------------------------------------------------------
// Idempotence: running twice equals running once.

/// Applies a run to an in-memory "database": every fire becomes a case (closing what it
/// closes). Returns how many cases were created.
fn apply_run(settings: &Settings, w: &mut [Row], next_id: &mut i64, now: DateTime<Utc>) -> usize {
    let mut created = 0;
    for (a, o, e, c) in w.iter_mut() {
        let snap = Snapshot {
            account: a,
            opportunities: o,
            events: e,
            cases: c,
        };
        let fires: Vec<(&str, Box<Fire>)> = evaluate(settings, &snap, now, Detail::Met)
            .verdicts
            .into_iter()
            .filter_map(|v| match v.outcome {
                Outcome::Fires(f) => Some((v.trigger.key, f)),
                _ => None,
            })
            .collect();
        for (trigger, f) in fires {
            if let Some(old) = f.closes
                && let Some(x) = c.iter_mut().find(|x| x.id == old)
            {
                x.status = Status::NotApplicable;
                x.resolution_action = Some(ResolutionAction::NoActionRequired);
                x.closed_at = Some(now);
            }
            *next_id += 1;
            c.push(CaseFacts {
                id: *next_id,
                account_id: Some(a.id.clone()),
                trigger: trigger.to_string(),
                status: Status::Open,
                owner: match &f.route {
                    Route::Owner { name, .. } => Some(name.clone()),
                    Route::Queue(_) => None,
                },
                resolution_action: None,
                created_at: now,
                picked_at: None,
                closed_at: None,
                dedup_key: Some(f.dedup_key.clone()),
            });
            created += 1;
        }
    }
    created
}

proptest::proptest! {
    /// The run's word-free tier agrees with the explained one, and so does the lean segment
    /// check with the explained standing.
    #[test]
    fn lean_tier_and_segment_agree_with_standing(
        carr in 0i64..4_000_000,
        lam in proptest::option::of(0i64..30),
        employees in proptest::option::of(90i64..110),
        pooled_model in proptest::bool::ANY,
    ) {
        let s = if pooled_model { pooled() } else { digital() };
        proptest::prop_assert_eq!(
            crate::domain::segment::tier_rule(Cents(carr), lam),
            crate::domain::segment::tier(Cents(carr), lam).0
        );
        let mut a = acct(0);
        a.carr = Cents(carr);
        a.lam = lam;
        a.employees = employees;
        let st = crate::domain::segment::standing(&s, &a, today());
        proptest::prop_assert_eq!(crate::domain::segment::in_segment(&s, &a, today()), st.in_segment);
    }
}

mod idempotence {
    use super::*;
    use proptest::prelude::*;

    fn arb_opp() -> impl Strategy<Value = Opportunity> {
        (
            prop::sample::select(vec![
                "Renewal",
                "QSR",
                "Add-On Business",
                "Growth",
                "Upgrade",
            ]),
            prop::sample::select(vec!["1-Discovery", "Closed Won", "Closed Lost"]),
            -90i64..120,
            prop::array::uniform8(any::<bool>()),
            0i64..60,
            0i64..1_000_000,
        )
            .prop_map(|(kind, stage, n, f, users, amount)| {
                with(opp("OPP-X", kind, plus(n)), |o| {
                    o.stage = stage.into();
                    o.po_required = Some(f[0]);
                    o.eoa = Some(f[1]);
                    o.multi_year = Some(f[2]);
                    o.payment_failure = Some(f[3]);
                    o.includes_duo = Some(f[4]);
                    o.auto_renew = Some(f[5]);
                    o.auto_renewal_status = f[6].then(|| "Due to Fail".to_string());
                    o.qsr_status = f[7].then(|| "Failed".to_string());
                    o.renewal_risk = f[6].then(|| "Will Churn".to_string());
                    o.users = Some(users);
                    o.amount = Some(Cents(amount));
                    o.owner = f[0].then(|| "Maya Patel".to_string());
                })
            })
    }

    fn arb_account() -> impl Strategy<Value = (Account, Vec<Opportunity>, Vec<InboundEvent>)> {
        (
            0i64..1_200_000,
            prop::sample::select(vec![Region::Amer, Region::Apac, Region::Emea]),
            prop::array::uniform4(any::<bool>()),
            (1u8..=5, 1u8..=5, -40i64..5, -40i64..5, -10i64..90),
            (0i64..40, 0i64..40, 0i64..200_000),
            prop::collection::vec(arb_opp(), 0..4),
            prop::collection::vec(
                prop::sample::select(crate::domain::account::EVENT_TYPES.to_vec()),
                0..3,
            ),
        )
            .prop_map(
                |(
                    carr,
                    region,
                    f,
                    (pte, ptc, d1, d2, end),
                    (seats, active, overage),
                    opps,
                    kinds,
                )| {
                    let mut a = acct(0);
                    a.carr = Cents(carr);
                    a.region = region;
                    a.owner = Some(
                        if region == Region::Emea {
                            "Lena Fischer"
                        } else {
                            "Pooled Sales User"
                        }
                        .into(),
                    );
                    a.auto_renew = Some(f[0]);
                    a.auto_renew_changed_at = Some(plus(d1));
                    a.pte = Some(pte);
                    a.pte_updated_at = Some(plus(d1));
                    a.ptc = Some(ptc);
                    a.ptc_updated_at = Some(plus(d2));
                    a.subscription_end_date = Some(plus(end));
                    a.seats = Some(seats);
                    a.active_users = Some(active);
                    a.overage = Some(Cents(overage));
                    a.qsr_enabled = Some(f[1]);
                    a.deployment = Some(if f[2] { "SaaS" } else { "Self-Managed" }.into());
                    a.has_ultimate = Some(f[3] && carr % 7 == 0);
                    let opps = opps
                        .into_iter()
                        .enumerate()
                        .map(|(i, mut o)| {
                            o.id = format!("OPP-{i}");
                            o
                        })
                        .collect();
                    let events = kinds
                        .into_iter()
                        .enumerate()
                        .map(|(i, k)| event(&format!("EVT-{i}"), k))
                        .collect();
                    (a, opps, events)
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// Running the triggers twice creates what running once does, and nothing more; a
        /// run a day later creates no duplicate key either.
        #[test]
        fn running_twice_equals_running_once(
            pooled_model in any::<bool>(),
            accounts in prop::collection::vec(arb_account(), 1..6),
            last_year_hv in any::<bool>(),
        ) {
            let settings = if pooled_model { pooled() } else { digital() };
            let mut w: Vec<_> = accounts
                .into_iter()
                .enumerate()
                .map(|(i, (mut a, o, mut e))| {
                    a.id = format!("ACC-{i}");
                    for ev in &mut e {
                        ev.event.id = format!("{}-{i}", ev.event.id);
                    }
                    let mut cases = Vec::new();
                    if last_year_hv {
                        let mut hv = case(1000 + i as i64, "high_value_account", Status::InProgress, Some("Dana"), "2025-03-01T00:00:00Z");
                        hv.account_id = Some(a.id.clone());
                        cases.push(hv);
                    }
                    (a, o, e, cases)
                })
                .collect();
            let mut next_id = 0;
            let first = apply_run(&settings, &mut w, &mut next_id, now());
            let after_first: Vec<usize> = w.iter().map(|x| x.3.len()).collect();
            // The run's shortcuts (no words, "already had" found early) change no verdict.
            for (acc, o, e, c) in &w {
                let snap = Snapshot { account: acc, opportunities: o, events: e, cases: c };
                let status = |d| {
                    let mut v: Vec<(&str, &str)> = evaluate(&settings, &snap, now(), d)
                        .verdicts
                        .iter()
                        .filter(|v| v.outcome != Outcome::NotMet)
                        .map(|v| (v.trigger.key, v.status()))
                        .collect();
                    v.sort();
                    v
                };
                prop_assert_eq!(status(Detail::Met), status(Detail::All));
            }
            let second = apply_run(&settings, &mut w, &mut next_id, now());
            prop_assert_eq!(second, 0, "second run created cases (first created {})", first);
            let after_second: Vec<usize> = w.iter().map(|x| x.3.len()).collect();
            prop_assert_eq!(after_first, after_second);
            // Every dedup key is unique.
            let mut keys: Vec<String> = w.iter().flat_map(|x| x.3.iter().filter_map(|c| c.dedup_key.clone())).collect();
            let n = keys.len();
            keys.sort();
            keys.dedup();
            prop_assert_eq!(n, keys.len());
        }
    }
}

/// SPEC §3.1 (decision): check-in cases do not count as "other engagement" for the next
/// check-in; a check-in suppressed on its day is skipped (and explained), never postponed.
#[test]
fn high_value_checkins_do_not_suppress_each_other_and_a_suppressed_one_is_skipped() {
    let hv_world = || {
        let mut w = World::new(digital(), acct(9000));
        let mut hv = case(
            7,
            "high_value_account",
            Status::InProgress,
            Some("Dana"),
            "2026-02-01T09:00:00Z",
        );
        hv.picked_at = Some("2026-02-01T10:00:00Z".parse().unwrap());
        w.cases.push(hv);
        w
    };
    let on = |w: &World, today: &str| {
        let snap = Snapshot {
            account: &w.account,
            opportunities: &w.opps,
            events: &w.events,
            cases: &w.cases,
        };
        let now = day(today).and_hms_opt(12, 0, 0).unwrap().and_utc();
        evaluate(&w.settings, &snap, now, Detail::All)
            .verdicts
            .into_iter()
            .find(|v| v.trigger.key == "high_value_checkin")
            .unwrap()
    };
    // The 90-day check-in (2026-05-02), worked since, does not suppress the 180-day one
    // (2026-07-31, the same fiscal quarter).
    let mut w = hv_world();
    let mut c90 = case(
        8,
        "high_value_checkin",
        Status::InProgress,
        Some("Dana"),
        "2026-05-02T12:00:00Z",
    );
    c90.picked_at = Some("2026-05-03T12:00:00Z".parse().unwrap());
    w.cases.push(c90.clone());
    let v = on(&w, "2026-07-31");
    assert!(
        matches!(&v.outcome, Outcome::Fires(f) if f.dedup_key.ends_with(":180")),
        "{}",
        v.explain()
    );

    // Another case that quarter suppresses the 180-day check-in on its day: skipped, and
    // still skipped on the first day of the next quarter, not postponed into it.
    let mut busy = hv_world();
    busy.cases.push(c90);
    let mut other = case(
        9,
        "po_renewal",
        Status::Resolved,
        Some("Sam"),
        "2026-06-01T08:00:00Z",
    );
    other.closed_at = Some("2026-06-10T08:00:00Z".parse().unwrap());
    busy.cases.push(other);
    for today in ["2026-07-31", "2026-08-01", "2026-10-28"] {
        let v = on(&busy, today);
        assert_eq!(v.status(), "skipped", "{today}: {}", v.explain());
        assert!(
            v.explain().contains("180-day check-in") && v.explain().contains("#9"),
            "{}",
            v.explain()
        );
    }
    // The 270-day check-in (2026-10-29) has a quiet quarter: it fires, labelled 270.
    let v = on(&busy, "2026-10-29");
    assert!(
        matches!(&v.outcome, Outcome::Fires(f) if f.dedup_key.ends_with(":270")),
        "{}",
        v.explain()
    );
}

/// SPEC §3.2: a pooled renewal opportunity with no auto-renew value takes the account's.
#[test]
fn non_auto_renewal_falls_back_to_the_accounts_auto_renew() {
    let mut off = acct(2000);
    off.auto_renew = Some(false);
    let w = World::new(pooled(), off.clone()).opp(renewal(plus(30)));
    assert_eq!(w.status("non_auto_renewal"), "fires");
    // the opportunity's own value wins
    let mut on_opp = renewal(plus(30));
    on_opp.auto_renew = Some(true);
    let w = World::new(pooled(), off).opp(on_opp);
    assert_eq!(w.status("non_auto_renewal"), "no");
    let mut on = acct(2000);
    on.auto_renew = Some(true);
    let w = World::new(pooled(), on).opp(renewal(plus(30)));
    assert_eq!(w.status("non_auto_renewal"), "no");
}
