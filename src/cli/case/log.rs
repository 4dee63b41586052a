//! `smb case log ID email|call [--note TEXT]`: record a touch of the cadence (SPEC §4.3).

use super::Ctx;
use crate::cli::work::{authorize_change, emit_case, label, load_case};
use smb::domain::cadence::Touch;
use smb::domain::case::HistoryEntry;
use smb::{Error, Result};

/// Record a touch (email or call) on a case.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb case log 42 email\n  smb case log 42 call --note \"Left a voicemail\"\n\nCadence from the pick (day 1): Day 1 email, Day 3 call, Day 5 email, Day 7 email."
)]
pub struct Args {
    /// The case id
    #[arg(value_name = "ID", value_parser = crate::cli::case_id)]
    id: i64,
    /// What kind of touch
    #[arg(value_parser = ["email", "call"])]
    touch: String,
    /// What happened
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// The draft of `smb case draft` was sent: the history names its template
    #[arg(long)]
    template: bool,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let touch = Touch::parse(&args.touch).expect("clap checked it");
    let mut store = ctx.open()?;
    let tx = store.write()?;
    let c = load_case(&tx, args.id)?;
    authorize_change(&tx, &ctx.user, &c, "log touches on")?;
    if c.status.is_closed() {
        return Err(Error::refused(format!(
            "{} is closed ({}); touches are logged on open cases",
            label(&c),
            c.status
        )));
    }
    let mut h = HistoryEntry::new(ctx.now, &ctx.user, "activity").change(
        "touch",
        None,
        Some(touch.as_str().to_string()),
    );
    let sent = match args.template {
        true => Some(super::draft::sent_note(ctx, &tx, &c, touch)?),
        false => None,
    };
    let note = args
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    match (sent, note) {
        (Some(s), Some(n)) => h = h.note(format!("{s}; {n}")),
        (Some(s), None) => h = h.note(s),
        (None, Some(n)) => h = h.note(n),
        (None, None) => {}
    }
    tx.append_history(c.id, &h)?;
    tx.commit()?;
    let line = format!("Logged the {} on {}.", touch.as_str(), label(&c));
    emit_case(ctx, &c, &line)
}
