//! `smb pick [ID]`: take the head of your queue, or a case, and start work (SPEC §4.2).
//!
//! The whole pick is one BEGIN IMMEDIATE transaction: the head is read, the rules checked and
//! the case claimed under the write lock, so two people picking at the same moment never get
//! the same case (the second waits and then sees the next head).

use super::Ctx;
use super::work::{empty_queue_hint, label, no_profile, parse_date, sla_due};
use smb::domain::model::Model;
use smb::domain::pick::{Pick, PickQuery, PickRequest, at_capacity, decide_pick};
use smb::domain::sla;
use smb::output::Format;
use smb::store::{Applied, Ops};
use smb::{Error, Result};

/// Take the head of your queue (or case ID) and start work on it.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb pick\n  smb pick 42\n  smb pick 57 --force --reason \"customer asked for me by name\"\n  smb pick --next-steps \"Send renewal quote\" --next-steps-date 2026-03-04\n\nOnly the head of your queue may be picked, unless --force --reason (recorded in the history).\nA case assigned to you (Open, owner = you) is started without --force. digital: at 50 In\nProgress cases you are at capacity. pooled: a case on an account where someone else owns an\nopen case or an active Upgrade opportunity is transferred to them instead."
)]
pub struct Args {
    /// The case to pick [default: the head of your queue]
    #[arg(value_name = "ID", value_parser = crate::cli::case_id)]
    id: Option<i64>,
    /// Pick a case that is not the head of your queue (needs --reason)
    #[arg(long, requires = "reason")]
    force: bool,
    /// Why the queue order is overridden (recorded in the history)
    #[arg(long, requires = "force", value_name = "TEXT")]
    reason: Option<String>,
    /// Next steps to record on the case
    #[arg(long, value_name = "TEXT")]
    next_steps: Option<String>,
    /// When the next steps are due: YYYY-MM-DD, today, tomorrow, +3d, +2w, +6m or a weekday
    /// (a past date needs --force)
    #[arg(long, value_name = "DATE")]
    next_steps_date: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    // Who acts and their time zone (what today is) are read in the pick's own transaction.
    let mut store = ctx.open_unresolved()?;
    let mut tx = store.write()?;
    ctx.resolve_identity(&mut tx)?;
    let ns_date = args
        .next_steps_date
        .as_deref()
        .map(|d| parse_date(ctx.today(), "--next-steps-date", d))
        .transpose()?;
    super::work::check_next_steps_date(ns_date, ctx.today(), args.force)?;
    let req = PickRequest {
        case: args.id,
        force_reason: args.reason.clone().filter(|_| args.force),
        next_steps: args
            .next_steps
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        next_steps_date: ns_date,
    };
    let now = ctx.now;
    let settings = tx.settings()?;
    let mut view = tx.pick_view(&PickQuery::new(&settings, &ctx.user, args.id, now))?;
    // SPEC §1.2, §4.2: a pooled case transfers to the owner of an Upgrade opportunity only
    // when a profile answers to that owner (the CRM's names include people without one).
    let mut opps = std::mem::take(&mut view.account_opportunities);
    for o in opps.drain(..) {
        let someone = match o.owner.as_deref() {
            Some(n) if settings.model == Model::Pooled && o.is_open() && o.is_upgrade() => {
                tx.advocate(n)?.is_some()
            }
            _ => true,
        };
        if someone {
            view.account_opportunities.push(o);
        }
    }
    let Some(me) = view.me.clone() else {
        return Err(no_profile(&mut tx, &ctx.user, "pick cases"));
    };
    let change = match decide_pick(&view, &me, &req, &settings, now)? {
        Pick::Nothing { queue } => {
            if ctx.format == Format::Table {
                let hint = empty_queue_hint(&mut tx, &settings, &queue, now)?;
                return ctx.say(format!("Nothing to pick. {hint}"));
            }
            return ctx.emit(&smb::output::Table::new(&["id"]), &serde_json::Value::Null);
        }
        Pick::Transfer { change, to, why } => {
            super::work::apply(&mut tx, &change)?;
            tx.commit()?;
            let c = change.after;
            ctx.warn(format!(
                "case #{} was not picked: it was transferred to {to} because {why} (pooled playbook). Run `smb pick` again for the next case",
                c.id
            ));
            let line = format!("Transferred case #{} to {to}.", c.id);
            return super::work::emit_case(ctx, &c, &line);
        }
        Pick::Claim(change) => change,
    };
    match tx.apply(&change)? {
        Applied::Done => tx.commit()?,
        Applied::AtCapacity { in_progress } => return Err(at_capacity(&me, in_progress)),
        Applied::Conflict => {
            return Err(Error::refused(format!(
                "case #{} was taken by someone else a moment ago; run `smb pick` again",
                change.before.id
            )));
        }
    }
    let (case, picked) = (&change.before, &change.after);
    let due = sla_due(&settings, picked);
    let sla = if case.queued_at.is_none() && case.owner.is_some() {
        String::new()
    } else if !sla::is_breached(due, now) {
        format!(" within its SLA, due {}", ctx.time_hint(due))
    } else {
        format!(" after its SLA ran out {}", ctx.time_hint(due))
    };
    if picked.next_steps.is_none() || picked.next_steps_date.is_none() {
        ctx.warn(format!(
            "next steps are mandatory while a case is In Progress: smb case update {} --next-steps TEXT --next-steps-date DATE",
            picked.id
        ));
    }
    let line = format!(
        "Picked {}{sla}. It is yours and In Progress; Day 1 of the cadence: email the customer today.{}",
        label(picked),
        if ns_date.is_some() {
            super::work::due_text(picked.next_steps_date)
        } else {
            String::new()
        }
    );
    super::work::emit_case(ctx, picked, &line)
}
