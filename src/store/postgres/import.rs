//! Import of a batch on PostgreSQL (docs/store-boundary.md 4.5), in the command's one
//! transaction:
//!
//! 1. every parsed row is sent by binary `COPY` into a temporary table (binary: no quoting of
//!    hostile text, no parsing on the server), with its hash and input line;
//! 2. rows whose parent account is missing are handed back to the source as rejections;
//! 3. rows whose hash is the stored row's, or whose values are, are unchanged (SQLite's
//!    per-row lookup, as one `DELETE … USING`); for accounts the remaining stored ones are
//!    read back through a cursor, merged by `track` (change dates, tier) and sent back;
//! 4. one `INSERT … SELECT DISTINCT ON (key) … ON CONFLICT (key) DO UPDATE` writes the rest
//!    (the last row of a duplicated key wins, as on SQLite), counting inserted and updated
//!    rows by `xmax = 0`. Owners a profile answers to take the profile's spelling (SPEC §1.2).
//!
//! An import of accounts also keeps the summary `tier --summary` reads (`standings`): every
//! account written is counted in, every stored one it replaces counted out, written at the end.
//!
//! The table is locked against other imports first (readers go on). A first import of
//! accounts, into an empty table, skips the temporary table: every row is new and goes
//! straight into `accounts` by binary COPY, with the table's secondary indexes built once at
//! the end (readers of `accounts` wait for that import's commit).
//!
//! An error anywhere leaves the transaction to roll back: nothing is imported.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use std::io::Write;

use postgres::types::Type;
use postgres::{CopyInWriter, GenericClient};

use super::binary::{self, SIGNATURE as COPY_SIGNATURE};
use super::read::{Fail, R, account_at};
use super::standings::{self, Keeper};
use crate::domain::account::{Account, Contact, CustomerType, Event, Opportunity};
use crate::domain::tracking::Change;
use crate::import::Parsed;
use crate::import::StoredHashes;
use crate::store::ops::{ImportCounts, ImportRows, RowKey, Tracked};
use crate::store::{Imported, ts};

/// Rows read back per round trip when accounts are merged with their stored state.
const FETCH: usize = 2_000;

/// How one table is imported: its key, every column with its type (in the order rows are
/// written), and the columns whose equality makes a row unchanged.
struct Spec {
    table: &'static str,
    key: &'static str,
    columns: &'static [(&'static str, Type)],
    /// Whether `owner` takes a profile's spelling.
    owner: bool,
}

const ACCOUNTS: Spec = Spec {
    table: "accounts",
    key: "account_id",
    columns: &[
        ("account_id", Type::TEXT),
        ("name", Type::TEXT),
        ("region", Type::TEXT),
        ("carr_cents", Type::INT8),
        ("country", Type::TEXT),
        ("employees", Type::INT8),
        ("lam", Type::INT8),
        ("has_ultimate", Type::BOOL),
        ("auto_renew", Type::BOOL),
        ("pte", Type::INT8),
        ("ptc", Type::INT8),
        ("deployment", Type::TEXT),
        ("email_domain", Type::TEXT),
        ("customer_type", Type::TEXT),
        ("owner", Type::TEXT),
        ("subscription_end_date", Type::TEXT),
        ("seats", Type::INT8),
        ("active_users", Type::INT8),
        ("overage_cents", Type::INT8),
        ("qsr_enabled", Type::BOOL),
        ("auto_renew_changed_at", Type::TEXT),
        ("pte_updated_at", Type::TEXT),
        ("ptc_updated_at", Type::TEXT),
        ("tier_changed_at", Type::TEXT),
        ("carr_crossed_at", Type::TEXT),
        ("tier", Type::INT8),
    ],
    owner: true,
};

const OPPORTUNITIES: Spec = Spec {
    table: "opportunities",
    key: "opportunity_id",
    columns: &[
        ("opportunity_id", Type::TEXT),
        ("account_id", Type::TEXT),
        ("type", Type::TEXT),
        ("stage", Type::TEXT),
        ("close_date", Type::TEXT),
        ("name", Type::TEXT),
        ("amount_cents", Type::INT8),
        ("owner", Type::TEXT),
        ("users", Type::INT8),
        ("po_required", Type::BOOL),
        ("eoa", Type::BOOL),
        ("multi_year", Type::BOOL),
        ("auto_renew", Type::BOOL),
        ("auto_renewal_status", Type::TEXT),
        ("qsr_status", Type::TEXT),
        ("payment_failure", Type::BOOL),
        ("includes_duo", Type::BOOL),
        ("renewal_risk", Type::TEXT),
    ],
    owner: true,
};

const CONTACTS: Spec = Spec {
    table: "contacts",
    key: "contact_id",
    columns: &[
        ("contact_id", Type::TEXT),
        ("account_id", Type::TEXT),
        ("email", Type::TEXT),
        ("name", Type::TEXT),
        ("language", Type::TEXT),
    ],
    owner: false,
};

