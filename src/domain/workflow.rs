//! The rules of working a case (SPEC §3.1 manual cases, §4.2 picking, §4.4 closing, §4.6 High
//! Value Account cases), pure: each returns what to do or why not.

use chrono::{DateTime, Utc};

use super::case::{Case, Category, ResolutionAction, Status};
use super::model::Model;
use super::trigger::find;
use crate::{Error, Result};

/// Trigger key of the High Value Account case (SPEC §3.1, §4.6).
pub const HIGH_VALUE_ACCOUNT: &str = "high_value_account";
/// Trigger key of a case made from an email (SPEC §5).
pub const EMAIL_TO_CASE: &str = "email_to_case";
/// Trigger key of a manual case whose subject names no catalog trigger.
pub const MANUAL: &str = "manual";

/// SPEC §3.1: the trigger of a manual case is the catalog key its subject names
/// (`Support Ticket`, `SDR Created`, `FO Opp`, `FO Opp (Startup)`), else `manual`. The subject
/// is compared ignoring case and surrounding space.
pub fn manual_trigger(subject: &str) -> &'static str {
    let s = subject.trim().to_ascii_lowercase();
    match s.as_str() {
        "support ticket" => "support_ticket",
        "sdr created" => "sdr_created",
        "fo opp" => "fo_opp",
        "fo opp (startup)" => "fo_opp_startup",
        _ => MANUAL,
    }
}

/// SPEC §7.2: a contact or opportunity linked to a case belongs to the case's account. `what`
/// is `contact` or `opportunity`; `owner_account` the account the linked record belongs to.
/// Another account's record is refused (exit 2), naming both accounts.
pub fn check_link(what: &str, id: &str, owner_account: &str, case_account: &str) -> Result<()> {
    if owner_account == case_account {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "{what} {id} belongs to account {owner_account}, not to the case's account {case_account}: link one of account {case_account}; nothing was changed"
    )))
}

/// The trigger and category of a manual case on `subject` (SPEC §3.1, §3.2): digital, the
/// catalog key the subject names and Inbound Request; pooled, the key only when the pooled
/// catalog has it (`Support Ticket`, `SDR Created`) with that catalog's category (SMB Pool
/// Internal Created, HR: Hand Raise), else `manual` in SMB Pool Internal Created.
pub fn manual_case_kind(model: Model, subject: &str) -> (&'static str, Category) {
    let key = manual_trigger(subject);
    match model {
        Model::Digital => (key, Category::InboundRequest),
        Model::Pooled => match find(Model::Pooled, key) {
            Some(t) => (t.key, t.category),
            None => (MANUAL, Category::PooledInternal),
        },
    }
}

/// Why closing is allowed, when an override was needed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CloseCheck {
    /// `--force` was needed; the note the history records.
    pub override_note: Option<String>,
}

/// The reason of an override (`--force --reason TEXT`, SPEC §4.2, §4.4), trimmed: the history
/// records why, so a blank reason is refused (exit 2).
pub fn override_reason(reason: &str) -> Result<&str> {
    let r = reason.trim();
    if r.is_empty() {
        return Err(Error::invalid(
            "--reason is empty: an override is recorded with why (e.g. --reason \"customer asked for me\")",
        ));
    }
    Ok(r)
}

