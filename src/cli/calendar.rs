//! `smb calendar add|import|remove|show` (SPEC §11.4): holidays per region, not business days
//! for that region's pooled SLA clocks. A manager (or the database owner) changes them.

use serde_json::{Value, json};
use smb::store::Ops;

use super::Ctx;
use super::settings::authorize;
use super::work::parse_date;
use smb::domain::holidays::{Holiday, label};
use smb::domain::model::{Model, Region, Settings};
use smb::output::{Format, Table};
use smb::{Error, Result};

/// Holidays per region: days the pooled SLA clocks of that region do not count.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Add a holiday (or rename one)
    #[command(
        after_help = "Examples:\n  smb calendar add AMER 2026-11-26 --name Thanksgiving\n  smb calendar add EMEA 2026-12-28 --name \"Boxing Day (substitute)\"\n\nA manager (or the database owner) changes the calendar. A holiday is not a business day for\nits region's pooled SLA clocks (AMER: the AMER pool; EMEA: every EMEA pool)."
    )]
    Add {
        /// AMER, APAC or EMEA
        #[arg(value_parser = crate::cli::values::regions(), hide_possible_values = true)]
        region: String,
        /// The day: YYYY-MM-DD (or today, tomorrow, +3d, a weekday name)
        date: String,
        /// What the day is called
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
    },
    /// Add the holidays of an iCalendar (.ics) or CSV (date,name) file
    #[command(
        after_help = "Examples:\n  smb calendar import AMER us-holidays-2026.ics\n  smb calendar import EMEA uk-bank-holidays.csv\n\nAn .ics file (or one that starts with BEGIN:VCALENDAR): every all-day event (DTSTART;VALUE=DATE,\nand DTEND when it lasts several days) is a holiday named by its SUMMARY; events with a time or\na repeat rule are refused. Otherwise CSV with a header row: date (YYYY-MM-DD or MM/DD/YYYY)\nand, optionally, name. All or nothing: a file that does not parse changes nothing and the\nerror names its line. A day already in the calendar takes the file's name."
    )]
    Import {
        /// AMER, APAC or EMEA
        #[arg(value_parser = crate::cli::values::regions(), hide_possible_values = true)]
        region: String,
        /// The holiday file
        file: String,
    },
    /// Remove a holiday
    #[command(after_help = "Examples:\n  smb calendar remove AMER 2026-11-26")]
    Remove {
        /// AMER, APAC or EMEA
        #[arg(value_parser = crate::cli::values::regions(), hide_possible_values = true)]
        region: String,
        /// The day: YYYY-MM-DD
        date: String,
    },
    /// List the holidays
    #[command(
        after_help = "Examples:\n  smb calendar show\n  smb calendar show EMEA --year 2026\n  smb --format json calendar show AMER\n\nJSON: an array of {region, date, name}."
    )]
    Show {
        /// Only this region's
        #[arg(value_parser = crate::cli::values::regions(), hide_possible_values = true)]
        region: Option<String>,
        /// Only this year's
        #[arg(long, value_name = "YYYY")]
        year: Option<i32>,
    },
}

