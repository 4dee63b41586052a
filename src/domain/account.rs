//! Accounts, opportunities, contacts and inbound events as the domain sees them: validated,
//! typed, with money in cents and dates as dates.

use chrono::{DateTime, NaiveDate, Utc};

use super::model::Region;
use super::money::Cents;

/// pooled: whether the account is already a customer (SPEC §1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerType {
    New,
    Existing,
}

impl CustomerType {
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerType::New => "new",
            CustomerType::Existing => "existing",
        }
    }

    /// SPEC §8 (decision): `new` (also `new business`, `new customer`, `prospect`) or
    /// `existing` (also `existing customer`, `customer`, `renewal`), ignoring case, spaces and
    /// hyphens; anything else is `None`.
    pub fn parse(s: &str) -> Option<CustomerType> {
        // The stored forms first, without allocating: every account read parses one.
        match s {
            "new" => return Some(CustomerType::New),
            "existing" => return Some(CustomerType::Existing),
            _ => {}
        }
        match vocabulary_form(s).as_str() {
            "new" | "newbusiness" | "newcustomer" | "prospect" => Some(CustomerType::New),
            "existing" | "existingcustomer" | "customer" | "renewal" => {
                Some(CustomerType::Existing)
            }
            _ => None,
        }
    }
}

/// How a closed vocabulary's value is compared (SPEC §8): lower case, without spaces and
/// hyphens.
fn vocabulary_form(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// How the account's product is deployed (SPEC §8 decision), stored as `Self-Managed` or
/// `SaaS`; the overage trigger's threshold depends on it (SPEC §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deployment {
    SelfManaged,
    SaaS,
}

impl Deployment {
    pub fn as_str(self) -> &'static str {
        match self {
            Deployment::SelfManaged => "Self-Managed",
            Deployment::SaaS => "SaaS",
        }
    }

    /// `Self-Managed` (also `SM`, `self managed`) or `SaaS` (also `GitLab.com`, `.com`,
    /// `Dedicated`), ignoring case, spaces and hyphens; anything else is `None`.
    pub fn parse(s: &str) -> Option<Deployment> {
        // The stored forms first, without allocating: a first load parses every row's.
        match s {
            "Self-Managed" => return Some(Deployment::SelfManaged),
            "SaaS" => return Some(Deployment::SaaS),
            _ => {}
        }
        match vocabulary_form(s).as_str() {
            "selfmanaged" | "sm" => Some(Deployment::SelfManaged),
            "saas" | "gitlab.com" | ".com" | "dedicated" => Some(Deployment::SaaS),
            _ => None,
        }
    }
}

/// An account as imported (SPEC §8), with its tracked change dates (SPEC §3.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub region: Region,
    pub carr: Cents,
    pub country: Option<String>,
    pub employees: Option<i64>,
    pub lam: Option<i64>,
    pub has_ultimate: Option<bool>,
    pub auto_renew: Option<bool>,
    pub pte: Option<u8>,
    pub ptc: Option<u8>,
    pub deployment: Option<String>,
    pub email_domain: Option<String>,
    pub customer_type: Option<CustomerType>,
    pub owner: Option<String>,
    pub subscription_end_date: Option<NaiveDate>,
    pub seats: Option<i64>,
    pub active_users: Option<i64>,
    pub overage: Option<Cents>,
    pub qsr_enabled: Option<bool>,
    pub auto_renew_changed_at: Option<NaiveDate>,
    pub pte_updated_at: Option<NaiveDate>,
    pub ptc_updated_at: Option<NaiveDate>,
    /// Derived at import: when the tier last changed.
    pub tier_changed_at: Option<NaiveDate>,
    /// Derived at import: when an in-segment account's cARR reached the digital ceiling.
    pub carr_crossed_at: Option<NaiveDate>,
}

impl Account {
    /// A minimal account, for tests and manual use; every optional field empty.
    pub fn new(id: &str, name: &str, region: Region, carr: Cents) -> Self {
        Account {
            id: id.to_string(),
            name: name.to_string(),
            region,
            carr,
            country: None,
            employees: None,
            lam: None,
            has_ultimate: None,
            auto_renew: None,
            pte: None,
            ptc: None,
            deployment: None,
            email_domain: None,
            customer_type: None,
            owner: None,
            subscription_end_date: None,
            seats: None,
            active_users: None,
            overage: None,
            qsr_enabled: None,
            auto_renew_changed_at: None,
            pte_updated_at: None,
            ptc_updated_at: None,
            tier_changed_at: None,
            carr_crossed_at: None,
        }
    }
}

