//! The managers' reports (SPEC §6.2), pure: how an SLA clock is classified, percentiles,
//! age buckets, the Required 10 gaps, months of the volume report, and the date window of
//! `--since`/`--until`. The store aggregates; this module decides.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};

use super::case::Priority;
use super::model::Region;
use crate::{Error, Result};

/// How an SLA clock stopped (SPEC §6.1). Only a pick ends a clock as met; a clock stopped
/// otherwise (the case was reassigned, deferred or closed while Open) counts only when it had
/// already run past its target, as breached: the customer waited that long unanswered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClockStop {
    /// The case became In Progress.
    Pick,
    /// The Open case was given to someone else (`case assign`, a pooled transfer at pick).
    Reassigned,
    /// The Open case was deferred (its new clock starts on the deferral's date).
    Deferred,
    /// The Open case was closed without being picked.
    Closed,
    /// Any other stop without a pick.
    Other,
}

impl ClockStop {
    pub fn as_str(self) -> &'static str {
        match self {
            ClockStop::Pick => "pick",
            ClockStop::Reassigned => "reassigned",
            ClockStop::Deferred => "deferred",
            ClockStop::Closed => "closed",
            ClockStop::Other => "other",
        }
    }

    /// The stored value back; anything unknown is a stop without a pick.
    pub fn parse(s: &str) -> ClockStop {
        match s {
            "pick" => ClockStop::Pick,
            "reassigned" => ClockStop::Reassigned,
            "deferred" => ClockStop::Deferred,
            "closed" => ClockStop::Closed,
            _ => ClockStop::Other,
        }
    }
}

/// What `smb report sla --by` groups clocks by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlaGroupBy {
    Priority,
    /// The account's region (AMER, APAC, EMEA), or the case's queue when it has no account.
    Region,
    /// The case's owner, or [`NO_OWNER`].
    Owner,
    Category,
}

impl SlaGroupBy {
    pub const ALL: [SlaGroupBy; 4] = [
        SlaGroupBy::Priority,
        SlaGroupBy::Region,
        SlaGroupBy::Owner,
        SlaGroupBy::Category,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SlaGroupBy::Priority => "priority",
            SlaGroupBy::Region => "region",
            SlaGroupBy::Owner => "owner",
            SlaGroupBy::Category => "category",
        }
    }

    /// Case-insensitive parse; the error lists what is accepted.
    pub fn parse(s: &str) -> Result<SlaGroupBy> {
        SlaGroupBy::ALL
            .into_iter()
            .find(|g| g.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                Error::invalid(format!(
                    "--by {s:?}: expected priority, region, owner or category"
                ))
            })
    }
}

/// The group of a case without an owner in `report sla --by owner`.
pub const NO_OWNER: &str = "(queue)";

/// The group of a case in `report sla --by region`: its account's region, or its queue when
/// it has no (known) account, else `(none)`.
pub fn region_group(account_region: Option<Region>, queue: Option<&str>) -> &str {
    match (account_region, queue) {
        (Some(r), _) => r.as_str(),
        (None, Some(q)) if !q.is_empty() => q,
        _ => "(none)",
    }
}

/// The window of `--since DATE --until DATE`: whole days, both inclusive, in the reader's time
/// zone (`tz`; UTC when `None`); either side may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Window {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub tz: Option<chrono_tz::Tz>,
}

impl Window {
    /// The window, or exit 2 when `since` is after `until`.
    pub fn new(since: Option<NaiveDate>, until: Option<NaiveDate>) -> Result<Window> {
        if let (Some(s), Some(u)) = (since, until)
            && s > u
        {
            return Err(Error::invalid(format!(
                "--since {s} is after --until {u}: give --since on or before --until (both days are included)"
            )));
        }
        Ok(Window {
            since,
            until,
            tz: None,
        })
    }

    /// The same days in time zone `tz` (issue #12: a person's days are their local days).
    pub fn in_zone(self, tz: chrono_tz::Tz) -> Window {
        Window {
            tz: Some(tz),
            ..self
        }
    }

