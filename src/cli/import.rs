//! `smb import accounts|opportunities|contacts|events FILE|-`: all or nothing (SPEC §8).

use smb::store::Ops;
use std::io::{self, IsTerminal, Read};
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

use super::Ctx;
use smb::domain::tracking::{Change, merge_account};
use smb::import::files::{check_rejects_path, open_input, write_rejects};
use smb::import::{CsvFile, KeySet, Kind, Parsed, RawRow, RowError, parse_row};
use smb::output::Table;
use smb::store::{Imported, Tx};
use smb::{Error, Result};

/// Import a CSV export. One bad row and nothing is written, unless --skip-invalid.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb import accounts accounts.csv\n  smb import opportunities opps.csv --skip-invalid --rejects rejected.csv\n  cat events.csv | smb import events -\n\nColumns are matched ignoring case, spaces, '_' and '-'; Salesforce headers such as\n'Account ID', 'cARR' and 'Number of Employees' are accepted. Money: 12345.67, $12,345.67,\nUSD 12,345.67. Booleans: true/false, yes/no, y/n, 1/0. Dates: YYYY-MM-DD or MM/DD/YYYY."
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
}

#[derive(Debug, Default)]
struct Summary {
    rows: u64,
    inserted: u64,
    updated: u64,
    unchanged: u64,
    rejected: u64,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let kind = match args.kind.as_str() {
        "accounts" => Kind::Accounts,
        "opportunities" => Kind::Opportunities,
        "contacts" => Kind::Contacts,
        _ => Kind::Events,
    };
    if let Some(rejects) = &args.rejects {
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
    let mut csv = CsvFile::open(&name, kind, io::BufReader::with_capacity(1 << 16, input))?;
    let mut store = ctx.open_or_create()?;
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
    // Random key order makes B-tree inserts touch many pages: give the load a bigger cache.
    tx.set_cache_kib(24 * 1024)?;
    let settings = tx.settings()?;
    let today = ctx.now.date_naive();
    let table = imported_table(kind);
    // A first import into an empty table needs no lookups: every row is new.
    let empty = tx.is_empty(table)?;
    if empty {
        tx.drop_indexes(table)?;
    }
    let bar = progress(size);
    let mut keys = KeySet::new();
    let mut sum = Summary::default();
    while csv.advance()? {
        sum.rows += 1;
        if sum.rows % 4096 == 0 {
            bar.set_position(csv.position());
        }
        match import_row(&mut tx, &settings, today, &csv, &mut keys, empty) {
            Ok(Change::Inserted) => sum.inserted += 1,
            Ok(Change::Updated) => sum.updated += 1,
            Ok(Change::Unchanged) => sum.unchanged += 1,
            Err(Failure::Fatal(e)) => return Err(e),
            Err(Failure::Row(e)) if args.skip_invalid => {
                sum.rejected += 1;
                let mut fields = csv.raw_fields();
                fields.push(e.to_string());
                rejects.push(fields);
            }
            Err(Failure::Row(e)) => {
                bar.finish_and_clear();
                return Err(Error::Invalid(format!("{e}\nnothing was imported")));
            }
        }
    }
    bar.finish_and_clear();
    if empty {
        tx.rebuild_indexes(table)?;
    }
    if let Some(path) = &args.rejects {
        write_rejects(path, csv.header(), &rejects)?;
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

enum Failure {
    Row(RowError),
    Fatal(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Fatal(e)
    }
}

fn key_column(kind: Kind) -> &'static str {
    match kind {
        Kind::Accounts => "account_id",
        Kind::Opportunities => "opportunity_id",
        Kind::Contacts => "contact_id",
        Kind::Events => "event_id",
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

/// Imports the current row: refuses a key seen earlier in the file, recognises an unchanged
/// row by its hash without parsing it, else validates it and writes it.
fn import_row<R: Read>(
    tx: &mut Tx<'_>,
    settings: &smb::domain::model::Settings,
    today: chrono::NaiveDate,
    csv: &CsvFile<R>,
    keys: &mut KeySet,
    empty: bool,
) -> std::result::Result<Change, Failure> {
    let raw = csv.row().map_err(Failure::Row)?;
    let kind = csv.kind();
    let hash = csv.row_hash();
    let stored_hash = match csv.key() {
        Some(key) => {
            if let Some(first) = keys.insert(key, raw.line) {
                return Err(Failure::Row(raw.error(
                    key_column(kind),
                    Some(key),
                    format!("a unique {}: it is also on line {first}", key_column(kind)),
                )));
            }
            if empty {
                None
            } else {
                tx.row_hash(imported_table(kind), key)?
            }
        }
        None => None, // parse_row reports the missing key
    };
    if stored_hash == Some(hash) {
        return Ok(Change::Unchanged);
    }
    let parsed = parse_row(kind, &raw).map_err(Failure::Row)?;
    apply(
        tx,
        settings,
        today,
        parsed,
        hash,
        stored_hash.is_some(),
        &raw,
    )
}

/// Writes one validated row; when a row with its key is stored, compares with it first.
fn apply(
    tx: &mut Tx<'_>,
    settings: &smb::domain::model::Settings,
    today: chrono::NaiveDate,
    parsed: Parsed,
    hash: i64,
    stored: bool,
    raw: &RawRow<'_>,
) -> std::result::Result<Change, Failure> {
    if let Some(account) = parsed.parent_account()
        && !tx.account_exists(account)?
    {
        return Err(Failure::Row(raw.error(
            "account_id",
            Some(account),
            "the id of an imported account (import accounts first)",
        )));
    }
    Ok(match parsed {
        Parsed::Account(a) => {
            let old = if stored { tx.account(&a.id)? } else { None };
            let (merged, tier, change) = merge_account(settings, old.as_ref(), a, today);
            if change != Change::Unchanged {
                tx.put_account(&merged, tier.map(|t| t.number()), hash)?;
            }
            change
        }
        Parsed::Opportunity(o) => {
            let old = if stored { tx.opportunity(&o.id)? } else { None };
            put_if_changed(old.as_ref(), &o, || tx.put_opportunity(&o, hash))?
        }
        Parsed::Contact(c) => {
            let old = if stored { tx.contact(&c.id)? } else { None };
            put_if_changed(old.as_ref(), &c, || tx.put_contact(&c, hash))?
        }
        Parsed::Event(e) => {
            let old = if stored { tx.event(&e.id)? } else { None };
            put_if_changed(old.as_ref(), &e, || tx.put_event(&e, hash))?
        }
    })
}

fn put_if_changed<T: PartialEq>(
    stored: Option<&T>,
    new: &T,
    put: impl FnOnce() -> Result<()>,
) -> Result<Change> {
    match stored {
        Some(s) if s == new => Ok(Change::Unchanged),
        Some(_) => put().map(|()| Change::Updated),
        None => put().map(|()| Change::Inserted),
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
