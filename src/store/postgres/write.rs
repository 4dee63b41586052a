//! Writing cases on PostgreSQL (docs/store-boundary.md 4.3): a change applied in one statement
//! under its guard, the claim of a pick, cases created unless their dedup key exists, the case
//! an email thread belongs to, notices.
//!
//! Every statement takes parameters (`query_typed`: the types are given, no Parse round trip);
//! no SQL here is built from input. Times are smb's, as fixed-width UTC text (`store::ts`).

use chrono::{DateTime, NaiveDate, Utc};
use postgres::types::{ToSql, Type};
use postgres::{GenericClient, Row};

use crate::domain::account::Opportunity;
use crate::domain::case::{
    Case, CaseReason, Category, HistoryEntry, Origin, Priority, ResolutionAction, Status,
};
use crate::domain::change::{CaseChange, ClockEvent, Guard, NewCase, NoticeDraft};
use crate::domain::model::{QueueOrder, Region};
use crate::domain::money::Cents;
use crate::domain::report::ClockStop;
use crate::store::{Advocate, Applied, PickQuery, PickView, Role, ts};
use crate::{Error, Result};

/// Every column of `cases`, in [`case_from_row`]'s order.
pub(crate) const CASE_COLUMNS: &str = "id, account_id, contact_id, opportunity_id, trigger,
    category, subject, description, priority, status, owner, queue, origin, case_reason,
    resolution_action, next_steps, next_steps_date, feedback, web_email, case_type, created_at,
    created_by, queued_at, picked_at, first_response_at, closed_at, dedup_key, message_id";

/// How many columns [`CASE_COLUMNS`] has.
pub(crate) const CASE_WIDTH: usize = 28;

type Map<'e> = &'e dyn Fn(postgres::Error) -> Error;

fn corrupt(what: &str, v: &str) -> Error {
    Error::Database(format!("unknown {what} {v:?} in the database"))
}

fn parse_ts(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| corrupt("time", s))
}

fn opt_ts(s: Option<String>) -> Result<Option<DateTime<Utc>>> {
    s.as_deref().map(parse_ts).transpose()
}

fn opt_date(s: Option<String>) -> Result<Option<NaiveDate>> {
    s.as_deref()
        .map(|d| d.parse::<NaiveDate>().map_err(|_| corrupt("date", d)))
        .transpose()
}

/// The case in columns `at..at + CASE_WIDTH` of `r` (as [`CASE_COLUMNS`] lists them); `None`
/// when its id is NULL (an outer join that found nothing).
pub(crate) fn case_from_row(r: &Row, at: usize) -> Result<Option<Case>> {
    let Some(id) = r.get::<_, Option<i64>>(at) else {
        return Ok(None);
    };
    let g = |i: usize| r.get::<_, Option<String>>(at + i);
    let category: String = r.get(at + 5);
    let status: String = r.get(at + 9);
    let origin: String = r.get(at + 12);
    let priority: i64 = r.get(at + 8);
    Ok(Some(Case {
        id,
        account_id: g(1),
        contact_id: g(2),
        opportunity_id: g(3),
        trigger: r.get(at + 4),
        category: Category::parse(&category).ok_or_else(|| corrupt("category", &category))?,
        subject: r.get(at + 6),
        description: r.get(at + 7),
        priority: Priority::from_rank(priority)
            .ok_or_else(|| corrupt("priority", &priority.to_string()))?,
        status: Status::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        owner: g(10),
        queue: g(11),
        origin: Origin::parse(&origin).ok_or_else(|| corrupt("origin", &origin))?,
        case_reason: g(13).as_deref().and_then(CaseReason::parse),
        resolution_action: g(14).as_deref().and_then(ResolutionAction::parse),
        next_steps: g(15),
        next_steps_date: opt_date(g(16))?,
        feedback: g(17),
        web_email: g(18),
        case_type: g(19),
        created_at: parse_ts(&r.get::<_, String>(at + 20))?,
        created_by: r.get(at + 21),
        queued_at: opt_ts(g(22))?,
        picked_at: opt_ts(g(23))?,
        first_response_at: opt_ts(g(24))?,
        closed_at: opt_ts(g(25))?,
        dedup_key: g(26),
        message_id: g(27),
    }))
}

/// The guard of a change, as the statement checks it.
#[derive(Debug, Clone, Copy)]
pub enum GuardOut<'a> {
    /// Status and owner still as in `before`.
    Unchanged,
    /// Open and unowned (or owned by `owner`), and `owner` holds fewer than `cap` In Progress
    /// cases, counted in this statement's snapshot.
    Claim { owner: &'a str, cap: Option<u32> },
}

