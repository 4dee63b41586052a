//! Pick discipline (SPEC §12, `smb report picks`): per person, the picks of the head of their
//! queue against the forced picks (with their reasons), the picks of cases already theirs, the
//! transfers their picks made, and how long the cases they picked had waited.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::report::{percentile, round2};

/// The note `decide_pick` writes on a forced pick, before the reason.
const FORCED: &str = "forced past the queue order (";
/// The note of a transfer at pick (pooled), before why.
const TRANSFERRED: &str = "transferred at pick: ";

/// One pick or transfer at pick, as the history recorded it.
#[derive(Debug, Clone, PartialEq)]
pub struct PickRecord {
    pub case_id: i64,
    pub at: DateTime<Utc>,
    /// Who picked.
    pub actor: String,
    /// `picked` (the `status` entry of a claim) or `assigned` (a transfer at pick).
    pub action: String,
    /// The owner before the pick (`None`: a queue case, `Some`: already the picker's). Of a
    /// claim: the `picked` `owner` entry exists only when the case was in a queue.
    pub from_queue: bool,
    pub note: Option<String>,
    /// The case's queue (business hours of pooled clocks are the queue's).
    pub queue: Option<String>,
    /// When the SLA clock the pick stopped had started: since when the case had waited.
    pub waited_since: Option<DateTime<Utc>>,
}

/// How a pick was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickKind {
    /// The head of the picker's queue.
    Head,
    /// Past the queue order with `--force --reason`: the reason.
    Forced(String),
    /// A case routed or reassigned to the picker: starting work, no queue order.
    Own,
    /// Transferred at pick to the owner of the account's other case or Upgrade opportunity.
    Transfer,
}

impl PickRecord {
    pub fn kind(&self) -> PickKind {
        if self.action == "assigned" {
            return PickKind::Transfer;
        }
        if let Some(n) = self.note.as_deref()
            && let Some(rest) = n.strip_prefix(FORCED)
        {
            // "forced past the queue order (HEAD): REASON"
            let reason = rest.split_once("): ").map_or(rest, |(_, r)| r);
            return PickKind::Forced(reason.to_string());
        }
        if self.from_queue {
            PickKind::Head
        } else {
            PickKind::Own
        }
    }

    /// Whether `note` is a transfer at pick's.
    pub fn is_transfer_note(note: &str) -> bool {
        note.starts_with(TRANSFERRED)
    }
}

/// One person's line of the report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PickLine {
    pub person: String,
    pub head: u64,
    pub forced: u64,
    /// The forced picks' reasons with their case, in time order.
    pub reasons: Vec<(i64, String)>,
    pub own: u64,
    pub transfers: u64,
    /// Hours the picked cases had waited (head, forced and own picks).
    pub median_wait_hours: Option<f64>,
    pub p90_wait_hours: Option<f64>,
}

/// The report's lines by person (names compared ignoring case, shown as first seen), given
/// each record's waited hours (`None` when no clock says).
pub fn tally(records: &[(PickRecord, Option<f64>)]) -> Vec<PickLine> {
    let mut lines: BTreeMap<String, (PickLine, Vec<f64>)> = BTreeMap::new();
    for (r, waited) in records {
        let (line, waits) = lines.entry(r.actor.to_lowercase()).or_insert_with(|| {
            (
                PickLine {
                    person: r.actor.clone(),
                    ..PickLine::default()
                },
                Vec::new(),
            )
        });
        match r.kind() {
            PickKind::Head => line.head += 1,
            PickKind::Forced(reason) => {
                line.forced += 1;
                line.reasons.push((r.case_id, reason));
            }
            PickKind::Own => line.own += 1,
            PickKind::Transfer => {
                line.transfers += 1;
                continue;
            }
        }
        if let Some(h) = waited {
            waits.push(h.max(0.0));
        }
    }
    lines
        .into_values()
        .map(|(mut line, mut waits)| {
            line.median_wait_hours = percentile(&mut waits, 50.0).map(round2);
            line.p90_wait_hours = percentile(&mut waits, 90.0).map(round2);
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(actor: &str, action: &str, from_queue: bool, note: Option<&str>) -> PickRecord {
        PickRecord {
            case_id: 1,
            at: "2026-03-02T10:00:00Z".parse().unwrap(),
            actor: actor.into(),
            action: action.into(),
            from_queue,
            note: note.map(str::to_string),
            queue: None,
            waited_since: None,
        }
    }

    #[test]
    fn each_pick_is_counted_by_how_it_was_made() {
        let forced =
            "forced past the queue order (the head of your queue (AMER) is case #3): asked by name";
        let records = vec![
            (rec("Dana", "picked", true, None), Some(2.0)),
            (rec("dana", "picked", true, Some(forced)), Some(10.0)),
            (rec("Dana", "picked", false, None), Some(4.0)),
            (
                rec("Dana", "assigned", true, Some("transferred at pick: x")),
                Some(99.0),
            ),
            (rec("Ari", "picked", true, None), None),
        ];
        let lines = tally(&records);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].person, "Ari");
        assert_eq!((lines[0].head, lines[0].median_wait_hours), (1, None));
        let d = &lines[1];
        assert_eq!((d.head, d.forced, d.own, d.transfers), (1, 1, 1, 1));
        assert_eq!(d.reasons, vec![(1, "asked by name".to_string())]);
        // waits 2, 4, 10 (the transfer's is not a pick's): median 4, p90 10
        assert_eq!(d.median_wait_hours, Some(4.0));
        assert_eq!(d.p90_wait_hours, Some(10.0));
    }
}
