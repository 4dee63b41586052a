//! Escalations (SPEC §11.3), pure: which cases `smb escalate` hands to the managers of their
//! region, once. A case is escalated when it is Open (and visible: not deferred to a later day)
//! past its pick-up due instant, or In Progress more than the 15-day limit after its pick
//! (High Value Account cases apart). Each reason escalates a case once: the decision reads the
//! case's history, where an escalation leaves an `escalated` entry whose `after` is the reason.

use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, Utc};

use super::case::{Case, HistoryEntry, Status};
use super::change::{CaseChange, ClockEvent, Guard, NoticeDraft};
use super::model::{Region, Settings};
use super::notice::NoticeKind;
use super::people::{Advocate, Role};
use super::sla;
use super::workflow::HIGH_VALUE_ACCOUNT;

/// The history action of an escalation.
pub const ESCALATED: &str = "escalated";

/// Why a case is escalated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Open past its pick-up due instant.
    PickUp,
    /// In Progress more than the 15-day limit after its pick.
    Limit,
}

impl Reason {
    /// The stored value (the history entry's `after`).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::PickUp => "pick_up_sla",
            Reason::Limit => "15_day_limit",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        match s {
            "pick_up_sla" => Some(Reason::PickUp),
            "15_day_limit" => Some(Reason::Limit),
            _ => None,
        }
    }

    /// In words, for messages and the report.
    pub fn describe(self) -> &'static str {
        match self {
            Reason::PickUp => "past its pick-up SLA",
            Reason::Limit => "past the 15-day limit",
        }
    }
}

/// What is overdue on a case: why, since when it waited, and until when it was allowed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overdue {
    pub reason: Reason,
    /// When the wait began (entered its queue; picked).
    pub since: DateTime<Utc>,
    /// When it ran out (the due instant; the pick plus 15 days).
    pub due: DateTime<Utc>,
}

