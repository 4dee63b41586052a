//! SLA arithmetic (SPEC §6.1), pure: when a case's pick-up target runs out, and how many
//! business hours lie between two instants.
//!
//! digital: High 24 h, Medium 48 h, Low 7 days, calendar time. pooled: 8 business hours,
//! 09:00–17:00 Monday–Friday in the queue's time zone (AMER America/New_York, EMEA pools
//! Europe/London by default), but the region's holidays (SPEC §11.4). Every one of these is a
//! setting (`smb settings`), read from [`Settings`]; the holidays come in with it as data. A
//! clock keeps the targets, hours and zone in force when it started (`setting::in_force`).
//! Business hours are wall-clock hours: a DST change happens at night, outside the window, so
//! an hour of the window is always an hour of real time.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::case::{BOTH_QUEUES, Priority};
use super::holidays::Holidays;
use super::model::{BusinessHours, Model, Region, Settings, SlaClock};
use super::report::{ClockStop, Outcome};
use super::setting::in_force;

/// The pick-up target of a case of `priority`, in hours (calendar hours for digital, business
/// hours for pooled): the `sla_*_hours` settings.
pub fn target_hours(settings: &Settings, priority: Priority) -> i64 {
    match settings.sla_clock() {
        SlaClock::Calendar {
            high_hours,
            medium_hours,
            low_hours,
        } => match priority {
            Priority::High => high_hours,
            Priority::Medium => medium_hours,
            Priority::Low => low_hours,
        },
        SlaClock::Business { hours } => hours,
    }
}

/// The target of a clock of `priority` that started at `started`: the one in force then.
pub fn target_hours_at(settings: &Settings, priority: Priority, started: DateTime<Utc>) -> i64 {
    target_hours(&in_force(settings, started), priority)
}

/// The region whose business days a pooled `queue` keeps: AMER (and an unknown sender's
/// both-queue case) AMER's, every EMEA pool EMEA's.
pub fn queue_region(queue: &str) -> Region {
    if queue.eq_ignore_ascii_case("AMER") || queue == BOTH_QUEUES {
        Region::Amer
    } else {
        Region::Emea
    }
}

/// The time zone whose business hours a pooled `queue` keeps (see [`queue_region`]). An
/// unparsable configured zone falls back to the default.
pub fn queue_time_zone(settings: &Settings, queue: &str) -> Tz {
    region_days(settings, queue_region(queue)).tz
}

/// The business days of a pooled queue (see [`queue_region`]): its region's zone, hours and
/// holidays, from the settings.
pub fn queue_days<'a>(settings: &'a Settings, queue: &str) -> BusinessDays<'a> {
    region_days(settings, queue_region(queue))
}

fn region_days(settings: &Settings, region: Region) -> BusinessDays<'_> {
    let (name, fallback, hours) = match region {
        Region::Emea => (
            &settings.emea_time_zone,
            chrono_tz::Europe::London,
            settings.emea_business_hours,
        ),
        Region::Amer | Region::Apac => (
            &settings.amer_time_zone,
            chrono_tz::America::New_York,
            settings.amer_business_hours,
        ),
    };
    BusinessDays {
        tz: name.parse().unwrap_or(fallback),
        hours,
        region,
        holidays: &settings.holidays,
    }
}

/// Where a pooled SLA clock counts: the hours of the business day in a time zone, Monday to
/// Friday, but the region's holidays.
#[derive(Debug, Clone, Copy)]
pub struct BusinessDays<'a> {
    pub tz: Tz,
    pub hours: BusinessHours,
    pub region: Region,
    pub holidays: &'a Holidays,
}

static NO_HOLIDAYS: Holidays = Holidays::new();

impl BusinessDays<'static> {
    /// 09:00–17:00 Monday–Friday in `tz`, no holidays.
    pub fn standard(tz: Tz) -> Self {
        BusinessDays {
            tz,
            hours: BusinessHours::default(),
            region: Region::Amer,
            holidays: &NO_HOLIDAYS,
        }
    }
}

impl BusinessDays<'_> {
    /// Why `day` has no business hours: a weekend or a holiday; `None` on a business day.
    pub fn day_off(&self, day: NaiveDate) -> Option<DayOff> {
        if day.weekday().number_from_monday() > 5 {
            return Some(DayOff::Weekend);
        }
        self.holidays
            .get(self.region, day)
            .map(|name| DayOff::Holiday(name.clone()))
    }

    fn opens(&self, d: NaiveDate) -> NaiveDateTime {
        d.and_time(self.hours.opens)
    }

    fn closes(&self, d: NaiveDate) -> NaiveDateTime {
        d.and_time(self.hours.closes)
    }
}

