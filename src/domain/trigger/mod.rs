//! Triggers (SPEC §3): a pure evaluator from an account snapshot (the account, its
//! opportunities, inbound events and existing cases) and the clock to verdicts — "fires, with
//! this dedup key" or "does not fire, because …", with the actual value against the threshold.
//!
//! Decisions written down here (SPEC §3 leaves them open):
//! - "Within N days" ahead: today ≤ close date ≤ today + N (both inclusive). "Within the last N
//!   days": today − N ≤ change date ≤ today; a change date in the future does not count.
//! - A "renewal opp" is an open opportunity of type Renewal; opportunity rules only read open
//!   opportunities (a Closed Won QSR with a payment failure makes no case).
//! - Dedup keys carry the signal's own date, so a new signal makes a new case:
//!   `KEY:ACCOUNT:OPP:CLOSE_DATE` for opportunity rules, `KEY:ACCOUNT:CHANGE_DATE` for
//!   auto-renew / PTE / PTC changes, `KEY:ACCOUNT:SUBSCRIPTION_END` for missing renewal opp,
//!   overage and underutilization (once per subscription term), `KEY:ACCOUNT:FY27` for High
//!   Value Account and Future High Value (once per fiscal year),
//!   `high_value_checkin:ACCOUNT:HV_CASE_ID:DAYS` for check-ins and `event:EVENT_ID` for inbound
//!   events (one case per event, whatever account it is later matched to).
//! - Gating: an out-of-segment account gets no automatic case; digital categories follow the
//!   tier table of SPEC §1.3 (`Category::allowed_for`), except Future High Value, which is by
//!   definition for tier 2 accounts. Pooled hand raises are for AMER accounts only (APAC joins
//!   AMER, as in routing); EMEA ones are skipped with the reason.
//! - A High Value check-in fires for the latest of the 90/180/270-day marks that has come, while
//!   the year's High Value Account case is open. It is judged on the mark's day: "other case
//!   created or worked in the current fiscal quarter" means any other case on the account
//!   (check-ins excepted) created, picked or closed from the quarter's start to that day, or In
//!   Progress on it. A suppressed check-in is skipped (`trigger explain` says why), never
//!   postponed to a later day.
//! - Inbound events become cases once they have occurred (occurred_at ≤ now), whatever their
//!   age. digital: an event matched to no account goes to both queues (SPEC §3.3 rule 3);
//!   pooled: it is skipped, since hand raises are AMER only and its region is unknown.

mod catalog;
#[cfg(test)]
mod tests;

use std::cell::OnceCell;

use chrono::{DateTime, Days, NaiveDate, Utc};

pub use catalog::{OppFlag, OppKind, OppWindow, Rule, Trigger, catalog, find};

use super::account::{Account, Deployment, Event, Opportunity, normalize};
use super::case::{BOTH_QUEUES, Category, Origin, ResolutionAction, Status};
use super::model::{Model, Region, Settings};
use super::money::Cents;
use super::routing::{Route, queue_for, route, upgrade_opp_owner};
use super::segment::{self, Standing, Tier};

/// What the evaluator needs of an existing case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub id: i64,
    pub account_id: Option<String>,
    pub trigger: String,
    pub status: Status,
    pub owner: Option<String>,
    pub resolution_action: Option<ResolutionAction>,
    pub created_at: DateTime<Utc>,
    pub picked_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub dedup_key: Option<String>,
}

impl CaseFacts {
    fn is_open(&self) -> bool {
        !self.status.is_closed()
    }
}

/// An inbound event with the contact its email matched, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundEvent {
    pub event: Event,
    pub contact_id: Option<String>,
}

/// Everything the triggers read about one account.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot<'a> {
    pub account: &'a Account,
    pub opportunities: &'a [Opportunity],
    /// Inbound events matched to the account (by account id or a contact's email).
    pub events: &'a [InboundEvent],
    /// Every case on the account, open or closed.
    pub cases: &'a [CaseFacts],
}

/// A case a trigger asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fire {
    pub dedup_key: String,
    pub subject: String,
    pub description: String,
    pub account_id: Option<String>,
    pub opportunity_id: Option<String>,
    pub contact_id: Option<String>,
    /// The inbound event it comes from (origin `event`), else origin `trigger`.
    pub event_id: Option<String>,
    /// The customer's address an inbound event carried (SPEC §3.3 item 4).
    pub web_email: Option<String>,
    pub route: Route,
    /// The queue of the case's account (SPEC §3.3, [`queue_for`]), kept on a case the route
    /// sends to a person, as `case new` keeps it: a pooled case's SLA runs on that queue's
    /// region's business hours (SPEC §6.1). `None` without an account.
    pub account_queue: Option<String>,
    /// A High Value Account case of a past fiscal year to close first (SPEC §4.6).
    pub closes: Option<i64>,
}

impl Fire {
    pub fn origin(&self) -> Origin {
        if self.event_id.is_some() {
            Origin::Event
        } else {
            Origin::Trigger
        }
    }

    /// Who made the case, for `created_by` and its history: `trigger:KEY` or `event:ID`.
    pub fn actor(&self, trigger: &Trigger) -> String {
        match &self.event_id {
            Some(id) => format!("event:{id}"),
            None => format!("trigger:{}", trigger.key),
        }
    }
}

