//! `smb case draft ID [--touch day1|day3|day5|day7]`: the email of the case's trigger for a
//! touch of the cadence, merge fields filled (SPEC §11.2).

use std::io::Write;

use serde_json::json;

use super::Ctx;
use crate::cli::work::{label, load_case};
use smb::domain::cadence::{CADENCE, Touch, steps_done};
use smb::domain::case::Case;
use smb::output::{Format, Table, escape_for_terminal};
use smb::store::{Ops, Tx};
use smb::template::{DraftTouch, Facts, fields, key_for};
use smb::{Error, Result};

/// Print the email (or call notes) for a case's next touch, from its trigger's template.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb case draft 42\n  smb case draft 42 --touch day5\n  smb --format json case draft 42 | jq -r .body\n  smb case log 42 email --template    (once it is sent)\n\nThe touch defaults to the next one due (Day 1 email, Day 3 call notes, Day 5 and Day 7 emails).\nA merge field with no value (no contact on the case, say) is refused unless --allow-missing."
)]
pub struct Args {
    /// The case id
    #[arg(value_name = "ID", value_parser = crate::cli::case_id)]
    id: i64,
    /// Which touch of the cadence [default: the next one due]
    #[arg(long, value_name = "TOUCH", value_parser = ["day1", "day3", "day5", "day7"])]
    touch: Option<String>,
    /// Draft it anyway, leaving [field] where a merge field has no value
    #[arg(long)]
    allow_missing: bool,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let templates = crate::cli::template::load()?;
    let mut store = ctx.open()?;
    let mut tx = store.read()?;
    let settings = tx.settings()?;
    let c = load_case(&mut tx, args.id)?;
    let touch = match &args.touch {
        Some(t) => DraftTouch::parse(t).expect("clap checked it"),
        None => next_touch(ctx, &mut tx, &c)?.ok_or_else(|| {
            Error::invalid(format!(
                "every touch of the cadence is logged on {}: choose one with --touch day1|day3|day5|day7",
                label(&c)
            ))
        })?,
    };
    let account = match &c.account_id {
        Some(id) => tx.account(id)?,
        None => None,
    };
    let contact = match &c.contact_id {
        Some(id) => tx.contact(id)?,
        None => None,
    };
    let opportunity = match &c.opportunity_id {
        Some(id) => tx.opportunity(id)?,
        None => None,
    };
    // the sender: the case owner, else the acting person (their profile's spelling)
    let sender = match &c.owner {
        Some(o) => o.clone(),
        None => tx.advocate(&ctx.user)?.map_or(ctx.user.clone(), |a| a.name),
    };
    drop(tx);
    let facts = Facts {
        model: settings.model,
        case: &c,
        account: account.as_ref(),
        contact: contact.as_ref(),
        opportunity: opportunity.as_ref(),
        sender: &sender,
    };
    let key = key_for(&c.trigger);
    let draft = templates.render(key, touch, &fields(&facts, touch), c.id, args.allow_missing)?;
    if !draft.placeholders.is_empty() {
        ctx.warn(format!(
            "no value for {}: fill in the [brackets] before sending",
            draft.placeholders.join(", ")
        ));
    }
    if ctx.format == Format::Table {
        let text = format!("Subject: {}\n\n{}\n", draft.subject, draft.body);
        return write!(ctx.out, "{}", escape_for_terminal(&text))
            .map_err(|e| Error::io(super::super::OUTPUT_ERROR, e));
    }
    let json = json!({
        "case_id": c.id,
        "template": draft.template,
        "touch": touch.as_str(),
        "subject": draft.subject,
        "body": draft.body,
    });
    ctx.emit(
        &Table::new(&["case_id", "template", "touch", "subject", "body"]),
        &json,
    )
}

/// The next touch of the cadence not yet logged (Day 1 before a pick); `None` when all are.
fn next_touch(ctx: &Ctx, tx: &mut Tx<'_>, c: &Case) -> Result<Option<DraftTouch>> {
    let done = steps_done(&crate::cli::work::touches(ctx, tx, c)?);
    Ok(CADENCE
        .iter()
        .zip(done)
        .find(|(_, d)| !d)
        .and_then(|((day, _), _)| DraftTouch::of_day(*day)))
}

/// The history note of `smb case log ID email|call --template`: which template the sent draft
/// came from, and the step of the cadence this touch counts for.
pub fn sent_note(ctx: &Ctx, tx: &mut Tx<'_>, c: &Case, touch: Touch) -> Result<String> {
    let done = steps_done(&crate::cli::work::touches(ctx, tx, c)?);
    let step = CADENCE
        .iter()
        .zip(done)
        .find(|((_, t), d)| *t == touch && !d)
        .and_then(|((day, _), _)| DraftTouch::of_day(*day));
    Ok(match step {
        Some(s) => format!(
            "sent the draft of template {} ({})",
            key_for(&c.trigger),
            s.describe()
        ),
        None => format!("sent the draft of template {}", key_for(&c.trigger)),
    })
}
