//! Helpers shared by the case workflow commands (`queue`, `pick`, `case`, `close`, `today`):
//! looking things up with an error that says what to do, and printing one case.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};
use smb::store::Ops;

use super::Ctx;
use smb::domain::case::{Case, HistoryEntry};
use smb::domain::change::{CaseChange, NewCase};
use smb::domain::model::Settings;
use smb::domain::{people, queue, sla};
use smb::output::{self, Format, Table, case_json, rfc3339};
use smb::store::{Advocate, Applied, Role, Tx};
use smb::{Error, Result};

/// The case with `id`, or exit 2 saying how to find one.
pub fn load_case(tx: &mut Tx<'_>, id: i64) -> Result<Case> {
    tx.case(id)?.ok_or_else(|| {
        Error::invalid(format!(
            "unknown case #{id}: see `smb queue list` or `smb today` for case ids"
        ))
    })
}

/// Writes `change` (history, clock, notices with it); a case someone else changed since it
/// was read is refused (exit 2) and nothing is written.
pub fn apply(tx: &mut Tx<'_>, change: &CaseChange) -> Result<()> {
    match tx.apply(change)? {
        Applied::Done => Ok(()),
        Applied::Conflict | Applied::AtCapacity { .. } => Err(Error::refused(format!(
            "{} was changed by someone else a moment ago; nothing was changed. Look at it again with `smb case show {}`",
            label(&change.before),
            change.before.id
        ))),
    }
}

/// The refusal of `user`, who has no profile, to `doing` (exit 2, naming the `smb advocate
/// add` to run).
pub fn no_profile(tx: &mut Tx<'_>, user: &str, doing: &str) -> Error {
    with_profile_hint(
        tx,
        user,
        None,
        Error::refused(format!(
            "{user:?} has no advocate profile and cannot {doing}: run `smb advocate add \"{user}\" --region AMER|APAC|EMEA` first (or act as someone else with --as NAME)"
        )),
    )
}

/// The acting person as the rules see them (SPEC §4.3): their profile, or their name with no
/// profile (staff).
pub fn actor(tx: &mut Tx<'_>, user: &str) -> Result<(String, Option<Role>)> {
    Ok(match tx.advocate(user)? {
        Some(a) => (a.name, Some(a.role)),
        None => (user.trim().to_string(), None),
    })
}

/// SPEC §4.3 (decision): the acting person may `doing` (update, log, defer, close) case `c`:
/// its owner or a manager (an advocate, a case nobody owns). Else exit 2, saying who may; a
/// name with no profile is told when a profile's name is near.
pub fn authorize_change(tx: &mut Tx<'_>, user: &str, c: &Case, doing: &str) -> Result<()> {
    let (name, role) = actor(tx, user)?;
    let who = people::Actor { name: &name, role };
    people::may_change(who, c.owner.as_deref(), doing)
        .map_err(|e| with_profile_hint(tx, &name, role, e))
}

/// The refusal of a name with no profile, with the profile names near it (a typo in `--as`).
pub fn with_profile_hint(tx: &mut Tx<'_>, name: &str, role: Option<Role>, e: Error) -> Error {
    if role.is_some() {
        return e;
    }
    let names: Vec<String> = match tx.advocates() {
        Ok(all) => all.into_iter().map(|a| a.name).collect(),
        Err(_) => return e,
    };
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let near = smb::domain::near::near(name, &names);
    match near.as_slice() {
        [] => e,
        _ => Error::refused(format!(
            "{e}; did you mean {}? (give it with --as)",
            near.iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(" or ")
        )),
    }
}

/// Parses a date flag as people type it (`2026-03-16`, `today`, `+2w`, `friday`; see
/// [`smb::domain::dates`]) seen from `today`, or exit 2.
pub fn parse_date(today: NaiveDate, flag: &str, s: &str) -> Result<NaiveDate> {
    smb::domain::dates::parse(s, today).map_err(|e| Error::invalid(format!("{flag}: {e}")))
}

