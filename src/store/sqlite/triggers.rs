//! Bulk readers for `smb trigger run`: accounts in id order, and the opportunities and cases of
//! a range of accounts ordered by account id, so the run merge-joins them in Rust batch by batch
//! instead of querying per account.

use rusqlite::{Row, params};

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::{Tx, parse_date, parse_ts};
use crate::Result;
use crate::domain::account::email_domain;
use crate::domain::account::{Account, CustomerType, Event, Opportunity};
use crate::domain::case::{ResolutionAction, Status};
use crate::domain::model::Region;
use crate::domain::money::Cents;
use crate::domain::trigger::{CaseFacts, InboundEvent, reads_opportunity};

/// The account columns the triggers read (not the name, email domain or tier change date).
const ACCOUNT: &str = "account_id, region, carr_cents, country, employees, lam, has_ultimate,
    auto_renew, pte, ptc, deployment, customer_type, owner, subscription_end_date, seats,
    active_users, overage_cents, qsr_enabled, auto_renew_changed_at, pte_updated_at,
    ptc_updated_at, carr_crossed_at";

/// A stored `YYYY-MM-DD` date, read without allocating (the run reads millions).
fn date_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let Some(s) = r.get_ref(i)?.as_str_or_null()? else {
        return Ok(None);
    };
    match ymd(s) {
        Some(day) => Ok(Some(day)),
        None => parse_date(s).map(Some),
    }
}

/// A `YYYY-MM-DD` date read directly (the form smb stores); `None` for any other form, which
/// the caller gives to chrono.
pub(crate) fn ymd(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let num = |x: &[u8]| {
        x.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let (y, m, d) = (num(&b[..4])?, num(&b[5..7])?, num(&b[8..])?);
        return NaiveDate::from_ymd_opt(y as i32, m, d);
    }
    None
}

fn account(r: &Row<'_>) -> rusqlite::Result<Account> {
    let mut a = Account::new("", "", Region::Amer, Cents(0));
    refill_account(r, &mut a)?;
    Ok(a)
}

/// Reads a row of [`ACCOUNT`] into `a`, reusing its strings (the run reads millions).
fn refill_account(r: &Row<'_>, a: &mut Account) -> rusqlite::Result<()> {
    let region = r.get_ref(1)?.as_str()?;
    a.region = Region::parse(region).unwrap_or(Region::Amer);
    text(r, 0, &mut a.id)?;
    a.carr = Cents(r.get(2)?);
    opt_text(r, 3, &mut a.country)?;
    a.employees = r.get(4)?;
    a.lam = r.get(5)?;
    a.has_ultimate = r.get(6)?;
    a.auto_renew = r.get(7)?;
    a.pte = r.get(8)?;
    a.ptc = r.get(9)?;
    opt_text(r, 10, &mut a.deployment)?;
    a.customer_type = r
        .get_ref(11)?
        .as_str_or_null()?
        .and_then(CustomerType::parse);
    opt_text(r, 12, &mut a.owner)?;
    a.subscription_end_date = date_at(r, 13)?;
    a.seats = r.get(14)?;
    a.active_users = r.get(15)?;
    a.overage = r.get::<_, Option<i64>>(16)?.map(Cents);
    a.qsr_enabled = r.get(17)?;
    a.auto_renew_changed_at = date_at(r, 18)?;
    a.pte_updated_at = date_at(r, 19)?;
    a.ptc_updated_at = date_at(r, 20)?;
    a.carr_crossed_at = date_at(r, 21)?;
    Ok(())
}

/// Column `i` (text) into `into`, reusing its buffer.
fn text(r: &Row<'_>, i: usize, into: &mut String) -> rusqlite::Result<()> {
    into.clear();
    into.push_str(r.get_ref(i)?.as_str()?);
    Ok(())
}

/// Column `i` (text or NULL) into `into`, reusing its buffer.
fn opt_text(r: &Row<'_>, i: usize, into: &mut Option<String>) -> rusqlite::Result<()> {
    match (r.get_ref(i)?.as_str_or_null()?, into.as_mut()) {
        (None, _) => *into = None,
        (Some(v), Some(s)) => {
            s.clear();
            s.push_str(v);
        }
        (Some(v), None) => *into = Some(v.to_string()),
    }
    Ok(())
}

/// A stored `YYYY-MM-DDTHH:MM:SSZ` instant, parsed without chrono's general parser when it
/// has exactly that shape (the run reads every case's); anything else goes through
/// [`parse_ts`], so the value is the same either way.
fn ts_of(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    let b = s.as_bytes();
    let num = |x: &[u8]| {
        x.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
        && let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(sec)) = (
            num(&b[..4]),
            num(&b[5..7]),
            num(&b[8..10]),
            num(&b[11..13]),
            num(&b[14..16]),
            num(&b[17..19]),
        )
        && let Some(t) =
            NaiveDate::from_ymd_opt(y as i32, mo, d).and_then(|d| d.and_hms_opt(h, mi, sec))
    {
        return Ok(t.and_utc());
    }
    parse_ts(s)
}

