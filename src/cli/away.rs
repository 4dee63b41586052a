//! `smb advocate away|back` (SPEC §11.5): record an absence with its covers, plan and apply the
//! reassignment of the absent person's In Progress cases, and give them back. The rules are
//! `domain::absence`'s; routing to the cover is `cli::cover`'s.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde_json::{Value, json};
use smb::domain::absence::{self, Absence, CoverMove, Plan, PlanCase};
use smb::domain::case::Status;
use smb::domain::change;
use smb::domain::people::same_person;
use smb::output::{Table, rfc3339};
use smb::store::{Advocate, CaseFilter, Ops, Role, Tx};
use smb::{Error, Result};

use super::Ctx;
use super::cover;
use super::work::{apply, load_case};

/// Record an absence: cases routed to them go to a cover meanwhile
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb advocate away \"Dana Reyes\" --from 2026-03-09 --until 2026-03-13 --cover \"Lena Fischer\"\n  smb advocate away \"Dana Reyes\" --from 2026-03-09 --until 2026-03-13 --cover \"Lena Fischer,Ivo Novak\" --plan\n  smb advocate away \"Dana Reyes\" --from 2026-03-09 --until 2026-03-13 --cover \"Lena Fischer,Ivo Novak\" --apply\n\nThe days are whole days, both included, in the absent person's time zone (their profile's,\nelse yours). While they are away, a case routed to them (their open case on the account, their\nUpgrade opportunity, pooled: their own pool) goes to the first cover who has room and speaks\nthe customer's language, and customers' replies on their cases are told to that cover.\nWithout --plan or --apply the absence is only recorded. --plan shows how their In Progress\ncases would be spread over the covers (capacity, languages, one owner per account) and writes\nnothing; --apply records the absence and moves them (history reason pto). A manager records\nanyone's absence; an advocate their own. `smb advocate back NAME` ends it."
)]
pub struct AwayArgs {
    /// Who is away
    name: String,
    /// First day away (YYYY-MM-DD, today, tomorrow, +3d, monday, …)
    #[arg(long, value_name = "DATE")]
    from: String,
    /// Last day away, included
    #[arg(long, value_name = "DATE")]
    until: String,
    /// Who covers, comma-separated, in order of preference
    #[arg(long, value_name = "NAME[,NAME…]")]
    cover: String,
    /// Show the reassignment of their In Progress cases over the covers; write nothing
    #[arg(long, conflicts_with = "apply")]
    plan: bool,
    /// Record the absence and reassign their In Progress cases as --plan shows
    #[arg(long)]
    apply: bool,
}

/// End an absence and give back the cases its plan moved that are still open
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb advocate back \"Dana Reyes\"\n\nEnds the absence going on (or the last one, or one still to come). Each case that --apply\nmoved and that is still open and still owned by its cover goes back (history reason pto);\nthe others are listed with why they stay."
)]
pub struct BackArgs {
    /// Who is back
    name: String,
}

/// The profile `name` designates, or exit 2 with the nearest names (SPEC §1.2).
fn person(tx: &mut Tx<'_>, what: &str, name: &str) -> Result<Advocate> {
    if let Some(a) = tx.advocate(name)? {
        return Ok(a);
    }
    let names: Vec<String> = tx.advocates()?.into_iter().map(|a| a.name).collect();
    let known: Vec<&str> = names.iter().map(String::as_str).collect();
    let near = smb::domain::near::near(name, &known);
    let hint = if near.is_empty() {
        "`smb advocate list` lists everyone".to_string()
    } else {
        format!(
            "did you mean {}?",
            near.iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(" or ")
        )
    };
    Err(Error::invalid(format!(
        "{what} {:?}: nobody has that name; {hint}",
        name.trim()
    )))
}

/// SPEC §11.5 (decision): a manager records or ends anyone's absence, an advocate their own.
fn authorize(tx: &mut Tx<'_>, user: &str, absent: &str, doing: &str) -> Result<()> {
    let role = tx.advocate(user)?.map(|a| a.role);
    if role == Some(Role::Manager) || (same_person(user, absent) && role.is_some()) {
        return Ok(());
    }
    Err(Error::refused(format!(
        "only a manager or {absent} may {doing} {absent}'s absence; {user:?} {}",
        match role {
            Some(r) => format!("is {}", r.as_str()),
            None => "has no profile".to_string(),
        }
    )))
}

