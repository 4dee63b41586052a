//! `smb import accounts|opportunities|contacts|events FILE|-`: all or nothing (SPEC §8).

use std::fs::File;
use std::io::{self, IsTerminal, Read, Seek, Write};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

use super::Ctx;
use smb::domain::tracking::{Change, merge_account};
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
        check_rejects_path(rejects, &ctx.db, &args.file)?;
    }
    // The input is read before the write lock is taken (SPEC §9): a pipe or a device is first
    // spooled to a private temporary file, checked against the input limits on the way, so a
    // slow pipe never keeps other commands waiting and an endless one is refused.
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
    let tx = store.write()?;
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
        match import_row(&tx, &settings, today, &csv, &mut keys, empty) {
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
    tx: &Tx<'_>,
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
    tx: &Tx<'_>,
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

/// The input file (a regular file is read in place), or a pipe, device or standard input
/// spooled to a private temporary file: its name for messages, a reader, and its size.
fn open_input(file: &str, kind: Kind) -> Result<(String, File, Option<u64>)> {
    if file == "-" {
        let name = "<stdin>".to_string();
        let spooled = spool(&name, kind, io::stdin().lock())?;
        return Ok((name, spooled, None));
    }
    let f = File::open(file).map_err(|e| Error::invalid(format!("{file}: cannot open: {e}")))?;
    let meta = f
        .metadata()
        .map_err(|e| Error::invalid(format!("{file}: cannot open: {e}")))?;
    if meta.is_file() {
        return Ok((file.to_string(), f, Some(meta.len())));
    }
    let spooled = spool(file, kind, f)?;
    Ok((file.to_string(), spooled, None))
}

/// Copies `input` to an unnamed temporary file (owner-only, gone when closed) while reading it
/// as CSV, so the header and the input limits are checked before anything is locked.
fn spool(name: &str, kind: Kind, input: impl Read) -> Result<File> {
    let tmp_err = |e| Error::io(format!("cannot spool {name} to a temporary file"), e);
    let mut tmp = tempfile::tempfile().map_err(tmp_err)?;
    {
        let mut copy = io::BufWriter::with_capacity(1 << 16, &mut tmp);
        let tee = Tee {
            input: io::BufReader::with_capacity(1 << 16, input),
            copy: &mut copy,
        };
        let mut csv = CsvFile::open(name, kind, tee)?;
        while csv.advance()? {}
        copy.flush().map_err(tmp_err)?;
    }
    tmp.rewind().map_err(tmp_err)?;
    Ok(tmp)
}

/// Reads `input` and writes what it read to `copy`.
struct Tee<'a, R, W> {
    input: R,
    copy: &'a mut W,
}

impl<R: Read, W: Write> Read for Tee<'_, R, W> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.input.read(buf)?;
        self.copy.write_all(&buf[..n]).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "cannot spool it to a temporary file in {} (set TMPDIR to a roomier \
                     folder, or give a file instead of -): {e}",
                    std::env::temp_dir().display()
                ),
            )
        })?;
        Ok(n)
    }
}

/// Refuses (exit 2, before anything is read or written) a rejects file that is the database,
/// its `-wal` or `-shm` file, or the input, by any spelling of the path: symbolic links, `..`,
/// hard links (SPEC §8).
fn check_rejects_path(rejects: &Path, db: &Path, input: &str) -> Result<()> {
    let target = Resolved::of(rejects);
    let mut forbidden = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        for base in [db.to_path_buf(), resolve(db)] {
            let mut p = base.into_os_string();
            p.push(suffix);
            let what = if suffix.is_empty() {
                "the database".to_string()
            } else {
                format!("the database's {suffix} file")
            };
            forbidden.push((Resolved::of(Path::new(&p)), what));
        }
    }
    if input == "-" {
        // Standard input redirected from a file (`< accounts.csv`) is that file.
        #[cfg(unix)]
        forbidden.push((
            Resolved::of(Path::new("/dev/stdin")),
            "the input (standard input)".to_string(),
        ));
    } else {
        forbidden.push((Resolved::of(Path::new(input)), "the input file".to_string()));
    }
    if let Some((_, what)) = forbidden.iter().find(|(f, _)| target.same_as(f)) {
        return Err(Error::invalid(format!(
            "--rejects {}: that is {what}, which the rejects would overwrite: expected a new \
             file of its own (e.g. rejects.csv); nothing was imported",
            rejects.display()
        )));
    }
    Ok(())
}

/// `path` with symbolic links and `..` resolved; a file that does not exist yet is resolved
/// through its folder, and a link to a file that does not exist yet through its target.
fn resolve(path: &Path) -> PathBuf {
    resolve_within(path, 0)
}

fn resolve_within(path: &Path, depth: u32) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    if depth < 16
        && let Ok(target) = std::fs::read_link(path)
    {
        let target = match path.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
        return resolve_within(&target, depth + 1);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match (dir.canonicalize(), path.file_name()) {
        (Ok(d), Some(name)) => d.join(name),
        _ => path.to_path_buf(),
    }
}

/// A path resolved, and the device and inode of the file when it exists.
struct Resolved {
    path: PathBuf,
    id: Option<(u64, u64)>,
}

impl Resolved {
    fn of(path: &Path) -> Resolved {
        #[cfg(unix)]
        let id = {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
        };
        #[cfg(not(unix))]
        let id = None;
        Resolved {
            path: resolve(path),
            id,
        }
    }

    fn same_as(&self, other: &Resolved) -> bool {
        match (self.id, other.id) {
            (Some(a), Some(b)) => a == b,
            _ => self.path == other.path,
        }
    }
}

/// Writes the rejects file, created readable by its owner only (it holds customer data).
fn write_rejects(path: &PathBuf, header: &[String], rows: &[Vec<String>]) -> Result<()> {
    let io_err =
        |e: csv::Error| Error::invalid(format!("{}: cannot write rejects: {e}", path.display()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let file = opts
        .open(path)
        .map_err(|e| Error::invalid(format!("{}: cannot write rejects: {e}", path.display())))?;
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(file);
    let mut h = header.to_vec();
    h.push("error".to_string());
    w.write_record(&h).map_err(io_err)?;
    for r in rows {
        w.write_record(r).map_err(io_err)?;
    }
    w.flush()
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))
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
