//! `smb report picks [--since --until]` (SPEC §12): pick discipline per person. The store
//! lists the picks from the history, the domain counts them (src/domain/picks.rs).

use serde_json::{Value, json};

use super::Ctx;
use super::report::{hours, window_text};
use smb::Result;
use smb::domain::picks::tally;
use smb::domain::report::Window;
use smb::domain::sla;
use smb::output::{Format, Table};
use smb::store::{Ops, Store};

pub(super) fn picks(ctx: &mut Ctx, mut store: Store, window: Window) -> Result<()> {
    let mut tx = store.read()?;
    let settings = tx.settings()?;
    let records = tx.pick_records(&window)?;
    drop(tx);
    // Hours waited as report sla counts hours to pick-up: calendar (digital) or the queue's
    // business hours (pooled).
    let waited: Vec<_> = records
        .into_iter()
        .map(|r| {
            let h = r.waited_since.map(|since| {
                sla::elapsed_hours(&settings, r.queue.as_deref().unwrap_or("AMER"), since, r.at)
            });
            (r, h)
        })
        .collect();
    let lines = tally(&waited);
    let mut t = Table::new(&[
        "person",
        "head",
        "forced",
        "own",
        "transfers",
        "median_wait_hours",
        "p90_wait_hours",
    ]);
    let mut json = Vec::new();
    for l in &lines {
        t.push(vec![
            l.person.clone(),
            l.head.to_string(),
            l.forced.to_string(),
            l.own.to_string(),
            l.transfers.to_string(),
            hours(l.median_wait_hours),
            hours(l.p90_wait_hours),
        ]);
        if l.forced > 0 {
            t.mark(2);
        }
        let reasons: Vec<Value> = l
            .reasons
            .iter()
            .map(|(id, r)| json!({"case_id": id, "reason": r}))
            .collect();
        json.push(json!({
            "person": l.person,
            "head": l.head,
            "forced": l.forced,
            "forced_reasons": if ctx.format == Format::Csv {
                Value::String(l.reasons.iter().map(|(id, r)| format!("#{id}: {r}")).collect::<Vec<_>>().join("; "))
            } else {
                Value::Array(reasons)
            },
            "own": l.own,
            "transfers": l.transfers,
            "median_wait_hours": l.median_wait_hours,
            "p90_wait_hours": l.p90_wait_hours,
        }));
    }
    if ctx.format != Format::Table {
        return ctx.emit(&t, &Value::Array(json));
    }
    if lines.is_empty() {
        return ctx.say(format!("No picks {}.", window_text(&window)));
    }
    ctx.say(format!("Picks {}:", window_text(&window)))?;
    ctx.emit(&t, &Value::Null)?;
    let forced: Vec<_> = lines
        .iter()
        .flat_map(|l| l.reasons.iter().map(move |(id, r)| (&l.person, id, r)))
        .collect();
    if !forced.is_empty() {
        ctx.say("Forced picks:")?;
        for (who, id, r) in forced {
            ctx.say(format!("  {who}: case #{id}: {r}"))?;
        }
    }
    Ok(())
}