const EVENTS: Spec = Spec {
    table: "events",
    key: "event_id",
    columns: &[
        ("event_id", Type::TEXT),
        ("type", Type::TEXT),
        ("occurred_at", Type::TEXT),
        ("account_id", Type::TEXT),
        ("email", Type::TEXT),
        ("description", Type::TEXT),
    ],
    owner: false,
};

fn spec(kind: Imported) -> &'static Spec {
    match kind {
        Imported::Accounts => &ACCOUNTS,
        Imported::Opportunities => &OPPORTUNITIES,
        Imported::Contacts => &CONTACTS,
        Imported::Events => &EVENTS,
    }
}

impl Spec {
    /// The columns an import compares: all but the stored tier (derived, not imported).
    fn compared(&self) -> impl Iterator<Item = &'static str> {
        self.columns
            .iter()
            .map(|(c, _)| *c)
            .filter(|c| *c != "tier")
    }

    fn names(&self) -> String {
        let v: Vec<&str> = self.columns.iter().map(|(c, _)| *c).collect();
        v.join(", ")
    }

    fn copy_sql(&self, into: &str) -> String {
        format!(
            "COPY {into} ({}, row_hash, line) FROM STDIN (FORMAT binary)",
            self.names()
        )
    }

    /// Deletes the incoming rows that are unchanged: the stored row has their hash, or, for
    /// every table but accounts (whose merge decides), the same values.
    fn unchanged_sql(&self) -> String {
        let by_value = if self.table == "accounts" {
            String::new()
        } else {
            let t: Vec<String> = self.compared().map(|c| format!("t.{c}")).collect();
            let i: Vec<String> = self.compared().map(|c| format!("i.{c}")).collect();
            format!(
                " OR ({}) IS NOT DISTINCT FROM ({})",
                t.join(", "),
                i.join(", ")
            )
        };
        format!(
            "DELETE FROM smb_incoming i USING {table} t
              WHERE t.{key} = i.{key} AND (coalesce(t.row_hash, 0) = i.row_hash{by_value})",
            table = self.table,
            key = self.key
        )
    }

    fn upsert_sql(&self) -> String {
        let select: Vec<String> = self
            .columns
            .iter()
            .map(|(c, _)| {
                if *c == "owner" && self.owner {
                    "coalesce((SELECT v.name FROM advocates v
                                WHERE lower(v.name) = lower(trim(i.owner))), i.owner)"
                        .to_string()
                } else {
                    format!("i.{c}")
                }
            })
            .collect();
        let set: Vec<&str> = self
            .columns
            .iter()
            .map(|(c, _)| *c)
            .filter(|c| *c != self.key)
            .collect();
        let excluded: Vec<String> = set.iter().map(|c| format!("EXCLUDED.{c}")).collect();
        format!(
            "WITH w AS (
               INSERT INTO {table} ({names}, row_hash)
               SELECT DISTINCT ON (i.{key}) {select}, i.row_hash FROM smb_incoming i
                ORDER BY i.{key}, i.line DESC
               ON CONFLICT ({key}) DO UPDATE SET ({set}, row_hash) = ({excluded}, EXCLUDED.row_hash)
               RETURNING (xmax = 0) AS inserted)
             SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM w",
            table = self.table,
            key = self.key,
            names = self.names(),
            select = select.join(", "),
            set = set.join(", "),
            excluded = excluded.join(", "),
        )
    }
}

/// Bytes of rows gathered before they are sent as one message.
const FLUSH: usize = 1 << 16;

/// Rows in PostgreSQL's binary COPY format (`binary`), written straight into a buffer and sent
/// in large messages, without `BinaryCopyInWriter`'s type check, dynamic calls and trip through
/// the client's runtime for every value (a third of the import's main thread on a first load).
struct Tuples<'a> {
    out: CopyInWriter<'a>,
    buf: Vec<u8>,
}

impl<'a> Tuples<'a> {
    fn start(c: &'a mut impl GenericClient, sql: &str) -> R<Self> {
        let out = c.copy_in(sql)?;
        let mut buf = Vec::with_capacity(FLUSH + (64 << 10));
        binary::header(&mut buf);
        Ok(Tuples { out, buf })
    }

    /// Starts a row of `fields` values.
    fn row(&mut self, fields: i16) -> R<()> {
        if self.buf.len() >= FLUSH {
            self.send()?;
        }
        binary::row(&mut self.buf, fields);
        Ok(())
    }

    fn send(&mut self) -> R<()> {
        let sent = self.out.write_all(&self.buf);
        self.buf.clear();
        sent.map_err(
            |e| match e.into_inner().map(|e| e.downcast::<postgres::Error>()) {
                Some(Ok(pg)) => Fail::Pg(*pg),
                Some(Err(other)) => Fail::Bad(other.to_string()),
                None => Fail::Bad("the COPY to the server failed".into()),
            },
        )
    }

    fn null(&mut self) {
        binary::null(&mut self.buf);
    }

    fn text(&mut self, v: Option<&str>) -> R<()> {
        binary::text(&mut self.buf, v).map_err(|_| Fail::Bad("a value over 2 GiB".into()))
    }

