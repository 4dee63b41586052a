//! SPEC §4.2, picking a case, pure: what the store reads for a pick ([`PickQuery`] asks,
//! [`PickView`] answers, both engines) and what the rules decide from it ([`decide_pick`]):
//! claim the case, transfer it (pooled), or nothing to pick; or why not.

use chrono::{DateTime, NaiveDate, Utc};

use super::account::Opportunity;
use super::case::{Case, HistoryEntry, Status};
use super::change::{CaseChange, ClockEvent, Guard, NoticeDraft, next_steps_history};
use super::model::{Model, QueueOrder, Region, Settings};
use super::notice::NoticeKind;
use super::people::{Advocate, Role};
use super::queue::{caller_queue, stored_queues};
use super::report::ClockStop;
use super::routing::upgrade_opp_owner;
use crate::{Error, Result};

/// What a pick needs to read, asked in one go (`Ops::pick_view`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickQuery {
    /// The acting person's name as given (`--as`), matched ignoring case.
    pub me: String,
    /// The stored queue values the caller works, for each region their profile may have, in
    /// `Region` order (AMER, APAC, EMEA): `queue::stored_queues(caller_queue(...))`.
    pub queues_by_region: [Vec<String>; 3],
    /// The model's queue order.
    pub order: QueueOrder,
    /// `smb pick ID`: the case asked for; `None`: the head.
    pub case: Option<i64>,
    /// Deferred cases come back on this day.
    pub today: NaiveDate,
}

/// What a pick reads, read under the lock the claim is written under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickView {
    /// The acting person's profile (`None`: no profile).
    pub me: Option<Advocate>,
    /// The head of their queue (visible, unowned, Open, first in the model's order).
    pub head: Option<Case>,
    /// `PickQuery::case` as stored (`None`: unknown id, or no id asked).
    pub case: Option<Case>,
    /// The In Progress cases they hold.
    pub in_progress: i64,
    /// On the target case's account (`case`, else `head`): someone else owning another open
    /// case there, with that case's id (oldest first).
    pub other_open_case: Option<(String, i64)>,
    /// The target case's account's opportunities (pooled transfer to an Upgrade owner).
    pub account_opportunities: Vec<Opportunity>,
}

impl PickQuery {
    /// The query of `me` (their profile's spelling) asking for case `case` or the head.
    pub fn new(settings: &Settings, me: &str, case: Option<i64>, now: DateTime<Utc>) -> Self {
        let queues = |r: Region| stored_queues(settings, &caller_queue(settings, r, me.trim()));
        PickQuery {
            me: me.to_string(),
            queues_by_region: [
                queues(Region::Amer),
                queues(Region::Apac),
                queues(Region::Emea),
            ],
            order: settings.queue_order(),
            case,
            // The queue's "today" is the UTC day, as `queue list` shows it.
            today: now.date_naive(),
        }
    }

    /// The stored queue values a person of `region` works.
    pub fn queues_for(&self, region: Region) -> &[String] {
        let i = match region {
            Region::Amer => 0,
            Region::Apac => 1,
            Region::Emea => 2,
        };
        &self.queues_by_region[i]
    }
}

/// What `smb pick` asks for, besides who asks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PickRequest {
    /// `smb pick ID`.
    pub case: Option<i64>,
    /// `--force` with `--reason`: pick past the queue order.
    pub force_reason: Option<String>,
    /// `--next-steps` (trimmed, not empty).
    pub next_steps: Option<String>,
    /// `--next-steps-date`.
    pub next_steps_date: Option<NaiveDate>,
}

/// What the rules decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// Claim the case (Guard::Claim).
    Claim(CaseChange),
    /// pooled: the case goes to `to` instead, because `why`.
    Transfer {
        change: CaseChange,
        to: String,
        why: String,
    },
    /// The queue is empty (and no case was asked for).
    Nothing { queue: String },
}

