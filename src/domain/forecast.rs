//! The forecast (SPEC §12), pure: the cases expected to arrive per day, queue and priority, and
//! a Monte Carlo simulation of each queue (depth, picks, SLA breaches) with its 10th, 50th and
//! 90th percentiles. Same seed, same numbers: the random numbers come from SplitMix64 (a small,
//! well-known generator, written out below so that no crate upgrade can change a forecast).
//!
//! What goes in (decisions, README "Forecast"):
//! - **Dated arrivals**: what the real trigger code ([`trigger::evaluate`]) fires on each future
//!   day over the stored accounts and opportunities ([`dated_fires`]), each dedup key counted on
//!   the first day it fires; inbound events only on day 0 (events that have occurred and have no
//!   case yet); later inbound cases come from the rates. Deferred cases coming back to their
//!   queue arrive on their day.
//! - **Rates**: the cases that no trigger dated (origin event, email, manual) created over the
//!   last 90 days, per queue, priority and weekday: a Poisson arrival with that mean.
//! - **Capacity**: each advocate profile picks on weekdays from the queues they read, at most
//!   their cap minus their In Progress load, and at most their daily pick rate; In Progress cases
//!   close with a daily probability. An absent day ([`Person::away`]) picks and closes nothing.
//! - **Breach**: a case still waiting at the end of the day its pick-up SLA runs out
//!   ([`due_day`], from `sla::due_at`) breaches that day; a case already past its due day when
//!   the forecast starts is not counted again.

use std::collections::VecDeque;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc, Weekday};
use hashbrown::HashSet;

use super::case::{Case, Origin, Priority, Status};
use super::model::{QueueOrder, Settings};
use super::people::{Advocate, Role, same_person};
use super::queue;
use super::routing::Route;
use super::sla;
use super::trigger::{self, Detail, Outcome, Rule, Snapshot};

/// The pseudo-queue of the cases routed straight to a person: they enter no queue, so they are
/// counted among the arrivals but not simulated.
pub const ASSIGNED: &str = "(assigned)";

/// A case a trigger would create on a future day, as the trigger code says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedFire {
    /// Days after today (0 = today).
    pub day: u32,
    pub trigger: &'static str,
    pub priority: Priority,
    /// The queue, or [`ASSIGNED`] when routed to a person.
    pub queue: String,
}

/// The cases the triggers would create on `account` on each of the `days` days from `now` on
/// (day k evaluated at `now + k days`), by the real trigger code. Cases created after `now` are
/// ignored (a forecast from a past moment sees the data as it stood then, as far as the cases
/// go). A dedup key counts once, on its first day. Inbound events count only on day 0.
pub fn dated_fires(
    settings: &Settings,
    snap: &Snapshot<'_>,
    now: DateTime<Utc>,
    days: u32,
) -> Vec<DatedFire> {
    let cases: Vec<_> = snap
        .cases
        .iter()
        .filter(|c| c.created_at <= now)
        .cloned()
        .collect();
    // Events of a type no trigger reads are left out, as `trigger run` does.
    let events: Vec<_> = snap
        .events
        .iter()
        .filter(|e| {
            trigger::find(settings.model, &e.event.kind).is_some_and(|t| t.rule == Rule::Event)
        })
        .cloned()
        .collect();
    let snap = Snapshot {
        cases: &cases,
        events: &events,
        ..*snap
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for day in 0..days {
        let at = now + Days::new(u64::from(day));
        for v in trigger::evaluate(settings, &snap, at, Detail::Met).verdicts {
            let Outcome::Fires(f) = v.outcome else {
                continue;
            };
            if (day > 0 && f.origin() == Origin::Event) || !seen.insert(f.dedup_key.clone()) {
                continue;
            }
            out.push(DatedFire {
                day,
                trigger: v.trigger.key,
                priority: v.trigger.priority,
                queue: route_queue(&f.route),
            });
        }
    }
    out
}

/// The queue of a route: its queue, or [`ASSIGNED`].
pub fn route_queue(route: &Route) -> String {
    match route {
        Route::Queue(q) => q.clone(),
        Route::Owner { .. } => ASSIGNED.to_string(),
    }
}

/// The day index (days after `today`, UTC days) by whose end a case of `priority` entering
/// `queue` at `entered` must be picked (SPEC §6.1's due instant, by `sla::due_at`). Negative:
/// already past.
pub fn due_day(
    settings: &Settings,
    priority: Priority,
    queue: &str,
    entered: DateTime<Utc>,
    today: NaiveDate,
) -> i64 {
    let due = sla::due_at(settings, priority, queue, entered);
    // Due exactly at midnight: the previous day's end.
    let day = (due - chrono::Duration::nanoseconds(1)).date_naive();
    (day - today).num_days()
}

/// The instant a case arriving on day `day` is taken to enter its queue: noon UTC (or `now`
/// on day 0 when it is past noon).
pub fn arrival_instant(now: DateTime<Utc>, day: u32) -> DateTime<Utc> {
    let date = now.date_naive() + Days::new(u64::from(day));
    let noon = date
        .and_time(NaiveTime::from_hms_opt(12, 0, 0).expect("noon"))
        .and_utc();
    if day == 0 { noon.max(now) } else { noon }
}

/// A case in a queue, or arriving in one on a known day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    /// Index into [`Plan::queues`].
    pub queue: usize,
    pub priority: Priority,
    /// The day it enters the queue (0 for the backlog; a deferred case's return day).
    pub day: u32,
    /// When it entered its queue, in seconds relative to the forecast's start (orders the queue).
    pub entered: i64,
    /// [`due_day`].
    pub due: i64,
}

