//! The two trigger catalogs as data: SPEC §3.1 (digital, 23 triggers) and §3.2 (pooled, 15).
//!
//! Each trigger has a stable key (stored on every case it makes), a category (digital) or kind
//! (pooled RT / PRO / HR), a priority, a subject, and a [`Rule`]: which signal it reads and what
//! must hold. The words of [`Trigger::condition`] are what `smb trigger list` prints; `{ahead}`
//! and `{back}` stand for the model's renewal and change windows.

use crate::domain::case::{Category, Priority};
use crate::domain::model::{Model, Settings};

/// Which kind of open opportunity a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OppKind {
    /// An open opportunity of type Renewal (SPEC §3: "a renewal opp").
    Renewal,
    /// An open QSR opportunity.
    Qsr,
}

/// What an opportunity must carry for an opportunity rule to fire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OppFlag {
    /// Nothing beyond its kind.
    Any,
    PoRequired,
    /// End of Availability; digital also needs more than this many users.
    Eoa {
        more_than_users: Option<i64>,
    },
    MultiYear,
    PaymentFailure,
    IncludesDuo,
    /// Renewal risk "Will Churn".
    WillChurn,
    /// Auto-renewal status says the auto-renewal is due to fail.
    DueToFail,
    /// QSR status "Failed".
    QsrFailed,
    /// The opportunity's auto-renew is off (explicitly false).
    NotAutoRenewing,
}

/// Where an opportunity's close date must lie, as of today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OppWindow {
    /// Anywhere.
    Any,
    /// Between today and today + the renewal window, both inclusive ("within 60 days").
    Ahead,
    /// Today or later ("close date not passed").
    NotPassed,
    /// Before today ("past its close date").
    Passed,
}

/// The signal a trigger reads and what must hold for it to fire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// One case per inbound event whose type is the trigger's key.
    Event,
    /// Made by another command (`smb case email`, `smb case new`), never by `trigger run`.
    Outside,
    /// One case per open opportunity of `kind` carrying `flag` with its close date in `window`.
    Opp {
        kind: OppKind,
        flag: OppFlag,
        window: OppWindow,
    },
    /// Account auto-renew off, changed within the change window.
    AutoRenewOff,
    /// Subscription ends within the renewal window and no open renewal opp.
    MissingRenewalOpp,
    /// Tier 1, no High Value Account case this fiscal year, not suppressed (SPEC §4.6).
    HighValueAccount,
    /// 90/180/270 days after the High Value Account case, without other engagement this quarter.
    HighValueCheckin,
    /// Tier 2 whose cARR plus open Add-On/Growth opps exceeds $7,000.
    FutureHighValue,
    /// PTE 4 or 5, changed within the change window.
    NewPte,
    /// PTC 1, changed within the change window.
    NewPtc,
    /// Overage over the deployment's threshold, QSR off, subscription ending within the window.
    Overage,
    /// At least one active user and active users at most half the seats.
    Underutilization,
}

/// One trigger of a catalog.
#[derive(Debug, PartialEq, Eq)]
pub struct Trigger {
    /// Stable key: stored in `cases.trigger` and the dedup key.
    pub key: &'static str,
    /// digital: the case category; pooled: the kind (RT / PRO / HR).
    pub category: Category,
    pub priority: Priority,
    /// The case subject. Pooled reactive triggers append the close date (`: MM.DD.YYYY`).
    pub subject: &'static str,
    /// Does the subject carry the opportunity's close date (pooled RT)?
    pub dated_subject: bool,
    pub rule: Rule,
    /// When it fires, in words, with `{ahead}` / `{back}` for the model's windows.
    condition: &'static str,
}

impl Trigger {
    /// When the trigger fires, in words, with the database's windows filled in.
    pub fn condition(&self, settings: &Settings) -> String {
        self.condition
            .replace("{ahead}", &settings.renewal_window_days.to_string())
            .replace("{back}", &settings.change_window_days.to_string())
    }

    /// The kind column of `trigger list`: the category, or for pooled its short kind.
    pub fn kind_label(&self) -> &'static str {
        match self.category {
            Category::ReactiveTrigger => "RT",
            Category::ProactiveTrigger => "PRO",
            Category::HandRaise => "HR",
            Category::PooledInternal => "-",
            other => other.as_str(),
        }
    }

    /// Does `trigger run` evaluate it (email and manual cases come from other commands)?
    pub fn is_evaluated(&self) -> bool {
        self.rule != Rule::Outside
    }
}

/// The catalog of a model, in the order of the spec's table.
pub fn catalog(model: Model) -> &'static [Trigger] {
    match model {
        Model::Digital => &DIGITAL,
        Model::Pooled => &POOLED,
    }
}

/// The trigger of `model` with `key`.
pub fn find(model: Model, key: &str) -> Option<&'static Trigger> {
    catalog(model).iter().find(|t| t.key == key)
}

const fn t(
    key: &'static str,
    category: Category,
    priority: Priority,
    subject: &'static str,
    rule: Rule,
    condition: &'static str,
) -> Trigger {
    Trigger {
        key,
        category,
        priority,
        subject,
        dated_subject: false,
        rule,
        condition,
    }
}

