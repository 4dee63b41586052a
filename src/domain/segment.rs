//! Segment and tier (SPEC §1.1, §1.3): who is in the book, and which cases they may get.

use chrono::NaiveDate;

use super::account::{Account, CustomerType};
use super::case::Category;
use super::model::{Model, Settings};
use super::money::Cents;

/// digital tier (SPEC §1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    One = 1,
    Two = 2,
    Three = 3,
}

impl Tier {
    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn from_number(n: i64) -> Option<Tier> {
        match n {
            1 => Some(Tier::One),
            2 => Some(Tier::Two),
            3 => Some(Tier::Three),
            _ => None,
        }
    }
}

const TIER1_CARR: Cents = Cents::dollars(7_000);
const TIER2_CARR: Cents = Cents::dollars(1_000);
const TIER2_LAM: i64 = 10;

/// [`tier`] without its words: the trigger run asks it of every account.
pub fn tier_rule(carr: Cents, lam: Option<i64>) -> Tier {
    if carr > TIER1_CARR {
        Tier::One
    } else if carr > TIER2_CARR || lam.unwrap_or(0) > TIER2_LAM {
        Tier::Two
    } else {
        Tier::Three
    }
}

/// The tier of SPEC §1.3 **(decision)**: a strict "greater than" earns the higher tier.
/// Unknown LAM counts as 0. Returns the tier and why, in words.
pub fn tier(carr: Cents, lam: Option<i64>) -> (Tier, String) {
    let lam_text = match lam {
        Some(l) => format!("LAM {l}"),
        None => "LAM unknown (counted as 0)".to_string(),
    };
    let lam = lam.unwrap_or(0);
    if carr > TIER1_CARR {
        (
            Tier::One,
            format!("tier 1: cARR {carr} > {}", TIER1_CARR.short()),
        )
    } else if carr > TIER2_CARR {
        (
            Tier::Two,
            format!(
                "tier 2: cARR {carr} > {} and <= {}",
                TIER2_CARR.short(),
                TIER1_CARR.short()
            ),
        )
    } else if lam > TIER2_LAM {
        (
            Tier::Two,
            format!(
                "tier 2: {lam_text} > {TIER2_LAM} (cARR {carr} <= {})",
                TIER2_CARR.short()
            ),
        )
    } else {
        (
            Tier::Three,
            format!(
                "tier 3: cARR {carr} <= {} and {lam_text} <= {TIER2_LAM}",
                TIER2_CARR.short()
            ),
        )
    }
}

/// Where an account stands: in segment or not, its tier, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub in_segment: bool,
    /// digital only; `None` out of segment and for pooled.
    pub tier: Option<Tier>,
    /// One line: the tier rule that applied, or why the account is out of segment.
    pub reason: String,
    /// Every rule checked, with the account's value against the threshold (`--explain`).
    pub checks: Vec<String>,
    /// digital: the day an in-segment account that reached $30,000 moves to Mid-Market.
    pub mid_market_on: Option<NaiveDate>,
}

/// Is `country` Japan (name or ISO code, any case)?
fn is_japan(country: &str) -> bool {
    // Every spelling below has a j, a J or 日 (whose UTF-8 starts with 0xE6): most countries
    // are refused without trimming (`tier --summary` asks this of every account).
    if !country.bytes().any(|b| matches!(b, b'j' | b'J' | 0xE6)) {
        return false;
    }
    let c = country.trim();
    ["japan", "jp", "jpn", "日本"]
        .iter()
        .any(|j| c.eq_ignore_ascii_case(j))
}

/// The account's standing under the database's model as of `today`.
pub fn standing(settings: &Settings, account: &Account, today: NaiveDate) -> Standing {
    match settings.model {
        Model::Digital => digital(settings, account, today),
        Model::Pooled => pooled(settings, account),
    }
}

