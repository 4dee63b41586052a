//! One change to one case, decided by the domain and applied by the store in one go
//! (docs/store-boundary.md §3): the row as read, the row to write, the history it adds, what
//! happens to the SLA clock, the guard that makes it safe against a concurrent writer, and the
//! notices it sends. Pure data: no store, no clock.

use chrono::{DateTime, Utc};

use super::case::{Case, HistoryEntry};
use super::notice::NoticeKind;
use super::report::ClockStop;

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