const fn opp(kind: OppKind, flag: OppFlag, window: OppWindow) -> Rule {
    Rule::Opp { kind, flag, window }
}

/// A pooled reactive trigger: its subject carries the close date.
const fn rt(
    key: &'static str,
    subject: &'static str,
    rule: Rule,
    condition: &'static str,
) -> Trigger {
    Trigger {
        key,
        category: Category::ReactiveTrigger,
        priority: Priority::Medium,
        subject,
        dated_subject: true,
        rule,
        condition,
    }
}

use Category::{ChurnMitigation, Expansion, HighValue, InboundRequest, UrgentRenewal};
use OppKind::{Qsr, Renewal};
use Priority::{High, Low, Medium};

/// SPEC §3.1. Subjects are the seed's case type names.
static DIGITAL: [Trigger; 23] = [
    t(
        "email_to_case",
        InboundRequest,
        High,
        "Email to Case",
        Rule::Outside,
        "an email arrives (smb case email); not made by trigger run",
    ),
    t(
        "contact_sales_request",
        InboundRequest,
        High,
        "Contact Sales Request",
        Rule::Event,
        "an inbound contact_sales_request event",
    ),
    t(
        "hand_raise_pql",
        InboundRequest,
        High,
        "Hand-Raise PQL",
        Rule::Event,
        "an inbound hand_raise_pql event",
    ),
    t(
        "support_ticket",
        InboundRequest,
        High,
        "Support Ticket",
        Rule::Event,
        "an inbound support_ticket event (or a manual case with subject Support Ticket)",
    ),
    t(
        "sdr_created",
        InboundRequest,
        High,
        "SDR Created",
        Rule::Event,
        "an inbound sdr_created event (or a manual case)",
    ),
    t(
        "auto_renew_off",
        ChurnMitigation,
        Medium,
        "Auto Renew recently turned off",
        Rule::AutoRenewOff,
        "the account's auto-renew is off and changed within the last {back} days (inclusive)",
    ),
    t(
        "renewal_payment_failure",
        ChurnMitigation,
        Medium,
        "Renewal with Payment Failure",
        opp(Renewal, OppFlag::PaymentFailure, OppWindow::Any),
        "an open renewal opp with a payment failure",
    ),
    t(
        "fo_opp",
        Expansion,
        Medium,
        "FO Opp",
        Rule::Event,
        "an inbound fo_opp event: an SDR qualified a net-new lead (or a manual case)",
    ),
    t(
        "fo_opp_startup",
        Expansion,
        Medium,
        "FO Opp (Startup)",
        Rule::Event,
        "an inbound fo_opp_startup event (or a manual case)",
    ),
    t(
        "qsr_payment_failure",
        Expansion,
        Medium,
        "QSR with Payment Failure",
        opp(Qsr, OppFlag::PaymentFailure, OppWindow::Any),
        "an open QSR opp with a payment failure",
    ),
    t(
        "customer_mql",
        Expansion,
        Medium,
        "Customer MQL",
        Rule::Event,
        "an inbound customer_mql event",
    ),
    t(
        "duo_trial_started",
        Expansion,
        Medium,
        "Duo Trial Started",
        Rule::Event,
        "an inbound duo_trial_started event",
    ),
    t(
        "po_renewal",
        UrgentRenewal,
        Medium,
        "PO Renewal",
        opp(Renewal, OppFlag::PoRequired, OppWindow::Ahead),
        "an open renewal opp needing a PO (partner and alliance renewals included) closing within {ahead} days",
    ),
    t(
        "eoa_renewal",
        UrgentRenewal,
        Medium,
        "EoA Renewal w/ >25 users",
        opp(
            Renewal,
            OppFlag::Eoa {
                more_than_users: Some(25),
            },
            OppWindow::Ahead,
        ),
        "an open EoA renewal opp with more than 25 users closing within {ahead} days",
    ),
    t(
        "multiyear_renewal",
        UrgentRenewal,
        Medium,
        "Multiyear Renewal",
        opp(Renewal, OppFlag::MultiYear, OppWindow::Ahead),
        "an open multi-year renewal opp closing within {ahead} days",
    ),
    t(
        "renewal_will_churn",
        UrgentRenewal,
        Medium,
        "Renewal Risk: Will Churn",
        opp(Renewal, OppFlag::WillChurn, OppWindow::Any),
        "an open renewal opp whose renewal risk is Will Churn",
    ),
    t(
        "auto_renewal_due_to_fail",
        UrgentRenewal,
        Medium,
        "Auto Renewal due to fail",
        opp(Renewal, OppFlag::DueToFail, OppWindow::NotPassed),
        "an open renewal opp whose auto-renewal status says due to fail, close date not passed",
    ),
    t(
        "free_user_limit",
        UrgentRenewal,
        Medium,
        "Free User Limit Sales-Assist",
        Rule::Event,
        "an inbound free_user_limit event",
    ),
    t(
        "renewal_with_duo",
        UrgentRenewal,
        Medium,
        "Renewal with Duo",
        opp(Renewal, OppFlag::IncludesDuo, OppWindow::Ahead),
        "an open renewal opp that includes Duo closing within {ahead} days",
    ),
    t(
        "missing_renewal_opp",
        UrgentRenewal,
        Medium,
        "Missing Renewal Opportunity",
        Rule::MissingRenewalOpp,
        "the subscription ends within {ahead} days and the account has no open renewal opp",
    ),
    t(
        "high_value_account",
        HighValue,
        Low,
        "High Value Account",
        Rule::HighValueAccount,
        "a tier 1 account with no High Value Account case this fiscal year and not suppressed \
         (a High Value Account case closed as Request Not Possible); at a new fiscal year last \
         year's open case is closed as Closed - N/A / No Action Required",
    ),
    t(
        "high_value_checkin",
        HighValue,
        Low,
        "High Value Account check in",
        Rule::HighValueCheckin,
        "90, 180 and 270 days after the High Value Account case was created, when the account had \
         no other case created or worked in the current fiscal quarter; assigned to the High Value \
         case's owner",
    ),
    t(
        "future_high_value",
        HighValue,
        Low,
        "Future High Value Account",
        Rule::FutureHighValue,
        "a tier 2 account whose cARR plus its open Add-On/Growth opps exceeds $7,000 (once per \
         fiscal year)",
    ),
];

