//! The aggregates behind `smb report` on PostgreSQL (docs/store-boundary.md 4.6): SQLite's
//! statements (`store/sqlite/reports.rs`) ported by the boundary's rules. `unixepoch(t)` is
//! `extract(epoch FROM t::timestamptz)::bigint`, `max(a, b)` of two values `greatest`,
//! `sum(cond)` a `count(*) FILTER`, `COLLATE NOCASE IN (json_each(?))` a `lower(…) = ANY($n)`
//! over names folded (ASCII) in Rust, `LIKE` `ILIKE`.

use chrono::{DateTime, NaiveDate, Utc};
use hashbrown::HashMap;
use postgres::GenericClient;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::Type;

use super::read::{R, case_columns, case_from, opt_ts, parse_ts};
use crate::domain::case::{Case, HistoryEntry, Priority, Status};
use crate::domain::model::Region;
use crate::domain::report::{AgeBucket, ClockStop, SlaGroupBy, VolumeSplit, Window};
use crate::domain::workflow::HIGH_VALUE_ACCOUNT;
use crate::store::{ClockRow, HygieneCandidate, ts};

/// The group column of `report sla --by`; `''` stands for "no owner" / "no account".
fn group_sql(by: SlaGroupBy) -> &'static str {
    match by {
        SlaGroupBy::Priority => "''",
        SlaGroupBy::Region => "coalesce(c.account_id, '')",
        SlaGroupBy::Owner => "coalesce(c.owner, '')",
        SlaGroupBy::Category => "c.category",
    }
}

/// The window's bounds as stored text (open sides as sentinels that sort before / after every
/// timestamp), as SQLite's.
fn bounds(window: &Window) -> (String, String) {
    (
        window.start().map_or_else(|| "0".to_string(), ts),
        window.end().map_or_else(|| "A".to_string(), ts),
    )
}

/// When a case's age starts (SPEC §6.2); SQLite's `AGED_FROM`.
macro_rules! aged_from {
    () => {
        "greatest(created_at, coalesce(queued_at, created_at))"
    };
}

/// Names folded as SQLite's NOCASE folds them (ASCII only), for `lower(col) = ANY($n)`.
fn folded(names: &[String]) -> Vec<String> {
    names.iter().map(|n| n.to_ascii_lowercase()).collect()
}

/// digital: every clock that started in `window` by `now`, streamed to `f` (group, queue,
/// priority, stop, start, end).
pub fn for_each_sla_clock(
    c: &mut impl GenericClient,
    by: SlaGroupBy,
    window: &Window,
    now: DateTime<Utc>,
    mut f: impl FnMut(&str, Option<&str>, Priority, Option<ClockStop>, DateTime<Utc>, DateTime<Utc>),
) -> R<()> {
    let sql = format!(
        "SELECT {group}, c.queue, c.priority,
                CASE WHEN k.stopped_at IS NULL THEN 0 WHEN k.stopped_by = 'pick' THEN 1 ELSE 2 END,
                extract(epoch FROM k.started_at::timestamptz)::bigint,
                extract(epoch FROM coalesce(k.stopped_at, $1)::timestamptz)::bigint
           FROM sla_clocks k JOIN cases c ON c.id = k.case_id
          WHERE k.started_at >= $2 AND k.started_at < $3 AND k.started_at <= $1",
        group = group_sql(by)
    );
    let (since, until) = bounds(window);
    let now = ts(now);
    let mut rows = c.query_typed_raw(
        &sql,
        [
            (&now as &(dyn postgres::types::ToSql + Sync), Type::TEXT),
            (&since, Type::TEXT),
            (&until, Type::TEXT),
        ],
    )?;
    while let Some(r) = rows.next()? {
        let group: &str = r.try_get(0)?;
        let queue: Option<&str> = r.try_get(1)?;
        let priority = Priority::from_rank(r.try_get(2)?).unwrap_or(Priority::Low);
        let stop = match r.try_get::<_, i32>(3)? {
            0 => None,
            1 => Some(ClockStop::Pick),
            _ => Some(ClockStop::Other),
        };
        let at = |i| -> R<DateTime<Utc>> {
            Ok(DateTime::from_timestamp(r.try_get(i)?, 0).unwrap_or_default())
        };
        let (start, end) = (at(4)?, at(5)?);
        f(group, queue, priority, stop, start, end);
    }
    Ok(())
}

/// Every account's region, for `report sla --by region`.
pub fn account_regions(c: &mut impl GenericClient) -> R<HashMap<String, Region>> {
    let mut out = HashMap::new();
    let mut rows = c.query_typed_raw(
        "SELECT account_id, region FROM accounts",
        std::iter::empty::<(&(dyn postgres::types::ToSql + Sync), Type)>(),
    )?;
    while let Some(r) = rows.next()? {
        out.insert(
            r.try_get(0)?,
            Region::parse(r.try_get(1)?).unwrap_or(Region::Amer),
        );
    }
    Ok(out)
}

