//! The summary of the book an import keeps for `tier --summary` (issue #16, migration 15):
//! whenever an engine answers with kept counts, read on any day they are what classifying every
//! account gives on that day. PostgreSQL keeps them through every import; SQLite keeps none.
//! Another writer of `accounts`, or other settings, makes PostgreSQL's unusable until the next
//! import counts again.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use smb::domain::account::{Account, CustomerType};
use smb::domain::model::{Model, Region, Settings};
use smb::domain::money::Cents;
use smb::domain::segment::{standing_basis, summary_slot};
use smb::import::Parsed;
use smb::store::{Imported, Ops, Store};

use crate::opps::import;
use crate::store_tests;

type Summary = BTreeMap<Region, [u64; 4]>;

/// Accounts with their number and import hash.
type Book = Vec<(i64, i64, Account)>;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The days each check reads the book on: before, on and after the move date of an account
/// that crosses the ceiling on the import day 2026-03-02 (`opps::import`): 2026-05-01.
fn days() -> [NaiveDate; 5] {
    [
        day("2026-03-02"),
        day("2026-04-30"),
        day("2026-05-01"),
        day("2026-05-02"),
        day("2027-01-01"),
    ]
}

/// Every account classified on `today` (what `tier --summary` counted before it kept one).
fn classified(store: &mut Store, today: NaiveDate) -> Summary {
    let mut tx = store.read().unwrap();
    let settings = tx.settings().unwrap();
    let mut out = Summary::new();
    for part in tx
        .fold_account_segments(Vec::new, |v, a| v.push(a.clone()))
        .unwrap()
    {
        for a in part {
            out.entry(a.region).or_default()[summary_slot(&settings, &a, today) as usize] += 1;
        }
    }
    out
}

/// The kept counts read on `today`, if the engine answers with them.
fn kept(store: &mut Store, today: NaiveDate) -> Option<Summary> {
    let mut tx = store.read().unwrap();
    let settings = tx.settings().unwrap();
    let kept = tx.kept_standings(&standing_basis(&settings)).unwrap()?;
    let mut out = Summary::new();
    for (region, key, n) in kept {
        assert!(n > 0, "no empty count is kept");
        out.entry(region).or_default()[key.slot_on(today) as usize] += n;
    }
    Some(out)
}

fn is_postgres(store: &Store) -> bool {
    matches!(store, Store::Postgres(_))
}

/// Kept counts (PostgreSQL: there must be some; SQLite: there must be none) equal the
/// classification of every account on every day of [`days`].
fn same_on_every_day(store: &mut Store, what: &str) {
    for today in days() {
        let kept = kept(store, today);
        assert_eq!(
            kept.is_some(),
            is_postgres(store),
            "{what}: kept on {today}"
        );
        if let Some(kept) = kept {
            assert_eq!(kept, classified(store, today), "{what}: on {today}");
        }
    }
}

/// Account `i` of a varied book: every region, cARR around each threshold, LAM, employees,
/// an Ultimate licence, Japan, customer types.
fn account(i: i64, carr_dollars: i64) -> Account {
    let region = Region::ALL[(i % 3) as usize];
    let mut a = Account::new(
        &format!("A{i:03}"),
        "Acme",
        region,
        Cents::dollars(carr_dollars),
    );
    a.lam = (i % 4 != 0).then_some(i % 15);
    a.employees = (i % 5 != 0).then_some(90 + i % 20);
    a.has_ultimate = (i % 11 == 0).then_some(true);
    a.country = Some(if i % 13 == 0 { "Japan" } else { "France" }.to_string());
    a.customer_type = match i % 3 {
        0 => Some(CustomerType::New),
        1 => Some(CustomerType::Existing),
        _ => None,
    };
    a
}

const CARRS: [i64; 9] = [0, 500, 1_000, 1_001, 7_000, 7_001, 25_000, 29_999, 40_000];

fn rows(book: &[(i64, i64, Account)]) -> Vec<(i64, Parsed)> {
    book.iter()
        .map(|(_, hash, a)| (*hash, Parsed::Account(a.clone())))
        .collect()
}

/// A first load, then re-imports that change region, cARR (across the ceiling and back),
/// LAM, employees and add accounts: after each, the kept counts are the classification.
fn the_kept_summary_is_every_account_classified(store: &mut Store) {
    let mut book: Book = (0..60)
        .map(|i| (i, i + 1, account(i, CARRS[(i % 9) as usize])))
        .collect();
    import(store, Imported::Accounts, rows(&book));
    same_on_every_day(store, "after the first load");

    // New accounts only: the kept counts grow by them.
    book.extend((60..63).map(|i| (i, i + 1, account(i, CARRS[(i % 9) as usize]))));
    import(store, Imported::Accounts, rows(&book));
    same_on_every_day(store, "after a re-import that only added accounts");

    // Every fourth account changes; a few new ones come.
    for (i, hash, a) in book.iter_mut() {
        match *i % 8 {
            0 => a.region = Region::ALL[((*i + 1) % 3) as usize],
            2 => a.carr = Cents::dollars(35_000), // crosses the ceiling: moves on 2026-05-01
            4 => a.lam = Some(12),
            6 => a.employees = Some(150),
            _ => continue,
        }
        *hash += 1000;
    }
    book.extend((63..66).map(|i| (i, i + 1, account(i, CARRS[(i % 9) as usize]))));
    import(store, Imported::Accounts, rows(&book));
    same_on_every_day(store, "after a re-import that changed accounts");

    // Back under the ceiling (the crossing is forgotten), other regions; the rest unchanged.
    for (i, hash, a) in book.iter_mut() {
        if *i % 8 == 2 {
            a.carr = Cents::dollars(2_000);
            a.region = Region::Emea;
            *hash += 1000;
        }
    }
    import(store, Imported::Accounts, rows(&book));
    same_on_every_day(store, "after a re-import that moved them back");

    // An unchanged re-import keeps them as they are.
    import(store, Imported::Accounts, rows(&book));
    same_on_every_day(store, "after an unchanged re-import");
}

