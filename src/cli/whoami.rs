//! `smb whoami`: who is acting, their profile, the database, the time zone, and where each came
//! from (flag, environment, config file, profile, default).

use serde_json::{Value, json};
use smb::store::Ops;

use super::Ctx;
use smb::Result;
use smb::output::Table;

/// Who is acting, with which profile, on which database, and where each came from
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb whoami\n  smb --as \"Dana Reyes\" whoami\n  smb --format json whoami\n\nA flag beats its environment variable (SMB_DB, SMB_USER), which beats the config file\n(config.toml in the platform config directory, or SMB_CONFIG; keys db, user, time_zone,\ncolor), which beats the default. The time zone is your profile's (smb advocate add --tz),\nelse the config file's, else the machine's."
)]
pub struct Args {}

pub fn run(ctx: &mut Ctx, _args: &Args) -> Result<()> {
    let exists = ctx.db.exists();
    let profile = if exists {
        let mut store = ctx.open()?;
        let mut tx = store.read()?;
        match tx.advocate(&ctx.user)? {
            Some(a) => {
                let tz = tx.advocate_time_zone(&a.name)?;
                Some(json!({
                    "name": a.name,
                    "role": a.role.as_str(),
                    "region": a.region.as_str(),
                    "languages": a.languages,
                    "time_zone": tz,
                }))
            }
            None => None,
        }
    } else {
        None
    };
    let s = ctx.sources.clone();
    let json = json!({
        "user": ctx.user,
        "user_from": s.user.key(),
        "profile": profile.clone().unwrap_or(Value::Null),
        "db": ctx.db.to_string(),
        "db_from": s.db.key(),
        "db_exists": exists,
        "time_zone": ctx.tz.name(),
        "time_zone_from": s.tz.key(),
        "today": ctx.today().to_string(),
        "config": s.config.as_ref().map(|p| p.display().to_string()),
        "config_found": s.config_found,
    });
    if ctx.format != smb::output::Format::Table {
        return ctx.emit(&Table::default(), &json);
    }
    let profile_line = match &profile {
        Some(p) => format!(
            "{} in {}, speaks {}",
            p["role"].as_str().unwrap_or_default(),
            p["region"].as_str().unwrap_or_default(),
            p["languages"]
                .as_array()
                .map(|l| l
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", "))
                .unwrap_or_default()
        ),
        None if exists => format!(
            "none: you can read everything; to pick cases run `smb advocate add \"{}\" --region AMER|APAC|EMEA`",
            ctx.user
        ),
        None => "unknown until the database exists".to_string(),
    };
    let mut t = Table::new(&["", "value", "from"]);
    t.push(vec!["you are".into(), ctx.user.clone(), s.user.to_string()]);
    t.push(vec!["profile".into(), profile_line, String::new()]);
    t.push(vec![
        "database".into(),
        if exists {
            ctx.db.to_string()
        } else {
            format!("{} (does not exist yet: `smb init` creates it)", ctx.db)
        },
        s.db.to_string(),
    ]);
    t.push(vec![
        "time zone".into(),
        format!("{} (your today: {})", ctx.tz.name(), ctx.today()),
        s.tz.to_string(),
    ]);
    t.push(vec![
        "config file".into(),
        match &s.config {
            Some(p) if s.config_found => p.display().to_string(),
            Some(p) => format!("{} (none yet)", p.display()),
            None => "no home directory".to_string(),
        },
        "SMB_CONFIG, else the platform config directory".into(),
    ]);
    ctx.emit(&t, &json)
}
