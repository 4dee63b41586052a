//! `smb demo`: builds a demo database from the built-in sample export and walks through a day
//! of work, announcing each step as the command a user would type.

use smb::store::Ops;
use std::path::{Path, PathBuf};

use clap::Parser;

use super::{Cli, Ctx};
use smb::store::{CaseFilter, DbName};
use smb::{Error, Result};

/// The moment the demo happens: the sample export's "today".
const DEMO_NOW: &str = "2026-03-02T14:00:00Z";
/// Two days later: day 3 of the cadence for the case picked on the first day (the call is
/// due), and the High cases nobody picked are past their 24-hour SLA.
const DAY_TWO: &str = "2026-03-04T15:00:00Z";
const ADVOCATE: &str = "Demo Advocate";
/// Someone from Support (no profile: staff), who creates a case for the team.
const SUPPORT: &str = "Sam Support";
/// The manager of the calendar, settings and absence steps (a profile: managers change them).
const MANAGER: &str = "Demo Manager";

/// The sample export, built into the binary so that the demo needs nothing on disk.
const FILES: [(&str, &str); 5] = [
    ("accounts.csv", include_str!("../../fixtures/accounts.csv")),
    (
        "opportunities.csv",
        include_str!("../../fixtures/opportunities.csv"),
    ),
    ("contacts.csv", include_str!("../../fixtures/contacts.csv")),
    ("events.csv", include_str!("../../fixtures/events.csv")),
    (
        "customer-email.eml",
        include_str!("../../fixtures/emails/01-known-contact.eml"),
    ),
];

/// Build a demo database from the built-in sample export and walk through a day
///
/// Import, triggers, the queue, a pick, a touch, a close, an email; then two days pass: what
/// is due today, the reports with their breaches. Each step is announced with the command a
/// user would type, and the `export` line that makes those commands work as shown.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  smb demo                      # demo.db in the platform data directory, rebuilt each time\n  smb --db /tmp/demo.db demo     # somewhere else (the file must not exist yet)"
)]
pub struct Args {}

/// The demo's database: `--db` when given (it must not exist), else `demo.db` beside the
/// default database (rebuilt each run, never the real `smb.db`).
fn demo_path(ctx: &Ctx) -> Result<PathBuf> {
    if ctx.db_given {
        let DbName::File(db) = &ctx.db else {
            return Err(Error::invalid(format!(
                "--db {}: the demo builds a fresh SQLite file; pass --db with a new file, or \
                 leave --db out to use the demo's own file",
                ctx.db
            )));
        };
        if db.exists() {
            return Err(Error::invalid(format!(
                "{} exists: the demo builds a fresh database and never touches an existing one; \
                 pass --db with a new file, or leave --db out to use the demo's own file",
                db.display()
            )));
        }
        return Ok(db.clone());
    }
    let path = super::default_db()?.with_file_name("demo.db");
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.clone().into_os_string();
        p.push(suffix);
        if Path::new(&p).exists() {
            std::fs::remove_file(&p)
                .map_err(|e| Error::io(format!("cannot replace {}", Path::new(&p).display()), e))?;
        }
    }
    Ok(path)
}

pub fn run(ctx: &mut Ctx, _args: &Args) -> Result<()> {
    let db = demo_path(ctx)?;
    // The sample export is written beside the demo database, so the commands it shows can be
    // run again by hand.
    let dir = db.with_file_name("demo-export");
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
    for (name, text) in FILES {
        std::fs::write(dir.join(name), text)
            .map_err(|e| Error::io(format!("cannot write {}", dir.join(name).display()), e))?;
    }
    let saved = (ctx.db.clone(), ctx.now, ctx.user.clone(), ctx.format);
    ctx.db = DbName::File(db.clone());
    ctx.now = super::parse_now(DEMO_NOW)?;
    ctx.format = smb::output::Format::Table;
    let result = tour(ctx, &dir);
    // The clock the tour ended on, for the lines that go on by hand.
    let ended = smb::output::rfc3339(ctx.now);
    (ctx.db, ctx.now, ctx.user, ctx.format) = saved;
    result?;
    ctx.say(format!(
        "\nThe demo database is {db}. To go on by hand, in this shell:\n\n{}\nsmb --as \"{ADVOCATE}\" case list\nsmb --as \"{ADVOCATE}\" queue list --limit 5",
        exports(&db.display(), &ended),
        db = db.display(),
    ))
}