/// What became of a trigger's condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The condition holds and no case has its key: create this case.
    Fires(Box<Fire>),
    /// The condition holds but a case with the same dedup key exists.
    AlreadyHad { dedup_key: String, case_id: i64 },
    /// The condition holds but the account may not get the case (segment, tier, region).
    Gated(String),
    /// The signal is there but makes no case, with why: an inbound event dated after the run
    /// (SPEC §3.3 item 5), a High Value check-in suppressed on its day (SPEC §3.1).
    Skipped(String),
    /// The condition does not hold.
    NotMet,
}

/// One trigger's answer for one signal (an account, an opportunity or an event).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub trigger: &'static Trigger,
    /// Why: the condition as met, or why it is not met, with values against thresholds.
    pub why: String,
    pub outcome: Outcome,
    /// The inbound event the verdict is about, if any.
    pub event_id: Option<String>,
}

impl Verdict {
    /// The verdict in a manager's words, for `trigger explain`.
    pub fn explain(&self) -> String {
        match &self.outcome {
            Outcome::Fires(f) => format!("fires: {} (new case; key {})", self.why, f.dedup_key),
            Outcome::AlreadyHad { case_id, .. } => {
                format!("already has case #{case_id}: {}", self.why)
            }
            Outcome::Gated(reason) => format!("gated: {} ({reason})", self.why),
            Outcome::Skipped(reason) => format!("skipped: {} ({reason})", self.why),
            Outcome::NotMet => format!("does not fire: {}", self.why),
        }
    }

    /// `fires`, `already`, `gated`, `skipped` or `no`.
    pub fn status(&self) -> &'static str {
        match self.outcome {
            Outcome::Fires(_) => "fires",
            Outcome::AlreadyHad { .. } => "already",
            Outcome::Gated(_) => "gated",
            Outcome::Skipped(_) => "skipped",
            Outcome::NotMet => "no",
        }
    }
}

/// Every verdict for one account.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The account's standing with its reasons (only when explaining: [`Detail::All`]).
    pub standing: Option<Standing>,
    pub verdicts: Vec<Verdict>,
}

/// `explain`: also say why each trigger did not fire (costs strings; `trigger run` skips it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Only the verdicts whose condition holds.
    Met,
    /// Every trigger of the catalog, with why not.
    All,
}

/// Evaluates every trigger of the model's catalog on one account as of `now`.
pub fn evaluate(
    settings: &Settings,
    snap: &Snapshot<'_>,
    now: DateTime<Utc>,
    detail: Detail,
) -> Evaluation {
    let today = now.date_naive();
    let a = snap.account;
    let in_segment = segment::in_segment(settings, a, today);
    let mut ev = Evaluator {
        settings,
        snap,
        now,
        today,
        in_segment,
        tier: (settings.model == Model::Digital && in_segment)
            .then(|| segment::tier_rule(a.carr, a.lam)),
        standing: OnceCell::new(),
        // Classified once: the opportunity rules read them again and again.
        opps: snap
            .opportunities
            .iter()
            .map(|o| OppInfo {
                o,
                open: o.is_open(),
                renewal: o.is_renewal(),
                qsr: o.is_qsr(),
                growth: o.is_add_on_or_growth(),
            })
            .collect(),
        detail,
        out: Vec::new(),
    };
    if detail == Detail::All {
        ev.standing();
    }
    for t in catalog(settings.model) {
        ev.trigger(t);
    }
    Evaluation {
        standing: ev.standing.take(),
        verdicts: ev.out,
    }
}

/// An inbound event matched to no known account (SPEC §3.3 rule 3): digital makes the case
/// and puts it in both queues; pooled skips it (hand raises are AMER only, region unknown).
/// `None` when the event's type has no trigger in the model's catalog or it has not occurred.
pub fn evaluate_orphan_event(
    settings: &Settings,
    ev: &InboundEvent,
    cases_with_key: Option<i64>,
    now: DateTime<Utc>,
) -> Option<Verdict> {
    let t = find(settings.model, &ev.event.kind).filter(|t| t.rule == Rule::Event)?;
    let e = &ev.event;
    if e.occurred_at > now {
        return Some(not_yet(t, e));
    }
    let unknown = match &e.account_id {
        Some(id) => format!("account {id} is not in the database"),
        None => format!(
            "no contact has the email {}",
            e.email.as_deref().unwrap_or("(none)")
        ),
    };
    let why = format!("inbound {} event {} ({unknown})", e.kind, e.id);
    let dedup_key = event_key(&e.id);
    let outcome = if let Some(case_id) = cases_with_key {
        Outcome::AlreadyHad { dedup_key, case_id }
    } else if settings.model == Model::Pooled {
        Outcome::Gated("no account: hand raises are for AMER accounts only".to_string())
    } else {
        let mut description = e.description.clone().unwrap_or_default();
        if e.account_id.is_some() {
            description = format!("{description}\n\n({unknown})").trim().to_string();
        }
        Outcome::Fires(Box::new(Fire {
            dedup_key,
            subject: t.subject.to_string(),
            description,
            account_id: None,
            opportunity_id: None,
            contact_id: ev.contact_id.clone(),
            event_id: Some(e.id.clone()),
            web_email: e.email.clone(),
            route: Route::Queue(BOTH_QUEUES.to_string()),
            account_queue: None,
            closes: None,
        }))
    };
    Some(Verdict {
        trigger: t,
        why,
        outcome,
        event_id: Some(e.id.clone()),
    })
}

