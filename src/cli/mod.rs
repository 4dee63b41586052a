//! The command line: global options (SPEC §7.1), one file per subcommand, and the context every
//! command gets (clock, acting person, output, the database path).

mod advocate;
mod asof;
mod away;
mod calendar;
mod case;
mod close;
mod completions;
mod config;
mod cover;
mod dashboard;
mod db;
mod demo;
mod due;
mod escalate;
mod export;
mod forecast;
mod import;
mod import_plan;
mod init;
mod man;
mod opp;
mod pick;
mod queue;
mod report;
mod report_picks;
mod settings;
mod template;
mod tier;
mod today;
mod trigger;
mod values;
mod whoami;
mod work;

use smb::store::Ops;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use serde_json::Value;

use smb::domain::model::{Model, Settings};
use smb::output::{self, Format, Table};
use smb::store::{DbName, Store};
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
pub struct Cli<C: Subcommand = Command> {
    /// The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]
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

    /// Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for
    /// scripts
    #[arg(long, global = true, value_name = "FORMAT", default_value = "table", value_parser = ["table", "json", "jsonl", "csv"])]
    pub format: String,

    /// Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it),
    /// always or never
    #[arg(long, global = true, value_name = "WHEN", value_parser = ["auto", "always", "never"])]
    pub color: Option<String>,

    /// Print nothing but errors (for cron)
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// Show at most N rows of a list
    #[arg(long, global = true, value_name = "N")]
    pub limit: Option<usize>,

    #[command(subcommand)]
    pub command: C,

    /// Which of the options above came from the command line or the environment.
    #[arg(skip)]
    pub given: Given,
}

/// Where `--db`, `--as` came from: the command line or the environment (clap knows).
#[derive(Debug, Default, Clone)]
pub struct Given {
    pub db: Option<config::Source>,
    pub user: Option<config::Source>,
}

/// Parses the command line, noting where each global option came from.
///
/// The command tree is built for the subcommand being run only (`Command` defers each
/// subcommand's arguments): building all of them was a quarter of a `smb queue next`
/// (BENCHMARKS.md, issue #16, fourth pass). When the command line is not one to run (an
/// error, `--help`, `--version`, `smb help ...`), it is parsed again with the whole tree,
/// [`whole_command`], which prints exactly what it always printed.
pub fn parse() -> Cli {
    use clap::{CommandFactory, FromArgMatches, parser::ValueSource};
    let mut command = <Cli>::command();
    let m = match command.try_get_matches_from_mut(std::env::args_os()) {
        Ok(m) => m,
        Err(_) => whole_command().get_matches(),
    };
    // The command tree is built for this one parse; freeing it is work the process does not
    // need, as it ends soon after: it is left to the operating system (BENCHMARKS.md, issue
    // #16, process start).
    std::mem::forget(command);
    let mut cli = Cli::from_arg_matches(&m).unwrap_or_else(|e| e.exit());
    let src = |id: &str, flag: &'static str, var: &'static str| match m.value_source(id) {
        Some(ValueSource::CommandLine) => Some(config::Source::Flag(flag)),
        Some(ValueSource::EnvVariable) => Some(config::Source::Env(var)),
        _ => None,
    };
    cli.given = Given {
        db: src("db", "--db", "SMB_DB"),
        user: src("user", "--as", "SMB_USER"),
    };
    cli
}

/// The whole command tree, every subcommand's arguments built: help, errors, the completion
/// scripts and the manual page. It parses to the same matches as `Cli`'s tree.
pub fn whole_command() -> clap::Command {
    use clap::CommandFactory;
    Cli::<WholeCommand>::command()
}

