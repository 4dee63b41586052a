//! `smb case assign ID --to NAME [--reason language|pto|other]`: hand a case over (SPEC §4.3).

use super::Ctx;
use crate::cli::work::{actor, emit_case, label, load_case, resolve_person, with_profile_hint};
use smb::domain::case::{HistoryEntry, Status};
use smb::domain::people;
use smb::domain::report::ClockStop;
use smb::store::Ops;
use smb::{Error, Result};

/// The tag the seed asks for when a language barrier is the reason for a hand-over.
const LANGUAGE_TAG: &str = "#languagebarrier";

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
    if before.status.is_closed() {
        return Err(Error::refused(format!(
            "{} is closed ({}); closed cases are not reassigned",
            label(&before),
            before.status
        )));
    }
    if before
        .owner
        .as_deref()
        .is_some_and(|o| o.eq_ignore_ascii_case(&to.name))
    {
        return Err(Error::invalid(format!(
            "{} already belongs to {}",
            label(&before),
            to.name
        )));
    }
    let mut c = before.clone();
    c.owner = Some(to.name.clone());
    if args.reason.as_deref() == Some("language") {
        let has = c
            .feedback
            .as_deref()
            .is_some_and(|f| f.contains(LANGUAGE_TAG));
        if !has {
            c.feedback = Some(match c.feedback.as_deref().filter(|f| !f.is_empty()) {
                Some(f) => format!("{f} {LANGUAGE_TAG}"),
                None => LANGUAGE_TAG.to_string(),
            });
        }
    }
    tx.update_case(&c)?;
    let mut h = HistoryEntry::new(now, &ctx.user, "assigned").change(
        "owner",
        before.owner.clone(),
        c.owner.clone(),
    );
    if let Some(r) = &args.reason {
        h = h.note(format!("reason: {r}"));
    }
    if people::same_person(&to.name, &name)
        && before
            .owner
            .as_deref()
            .is_some_and(|o| !people::same_person(o, &name))
    {
        h = h.note(format!(
            "{name} took over the case from {}{}",
            before.owner.as_deref().unwrap_or_default(),
            args.reason
                .as_deref()
                .map(|r| format!(" (reason: {r})"))
                .unwrap_or_default()
        ));
    }
    tx.append_history(c.id, &h)?;
    if before.feedback != c.feedback {
        tx.append_history(
            c.id,
            &HistoryEntry::new(now, &ctx.user, "updated").change(
                "feedback",
                before.feedback.clone(),
                c.feedback.clone(),
            ),
        )?;
    }
    if c.status == Status::Open {
        tx.end_sla_clock(c.id, now, ClockStop::Reassigned)?;
        tx.start_sla_clock(c.id, now, "reassigned")?;
    }
    if !people::same_person(&to.name, &name) {
        tx.notify(
            c.id,
            &to.name,
            smb::domain::notice::NoticeKind::Routed,
            now,
            Some(&format!(
                "assigned by {name}{}",
                args.reason
                    .as_deref()
                    .map(|r| format!(" (reason: {r})"))
                    .unwrap_or_default()
            )),
        )?;
    }
    tx.commit()?;
    let line = format!("Assigned {} to {} ({}).", label(&c), to.name, c.status);
    emit_case(ctx, &c, &line)
}