    fn int8(&mut self, v: Option<i64>) {
        binary::int8(&mut self.buf, v);
    }

    fn bool(&mut self, v: Option<bool>) {
        binary::bool(&mut self.buf, v);
    }

    /// Any value as the text its `Display` gives (dates as `NaiveDate::to_string`, times as
    /// `ts`), formatted in place.
    fn shown(&mut self, v: Option<impl std::fmt::Display>) -> R<()> {
        match v {
            None => self.null(),
            Some(v) => {
                let at = self.buf.len();
                self.buf.extend_from_slice(&[0; 4]);
                write!(self.buf, "{v}").map_err(|e| Fail::Bad(e.to_string()))?;
                let n = i32::try_from(self.buf.len() - at - 4)
                    .map_err(|_| Fail::Bad("a value over 2 GiB".into()))?;
                self.buf[at..at + 4].copy_from_slice(&n.to_be_bytes());
            }
        }
        Ok(())
    }

    /// A date as `NaiveDate`'s `Display` writes it, without the formatter when it can
    /// (an import writes up to six per account).
    fn date(&mut self, v: Option<NaiveDate>) -> R<()> {
        match v.and_then(iso_date) {
            Some(text) => {
                self.buf.extend_from_slice(&10i32.to_be_bytes());
                self.buf.extend_from_slice(&text);
                Ok(())
            }
            None => self.shown(v),
        }
    }

    /// Sends the trailer and ends the COPY.
    fn finish(mut self) -> R<u64> {
        binary::trailer(&mut self.buf);
        self.send()?;
        Ok(self.out.finish()?)
    }
}

/// `YYYY-MM-DD` for a year from 0 to 9999 (`None` otherwise: `Display` signs those).
fn iso_date(d: NaiveDate) -> Option<[u8; 10]> {
    let y = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
    let (m, dd) = (d.month(), d.day());
    let digit = |n: u32| b'0' + (n % 10) as u8;
    Some([
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(dd / 10),
        digit(dd),
    ])
}

/// Writes one account (with its tier, its hash and, into the incoming table, its line).
fn write_account(
    w: &mut Tuples<'_>,
    a: &Account,
    tier: Option<i64>,
    hash: i64,
    line: Option<i64>,
) -> R<()> {
    w.row(if line.is_some() { 28 } else { 27 })?;
    w.text(Some(&a.id))?;
    w.text(Some(&a.name))?;
    w.text(Some(a.region.as_str()))?;
    w.int8(Some(a.carr.0));
    w.text(a.country.as_deref())?;
    w.int8(a.employees);
    w.int8(a.lam);
    w.bool(a.has_ultimate);
    w.bool(a.auto_renew);
    w.int8(a.pte.map(i64::from));
    w.int8(a.ptc.map(i64::from));
    w.text(a.deployment.as_deref())?;
    w.text(a.email_domain.as_deref())?;
    w.text(a.customer_type.map(CustomerType::as_str))?;
    w.text(a.owner.as_deref())?;
    w.date(a.subscription_end_date)?;
    w.int8(a.seats);
    w.int8(a.active_users);
    w.int8(a.overage.map(|c| c.0));
    w.bool(a.qsr_enabled);
    w.date(a.auto_renew_changed_at)?;
    w.date(a.pte_updated_at)?;
    w.date(a.ptc_updated_at)?;
    w.date(a.tier_changed_at)?;
    w.date(a.carr_crossed_at)?;
    w.int8(tier);
    w.int8(Some(hash));
    if line.is_some() {
        w.int8(line);
    }
    Ok(())
}

fn write_opportunity(w: &mut Tuples<'_>, o: &Opportunity, hash: i64, line: i64) -> R<()> {
    w.row(20)?;
    w.text(Some(&o.id))?;
    w.text(Some(&o.account_id))?;
    w.text(Some(&o.kind))?;
    w.text(Some(&o.stage))?;
    w.date(Some(o.close_date))?;
    w.text(o.name.as_deref())?;
    w.int8(o.amount.map(|c| c.0));
    w.text(o.owner.as_deref())?;
    w.int8(o.users);
    w.bool(o.po_required);
    w.bool(o.eoa);
    w.bool(o.multi_year);
    w.bool(o.auto_renew);
    w.text(o.auto_renewal_status.as_deref())?;
    w.text(o.qsr_status.as_deref())?;
    w.bool(o.payment_failure);
    w.bool(o.includes_duo);
    w.text(o.renewal_risk.as_deref())?;
    w.int8(Some(hash));
    w.int8(Some(line));
    Ok(())
}

fn write_contact(w: &mut Tuples<'_>, c: &Contact, hash: i64, line: i64) -> R<()> {
    w.row(7)?;
    w.text(Some(&c.id))?;
    w.text(Some(&c.account_id))?;
    w.text(Some(&c.email))?;
    w.text(c.name.as_deref())?;
    w.text(c.language.as_deref())?;
    w.int8(Some(hash));
    w.int8(Some(line));
    Ok(())
}