/// SPEC §3.2. Subjects are the seed's; reactive ones end with the close date.
static POOLED: [Trigger; 15] = [
    rt(
        "failed_auto_renewal",
        "Upcoming Auto Renewal Due to Fail",
        opp(Renewal, OppFlag::DueToFail, OppWindow::NotPassed),
        "an open renewal opp flagged due to fail, close date not passed (expected >= 30 days out; \
         a later one is marked late)",
    ),
    rt(
        "failed_qsr",
        "Failed QSR",
        opp(Qsr, OppFlag::QsrFailed, OppWindow::Any),
        "an open QSR opp whose QSR status is Failed",
    ),
    rt(
        "eoa_renewal",
        "Upcoming EoA Renewal",
        opp(
            Renewal,
            OppFlag::Eoa {
                more_than_users: None,
            },
            OppWindow::Ahead,
        ),
        "an open EoA renewal opp closing within {ahead} days",
    ),
    rt(
        "multiyear_renewal",
        "Upcoming Multi Year Renewal",
        opp(Renewal, OppFlag::MultiYear, OppWindow::Ahead),
        "an open multi-year renewal opp closing within {ahead} days",
    ),
    rt(
        "po_renewal",
        "Upcoming PO Required Renewal",
        opp(Renewal, OppFlag::PoRequired, OppWindow::Ahead),
        "an open PO-required renewal opp closing within {ahead} days",
    ),
    rt(
        "non_auto_renewal",
        "Upcoming Non Auto Renewal",
        opp(Renewal, OppFlag::NotAutoRenewing, OppWindow::Ahead),
        "an open renewal opp that does not auto-renew closing within {ahead} days",
    ),
    rt(
        "past_due_renewal",
        "Past Due Renewal",
        opp(Renewal, OppFlag::Any, OppWindow::Passed),
        "an open renewal opp past its close date",
    ),
    t(
        "new_pte",
        Category::ProactiveTrigger,
        Low,
        "PRO: New 5* PTE Account",
        Rule::NewPte,
        "PTE changed to 4 or 5 within the last {back} days (inclusive)",
    ),
    t(
        "new_ptc",
        Category::ProactiveTrigger,
        Low,
        "PRO: New 1* PTC Account",
        Rule::NewPtc,
        "PTC changed to 1 within the last {back} days (inclusive)",
    ),
    t(
        "overage",
        Category::ProactiveTrigger,
        Low,
        "PRO: New overage detected",
        Rule::Overage,
        "overage above $1,000 (Self-Managed) or above $0 (SaaS), QSR off, subscription ends \
         within {ahead} days",
    ),
    t(
        "underutilization",
        Category::ProactiveTrigger,
        Low,
        "PRO: Underutilization",
        Rule::Underutilization,
        "at least 1 active user and active users at most 50% of seats (once per subscription term)",
    ),
    t(
        "contact_sales_request",
        Category::HandRaise,
        High,
        "HR: Contact Sales Request",
        Rule::Event,
        "an inbound contact_sales_request event, AMER accounts only",
    ),
    t(
        "hand_raise_pql",
        Category::HandRaise,
        High,
        "HR: Hand Raise PQL",
        Rule::Event,
        "an inbound hand_raise_pql event, AMER accounts only",
    ),
    t(
        "sdr_created",
        Category::HandRaise,
        High,
        "HR: SDR Created",
        Rule::Event,
        "an inbound sdr_created event, AMER accounts only",
    ),
    t(
        "support_ticket",
        Category::PooledInternal,
        High,
        "Support Ticket",
        Rule::Outside,
        "a manual case, origin SMB Pool Internal Created; not made by trigger run",
    ),
];