    /// The first instant in the window (00:00 on `since` in the window's zone).
    pub fn start(&self) -> Option<DateTime<Utc>> {
        self.since.map(|d| self.midnight(d))
    }

    /// The first instant after the window (00:00 the day after `until`).
    pub fn end(&self) -> Option<DateTime<Utc>> {
        self.until
            .map(|u| self.midnight(u.succ_opt().unwrap_or(NaiveDate::MAX)))
    }

    /// The first instant of day `d` in the window's zone; on a day whose midnight a clock
    /// change skips, the first instant that exists.
    fn midnight(&self, d: NaiveDate) -> DateTime<Utc> {
        use chrono::TimeZone;
        let Some(tz) = self.tz else {
            return midnight(d);
        };
        let mut t = d.and_time(NaiveTime::MIN);
        for _ in 0..4 {
            if let Some(local) = tz.from_local_datetime(&t).earliest() {
                return local.with_timezone(&Utc);
            }
            t += chrono::Duration::minutes(30);
        }
        midnight(d)
    }

    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start().is_none_or(|s| t >= s) && self.end().is_none_or(|e| t < e)
    }
}

fn midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_time(NaiveTime::MIN).and_utc()
}

/// Where one SLA clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Stopped by a pick within the target (exactly on the target is met).
    Met,
    /// Stopped past the target (by a pick, or without one after the target had run out).
    Breached,
    /// Still running; `breached`: already past the target.
    Waiting { breached: bool },
    /// Stopped without a pick before the target ran out: measures no pick-up, not counted.
    Uncounted,
}

/// The counts of one row of `report sla`: `total` = `met` + `breached` + `waiting`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SlaCounts {
    pub met: u64,
    pub breached: u64,
    pub waiting: u64,
    /// The part of `waiting` already past the target.
    pub waiting_breached: u64,
}

impl SlaCounts {
    pub fn total(&self) -> u64 {
        self.met + self.breached + self.waiting
    }

    pub fn add(&mut self, o: Outcome) {
        match o {
            Outcome::Met => self.met += 1,
            Outcome::Breached => self.breached += 1,
            Outcome::Waiting { breached } => {
                self.waiting += 1;
                self.waiting_breached += u64::from(breached);
            }
            Outcome::Uncounted => {}
        }
    }
}

/// One row of `smb report sla` (SPEC §7.3).
#[derive(Debug, Clone, PartialEq)]
pub struct SlaRow {
    pub group: String,
    /// The group's target; `None` when its clocks have different targets.
    pub target_hours: Option<i64>,
    pub counts: SlaCounts,
    /// Hours to pick-up over the clocks stopped by a pick; `None` when there are none.
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
}

#[derive(Debug, Default)]
struct GroupTally {
    targets: BTreeSet<i64>,
    counts: SlaCounts,
    pick_hours: Vec<f64>,
}

/// Gathers SLA counts and pick-up times per group, then makes the report's rows.
#[derive(Debug, Default)]
pub struct SlaTally {
    groups: BTreeMap<String, GroupTally>,
}

impl SlaTally {
    pub fn new() -> Self {
        SlaTally::default()
    }

    /// Adds one clock already classified (digital: by SQL), with its hours to pick-up when a
    /// pick stopped it.
    pub fn add_outcome(
        &mut self,
        group: &str,
        target_hours: i64,
        outcome: Outcome,
        pick_hours: Option<f64>,
    ) {
        // one lookup without allocating for the groups already seen (a million clocks)
        let g = match self.groups.get_mut(group) {
            Some(g) => g,
            None => self.groups.entry(group.to_string()).or_default(),
        };
        g.counts.add(outcome);
        if outcome != Outcome::Uncounted {
            g.targets.insert(target_hours);
        }
        if let Some(h) = pick_hours {
            g.pick_hours.push(h.max(0.0));
        }
    }

