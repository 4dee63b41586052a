//! `smb import KIND FILE --plan` (SPEC §12): what the import would do, and the cases a trigger
//! run right after it would create. `import.rs` runs the import and the trigger run's own code
//! in one transaction and rolls it back; this file says what they did.

use serde_json::{Value, json};

use super::Ctx;
use super::import::Plan;
use smb::Result;
use smb::domain::case::Case;
use smb::domain::model::Settings;
use smb::domain::plan::Place;
use smb::output::{Format, Table};

pub(super) fn report(ctx: &mut Ctx, settings: &Settings, mut plan: Plan<'_>) -> Result<()> {
    plan.moves.sort_by(|a, b| a.account_id.cmp(&b.account_id));
    // By trigger, then account and opportunity (a run creates them in account order).
    plan.cases.sort_by(|a, b| {
        (&a.trigger, &a.account_id, &a.opportunity_id).cmp(&(
            &b.trigger,
            &b.account_id,
            &b.opportunity_id,
        ))
    });
    let s = plan.sum;
    let place = |p: &Place| json!({"in_segment": p.in_segment, "tier": p.tier.map(|t| t.number())});
    let cases: Vec<Value> = plan.cases.iter().map(case_json).collect();
    if ctx.format == Format::Csv {
        // CSV is one table: the cases.
        return ctx.emit(&Table::default(), &Value::Array(cases));
    }
    if ctx.format != Format::Table {
        let moves: Vec<Value> = plan
            .moves
            .iter()
            .map(|m| {
                json!({
                    "account_id": m.account_id,
                    "from": place(&m.from),
                    "to": place(&m.to),
                    "mid_market_on": m.to.mid_market_on.map(|d| d.to_string()),
                })
            })
            .collect();
        return ctx.emit(
            &Table::default(),
            &json!({
                "counts": {
                    "rows": s.rows,
                    "inserted": s.inserted,
                    "updated": s.updated,
                    "unchanged": s.unchanged,
                    "rejected": s.rejected,
                },
                "tier_changes": moves,
                "cases": cases,
            }),
        );
    }
    ctx.say(format!(
        "Plan (nothing was written): {}: {} {}: {} inserted, {} updated, {} unchanged, {} rejected",
        plan.name,
        s.rows,
        if s.rows == 1 { "row" } else { "rows" },
        s.inserted,
        s.updated,
        s.unchanged,
        s.rejected
    ))?;
    if !plan.moves.is_empty() {
        ctx.say(format!(
            "Accounts changing tier or segment: {}",
            plan.moves.len()
        ))?;
        let mut t = Table::new(&["account", "from", "to"]);
        for m in &plan.moves {
            t.push(vec![
                m.account_id.clone(),
                m.from.label(settings.model),
                m.to.label(settings.model),
            ]);
        }
        ctx.emit(&t, &Value::Null)?;
    }
    ctx.say(format!(
        "A trigger run right after it would create {} case{}{}",
        plan.cases.len(),
        if plan.cases.len() == 1 { "" } else { "s" },
        if plan.cases.is_empty() { "." } else { ":" }
    ))?;
    if plan.cases.is_empty() {
        return Ok(());
    }
    let mut t = Table::new(&["trigger", "account", "opportunity", "priority", "queue"]);
    for c in &plan.cases {
        t.push(vec![
            c.trigger.clone(),
            c.account_id.clone().unwrap_or_default(),
            c.opportunity_id.clone().unwrap_or_default(),
            c.priority.to_string(),
            match (&c.owner, &c.queue) {
                (Some(o), _) => format!("(owner {o})"),
                (None, Some(q)) => q.clone(),
                (None, None) => String::new(),
            },
        ]);
    }
    ctx.emit(&t, &Value::Null)
}

/// A planned case as the plan shows it (SPEC §12: exactly these keys).
fn case_json(c: &Case) -> Value {
    json!({
        "trigger": c.trigger,
        "account_id": c.account_id,
        "opportunity_id": c.opportunity_id,
        "priority": c.priority.as_str(),
        // A case routed to a person shows no queue (it keeps its account's, for its SLA clock).
        "queue": if c.owner.is_some() { None } else { c.queue.as_deref() },
    })
}
