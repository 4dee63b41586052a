//! Case vocabularies (SPEC §2): priority, status, category, origin, case reason and
//! resolution action, each defined once with the playbook's exact strings.

use chrono::{DateTime, NaiveDate, Utc};

use super::segment::Tier;
use super::vocab::vocabulary;

vocabulary! {
    /// Case priority. Ordered High < Medium < Low so that sorting puts High first.
    Priority, "priority" {
        High => "High",
        Medium => "Medium",
        Low => "Low",
    }
}

impl Priority {
    /// Sort rank stored in the database: 0 High, 1 Medium, 2 Low.
    pub fn rank(self) -> i64 {
        self as i64
    }

    pub fn from_rank(rank: i64) -> Option<Priority> {
        Priority::ALL.get(usize::try_from(rank).ok()?).copied()
    }
}

vocabulary! {
    /// Case status (SPEC §2.2). The command line accepts the short names.
    Status, "status" {
        Open => "Open" | "open",
        InProgress => "In Progress" | "in-progress" | "inprogress" | "in_progress",
        Resolved => "Closed - Resolved" | "resolved",
        Duplicate => "Closed - Duplicate" | "duplicate",
        Unresponsive => "Closed - Unresponsive" | "unresponsive",
        NotApplicable => "Closed - N/A" | "na" | "n/a",
    }
}

impl Status {
    /// The short command-line name (`in-progress`, `na`).
    pub fn cli_name(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in-progress",
            Status::Resolved => "resolved",
            Status::Duplicate => "duplicate",
            Status::Unresponsive => "unresponsive",
            Status::NotApplicable => "na",
        }
    }

    pub fn is_closed(self) -> bool {
        !matches!(self, Status::Open | Status::InProgress)
    }

    /// The four closing statuses, for `smb close --status`.
    pub const CLOSED: [Status; 4] = [
        Status::Resolved,
        Status::Duplicate,
        Status::Unresponsive,
        Status::NotApplicable,
    ];
}

vocabulary! {
    /// Case category (digital, SPEC §3.1); pooled cases use their trigger kind (RT/PRO/HR).
    Category, "category" {
        InboundRequest => "Inbound Request",
        UrgentRenewal => "Urgent Renewal & TRX Support",
        ChurnMitigation => "Churn & Contraction Mitigation",
        Expansion => "Expansion Opportunities",
        HighValue => "High Value",
        ReactiveTrigger => "RT: Reactive Trigger",
        ProactiveTrigger => "PRO: Proactive Trigger",
        HandRaise => "HR: Hand Raise",
        PooledInternal => "SMB Pool Internal Created",
    }
}

impl Category {
    /// digital: may an account of `tier` get a case of this category (SPEC §1.3 table)?
    /// Pooled categories are not tier-gated.
    pub fn allowed_for(self, tier: Tier) -> bool {
        match self {
            Category::InboundRequest | Category::UrgentRenewal => true,
            Category::ChurnMitigation | Category::Expansion => tier != Tier::Three,
            Category::HighValue => tier == Tier::One,
            Category::ReactiveTrigger
            | Category::ProactiveTrigger
            | Category::HandRaise
            | Category::PooledInternal => true,
        }
    }

    /// The digital categories, in the order of the seed's tier table.
    pub const DIGITAL: [Category; 5] = [
        Category::InboundRequest,
        Category::UrgentRenewal,
        Category::ChurnMitigation,
        Category::Expansion,
        Category::HighValue,
    ];
}

vocabulary! {
    /// How a case came to be (SPEC §2.1).
    Origin, "origin" {
        Trigger => "trigger",
        Event => "event",
        Manual => "manual",
        Email => "email",
    }
}

vocabulary! {
    /// Case reason dictionary (SPEC §2.3).
    CaseReason, "case reason" {
        AccountQuestion => "Account Question / Update",
        AddingLicenses => "Adding Licenses / Purchasing Help",
        Billing => "Billing / Payment",
        Licensing => "Licensing / Fulfillment",
        OffCycle => "Off-Cycle Subscription Changes (no uplift)",
        Other => "Other",
        Renewal => "Renewal",
        SalesEvaluation => "Sales Evaluation (non-renewal)",
        TechnicalQuestion => "Technical Question",
        Usage => "Usage / Best Practices",
        HighEngagementPte => "New High Engagement Account - 5* PtE",
        HighEngagementTier1 => "New High Engagement Account - Tier 1 Uptier",
    }
}