fn digital(settings: &Settings, a: &Account, today: NaiveDate) -> Standing {
    let mut checks = Vec::new();
    let mut out = Vec::new();
    let mut mid_market_on = None;

    let ceiling = settings.digital_carr_ceiling().short();
    if a.carr < settings.digital_carr_ceiling() {
        checks.push(format!("cARR {} < {ceiling}: in range", a.carr));
    } else {
        // SPEC §1.1: an in-segment account that reached the ceiling moves at the start of the
        // next fiscal quarter; until then it stays in the book.
        let move_on = a
            .carr_crossed_at
            .map(|d| settings.calendar.next_quarter_start(d));
        match move_on {
            Some(day) if today < day => {
                checks.push(format!(
                    "cARR {} >= {ceiling} since {}: moving to Mid-Market on {day}",
                    a.carr,
                    a.carr_crossed_at.expect("move date comes from it"),
                ));
                mid_market_on = Some(day);
            }
            _ => out.push(format!("cARR {} >= {ceiling}: Mid-Market", a.carr)),
        }
    }

    let emp_ceiling = settings.digital_employee_ceiling();
    match a.employees {
        None => checks.push("employees unknown: counted as in range (decision)".to_string()),
        Some(e) if e < emp_ceiling => {
            checks.push(format!("employees {e} < {emp_ceiling}: in range"))
        }
        Some(e) => out.push(format!("employees {e} >= {emp_ceiling}: Mid-Market")),
    }

    if a.has_ultimate == Some(true) {
        out.push("has an Ultimate licence: excluded from SMB".to_string());
    } else {
        checks.push("no Ultimate licence".to_string());
    }

    match a.country.as_deref() {
        Some(c) if is_japan(c) => out.push(format!("country {c}: Japan is excluded from SMB")),
        Some(c) => checks.push(format!("country {c}: not Japan")),
        None => checks.push("country unknown: not Japan".to_string()),
    }

    if !out.is_empty() {
        checks.extend(out.iter().map(|r| format!("OUT: {r}")));
        return Standing {
            in_segment: false,
            tier: None,
            reason: out.join("; "),
            checks,
            mid_market_on: None,
        };
    }

    let (tier, mut reason) = tier(a.carr, a.lam);
    checks.push(reason.clone());
    let allowed: Vec<&str> = Category::DIGITAL
        .iter()
        .filter(|c| c.allowed_for(tier))
        .map(|c| c.as_str())
        .collect();
    checks.push(format!("case categories: {}", allowed.join(", ")));
    if let Some(day) = mid_market_on {
        reason.push_str(&format!("; moving to Mid-Market on {day}"));
    }
    Standing {
        in_segment: true,
        tier: Some(tier),
        reason,
        checks,
        mid_market_on,
    }
}

fn pooled(settings: &Settings, a: &Account) -> Standing {
    let mut checks = Vec::new();
    let kind = match a.customer_type {
        Some(k) => k,
        None => {
            // (decision) no customer type: an account with cARR is an existing customer.
            let k = if a.carr > Cents(0) {
                CustomerType::Existing
            } else {
                CustomerType::New
            };
            checks.push(format!(
                "customer type unknown: counted as {} (cARR {})",
                k.as_str(),
                a.carr
            ));
            k
        }
    };
    let (limit, who) = match kind {
        CustomerType::Existing => (settings.pooled_existing_ceiling(), "existing customer"),
        CustomerType::New => (settings.pooled_new_ceiling(), "new customer"),
    };
    let in_segment = a.carr < limit;
    let ceiling = limit.short();
    let reason = if in_segment {
        format!("pooled: {who}, cARR {} < {ceiling}", a.carr)
    } else {
        format!("{who}, cARR {} >= {ceiling}: not pooled", a.carr)
    };
    checks.push(reason.clone());
    Standing {
        in_segment,
        tier: None,
        reason,
        checks,
        mid_market_on: None,
    }
}

/// The lowest cARR at which an account's `carr_crossed_at` can change its segment or tier
/// ([`in_segment`] reads it only at or above the digital ceiling): below it a reader may leave
/// the date out (`tier --summary` reads every account).
pub const CARR_CROSSING_COUNTS_FROM: Cents = Cents::dollars(30_000);