/// Inbound cases no trigger dates: a Poisson mean per weekday (Monday first).
#[derive(Debug, Clone, PartialEq)]
pub struct Rate {
    pub queue: usize,
    pub priority: Priority,
    pub per_weekday: [f64; 7],
}

/// An advocate who picks from queues.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub name: String,
    /// Indexes into [`Plan::queues`]: the queues they read.
    pub queues: Vec<usize>,
    /// In Progress cases they may hold.
    pub cap: u32,
    /// In Progress cases they hold at the start.
    pub in_progress: u32,
    /// Mean picks on a working day (a Poisson mean), before the cap.
    pub daily_picks: f64,
    /// The chance that one In Progress case closes on a working day.
    pub close_chance: f64,
    /// Per day of the forecast: away (absent), so no picks and no closes. The command fills it
    /// in one place (`cli/forecast.rs`, `away_days`).
    pub away: Vec<bool>,
}

/// Everything a simulation needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The first day (today).
    pub start: NaiveDate,
    pub days: u32,
    pub runs: u32,
    pub seed: u64,
    pub order: QueueOrder,
    /// The simulated queues (stored queue values), sorted.
    pub queues: Vec<String>,
    /// Backlog (day 0) and known arrivals (dated fires, deferred returns).
    pub waiting: Vec<Waiting>,
    pub rates: Vec<Rate>,
    /// Per queue, per day, per priority (rank): the due day of a case arriving that day.
    pub due: Vec<Vec<[i64; 3]>>,
    pub people: Vec<Person>,
}

/// Across runs: the mean and the 10th, 50th and 90th percentiles (nearest rank).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Spread {
    pub mean: f64,
    pub p10: u32,
    pub p50: u32,
    pub p90: u32,
}

impl Spread {
    /// Of one value per run.
    pub fn of(values: &mut [u32]) -> Spread {
        if values.is_empty() {
            return Spread::default();
        }
        values.sort_unstable();
        let n = values.len();
        let at = |p: f64| values[((p * n as f64).ceil() as usize).clamp(1, n) - 1];
        let sum: u64 = values.iter().map(|&v| u64::from(v)).sum();
        Spread {
            mean: sum as f64 / n as f64,
            p10: at(0.10),
            p50: at(0.50),
            p90: at(0.90),
        }
    }
}

/// One day of one queue (and one priority, or all of them).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub date: NaiveDate,
    pub queue: String,
    /// `None`: every priority of the queue.
    pub priority: Option<Priority>,
    /// Cases known to arrive (dated fires, deferred returns; the backlog is not an arrival).
    pub dated: u32,
    /// The expected inbound cases (the rates' mean).
    pub inbound: f64,
    pub arrivals: Spread,
    pub picks: Spread,
    /// Waiting at the end of the day.
    pub depth: Spread,
    /// Cases whose pick-up SLA ran out that day while they waited.
    pub breaches: Spread,
}

