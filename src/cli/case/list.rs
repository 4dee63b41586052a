//! `smb case list`: "My Cases", the playbook's list view: your Open and In Progress cases, the
//! most urgent first, with filters.

use smb::store::Ops;
use std::cmp::Ordering;

use chrono::NaiveDate;
use serde_json::Value;

use super::Ctx;
use crate::cli::work::{sla_due, unknown_name};
use smb::Result;
use smb::domain::case::{Case, Status};
use smb::domain::model::Settings;
use smb::output::{Table, rfc3339};

/// Your cases (My Cases): Open and In Progress, the most urgent first
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb case list\n  smb case list --overdue\n  smb case list --all-owners --status in-progress --queue AMER\n  smb case list --account ACC-0017 --status any\n  smb case list --created-by \"Sam Support\" --format csv\n\nMost urgent first: a case in progress whose next steps are missing or due soonest, an open\ncase by when its pick-up SLA runs out; then High before Medium before Low; closed cases last,\nthe latest first. Without --owner it lists your cases, unless --all-owners, --queue,\n--account or --created-by asks for others'."
)]
pub struct Args {
    /// Whose cases [default: yours]
    #[arg(long, value_name = "NAME", conflicts_with = "all_owners")]
    owner: Option<String>,
    /// Everyone's cases
    #[arg(long)]
    all_owners: bool,
    /// open, in-progress, closed or any [default: open and in-progress]
    #[arg(long, value_name = "STATUS", value_parser = ["open", "in-progress", "closed", "any"])]
    status: Option<String>,
    /// Only this account's cases
    #[arg(long, value_name = "ID")]
    account: Option<String>,
    /// Only cases in this queue (AMER, EMEA or a pooled AE's pool)
    #[arg(long, value_name = "NAME")]
    queue: Option<String>,
    /// Only cases of this trigger (see `smb trigger list`)
    #[arg(long, value_name = "KEY", value_parser = crate::cli::values::triggers(), hide_possible_values = true)]
    trigger: Option<String>,
    /// Only cases past their next steps date, or Open past their pick-up SLA
    #[arg(long)]
    overdue: bool,
    /// Only cases created by this person
    #[arg(long, value_name = "NAME")]
    created_by: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    // Opened first: the profile's time zone decides what today is.
    let mut store = ctx.open()?;
    let today = ctx.today();
    let now = ctx.now;
    let mut tx = store.read()?;
    let settings = tx.settings()?;
    let someone_else = args.all_owners
        || args.queue.is_some()
        || args.account.is_some()
        || args.created_by.is_some();
    let owner = match (&args.owner, someone_else) {
        (Some(o), _) => Some(tx.advocate(o)?.map_or_else(|| o.clone(), |a| a.name)),
        (None, true) => None,
        (None, false) => Some(
            tx.advocate(&ctx.user)?
                .map_or_else(|| ctx.user.clone(), |a| a.name),
        ),
    };
    if let Some(t) = &args.trigger {
        let keys = crate::cli::work::trigger_keys(settings.model);
        if !keys.iter().any(|k| k.eq_ignore_ascii_case(t)) {
            return Err(unknown_name("trigger", t, &keys));
        }
    }
    let queues = args
        .queue
        .as_deref()
        .map(|q| smb::domain::queue::stored_queues(&settings, q));
    let status = args.status.as_deref().unwrap_or("active");
    let cases = tx.cases(&smb::store::CaseFilter {
        owner: owner.clone(),
        account_id: args.account.as_deref().map(str::trim).map(str::to_string),
        open_only: matches!(status, "active" | "open" | "in-progress"),
    })?;
    drop(tx);
    let mut cases: Vec<Case> = cases
        .into_iter()
        .filter(|c| match status {
            "open" => c.status == Status::Open,
            "in-progress" => c.status == Status::InProgress,
            "closed" => c.status.is_closed(),
            "any" => true,
            _ => !c.status.is_closed(),
        })
        .filter(|c| {
            queues.as_ref().is_none_or(|qs| {
                c.queue
                    .as_deref()
                    .is_some_and(|q| qs.iter().any(|s| s.eq_ignore_ascii_case(q)))
            })
        })
        .filter(|c| {
            args.trigger
                .as_deref()
                .is_none_or(|t| c.trigger.eq_ignore_ascii_case(t))
        })
        .filter(|c| {
            args.created_by
                .as_deref()
                .is_none_or(|n| c.created_by.eq_ignore_ascii_case(n.trim()))
        })
        .filter(|c| !args.overdue || overdue(&settings, c, today, now))
        .collect();
    cases.sort_by(|a, b| urgency(&settings, a, b));

    if cases.is_empty() && ctx.format == smb::output::Format::Table {
        let whose = owner.map_or_else(|| "No".to_string(), |o| format!("{o} has no"));
        return ctx.say(format!(
            "{whose} cases match. `smb queue next` shows the case to pick next; `smb case list --status any` includes closed cases."
        ));
    }
    let json = Value::Array(cases.iter().map(|c| list_json(&settings, c)).collect());
    let mut t = Table::new(&[
        "id",
        "priority",
        "status",
        "owner",
        "account",
        "subject",
        "next steps",
        "due",
    ]);
    for c in &cases {
        t.push(vec![
            format!("#{}", c.id),
            c.priority.to_string(),
            c.status.to_string(),
            c.owner.clone().unwrap_or_default(),
            c.account_id.clone().unwrap_or_default(),
            c.subject.clone(),
            c.next_steps.clone().unwrap_or_default(),
            due_text(ctx, &settings, c),
        ]);
        if overdue(&settings, c, today, now) {
            t.mark(7);
        }
    }
    ctx.emit(&t, &json)
}

/// The case object of `case list`: the keys of `queue next` plus next steps, their date,
/// `picked_at`, `closed_at` and `web_email`, in the order of the case's fields.
pub fn list_json(settings: &Settings, c: &Case) -> Value {
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
        "next_steps",
        "next_steps_date",
        "web_email",
        "created_at",
        "queued_at",
        "picked_at",
        "closed_at",
    ];
    let due = (c.status == Status::Open).then(|| rfc3339(sla_due(settings, c)));
    crate::cli::work::case_item_json(c, KEYS, due)
}

fn overdue(
    settings: &Settings,
    c: &Case,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    match c.status {
        Status::InProgress => c.next_steps_date.is_some_and(|d| d < today),
        Status::Open => sla_due(settings, c) < now,
        _ => false,
    }
}

fn due_text(ctx: &Ctx, settings: &Settings, c: &Case) -> String {
    match c.status {
        Status::InProgress => match c.next_steps_date {
            Some(d) => ctx.day_hint(d),
            None => "next steps missing".to_string(),
        },
        Status::Open => format!("pick-up by {}", ctx.time_hint(sla_due(settings, c))),
        _ => c
            .closed_at
            .map(|t| format!("closed {}", ctx.time_hint(t)))
            .unwrap_or_default(),
    }
}

/// Most urgent first (see the command's help).
fn urgency(settings: &Settings, a: &Case, b: &Case) -> Ordering {
    let key = |c: &Case| {
        let when = match c.status {
            Status::InProgress => c.next_steps_date.map_or(i64::MIN, |d| {
                d.and_hms_opt(0, 0, 0)
                    .map_or(0, |t| t.and_utc().timestamp())
            }),
            Status::Open => sla_due(settings, c).timestamp(),
            _ => -c.closed_at.map_or(0, |t| t.timestamp()),
        };
        (
            c.status.is_closed(),
            when,
            c.priority.rank(),
            c.created_at,
            c.id,
        )
    };
    key(a).cmp(&key(b))
}