/// The tier alone (`None` out of segment or pooled), without building any text: the import
/// and `tier --summary` hot path. Agrees with [`standing`] (a property test checks it).
pub fn tier_of(settings: &Settings, a: &Account, today: NaiveDate) -> Option<Tier> {
    in_segment(settings, a, today)
        .then(|| settings.model == Model::Digital)
        .filter(|digital| *digital)
        .map(|_| tier_rule(a.carr, a.lam))
}

/// In segment or not, without building any text. Agrees with [`standing`].
pub fn in_segment(settings: &Settings, a: &Account, today: NaiveDate) -> bool {
    match settings.model {
        Model::Digital => {
            let carr_ok = a.carr < settings.digital_carr_ceiling()
                || a.carr_crossed_at
                    .is_some_and(|d| today < settings.calendar.next_quarter_start(d));
            carr_ok
                && a.employees
                    .is_none_or(|e| e < settings.digital_employee_ceiling())
                && a.has_ultimate != Some(true)
                && !a.country.as_deref().is_some_and(is_japan)
        }
        Model::Pooled => {
            let existing = match a.customer_type {
                Some(k) => k == CustomerType::Existing,
                None => a.carr > Cents(0),
            };
            let limit = if existing {
                settings.pooled_existing_ceiling()
            } else {
                settings.pooled_new_ceiling()
            };
            a.carr < limit
        }
    }
}

/// The column of `tier --summary` an account counts in as of `today`: 0-2 tiers 1-3 (pooled:
/// 0 in segment), 3 out of segment.
pub fn summary_slot(settings: &Settings, a: &Account, today: NaiveDate) -> u8 {
    match tier_of(settings, a, today) {
        Some(t) => t.number() - 1,
        None if in_segment(settings, a, today) => 0, // pooled: in segment, no tier
        None => OUT_OF_SEGMENT,
    }
}

/// The summary column of an account out of segment.
pub const OUT_OF_SEGMENT: u8 = 3;

/// Where an account counts in `tier --summary` on any day, without knowing the day (the
/// summary a PostgreSQL import keeps, issue #16): the account counts in `slot` while the day
/// is before `until`, and out of segment from `until` on (`None`: on every day). `today`
/// enters segmenting in one place only: an in-segment digital account at or above the cARR
/// ceiling stays in the book until the start of the fiscal quarter after its crossing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StandingKey {
    pub slot: u8,
    pub until: Option<NaiveDate>,
}

impl StandingKey {
    /// The summary column on `today` ([`summary_slot`] of the account the key was made of).
    pub fn slot_on(self, today: NaiveDate) -> u8 {
        match self.until {
            Some(until) if today >= until => OUT_OF_SEGMENT,
            _ => self.slot,
        }
    }
}

/// The account's [`StandingKey`] under `settings`.
pub fn standing_key(settings: &Settings, a: &Account) -> StandingKey {
    let always = |slot| StandingKey { slot, until: None };
    match settings.model {
        Model::Pooled => {
            // No rule of the pooled segment reads the day (`in_segment`).
            let any_day = NaiveDate::MIN;
            always(if in_segment(settings, a, any_day) {
                0
            } else {
                OUT_OF_SEGMENT
            })
        }
        Model::Digital => {
            let others_ok = a
                .employees
                .is_none_or(|e| e < settings.digital_employee_ceiling())
                && a.has_ultimate != Some(true)
                && !a.country.as_deref().is_some_and(is_japan);
            if !others_ok {
                return always(OUT_OF_SEGMENT);
            }
            let slot = tier_rule(a.carr, a.lam).number() - 1;
            if a.carr < settings.digital_carr_ceiling() {
                return always(slot);
            }
            match a.carr_crossed_at {
                Some(d) => StandingKey {
                    slot,
                    until: Some(settings.calendar.next_quarter_start(d)),
                },
                None => always(OUT_OF_SEGMENT),
            }
        }
    }
}

