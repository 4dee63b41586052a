//! `smb settings list|get|set|log` (SPEC §11.4): the windows, SLA targets, business hours,
//! time zones, capacity default and Upgrade cap a manager changes; each change is logged with
//! who and when and applies from then on.

use serde_json::{Value, json};
use smb::store::{Identity, Ops, Tx};

use super::Ctx;
use smb::domain::model::Settings;
use smb::domain::setting::{self, Def, SettingChange};
use smb::output::{Format, Table, rfc3339};
use smb::store::Role;
use smb::{Error, Result};

/// Settings: trigger windows, SLA targets, business hours, capacity, the Upgrade cap
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// List the settings of this database's model with their values and defaults
    #[command(
        after_help = "Examples:\n  smb settings list\n  smb --format json settings list\n\nJSON: an array of {key, value, default, expected, about}."
    )]
    List,
    /// Print one setting's value
    #[command(
        after_help = "Examples:\n  smb settings get renewal_window_days\n  smb --format json settings get upgrade_cap"
    )]
    Get {
        /// The setting (see `smb settings list`)
        #[arg(value_parser = crate::cli::values::settings(), hide_possible_values = true)]
        key: String,
    },
    /// Change a setting (a manager, or the database owner)
    #[command(
        after_help = "Examples:\n  smb settings set renewal_window_days 90\n  smb settings set sla_business_hours 6\n  smb settings set emea_business_hours 08:30-16:30\n  smb settings set amer_time_zone America/Chicago\n  smb settings set default_capacity 40\n\nA value outside its range is refused (exit 2) and nothing changes. A change applies from then\non: the next trigger run uses the new windows; a pick-up clock keeps the targets, business\nhours and zone in force when it started, so clocks that start from now on get the new ones\n(queue, pick, case show, reports and escalate agree); the next capacity and hygiene reports use\nthe new caps (a profile keeps the capacity it was added with; default_capacity is for profiles\nadded from now on). `smb settings log` lists the changes."
    )]
    Set {
        /// The setting (see `smb settings list`)
        #[arg(value_parser = crate::cli::values::settings(), hide_possible_values = true)]
        key: String,
        /// Its new value
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// List the changes: when, who, what, from and to
    #[command(
        after_help = "Examples:\n  smb settings log\n  smb --format json settings log\n\nJSON: an array of {at, actor, key, before, after}, oldest first; before is null when the\nsetting had its default."
    )]
    Log,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    match &args.command {
        Sub::List => {
            let mut store = ctx.open()?;
            let s = store.read()?.settings()?;
            let defaults = Settings::new(s.model);
            let mut t = Table::new(&["key", "value", "default", "allowed", "about"]);
            let mut items = Vec::new();
            for d in setting::ALL.iter().filter(|d| d.applies_to(s.model)) {
                let (value, default) = (d.value(&s), d.value(&defaults));
                t.push(vec![
                    d.key.to_string(),
                    value.clone(),
                    default.clone(),
                    d.expected(),
                    d.about.to_string(),
                ]);
                items.push(json!({
                    "key": d.key, "value": value, "default": default,
                    "expected": d.expected(), "about": d.about,
                }));
            }
            ctx.emit(&t, &Value::Array(items))
        }
        Sub::Get { key } => {
            let mut store = ctx.open()?;
            let s = store.read()?.settings()?;
            let d = setting::find_for(key, s.model)?;
            let value = d.value(&s);
            if ctx.format == Format::Table {
                return ctx.say(&value);
            }
            let default = d.value(&Settings::new(s.model));
            ctx.emit(
                &Table::new(&["key", "value", "default"]),
                &json!({"key": d.key, "value": value, "default": default}),
            )
        }
        Sub::Set { key, value } => set(ctx, key, value),
        Sub::Log => {
            let mut store = ctx.open()?;
            let log = store.read()?.settings_log()?;
            let mut t = Table::new(&["at", "actor", "key", "before", "after"]);
            for c in &log {
                t.push(vec![
                    ctx.time_hint(c.at),
                    c.actor.clone(),
                    c.key.clone(),
                    c.before.clone().unwrap_or_else(|| "(default)".into()),
                    c.after.clone(),
                ]);
            }
            let items = log.iter().map(change_json).collect();
            ctx.emit(&t, &Value::Array(items))?;
            if log.is_empty() {
                ctx.say(
                    "No setting has been changed: every one has its default (`smb settings list`).",
                )?;
            }
            Ok(())
        }
    }
}

fn set(ctx: &mut Ctx, key: &str, value: &str) -> Result<()> {
    let mut store = ctx.open()?;
    let mut tx = store.write()?;
    let actor = authorize(&mut tx, &ctx.user, "change settings")?;
    let before = tx.settings()?;
    let d: &Def = setting::find_for(key, before.model)?;
    let mut after = before.clone();
    let stored = d.set(&mut after, value)?;
    let old = d.value(&before);
    if stored == old {
        drop(tx);
        return ctx.say(format!("{} is already {stored}: nothing changed.", d.key));
    }
    let was_default = old == d.value(&Settings::new(before.model));
    let change = SettingChange {
        key: d.key.to_string(),
        before: (!was_default).then_some(old.clone()),
        after: stored.clone(),
        actor,
        at: ctx.now,
    };
    tx.put_setting(&change)?;
    tx.commit()?;
    if ctx.format != Format::Table {
        ctx.emit(
            &Table::new(&["at", "actor", "key", "before", "after"]),
            &change_json(&change),
        )?;
    }
    ctx.say(format!(
        "Set {} to {stored} (was {old}): {}. Applies from now on.",
        d.key, d.about
    ))
}

/// SPEC §11.4: settings and holidays are changed by a manager, or by the database owner
/// acting as no one's profile (the operations login on PostgreSQL; SQLite has none). The owner
/// naming a profile acts as that person, and that person's role decides. Returns the name the
/// change is recorded under; else exit 2 saying who may.
pub fn authorize(tx: &mut Tx<'_>, user: &str, doing: &str) -> Result<String> {
    let who = match tx.identity(user)? {
        Identity::Profile(a) if a.role == Role::Manager => return Ok(a.name),
        Identity::Profile(a) => {
            format!(
                "{:?} is {} {}",
                a.name,
                article(a.role.as_str()),
                a.role.as_str()
            )
        }
        Identity::NoProfile(n) if tx.owns_database()? => return Ok(n),
        Identity::NoProfile(n) => format!("{n:?} has no profile"),
    };
    Err(Error::refused(format!(
        "{who}: only a manager (or the database owner) may {doing}; act as a manager with --as NAME (`smb advocate list` shows the team)"
    )))
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn change_json(c: &SettingChange) -> Value {
    json!({
        "at": rfc3339(c.at),
        "actor": c.actor,
        "key": c.key,
        "before": c.before,
        "after": c.after,
    })
}
