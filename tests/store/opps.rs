//! Conformance of the operations of opportunities worked from a case (SPEC §11.1) on both
//! engines.

use smb::domain::account::{Account, Opportunity};
use smb::domain::model::{Model, Region, Settings};
use smb::domain::money::Cents;
use smb::domain::opportunity::OpportunityWork;
use smb::import::Parsed;
use smb::store::{ImportRows, Imported, OppFilter, Ops, RowKey, Store};

use crate::ops::{create, queued, t};
use crate::store_tests;

/// Rows given in memory: (hash, row).
struct Rows {
    kind: Imported,
    rows: Vec<(i64, Parsed)>,
    at: usize,
}

impl ImportRows for Rows {
    fn kind(&self) -> Imported {
        self.kind
    }
    fn next_row(&mut self) -> smb::Result<Option<RowKey>> {
        self.at += 1;
        Ok(self.rows.get(self.at - 1).map(|(h, p)| RowKey {
            key: match p {
                Parsed::Account(a) => a.id.clone(),
                Parsed::Opportunity(o) => o.id.clone(),
                _ => unreachable!(),
            },
            row_hash: *h,
            line: self.at as u64 + 1,
        }))
    }
    fn parse(&mut self) -> smb::Result<Option<Parsed>> {
        Ok(Some(self.rows[self.at - 1].1.clone()))
    }
    fn reject(&mut self, line: u64, f: &str, v: Option<&str>, _: &str) -> smb::Result<()> {
        panic!("line {line} rejected: {f} {v:?}");
    }
}

pub fn import(store: &mut Store, kind: Imported, rows: Vec<(i64, Parsed)>) {
    let settings = Settings::new(Model::Digital);
    let today = t("2026-03-02T00:00:00Z").date_naive();
    let track =
        |old: Option<&Account>, a| smb::domain::tracking::merge_account(&settings, old, a, today);
    let mut tx = store.write().unwrap();
    tx.import(&mut Rows { kind, rows, at: 0 }, &track).unwrap();
    tx.commit().unwrap();
}

fn opp(id: &str, account: &str, kind: &str, stage: &str) -> Opportunity {
    let mut o = Opportunity::new(id, account, kind, stage, "2026-05-01".parse().unwrap());
    o.owner = Some("Dana".into());
    o
}

/// Accounts A1, A2 and CRM opportunities O1 (A1 renewal), O2 (A2 won renewal).
fn world(store: &mut Store) {
    let accounts = ["A1", "A2"]
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let a = Account::new(id, "Acme", Region::Amer, Cents(100));
            (i as i64 + 1, Parsed::Account(a))
        })
        .collect();
    import(store, Imported::Accounts, accounts);
    import(
        store,
        Imported::Opportunities,
        vec![
            (
                11,
                Parsed::Opportunity(opp("O1", "A1", "Renewal", "1-Discovery")),
            ),
            (
                12,
                Parsed::Opportunity(opp("O2", "A2", "Renewal", "Closed Won")),
            ),
        ],
    );
}

fn work(case_id: Option<i64>, at: &str) -> OpportunityWork {
    OpportunityWork {
        case_id,
        source_id: Some("O2".into()),
        admin_added: None,
        created_by: Some("Dana".into()),
        created_at: Some(t(at)),
        changed_at: Some(t(at)),
    }
}

fn a_created_opportunity_gets_the_next_smb_id_past_any_stored_one(store: &mut Store) {
    world(store);
    import(
        store,
        Imported::Opportunities,
        vec![(
            13,
            Parsed::Opportunity(opp("SMB-OPP-2", "A1", "Growth", "2-Scoping")),
        )],
    );
    let mut tx = store.write().unwrap();
    let new = opp("", "A1", "Add-On Business", "0-Pending Acceptance");
    let w = work(None, "2026-03-02T10:00:00Z");
    let a = tx.create_opportunity(&new, &w).unwrap();
    let b = tx.create_opportunity(&new, &w).unwrap();
    assert_eq!((a.id.as_str(), b.id.as_str()), ("SMB-OPP-1", "SMB-OPP-3"));
    assert_eq!(a.owner.as_deref(), Some("Dana"));
    tx.commit().unwrap();
    let mut tx = store.read().unwrap();
    assert_eq!(tx.opportunity_work("SMB-OPP-3").unwrap(), w);
    assert_eq!(
        tx.opportunity_work("O1").unwrap(),
        OpportunityWork::default()
    );
}