/// Every setting and rule [`standing_key`] reads, as text: a kept summary built under another
/// basis is never used. The leading version names the rules themselves: change it with any
/// change of `in_segment`, `tier_rule` or `standing_key` that the values below do not show.
pub fn standing_basis(settings: &Settings) -> String {
    format!(
        "standings v1; model {}; fiscal year from month {}; digital cARR < {} cents, \
         employees < {}, tier 1 cARR > {}, tier 2 cARR > {} or LAM > {}; \
         pooled existing < {}, new < {}",
        settings.model.as_str(),
        settings.calendar.start_month,
        settings.digital_carr_ceiling().0,
        settings.digital_employee_ceiling(),
        TIER1_CARR.0,
        TIER2_CARR.0,
        TIER2_LAM,
        settings.pooled_existing_ceiling().0,
        settings.pooled_new_ceiling().0,
    )
}

/// Change tracking of the digital ceiling (SPEC §1.1, §3.4): the day an account that was in
/// segment first showed a cARR at or above $30,000. `previous` is the stored account.
pub fn carr_crossed_at(
    settings: &Settings,
    previous: Option<&Account>,
    new: &Account,
    today: NaiveDate,
) -> Option<NaiveDate> {
    if settings.model != Model::Digital || new.carr < settings.digital_carr_ceiling() {
        return None;
    }
    let prev = previous?;
    if prev.carr_crossed_at.is_some() {
        return prev.carr_crossed_at;
    }
    let was_in = in_segment(settings, prev, today);
    (was_in && prev.carr < settings.digital_carr_ceiling()).then_some(today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Region;

    fn acct(carr: i64, lam: Option<i64>) -> Account {
        let mut a = Account::new("A1", "Acme", Region::Amer, Cents(carr));
        a.lam = lam;
        a
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn tier_boundaries_of_spec_1_3() {
        assert_eq!(tier(Cents(700_000), None).0, Tier::Two);
        assert_eq!(tier(Cents(700_001), None).0, Tier::One);
        assert_eq!(tier(Cents(100_000), Some(10)).0, Tier::Three);
        assert_eq!(tier(Cents(100_001), Some(0)).0, Tier::Two);
        assert_eq!(tier(Cents(50_000), Some(11)).0, Tier::Two);
        assert_eq!(tier(Cents(50_000), Some(10)).0, Tier::Three);
        assert_eq!(tier(Cents(0), None).0, Tier::Three);
        assert!(tier(Cents(0), None).1.contains("LAM unknown"));
    }

    #[test]
    fn digital_segment_rules() {
        let s = Settings::new(Model::Digital);
        let today = day("2026-03-02");
        let a = acct(2_999_999, None);
        assert!(standing(&s, &a, today).in_segment);
        let out = standing(&s, &acct(3_120_000, None), today);
        assert!(!out.in_segment);
        assert_eq!(out.tier, None);
        assert_eq!(out.reason, "cARR $31,200.00 >= $30,000: Mid-Market");

        let mut e = acct(100, None);
        e.employees = Some(100);
        assert!(standing(&s, &e, today).in_segment);
        e.employees = Some(101);
        assert!(!standing(&s, &e, today).in_segment);
        e.employees = None;
        let st = standing(&s, &e, today);
        assert!(st.in_segment);
        assert!(st.checks.iter().any(|c| c.contains("employees unknown")));

        let mut u = acct(100, None);
        u.has_ultimate = Some(true);
        assert!(standing(&s, &u, today).reason.contains("Ultimate"));
        let mut j = acct(100, None);
        j.country = Some("japan".into());
        assert!(!standing(&s, &j, today).in_segment);
        j.country = Some("JP".into());
        assert!(!standing(&s, &j, today).in_segment);
        j.country = Some("Germany".into());
        assert!(standing(&s, &j, today).in_segment);
    }

    #[test]
    fn several_out_reasons_are_all_given() {
        let s = Settings::new(Model::Digital);
        let mut a = acct(3_000_000, None);
        a.employees = Some(500);
        let st = standing(&s, &a, day("2026-03-02"));
        assert!(st.reason.contains("cARR") && st.reason.contains("employees 500"));
    }

    #[test]
    fn crossing_the_ceiling_moves_at_next_fiscal_quarter() {
        let s = Settings::new(Model::Digital);
        let before = acct(2_500_000, None);
        let mut after = acct(3_120_000, None);
        let crossed = carr_crossed_at(&s, Some(&before), &after, day("2026-03-02"));
        assert_eq!(crossed, Some(day("2026-03-02")));
        after.carr_crossed_at = crossed;
        let st = standing(&s, &after, day("2026-04-30"));
        assert!(st.in_segment);
        assert_eq!(st.tier, Some(Tier::One));
        assert_eq!(st.mid_market_on, Some(day("2026-05-01")));
        assert!(st.reason.contains("moving to Mid-Market on 2026-05-01"));
        assert!(!standing(&s, &after, day("2026-05-01")).in_segment);
        // First seen above the ceiling: never was in segment, no move date.
        assert_eq!(carr_crossed_at(&s, None, &after, day("2026-03-02")), None);
        // Falls back under: the crossing is forgotten.
        assert_eq!(
            carr_crossed_at(&s, Some(&after), &before, day("2026-03-09")),
            None
        );
        // Stays above: the first crossing date is kept.
        assert_eq!(
            carr_crossed_at(&s, Some(&after), &after, day("2026-03-09")),
            Some(day("2026-03-02"))
        );
    }

    #[test]
    fn pooled_segment_rules() {
        let s = Settings::new(Model::Pooled);
        let today = day("2026-03-02");
        let mut a = acct(399_999, None);
        a.customer_type = Some(CustomerType::Existing);
        assert!(standing(&s, &a, today).in_segment);
        a.carr = Cents(400_000);
        assert!(!standing(&s, &a, today).in_segment);
        a.customer_type = Some(CustomerType::New);
        a.carr = Cents(199_999);
        assert!(standing(&s, &a, today).in_segment);
        a.carr = Cents(200_000);
        let st = standing(&s, &a, today);
        assert!(!st.in_segment);
        assert_eq!(st.tier, None);
        assert_eq!(
            st.reason,
            "new customer, cARR $2,000.00 >= $2,000: not pooled"
        );
    }

    #[test]
    fn the_standing_basis_names_the_model_and_the_fiscal_calendar() {
        let d = Settings::new(Model::Digital);
        let mut later = d.clone();
        later.calendar = crate::domain::calendar::FiscalCalendar::new(3).unwrap();
        let mut other = d.clone();
        other.renewal_window_days = 90; // not read by segmenting
        assert_eq!(standing_basis(&d), standing_basis(&other));
        assert_ne!(standing_basis(&d), standing_basis(&later));
        assert_ne!(
            standing_basis(&d),
            standing_basis(&Settings::new(Model::Pooled))
        );
    }

    proptest::proptest! {
        /// Below `CARR_CROSSING_COUNTS_FROM` the cARR crossing date changes neither segment nor
        /// tier nor standing, on either model (`tier --summary` on SQLite leaves it out there).
        #[test]
        fn the_crossing_date_counts_only_from_its_carr(
            carr in 0i64..6_000_000,
            lam in proptest::option::of(0i64..30),
            employees in proptest::option::of(90i64..110),
            crossed in 0u64..800,
            new_customer in proptest::option::of(proptest::bool::ANY),
            pooled in proptest::bool::ANY,
        ) {
            let s = Settings::new(if pooled { Model::Pooled } else { Model::Digital });
            let today = day("2026-03-02");
            let mut a = acct(carr, lam);
            a.employees = employees;
            a.customer_type = new_customer.map(|n| if n { CustomerType::New } else { CustomerType::Existing });
            let mut dated = a.clone();
            dated.carr_crossed_at = Some(day("2025-03-01") + chrono::Days::new(crossed));
            if a.carr < CARR_CROSSING_COUNTS_FROM {
                proptest::prop_assert_eq!(in_segment(&s, &a, today), in_segment(&s, &dated, today));
                proptest::prop_assert_eq!(tier_of(&s, &a, today), tier_of(&s, &dated, today));
                proptest::prop_assert_eq!(standing(&s, &a, today), standing(&s, &dated, today));
            }
        }

        /// Japan is found in any case, with surrounding spaces, as a name, code or 日本.
        #[test]
        fn japan_is_found_however_it_is_spelled(
            pick in 0usize..8,
            pad in "[ \t\u{3000}]{0,2}",
        ) {
            let names = ["Japan", "JAPAN", "jp", "Jp", "JPN", "jpn", "日本", "jApAn"];
            let c = format!("{pad}{}{pad}", names[pick]);
            proptest::prop_assert!(is_japan(&c), "{}", c);
            proptest::prop_assert!(!is_japan(&format!("{c}x")), "{}", c);
        }

        /// The text-free fast path agrees with the explained standing on every account.
        #[test]
        fn tier_of_agrees_with_standing(
            carr in 0i64..4_000_000,
            lam in proptest::option::of(0i64..30),
            employees in proptest::option::of(90i64..110),
            ultimate in proptest::option::of(proptest::bool::ANY),
            japan in proptest::bool::ANY,
            crossed in proptest::option::of(0u64..400),
            new_customer in proptest::option::of(proptest::bool::ANY),
            pooled in proptest::bool::ANY,
        ) {
            let s = Settings::new(if pooled { Model::Pooled } else { Model::Digital });
            let today = day("2026-03-02");
            let mut a = acct(carr, lam);
            a.employees = employees;
            a.has_ultimate = ultimate;
            a.country = Some(if japan { "Japan" } else { "France" }.into());
            a.carr_crossed_at = crossed.map(|d| day("2025-03-01") + chrono::Days::new(d));
            a.customer_type = new_customer.map(|n| if n { CustomerType::New } else { CustomerType::Existing });
            let st = standing(&s, &a, today);
            proptest::prop_assert_eq!(in_segment(&s, &a, today), st.in_segment);
            proptest::prop_assert_eq!(tier_of(&s, &a, today), st.tier);
        }

        /// The day-free key of an account, read on any day, is the column `tier --summary`
        /// counts the account in on that day: before, on and after its move date, both models,
        /// any fiscal calendar.
        #[test]
        fn the_standing_key_read_on_any_day_is_the_summary_column(
            carr in proptest::prop_oneof![0i64..4_000_000, 2_990_000i64..3_010_000, 0i64..i64::MAX / 2],
            lam in proptest::option::of(0i64..30),
            employees in proptest::option::of(90i64..110),
            ultimate in proptest::option::of(proptest::bool::ANY),
            country in proptest::option::of(proptest::sample::select(vec!["Japan", " jp ", "France", "日本"])),
            crossed in proptest::option::of(0u64..800),
            new_customer in proptest::option::of(proptest::bool::ANY),
            pooled in proptest::bool::ANY,
            fiscal in 1u32..=12,
            today in 0u64..1_000,
        ) {
            let mut s = Settings::new(if pooled { Model::Pooled } else { Model::Digital });
            s.calendar = crate::domain::calendar::FiscalCalendar::new(fiscal).unwrap();
            let mut a = acct(carr, lam);
            a.employees = employees;
            a.has_ultimate = ultimate;
            a.country = country.map(str::to_string);
            a.carr_crossed_at = crossed.map(|d| day("2025-03-01") + chrono::Days::new(d));
            a.customer_type = new_customer.map(|n| if n { CustomerType::New } else { CustomerType::Existing });
            let key = standing_key(&s, &a);
            let today = day("2025-01-01") + chrono::Days::new(today);
            proptest::prop_assert_eq!(key.slot_on(today), summary_slot(&s, &a, today));
            // Around the move date too: the day before, the day itself, the day after.
            if let Some(until) = key.until {
                for d in [until.pred_opt().unwrap(), until, until.succ_opt().unwrap()] {
                    proptest::prop_assert_eq!(key.slot_on(d), summary_slot(&s, &a, d), "{}", d);
                }
            }
        }

        /// The tier function is total and monotone in cARR: more cARR never lowers the tier.
        #[test]
        fn tier_is_total_and_monotone(a in 0i64..5_000_000, b in 0i64..5_000_000, lam in proptest::option::of(0i64..1000)) {
            let (lo, hi) = (a.min(b), a.max(b));
            let (t_lo, _) = tier(Cents(lo), lam);
            let (t_hi, _) = tier(Cents(hi), lam);
            // Tier::One < Tier::Two numerically; a higher tier is a smaller number.
            proptest::prop_assert!(t_hi <= t_lo);
        }
    }
}