fn write_event(w: &mut Tuples<'_>, e: &Event, hash: i64, line: i64) -> R<()> {
    w.row(8)?;
    w.text(Some(&e.id))?;
    w.text(Some(&e.kind))?;
    w.text(Some(&ts(e.occurred_at)))?;
    w.text(e.account_id.as_deref())?;
    w.text(e.email.as_deref())?;
    w.text(e.description.as_deref())?;
    w.int8(Some(hash));
    w.int8(Some(line));
    Ok(())
}

fn tier_number(t: &Tracked) -> Option<i64> {
    t.1.map(|t| i64::from(t.number()))
}

/// Imports `rows` (see the module's comment); returns what was written.
pub fn import(
    c: &mut impl GenericClient,
    rows: &mut dyn ImportRows,
    track: &dyn Fn(Option<&Account>, Account) -> Tracked,
) -> R<ImportCounts> {
    let kind = rows.kind();
    let spec = spec(kind);
    // One import of a table at a time (as SQLite's write lock makes it), readers undisturbed:
    // what is stored cannot change between the comparisons below and the write.
    c.batch_execute(&format!(
        "LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE",
        spec.table
    ))?;
    // The summary `tier --summary` reads (`standings`), kept by every import of accounts.
    let mut keeper = None;
    if kind == Imported::Accounts {
        let empty: bool = c
            .query_typed_one("SELECT NOT EXISTS (SELECT 1 FROM accounts)", &[])?
            .try_get(0)?;
        let mut kept = Keeper::begin(c, empty)?;
        if empty {
            // The rows are validated on this thread, beside the reader's CSV parsing and
            // hashing: the two threads are busier alike (a first load of 1,000,000 rows: 20-30%
            // less wall time than validating on the reader's thread too; BENCHMARKS.md).
            let counts = first_accounts(c, rows, track, &mut kept)?;
            kept.finish(c)?;
            return Ok(counts);
        }
        keeper = Some(kept);
    }
    // The stored rows' hashes: a row whose hash is its stored row's is unchanged and is
    // neither parsed nor sent (SQLite's per-row lookup). With nothing stored, every row's
    // values go to the server, so the source may read ahead.
    let anything_stored: bool = c
        .query_typed_one(
            &format!("SELECT EXISTS (SELECT 1 FROM {})", spec.table),
            &[],
        )?
        .try_get(0)?;
    if !anything_stored {
        rows.every_row_parsed();
    }
    // Names and columns are constants of this file, never input.
    c.batch_execute(&format!(
        "DROP TABLE IF EXISTS pg_temp.smb_incoming, pg_temp.smb_tracked;
         CREATE TEMP TABLE smb_incoming (LIKE {table}, line bigint NOT NULL) ON COMMIT DROP;",
        table = spec.table
    ))?;

    // 1. The stored hashes are read while the file is (`overlap`), then every parsed row goes
    //    to the server by binary COPY.
    let mut read: u64 = 0;
    let (mut stored, held, deferred) = if anything_stored {
        overlap(c, spec, rows, &mut read)?
    } else {
        let mut none = StoredHashes::new();
        none.seal();
        (none, None, Vec::new())
    };
    {
        let mut w = Tuples::start(c, &spec.copy_sql("smb_incoming"))?;
        for d in deferred {
            if let Some(key) = &d.undecided
                && stored.get(key) == Some(d.row_hash as u64)
            {
                read += 1; // unchanged after all: parsed, but neither sent nor reported
                continue;
            }
            write_parsed(&mut w, d.parsed, d.row_hash, d.line, track, &mut keeper)?;
            read += 1;
        }
        // The row the overlap stopped at, then the rest of the file.
        let mut next = match held {
            Some(at) => Some(at),
            None => rows.next_row()?,
        };
        while let Some(at) = next {
            if stored.get(&at.key) == Some(at.row_hash as u64) {
                read += 1; // unchanged: counted, never parsed
            } else if let Some(parsed) = rows.parse()? {
                let line = i64::try_from(at.line).unwrap_or(i64::MAX);
                write_parsed(&mut w, parsed, at.row_hash, line, track, &mut keeper)?;
                read += 1;
            } // else rejected by the source (--skip-invalid)
            next = rows.next_row()?;
        }
        w.finish()?;
    }

    // 2. Rows whose account is not in the database: the source rejects them (or stops).
    if kind != Imported::Accounts {
        let orphans = c.query_typed(
            "SELECT line, account_id FROM smb_incoming i
              WHERE account_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.account_id = i.account_id)
              ORDER BY line",
            &[],
        )?;
        if !orphans.is_empty() {
            let mut lines: Vec<i64> = Vec::with_capacity(orphans.len());
            for r in &orphans {
                let (line, account): (i64, String) = (r.try_get(0)?, r.try_get(1)?);
                rows.reject(
                    u64::try_from(line).unwrap_or(0),
                    "account_id",
                    Some(&account),
                    "the id of an imported account (import accounts first)",
                )?;
                lines.push(line);
            }
            c.execute_typed(
                "DELETE FROM smb_incoming WHERE line = ANY($1)",
                &[(&lines, Type::INT8_ARRAY)],
            )?;
            read -= lines.len() as u64;
        }
    }

    // The CRM carried smb's opportunities (SPEC §11.1): their export marks clear. smb's
    // changes reset the stored hash, so the values are compared below and the CRM's win.
    if kind == Imported::Opportunities {
        c.batch_execute(
            "UPDATE opportunity_work w SET changed_at = NULL FROM smb_incoming i
              WHERE w.opportunity_id = i.opportunity_id AND w.changed_at IS NOT NULL",
        )?;
    }

    // 3. Unchanged rows leave (accounts: no longer counted as written).
    if let Some(kept) = &mut keeper {
        let gone = c.query_typed(
            &format!(
                "{} RETURNING {}",
                spec.unchanged_sql(),
                standings::segment_columns("i")
            ),
            &[],
        )?;
        standings::add_returned(kept, &gone, -1)?;
        merge_stored_accounts(c, track, kept)?;
    } else {
        c.execute_typed(&spec.unchanged_sql(), &[])?;
    }

    // 4. The rest, in one statement.
    let r = c.query_typed_one(&spec.upsert_sql(), &[])?;
    let (inserted, updated): (i64, i64) = (r.try_get(0)?, r.try_get(1)?);
    c.batch_execute("DROP TABLE IF EXISTS pg_temp.smb_incoming, pg_temp.smb_tracked")?;
    if let Some(kept) = keeper {
        kept.finish(c)?;
    }
    let (inserted, updated) = (inserted as u64, updated as u64);
    Ok(ImportCounts {
        inserted,
        updated,
        unchanged: read.saturating_sub(inserted + updated),
    })
}