/// pooled: every clock of `window` started by `now`, to be measured in business hours.
pub fn sla_clock_rows(
    c: &mut impl GenericClient,
    by: SlaGroupBy,
    window: &Window,
    now: DateTime<Utc>,
) -> R<Vec<ClockRow>> {
    let sql = format!(
        "SELECT {group}, c.priority, c.queue, k.started_at, k.stopped_at, k.stopped_by,
                k.case_id
           FROM sla_clocks k JOIN cases c ON c.id = k.case_id
          WHERE k.started_at >= $2 AND k.started_at < $3 AND k.started_at <= $1",
        group = group_sql(by)
    );
    let (since, until) = bounds(window);
    let now = ts(now);
    c.query_typed(
        &sql,
        &[
            (&now, Type::TEXT),
            (&since, Type::TEXT),
            (&until, Type::TEXT),
        ],
    )?
    .iter()
    .map(|r| {
        let stopped_at = opt_ts(r.try_get(4)?)?;
        let stopped_by: Option<&str> = r.try_get(5)?;
        Ok(ClockRow {
            group: r.try_get(0)?,
            priority: Priority::from_rank(r.try_get(1)?).unwrap_or(Priority::Low),
            queue: r.try_get(2)?,
            started_at: parse_ts(r.try_get(3)?)?,
            stopped_by: stopped_at.map(|_| stopped_by.map_or(ClockStop::Other, ClockStop::parse)),
            stopped_at,
            case_id: r.try_get(6)?,
        })
    })
    .collect()
}

/// Open and In Progress cases per status, High Value Account or not, and age bucket.
pub fn aging_counts(
    c: &mut impl GenericClient,
    target_cutoff: NaiveDate,
    limit_cutoff: NaiveDate,
    now: DateTime<Utc>,
) -> R<Vec<(Status, bool, AgeBucket, u64)>> {
    let (target, limit, now) = (target_cutoff.to_string(), limit_cutoff.to_string(), ts(now));
    c.query_typed(
        concat!(
            "SELECT status, trigger = $3,
                    CASE WHEN ",
            aged_from!(),
            " >= $1 THEN 0 WHEN ",
            aged_from!(),
            " >= $2 THEN 1 ELSE 2 END,
                    count(*)
               FROM cases WHERE status IN ('Open', 'In Progress') AND ",
            aged_from!(),
            " <= $4
              GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
        ),
        &[
            (&target, Type::TEXT),
            (&limit, Type::TEXT),
            (&HIGH_VALUE_ACCOUNT, Type::TEXT),
            (&now, Type::TEXT),
        ],
    )?
    .iter()
    .map(|r| {
        let status: &str = r.try_get(0)?;
        let bucket: i32 = r.try_get(2)?;
        Ok((
            Status::parse(status).unwrap_or(Status::Open),
            r.try_get::<_, bool>(1)?,
            AgeBucket::ALL[bucket.clamp(0, 2) as usize],
            r.try_get::<_, i64>(3)? as u64,
        ))
    })
    .collect()
}

/// Open and In Progress cases aged from before `cutoff`, High Value Account cases apart,
/// oldest first.
pub fn cases_aged_before(c: &mut impl GenericClient, cutoff: NaiveDate) -> R<Vec<Case>> {
    let cutoff = cutoff.to_string();
    c.query_typed(
        concat!(
            "SELECT ",
            case_columns!(),
            " FROM cases
              WHERE status IN ('Open', 'In Progress') AND trigger <> $2 AND ",
            aged_from!(),
            " < $1 ORDER BY ",
            aged_from!(),
            ", id"
        ),
        &[(&cutoff, Type::TEXT), (&HIGH_VALUE_ACCOUNT, Type::TEXT)],
    )?
    .iter()
    .map(case_from)
    .collect()
}

/// Per owner of Open or In Progress cases: (owner, In Progress, Open assigned, open High Value
/// Account cases).
pub fn owner_loads(c: &mut impl GenericClient) -> R<Vec<(String, u64, u64, u64)>> {
    c.query_typed(
        "SELECT owner, count(*) FILTER (WHERE status = 'In Progress'),
                count(*) FILTER (WHERE status = 'Open'), count(*) FILTER (WHERE trigger = $1)
           FROM cases WHERE owner IS NOT NULL AND status IN ('Open', 'In Progress')
          GROUP BY owner ORDER BY owner",
        &[(&HIGH_VALUE_ACCOUNT, Type::TEXT)],
    )?
    .iter()
    .map(|r| {
        Ok((
            r.try_get(0)?,
            r.try_get::<_, i64>(1)? as u64,
            r.try_get::<_, i64>(2)? as u64,
            r.try_get::<_, i64>(3)? as u64,
        ))
    })
    .collect()
}

