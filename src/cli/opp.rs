//! `smb opp new|update|close|list|show`: opportunities worked from a case (SPEC §11.1).

use serde_json::{Value, json};

use super::Ctx;
use super::work::{actor, apply, authorize_change, load_case, parse_date, resolve_person};
use smb::domain::account::Opportunity;
use smb::domain::case::Case;
use smb::domain::change::CaseChange;
use smb::domain::opportunity::{self as opp, Creator, Edits, NewOpp, OppType, OpportunityWork};
use smb::domain::people::Actor;
use smb::output::{Format, Table, rfc3339};
use smb::store::{OppFilter, Ops, Tx};
use smb::{Error, Result};

/// Create, change, close, list and show opportunities worked from a case.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Create an opportunity on a case's account, linked to the case and owned by you
    #[command(
        after_help = "Examples:\n  smb opp new --case 42 --type add-on --amount 1200\n  smb opp new --case 42 --type growth --name \"Acme - 10 more seats\" --close-date +2w\n  smb opp new --case 42 --type upgrade        # pooled: named \"Ultimate Upgrade\"\n\nAn Add-On records the account's most recent Closed Won renewal as its source (none: use\ngrowth). pooled: an AMER AE owns at most 15 active Upgrade opportunities. New opportunities\nstart at 0-Pending Acceptance, close in 30 days unless --close-date, and get an SMB-OPP-n id."
    )]
    New {
        /// The case it is worked from
        #[arg(long, value_name = "ID", value_parser = crate::cli::case_id)]
        case: i64,
        /// add-on, growth or upgrade
        #[arg(long = "type", value_name = "TYPE", value_parser = crate::cli::values::opp_types(), hide_possible_values = true)]
        kind: String,
        /// Its name [default: "<account> - Add-On|Growth|Upgrade"; pooled Upgrade: "Ultimate Upgrade"]
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
        /// Its amount, e.g. 1200 or $1,200.50
        #[arg(long, value_name = "MONEY", allow_hyphen_values = true)]
        amount: Option<String>,
        /// Its close date: YYYY-MM-DD, today, +2w, a weekday … [default: in 30 days]
        #[arg(long, value_name = "DATE")]
        close_date: Option<String>,
    },
    /// Change an opportunity's close date, renewal risk, stage, amount or GitLab admin
    #[command(
        after_help = "Examples:\n  smb opp update SMB-OPP-1 --close-date 2026-04-30 --amount 1500\n  smb opp update OPP-00025 --renewal-risk \"Will Churn\"\n  smb opp update OPP-00025 --stage 4-proposal --admin-added yes\n\nStages: 0-Pending Acceptance, 1-Discovery, 2-Scoping, 3-Technical Evaluation, 4-Proposal,\n5-Negotiating, 6-Awaiting Signature, 7-Closing, Closed Won, Closed Lost (by name, word or\nnumber). The owner of its case, its owner or a manager changes it; every change goes into\nthe case's history."
    )]
    Update {
        /// The opportunity id
        id: String,
        /// YYYY-MM-DD, today, +2w, a weekday …
        #[arg(long, value_name = "DATE")]
        close_date: Option<String>,
        /// The renewal risk category, e.g. "Will Churn"
        #[arg(long, value_name = "TEXT")]
        renewal_risk: Option<String>,
        /// The stage, e.g. 4-Proposal (or proposal, or 4)
        #[arg(long, value_name = "TEXT", value_parser = crate::cli::values::stages(), hide_possible_values = true)]
        stage: Option<String>,
        /// The amount, e.g. 1200 or $1,200.50
        #[arg(long, value_name = "MONEY", allow_hyphen_values = true)]
        amount: Option<String>,
        /// Whether the account's GitLab admin is added (Required 10)
        #[arg(long, value_name = "yes|no", value_parser = ["yes", "no"])]
        admin_added: Option<String>,
    },
    /// Close an opportunity won or lost
    #[command(
        after_help = "Examples:\n  smb opp close SMB-OPP-1 --won\n  smb opp close OPP-00025 --lost"
    )]
    Close {
        /// The opportunity id
        id: String,
        /// Closed Won
        #[arg(long, conflicts_with = "lost", required_unless_present = "lost")]
        won: bool,
        /// Closed Lost
        #[arg(long)]
        lost: bool,
    },
    /// List opportunities
    #[command(
        after_help = "Examples:\n  smb opp list --account ACC-0042\n  smb opp list --owner \"Dana Reyes\" --open\n  smb --format csv opp list --open"
    )]
    List {
        /// Only this account's
        #[arg(long, value_name = "ID")]
        account: Option<String>,
        /// Only those this person (or CRM owner) owns
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
        /// Only open ones
        #[arg(long)]
        open: bool,
    },
    /// Show one opportunity with its case, source and export mark
    #[command(
        after_help = "Examples:\n  smb opp show SMB-OPP-1\n  smb --format json opp show OPP-00025"
    )]
    Show {
        /// The opportunity id
        id: String,
    },
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    match &args.command {
        Sub::New {
            case,
            kind,
            name,
            amount,
            close_date,
        } => new(
            ctx,
            *case,
            kind,
            name.as_deref(),
            amount.as_deref(),
            close_date.as_deref(),
        ),
        Sub::Update {
            id,
            close_date,
            renewal_risk,
            stage,
            amount,
            admin_added,
        } => {
            if close_date.is_none()
                && renewal_risk.is_none()
                && stage.is_none()
                && amount.is_none()
                && admin_added.is_none()
            {
                return Err(Error::invalid(
                    "nothing to update: pass --close-date, --renewal-risk, --stage, --amount or --admin-added",
                ));
            }
            let mut store = ctx.open()?;
            let edits = Edits {
                close_date: close_date
                    .as_deref()
                    .map(|d| parse_date(ctx.today(), "--close-date", d))
                    .transpose()?,
                renewal_risk: renewal_risk
                    .as_deref()
                    .map(opp::parse_renewal_risk)
                    .transpose()?,
                stage: stage.as_deref().map(opp::parse_stage).transpose()?,
                amount: amount.as_deref().map(opp::parse_amount).transpose()?,
                admin_added: admin_added.as_deref().map(|a| a == "yes"),
            };
            let mut tx = store.write()?;
            let (o, w) = change(ctx, &mut tx, id, &edits, "update")?;
            tx.commit()?;
            emit_opp(ctx, &o, &w, &format!("Updated opportunity {}.", o.id))
        }
        Sub::Close { id, won, .. } => {
            let stage = if *won { opp::WON } else { opp::LOST };
            let mut store = ctx.open()?;
            let mut tx = store.write()?;
            let before = load_opp(&mut tx, id)?;
            if !before.is_open() {
                return Err(Error::refused(format!(
                    "opportunity {} is already closed ({}); nothing was changed. Reopen it with `smb opp update {} --stage …` first",
                    before.id, before.stage, before.id
                )));
            }
            let edits = Edits {
                stage: Some(stage),
                ..Edits::default()
            };
            let (o, w) = change(ctx, &mut tx, id, &edits, "close")?;
            let admin = admin_on_account(&mut tx, &o.account_id)?;
            tx.commit()?;
            if *won && !admin {
                warn_no_admin(ctx, &o);
            }
            emit_opp(
                ctx,
                &o,
                &w,
                &format!("Closed opportunity {} as {stage}.", o.id),
            )
        }
        Sub::List {
            account,
            owner,
            open,
        } => list(ctx, account.as_deref(), owner.as_deref(), *open),
        Sub::Show { id } => {
            let mut store = ctx.open()?;
            let mut tx = store.read()?;
            let o = load_opp(&mut tx, id)?;
            let w = tx.opportunity_work(&o.id)?;
            drop(tx);
            let j = opp_json(&o, Some(&w));
            ctx.emit(&fields_table(&j), &j)
        }
    }
}

