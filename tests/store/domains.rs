//! Accounts found by their email domain (an inbound email or event without a contact, SPEC
//! §3.3 item 4) on both engines: ASCII case is ignored, and nothing else.

use smb::domain::account::Account;
use smb::domain::model::Region;
use smb::domain::money::Cents;
use smb::import::Parsed;
use smb::store::{Imported, Ops, Store};

use crate::opps::import;
use crate::store_tests;

fn account(id: &str, domain: Option<&str>) -> Parsed {
    let mut a = Account::new(id, "Acme", Region::Amer, Cents(100));
    a.email_domain = domain.map(str::to_string);
    Parsed::Account(a)
}

fn an_account_is_found_by_its_domain_ignoring_ascii_case_only(store: &mut Store) {
    let rows = [
        ("A1", Some("Acme.Example.com")),
        ("A2", Some("ÉCOLE.example.fr")),
        ("A3", Some("twin.example")),
        ("A4", Some("TWIN.example")),
        ("A5", None),
    ];
    let parsed = rows
        .iter()
        .enumerate()
        .map(|(i, (id, d))| (i as i64 + 1, account(id, *d)))
        .collect();
    import(store, Imported::Accounts, parsed);
    let mut tx = store.read().unwrap();
    let mut found = |d: &str| tx.account_by_domain(d).unwrap();
    assert_eq!(found("acme.example.com").as_deref(), Some("A1"));
    assert_eq!(found("ACME.EXAMPLE.COM").as_deref(), Some("A1"));
    assert_eq!(found("acme.example.co"), None);
    // Only ASCII letters fold: É is not é.
    assert_eq!(found("école.EXAMPLE.fr"), None);
    assert_eq!(found("ÉCOLE.EXAMPLE.FR").as_deref(), Some("A2"));
    // Two accounts answer: neither is chosen.
    assert_eq!(found("twin.example"), None);
    assert_eq!(found(""), None);
}

store_tests!(an_account_is_found_by_its_domain_ignoring_ascii_case_only);