/// One change of one case, as [`apply`] writes it.
#[derive(Debug, Clone, Copy)]
pub struct ChangeOut<'a> {
    pub before: &'a Case,
    pub after: &'a Case,
    pub history: &'a [HistoryEntry],
    /// Stop the running clock: when, and why.
    pub stop: Option<(DateTime<Utc>, ClockStop)>,
    /// Start a clock: when, and why.
    pub start: Option<(DateTime<Utc>, &'a str)>,
    pub guard: GuardOut<'a>,
    /// A message id to attach to the case, and when.
    pub message: Option<(&'a str, DateTime<Utc>)>,
    pub notices: &'a [NoticeDraft],
}

/// What [`apply`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Applied,
    /// The guard failed: the case changed under us (taken, closed, reassigned).
    Conflict,
    /// A claim's guard failed on capacity: the owner holds this many In Progress cases.
    AtCapacity(i64),
}

/// `{set}`: the columns the change changes (`$2`..`$20`, [`crate::store::case_set_list`]).
const APPLY: &str = r#"
WITH upd AS (
    UPDATE cases SET {set}
     WHERE id = $1
       AND CASE WHEN $23::text IS NULL
                THEN status = $21 AND owner IS NOT DISTINCT FROM $22::text
                ELSE status = 'Open' AND (owner IS NULL OR lower(owner) = lower($23 COLLATE "C"))
                     AND ($24::int8 IS NULL
                          OR (SELECT count(*) FROM cases c
                               WHERE c.owner = $23 AND c.status = 'In Progress') < $24)
           END
    RETURNING id),
hist AS (
    INSERT INTO case_history (case_id, at, actor, action, field, before, after, note)
    SELECT $1, h.at, h.actor, h.action, h.field, h.before, h.after, h.note
      FROM unnest($25::text[], $26::text[], $27::text[], $28::text[], $29::text[], $30::text[],
                  $31::text[]) WITH ORDINALITY AS h(at, actor, action, field, before, after, note, n)
     WHERE EXISTS (SELECT 1 FROM upd)
     ORDER BY h.n),
stop AS (
    UPDATE sla_clocks SET stopped_at = $32, stopped_by = $33
     WHERE case_id = $1 AND stopped_at IS NULL AND $33::text IS NOT NULL
       AND EXISTS (SELECT 1 FROM upd)),
start AS (
    INSERT INTO sla_clocks (case_id, started_at, reason)
    SELECT $1, $34, $35 WHERE $34::text IS NOT NULL AND EXISTS (SELECT 1 FROM upd)),
msg AS (
    INSERT INTO case_messages (message_id, case_id, at)
    SELECT $36, $1, $37 WHERE $36::text IS NOT NULL AND EXISTS (SELECT 1 FROM upd)
    ON CONFLICT DO NOTHING),
note AS (
    INSERT INTO notices (case_id, recipient, kind, at, note)
    SELECT $1, n.recipient, n.kind, n.at, n.note
      FROM unnest($38::text[], $39::text[], $40::text[], $41::text[]) WITH ORDINALITY
           AS n(recipient, kind, at, note, i)
     WHERE EXISTS (SELECT 1 FROM upd)
     ORDER BY n.i)
SELECT (SELECT count(*) FROM upd),
       (SELECT count(*) FROM cases WHERE owner = $23 AND status = 'In Progress')
"#;