fn new(
    ctx: &mut Ctx,
    case_id: i64,
    kind: &str,
    name: Option<&str>,
    amount: Option<&str>,
    close_date: Option<&str>,
) -> Result<()> {
    let kind = OppType::parse(kind)?;
    let amount = amount.map(opp::parse_amount).transpose()?;
    let mut store = ctx.open()?;
    let close_date = close_date
        .map(|d| parse_date(ctx.today(), "--close-date", d))
        .transpose()?;
    let now = ctx.now;
    let today = ctx.today();
    let mut tx = store.write()?;
    let settings = tx.settings()?;
    let case = load_case(&mut tx, case_id)?;
    authorize_change(&mut tx, &ctx.user, &case, "create an opportunity on")?;
    let creator = tx
        .advocate(&ctx.user)?
        .ok_or_else(|| Error::refused(format!("{:?} has no profile", ctx.user)))?;
    let account_id = case.account_id.clone().ok_or_else(|| {
        Error::refused(format!(
            "case #{} has no account, so an opportunity has nowhere to go: attach one with `smb case update {} --account ID`",
            case.id, case.id
        ))
    })?;
    let account = tx
        .account(&account_id)?
        .ok_or_else(|| super::work::unknown_account(&mut tx, &account_id))?;
    let account_opps = tx.opportunities_of(&account.id)?;
    let owned = tx.opportunities_owned_by(&creator.name)?;
    let ask = NewOpp {
        kind,
        name,
        amount,
        close_date,
    };
    let who = Creator {
        name: &creator.name,
        region: creator.region,
    };
    let (o, work) = opp::decide_new(
        &case,
        &account,
        &ask,
        who,
        settings.model,
        &account_opps,
        &owned,
        settings.max_upgrade_opps(),
        now,
        today,
    )?;
    let o = tx.create_opportunity(&o, &work)?;
    apply(
        &mut tx,
        &opp::creation_change(&case, &o, &work, &creator.name, now),
    )?;
    tx.commit()?;
    let mut line = format!(
        "Created {} opportunity {} {:?} on {}, linked to case #{}, owned by {}, closing {}.",
        o.kind,
        o.id,
        o.name.as_deref().unwrap_or_default(),
        o.account_id,
        case.id,
        creator.name,
        o.close_date
    );
    if let Some(s) = &work.source_id {
        line.push_str(&format!(" Source: Closed Won renewal {s}."));
    }
    emit_opp(ctx, &o, &work, &line)
}