fn opt_ts_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    r.get_ref(i)?.as_str_or_null()?.map(ts_of).transpose()
}

const OPPORTUNITY: &str = "opportunity_id, account_id, type, stage, close_date, name,
    amount_cents, owner, users, po_required, eoa, multi_year, auto_renew, auto_renewal_status,
    qsr_status, payment_failure, includes_duo, renewal_risk";

const CASE_FACTS: &str = "id, account_id, trigger, status, owner, resolution_action, created_at,
    picked_at, closed_at, dedup_key";

fn case_facts(r: &Row<'_>) -> rusqlite::Result<CaseFacts> {
    let mut c = CaseFacts {
        id: 0,
        account_id: None,
        trigger: String::new(),
        status: Status::Open,
        owner: None,
        resolution_action: None,
        created_at: DateTime::<Utc>::MIN_UTC,
        picked_at: None,
        closed_at: None,
        dedup_key: None,
    };
    refill_case_facts(r, &mut c)?;
    Ok(c)
}

/// Reads a row of [`CASE_FACTS`] into `c`, reusing its strings.
fn refill_case_facts(r: &Row<'_>, c: &mut CaseFacts) -> rusqlite::Result<()> {
    let status = r.get_ref(3)?.as_str()?;
    c.status = Status::parse(status).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            3,
            rusqlite::types::Type::Text,
            format!("unknown status {status:?} in the database").into(),
        )
    })?;
    c.id = r.get(0)?;
    opt_text(r, 1, &mut c.account_id)?;
    text(r, 2, &mut c.trigger)?;
    opt_text(r, 4, &mut c.owner)?;
    c.resolution_action = r
        .get_ref(5)?
        .as_str_or_null()?
        .and_then(ResolutionAction::parse);
    c.created_at = ts_of(r.get_ref(6)?.as_str()?)?;
    c.picked_at = opt_ts_at(r, 7)?;
    c.closed_at = opt_ts_at(r, 8)?;
    opt_text(r, 9, &mut c.dedup_key)?;
    Ok(())
}

/// Refills `out` with the rows of `st` (run with `params`) read by `refill`, reusing the
/// values already in it (their strings keep their buffers); `make` builds a value when `out`
/// has too few.
fn refill_all<T>(
    st: &mut rusqlite::CachedStatement<'_>,
    params: impl rusqlite::Params,
    out: &mut Vec<T>,
    make: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
    refill: impl Fn(&Row<'_>, &mut T) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    let mut rows = st.query(params)?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        if n < out.len() {
            refill(r, &mut out[n])?;
        } else {
            out.push(make(r)?);
        }
        n += 1;
    }
    out.truncate(n);
    Ok(())
}