/// An opportunity as imported (SPEC §8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opportunity {
    pub id: String,
    pub account_id: String,
    pub kind: String,
    pub stage: String,
    pub close_date: NaiveDate,
    pub name: Option<String>,
    pub amount: Option<Cents>,
    pub owner: Option<String>,
    pub users: Option<i64>,
    pub po_required: Option<bool>,
    pub eoa: Option<bool>,
    pub multi_year: Option<bool>,
    pub auto_renew: Option<bool>,
    pub auto_renewal_status: Option<String>,
    pub qsr_status: Option<String>,
    pub payment_failure: Option<bool>,
    pub includes_duo: Option<bool>,
    pub renewal_risk: Option<String>,
}

impl Opportunity {
    /// An opportunity with its required fields; every optional field empty.
    pub fn new(id: &str, account_id: &str, kind: &str, stage: &str, close_date: NaiveDate) -> Self {
        Opportunity {
            id: id.to_string(),
            account_id: account_id.to_string(),
            kind: kind.to_string(),
            stage: stage.to_string(),
            close_date,
            name: None,
            amount: None,
            owner: None,
            users: None,
            po_required: None,
            eoa: None,
            multi_year: None,
            auto_renew: None,
            auto_renewal_status: None,
            qsr_status: None,
            payment_failure: None,
            includes_duo: None,
            renewal_risk: None,
        }
    }

    /// Open unless its stage says closed (SPEC §3): see [`stage_is_closed`].
    pub fn is_open(&self) -> bool {
        !stage_is_closed(&self.stage)
    }

    fn type_is(&self, words: &[&str]) -> bool {
        // Compared without allocating: the trigger run asks this of every opportunity.
        words
            .iter()
            .any(|w| self.kind.eq_ignore_ascii_case(w) || squashed_eq(&self.kind, w))
    }

    pub fn is_renewal(&self) -> bool {
        self.type_is(&["renewal"])
    }

    pub fn is_qsr(&self) -> bool {
        self.type_is(&["qsr", "quarterly subscription reconciliation"])
    }

    /// Add-On or Growth opportunities (future High Value, SPEC §3.1).
    pub fn is_add_on_or_growth(&self) -> bool {
        self.type_is(&["add-on", "add-on business", "addon", "growth", "expansion"])
    }

    /// pooled: an Ultimate Upgrade opportunity (type Upgrade, or "Ultimate Upgrade" in its name).
    pub fn is_upgrade(&self) -> bool {
        self.type_is(&["upgrade", "ultimate upgrade"])
            || self
                .name
                .as_deref()
                .is_some_and(|n| contains_ignoring_ascii_case(n, "ultimate upgrade"))
    }
}

/// `hay.to_ascii_lowercase().contains(needle)` for an ASCII lower-case `needle`, without
/// allocating (the trigger run asks it of every opportunity it keeps).
fn contains_ignoring_ascii_case(hay: &str, needle: &str) -> bool {
    let Some(&first) = needle.as_bytes().first() else {
        return true;
    };
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w[0].to_ascii_lowercase() == first && w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// `squashed(a) == squashed(b)`; byte by byte when both are ASCII (where `to_lowercase` is
/// `to_ascii_lowercase`), which the trigger run asks of every opportunity several times.
fn squashed_eq(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        fn squash(s: &str) -> impl Iterator<Item = u8> + '_ {
            s.bytes()
                .filter(|c| !matches!(c, b' ' | b'_' | b'-'))
                .map(|c| c.to_ascii_lowercase())
        }
        return squash(a).eq(squash(b));
    }
    squashed(a).eq(squashed(b))
}

/// The characters of [`normalize`], without allocating.
fn squashed(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
}

/// SPEC §3 (decision): an opportunity is closed when its stage, ignoring case, starts with
/// `closed` or is `won` or `lost`; a CRM's step number before it (`8-Closed Lost`, `7 - Won`)
/// is not part of the stage's words. Every other stage is open. Allocation-free: the trigger
/// run asks it of every opportunity.
pub fn stage_is_closed(stage: &str) -> bool {
    let words = stage
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches([' ', '-', '.', '_'])
        .trim();
    let b = words.as_bytes();
    (b.len() >= 6 && b[..6].eq_ignore_ascii_case(b"closed"))
        || words.eq_ignore_ascii_case("won")
        || words.eq_ignore_ascii_case("lost")
}

/// The domain of an email address (after its last `@`), matched against an account's
/// `email_domain` (SPEC §5; inbound events likewise, §3.3 item 4). `None` without one.
pub fn email_domain(address: &str) -> Option<&str> {
    address
        .trim()
        .rsplit_once('@')
        .map(|(_, d)| d)
        .filter(|d| !d.is_empty())
}

/// Lower case with spaces, `_` and `-` removed: how headers and keywords are compared.
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A contact as imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub id: String,
    pub account_id: String,
    pub email: String,
    pub name: Option<String>,
    pub language: Option<String>,
}

