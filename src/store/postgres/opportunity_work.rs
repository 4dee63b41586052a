//! Opportunities worked from a case on PostgreSQL (SPEC §11.1): SQLite's
//! `store/sqlite/opportunity_work.rs` ported by the rules of `read.rs`, in the same order.

use chrono::{DateTime, Utc};
use postgres::GenericClient;
use postgres::types::Type;

use super::read::{R, case, opportunity, opportunity_from, opt_ts};
use crate::domain::account::Opportunity;
use crate::domain::opportunity::{OpportunityWork, smb_id};
use crate::store::{OppFilter, OppGapLink, ts};

macro_rules! o_columns {
    () => {
        "o.opportunity_id, o.account_id, o.type, o.stage, o.close_date, o.name, o.amount_cents,
    o.owner, o.users, o.po_required, o.eoa, o.multi_year, o.auto_renew, o.auto_renewal_status,
    o.qsr_status, o.payment_failure, o.includes_duo, o.renewal_risk"
    };
}

pub fn opportunity_work(c: &mut impl GenericClient, id: &str) -> R<OpportunityWork> {
    let row = c.query_typed_opt(
        "SELECT case_id, source_id, admin_added, created_by, created_at, changed_at
           FROM opportunity_work WHERE opportunity_id = $1",
        &[(&id, Type::TEXT)],
    )?;
    let mut w = match row {
        Some(r) => OpportunityWork {
            case_id: r.try_get(0)?,
            source_id: r.try_get(1)?,
            admin_added: r.try_get(2)?,
            created_by: r.try_get(3)?,
            created_at: opt_ts(r.try_get(4)?)?,
            changed_at: opt_ts(r.try_get(5)?)?,
        },
        None => OpportunityWork::default(),
    };
    if w.case_id.is_none() {
        w.case_id = c
            .query_typed_one(
                "SELECT max(id) FROM cases WHERE opportunity_id = $1",
                &[(&id, Type::TEXT)],
            )?
            .try_get(0)?;
    }
    Ok(w)
}

pub fn create_opportunity(
    c: &mut impl GenericClient,
    o: &Opportunity,
    work: &OpportunityWork,
) -> R<Opportunity> {
    // One creator at a time: the next number is read and taken in the same lock.
    c.batch_execute("LOCK TABLE opportunity_work IN SHARE ROW EXCLUSIVE MODE")?;
    let mut seq: i64 = c
        .query_typed_one(
            "SELECT coalesce(max(seq), 0) + 1 FROM opportunity_work",
            &[],
        )?
        .try_get(0)?;
    while opportunity(c, &smb_id(seq))?.is_some() {
        seq += 1;
    }
    let mut o = o.clone();
    o.id = smb_id(seq);
    save_opportunity(c, &o, work)?;
    let created_at = work.created_at.map(ts);
    c.execute_typed(
        "UPDATE opportunity_work SET seq = $2, created_by = $3, created_at = $4
          WHERE opportunity_id = $1",
        &[
            (&o.id, Type::TEXT),
            (&seq, Type::INT8),
            (&work.created_by, Type::TEXT),
            (&created_at, Type::TEXT),
        ],
    )?;
    Ok(opportunity(c, &o.id)?.unwrap_or(o))
}