impl Tx<'_> {
    /// Up to `limit` accounts whose id sorts after `after` (`""`: from the first), in id order.
    pub fn accounts_after(&self, after: &str, limit: usize) -> Result<Vec<Account>> {
        let mut out = Vec::new();
        self.accounts_after_into(after, limit, &mut out)?;
        Ok(out)
    }

    /// [`Tx::accounts_after`] into `out`, reusing the accounts already in it.
    pub fn accounts_after_into(
        &self,
        after: &str,
        limit: usize,
        out: &mut Vec<Account>,
    ) -> Result<()> {
        let mut st = self
            .tx
            .prepare_cached(&format!(
                "SELECT {ACCOUNT} FROM accounts WHERE account_id > ?1 ORDER BY account_id LIMIT ?2"
            ))
            .map_err(|e| self.err(e))?;
        refill_all(
            &mut st,
            params![after, limit as i64],
            out,
            account,
            refill_account,
        )
        .map_err(|e| self.err(e))
    }

    /// Every opportunity a trigger reads ([`reads_opportunity`]), packed, in one pack per
    /// part of the accounts: `ends` are the last account ids of every part but the last (which
    /// runs to the end), in order. One sequential pass over the table: opportunities are
    /// stored in their own id order, so fetching them account by account through the index
    /// would jump all over the file; and packed text takes a fraction of the memory of
    /// `Opportunity` values. The packs are not sorted yet ([`PackedOpportunities::sort`]).
    pub fn packed_opportunities(&self, ends: &[String]) -> Result<Vec<PackedOpportunities>> {
        self.packed_opportunities_in(ends, KeyRange::All)
    }

    /// [`Tx::packed_opportunities`] of the opportunities in `range` (by opportunity id), so
    /// that two connections can read the table's halves side by side.
    pub fn packed_opportunities_in(
        &self,
        ends: &[String],
        range: KeyRange<'_>,
    ) -> Result<Vec<PackedOpportunities>> {
        let (bound, param) = match range.condition("opportunity_id", 1) {
            Some(c) => (format!(" AND {c}"), range.key()),
            None => (String::new(), None),
        };
        let mut st = self
            .tx
            .prepare(&format!(
                "SELECT {OPPORTUNITY} FROM opportunities WHERE stage NOT LIKE 'closed%'{bound}"
            ))
            .map_err(|e| self.err(e))?;
        let mut rows = match param {
            Some(id) => st.query(params![id]),
            None => st.query([]),
        }
        .map_err(|e| self.err(e))?;
        let mut packs: Vec<PackedOpportunities> = (0..=ends.len())
            .map(|_| PackedOpportunities::default())
            .collect();
        // One value refilled row after row: a million rows, no allocation each.
        let mut o = Opportunity::new("", "", "", "", NaiveDate::default());
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            refill_opportunity(r, &mut o).map_err(|e| self.err(e))?;
            if reads_opportunity(&o) {
                let part = ends.partition_point(|end| end.as_str() < o.account_id.as_str());
                packs[part].push(&o);
            }
        }
        Ok(packs)
    }

    /// Whether the table has more than `n` accounts (one walk of the first `n` keys).
    pub fn accounts_more_than(&self, n: i64) -> Result<bool> {
        self.tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM accounts ORDER BY account_id LIMIT 1 OFFSET ?1)",
                params![n],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    /// The split point of the accounts read in two parts: a key about halfway between the
    /// first and the last account id ([`key_between`]), found without walking the table.
    pub fn account_id_middle(&self) -> Result<Option<String>> {
        self.middle_of(
            "SELECT (SELECT min(account_id) FROM accounts), (SELECT max(account_id) FROM accounts)",
        )
    }

    /// Where a book of more than `above` accounts is split in two parts read side by side
    /// ([`Tx::account_id_middle`]); `None` for a smaller book, read in one part.
    pub fn account_split(&self, above: i64) -> Result<Option<String>> {
        if self.accounts_more_than(above)? {
            self.account_id_middle()
        } else {
            Ok(None)
        }
    }

    /// The split point of the opportunities read in two halves: a key about halfway between
    /// the first and the last opportunity id ([`key_between`]).
    pub fn opportunity_id_middle(&self) -> Result<Option<String>> {
        self.middle_of(concat!(
            "SELECT (SELECT min(opportunity_id) FROM opportunities),",
            " (SELECT max(opportunity_id) FROM opportunities)"
        ))
    }

    /// [`key_between`] the two keys `sql` selects (the first and last of a primary key).
    fn middle_of(&self, sql: &str) -> Result<Option<String>> {
        let (lo, hi): (Option<String>, Option<String>) = self
            .tx
            .query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        Ok(match (lo, hi) {
            (Some(lo), Some(hi)) => key_between(&lo, &hi),
            _ => None,
        })
    }

    /// What the triggers need of the cases of the accounts with `after < account_id <= last`,
    /// ordered by account id, then case id.
    pub fn case_facts_between(&self, after: &str, last: &str) -> Result<Vec<CaseFacts>> {
        let mut out = Vec::new();
        self.case_facts_between_into(after, last, &mut out)?;
        Ok(out)
    }

    /// [`Tx::case_facts_between`] into `out`, reusing the values already in it.
    pub fn case_facts_between_into(
        &self,
        after: &str,
        last: &str,
        out: &mut Vec<CaseFacts>,
    ) -> Result<()> {
        let mut st = self
            .tx
            .prepare_cached(&format!(
                "SELECT {CASE_FACTS} FROM cases WHERE account_id > ?1 AND account_id <= ?2
                 ORDER BY account_id, id"
            ))
            .map_err(|e| self.err(e))?;
        refill_all(
            &mut st,
            params![after, last],
            out,
            case_facts,
            refill_case_facts,
        )
        .map_err(|e| self.err(e))
    }

    /// What the triggers need of one account's cases, by id.
    pub fn case_facts_of(&self, account_id: &str) -> Result<Vec<CaseFacts>> {
        let mut st = self
            .tx
            .prepare_cached(&format!(
                "SELECT {CASE_FACTS} FROM cases WHERE account_id = ?1 ORDER BY id"
            ))
            .map_err(|e| self.err(e))?;
        st.query_map(params![account_id], case_facts)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Every inbound event with the account it belongs to: its own `account_id`, else the
    /// account of the first contact (by id) whose email is the event's (case-insensitive),
    /// else the one account whose `email_domain` is the email's domain (SPEC §3.3 item 4:
    /// matched as an email is). The contact is attached when it belongs to that account.
    /// Ordered by event id.
    pub fn inbound_events(&self) -> Result<Vec<(InboundEvent, Option<String>)>> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT e.event_id, e.type, e.occurred_at, e.account_id, e.email, e.description,
                        c.contact_id, c.account_id
                 FROM events e
                 LEFT JOIN contacts c ON c.contact_id = (
                     SELECT c2.contact_id FROM contacts c2
                     WHERE e.email IS NOT NULL AND c2.email = e.email COLLATE NOCASE
                     ORDER BY c2.contact_id LIMIT 1)
                 ORDER BY e.event_id",
            )
            .map_err(|e| self.err(e))?;
        let rows: Vec<(Event, Option<String>, Option<String>)> = st
            .query_map([], |r| {
                let event = Event {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    occurred_at: parse_ts(&r.get::<_, String>(2)?)?,
                    account_id: r.get(3)?,
                    email: r.get(4)?,
                    description: r.get(5)?,
                };
                Ok((event, r.get(6)?, r.get(7)?))
            })
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(rows.len());
        for (event, contact, contact_account) in rows {
            let account = match event.account_id.clone().or(contact_account.clone()) {
                Some(a) => Some(a),
                None => match event.email.as_deref().and_then(email_domain) {
                    Some(domain) => self.account_by_domain(domain)?,
                    None => None,
                },
            };
            let contact_id = contact.filter(|_| contact_account == account);
            out.push((InboundEvent { event, contact_id }, account));
        }
        Ok(out)
    }

    /// The case that a dedup key produced, if any (SPEC §3: it never produces another).
    pub fn case_id_by_dedup_key(&self, key: &str) -> Result<Option<i64>> {
        let mut st = self
            .tx
            .prepare_cached("SELECT id FROM cases WHERE dedup_key = ?1")
            .map_err(|e| self.err(e))?;
        let mut rows = st.query(params![key]).map_err(|e| self.err(e))?;
        match rows.next().map_err(|e| self.err(e))? {
            Some(r) => Ok(Some(r.get(0).map_err(|e| self.err(e))?)),
            None => Ok(None),
        }
    }
}

