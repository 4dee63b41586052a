//! The accounts table.

use chrono::{Datelike, NaiveDate};
use rusqlite::types::{ToSql, ToSqlOutput, Value, ValueRef};
use rusqlite::{CachedStatement, Row, Statement, params};

use super::{KeyRange, Store, Tx, opt_date};
use crate::Result;
use crate::domain::account::{Account, CustomerType};
use crate::domain::model::Region;
use crate::domain::money::Cents;
use crate::domain::segment;
use crate::store::owners::Owners;

/// [`Tx::fold_account_segments`] reads a book of more than this many accounts in two parts
/// (in debug builds small ones too, so that the tests exercise the split).
const SEGMENTS_SPLIT_ABOVE: i64 = if cfg!(debug_assertions) { 8 } else { 20_000 };

/// The statement of [`Tx::segments_in`] for `range` (its key, if any, is `?2`).
pub(super) fn segments_sql(range: KeyRange<'_>) -> String {
    const SELECT: &str = "SELECT region, carr_cents, employees, lam, has_ultimate, country,
            customer_type, CASE WHEN carr_cents >= ?1 THEN carr_crossed_at END FROM accounts";
    match range.condition("account_id", 2) {
        None => SELECT.to_string(),
        Some(c) => format!("{SELECT} WHERE {c}"),
    }
}

/// Every column of `accounts` but `tier`, in [`from_row`]'s order. A macro so that the SQL
/// strings below are constants (no formatting on the per-row import path).
macro_rules! columns {
    () => {
        "account_id, name, region, carr_cents, country, employees, lam, has_ultimate,
    auto_renew, pte, ptc, deployment, email_domain, customer_type, owner, subscription_end_date,
    seats, active_users, overage_cents, qsr_enabled, auto_renew_changed_at, pte_updated_at,
    ptc_updated_at, tier_changed_at, carr_crossed_at"
    };
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Account> {
    let region: String = r.get(2)?;
    Ok(Account {
        id: r.get(0)?,
        name: r.get(1)?,
        region: Region::parse(&region).unwrap_or(Region::Amer),
        carr: Cents(r.get(3)?),
        country: r.get(4)?,
        employees: r.get(5)?,
        lam: r.get(6)?,
        has_ultimate: r.get(7)?,
        auto_renew: r.get(8)?,
        pte: r.get(9)?,
        ptc: r.get(10)?,
        deployment: r.get(11)?,
        email_domain: r.get(12)?,
        customer_type: r
            .get::<_, Option<String>>(13)?
            .as_deref()
            .and_then(CustomerType::parse),
        owner: r.get(14)?,
        subscription_end_date: opt_date(r.get(15)?)?,
        seats: r.get(16)?,
        active_users: r.get(17)?,
        overage: r.get::<_, Option<i64>>(18)?.map(Cents),
        qsr_enabled: r.get(19)?,
        auto_renew_changed_at: opt_date(r.get(20)?)?,
        pte_updated_at: opt_date(r.get(21)?)?,
        ptc_updated_at: opt_date(r.get(22)?)?,
        tier_changed_at: opt_date(r.get(23)?)?,
        carr_crossed_at: opt_date(r.get(24)?)?,
    })
}

/// A date bound as its stored text (`YYYY-MM-DD`, `NaiveDate`'s `Display`), formatted on the
/// stack: an import binds up to five per account.
struct Day {
    text: [u8; 10],
    /// `None` for no date; `Some(None)` for a year outside 0..=9999 (formatted by chrono).
    date: Option<Option<NaiveDate>>,
}

impl Day {
    fn new(date: Option<NaiveDate>) -> Self {
        let mut text = [0u8; 10];
        let date = date.map(|d| {
            let year = d.year();
            if !(0..=9999).contains(&year) {
                return Some(d);
            }
            let (y, m, dd) = (year as u32, d.month(), d.day());
            let digits = [
                y / 1000,
                y / 100 % 10,
                y / 10 % 10,
                y % 10,
                10,
                m / 10,
                m % 10,
                10,
                dd / 10,
                dd % 10,
            ];
            for (t, v) in text.iter_mut().zip(digits) {
                *t = if v == 10 { b'-' } else { b'0' + v as u8 };
            }
            None
        });
        Day { text, date }
    }
}

impl ToSql for Day {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self.date {
            None => ToSqlOutput::Owned(Value::Null),
            Some(None) => ToSqlOutput::Borrowed(ValueRef::Text(&self.text)),
            Some(Some(d)) => ToSqlOutput::Owned(Value::Text(d.to_string())),
        })
    }
}

