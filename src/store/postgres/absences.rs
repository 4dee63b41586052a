//! Absences and the cases a plan moved to covers on PostgreSQL (SPEC §11.5, migration 10):
//! SQLite's `store/sqlite/absences.rs`, statement for statement.

use chrono::{DateTime, Utc};
use postgres::GenericClient;
use postgres::types::Type;

use super::read::{R, opt_ts, parse_date, parse_ts};
use crate::domain::absence::{Absence, CoverMove};
use crate::store::ts;

pub fn absences(c: &mut impl GenericClient) -> R<Vec<Absence>> {
    c.query_typed(
        "SELECT id, name, from_date, until_date, starts_at, ends_at, covers, created_at,
                created_by, ended_at, ended_by
           FROM absences WHERE ended_at IS NULL ORDER BY starts_at, id",
        &[],
    )?
    .iter()
    .map(|r| {
        let covers: String = r.try_get(6)?;
        Ok(Absence {
            id: r.try_get(0)?,
            name: r.try_get(1)?,
            from: parse_date(r.try_get(2)?)?,
            until: parse_date(r.try_get(3)?)?,
            starts_at: parse_ts(r.try_get(4)?)?,
            ends_at: parse_ts(r.try_get(5)?)?,
            covers: covers
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect(),
            created_at: parse_ts(r.try_get(7)?)?,
            created_by: r.try_get(8)?,
            ended_at: opt_ts(r.try_get(9)?)?,
            ended_by: r.try_get(10)?,
        })
    })
    .collect()
}

pub fn put_absence(c: &mut impl GenericClient, a: &Absence) -> R<i64> {
    let (from, until) = (a.from.to_string(), a.until.to_string());
    let (starts, ends, created) = (ts(a.starts_at), ts(a.ends_at), ts(a.created_at));
    let covers = a.covers.join(",");
    Ok(c.query_typed_one(
        "INSERT INTO absences (name, from_date, until_date, starts_at, ends_at, covers,
                               created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        &[
            (&a.name, Type::TEXT),
            (&from, Type::TEXT),
            (&until, Type::TEXT),
            (&starts, Type::TEXT),
            (&ends, Type::TEXT),
            (&covers, Type::TEXT),
            (&created, Type::TEXT),
            (&a.created_by, Type::TEXT),
        ],
    )?
    .try_get(0)?)
}

pub fn end_absence(c: &mut impl GenericClient, id: i64, at: DateTime<Utc>, by: &str) -> R<bool> {
    let at = ts(at);
    let n = c.execute_typed(
        "UPDATE absences SET ended_at = $2, ended_by = $3 WHERE id = $1 AND ended_at IS NULL",
        &[(&id, Type::INT8), (&at, Type::TEXT), (&by, Type::TEXT)],
    )?;
    Ok(n > 0)
}

pub fn record_cover_moves(
    c: &mut impl GenericClient,
    absence_id: i64,
    moves: &[CoverMove],
) -> R<()> {
    if moves.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = moves.iter().map(|m| m.case_id).collect();
    let from: Vec<&str> = moves.iter().map(|m| m.from.as_str()).collect();
    let to: Vec<&str> = moves.iter().map(|m| m.to.as_str()).collect();
    let at: Vec<String> = moves.iter().map(|m| ts(m.at)).collect();
    // One statement; `unnest` keeps the order, so the ids follow it.
    c.execute_typed(
        "INSERT INTO absence_moves (absence_id, case_id, from_owner, to_owner, at)
         SELECT $1, m.* FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) m",
        &[
            (&absence_id, Type::INT8),
            (&ids, Type::INT8_ARRAY),
            (&from, Type::TEXT_ARRAY),
            (&to, Type::TEXT_ARRAY),
            (&at, Type::TEXT_ARRAY),
        ],
    )?;
    Ok(())
}

pub fn cover_moves(c: &mut impl GenericClient, absence_id: i64) -> R<Vec<CoverMove>> {
    c.query_typed(
        "SELECT case_id, from_owner, to_owner, at FROM absence_moves
          WHERE absence_id = $1 ORDER BY id",
        &[(&absence_id, Type::INT8)],
    )?
    .iter()
    .map(|r| {
        Ok(CoverMove {
            case_id: r.try_get(0)?,
            from: r.try_get(1)?,
            to: r.try_get(2)?,
            at: parse_ts(r.try_get(3)?)?,
        })
    })
    .collect()
}
