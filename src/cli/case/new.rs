//! `smb case new`: a manual case (SPEC §3.1 "Working with the Global Digital SMB Account
//! Team"), routed by SPEC §3.3.

use super::Ctx;
use crate::cli::work::{create_case, emit_case, label, route_new_case, unknown_account};
use smb::domain::case::{Case, CaseReason, Origin, Priority};
use smb::domain::change::NewCase;
use smb::domain::routing::{Route, queue_for};
use smb::domain::segment::standing;
use smb::domain::workflow::{check_link, manual_case_kind};
use smb::store::Ops;
use smb::{Error, Result};

/// Create a case by hand; it is routed like any new case.
#[derive(Debug, clap::Args)]
#[command(
    after_help = format!("{}\n\nCase reasons (--reason, any case): {}", "Examples:\n  smb case new --account ACC-0002 --subject \"Support Ticket\" --description \"Zendesk #4411: wants a PO\"\n  smb case new --account ACC-0017 --subject Referral --priority medium --reason \"Renewal\"\n  smb case new --account ACC-0011 --subject \"FO Opp\" --contact CON-00004 --type \"Inbound Request via SDR\"\n\nSubjects Support Ticket, SDR Created, FO Opp and FO Opp (Startup) name their trigger; any\nother subject (Referral, Partner Opp, AR Request, …) makes a `manual` case. Priority is High\nunless --priority says otherwise. If someone already works an open case on the account, the\nnew case goes to them.", smb::domain::case::CaseReason::list())
)]
pub struct Args {
    /// The account the case is about
    #[arg(long, value_name = "ID")]
    account: String,
    /// Support Ticket, SDR Created, FO Opp, FO Opp (Startup), Referral, Partner Opp, AR Request, …
    #[arg(long, value_name = "TEXT")]
    subject: String,
    /// high, medium or low [default: high]
    #[arg(long, value_name = "PRIORITY", value_parser = crate::cli::values::priorities(), hide_possible_values = true)]
    priority: Option<String>,
    /// Case reason, e.g. "Billing / Payment" (or billing-payment)
    #[arg(long, value_name = "TEXT", value_parser = crate::cli::values::reasons(), hide_possible_values = true)]
    reason: Option<String>,
    /// What is asked of the advocate, with links
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
    /// The customer contact
    #[arg(long, value_name = "ID")]
    contact: Option<String>,
    /// A related opportunity
    #[arg(long, value_name = "ID")]
    opportunity: Option<String>,
    /// Where the request came from, e.g. "Inbound Request via Support"
    #[arg(long = "type", value_name = "TEXT")]
    case_type: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let subject = args.subject.trim();
    if subject.is_empty() {
        return Err(Error::invalid(
            "--subject is empty: use Support Ticket, SDR Created, FO Opp, FO Opp (Startup), Referral, Partner Opp or AR Request",
        ));
    }
    let priority: Priority = match &args.priority {
        Some(p) => p.parse()?,
        None => Priority::High,
    };
    let reason: Option<CaseReason> = args.reason.as_deref().map(str::parse).transpose()?;
    let mut store = ctx.open()?;
    let mut tx = store.write()?;
    let settings = tx.settings()?;
    let account = match tx.account(args.account.trim())? {
        Some(a) => a,
        None => return Err(unknown_account(&mut tx, args.account.trim())),
    };
    if let Some(id) = &args.contact {
        let c = tx.contact(id)?.ok_or_else(|| {
            Error::invalid(format!(
                "unknown contact {id:?}: import contacts first, or leave out --contact"
            ))
        })?;
        check_link("contact", id, &c.account_id, &account.id)?;
    }
    if let Some(id) = &args.opportunity {
        let o = tx.opportunity(id)?.ok_or_else(|| {
            Error::invalid(format!(
                "unknown opportunity {id:?}: import opportunities first, or leave out --opportunity"
            ))
        })?;
        check_link("opportunity", id, &o.account_id, &account.id)?;
    }
    let st = standing(&settings, &account, ctx.now.date_naive());
    if !st.in_segment {
        ctx.warn(format!(
            "account {} is out of segment ({}); the case is created anyway. If it belongs to Mid-Market, close it as duplicate and loop in the Mid-Market AE",
            account.id, st.reason
        ));
    }
    let (trigger, category) = manual_case_kind(settings.model, subject);
    let mut draft = Case::draft(
        trigger,
        category,
        priority,
        subject,
        Origin::Manual,
        &ctx.user,
        ctx.now,
    );
    draft.account_id = Some(account.id.clone());
    draft.contact_id = args.contact.clone();
    draft.opportunity_id = args.opportunity.clone();
    draft.case_reason = reason;
    draft.description = args.description.clone().unwrap_or_default();
    draft.case_type = args.case_type.clone();
    draft.queue = Some(queue_for(&settings, Some(&account)));
    let routed = route_new_case(&mut tx, &settings, Some(&account))?;
    // SPEC §11.5: someone away is covered.
    let routed = crate::cli::cover::route(
        &mut tx,
        routed,
        ctx.now,
        args.contact.as_deref(),
        Some(&account.id),
    )?;
    let (note, where_to) = match &routed {
        Route::Owner { name, why } => {
            draft.owner = Some(name.clone());
            (Some(why.clone()), format!("assigned to {name} ({why})"))
        }
        Route::Queue(q) => {
            draft.queue = Some(q.clone());
            (None, format!("in the {q} queue"))
        }
    };
    let c = create_case(
        &mut tx,
        NewCase {
            draft,
            actor: ctx.user.clone(),
            note,
            rollover: None,
        },
    )?;
    tx.commit()?;
    let line = format!(
        "Created {} [{}, {}], {where_to}.",
        label(&c),
        c.trigger,
        c.priority
    );
    emit_case(ctx, &c, &line)
}
