//! The summary of the book that a PostgreSQL import keeps (migration 15, issue #16):
//! accounts counted by region and `domain::segment::StandingKey`, which `tier --summary`
//! reads on its day instead of every account.
//!
//! - The import of accounts keeps the counts in its own transaction: a first load counts every
//!   row it writes; a later import adds what it writes and takes away what it replaces (the
//!   stored and incoming account of each changed row), then writes the counts once, at its
//!   end, and marks them fresh under the settings' basis (`standing_basis`).
//! - Any other statement that writes the columns segmenting reads (a `psql` edit, `db copy`,
//!   anything later) fires migration 15's statement trigger on `accounts`, which marks the
//!   summary stale; the import's own statements do too, before its last write marks it fresh
//!   again. A stale summary, or one counted under another basis, is never read: `tier
//!   --summary` reads every account, and the next import counts the stored accounts again.

use chrono::NaiveDate;
use hashbrown::HashMap;
use postgres::GenericClient;
use postgres::types::Type;

use super::read::{R, SEGMENT_COLUMNS, bad, fill_segment, opt_date, settings};
use crate::domain::account::Account;
use crate::domain::model::{Region, Settings};
use crate::domain::money::Cents;
use crate::domain::segment::{StandingKey, standing_basis, standing_key};

/// The kept counts, when fresh and counted under `basis`.
pub fn kept(c: &mut impl GenericClient, basis: &str) -> R<Option<Vec<(Region, StandingKey, u64)>>> {
    // One statement: the flag and the counts from one snapshot.
    let rows = c.query_typed(
        "SELECT s.fresh AND s.basis = $1, c.region, c.slot, c.until, c.n
           FROM standing_summary s LEFT JOIN standing_counts c ON true",
        &[(&basis, Type::TEXT)],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        if !r.try_get::<_, bool>(0)? {
            return Ok(None);
        }
        let Some(region) = r.try_get::<_, Option<&str>>(1)? else {
            continue; // no counts: no accounts
        };
        let region = Region::parse(region).ok_or_else(|| bad("region", region))?;
        let slot: i16 = r.try_get(2)?;
        let key = StandingKey {
            slot: u8::try_from(slot).map_err(|_| bad("summary slot", &slot.to_string()))?,
            until: opt_date(r.try_get(3)?)?,
        };
        let n: i64 = r.try_get(4)?;
        out.push((region, key, u64::try_from(n).unwrap_or(0)));
    }
    // No summary row: never counted (a database migrated with its accounts, before an import).
    Ok((!rows.is_empty()).then_some(out))
}

/// Accounts counted by region and key, with a sign: what an import adds and takes away.
#[derive(Default)]
struct Counts {
    /// Keys without a move date (nearly every account), by region and slot.
    fixed: [[i64; 4]; 3],
    dated: HashMap<(Region, StandingKey), i64>,
}

fn region_index(r: Region) -> usize {
    match r {
        Region::Amer => 0,
        Region::Apac => 1,
        Region::Emea => 2,
    }
}

impl Counts {
    fn add(&mut self, region: Region, key: StandingKey, n: i64) {
        match key.until {
            None => self.fixed[region_index(region)][usize::from(key.slot.min(3))] += n,
            Some(_) => *self.dated.entry((region, key)).or_default() += n,
        }
    }

    /// Every (region, key, count), zeros left out.
    fn entries(&self) -> Vec<(Region, StandingKey, i64)> {
        let mut out = Vec::new();
        for region in Region::ALL {
            for slot in 0..4u8 {
                let n = self.fixed[region_index(region)][usize::from(slot)];
                if n != 0 {
                    out.push((region, StandingKey { slot, until: None }, n));
                }
            }
        }
        out.extend(
            self.dated
                .iter()
                .filter(|(_, n)| **n != 0)
                .map(|((r, k), n)| (*r, *k, *n)),
        );
        out.sort();
        out
    }
}

/// How an import keeps the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The table was empty: every row written is counted.
    FirstLoad,
    /// The summary was fresh under this basis: what the import changes is added to it.
    Delta,
    /// Stale, never counted or counted under another basis: counted again at the end.
    Recount,
}

/// What one import of accounts does to the kept summary.
pub struct Keeper {
    settings: Settings,
    basis: String,
    mode: Mode,
    /// Whether an account was counted in or out (Delta: the counts may have moved).
    changed: bool,
    /// FirstLoad: the rows written; Delta: the kept counts plus the changes; Recount: unused.
    counts: Counts,
}