    /// The rows, without empty groups: by priority High, Medium, Low; otherwise by name, with
    /// [`NO_OWNER`] last.
    pub fn rows(self, by: SlaGroupBy) -> Vec<SlaRow> {
        let mut rows: Vec<SlaRow> = self
            .groups
            .into_iter()
            .filter(|(_, g)| g.counts.total() > 0)
            .map(|(group, mut g)| SlaRow {
                group,
                target_hours: match g.targets.len() {
                    1 => g.targets.first().copied(),
                    _ => None,
                },
                counts: g.counts,
                median_hours: percentile(&mut g.pick_hours, 50.0).map(round2),
                p90_hours: percentile(&mut g.pick_hours, 90.0).map(round2),
            })
            .collect();
        let key = |r: &SlaRow| match by {
            SlaGroupBy::Priority => (Priority::parse(&r.group).map_or(9, |p| p.rank()), false),
            _ => (0, r.group == NO_OWNER),
        };
        rows.sort_by(|a, b| key(a).cmp(&key(b)).then_with(|| a.group.cmp(&b.group)));
        rows
    }
}

/// The `p`th percentile (0 < p ≤ 100) by the **nearest-rank** method: the smallest value with
/// at least p% of the values at or below it (`values[ceil(p/100 · n) − 1]` in sorted order),
/// so it is always one of the values; for an even count the median is the lower middle one.
/// `None` for no values. Reorders `values`.
pub fn percentile(values: &mut [f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let n = values.len();
    let rank = ((p / 100.0) * n as f64).ceil() as usize;
    let i = rank.clamp(1, n) - 1;
    let (_, v, _) = values.select_nth_unstable_by(i, f64::total_cmp);
    Some(*v)
}

/// Rounded to two decimals (hours to 36 s).
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// An age bucket of `smb report aging` (SPEC §6.2), in whole days since the case was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgeBucket {
    /// 0–7 days: within the 7-day target.
    UpToTarget,
    /// 8–15 days: past the target, within the 15-day limit.
    PastTarget,
    /// Over 15 days: past the limit.
    PastLimit,
}

impl AgeBucket {
    pub const ALL: [AgeBucket; 3] = [
        AgeBucket::UpToTarget,
        AgeBucket::PastTarget,
        AgeBucket::PastLimit,
    ];

    /// The bucket's label for the default 7/15 days: `0-7`, `8-15`, `over 15`.
    pub fn label(self, target_days: i64, limit_days: i64) -> String {
        match self {
            AgeBucket::UpToTarget => format!("0-{target_days}"),
            AgeBucket::PastTarget => format!("{}-{limit_days}", target_days + 1),
            AgeBucket::PastLimit => format!("over {limit_days}"),
        }
    }

    /// `past_target` / `past_limit` for the listed breaches (none within the target).
    pub fn breach_key(self) -> Option<&'static str> {
        match self {
            AgeBucket::UpToTarget => None,
            AgeBucket::PastTarget => Some("past_target"),
            AgeBucket::PastLimit => Some("past_limit"),
        }
    }
}

/// Age in days of a case created at `created` on `today`: whole calendar days (UTC) between
/// the two dates, as `smb today` counts them.
/// When a case's age starts (SPEC §6.2): when it last entered its queue (created, or back
/// from a deferral), never before it was created.
pub fn aged_from(created_at: DateTime<Utc>, queued_at: Option<DateTime<Utc>>) -> DateTime<Utc> {
    queued_at.map_or(created_at, |q| q.max(created_at))
}

pub fn age_days(created: DateTime<Utc>, today: NaiveDate) -> i64 {
    (today - created.date_naive()).num_days()
}

/// The bucket of an age: up to `target_days`, up to `limit_days`, or over.
pub fn age_bucket(age_days: i64, target_days: i64, limit_days: i64) -> AgeBucket {
    if age_days <= target_days {
        AgeBucket::UpToTarget
    } else if age_days <= limit_days {
        AgeBucket::PastTarget
    } else {
        AgeBucket::PastLimit
    }
}

