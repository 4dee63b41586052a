//! A case as it stood at a past moment (SPEC §12, `--as-of`), rebuilt from its row as it is
//! now and its history: every entry written after the moment is undone, newest first, each
//! field put back to its `before` value. The times a change sets without an entry of their
//! own are read from the entries that set them: `picked_at` from the `picked` status entries,
//! `first_response_at` and `closed_at` from the moment they were set (a pick, a close: nothing
//! clears them). `queued_at` and a deferral's queue have their own entries since the
//! deferral writes them (`defer`); a deferral recorded before that is rebuilt with today's
//! `queued_at` (README: the limit for old data).

use chrono::{DateTime, NaiveDate, Utc};

use super::case::{Case, CaseReason, HistoryEntry, ResolutionAction, Status};

/// The case as it stood at `at` (every entry at or before `at` applied), with the history it
/// had then; `None` when it did not exist yet.
pub fn case_at(
    now: &Case,
    history: &[HistoryEntry],
    at: DateTime<Utc>,
) -> Option<(Case, Vec<HistoryEntry>)> {
    if now.created_at > at {
        return None;
    }
    let mut c = now.clone();
    let (kept, undone): (Vec<&HistoryEntry>, Vec<&HistoryEntry>) =
        history.iter().partition(|h| h.at <= at);
    for h in undone.iter().rev() {
        undo(&mut c, h);
    }
    c.picked_at = kept
        .iter()
        .filter(|h| h.action == "picked" && h.field.as_deref() == Some("status"))
        .map(|h| h.at)
        .max();
    c.first_response_at = c.first_response_at.filter(|t| *t <= at);
    c.closed_at = c.closed_at.filter(|t| *t <= at && c.status.is_closed());
    Some((c, kept.into_iter().cloned().collect()))
}

/// Puts back the field `h` changed.
fn undo(c: &mut Case, h: &HistoryEntry) {
    let Some(field) = h.field.as_deref() else {
        return;
    };
    let before = h.before.clone();
    match field {
        "status" => {
            if let Some(s) = before.as_deref().and_then(Status::parse) {
                c.status = s;
            }
        }
        "owner" => c.owner = before,
        "queue" => c.queue = before,
        "next_steps" => c.next_steps = before,
        "next_steps_date" => {
            c.next_steps_date = before.and_then(|d| d.parse::<NaiveDate>().ok());
        }
        "resolution_action" => {
            c.resolution_action = before.as_deref().and_then(ResolutionAction::parse);
        }
        "case_reason" => c.case_reason = before.as_deref().and_then(CaseReason::parse),
        "feedback" => c.feedback = before,
        "account_id" => c.account_id = before,
        "contact_id" => c.contact_id = before,
        "opportunity_id" => c.opportunity_id = before,
        "queued_at" => {
            c.queued_at = before
                .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                .map(|t| t.with_timezone(&Utc));
        }
        // touch, message_id: entries that change no field of the row
        _ => {}
    }
}

/// Whether a case rebuilt at a moment was in one of the stored queue values `queues` on
/// `today` (SPEC §4.1): the store's queue query as a predicate (Open, no owner, the queue,
/// no next-steps date still to come).
pub fn in_queue(c: &Case, queues: &[String], today: NaiveDate) -> bool {
    c.status == Status::Open
        && c.owner.is_none()
        && c.queue.as_ref().is_some_and(|q| queues.contains(q))
        && c.next_steps_date.is_none_or(|d| d <= today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{Category, Origin, Priority};
    use crate::domain::change::{close, creation, defer, with_queued_at};

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn each_change_undone_gives_the_case_of_each_moment() {
        // created 09:00, deferred 10:00 until 5 March, assigned-close at 12:00
        let mut c = Case::draft(
            "manual",
            Category::InboundRequest,
            Priority::Medium,
            "Question",
            Origin::Manual,
            "me",
            t("2026-03-02T09:00:00Z"),
        );
        c.id = 1;
        c.queue = Some("AMER".into());
        let c0 = with_queued_at(c);
        let (mut history, _, _) = creation(&c0, "me", None);
        let d = defer(
            &c0,
            "2026-03-05".parse().unwrap(),
            t("2026-03-05T00:00:00Z"),
            "call back",
            "EMEA".into(),
            "me",
            t("2026-03-02T10:00:00Z"),
        )
        .unwrap();
        history.extend(d.history.clone());
        let c1 = d.after.clone();
        let cl = close(
            &c1,
            Status::NotApplicable,
            ResolutionAction::NoActionRequired,
            None,
            Some("duplicate"),
            15,
            "me",
            t("2026-03-02T12:00:00Z"),
        )
        .unwrap();
        history.extend(cl.history.clone());
        let c2 = cl.after.clone();

        assert_eq!(case_at(&c2, &history, t("2026-03-02T08:59:59Z")), None);
        let (at9, h9) = case_at(&c2, &history, t("2026-03-02T09:30:00Z")).unwrap();
        assert_eq!(at9, c0);
        assert_eq!(h9.len(), 2);
        let (at10, _) = case_at(&c2, &history, t("2026-03-02T10:00:00Z")).unwrap();
        assert_eq!(at10, c1);
        let (at12, h12) = case_at(&c2, &history, t("2026-03-02T12:00:00Z")).unwrap();
        assert_eq!(at12, c2);
        assert_eq!(h12, history);
    }
}