impl Keeper {
    /// Reads the settings and the summary's state, with the import's lock on `accounts` held
    /// (no other writer of accounts until the import commits). `empty`: no account is stored.
    pub fn begin(c: &mut impl GenericClient, empty: bool) -> R<Keeper> {
        let settings = settings(c)?;
        let basis = standing_basis(&settings);
        // The kept counts are read now: the import's own statements on `accounts` mark the
        // summary stale (the trigger) before it adds its changes at the end.
        let mut counts = Counts::default();
        let mode = if empty {
            Mode::FirstLoad
        } else if let Some(kept) = kept(c, &basis)? {
            for (region, key, n) in kept {
                counts.add(region, key, i64::try_from(n).unwrap_or(i64::MAX));
            }
            Mode::Delta
        } else {
            Mode::Recount
        };
        Ok(Keeper {
            settings,
            basis,
            mode,
            changed: false,
            counts,
        })
    }

    /// Counts `a` as stored (`n` 1) or no longer stored (`n` -1) by this import.
    #[inline]
    pub fn add(&mut self, a: &Account, n: i64) {
        if self.mode != Mode::Recount {
            self.counts
                .add(a.region, standing_key(&self.settings, a), n);
            self.changed = true;
        }
    }

    /// Writes the summary once the import has written every account, and marks it fresh.
    pub fn finish(mut self, c: &mut impl GenericClient) -> R<()> {
        let counts = match self.mode {
            Mode::FirstLoad => self.counts,
            Mode::Delta if !self.changed => {
                // Nothing counted in or out: only the mark the import's own statements cleared.
                c.execute_typed("UPDATE standing_summary SET fresh = true", &[])?;
                return Ok(());
            }
            Mode::Delta => {
                let sum = std::mem::take(&mut self.counts);
                if sum.entries().iter().any(|(_, _, n)| *n < 0) {
                    // Cannot be, unless the kept summary was wrong: counted again.
                    debug_assert!(false, "a kept count went below zero");
                    self.mode = Mode::Recount;
                    return self.finish(c);
                }
                sum
            }
            Mode::Recount => {
                let mut all = Counts::default();
                let settings = &self.settings;
                super::read::for_each_account_segment(c, |a| {
                    all.add(a.region, standing_key(settings, a), 1)
                })?;
                all
            }
        };
        write(c, &self.basis, &counts)
    }
}

/// Replaces the kept counts and marks them fresh under `basis`.
fn write(c: &mut impl GenericClient, basis: &str, counts: &Counts) -> R<()> {
    let entries = counts.entries();
    let regions: Vec<&str> = entries.iter().map(|(r, _, _)| r.as_str()).collect();
    let slots: Vec<i16> = entries.iter().map(|(_, k, _)| i16::from(k.slot)).collect();
    let untils: Vec<Option<String>> = entries
        .iter()
        .map(|(_, k, _)| k.until.map(|d: NaiveDate| d.to_string()))
        .collect();
    let ns: Vec<i64> = entries.iter().map(|(_, _, n)| *n).collect();
    c.batch_execute("DELETE FROM standing_counts")?;
    c.execute_typed(
        "INSERT INTO standing_counts (region, slot, until, n)
         SELECT * FROM unnest($1::text[], $2::smallint[], $3::text[], $4::bigint[])",
        &[
            (&regions, Type::TEXT_ARRAY),
            (&slots, Type::INT2_ARRAY),
            (&untils, Type::TEXT_ARRAY),
            (&ns, Type::INT8_ARRAY),
        ],
    )?;
    c.execute_typed(
        "INSERT INTO standing_summary (singleton, basis, fresh) VALUES (true, $1, true)
         ON CONFLICT (singleton) DO UPDATE SET basis = EXCLUDED.basis, fresh = true",
        &[(&basis, Type::TEXT)],
    )?;
    Ok(())
}

/// The accounts a statement's `RETURNING {SEGMENT_COLUMNS}` gave, each counted with `n`.
pub fn add_returned(keeper: &mut Keeper, rows: &[postgres::Row], n: i64) -> R<()> {
    let mut a = Account::new("", "", Region::Amer, Cents(0));
    for r in rows {
        fill_segment(r, &mut a)?;
        keeper.add(&a, n);
    }
    Ok(())
}

/// The segment columns, qualified by `alias` (for `RETURNING`).
pub fn segment_columns(alias: &str) -> String {
    SEGMENT_COLUMNS
        .split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}