/// The line that makes the demo's commands copyable: its database and its clock.
fn exports(db: &impl std::fmt::Display, now: &str) -> String {
    format!(
        "export SMB_DB={} SMB_NOW={now}",
        shell_quote(&db.to_string())
    )
}

fn shell_quote(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Announces `args` as a command line and runs it as `user`.
fn step(ctx: &mut Ctx, user: &str, why: &str, args: &[&str]) -> Result<()> {
    let shown: Vec<String> = args
        .iter()
        .map(|a| {
            if a.contains(' ') {
                format!("\"{a}\"")
            } else {
                a.to_string()
            }
        })
        .collect();
    let who = if user == ADVOCATE || user == SUPPORT || user == MANAGER {
        format!(" --as \"{user}\"")
    } else {
        String::new()
    };
    let comment = if why.is_empty() {
        String::new()
    } else {
        format!("\n# {why}")
    };
    ctx.say(format!("{comment}\n$ smb{who} {}", shown.join(" ")))?;
    let cli = Cli::try_parse_from(std::iter::once("smb").chain(args.iter().copied()))
        .map_err(|e| Error::invalid(format!("demo step {args:?}: {e}")))?;
    ctx.user = user.to_string();
    super::run(ctx, &cli.command)
}

fn tour(ctx: &mut Ctx, dir: &Path) -> Result<()> {
    let f = |name: &str| dir.join(name).display().to_string();
    let (accounts, opps, contacts, events, email) = (
        f("accounts.csv"),
        f("opportunities.csv"),
        f("contacts.csv"),
        f("events.csv"),
        f("customer-email.eml"),
    );
    ctx.say(format!(
        "smb demo: a digital team's day on {DEMO_NOW}, in {}\n\n# To run the commands below yourself, first:\n{}",
        ctx.db,
        exports(&ctx.db, DEMO_NOW)
    ))?;
    let ops = "nightly";
    step(
        ctx,
        ops,
        "A new database for the Global Digital SMB playbook",
        &["init", "--model", "digital"],
    )?;
    step(
        ctx,
        ops,
        "The nightly exports",
        &["import", "accounts", &accounts],
    )?;
    step(ctx, ops, "", &["import", "opportunities", &opps])?;
    step(ctx, ops, "", &["import", "contacts", &contacts])?;
    step(ctx, ops, "", &["import", "events", &events])?;
    step(ctx, ops, "Who is in the book", &["tier", "--summary"])?;
    step(
        ctx,
        ops,
        "The triggers turn signals into cases",
        &["trigger", "run"],
    )?;
    step(
        ctx,
        "manager",
        "An advocate joins the AMER team",
        &[
            "advocate",
            "add",
            ADVOCATE,
            "--region",
            "AMER",
            "--languages",
            "en,es",
        ],
    )?;
    step(
        ctx,
        ADVOCATE,
        "What is next in the AMER queue, and why",
        &["queue", "next"],
    )?;
    step(
        ctx,
        ADVOCATE,
        "Take it",
        &[
            "pick",
            "--next-steps",
            "Day 1 email sent; call on day 3",
            "--next-steps-date",
            "2026-03-04",
        ],
    )?;
    let picked = {
        let mut store = ctx.open()?;
        let mut tx = store.read()?;
        let mine = tx.cases(&CaseFilter {
            owner: Some(ADVOCATE.to_string()),
            account_id: None,
            open_only: true,
        })?;
        mine.last().map(|c| c.id)
    };
    let Some(id) = picked else {
        return ctx.say("The queue was empty: nothing to pick.");
    };
    let id = id.to_string();
    step(
        ctx,
        ADVOCATE,
        "Day 1 of the cadence: the email of the case's trigger, its merge fields filled (no contact on the case yet: --allow-missing marks the gap)",
        &["case", "draft", &id, "--allow-missing"],
    )?;
    step(
        ctx,
        ADVOCATE,
        "Sent: log the day-1 email (the history names the template)",
        &[
            "case",
            "log",
            &id,
            "email",
            "--template",
            "--note",
            "Sent the renewal options",
        ],
    )?;
    step(
        ctx,
        ADVOCATE,
        "Take the next one too",
        &[
            "pick",
            "--next-steps",
            "Call on day 3 about the renewal",
            "--next-steps-date",
            "2026-03-06",
        ],
    )?;
    let second = {
        let mut store = ctx.open()?;
        let mut tx = store.read()?;
        let mine = tx.cases(&CaseFilter {
            owner: Some(ADVOCATE.to_string()),
            account_id: None,
            open_only: true,
        })?;
        mine.iter().map(|c| c.id).find(|c| c.to_string() != id)
    };
    if let Some(second) = second {
        step(
            ctx,
            ADVOCATE,
            "",
            &["case", "log", &second.to_string(), "email"],
        )?;
    }
    step(ctx, ADVOCATE, "My cases", &["case", "list"])?;
    step(
        ctx,
        ADVOCATE,
        "The customer answered: close it",
        &[
            "close",
            &id,
            "--status",
            "resolved",
            "--action",
            "Answered Question",
            "--feedback",
            "Renewed online",
        ],
    )?;
    step(
        ctx,
        ops,
        "A customer writes to smallbusiness@",
        &["case", "email", &email],
    )?;
    step(ctx, ADVOCATE, "The case's history", &["case", "show", &id])?;
    opportunity_from_a_case(ctx, ops)?;

    ctx.now = super::parse_now(DAY_TWO)?;
    ctx.say(format!(
        "\n# Two days later. To follow by hand:\n{}",
        exports(&ctx.db, DAY_TWO)
    ))?;
    step(
        ctx,
        ADVOCATE,
        "Day 3 of the cadence: the call is due",
        &["today"],
    )?;
    step(
        ctx,
        "manager",
        "The pick-up SLA per priority: the High cases nobody took are past 24 hours",
        &["report", "sla"],
    )?;
    step(
        ctx,
        "manager",
        "Capacity per person",
        &["report", "capacity"],
    )?;
    calendar_and_settings(ctx)?;
    absence_cover(ctx)?;
    managers_morning(ctx, &accounts)
}

/// The manager's Monday (SPEC §11.3, §12): the cron job's escalations, pick discipline, the
/// coming days' forecast, and what tonight's import would do before it runs.
fn managers_morning(ctx: &mut Ctx, accounts: &str) -> Result<()> {
    step(
        ctx,
        "nightly",
        "Cron: each case past its pick-up due instant goes to its region's managers, once (smb report escalations lists them)",
        &["escalate"],
    )?;
    step(
        ctx,
        MANAGER,
        "Pick discipline: the head of the queue, or forced, and why",
        &["report", "picks"],
    )?;
    step(
        ctx,
        MANAGER,
        "The coming week: arrivals, picks and breaches, p10 to p90",
        &["forecast", "--days", "5", "--runs", "200"],
    )?;
    step(
        ctx,
        "nightly",
        "Before tonight's import: what it would change, writing nothing",
        &["import", "accounts", accounts, "--plan"],
    )
}

/// A manager's day (SPEC §11.4): a holiday in the calendar, a wider renewal window that the
/// next trigger run uses, and the log of who changed what.
fn calendar_and_settings(ctx: &mut Ctx) -> Result<()> {
    step(
        ctx,
        "nightly",
        "A manager joins: managers keep the calendar and the settings",
        &[
            "advocate", "add", MANAGER, "--region", "AMER", "--role", "manager",
        ],
    )?;
    step(
        ctx,
        MANAGER,
        "A holiday (it stops the pooled model's business-hour clocks; this digital team's run in calendar time)",
        &[
            "calendar",
            "add",
            "EMEA",
            "2026-04-06",
            "--name",
            "Easter Monday",
        ],
    )?;
    step(
        ctx,
        MANAGER,
        "The settings and their defaults",
        &["settings", "list"],
    )?;
    step(
        ctx,
        MANAGER,
        "Renewals a month earlier: 90 days instead of 60",
        &["settings", "set", "renewal_window_days", "90"],
    )?;
    step(
        ctx,
        "nightly",
        "The next trigger run looks 90 days ahead",
        &["trigger", "run"],
    )?;
    step(
        ctx,
        MANAGER,
        "Who changed what, and when",
        &["settings", "log"],
    )
}

/// SPEC §11.1 in the advocate's day: Support passes on a customer who wants more seats; the
/// advocate creates an Add-On from the case (its source: the account's prior Closed Won
/// renewal), records the GitLab admin, closes the case and its opportunity together, and the
/// night's job hands smb's opportunities to the CRM.
fn opportunity_from_a_case(ctx: &mut Ctx, ops: &str) -> Result<()> {
    let account = {
        let mut store = ctx.open()?;
        let mut tx = store.read()?;
        tx.opportunity_list(&smb::store::OppFilter::default())?
            .into_iter()
            .find(|o| o.is_renewal() && smb::domain::opportunity::is_won(&o.stage))
            .map(|o| o.account_id)
    };
    let Some(account) = account else {
        return ctx.say("No account with a Closed Won renewal to grow.");
    };
    step(
        ctx,
        SUPPORT,
        "Opportunities from a case: Support passes on a customer who wants 10 more seats",
        &[
            "case",
            "new",
            "--account",
            &account,
            "--subject",
            "Wants 10 more seats",
            "--reason",
            "Adding Licenses / Purchasing Help",
        ],
    )?;
    let case = {
        let mut store = ctx.open()?;
        let mut tx = store.read()?;
        tx.cases(&CaseFilter {
            owner: None,
            account_id: Some(account.clone()),
            open_only: true,
        })?
        .into_iter()
        .filter(|c| c.created_by == SUPPORT)
        .map(|c| c.id)
        .max()
    };
    let Some(case) = case else {
        return ctx.say("The case was not created.");
    };
    let id = case.to_string();
    step(
        ctx,
        ADVOCATE,
        "Take it now, out of queue order (the reason goes into its history)",
        &[
            "pick",
            &id,
            "--force",
            "--reason",
            "Support asked me to call them today",
            "--next-steps",
            "Quote for 10 more seats",
            "--next-steps-date",
            "2026-03-05",
        ],
    )?;
    step(
        ctx,
        ADVOCATE,
        "An Add-On from the case, owned by me (its source: the prior Closed Won renewal)",
        &[
            "opp", "new", "--case", &id, "--type", "add-on", "--amount", "1200",
        ],
    )?;
    let opp = {
        let mut store = ctx.open()?;
        let mut tx = store.read()?;
        tx.case_opportunities(case)?
            .into_iter()
            .filter(|o| o.owner.as_deref() == Some(ADVOCATE))
            .map(|o| o.id)
            .next_back()
    };
    if let Some(opp) = &opp {
        step(
            ctx,
            ADVOCATE,
            "Required 10: the customer's GitLab admin is added",
            &["opp", "update", opp, "--admin-added", "yes"],
        )?;
    }
    step(
        ctx,
        ADVOCATE,
        "Signed: close the case and its open opportunity in one go",
        &[
            "close",
            &id,
            "--status",
            "resolved",
            "--action",
            "Completed Sales Assisted Order",
            "--opp",
            "won",
        ],
    )?;
    step(
        ctx,
        ops,
        "Tonight's job hands what smb created or changed to the CRM (the next import clears it)",
        &["export", "opportunities"],
    )
}

/// The advocate who covers absences in the demo.
const COVER: &str = "Demo Cover";
/// The Monday after the demo advocate's two days off.
const BACK_DAY: &str = "2026-03-09T14:00:00Z";

/// SPEC §11.5: the demo advocate takes Thursday and Friday off; the manager records it, plans
/// and applies the cover of their In Progress cases, and hands them back on Monday.
fn absence_cover(ctx: &mut Ctx) -> Result<()> {
    let with = |args: &[&'static str]| -> Vec<&'static str> { args.to_vec() };
    step(
        ctx,
        "nightly",
        "A second advocate joins the AMER team",
        &[
            "advocate",
            "add",
            COVER,
            "--region",
            "AMER",
            "--languages",
            "en,es",
        ],
    )?;
    let away = [
        "advocate",
        "away",
        ADVOCATE,
        "--from",
        "2026-03-05",
        "--until",
        "2026-03-06",
        "--cover",
        COVER,
    ];
    step(
        ctx,
        MANAGER,
        "The advocate is off Thursday and Friday: how their In Progress cases would move",
        &with(&[away.as_slice(), &["--plan"]].concat()),
    )?;
    step(
        ctx,
        MANAGER,
        "Record the absence and move the cases (history reason pto)",
        &with(&[away.as_slice(), &["--apply"]].concat()),
    )?;
    step(
        ctx,
        MANAGER,
        "Who is away, who covers",
        &with(&["advocate", "list"]),
    )?;
    ctx.now = super::parse_now(BACK_DAY)?;
    ctx.say(format!(
        "\n# Monday: the advocate is back. To follow by hand:\n{}",
        exports(&ctx.db, BACK_DAY)
    ))?;
    step(
        ctx,
        MANAGER,
        "Give back the cases the cover still holds",
        &with(&["advocate", "back", ADVOCATE]),
    )
}
