//! One change to one case, decided by the domain and applied by the store in one go
//! (docs/store-boundary.md §3): the row as read, the row to write, the history it adds, what
//! happens to the SLA clock, the guard that makes it safe against a concurrent writer, and the
//! notices it sends; and the builders that decide each change, pure: no store, no clock.

use chrono::{DateTime, NaiveDate, Utc};

use super::cadence::Touch;
use super::case::{Case, HistoryEntry, ResolutionAction, Status};
use super::model::Settings;
use super::notice::NoticeKind;
use super::people;
use super::report::ClockStop;
use super::workflow::check_close;
use crate::{Error, Result};

/// A change to one existing case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseChange {
    /// When the change happens (smb's clock): stopped clocks and attached messages carry it.
    pub at: DateTime<Utc>,
    /// The row as read; the guard compares against it.
    pub before: Case,
    /// The row to write (same id).
    pub after: Case,
    /// History entries to append, in order.
    pub history: Vec<HistoryEntry>,
    /// What happens to the case's SLA clock.
    pub clock: ClockEvent,
    /// What must still hold when the row is written.
    pub guard: Guard,
    /// Email threading: a message id to index to this case.
    pub attach_message: Option<String>,
    /// Notices the change sends.
    pub notices: Vec<NoticeDraft>,
}

/// What a change does to the case's SLA clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockEvent {
    /// Nothing.
    None,
    /// Stop the running clock at the change's time, recording why.
    Stop(ClockStop),
    /// Start a new clock at `at` (a deferral's return date, a reassignment).
    Start {
        at: DateTime<Utc>,
        reason: &'static str,
    },
    /// Stop the running clock at the change's time, then start a new one at `at`.
    StopThenStart {
        stop: ClockStop,
        at: DateTime<Utc>,
        reason: &'static str,
    },
}

/// What must still be true of the stored row for the change to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Guard {
    /// Status and owner still as in `before` (every change but the claim).
    Unchanged,
    /// Open and (unowned or owned by `owner`, ignoring case), and `owner` holds fewer than
    /// `cap` In Progress cases (digital; `None` for pooled, which has no pick cap).
    Claim { owner: String, cap: Option<u32> },
}

/// A notice a change (or a new case) sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeDraft {
    pub recipient: String,
    pub kind: NoticeKind,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

/// A case to create unless a case with its dedup key exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    /// The case as drafted and routed (owner or queue decided); its id is ignored.
    pub draft: Case,
    /// Who creates it (recorded in its history).
    pub actor: String,
    /// Why it went where it went (the `created` entry's note, the routed notice).
    pub note: Option<String>,
    /// Last year's case this one replaces (year-end roll-over), closed first.
    pub rollover: Option<CaseChange>,
}

impl CaseChange {
    /// A change of `before` into `after` at `at`, guarded by [`Guard::Unchanged`], with no
    /// history, clock event, message or notice yet.
    pub fn new(before: &Case, after: Case, at: DateTime<Utc>) -> CaseChange {
        CaseChange {
            at,
            before: before.clone(),
            after,
            history: Vec::new(),
            clock: ClockEvent::None,
            guard: Guard::Unchanged,
            attach_message: None,
            notices: Vec::new(),
        }
    }
}