/// The created-on dates that separate the buckets on `today`: a case created on or after the
/// first is within the target; on or after the second, within the limit. (What the store
/// compares `created_at` against, so that SQL and [`age_bucket`] agree.)
pub fn age_cutoffs(today: NaiveDate, target_days: i64, limit_days: i64) -> (NaiveDate, NaiveDate) {
    (
        today - Duration::days(target_days),
        today - Duration::days(limit_days),
    )
}

/// A Required 10 gap of `smb report hygiene` (SPEC §4.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Gap {
    /// In Progress without next steps.
    MissingNextSteps,
    /// In Progress without a next steps date.
    MissingNextStepsDate,
    /// In Progress and the next steps date has passed.
    NextStepsOverdue,
    /// In Progress without a contact on the case.
    NoContact,
    /// Closed, but the linked opportunity is still open.
    OpenOpportunity,
    /// In Progress, and its owner is over capacity.
    OwnerOverCapacity,
    /// pooled: a `failed_auto_renewal` case that entered the queue fewer than
    /// [`LATE_AUTO_RENEWAL_DAYS`] days before the opportunity's close date.
    LateAutoRenewal,
}

/// pooled: a failed auto-renewal is expected at least this many days before the close date
/// (SPEC §3.2, §4.5).
/// The default of the `late_auto_renewal_days` setting.
pub const LATE_AUTO_RENEWAL_DAYS: i64 = 30;

impl Gap {
    pub const ALL: [Gap; 7] = [
        Gap::MissingNextSteps,
        Gap::MissingNextStepsDate,
        Gap::NextStepsOverdue,
        Gap::NoContact,
        Gap::OpenOpportunity,
        Gap::OwnerOverCapacity,
        Gap::LateAutoRenewal,
    ];

    /// The stable key scripts see.
    pub fn key(self) -> &'static str {
        match self {
            Gap::MissingNextSteps => "missing_next_steps",
            Gap::MissingNextStepsDate => "missing_next_steps_date",
            Gap::NextStepsOverdue => "next_steps_overdue",
            Gap::NoContact => "no_contact",
            Gap::OpenOpportunity => "open_opportunity",
            Gap::OwnerOverCapacity => "owner_over_capacity",
            Gap::LateAutoRenewal => "late_auto_renewal",
        }
    }
}

/// What the hygiene check needs to know about one case.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HygieneFacts {
    pub in_progress: bool,
    pub closed: bool,
    pub has_next_steps: bool,
    pub next_steps_date: Option<NaiveDate>,
    pub has_contact: bool,
    /// The linked opportunity is known and still open.
    pub opportunity_open: bool,
    /// The owner is over capacity (In Progress cases over their cap, or pooled Upgrade opps
    /// over 15).
    pub owner_over_capacity: bool,
    /// pooled `failed_auto_renewal` cases still open: days from entering the queue to the
    /// opportunity's close date.
    pub days_queued_before_close: Option<i64>,
}

/// The Required 10 gaps of one case on `today` (SPEC §4.5), in [`Gap::ALL`] order.
/// `late_days`: the `late_auto_renewal_days` setting (SPEC §11.4, default
/// [`LATE_AUTO_RENEWAL_DAYS`]).
pub fn hygiene_gaps(f: &HygieneFacts, today: NaiveDate, late_days: i64) -> Vec<Gap> {
    let mut gaps = Vec::new();
    if f.in_progress {
        if !f.has_next_steps {
            gaps.push(Gap::MissingNextSteps);
        }
        match f.next_steps_date {
            None => gaps.push(Gap::MissingNextStepsDate),
            Some(d) if d < today => gaps.push(Gap::NextStepsOverdue),
            Some(_) => {}
        }
        if !f.has_contact {
            gaps.push(Gap::NoContact);
        }
    }
    if f.closed && f.opportunity_open {
        gaps.push(Gap::OpenOpportunity);
    }
    if f.in_progress && f.owner_over_capacity {
        gaps.push(Gap::OwnerOverCapacity);
    }
    if f.days_queued_before_close.is_some_and(|d| d < late_days) {
        gaps.push(Gap::LateAutoRenewal);
    }
    gaps
}