/// Declares the subcommands twice from one list: `Command`, whose subcommands' arguments are
/// built only for the one being run (`#[command(defer = true)]`), and `WholeCommand`, built
/// whole for help, errors, completions and the manual page (a deferred tree lists its
/// subcommands without their summaries and puts the global options first).
macro_rules! commands {
    ($($(#[$attr:meta])* $variant:ident($args:ty),)*) => {
        #[derive(Debug, Subcommand)]
        #[command(defer = true)]
        pub enum Command {
            $($(#[$attr])* $variant($args),)*
        }

        #[derive(Debug, Subcommand)]
        pub enum WholeCommand {
            $($(#[$attr])* $variant($args),)*
        }
    };
}

commands! {
    Init(init::Args),
    Import(import::Args),
    Export(export::Args),
    Tier(tier::Args),
    Trigger(trigger::Args),
    Queue(queue::Args),
    Pick(pick::Args),
    Case(case::Args),
    Close(close::Args),
    Opp(opp::Args),
    Today(today::Args),
    Escalate(escalate::Args),
    Report(report::Args),
    Forecast(forecast::Args),
    Advocate(advocate::Args),
    Db(db::Args),
    Demo(demo::Args),
    Completions(completions::Args),
    Whoami(whoami::Args),
    Man(man::Args),
    Template(template::Args),
    Calendar(calendar::Args),
    Settings(settings::Args),
    /// Names for the completion scripts (people, queues), one a line
    #[command(hide = true)]
    Complete(completions::CompleteArgs),
}

/// What every command gets: the clock, the acting person, the output, the database path.
pub struct Ctx {
    pub now: DateTime<Utc>,
    pub user: String,
    pub format: Format,
    /// The database: a file, or a PostgreSQL URL.
    pub db: DbName,
    /// Whether `--db` / `SMB_DB` named the database (the demo then uses it).
    pub db_given: bool,
    /// How long to wait for another command's lock (`SMB_BUSY_TIMEOUT` seconds).
    pub busy_timeout: std::time::Duration,
    pub out: Out,
    /// Colour marked table cells (`--color`, NO_COLOR, CLICOLOR_FORCE, TERM, the config file).
    pub color: bool,
    /// `--quiet`: nothing but errors.
    pub quiet: bool,
    /// `--limit N`: at most N rows of a list.
    pub limit: Option<usize>,
    /// The terminal's (columns, rows) when stdout is one.
    pub terminal: Option<(u16, u16)>,
    /// The acting person's time zone: their days and the times tables show.
    pub tz: chrono_tz::Tz,
    /// Where the database, the acting person and the time zone came from (`smb whoami`).
    pub sources: Sources,
    /// stdin and stdout are terminals: prompts are allowed.
    #[allow(dead_code)] // read by the commands that prompt (close)
    pub interactive: bool,
    /// Set once a change is committed: an output error then says the change was saved.
    pub saved: Arc<AtomicBool>,
}

impl Ctx {
    /// Opens the existing database; a missing one is an error and nothing is created
    /// (SPEC §9). A file that cannot be written is opened for reading only. The acting
    /// person's profile gives their spelling of their name and, when it has one, their time
    /// zone (before the config file's and the machine's).
    pub fn open(&mut self) -> Result<Store> {
        let (store, _) = self.open_store(false)?;
        Ok(store)
    }

    /// Opens the database, creating a digital one when missing (`import`, `advocate add`).
    pub fn open_or_create(&mut self) -> Result<Store> {
        let (store, _) = self.open_store(true)?;
        Ok(store)
    }

    /// Opens the database without resolving who acts: the command resolves them in its own
    /// write transaction with [`Ctx::resolve_identity`] (one transaction instead of two: on
    /// PostgreSQL two round trips fewer).
    pub fn open_unresolved(&mut self) -> Result<Store> {
        let mut store = Store::open_as(&self.db, &self.user, self.busy_timeout)?;
        store.report_commits_to(self.saved.clone());
        Ok(store)
    }

    fn open_store(&mut self, create: bool) -> Result<(Store, bool)> {
        let (mut store, created) = if create {
            Store::open(
                &self.db,
                create,
                &Settings::new(Model::Digital),
                self.busy_timeout,
            )?
        } else {
            (
                Store::open_as(&self.db, &self.user, self.busy_timeout)?,
                false,
            )
        };
        store.report_commits_to(self.saved.clone());
        if !create {
            let mut tx = store.read()?;
            self.resolve_identity(&mut tx)?;
        }
        Ok((store, created))
    }

    /// Who acts, and in which time zone, read in `tx`.
    pub fn resolve_identity(&mut self, tx: &mut smb::store::Tx<'_>) -> Result<()> {
        // The acting person is their profile (SPEC §1.2): history and `created_by`
        // record the profile's spelling of `--as`, whatever its case.
        // On PostgreSQL the login decides who acts (SPEC §10): its linked profile; `--as`
        // someone else only for a manager's login or the database owner; a login with no
        // profile acts under its own name and the database refuses its writes.
        match tx.identity(&self.user)? {
            smb::store::Identity::Profile(a) => {
                if let Some(tz) = tx
                    .advocate_time_zone(&a.name)?
                    .and_then(|t| config::parse_tz(&t).ok())
                {
                    self.tz = tz;
                    self.sources.tz = config::Source::Profile;
                }
                self.user = a.name;
            }
            smb::store::Identity::NoProfile(name) => {
                if self.db.is_postgres() {
                    self.user = name;
                }
            }
        }
        Ok(())
    }

    /// The acting person's today (in their time zone).
    pub fn today(&self) -> chrono::NaiveDate {
        self.now.with_timezone(&self.tz).date_naive()
    }

    /// The acting person's day of instant `t`.
    pub fn local_date(&self, t: DateTime<Utc>) -> chrono::NaiveDate {
        t.with_timezone(&self.tz).date_naive()
    }

    /// The first instant of day `d` in the acting person's time zone. DST-safe: on a day whose
    /// midnight is skipped (a spring-forward at 00:00), the first instant that exists.
    pub fn local_midnight(&self, d: chrono::NaiveDate) -> DateTime<Utc> {
        use chrono::TimeZone;
        let mut t = d.and_time(chrono::NaiveTime::MIN);
        for _ in 0..4 {
            if let Some(local) = self.tz.from_local_datetime(&t).earliest() {
                return local.with_timezone(&Utc);
            }
            t += chrono::Duration::minutes(30);
        }
        t.and_utc()
    }

    /// A time for a table: local, to the minute, with how far it is ("2026-03-02 09:00 (in 5
    /// h)").
    pub fn time_hint(&self, t: DateTime<Utc>) -> String {
        format!(
            "{} ({})",
            t.with_timezone(&self.tz).format("%Y-%m-%d %H:%M"),
            output::relative(self.now, t)
        )
    }

    /// A day for a table, with how far it is ("2026-03-16 (in 14 d)").
    pub fn day_hint(&self, d: chrono::NaiveDate) -> String {
        format!("{d} ({})", output::relative_day(self.today(), d))
    }

    /// On a terminal, `-` would wait silently for typed input: say so on stderr.
    pub fn note_waiting_for_stdin(&self, what: &str) {
        if !self.quiet && std::io::stdin().is_terminal() {
            eprintln!(
                "Reading {what} from standard input: paste it and end with Ctrl-D (Ctrl-Z Enter on Windows), or press Ctrl-C and give a file instead of -."
            );
        }
    }

    /// A warning on stderr (not with `--quiet`; control characters escaped: it may quote
    /// imported data).
    pub fn warn(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("warning: {}", output::escape_for_terminal(msg.as_ref()));
        }
    }

    /// Writes `table` or `json` as `--format` asks (CSV is built from the JSON: one column per
    /// key). `--limit` cuts a list.
    pub fn emit(&mut self, table: &Table, json: &Value) -> Result<()> {
        let mut json = std::borrow::Cow::Borrowed(json);
        if let (Some(n), Value::Array(items)) = (self.limit, json.as_ref())
            && items.len() > n
        {
            json = std::borrow::Cow::Owned(Value::Array(items[..n].to_vec()));
        }
        let r = match self.format {
            Format::Table => {
                let style = output::TableStyle {
                    width: self.terminal.map(|(w, _)| w),
                    color: self.color,
                };
                match self.limit.filter(|n| table.rows.len() > *n) {
                    Some(n) => {
                        let total = table.rows.len();
                        let mut t = table.clone();
                        t.truncate(n);
                        output::write_table(&mut self.out, &t, style)
                            .and_then(|()| writeln!(self.out, "Showing {n} of {total} (--limit)."))
                    }
                    None => output::write_table(&mut self.out, table, style),
                }
            }
            Format::Csv => output::write_csv(&mut self.out, &json),
            Format::Json => output::write_json(&mut self.out, &json),
            Format::Jsonl => output::write_jsonl(&mut self.out, &json),
        };
        r.map_err(|e| Error::io(OUTPUT_ERROR, e))
    }

    /// A line of text (table format only; JSON and CSV stay machine-readable).
    pub fn say(&mut self, line: impl AsRef<str>) -> Result<()> {
        if self.format == Format::Table {
            let line = output::escape_for_terminal(line.as_ref());
            let line = match self.terminal {
                Some((w, _)) => output::wrap(&line, usize::from(w)),
                None => line.into_owned(),
            };
            writeln!(self.out, "{line}").map_err(|e| Error::io(OUTPUT_ERROR, e))?;
        }
        Ok(())
    }
}

/// The context of every error writing the command's output.
const OUTPUT_ERROR: &str = "cannot write output";

/// A case id as people write it: `12` or `#12`.
pub fn case_id(s: &str) -> std::result::Result<i64, String> {
    let t = s.trim();
    let digits = t.strip_prefix('#').unwrap_or(t);
    digits
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{s:?} is not a case id: expected a number such as 12 or #12"))
}

/// Parses `--now`: RFC 3339, or a bare date meaning 00:00 UTC.
pub fn parse_now(s: &str) -> Result<DateTime<Utc>> {
    smb::import::values::datetime(s).map_err(|_| {
        Error::invalid(format!(
            "--now {s:?}: expected RFC 3339 (2026-03-02T14:00:00Z) or a date YYYY-MM-DD"
        ))
    })
}

/// Where each setting came from, and the config file.
#[derive(Debug, Clone)]
pub struct Sources {
    pub db: config::Source,
    pub user: config::Source,
    pub tz: config::Source,
    pub config: Option<PathBuf>,
    pub config_found: bool,
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

/// Builds the context from the parsed options and `clock` (read once, in main).
pub fn context(cli: &Cli, clock: DateTime<Utc>) -> Result<Ctx> {
    let now = match &cli.now {
        Some(s) => parse_now(s)?,
        None => clock,
    };
    let config_path = config::path();
    let config_found = config_path.as_deref().is_some_and(std::path::Path::is_file);
    let file = match &config_path {
        Some(p) => config::load(p)?,
        None => config::Config::default(),
    };
    let from_file = || config::Source::File(config_path.clone().unwrap_or_default());
    let (db, db_source) = match (&cli.db, &file.db) {
        (Some(p), _) => (
            p.clone(),
            cli.given.db.clone().unwrap_or(config::Source::Flag("--db")),
        ),
        (None, Some(p)) => (expand_home(p), from_file()),
        (None, None) => (
            default_db()?,
            config::Source::Default("the default (smb.db in the platform data directory)"),
        ),
    };
    let cli_user = cli.user.clone().filter(|u| !u.trim().is_empty());
    let file_user = file.user.clone().filter(|u| !u.trim().is_empty());
    // The OS user is looked up only when nothing else names who acts (the lookup reads the
    // password database).
    let (user, user_source) = match (cli_user, file_user) {
        (Some(u), _) => (
            u,
            cli.given
                .user
                .clone()
                .unwrap_or(config::Source::Flag("--as")),
        ),
        (None, Some(u)) => (u, from_file()),
        (None, None) => match config::os_user() {
            Some(u) => (u, config::Source::Default("the OS user")),
            None => ("unknown".to_string(), config::Source::Default("nobody")),
        },
    };
    // The profile's time zone, when there is one, comes first: `Ctx::open` reads it.
    let (tz, tz_source) = match file
        .time_zone
        .as_deref()
        .and_then(|t| config::parse_tz(t).ok())
    {
        Some(tz) => (tz, from_file()),
        None => (
            config::machine_tz(),
            config::Source::Default("the machine's time zone"),
        ),
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
    let env = |k: &str| std::env::var(k).ok();
    let color = output::use_color(cli.color.as_deref(), &env, file.color.as_deref(), tty);
    let terminal = if tty {
        console::Term::stdout()
            .size_checked()
            .filter(|(rows, cols)| *rows > 0 && *cols > 0)
            .map(|(rows, cols)| (cols, rows))
    } else {
        None
    };
    smb::store::lock_wait::note_on_stderr(!cli.quiet && std::io::stderr().is_terminal());
    let format = Format::parse(&cli.format).unwrap_or_default();
    let out = if cli.quiet {
        Out::Sink
    } else if tty && format == Format::Table {
        Out::Paged(Vec::new())
    } else {
        Out::Stdout(std::io::BufWriter::new(stdout))
    };
    Ok(Ctx {
        now,
        user,
        format,
        db: DbName::from(db),
        db_given: cli.db.is_some(),
        busy_timeout,
        out,
        color,
        quiet: cli.quiet,
        limit: cli.limit,
        terminal,
        tz,
        sources: Sources {
            db: db_source,
            user: user_source,
            tz: tz_source,
            config: config_path,
            config_found,
        },
        interactive: tty && std::io::stdin().is_terminal(),
        saved: Arc::new(AtomicBool::new(false)),
    })
}

/// `~/x` as a path under the home directory (a config file may say `db = "~/smb.db"`).
fn expand_home(p: &std::path::Path) -> PathBuf {
    match (p.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => p.to_path_buf(),
    }
}

/// Runs the command.
pub fn run(ctx: &mut Ctx, command: &Command) -> Result<()> {
    match command {
        Command::Init(a) => init::run(ctx, a),
        Command::Import(a) => import::run(ctx, a),
        Command::Tier(a) => tier::run(ctx, a),
        Command::Trigger(a) => trigger::run(ctx, a),
        Command::Advocate(a) => advocate::run(ctx, a),
        Command::Db(a) => db::run(ctx, a),
        Command::Completions(a) => completions::run(ctx, a),
        Command::Queue(a) => queue::run(ctx, a),
        Command::Pick(a) => pick::run(ctx, a),
        Command::Case(a) => case::run(ctx, a),
        Command::Close(a) => close::run(ctx, a),
        Command::Opp(a) => opp::run(ctx, a),
        Command::Export(a) => export::run(ctx, a),
        Command::Today(a) => today::run(ctx, a),
        Command::Escalate(a) => escalate::run(ctx, a),
        Command::Demo(a) => demo::run(ctx, a),
        Command::Report(a) => report::run(ctx, a),
        Command::Forecast(a) => forecast::run(ctx, a),
        Command::Whoami(a) => whoami::run(ctx, a),
        Command::Complete(a) => completions::complete(ctx, a),
        Command::Man(a) => man::run(ctx, a),
        Command::Template(a) => template::run(ctx, a),
        Command::Calendar(a) => calendar::run(ctx, a),
        Command::Settings(a) => settings::run(ctx, a),
    }
    .and_then(|()| {
        let rows = ctx.terminal.map(|(_, rows)| rows);
        ctx.out.finish(rows).map_err(|e| Error::io(OUTPUT_ERROR, e))
    })
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

/// Where a command's output goes: stdout; a buffer that goes through the pager when it is
/// longer than the terminal (table output on a terminal); nowhere (`--quiet`).
pub enum Out {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    Paged(Vec<u8>),
    Sink,
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Out::Stdout(w) => w.write(buf),
            Out::Paged(v) => v.write(buf),
            Out::Sink => Ok(buf.len()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Out::Stdout(w) => w.flush(),
            Out::Paged(_) | Out::Sink => Ok(()),
        }
    }
}

impl Out {
    /// Flushes the output: a buffered text longer than `rows` lines goes through `$PAGER`
    /// (default `less -FRX`; an empty `PAGER` or one that cannot start means no pager).
    pub fn finish(&mut self, rows: Option<u16>) -> std::io::Result<()> {
        let Out::Paged(buf) = self else {
            return self.flush();
        };
        let text = std::mem::take(buf);
        let lines = text.iter().filter(|b| **b == b'\n').count();
        let long = rows.is_some_and(|r| lines >= usize::from(r));
        if long && let Some(mut child) = spawn_pager() {
            if let Some(mut stdin) = child.stdin.take() {
                // a pager quit early (q) closes its input: not an error
                match stdin.write_all(&text) {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e),
                    _ => {}
                }
            }
            child.wait()?;
            return Ok(());
        }
        let mut out = std::io::stdout().lock();
        out.write_all(&text)?;
        out.flush()
    }
}

/// Starts `$PAGER` (default `less -FRX`) reading from a pipe, or `None`.
fn spawn_pager() -> Option<std::process::Child> {
    let pager = std::env::var("PAGER").unwrap_or_else(|_| "less -FRX".to_string());
    let mut words = pager.split_whitespace();
    let program = words.next()?;
    std::process::Command::new(program)
        .args(words)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .ok()
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, FromArgMatches};

    use super::{Cli, whole_command};

    /// Every subcommand path of the whole tree (`["queue", "next"]`, ...), help included.
    fn paths(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
        for sc in cmd.get_subcommands() {
            let mut path = prefix.to_vec();
            path.push(sc.get_name().to_string());
            out.push(path.clone());
            paths(sc, &path, out);
        }
    }

    /// What the tree makes of `argv`: the parsed command, or the kind of error and the text
    /// clap would print.
    fn outcome(mut cmd: clap::Command, argv: &[String]) -> String {
        match cmd.try_get_matches_from_mut(argv) {
            Ok(m) => format!("{:?}", <Cli>::from_arg_matches(&m).map_err(|e| e.kind())),
            Err(e) => format!("{:?}", e.kind()),
        }
    }

    /// The deferred tree that parses every command line (each subcommand's arguments built
    /// only when it runs) accepts and refuses exactly what the whole tree does, and parses to
    /// the same command: `parse` hands every refusal (errors, help, version) to the whole tree,
    /// which prints it (issue #16, fourth pass).
    #[test]
    fn the_deferred_command_tree_parses_as_the_whole_one() {
        let whole = {
            let mut c = whole_command();
            c.build();
            c
        };
        let mut all = Vec::new();
        paths(&whole, &[], &mut all);
        assert!(all.len() > 60, "{}", all.len());
        let mut lines: Vec<Vec<String>> = Vec::new();
        for path in &all {
            for tail in [
                &["--help"][..],
                &["-h"],
                &["--bogus"],
                &["--version"],
                &[],
                &["1"],
                &["--format", "json", "x"],
            ] {
                let mut argv = vec!["smb".to_string()];
                argv.extend(path.iter().cloned());
                argv.extend(tail.iter().map(|s| s.to_string()));
                lines.push(argv);
            }
        }
        for line in [
            "smb queue next",
            "smb --format json queue next --queue EMEA",
            "smb queue next --as Bench --db x.db",
            "smb pick 42 --force --reason why --next-steps-date +2w",
            "smb --format json pick",
            "smb -q case list --status Open",
            "smb quue",
            "smb pick --frce",
            "smb",
        ] {
            lines.push(line.split(' ').map(str::to_string).collect());
        }
        let mut parsed = 0;
        for argv in &lines {
            let deferred = outcome(<Cli>::command(), argv);
            let whole = outcome(whole_command(), argv);
            assert_eq!(deferred, whole, "{argv:?}");
            parsed += usize::from(deferred.starts_with("Ok"));
        }
        assert!(parsed >= 5, "only {parsed} command lines parsed");
    }
}
