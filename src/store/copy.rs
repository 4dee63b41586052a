//! What `smb db copy` moves, for both engines: smb's tables and their columns. Their names go
//! into statement text, so only these, checked by [`check`], ever do.

use crate::{Error, Result};

/// smb's tables in foreign-key order, with their columns (schema version 6; both engines
/// have the same names, a test keeps them in step).
pub const TABLES: &[(&str, &[&str])] = &[
    ("settings", &["key", "value"]),
    (
        "accounts",
        &[
            "account_id",
            "name",
            "region",
            "carr_cents",
            "country",
            "employees",
            "lam",
            "has_ultimate",
            "auto_renew",
            "pte",
            "ptc",
            "deployment",
            "email_domain",
            "customer_type",
            "owner",
            "subscription_end_date",
            "seats",
            "active_users",
            "overage_cents",
            "qsr_enabled",
            "auto_renew_changed_at",
            "pte_updated_at",
            "ptc_updated_at",
            "tier",
            "tier_changed_at",
            "carr_crossed_at",
            "row_hash",
        ],
    ),
    (
        "opportunities",
        &[
            "opportunity_id",
            "account_id",
            "type",
            "stage",
            "close_date",
            "name",
            "amount_cents",
            "owner",
            "users",
            "po_required",
            "eoa",
            "multi_year",
            "auto_renew",
            "auto_renewal_status",
            "qsr_status",
            "payment_failure",
            "includes_duo",
            "renewal_risk",
            "row_hash",
        ],
    ),
    (
        "contacts",
        &[
            "contact_id",
            "account_id",
            "email",
            "name",
            "language",
            "row_hash",
        ],
    ),
    (
        "events",
        &[
            "event_id",
            "type",
            "occurred_at",
            "account_id",
            "email",
            "description",
            "row_hash",
        ],
    ),
    (
        "imports",
        &[
            "id",
            "kind",
            "source",
            "at",
            "actor",
            "inserted",
            "updated",
            "unchanged",
            "rejected",
        ],
    ),
    (
        "advocates",
        &[
            "name",
            "region",
            "languages",
            "role",
            "capacity",
            "created_at",
            "time_zone",
            "login",
        ],
    ),
    (
        "cases",
        &[
            "id",
            "account_id",
            "contact_id",
            "opportunity_id",
            "trigger",
            "category",
            "subject",
            "description",
            "priority",
            "status",
            "owner",
            "queue",
            "origin",
            "case_reason",
            "resolution_action",
            "next_steps",
            "next_steps_date",
            "feedback",
            "web_email",
            "case_type",
            "created_at",
            "created_by",
            "queued_at",
            "picked_at",
            "first_response_at",
            "closed_at",
            "dedup_key",
            "message_id",
        ],
    ),
    (
        "case_history",
        &[
            "id", "case_id", "at", "actor", "action", "field", "before", "after", "note",
        ],
    ),
    ("case_messages", &["message_id", "case_id", "at"]),
    (
        "sla_clocks",
        &[
            "id",
            "case_id",
            "started_at",
            "stopped_at",
            "reason",
            "stopped_by",
        ],
    ),
    ("holidays", &["region", "day", "name"]),
    (
        "settings_log",
        &["id", "key", "before", "after", "at", "actor"],
    ),
    (
        "notices",
        &[
            "id",
            "case_id",
            "recipient",
            "kind",
            "at",
            "note",
            "seen_at",
        ],
    ),
];

/// Refuses a table that is not smb's or a column that is not a plain identifier.
pub(crate) fn check(table: &str, columns: &[&str]) -> Result<()> {
    let plain = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    };
    if !TABLES.iter().any(|(t, _)| *t == table) || !columns.iter().all(|c| plain(c)) {
        return Err(Error::Database(format!(
            "cannot copy table {table:?} with columns {columns:?}: not one of smb's"
        )));
    }
    Ok(())
}
