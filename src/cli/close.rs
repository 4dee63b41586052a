//! `smb close ID --status … --action …`: close a case (SPEC §4.4, §4.6).

use super::Ctx;
use super::work::{actor, apply, authorize_change, emit_case, label, load_case};
use smb::domain::case::{ResolutionAction, Status};
use smb::domain::change;
use smb::domain::opportunity;
use smb::domain::workflow::HIGH_VALUE_ACCOUNT;
use smb::store::Ops;
use smb::{Error, Result};

/// Close a case with a status and a resolution action.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb close 42 --status resolved --action \"Completed Sales Assisted Order\"\n  smb close 42 --status duplicate --action \"no action required\" --feedback \"Mid-Market account\"\n  smb close 42 --status unresponsive --action \"Failed to Engage\"\n  smb close 42 --status unresponsive --action \"Failed to Engage\" --force --reason \"Company dissolved\"\n\nStatuses: resolved, duplicate, unresponsive, na. Actions: Answered Question, Recommended\nResource, Transferred To Support, Growth Conversation, Directed to Online Purchase, Completed\nSales Assisted Order, Request Not Possible, No Action Required, Failed to Engage (any case).\nUnresponsive only 15 days after the pick. A High Value Account case closes only with\nRequest Not Possible. On a terminal, a missing --status or --action is asked with a menu."
)]
pub struct Args {
    /// The case id
    #[arg(value_name = "ID", value_parser = crate::cli::case_id)]
    id: i64,
    /// resolved, duplicate, unresponsive or na
    #[arg(long, value_name = "STATUS", value_parser = crate::cli::values::closing_statuses(), hide_possible_values = true)]
    status: Option<String>,
    /// The resolution action, e.g. "Answered Question" (or answered-question)
    #[arg(long, value_name = "ACTION", value_parser = crate::cli::values::actions(), hide_possible_values = true)]
    action: Option<String>,
    /// Feedback on the case or the model
    #[arg(long, value_name = "TEXT")]
    feedback: Option<String>,
    /// Override a closing rule (Unresponsive before 15 days); needs --reason
    #[arg(long, requires = "reason")]
    force: bool,
    /// Why the rule is overridden (recorded in the history)
    #[arg(long, requires = "force", value_name = "TEXT")]
    reason: Option<String>,
    /// The case's open opportunity: close it won or lost with the case, or leave it open (a
    /// warning); on a terminal, asked when not given
    #[arg(long, value_name = "won|lost|open", value_parser = ["won", "lost", "open"])]
    opp: Option<String>,
}

