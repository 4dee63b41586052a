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
use smb::domain::change::{NewCase, year_end_rollover};
use smb::domain::model::Settings;
use smb::domain::routing::Route;
use smb::domain::trigger::{
    Detail, Fire, InboundEvent, Outcome, Rule, Snapshot, Trigger, Verdict, catalog, evaluate,
    evaluate_orphan_event, find,
};
use smb::output::{Table, case_json};
use smb::store::{AccountSnapshot, Evaluate, Snapshots, Tx};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

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
    /// The cases created, for `--format csv` (one table of them).
    created: Vec<Case>,
    /// `--format json`/`jsonl`: the created cases' objects, written out as they are made
    /// (memory stays flat however many cases a run creates).
    spool: Option<Spool>,
    created_count: u64,
    /// (event id, why it made no case)
    skipped_events: Vec<(String, String)>,
    /// Events of a type no trigger of the model reads.
    unread_events: u64,
    /// Last year's High Value cases closed: (case id, account).
    rolled_over: Vec<(i64, String)>,
    /// Who is away and who covers (SPEC §11.5).
    desk: super::cover::Desk,
    /// The verdicts the readers counted themselves (added to `tally` at the end).
    counted: Arc<Counted>,
    /// [`Run::create`]'s buffers, reused batch after batch.
    keys: Vec<(&'static Trigger, Option<i64>)>,
    batch: Vec<NewCase>,
}

impl Run<'_> {
    /// Counts a verdict; returns the case to create, if any.
    fn count(&mut self, v: Verdict) -> Option<(&'static Trigger, Box<Fire>)> {
        count(&mut self.tally, &mut self.skipped_events, v)
    }

    /// The case a fire asks for, drafted and routed; with the old case it replaces, if any.
    fn new_case(&self, t: &'static Trigger, f: Box<Fire>) -> (NewCase, Option<i64>) {
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
                c.queue = f.account_queue;
                Some(why)
            }
            Route::Queue(q) => {
                c.queue = Some(q);
                c.queued_at = Some(self.now);
                None
            }
        };
        let new = NewCase {
            draft: c,
            actor,
            note,
            rollover: None,
        };
        (new, f.closes)
    }

    /// Creates the cases a batch of fires asks for, unless a case has their key (a dry run
    /// only counts them).
    fn create(
        &mut self,
        tx: &mut Tx<'_>,
        fires: &mut Vec<(&'static Trigger, Box<Fire>)>,
    ) -> Result<()> {
        // The batch's buffers are the run's, reused (a run makes a thousand batches of
        // hundreds of cases: large allocations made and freed each time cost more than the
        // cases' own).
        let mut keys = std::mem::take(&mut self.keys);
        let mut batch = std::mem::take(&mut self.batch);
        keys.clear();
        batch.clear();
        for (t, mut f) in fires.drain(..) {
            // SPEC §11.5: a case routed to someone away goes to their cover.
            self.desk.reroute(
                tx,
                &mut f.route,
                self.now,
                f.contact_id.as_deref(),
                f.account_id.as_deref(),
            )?;
            let (mut new, closes) = self.new_case(t, f);
            if self.dry_run {
                let key = new.draft.dedup_key.as_deref().unwrap_or_default();
                if tx.case_id_by_dedup_key(key)?.is_some() {
                    self.tally.entry(t.key).or_default().already += 1;
                } else {
                    self.made(t, new.draft, closes);
                }
                continue;
            }
            if let Some(old) = closes
                && let Some(old) = tx.case(old)?
            {
                new.rollover = year_end_rollover(&old, self.settings, self.now);
            }
            keys.push((t, closes));
            batch.push(new);
        }
        if !batch.is_empty() {
            let made = tx.create_cases(&batch)?;
            for ((t, closes), c) in keys.drain(..).zip(made) {
                match c {
                    Some(c) => self.made(t, c, closes),
                    None => self.tally.entry(t.key).or_default().already += 1,
                }
            }
            batch.clear();
        }
        (self.keys, self.batch) = (keys, batch);
        Ok(())
    }

    /// Counts a case made (or, in a dry run, that would be).
    fn made(&mut self, t: &'static Trigger, c: Case, closes: Option<i64>) {
        self.tally.entry(t.key).or_default().created += 1;
        self.created_count += 1;
        if closes.is_some() {
            self.rolled_over.push((
                closes.unwrap_or_default(),
                c.account_id.clone().unwrap_or_default(),
            ));
        }
        if let Some(spool) = &mut self.spool {
            spool.push(&c, (!self.dry_run).then_some(c.id));
        } else if self.json {
            self.created.push(c);
        }
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

/// Counts a verdict into `tally` (an event's gate or skip into `skipped_events`); returns the
/// case to create, if any.
fn count(
    tally: &mut HashMap<&'static str, Tally>,
    skipped_events: &mut Vec<(String, String)>,
    v: Verdict,
) -> Option<(&'static Trigger, Box<Fire>)> {
    let t = v.trigger;
    let tally = tally.entry(t.key).or_default();
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
                skipped_events.push((id, reason));
            }
            None
        }
        Outcome::Skipped(reason) => {
            tally.skipped += 1;
            if let Some(id) = v.event_id {
                skipped_events.push((id, reason));
            }
            None
        }
        Outcome::Fires(f) => {
            tally.fired += 1;
            Some((t, f))
        }
    }
}

