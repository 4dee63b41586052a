//! `smb forecast`: the cases expected per day, queue and priority, and a Monte Carlo
//! simulation of the queues (SPEC §12). The store reads, the trigger code dates the signals,
//! `domain::forecast` plans and simulates; this file renders.

use std::io::Write;
use std::sync::Arc;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde_json::{Value, json};

use super::Ctx;
use smb::domain::forecast::{self, ASSIGNED, DatedFire, Forecast, Inputs, Row, Spread};
use smb::domain::model::Settings;
use smb::domain::people::same_person;
use smb::output::{Format, Table};
use smb::store::{AccountSnapshot, CaseFilter, Evaluate, Ops, Tx};
use smb::{Error, Result};

/// Forecast the queues: expected arrivals, depth and SLA breaches per day, with percentiles
///
/// Arrivals: the cases the triggers will create on each coming day (renewals entering their
/// window, subscriptions ending, High Value check-ins: the trigger code evaluated on those
/// days), deferred cases coming back, and the inbound, email and manual cases at the rate of
/// the last 90 days. Capacity: each advocate's daily picks (the 90th percentile of their busy
/// days), their cap and In Progress load. A Monte Carlo simulation of the queues gives the
/// depth at each day's end, the picks and the SLA breaches, with the 10th, 50th and 90th
/// percentiles over the runs. The same --seed gives the same numbers.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb forecast\n  smb forecast --days 7 --runs 5000 --seed 42\n  smb --now 2026-03-02T09:00:00Z forecast --days 14\n  smb --format json forecast > forecast.json\n\nThe chart shows per queue and day the depth at the day's end: solid to the 10th percentile,\nshaded to the median, light to the 90th; then the median depth and breaches (p10-p90).\n\nJSON: an array of per-day rows {date, queue, priority, dated, inbound, arrivals, picks,\ndepth, breaches}; priority \"all\" sums a queue's priorities; arrivals, picks, depth and\nbreaches are {mean, p10, p50, p90}. Queue \"(assigned)\" counts the dated cases routed\nstraight to a person (no simulation: its picks, depth and breaches are null)."
)]
pub struct Args {
    /// Days to forecast, today first
    #[arg(long, value_name = "N", default_value_t = 14, value_parser = clap::value_parser!(u32).range(1..=366))]
    days: u32,
    /// Simulation runs
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    runs: u32,
    /// Where the random numbers start: the same value gives the same forecast
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
}

/// A forecast and the dated cases it started from.
pub struct Computed {
    pub forecast: Forecast,
    pub fires: Vec<DatedFire>,
    pub people: usize,
}

/// Who is away on a day: the ONE place where an absent advocate's capacity is removed. An
/// absence (`smb advocate away`, SPEC §11.5) covers its days, both included, unless `smb
/// advocate back` ended it before that day.
fn away_days(tx: &mut Tx<'_>) -> Result<impl Fn(&str, NaiveDate) -> bool + use<>> {
    let absences = tx.absences()?;
    Ok(move |name: &str, day: NaiveDate| {
        absences.iter().any(|a| {
            same_person(&a.name, name)
                && a.from <= day
                && day <= a.until
                && a.ended_at.is_none_or(|e| day < e.date_naive())
        })
    })
}

/// Reads the data, dates the triggers' cases, plans and simulates.
pub fn compute(
    tx: &mut Tx<'_>,
    settings: &Settings,
    now: DateTime<Utc>,
    days: u32,
    runs: u32,
    seed: u64,
) -> Result<Computed> {
    let cases = tx.cases(&CaseFilter::default())?;
    let people = tx.advocates()?;
    let away = away_days(tx)?;
    let model = settings.clone();
    let eval: Evaluate<DatedFire> = Arc::new(move |snap| match snap {
        AccountSnapshot::Account(s) => forecast::dated_fires(&model, &s, now, days),
        AccountSnapshot::Orphan { event, .. } => forecast::orphan_fire(&model, event, now)
            .into_iter()
            .collect(),
    });
    let mut fires = Vec::new();
    let mut snaps = tx.account_snapshots(settings, eval)?;
    while let Some(batch) = snaps.next_batch()? {
        fires.extend(batch);
    }
    drop(snaps);
    let plan = forecast::plan(
        settings,
        &Inputs {
            now,
            days,
            runs,
            seed,
            cases: &cases,
            fires: &fires,
            people: &people,
            away: &away,
        },
    );
    Ok(Computed {
        forecast: forecast::simulate(&plan),
        people: plan.people.len(),
        fires,
    })
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let mut store = ctx.open()?;
    let mut tx = store.read()?;
    let settings = tx.settings()?;
    let c = compute(&mut tx, &settings, ctx.now, args.days, args.runs, args.seed)?;
    drop(tx);
    let json = Value::Array(rows_json(&c, ctx.now.date_naive(), args.days));
    if ctx.format != Format::Table {
        return ctx.emit(&Table::default(), &json);
    }
    let width = ctx.terminal.map_or(80, |(w, _)| usize::from(w)).max(60);
    let mut text = format!(
        "Forecast from {}: {} days, {} runs, seed {}.\n{} advocate(s) pick from the queues.\n",
        smb::output::rfc3339(ctx.now),
        args.days,
        args.runs,
        args.seed,
        c.people
    );
    if c.forecast.rows.is_empty() {
        text.push_str("No queue has cases waiting or expected.\n");
    }
    for queue in queues(&c.forecast) {
        text.push('\n');
        text.push_str(&chart(&c.forecast, &queue, width, ctx.color));
    }
    let assigned = c.fires.iter().filter(|f| f.queue == ASSIGNED).count();
    if assigned > 0 {
        text.push_str(&format!(
            "\n{assigned} dated cases go straight to a person (not queued).\n"
        ));
    }
    ctx.out
        .write_all(text.as_bytes())
        .map_err(|e| Error::io("cannot write output", e))
}

