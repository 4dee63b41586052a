//! `smb trigger list|run|explain`: the catalog of the database's model, the nightly run that
//! turns accounts, opportunities and inbound events into cases (SPEC §3), and why an account did
//! or did not get a case.

use smb::store::Ops;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::Ctx;
use smb::Result;
use smb::domain::case::Case;
use smb::domain::model::Settings;
use smb::domain::routing::Route;
use smb::domain::trigger::{
    CaseFacts, Detail, Fire, InboundEvent, Outcome, Rule, Snapshot, Trigger, Verdict, catalog,
    evaluate, evaluate_orphan_event, event_key, find,
};
use smb::output::{Table, case_json};
use smb::store::{PackedOpportunities, Store, Tx};

/// Turn accounts, opportunities and inbound events into cases.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb trigger list\n  smb trigger run --dry-run\n  smb import accounts export.csv && smb import opportunities opps.csv && smb trigger run\n  smb --now 2026-03-02 trigger explain ACC-0041\n  smb --format json trigger run"
)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// The triggers of the database's model: key, category, priority and when each fires
    List,
    /// Evaluate every trigger as of --now and create the cases; a second run creates nothing
    #[command(
        after_help = "Examples:\n  smb trigger run\n  smb trigger run --dry-run\n  smb --now 2026-03-02 --format json trigger run\n\nOne table row per trigger: how often it fired, the cases created, the ones that already\nhad a case (same dedup key), and the ones gated (out of segment, tier, region)."
    )]
    Run {
        /// Show what would be created; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Every trigger of the catalog on one account: fires, or why not
    #[command(
        after_help = "Examples:\n  smb trigger explain ACC-0041\n  smb --format json trigger explain ACC-0041"
    )]
    Explain {
        /// The account id
        account: String,
    },
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    match &args.command {
        Sub::List => list(ctx),
        Sub::Run { dry_run } => run_triggers(ctx, *dry_run),
        Sub::Explain { account } => explain(ctx, account),
    }
}

fn list(ctx: &mut Ctx) -> Result<()> {
    let mut store = ctx.open()?;
    let settings = store.read()?.settings()?;
    let mut table = Table::new(&["key", "category", "priority", "subject", "fires when"]);
    let mut json = Vec::new();
    for t in catalog(settings.model) {
        let subject = if t.dated_subject {
            format!("{}: MM.DD.YYYY", t.subject)
        } else {
            t.subject.to_string()
        };
        let condition = t.condition(&settings);
        table.push(vec![
            t.key.to_string(),
            t.kind_label().to_string(),
            t.priority.to_string(),
            subject.clone(),
            condition.clone(),
        ]);
        json.push(json!({
            "key": t.key,
            "category": t.category.as_str(),
            "priority": t.priority.as_str(),
            "subject": subject,
            "condition": condition,
            "evaluated_by_run": t.is_evaluated(),
        }));
    }
    ctx.say(format!(
        "{} model: {} triggers",
        settings.model,
        catalog(settings.model).len()
    ))?;
    ctx.emit(&table, &Value::Array(json))
}

/// Accounts read and evaluated per batch.
const BATCH: usize = 4096;
/// SQLite page cache for a run (KiB): the new cases' index pages stay in memory until the
/// commit instead of spilling to the WAL mid-run.
const CACHE_KIB: i64 = 48 * 1024;
/// Books of at least this many accounts are evaluated in two parts side by side (in debug
/// builds small ones too, so that the tests exercise the split).
const SPLIT_ABOVE: i64 = if cfg!(debug_assertions) { 8 } else { 50_000 };
/// Batches a later part may evaluate ahead of the writer (memory: its verdicts wait).
const AHEAD_BATCHES: usize = 32;
/// SQLite page cache of a reading connection (KiB).
const READER_CACHE_KIB: i64 = 8 * 1024;
/// Skipped events listed in the table output before "… and N more".
const SHOWN_SKIPS: usize = 20;

/// Per-trigger counts of a run.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    fired: u64,
    created: u64,
    already: u64,
    gated: u64,
    /// Signals that make no case this run: a future event, a suppressed check-in.
    skipped: u64,
}

struct Run<'a> {
    settings: &'a Settings,
    now: DateTime<Utc>,
    dry_run: bool,
    json: bool,
    tally: HashMap<&'static str, Tally>,
    created: Vec<Case>,
    created_count: u64,
    /// (event id, why it made no case)
    skipped_events: Vec<(String, String)>,
    /// Events of a type no trigger of the model reads.
    unread_events: u64,
    /// Last year's High Value cases closed: (case id, account).
    rolled_over: Vec<(i64, String)>,
}