/// Applies one change in one statement: the case row under its guard, its history entries in
/// order, the clock stopped and/or started, a message attached, notices left. All parts share
/// one snapshot: the stop never sees the clock the start inserts. Nothing is written when the
/// guard fails.
pub fn apply(c: &mut impl GenericClient, ch: &ChangeOut<'_>, err: Map<'_>) -> Result<Outcome> {
    let a = ch.after;
    let texts = |f: &dyn Fn(&HistoryEntry) -> Option<String>| -> Vec<Option<String>> {
        ch.history.iter().map(f).collect()
    };
    let h_at = texts(&|h| Some(ts(h.at)));
    let h_actor = texts(&|h| Some(h.actor.clone()));
    let h_action = texts(&|h| Some(h.action.clone()));
    let h_field = texts(&|h| h.field.clone());
    let h_before = texts(&|h| h.before.clone());
    let h_after = texts(&|h| h.after.clone());
    let h_note = texts(&|h| h.note.clone());
    let (claim, cap) = match ch.guard {
        GuardOut::Unchanged => (None, None),
        GuardOut::Claim { owner, cap } => (Some(owner.to_string()), cap.map(i64::from)),
    };
    let stop_at = ch.stop.map(|(t, _)| ts(t));
    let stop_by = ch.stop.map(|(_, by)| by.as_str().to_string());
    let start_at = ch.start.map(|(t, _)| ts(t));
    let start_reason = ch.start.map(|(_, r)| r.to_string());
    let msg = ch.message.map(|(m, _)| m.to_string());
    let msg_at = ch.message.map(|(_, t)| ts(t));
    let n_to: Vec<String> = ch.notices.iter().map(|n| n.recipient.clone()).collect();
    let n_kind: Vec<String> = ch.notices.iter().map(|n| n.kind.as_str().into()).collect();
    let n_at: Vec<String> = ch.notices.iter().map(|n| ts(n.at)).collect();
    let n_note: Vec<Option<String>> = ch.notices.iter().map(|n| n.note.clone()).collect();
    let next_steps_date = a.next_steps_date.map(|d| d.to_string());
    let (queued, picked, first, closed) = (
        a.queued_at.map(ts),
        a.picked_at.map(ts),
        a.first_response_at.map(ts),
        a.closed_at.map(ts),
    );
    let priority = a.priority.rank();
    let case_reason = a.case_reason.map(CaseReason::as_str);
    let action = a.resolution_action.map(ResolutionAction::as_str);
    let before_status = ch.before.status.as_str();
    let (t, ta, i8) = (Type::TEXT, Type::TEXT_ARRAY, Type::INT8);
    let params: [(&(dyn ToSql + Sync), Type); 41] = [
        (&a.id, i8.clone()),
        (&a.account_id, t.clone()),
        (&a.contact_id, t.clone()),
        (&a.opportunity_id, t.clone()),
        (&a.subject, t.clone()),
        (&a.description, t.clone()),
        (&priority, i8.clone()),
        (&a.status.as_str(), t.clone()),
        (&a.owner, t.clone()),
        (&a.queue, t.clone()),
        (&case_reason, t.clone()),
        (&action, t.clone()),
        (&a.next_steps, t.clone()),
        (&next_steps_date, t.clone()),
        (&a.feedback, t.clone()),
        (&a.web_email, t.clone()),
        (&queued, t.clone()),
        (&picked, t.clone()),
        (&first, t.clone()),
        (&closed, t.clone()),
        (&before_status, t.clone()),
        (&ch.before.owner, t.clone()),
        (&claim, t.clone()),
        (&cap, i8.clone()),
        (&h_at, ta.clone()),
        (&h_actor, ta.clone()),
        (&h_action, ta.clone()),
        (&h_field, ta.clone()),
        (&h_before, ta.clone()),
        (&h_after, ta.clone()),
        (&h_note, ta.clone()),
        (&stop_at, t.clone()),
        (&stop_by, t.clone()),
        (&start_at, t.clone()),
        (&start_reason, t.clone()),
        (&msg, t.clone()),
        (&msg_at, t.clone()),
        (&n_to, ta.clone()),
        (&n_kind, ta.clone()),
        (&n_at, ta.clone()),
        (&n_note, ta),
    ];
    let sql = APPLY.replace(
        "{set}",
        &crate::store::case_set_list(ch.before, ch.after, '$'),
    );
    let row = c.query_typed_one(&sql, &params).map_err(err)?;
    let (done, held): (i64, i64) = (row.get(0), row.get(1));
    Ok(match (done, ch.guard) {
        (1, _) => Outcome::Applied,
        (_, GuardOut::Claim { cap: Some(cap), .. }) if held >= i64::from(cap) => {
            Outcome::AtCapacity(held)
        }
        _ => Outcome::Conflict,
    })
}

/// Key class of the transaction-scoped advisory locks a pick takes on its advocate ("smb1"
/// and 2); the second key is a hash of the advocate's name, ignoring case.
pub const PICKER_LOCK: i32 = 0x736d_6232;

/// What a pick sees, read in one statement (4.3.1 step 2) after taking the advocate's lock.
#[derive(Debug, Clone, Default)]
pub struct PickSeen {
    /// The profile (found by name, ignoring case).
    pub me: Option<Advocate>,
    /// The head of the advocate's queue, locked (`FOR UPDATE SKIP LOCKED`).
    pub head: Option<Case>,
    /// The case asked for by id, locked (`FOR UPDATE`).
    pub chosen: Option<Case>,
    /// In Progress cases the advocate holds (the guard recounts).
    pub in_progress: i64,
    /// On the picked case's account (the chosen case, else the head): another open case's
    /// owner (not the advocate), and that case's id.
    pub other_open: Option<(String, i64)>,
    /// The picked case's account's opportunities, by id.
    pub opportunities: Vec<Opportunity>,
}

/// The profile columns, in [`advocate_from_row`]'s order.
pub(crate) const ADVOCATE_COLUMNS: &str = "name, region, languages, role, capacity, created_at";

/// The profile in columns `at..at + 6` of `r`; `None` when its name is NULL.
pub(crate) fn advocate_from_row(r: &Row, at: usize) -> Result<Option<Advocate>> {
    let Some(name) = r.get::<_, Option<String>>(at) else {
        return Ok(None);
    };
    let region: String = r.get(at + 1);
    let langs: String = r.get(at + 2);
    let role: String = r.get(at + 3);
    let capacity: i64 = r.get(at + 4);
    Ok(Some(Advocate {
        name,
        region: Region::parse(&region).unwrap_or(Region::Amer),
        languages: langs
            .split(',')
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        role: Role::parse(&role).unwrap_or(Role::Advocate),
        capacity: u32::try_from(capacity)
            .map_err(|_| corrupt("capacity", &capacity.to_string()))?,
        created_at: parse_ts(&r.get::<_, String>(at + 5))?,
    }))
}