/// Refuses a next-steps date before `today` unless `force`.
pub fn check_next_steps_date(d: Option<NaiveDate>, today: NaiveDate, force: bool) -> Result<()> {
    match d {
        Some(d) if d < today && !force => Err(Error::invalid(format!(
            "--next-steps-date {d} is in the past (today is {today}): give today or a later day, or add --force to record it anyway"
        ))),
        _ => Ok(()),
    }
}

/// " Next steps due Monday 2026-03-16." for the message of a command that stored the date.
pub fn due_text(d: Option<NaiveDate>) -> String {
    d.map(|d| format!(" Next steps due {}.", d.format("%A %Y-%m-%d")))
        .unwrap_or_default()
}

/// When the case's pick-up SLA runs out (from the time it entered its queue).
pub fn sla_due(settings: &Settings, c: &Case) -> DateTime<Utc> {
    sla::due_at(
        settings,
        c.priority,
        c.queue.as_deref().unwrap_or("AMER"),
        c.queued_at.unwrap_or(c.created_at),
    )
}

/// The queue item of SPEC §7.3 (`queue next`, `queue list`).
pub fn queue_item_json(settings: &Settings, c: &Case) -> Value {
    const KEYS: &[&str] = &[
        "id",
        "account_id",
        "trigger",
        "category",
        "subject",
        "priority",
        "status",
        "owner",
        "queue",
        "created_at",
        "queued_at",
    ];
    case_item_json(c, KEYS, Some(rfc3339(sla_due(settings, c))))
}

/// The case object cut to `keys` (in their order), then `sla_due_at`: the shape of the list
/// commands (SPEC §7.3).
pub fn case_item_json(c: &Case, keys: &[&str], sla_due_at: Option<String>) -> Value {
    let full = case_json(c);
    let mut item: serde_json::Map<String, Value> = keys
        .iter()
        .map(|k| (k.to_string(), full[*k].clone()))
        .collect();
    item.insert("sla_due_at".to_string(), json!(sla_due_at));
    Value::Object(item)
}

/// The visible cases of `queue` (all its stored values) on `now`, in the model's order, at
/// most `limit`: one indexed query per stored value, merged here.
pub fn queue_cases(
    tx: &mut Tx<'_>,
    settings: &Settings,
    queue_name: &str,
    now: DateTime<Utc>,
    limit: Option<usize>,
) -> Result<Vec<Case>> {
    let queues = queue::stored_queues(settings, queue_name);
    tx.queue(&queues, settings.queue_order(), now.date_naive(), limit)
}

/// What to say when `queue_name` is empty: when the next case will appear.
pub fn empty_queue_hint(
    tx: &mut Tx<'_>,
    settings: &Settings,
    queue_name: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let queues = queue::stored_queues(settings, queue_name);
    Ok(empty_queue_text(
        queue_name,
        tx.next_deferred(&queues, now.date_naive())?,
    ))
}

/// What to say when `queue_name` is empty, given the day the next deferred case comes back.
pub fn empty_queue_text(queue_name: &str, back: Option<chrono::NaiveDate>) -> String {
    match back {
        Some(d) => format!(
            "The {queue_name} queue is empty. The next case comes back on {d} (a deferred case), or sooner when the nightly `smb trigger run`, an email or `smb case new` creates one."
        ),
        None => format!(
            "The {queue_name} queue is empty. New cases arrive with the nightly `smb trigger run`, an email (`smb case email`) or `smb case new`."
        ),
    }
}

/// Every trigger key a case of `model` may carry: the catalog's, manual cases' and emails'.
pub fn trigger_keys(model: smb::domain::model::Model) -> Vec<&'static str> {
    let mut keys: Vec<&str> = smb::domain::trigger::catalog(model)
        .iter()
        .map(|t| t.key)
        .collect();
    for k in [
        smb::domain::workflow::MANUAL,
        smb::domain::workflow::EMAIL_TO_CASE,
    ] {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys
}

