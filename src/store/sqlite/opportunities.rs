//! The opportunities table.

use rusqlite::{Row, params};

use super::{Tx, parse_date};
use crate::Result;
use crate::domain::account::Opportunity;
use crate::domain::money::Cents;

/// Every column of `opportunities`, in [`from_row`]'s order (a macro: constant SQL strings).
macro_rules! columns {
    () => {
        "opportunity_id, account_id, type, stage, close_date, name, amount_cents,
    owner, users, po_required, eoa, multi_year, auto_renew, auto_renewal_status, qsr_status,
    payment_failure, includes_duo, renewal_risk"
    };
}

pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<Opportunity> {
    Ok(Opportunity {
        id: r.get(0)?,
        account_id: r.get(1)?,
        kind: r.get(2)?,
        stage: r.get(3)?,
        close_date: parse_date(&r.get::<_, String>(4)?)?,
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

impl Tx<'_> {
    /// The stored opportunity, if any.
    pub fn opportunity(&self, id: &str) -> Result<Option<Opportunity>> {
        let mut st = self
            .tx
            .prepare_cached(concat!(
                "SELECT ",
                columns!(),
                " FROM opportunities WHERE opportunity_id = ?1"
            ))
            .map_err(|e| self.err(e))?;
        let mut rows = st.query(params![id]).map_err(|e| self.err(e))?;
        match rows.next().map_err(|e| self.err(e))? {
            Some(r) => Ok(Some(from_row(r).map_err(|e| self.err(e))?)),
            None => Ok(None),
        }
    }

    /// Inserts or replaces the opportunity. An `owner` a profile answers to (ignoring case) is
    /// stored with the profile's spelling (SPEC §1.2).
    pub fn put_opportunity(&self, o: &Opportunity, row_hash: i64) -> Result<()> {
        let mut st = self
            .tx
            .prepare_cached(concat!(
                "INSERT OR REPLACE INTO opportunities (",
                columns!(),
                ", row_hash) VALUES
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, COALESCE((SELECT name FROM advocates WHERE name = trim(?8)), ?8),
                  ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)"
            ))
            .map_err(|e| self.err(e))?;
        st.execute(params![
            o.id,
            o.account_id,
            o.kind,
            o.stage,
            o.close_date.to_string(),
            o.name,
            o.amount.map(|c| c.0),
            o.owner,
            o.users,
            o.po_required,
            o.eoa,
            o.multi_year,
            o.auto_renew,
            o.auto_renewal_status,
            o.qsr_status,
            o.payment_failure,
            o.includes_duo,
            o.renewal_risk,
            row_hash,
        ])
        .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The account's opportunities, by id.
    pub fn opportunities_of(&self, account_id: &str) -> Result<Vec<Opportunity>> {
        let mut st = self
            .tx
            .prepare_cached(concat!(
                "SELECT ",
                columns!(),
                " FROM opportunities WHERE account_id = ?1 ORDER BY opportunity_id"
            ))
            .map_err(|e| self.err(e))?;
        st.query_map(params![account_id], from_row)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// The opportunities `owner` owns (pooled: their active Upgrade opps are counted from these).
    pub fn opportunities_owned_by(&self, owner: &str) -> Result<Vec<Opportunity>> {
        let mut st = self
            .tx
            .prepare_cached(concat!(
                "SELECT ",
                columns!(),
                " FROM opportunities WHERE owner = ?1 COLLATE NOCASE ORDER BY opportunity_id"
            ))
            .map_err(|e| self.err(e))?;
        st.query_map(params![owner], from_row)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Every opportunity with an owner (pooled: Upgrade opps are counted from these).
    pub fn owned_opportunities(&self) -> Result<Vec<Opportunity>> {
        let mut st = self
            .tx
            .prepare_cached(concat!(
                "SELECT ",
                columns!(),
                " FROM opportunities WHERE owner IS NOT NULL ORDER BY opportunity_id"
            ))
            .map_err(|e| self.err(e))?;
        st.query_map([], from_row)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }
}
