//! `smb db copy --from DB --to DB`: move a team's whole database between engines (SPEC §10):
//! every table in foreign-key order, ids kept, into a target that holds no rows; the counts
//! are compared at the end, and nothing is kept unless they match.

use serde_json::json;

use super::Ctx;
use smb::domain::model::Model;
use smb::output::Table;
use smb::store::{Cell, DbName, Ops, Store};
use smb::{Error, Result};

/// Work on the database as a whole.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Copy every row of one smb database into an empty one (SQLite to PostgreSQL, or back)
    #[command(
        after_help = "Examples:\n  smb db copy --from smb.db --to postgres://ops@db.example.com/smb\n  smb db copy --from postgres://ops@db.example.com/smb --to local-copy.db\n\nThe target is created when missing (an absent file; a PostgreSQL database without smb's\nschema) and must hold no rows. Ids are kept; the row counts of every table are compared at\nthe end, and the copy is committed only when they match. On PostgreSQL, run it as the\ndatabase owner."
    )]
    Copy {
        /// The database to copy: a file, or a postgres:// URL
        #[arg(long, value_name = "DB")]
        from: String,
        /// The database to fill: a file, or a postgres:// URL
        #[arg(long, value_name = "DB")]
        to: String,
    },
}

use smb::store::copy::TABLES;

/// Rows handed to the target at a time.
const CHUNK: usize = 5_000;

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    match &args.command {
        Sub::Copy { from, to } => copy(ctx, from, to),
    }
}

fn copy(ctx: &mut Ctx, from: &str, to: &str) -> Result<()> {
    let (from_db, to_db) = (DbName::parse(from), DbName::parse(to));
    if from_db == to_db {
        return Err(Error::invalid(format!(
            "--from and --to name the same database ({from}); expected two different ones"
        )));
    }
    let busy = ctx.busy_timeout;
    let (mut source, _) = Store::open(
        &from_db,
        false,
        &smb::domain::model::Settings::new(Model::Digital),
        busy,
    )?;
    let mut r = source.read()?;
    let settings = r.settings()?;
    let (mut target, created) = Store::open(&to_db, true, &settings, busy)?;
    target.report_commits_to(ctx.saved.clone());
    let mut w = target.write()?;
    // The target holds no rows (its settings apart, which must be the source's).
    for (table, _) in TABLES {
        if *table == "settings" {
            continue;
        }
        let n = w.count_rows(table)?;
        if n > 0 {
            return Err(Error::invalid(format!(
                "--to {}: the target is not empty ({table} holds {n} rows); db copy fills an \
                 empty database only, and nothing was changed",
                shown(&to_db)
            )));
        }
    }
    let target_settings = w.settings()?;
    let same_settings = target_settings == settings;
    if !created && w.count_rows("settings")? > 0 && !same_settings {
        return Err(Error::invalid(format!(
            "--to {}: the target was initialised with other settings (model {}, the source's \
             is {}); create it anew or with `smb init --model {}`, and nothing was changed",
            shown(&to_db),
            target_settings.model,
            settings.model,
            settings.model
        )));
    }
    let skip_settings = w.count_rows("settings")? > 0;
    let mut counts = Vec::new();
    for (table, columns) in TABLES {
        if *table == "settings" && skip_settings {
            counts.push((*table, r.count_rows(table)?, 0u64));
            continue;
        }
        let mut buf: Vec<Vec<Cell>> = Vec::with_capacity(CHUNK);
        let mut written = 0u64;
        let read = r.copy_out(table, columns, &mut |row| {
            buf.push(row);
            if buf.len() == CHUNK {
                written += w.copy_in(table, columns, &mut buf.drain(..).map(Ok))?;
            }
            Ok(())
        })?;
        if !buf.is_empty() {
            written += w.copy_in(table, columns, &mut buf.drain(..).map(Ok))?;
        }
        if read != written {
            return Err(Error::Database(format!(
                "{table}: read {read} rows but wrote {written}; nothing was kept"
            )));
        }
        counts.push((*table, read, written));
    }
    // The counts as each database now sees them.
    for (table, _) in TABLES {
        let (a, b) = (r.count_rows(table)?, w.count_rows(table)?);
        if a != b {
            return Err(Error::Database(format!(
                "{table}: the source holds {a} rows but the target {b}; nothing was kept"
            )));
        }
    }
    w.commit()?;
    drop(r);
    let rows: Vec<serde_json::Value> = counts
        .iter()
        .map(|(t, n, _)| json!({"table": t, "rows": n}))
        .collect();
    let total: u64 = counts.iter().map(|(_, n, _)| n).sum();
    let mut table = Table::new(&["table", "rows"]);
    for (t, n, _) in &counts {
        table.push(vec![t.to_string(), n.to_string()]);
    }
    ctx.emit(&table, &serde_json::Value::Array(rows))?;
    ctx.say(format!(
        "Copied {total} rows from {} to {}; every table's count matches.",
        shown(&from_db),
        shown(&to_db)
    ))
}

/// The database as messages show it (a URL without its password).
fn shown(db: &DbName) -> String {
    match db {
        DbName::File(p) => p.display().to_string(),
        DbName::Postgres(url) => smb::store::redact_url(url),
    }
}
