//! What an import plan says about an account (SPEC §12): where it stood in the book before the
//! import and where the import puts it (segment, tier, the day it moves to Mid-Market).

use chrono::NaiveDate;

use super::account::Account;
use super::model::{Model, Settings};
use super::segment::{self, Tier};

/// An account's place in the book on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub in_segment: bool,
    /// digital only; `None` out of segment and for pooled.
    pub tier: Option<Tier>,
    /// digital: the day an in-segment account that reached the cARR ceiling moves out.
    pub mid_market_on: Option<NaiveDate>,
}

impl Place {
    /// The account's place as of `today`, by the same rules as `smb tier`.
    pub fn of(settings: &Settings, a: &Account, today: NaiveDate) -> Place {
        let in_segment = segment::in_segment(settings, a, today);
        // Only an in-segment account at or above the ceiling can be on its way out.
        let moving = in_segment
            && settings.model == Model::Digital
            && a.carr >= settings.digital_carr_ceiling();
        Place {
            in_segment,
            tier: segment::tier_of(settings, a, today),
            mid_market_on: if moving {
                segment::standing(settings, a, today).mid_market_on
            } else {
                None
            },
        }
    }

    /// "tier 2", "tier 2, moving to Mid-Market on 2026-04-01", "out of segment"; pooled:
    /// "pooled" or "not pooled".
    pub fn label(&self, model: Model) -> String {
        let base = match (model, self.in_segment, self.tier) {
            (Model::Pooled, true, _) => "pooled".to_string(),
            (Model::Pooled, false, _) => "not pooled".to_string(),
            (_, false, _) => "out of segment".to_string(),
            (_, true, Some(t)) => format!("tier {}", t.number()),
            (_, true, None) => "in segment".to_string(),
        };
        match self.mid_market_on {
            Some(day) => format!("{base}, moving to Mid-Market on {day}"),
            None => base,
        }
    }
}

/// A stored account whose place an import changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierChange {
    pub account_id: String,
    pub from: Place,
    pub to: Place,
}

/// The change of place from the stored account `old` to the merged `new`, if any.
pub fn tier_change(
    settings: &Settings,
    old: &Account,
    new: &Account,
    today: NaiveDate,
) -> Option<TierChange> {
    let (from, to) = (
        Place::of(settings, old, today),
        Place::of(settings, new, today),
    );
    (from != to).then(|| TierChange {
        account_id: new.id.clone(),
        from,
        to,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Region;
    use crate::domain::money::Cents;
    use crate::domain::tracking::merge_account;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_rise_over_the_ceiling_is_a_move_date_not_an_exit() {
        let s = Settings::new(Model::Digital);
        let today = day("2026-03-02");
        let (old, _, _) = merge_account(
            &s,
            None,
            Account::new("A1", "Acme", Region::Emea, Cents::dollars(8_000)),
            today,
        );
        let next = Account::new("A1", "Acme", Region::Emea, Cents::dollars(31_000));
        let (new, _, _) = merge_account(&s, Some(&old), next, today);
        let c = tier_change(&s, &old, &new, today).expect("a change");
        assert_eq!(c.from.label(s.model), "tier 1");
        let on = c.to.mid_market_on.expect("a move date");
        assert!(on > today);
        assert_eq!(
            c.to.label(s.model),
            format!("tier 1, moving to Mid-Market on {on}")
        );
    }

    #[test]
    fn the_same_place_is_no_change() {
        let s = Settings::new(Model::Digital);
        let today = day("2026-03-02");
        let a = Account::new("A1", "Acme", Region::Emea, Cents::dollars(2_000));
        let mut b = a.clone();
        b.carr = Cents::dollars(3_000);
        assert_eq!(tier_change(&s, &a, &b, today), None);
        b.carr = Cents::dollars(40_000);
        let c = tier_change(&s, &a, &b, today).expect("out of segment");
        assert_eq!(c.to.label(s.model), "out of segment");
    }
}