fn a_change_is_marked_until_an_import_carries_it_and_the_crm_wins(store: &mut Store) {
    world(store);
    let c = create(
        store,
        vec![queued("Seats", None, t("2026-03-02T09:00:00Z"))],
    )
    .remove(0);
    let mut tx = store.write().unwrap();
    let mut o1 = tx.opportunity("O1").unwrap().unwrap();
    o1.amount = Some(Cents(500));
    o1.renewal_risk = Some("Low".into());
    let mut w = work(Some(c.id), "2026-03-03T10:00:00Z");
    w.admin_added = Some(true);
    tx.save_opportunity(&o1, &w).unwrap();
    tx.commit().unwrap();
    let mut tx = store.read().unwrap();
    assert_eq!(tx.opportunity("O1").unwrap().unwrap(), o1);
    let ids = |v: Vec<Opportunity>| v.into_iter().map(|o| o.id).collect::<Vec<_>>();
    assert_eq!(ids(tx.marked_opportunities(None).unwrap()), ["O1"]);
    let since = |s: &str| Some(t(s));
    assert_eq!(
        ids(tx
            .marked_opportunities(since("2026-03-03T10:00:00Z"))
            .unwrap()),
        ["O1"]
    );
    assert!(
        tx.marked_opportunities(since("2026-03-03T10:00:01Z"))
            .unwrap()
            .is_empty()
    );
    drop(tx);
    // The CRM sends its row again, with the hash it had: its values win, the mark clears.
    import(
        store,
        Imported::Opportunities,
        vec![(
            11,
            Parsed::Opportunity(opp("O1", "A1", "Renewal", "1-Discovery")),
        )],
    );
    let mut tx = store.read().unwrap();
    assert_eq!(
        tx.opportunity("O1").unwrap().unwrap(),
        opp("O1", "A1", "Renewal", "1-Discovery")
    );
    assert!(tx.marked_opportunities(None).unwrap().is_empty());
    let kept = tx.opportunity_work("O1").unwrap();
    assert_eq!(
        (kept.case_id, kept.admin_added, kept.changed_at),
        (Some(c.id), Some(true), None)
    );
}

fn an_import_of_smbs_own_values_clears_the_mark(store: &mut Store) {
    world(store);
    let mut tx = store.write().unwrap();
    let o = tx
        .create_opportunity(
            &opp("", "A1", "Growth", "1-Discovery"),
            &work(None, "2026-03-02T10:00:00Z"),
        )
        .unwrap();
    tx.commit().unwrap();
    import(
        store,
        Imported::Opportunities,
        vec![(99, Parsed::Opportunity(o.clone()))],
    );
    let mut tx = store.read().unwrap();
    assert!(tx.marked_opportunities(None).unwrap().is_empty());
    assert_eq!(tx.opportunity(&o.id).unwrap().unwrap(), o);
}