/// SPEC §4.2: decides a pick by `me` (their profile) from what the store read. Refusals are
/// errors (exit 2) saying why and what to do instead.
pub fn decide_pick(
    view: &PickView,
    me: &Advocate,
    req: &PickRequest,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Result<Pick> {
    if me.role == Role::Staff {
        return Err(Error::refused(format!(
            "{} is staff: staff create cases and read; advocates pick them",
            me.name
        )));
    }
    let my_queue = caller_queue(settings, me.region, &me.name);
    let head = view.head.as_ref();
    let case = match req.case {
        Some(id) => view.case.as_ref().ok_or_else(|| {
            Error::invalid(format!(
                "unknown case #{id}: see `smb queue list` or `smb today` for case ids"
            ))
        })?,
        None => match head {
            Some(h) => h,
            None => return Ok(Pick::Nothing { queue: my_queue }),
        },
    };

    // Who may take it.
    if case.status.is_closed() {
        return Err(Error::refused(format!(
            "{} is closed ({}); nothing was changed",
            case.label(),
            case.status
        )));
    }
    let mine = case
        .owner
        .as_deref()
        .is_some_and(|o| o.eq_ignore_ascii_case(&me.name));
    let mut forced_note = None;
    match (&case.owner, case.status) {
        (Some(o), _) if !mine => {
            return Err(Error::refused(format!(
                "{} belongs to {o} ({}); it cannot be picked. A manager reassigns it with `smb case assign {} --to NAME`",
                case.label(),
                case.status,
                case.id
            )));
        }
        (Some(_), Status::InProgress) => {
            return Err(Error::refused(format!(
                "you are already working {}; update it with `smb case update {}`",
                case.label(),
                case.id
            )));
        }
        (Some(_), _) => {} // assigned to me (routed or reassigned): start work, no --force
        (None, _) => {
            let is_head = head.is_some_and(|h| h.id == case.id);
            if !is_head {
                let head_text = match head {
                    Some(h) => format!("the head of your queue ({my_queue}) is case #{}", h.id),
                    None => format!("your queue ({my_queue}) is empty"),
                };
                match &req.force_reason {
                    Some(r) => {
                        let r = super::workflow::override_reason(r)?;
                        forced_note =
                            Some(format!("forced past the queue order ({head_text}): {r}"));
                    }
                    None => {
                        return Err(Error::refused(format!(
                            "case #{} is not the head of your queue: {head_text}. Run `smb pick` to take the head, or `smb pick {} --force --reason TEXT` to override (recorded in the history)",
                            case.id, case.id
                        )));
                    }
                }
            }
        }
    }

    // Capacity. pooled: the Upgrade cap (15) caps Upgrade opportunities, never picking (SPEC
    // §4.2 decision): `report capacity` and `report hygiene` flag an AE over it.
    let cap = match settings.model {
        Model::Digital => {
            if view.in_progress >= i64::from(me.capacity) {
                return Err(at_capacity(me, view.in_progress));
            }
            Some(me.capacity)
        }
        Model::Pooled => None,
    };

    // pooled: another open case or an active Upgrade opp on the account → transfer.
    if settings.model == Model::Pooled && case.account_id.is_some() {
        let transfer = match &view.other_open_case {
            Some((owner, other)) => Some((
                owner.clone(),
                format!("{owner} owns open case #{other} on the account"),
            )),
            None => {
                let opps: Vec<_> = view
                    .account_opportunities
                    .iter()
                    .filter(|o| {
                        !o.owner
                            .as_deref()
                            .is_some_and(|w| w.eq_ignore_ascii_case(&me.name))
                    })
                    .cloned()
                    .collect();
                upgrade_opp_owner(&opps).map(|o| {
                    (
                        o.to_string(),
                        format!("{o} owns an active Upgrade opportunity on the account"),
                    )
                })
            }
        };
        if let Some((to, why)) = transfer {
            let mut c = case.clone();
            c.owner = Some(to.clone());
            let mut change = CaseChange::new(case, c, now);
            change.history = vec![
                HistoryEntry::new(now, &me.name, "assigned")
                    .change("owner", case.owner.clone(), Some(to.clone()))
                    .note(format!("transferred at pick: {why}")),
            ];
            // A reassignment while Open: the case now awaits the new owner's pick (SPEC §6.1).
            change.clock = ClockEvent::StopThenStart {
                stop: ClockStop::Reassigned,
                at: now,
                reason: "reassigned",
            };
            change.notices = vec![NoticeDraft {
                recipient: to.clone(),
                kind: NoticeKind::Routed,
                at: now,
                note: Some(format!("transferred by {}: {why}", me.name)),
            }];
            return Ok(Pick::Transfer { change, to, why });
        }
    }

    // Claim it.
    let mut claimed = case.clone();
    claimed.owner = Some(me.name.clone());
    claimed.status = Status::InProgress;
    claimed.picked_at = Some(now);
    claimed.first_response_at = case.first_response_at.or(Some(now));
    let mut picked = claimed.clone();
    if let Some(n) = &req.next_steps {
        picked.next_steps = Some(n.clone());
    }
    if req.next_steps_date.is_some() {
        picked.next_steps_date = req.next_steps_date;
    }
    let mut h = HistoryEntry::new(now, &me.name, "picked").change(
        "status",
        Some(case.status.as_str().to_string()),
        Some(Status::InProgress.as_str().to_string()),
    );
    if let Some(n) = forced_note {
        h = h.note(n);
    }
    let mut history = vec![h];
    if !mine {
        history.push(HistoryEntry::new(now, &me.name, "picked").change(
            "owner",
            None,
            Some(me.name.clone()),
        ));
    }
    history.extend(next_steps_history(&claimed, &picked, &me.name, now));
    let mut change = CaseChange::new(case, picked, now);
    change.history = history;
    change.clock = ClockEvent::Stop(ClockStop::Pick);
    change.guard = Guard::Claim {
        owner: me.name.clone(),
        cap,
    };
    Ok(Pick::Claim(change))
}

/// The refusal of a pick by `me`, who holds `in_progress` In Progress cases (digital cap).
pub fn at_capacity(me: &Advocate, in_progress: i64) -> Error {
    Error::refused(format!(
        "{} is at capacity: {in_progress} In Progress cases (cap {}). Close or defer a case first (`smb today` lists yours)",
        me.name, me.capacity
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{Category, Origin, Priority};

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    const NOW: &str = "2026-03-02T10:00:00Z";

    fn me(capacity: u32) -> Advocate {
        Advocate {
            name: "Dana".into(),
            region: Region::Amer,
            languages: vec!["en".into()],
            role: Role::Advocate,
            capacity,
            created_at: t("2026-03-01T00:00:00Z"),
        }
    }

    fn open(id: i64, owner: Option<&str>) -> Case {
        let mut c = Case::draft(
            "manual",
            Category::InboundRequest,
            Priority::Medium,
            "Question",
            Origin::Manual,
            "staff",
            t("2026-03-02T09:00:00Z"),
        );
        c.id = id;
        c.account_id = Some("A1".into());
        c.owner = owner.map(str::to_string);
        c.queue = Some("AMER".into());
        c.queued_at = Some(c.created_at);
        c
    }

    fn view(head: Option<Case>, case: Option<Case>) -> PickView {
        PickView {
            me: Some(me(50)),
            head,
            case,
            in_progress: 0,
            other_open_case: None,
            account_opportunities: Vec::new(),
        }
    }

    fn decide(v: &PickView, req: &PickRequest, model: Model) -> Result<Pick> {
        decide_pick(v, &me(50), req, &Settings::new(model), t(NOW))
    }

    fn claim(p: Pick) -> CaseChange {
        match p {
            Pick::Claim(c) => c,
            other => panic!("expected a claim, got {other:?}"),
        }
    }

    #[test]
    fn the_head_is_claimed_with_history_clock_and_the_cap_as_guard() {
        let v = view(Some(open(1, None)), None);
        let req = PickRequest {
            next_steps: Some("Email".into()),
            next_steps_date: Some("2026-03-04".parse().unwrap()),
            ..PickRequest::default()
        };
        let ch = claim(decide(&v, &req, Model::Digital).unwrap());
        assert_eq!(ch.after.status, Status::InProgress);
        assert_eq!(ch.after.owner.as_deref(), Some("Dana"));
        assert_eq!(ch.after.picked_at, Some(t(NOW)));
        assert_eq!(ch.after.first_response_at, Some(t(NOW)));
        assert_eq!(ch.after.next_steps.as_deref(), Some("Email"));
        assert_eq!(
            ch.guard,
            Guard::Claim {
                owner: "Dana".into(),
                cap: Some(50)
            }
        );
        assert_eq!(ch.clock, ClockEvent::Stop(ClockStop::Pick));
        let fields: Vec<_> = ch
            .history
            .iter()
            .map(|h| (h.action.as_str(), h.field.as_deref().unwrap()))
            .collect();
        assert_eq!(
            fields,
            [
                ("picked", "status"),
                ("picked", "owner"),
                ("next_steps", "next_steps"),
                ("next_steps", "next_steps_date")
            ]
        );
        // pooled: no cap in the guard.
        let ch = claim(decide(&v, &PickRequest::default(), Model::Pooled).unwrap());
        assert_eq!(
            ch.guard,
            Guard::Claim {
                owner: "Dana".into(),
                cap: None
            }
        );
    }

    #[test]
    fn a_case_assigned_to_me_starts_without_force_and_without_an_owner_entry() {
        let mine = open(5, Some("dana"));
        let v = view(Some(open(1, None)), Some(mine));
        let req = PickRequest {
            case: Some(5),
            ..PickRequest::default()
        };
        let ch = claim(decide(&v, &req, Model::Digital).unwrap());
        assert_eq!(ch.history.len(), 1, "status only");
    }

    #[test]
    fn a_case_not_at_the_head_needs_force_and_records_why() {
        let v = view(Some(open(1, None)), Some(open(2, None)));
        let mut req = PickRequest {
            case: Some(2),
            ..PickRequest::default()
        };
        let e = decide(&v, &req, Model::Digital).unwrap_err();
        assert!(
            e.to_string().contains(
                "case #2 is not the head of your queue: the head of your queue (AMER) is case #1"
            ),
            "{e}"
        );
        req.force_reason = Some(" \t".into());
        let e = decide(&v, &req, Model::Digital).unwrap_err();
        assert!(e.to_string().contains("--reason is empty"), "{e}");
        req.force_reason = Some("asked by name".into());
        let ch = claim(decide(&v, &req, Model::Digital).unwrap());
        let note = ch.history[0].note.as_deref().unwrap();
        assert!(note.contains("forced past the queue order") && note.ends_with("asked by name"));
        // The head itself needs no force.
        let v = view(Some(open(2, None)), Some(open(2, None)));
        req.force_reason = None;
        assert!(decide(&v, &req, Model::Digital).is_ok());
    }

    #[test]
    fn someone_elses_closed_or_started_cases_are_refused() {
        let req = PickRequest {
            case: Some(3),
            ..PickRequest::default()
        };
        let v = view(None, Some(open(3, Some("Sam"))));
        let e = decide(&v, &req, Model::Digital).unwrap_err();
        assert!(e.to_string().contains("belongs to Sam"), "{e}");
        let mut started = open(3, Some("Dana"));
        started.status = Status::InProgress;
        let e = decide(&view(None, Some(started)), &req, Model::Digital).unwrap_err();
        assert!(e.to_string().contains("you are already working"), "{e}");
        let mut closed = open(3, None);
        closed.status = Status::Resolved;
        let e = decide(&view(None, Some(closed)), &req, Model::Digital).unwrap_err();
        assert!(e.to_string().contains("is closed"), "{e}");
        let e = decide(&view(None, None), &req, Model::Digital).unwrap_err();
        assert!(e.to_string().contains("unknown case #3"), "{e}");
    }

    #[test]
    fn digital_capacity_is_checked_on_both_sides_of_the_cap() {
        let mut v = view(Some(open(1, None)), None);
        v.in_progress = 49;
        assert!(
            decide_pick(
                &v,
                &me(50),
                &PickRequest::default(),
                &Settings::new(Model::Digital),
                t(NOW)
            )
            .is_ok()
        );
        v.in_progress = 50;
        let e = decide_pick(
            &v,
            &me(50),
            &PickRequest::default(),
            &Settings::new(Model::Digital),
            t(NOW),
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("Dana is at capacity: 50 In Progress cases (cap 50)"),
            "{e}"
        );
        // pooled has no pick cap.
        assert!(
            decide_pick(
                &v,
                &me(50),
                &PickRequest::default(),
                &Settings::new(Model::Pooled),
                t(NOW)
            )
            .is_ok()
        );
    }

    #[test]
    fn pooled_transfers_to_the_owner_of_another_open_case_or_an_upgrade() {
        let mut v = view(Some(open(1, None)), None);
        v.other_open_case = Some(("Sam".into(), 9));
        let Pick::Transfer { change, to, why } =
            decide(&v, &PickRequest::default(), Model::Pooled).unwrap()
        else {
            panic!("expected a transfer")
        };
        assert_eq!(to, "Sam");
        assert_eq!(why, "Sam owns open case #9 on the account");
        assert_eq!(change.after.owner.as_deref(), Some("Sam"));
        assert_eq!(change.after.status, Status::Open);
        assert_eq!(change.guard, Guard::Unchanged);
        assert_eq!(change.notices[0].recipient, "Sam");
        // digital never transfers.
        assert!(matches!(
            decide(&v, &PickRequest::default(), Model::Digital).unwrap(),
            Pick::Claim(_)
        ));
        // An active Upgrade opportunity of someone else's; mine does not count.
        let mut v = view(Some(open(1, None)), None);
        let mut o = Opportunity::new(
            "O1",
            "A1",
            "Upgrade",
            "3-Proposal",
            "2026-04-01".parse().unwrap(),
        );
        o.owner = Some("dana".into());
        v.account_opportunities = vec![o.clone()];
        assert!(matches!(
            decide(&v, &PickRequest::default(), Model::Pooled).unwrap(),
            Pick::Claim(_)
        ));
        o.owner = Some("Kim".into());
        v.account_opportunities = vec![o];
        let Pick::Transfer { to, .. } = decide(&v, &PickRequest::default(), Model::Pooled).unwrap()
        else {
            panic!("expected a transfer")
        };
        assert_eq!(to, "Kim");
    }

    #[test]
    fn staff_do_not_pick_and_an_empty_queue_is_nothing() {
        let mut staff = me(50);
        staff.role = Role::Staff;
        let v = view(Some(open(1, None)), None);
        let e = decide_pick(
            &v,
            &staff,
            &PickRequest::default(),
            &Settings::new(Model::Digital),
            t(NOW),
        )
        .unwrap_err();
        assert!(e.to_string().contains("is staff"), "{e}");
        assert_eq!(
            decide(&view(None, None), &PickRequest::default(), Model::Digital).unwrap(),
            Pick::Nothing {
                queue: "AMER".into()
            }
        );
    }

    #[test]
    fn the_query_names_each_regions_queues() {
        let s = Settings::new(Model::Pooled);
        let q = PickQuery::new(&s, "Lena", None, t(NOW));
        assert!(
            q.queues_for(Region::Emea).iter().any(|x| x == "Lena"),
            "{q:?}"
        );
        assert!(
            q.queues_for(Region::Amer).iter().any(|x| x == "AMER"),
            "{q:?}"
        );
        assert_eq!(q.today, t(NOW).date_naive());
    }
}
