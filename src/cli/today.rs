//! `smb today`: the caller's cases that need something today (SPEC §4.3): cadence touches,
//! next steps dates that have come, missing next steps, the 7-day target and 15-day limit;
//! first, the replies and routed cases the owner has not seen (SPEC §5).

use smb::store::Ops;
use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::Ctx;
use smb::Result;
use smb::domain::cadence::{CaseFacts, agenda};
use smb::domain::case::Status;
use smb::domain::notice::Notice;
use smb::domain::workflow::HIGH_VALUE_ACCOUNT;
use smb::output::{Format, Table, case_json};

/// What needs doing today on your cases.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb today\n  smb --as \"Dana Reyes\" today\n  smb --format json today\n\nCadence from the pick (day 1): Day 1 email, Day 3 call, Day 5 email, Day 7 email (log touches\nwith `smb case log`). Resolve within 7 days, 15 at most (High Value Account cases apart)."
)]
pub struct Args {
    /// Whose cases [default: you]
    #[arg(long, value_name = "NAME")]
    owner: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let owner = args.owner.clone().unwrap_or_else(|| ctx.user.clone());
    let mut store = ctx.open()?;
    let today = ctx.today();
    let mut tx = store.read()?;
    let settings = tx.settings()?;
    // --owner names someone: a profile, or refused; the caller may have none (SPEC §1.2).
    let owner = match &args.owner {
        Some(name) => super::work::resolve_person(&mut tx, "--owner", name)?.name,
        None => tx.advocate(&owner)?.map_or(owner, |a| a.name),
    };
    // First what waits for the owner: replies on their cases, cases routed to them (SPEC §5).
    let mut notices: BTreeMap<i64, Vec<Notice>> = BTreeMap::new();
    for n in tx.unseen_notices(&owner)? {
        notices.entry(n.case_id).or_default().push(n);
    }
    let mut rows = Vec::new();
    for c in tx.cases(&smb::store::CaseFilter {
        owner: Some(owner.clone()),
        account_id: None,
        open_only: true,
    })? {
        let touches = super::work::touches(ctx, &mut tx, &c)?;
        let facts = CaseFacts {
            in_progress: c.status == Status::InProgress,
            picked_on: c.picked_at.map(|p| ctx.local_date(p)),
            opened_on: ctx.local_date(c.queued_at.unwrap_or(c.created_at)),
            has_next_steps: c.next_steps.is_some(),
            next_steps_date: c.next_steps_date,
            high_value_account: c.trigger == HIGH_VALUE_ACCOUNT,
        };
        let items = agenda(
            &facts,
            &touches,
            today,
            settings.resolve_target_days(),
            settings.resolve_limit_days(),
        );
        let news = notices.remove(&c.id).unwrap_or_default();
        if !items.is_empty() || !news.is_empty() {
            rows.push((c, news, items));
        }
    }
    // Notices on cases no longer open (a reply on a closed case) or no longer theirs.
    for (id, news) in notices {
        if let Some(c) = tx.case(id)? {
            rows.push((c, news, Vec::new()));
        }
    }
    drop(tx);
    // Cases with news first, oldest news first; the rest in their own order.
    rows.sort_by_key(|(_, news, _)| news.first().map_or((1, None), |n| (0, Some(n.at))));
    if rows.is_empty() && ctx.format == Format::Table {
        return ctx.say(format!("Nothing due today for {owner}."));
    }
    let mut table = Table::new(&["id", "account", "subject", "status", "due"]);
    let mut json = Vec::new();
    for (c, news, items) in &rows {
        table.push(vec![
            c.id.to_string(),
            c.account_id.clone().unwrap_or_default(),
            c.subject.clone(),
            c.status.to_string(),
            news.iter()
                .map(Notice::describe)
                .chain(items.iter().map(|i| describe(i, c)))
                .collect::<Vec<_>>()
                .join("; "),
        ]);
        if items.iter().any(|i| {
            matches!(i.key(), "past_limit" | "past_target" | "missing_next_steps")
                || matches!(i, smb::domain::cadence::Item::Touch { overdue: true, .. })
        }) {
            table.mark(4);
        }
        let mut o = case_json(c);
        if let Value::Object(m) = &mut o {
            m.insert(
                "today".to_string(),
                Value::Array(
                    news.iter()
                        .map(|n| json!({"kind": n.kind.key(), "text": n.describe()}))
                        .chain(
                            items
                                .iter()
                                .map(|i| json!({"kind": i.key(), "text": describe(i, c)})),
                        )
                        .collect(),
                ),
            );
        }
        json.push(o);
    }
    if ctx.format == Format::Table {
        ctx.say(format!(
            "{} case(s) of {owner} need something today ({}):",
            rows.len(),
            today
        ))?;
    }
    ctx.emit(&table, &Value::Array(json))
}

/// An agenda item in words, naming the case's real id in the command it suggests.
fn describe(i: &smb::domain::cadence::Item, c: &smb::domain::case::Case) -> String {
    i.describe()
        .replace("smb pick this case", &format!("smb pick {}", c.id))
}