/// The statement of [`Tx::put_account`]: the owner is stored with the spelling of the profile
/// it names (ignoring ASCII case and surrounding spaces), if any.
pub(super) const PUT_ACCOUNT: &str = concat!(
    "INSERT OR REPLACE INTO accounts (",
    columns!(),
    ", tier, row_hash) VALUES
     (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
      COALESCE((SELECT name FROM advocates WHERE name = trim(?15)), ?15), ?16, ?17, ?18,
      ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)"
);

/// [`PUT_ACCOUNT`] with the owner's spelling found by the caller ([`Owners`]): an import
/// writes every row with it.
pub(super) const IMPORT_ACCOUNT: &str = concat!(
    "INSERT OR REPLACE INTO accounts (",
    columns!(),
    ", tier, row_hash) VALUES
     (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
      ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)"
);

/// Runs [`PUT_ACCOUNT`] or (with the owner's stored spelling) [`IMPORT_ACCOUNT`], prepared on
/// the transaction's connection, for `a`.
pub(super) fn put_account_with(
    st: &mut Statement<'_>,
    a: &Account,
    owner: Option<&str>,
    tier: Option<u8>,
    row_hash: i64,
) -> rusqlite::Result<()> {
    st.execute(params![
        a.id,
        a.name,
        a.region.as_str(),
        a.carr.0,
        a.country,
        a.employees,
        a.lam,
        a.has_ultimate,
        a.auto_renew,
        a.pte,
        a.ptc,
        a.deployment,
        a.email_domain,
        a.customer_type.map(CustomerType::as_str),
        owner,
        Day::new(a.subscription_end_date),
        a.seats,
        a.active_users,
        a.overage.map(|c| c.0),
        a.qsr_enabled,
        Day::new(a.auto_renew_changed_at),
        Day::new(a.pte_updated_at),
        Day::new(a.ptc_updated_at),
        Day::new(a.tier_changed_at),
        Day::new(a.carr_crossed_at),
        tier,
        row_hash,
    ])?;
    Ok(())
}

