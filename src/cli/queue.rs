//! `smb queue next|list [--queue NAME]`: which case is next, and the whole queue (SPEC §4.1).

use serde_json::Value;
use smb::store::Ops;

use super::Ctx;
use super::work::{
    empty_queue_hint, empty_queue_text, queue_cases, queue_item_json, resolve_queue, sla_due,
};
use smb::Result;
use smb::domain::queue::why_next;
use smb::domain::sla;
use smb::output::{Format, Table};

/// Show the head of a queue, or the whole queue, in the model's order.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb queue next\n  smb queue list --queue EMEA\n  smb --format json queue next --queue \"Lena Fischer\"\n\nOrder: digital High before Medium before Low, then oldest first; pooled oldest first,\nHigh first among cases queued at the same time. Deferred cases stay hidden until their date;\ncases from unknown senders are in both AMER and EMEA."
)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// The case to pick next, why, and when its SLA runs out
    #[command(
        after_help = "Examples:\n  smb queue next\n  smb queue next --queue EMEA\n  smb --format json queue next   # one object, or null when the queue is empty"
    )]
    Next(QueueArg),
    /// Every case waiting in the queue, in order
    #[command(
        after_help = "Examples:\n  smb queue list\n  smb queue list --queue \"Lena Fischer\"\n  smb queue list --as-of 2026-03-02T10:00:00Z\n  smb --format csv queue list > queue.csv"
    )]
    List(ListArgs),
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    #[command(flatten)]
    queue: QueueArg,
    /// The queue as it stood at this past moment, rebuilt from the history (RFC 3339 or a date)
    #[arg(long, value_name = "DATETIME", value_parser = super::asof::parse)]
    as_of: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, clap::Args)]
struct QueueArg {
    /// AMER, EMEA or a pooled AE's pool [default: your queue, from `smb advocate add`]
    #[arg(long, value_name = "NAME")]
    queue: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    // Who acts and their time zone are read in the command's one read transaction (on
    // PostgreSQL with its BEGIN: three round trips in all after connecting).
    let mut store = ctx.open_unresolved()?;
    let mut tx = store.read()?;
    ctx.resolve_identity(&mut tx)?;
    let settings = tx.settings()?;
    match &args.command {
        Sub::Next(q) => {
            let name = resolve_queue(&mut tx, &settings, &ctx.user, q.queue.as_deref())?;
            let two = queue_cases(&mut tx, &settings, &name, ctx.now, Some(2))?;
            let Some(head) = two.first() else {
                if ctx.format == Format::Table {
                    let hint = empty_queue_hint(&mut tx, &settings, &name, ctx.now)?;
                    return ctx.say(hint);
                }
                return ctx.emit(&Table::new(&["id"]), &Value::Null);
            };
            let item = queue_item_json(&settings, head);
            if ctx.format == Format::Table {
                let due = sla_due(&settings, head);
                let sla = if sla::is_breached(due, ctx.now) {
                    format!("SLA ran out {} (breached)", ctx.time_hint(due))
                } else {
                    format!("SLA runs out {}", ctx.time_hint(due))
                };
                ctx.say(format!(
                    "Next in {name}: case #{} [{}] {} — {}",
                    head.id,
                    head.priority,
                    head.account_id.as_deref().unwrap_or("no account"),
                    head.subject
                ))?;
                ctx.say(format!(
                    "Why: {}.",
                    why_next(settings.queue_order(), head, two.get(1), |t| ctx
                        .time_hint(t))
                ))?;
                ctx.say(format!("{sla}. Take it with: smb pick {}", head.id))
            } else {
                let t = items_table(ctx, &settings, std::slice::from_ref(head));
                ctx.emit(&t, &item)
            }
        }
        Sub::List(ListArgs { queue: q, as_of }) => {
            let name = resolve_queue(&mut tx, &settings, &ctx.user, q.queue.as_deref())?;
            let all = match *as_of {
                Some(at) => {
                    super::asof::travel(ctx, at)?;
                    let (all, back) = super::asof::queue_at(&mut tx, &settings, &name, at)?;
                    if all.is_empty() && ctx.format == Format::Table {
                        return ctx.say(empty_queue_text(&name, back));
                    }
                    all
                }
                None => queue_cases(&mut tx, &settings, &name, ctx.now, None)?,
            };
            if all.is_empty() && ctx.format == Format::Table {
                let hint = empty_queue_hint(&mut tx, &settings, &name, ctx.now)?;
                return ctx.say(hint);
            }
            drop(tx);
            let json = Value::Array(all.iter().map(|c| queue_item_json(&settings, c)).collect());
            let mut t = items_table(ctx, &settings, &all);
            for (i, c) in all.iter().enumerate() {
                if sla::is_breached(sla_due(&settings, c), ctx.now) {
                    t.marked.push((i, 7));
                }
            }
            ctx.emit(&t, &json)
        }
    }
}

/// The queue as a table: times in the reader's time zone, with how far they are.
fn items_table(
    ctx: &Ctx,
    settings: &smb::domain::model::Settings,
    all: &[smb::domain::case::Case],
) -> Table {
    let mut t = Table::new(&[
        "id",
        "priority",
        "account",
        "trigger",
        "subject",
        "queue",
        "queued_at",
        "sla_due_at",
    ]);
    for c in all {
        t.push(vec![
            c.id.to_string(),
            c.priority.to_string(),
            c.account_id.clone().unwrap_or_default(),
            c.trigger.clone(),
            c.subject.clone(),
            c.queue.clone().unwrap_or_default(),
            c.queued_at.map(|t| ctx.time_hint(t)).unwrap_or_default(),
            ctx.time_hint(sla_due(settings, c)),
        ]);
    }
    t
}