impl Run<'_> {
    /// Counts a verdict; returns the case to create, if any.
    fn count(&mut self, v: Verdict) -> Option<(&'static Trigger, Box<Fire>)> {
        let t = v.trigger;
        let tally = self.tally.entry(t.key).or_default();
        match v.outcome {
            Outcome::NotMet => None,
            Outcome::AlreadyHad { .. } => {
                tally.fired += 1;
                tally.already += 1;
                None
            }
            Outcome::Gated(reason) => {
                tally.fired += 1;
                tally.gated += 1;
                if let Some(id) = v.event_id {
                    self.skipped_events.push((id, reason));
                }
                None
            }
            Outcome::Skipped(reason) => {
                tally.skipped += 1;
                if let Some(id) = v.event_id {
                    self.skipped_events.push((id, reason));
                }
                None
            }
            Outcome::Fires(f) => {
                tally.fired += 1;
                Some((t, f))
            }
        }
    }

    /// Creates the case (unless a case has its key, or this is a dry run).
    fn create(&mut self, tx: &mut Tx<'_>, t: &'static Trigger, f: Box<Fire>) -> Result<()> {
        if tx.case_id_by_dedup_key(&f.dedup_key)?.is_some() {
            self.tally.entry(t.key).or_default().already += 1;
            return Ok(());
        }
        self.tally.entry(t.key).or_default().created += 1;
        self.created_count += 1;
        let actor = f.actor(t);
        let mut c = Case::draft(
            t.key,
            t.category,
            t.priority,
            &f.subject,
            f.origin(),
            &actor,
            self.now,
        );
        let f = *f;
        c.account_id = f.account_id;
        c.opportunity_id = f.opportunity_id;
        c.contact_id = f.contact_id;
        c.web_email = f.web_email;
        c.description = f.description;
        c.dedup_key = Some(f.dedup_key);
        let note = match f.route {
            Route::Owner { name, why } => {
                c.owner = Some(name);
                Some(why)
            }
            Route::Queue(q) => {
                c.queue = Some(q);
                c.queued_at = Some(self.now);
                None
            }
        };
        if let Some(old) = f.closes {
            self.rolled_over
                .push((old, c.account_id.clone().unwrap_or_default()));
            if !self.dry_run {
                close_last_years_case(tx, old, self.now, self.settings)?;
            }
        }
        let c = if self.dry_run {
            c
        } else {
            tx.create_case(&c, &actor, note.as_deref())?
        };
        if self.json {
            self.created.push(c);
        }
        Ok(())
    }

    fn skipped(&self) -> u64 {
        let t: u64 = self
            .tally
            .values()
            .map(|t| t.already + t.gated + t.skipped)
            .sum();
        t + self.unread_events
    }
}

/// SPEC §4.6 (decision): at a new fiscal year, last year's open High Value Account case is
/// closed (`domain::change::year_end_rollover`).
fn close_last_years_case(tx: &mut Tx<'_>, id: i64, now: DateTime<Utc>, s: &Settings) -> Result<()> {
    let Some(old) = tx.case(id)? else {
        return Ok(());
    };
    match smb::domain::change::year_end_rollover(&old, s, now) {
        Some(change) => super::work::apply(tx, &change),
        None => Ok(()),
    }
}