/// Why a day counts no business hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayOff {
    Weekend,
    /// A holiday of the region, with its name when it has one.
    Holiday(Option<String>),
}

/// One day of a pooled clock's count, for the explanation `case show` gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Business hours counted on `day` (local times).
    Counted {
        day: NaiveDate,
        from: NaiveTime,
        to: NaiveTime,
    },
    /// A day skipped.
    Skipped { day: NaiveDate, why: DayOff },
}

/// A change of the zone's UTC offset (daylight saving) between the start and the due instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockChange {
    /// The local day the change happened on.
    pub day: NaiveDate,
    /// The zone's abbreviation and offset before and after, e.g. `EST (-05:00)`.
    pub before: String,
    pub after: String,
}

/// How a due instant comes about (SPEC §11.4): `smb case show` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueExplanation {
    pub started: DateTime<Utc>,
    pub due: DateTime<Utc>,
    pub target_hours: i64,
    /// pooled: the business days counted in (zone, region, hours); digital: `None`, calendar
    /// time.
    pub business: Option<(String, Region, BusinessHours)>,
    /// A case in both queues: the due instant is the earlier of the two regions'.
    pub both_queues: bool,
    pub steps: Vec<Step>,
    pub clock_changes: Vec<ClockChange>,
}

/// Why a clock of `priority` in `queue` started at `started` is due when [`due_at`] says.
pub fn explain_due(
    settings: &Settings,
    priority: Priority,
    queue: &str,
    started: DateTime<Utc>,
) -> DueExplanation {
    let settings = &*in_force(settings, started);
    let hours = target_hours(settings, priority);
    let due = due_at(settings, priority, queue, started);
    let mut e = DueExplanation {
        started,
        due,
        target_hours: hours,
        business: None,
        both_queues: settings.model == Model::Pooled && queue == BOTH_QUEUES,
        steps: Vec::new(),
        clock_changes: Vec::new(),
    };
    if settings.model == Model::Digital {
        return e;
    }
    let days = clock_days(settings, queue, started, hours);
    walk(days, started, hours, |s| e.steps.push(s));
    e.business = Some((days.tz.name().to_string(), days.region, days.hours));
    e.clock_changes = clock_changes(days.tz, started, due);
    e
}