/// The error for a `kind` name that is not one of `known`, with the nearest known values.
pub fn unknown_name(kind: &str, given: &str, known: &[&str]) -> Error {
    let near = smb::domain::near::near(given, known);
    let hint = if near.is_empty() {
        format!("known: {}", known.join(", "))
    } else {
        format!("did you mean {}?", near.join(" or "))
    };
    Error::invalid(format!("unknown {kind} {given:?}: {hint}"))
}

/// The error for an account id that is not in the database, with the closest ids it knows.
pub fn unknown_account(tx: &mut Tx<'_>, id: &str) -> Error {
    let hint = match tx.account_ids_like(id, 3) {
        Ok(near) if !near.is_empty() => format!("did you mean {}?", near.join(", ")),
        _ => "import accounts first, or check the id".to_string(),
    };
    Error::invalid(format!("unknown account {id:?}: {hint}"))
}

/// Where a new case on `account` goes (SPEC §3.3): the owner of an open case on the account,
/// pooled the AE of an active Upgrade opportunity, else the account's queue.
pub fn route_new_case(
    tx: &mut Tx<'_>,
    settings: &Settings,
    account: Option<&smb::domain::account::Account>,
) -> Result<smb::domain::routing::Route> {
    let facts = match account {
        Some(a) => tx.routing_facts(&a.id)?,
        None => smb::store::RoutingFacts::default(),
    };
    let opps = if settings.model == smb::domain::model::Model::Pooled {
        facts.opportunities.as_slice()
    } else {
        &[]
    };
    Ok(smb::domain::routing::route(
        settings,
        account,
        facts.open_owner.as_ref().map(|(n, id)| (n.as_str(), *id)),
        smb::domain::routing::upgrade_opp_owner(opps),
    ))
}

/// Creates one case (no dedup key: it is always created).
pub fn create_case(tx: &mut Tx<'_>, new: NewCase) -> Result<Case> {
    tx.create_cases(std::slice::from_ref(&new))?
        .pop()
        .flatten()
        .ok_or_else(|| Error::Database("the new case was not created".to_string()))
}

/// The profile a flag that designates someone else (`--to`, `--owner`) names, matched
/// ignoring case and surrounding spaces; nobody's name is refused (exit 2) with the nearest
/// names (SPEC §1.2).
pub fn resolve_person(tx: &mut Tx<'_>, flag: &str, name: &str) -> Result<Advocate> {
    if let Some(a) = tx.advocate(name)? {
        return Ok(a);
    }
    let names: Vec<String> = tx.advocates()?.into_iter().map(|a| a.name).collect();
    let near = people::nearest(name, names.iter().map(String::as_str), 3);
    let hint = if near.is_empty() {
        "no profiles yet: add one with `smb advocate add NAME --region AMER|APAC|EMEA`".to_string()
    } else {
        format!(
            "did you mean {}? (`smb advocate list` lists everyone)",
            near.iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(" or ")
        )
    };
    Err(Error::invalid(format!(
        "{flag} {:?}: nobody has that name; {hint}",
        name.trim()
    )))
}

