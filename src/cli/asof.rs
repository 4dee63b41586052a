//! `--as-of DATETIME` on `queue list`, `case show` and `report sla` (SPEC §12): what was true
//! at a past moment, rebuilt from the history (`domain::asof`), printed as the command printed
//! it then (the clock of the command is set to that moment).

use chrono::{DateTime, Utc};
use hashbrown::HashMap;

use super::Ctx;
use smb::domain::asof::{case_at, in_queue};
use smb::domain::case::Case;
use smb::domain::model::Settings;
use smb::domain::queue;
use smb::store::{Ops, Tx};
use smb::{Error, Result};

/// Parses `--as-of`: RFC 3339, or a bare date meaning 00:00 UTC (as `--now`).
pub fn parse(s: &str) -> std::result::Result<DateTime<Utc>, String> {
    smb::import::values::datetime(s).map_err(|_| {
        format!("{s:?}: expected RFC 3339 (2026-03-02T14:00:00Z) or a date YYYY-MM-DD")
    })
}

/// Moves the command's clock to `at`; a moment after now is refused (exit 2).
pub fn travel(ctx: &mut Ctx, at: DateTime<Utc>) -> Result<()> {
    if at > ctx.now {
        return Err(Error::invalid(format!(
            "--as-of {}: that is after now ({}); --as-of looks at the past",
            smb::output::rfc3339(at),
            smb::output::rfc3339(ctx.now)
        )));
    }
    ctx.now = at;
    Ok(())
}

/// The cases changed after `at`, each as it stood at `at` (`None`: not created yet), by id.
pub fn rebuilt(tx: &mut Tx<'_>, at: DateTime<Utc>) -> Result<HashMap<i64, Option<Case>>> {
    Ok(tx
        .cases_changed_after(at)?
        .into_iter()
        .map(|(c, h)| (c.id, case_at(&c, &h, at).map(|(c, _)| c)))
        .collect())
}

/// The queue `queue_name` at `at`, in order, and the day the next deferred case came back:
/// the cases unchanged since stand as they are, the changed ones are rebuilt.
pub fn queue_at(
    tx: &mut Tx<'_>,
    settings: &Settings,
    queue_name: &str,
    at: DateTime<Utc>,
) -> Result<(Vec<Case>, Option<chrono::NaiveDate>)> {
    let queues = queue::stored_queues(settings, queue_name);
    let today = at.date_naive();
    let changed = rebuilt(tx, at)?;
    let mut cases: Vec<Case> = tx
        .queue(&queues, settings.queue_order(), today, None)?
        .into_iter()
        .filter(|c| !changed.contains_key(&c.id))
        .collect();
    // The day the next deferred case comes back: from today's rows (README: a case changed
    // since may still count) and the rebuilt ones.
    let mut next = tx.next_deferred(&queues, today)?;
    for c in changed.into_values().flatten() {
        if in_queue(&c, &queues, today) {
            cases.push(c);
        } else if c.next_steps_date.is_some_and(|d| d > today) {
            let mut back = c.clone();
            back.next_steps_date = None;
            if in_queue(&back, &queues, today) {
                next = next.min(c.next_steps_date).or(c.next_steps_date);
            }
        }
    }
    cases.sort_by(|a, b| queue::compare(settings.queue_order(), a, b));
    Ok((cases, next))
}
