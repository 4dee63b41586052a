//! Bulk readers for `smb trigger run`: accounts in id order, and the opportunities and cases of
//! a range of accounts ordered by account id, so the run merge-joins them in Rust batch by batch
//! instead of querying per account.

use rusqlite::{Row, params};

use super::{Tx, opt_date, opt_ts, parse_date, parse_ts};
use crate::Result;
use crate::domain::account::{Account, CustomerType, Event, Opportunity};
use crate::domain::case::{ResolutionAction, Status};
use crate::domain::model::Region;
use crate::domain::money::Cents;
use crate::domain::trigger::{CaseFacts, InboundEvent};

/// The account columns the triggers read (not the name, email domain or tier change date).
const ACCOUNT: &str = "account_id, region, carr_cents, country, employees, lam, has_ultimate,
    auto_renew, pte, ptc, deployment, customer_type, owner, subscription_end_date, seats,
    active_users, overage_cents, qsr_enabled, auto_renew_changed_at, pte_updated_at,
    ptc_updated_at, carr_crossed_at";

fn account(r: &Row<'_>) -> rusqlite::Result<Account> {
    let region = r.get_ref(1)?.as_str()?;
    let mut a = Account::new("", "", Region::parse(region).unwrap_or(Region::Amer), Cents(0));
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
    a.customer_type = r.get_ref(11)?.as_str_or_null()?.and_then(CustomerType::parse);
    a.owner = r.get(12)?;
    a.subscription_end_date = opt_date(r.get(13)?)?;
    a.seats = r.get(14)?;
    a.active_users = r.get(15)?;
    a.overage = r.get::<_, Option<i64>>(16)?.map(Cents);
    a.qsr_enabled = r.get(17)?;
    a.auto_renew_changed_at = opt_date(r.get(18)?)?;
    a.pte_updated_at = opt_date(r.get(19)?)?;
    a.ptc_updated_at = opt_date(r.get(20)?)?;
    a.carr_crossed_at = opt_date(r.get(21)?)?;
    Ok(a)
}

const OPPORTUNITY: &str = "opportunity_id, account_id, type, stage, close_date, name,
    amount_cents, owner, users, po_required, eoa, multi_year, auto_renew, auto_renewal_status,
    qsr_status, payment_failure, includes_duo, renewal_risk";

fn opportunity(r: &Row<'_>) -> rusqlite::Result<Opportunity> {
    Ok(Opportunity {
        id: r.get(0)?,
        account_id: r.get(1)?,
        kind: r.get(2)?,
        stage: r.get(3)?,
        close_date: parse_date(r.get_ref(4)?.as_str()?)?,
        name: r.get(5)?,
        amount: r.get::<_, Option<i64>>(6)?.map(Cents),
        owner: r.get(7)?,
        users: r.get(8)?,
        po_required: r.get(9)?,
        eoa: r.get(10)?,
        multi_year: r.get(11)?,
        auto_renew: r.get(12)?,
        auto_renewal_status: r.get(13)?,
        qsr_status: r.get(14)?,
        payment_failure: r.get(15)?,
        includes_duo: r.get(16)?,
        renewal_risk: r.get(17)?,
    })
}

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

    /// The opportunities of the accounts with `after < account_id <= last`, ordered by account
    /// id, then opportunity id.
    pub fn opportunities_between(&self, after: &str, last: &str) -> Result<Vec<Opportunity>> {
        let mut st = self
            .tx
            .prepare_cached(&format!(
                "SELECT {OPPORTUNITY} FROM opportunities WHERE account_id > ?1 AND account_id <= ?2
                 ORDER BY account_id, opportunity_id"
            ))
            .map_err(|e| self.err(e))?;
        st.query_map(params![after, last], opportunity)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
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
    /// account of the first contact (by id) whose email is the event's (case-insensitive).
    /// The contact is attached when it belongs to that account. Ordered by event id.
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
        st.query_map([], |r| {
            let event = Event {
                id: r.get(0)?,
                kind: r.get(1)?,
                occurred_at: parse_ts(&r.get::<_, String>(2)?)?,
                account_id: r.get(3)?,
                email: r.get(4)?,
                description: r.get(5)?,
            };
            let contact: Option<String> = r.get(6)?;
            let contact_account: Option<String> = r.get(7)?;
            let account = event.account_id.clone().or(contact_account.clone());
            let contact_id = contact.filter(|_| contact_account == account);
            Ok((InboundEvent { event, contact_id }, account))
        })
        .map_err(|e| self.err(e))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| self.err(e))
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

    /// Is the account suppressed from High Value cases: does it have a High Value Account case
    /// closed with resolution action Request Not Possible (SPEC §4.6)?
    pub fn high_value_suppressed(&self, account_id: &str) -> Result<bool> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT 1 FROM cases WHERE account_id = ?1 AND trigger = 'high_value_account'
                   AND resolution_action = ?2 AND status LIKE 'Closed%'",
            )
            .map_err(|e| self.err(e))?;
        st.exists(params![
            account_id,
            ResolutionAction::RequestNotPossible.as_str()
        ])
        .map_err(|e| self.err(e))
    }
}