store_tests!(the_kept_summary_is_every_account_classified);

// ---- PostgreSQL: another writer, other settings ----

/// A book of 60 accounts on a new PostgreSQL database, with a plain client on it.
fn pg_book(test: &str) -> Option<(Store, crate::pgdb::TestDb, Book)> {
    let db = crate::pgdb::TestDb::new(test)?;
    let (store, _) = smb::store::Store::open(
        &smb::store::DbName::Postgres(db.url.clone()),
        true,
        &Settings::new(Model::Digital),
        crate::BUSY,
    )
    .unwrap();
    let mut store = store;
    let book: Book = (0..60)
        .map(|i| (i, i + 1, account(i, CARRS[(i % 9) as usize])))
        .collect();
    import(&mut store, Imported::Accounts, rows(&book));
    assert!(
        kept(&mut store, days()[0]).is_some(),
        "kept by the first load"
    );
    Some((store, db, book))
}

/// Any other statement that writes a column segmenting reads makes the summary stale (it is
/// never read then), whatever the writer; the next import, even one that changes nothing,
/// counts every account again.
#[test]
fn another_writer_makes_the_summary_stale_until_the_next_import() {
    let Some((mut store, db, book)) =
        pg_book("another_writer_makes_the_summary_stale_until_the_next_import")
    else {
        return;
    };
    let mut c = db.client();
    // Writing only the owner (an advocate's rename) leaves it fresh.
    c.batch_execute("UPDATE accounts SET owner = 'Dana'")
        .unwrap();
    assert!(kept(&mut store, days()[0]).is_some(), "owner only");
    for edit in [
        "UPDATE accounts SET carr_cents = 4000000 WHERE account_id = 'A001'",
        "UPDATE accounts SET region = 'APAC' WHERE account_id < 'A010'",
        "UPDATE accounts SET carr_crossed_at = '2026-01-15' WHERE carr_cents >= 3000000",
        "DELETE FROM accounts WHERE account_id = 'A002'",
        "INSERT INTO accounts (account_id, name, region, carr_cents) VALUES ('Z1', 'Z', 'EMEA', 5)",
    ] {
        c.batch_execute(edit).unwrap();
        assert_eq!(kept(&mut store, days()[0]), None, "stale after {edit}");
        // An unchanged import counts the stored accounts again (as the edit left them).
        import(&mut store, Imported::Accounts, rows(&book));
        for today in days() {
            assert_eq!(
                kept(&mut store, today),
                Some(classified(&mut store, today)),
                "counted again after {edit}, on {today}"
            );
        }
    }
}

/// A summary counted under other settings (here the fiscal calendar, changed behind smb's
/// back) is never read; the next import counts again under the settings in force.
#[test]
fn a_summary_counted_under_other_settings_is_not_read() {
    let Some((mut store, db, book)) = pg_book("a_summary_counted_under_other_settings_is_not_read")
    else {
        return;
    };
    // Accounts crossing the ceiling on 2026-03-02: their move date depends on the calendar.
    let mut book = book;
    for (i, hash, a) in book.iter_mut() {
        if *i % 4 == 1 {
            a.carr = Cents::dollars(45_000);
            *hash += 1000;
        }
    }
    import(&mut store, Imported::Accounts, rows(&book));
    assert!(kept(&mut store, days()[0]).is_some());
    {
        let mut tx = store.read().unwrap();
        let other = standing_basis(&Settings::new(Model::Pooled));
        assert_eq!(tx.kept_standings(&other).unwrap(), None, "another model");
    }
    db.client()
        .batch_execute("UPDATE settings SET value = '1' WHERE key = 'fiscal_year_start'")
        .unwrap();
    let settings = store.read().unwrap().settings().unwrap();
    assert_eq!(settings.calendar.start_month, 1);
    assert_eq!(kept(&mut store, days()[0]), None, "another fiscal calendar");
    import(&mut store, Imported::Accounts, rows(&book));
    // Under a calendar year the quarter after 2026-03-02 starts on 2026-04-01.
    for today in days()
        .into_iter()
        .chain([day("2026-03-31"), day("2026-04-01")])
    {
        assert_eq!(
            kept(&mut store, today),
            Some(classified(&mut store, today)),
            "on {today}"
        );
    }
}

/// A re-import adds its changes to the kept counts and does not count the book again (which
/// would cost reading every account): an offset put into the counts behind its back stays.
#[test]
fn a_reimport_adds_its_changes_to_the_kept_counts() {
    let Some((mut store, db, mut book)) = pg_book("a_reimport_adds_its_changes_to_the_kept_counts")
    else {
        return;
    };
    db.client()
        .batch_execute(
            "INSERT INTO standing_counts VALUES ('APAC', 3, '2030-01-01', 1000);
             UPDATE standing_summary SET fresh = true",
        )
        .unwrap();
    for (i, hash, a) in book.iter_mut() {
        if *i % 3 == 0 {
            a.carr = Cents::dollars(35_000);
            a.lam = Some(20);
            *hash += 1000;
        }
    }
    book.push((99, 99, account(99, 500)));
    import(&mut store, Imported::Accounts, rows(&book));
    for today in days() {
        let mut want = classified(&mut store, today);
        want.entry(Region::Apac).or_default()[3] += 1000; // the offset, out of segment
        assert_eq!(kept(&mut store, today), Some(want), "on {today}");
    }
}
