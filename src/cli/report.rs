//! `smb report sla|aging|capacity|volume|hygiene|created-by`: the questions the playbooks'
//! dashboards answered (SPEC §6.2). The store aggregates (src/store/reports.rs), the domain
//! classifies (src/domain/report.rs); this file only renders.

use smb::store::Ops;
use std::collections::BTreeMap;

use clap::Subcommand;
use hashbrown::HashMap;
use serde_json::{Value, json};

use super::Ctx;
use super::work::parse_date;
use smb::domain::case::{Case, Priority, Status};
use smb::domain::escalation;
use smb::domain::model::{Model, Region, Settings};
use smb::domain::report::{
    self as rep, AgeBucket, ClockStop, Gap, HygieneFacts, NO_OWNER, SlaGroupBy, SlaRow, SlaTally,
    Window,
};
use smb::domain::sla;
use smb::output::{Format, Table, case_json, rfc3339};
use smb::store::{Role, Store, Tx};
use smb::{Error, Result};

/// The managers' reports: SLA, aging, capacity, volume, hygiene, cases created by people,
/// escalations, pick discipline
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb report sla\n  smb report sla --by owner --since 2026-02-01 --until 2026-02-28\n  smb report aging\n  smb report capacity\n  smb report volume --by month --by category --since 2025-09-01\n  smb report hygiene\n  smb report created-by \"Sam Support,Kim Billing\"\n  smb --format json report sla\n\nEvery report prints as a table, --format json, jsonl or csv. Times in JSON and CSV are UTC;\n--since and --until are whole days in your time zone, both included (report volume: UTC days)."
)]
pub struct Args {
    #[command(subcommand)]
    sub: Sub,
}

/// `--since DATE --until DATE`.
#[derive(Debug, clap::Args)]
struct WindowArgs {
    /// From this day, included: YYYY-MM-DD, today, yesterday, -2w, -1m… [default: from the start]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    since: Option<String>,
    /// To this day, included: YYYY-MM-DD, today, yesterday, -1w… [default: to now]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    until: Option<String>,
}

impl WindowArgs {
    fn window(&self, today: chrono::NaiveDate, tz: chrono_tz::Tz) -> Result<Window> {
        let since = self
            .since
            .as_deref()
            .map(|s| parse_date(today, "--since", s))
            .transpose()?;
        let until = self
            .until
            .as_deref()
            .map(|s| parse_date(today, "--until", s))
            .transpose()?;
        Window::new(since, until).map(|w| w.in_zone(tz))
    }
}

