//! `smb import accounts|opportunities|contacts|events FILE|-`: all or nothing (SPEC §8).

use smb::store::Ops;
use std::io::{self, IsTerminal, Read};
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

use super::Ctx;
use smb::domain::plan::{TierChange, tier_change};
use smb::domain::tracking::{Change, merge_account};
use smb::import::ahead::{Outcome, ReadAhead, Row};
use smb::import::files::{check_rejects_path, open_input, write_rejects};
use smb::import::{CsvFile, Kind, Layout, Parsed, RowError, parse_row};
use smb::output::Table;
use smb::store::{ImportRows, Imported, RowKey};
use smb::{Error, Result};

/// Import a CSV export. One bad row and nothing is written, unless --skip-invalid.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb import accounts accounts.csv\n  smb import accounts accounts.csv --plan\n  smb import opportunities opps.csv --skip-invalid --rejects rejected.csv\n  cat events.csv | smb import events -\n\nColumns are matched ignoring case, spaces, '_' and '-'; Salesforce headers such as\n'Account ID', 'cARR' and 'Number of Employees' are accepted. Money: 12345.67, $12,345.67,\nUSD 12,345.67. Booleans: true/false, yes/no, y/n, 1/0. Dates: YYYY-MM-DD or MM/DD/YYYY."
)]
pub struct Args {
    /// Which export
    #[arg(value_parser = ["accounts", "opportunities", "contacts", "events"])]
    kind: String,
    /// The CSV file, or - for standard input
    file: String,
    /// Import the good rows and write the bad ones, each with its error, to --rejects
    #[arg(long, requires = "rejects")]
    skip_invalid: bool,
    /// Where --skip-invalid writes the rejected rows (CSV)
    #[arg(long, value_name = "FILE", requires = "skip_invalid")]
    rejects: Option<PathBuf>,
    /// Write nothing: say what the import would do, and the cases a trigger run right after it
    /// would create
    #[arg(long)]
    plan: bool,
}

/// What `--plan` reports: the import's counts, the accounts that change place, the cases.
pub(super) struct Plan<'a> {
    pub name: &'a str,
    pub sum: &'a Summary,
    pub moves: Vec<TierChange>,
    pub cases: Vec<smb::domain::case::Case>,
}

#[derive(Debug, Default)]
pub(super) struct Summary {
    pub rows: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let kind = match args.kind.as_str() {
        "accounts" => Kind::Accounts,
        "opportunities" => Kind::Opportunities,
        "contacts" => Kind::Contacts,
        _ => Kind::Events,
    };
    if let Some(rejects) = &args.rejects
        && !args.plan
    {
        check_rejects_path(rejects, ctx.db.file(), &args.file)?;
    }
    // The input is read before the write lock is taken (SPEC §9): a pipe or a device is first
    // spooled to a private temporary file, checked against the input limits on the way, so a
    // slow pipe never keeps other commands waiting and an endless one is refused.
    if args.file == "-" {
        ctx.note_waiting_for_stdin(&format!("the {} CSV", args.kind));
    }
    let (name, input, size) = open_input(&args.file, kind)?;
    // A file without a usable header is refused before a missing database is created.
    let csv = CsvFile::open(&name, kind, io::BufReader::with_capacity(1 << 16, input))?;
    // A plan creates no database: it needs one to plan against.
    let mut store = if args.plan {
        ctx.open()?
    } else {
        ctx.open_or_create()?
    };
    if !csv.unknown_columns().is_empty() {
        ctx.warn(format!(
            "{name}: ignoring unknown column{} {}",
            if csv.unknown_columns().len() > 1 {
                "s"
            } else {
                ""
            },
            csv.unknown_columns().join(", ")
        ));
    }
    let mut rejects = Vec::new();
    let mut tx = store.write()?;
    let settings = tx.settings()?;
    let today = ctx.now.date_naive();
    let bar = progress(size);
    let header = csv.header().to_vec();
    let mut rows = CsvRows {
        layout: csv.layout().clone(),
        source: Source::Waiting(csv, size),
        current: None,
        skip_invalid: args.skip_invalid,
        rejects: &mut rejects,
        rows: 0,
        rejected: 0,
        bar: &bar,
    };
    // A plan notes each stored account whose place in the book the import changes.
    let moves = std::cell::RefCell::new(Vec::new());
    let counts = tx.import(&mut rows, &|old, a| {
        let tracked = merge_account(&settings, old, a, today);
        if args.plan
            && tracked.2 != Change::Unchanged
            && let Some(old) = old
            && let Some(m) = tier_change(&settings, old, &tracked.0, today)
        {
            moves.borrow_mut().push(m);
        }
        tracked
    })?;
    let sum = Summary {
        rows: rows.rows,
        inserted: counts.inserted,
        updated: counts.updated,
        unchanged: counts.unchanged,
        rejected: rows.rejected,
    };
    drop(rows);
    bar.finish_and_clear();
    if args.plan {
        // The trigger run's own code on the imported data, then the transaction rolls back:
        // no row, no import record, no rejects file, no lock left.
        let cases = super::trigger::planned_run(&mut tx, &settings, ctx.now)?;
        drop(tx);
        let plan = Plan {
            name: &name,
            sum: &sum,
            moves: moves.into_inner(),
            cases,
        };
        return super::import_plan::report(ctx, &settings, plan);
    }
    if let Some(path) = &args.rejects {
        write_rejects(path, &header, &rejects)?;
    }
    // An import that changed nothing leaves the file exactly as it was (no audit row either).
    if sum.inserted + sum.updated + sum.rejected > 0 {
        tx.record_import(
            kind.as_str(),
            &name,
            ctx.now,
            &ctx.user,
            [sum.inserted, sum.updated, sum.unchanged, sum.rejected],
        )?;
    }
    tx.commit()?;
    report(ctx, kind, &name, &sum, args.rejects.as_ref())
}

