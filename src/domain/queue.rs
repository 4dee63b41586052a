//! Which case is next (SPEC §4.1), pure: the queues a person reads, the order of each model,
//! and why the head is the head.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};

use super::case::{BOTH_QUEUES, Case};
use super::model::{Model, QueueOrder, Region, Settings};

/// The queue a person works (SPEC §1.2, §7.2 "default: the caller's queue"): digital AMER and
/// APAC → `AMER`, EMEA → `EMEA`; pooled AMER (and APAC) → `AMER`, pooled EMEA → the AE's own
/// pool, named after them.
pub fn caller_queue(settings: &Settings, region: Region, name: &str) -> String {
    match settings.model {
        Model::Digital => region.digital_queue().to_string(),
        Model::Pooled => match region {
            Region::Amer | Region::Apac => "AMER".to_string(),
            Region::Emea => name.to_string(),
        },
    }
}

/// The stored queue values that make up `queue`: a regional queue also holds the cases of
/// unknown senders (`AMER,EMEA`, SPEC §3.3, §5). **(decision)** A pooled EMEA AE's pool also
/// shows the `EMEA` pool, where the cases of EMEA accounts without an AE owner land, and the
/// unknown senders.
pub fn stored_queues(settings: &Settings, queue: &str) -> Vec<String> {
    let q = queue.trim();
    if q.eq_ignore_ascii_case("AMER") {
        vec!["AMER".to_string(), BOTH_QUEUES.to_string()]
    } else if q.eq_ignore_ascii_case("EMEA") {
        vec!["EMEA".to_string(), BOTH_QUEUES.to_string()]
    } else if q.eq_ignore_ascii_case(BOTH_QUEUES) {
        vec![BOTH_QUEUES.to_string()]
    } else if settings.model == Model::Pooled {
        vec![q.to_string(), "EMEA".to_string(), BOTH_QUEUES.to_string()]
    } else {
        vec![q.to_string()]
    }
}

/// Compares two queued cases in `order` (SPEC §4.1): `Less` comes first.
pub fn compare(order: QueueOrder, a: &Case, b: &Case) -> Ordering {
    let at = |c: &Case| c.queued_at.unwrap_or(c.created_at);
    match order {
        QueueOrder::PriorityThenAge => a
            .priority
            .cmp(&b.priority)
            .then(at(a).cmp(&at(b)))
            .then(a.id.cmp(&b.id)),
        QueueOrder::AgeThenPriority => at(a)
            .cmp(&at(b))
            .then(a.priority.cmp(&b.priority))
            .then(a.id.cmp(&b.id)),
    }
}

/// Merges queue listings that are each in `order` into one, in `order`.
pub fn merge(order: QueueOrder, lists: Vec<Vec<Case>>) -> Vec<Case> {
    let mut all: Vec<Case> = lists.into_iter().flatten().collect();
    all.sort_by(|a, b| compare(order, a, b));
    all
}

/// Why `head` is next, in words, given the case behind it (if any); `show` writes an instant
/// as the reader reads it (their time zone at a terminal).
pub fn why_next(
    order: QueueOrder,
    head: &Case,
    behind: Option<&Case>,
    show: impl Fn(DateTime<Utc>) -> String,
) -> String {
    let at = |c: &Case| c.queued_at.unwrap_or(c.created_at);
    let since = show(at(head));
    match order {
        QueueOrder::PriorityThenAge => {
            let same = behind.is_none_or(|b| b.priority == head.priority);
            if same {
                format!(
                    "the oldest {} priority case (queued {since}); High before Medium before Low, then oldest first",
                    head.priority
                )
            } else {
                format!(
                    "the only {} priority case left, ahead of lower priorities (queued {since})",
                    head.priority
                )
            }
        }
        QueueOrder::AgeThenPriority => {
            let tie = behind.is_some_and(|b| at(b) == at(head));
            if tie {
                format!(
                    "the oldest case (queued {since}); others queued at the same time, {} first",
                    head.priority
                )
            } else {
                format!("the oldest case in the queue (queued {since}), whatever its subject")
            }
        }
    }
}

/// Is a case with `next_steps_date` visible in a queue on `now` (SPEC §4.1: "empty or has
/// come")?
pub fn visible(case: &Case, now: DateTime<Utc>) -> bool {
    case.next_steps_date.is_none_or(|d| d <= now.date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{Category, Origin, Priority};

    fn case(id: i64, p: Priority, queued: &str) -> Case {
        let t: DateTime<Utc> = queued.parse().unwrap();
        let mut c = Case::draft(
            "x",
            Category::InboundRequest,
            p,
            "s",
            Origin::Manual,
            "me",
            t,
        );
        c.id = id;
        c.queued_at = Some(t);
        c
    }

    #[test]
    fn digital_priority_then_age_then_id() {
        let a = case(1, Priority::Low, "2026-03-01T00:00:00Z");
        let b = case(2, Priority::High, "2026-03-02T00:00:00Z");
        let c = case(3, Priority::High, "2026-03-01T12:00:00Z");
        let d = case(4, Priority::High, "2026-03-01T12:00:00Z");
        let got = merge(QueueOrder::PriorityThenAge, vec![vec![a, b], vec![d, c]]);
        let ids: Vec<i64> = got.iter().map(|c| c.id).collect();
        assert_eq!(ids, vec![3, 4, 2, 1]);
    }

    #[test]
    fn pooled_age_then_priority_then_id() {
        let a = case(1, Priority::Low, "2026-03-01T00:00:00Z");
        let b = case(2, Priority::High, "2026-03-02T00:00:00Z");
        let c = case(3, Priority::Medium, "2026-03-01T00:00:00Z");
        let d = case(4, Priority::High, "2026-03-01T00:00:00Z");
        let got = merge(QueueOrder::AgeThenPriority, vec![vec![a, b, c, d]]);
        let ids: Vec<i64> = got.iter().map(|c| c.id).collect();
        assert_eq!(ids, vec![4, 3, 1, 2]);
        assert!(
            why_next(QueueOrder::AgeThenPriority, &got[0], got.get(1), |t| t
                .to_rfc3339())
            .contains("same time")
        );
    }

    #[test]
    fn queues_a_person_reads() {
        let d = Settings::new(Model::Digital);
        let p = Settings::new(Model::Pooled);
        assert_eq!(caller_queue(&d, Region::Apac, "Dana"), "AMER");
        assert_eq!(
            caller_queue(&p, Region::Emea, "Lena Fischer"),
            "Lena Fischer"
        );
        assert_eq!(stored_queues(&d, "amer"), vec!["AMER", "AMER,EMEA"]);
        assert_eq!(
            stored_queues(&p, "Lena Fischer"),
            vec!["Lena Fischer", "EMEA", "AMER,EMEA"]
        );
    }
}