#[derive(Debug, Subcommand)]
enum Sub {
    /// Pick-up SLA per group: met, breached, waiting, median and p90 hours to pick-up
    ///
    /// Over the SLA clocks that started in the window: met, breached, waiting (and waiting
    /// past the target now), median and p90 hours to pick-up.
    #[command(
        after_help = "Examples:\n  smb report sla\n  smb report sla --by region --since 2026-03-01\n  smb report sla --by owner --since 2026-02-01 --until 2026-02-28\n  smb --format json report sla --by category\n\nA clock starts when a case becomes Open awaiting a response (created, deferral ended,\nreassigned) and stops when it is picked. Targets: digital High 24 h, Medium 48 h, Low 7 days\n(calendar time); pooled 8 business hours (09:00-17:00 Mon-Fri but the region's holidays, AMER\nNew York time, EMEA London time); `smb settings` and `smb calendar` change them. Exactly on the target is met. A clock stopped without a pick (the Open case was\nreassigned, deferred or closed) counts as breached when it had already run past the target,\nelse not at all. Percentiles are nearest-rank over the clocks stopped by a pick. Breaches\nare red on a terminal.\n\nJSON: an array of {group, target_hours, total, met, breached, waiting, waiting_breached,\nmedian_hours, p90_hours}; target_hours is null when a group mixes targets."
    )]
    Sla {
        /// Group by priority, region (the account's; the queue without an account), owner or
        /// category
        #[arg(long, default_value = "priority", value_parser = ["priority", "region", "owner", "category"], ignore_case = true)]
        by: String,
        #[command(flatten)]
        window: WindowArgs,
        /// The report as it stood at this past moment, rebuilt from the clocks and the
        /// history (RFC 3339 or a date; --since/--until count from then)
        #[arg(long, value_name = "DATETIME", value_parser = super::asof::parse)]
        as_of: Option<chrono::DateTime<chrono::Utc>>,
    },
    /// Open and In Progress cases by age, and the cases past the 7-day target
    ///
    /// Buckets by days since created (0-7, 8-15, over 15), High Value Account cases apart,
    /// then the cases past the 7-day target or the 15-day limit with their owner.
    #[command(
        after_help = "Examples:\n  smb report aging\n  smb report aging --list\n  smb --format csv report aging --list > stale.csv\n\nThe table shows the buckets and then the cases past the target with their owner. JSON is\n{buckets: [...], breaches: [...]}; CSV the buckets. --list prints only the cases past the\ntarget (a JSON array, a CSV of cases). High Value Account cases stay open all year: they are\ncounted in their own column and never listed."
    )]
    Aging {
        /// Only the cases past the 7-day target / 15-day limit
        #[arg(long)]
        list: bool,
    },
    /// In Progress cases per person against their cap
    ///
    /// Per person (advocate profiles and owners of open cases): In Progress against the cap,
    /// Open cases assigned, High Value Account cases; pooled: active Upgrade opps against 15.
    #[command(
        after_help = "Examples:\n  smb report capacity\n  smb --format json report capacity\n\nAt the cap a person cannot pick (red on a terminal). The cap is the profile's capacity\n(smb advocate add --capacity; default 50); an owner without a profile gets the default."
    )]
    Capacity,
    /// Cases created per month against the expected volume
    ///
    /// The model's expectation: digital about 400 a month, pooled about 80. Optionally split
    /// by category or trigger.
    #[command(
        after_help = "Examples:\n  smb report volume\n  smb report volume --by month --by category\n  smb report volume --by trigger --since 2026-01-01 --until 2026-03-31\n\nMonths are YYYY-MM of created_at (UTC); a month without cases shows 0. A month cut short by\nthe window or still running is marked partial."
    )]
    Volume {
        /// month (always), and category or trigger to split each month
        #[arg(long, value_name = "BY", value_delimiter = ',', value_parser = ["month", "category", "trigger"], ignore_case = true)]
        by: Vec<String>,
        #[command(flatten)]
        window: WindowArgs,
    },
    /// The Required 10 gaps, one row per case and gap
    ///
    /// In Progress without next steps or their date, next steps date passed, no contact,
    /// closed case whose opportunity is still open, owner over capacity.
    #[command(
        after_help = "Examples:\n  smb report hygiene\n  smb --format csv report hygiene > required10.csv\n\nGaps: missing_next_steps, missing_next_steps_date, next_steps_overdue, no_contact\n(In Progress cases), open_opportunity (closed cases), owner_over_capacity (In Progress cases\nof an owner over their cap, or pooled over 15 active Upgrade opportunities), late_auto_renewal\n(pooled failed auto-renewal cases that came fewer than 30 days before the close date; the\nlate_auto_renewal_days setting);\nopportunities linked to a case: opportunity_close_date_passed (open, on an open case),\nopportunity_no_renewal_risk (a renewal, on an open case), opportunity_no_gitlab_admin (Closed\nWon, no GitLab admin added on the account)."
    )]
    Hygiene,
    /// The cases that people created, with owner, status and next steps
    ///
    /// The "Cases created by Department X" report: owner (or "in queue"), status and next
    /// steps of every case those people created.
    #[command(
        after_help = "Examples:\n  smb report created-by \"Sam Support\"\n  smb report created-by \"Sam Support,Kim Billing\" --since 2026-03-01\n\nNames are compared ignoring case; separate several with commas."
    )]
    CreatedBy {
        /// NAME[,NAME…]: who created the cases
        #[arg(value_name = "NAME[,NAME…]")]
        names: String,
        #[command(flatten)]
        window: WindowArgs,
    },
    /// The escalations `smb escalate` made, with how long each case had waited
    ///
    /// Each escalation in the window (by when it was made): the case, why (past its pick-up
    /// SLA, past the 15-day limit), since when it had waited and for how long, and to whom.
    #[command(
        after_help = "Examples:\n  smb report escalations\n  smb report escalations --since 2026-03-01 --until 2026-03-31\n  smb --format json report escalations\n\nWaited: from the case entering its queue (pick-up SLA) or from its pick (15-day limit) to\nthe escalation, in hours.\n\nJSON: an array of {case_id, escalated_at, reason, since, waited_hours, by, note}."
    )]
    Escalations {
        #[command(flatten)]
        window: WindowArgs,
    },
    /// One self-contained HTML page of the managers' dashboards, charts beside their numbers
    ///
    /// SLA met per week and priority (8 weeks), volume against the expected (12 months),
    /// queue depth and aging, capacity per person, escalations per week, and the forecast of
    /// each queue (14 days, 500 runs, --seed 1). No network: inline SVG and CSS, one tiny
    /// inline script.
    #[command(
        after_help = "Examples:\n  smb report dashboard --out dashboard.html\n  smb --now 2026-03-02T09:00:00Z report dashboard --out /srv/www/queue.html\n\nThe page is written to a temporary file beside FILE and renamed over it: a reader sees the\nold page or the new one. Only a regular file is replaced (not a directory, a link or a\ndevice). Each chart has a table of its numbers beside it."
    )]
    Dashboard {
        /// The HTML file to write (replaced when it exists)
        #[arg(long, value_name = "FILE.html")]
        out: std::path::PathBuf,
    },
    /// Pick discipline per person: head picks against forced picks, transfers, waits
    ///
    /// Per person, over the picks made in the window: picks of the head of their queue,
    /// forced picks (--force, with their reasons), picks of cases already theirs, transfers
    /// at pick, and the median and p90 hours the cases they picked had waited.
    #[command(
        after_help = "Examples:\n  smb report picks\n  smb report picks --since 2026-03-01 --until 2026-03-31\n  smb --format json report picks\n\nWaited: from the start of the SLA clock the pick stopped (the case entering the queue, or\nbeing routed or reassigned to the person) to the pick, in hours as report sla counts them\n(calendar hours; pooled: business hours). Percentiles are nearest-rank.\n\nJSON: an array of {person, head, forced, forced_reasons: [{case_id, reason}], own,\ntransfers, median_wait_hours, p90_wait_hours}; CSV joins the reasons with '; '."
    )]
    Picks {
        #[command(flatten)]
        window: WindowArgs,
    },
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    // Opened first: the profile's time zone decides what today is.
    let store = ctx.open()?;
    match &args.sub {
        Sub::Sla { by, window, as_of } => {
            if let Some(at) = *as_of {
                super::asof::travel(ctx, at)?;
            }
            sla_report(
                ctx,
                store,
                SlaGroupBy::parse(by)?,
                window.window(ctx.today(), ctx.tz)?,
                as_of.is_some(),
            )
        }
        Sub::Aging { list } => aging(ctx, store, *list),
        Sub::Capacity => capacity(ctx, store),
        Sub::Volume { by, window } => {
            // months are UTC months of created_at, so the window's days are UTC days too
            volume(
                ctx,
                store,
                rep::volume_split(by)?,
                window.window(ctx.today(), chrono_tz::UTC)?,
            )
        }
        Sub::Hygiene => hygiene(ctx, store),
        Sub::CreatedBy { names, window } => {
            created_by(ctx, store, names, window.window(ctx.today(), ctx.tz)?)
        }
        Sub::Escalations { window } => escalations(ctx, store, window.window(ctx.today(), ctx.tz)?),
        Sub::Dashboard { out } => {
            drop(store);
            super::dashboard::run(ctx, out)
        }
        Sub::Picks { window } => {
            super::report_picks::picks(ctx, store, window.window(ctx.today(), ctx.tz)?)
        }
    }
}

