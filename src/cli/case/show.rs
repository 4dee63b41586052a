//! `smb case show ID`: every field and the history (SPEC §2.4).

use serde_json::Value;

use super::Ctx;
use crate::cli::work::{case_fields_table, history_table, load_case};
use smb::Result;
use smb::output::{Format, case_json, history_json};

/// Show a case's fields and its history.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  smb case show 42\n  smb --format json case show 42")]
pub struct Args {
    /// The case id
    #[arg(value_name = "ID", value_parser = crate::cli::case_id)]
    id: i64,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let mut store = ctx.open()?;
    let tx = store.read()?;
    let c = load_case(&tx, args.id)?;
    let history = tx.history(c.id)?;
    drop(tx);
    let mut json = case_json(&c);
    if let Value::Object(m) = &mut json {
        m.insert(
            "history".to_string(),
            Value::Array(history.iter().map(history_json).collect()),
        );
    }
    match ctx.format {
        Format::Json | Format::Jsonl | Format::Csv => ctx.emit(&case_fields_table(&c), &json),
        Format::Table => {
            let fields = local_times(ctx, case_fields_table(&c));
            ctx.emit(&fields, &json)?;
            ctx.say("History:")?;
            let h = local_times(ctx, history_table(&history));
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