/// SPEC §3.3 item 5: an event dated after the run is not processed yet; the run lists it
/// among the skipped events, and a later run makes its case.
fn not_yet(t: &'static Trigger, e: &Event) -> Verdict {
    Verdict {
        trigger: t,
        why: format!("inbound {} event {}", e.kind, e.id),
        outcome: Outcome::Skipped(format!(
            "dated {}, after this run: not processed yet",
            e.occurred_at.format("%Y-%m-%dT%H:%M:%SZ")
        )),
        event_id: Some(e.id.clone()),
    }
}

/// Does any trigger read this opportunity? Only open Renewal, QSR, Add-On/Growth and Upgrade
/// opportunities matter; the run keeps no others in memory.
pub fn reads_opportunity(o: &Opportunity) -> bool {
    o.is_open() && (o.is_renewal() || o.is_qsr() || o.is_add_on_or_growth() || o.is_upgrade())
}

/// The dedup key of an inbound event's case: one case per event id.
pub fn event_key(event_id: &str) -> String {
    format!("event:{event_id}")
}

/// `MM.DD.YYYY`, the pooled subjects' date (SPEC §3.2).
pub fn subject_date(d: NaiveDate) -> String {
    d.format("%m.%d.%Y").to_string()
}

/// Is `day` within the `n` days from `today` on (inclusive both ends)?
pub fn within_ahead(day: NaiveDate, today: NaiveDate, n: i64) -> bool {
    day >= today && (day - today).num_days() <= n
}

/// Is `day` within the last `n` days up to `today` (inclusive both ends)?
pub fn within_back(day: NaiveDate, today: NaiveDate, n: i64) -> bool {
    day <= today && (today - day).num_days() <= n
}

/// The digital High Value threshold: cARR (plus open Add-On/Growth) above $7,000.
const HIGH_VALUE_CARR: Cents = Cents::dollars(7_000);
/// Check-in marks after the High Value Account case was created.
const CHECKIN_DAYS: [u64; 3] = [90, 180, 270];
/// pooled overage thresholds: strictly above these.
const OVERAGE_SELF_MANAGED: Cents = Cents::dollars(1_000);
const OVERAGE_SAAS: Cents = Cents(0);
/// pooled: failed auto-renewal cases are expected at least this many days before close.
const FAILED_RENEWAL_LEAD_DAYS: i64 = 30;

struct Evaluator<'a, 's> {
    settings: &'a Settings,
    snap: &'a Snapshot<'s>,
    now: DateTime<Utc>,
    today: NaiveDate,
    in_segment: bool,
    tier: Option<Tier>,
    /// The explained standing, built only when a reason needs its words.
    standing: OnceCell<Standing>,
    opps: Vec<OppInfo<'s>>,
    detail: Detail,
    out: Vec<Verdict>,
}

/// A met condition on its way to a verdict.
struct Met {
    why: String,
    key: String,
    subject_date: Option<NaiveDate>,
    description: Option<String>,
    opportunity_id: Option<String>,
    contact_id: Option<String>,
    event_id: Option<String>,
    web_email: Option<String>,
    route: Option<Route>,
    closes: Option<i64>,
}

impl Met {
    fn new(why: String, key: String) -> Met {
        Met {
            why,
            key,
            subject_date: None,
            description: None,
            opportunity_id: None,
            contact_id: None,
            event_id: None,
            web_email: None,
            route: None,
            closes: None,
        }
    }
}

/// An opportunity with its kind and stage read once.
struct OppInfo<'a> {
    o: &'a Opportunity,
    open: bool,
    renewal: bool,
    qsr: bool,
    growth: bool,
}

impl Evaluator<'_, '_> {
    /// The account's standing in words (built on first use).
    fn standing(&self) -> &Standing {
        self.standing
            .get_or_init(|| segment::standing(self.settings, self.snap.account, self.today))
    }

    /// Why the account has no tier, when explaining (empty otherwise).
    fn why_no_tier(&self) -> String {
        if self.detail == Detail::All && self.tier.is_none() {
            self.standing().reason.clone()
        } else {
            String::new()
        }
    }

    fn account_id(&self) -> &str {
        &self.snap.account.id
    }

    /// Records "does not fire, because …" (built only when explaining).
    fn not(&mut self, t: &'static Trigger, why: impl FnOnce() -> String) {
        if self.detail == Detail::All {
            self.out.push(Verdict {
                trigger: t,
                why: why(),
                outcome: Outcome::NotMet,
                event_id: None,
            });
        }
    }

    /// Run mode's shortcut: when a case already has `key`, records "already had a case"
    /// without building the condition's words. Always false when explaining.
    fn already(&mut self, t: &'static Trigger, key: &str) -> bool {
        if self.detail == Detail::All {
            return false;
        }
        let Some(c) = self
            .snap
            .cases
            .iter()
            .find(|c| c.dedup_key.as_deref() == Some(key))
        else {
            return false;
        };
        self.out.push(Verdict {
            trigger: t,
            why: String::new(),
            outcome: Outcome::AlreadyHad {
                dedup_key: key.to_string(),
                case_id: c.id,
            },
            event_id: None,
        });
        true
    }