impl Tx<'_> {
    /// The stored account, if any.
    pub fn account(&self, id: &str) -> Result<Option<Account>> {
        let mut st = self
            .tx
            .prepare_cached(concat!(
                "SELECT ",
                columns!(),
                " FROM accounts WHERE account_id = ?1"
            ))
            .map_err(|e| self.err(e))?;
        let mut rows = st.query(params![id]).map_err(|e| self.err(e))?;
        match rows.next().map_err(|e| self.err(e))? {
            Some(r) => Ok(Some(from_row(r).map_err(|e| self.err(e))?)),
            None => Ok(None),
        }
    }

    /// Does the account exist?
    pub fn account_exists(&self, id: &str) -> Result<bool> {
        let mut st = self
            .tx
            .prepare_cached("SELECT 1 FROM accounts WHERE account_id = ?1")
            .map_err(|e| self.err(e))?;
        st.exists(params![id]).map_err(|e| self.err(e))
    }

    /// Inserts or replaces the account with `tier` as its stored tier and the hash of the
    /// imported cells. An `owner` a profile answers to (ignoring case) is stored with the
    /// profile's spelling (SPEC §1.2).
    pub fn put_account(&self, a: &Account, tier: Option<u8>, row_hash: i64) -> Result<()> {
        let mut st = self
            .tx
            .prepare_cached(PUT_ACCOUNT)
            .map_err(|e| self.err(e))?;
        put_account_with(&mut st, a, a.owner.as_deref(), tier, row_hash).map_err(|e| self.err(e))
    }

    /// The statement of an import's accounts ([`IMPORT_ACCOUNT`]) and the profiles' names it
    /// needs, to write many accounts ([`put_account_with`]).
    pub(super) fn import_account_statement(&self) -> Result<(CachedStatement<'_>, Owners)> {
        let names = self
            .tx
            .prepare("SELECT name FROM advocates")
            .and_then(|mut st| {
                st.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()
            })
            .map_err(|e| self.err(e))?;
        let st = self
            .tx
            .prepare_cached(IMPORT_ACCOUNT)
            .map_err(|e| self.err(e))?;
        Ok((st, Owners::new(names)))
    }

    /// Calls `f` on every account (the given ids only, when not empty), in id order, streaming.
    pub fn for_each_account(
        &self,
        ids: &[String],
        mut f: impl FnMut(Account) -> Result<()>,
    ) -> Result<()> {
        if ids.is_empty() {
            let mut st = self
                .tx
                .prepare(concat!(
                    "SELECT ",
                    columns!(),
                    " FROM accounts ORDER BY account_id"
                ))
                .map_err(|e| self.err(e))?;
            let mut rows = st.query([]).map_err(|e| self.err(e))?;
            while let Some(r) = rows.next().map_err(|e| self.err(e))? {
                f(from_row(r).map_err(|e| self.err(e))?)?;
            }
        } else {
            for id in ids {
                if let Some(a) = self.account(id)? {
                    f(a)?;
                }
            }
        }
        Ok(())
    }

    /// Folds every account, with only the fields segment and tier need filled in (region,
    /// cARR, employees, LAM, Ultimate, country, customer type, cARR crossing date), into one
    /// `T` per part of the book read: the cheap path of `tier --summary`. A book of more than
    /// [`SEGMENTS_SPLIT_ABOVE`] accounts is read in two parts side by side, this connection the
    /// first and another connection the second, when this transaction can hold its snapshot
    /// for the other connection ([`Tx::hold_snapshot`]); otherwise in one part here. Either
    /// way every account is folded once, as this transaction sees it.
    pub fn fold_account_segments<T: Send>(
        &self,
        init: impl Fn() -> T + Sync,
        f: impl Fn(&mut T, &Account) + Sync,
    ) -> Result<Vec<T>> {
        let middle = self.account_split(SEGMENTS_SPLIT_ABOVE)?;
        let Some(mid) = middle.filter(|_| self.hold_snapshot()) else {
            let mut whole = init();
            self.segments_in(KeyRange::All, |a| f(&mut whole, a))?;
            return Ok(vec![whole]);
        };
        let (path, busy) = (self.path, self.busy);
        std::thread::scope(|s| {
            let second = s.spawn(|| -> Result<T> {
                let mut store = Store::open_existing(path, busy)?;
                let tx = store.read()?;
                let mut part = init();
                tx.segments_in(KeyRange::After(&mid), |a| f(&mut part, a))?;
                Ok(part)
            });
            let mut part = init();
            let first = self.segments_in(KeyRange::UpTo(&mid), |a| f(&mut part, a));
            let second = second
                .join()
                .map_err(|_| crate::Error::Database("a tier summary reader failed".into()))?;
            first?;
            Ok(vec![part, second?])
        })
    }

    /// Calls `f` on the accounts of `range` (by account id) with the segment fields filled in
    /// ([`Tx::fold_account_segments`]). The crossing date is read only for a cARR at or above
    /// [`segment::CARR_CROSSING_COUNTS_FROM`] (below it the date changes nothing, and it is the
    /// row's 25th column: every other column read is among the first 14).
    fn segments_in(&self, range: KeyRange<'_>, mut f: impl FnMut(&Account)) -> Result<()> {
        let (sql, key) = (segments_sql(range), range.key());
        let mut st = self.tx.prepare(&sql).map_err(|e| self.err(e))?;
        let from = segment::CARR_CROSSING_COUNTS_FROM.0;
        let mut rows = match key {
            None => st.query(params![from]),
            Some(id) => st.query(params![from, id]),
        }
        .map_err(|e| self.err(e))?;
        let mut a = Account::new("", "", Region::Amer, Cents(0));
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let fill = |a: &mut Account| -> rusqlite::Result<()> {
                // The stored forms first, without a UTF-8 check; anything else as before.
                a.region = match r.get_ref(0)? {
                    ValueRef::Text(b"AMER") => Region::Amer,
                    ValueRef::Text(b"APAC") => Region::Apac,
                    ValueRef::Text(b"EMEA") => Region::Emea,
                    v => Region::parse(v.as_str()?).unwrap_or(Region::Amer),
                };
                a.carr = Cents(r.get(1)?);
                a.employees = r.get(2)?;
                a.lam = r.get(3)?;
                a.has_ultimate = r.get(4)?;
                // The country's buffer is reused: this reads every account.
                match r.get_ref(5)?.as_str_or_null()? {
                    Some(c) => {
                        let s = a.country.get_or_insert_with(String::new);
                        s.clear();
                        s.push_str(c);
                    }
                    None => a.country = None,
                }
                a.customer_type = match r.get_ref(6)? {
                    ValueRef::Null => None,
                    ValueRef::Text(b"new") => Some(CustomerType::New),
                    ValueRef::Text(b"existing") => Some(CustomerType::Existing),
                    v => v.as_str_or_null()?.and_then(CustomerType::parse),
                };
                a.carr_crossed_at = match r.get_ref(7)?.as_str_or_null()? {
                    Some(d) => Some(super::parse_date(d)?),
                    None => None,
                };
                Ok(())
            };
            fill(&mut a).map_err(|e| self.err(e))?;
            f(&a);
        }
        Ok(())
    }

    /// Whether any account is stored (without counting them: `accounts` is `WITHOUT ROWID`,
    /// so `count(*)` reads every page).
    pub fn has_accounts(&self) -> Result<bool> {
        self.tx
            .query_row("SELECT EXISTS (SELECT 1 FROM accounts)", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Number of accounts.
    pub fn account_count(&self) -> Result<i64> {
        self.tx
            .query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Account ids closest to `id` (for "did you mean"): among the ids sharing the longest
    /// prefix with it (case-insensitively), the `limit` nearest by edit distance, then by id.
    pub fn account_ids_like(&self, id: &str, limit: usize) -> Result<Vec<String>> {
        const CANDIDATES: i64 = 500;
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT account_id FROM accounts WHERE account_id >= ?1 ORDER BY account_id LIMIT ?2",
            )
            .map_err(|e| self.err(e))?;
        let chars: Vec<char> = id.trim().chars().collect();
        for keep in (0..chars.len()).rev() {
            let prefix: String = chars[..keep].iter().collect();
            let mut found: Vec<String> = Vec::new();
            for p in [prefix.clone(), prefix.to_uppercase()] {
                let rows = st
                    .query_map(params![p, CANDIDATES], |r| r.get::<_, String>(0))
                    .map_err(|e| self.err(e))?;
                for r in rows {
                    let r = r.map_err(|e| self.err(e))?;
                    if r.to_lowercase().starts_with(&prefix.to_lowercase()) && !found.contains(&r) {
                        found.push(r);
                    }
                }
            }
            if !found.is_empty() {
                let want = id.trim().to_lowercase();
                found.sort_by_key(|c| {
                    (
                        crate::domain::people::edit_distance(&c.to_lowercase(), &want),
                        c.clone(),
                    )
                });
                found.truncate(limit);
                return Ok(found);
            }
        }
        Ok(Vec::new())
    }

    /// The account whose `email_domain` is `domain` (ignoring ASCII case: SQLite's `lower`
    /// folds only ASCII letters, as `NOCASE` does), if exactly one. Searches the
    /// `accounts_email_domain` index (migration 13), as PostgreSQL does.
    pub fn account_by_domain(&self, domain: &str) -> Result<Option<String>> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT account_id FROM accounts
                  WHERE lower(email_domain) = lower(?1) AND email_domain IS NOT NULL LIMIT 2",
            )
            .map_err(|e| self.err(e))?;
        let ids: Vec<String> = st
            .query_map(params![domain], |r| r.get(0))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(if ids.len() == 1 {
            ids.into_iter().next()
        } else {
            None
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store at `path` with `n` accounts, `A01`, `A02`, ….
    fn book(path: &std::path::Path, n: usize) -> Store {
        let settings = crate::domain::model::Settings::new(crate::domain::model::Model::Digital);
        let (mut store, _) = Store::open(path, &settings).unwrap();
        let tx = store.write().unwrap();
        for i in 1..=n {
            let a = Account::new(&format!("A{i:02}"), "Co", Region::Emea, Cents(100));
            tx.put_account(&a, Some(3), 1).unwrap();
        }
        tx.commit().unwrap();
        store
    }

    /// Folds every account into a count per part.
    fn counts(tx: &Tx<'_>) -> Vec<usize> {
        tx.fold_account_segments(|| 0, |n, _| *n += 1).unwrap()
    }

    /// A large book is read in two parts when this transaction can hold its snapshot, and in
    /// one part here when another command has committed since its first read, holds the write
    /// lock, or when this transaction has written: every way folds the accounts this
    /// transaction sees, without waiting for a lock, and the lock goes with the transaction.
    #[test]
    fn the_segments_of_a_large_book_are_read_on_this_transactions_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let busy = std::time::Duration::from_secs(5);
        let mut store = book(&path, 30);
        let mut other = Store::open_existing(&path, busy).unwrap();
        let add = |store: &mut Store, id: &str| {
            let tx = store.write().unwrap();
            let a = Account::new(id, "Co", Region::Apac, Cents(1));
            tx.put_account(&a, Some(3), 1).unwrap();
            tx.commit().unwrap();
        };

        let tx = store.read().unwrap();
        let parts = counts(&tx);
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert!(parts.iter().all(|&n| n > 0), "{parts:?}");
        assert_eq!(parts.iter().sum::<usize>(), 30);
        drop(tx);
        add(&mut other, "B01"); // the lock went with the reading transaction

        let tx = store.read().unwrap();
        tx.settings().unwrap(); // the snapshot is taken here
        add(&mut other, "B02");
        assert_eq!(counts(&tx), [31]);
        drop(tx);

        let writing = other.write().unwrap();
        let a = Account::new("B03", "Co", Region::Apac, Cents(1));
        writing.put_account(&a, Some(3), 1).unwrap();
        let tx = store.read().unwrap();
        let started = std::time::Instant::now();
        assert_eq!(counts(&tx), [32]);
        assert!(started.elapsed() < busy, "waited for the lock");
        drop(tx);
        writing.commit().unwrap();

        let tx = store.write().unwrap();
        let a = Account::new("B04", "Co", Region::Apac, Cents(1));
        tx.put_account(&a, Some(3), 1).unwrap();
        assert_eq!(counts(&tx), [34]);
    }

    /// An imported owner is stored as `PUT_ACCOUNT`'s subquery stores it: the profile's name
    /// when the owner is that name but for ASCII case and surrounding spaces, else as given.
    #[test]
    fn an_imported_owner_takes_the_spelling_put_account_gives_it() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for sql in crate::store::schema::MIGRATIONS {
            conn.execute_batch(sql).unwrap();
        }
        let profiles = ["Dana Lee", "Émile", "ops"];
        for p in profiles {
            conn.execute(
                "INSERT INTO advocates (name, region, role, capacity, created_at)
                 VALUES (?1, 'AMER', 'advocate', 1, '2026-03-02T00:00:00Z')",
                [p],
            )
            .unwrap();
        }
        let mut owners = Owners::new(profiles.iter().map(|p| p.to_string()).collect());
        let given = [
            None,
            Some("Dana Lee"),
            Some("dana lee"),
            Some("  DANA LEE "),
            Some("Dana  Lee"),
            Some("\tDana Lee"),
            Some("émile"),
            Some("ÉMILE"),
            Some("OPS"),
            Some("Nobody"),
            Some(""),
        ];
        for owner in given {
            let stored: Option<String> = conn
                .query_row(
                    "SELECT COALESCE((SELECT name FROM advocates WHERE name = trim(?1)), ?1)",
                    [owner],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(owners.spelling(owner), stored.as_deref(), "{owner:?}");
        }
        assert_eq!(Owners::new(Vec::new()).spelling(Some(" x ")), Some(" x "));
    }

    /// A date is bound as the text `NaiveDate` displays, for every year (four digits or not).
    #[test]
    fn a_bound_date_is_its_display_text() {
        let text = |d: Option<NaiveDate>| match Day::new(d).to_sql().unwrap() {
            ToSqlOutput::Borrowed(ValueRef::Text(t)) => {
                Some(String::from_utf8(t.to_vec()).unwrap())
            }
            ToSqlOutput::Owned(Value::Text(t)) => Some(t),
            ToSqlOutput::Owned(Value::Null) => None,
            other => panic!("{other:?}"),
        };
        assert_eq!(text(None), None);
        let mut d = NaiveDate::from_ymd_opt(-3, 12, 25).unwrap();
        let last = NaiveDate::from_ymd_opt(10_002, 1, 10).unwrap();
        while d <= last {
            assert_eq!(text(Some(d)).as_deref(), Some(d.to_string().as_str()));
            d = d + chrono::Days::new(if (5..=9995).contains(&d.year()) {
                97
            } else {
                1
            });
        }
        for d in [
            NaiveDate::MIN,
            NaiveDate::MAX,
            NaiveDate::from_ymd_opt(0, 1, 1).unwrap(),
        ] {
            assert_eq!(text(Some(d)).as_deref(), Some(d.to_string().as_str()));
        }
    }
}
