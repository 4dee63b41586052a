//! The command line: global options (SPEC §7.1), one file per subcommand, and the context every
//! command gets (clock, acting person, output, the database path).

mod advocate;
mod case;
mod close;
mod completions;
mod demo;
mod import;
mod init;
mod pick;
mod queue;
mod report;
mod tier;
mod today;
mod trigger;
mod work;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use serde_json::Value;

use smb::domain::model::{Model, Settings};
use smb::output::{self, Format, Table};
use smb::store::Store;
use smb::{Error, Result};

/// smb: the case queue of a small-business sales team, over one SQLite file.
///
/// Accounts arrive as CSV exports; tiering rules and triggers turn them into cases; advocates
/// take the next case, work it and close it; managers read the reports.
#[derive(Debug, Parser)]
#[command(name = "smb", version, propagate_version = true)]
#[command(
    after_help = "Examples:\n  smb init --model digital\n  smb import accounts accounts.csv\n  smb tier --summary\n  smb --format json tier ACC-0001 --explain\n\nEnvironment: SMB_DB, SMB_USER, SMB_NOW stand for --db, --as and --now."
)]
pub struct Cli {
    /// The database file [default: smb.db in the platform data directory]
    #[arg(
        long,
        global = true,
        env = "SMB_DB",
        value_name = "PATH",
        hide_env_values = true
    )]
    pub db: Option<PathBuf>,

    /// Who is acting (advocate, AE or manager) [default: the OS user name]
    #[arg(
        long = "as",
        global = true,
        env = "SMB_USER",
        value_name = "NAME",
        hide_env_values = true
    )]
    pub user: Option<String>,

    /// The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests
    #[arg(
        long,
        global = true,
        env = "SMB_NOW",
        value_name = "DATETIME",
        hide_env_values = true
    )]
    pub now: Option<String>,

    /// Output format
    #[arg(long, global = true, value_name = "FORMAT", default_value = "table", value_parser = ["table", "json", "csv"])]
    pub format: String,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Args),
    Import(import::Args),
    Tier(tier::Args),
    Trigger(trigger::Args),
    Queue(queue::Args),
    Pick(pick::Args),
    Case(case::Args),
    Close(close::Args),
    Today(today::Args),
    Report(report::Args),
    Advocate(advocate::Args),
    Demo(demo::Args),
    Completions(completions::Args),
}

/// What every command gets: the clock, the acting person, the output, the database path.
pub struct Ctx {
    pub now: DateTime<Utc>,
    pub user: String,
    pub format: Format,
    pub db: PathBuf,
    /// Whether `--db` / `SMB_DB` named the database (the demo then uses it).
    pub db_given: bool,
    /// How long to wait for another command's lock (`SMB_BUSY_TIMEOUT` seconds).
    pub busy_timeout: std::time::Duration,
    pub out: Box<dyn Write>,
    /// stdout is a terminal and NO_COLOR is not set.
    pub color: bool,
    /// stdin and stdout are terminals: prompts are allowed.
    #[allow(dead_code)] // read by the commands that prompt (close)
    pub interactive: bool,
    /// Set once a change is committed: an output error then says the change was saved.
    pub saved: Arc<AtomicBool>,
}

impl Ctx {
    /// Opens the existing database; a missing one is an error and nothing is created
    /// (SPEC §9). A file that cannot be written is opened for reading only.
    pub fn open(&mut self) -> Result<Store> {
        let mut store = Store::open_existing(&self.db, self.busy_timeout)?;
        store.report_commits_to(self.saved.clone());
        // The acting person is their profile (SPEC §1.2): history and `created_by` record the
        // profile's spelling of `--as`, whatever its case.
        if let Some(a) = store.read()?.advocate(&self.user)? {
            self.user = a.name;
        }
        Ok(store)
    }

    /// Opens the database, creating a digital one when missing (`import`, `advocate add`).
    pub fn open_or_create(&self) -> Result<Store> {
        let (mut store, _) =
            Store::open_with_timeout(&self.db, &Settings::new(Model::Digital), self.busy_timeout)?;
        store.report_commits_to(self.saved.clone());
        Ok(store)
    }

    /// A warning on stderr (control characters escaped: it may quote imported data).
    pub fn warn(&self, msg: impl AsRef<str>) {
        eprintln!("warning: {}", output::escape_for_terminal(msg.as_ref()));
    }

    /// Writes `table` or `json` as `--format` asks.
    pub fn emit(&mut self, table: &Table, json: &Value) -> Result<()> {
        let r = match self.format {
            Format::Table => output::write_table(&mut self.out, table, self.color),
            Format::Csv => output::write_csv(&mut self.out, table),
            Format::Json => output::write_json(&mut self.out, json),
        };
        r.map_err(|e| Error::io(OUTPUT_ERROR, e))
    }