/// The absent person's time zone: their profile's, else the acting person's.
fn zone_of(ctx: &Ctx, tx: &mut Tx<'_>, name: &str) -> Result<chrono_tz::Tz> {
    Ok(tx
        .advocate_time_zone(name)?
        .and_then(|t| super::config::parse_tz(&t).ok())
        .unwrap_or(ctx.tz))
}

/// The first instant of `d` in `tz` (DST-safe, as `Ctx::local_midnight`).
fn midnight(tz: chrono_tz::Tz, d: NaiveDate) -> DateTime<Utc> {
    use chrono::TimeZone;
    let mut t = d.and_time(chrono::NaiveTime::MIN);
    for _ in 0..4 {
        if let Some(local) = tz.from_local_datetime(&t).earliest() {
            return local.with_timezone(&Utc);
        }
        t += chrono::Duration::minutes(30);
    }
    t.and_utc()
}

pub fn away(ctx: &mut Ctx, args: &AwayArgs) -> Result<()> {
    let mut store = ctx.open()?;
    let mut tx = if args.plan {
        store.read()?
    } else {
        store.write()?
    };
    let absent = person(&mut tx, "advocate", &args.name)?;
    let user = ctx.user.clone();
    authorize(&mut tx, &user, &absent.name, "record")?;
    let mut covers = Vec::new();
    for c in args
        .cover
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let a = person(&mut tx, "--cover", c)?;
        if a.role == Role::Staff {
            return Err(Error::invalid(format!(
                "--cover {:?} is staff: staff create cases and read, they do not own them; name an advocate or a manager",
                a.name
            )));
        }
        covers.push(a.name);
    }
    let tz = zone_of(ctx, &mut tx, &absent.name)?;
    let today = ctx.now.with_timezone(&tz).date_naive();
    let from = super::work::parse_date(today, "--from", &args.from)?;
    let until = super::work::parse_date(today, "--until", &args.until)?;
    let existing = tx.absences()?;
    let reused = absence::check_new(&absent.name, from, until, &covers, today, &existing)?.cloned();
    for c in &covers {
        if let Some(a) = existing
            .iter()
            .find(|a| same_person(&a.name, c) && a.overlaps(from, until))
        {
            ctx.warn(format!(
                "{c} is away too from {} until {}: they cover only on the other days",
                a.from, a.until
            ));
        }
    }
    let recorded = reused.is_some();
    let mut a = reused.unwrap_or_else(|| Absence {
        id: 0,
        name: absent.name.clone(),
        from,
        until,
        starts_at: midnight(tz, from),
        ends_at: midnight(tz, until + Days::new(1)),
        covers: covers.clone(),
        created_at: ctx.now,
        created_by: user.clone(),
        ended_at: None,
        ended_by: None,
    });
    if !args.plan && !recorded {
        a.id = tx.put_absence(&a)?;
    }
    let what = format!(
        "{} is away from {} until {} (both included, {}), covered by {}",
        a.name,
        a.from,
        a.until,
        tz.name(),
        a.covers.join(", ")
    );
    if !args.plan && !args.apply {
        tx.commit()?;
        ctx.say(format!(
            "{} {what}. Cases routed to {} meanwhile go to a cover, and so do customers' replies on their cases. See how their In Progress cases would move with --plan; move them with --apply.",
            if recorded { "Already recorded:" } else { "Recorded:" },
            a.name
        ))?;
        return emit_absence(ctx, &a, None, false);
    }
    let plan = plan_for(&mut tx, &absent.name, &a.covers)?;
    if args.apply {
        let mut moves = Vec::new();
        for m in &plan.moves {
            let c = load_case(&mut tx, m.case_id)?;
            let ch = change::assign(&c, &m.to, &user, &user, Some("pto"), ctx.now)?;
            apply(&mut tx, &ch)?;
            moves.push(CoverMove {
                case_id: m.case_id,
                from: absent.name.clone(),
                to: m.to.clone(),
                at: ctx.now,
            });
        }
        tx.record_cover_moves(a.id, &moves)?;
        tx.commit()?;
        ctx.say(format!(
            "{} {what}. Moved {} of {}'s In Progress cases to their covers{}.",
            if recorded {
                "Already recorded:"
            } else {
                "Recorded:"
            },
            plan.moves.len(),
            a.name,
            left_text(&plan)
        ))?;
    } else {
        drop(tx);
        ctx.say(format!(
            "Plan ({}): {what}. {} of {}'s In Progress cases would move{}. Nothing was changed: run it again with --apply.",
            if recorded {
                "the absence is recorded"
            } else {
                "not recorded yet"
            },
            plan.moves.len(),
            a.name,
            left_text(&plan)
        ))?;
    }
    emit_absence(ctx, &a, Some(&plan), args.apply)
}