/// The simulation's answer: rows by day, queue, then priority (High, Medium, Low, all).
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    pub rows: Vec<Row>,
}

/// SplitMix64 (Steele, Lea, Flood 2014): small, fast, and the same on every machine.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A Poisson draw of mean `mean` (Knuth's method, in steps of at most 30).
    pub fn poisson(&mut self, mean: f64) -> u32 {
        let mut left = mean.max(0.0);
        let mut n = 0;
        while left > 0.0 {
            let step = left.min(30.0);
            left -= step;
            let limit = (-step).exp();
            let mut p = self.unit();
            while p > limit {
                n += 1;
                p *= self.unit();
            }
        }
        n
    }

    /// A binomial draw: `n` trials of chance `p`.
    pub fn binomial(&mut self, n: u32, p: f64) -> u32 {
        (0..n).filter(|_| self.unit() < p).count() as u32
    }
}

/// Is `day` a working day (Monday to Friday)?
fn working(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The order key of a waiting case: `Less` is picked first (SPEC §4.1).
fn key(order: QueueOrder, w: &Waiting) -> (i64, i64) {
    match order {
        QueueOrder::PriorityThenAge => (w.priority.rank(), w.entered),
        QueueOrder::AgeThenPriority => (w.entered, w.priority.rank()),
    }
}

/// Runs the simulation `plan.runs` times.
pub fn simulate(plan: &Plan) -> Forecast {
    let (days, nq, runs) = (plan.days as usize, plan.queues.len(), plan.runs as usize);
    // [day][queue][priority] → one value per run
    let cell = |d: usize, q: usize, p: usize| (d * nq + q) * 3 + p;
    let cells = days * nq * 3;
    let mut arrivals = vec![0u32; cells * runs];
    let mut picks = vec![0u32; cells * runs];
    let mut depth = vec![0u32; cells * runs];
    let mut breaches = vec![0u32; cells * runs];
    let dates: Vec<NaiveDate> = (0..plan.days)
        .map(|d| plan.start + Days::new(u64::from(d)))
        .collect();
    let mut dated = vec![0u32; cells];
    for w in plan.waiting.iter().filter(|w| w.day > 0 || w.entered > 0) {
        if (w.day as usize) < days {
            dated[cell(w.day as usize, w.queue, w.priority.rank() as usize)] += 1;
        }
    }
    // The latest due day of any case: the due counts' length.
    let dues = plan
        .waiting
        .iter()
        .map(|w| w.due)
        .chain(plan.due.iter().flatten().flatten().copied())
        .max()
        .unwrap_or(0)
        .max(0) as usize
        + 2;
    // Known cases by day, then as they entered: each goes to the end of its lane.
    let mut sorted = plan.waiting.clone();
    sorted.sort_by_key(|w| (w.day, w.entered));
    // Day 0's known cases are the same in every run: queued once, copied per run.
    let split = sorted.partition_point(|w| w.day == 0);
    let (now, later) = sorted.split_at(split);
    let mut first: Vec<Line> = (0..nq).map(|_| Line::new(dues)).collect();
    for w in now {
        first[w.queue].push(*w);
    }
    for run in 0..runs {
        // Each run its own stream: run r's numbers do not depend on how many runs there are.
        let mut rng = SplitMix64::new(plan.seed ^ (run as u64).wrapping_mul(0xA076_1D64_78BD_642F));
        let mut queues = first.clone();
        let mut known = later.iter().peekable();
        let mut held: Vec<u32> = plan.people.iter().map(|p| p.in_progress).collect();
        let mut order: Vec<usize> = (0..plan.people.len()).collect();
        for (d, &date) in dates.iter().enumerate() {
            let at = |c: usize| c * runs + run;
            // Arrivals: known ones, then the rates' draws (entering at noon, in draw order).
            if d == 0 {
                for w in now.iter().filter(|w| w.entered > 0) {
                    arrivals[at(cell(0, w.queue, w.priority.rank() as usize))] += 1;
                }
            }
            while let Some(w) = known.next_if(|w| w.day as usize <= d) {
                queues[w.queue].push(*w);
                if w.day > 0 || w.entered > 0 {
                    arrivals[at(cell(d, w.queue, w.priority.rank() as usize))] += 1;
                }
            }
            let weekday = date.weekday().num_days_from_monday() as usize;
            for r in &plan.rates {
                let n = rng.poisson(r.per_weekday[weekday]);
                let p = r.priority.rank() as usize;
                for i in 0..n {
                    let w = Waiting {
                        queue: r.queue,
                        priority: r.priority,
                        day: d as u32,
                        entered: d as i64 * 86_400 + 43_200 + i64::from(i),
                        due: plan.due[r.queue][d][p],
                    };
                    queues[r.queue].push(w);
                }
                arrivals[at(cell(d, r.queue, p))] += n;
            }
            // Picks: people in a random order each day, each up to their day's budget.
            if working(date) {
                for i in (1..order.len()).rev() {
                    let j = (rng.next_u64() % (i as u64 + 1)) as usize;
                    order.swap(i, j);
                }
                for &i in &order {
                    let person = &plan.people[i];
                    if person.away.get(d).copied().unwrap_or(false) {
                        continue;
                    }
                    held[i] -= rng.binomial(held[i], person.close_chance);
                    let budget = rng
                        .poisson(person.daily_picks)
                        .min(person.cap.saturating_sub(held[i]));
                    for _ in 0..budget {
                        let best = person
                            .queues
                            .iter()
                            .filter_map(|&q| {
                                queues[q].head(plan.order).map(|(k, lane)| (k, q, lane))
                            })
                            .min();
                        let Some((_, q, lane)) = best else { break };
                        let w = queues[q].pop(lane);
                        held[i] += 1;
                        picks[at(cell(d, q, w.priority.rank() as usize))] += 1;
                    }
                }
            }
            // End of the day: depth, and the cases whose due day it was.
            for (q, line) in queues.iter().enumerate() {
                for p in 0..3 {
                    let c = cell(d, q, p);
                    depth[at(c)] += line.lanes[p].len() as u32;
                    breaches[at(c)] += line.due_on(p, d as i64);
                }
            }
        }
    }
    let mut rows = Vec::with_capacity(days * nq * 4);
    let mut expected = vec![0f64; cells];
    for (d, date) in dates.iter().enumerate() {
        let weekday = date.weekday().num_days_from_monday() as usize;
        for r in &plan.rates {
            expected[cell(d, r.queue, r.priority.rank() as usize)] += r.per_weekday[weekday];
        }
    }
    let spread = |v: &[u32], cells: &[usize]| {
        let mut per_run: Vec<u32> = (0..runs)
            .map(|r| cells.iter().map(|&c| v[c * runs + r]).sum())
            .collect();
        Spread::of(&mut per_run)
    };
    for (d, &date) in dates.iter().enumerate() {
        for (q, name) in plan.queues.iter().enumerate() {
            let all: Vec<usize> = (0..3).map(|p| cell(d, q, p)).collect();
            for (p, priority) in Priority::ALL
                .iter()
                .map(|&p| Some(p))
                .chain([None])
                .enumerate()
            {
                let cs = if priority.is_some() {
                    &all[p..=p]
                } else {
                    &all[..]
                };
                rows.push(Row {
                    date,
                    queue: name.clone(),
                    priority,
                    dated: cs.iter().map(|&c| dated[c]).sum(),
                    inbound: cs.iter().map(|&c| expected[c]).sum(),
                    arrivals: spread(&arrivals, cs),
                    picks: spread(&picks, cs),
                    depth: spread(&depth, cs),
                    breaches: spread(&breaches, cs),
                });
            }
        }
    }
    Forecast { rows }
}

/// One queue in a run: per priority its cases in the order they entered, and how many of them
/// are due on each day (index `due + 1`; everything already past shares index 0).
#[derive(Clone)]
struct Line {
    lanes: [VecDeque<Waiting>; 3],
    due: [Vec<u32>; 3],
}

impl Line {
    fn new(dues: usize) -> Line {
        Line {
            lanes: Default::default(),
            due: std::array::from_fn(|_| vec![0; dues]),
        }
    }

    fn slot(due: i64) -> usize {
        (due + 1).max(0) as usize
    }

    /// Adds a case after the ones that entered before it or at the same time.
    fn push(&mut self, w: Waiting) {
        let p = w.priority.rank() as usize;
        let lane = &mut self.lanes[p];
        let at = lane.partition_point(|x| x.entered <= w.entered);
        lane.insert(at, w);
        self.due[p][Self::slot(w.due)] += 1;
    }

    /// The head's order key and priority lane (SPEC §4.1).
    fn head(&self, order: QueueOrder) -> Option<((i64, i64), usize)> {
        (0..3)
            .filter_map(|p| self.lanes[p].front().map(|w| (key(order, w), p)))
            .min()
    }

    fn pop(&mut self, p: usize) -> Waiting {
        let w = self.lanes[p].pop_front().expect("a head");
        self.due[p][Self::slot(w.due)] -= 1;
        w
    }

    /// How many cases of lane `p` wait with due day `day`.
    fn due_on(&self, p: usize, day: i64) -> u32 {
        self.due[p].get(Self::slot(day)).copied().unwrap_or(0)
    }
}

/// How far back the rates, pick rates and close rates are measured (at most: a younger
/// history is measured from its first case).
pub const HISTORY_DAYS: u64 = 90;

/// What [`plan`] reads: the stored cases, the dated fires, the profiles, and who is away.
pub struct Inputs<'a> {
    pub now: DateTime<Utc>,
    pub days: u32,
    pub runs: u32,
    pub seed: u64,
    pub cases: &'a [Case],
    pub fires: &'a [DatedFire],
    pub people: &'a [Advocate],
    /// Is this person away on this day? (Absences: the one place they remove capacity.)
    pub away: &'a dyn Fn(&str, NaiveDate) -> bool,
}

