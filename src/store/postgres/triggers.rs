//! The trigger run on PostgreSQL (docs/store-boundary.md 4.4): one run at a time by a
//! transaction-scoped advisory lock that a second run tries once and does not wait for.

use postgres::GenericClient;
use postgres::types::Type;

use crate::{Error, Result};

/// Key of the advisory lock a trigger run holds until its transaction ends ("smb1" and 3).
pub const TRIGGER_RUN_LOCK: i64 = 0x736d_6231_0000_0003;

/// Takes the trigger run's lock for this transaction, or refuses at once (exit 1) when another
/// run holds it. `shown` names the database in the message.
pub fn begin_trigger_run(
    c: &mut impl GenericClient,
    shown: &str,
    err: &dyn Fn(postgres::Error) -> Error,
) -> Result<()> {
    let row = c
        .query_typed_one(
            "SELECT pg_try_advisory_xact_lock($1)",
            &[(&TRIGGER_RUN_LOCK, Type::INT8)],
        )
        .map_err(err)?;
    if row.get::<_, bool>(0) {
        Ok(())
    } else {
        Err(Error::Database(format!(
            "a trigger run is in progress on {shown}; wait for it to finish (nothing was \
             changed)"
        )))
    }
}

use std::sync::Arc;
use std::sync::mpsc::sync_channel;

use chrono::NaiveDate;
use postgres::{Client, Row};

use crate::domain::account::{Account, CustomerType, Event, Opportunity, email_domain};
use crate::domain::case::{ResolutionAction, Status};
use crate::domain::model::Region;
use crate::domain::money::Cents;
use crate::domain::trigger::{CaseFacts, InboundEvent, Snapshot, event_key, reads_opportunity};
use crate::store::{AccountSnapshot, Evaluate, Snapshots};

/// Opens one more connection to the same database, as the same login.
pub type Connect = Arc<dyn Fn() -> Result<Client> + Send + Sync>;

/// Accounts evaluated per batch sent back to the writer.
const BATCH: usize = 1000;

/// Exports the writing transaction's snapshot for the readers; the id is the server's, checked
/// to be one before it goes into `SET TRANSACTION SNAPSHOT` (which takes no parameter).
pub fn export_snapshot(
    c: &mut impl GenericClient,
    err: &dyn Fn(postgres::Error) -> Error,
) -> Result<String> {
    let id: String = c
        .query_typed_one("SELECT pg_export_snapshot()", &[])
        .map_err(err)?
        .get(0);
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
        return Err(Error::Database(format!(
            "the server gave an unexpected snapshot id {id:?}"
        )));
    }
    Ok(id)
}

/// A reader connection in the exported snapshot: the data as it stood when the run began.
pub(super) fn reader(connect: &Connect, snapshot: &str) -> Result<Client> {
    let mut c = connect()?;
    c.batch_execute(&format!(
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '{snapshot}'"
    ))
    .map_err(|e| Error::Database(format!("a trigger run reader: {e}")))?;
    Ok(c)
}

pub(super) const ACCOUNT: &str =
    "account_id, region, carr_cents, country, employees, lam, has_ultimate,
    auto_renew, pte, ptc, deployment, customer_type, owner, subscription_end_date, seats,
    active_users, overage_cents, qsr_enabled, auto_renew_changed_at, pte_updated_at,
    ptc_updated_at, carr_crossed_at";

pub(super) const OPPORTUNITY: &str = "opportunity_id, account_id, type, stage, close_date, name,
    amount_cents, owner, users, po_required, eoa, multi_year, auto_renew, auto_renewal_status,
    qsr_status, payment_failure, includes_duo, renewal_risk";

pub(super) const CASE_FACTS: &str =
    "id, account_id, trigger, status, owner, resolution_action, created_at,
    picked_at, closed_at, dedup_key";

fn bad(what: &str, v: &str) -> Error {
    Error::Database(format!("unknown {what} {v:?} in the database"))
}

/// A row's columns by position as the trigger run reads them: a portal's [`Row`], or a row of
/// a binary `COPY` (`run::CopyRows`).
pub(super) trait Cols {
    fn text(&self, i: usize) -> Result<Option<&str>>;
    fn int(&self, i: usize) -> Result<Option<i64>>;
    fn flag(&self, i: usize) -> Result<Option<bool>>;

