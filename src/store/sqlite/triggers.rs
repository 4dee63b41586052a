//! Bulk readers for `smb trigger run`: accounts in id order, and the opportunities and cases of
//! a range of accounts ordered by account id, so the run merge-joins them in Rust batch by batch
//! instead of querying per account.

use rusqlite::{Row, params};

use chrono::NaiveDate;

use super::{Tx, opt_ts, parse_date, parse_ts};
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
    let b = s.as_bytes();
    let num = |x: &[u8]| {
        x.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(y), Some(m), Some(d)) = (num(&b[..4]), num(&b[5..7]), num(&b[8..]))
        && let Some(day) = NaiveDate::from_ymd_opt(y as i32, m, d)
    {
        return Ok(Some(day));
    }
    parse_date(s).map(Some)
}

fn account(r: &Row<'_>) -> rusqlite::Result<Account> {
    let region = r.get_ref(1)?.as_str()?;
    let mut a = Account::new(
        "",
        "",
        Region::parse(region).unwrap_or(Region::Amer),
        Cents(0),
    );
    a.id = r.get(0)?;
    a.carr = Cents(r.get(2)?);
    a.country = r.get(3)?;
    a.employees = r.get(4)?;
    a.lam = r.get(5)?;
    a.has_ultimate = r.get(6)?;
    a.auto_renew = r.get(7)?;
    a.pte = r.get(8)?;
    a.ptc = r.get(9)?;
    a.deployment = r.get(10)?;
    a.customer_type = r
        .get_ref(11)?
        .as_str_or_null()?
        .and_then(CustomerType::parse);
    a.owner = r.get(12)?;
    a.subscription_end_date = date_at(r, 13)?;
    a.seats = r.get(14)?;
    a.active_users = r.get(15)?;
    a.overage = r.get::<_, Option<i64>>(16)?.map(Cents);
    a.qsr_enabled = r.get(17)?;
    a.auto_renew_changed_at = date_at(r, 18)?;
    a.pte_updated_at = date_at(r, 19)?;
    a.ptc_updated_at = date_at(r, 20)?;
    a.carr_crossed_at = date_at(r, 21)?;
    Ok(a)
}

const OPPORTUNITY: &str = "opportunity_id, account_id, type, stage, close_date, name,
    amount_cents, owner, users, po_required, eoa, multi_year, auto_renew, auto_renewal_status,
    qsr_status, payment_failure, includes_duo, renewal_risk";

const CASE_FACTS: &str = "id, account_id, trigger, status, owner, resolution_action, created_at,
    picked_at, closed_at, dedup_key";

fn case_facts(r: &Row<'_>) -> rusqlite::Result<CaseFacts> {
    let status: String = r.get(3)?;
    Ok(CaseFacts {
        id: r.get(0)?,
        account_id: r.get(1)?,
        trigger: r.get(2)?,
        status: Status::parse(&status).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                3,
                rusqlite::types::Type::Text,
                format!("unknown status {status:?} in the database").into(),
            )
        })?,
        owner: r.get(4)?,
        resolution_action: r
            .get::<_, Option<String>>(5)?
            .as_deref()
            .and_then(ResolutionAction::parse),
        created_at: parse_ts(&r.get::<_, String>(6)?)?,
        picked_at: opt_ts(r.get(7)?)?,
        closed_at: opt_ts(r.get(8)?)?,
        dedup_key: r.get(9)?,
    })
}

