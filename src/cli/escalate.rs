//! `smb escalate [--dry-run]` (SPEC §11.3): for cron. Each case past its pick-up due instant,
//! or In Progress past the 15-day limit, goes once to the managers of its region: a history
//! entry `escalated` and a notice in each manager's `smb today`. The domain decides
//! (`domain::escalation`); `Ops::apply` writes.

use hashbrown::HashMap;
use serde_json::json;
use smb::store::Ops;

use super::Ctx;
use super::work::apply;
use smb::Result;
use smb::domain::escalation::{self, hours};
use smb::domain::model::Region;
use smb::output::{Table, rfc3339};
use smb::store::CaseFilter;

/// Escalate overdue cases to the managers of their region, once.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb escalate\n  smb escalate --dry-run\n  smb --format json escalate\n\nA case is escalated when it is Open past its pick-up due instant (deferred cases apart), or\nIn Progress more than 15 days after its pick (High Value Account cases apart). Each reason\nescalates a case once, however often this runs: to every manager of the case's region (its\naccount's; without an account, its queue's). A region with no manager: the case is left for a\nlater run, with a warning (exit 0). See `smb report escalations`."
)]
pub struct Args {
    /// Say what would be escalated; write nothing
    #[arg(long)]
    dry_run: bool,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let now = ctx.now;
    let today = ctx.today();
    let actor = ctx.user.clone();
    let mut store = ctx.open()?;
    let mut tx = if args.dry_run {
        store.read()?
    } else {
        store.write()?
    };
    let settings = tx.settings()?;
    let people = tx.advocates()?;
    let cases = tx.cases(&CaseFilter {
        owner: None,
        account_id: None,
        open_only: true,
    })?;
    let mut regions_of: HashMap<String, Option<Region>> = HashMap::new();
    let mut table = Table::new(&["id", "account", "reason", "waited", "managers"]);
    let mut json = Vec::new();
    let mut warnings = Vec::new();
    for case in cases {
        // The history is read only for a case that is overdue at all.
        if escalation::overdue(&case, &[], &settings, today, now).is_none() {
            continue;
        }
        let history = tx.history(case.id)?;
        let Some(o) = escalation::overdue(&case, &history, &settings, today, now) else {
            continue;
        };
        let account_region = match &case.account_id {
            Some(id) => match regions_of.get(id) {
                Some(r) => *r,
                None => {
                    let r = tx.account(id)?.map(|a| a.region);
                    regions_of.insert(id.clone(), r);
                    r
                }
            },
            None => None,
        };
        let regions = escalation::regions(account_region, &case);
        let managers = escalation::managers_of(&regions, &people);
        if managers.is_empty() {
            let names: Vec<&str> = regions.iter().map(|r| r.as_str()).collect();
            let region = if names.is_empty() {
                "no region".to_string()
            } else {
                format!("region {}", names.join(", "))
            };
            warnings.push(format!(
                "case {} is {}, but {region} has no manager: not escalated (add one with `smb advocate add NAME --region REGION --role manager`; the next run escalates it)",
                case.id,
                o.reason.describe()
            ));
            continue;
        }
        let waited = hours(now - o.since);
        table.push(vec![
            case.id.to_string(),
            case.account_id.clone().unwrap_or_default(),
            o.reason.describe().to_string(),
            format!("{waited} h"),
            managers.join(", "),
        ]);
        json.push(json!({
            "case_id": case.id,
            "account_id": case.account_id,
            "reason": o.reason.as_str(),
            "since": rfc3339(o.since),
            "due": rfc3339(o.due),
            "waited_hours": waited,
            "managers": managers,
        }));
        if !args.dry_run {
            apply(
                &mut tx,
                &escalation::escalate(&case, o, &managers, &actor, now),
            )?;
        }
    }
    if !args.dry_run {
        tx.commit()?;
    }
    for w in &warnings {
        ctx.warn(w);
    }
    let n = json.len();
    if n > 0 || ctx.format != smb::output::Format::Table {
        ctx.emit(&table, &serde_json::Value::Array(json))?;
    }
    let plural = if n == 1 { "case" } else { "cases" };
    if args.dry_run {
        ctx.say(format!(
            "Would escalate {n} {plural} (--dry-run: nothing was written)."
        ))
    } else {
        ctx.say(format!("Escalated {n} {plural}."))
    }
}