/// Opportunities as the pick statement returns them: a JSON array of arrays in the column
/// order of `opportunities`.
fn opportunities_from_json(text: Option<String>) -> Result<Vec<Opportunity>> {
    use serde_json::Value;
    let Some(text) = text else {
        return Ok(Vec::new());
    };
    let rows: Vec<Vec<Value>> =
        serde_json::from_str(&text).map_err(|e| Error::Database(format!("opportunities: {e}")))?;
    let s = |v: &Value| v.as_str().map(str::to_string);
    let b = |v: &Value| v.as_bool();
    let i = |v: &Value| v.as_i64();
    rows.iter()
        .map(|r| {
            if r.len() != 18 {
                return Err(corrupt("opportunity row", &r.len().to_string()));
            }
            let close = s(&r[4]).unwrap_or_default();
            Ok(Opportunity {
                id: s(&r[0]).unwrap_or_default(),
                account_id: s(&r[1]).unwrap_or_default(),
                kind: s(&r[2]).unwrap_or_default(),
                stage: s(&r[3]).unwrap_or_default(),
                close_date: close
                    .parse::<NaiveDate>()
                    .map_err(|_| corrupt("date", &close))?,
                name: s(&r[5]),
                amount: i(&r[6]).map(Cents),
                owner: s(&r[7]),
                users: i(&r[8]),
                po_required: b(&r[9]),
                eoa: b(&r[10]),
                multi_year: b(&r[11]),
                auto_renew: b(&r[12]),
                auto_renewal_status: s(&r[13]),
                qsr_status: s(&r[14]),
                payment_failure: b(&r[15]),
                includes_duo: b(&r[16]),
                renewal_risk: s(&r[17]),
            })
        })
        .collect()
}

/// How many heads of each stored queue value a pick considers: the first of them that no
/// other picker holds is taken. Read through the queue's partial index, so a pick never sorts
/// the whole queue; when every one of them is held (more pickers at once than this), the pick
/// looks again at the whole queue.
const CANDIDATES: u32 = 32;

fn pick_sql(order: QueueOrder, whole_queue: bool) -> String {
    let order_by = match order {
        // A case ages from `queued_at`, else `created_at` (`domain::queue::compare`, and the
        // queue indexes of migration 12).
        QueueOrder::PriorityThenAge => "priority, coalesce(queued_at, created_at), id",
        QueueOrder::AgeThenPriority => "coalesce(queued_at, created_at), priority, id",
    };
    // The candidates (none: the whole queue), read in the statement's snapshot.
    let (cand, candidates) = if whole_queue {
        (
            "cand AS (SELECT NULL::int8 AS id WHERE false),".to_string(),
            "",
        )
    } else {
        (
            format!(
                "cand AS MATERIALIZED (
    SELECT k.id FROM unnest((SELECT queues FROM q)) AS v(queue)
    CROSS JOIN LATERAL (
        SELECT id FROM cases
         WHERE (SELECT held FROM me) IS NOT NULL
           AND status = 'Open' AND owner IS NULL AND queue = v.queue
           AND (next_steps_date IS NULL OR next_steps_date <= $5)
         ORDER BY {order_by} LIMIT {CANDIDATES}) k),"
            ),
            "AND id IN (SELECT id FROM cand)",
        )
    };
    format!(
        r#"
WITH me AS MATERIALIZED (
    SELECT {ADVOCATE_COLUMNS},
           pg_advisory_xact_lock({PICKER_LOCK}, hashtext(lower(name)))::text AS held
      FROM advocates WHERE lower(name) = lower($1 COLLATE "C")),
q AS MATERIALIZED (
    SELECT CASE (SELECT region FROM me) WHEN 'AMER' THEN $2::text[]
                WHEN 'APAC' THEN $3::text[] ELSE $4::text[] END AS queues),
{cand}
head AS MATERIALIZED (
    SELECT {CASE_COLUMNS} FROM cases
     WHERE (SELECT held FROM me) IS NOT NULL
       AND status = 'Open' AND owner IS NULL
       AND queue = ANY ((SELECT queues FROM q)::text[])
       AND (next_steps_date IS NULL OR next_steps_date <= $5)
       {candidates}
     ORDER BY {order_by} LIMIT 1 FOR UPDATE SKIP LOCKED),
chosen AS MATERIALIZED (
    SELECT {CASE_COLUMNS} FROM cases
     WHERE id = $6 AND ((SELECT held FROM me) IS NOT NULL OR NOT EXISTS (SELECT 1 FROM me))
       FOR UPDATE),
picked AS (SELECT * FROM chosen UNION ALL SELECT * FROM head WHERE $6::int8 IS NULL)
SELECT (SELECT count(*) FROM cases
         WHERE owner = (SELECT name FROM me) AND status = 'In Progress'),
       o.owner, o.id,
       (SELECT json_agg(json_build_array(opportunity_id, account_id, type, stage, close_date,
                        name, amount_cents, owner, users, po_required, eoa, multi_year,
                        auto_renew, auto_renewal_status, qsr_status, payment_failure,
                        includes_duo, renewal_risk) ORDER BY opportunity_id)::text
          FROM opportunities WHERE account_id = (SELECT account_id FROM picked)),
       m.name, m.region, m.languages, m.role, m.capacity, m.created_at, h.*, c.*,
       (SELECT count(*) FROM cand)
  FROM (SELECT 1) one
  LEFT JOIN me m ON true
  LEFT JOIN head h ON true
  LEFT JOIN chosen c ON true
  LEFT JOIN LATERAL (
      SELECT x.owner, x.id FROM cases x, picked p
       WHERE x.account_id = p.account_id AND x.id <> p.id AND x.owner IS NOT NULL
         AND x.owner <> coalesce((SELECT name FROM me), $1)
         AND x.status IN ('Open', 'In Progress')
       ORDER BY x.id LIMIT 1) o ON true
"#
    )
}