/// Applies `edits` to opportunity `id` for the acting person: checks who may, writes the
/// opportunity (marked for export) and the linked case's history. Nothing changed: nothing
/// is written.
fn change(
    ctx: &Ctx,
    tx: &mut Tx<'_>,
    id: &str,
    edits: &Edits,
    doing: &str,
) -> Result<(Opportunity, OpportunityWork)> {
    let settings = tx.settings()?;
    let before = load_opp(tx, id)?;
    let work = tx.opportunity_work(&before.id)?;
    let case = linked_case(tx, &before, &work)?;
    let (name, role) = actor(tx, &ctx.user)?;
    opp::may_change(
        Actor { name: &name, role },
        &before,
        case.owner.as_deref(),
        doing,
    )?;
    let (o, w, history) = {
        let owner = before.owner.clone();
        let cap = settings.max_upgrade_opps();
        let model = settings.model;
        let tx_cap = &mut *tx;
        opp::decide_update(&before, &work, edits, &name, ctx.now, move || {
            let Some(owner) = owner else { return Ok(()) };
            let Some(a) = tx_cap.advocate(&owner)? else {
                return Ok(());
            };
            let owned = tx_cap.opportunities_owned_by(&a.name)?;
            let who = Creator {
                name: &a.name,
                region: a.region,
            };
            opp::check_upgrade_cap(model, who, &owned, cap)
        })?
    };
    if history.is_empty() {
        return Ok((before, work));
    }
    tx.save_opportunity(&o, &w)?;
    let mut ch = CaseChange::new(&case, case.clone(), ctx.now);
    ch.history = history;
    apply(tx, &ch)?;
    Ok((o, w))
}

/// The case an opportunity's changes are recorded on, or exit 2 saying how to link one.
fn linked_case(tx: &mut Tx<'_>, o: &Opportunity, w: &OpportunityWork) -> Result<Case> {
    match w.case_id {
        Some(id) => load_case(tx, id),
        None => Err(Error::refused(format!(
            "opportunity {} is not linked to any case, and smb records every change in the case's history: link it first with `smb case update CASE --opportunity {}`",
            o.id, o.id
        ))),
    }
}

/// The opportunity with `id`, or exit 2 with the nearest ids.
pub fn load_opp(tx: &mut Tx<'_>, id: &str) -> Result<Opportunity> {
    let id = id.trim();
    if let Some(o) = tx.opportunity(id)? {
        return Ok(o);
    }
    let known = tx.opportunity_ids_like(id)?;
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    let near = smb::domain::near::near(id, &known);
    let hint = if near.is_empty() {
        "see `smb opp list` for the ids".to_string()
    } else {
        format!("did you mean {}?", near.join(" or "))
    };
    Err(Error::invalid(format!(
        "unknown opportunity {id:?}: {hint}"
    )))
}