    /// A column that is never NULL.
    fn need(&self, i: usize) -> Result<&str> {
        self.text(i)?
            .ok_or_else(|| Error::Database(format!("a trigger run reader: column {i} is NULL")))
    }
}

impl Cols for Row {
    fn text(&self, i: usize) -> Result<Option<&str>> {
        self.try_get(i)
            .map_err(|e| Error::Database(format!("a trigger run reader: {e}")))
    }
    fn int(&self, i: usize) -> Result<Option<i64>> {
        self.try_get(i)
            .map_err(|e| Error::Database(format!("a trigger run reader: {e}")))
    }
    fn flag(&self, i: usize) -> Result<Option<bool>> {
        self.try_get(i)
            .map_err(|e| Error::Database(format!("a trigger run reader: {e}")))
    }
}

/// A stored date: `YYYY-MM-DD` read directly, any other form by chrono.
fn date(s: Option<&str>) -> Result<Option<NaiveDate>> {
    s.map(|d| {
        crate::store::sqlite::ymd(d)
            .map_or_else(|| d.parse::<NaiveDate>().map_err(|_| bad("date", d)), Ok)
    })
    .transpose()
}

fn time(s: &str) -> Result<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|_| bad("time", s))
}

fn small(v: Option<i64>) -> Option<u8> {
    v.and_then(|n| u8::try_from(n).ok())
}

fn owned(v: Option<&str>) -> Option<String> {
    v.map(String::from)
}

/// `v` into `into`, reusing its buffer.
fn set(into: &mut String, v: &str) {
    into.clear();
    into.push_str(v);
}

/// `v` into `into`, reusing its buffer when it has one.
fn set_opt(into: &mut Option<String>, v: Option<&str>) {
    match (into.as_mut(), v) {
        (Some(s), Some(v)) => set(s, v),
        (_, v) => *into = owned(v),
    }
}

pub(super) fn account(r: &impl Cols) -> Result<Account> {
    let mut a = Account::new("", "", Region::Amer, Cents(0));
    refill_account(r, &mut a)?;
    Ok(a)
}

/// Reads a row of [`ACCOUNT`] into `a`, reusing its strings (a run reads a million); the
/// fields the row does not hold stay as they are.
pub(super) fn refill_account(r: &impl Cols, a: &mut Account) -> Result<()> {
    set(&mut a.id, r.need(0)?);
    a.region = Region::parse(r.need(1)?).unwrap_or(Region::Amer);
    a.carr = Cents(r.int(2)?.unwrap_or_default());
    set_opt(&mut a.country, r.text(3)?);
    a.employees = r.int(4)?;
    a.lam = r.int(5)?;
    a.has_ultimate = r.flag(6)?;
    a.auto_renew = r.flag(7)?;
    a.pte = small(r.int(8)?);
    a.ptc = small(r.int(9)?);
    set_opt(&mut a.deployment, r.text(10)?);
    a.customer_type = r.text(11)?.and_then(CustomerType::parse);
    set_opt(&mut a.owner, r.text(12)?);
    a.subscription_end_date = date(r.text(13)?)?;
    a.seats = r.int(14)?;
    a.active_users = r.int(15)?;
    a.overage = r.int(16)?.map(Cents);
    a.qsr_enabled = r.flag(17)?;
    a.auto_renew_changed_at = date(r.text(18)?)?;
    a.pte_updated_at = date(r.text(19)?)?;
    a.ptc_updated_at = date(r.text(20)?)?;
    a.carr_crossed_at = date(r.text(21)?)?;
    Ok(())
}

pub(super) fn opportunity(r: &impl Cols) -> Result<Opportunity> {
    let mut o = Opportunity::new("", "", "", "", NaiveDate::default());
    refill_opportunity(r, &mut o)?;
    Ok(o)
}

/// Reads a row of [`OPPORTUNITY`] into `o`, reusing its strings.
pub(super) fn refill_opportunity(r: &impl Cols, o: &mut Opportunity) -> Result<()> {
    set(&mut o.id, r.need(0)?);
    set(&mut o.account_id, r.need(1)?);
    set(&mut o.kind, r.need(2)?);
    set(&mut o.stage, r.need(3)?);
    o.close_date = date(Some(r.need(4)?))?.unwrap_or_default();
    set_opt(&mut o.name, r.text(5)?);
    o.amount = r.int(6)?.map(Cents);
    set_opt(&mut o.owner, r.text(7)?);
    o.users = r.int(8)?;
    o.po_required = r.flag(9)?;
    o.eoa = r.flag(10)?;
    o.multi_year = r.flag(11)?;
    o.auto_renew = r.flag(12)?;
    set_opt(&mut o.auto_renewal_status, r.text(13)?);
    set_opt(&mut o.qsr_status, r.text(14)?);
    o.payment_failure = r.flag(15)?;
    o.includes_duo = r.flag(16)?;
    set_opt(&mut o.renewal_risk, r.text(17)?);
    Ok(())
}