    /// Turns a met condition into a verdict: already had a case, gated, or fires.
    fn met(&mut self, t: &'static Trigger, m: Met) {
        let event_id = m.event_id.clone();
        let outcome = if let Some(c) = self
            .snap
            .cases
            .iter()
            .find(|c| c.dedup_key.as_deref() == Some(m.key.as_str()))
        {
            Outcome::AlreadyHad {
                dedup_key: m.key,
                case_id: c.id,
            }
        } else if let Some(reason) = self.gate(t) {
            Outcome::Gated(reason)
        } else {
            let subject = match m.subject_date {
                Some(d) if t.dated_subject => format!("{}: {}", t.subject, subject_date(d)),
                _ if t.rule == Rule::HighValueAccount => format!(
                    "{} {}",
                    t.subject,
                    self.settings.calendar.year_label(self.today)
                ),
                _ => t.subject.to_string(),
            };
            let route = m.route.unwrap_or_else(|| self.route());
            Outcome::Fires(Box::new(Fire {
                dedup_key: m.key,
                subject,
                description: m.description.unwrap_or_else(|| format!("{}.", m.why)),
                account_id: Some(self.account_id().to_string()),
                opportunity_id: m.opportunity_id,
                contact_id: m.contact_id,
                event_id: m.event_id,
                web_email: m.web_email,
                route,
                account_queue: Some(queue_for(self.settings, Some(self.snap.account))),
                closes: m.closes,
            }))
        };
        // A run only counts the verdicts that change nothing: no need to keep their words.
        let why = match (&outcome, self.detail) {
            (Outcome::AlreadyHad { .. }, Detail::Met) => String::new(),
            _ => m.why,
        };
        self.out.push(Verdict {
            trigger: t,
            why,
            outcome,
            event_id,
        });
    }

    /// SPEC §3.3 for this account.
    fn route(&self) -> Route {
        let open = self
            .snap
            .cases
            .iter()
            .filter(|c| matches!(c.status, Status::Open | Status::InProgress))
            .filter_map(|c| c.owner.as_deref().map(|o| (o, c.id)))
            .min_by_key(|(_, id)| *id);
        route(
            self.settings,
            Some(self.snap.account),
            open,
            upgrade_opp_owner(self.snap.opportunities),
        )
    }

    /// Why the account may not get a case of `t`, if it may not.
    fn gate(&self, t: &Trigger) -> Option<String> {
        if !self.in_segment {
            return Some(format!("out of segment: {}", self.standing().reason));
        }
        match self.settings.model {
            Model::Digital => {
                if t.rule == Rule::FutureHighValue {
                    return None; // tier 2 by definition (decision, SPEC §3.1)
                }
                let tier = self.tier?;
                (!t.category.allowed_for(tier)).then(|| {
                    format!(
                        "tier {} accounts get no {} cases (the tier rules)",
                        tier.number(),
                        t.category
                    )
                })
            }
            Model::Pooled => (t.category == Category::HandRaise
                && self.snap.account.region == Region::Emea)
                .then(|| "hand raise cases are for AMER accounts only; the account is EMEA".into()),
        }
    }

    fn trigger(&mut self, t: &'static Trigger) {
        match t.rule {
            Rule::Outside => self.not(t, || {
                if t.key == "email_to_case" {
                    "made by `smb case email`, not by trigger run".to_string()
                } else {
                    "made by `smb case new`, not by trigger run".to_string()
                }
            }),
            Rule::Event => self.events(t),
            Rule::Opp { kind, flag, window } => self.opps(t, kind, flag, window),
            Rule::AutoRenewOff => self.auto_renew_off(t),
            Rule::MissingRenewalOpp => self.missing_renewal_opp(t),
            Rule::HighValueAccount => self.high_value_account(t),
            Rule::HighValueCheckin => self.high_value_checkin(t),
            Rule::FutureHighValue => self.future_high_value(t),
            Rule::NewPte => self.new_pte(t),
            Rule::NewPtc => self.new_ptc(t),
            Rule::Overage => self.overage(t),
            Rule::Underutilization => self.underutilization(t),
        }
    }

    fn events(&mut self, t: &'static Trigger) {
        let mut any = false;
        for ie in self.snap.events {
            let e = &ie.event;
            if e.kind != t.key {
                continue;
            }
            if e.occurred_at > self.now {
                self.out.push(not_yet(t, e));
                continue;
            }
            any = true;
            let mut m = Met::new(
                format!(
                    "inbound {} event {} on {}",
                    e.kind,
                    e.id,
                    e.occurred_at.date_naive()
                ),
                event_key(&e.id),
            );
            // The event's own words; an event without any gets the trigger's.
            m.description = e.description.clone().filter(|d| !d.trim().is_empty());
            m.contact_id = ie.contact_id.clone();
            m.event_id = Some(e.id.clone());
            m.web_email = e.email.clone();
            self.met(t, m);
        }
        if !any {
            self.not(t, || format!("no inbound {} event", t.key));
        }
    }

