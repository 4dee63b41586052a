//! The reading operations on PostgreSQL (docs/store-boundary.md 4.2), settings, profiles and
//! notices: each SQLite statement of `store/sqlite` ported by the boundary's rules, kept in the
//! same order so that the two can be reviewed side by side:
//! - `x = ?1 COLLATE NOCASE` → `lower(x) = lower($1 COLLATE "C")` (every text column is "C":
//!   ASCII fold; a parameter carries the database's default collation, which may fold more, so
//!   it is folded under "C" too);
//! - `LIKE` → `ILIKE`, `ifnull` → `coalesce`, `json_each(?n)` → `= ANY($n::text[])`;
//! - flags are `boolean`, integers `bigint` (`i64`); times stay fixed-width UTC text.
//!
//! Every statement takes parameters; none is built from input. The functions are generic over
//! the client so that they run inside whatever transaction the caller holds.

use chrono::{DateTime, NaiveDate, Utc};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};
use postgres::{GenericClient, Row};

use crate::domain::account::{Account, Contact, CustomerType, Event, Opportunity};
use crate::domain::case::{
    Case, CaseReason, Category, HistoryEntry, Origin, Priority, ResolutionAction, Status,
};
use crate::domain::model::{QueueOrder, Region, Settings};
use crate::domain::money::Cents;
use crate::domain::notice::{Notice, NoticeKind};
use crate::domain::trigger::CaseFacts;
use crate::domain::workflow::HIGH_VALUE_ACCOUNT;
use crate::store::ts;
use crate::store::{Advocate, CaseFilter, Role, RoutingFacts};

/// Why a read failed: the server said no, or a stored value is not one smb writes.
#[derive(Debug)]
pub enum Fail {
    Pg(postgres::Error),
    Bad(String),
    /// The caller's function (a streaming callback, an import source) said stop.
    Smb(crate::Error),
}

impl From<crate::Error> for Fail {
    fn from(e: crate::Error) -> Self {
        Fail::Smb(e)
    }
}

impl From<postgres::Error> for Fail {
    fn from(e: postgres::Error) -> Self {
        Fail::Pg(e)
    }
}

pub type R<T> = std::result::Result<T, Fail>;

impl super::Tx<'_> {
    /// The crate's error for a failed read: the server's (naming the database), a stored
    /// value smb does not write, or the caller's own.
    pub(super) fn done<T>(&self, r: R<T>) -> crate::Result<T> {
        r.map_err(|f| match f {
            Fail::Pg(e) => self.err(e),
            Fail::Bad(what) => crate::Error::Database(format!("database {}: {what}", self.shown())),
            Fail::Smb(e) => e,
        })
    }
}

pub(super) fn bad(what: &str, v: &str) -> Fail {
    Fail::Bad(format!("unknown {what} {v:?} in the database"))
}

pub(super) fn parse_ts(s: &str) -> R<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| bad("time", s))
}

pub(super) fn parse_date(s: &str) -> R<NaiveDate> {
    s.parse::<NaiveDate>().map_err(|_| bad("date", s))
}

pub(super) fn opt_ts(s: Option<String>) -> R<Option<DateTime<Utc>>> {
    s.as_deref().map(parse_ts).transpose()
}

pub(super) fn opt_date(s: Option<String>) -> R<Option<NaiveDate>> {
    s.as_deref().map(parse_date).transpose()
}

fn small(v: Option<i64>) -> R<Option<u8>> {
    v.map(|n| u8::try_from(n).map_err(|_| bad("score", &n.to_string())))
        .transpose()
}

// ---------------------------------------------------------------------------------------------
// Settings

pub fn settings(c: &mut impl GenericClient) -> R<Settings> {
    let rows = c.query_typed(crate::store::settings::SETTINGS_AND_HOLIDAYS, &[])?;
    Ok(crate::store::settings::from_rows(
        rows.iter().map(|r| (r.get(0), r.get(1))),
    ))
}

// ---------------------------------------------------------------------------------------------
// Accounts

/// Every column of `accounts` but `tier`, in [`account_from`]'s order.
macro_rules! account_columns {
    () => {
        "account_id, name, region, carr_cents, country, employees, lam, has_ultimate,
    auto_renew, pte, ptc, deployment, email_domain, customer_type, owner, subscription_end_date,
    seats, active_users, overage_cents, qsr_enabled, auto_renew_changed_at, pte_updated_at,
    ptc_updated_at, tier_changed_at, carr_crossed_at"
    };
}

