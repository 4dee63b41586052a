//! `smb case log ID email|call [--note TEXT]`: record a touch of the cadence (SPEC §4.3).

use super::Ctx;
use crate::cli::work::{apply, authorize_change, emit_case, label, load_case};
use smb::Result;
use smb::domain::cadence::Touch;
use smb::domain::change;
use smb::store::Ops;

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
    let mut tx = store.write()?;
    let c = load_case(&mut tx, args.id)?;
    authorize_change(&mut tx, &ctx.user, &c, "log touches on")?;
    // `--template`: the history says which draft was sent, before the advocate's own note.
    let sent = match args.template && !c.status.is_closed() {
        true => Some(super::draft::sent_note(ctx, &mut tx, &c, touch)?),
        false => None,
    };
    let note = args
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let note = match (sent, note) {
        (Some(s), Some(n)) => Some(format!("{s}; {n}")),
        (Some(s), None) => Some(s),
        (None, n) => n.map(str::to_string),
    };
    let change = change::touch(&c, touch, note.as_deref(), &ctx.user, ctx.now)?;
    apply(&mut tx, &change)?;
    tx.commit()?;
    let line = format!("Logged the {} on {}.", touch.as_str(), label(&c));
    emit_case(ctx, &c, &line)
}