/// The offset changes of `tz` between `start` and `end`, day by day.
fn clock_changes(tz: Tz, start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<ClockChange> {
    let show = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Z (%:z)").to_string();
    let mut out = Vec::new();
    let mut before = start;
    let mut day = start.with_timezone(&tz).date_naive();
    let last = end.with_timezone(&tz).date_naive();
    while day <= last {
        let next = day.succ_opt().expect("date in range");
        let after = to_utc(tz, next.and_time(NaiveTime::MIN)).min(end);
        if show(before) != show(after) {
            out.push(ClockChange {
                day,
                before: show(before),
                after: show(after),
            });
        }
        before = after;
        day = next;
    }
    out
}

/// When the SLA of a case of `priority` in `queue`, whose clock started at `started`, runs out:
/// the start plus the target, in business hours of the queue's zone for pooled (SPEC §6.1
/// decision). A case in both queues (unknown sender) is due at the earlier of the two.
pub fn due_at(
    settings: &Settings,
    priority: Priority,
    queue: &str,
    started: DateTime<Utc>,
) -> DateTime<Utc> {
    let settings = &*in_force(settings, started);
    let hours = target_hours(settings, priority);
    match settings.model {
        Model::Digital => started + Duration::hours(hours),
        Model::Pooled if queue == BOTH_QUEUES => {
            let amer = add_business_hours(region_days(settings, Region::Amer), started, hours);
            let emea = add_business_hours(region_days(settings, Region::Emea), started, hours);
            amer.min(emea)
        }
        Model::Pooled => add_business_hours(queue_days(settings, queue), started, hours),
    }
}

/// Whether a clock due at `due` is past it at `at`: exactly on the due instant is in time.
pub fn is_breached(due: DateTime<Utc>, at: DateTime<Utc>) -> bool {
    at > due
}

/// Where one SLA clock stands (SPEC §6.1): the one rule `queue`, `pick`, `case show` and every
/// report apply. `stop` is `None` while the clock runs; `end` is when it stopped, or now.
/// A pick at or before the due instant is met, after it breached; a running clock past it is
/// waiting and breached. A clock stopped without a pick (reassigned, deferred, closed while
/// Open) measures no pick-up: it counts only when it had already run past the due instant.
pub fn outcome(due: DateTime<Utc>, stop: Option<ClockStop>, end: DateTime<Utc>) -> Outcome {
    let late = is_breached(due, end);
    match stop {
        None => Outcome::Waiting { breached: late },
        Some(ClockStop::Pick) if late => Outcome::Breached,
        Some(ClockStop::Pick) => Outcome::Met,
        Some(_) if late => Outcome::Breached,
        Some(_) => Outcome::Uncounted,
    }
}

/// Hours from `start` to `end` that count against the SLA: calendar hours (digital) or
/// business hours in the queue's zone (pooled). Negative spans count as 0.
pub fn elapsed_hours(
    settings: &Settings,
    queue: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> f64 {
    let settings = &*in_force(settings, start);
    match settings.model {
        Model::Digital => ((end - start).num_seconds().max(0)) as f64 / 3600.0,
        Model::Pooled => {
            // Pooled targets are the same for every priority.
            let hours = target_hours(settings, Priority::High);
            business_hours_between(clock_days(settings, queue, start, hours), start, end)
        }
    }
}

/// The business days a pooled clock in `queue` started at `started` counts on: its queue's;
/// for a case in both queues (unknown sender), the region whose due instant comes first, so
/// that the due instant, its explanation and the hours to pick-up all read the same clock.
fn clock_days<'a>(
    settings: &'a Settings,
    queue: &str,
    started: DateTime<Utc>,
    hours: i64,
) -> BusinessDays<'a> {
    if queue != BOTH_QUEUES {
        return queue_days(settings, queue);
    }
    let amer = region_days(settings, Region::Amer);
    let emea = region_days(settings, Region::Emea);
    if add_business_hours(amer, started, hours) <= add_business_hours(emea, started, hours) {
        amer
    } else {
        emea
    }
}

/// Local wall-clock time back to UTC. For an ambiguous local time take the earliest reading;
/// a time in a DST gap counts as the first valid instant after it.
fn to_utc(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
        chrono::LocalResult::None => to_utc(tz, local + Duration::hours(1)) - Duration::hours(1),
    }
}

/// `start` plus `hours` business hours of `days`.
pub fn add_business_hours(
    days: BusinessDays<'_>,
    start: DateTime<Utc>,
    hours: i64,
) -> DateTime<Utc> {
    walk(days, start, hours, |_| {})
}

/// `start` plus `hours` business hours of `days`, telling `note` each day counted or skipped.
/// Business hours are wall-clock hours of the local day.
fn walk(
    days: BusinessDays<'_>,
    start: DateTime<Utc>,
    hours: i64,
    mut note: impl FnMut(Step),
) -> DateTime<Utc> {
    let mut left = Duration::hours(hours);
    let mut t = start.with_timezone(&days.tz).naive_local();
    loop {
        let day = t.date();
        let next = days.opens(day.succ_opt().expect("date in range"));
        if let Some(why) = days.day_off(day) {
            note(Step::Skipped { day, why });
            t = next;
            continue;
        }
        if t >= days.closes(day) {
            t = next;
            continue;
        }
        t = t.max(days.opens(day));
        let room = days.closes(day) - t;
        if left <= room {
            let end = t + left;
            if left > Duration::zero() {
                note(Step::Counted {
                    day,
                    from: t.time(),
                    to: end.time(),
                });
            }
            return to_utc(days.tz, end);
        }
        note(Step::Counted {
            day,
            from: t.time(),
            to: days.closes(day).time(),
        });
        left -= room;
        t = next;
    }
}