    fn opps(&mut self, t: &'static Trigger, kind: OppKind, flag: OppFlag, window: OppWindow) {
        let ahead = self.settings.renewal_window_days;
        let today = self.today;
        let explain = self.detail == Detail::All;
        let mut reasons: Vec<String> = Vec::new();
        let (mut any_kind, mut fired) = (false, false);
        for i in 0..self.opps.len() {
            let info = &self.opps[i];
            let is_kind = match kind {
                OppKind::Renewal => info.renewal,
                OppKind::Qsr => info.qsr,
            };
            if !is_kind || !info.open {
                continue;
            }
            let o = info.o;
            any_kind = true;
            if let Err(why) = flag_holds(o, flag, self.detail, self.snap.account.auto_renew) {
                reasons.push(why);
                continue;
            }
            let days = (o.close_date - today).num_days();
            let in_window = match window {
                OppWindow::Any => true,
                OppWindow::Ahead => within_ahead(o.close_date, today, ahead),
                OppWindow::NotPassed => o.close_date >= today,
                OppWindow::Passed => o.close_date < today,
            };
            if !in_window {
                if explain {
                    let need = match window {
                        OppWindow::Ahead => format!("needs 0 to {ahead} days"),
                        OppWindow::NotPassed => "the close date has passed".to_string(),
                        OppWindow::Passed => "needs a close date before today".to_string(),
                        OppWindow::Any => String::new(),
                    };
                    reasons.push(format!(
                        "{} {} closes {}: {need}",
                        o.id,
                        flag_words(flag, o),
                        describe_days(o.close_date, days)
                    ));
                }
                continue;
            }
            let key = format!("{}:{}:{}:{}", t.key, self.account_id(), o.id, o.close_date);
            fired = true;
            if self.already(t, &key) {
                continue;
            }
            let mut why = format!(
                "{} {} closes {}",
                o.id,
                flag_words(flag, o),
                describe_days(o.close_date, days)
            );
            if flag == OppFlag::DueToFail
                && self.settings.model == Model::Pooled
                && days < FAILED_RENEWAL_LEAD_DAYS
            {
                why.push_str(&format!(
                    " (late: expected at least {FAILED_RENEWAL_LEAD_DAYS} days before close)"
                ));
            }
            let mut m = Met::new(why, key);
            m.subject_date = Some(o.close_date);
            m.opportunity_id = Some(o.id.clone());
            self.met(t, m);
        }
        if fired {
            return;
        }
        let what = match kind {
            OppKind::Renewal => "renewal",
            OppKind::Qsr => "QSR",
        };
        self.not(t, || {
            if any_kind {
                reasons.join("; ")
            } else {
                format!("no open {what} opportunity")
            }
        });
    }

    fn auto_renew_off(&mut self, t: &'static Trigger) {
        let a = self.snap.account;
        let back = self.settings.change_window_days;
        match (a.auto_renew, a.auto_renew_changed_at) {
            (Some(false), Some(d)) if within_back(d, self.today, back) => {
                let days = (self.today - d).num_days();
                let m = Met::new(
                    format!(
                        "auto-renew turned off on {d}, {days} days ago (window: last {back} days)"
                    ),
                    format!("{}:{}:{d}", t.key, a.id),
                );
                self.met(t, m);
            }
            (Some(false), Some(d)) => {
                let today = self.today;
                self.not(t, || {
                    if d > today {
                        format!("auto-renew change date {d} is in the future")
                    } else {
                        format!(
                            "auto-renew turned off on {d}, {} days ago: more than {back}",
                            (today - d).num_days()
                        )
                    }
                })
            }
            (Some(false), None) => self.not(t, || {
                "auto-renew is off but no change date is known (it was off at the first import)"
                    .to_string()
            }),
            (Some(true), _) => self.not(t, || "auto-renew is on".to_string()),
            (None, _) => self.not(t, || "auto-renew is unknown".to_string()),
        }
    }

    fn missing_renewal_opp(&mut self, t: &'static Trigger) {
        let a = self.snap.account;
        let ahead = self.settings.renewal_window_days;
        let Some(end) = a.subscription_end_date else {
            return self.not(t, || "subscription end date unknown".to_string());
        };
        let days = (end - self.today).num_days();
        if !within_ahead(end, self.today, ahead) {
            return self.not(t, || {
                format!(
                    "subscription ends {}: needs 0 to {ahead} days",
                    describe_days(end, days)
                )
            });
        }
        if let Some(o) = self.opps.iter().find(|o| o.open && o.renewal) {
            let id = o.o.id.clone();
            return self.not(t, || format!("open renewal opportunity {id} exists"));
        }
        let key = format!("{}:{}:{end}", t.key, a.id);
        if self.already(t, &key) {
            return;
        }
        let m = Met::new(
            format!(
                "subscription ends {} and there is no open renewal opportunity",
                describe_days(end, days)
            ),
            key,
        );
        self.met(t, m);
    }

    /// The account's High Value Account cases, newest first.
    fn hv_cases(&self) -> impl Iterator<Item = &CaseFacts> {
        let mut v: Vec<&CaseFacts> = self
            .snap
            .cases
            .iter()
            .filter(|c| c.trigger == "high_value_account")
            .collect();
        v.sort_by_key(|c| std::cmp::Reverse(c.id));
        v.into_iter()
    }

    fn fiscal_year(&self) -> String {
        self.settings.calendar.year_label(self.today)
    }