/// An inbound event as imported (hand raise, contact sales request, SDR hand-over, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: String,
    pub kind: String,
    pub occurred_at: DateTime<Utc>,
    pub account_id: Option<String>,
    pub email: Option<String>,
    pub description: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The ASCII shortcut of the opportunity type match says what the general one says.
        #[test]
        fn a_type_matches_the_same_with_or_without_the_ascii_shortcut(
            a in "[a-zA-Z _\\-éÉİß]{0,12}",
            b in "[a-zA-Z _\\-éÉİß]{0,12}",
        ) {
            proptest::prop_assert_eq!(squashed_eq(&a, &b), squashed(&a).eq(squashed(&b)));
            let lower = a.to_ascii_lowercase().replace(['-', ' '], "_");
            proptest::prop_assert_eq!(squashed_eq(&a, &lower), squashed(&a).eq(squashed(&lower)));
        }

        /// The upgrade name search without allocating finds what lower-casing the name finds.
        #[test]
        fn an_upgrade_name_is_found_as_lower_casing_finds_it(
            before in "[a-zA-Z éÉİß]{0,6}",
            word in "[uU][lL][tT][iI][mM][aA][tT][eE] [uU][pP][gG][rR][aA][dD][eE]",
            cut in 0usize..17,
            after in "[a-zA-Z éÉİß]{0,6}",
        ) {
            // The word whole, or cut short, or with a non-ASCII letter in it.
            for name in [
                format!("{before}{word}{after}"),
                format!("{before}{}{after}", &word[..cut]),
                format!("{before}{}é{}{after}", &word[..cut], &word[cut..]),
            ] {
                let needle = "ultimate upgrade";
                proptest::prop_assert_eq!(
                    contains_ignoring_ascii_case(&name, needle),
                    name.to_ascii_lowercase().contains(needle),
                    "{}", name
                );
            }
        }
    }

    #[test]
    fn won_and_lost_stages_are_closed() {
        for closed in [
            "Won",
            " lost ",
            "Closed Won",
            "closed lost",
            "8-Closed Lost",
            "7 - Won",
        ] {
            assert!(stage_is_closed(closed), "{closed}");
            assert!(!opp("Renewal", closed).is_open(), "{closed}");
        }
        for open in [
            "4-Proposal",
            "Negotiating",
            "Wont renew yet",
            "Not closed",
            "",
        ] {
            assert!(!stage_is_closed(open), "{open}");
        }
    }

    fn opp(kind: &str, stage: &str) -> Opportunity {
        Opportunity::new("O1", "A1", kind, stage, "2026-03-01".parse().unwrap())
    }

    #[test]
    fn opportunity_kinds_and_stages() {
        assert!(opp("Renewal", "4-Proposal").is_open());
        assert!(!opp("Renewal", "Closed Won").is_open());
        assert!(!opp("Renewal", "8-closed lost").is_open());
        assert!(opp("renewal", "x").is_renewal());
        assert!(opp("Add-On Business", "x").is_add_on_or_growth());
        assert!(opp("Growth", "x").is_add_on_or_growth());
        assert!(!opp("New Business", "x").is_add_on_or_growth());
        assert!(opp("QSR", "x").is_qsr());
        let mut up = opp("New Business", "x");
        up.name = Some("Acme - Ultimate Upgrade".into());
        assert!(up.is_upgrade());
    }

    #[test]
    fn customer_types() {
        assert_eq!(CustomerType::parse("New Customer"), Some(CustomerType::New));
        assert_eq!(
            CustomerType::parse("existing"),
            Some(CustomerType::Existing)
        );
        assert_eq!(CustomerType::parse("partner"), None);
    }
}

/// The inbound event types an events export may carry (SPEC §3.1, §3.2), as catalog keys.
pub const EVENT_TYPES: &[&str] = &[
    "contact_sales_request",
    "hand_raise_pql",
    "support_ticket",
    "sdr_created",
    "fo_opp",
    "fo_opp_startup",
    "customer_mql",
    "duo_trial_started",
    "free_user_limit",
];

/// The catalog key of an event type given as `Hand Raise PQL`, `hand-raise-pql`,
/// `FO Opp (Startup)`, …: letters and digits compared case-insensitively.
pub fn event_type_key(s: &str) -> Option<&'static str> {
    let squash = |t: &str| {
        t.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect::<String>()
    };
    let want = squash(s);
    EVENT_TYPES.iter().copied().find(|k| squash(k) == want)
}

#[cfg(test)]
mod event_type_tests {
    use super::*;

    #[test]
    fn event_types_accept_human_forms() {
        assert_eq!(event_type_key("Hand Raise PQL"), Some("hand_raise_pql"));
        assert_eq!(event_type_key("FO Opp (Startup)"), Some("fo_opp_startup"));
        assert_eq!(
            event_type_key("contact-sales-request"),
            Some("contact_sales_request")
        );
        assert_eq!(event_type_key("webinar"), None);
    }
}