pub fn save_opportunity(
    c: &mut impl GenericClient,
    o: &Opportunity,
    work: &OpportunityWork,
) -> R<()> {
    let close = o.close_date.to_string();
    let amount = o.amount.map(|a| a.0);
    c.execute_typed(
        "INSERT INTO opportunities (opportunity_id, account_id, type, stage, close_date, name,
             amount_cents, owner, users, po_required, eoa, multi_year, auto_renew,
             auto_renewal_status, qsr_status, payment_failure, includes_duo, renewal_risk,
             row_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7,
             coalesce((SELECT v.name FROM advocates v WHERE lower(v.name) = lower(trim($8 COLLATE \"C\"))), $8),
             $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 0)
         ON CONFLICT (opportunity_id) DO UPDATE SET (account_id, type, stage, close_date, name,
             amount_cents, owner, users, po_required, eoa, multi_year, auto_renew,
             auto_renewal_status, qsr_status, payment_failure, includes_duo, renewal_risk,
             row_hash) =
            (EXCLUDED.account_id, EXCLUDED.type, EXCLUDED.stage, EXCLUDED.close_date,
             EXCLUDED.name, EXCLUDED.amount_cents, EXCLUDED.owner, EXCLUDED.users,
             EXCLUDED.po_required, EXCLUDED.eoa, EXCLUDED.multi_year, EXCLUDED.auto_renew,
             EXCLUDED.auto_renewal_status, EXCLUDED.qsr_status, EXCLUDED.payment_failure,
             EXCLUDED.includes_duo, EXCLUDED.renewal_risk, 0)",
        &[
            (&o.id, Type::TEXT),
            (&o.account_id, Type::TEXT),
            (&o.kind, Type::TEXT),
            (&o.stage, Type::TEXT),
            (&close, Type::TEXT),
            (&o.name, Type::TEXT),
            (&amount, Type::INT8),
            (&o.owner, Type::TEXT),
            (&o.users, Type::INT8),
            (&o.po_required, Type::BOOL),
            (&o.eoa, Type::BOOL),
            (&o.multi_year, Type::BOOL),
            (&o.auto_renew, Type::BOOL),
            (&o.auto_renewal_status, Type::TEXT),
            (&o.qsr_status, Type::TEXT),
            (&o.payment_failure, Type::BOOL),
            (&o.includes_duo, Type::BOOL),
            (&o.renewal_risk, Type::TEXT),
        ],
    )?;
    let changed = work.changed_at.map(ts);
    c.execute_typed(
        "INSERT INTO opportunity_work
            (opportunity_id, case_id, source_id, admin_added, changed_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (opportunity_id) DO UPDATE SET case_id = EXCLUDED.case_id,
            source_id = EXCLUDED.source_id, admin_added = EXCLUDED.admin_added,
            changed_at = EXCLUDED.changed_at",
        &[
            (&o.id, Type::TEXT),
            (&work.case_id, Type::INT8),
            (&work.source_id, Type::TEXT),
            (&work.admin_added, Type::BOOL),
            (&changed, Type::TEXT),
        ],
    )?;
    Ok(())
}

pub fn opportunity_list(c: &mut impl GenericClient, f: &OppFilter) -> R<Vec<Opportunity>> {
    c.query_typed(
        concat!(
            "SELECT ",
            o_columns!(),
            " FROM opportunities o
              WHERE ($1::text IS NULL OR o.account_id = $1)
                AND ($2::text IS NULL OR lower(o.owner) = lower($2 COLLATE \"C\"))
              ORDER BY o.opportunity_id"
        ),
        &[(&f.account_id, Type::TEXT), (&f.owner, Type::TEXT)],
    )?
    .iter()
    .map(opportunity_from)
    .collect()
}

pub fn opportunity_ids_like(c: &mut impl GenericClient, id: &str) -> R<Vec<String>> {
    let prefix = crate::domain::opportunity::id_prefix_for_near(id);
    let len = prefix.chars().count() as i64;
    c.query_typed(
        "SELECT opportunity_id FROM opportunities
          WHERE lower(substr(opportunity_id, 1, $2::int)) = lower($1 COLLATE \"C\")
          ORDER BY opportunity_id LIMIT 5000",
        &[(&prefix, Type::TEXT), (&len, Type::INT8)],
    )?
    .iter()
    .map(|r| Ok(r.try_get(0)?))
    .collect()
}

pub fn case_opportunities(c: &mut impl GenericClient, case_id: i64) -> R<Vec<Opportunity>> {
    c.query_typed(
        concat!(
            "SELECT ",
            o_columns!(),
            " FROM opportunities o
              WHERE o.opportunity_id = (SELECT opportunity_id FROM cases WHERE id = $1)
                 OR o.opportunity_id IN
                    (SELECT opportunity_id FROM opportunity_work WHERE case_id = $1)
              ORDER BY o.opportunity_id"
        ),
        &[(&case_id, Type::INT8)],
    )?
    .iter()
    .map(opportunity_from)
    .collect()
}

pub fn marked_opportunities(
    c: &mut impl GenericClient,
    since: Option<DateTime<Utc>>,
) -> R<Vec<Opportunity>> {
    let since = since.map(ts);
    c.query_typed(
        concat!(
            "SELECT ",
            o_columns!(),
            " FROM opportunity_work w JOIN opportunities o ON o.opportunity_id = w.opportunity_id
              WHERE w.changed_at IS NOT NULL AND ($1::text IS NULL OR w.changed_at >= $1)
              ORDER BY o.opportunity_id"
        ),
        &[(&since, Type::TEXT)],
    )?
    .iter()
    .map(opportunity_from)
    .collect()
}

pub fn opportunity_gap_links(c: &mut impl GenericClient) -> R<Vec<OppGapLink>> {
    let pairs: Vec<(i64, String, bool)> = c
        .query_typed(
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
                             WHERE o2.account_id = o.account_id AND w2.admin_added)
               FROM links l JOIN opportunities o ON o.opportunity_id = l.opp_id
              ORDER BY l.case_id, l.opp_id",
            &[],
        )?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect::<R<_>>()?;
    let mut out = Vec::with_capacity(pairs.len());
    for (case_id, opp_id, admin) in pairs {
        if let (Some(k), Some(o)) = (case(c, case_id)?, opportunity(c, &opp_id)?) {
            out.push((k, o, admin));
        }
    }
    Ok(out)
}