fn the_list_filters_by_account_and_owner_and_ids_are_found_by_their_start(store: &mut Store) {
    world(store);
    let mut tx = store.read().unwrap();
    let ids = |v: Vec<Opportunity>| v.into_iter().map(|o| o.id).collect::<Vec<_>>();
    let f = |a: Option<&str>, o: Option<&str>| OppFilter {
        account_id: a.map(str::to_string),
        owner: o.map(str::to_string),
    };
    assert_eq!(
        ids(tx.opportunity_list(&f(None, None)).unwrap()),
        ["O1", "O2"]
    );
    assert_eq!(
        ids(tx.opportunity_list(&f(Some("A2"), None)).unwrap()),
        ["O2"]
    );
    assert_eq!(
        ids(tx.opportunity_list(&f(None, Some("DANA"))).unwrap()),
        ["O1", "O2"]
    );
    assert!(
        tx.opportunity_list(&f(None, Some("Lena")))
            .unwrap()
            .is_empty()
    );
    assert_eq!(tx.opportunity_ids_like("o3").unwrap(), ["O1", "O2"]);
    assert_eq!(tx.opportunity_ids_like("O1").unwrap(), ["O1", "O2"]);
    assert!(tx.opportunity_ids_like("X1").unwrap().is_empty());
}

fn a_cases_opportunities_are_the_one_it_names_and_those_made_from_it(store: &mut Store) {
    world(store);
    let mut named = queued("Renewal", None, t("2026-03-02T09:00:00Z"));
    named.draft.account_id = Some("A1".into());
    named.draft.opportunity_id = Some("O1".into());
    let c = create(store, vec![named]).remove(0);
    let mut tx = store.write().unwrap();
    // the newest case naming it is its case when it has no stored link
    assert_eq!(tx.opportunity_work("O1").unwrap().case_id, Some(c.id));
    let made = tx
        .create_opportunity(
            &opp("", "A1", "Growth", "1-Discovery"),
            &work(Some(c.id), "2026-03-02T10:00:00Z"),
        )
        .unwrap();
    let ids: Vec<String> = tx
        .case_opportunities(c.id)
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(ids, ["O1".to_string(), made.id]);
    assert!(tx.case_opportunities(c.id + 1).unwrap().is_empty());
}

fn gap_links_pair_open_cases_and_won_opportunities_with_the_accounts_admin(store: &mut Store) {
    world(store);
    let at = t("2026-03-02T09:00:00Z");
    let mut on_o1 = queued("Renewal", None, at);
    on_o1.draft.opportunity_id = Some("O1".into());
    let mut on_o2 = queued("Won", None, at);
    on_o2.draft.opportunity_id = Some("O2".into());
    let mut closed = queued("Closed", None, at);
    closed.draft.opportunity_id = Some("O1".into());
    closed.draft.status = smb::domain::case::Status::NotApplicable;
    let made = create(store, vec![on_o1, on_o2, closed]);
    let mut tx = store.write().unwrap();
    let pairs = |tx: &mut smb::store::Tx<'_>| {
        tx.opportunity_gap_links()
            .unwrap()
            .into_iter()
            .map(|(c, o, admin)| (c.id, o.id, admin))
            .collect::<Vec<_>>()
    };
    // the closed case naming an open opportunity is no candidate
    assert_eq!(
        pairs(&mut tx),
        [
            (made[0].id, "O1".to_string(), false),
            (made[1].id, "O2".to_string(), false)
        ]
    );
    let w = OpportunityWork {
        admin_added: Some(true),
        ..OpportunityWork::default()
    };
    let o2 = tx.opportunity("O2").unwrap().unwrap();
    tx.save_opportunity(&o2, &w).unwrap();
    assert_eq!(
        pairs(&mut tx),
        [
            (made[0].id, "O1".to_string(), false),
            (made[1].id, "O2".to_string(), true)
        ]
    );
}

store_tests!(
    a_created_opportunity_gets_the_next_smb_id_past_any_stored_one,
    a_change_is_marked_until_an_import_carries_it_and_the_crm_wins,
    an_import_of_smbs_own_values_clears_the_mark,
    the_list_filters_by_account_and_owner_and_ids_are_found_by_their_start,
    a_cases_opportunities_are_the_one_it_names_and_those_made_from_it,
    gap_links_pair_open_cases_and_won_opportunities_with_the_accounts_admin,
);