pub(super) fn case_facts(r: &impl Cols) -> Result<CaseFacts> {
    let status = r.need(3)?;
    Ok(CaseFacts {
        id: r.int(0)?.unwrap_or_default(),
        account_id: owned(r.text(1)?),
        trigger: r.need(2)?.to_string(),
        status: Status::parse(status).ok_or_else(|| bad("status", status))?,
        owner: owned(r.text(4)?),
        resolution_action: r.text(5)?.and_then(ResolutionAction::parse),
        created_at: time(r.need(6)?)?,
        picked_at: r.text(7)?.map(time).transpose()?,
        closed_at: r.text(8)?.map(time).transpose()?,
        dedup_key: owned(r.text(9)?),
    })
}

/// The one account of each of the lowercased domains `$1` that exactly one account has:
/// through the index on the domain's hash (migration 14), then the domain itself.
pub const DOMAIN_ACCOUNTS: &str = "SELECT lower(email_domain), min(account_id) FROM accounts
  WHERE hashtext(lower(email_domain)) = ANY (ARRAY(SELECT hashtext(d) FROM unnest($1::text[]) d))
    AND lower(email_domain) = ANY($1) AND email_domain IS NOT NULL
  GROUP BY 1 HAVING count(*) = 1";

/// Every inbound event with the contact its email matched and the account it belongs to (its
/// own, its contact's, else the one account of its email's domain), by event id.
pub(crate) fn inbound_events(c: &mut Client) -> Result<Vec<(InboundEvent, Option<String>)>> {
    let err = |e: postgres::Error| Error::Database(format!("reading the inbound events: {e}"));
    let rows = c
        .query_typed(
            "SELECT e.event_id, e.type, e.occurred_at, e.account_id, e.email, e.description,
                    m.contact_id, m.account_id
               FROM events e
               LEFT JOIN LATERAL (
                   SELECT c.contact_id, c.account_id FROM contacts c
                    WHERE e.email IS NOT NULL AND lower(c.email) = lower(e.email)
                    ORDER BY c.contact_id LIMIT 1) m ON true
              ORDER BY e.event_id",
            &[],
        )
        .map_err(err)?;
    let mut out = Vec::with_capacity(rows.len());
    let mut domains: Vec<String> = Vec::new();
    for r in &rows {
        let event = Event {
            id: r.get(0),
            kind: r.get(1),
            occurred_at: time(&r.get::<_, String>(2))?,
            account_id: r.get(3),
            email: r.get(4),
            description: r.get(5),
        };
        let (contact, contact_account): (Option<String>, Option<String>) = (r.get(6), r.get(7));
        if event.account_id.is_none()
            && contact_account.is_none()
            && let Some(d) = event.email.as_deref().and_then(email_domain)
        {
            domains.push(d.to_ascii_lowercase());
        }
        out.push((event, contact, contact_account));
    }
    // The one account of each domain (ignoring case); a domain of two accounts names none.
    let mut by_domain: std::collections::HashMap<String, String> = Default::default();
    if !domains.is_empty() {
        domains.sort();
        domains.dedup();
        for r in c
            .query_typed(DOMAIN_ACCOUNTS, &[(&domains, Type::TEXT_ARRAY)])
            .map_err(err)?
        {
            by_domain.insert(r.get(0), r.get(1));
        }
    }
    Ok(out
        .into_iter()
        .map(|(event, contact, contact_account)| {
            let account = event
                .account_id
                .clone()
                .or(contact_account.clone())
                .or_else(|| {
                    event
                        .email
                        .as_deref()
                        .and_then(email_domain)
                        .and_then(|d| by_domain.get(&d.to_ascii_lowercase()).cloned())
                });
            let contact_id = contact.filter(|_| contact_account == account);
            (InboundEvent { event, contact_id }, account)
        })
        .collect())
}