/// Is a person over capacity: more In Progress cases than their cap, or (pooled) more active
/// Upgrade opportunities than allowed? At the cap is "at capacity" (cannot pick), not over.
pub fn over_capacity(in_progress: u64, cap: u64, upgrade: Option<(u64, u64)>) -> bool {
    in_progress > cap || upgrade.is_some_and(|(n, max)| n > max)
}

/// How `smb report volume` splits a month's cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VolumeSplit {
    Category,
    Trigger,
}

impl VolumeSplit {
    pub fn as_str(self) -> &'static str {
        match self {
            VolumeSplit::Category => "category",
            VolumeSplit::Trigger => "trigger",
        }
    }
}

/// The `--by` values of `smb report volume` (repeatable: `--by month --by category`): cases
/// are always counted per month; at most one of `category` and `trigger` splits them.
pub fn volume_split(by: &[String]) -> Result<Option<VolumeSplit>> {
    let mut split = None;
    for b in by {
        let next = match b.trim().to_ascii_lowercase().as_str() {
            "month" => continue,
            "category" => VolumeSplit::Category,
            "trigger" => VolumeSplit::Trigger,
            _ => {
                return Err(Error::invalid(format!(
                    "--by {b:?}: expected month, category or trigger (month is always on; add one of category or trigger)"
                )));
            }
        };
        if split.is_some_and(|s| s != next) {
            return Err(Error::invalid(
                "--by category and --by trigger cannot be combined: split by one of them",
            ));
        }
        split = Some(next);
    }
    Ok(split)
}