/// Reads what a pick needs in one statement: takes the advocate's lock (one pick per
/// advocate at a time, so that the guard's recount of In Progress cases is never stale), then
/// locks the head of their queue skipping heads other pickers hold, and the case asked for.
/// `queues_by_region`: the stored queue values the AMER, APAC and EMEA advocates pick from.
pub fn pick_seen(
    c: &mut impl GenericClient,
    me: &str,
    queues_by_region: &[Vec<String>; 3],
    order: QueueOrder,
    case: Option<i64>,
    today: NaiveDate,
    err: Map<'_>,
) -> Result<PickSeen> {
    let today = today.to_string();
    let me = me.trim();
    let params: [(&(dyn ToSql + Sync), Type); 6] = [
        (&me, Type::TEXT),
        (&queues_by_region[0], Type::TEXT_ARRAY),
        (&queues_by_region[1], Type::TEXT_ARRAY),
        (&queues_by_region[2], Type::TEXT_ARRAY),
        (&today, Type::TEXT),
        (&case, Type::INT8),
    ];
    let mut row = c
        .query_typed_one(&pick_sql(order, false), &params)
        .map_err(err)?;
    // Every candidate held by other pickers (or taken meanwhile): the whole queue, once.
    if case.is_none()
        && row.get::<_, Option<i64>>(10).is_none()
        && row.get::<_, i64>(10 + 2 * CASE_WIDTH) > 0
    {
        row = c
            .query_typed_one(&pick_sql(order, true), &params)
            .map_err(err)?;
    }
    let other = match (
        row.get::<_, Option<String>>(1),
        row.get::<_, Option<i64>>(2),
    ) {
        (Some(o), Some(id)) => Some((o, id)),
        _ => None,
    };
    Ok(PickSeen {
        in_progress: row.get(0),
        other_open: other,
        opportunities: opportunities_from_json(row.get(3))?,
        me: advocate_from_row(&row, 4)?,
        head: case_from_row(&row, 10)?,
        chosen: case_from_row(&row, 10 + CASE_WIDTH)?,
    })
}

/// The case one of `message_ids` (without angle brackets) belongs to: a message attached to it
/// or the message that created it; the first id that matches wins.
pub fn thread_of(
    c: &mut impl GenericClient,
    message_ids: &[String],
    err: Map<'_>,
) -> Result<Option<Case>> {
    if message_ids.is_empty() {
        return Ok(None);
    }
    let sql = format!(
        "WITH ids AS (SELECT m, n FROM unnest($1::text[]) WITH ORDINALITY AS u(m, n)),
              hit AS (SELECT cm.case_id AS id, ids.n, 0 AS k FROM case_messages cm
                        JOIN ids ON cm.message_id = ids.m
                      UNION ALL
                      SELECT c.id, ids.n, 1 FROM cases c JOIN ids ON c.message_id = ids.m)
         SELECT {CASE_COLUMNS} FROM cases
          WHERE id = (SELECT id FROM hit ORDER BY n, k, id LIMIT 1)"
    );
    let rows = c
        .query_typed(&sql, &[(&message_ids, Type::TEXT_ARRAY)])
        .map_err(err)?;
    match rows.first() {
        Some(r) => case_from_row(r, 0),
        None => Ok(None),
    }
}