/// Business hours of `days` between `start` and `end`; 0 when `end` is not after `start`.
pub fn business_hours_between(
    days: BusinessDays<'_>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> f64 {
    if end <= start {
        return 0.0;
    }
    let s = start.with_timezone(&days.tz).naive_local();
    let e = end.with_timezone(&days.tz).naive_local();
    let mut total = Duration::zero();
    let mut day = s.date();
    while day <= e.date() {
        if days.day_off(day).is_none() {
            let from = s.max(days.opens(day));
            let to = e.min(days.closes(day));
            if to > from {
                total += to - from;
            }
        }
        day = day.succ_opt().expect("date in range");
    }
    total.num_seconds() as f64 / 3600.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America::New_York, Europe::London};

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn digital_targets_are_calendar_hours_by_priority() {
        let s = Settings::new(Model::Digital);
        let start = t("2026-03-06T20:00:00Z"); // a Friday evening
        assert_eq!(
            due_at(&s, Priority::High, "AMER", start),
            t("2026-03-07T20:00:00Z")
        );
        assert_eq!(
            due_at(&s, Priority::Medium, "EMEA", start),
            t("2026-03-08T20:00:00Z")
        );
        assert_eq!(
            due_at(&s, Priority::Low, "AMER,EMEA", start),
            t("2026-03-13T20:00:00Z")
        );
        assert_eq!(
            elapsed_hours(&s, "AMER", start, t("2026-03-07T08:00:00Z")),
            12.0
        );
    }

    #[test]
    fn pooled_target_skips_the_weekend() {
        let s = Settings::new(Model::Pooled);
        // Friday 2026-03-06 15:00 New York (EST, UTC-5): 2 h on Friday, 6 h on Monday.
        let start = t("2026-03-06T20:00:00Z");
        // Monday 2026-03-09 is after the DST change (EDT, UTC-4): 15:00 local = 19:00 UTC.
        assert_eq!(
            due_at(&s, Priority::High, "AMER", start),
            t("2026-03-09T19:00:00Z")
        );
        assert_eq!(
            business_hours_between(
                BusinessDays::standard(New_York),
                start,
                t("2026-03-09T19:00:00Z")
            ),
            8.0
        );
    }

    #[test]
    fn new_york_spring_forward_2026_03_08() {
        // Saturday 2026-03-07 10:00 EST: nothing counts until Monday 09:00 EDT (13:00 UTC).
        let start = t("2026-03-07T15:00:00Z");
        assert_eq!(
            add_business_hours(BusinessDays::standard(New_York), start, 8),
            t("2026-03-09T21:00:00Z")
        );
        assert_eq!(
            business_hours_between(
                BusinessDays::standard(New_York),
                start,
                t("2026-03-09T14:30:00Z")
            ),
            1.5
        );
    }

    #[test]
    fn new_york_fall_back_2026_11_01() {
        // Friday 2026-10-30 16:00 EDT (20:00 UTC) + 8 h: 1 h Friday, 7 h Monday 2026-11-02
        // (EST, UTC-5): 16:00 local = 21:00 UTC.
        let start = t("2026-10-30T20:00:00Z");
        assert_eq!(
            add_business_hours(BusinessDays::standard(New_York), start, 8),
            t("2026-11-02T21:00:00Z")
        );
        assert_eq!(
            business_hours_between(
                BusinessDays::standard(New_York),
                start,
                t("2026-11-02T21:00:00Z")
            ),
            8.0
        );
    }

    #[test]
    fn before_opening_and_after_closing() {
        // Tuesday 2026-03-03 07:00 London (GMT): starts at 09:00, due 17:00 the same day.
        assert_eq!(
            add_business_hours(BusinessDays::standard(London), t("2026-03-03T07:00:00Z"), 8),
            t("2026-03-03T17:00:00Z")
        );
        // 18:00: counts from Wednesday 09:00.
        assert_eq!(
            add_business_hours(BusinessDays::standard(London), t("2026-03-03T18:00:00Z"), 8),
            t("2026-03-04T17:00:00Z")
        );
        assert_eq!(
            business_hours_between(
                BusinessDays::standard(London),
                t("2026-03-03T18:00:00Z"),
                t("2026-03-04T08:00:00Z")
            ),
            0.0
        );
        assert_eq!(
            business_hours_between(
                BusinessDays::standard(London),
                t("2026-03-04T08:00:00Z"),
                t("2026-03-03T08:00:00Z")
            ),
            0.0
        );
    }

    #[test]
    fn a_case_in_both_queues_is_due_at_the_earlier_of_the_two() {
        let s = Settings::new(Model::Pooled);
        // Monday 2026-03-02 14:00 UTC: London 14:00 (due Tuesday 14:00 UTC), New York 09:00
        // (due Monday 17:00 EST = 22:00 UTC): the earlier is New York's.
        let start = t("2026-03-02T14:00:00Z");
        assert_eq!(
            due_at(&s, Priority::High, BOTH_QUEUES, start),
            t("2026-03-02T22:00:00Z")
        );
        // Monday 2026-03-02 20:00 UTC: London is closed, due Tuesday 17:00 UTC; New York
        // has 15:00-17:00 left Monday, due Tuesday 15:00 EST = 20:00 UTC: London's is earlier.
        let start = t("2026-03-02T20:00:00Z");
        assert_eq!(
            due_at(&s, Priority::High, "AMER", start),
            t("2026-03-03T20:00:00Z")
        );
        assert_eq!(
            due_at(&s, Priority::High, BOTH_QUEUES, start),
            t("2026-03-03T17:00:00Z")
        );
    }

    #[test]
    fn a_case_in_both_queues_counts_its_hours_on_the_clock_that_sets_its_due_instant() {
        // Friday 2026-03-06 08:00 UTC: London opens at 09:00 and is due 17:00 UTC the same
        // day; New York opens at 14:00 UTC and is due 22:00 UTC: London's clock decides.
        let s = Settings::new(Model::Pooled);
        let start = t("2026-03-06T08:00:00Z");
        assert_eq!(
            due_at(&s, Priority::High, BOTH_QUEUES, start),
            t("2026-03-06T17:00:00Z")
        );
        // Picked Monday 2026-03-09 10:00 UTC, past the due instant: 8 h Friday and 1 h
        // Monday in London (New York would say 8 h, as if it were on time).
        let pick = t("2026-03-09T10:00:00Z");
        assert_eq!(elapsed_hours(&s, BOTH_QUEUES, start, pick), 9.0);
        assert_eq!(elapsed_hours(&s, "AMER", start, pick), 8.0);
        // A start where New York's clock decides counts New York's hours: Monday 2026-03-02
        // 14:00 UTC is due 22:00 UTC in New York, Tuesday 14:00 UTC in London.
        let start = t("2026-03-02T14:00:00Z");
        let end = t("2026-03-02T22:00:00Z");
        assert_eq!(elapsed_hours(&s, BOTH_QUEUES, start, end), 8.0);
        assert_eq!(elapsed_hours(&s, "Lena Fischer", start, end), 3.0);
    }

    #[test]
    fn a_clock_is_decided_against_its_due_instant() {
        let due = t("2026-03-02T22:00:00Z");
        let pick = Some(ClockStop::Pick);
        assert_eq!(outcome(due, pick, due), Outcome::Met);
        assert_eq!(
            outcome(due, pick, due + Duration::seconds(1)),
            Outcome::Breached
        );
        assert_eq!(
            outcome(due, None, due),
            Outcome::Waiting { breached: false }
        );
        assert_eq!(
            outcome(due, None, due + Duration::minutes(1)),
            Outcome::Waiting { breached: true }
        );
        let other = Some(ClockStop::Deferred);
        assert_eq!(outcome(due, other, due), Outcome::Uncounted);
        assert_eq!(
            outcome(due, other, due + Duration::hours(1)),
            Outcome::Breached
        );
    }

    fn with_holiday(day: &str, region: Region) -> Settings {
        let mut s = Settings::new(Model::Pooled);
        std::sync::Arc::make_mut(&mut s.holidays).insert(crate::domain::holidays::Holiday {
            region,
            day: day.parse().unwrap(),
            name: Some("Thanksgiving".into()),
        });
        s
    }

    #[test]
    fn a_holiday_is_not_a_business_day_for_its_region() {
        // Wednesday 2026-11-25 15:00 EST (20:00 UTC): 2 h Wednesday; Thursday 11-26 is
        // Thanksgiving; 6 h Friday → Friday 15:00 EST = 20:00 UTC.
        let start = t("2026-11-25T20:00:00Z");
        let s = with_holiday("2026-11-26", Region::Amer);
        assert_eq!(
            due_at(&s, Priority::High, "AMER", start),
            t("2026-11-27T20:00:00Z")
        );
        // Without the holiday (the other side): Thursday 15:00 EST.
        let plain = Settings::new(Model::Pooled);
        assert_eq!(
            due_at(&plain, Priority::High, "AMER", start),
            t("2026-11-26T20:00:00Z")
        );
        // EMEA's holiday does not stop the AMER pool, and the other way round.
        let emea = with_holiday("2026-11-26", Region::Emea);
        assert_eq!(
            due_at(&emea, Priority::High, "AMER", start),
            t("2026-11-26T20:00:00Z")
        );
        assert_eq!(
            due_at(
                &s,
                Priority::High,
                "Lena Fischer",
                t("2026-11-26T09:00:00Z")
            ),
            t("2026-11-26T17:00:00Z")
        );
        // Elapsed business hours skip it too.
        assert_eq!(
            elapsed_hours(&s, "AMER", start, t("2026-11-27T20:00:00Z")),
            8.0
        );
        assert_eq!(
            elapsed_hours(&plain, "AMER", start, t("2026-11-27T20:00:00Z")),
            16.0
        );
    }

    #[test]
    fn the_explanation_lists_days_counted_weekend_holiday_and_clock_change() {
        // Friday 2026-10-30 16:00 EDT: 1 h Friday, weekend, DST ends Sunday 11-01, Monday
        // 11-02 a holiday, 7 h Tuesday → 16:00 EST = 21:00 UTC.
        let s = with_holiday("2026-11-02", Region::Amer);
        let start = t("2026-10-30T20:00:00Z");
        let e = explain_due(&s, Priority::Medium, "AMER", start);
        assert_eq!(e.due, t("2026-11-03T21:00:00Z"));
        assert_eq!(e.due, due_at(&s, Priority::Medium, "AMER", start));
        let d = |x: &str| x.parse::<NaiveDate>().unwrap();
        let hm = |x: &str| NaiveTime::parse_from_str(x, "%H:%M").unwrap();
        assert_eq!(
            e.steps,
            [
                Step::Counted {
                    day: d("2026-10-30"),
                    from: hm("16:00"),
                    to: hm("17:00")
                },
                Step::Skipped {
                    day: d("2026-10-31"),
                    why: DayOff::Weekend
                },
                Step::Skipped {
                    day: d("2026-11-01"),
                    why: DayOff::Weekend
                },
                Step::Skipped {
                    day: d("2026-11-02"),
                    why: DayOff::Holiday(Some("Thanksgiving".into()))
                },
                Step::Counted {
                    day: d("2026-11-03"),
                    from: hm("09:00"),
                    to: hm("16:00")
                },
            ]
        );
        assert_eq!(e.clock_changes.len(), 1);
        assert_eq!(e.clock_changes[0].day, d("2026-11-01"));
        assert_eq!(e.clock_changes[0].before, "EDT (-04:00)");
        assert_eq!(e.clock_changes[0].after, "EST (-05:00)");
        // A clock that crosses no change says none.
        let e = explain_due(&s, Priority::Medium, "AMER", t("2026-11-04T14:00:00Z"));
        assert!(e.clock_changes.is_empty());
        // Digital: calendar time, nothing to list.
        let e = explain_due(
            &Settings::new(Model::Digital),
            Priority::High,
            "AMER",
            start,
        );
        assert!(e.steps.is_empty() && e.business.is_none());
    }

    #[test]
    fn settings_change_the_target_and_the_business_day() {
        let mut s = Settings::new(Model::Pooled);
        s.sla_business_hours = 4;
        s.amer_business_hours = "08:00-12:00".parse().unwrap();
        // Monday 2026-03-02 11:00 EST (16:00 UTC): 1 h Monday, 3 h Tuesday → 11:00 EST.
        assert_eq!(
            due_at(&s, Priority::High, "AMER", t("2026-03-02T16:00:00Z")),
            t("2026-03-03T16:00:00Z")
        );
        let mut d = Settings::new(Model::Digital);
        d.sla_high_hours = 12;
        assert_eq!(
            due_at(&d, Priority::High, "AMER", t("2026-03-02T16:00:00Z")),
            t("2026-03-03T04:00:00Z")
        );
    }

    #[test]
    fn pooled_emea_pools_keep_london_hours() {
        let s = Settings::new(Model::Pooled);
        assert_eq!(queue_time_zone(&s, "Lena Fischer"), London);
        assert_eq!(queue_time_zone(&s, "AMER"), New_York);
        // Monday 2026-03-02 14:00 UTC = 14:00 GMT: 3 h Monday, 5 h Tuesday → 14:00.
        assert_eq!(
            due_at(&s, Priority::Low, "Lena Fischer", t("2026-03-02T14:00:00Z")),
            t("2026-03-03T14:00:00Z")
        );
        assert_eq!(target_hours(&s, Priority::Low), 8);
    }
}