fn left_text(plan: &Plan) -> String {
    match plan.unplaced.len() {
        0 => String::new(),
        n => format!("; {n} cannot be placed and stay with their owner (see why)"),
    }
}

/// The reassignment of `name`'s In Progress cases over `covers` (in order), with their loads
/// as they stand.
fn plan_for(tx: &mut Tx<'_>, name: &str, covers: &[String]) -> Result<Plan> {
    let filter = CaseFilter {
        owner: Some(name.to_string()),
        open_only: true,
        ..CaseFilter::default()
    };
    let mut cases = Vec::new();
    for c in tx.cases(&filter)? {
        if c.status != Status::InProgress
            || !c.owner.as_deref().is_some_and(|o| same_person(o, name))
        {
            continue;
        }
        let language = cover::language(tx, c.contact_id.as_deref())?;
        cases.push(PlanCase {
            id: c.id,
            account_id: c.account_id.clone(),
            language,
        });
    }
    let everyone = cover::covers(tx)?;
    let ordered: Vec<_> = covers
        .iter()
        .filter_map(|n| everyone.iter().find(|c| same_person(&c.name, n)).cloned())
        .collect();
    Ok(absence::plan(&cases, &ordered))
}

fn absence_json(a: &Absence) -> Value {
    json!({
        "id": (a.id > 0).then_some(a.id),
        "name": a.name,
        "from": a.from.to_string(),
        "until": a.until.to_string(),
        "starts_at": rfc3339(a.starts_at),
        "ends_at": rfc3339(a.ends_at),
        "covers": a.covers,
        "created_by": a.created_by,
        "ended_at": a.ended_at.map(rfc3339),
    })
}

/// The absence, and the plan when there is one: a table of cases (to whom, or why not); JSON
/// `{"absence", "applied", "moves": [{"case_id", "account_id", "to"}], "unplaced":
/// [{"case_id", "account_id", "why"}]}`.
fn emit_absence(ctx: &mut Ctx, a: &Absence, plan: Option<&Plan>, applied: bool) -> Result<()> {
    let Some(plan) = plan else {
        let mut t = Table::new(&["name", "from", "until", "covers"]);
        t.push(vec![
            a.name.clone(),
            a.from.to_string(),
            a.until.to_string(),
            a.covers.join(", "),
        ]);
        return match ctx.format {
            smb::output::Format::Table => Ok(()),
            _ => ctx.emit(&t, &absence_json(a)),
        };
    };
    let mut t = Table::new(&["case", "account", "to", "why not"]);
    let mut moves = Vec::new();
    let mut left = Vec::new();
    for m in &plan.moves {
        t.push(vec![
            format!("#{}", m.case_id),
            m.account_id.clone().unwrap_or_default(),
            m.to.clone(),
            String::new(),
        ]);
        moves.push(json!({"case_id": m.case_id, "account_id": m.account_id, "to": m.to}));
    }
    for u in &plan.unplaced {
        t.push(vec![
            format!("#{}", u.case_id),
            u.account_id.clone().unwrap_or_default(),
            String::new(),
            u.why.clone(),
        ]);
        t.mark(3);
        left.push(json!({"case_id": u.case_id, "account_id": u.account_id, "why": u.why}));
    }
    if ctx.format == smb::output::Format::Csv {
        // CSV: one row per case, moved or not.
        let rows: Vec<Value> = plan
            .moves
            .iter()
            .map(|m| json!({"case_id": m.case_id, "account_id": m.account_id, "to": m.to, "why": null}))
            .chain(plan.unplaced.iter().map(
                |u| json!({"case_id": u.case_id, "account_id": u.account_id, "to": null, "why": u.why}),
            ))
            .collect();
        return ctx.emit(&t, &Value::Array(rows));
    }
    if ctx.format == smb::output::Format::Table && t.rows.is_empty() {
        return ctx.say(format!("{} holds no In Progress case.", a.name));
    }
    ctx.emit(
        &t,
        &json!({"absence": absence_json(a), "applied": applied, "moves": moves, "unplaced": left}),
    )
}

