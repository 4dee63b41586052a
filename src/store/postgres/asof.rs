//! `Ops::cases_changed_after` on PostgreSQL: SQLite's two passes (`store/sqlite/asof.rs`).

use chrono::{DateTime, Utc};
use postgres::GenericClient;
use postgres::types::Type;

use super::read::{R, case_columns, case_from};
use crate::domain::case::{Case, HistoryEntry};
use crate::store::ts;

/// See [`crate::store::Ops::cases_changed_after`].
pub fn cases_changed_after(
    c: &mut impl GenericClient,
    at: DateTime<Utc>,
) -> R<Vec<(Case, Vec<HistoryEntry>)>> {
    let at = ts(at);
    let ids: Vec<i64> = c
        .query_typed(
            "SELECT DISTINCT case_id FROM case_history WHERE at > $1",
            &[(&at, Type::TEXT)],
        )?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let cases: Vec<Case> = c
        .query_typed(
            concat!(
                "SELECT ",
                case_columns!(),
                " FROM cases WHERE id = ANY($1) ORDER BY id"
            ),
            &[(&ids, Type::INT8_ARRAY)],
        )?
        .iter()
        .map(case_from)
        .collect::<R<_>>()?;
    let entries: Vec<(i64, HistoryEntry)> = c
        .query_typed(
            "SELECT case_id, at, actor, action, field, before, after, note FROM case_history
              WHERE case_id = ANY($1) ORDER BY case_id, id",
            &[(&ids, Type::INT8_ARRAY)],
        )?
        .iter()
        .map(super::reports::history_row)
        .collect::<R<_>>()?;
    Ok(crate::store::join_history(cases, entries))
}