/// "from 2026-02-01 to 2026-02-28", "all time", …
pub(super) fn window_text(w: &Window) -> String {
    match (w.since, w.until) {
        (None, None) => "at any time".to_string(),
        (Some(s), None) => format!("from {s}"),
        (None, Some(u)) => format!("up to {u}"),
        (Some(s), Some(u)) => format!("from {s} to {u}"),
    }
}

/// Hours with at most two decimals, empty for none.
pub(super) fn hours(h: Option<f64>) -> String {
    h.map_or_else(String::new, |h| {
        let s = format!("{h:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    })
}

/// `as_of`: `ctx.now` is a past moment; the clocks and the cases changed since are rebuilt.
fn sla_report(
    ctx: &mut Ctx,
    mut store: Store,
    by: SlaGroupBy,
    window: Window,
    as_of: bool,
) -> Result<()> {
    let now = ctx.now;
    let mut tx = store.read()?;
    let settings = tx.settings()?;
    let rows = sla_rows(&mut tx, &settings, by, &window, now, as_of)?;
    drop(tx);
    if ctx.format == Format::Table {
        if rows.is_empty() {
            return ctx.say(format!(
                "No SLA clocks started {} (as of {}).",
                window_text(&window),
                rfc3339(now)
            ));
        }
        ctx.say(format!(
            "Pick-up SLA by {}, clocks started {} (as of {}); targets: {}.",
            by.as_str(),
            window_text(&window),
            rfc3339(now),
            targets_text(&settings)
        ))?;
    }
    let (table, json) = sla_output(by, &rows);
    ctx.emit(&table, &json)
}

/// The rows of `report sla` (also the dashboard's SLA chart).
pub(super) fn sla_rows(
    tx: &mut Tx<'_>,
    settings: &Settings,
    by: SlaGroupBy,
    window: &Window,
    now: chrono::DateTime<chrono::Utc>,
    as_of: bool,
) -> Result<Vec<SlaRow>> {
    let regions = match by {
        SlaGroupBy::Region => tx.account_regions()?,
        _ => HashMap::new(),
    };
    let mut tally = SlaTally::new();
    // One rule for every clock (SPEC §6.1): the outcome against the due instant; hours to
    // pick-up in calendar hours (digital) or business hours (pooled).
    let mut add = |name: &str, q: Option<&str>, p: Priority, stop, start, end| {
        let queue = q.unwrap_or("AMER");
        let outcome = sla::outcome(sla::due_at(settings, p, queue, start), stop, end);
        let picked = (stop == Some(ClockStop::Pick))
            .then(|| sla::elapsed_hours(settings, queue, start, end));
        tally.add_outcome(
            name,
            sla::target_hours_at(settings, p, start),
            outcome,
            picked,
        );
    };
    match settings.model {
        // Calendar hours: one SQL pass over the clocks.
        Model::Digital if !as_of => {
            tx.for_each_sla_clock(by, window, now, |g, q, p, stop, start, end| {
                add(group_label(by, g, q, p, &regions), q, p, stop, start, end);
            })?;
        }
        // Business hours in the queue's zone (about 80 clocks a month); and any clock as it
        // stood at a past moment: one stopped since was running, a case changed since had
        // its owner, account and queue of then.
        _ => {
            let changed = if as_of {
                super::asof::rebuilt(tx, now)?
            } else {
                Default::default()
            };
            for mut c in tx.sla_clock_rows(by, window, now)? {
                if c.stopped_at.is_some_and(|s| s > now) {
                    c.stopped_at = None;
                    c.stopped_by = None;
                }
                if let Some(Some(then)) = changed.get(&c.case_id) {
                    match by {
                        SlaGroupBy::Owner => c.group = then.owner.clone().unwrap_or_default(),
                        SlaGroupBy::Region => c.group = then.account_id.clone().unwrap_or_default(),
                        _ => {}
                    }
                    c.queue = then.queue.clone();
                }
                let name = group_label(by, &c.group, c.queue.as_deref(), c.priority, &regions);
                let end = c.stopped_at.unwrap_or(now);
                add(
                    name,
                    c.queue.as_deref(),
                    c.priority,
                    c.stopped_by,
                    c.started_at,
                    end,
                );
            }
        }
    }
    Ok(tally.rows(by))
}

/// The group a clock counts in (SPEC §6.2): the priority; the account's region, else the
/// queue; the owner, else `(queue)`; the category. Borrowed: a million clocks, no allocation.
fn group_label<'a>(
    by: SlaGroupBy,
    group: &'a str,
    queue: Option<&'a str>,
    priority: Priority,
    regions: &HashMap<String, Region>,
) -> &'a str {
    match by {
        SlaGroupBy::Priority => priority.as_str(),
        SlaGroupBy::Region => rep::region_group(regions.get(group).copied(), queue),
        SlaGroupBy::Owner if group.is_empty() => NO_OWNER,
        _ => group,
    }
}

fn targets_text(s: &Settings) -> String {
    match s.model {
        Model::Digital => format!(
            "High {} h, Medium {} h, Low {} h (calendar)",
            sla::target_hours(s, Priority::High),
            sla::target_hours(s, Priority::Medium),
            sla::target_hours(s, Priority::Low)
        ),
        Model::Pooled => format!(
            "{} business hours (Mon-Fri but holidays; AMER {} {}, EMEA {} {})",
            sla::target_hours(s, Priority::High),
            s.amer_business_hours,
            s.amer_time_zone,
            s.emea_business_hours,
            s.emea_time_zone
        ),
    }
}

fn sla_output(by: SlaGroupBy, rows: &[SlaRow]) -> (Table, Value) {
    let mut t = Table::new(&[
        by.as_str(),
        "target_hours",
        "total",
        "met",
        "breached",
        "waiting",
        "waiting_breached",
        "median_hours",
        "p90_hours",
    ]);
    let mut json = Vec::new();
    for r in rows {
        let c = &r.counts;
        t.push(vec![
            r.group.clone(),
            r.target_hours.map_or_else(String::new, |h| h.to_string()),
            c.total().to_string(),
            c.met.to_string(),
            c.breached.to_string(),
            c.waiting.to_string(),
            c.waiting_breached.to_string(),
            hours(r.median_hours),
            hours(r.p90_hours),
        ]);
        if c.breached > 0 {
            t.mark(4);
        }
        if c.waiting_breached > 0 {
            t.mark(6);
        }
        json.push(json!({
            "group": r.group,
            "target_hours": r.target_hours,
            "total": c.total(),
            "met": c.met,
            "breached": c.breached,
            "waiting": c.waiting,
            "waiting_breached": c.waiting_breached,
            "median_hours": r.median_hours,
            "p90_hours": r.p90_hours,
        }));
    }
    (t, Value::Array(json))
}

fn aging(ctx: &mut Ctx, mut store: Store, list: bool) -> Result<()> {
    let today = ctx.now.date_naive();
    let mut tx = store.read()?;
    let settings = tx.settings()?;
    let (target_days, limit_days) = (
        settings.resolve_target_days(),
        settings.resolve_limit_days(),
    );
    let (target_cut, limit_cut) = rep::age_cutoffs(today, target_days, limit_days);
    // [bucket] → (open, in progress, high value)
    let counts = if list {
        [(0u64, 0u64, 0u64); 3]
    } else {
        aging_buckets(&mut tx, (target_cut, limit_cut), ctx.now)?
    };
    let breaches = tx.cases_aged_before(target_cut)?;
    drop(tx);

    let mut bt = Table::new(&[
        "id", "account", "subject", "status", "owner", "created", "age_days", "breach",
    ]);
    let mut bj = Vec::new();
    for c in &breaches {
        let age = rep::age_days(rep::aged_from(c.created_at, c.queued_at), today);
        let bucket = rep::age_bucket(age, target_days, limit_days);
        let key = bucket.breach_key().unwrap_or("past_target");
        bt.push(vec![
            c.id.to_string(),
            c.account_id.clone().unwrap_or_default(),
            c.subject.clone(),
            c.status.to_string(),
            c.owner.clone().unwrap_or_else(|| NO_OWNER.to_string()),
            c.created_at.date_naive().to_string(),
            age.to_string(),
            key.to_string(),
        ]);
        if bucket == AgeBucket::PastLimit {
            bt.mark(7);
        }
        bj.push(json!({
            "id": c.id,
            "account_id": c.account_id,
            "subject": c.subject,
            "priority": c.priority.as_str(),
            "status": c.status.as_str(),
            "owner": c.owner,
            "queue": c.queue,
            "created_at": rfc3339(c.created_at),
            "age_days": age,
            "breach": key,
        }));
    }
    if list {
        if ctx.format == Format::Table && breaches.is_empty() {
            return ctx.say(format!(
                "No open case is past the {target_days}-day target on {today}."
            ));
        }
        return ctx.emit(&bt, &Value::Array(bj));
    }

    let mut st = Table::new(&["age_days", "open", "in_progress", "total", "high_value"]);
    let mut sj = Vec::new();
    let mut sum = (0, 0, 0);
    for (b, (open, prog, hv)) in AgeBucket::ALL.into_iter().zip(counts) {
        let label = b.label(target_days, limit_days);
        st.push(vec![
            label.clone(),
            open.to_string(),
            prog.to_string(),
            (open + prog).to_string(),
            hv.to_string(),
        ]);
        if b != AgeBucket::UpToTarget && open + prog > 0 {
            st.mark(3);
        }
        sum = (sum.0 + open, sum.1 + prog, sum.2 + hv);
        sj.push(json!({
            "bucket": label,
            "open": open,
            "in_progress": prog,
            "total": open + prog,
            "high_value": hv,
        }));
    }
    st.push(vec![
        "all".to_string(),
        sum.0.to_string(),
        sum.1.to_string(),
        (sum.0 + sum.1).to_string(),
        sum.2.to_string(),
    ]);
    let json = json!({
        "as_of": today.to_string(),
        "target_days": target_days,
        "limit_days": limit_days,
        "buckets": sj,
        "breaches": bj,
    });
    match ctx.format {
        Format::Table => {
            ctx.say(format!(
                "Open and In Progress cases by age since created, on {today} (High Value Account cases apart):"
            ))?;
            ctx.emit(&st, &json)?;
            if breaches.is_empty() {
                ctx.say(format!("No case is past the {target_days}-day target."))
            } else {
                ctx.say(format!(
                    "{} case(s) past the {target_days}-day target ({} past the {limit_days}-day limit):",
                    breaches.len(),
                    counts[2].0 + counts[2].1
                ))?;
                ctx.emit(&bt, &json)
            }
        }
        // CSV is one table: the buckets (the breaches are in JSON and the table)
        Format::Csv => ctx.emit(&st, &json["buckets"]),
        _ => ctx.emit(&st, &json),
    }
}

/// Open and In Progress cases per age bucket: (open, in progress, High Value Account) each.
pub(super) fn aging_buckets(
    tx: &mut Tx<'_>,
    (target_cut, limit_cut): (chrono::NaiveDate, chrono::NaiveDate),
    now: chrono::DateTime<chrono::Utc>,
) -> Result<[(u64, u64, u64); 3]> {
    let mut counts = [(0u64, 0u64, 0u64); 3];
    for (status, hv, bucket, n) in tx.aging_counts(target_cut, limit_cut, now)? {
        let slot = &mut counts[bucket as usize];
        match (hv, status) {
            (true, _) => slot.2 += n,
            (false, Status::InProgress) => slot.1 += n,
            (false, _) => slot.0 += n,
        }
    }
    Ok(counts)
}

/// One person of the capacity report.
pub(super) struct Person {
    pub(super) name: String,
    role: Option<Role>,
    pub(super) capacity: u64,
    pub(super) in_progress: u64,
    pub(super) open_assigned: u64,
    pub(super) high_value: u64,
    /// pooled: active Upgrade opportunities owned.
    upgrade_opps: Option<u64>,
}

impl Person {
    fn over_capacity(&self, settings: &Settings) -> bool {
        rep::over_capacity(
            self.in_progress,
            self.capacity,
            self.upgrade_opps
                .map(|n| (n, u64::from(settings.max_upgrade_opps()))),
        )
    }
}

/// Advocate profiles (not managers, unless they own open cases) and owners of open cases,
/// matched ignoring case, by name.
pub(super) fn people(tx: &mut Tx<'_>, settings: &Settings) -> Result<Vec<Person>> {
    let mut by_name: BTreeMap<String, Person> = BTreeMap::new();
    let default_cap = u64::from(settings.default_capacity());
    let profiles: BTreeMap<String, _> = tx
        .advocates()?
        .into_iter()
        .map(|a| (a.name.to_lowercase(), a))
        .collect();
    for (key, a) in &profiles {
        if a.role != Role::Advocate {
            continue;
        }
        by_name.insert(
            key.clone(),
            Person {
                name: a.name.clone(),
                role: Some(a.role),
                capacity: u64::from(a.capacity),
                in_progress: 0,
                open_assigned: 0,
                high_value: 0,
                upgrade_opps: None,
            },
        );
    }
    for (owner, prog, open, hv) in tx.owner_loads()? {
        let p = by_name.entry(owner.to_lowercase()).or_insert_with(|| {
            let profile = profiles.get(&owner.to_lowercase());
            Person {
                name: profile.map_or_else(|| owner.clone(), |a| a.name.clone()),
                role: profile.map(|a| a.role),
                capacity: profile.map_or(default_cap, |a| u64::from(a.capacity)),
                in_progress: 0,
                open_assigned: 0,
                high_value: 0,
                upgrade_opps: None,
            }
        });
        p.in_progress += prog;
        p.open_assigned += open;
        p.high_value += hv;
    }
    if settings.model == Model::Pooled {
        let mut upgrades: BTreeMap<String, u64> = BTreeMap::new();
        for o in tx.owned_opportunities()? {
            if o.is_open() && o.is_upgrade() {
                let owner = o.owner.as_deref().unwrap_or_default().to_lowercase();
                *upgrades.entry(owner).or_default() += 1;
            }
        }
        for (key, p) in by_name.iter_mut() {
            p.upgrade_opps = Some(upgrades.get(key).copied().unwrap_or(0));
        }
    }
    // keyed by the lower-case name: in name order already
    Ok(by_name.into_values().collect())
}

fn capacity(ctx: &mut Ctx, mut store: Store) -> Result<()> {
    let mut tx = store.read()?;
    let settings = tx.settings()?;
    let all = people(&mut tx, &settings)?;
    drop(tx);
    let pooled = settings.model == Model::Pooled;
    let max_upgrades = u64::from(settings.max_upgrade_opps());
    let mut headers = vec![
        "name",
        "in_progress",
        "capacity",
        "open_assigned",
        "high_value",
    ];
    if pooled {
        headers.extend(["upgrade_opps", "upgrade_cap"]);
    }
    let mut t = Table::new(&headers);
    let mut json = Vec::new();
    for p in &all {
        let mut row = vec![
            p.name.clone(),
            p.in_progress.to_string(),
            p.capacity.to_string(),
            p.open_assigned.to_string(),
            p.high_value.to_string(),
        ];
        if pooled {
            row.push(p.upgrade_opps.unwrap_or(0).to_string());
            row.push(max_upgrades.to_string());
        }
        t.push(row);
        if p.in_progress >= p.capacity {
            t.mark(1);
        }
        if p.upgrade_opps.is_some_and(|n| n >= max_upgrades) {
            t.mark(5);
        }
        json.push(json!({
            "name": p.name,
            "role": p.role.map(|r| r.as_str()),
            "in_progress": p.in_progress,
            "capacity": p.capacity,
            "at_capacity": p.in_progress >= p.capacity,
            "open_assigned": p.open_assigned,
            "high_value": p.high_value,
            "upgrade_opps": p.upgrade_opps,
            "upgrade_cap": if pooled { Some(max_upgrades) } else { None },
        }));
    }
    if ctx.format == Format::Table && all.is_empty() {
        return ctx.say("No advocates and no owned open cases yet (smb advocate add).");
    }
    ctx.emit(&t, &Value::Array(json))
}

fn volume(
    ctx: &mut Ctx,
    mut store: Store,
    split: Option<rep::VolumeSplit>,
    window: Window,
) -> Result<()> {
    let now = ctx.now;
    let mut tx = store.read()?;
    let settings = tx.settings()?;
    let data = tx.volume(split, &window)?;
    drop(tx);
    let expected = u64::from(settings.expected_monthly_volume());
    // month → (total, split counts)
    let mut months: BTreeMap<String, (u64, Vec<(String, u64)>)> = BTreeMap::new();
    for (m, k, n) in data {
        let e = months.entry(m).or_default();
        e.0 += n;
        if let Some(k) = k {
            e.1.push((k, n));
        }
    }
    // Fill months without cases from the window's (or the data's) first month up to the month
    // of --until, or of now (SPEC §6.2).
    let first = window
        .since
        .map(rep::month_of)
        .or_else(|| months.keys().next().cloned());
    let last = Some(rep::month_of(window.until.unwrap_or(now.date_naive())));
    if let (Some(f), Some(l)) = (first, last) {
        let span = rep::months_between(&f, &l);
        if span.len() <= 1200 {
            for m in span {
                months.entry(m).or_default();
            }
        }
    }
    let key_name = split.map(|s| s.as_str());
    let mut headers = vec!["month"];
    if let Some(k) = key_name {
        headers.push(k);
    }
    headers.extend(["cases", "expected", "difference", "partial"]);
    let mut t = Table::new(&headers);
    let mut json = Vec::new();
    for (m, (total, parts)) in &months {
        let partial = rep::partial_month(m, &window, now);
        let diff = *total as i64 - expected as i64;
        let mut row = vec![m.clone()];
        if key_name.is_some() {
            row.push("(all)".to_string());
        }
        row.extend([
            total.to_string(),
            expected.to_string(),
            format!("{diff:+}"),
            if partial { "yes" } else { "" }.to_string(),
        ]);
        t.push(row);
        let mut o = json!({
            "month": m,
            "cases": total,
            "expected": expected,
            "difference": diff,
            "partial": partial,
        });
        if let Some(k) = key_name {
            let mut map = serde_json::Map::new();
            for (key, n) in parts {
                let mut r = vec![m.clone(), key.clone(), n.to_string()];
                r.extend([String::new(), String::new(), String::new()]);
                t.push(r);
                map.insert(key.clone(), json!(n));
            }
            o[format!("by_{k}")] = Value::Object(map);
        }
        json.push(o);
    }
    if ctx.format == Format::Table {
        if months.is_empty() {
            return ctx.say(format!("No cases created {}.", window_text(&window)));
        }
        ctx.say(format!(
            "Cases created per month {} against the expected {expected} a month ({} model):",
            window_text(&window),
            settings.model
        ))?;
    }
    ctx.emit(&t, &Value::Array(json))
}

fn gap_detail(
    g: Gap,
    c: &Case,
    (stage, close): (Option<&str>, Option<chrono::NaiveDate>),
    p: Option<&Person>,
    s: &Settings,
) -> String {
    match g {
        Gap::MissingNextSteps => format!(
            "In Progress without next steps: smb case update {} --next-steps TEXT",
            c.id
        ),
        Gap::MissingNextStepsDate => format!(
            "In Progress without a next steps date: smb case update {} --next-steps-date DATE",
            c.id
        ),
        Gap::NextStepsOverdue => format!(
            "next steps date {} has passed",
            c.next_steps_date.map(|d| d.to_string()).unwrap_or_default()
        ),
        Gap::NoContact => format!(
            "no contact on the case: smb case update {} --contact ID",
            c.id
        ),
        Gap::OpenOpportunity => format!(
            "opportunity {} is still open ({}): close it too",
            c.opportunity_id.as_deref().unwrap_or("-"),
            stage.unwrap_or("-")
        ),
        Gap::OwnerOverCapacity => match p {
            Some(p) if p.in_progress > p.capacity => format!(
                "{} has {} In Progress cases (cap {})",
                p.name, p.in_progress, p.capacity
            ),
            Some(p) => format!(
                "{} owns {} active Upgrade opportunities (cap {})",
                p.name,
                p.upgrade_opps.unwrap_or(0),
                s.max_upgrade_opps()
            ),
            None => "owner over capacity".to_string(),
        },
        Gap::LateAutoRenewal => format!(
            "failed auto-renewal came {} day(s) before opportunity {}'s close date (expected {} or more): act now",
            rep::age_days(c.created_at, close.unwrap_or_default()),
            c.opportunity_id.as_deref().unwrap_or("-"),
            s.late_auto_renewal_days
        ),
    }
}

/// What an opportunity gap's row says.
fn opp_gap_detail(
    g: smb::domain::opportunity::OppGap,
    o: &smb::domain::account::Opportunity,
) -> String {
    use smb::domain::opportunity::OppGap;
    match g {
        OppGap::CloseDatePassed => format!(
            "opportunity {} ({}) close date {} has passed: update it (`smb opp update {} --close-date …`) or close it",
            o.id, o.stage, o.close_date, o.id
        ),
        OppGap::NoRenewalRisk => format!(
            "renewal opportunity {} has no renewal risk: `smb opp update {} --renewal-risk …`",
            o.id, o.id
        ),
        OppGap::NoGitlabAdmin => format!(
            "opportunity {} is Closed Won but account {} has no GitLab admin added: `smb opp update {} --admin-added yes`",
            o.id, o.account_id, o.id
        ),
    }
}

fn hygiene(ctx: &mut Ctx, mut store: Store) -> Result<()> {
    let today = ctx.now.date_naive();
    let mut tx = store.read()?;
    let settings = tx.settings()?;
    let over: BTreeMap<String, Person> = people(&mut tx, &settings)?
        .into_iter()
        .filter(|p| p.over_capacity(&settings))
        .map(|p| (p.name.to_lowercase(), p))
        .collect();
    let over_names: Vec<String> = over.values().map(|p| p.name.clone()).collect();
    let candidates = tx.hygiene_candidates(today, &over_names)?;
    let opp_links = tx.opportunity_gap_links()?;
    drop(tx);
    let mut t = Table::new(&["id", "account", "owner", "status", "gap", "detail"]);
    let mut json = Vec::new();
    for (c, stage, close_date) in &candidates {
        let owner = c.owner.as_deref().map(str::to_lowercase);
        let person = owner.as_ref().and_then(|o| over.get(o));
        let facts = HygieneFacts {
            in_progress: c.status == Status::InProgress,
            closed: c.status.is_closed(),
            has_next_steps: c
                .next_steps
                .as_deref()
                .is_some_and(|s| !s.trim().is_empty()),
            next_steps_date: c.next_steps_date,
            has_contact: c.contact_id.is_some(),
            opportunity_open: stage
                .as_deref()
                .is_some_and(|s| !smb::domain::account::stage_is_closed(s)),
            owner_over_capacity: person.is_some(),
            days_queued_before_close: match (c.trigger.as_str(), close_date) {
                // the signal came late: from its creation, not a later return to the queue
                ("failed_auto_renewal", Some(close)) if !c.status.is_closed() => {
                    Some(rep::age_days(c.created_at, *close))
                }
                _ => None,
            },
        };
        for g in rep::hygiene_gaps(&facts, today, settings.late_auto_renewal_days) {
            let detail = gap_detail(g, c, (stage.as_deref(), *close_date), person, &settings);
            t.push(vec![
                c.id.to_string(),
                c.account_id.clone().unwrap_or_default(),
                c.owner.clone().unwrap_or_else(|| NO_OWNER.to_string()),
                c.status.to_string(),
                g.key().to_string(),
                detail.clone(),
            ]);
            json.push(json!({
                "id": c.id,
                "account_id": c.account_id,
                "owner": c.owner,
                "status": c.status.as_str(),
                "gap": g.key(),
                "detail": detail,
            }));
        }
    }
    // SPEC §11.1: the opportunity gaps, after the case gaps.
    for (c, o, admin) in &opp_links {
        for g in smb::domain::opportunity::opportunity_gaps(c, o, *admin, today) {
            let detail = opp_gap_detail(g, o);
            t.push(vec![
                c.id.to_string(),
                c.account_id.clone().unwrap_or_default(),
                c.owner.clone().unwrap_or_else(|| NO_OWNER.to_string()),
                c.status.to_string(),
                g.key().to_string(),
                detail.clone(),
            ]);
            json.push(json!({
                "id": c.id,
                "account_id": c.account_id,
                "owner": c.owner,
                "status": c.status.as_str(),
                "gap": g.key(),
                "detail": detail,
            }));
        }
    }
    if ctx.format == Format::Table {
        if json.is_empty() {
            return ctx.say(format!("No Required 10 gaps on {today}."));
        }
        ctx.say(format!(
            "{} Required 10 gap(s) on {today}, one row per case and gap:",
            json.len()
        ))?;
    }
    ctx.emit(&t, &Value::Array(json))
}

fn created_by(ctx: &mut Ctx, mut store: Store, names: &str, window: Window) -> Result<()> {
    let list: Vec<String> = names
        .split(',')
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect();
    if list.is_empty() {
        return Err(Error::invalid(
            "no name given: expected NAME[,NAME…], e.g. \"Sam Support,Kim Billing\"",
        ));
    }
    let mut tx = store.read()?;
    let cases = tx.cases_created_by(&list, &window)?;
    drop(tx);
    let mut t = Table::new(&[
        "id",
        "created",
        "created_by",
        "account",
        "subject",
        "owner",
        "status",
        "next_steps",
        "next_steps_date",
    ]);
    for c in &cases {
        t.push(vec![
            c.id.to_string(),
            c.created_at.date_naive().to_string(),
            c.created_by.clone(),
            c.account_id.clone().unwrap_or_default(),
            c.subject.clone(),
            owner_text(c),
            c.status.to_string(),
            c.next_steps.clone().unwrap_or_default(),
            c.next_steps_date.map(|d| d.to_string()).unwrap_or_default(),
        ]);
    }
    if ctx.format == Format::Table {
        if cases.is_empty() {
            return ctx.say(format!(
                "No cases created by {} {}.",
                list.join(", "),
                window_text(&window)
            ));
        }
        ctx.say(format!(
            "{} case(s) created by {} {}:",
            cases.len(),
            list.join(", "),
            window_text(&window)
        ))?;
    }
    let json = Value::Array(cases.iter().map(case_json).collect());
    ctx.emit(&t, &json)
}

/// The owner, or "in queue" for a case no one has taken yet (the seed's "SMB Sales Team").
fn owner_text(c: &Case) -> String {
    c.owner.clone().unwrap_or_else(|| "in queue".to_string())
}

/// `report escalations`: every escalation in the window, with the wait it ended.
fn escalations(ctx: &mut Ctx, mut store: Store, window: Window) -> Result<()> {
    let mut tx = store.read()?;
    let rows = tx.escalations(&window)?;
    drop(tx);
    let mut t = Table::new(&["id", "escalated", "reason", "waited", "to"]);
    let mut json = Vec::new();
    for (id, h) in &rows {
        let reason = h.after.as_deref().and_then(escalation::Reason::parse);
        let since = h
            .before
            .as_deref()
            .and_then(|b| chrono::DateTime::parse_from_rfc3339(b).ok())
            .map(|b| b.with_timezone(&chrono::Utc));
        let waited = since.map(|b| escalation::hours(h.at - b));
        let to = h
            .note
            .as_deref()
            .and_then(|n| n.rsplit_once("; to "))
            .map_or("", |(_, to)| to);
        t.push(vec![
            id.to_string(),
            h.at.with_timezone(&ctx.tz)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            reason.map_or("", |r| r.describe()).to_string(),
            waited.map(|w| format!("{w} h")).unwrap_or_default(),
            to.to_string(),
        ]);
        json.push(json!({
            "case_id": id,
            "escalated_at": rfc3339(h.at),
            "reason": h.after,
            "since": since.map(rfc3339),
            "waited_hours": waited,
            "by": h.actor,
            "note": h.note,
        }));
    }
    if ctx.format == Format::Table {
        if rows.is_empty() {
            return ctx.say(format!("No escalations {}.", window_text(&window)));
        }
        ctx.say(format!(
            "{} escalation(s) {}:",
            rows.len(),
            window_text(&window)
        ))?;
    }
    ctx.emit(&t, &Value::Array(json))
}