pub fn back(ctx: &mut Ctx, args: &BackArgs) -> Result<()> {
    let mut store = ctx.open()?;
    let mut tx = store.write()?;
    let person = person(&mut tx, "advocate", &args.name)?;
    let user = ctx.user.clone();
    authorize(&mut tx, &user, &person.name, "end")?;
    let mine: Vec<Absence> = tx
        .absences()?
        .into_iter()
        .filter(|a| same_person(&a.name, &person.name))
        .collect();
    // The one going on, else the last one begun, else the next one to come.
    let now = ctx.now;
    let a = mine
        .iter()
        .filter(|a| a.starts_at <= now)
        .max_by_key(|a| (a.starts_at, a.id))
        .or_else(|| mine.iter().min_by_key(|a| (a.starts_at, a.id)))
        .cloned()
        .ok_or_else(|| {
            Error::invalid(format!(
                "{} is not away: no absence is recorded for them (`smb advocate list` shows who is away)",
                person.name
            ))
        })?;
    tx.end_absence(a.id, now, &user)?;
    let mut back = Vec::new();
    let mut kept = Vec::new();
    for m in tx.cover_moves(a.id)? {
        let c = load_case(&mut tx, m.case_id)?;
        let still = c.owner.as_deref().is_some_and(|o| same_person(o, &m.to));
        if c.status.is_closed() {
            kept.push((m, format!("closed ({})", c.status)));
        } else if !still {
            let why = format!(
                "now {}",
                c.owner
                    .as_deref()
                    .map_or("in a queue".to_string(), |o| format!("owned by {o}"))
            );
            kept.push((m, why));
        } else {
            let ch = change::assign(&c, &m.from, &user, &user, Some("pto"), now)?;
            apply(&mut tx, &ch)?;
            back.push(m);
        }
    }
    tx.commit()?;
    ctx.say(format!(
        "{} is back: the absence from {} until {} is ended. Gave back {} case{} that the plan had moved{}.",
        person.name,
        a.from,
        a.until,
        back.len(),
        if back.len() == 1 { "" } else { "s" },
        if kept.is_empty() {
            String::new()
        } else {
            format!(
                "; {} {} where {}",
                kept.len(),
                if kept.len() == 1 { "stays" } else { "stay" },
                if kept.len() == 1 { "it is" } else { "they are" }
            )
        }
    ))?;
    let mut t = Table::new(&["case", "from", "back to", "stays because"]);
    let mut rows = Vec::new();
    for m in &back {
        t.push(vec![
            format!("#{}", m.case_id),
            m.to.clone(),
            m.from.clone(),
            String::new(),
        ]);
        rows.push(json!({"case_id": m.case_id, "from": m.to, "to": m.from, "given_back": true, "why": null}));
    }
    for (m, why) in &kept {
        t.push(vec![
            format!("#{}", m.case_id),
            m.to.clone(),
            String::new(),
            why.clone(),
        ]);
        rows.push(json!({"case_id": m.case_id, "from": m.to, "to": null, "given_back": false, "why": why}));
    }
    if ctx.format == smb::output::Format::Table && t.rows.is_empty() {
        return Ok(());
    }
    ctx.emit(&t, &Value::Array(rows))
}

/// For `smb advocate list`: each person's absence going on at `now`, else their next one.
pub fn shown_absence<'a>(
    all: &'a [Absence],
    name: &str,
    now: DateTime<Utc>,
) -> Option<&'a Absence> {
    let mine = || {
        all.iter()
            .filter(move |a| same_person(&a.name, name) && a.is_current(now))
    };
    mine()
        .find(|a| a.is_on(now))
        .or_else(|| mine().min_by_key(|a| a.starts_at))
}