fn run_triggers(ctx: &mut Ctx, dry_run: bool) -> Result<()> {
    let mut store = ctx.open()?;
    let mut tx = if dry_run {
        store.read()?
    } else {
        store.write()?
    };
    if !dry_run {
        // Refused at once while another run holds the database (PostgreSQL; SQLite's write
        // lock already excludes it).
        tx.begin_trigger_run()?;
    }
    let settings = tx.settings()?;
    let json_out = ctx.format != smb::output::Format::Table;
    if !tx.has_accounts()? {
        ctx.say("No accounts in the database: nothing to evaluate. Import accounts first (smb import accounts FILE).")?;
        if ctx.format == smb::output::Format::Csv {
            return ctx.emit(&Table::default(), &json!([]));
        }
        if json_out {
            return ctx.emit(&Table::default(), &json!({"created": [], "skipped": 0}));
        }
        return Ok(());
    }
    let mut run = Run {
        settings: &settings,
        now: ctx.now,
        dry_run,
        json: json_out,
        tally: HashMap::new(),
        created: Vec::new(),
        spool: match ctx.format {
            smb::output::Format::Json => Some(Spool::new(false)?),
            smb::output::Format::Jsonl => Some(Spool::new(true)?),
            _ => None,
        },
        created_count: 0,
        skipped_events: Vec::new(),
        unread_events: 0,
        rolled_over: Vec::new(),
        desk: super::cover::Desk::read(&mut tx, ctx.now)?,
        counted: Counted::new(settings.model),
        keys: Vec::new(),
        batch: Vec::new(),
    };
    // The engine reads every account (and the events of none) as the data stood before the
    // run and evaluates them on its own readers; this connection writes the cases batch by
    // batch, each case created unless a case has its key, so nothing is created twice.
    let eval = evaluator(&settings, ctx.now, run.counted.clone());
    let snaps = tx.account_snapshots(&settings, eval)?;
    run.create_all(&mut tx, snaps)?;
    if !dry_run {
        tx.commit()?;
    } else {
        drop(tx);
    }
    run.skipped_events.sort();
    report_run(ctx, &mut run)
}

/// The created cases' JSON objects in a temporary file, each as it will appear in the output:
/// pretty and indented to its place in the `created` list (`--format json`), or compact
/// (`jsonl`), separated by commas.
struct Spool {
    file: std::io::BufWriter<std::fs::File>,
    compact: bool,
    count: u64,
    /// One case's text, its buffer reused.
    item: Vec<u8>,
}

impl Spool {
    fn new(compact: bool) -> Result<Spool> {
        let file = tempfile::tempfile()
            .map_err(|e| smb::Error::io("cannot create a temporary file for the output", e))?;
        Ok(Spool {
            file: std::io::BufWriter::with_capacity(1 << 16, file),
            compact,
            count: 0,
            item: Vec::new(),
        })
    }