/// Whether some opportunity of the account records a GitLab admin added.
pub fn admin_on_account(tx: &mut Tx<'_>, account_id: &str) -> Result<bool> {
    for o in tx.opportunities_of(account_id)? {
        if tx.opportunity_work(&o.id)?.admin_added == Some(true) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The Required 10: an opportunity moves to Closed Won once the account's GitLab admin is added.
pub fn warn_no_admin(ctx: &Ctx, o: &Opportunity) {
    ctx.warn(format!(
        "opportunity {} is Closed Won but account {} has no GitLab admin added: add one and record it with `smb opp update {} --admin-added yes` (Required 10)",
        o.id, o.account_id, o.id
    ));
}

fn list(ctx: &mut Ctx, account: Option<&str>, owner: Option<&str>, open: bool) -> Result<()> {
    let mut store = ctx.open()?;
    let mut tx = store.read()?;
    let account_id = match account.map(str::trim) {
        Some(a) if !tx.account_exists(a)? => {
            return Err(super::work::unknown_account(&mut tx, a));
        }
        a => a.map(str::to_string),
    };
    let owner =
        match owner {
            Some(n) => Some(match tx.advocate(n)? {
                Some(a) => a.name,
                None => {
                    let f = OppFilter {
                        account_id: None,
                        owner: Some(n.trim().to_string()),
                    };
                    if tx.opportunity_list(&f)?.is_empty() {
                        // Nobody's name and no CRM owner: the nearest profiles.
                        return Err(resolve_person(&mut tx, "--owner", n).err().unwrap_or_else(
                            || Error::invalid(format!("--owner {n:?}: nobody has that name")),
                        ));
                    }
                    n.trim().to_string()
                }
            }),
            None => None,
        };
    let filter = OppFilter { account_id, owner };
    let opps: Vec<Opportunity> = tx
        .opportunity_list(&filter)?
        .into_iter()
        .filter(|o| !open || o.is_open())
        .collect();
    drop(tx);
    let mut t = Table::new(&[
        "id",
        "account",
        "type",
        "name",
        "stage",
        "close_date",
        "amount",
        "owner",
    ]);
    for o in &opps {
        t.push(vec![
            o.id.clone(),
            o.account_id.clone(),
            o.kind.clone(),
            o.name.clone().unwrap_or_default(),
            o.stage.clone(),
            o.close_date.to_string(),
            o.amount.map(|a| a.short()).unwrap_or_default(),
            o.owner.clone().unwrap_or_default(),
        ]);
    }
    let json = Value::Array(opps.iter().map(|o| opp_json(o, None)).collect());
    if ctx.format == Format::Table && opps.is_empty() {
        return ctx.say("No opportunities match.");
    }
    ctx.emit(&t, &json)
}

/// An opportunity as scripts see it: the CRM's columns (the import's names), then, with
/// `work`, what smb knows of it.
pub fn opp_json(o: &Opportunity, work: Option<&OpportunityWork>) -> Value {
    let mut j = json!({
        "opportunity_id": o.id,
        "account_id": o.account_id,
        "name": o.name,
        "type": o.kind,
        "stage": o.stage,
        "open": o.is_open(),
        "close_date": o.close_date.to_string(),
        "amount": o.amount.map(|a| a.decimal()),
        "owner": o.owner,
        "renewal_risk": o.renewal_risk,
    });
    if let (Some(w), Value::Object(m)) = (work, &mut j) {
        m.insert("case_id".into(), json!(w.case_id));
        m.insert("source_opportunity_id".into(), json!(w.source_id));
        m.insert("admin_added".into(), json!(w.admin_added));
        m.insert("created_by".into(), json!(w.created_by));
        m.insert("created_at".into(), json!(w.created_at.map(rfc3339)));
        m.insert("changed_in_smb_at".into(), json!(w.changed_at.map(rfc3339)));
    }
    j
}

/// One object as a two-column table of its fields.
fn fields_table(j: &Value) -> Table {
    let mut t = Table::new(&["field", "value"]);
    if let Value::Object(m) = j {
        for (k, v) in m {
            let text = match v {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            t.push(vec![k.clone(), text]);
        }
    }
    t
}

/// Prints an opportunity a command created or changed: `line` on a terminal, the object in
/// JSON and CSV.
fn emit_opp(ctx: &mut Ctx, o: &Opportunity, w: &OpportunityWork, line: &str) -> Result<()> {
    match ctx.format {
        Format::Table => ctx.say(line),
        _ => {
            let j = opp_json(o, Some(w));
            ctx.emit(&fields_table(&j), &j)
        }
    }
}