pub(super) fn account_from(r: &Row) -> R<Account> {
    account_at(r, 0)
}

/// The account in the columns of `r` from `at` on, in [`account_columns`]'s order.
pub(super) fn account_at(r: &Row, at: usize) -> R<Account> {
    let region: &str = r.try_get(at + 2)?;
    Ok(Account {
        id: r.try_get(at)?,
        name: r.try_get(at + 1)?,
        region: Region::parse(region).unwrap_or(Region::Amer),
        carr: Cents(r.try_get(at + 3)?),
        country: r.try_get(at + 4)?,
        employees: r.try_get(at + 5)?,
        lam: r.try_get(at + 6)?,
        has_ultimate: r.try_get(at + 7)?,
        auto_renew: r.try_get(at + 8)?,
        pte: small(r.try_get(at + 9)?)?,
        ptc: small(r.try_get(at + 10)?)?,
        deployment: r.try_get(at + 11)?,
        email_domain: r.try_get(at + 12)?,
        customer_type: r
            .try_get::<_, Option<&str>>(at + 13)?
            .and_then(CustomerType::parse),
        owner: r.try_get(at + 14)?,
        subscription_end_date: opt_date(r.try_get(at + 15)?)?,
        seats: r.try_get(at + 16)?,
        active_users: r.try_get(at + 17)?,
        overage: r.try_get::<_, Option<i64>>(at + 18)?.map(Cents),
        qsr_enabled: r.try_get(at + 19)?,
        auto_renew_changed_at: opt_date(r.try_get(at + 20)?)?,
        pte_updated_at: opt_date(r.try_get(at + 21)?)?,
        ptc_updated_at: opt_date(r.try_get(at + 22)?)?,
        tier_changed_at: opt_date(r.try_get(at + 23)?)?,
        carr_crossed_at: opt_date(r.try_get(at + 24)?)?,
    })
}

pub fn account(c: &mut impl GenericClient, id: &str) -> R<Option<Account>> {
    let row = c.query_typed_opt(
        concat!(
            "SELECT ",
            account_columns!(),
            " FROM accounts WHERE account_id = $1"
        ),
        &[(&id, Type::TEXT)],
    )?;
    row.as_ref().map(account_from).transpose()
}

pub fn account_exists(c: &mut impl GenericClient, id: &str) -> R<bool> {
    Ok(c.query_typed_opt(
        "SELECT 1 FROM accounts WHERE account_id = $1",
        &[(&id, Type::TEXT)],
    )?
    .is_some())
}

pub fn has_accounts(c: &mut impl GenericClient) -> R<bool> {
    Ok(
        c.query_typed_one("SELECT EXISTS (SELECT 1 FROM accounts)", &[])?
            .try_get(0)?,
    )
}

pub fn account_count(c: &mut impl GenericClient) -> R<i64> {
    Ok(c.query_typed_one("SELECT count(*) FROM accounts", &[])?
        .try_get(0)?)
}

/// Account ids closest to `id`, as SQLite's `account_ids_like` finds them (the same
/// candidates, by the same byte order, ranked in Rust).
pub fn account_ids_like(c: &mut impl GenericClient, id: &str, limit: usize) -> R<Vec<String>> {
    const CANDIDATES: i64 = 500;
    let st = c.prepare_typed(
        "SELECT account_id FROM accounts WHERE account_id >= $1 ORDER BY account_id LIMIT $2",
        &[Type::TEXT, Type::INT8],
    )?;
    let chars: Vec<char> = id.trim().chars().collect();
    for keep in (0..chars.len()).rev() {
        let prefix: String = chars[..keep].iter().collect();
        let mut found: Vec<String> = Vec::new();
        for p in [prefix.clone(), prefix.to_uppercase()] {
            for r in c.query(&st, &[&p, &CANDIDATES])? {
                let r: String = r.try_get(0)?;
                if r.to_lowercase().starts_with(&prefix.to_lowercase()) && !found.contains(&r) {
                    found.push(r);
                }
            }
        }
        if !found.is_empty() {
            let want = id.trim().to_lowercase();
            found.sort_by_key(|c| {
                (
                    crate::domain::people::edit_distance(&c.to_lowercase(), &want),
                    c.clone(),
                )
            });
            found.truncate(limit);
            return Ok(found);
        }
    }
    Ok(Vec::new())
}

