//! Notices that wait for a case's owner (SPEC §5 decision), pure: a customer's reply attached
//! to one of their cases, or a case routed to them (SPEC §3.3). The owner's `smb today` lists
//! them first; `smb case show` by the owner marks that case's notices seen.

use chrono::{DateTime, Utc};

/// What the owner is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// A customer's email attached to their case (even a closed one).
    Reply,
    /// A case given to them without their asking: routed at creation, transferred at a pick,
    /// reassigned by someone else.
    Routed,
    /// A case of their region escalated to them, a manager (SPEC §11.3): past its pick-up due
    /// instant, or In Progress past the 15-day limit.
    Escalated,
}

impl NoticeKind {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Reply => "reply",
            NoticeKind::Routed => "routed",
            NoticeKind::Escalated => "escalated",
        }
    }

    pub fn parse(s: &str) -> Option<NoticeKind> {
        match s {
            "reply" => Some(NoticeKind::Reply),
            "routed" => Some(NoticeKind::Routed),
            "escalated" => Some(NoticeKind::Escalated),
            _ => None,
        }
    }

    /// The key `smb today` gives scripts.
    pub fn key(self) -> &'static str {
        match self {
            NoticeKind::Reply => "customer_reply",
            NoticeKind::Routed => "routed_to_you",
            NoticeKind::Escalated => "escalated_to_you",
        }
    }
}

/// One unseen notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub case_id: i64,
    pub kind: NoticeKind,
    pub at: DateTime<Utc>,
    /// What happened, in words (the reply's sender and first line; why the case was routed).
    pub note: Option<String>,
}

impl Notice {
    /// The notice in words, for `smb today`.
    pub fn describe(&self) -> String {
        let at = self.at.format("%Y-%m-%d %H:%M UTC");
        let note = self.note.as_deref().unwrap_or("");
        match self.kind {
            NoticeKind::Reply => {
                format!("new: customer reply {note} ({at}); smb case show to read it")
            }
            NoticeKind::Routed => format!("new: routed to you: {note} ({at})"),
            NoticeKind::Escalated => format!("new: escalated to you: {note} ({at})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_read_as_news() {
        for k in [NoticeKind::Reply, NoticeKind::Routed, NoticeKind::Escalated] {
            assert_eq!(NoticeKind::parse(k.as_str()), Some(k));
        }
        let n = Notice {
            case_id: 1,
            kind: NoticeKind::Reply,
            at: "2026-03-02T14:00:00Z".parse().unwrap(),
            note: Some("from a@b.c".into()),
        };
        assert!(n.describe().starts_with("new: customer reply from a@b.c"));
    }
}