/// The case's mutable columns in the order the stores bind them (after the id: SQLite's
/// `?2`..`?20`, PostgreSQL's `$2`..`$20`), each with whether the change from `before` to
/// `after` changes it. A store writes the changed ones only: a column another command changed
/// since `before` was read keeps its value, and an index on columns the change leaves alone is
/// not rewritten (a pick's commit; BENCHMARKS.md, issue #16, fourth pass, `pick`).
pub fn changed_columns(before: &Case, after: &Case) -> [(&'static str, bool); 19] {
    let (b, a) = (before, after);
    [
        ("account_id", b.account_id != a.account_id),
        ("contact_id", b.contact_id != a.contact_id),
        ("opportunity_id", b.opportunity_id != a.opportunity_id),
        ("subject", b.subject != a.subject),
        ("description", b.description != a.description),
        ("priority", b.priority != a.priority),
        ("status", b.status != a.status),
        ("owner", b.owner != a.owner),
        ("queue", b.queue != a.queue),
        ("case_reason", b.case_reason != a.case_reason),
        (
            "resolution_action",
            b.resolution_action != a.resolution_action,
        ),
        ("next_steps", b.next_steps != a.next_steps),
        ("next_steps_date", b.next_steps_date != a.next_steps_date),
        ("feedback", b.feedback != a.feedback),
        ("web_email", b.web_email != a.web_email),
        ("queued_at", b.queued_at != a.queued_at),
        ("picked_at", b.picked_at != a.picked_at),
        (
            "first_response_at",
            b.first_response_at != a.first_response_at,
        ),
        ("closed_at", b.closed_at != a.closed_at),
    ]
}

/// The `next_steps` history entries of a change from `before` to `after` (one per field that
/// changed).
pub fn next_steps_history(
    before: &Case,
    after: &Case,
    actor: &str,
    now: DateTime<Utc>,
) -> Vec<HistoryEntry> {
    let mut h = Vec::new();
    if before.next_steps != after.next_steps {
        h.push(HistoryEntry::new(now, actor, "next_steps").change(
            "next_steps",
            before.next_steps.clone(),
            after.next_steps.clone(),
        ));
    }
    if before.next_steps_date != after.next_steps_date {
        h.push(HistoryEntry::new(now, actor, "next_steps").change(
            "next_steps_date",
            before.next_steps_date.map(|d| d.to_string()),
            after.next_steps_date.map(|d| d.to_string()),
        ));
    }
    h
}

/// SPEC §4.4: `smb close`: the case closed as `status` / `action` by `actor`, with `feedback`
/// appended (when new), if [`check_close`] allows it (`force_reason`: `--force --reason`).
#[allow(clippy::too_many_arguments)]
pub fn close(
    case: &Case,
    status: Status,
    action: ResolutionAction,
    feedback: Option<&str>,
    force_reason: Option<&str>,
    limit_days: i64,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<CaseChange> {
    let check = check_close(case, status, action, now, limit_days, force_reason)?;
    let mut c = case.clone();
    c.status = status;
    c.resolution_action = Some(action);
    c.closed_at = Some(now);
    if let Some(f) = feedback.map(str::trim).filter(|f| !f.is_empty()) {
        c.feedback = Some(match case.feedback.as_deref().filter(|b| !b.is_empty()) {
            Some(b) if !b.contains(f) => format!("{b}\n{f}"),
            Some(b) => b.to_string(),
            None => f.to_string(),
        });
    }
    let mut h = HistoryEntry::new(now, actor, "closed").change(
        "status",
        Some(case.status.as_str().to_string()),
        Some(status.as_str().to_string()),
    );
    if let Some(n) = &check.override_note {
        h = h.note(n.clone());
    }
    let mut history = vec![
        h,
        HistoryEntry::new(now, actor, "closed").change(
            "resolution_action",
            case.resolution_action.map(|a| a.to_string()),
            Some(action.to_string()),
        ),
    ];
    if case.feedback != c.feedback {
        history.push(HistoryEntry::new(now, actor, "updated").change(
            "feedback",
            case.feedback.clone(),
            c.feedback.clone(),
        ));
    }
    let mut ch = CaseChange::new(case, c, now);
    ch.history = history;
    ch.clock = ClockEvent::Stop(ClockStop::Closed);
    Ok(ch)
}

/// The tag `case assign --reason language` adds to the feedback (SPEC §4.3).
pub const LANGUAGE_TAG: &str = "#languagebarrier";

/// SPEC §4.3: `smb case assign ID --to NAME`: the case given to `to` by `name` (history
/// recorded as `actor`), after [`people::may_assign`] allowed it. An Open case's clock restarts
/// for the new owner; the new owner, when someone else, is told.
pub fn assign(
    case: &Case,
    to: &str,
    actor: &str,
    name: &str,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<CaseChange> {
    if case.status.is_closed() {
        return Err(Error::refused(format!(
            "{} is closed ({}); closed cases are not reassigned",
            case.label(),
            case.status
        )));
    }
    if case
        .owner
        .as_deref()
        .is_some_and(|o| o.eq_ignore_ascii_case(to))
    {
        return Err(Error::invalid(format!(
            "{} already belongs to {}",
            case.label(),
            to
        )));
    }
    let mut c = case.clone();
    c.owner = Some(to.to_string());
    if reason == Some("language") {
        let has = c
            .feedback
            .as_deref()
            .is_some_and(|f| f.contains(LANGUAGE_TAG));
        if !has {
            c.feedback = Some(match c.feedback.as_deref().filter(|f| !f.is_empty()) {
                Some(f) => format!("{f} {LANGUAGE_TAG}"),
                None => LANGUAGE_TAG.to_string(),
            });
        }
    }
    let mut h = HistoryEntry::new(now, actor, "assigned").change(
        "owner",
        case.owner.clone(),
        c.owner.clone(),
    );
    if let Some(r) = reason {
        h = h.note(format!("reason: {r}"));
    }
    if people::same_person(to, name)
        && case
            .owner
            .as_deref()
            .is_some_and(|o| !people::same_person(o, name))
    {
        h = h.note(format!(
            "{name} took over the case from {}{}",
            case.owner.as_deref().unwrap_or_default(),
            reason
                .map(|r| format!(" (reason: {r})"))
                .unwrap_or_default()
        ));
    }
    let mut history = vec![h];
    if case.feedback != c.feedback {
        history.push(HistoryEntry::new(now, actor, "updated").change(
            "feedback",
            case.feedback.clone(),
            c.feedback.clone(),
        ));
    }
    let clock = if c.status == Status::Open {
        ClockEvent::StopThenStart {
            stop: ClockStop::Reassigned,
            at: now,
            reason: "reassigned",
        }
    } else {
        ClockEvent::None
    };
    let notices = if people::same_person(to, name) {
        Vec::new()
    } else {
        vec![NoticeDraft {
            recipient: to.to_string(),
            kind: NoticeKind::Routed,
            at: now,
            note: Some(format!(
                "assigned by {name}{}",
                reason
                    .map(|r| format!(" (reason: {r})"))
                    .unwrap_or_default()
            )),
        }]
    };
    let mut ch = CaseChange::new(case, c, now);
    ch.history = history;
    ch.clock = clock;
    ch.notices = notices;
    Ok(ch)
}

/// SPEC §4.5: `smb case defer ID --until DATE`: the case Open without owner, back in `queue`
/// at `back` (the start of `until` in the deferring person's time zone), with new next steps.
pub fn defer(
    case: &Case,
    until: NaiveDate,
    back: DateTime<Utc>,
    next_steps: &str,
    queue: String,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<CaseChange> {
    if case.status.is_closed() {
        return Err(Error::refused(format!(
            "{} is closed ({}); only open cases can be deferred",
            case.label(),
            case.status
        )));
    }
    let mut c = case.clone();
    c.status = Status::Open;
    c.owner = None;
    c.next_steps = Some(next_steps.to_string());
    c.next_steps_date = Some(until);
    c.queued_at = Some(back);
    c.queue = Some(queue);
    let mut history = vec![
        HistoryEntry::new(now, actor, "deferred")
            .change(
                "status",
                Some(case.status.as_str().to_string()),
                Some(c.status.as_str().to_string()),
            )
            .note(format!(
                "back in the {} queue on {until}",
                c.queue.as_deref().unwrap_or("-")
            )),
    ];
    if case.owner.is_some() {
        history.push(HistoryEntry::new(now, actor, "deferred").change(
            "owner",
            case.owner.clone(),
            None,
        ));
    }
    // The queue and the time it returns, so that `--as-of` can put them back (SPEC §12).
    if case.queue != c.queue {
        history.push(HistoryEntry::new(now, actor, "deferred").change(
            "queue",
            case.queue.clone(),
            c.queue.clone(),
        ));
    }
    if case.queued_at != c.queued_at {
        let text = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
        history.push(HistoryEntry::new(now, actor, "deferred").change(
            "queued_at",
            case.queued_at.map(text),
            c.queued_at.map(text),
        ));
    }
    history.extend(next_steps_history(case, &c, actor, now));
    let mut ch = CaseChange::new(case, c, now);
    ch.history = history;
    ch.clock = ClockEvent::StopThenStart {
        stop: ClockStop::Deferred,
        at: back,
        reason: "deferral ended",
    };
    Ok(ch)
}

/// `smb case update`: the edits already made on `after` (a copy of `before`), recorded as
/// `next_steps` entries and one `updated` entry per other field that changed.
pub fn update(before: &Case, after: Case, actor: &str, now: DateTime<Utc>) -> CaseChange {
    let mut history = next_steps_history(before, &after, actor, now);
    let changes = [
        (
            "account_id",
            before.account_id.clone(),
            after.account_id.clone(),
        ),
        ("queue", before.queue.clone(), after.queue.clone()),
        (
            "contact_id",
            before.contact_id.clone(),
            after.contact_id.clone(),
        ),
        (
            "opportunity_id",
            before.opportunity_id.clone(),
            after.opportunity_id.clone(),
        ),
        (
            "case_reason",
            before.case_reason.map(|r| r.to_string()),
            after.case_reason.map(|r| r.to_string()),
        ),
        ("feedback", before.feedback.clone(), after.feedback.clone()),
    ];
    for (field, b, a) in changes {
        if b != a {
            history.push(HistoryEntry::new(now, actor, "updated").change(field, b, a));
        }
    }
    let mut ch = CaseChange::new(before, after, now);
    ch.history = history;
    ch
}

/// SPEC §4.3: `smb case log ID email|call`: a touch of the cadence on an open case.
pub fn touch(
    case: &Case,
    touch: Touch,
    note: Option<&str>,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<CaseChange> {
    if case.status.is_closed() {
        return Err(Error::refused(format!(
            "{} is closed ({}); touches are logged on open cases",
            case.label(),
            case.status
        )));
    }
    let mut h = HistoryEntry::new(now, actor, "activity").change(
        "touch",
        None,
        Some(touch.as_str().to_string()),
    );
    if let Some(n) = note.filter(|n| !n.trim().is_empty()) {
        h = h.note(n.trim());
    }
    let mut ch = CaseChange::new(case, case.clone(), now);
    ch.history = vec![h];
    Ok(ch)
}

/// SPEC §4.6 (decision): at a new fiscal year, last year's open High Value Account case is
/// closed as `Closed - N/A` / `No Action Required` by `system`, with history; `None` when it
/// is already closed.
pub fn year_end_rollover(
    old: &Case,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Option<CaseChange> {
    if old.status.is_closed() {
        return None;
    }
    let mut c = old.clone();
    c.status = Status::NotApplicable;
    c.resolution_action = Some(ResolutionAction::NoActionRequired);
    c.closed_at = Some(now);
    let fy = settings.calendar.year_label(now.date_naive());
    let history = vec![
        HistoryEntry::new(now, "system", "closed")
            .change(
                "status",
                Some(old.status.as_str().to_string()),
                Some(c.status.as_str().to_string()),
            )
            .note(format!(
                "{fy} began: the new fiscal year's High Value Account case replaces this one"
            )),
        HistoryEntry::new(now, "system", "updated").change(
            "resolution_action",
            None,
            Some(ResolutionAction::NoActionRequired.as_str().to_string()),
        ),
    ];
    let mut ch = CaseChange::new(old, c, now);
    ch.history = history;
    ch.clock = ClockEvent::Stop(ClockStop::Closed);
    Some(ch)
}

/// What creating a case writes besides its row (SPEC §3.3, §6.1): its history (`created`,
/// then `assigned` to its owner or `queued` in its queue), the start of its first SLA clock
/// (an Open case awaits a response) and, routed to someone other than its creator, their
/// notice. `c` is the case as inserted (its id known); both engines call this.
pub fn creation(
    c: &Case,
    actor: &str,
    note: Option<&str>,
) -> (
    Vec<HistoryEntry>,
    Option<DateTime<Utc>>,
    Option<NoticeDraft>,
) {
    let mut created = HistoryEntry::new(c.created_at, actor, "created").change(
        "status",
        None,
        Some(c.status.as_str().to_string()),
    );
    if let Some(n) = note {
        created = created.note(n);
    }
    let mut history = vec![created];
    let mut notice = None;
    if let Some(owner) = &c.owner {
        history.push(HistoryEntry::new(c.created_at, actor, "assigned").change(
            "owner",
            None,
            Some(owner.clone()),
        ));
        // Routed to a person (SPEC §3.3): the owner is told (SPEC §5 decision), unless they
        // made it themself.
        if !people::same_person(owner, actor) {
            notice = Some(NoticeDraft {
                recipient: owner.clone(),
                kind: NoticeKind::Routed,
                at: c.created_at,
                note: Some(note.unwrap_or(c.subject.as_str()).to_string()),
            });
        }
    } else if let Some(q) = &c.queue {
        history.push(
            HistoryEntry::new(c.queued_at.unwrap_or(c.created_at), actor, "queued").change(
                "queue",
                None,
                Some(q.clone()),
            ),
        );
    }
    let clock = (c.status == Status::Open).then(|| c.queued_at.unwrap_or(c.created_at));
    (history, clock, notice)
}

/// A queued case's `queued_at` is its creation when the draft does not say.
pub fn with_queued_at(mut c: Case) -> Case {
    if c.queue.is_some() && c.owner.is_none() && c.queued_at.is_none() {
        c.queued_at = Some(c.created_at);
    }
    c
}

/// SPEC §5: a reply in a known thread attached to its case (even a closed one): the message
/// indexed, an `email_attached` entry, and a notice to the owner, if any.
pub fn attach_reply(
    case: &Case,
    message_id: Option<&str>,
    from: &str,
    subject: &str,
    body: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> CaseChange {
    let first_line = body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut ch = CaseChange::new(case, case.clone(), now);
    ch.attach_message = message_id.map(str::to_string);
    ch.history = vec![
        HistoryEntry::new(now, actor, "email_attached")
            .change("message_id", None, message_id.map(str::to_string))
            .note(format!("from {from}: {subject} — {}", first_line.trim())),
    ];
    // The owner is told: a notice waits in their `smb today` (SPEC §5 decision).
    if let Some(owner) = &case.owner {
        ch.notices = vec![NoticeDraft {
            recipient: owner.clone(),
            kind: NoticeKind::Reply,
            at: now,
            note: Some(format!("from {from}: {}", first_line.trim())),
        }];
    }
    ch
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{Category, Origin, Priority};
    use crate::domain::model::Model;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn case(status: Status, owner: Option<&str>) -> Case {
        let mut c = Case::draft(
            "manual",
            Category::InboundRequest,
            Priority::Medium,
            "Question",
            Origin::Manual,
            "staff",
            t("2026-03-01T09:00:00Z"),
        );
        c.id = 7;
        c.status = status;
        c.owner = owner.map(str::to_string);
        c.queue = Some("AMER".into());
        if status == Status::InProgress {
            c.picked_at = Some(t("2026-03-01T10:00:00Z"));
        }
        c
    }

    #[test]
    fn close_records_status_action_and_new_feedback_and_stops_the_clock() {
        let mut c = case(Status::InProgress, Some("Dana"));
        c.feedback = Some("old".into());
        let now = t("2026-03-02T09:00:00Z");
        let ch = close(
            &c,
            Status::Resolved,
            ResolutionAction::AnsweredQuestion,
            Some("  new  "),
            None,
            15,
            "Dana",
            now,
        )
        .unwrap();
        assert_eq!(ch.guard, Guard::Unchanged);
        assert_eq!(ch.clock, ClockEvent::Stop(ClockStop::Closed));
        assert_eq!(ch.after.status, Status::Resolved);
        assert_eq!(ch.after.closed_at, Some(now));
        assert_eq!(ch.after.feedback.as_deref(), Some("old\nnew"));
        let actions: Vec<_> = ch.history.iter().map(|h| h.action.as_str()).collect();
        assert_eq!(actions, ["closed", "closed", "updated"]);
        // Feedback already there: no third entry.
        let mut c2 = c.clone();
        c2.feedback = Some("old new".into());
        let ch = close(
            &c2,
            Status::Resolved,
            ResolutionAction::AnsweredQuestion,
            Some("new"),
            None,
            15,
            "Dana",
            now,
        )
        .unwrap();
        assert_eq!(ch.history.len(), 2);
    }

    #[test]
    fn close_keeps_check_closes_refusals() {
        let c = case(Status::Resolved, Some("Dana"));
        let e = close(
            &c,
            Status::Resolved,
            ResolutionAction::AnsweredQuestion,
            None,
            None,
            15,
            "Dana",
            t("2026-03-02T09:00:00Z"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("already closed"), "{e}");
    }

    #[test]
    fn assign_restarts_an_open_cases_clock_and_tells_the_new_owner() {
        let now = t("2026-03-02T09:00:00Z");
        let ch = assign(&case(Status::Open, None), "Dana", "Mia", "Mia", None, now).unwrap();
        assert_eq!(
            ch.clock,
            ClockEvent::StopThenStart {
                stop: ClockStop::Reassigned,
                at: now,
                reason: "reassigned"
            }
        );
        assert_eq!(ch.notices.len(), 1);
        assert_eq!(ch.notices[0].recipient, "Dana");
        // In Progress: the clock was stopped at the pick; taking it over yourself: no notice.
        let ch = assign(
            &case(Status::InProgress, Some("Sam")),
            "Mia",
            "Mia",
            "Mia",
            Some("pto"),
            now,
        )
        .unwrap();
        assert_eq!(ch.clock, ClockEvent::None);
        assert!(ch.notices.is_empty());
        let note = ch.history[0].note.as_deref().unwrap();
        assert!(
            note.contains("Mia took over the case from Sam (reason: pto)"),
            "{note}"
        );
    }

    #[test]
    fn assign_refuses_closed_cases_and_the_same_owner() {
        let now = t("2026-03-02T09:00:00Z");
        assert!(
            assign(
                &case(Status::Resolved, None),
                "Dana",
                "Mia",
                "Mia",
                None,
                now
            )
            .is_err()
        );
        let e = assign(
            &case(Status::Open, Some("dana")),
            "Dana",
            "Mia",
            "Mia",
            None,
            now,
        )
        .unwrap_err();
        assert!(e.to_string().contains("already belongs to Dana"), "{e}");
    }

    #[test]
    fn assign_for_language_tags_the_feedback_once() {
        let now = t("2026-03-02T09:00:00Z");
        let ch = assign(
            &case(Status::Open, None),
            "Lena",
            "Mia",
            "Mia",
            Some("language"),
            now,
        )
        .unwrap();
        assert_eq!(ch.after.feedback.as_deref(), Some(LANGUAGE_TAG));
        assert_eq!(ch.history.len(), 2, "assigned + feedback updated");
        let ch = assign(&ch.after, "Dana", "Mia", "Mia", Some("language"), now).unwrap();
        assert_eq!(ch.after.feedback.as_deref(), Some(LANGUAGE_TAG));
        assert_eq!(ch.history.len(), 1);
    }

    #[test]
    fn defer_unowns_requeues_and_restarts_the_clock_on_the_return_day() {
        let now = t("2026-03-02T09:00:00Z");
        let back = t("2026-09-02T04:00:00Z");
        let until = back.date_naive();
        let ch = defer(
            &case(Status::InProgress, Some("Dana")),
            until,
            back,
            "Call again",
            "EMEA".into(),
            "Dana",
            now,
        )
        .unwrap();
        assert_eq!(ch.after.status, Status::Open);
        assert_eq!(ch.after.owner, None);
        assert_eq!(ch.after.queue.as_deref(), Some("EMEA"));
        assert_eq!(ch.after.queued_at, Some(back));
        let fields: Vec<_> = ch
            .history
            .iter()
            .map(|h| (h.action.as_str(), h.field.as_deref().unwrap_or_default()))
            .collect();
        // The queue and its return time have entries of their own (`--as-of`, SPEC §12).
        assert_eq!(
            fields,
            [
                ("deferred", "status"),
                ("deferred", "owner"),
                ("deferred", "queue"),
                ("deferred", "queued_at"),
                ("next_steps", "next_steps"),
                ("next_steps", "next_steps_date")
            ]
        );
        assert_eq!(ch.history[3].after.as_deref(), Some("2026-09-02T04:00:00Z"));
        assert_eq!(
            ch.clock,
            ClockEvent::StopThenStart {
                stop: ClockStop::Deferred,
                at: back,
                reason: "deferral ended"
            }
        );
        let unowned = defer(
            &case(Status::Open, None),
            until,
            back,
            "x",
            "AMER".into(),
            "Dana",
            now,
        )
        .unwrap();
        assert_eq!(unowned.history[0].action, "deferred");
        assert!(
            unowned
                .history
                .iter()
                .all(|h| h.field.as_deref() != Some("owner")),
            "no owner entry"
        );
        assert!(
            defer(
                &case(Status::Duplicate, None),
                until,
                back,
                "x",
                "AMER".into(),
                "D",
                now
            )
            .is_err()
        );
    }

    #[test]
    fn update_records_one_entry_per_changed_field() {
        let now = t("2026-03-02T09:00:00Z");
        let before = case(Status::InProgress, Some("Dana"));
        let mut after = before.clone();
        after.next_steps = Some("Send quote".into());
        after.account_id = Some("A1".into());
        after.queue = Some("EMEA".into());
        let ch = update(&before, after, "Dana", now);
        let fields: Vec<_> = ch
            .history
            .iter()
            .map(|h| (h.action.as_str(), h.field.as_deref().unwrap()))
            .collect();
        assert_eq!(
            fields,
            [
                ("next_steps", "next_steps"),
                ("updated", "account_id"),
                ("updated", "queue")
            ]
        );
        assert!(
            update(&before, before.clone(), "Dana", now)
                .history
                .is_empty()
        );
    }

    #[test]
    fn a_touch_is_history_only_and_closed_cases_take_none() {
        let now = t("2026-03-02T09:00:00Z");
        let c = case(Status::InProgress, Some("Dana"));
        let ch = touch(&c, Touch::Call, Some("  voicemail "), "Dana", now).unwrap();
        assert_eq!(ch.after, c);
        assert_eq!(ch.clock, ClockEvent::None);
        assert_eq!(ch.history[0].note.as_deref(), Some("voicemail"));
        let e = touch(
            &case(Status::Resolved, None),
            Touch::Email,
            None,
            "Dana",
            now,
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("touches are logged on open cases"),
            "{e}"
        );
    }

    #[test]
    fn the_rollover_closes_an_open_case_as_not_applicable_by_system() {
        let now = t("2026-02-02T09:00:00Z");
        let s = Settings::new(Model::Digital);
        let ch = year_end_rollover(&case(Status::InProgress, Some("Dana")), &s, now).unwrap();
        assert_eq!(ch.after.status, Status::NotApplicable);
        assert_eq!(
            ch.after.resolution_action,
            Some(ResolutionAction::NoActionRequired)
        );
        assert!(ch.history.iter().all(|h| h.actor == "system"));
        assert_eq!(ch.clock, ClockEvent::Stop(ClockStop::Closed));
        assert!(year_end_rollover(&case(Status::Resolved, None), &s, now).is_none());
    }
}