    /// A line of text (table format only; JSON and CSV stay machine-readable).
    pub fn say(&mut self, line: impl AsRef<str>) -> Result<()> {
        if self.format == Format::Table {
            writeln!(self.out, "{}", output::escape_for_terminal(line.as_ref()))
                .map_err(|e| Error::io(OUTPUT_ERROR, e))?;
        }
        Ok(())
    }
}

/// The context of every error writing the command's output.
const OUTPUT_ERROR: &str = "cannot write output";

/// Parses `--now`: RFC 3339, or a bare date meaning 00:00 UTC.
pub fn parse_now(s: &str) -> Result<DateTime<Utc>> {
    smb::import::values::datetime(s).map_err(|_| {
        Error::invalid(format!(
            "--now {s:?}: expected RFC 3339 (2026-03-02T14:00:00Z) or a date YYYY-MM-DD"
        ))
    })
}

/// The default database: `smb.db` in the platform data directory.
pub fn default_db() -> Result<PathBuf> {
    directories::ProjectDirs::from("", "", "smb")
        .map(|d| d.data_dir().join("smb.db"))
        .ok_or_else(|| {
            Error::invalid(
                "no home directory to keep the database in: pass --db PATH or set SMB_DB",
            )
        })
}

/// The OS user name.
pub fn os_user() -> String {
    ["SMB_OS_USER", "USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown".to_string())
}

/// Builds the context from the parsed options and `clock` (read once, in main).
pub fn context(cli: &Cli, clock: DateTime<Utc>) -> Result<Ctx> {
    let now = match &cli.now {
        Some(s) => parse_now(s)?,
        None => clock,
    };
    let db = match &cli.db {
        Some(p) => p.clone(),
        None => default_db()?,
    };
    let busy_timeout = match std::env::var("SMB_BUSY_TIMEOUT") {
        Ok(v) => smb::store::parse_busy_timeout(&v).ok_or_else(|| {
            Error::invalid(format!(
                "SMB_BUSY_TIMEOUT {v:?}: expected a number of seconds from 0 to 86400 (a day)"
            ))
        })?,
        Err(std::env::VarError::NotUnicode(v)) => {
            return Err(Error::invalid(format!(
                "SMB_BUSY_TIMEOUT {v:?}: expected a number of seconds from 0 to 86400 (a day)"
            )));
        }
        Err(std::env::VarError::NotPresent) => smb::store::BUSY_TIMEOUT,
    };
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let color = tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    Ok(Ctx {
        now,
        user: cli
            .user
            .clone()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(os_user),
        format: Format::parse(&cli.format).unwrap_or_default(),
        db,
        db_given: cli.db.is_some(),
        busy_timeout,
        out: Box::new(std::io::BufWriter::new(stdout)),
        color,
        interactive: tty && std::io::stdin().is_terminal(),
        saved: Arc::new(AtomicBool::new(false)),
    })
}

/// Runs the command.
pub fn run(ctx: &mut Ctx, command: &Command) -> Result<()> {
    match command {
        Command::Init(a) => init::run(ctx, a),
        Command::Import(a) => import::run(ctx, a),
        Command::Tier(a) => tier::run(ctx, a),
        Command::Trigger(a) => trigger::run(ctx, a),
        Command::Advocate(a) => advocate::run(ctx, a),
        Command::Completions(a) => completions::run(ctx, a),
        Command::Queue(a) => queue::run(ctx, a),
        Command::Pick(a) => pick::run(ctx, a),
        Command::Case(a) => case::run(ctx, a),
        Command::Close(a) => close::run(ctx, a),
        Command::Today(a) => today::run(ctx, a),
        Command::Demo(a) => demo::run(ctx, a),
        Command::Report(a) => report::run(ctx, a),
    }
    .and_then(|()| ctx.out.flush().map_err(|e| Error::io(OUTPUT_ERROR, e)))
    .map_err(|e| saved_anyway(ctx, e))
}

/// An output error after a commit says that the change was saved (SPEC §9), so that a script
/// does not run the command again.
fn saved_anyway(ctx: &Ctx, e: Error) -> Error {
    match e {
        Error::Io { context, source }
            if context == OUTPUT_ERROR && ctx.saved.load(Ordering::Relaxed) =>
        {
            Error::Io {
                context: "the change was saved, but its output could not be written".to_string(),
                source,
            }
        }
        other => other,
    }
}
