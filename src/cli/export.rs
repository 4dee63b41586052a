//! `smb export opportunities [--changed-since DATE]`: the opportunities smb created or changed,
//! as a CSV in the import's own format (SPEC §8, §11.1), for the CRM.

use std::io::Write;

use super::Ctx;
use super::work::parse_date;
use smb::domain::account::Opportunity;
use smb::store::Ops;
use smb::{Error, Result};

/// Write what smb changed for the CRM, as CSV in the import's own format.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// The opportunities created or changed in smb that no import has carried since
    #[command(
        after_help = "Examples:\n  smb export opportunities > for-crm.csv\n  smb export opportunities --changed-since 2026-03-01 > for-crm.csv\n\nAlways CSV, with the columns `smb import opportunities` reads. Each stays in the export until\nan import of opportunities carries its id; that import's values replace smb's (the CRM wins)."
    )]
    Opportunities {
        /// Only those changed on or after this day (your time zone): YYYY-MM-DD, today, …
        #[arg(long, value_name = "DATE")]
        changed_since: Option<String>,
    },
}

/// The columns, in the import's names and the fixtures' order.
const COLUMNS: [&str; 18] = [
    "opportunity_id",
    "account_id",
    "name",
    "type",
    "stage",
    "close_date",
    "amount",
    "owner",
    "users",
    "po_required",
    "eoa",
    "multi_year",
    "auto_renew",
    "auto_renewal_status",
    "qsr_status",
    "payment_failure",
    "includes_duo",
    "renewal_risk",
];

fn row(o: &Opportunity) -> [String; 18] {
    let b = |v: Option<bool>| v.map(|b| b.to_string()).unwrap_or_default();
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        o.id.clone(),
        o.account_id.clone(),
        s(&o.name),
        o.kind.clone(),
        o.stage.clone(),
        o.close_date.to_string(),
        o.amount.map(|a| a.decimal()).unwrap_or_default(),
        s(&o.owner),
        o.users.map(|u| u.to_string()).unwrap_or_default(),
        b(o.po_required),
        b(o.eoa),
        b(o.multi_year),
        b(o.auto_renew),
        s(&o.auto_renewal_status),
        s(&o.qsr_status),
        b(o.payment_failure),
        b(o.includes_duo),
        s(&o.renewal_risk),
    ]
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let Sub::Opportunities { changed_since } = &args.command;
    let mut store = ctx.open()?;
    let since = changed_since
        .as_deref()
        .map(|d| parse_date(ctx.today(), "--changed-since", d).map(|d| ctx.local_midnight(d)))
        .transpose()?;
    let mut tx = store.read()?;
    let opps = tx.marked_opportunities(since)?;
    drop(tx);
    let fail = |e: csv::Error| Error::io("cannot write output", std::io::Error::other(e));
    let mut w = csv::Writer::from_writer(&mut ctx.out);
    w.write_record(COLUMNS).map_err(fail)?;
    for o in &opps {
        w.write_record(row(o)).map_err(fail)?;
    }
    w.flush().map_err(|e| Error::io("cannot write output", e))?;
    drop(w);
    ctx.out
        .flush()
        .map_err(|e| Error::io("cannot write output", e))
}