vocabulary! {
    /// Resolution action dictionary (SPEC §2.3).
    ResolutionAction, "resolution action" {
        AnsweredQuestion => "Answered Question",
        RecommendedResource => "Recommended Resource",
        TransferredToSupport => "Transferred To Support",
        GrowthConversation => "Growth Conversation",
        DirectedToOnlinePurchase => "Directed to Online Purchase",
        CompletedSalesAssistedOrder => "Completed Sales Assisted Order",
        RequestNotPossible => "Request Not Possible",
        NoActionRequired => "No Action Required",
        FailedToEngage => "Failed to Engage",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_parse_case_insensitively_and_print_exactly() {
        assert_eq!(
            CaseReason::parse("account question / update"),
            Some(CaseReason::AccountQuestion)
        );
        assert_eq!(
            ResolutionAction::parse("REQUEST NOT POSSIBLE").map(|a| a.as_str()),
            Some("Request Not Possible")
        );
        assert_eq!(Status::parse("in-progress"), Some(Status::InProgress));
        assert_eq!(Status::parse("na"), Some(Status::NotApplicable));
        assert_eq!(Status::parse("Closed - N/A"), Some(Status::NotApplicable));
        assert_eq!(Priority::parse("high"), Some(Priority::High));
        let err = "closed".parse::<Status>().unwrap_err().to_string();
        assert!(err.contains("Closed - Resolved"), "{err}");
        assert_eq!(CaseReason::ALL.len(), 12);
        assert_eq!(ResolutionAction::ALL.len(), 9);
    }

    #[test]
    fn priority_ranks_round_trip_and_sort_high_first() {
        for p in Priority::ALL {
            assert_eq!(Priority::from_rank(p.rank()), Some(*p));
        }
        assert!(Priority::High < Priority::Medium && Priority::Medium < Priority::Low);
        assert_eq!(Priority::from_rank(3), None);
    }

    #[test]
    fn tier_table_of_spec_1_3() {
        use Category::*;
        let table = [
            (InboundRequest, [true, true, true]),
            (UrgentRenewal, [true, true, true]),
            (ChurnMitigation, [true, true, false]),
            (Expansion, [true, true, false]),
            (HighValue, [true, false, false]),
        ];
        for (cat, allowed) in table {
            for (tier, want) in [Tier::One, Tier::Two, Tier::Three].into_iter().zip(allowed) {
                assert_eq!(cat.allowed_for(tier), want, "{cat} for {tier:?}");
            }
        }
    }
}

/// A case (SPEC §2.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: i64,
    pub account_id: Option<String>,
    pub contact_id: Option<String>,
    pub opportunity_id: Option<String>,
    /// The catalog key of the trigger that made it (`manual` for other manual cases).
    pub trigger: String,
    pub category: Category,
    pub subject: String,
    pub description: String,
    pub priority: Priority,
    pub status: Status,
    /// Empty while the case sits in a queue.
    pub owner: Option<String>,
    /// `AMER`, `EMEA`, a pooled AE's pool, or `AMER,EMEA` for an unknown sender (SPEC §3.3).
    pub queue: Option<String>,
    pub origin: Origin,
    pub case_reason: Option<CaseReason>,
    pub resolution_action: Option<ResolutionAction>,
    pub next_steps: Option<String>,
    pub next_steps_date: Option<NaiveDate>,
    pub feedback: Option<String>,
    pub web_email: Option<String>,
    /// The `--type` of a manual case (the seed's "Inbound Request via Support", …).
    pub case_type: Option<String>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub queued_at: Option<DateTime<Utc>>,
    pub picked_at: Option<DateTime<Utc>>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The trigger's dedup key (SPEC §3): a key that produced a case never produces another.
    pub dedup_key: Option<String>,
    /// `Message-ID` of the email that created the case.
    pub message_id: Option<String>,
}

/// The queue value of a case from an unknown sender: both regional queues (SPEC §3.3, §5).
pub const BOTH_QUEUES: &str = "AMER,EMEA";

impl Case {
    /// A new Open case with every optional field empty; the caller fills in what it knows.
    pub fn draft(
        trigger: &str,
        category: Category,
        priority: Priority,
        subject: &str,
        origin: Origin,
        created_by: &str,
        now: DateTime<Utc>,
    ) -> Case {
        Case {
            id: 0,
            account_id: None,
            contact_id: None,
            opportunity_id: None,
            trigger: trigger.to_string(),
            category,
            subject: subject.to_string(),
            description: String::new(),
            priority,
            status: Status::Open,
            owner: None,
            queue: None,
            origin,
            case_reason: None,
            resolution_action: None,
            next_steps: None,
            next_steps_date: None,
            feedback: None,
            web_email: None,
            case_type: None,
            created_at: now,
            created_by: created_by.to_string(),
            queued_at: None,
            picked_at: None,
            first_response_at: None,
            closed_at: None,
            dedup_key: None,
            message_id: None,
        }
    }

    /// "case #12 (ACC-0001, \"Question about …\")", for messages.
    pub fn label(&self) -> String {
        format!(
            "case #{} ({}, {:?})",
            self.id,
            self.account_id.as_deref().unwrap_or("no account"),
            self.subject
        )
    }

    /// Is the case in `queue` (an unknown sender's case is in both AMER and EMEA)?
    pub fn in_queue(&self, queue: &str) -> bool {
        self.queue.as_deref().is_some_and(|q| {
            q.eq_ignore_ascii_case(queue)
                || (q == BOTH_QUEUES
                    && (queue.eq_ignore_ascii_case("AMER") || queue.eq_ignore_ascii_case("EMEA")))
        })
    }
}

/// One append-only history entry of a case (SPEC §2.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub actor: String,
    /// `created`, `queued`, `picked`, `assigned`, `deferred`, `next_steps`, `activity`,
    /// `closed`, `email_attached`, `updated`.
    pub action: String,
    pub field: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub note: Option<String>,
}

impl HistoryEntry {
    pub fn new(at: DateTime<Utc>, actor: &str, action: &str) -> Self {
        HistoryEntry {
            at,
            actor: actor.to_string(),
            action: action.to_string(),
            field: None,
            before: None,
            after: None,
            note: None,
        }
    }

    pub fn change(mut self, field: &str, before: Option<String>, after: Option<String>) -> Self {
        self.field = Some(field.to_string());
        self.before = before;
        self.after = after;
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}