    /// Appends a created case (`id: None`: a dry run's, shown as null), written as its
    /// `case_json` value serialises, without building the value.
    fn push(&mut self, c: &Case, id: Option<i64>) {
        self.item.clear();
        if self.count > 0 {
            self.item
                .extend_from_slice(if self.compact { b"," } else { b",\n" });
        }
        if !self.compact {
            // Inside the top-level object (2 spaces) and the list (2 more).
            self.item.extend_from_slice(b"    ");
        }
        smb::output::write_case_json(&mut self.item, c, id, !self.compact, "    ");
        self.count += 1;
        // A write error here shows again when the spool is read back (`finish`).
        let _ = std::io::Write::write_all(&mut self.file, &self.item);
    }

    /// Writes `rest` (the report with an empty `created` list, serialised as the spool is)
    /// to `out` with the spooled cases in the list.
    fn finish(&mut self, rest: &Value, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        use std::io::{Seek, Write};
        let whole = if self.compact {
            serde_json::to_string(rest)
        } else {
            serde_json::to_string_pretty(rest)
        }
        .map_err(std::io::Error::other)?;
        let (empty, open, close) = if self.compact {
            ("{\"created\":[]", "{\"created\":[", "]")
        } else {
            ("{\n  \"created\": []", "{\n  \"created\": [\n", "\n  ]")
        };
        let tail = whole
            .strip_prefix(empty)
            .ok_or_else(|| std::io::Error::other("the report does not start with its cases"))?;
        if self.count == 0 {
            out.write_all(whole.as_bytes())?;
        } else {
            self.file.flush()?;
            let file = self.file.get_mut();
            file.seek(std::io::SeekFrom::Start(0))?;
            out.write_all(open.as_bytes())?;
            std::io::copy(file, out)?;
            out.write_all(close.as_bytes())?;
            out.write_all(tail.as_bytes())?;
        }
        writeln!(out)
    }
}

/// The evaluation of a run at `now`, handed to the engine's readers: the verdicts that only
/// count are counted there, into `counted`; the rest come back in order.
fn evaluator(settings: &Settings, now: DateTime<Utc>, counted: Arc<Counted>) -> Evaluate<Msg> {
    let settings = settings.clone();
    Arc::new(move |snap| {
        let mut out = evaluate_snapshot(&settings, snap, now);
        out.retain(|m| !counted.took(m));
        out
    })
}

/// The verdicts that change nothing and name no event (already had a case, gated), counted by
/// the readers as they evaluate, per trigger of the catalog. A tally does not depend on the
/// order it is counted in, so only the verdicts whose order matters (the cases to create, the
/// events) travel to the writer, and a part of the book evaluated ahead of the writer holds
/// nothing while it waits for the parts before it: a run with nothing new sends nothing.
struct Counted {
    model: smb::domain::model::Model,
    already: Vec<AtomicU64>,
    gated: Vec<AtomicU64>,
}

impl Counted {
    fn new(model: smb::domain::model::Model) -> Arc<Counted> {
        let zeros = || catalog(model).iter().map(|_| AtomicU64::new(0)).collect();
        Arc::new(Counted {
            model,
            already: zeros(),
            gated: zeros(),
        })
    }

    /// Counts `m` if it only counts (as [`Run::count`] would); false if it goes to the writer.
    fn took(&self, m: &Msg) -> bool {
        let Msg::Verdict(v) = m else {
            return false;
        };
        let counter = match (&v.outcome, &v.event_id) {
            (Outcome::AlreadyHad { .. }, _) => &self.already,
            (Outcome::Gated(_), None) => &self.gated,
            _ => return false,
        };
        let Some(i) = catalog(self.model)
            .iter()
            .position(|t| std::ptr::eq(t, v.trigger))
        else {
            return false;
        };
        counter[i].fetch_add(1, Ordering::Relaxed);
        true
    }

    /// Adds the counts to `tally` (once every reader has finished).
    fn add_to(&self, tally: &mut HashMap<&'static str, Tally>) {
        for (i, t) in catalog(self.model).iter().enumerate() {
            let already = self.already[i].swap(0, Ordering::Relaxed);
            let gated = self.gated[i].swap(0, Ordering::Relaxed);
            if already + gated > 0 {
                let n = tally.entry(t.key).or_default();
                n.fired += already + gated;
                n.already += already;
                n.gated += gated;
            }
        }
    }
}