/// Whether a first run writes its cases by `INSERT`, as any other run does, instead of by
/// `COPY` (`first_write.rs`): only in debug builds, when the tests compare the two
/// (`SMB_TEST_FIRST_RUN_INSERTS`).
fn first_run_inserts() -> bool {
    cfg!(debug_assertions) && std::env::var_os("SMB_TEST_FIRST_RUN_INSERTS").is_some()
}

// ---- The trait's trigger run on `Tx` (4.4): `ops.rs` calls these. ----

impl super::Tx<'_> {
    pub(super) fn trigger_begin(&mut self) -> Result<()> {
        let (shown, busy) = (self.shown.clone(), self.busy);
        let err = move |e: postgres::Error| super::pg_err(&shown, busy, &e);
        begin_trigger_run(&mut *self.client, &self.shown.clone(), &err)?;
        self.trigger_run = true;
        Ok(())
    }

    pub(super) fn trigger_snapshots<V: Send + 'static>(
        &mut self,
        eval: Evaluate<V>,
    ) -> Result<Snapshots<V>> {
        let (shown, busy) = (self.shown.clone(), self.busy);
        let err = move |e: postgres::Error| super::pg_err(&shown, busy, &e);
        // A run that begins on no cases writes them without their secondary indexes and
        // foreign keys (first_run.rs); its readers then know there are no cases to read (and
        // must not ask: the table is locked until the run commits).
        if self.trigger_run && self.rebuild.is_none() {
            self.rebuild = super::first_run::clear_for_first_run(&mut *self.client, &err)?;
            if self.rebuild.is_some() && !first_run_inserts() {
                self.first = Some(Box::new(super::first_write::FirstWrites::new()));
            }
        }
        let no_cases = self.rebuild.is_some();
        let (split, halves) = super::run::splits(&mut *self.client)?;
        let snapshot = export_snapshot(&mut *self.client, &err)?;
        let target = self.target.clone();
        let connect: Connect = Arc::new(move || super::client_for(&target, busy, None));
        super::run::account_snapshots(connect, snapshot, split, halves, no_cases, eval)
    }
}

// ---- The same snapshots read in the writing transaction itself (an import plan). ----

/// A cursor of this transaction (`DECLARE`), fetched in pages, with one row of look-ahead:
/// three of them interleave on the one connection that sees the transaction's own writes.
struct Declared {
    name: &'static str,
    page: std::collections::VecDeque<Row>,
    done: bool,
}

impl Declared {
    /// Names and queries are constants of this file.
    fn open(c: &mut Client, name: &'static str, sql: &str) -> Result<Declared> {
        c.batch_execute(&format!("DECLARE {name} NO SCROLL CURSOR FOR {sql}"))
            .map_err(|e| Error::Database(format!("a trigger run plan: {e}")))?;
        Ok(Declared {
            name,
            page: Default::default(),
            done: false,
        })
    }

    fn peek(&mut self, c: &mut Client) -> Result<Option<&Row>> {
        if self.page.is_empty() && !self.done {
            let rows = c
                .query_typed(&format!("FETCH {BATCH} FROM {}", self.name), &[])
                .map_err(|e| Error::Database(format!("a trigger run plan: {e}")))?;
            self.done = rows.len() < BATCH;
            self.page.extend(rows);
        }
        Ok(self.page.front())
    }

    fn next(&mut self, c: &mut Client) -> Result<Option<Row>> {
        self.peek(c)?;
        Ok(self.page.pop_front())
    }

