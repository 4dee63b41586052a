//! `smb case assign ID --to NAME [--reason language|pto|other]`: hand a case over (SPEC §4.3).

use super::Ctx;
use crate::cli::work::{
    actor, apply, emit_case, label, load_case, resolve_person, with_profile_hint,
};
use smb::Result;
use smb::domain::{change, people};
use smb::store::Ops;

/// Reassign a case to another advocate (a manager's job, or a PTO cover).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb case assign 42 --to \"Lena Fischer\" --reason language\n  smb case assign 42 --to \"Dana Reyes\" --reason pto\n\n--reason language adds #languagebarrier to the case feedback. The assignee needs a profile\n(smb advocate add). An Open case's SLA clock starts again."
)]
pub struct Args {
    /// The case id
    #[arg(value_name = "ID", value_parser = crate::cli::case_id)]
    id: i64,
    /// The new owner
    #[arg(long, value_name = "NAME")]
    to: String,
    /// Why: language, pto or other
    #[arg(long, value_parser = ["language", "pto", "other"])]
    reason: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let now = ctx.now;
    let mut store = ctx.open()?;
    let mut tx = store.write()?;
    let to = resolve_person(&mut tx, "--to", &args.to)?;
    let before = load_case(&mut tx, args.id)?;
    // SPEC §4.3: the owner or a manager hands it over; an advocate takes it to themself with a
    // reason (PTO cover), recorded below.
    let (name, role) = actor(&mut tx, &ctx.user)?;
    people::may_assign(
        people::Actor { name: &name, role },
        before.owner.as_deref(),
        &to.name,
        args.reason.as_deref(),
    )
    .map_err(|e| with_profile_hint(&mut tx, &name, role, e))?;
    let change = change::assign(
        &before,
        &to.name,
        &ctx.user,
        &name,
        args.reason.as_deref(),
        now,
    )?;
    apply(&mut tx, &change)?;
    let c = change.after;
    tx.commit()?;
    let line = format!("Assigned {} to {} ({}).", label(&c), to.name, c.status);
    emit_case(ctx, &c, &line)
}
