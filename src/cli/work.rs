//! Helpers shared by the case workflow commands (`queue`, `pick`, `case`, `close`, `today`):
//! looking things up with an error that says what to do, and printing one case.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};

use super::Ctx;
use smb::domain::case::{Case, HistoryEntry};
use smb::domain::model::{QueueOrder, Settings};
use smb::domain::{queue, sla};
use smb::output::{self, Format, Table, case_json, rfc3339};
use smb::store::{Advocate, Tx};
use smb::{Error, Result};

/// The case with `id`, or exit 2 saying how to find one.
pub fn load_case(tx: &Tx<'_>, id: i64) -> Result<Case> {
    tx.case(id)?.ok_or_else(|| {
        Error::invalid(format!(
            "unknown case #{id}: see `smb queue list` or `smb today` for case ids"
        ))
    })
}

/// The acting person's profile, or exit 2 naming the `smb advocate add` to run.
pub fn require_profile(tx: &Tx<'_>, user: &str, doing: &str) -> Result<Advocate> {
    match tx.advocate(user)? {
        Some(a) => Ok(a),
        None => Err(Error::refused(format!(
            "{user:?} has no advocate profile and cannot {doing}: {}run `smb advocate add \"{user}\" --region AMER|APAC|EMEA` first (or act as someone else with --as NAME)",
            did_you_mean_person(tx, user)?
        ))),
    }
}

/// "did you mean \"Dana Reyes\"? " when a profile's name is near `name`, else "".
pub fn did_you_mean_person(tx: &Tx<'_>, name: &str) -> Result<String> {
    let people = tx.advocates()?;
    let names: Vec<&str> = people.iter().map(|a| a.name.as_str()).collect();
    Ok(match smb::domain::near::near(name, &names).as_slice() {
        [] => String::new(),
        near => format!(
            "did you mean {}? Else ",
            near.iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    })
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
    let full = case_json(c);
    let mut item = serde_json::Map::new();
    for k in [
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
    ] {
        item.insert(k.to_string(), full[k].clone());
    }
    item.insert(
        "sla_due_at".to_string(),
        json!(rfc3339(sla_due(settings, c))),
    );
    Value::Object(item)
}

/// The visible cases of `queue` (all its stored values) on `now`, in the model's order, at
/// most `limit`: one indexed query per stored value, merged here.
pub fn queue_cases(
    tx: &Tx<'_>,
    settings: &Settings,
    queue_name: &str,
    now: DateTime<Utc>,
    limit: Option<usize>,
) -> Result<Vec<Case>> {
    let order: QueueOrder = settings.queue_order();
    let mut lists = Vec::new();
    for q in queue::stored_queues(settings, queue_name) {
        lists.push(tx.queue_cases(&q, order, now.date_naive(), limit)?);
    }
    let mut all = queue::merge(order, lists);
    if let Some(l) = limit {
        all.truncate(l);
    }
    Ok(all)
}

/// What to say when `queue_name` is empty: when the next case will appear.
pub fn empty_queue_hint(
    tx: &Tx<'_>,
    settings: &Settings,
    queue_name: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let mut next: Option<chrono::NaiveDate> = None;
    for q in queue::stored_queues(settings, queue_name) {
        if let Some(d) = tx.next_deferred(&q, now.date_naive())? {
            next = Some(next.map_or(d, |n| n.min(d)));
        }
    }
    Ok(match next {
        Some(d) => format!(
            "The {queue_name} queue is empty. The next case comes back on {d} (a deferred case), or sooner when the nightly `smb trigger run`, an email or `smb case new` creates one."
        ),
        None => format!(
            "The {queue_name} queue is empty. New cases arrive with the nightly `smb trigger run`, an email (`smb case email`) or `smb case new`."
        ),
    })
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
pub fn unknown_account(tx: &Tx<'_>, id: &str) -> Error {
    let hint = match tx.account_ids_like(id, 3) {
        Ok(near) if !near.is_empty() => format!("did you mean {}?", near.join(", ")),
        _ => "import accounts first, or check the id".to_string(),
    };
    Error::invalid(format!("unknown account {id:?}: {hint}"))
}

/// Where a new case on `account` goes (SPEC §3.3): the owner of an open case on the account,
/// pooled the AE of an active Upgrade opportunity, else the account's queue.
pub fn route_new_case(
    tx: &Tx<'_>,
    settings: &Settings,
    account: Option<&smb::domain::account::Account>,
) -> Result<smb::domain::routing::Route> {
    let open_owner = match account {
        Some(a) => tx.open_case_owner(&a.id)?,
        None => None,
    };
    let opps = match account {
        Some(a) if settings.model == smb::domain::model::Model::Pooled => {
            tx.opportunities_of(&a.id)?
        }
        _ => Vec::new(),
    };
    Ok(smb::domain::routing::route(
        settings,
        account,
        open_owner.as_ref().map(|(n, id)| (n.as_str(), *id)),
        smb::domain::routing::upgrade_opp_owner(&opps),
    ))
}

/// The queue a command reads: `--queue`, else the caller's from their profile.
pub fn resolve_queue(
    tx: &Tx<'_>,
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
        if q.eq_ignore_ascii_case(smb::domain::case::BOTH_QUEUES) {
            return Ok(smb::domain::case::BOTH_QUEUES.to_string());
        }
        // a pool is named after its AE: take the profile's spelling
        if let Some(a) = tx.advocate(q)? {
            return Ok(a.name);
        }
        let people = tx.advocates()?;
        let mut known: Vec<&str> = vec!["AMER", "EMEA"];
        if settings.model == smb::domain::model::Model::Pooled {
            known.extend(people.iter().map(|a| a.name.as_str()));
        }
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