fn run_triggers(ctx: &mut Ctx, dry_run: bool) -> Result<()> {
    let mut store = ctx.open()?;
    let mut tx = if dry_run {
        store.read()?
    } else {
        store.write()?
    };
    let settings = tx.settings()?;
    let json_out = ctx.format != smb::output::Format::Table;
    if tx.account_id_at(0)?.is_none() {
        ctx.say("No accounts in the database: nothing to evaluate. Import accounts first (smb import accounts FILE).")?;
        if ctx.format == smb::output::Format::Csv {
            return ctx.emit(&Table::default(), &json!([]));
        }
        if json_out {
            return ctx.emit(&Table::default(), &json!({"created": [], "skipped": 0}));
        }
        return Ok(());
    }
    tx.set_cache_kib(CACHE_KIB)?;
    let mut run = Run {
        settings: &settings,
        now: ctx.now,
        dry_run,
        json: json_out,
        tally: HashMap::new(),
        created: Vec::new(),
        created_count: 0,
        skipped_events: Vec::new(),
        unread_events: 0,
        rolled_over: Vec::new(),
    };

    // Other connections read and evaluate (each a consistent snapshot of the data as it was
    // before the run: this one holds the write lock) while this one writes the cases; a large
    // book is split in two parts evaluated side by side. Dedup keys are checked again on this
    // connection before each insert, so nothing is created twice.
    let Some(db) = ctx.db.file().map(std::path::Path::to_path_buf) else {
        return Err(smb::Error::Database(
            "smb trigger run is not yet available on PostgreSQL".to_string(),
        ));
    };
    let busy = ctx.busy_timeout;
    let now = ctx.now;
    let reader_settings = settings.clone();
    let parts = split(&mut tx)?;
    let ends: Vec<String> = parts.iter().filter_map(|p| p.last.clone()).collect();
    let packs = tx.packed_opportunities(&ends)?;
    std::thread::scope(|scope| -> Result<()> {
        let mut readers = Vec::new();
        for (i, (part, opps)) in parts.into_iter().zip(packs).enumerate() {
            // The first part is consumed as it comes; the others may run ahead.
            let bound = if i == 0 { 4 } else { AHEAD_BATCHES };
            let (send, receive) = std::sync::mpsc::sync_channel::<Msg>(bound);
            let (db, settings) = (&db, &reader_settings);
            let handle = scope.spawn(move || -> Result<()> {
                let mut store = Store::Sqlite(smb::store::sqlite::Store::open_existing(db, busy)?);
                let mut rtx = store.read()?;
                rtx.set_cache_kib(READER_CACHE_KIB)?;
                let mut send = |m| send.send(m).is_ok();
                evaluate_all(&mut rtx, settings, now, &part, opps, &mut send)
            });
            readers.push((handle, receive));
        }
        for (handle, receive) in readers {
            for msg in receive {
                match msg {
                    Msg::Verdicts(verdicts) => {
                        for v in verdicts {
                            if let Some((t, f)) = run.count(v) {
                                run.create(&mut tx, t, f)?;
                            }
                        }
                    }
                    Msg::Unread(id, why) => {
                        run.unread_events += 1;
                        run.skipped_events.push((id, why));
                    }
                }
            }
            handle
                .join()
                .expect("the trigger reader threads do not panic")?;
        }
        Ok(())
    })?;
    if !dry_run {
        tx.commit()?;
    } else {
        drop(tx);
    }
    run.skipped_events.sort();
    report_run(ctx, &run)
}

/// What the reading side of a run hands the writing side.
enum Msg {
    /// The verdicts of a batch of accounts (conditions met only).
    Verdicts(Vec<Verdict>),
    /// An inbound event of a type no trigger of the model reads: (event id, why).
    Unread(String, String),
}

/// A part of the accounts, by id: `after < id <= last` (no `last`: to the end).
struct Part {
    after: String,
    last: Option<String>,
    /// The first part reports the events no trigger reads.
    first: bool,
    /// The last part evaluates the events that belong to no account.
    last_part: bool,
}

impl Part {
    fn holds(&self, id: &str) -> bool {
        id > self.after.as_str() && self.last.as_deref().is_none_or(|l| id <= l)
    }
}

/// Splits a large book into two parts evaluated side by side; a small one stays whole.
fn split(tx: &mut Tx<'_>) -> Result<Vec<Part>> {
    let whole = |last| Part {
        after: String::new(),
        last,
        first: true,
        last_part: true,
    };
    let n = tx.account_count()?;
    let middle = if n >= SPLIT_ABOVE {
        tx.account_id_at(n / 2)?
    } else {
        None
    };
    Ok(match middle {
        None => vec![whole(None)],
        Some(mid) => vec![
            Part {
                last_part: false,
                ..whole(Some(mid.clone()))
            },
            Part {
                after: mid,
                last: None,
                first: false,
                last_part: true,
            },
        ],
    })
}

