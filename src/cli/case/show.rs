//! `smb case show ID`: every field and the history (SPEC §2.4).

use serde_json::Value;
use smb::store::Ops;

use super::Ctx;
use crate::cli::work::{actor, case_fields_table, history_table, load_case, sla_due};
use smb::Result;
use smb::output::{Format, case_json, history_json};

/// Show a case's fields and its history.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb case show 42\n  smb --format json case show 42\n  smb case show 42 --as-of 2026-03-02T10:00:00Z"
)]
pub struct Args {
    /// The case id
    #[arg(value_name = "ID", value_parser = crate::cli::case_id)]
    id: i64,
    /// The case as it stood at this past moment, rebuilt from its history (RFC 3339 or a date)
    #[arg(long, value_name = "DATETIME", value_parser = crate::cli::asof::parse)]
    as_of: Option<chrono::DateTime<chrono::Utc>>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let mut store = ctx.open()?;
    let mut tx = store.read()?;
    let c = load_case(&mut tx, args.id)?;
    let history = tx.history(c.id)?;
    let settings = tx.settings()?;
    if let Some(at) = args.as_of {
        crate::cli::asof::travel(ctx, at)?;
        let Some((c, history)) = smb::domain::asof::case_at(&c, &history, at) else {
            return Err(smb::Error::invalid(format!(
                "case #{} did not exist yet at {} (created {})",
                c.id,
                smb::output::rfc3339(at),
                smb::output::rfc3339(c.created_at)
            )));
        };
        drop(tx);
        return show(ctx, &settings, &c, &history);
    }
    // The owner reading their case has seen its notices (SPEC §5 decision). Only then is
    // anything written: showing a case stays a read on a file the reader cannot write.
    let (me, _) = actor(&mut tx, &ctx.user)?;
    let owner_reads = c
        .owner
        .as_deref()
        .is_some_and(|o| smb::domain::people::same_person(o, &me));
    let unseen = owner_reads && tx.has_unseen_notices(c.id, &me)?;
    drop(tx);
    if unseen {
        let marked = store.write().and_then(|mut tx| {
            tx.mark_notices_seen(c.id, &me, ctx.now)?;
            tx.commit()
        });
        if let Err(e) = marked {
            ctx.warn(format!("could not mark the case's notices seen: {e}"));
        }
    }
    show(ctx, &settings, &c, &history)
}

fn show(
    ctx: &mut Ctx,
    settings: &smb::domain::model::Settings,
    c: &smb::domain::case::Case,
    history: &[smb::domain::case::HistoryEntry],
) -> Result<()> {
    let c = c.clone();
    // The pick-up clock still running: how its due instant comes about (SPEC §11.4).
    let awaiting = c.status == smb::domain::case::Status::Open && c.queue.is_some();
    let explained = awaiting.then(|| crate::cli::due::explain(settings, &c));
    let mut json = case_json(&c);
    if let Value::Object(m) = &mut json {
        m.insert(
            "history".to_string(),
            Value::Array(history.iter().map(history_json).collect()),
        );
        m.insert(
            "sla_explanation".to_string(),
            explained
                .as_ref()
                .map_or(Value::Null, crate::cli::due::json),
        );
    }
    match ctx.format {
        Format::Json | Format::Jsonl | Format::Csv => ctx.emit(&case_fields_table(&c), &json),
        Format::Table => {
            let fields = local_times(ctx, case_fields_table(&c));
            ctx.emit(&fields, &json)?;
            // The pick-up SLA of a case awaiting a response, by the rule `queue` and `pick`
            // use (SPEC §6.1).
            if let Some(e) = &explained {
                let due = sla_due(settings, &c);
                ctx.say(format!(
                    "Pick-up SLA: due {}{}.",
                    ctx.time_hint(due),
                    if smb::domain::sla::is_breached(due, ctx.now) {
                        " (breached)"
                    } else {
                        ""
                    }
                ))?;
                for line in crate::cli::due::lines(e) {
                    ctx.say(line)?;
                }
            }
            ctx.say("History:")?;
            let h = local_times(ctx, history_table(history));
            ctx.emit(&h, &json)
        }
    }
}

/// The table with its UTC times shown in the reader's time zone, with how far they are.
fn local_times(ctx: &Ctx, mut t: smb::output::Table) -> smb::output::Table {
    for row in &mut t.rows {
        for cell in row.iter_mut() {
            if cell.ends_with('Z')
                && let Ok(at) = chrono::DateTime::parse_from_rfc3339(cell)
            {
                *cell = ctx.time_hint(at.with_timezone(&chrono::Utc));
            }
        }
    }
    t
}