/// SPEC §4.4, §4.6: may `case` be closed with `status` and `action` on `now`?
/// `force_reason` is `--force --reason TEXT`.
pub fn check_close(
    case: &Case,
    status: Status,
    action: ResolutionAction,
    now: DateTime<Utc>,
    limit_days: i64,
    force_reason: Option<&str>,
) -> Result<CloseCheck> {
    if case.status.is_closed() {
        return Err(Error::refused(format!(
            "case #{} is already closed ({}); nothing was changed. Open a new case with `smb case new` if there is more to do",
            case.id, case.status
        )));
    }
    if !status.is_closed() {
        return Err(Error::invalid(format!(
            "--status {}: a case is closed as one of resolved, duplicate, unresponsive, na",
            status.cli_name()
        )));
    }
    if case.trigger == HIGH_VALUE_ACCOUNT && action != ResolutionAction::RequestNotPossible {
        return Err(Error::refused(format!(
            "case #{} is a High Value Account case: it stays open for the fiscal year and is closed only when the customer will fully churn, with --action \"Request Not Possible\" (which also stops future High Value cases on the account); {action:?} is not allowed",
            case.id,
            action = action.as_str()
        )));
    }
    let mut check = CloseCheck::default();
    if status == Status::Unresponsive {
        let days = case.picked_at.map(|p| (now - p).num_days());
        let ok = days.is_some_and(|d| d >= limit_days);
        if !ok {
            let why = match (case.picked_at, days) {
                // The exact instant (15 × 24 hours after the pick), not its date: on that
                // date, before that time, it is still refused (SPEC §4.4).
                (Some(p), Some(d)) => format!(
                    "it was picked {} ({d} day(s) ago); Unresponsive is allowed {limit_days} days (x 24 hours) after the pick, from {}",
                    p.format("%Y-%m-%dT%H:%M:%SZ"),
                    (p + chrono::Duration::days(limit_days)).format("%Y-%m-%dT%H:%M:%SZ")
                ),
                _ => format!(
                    "it was never picked; Unresponsive is allowed {limit_days} days after the pick"
                ),
            };
            match force_reason {
                Some(r) => {
                    let r = override_reason(r)?;
                    check.override_note = Some(format!("forced Unresponsive: {why}; reason: {r}"))
                }
                None => {
                    return Err(Error::refused(format!(
                        "case #{} cannot be closed as Unresponsive yet: {why}. Keep to the cadence (smb case log), or pass --force --reason TEXT to override",
                        case.id
                    )));
                }
            }
        }
    }
    Ok(check)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_reason_says_something() {
        assert_eq!(
            override_reason(" customer asked ").unwrap(),
            "customer asked"
        );
        for blank in ["", "  ", "\t\n"] {
            let e = override_reason(blank).unwrap_err();
            assert!(e.to_string().contains("--reason is empty"), "{e}");
        }
    }

    #[test]
    fn links_belong_to_the_cases_account() {
        assert!(check_link("contact", "C1", "A1", "A1").is_ok());
        let e = check_link("contact", "C2", "A2", "A1")
            .unwrap_err()
            .to_string();
        assert!(e.contains("C2 belongs to account A2"), "{e}");
    }
    use crate::domain::case::{Category, Origin, Priority};

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn picked(on: &str) -> Case {
        let mut c = Case::draft(
            "auto_renew_off",
            Category::ChurnMitigation,
            Priority::Medium,
            "s",
            Origin::Trigger,
            "system",
            t("2026-01-01T00:00:00Z"),
        );
        c.id = 7;
        c.status = Status::InProgress;
        c.picked_at = Some(t(on));
        c
    }

    #[test]
    fn subjects_name_triggers() {
        assert_eq!(manual_trigger("Support Ticket"), "support_ticket");
        assert_eq!(manual_trigger(" fo opp (startup) "), "fo_opp_startup");
        assert_eq!(manual_trigger("FO Opp"), "fo_opp");
        assert_eq!(manual_trigger("SDR Created"), "sdr_created");
        assert_eq!(manual_trigger("Referral"), "manual");
    }

    #[test]
    fn unresponsive_after_fifteen_days_only() {
        let a = ResolutionAction::FailedToEngage;
        let c = picked("2026-02-15T10:00:00Z");
        let s = Status::Unresponsive;
        let err = check_close(&c, s, a, t("2026-03-02T09:00:00Z"), 15, None).unwrap_err();
        // the refusal names the instant it becomes allowed, not a date it still refuses on
        assert!(
            err.to_string().contains("from 2026-03-02T10:00:00Z"),
            "{err}"
        );
        assert!(check_close(&c, s, a, t("2026-03-02T10:00:00Z"), 15, None).is_ok());
        let forced = check_close(&c, s, a, t("2026-02-20T00:00:00Z"), 15, Some("bounced")).unwrap();
        assert!(forced.override_note.unwrap().contains("bounced"));
        let mut never = picked("2026-02-15T10:00:00Z");
        never.picked_at = None;
        let err = check_close(&never, s, a, t("2026-03-30T00:00:00Z"), 15, None).unwrap_err();
        assert!(err.to_string().contains("never picked"), "{err}");
    }

    #[test]
    fn high_value_account_only_with_request_not_possible() {
        let mut c = picked("2025-03-01T00:00:00Z");
        c.trigger = HIGH_VALUE_ACCOUNT.to_string();
        let now = t("2026-03-02T00:00:00Z");
        let err = check_close(
            &c,
            Status::Resolved,
            ResolutionAction::AnsweredQuestion,
            now,
            15,
            Some("x"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("Request Not Possible"), "{err}");
        assert!(
            check_close(
                &c,
                Status::Resolved,
                ResolutionAction::RequestNotPossible,
                now,
                15,
                None
            )
            .is_ok()
        );
    }

    #[test]
    fn closed_cases_stay_closed() {
        let mut c = picked("2026-02-01T00:00:00Z");
        c.status = Status::Resolved;
        let err = check_close(
            &c,
            Status::Duplicate,
            ResolutionAction::NoActionRequired,
            t("2026-03-02T00:00:00Z"),
            15,
            None,
        )
        .unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }
}