/// The cases a `trigger run` at `now` would create on `tx` as it stands, its uncommitted writes
/// included (`smb import --plan`, SPEC §12): this run's own code creates them in the caller's
/// transaction, which the caller rolls back.
pub(super) fn planned_run(
    tx: &mut Tx<'_>,
    settings: &Settings,
    now: DateTime<Utc>,
) -> Result<Vec<Case>> {
    tx.begin_trigger_run()?;
    if !tx.has_accounts()? {
        return Ok(Vec::new());
    }
    let mut run = Run {
        settings,
        now,
        dry_run: false,
        json: true,
        tally: HashMap::new(),
        created: Vec::new(),
        spool: None,
        created_count: 0,
        skipped_events: Vec::new(),
        unread_events: 0,
        rolled_over: Vec::new(),
        desk: super::cover::Desk::read(tx, now)?,
        counted: Counted::new(settings.model),
        keys: Vec::new(),
        batch: Vec::new(),
    };
    let eval = evaluator(settings, now, run.counted.clone());
    let snaps = tx.account_snapshots_uncommitted(settings, eval)?;
    run.create_all(tx, snaps)?;
    Ok(run.created)
}

impl Run<'_> {
    /// Counts the verdicts of every batch and creates the cases they ask for.
    fn create_all(&mut self, tx: &mut Tx<'_>, mut snaps: Snapshots<Msg>) -> Result<()> {
        let run = self;
        let mut fires = Vec::new();
        while let Some(batch) = snaps.next_batch()? {
            for msg in batch {
                match msg {
                    Msg::Verdict(v) => {
                        if let Some(fire) = run.count(v) {
                            fires.push(fire);
                        }
                    }
                    Msg::Unread(id, why) => {
                        run.unread_events += 1;
                        run.skipped_events.push((id, why));
                    }
                }
            }
            run.create(tx, &mut fires)?;
        }
        // Every reader has finished (joined): their counts are final.
        run.counted.add_to(&mut run.tally);
        Ok(())
    }
}

/// What the evaluation of a snapshot hands the writing side.
enum Msg {
    /// A verdict whose conditions are met.
    Verdict(Verdict),
    /// An inbound event of a type no trigger of the model reads: (event id, why).
    Unread(String, String),
}

/// Evaluates one snapshot (on the engine's reader threads): an account with the events a
/// trigger of the model reads, or an event of no account. Events of other types are reported.
fn evaluate_snapshot(
    settings: &Settings,
    snap: AccountSnapshot<'_>,
    now: DateTime<Utc>,
) -> Vec<Msg> {
    let unread = |e: &InboundEvent| {
        find(settings.model, &e.event.kind).is_none_or(|t| t.rule != Rule::Event)
    };
    let why = |e: &InboundEvent| {
        Msg::Unread(
            e.event.id.clone(),
            format!(
                "no {} trigger reads {} events",
                settings.model, e.event.kind
            ),
        )
    };
    match snap {
        AccountSnapshot::Account(s) => {
            let mut out: Vec<Msg> = s.events.iter().filter(|e| unread(e)).map(why).collect();
            let verdicts = if out.is_empty() {
                evaluate(settings, &s, now, Detail::Met).verdicts
            } else {
                let read: Vec<InboundEvent> =
                    s.events.iter().filter(|e| !unread(e)).cloned().collect();
                let s = Snapshot { events: &read, ..s };
                evaluate(settings, &s, now, Detail::Met).verdicts
            };
            out.extend(verdicts.into_iter().map(Msg::Verdict));
            out
        }
        AccountSnapshot::Orphan { event, had } => {
            if unread(event) {
                return vec![why(event)];
            }
            evaluate_orphan_event(settings, event, had, now)
                .into_iter()
                .map(Msg::Verdict)
                .collect()
        }
    }
}