    /// The rows whose key (column `key`) is `id`, skipping those before it (as `Cursor::take`).
    fn take<T>(
        &mut self,
        c: &mut Client,
        key: usize,
        id: &str,
        f: impl Fn(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        while let Some(r) = self.peek(c)? {
            let k: &str = r.get(key);
            if k > id {
                break;
            }
            if k == id {
                out.push(f(r)?);
            }
            self.page.pop_front();
        }
        Ok(out)
    }

    fn close(self, c: &mut Client) -> Result<()> {
        c.batch_execute(&format!("CLOSE {}", self.name))
            .map_err(|e| Error::Database(format!("a trigger run plan: {e}")))
    }
}

/// [`super::run::account_snapshots`] on the writing connection `c`, inside its transaction (which sees its
/// own uncommitted writes), evaluated before returning: the same queries, merge and order.
/// The verdicts on the inbound events whose account is not in the database (`orphans`, and
/// what is left of `events` once every account has taken its own), by event id, each with the
/// case its dedup key already has. Both readers end with these.
pub(super) fn orphan_verdicts<V>(
    c: &mut Client,
    mut orphans: Vec<InboundEvent>,
    events: std::collections::HashMap<String, Vec<InboundEvent>>,
    no_cases: bool,
    eval: &Evaluate<V>,
    what: &str,
) -> Result<Vec<V>> {
    orphans.extend(events.into_values().flatten());
    orphans.sort_by(|a, b| a.event.id.cmp(&b.event.id));
    let keys: Vec<String> = orphans.iter().map(|e| event_key(&e.event.id)).collect();
    let mut had: std::collections::HashMap<String, i64> = Default::default();
    // `no_cases`: the run began on no cases (and holds their table's lock).
    if !keys.is_empty() && !no_cases {
        for r in c
            .query_typed(
                "SELECT dedup_key, id FROM cases WHERE dedup_key = ANY($1)",
                &[(&keys, Type::TEXT_ARRAY)],
            )
            .map_err(|e| Error::Database(format!("{what}: {e}")))?
        {
            had.insert(r.get(0), r.get(1));
        }
    }
    let mut batch = Vec::new();
    for (e, key) in orphans.iter().zip(&keys) {
        batch.extend(eval(AccountSnapshot::Orphan {
            event: e,
            had: had.get(key).copied(),
        }));
    }
    Ok(batch)
}

pub fn account_snapshots_here<V: Send + 'static>(
    c: &mut Client,
    eval: Evaluate<V>,
) -> Result<Snapshots<V>> {
    let mut out: Vec<Vec<V>> = Vec::new();
    let mut events: std::collections::HashMap<String, Vec<InboundEvent>> = Default::default();
    let mut orphans: Vec<InboundEvent> = Vec::new();
    for (e, account) in inbound_events(c)? {
        match account {
            Some(a) => events.entry(a).or_default().push(e),
            None => orphans.push(e),
        }
    }
    let mut accounts = Declared::open(
        c,
        "smb_plan_accounts",
        &format!("SELECT {ACCOUNT} FROM accounts ORDER BY account_id"),
    )?;
    let mut opps = Declared::open(
        c,
        "smb_plan_opportunities",
        &format!(
            "SELECT {OPPORTUNITY} FROM opportunities WHERE stage NOT ILIKE 'closed%'
              ORDER BY account_id, opportunity_id"
        ),
    )?;
    let mut cases = Declared::open(
        c,
        "smb_plan_cases",
        &format!(
            "SELECT {CASE_FACTS} FROM cases WHERE account_id IS NOT NULL ORDER BY account_id, id"
        ),
    )?;
    let no_events: Vec<InboundEvent> = Vec::new();
    let mut batch = Vec::new();
    let mut n = 0;
    while let Some(r) = accounts.next(c)? {
        let a = account(&r)?;
        let mut o = opps.take(c, 1, &a.id, opportunity)?;
        o.retain(reads_opportunity);
        let cs = cases.take(c, 1, &a.id, case_facts)?;
        let ev = events.remove(&a.id);
        batch.extend(eval(AccountSnapshot::Account(Snapshot {
            account: &a,
            opportunities: &o,
            events: ev.as_deref().unwrap_or(&no_events),
            cases: &cs,
        })));
        n += 1;
        if n == BATCH {
            out.push(std::mem::take(&mut batch));
            n = 0;
        }
    }
    if !batch.is_empty() {
        out.push(batch);
    }
    accounts.close(c)?;
    opps.close(c)?;
    cases.close(c)?;
    let batch = orphan_verdicts(c, orphans, events, false, &eval, "a trigger run plan")?;
    out.push(batch);
    let (send, receive) = sync_channel::<Vec<V>>(out.len());
    for b in out {
        let _ = send.send(b);
    }
    drop(send);
    let done = std::thread::spawn(|| -> Result<()> { Ok(()) });
    Ok(Snapshots::from_parts(vec![(receive, done)]))
}

impl super::Tx<'_> {
    pub(super) fn trigger_snapshots_here<V: Send + 'static>(
        &mut self,
        eval: Evaluate<V>,
    ) -> Result<Snapshots<V>> {
        account_snapshots_here(&mut *self.client, eval)
    }
}