/// Leaves notices (SPEC §5 decision) in one statement.
pub fn notify(
    c: &mut impl GenericClient,
    case_id: i64,
    notices: &[NoticeDraft],
    err: Map<'_>,
) -> Result<()> {
    if notices.is_empty() {
        return Ok(());
    }
    let to: Vec<&str> = notices.iter().map(|n| n.recipient.as_str()).collect();
    let kind: Vec<&str> = notices.iter().map(|n| n.kind.as_str()).collect();
    let at: Vec<String> = notices.iter().map(|n| ts(n.at)).collect();
    let note: Vec<Option<&str>> = notices.iter().map(|n| n.note.as_deref()).collect();
    c.query_typed(
        "INSERT INTO notices (case_id, recipient, kind, at, note)
         SELECT $1, n.r, n.k, n.a, n.t
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY
                AS n(r, k, a, t, i)
          ORDER BY n.i",
        &[
            (&case_id, Type::INT8),
            (&to, Type::TEXT_ARRAY),
            (&kind, Type::TEXT_ARRAY),
            (&at, Type::TEXT_ARRAY),
            (&note, Type::TEXT_ARRAY),
        ],
    )
    .map_err(err)?;
    Ok(())
}

/// A case to create, with everything its creation writes.
#[derive(Debug, Clone)]
pub struct NewOut<'a> {
    /// The case as drafted (its id is ignored).
    pub draft: &'a Case,
    /// Its history: `case_id` is filled in once it has one.
    pub history: &'a [HistoryEntry],
    /// Its first SLA clock (start time and reason), if any.
    pub clock: Option<(DateTime<Utc>, &'a str)>,
    pub notices: &'a [NoticeDraft],
}