/// The cases that may have a Required 10 gap on `today`, with their opportunity's stage and
/// close date (SQLite's `hygiene_candidates`).
pub fn hygiene_candidates(
    c: &mut impl GenericClient,
    today: NaiveDate,
    over_capacity: &[String],
) -> R<Vec<HygieneCandidate>> {
    let (today, owners) = (today.to_string(), folded(over_capacity));
    c.query_typed(
        concat!(
            "SELECT ",
            case_columns!(),
            ",
                    (SELECT o.stage FROM opportunities o
                      WHERE o.opportunity_id = cases.opportunity_id),
                    (SELECT o.close_date FROM opportunities o
                      WHERE o.opportunity_id = cases.opportunity_id)
               FROM cases
              WHERE (status = 'In Progress'
                     AND (coalesce(next_steps, '') = '' OR next_steps_date IS NULL
                          OR next_steps_date < $1 OR contact_id IS NULL
                          OR lower(owner) = ANY($2)))
                 OR (status NOT IN ('Open', 'In Progress') AND opportunity_id IS NOT NULL
                     AND EXISTS (SELECT 1 FROM opportunities o
                                  WHERE o.opportunity_id = cases.opportunity_id
                                    AND o.stage NOT ILIKE 'closed%'))
                 OR (status IN ('Open', 'In Progress') AND trigger = 'failed_auto_renewal')
              ORDER BY id"
        ),
        &[(&today, Type::TEXT), (&owners, Type::TEXT_ARRAY)],
    )?
    .iter()
    .map(|r| {
        let close: Option<&str> = r.try_get(29)?;
        Ok((
            case_from(r)?,
            r.try_get::<_, Option<String>>(28)?,
            close.and_then(|d| d.parse().ok()),
        ))
    })
    .collect()
}

/// Cases created in `window` per month (`YYYY-MM`) and, when split, per category or trigger,
/// in month order.
pub fn volume(
    c: &mut impl GenericClient,
    split: Option<VolumeSplit>,
    window: &Window,
) -> R<Vec<(String, Option<String>, u64)>> {
    let sql = match split {
        None => {
            "SELECT substr(created_at, 1, 7) AS month, NULL::text AS k, count(*) FROM cases
              WHERE created_at >= $1 AND created_at < $2
              GROUP BY month ORDER BY month"
        }
        Some(VolumeSplit::Category) => {
            "SELECT substr(created_at, 1, 7) AS month, category AS k, count(*) FROM cases
              WHERE created_at >= $1 AND created_at < $2
              GROUP BY month, k ORDER BY month, k"
        }
        Some(VolumeSplit::Trigger) => {
            "SELECT substr(created_at, 1, 7) AS month, trigger AS k, count(*) FROM cases
              WHERE created_at >= $1 AND created_at < $2
              GROUP BY month, k ORDER BY month, k"
        }
    };
    let (since, until) = bounds(window);
    c.query_typed(sql, &[(&since, Type::TEXT), (&until, Type::TEXT)])?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get::<_, i64>(2)? as u64)))
        .collect()
}

/// Cases created in `window` by any of `names` (ignoring ASCII case; index
/// `cases_created_by`), oldest first.
pub fn cases_created_by(
    c: &mut impl GenericClient,
    names: &[String],
    window: &Window,
) -> R<Vec<Case>> {
    let (since, until) = bounds(window);
    let names = folded(names);
    c.query_typed(
        concat!(
            "SELECT ",
            case_columns!(),
            " FROM cases
              WHERE lower(created_by) = ANY($1) AND created_at >= $2 AND created_at < $3
              ORDER BY created_at, id"
        ),
        &[
            (&names, Type::TEXT_ARRAY),
            (&since, Type::TEXT),
            (&until, Type::TEXT),
        ],
    )?
    .iter()
    .map(case_from)
    .collect()
}

/// The `escalated` history entries written in `window`, oldest first.
pub fn escalations(c: &mut impl GenericClient, window: &Window) -> R<Vec<(i64, HistoryEntry)>> {
    let (since, until) = bounds(window);
    c.query_typed(
        "SELECT case_id, at, actor, action, field, before, after, note FROM case_history
          WHERE action = 'escalated' AND at >= $1 AND at < $2
          ORDER BY at, id",
        &[(&since, Type::TEXT), (&until, Type::TEXT)],
    )?
    .iter()
    .map(history_row)
    .collect()
}

/// A row of `SELECT case_id, at, actor, action, field, before, after, note FROM case_history`.
pub(super) fn history_row(r: &postgres::Row) -> R<(i64, HistoryEntry)> {
    Ok((
        r.try_get(0)?,
        HistoryEntry {
            at: parse_ts(r.try_get(1)?)?,
            actor: r.try_get(2)?,
            action: r.try_get(3)?,
            field: r.try_get(4)?,
            before: r.try_get(5)?,
            after: r.try_get(6)?,
            note: r.try_get(7)?,
        },
    ))
}
