//! `smb pick [ID]`: take the head of your queue, or a case, and start work (SPEC §4.2).
//!
//! The whole pick is one BEGIN IMMEDIATE transaction: the head is read, the rules checked and
//! the case claimed under the write lock, so two people picking at the same moment never get
//! the same case (the second waits and then sees the next head).

use super::Ctx;
use super::work::{label, load_case, parse_date, queue_cases, require_profile, sla_due};
use smb::domain::case::{Case, HistoryEntry, Status};
use smb::domain::model::Model;
use smb::domain::queue::caller_queue;
use smb::domain::report::ClockStop;
use smb::domain::routing::upgrade_opp_owner;
use smb::domain::sla;
use smb::output::Format;
use smb::store::Ops;
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
    // Opened first: the profile's time zone decides what today is.
    let mut store = ctx.open()?;
    let ns_date = args
        .next_steps_date
        .as_deref()
        .map(|d| parse_date(ctx.today(), "--next-steps-date", d))
        .transpose()?;
    super::work::check_next_steps_date(ns_date, ctx.today(), args.force)?;
    let next_steps = args
        .next_steps
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let now = ctx.now;
    let mut tx = store.write()?;
    let settings = tx.settings()?;
    let me = require_profile(&mut tx, &ctx.user, "pick cases")?;
    if me.role == smb::store::Role::Staff {
        return Err(Error::refused(format!(
            "{} is staff: staff create cases and read; advocates pick them",
            me.name
        )));
    }
    let my_queue = caller_queue(&settings, me.region, &me.name);
    let head = queue_cases(&mut tx, &settings, &my_queue, now, Some(1))?
        .into_iter()
        .next();
    let case = match args.id {
        Some(id) => load_case(&mut tx, id)?,
        None => match &head {
            Some(h) => h.clone(),
            None => {
                if ctx.format == Format::Table {
                    let hint = super::work::empty_queue_hint(&mut tx, &settings, &my_queue, now)?;
                    return ctx.say(format!("Nothing to pick. {hint}"));
                }
                return ctx.emit(&smb::output::Table::new(&["id"]), &serde_json::Value::Null);
            }
        },
    };

    // Who may take it.
    if case.status.is_closed() {
        return Err(Error::refused(format!(
            "{} is closed ({}); nothing was changed",
            label(&case),
            case.status
        )));
    }
    let mine = case
        .owner
        .as_deref()
        .is_some_and(|o| o.eq_ignore_ascii_case(&me.name));
    let mut forced_note = None;
    match (&case.owner, case.status) {
        (Some(o), _) if !mine => {
            return Err(Error::refused(format!(
                "{} belongs to {o} ({}); it cannot be picked. A manager reassigns it with `smb case assign {} --to NAME`",
                label(&case),
                case.status,
                case.id
            )));
        }
        (Some(_), Status::InProgress) => {
            return Err(Error::refused(format!(
                "you are already working {}; update it with `smb case update {}`",
                label(&case),
                case.id
            )));
        }
        (Some(_), _) => {} // assigned to me (routed or reassigned): start work, no --force
        (None, _) => {
            let is_head = head.as_ref().is_some_and(|h| h.id == case.id);
            if !is_head {
                let head_text = match &head {
                    Some(h) => format!("the head of your queue ({my_queue}) is case #{}", h.id),
                    None => format!("your queue ({my_queue}) is empty"),
                };
                match &args.reason {
                    Some(r) if args.force => {
                        forced_note =
                            Some(format!("forced past the queue order ({head_text}): {r}"));
                    }
                    _ => {
                        return Err(Error::refused(format!(
                            "case #{} is not the head of your queue: {head_text}. Run `smb pick` to take the head, or `smb pick {} --force --reason TEXT` to override (recorded in the history)",
                            case.id, case.id
                        )));
                    }
                }
            }
        }
    }

    // Capacity.
    match settings.model {
        Model::Digital => {
            let n = tx.in_progress_count(&me.name)?;
            if n >= i64::from(me.capacity) {
                return Err(Error::refused(format!(
                    "{} is at capacity: {n} In Progress cases (cap {}). Close or defer a case first (`smb today` lists yours)",
                    me.name, me.capacity
                )));
            }
        }
        // The Upgrade cap (15) caps Upgrade opportunities, never picking (SPEC §4.2
        // decision): `report capacity` and `report hygiene` flag an AE over it.
        Model::Pooled => {}
    }

    // pooled: another open case or an active Upgrade opp on the account → transfer.
    if settings.model == Model::Pooled
        && let Some(account) = case.account_id.as_deref()
    {
        let transfer = match tx.other_open_case_owner(account, case.id, &me.name)? {
            Some((owner, other)) => Some((
                owner.clone(),
                format!("{owner} owns open case #{other} on the account"),
            )),
            None => {
                let opps: Vec<_> = tx
                    .opportunities_of(account)?
                    .into_iter()
                    .filter(|o| {
                        !o.owner
                            .as_deref()
                            .is_some_and(|w| w.eq_ignore_ascii_case(&me.name))
                    })
                    .collect();
                upgrade_opp_owner(&opps).map(|o| {
                    (
                        o.to_string(),
                        format!("{o} owns an active Upgrade opportunity on the account"),
                    )
                })
            }
        };
        if let Some((to, why)) = transfer {
            let mut c = case.clone();
            c.owner = Some(to.clone());
            tx.update_case(&c)?;
            tx.append_history(
                c.id,
                &HistoryEntry::new(now, &me.name, "assigned")
                    .change("owner", case.owner.clone(), Some(to.clone()))
                    .note(format!("transferred at pick: {why}")),
            )?;
            // A reassignment while Open: the case now awaits the new owner's pick (SPEC §6.1).
            tx.end_sla_clock(c.id, now, ClockStop::Reassigned)?;
            tx.start_sla_clock(c.id, now, "reassigned")?;
            tx.notify(
                c.id,
                &to,
                smb::domain::notice::NoticeKind::Routed,
                now,
                Some(&format!("transferred by {}: {why}", me.name)),
            )?;
            tx.commit()?;
            ctx.warn(format!(
                "case #{} was not picked: it was transferred to {to} because {why} (pooled playbook). Run `smb pick` again for the next case",
                c.id
            ));
            return super::work::emit_case(
                ctx,
                &c,
                &format!("Transferred case #{} to {to}.", c.id),
            );
        }
    }

    // Claim it.
    if !tx.claim_case(case.id, &me.name, now)? {
        return Err(Error::refused(format!(
            "case #{} was taken by someone else a moment ago; run `smb pick` again",
            case.id
        )));
    }
    let mut picked = load_case(&mut tx, case.id)?;
    let mut h = HistoryEntry::new(now, &me.name, "picked").change(
        "status",
        Some(case.status.as_str().to_string()),
        Some(Status::InProgress.as_str().to_string()),
    );
    if let Some(n) = &forced_note {
        h = h.note(n.clone());
    }
    tx.append_history(case.id, &h)?;
    if !mine {
        tx.append_history(
            case.id,
            &HistoryEntry::new(now, &me.name, "picked").change(
                "owner",
                None,
                Some(me.name.clone()),
            ),
        )?;
    }
    if next_steps.is_some() || ns_date.is_some() {
        let before = picked.clone();
        if let Some(n) = next_steps {
            picked.next_steps = Some(n.to_string());
        }
        if ns_date.is_some() {
            picked.next_steps_date = ns_date;
        }
        tx.update_case(&picked)?;
        record_next_steps(&mut tx, &before, &picked, now, &me.name)?;
    }
    tx.end_sla_clock(case.id, now, ClockStop::Pick)?;
    tx.commit()?;

    let due = sla_due(&settings, &picked);
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
        label(&picked),
        if ns_date.is_some() {
            super::work::due_text(picked.next_steps_date)
        } else {
            String::new()
        }
    );
    super::work::emit_case(ctx, &picked, &line)
}

/// History entries for changed next steps (action `next_steps`).
pub fn record_next_steps(
    tx: &mut smb::store::Tx<'_>,
    before: &Case,
    after: &Case,
    now: chrono::DateTime<chrono::Utc>,
    actor: &str,
) -> Result<()> {
    if before.next_steps != after.next_steps {
        tx.append_history(
            after.id,
            &HistoryEntry::new(now, actor, "next_steps").change(
                "next_steps",
                before.next_steps.clone(),
                after.next_steps.clone(),
            ),
        )?;
    }
    if before.next_steps_date != after.next_steps_date {
        tx.append_history(
            after.id,
            &HistoryEntry::new(now, actor, "next_steps").change(
                "next_steps_date",
                before.next_steps_date.map(|d| d.to_string()),
                after.next_steps_date.map(|d| d.to_string()),
            ),
        )?;
    }
    Ok(())
}