/// The queue a command reads: `--queue`, else the caller's from their profile. A person's name
/// (any case) is their queue; an unknown queue is refused with the nearest names (SPEC §4.1).
pub fn resolve_queue(
    tx: &mut Tx<'_>,
    settings: &Settings,
    user: &str,
    flag: Option<&str>,
) -> Result<String> {
    if let Some(q) = flag {
        let q = q.trim();
        if q.is_empty() {
            return Err(Error::invalid(
                "--queue is empty: expected AMER, EMEA or a pooled AE's pool",
            ));
        }
        if q.eq_ignore_ascii_case("AMER") || q.eq_ignore_ascii_case("EMEA") {
            return Ok(q.to_ascii_uppercase());
        }
        // A person's name is their queue (pooled: their pool), in the profile's spelling.
        if let Some(a) = tx.advocate(q)? {
            return Ok(queue::caller_queue(settings, a.region, &a.name));
        }
        // A queue that holds cases under a name no profile answers to (e.g. `AMER,EMEA`).
        let stored = tx.stored_queue_names()?;
        if let Some(s) = stored.iter().find(|s| people::same_person(s, q)) {
            return Ok(s.clone());
        }
        let profiles: Vec<String> = tx.advocates()?.into_iter().map(|a| a.name).collect();
        let known: Vec<&str> = ["AMER", "EMEA"]
            .into_iter()
            .chain(profiles.iter().map(String::as_str))
            .chain(stored.iter().map(String::as_str))
            .collect();
        return Err(unknown_name("queue", q, &known));
    }
    match tx.advocate(user)? {
        Some(a) => Ok(queue::caller_queue(settings, a.region, &a.name)),
        None => Err(Error::invalid(format!(
            "{user:?} has no advocate profile, so there is no default queue: pass --queue AMER|EMEA, or run `smb advocate add \"{user}\" --region AMER|APAC|EMEA`"
        ))),
    }
}

/// One case as a two-column table of its fields.
pub fn case_fields_table(c: &Case) -> Table {
    let mut t = Table::new(&["field", "value"]);
    if let Value::Object(m) = case_json(c) {
        for (k, v) in m {
            let text = match v {
                Value::Null => String::new(),
                Value::String(s) => s,
                other => other.to_string(),
            };
            t.push(vec![k, text]);
        }
    }
    t
}

/// A case's history as a table.
pub fn history_table(h: &[HistoryEntry]) -> Table {
    let mut t = Table::new(&["at", "actor", "action", "field", "before", "after", "note"]);
    for e in h {
        t.push(vec![
            rfc3339(e.at),
            e.actor.clone(),
            e.action.clone(),
            e.field.clone().unwrap_or_default(),
            e.before.clone().unwrap_or_default(),
            e.after.clone().unwrap_or_default(),
            e.note.clone().unwrap_or_default(),
        ]);
    }
    t
}

/// A short one-row summary of a case (CSV output of the commands that change one case).
pub fn case_row_table(c: &Case) -> Table {
    let mut t = Table::new(&[
        "id", "account", "trigger", "subject", "priority", "status", "owner", "queue",
    ]);
    t.push(vec![
        c.id.to_string(),
        c.account_id.clone().unwrap_or_default(),
        c.trigger.clone(),
        c.subject.clone(),
        c.priority.to_string(),
        c.status.to_string(),
        c.owner.clone().unwrap_or_default(),
        c.queue.clone().unwrap_or_default(),
    ]);
    t
}

/// Prints a case a command created or changed: `line` on a terminal table, the case object
/// of SPEC §7.3 in JSON, one row in CSV.
pub fn emit_case(ctx: &mut Ctx, c: &Case, line: &str) -> Result<()> {
    match ctx.format {
        Format::Table => ctx.say(line),
        _ => ctx.emit(&case_row_table(c), &case_json(c)),
    }
}

/// "Case #12 (ACC-0001, Question about …)".
pub fn label(c: &Case) -> String {
    format!(
        "case #{} ({}, {:?})",
        c.id,
        c.account_id.as_deref().unwrap_or("no account"),
        c.subject
    )
}

/// RFC 3339 for messages (tables and messages now use `Ctx::time_hint`, local).
#[allow(dead_code)]
pub fn when(t: DateTime<Utc>) -> String {
    output::rfc3339(t)
}

/// The touches logged since the day of the pick (none before a pick), oldest first.
pub fn touches(ctx: &Ctx, tx: &mut Tx<'_>, c: &Case) -> Result<Vec<smb::domain::cadence::Touch>> {
    Ok(match c.picked_at {
        Some(p) => tx
            .touches_since(c.id, ctx.local_midnight(ctx.local_date(p)))?
            .iter()
            .filter_map(|(_, t)| smb::domain::cadence::Touch::parse(t))
            .collect(),
        None => Vec::new(),
    })
}