/// Creates cases in three statements per batch: the rows (`ON CONFLICT (dedup_key) DO
/// NOTHING`), then the history and clocks of the created ones (notices in a fourth when any).
/// Returns, for each input in order, the created case or `None` when its dedup key already
/// existed (or an earlier case of the same batch had it).
pub fn create_cases(
    c: &mut impl GenericClient,
    batch: &[NewOut<'_>],
    err: Map<'_>,
) -> Result<Vec<Option<Case>>> {
    let mut out: Vec<Option<Case>> = vec![None; batch.len()];
    if batch.is_empty() {
        return Ok(out);
    }
    let col = |f: &dyn Fn(&Case) -> Option<String>| -> Vec<Option<String>> {
        batch.iter().map(|n| f(n.draft)).collect()
    };
    let cols: Vec<Vec<Option<String>>> = vec![
        col(&|d| d.account_id.clone()),
        col(&|d| d.contact_id.clone()),
        col(&|d| d.opportunity_id.clone()),
        col(&|d| Some(d.trigger.clone())),
        col(&|d| Some(d.category.as_str().into())),
        col(&|d| Some(d.subject.clone())),
        col(&|d| Some(d.description.clone())),
        col(&|d| Some(d.status.as_str().into())),
        col(&|d| d.owner.clone()),
        col(&|d| d.queue.clone()),
        col(&|d| Some(d.origin.as_str().into())),
        col(&|d| d.case_reason.map(|x| x.as_str().into())),
        col(&|d| d.resolution_action.map(|x| x.as_str().into())),
        col(&|d| d.next_steps.clone()),
        col(&|d| d.next_steps_date.map(|x| x.to_string())),
        col(&|d| d.feedback.clone()),
        col(&|d| d.web_email.clone()),
        col(&|d| d.case_type.clone()),
        col(&|d| Some(ts(d.created_at))),
        col(&|d| Some(d.created_by.clone())),
        col(&|d| d.queued_at.map(ts)),
        col(&|d| d.picked_at.map(ts)),
        col(&|d| d.first_response_at.map(ts)),
        col(&|d| d.closed_at.map(ts)),
        col(&|d| d.dedup_key.clone()),
        col(&|d| d.message_id.clone()),
    ];
    let priority: Vec<i64> = batch.iter().map(|n| n.draft.priority.rank()).collect();
    let mut params: Vec<(&(dyn ToSql + Sync), Type)> = vec![(&priority, Type::INT8_ARRAY)];
    for c in &cols {
        params.push((c, Type::TEXT_ARRAY));
    }
    // Ids are drawn in the SELECT's order (by input position); cases without a dedup key
    // never conflict, so the returned rows map back by key, else by id order.
    let rows = c
        .query_typed(
            "INSERT INTO cases (priority, account_id, contact_id, opportunity_id, trigger,
                    category, subject, description, status, owner, queue, origin, case_reason,
                    resolution_action, next_steps, next_steps_date, feedback, web_email,
                    case_type, created_at, created_by, queued_at, picked_at, first_response_at,
                    closed_at, dedup_key, message_id)
             SELECT u.p, u.a1, u.a2, u.a3, u.a4, u.a5, u.a6, u.a7, u.a8, u.a9, u.a10, u.a11,
                    u.a12, u.a13, u.a14, u.a15, u.a16, u.a17, u.a18, u.a19, u.a20, u.a21,
                    u.a22, u.a23, u.a24, u.a25, u.a26
               FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[], $5::text[],
                    $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                    $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
                    $17::text[], $18::text[], $19::text[], $20::text[], $21::text[],
                    $22::text[], $23::text[], $24::text[], $25::text[], $26::text[],
                    $27::text[]) WITH ORDINALITY
                    AS u(p, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15,
                         a16, a17, a18, a19, a20, a21, a22, a23, a24, a25, a26, n)
              ORDER BY u.n
             ON CONFLICT (dedup_key) DO NOTHING
             RETURNING id, dedup_key",
            &params,
        )
        .map_err(err)?;
    let mut keyed: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    let mut unkeyed: Vec<i64> = Vec::new();
    for r in &rows {
        let id: i64 = r.get(0);
        match r.get::<_, Option<String>>(1) {
            Some(k) => {
                keyed.insert(k, id);
            }
            None => unkeyed.push(id),
        }
    }
    unkeyed.sort_unstable();
    let mut unkeyed = unkeyed.into_iter();
    for (i, n) in batch.iter().enumerate() {
        let id = match &n.draft.dedup_key {
            Some(k) => keyed.remove(k),
            None => unkeyed.next(),
        };
        if let Some(id) = id {
            let mut case = n.draft.clone();
            case.id = id;
            out[i] = Some(case);
        }
    }
    // History, clocks and notices of the created cases, each in one statement, in input order.
    let (mut h_case, mut h_at, mut h_actor, mut h_action) = (vec![], vec![], vec![], vec![]);
    let (mut h_field, mut h_before, mut h_after, mut h_note) = (vec![], vec![], vec![], vec![]);
    let (mut k_case, mut k_at, mut k_reason) = (vec![], vec![], vec![]);
    let (mut n_case, mut n_to, mut n_kind, mut n_at, mut n_note) =
        (vec![], vec![], vec![], vec![], vec![]);
    for (n, made) in batch.iter().zip(&out) {
        let Some(made) = made else { continue };
        for h in n.history {
            h_case.push(made.id);
            h_at.push(ts(h.at));
            h_actor.push(h.actor.clone());
            h_action.push(h.action.clone());
            h_field.push(h.field.clone());
            h_before.push(h.before.clone());
            h_after.push(h.after.clone());
            h_note.push(h.note.clone());
        }
        if let Some((at, reason)) = n.clock {
            k_case.push(made.id);
            k_at.push(ts(at));
            k_reason.push(reason.to_string());
        }
        for x in n.notices {
            n_case.push(made.id);
            n_to.push(x.recipient.clone());
            n_kind.push(x.kind.as_str().to_string());
            n_at.push(ts(x.at));
            n_note.push(x.note.clone());
        }
    }
    if !h_case.is_empty() {
        c.query_typed(
            "INSERT INTO case_history (case_id, at, actor, action, field, before, after, note)
             SELECT h.c, h.at, h.actor, h.action, h.field, h.before, h.after, h.note
               FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[], $5::text[],
                           $6::text[], $7::text[], $8::text[]) WITH ORDINALITY
                    AS h(c, at, actor, action, field, before, after, note, n)
              ORDER BY h.n",
            &[
                (&h_case, Type::INT8_ARRAY),
                (&h_at, Type::TEXT_ARRAY),
                (&h_actor, Type::TEXT_ARRAY),
                (&h_action, Type::TEXT_ARRAY),
                (&h_field, Type::TEXT_ARRAY),
                (&h_before, Type::TEXT_ARRAY),
                (&h_after, Type::TEXT_ARRAY),
                (&h_note, Type::TEXT_ARRAY),
            ],
        )
        .map_err(err)?;
    }
    if !k_case.is_empty() {
        c.query_typed(
            "INSERT INTO sla_clocks (case_id, started_at, reason)
             SELECT k.c, k.at, k.r FROM unnest($1::int8[], $2::text[], $3::text[])
                    WITH ORDINALITY AS k(c, at, r, n)
              ORDER BY k.n",
            &[
                (&k_case, Type::INT8_ARRAY),
                (&k_at, Type::TEXT_ARRAY),
                (&k_reason, Type::TEXT_ARRAY),
            ],
        )
        .map_err(err)?;
    }
    if !n_case.is_empty() {
        c.query_typed(
            "INSERT INTO notices (case_id, recipient, kind, at, note)
             SELECT n.c, n.r, n.k, n.a, n.t
               FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[], $5::text[])
                    WITH ORDINALITY AS n(c, r, k, a, t, i)
              ORDER BY n.i",
            &[
                (&n_case, Type::INT8_ARRAY),
                (&n_to, Type::TEXT_ARRAY),
                (&n_kind, Type::TEXT_ARRAY),
                (&n_at, Type::TEXT_ARRAY),
                (&n_note, Type::TEXT_ARRAY),
            ],
        )
        .map_err(err)?;
    }
    Ok(out)
}

