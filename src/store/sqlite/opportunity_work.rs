//! Opportunities worked from a case (SPEC §11.1): smb's own facts about an opportunity
//! (`opportunity_work`), creating and changing opportunities, the export mark.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::opportunities::from_row;
use super::{Tx, opt_ts, ts};
use crate::Result;
use crate::domain::account::Opportunity;
use crate::domain::opportunity::{OpportunityWork, smb_id};
use crate::store::{OppFilter, OppGapLink};

/// The opportunity columns with an `o.` prefix (a macro: constant SQL strings).
macro_rules! o_columns {
    () => {
        "o.opportunity_id, o.account_id, o.type, o.stage, o.close_date, o.name, o.amount_cents,
    o.owner, o.users, o.po_required, o.eoa, o.multi_year, o.auto_renew, o.auto_renewal_status,
    o.qsr_status, o.payment_failure, o.includes_duo, o.renewal_risk"
    };
}

impl Tx<'_> {
    /// See [`crate::store::Ops::opportunity_work`].
    pub fn opportunity_work(&self, id: &str) -> Result<OpportunityWork> {
        let row = self
            .tx
            .prepare_cached(
                "SELECT case_id, source_id, admin_added, created_by, created_at, changed_at
                   FROM opportunity_work WHERE opportunity_id = ?1",
            )
            .map_err(|e| self.err(e))?
            .query_row(params![id], |r| {
                Ok(OpportunityWork {
                    case_id: r.get(0)?,
                    source_id: r.get(1)?,
                    admin_added: r.get(2)?,
                    created_by: r.get(3)?,
                    created_at: opt_ts(r.get(4)?)?,
                    changed_at: opt_ts(r.get(5)?)?,
                })
            })
            .optional()
            .map_err(|e| self.err(e))?;
        let mut w = row.unwrap_or_default();
        if w.case_id.is_none() {
            w.case_id = self
                .tx
                .prepare_cached("SELECT max(id) FROM cases WHERE opportunity_id = ?1")
                .map_err(|e| self.err(e))?
                .query_row(params![id], |r| r.get(0))
                .map_err(|e| self.err(e))?;
        }
        Ok(w)
    }

    /// See [`crate::store::Ops::create_opportunity`].
    pub fn create_opportunity(
        &self,
        o: &Opportunity,
        work: &OpportunityWork,
    ) -> Result<Opportunity> {
        let mut seq: i64 = self
            .tx
            .prepare_cached("SELECT ifnull(max(seq), 0) + 1 FROM opportunity_work")
            .map_err(|e| self.err(e))?
            .query_row([], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        while self.opportunity(&smb_id(seq))?.is_some() {
            seq += 1;
        }
        let mut o = o.clone();
        o.id = smb_id(seq);
        self.save_opportunity(&o, work)?;
        self.tx
            .prepare_cached(
                "UPDATE opportunity_work SET seq = ?2, created_by = ?3, created_at = ?4
                  WHERE opportunity_id = ?1",
            )
            .map_err(|e| self.err(e))?
            .execute(params![o.id, seq, work.created_by, work.created_at.map(ts)])
            .map_err(|e| self.err(e))?;
        // The profile's spelling of the owner, as stored.
        Ok(self.opportunity(&o.id)?.unwrap_or(o))
    }

    /// See [`crate::store::Ops::save_opportunity`]. The row's hash is reset: the next import
    /// compares its values, so the CRM's win.
    pub fn save_opportunity(&self, o: &Opportunity, work: &OpportunityWork) -> Result<()> {
        self.put_opportunity(o, 0)?;
        self.tx
            .prepare_cached(
                "INSERT INTO opportunity_work
                    (opportunity_id, case_id, source_id, admin_added, changed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (opportunity_id) DO UPDATE SET case_id = excluded.case_id,
                    source_id = excluded.source_id, admin_added = excluded.admin_added,
                    changed_at = excluded.changed_at",
            )
            .map_err(|e| self.err(e))?
            .execute(params![
                o.id,
                work.case_id,
                work.source_id,
                work.admin_added,
                work.changed_at.map(ts)
            ])
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Clears the export mark of `id` (an import carried it).
    pub(super) fn clear_opportunity_mark(&self, id: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE opportunity_work SET changed_at = NULL
                  WHERE opportunity_id = ?1 AND changed_at IS NOT NULL",
            )
            .map_err(|e| self.err(e))?
            .execute(params![id])
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// See [`crate::store::Ops::opportunity_list`].
    pub fn opportunity_list(&self, f: &OppFilter) -> Result<Vec<Opportunity>> {
        let mut st = self
            .tx
            .prepare_cached(concat!(
                "SELECT ",
                o_columns!(),
                " FROM opportunities o
                  WHERE (?1 IS NULL OR o.account_id = ?1)
                    AND (?2 IS NULL OR o.owner = ?2 COLLATE NOCASE)
                  ORDER BY o.opportunity_id"
            ))
            .map_err(|e| self.err(e))?;
        st.query_map(params![f.account_id, f.owner], from_row)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// See [`crate::store::Ops::opportunity_ids_like`].
    pub fn opportunity_ids_like(&self, id: &str) -> Result<Vec<String>> {
        let prefix = crate::domain::opportunity::id_prefix_for_near(id);
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT opportunity_id FROM opportunities
                  WHERE lower(substr(opportunity_id, 1, ?2)) = lower(?1)
                  ORDER BY opportunity_id LIMIT 5000",
            )
            .map_err(|e| self.err(e))?;
        st.query_map(params![prefix, prefix.chars().count() as i64], |r| {
            r.get::<_, String>(0)
        })
        .map_err(|e| self.err(e))?
        .collect::<rusqlite::Result<_>>()
        .map_err(|e| self.err(e))
    }

    /// See [`crate::store::Ops::case_opportunities`].
    pub fn case_opportunities(&self, case_id: i64) -> Result<Vec<Opportunity>> {
        let mut st = self
            .tx
            .prepare_cached(concat!(
                "SELECT ",
                o_columns!(),
                " FROM opportunities o
                  WHERE o.opportunity_id = (SELECT opportunity_id FROM cases WHERE id = ?1)
                     OR o.opportunity_id IN
                        (SELECT opportunity_id FROM opportunity_work WHERE case_id = ?1)
                  ORDER BY o.opportunity_id"
            ))
            .map_err(|e| self.err(e))?;
        st.query_map(params![case_id], from_row)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// See [`crate::store::Ops::marked_opportunities`].
    pub fn marked_opportunities(&self, since: Option<DateTime<Utc>>) -> Result<Vec<Opportunity>> {
        let mut st = self
            .tx
            .prepare_cached(concat!(
                "SELECT ",
                o_columns!(),
                " FROM opportunity_work w JOIN opportunities o ON o.opportunity_id = w.opportunity_id
                  WHERE w.changed_at IS NOT NULL AND (?1 IS NULL OR w.changed_at >= ?1)
                  ORDER BY o.opportunity_id"
            ))
            .map_err(|e| self.err(e))?;
        st.query_map(params![since.map(ts)], from_row)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// See [`crate::store::Ops::opportunity_gap_links`].
    pub fn opportunity_gap_links(&self) -> Result<Vec<OppGapLink>> {
        let mut st = self
            .tx
            .prepare_cached(
                "WITH links (case_id, opp_id) AS (
                    SELECT id, opportunity_id FROM cases
                     WHERE status IN ('Open', 'In Progress') AND opportunity_id IS NOT NULL
                    UNION
                    SELECT c.id, o.opportunity_id
                      FROM opportunities o JOIN cases c ON c.opportunity_id = o.opportunity_id
                     WHERE lower(o.stage) LIKE '%won%'
                    UNION
                    SELECT case_id, opportunity_id FROM opportunity_work WHERE case_id IS NOT NULL)
                 SELECT l.case_id, l.opp_id,
                        EXISTS (SELECT 1 FROM opportunities o2
                                  JOIN opportunity_work w2 ON w2.opportunity_id = o2.opportunity_id
                                 WHERE o2.account_id = o.account_id AND w2.admin_added = 1)
                   FROM links l JOIN opportunities o ON o.opportunity_id = l.opp_id
                  ORDER BY l.case_id, l.opp_id",
            )
            .map_err(|e| self.err(e))?;
        let pairs: Vec<(i64, String, bool)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(pairs.len());
        for (case_id, opp_id, admin) in pairs {
            if let (Some(c), Some(o)) = (self.case(case_id)?, self.opportunity(&opp_id)?) {
                out.push((c, o, admin));
            }
        }
        Ok(out)
    }
}