/// The accounts whose `email_domain` is `$1` (ignoring ASCII case), two at most: through the
/// index on the domain's hash (migration 14), then the domain itself.
pub const ACCOUNT_BY_DOMAIN: &str = "SELECT account_id FROM accounts
  WHERE hashtext(lower(email_domain)) = hashtext(lower($1 COLLATE \"C\"))
    AND lower(email_domain) = lower($1 COLLATE \"C\") AND email_domain IS NOT NULL
  LIMIT 2";

/// The account whose `email_domain` is `domain` (ignoring ASCII case), if exactly one.
pub fn account_by_domain(c: &mut impl GenericClient, domain: &str) -> R<Option<String>> {
    let rows = c.query_typed(ACCOUNT_BY_DOMAIN, &[(&domain, Type::TEXT)])?;
    Ok(if rows.len() == 1 {
        Some(rows[0].try_get(0)?)
    } else {
        None
    })
}

/// Calls `f` on every account (the given ids only, when not empty), in id order, streaming:
/// rows are decoded one by one as they arrive.
pub fn for_each_account(
    c: &mut impl GenericClient,
    ids: &[String],
    mut f: impl FnMut(Account) -> crate::Result<()>,
) -> R<()> {
    if ids.is_empty() {
        let mut it = c.query_typed_raw(
            concat!(
                "SELECT ",
                account_columns!(),
                " FROM accounts ORDER BY account_id"
            ),
            std::iter::empty::<(&(dyn ToSql + Sync), Type)>(),
        )?;
        while let Some(r) = it.next()? {
            f(account_from(&r)?)?;
        }
    } else {
        for id in ids {
            if let Some(a) = account(c, id)? {
                f(a)?;
            }
        }
    }
    Ok(())
}

/// Calls `f` on every account with only the fields segment and tier need filled in.
pub fn for_each_account_segment(c: &mut impl GenericClient, mut f: impl FnMut(&Account)) -> R<()> {
    let mut it = c.query_typed_raw(
        &format!("SELECT {SEGMENT_COLUMNS} FROM accounts"),
        std::iter::empty::<(&(dyn ToSql + Sync), Type)>(),
    )?;
    let mut a = Account::new("", "", Region::Amer, Cents(0));
    while let Some(r) = it.next()? {
        fill_segment(&r, &mut a)?;
        f(&a);
    }
    Ok(())
}

/// The columns [`fill_segment`] reads, in its order (of `accounts` or a table like it).
pub(super) const SEGMENT_COLUMNS: &str =
    "region, carr_cents, employees, lam, has_ultimate, country, customer_type, carr_crossed_at";

/// Fills in what segment and tier need from a row of [`SEGMENT_COLUMNS`].
pub(super) fn fill_segment(r: &Row, a: &mut Account) -> R<()> {
    a.region = Region::parse(r.try_get(0)?).unwrap_or(Region::Amer);
    a.carr = Cents(r.try_get(1)?);
    a.employees = r.try_get(2)?;
    a.lam = r.try_get(3)?;
    a.has_ultimate = r.try_get(4)?;
    a.country = r.try_get(5)?;
    a.customer_type = r
        .try_get::<_, Option<&str>>(6)?
        .and_then(CustomerType::parse);
    a.carr_crossed_at = opt_date(r.try_get(7)?)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Contacts, opportunities, events

fn contact_from(r: &Row) -> R<Contact> {
    Ok(Contact {
        id: r.try_get(0)?,
        account_id: r.try_get(1)?,
        email: r.try_get(2)?,
        name: r.try_get(3)?,
        language: r.try_get(4)?,
    })
}

pub fn contact(c: &mut impl GenericClient, id: &str) -> R<Option<Contact>> {
    c.query_typed_opt(
        "SELECT contact_id, account_id, email, name, language FROM contacts
          WHERE contact_id = $1",
        &[(&id, Type::TEXT)],
    )?
    .as_ref()
    .map(contact_from)
    .transpose()
}

/// The first contact (by id) whose email is `email`, ignoring ASCII case.
pub fn contact_by_email(c: &mut impl GenericClient, email: &str) -> R<Option<Contact>> {
    let email = email.trim();
    c.query_typed_opt(
        "SELECT contact_id, account_id, email, name, language FROM contacts
          WHERE lower(email) = lower($1 COLLATE \"C\") ORDER BY contact_id LIMIT 1",
        &[(&email, Type::TEXT)],
    )?
    .as_ref()
    .map(contact_from)
    .transpose()
}

macro_rules! opportunity_columns {
    () => {
        "opportunity_id, account_id, type, stage, close_date, name, amount_cents,
    owner, users, po_required, eoa, multi_year, auto_renew, auto_renewal_status, qsr_status,
    payment_failure, includes_duo, renewal_risk"
    };
}

pub(super) fn opportunity_from(r: &Row) -> R<Opportunity> {
    Ok(Opportunity {
        id: r.try_get(0)?,
        account_id: r.try_get(1)?,
        kind: r.try_get(2)?,
        stage: r.try_get(3)?,
        close_date: parse_date(r.try_get(4)?)?,
        name: r.try_get(5)?,
        amount: r.try_get::<_, Option<i64>>(6)?.map(Cents),
        owner: r.try_get(7)?,
        users: r.try_get(8)?,
        po_required: r.try_get(9)?,
        eoa: r.try_get(10)?,
        multi_year: r.try_get(11)?,
        auto_renew: r.try_get(12)?,
        auto_renewal_status: r.try_get(13)?,
        qsr_status: r.try_get(14)?,
        payment_failure: r.try_get(15)?,
        includes_duo: r.try_get(16)?,
        renewal_risk: r.try_get(17)?,
    })
}

pub fn opportunity(c: &mut impl GenericClient, id: &str) -> R<Option<Opportunity>> {
    c.query_typed_opt(
        concat!(
            "SELECT ",
            opportunity_columns!(),
            " FROM opportunities WHERE opportunity_id = $1"
        ),
        &[(&id, Type::TEXT)],
    )?
    .as_ref()
    .map(opportunity_from)
    .transpose()
}

pub fn opportunities_of(c: &mut impl GenericClient, account_id: &str) -> R<Vec<Opportunity>> {
    c.query_typed(
        concat!(
            "SELECT ",
            opportunity_columns!(),
            " FROM opportunities WHERE account_id = $1 ORDER BY opportunity_id"
        ),
        &[(&account_id, Type::TEXT)],
    )?
    .iter()
    .map(opportunity_from)
    .collect()
}

/// The opportunities `owner` (ignoring ASCII case) owns.
pub fn opportunities_owned_by(c: &mut impl GenericClient, owner: &str) -> R<Vec<Opportunity>> {
    c.query_typed(
        concat!(
            "SELECT ",
            opportunity_columns!(),
            " FROM opportunities WHERE lower(owner) = lower($1 COLLATE \"C\")
              ORDER BY opportunity_id"
        ),
        &[(&owner, Type::TEXT)],
    )?
    .iter()
    .map(opportunity_from)
    .collect()
}

pub fn owned_opportunities(c: &mut impl GenericClient) -> R<Vec<Opportunity>> {
    c.query_typed(
        concat!(
            "SELECT ",
            opportunity_columns!(),
            " FROM opportunities WHERE owner IS NOT NULL ORDER BY opportunity_id"
        ),
        &[],
    )?
    .iter()
    .map(opportunity_from)
    .collect()
}

pub(super) fn event_from(r: &Row) -> R<Event> {
    Ok(Event {
        id: r.try_get(0)?,
        kind: r.try_get(1)?,
        occurred_at: parse_ts(r.try_get(2)?)?,
        account_id: r.try_get(3)?,
        email: r.try_get(4)?,
        description: r.try_get(5)?,
    })
}

pub fn event(c: &mut impl GenericClient, id: &str) -> R<Option<Event>> {
    c.query_typed_opt(
        "SELECT event_id, type, occurred_at, account_id, email, description FROM events
          WHERE event_id = $1",
        &[(&id, Type::TEXT)],
    )?
    .as_ref()
    .map(event_from)
    .transpose()
}

// ---------------------------------------------------------------------------------------------
// Profiles (SQLite's `advocates.name` is NOCASE: every lookup by name ignores ASCII case)

const ADVOCATE: &str = "SELECT name, region, languages, role, capacity, created_at FROM advocates";

fn advocate_from(r: &Row) -> R<Advocate> {
    let langs: &str = r.try_get(2)?;
    let capacity: i64 = r.try_get(4)?;
    Ok(Advocate {
        name: r.try_get(0)?,
        region: Region::parse(r.try_get(1)?).unwrap_or(Region::Amer),
        languages: langs
            .split(',')
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        role: Role::parse(r.try_get(3)?).unwrap_or(Role::Advocate),
        capacity: u32::try_from(capacity).map_err(|_| bad("capacity", &capacity.to_string()))?,
        created_at: parse_ts(r.try_get(5)?)?,
    })
}

pub fn advocate(c: &mut impl GenericClient, name: &str) -> R<Option<Advocate>> {
    let name = name.trim();
    c.query_typed_opt(
        &format!("{ADVOCATE} WHERE lower(name) = lower($1 COLLATE \"C\")"),
        &[(&name, Type::TEXT)],
    )?
    .as_ref()
    .map(advocate_from)
    .transpose()
}

/// Every profile, by name. SQLite orders the NOCASE key ignoring ASCII case.
pub fn advocates(c: &mut impl GenericClient) -> R<Vec<Advocate>> {
    c.query_typed(&format!("{ADVOCATE} ORDER BY lower(name), name"), &[])?
        .iter()
        .map(advocate_from)
        .collect()
}

/// Adds or updates a profile; returns whether it existed. People and pools stored under
/// another spelling of the name take the profile's (SPEC §1.2).
pub fn put_advocate(c: &mut impl GenericClient, a: &Advocate) -> R<bool> {
    let existed = advocate(c, &a.name)?.is_some();
    let (region, langs, role, capacity, created) = (
        a.region.as_str(),
        a.languages.join(","),
        a.role.as_str(),
        i64::from(a.capacity),
        ts(a.created_at),
    );
    // The key of SQLite's table ignores case: an update keeps the stored spelling.
    c.execute_typed(
        "INSERT INTO advocates (name, region, languages, role, capacity, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (lower(name)) DO UPDATE SET region = EXCLUDED.region,
           languages = EXCLUDED.languages, role = EXCLUDED.role, capacity = EXCLUDED.capacity",
        &[
            (&a.name, Type::TEXT),
            (&region, Type::TEXT),
            (&langs, Type::TEXT),
            (&role, Type::TEXT),
            (&capacity, Type::INT8),
            (&created, Type::TEXT),
        ],
    )?;
    for sql in [
        "UPDATE accounts SET owner = $1 WHERE lower(trim(owner)) = lower($1 COLLATE \"C\") AND owner <> $1",
        "UPDATE opportunities SET owner = $1 WHERE lower(trim(owner)) = lower($1 COLLATE \"C\") AND owner <> $1",
        "UPDATE cases SET owner = $1 WHERE lower(trim(owner)) = lower($1 COLLATE \"C\") AND owner <> $1",
        "UPDATE cases SET queue = $1 WHERE lower(trim(queue)) = lower($1 COLLATE \"C\") AND queue <> $1",
    ] {
        c.execute_typed(sql, &[(&a.name, Type::TEXT)])?;
    }
    Ok(existed)
}

/// The queues that hold cases (stored values).
pub fn stored_queue_names(c: &mut impl GenericClient) -> R<Vec<String>> {
    c.query_typed(
        "SELECT DISTINCT queue FROM cases WHERE queue IS NOT NULL ORDER BY queue",
        &[],
    )?
    .iter()
    .map(|r| Ok(r.try_get(0)?))
    .collect()
}

pub fn advocate_time_zone(c: &mut impl GenericClient, name: &str) -> R<Option<String>> {
    let name = name.trim();
    Ok(
        match c.query_typed_opt(
            "SELECT time_zone FROM advocates WHERE lower(name) = lower($1 COLLATE \"C\")",
            &[(&name, Type::TEXT)],
        )? {
            Some(r) => r.try_get(0)?,
            None => None,
        },
    )
}

pub fn set_advocate_time_zone(c: &mut impl GenericClient, name: &str, tz: Option<&str>) -> R<()> {
    let name = name.trim();
    c.execute_typed(
        "UPDATE advocates SET time_zone = $2 WHERE lower(name) = lower($1 COLLATE \"C\")",
        &[(&name, Type::TEXT), (&tz, Type::TEXT)],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Notices

pub fn unseen_notices(c: &mut impl GenericClient, recipient: &str) -> R<Vec<Notice>> {
    let recipient = recipient.trim();
    c.query_typed(
        "SELECT case_id, kind, at, note FROM notices
          WHERE lower(recipient) = lower($1 COLLATE \"C\") AND seen_at IS NULL
          ORDER BY at, id",
        &[(&recipient, Type::TEXT)],
    )?
    .iter()
    .map(|r| {
        Ok(Notice {
            case_id: r.try_get(0)?,
            kind: NoticeKind::parse(r.try_get(1)?).unwrap_or(NoticeKind::Routed),
            at: parse_ts(r.try_get(2)?)?,
            note: r.try_get(3)?,
        })
    })
    .collect()
}

pub fn has_unseen_notices(c: &mut impl GenericClient, case_id: i64, recipient: &str) -> R<bool> {
    let recipient = recipient.trim();
    Ok(c.query_typed_opt(
        "SELECT 1 FROM notices
          WHERE lower(recipient) = lower($1 COLLATE \"C\") AND case_id = $2 AND seen_at IS NULL
          LIMIT 1",
        &[(&recipient, Type::TEXT), (&case_id, Type::INT8)],
    )?
    .is_some())
}

pub fn mark_notices_seen(
    c: &mut impl GenericClient,
    case_id: i64,
    recipient: &str,
    at: DateTime<Utc>,
) -> R<usize> {
    let (recipient, at) = (recipient.trim(), ts(at));
    let n = c.execute_typed(
        "UPDATE notices SET seen_at = $3
          WHERE lower(recipient) = lower($1 COLLATE \"C\") AND case_id = $2 AND seen_at IS NULL",
        &[
            (&recipient, Type::TEXT),
            (&case_id, Type::INT8),
            (&at, Type::TEXT),
        ],
    )?;
    Ok(n as usize)
}

// ---------------------------------------------------------------------------------------------
// Cases

/// Every column of `cases`, in [`case_from`]'s order.
macro_rules! case_columns {
    () => {
        "id, account_id, contact_id, opportunity_id, trigger, category,
    subject, description, priority, status, owner, queue, origin, case_reason, resolution_action,
    next_steps, next_steps_date, feedback, web_email, case_type, created_at, created_by,
    queued_at, picked_at, first_response_at, closed_at, dedup_key, message_id"
    };
}
pub(super) use case_columns;

pub(super) fn case_from(r: &Row) -> R<Case> {
    let category: &str = r.try_get(5)?;
    let status: &str = r.try_get(9)?;
    let origin: &str = r.try_get(12)?;
    let priority: i64 = r.try_get(8)?;
    Ok(Case {
        id: r.try_get(0)?,
        account_id: r.try_get(1)?,
        contact_id: r.try_get(2)?,
        opportunity_id: r.try_get(3)?,
        trigger: r.try_get(4)?,
        category: Category::parse(category).ok_or_else(|| bad("category", category))?,
        subject: r.try_get(6)?,
        description: r.try_get(7)?,
        priority: Priority::from_rank(priority)
            .ok_or_else(|| bad("priority", &priority.to_string()))?,
        status: Status::parse(status).ok_or_else(|| bad("status", status))?,
        owner: r.try_get(10)?,
        queue: r.try_get(11)?,
        origin: Origin::parse(origin).ok_or_else(|| bad("origin", origin))?,
        case_reason: r
            .try_get::<_, Option<&str>>(13)?
            .and_then(CaseReason::parse),
        resolution_action: r
            .try_get::<_, Option<&str>>(14)?
            .and_then(ResolutionAction::parse),
        next_steps: r.try_get(15)?,
        next_steps_date: opt_date(r.try_get(16)?)?,
        feedback: r.try_get(17)?,
        web_email: r.try_get(18)?,
        case_type: r.try_get(19)?,
        created_at: parse_ts(r.try_get(20)?)?,
        created_by: r.try_get(21)?,
        queued_at: opt_ts(r.try_get(22)?)?,
        picked_at: opt_ts(r.try_get(23)?)?,
        first_response_at: opt_ts(r.try_get(24)?)?,
        closed_at: opt_ts(r.try_get(25)?)?,
        dedup_key: r.try_get(26)?,
        message_id: r.try_get(27)?,
    })
}

pub fn case(c: &mut impl GenericClient, id: i64) -> R<Option<Case>> {
    c.query_typed_opt(
        concat!("SELECT ", case_columns!(), " FROM cases WHERE id = $1"),
        &[(&id, Type::INT8)],
    )?
    .as_ref()
    .map(case_from)
    .transpose()
}

/// Cases matching `filter`, by id.
pub fn cases(c: &mut impl GenericClient, filter: &CaseFilter) -> R<Vec<Case>> {
    c.query_typed(
        concat!(
            "SELECT ",
            case_columns!(),
            " FROM cases
              WHERE ($1::text IS NULL OR owner = $1) AND ($2::text IS NULL OR account_id = $2)
                AND (NOT $3 OR status IN ('Open', 'In Progress'))
              ORDER BY id"
        ),
        &[
            (&filter.owner, Type::TEXT),
            (&filter.account_id, Type::TEXT),
            (&filter.open_only, Type::BOOL),
        ],
    )?
    .iter()
    .map(case_from)
    .collect()
}

/// The case's history, oldest first.
pub fn history(c: &mut impl GenericClient, case_id: i64) -> R<Vec<HistoryEntry>> {
    c.query_typed(
        "SELECT at, actor, action, field, before, after, note FROM case_history
          WHERE case_id = $1 ORDER BY id",
        &[(&case_id, Type::INT8)],
    )?
    .iter()
    .map(|r| {
        Ok(HistoryEntry {
            at: parse_ts(r.try_get(0)?)?,
            actor: r.try_get(1)?,
            action: r.try_get(2)?,
            field: r.try_get(3)?,
            before: r.try_get(4)?,
            after: r.try_get(5)?,
            note: r.try_get(6)?,
        })
    })
    .collect()
}

/// The visible cases of the stored queue values `queues` on `today`, in `order`, at most
/// `limit`, in one statement: the head of each value is read in order through its partial
/// index (`cases_queue_by_priority` / `cases_queue_by_age`, migration 12), then the heads are
/// merged (SQLite runs one query per value and merges them the same way:
/// `domain::queue::compare`, which ages a case from `queued_at`, else `created_at`). So only
/// the first `limit` cases of each value are read and sorted, never the whole visible queue.
pub fn queue(
    c: &mut impl GenericClient,
    queues: &[String],
    order: QueueOrder,
    today: NaiveDate,
    limit: Option<usize>,
) -> R<Vec<Case>> {
    macro_rules! by_queue {
        ($order:literal) => {
            concat!(
                "SELECT k.* FROM (SELECT DISTINCT unnest($1::text[]) AS queue) v
                 CROSS JOIN LATERAL (SELECT ",
                case_columns!(),
                " FROM cases
                   WHERE status = 'Open' AND owner IS NULL AND queue = v.queue
                     AND (next_steps_date IS NULL OR next_steps_date <= $2)
                   ORDER BY ",
                $order,
                " LIMIT $3) k
                 ORDER BY ",
                $order,
                " LIMIT $3"
            )
        };
    }
    let sql = match order {
        QueueOrder::PriorityThenAge => by_queue!("priority, coalesce(queued_at, created_at), id"),
        QueueOrder::AgeThenPriority => by_queue!("coalesce(queued_at, created_at), priority, id"),
    };
    let today = today.to_string();
    let limit = limit.map(|l| i64::try_from(l).unwrap_or(i64::MAX));
    c.query_typed(
        sql,
        &[
            (&queues, Type::TEXT_ARRAY),
            (&today, Type::TEXT),
            (&limit, Type::INT8),
        ],
    )?
    .iter()
    .map(case_from)
    .collect()
}

/// The earliest date after `today` on which a deferred case of the stored queue values
/// `queues` comes back, if any.
pub fn next_deferred(
    c: &mut impl GenericClient,
    queues: &[String],
    today: NaiveDate,
) -> R<Option<NaiveDate>> {
    let today = today.to_string();
    let d: Option<String> = c
        .query_typed_one(
            "SELECT min(next_steps_date) FROM cases
              WHERE status = 'Open' AND owner IS NULL AND queue = ANY($1)
                AND next_steps_date > $2",
            &[(&queues, Type::TEXT_ARRAY), (&today, Type::TEXT)],
        )?
        .try_get(0)?;
    opt_date(d)
}

/// SPEC §4.6: a High Value Account case on the account closed with Request Not Possible.
pub fn high_value_suppressed(c: &mut impl GenericClient, account_id: &str) -> R<bool> {
    Ok(c.query_typed_opt(
        "SELECT 1 FROM cases
          WHERE account_id = $1 AND trigger = $2
            AND resolution_action = 'Request Not Possible'
            AND status NOT IN ('Open', 'In Progress')
          LIMIT 1",
        &[(&account_id, Type::TEXT), (&HIGH_VALUE_ACCOUNT, Type::TEXT)],
    )?
    .is_some())
}

/// Touches logged on the case at or after `since`, oldest first.
pub fn touches_since(
    c: &mut impl GenericClient,
    case_id: i64,
    since: DateTime<Utc>,
) -> R<Vec<(DateTime<Utc>, String)>> {
    let since = ts(since);
    c.query_typed(
        "SELECT at, after FROM case_history
          WHERE case_id = $1 AND action = 'activity' AND at >= $2 ORDER BY at, id",
        &[(&case_id, Type::INT8), (&since, Type::TEXT)],
    )?
    .iter()
    .map(|r| {
        Ok((
            parse_ts(r.try_get(0)?)?,
            r.try_get::<_, Option<String>>(1)?.unwrap_or_default(),
        ))
    })
    .collect()
}

macro_rules! case_facts_columns {
    () => {
        "id, account_id, trigger, status, owner, resolution_action, created_at,
    picked_at, closed_at, dedup_key"
    };
}

pub(super) fn case_facts_from(r: &Row) -> R<CaseFacts> {
    let status: &str = r.try_get(3)?;
    Ok(CaseFacts {
        id: r.try_get(0)?,
        account_id: r.try_get(1)?,
        trigger: r.try_get(2)?,
        status: Status::parse(status).ok_or_else(|| bad("status", status))?,
        owner: r.try_get(4)?,
        resolution_action: r
            .try_get::<_, Option<&str>>(5)?
            .and_then(ResolutionAction::parse),
        created_at: parse_ts(r.try_get(6)?)?,
        picked_at: opt_ts(r.try_get(7)?)?,
        closed_at: opt_ts(r.try_get(8)?)?,
        dedup_key: r.try_get(9)?,
    })
}

/// What the triggers need of one account's cases, by id.
pub fn case_facts_of(c: &mut impl GenericClient, account_id: &str) -> R<Vec<CaseFacts>> {
    c.query_typed(
        concat!(
            "SELECT ",
            case_facts_columns!(),
            " FROM cases WHERE account_id = $1 ORDER BY id"
        ),
        &[(&account_id, Type::TEXT)],
    )?
    .iter()
    .map(case_facts_from)
    .collect()
}

/// The case that a dedup key produced, if any.
pub fn case_id_by_dedup_key(c: &mut impl GenericClient, key: &str) -> R<Option<i64>> {
    Ok(
        match c.query_typed_opt(
            "SELECT id FROM cases WHERE dedup_key = $1",
            &[(&key, Type::TEXT)],
        )? {
            Some(r) => Some(r.try_get(0)?),
            None => None,
        },
    )
}

/// The person owning an open case on the account (Open with an owner, or In Progress), with
/// that case's id, oldest case first (SPEC §3.3's first routing rule).
pub fn open_case_owner(c: &mut impl GenericClient, account_id: &str) -> R<Option<(String, i64)>> {
    Ok(
        match c.query_typed_opt(
            "SELECT owner, id FROM cases
              WHERE account_id = $1 AND owner IS NOT NULL
                AND status IN ('Open', 'In Progress')
              ORDER BY id LIMIT 1",
            &[(&account_id, Type::TEXT)],
        )? {
            Some(r) => Some((r.try_get(0)?, r.try_get(1)?)),
            None => None,
        },
    )
}

/// What routing a new case on the account needs (SPEC §3.3): the owner of its oldest open
/// case, and its opportunities.
pub fn routing_facts(c: &mut impl GenericClient, account_id: &str) -> R<RoutingFacts> {
    Ok(RoutingFacts {
        open_owner: open_case_owner(c, account_id)?,
        opportunities: opportunities_of(c, account_id)?,
    })
}