/// Writes one parsed row to the incoming table.
fn write_parsed(
    w: &mut Tuples<'_>,
    parsed: Parsed,
    row_hash: i64,
    line: i64,
    track: &dyn Fn(Option<&Account>, Account) -> Tracked,
    keeper: &mut Option<Keeper>,
) -> R<()> {
    match parsed {
        Parsed::Account(a) => {
            // As if new: the stored ones are merged again below. A new account's merge reads
            // nothing of the incoming row that a stored one's does not recompute
            // (`carr_crossed_at` comes from the stored row only). Counted as written; a stored
            // one's merge takes it away again.
            let tracked = track(None, a);
            if let Some(k) = keeper {
                k.add(&tracked.0, 1);
            }
            write_account(w, &tracked.0, tier_number(&tracked), row_hash, Some(line))
        }
        Parsed::Opportunity(o) => write_opportunity(w, &o, row_hash, line),
        Parsed::Contact(ct) => write_contact(w, &ct, row_hash, line),
        Parsed::Event(e) => write_event(w, &e, row_hash, line),
    }
}

/// A row read while the stored hashes were still coming: its values, to be sent once the
/// connection is free, unless (`undecided`: its key was not found yet) its key turns out to
/// be stored with its hash.
struct Deferred {
    parsed: Parsed,
    row_hash: i64,
    line: i64,
    undecided: Option<String>,
}

/// Rows held back while the stored hashes are read (each a parsed row: about 1 KB).
const DEFER_MAX: usize = 8_192;
/// Stored keys read ahead of the file's (not found in the file yet) before the rest are read
/// at once: the file is in another order than the table.
const PENDING_MAX: usize = 16_384;
/// Stored keys read looking for one key before it is left undecided.
const SEEK_MAX: usize = 1_024;