/// The case an inbound event of no known account would make today (SPEC §3.3 rule 3), by the
/// real trigger code.
pub fn orphan_fire(
    settings: &Settings,
    event: &trigger::InboundEvent,
    now: DateTime<Utc>,
) -> Option<DatedFire> {
    let v = trigger::evaluate_orphan_event(settings, event, None, now)?;
    let Outcome::Fires(f) = v.outcome else {
        return None;
    };
    Some(DatedFire {
        day: 0,
        trigger: v.trigger.key,
        priority: v.trigger.priority,
        queue: route_queue(&f.route),
    })
}

/// Was `c` waiting in its queue at `now`, and since when? Rebuilt from its times so that a
/// forecast from a past moment sees the queue of then (a case picked later was waiting, from
/// its creation); at the present, the Open unowned cases (a deferred one from its return).
fn waiting_since(c: &Case, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    c.queue.as_ref()?;
    if c.created_at > now || c.closed_at.is_some_and(|t| t <= now) {
        return None;
    }
    match c.picked_at {
        Some(p) if p > now => Some(c.created_at),
        _ if c.status == Status::Open && c.owner.is_none() => {
            Some(c.queued_at.unwrap_or(c.created_at))
        }
        _ => None,
    }
}

/// The simulation's plan from the data (decisions in the module's doc and README "Forecast").
pub fn plan(settings: &Settings, i: &Inputs<'_>) -> Plan {
    let now = i.now;
    let today = now.date_naive();
    // The last 90 whole days; a younger history (its first case later), the days it covers.
    let first = i.cases.iter().map(|c| c.created_at.date_naive()).min();
    let since = (today - Days::new(HISTORY_DAYS)).max(first.unwrap_or(today).min(today));
    let history_days = (today - since).num_days().max(0) as u64;
    let in_history = |t: DateTime<Utc>| t.date_naive() >= since && t < now;
    let order = settings.queue_order();

    let backlog: Vec<(&Case, DateTime<Utc>)> = i
        .cases
        .iter()
        .filter_map(|c| waiting_since(c, now).map(|t| (c, t)))
        .collect();
    let inbound: Vec<&Case> = i
        .cases
        .iter()
        .filter(|c| c.origin != Origin::Trigger && c.queue.is_some() && in_history(c.created_at))
        .collect();
    let mut queues: Vec<String> = backlog
        .iter()
        .filter_map(|(c, _)| c.queue.clone())
        .chain(inbound.iter().filter_map(|c| c.queue.clone()))
        .chain(
            i.fires
                .iter()
                .filter(|f| f.queue != ASSIGNED)
                .map(|f| f.queue.clone()),
        )
        .collect();
    queues.sort();
    queues.dedup();
    let index = |q: &str| queues.binary_search_by(|x| x.as_str().cmp(q)).ok();

    let mut waiting = Vec::new();
    for (c, entered) in &backlog {
        let q = c.queue.as_deref().unwrap_or_default();
        let day = (entered.date_naive() - today).num_days().max(0);
        if day >= i64::from(i.days) {
            continue;
        }
        waiting.push(Waiting {
            queue: index(q).expect("a backlog queue"),
            priority: c.priority,
            day: day as u32,
            entered: (*entered - now).num_seconds(),
            // Already past its due instant: breached before the forecast, not counted again.
            due: if sla::is_breached(sla::due_at(settings, c.priority, q, *entered), now) {
                -1
            } else {
                due_day(settings, c.priority, q, *entered, today)
            },
        });
    }
    for (n, f) in i.fires.iter().enumerate() {
        let Some(q) = index(&f.queue) else { continue };
        let at = arrival_instant(now, f.day);
        waiting.push(Waiting {
            queue: q,
            priority: f.priority,
            day: f.day,
            entered: (at - now).num_seconds() + n as i64 % 1000,
            due: due_day(settings, f.priority, &f.queue, at, today),
        });
    }

    // Rates: per queue and priority, per weekday, over the whole days of the history.
    let mut weekdays = [0u32; 7];
    for d in 0..history_days {
        weekdays[(since + Days::new(d)).weekday().num_days_from_monday() as usize] += 1;
    }
    let mut counts: std::collections::BTreeMap<(usize, i64), [u32; 7]> = Default::default();
    for c in &inbound {
        let q = index(c.queue.as_deref().unwrap_or_default()).expect("an inbound queue");
        let w = c.created_at.weekday().num_days_from_monday() as usize;
        counts.entry((q, c.priority.rank())).or_default()[w] += 1;
    }
    let rates = counts
        .into_iter()
        .map(|((queue, rank), n)| Rate {
            queue,
            priority: Priority::from_rank(rank).expect("a rank"),
            per_weekday: std::array::from_fn(|w| f64::from(n[w]) / f64::from(weekdays[w].max(1))),
        })
        .collect();

    let due = queues
        .iter()
        .map(|q| {
            (0..i.days)
                .map(|d| {
                    let at = arrival_instant(now, d);
                    std::array::from_fn(|r| due_day(settings, Priority::ALL[r], q, at, today))
                })
                .collect()
        })
        .collect();

    // Capacity. Close chance: the team's mean working days from pick to close.
    let closed: Vec<f64> = i
        .cases
        .iter()
        .filter_map(|c| match (c.picked_at, c.closed_at) {
            (Some(p), Some(t)) if in_history(t) && p <= t => {
                Some((t - p).num_hours() as f64 / 24.0 * 5.0 / 7.0)
            }
            _ => None,
        })
        .collect();
    let working_days_to_close = if closed.is_empty() {
        settings.resolve_target_days() as f64 * 5.0 / 7.0
    } else {
        closed.iter().sum::<f64>() / closed.len() as f64
    };
    let close_chance = (1.0 / working_days_to_close.max(1.0)).clamp(0.0, 1.0);
    let people = i
        .people
        .iter()
        .filter(|a| a.role == Role::Advocate)
        .map(|a| {
            let mine = |c: &&Case| c.owner.as_deref().is_some_and(|o| same_person(o, &a.name));
            let in_progress = i
                .cases
                .iter()
                .filter(mine)
                .filter(|c| {
                    c.picked_at.is_some_and(|p| p <= now)
                        && c.closed_at.is_none_or(|t| t > now)
                        && !(c.status == Status::Open && c.queued_at.is_some_and(|q| q <= now))
                })
                .count() as u32;
            // A busy day shows what they can do: the 90th percentile of their picks on the
            // days they picked; without picks, their cap over the resolve target.
            let mut per_day: std::collections::BTreeMap<NaiveDate, u32> = Default::default();
            for c in i.cases.iter().filter(mine) {
                if let Some(p) = c.picked_at.filter(|&p| in_history(p)) {
                    *per_day.entry(p.date_naive()).or_default() += 1;
                }
            }
            let mut busy: Vec<u32> = per_day.into_values().collect();
            let daily_picks = if busy.is_empty() {
                f64::from(a.capacity) / settings.resolve_target_days() as f64
            } else {
                f64::from(Spread::of(&mut busy).p90)
            };
            let mine_queue = queue::caller_queue(settings, a.region, &a.name);
            Person {
                name: a.name.clone(),
                queues: queue::stored_queues(settings, &mine_queue)
                    .iter()
                    .filter_map(|q| index(q))
                    .collect(),
                cap: a.capacity,
                in_progress,
                daily_picks,
                close_chance,
                away: (0..i.days)
                    .map(|d| (i.away)(&a.name, today + Days::new(u64::from(d))))
                    .collect(),
            }
        })
        .collect();
    Plan {
        start: today,
        days: i.days,
        runs: i.runs,
        seed: i.seed,
        order,
        queues,
        waiting,
        rates,
        due,
        people,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn monday() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    fn person(queues: Vec<usize>, daily: f64, cap: u32, days: u32) -> Person {
        Person {
            name: "Ana".into(),
            queues,
            cap,
            in_progress: 0,
            daily_picks: daily,
            close_chance: 0.0,
            away: vec![false; days as usize],
        }
    }

    fn backlog(n: usize, priority: Priority, due: i64) -> Vec<Waiting> {
        (0..n)
            .map(|i| Waiting {
                queue: 0,
                priority,
                day: 0,
                entered: -(1000 - i as i64),
                due,
            })
            .collect()
    }

    fn plan(days: u32, waiting: Vec<Waiting>, rates: Vec<Rate>, people: Vec<Person>) -> Plan {
        Plan {
            start: monday(),
            days,
            runs: 200,
            seed: 7,
            order: QueueOrder::PriorityThenAge,
            queues: vec!["AMER".into()],
            waiting,
            rates,
            due: vec![
                (0..days)
                    .map(|d| [i64::from(d) + 1, i64::from(d) + 2, i64::from(d) + 7])
                    .collect(),
            ],
            people,
        }
    }

    fn all(f: &Forecast, day: usize) -> &Row {
        f.rows
            .iter()
            .filter(|r| r.priority.is_none())
            .nth(day)
            .unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_numbers_and_another_seed_others() {
        let rates = vec![Rate {
            queue: 0,
            priority: Priority::Medium,
            per_weekday: [6.0; 7],
        }];
        let people = vec![person(vec![0], 5.0, 50, 14)];
        let p = plan(14, backlog(10, Priority::High, 1), rates, people);
        let a = simulate(&p);
        assert_eq!(a, simulate(&p));
        let other = simulate(&Plan {
            seed: 8,
            ..p.clone()
        });
        assert_ne!(a, other);
        // a spread, not a constant: the draws are random
        let last = all(&a, 13);
        assert!(last.depth.p10 < last.depth.p90, "{last:?}");
    }

    #[test]
    fn without_arrivals_the_backlog_drains_by_the_capacity() {
        // 30 waiting, one person held to 4 picks a working day by her cap of 4 (her daily rate
        // is far above it, and every case she holds closes by the next working day).
        let mut ana = person(vec![0], 1000.0, 4, 7);
        ana.close_chance = 1.0; // every held case closes before the next day's picks
        let p = plan(7, backlog(30, Priority::Low, 100), vec![], vec![ana]);
        let f = simulate(&p);
        // Mon..Fri pick 4 a day; Sat and Sun nobody picks.
        let depths: Vec<u32> = (0..7).map(|d| all(&f, d).depth.p50).collect();
        assert_eq!(depths, vec![26, 22, 18, 14, 10, 10, 10]);
        for d in 0..7 {
            let r = all(&f, d);
            assert_eq!((r.depth.p10, r.depth.p90), (r.depth.p50, r.depth.p50));
            assert_eq!(r.arrivals.p90, 0);
            assert_eq!(r.breaches.p90, 0);
        }
    }

    #[test]
    fn without_people_the_backlog_stays_and_breaches_on_its_due_day() {
        let mut waiting = backlog(5, Priority::High, 2);
        waiting.extend(backlog(3, Priority::Low, -1)); // already past: not counted again
        let p = plan(4, waiting, vec![], vec![]);
        let f = simulate(&p);
        let b: Vec<u32> = (0..4).map(|d| all(&f, d).breaches.p50).collect();
        assert_eq!(b, vec![0, 0, 5, 0]);
        assert!((0..4).all(|d| all(&f, d).depth.p50 == 8));
    }

    #[test]
    fn known_arrivals_are_counted_on_their_day_exactly() {
        let mut waiting = Vec::new();
        for day in [1u32, 1, 3] {
            waiting.push(Waiting {
                queue: 0,
                priority: Priority::Medium,
                day,
                entered: i64::from(day) * 86_400,
                due: i64::from(day) + 2,
            });
        }
        let f = simulate(&plan(5, waiting, vec![], vec![]));
        let arr: Vec<u32> = (0..5).map(|d| all(&f, d).arrivals.p50).collect();
        assert_eq!(arr, vec![0, 2, 0, 1, 0]);
        let dated: Vec<u32> = (0..5).map(|d| all(&f, d).dated).collect();
        assert_eq!(dated, arr);
        let depth: Vec<u32> = (0..5).map(|d| all(&f, d).depth.p50).collect();
        assert_eq!(depth, vec![0, 2, 2, 3, 3]);
        let breaches: Vec<u32> = (0..5).map(|d| all(&f, d).breaches.p50).collect();
        assert_eq!(breaches, vec![0, 0, 0, 2, 0]);
    }

    #[test]
    fn rate_arrivals_center_on_the_rate_with_a_spread_on_both_sides() {
        let rates = vec![Rate {
            queue: 0,
            priority: Priority::High,
            per_weekday: [10.0; 7],
        }];
        let f = simulate(&Plan {
            runs: 2000,
            ..plan(3, vec![], rates, vec![])
        });
        let r = all(&f, 0);
        assert!((9.5..=10.5).contains(&r.arrivals.mean), "{:?}", r.arrivals);
        assert_eq!(r.inbound, 10.0);
        // Poisson(10): p10 = 6, p50 = 10, p90 = 14
        assert!((5..=7).contains(&r.arrivals.p10), "{:?}", r.arrivals);
        assert!((9..=11).contains(&r.arrivals.p50), "{:?}", r.arrivals);
        assert!((13..=15).contains(&r.arrivals.p90), "{:?}", r.arrivals);
    }

    #[test]
    fn an_away_day_picks_nothing() {
        let mut ana = person(vec![0], 1000.0, 4, 3);
        ana.close_chance = 1.0;
        ana.away = vec![false, true, false];
        let f = simulate(&plan(3, backlog(20, Priority::Low, 100), vec![], vec![ana]));
        let depths: Vec<u32> = (0..3).map(|d| all(&f, d).depth.p50).collect();
        assert_eq!(depths, vec![16, 16, 12]);
    }

    #[test]
    fn the_cap_holds_picks_to_the_free_slots() {
        let mut ana = person(vec![0], 1000.0, 10, 2);
        ana.in_progress = 7; // nothing closes: 3 free slots, then none
        let f = simulate(&plan(2, backlog(20, Priority::Low, 100), vec![], vec![ana]));
        assert_eq!(all(&f, 0).picks.p50, 3);
        assert_eq!(all(&f, 1).picks.p50, 0);
    }

    #[test]
    fn digital_order_picks_high_before_older_low() {
        let mut w = backlog(1, Priority::Low, 100);
        w.extend(backlog(1, Priority::High, 100).into_iter().map(|mut x| {
            x.entered = 0;
            x
        }));
        let mut ana = person(vec![0], 1000.0, 1, 1);
        ana.close_chance = 1.0;
        let f = simulate(&plan(1, w, vec![], vec![ana]));
        let high = &f.rows[0];
        assert_eq!(high.priority, Some(Priority::High));
        assert_eq!(high.picks.p50, 1);
    }

    #[test]
    fn spread_is_nearest_rank() {
        let mut v: Vec<u32> = (1..=10).collect();
        let s = Spread::of(&mut v);
        assert_eq!((s.p10, s.p50, s.p90), (1, 5, 9));
        assert_eq!(s.mean, 5.5);
    }

    #[test]
    fn splitmix64_matches_its_published_sequence() {
        // Reference values of SplitMix64 seeded with 1234567.
        let mut r = SplitMix64::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
    }
}