/// `YYYY-MM` of a date.
pub fn month_of(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// Every month from `first` to `last` (`YYYY-MM`, inclusive), so that a month without cases
/// shows as 0. Empty when `first` is after `last` or either is malformed.
pub fn months_between(first: &str, last: &str) -> Vec<String> {
    let parse = |m: &str| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok();
    let (Some(mut d), Some(end)) = (parse(first), parse(last)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while d <= end {
        out.push(month_of(d));
        d = d
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(NaiveDate::MAX);
        if d == NaiveDate::MAX {
            break;
        }
    }
    out
}

/// Does `window` (or the clock `now`) cut month `month` short, so that its count is not a
/// whole month's? The current month and a month the window starts or ends inside are partial.
pub fn partial_month(month: &str, window: &Window, now: DateTime<Utc>) -> bool {
    let Ok(first) = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d") else {
        return false;
    };
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(NaiveDate::MAX);
    let last = next.pred_opt().unwrap_or(first);
    let today = now.date_naive();
    let cut_start = window.since.is_some_and(|s| s > first && s <= last);
    let cut_end = window.until.is_some_and(|u| u >= first && u < last);
    cut_start || cut_end || (today >= first && today <= last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn stored_clock_stops_parse_back() {
        assert_eq!(ClockStop::parse("pick"), ClockStop::Pick);
        assert_eq!(ClockStop::parse("what"), ClockStop::Other);
    }

    #[test]
    fn nearest_rank_percentiles() {
        let mut v = vec![5.0, 1.0, 3.0, 2.0, 4.0];
        assert_eq!(percentile(&mut v, 50.0), Some(3.0));
        assert_eq!(percentile(&mut v, 90.0), Some(5.0));
        let mut even = vec![4.0, 1.0, 3.0, 2.0];
        assert_eq!(percentile(&mut even, 50.0), Some(2.0)); // lower middle
        let mut ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&mut ten, 90.0), Some(9.0));
        assert_eq!(percentile(&mut ten, 100.0), Some(10.0));
        assert_eq!(percentile(&mut [7.5], 90.0), Some(7.5));
        assert_eq!(percentile(&mut [], 50.0), None);
        assert_eq!(round2(1.23456), 1.23);
    }

    #[test]
    fn tally_rows_totals_targets_and_order() {
        use Outcome::*;
        let mut t = SlaTally::new();
        for (o, h) in [
            (Met, Some(3.0)),
            (Met, Some(1.0)),
            (Breached, Some(30.0)),
            (Breached, None), // stopped late without a pick
            (Waiting { breached: true }, None),
            (Waiting { breached: false }, None),
            (Uncounted, None),
        ] {
            t.add_outcome("High", 24, o, h);
        }
        t.add_outcome("Low", 168, Waiting { breached: false }, None);
        t.add_outcome("Medium", 48, Uncounted, None); // nothing counted: no row
        let rows = t.rows(SlaGroupBy::Priority);
        assert_eq!(
            rows.iter().map(|r| r.group.as_str()).collect::<Vec<_>>(),
            ["High", "Low"]
        );
        let c = rows[0].counts;
        assert_eq!(
            (c.met, c.breached, c.waiting, c.waiting_breached),
            (2, 2, 2, 1)
        );
        assert_eq!(c.total(), 6);
        assert_eq!(rows[0].target_hours, Some(24));
        assert_eq!(rows[0].median_hours, Some(3.0));
        assert_eq!(rows[0].p90_hours, Some(30.0));
        assert_eq!(rows[1].median_hours, None);

        let mut by_owner = SlaTally::new();
        by_owner.add_outcome("Dana", 24, Met, Some(1.0));
        by_owner.add_outcome("Dana", 48, Met, Some(1.0));
        by_owner.add_outcome(NO_OWNER, 24, Waiting { breached: false }, None);
        by_owner.add_outcome("Ali", 24, Breached, Some(25.0));
        let rows = by_owner.rows(SlaGroupBy::Owner);
        assert_eq!(
            rows.iter().map(|r| r.group.as_str()).collect::<Vec<_>>(),
            ["Ali", "Dana", NO_OWNER]
        );
        assert_eq!(rows[1].target_hours, None); // mixed targets
        assert_eq!(rows[0].target_hours, Some(24));
    }

    #[test]
    fn region_group_is_the_accounts_else_the_queue() {
        assert_eq!(region_group(Some(Region::Apac), Some("AMER")), "APAC");
        assert_eq!(region_group(None, Some("AMER,EMEA")), "AMER,EMEA");
        assert_eq!(region_group(None, None), "(none)");
    }

    #[test]
    fn group_by_parses_and_says_what_is_accepted() {
        assert_eq!(SlaGroupBy::parse("Owner").unwrap(), SlaGroupBy::Owner);
        let e = SlaGroupBy::parse("team").unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(
            e.to_string()
                .contains("priority, region, owner or category")
        );
    }

    #[test]
    fn window_is_whole_inclusive_days() {
        let w = Window::new(Some(d("2026-03-01")), Some(d("2026-03-02"))).unwrap();
        assert!(w.contains("2026-03-01T00:00:00Z".parse().unwrap()));
        assert!(w.contains("2026-03-02T23:59:59Z".parse().unwrap()));
        assert!(!w.contains("2026-03-03T00:00:00Z".parse().unwrap()));
        assert!(!w.contains("2026-02-28T23:59:59Z".parse().unwrap()));
        assert!(Window::default().contains("1999-01-01T00:00:00Z".parse().unwrap()));
        let e = Window::new(Some(d("2026-03-05")), Some(d("2026-03-01"))).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("after --until"), "{e}");
        assert!(Window::new(Some(d("2026-03-01")), Some(d("2026-03-01"))).is_ok());
    }

    #[test]
    fn age_buckets_and_cutoffs_agree() {
        let today = d("2026-03-20");
        for (created, want) in [
            ("2026-03-20T23:00:00Z", AgeBucket::UpToTarget),
            ("2026-03-13T00:00:00Z", AgeBucket::UpToTarget), // 7 days
            ("2026-03-12T23:59:59Z", AgeBucket::PastTarget), // 8 days
            ("2026-03-05T00:00:00Z", AgeBucket::PastTarget), // 15 days
            ("2026-03-04T12:00:00Z", AgeBucket::PastLimit),  // 16 days
        ] {
            let t: DateTime<Utc> = created.parse().unwrap();
            let b = age_bucket(age_days(t, today), 7, 15);
            assert_eq!(b, want, "{created}");
            let (target, limit) = age_cutoffs(today, 7, 15);
            let by_cutoff = if t.date_naive() >= target {
                AgeBucket::UpToTarget
            } else if t.date_naive() >= limit {
                AgeBucket::PastTarget
            } else {
                AgeBucket::PastLimit
            };
            assert_eq!(by_cutoff, want, "{created}");
        }
        assert_eq!(AgeBucket::PastTarget.label(7, 15), "8-15");
        assert_eq!(AgeBucket::PastLimit.label(7, 15), "over 15");
        assert_eq!(AgeBucket::UpToTarget.breach_key(), None);
    }

    #[test]
    fn each_hygiene_gap() {
        let today = d("2026-03-10");
        let good = HygieneFacts {
            in_progress: true,
            has_next_steps: true,
            next_steps_date: Some(today),
            has_contact: true,
            ..Default::default()
        };
        assert!(hygiene_gaps(&good, today, LATE_AUTO_RENEWAL_DAYS).is_empty());
        let bare = HygieneFacts {
            in_progress: true,
            owner_over_capacity: true,
            ..Default::default()
        };
        assert_eq!(
            hygiene_gaps(&bare, today, LATE_AUTO_RENEWAL_DAYS),
            [
                Gap::MissingNextSteps,
                Gap::MissingNextStepsDate,
                Gap::NoContact,
                Gap::OwnerOverCapacity
            ]
        );
        let overdue = HygieneFacts {
            next_steps_date: Some(d("2026-03-09")),
            ..good.clone()
        };
        assert_eq!(
            hygiene_gaps(&overdue, today, LATE_AUTO_RENEWAL_DAYS),
            [Gap::NextStepsOverdue]
        );
        let closed = HygieneFacts {
            closed: true,
            opportunity_open: true,
            ..Default::default()
        };
        assert_eq!(
            hygiene_gaps(&closed, today, LATE_AUTO_RENEWAL_DAYS),
            [Gap::OpenOpportunity]
        );
        // an Open (queued or deferred) case has no Required 10 gaps yet
        let open = HygieneFacts {
            owner_over_capacity: true,
            ..Default::default()
        };
        assert!(hygiene_gaps(&open, today, LATE_AUTO_RENEWAL_DAYS).is_empty());
        assert!(over_capacity(51, 50, None));
        assert!(!over_capacity(50, 50, Some((15, 15))));
        assert!(over_capacity(0, 50, Some((16, 15))));
    }

    #[test]
    fn volume_by_values() {
        let by = |v: &[&str]| volume_split(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(by(&[]).unwrap(), None);
        assert_eq!(by(&["month"]).unwrap(), None);
        assert_eq!(
            by(&["month", "Category"]).unwrap(),
            Some(VolumeSplit::Category)
        );
        assert_eq!(by(&["trigger"]).unwrap(), Some(VolumeSplit::Trigger));
        assert!(by(&["category", "trigger"]).is_err());
        let e = by(&["week"]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("month, category or trigger"));
    }

    #[test]
    fn months_are_filled_and_partial_months_flagged() {
        assert_eq!(
            months_between("2025-11", "2026-02"),
            ["2025-11", "2025-12", "2026-01", "2026-02"]
        );
        assert!(months_between("2026-03", "2026-01").is_empty());
        let now: DateTime<Utc> = "2026-03-02T14:00:00Z".parse().unwrap();
        let all = Window::default();
        assert!(partial_month("2026-03", &all, now));
        assert!(!partial_month("2026-02", &all, now));
        let w = Window::new(Some(d("2026-01-15")), Some(d("2026-02-28"))).unwrap();
        assert!(partial_month("2026-01", &w, now));
        assert!(!partial_month("2026-02", &w, now));
        assert_eq!(month_of(d("2026-03-31")), "2026-03");
    }
}