/// The simulated queues, in order.
pub fn queues(f: &Forecast) -> Vec<String> {
    let mut q: Vec<String> = f.rows.iter().map(|r| r.queue.clone()).collect();
    q.sort();
    q.dedup();
    q
}

/// The rows of every priority of `queue`, one per day.
pub fn totals<'a>(f: &'a Forecast, queue: &'a str) -> impl Iterator<Item = &'a Row> {
    f.rows
        .iter()
        .filter(move |r| r.queue == queue && r.priority.is_none())
}

/// A text chart of one queue: per day the depth at the day's end (█ to p10, ▓ to p50, ░ to
/// p90) and the numbers; breaches in red on a terminal.
pub fn chart(f: &Forecast, queue: &str, width: usize, color: bool) -> String {
    let rows: Vec<&Row> = totals(f, queue).collect();
    let max = rows.iter().map(|r| r.depth.p90).max().unwrap_or(0).max(1);
    let mut out = format!("{queue}: cases waiting at the day's end (p10 █ p50 ▓ p90 ░)\n");
    let labels: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{:>4} ({}-{})  breaches {} ({}-{})",
                r.depth.p50,
                r.depth.p10,
                r.depth.p90,
                r.breaches.p50,
                r.breaches.p10,
                r.breaches.p90
            )
        })
        .collect();
    let label_width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    // "2026-03-02 Mon |" + bar + "| " + label
    let bar_width = width.saturating_sub(16 + 2 + label_width + 1).max(10);
    let scale = |n: u32| (n as usize * bar_width).div_ceil(max as usize);
    for (r, label) in rows.iter().zip(labels) {
        let (a, b, c) = (scale(r.depth.p10), scale(r.depth.p50), scale(r.depth.p90));
        let bar = format!(
            "{}{}{}{}",
            "█".repeat(a),
            "▓".repeat(b - a),
            "░".repeat(c - b),
            " ".repeat(bar_width - c)
        );
        let label = if color && r.breaches.p50 > 0 {
            console::style(label).red().to_string()
        } else {
            label
        };
        out.push_str(&format!("{} {} |{bar}| {label}\n", r.date, weekday(r.date)));
    }
    out
}

fn weekday(d: NaiveDate) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d.weekday().num_days_from_monday() as usize]
}

fn spread_json(s: &Spread) -> Value {
    json!({"mean": smb::domain::report::round2(s.mean), "p10": s.p10, "p50": s.p50, "p90": s.p90})
}

/// The per-day rows of `--format json` (README "JSON shapes").
pub fn rows_json(c: &Computed, today: NaiveDate, days: u32) -> Vec<Value> {
    let mut out: Vec<Value> = c
        .forecast
        .rows
        .iter()
        .map(|r| {
            json!({
                "date": r.date.to_string(),
                "queue": r.queue,
                "priority": r.priority.map_or("all", |p| p.as_str()),
                "dated": r.dated,
                "inbound": smb::domain::report::round2(r.inbound),
                "arrivals": spread_json(&r.arrivals),
                "picks": spread_json(&r.picks),
                "depth": spread_json(&r.depth),
                "breaches": spread_json(&r.breaches),
            })
        })
        .collect();
    for day in 0..days {
        for p in smb::domain::case::Priority::ALL {
            let n = c
                .fires
                .iter()
                .filter(|f| f.queue == ASSIGNED && f.day == day && f.priority == *p)
                .count();
            if n > 0 {
                let s = json!({"mean": n, "p10": n, "p50": n, "p90": n});
                out.push(json!({
                    "date": (today + chrono::Days::new(u64::from(day))).to_string(),
                    "queue": ASSIGNED, "priority": p.as_str(), "dated": n, "inbound": 0.0,
                    "arrivals": s, "picks": null, "depth": null, "breaches": null,
                }));
            }
        }
    }
    out
}
