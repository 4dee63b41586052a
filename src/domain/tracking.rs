//! Change tracking at import (SPEC §3.4): an import compares each account with its stored
//! state and dates every tracked field whose value changed (auto-renew, PTE, PTC, tier) with
//! the import's date; a change date carried by the export itself wins.

use chrono::NaiveDate;

use super::account::Account;
use super::model::Settings;
use super::segment::{self, Tier};

/// What an import did with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Inserted,
    Updated,
    Unchanged,
}

/// Merges an imported account with the stored one; returns the account to store, its tier
/// (`None` out of segment or pooled) and what changed.
pub fn merge_account(
    settings: &Settings,
    stored: Option<&Account>,
    mut incoming: Account,
    today: NaiveDate,
) -> (Account, Option<Tier>, Change) {
    let tier_of = |a: &Account| segment::tier_of(settings, a, today);
    incoming.carr_crossed_at = segment::carr_crossed_at(settings, stored, &incoming, today);
    let new_tier = tier_of(&incoming);
    let Some(old) = stored else {
        return (incoming, new_tier, Change::Inserted);
    };
    // SPEC §3.1 `auto_renew_off` fires when auto-renew "went from on to off": from unknown
    // (an empty cell) to off is not such a change, as off at the first import is not. An
    // export's own change date still wins.
    let from_unknown_to_off = old.auto_renew.is_none() && incoming.auto_renew == Some(false);
    incoming.auto_renew_changed_at = incoming.auto_renew_changed_at.or(
        if old.auto_renew != incoming.auto_renew && !from_unknown_to_off {
            Some(today)
        } else {
            old.auto_renew_changed_at
        },
    );
    incoming.pte_updated_at = if pte_dropped_within_high(old.pte, incoming.pte) {
        // SPEC §3.2 (decision): a drop such as 5 to 4 is not a new "5* PTE" signal; the
        // date stays the one PTE rose on.
        old.pte_updated_at
    } else {
        incoming.pte_updated_at.or(if old.pte != incoming.pte {
            Some(today)
        } else {
            old.pte_updated_at
        })
    };
    incoming.ptc_updated_at = incoming.ptc_updated_at.or(if old.ptc != incoming.ptc {
        Some(today)
    } else {
        old.ptc_updated_at
    });
    incoming.tier_changed_at = if tier_of(old) != new_tier {
        Some(today)
    } else {
        old.tier_changed_at
    };
    let change = if &incoming == old {
        Change::Unchanged
    } else {
        Change::Updated
    };
    (incoming, new_tier, change)
}

/// A PTE that went down but stays 4 or 5 (5 to 4): not a rise to 4 or 5.
fn pte_dropped_within_high(old: Option<u8>, new: Option<u8>) -> bool {
    matches!((old, new), (Some(o), Some(n)) if n < o && n >= 4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Model, Region};
    use crate::domain::money::Cents;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn acct() -> Account {
        let mut a = Account::new("A1", "Acme", Region::Emea, Cents(500_000));
        a.auto_renew = Some(true);
        a.pte = Some(3);
        a.ptc = Some(3);
        a
    }

    #[test]
    fn first_import_dates_nothing() {
        let s = Settings::new(Model::Digital);
        let (a, tier, change) = merge_account(&s, None, acct(), day("2026-03-02"));
        assert_eq!(change, Change::Inserted);
        assert_eq!(tier, Some(Tier::Two));
        assert_eq!(a.auto_renew_changed_at, None);
        assert_eq!(a.tier_changed_at, None);
    }

    #[test]
    fn same_row_is_unchanged() {
        let s = Settings::new(Model::Digital);
        let (stored, _, _) = merge_account(&s, None, acct(), day("2026-03-02"));
        let (_, _, change) = merge_account(&s, Some(&stored), acct(), day("2026-03-09"));
        assert_eq!(change, Change::Unchanged);
    }

    #[test]
    fn changed_fields_get_the_import_date() {
        let s = Settings::new(Model::Digital);
        let (stored, _, _) = merge_account(&s, None, acct(), day("2026-03-02"));
        let mut next = acct();
        next.auto_renew = Some(false);
        next.pte = Some(5);
        next.carr = Cents(800_000);
        let (a, tier, change) = merge_account(&s, Some(&stored), next, day("2026-03-09"));
        assert_eq!(change, Change::Updated);
        assert_eq!(tier, Some(Tier::One));
        assert_eq!(a.auto_renew_changed_at, Some(day("2026-03-09")));
        assert_eq!(a.pte_updated_at, Some(day("2026-03-09")));
        assert_eq!(a.ptc_updated_at, None, "PTC did not change");
        assert_eq!(a.tier_changed_at, Some(day("2026-03-09")));

        // A later import with nothing new keeps the dates.
        let mut again = acct();
        again.auto_renew = Some(false);
        again.pte = Some(5);
        again.carr = Cents(800_000);
        let (b, _, change) = merge_account(&s, Some(&a), again, day("2026-03-16"));
        assert_eq!(change, Change::Unchanged);
        assert_eq!(b.auto_renew_changed_at, Some(day("2026-03-09")));
    }

    #[test]
    fn a_pte_drop_from_5_to_4_is_not_a_new_signal() {
        let s = Settings::new(Model::Pooled);
        let mut five = acct();
        five.pte = Some(5);
        five.pte_updated_at = Some(day("2026-02-20"));
        let (stored, _, _) = merge_account(&s, None, five, day("2026-02-20"));
        let mut four = acct();
        four.pte = Some(4);
        let (a, _, _) = merge_account(&s, Some(&stored), four.clone(), day("2026-03-02"));
        assert_eq!(a.pte_updated_at, Some(day("2026-02-20")));
        // even when the export dates the drop
        four.pte_updated_at = Some(day("2026-03-01"));
        let (a, _, _) = merge_account(&s, Some(&stored), four, day("2026-03-02"));
        assert_eq!(a.pte_updated_at, Some(day("2026-02-20")));
        // a rise from 4 to 5 is one
        let mut five = acct();
        five.pte = Some(5);
        let (b, _, _) = merge_account(&s, Some(&a), five, day("2026-03-09"));
        assert_eq!(b.pte_updated_at, Some(day("2026-03-09")));
    }

    #[test]
    fn an_explicit_change_date_wins() {
        let s = Settings::new(Model::Digital);
        let (stored, _, _) = merge_account(&s, None, acct(), day("2026-03-02"));
        let mut next = acct();
        next.auto_renew = Some(false);
        next.auto_renew_changed_at = Some(day("2026-02-20"));
        let (a, _, _) = merge_account(&s, Some(&stored), next, day("2026-03-09"));
        assert_eq!(a.auto_renew_changed_at, Some(day("2026-02-20")));
    }
}