/// Marks `recipient`'s (ignoring case) unseen notices about `case_id` seen at `at`; how many.
pub fn mark_notices_seen(
    c: &mut impl GenericClient,
    case_id: i64,
    recipient: &str,
    at: DateTime<Utc>,
    err: Map<'_>,
) -> Result<usize> {
    let (recipient, at) = (recipient.trim(), ts(at));
    let n: i64 = c
        .query_typed_one(
            "WITH seen AS (UPDATE notices SET seen_at = $3
                            WHERE lower(recipient) = lower($1 COLLATE \"C\") AND case_id = $2
                              AND seen_at IS NULL RETURNING 1)
             SELECT count(*) FROM seen",
            &[
                (&recipient, Type::TEXT),
                (&case_id, Type::INT8),
                (&at, Type::TEXT),
            ],
        )
        .map_err(err)?
        .get(0);
    Ok(n as usize)
}

/// What creating `n` writes: the row (queued now when it goes to a queue), and what
/// `domain::change::creation` derives from it (history, first SLA clock, routed notice), as on
/// SQLite.
pub fn creation(
    n: &NewCase,
) -> (
    Case,
    Vec<HistoryEntry>,
    Option<DateTime<Utc>>,
    Vec<NoticeDraft>,
) {
    let c = crate::domain::change::with_queued_at(n.draft.clone());
    let (history, clock, notice) =
        crate::domain::change::creation(&c, n.actor.as_str(), n.note.as_deref());
    (c, history, clock, notice.into_iter().collect())
}

// ---- The trait's case writes on `Tx` (docs/store-boundary.md 4.3): `ops.rs` calls these. ----

impl super::Tx<'_> {
    fn map_err(&self) -> impl Fn(postgres::Error) -> Error + use<> {
        let (shown, busy) = (self.shown.clone(), self.busy);
        move |e| super::pg_err(&shown, busy, &e)
    }

    pub(super) fn write_pick_view(&mut self, q: &PickQuery) -> Result<PickView> {
        let err = self.map_err();
        let seen = pick_seen(
            &mut *self.client,
            &q.me,
            &q.queues_by_region,
            q.order,
            q.case,
            q.today,
            &err,
        )?;
        Ok(PickView {
            me: seen.me,
            head: seen.head,
            case: seen.chosen,
            in_progress: seen.in_progress,
            other_open_case: seen.other_open,
            account_opportunities: seen.opportunities,
        })
    }

    pub(super) fn write_apply(&mut self, ch: &CaseChange) -> Result<Applied> {
        let err = self.map_err();
        let (stop, start) = match ch.clock {
            ClockEvent::None => (None, None),
            ClockEvent::Stop(s) => (Some((ch.at, s)), None),
            ClockEvent::Start { at, reason } => (None, Some((at, reason))),
            ClockEvent::StopThenStart { stop, at, reason } => {
                (Some((ch.at, stop)), Some((at, reason)))
            }
        };
        let guard = match &ch.guard {
            Guard::Unchanged => GuardOut::Unchanged,
            Guard::Claim { owner, cap } => GuardOut::Claim { owner, cap: *cap },
        };
        let out = apply(
            &mut *self.client,
            &ChangeOut {
                before: &ch.before,
                after: &ch.after,
                history: &ch.history,
                stop,
                start,
                guard,
                message: ch.attach_message.as_deref().map(|m| (m, ch.at)),
                notices: &ch.notices,
            },
            &err,
        )?;
        Ok(match out {
            Outcome::Applied => Applied::Done,
            Outcome::Conflict => Applied::Conflict,
            Outcome::AtCapacity(n) => Applied::AtCapacity { in_progress: n },
        })
    }

    pub(super) fn write_create_cases(&mut self, cases: &[NewCase]) -> Result<Vec<Option<Case>>> {
        let err = self.map_err();
        // Roll-overs first (the old case closes before its successor exists).
        if let Some(first) = &mut self.first
            && cases.iter().any(|n| n.rollover.is_some())
        {
            first.send(&mut *self.client, &err)?;
        }
        for n in cases {
            if let Some(r) = &n.rollover
                && self.write_apply(r)? != Applied::Done
            {
                return Err(Error::refused(format!(
                    "case #{} changed while it was being rolled over; run the command again",
                    r.before.id
                )));
            }
        }
        if let Some(first) = &mut self.first {
            return first.create(&mut *self.client, cases, &err);
        }
        let made: Vec<_> = cases.iter().map(creation).collect();
        let mut out = Vec::with_capacity(cases.len());
        for chunk in made.chunks(1000) {
            let batch: Vec<NewOut<'_>> = chunk
                .iter()
                .map(|(draft, history, clock, notices)| NewOut {
                    draft,
                    history,
                    clock: clock.map(|at| (at, "created")),
                    notices,
                })
                .collect();
            out.extend(create_cases(&mut *self.client, &batch, &err)?);
        }
        Ok(out)
    }

    pub(super) fn write_thread_of(&mut self, message_ids: &[String]) -> Result<Option<Case>> {
        let err = self.map_err();
        thread_of(&mut *self.client, message_ids, &err)
    }
}