/// Reads the part's accounts with their events and cases, in id order and in batches, joins
/// them with the part's opportunities (`opps`), and evaluates the triggers; then the events matched to no account. `send` returns
/// false when the receiver has gone (an error on the writing side): reading stops.
fn evaluate_all(
    tx: &mut Tx<'_>,
    settings: &Settings,
    now: DateTime<Utc>,
    part: &Part,
    mut opps: PackedOpportunities,
    send: &mut dyn FnMut(Msg) -> bool,
) -> Result<()> {
    // Inbound events by the account they belong to; the rest have no known account.
    let mut events: HashMap<String, Vec<InboundEvent>> = HashMap::new();
    let mut orphans: Vec<InboundEvent> = Vec::new();
    for (e, account) in tx.inbound_events()? {
        if find(settings.model, &e.event.kind).is_none_or(|t| t.rule != Rule::Event) {
            let why = format!(
                "no {} trigger reads {} events",
                settings.model, e.event.kind
            );
            if part.first && !send(Msg::Unread(e.event.id.clone(), why)) {
                return Ok(());
            }
            continue;
        }
        match account {
            Some(a) if part.holds(&a) => events.entry(a).or_default().push(e),
            Some(_) => {}
            None if part.last_part => orphans.push(e),
            None => {}
        }
    }

    let no_events: Vec<InboundEvent> = Vec::new();
    let mut after = part.after.clone();
    loop {
        let mut accounts = tx.accounts_after(&after, BATCH)?;
        let full = accounts.len() == BATCH;
        accounts.retain(|a| part.holds(&a.id));
        let Some(last) = accounts.last().map(|a| a.id.clone()) else {
            break;
        };
        let cases = tx.case_facts_between(&after, &last)?;
        let mut ci = 0;
        let mut verdicts = Vec::new();
        for a in &accounts {
            let o = opps.of(&a.id);
            let c = take(&cases, &mut ci, &a.id, |c: &CaseFacts| {
                c.account_id.as_deref().unwrap_or_default()
            });
            let ev = events.remove(&a.id);
            let snap = Snapshot {
                account: a,
                opportunities: &o,
                events: ev.as_deref().unwrap_or(&no_events),
                cases: c,
            };
            verdicts.extend(evaluate(settings, &snap, now, Detail::Met).verdicts);
        }
        if !send(Msg::Verdicts(verdicts)) {
            return Ok(());
        }
        if !full || accounts.len() < BATCH {
            break;
        }
        after = last;
    }
    // Events whose account is not in the database, or that matched none.
    orphans.extend(events.into_values().flatten());
    orphans.sort_by(|a, b| a.event.id.cmp(&b.event.id));
    let mut verdicts = Vec::new();
    for e in &orphans {
        let had = tx.case_id_by_dedup_key(&event_key(&e.event.id))?;
        verdicts.extend(evaluate_orphan_event(settings, e, had, now));
    }
    send(Msg::Verdicts(verdicts));
    Ok(())
}

/// The rows of `items` (sorted by account id) for `id`, advancing `*i` past them.
fn take<'a, T>(items: &'a [T], i: &mut usize, id: &str, key: impl Fn(&T) -> &str) -> &'a [T] {
    while *i < items.len() && key(&items[*i]) < id {
        *i += 1;
    }
    let start = *i;
    while *i < items.len() && key(&items[*i]) == id {
        *i += 1;
    }
    &items[start..*i]
}

fn report_run(ctx: &mut Ctx, run: &Run<'_>) -> Result<()> {
    let skipped = run.skipped();
    if ctx.format != smb::output::Format::Table {
        let created: Vec<Value> = run
            .created
            .iter()
            .map(|c| {
                let mut v = case_json(c);
                if run.dry_run {
                    v["id"] = Value::Null;
                }
                v
            })
            .collect();
        let triggers: Vec<Value> = catalog(run.settings.model)
            .iter()
            .filter(|t| t.is_evaluated())
            .map(|t| {
                let n = run.tally.get(t.key).copied().unwrap_or_default();
                json!({"trigger": t.key, "fired": n.fired, "created": n.created,
                       "already": n.already, "gated": n.gated, "skipped": n.skipped})
            })
            .collect();
        let events: Vec<Value> = run
            .skipped_events
            .iter()
            .map(|(id, why)| json!({"event_id": id, "reason": why}))
            .collect();
        if ctx.format == smb::output::Format::Csv {
            // CSV is one table: the cases created (the tally is in JSON and the table)
            return ctx.emit(&Table::default(), &Value::Array(created));
        }
        return ctx.emit(
            &Table::default(),
            &json!({
                "created": created,
                "skipped": skipped,
                "dry_run": run.dry_run,
                "triggers": triggers,
                "skipped_events": events,
            }),
        );
    }
    let mut table = Table::new(&["trigger", "fired", "created", "already had a case", "gated"]);
    let mut total = Tally::default();
    for t in catalog(run.settings.model)
        .iter()
        .filter(|t| t.is_evaluated())
    {
        let n = run.tally.get(t.key).copied().unwrap_or_default();
        total.fired += n.fired;
        total.created += n.created;
        total.already += n.already;
        total.gated += n.gated;
        table.push(vec![
            t.key.to_string(),
            n.fired.to_string(),
            n.created.to_string(),
            n.already.to_string(),
            n.gated.to_string(),
        ]);
    }
    table.push(vec![
        "total".to_string(),
        total.fired.to_string(),
        total.created.to_string(),
        total.already.to_string(),
        total.gated.to_string(),
    ]);
    if run.dry_run {
        ctx.say("Dry run: nothing was written.")?;
    }
    ctx.emit(&table, &Value::Null)?;
    for (id, account) in &run.rolled_over {
        ctx.say(format!(
            "{} last year's High Value Account case #{id} on {account} (Closed - N/A, No Action Required).",
            if run.dry_run { "Would close" } else { "Closed" }
        ))?;
    }
    if !run.skipped_events.is_empty() {
        ctx.say(format!(
            "Inbound events skipped: {}",
            run.skipped_events.len()
        ))?;
        for (id, why) in run.skipped_events.iter().take(SHOWN_SKIPS) {
            ctx.say(format!("  {id}: {why}"))?;
        }
        if run.skipped_events.len() > SHOWN_SKIPS {
            ctx.say(format!(
                "  … and {} more (--format json lists them all)",
                run.skipped_events.len() - SHOWN_SKIPS
            ))?;
        }
    }
    ctx.say(format!(
        "{} {} case{}; skipped {skipped}.",
        if run.dry_run {
            "Would create"
        } else {
            "Created"
        },
        run.created_count,
        if run.created_count == 1 { "" } else { "s" }
    ))
}

