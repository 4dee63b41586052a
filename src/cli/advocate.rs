//! `smb advocate add|list|away|back`: the people who pick cases, managers, and absences.

use serde_json::json;
use smb::store::Ops;

use super::Ctx;
use smb::domain::model::Region;
use smb::output::{Table, rfc3339};
use smb::store::{Advocate, Role};
use smb::{Error, Result};

/// Add or list the people on the team (advocates, pooled AEs, managers), and who is away
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Add a person, or update their profile
    #[command(
        after_help = "Examples:\n  smb advocate add \"Dana Reyes\" --region AMER --languages en,es\n  smb advocate add \"Lena Fischer\" --region EMEA --languages de,en --capacity 40\n  smb advocate add \"Sam Okafor\" --region EMEA --role manager\n  smb --db postgres://smb_ops@db.example.com/smb advocate add \"Ann Lee\" --region AMER --login ann\n\nOn PostgreSQL, --login links the profile to that database login and grants the login what smb\nneeds (the database owner runs it; the login must exist: CREATE ROLE ann LOGIN PASSWORD ...)."
    )]
    Add {
        /// Their name, as they will pass it to --as / SMB_USER
        name: String,
        /// AMER, APAC or EMEA: their queue (AMER and APAC share the AMER queue)
        #[arg(long, value_parser = crate::cli::values::regions(), hide_possible_values = true)]
        region: String,
        /// Languages they speak, comma-separated
        #[arg(long, default_value = "en")]
        languages: String,
        /// advocate (picks and works cases), manager (changes any case, reassigns, reads
        /// reports) or staff (other departments: create cases and read)
        #[arg(long, default_value = "advocate", value_parser = ["advocate", "manager", "staff"])]
        role: String,
        /// In Progress cases they may hold [default: the default_capacity setting, 50]
        #[arg(long)]
        capacity: Option<u32>,
        /// Their time zone (IANA name, e.g. America/New_York): their today, cadence days and
        /// next-steps dates [default: the config file's, else the machine's]
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
        /// PostgreSQL: the database login that acts as this person; links it and grants it
        /// what smb needs (database owner only)
        #[arg(long, value_name = "ROLE")]
        login: Option<String>,
    },
    /// List the team, with who is away and who covers
    List,
    Away(super::away::AwayArgs),
    Back(super::away::BackArgs),
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    match &args.command {
        Sub::Add {
            name,
            region,
            languages,
            role,
            capacity,
            tz,
            login,
        } => {
            let tz = tz
                .as_deref()
                .map(|t| {
                    super::config::parse_tz(t).map_err(|e| Error::invalid(format!("--tz: {e}")))
                })
                .transpose()?;
            let name = name.trim();
            if name.is_empty() {
                return Err(Error::invalid(
                    "advocate name is empty: expected a person's name",
                ));
            }
            let region: Region = region.parse()?;
            let mut store = ctx.open_or_create()?;
            let mut tx = store.write()?;
            let settings = tx.settings()?;
            let langs: Vec<String> = languages
                .split(',')
                .map(|l| l.trim().to_ascii_lowercase())
                .filter(|l| !l.is_empty())
                .collect();
            let existing = tx.advocate(name)?;
            let a = Advocate {
                name: existing
                    .as_ref()
                    .map_or_else(|| name.to_string(), |e| e.name.clone()),
                region,
                languages: langs,
                role: Role::parse(role).expect("clap checked it"),
                capacity: capacity.unwrap_or(settings.default_capacity()),
                created_at: existing.map_or(ctx.now, |e| e.created_at),
            };
            let login = login.as_deref().map(str::trim);
            if login.is_some_and(str::is_empty) {
                return Err(Error::invalid(
                    "--login is empty: expected a database login role, e.g. --login ann",
                ));
            }
            let existed = tx.put_advocate(&a, login)?;
            if let Some(tz) = tz {
                tx.set_advocate_time_zone(&a.name, Some(tz.name()))?;
            }
            let zone = tx.advocate_time_zone(&a.name)?;
            tx.commit()?;
            let verb = if existed { "Updated" } else { "Added" };
            let table = advocates_table(std::slice::from_ref(&a));
            if ctx.format == smb::output::Format::Table {
                ctx.say(format!(
                    "{verb} {} ({}, {}, languages {}, capacity {}{}).",
                    a.name,
                    a.role.as_str(),
                    a.region,
                    a.languages.join(","),
                    a.capacity,
                    zone.map(|z| format!(", time zone {z}")).unwrap_or_default()
                ))
            } else {
                ctx.emit(&table, &advocate_json(&a))
            }
        }
        Sub::List => {
            let mut store = ctx.open()?;
            let mut tx = store.read()?;
            let all = tx.advocates()?;
            let absences = tx.absences()?;
            drop(tx);
            // SPEC §11.5: who is away (now, else next) and who covers, after the profile.
            let away: Vec<_> = all
                .iter()
                .map(|a| super::away::shown_absence(&absences, &a.name, ctx.now))
                .collect();
            let json = serde_json::Value::Array(
                all.iter()
                    .zip(&away)
                    .map(|(a, off)| {
                        let mut v = advocate_json(a);
                        v["away_from"] = json!(off.map(|o| o.from.to_string()));
                        v["away_until"] = json!(off.map(|o| o.until.to_string()));
                        v["covers"] = json!(off.map(|o| o.covers.clone()).unwrap_or_default());
                        v["away_now"] = json!(off.is_some_and(|o| o.is_on(ctx.now)));
                        v
                    })
                    .collect(),
            );
            let mut table = advocates_table(&all);
            table
                .headers
                .extend(["away".to_string(), "covers".to_string()]);
            for (row, off) in table.rows.iter_mut().zip(&away) {
                row.push(off.map_or_else(String::new, |o| format!("{} to {}", o.from, o.until)));
                row.push(off.map_or_else(String::new, |o| o.covers.join(", ")));
            }
            ctx.emit(&table, &json)
        }
        Sub::Away(a) => super::away::away(ctx, a),
        Sub::Back(a) => super::away::back(ctx, a),
    }
}

fn advocates_table(all: &[Advocate]) -> Table {
    let mut t = Table::new(&["name", "role", "region", "languages", "capacity"]);
    for a in all {
        t.push(vec![
            a.name.clone(),
            a.role.as_str().to_string(),
            a.region.to_string(),
            a.languages.join(","),
            a.capacity.to_string(),
        ]);
    }
    t
}

fn advocate_json(a: &Advocate) -> serde_json::Value {
    json!({
        "name": a.name,
        "role": a.role.as_str(),
        "region": a.region.as_str(),
        "languages": a.languages,
        "capacity": a.capacity,
        "created_at": rfc3339(a.created_at),
    })
}