/// The overlap of reading the stored hashes and reading the file (issue #16, BENCHMARKS.md
/// "Fifth pass"). The stored `(key, hash)` pairs come over the connection in the table's
/// order, read only as far as the file's rows need: a first import wrote them in the file's
/// order, so each row's key is usually the next stored one. A row whose key comes with its
/// hash is unchanged, as before; the rest (changed, new, or not found yet) are parsed and
/// held, to be sent once the connection is free. It stops, reading the remaining pairs at
/// once, when the stored pairs end, when too many rows or pairs are held (the file's order is
/// not the table's: then the rest goes as before), or at a row whose key was not found yet
/// and whose values are invalid: whether that is reported depends on its stored hash, so it
/// is decided (and returned, as the current row of `rows`) once every pair is in.
///
/// Every row gets the decision and the reports of reading every pair first, in the same
/// order: a row is parsed with reporting only when it is known to be changed or new, and the
/// source's own refusals come through `next_row` in file order as ever.
#[allow(clippy::type_complexity)]
fn overlap(
    c: &mut impl GenericClient,
    spec: &Spec,
    rows: &mut dyn ImportRows,
    read: &mut u64,
) -> R<(StoredHashes, Option<RowKey>, Vec<Deferred>)> {
    let estimate: f32 = c
        .query_typed_one(
            "SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = $1::regclass",
            &[(&spec.table, Type::TEXT)],
        )?
        .try_get(0)?;
    let mut pairs = StoredPairs::open(c, spec)?;
    // Pairs read and not yet matched to a row of the file.
    let mut pending: hashbrown::HashMap<Box<str>, u64> = hashbrown::HashMap::new();
    let mut deferred: Vec<Deferred> = Vec::new();
    let mut held = None;
    while let Some(at) = rows.next_row()? {
        let line = i64::try_from(at.line).unwrap_or(i64::MAX);
        let found = if at.key.is_empty() {
            Seek::NotYet // no key: invalid, decided below
        } else if let Some(h) = (!pending.is_empty())
            .then(|| pending.remove(at.key.as_str()))
            .flatten()
        {
            Seek::Stored(h)
        } else {
            pairs.seek(&at.key, &mut pending)?
        };
        match found {
            Seek::Stored(h) if h == at.row_hash as u64 => *read += 1, // unchanged
            Seek::Stored(_) | Seek::Absent => {
                // Changed or new: parsed (and reported) here, as before; sent later.
                if let Some(parsed) = rows.parse()? {
                    deferred.push(Deferred {
                        parsed,
                        row_hash: at.row_hash,
                        line,
                        undecided: None,
                    });
                }
            }
            Seek::NotYet => match rows.parse_quietly() {
                Some(parsed) => deferred.push(Deferred {
                    parsed,
                    row_hash: at.row_hash,
                    line,
                    undecided: Some(at.key),
                }),
                None => {
                    held = Some(at);
                    break;
                }
            },
        }
        if pairs.done || deferred.len() >= DEFER_MAX || pending.len() >= PENDING_MAX {
            break;
        }
    }
    let mut stored = StoredHashes::new();
    stored.reserve(
        (estimate as usize)
            .saturating_sub(*read as usize)
            .max(pending.len()),
    );
    for (k, h) in &pending {
        stored.push(k, *h);
    }
    drop(pending);
    while let Some(h) = pairs.next()? {
        stored.push(pairs.key(), h);
    }
    stored.seal();
    Ok((stored, held, deferred))
}

/// Where a key stands among the stored pairs read so far.
enum Seek {
    /// Stored, with this hash.
    Stored(u64),
    /// Not stored: every pair was read.
    Absent,
    /// Not found yet.
    NotYet,
}

/// The stored `(key, hash)` pairs of a table (a row stored without a hash as 0, as the
/// comparison on the server reads it), read one at a time from one binary `COPY … TO STDOUT`.
struct StoredPairs<'a> {
    r: std::io::BufReader<postgres::CopyOutReader<'a>>,
    key: Vec<u8>,
    table: &'static str,
    /// Every pair was read.
    done: bool,
}

impl<'a> StoredPairs<'a> {
    fn open(c: &'a mut impl GenericClient, spec: &Spec) -> R<Self> {
        use std::io::Read;
        // The scan starts at the table's first page, not where the last one left off, so
        // rows a first import wrote in key order come back sorted.
        c.batch_execute("SET LOCAL synchronize_seqscans = off")?;
        let reader = c.copy_out(&format!(
            "COPY (SELECT {key}, coalesce(row_hash, 0) FROM {table}) TO STDOUT (FORMAT binary)",
            key = spec.key,
            table = spec.table
        ))?;
        let mut pairs = StoredPairs {
            r: std::io::BufReader::with_capacity(1 << 16, reader),
            key: Vec::new(),
            table: spec.table,
            done: false,
        };
        // The header: signature, flags, and an extension area this skips.
        let mut head = [0u8; 19];
        pairs.read(&mut head)?;
        if &head[..11] != COPY_SIGNATURE {
            return Err(pairs.bad("not a binary COPY"));
        }
        let ext = u32::from_be_bytes([head[15], head[16], head[17], head[18]]) as usize;
        let skipped = std::io::copy(&mut (&mut pairs.r).take(ext as u64), &mut std::io::sink());
        skipped.map_err(|e| pairs.bad(&e.to_string()))?;
        Ok(pairs)
    }

    fn bad(&self, what: &str) -> Fail {
        Fail::Bad(format!("the stored row hashes of {}: {what}", self.table))
    }

    fn read(&mut self, buf: &mut [u8]) -> R<()> {
        use std::io::Read;
        self.r.read_exact(buf).map_err(|e| self.bad(&e.to_string()))
    }

    /// The next pair's hash (its key in `key()`), `None` after the last.
    fn next(&mut self) -> R<Option<u64>> {
        if self.done {
            return Ok(None);
        }
        let mut fields = [0u8; 2];
        self.read(&mut fields)?;
        match i16::from_be_bytes(fields) {
            -1 => {
                self.done = true; // the trailer
                return Ok(None);
            }
            2 => {}
            other => return Err(self.bad(&format!("a tuple of {other} fields"))),
        }
        let mut len = [0u8; 4];
        self.read(&mut len)?;
        let len = usize::try_from(i32::from_be_bytes(len)).map_err(|_| self.bad("a null key"))?;
        let mut key = std::mem::take(&mut self.key);
        key.resize(len, 0);
        let got = self.read(&mut key);
        self.key = key;
        got?;
        let mut hash = [0u8; 12];
        self.read(&mut hash)?;
        if i32::from_be_bytes([hash[0], hash[1], hash[2], hash[3]]) != 8 {
            return Err(self.bad("a hash that is not 8 bytes"));
        }
        if std::str::from_utf8(&self.key).is_err() {
            return Err(self.bad("a key that is not UTF-8"));
        }
        // The bits of the stored i64, compared as such.
        Ok(Some(
            i64::from_be_bytes(hash[4..].try_into().expect("8 bytes")) as u64,
        ))
    }

