//! `smb case update ID …`: next steps, account, contact, opportunity, reason, feedback
//! (SPEC §4.3, §5 "attach an account").

use super::Ctx;
use crate::cli::work::{apply, authorize_change, emit_case, label, load_case, parse_date};
use smb::domain::case::{CaseReason, Status};
use smb::domain::change;
use smb::domain::routing::return_queue;
use smb::domain::workflow::check_link;
use smb::store::Ops;
use smb::{Error, Result};

/// Change a case: next steps (mandatory while In Progress), links, reason, feedback.
#[derive(Debug, clap::Args)]
#[command(
    after_help = format!("{}\n\nCase reasons (--reason, any case): {}", "Examples:\n  smb case update 42 --next-steps \"Quote sent, call Thursday\" --next-steps-date 2026-03-05\n  smb case update 17 --account ACC-0017      # attach an account to an unknown sender's email\n  smb case update 42 --opportunity OPP-00025 --reason \"Renewal\"\n  smb case update 42 --feedback \"Customer wants a monthly plan\"", smb::domain::case::CaseReason::list())
)]
pub struct Args {
    /// The case id
    #[arg(value_name = "ID", value_parser = crate::cli::case_id)]
    id: i64,
    /// What happens next (cannot be emptied while the case is In Progress)
    #[arg(long, value_name = "TEXT")]
    next_steps: Option<String>,
    /// When the next steps are due: YYYY-MM-DD, today, tomorrow, +3d, +2w, +6m or a weekday
    #[arg(long, value_name = "DATE")]
    next_steps_date: Option<String>,
    /// Accept a next-steps date in the past
    #[arg(long)]
    force: bool,
    /// Attach the case to an account (moves an unowned Open case to that account's queue)
    #[arg(long, value_name = "ID")]
    account: Option<String>,
    /// The customer contact (also sets the account when the case has none)
    #[arg(long, value_name = "ID")]
    contact: Option<String>,
    /// The related opportunity
    #[arg(long, value_name = "ID")]
    opportunity: Option<String>,
    /// Case reason, e.g. "Renewal" (the list is below)
    #[arg(long, value_name = "TEXT", value_parser = crate::cli::values::reasons(), hide_possible_values = true)]
    reason: Option<String>,
    /// Feedback on the case or the model
    #[arg(long, value_name = "TEXT")]
    feedback: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    if args.next_steps.is_none()
        && args.next_steps_date.is_none()
        && args.account.is_none()
        && args.contact.is_none()
        && args.opportunity.is_none()
        && args.reason.is_none()
        && args.feedback.is_none()
    {
        return Err(Error::invalid(
            "nothing to update: pass --next-steps, --next-steps-date, --account, --contact, --opportunity, --reason or --feedback",
        ));
    }
    // Opened first: the profile's time zone decides what today is.
    let mut store = ctx.open()?;
    let ns_date = args
        .next_steps_date
        .as_deref()
        .map(|d| parse_date(ctx.today(), "--next-steps-date", d))
        .transpose()?;
    crate::cli::work::check_next_steps_date(ns_date, ctx.today(), args.force)?;
    let reason: Option<CaseReason> = args.reason.as_deref().map(str::parse).transpose()?;
    let now = ctx.now;
    let mut tx = store.write()?;
    let settings = tx.settings()?;
    let before = load_case(&mut tx, args.id)?;
    authorize_change(&mut tx, &ctx.user, &before, "update")?;
    let mut c = before.clone();

    if let Some(n) = &args.next_steps {
        let n = n.trim();
        if n.is_empty() {
            if c.status == Status::InProgress {
                return Err(Error::refused(format!(
                    "{} is In Progress: next steps are mandatory and cannot be cleared. Give the new next steps, or defer (`smb case defer`) or close (`smb close`) the case",
                    label(&c)
                )));
            }
            c.next_steps = None;
        } else {
            c.next_steps = Some(n.to_string());
        }
    }
    if ns_date.is_some() {
        c.next_steps_date = ns_date;
    }
    let mut account_id = args.account.as_deref().map(str::trim).map(str::to_string);
    if let Some(id) = &args.contact {
        let contact = tx.contact(id)?.ok_or_else(|| {
            Error::invalid(format!(
                "unknown contact {id:?}: import contacts first, or check the id"
            ))
        })?;
        if account_id.is_none() && c.account_id.is_none() {
            account_id = Some(contact.account_id.clone());
        }
        c.contact_id = Some(contact.id);
    }
    if let Some(id) = &account_id {
        let account = tx.account(id)?.ok_or_else(|| {
            Error::invalid(format!(
                "unknown account {id:?}: import accounts first, or check the id"
            ))
        })?;
        c.account_id = Some(account.id.clone());
        // The account's queue for good, whoever owns the case now (SPEC §3.3 item 4).
        c.queue = Some(return_queue(&settings, Some(&account), c.queue.as_deref()));
    }
    if let Some(id) = &args.opportunity {
        let o = tx.opportunity(id)?.ok_or_else(|| {
            Error::invalid(format!(
                "unknown opportunity {id:?}: import opportunities first, or check the id"
            ))
        })?;
        if c.account_id.is_none() {
            let account = tx.account(&o.account_id)?;
            c.account_id = Some(o.account_id.clone());
            c.queue = Some(return_queue(
                &settings,
                account.as_ref(),
                c.queue.as_deref(),
            ));
        }
        c.opportunity_id = Some(o.id);
    }
    // The links belong to the case's account (SPEC §7.2): checked once the account is known.
    if let Some(account) = c.account_id.clone() {
        if args.contact.is_some()
            && let Some(id) = &c.contact_id
            && let Some(k) = tx.contact(id)?
        {
            check_link("contact", id, &k.account_id, &account)?;
        }
        if args.opportunity.is_some()
            && let Some(id) = &c.opportunity_id
            && let Some(o) = tx.opportunity(id)?
        {
            check_link("opportunity", id, &o.account_id, &account)?;
        }
    }
    if reason.is_some() {
        c.case_reason = reason;
    }
    if let Some(f) = &args.feedback {
        c.feedback = Some(f.trim().to_string()).filter(|f| !f.is_empty());
    }

    let change = change::update(&before, c, &ctx.user, now);
    apply(&mut tx, &change)?;
    let c = change.after;
    let changed = change
        .history
        .iter()
        .filter(|h| h.action == "updated")
        .count();
    tx.commit()?;
    let moved = if before.queue != c.queue {
        format!(
            " It moved to the {} queue.",
            c.queue.as_deref().unwrap_or("-")
        )
    } else {
        String::new()
    };
    if changed == 0
        && before.next_steps == c.next_steps
        && before.next_steps_date == c.next_steps_date
    {
        return emit_case(ctx, &c, &format!("Nothing changed on {}.", label(&c)));
    }
    if c.status == Status::InProgress && (c.next_steps.is_none() || c.next_steps_date.is_none()) {
        ctx.warn(format!(
            "{} is In Progress without next steps or their date: add both (`--next-steps TEXT --next-steps-date DATE`)",
            label(&c)
        ));
    }
    let due = if ns_date.is_some() {
        crate::cli::work::due_text(c.next_steps_date)
    } else {
        String::new()
    };
    emit_case(ctx, &c, &format!("Updated {}.{moved}{due}", label(&c)))
}