fn explain(ctx: &mut Ctx, id: &str) -> Result<()> {
    let mut store = ctx.open()?;
    let mut tx = store.read()?;
    let settings = tx.settings()?;
    let Some(account) = tx.account(id)? else {
        return Err(super::work::unknown_account(&mut tx, id));
    };
    let opps = tx.opportunities_of(id)?;
    let cases = tx.case_facts_of(id)?;
    let events: Vec<InboundEvent> = tx
        .inbound_events()?
        .into_iter()
        .filter(|(_, a)| a.as_deref() == Some(id))
        .map(|(e, _)| e)
        .collect();
    let snap = Snapshot {
        account: &account,
        opportunities: &opps,
        events: &events,
        cases: &cases,
    };
    let mut eval = evaluate(&settings, &snap, ctx.now, Detail::All);
    // A key may have produced a case that now sits on another account.
    for v in &mut eval.verdicts {
        if let Outcome::Fires(f) = &v.outcome
            && let Some(case_id) = tx.case_id_by_dedup_key(&f.dedup_key)?
        {
            v.outcome = Outcome::AlreadyHad {
                dedup_key: f.dedup_key.clone(),
                case_id,
            };
        }
    }
    drop(tx);
    let st = eval
        .standing
        .as_ref()
        .expect("explained evaluations carry the standing");
    ctx.say(format!(
        "{} {} ({}, cARR {}): {}",
        account.id,
        account.name,
        account.region,
        account.carr,
        if st.in_segment {
            st.reason.clone()
        } else {
            format!("out of segment: {}", st.reason)
        }
    ))?;
    let mut table = Table::new(&["trigger", "category", "verdict", "why"]);
    let mut json = Vec::new();
    for v in &eval.verdicts {
        let t = v.trigger;
        table.push(vec![
            t.key.to_string(),
            t.kind_label().to_string(),
            v.status().to_string(),
            v.explain(),
        ]);
        if v.status() != "no" {
            table.mark(2);
        }
        let (key, case_id, route) = match &v.outcome {
            Outcome::Fires(f) => (
                Some(f.dedup_key.clone()),
                None,
                Some(match &f.route {
                    Route::Owner { name, why } => json!({"owner": name, "why": why}),
                    Route::Queue(q) => json!({"queue": q}),
                }),
            ),
            Outcome::AlreadyHad { dedup_key, case_id } => {
                (Some(dedup_key.clone()), Some(*case_id), None)
            }
            _ => (None, None, None),
        };
        json.push(json!({
            "trigger": t.key,
            "category": t.category.as_str(),
            "verdict": v.status(),
            "reason": v.explain(),
            "dedup_key": key,
            "case_id": case_id,
            "route": route,
        }));
    }
    ctx.emit(
        &table,
        &json!({
            "account_id": account.id,
            "in_segment": st.in_segment,
            "tier": st.tier.map(|t| t.number()),
            "reason": st.reason,
            "triggers": json,
        }),
    )
}