    /// The key of the pair `next` returned last.
    fn key(&self) -> &str {
        std::str::from_utf8(&self.key).expect("checked in next")
    }

    /// Reads pairs until `key`'s; the pairs passed on the way go to `pending`. Stops, leaving
    /// `key` not found yet, at a stored key greater than it (the table is in key order
    /// there: `key` is new, or stored further on) or after `SEEK_MAX` pairs.
    fn seek(&mut self, key: &str, pending: &mut hashbrown::HashMap<Box<str>, u64>) -> R<Seek> {
        for _ in 0..SEEK_MAX {
            let Some(h) = self.next()? else {
                return Ok(Seek::Absent);
            };
            let k = self.key();
            if k == key {
                return Ok(Seek::Stored(h));
            }
            let past = k > key;
            pending.insert(k.into(), h);
            if past {
                return Ok(Seek::NotYet);
            }
        }
        Ok(Seek::NotYet)
    }
}

/// The first import of accounts: every row is new, so rows go straight into the table by
/// binary COPY, each merged as a new account, owners given their profile's spelling here.
fn first_accounts(
    c: &mut impl GenericClient,
    rows: &mut dyn ImportRows,
    track: &dyn Fn(Option<&Account>, Account) -> Tracked,
    keeper: &mut Keeper,
) -> R<ImportCounts> {
    let mut owners = crate::store::owners::Owners::new(
        c.query_typed("SELECT name FROM advocates", &[])?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<std::result::Result<_, _>>()?,
    );
    // The secondary indexes (today `accounts_email_domain`, on the domain's hash) are
    // dropped and built again once the rows are in: one sort instead of a million inserts at
    // random places of a growing B-tree (more than half of the server's work of the load,
    // BENCHMARKS.md "Third pass: PostgreSQL"). Their definitions come from the catalog, so
    // they come back exactly as the migrations made them. Dropping an index takes the table's
    // exclusive lock: a reader of `accounts` waits for this transaction (it would have read
    // an empty table) and then sees every row; the primary key stays, so a duplicate key
    // still fails the COPY. (Only indexes this login may drop: a login that may write the
    // table without owning it loads it with its indexes, as before.)
    let indexes = super::first_run::droppable_indexes(c, &["accounts"])?;
    for i in &indexes {
        // A name from the catalog, quoted as `regclass` prints it; never input.
        c.batch_execute(&format!("DROP INDEX {}", i.name))?;
    }
    // The primary key too, when no foreign key hangs on it: built once from rows that arrive
    // in key order (the usual export) it is a sorted pass, where the COPY descended into it
    // for every row (a first load of 1,000,000 accounts: 10-20% of the server's CPU,
    // BENCHMARKS.md "Fourth pass"). Keys are unique by then (the source refuses a key seen
    // earlier in the file); the constraint comes back with its name and definition from the
    // catalog, checked as it is built, in this transaction.
    let keys: Vec<(String, String)> = c
        .query_typed(
            "SELECT quote_ident(k.conname), pg_get_constraintdef(k.oid)
               FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
              WHERE k.conrelid = 'accounts'::regclass AND k.contype = 'p'
                AND pg_has_role(t.relowner, 'USAGE')
                AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.confrelid = k.conrelid)",
            &[],
        )?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<R<_>>()?;
    for (name, _) in &keys {
        // A name from the catalog, quoted by `quote_ident`; never input.
        c.batch_execute(&format!("ALTER TABLE accounts DROP CONSTRAINT {name}"))?;
    }
    let mut inserted = 0u64;
    let mut w = Tuples::start(
        c,
        &format!(
            "COPY accounts ({}, row_hash) FROM STDIN (FORMAT binary)",
            ACCOUNTS.names()
        ),
    )?;
    while let Some(at) = rows.next_row()? {
        let Some(parsed) = rows.parse()? else {
            continue;
        };
        let Parsed::Account(a) = parsed else {
            return Err(Fail::Bad(format!(
                "an {} row in an accounts import",
                parsed.key()
            )));
        };
        let mut tracked = track(None, a);
        if let Some(o) = &tracked.0.owner
            && let Some(p) = owners.profile_of(o)
            && p != o
        {
            tracked.0.owner = Some(p.to_string());
        }
        write_account(&mut w, &tracked.0, tier_number(&tracked), at.row_hash, None)?;
        keeper.add(&tracked.0, 1);
        inserted += 1;
    }
    w.finish()?;
    for (name, definition) in &keys {
        c.batch_execute(&format!(
            "ALTER TABLE accounts ADD CONSTRAINT {name} {definition}"
        ))?;
    }
    for i in &indexes {
        c.batch_execute(&i.definition)?;
    }
    Ok(ImportCounts {
        inserted,
        updated: 0,
        unchanged: 0,
    })
}