    fn high_value_account(&mut self, t: &'static Trigger) {
        let a = self.snap.account;
        if self.tier != Some(Tier::One) {
            let (tier, why) = (self.tier, self.why_no_tier());
            return self.not(t, || match tier {
                Some(tier) => format!("tier {}: only tier 1 accounts get one", tier.number()),
                None => format!("no tier: {why}"),
            });
        }
        let suppressed = self
            .hv_cases()
            .find(|c| {
                c.status.is_closed()
                    && c.resolution_action == Some(ResolutionAction::RequestNotPossible)
            })
            .map(|c| c.id);
        if let Some(id) = suppressed {
            return self.not(t, || {
                format!(
                    "suppressed: High Value Account case #{id} was closed as Request Not Possible"
                )
            });
        }
        let fy = self.fiscal_year();
        let cal = self.settings.calendar;
        let this_year = self.today;
        let last_year = self
            .hv_cases()
            .find(|c| {
                c.is_open()
                    && cal.year_start(c.created_at.date_naive()) != cal.year_start(this_year)
            })
            .map(|c| (c.id, c.owner.clone()));
        let key = format!("{}:{}:{fy}", t.key, a.id);
        if self.already(t, &key) {
            return;
        }
        let mut m = Met::new(
            format!(
                "tier 1 (cARR {}) with no High Value Account case in {fy}",
                a.carr
            ),
            key,
        );
        if let Some((id, owner)) = last_year {
            m.why
                .push_str(&format!("; closes last year's open case #{id}"));
            m.closes = Some(id);
            // SPEC §4.6 (decision): the new year's case goes to last year's owner.
            if let Some(owner) = owner {
                m.route = Some(Route::Owner {
                    why: format!("{owner} owned last year's High Value Account case #{id}"),
                    name: owner,
                });
            }
        }
        self.met(t, m);
    }

    fn high_value_checkin(&mut self, t: &'static Trigger) {
        let a = self.snap.account;
        let cal = self.settings.calendar;
        let today = self.today;
        let Some(hv) = self.hv_cases().find(|c| {
            c.is_open() && cal.year_start(c.created_at.date_naive()) == cal.year_start(today)
        }) else {
            return self.not(t, || {
                "no open High Value Account case this fiscal year".to_string()
            });
        };
        let created = hv.created_at.date_naive();
        let Some(mark) = CHECKIN_DAYS
            .iter()
            .rev()
            .copied()
            .find(|d| created + Days::new(*d) <= today)
        else {
            let first = created + Days::new(CHECKIN_DAYS[0]);
            let id = hv.id;
            return self.not(t, || {
                format!(
                    "High Value Account case #{id} was created {created}: the first check-in is due {first}"
                )
            });
        };
        // Judged on the mark's own day (SPEC §3.1 decision): another case created, picked,
        // closed or In Progress in that fiscal quarter up to that day suppresses it; check-in
        // cases are not "other engagement". A suppressed check-in is skipped, not postponed.
        let due = created + Days::new(mark);
        let q = cal.quarter_start(due);
        let during =
            |t: Option<DateTime<Utc>>| t.is_some_and(|t| (q..=due).contains(&t.date_naive()));
        let worked_then = |c: &CaseFacts| {
            c.picked_at.is_some_and(|p| p.date_naive() <= due)
                && match c.closed_at {
                    Some(closed) => closed.date_naive() >= due,
                    None => c.status == Status::InProgress,
                }
        };
        if let Some(other) = self.snap.cases.iter().find(|c| {
            c.id != hv.id
                && c.trigger != t.key
                && (during(Some(c.created_at))
                    || during(c.picked_at)
                    || during(c.closed_at)
                    || worked_then(c))
        }) {
            let id = other.id;
            self.out.push(Verdict {
                trigger: t,
                why: format!("{mark}-day check-in due {due}"),
                outcome: Outcome::Skipped(format!(
                    "case #{id} was created or worked in that fiscal quarter (since {q}); a suppressed check-in is skipped, not postponed"
                )),
                event_id: None,
            });
            return;
        }
        let (hv_id, owner) = (hv.id, hv.owner.clone());
        let mut m = Met::new(
            format!(
                "{mark} days since High Value Account case #{hv_id} ({created}) and no other case this fiscal quarter"
            ),
            format!("{}:{}:{hv_id}:{mark}", t.key, a.id),
        );
        if let Some(owner) = owner {
            m.route = Some(Route::Owner {
                why: format!("{owner} owns High Value Account case #{hv_id}"),
                name: owner,
            });
        }
        self.met(t, m);
    }