fn report_run(ctx: &mut Ctx, run: &mut Run<'_>) -> Result<()> {
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
        let report = json!({
            "created": created,
            "skipped": skipped,
            "dry_run": run.dry_run,
            "triggers": triggers,
            "skipped_events": events,
        });
        return match &mut run.spool {
            Some(spool) => spool
                .finish(&report, &mut ctx.out)
                .map_err(|e| smb::Error::io(super::OUTPUT_ERROR, e)),
            None => ctx.emit(&Table::default(), &report),
        };
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
    // SPEC §11.5: a case the run would route to someone away goes to their cover; say so.
    let desk = super::cover::Desk::read(&mut tx, ctx.now)?;
    for v in &mut eval.verdicts {
        if let Outcome::Fires(f) = &mut v.outcome {
            desk.reroute(
                &mut tx,
                &mut f.route,
                ctx.now,
                f.contact_id.as_deref(),
                f.account_id.as_deref(),
            )?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use smb::domain::model::Model;
    use std::collections::BTreeMap;

    /// A verdict of the `i`th trigger of `model`'s catalog: outcome `kind` (0 fires, 1 already
    /// had a case, 2 gated, 3 skipped, 4 not met), about event `event` if any.
    fn verdict(model: Model, i: usize, kind: u8, event: Option<u8>) -> Verdict {
        let t = &catalog(model)[i % catalog(model).len()];
        let key = format!("{}:A{i}", t.key);
        let outcome = match kind {
            0 => Outcome::Fires(Box::new(Fire {
                dedup_key: key,
                subject: t.subject.to_string(),
                description: String::new(),
                account_id: Some(format!("A{i}")),
                opportunity_id: None,
                contact_id: None,
                event_id: event.map(|e| format!("E{e}")),
                web_email: None,
                route: Route::Queue("q".into()),
                account_queue: None,
                closes: None,
            })),
            1 => Outcome::AlreadyHad {
                dedup_key: key,
                case_id: i as i64,
            },
            2 => Outcome::Gated(format!("gate {i}")),
            3 => Outcome::Skipped(format!("skip {i}")),
            _ => Outcome::NotMet,
        };
        Verdict {
            trigger: t,
            why: String::new(),
            outcome,
            event_id: event.map(|e| format!("E{e}")),
        }
    }

    type Counts = BTreeMap<&'static str, (u64, u64, u64, u64, u64)>;

    fn counts(tally: &HashMap<&'static str, Tally>) -> Counts {
        tally
            .iter()
            .map(|(k, t)| (*k, (t.fired, t.created, t.already, t.gated, t.skipped)))
            .filter(|(_, n)| *n != (0, 0, 0, 0, 0))
            .collect()
    }

    proptest! {
        /// The verdicts the readers count themselves ([`Counted`]), on two readers each
        /// evaluating a part of the book at once, plus the writer's count of what they sent
        /// (part after part) give the tally, the skipped events and the cases to create (in
        /// order) that the writer's count of every verdict gives.
        #[test]
        fn verdicts_counted_on_the_readers_give_the_writers_tally(
            pooled in any::<bool>(),
            verdicts in proptest::collection::vec(
                (0usize..40, 0u8..5, proptest::option::of(0u8..6)),
                0..200,
            ),
            cut in any::<proptest::sample::Index>(),
        ) {
            let model = if pooled { Model::Pooled } else { Model::Digital };
            let make = |&(i, kind, event): &(usize, u8, Option<u8>)| verdict(model, i, kind, event);
            let (mut tally, mut events, mut fires) = (HashMap::new(), Vec::new(), Vec::new());
            for v in verdicts.iter().map(make) {
                if let Some((t, f)) = count(&mut tally, &mut events, v) {
                    fires.push((t.key, f.dedup_key));
                }
            }
            let counted = Counted::new(model);
            let (first, second) = verdicts.split_at(cut.index(verdicts.len() + 1));
            let sent: Vec<Vec<Msg>> = std::thread::scope(|s| {
                let read = |part: &[(usize, u8, Option<u8>)]| {
                    let counted = &counted;
                    let part = part.to_vec();
                    s.spawn(move || {
                        let mut out: Vec<Msg> = part.iter().map(make).map(Msg::Verdict).collect();
                        out.retain(|m| !counted.took(m));
                        out
                    })
                };
                let (a, b) = (read(first), read(second));
                vec![a.join().unwrap(), b.join().unwrap()]
            });
            let (mut tally2, mut events2, mut fires2) = (HashMap::new(), Vec::new(), Vec::new());
            for m in sent.into_iter().flatten() {
                let Msg::Verdict(v) = m else { unreachable!() };
                if let Some((t, f)) = count(&mut tally2, &mut events2, v) {
                    fires2.push((t.key, f.dedup_key));
                }
            }
            counted.add_to(&mut tally2);
            prop_assert_eq!(counts(&tally), counts(&tally2));
            events.sort();
            events2.sort();
            prop_assert_eq!(events, events2);
            prop_assert_eq!(fires, fires2);
        }
    }
}
