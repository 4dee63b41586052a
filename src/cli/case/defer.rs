//! `smb case defer ID --until DATE --next-steps TEXT`: back to the queue, hidden until DATE
//! (SPEC §4.3, the seed's "open to a conversation in 6 months").

use super::Ctx;
use crate::cli::work::{apply, authorize_change, emit_case, label, load_case, parse_date};
use smb::domain::change;
use smb::domain::routing::return_queue;
use smb::store::Ops;
use smb::{Error, Result};

/// Put a case back in the queue, hidden until a date; any advocate may pick it then.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb case defer 42 --until +6m --next-steps \"Open to Ultimate in 6 months\"\n\nThe case becomes Open without owner and reappears in its queue on DATE, queued as of\nDATE 00:00 in your time zone; its SLA clock starts again then."
)]
pub struct Args {
    /// The case id
    #[arg(value_name = "ID", value_parser = crate::cli::case_id)]
    id: i64,
    /// The day the case comes back to the queue, after today: YYYY-MM-DD, tomorrow, +3d, +2w,
    /// +6m or a weekday
    #[arg(long, value_name = "DATE")]
    until: String,
    /// What to do when it comes back
    #[arg(long, value_name = "TEXT")]
    next_steps: String,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    // Opened first: the profile's time zone decides what today is.
    let mut store = ctx.open()?;
    let today = ctx.today();
    let until = parse_date(today, "--until", &args.until)?;
    if until <= today {
        return Err(Error::invalid(format!(
            "--until {until} is not after today ({today}): give a future date, or leave the case in progress"
        )));
    }
    let next_steps = args.next_steps.trim();
    if next_steps.is_empty() {
        return Err(Error::invalid(
            "--next-steps is empty: say what to do when the case comes back",
        ));
    }
    let now = ctx.now;
    let mut tx = store.write()?;
    let settings = tx.settings()?;
    let before = load_case(&mut tx, args.id)?;
    authorize_change(&mut tx, &ctx.user, &before, "defer")?;
    // back at the start of DATE in the deferring person's time zone
    let back = ctx.local_midnight(until);
    let account = match &before.account_id {
        Some(id) => tx.account(id)?,
        None => None,
    };
    let queue = return_queue(&settings, account.as_ref(), before.queue.as_deref());
    let change = change::defer(&before, until, back, next_steps, queue, &ctx.user, now)?;
    apply(&mut tx, &change)?;
    let c = change.after;
    tx.commit()?;
    let line = format!(
        "Deferred {} until {}: it is Open without owner and reappears in the {} queue then.",
        label(&c),
        until.format("%A %Y-%m-%d"),
        c.queue.as_deref().unwrap_or("-")
    );
    emit_case(ctx, &c, &line)
}
