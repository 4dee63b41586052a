//! `smb init`: create a database for one model.

use serde_json::json;
use smb::store::Ops;

use super::Ctx;
use smb::domain::calendar::FiscalCalendar;
use smb::domain::model::{Model, Settings};
use smb::output::Table;
use smb::store::Store;
use smb::{Error, Result};

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Create the database for a model (digital or pooled)
///
/// Any other command on a missing database creates a digital one; a database keeps its model.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb init\n  smb --db pooled.db init --model pooled --fiscal-year-start january"
)]
pub struct Args {
    /// The playbook this database runs [default: digital]
    #[arg(long, value_parser = ["digital", "pooled"])]
    model: Option<String>,
    /// Month the fiscal year starts in: a name (february, feb) or a number (2) [default: february]
    #[arg(long, value_name = "MONTH")]
    fiscal_year_start: Option<String>,
}

/// `february`, `Feb`, `2` → 2.
pub fn parse_month(s: &str) -> Result<u32> {
    let t = s.trim().to_ascii_lowercase();
    if let Ok(n) = t.parse::<u32>()
        && (1..=12).contains(&n)
    {
        return Ok(n);
    }
    MONTHS
        .iter()
        .position(|m| t.len() >= 3 && m.starts_with(&t))
        .map(|i| i as u32 + 1)
        .ok_or_else(|| {
            Error::invalid(format!(
                "--fiscal-year-start {s:?}: expected a month name (february, feb) or number 1-12"
            ))
        })
}

fn month_name(m: u32) -> String {
    let n = MONTHS[(m - 1) as usize];
    n[..1].to_ascii_uppercase() + &n[1..]
}

/// Opens (creating) the database `--db` names: the settings it has, whether it was created,
/// and its name as shown (a PostgreSQL URL without its password).
fn open(ctx: &Ctx, wanted: &Settings) -> Result<(Settings, bool, String)> {
    let (mut store, created) = Store::open(&ctx.db, true, wanted, ctx.busy_timeout)?;
    let have = store.read()?.settings()?;
    Ok((have, created, store.shown()))
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let model: Model = args.model.as_deref().unwrap_or("digital").parse()?;
    let mut wanted = Settings::new(model);
    if let Some(m) = &args.fiscal_year_start {
        wanted.calendar = FiscalCalendar::new(parse_month(m)?).expect("checked 1-12");
    }
    let (have, created, path) = open(ctx, &wanted)?;
    let describe = |s: &Settings| {
        format!(
            "{} database, fiscal year starting {}",
            s.model,
            month_name(s.calendar.start_month)
        )
    };
    if !created {
        let model_differs = args.model.is_some() && have.model != wanted.model;
        let fy_differs = args.fiscal_year_start.is_some() && have.calendar != wanted.calendar;
        if model_differs || fy_differs {
            return Err(Error::refused(format!(
                "{path} is already a {}; a database keeps its model and calendar. \
                 Use --db NEW_FILE for a {}",
                describe(&have),
                describe(&wanted)
            )));
        }
    }
    let mut table = Table::new(&["database", "model", "fiscal year starts", "status"]);
    let status = if created {
        "created"
    } else {
        "already initialised"
    };
    table.push(vec![
        path.clone(),
        have.model.to_string(),
        month_name(have.calendar.start_month),
        status.to_string(),
    ]);
    let json = json!({
        "database": path,
        "model": have.model.as_str(),
        "fiscal_year_start": have.calendar.start_month,
        "created": created,
    });
    if ctx.format == smb::output::Format::Table {
        ctx.say(if created {
            format!("Created {path}: {}.", describe(&have))
        } else {
            format!("{path} is already a {}; nothing changed.", describe(&have))
        })
    } else {
        ctx.emit(&table, &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_by_name_or_number() {
        assert_eq!(parse_month("february").unwrap(), 2);
        assert_eq!(parse_month("Feb").unwrap(), 2);
        assert_eq!(parse_month("12").unwrap(), 12);
        assert!(parse_month("13").is_err());
        assert!(parse_month("ju").is_err());
        assert!(parse_month("smarch").is_err());
    }
}