/// The CSV file as the rows of an import: duplicate keys and invalid rows are rejected here
/// (`--skip-invalid`: into `rejects`), or stop the import. The file is read, checked and (on
/// a first load) validated on a second thread (`smb::import::ahead`), in file order.
struct CsvRows<'a, R: Read + Send + 'static> {
    layout: Layout,
    source: Source<R>,
    /// The row `next_row` returned last.
    current: Option<Row>,
    skip_invalid: bool,
    rejects: &'a mut Vec<Vec<String>>,
    rows: u64,
    rejected: u64,
    bar: &'a ProgressBar,
}

/// The file before the first row is asked for (and its size), then its reader.
enum Source<R: Read + Send + 'static> {
    Waiting(CsvFile<R>, Option<u64>),
    Starting,
    Reading(ReadAhead),
}

impl<R: Read + Send + 'static> CsvRows<'_, R> {
    /// Rejects the current row for `e`, or stops the import.
    fn refuse(&mut self, e: RowError) -> Result<()> {
        if self.skip_invalid {
            self.rejected += 1;
            let mut fields = match &self.current {
                Some(row) => self.layout.raw_fields(&row.record),
                None => Vec::new(),
            };
            fields.push(e.to_string());
            self.rejects.push(fields);
            Ok(())
        } else {
            self.bar.finish_and_clear();
            Err(Error::Invalid(format!("{e}\nnothing was imported")))
        }
    }

    /// Starts the reader (validating ahead with `parse`) unless it runs.
    fn start(&mut self, parse: bool) {
        if !matches!(self.source, Source::Waiting(..)) {
            return;
        }
        if let Source::Waiting(csv, size) = std::mem::replace(&mut self.source, Source::Starting) {
            self.source = Source::Reading(ReadAhead::start(csv, parse, size));
        }
    }

    /// The reader, started on the first call.
    fn reader(&mut self) -> &mut ReadAhead {
        self.start(false);
        match &mut self.source {
            Source::Reading(r) => r,
            _ => unreachable!("the reader starts above"),
        }
    }
}

impl<R: Read + Send + 'static> ImportRows for CsvRows<'_, R> {
    fn kind(&self) -> Imported {
        imported_table(self.layout.kind())
    }

    fn every_row_parsed(&mut self) {
        self.start(true);
    }

    fn next_row(&mut self) -> Result<Option<RowKey>> {
        loop {
            if let Some(done) = self.current.take() {
                self.reader().recycle(done.record);
            }
            let reader = self.reader();
            let Some(mut row) = reader.next_row()? else {
                return Ok(None);
            };
            let position = reader.position();
            self.rows += 1;
            if self.rows.is_multiple_of(4096) {
                self.bar.set_position(position);
            }
            match &mut row.outcome {
                Outcome::Refused(e) => {
                    let e = e.clone();
                    self.current = Some(row);
                    self.refuse(e)?;
                }
                Outcome::Read { key, row_hash, .. } => {
                    let key = RowKey {
                        // No key: parse_row reports it.
                        key: std::mem::take(key),
                        row_hash: *row_hash,
                        line: row.line,
                    };
                    self.current = Some(row);
                    return Ok(Some(key));
                }
            }
        }
    }

