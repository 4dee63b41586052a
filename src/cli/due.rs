//! The explained due instant of `smb case show` (SPEC §11.4): where the clock started, the
//! business hours counted each day, the weekends and holidays skipped, a clock change crossed.

use chrono::NaiveTime;
use serde_json::{Value, json};

use smb::domain::case::Case;
use smb::domain::holidays::label;
use smb::domain::model::Settings;
use smb::domain::sla::{self, DayOff, DueExplanation, Step};
use smb::output::rfc3339;

/// Why case `c`'s pick-up SLA is due when `work::sla_due` says (same inputs).
pub fn explain(settings: &Settings, c: &Case) -> DueExplanation {
    sla::explain_due(
        settings,
        c.priority,
        c.queue.as_deref().unwrap_or("AMER"),
        c.queued_at.unwrap_or(c.created_at),
    )
}

/// The lines `case show` prints under "Pick-up SLA".
pub fn lines(e: &DueExplanation) -> Vec<String> {
    let Some((zone, region, hours)) = &e.business else {
        return vec![format!(
            "  Started {}; target {} h, calendar time: due {}.",
            utc(e.started),
            e.target_hours,
            utc(e.due)
        )];
    };
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::UTC);
    let local = |t: chrono::DateTime<chrono::Utc>| {
        t.with_timezone(&tz)
            .format("%A %Y-%m-%d %H:%M %Z")
            .to_string()
    };
    let mut out = vec![format!(
        "  Started {}; target {} business hours, {region} {hours} Monday-Friday, {zone}{}:",
        local(e.started),
        e.target_hours,
        if e.both_queues {
            " (the earlier of the AMER and EMEA due instants)"
        } else {
            ""
        }
    )];
    for s in &e.steps {
        out.push(match s {
            Step::Counted { day, from, to } => format!(
                "    {}: {}-{}, {} counted",
                day.format("%a %Y-%m-%d"),
                from.format("%H:%M"),
                to.format("%H:%M"),
                span(*from, *to)
            ),
            Step::Skipped { day, why } => format!(
                "    {}: skipped, {}",
                day.format("%a %Y-%m-%d"),
                match why {
                    DayOff::Weekend => "weekend".to_string(),
                    DayOff::Holiday(name) => format!("{region} holiday ({})", label(name)),
                }
            ),
        });
    }
    for c in &e.clock_changes {
        out.push(format!(
            "    Clock change on {}: {} to {} (business hours stay local hours).",
            c.day.format("%a %Y-%m-%d"),
            c.before,
            c.after
        ));
    }
    out.push(format!("  Due {}.", local(e.due)));
    out
}

fn utc(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn minutes(from: NaiveTime, to: NaiveTime) -> i64 {
    (to - from).num_minutes()
}

/// "2 h", "1 h 30 min".
fn span(from: NaiveTime, to: NaiveTime) -> String {
    let m = minutes(from, to);
    match (m / 60, m % 60) {
        (h, 0) => format!("{h} h"),
        (0, m) => format!("{m} min"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// The `sla_explanation` object `case show --format json` adds after `history`.
pub fn json(e: &DueExplanation) -> Value {
    let days: Vec<Value> = e
        .steps
        .iter()
        .map(|s| match s {
            Step::Counted { day, from, to } => json!({
                "date": day.to_string(),
                "counted_from": from.format("%H:%M").to_string(),
                "counted_to": to.format("%H:%M").to_string(),
                "hours": minutes(*from, *to) as f64 / 60.0,
            }),
            Step::Skipped { day, why } => json!({
                "date": day.to_string(),
                "skipped": match why {
                    DayOff::Weekend => "weekend",
                    DayOff::Holiday(_) => "holiday",
                },
                "holiday": match why {
                    DayOff::Holiday(n) => Some(label(n).to_string()),
                    DayOff::Weekend => None,
                },
            }),
        })
        .collect();
    let (zone, region, hours) = match &e.business {
        Some((z, r, h)) => (Some(z.clone()), Some(r.as_str()), Some(h.to_string())),
        None => (None, None, None),
    };
    json!({
        "started_at": rfc3339(e.started),
        "due_at": rfc3339(e.due),
        "target_hours": e.target_hours,
        "clock": if e.business.is_some() { "business" } else { "calendar" },
        "region": region,
        "time_zone": zone,
        "business_hours": hours,
        "days": days,
        "clock_changes": e.clock_changes.iter().map(|c| json!({
            "date": c.day.to_string(), "before": c.before, "after": c.after,
        })).collect::<Vec<_>>(),
    })
}