/// Holidays this large a file is not a holiday file (exit 2).
const MAX_FILE_BYTES: u64 = 4 << 20;

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    match &args.command {
        Sub::Add { region, date, name } => {
            let region: Region = region.parse()?;
            let day = parse_date(ctx.today(), "DATE", date)?;
            let name = name.as_deref().map(str::trim).filter(|n| !n.is_empty());
            let h = Holiday {
                region,
                day,
                name: name.map(str::to_string),
            };
            let new = put(ctx, std::slice::from_ref(&h))?;
            if ctx.format != Format::Table {
                ctx.emit(&table(std::slice::from_ref(&h)), &holiday_json(&h))?;
            }
            ctx.say(format!(
                "{} {region} holiday {} {}.",
                if new.0 == 1 { "Added" } else { "Renamed" },
                day.format("%A %Y-%m-%d"),
                label(&h.name)
            ))?;
            note_model(ctx, &new.1, region);
            Ok(())
        }
        Sub::Import { region, file } => {
            let region: Region = region.parse()?;
            let text = read_file(file)?;
            let holidays = smb::import::holidays::parse(file, region, &text)?;
            let (new, settings) = put(ctx, &holidays)?;
            ctx.emit(
                &table(&holidays),
                &Value::Array(holidays.iter().map(holiday_json).collect()),
            )?;
            ctx.say(format!(
                "Imported {} {region} holiday(s) from {file}: {new} new, {} already there.",
                holidays.len(),
                holidays.len() as u64 - new.min(holidays.len() as u64)
            ))?;
            note_model(ctx, &settings, region);
            Ok(())
        }
        Sub::Remove { region, date } => {
            let region: Region = region.parse()?;
            let day = parse_date(ctx.today(), "DATE", date)?;
            let mut store = ctx.open()?;
            let mut tx = store.write()?;
            authorize(&mut tx, &ctx.user, "change the holidays")?;
            if !tx.remove_holiday(region, day)? {
                return Err(Error::invalid(format!(
                    "{region} has no holiday on {day}: `smb calendar show {region}` lists them"
                )));
            }
            tx.commit()?;
            if ctx.format != Format::Table {
                ctx.emit(
                    &Table::new(&["region", "date"]),
                    &json!({"region": region.as_str(), "date": day.to_string()}),
                )?;
            }
            ctx.say(format!(
                "Removed {region} holiday {}: a business day again.",
                day.format("%A %Y-%m-%d")
            ))
        }
        Sub::Show { region, year } => {
            let region = region.as_deref().map(str::parse::<Region>).transpose()?;
            let mut store = ctx.open()?;
            let settings = store.read()?.settings()?;
            let list = settings.holidays.list(region, *year);
            ctx.emit(
                &table(&list),
                &Value::Array(list.iter().map(holiday_json).collect()),
            )?;
            if list.is_empty() {
                ctx.say("No holidays: add them with `smb calendar add REGION DATE --name TEXT` or `smb calendar import REGION FILE`.")?;
            }
            Ok(())
        }
    }
}

/// Writes `holidays` as a manager (or the owner); returns how many were new, and the
/// settings.
fn put(ctx: &mut Ctx, holidays: &[Holiday]) -> Result<(u64, Settings)> {
    let mut store = ctx.open()?;
    let mut tx = store.write()?;
    authorize(&mut tx, &ctx.user, "change the holidays")?;
    let settings = tx.settings()?;
    let new = tx.put_holidays(holidays)?;
    tx.commit()?;
    Ok((new, settings))
}

/// Says when the holidays of `region` change no clock of this database.
fn note_model(ctx: &Ctx, s: &Settings, region: Region) {
    if s.model == Model::Digital {
        ctx.warn("this database runs the digital model, whose SLA clocks are calendar time: holidays change no due instant");
    } else if region == Region::Apac {
        ctx.warn("the pooled model has no APAC pool: APAC holidays change no due instant");
    }
}

/// The file's text, refusing what is not a holiday file (exit 2).
fn read_file(file: &str) -> Result<String> {
    let cannot = |e: std::io::Error| Error::invalid(format!("{file}: cannot read: {e}"));
    let meta = std::fs::metadata(file).map_err(cannot)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::invalid(format!(
            "{file}: {} bytes: expected a holiday file of at most {} MiB",
            meta.len(),
            MAX_FILE_BYTES >> 20
        )));
    }
    let bytes = std::fs::read(file).map_err(cannot)?;
    String::from_utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        Error::invalid(format!(
            "{file}:{line}: not UTF-8 text: expected an iCalendar or CSV file"
        ))
    })
}

fn table(list: &[Holiday]) -> Table {
    let mut t = Table::new(&["region", "date", "day", "name"]);
    for h in list {
        t.push(vec![
            h.region.to_string(),
            h.day.to_string(),
            h.day.format("%A").to_string(),
            h.name.clone().unwrap_or_default(),
        ]);
    }
    t
}

fn holiday_json(h: &Holiday) -> Value {
    json!({"region": h.region.as_str(), "date": h.day.to_string(), "name": h.name})
}