    fn parse(&mut self) -> Result<Option<Parsed>> {
        let Some(row) = self.current.as_mut() else {
            return Ok(None);
        };
        let ahead = match &mut row.outcome {
            Outcome::Read { parsed, .. } => parsed.take(),
            Outcome::Refused(_) => None,
        };
        let parsed = match ahead {
            Some(p) => p,
            None => self
                .layout
                .row(&row.record)
                .and_then(|raw| parse_row(self.layout.kind(), &raw)),
        };
        match parsed {
            Ok(p) => Ok(Some(p)),
            Err(e) => self.refuse(e).map(|()| None),
        }
    }

    fn parse_quietly(&mut self) -> Option<Parsed> {
        let row = self.current.as_mut()?;
        if let Outcome::Read { parsed, .. } = &mut row.outcome {
            match parsed.take() {
                Some(Ok(p)) => return Some(p),
                // Left for `parse`, which reports it.
                Some(Err(e)) => {
                    *parsed = Some(Err(e));
                    return None;
                }
                None => {}
            }
        } else {
            return None;
        }
        self.layout
            .row(&row.record)
            .and_then(|raw| parse_row(self.layout.kind(), &raw))
            .ok()
    }

    fn reject(
        &mut self,
        line: u64,
        field: &str,
        value: Option<&str>,
        expected: &str,
    ) -> Result<()> {
        if let Some(row) = &self.current
            && let Ok(raw) = self.layout.row(&row.record)
            && raw.line == line
        {
            let e = raw.error(field, value, expected);
            return self.refuse(e);
        }
        // A row the engine refuses after the whole file was read (PostgreSQL checks parent
        // accounts once every row is in): its other cells are gone, so a rejects file gets
        // its line in the message and the refused value under its column.
        let e = RowError {
            file: self.layout.file().to_string(),
            line,
            column: Some(field.to_string()),
            value: value.map(str::to_string),
            expected: expected.to_string(),
        };
        if self.skip_invalid {
            self.rejected += 1;
            let mut fields = self.layout.row_with(field, value);
            fields.push(e.to_string());
            self.rejects.push(fields);
            return Ok(());
        }
        self.refuse(e)
    }
}

fn imported_table(kind: Kind) -> Imported {
    match kind {
        Kind::Accounts => Imported::Accounts,
        Kind::Opportunities => Imported::Opportunities,
        Kind::Contacts => Imported::Contacts,
        Kind::Events => Imported::Events,
    }
}

fn progress(size: Option<u64>) -> ProgressBar {
    // Only on a terminal, and only when the file is big enough to take a moment.
    if !io::stderr().is_terminal() || size.is_some_and(|s| s < 1 << 20) {
        return ProgressBar::hidden();
    }
    match size {
        Some(len) => ProgressBar::new(len).with_style(
            ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {eta} left")
                .expect("valid template"),
        ),
        None => ProgressBar::new_spinner(),
    }
}

fn report(
    ctx: &mut Ctx,
    kind: Kind,
    name: &str,
    s: &Summary,
    rejects: Option<&PathBuf>,
) -> Result<()> {
    if s.rows == 0 {
        ctx.warn(format!(
            "{name}: no rows after the header: nothing imported"
        ));
    }
    let mut t = Table::new(&[
        "file",
        "kind",
        "rows",
        "inserted",
        "updated",
        "unchanged",
        "rejected",
    ]);
    t.push(vec![
        name.to_string(),
        kind.as_str().to_string(),
        s.rows.to_string(),
        s.inserted.to_string(),
        s.updated.to_string(),
        s.unchanged.to_string(),
        s.rejected.to_string(),
    ]);
    let json = json!({
        "file": name,
        "kind": kind.as_str(),
        "rows": s.rows,
        "inserted": s.inserted,
        "updated": s.updated,
        "unchanged": s.unchanged,
        "rejected": s.rejected,
        "rejects": rejects.map(|p| p.display().to_string()),
    });
    if ctx.format == smb::output::Format::Table {
        ctx.say(format!(
            "{name}: {} {}: {} inserted, {} updated, {} unchanged, {} rejected{}",
            s.rows,
            if s.rows == 1 { "row" } else { "rows" },
            s.inserted,
            s.updated,
            s.unchanged,
            s.rejected,
            match (s.rejected, rejects) {
                (n, Some(p)) if n > 0 => format!(" (see {})", p.display()),
                _ => String::new(),
            }
        ))
    } else {
        ctx.emit(&t, &json)
    }
}