/// What is overdue on `case` at `now` and not escalated yet for that reason, if anything.
/// `today` is the day deferrals are compared with (as the queue does).
pub fn overdue(
    case: &Case,
    history: &[HistoryEntry],
    settings: &Settings,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Option<Overdue> {
    let found = match case.status {
        Status::Open => {
            if case.next_steps_date.is_some_and(|d| d > today) {
                return None; // deferred: out of the queue until its day
            }
            let since = case.queued_at.unwrap_or(case.created_at);
            let queue = case.queue.as_deref().unwrap_or("AMER");
            let due = sla::due_at(settings, case.priority, queue, since);
            sla::is_breached(due, now).then_some(Overdue {
                reason: Reason::PickUp,
                since,
                due,
            })
        }
        Status::InProgress if case.trigger != HIGH_VALUE_ACCOUNT => {
            let since = case.picked_at?;
            let due = since + Duration::days(settings.resolve_limit_days());
            (now > due).then_some(Overdue {
                reason: Reason::Limit,
                since,
                due,
            })
        }
        _ => None,
    }?;
    let done = history
        .iter()
        .any(|h| h.action == ESCALATED && h.after.as_deref() == Some(found.reason.as_str()));
    (!done).then_some(found)
}

/// The regions a case belongs to: its account's; without an account, its queue's (both
/// regional queues for an unknown sender's case).
pub fn regions(account_region: Option<Region>, case: &Case) -> Vec<Region> {
    if let Some(r) = account_region {
        return vec![r];
    }
    case.queue
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .filter_map(|q| Region::parse(q.trim()))
        .collect()
}

/// The managers of `regions`, by name.
pub fn managers_of(regions: &[Region], people: &[Advocate]) -> Vec<String> {
    let mut names: Vec<String> = people
        .iter()
        .filter(|a| a.role == Role::Manager && regions.contains(&a.region))
        .map(|a| a.name.clone())
        .collect();
    names.sort();
    names
}

/// How long `d` is, in hours with one decimal.
pub fn hours(d: Duration) -> f64 {
    (d.num_seconds() as f64 / 360.0).round() / 10.0
}

/// The change that escalates `case` to `managers`: an `escalated` history entry (`before`: when
/// the wait began, `after`: the reason) and a notice for each manager; the row is unchanged.
pub fn escalate(
    case: &Case,
    o: Overdue,
    managers: &[String],
    actor: &str,
    now: DateTime<Utc>,
) -> CaseChange {
    let waited = hours(now - o.since);
    let due = o.due.format("%Y-%m-%d %H:%M UTC");
    let why = format!("{} (due {due}), waited {waited} h", o.reason.describe());
    let mut entry = HistoryEntry::new(now, actor, ESCALATED);
    entry.before = Some(o.since.to_rfc3339_opts(SecondsFormat::Secs, true));
    entry.after = Some(o.reason.as_str().to_string());
    entry.note = Some(format!("{why}; to {}", managers.join(", ")));
    let notices = managers
        .iter()
        .map(|m| NoticeDraft {
            recipient: m.clone(),
            kind: NoticeKind::Escalated,
            at: now,
            note: Some(format!("case {} {why}", case.id)),
        })
        .collect();
    CaseChange {
        at: now,
        before: case.clone(),
        after: case.clone(),
        history: vec![entry],
        clock: ClockEvent::None,
        guard: Guard::Unchanged,
        attach_message: None,
        notices,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{Category, Origin, Priority};
    use crate::domain::model::Model;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn open_case(queued: &str) -> Case {
        let mut c = Case::draft(
            "manual",
            Category::InboundRequest,
            Priority::High,
            "s",
            Origin::Manual,
            "x",
            at(queued),
        );
        c.id = 7;
        c.queue = Some("AMER".into());
        c.queued_at = Some(at(queued));
        c
    }

    #[test]
    fn an_open_case_is_overdue_after_its_due_instant_not_on_it() {
        let s = Settings::new(Model::Digital);
        let c = open_case("2026-03-02T10:00:00Z");
        let today = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        // High: 24 h. Exactly on the due instant is in time; a second later it is overdue.
        assert_eq!(
            overdue(&c, &[], &s, today, at("2026-03-03T10:00:00Z")),
            None
        );
        let o = overdue(&c, &[], &s, today, at("2026-03-03T10:00:01Z")).unwrap();
        assert_eq!(o.reason, Reason::PickUp);
        assert_eq!(o.due, at("2026-03-03T10:00:00Z"));
        // Escalated once for that reason: never again.
        let change = escalate(&c, o, &["M".into()], "cron", at("2026-03-03T11:00:00Z"));
        assert_eq!(change.notices.len(), 1);
        assert_eq!(change.after, change.before);
        assert_eq!(
            overdue(&c, &change.history, &s, today, at("2026-03-09T10:00:00Z")),
            None
        );
    }

    #[test]
    fn the_15_day_limit_counts_from_the_pick_and_spares_high_value_accounts() {
        let s = Settings::new(Model::Digital);
        let mut c = open_case("2026-03-01T10:00:00Z");
        c.status = Status::InProgress;
        c.picked_at = Some(at("2026-03-01T12:00:00Z"));
        let today = NaiveDate::from_ymd_opt(2026, 3, 16).unwrap();
        assert_eq!(
            overdue(&c, &[], &s, today, at("2026-03-16T12:00:00Z")),
            None
        );
        let o = overdue(&c, &[], &s, today, at("2026-03-16T12:00:01Z")).unwrap();
        assert_eq!(o.reason, Reason::Limit);
        c.trigger = HIGH_VALUE_ACCOUNT.into();
        assert_eq!(
            overdue(&c, &[], &s, today, at("2026-04-16T12:00:00Z")),
            None
        );
    }

    #[test]
    fn a_case_without_an_account_belongs_to_its_queues_regions() {
        let mut c = open_case("2026-03-01T10:00:00Z");
        c.queue = Some("AMER,EMEA".into());
        assert_eq!(regions(None, &c), vec![Region::Amer, Region::Emea]);
        assert_eq!(regions(Some(Region::Apac), &c), vec![Region::Apac]);
    }
}