fn status_list() -> String {
    Status::CLOSED
        .iter()
        .map(|s| s.cli_name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_status(s: &str) -> Result<Status> {
    Status::parse(s).filter(|s| s.is_closed()).ok_or_else(|| {
        let names: Vec<&str> = Status::CLOSED.iter().map(|s| s.cli_name()).collect();
        let hint = smb::domain::near::near(s, &names)
            .first()
            .map(|n| format!("did you mean {n}? "))
            .unwrap_or_default();
        Error::invalid(format!(
            "unknown closing status {s:?}: {hint}expected one of {}",
            status_list()
        ))
    })
}

/// A menu on the terminal: arrows and Enter choose; Esc or q leaves (exit 1, nothing
/// changed). dialoguer gives the cursor back however the menu ends.
fn ask<T: Copy>(prompt: &str, items: &[T], show: impl Fn(T) -> String) -> Result<T> {
    let labels: Vec<String> = items.iter().map(|i| show(*i)).collect();
    let chosen = dialoguer::Select::new()
        .with_prompt(format!("{prompt} (Esc or q to leave)"))
        .items(&labels)
        .default(0)
        .interact_opt()
        .map_err(|e| Error::invalid(format!("no choice made ({e}); nothing was changed")))?;
    chosen.map(|i| items[i]).ok_or_else(left_menu)
}

/// Leaving a menu is a failure (exit 1), not bad input.
fn left_menu() -> Error {
    Error::io(
        "left the menu",
        std::io::Error::new(std::io::ErrorKind::Interrupted, "nothing was changed"),
    )
}

/// The last step of the menus: "Close case #12 as … with …?" (Esc, q or n leaves).
fn confirm(question: &str) -> Result<()> {
    let yes = dialoguer::Confirm::new()
        .with_prompt(question)
        .default(true)
        .interact_opt()
        .map_err(|e| Error::invalid(format!("no answer ({e}); nothing was changed")))?;
    if yes == Some(true) {
        Ok(())
    } else {
        Err(left_menu())
    }
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let status = args.status.as_deref().map(parse_status).transpose()?;
    let action: Option<ResolutionAction> = args.action.as_deref().map(str::parse).transpose()?;
    let mut store = ctx.open()?;
    let open_opps: Vec<String>;
    // Check before asking anything, and ask without holding the write lock.
    {
        let mut tx = store.read()?;
        let c = load_case(&mut tx, args.id)?;
        authorize_change(&mut tx, &ctx.user, &c, "close")?;
        if c.status.is_closed() {
            return Err(Error::refused(format!(
                "{} is already closed ({}); nothing was changed. Open a new case with `smb case new` if there is more to do",
                label(&c),
                c.status
            )));
        }
        open_opps = tx
            .case_opportunities(c.id)?
            .into_iter()
            .filter(|o| o.is_open())
            .map(|o| o.id)
            .collect();
    }
    let status = match status {
        Some(s) => s,
        None if ctx.interactive => ask("Status", &Status::CLOSED, |s| s.as_str().to_string())?,
        None => {
            return Err(Error::invalid(format!(
                "--status is required: one of {}",
                status_list()
            )));
        }
    };
    let asked = args.status.is_none() || args.action.is_none();
    let action = match action {
        Some(a) => a,
        None if ctx.interactive => ask("Resolution action", ResolutionAction::ALL, |a| {
            a.as_str().to_string()
        })?,
        None => {
            return Err(Error::invalid(format!(
                "--action is required: one of {}",
                ResolutionAction::list()
            )));
        }
    };
    // SPEC §11.1: the Required 10 closes the opportunity with the case.
    let opp_stage = match args.opp.as_deref() {
        Some("won") => Some(opportunity::WON),
        Some("lost") => Some(opportunity::LOST),
        Some(_) => None,
        None if ctx.interactive && !open_opps.is_empty() => {
            let choices = [Some(opportunity::WON), Some(opportunity::LOST), None];
            ask(
                &format!(
                    "Opportunity {} is still open: close it with the case?",
                    open_opps.join(", ")
                ),
                &choices,
                |c| match c {
                    Some(s) => format!("close it {s}"),
                    None => "leave it open".to_string(),
                },
            )?
        }
        None => None,
    };
    if asked {
        confirm(&format!(
            "Close case #{} as {} with {}?",
            args.id,
            status.as_str(),
            action.as_str()
        ))?;
    }

    let now = ctx.now;
    let mut tx = store.write()?;
    let settings = tx.settings()?;
    let before = load_case(&mut tx, args.id)?;
    authorize_change(&mut tx, &ctx.user, &before, "close")?;
    let force_reason = if args.force {
        args.reason.as_deref()
    } else {
        None
    };
    let change = change::close(
        &before,
        status,
        action,
        args.feedback.as_deref(),
        force_reason,
        settings.resolve_limit_days(),
        &ctx.user,
        now,
    )?;
    let mut change = change;
    let mut closed_opps = Vec::new();
    if let Some(stage) = opp_stage {
        // Closed in the same transaction as the case, their history with the case's.
        let (name, _) = actor(&mut tx, &ctx.user)?;
        let edits = opportunity::Edits {
            stage: Some(stage),
            ..opportunity::Edits::default()
        };
        for o in tx.case_opportunities(before.id)? {
            if !o.is_open() {
                continue;
            }
            let mut work = tx.opportunity_work(&o.id)?;
            work.case_id = work.case_id.or(Some(before.id));
            let (o, w, history) =
                opportunity::decide_update(&o, &work, &edits, &name, now, || Ok(()))?;
            tx.save_opportunity(&o, &w)?;
            change.history.extend(history);
            closed_opps.push(o);
        }
    }
    apply(&mut tx, &change)?;
    let c = change.after;
    let open_opps: Vec<_> = tx
        .case_opportunities(c.id)?
        .into_iter()
        .filter(|o| o.is_open())
        .collect();
    let mut admin = Vec::new();
    for o in closed_opps.iter().filter(|o| opportunity::is_won(&o.stage)) {
        admin.push(crate::cli::opp::admin_on_account(&mut tx, &o.account_id)?);
    }
    tx.commit()?;
    for o in open_opps {
        ctx.warn(format!(
            "opportunity {} linked to case #{} is still open ({}): close it too (Required 10)",
            o.id, c.id, o.stage
        ));
    }
    let won = closed_opps.iter().filter(|o| opportunity::is_won(&o.stage));
    for (o, has_admin) in won.zip(admin) {
        if !has_admin {
            crate::cli::opp::warn_no_admin(ctx, o);
        }
    }
    let mut line = format!("Closed {} as {} / {}.", label(&c), status, action);
    for o in &closed_opps {
        line.push_str(&format!(" Opportunity {} closed {}.", o.id, o.stage));
    }
    if c.trigger == HIGH_VALUE_ACCOUNT && action == ResolutionAction::RequestNotPossible {
        line.push_str(&format!(
            " No further High Value cases will be created on {}.",
            c.account_id.as_deref().unwrap_or("the account")
        ));
    }
    emit_case(ctx, &c, &line)
}