/// Reads a row of [`OPPORTUNITY`] into `o`, reusing its strings.
fn refill_opportunity(r: &Row<'_>, o: &mut Opportunity) -> rusqlite::Result<()> {
    text(r, 0, &mut o.id)?;
    text(r, 1, &mut o.account_id)?;
    text(r, 2, &mut o.kind)?;
    text(r, 3, &mut o.stage)?;
    o.close_date = match date_at(r, 4)? {
        Some(d) => d,
        None => parse_date("")?,
    };
    opt_text(r, 5, &mut o.name)?;
    o.amount = r.get::<_, Option<i64>>(6)?.map(Cents);
    opt_text(r, 7, &mut o.owner)?;
    o.users = r.get(8)?;
    o.po_required = r.get(9)?;
    o.eoa = r.get(10)?;
    o.multi_year = r.get(11)?;
    o.auto_renew = r.get(12)?;
    opt_text(r, 13, &mut o.auto_renewal_status)?;
    opt_text(r, 14, &mut o.qsr_status)?;
    o.payment_failure = r.get(15)?;
    o.includes_duo = r.get(16)?;
    opt_text(r, 17, &mut o.renewal_risk)?;
    Ok(())
}

/// A key about halfway between `lo` and `hi` (`None` when `lo >= hi`): where a large table
/// is cut to be read in two parts side by side, found from the two ends alone (no count, no
/// walk to the middle). Any key cuts correctly (the parts are `<= key` and `> key`); halfway
/// balances them when the keys are spread evenly. After the common prefix, each of the next
/// [`KEY_WIDTH`] places counts in the alphabet both ends use there (digits, upper or lower
/// case letters; else ASCII), so that `A0000001` and `A1000000` are cut at `A0500000`.
pub fn key_between(lo: &str, hi: &str) -> Option<String> {
    if lo >= hi {
        return None;
    }
    let common = lo
        .bytes()
        .zip(hi.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let mut cut = common;
    while !lo.is_char_boundary(cut) {
        cut -= 1;
    }
    let (l, h) = (&lo.as_bytes()[cut..], &hi.as_bytes()[cut..]);
    let class = |c: u8| match c {
        b'0'..=b'9' => Some((b'0', 10u128)),
        b'A'..=b'Z' => Some((b'A', 26)),
        b'a'..=b'z' => Some((b'a', 26)),
        _ => None,
    };
    let mut places = [(0u8, 128u128); KEY_WIDTH];
    let (mut lv, mut hv) = (0u128, 0u128);
    for (i, place) in places.iter_mut().enumerate() {
        let (x, y) = (l.get(i).copied(), h.get(i).copied());
        *place = match (x.map(class), y.map(class)) {
            (Some(Some(a)), Some(Some(b))) if a == b => a,
            (Some(Some(a)), None) => a,
            (None, Some(Some(b))) => b,
            _ => (0, 128),
        };
        let (base, radix) = *place;
        let value =
            |c: Option<u8>| c.map_or(0, |c| u128::from(c.saturating_sub(base)).min(radix - 1));
        lv = lv * radix + value(x);
        hv = hv * radix + value(y);
    }
    let mut mid = lv + hv.saturating_sub(lv) / 2;
    let mut tail = [0u8; KEY_WIDTH];
    for (i, (base, radix)) in places.iter().enumerate().rev() {
        tail[i] = base + (mid % radix) as u8;
        mid /= radix;
    }
    let mut key = lo[..cut].to_string();
    let end = tail.iter().rposition(|&c| c != 0).map_or(0, |i| i + 1);
    key.extend(tail[..end].iter().map(|&c| char::from(c)));
    Some(key)
}

/// The places of a key [`key_between`] counts in after the common prefix.
const KEY_WIDTH: usize = 12;

/// A range of a table's text key: which opportunities [`Tx::packed_opportunities_in`] reads,
/// which accounts `tier --summary`'s parts read.
#[derive(Debug, Clone, Copy)]
pub enum KeyRange<'a> {
    All,
    /// `key <= id`
    UpTo(&'a str),
    /// `key > id`
    After(&'a str),
}

impl<'a> KeyRange<'a> {
    /// The range's bound, if any.
    pub fn key(self) -> Option<&'a str> {
        match self {
            KeyRange::All => None,
            KeyRange::UpTo(id) | KeyRange::After(id) => Some(id),
        }
    }

    /// The range as a condition on `column` with its bound as parameter `?n` (none for all).
    pub fn condition(self, column: &str, n: usize) -> Option<String> {
        match self {
            KeyRange::All => None,
            KeyRange::UpTo(_) => Some(format!("{column} <= ?{n}")),
            KeyRange::After(_) => Some(format!("{column} > ?{n}")),
        }
    }
}

/// Opportunities packed as text, one row per opportunity (fields separated by U+001F), sorted
/// by account id then opportunity id; [`PackedOpportunities::of`] unpacks one account's.
#[derive(Debug, Default)]
pub struct PackedOpportunities {
    buf: String,
    rows: Vec<Packed>,
    next: usize,
}

/// Where a packed row and its two key fields (account id, opportunity id) lie in the buffer.
#[derive(Debug, Clone, Copy)]
struct Packed {
    /// The account id's first 8 bytes (big-endian, zero-padded): orders most pairs of rows
    /// without reading the buffer.
    prefix: u64,
    start: u32,
    account_end: u32,
    id_end: u32,
    end: u32,
}

const SEP: char = '\u{1f}';

impl PackedOpportunities {
    fn field(&mut self, s: &str) {
        self.buf.push_str(&clean(s));
        self.buf.push(SEP);
    }

    fn flag(&mut self, v: Option<bool>) {
        self.buf.push_str(match v {
            Some(true) => "1",
            Some(false) => "0",
            None => "",
        });
        self.buf.push(SEP);
    }

    fn number(&mut self, v: Option<i64>) {
        if let Some(n) = v {
            use std::fmt::Write;
            let _ = write!(self.buf, "{n}");
        }
        self.buf.push(SEP);
    }

    /// A date as `NaiveDate`'s `Display` writes it, without allocating for the usual years.
    fn date(&mut self, d: NaiveDate) {
        let y = d.year();
        if (0..=9999).contains(&y) {
            let (y, m, dd) = (y as u32, d.month(), d.day());
            let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
            for c in [
                digit(y / 1000),
                digit(y / 100),
                digit(y / 10),
                digit(y),
                '-',
                digit(m / 10),
                digit(m),
                '-',
                digit(dd / 10),
                digit(dd),
            ] {
                self.buf.push(c);
            }
        } else {
            use std::fmt::Write;
            let _ = write!(self.buf, "{d}");
        }
        self.buf.push(SEP);
    }

    /// Adds an opportunity (unsorted: sort after).
    pub fn push(&mut self, o: &Opportunity) {
        fn text(v: &Option<String>) -> &str {
            v.as_deref().unwrap_or_default()
        }
        let start = self.buf.len() as u32;
        self.field(&o.account_id);
        let account_end = self.buf.len() as u32 - 1;
        self.field(&o.id);
        let id_end = self.buf.len() as u32 - 1;
        self.field(&o.kind);
        self.field(&o.stage);
        self.date(o.close_date);
        // Only an Upgrade's name and owner are ever read (routing, SPEC §3.3).
        let upgrade = o.is_upgrade();
        self.field(if upgrade { text(&o.name) } else { "" });
        self.number(o.amount.map(|c| c.0));
        self.field(if upgrade { text(&o.owner) } else { "" });
        self.number(o.users);
        self.flag(o.po_required);
        self.flag(o.eoa);
        self.flag(o.multi_year);
        self.flag(o.auto_renew);
        self.field(text(&o.auto_renewal_status));
        self.field(text(&o.qsr_status));
        self.flag(o.payment_failure);
        self.flag(o.includes_duo);
        self.field(text(&o.renewal_risk));
        self.rows.push(Packed {
            prefix: prefix(&self.buf[start as usize..account_end as usize]),
            start,
            account_end,
            id_end,
            end: self.buf.len() as u32,
        });
    }

    fn account(&self, p: Packed) -> &str {
        &self.buf[p.start as usize..p.account_end as usize]
    }

    fn key(&self, p: Packed) -> (&str, &str) {
        (
            self.account(p),
            &self.buf[p.account_end as usize + 1..p.id_end as usize],
        )
    }

    /// Sorts the rows by account id, then opportunity id ([`PackedOpportunities::of`] reads
    /// them in that order).
    pub fn sort(&mut self) {
        let mut rows = std::mem::take(&mut self.rows);
        rows.sort_unstable_by(|a, b| {
            a.prefix
                .cmp(&b.prefix)
                .then_with(|| self.key(*a).cmp(&self.key(*b)))
        });
        self.rows = rows;
    }

    /// Adds the rows of `other` (unsorted: sort after).
    pub fn append(&mut self, other: PackedOpportunities) {
        if self.rows.is_empty() {
            *self = other;
            return;
        }
        let shift = self.buf.len() as u32;
        self.buf.push_str(&other.buf);
        self.rows.extend(other.rows.into_iter().map(|p| Packed {
            prefix: p.prefix,
            start: p.start + shift,
            account_end: p.account_end + shift,
            id_end: p.id_end + shift,
            end: p.end + shift,
        }));
    }

    /// The opportunities of `account_id`. Accounts must be asked for in id order.
    pub fn of(&mut self, account_id: &str) -> Vec<Opportunity> {
        let mut out = Vec::new();
        let n = self.of_into(account_id, &mut out);
        out.truncate(n);
        out
    }

    /// [`PackedOpportunities::of`] into the first places of `out` (its values reused, more
    /// pushed when it has too few); returns how many: the account's are `out[..n]`.
    pub fn of_into(&mut self, account_id: &str, out: &mut Vec<Opportunity>) -> usize {
        let wanted = prefix(account_id);
        let order = |me: &Self, p: Packed| {
            p.prefix.cmp(&wanted).then_with(|| {
                // Ids of at most 8 bytes with the same zero-padded prefix order by length (the
                // shorter is the start of the longer): no look at the buffer (a cache miss).
                let len = (p.account_end - p.start) as usize;
                if len <= 8 && account_id.len() <= 8 {
                    len.cmp(&account_id.len())
                } else {
                    me.account(p).cmp(account_id)
                }
            })
        };
        while self.next < self.rows.len() && order(self, self.rows[self.next]).is_lt() {
            self.next += 1;
        }
        let mut n = 0;
        while self.next < self.rows.len() && order(self, self.rows[self.next]).is_eq() {
            let p = self.rows[self.next];
            let row = &self.buf[p.start as usize..p.end as usize];
            if n == out.len() {
                out.push(Opportunity::new("", "", "", "", NaiveDate::default()));
            }
            unpack_into(row, &mut out[n]);
            n += 1;
            self.next += 1;
        }
        n
    }
}

/// The first 8 bytes of `s`, big-endian, zero-padded: `prefix(a) < prefix(b)` implies
/// `a < b`, and `a < b` implies `prefix(a) <= prefix(b)`.
fn prefix(s: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = s.len().min(8);
    b[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(b)
}

/// A field without the separator (a stray U+001F in an export becomes a space).
fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(SEP) {
        s.replace(SEP, " ").into()
    } else {
        s.into()
    }
}

/// Unpacks a packed row into `o`, reusing its strings.
fn unpack_into(row: &str, o: &mut Opportunity) {
    let mut f = [""; 18];
    for (slot, v) in f.iter_mut().zip(row.split(SEP)) {
        *slot = v;
    }
    let set = |into: &mut String, v: &str| {
        into.clear();
        into.push_str(v);
    };
    let set_opt = |into: &mut Option<String>, v: &str| match into {
        _ if v.is_empty() => *into = None,
        Some(s) => {
            s.clear();
            s.push_str(v);
        }
        None => *into = Some(v.to_string()),
    };
    let num = |i: usize| f[i].parse::<i64>().ok();
    let flag = |i: usize| match f[i] {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    };
    set(&mut o.account_id, f[0]);
    set(&mut o.id, f[1]);
    set(&mut o.kind, f[2]);
    set(&mut o.stage, f[3]);
    o.close_date = packed_date(f[4]);
    set_opt(&mut o.name, f[5]);
    o.amount = num(6).map(Cents);
    set_opt(&mut o.owner, f[7]);
    o.users = num(8);
    o.po_required = flag(9);
    o.eoa = flag(10);
    o.multi_year = flag(11);
    o.auto_renew = flag(12);
    set_opt(&mut o.auto_renewal_status, f[13]);
    set_opt(&mut o.qsr_status, f[14]);
    o.payment_failure = flag(15);
    o.includes_duo = flag(16);
    set_opt(&mut o.renewal_risk, f[17]);
}

/// A packed date: `YYYY-MM-DD` read directly, any other form (a year past 9999) by chrono.
fn packed_date(s: &str) -> NaiveDate {
    ymd(s).unwrap_or_else(|| s.parse().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn opportunity() -> impl Strategy<Value = Opportunity> {
        // Short ids over few letters (shared prefixes, ids shorter and longer than the 8-byte
        // sort prefix), stray separators, dates of every year chrono holds.
        let id = "[AB0\u{0}\u{1f}]{0,10}";
        let text = proptest::option::of("[a-zA-Z \u{1f}é]{0,6}");
        let flag = proptest::option::of(any::<bool>());
        let day = (-300_000i32..3_000_000)
            .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap_or_default());
        (
            (
                id,
                "[O0-9]{1,4}",
                prop_oneof!["Upgrade", "Renewal", "Growth"],
                "[1-4]-[a-z]{0,3}",
            ),
            (
                day,
                text.clone(),
                proptest::option::of(any::<i64>()),
                text.clone(),
            ),
            (
                proptest::option::of(any::<i64>()),
                [
                    flag.clone(),
                    flag.clone(),
                    flag.clone(),
                    flag.clone(),
                    flag.clone(),
                    flag,
                ],
            ),
            [text.clone(), text.clone(), text],
        )
            .prop_map(
                |((account, id, kind, stage), (day, name, amount, owner), (users, f), t)| {
                    let mut o = Opportunity::new(&id, &account, &kind, &stage, day);
                    o.name = name;
                    o.amount = amount.map(Cents);
                    o.owner = owner;
                    o.users = users;
                    [o.po_required, o.eoa, o.multi_year, o.auto_renew] = [f[0], f[1], f[2], f[3]];
                    [o.payment_failure, o.includes_duo] = [f[4], f[5]];
                    [o.auto_renewal_status, o.qsr_status, o.renewal_risk] = t;
                    o
                },
            )
    }

    /// What the pack keeps of `o`: separators become spaces, empty texts none, and only an
    /// Upgrade's name and owner.
    fn kept(o: &Opportunity) -> Opportunity {
        let clean = |s: &str| s.replace(SEP, " ");
        let opt = |v: &Option<String>| v.as_deref().map(clean).filter(|s| !s.is_empty());
        let upgrade = o.is_upgrade();
        Opportunity {
            id: clean(&o.id),
            account_id: clean(&o.account_id),
            kind: clean(&o.kind),
            stage: clean(&o.stage),
            name: if upgrade { opt(&o.name) } else { None },
            owner: if upgrade { opt(&o.owner) } else { None },
            auto_renewal_status: opt(&o.auto_renewal_status),
            qsr_status: opt(&o.qsr_status),
            renewal_risk: opt(&o.renewal_risk),
            ..o.clone()
        }
    }

    proptest! {
        /// Two packs read side by side, appended and sorted, give every account its
        /// opportunities in opportunity id order, as kept, into reused values.
        #[test]
        fn packs_read_in_halves_give_each_account_its_opportunities_in_order(
            opps in proptest::collection::vec(opportunity(), 0..40),
            cut in 0usize..40,
            others in proptest::collection::vec("[AB0\u{0}]{0,10}", 0..10),
        ) {
            // Opportunity ids are a primary key: one row each.
            let mut seen = std::collections::HashSet::new();
            let opps: Vec<Opportunity> = opps.into_iter().filter(|o| seen.insert(o.id.replace(SEP, " "))).collect();
            let cut = cut.min(opps.len());
            let (mut first, mut second) = (PackedOpportunities::default(), PackedOpportunities::default());
            for o in &opps[..cut] {
                first.push(o);
            }
            for o in &opps[cut..] {
                second.push(o);
            }
            first.append(second);
            first.sort();
            let mut expected: Vec<Opportunity> = opps.iter().map(kept).collect();
            expected.sort_by(|a, b| (&a.account_id, &a.id).cmp(&(&b.account_id, &b.id)));
            let mut accounts: Vec<String> = expected.iter().map(|o| o.account_id.clone()).collect();
            let with = accounts.clone();
            // Accounts with no opportunity asked for in between (ids that share a prefix with
            // theirs, shorter, longer, with NUL bytes) get none.
            accounts.extend(others);
            accounts.sort();
            accounts.dedup();
            // Values left from earlier accounts are refilled, not trusted.
            let mut reused = vec![opps.first().cloned().unwrap_or_else(|| Opportunity::new("x", "y", "z", "w", NaiveDate::default())); 3];
            let mut got = Vec::new();
            for a in &accounts {
                let n = first.of_into(a, &mut reused);
                prop_assert_eq!(n > 0, with.contains(a), "{:?}", a);
                got.extend(reused[..n].iter().cloned());
            }
            prop_assert_eq!(got, expected);
        }

        /// Every pair of distinct ends has a split point, and one key has none.
        #[test]
        fn every_two_distinct_ends_have_a_split_point(
            a in "[ -~é]{0,14}",
            b in "[ -~é]{0,14}",
            common in "[A-Z0-9é]{0,9}",
        ) {
            let (lo, hi) = (format!("{common}{a}"), format!("{common}{b}"));
            let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
            prop_assert_eq!(key_between(&lo, &hi).is_some(), lo < hi);
            prop_assert_eq!(key_between(&hi, &lo), None);
        }

        /// The run's reading of a stored instant is the general parser's, shortcut or not.
        #[test]
        fn a_stored_instant_reads_the_same_as_the_rfc3339_parser_reads_it(
            secs in -70_000_000_000i64..300_000_000_000,
            other in "[0-9T:Z+-]{0,22}",
        ) {
            let t = DateTime::<Utc>::from_timestamp(secs, 0).unwrap();
            for s in [t.format("%Y-%m-%dT%H:%M:%SZ").to_string(), other, "2026-02-30T10:00:00Z".into(), "2026-03-02T24:00:00Z".into(), "2026-06-30T23:59:60Z".into()] {
                prop_assert_eq!(ts_of(&s).ok(), parse_ts(&s).ok(), "{}", s);
            }
        }
    }

    #[test]
    fn packed_opportunities_round_trip_and_group_by_account() {
        let mut o = Opportunity {
            id: "O2".into(),
            account_id: "A2".into(),
            kind: "Upgrade".into(),
            stage: "2-Scoping".into(),
            close_date: "2026-04-30".parse().unwrap(),
            name: Some("Acme - Ultimate Upgrade".into()),
            amount: Some(Cents(240_000)),
            owner: Some("Maya Patel".into()),
            users: Some(8),
            po_required: Some(false),
            eoa: None,
            multi_year: Some(true),
            auto_renew: Some(true),
            auto_renewal_status: Some("Due to Fail".into()),
            qsr_status: None,
            payment_failure: Some(false),
            includes_duo: None,
            renewal_risk: Some("Will Churn".into()),
        };
        let mut p = PackedOpportunities::default();
        p.push(&o);
        let mut renewal = o.clone();
        renewal.kind = "Renewal".into();
        renewal.name = Some("Acme - Renewal FY27".into());
        renewal.id = "O1".into();
        p.push(&renewal);
        let mut other = o.clone();
        other.account_id = "A1".into();
        p.push(&other);
        p.sort();
        assert_eq!(p.of("A1"), vec![other]);
        assert!(p.of("A15").is_empty());
        let a2 = p.of("A2");
        // A renewal's name and owner are never read, so not kept.
        renewal.name = None;
        renewal.owner = None;
        assert_eq!(a2, vec![renewal, o.clone()]);
        o.account_id = "A3".into();
        assert!(p.of("A3").is_empty());
    }

    /// The split point of keys spread evenly cuts them about in half, whatever their form.
    #[test]
    fn the_split_point_of_evenly_spread_keys_halves_them() {
        let forms: [fn(u32) -> String; 5] = [
            |i| format!("A{i:07}"),
            |i| format!("ACC-{i:06}"),
            |i| i.to_string(),
            |i| format!("0015g00000{}", base(i, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", 5)),
            |i| {
                format!(
                    "001{}",
                    base(
                        i,
                        b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                        6
                    )
                )
            },
        ];
        for form in forms {
            let mut keys: Vec<String> = (1..=20_000u32).map(|i| form(i * 37)).collect();
            keys.sort();
            let key = key_between(&keys[0], keys.last().unwrap()).unwrap();
            let below = keys.iter().filter(|k| **k <= key).count();
            assert!(
                (3_000..=17_000).contains(&below),
                "{} .. {}: cut at {key:?} leaves {below} of 20000 below",
                keys[0],
                keys.last().unwrap()
            );
        }
    }

    fn base(mut n: u32, digits: &[u8], width: usize) -> String {
        let mut out = vec![digits[0]; width];
        for place in out.iter_mut().rev() {
            *place = digits[(n % digits.len() as u32) as usize];
            n /= digits.len() as u32;
        }
        String::from_utf8(out).unwrap()
    }
}