    fn future_high_value(&mut self, t: &'static Trigger) {
        let a = self.snap.account;
        if self.tier != Some(Tier::Two) {
            let (tier, why) = (self.tier, self.why_no_tier());
            return self.not(t, || match tier {
                Some(tier) => format!("tier {}: only tier 2 accounts", tier.number()),
                None => format!("no tier: {why}"),
            });
        }
        let growth: Vec<&Opportunity> = self
            .opps
            .iter()
            .filter(|o| o.open && o.growth)
            .map(|o| o.o)
            .collect();
        let extra = growth.iter().fold(Cents(0), |s, o| {
            s.saturating_add(o.amount.unwrap_or_default())
        });
        let total = a.carr.saturating_add(extra);
        let words = || {
            if growth.is_empty() {
                format!("cARR {} and no open Add-On/Growth opportunity", a.carr)
            } else {
                format!(
                    "cARR {} + open Add-On/Growth {} ({}) = {total}",
                    a.carr,
                    extra,
                    growth
                        .iter()
                        .map(|o| o.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        };
        if total <= HIGH_VALUE_CARR {
            if self.detail == Detail::All {
                let w = words();
                self.not(t, || format!("{w}: not above {}", HIGH_VALUE_CARR.short()));
            }
            return;
        }
        let key = format!("{}:{}:{}", t.key, a.id, self.fiscal_year());
        if self.already(t, &key) {
            return;
        }
        let why = format!("{} > {}", words(), HIGH_VALUE_CARR.short());
        self.met(t, Met::new(why, key));
    }

    fn new_pte(&mut self, t: &'static Trigger) {
        let a = self.snap.account;
        let back = self.settings.change_window_days;
        match (a.pte, a.pte_updated_at) {
            (Some(p @ (4 | 5)), Some(d)) if within_back(d, self.today, back) => {
                let days = (self.today - d).num_days();
                let m = Met::new(
                    format!("PTE {p} since {d}, {days} days ago (window: last {back} days)"),
                    format!("{}:{}:{d}", t.key, a.id),
                );
                self.met(t, m);
            }
            (Some(p @ (4 | 5)), Some(d)) => {
                let today = self.today;
                self.not(t, || change_too_old("PTE", p, d, today, back))
            }
            (Some(p @ (4 | 5)), None) => {
                self.not(t, || format!("PTE {p} but no change date is known"))
            }
            (Some(p), _) => self.not(t, || format!("PTE {p}: needs 4 or 5")),
            (None, _) => self.not(t, || "PTE unknown".to_string()),
        }
    }

    fn new_ptc(&mut self, t: &'static Trigger) {
        let a = self.snap.account;
        let back = self.settings.change_window_days;
        match (a.ptc, a.ptc_updated_at) {
            (Some(1), Some(d)) if within_back(d, self.today, back) => {
                let days = (self.today - d).num_days();
                let m = Met::new(
                    format!("PTC 1 since {d}, {days} days ago (window: last {back} days)"),
                    format!("{}:{}:{d}", t.key, a.id),
                );
                self.met(t, m);
            }
            (Some(1), Some(d)) => {
                let today = self.today;
                self.not(t, || change_too_old("PTC", 1, d, today, back))
            }
            (Some(1), None) => self.not(t, || "PTC 1 but no change date is known".to_string()),
            (Some(p), _) => self.not(t, || format!("PTC {p}: needs 1")),
            (None, _) => self.not(t, || "PTC unknown".to_string()),
        }
    }

    fn overage(&mut self, t: &'static Trigger) {
        let a = self.snap.account;
        let ahead = self.settings.renewal_window_days;
        let overage = a.overage.unwrap_or_default();
        // Any form an export uses (SPEC §8), also one stored before imports normalised it.
        let threshold = match a.deployment.as_deref().and_then(Deployment::parse) {
            Some(Deployment::SelfManaged) => OVERAGE_SELF_MANAGED,
            Some(Deployment::SaaS) => OVERAGE_SAAS,
            _ => {
                let d = a.deployment.clone();
                return self.not(t, || match d {
                    Some(d) => format!("deployment {d:?}: needs Self-Managed or SaaS"),
                    None => "deployment unknown: needs Self-Managed or SaaS".to_string(),
                });
            }
        };
        let dep = a.deployment.as_deref().unwrap_or_default();
        if overage <= threshold {
            return self.not(t, || {
                format!(
                    "{dep} overage {overage}: needs more than {}",
                    threshold.short()
                )
            });
        }
        if a.qsr_enabled == Some(true) {
            return self.not(t, || format!("{dep} overage {overage} but QSR is on"));
        }
        let Some(end) = a.subscription_end_date else {
            return self.not(t, || {
                format!(
                    "{dep} overage {overage}, QSR off, but the subscription end date is unknown"
                )
            });
        };
        let days = (end - self.today).num_days();
        if !within_ahead(end, self.today, ahead) {
            return self.not(t, || {
                format!(
                    "{dep} overage {overage}, QSR off, but the subscription ends {}: needs 0 to {ahead} days",
                    describe_days(end, days)
                )
            });
        }
        let m = Met::new(
            format!(
                "{dep} overage {overage} > {}, QSR off, subscription ends {}",
                threshold.short(),
                describe_days(end, days)
            ),
            format!("{}:{}:{end}", t.key, a.id),
        );
        self.met(t, m);
    }

    fn underutilization(&mut self, t: &'static Trigger) {
        let a = self.snap.account;
        let (Some(seats), Some(active)) = (a.seats, a.active_users) else {
            return self.not(t, || "seats or active users unknown".to_string());
        };
        if active < 1 {
            return self.not(t, || format!("{active} active users: needs at least 1"));
        }
        if seats <= 0 || active * 2 > seats {
            return self.not(t, || {
                format!("{active} of {seats} seats active: more than 50%")
            });
        }
        let term = a
            .subscription_end_date
            .map_or_else(|| self.fiscal_year(), |d| d.to_string());
        let m = Met::new(
            format!(
                "{active} of {seats} seats active ({}%): at most 50%",
                active * 100 / seats
            ),
            format!("{}:{}:{term}", t.key, a.id),
        );
        self.met(t, m);
    }
}

fn change_too_old(what: &str, value: u8, d: NaiveDate, today: NaiveDate, back: i64) -> String {
    if d > today {
        format!("{what} {value} change date {d} is in the future")
    } else {
        format!(
            "{what} {value} since {d}, {} days ago: more than {back}",
            (today - d).num_days()
        )
    }
}

/// `2026-05-01 (in 60 days)`, `2026-03-02 (today)`, `2026-02-20 (10 days ago)`.
fn describe_days(day: NaiveDate, days: i64) -> String {
    match days {
        0 => format!("{day} (today)"),
        d if d > 0 => format!("{day} (in {d} days)"),
        d => format!("{day} ({} days ago)", -d),
    }
}

/// Does the opportunity carry `flag`? Err: why not (empty unless explaining).
/// `account_auto_renew` is the account's auto-renew, which an opportunity without its own value
/// takes (SPEC §3.2 `non_auto_renewal`).
fn flag_holds(
    o: &Opportunity,
    flag: OppFlag,
    detail: Detail,
    account_auto_renew: Option<bool>,
) -> Result<(), String> {
    let auto_renew = o.auto_renew.or(account_auto_renew);
    let ok = match flag {
        OppFlag::Any => true,
        OppFlag::PoRequired => o.po_required == Some(true),
        OppFlag::Eoa { more_than_users } => {
            o.eoa == Some(true)
                && more_than_users.is_none_or(|min| o.users.is_some_and(|u| u > min))
        }
        OppFlag::MultiYear => o.multi_year == Some(true),
        OppFlag::PaymentFailure => o.payment_failure == Some(true),
        OppFlag::IncludesDuo => o.includes_duo == Some(true),
        OppFlag::WillChurn => o
            .renewal_risk
            .as_deref()
            .is_some_and(|r| normalize(r) == "willchurn"),
        OppFlag::DueToFail => o
            .auto_renewal_status
            .as_deref()
            .is_some_and(|s| normalize(s).contains("fail")),
        OppFlag::QsrFailed => o
            .qsr_status
            .as_deref()
            .is_some_and(|s| normalize(s) == "failed"),
        OppFlag::NotAutoRenewing => auto_renew == Some(false),
    };
    if ok {
        return Ok(());
    }
    if detail == Detail::Met {
        return Err(String::new());
    }
    let yn = |b: Option<bool>| match b {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    };
    let text = |s: &Option<String>| s.clone().unwrap_or_else(|| "empty".to_string());
    Err(match flag {
        OppFlag::Any => String::new(),
        OppFlag::PoRequired => format!("{}: PO required {}", o.id, yn(o.po_required)),
        OppFlag::Eoa { more_than_users } => match (o.eoa, more_than_users) {
            (Some(true), Some(min)) => format!(
                "{}: EoA with {} users, needs more than {min}",
                o.id,
                o.users.map_or("unknown".to_string(), |u| u.to_string())
            ),
            _ => format!("{}: EoA {}", o.id, yn(o.eoa)),
        },
        OppFlag::MultiYear => format!("{}: multi-year {}", o.id, yn(o.multi_year)),
        OppFlag::PaymentFailure => {
            format!("{}: payment failure {}", o.id, yn(o.payment_failure))
        }
        OppFlag::IncludesDuo => format!("{}: includes Duo {}", o.id, yn(o.includes_duo)),
        OppFlag::WillChurn => format!("{}: renewal risk {}", o.id, text(&o.renewal_risk)),
        OppFlag::DueToFail => format!(
            "{}: auto-renewal status {}",
            o.id,
            text(&o.auto_renewal_status)
        ),
        OppFlag::QsrFailed => format!("{}: QSR status {}", o.id, text(&o.qsr_status)),
        OppFlag::NotAutoRenewing => match o.auto_renew {
            Some(_) => format!("{}: auto-renew {}", o.id, yn(o.auto_renew)),
            None => format!(
                "{}: auto-renew empty, the account's {}",
                o.id,
                yn(account_auto_renew)
            ),
        },
    })
}

/// The opportunity as the flag sees it: `renewal (PO required)`, `EoA renewal with 26 users`.
fn flag_words(flag: OppFlag, o: &Opportunity) -> String {
    match flag {
        OppFlag::Any => format!("{} opportunity", o.kind),
        OppFlag::PoRequired => "renewal (PO required)".to_string(),
        OppFlag::Eoa { .. } => match o.users {
            Some(u) => format!("EoA renewal with {u} users"),
            None => "EoA renewal".to_string(),
        },
        OppFlag::MultiYear => "multi-year renewal".to_string(),
        OppFlag::PaymentFailure => format!("{} with a payment failure", o.kind),
        OppFlag::IncludesDuo => "renewal including Duo".to_string(),
        OppFlag::WillChurn => "renewal at risk (Will Churn)".to_string(),
        OppFlag::DueToFail => "renewal with auto-renewal due to fail".to_string(),
        OppFlag::QsrFailed => "QSR with status Failed".to_string(),
        OppFlag::NotAutoRenewing => "renewal not auto-renewing".to_string(),
    }
}