/// Accounts already stored whose hash changed: each is merged with its stored state by
/// `track` (read back through a cursor, a batch at a time); the changed ones replace their
/// incoming row, the others leave.
///
/// The summary: each row read was counted as written (`write_parsed`); that is taken away,
/// and a changed one's stored account is replaced by its merge.
fn merge_stored_accounts(
    c: &mut impl GenericClient,
    track: &dyn Fn(Option<&Account>, Account) -> Tracked,
    keeper: &mut Keeper,
) -> R<()> {
    c.batch_execute(concat!(
        "CREATE TEMP TABLE smb_tracked (LIKE smb_incoming) ON COMMIT DROP;
         DECLARE smb_stored NO SCROLL CURSOR FOR
         SELECT i.line, i.row_hash, ",
        "i.account_id, i.name, i.region, i.carr_cents, i.country, i.employees, i.lam,
         i.has_ultimate, i.auto_renew, i.pte, i.ptc, i.deployment, i.email_domain,
         i.customer_type, i.owner, i.subscription_end_date, i.seats, i.active_users,
         i.overage_cents, i.qsr_enabled, i.auto_renew_changed_at, i.pte_updated_at,
         i.ptc_updated_at, i.tier_changed_at, i.carr_crossed_at, ",
        "a.account_id, a.name, a.region, a.carr_cents, a.country, a.employees, a.lam,
         a.has_ultimate, a.auto_renew, a.pte, a.ptc, a.deployment, a.email_domain,
         a.customer_type, a.owner, a.subscription_end_date, a.seats, a.active_users,
         a.overage_cents, a.qsr_enabled, a.auto_renew_changed_at, a.pte_updated_at,
         a.ptc_updated_at, a.tier_changed_at, a.carr_crossed_at
           FROM smb_incoming i JOIN accounts a ON a.account_id = i.account_id"
    ))?;
    let fetch = format!("FETCH {FETCH} FROM smb_stored");
    loop {
        let batch = c.query(&fetch, &[])?;
        if batch.is_empty() {
            break;
        }
        let mut changed: Vec<(Tracked, i64, i64)> = Vec::new();
        for r in &batch {
            let (line, hash): (i64, i64) = (r.try_get(0)?, r.try_get(1)?);
            let incoming = account_at(r, 2)?;
            let stored = account_at(r, 27)?;
            keeper.add(&incoming, -1);
            let tracked = track(Some(&stored), incoming);
            if tracked.2 != Change::Unchanged {
                keeper.add(&stored, -1);
                keeper.add(&tracked.0, 1);
                changed.push((tracked, hash, line));
            }
        }
        if !changed.is_empty() {
            let mut w = Tuples::start(c, &ACCOUNTS.copy_sql("smb_tracked"))?;
            for (t, hash, line) in &changed {
                write_account(&mut w, &t.0, tier_number(t), *hash, Some(*line))?;
            }
            w.finish()?;
        }
    }
    c.batch_execute(
        "CLOSE smb_stored;
         DELETE FROM smb_incoming i USING accounts a WHERE a.account_id = i.account_id;
         INSERT INTO smb_incoming SELECT * FROM smb_tracked;",
    )?;
    Ok(())
}

/// Records an import and its counts (inserted, updated, unchanged, rejected).
pub fn record_import(
    c: &mut impl GenericClient,
    kind: &str,
    source: &str,
    at: DateTime<Utc>,
    actor: &str,
    counts: [u64; 4],
) -> R<()> {
    let n = |i: usize| i64::try_from(counts[i]).unwrap_or(i64::MAX);
    let (at, ins, upd, unch, rej) = (ts(at), n(0), n(1), n(2), n(3));
    c.execute_typed(
        "INSERT INTO imports (kind, source, at, actor, inserted, updated, unchanged, rejected)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            (&kind, Type::TEXT),
            (&source, Type::TEXT),
            (&at, Type::TEXT),
            (&actor, Type::TEXT),
            (&ins, Type::INT8),
            (&upd, Type::INT8),
            (&unch, Type::INT8),
            (&rej, Type::INT8),
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A date written directly is `NaiveDate`'s `Display`, for every year it covers.
        #[test]
        fn dates_written_directly_as_display_writes_them(days in -800_000i64..4_500_000) {
            let d = NaiveDate::from_ymd_opt(0, 1, 1).unwrap() + chrono::Duration::days(days);
            let shown = d.to_string();
            match iso_date(d) {
                Some(text) => proptest::prop_assert_eq!(&text[..], shown.as_bytes()),
                None => proptest::prop_assert!(!(0..=9999).contains(&d.year())),
            }
        }
    }
}