impl Tx<'_> {
    /// Up to `limit` accounts whose id sorts after `after` (`""`: from the first), in id order.
    pub fn accounts_after(&self, after: &str, limit: usize) -> Result<Vec<Account>> {
        let mut st = self
            .tx
            .prepare_cached(&format!(
                "SELECT {ACCOUNT} FROM accounts WHERE account_id > ?1 ORDER BY account_id LIMIT ?2"
            ))
            .map_err(|e| self.err(e))?;
        st.query_map(params![after, limit as i64], account)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Every opportunity a trigger reads ([`reads_opportunity`]), packed and ordered by
    /// account id, in one pack per part of the accounts: `ends` are the last account ids of
    /// every part but the last (which runs to the end), in order. One sequential pass over the
    /// table: opportunities are stored in their own id order, so fetching them account by
    /// account through the index would jump all over the file; and packed text takes a
    /// fraction of the memory of `Opportunity` values.
    pub fn packed_opportunities(&self, ends: &[String]) -> Result<Vec<PackedOpportunities>> {
        let mut st = self
            .tx
            .prepare(&format!(
                "SELECT {OPPORTUNITY} FROM opportunities WHERE stage NOT LIKE 'closed%'"
            ))
            .map_err(|e| self.err(e))?;
        let mut rows = st.query([]).map_err(|e| self.err(e))?;
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
        for p in &mut packs {
            p.sort();
            p.buf.shrink_to_fit();
            p.rows.shrink_to_fit();
        }
        Ok(packs)
    }

    /// The id of the account at `offset` in id order (0: the first), if any.
    pub fn account_id_at(&self, offset: i64) -> Result<Option<String>> {
        let mut st = self
            .tx
            .prepare_cached("SELECT account_id FROM accounts ORDER BY account_id LIMIT 1 OFFSET ?1")
            .map_err(|e| self.err(e))?;
        let mut rows = st.query(params![offset]).map_err(|e| self.err(e))?;
        match rows.next().map_err(|e| self.err(e))? {
            Some(r) => Ok(Some(r.get(0).map_err(|e| self.err(e))?)),
            None => Ok(None),
        }
    }

    /// What the triggers need of the cases of the accounts with `after < account_id <= last`,
    /// ordered by account id, then case id.
    pub fn case_facts_between(&self, after: &str, last: &str) -> Result<Vec<CaseFacts>> {
        let mut st = self
            .tx
            .prepare_cached(&format!(
                "SELECT {CASE_FACTS} FROM cases WHERE account_id > ?1 AND account_id <= ?2
                 ORDER BY account_id, id"
            ))
            .map_err(|e| self.err(e))?;
        st.query_map(params![after, last], case_facts)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
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
    fn text(r: &Row<'_>, i: usize, into: &mut String) -> rusqlite::Result<()> {
        into.clear();
        into.push_str(r.get_ref(i)?.as_str()?);
        Ok(())
    }
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
            self.buf.push_str(&n.to_string());
        }
        self.buf.push(SEP);
    }

    fn push(&mut self, o: &Opportunity) {
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
        self.field(&o.close_date.to_string());
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

    fn sort(&mut self) {
        let mut rows = std::mem::take(&mut self.rows);
        rows.sort_unstable_by(|a, b| self.key(*a).cmp(&self.key(*b)));
        self.rows = rows;
    }

    /// The opportunities of `account_id`. Accounts must be asked for in id order.
    pub fn of(&mut self, account_id: &str) -> Vec<Opportunity> {
        while self.next < self.rows.len() && self.account(self.rows[self.next]) < account_id {
            self.next += 1;
        }
        let mut out = Vec::new();
        while self.next < self.rows.len() && self.account(self.rows[self.next]) == account_id {
            let p = self.rows[self.next];
            out.push(unpack(&self.buf[p.start as usize..p.end as usize]));
            self.next += 1;
        }
        out
    }
}

/// A field without the separator (a stray U+001F in an export becomes a space).
fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(SEP) {
        s.replace(SEP, " ").into()
    } else {
        s.into()
    }
}

fn unpack(row: &str) -> Opportunity {
    let mut f = [""; 18];
    for (slot, v) in f.iter_mut().zip(row.split(SEP)) {
        *slot = v;
    }
    let text = |i: usize| (!f[i].is_empty()).then(|| f[i].to_string());
    let num = |i: usize| f[i].parse::<i64>().ok();
    let flag = |i: usize| match f[i] {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    };
    Opportunity {
        account_id: f[0].to_string(),
        id: f[1].to_string(),
        kind: f[2].to_string(),
        stage: f[3].to_string(),
        close_date: f[4].parse().unwrap_or_default(),
        name: text(5),
        amount: num(6).map(Cents),
        owner: text(7),
        users: num(8),
        po_required: flag(9),
        eoa: flag(10),
        multi_year: flag(11),
        auto_renew: flag(12),
        auto_renewal_status: text(13),
        qsr_status: text(14),
        payment_failure: flag(15),
        includes_duo: flag(16),
        renewal_risk: text(17),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
